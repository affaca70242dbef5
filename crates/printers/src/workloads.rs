//! Deployments, ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets and
//! ControllerRevisions.

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::selector::{format_label_selector, format_labels, label_selector_string};
use crate::util::{
    age, arr_at, at, col, int_at, name, opt_int, str_at, wide, workload_row, AGE_COLUMN, CONTAINERS_COLUMN,
    IMAGES_COLUMN, NAME_COLUMN,
};
use crate::{Column, Printer, Row};

/// `spec.replicas`, defaulted to 1 as the API does.
fn desired(obj: &Value) -> i64 {
    opt_int(obj, "/spec/replicas").unwrap_or(1)
}

/// The row of a kind with a pod template at `spec.template`: its own `cells`, then Age,
/// Containers, Images and the Selector cell if any.
fn row(cells: Vec<Value>, obj: &Value, now: Timestamp, selector: Option<String>) -> Row {
    workload_row(cells, obj, now, "/spec/template", selector)
}

/// The row of ReplicaSets and ReplicationControllers: desired, current and ready replicas.
fn replica_counts(obj: &Value, now: Timestamp, selector: String) -> Row {
    let cells = vec![
        name(obj).into(),
        desired(obj).into(),
        int_at(obj, "/status/replicas").into(),
        int_at(obj, "/status/readyReplicas").into(),
    ];
    row(cells, obj, now, Some(selector))
}

const DEPLOYMENT_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Ready", "string", "Number of the pod with ready state"),
    col("Up-to-date", "string", docs::DEPLOY_UPDATED),
    col("Available", "string", docs::DEPLOY_AVAILABLE),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::DEPLOY_SELECTOR),
];

pub(crate) const DEPLOYMENT: Printer = Printer {
    columns: DEPLOYMENT_COLUMNS,
    row: deployment,
};

fn deployment(obj: &Value, now: Timestamp) -> Row {
    // Not `FormatLabelSelector`: no `<none>` here, and `<invalid>` instead of `<error>`.
    let selector =
        label_selector_string(at(obj, "/spec/selector")).unwrap_or_else(|()| "<invalid>".to_string());
    let cells = vec![
        name(obj).into(),
        format!("{}/{}", int_at(obj, "/status/readyReplicas"), desired(obj)).into(),
        int_at(obj, "/status/updatedReplicas").into(),
        int_at(obj, "/status/availableReplicas").into(),
    ];
    row(cells, obj, now, Some(selector))
}

const REPLICA_SET_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Desired", "integer", docs::RS_SPEC_REPLICAS),
    col("Current", "integer", docs::RS_STATUS_REPLICAS),
    col("Ready", "integer", docs::RS_READY_REPLICAS),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::RS_SELECTOR),
];

pub(crate) const REPLICA_SET: Printer = Printer {
    columns: REPLICA_SET_COLUMNS,
    row: replica_set,
};

fn replica_set(obj: &Value, now: Timestamp) -> Row {
    replica_counts(obj, now, format_label_selector(at(obj, "/spec/selector")))
}

const REPLICATION_CONTROLLER_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Desired", "integer", docs::RC_SPEC_REPLICAS),
    col("Current", "integer", docs::RC_STATUS_REPLICAS),
    col("Ready", "integer", docs::RC_READY_REPLICAS),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::RC_SELECTOR),
];

pub(crate) const REPLICATION_CONTROLLER: Printer = Printer {
    columns: REPLICATION_CONTROLLER_COLUMNS,
    row: replication_controller,
};

fn replication_controller(obj: &Value, now: Timestamp) -> Row {
    replica_counts(obj, now, format_labels(at(obj, "/spec/selector")))
}

const STATEFUL_SET_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Ready", "string", "Number of the pod with ready state"),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
];

pub(crate) const STATEFUL_SET: Printer = Printer {
    columns: STATEFUL_SET_COLUMNS,
    row: stateful_set,
};

fn stateful_set(obj: &Value, now: Timestamp) -> Row {
    let cells = vec![
        name(obj).into(),
        format!("{}/{}", int_at(obj, "/status/readyReplicas"), desired(obj)).into(),
    ];
    row(cells, obj, now, None)
}

const DAEMON_SET_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Desired", "integer", docs::DS_DESIRED),
    col("Current", "integer", docs::DS_CURRENT),
    col("Ready", "integer", docs::DS_READY),
    col("Up-to-date", "integer", docs::DS_UPDATED),
    col("Available", "integer", docs::DS_AVAILABLE),
    col("Node Selector", "string", docs::POD_NODE_SELECTOR),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::DS_SELECTOR),
];

