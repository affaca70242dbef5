//! End-to-end: kubectl's protobuf-bodied generators, `auth can-i`, storage objects, events written
//! through events.k8s.io and read by `describe`, and the get flags that need server support.

mod common;

use common::Cluster;

#[test]
fn create_generators_send_protobuf_and_work() {
    let c = Cluster::start().unwrap();
    let cmds: &[&[&str]] = &[
        &["create", "namespace", "team-a"],
        &[
            "create",
            "deployment",
            "web",
            "--image=nginx:1.27",
            "--replicas=2",
            "--port=80",
        ],
        &["create", "configmap", "c1", "--from-literal=a=b"],
        &["create", "secret", "generic", "s1", "--from-literal=p=q"],
        &["create", "job", "j1", "--image=busybox", "--", "echo", "hi"],
        &[
            "create",
            "cronjob",
            "cj",
            "--image=busybox",
            "--schedule=*/5 * * * *",
        ],
        &["create", "serviceaccount", "sa1"],
        &[
            "create",
            "poddisruptionbudget",
            "pdb1",
            "--selector=app=web",
            "--min-available=1",
        ],
        &["create", "service", "clusterip", "svc1", "--tcp=80:8080"],
        &["create", "priorityclass", "high", "--value=1000"],
    ];
    for cmd in cmds {
        let out = c.ok(cmd);
        assert!(out.contains("created"), "{cmd:?}: {out}");
    }
    assert_eq!(
        c.ok(&[
            "get",
            "deploy",
            "web",
            "-o",
            "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].ports[0].containerPort}"
        ]),
        "2 80"
    );
    assert_eq!(c.ok(&["get", "secret", "s1", "-o", "jsonpath={.data.p}"]), "cQ==");
    assert_eq!(
        c.ok(&["get", "svc", "svc1", "-o", "jsonpath={.spec.ports[0].targetPort}"]),
        "8080"
    );
    assert_eq!(c.ok(&["auth", "can-i", "create", "pods"]).trim(), "yes");
    let all = c.ok(&["get", "all"]);
    for name in [
        "deployment.apps/web",
        "service/svc1",
        "job.batch/j1",
        "cronjob.batch/cj",
    ] {
        assert!(all.contains(name), "get all lacks {name}:\n{all}");
    }
    // Priority admission resolves the class into spec.priority; an unknown class is forbidden.
    c.ok_stdin(&["create", "-f", "-"], "apiVersion: v1\nkind: Pod\nmetadata:\n  name: prio\nspec:\n  priorityClassName: high\n  containers:\n  - name: c\n    image: nginx\n");
    assert_eq!(
        c.ok(&["get", "pod", "prio", "-o", "jsonpath={.spec.priority}"]),
        "1000"
    );
    let out = c.kubectl_stdin(&["create", "-f", "-"], Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: noprio\nspec:\n  priorityClassName: nope\n  containers:\n  - name: c\n    image: nginx\n"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no PriorityClass with name nope was found"));
    let err = c.fails(&["create", "namespace", "team-a"]);
    assert!(err.contains("AlreadyExists"), "{err}");
}

#[test]
fn storage_objects_describe_and_default_class() {
    let c = Cluster::start().unwrap();
    let manifests = r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: skiff.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv1
spec:
  capacity:
    storage: 1Gi
  accessModes: ["ReadWriteOnce"]
  hostPath:
    path: /tmp/pv1
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
"#;
    c.ok_stdin(&["apply", "-f", "-"], manifests);
    assert!(c.ok(&["get", "sc"]).contains("fast (default)"));
    assert_eq!(
        c.ok(&[
            "get",
            "pvc",
            "data",
            "-o",
            "jsonpath={.spec.storageClassName} {.status.phase}"
        ]),
        "fast Pending"
    );
    let pv = c.ok(&["get", "pv"]);
    assert!(
        pv.lines().next().unwrap().starts_with("NAME") && pv.contains("RWO") && pv.contains("Retain"),
        "{pv}"
    );
    let d = c.ok(&["describe", "pvc", "data"]);
    assert!(
        d.contains("StorageClass:  fast") && d.contains("Status:        Pending"),
        "{d}"
    );
    let d = c.ok(&["describe", "pv", "pv1"]);
    assert!(d.contains("Reclaim Policy:") && d.contains("HostPath"), "{d}");
    let d = c.ok(&["describe", "storageclass", "fast"]);
    assert!(
        d.contains("IsDefaultClass:  Yes") && d.contains("VolumeBindingMode:     WaitForFirstConsumer"),
        "{d}"
    );
}

