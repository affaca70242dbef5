//! core/v1 Events: upstream `legacyValidateEvent` (core/v1 requests get only the legacy checks),
//! shared with `events.k8s.io/v1` through [`Fields`].

use k8s_openapi::api::core::v1::Event;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

/// The internal event fields validation looks at, from either API version.
#[derive(Default)]
pub struct Fields<'a> {
    pub namespace: &'a str,
    pub involved_namespace: &'a str,
    pub event_time_set: bool,
    pub reporting_controller: &'a str,
    pub reporting_instance: &'a str,
    pub action: &'a str,
    pub reason: &'a str,
    pub message: &'a str,
}

/// `legacyValidateEvent`; `reporting_field` is `reportingComponent` for core/v1 requests.
pub fn legacy_validate(e: &Fields<'_>, reporting_field: &str) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let inv_ns = Path::new("involvedObject").child("namespace");
    if !e.event_time_set {
        if e.involved_namespace.is_empty() {
            if !e.namespace.is_empty() && e.namespace != "default" {
                errs.push(field::invalid(
                    &inv_ns,
                    e.involved_namespace,
                    "does not match event.namespace",
                ));
            }
        } else if e.namespace != e.involved_namespace {
            errs.push(field::invalid(
                &inv_ns,
                e.involved_namespace,
                "does not match event.namespace",
            ));
        }
    } else {
        if e.involved_namespace.is_empty() && e.namespace != "default" && e.namespace != "kube-system" {
            errs.push(field::invalid(
                &inv_ns,
                e.involved_namespace,
                "does not match event.namespace",
            ));
        }
        let rp = Path::new(reporting_field);
        if e.reporting_controller.is_empty() {
            errs.push(field::required(&rp, ""));
        }
        errs.extend(syntax::validate_qualified_name(&rp, e.reporting_controller));
        for (name, value) in [
            ("reportingInstance", e.reporting_instance),
            ("action", e.action),
            ("reason", e.reason),
        ] {
            let p = Path::new(name);
            if value.is_empty() {
                errs.push(field::required(&p, ""));
            }
            if value.len() > 128 {
                errs.push(field::invalid(&p, "", "can have at most 128 characters"));
            }
        }
        if e.message.len() > 1024 {
            errs.push(field::invalid(
                &Path::new("message"),
                "",
                "can have at most 1024 characters",
            ));
        }
    }
    for m in syntax::is_dns1123_subdomain(e.namespace) {
        errs.push(field::invalid(&Path::new("namespace"), e.namespace, m));
    }
    errs
}

fn fields(e: &Event) -> Fields<'_> {
    Fields {
        namespace: e.metadata.namespace.as_deref().unwrap_or_default(),
        involved_namespace: e.involved_object.namespace.as_deref().unwrap_or_default(),
        event_time_set: e.event_time.is_some(),
        reporting_controller: e.reporting_component.as_deref().unwrap_or_default(),
        reporting_instance: e.reporting_instance.as_deref().unwrap_or_default(),
        action: e.action.as_deref().unwrap_or_default(),
        reason: e.reason.as_deref().unwrap_or_default(),
        message: e.message.as_deref().unwrap_or_default(),
    }
}

/// Strategy errors first; the generic ObjectMeta check (path-segment names) only when those pass,
/// as upstream's `BeforeCreate` does.
fn validate(e: &Event) -> Vec<FieldErr> {
    let errs = legacy_validate(&fields(e), "reportingComponent");
    if !errs.is_empty() {
        return errs;
    }
    meta::validate_object_meta(&e.metadata, NameRule::PathSegment, &Path::new("metadata"))
}

fn validate_update(new: &Event, old: &Event) -> Vec<FieldErr> {
    let errs = legacy_validate(&fields(new), "reportingComponent");
    if !errs.is_empty() {
        return errs;
    }
    meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"))
}

/// core/v1 Events.
pub static EVENT: Kind<Event> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
