//! The schema interpreter: decodes a message's bytes into its JSON object using a [`Message`] table.

use serde_json::{Map, Value};

use super::schema::{Field, Message, Shape, Ty};
use super::special;
use super::wire::{packed_varints, Reader, WireValue};
use super::ProtobufError;

/// Decodes `data` as `message` into a fresh JSON object.
pub(crate) fn decode_message(
    message: &'static Message,
    data: &[u8],
    depth: u32,
) -> Result<Map<String, Value>, ProtobufError> {
    let mut out = Map::new();
    decode_into(message, data, depth, &mut out)?;
    Ok(out)
}

/// Decodes `data` as `message`, merging into `out` (a repeated occurrence of a non-repeated embedded
/// message merges into the earlier one, as protobuf specifies).
fn decode_into(
    message: &'static Message,
    data: &[u8],
    depth: u32,
    out: &mut Map<String, Value>,
) -> Result<(), ProtobufError> {
    let mut reader = Reader::new(data);
    while let Some((number, value)) = reader.next_field()? {
        let field = message
            .field(number)
            .ok_or_else(|| ProtobufError::unknown_field(message.name, number))?;
        match field.shape {
            Shape::Inline => {
                let Ty::Message(inner) = field.ty else {
                    unreachable!("inline fields are messages")
                };
                decode_into(inner, len(message.name, number, value)?, depth, out)?;
            }
            Shape::Single | Shape::OmitEmpty => {
                if let Ty::Message(inner) = field.ty {
                    let bytes = len(message.name, number, value)?;
                    let slot = out.entry(field.json).or_insert_with(|| Value::Object(Map::new()));
                    match slot {
                        Value::Object(map) => decode_into(inner, bytes, depth, map)?,
                        _ => unreachable!("message fields only ever hold objects"),
                    }
                    continue;
                }
                let decoded = scalar(message.name, number, field.ty, value, depth)?;
                if field.shape == Shape::OmitEmpty && is_zero(&decoded) {
                    out.remove(field.json);
                } else {
                    out.insert(field.json.to_string(), decoded);
                }
            }
            Shape::Repeated => {
                let items = out.entry(field.json).or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(items) = items else {
                    unreachable!("repeated fields only hold arrays")
                };
                match (field.ty, value) {
                    (Ty::Bool | Ty::Int32 | Ty::Int64, WireValue::Len(packed)) => {
                        for v in packed_varints(packed)? {
                            items.push(varint_value(field.ty, v));
                        }
                    }
                    _ => items.push(element(message.name, number, field.ty, value, depth)?),
                }
                if items.is_empty() {
                    out.remove(field.json);
                }
            }
            Shape::Map => {
                let (key, val) = map_entry(message.name, field, len(message.name, number, value)?, depth)?;
                let entries = out.entry(field.json).or_insert_with(|| Value::Object(Map::new()));
                let Value::Object(entries) = entries else {
                    unreachable!("map fields only hold objects")
                };
                entries.insert(key, val);
            }
        }
    }
    Ok(())
}

fn len<'a>(message: &str, number: u32, value: WireValue<'a>) -> Result<&'a [u8], ProtobufError> {
    match value {
        WireValue::Len(bytes) => Ok(bytes),
        _ => Err(ProtobufError::bad_wire_type(message, number)),
    }
}

fn is_zero(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Number(n) => n.as_i64() == Some(0),
        Value::Array(_) | Value::Object(_) => false,
    }
}

fn varint_value(ty: Ty, v: u64) -> Value {
    match ty {
        Ty::Bool => Value::Bool(v != 0),
        // Go truncates to the declared width.
        Ty::Int32 => Value::from(v as i32),
        _ => Value::from(v as i64),
    }
}

/// One element of a repeated field or one map value.
fn element(
    message: &str,
    number: u32,
    ty: Ty,
    value: WireValue<'_>,
    depth: u32,
) -> Result<Value, ProtobufError> {
    match ty {
        Ty::Message(inner) => Ok(Value::Object(decode_message(
            inner,
            len(message, number, value)?,
            depth,
        )?)),
        _ => scalar(message, number, ty, value, depth),
    }
}

/// A non-message value (including the special types).
fn scalar(
    message: &str,
    number: u32,
    ty: Ty,
    value: WireValue<'_>,
    depth: u32,
) -> Result<Value, ProtobufError> {
    match ty {
        Ty::Bool | Ty::Int32 | Ty::Int64 => match value {
            WireValue::Varint(v) => Ok(varint_value(ty, v)),
            _ => Err(ProtobufError::bad_wire_type(message, number)),
        },
        Ty::String => Ok(Value::String(special::string(message, number, value)?)),
        Ty::Bytes => Ok(Value::String(special::base64(len(message, number, value)?))),
        Ty::Quantity => special::quantity(len(message, number, value)?),
        Ty::IntOrString => special::int_or_string(len(message, number, value)?),
        Ty::Time => special::time(len(message, number, value)?, false),
        Ty::MicroTime => special::time(len(message, number, value)?, true),
        Ty::FieldsV1 => special::fields_v1(len(message, number, value)?),
        Ty::RawExtension => special::raw_extension(len(message, number, value)?, depth),
        Ty::StringList(name) => special::string_list(name, len(message, number, value)?),
        Ty::Message(inner) => Ok(Value::Object(decode_message(
            inner,
            len(message, number, value)?,
            depth,
        )?)),
    }
}

/// The JSON value of an absent map value: the Go zero value's JSON form.
fn zero(ty: Ty) -> Value {
    match ty {
        Ty::String | Ty::Bytes => Value::String(String::new()),
        Ty::Bool => Value::Bool(false),
        Ty::Int32 | Ty::Int64 | Ty::IntOrString => Value::from(0),
        Ty::Quantity => Value::String("0".to_string()),
        Ty::Time | Ty::MicroTime | Ty::FieldsV1 | Ty::RawExtension => Value::Null,
        Ty::StringList(_) => Value::Array(Vec::new()),
        Ty::Message(_) => Value::Object(Map::new()),
    }
}

/// A map entry message `{1: string key, 2: value}`.
fn map_entry(
    message: &str,
    field: &Field,
    data: &[u8],
    depth: u32,
) -> Result<(String, Value), ProtobufError> {
    let entry_name = || format!("{message}.{}Entry", upper_first(field.json));
    let (mut key, mut val) = (String::new(), None);
    let mut reader = Reader::new(data);
    while let Some((number, value)) = reader.next_field()? {
        match number {
            1 => key = special::string(&entry_name(), number, value)?,
            2 => val = Some(element(&entry_name(), number, field.ty, value, depth)?),
            _ => return Err(ProtobufError::unknown_field(&entry_name(), number)),
        }
    }
    Ok((key, val.unwrap_or_else(|| zero(field.ty))))
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
