//! Removing fields from an object (upstream `typed/remove.go`), the "named fields" completion used
//! before removing (upstream `Set.EnsureNamedFieldsAreMembers`), and the always-serialized fields of
//! Go's typed objects added before comparing.

use super::fieldpath::PathElement;
use super::fieldset::FieldSet;
use super::items::item_element;
use super::schema::{ListSchema, MapSchema, Node};
use serde_json::{Map, Value};

/// `v` without the fields in `to_remove` (a member removes its whole subtree). `None` when nothing is
/// left (an emptied object or list disappears, as upstream's null does on typed objects).
pub(crate) fn remove(v: &Value, to_remove: &FieldSet, node: &Node) -> Option<Value> {
    match v {
        Value::Object(m) => {
            if m.is_empty() || node.map_schema() == MapSchema::Atomic {
                return None;
            }
            let mut out = Map::new();
            for (k, child) in m {
                let pe = PathElement::Field(k.clone());
                if to_remove.members.contains(&pe) {
                    continue;
                }
                let kept = match to_remove.child(&pe) {
                    Some(sub) => remove(child, sub, node.field(k)),
                    None => Some(child.clone()),
                };
                if let Some(kept) = kept {
                    out.insert(k.clone(), kept);
                }
            }
            (!out.is_empty()).then_some(Value::Object(out))
        }
        Value::Array(items) => {
            let list = node.list_schema();
            if items.is_empty() || *list == ListSchema::Atomic {
                return None;
            }
            let mut out = Vec::new();
            for item in items {
                let Ok(pe) = item_element(item, list) else {
                    out.push(item.clone());
                    continue;
                };
                if to_remove.members.contains(&pe) {
                    continue;
                }
                let kept = match to_remove.child(&pe) {
                    Some(sub) => remove(item, sub, node.item()),
                    None => Some(item.clone()),
                };
                out.extend(kept);
            }
            (!out.is_empty()).then_some(Value::Array(out))
        }
        other => Some(other.clone()),
    }
}

/// `set` plus every named struct field that has members below it (so that removing the set also
/// removes emptied parents such as `spec.strategy`).
pub(crate) fn ensure_named_fields_are_members(set: &FieldSet, node: &Node) -> FieldSet {
    ensure(set, Some(node))
}

fn ensure(set: &FieldSet, node: Option<&Node>) -> FieldSet {
    let mut out = FieldSet {
        members: set.members.clone(),
        children: Default::default(),
    };
    for (pe, child) in &set.children {
        let child_node = match (pe, node) {
            (PathElement::Field(name), Some(n)) => {
                if n.has_named_fields() {
                    out.members.insert(pe.clone());
                }
                Some(n.field(name))
            }
            (PathElement::Key(_), Some(n)) => Some(n.item()),
            _ => None,
        };
        out.children.insert(pe.clone(), ensure(child, child_node));
    }
    out
}

/// `v` with the fields Go always serializes added with their zero value, recursively.
pub(crate) fn with_serialized_zeros(v: &Value, node: &Node) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, zero) in node.present_fields() {
                if !m.contains_key(k) {
                    out.insert(k.clone(), with_serialized_zeros(zero, node.field(k)));
                }
            }
            for (k, child) in m {
                out.insert(k.clone(), with_serialized_zeros(child, node.field(k)));
            }
            Value::Object(out)
        }
        Value::Array(items) if node.item_node().is_some() => Value::Array(
            items
                .iter()
                .map(|i| with_serialized_zeros(i, node.item()))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managedfields::fieldpath::Path;
    use crate::managedfields::schema::ApplySchema;
    use serde_json::json;

    #[test]
    fn removes_fields_items_and_emptied_parents() {
        let s = ApplySchema::for_kind("", "Pod");
        let obj = json!({"spec": {"a": 1, "b": {"c": 1}, "containers": [{"name": "x", "image": "i"}, {"name": "y"}]}});
        let containers = Path::fields(&["spec", "containers"]);
        let to_remove = FieldSet::from_paths([
            Path::fields(&["spec", "a"]),
            Path::fields(&["spec", "b", "c"]),
            containers.child(PathElement::key(vec![("name".into(), json!("y"))])),
            containers
                .child(PathElement::key(vec![("name".into(), json!("x"))]))
                .child(PathElement::field("image")),
        ]);
        let got = remove(&obj, &to_remove, &s.root).unwrap();
        assert_eq!(got, json!({"spec": {"containers": [{"name": "x"}]}}));
    }

    #[test]
    fn named_fields_and_zeros() {
        let s = ApplySchema::for_kind("apps", "Deployment");
        let set = FieldSet::from_paths([Path::fields(&["metadata", "labels", "app"])]);
        let shown: Vec<String> = ensure_named_fields_are_members(&set, &s.root)
            .paths()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(shown, [".metadata", ".metadata.labels", ".metadata.labels.app"]);
        let zeros = with_serialized_zeros(&json!({}), &s.root);
        assert_eq!(
            zeros,
            json!({"metadata": {}, "spec": {"selector": null, "strategy": {},
                "template": {"metadata": {}, "spec": {"containers": null}}}, "status": {}})
        );
    }
}
