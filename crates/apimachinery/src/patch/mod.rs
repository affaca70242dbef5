//! The three non-apply PATCH flavours of the API server:
//! - [`json_patch()`]: RFC 6902 (`application/json-patch+json`), including `test`;
//! - [`merge_patch`]: RFC 7386 (`application/merge-patch+json`), with the null pruning of the
//!   `evanphx/json-patch` library upstream uses;
//! - [`strategic_merge_patch`]: `application/strategic-merge-patch+json`, driven by a
//!   [`PatchSchema`] (see [`PatchSchema::for_kind`]).
//!
//! Errors carry the HTTP status upstream answers with ([`PatchError::status_code`]).

mod schema;
mod strategic;

pub use schema::{FieldSchema, PatchSchema, PatchStrategy};
pub use strategic::strategic_merge_patch;

use crate::gofmt;
use serde_json::{Map, Value};

/// Upstream's cap on JSON patch operations (`maxJSONPatchOperations`).
pub const MAX_JSON_PATCH_OPERATIONS: usize = 10000;

/// A patch failure, classified by the HTTP status upstream returns.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    /// 400: the patch document is malformed (bad JSON, bad directive format).
    #[error("{0}")]
    BadRequest(String),
    /// 422: the patch is well-formed but cannot be applied (failed `test`, missing path, lists of
    /// lists in a strategic merge patch).
    #[error("{0}")]
    Unprocessable(String),
    /// 500: upstream passes these strategic-merge errors through as internal errors (unknown
    /// `$patch` value, element without its merge key, mismatched element types, …).
    #[error("{0}")]
    Internal(String),
    /// 413: more than [`MAX_JSON_PATCH_OPERATIONS`] operations.
    #[error("The allowed maximum operations in a JSON patch is {max}, got {got}")]
    TooManyOperations {
        /// The limit.
        max: usize,
        /// Operations in the request.
        got: usize,
    },
}

impl PatchError {
    /// The HTTP status code upstream answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            PatchError::BadRequest(_) => 400,
            PatchError::Unprocessable(_) => 422,
            PatchError::Internal(_) => 500,
            PatchError::TooManyOperations { .. } => 413,
        }
    }
}

/// The PATCH content types (`Content-Type` header).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatchType {
    /// `application/json-patch+json`
    Json,
    /// `application/merge-patch+json`
    Merge,
    /// `application/strategic-merge-patch+json`
    StrategicMerge,
    /// `application/apply-patch+yaml` (server-side apply)
    Apply,
}

impl PatchType {
    /// Recognises a `Content-Type` value (parameters such as `; charset=utf-8` are ignored).
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        Some(match media.as_str() {
            "application/json-patch+json" => PatchType::Json,
            "application/merge-patch+json" => PatchType::Merge,
            "application/strategic-merge-patch+json" => PatchType::StrategicMerge,
            "application/apply-patch+yaml" => PatchType::Apply,
            _ => return None,
        })
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            PatchType::Json => "application/json-patch+json",
            PatchType::Merge => "application/merge-patch+json",
            PatchType::StrategicMerge => "application/strategic-merge-patch+json",
            PatchType::Apply => "application/apply-patch+yaml",
        }
    }
}

/// A patch body: raw bytes / text (parsed as JSON) or an already decoded value.
pub trait PatchBody {
    /// The decoded JSON, or a 400 error.
    fn into_json(self) -> Result<Value, PatchError>;
}

impl PatchBody for &Value {
    fn into_json(self) -> Result<Value, PatchError> {
        Ok(self.clone())
    }
}

impl PatchBody for Value {
    fn into_json(self) -> Result<Value, PatchError> {
        Ok(self)
    }
}

impl PatchBody for &[u8] {
    fn into_json(self) -> Result<Value, PatchError> {
        serde_json::from_slice(self).map_err(|e| PatchError::BadRequest(e.to_string()))
    }
}

impl PatchBody for &Vec<u8> {
    fn into_json(self) -> Result<Value, PatchError> {
        self.as_slice().into_json()
    }
}

impl PatchBody for &str {
    fn into_json(self) -> Result<Value, PatchError> {
        self.as_bytes().into_json()
    }
}

/// Applies an RFC 6902 JSON patch. A body that is not an array is a 400, more than
/// [`MAX_JSON_PATCH_OPERATIONS`] operations a 413, malformed operations and failed operations
/// (including `test`) a 422, as upstream.
pub fn json_patch(doc: &Value, patch: impl PatchBody) -> Result<Value, PatchError> {
    let patch = patch.into_json()?;
    let Value::Array(ops) = &patch else {
        return Err(PatchError::BadRequest(format!(
            "json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
            gofmt::json_kind(&patch)
        )));
    };
    if ops.len() > MAX_JSON_PATCH_OPERATIONS {
        return Err(PatchError::TooManyOperations {
            max: MAX_JSON_PATCH_OPERATIONS,
            got: ops.len(),
        });
    }
    let ops: json_patch::Patch =
        serde_json::from_value(patch).map_err(|e| PatchError::Unprocessable(e.to_string()))?;
    let mut out = doc.clone();
    json_patch::patch(&mut out, &ops).map_err(|e| PatchError::Unprocessable(e.to_string()))?;
    Ok(out)
}

/// Applies an RFC 7386 merge patch: objects merge recursively, `null` deletes, anything else
/// replaces. Values taken from the patch lose their `null` fields, also inside arrays (as
/// `evanphx/json-patch` v4 does; `null` array elements stay). A non-object patch replaces the whole document; see
/// [`merge_patch_checked`] for the API server's rejection of such bodies.
pub fn merge_patch(doc: &Value, patch: &Value) -> Value {
    match (doc, patch) {
        (Value::Object(d), Value::Object(p)) => {
            let mut out = d.clone();
            merge_docs(&mut out, p);
            Value::Object(out)
        }
        (_, p) => prune_nulls(p.clone()),
    }
}

/// [`merge_patch`] as the API server runs it: a `null`, scalar or string patch body is a 400
/// `Invalid JSON Patch`. (An array body replaces the document and fails later when decoded.)
pub fn merge_patch_checked(doc: &Value, patch: impl PatchBody) -> Result<Value, PatchError> {
    let patch = patch.into_json()?;
    if !patch.is_object() && !patch.is_array() {
        return Err(PatchError::BadRequest("Invalid JSON Patch".to_string()));
    }
    Ok(merge_patch(doc, &patch))
}

fn merge_docs(doc: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (k, v) in patch {
        if v.is_null() {
            doc.remove(k);
            continue;
        }
        match (doc.get_mut(k), v) {
            (Some(Value::Object(cur)), Value::Object(p)) => merge_docs(cur, p),
            (Some(cur @ Value::Object(_)), other) => *cur = other.clone(),
            (Some(cur), other) => *cur = prune_nulls(other.clone()),
            (None, other) => {
                doc.insert(k.clone(), prune_nulls(other.clone()));
            }
        }
    }
}

fn prune_nulls(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, prune_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(prune_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests;
