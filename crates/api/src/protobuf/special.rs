//! Kubernetes types with a custom JSON form: `resource.Quantity`, `intstr.IntOrString`, `meta.v1.Time`,
//! `meta.v1.MicroTime`, `meta.v1.FieldsV1`, `runtime.RawExtension`, and `[]string` wrapper messages.

use serde_json::Value;

use super::wire::{Reader, WireValue};
use super::ProtobufError;

const QUANTITY: &str = "k8s.io.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING: &str = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
const TIME: &str = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
const MICRO_TIME: &str = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";
const FIELDS_V1: &str = "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1";
const RAW_EXTENSION: &str = "k8s.io.apimachinery.pkg.runtime.RawExtension";

/// How deeply `RawExtension`s may nest further `k8s\0` objects.
const MAX_DEPTH: u32 = 16;

fn varint(message: &str, field: u32, value: WireValue<'_>) -> Result<u64, ProtobufError> {
    match value {
        WireValue::Varint(v) => Ok(v),
        _ => Err(ProtobufError::bad_wire_type(message, field)),
    }
}

fn bytes<'a>(message: &str, field: u32, value: WireValue<'a>) -> Result<&'a [u8], ProtobufError> {
    match value {
        WireValue::Len(b) => Ok(b),
        _ => Err(ProtobufError::bad_wire_type(message, field)),
    }
}

pub(crate) fn string(message: &str, field: u32, value: WireValue<'_>) -> Result<String, ProtobufError> {
    let b = bytes(message, field, value)?;
    String::from_utf8(b.to_vec()).map_err(|_| ProtobufError::InvalidUtf8 {
        message: message.to_string(),
        field,
    })
}

/// `resource.Quantity {1: string}` → the string (`"0"` when unset, like Go's zero Quantity).
pub(crate) fn quantity(data: &[u8]) -> Result<Value, ProtobufError> {
    let mut s = String::from("0");
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => s = string(QUANTITY, n, v)?,
            _ => return Err(ProtobufError::unknown_field(QUANTITY, n)),
        }
    }
    Ok(Value::String(s))
}

/// `intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}` → a number or a string.
pub(crate) fn int_or_string(data: &[u8]) -> Result<Value, ProtobufError> {
    let (mut kind, mut int_val, mut str_val) = (0i64, 0i32, String::new());
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => kind = varint(INT_OR_STRING, n, v)? as i64,
            2 => int_val = varint(INT_OR_STRING, n, v)? as i32,
            3 => str_val = string(INT_OR_STRING, n, v)?,
            _ => return Err(ProtobufError::unknown_field(INT_OR_STRING, n)),
        }
    }
    match kind {
        0 => Ok(Value::from(int_val)),
        1 => Ok(Value::String(str_val)),
        _ => Err(ProtobufError::invalid(
            INT_OR_STRING,
            1,
            format!("type {kind} is neither 0 (int) nor 1 (string)"),
        )),
    }
}

/// `meta.v1.Time` / `MicroTime` (`{1: seconds, 2: nanos}`). An empty message is the zero time, `null`.
/// `Time` keeps whole seconds (Go drops the nanos on decode); `MicroTime` keeps microseconds.
pub(crate) fn time(data: &[u8], micro: bool) -> Result<Value, ProtobufError> {
    let name = if micro { MICRO_TIME } else { TIME };
    if data.is_empty() {
        return Ok(Value::Null);
    }
    let (mut seconds, mut nanos) = (0i64, 0i32);
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => seconds = varint(name, n, v)? as i64,
            2 => nanos = varint(name, n, v)? as i32,
            _ => return Err(ProtobufError::unknown_field(name, n)),
        }
    }
    let micros = if micro { i128::from(nanos / 1000) } else { 0 };
    let total = i128::from(seconds) * 1_000_000 + micros;
    let secs = total.div_euclid(1_000_000);
    let frac = total.rem_euclid(1_000_000);
    let days = secs.div_euclid(86_400);
    let tod = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return Err(ProtobufError::invalid(
            name,
            1,
            format!("{seconds} seconds is outside years 0-9999"),
        ));
    }
    let (h, m, s) = (tod / 3600, tod / 60 % 60, tod % 60);
    let text = if micro {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{frac:06}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    };
    Ok(Value::String(text))
}

/// Days since 1970-01-01 → proleptic Gregorian (year, month, day).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

fn raw_json(message: &str, field: u32, raw: &[u8]) -> Result<Value, ProtobufError> {
    serde_json::from_slice(raw).map_err(|e| ProtobufError::invalid(message, field, format!("not JSON: {e}")))
}

