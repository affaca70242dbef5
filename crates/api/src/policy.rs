//! `policy/v1` PodDisruptionBudgets and Evictions.

use k8s_openapi::api::policy::v1::{Eviction, PodDisruptionBudget};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::DeleteOptions;

use crate::apps::common::{not_more_than_100_percent, positive_int_or_percent};
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::selector;
use crate::syntax::NameRule;

fn validate_spec(pdb: &PodDisruptionBudget) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let sp = Path::new("spec");
    let spec = pdb.spec.clone().unwrap_or_default();
    if spec.min_available.is_some() && spec.max_unavailable.is_some() {
        errs.push(field::invalid(
            &sp,
            BadValue::json(&spec),
            "minAvailable and maxUnavailable cannot be both set",
        ));
    }
    for (v, name) in [
        (&spec.min_available, "minAvailable"),
        (&spec.max_unavailable, "maxUnavailable"),
    ] {
        if let Some(v) = v {
            errs.extend(positive_int_or_percent(v, &sp.child(name)));
            errs.extend(not_more_than_100_percent(v, &sp.child(name)));
        }
    }
    errs.extend(selector::validate(
        spec.selector.as_ref(),
        false,
        &sp.child("selector"),
    ));
    if let Some(p) = &spec.unhealthy_pod_eviction_policy {
        if p != "AlwaysAllow" && p != "IfHealthyBudget" {
            errs.push(field::not_supported(
                &sp.child("unhealthyPodEvictionPolicy"),
                p,
                &["AlwaysAllow", "IfHealthyBudget"],
            ));
        }
    }
    errs
}

/// Strategy errors first; the generic ObjectMeta check only when those pass (`BeforeCreate`).
fn validate(pdb: &PodDisruptionBudget) -> Vec<FieldErr> {
    let errs = validate_spec(pdb);
    if !errs.is_empty() {
        return errs;
    }
    meta::validate_object_meta(&pdb.metadata, NameRule::PathSegment, &Path::new("metadata"))
}

fn validate_update(new: &PodDisruptionBudget, old: &PodDisruptionBudget) -> Vec<FieldErr> {
    let errs = validate_spec(new);
    if !errs.is_empty() {
        return errs;
    }
    meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"))
}

fn prepare(pdb: &mut PodDisruptionBudget) {
    pdb.status = None;
    pdb.metadata.generation = Some(1);
}

/// PodDisruptionBudgets.
pub static POD_DISRUPTION_BUDGET: Kind<PodDisruptionBudget> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare,
    create: validate,
    update: validate_update,
};

/// Upstream `ValidateDeleteOptions`, which the pod deletion behind an eviction applies to
/// `deleteOptions` (paths are relative to the options, as upstream reports them).
pub fn validate_delete_options(options: &DeleteOptions) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let pp = Path::new("propagationPolicy");
    if options.orphan_dependents.is_some() && options.propagation_policy.is_some() {
        errs.push(field::invalid(
            &pp,
            options.propagation_policy.as_deref(),
            "orphanDependents and deletionPropagation cannot be both set",
        ));
    }
    if let Some(p) = options.propagation_policy.as_deref() {
        if !matches!(p, "Foreground" | "Background" | "Orphan") {
            errs.push(field::not_supported(
                &pp,
                p,
                &["Foreground", "Background", "Orphan", "nil"],
            ));
        }
    }
    if let Some(dry_run) = &options.dry_run {
        if dry_run.iter().any(|d| d != "All") {
            errs.push(field::not_supported(
                &Path::new("dryRun"),
                field::string_slice(dry_run),
                &["All"],
            ));
        }
    }
    errs
}

fn validate_eviction(e: &Eviction) -> Vec<FieldErr> {
    e.delete_options
        .as_ref()
        .map(validate_delete_options)
        .unwrap_or_default()
}

fn validate_eviction_update(_: &Eviction, _: &Eviction) -> Vec<FieldErr> {
    Vec::new()
}

/// Evictions: only their delete options are validated (the eviction REST handler checks the name
/// against the URL).
pub static EVICTION: Kind<Eviction> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate_eviction,
    update: validate_eviction_update,
};
