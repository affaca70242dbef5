//! The `FieldsV1` wire format of a `FieldSet` (upstream `fieldpath/serialize.go` and
//! `serialize-pe.go`): a trie of JSON objects whose keys are `f:<field>`, `k:<key object>`,
//! `v:<value>`, `i:<index>`, with `"."` marking a node that is itself a member.

use super::fieldpath::PathElement;
use super::fieldset::FieldSet;
use super::value::{go_json, go_json_string};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// A `fieldsV1` document that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct FieldsV1Error(pub String);

/// The serialized form of one path element (`f:name`, `k:{"name":"x"}`, `v:"a"`, `i:0`).
pub(crate) fn serialize_path_element(pe: &PathElement) -> String {
    match pe {
        PathElement::Field(name) => format!("f:{name}"),
        PathElement::Key(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}:{}", go_json_string(k), go_json(v)))
                .collect();
            format!("k:{{{}}}", parts.join(","))
        }
        PathElement::Value(v) => format!("v:{}", go_json(v)),
        PathElement::Index(i) => format!("i:{i}"),
    }
}

/// Parses one serialized path element. `Ok(None)` is an unknown element type, which upstream
/// silently drops.
pub(crate) fn deserialize_path_element(s: &str) -> Result<Option<PathElement>, FieldsV1Error> {
    let bytes = s.as_bytes();
    if bytes.len() < 2 {
        return Err(FieldsV1Error("key must be 2 characters long:".into()));
    }
    if bytes[1] != b':' {
        return Err(FieldsV1Error(format!("missing colon: {s}")));
    }
    let rest = &s[2..];
    let pe = match bytes[0] {
        b'f' => PathElement::Field(rest.to_string()),
        b'v' => PathElement::Value(parse_json(rest)?),
        b'k' => match parse_json(rest)? {
            Value::Object(m) => PathElement::key(m.into_iter().collect()),
            _ => return Err(FieldsV1Error(format!("key element is not an object: {s}"))),
        },
        b'i' => {
            let i: i64 = rest.parse().map_err(|e| FieldsV1Error(format!("{e}")))?;
            PathElement::Index(usize::try_from(i).map_err(|e| FieldsV1Error(format!("{e}")))?)
        }
        _ => return Ok(None),
    };
    Ok(Some(pe))
}

fn parse_json(s: &str) -> Result<Value, FieldsV1Error> {
    serde_json::from_str(s).map_err(|e| FieldsV1Error(format!("parsing key as path element: {e}")))
}

impl FieldSet {
    /// The `fieldsV1` JSON object of this set.
    pub fn to_fields_v1(&self) -> Value {
        Value::Object(self.emit_value(false))
    }

    fn emit_value(&self, include_self: bool) -> Map<String, Value> {
        let mut out = Map::new();
        if include_self && !self.is_empty() {
            out.insert(".".into(), Value::Object(Map::new()));
        }
        for pe in &self.members {
            if !self.children.contains_key(pe) {
                out.insert(serialize_path_element(pe), Value::Object(Map::new()));
            }
        }
        for (pe, child) in &self.children {
            let inner = child.emit_value(self.members.contains(pe));
            out.insert(serialize_path_element(pe), Value::Object(inner));
        }
        out
    }

    /// The `fieldsV1` document byte for byte as upstream writes it (elements in upstream order,
    /// Go escaping).
    pub fn to_fields_v1_string(&self) -> String {
        let mut out = String::from("{");
        self.emit_string(false, &mut out);
        out.push('}');
        out
    }

    fn emit_string(&self, include_self: bool, out: &mut String) {
        let mut first = true;
        let mut sep = |out: &mut String| {
            if !first {
                out.push(',');
            }
            first = false;
        };
        if include_self && !self.is_empty() {
            sep(out);
            out.push_str("\".\":{}");
        }
        let mut entries: BTreeMap<&PathElement, Option<&FieldSet>> = BTreeMap::new();
        for pe in &self.members {
            entries.insert(pe, None);
        }
        for (pe, child) in &self.children {
            entries.insert(pe, Some(child));
        }
        for (pe, child) in entries {
            sep(out);
            out.push_str(&go_json_string(&serialize_path_element(pe)));
            out.push_str(":{");
            if let Some(child) = child {
                child.emit_string(self.members.contains(pe), out);
            }
            out.push('}');
        }
    }

