//! Namespaces: defaulting (`SetDefaults_Namespace`, `SetDefaults_NamespaceStatus`, the strategy's
//! `kubernetes` finalizer on create) and validation.

use k8s_openapi::api::core::v1::{Namespace, NamespaceSpec, NamespaceStatus};

use crate::field::{FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

fn add_kubernetes_finalizer(ns: &mut Namespace) {
    let spec = ns.spec.get_or_insert_with(NamespaceSpec::default);
    let finalizers = spec.finalizers.get_or_insert_with(Vec::new);
    if !finalizers.iter().any(|f| f == "kubernetes") {
        finalizers.push("kubernetes".to_string());
    }
}

fn default(ns: &mut Namespace, create: bool) {
    if let Some(name) = ns.metadata.name.clone().filter(|n| !n.is_empty()) {
        ns.metadata
            .labels
            .get_or_insert_with(Default::default)
            .insert("kubernetes.io/metadata.name".into(), name);
    }
    let status = ns.status.get_or_insert_with(NamespaceStatus::default);
    crate::defaulting::string(&mut status.phase, "Active");
    // Upstream adds the finalizer in PrepareForCreate only, so it can be removed later.
    if create {
        add_kubernetes_finalizer(ns);
    }
}

fn prepare(ns: &mut Namespace) {
    ns.status = Some(NamespaceStatus {
        phase: Some("Active".into()),
        conditions: None,
    });
    add_kubernetes_finalizer(ns);
}

fn finalizer_name(name: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = syntax::validate_qualified_name(path, name);
    errs.extend(meta::validate_kube_finalizer_name(name, path));
    errs
}

fn validate(ns: &Namespace) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&ns.metadata, NameRule::Label, &Path::new("metadata"));
    let p = Path::new("spec").child("finalizers");
    for f in ns.spec.iter().flat_map(|s| s.finalizers.iter().flatten()) {
        errs.extend(finalizer_name(f, &p));
    }
    errs
}

fn validate_update(new: &Namespace, old: &Namespace) -> Vec<FieldErr> {
    meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"))
}

/// Namespaces.
pub static NAMESPACE: Kind<Namespace> = Kind {
    quantities: &[],
    default,
    prepare,
    create: validate,
    update: validate_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_names() {
        let mut ns: Namespace = serde_json::from_value(json!({"metadata": {"name": "team-a"}})).unwrap();
        default(&mut ns, true);
        let v = serde_json::to_value(&ns).unwrap();
        assert_eq!(v["metadata"]["labels"]["kubernetes.io/metadata.name"], "team-a");
        assert_eq!(v["spec"]["finalizers"], json!(["kubernetes"]));
        assert_eq!(v["status"]["phase"], "Active");
        let bad: Namespace = serde_json::from_value(json!({"metadata": {"name": "a.b"}})).unwrap();
        let errs: Vec<String> = validate(&bad).iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            vec!["metadata.name: Invalid value: \"a.b\": must not contain dots"]
        );
    }
}
