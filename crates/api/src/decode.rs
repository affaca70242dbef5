//! Strict decoding of request bodies into the typed `k8s-openapi` structs.
//!
//! Upstream decodes built-in kinds with `sigs.k8s.io/json` in strict mode: case-sensitive field
//! names, unknown fields and duplicate fields collected as "strict errors" (reported as warnings
//! or, with `fieldValidation=Strict`, as a 400), and the object re-encoded from the typed struct, so
//! unknown fields are dropped and quantities come back in canonical form. This module does the
//! same: duplicates are found while parsing the bytes, unknown fields with `serde_ignored`, type
//! errors get their field path from `serde_path_to_error`.

use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::quantity;

/// The result of a successful decode.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The object re-encoded from its typed form: unknown fields dropped, `apiVersion`/`kind`
    /// filled in, quantities canonical.
    pub object: Value,
    /// Unknown fields, as upstream paths (`spec.foo`, `spec.template.spec.containers[0].bogus`).
    pub unknown_fields: Vec<String>,
    /// Fields given more than once in the same JSON object (only found when decoding bytes); the
    /// last occurrence wins, as in Go.
    pub duplicate_fields: Vec<String>,
}

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    /// The group/version/kind is not a built-in kind this crate knows.
    #[error("no built-in kind {kind} in {api_version}")]
    UnknownKind { api_version: String, kind: String },
    /// The body is not well-formed JSON.
    #[error("json parse error: {message}")]
    Syntax { message: String },
    /// The body is JSON but not an object.
    #[error("the object provided is not a JSON object")]
    NotAnObject,
    /// `apiVersion` in the body differs from the expected one.
    #[error("the API version in the data ({found}) does not match the expected API version ({expected})")]
    ApiVersionMismatch { found: String, expected: String },
    /// `kind` in the body differs from the expected one.
    #[error("the kind in the data ({found}) does not match the expected kind ({expected})")]
    KindMismatch { found: String, expected: String },
    /// A field has the wrong JSON type or an unparsable value.
    #[error("{path}: {message}")]
    Field { path: String, message: String },
}

/// Renders the upstream strict-decoding warnings for a decode result (`unknown field "spec.foo"`,
/// `duplicate field "metadata.name"`), in the order upstream reports them.
pub fn strict_errors(decoded: &Decoded) -> Vec<String> {
    let mut out: Vec<String> = decoded
        .unknown_fields
        .iter()
        .map(|f| format!("unknown field {}", crate::field::go_quote(f)))
        .collect();
    out.extend(
        decoded
            .duplicate_fields
            .iter()
            .map(|f| format!("duplicate field {}", crate::field::go_quote(f))),
    );
    out
}

/// Parses bytes into a `Value`, recording every duplicate key with its path.
pub(crate) fn parse_with_duplicates(body: &[u8]) -> Result<(Value, Vec<String>), DecodeError> {
    let mut dups = Vec::new();
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = ValueSeed {
        path: String::new(),
        dups: &mut dups,
    }
    .deserialize(&mut de)
    .map_err(|e| DecodeError::Syntax {
        message: e.to_string(),
    })?;
    de.end().map_err(|e| DecodeError::Syntax {
        message: e.to_string(),
    })?;
    let mut seen = BTreeSet::new();
    dups.retain(|d| seen.insert(d.clone()));
    Ok((value, dups))
}

struct ValueSeed<'a> {
    path: String,
    dups: &'a mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let path = format!("{}[{}]", self.path, out.len());
            match seq.next_element_seed(ValueSeed {
                path,
                dups: &mut *self.dups,
            })? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{}", self.path, key)
            };
            let v = map.next_value_seed(ValueSeed {
                path: path.clone(),
                dups: &mut *self.dups,
            })?;
            if out.insert(key, v).is_some() {
                self.dups.push(path);
            }
        }
        Ok(Value::Object(out))
    }
}

fn ignored_path(p: &serde_ignored::Path<'_>, out: &mut String) {
    use serde_ignored::Path as P;
    match p {
        P::Root => {}
        P::Seq { parent, index } => {
            ignored_path(parent, out);
            out.push_str(&format!("[{index}]"));
        }
        P::Map { parent, key } => {
            ignored_path(parent, out);
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => {
            ignored_path(parent, out)
        }
    }
}

fn error_path(p: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment as S;
    let mut out = String::new();
    for seg in p.iter() {
        match seg {
            S::Seq { index } => out.push_str(&format!("[{index}]")),
            S::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            S::Enum { variant } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(variant);
            }
            S::Unknown => {}
        }
    }
    out
}

/// Decodes `value` into `T` strictly and re-encodes it. Unknown fields go to `unknown`.
pub(crate) fn typed<T: DeserializeOwned + Serialize>(
    value: &Value,
    unknown: &mut Vec<String>,
) -> Result<(T, Value), DecodeError> {
    let mut found = Vec::new();
    let mut cb = |path: serde_ignored::Path<'_>| {
        let mut s = String::new();
        ignored_path(&path, &mut s);
        found.push(s);
    };
    let de = serde_ignored::Deserializer::new(value, &mut cb);
    let obj: T = serde_path_to_error::deserialize(de).map_err(|e| DecodeError::Field {
        path: error_path(e.path()),
        message: e.inner().to_string(),
    })?;
    let mut seen = BTreeSet::new();
    unknown.extend(found.into_iter().filter(|f| seen.insert(f.clone())));
    let encoded = serde_json::to_value(&obj).map_err(|e| DecodeError::Field {
        path: String::new(),
        message: e.to_string(),
    })?;
    Ok((obj, encoded))
}

