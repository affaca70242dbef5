//! Every built-in kind: a realistic manifest decodes with no unknown fields, defaults, and
//! validates cleanly; one broken variant of it gives upstream's message.

use serde_json::{json, Value};
use skiff_api::{decode_bytes, default, prepare_for_create, validate_create, Gvk};

struct Case {
    api_version: &'static str,
    kind: &'static str,
    manifest: Value,
    /// JSON pointer and the value to put there to make the object invalid.
    breakage: (&'static str, Value),
    /// The messages the broken object gets.
    errors: &'static [&'static str],
}

fn gvk(c: &Case) -> Gvk<'static> {
    let (group, version) = c.api_version.rsplit_once('/').unwrap_or(("", c.api_version));
    Gvk::new(group, version, c.kind)
}

fn set(obj: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = obj.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Object(m) => {
            if value.is_null() {
                m.remove(key);
            } else {
                m.insert(key.to_string(), value);
            }
        }
        Value::Array(a) => a[key.parse::<usize>().unwrap()] = value,
        other => panic!("{parent} is {other}"),
    }
}

fn created(gvk: &Gvk<'_>, manifest: &Value) -> Value {
    let body = serde_json::to_vec(manifest).unwrap();
    let decoded = decode_bytes(gvk, &body).unwrap_or_else(|e| panic!("{}: {e}", gvk.kind));
    assert!(
        decoded.unknown_fields.is_empty(),
        "{}: {:?}",
        gvk.kind,
        decoded.unknown_fields
    );
    let mut obj = decoded.object;
    default(gvk, &mut obj);
    // Reviews are answered, not stored: no system fields.
    if gvk.kind != "SelfSubjectAccessReview" {
        obj["metadata"]["uid"] = json!("3c9d2f7e-0d7b-4d55-a1f0-6b1f5e2a9c01");
        obj["metadata"]["creationTimestamp"] = json!("2025-05-01T12:00:00Z");
    }
    prepare_for_create(gvk, &mut obj);
    obj
}

