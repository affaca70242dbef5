//! Field paths and field errors: thin constructors over `skiff_apimachinery::field`.
//!
//! Validation code in this crate builds errors only through the functions below (`invalid`,
//! `required`, `not_supported`, ...), which mirror upstream's `field.Invalid`, `field.Required`, ...
//! one for one and return [`skiff_apimachinery::field::FieldErr`], whose `Display` text is what
//! `kubectl` prints, e.g. `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
//!
//! Bad values are given as [`BadValue`]s and stored as JSON. Composite values (maps, selectors,
//! structs) therefore print as compact JSON (`{"app":"web"}`) where v1.33 printed Go syntax
//! (`map[string]string{"app":"web"}`); `[]string` values still print Go-style (`[]string{"a"}`).

use serde::Serialize;
use serde_json::Value;

pub use skiff_apimachinery::field::{FieldErr, FieldErrKind, Path};
/// Go's `strconv.Quote` (`%q`), as the error messages print strings.
pub use skiff_apimachinery::gofmt::quote as go_quote;

/// The offending value of a field error.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    /// Upstream `field.OmitValueType`: the shared type always prints a value, so this becomes `null`.
    Omit,
    /// A nil value; printed `"null"` (quoted), as upstream's `ErrorBody` does.
    Null,
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A string (printed Go-quoted).
    Str(String),
    /// A composite value (printed as JSON, or `[]string{...}` for string lists).
    Json(Value),
}

impl BadValue {
    /// The JSON form of a typed value (falls back to `null` if it cannot be serialized).
    pub fn json<T: Serialize + ?Sized>(v: &T) -> BadValue {
        BadValue::Json(serde_json::to_value(v).unwrap_or(Value::Null))
    }
}

impl From<BadValue> for Value {
    fn from(v: BadValue) -> Value {
        match v {
            BadValue::Omit => Value::Null,
            // Upstream replaces a nil value by the string "null" before printing it with %q.
            BadValue::Null | BadValue::Json(Value::Null) => Value::String("null".into()),
            BadValue::Int(i) => Value::from(i),
            BadValue::Bool(b) => Value::Bool(b),
            BadValue::Str(s) => Value::String(s),
            BadValue::Json(v) => v,
        }
    }
}

impl From<i64> for BadValue {
    fn from(v: i64) -> Self {
        BadValue::Int(v)
    }
}
impl From<i32> for BadValue {
    fn from(v: i32) -> Self {
        BadValue::Int(v.into())
    }
}
impl From<usize> for BadValue {
    fn from(v: usize) -> Self {
        BadValue::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<bool> for BadValue {
    fn from(v: bool) -> Self {
        BadValue::Bool(v)
    }
}
impl From<&str> for BadValue {
    fn from(v: &str) -> Self {
        BadValue::Str(v.to_string())
    }
}
impl From<String> for BadValue {
    fn from(v: String) -> Self {
        BadValue::Str(v)
    }
}
impl From<&String> for BadValue {
    fn from(v: &String) -> Self {
        BadValue::Str(v.clone())
    }
}
impl<T: Into<BadValue>> From<Option<T>> for BadValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(BadValue::Null, Into::into)
    }
}

/// `field.Invalid`.
pub fn invalid(path: &Path, value: impl Into<BadValue>, detail: impl Into<String>) -> FieldErr {
    FieldErr::invalid(path, Value::from(value.into()), detail)
}

/// `field.Required`.
pub fn required(path: &Path, detail: impl Into<String>) -> FieldErr {
    FieldErr::required(path, detail)
}

/// `field.Forbidden`.
pub fn forbidden(path: &Path, detail: impl Into<String>) -> FieldErr {
    FieldErr::forbidden(path, detail)
}

/// `field.Duplicate`.
pub fn duplicate(path: &Path, value: impl Into<BadValue>) -> FieldErr {
    FieldErr::duplicate(path, Value::from(value.into()))
}

/// `field.NotFound`.
pub fn not_found(path: &Path, value: impl Into<BadValue>) -> FieldErr {
    FieldErr::not_found(path, Value::from(value.into()))
}

/// `field.NotSupported`: detail lists the supported values quoted, in the given order.
pub fn not_supported(path: &Path, value: impl Into<BadValue>, valid: &[&str]) -> FieldErr {
    FieldErr::not_supported(path, Value::from(value.into()), valid)
}

/// `field.TooLong` (the value is never shown).
pub fn too_long(path: &Path, max_len: usize) -> FieldErr {
    FieldErr::too_long(path, Some(max_len))
}

/// `field.TooMany`.
pub fn too_many(path: &Path, actual: usize, max: usize) -> FieldErr {
    FieldErr::too_many(path, Some(actual), Some(max))
}

/// `field.InternalError`.
pub fn internal(path: &Path, detail: impl Into<String>) -> FieldErr {
    FieldErr::internal(path, detail)
}

/// A `map[string]string` bad value.
pub fn string_map<'a>(map: impl IntoIterator<Item = (&'a String, &'a String)>) -> BadValue {
    BadValue::Json(Value::Object(
        map.into_iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    ))
}

/// A `[]string` bad value (printed `[]string{"a", "b"}` as upstream does).
pub fn string_slice<'a>(items: impl IntoIterator<Item = &'a String>) -> BadValue {
    BadValue::Json(Value::Array(
        items.into_iter().map(|v| Value::String(v.clone())).collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_matches_upstream() {
        let p = Path::new("spec").child("replicas");
        assert_eq!(
            invalid(&p, -1i64, "must be greater than or equal to 0").to_string(),
            "spec.replicas: Invalid value: -1: must be greater than or equal to 0"
        );
        let p = Path::new("spec").child("containers").index(0).child("name");
        assert_eq!(
            required(&p, "").to_string(),
            "spec.containers[0].name: Required value"
        );
        assert_eq!(
            not_supported(&Path::new("spec").child("restartPolicy"), "Sometimes", &["Always", "OnFailure", "Never"])
                .to_string(),
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""
        );
        assert_eq!(
            too_long(&Path::new("metadata").child("annotations"), 262144).to_string(),
            "metadata.annotations: Too long: may not be more than 262144 bytes"
        );
        assert_eq!(
            duplicate(&Path::new("spec").child("volumes").index(1).child("name"), "data").to_string(),
            "spec.volumes[1].name: Duplicate value: \"data\""
        );
        assert_eq!(
            forbidden(&Path::new("spec"), "nope").to_string(),
            "spec: Forbidden: nope"
        );
        assert_eq!(
            forbidden(&Path::new("spec"), "nope").reason(),
            "FieldValueForbidden"
        );
        let k = Path::new("metadata").child("annotations").key("a/b");
        assert_eq!(k.as_str(), "metadata.annotations[a/b]");
    }

    #[test]
    fn composite_values() {
        let m: std::collections::BTreeMap<String, String> =
            [("app".to_string(), "web".to_string())].into_iter().collect();
        assert_eq!(
            invalid(&Path::new("x"), string_map(&m), "d").to_string(),
            "x: Invalid value: {\"app\":\"web\"}: d"
        );
        let s = vec!["a".to_string(), "b".to_string()];
        assert_eq!(
            invalid(&Path::new("x"), string_slice(&s), "d").to_string(),
            "x: Invalid value: []string{\"a\", \"b\"}: d"
        );
        assert_eq!(
            invalid(&Path::new("x"), BadValue::Null, "d").to_string(),
            "x: Invalid value: \"null\": d"
        );
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
    }
}
