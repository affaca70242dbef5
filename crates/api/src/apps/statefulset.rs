//! StatefulSets: `SetDefaults_StatefulSet` and `ValidateStatefulSet` / `ValidateStatefulSetUpdate`.
//!
//! As upstream, the pod template's spec is not validated beyond labels/annotations, restart
//! policy and `activeDeadlineSeconds`; names are DNS-1123 labels (pods get `<name>-<ordinal>`).

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetSpec, StatefulSetUpdateStrategy,
};

use super::common::{self, int_or_percent_value, int_or_string_repr};
use crate::core::pod::{pod_spec_quantities, validation};
use crate::defaulting;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.";
    "spec.volumeClaimTemplates[].spec.resources.limits.*",
    "spec.volumeClaimTemplates[].spec.resources.requests.*",
    "spec.volumeClaimTemplates[].status.capacity.*");

fn default(s: &mut StatefulSet, _create: bool) {
    let spec = s.spec.get_or_insert_with(StatefulSetSpec::default);
    defaulting::string(&mut spec.pod_management_policy, "OrderedReady");
    let us = spec
        .update_strategy
        .get_or_insert_with(StatefulSetUpdateStrategy::default);
    if defaulting::is_unset(&us.type_) {
        us.type_ = Some("RollingUpdate".into());
        us.rolling_update
            .get_or_insert_with(RollingUpdateStatefulSetStrategy::default);
    }
    if us.type_.as_deref() == Some("RollingUpdate") {
        if let Some(ru) = &mut us.rolling_update {
            defaulting::value(&mut ru.partition, 0);
        }
    }
    let policy = spec
        .persistent_volume_claim_retention_policy
        .get_or_insert_with(StatefulSetPersistentVolumeClaimRetentionPolicy::default);
    defaulting::string(&mut policy.when_deleted, "Retain");
    defaulting::string(&mut policy.when_scaled, "Retain");
    defaulting::value(&mut spec.replicas, 1);
    defaulting::value(&mut spec.revision_history_limit, 10);
    common::default_template(&mut spec.template);
    for pvc in spec.volume_claim_templates.iter_mut().flatten() {
        if let Some(ps) = &mut pvc.spec {
            defaulting::string(&mut ps.volume_mode, "Filesystem");
        }
        let status = pvc.status.get_or_insert_with(Default::default);
        defaulting::string(&mut status.phase, "Pending");
    }
}

fn prepare(s: &mut StatefulSet) {
    s.status = None;
    s.metadata.generation = Some(1);
}

fn retention(policy: Option<&str>, path: &Path) -> Vec<FieldErr> {
    match policy.unwrap_or_default() {
        "Retain" | "Delete" => Vec::new(),
        other => vec![field::not_supported(path, other, &["Retain", "Delete"])],
    }
}

