//! ReplicaSets.

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetSpec};

use super::common;
use crate::core::pod::pod_spec_quantities;
use crate::field::{FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::NameRule;

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

fn default(rs: &mut ReplicaSet, _create: bool) {
    let spec = rs.spec.get_or_insert_with(ReplicaSetSpec::default);
    crate::defaulting::value(&mut spec.replicas, 1);
    common::default_template(spec.template.get_or_insert_with(Default::default));
}

fn prepare(rs: &mut ReplicaSet) {
    rs.status = None;
    rs.metadata.generation = Some(1);
}

fn validate_spec(spec: &ReplicaSetSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = common::nonnegative(path, "replicas", spec.replicas);
    errs.extend(common::nonnegative(
        path,
        "minReadySeconds",
        spec.min_ready_seconds,
    ));
    let template = spec.template.clone().unwrap_or_default();
    errs.extend(common::selector_and_template(&spec.selector, &template, path));
    errs
}

fn validate(rs: &ReplicaSet) -> Vec<FieldErr> {
    meta::validate_with_spec(&rs.metadata, NameRule::Subdomain, rs.spec.as_ref(), validate_spec)
}

fn validate_update(new: &ReplicaSet, old: &ReplicaSet) -> Vec<FieldErr> {
    common::validate_update_immutable_selector(
        (&new.metadata, new.spec.as_ref()),
        (&old.metadata, old.spec.as_ref()),
        validate_spec,
        |s| &s.selector,
    )
}

/// ReplicaSets.
pub static REPLICA_SET: Kind<ReplicaSet> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