/// `meta.v1.FieldsV1 {1: raw JSON}` → the parsed JSON (`null` when empty).
pub(crate) fn fields_v1(data: &[u8]) -> Result<Value, ProtobufError> {
    let mut out = Value::Null;
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => {
                let raw = bytes(FIELDS_V1, n, v)?;
                out = if raw.is_empty() {
                    Value::Null
                } else {
                    raw_json(FIELDS_V1, n, raw)?
                };
            }
            _ => return Err(ProtobufError::unknown_field(FIELDS_V1, n)),
        }
    }
    Ok(out)
}

/// `runtime.RawExtension {1: raw}` → the parsed JSON, or the JSON form of a nested `k8s\0` protobuf
/// object; `null` when empty.
pub(crate) fn raw_extension(data: &[u8], depth: u32) -> Result<Value, ProtobufError> {
    let mut out = Value::Null;
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => {
                let raw = bytes(RAW_EXTENSION, n, v)?;
                out = if raw.is_empty() {
                    Value::Null
                } else if raw.starts_with(&super::MAGIC) {
                    if depth >= MAX_DEPTH {
                        return Err(ProtobufError::invalid(
                            RAW_EXTENSION,
                            n,
                            "objects nested too deeply",
                        ));
                    }
                    super::decode_envelope(raw, depth + 1)?.object
                } else {
                    raw_json(RAW_EXTENSION, n, raw)?
                };
            }
            _ => return Err(ProtobufError::unknown_field(RAW_EXTENSION, n)),
        }
    }
    Ok(out)
}

/// A `{1: repeated string items}` message (Go `[]string`, e.g. `ExtraValue`) → an array.
pub(crate) fn string_list(name: &str, data: &[u8]) -> Result<Value, ProtobufError> {
    let mut items = Vec::new();
    let mut r = Reader::new(data);
    while let Some((n, v)) = r.next_field()? {
        match n {
            1 => items.push(Value::String(string(name, n, v)?)),
            _ => return Err(ProtobufError::unknown_field(name, n)),
        }
    }
    Ok(Value::Array(items))
}

/// Standard base64 with padding, as Go's `encoding/json` writes `[]byte`.
pub(crate) fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn protobuf_base64() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(&[0, 0xff, 0xfe, 0x80]), "AP/+gA==");
    }

    #[test]
    fn protobuf_time_forms() {
        // 2024-02-29T12:34:56Z = 1709210096; nanos are dropped for Time.
        let t = [0x08, 0xf0, 0xf3, 0x81, 0xaf, 0x06, 0x10, 0xd2, 0x09];
        assert_eq!(time(&t, false).unwrap(), json!("2024-02-29T12:34:56Z"));
        // MicroTime keeps microseconds (1234 ns → 1 µs).
        assert_eq!(time(&t, true).unwrap(), json!("2024-02-29T12:34:56.000001Z"));
        assert_eq!(time(&[], false).unwrap(), Value::Null);
        // The epoch written explicitly is not the zero time.
        assert_eq!(
            time(&[0x08, 0x00, 0x10, 0x00], false).unwrap(),
            json!("1970-01-01T00:00:00Z")
        );
        // -1 second.
        let minus_one = [0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
        assert_eq!(time(&minus_one, false).unwrap(), json!("1969-12-31T23:59:59Z"));
        assert!(matches!(
            time(&[0x18, 0x01], false),
            Err(ProtobufError::UnknownField { field: 3, .. })
        ));
    }

    #[test]
    fn protobuf_int_or_string_forms() {
        assert_eq!(
            int_or_string(&[0x08, 0x00, 0x10, 0x50, 0x1a, 0x00]).unwrap(),
            json!(80)
        );
        assert_eq!(
            int_or_string(&[0x08, 0x01, 0x10, 0x00, 0x1a, 0x02, b'h', b'p']).unwrap(),
            json!("hp")
        );
        assert_eq!(int_or_string(&[]).unwrap(), json!(0));
        assert!(int_or_string(&[0x08, 0x02]).is_err());
    }

    #[test]
    fn protobuf_quantity_and_raw() {
        assert_eq!(
            quantity(&[0x0a, 0x04, b'1', b'0', b'0', b'm']).unwrap(),
            json!("100m")
        );
        assert_eq!(quantity(&[]).unwrap(), json!("0"));
        let raw = br#"{"f:metadata":{}}"#;
        let mut fields = vec![0x0a, raw.len() as u8];
        fields.extend_from_slice(raw);
        assert_eq!(fields_v1(&fields).unwrap(), json!({"f:metadata": {}}));
        assert_eq!(raw_extension(&fields, 0).unwrap(), json!({"f:metadata": {}}));
        assert_eq!(raw_extension(&[], 0).unwrap(), Value::Null);
        assert!(raw_extension(&[0x0a, 0x01, b'{'], 0).is_err());
        assert_eq!(
            string_list("X", &[0x0a, 0x01, b'a', 0x0a, 0x00]).unwrap(),
            json!(["a", ""])
        );
    }
}
