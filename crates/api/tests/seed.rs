//! The seed chapter's manifests (advanced scheduling, storage, operators), completed into full
//! objects, through the public API as the API server calls it: strict decode with zero unknown or
//! duplicate fields, defaulting, create preparation, create validation with no errors.

use serde_json::{json, Value};
use skiff_api::{decode_bytes, default, is_builtin, prepare_for_create, validate_create, DecodeError, Gvk};

const DEPLOYMENT: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "my-critical-app", "namespace": "default", "labels": {"app": "my-critical-app"}},
  "spec": {
    "replicas": 3,
    "selector": {"matchLabels": {"app": "my-critical-app"}},
    "template": {
      "metadata": {"labels": {"app": "my-critical-app"}},
      "spec": {
        "affinity": {
          "podAntiAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": [{
              "labelSelector": {
                "matchExpressions": [{"key": "app", "operator": "In", "values": ["my-critical-app"]}]
              },
              "topologyKey": "kubernetes.io/hostname"
            }]
          }
        },
        "containers": [{
          "name": "app",
          "image": "registry.example.com/my-critical-app:1.4.2",
          "ports": [{"containerPort": 8080, "name": "http"}],
          "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"memory": "512Mi"}}
        }]
      }
    }
  }
}"#;

const GPU_POD: &str = r#"{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "cuda-job", "namespace": "ml"},
  "spec": {
    "tolerations": [{"key": "app", "operator": "Equal", "value": "gpu-app", "effect": "NoSchedule"}],
    "containers": [{
      "name": "cuda",
      "image": "nvidia/cuda:12.3.1-base-ubuntu22.04",
      "resources": {"limits": {"nvidia.com/gpu": "1"}}
    }]
  }
}"#;

const ZONE_POD: &str = r#"{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "web-server", "namespace": "default", "labels": {"app": "web-server"}},
  "spec": {
    "affinity": {
      "nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {
          "nodeSelectorTerms": [{
            "matchExpressions": [
              {"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["us-east-1a"]},
              {"key": "legacy-hardware", "operator": "NotIn", "values": ["true"]}
            ]
          }]
        },
        "preferredDuringSchedulingIgnoredDuringExecution": [{
          "weight": 50,
          "preference": {"matchExpressions": [{"key": "disktype", "operator": "In", "values": ["ssd"]}]}
        }]
      },
      "podAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": [{
          "labelSelector": {"matchLabels": {"app": "redis-cache"}},
          "topologyKey": "kubernetes.io/hostname"
        }]
      }
    },
    "containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]
  }
}"#;

const GPU_NODE: &str = r#"{
  "apiVersion": "v1",
  "kind": "Node",
  "metadata": {"name": "gpu-node-1", "labels": {"topology.kubernetes.io/zone": "us-east-1a", "disktype": "ssd"}},
  "spec": {"taints": [{"key": "app", "value": "gpu-app", "effect": "NoSchedule"}]}
}"#;

const STORAGE_CLASS: &str = r#"{
  "apiVersion": "storage.k8s.io/v1",
  "kind": "StorageClass",
  "metadata": {"name": "gp2-ssd"},
  "provisioner": "kubernetes.io/aws-ebs",
  "parameters": {"type": "gp2", "fsType": "ext4"},
  "allowVolumeExpansion": true
}"#;

const STATEFUL_SET: &str = r#"{
  "apiVersion": "apps/v1",
  "kind": "StatefulSet",
  "metadata": {"name": "database", "namespace": "default"},
  "spec": {
    "serviceName": "database",
    "replicas": 3,
    "selector": {"matchLabels": {"app": "database"}},
    "template": {
      "metadata": {"labels": {"app": "database"}},
      "spec": {
        "containers": [{
          "name": "postgres",
          "image": "postgres:13.4",
          "ports": [{"containerPort": 5432, "name": "postgres"}],
          "env": [{"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"}],
          "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql/data"}]
        }]
      }
    },
    "volumeClaimTemplates": [{
      "metadata": {"name": "data"},
      "spec": {
        "accessModes": ["ReadWriteOnce"],
        "storageClassName": "gp2-ssd",
        "resources": {"requests": {"storage": "50Gi"}}
      }
    }]
  }
}"#;

