//! Schemas of built-in kinds, transcribed from the list / map / struct markers of `k8s.io/api`
//! (`+listType`, `+listMapKey`, `+patchMergeKey` with `+patchStrategy=merge`, `+mapType`,
//! `+structType`, key-field `+default`). Only the associative lists, free-form maps, atomic objects and
//! always-serialized structs are listed: every other list is atomic and every other object a struct.

use super::schema::{ApplySchema, ListSchema, MapSchema};
use serde_json::{json, Value};

impl ApplySchema {
    /// The schema of a built-in kind (`group` is `""` for the core group). Unknown kinds get the
    /// custom-resource default plus `metadata` handling. The main resource ignores `status` and the
    /// `status` subresource ignores `spec`, for kinds that have a status.
    pub fn for_kind(group: &str, kind: &str) -> ApplySchema {
        let mut s = ApplySchema::default();
        object_meta(&mut s, "metadata");
        s.set_always_serialized("metadata", json!({}));
        let has_status = match (group, kind) {
            ("", "Pod") => {
                pod_spec(&mut s, "spec");
                pod_status(&mut s, "status");
                true
            }
            ("", "PodTemplate") => {
                pod_template(&mut s, "template");
                false
            }
            ("apps", "Deployment") => {
                workload(&mut s, "spec");
                s.set_always_serialized("spec.strategy", json!({}));
                true
            }
            ("apps", "ReplicaSet") => {
                workload(&mut s, "spec");
                true
            }
            ("", "ReplicationController") => {
                // A free-form (granular) selector map here, unlike the LabelSelector of apps.
                s.set_map("spec.selector", MapSchema::Map);
                s.set_list("status.conditions", ListSchema::map(&["type"]));
                pod_template(&mut s, "spec.template");
                true
            }
            ("apps", "StatefulSet") => {
                workload(&mut s, "spec");
                s.set_always_serialized("spec.updateStrategy", json!({}));
                for p in ["metadata", "spec", "spec.resources", "status"] {
                    s.set_always_serialized(&format!("spec.volumeClaimTemplates[].{p}"), json!({}));
                }
                true
            }
            ("apps", "DaemonSet") => {
                workload(&mut s, "spec");
                s.set_always_serialized("spec.updateStrategy", json!({}));
                true
            }
            ("batch", "Job") => {
                job_spec(&mut s, "spec");
                job_status(&mut s, "status");
                true
            }
            ("batch", "CronJob") => {
                s.set_always_serialized("spec.jobTemplate", json!({}));
                s.set_always_serialized("spec.jobTemplate.metadata", json!({}));
                object_meta(&mut s, "spec.jobTemplate.metadata");
                s.set_always_serialized("spec.jobTemplate.spec", json!({}));
                job_spec(&mut s, "spec.jobTemplate.spec");
                true
            }
            ("", "Service") => {
                s.set_list(
                    "spec.ports",
                    ListSchema::map_with_defaults(&["port", "protocol"], &[("protocol", json!("TCP"))]),
                );
                s.set_map("spec.selector", MapSchema::Atomic);
                s.set_list("status.conditions", ListSchema::map(&["type"]));
                s.set_always_serialized("status.loadBalancer", json!({}));
                true
            }
            ("", "Node") => {
                s.set_list("spec.podCIDRs", ListSchema::Set);
                s.set_list("status.conditions", ListSchema::map(&["type"]));
                s.set_list("status.addresses", ListSchema::map(&["type"]));
                for m in ["capacity", "allocatable"] {
                    s.set_map(&format!("status.{m}"), MapSchema::Map);
                }
                for p in ["daemonEndpoints", "daemonEndpoints.kubeletEndpoint", "nodeInfo"] {
                    s.set_always_serialized(&format!("status.{p}"), json!({}));
                }
                true
            }
            ("", "Namespace") => {
                s.set_list("status.conditions", ListSchema::map(&["type"]));
                true
            }
            ("", "ConfigMap") => {
                s.set_map("data", MapSchema::Map);
                s.set_map("binaryData", MapSchema::Map);
                false
            }
            ("", "Secret") => {
                s.set_map("data", MapSchema::Map);
                s.set_map("stringData", MapSchema::Map);
                false
            }
            ("", "PersistentVolume") => {
                s.set_map("spec.capacity", MapSchema::Map);
                s.set_map("spec.nodeAffinity.required", MapSchema::Atomic);
                true
            }
            ("", "PersistentVolumeClaim") => {
                pvc_spec(&mut s, "spec");
                s.set_map("status.capacity", MapSchema::Map);
                s.set_map("status.allocatedResources", MapSchema::Map);
                s.set_list("status.conditions", ListSchema::map(&["type"]));
                true
            }
            ("", "ServiceAccount") => {
                s.set_list("secrets", ListSchema::map(&["name"]));
                false
            }
            ("", "Event") | ("events.k8s.io", "Event") => {
                s.set_map("involvedObject", MapSchema::Atomic);
                s.set_map("related", MapSchema::Atomic);
                s.set_always_serialized("involvedObject", json!({}));
                s.set_always_serialized("source", json!({}));
                false
            }
            ("", "Endpoints") | ("", "LimitRange") | ("", "ResourceQuota") => {
                if kind == "ResourceQuota" {
                    s.set_map("spec.hard", MapSchema::Map);
                    s.set_map("status.hard", MapSchema::Map);
                    s.set_map("status.used", MapSchema::Map);
                }
                kind == "ResourceQuota"
            }
            _ => return custom(s),
        };
        if has_status {
            s.set_always_serialized("spec", json!({}));
            s.set_always_serialized("status", json!({}));
            s.set_reset_fields("", &["status"]);
            s.set_reset_fields("status", &["spec"]);
        }
        s
    }
}

