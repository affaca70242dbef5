//! Pods (upstream `printPod`).

use std::collections::HashSet;

use jiff::Timestamp;
use serde_json::{json, Value};

use crate::docs;
use crate::util::{
    age, arr_at, at, bool_at, col, has, int_at, name, since, str_at, time_at, wide, AGE_COLUMN, NAME_COLUMN,
};
use crate::{Column, Printer, Row};

const COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
    col("Status", "string", "The aggregate status of the containers in this pod."),
    col(
        "Restarts",
        "string",
        "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
    ),
    AGE_COLUMN,
    wide("IP", "string", docs::POD_IP),
    wide("Node", "string", docs::POD_NODE_NAME),
    wide("Nominated Node", "string", docs::POD_NOMINATED_NODE),
    wide("Readiness Gates", "string", docs::POD_READINESS_GATES),
];

pub(crate) const POD: Printer = Printer {
    columns: COLUMNS,
    row,
};

/// `lastState.terminated.finishedAt` of a container status.
fn last_finished(status: &Value) -> Option<Timestamp> {
    time_at(status, "/lastState/terminated/finishedAt")
}

/// Keeps the latest of the restart times (`lastRestartDate.Before(&terminatedDate)`).
fn latest(acc: &mut Option<Timestamp>, t: Option<Timestamp>) {
    if let Some(t) = t {
        if acc.is_none_or(|a| a < t) {
            *acc = Some(t);
        }
    }
}

/// `Signal:N` when the container was killed by a signal, else `ExitCode:N`.
fn exit_reason(terminated: &Value) -> String {
    let signal = int_at(terminated, "/signal");
    if signal != 0 {
        format!("Signal:{signal}")
    } else {
        format!("ExitCode:{}", int_at(terminated, "/exitCode"))
    }
}

fn condition<'a>(pod: &'a Value, type_: &str) -> Option<&'a Value> {
    arr_at(pod, "/status/conditions")
        .iter()
        .find(|c| str_at(c, "/type") == type_)
}

