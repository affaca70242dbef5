//! `autoscaling/v1` Scale (the `scale` subresource of the workload kinds).

use k8s_openapi::api::autoscaling::v1::Scale;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::NameRule;

fn validate(s: &Scale) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&s.metadata, NameRule::Subdomain, &Path::new("metadata"));
    if let Some(r) = s.spec.as_ref().and_then(|sp| sp.replicas).filter(|r| *r < 0) {
        errs.push(field::invalid(
            &Path::new("spec").child("replicas"),
            r,
            "must be greater than or equal to 0",
        ));
    }
    errs
}

fn validate_update(new: &Scale, _old: &Scale) -> Vec<FieldErr> {
    validate(new)
}

/// Scale.
pub static SCALE: Kind<Scale> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