const PVC: &str = r#"{
  "apiVersion": "v1",
  "kind": "PersistentVolumeClaim",
  "metadata": {"name": "my-claim", "namespace": "default"},
  "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}
}"#;

const PV: &str = r#"{
  "apiVersion": "v1",
  "kind": "PersistentVolume",
  "metadata": {"name": "pv-ebs-1"},
  "spec": {
    "capacity": {"storage": "50Gi"},
    "accessModes": ["ReadWriteOnce"],
    "storageClassName": "gp2-ssd",
    "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-0a1b2c3d4e5f67890", "fsType": "ext4"}
  }
}"#;

const SERVICE: &str = r#"{
  "apiVersion": "v1",
  "kind": "Service",
  "metadata": {"name": "database", "namespace": "default"},
  "spec": {"clusterIP": "None", "selector": {"app": "database"}, "ports": [{"name": "postgres", "port": 5432}]}
}"#;

fn gvk(api_version: &'static str, kind: &'static str) -> Gvk<'static> {
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    Gvk::new(group, version, kind)
}

/// Runs a manifest through the create path and returns the stored object.
fn create(api_version: &'static str, kind: &'static str, body: &str) -> Value {
    let gvk = gvk(api_version, kind);
    assert!(is_builtin(&gvk), "{kind}");
    let decoded = decode_bytes(&gvk, body.as_bytes()).unwrap_or_else(|e| panic!("{kind}: {e}"));
    assert!(
        decoded.unknown_fields.is_empty(),
        "{kind}: unknown {:?}",
        decoded.unknown_fields
    );
    assert!(
        decoded.duplicate_fields.is_empty(),
        "{kind}: duplicate {:?}",
        decoded.duplicate_fields
    );
    let mut obj = decoded.object;
    default(&gvk, &mut obj);
    let meta = obj["metadata"].as_object_mut().unwrap();
    meta.insert("uid".into(), json!("6f1c0a52-3b7e-4c1e-9d0a-2f5b8e7c9a10"));
    meta.insert("creationTimestamp".into(), json!("2025-05-01T12:00:00Z"));
    prepare_for_create(&gvk, &mut obj);
    let errs: Vec<String> = validate_create(&gvk, &obj)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(errs.is_empty(), "{kind}: {errs:#?}");
    obj
}