/// Visits every quantity in `obj` named by the patterns, checking and canonicalizing it.
///
/// A pattern is a dotted path where `[]` steps into each array element and `*` into each value of
/// a map (a resource list): `spec.containers[].resources.limits.*`.
pub(crate) fn canonicalize_quantities(obj: &mut Value, patterns: &[&str]) -> Result<(), DecodeError> {
    for pattern in patterns {
        let steps: Vec<&str> = split_pattern(pattern);
        walk(obj, &steps, String::new())?;
    }
    Ok(())
}

fn split_pattern(p: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for part in p.split('.') {
        if let Some(name) = part.strip_suffix("[]") {
            out.push(name);
            out.push("[]");
        } else {
            out.push(part);
        }
    }
    out
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_string()
    } else {
        format!("{path}.{seg}")
    }
}

fn walk(v: &mut Value, steps: &[&str], path: String) -> Result<(), DecodeError> {
    let Some((step, rest)) = steps.split_first() else {
        return fix_quantity(v, &path);
    };
    match *step {
        "[]" => {
            if let Value::Array(items) = v {
                for (i, item) in items.iter_mut().enumerate() {
                    walk(item, rest, format!("{path}[{i}]"))?;
                }
            }
        }
        "*" => {
            if let Value::Object(map) = v {
                for (k, item) in map.iter_mut() {
                    walk(item, rest, join(&path, k))?;
                }
            }
        }
        name => {
            if let Some(child) = v.get_mut(name) {
                walk(child, rest, join(&path, name))?;
            }
        }
    }
    Ok(())
}

fn fix_quantity(v: &mut Value, path: &str) -> Result<(), DecodeError> {
    if let Value::String(s) = v {
        let q = quantity::parse(s).map_err(|m| DecodeError::Field {
            path: path.to_string(),
            message: m.to_string(),
        })?;
        *s = q.canonical();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::Pod;
    use serde_json::json;

    #[test]
    fn finds_duplicates_with_paths() {
        let body = br#"{"metadata":{"name":"a","name":"b","labels":{"x":"1","x":"2"}},"spec":{"containers":[{"name":"c","image":"i","image":"j"}]}}"#;
        let (v, dups) = parse_with_duplicates(body).unwrap();
        assert_eq!(
            dups,
            vec!["metadata.name", "metadata.labels.x", "spec.containers[0].image"]
        );
        assert_eq!(v["metadata"]["name"], "b");
    }

    #[test]
    fn syntax_errors_are_reported() {
        assert!(matches!(
            parse_with_duplicates(b"{\"a\":"),
            Err(DecodeError::Syntax { .. })
        ));
        assert!(matches!(
            parse_with_duplicates(b"{} x"),
            Err(DecodeError::Syntax { .. })
        ));
    }

    #[test]
    fn unknown_fields_and_type_errors() {
        let v = json!({
            "metadata": {"name": "p", "bogus": 1},
            "spec": {"containers": [{"name": "c", "image": "i", "bogus": true, "ports": [{"containerPort": 80, "x": 1}]}], "foo": {}}
        });
        let mut unknown = Vec::new();
        let (_pod, out) = typed::<Pod>(&v, &mut unknown).unwrap();
        assert_eq!(
            unknown,
            vec![
                "metadata.bogus",
                "spec.containers[0].bogus",
                "spec.containers[0].ports[0].x",
                "spec.foo"
            ]
        );
        assert!(out["spec"].get("foo").is_none());

        let v = json!({"spec": {"containers": [{"name": "c", "ports": [{"containerPort": "80"}]}]}});
        let err = typed::<Pod>(&v, &mut Vec::new()).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Field {
                path: "spec.containers[0].ports[0].containerPort".into(),
                message: "invalid type: string \"80\", expected i32".into()
            }
        );
    }

    #[test]
    fn quantities_are_checked_and_canonical() {
        let mut v =
            json!({"spec": {"containers": [{"resources": {"limits": {"cpu": "0.5", "memory": "1024Mi"}}}]}});
        canonicalize_quantities(&mut v, &["spec.containers[].resources.limits.*"]).unwrap();
        assert_eq!(v["spec"]["containers"][0]["resources"]["limits"]["cpu"], "500m");
        assert_eq!(v["spec"]["containers"][0]["resources"]["limits"]["memory"], "1Gi");
        let mut v = json!({"spec": {"containers": [{"resources": {"requests": {"cpu": "lots"}}}]}});
        let err = canonicalize_quantities(&mut v, &["spec.containers[].resources.requests.*"]).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Field {
                path: "spec.containers[0].resources.requests.cpu".into(),
                message: quantity::parse("abc").unwrap_err().to_string()
            }
        );
    }
}
