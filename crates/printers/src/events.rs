//! Events, of core/v1 and of events.k8s.io/v1 (upstream converts the latter to the same internal
//! type and prints it with the same `printEvent`).

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::util::{at, col, has, int_at, name, since, str_at, time_at, wide, NAME_COLUMN};
use crate::{Column, Printer, Row};

const COLUMNS: &[Column] = &[
    col("Last Seen", "string", docs::EVENT_LAST_TIMESTAMP),
    col("Type", "string", docs::EVENT_TYPE),
    col("Reason", "string", docs::EVENT_REASON),
    col("Object", "string", docs::EVENT_INVOLVED_OBJECT),
    wide("Subobject", "string", docs::EVENT_FIELD_PATH),
    wide("Source", "string", docs::EVENT_SOURCE),
    col("Message", "string", docs::EVENT_MESSAGE),
    wide("First Seen", "string", docs::EVENT_FIRST_TIMESTAMP),
    wide("Count", "string", docs::EVENT_COUNT),
    Column {
        priority: 1,
        ..NAME_COLUMN
    },
];

pub(crate) const CORE_EVENT: Printer = Printer {
    columns: COLUMNS,
    row: core_event,
};
pub(crate) const EVENTS_EVENT: Printer = Printer {
    columns: COLUMNS,
    row: events_event,
};

/// The JSON field names of the internal event fields in either API.
struct Fields {
    involved_object: &'static str,
    source: &'static str,
    reporting_controller: &'static str,
    first_timestamp: &'static str,
    last_timestamp: &'static str,
    count: &'static str,
    message: &'static str,
}

const CORE: Fields = Fields {
    involved_object: "/involvedObject",
    source: "/source",
    reporting_controller: "/reportingComponent",
    first_timestamp: "/firstTimestamp",
    last_timestamp: "/lastTimestamp",
    count: "/count",
    message: "/message",
};

const EVENTS: Fields = Fields {
    involved_object: "/regarding",
    source: "/deprecatedSource",
    reporting_controller: "/reportingController",
    first_timestamp: "/deprecatedFirstTimestamp",
    last_timestamp: "/deprecatedLastTimestamp",
    count: "/deprecatedCount",
    message: "/note",
};

fn core_event(ev: &Value, now: Timestamp) -> Row {
    event(ev, &CORE, now)
}

fn events_event(ev: &Value, now: Timestamp) -> Row {
    event(ev, &EVENTS, now)
}

fn first_non_empty<'a>(a: &'a str, b: &'a str) -> &'a str {
    if a.is_empty() {
        b
    } else {
        a
    }
}