pub(crate) const DAEMON_SET: Printer = Printer {
    columns: DAEMON_SET_COLUMNS,
    row: daemon_set,
};

fn daemon_set(obj: &Value, now: Timestamp) -> Row {
    let cells = vec![
        name(obj).into(),
        int_at(obj, "/status/desiredNumberScheduled").into(),
        int_at(obj, "/status/currentNumberScheduled").into(),
        int_at(obj, "/status/numberReady").into(),
        int_at(obj, "/status/updatedNumberScheduled").into(),
        int_at(obj, "/status/numberAvailable").into(),
        format_labels(at(obj, "/spec/template/spec/nodeSelector")).into(),
    ];
    let selector = format_label_selector(at(obj, "/spec/selector"));
    row(cells, obj, now, Some(selector))
}

const CONTROLLER_REVISION_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Controller", "string", "Controller of the object"),
    col("Revision", "string", docs::CR_REVISION),
    AGE_COLUMN,
];

pub(crate) const CONTROLLER_REVISION: Printer = Printer {
    columns: CONTROLLER_REVISION_COLUMNS,
    row: controller_revision,
};

/// The controlling owner as `kind.group/name` in lower case (`daemonset.apps/fluentd`),
/// `<none>` without one.
fn controller(obj: &Value) -> String {
    let Some(owner) = arr_at(obj, "/metadata/ownerReferences")
        .iter()
        .find(|o| at(o, "/controller").and_then(Value::as_bool) == Some(true))
    else {
        return "<none>".to_string();
    };
    let api_version = str_at(owner, "/apiVersion");
    let group = api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("");
    let kind = str_at(owner, "/kind");
    let owner_name = str_at(owner, "/name");
    match (kind, group) {
        ("", "") => owner_name.to_string(),
        (kind, "") => format!("{}/{owner_name}", kind.to_lowercase()),
        (kind, group) => format!("{}/{owner_name}", format!("{kind}.{group}").to_lowercase()),
    }
}

