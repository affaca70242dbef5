//! `ObjectMeta` validation (upstream `pkg/api/validation/objectmeta.go` and core's wrappers).
//!
//! Namespace presence (required for namespaced kinds, forbidden for cluster-scoped ones) and name
//! generation are the API server's job; a namespace that is present is checked for syntax.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta, OwnerReference};
use skiff_apimachinery::validation;

use crate::field::{self, BadValue, FieldErr, Path};
use crate::syntax::{self, NameRule};

/// Upstream `TotalAnnotationSizeLimitB`.
pub const TOTAL_ANNOTATION_SIZE_LIMIT: usize = validation::TOTAL_ANNOTATION_SIZE_LIMIT_B;
/// Upstream `FieldImmutableErrorMsg`.
pub const IMMUTABLE: &str = "field is immutable";

/// Whether two values differ once JSON-encoded (upstream's semantic `DeepEqual` for the
/// immutability checks; quantities are canonical after decoding).
pub fn differs<T: serde::Serialize>(a: &T, b: &T) -> bool {
    serde_json::to_value(a).ok() != serde_json::to_value(b).ok()
}

/// `ValidateAnnotations`: keys are qualified names (case-insensitive), total size ≤ 256 KiB.
pub fn validate_annotations(annotations: Option<&BTreeMap<String, String>>, path: &Path) -> Vec<FieldErr> {
    annotations
        .map(|a| {
            validation::validate_annotation_entries(a.iter().map(|(k, v)| (k.as_str(), v.as_str())), path)
        })
        .unwrap_or_default()
}

/// `ValidateLabels` on an optional map.
pub fn validate_labels(labels: Option<&BTreeMap<String, String>>, path: &Path) -> Vec<FieldErr> {
    labels
        .map(|l| syntax::validate_labels(path, l))
        .unwrap_or_default()
}

fn owner_repr(r: &OwnerReference) -> BadValue {
    BadValue::json(r)
}

/// Splits an `apiVersion` into group and version like `schema.ParseGroupVersion`; `None` when unparsable.
pub fn parse_api_version(api_version: &str) -> Option<(&str, &str)> {
    if api_version.is_empty() {
        return Some(("", ""));
    }
    match api_version.matches('/').count() {
        0 => Some(("", api_version)),
        1 => api_version.split_once('/'),
        _ => None,
    }
}

fn validate_owner_reference(r: &OwnerReference, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let (group, version) = parse_api_version(&r.api_version).unwrap_or(("", ""));
    if version.is_empty() {
        errs.push(field::invalid(
            &path.child("apiVersion"),
            &r.api_version,
            "version must not be empty",
        ));
    }
    if r.kind.is_empty() {
        errs.push(field::invalid(
            &path.child("kind"),
            &r.kind,
            "kind must not be empty",
        ));
    }
    if r.name.is_empty() {
        errs.push(field::invalid(
            &path.child("name"),
            &r.name,
            "name must not be empty",
        ));
    }
    if r.uid.is_empty() {
        errs.push(field::invalid(
            &path.child("uid"),
            &r.uid,
            "uid must not be empty",
        ));
    }
    if group.is_empty() && version == "v1" && r.kind == "Event" {
        errs.push(field::invalid(
            path,
            owner_repr(r),
            "/v1, Kind=Event is disallowed from being an owner",
        ));
    }
    errs
}

/// `ValidateOwnerReferences`.
pub fn validate_owner_references(refs: Option<&Vec<OwnerReference>>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut first_controller: Option<String> = None;
    for r in refs.into_iter().flatten() {
        errs.extend(validate_owner_reference(r, path));
        if r.controller == Some(true) {
            let cur = format!("{}/{}", r.kind, r.name);
            match &first_controller {
                Some(first) => errs.push(field::invalid(
                    path,
                    BadValue::json(&refs),
                    format!(
                        "Only one reference can have Controller set to true. Found \"true\" in references for {first} and {cur}"
                    ),
                )),
                None => first_controller = Some(cur),
            }
        }
    }
    errs
}

fn is_standard_finalizer(name: &str) -> bool {
    matches!(name, "kubernetes" | "orphan" | "foregroundDeletion")
}

