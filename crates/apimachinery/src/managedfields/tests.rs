//! Whole-operation tests: applies and updates as an API server runs them.

use super::*;
use serde_json::{json, Value};

const T1: &str = "2024-05-01T10:00:00Z";
const T2: &str = "2024-05-01T10:05:00Z";
const T3: &str = "2024-05-01T10:10:00Z";

fn deployment_schema() -> ApplySchema {
    ApplySchema::for_kind("apps", "Deployment")
}

/// A Deployment configuration with the given replicas and containers `(name, image)`.
fn deploy(replicas: Option<i64>, containers: &[(&str, &str)]) -> Value {
    let containers: Vec<Value> = containers
        .iter()
        .map(|(n, i)| json!({"name": n, "image": i}))
        .collect();
    let mut spec = json!({
        "selector": {"matchLabels": {"app": "d"}},
        "template": {"metadata": {"labels": {"app": "d"}}, "spec": {"containers": containers}}
    });
    if let Some(r) = replicas {
        spec["replicas"] = json!(r);
    }
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "d", "namespace": "default"}, "spec": spec})
}

/// `manager operation apiVersion time fieldsV1` per entry, in the stored order.
fn entries(obj: &Value) -> Vec<String> {
    let Some(list) = obj.pointer("/metadata/managedFields").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|e| {
            let s = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("-").to_string();
            let fields = FieldSet::from_fields_v1(&e["fieldsV1"])
                .unwrap()
                .to_fields_v1_string();
            let sub = e
                .get("subresource")
                .and_then(Value::as_str)
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            format!(
                "{} {} {} {}{sub} {fields}",
                s("manager"),
                s("operation"),
                s("apiVersion"),
                s("time")
            )
        })
        .collect()
}

fn apply_ok(live: Option<&Value>, cfg: &Value, manager: &str, force: bool, now: &str) -> Value {
    apply(live, cfg, manager, "apps/v1", force, &deployment_schema(), now).unwrap()
}

const TEMPLATE_NGINX: &str = r#""f:template":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}"#;

#[test]
fn first_apply_creates_ownership() {
    let cfg = deploy(Some(2), &[("nginx", "nginx:1.25")]);
    let obj = apply_ok(None, &cfg, "kubectl", false, T1);
    let want = format!(
        r#"kubectl Apply apps/v1 {T1} {{"f:spec":{{"f:replicas":{{}},"f:selector":{{}},{TEMPLATE_NGINX}}}}}"#
    );
    assert_eq!(entries(&obj), [want]);
    assert_eq!(obj["spec"], cfg["spec"]);
    assert_eq!(obj["metadata"]["managedFields"][0]["fieldsType"], "FieldsV1");
    assert_eq!(fields_of(&cfg, &deployment_schema()).len(), 6);
}

#[test]
fn reapply_by_the_same_manager_changes_values() {
    let v1 = apply_ok(
        None,
        &deploy(Some(2), &[("nginx", "nginx:1.25")]),
        "kubectl",
        false,
        T1,
    );
    let cases = [
        // (configuration, replicas, image, entry time)
        (
            deploy(Some(3), &[("nginx", "nginx:1.25")]),
            json!(3),
            "nginx:1.25",
            T2,
        ),
        (
            deploy(Some(2), &[("nginx", "nginx:1.26")]),
            json!(2),
            "nginx:1.26",
            T2,
        ),
        // No change: the object is the live one and the entry keeps its time.
        (
            deploy(Some(2), &[("nginx", "nginx:1.25")]),
            json!(2),
            "nginx:1.25",
            T1,
        ),
    ];
    for (cfg, replicas, image, time) in cases {
        let v2 = apply_ok(Some(&v1), &cfg, "kubectl", false, T2);
        assert_eq!(v2["spec"]["replicas"], replicas);
        assert_eq!(v2["spec"]["template"]["spec"]["containers"][0]["image"], image);
        assert_eq!(v2["metadata"]["managedFields"].as_array().unwrap().len(), 1);
        assert_eq!(v2["metadata"]["managedFields"][0]["time"], time);
    }
}

