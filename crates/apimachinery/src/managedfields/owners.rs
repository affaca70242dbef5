//! Plumbing shared by the field manager's operations (upstream `managedfields/internal`):
//! reading and writing `metadata.managedFields` on objects, stripping the metadata fields no manager
//! owns (`stripMetaManager`), and recording an `Update` entry (`managedFieldsUpdater`).

use super::conflict::ApplyError;
use super::fieldpath::Path;
use super::fieldset::FieldSet;
use super::managers::{encode, Entry, Managed, Operation};
use super::updater::{structured_update, Ctx};
use serde_json::{Map, Value};

/// Fields no manager owns (upstream `stripMetaManager`).
pub(crate) fn strip_set() -> FieldSet {
    let meta = [
        "name",
        "namespace",
        "creationTimestamp",
        "selfLink",
        "uid",
        "clusterName",
        "generation",
    ];
    let mut set = FieldSet::from_paths([Path::fields(&["apiVersion"]), Path::fields(&["kind"])]);
    set.insert(&Path::fields(&["metadata"]));
    for f in meta.iter().chain(&["managedFields", "resourceVersion"]) {
        set.insert(&Path::fields(&["metadata", f]));
    }
    set
}

pub(crate) fn strip(managers: &mut Managed, id: &str) {
    if let Some(entry) = managers.get_mut(id) {
        entry.set = entry.set.difference(&strip_set());
        if entry.set.is_empty() {
            managers.remove(id);
        }
    }
}

pub(crate) fn managed_fields_of(obj: &Value) -> Option<&Value> {
    obj.get("metadata")?.get("managedFields")
}

/// A copy of `obj` without `metadata.managedFields`.
pub(crate) fn without_managed_fields(obj: &Value) -> Value {
    let mut out = obj.clone();
    if let Some(meta) = out.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    out
}

pub(crate) fn set_managed_fields(obj: &mut Value, managed: &Managed) {
    let encoded = encode(managed);
    let Some(root) = obj.as_object_mut() else { return };
    match encoded {
        Some(list) => {
            let meta = root
                .entry("metadata")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(meta) = meta.as_object_mut() {
                meta.insert("managedFields".into(), list);
            }
        }
        None => {
            if let Some(meta) = root.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.remove("managedFields");
            }
        }
    }
}

pub(crate) fn manager_name(manager: &str) -> &str {
    if manager.is_empty() {
        "unknown"
    } else {
        manager
    }
}

/// Upstream `managedFieldsUpdater.Update` around `stripMetaManager` and the structured update:
/// `manager` owns what changed, merged with what it owned before; its time is `now` if anything
/// changed.
pub(crate) fn update_entry(
    old: &Value,
    new: &Value,
    managers: &mut Managed,
    manager: &str,
    api_version: &str,
    now: &str,
    ctx: Ctx<'_>,
) -> Result<(), ApplyError> {
    // Upstream's placeholder key; it cannot clash with the JSON identifiers of real managers.
    const CURRENT: &str = "current-operation";
    let current = Entry::new(CURRENT, Operation::Update, api_version, ctx.subresource);
    structured_update(old, new, managers, CURRENT, &current, ctx)?;
    strip(managers, CURRENT);
    if let Some(taken) = managers.remove(CURRENT) {
        let mut entry = Entry::new(
            manager_name(manager),
            Operation::Update,
            api_version,
            ctx.subresource,
        );
        let id = entry.identifier();
        entry.set = match managers.get(&id) {
            Some(previous) => taken.set.union(&previous.set),
            None => taken.set,
        };
        entry.time = Some(now.to_string());
        managers.insert(id, entry);
    }
    Ok(())
}
