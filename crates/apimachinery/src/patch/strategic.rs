//! Applying a strategic merge patch (upstream `strategicpatch.StrategicMergeMapPatch` with the
//! server-side options `MergeParallelList` and `IgnoreUnmatchedNulls`).
//!
//! Semantics:
//! - objects merge recursively; a `null` value deletes the field;
//! - lists with `patchStrategy: merge` and a merge key merge element-wise by that key; lists of
//!   scalars with `merge` are unioned; every other list is replaced;
//! - element order, as upstream: patch items keep the patch order, server-only items keep their
//!   relative order, and a server-only item is emitted before a patch item only when both exist
//!   in the live list in that order (so items new to the list come before the server-only items
//!   after them); `$setElementOrder/<list>` fixes the order of the items it names;
//! - directives `$patch: replace | delete` (objects and list elements), `$retainKeys`,
//!   `$deleteFromPrimitiveList/<list>`, `$setElementOrder/<list>`.
//!
//! Upstream decodes the result into the Go type, which drops leftover directive keys and `null`
//! fields inside values copied from the patch; this implementation strips them from those values
//! so the result is the same JSON. Error texts and their HTTP classes follow upstream (including
//! `$patch: merge`, which upstream rejects).

use super::schema::{FieldSchema, PatchSchema, PatchStrategy};
use super::PatchError;
use crate::gofmt;
use serde_json::{Map, Value};
use std::cmp::Ordering;

const DIRECTIVE_MARKER: &str = "$patch";
const DELETE_DIRECTIVE: &str = "delete";
const REPLACE_DIRECTIVE: &str = "replace";
const MERGE_DIRECTIVE: &str = "merge";
const RETAIN_KEYS_DIRECTIVE: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST_PREFIX: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER_PREFIX: &str = "$setElementOrder";

const MAP_TYPE: &str = "map[string]interface {}";
const SLICE_TYPE: &str = "[]interface {}";

/// Applies a strategic merge patch to `doc` (a JSON object; `null` counts as `{}`).
pub fn strategic_merge_patch(doc: &Value, patch: &Value, schema: &PatchSchema) -> Result<Value, PatchError> {
    let original = match doc {
        Value::Object(m) => m.clone(),
        Value::Null => Map::new(),
        _ => return Err(PatchError::BadRequest("invalid JSON document".to_string())),
    };
    let patch = match patch {
        Value::Object(m) => m.clone(),
        Value::Null => Map::new(),
        other => {
            return Err(PatchError::BadRequest(format!(
                "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
                gofmt::json_kind(other)
            )))
        }
    };
    merge_map(original, patch, schema).map(Value::Object)
}

fn bad_arg_type(expected: &str, actual: &Value) -> PatchError {
    PatchError::Internal(format!(
        "expected a {expected}, but received a {}",
        gofmt::type_name(actual)
    ))
}

fn no_merge_key(m: &Map<String, Value>, key: &str) -> PatchError {
    PatchError::Internal(format!(
        "map: {} does not contain declared merge key: {key}",
        gofmt::v(&Value::Object(m.clone()))
    ))
}

fn bad_patch_type(directive: &Value, m: &Map<String, Value>) -> PatchError {
    PatchError::Internal(format!(
        "unknown patch type: {} in map: {}",
        gofmt::v(directive),
        gofmt::v(&Value::Object(m.clone()))
    ))
}

fn retain_keys_error() -> PatchError {
    PatchError::BadRequest("invalid patch format of retainKeys".to_string())
}

fn is_directive_key(k: &str) -> bool {
    k == DIRECTIVE_MARKER
        || k == RETAIN_KEYS_DIRECTIVE
        || k.starts_with("$setElementOrder/")
        || k.starts_with("$deleteFromPrimitiveList/")
}

/// For values copied verbatim from the patch: drops directive keys and `null` fields (what
/// decoding into the Go type does), keeping every element.
fn sanitize(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(sanitize_map(m)),
        Value::Array(items) => Value::Array(items.into_iter().map(sanitize).collect()),
        other => other,
    }
}

