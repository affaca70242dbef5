//! `events.k8s.io/v1` Events: the legacy checks (with `reportingController` naming) plus the
//! strict rules upstream applies to events created through this API.

use k8s_openapi::api::events::v1::Event;

use crate::core::event::{legacy_validate, Fields};
use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::meta::differs;
use crate::syntax::NameRule;

fn fields(e: &Event) -> Fields<'_> {
    Fields {
        namespace: e.metadata.namespace.as_deref().unwrap_or_default(),
        involved_namespace: e
            .regarding
            .as_ref()
            .and_then(|r| r.namespace.as_deref())
            .unwrap_or_default(),
        event_time_set: e.event_time.is_some(),
        reporting_controller: e.reporting_controller.as_deref().unwrap_or_default(),
        reporting_instance: e.reporting_instance.as_deref().unwrap_or_default(),
        action: e.action.as_deref().unwrap_or_default(),
        reason: e.reason.as_deref().unwrap_or_default(),
        message: e.note.as_deref().unwrap_or_default(),
    }
}

fn series(e: &Event) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if let Some(s) = &e.series {
        if s.count < 2 {
            errs.push(field::invalid(
                &Path::new("series.count"),
                "",
                "should be at least 2",
            ));
        }
    }
    errs
}

fn validate(e: &Event) -> Vec<FieldErr> {
    let mut errs = legacy_validate(&fields(e), "reportingController");
    errs.extend(meta::validate_object_meta(
        &e.metadata,
        NameRule::Subdomain,
        &Path::new("metadata"),
    ));
    errs.extend(series(e));
    if e.event_time.is_none() {
        errs.push(field::required(&Path::new("eventTime"), ""));
    }
    let t = e.type_.as_deref().unwrap_or_default();
    if t != "Normal" && t != "Warning" {
        errs.push(field::invalid(
            &Path::new("type"),
            "",
            format!("has invalid value: {t}"),
        ));
    }
    for (set, name) in [
        (e.deprecated_first_timestamp.is_some(), "firstTimestamp"),
        (e.deprecated_last_timestamp.is_some(), "lastTimestamp"),
        (e.deprecated_count.is_some_and(|c| c != 0), "count"),
        (
            e.deprecated_source
                .as_ref()
                .is_some_and(|s| s.component.is_some() || s.host.is_some()),
            "source",
        ),
    ] {
        if set {
            errs.push(field::invalid(&Path::new(name), "", "needs to be unset"));
        }
    }
    errs
}

fn validate_update(new: &Event, old: &Event) -> Vec<FieldErr> {
    let mut errs = legacy_validate(&fields(new), "reportingController");
    errs.extend(meta::validate_object_meta_update(
        &new.metadata,
        &old.metadata,
        &Path::new("metadata"),
    ));
    if differs(&new.series, &old.series) {
        errs.extend(series(new));
    }
    let new_json = serde_json::to_value(new).unwrap_or_default();
    let immutable = [
        (
            differs(&new.regarding, &old.regarding),
            "involvedObject",
            "regarding",
        ),
        (new.reason != old.reason, "reason", "reason"),
        (new.note != old.note, "message", "note"),
        (
            differs(&new.deprecated_source, &old.deprecated_source),
            "source",
            "deprecatedSource",
        ),
        (
            new.deprecated_first_timestamp != old.deprecated_first_timestamp,
            "firstTimestamp",
            "deprecatedFirstTimestamp",
        ),
        (
            new.deprecated_last_timestamp != old.deprecated_last_timestamp,
            "lastTimestamp",
            "deprecatedLastTimestamp",
        ),
        (
            new.deprecated_count != old.deprecated_count,
            "count",
            "deprecatedCount",
        ),
        (new.type_ != old.type_, "type", "type"),
        (new.event_time != old.event_time, "eventTime", "eventTime"),
        (new.action != old.action, "action", "action"),
        (differs(&new.related, &old.related), "related", "related"),
        (
            new.reporting_controller != old.reporting_controller,
            "reportingController",
            "reportingController",
        ),
        (
            new.reporting_instance != old.reporting_instance,
            "reportingInstance",
            "reportingInstance",
        ),
    ];
    for (changed, name, key) in immutable {
        if changed {
            let value = new_json.get(key).cloned().unwrap_or_default();
            errs.push(field::invalid(
                &Path::new(name),
                field::BadValue::Json(value),
                meta::IMMUTABLE,
            ));
        }
    }
    errs
}

/// events.k8s.io/v1 Events.
pub static EVENT: Kind<Event> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
