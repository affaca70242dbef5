//! Comparing two versions of an object (upstream `typed/compare.go`): which fields were added,
//! removed or modified. Leaves (and atomic lists and maps) are compared by value; a struct, map or
//! list that appears or disappears as a whole is itself added or removed.

use super::fieldpath::{Path, PathElement};
use super::fieldset::FieldSet;
use super::items::list_elements;
use super::schema::{ListSchema, MapSchema, Node};
use super::value::equals;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// Fields that differ between two objects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// Fields only the new object has.
    pub added: FieldSet,
    /// Fields only the old object has.
    pub removed: FieldSet,
    /// Fields both have, with different values.
    pub modified: FieldSet,
}

impl Comparison {
    /// Drops `fields` and everything below them from all three sets.
    pub(crate) fn exclude(&mut self, fields: &FieldSet) {
        self.added = self.added.recursive_difference(fields);
        self.removed = self.removed.recursive_difference(fields);
        self.modified = self.modified.recursive_difference(fields);
    }
}

/// Compares `old` with `new`.
pub(crate) fn compare(old: &Value, new: &Value, node: &Node) -> Result<Comparison, String> {
    let mut out = Comparison::default();
    walk(Some(old), Some(new), node, &mut Vec::new(), &mut out)?;
    Ok(out)
}

static EMPTY_MAP: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

enum Shape<'a> {
    Object(Option<&'a Map<String, Value>>, Option<&'a Map<String, Value>>),
    Array(Option<&'a [Value]>, Option<&'a [Value]>),
    Leaf,
}

/// What to compare `l` and `r` as. A null facing an object or a list counts as an empty one that is
/// present (as upstream's null values do).
fn shape<'a>(l: Option<&'a Value>, r: Option<&'a Value>) -> Shape<'a> {
    let obj = |v: Option<&'a Value>| match v {
        None => Some(None),
        Some(Value::Object(m)) => Some(Some(m)),
        Some(Value::Null) => Some(Some(&*EMPTY_MAP)),
        Some(_) => None,
    };
    let arr = |v: Option<&'a Value>| match v {
        None => Some(None),
        Some(Value::Array(a)) => Some(Some(a.as_slice())),
        Some(Value::Null) => Some(Some(&[][..])),
        Some(_) => None,
    };
    let any_obj = matches!(l, Some(Value::Object(_))) || matches!(r, Some(Value::Object(_)));
    let any_arr = matches!(l, Some(Value::Array(_))) || matches!(r, Some(Value::Array(_)));
    if any_obj {
        if let (Some(lo), Some(ro)) = (obj(l), obj(r)) {
            return Shape::Object(lo, ro);
        }
    } else if any_arr {
        if let (Some(la), Some(ra)) = (arr(l), arr(r)) {
            return Shape::Array(la, ra);
        }
    }
    Shape::Leaf
}

fn leaf(l: Option<&Value>, r: Option<&Value>, path: &[PathElement], out: &mut Comparison) {
    let p = Path(path.to_vec());
    match (l, r) {
        (None, Some(_)) => out.added.insert(&p),
        (Some(_), None) => out.removed.insert(&p),
        (Some(a), Some(b)) if !equals(a, b) => out.modified.insert(&p),
        _ => {}
    }
}

fn walk(
    l: Option<&Value>,
    r: Option<&Value>,
    node: &Node,
    path: &mut Vec<PathElement>,
    out: &mut Comparison,
) -> Result<(), String> {
    if l.is_none() && r.is_none() {
        return Ok(());
    }
    match shape(l, r) {
        Shape::Object(lm, rm) => {
            let l_empty = lm.is_none_or(|m| m.is_empty());
            let r_empty = rm.is_none_or(|m| m.is_empty());
            if node.map_schema() == MapSchema::Atomic || (l_empty && r_empty) {
                leaf(l, r, path, out);
                return Ok(());
            }
            let keys: BTreeSet<&String> = lm.into_iter().chain(rm).flat_map(|m| m.keys()).collect();
            for k in keys {
                path.push(PathElement::Field(k.clone()));
                walk(
                    lm.and_then(|m| m.get(k)),
                    rm.and_then(|m| m.get(k)),
                    node.field(k),
                    path,
                    out,
                )?;
                path.pop();
            }
        }
        Shape::Array(la, ra) => {
            let list = node.list_schema();
            let l_empty = la.is_none_or(|a| a.is_empty());
            let r_empty = ra.is_none_or(|a| a.is_empty());
            if *list == ListSchema::Atomic || (l_empty && r_empty) {
                leaf(l, r, path, out);
                return Ok(());
            }
            compare_items(la.unwrap_or(&[]), ra.unwrap_or(&[]), list, node.item(), path, out)?;
        }
        Shape::Leaf => {
            leaf(l, r, path, out);
            return Ok(());
        }
    }
    let p = Path(path.to_vec());
    if l.is_none() {
        out.added.insert(&p);
    } else if r.is_none() {
        out.removed.insert(&p);
    }
    Ok(())
}

