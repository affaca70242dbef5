//! Recording non-apply writes (create, update, patch) as `Update` entries (upstream
//! `FieldManager.Update` with `skipNonAppliedManager` and `capManagersManager`).

use super::conflict::ApplyError;
use super::managers::{cap_update_managers, decode, is_reset, Managed, MAX_UPDATE_MANAGERS};
use super::owners::{managed_fields_of, set_managed_fields, update_entry, without_managed_fields};
use super::schema::ApplySchema;
use super::updater::Ctx;
use serde_json::{Map, Value};

/// Records a non-apply write (create, update, patch) of the main resource: `manager` (one
/// `Update` entry per manager and API version) now owns the fields that differ between `old` (`None`
/// for a create) and `new`; other managers lose them. `new`'s `metadata.managedFields` is rewritten.
///
/// As upstream: managedFields written by the client in `new` are used instead of `old`'s when they
/// decode and are non-empty; `[]` or `[{}]` resets them; an object updated without any managedFields
/// stays untracked; at most 10 `Update` entries are kept (older ones merge into `ancient-changes`).
/// On error `new` gets `old`'s managedFields back (upstream `UpdateNoErrors`) and the error is
/// returned for logging.
pub fn update_managed_fields(
    old: Option<&Value>,
    new: &mut Value,
    manager: &str,
    api_version: &str,
    schema: &ApplySchema,
    now_rfc3339: &str,
) -> Result<(), ApplyError> {
    update_managed_fields_subresource(old, new, manager, api_version, "", schema, now_rfc3339)
}

/// [`update_managed_fields`] for a write through a subresource (`"status"`): the entry records the
/// subresource, the schema's reset fields for it are ignored, and the managedFields of `old` are
/// always kept (a subresource write cannot set them).
pub fn update_managed_fields_subresource(
    old: Option<&Value>,
    new: &mut Value,
    manager: &str,
    api_version: &str,
    subresource: &str,
    schema: &ApplySchema,
    now_rfc3339: &str,
) -> Result<(), ApplyError> {
    let live_managed = || {
        old.and_then(managed_fields_of)
            .and_then(|m| decode(Some(m)).ok())
            .unwrap_or_default()
    };
    let new_fields = managed_fields_of(new);
    let managed = if !subresource.is_empty() {
        live_managed()
    } else if is_reset(new_fields) {
        Managed::new()
    } else {
        match decode(new_fields) {
            Ok(m) if !m.is_empty() => m,
            _ => live_managed(),
        }
    };
    let new_obj = without_managed_fields(new);
    let ctx = Ctx { schema, subresource };
    let result = track_update(old, &new_obj, managed, manager, api_version, now_rfc3339, ctx);
    match result {
        Ok(Some(managed)) => {
            *new = new_obj;
            set_managed_fields(new, &managed);
            Ok(())
        }
        Ok(None) => {
            *new = new_obj;
            Ok(())
        }
        Err(e) => {
            let mut restored = new_obj;
            if let Some(list) = old.and_then(managed_fields_of) {
                if let Some(meta) = restored.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.insert("managedFields".into(), list.clone());
                }
            }
            *new = restored;
            Err(e)
        }
    }
}

/// Upstream `skipNonAppliedManager.Update` and `capManagersManager.Update`: `None` when the object
/// is not tracked (updated while it has no managedFields).
fn track_update(
    old: Option<&Value>,
    new: &Value,
    mut managed: Managed,
    manager: &str,
    api_version: &str,
    now: &str,
    ctx: Ctx<'_>,
) -> Result<Option<Managed>, ApplyError> {
    let is_create = old.is_none_or(|o| {
        o.get("metadata")
            .and_then(|m| m.get("uid"))
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    });
    if managed.is_empty() && !is_create {
        return Ok(None);
    }
    let empty = Value::Object(Map::new());
    let old_obj = old.map(without_managed_fields).unwrap_or(empty);
    update_entry(&old_obj, new, &mut managed, manager, api_version, now, ctx)?;
    cap_update_managers(&mut managed, MAX_UPDATE_MANAGERS);
    Ok(Some(managed))
}
