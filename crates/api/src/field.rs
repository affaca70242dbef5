//! Field paths and field errors, shaped like upstream `k8s.io/apimachinery/pkg/util/validation/field`.
//!
//! Validation code in this crate builds errors only through the constructors below (`invalid`,
//! `required`, `not_supported`, ...). They mirror upstream's constructors one for one, so the
//! `Display` text is what `kubectl` prints, e.g.
//! `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
//!
//! Transitional: `skiff-apimachinery` is growing its own `field::FieldErr`; once it lands, this
//! module re-exports that type and the constructors map onto it, so nothing else changes.

use std::fmt;

/// A path to a field, rendered like upstream `field.Path`: `spec.containers[0].ports[1].name`,
/// map keys as `metadata.annotations[key]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// The root path `""`.
    pub fn root() -> Path {
        Path(String::new())
    }

    /// A new top-level path, e.g. `Path::new("spec")`.
    pub fn new(name: &str) -> Path {
        Path(name.to_string())
    }

    /// `parent.name`.
    pub fn child(&self, name: &str) -> Path {
        if self.0.is_empty() {
            Path(name.to_string())
        } else {
            Path(format!("{}.{}", self.0, name))
        }
    }

    /// `parent[i]`.
    pub fn index(&self, i: usize) -> Path {
        Path(format!("{}[{}]", self.0, i))
    }

    /// `parent[key]`.
    pub fn key(&self, key: &str) -> Path {
        Path(format!("{}[{}]", self.0, key))
    }

    /// The rendered path.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The upstream error types (`field.ErrorType`), with their `reason` strings for `Status.details.causes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    NotFound,
    Required,
    Duplicate,
    Invalid,
    NotSupported,
    Forbidden,
    TooLong,
    TooMany,
    Internal,
    TypeInvalid,
}

impl ErrorType {
    /// The `Status.details.causes[].reason` value (`FieldValueInvalid`, ...).
    pub fn reason(self) -> &'static str {
        match self {
            ErrorType::NotFound => "FieldValueNotFound",
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::Internal => "InternalError",
            ErrorType::TypeInvalid => "FieldValueTypeInvalid",
        }
    }

    fn text(self) -> &'static str {
        match self {
            ErrorType::NotFound => "Not found",
            ErrorType::Required => "Required value",
            ErrorType::Duplicate => "Duplicate value",
            ErrorType::Invalid => "Invalid value",
            ErrorType::NotSupported => "Unsupported value",
            ErrorType::Forbidden => "Forbidden",
            ErrorType::TooLong => "Too long",
            ErrorType::TooMany => "Too many",
            ErrorType::Internal => "Internal error",
            ErrorType::TypeInvalid => "Invalid value",
        }
    }
}

/// The offending value. Upstream prints numbers and booleans bare, strings quoted, and anything
/// else with Go's `%#v`; `Repr` carries such a pre-rendered representation.
#[derive(Clone, Debug, PartialEq)]
pub enum BadValue {
    /// Not shown (upstream `field.OmitValueType`).
    Omit,
    /// `null`.
    Null,
    Int(i64),
    Bool(bool),
    Str(String),
    /// Printed as is (Go `%#v`-like rendering of a composite value, or a `Stringer` result).
    Repr(String),
}

impl fmt::Display for BadValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadValue::Omit => Ok(()),
            BadValue::Null => f.write_str("null"),
            BadValue::Int(i) => write!(f, "{i}"),
            BadValue::Bool(b) => write!(f, "{b}"),
            BadValue::Str(s) => f.write_str(&go_quote(s)),
            BadValue::Repr(s) => f.write_str(s),
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

/// One field error, like upstream `*field.Error`.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldErr {
    pub error_type: ErrorType,
    pub field: String,
    pub bad_value: BadValue,
    pub detail: String,
}

impl FieldErr {
    /// The part after `field: `, like upstream `ErrorBody()`.
    pub fn body(&self) -> String {
        let mut s = match self.error_type {
            ErrorType::Required | ErrorType::Forbidden | ErrorType::TooLong | ErrorType::Internal => {
                self.error_type.text().to_string()
            }
            _ if self.bad_value == BadValue::Omit => self.error_type.text().to_string(),
            _ => format!("{}: {}", self.error_type.text(), self.bad_value),
        };
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }
}