fn sanitize_map(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter()
        .filter(|(k, v)| !v.is_null() && !is_directive_key(k))
        .map(|(k, v)| (k, sanitize(v)))
        .collect()
}

/// Upstream `discardNullValuesFromPatch` + `removeDirectives`: objects carrying `$patch` are
/// dropped (`None` at the top level), `null` fields removed; other directive keys stripped too.
fn clean_new(v: Value) -> Option<Value> {
    match v {
        Value::Object(m) => {
            if m.contains_key(DIRECTIVE_MARKER) {
                return None;
            }
            let mut out = Map::new();
            for (k, v) in m {
                if v.is_null() || is_directive_key(&k) {
                    continue;
                }
                if let Some(v) = clean_new(v) {
                    out.insert(k, v);
                }
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => Some(Value::Array(items.into_iter().filter_map(clean_new).collect())),
        other => Some(other),
    }
}

/// `(strategy, merge key ("" when none), nested schema)` of a possibly undescribed field.
fn field_meta(field: Option<&FieldSchema>) -> (PatchStrategy, &str, PatchSchema) {
    match field {
        Some(f) => (f.strategy, f.merge_key.as_deref().unwrap_or(""), f.schema.clone()),
        None => (PatchStrategy::Default, "", PatchSchema::new()),
    }
}

fn merge_map(
    mut original: Map<String, Value>,
    mut patch: Map<String, Value>,
    schema: &PatchSchema,
) -> Result<Map<String, Value>, PatchError> {
    if let Some(directive) = patch.get(DIRECTIVE_MARKER) {
        return match directive.as_str() {
            Some(REPLACE_DIRECTIVE) => {
                patch.remove(DIRECTIVE_MARKER);
                Ok(sanitize_map(patch))
            }
            Some(DELETE_DIRECTIVE) => Ok(Map::new()),
            _ => Err(bad_patch_type(directive, &patch)),
        };
    }
    apply_retain_keys(&mut original, &mut patch)?;
    merge_set_element_order(&mut original, &mut patch, schema)?;

    for (key, patch_v) in patch {
        let (key, is_delete_list) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX) {
            (extract_key(&key, DELETE_FROM_PRIMITIVE_LIST_PREFIX)?, true)
        } else {
            (key, false)
        };
        if patch_v.is_null() {
            original.remove(&key);
            continue;
        }
        let Some(slot) = original.get_mut(&key) else {
            if !is_delete_list {
                if let Some(v) = clean_new(patch_v) {
                    original.insert(key, v);
                }
            }
            continue;
        };
        if gofmt::type_name(slot) != gofmt::type_name(&patch_v) {
            if !is_delete_list {
                match clean_new(patch_v) {
                    Some(v) => *slot = v,
                    None => {
                        original.remove(&key);
                    }
                }
            }
            continue;
        }
        let field = schema.field(&key);
        *slot = match (std::mem::take(slot), patch_v) {
            (Value::Object(o), Value::Object(p)) => {
                let (strategy, _, sub) = field_meta(field);
                if strategy == PatchStrategy::Replace {
                    Value::Object(sanitize_map(p))
                } else {
                    Value::Object(merge_map(o, p, &sub)?)
                }
            }
            (Value::Array(o), Value::Array(p)) => {
                Value::Array(merge_slice_handler(o, p, field, is_delete_list)?.list)
            }
            (_, p) => p,
        };
    }
    Ok(original)
}

/// `$deleteFromPrimitiveList/finalizers` → `finalizers`.
fn extract_key(s: &str, prefix: &str) -> Result<String, PatchError> {
    match s.split_once('/') {
        Some((head, rest)) if head == prefix => Ok(rest.to_string()),
        _ if prefix == DELETE_FROM_PRIMITIVE_LIST_PREFIX => Err(PatchError::BadRequest(
            "invalid patch format of primitive list".to_string(),
        )),
        _ => Err(PatchError::BadRequest(
            "invalid patch format of setElementOrder list".to_string(),
        )),
    }
}

fn apply_retain_keys(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
) -> Result<(), PatchError> {
    let Some(retain) = patch.remove(RETAIN_KEYS_DIRECTIVE) else {
        return Ok(());
    };
    let Value::Array(list) = retain else {
        return Err(retain_keys_error());
    };
    let retained = |k: &str| list.iter().any(|v| v.as_str() == Some(k));
    for (k, v) in patch.iter() {
        if v.is_null()
            || k.starts_with(DELETE_FROM_PRIMITIVE_LIST_PREFIX)
            || k.starts_with(SET_ELEMENT_ORDER_PREFIX)
        {
            continue;
        }
        if !retained(k) {
            return Err(retain_keys_error());
        }
    }
    original.retain(|k, _| retained(k));
    Ok(())
}

fn as_list(v: Option<&Value>) -> Result<Option<Vec<Value>>, PatchError> {
    match v {
        None => Ok(None),
        Some(Value::Array(a)) => Ok(Some(a.clone())),
        Some(other) => Err(bad_arg_type(SLICE_TYPE, other)),
    }
}

/// Upstream `mergePatchIntoOriginal`: merges each list named by a `$setElementOrder/<list>`
/// directive and orders it: directive order > patch order > live order.
fn merge_set_element_order(
    original: &mut Map<String, Value>,
    patch: &mut Map<String, Value>,
    schema: &PatchSchema,
) -> Result<(), PatchError> {
    let keys: Vec<String> = patch
        .keys()
        .filter(|k| k.starts_with(SET_ELEMENT_ORDER_PREFIX))
        .cloned()
        .collect();
    for key in keys {
        let Some(order_v) = patch.remove(&key) else {
            continue;
        };
        let Value::Array(order) = order_v else {
            return Err(bad_arg_type(SLICE_TYPE, &order_v));
        };
        let list_key = extract_key(&key, SET_ELEMENT_ORDER_PREFIX)?;
        let original_list = as_list(original.get(&list_key))?;
        let patch_list = as_list(patch.get(&list_key))?;
        let field = schema.field(&list_key);
        let (_, merge_key, _) = field_meta(field);
        validate_patch_with_set_order_list(patch_list.as_deref().unwrap_or(&[]), &order, merge_key)?;

        let merged = match (&original_list, &patch_list) {
            (Some(o), None) => MergedList::plain(o.clone()),
            (None, Some(p)) => match clean_new(Value::Array(p.clone())) {
                Some(Value::Array(items)) => MergedList::plain(items),
                _ => continue,
            },
            (Some(o), Some(p)) => merge_slice_handler(o.clone(), p.clone(), field, false)?,
            (None, None) => continue,
        };
        let MergedList {
            list: merged,
            server_view,
        } = merged;
        let (patch_items, server_only) = if merge_key.is_empty() {
            partition_primitives(merged, &order)
        } else {
            partition_maps(merged, &order, merge_key)?
        };
        let original_list = original_list.unwrap_or_default();
        let kind = slice_element_type(&[&original_list, patch_list.as_deref().unwrap_or(&[])])?;
        let server_order = server_view.as_deref().unwrap_or(&original_list);
        let both = normalize_element_order(patch_items, server_only, &order, server_order, merge_key, kind)?;
        original.insert(list_key.clone(), Value::Array(both));
        patch.remove(&list_key);
    }
    Ok(())
}

fn contains_directive_marker(v: &Value) -> bool {
    v.as_object().is_some_and(|m| m.contains_key(DIRECTIVE_MARKER))
}

fn merge_key_value_equal(left: &Value, right: &Value, merge_key: &str) -> Result<bool, PatchError> {
    if merge_key.is_empty() {
        return Ok(left == right);
    }
    let l = left.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, left))?;
    let r = right.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, right))?;
    let lv = l.get(merge_key).ok_or_else(|| no_merge_key(l, merge_key))?;
    let rv = r.get(merge_key).ok_or_else(|| no_merge_key(r, merge_key))?;
    Ok(lv == rv)
}