#[test]
fn conflicts_with_other_managers() {
    let schema = deployment_schema();
    let by_kubectl = apply_ok(
        None,
        &deploy(Some(2), &[("nginx", "nginx:1.25")]),
        "kubectl",
        false,
        T1,
    );
    // A Deployment created by client-side apply (an Update entry).
    let mut by_csa = deploy(Some(2), &[("nginx", "nginx:1.25")]);
    update_managed_fields(
        None,
        &mut by_csa,
        "kubectl-client-side-apply",
        "apps/v1",
        &schema,
        T1,
    )
    .unwrap();
    let cases = [
        (
            &by_kubectl,
            deploy(Some(5), &[("nginx", "nginx:1.25")]),
            "Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas",
        ),
        (
            &by_csa,
            deploy(Some(3), &[("nginx", "nginx:1.25")]),
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas",
        ),
        (
            &by_csa,
            deploy(Some(3), &[("nginx", "nginx:2")]),
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image",
        ),
    ];
    for (live, cfg, want) in cases {
        let err = apply(Some(live), &cfg, "other", "apps/v1", false, &schema, T2).unwrap_err();
        assert_eq!(err.to_string(), want);
        let ApplyError::Conflicts(conflicts) = err else {
            panic!("not a conflict")
        };
        assert_eq!(conflicts[0].field, ".spec.replicas");
        assert!(conflicts[0].cause_message().starts_with("conflict with \""));
    }
    // Applying the values another manager set is no conflict: ownership is shared.
    let same = apply(
        Some(&by_kubectl),
        &deploy(Some(2), &[]),
        "other",
        "apps/v1",
        false,
        &schema,
        T2,
    )
    .unwrap();
    let e = entries(&same);
    assert_eq!(e.len(), 2);
    assert!(e.iter().all(|e| e.contains("\"f:replicas\"")), "{e:?}");
}

#[test]
fn conflicts_from_two_managers_are_grouped() {
    let schema = deployment_schema();
    let live = apply_ok(None, &deploy(Some(2), &[]), "a", false, T1);
    let live = apply_ok(
        Some(&live),
        &deploy(None, &[("nginx", "nginx:1")]),
        "b",
        false,
        T2,
    );
    let err = apply(
        Some(&live),
        &deploy(Some(4), &[("nginx", "nginx:2")]),
        "c",
        "apps/v1",
        false,
        &schema,
        T3,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Apply failed with 2 conflicts: conflicts with \"a\":\n- .spec.replicas\nconflicts with \"b\":\n- .spec.template.spec.containers[name=\"nginx\"].image"
    );
}

