//! ReplicaSets.

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetSpec};

use super::common;
use crate::core::pod::pod_spec_quantities;
use crate::field::{FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

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
    let mut errs = syntax::validate_nonnegative(&path.child("replicas"), spec.replicas.unwrap_or(0).into());
    errs.extend(syntax::validate_nonnegative(
        &path.child("minReadySeconds"),
        spec.min_ready_seconds.unwrap_or(0).into(),
    ));
    let sel = common::present(&spec.selector);
    if let Some(compiled) = common::selector_checks(sel, &path.child("selector"), &mut errs) {
        let t = spec.template.clone().unwrap_or_default();
        errs.extend(common::template_for_replica_set(
            &t,
            &compiled,
            "ReplicaSet",
            &path.child("template"),
        ));
    }
    errs
}

fn validate(rs: &ReplicaSet) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&rs.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(validate_spec(
        &rs.spec.clone().unwrap_or_default(),
        &Path::new("spec"),
    ));
    errs
}

fn validate_update(new: &ReplicaSet, old: &ReplicaSet) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let ns = new.spec.clone().unwrap_or_default();
    errs.extend(validate_spec(&ns, &Path::new("spec")));
    let os = old.spec.clone().unwrap_or_default();
    errs.extend(common::immutable_selector(
        &ns.selector,
        &os.selector,
        &Path::new("spec").child("selector"),
    ));
    errs
}

/// ReplicaSets.
pub static REPLICA_SET: Kind<ReplicaSet> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