fn row(pod: &Value, now: Timestamp) -> Row {
    let conditions = arr_at(pod, "/status/conditions");
    let phase = str_at(pod, "/status/phase");
    let status_reason = str_at(pod, "/status/reason");
    let mut reason = if status_reason.is_empty() {
        phase
    } else {
        status_reason
    }
    .to_string();
    if conditions
        .iter()
        .any(|c| str_at(c, "/type") == "PodScheduled" && str_at(c, "/reason") == "SchedulingGated")
    {
        reason = "SchedulingGated".to_string();
    }

    let init_specs = arr_at(pod, "/spec/initContainers");
    // Restartable init containers ("sidecars") count as containers.
    let is_sidecar = |c: &&Value| str_at(c, "/restartPolicy") == "Always";
    let sidecars: HashSet<&str> = init_specs
        .iter()
        .filter(is_sidecar)
        .map(|c| str_at(c, "/name"))
        .collect();
    let total = arr_at(pod, "/spec/containers").len() + init_specs.iter().filter(is_sidecar).count();
    let mut ready = 0;
    let mut restarts = 0;
    let mut sidecar_restarts = 0;
    let mut last_restart = None;
    let mut last_sidecar_restart = None;

    let mut initializing = false;
    for (i, c) in arr_at(pod, "/status/initContainerStatuses").iter().enumerate() {
        let count = int_at(c, "/restartCount");
        restarts += count;
        latest(&mut last_restart, last_finished(c));
        let sidecar = sidecars.contains(str_at(c, "/name"));
        if sidecar {
            sidecar_restarts += count;
            latest(&mut last_sidecar_restart, last_finished(c));
        }
        let terminated = at(c, "/state/terminated");
        let waiting_reason = str_at(c, "/state/waiting/reason");
        if terminated.is_some_and(|t| int_at(t, "/exitCode") == 0) {
            continue;
        } else if sidecar && bool_at(c, "/started") {
            if bool_at(c, "/ready") {
                ready += 1;
            }
            continue;
        } else if let Some(t) = terminated {
            // Initialization failed.
            let r = str_at(t, "/reason");
            reason = if r.is_empty() {
                format!("Init:{}", exit_reason(t))
            } else {
                format!("Init:{r}")
            };
        } else if has(c, "/state/waiting")
            && !waiting_reason.is_empty()
            && waiting_reason != "PodInitializing"
        {
            reason = format!("Init:{waiting_reason}");
        } else {
            reason = format!("Init:{i}/{}", init_specs.len());
        }
        initializing = true;
        break;
    }

    let initialized = condition(pod, "Initialized").is_some_and(|c| str_at(c, "/status") == "True");
    if !initializing || initialized {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in arr_at(pod, "/status/containerStatuses").iter().rev() {
            restarts += int_at(c, "/restartCount");
            latest(&mut last_restart, last_finished(c));
            let waiting_reason = str_at(c, "/state/waiting/reason");
            let terminated = at(c, "/state/terminated");
            if has(c, "/state/waiting") && !waiting_reason.is_empty() {
                reason = waiting_reason.to_string();
            } else if let Some(t) = terminated {
                let r = str_at(t, "/reason");
                reason = if r.is_empty() {
                    exit_reason(t)
                } else {
                    r.to_string()
                };
            } else if bool_at(c, "/ready") && has(c, "/state/running") {
                has_running = true;
                ready += 1;
            }
        }
        // A pod whose last container completed while another one still runs is not Completed.
        if reason == "Completed" && has_running {
            let pod_ready = conditions
                .iter()
                .any(|c| str_at(c, "/type") == "Ready" && str_at(c, "/status") == "True");
            reason = if pod_ready { "Running" } else { "NotReady" }.to_string();
        }
    }

    if has(pod, "/metadata/deletionTimestamp") {
        if status_reason == "NodeLost" {
            reason = "Unknown".to_string();
        } else if phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating".to_string();
        }
    }

    let restarts_cell = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", since(Some(t), now)),
        _ => restarts.to_string(),
    };

    // v1 `podIP` wins over `podIPs` (the v1 → internal conversion).
    let pod_ip = match str_at(pod, "/status/podIP") {
        "" => str_at(pod, "/status/podIPs/0/ip"),
        ip => ip,
    };
    let gates = arr_at(pod, "/spec/readinessGates");
    let readiness_gates = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let true_conditions = gates
            .iter()
            .filter(|g| {
                condition(pod, str_at(g, "/conditionType")).is_some_and(|c| str_at(c, "/status") == "True")
            })
            .count();
        format!("{true_conditions}/{}", gates.len())
    };

    let mut r = Row::new(vec![
        name(pod).into(),
        format!("{ready}/{total}").into(),
        reason.into(),
        restarts_cell.into(),
        age(pod, now).into(),
        or_none(pod_ip).into(),
        or_none(str_at(pod, "/spec/nodeName")).into(),
        or_none(str_at(pod, "/status/nominatedNodeName")).into(),
        readiness_gates.into(),
    ]);
    r.conditions = match phase {
        "Succeeded" => Some(completed("Succeeded", "The pod has completed successfully.")),
        "Failed" => Some(completed("Failed", "The pod failed.")),
        _ => None,
    };
    r
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

