//! Server-side printing (upstream `pkg/printers/internalversion`): the columns and cells of the
//! `meta.k8s.io/v1` Table that `kubectl get` shows, per built-in kind. Pure functions over JSON objects.
//!
//! The objects are the stored external (v1) JSON form. [`columns`] gives every column of a kind,
//! the `-o wide` ones included (`priority: 1`), and [`row`] gives one cell per column: the
//! upstream API server also always prints "wide" and leaves the filtering to kubectl. A kind
//! without a printer (custom resources, CRDs, LimitRange, …) gets the generic table of the
//! upstream default table convertor: `Name` and `Created At`.

mod batch;
mod cluster;
mod core;
mod docs;
mod duration;
mod events;
mod network;
mod node;
mod pod;
mod selector;
mod storage;
mod util;
mod workloads;

use serde_json::{json, Value};

pub use duration::{human_duration, human_duration_signed, short_human_duration};
pub use selector::{format_label_selector, format_labels};

/// One `meta.k8s.io/v1` `TableColumnDefinition`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    /// `"string"`, `"integer"`, `"boolean"`, `"number"` or `"date"`.
    pub type_: &'static str,
    /// `"name"` for the column holding the object name, else `""`.
    pub format: &'static str,
    pub description: &'static str,
    /// 0: always shown; 1: `-o wide` only.
    pub priority: i32,
}

impl Column {
    /// The column as its `TableColumnDefinition` JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "name": self.name,
            "type": self.type_,
            "format": self.format,
            "description": self.description,
            "priority": self.priority,
        })
    }
}

/// The cells of one `TableRow` (one per column of [`columns`]) and its optional `conditions`.
/// The caller adds `object`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// JSON strings, integers or booleans, as upstream puts them.
    pub cells: Vec<Value>,
    /// `TableRowCondition`s, e.g. `Completed` for finished pods.
    pub conditions: Option<Value>,
}

impl Row {
    fn new(cells: Vec<Value>) -> Row {
        Row {
            cells,
            conditions: None,
        }
    }
}

/// A printer: the columns of a kind and the function making its rows.
pub(crate) struct Printer {
    pub(crate) columns: &'static [Column],
    pub(crate) row: fn(&Value, jiff::Timestamp) -> Row,
}

fn printer(group: &str, kind: &str) -> Option<&'static Printer> {
    let p = match (group, kind) {
        ("" | "core", "Pod") => &pod::POD,
        ("" | "core", "Node") => &node::NODE,
        ("" | "core", "Namespace") => &core::NAMESPACE,
        ("" | "core", "ConfigMap") => &core::CONFIG_MAP,
        ("" | "core", "Secret") => &core::SECRET,
        ("" | "core", "ServiceAccount") => &core::SERVICE_ACCOUNT,
        ("" | "core", "ResourceQuota") => &core::RESOURCE_QUOTA,
        ("" | "core", "Service") => &network::SERVICE,
        ("" | "core", "Endpoints") => &network::ENDPOINTS,
        ("" | "core", "Event") => &events::CORE_EVENT,
        ("" | "core", "PersistentVolume") => &storage::PERSISTENT_VOLUME,
        ("" | "core", "PersistentVolumeClaim") => &storage::PERSISTENT_VOLUME_CLAIM,
        ("" | "core", "ReplicationController") => &workloads::REPLICATION_CONTROLLER,
        ("apps", "Deployment") => &workloads::DEPLOYMENT,
        ("apps", "ReplicaSet") => &workloads::REPLICA_SET,
        ("apps", "StatefulSet") => &workloads::STATEFUL_SET,
        ("apps", "DaemonSet") => &workloads::DAEMON_SET,
        ("apps", "ControllerRevision") => &workloads::CONTROLLER_REVISION,
        ("batch", "Job") => &batch::JOB,
        ("batch", "CronJob") => &batch::CRON_JOB,
        ("storage.k8s.io", "StorageClass") => &storage::STORAGE_CLASS,
        ("coordination.k8s.io", "Lease") => &cluster::LEASE,
        ("events.k8s.io", "Event") => &events::EVENTS_EVENT,
        ("policy", "PodDisruptionBudget") => &cluster::POD_DISRUPTION_BUDGET,
        ("scheduling.k8s.io", "PriorityClass") => &cluster::PRIORITY_CLASS,
        ("discovery.k8s.io", "EndpointSlice") => &network::ENDPOINT_SLICE,
        _ => return None,
    };
    Some(p)
}

/// Whether `group`/`kind` has a dedicated printer (else [`columns`] and [`row`] give the generic
/// `Name`/`Created At` table).
pub fn has_printer(group: &str, kind: &str) -> bool {
    printer(group, kind).is_some()
}