/// Upstream `validatePatchWithSetOrderList`: the patch list must follow the directive's order.
fn validate_patch_with_set_order_list(
    patch_list: &[Value],
    order: &[Value],
    merge_key: &str,
) -> Result<(), PatchError> {
    if order.is_empty() || patch_list.is_empty() {
        return Ok(());
    }
    let non_delete: Vec<Value> = if merge_key.is_empty() {
        patch_list.to_vec()
    } else {
        extract_to_delete_items(patch_list.to_vec())?.0
    };
    let (mut pi, mut si) = (0, 0);
    while pi < non_delete.len() && si < order.len() {
        if contains_directive_marker(&non_delete[pi]) {
            pi += 1;
            continue;
        }
        if merge_key_value_equal(&non_delete[pi], &order[si], merge_key)? {
            pi += 1;
        }
        si += 1;
    }
    if pi < non_delete.len() && si >= order.len() {
        return Err(PatchError::Internal(format!(
            "The order in patch list:\n{}\n doesn't match {SET_ELEMENT_ORDER_PREFIX} list:\n{}\n",
            gofmt::v(&Value::Array(patch_list.to_vec())),
            gofmt::v(&Value::Array(order.to_vec()))
        )));
    }
    Ok(())
}

/// A merged list plus, when it differs from the live list, the order upstream's server-side
/// ordering actually sees: Go appends new elements into the backing array of the live list after
/// deletions shrank it, so `$setElementOrder` processing observes them at those positions.
struct MergedList {
    list: Vec<Value>,
    server_view: Option<Vec<Value>>,
}

