//! The declarative schema DSL: a [`Message`] is a table of [`Field`]s that map protobuf field numbers
//! to JSON field names and value types. The tables live in `messages/*.rs`, one file per API group.
//!
//! Which constructor a field uses follows the Go type and its `json` tag in upstream `types.go`:
//! - [`field`]: present on the wire → present in JSON, even when zero (pointers, fields without
//!   `omitempty`, non-pointer structs, which `omitempty` does not affect in Go);
//! - [`omitempty`]: a non-pointer scalar tagged `omitempty` (gogo protobuf always writes these, Go's
//!   JSON encoder drops zero values), so a zero value (`""`, `0`, `false`) is dropped;
//! - [`repeated`] and [`map`] (always `map<string, V>`): absent when they have no entries;
//! - [`inline`]: an embedded Go struct serialized with `json:",inline"`: its fields are merged into
//!   the enclosing JSON object.

use std::fmt;

/// The type of a field's value (for maps: of the map's values; keys are always strings).
#[derive(Clone, Copy)]
pub enum Ty {
    String,
    Bool,
    Int32,
    Int64,
    /// `bytes`: a base64 string in JSON.
    Bytes,
    Message(&'static Message),
    /// `resource.Quantity` (`{1: string}`): a string.
    Quantity,
    /// `intstr.IntOrString`: a number or a string.
    IntOrString,
    /// `meta.v1.Time`: RFC 3339 with whole seconds, `null` when zero.
    Time,
    /// `meta.v1.MicroTime`: RFC 3339 with 6 fractional digits, `null` when zero.
    MicroTime,
    /// `meta.v1.FieldsV1` (`{1: raw JSON}`): the parsed JSON.
    FieldsV1,
    /// `runtime.RawExtension` (`{1: raw}`): the parsed JSON (or a nested `k8s\0` protobuf object).
    RawExtension,
    /// A message `{1: repeated string items}` for a Go `[]string` type such as `ExtraValue`: an array.
    StringList(&'static str),
}

pub const STRING: Ty = Ty::String;
pub const BOOL: Ty = Ty::Bool;
pub const INT32: Ty = Ty::Int32;
pub const INT64: Ty = Ty::Int64;
pub const BYTES: Ty = Ty::Bytes;
pub const QUANTITY: Ty = Ty::Quantity;
pub const INT_OR_STRING: Ty = Ty::IntOrString;
pub const TIME: Ty = Ty::Time;
pub const MICRO_TIME: Ty = Ty::MicroTime;
pub const FIELDS_V1: Ty = Ty::FieldsV1;
pub const RAW_EXTENSION: Ty = Ty::RawExtension;

/// A nested message.
pub const fn msg(message: &'static Message) -> Ty {
    Ty::Message(message)
}

/// A `{1: repeated string items}` wrapper message named `name`, rendered as a JSON array.
pub const fn string_list(name: &'static str) -> Ty {
    Ty::StringList(name)
}

/// How a field is laid out on the wire and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Optional single value; kept whenever present on the wire.
    Single,
    /// Optional single value; dropped when zero (`""`, `0`, `false`, `null`).
    OmitEmpty,
    /// Repeated (packed or not); absent when empty.
    Repeated,
    /// `map<string, ty>`, encoded as repeated `{1: key, 2: value}` entries; absent when empty.
    Map,
    /// An embedded message whose fields are merged into the enclosing object.
    Inline,
}

#[derive(Clone, Copy)]
pub struct Field {
    pub number: u32,
    /// The JSON field name (empty for [`Shape::Inline`]).
    pub json: &'static str,
    pub ty: Ty,
    pub shape: Shape,
}

/// A protobuf message: its fully qualified proto name and its fields.
pub struct Message {
    pub name: &'static str,
    pub fields: &'static [Field],
}

impl Message {
    pub const fn new(name: &'static str, fields: &'static [Field]) -> Self {
        Message { name, fields }
    }

    pub fn field(&self, number: u32) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.number == number)
    }
}

impl fmt::Debug for Message {
    // Only the name: tables reference each other.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Message({})", self.name)
    }
}

impl fmt::Debug for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Message(m) => write!(f, "{m:?}"),
            Ty::String => f.write_str("String"),
            Ty::Bool => f.write_str("Bool"),
            Ty::Int32 => f.write_str("Int32"),
            Ty::Int64 => f.write_str("Int64"),
            Ty::Bytes => f.write_str("Bytes"),
            Ty::Quantity => f.write_str("Quantity"),
            Ty::IntOrString => f.write_str("IntOrString"),
            Ty::Time => f.write_str("Time"),
            Ty::MicroTime => f.write_str("MicroTime"),
            Ty::FieldsV1 => f.write_str("FieldsV1"),
            Ty::RawExtension => f.write_str("RawExtension"),
            Ty::StringList(name) => write!(f, "StringList({name})"),
        }
    }
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?}({}, {:?}, {:?})",
            self.shape, self.number, self.json, self.ty
        )
    }
}

pub const fn field(number: u32, json: &'static str, ty: Ty) -> Field {
    Field {
        number,
        json,
        ty,
        shape: Shape::Single,
    }
}

pub const fn omitempty(number: u32, json: &'static str, ty: Ty) -> Field {
    Field {
        number,
        json,
        ty,
        shape: Shape::OmitEmpty,
    }
}

pub const fn repeated(number: u32, json: &'static str, ty: Ty) -> Field {
    Field {
        number,
        json,
        ty,
        shape: Shape::Repeated,
    }
}

pub const fn map(number: u32, json: &'static str, value: Ty) -> Field {
    Field {
        number,
        json,
        ty: value,
        shape: Shape::Map,
    }
}

pub const fn inline(number: u32, message: &'static Message) -> Field {
    Field {
        number,
        json: "",
        ty: Ty::Message(message),
        shape: Shape::Inline,
    }
}

/// The top-level kinds of one group version, decodable from a `runtime.Unknown` envelope.
pub struct Kinds {
    pub api_version: &'static str,
    pub kinds: &'static [(&'static str, &'static Message)],
}
