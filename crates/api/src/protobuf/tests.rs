//! Decoder tests. Bodies are built with a tiny encoder that writes what gogo protobuf (client-go)
//! writes: every non-pointer field, even when zero; pointers, repeated fields and maps only when set.

use serde_json::{json, Value};

use super::schema::{Shape, Ty};
use super::{decode_body, messages, supports, ProtobufError};

/// A test-only protobuf encoder.
#[derive(Clone, Default)]
struct Pb(Vec<u8>);

fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

impl Pb {
    fn new() -> Self {
        Pb::default()
    }

    fn tag(mut self, field: u32, wire_type: u8) -> Self {
        put_varint(&mut self.0, u64::from(field) << 3 | u64::from(wire_type));
        self
    }

    fn int(self, field: u32, v: i64) -> Self {
        let mut s = self.tag(field, 0);
        put_varint(&mut s.0, v as u64);
        s
    }

    fn bool(self, field: u32, v: bool) -> Self {
        self.int(field, i64::from(v))
    }

    fn bytes(self, field: u32, v: &[u8]) -> Self {
        let mut s = self.tag(field, 2);
        put_varint(&mut s.0, v.len() as u64);
        s.0.extend_from_slice(v);
        s
    }

    fn str(self, field: u32, v: &str) -> Self {
        self.bytes(field, v.as_bytes())
    }

    /// Several zero-valued strings (gogo writes every non-pointer string).
    fn empty_strs(self, fields: &[u32]) -> Self {
        fields.iter().fold(self, |s, &f| s.str(f, ""))
    }

    /// Several zero-valued varints.
    fn zeros(self, fields: &[u32]) -> Self {
        fields.iter().fold(self, |s, &f| s.int(f, 0))
    }

    fn msg(self, field: u32, m: Pb) -> Self {
        self.bytes(field, &m.0)
    }

    fn entry(self, field: u32, key: &str, value: &str) -> Self {
        self.msg(field, Pb::new().str(1, key).str(2, value))
    }

    fn bytes_entry(self, field: u32, key: &str, value: &[u8]) -> Self {
        self.msg(field, Pb::new().str(1, key).bytes(2, value))
    }
}

/// `k8s\0` + `runtime.Unknown{typeMeta, raw, contentEncoding: "", contentType: ""}`.
fn body(api_version: &str, kind: &str, object: Pb) -> Vec<u8> {
    let unknown = Pb::new()
        .msg(1, Pb::new().str(1, api_version).str(2, kind))
        .msg(2, object)
        .str(3, "")
        .str(4, "");
    [&b"k8s\0"[..], &unknown.0].concat()
}

fn decode(body: &[u8]) -> Value {
    decode_body(body)
        .unwrap_or_else(|e| panic!("decode failed: {e}"))
        .object
}

/// An `ObjectMeta` as gogo writes it: fields 1-8 always (creationTimestamp as an empty message).
fn object_meta(name: &str, namespace: &str, labels: &[(&str, &str)]) -> Pb {
    let m = Pb::new()
        .str(1, name)
        .empty_strs(&[2])
        .str(3, namespace)
        .empty_strs(&[4, 5, 6])
        .int(7, 0);
    let m = m.msg(8, Pb::new());
    labels.iter().fold(m, |m, (k, v)| m.entry(11, k, v))
}

#[test]
fn protobuf_namespace_capture() {
    // `kubectl create namespace ns1` (kubectl 1.32), as in kubectl-wire.md §6.2.
    let hex = "6b387300 0a0f 0a02 7631 1209 4e616d657370616365 121b \
               0a13 0a03 6e7331 1200 1a00 2200 2a00 3200 3800 4200 1200 1a02 0a00 1a00 2200";
    let hex: String = hex.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let decoded = decode_body(&bytes).unwrap();
    assert_eq!(decoded.api_version, "v1");
    assert_eq!(decoded.kind, "Namespace");
    assert_eq!(
        decoded.object,
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns1"}, "spec": {}, "status": {}})
    );
    // The same bytes from the encoder.
    let ns = Pb::new()
        .msg(1, object_meta("ns1", "", &[]))
        .msg(2, Pb::new())
        .msg(3, Pb::new().str(1, ""));
    assert_eq!(body("v1", "Namespace", ns), bytes);
}