impl MergedList {
    fn plain(list: Vec<Value>) -> Self {
        MergedList {
            list,
            server_view: None,
        }
    }
}

fn merge_slice_handler(
    original: Vec<Value>,
    patch: Vec<Value>,
    field: Option<&FieldSchema>,
    is_delete_list: bool,
) -> Result<MergedList, PatchError> {
    let (strategy, merge_key, sub) = field_meta(field);
    if strategy == PatchStrategy::Merge || is_delete_list {
        merge_slice(original, patch, &sub, merge_key, is_delete_list)
    } else {
        Ok(MergedList::plain(patch.into_iter().map(sanitize).collect()))
    }
}

/// The Go type name shared by all elements (upstream `sliceElementType`).
fn slice_element_type(lists: &[&[Value]]) -> Result<&'static str, PatchError> {
    let mut prev: Option<&'static str> = None;
    for v in lists.iter().flat_map(|l| l.iter()) {
        let t = gofmt::type_name(v);
        match prev {
            None => {
                if v.is_array() {
                    return Err(PatchError::Unprocessable(
                        "lists of lists are not supported".to_string(),
                    ));
                }
                prev = Some(t);
            }
            Some(p) if p != t => {
                let all: Vec<Value> = lists.iter().map(|l| Value::Array(l.to_vec())).collect();
                return Err(PatchError::Internal(format!(
                    "list element types are not identical: {}",
                    gofmt::v(&Value::Array(all))
                )));
            }
            Some(_) => {}
        }
    }
    prev.ok_or_else(|| PatchError::Internal("no elements in any of the given slices".to_string()))
}

fn merge_slice(
    original: Vec<Value>,
    patch: Vec<Value>,
    schema: &PatchSchema,
    merge_key: &str,
    is_delete_list: bool,
) -> Result<MergedList, PatchError> {
    if original.is_empty() && patch.is_empty() {
        return Ok(MergedList::plain(original));
    }
    let kind = slice_element_type(&[&original, &patch])?;
    if kind != MAP_TYPE {
        if is_delete_list {
            return Ok(MergedList::plain(
                original.into_iter().filter(|v| !patch.contains(v)).collect(),
            ));
        }
        let mut merged: Vec<Value> = Vec::with_capacity(original.len() + patch.len());
        for v in original.iter().chain(patch.iter()) {
            if !merged.contains(v) {
                merged.push(v.clone());
            }
        }
        let (patch_items, server_only) = partition_primitives(merged, &patch);
        let list = normalize_element_order(patch_items, server_only, &patch, &original, "", kind)?;
        return Ok(MergedList::plain(list));
    }
    if merge_key.is_empty() {
        return Err(PatchError::Internal(
            "cannot merge lists without merge key for struct".to_string(),
        ));
    }
    let original_len = original.len();
    let (live, patch, replaced) = merge_slice_with_special_elements(original, patch, merge_key)?;
    let merged = merge_slice_without_special_elements(live.clone(), &patch, merge_key, schema)?;
    let room = original_len.saturating_sub(live.len());
    let server_view = (!replaced && room > 0 && merged.len() > live.len()).then(|| {
        let mut view = live.clone();
        view.extend(merged[live.len()..].iter().take(room).cloned());
        view
    });
    let (patch_items, server_only) = partition_maps(merged, &patch, merge_key)?;
    let list = normalize_element_order(patch_items, server_only, &patch, &live, merge_key, kind)?;
    Ok(MergedList { list, server_view })
}

