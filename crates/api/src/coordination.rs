//! `coordination.k8s.io/v1` Leases.

use k8s_openapi::api::coordination::v1::Lease;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

fn validate_spec(l: &Lease) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(spec) = &l.spec else { return errs };
    let p = Path::new("spec");
    if let Some(d) = spec.lease_duration_seconds.filter(|d| *d <= 0) {
        errs.push(field::invalid(
            &p.child("leaseDurationSeconds"),
            d,
            "must be greater than 0",
        ));
    }
    if let Some(t) = spec.lease_transitions.filter(|t| *t < 0) {
        errs.push(field::invalid(
            &p.child("leaseTransitions"),
            t,
            "must be greater than or equal to 0",
        ));
    }
    if let Some(s) = &spec.strategy {
        let sp = p.child("strategy");
        if !s.contains('/') {
            if s != "OldestEmulationVersion" {
                errs.push(field::not_supported(&sp, s, &["OldestEmulationVersion"]));
            }
        } else {
            for m in syntax::is_qualified_name(s) {
                errs.push(field::invalid(&sp, s, m));
            }
        }
    }
    if spec.preferred_holder.as_deref().is_some_and(|h| !h.is_empty())
        && spec.strategy.as_deref().unwrap_or_default().is_empty()
    {
        errs.push(field::forbidden(
            &p.child("preferredHolder"),
            "may only be specified if `strategy` is defined",
        ));
    }
    errs
}

fn validate(l: &Lease) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&l.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(validate_spec(l));
    errs
}

fn validate_update(new: &Lease, old: &Lease) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_spec(new));
    errs
}

/// Leases.
pub static LEASE: Kind<Lease> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
