//! JSON value helpers with upstream (`structured-merge-diff/value`) semantics: a total order, a
//! numeric-aware equality, Go's `%v` rendering used in field paths, and Go's JSON encoding (sorted
//! keys, HTML-safe escapes) used inside `fieldsV1` keys and manager identifiers.

use crate::gofmt;
use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// A number as upstream sees it: an `int64` or a `float64`.
#[derive(Clone, Copy)]
enum Num {
    Int(i128),
    Float(f64),
}

fn num(n: &Number) -> Num {
    if let Some(i) = n.as_i64() {
        Num::Int(i128::from(i))
    } else if let Some(u) = n.as_u64() {
        Num::Int(i128::from(u))
    } else {
        Num::Float(n.as_f64().unwrap_or(0.0))
    }
}

fn num_cmp(a: &Number, b: &Number) -> Ordering {
    match (num(a), num(b)) {
        (Num::Int(x), Num::Int(y)) => x.cmp(&y),
        (Num::Int(x), Num::Float(y)) => (x as f64).partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Num::Float(x), Num::Int(y)) => x.partial_cmp(&(y as f64)).unwrap_or(Ordering::Equal),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

/// Rank of a value's type in upstream's total order: numbers, strings, bools, lists, maps, null.
fn rank(v: &Value) -> u8 {
    match v {
        Value::Number(_) => 0,
        Value::String(_) => 1,
        Value::Bool(_) => 2,
        Value::Array(_) => 3,
        Value::Object(_) => 4,
        Value::Null => 5,
    }
}

/// Upstream `value.Compare`: a total order over values of any type.
pub fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => {
            for (l, r) in x.iter().zip(y.iter()) {
                let c = compare(l, r);
                if c != Ordering::Equal {
                    return c;
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Object(x), Value::Object(y)) => map_compare(x, y),
        (Value::Null, Value::Null) => Ordering::Equal,
        _ => rank(a).cmp(&rank(b)),
    }
}

fn map_compare(x: &Map<String, Value>, y: &Map<String, Value>) -> Ordering {
    // serde_json maps iterate in sorted key order, like upstream's sorted comparison.
    for ((lk, lv), (rk, rv)) in x.iter().zip(y.iter()) {
        let c = lk.cmp(rk).then_with(|| compare(lv, rv));
        if c != Ordering::Equal {
            return c;
        }
    }
    x.len().cmp(&y.len())
}

/// Upstream `value.Equals`: deep equality where `1` and `1.0` are equal.
pub fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Ordering::Equal,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(l, r)| equals(l, r))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equals(v, w)))
        }
        _ => a == b,
    }
}

/// Upstream `value.ToString`: how values appear in a displayed path (`[name="nginx"]`).
pub fn display(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => gofmt::number(n),
        Value::String(s) => gofmt::quote(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(display).collect();
            format!("[{}]", parts.join(","))
        }
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}={}", display(v))).collect(),
    }
}

/// Go `encoding/json` encoding of a float64.
fn go_json_float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // Like `strconv`'s 'e' format, but a two-digit negative exponent loses its zero (`1e-7`).
        let exp = gofmt::format_float_exp(f);
        match exp.split_once("e-0") {
            Some((mantissa, digit)) => format!("{mantissa}e-{digit}"),
            None => exp,
        }
    } else {
        format!("{f}")
    }
}

/// Go `encoding/json` (and json-iterator's standard-compatible config) encoding: map keys sorted,
/// `<`, `>`, `&`, U+2028 and U+2029 escaped.
pub fn go_json(v: &Value) -> String {
    let mut out = String::new();
    write_go_json(v, &mut out);
    out
}

fn write_go_json(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match num(n) {
            Num::Int(i) => out.push_str(&i.to_string()),
            Num::Float(f) => out.push_str(&go_json_float(f)),
        },
        Value::String(s) => write_go_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_json(item, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_go_string(k, out);
                out.push(':');
                write_go_json(item, out);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal escaped the way Go's `encoding/json` escapes it.
pub fn go_json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_go_string(s, &mut out);
    out
}

fn write_go_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gofmt::quote as go_quote;
    use serde_json::json;

    #[test]
    fn order_and_equality_follow_upstream() {
        let cases = [
            (json!(1), json!(1.0), Ordering::Equal),
            (json!(1), json!(2.5), Ordering::Less),
            (json!(9), json!("a"), Ordering::Less),
            (json!("b"), json!(true), Ordering::Less),
            (json!({"a": 1}), json!(null), Ordering::Less),
            (json!([1, 2]), json!([1]), Ordering::Greater),
        ];
        for (a, b, want) in cases {
            assert_eq!(compare(&a, &b), want, "{a} vs {b}");
        }
        assert!(equals(&json!({"a": [1, 2.0]}), &json!({"a": [1.0, 2]})));
        assert!(!equals(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
    }

    #[test]
    fn go_renderings() {
        let cases = [
            (display(&json!("nginx")), "\"nginx\""),
            (display(&json!(80)), "80"),
            (display(&json!(1.5)), "1.5"),
            (display(&json!(1e21)), "1e+21"),
            (display(&json!(1234567.0)), "1.234567e+06"),
            (go_quote("a\"b\n"), "\"a\\\"b\\n\""),
            (
                go_json(&json!({"b": 1, "a": "x<y"})),
                "{\"a\":\"x\\u003cy\",\"b\":1}",
            ),
            (go_json(&json!(1e-7)), "1e-7"),
            (go_json(&json!(2.0)), "2"),
        ];
        for (got, want) in cases {
            assert_eq!(got, want);
        }
    }
}