#[test]
fn protobuf_configmap_with_data() {
    // kubectl create configmap cfg --from-literal=a=1 --from-literal=b='x y' --from-file=bin
    let cm = Pb::new()
        .msg(1, object_meta("cfg", "team", &[]))
        .entry(2, "a", "1")
        .entry(2, "b", "x y")
        .bytes_entry(3, "bin", &[0, 1, 2, 0xff])
        .bool(4, true);
    assert_eq!(
        decode(&body("v1", "ConfigMap", cm)),
        json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "cfg", "namespace": "team"},
            "data": {"a": "1", "b": "x y"},
            "binaryData": {"bin": "AAEC/w=="},
            "immutable": true,
        })
    );
}

#[test]
fn protobuf_secret_with_binary_data() {
    // kubectl create secret generic s --from-literal=password=s3cr3t --from-file=key.bin
    let secret = Pb::new()
        .msg(1, object_meta("s", "", &[]))
        .bytes_entry(2, "password", b"s3cr3t")
        .bytes_entry(2, "key.bin", &[0xde, 0xad, 0xbe, 0xef, 0x00])
        .bytes_entry(2, "empty", b"")
        .str(3, "Opaque")
        .entry(4, "plain", "text");
    assert_eq!(
        decode(&body("v1", "Secret", secret)),
        json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s"},
            "data": {"password": "czNjcjN0", "key.bin": "3q2+7wA=", "empty": ""},
            "stringData": {"plain": "text"},
            "type": "Opaque",
        })
    );
    // `type` is omitempty: a zero value is dropped.
    let secret = Pb::new().msg(1, object_meta("s", "", &[])).str(3, "");
    assert_eq!(
        decode(&body("v1", "Secret", secret)),
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}})
    );
}

/// `PodSpec` with the non-pointer fields gogo always writes, and the given containers.
fn pod_spec(containers: Vec<Pb>) -> Pb {
    let spec = containers.into_iter().fold(Pb::new(), |s, c| s.msg(2, c));
    spec.empty_strs(&[3, 6, 8, 9, 10])
        .zeros(&[11, 12, 13])
        .empty_strs(&[16, 17, 19, 24])
}

/// A `Container` with the non-pointer fields gogo always writes.
fn container(name: &str, image: &str, ports: Vec<Pb>) -> Pb {
    let c = Pb::new().str(1, name).str(2, image).str(5, "");
    let c = ports.into_iter().fold(c, |c, p| c.msg(6, p));
    c.msg(8, Pb::new())
        .empty_strs(&[13, 14])
        .zeros(&[16, 17, 18])
        .str(20, "")
}

fn container_port(port: i64) -> Pb {
    Pb::new().str(1, "").int(2, 0).int(3, port).str(4, "").str(5, "")
}

#[test]
fn protobuf_deployment_from_kubectl_create() {
    // kubectl create deployment web --image=nginx --replicas=2 --port=80
    let labels = [("app", "web")];
    let spec = Pb::new()
        .int(1, 2)
        .msg(2, Pb::new().entry(1, "app", "web"))
        .msg(
            3,
            Pb::new().msg(1, object_meta("", "", &labels)).msg(
                2,
                pod_spec(vec![container("nginx", "nginx", vec![container_port(80)])]),
            ),
        )
        .msg(4, Pb::new().str(1, ""))
        .int(5, 0)
        .bool(7, false);
    let status = Pb::new().zeros(&[1, 2, 3, 4, 5, 7]);
    let deploy = Pb::new()
        .msg(1, object_meta("web", "", &labels))
        .msg(2, spec)
        .msg(3, status);
    assert_eq!(
        decode(&body("apps/v1", "Deployment", deploy)),
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {
                "replicas": 2,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {
                        "containers": [{
                            "name": "nginx",
                            "image": "nginx",
                            "ports": [{"containerPort": 80}],
                            "resources": {},
                        }],
                    },
                },
                "strategy": {},
            },
            "status": {},
        })
    );
}