#[test]
fn force_takes_ownership() {
    let live = apply_ok(
        None,
        &deploy(Some(2), &[("nginx", "nginx:1.25")]),
        "kubectl",
        false,
        T1,
    );
    let cfg = json!({"apiVersion": "apps/v1", "kind": "Deployment",
                     "metadata": {"name": "d", "namespace": "default"}, "spec": {"replicas": 5}});
    let obj = apply_ok(Some(&live), &cfg, "hpa", true, T2);
    assert_eq!(obj["spec"]["replicas"], 5);
    let want = [
        format!(r#"kubectl Apply apps/v1 {T1} {{"f:spec":{{"f:selector":{{}},{TEMPLATE_NGINX}}}}}"#),
        format!(r#"hpa Apply apps/v1 {T2} {{"f:spec":{{"f:replicas":{{}}}}}}"#),
    ];
    assert_eq!(entries(&obj), want);
    // kubectl no longer owns replicas: dropping it from its configuration leaves it alone.
    let again = apply_ok(
        Some(&obj),
        &deploy(None, &[("nginx", "nginx:1.25")]),
        "kubectl",
        false,
        T3,
    );
    assert_eq!(again["spec"]["replicas"], 5);
}

#[test]
fn fields_dropped_from_the_configuration_are_removed() {
    let mut with_extra = deploy(Some(2), &[("nginx", "nginx:1.25"), ("sidecar", "busybox")]);
    with_extra["spec"]["minReadySeconds"] = json!(5);
    with_extra["metadata"]["labels"] = json!({"team": "a"});
    let live = apply_ok(None, &with_extra, "kubectl", false, T1);
    // Another manager also applies minReadySeconds: it keeps it alive.
    let shared_cfg = json!({"apiVersion": "apps/v1", "kind": "Deployment",
                            "metadata": {"name": "d", "namespace": "default"}, "spec": {"minReadySeconds": 5}});
    let shared = apply_ok(Some(&live), &shared_cfg, "other", false, T1);
    let cases = [
        // (live, expected minReadySeconds after kubectl drops it)
        (&live, Value::Null),
        (&shared, json!(5)),
    ];
    for (start, min_ready) in cases {
        let obj = apply_ok(
            Some(start),
            &deploy(Some(2), &[("nginx", "nginx:1.25")]),
            "kubectl",
            false,
            T2,
        );
        assert_eq!(
            obj["spec"].get("minReadySeconds").cloned().unwrap_or(Value::Null),
            min_ready
        );
        let containers = obj["spec"]["template"]["spec"]["containers"].as_array().unwrap();
        assert_eq!(containers.len(), 1, "the sidecar is removed");
        assert!(
            obj["metadata"].get("labels").is_none(),
            "the emptied labels map is removed"
        );
        assert_eq!(obj["metadata"]["name"], "d");
    }
}

#[test]
fn associative_lists_merge_per_item() {
    let live = apply_ok(None, &deploy(None, &[("a", "img-a")]), "team-a", false, T1);
    let both = apply_ok(Some(&live), &deploy(None, &[("b", "img-b")]), "team-b", false, T2);
    let names: Vec<&str> = both["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    let tpl = |c: &str| {
        format!(
            r#""f:template":{{"f:metadata":{{"f:labels":{{"f:app":{{}}}}}},"f:spec":{{"f:containers":{{"k:{{\"name\":\"{c}\"}}":{{".":{{}},"f:image":{{}},"f:name":{{}}}}}}}}}}"#
        )
    };
    let want = [
        format!(
            r#"team-a Apply apps/v1 {T1} {{"f:spec":{{"f:selector":{{}},{}}}}}"#,
            tpl("a")
        ),
        format!(
            r#"team-b Apply apps/v1 {T2} {{"f:spec":{{"f:selector":{{}},{}}}}}"#,
            tpl("b")
        ),
    ];
    assert_eq!(entries(&both), want);
    // team-a stops applying its container: only b is left.
    let only_b = apply_ok(Some(&both), &deploy(None, &[]), "team-a", false, T3);
    let containers = &only_b["spec"]["template"]["spec"]["containers"];
    assert_eq!(containers, &json!([{"name": "b", "image": "img-b"}]));
}

#[test]
fn updates_are_recorded_per_manager() {
    let schema = ApplySchema::for_kind("", "Pod");
    let pod = |image: &str, run: &str| {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "p", "namespace": "default", "labels": {"run": run}},
               "spec": {"containers": [{"name": "p", "image": image}], "restartPolicy": "Always"}})
    };
    let mut created = pod("nginx", "p");
    update_managed_fields(None, &mut created, "kubectl-run", "v1", &schema, T1).unwrap();
    let run_fields = r#"{"f:metadata":{"f:labels":{".":{},"f:run":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"p\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:restartPolicy":{}}}"#;
    assert_eq!(
        entries(&created),
        [format!("kubectl-run Update v1 {T1} {run_fields}")]
    );

    created["metadata"]["uid"] = json!("u-1");
    let mut edited = created.clone();
    edited["metadata"]["labels"]["run"] = json!("edited");
    edited["metadata"]["annotations"] = json!({"note": "x"});
    update_managed_fields(Some(&created), &mut edited, "kubectl-edit", "v1", &schema, T2).unwrap();
    // The labels map itself stays owned; a member without children is written `{}`.
    let run_left = r#"{"f:metadata":{"f:labels":{}},"f:spec":{"f:containers":{"k:{\"name\":\"p\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:restartPolicy":{}}}"#;
    let edit = r#"{"f:metadata":{"f:annotations":{".":{},"f:note":{}},"f:labels":{"f:run":{}}}}"#;
    assert_eq!(
        entries(&edited),
        [
            format!("kubectl-run Update v1 {T1} {run_left}"),
            format!("kubectl-edit Update v1 {T2} {edit}")
        ]
    );

    // A write that changes nothing keeps the entries as they are.
    let mut same = edited.clone();
    update_managed_fields(Some(&edited), &mut same, "kubectl-edit", "v1", &schema, T3).unwrap();
    assert_eq!(entries(&same), entries(&edited));

    // Apply entries sort before Update entries; the updater's field conflicts.
    let cfg = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"},
                     "spec": {"containers": [{"name": "p", "image": "nginx:2"}]}});
    let err = apply(Some(&edited), &cfg, "ssa", "v1", false, &schema, T3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Apply failed with 1 conflict: conflict with \"kubectl-run\" using v1: .spec.containers[name=\"p\"].image"
    );
    let forced = apply(Some(&edited), &cfg, "ssa", "v1", true, &schema, T3).unwrap();
    let e = entries(&forced);
    assert!(e[0].starts_with("ssa Apply v1"), "{e:?}");
    assert!(!e[1].contains("f:image"), "{e:?}");
}

#[test]
fn status_subresource_updates_record_the_subresource() {
    let schema = ApplySchema::for_kind("", "Pod");
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "uid": "u"},
                         "spec": {"containers": [{"name": "c", "image": "i"}]}});
    update_managed_fields(None, &mut pod, "kubectl", "v1", &schema, T1).unwrap();
    let mut with_status = pod.clone();
    with_status["status"] = json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]});
    with_status["spec"]["nodeName"] = json!("ignored-through-status");
    update_managed_fields_subresource(
        Some(&pod),
        &mut with_status,
        "kubelet",
        "v1",
        "status",
        &schema,
        T2,
    )
    .unwrap();
    let e = entries(&with_status);
    assert_eq!(
        e[1],
        format!(
            r#"kubelet Update v1 {T2} [status] {{"f:status":{{"f:conditions":{{".":{{}},"k:{{\"type\":\"Ready\"}}":{{".":{{}},"f:status":{{}},"f:type":{{}}}}}},"f:phase":{{}}}}}}"#
        )
    );
}

