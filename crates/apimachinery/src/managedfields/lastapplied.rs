//! Upgrading from client-side apply (upstream `lastAppliedManager` and `lastAppliedUpdater`): the
//! `kubectl` manager takes over, without conflicts, the fields the last-applied annotation recorded
//! and that still hold, and keeps the annotation in sync with what it applies.

use super::compare::compare;
use super::fieldset::FieldSet;
use super::tofieldset::field_set;
use super::updater::Ctx;
use super::value::go_json;
use serde_json::Value;

/// The client-side apply annotation.
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

fn last_applied(obj: &Value) -> Option<&str> {
    obj.get("metadata")?
        .get("annotations")?
        .get(LAST_APPLIED_ANNOTATION)?
        .as_str()
        .filter(|s| !s.is_empty())
}

pub(crate) fn has_last_applied(obj: &Value) -> bool {
    last_applied(obj).is_some()
}

/// The fields of the last-applied annotation that still hold in `live`.
pub(crate) fn allowed_from_last_applied(live: &Value, api_version: &str, ctx: Ctx<'_>) -> Option<FieldSet> {
    let last: Value = serde_json::from_str(last_applied(live)?).ok()?;
    if last.get("apiVersion").and_then(Value::as_str) != Some(api_version) {
        return None;
    }
    let root = &ctx.schema.root;
    let set = field_set(&last, root, true).ok()?;
    let cmp = compare(&last, live, root).ok()?;
    Some(
        set.difference(&cmp.modified)
            .difference(&cmp.added)
            .difference(&cmp.removed),
    )
}

/// The applied configuration as the annotation records it: without the annotation itself, encoded
/// as Go's `json.Encoder` does (sorted keys, trailing newline).
pub(crate) fn build_last_applied(applied: &Value) -> String {
    let mut obj = applied.clone();
    if let Some(annotations) = obj
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.remove(LAST_APPLIED_ANNOTATION);
    }
    format!("{}\n", go_json(&obj))
}

pub(crate) fn set_last_applied(obj: &mut Value, value: String) {
    if let Some(annotations) = obj
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        annotations.insert(LAST_APPLIED_ANNOTATION.into(), Value::String(value));
    }
}