/// Core's `validateKubeFinalizerName`: a finalizer without a `/` must be a standard one.
pub fn validate_kube_finalizer_name(name: &str, path: &Path) -> Vec<FieldErr> {
    if !name.contains('/') && !is_standard_finalizer(name) {
        vec![field::invalid(
            path,
            name,
            "name is neither a standard finalizer name nor is it fully qualified",
        )]
    } else {
        Vec::new()
    }
}

/// `ValidateFinalizers` plus core's per-item kube finalizer check.
pub fn validate_finalizers(finalizers: Option<&Vec<String>>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let finalizers = finalizers.map(Vec::as_slice).unwrap_or_default();
    for f in finalizers {
        errs.extend(syntax::validate_qualified_name(path, f));
    }
    let orphan = finalizers.iter().any(|f| f == "orphan");
    let foreground = finalizers.iter().any(|f| f == "foregroundDeletion");
    if orphan && foreground {
        errs.push(field::invalid(
            path,
            field::string_slice(finalizers),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    for (i, f) in finalizers.iter().enumerate() {
        errs.extend(validate_kube_finalizer_name(f, &path.index(i)));
    }
    errs
}

/// `ValidateManagedFields`.
pub fn validate_managed_fields(entries: Option<&Vec<ManagedFieldsEntry>>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (i, e) in entries.into_iter().flatten().enumerate() {
        let p = path.index(i);
        let op = e.operation.as_deref().unwrap_or_default();
        if op != "Apply" && op != "Update" {
            errs.push(field::invalid(
                &p.child("operation"),
                op,
                "must be `Apply` or `Update`",
            ));
        }
        let ft = e.fields_type.as_deref().unwrap_or_default();
        if !ft.is_empty() && ft != "FieldsV1" {
            errs.push(field::invalid(&p.child("fieldsType"), ft, "must be `FieldsV1`"));
        }
        let manager = e.manager.as_deref().unwrap_or_default();
        if manager.len() > 128 {
            errs.push(field::too_long(&p.child("manager"), 128));
        }
        for (pos, c) in manager.char_indices() {
            if c.is_control() {
                errs.push(field::invalid(
                    &p.child("manager"),
                    manager,
                    format!("invalid character U+{:04X} (at position {pos})", c as u32),
                ));
            }
        }
        if e.subresource.as_deref().unwrap_or_default().len() > 256 {
            errs.push(field::too_long(&p.child("subresource"), 256));
        }
    }
    errs
}

/// The checks of labels, annotations and owner references that creates and updates share.
fn labels_annotations_owners(meta: &ObjectMeta, path: &Path) -> Vec<FieldErr> {
    let mut errs = validate_labels(meta.labels.as_ref(), &path.child("labels"));
    errs.extend(validate_annotations(
        meta.annotations.as_ref(),
        &path.child("annotations"),
    ));
    errs.extend(validate_owner_references(
        meta.owner_references.as_ref(),
        &path.child("ownerReferences"),
    ));
    errs
}

/// `ValidateObjectMeta` (core flavour) for a create.
pub fn validate_object_meta(meta: &ObjectMeta, rule: NameRule, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if let Some(gen) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        for m in rule.check(gen, true) {
            errs.push(field::invalid(&path.child("generateName"), gen, m));
        }
    }
    match meta.name.as_deref().unwrap_or_default() {
        "" => errs.push(field::required(
            &path.child("name"),
            "name or generateName is required",
        )),
        name => {
            for m in rule.check(name, false) {
                errs.push(field::invalid(&path.child("name"), name, m));
            }
        }
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
        for m in syntax::is_dns1123_label(ns) {
            errs.push(field::invalid(&path.child("namespace"), ns, m));
        }
    }
    errs.extend(syntax::validate_nonnegative(
        &path.child("generation"),
        meta.generation.unwrap_or(0),
    ));
    errs.extend(labels_annotations_owners(meta, path));
    errs.extend(validate_finalizers(
        meta.finalizers.as_ref(),
        &path.child("finalizers"),
    ));
    errs.extend(validate_managed_fields(
        meta.managed_fields.as_ref(),
        &path.child("managedFields"),
    ));
    errs
}

fn immutable_str(new: Option<&str>, old: Option<&str>, path: &Path) -> Vec<FieldErr> {
    let (n, o) = (new.unwrap_or_default(), old.unwrap_or_default());
    if n != o {
        vec![field::invalid(path, n, IMMUTABLE)]
    } else {
        Vec::new()
    }
}

/// `ValidateObjectMetaUpdate` (core flavour).
pub fn validate_object_meta_update(new: &ObjectMeta, old: &ObjectMeta, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if old.deletion_timestamp.is_some() {
        let old_f: Vec<&String> = old.finalizers.iter().flatten().collect();
        let mut extra: Vec<String> = new
            .finalizers
            .iter()
            .flatten()
            .filter(|f| !old_f.contains(f))
            .cloned()
            .collect();
        extra.sort();
        extra.dedup();
        if !extra.is_empty() {
            let list: Vec<String> = extra.iter().map(|f| field::go_quote(f)).collect();
            errs.push(field::forbidden(
                &path.child("finalizers"),
                format!(
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{{{}}}",
                    list.join(", ")
                ),
            ));
        }
    }
    if new.resource_version.as_deref().unwrap_or_default().is_empty() {
        errs.push(field::invalid(
            &path.child("resourceVersion"),
            "",
            "must be specified for an update",
        ));
    }
    let (ng, og) = (new.generation.unwrap_or(0), old.generation.unwrap_or(0));
    if ng < og {
        errs.push(field::invalid(
            &path.child("generation"),
            ng,
            "must not be decremented",
        ));
    }
    errs.extend(immutable_str(
        new.name.as_deref(),
        old.name.as_deref(),
        &path.child("name"),
    ));
    errs.extend(immutable_str(
        new.namespace.as_deref(),
        old.namespace.as_deref(),
        &path.child("namespace"),
    ));
    errs.extend(immutable_str(
        new.uid.as_deref(),
        old.uid.as_deref(),
        &path.child("uid"),
    ));
    if new.creation_timestamp != old.creation_timestamp {
        errs.push(field::invalid(
            &path.child("creationTimestamp"),
            time_repr(new.creation_timestamp.as_ref()),
            IMMUTABLE,
        ));
    }
    if new.deletion_timestamp != old.deletion_timestamp {
        errs.push(field::invalid(
            &path.child("deletionTimestamp"),
            time_repr(new.deletion_timestamp.as_ref()),
            IMMUTABLE,
        ));
    }
    if new.deletion_grace_period_seconds != old.deletion_grace_period_seconds {
        errs.push(field::invalid(
            &path.child("deletionGracePeriodSeconds"),
            new.deletion_grace_period_seconds,
            IMMUTABLE,
        ));
    }
    errs.extend(labels_annotations_owners(new, path));
    errs.extend(validate_managed_fields(
        new.managed_fields.as_ref(),
        &path.child("managedFields"),
    ));
    for (i, f) in new.finalizers.iter().flatten().enumerate() {
        errs.extend(validate_kube_finalizer_name(
            f,
            &path.child("finalizers").index(i),
        ));
    }
    errs
}

/// `ValidateObjectMeta` at `metadata`, then the kind's spec at `spec` (a missing spec is checked
/// as the default one): the create validation of most kinds with a `spec`.
pub fn validate_with_spec<S: Default>(
    meta: &ObjectMeta,
    rule: NameRule,
    spec: Option<&S>,
    validate_spec: impl FnOnce(&S, &Path) -> Vec<FieldErr>,
) -> Vec<FieldErr> {
    let mut errs = validate_object_meta(meta, rule, &Path::new("metadata"));
    errs.extend(validate_spec(spec.unwrap_or(&S::default()), &Path::new("spec")));
    errs
}

/// `ValidateObjectMetaUpdate` at `metadata`, then the new spec at `spec` (a missing spec is checked
/// as the default one): the common start of update validation.
pub fn validate_update_with_spec<S: Default>(
    new: &ObjectMeta,
    old: &ObjectMeta,
    new_spec: Option<&S>,
    validate_spec: impl FnOnce(&S, &Path) -> Vec<FieldErr>,
) -> Vec<FieldErr> {
    let mut errs = validate_object_meta_update(new, old, &Path::new("metadata"));
    errs.extend(validate_spec(
        new_spec.unwrap_or(&S::default()),
        &Path::new("spec"),
    ));
    errs
}

fn time_repr(t: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>) -> BadValue {
    match t {
        None => BadValue::Null,
        Some(t) => BadValue::Str(t.0.strftime("%Y-%m-%d %H:%M:%S +0000 UTC").to_string()),
    }
}

/// `ValidateTemplateObjectMeta` (PVC templates): only labels and annotations may be set.
pub fn validate_template_object_meta(meta: &ObjectMeta, path: &Path) -> Vec<FieldErr> {
    let mut errs = validate_annotations(meta.annotations.as_ref(), &path.child("annotations"));
    errs.extend(validate_labels(meta.labels.as_ref(), &path.child("labels")));
    let set: [(&str, bool); 12] = [
        ("name", meta.name.is_some()),
        ("generateName", meta.generate_name.is_some()),
        ("namespace", meta.namespace.is_some()),
        ("uID", meta.uid.is_some()),
        ("resourceVersion", meta.resource_version.is_some()),
        ("generation", meta.generation.is_some()),
        ("creationTimestamp", meta.creation_timestamp.is_some()),
        ("deletionTimestamp", meta.deletion_timestamp.is_some()),
        (
            "deletionGracePeriodSeconds",
            meta.deletion_grace_period_seconds.is_some(),
        ),
        (
            "ownerReferences",
            meta.owner_references.as_ref().is_some_and(|v| !v.is_empty()),
        ),
        (
            "finalizers",
            meta.finalizers.as_ref().is_some_and(|v| !v.is_empty()),
        ),
        (
            "managedFields",
            meta.managed_fields.as_ref().is_some_and(|v| !v.is_empty()),
        ),
    ];
    for (name, is_set) in set {
        if is_set {
            errs.push(field::forbidden(&path.child(name), "cannot be set"));
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn meta(v: serde_json::Value) -> ObjectMeta {
        serde_json::from_value(v).unwrap()
    }

    fn msgs(errs: Vec<FieldErr>) -> Vec<String> {
        errs.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn create_rules() {
        let p = Path::new("metadata");
        assert!(validate_object_meta(
            &meta(json!({"name": "web", "namespace": "default"})),
            NameRule::Subdomain,
            &p
        )
        .is_empty());
        assert_eq!(
            msgs(validate_object_meta(&meta(json!({})), NameRule::Subdomain, &p)),
            vec!["metadata.name: Required value: name or generateName is required"]
        );
        let errs = msgs(validate_object_meta(
            &meta(json!({"name": "Web_1"})),
            NameRule::Subdomain,
            &p,
        ));
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain")
        );
        let errs = msgs(validate_object_meta(
            &meta(json!({"name": "a", "labels": {"bad key!": "v"}, "finalizers": ["custom"]})),
            NameRule::Subdomain,
            &p,
        ));
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].starts_with("metadata.labels: Invalid value: \"bad key!\": name part must consist of")
        );
        assert_eq!(
            errs[1],
            "metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"
        );
        let big = "x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT);
        assert_eq!(
            msgs(validate_object_meta(
                &meta(json!({"name": "a", "annotations": {"k": big}})),
                NameRule::Subdomain,
                &p
            )),
            vec!["metadata.annotations: Too long: may not be more than 262144 bytes"]
        );
    }

    #[test]
    fn update_rules() {
        let p = Path::new("metadata");
        let old = meta(json!({"name": "a", "uid": "u1", "resourceVersion": "5", "generation": 2}));
        let new = meta(json!({"name": "b", "uid": "u1", "resourceVersion": "5", "generation": 1}));
        assert_eq!(
            msgs(validate_object_meta_update(&new, &old, &p)),
            vec![
                "metadata.generation: Invalid value: 1: must not be decremented",
                "metadata.name: Invalid value: \"b\": field is immutable"
            ]
        );
        let new = meta(json!({"name": "a", "uid": "u1"}));
        assert_eq!(
            msgs(validate_object_meta_update(&new, &old, &p)),
            vec![
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update",
                "metadata.generation: Invalid value: 0: must not be decremented"
            ]
        );
    }
}
