//! The crate's public API as the API server uses it: strict decoding (unknown and duplicate
//! fields, type errors), defaulting, create/update validation messages, field selectors.

use serde_json::{json, Value};
use skiff_api::{
    decode, decode_bytes, default, field_value, is_builtin, is_namespaced, prepare_for_create, strict_errors,
    validate_create, validate_update, DecodeError, Gvk,
};

const DEPLOYMENT: Gvk<'static> = Gvk {
    group: "apps",
    version: "v1",
    kind: "Deployment",
};
const POD: Gvk<'static> = Gvk {
    group: "",
    version: "v1",
    kind: "Pod",
};

fn messages(errs: Vec<skiff_api::FieldErr>) -> Vec<String> {
    errs.iter().map(ToString::to_string).collect()
}

/// Decode + default + prepare, as a create does.
fn created(gvk: &Gvk<'_>, body: Value) -> Value {
    let mut obj = decode(gvk, &body).unwrap().object;
    default(gvk, &mut obj);
    obj["metadata"]["uid"] = json!("0b5c7a1e-1111-2222-3333-444455556666");
    prepare_for_create(gvk, &mut obj);
    obj
}

fn deployment(name: &str, replicas: i64) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}
        }
    })
}

#[test]
fn kinds_are_known() {
    for (g, v, k, namespaced) in [
        ("", "v1", "Pod", true),
        ("", "v1", "Namespace", false),
        ("apps", "v1", "StatefulSet", true),
        ("batch", "v1", "CronJob", true),
        ("storage.k8s.io", "v1", "StorageClass", false),
        ("events.k8s.io", "v1", "Event", true),
        ("policy", "v1", "Eviction", true),
        ("authorization.k8s.io", "v1", "SelfSubjectAccessReview", false),
        ("autoscaling", "v1", "Scale", true),
        ("discovery.k8s.io", "v1", "EndpointSlice", true),
    ] {
        let gvk = Gvk::new(g, v, k);
        assert!(is_builtin(&gvk), "{k}");
        assert_eq!(is_namespaced(&gvk), Some(namespaced), "{k}");
    }
    assert!(!is_builtin(&Gvk::new("apps", "v1beta1", "Deployment")));
    assert_eq!(is_namespaced(&Gvk::new("example.com", "v1", "Widget")), None);
}

#[test]
fn unknown_and_duplicate_fields() {
    let body = br#"{
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "p", "name": "p2", "bogus": 1},
        "spec": {"containers": [{"name": "c", "image": "nginx", "bogus": true, "ports": [{"containerPort": 80, "hostPorts": 1}]}],
                 "foo": "bar"}
    }"#;
    let d = decode_bytes(&POD, body).unwrap();
    assert_eq!(
        d.unknown_fields,
        vec![
            "metadata.bogus",
            "spec.containers[0].bogus",
            "spec.containers[0].ports[0].hostPorts",
            "spec.foo"
        ]
    );
    assert_eq!(d.duplicate_fields, vec!["metadata.name"]);
    assert_eq!(
        strict_errors(&d),
        vec![
            "unknown field \"metadata.bogus\"",
            "unknown field \"spec.containers[0].bogus\"",
            "unknown field \"spec.containers[0].ports[0].hostPorts\"",
            "unknown field \"spec.foo\"",
            "duplicate field \"metadata.name\"",
        ]
    );
    // Unknown fields are dropped; the last duplicate wins, as in Go.
    assert_eq!(d.object["metadata"], json!({"name": "p2"}));
    assert!(d.object["spec"].get("foo").is_none());
    assert!(d.object["spec"]["containers"][0].get("bogus").is_none());
}

