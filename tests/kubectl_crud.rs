//! End-to-end: the real kubectl creates, reads, changes and deletes objects on a Skiff server.

mod common;

use common::{eventually, Cluster};
use std::time::Duration;

const MANIFESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/manifests");

fn manifest(name: &str) -> String {
    format!("{MANIFESTS}/{name}")
}

#[test]
fn version_discovery_and_system_namespaces() {
    let c = Cluster::start().unwrap();
    let v = c.ok(&["version"]);
    assert!(v.contains("Server Version: v1.33"), "{v}");
    let ns = c.ok(&["get", "namespaces", "-o", "name"]);
    for n in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        assert!(ns.contains(&format!("namespace/{n}")), "{ns}");
    }
    let res = c.ok(&["api-resources"]);
    for line in [
        "deployments",
        "deploy",
        "apps/v1",
        "poddisruptionbudgets",
        "endpointslices",
        "leases",
    ] {
        assert!(res.contains(line), "api-resources lacks {line}:\n{res}");
    }
    let versions = c.ok(&["api-versions"]);
    for gv in [
        "v1",
        "apps/v1",
        "batch/v1",
        "storage.k8s.io/v1",
        "policy/v1",
        "discovery.k8s.io/v1",
    ] {
        assert!(versions.lines().any(|l| l == gv), "{versions}");
    }
    let svc = c.ok(&["get", "svc", "kubernetes", "-o", "jsonpath={.spec.clusterIP}"]);
    assert_eq!(svc, "10.43.0.1");
    let explained = c.ok(&["explain", "deployment.spec.replicas"]);
    assert!(
        explained.contains("FIELD: replicas <integer>") && explained.contains("Number of desired pods"),
        "{explained}"
    );
    let explained = c.ok(&["explain", "pod.spec.tolerations"]);
    assert!(explained.contains("tolerationSeconds"), "{explained}");
}

#[test]
fn seed_manifests_apply_and_print_like_upstream() {
    let c = Cluster::start().unwrap();
    for m in [
        "anti-affinity-deployment.yaml",
        "gpu-toleration-pod.yaml",
        "node-affinity-pod.yaml",
    ] {
        let out = c.ok(&["apply", "-f", &manifest(m)]);
        assert!(out.contains("created"), "{out}");
    }
    let pods = c.ok(&["get", "pods"]);
    let header: Vec<&str> = pods.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    assert!(pods.contains("gpu-job") && pods.contains("Pending"), "{pods}");
    let wide = c.ok(&["get", "pods", "-o", "wide"]);
    assert!(wide.lines().next().unwrap().contains("NOMINATED NODE"), "{wide}");
    let deploy = c.ok(&["get", "deploy"]);
    let header: Vec<&str> = deploy.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]);
    assert!(deploy.contains("0/3"), "{deploy}");
    // Defaults applied as upstream does.
    let strategy = c.ok(&[
        "get",
        "deploy",
        "database",
        "-o",
        "jsonpath={.spec.strategy.rollingUpdate.maxSurge} {.spec.revisionHistoryLimit}",
    ]);
    assert_eq!(strategy, "25% 10");
    let pod = c.ok(&["get", "pod", "zonal", "-o", "jsonpath={.spec.restartPolicy} {.spec.dnsPolicy} {.spec.schedulerName} {.spec.containers[0].imagePullPolicy}"]);
    assert_eq!(pod, "Always ClusterFirst default-scheduler Always");
    // A second apply with a change patches; an unchanged one does nothing.
    let changed = std::fs::read_to_string(manifest("anti-affinity-deployment.yaml"))
        .unwrap()
        .replace("replicas: 3", "replicas: 4");
    let applied = c.kubectl_stdin(&["apply", "-f", "-"], Some(&changed));
    let (out, err) = (
        String::from_utf8_lossy(&applied.stdout),
        String::from_utf8_lossy(&applied.stderr),
    );
    assert!(out.contains("deployment.apps/database configured"), "{out}{err}");
    assert!(err.trim().is_empty(), "apply printed warnings: {err}");
    assert_eq!(
        c.ok(&[
            "get",
            "deploy",
            "database",
            "-o",
            "jsonpath={.spec.replicas} {.metadata.generation}"
        ]),
        "4 2"
    );
    let out = c.ok_stdin(&["apply", "-f", "-"], &changed);
    assert!(out.contains("unchanged"), "{out}");
}

