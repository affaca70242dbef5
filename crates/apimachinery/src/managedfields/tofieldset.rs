//! The fields an object sets (upstream `typed/tofieldset.go`): every leaf, every associative list
//! item, atomic lists and maps as one field, empty / null values, and the keys of free-form maps.

use super::fieldpath::{Path, PathElement};
use super::fieldset::FieldSet;
use super::items::list_elements;
use super::schema::{ListSchema, MapSchema, Node};
use serde_json::Value;
use std::collections::BTreeMap;

/// All fields of `v`. With `strict`, repeated associative list items are an error.
pub(crate) fn field_set(v: &Value, node: &Node, strict: bool) -> Result<FieldSet, String> {
    let mut set = FieldSet::new();
    walk(v, node, &mut Vec::new(), &mut set, strict)?;
    Ok(set)
}

fn insert(set: &mut FieldSet, path: &[PathElement]) {
    set.insert(&Path(path.to_vec()));
}

fn walk(
    v: &Value,
    node: &Node,
    path: &mut Vec<PathElement>,
    set: &mut FieldSet,
    strict: bool,
) -> Result<(), String> {
    match v {
        Value::Object(m) => {
            if node.map_schema() == MapSchema::Atomic {
                insert(set, path);
                return Ok(());
            }
            for (k, child) in m {
                path.push(PathElement::Field(k.clone()));
                walk(child, node.field(k), path, set, strict)?;
                let empty = child.is_null() || child.as_object().is_some_and(|o| o.is_empty());
                if empty || !node.has_named_fields() {
                    insert(set, path);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            let list = node.list_schema();
            if *list == ListSchema::Atomic {
                insert(set, path);
                return Ok(());
            }
            let elems = list_elements(items, list, path, strict)?;
            let mut count: BTreeMap<&PathElement, usize> = BTreeMap::new();
            for (pe, _) in &elems {
                *count.entry(pe).or_default() += 1;
            }
            for (pe, item) in &elems {
                path.push(pe.clone());
                if count[pe] > 1 {
                    // Repeated items are owned as a whole (once).
                    insert(set, path);
                } else {
                    walk(item, node.item(), path, set, strict)?;
                    insert(set, path);
                }
                path.pop();
            }
        }
        _ => insert(set, path),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managedfields::schema::ApplySchema;
    use serde_json::json;

    #[test]
    fn deployment_fields() {
        let schema = ApplySchema::for_kind("apps", "Deployment");
        let obj = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "d", "labels": {"app": "d"}},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "d"}},
                "template": {
                    "metadata": {"labels": {"app": "d"}},
                    "spec": {"containers": [{"name": "nginx", "image": "nginx", "ports": [{"containerPort": 80}], "resources": {}}]}
                }
            }
        });
        let set = field_set(&obj, &schema.root, true).unwrap();
        let want = r#"{"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},"f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}},"f:resources":{}}}}}}}"#;
        assert_eq!(set.to_fields_v1_string(), want);
    }

    #[test]
    fn sets_maps_and_custom_resources() {
        let cases = [
            (
                ApplySchema::for_kind("", "ConfigMap"),
                json!({"metadata": {"finalizers": ["a", "b"]}, "data": {"k": "v"}}),
                r#"{"f:data":{"f:k":{}},"f:metadata":{"f:finalizers":{"v:\"a\"":{},"v:\"b\"":{}}}}"#,
            ),
            (
                ApplySchema::default(),
                json!({"spec": {"list": [1, 2], "nested": {"a": null, "b": {}}, "empty": []}}),
                r#"{"f:spec":{"f:empty":{},"f:list":{},"f:nested":{"f:a":{},"f:b":{}}}}"#,
            ),
            (
                ApplySchema::default().with_map("spec.m", MapSchema::Map),
                json!({"spec": {"m": {"x": {"y": 1}}}}),
                r#"{"f:spec":{"f:m":{"f:x":{".":{},"f:y":{}}}}}"#,
            ),
        ];
        for (schema, obj, want) in cases {
            assert_eq!(
                field_set(&obj, &schema.root, true).unwrap().to_fields_v1_string(),
                want
            );
        }
        let bad = json!({"spec": {"containers": [{"image": "x"}]}});
        assert!(field_set(&bad, &ApplySchema::for_kind("", "Pod").root, true).is_err());
    }
}
