//! Field-level validation errors (upstream `k8s.io/apimachinery/pkg/util/validation/field`).
//!
//! A [`FieldErr`] renders exactly like upstream's `field.Error` (v1.33):
//! `metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain …`, and [`FieldErr::reason`]
//! gives the `StatusCause.reason` (`FieldValueInvalid`, …). [`invalid_status`] builds the whole 422
//! `Status` body that upstream's `errors.NewInvalid` returns.
//!
//! Values are `serde_json::Value`s. Strings print Go-quoted (`%q`), numbers and booleans plainly,
//! `null` as `null`, an array of strings in Go syntax (`[]string{"a", "b"}`, as v1.33 prints a Go
//! `[]string`), and any other array or object as compact JSON (upstream v1.34+ style; v1.33 printed
//! Go struct syntax, which cannot be reproduced for untyped values).

use crate::gofmt;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::fmt;

/// A path to a field, rendered like upstream's `field.Path` (`spec.containers[0].image`,
/// `metadata.labels[app]`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(String);

impl Path {
    /// A root path, e.g. `Path::new("metadata")`.
    pub fn new(name: &str) -> Self {
        Path(name.to_string())
    }

    /// `p.child("name")` renders as `p.name`.
    pub fn child(&self, name: &str) -> Self {
        if self.0.is_empty() {
            return Path(name.to_string());
        }
        Path(format!("{}.{}", self.0, name))
    }

    /// `p.index(3)` renders as `p[3]`.
    pub fn index(&self, index: usize) -> Self {
        Path(format!("{}[{}]", self.0, index))
    }

    /// `p.key("app")` renders as `p[app]` (map keys are not quoted upstream).
    pub fn key(&self, key: &str) -> Self {
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

impl From<Path> for String {
    fn from(p: Path) -> String {
        p.0
    }
}

impl From<&Path> for String {
    fn from(p: &Path) -> String {
        p.0.clone()
    }
}

/// Upstream `field.ErrorType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FieldErrKind {
    /// `FieldValueNotFound`, "Not found".
    NotFound,
    /// `FieldValueRequired`, "Required value".
    Required,
    /// `FieldValueDuplicate`, "Duplicate value".
    Duplicate,
    /// `FieldValueInvalid`, "Invalid value".
    Invalid,
    /// `FieldValueNotSupported`, "Unsupported value".
    NotSupported,
    /// `FieldValueForbidden`, "Forbidden".
    Forbidden,
    /// `FieldValueTooLong`, "Too long".
    TooLong,
    /// `FieldValueTooMany`, "Too many".
    TooMany,
    /// `InternalError`, "Internal error".
    Internal,
    /// `FieldValueTypeInvalid`, "Invalid value".
    TypeInvalid,
}

impl FieldErrKind {
    /// The `StatusCause.reason` / `CauseType` string.
    pub fn reason(self) -> &'static str {
        match self {
            FieldErrKind::NotFound => "FieldValueNotFound",
            FieldErrKind::Required => "FieldValueRequired",
            FieldErrKind::Duplicate => "FieldValueDuplicate",
            FieldErrKind::Invalid => "FieldValueInvalid",
            FieldErrKind::NotSupported => "FieldValueNotSupported",
            FieldErrKind::Forbidden => "FieldValueForbidden",
            FieldErrKind::TooLong => "FieldValueTooLong",
            FieldErrKind::TooMany => "FieldValueTooMany",
            FieldErrKind::Internal => "InternalError",
            FieldErrKind::TypeInvalid => "FieldValueTypeInvalid",
        }
    }

    /// The human text (`ErrorType.String()`).
    pub fn message(self) -> &'static str {
        match self {
            FieldErrKind::NotFound => "Not found",
            FieldErrKind::Required => "Required value",
            FieldErrKind::Duplicate => "Duplicate value",
            FieldErrKind::Invalid | FieldErrKind::TypeInvalid => "Invalid value",
            FieldErrKind::NotSupported => "Unsupported value",
            FieldErrKind::Forbidden => "Forbidden",
            FieldErrKind::TooLong => "Too long",
            FieldErrKind::TooMany => "Too many",
            FieldErrKind::Internal => "Internal error",
        }
    }

    /// Kinds whose message never shows the bad value.
    fn omits_value(self) -> bool {
        matches!(
            self,
            FieldErrKind::Required | FieldErrKind::Forbidden | FieldErrKind::TooLong | FieldErrKind::Internal
        )
    }
}