/// The column definitions of the Table for objects of `group`/`kind` (`""` is the core group),
/// wide columns included.
pub fn columns(group: &str, kind: &str) -> Vec<Column> {
    match printer(group, kind) {
        Some(p) => p.columns.to_vec(),
        None => DEFAULT_COLUMNS.to_vec(),
    }
}

/// The row of `obj` (an object of `group`/`kind`), its cells aged against `now`.
pub fn row(group: &str, kind: &str, obj: &Value, now: jiff::Timestamp) -> Row {
    match printer(group, kind) {
        Some(p) => (p.row)(obj, now),
        None => default_row(obj),
    }
}

/// Upstream's default table convertor (`k8s.io/apiserver/pkg/registry/rest/table.go`).
const DEFAULT_COLUMNS: &[Column] = &[
    util::NAME_COLUMN,
    Column {
        name: "Created At",
        type_: "date",
        format: "",
        description: docs::META_CREATION_TIMESTAMP,
        priority: 0,
    },
];

fn default_row(obj: &Value) -> Row {
    // Go formats the zero time when the timestamp is missing.
    let created = util::time_at(obj, "/metadata/creationTimestamp")
        .map(util::rfc3339_seconds)
        .unwrap_or_else(|| "0001-01-01T00:00:00Z".to_string());
    Row::new(vec![util::name(obj).into(), created.into()])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;

    #[test]
    fn default_table_for_kinds_without_printer() {
        let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgets.example.com", "creationTimestamp": "2025-04-30T12:00:00Z"}});
        for (group, kind) in [
            ("apiextensions.k8s.io", "CustomResourceDefinition"),
            ("", "LimitRange"),
            ("example.com", "Widget"),
        ] {
            assert!(!has_printer(group, kind));
            let cols = columns(group, kind);
            assert_eq!(
                cols.iter().map(|c| c.name).collect::<Vec<_>>(),
                ["Name", "Created At"]
            );
            assert_eq!((cols[0].format, cols[1].type_), ("name", "date"));
            let r = row(group, kind, &crd, test_now());
            assert_eq!(
                r.cells,
                vec![json!("widgets.example.com"), json!("2025-04-30T12:00:00Z")]
            );
            assert_eq!(r.conditions, None);
        }
        let bare = json!({"metadata": {"name": "x"}});
        assert_eq!(default_row(&bare).cells[1], json!("0001-01-01T00:00:00Z"));
        let frac = json!({"metadata": {"name": "x", "creationTimestamp": "2025-04-30T12:00:00.5+02:00"}});
        assert_eq!(default_row(&frac).cells[1], json!("2025-04-30T10:00:00Z"));
    }

    #[test]
    fn every_printer_has_one_cell_per_column_and_a_single_name_column() {
        let kinds = [
            ("", "Pod"),
            ("", "Node"),
            ("", "Namespace"),
            ("", "ConfigMap"),
            ("", "Secret"),
            ("", "ServiceAccount"),
            ("", "ResourceQuota"),
            ("", "Service"),
            ("", "Endpoints"),
            ("", "Event"),
            ("", "PersistentVolume"),
            ("", "PersistentVolumeClaim"),
            ("", "ReplicationController"),
            ("apps", "Deployment"),
            ("apps", "ReplicaSet"),
            ("apps", "StatefulSet"),
            ("apps", "DaemonSet"),
            ("apps", "ControllerRevision"),
            ("batch", "Job"),
            ("batch", "CronJob"),
            ("storage.k8s.io", "StorageClass"),
            ("coordination.k8s.io", "Lease"),
            ("events.k8s.io", "Event"),
            ("policy", "PodDisruptionBudget"),
            ("scheduling.k8s.io", "PriorityClass"),
            ("discovery.k8s.io", "EndpointSlice"),
        ];
        // An object with nothing set must still print, with the right number of cells.
        let empty = json!({"metadata": {"name": "x"}});
        for (group, kind) in kinds {
            assert!(has_printer(group, kind), "{group}/{kind}");
            let cols = columns(group, kind);
            assert_eq!(cols.iter().filter(|c| c.format == "name").count(), 1, "{kind}");
            assert!(cols.iter().all(|c| !c.description.is_empty()), "{kind}");
            assert_eq!(
                row(group, kind, &empty, test_now()).cells.len(),
                cols.len(),
                "{group}/{kind}"
            );
        }
    }

    #[test]
    fn column_json() {
        let c = columns("", "Pod")[5];
        assert_eq!(
            c.to_json(),
            json!({"name": "IP", "type": "string", "format": "", "description": docs::POD_IP, "priority": 1})
        );
    }
}
