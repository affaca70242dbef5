//! End-to-end: bad input gets upstream's status codes and `Status` bodies, never a 500.

mod common;

use common::Cluster;
use serde_json::Value;

fn status(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not a Status ({e}): {body}"))
}

#[test]
fn upstream_status_codes_for_bad_requests() {
    let c = Cluster::start().unwrap();
    let pods = "/api/v1/namespaces/default/pods";
    // Malformed JSON → 400.
    let (code, body) = c.curl("POST", pods, Some("application/json"), Some(b"{\"kind\": "));
    assert_eq!(code, 400, "{body}");
    assert_eq!(status(&body)["reason"], "BadRequest");
    // Invalid name and missing image → 422 naming each field.
    let bad = br#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"Bad_Name"},"spec":{"containers":[{"name":"c"}]}}"#;
    let (code, body) = c.curl("POST", pods, Some("application/json"), Some(bad));
    assert_eq!(code, 422, "{body}");
    let s = status(&body);
    assert_eq!(s["reason"], "Invalid");
    let fields: Vec<&str> = s["details"]["causes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["field"].as_str())
        .collect();
    assert!(fields.contains(&"metadata.name"), "{body}");
    assert!(fields.contains(&"spec.containers[0].image"), "{body}");
    // Unknown field: 400 under Strict, a Warning header (and success) under the default Warn.
    let unknown = br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u"},"bogus":1}"#;
    let (code, body) = c.curl(
        "POST",
        "/api/v1/namespaces/default/configmaps?fieldValidation=Strict",
        Some("application/json"),
        Some(unknown),
    );
    assert_eq!(code, 400, "{body}");
    assert!(body.contains("unknown field \\\"bogus\\\""), "{body}");
    let (code, _) = c.curl(
        "POST",
        "/api/v1/namespaces/default/configmaps",
        Some("application/json"),
        Some(unknown),
    );
    assert_eq!(code, 201);
    // Duplicate → 409 AlreadyExists; unknown object → 404; stale resourceVersion → 409 Conflict.
    let (code, body) = c.curl(
        "POST",
        "/api/v1/namespaces/default/configmaps",
        Some("application/json"),
        Some(unknown),
    );
    assert_eq!(
        (code, status(&body)["reason"].as_str().unwrap().to_string()),
        (409, "AlreadyExists".to_string())
    );
    let (code, body) = c.curl("GET", "/api/v1/namespaces/default/configmaps/nope", None, None);
    assert_eq!(code, 404);
    assert_eq!(status(&body)["message"], "configmaps \"nope\" not found");
    let stale = br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"u","resourceVersion":"1"}}"#;
    let (code, body) = c.curl(
        "PUT",
        "/api/v1/namespaces/default/configmaps/u",
        Some("application/json"),
        Some(stale),
    );
    assert_eq!(code, 409, "{body}");
    assert_eq!(status(&body)["reason"], "Conflict");
    // Unsupported media type → 415; a body over 3 MiB → 413; a method the resource lacks → 405.
    let (code, _) = c.curl(
        "POST",
        "/api/v1/namespaces/default/configmaps",
        Some("text/plain"),
        Some(b"x"),
    );
    assert_eq!(code, 415);
    let big = vec![b' '; 3 * 1024 * 1024 + 10];
    let (code, _) = c.curl(
        "POST",
        "/api/v1/namespaces/default/configmaps",
        Some("application/json"),
        Some(&big),
    );
    assert_eq!(code, 413);
    let (code, _) = c.curl(
        "PUT",
        "/api/v1/namespaces/default/configmaps",
        Some("application/json"),
        Some(b"{}"),
    );
    assert_eq!(code, 405);
    // Bad selectors and query values → 400, unsupported field labels → 400.
    let (code, _) = c.curl("GET", "/api/v1/pods?labelSelector=a%20in%20(", None, None);
    assert_eq!(code, 400);
    let (code, body) = c.curl("GET", "/api/v1/pods?fieldSelector=spec.bogus%3Dx", None, None);
    assert_eq!(code, 400, "{body}");
    let (code, _) = c.curl("GET", "/api/v1/pods?limit=abc", None, None);
    assert_eq!(code, 400);
    // No credentials → 401, except health and version.
    let out = std::process::Command::new("curl")
        .args([
            "-sk",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("https://{}/api/v1/pods", c.addr),
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "401");
    let out = std::process::Command::new("curl")
        .args([
            "-sk",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("https://{}/version", c.addr),
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "200");
}

#[test]
fn pagination_and_compacted_resource_versions() {
    let c = Cluster::start_with(&["--compaction-interval-seconds", "1"]).unwrap();
    for i in 0..7 {
        let body = format!(
            r#"{{"apiVersion":"v1","kind":"ConfigMap","metadata":{{"name":"p{i}","labels":{{"page":"yes"}}}}}}"#
        );
        let (code, _) = c.curl(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            Some("application/json"),
            Some(body.as_bytes()),
        );
        assert_eq!(code, 201);
    }
    let mut names = Vec::new();
    let mut path = "/api/v1/namespaces/default/configmaps?limit=3&labelSelector=page%3Dyes".to_string();
    loop {
        let (code, body) = c.curl("GET", &path, None, None);
        assert_eq!(code, 200, "{body}");
        let list: Value = serde_json::from_str(&body).unwrap();
        let items = list["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        names.extend(
            items
                .iter()
                .map(|i| i["metadata"]["name"].as_str().unwrap().to_string()),
        );
        match list["metadata"]["continue"].as_str() {
            Some(token) => {
                path = format!(
                    "/api/v1/namespaces/default/configmaps?limit=3&labelSelector=page%3Dyes&continue={token}"
                )
            }
            None => break,
        }
    }
    assert_eq!(names, (0..7).map(|i| format!("p{i}")).collect::<Vec<_>>());
    // Once compacted (every second here), an exact list or a watch at an old revision is 410 Expired.
    let expired = common::eventually(std::time::Duration::from_secs(10), || {
        let (code, body) = c.curl(
            "GET",
            "/api/v1/namespaces/default/configmaps?resourceVersion=2&resourceVersionMatch=Exact",
            None,
            None,
        );
        (code == 410).then_some(body)
    })
    .expect("an exact list at revision 2 never became 410 after compaction");
    assert_eq!(status(&expired)["reason"], "Expired");
    let (code, body) = c.curl(
        "GET",
        "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=2",
        None,
        None,
    );
    assert!(
        code == 410 || body.contains("\"code\":410"),
        "watch from a compacted revision: {code} {body}"
    );
}

#[test]
fn kubectl_prints_upstream_invalid_message() {
    let c = Cluster::start().unwrap();
    let bad = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d2\nspec:\n  replicas: -1\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    let out = c.kubectl_stdin(&["apply", "-f", "-"], Some(bad));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("The Deployment \"d2\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"),
        "{err}"
    );
}