/// One field validation error (upstream `*field.Error`).
///
/// `Display` gives `"<field>: <body>"`, exactly upstream's `Error()`.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{field}: {}", self.body())]
pub struct FieldErr {
    /// Error type.
    pub kind: FieldErrKind,
    /// Rendered field path, e.g. `spec.containers[0].image`.
    pub field: String,
    /// The offending value. Not shown for Required/Forbidden/TooLong/Internal; for TooMany a `null`
    /// means "count unknown" and is not shown either.
    pub value: Value,
    /// Explanation appended after the value.
    pub detail: String,
}

impl FieldErr {
    fn new(kind: FieldErrKind, field: impl Into<String>, value: Value, detail: impl Into<String>) -> Self {
        FieldErr {
            kind,
            field: field.into(),
            value,
            detail: detail.into(),
        }
    }

    /// `field.Invalid`: `<field>: Invalid value: <value>: <detail>`.
    pub fn invalid(field: impl Into<String>, value: impl Into<Value>, detail: impl Into<String>) -> Self {
        Self::new(FieldErrKind::Invalid, field, value.into(), detail)
    }

    /// `field.Required`: `<field>: Required value[: <detail>]`.
    pub fn required(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(
            FieldErrKind::Required,
            field,
            Value::String(String::new()),
            detail,
        )
    }

    /// `field.NotFound`: `<field>: Not found: <value>`.
    pub fn not_found(field: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(FieldErrKind::NotFound, field, value.into(), "")
    }

    /// `field.Duplicate`: `<field>: Duplicate value: <value>`.
    pub fn duplicate(field: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(FieldErrKind::Duplicate, field, value.into(), "")
    }

    /// `field.NotSupported`:
    /// `<field>: Unsupported value: "Foo": supported values: "Always", "Never", "OnFailure"`.
    pub fn not_supported<S: AsRef<str>>(
        field: impl Into<String>,
        value: impl Into<Value>,
        supported: &[S],
    ) -> Self {
        let detail = if supported.is_empty() {
            String::new()
        } else {
            let quoted: Vec<String> = supported.iter().map(|s| gofmt::quote(s.as_ref())).collect();
            format!("supported values: {}", quoted.join(", "))
        };
        Self::new(FieldErrKind::NotSupported, field, value.into(), detail)
    }

    /// `field.Forbidden`: `<field>: Forbidden: <detail>`.
    pub fn forbidden(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(
            FieldErrKind::Forbidden,
            field,
            Value::String(String::new()),
            detail,
        )
    }

    /// `field.TooLong`: `<field>: Too long: may not be more than <max> bytes`; `None` gives
    /// `value is too long`.
    pub fn too_long(field: impl Into<String>, max_bytes: Option<usize>) -> Self {
        let detail = match max_bytes {
            Some(max) => format!("may not be more than {max} bytes"),
            None => "value is too long".to_string(),
        };
        Self::new(
            FieldErrKind::TooLong,
            field,
            Value::String("<value omitted>".into()),
            detail,
        )
    }

    /// `field.TooMany`: `<field>: Too many: <actual>: must have at most <max> items`.
    pub fn too_many(field: impl Into<String>, actual: Option<usize>, max: Option<usize>) -> Self {
        let detail = match max {
            Some(max) => format!("must have at most {max} items"),
            None => "has too many items".to_string(),
        };
        let value = actual.map(Value::from).unwrap_or(Value::Null);
        Self::new(FieldErrKind::TooMany, field, value, detail)
    }

    /// `field.InternalError`: `<field>: Internal error: <detail>`.
    pub fn internal(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::new(FieldErrKind::Internal, field, Value::Null, detail)
    }

    /// `field.TypeInvalid`: `<field>: Invalid value: <value>: <detail>` with reason
    /// `FieldValueTypeInvalid`.
    pub fn type_invalid(
        field: impl Into<String>,
        value: impl Into<Value>,
        detail: impl Into<String>,
    ) -> Self {
        Self::new(FieldErrKind::TypeInvalid, field, value.into(), detail)
    }

