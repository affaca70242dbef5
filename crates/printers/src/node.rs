//! Nodes (upstream `printNode`).

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::util::{age, arr_at, at, bool_at, col, name, str_at, wide, AGE_COLUMN, NAME_COLUMN};
use crate::{Column, Printer, Row};

const COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Status", "string", "The status of the node"),
    col("Roles", "string", "The roles of the node"),
    AGE_COLUMN,
    col("Version", "string", docs::NODE_KUBELET_VERSION),
    wide("Internal-IP", "string", docs::NODE_ADDRESSES),
    wide("External-IP", "string", docs::NODE_ADDRESSES),
    wide("OS-Image", "string", docs::NODE_OS_IMAGE),
    wide("Kernel-Version", "string", docs::NODE_KERNEL_VERSION),
    wide("Container-Runtime", "string", docs::NODE_CONTAINER_RUNTIME),
];

pub(crate) const NODE: Printer = Printer {
    columns: COLUMNS,
    row,
};

/// `node-role.kubernetes.io/<role>` labels (any value) and a non-empty `kubernetes.io/role`.
fn roles(node: &Value) -> String {
    let mut roles = BTreeSet::new();
    if let Some(Value::Object(labels)) = at(node, "/metadata/labels") {
        for (k, v) in labels {
            if let Some(role) = k.strip_prefix("node-role.kubernetes.io/") {
                if !role.is_empty() {
                    roles.insert(role);
                }
            } else if k == "kubernetes.io/role" {
                if let Some(v) = v.as_str().filter(|v| !v.is_empty()) {
                    roles.insert(v);
                }
            }
        }
    }
    if roles.is_empty() {
        return "<none>".to_string();
    }
    roles.into_iter().collect::<Vec<_>>().join(",")
}

/// The first address of the type, `<none>` without one.
fn address<'a>(node: &'a Value, type_: &str) -> &'a str {
    arr_at(node, "/status/addresses")
        .iter()
        .find(|a| str_at(a, "/type") == type_)
        .map(|a| str_at(a, "/address"))
        .unwrap_or("<none>")
}

fn or_unknown(s: &str) -> &str {
    if s.is_empty() {
        "<unknown>"
    } else {
        s
    }
}

fn row(node: &Value, now: Timestamp) -> Row {
    // The last Ready condition wins (upstream builds a map by type).
    let ready = arr_at(node, "/status/conditions")
        .iter()
        .rfind(|c| str_at(c, "/type") == "Ready");
    let mut status = match ready {
        Some(c) if str_at(c, "/status") == "True" => "Ready".to_string(),
        Some(_) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    if bool_at(node, "/spec/unschedulable") {
        status.push_str(",SchedulingDisabled");
    }
    Row::new(vec![
        name(node).into(),
        status.into(),
        roles(node).into(),
        age(node, now).into(),
        str_at(node, "/status/nodeInfo/kubeletVersion").into(),
        address(node, "InternalIP").into(),
        address(node, "ExternalIP").into(),
        or_unknown(str_at(node, "/status/nodeInfo/osImage")).into(),
        or_unknown(str_at(node, "/status/nodeInfo/kernelVersion")).into(),
        or_unknown(str_at(node, "/status/nodeInfo/containerRuntimeVersion")).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{cells, test_now};
    use serde_json::json;

    fn node(name: &str, labels: Value, unschedulable: Option<bool>, ready: Option<&str>) -> Value {
        let mut n = json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": name, "labels": labels, "creationTimestamp": "2025-04-11T12:00:00Z"},
            "spec": {},
            "status": {
                "addresses": [{"type": "InternalIP", "address": "172.18.0.2"}, {"type": "Hostname", "address": name}],
                "nodeInfo": {"kubeletVersion": "v1.33.1", "osImage": "Debian GNU/Linux 12 (bookworm)",
                    "kernelVersion": "6.8.0-45-generic", "containerRuntimeVersion": "containerd://2.0.3"},
                "conditions": [{"type": "MemoryPressure", "status": "False"}],
            },
        });
        if let Some(u) = unschedulable {
            n["spec"]["unschedulable"] = json!(u);
        }
        if let Some(s) = ready {
            n["status"]["conditions"]
                .as_array_mut()
                .unwrap()
                .push(json!({"type": "Ready", "status": s}));
        }
        n
    }

    #[test]
    fn rows() {
        let cases = vec![
            (
                node(
                    "cp",
                    json!({"node-role.kubernetes.io/control-plane": ""}),
                    None,
                    Some("True"),
                ),
                ["cp", "Ready", "control-plane", "20d", "v1.33.1"],
            ),
            (
                node("n1", json!({}), Some(true), Some("True")),
                ["n1", "Ready,SchedulingDisabled", "<none>", "20d", "v1.33.1"],
            ),
            (
                node("n2", json!({}), Some(false), Some("False")),
                ["n2", "NotReady", "<none>", "20d", "v1.33.1"],
            ),
            (
                node("n3", json!({}), None, Some("Unknown")),
                ["n3", "NotReady", "<none>", "20d", "v1.33.1"],
            ),
            (
                node("n4", json!({}), Some(true), None),
                ["n4", "Unknown,SchedulingDisabled", "<none>", "20d", "v1.33.1"],
            ),
            (
                node(
                    "n5",
                    json!({"node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/": "x",
                        "kubernetes.io/role": "gpu", "node-role.kubernetes.io/infra": "false"}),
                    None,
                    Some("True"),
                ),
                ["n5", "Ready", "gpu,infra,worker", "20d", "v1.33.1"],
            ),
            (
                node("n6", json!({"kubernetes.io/role": ""}), None, Some("True")),
                ["n6", "Ready", "<none>", "20d", "v1.33.1"],
            ),
        ];
        for (n, want) in cases {
            let r = row(&n, test_now());
            assert_eq!(r.cells.len(), COLUMNS.len());
            assert_eq!(cells(&r.cells[..5]), want);
        }
    }

    #[test]
    fn wide() {
        let mut n = node("n1", json!({}), None, Some("True"));
        let r = row(&n, test_now());
        assert_eq!(
            cells(&r.cells[5..]),
            [
                "172.18.0.2",
                "<none>",
                "Debian GNU/Linux 12 (bookworm)",
                "6.8.0-45-generic",
                "containerd://2.0.3"
            ]
        );
        n["status"]["addresses"] = json!([{"type": "ExternalIP", "address": "203.0.113.7"},
            {"type": "InternalIP", "address": "10.0.0.4"}, {"type": "InternalIP", "address": "10.0.0.5"}]);
        n["status"]["nodeInfo"] = json!({});
        let r = row(&n, test_now());
        assert_eq!(
            cells(&r.cells[4..]),
            [
                "",
                "10.0.0.4",
                "203.0.113.7",
                "<unknown>",
                "<unknown>",
                "<unknown>"
            ]
        );
    }
}
