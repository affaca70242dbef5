//! `storage.k8s.io/v1` StorageClasses.

use std::collections::BTreeSet;

use k8s_openapi::api::storage::v1::StorageClass;

use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

fn default(sc: &mut StorageClass, _create: bool) {
    crate::defaulting::string(&mut sc.reclaim_policy, "Delete");
    crate::defaulting::string(&mut sc.volume_binding_mode, "Immediate");
}

fn validate(sc: &StorageClass) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&sc.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let pp = Path::new("provisioner");
    if sc.provisioner.is_empty() {
        errs.push(field::required(&pp, ""));
    } else {
        for m in syntax::is_qualified_name(&sc.provisioner.to_lowercase()) {
            errs.push(field::invalid(&pp, &sc.provisioner, m));
        }
    }
    let params = sc.parameters.clone().unwrap_or_default();
    let par = Path::new("parameters");
    if params.len() > 512 {
        errs.push(field::too_long(&par, 512));
    } else {
        let mut total = 0;
        for (k, v) in &params {
            if k.is_empty() {
                errs.push(field::invalid(&par, k, "field can not be empty."));
            }
            total += k.len() + v.len();
        }
        if total > 256 * 1024 {
            errs.push(field::too_long(&par, 256 * 1024));
        }
    }
    if let Some(rp) = sc.reclaim_policy.as_deref().filter(|r| !r.is_empty()) {
        if rp != "Delete" && rp != "Retain" {
            errs.push(field::not_supported(
                &Path::new("reclaimPolicy"),
                rp,
                &["Delete", "Retain"],
            ));
        }
    }
    match sc.volume_binding_mode.as_deref() {
        None => errs.push(field::required(&Path::new("volumeBindingMode"), "")),
        Some("Immediate" | "WaitForFirstConsumer") => {}
        Some(other) => errs.push(field::not_supported(
            &Path::new("volumeBindingMode"),
            other,
            &["Immediate", "WaitForFirstConsumer"],
        )),
    }
    let tp = Path::new("allowedTopologies");
    let mut seen = BTreeSet::new();
    for (i, term) in sc.allowed_topologies.iter().flatten().enumerate() {
        let ip = tp.index(i);
        let ep = ip.child("matchLabelExpressions");
        let mut keys = BTreeSet::new();
        for (j, req) in term.match_label_expressions.iter().flatten().enumerate() {
            let rp = ep.index(j);
            let mut values = BTreeSet::new();
            if req.values.is_empty() {
                errs.push(field::required(&rp.child("values"), ""));
            }
            for (k, v) in req.values.iter().enumerate() {
                if !values.insert(v) {
                    errs.push(field::duplicate(&rp.child("values").index(k), v));
                }
            }
            errs.extend(syntax::validate_label_name(&rp.child("key"), &req.key));
            if !keys.insert(req.key.clone()) {
                errs.push(field::duplicate(&rp.child("key"), &req.key));
            }
        }
        let repr = serde_json::to_string(term).unwrap_or_default();
        if !seen.insert(repr.clone()) {
            errs.push(field::duplicate(
                &ip,
                BadValue::Json(serde_json::from_str(&repr).unwrap_or_default()),
            ));
        }
    }
    errs
}

fn validate_update(new: &StorageClass, old: &StorageClass) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    if new.parameters.clone().unwrap_or_default() != old.parameters.clone().unwrap_or_default() {
        errs.push(field::forbidden(
            &Path::new("parameters"),
            "updates to parameters are forbidden.",
        ));
    }
    if new.provisioner != old.provisioner {
        errs.push(field::forbidden(
            &Path::new("provisioner"),
            "updates to provisioner are forbidden.",
        ));
    }
    if new.reclaim_policy != old.reclaim_policy {
        errs.push(field::forbidden(
            &Path::new("reclaimPolicy"),
            "updates to reclaimPolicy are forbidden.",
        ));
    }
    if new.volume_binding_mode != old.volume_binding_mode {
        errs.push(field::invalid(
            &Path::new("volumeBindingMode"),
            new.volume_binding_mode.clone(),
            meta::IMMUTABLE,
        ));
    }
    errs
}

/// StorageClasses.
pub static STORAGE_CLASS: Kind<StorageClass> = Kind {
    quantities: &[],
    default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn gp2_ssd() {
        let mut sc: StorageClass = serde_json::from_value(json!({
            "metadata": {"name": "gp2-ssd"}, "provisioner": "ebs.csi.aws.com", "parameters": {"type": "gp2"}
        }))
        .unwrap();
        default(&mut sc, true);
        assert_eq!(sc.reclaim_policy.as_deref(), Some("Delete"));
        assert_eq!(sc.volume_binding_mode.as_deref(), Some("Immediate"));
        assert!(validate(&sc).is_empty());
        let mut new = sc.clone();
        new.metadata.resource_version = Some("2".into());
        new.parameters = Some([("type".to_string(), "gp3".to_string())].into());
        let errs: Vec<String> = validate_update(&new, &sc).iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            vec!["parameters: Forbidden: updates to parameters are forbidden."]
        );
    }
}