#[test]
fn deployment_with_pod_anti_affinity() {
    let d = create("apps/v1", "Deployment", DEPLOYMENT);
    assert_eq!(d["spec"]["replicas"], 3);
    assert_eq!(
        d["spec"]["strategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
    );
    assert_eq!(d["spec"]["revisionHistoryLimit"], 10);
    assert_eq!(d["spec"]["progressDeadlineSeconds"], 600);
    let pod = &d["spec"]["template"]["spec"];
    assert_eq!(
        pod["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
            ["topologyKey"],
        "kubernetes.io/hostname"
    );
    assert_eq!(pod["restartPolicy"], "Always");
    assert_eq!(pod["containers"][0]["imagePullPolicy"], "IfNotPresent");
    assert_eq!(pod["containers"][0]["ports"][0]["protocol"], "TCP");
    assert_eq!(pod["containers"][0]["resources"]["requests"]["memory"], "256Mi");
    // Admission-only defaults are not applied to templates.
    assert!(pod.get("tolerations").is_none());
}

#[test]
fn pod_tolerating_gpu_taint() {
    let p = create("v1", "Pod", GPU_POD);
    let spec = &p["spec"];
    assert_eq!(spec["containers"][0]["imagePullPolicy"], "IfNotPresent");
    // Extended resources: requests default from limits.
    assert_eq!(
        spec["containers"][0]["resources"]["requests"]["nvidia.com/gpu"],
        "1"
    );
    let tolerations = spec["tolerations"].as_array().unwrap();
    assert_eq!(
        tolerations[0],
        json!({"key": "app", "operator": "Equal", "value": "gpu-app", "effect": "NoSchedule"})
    );
    // DefaultTolerationSeconds admission adds the two NoExecute tolerations.
    assert_eq!(tolerations.len(), 3);
    assert_eq!(tolerations[1]["key"], "node.kubernetes.io/not-ready");
    assert_eq!(tolerations[2]["tolerationSeconds"], 300);
    assert_eq!(spec["priority"], 0);
    assert_eq!(p["status"]["phase"], "Pending");
    assert_eq!(p["status"]["qosClass"], "BestEffort");
}

#[test]
fn pod_with_node_and_pod_affinity() {
    let p = create("v1", "Pod", ZONE_POD);
    assert_eq!(p["spec"]["containers"][0]["imagePullPolicy"], "Always");
    assert_eq!(p["spec"]["schedulerName"], "default-scheduler");
    assert_eq!(p["spec"]["dnsPolicy"], "ClusterFirst");
    assert_eq!(p["spec"]["terminationGracePeriodSeconds"], 30);
    assert_eq!(p["spec"]["enableServiceLinks"], true);
}

#[test]
fn tainted_gpu_node() {
    let n = create("v1", "Node", GPU_NODE);
    assert_eq!(n["spec"]["taints"][0]["effect"], "NoSchedule");
}

#[test]
fn storage_class_and_dynamic_provisioning() {
    let sc = create("storage.k8s.io/v1", "StorageClass", STORAGE_CLASS);
    assert_eq!(sc["reclaimPolicy"], "Delete");
    assert_eq!(sc["volumeBindingMode"], "Immediate");

    let sts = create("apps/v1", "StatefulSet", STATEFUL_SET);
    let spec = &sts["spec"];
    assert_eq!(spec["podManagementPolicy"], "OrderedReady");
    assert_eq!(
        spec["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}})
    );
    assert_eq!(spec["revisionHistoryLimit"], 10);
    assert_eq!(
        spec["persistentVolumeClaimRetentionPolicy"],
        json!({"whenDeleted": "Retain", "whenScaled": "Retain"})
    );
    let claim = &spec["volumeClaimTemplates"][0];
    assert_eq!(claim["spec"]["resources"]["requests"]["storage"], "50Gi");
    assert_eq!(claim["spec"]["volumeMode"], "Filesystem");

    let pvc = create("v1", "PersistentVolumeClaim", PVC);
    assert_eq!(pvc["spec"]["volumeMode"], "Filesystem");
    assert_eq!(pvc["spec"]["resources"]["requests"]["storage"], "10Gi");

    let pv = create("v1", "PersistentVolume", PV);
    assert_eq!(pv["spec"]["persistentVolumeReclaimPolicy"], "Retain");
    assert_eq!(pv["spec"]["volumeMode"], "Filesystem");

    let svc = create("v1", "Service", SERVICE);
    assert_eq!(svc["spec"]["type"], "ClusterIP");
    assert_eq!(svc["spec"]["ports"][0]["targetPort"], 5432);
    assert_eq!(svc["spec"]["ports"][0]["protocol"], "TCP");
}

#[test]
fn custom_resource_is_not_builtin() {
    let body = br#"{"apiVersion": "db.my-company.com/v1alpha1", "kind": "PostgresCluster",
        "metadata": {"name": "my-prod-db"}, "spec": {"replicas": 3, "version": "13.4", "storage": "100Gi"}}"#;
    let gvk = Gvk::new("db.my-company.com", "v1alpha1", "PostgresCluster");
    assert!(!is_builtin(&gvk));
    assert!(matches!(
        decode_bytes(&gvk, body),
        Err(DecodeError::UnknownKind { .. })
    ));
}