fn completed(reason: &str, message: &str) -> Value {
    json!([{"type": "Completed", "status": "True", "reason": reason, "message": message}])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{cells, test_now};

    fn pod(extra: Value) -> Value {
        let mut p = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "web-0", "namespace": "default", "creationTimestamp": "2025-05-01T11:00:00Z"},
            "spec": {"nodeName": "n2", "containers": [{"name": "nginx", "image": "nginx:1.27"}]},
            "status": {"phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}]},
        });
        merge(&mut p, extra);
        p
    }

    /// JSON merge patch (RFC 7386), enough to build the cases.
    fn merge(target: &mut Value, patch: Value) {
        match patch {
            Value::Object(p) => {
                if !target.is_object() {
                    *target = json!({});
                }
                let t = target.as_object_mut().unwrap();
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(&k);
                    } else {
                        merge(t.entry(k).or_insert(Value::Null), v);
                    }
                }
            }
            other => *target = other,
        }
    }

    fn running(name: &str, ready: bool, restarts: i64) -> Value {
        json!({"name": name, "ready": ready, "started": true, "restartCount": restarts,
               "state": {"running": {"startedAt": "2025-05-01T11:00:10Z"}}})
    }

    #[test]
    fn status_cells() {
        let cases: Vec<(&str, Value, [&str; 4])> = vec![
            (
                "running",
                json!({"status": {"conditions": [{"type": "Ready", "status": "True"}],
                    "containerStatuses": [running("nginx", true, 0)]}}),
                ["web-0", "1/1", "Running", "0"],
            ),
            (
                "pending unscheduled",
                json!({"spec": {"nodeName": null}, "status": {"phase": "Pending", "podIP": null, "podIPs": null,
                    "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}}),
                ["web-0", "0/1", "Pending", "0"],
            ),
            (
                "scheduling gated",
                json!({"status": {"phase": "Pending",
                    "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}}),
                ["web-0", "0/1", "SchedulingGated", "0"],
            ),
            (
                "container creating",
                json!({"status": {"phase": "Pending", "containerStatuses": [{"name": "nginx", "ready": false,
                    "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]}}),
                ["web-0", "0/1", "ContainerCreating", "0"],
            ),
            (
                "image pull backoff",
                json!({"status": {"phase": "Pending", "containerStatuses": [{"name": "nginx", "ready": false,
                    "restartCount": 0, "state": {"waiting": {"reason": "ImagePullBackOff",
                    "message": "Back-off pulling image"}}}]}}),
                ["web-0", "0/1", "ImagePullBackOff", "0"],
            ),
            (
                "crash loop backoff",
                json!({"status": {"containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 4,
                    "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                    "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                        "finishedAt": "2025-05-01T11:55:00Z"}}}]}}),
                ["web-0", "0/1", "CrashLoopBackOff", "4 (5m ago)"],
            ),
            (
                "completed",
                json!({"status": {"phase": "Succeeded", "containerStatuses": [{"name": "nginx", "ready": false,
                    "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}),
                ["web-0", "0/1", "Completed", "0"],
            ),
            (
                "error",
                json!({"status": {"phase": "Failed", "containerStatuses": [{"name": "nginx", "ready": false,
                    "restartCount": 0, "state": {"terminated": {"exitCode": 2, "reason": "Error"}}}]}}),
                ["web-0", "0/1", "Error", "0"],
            ),
            (
                "oom killed",
                json!({"status": {"containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 1,
                    "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}}),
                ["web-0", "0/1", "OOMKilled", "1"],
            ),
            (
                "signal without reason",
                json!({"status": {"containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 0,
                    "state": {"terminated": {"exitCode": 0, "signal": 9}}}]}}),
                ["web-0", "0/1", "Signal:9", "0"],
            ),
            (
                "exit code without reason",
                json!({"status": {"containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 0,
                    "state": {"terminated": {"exitCode": 3}}}]}}),
                ["web-0", "0/1", "ExitCode:3", "0"],
            ),
            (
                "init 0/1",
                json!({"spec": {"initContainers": [{"name": "migrate", "image": "busybox"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "ready": false,
                        "restartCount": 0, "state": {"running": {"startedAt": "2025-05-01T11:00:05Z"}}}],
                    "containerStatuses": [{"name": "nginx", "ready": false, "restartCount": 0,
                        "state": {"waiting": {"reason": "PodInitializing"}}}]}}),
                ["web-0", "0/1", "Init:0/1", "0"],
            ),
            (
                "init 1/2 after the first init container completed",
                json!({"spec": {"initContainers": [{"name": "a"}, {"name": "b"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [
                        {"name": "a", "ready": true, "restartCount": 0,
                            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                        {"name": "b", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}}),
                ["web-0", "0/1", "Init:1/2", "0"],
            ),
            (
                "init crash loop",
                json!({"spec": {"initContainers": [{"name": "migrate"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "ready": false,
                        "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                        "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-05-01T11:58:00Z"}}}]}}),
                ["web-0", "0/1", "Init:CrashLoopBackOff", "3 (2m ago)"],
            ),
            (
                "init error",
                json!({"spec": {"initContainers": [{"name": "migrate"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "ready": false,
                        "restartCount": 0, "state": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}}),
                ["web-0", "0/1", "Init:Error", "0"],
            ),
            (
                "init exit code",
                json!({"spec": {"initContainers": [{"name": "migrate"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "ready": false,
                        "restartCount": 0, "state": {"terminated": {"exitCode": 5}}}]}}),
                ["web-0", "0/1", "Init:ExitCode:5", "0"],
            ),
            (
                "init signal",
                json!({"spec": {"initContainers": [{"name": "migrate"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "ready": false,
                        "restartCount": 0, "state": {"terminated": {"exitCode": 137, "signal": 9}}}]}}),
                ["web-0", "0/1", "Init:Signal:9", "0"],
            ),
            (
                "running sidecar counts as a container; only sidecar restarts count once initialized",
                json!({"spec": {"initContainers": [
                        {"name": "setup"}, {"name": "proxy", "restartPolicy": "Always"}]},
                    "status": {"conditions": [{"type": "Initialized", "status": "True"},
                            {"type": "Ready", "status": "True"}],
                        "initContainerStatuses": [
                            {"name": "setup", "ready": false, "restartCount": 2,
                                "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            {"name": "proxy", "ready": true, "started": true, "restartCount": 1,
                                "state": {"running": {}},
                                "lastState": {"terminated": {"exitCode": 1,
                                    "finishedAt": "2025-05-01T10:00:00Z"}}}],
                        "containerStatuses": [running("nginx", true, 0)]}}),
                ["web-0", "2/2", "Running", "1 (120m ago)"],
            ),
            (
                "sidecar not started yet",
                json!({"spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}]},
                    "status": {"phase": "Pending", "initContainerStatuses": [{"name": "proxy", "ready": false,
                        "started": false, "restartCount": 0, "state": {"running": {}}}]}}),
                ["web-0", "0/2", "Init:0/1", "0"],
            ),
            (
                "completed container next to a running one, pod ready",
                json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                    "status": {"conditions": [{"type": "Ready", "status": "True"}],
                        "containerStatuses": [
                            {"name": "a", "ready": false, "restartCount": 0,
                                "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            running("b", true, 0)]}}),
                ["web-0", "1/2", "Running", "0"],
            ),
            (
                "completed container next to a running one, pod not ready",
                json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                    "status": {"conditions": [{"type": "Ready", "status": "False"}],
                        "containerStatuses": [
                            {"name": "a", "ready": false, "restartCount": 0,
                                "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
                            running("b", true, 0)]}}),
                ["web-0", "1/2", "NotReady", "0"],
            ),
            (
                "terminating",
                json!({"metadata": {"deletionTimestamp": "2025-05-01T11:59:30Z"},
                    "status": {"containerStatuses": [running("nginx", true, 0)]}}),
                ["web-0", "1/1", "Terminating", "0"],
            ),
            (
                "deleted on a lost node",
                json!({"metadata": {"deletionTimestamp": "2025-05-01T11:59:30Z"},
                    "status": {"reason": "NodeLost", "containerStatuses": [running("nginx", true, 0)]}}),
                ["web-0", "1/1", "Unknown", "0"],
            ),
            (
                "deleted after completion stays Completed",
                json!({"metadata": {"deletionTimestamp": "2025-05-01T11:59:30Z"},
                    "status": {"phase": "Succeeded", "containerStatuses": [{"name": "nginx", "ready": false,
                        "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}),
                ["web-0", "0/1", "Completed", "0"],
            ),
            (
                "evicted",
                json!({"status": {"phase": "Failed", "reason": "Evicted",
                    "message": "The node was low on resource: memory."}}),
                ["web-0", "0/1", "Evicted", "0"],
            ),
            (
                "restarts of all containers, latest finish wins",
                json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}]},
                    "status": {"containerStatuses": [
                        {"name": "a", "ready": true, "restartCount": 2, "state": {"running": {}},
                            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-05-01T09:00:00Z"}}},
                        {"name": "b", "ready": true, "restartCount": 1, "state": {"running": {}},
                            "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-05-01T11:59:50Z"}}}]}}),
                ["web-0", "2/2", "Running", "3 (10s ago)"],
            ),
            (
                "restarts without a finish time",
                json!({"status": {"containerStatuses": [{"name": "nginx", "ready": true, "restartCount": 2,
                    "state": {"running": {}}}]}}),
                ["web-0", "1/1", "Running", "2"],
            ),
        ];
        for (what, extra, want) in cases {
            let r = row(&pod(extra), test_now());
            assert_eq!(r.cells.len(), COLUMNS.len(), "{what}");
            assert_eq!(cells(&r.cells[..4]), want, "{what}");
            assert_eq!(r.cells[4], json!("60m"), "{what}");
        }
    }

    #[test]
    fn wide_cells() {
        let cases: Vec<(Value, [&str; 4])> = vec![
            (json!({}), ["10.244.1.5", "n2", "<none>", "<none>"]),
            (
                json!({"spec": {"nodeName": null}, "status": {"podIP": null, "podIPs": null,
                    "nominatedNodeName": "n3"}}),
                ["<none>", "<none>", "n3", "<none>"],
            ),
            // podIPs alone (no podIP), and podIP winning over a differing podIPs[0].
            (
                json!({"status": {"podIP": null, "podIPs": [{"ip": "fd00::5"}, {"ip": "10.0.0.5"}]}}),
                ["fd00::5", "n2", "<none>", "<none>"],
            ),
            (
                json!({"status": {"podIP": "10.0.0.9"}}),
                ["10.0.0.9", "n2", "<none>", "<none>"],
            ),
            (
                json!({"spec": {"readinessGates": [{"conditionType": "example.com/lb"},
                        {"conditionType": "example.com/dns"}]},
                    "status": {"conditions": [{"type": "example.com/lb", "status": "True"},
                        {"type": "example.com/dns", "status": "False"}]}}),
                ["10.244.1.5", "n2", "<none>", "1/2"],
            ),
            (
                json!({"spec": {"readinessGates": [{"conditionType": "example.com/lb"}]}}),
                ["10.244.1.5", "n2", "<none>", "0/1"],
            ),
        ];
        for (extra, want) in cases {
            let p = pod(extra);
            assert_eq!(cells(&row(&p, test_now()).cells[5..]), want, "{p}");
        }
    }

    #[test]
    fn completed_condition_on_finished_pods() {
        let r = row(&pod(json!({})), test_now());
        assert_eq!(r.conditions, None);
        let r = row(&pod(json!({"status": {"phase": "Succeeded"}})), test_now());
        assert_eq!(
            r.conditions,
            Some(
                json!([{"type": "Completed", "status": "True", "reason": "Succeeded",
                "message": "The pod has completed successfully."}])
            )
        );
        let r = row(&pod(json!({"status": {"phase": "Failed"}})), test_now());
        assert_eq!(r.conditions.unwrap()[0]["reason"], "Failed");
    }

    #[test]
    fn columns() {
        let names: Vec<_> = COLUMNS.iter().map(|c| (c.name, c.priority)).collect();
        assert_eq!(
            names,
            [
                ("Name", 0),
                ("Ready", 0),
                ("Status", 0),
                ("Restarts", 0),
                ("Age", 0),
                ("IP", 1),
                ("Node", 1),
                ("Nominated Node", 1),
                ("Readiness Gates", 1)
            ]
        );
    }
}
