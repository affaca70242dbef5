//! End-to-end: the scheduler inside `skiff server` places pods as kube-scheduler would and explains
//! the ones it cannot place with kube-scheduler's exact FailedScheduling message — the seed chapter's
//! scenarios, driven by the real kubectl. Nodes are created through the API (no kubelets needed).

mod common;

use std::time::Duration;

use common::{eventually, Cluster};

fn node(c: &Cluster, name: &str, cpu: &str, memory: &str, labels: &[(&str, &str)]) {
    let mut all = vec![("kubernetes.io/hostname".to_string(), name.to_string())];
    all.extend(labels.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let labels: serde_json::Map<String, serde_json::Value> = all
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    let node = serde_json::json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "status": {
            "capacity": {"cpu": cpu, "memory": memory, "pods": "110"},
            "allocatable": {"cpu": cpu, "memory": memory, "pods": "110"},
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "ready"}],
        },
    });
    c.ok_stdin(&["create", "-f", "-"], &node.to_string());
}

fn pod_yaml(name: &str, extra_spec: &str, cpu: &str, memory: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n{extra_spec}  containers:\n  - name: c\n    image: nginx\n    resources:\n      requests:\n        cpu: \"{cpu}\"\n        memory: \"{memory}\"\n"
    )
}

fn node_of(c: &Cluster, pod: &str) -> Option<String> {
    eventually(Duration::from_secs(20), || {
        let n = c.ok(&["get", "pod", pod, "-o", "jsonpath={.spec.nodeName}"]);
        (!n.is_empty()).then_some(n)
    })
}

fn scheduled_condition(c: &Cluster, pod: &str) -> Option<String> {
    eventually(Duration::from_secs(20), || {
        let m = c.ok(&[
            "get",
            "pod",
            pod,
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}",
        ]);
        (!m.is_empty()).then_some(m)
    })
}

#[test]
fn gpu_taint_admits_only_the_tolerating_pod() {
    let c = Cluster::start().unwrap();
    node(&c, "gpu-node-1", "8", "32Gi", &[]);
    c.ok(&["taint", "nodes", "gpu-node-1", "app=gpu-app:NoSchedule"]);
    c.ok_stdin(&["create", "-f", "-"], &pod_yaml("plain", "", "100m", "64Mi"));
    let tolerating =
        "  tolerations:\n  - key: app\n    operator: Equal\n    value: gpu-app\n    effect: NoSchedule\n";
    c.ok_stdin(
        &["create", "-f", "-"],
        &pod_yaml("trainer", tolerating, "100m", "64Mi"),
    );
    assert_eq!(node_of(&c, "trainer").as_deref(), Some("gpu-node-1"));
    let msg = scheduled_condition(&c, "plain").expect("the plain pod gets a PodScheduled=False message");
    assert_eq!(
        msg,
        "0/1 nodes are available: 1 node(s) had untolerated taint {app: gpu-app}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    );
    let d = c.ok(&["describe", "pod", "plain"]);
    assert!(
        d.contains("FailedScheduling") && d.contains("default-scheduler"),
        "{d}"
    );
    let d = c.ok(&["describe", "pod", "trainer"]);
    assert!(
        d.contains("Successfully assigned default/trainer to gpu-node-1"),
        "{d}"
    );
}

#[test]
fn zone_affinity_required_and_ssd_preferred() {
    let c = Cluster::start().unwrap();
    node(
        &c,
        "a-hdd",
        "4",
        "8Gi",
        &[("topology.kubernetes.io/zone", "us-east-1a"), ("disktype", "hdd")],
    );
    node(
        &c,
        "a-ssd",
        "4",
        "8Gi",
        &[("topology.kubernetes.io/zone", "us-east-1a"), ("disktype", "ssd")],
    );
    node(
        &c,
        "b-ssd",
        "4",
        "8Gi",
        &[("topology.kubernetes.io/zone", "us-east-1b"), ("disktype", "ssd")],
    );
    let manifest = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/manifests/node-affinity-pod.yaml"
    );
    c.ok(&["apply", "-f", manifest]);
    assert_eq!(node_of(&c, "zonal").as_deref(), Some("a-ssd"));
}

