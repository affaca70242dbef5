//! End-to-end: an acknowledged write survives `kill -9`, and a watch resumes from its resourceVersion.

mod common;

use common::Cluster;

#[test]
fn kill9_loses_no_acknowledged_object_and_watch_resumes() {
    let mut c = Cluster::start().unwrap();
    let port = c.port();
    for i in 0..20 {
        let cm = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  i: \"{i}\"\n");
        c.ok_stdin(&["create", "-f", "-"], &cm);
    }
    let (_, list) = c.curl("GET", "/api/v1/namespaces/default/configmaps", None, None);
    let list: serde_json::Value = serde_json::from_str(&list).unwrap();
    let rv_before: i64 = list["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    c.ok(&["delete", "configmap", "cm-0"]);
    c.kill9();
    c.boot(port).unwrap();
    let names = c.ok(&["get", "configmaps", "-o", "name"]);
    for i in 1..20 {
        assert!(
            names.contains(&format!("configmap/cm-{i}\n")),
            "cm-{i} lost after kill -9:\n{names}"
        );
    }
    assert!(
        !names.contains("configmap/cm-0\n"),
        "deleted object came back:\n{names}"
    );
    // A watch from the list's resourceVersion replays what happened after it: the delete of cm-0.
    let path = format!(
        "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={rv_before}&timeoutSeconds=1"
    );
    let (code, events) = c.curl("GET", &path, None, None);
    assert_eq!(code, 200);
    let first: serde_json::Value = serde_json::from_str(events.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "DELETED", "{events}");
    assert_eq!(first["object"]["metadata"]["name"], "cm-0");
    // Revisions keep increasing after the restart.
    c.ok_stdin(
        &["create", "-f", "-"],
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n",
    );
    let rv_after: i64 = c
        .ok(&["get", "cm", "after", "-o", "jsonpath={.metadata.resourceVersion}"])
        .parse()
        .unwrap();
    assert!(rv_after > rv_before);
}