/// Handles `$patch: delete | replace` list elements; returns the updated original, the patch
/// without those elements, and whether the list was replaced.
fn merge_slice_with_special_elements(
    mut original: Vec<Value>,
    patch: Vec<Value>,
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>, bool), PatchError> {
    let mut plain = Vec::with_capacity(patch.len());
    let mut replace = false;
    for v in patch {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, &v))?;
        let Some(directive) = m.get(DIRECTIVE_MARKER) else {
            plain.push(v);
            continue;
        };
        match directive.as_str() {
            Some(DELETE_DIRECTIVE) => {
                let value = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
                for (i, item) in original.iter().enumerate() {
                    if !item.is_object() {
                        return Err(PatchError::Internal(format!("value for key {i} is not a map")));
                    }
                }
                original.retain(|item| item.get(merge_key) != Some(value));
            }
            Some(REPLACE_DIRECTIVE) => replace = true,
            Some(MERGE_DIRECTIVE) => {
                return Err(PatchError::Internal(
                    "merging lists cannot yet be specified in the patch".to_string(),
                ))
            }
            _ => return Err(bad_patch_type(directive, m)),
        }
    }
    if replace {
        Ok((plain.into_iter().map(sanitize).collect(), Vec::new(), true))
    } else {
        Ok((original, plain, false))
    }
}

fn find_map_in_slice(list: &[Value], merge_key: &str, value: &Value) -> Result<Option<usize>, PatchError> {
    for (i, item) in list.iter().enumerate() {
        let m = item
            .as_object()
            .ok_or_else(|| PatchError::Internal(format!("value for key {i} is not a map")))?;
        if m.get(merge_key) == Some(value) {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn merge_slice_without_special_elements(
    mut original: Vec<Value>,
    patch: &[Value],
    merge_key: &str,
    schema: &PatchSchema,
) -> Result<Vec<Value>, PatchError> {
    for v in patch {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, v))?;
        let value = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
        match find_map_in_slice(&original, merge_key, value)? {
            Some(i) => {
                let Value::Object(o) = std::mem::take(&mut original[i]) else {
                    unreachable!("find_map_in_slice only returns objects")
                };
                original[i] = Value::Object(merge_map(o, m.clone(), schema)?);
            }
            None => original.push(sanitize(v.clone())),
        }
    }
    Ok(original)
}

fn partition_primitives(merged: Vec<Value>, partition_by: &[Value]) -> (Vec<Value>, Vec<Value>) {
    merged.into_iter().partition(|v| partition_by.contains(v))
}

fn partition_maps(
    merged: Vec<Value>,
    partition_by: &[Value],
    merge_key: &str,
) -> Result<(Vec<Value>, Vec<Value>), PatchError> {
    let mut in_patch = Vec::new();
    let mut server_only = Vec::new();
    for v in merged {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, &v))?;
        let value = m.get(merge_key).ok_or_else(|| no_merge_key(m, merge_key))?;
        if find_map_in_slice(partition_by, merge_key, value)?.is_some() {
            in_patch.push(v);
        } else {
            server_only.push(v);
        }
    }
    Ok((in_patch, server_only))
}