#[test]
fn hostname_anti_affinity_leaves_the_third_replica_pending_until_a_node_joins() {
    let c = Cluster::start().unwrap();
    node(&c, "n1", "4", "8Gi", &[]);
    node(&c, "n2", "4", "8Gi", &[]);
    let anti = "  affinity:\n    podAntiAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n      - labelSelector:\n          matchLabels:\n            tier: db\n        topologyKey: kubernetes.io/hostname\n";
    for i in 0..3 {
        let pod = pod_yaml(&format!("db-{i}"), anti, "100m", "64Mi")
            .replace("    app: db-", "    tier: db\n    app: db-");
        c.ok_stdin(&["create", "-f", "-"], &pod);
        if i < 2 {
            node_of(&c, &format!("db-{i}")).expect("the first two replicas are placed");
        }
    }
    let msg = scheduled_condition(&c, "db-2").expect("the third replica is explained");
    assert_eq!(
        msg,
        "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    );
    node(&c, "n3", "4", "8Gi", &[]);
    assert_eq!(node_of(&c, "db-2").as_deref(), Some("n3"));
}

#[test]
fn five_nodes_lacking_cpu_or_memory_give_the_upstream_message() {
    let c = Cluster::start().unwrap();
    for i in 0..3 {
        node(&c, &format!("small-cpu-{i}"), "1", "8Gi", &[]);
    }
    for i in 0..2 {
        node(&c, &format!("small-mem-{i}"), "4", "1Gi", &[]);
    }
    c.ok_stdin(&["create", "-f", "-"], &pod_yaml("big", "", "2", "2Gi"));
    let msg = scheduled_condition(&c, "big").expect("explained");
    assert_eq!(
        msg,
        "0/5 nodes are available: 2 Insufficient memory, 3 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod."
    );
    let events = c.ok(&[
        "get",
        "events",
        "--field-selector",
        "involvedObject.name=big,reason=FailedScheduling",
        "-o",
        "jsonpath={.items[0].message}",
    ]);
    assert_eq!(events, msg);
}

#[test]
fn a_high_priority_pod_preempts_a_low_priority_one() {
    let c = Cluster::start().unwrap();
    node(&c, "only", "2", "4Gi", &[]);
    c.ok(&["create", "priorityclass", "low", "--value=10"]);
    c.ok(&["create", "priorityclass", "high", "--value=1000"]);
    c.ok_stdin(
        &["create", "-f", "-"],
        &pod_yaml("victim", "  priorityClassName: low\n", "1500m", "1Gi"),
    );
    assert_eq!(node_of(&c, "victim").as_deref(), Some("only"));
    c.ok_stdin(
        &["create", "-f", "-"],
        &pod_yaml("urgent", "  priorityClassName: high\n", "1500m", "1Gi"),
    );
    // The victim is deleted (gracefully: it is bound to a node without an agent, so force it along as
    // the kubelet would once the container stopped) and the urgent pod is nominated, then placed.
    let nominated = eventually(Duration::from_secs(20), || {
        let n = c.ok(&[
            "get",
            "pod",
            "urgent",
            "-o",
            "jsonpath={.status.nominatedNodeName}",
        ]);
        (!n.is_empty()).then_some(n)
    });
    assert_eq!(nominated.as_deref(), Some("only"));
    let deleting = c.ok(&[
        "get",
        "pod",
        "victim",
        "-o",
        "jsonpath={.metadata.deletionTimestamp}",
    ]);
    assert!(!deleting.is_empty(), "the victim must be marked for deletion");
    c.ok(&["delete", "pod", "victim", "--grace-period=0", "--force"]);
    assert_eq!(node_of(&c, "urgent").as_deref(), Some("only"));
}
