//! Resources stored in another resource's form. `events.k8s.io/v1` Events are kept as core/v1 Events
//! (as upstream keeps them), so `kubectl describe`, which reads core/v1 with `involvedObject.*` field
//! selectors, sees what the scheduler and kubelet write through events.k8s.io.

use serde_json::{Map, Value};

/// Where and in which form a resource is stored, when not its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageForm {
    /// events.k8s.io/v1 Event stored as core/v1 Event.
    CoreEvent,
}

impl StorageForm {
    /// (group, plural) of the store keys.
    pub fn location(self) -> (&'static str, &'static str) {
        match self {
            StorageForm::CoreEvent => ("", "events"),
        }
    }

    pub fn to_storage(self, obj: Value) -> Value {
        match self {
            StorageForm::CoreEvent => events_to_core(obj),
        }
    }

    pub fn from_storage(self, obj: Value) -> Value {
        match self {
            StorageForm::CoreEvent => core_to_events(obj),
        }
    }
}

/// Field renames between events.k8s.io/v1 (left) and core/v1 (right).
const RENAMES: &[(&str, &str)] = &[
    ("regarding", "involvedObject"),
    ("note", "message"),
    ("reportingController", "reportingComponent"),
    ("deprecatedSource", "source"),
    ("deprecatedFirstTimestamp", "firstTimestamp"),
    ("deprecatedLastTimestamp", "lastTimestamp"),
    ("deprecatedCount", "count"),
];

fn rename(obj: Value, from_events: bool, api_version: &str) -> Value {
    let Value::Object(map) = obj else { return obj };
    let mut out = Map::new();
    for (k, v) in map {
        let key = RENAMES
            .iter()
            .find_map(|(e, c)| match from_events {
                true if k == *e => Some(c.to_string()),
                false if k == *c => Some(e.to_string()),
                _ => None,
            })
            .unwrap_or(k);
        out.insert(key, v);
    }
    out.insert("apiVersion".into(), Value::String(api_version.into()));
    Value::Object(out)
}

fn events_to_core(obj: Value) -> Value {
    // kubectl describe takes `From` from source.component, else reportingComponent: no fill-in needed.
    rename(obj, true, "v1")
}

fn core_to_events(obj: Value) -> Value {
    rename(obj, false, "events.k8s.io/v1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trip() {
        let ev = json!({"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": "e"},
            "regarding": {"kind": "Pod", "name": "p"}, "note": "0/1 nodes are available", "reason": "FailedScheduling",
            "reportingController": "default-scheduler", "type": "Warning", "action": "Scheduling"});
        let core = StorageForm::CoreEvent.to_storage(ev.clone());
        assert_eq!(core["involvedObject"]["name"], "p");
        assert_eq!(core["message"], "0/1 nodes are available");
        assert_eq!(core["reportingComponent"], "default-scheduler");
        let back = StorageForm::CoreEvent.from_storage(core);
        assert_eq!(back["note"], ev["note"]);
        assert_eq!(back["apiVersion"], "events.k8s.io/v1");
    }
}
