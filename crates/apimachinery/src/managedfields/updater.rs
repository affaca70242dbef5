//! The ownership bookkeeping of one operation (upstream `merge/update.go`): what an update takes
//! from other managers, and how an apply merges, prunes what its manager stopped applying, and
//! detects conflicts.

use super::compare::{compare, Comparison};
use super::conflict::{conflicts_of, ApplyError, Conflict};
use super::fieldset::FieldSet;
use super::managers::{Entry, Managed};
use super::merge::merge;
use super::remove::{ensure_named_fields_are_members, remove, with_serialized_zeros};
use super::schema::ApplySchema;
use super::tofieldset::field_set;
use super::value::equals;
use serde_json::{Map, Value};

/// The schema and the subresource an operation goes through.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub schema: &'a ApplySchema,
    pub subresource: &'a str,
}

impl Ctx<'_> {
    fn ignored(&self) -> Option<&FieldSet> {
        self.schema.reset_fields(self.subresource)
    }

    fn field_set(&self, v: &Value, what: &str) -> Result<FieldSet, ApplyError> {
        field_set(v, &self.schema.root, false).map_err(|e| ApplyError::Invalid(format!("{what}: {e}")))
    }

    fn named(&self, set: &FieldSet) -> FieldSet {
        ensure_named_fields_are_members(set, &self.schema.root)
    }
}

/// Upstream `Updater.update`: compares the objects, then takes the changed fields from every manager
/// but `workflow` (an error without `force`) and drops removed fields from all of them.
fn update(
    old: &Value,
    new: &Value,
    managers: &mut Managed,
    workflow: &str,
    force: bool,
    ctx: Ctx<'_>,
) -> Result<Comparison, ApplyError> {
    let root = &ctx.schema.root;
    let mut cmp = compare(
        &with_serialized_zeros(old, root),
        &with_serialized_zeros(new, root),
        root,
    )
    .map_err(|e| ApplyError::Invalid(format!("failed to compare objects: {e}")))?;
    if let Some(ignored) = ctx.ignored() {
        cmp.exclude(ignored);
    }
    let changed = cmp.modified.union(&cmp.added);
    let mut conflicts: Vec<(String, FieldSet)> = Vec::new();
    for (id, entry) in managers.iter() {
        if id == workflow {
            continue;
        }
        let taken = entry.set.intersection(&changed);
        if !taken.is_empty() {
            conflicts.push((id.clone(), taken));
        }
    }
    if !force && !conflicts.is_empty() {
        let mut list: Vec<Conflict> = Vec::new();
        for (id, taken) in &conflicts {
            list.extend(conflicts_of(&managers[id], taken));
        }
        return Err(ApplyError::Conflicts(list));
    }
    for (id, taken) in conflicts {
        if let Some(entry) = managers.get_mut(&id) {
            entry.set = entry.set.difference(&taken);
        }
    }
    if !cmp.removed.is_empty() {
        for (id, entry) in managers.iter_mut() {
            if *id != workflow {
                entry.set = entry.set.difference(&cmp.removed);
            }
        }
    }
    managers.retain(|_, e| !e.set.is_empty());
    Ok(cmp)
}

/// Upstream `Updater.Update`: the manager `id` (described by `workflow`) owns what changed between
/// `old` and `new`.
pub(crate) fn structured_update(
    old: &Value,
    new: &Value,
    managers: &mut Managed,
    id: &str,
    workflow: &Entry,
    ctx: Ctx<'_>,
) -> Result<(), ApplyError> {
    let cmp = update(old, new, managers, id, true, ctx)?;
    let previous = managers.get(id).map(|e| e.set.clone()).unwrap_or_default();
    let mut set = previous
        .difference(&cmp.removed)
        .union(&cmp.modified)
        .union(&cmp.added);
    if let Some(ignored) = ctx.ignored() {
        set = set.recursive_difference(ignored);
    }
    if set.is_empty() {
        managers.remove(id);
    } else {
        let mut entry = workflow.clone();
        entry.set = set;
        managers.insert(id.to_string(), entry);
    }
    Ok(())
}

/// The outcome of an apply: the merged object and whether it differs from the live one.
pub(crate) struct Applied {
    pub object: Value,
    pub changed: bool,
}

/// Upstream `Updater.Apply`: merges `config` into `live`, makes `applier` own exactly the fields of
/// `config`, prunes what it applied last time and no one owns any more, and checks conflicts.
pub(crate) fn structured_apply(
    live: &Value,
    config: &Value,
    managers: &mut Managed,
    applier: &Entry,
    force: bool,
    ctx: Ctx<'_>,
) -> Result<Applied, ApplyError> {
    let root = &ctx.schema.root;
    let mut set = field_set(config, root, true)
        .map_err(|e| ApplyError::Invalid(format!("failed to create typed patch object: {e}")))?;
    ctx.field_set(live, "failed to create typed live object")?;
    let merged = merge(Some(live), Some(config), root, &mut Vec::new())
        .map_err(|e| ApplyError::Invalid(format!("failed to merge config: {e}")))?
        .unwrap_or_else(|| Value::Object(Map::new()));
    let id = applier.identifier();
    let last = managers.get(&id).map(|e| e.set.clone());
    if let Some(ignored) = ctx.ignored() {
        set = set.recursive_difference(ignored);
    }
    let mut entry = applier.clone();
    entry.time = managers.get(&id).and_then(|e| e.time.clone());
    entry.set = set;
    managers.insert(id.clone(), entry);
    let merged = match last {
        Some(last) if !last.is_empty() => prune(&merged, managers, &last, ctx)?,
        _ => merged,
    };
    update(live, &merged, managers, &id, force, ctx)?;
    let changed = !equals(live, &merged);
    Ok(Applied {
        object: merged,
        changed,
    })
}

/// Upstream `prune` with `addBackOwnedItems` and `addBackDanglingItems`: removes what the applier
/// applied last time unless someone (the applier's new configuration included) owns it, and never
/// removes fields no applier ever owned.
fn prune(merged: &Value, managers: &Managed, last: &FieldSet, ctx: Ctx<'_>) -> Result<Value, ApplyError> {
    let root = &ctx.schema.root;
    let strip = |v: Option<Value>| v.unwrap_or_else(|| Value::Object(Map::new()));
    let last = ctx.named(last);
    let pruned = strip(remove(merged, &last, root));

    let owned = managers
        .values()
        .fold(FieldSet::new(), |acc, e| acc.union(&e.set));
    let merged_set = ctx.named(&ctx.field_set(merged, "failed to prune fields")?);
    let pruned_set = ctx.named(&ctx.field_set(&pruned, "failed to prune fields")?);
    let unowned = merged_set.difference(&pruned_set.union(&ctx.named(&owned)));
    let pruned = strip(remove(merged, &unowned, root));

    let pruned_set = ctx.named(&ctx.field_set(&pruned, "failed to prune fields")?);
    let dangling = merged_set.difference(&pruned_set).intersection(&last);
    Ok(strip(remove(merged, &dangling, root)))
}