/// Unknown kinds (custom resources): only `metadata` is known; they are unstructured, so no struct
/// is serialized unless set.
fn custom(s: ApplySchema) -> ApplySchema {
    s
}

fn object_meta(s: &mut ApplySchema, at: &str) {
    s.set_map(&format!("{at}.labels"), MapSchema::Map);
    s.set_map(&format!("{at}.annotations"), MapSchema::Map);
    s.set_list(&format!("{at}.ownerReferences"), ListSchema::map(&["uid"]));
    s.set_list(&format!("{at}.finalizers"), ListSchema::Set);
}

fn label_selector(s: &mut ApplySchema, at: &str) {
    s.set_map(at, MapSchema::Atomic);
}

/// Deployment / ReplicaSet / StatefulSet / DaemonSet: an atomic selector, a pod template, and
/// status conditions keyed by `type`.
fn workload(s: &mut ApplySchema, at: &str) {
    label_selector(s, &format!("{at}.selector"));
    s.set_always_serialized(&format!("{at}.selector"), Value::Null);
    pod_template(s, &format!("{at}.template"));
    s.set_list("status.conditions", ListSchema::map(&["type"]));
}

fn pod_template(s: &mut ApplySchema, at: &str) {
    s.set_always_serialized(at, json!({}));
    s.set_always_serialized(&format!("{at}.metadata"), json!({}));
    object_meta(s, &format!("{at}.metadata"));
    s.set_always_serialized(&format!("{at}.spec"), json!({}));
    pod_spec(s, &format!("{at}.spec"));
}

fn job_spec(s: &mut ApplySchema, at: &str) {
    label_selector(s, &format!("{at}.selector"));
    pod_template(s, &format!("{at}.template"));
}

fn job_status(s: &mut ApplySchema, at: &str) {
    s.set_list(
        &format!("{at}.uncountedTerminatedPods.succeeded"),
        ListSchema::Set,
    );
    s.set_list(&format!("{at}.uncountedTerminatedPods.failed"), ListSchema::Set);
}

fn pvc_spec(s: &mut ApplySchema, at: &str) {
    label_selector(s, &format!("{at}.selector"));
    s.set_map(&format!("{at}.dataSource"), MapSchema::Atomic);
    s.set_always_serialized(&format!("{at}.resources"), json!({}));
    s.set_map(&format!("{at}.resources.requests"), MapSchema::Map);
    s.set_map(&format!("{at}.resources.limits"), MapSchema::Map);
}