fn messages(gvk: &Gvk<'_>, obj: &Value) -> Vec<String> {
    validate_create(gvk, obj)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn cases() -> Vec<Case> {
    let pod_spec = json!({"containers": [{"name": "app", "image": "nginx:1.27"}]});
    let template = json!({"metadata": {"labels": {"app": "web"}}, "spec": pod_spec});
    let selector = json!({"matchLabels": {"app": "web"}});
    vec![
        Case {
            api_version: "v1",
            kind: "Namespace",
            manifest: json!({"metadata": {"name": "team-a", "labels": {"team": "a"}}}),
            breakage: ("/metadata/name", json!("Team_A")),
            errors: &["metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 label must consist of lower \
                       case alphanumeric characters or '-', and must start and end with an alphanumeric character \
                       (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
        },
        Case {
            api_version: "v1",
            kind: "Node",
            manifest: json!({"metadata": {"name": "node-1"}, "spec": {"podCIDR": "10.244.1.0/24",
                "taints": [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]}}),
            breakage: ("/spec/taints/0/effect", json!("Sometimes")),
            errors: &["metadata.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \
                       \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
        },
        Case {
            api_version: "v1",
            kind: "Pod",
            manifest: json!({"metadata": {"name": "web-0", "namespace": "default"}, "spec": {
                "containers": [{"name": "app", "image": "nginx:1.27", "ports": [{"containerPort": 80, "name": "http"}],
                    "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 5},
                    "env": [{"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}}],
                    "volumeMounts": [{"name": "config", "mountPath": "/etc/app"}]}],
                "volumes": [{"name": "config", "configMap": {"name": "app-config"}}],
                "nodeSelector": {"kubernetes.io/os": "linux"}}}),
            breakage: ("/spec/volumes/0/name", json!("cfg")),
            errors: &["spec.containers[0].volumeMounts[0].name: Not found: \"config\""],
        },
        Case {
            api_version: "v1",
            kind: "Service",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {
                "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}}),
            breakage: ("/spec/ports/0/port", json!(0)),
            errors: &["spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"],
        },
        Case {
            api_version: "v1",
            kind: "Endpoints",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "subsets": [{
                "addresses": [{"ip": "10.244.1.7", "targetRef": {"kind": "Pod", "name": "web-0", "namespace": "default"}}],
                "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}]}),
            breakage: ("/subsets/0/addresses/0/ip", json!("not-an-ip")),
            errors: &[
                "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, \
                 (e.g. 10.9.8.7 or 2001:db8::ffff)",
                // ValidateNonSpecialIP repeats the parse failure.
                "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address",
            ],
        },
        Case {
            api_version: "v1",
            kind: "Event",
            manifest: json!({"metadata": {"name": "web-0.17d3c5f0a1b2c3d4", "namespace": "default"},
                "involvedObject": {"kind": "Pod", "name": "web-0", "namespace": "default", "apiVersion": "v1"},
                "reason": "Scheduled", "message": "Successfully assigned default/web-0 to node-1",
                "source": {"component": "default-scheduler"}, "type": "Normal", "count": 1,
                "firstTimestamp": "2025-05-01T12:00:00Z", "lastTimestamp": "2025-05-01T12:00:00Z"}),
            breakage: ("/involvedObject/namespace", json!("other")),
            errors: &["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"],
        },
        Case {
            api_version: "v1",
            kind: "ConfigMap",
            manifest: json!({"metadata": {"name": "app-config", "namespace": "default"},
                "data": {"app.properties": "color=blue\n", "LOG_LEVEL": "info"}}),
            breakage: ("/data/bad key", json!("x")),
            errors: &["data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric \
                       characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used \
                       for validation is '[-._a-zA-Z0-9]+')"],
        },
        Case {
            api_version: "v1",
            kind: "Secret",
            manifest: json!({"metadata": {"name": "tls", "namespace": "default"}, "type": "kubernetes.io/tls",
                "data": {"tls.crt": "LS0tLS1CRUdJTg==", "tls.key": "LS0tLS1CRUdJTg=="}}),
            breakage: ("/data/tls.key", Value::Null),
            errors: &["data[tls.key]: Required value"],
        },
        Case {
            api_version: "v1",
            kind: "ServiceAccount",
            manifest: json!({"metadata": {"name": "builder", "namespace": "ci"},
                "imagePullSecrets": [{"name": "registry"}]}),
            breakage: ("/metadata/labels", json!({"-bad": "x"})),
            errors: &["metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric \
                       characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. \
                       'MyName',  or 'my.name',  or '123-abc', regex used for validation is \
                       '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
        },
        Case {
            api_version: "v1",
            kind: "PersistentVolumeClaim",
            manifest: json!({"metadata": {"name": "data", "namespace": "default"}, "spec": {
                "accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                "resources": {"requests": {"storage": "1Gi"}}}}),
            breakage: ("/spec/accessModes", json!([])),
            errors: &["spec.accessModes: Required value: at least 1 access mode is required"],
        },
        Case {
            api_version: "v1",
            kind: "PersistentVolume",
            manifest: json!({"metadata": {"name": "pv-local-1"}, "spec": {
                "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"],
                "hostPath": {"path": "/mnt/data", "type": "DirectoryOrCreate"}}}),
            breakage: ("/spec/accessModes/0", json!("ReadWriteSometimes")),
            errors: &["spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \
                       \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""],
        },
        Case {
            api_version: "v1",
            kind: "ResourceQuota",
            manifest: json!({"metadata": {"name": "compute", "namespace": "team-a"}, "spec": {
                "hard": {"pods": "10", "requests.cpu": "4", "limits.memory": "16Gi"}}}),
            breakage: ("/spec/hard/pods", json!("-1")),
            errors: &["spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0"],
        },
        Case {
            api_version: "v1",
            kind: "LimitRange",
            manifest: json!({"metadata": {"name": "defaults", "namespace": "team-a"}, "spec": {"limits": [{
                "type": "Container", "default": {"cpu": "500m", "memory": "256Mi"},
                "defaultRequest": {"cpu": "250m", "memory": "128Mi"}, "max": {"cpu": "2"}}]}}),
            breakage: ("/spec/limits/0/defaultRequest/cpu", json!("3")),
            errors: &[
                "spec.limits[0].defaultRequest[cpu]: Invalid value: \"3\": default request value 3 is greater \
                 than max value 2",
                "spec.limits[0].defaultRequest[cpu]: Invalid value: \"3\": default request value 3 is greater \
                 than default limit value 500m",
            ],
        },
        Case {
            api_version: "v1",
            kind: "Binding",
            manifest: json!({"metadata": {"name": "web-0", "namespace": "default"},
                "target": {"apiVersion": "v1", "kind": "Node", "name": "node-1"}}),
            breakage: ("/target/kind", json!("Pod")),
            errors: &["target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\""],
        },
        Case {
            api_version: "v1",
            kind: "ReplicationController",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {
                "replicas": 2, "selector": {"app": "web"}, "template": template}}),
            breakage: ("/spec/replicas", json!(-2)),
            errors: &["spec.replicas: Invalid value: -2: must be greater than or equal to 0"],
        },
        Case {
            api_version: "v1",
            kind: "PodTemplate",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "template": template}),
            breakage: ("/template/spec/containers/0/name", json!("App")),
            errors: &["template.spec.containers[0].name: Invalid value: \"App\": a lowercase RFC 1123 label must \
                       consist of lower case alphanumeric characters or '-', and must start and end with an \
                       alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is \
                       '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
        },
        Case {
            api_version: "apps/v1",
            kind: "ReplicaSet",
            manifest: json!({"metadata": {"name": "web-5d8f7c", "namespace": "default"}, "spec": {
                "replicas": 3, "selector": selector, "template": template}}),
            breakage: ("/spec/minReadySeconds", json!(-5)),
            errors: &["spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0"],
        },
        Case {
            api_version: "apps/v1",
            kind: "StatefulSet",
            manifest: json!({"metadata": {"name": "db", "namespace": "default"}, "spec": {
                "serviceName": "db", "selector": selector, "template": template}}),
            breakage: ("/spec/podManagementPolicy", json!("Random")),
            errors: &["spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'"],
        },
        Case {
            api_version: "apps/v1",
            kind: "DaemonSet",
            manifest: json!({"metadata": {"name": "node-exporter", "namespace": "monitoring"}, "spec": {
                "selector": selector, "template": template}}),
            breakage: ("/spec/updateStrategy", json!({"type": "Sometimes"})),
            errors: &["spec.updateStrategy: Unsupported value: {\"type\":\"Sometimes\"}: supported values: \
                       \"RollingUpdate\", \"OnDelete\""],
        },
        Case {
            api_version: "apps/v1",
            kind: "ControllerRevision",
            manifest: json!({"metadata": {"name": "db-6c8b9d7f5", "namespace": "default"}, "revision": 1,
                "data": {"spec": {"template": template}}}),
            breakage: ("/revision", json!(-1)),
            errors: &["revision: Invalid value: -1: must be greater than or equal to 0"],
        },
        Case {
            api_version: "batch/v1",
            kind: "Job",
            manifest: json!({"metadata": {"name": "pi", "namespace": "default"}, "spec": {
                "backoffLimit": 4, "template": {"spec": {"restartPolicy": "Never",
                "containers": [{"name": "pi", "image": "perl:5.34", "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}}}}),
            breakage: ("/spec/parallelism", json!(-1)),
            errors: &["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"],
        },
        Case {
            api_version: "batch/v1",
            kind: "CronJob",
            manifest: json!({"metadata": {"name": "hello", "namespace": "default"}, "spec": {
                "schedule": "*/5 * * * *", "timeZone": "Etc/UTC", "jobTemplate": {"spec": {"template": {"spec": {
                "restartPolicy": "OnFailure", "containers": [{"name": "hello", "image": "busybox:1.36",
                "command": ["sh", "-c", "date; echo Hello"]}]}}}}}}),
            breakage: ("/spec/schedule", json!("every minute")),
            errors: &["spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: \
                       [every minute]"],
        },
        Case {
            api_version: "storage.k8s.io/v1",
            kind: "StorageClass",
            manifest: json!({"metadata": {"name": "standard"}, "provisioner": "rancher.io/local-path",
                "volumeBindingMode": "WaitForFirstConsumer"}),
            breakage: ("/reclaimPolicy", json!("Keep")),
            errors: &["reclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\""],
        },
        Case {
            api_version: "coordination.k8s.io/v1",
            kind: "Lease",
            manifest: json!({"metadata": {"name": "kube-scheduler", "namespace": "kube-system"}, "spec": {
                "holderIdentity": "node-1_4f1c", "leaseDurationSeconds": 15,
                "acquireTime": "2025-05-01T12:00:00.000000Z", "renewTime": "2025-05-01T12:00:10.000000Z",
                "leaseTransitions": 0}}),
            breakage: ("/spec/leaseDurationSeconds", json!(0)),
            errors: &["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"],
        },
        Case {
            api_version: "events.k8s.io/v1",
            kind: "Event",
            manifest: json!({"metadata": {"name": "web-0.17d3c5f0a1b2c3d4", "namespace": "default"},
                "eventTime": "2025-05-01T12:00:00.000000Z", "reportingController": "example.com/operator",
                "reportingInstance": "operator-7d9f", "action": "Reconcile", "reason": "Synced",
                "regarding": {"kind": "Pod", "name": "web-0", "namespace": "default"},
                "note": "synced", "type": "Normal"}),
            breakage: ("/reportingController", Value::Null),
            errors: &[
                "reportingController: Required value",
                "reportingController: Invalid value: \"\": name part must be non-empty",
                "reportingController: Invalid value: \"\": name part must consist of alphanumeric characters, \
                 '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or \
                 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ],
        },
        Case {
            api_version: "policy/v1",
            kind: "PodDisruptionBudget",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {
                "minAvailable": 2, "selector": selector}}),
            breakage: ("/spec/minAvailable", json!("150%")),
            errors: &["spec.minAvailable: Invalid value: \"150%\": must not be greater than 100%"],
        },
        Case {
            api_version: "policy/v1",
            kind: "Eviction",
            manifest: json!({"metadata": {"name": "web-0", "namespace": "default"},
                "deleteOptions": {"gracePeriodSeconds": 30}}),
            breakage: ("/deleteOptions/propagationPolicy", json!("Sideways")),
            errors: &["propagationPolicy: Unsupported value: \"Sideways\": supported values: \"Foreground\", \
                       \"Background\", \"Orphan\", \"nil\""],
        },
        Case {
            api_version: "scheduling.k8s.io/v1",
            kind: "PriorityClass",
            manifest: json!({"metadata": {"name": "high-priority"}, "value": 1000000,
                "description": "for critical pods"}),
            breakage: ("/metadata/name", json!("system-foo")),
            errors: &["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for \
                       system use only. error: system-foo is not a known system priority class"],
        },
        Case {
            api_version: "discovery.k8s.io/v1",
            kind: "EndpointSlice",
            manifest: json!({"metadata": {"name": "web-abc12", "namespace": "default",
                    "labels": {"kubernetes.io/service-name": "web"}},
                "addressType": "IPv4",
                "endpoints": [{"addresses": ["10.244.1.7"], "conditions": {"ready": true}, "nodeName": "node-1"}],
                "ports": [{"name": "http", "port": 80, "protocol": "TCP"}]}),
            breakage: ("/addressType", json!("IPv5")),
            errors: &["addressType: Unsupported value: \"IPv5\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""],
        },
        Case {
            api_version: "autoscaling/v1",
            kind: "Scale",
            manifest: json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 3}}),
            breakage: ("/spec/replicas", json!(-1)),
            errors: &["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
        },
        Case {
            api_version: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            manifest: json!({"spec": {"resourceAttributes": {"namespace": "default", "verb": "list", "resource": "pods"}}}),
            breakage: ("/spec/resourceAttributes", Value::Null),
            errors: &["spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or \
                       resourceAttributes must be specified"],
        },
    ]
}

#[test]
fn every_kind_validates_and_reports_upstream_messages() {
    let mut failures = Vec::new();
    for case in cases() {
        let gvk = gvk(&case);
        let mut manifest = case.manifest.clone();
        manifest["apiVersion"] = json!(case.api_version);
        manifest["kind"] = json!(case.kind);
        if manifest.get("metadata").is_none() {
            manifest["metadata"] = json!({});
        }
        let good = created(&gvk, &manifest);
        let errs = messages(&gvk, &good);
        if !errs.is_empty() {
            failures.push(format!("{}: valid manifest rejected: {errs:#?}", case.kind));
            continue;
        }
        let mut broken = manifest.clone();
        set(&mut broken, case.breakage.0, case.breakage.1.clone());
        let bad = created(&gvk, &broken);
        let errs = messages(&gvk, &bad);
        if errs != case.errors {
            failures.push(format!("{}: want {:#?}\n got {errs:#?}", case.kind, case.errors));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn defaults_per_kind() {
    let cases = [
        (
            "v1",
            "Namespace",
            json!({"metadata": {"name": "a"}}),
            "/spec/finalizers",
            json!(["kubernetes"]),
        ),
        (
            "v1",
            "Namespace",
            json!({"metadata": {"name": "a"}}),
            "/status/phase",
            json!("Active"),
        ),
        (
            "v1",
            "Secret",
            json!({"metadata": {"name": "s", "namespace": "d"}}),
            "/type",
            json!("Opaque"),
        ),
        (
            "v1",
            "Secret",
            json!({"metadata": {"name": "s", "namespace": "d"}, "stringData": {"user": "admin"}}),
            "/data/user",
            json!("YWRtaW4="),
        ),
        (
            "v1",
            "Service",
            json!({"metadata": {"name": "s", "namespace": "d"}, "spec": {"ports": [{"port": 80}]}}),
            "/spec",
            json!({"type": "ClusterIP", "sessionAffinity": "None", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                   "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"], "internalTrafficPolicy": "Cluster"}),
        ),
        (
            "batch/v1",
            "CronJob",
            json!({"metadata": {"name": "c", "namespace": "d"}, "spec": {"schedule": "@hourly", "jobTemplate": {"spec": {
                "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}}}),
            "/spec/concurrencyPolicy",
            json!("Allow"),
        ),
        (
            "batch/v1",
            "CronJob",
            json!({"metadata": {"name": "c", "namespace": "d"}, "spec": {"schedule": "@hourly", "jobTemplate": {"spec": {
                "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}}}}),
            "/spec/failedJobsHistoryLimit",
            json!(1),
        ),
        (
            "scheduling.k8s.io/v1",
            "PriorityClass",
            json!({"metadata": {"name": "p"}, "value": 10}),
            "/preemptionPolicy",
            json!("PreemptLowerPriority"),
        ),
        (
            "discovery.k8s.io/v1",
            "EndpointSlice",
            json!({"metadata": {"name": "e", "namespace": "d"}, "addressType": "IPv4", "endpoints": [],
                   "ports": [{"port": 80}]}),
            "/ports/0",
            json!({"port": 80, "protocol": "TCP", "name": ""}),
        ),
    ];
    for (api_version, kind, manifest, pointer, want) in cases {
        let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
        let gvk = Gvk::new(group, version, kind);
        let obj = created(&gvk, &manifest);
        assert_eq!(obj.pointer(pointer), Some(&want), "{kind} {pointer}: {obj:#}");
        assert_eq!(messages(&gvk, &obj), Vec::<String>::new(), "{kind}");
    }
}

#[test]
fn job_defaults_and_generated_selector() {
    let gvk = Gvk::new("batch", "v1", "Job");
    let job = created(
        &gvk,
        &json!({"metadata": {"name": "pi", "namespace": "default"}, "spec": {"template": {"spec": {
            "restartPolicy": "Never", "containers": [{"name": "pi", "image": "perl:5.34"}]}}}}),
    );
    let spec = &job["spec"];
    assert_eq!(spec["completions"], 1);
    assert_eq!(spec["parallelism"], 1);
    assert_eq!(spec["backoffLimit"], 6);
    assert_eq!(spec["completionMode"], "NonIndexed");
    assert_eq!(spec["suspend"], false);
    assert_eq!(spec["manualSelector"], Value::Null);
    assert_eq!(spec["podReplacementPolicy"], "TerminatingOrFailed");
    let uid = "3c9d2f7e-0d7b-4d55-a1f0-6b1f5e2a9c01";
    assert_eq!(
        spec["selector"],
        json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
    );
    assert_eq!(
        spec["template"]["metadata"]["labels"]["batch.kubernetes.io/job-name"],
        "pi"
    );
    assert_eq!(spec["template"]["metadata"]["labels"]["controller-uid"], uid);
    assert!(messages(&gvk, &job).is_empty());
}
