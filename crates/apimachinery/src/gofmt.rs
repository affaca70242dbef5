//! Go `fmt` / `strconv` renderings that appear verbatim in upstream error texts.
//!
//! Upstream messages embed values printed with `%q`, `%v` and `reflect.TypeOf`; clients (and the
//! conformance tests) compare those strings, so they are reproduced here for decoded JSON values.
//! This is the one implementation of Go's quoting and float formatting in the workspace:
//! `skiff-api` and the managed-fields code call [`quote`] rather than keeping their own.

use serde_json::Value;
use std::fmt::Write as _;

/// `strconv.Quote` (Go's `%q` of a string): a double-quoted Go string literal, with non-printable
/// characters escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Approximation of Go's `unicode.IsPrint`: graphic characters plus ASCII space.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF)
}

/// `%v` of a `float64` (`strconv.FormatFloat(f, 'g', -1, 64)` with Go's exponent layout).
pub(crate) fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, e.g. "1.5e-5".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        return format_float_exp(f);
    }
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

/// `strconv.FormatFloat(f, 'e', -1, 64)` of a finite, non-zero float: the shortest round-trip
/// digits and an exponent of at least two digits (`1.5e-07`, `1e+21`).
pub(crate) fn format_float_exp(f: f64) -> String {
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let (sign, digits) = match exp.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exp),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

/// `%v` of a JSON number decoded the way the apiserver decodes (integers as int64, else float64).
pub(crate) fn number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        n.to_string()
    } else {
        format_float(n.as_f64().unwrap_or(0.0))
    }
}

/// `%v` of a decoded JSON value (`map[k:v]`, `[a b]`, `<nil>`).
pub(crate) fn v(value: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, value);
    out
}

fn write_v(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("map[");
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_v(out, &map[k]);
            }
            out.push(']');
        }
    }
}

/// `reflect.TypeOf(x).String()` for a decoded JSON value.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int64",
        Value::Number(_) => "float64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

/// How Go's `encoding/json` names a JSON value in an `UnmarshalTypeError`
/// (`json: cannot unmarshal string into ...`).
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quote_matches_strconv() {
        let cases = [
            ("Foo", r#""Foo""#),
            ("a\"b", r#""a\"b""#),
            ("a\\b", r#""a\\b""#),
            ("tab\there", r#""tab\there""#),
            ("nl\n", r#""nl\n""#),
            ("\u{1}", r#""\x01""#),
            ("héllo", "\"héllo\""),
            ("nb\u{a0}sp", r#""nb\u00a0sp""#),
            ("", r#""""#),
        ];
        for (input, want) in cases {
            assert_eq!(quote(input), want, "quote({input:?})");
        }
    }

    #[test]
    fn floats_match_go_v() {
        let cases = [
            (1.5, "1.5"),
            (5.0, "5"),
            (100000.0, "100000"),
            (1000000.0, "1e+06"),
            (123456789.0, "1.23456789e+08"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.25, "-2.25"),
            (1.5e-7, "1.5e-07"),
            (1e21, "1e+21"),
        ];
        for (input, want) in cases {
            assert_eq!(format_float(input), want, "format_float({input})");
        }
    }

    #[test]
    fn v_matches_go() {
        let cases = [
            (json!(null), "<nil>"),
            (json!("s"), "s"),
            (json!(3), "3"),
            (json!(true), "true"),
            (json!(["a", 1]), "[a 1]"),
            (
                json!({"name": "x", "$patch": "delete"}),
                "map[$patch:delete name:x]",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(v(&input), want);
        }
    }

    #[test]
    fn type_names() {
        let cases = [
            (json!(null), "<nil>"),
            (json!(1), "int64"),
            (json!(1.5), "float64"),
            (json!("s"), "string"),
            (json!([]), "[]interface {}"),
            (json!({}), "map[string]interface {}"),
            (json!(false), "bool"),
        ];
        for (input, want) in cases {
            assert_eq!(type_name(&input), want);
        }
    }
}
