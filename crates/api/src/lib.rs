//! Built-in Kubernetes kinds (upstream `pkg/apis/*`): strict decoding, defaulting, validation and field
//! labels for field selectors, per kind. Pure functions; no I/O, no HTTP, no storage.
//!
//! The API server calls, per request: [`decode_bytes`] (strict decode, unknown/duplicate fields for
//! `fieldValidation`), [`default`] (upstream defaulting plus the defaults of the `Priority` and
//! `DefaultTolerationSeconds` admission plugins on create), [`prepare_for_create`] once system
//! fields (`uid`, `creationTimestamp`) are set, then [`validate_create`] or [`validate_update`];
//! list/watch filtering uses [`field_value`]. Objects are `serde_json::Value`s as stored; inside,
//! every kind works on its typed `k8s-openapi` struct.
//!
//! Where to start reading: [`kinds`] has the table of kinds; each kind's module
//! (`core::pod`, `apps::deployment`, ...) holds its defaulting and validation, mirroring the
//! upstream function it follows. Messages are upstream's `field.Error` texts (what `kubectl`
//! prints). Upstream Kubernetes v1.33 with its default feature gates is the reference.
//!
//! Must not: do I/O, look other objects up (priority classes, service accounts, quotas: the API
//! server's admission does that), allocate cluster IPs or node ports.

pub mod apps;
pub mod authorization;
pub mod autoscaling;
pub mod batch;
pub mod coordination;
pub mod core;
mod decode;
mod defaulting;
pub mod discovery;
pub mod events;
pub mod field;
mod fields;
pub mod kinds;
pub mod meta;
pub mod policy;
pub mod protobuf;
pub mod quantity;
pub mod scheduling;
pub mod selector;
pub mod storage;
pub mod syntax;

pub use decode::{strict_errors, DecodeError, Decoded};
pub use field::FieldErr;
pub use fields::UnsupportedField;

use serde_json::Value;

/// Group/version/kind of a built-in type, e.g. `("apps", "v1", "Deployment")`; core group is `""`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gvk<'a> {
    pub group: &'a str,
    pub version: &'a str,
    pub kind: &'a str,
}

