//! `metadata.managedFields` entries (upstream `managedfields/internal/managedfields.go`,
//! `capmanagers.go`): decoding, manager identifiers, encoding in upstream's order, and the cap on
//! the number of `Update` entries.

use super::fieldset::FieldSet;
use super::value::go_json_string;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The operation of a managedFields entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Operation {
    /// Server-side apply.
    Apply,
    /// Any other write (create, update, patch).
    Update,
}

impl Operation {
    /// The wire name (`Apply`, `Update`).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Apply => "Apply",
            Operation::Update => "Update",
        }
    }
}

/// One manager's entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    pub manager: String,
    pub operation: Operation,
    pub api_version: String,
    pub subresource: String,
    pub time: Option<String>,
    pub set: FieldSet,
}

impl Entry {
    pub(crate) fn new(manager: &str, operation: Operation, api_version: &str, subresource: &str) -> Entry {
        Entry {
            manager: manager.to_string(),
            operation,
            api_version: api_version.to_string(),
            subresource: subresource.to_string(),
            time: None,
            set: FieldSet::new(),
        }
    }

    /// Upstream `BuildManagerIdentifier`: the entry's JSON without fields, time, fields type, and
    /// (for appliers) API version. Entries with the same identifier are the same manager.
    pub(crate) fn identifier(&self) -> String {
        let mut parts = Vec::new();
        if !self.manager.is_empty() {
            parts.push(format!("\"manager\":{}", go_json_string(&self.manager)));
        }
        parts.push(format!("\"operation\":\"{}\"", self.operation.as_str()));
        if self.operation == Operation::Update && !self.api_version.is_empty() {
            parts.push(format!("\"apiVersion\":{}", go_json_string(&self.api_version)));
        }
        if !self.subresource.is_empty() {
            parts.push(format!("\"subresource\":{}", go_json_string(&self.subresource)));
        }
        format!("{{{}}}", parts.join(","))
    }

    fn to_value(&self) -> Value {
        let mut m = Map::new();
        if !self.manager.is_empty() {
            m.insert("manager".into(), json!(self.manager));
        }
        m.insert("operation".into(), json!(self.operation.as_str()));
        m.insert("apiVersion".into(), json!(self.api_version));
        if let Some(t) = &self.time {
            m.insert("time".into(), json!(t));
        }
        m.insert("fieldsType".into(), json!("FieldsV1"));
        m.insert("fieldsV1".into(), self.set.to_fields_v1());
        if !self.subresource.is_empty() {
            m.insert("subresource".into(), json!(self.subresource));
        }
        Value::Object(m)
    }
}

/// All managers of an object, by identifier.
pub(crate) type Managed = BTreeMap<String, Entry>;

/// Reads `metadata.managedFields` (absent or null is no manager).
pub(crate) fn decode(list: Option<&Value>) -> Result<Managed, String> {
    let mut out = Managed::new();
    let items = match list {
        None | Some(Value::Null) => return Ok(out),
        Some(Value::Array(items)) => items,
        Some(_) => return Err("managedFields must be a list".into()),
    };
    for (i, item) in items.iter().enumerate() {
        let s = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("");
        let operation = match s("operation") {
            "Apply" => Operation::Apply,
            "Update" => Operation::Update,
            _ => return Err("operation must be `Apply` or `Update`".into()),
        };
        if s("apiVersion").is_empty() {
            return Err("apiVersion must not be empty".into());
        }
        match s("fieldsType") {
            "FieldsV1" => {}
            "" => return Err(format!("missing fieldsType in managed fields entry {i}")),
            other => {
                return Err(format!(
                    "invalid fieldsType \"{other}\" in managed fields entry {i}"
                ))
            }
        }
        let set = match item.get("fieldsV1") {
            None | Some(Value::Null) => FieldSet::new(),
            Some(v) => FieldSet::from_fields_v1(v).map_err(|e| format!("error decoding set: {e}"))?,
        };
        let mut entry = Entry::new(s("manager"), operation, s("apiVersion"), s("subresource"));
        entry.time = item.get("time").and_then(Value::as_str).map(str::to_string);
        entry.set = set;
        out.insert(entry.identifier(), entry);
    }
    Ok(out)
}

/// Whether a written `managedFields` asks for a reset: an empty list, or one empty entry.
pub(crate) fn is_reset(list: Option<&Value>) -> bool {
    match list {
        Some(Value::Array(items)) => match items.as_slice() {
            [] => true,
            [only] => only.as_object().is_some_and(Map::is_empty),
            _ => false,
        },
        _ => false,
    }
}

/// The `managedFields` list, sorted as upstream sorts it (operation, time, manager, API version,
/// subresource); `None` when there is no manager.
pub(crate) fn encode(managed: &Managed) -> Option<Value> {
    if managed.is_empty() {
        return None;
    }
    let mut entries: Vec<&Entry> = managed.values().collect();
    entries.sort_by(|p, q| {
        p.operation
            .cmp(&q.operation)
            .then_with(|| seconds(p.time.as_deref()).cmp(&seconds(q.time.as_deref())))
            .then_with(|| p.manager.cmp(&q.manager))
            .then_with(|| p.api_version.cmp(&q.api_version))
            .then_with(|| p.subresource.cmp(&q.subresource))
    });
    Some(Value::Array(entries.into_iter().map(Entry::to_value).collect()))
}