    /// Reads a `fieldsV1` JSON object.
    pub fn from_fields_v1(v: &Value) -> Result<FieldSet, FieldsV1Error> {
        let Value::Object(_) = v else {
            return Err(FieldsV1Error("fieldsV1 must be a JSON object".into()));
        };
        Ok(read_node(v)?.0)
    }

    /// Reads a `fieldsV1` document from its JSON text.
    pub fn from_fields_v1_str(s: &str) -> Result<FieldSet, FieldsV1Error> {
        let v: Value = serde_json::from_str(s).map_err(|e| FieldsV1Error(e.to_string()))?;
        FieldSet::from_fields_v1(&v)
    }
}

/// Returns the subtree's set and whether the node itself is a member.
fn read_node(v: &Value) -> Result<(FieldSet, bool), FieldsV1Error> {
    let Value::Object(m) = v else {
        return Err(FieldsV1Error(format!("expected an object, got {v}")));
    };
    let mut set = FieldSet::new();
    let mut is_member = false;
    let mut any = false;
    for (key, child) in m {
        if key == "." {
            is_member = true;
            continue;
        }
        let Some(pe) = deserialize_path_element(key)? else {
            continue;
        };
        let (grand, child_is_member) = read_node(child)?;
        if child_is_member {
            set.members.insert(pe.clone());
            any = true;
        }
        if !grand.is_empty() {
            set.children.insert(pe, grand);
            any = true;
        }
    }
    Ok((set, is_member || !any))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managedfields::fieldpath::Path;
    use serde_json::json;

    fn sample() -> FieldSet {
        let containers = Path::fields(&["spec", "containers"]);
        let nginx = containers.child(PathElement::key(vec![("name".into(), json!("nginx"))]));
        FieldSet::from_paths([
            Path::fields(&["metadata", "labels", "app"]),
            nginx.clone(),
            nginx.child(PathElement::field("image")),
            nginx.child(PathElement::field("name")),
        ])
    }

    #[test]
    fn encodes_exactly_like_upstream() {
        let want = r#"{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}"#;
        assert_eq!(sample().to_fields_v1_string(), want);
        assert_eq!(
            sample().to_fields_v1(),
            serde_json::from_str::<Value>(want).unwrap()
        );
    }

    #[test]
    fn element_round_trips() {
        let cases = [
            (PathElement::field("a.b/c"), "f:a.b/c"),
            (
                PathElement::key(vec![
                    ("protocol".into(), json!("TCP")),
                    ("containerPort".into(), json!(80)),
                ]),
                r#"k:{"containerPort":80,"protocol":"TCP"}"#,
            ),
            (PathElement::Value(json!("x<y")), r#"v:"x\u003cy""#),
            (PathElement::Index(4), "i:4"),
        ];
        for (pe, text) in cases {
            assert_eq!(serialize_path_element(&pe), text);
            assert_eq!(deserialize_path_element(text).unwrap(), Some(pe));
        }
        assert_eq!(deserialize_path_element("z:whatever").unwrap(), None);
        assert!(deserialize_path_element("f").is_err());
        assert!(deserialize_path_element("fx").is_err());
    }

    #[test]
    fn decodes_and_round_trips() {
        let text = sample().to_fields_v1_string();
        let back = FieldSet::from_fields_v1_str(&text).unwrap();
        assert_eq!(back, sample());
        // A node that has children and "." is both a member and a parent; unknown kinds are dropped.
        let v = json!({"f:a": {".": {}, "f:b": {}}, "x:zzz": {}, "f:c": {"x:q": {}}});
        let set = FieldSet::from_fields_v1(&v).unwrap();
        let shown: Vec<String> = set.paths().iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, [".a", ".c", ".a.b"]);
        assert!(FieldSet::from_fields_v1(&json!({"bad": {}})).is_err());
        assert!(FieldSet::from_fields_v1(&json!([])).is_err());
    }

    #[test]
    fn orders_mixed_elements_like_upstream() {
        let list = Path::fields(&["l"]);
        let set = FieldSet::from_paths([
            list.child(PathElement::Index(10)),
            list.child(PathElement::Index(2)),
            list.child(PathElement::Value(json!("v"))),
            list.child(PathElement::key(vec![("port".into(), json!(8080))])),
            list.child(PathElement::key(vec![("port".into(), json!(80))])),
        ]);
        let want = r#"{"f:l":{"k:{\"port\":80}":{},"k:{\"port\":8080}":{},"v:\"v\"":{},"i:2":{},"i:10":{}}}"#;
        assert_eq!(set.to_fields_v1_string(), want);
    }
}