fn validate_spec(spec: &StatefulSetSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    match spec.pod_management_policy.as_deref().unwrap_or_default() {
        "" => errs.push(field::required(&path.child("podManagementPolicy"), "")),
        "OrderedReady" | "Parallel" => {}
        other => errs.push(field::invalid(
            &path.child("podManagementPolicy"),
            other,
            "must be 'OrderedReady' or 'Parallel'",
        )),
    }
    let us = spec.update_strategy.clone().unwrap_or_default();
    let usp = path.child("updateStrategy");
    match us.type_.as_deref().unwrap_or_default() {
        "" => errs.push(field::required(&usp, "")),
        "OnDelete" => {
            if us.rolling_update.is_some() {
                errs.push(field::invalid(
                    &usp.child("rollingUpdate"),
                    BadValue::json(&us.rolling_update),
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &us.rolling_update {
                let rp = usp.child("rollingUpdate");
                errs.extend(syntax::validate_nonnegative(
                    &rp.child("partition"),
                    ru.partition.unwrap_or(0).into(),
                ));
                if let Some(mu) = &ru.max_unavailable {
                    let mp = rp.child("maxUnavailable");
                    errs.extend(common::positive_int_or_percent(mu, &mp));
                    if int_or_percent_value(mu) == 0 {
                        errs.push(field::invalid(&mp, int_or_string_repr(mu), "cannot be 0"));
                    }
                    errs.extend(common::not_more_than_100_percent(mu, &mp));
                }
            }
        }
        _ => errs.push(field::invalid(
            &usp,
            BadValue::json(&us),
            "must be 'RollingUpdate' or 'OnDelete'",
        )),
    }
    if let Some(p) = &spec.persistent_volume_claim_retention_policy {
        let pp = path.child("persistentVolumeClaimRetentionPolicy");
        errs.extend(retention(p.when_deleted.as_deref(), &pp.child("whenDeleted")));
        errs.extend(retention(p.when_scaled.as_deref(), &pp.child("whenScaled")));
    }
    errs.extend(common::nonnegative(path, "replicas", spec.replicas));
    errs.extend(common::nonnegative(
        path,
        "minReadySeconds",
        spec.min_ready_seconds,
    ));
    if let Some(o) = &spec.ordinals {
        errs.extend(common::nonnegative(path, "ordinals.start", o.start));
    }
    let sel = common::present(&spec.selector);
    let tp = path.child("template");
    if let Some(compiled) = common::selector_checks(sel, &path.child("selector"), &mut errs) {
        errs.extend(common::selector_matches_template(&spec.template, &compiled, &tp));
        let m = spec.template.metadata.clone().unwrap_or_default();
        errs.extend(meta::validate_labels(m.labels.as_ref(), &tp.child("labels")));
        errs.extend(meta::validate_annotations(
            m.annotations.as_ref(),
            &tp.child("annotations"),
        ));
        errs.extend(validation::pod_specific_annotations(
            m.annotations.as_ref(),
            &spec.template.spec.clone().unwrap_or_default(),
            &tp.child("annotations"),
            validation::Opts::default(),
        ));
    }
    errs.extend(common::restart_always(&spec.template, "StatefulSet", &tp));
    errs
}

fn validate(s: &StatefulSet) -> Vec<FieldErr> {
    meta::validate_with_spec(&s.metadata, NameRule::Label, s.spec.as_ref(), validate_spec)
}

fn validate_update(new: &StatefulSet, old: &StatefulSet) -> Vec<FieldErr> {
    let mut errs =
        meta::validate_update_with_spec(&new.metadata, &old.metadata, new.spec.as_ref(), validate_spec);
    let ns = new.spec.clone().unwrap_or_default();
    let os = old.spec.clone().unwrap_or_default();
    let mut clone = ns.clone();
    clone.replicas = os.replicas;
    clone.template = os.template.clone();
    clone.update_strategy = os.update_strategy.clone();
    clone.min_ready_seconds = os.min_ready_seconds;
    clone.ordinals = os.ordinals.clone();
    clone.persistent_volume_claim_retention_policy = os.persistent_volume_claim_retention_policy.clone();
    if crate::meta::differs(&clone, &os) {
        errs.push(field::forbidden(
            &Path::new("spec"),
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ));
    }
    errs
}

/// StatefulSets.
pub static STATEFUL_SET: Kind<StatefulSet> = Kind {
    quantities: QUANTITIES,
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
    fn defaults_and_update_rules() {
        let mut s: StatefulSet = serde_json::from_value(json!({
            "metadata": {"name": "db", "namespace": "default"},
            "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                "template": {"metadata": {"labels": {"app": "db"}}, "spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}},
                "volumeClaimTemplates": [{"metadata": {"name": "data"},
                    "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "gp2-ssd", "resources": {"requests": {"storage": "50Gi"}}}}]}
        }))
        .unwrap();
        default(&mut s, true);
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["spec"]["podManagementPolicy"], "OrderedReady");
        assert_eq!(
            v["spec"]["updateStrategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
        );
        assert_eq!(
            v["spec"]["persistentVolumeClaimRetentionPolicy"],
            json!({"whenDeleted": "Retain", "whenScaled": "Retain"})
        );
        assert_eq!(v["spec"]["replicas"], 1);
        assert_eq!(v["spec"]["revisionHistoryLimit"], 10);
        assert_eq!(
            v["spec"]["volumeClaimTemplates"][0]["spec"]["volumeMode"],
            "Filesystem"
        );
        assert!(validate(&s).is_empty(), "{:?}", validate(&s));

        let mut old = s.clone();
        old.metadata.resource_version = Some("1".into());
        let mut new = old.clone();
        new.spec.as_mut().unwrap().replicas = Some(3);
        assert!(validate_update(&new, &old).is_empty());
        new.spec.as_mut().unwrap().service_name = Some("other".into());
        let errs: Vec<String> = validate_update(&new, &old)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errs, vec!["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]);
    }
}