#[test]
fn finalizers_hold_deletion_and_metrics_count_requests() {
    let c = Cluster::start().unwrap();
    let cm =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers:\n  - example.com/hold\n";
    c.ok_stdin(&["create", "-f", "-"], cm);
    c.ok(&["delete", "configmap", "held", "--wait=false"]);
    let ts = c.ok(&[
        "get",
        "cm",
        "held",
        "-o",
        "jsonpath={.metadata.deletionTimestamp}",
    ]);
    assert!(
        !ts.is_empty(),
        "a finalized object must stay, marked for deletion"
    );
    c.ok(&[
        "patch",
        "cm",
        "held",
        "--type=json",
        "-p",
        r#"[{"op":"remove","path":"/metadata/finalizers"}]"#,
    ]);
    let err = c.fails(&["get", "cm", "held"]);
    assert!(err.contains("NotFound"), "{err}");
    // A client that accepts only protobuf gets 406 (Skiff answers JSON and YAML).
    let out = std::process::Command::new("curl")
        .args([
            "-sk",
            "--http1.1",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-H",
            "Accept: application/vnd.kubernetes.protobuf",
        ])
        .arg("-H")
        .arg(format!("Authorization: Bearer {}", c.token()))
        .arg(format!("https://{}/api/v1/namespaces", c.addr))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "406");
    let (code, metrics) = c.curl("GET", "/metrics", None, None);
    assert_eq!(code, 200);
    assert!(metrics.contains("apiserver_request_total{"), "{metrics}");
    assert!(metrics.contains("resource=\"configmaps\""), "{metrics}");
    assert!(
        metrics.contains("apiserver_request_duration_seconds_bucket"),
        "{metrics}"
    );
}

#[test]
fn eviction_respects_disruption_budgets() {
    let c = Cluster::start_with(&["--disable-scheduler"]).unwrap();
    c.ok_stdin(&["create", "-f", "-"], "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: nginx\n");
    c.ok(&[
        "create",
        "poddisruptionbudget",
        "web",
        "--selector=app=web",
        "--min-available=1",
    ]);
    let pdb_status = |allowed: i32| {
        format!(
            r#"{{"status":{{"disruptionsAllowed":{allowed},"currentHealthy":1,"desiredHealthy":1,"expectedPods":1}}}}"#
        )
    };
    c.ok(&[
        "patch",
        "pdb",
        "web",
        "--subresource=status",
        "--type=merge",
        "-p",
        &pdb_status(0),
    ]);
    let eviction =
        br#"{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"web","namespace":"default"}}"#;
    let path = "/api/v1/namespaces/default/pods/web/eviction";
    let (code, body) = c.curl("POST", path, Some("application/json"), Some(eviction));
    assert_eq!(code, 429, "{body}");
    assert_eq!(
        status(&body)["message"],
        "Cannot evict pod as it would violate the pod's disruption budget."
    );
    c.ok(&[
        "patch",
        "pdb",
        "web",
        "--subresource=status",
        "--type=merge",
        "-p",
        &pdb_status(1),
    ]);
    let (code, body) = c.curl("POST", path, Some("application/json"), Some(eviction));
    assert_eq!(code, 201, "{body}");
    assert!(c.fails(&["get", "pod", "web"]).contains("NotFound"));
    assert_eq!(
        c.ok(&["get", "pdb", "web", "-o", "jsonpath={.status.disruptionsAllowed}"]),
        "0"
    );
}