#[test]
fn decode_errors() {
    let err = decode_bytes(&POD, b"{\"apiVersion\": \"v1\", ").unwrap_err();
    assert!(matches!(err, DecodeError::Syntax { .. }), "{err:?}");
    assert!(matches!(
        decode_bytes(&POD, b"[1]").unwrap_err(),
        DecodeError::NotAnObject
    ));

    let err = decode(
        &POD,
        &json!({"metadata": {"name": "p"}, "spec": {"containers": "nope"}}),
    )
    .unwrap_err();
    match &err {
        DecodeError::Field { path, .. } => assert_eq!(path, "spec.containers"),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().starts_with("spec.containers: "), "{err}");

    let err = decode(
        &POD,
        &json!({"spec": {"containers": [{"name": "c", "resources": {"limits": {"cpu": "lots"}}}]}}),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "spec.containers[0].resources.limits.cpu: quantities must match the regular expression \
         '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );

    let err = decode(&POD, &json!({"apiVersion": "apps/v1", "kind": "Pod"})).unwrap_err();
    assert!(matches!(err, DecodeError::ApiVersionMismatch { .. }), "{err:?}");
    let err = decode(
        &DEPLOYMENT,
        &json!({"apiVersion": "apps/v1", "kind": "StatefulSet"}),
    )
    .unwrap_err();
    assert!(matches!(err, DecodeError::KindMismatch { .. }), "{err:?}");
    let err = decode(&Gvk::new("example.com", "v1", "Widget"), &json!({})).unwrap_err();
    assert!(matches!(err, DecodeError::UnknownKind { .. }), "{err:?}");
}

#[test]
fn decode_fills_type_meta_and_canonicalizes_quantities() {
    let d = decode(
        &POD,
        &json!({"metadata": {"name": "p"},
                "spec": {"containers": [{"name": "c", "image": "nginx",
                         "resources": {"limits": {"cpu": "1.5", "memory": "1.5Gi"}}}]}}),
    )
    .unwrap();
    assert_eq!(d.object["apiVersion"], "v1");
    assert_eq!(d.object["kind"], "Pod");
    assert_eq!(
        d.object["spec"]["containers"][0]["resources"]["limits"],
        json!({"cpu": "1500m", "memory": "1536Mi"})
    );
}

#[test]
fn deployment_messages_match_kubectl() {
    let d = created(&DEPLOYMENT, deployment("d2", -1));
    assert_eq!(
        messages(validate_create(&DEPLOYMENT, &d)),
        vec!["spec.replicas: Invalid value: -1: must be greater than or equal to 0"]
    );

    let mut d = created(&DEPLOYMENT, deployment("d3", 1));
    d["spec"]["template"]["metadata"]["labels"] = json!({"app": "other"});
    assert_eq!(messages(validate_create(&DEPLOYMENT, &d)), vec![
        "spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`"
    ]);

    let mut d = created(&DEPLOYMENT, deployment("Bad_Name", 1));
    d["spec"]["template"]["spec"]["restartPolicy"] = json!("Never");
    assert_eq!(messages(validate_create(&DEPLOYMENT, &d)), vec![
        "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case \
         alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. \
         'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
    ]);
}

#[test]
fn deployment_update_rules() {
    let mut old = created(&DEPLOYMENT, deployment("web", 2));
    old["metadata"]["resourceVersion"] = json!("7");
    assert!(validate_create(&DEPLOYMENT, &old).is_empty());

    let mut scaled = old.clone();
    scaled["spec"]["replicas"] = json!(5);
    scaled["spec"]["template"]["spec"]["containers"][0]["image"] = json!("nginx:1.28");
    assert!(validate_update(&DEPLOYMENT, &scaled, &old).is_empty());

    let mut moved = old.clone();
    moved["spec"]["selector"] = json!({"matchLabels": {"app": "web", "tier": "fe"}});
    moved["spec"]["template"]["metadata"]["labels"] = json!({"app": "web", "tier": "fe"});
    assert_eq!(messages(validate_update(&DEPLOYMENT, &moved, &old)), vec![
        "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"tier\":\"fe\"}}: field is immutable"
    ]);
}

fn pod(spec: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": spec})
}

#[test]
fn pod_defaults() {
    let p = created(
        &POD,
        pod(json!({"containers": [
            {"name": "a", "image": "nginx", "ports": [{"containerPort": 80}],
             "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}},
            {"name": "b", "image": "busybox:1.36"},
            {"name": "c", "image": "busybox@sha256:7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c"},
            {"name": "d", "image": "registry:5000/app:latest"}
        ]})),
    );
    let spec = &p["spec"];
    for (k, v) in [
        ("restartPolicy", json!("Always")),
        ("dnsPolicy", json!("ClusterFirst")),
        ("schedulerName", json!("default-scheduler")),
        ("terminationGracePeriodSeconds", json!(30)),
        ("securityContext", json!({})),
        ("enableServiceLinks", json!(true)),
        ("priority", json!(0)),
        ("preemptionPolicy", json!("PreemptLowerPriority")),
    ] {
        assert_eq!(spec[k], v, "{k}");
    }
    let policies: Vec<&Value> = (0..4)
        .map(|i| &spec["containers"][i]["imagePullPolicy"])
        .collect();
    assert_eq!(
        policies,
        [
            &json!("Always"),
            &json!("IfNotPresent"),
            &json!("IfNotPresent"),
            &json!("Always")
        ]
    );
    let a = &spec["containers"][0];
    assert_eq!(a["terminationMessagePath"], "/dev/termination-log");
    assert_eq!(a["terminationMessagePolicy"], "File");
    assert_eq!(a["ports"][0]["protocol"], "TCP");
    assert_eq!(
        a["resources"]["requests"],
        json!({"cpu": "500m", "memory": "128Mi"})
    );
    assert_eq!(
        spec["tolerations"],
        json!([
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ])
    );
    assert_eq!(p["status"], json!({"phase": "Pending", "qosClass": "Burstable"}));
    assert!(validate_create(&POD, &p).is_empty());
}

#[test]
fn pod_validation_messages() {
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({"containers": []}), vec!["spec.containers: Required value"]),
        (
            json!({"containers": [{"name": "a", "image": "x"}, {"name": "a", "image": "x"}]}),
            vec!["spec.containers[1].name: Duplicate value: \"a\""],
        ),
        (json!({"containers": [{"name": "a"}]}), vec!["spec.containers[0].image: Required value"]),
        (
            json!({"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 70000, "protocol": "ICMP"}]}]}),
            vec![
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            ],
        ),
        (
            json!({"restartPolicy": "Sometimes", "containers": [{"name": "a", "image": "x"}]}),
            vec!["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""],
        ),
        (
            json!({"containers": [{"name": "a", "image": "x", "resources": {"requests": {"cpu": "2"}, "limits": {"cpu": "1"}}}]}),
            vec!["spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1"],
        ),
        (
            json!({"containers": [{"name": "a", "image": "x", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}),
            vec!["spec.containers[0].volumeMounts[0].name: Not found: \"data\""],
        ),
        (
            json!({"containers": [{"name": "a", "image": "x"}],
                   "tolerations": [{"key": "k", "operator": "Exists", "value": "v", "effect": "NoSchedule"}]}),
            vec!["spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when `operator` is 'Exists'"],
        ),
    ];
    for (spec, want) in cases {
        let p = created(&POD, pod(spec.clone()));
        assert_eq!(messages(validate_create(&POD, &p)), want, "{spec}");
    }
}

#[test]
fn pod_update_rules() {
    let mut old = created(
        &POD,
        pod(json!({"containers": [{"name": "a", "image": "nginx:1.27"}]})),
    );
    old["metadata"]["resourceVersion"] = json!("3");
    let mut new = old.clone();
    new["spec"]["containers"][0]["image"] = json!("nginx:1.28");
    new["spec"]["activeDeadlineSeconds"] = json!(600);
    assert!(validate_update(&POD, &new, &old).is_empty());

    let mut changed = old.clone();
    changed["spec"]["containers"][0]["command"] = json!(["sleep"]);
    let errs = messages(validate_update(&POD, &changed, &old));
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with(
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"
        ),
        "{errs:?}"
    );
}

#[test]
fn field_selectors() {
    let p = json!({"metadata": {"name": "p", "namespace": "ns"}, "spec": {"nodeName": "n1", "restartPolicy": "Always"},
                   "status": {"phase": "Running", "podIP": "10.0.0.5", "podIPs": [{"ip": "10.0.0.5"}]}});
    assert_eq!(field_value(&POD, &p, "spec.nodeName").unwrap(), "n1");
    assert_eq!(field_value(&POD, &p, "status.phase").unwrap(), "Running");
    assert_eq!(field_value(&POD, &p, "metadata.namespace").unwrap(), "ns");
    assert_eq!(
        field_value(&POD, &p, "spec.bogus").unwrap_err().to_string(),
        "field label not supported: spec.bogus"
    );
    let secret = Gvk::new("", "v1", "Secret");
    assert_eq!(
        field_value(&secret, &json!({"type": "kubernetes.io/tls"}), "type").unwrap(),
        "kubernetes.io/tls"
    );
    assert_eq!(
        field_value(&DEPLOYMENT, &json!({}), "spec.replicas")
            .unwrap_err()
            .to_string(),
        "\"spec.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
    );
}

/// An object as stored: created, then given a resourceVersion.
fn stored(gvk: &Gvk<'_>, body: Value) -> Value {
    let mut obj = created(gvk, body);
    obj["metadata"]["resourceVersion"] = json!("42");
    let errs = messages(validate_create(gvk, &obj));
    assert!(errs.is_empty(), "{}: {errs:?}", gvk.kind);
    obj
}

#[test]
fn immutable_fields_on_update() {
    let svc_gvk = Gvk::new("", "v1", "Service");
    let mut svc = json!({"metadata": {"name": "web", "namespace": "d"},
                         "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}});
    svc["spec"]["clusterIP"] = json!("10.96.0.10");
    svc["spec"]["clusterIPs"] = json!(["10.96.0.10"]);
    let old = stored(&svc_gvk, svc);
    let mut new = old.clone();
    new["spec"]["clusterIP"] = json!("10.96.0.11");
    new["spec"]["clusterIPs"] = json!(["10.96.0.11"]);
    assert_eq!(
        messages(validate_update(&svc_gvk, &new, &old)),
        vec!["spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.11\"}: may not change once set",]
    );

    let pvc_gvk = Gvk::new("", "v1", "PersistentVolumeClaim");
    let old = stored(
        &pvc_gvk,
        json!({"metadata": {"name": "data", "namespace": "d"}, "spec": {"accessModes": ["ReadWriteOnce"],
               "storageClassName": "standard", "resources": {"requests": {"storage": "10Gi"}}}}),
    );
    // Growing the request is allowed only once the claim is bound.
    let mut grown = old.clone();
    grown["spec"]["resources"]["requests"]["storage"] = json!("20Gi");
    assert_eq!(messages(validate_update(&pvc_gvk, &grown, &old)).len(), 1);
    let mut old = old;
    old["status"] = json!({"phase": "Bound"});
    grown["status"] = json!({"phase": "Bound"});
    assert_eq!(
        messages(validate_update(&pvc_gvk, &grown, &old)),
        Vec::<String>::new()
    );
    let mut changed = old.clone();
    changed["spec"]["storageClassName"] = json!("fast");
    let errs = messages(validate_update(&pvc_gvk, &changed, &old));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].starts_with("spec: Forbidden: spec is immutable after creation except resources.requests"),
        "{errs:?}"
    );

    let sts_gvk = Gvk::new("apps", "v1", "StatefulSet");
    let old = stored(
        &sts_gvk,
        json!({"metadata": {"name": "db", "namespace": "d"}, "spec": {"serviceName": "db",
               "selector": {"matchLabels": {"app": "db"}},
               "template": {"metadata": {"labels": {"app": "db"}},
                            "spec": {"containers": [{"name": "pg", "image": "postgres:16"}]}}}}),
    );
    let mut scaled = old.clone();
    scaled["spec"]["replicas"] = json!(3);
    scaled["spec"]["template"]["spec"]["containers"][0]["image"] = json!("postgres:17");
    assert!(validate_update(&sts_gvk, &scaled, &old).is_empty());
    // v1.33 text: revisionHistoryLimit became mutable only in v1.34.
    let mut renamed = old.clone();
    renamed["spec"]["serviceName"] = json!("db2");
    assert_eq!(
        messages(validate_update(&sts_gvk, &renamed, &old)),
        vec![
            "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', \
             'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
        ]
    );

    let job_gvk = Gvk::new("batch", "v1", "Job");
    let old = stored(
        &job_gvk,
        json!({"metadata": {"name": "pi", "namespace": "d"}, "spec": {"template": {"spec": {
               "restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl:5.34"}]}}}}),
    );
    let mut reselected = old.clone();
    reselected["spec"]["selector"]["matchLabels"]["extra"] = json!("x");
    let errs = messages(validate_update(&job_gvk, &reselected, &old));
    assert!(
        errs.iter()
            .any(|e| e.starts_with("spec.selector: Invalid value: ") && e.ends_with(": field is immutable")),
        "{errs:?}"
    );
}