    /// The `StatusCause.reason` string, e.g. `FieldValueInvalid`.
    pub fn reason(&self) -> &'static str {
        self.kind.reason()
    }

    /// The message without the field (upstream `ErrorBody()`, used as `StatusCause.message`).
    pub fn body(&self) -> String {
        let mut s = self.kind.message().to_string();
        let omit = self.kind.omits_value() || (self.kind == FieldErrKind::TooMany && self.value.is_null());
        if !omit {
            s.push_str(": ");
            s.push_str(&render_value(&self.value));
        }
        if !self.detail.is_empty() {
            s.push_str(": ");
            s.push_str(&self.detail);
        }
        s
    }

    /// The `StatusCause` object: `{"reason": …, "message": …, "field": …}`.
    pub fn to_cause(&self) -> Value {
        json!({"reason": self.reason(), "message": self.body(), "field": self.field})
    }
}

/// How upstream prints a bad value inside the message.
fn render_value(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => gofmt::number(n),
        Value::String(s) => gofmt::quote(s),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let quoted: Vec<String> = items
                .iter()
                .map(|v| gofmt::quote(v.as_str().unwrap_or_default()))
                .collect();
            format!("[]string{{{}}}", quoted.join(", "))
        }
        other => other.to_string(),
    }
}

/// Upstream `ErrorList.ToAggregate().Error()`: duplicates dropped, one error printed bare, several
/// as `[e1, e2]`, none as the empty string.
pub fn aggregate(errs: &[FieldErr]) -> String {
    let mut seen = BTreeSet::new();
    let mut msgs = Vec::new();
    for e in errs {
        let msg = e.to_string();
        if seen.insert(msg.clone()) {
            msgs.push(msg);
        }
    }
    match msgs.len() {
        0 => String::new(),
        1 => msgs.remove(0),
        _ => format!("[{}]", msgs.join(", ")),
    }
}

/// The message of upstream `errors.NewInvalid`: `Deployment.apps "web" is invalid: <aggregate>`.
pub fn invalid_message(group: &str, kind: &str, name: &str, errs: &[FieldErr]) -> String {
    let gk = if group.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}.{group}")
    };
    if errs.is_empty() {
        format!("{gk} {} is invalid", gofmt::quote(name))
    } else {
        format!("{gk} {} is invalid: {}", gofmt::quote(name), aggregate(errs))
    }
}