#[test]
fn server_side_apply_creates_updates_and_reports_conflicts() {
    let c = Cluster::start().unwrap();
    let cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: one\n";
    let out = c.ok_stdin(&["apply", "--server-side", "-f", "-"], cm);
    assert!(out.contains("configmap/ssa serverside-applied"), "{out}");
    let managers = c.ok(&[
        "get",
        "cm",
        "ssa",
        "--show-managed-fields",
        "-o",
        "jsonpath={.metadata.managedFields[*].manager}",
    ]);
    assert_eq!(managers, "kubectl");
    let out = c.ok_stdin(&["apply", "--server-side", "-f", "-"], &cm.replace("one", "two"));
    assert!(out.contains("serverside-applied"), "{out}");
    assert_eq!(c.ok(&["get", "cm", "ssa", "-o", "jsonpath={.data.a}"]), "two");
    // Another manager setting the same field to another value conflicts (409) unless forced.
    let out = c.kubectl_stdin(
        &["apply", "--server-side", "--field-manager", "other", "-f", "-"],
        Some(&cm.replace("one", "three")),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Apply failed with 1 conflict: conflict with \"kubectl\""),
        "{err}"
    );
    c.ok_stdin(
        &[
            "apply",
            "--server-side",
            "--force-conflicts",
            "--field-manager",
            "other",
            "-f",
            "-",
        ],
        &cm.replace("one", "three"),
    );
    assert_eq!(c.ok(&["get", "cm", "ssa", "-o", "jsonpath={.data.a}"]), "three");
}

#[test]
fn create_replace_patch_label_annotate_delete() {
    let c = Cluster::start().unwrap();
    let cm =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels:\n    tier: web\ndata:\n  k: v\n";
    assert!(c
        .ok_stdin(&["create", "-f", "-"], cm)
        .contains("configmap/cfg created"));
    let err = String::from_utf8_lossy(&c.kubectl_stdin(&["create", "-f", "-"], Some(cm)).stderr).into_owned();
    assert!(
        err.contains("AlreadyExists") && err.contains("configmaps \"cfg\" already exists"),
        "{err}"
    );
    assert!(c
        .ok_stdin(&["replace", "-f", "-"], &cm.replace("k: v", "k: w"))
        .contains("replaced"));
    assert_eq!(c.ok(&["get", "cm", "cfg", "-o", "jsonpath={.data.k}"]), "w");
    c.ok(&[
        "patch",
        "cm",
        "cfg",
        "--type=merge",
        "-p",
        r#"{"data":{"m":"1"}}"#,
    ]);
    c.ok(&[
        "patch",
        "cm",
        "cfg",
        "--type=json",
        "-p",
        r#"[{"op":"replace","path":"/data/k","value":"x"}]"#,
    ]);
    assert_eq!(
        c.ok(&["get", "cm", "cfg", "-o", "jsonpath={.data.k}{.data.m}"]),
        "x1"
    );
    c.ok(&["label", "cm", "cfg", "extra=yes"]);
    c.ok(&["annotate", "cm", "cfg", "note=hello"]);
    let labelled = c.ok(&["get", "cm", "-l", "extra=yes,tier in (web)", "-o", "name"]);
    assert_eq!(labelled.trim(), "configmap/cfg");
    assert_eq!(c.ok(&["get", "cm", "-l", "extra!=yes", "-o", "name"]).trim(), "");
    assert_eq!(
        c.ok(&["get", "cm", "cfg", "-o", "jsonpath={.metadata.annotations.note}"]),
        "hello"
    );
    // Strategic merge patch merges containers by name.
    c.ok(&["run", "web", "--image=nginx:1.25"]);
    c.ok(&[
        "patch",
        "pod",
        "web",
        "-p",
        r#"{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}"#,
    ]);
    assert_eq!(
        c.ok(&["get", "pod", "web", "-o", "jsonpath={.spec.containers[*].image}"]),
        "nginx:1.26"
    );
    assert!(c
        .ok(&["delete", "cm", "cfg"])
        .contains("configmap \"cfg\" deleted"));
    let err = c.fails(&["get", "cm", "cfg"]);
    assert!(
        err.contains("Error from server (NotFound): configmaps \"cfg\" not found"),
        "{err}"
    );
    c.ok(&["create", "-f", &manifest("gpu-toleration-pod.yaml")]);
    c.ok(&["delete", "-f", &manifest("gpu-toleration-pod.yaml"), "--wait"]);
    c.ok(&["delete", "pods", "-l", "run=web"]);
    assert_eq!(c.ok(&["get", "pods", "-o", "name"]).trim(), "");
}

