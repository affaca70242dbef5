//! Server-side apply (upstream `FieldManager.Apply` through `lastAppliedUpdater`,
//! `lastAppliedManager`, `skipNonAppliedManager`, `managedFieldsUpdater` and `stripMetaManager`).

use super::conflict::ApplyError;
use super::fieldset::FieldSet;
use super::lastapplied::{allowed_from_last_applied, build_last_applied, has_last_applied, set_last_applied};
use super::managers::{cap_update_managers, decode, Entry, Managed, Operation, MAX_UPDATE_MANAGERS};
use super::owners::{
    managed_fields_of, manager_name, set_managed_fields, strip, strip_set, update_entry,
    without_managed_fields,
};
use super::schema::ApplySchema;
use super::tofieldset::field_set;
use super::updater::{structured_apply, Ctx};
use serde_json::{Map, Value};

/// Server-side apply of `applied` by `manager` to `live` (`None` creates), for the main resource.
///
/// Returns the new object: `live` merged with `applied` (applied values win; associative lists merge
/// item by item; what `manager` applied before but no longer applies is removed unless another
/// manager owns it), with `metadata.managedFields` updated: `manager`'s `Apply` entry holds exactly
/// the fields of `applied` (time `now_rfc3339` if the object changed), fields taken from other
/// managers with `force` leave their entries. Without `force`, a field another manager owns that
/// `applied` changes is an [`ApplyError::Conflicts`]. Null values are dropped from the result, as
/// typed objects drop them. The caller restores system metadata (uid, creationTimestamp, ...) and
/// resets `status` as it does for any write.
pub fn apply(
    live: Option<&Value>,
    applied: &Value,
    manager: &str,
    api_version: &str,
    force: bool,
    schema: &ApplySchema,
    now_rfc3339: &str,
) -> Result<Value, ApplyError> {
    apply_subresource(
        live,
        applied,
        manager,
        api_version,
        "",
        force,
        schema,
        now_rfc3339,
    )
}

/// [`apply`] through a subresource (`"status"`).
#[allow(clippy::too_many_arguments)]
pub fn apply_subresource(
    live: Option<&Value>,
    applied: &Value,
    manager: &str,
    api_version: &str,
    subresource: &str,
    force: bool,
    schema: &ApplySchema,
    now_rfc3339: &str,
) -> Result<Value, ApplyError> {
    let patch_version = applied.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    if patch_version != api_version {
        return Err(ApplyError::BadRequest(format!(
            "Incorrect version specified in apply patch. Specified patch version: {patch_version}, expected: {api_version}"
        )));
    }
    if managed_fields_of(applied).is_some_and(|m| !m.is_null()) {
        return Err(ApplyError::BadRequest(
            "metadata.managedFields must be nil".into(),
        ));
    }
    let managed = decode(live.and_then(managed_fields_of))
        .map_err(|e| ApplyError::Invalid(format!("failed to decode managed fields: {e}")))?;
    let live_obj = live
        .map(without_managed_fields)
        .unwrap_or_else(|| Value::Object(Map::new()));
    let op = ApplyOp {
        live: &live_obj,
        applied,
        manager,
        api_version,
        now: now_rfc3339,
    };
    let ctx = Ctx { schema, subresource };

    // Upstream `lastAppliedManager`: the `kubectl` manager may take over, without conflicts, the
    // fields client-side apply recorded in the last-applied annotation and that still hold.
    let (mut object, managed) = match op.run(managed.clone(), force, ctx) {
        Err(ApplyError::Conflicts(conflicts)) if manager == "kubectl" => {
            match allowed_from_last_applied(&live_obj, api_version, ctx) {
                Some(allowed) => {
                    let remaining: Vec<_> = conflicts
                        .iter()
                        .filter(|c| !allowed.has(&c.path))
                        .cloned()
                        .collect();
                    if !remaining.is_empty() {
                        return Err(ApplyError::Conflicts(remaining));
                    }
                    op.run(managed, true, ctx)?
                }
                None => return Err(ApplyError::Conflicts(conflicts)),
            }
        }
        other => other?,
    };

    // Upstream `lastAppliedUpdater`: keep the annotation in sync for `kubectl`.
    if manager == "kubectl" && has_last_applied(&object) {
        set_last_applied(&mut object, build_last_applied(applied));
    }
    set_managed_fields(&mut object, &managed);
    Ok(object)
}

struct ApplyOp<'a> {
    live: &'a Value,
    applied: &'a Value,
    manager: &'a str,
    api_version: &'a str,
    now: &'a str,
}

impl ApplyOp<'_> {
    /// Upstream `skipNonAppliedManager.Apply` down to the structured apply.
    fn run(&self, mut managed: Managed, force: bool, ctx: Ctx<'_>) -> Result<(Value, Managed), ApplyError> {
        if managed.is_empty() {
            // Fields set before the first apply belong to `before-first-apply`.
            let empty = Value::Object(Map::new());
            update_entry(
                &empty,
                self.live,
                &mut managed,
                "before-first-apply",
                self.api_version,
                self.now,
                ctx,
            )?;
            cap_update_managers(&mut managed, MAX_UPDATE_MANAGERS);
        }
        let applier = Entry::new(
            manager_name(self.manager),
            Operation::Apply,
            self.api_version,
            ctx.subresource,
        );
        let id = applier.identifier();
        let applied = structured_apply(self.live, self.applied, &mut managed, &applier, force, ctx)?;
        strip(&mut managed, &id);
        let object = if applied.changed {
            if let Some(entry) = managed.get_mut(&id) {
                entry.time = Some(self.now.to_string());
            }
            drop_nulls(applied.object)
        } else {
            self.live.clone()
        };
        Ok((object, managed))
    }
}

/// Removes null values from objects (typed objects have no nulls).
fn drop_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, drop_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(drop_nulls).collect()),
        other => other,
    }
}

/// The fields an applied configuration sets, as its manager's entry records them (without
/// `apiVersion`, `kind`, `metadata.name`, `metadata.namespace` and the other system metadata
/// upstream strips).
pub fn fields_of(obj: &Value, schema: &ApplySchema) -> FieldSet {
    field_set(obj, &schema.root, false)
        .unwrap_or_default()
        .difference(&strip_set())
}