/// The full 422 `Status` object of upstream `errors.NewInvalid`.
pub fn invalid_status(group: &str, kind: &str, name: &str, errs: &[FieldErr]) -> Value {
    let mut details = serde_json::Map::new();
    details.insert("name".into(), Value::String(name.to_string()));
    if !group.is_empty() {
        details.insert("group".into(), Value::String(group.to_string()));
    }
    details.insert("kind".into(), Value::String(kind.to_string()));
    if !errs.is_empty() {
        details.insert(
            "causes".into(),
            Value::Array(errs.iter().map(FieldErr::to_cause).collect()),
        );
    }
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": invalid_message(group, kind, name, errs),
        "reason": "Invalid",
        "details": details,
        "code": 422,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_rendering() {
        let p = Path::new("spec").child("containers").index(0).child("image");
        assert_eq!(p.to_string(), "spec.containers[0].image");
        assert_eq!(
            Path::new("metadata").child("labels").key("app").as_str(),
            "metadata.labels[app]"
        );
        assert_eq!(Path::default().child("key").as_str(), "key");
    }

    #[test]
    fn display_matches_upstream() {
        let subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \
                         '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', \
                         regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        let cases: Vec<(FieldErr, &str)> = vec![
            (
                FieldErr::invalid("metadata.name", "Foo", subdomain),
                "metadata.name: Invalid value: \"Foo\": a lowercase RFC 1123 subdomain must consist of lower \
                 case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
                 character (e.g. 'example.com', regex used for validation is \
                 '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ),
            (FieldErr::required("spec.containers[0].image", ""), "spec.containers[0].image: Required value"),
            (
                FieldErr::required("spec.selector", "must be specified"),
                "spec.selector: Required value: must be specified",
            ),
            (
                FieldErr::not_supported("spec.restartPolicy", "Foo", &["Always", "Never", "OnFailure"]),
                "spec.restartPolicy: Unsupported value: \"Foo\": supported values: \"Always\", \"Never\", \
                 \"OnFailure\"",
            ),
            (FieldErr::duplicate("spec.ports[1].name", "http"), "spec.ports[1].name: Duplicate value: \"http\""),
            (FieldErr::not_found("spec.x", 3), "spec.x: Not found: 3"),
            (
                FieldErr::forbidden("spec", "pod updates may not change fields"),
                "spec: Forbidden: pod updates may not change fields",
            ),
            (
                FieldErr::too_long("metadata.annotations", Some(262144)),
                "metadata.annotations: Too long: may not be more than 262144 bytes",
            ),
            (FieldErr::too_long("x", None), "x: Too long: value is too long"),
            (FieldErr::too_many("items", Some(5), Some(3)), "items: Too many: 5: must have at most 3 items"),
            (FieldErr::too_many("items", None, None), "items: Too many: has too many items"),
            (FieldErr::internal("spec", "boom"), "spec: Internal error: boom"),
            (FieldErr::invalid("spec.replicas", -1, "must be >= 0"), "spec.replicas: Invalid value: -1: must be >= 0"),
            (FieldErr::invalid("x", 1.5, "d"), "x: Invalid value: 1.5: d"),
            (FieldErr::invalid("x", true, "d"), "x: Invalid value: true: d"),
            (FieldErr::invalid("x", Value::Null, "d"), "x: Invalid value: null: d"),
            (
                FieldErr::invalid("values", json!([]), "for 'in', 'notin' operators, values set can't be empty"),
                "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty",
            ),
            (FieldErr::invalid("v", json!(["a", "b"]), "d"), "v: Invalid value: []string{\"a\", \"b\"}: d"),
            (FieldErr::invalid("v", json!({"a": 1}), "d"), "v: Invalid value: {\"a\":1}: d"),
            (FieldErr::type_invalid("v", "x", "must be int"), "v: Invalid value: \"x\": must be int"),
        ];
        for (err, want) in cases {
            assert_eq!(err.to_string(), want);
        }
    }

    #[test]
    fn reasons() {
        let cases = [
            (FieldErr::invalid("a", "b", ""), "FieldValueInvalid"),
            (FieldErr::required("a", ""), "FieldValueRequired"),
            (
                FieldErr::not_supported::<&str>("a", "b", &[]),
                "FieldValueNotSupported",
            ),
            (FieldErr::duplicate("a", "b"), "FieldValueDuplicate"),
            (FieldErr::too_long("a", Some(1)), "FieldValueTooLong"),
            (FieldErr::forbidden("a", ""), "FieldValueForbidden"),
            (FieldErr::too_many("a", Some(2), Some(1)), "FieldValueTooMany"),
            (FieldErr::not_found("a", "b"), "FieldValueNotFound"),
            (FieldErr::internal("a", "b"), "InternalError"),
            (FieldErr::type_invalid("a", "b", ""), "FieldValueTypeInvalid"),
        ];
        for (err, want) in cases {
            assert_eq!(err.reason(), want);
        }
    }

    #[test]
    fn aggregate_and_status() {
        let a = FieldErr::required("spec.containers[0].image", "");
        let b = FieldErr::invalid("metadata.name", "Foo", "bad");
        assert_eq!(aggregate(&[]), "");
        assert_eq!(
            aggregate(&[a.clone(), a.clone()]),
            "spec.containers[0].image: Required value"
        );
        assert_eq!(
            aggregate(&[a.clone(), b.clone(), a.clone()]),
            "[spec.containers[0].image: Required value, metadata.name: Invalid value: \"Foo\": bad]"
        );
        assert_eq!(
            invalid_message("apps", "Deployment", "web", std::slice::from_ref(&a)),
            "Deployment.apps \"web\" is invalid: spec.containers[0].image: Required value"
        );
        let status = invalid_status("", "Pod", "p", &[a, b]);
        assert_eq!(status["code"], 422);
        assert_eq!(status["reason"], "Invalid");
        assert!(status["details"].get("group").is_none());
        assert_eq!(status["details"]["causes"][0]["reason"], "FieldValueRequired");
        assert_eq!(status["details"]["causes"][0]["message"], "Required value");
        assert_eq!(status["details"]["causes"][1]["field"], "metadata.name");
        assert_eq!(
            status["message"],
            "Pod \"p\" is invalid: [spec.containers[0].image: Required value, metadata.name: Invalid value: \
             \"Foo\": bad]"
        );
    }
}