fn controller_revision(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        controller(obj).into(),
        int_at(obj, "/revision").into(),
        age(obj, now).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    const CREATED: &str = "2025-05-01T11:57:00Z";

    fn template() -> Value {
        json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
            {"name": "nginx", "image": "nginx:1.27"}, {"name": "sidecar", "image": "busybox:1.36"}]}})
    }

    #[test]
    fn deployments() {
        let cases = vec![
            (
                json!({"apiVersion": "apps/v1", "kind": "Deployment",
                    "metadata": {"name": "web", "creationTimestamp": CREATED},
                    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}}, "template": template()},
                    "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3}}),
                json!([
                    "web",
                    "3/3",
                    3,
                    3,
                    "3m",
                    "nginx,sidecar",
                    "nginx:1.27,busybox:1.36",
                    "app=web"
                ]),
            ),
            (
                json!({"metadata": {"name": "rolling", "creationTimestamp": CREATED},
                    "spec": {"replicas": 5, "selector": {"matchLabels": {"app": "r"},
                            "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}]},
                        "template": {"spec": {"containers": [{"name": "app", "image": "app:v2"}]}}},
                    "status": {"replicas": 6, "updatedReplicas": 2, "readyReplicas": 4, "availableReplicas": 4}}),
                json!([
                    "rolling",
                    "4/5",
                    2,
                    4,
                    "3m",
                    "app",
                    "app:v2",
                    "app=r,tier in (be,fe)"
                ]),
            ),
            (
                json!({"metadata": {"name": "new", "creationTimestamp": CREATED},
                    "spec": {"selector": {"matchLabels": {"app": "new"}}, "template": template()}}),
                json!([
                    "new",
                    "0/1",
                    0,
                    0,
                    "3m",
                    "nginx,sidecar",
                    "nginx:1.27,busybox:1.36",
                    "app=new"
                ]),
            ),
            (
                json!({"metadata": {"name": "scaled-to-zero", "creationTimestamp": CREATED},
                    "spec": {"replicas": 0, "selector": {"matchExpressions": [{"key": "a", "operator": "Bad"}]}}}),
                json!(["scaled-to-zero", "0/0", 0, 0, "3m", "", "", "<invalid>"]),
            ),
            (
                json!({"metadata": {"name": "bare"}, "spec": {"replicas": 2}}),
                json!(["bare", "0/2", 0, 0, "<unknown>", "", "", ""]),
            ),
        ];
        for (d, want) in cases {
            let r = deployment(&d, test_now());
            assert_eq!(r.cells.len(), DEPLOYMENT_COLUMNS.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }

    #[test]
    fn replica_sets_and_controllers() {
        let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": "web-7d9f8c6b5", "creationTimestamp": CREATED},
            "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d9f8c6b5"}},
                "template": template()},
            "status": {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 2, "availableReplicas": 2}});
        assert_eq!(
            Value::from(replica_set(&rs, test_now()).cells),
            json!([
                "web-7d9f8c6b5",
                3,
                3,
                2,
                "3m",
                "nginx,sidecar",
                "nginx:1.27,busybox:1.36",
                "app=web,pod-template-hash=7d9f8c6b5"
            ])
        );
        let old = json!({"metadata": {"name": "web-old", "creationTimestamp": CREATED},
            "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}}}, "status": {"replicas": 0}});
        assert_eq!(
            Value::from(replica_set(&old, test_now()).cells),
            json!(["web-old", 0, 0, 0, "3m", "", "", "app=web"])
        );

        let rc = json!({"apiVersion": "v1", "kind": "ReplicationController",
            "metadata": {"name": "legacy", "creationTimestamp": CREATED},
            "spec": {"replicas": 2, "selector": {"app": "legacy"}, "template": template()},
            "status": {"replicas": 2, "readyReplicas": 1}});
        assert_eq!(
            Value::from(replication_controller(&rc, test_now()).cells),
            json!([
                "legacy",
                2,
                2,
                1,
                "3m",
                "nginx,sidecar",
                "nginx:1.27,busybox:1.36",
                "app=legacy"
            ])
        );
        let rc = json!({"metadata": {"name": "bare"}, "spec": {}});
        assert_eq!(
            Value::from(replication_controller(&rc, test_now()).cells),
            json!(["bare", 1, 0, 0, "<unknown>", "", "", "<none>"])
        );
    }

    #[test]
    fn stateful_and_daemon_sets() {
        let sts = json!({"apiVersion": "apps/v1", "kind": "StatefulSet",
            "metadata": {"name": "db", "creationTimestamp": CREATED},
            "spec": {"replicas": 3, "serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                "template": {"spec": {"containers": [{"name": "postgres", "image": "postgres:17"}]}}},
            "status": {"replicas": 2, "readyReplicas": 1, "currentReplicas": 2}});
        assert_eq!(
            Value::from(stateful_set(&sts, test_now()).cells),
            json!(["db", "1/3", "3m", "postgres", "postgres:17"])
        );

        let ds = json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "kube-proxy", "namespace": "kube-system", "creationTimestamp": CREATED},
            "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
                "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                    "containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.33.1"}]}}},
            "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                "updatedNumberScheduled": 3, "numberAvailable": 2, "numberMisscheduled": 0}});
        assert_eq!(
            Value::from(daemon_set(&ds, test_now()).cells),
            json!([
                "kube-proxy",
                3,
                3,
                2,
                3,
                2,
                "kubernetes.io/os=linux",
                "3m",
                "kube-proxy",
                "registry.k8s.io/kube-proxy:v1.33.1",
                "k8s-app=kube-proxy"
            ])
        );
        let ds = json!({"metadata": {"name": "fresh", "creationTimestamp": CREATED},
            "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "a"}]}}}});
        assert_eq!(
            Value::from(daemon_set(&ds, test_now()).cells),
            json!(["fresh", 0, 0, 0, 0, 0, "<none>", "3m", "a", "a", "<none>"])
        );
    }

    #[test]
    fn controller_revisions() {
        let cases = vec![
            (
                json!([{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "kube-proxy", "uid": "u1",
                    "controller": true, "blockOwnerDeletion": true}]),
                "daemonset.apps/kube-proxy",
            ),
            (
                json!([{"apiVersion": "v1", "kind": "Pod", "name": "p", "controller": true}]),
                "pod/p",
            ),
            (
                json!([{"apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db"}]),
                "<none>",
            ),
            (json!(null), "<none>"),
        ];
        for (owners, want) in cases {
            let cr = json!({"apiVersion": "apps/v1", "kind": "ControllerRevision",
                "metadata": {"name": "rev-1", "creationTimestamp": CREATED, "ownerReferences": owners},
                "revision": 4, "data": {}});
            assert_eq!(
                Value::from(controller_revision(&cr, test_now()).cells),
                json!(["rev-1", want, 4, "3m"])
            );
        }
    }
}
