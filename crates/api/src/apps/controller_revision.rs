//! ControllerRevisions.

use k8s_openapi::api::apps::v1::ControllerRevision;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

fn validate(r: &ControllerRevision) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&r.metadata, NameRule::Subdomain, &Path::new("metadata"));
    if r.data.is_none() {
        errs.push(field::required(&Path::new("data"), "data is mandatory"));
    }
    errs.extend(syntax::validate_nonnegative(&Path::new("revision"), r.revision));
    errs
}

fn validate_update(new: &ControllerRevision, old: &ControllerRevision) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate(new));
    if crate::meta::differs(&new.data, &old.data) {
        errs.push(field::invalid(
            &Path::new("data"),
            field::BadValue::json(&new.data),
            meta::IMMUTABLE,
        ));
    }
    errs
}

/// ControllerRevisions.
pub static CONTROLLER_REVISION: Kind<ControllerRevision> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