fn pod_spec(s: &mut ApplySchema, at: &str) {
    let by_name = || ListSchema::map(&["name"]);
    s.set_always_serialized(&format!("{at}.containers"), Value::Null);
    for c in ["initContainers", "containers", "ephemeralContainers"] {
        s.set_list(&format!("{at}.{c}"), by_name());
        container(s, &format!("{at}.{c}[]"));
    }
    s.set_list(&format!("{at}.volumes"), by_name());
    s.set_map(&format!("{at}.nodeSelector"), MapSchema::Atomic);
    s.set_list(
        &format!("{at}.imagePullSecrets"),
        ListSchema::map_with_defaults(&["name"], &[("name", json!(""))]),
    );
    s.set_map(&format!("{at}.imagePullSecrets[]"), MapSchema::Atomic);
    s.set_list(&format!("{at}.hostAliases"), ListSchema::map(&["ip"]));
    s.set_list(
        &format!("{at}.topologySpreadConstraints"),
        ListSchema::map(&["topologyKey", "whenUnsatisfiable"]),
    );
    label_selector(s, &format!("{at}.topologySpreadConstraints[].labelSelector"));
    s.set_list(&format!("{at}.schedulingGates"), by_name());
    s.set_list(&format!("{at}.resourceClaims"), by_name());
    s.set_list(&format!("{at}.resources.claims"), by_name());
    s.set_map(&format!("{at}.overhead"), MapSchema::Map);
    s.set_map(
        &format!("{at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
        MapSchema::Atomic,
    );
}

fn container(s: &mut ApplySchema, at: &str) {
    s.set_list(
        &format!("{at}.ports"),
        ListSchema::map_with_defaults(&["containerPort", "protocol"], &[("protocol", json!("TCP"))]),
    );
    s.set_list(&format!("{at}.env"), ListSchema::map(&["name"]));
    for r in ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"] {
        s.set_map(&format!("{at}.env[].valueFrom.{r}"), MapSchema::Atomic);
    }
    s.set_list(&format!("{at}.volumeMounts"), ListSchema::map(&["mountPath"]));
    s.set_list(&format!("{at}.volumeDevices"), ListSchema::map(&["devicePath"]));
    s.set_always_serialized(&format!("{at}.resources"), json!({}));
    s.set_map(&format!("{at}.resources.limits"), MapSchema::Map);
    s.set_map(&format!("{at}.resources.requests"), MapSchema::Map);
    s.set_list(&format!("{at}.resources.claims"), ListSchema::map(&["name"]));
}

fn pod_status(s: &mut ApplySchema, at: &str) {
    s.set_list(&format!("{at}.conditions"), ListSchema::map(&["type"]));
    s.set_list(&format!("{at}.podIPs"), ListSchema::map(&["ip"]));
    s.set_list(&format!("{at}.resourceClaimStatuses"), ListSchema::map(&["name"]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workloads_know_their_pod_template() {
        let s = ApplySchema::for_kind("apps", "Deployment");
        let spec = s.root.field("spec");
        assert_eq!(spec.field("selector").map_schema(), MapSchema::Atomic);
        let containers = spec.field("template").field("spec").field("containers");
        assert_eq!(containers.list_schema(), &ListSchema::map(&["name"]));
        let ports = containers.item().field("ports");
        assert!(matches!(ports.list_schema(), ListSchema::Map { keys, .. } if keys.len() == 2));
        assert_eq!(
            s.root.field("status").field("conditions").list_schema(),
            &ListSchema::map(&["type"])
        );
        let cj = ApplySchema::for_kind("batch", "CronJob");
        let tpl = cj
            .root
            .field("spec")
            .field("jobTemplate")
            .field("spec")
            .field("template");
        assert_eq!(
            tpl.field("spec").field("volumes").list_schema(),
            &ListSchema::map(&["name"])
        );
        let cr = ApplySchema::for_kind("example.com", "Widget");
        assert_eq!(
            cr.root.field("spec").field("items").list_schema(),
            &ListSchema::Atomic
        );
        assert!(cr.reset_fields("").is_none());
    }
}
