//! JSON accessors and the cells several printers share (name, age, containers and the rest of a
//! workload row).

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::{Column, Row};

/// A column shown without `-o wide`.
pub(crate) const fn col(name: &'static str, type_: &'static str, description: &'static str) -> Column {
    Column {
        name,
        type_,
        format: "",
        description,
        priority: 0,
    }
}

/// A `-o wide` column.
pub(crate) const fn wide(name: &'static str, type_: &'static str, description: &'static str) -> Column {
    Column {
        name,
        type_,
        format: "",
        description,
        priority: 1,
    }
}

pub(crate) const NAME_COLUMN: Column = Column {
    name: "Name",
    type_: "string",
    format: "name",
    description: docs::META_NAME,
    priority: 0,
};
pub(crate) const AGE_COLUMN: Column = col("Age", "string", docs::META_CREATION_TIMESTAMP);
pub(crate) const CONTAINERS_COLUMN: Column =
    wide("Containers", "string", "Names of each container in the template.");
pub(crate) const IMAGES_COLUMN: Column = wide(
    "Images",
    "string",
    "Images referenced by each container in the template.",
);

/// The value at a JSON pointer, `null` counting as absent.
pub(crate) fn at<'a>(v: &'a Value, pointer: &str) -> Option<&'a Value> {
    v.pointer(pointer).filter(|v| !v.is_null())
}

/// The string at `pointer`, `""` when absent (Go's zero value).
pub(crate) fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    opt_str(v, pointer).unwrap_or("")
}

pub(crate) fn opt_str<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    at(v, pointer).and_then(Value::as_str)
}

/// The integer at `pointer`, 0 when absent.
pub(crate) fn int_at(v: &Value, pointer: &str) -> i64 {
    opt_int(v, pointer).unwrap_or(0)
}

pub(crate) fn opt_int(v: &Value, pointer: &str) -> Option<i64> {
    at(v, pointer).and_then(Value::as_i64)
}

pub(crate) fn bool_at(v: &Value, pointer: &str) -> bool {
    at(v, pointer).and_then(Value::as_bool).unwrap_or(false)
}

/// The array at `pointer`, empty when absent.
pub(crate) fn arr_at<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    at(v, pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The number of entries of the map or list at `pointer`.
pub(crate) fn len_at(v: &Value, pointer: &str) -> i64 {
    match at(v, pointer) {
        Some(Value::Object(m)) => m.len() as i64,
        Some(Value::Array(a)) => a.len() as i64,
        _ => 0,
    }
}

/// The object is present (Go: a non-nil pointer to a struct).
pub(crate) fn has(v: &Value, pointer: &str) -> bool {
    at(v, pointer).is_some()
}

pub(crate) fn name(obj: &Value) -> &str {
    str_at(obj, "/metadata/name")
}

/// A `metav1.Time` / `MicroTime`; `None` is Go's zero time.
pub(crate) fn time_at(v: &Value, pointer: &str) -> Option<Timestamp> {
    opt_str(v, pointer).and_then(|s| s.parse().ok())
}

/// `translateTimestampSince`: `<unknown>` for the zero time.
pub(crate) fn since(t: Option<Timestamp>, now: Timestamp) -> String {
    match t {
        Some(t) => crate::human_duration_signed(now.duration_since(t)),
        None => "<unknown>".to_string(),
    }
}

/// The Age cell.
pub(crate) fn age(obj: &Value, now: Timestamp) -> String {
    since(time_at(obj, "/metadata/creationTimestamp"), now)
}

/// Go's `t.UTC().Format(time.RFC3339)`: whole seconds, `Z`.
pub(crate) fn rfc3339_seconds(t: Timestamp) -> String {
    Timestamp::from_second(t.as_second()).unwrap_or(t).to_string()
}

/// `layoutContainerCells`: the names and the images of the containers, comma-separated.
fn container_cells(containers: &[Value]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| str_at(c, "/name")).collect();
    let images: Vec<&str> = containers.iter().map(|c| str_at(c, "/image")).collect();
    (names.join(","), images.join(","))
}

/// A row of a kind with a pod template (workloads, Jobs, CronJobs): the kind's own `cells`, then
/// Age, the Containers and Images of the template at the JSON pointer `template` and, for kinds
/// that print one, the (wide) Selector cell.
pub(crate) fn workload_row(
    mut cells: Vec<Value>,
    obj: &Value,
    now: Timestamp,
    template: &str,
    selector: Option<String>,
) -> Row {
    let (names, images) = container_cells(arr_at(obj, &format!("{template}/spec/containers")));
    cells.extend([age(obj, now).into(), names.into(), images.into()]);
    cells.extend(selector.map(Value::from));
    Row::new(cells)
}

/// `resource.Quantity.String()` of a stored quantity, `0` when absent (the zero quantity).
/// Stored quantities are already in canonical form, so they print as they are.
pub(crate) fn quantity(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => "0".to_string(),
    }
}

/// `IntOrString.String()`.
pub(crate) fn int_or_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// `strings.Join(list, ",")` with `+ N more...` past `max` entries, `<unset>` when empty
/// (`listWithMoreString`).
pub(crate) fn list_with_more(list: &[String], count: usize, max: usize) -> String {
    let ret = list.join(",");
    if count > max {
        return format!("{ret} + {} more...", count - max);
    }
    if ret.is_empty() {
        return "<unset>".to_string();
    }
    ret
}

#[cfg(test)]
pub(crate) fn test_now() -> Timestamp {
    "2025-05-01T12:00:00Z".parse().unwrap()
}

#[cfg(test)]
pub(crate) fn cells(v: &[Value]) -> Vec<String> {
    v.iter()
        .map(|c| c.as_str().map(str::to_string).unwrap_or_else(|| c.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ages() {
        let now = test_now();
        let age_of = |ts: &str| age(&json!({"metadata": {"creationTimestamp": ts}}), now);
        assert_eq!(age_of("2025-05-01T11:59:55Z"), "5s");
        assert_eq!(age_of("2025-05-01T11:00:00Z"), "60m");
        assert_eq!(age_of("2025-05-01T08:55:00Z"), "3h5m");
        assert_eq!(age_of("2025-04-29T12:00:00Z"), "2d");
        assert_eq!(age_of("2025-05-01T12:00:01Z"), "0s");
        assert_eq!(age_of("2025-05-01T12:00:05Z"), "<invalid>");
        assert_eq!(age_of("garbage"), "<unknown>");
        assert_eq!(
            age(&json!({"metadata": {"creationTimestamp": null}}), now),
            "<unknown>"
        );
        assert_eq!(age(&json!({}), now), "<unknown>");
    }

    #[test]
    fn lists() {
        let l = |n: usize| (1..=n.min(3)).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(list_with_more(&l(0), 0, 3), "<unset>");
        assert_eq!(list_with_more(&l(2), 2, 3), "1,2");
        assert_eq!(list_with_more(&l(3), 3, 3), "1,2,3");
        assert_eq!(list_with_more(&l(5), 5, 3), "1,2,3 + 2 more...");
    }
}