#[test]
fn events_from_events_api_show_in_describe() {
    let c = Cluster::start_with(&["--disable-scheduler"]).unwrap();
    c.ok_stdin(&["apply", "-f", "-"], "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pending\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
    let uid = c.ok(&["get", "pod", "pending", "-o", "jsonpath={.metadata.uid}"]);
    let now = jiff_now();
    let event = format!(
        r#"{{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{{"name":"pending.1"}},
        "eventTime":"{now}","reportingController":"default-scheduler","reportingInstance":"default-scheduler-1",
        "action":"Scheduling","reason":"FailedScheduling","type":"Warning",
        "note":"0/5 nodes are available: 2 Insufficient memory, 3 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod.",
        "regarding":{{"kind":"Pod","name":"pending","namespace":"default","uid":"{uid}","apiVersion":"v1"}}}}"#
    );
    c.ok_stdin(&["create", "-f", "-"], &event);
    let d = c.ok(&["describe", "pod", "pending"]);
    assert!(d.contains("Warning  FailedScheduling"), "{d}");
    assert!(d.contains("default-scheduler"), "{d}");
    assert!(
        d.contains("0/5 nodes are available: 2 Insufficient memory, 3 Insufficient cpu."),
        "{d}"
    );
    let listed = c.ok(&[
        "get",
        "events",
        "--field-selector",
        "involvedObject.name=pending",
        "-o",
        "name",
    ]);
    assert_eq!(listed.trim(), "event/pending.1");
}

fn jiff_now() -> String {
    let out = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%S.000000Z"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn get_flags_sort_select_and_delete_by_label() {
    let c = Cluster::start().unwrap();
    c.ok(&["create", "namespace", "other"]);
    for (ns, name, tier) in [
        ("default", "b", "web"),
        ("default", "a", "db"),
        ("other", "c", "web"),
    ] {
        let pod = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  namespace: {ns}\n  labels:\n    tier: {tier}\nspec:\n  nodeName: n1\n  containers:\n  - name: c\n    image: nginx\n");
        c.ok_stdin(&["create", "-f", "-"], &pod);
    }
    let all = c.ok(&["get", "pods", "-A", "-o", "wide"]);
    assert!(all.lines().next().unwrap().starts_with("NAMESPACE"), "{all}");
    assert_eq!(all.lines().count(), 4, "{all}");
    assert!(all.contains("n1"), "{all}");
    let sorted = c.ok(&[
        "get",
        "pods",
        "--sort-by=.metadata.name",
        "-o",
        "custom-columns=NAME:.metadata.name",
        "--no-headers",
    ]);
    assert_eq!(sorted, "a\nb\n");
    let sorted_table = c.ok(&["get", "pods", "--sort-by=.metadata.name", "--no-headers"]);
    assert!(sorted_table.starts_with("a "), "{sorted_table}");
    let on_node = c.ok(&[
        "get",
        "pods",
        "-A",
        "--field-selector",
        "spec.nodeName=n1,status.phase!=Succeeded",
        "-o",
        "name",
    ]);
    assert_eq!(on_node.lines().count(), 3, "{on_node}");
    let labels = c.ok(&["get", "pods", "-l", "tier=web", "-A", "--show-labels"]);
    assert!(
        labels.contains("tier=web") && !labels.contains("tier=db"),
        "{labels}"
    );
    // Pods bound to a node are deleted gracefully: they stay, Terminating, until their node removes them.
    c.ok(&["delete", "pods", "-l", "tier=web", "--wait=false"]);
    let remaining = c.ok(&["get", "pods"]);
    assert!(remaining.contains("Terminating"), "{remaining}");
    c.ok(&["delete", "pods", "-l", "tier=web", "--grace-period=0", "--force"]);
    assert_eq!(c.ok(&["get", "pods", "-o", "name"]), "pod/a\n");
}