#[test]
fn protobuf_pod_spec_details() {
    // Probes (inline ProbeHandler), env with valueFrom, resources, volumes (inline VolumeSource),
    // tolerations, affinity, packed supplementalGroups, pointer fields that are zero.
    let probe = Pb::new()
        .msg(
            1,
            Pb::new().msg(
                2,
                Pb::new()
                    .str(1, "/healthz")
                    .msg(2, Pb::new().int(1, 1).int(2, 0).str(3, "http")),
            ),
        )
        .int(2, 5)
        .int(3, 10);
    let env = Pb::new().str(1, "POD_NAME").str(2, "").msg(
        3,
        Pb::new().msg(1, Pb::new().str(1, "v1").str(2, "metadata.name")),
    );
    let env_secret = Pb::new().str(1, "PW").str(2, "").msg(
        3,
        Pb::new().msg(
            4,
            Pb::new()
                .msg(1, Pb::new().str(1, "creds"))
                .str(2, "pw")
                .bool(3, true),
        ),
    );
    let resources = Pb::new()
        .msg(1, Pb::new().str(1, "cpu").msg(2, Pb::new().str(1, "500m")))
        .msg(2, Pb::new().str(1, "memory").msg(2, Pb::new().str(1, "64Mi")));
    let c = Pb::new()
        .str(1, "app")
        .str(2, "busybox")
        .str(3, "sh")
        .str(3, "-c")
        .str(4, "sleep 1")
        .str(5, "")
        .msg(7, env)
        .msg(7, env_secret)
        .msg(8, resources)
        .msg(
            9,
            Pb::new().str(1, "data").bool(2, false).str(3, "/data").str(4, ""),
        )
        .msg(10, probe)
        .msg(15, Pb::new().bool(2, false).int(4, 1000));
    let volumes = [
        Pb::new().str(1, "data").msg(
            2,
            Pb::new().msg(2, Pb::new().str(1, "").msg(2, Pb::new().str(1, "1Gi"))),
        ),
        Pb::new().str(1, "cfg").msg(
            2,
            Pb::new().msg(19, Pb::new().msg(1, Pb::new().str(1, "app-config")).int(3, 0o644)),
        ),
        Pb::new().str(1, "host").msg(
            2,
            Pb::new().msg(1, Pb::new().str(1, "/var/log").str(2, "Directory")),
        ),
    ];
    let affinity = Pb::new().msg(
        1,
        Pb::new().msg(
            1,
            Pb::new().msg(
                1,
                Pb::new().msg(
                    1,
                    Pb::new().str(1, "kubernetes.io/os").str(2, "In").str(3, "linux"),
                ),
            ),
        ),
    );
    let spec = volumes.into_iter().fold(Pb::new(), |s, v| s.msg(1, v));
    let spec = spec
        .msg(2, c)
        .str(3, "Never")
        .int(4, 0)
        .msg(14, Pb::new().bytes(4, &[0xe8, 0x07, 0xd0, 0x0f]).int(5, 2000))
        .msg(18, affinity)
        .msg(
            22,
            Pb::new()
                .str(1, "node.kubernetes.io/unreachable")
                .str(2, "Exists")
                .str(3, "")
                .str(4, "NoExecute")
                .int(5, 300),
        )
        .int(25, -5)
        .bool(30, false);
    let pod = Pb::new().msg(1, object_meta("p", "", &[])).msg(2, spec);
    assert_eq!(
        decode(&body("v1", "Pod", pod)),
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "p"},
            "spec": {
                "volumes": [
                    {"name": "data", "emptyDir": {"sizeLimit": "1Gi"}},
                    {"name": "cfg", "configMap": {"name": "app-config", "defaultMode": 420}},
                    {"name": "host", "hostPath": {"path": "/var/log", "type": "Directory"}},
                ],
                "containers": [{
                    "name": "app",
                    "image": "busybox",
                    "command": ["sh", "-c"],
                    "args": ["sleep 1"],
                    "env": [
                        {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
                        {"name": "PW", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "pw", "optional": true}}},
                    ],
                    "resources": {"limits": {"cpu": "500m"}, "requests": {"memory": "64Mi"}},
                    "volumeMounts": [{"name": "data", "mountPath": "/data"}],
                    "livenessProbe": {
                        "httpGet": {"path": "/healthz", "port": "http"},
                        "initialDelaySeconds": 5,
                        "timeoutSeconds": 10,
                    },
                    "securityContext": {"privileged": false, "runAsUser": 1000},
                }],
                "restartPolicy": "Never",
                "terminationGracePeriodSeconds": 0,
                "securityContext": {"supplementalGroups": [1000, 2000], "fsGroup": 2000},
                "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}],
                }}},
                "tolerations": [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
                "priority": -5,
                "enableServiceLinks": false,
            },
        })
    );
}