impl<'a> Gvk<'a> {
    /// A GVK from its parts.
    pub fn new(group: &'a str, version: &'a str, kind: &'a str) -> Self {
        Gvk { group, version, kind }
    }

    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

fn info(gvk: &Gvk<'_>) -> Option<&'static kinds::KindInfo> {
    kinds::lookup(gvk.group, gvk.version, gvk.kind)
}

/// Whether `gvk` is a built-in kind this crate handles.
pub fn is_builtin(gvk: &Gvk<'_>) -> bool {
    info(gvk).is_some()
}

/// Whether a built-in kind is namespaced; `None` for unknown kinds.
pub fn is_namespaced(gvk: &Gvk<'_>) -> Option<bool> {
    info(gvk).map(|k| k.namespaced)
}

/// Strictly decodes a JSON body for `gvk`: collects unknown fields (with `serde_ignored`) and
/// duplicate fields, and returns the object re-encoded from its typed form (unknown fields dropped,
/// quantities canonical, `apiVersion`/`kind` filled in when missing), as upstream does for built-in
/// types. A body whose `apiVersion` or `kind` differs from `gvk` is an error.
pub fn decode_bytes(gvk: &Gvk<'_>, body: &[u8]) -> Result<Decoded, DecodeError> {
    let kind = info(gvk).ok_or_else(|| unknown_kind(gvk))?;
    let (value, duplicate_fields) = decode::parse_with_duplicates(body)?;
    let mut decoded = decode_with(kind, gvk, value)?;
    decoded.duplicate_fields = duplicate_fields;
    Ok(decoded)
}

/// [`decode_bytes`] for an already-parsed body; duplicate fields cannot be detected here.
pub fn decode(gvk: &Gvk<'_>, body: &Value) -> Result<Decoded, DecodeError> {
    let kind = info(gvk).ok_or_else(|| unknown_kind(gvk))?;
    decode_with(kind, gvk, body.clone())
}

fn unknown_kind(gvk: &Gvk<'_>) -> DecodeError {
    DecodeError::UnknownKind {
        api_version: gvk.api_version(),
        kind: gvk.kind.to_string(),
    }
}

fn decode_with(kind: &kinds::KindInfo, gvk: &Gvk<'_>, mut value: Value) -> Result<Decoded, DecodeError> {
    let expected = gvk.api_version();
    let Some(obj) = value.as_object_mut() else {
        return Err(DecodeError::NotAnObject);
    };
    match obj.get("apiVersion") {
        None | Some(Value::Null) => {
            obj.insert("apiVersion".into(), Value::String(expected.clone()));
        }
        Some(Value::String(v)) if v.is_empty() => {
            obj.insert("apiVersion".into(), Value::String(expected.clone()));
        }
        Some(Value::String(v)) if *v != expected => {
            return Err(DecodeError::ApiVersionMismatch {
                found: v.clone(),
                expected,
            });
        }
        _ => {}
    }
    match obj.get("kind") {
        None | Some(Value::Null) => {
            obj.insert("kind".into(), Value::String(gvk.kind.to_string()));
        }
        Some(Value::String(k)) if k.is_empty() => {
            obj.insert("kind".into(), Value::String(gvk.kind.to_string()));
        }
        Some(Value::String(k)) if k != gvk.kind => {
            return Err(DecodeError::KindMismatch {
                found: k.clone(),
                expected: gvk.kind.to_string(),
            });
        }
        _ => {}
    }
    let mut unknown_fields = Vec::new();
    let object = kind.ops.decode(&value, &mut unknown_fields)?;
    Ok(Decoded {
        object,
        unknown_fields,
        duplicate_fields: Vec::new(),
    })
}

/// Applies upstream defaulting (`pkg/apis/*/v1/defaults.go`, the generated `+default` markers and
/// v1 conversion quirks). For an object without `metadata.resourceVersion` (a create), also the
/// defaults of the `DefaultTolerationSeconds` and `Priority` admission plugins for pods. Unknown
/// kinds and undecodable objects are left unchanged.
pub fn default(gvk: &Gvk<'_>, obj: &mut Value) {
    if let Some(k) = info(gvk) {
        k.ops.default(obj);
    }
}

/// What the registry strategies do to a new object before validation (`PrepareForCreate`): reset
/// `status` (pods get `phase: Pending` and their QoS class, namespaces `phase: Active` and the
/// `kubernetes` finalizer), set `generation` to 1 for kinds with a spec, generate a Job's selector
/// and pod labels from its `uid` (unless `manualSelector`). Call it after `uid` is assigned.
pub fn prepare_for_create(gvk: &Gvk<'_>, obj: &mut Value) {
    if let Some(k) = info(gvk) {
        k.ops.prepare(obj);
    }
}

/// Create validation: ObjectMeta (name syntax per kind, labels, annotations, finalizers, owner
/// references) and the kind's spec. Empty means valid. Namespace presence is the caller's job.
pub fn validate_create(gvk: &Gvk<'_>, obj: &Value) -> Vec<FieldErr> {
    match info(gvk) {
        Some(k) => k.ops.validate_create(obj),
        None => vec![field::internal(
            &field::Path::default(),
            format!("no built-in kind {}", gvk.kind),
        )],
    }
}

/// Update validation: metadata update rules, the kind's spec, and its immutable fields.
pub fn validate_update(gvk: &Gvk<'_>, new: &Value, old: &Value) -> Vec<FieldErr> {
    match info(gvk) {
        Some(k) => k.ops.validate_update(new, old),
        None => vec![field::internal(
            &field::Path::default(),
            format!("no built-in kind {}", gvk.kind),
        )],
    }
}

/// The value of a selectable field (field selectors), or [`UnsupportedField`] for a label the kind
/// does not support (upstream's error text is its `Display`).
pub fn field_value(gvk: &Gvk<'_>, obj: &Value, field: &str) -> Result<String, UnsupportedField> {
    fields::field_value(gvk, obj, field)
}