#[test]
fn untracked_objects_and_resets() {
    let schema = ApplySchema::for_kind("", "ConfigMap");
    let live = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "uid": "u"}, "data": {"a": "1"}});
    // Updated while it has no managedFields: stays untracked.
    let mut new = live.clone();
    new["data"]["a"] = json!("2");
    update_managed_fields(Some(&live), &mut new, "m", "v1", &schema, T1).unwrap();
    assert!(new["metadata"].get("managedFields").is_none());
    // The first apply hands the existing fields to `before-first-apply`.
    let cfg = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"b": "2"}});
    let applied = apply(Some(&new), &cfg, "ssa", "v1", false, &schema, T2).unwrap();
    assert_eq!(
        entries(&applied),
        [
            format!(r#"ssa Apply v1 {T2} {{"f:data":{{"f:b":{{}}}}}}"#),
            format!(r#"before-first-apply Update v1 {T2} {{"f:data":{{".":{{}},"f:a":{{}}}}}}"#),
        ]
    );
    // A client writing `managedFields: []` resets them.
    let mut reset = applied.clone();
    reset["metadata"]["managedFields"] = json!([]);
    update_managed_fields(Some(&applied), &mut reset, "m", "v1", &schema, T3).unwrap();
    assert!(reset["metadata"].get("managedFields").is_none());
}

#[test]
fn kubectl_upgrades_from_client_side_apply() {
    let schema = deployment_schema();
    let mut csa = deploy(Some(2), &[("nginx", "nginx:1.25")]);
    let last = format!("{}\n", serde_json::to_string(&csa).unwrap());
    csa["metadata"]["annotations"] = json!({LAST_APPLIED_ANNOTATION: last});
    update_managed_fields(
        None,
        &mut csa,
        "kubectl-client-side-apply",
        "apps/v1",
        &schema,
        T1,
    )
    .unwrap();
    let cfg = deploy(Some(3), &[("nginx", "nginx:1.25")]);
    // Another manager conflicts ...
    assert!(apply(Some(&csa), &cfg, "tool", "apps/v1", false, &schema, T2).is_err());
    // ... but `kubectl` takes over what the annotation recorded, and rewrites the annotation.
    let obj = apply(Some(&csa), &cfg, "kubectl", "apps/v1", false, &schema, T2).unwrap();
    assert_eq!(obj["spec"]["replicas"], 3);
    let annotation = obj["metadata"]["annotations"][LAST_APPLIED_ANNOTATION]
        .as_str()
        .unwrap();
    assert!(annotation.contains("\"replicas\":3") && annotation.ends_with('\n'));
    let e = entries(&obj);
    assert!(
        e[0].starts_with("kubectl Apply") && e[0].contains("f:replicas"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("kubectl-client-side-apply Update") && !e[1].contains("f:replicas"),
        "{e:?}"
    );
}

#[test]
fn bad_requests() {
    let schema = deployment_schema();
    let mut with_mf = deploy(Some(1), &[]);
    with_mf["metadata"]["managedFields"] = json!([]);
    let mut no_key = deploy(Some(1), &[]);
    no_key["spec"]["template"]["spec"]["containers"] = json!([{"image": "x"}]);
    let cases = [
        (deploy(Some(1), &[]), "apps/v1beta1", "Incorrect version specified in apply patch. Specified patch version: apps/v1, expected: apps/v1beta1"),
        (with_mf, "apps/v1", "metadata.managedFields must be nil"),
        (no_key, "apps/v1", "failed to create typed patch object: .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields [\"name\"] (and doesn't have default values for any key fields)"),
    ];
    for (cfg, gv, want) in cases {
        assert_eq!(
            apply(None, &cfg, "m", gv, false, &schema, T1)
                .unwrap_err()
                .to_string(),
            want
        );
    }
}

#[test]
fn custom_resources_use_the_default_schema() {
    let schema = ApplySchema::default();
    let cr = |items: Value| {
        json!({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
               "spec": {"size": 1, "items": items}})
    };
    let live = apply(
        None,
        &cr(json!(["a", "b"])),
        "m",
        "example.com/v1",
        false,
        &schema,
        T1,
    )
    .unwrap();
    assert_eq!(
        entries(&live),
        [format!(
            r#"m Apply example.com/v1 {T1} {{"f:spec":{{"f:items":{{}},"f:size":{{}}}}}}"#
        )]
    );
    let err = apply(
        Some(&live),
        &cr(json!(["c"])),
        "n",
        "example.com/v1",
        false,
        &schema,
        T2,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Apply failed with 1 conflict: conflict with \"m\": .spec.items"
    );
}