#[test]
fn protobuf_service_int_or_string_target_port() {
    // kubectl create service nodeport web --tcp=80:8080 --tcp=443:https
    let port = |name: &str, port: i64, target: Pb| {
        Pb::new()
            .str(1, name)
            .str(2, "TCP")
            .int(3, port)
            .msg(4, target)
            .int(5, 0)
    };
    let int_target = Pb::new().int(1, 0).int(2, 8080).str(3, "");
    let str_target = Pb::new().int(1, 1).int(2, 0).str(3, "https");
    let spec = Pb::new()
        .msg(1, port("80-8080", 80, int_target))
        .msg(1, port("443-https", 443, str_target))
        .entry(2, "app", "web")
        .str(3, "")
        .str(4, "NodePort")
        .empty_strs(&[7, 8, 10, 11])
        .int(12, 0)
        .bool(13, false);
    let status = Pb::new().msg(1, Pb::new());
    let svc = Pb::new()
        .msg(1, object_meta("web", "", &[("app", "web")]))
        .msg(2, spec)
        .msg(3, status);
    assert_eq!(
        decode(&body("v1", "Service", svc)),
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {
                "ports": [
                    {"name": "80-8080", "protocol": "TCP", "port": 80, "targetPort": 8080},
                    {"name": "443-https", "protocol": "TCP", "port": 443, "targetPort": "https"},
                ],
                "selector": {"app": "web"},
                "type": "NodePort",
            },
            "status": {"loadBalancer": {}},
        })
    );
}

#[test]
fn protobuf_self_subject_access_review() {
    // kubectl auth can-i list deployments.apps -n team
    let attrs = Pb::new()
        .str(1, "team")
        .str(2, "list")
        .str(3, "apps")
        .str(4, "")
        .str(5, "deployments")
        .str(6, "")
        .str(7, "");
    let ssar = Pb::new()
        .msg(1, object_meta("", "", &[]))
        .msg(2, Pb::new().msg(1, attrs))
        .msg(3, Pb::new().bool(1, false).str(2, "").str(3, "").bool(4, false));
    assert_eq!(
        decode(&body("authorization.k8s.io/v1", "SelfSubjectAccessReview", ssar)),
        json!({
            "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "metadata": {},
            "spec": {"resourceAttributes": {"namespace": "team", "verb": "list", "group": "apps", "resource": "deployments"}},
            "status": {"allowed": false},
        })
    );
    // kubectl auth can-i get /healthz
    let ssar = Pb::new()
        .msg(1, object_meta("", "", &[]))
        .msg(2, Pb::new().msg(2, Pb::new().str(1, "/healthz").str(2, "get")));
    assert_eq!(
        decode(&body("authorization.k8s.io/v1", "SelfSubjectAccessReview", ssar))["spec"],
        json!({"nonResourceAttributes": {"path": "/healthz", "verb": "get"}})
    );
}

