//! `authorization.k8s.io/v1` SelfSubjectAccessReviews.

use k8s_openapi::api::authorization::v1::SelfSubjectAccessReview;

use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::{self, Kind};

fn validate(r: &SelfSubjectAccessReview) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let sp = Path::new("spec");
    let (res, non_res) = (
        r.spec.resource_attributes.is_some(),
        r.spec.non_resource_attributes.is_some(),
    );
    if res && non_res {
        errs.push(field::invalid(
            &sp.child("nonResourceAttributes"),
            BadValue::json(&r.spec.non_resource_attributes),
            "cannot be specified in combination with resourceAttributes",
        ));
    }
    if !res && !non_res {
        errs.push(field::invalid(
            &sp.child("resourceAttributes"),
            BadValue::Null,
            "exactly one of nonResourceAttributes or resourceAttributes must be specified",
        ));
    }
    if serde_json::to_value(&r.metadata).is_ok_and(|v| v != serde_json::json!({})) {
        errs.push(field::invalid(
            &Path::new("metadata"),
            BadValue::json(&r.metadata),
            "must be empty",
        ));
    }
    errs
}

fn validate_update(new: &SelfSubjectAccessReview, _old: &SelfSubjectAccessReview) -> Vec<FieldErr> {
    validate(new)
}

/// SelfSubjectAccessReviews.
pub static SELF_SUBJECT_ACCESS_REVIEW: Kind<SelfSubjectAccessReview> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
