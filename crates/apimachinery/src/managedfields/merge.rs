//! Merging an applied configuration into the live object (upstream `typed/merge.go` with the
//! keep-right-hand-side rule): the applied value wins on leaves, atomic lists and atomic maps;
//! structs and maps merge key by key; associative lists merge item by item, in an order that keeps
//! live-only items where they were and shared items in the applied order.

use super::fieldpath::PathElement;
use super::items::list_elements;
use super::schema::{ListSchema, MapSchema, Node};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// `lhs` (live) merged with `rhs` (applied); `None` when neither side has a value.
pub(crate) fn merge(
    lhs: Option<&Value>,
    rhs: Option<&Value>,
    node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<Option<Value>, String> {
    let (l, r) = match (lhs, rhs) {
        (None, None) => return Ok(None),
        (Some(l), None) => return Ok(Some(l.clone())),
        (None, Some(r)) => return Ok(Some(r.clone())),
        (Some(l), Some(r)) => (l, r),
    };
    match (l, r) {
        (Value::Object(lm), Value::Object(_) | Value::Null) => {
            let rm = r.as_object();
            let r_empty = rm.is_none_or(|m| m.is_empty());
            if node.map_schema() == MapSchema::Atomic || (lm.is_empty() && r_empty) {
                return Ok(Some(r.clone()));
            }
            let mut out = Map::new();
            let keys: BTreeSet<&String> = lm.keys().chain(rm.into_iter().flat_map(|m| m.keys())).collect();
            for k in keys {
                path.push(PathElement::Field(k.clone()));
                let merged = merge(lm.get(k), rm.and_then(|m| m.get(k)), node.field(k), path)?;
                path.pop();
                if let Some(v) = merged {
                    out.insert(k.clone(), v);
                }
            }
            Ok((!out.is_empty()).then_some(Value::Object(out)))
        }
        (Value::Array(la), Value::Array(_) | Value::Null) => {
            let ra: &[Value] = r.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let list = node.list_schema();
            if *list == ListSchema::Atomic || (la.is_empty() && ra.is_empty()) {
                return Ok(Some(r.clone()));
            }
            merge_list(la, ra, list, node.item(), path)
        }
        _ => Ok(Some(r.clone())),
    }
}

fn merge_list(
    lhs: &[Value],
    rhs: &[Value],
    list: &ListSchema,
    item_node: &Node,
    path: &mut Vec<PathElement>,
) -> Result<Option<Value>, String> {
    let r_elems = list_elements(rhs, list, path, true)?;
    let l_elems = list_elements(lhs, list, path, false)?;
    let observed_r: BTreeMap<&PathElement, &Value> = r_elems.iter().map(|(pe, v)| (pe, *v)).collect();
    // A repeated live item is not merged with the applied one (upstream observes it as null).
    let mut observed_l: BTreeMap<&PathElement, Option<&Value>> = BTreeMap::new();
    for (pe, v) in &l_elems {
        observed_l
            .entry(pe)
            .and_modify(|seen| *seen = None)
            .or_insert(Some(*v));
    }
    let mut shared: VecDeque<&PathElement> = r_elems
        .iter()
        .map(|(pe, _)| pe)
        .filter(|pe| observed_l.contains_key(pe))
        .collect();
    let mut next_shared = shared.pop_front();
    let mut merged_r: BTreeSet<&PathElement> = BTreeSet::new();
    let mut out = Vec::with_capacity(lhs.len().max(rhs.len()));
    let mut item = |pe: &PathElement, l: Option<&Value>, r: Option<&Value>, out: &mut Vec<Value>| {
        path.push(pe.clone());
        let merged = merge(l, r, item_node, path);
        path.pop();
        if let Some(v) = merged? {
            out.push(v);
        }
        Ok::<(), String>(())
    };
    let (l_len, r_len) = (l_elems.len(), r_elems.len());
    let (mut li, mut ri) = (0, 0);
    while li < l_len || ri < r_len {
        if li < l_len && ri < r_len {
            let pe = &l_elems[li].0;
            if *pe == r_elems[ri].0 {
                merged_r.insert(pe);
                item(pe, observed_l[pe], Some(observed_r[pe]), &mut out)?;
                li += 1;
                ri += 1;
                next_shared = shared.pop_front();
                continue;
            }
            if observed_r.contains_key(pe) && next_shared.is_some_and(|n| n != pe) {
                // A shared item, but not its turn yet: it is emitted in the applied order.
                li += 1;
                continue;
            }
        }
        if li < l_len {
            let (pe, l_item) = &l_elems[li];
            if !observed_r.contains_key(pe) {
                item(pe, Some(l_item), None, &mut out)?;
                li += 1;
                continue;
            } else if merged_r.contains(pe) {
                li += 1;
            }
        }
        if ri < r_len {
            let pe = &r_elems[ri].0;
            merged_r.insert(pe);
            let l_item = observed_l.get(pe).copied().flatten();
            item(pe, l_item, Some(observed_r[pe]), &mut out)?;
            ri += 1;
            if next_shared == Some(pe) {
                next_shared = shared.pop_front();
            }
        }
    }
    Ok((!out.is_empty()).then_some(Value::Array(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managedfields::schema::ApplySchema;
    use serde_json::json;

    fn run(schema: &ApplySchema, l: Value, r: Value) -> Value {
        merge(Some(&l), Some(&r), &schema.root, &mut Vec::new())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn merges_per_schema() {
        let s = ApplySchema::default()
            .with_list("list", ListSchema::map(&["name"]))
            .with_list("set", ListSchema::Set)
            .with_map("atomic", MapSchema::Atomic);
        let cases = [
            (
                json!({"a": 1, "b": {"c": 1}}),
                json!({"b": {"d": 2}}),
                json!({"a": 1, "b": {"c": 1, "d": 2}}),
            ),
            (
                json!({"atomic": {"x": 1}}),
                json!({"atomic": {"y": 2}}),
                json!({"atomic": {"y": 2}}),
            ),
            (
                json!({"plain": [1, 2]}),
                json!({"plain": [3]}),
                json!({"plain": [3]}),
            ),
            (
                json!({"list": [{"name": "a", "v": 1}, {"name": "b", "v": 1}]}),
                json!({"list": [{"name": "c"}, {"name": "a", "w": 2}]}),
                json!({"list": [{"name": "c"}, {"name": "a", "v": 1, "w": 2}, {"name": "b", "v": 1}]}),
            ),
            (
                json!({"set": ["x", "y"]}),
                json!({"set": ["z", "x"]}),
                json!({"set": ["z", "x", "y"]}),
            ),
            (
                json!({"set": ["x", "y", "w"]}),
                json!({"set": ["y", "x"]}),
                json!({"set": ["y", "w", "x"]}),
            ),
            (json!({"b": {"c": 1}}), json!({"b": null}), json!({"b": {"c": 1}})),
            (json!({"b": 1}), json!({"b": null}), json!({"b": null})),
        ];
        for (l, r, want) in cases {
            assert_eq!(run(&s, l.clone(), r.clone()), want, "{l} + {r}");
        }
    }

    #[test]
    fn rejects_duplicate_applied_keys() {
        let s = ApplySchema::default().with_list("list", ListSchema::map(&["name"]));
        let l = json!({"list": [{"name": "a"}]});
        let r = json!({"list": [{"name": "a"}, {"name": "a"}]});
        assert!(merge(Some(&l), Some(&r), &s.root, &mut Vec::new()).is_err());
    }
}