#[test]
fn protobuf_delete_options() {
    // drain's fallback delete with --grace-period=30 --dry-run=server
    let opts = Pb::new().int(1, 30).str(5, "All");
    assert_eq!(
        decode(&body("v1", "DeleteOptions", opts)),
        json!({"apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 30, "dryRun": ["All"]})
    );
    // Pointer fields keep zero values; any group version is accepted.
    let opts = Pb::new()
        .int(1, 0)
        .msg(2, Pb::new().str(1, "1234-abcd").str(2, "42"))
        .bool(3, false)
        .str(4, "Foreground");
    assert_eq!(
        decode(&body("apps/v1", "DeleteOptions", opts)),
        json!({
            "apiVersion": "apps/v1", "kind": "DeleteOptions",
            "gracePeriodSeconds": 0,
            "preconditions": {"uid": "1234-abcd", "resourceVersion": "42"},
            "orphanDependents": false,
            "propagationPolicy": "Foreground",
        })
    );
}

#[test]
fn protobuf_time_fields() {
    // A Job with a deletionTimestamp (2024-02-29T12:34:56Z, nanos dropped) and a status startTime.
    let meta = object_meta("j", "", &[])
        .msg(9, Pb::new().int(1, 1_709_210_096).int(2, 999))
        .int(10, 30);
    let status = Pb::new()
        .msg(2, Pb::new().int(1, 0).int(2, 0))
        .zeros(&[4, 5, 6])
        .str(7, "");
    let job = Pb::new().msg(1, meta).msg(3, status);
    assert_eq!(
        decode(&body("batch/v1", "Job", job)),
        json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "j", "deletionTimestamp": "2024-02-29T12:34:56Z", "deletionGracePeriodSeconds": 30},
            "status": {"startTime": "1970-01-01T00:00:00Z"},
        })
    );
    // A zero Time is an empty message: null (or dropped for omitzero creationTimestamp).
    let status = Pb::new().msg(2, Pb::new());
    let job = Pb::new().msg(1, object_meta("j", "", &[])).msg(3, status);
    assert_eq!(
        decode(&body("batch/v1", "Job", job))["status"],
        json!({"startTime": null})
    );
    // MicroTime keeps microseconds (Lease renewTime).
    let spec = Pb::new()
        .str(1, "holder")
        .msg(4, Pb::new().int(1, 1_709_210_096).int(2, 123_456_789));
    let lease = Pb::new().msg(1, object_meta("l", "", &[])).msg(2, spec);
    assert_eq!(
        decode(&body("coordination.k8s.io/v1", "Lease", lease))["spec"],
        json!({"holderIdentity": "holder", "renewTime": "2024-02-29T12:34:56.123456Z"})
    );
}

#[test]
fn protobuf_token_request_and_cronjob() {
    // kubectl create token default --duration=1h --audience=api
    let tr = Pb::new()
        .msg(1, object_meta("", "", &[]))
        .msg(2, Pb::new().str(1, "api").int(4, 3600))
        .msg(3, Pb::new().str(1, "").msg(2, Pb::new()));
    assert_eq!(
        decode(&body("authentication.k8s.io/v1", "TokenRequest", tr)),
        json!({
            "apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
            "metadata": {},
            "spec": {"audiences": ["api"], "expirationSeconds": 3600},
            "status": {"token": "", "expirationTimestamp": null},
        })
    );
    // kubectl create cronjob c --image=busybox --schedule='*/1 * * * *' -- date
    let job_spec = Pb::new().msg(
        6,
        Pb::new().msg(1, object_meta("", "", &[])).msg(
            2,
            pod_spec(vec![container("c", "busybox", vec![])]).str(3, "OnFailure"),
        ),
    );
    let spec = Pb::new()
        .str(1, "*/1 * * * *")
        .str(3, "")
        .msg(5, Pb::new().msg(1, object_meta("c", "", &[])).msg(2, job_spec));
    let cj = Pb::new()
        .msg(1, object_meta("c", "", &[]))
        .msg(2, spec)
        .msg(3, Pb::new());
    let decoded = decode(&body("batch/v1", "CronJob", cj));
    assert_eq!(decoded["spec"]["schedule"], "*/1 * * * *");
    assert_eq!(
        decoded["spec"]["jobTemplate"]["spec"]["template"]["spec"],
        json!({"containers": [{"name": "c", "image": "busybox", "resources": {}}], "restartPolicy": "OnFailure"})
    );
    assert_eq!(decoded["status"], json!({}));
}