#[test]
fn nodes_taint_cordon_and_describe() {
    let c = Cluster::start().unwrap();
    let node = r#"{"apiVersion":"v1","kind":"Node","metadata":{"name":"gpu-node-1","labels":{"kubernetes.io/hostname":"gpu-node-1"}},
        "status":{"capacity":{"cpu":"8","memory":"32Gi","pods":"110"},"allocatable":{"cpu":"8","memory":"32Gi","pods":"110"},
        "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"ok"}],
        "nodeInfo":{"kubeletVersion":"v1.33.0","osImage":"Debian","kernelVersion":"6.1","containerRuntimeVersion":"crun://1.8","architecture":"amd64","operatingSystem":"linux","machineID":"","systemUUID":"","bootID":"","kubeProxyVersion":""}}}"#;
    c.ok_stdin(&["create", "-f", "-"], node);
    let nodes = c.ok(&["get", "nodes"]);
    let header: Vec<&str> = nodes.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    assert!(nodes.contains("Ready") && nodes.contains("v1.33.0"), "{nodes}");
    assert!(c
        .ok(&["taint", "nodes", "gpu-node-1", "app=gpu-app:NoSchedule"])
        .contains("tainted"));
    assert_eq!(
        c.ok(&[
            "get",
            "node",
            "gpu-node-1",
            "-o",
            "jsonpath={.spec.taints[0].key}={.spec.taints[0].value}:{.spec.taints[0].effect}"
        ]),
        "app=gpu-app:NoSchedule"
    );
    assert!(c
        .ok(&["taint", "nodes", "gpu-node-1", "app=gpu-app:NoSchedule-"])
        .contains("untainted"));
    assert_eq!(
        c.ok(&["get", "node", "gpu-node-1", "-o", "jsonpath={.spec.taints}"]),
        ""
    );
    c.ok(&["cordon", "gpu-node-1"]);
    assert!(c.ok(&["get", "nodes"]).contains("Ready,SchedulingDisabled"));
    c.ok(&["uncordon", "gpu-node-1"]);
    assert_eq!(
        c.ok(&[
            "get",
            "node",
            "gpu-node-1",
            "-o",
            "jsonpath={.spec.unschedulable}"
        ]),
        ""
    );
    let d = c.ok(&["describe", "node", "gpu-node-1"]);
    assert!(
        d.contains("Name:") && d.contains("gpu-node-1") && d.contains("Events:"),
        "{d}"
    );
    c.ok(&["create", "-f", &manifest("gpu-toleration-pod.yaml")]);
    let d = c.ok(&["describe", "pod", "gpu-job"]);
    assert!(
        d.contains("Tolerations:") && d.contains("app=gpu-app:NoSchedule"),
        "{d}"
    );
    assert!(d.contains("Events:"), "{d}");
}

#[test]
fn scale_wait_and_watch() {
    let c = Cluster::start().unwrap();
    c.ok(&["apply", "-f", &manifest("anti-affinity-deployment.yaml")]);
    assert!(c
        .ok(&["scale", "deployment", "database", "--replicas=5"])
        .contains("scaled"));
    assert_eq!(
        c.ok(&["get", "deploy", "database", "-o", "jsonpath={.spec.replicas}"]),
        "5"
    );
    let d = c.ok(&["describe", "deployment", "database"]);
    assert!(
        d.contains("Replicas:") && d.contains("RollingUpdateStrategy:  25% max unavailable, 25% max surge"),
        "{d}"
    );
    // wait --for=condition on a condition set through the status subresource.
    c.ok(&["create", "-f", &manifest("gpu-toleration-pod.yaml")]);
    let dir = c.data_dir().to_path_buf();
    std::thread::scope(|s| {
        let waiter =
            s.spawn(|| c.kubectl(&["wait", "--for=condition=Ready", "pod/gpu-job", "--timeout=20s"]));
        std::thread::sleep(Duration::from_millis(800));
        let status = r#"{"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#;
        c.ok(&[
            "patch",
            "pod",
            "gpu-job",
            "--subresource=status",
            "--type=merge",
            "-p",
            status,
        ]);
        let out = waiter.join().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("pod/gpu-job condition met"));
        let deleter = s.spawn(|| c.kubectl(&["wait", "--for=delete", "pod/gpu-job", "--timeout=20s"]));
        std::thread::sleep(Duration::from_millis(800));
        c.ok(&["delete", "pod", "gpu-job"]);
        assert!(deleter.join().unwrap().status.success());
    });
    // get -w prints one line per change.
    let mut child = std::process::Command::new(common::KUBECTL)
        .args(["--kubeconfig"])
        .arg(&c.kubeconfig)
        .args(["get", "configmaps", "-w", "--request-timeout=15s"])
        .env("HOME", &dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    c.ok_stdin(
        &["create", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n",
    );
    let stdout = child.stdout.take().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen2 = seen.clone();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut buf = [0u8; 4096];
        let mut stdout = stdout;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen2
                .lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let got = eventually(Duration::from_secs(10), || {
        seen.lock().unwrap().contains("watched").then_some(())
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        got.is_some(),
        "get -w did not show the new configmap: {}",
        seen.lock().unwrap()
    );
}

#[test]
fn edit_with_kube_editor() {
    let c = Cluster::start().unwrap();
    c.ok_stdin(
        &["create", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edited\ndata:\n  color: blue\n",
    );
    let editor = c.data_dir().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/color: blue/color: green/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let out = c.kubectl_env(
        &["edit", "configmap", "edited"],
        None,
        &[("KUBE_EDITOR", editor.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        c.ok(&["get", "cm", "edited", "-o", "jsonpath={.data.color}"]),
        "green"
    );
}