fn event(ev: &Value, f: &Fields, now: Timestamp) -> Row {
    let first = match time_at(ev, f.first_timestamp) {
        Some(t) => since(Some(t), now),
        None => since(time_at(ev, "/eventTime"), now),
    };
    let mut last = match time_at(ev, f.last_timestamp) {
        Some(t) => since(Some(t), now),
        None => first.clone(),
    };
    let mut count = int_at(ev, f.count);
    if has(ev, "/series") {
        last = since(time_at(ev, "/series/lastObservedTime"), now);
        count = int_at(ev, "/series/count");
    } else if count == 0 {
        // Singleton events of the new API have no count.
        count = 1;
    }

    let obj = at(ev, f.involved_object).cloned().unwrap_or(Value::Null);
    let kind = str_at(&obj, "/kind").to_lowercase();
    let target = match str_at(&obj, "/name") {
        "" => kind,
        n => format!("{kind}/{n}"),
    };

    // `formatEventSource`: the reporting controller and instance stand in for an empty source.
    let component = first_non_empty(
        str_at(ev, &format!("{}/component", f.source)),
        str_at(ev, f.reporting_controller),
    );
    let host = first_non_empty(
        str_at(ev, &format!("{}/host", f.source)),
        str_at(ev, "/reportingInstance"),
    );
    let source = if host.is_empty() {
        component.to_string()
    } else {
        format!("{component}, {host}")
    };

    Row::new(vec![
        last.into(),
        str_at(ev, "/type").into(),
        str_at(ev, "/reason").into(),
        target.into(),
        str_at(&obj, "/fieldPath").into(),
        source.into(),
        str_at(ev, f.message).trim().into(),
        first.into(),
        count.into(),
        name(ev).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    #[test]
    fn core_events() {
        let cases = vec![
            (
                "repeated kubelet event",
                json!({"apiVersion": "v1", "kind": "Event",
                    "metadata": {"name": "web-0.1838a3f0c1b2d3e4", "namespace": "default"},
                    "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web-0",
                        "apiVersion": "v1", "fieldPath": "spec.containers{nginx}"},
                    "reason": "BackOff", "message": "Back-off restarting failed container nginx in pod web-0_default(1234)\n",
                    "source": {"component": "kubelet", "host": "n2"},
                    "firstTimestamp": "2025-05-01T11:00:00Z", "lastTimestamp": "2025-05-01T11:55:00Z",
                    "count": 12, "type": "Warning", "eventTime": null,
                    "reportingComponent": "kubelet", "reportingInstance": "n2"}),
                json!([
                    "5m",
                    "Warning",
                    "BackOff",
                    "pod/web-0",
                    "spec.containers{nginx}",
                    "kubelet, n2",
                    "Back-off restarting failed container nginx in pod web-0_default(1234)",
                    "60m",
                    12,
                    "web-0.1838a3f0c1b2d3e4"
                ]),
            ),
            (
                "scheduler event written through the new API: eventTime, no count, no source",
                json!({"metadata": {"name": "web-1.1"},
                    "involvedObject": {"kind": "Pod", "name": "web-1"},
                    "reason": "Scheduled", "message": "Successfully assigned default/web-1 to n1",
                    "source": {}, "firstTimestamp": null, "lastTimestamp": null, "type": "Normal",
                    "eventTime": "2025-05-01T11:59:30.123456Z",
                    "reportingComponent": "default-scheduler", "reportingInstance": "default-scheduler-cp"}),
                json!([
                    "29s",
                    "Normal",
                    "Scheduled",
                    "pod/web-1",
                    "",
                    "default-scheduler, default-scheduler-cp",
                    "Successfully assigned default/web-1 to n1",
                    "29s",
                    1,
                    "web-1.1"
                ]),
            ),
            (
                "event series",
                json!({"metadata": {"name": "n1.2"},
                    "involvedObject": {"kind": "Node", "name": "n1"},
                    "reason": "NodeNotReady", "message": "Node n1 status is now: NodeNotReady",
                    "source": {"component": "node-controller"},
                    "eventTime": "2025-05-01T10:00:00.000000Z", "count": 2,
                    "series": {"count": 7, "lastObservedTime": "2025-05-01T11:58:00.000000Z"},
                    "type": "Normal"}),
                json!([
                    "2m",
                    "Normal",
                    "NodeNotReady",
                    "node/n1",
                    "",
                    "node-controller",
                    "Node n1 status is now: NodeNotReady",
                    "120m",
                    7,
                    "n1.2"
                ]),
            ),
            (
                "object without a name, no timestamps",
                json!({"metadata": {"name": "x"}, "involvedObject": {"kind": "ClusterRole"},
                    "reason": "R", "message": "  m  ", "count": 1, "type": "Normal"}),
                json!([
                    "<unknown>",
                    "Normal",
                    "R",
                    "clusterrole",
                    "",
                    "",
                    "m",
                    "<unknown>",
                    1,
                    "x"
                ]),
            ),
        ];
        for (what, ev, want) in cases {
            let r = core_event(&ev, test_now());
            assert_eq!(r.cells.len(), COLUMNS.len(), "{what}");
            assert_eq!(Value::from(r.cells), want, "{what}");
        }
    }

    #[test]
    fn events_k8s_io_events() {
        let cases = vec![
            (
                json!({"apiVersion": "events.k8s.io/v1", "kind": "Event",
                    "metadata": {"name": "web-0.2"},
                    "eventTime": "2025-05-01T11:50:00.000000Z",
                    "reportingController": "kubelet", "reportingInstance": "n2",
                    "action": "Pulling", "reason": "Pulling",
                    "regarding": {"kind": "Pod", "name": "web-0", "fieldPath": "spec.containers{nginx}"},
                    "note": "Pulling image \"nginx:1.27\"", "type": "Normal"}),
                json!([
                    "10m",
                    "Normal",
                    "Pulling",
                    "pod/web-0",
                    "spec.containers{nginx}",
                    "kubelet, n2",
                    "Pulling image \"nginx:1.27\"",
                    "10m",
                    1,
                    "web-0.2"
                ]),
            ),
            (
                json!({"apiVersion": "events.k8s.io/v1", "kind": "Event",
                    "metadata": {"name": "web-0.3"},
                    "eventTime": null, "reportingController": "", "reason": "BackOff",
                    "regarding": {"kind": "Pod", "name": "web-0"}, "note": "Back-off",
                    "type": "Warning", "deprecatedSource": {"component": "kubelet", "host": "n2"},
                    "deprecatedFirstTimestamp": "2025-05-01T11:00:00Z",
                    "deprecatedLastTimestamp": "2025-05-01T11:59:00Z", "deprecatedCount": 9}),
                json!([
                    "60s",
                    "Warning",
                    "BackOff",
                    "pod/web-0",
                    "",
                    "kubelet, n2",
                    "Back-off",
                    "60m",
                    9,
                    "web-0.3"
                ]),
            ),
            (
                json!({"metadata": {"name": "d.4"}, "eventTime": "2025-05-01T09:00:00.000000Z",
                    "series": {"count": 3, "lastObservedTime": "2025-05-01T11:00:00.000000Z"},
                    "reportingController": "deployment-controller", "reason": "ScalingReplicaSet",
                    "regarding": {"kind": "Deployment", "name": "web"}, "note": "Scaled up", "type": "Normal"}),
                json!([
                    "60m",
                    "Normal",
                    "ScalingReplicaSet",
                    "deployment/web",
                    "",
                    "deployment-controller",
                    "Scaled up",
                    "3h",
                    3,
                    "d.4"
                ]),
            ),
        ];
        for (ev, want) in cases {
            assert_eq!(Value::from(events_event(&ev, test_now()).cells), want);
        }
    }

    #[test]
    fn columns() {
        let names: Vec<_> = COLUMNS.iter().map(|c| (c.name, c.priority, c.format)).collect();
        assert_eq!(
            names,
            [
                ("Last Seen", 0, ""),
                ("Type", 0, ""),
                ("Reason", 0, ""),
                ("Object", 0, ""),
                ("Subobject", 1, ""),
                ("Source", 1, ""),
                ("Message", 0, ""),
                ("First Seen", 1, ""),
                ("Count", 1, ""),
                ("Name", 1, "name")
            ]
        );
    }
}