fn extract_to_delete_items(list: Vec<Value>) -> Result<(Vec<Value>, Vec<Value>), PatchError> {
    let mut keep = Vec::new();
    let mut delete = Vec::new();
    for v in list {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, &v))?;
        if m.get(DIRECTIVE_MARKER).and_then(Value::as_str) == Some(DELETE_DIRECTIVE) {
            delete.push(v);
        } else {
            keep.push(v);
        }
    }
    Ok((keep, delete))
}

fn validate_merge_key_in_lists(merge_key: &str, lists: &[&[Value]]) -> Result<(), PatchError> {
    for v in lists.iter().flat_map(|l| l.iter()) {
        let m = v.as_object().ok_or_else(|| bad_arg_type(MAP_TYPE, v))?;
        if !m.contains_key(merge_key) {
            return Err(no_merge_key(m, merge_key));
        }
    }
    Ok(())
}

/// Position of `value` in `list`: by merge key value for objects, by equality for scalars.
fn index_of(list: &[Value], value: &Value, merge_key: &str, kind: &str) -> Option<usize> {
    if kind == MAP_TYPE {
        let key = value.get(merge_key);
        list.iter().position(|v| v.get(merge_key) == key)
    } else {
        list.iter().position(|v| v == value)
    }
}

/// Upstream `normalizeSliceOrder`: sorts by position in `order` (items marked `$patch: delete`
/// go last). Items missing from `order` reproduce Go's insertion sort with its always-true
/// comparator.
fn normalize_slice_order(
    to_sort: Vec<Value>,
    order: &[Value],
    merge_key: &str,
    kind: &str,
) -> Result<Vec<Value>, PatchError> {
    let (mut to_sort, to_delete) = if kind == MAP_TYPE {
        validate_merge_key_in_lists(merge_key, &[&to_sort, order])?;
        extract_to_delete_items(to_sort)?
    } else {
        (to_sort, Vec::new())
    };
    let mut keyed: Vec<(Option<usize>, Value)> = to_sort
        .drain(..)
        .map(|v| (index_of(order, &v, merge_key, kind), v))
        .collect();
    if keyed.iter().all(|(i, _)| i.is_some()) {
        keyed.sort_by_key(|(i, _)| *i);
    } else {
        let less = |a: &Option<usize>, b: &Option<usize>| match (a, b) {
            (Some(a), Some(b)) => a < b,
            _ => true,
        };
        for i in 1..keyed.len() {
            let mut j = i;
            while j > 0 && less(&keyed[j].0, &keyed[j - 1].0) {
                keyed.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    let mut out: Vec<Value> = keyed.into_iter().map(|(_, v)| v).collect();
    out.extend(to_delete);
    Ok(out)
}

fn normalize_element_order(
    patch_items: Vec<Value>,
    server_only: Vec<Value>,
    patch_order: &[Value],
    server_order: &[Value],
    merge_key: &str,
    kind: &str,
) -> Result<Vec<Value>, PatchError> {
    let patch_items = normalize_slice_order(patch_items, patch_order, merge_key, kind)?;
    let server_only = normalize_slice_order(server_only, server_order, merge_key, kind)?;
    Ok(merge_sorted_slice(
        server_only,
        patch_items,
        server_order,
        merge_key,
        kind,
    ))
}

/// Upstream `mergeSortedSlice`: inserts the server-only items (`left`) into the patch items
/// (`right`), taking a left item first only when both are in `server_order` and it comes earlier.
fn merge_sorted_slice(
    left: Vec<Value>,
    right: Vec<Value>,
    server_order: &[Value],
    merge_key: &str,
    kind: &str,
) -> Vec<Value> {
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        let take_left = match (left.peek(), right.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(l), Some(r)) => {
                let li = index_of(server_order, l, merge_key, kind);
                let ri = index_of(server_order, r, merge_key, kind);
                matches!((li, ri), (Some(li), Some(ri)) if li.cmp(&ri) == Ordering::Less)
            }
        };
        let next = if take_left { left.next() } else { right.next() };
        out.extend(next);
    }
    out
}
