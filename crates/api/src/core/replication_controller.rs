//! ReplicationControllers.

use k8s_openapi::api::core::v1::{ReplicationController, ReplicationControllerSpec};

use crate::apps::common;
use crate::core::pod::{self, pod_spec_quantities};
use crate::field::{self, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::selector;
use crate::syntax::NameRule;

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

fn default(rc: &mut ReplicationController, _create: bool) {
    let spec = rc.spec.get_or_insert_with(ReplicationControllerSpec::default);
    let labels = spec
        .template
        .as_ref()
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone());
    if let Some(labels) = labels {
        if spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
            spec.selector = Some(labels.clone());
        }
        if rc.metadata.labels.as_ref().is_none_or(|l| l.is_empty()) {
            rc.metadata.labels = Some(labels);
        }
    }
    crate::defaulting::value(&mut spec.replicas, 1);
    if let Some(ps) = spec.template.as_mut().and_then(|t| t.spec.as_mut()) {
        pod::defaults::pod_spec(ps);
    }
}

fn prepare(rc: &mut ReplicationController) {
    rc.status = None;
    rc.metadata.generation = Some(1);
}

fn validate_spec(spec: &ReplicationControllerSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = common::nonnegative(path, "minReadySeconds", spec.min_ready_seconds);
    let selector = spec.selector.clone().unwrap_or_default();
    if selector.is_empty() {
        errs.push(field::required(&path.child("selector"), ""));
    }
    errs.extend(common::nonnegative(path, "replicas", spec.replicas));
    let tp = path.child("template");
    match &spec.template {
        None => errs.push(field::required(&tp, "")),
        Some(t) => errs.extend(common::template_for_replica_set(
            t,
            &selector::from_labels(&selector),
            "ReplicationController",
            &tp,
        )),
    }
    errs
}

fn validate(rc: &ReplicationController) -> Vec<FieldErr> {
    meta::validate_with_spec(&rc.metadata, NameRule::Subdomain, rc.spec.as_ref(), validate_spec)
}

fn validate_update(new: &ReplicationController, old: &ReplicationController) -> Vec<FieldErr> {
    meta::validate_update_with_spec(&new.metadata, &old.metadata, new.spec.as_ref(), validate_spec)
}

/// ReplicationControllers.
pub static REPLICATION_CONTROLLER: Kind<ReplicationController> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