/// Unix seconds of an RFC 3339 time (0 when absent or unreadable, like upstream's nil time).
pub(crate) fn seconds(t: Option<&str>) -> i64 {
    t.and_then(parse_rfc3339).unwrap_or(0)
}

fn parse_rfc3339(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> { t.get(from..from + len)?.parse().ok() };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    let mut rest = &t[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    // Days from the civil date (proleptic Gregorian), as in Howard Hinnant's algorithm.
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if mo > 2 { mo - 3 } else { mo + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// The most `Update` entries kept; older ones are merged into `ancient-changes` (upstream
/// `DefaultMaxUpdateManagers`).
pub(crate) const MAX_UPDATE_MANAGERS: usize = 10;

/// Upstream `capUpdateManagers`: merges the oldest `Update` entries into one `ancient-changes` entry
/// per API version until at most `max` `Update` entries remain.
pub(crate) fn cap_update_managers(managed: &mut Managed, max: usize) {
    let mut updaters: Vec<String> = managed
        .iter()
        .filter(|(_, e)| e.operation == Operation::Update)
        .map(|(id, _)| id.clone())
        .collect();
    if updaters.len() <= max {
        return;
    }
    updaters.sort_by(|a, b| {
        let ta = seconds(managed[a].time.as_deref());
        let tb = seconds(managed[b].time.as_deref());
        ta.cmp(&tb).then_with(|| a.cmp(b))
    });
    let mut first_of_version: BTreeMap<String, String> = BTreeMap::new();
    let mut length = updaters.len();
    for id in updaters {
        if length <= max {
            break;
        }
        let Some(entry) = managed.get(&id).cloned() else {
            continue;
        };
        let bucket = Entry::new("ancient-changes", Operation::Update, &entry.api_version, "");
        let bucket_id = bucket.identifier();
        match first_of_version.get(&entry.api_version) {
            Some(first) => {
                if !managed.contains_key(&bucket_id) {
                    let mut moved = managed.remove(first).unwrap_or_else(|| bucket.clone());
                    moved.manager = bucket.manager.clone();
                    moved.subresource.clear();
                    managed.insert(bucket_id.clone(), moved);
                }
                if let Some(b) = managed.get_mut(&bucket_id) {
                    b.set = entry.set.union(&b.set);
                    b.api_version = entry.api_version.clone();
                    b.time = entry.time.clone();
                }
                managed.remove(&id);
                length -= 1;
            }
            None => {
                first_of_version.insert(entry.api_version.clone(), id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_times() {
        let apply = Entry::new("kubectl", Operation::Apply, "apps/v1", "");
        assert_eq!(apply.identifier(), r#"{"manager":"kubectl","operation":"Apply"}"#);
        let update = Entry::new("kubelet", Operation::Update, "v1", "status");
        assert_eq!(
            update.identifier(),
            r#"{"manager":"kubelet","operation":"Update","apiVersion":"v1","subresource":"status"}"#
        );
        assert_eq!(seconds(Some("1970-01-02T00:00:01Z")), 86_401);
        assert_eq!(
            seconds(Some("2024-03-01T10:00:00+01:00")),
            seconds(Some("2024-03-01T09:00:00Z"))
        );
        assert_eq!(seconds(Some("2024-03-01T09:00:00.123Z")), 1_709_283_600);
        assert_eq!(seconds(Some("garbage")), 0);
    }

    #[test]
    fn decode_rejects_bad_entries_and_detects_reset() {
        let bad = [
            json!([{"manager": "a", "operation": "Patch", "apiVersion": "v1", "fieldsType": "FieldsV1"}]),
            json!([{"manager": "a", "operation": "Update", "fieldsType": "FieldsV1"}]),
            json!([{"manager": "a", "operation": "Update", "apiVersion": "v1"}]),
            json!([{"manager": "a", "operation": "Update", "apiVersion": "v1", "fieldsType": "FieldsV2"}]),
        ];
        for b in bad {
            assert!(decode(Some(&b)).is_err(), "{b}");
        }
        assert!(is_reset(Some(&json!([]))) && is_reset(Some(&json!([{}]))));
        assert!(!is_reset(None) && !is_reset(Some(&json!([{"manager": "x"}]))));
    }

    #[test]
    fn caps_update_managers() {
        let mut managed = Managed::new();
        for i in 0..12 {
            let mut e = Entry::new(&format!("m{i:02}"), Operation::Update, "v1", "");
            e.time = Some(format!("2024-01-01T00:00:{i:02}Z"));
            e.set.insert(&crate::managedfields::fieldpath::Path::fields(&[
                "f",
                &i.to_string(),
            ]));
            managed.insert(e.identifier(), e);
        }
        cap_update_managers(&mut managed, MAX_UPDATE_MANAGERS);
        assert_eq!(managed.len(), 10);
        let ancient = managed.values().find(|e| e.manager == "ancient-changes").unwrap();
        assert_eq!(ancient.set.len(), 3);
        assert_eq!(ancient.time.as_deref(), Some("2024-01-01T00:00:02Z"));
    }
}
