//! Bindings (`pods/binding`): upstream `ValidatePodBinding`.

use k8s_openapi::api::core::v1::Binding;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};

fn validate(b: &Binding) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let kind = b.target.kind.as_deref().unwrap_or_default();
    if !kind.is_empty() && kind != "Node" {
        errs.push(field::not_supported(
            &Path::new("target").child("kind"),
            kind,
            &["Node", "<empty>"],
        ));
    }
    if b.target.name.as_deref().unwrap_or_default().is_empty() {
        errs.push(field::required(&Path::new("target").child("name"), ""));
    }
    errs
}

fn validate_update(new: &Binding, _old: &Binding) -> Vec<FieldErr> {
    validate(new)
}

/// Bindings.
pub static BINDING: Kind<Binding> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