#[test]
fn protobuf_raw_extension_and_string_lists() {
    // ControllerRevision.data is a RawExtension holding JSON.
    let cr = Pb::new()
        .msg(1, object_meta("rev", "", &[]))
        .msg(2, Pb::new().bytes(1, br#"{"spec":{"a":1}}"#))
        .int(3, 7);
    assert_eq!(
        decode(&body("apps/v1", "ControllerRevision", cr)),
        json!({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": {"name": "rev"}, "data": {"spec": {"a": 1}}, "revision": 7})
    );
    // SubjectAccessReview.spec.extra is map<string, ExtraValue{repeated string items}>.
    let extra = Pb::new()
        .str(1, "scopes")
        .msg(2, Pb::new().str(1, "a").str(1, "b"));
    let sar = Pb::new()
        .msg(1, object_meta("", "", &[]))
        .msg(2, Pb::new().str(3, "alice").str(4, "g1").msg(5, extra));
    assert_eq!(
        decode(&body("authorization.k8s.io/v1", "SubjectAccessReview", sar))["spec"],
        json!({"user": "alice", "groups": ["g1"], "extra": {"scopes": ["a", "b"]}})
    );
}

#[test]
fn protobuf_repeated_embedded_message_merges() {
    // A non-repeated message field given twice merges (protobuf semantics); later scalars win.
    let ns = Pb::new()
        .msg(1, Pb::new().str(1, "a").entry(11, "x", "1"))
        .msg(1, Pb::new().str(1, "b").entry(11, "y", "2"));
    assert_eq!(
        decode(&body("v1", "Namespace", ns))["metadata"],
        json!({"name": "b", "labels": {"x": "1", "y": "2"}})
    );
}

#[test]
fn protobuf_errors() {
    let ns = Pb::new().msg(1, object_meta("ns1", "", &[]));
    let good = body("v1", "Namespace", ns.clone());
    assert!(decode_body(&good).is_ok());

    // No magic.
    assert_eq!(decode_body(&good[4..]), Err(ProtobufError::MissingMagic));
    assert_eq!(
        decode_body(b"{\"kind\":\"Namespace\"}"),
        Err(ProtobufError::MissingMagic)
    );

    // Truncated anywhere inside a field (a cut between two top-level fields of the envelope is a
    // shorter, valid message: 21 ends typeMeta; the last 4 bytes are contentEncoding/contentType).
    for cut in (5..21).chain(22..good.len() - 4) {
        assert_eq!(
            decode_body(&good[..cut]),
            Err(ProtobufError::Truncated),
            "cut at {cut}"
        );
    }
    assert_eq!(
        decode_body(&good[..good.len() - 1]),
        Err(ProtobufError::Truncated)
    );

    // Unknown field inside a known message (ObjectMeta field 15 was never released).
    let bad = Pb::new().msg(1, object_meta("ns1", "", &[]).str(15, "cluster"));
    let err = decode_body(&body("v1", "Namespace", bad)).unwrap_err();
    assert_eq!(
        err,
        ProtobufError::UnknownField {
            message: "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta".into(),
            field: 15
        }
    );
    assert_eq!(
        err.to_string(),
        "unknown protobuf field 15 in k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    );
    let bad = ns.clone().int(99, 1);
    assert_eq!(
        decode_body(&body("v1", "Namespace", bad)),
        Err(ProtobufError::UnknownField {
            message: "k8s.io.api.core.v1.Namespace".into(),
            field: 99
        })
    );
    // ... and in a map entry and the envelope.
    let bad = Pb::new().msg(
        1,
        Pb::new().msg(11, Pb::new().str(1, "k").str(2, "v").str(3, "?")),
    );
    assert_eq!(
        decode_body(&body("v1", "Namespace", bad)),
        Err(ProtobufError::UnknownField {
            message: "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta.LabelsEntry".into(),
            field: 3
        })
    );
    let mut bad = good.clone();
    bad.extend_from_slice(&[0x28, 0x01]);
    assert_eq!(
        decode_body(&bad),
        Err(ProtobufError::UnknownField {
            message: "k8s.io.apimachinery.pkg.runtime.Unknown".into(),
            field: 5
        })
    );

    // Wrong wire type, bad UTF-8.
    let bad = Pb::new().msg(1, Pb::new().int(1, 5));
    assert_eq!(
        decode_body(&body("v1", "Namespace", bad)),
        Err(ProtobufError::BadWireType {
            message: "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta".into(),
            field: 1
        })
    );
    let bad = Pb::new().msg(1, Pb::new().bytes(1, &[0xff, 0xfe]));
    assert_eq!(
        decode_body(&body("v1", "Namespace", bad)),
        Err(ProtobufError::InvalidUtf8 {
            message: "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta".into(),
            field: 1
        })
    );

    // Unknown kinds.
    assert_eq!(
        decode_body(&body("v1", "Frobnicator", ns.clone())),
        Err(ProtobufError::UnsupportedKind {
            api_version: "v1".into(),
            kind: "Frobnicator".into()
        })
    );
    assert_eq!(
        decode_body(&body("apps/v2", "Deployment", ns.clone())),
        Err(ProtobufError::UnsupportedKind {
            api_version: "apps/v2".into(),
            kind: "Deployment".into()
        })
    );

    // Encoded envelopes are not supported.
    let unknown = Pb::new()
        .msg(1, Pb::new().str(1, "v1").str(2, "Namespace"))
        .msg(2, ns)
        .str(3, "gzip");
    assert!(matches!(
        decode_body(&[&b"k8s\0"[..], &unknown.0].concat()),
        Err(ProtobufError::UnsupportedEncoding { .. })
    ));
}

#[test]
fn protobuf_kinds_registered() {
    for (api_version, kind) in [
        ("v1", "Namespace"),
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("v1", "ServiceAccount"),
        ("v1", "Service"),
        ("v1", "ResourceQuota"),
        ("v1", "Pod"),
        ("apps/v1", "Deployment"),
        ("batch/v1", "Job"),
        ("batch/v1", "CronJob"),
        ("policy/v1", "PodDisruptionBudget"),
        ("scheduling.k8s.io/v1", "PriorityClass"),
        ("authentication.k8s.io/v1", "TokenRequest"),
        ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
        ("rbac.authorization.k8s.io/v1", "Role"),
        ("networking.k8s.io/v1", "Ingress"),
        ("meta.k8s.io/v1", "DeleteOptions"),
    ] {
        assert!(supports(api_version, kind), "{api_version} {kind}");
    }
    assert!(!supports("v1", "Deployment"));
}

/// Structural checks over every table: unique field numbers and JSON names (after inlining), inline
/// fields are messages, JSON names set exactly when not inline.
#[test]
fn protobuf_schema_tables_are_consistent() {
    use std::collections::HashSet;

    fn json_names(message: &'static super::schema::Message, out: &mut Vec<&'static str>) {
        for f in message.fields {
            match (f.shape, f.ty) {
                (Shape::Inline, Ty::Message(inner)) => json_names(inner, out),
                (Shape::Inline, _) => panic!("{}: inline field {} is not a message", message.name, f.number),
                _ => out.push(f.json),
            }
        }
    }

    fn check(message: &'static super::schema::Message, seen: &mut HashSet<&'static str>) {
        if !seen.insert(message.name) {
            return;
        }
        let numbers: HashSet<u32> = message.fields.iter().map(|f| f.number).collect();
        assert_eq!(
            numbers.len(),
            message.fields.len(),
            "{}: duplicate field numbers",
            message.name
        );
        let mut names = Vec::new();
        json_names(message, &mut names);
        let unique: HashSet<_> = names.iter().collect();
        assert_eq!(
            unique.len(),
            names.len(),
            "{}: duplicate JSON names",
            message.name
        );
        for f in message.fields {
            assert!(f.number > 0);
            assert_eq!(
                f.json.is_empty(),
                f.shape == Shape::Inline,
                "{}: {:?}",
                message.name,
                f
            );
            if let Ty::Message(inner) = f.ty {
                check(inner, seen);
            }
        }
    }

    let mut seen = HashSet::new();
    for group in messages::GROUPS {
        for (_, message) in group.kinds {
            check(message, &mut seen);
        }
    }
    check(&messages::meta::DELETE_OPTIONS, &mut seen);
    assert!(seen.len() > 300, "{} messages", seen.len());
}

/// The tables have no cycles, so the decoder's recursion is bounded by the schema's depth whatever
/// the input (only `RawExtension`s nest further, with their own limit).
#[test]
fn protobuf_schema_tables_are_acyclic() {
    fn depth(message: &'static super::schema::Message, stack: &mut Vec<&'static str>) -> usize {
        assert!(
            !stack.contains(&message.name),
            "cycle: {stack:?} -> {}",
            message.name
        );
        stack.push(message.name);
        let mut max = 0;
        for f in message.fields {
            if let Ty::Message(inner) = f.ty {
                max = max.max(depth(inner, stack));
            }
        }
        stack.pop();
        max + 1
    }
    let deepest = messages::GROUPS
        .iter()
        .flat_map(|group| group.kinds.iter())
        .map(|(_, message)| depth(message, &mut Vec::new()))
        .max()
        .unwrap();
    assert!(deepest < 32, "{deepest}");
}