fn compare_items(
    l: &[Value],
    r: &[Value],
    list: &ListSchema,
    item_node: &Node,
    path: &mut Vec<PathElement>,
    out: &mut Comparison,
) -> Result<(), String> {
    let mut order: Vec<PathElement> = Vec::new();
    let mut l_values: BTreeMap<PathElement, Vec<&Value>> = BTreeMap::new();
    for (pe, v) in list_elements(l, list, path, false)? {
        if !l_values.contains_key(&pe) {
            order.push(pe.clone());
        }
        l_values.entry(pe).or_default().push(v);
    }
    let mut r_values: BTreeMap<PathElement, Vec<&Value>> = BTreeMap::new();
    for (pe, v) in list_elements(r, list, path, false)? {
        if !l_values.contains_key(&pe) && !r_values.contains_key(&pe) {
            order.push(pe.clone());
        }
        r_values.entry(pe).or_default().push(v);
    }
    for pe in order {
        let lv = l_values.get(&pe).map(Vec::as_slice).unwrap_or(&[]);
        let rv = r_values.get(&pe).map(Vec::as_slice).unwrap_or(&[]);
        path.push(pe);
        match (lv.len(), rv.len()) {
            (0..=1, 0..=1) => walk(lv.first().copied(), rv.first().copied(), item_node, path, out)?,
            (2.., 2..) => {
                let same = lv.len() == rv.len() && lv.iter().zip(rv).all(|(a, b)| equals(a, b));
                if !same {
                    out.modified.insert(&Path(path.clone()));
                }
            }
            // Repeated items that are no longer repeated, or the other way round.
            (2.., _) => {
                if let Some(first) = rv.first() {
                    walk(None, Some(first), item_node, path, out)?;
                }
                out.removed.insert(&Path(path.clone()));
            }
            (_, _) => {
                if let Some(first) = lv.first() {
                    walk(Some(first), None, item_node, path, out)?;
                }
                out.added.insert(&Path(path.clone()));
            }
        }
        path.pop();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managedfields::schema::ApplySchema;
    use serde_json::json;

    fn shown(s: &FieldSet) -> Vec<String> {
        s.paths().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn reports_added_removed_modified() {
        let s = ApplySchema::for_kind("", "Pod");
        let old = json!({"spec": {"replicas": 1, "gone": 1, "containers": [{"name": "a", "image": "x"}]}});
        let new = json!({"spec": {"replicas": 2, "containers": [{"name": "a", "image": "x"}, {"name": "b"}], "labels": {"k": "v"}}});
        let c = compare(&old, &new, &s.root).unwrap();
        assert_eq!(shown(&c.modified), [".spec.replicas"]);
        assert_eq!(shown(&c.removed), [".spec.gone"]);
        assert_eq!(
            shown(&c.added),
            [
                ".spec.labels",
                ".spec.containers[name=\"b\"]",
                ".spec.containers[name=\"b\"].name",
                ".spec.labels.k"
            ]
        );
        assert_eq!(compare(&old, &old, &s.root).unwrap(), Comparison::default());
        // A null facing a list is an empty list that is present: the list itself is not added.
        let c = compare(&json!({"l": null}), &json!({"l": [1]}), &s.root).unwrap();
        assert_eq!(shown(&c.modified), [".l"]);
    }
}