impl fmt::Display for FieldErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.body())
    }
}

impl std::error::Error for FieldErr {}

fn make(error_type: ErrorType, path: &Path, bad_value: BadValue, detail: String) -> FieldErr {
    FieldErr { error_type, field: path.to_string(), bad_value, detail }
}

/// `field.Invalid`.
pub fn invalid(path: &Path, value: impl Into<BadValue>, detail: impl Into<String>) -> FieldErr {
    make(ErrorType::Invalid, path, value.into(), detail.into())
}

/// `field.Required`.
pub fn required(path: &Path, detail: impl Into<String>) -> FieldErr {
    make(ErrorType::Required, path, BadValue::Str(String::new()), detail.into())
}

/// `field.Forbidden`.
pub fn forbidden(path: &Path, detail: impl Into<String>) -> FieldErr {
    make(ErrorType::Forbidden, path, BadValue::Str(String::new()), detail.into())
}

/// `field.Duplicate`.
pub fn duplicate(path: &Path, value: impl Into<BadValue>) -> FieldErr {
    make(ErrorType::Duplicate, path, value.into(), String::new())
}

/// `field.NotFound`.
pub fn not_found(path: &Path, value: impl Into<BadValue>) -> FieldErr {
    make(ErrorType::NotFound, path, value.into(), String::new())
}

/// `field.NotSupported`: detail lists the supported values quoted, in the given order.
pub fn not_supported(path: &Path, value: impl Into<BadValue>, valid: &[&str]) -> FieldErr {
    let detail = if valid.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = valid.iter().map(|v| go_quote(v)).collect();
        format!("supported values: {}", quoted.join(", "))
    };
    make(ErrorType::NotSupported, path, value.into(), detail)
}

/// `field.TooLong` (the value is never shown).
pub fn too_long(path: &Path, max_len: usize) -> FieldErr {
    make(
        ErrorType::TooLong,
        path,
        BadValue::Str("<value omitted>".into()),
        format!("may not be more than {max_len} bytes"),
    )
}

/// `field.TooMany`.
pub fn too_many(path: &Path, actual: usize, max: usize) -> FieldErr {
    make(ErrorType::TooMany, path, actual.into(), format!("must have at most {max} items"))
}

/// `field.InternalError`.
pub fn internal(path: &Path, detail: impl Into<String>) -> FieldErr {
    make(ErrorType::Internal, path, BadValue::Null, detail.into())
}

/// Go's `strconv.Quote` for the printable-ASCII-and-UTF-8 cases that occur in API values.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go `%#v` of a `map[string]string` (keys sorted, as Go's fmt sorts map keys).
pub fn go_string_map<'a>(map: impl IntoIterator<Item = (&'a String, &'a String)>) -> BadValue {
    let entries: Vec<String> = map.into_iter().map(|(k, v)| format!("{}:{}", go_quote(k), go_quote(v))).collect();
    BadValue::Repr(format!("map[string]string{{{}}}", entries.join(", ")))
}

/// Go `%#v` of a `[]string`.
pub fn go_string_slice<'a>(items: impl IntoIterator<Item = &'a String>) -> BadValue {
    let entries: Vec<String> = items.into_iter().map(|v| go_quote(v)).collect();
    BadValue::Repr(format!("[]string{{{}}}", entries.join(", ")))
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
        assert_eq!(required(&p, "").to_string(), "spec.containers[0].name: Required value");
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
        let k = Path::new("metadata").child("annotations").key("a/b");
        assert_eq!(k.as_str(), "metadata.annotations[a/b]");
    }

    #[test]
    fn go_reprs() {
        let m: std::collections::BTreeMap<String, String> =
            [("app".to_string(), "web".to_string())].into_iter().collect();
        assert_eq!(go_string_map(&m).to_string(), "map[string]string{\"app\":\"web\"}");
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
    }
}
