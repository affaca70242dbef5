//! Decoding of Kubernetes protobuf request bodies (`Content-Type: application/vnd.kubernetes.protobuf`)
//! into the objects' JSON form.
//!
//! A body is the magic `k8s\0` followed by a `runtime.Unknown` message
//! `{1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}` whose `raw` is
//! the object's own message. The object is decoded with a declarative schema table
//! ([`schema`], [`messages`]) by a generic interpreter over a small wire-format reader ([`wire`]);
//! Kubernetes types with custom JSON forms are handled in [`special`].
//!
//! The result is the JSON that Go's `encoding/json` would produce for the decoded Go object: absent
//! optional fields stay absent, zero values of non-pointer `omitempty` scalars (which gogo protobuf
//! always writes) are dropped, empty repeated fields and maps are absent, and present embedded
//! messages are objects, possibly `{}`. Unknown field numbers are errors, never dropped.

mod decode;
pub mod messages;
pub mod schema;
mod special;
pub mod wire;

#[cfg(test)]
mod tests;

use serde_json::Value;

use wire::{Reader, WireValue};

/// The media type of Kubernetes protobuf bodies.
pub const MEDIA_TYPE: &str = "application/vnd.kubernetes.protobuf";

/// The 4-byte prefix of every Kubernetes protobuf body.
pub const MAGIC: [u8; 4] = *b"k8s\0";

const UNKNOWN: &str = "k8s.io.apimachinery.pkg.runtime.Unknown";
const TYPE_META: &str = "k8s.io.apimachinery.pkg.runtime.TypeMeta";

/// A decoded request body.
#[derive(Debug, Clone, PartialEq)]
pub struct ProtobufObject {
    pub api_version: String,
    pub kind: String,
    /// The object's JSON form, including `"apiVersion"` and `"kind"`.
    pub object: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtobufError {
    #[error("protobuf body does not start with the \"k8s\\x00\" prefix")]
    MissingMagic,
    #[error("protobuf data is truncated")]
    Truncated,
    #[error("protobuf varint is longer than 10 bytes")]
    InvalidVarint,
    #[error("invalid protobuf tag {tag:#x}")]
    InvalidTag { tag: u64 },
    #[error("protobuf field {field} of {message} has the wrong wire type")]
    BadWireType { message: String, field: u32 },
    #[error("unknown protobuf field {field} in {message}")]
    UnknownField { message: String, field: u32 },
    #[error("protobuf field {field} of {message} is not valid UTF-8")]
    InvalidUtf8 { message: String, field: u32 },
    #[error("invalid value in protobuf field {field} of {message}: {reason}")]
    InvalidValue {
        message: String,
        field: u32,
        reason: String,
    },
    #[error(
        "unsupported protobuf envelope: contentEncoding {content_encoding:?}, contentType {content_type:?}"
    )]
    UnsupportedEncoding {
        content_encoding: String,
        content_type: String,
    },
    #[error("no protobuf decoder for kind {kind:?} in {api_version:?}")]
    UnsupportedKind { api_version: String, kind: String },
}

impl ProtobufError {
    pub(crate) fn unknown_field(message: &str, field: u32) -> Self {
        ProtobufError::UnknownField {
            message: message.to_string(),
            field,
        }
    }

    pub(crate) fn bad_wire_type(message: &str, field: u32) -> Self {
        ProtobufError::BadWireType {
            message: message.to_string(),
            field,
        }
    }

    pub(crate) fn invalid(message: &str, field: u32, reason: impl Into<String>) -> Self {
        ProtobufError::InvalidValue {
            message: message.to_string(),
            field,
            reason: reason.into(),
        }
    }
}

/// Decodes a protobuf request body (`k8s\0` + `runtime.Unknown`) into the object's JSON form.
pub fn decode_body(body: &[u8]) -> Result<ProtobufObject, ProtobufError> {
    decode_envelope(body, 0)
}

/// Whether [`decode_body`] knows the kind (`DeleteOptions` is accepted in every group version).
pub fn supports(api_version: &str, kind: &str) -> bool {
    messages::lookup(api_version, kind).is_some()
}

pub(crate) fn decode_envelope(body: &[u8], depth: u32) -> Result<ProtobufObject, ProtobufError> {
    let data = body.strip_prefix(&MAGIC).ok_or(ProtobufError::MissingMagic)?;
    let (mut api_version, mut kind, mut raw) = (String::new(), String::new(), &[][..]);
    let (mut content_encoding, mut content_type) = (String::new(), String::new());
    let mut reader = Reader::new(data);
    while let Some((number, value)) = reader.next_field()? {
        match number {
            1 => {
                let WireValue::Len(type_meta) = value else {
                    return Err(ProtobufError::bad_wire_type(UNKNOWN, number));
                };
                let mut tm = Reader::new(type_meta);
                while let Some((number, value)) = tm.next_field()? {
                    match number {
                        1 => api_version = special::string(TYPE_META, number, value)?,
                        2 => kind = special::string(TYPE_META, number, value)?,
                        _ => return Err(ProtobufError::unknown_field(TYPE_META, number)),
                    }
                }
            }
            2 => match value {
                WireValue::Len(bytes) => raw = bytes,
                _ => return Err(ProtobufError::bad_wire_type(UNKNOWN, number)),
            },
            3 => content_encoding = special::string(UNKNOWN, number, value)?,
            4 => content_type = special::string(UNKNOWN, number, value)?,
            _ => return Err(ProtobufError::unknown_field(UNKNOWN, number)),
        }
    }
    if !content_encoding.is_empty() || !(content_type.is_empty() || content_type == MEDIA_TYPE) {
        return Err(ProtobufError::UnsupportedEncoding {
            content_encoding,
            content_type,
        });
    }
    let Some(message) = messages::lookup(&api_version, &kind) else {
        return Err(ProtobufError::UnsupportedKind { api_version, kind });
    };
    let mut object = decode::decode_message(message, raw, depth)?;
    object.insert("apiVersion".to_string(), Value::String(api_version.clone()));
    object.insert("kind".to_string(), Value::String(kind.clone()));
    Ok(ProtobufObject {
        api_version,
        kind,
        object: Value::Object(object),
    })
}
