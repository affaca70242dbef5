//! Strategic-merge-patch metadata: which fields merge how (upstream's `patchStrategy` /
//! `patchMergeKey` struct tags of `k8s.io/api`, v1.33).
//!
//! A [`PatchSchema`] describes one object type: for each field, a [`FieldSchema`] with its
//! strategy, merge key and nested schema (for an object field, the object; for a list, the element).
//! Fields not described behave as untagged Go fields: objects merge recursively, lists are replaced.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A field's `patchStrategy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PatchStrategy {
    /// No tag: objects merge recursively, lists (and scalars) are replaced.
    #[default]
    Default,
    /// `merge`: lists of objects merge by the merge key, lists of scalars are unioned.
    Merge,
    /// `replace`: the patch value replaces the field wholesale (e.g. PDB `spec.selector`).
    Replace,
}

/// Patch metadata of one field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldSchema {
    /// The strategy.
    pub strategy: PatchStrategy,
    /// `patchMergeKey` for merged lists of objects.
    pub merge_key: Option<String>,
    /// `retainKeys` was part of the strategy. It only matters when *computing* patches (kubectl);
    /// applying honours `$retainKeys` directives regardless.
    pub retain_keys: bool,
    /// Schema of the nested object, or of the list elements.
    pub schema: PatchSchema,
}

impl FieldSchema {
    /// An untagged object field with a described nested schema.
    pub fn object(schema: PatchSchema) -> Self {
        FieldSchema {
            schema,
            ..Default::default()
        }
    }

    /// A list of objects merged by `merge_key`, elements described by `element`.
    pub fn merge_list(merge_key: &str, element: PatchSchema) -> Self {
        FieldSchema {
            strategy: PatchStrategy::Merge,
            merge_key: Some(merge_key.to_string()),
            retain_keys: false,
            schema: element,
        }
    }

    /// A list of scalars with `patchStrategy: merge` (a set, e.g. finalizers).
    pub fn primitive_set() -> Self {
        FieldSchema {
            strategy: PatchStrategy::Merge,
            ..Default::default()
        }
    }

    /// An untagged (atomic) list; the same as not describing the field.
    pub fn atomic() -> Self {
        FieldSchema::default()
    }

    /// `patchStrategy: replace`.
    pub fn replace() -> Self {
        FieldSchema {
            strategy: PatchStrategy::Replace,
            ..Default::default()
        }
    }

    /// Marks the strategy as also `retainKeys`.
    pub fn with_retain_keys(mut self) -> Self {
        self.retain_keys = true;
        self
    }
}

/// Patch metadata of an object type. Cheap to clone (shared).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatchSchema {
    fields: Arc<BTreeMap<String, FieldSchema>>,
}

impl PatchSchema {
    /// A schema with no described fields (everything default).
    pub fn new() -> Self {
        PatchSchema::default()
    }

    /// Adds or replaces the description of `name`.
    pub fn with(mut self, name: &str, field: FieldSchema) -> Self {
        Arc::make_mut(&mut self.fields).insert(name.to_string(), field);
        self
    }

    /// The description of `name`, if any.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.fields.get(name)
    }

    /// The described field names.
    pub fn field_names(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// The schema of a built-in kind (`group` is `""` or `"core"` for the core group). Unknown
    /// kinds (custom resources) get only the `metadata` rules; callers should use merge patch for
    /// them, as upstream rejects strategic merge patches on custom resources.
    pub fn for_kind(group: &str, kind: &str) -> PatchSchema {
        let group = if group == "core" { "" } else { group };
        match (group, kind) {
            ("", "Pod") => top(Some(pod_spec()), Some(pod_status())),
            ("", "PodTemplate") => meta_only().with("template", FieldSchema::object(pod_template_spec())),
            ("", "ReplicationController") => workload(),
            ("", "Node") => top(
                Some(PatchSchema::new().with("podCIDRs", FieldSchema::primitive_set())),
                Some(
                    PatchSchema::new()
                        .with("conditions", by_type())
                        .with("addresses", by_type()),
                ),
            ),
            ("", "Service") => top(
                Some(PatchSchema::new().with("ports", FieldSchema::merge_list("port", PatchSchema::new()))),
                Some(conditions_status()),
            ),
            ("", "ServiceAccount") => {
                meta_only().with("secrets", FieldSchema::merge_list("name", PatchSchema::new()))
            }
            ("", "PersistentVolumeClaim" | "Namespace") => top(None, Some(conditions_status())),
            ("", "ComponentStatus") => meta_only().with("conditions", by_type()),
            ("apps" | "extensions", "Deployment") => top(
                Some(template_spec().with(
                    "strategy",
                    FieldSchema::object(PatchSchema::new()).with_retain_keys(),
                )),
                Some(conditions_status()),
            ),
            ("apps" | "extensions", "ReplicaSet" | "StatefulSet" | "DaemonSet") | ("batch", "Job") => {
                workload()
            }
            ("batch", "CronJob") => top(
                Some(PatchSchema::new().with(
                    "jobTemplate",
                    FieldSchema::object(meta_only().with("spec", FieldSchema::object(template_spec()))),
                )),
                None,
            ),
            ("autoscaling", "HorizontalPodAutoscaler")
            | ("networking.k8s.io", "ServiceCIDR")
            | ("flowcontrol.apiserver.k8s.io", "FlowSchema" | "PriorityLevelConfiguration")
            | ("apiregistration.k8s.io", "APIService")
            | ("storagemigration.k8s.io", "StorageVersionMigration") => top(None, Some(conditions_status())),
            ("policy", "PodDisruptionBudget") => top(
                Some(PatchSchema::new().with("selector", FieldSchema::replace())),
                Some(conditions_status()),
            ),
            (
                "admissionregistration.k8s.io",
                "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration",
            ) => {
                let webhook = PatchSchema::new().with("matchConditions", by_name());
                meta_only().with("webhooks", FieldSchema::merge_list("name", webhook))
            }
            ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy") => top(
                Some(
                    PatchSchema::new()
                        .with("matchConditions", by_name())
                        .with("variables", by_name()),
                ),
                None,
            ),
            ("storage.k8s.io", "CSINode") => top(Some(PatchSchema::new().with("drivers", by_name())), None),
            ("resource.k8s.io", "ResourceClaim") => top(
                None,
                Some(
                    PatchSchema::new()
                        .with("reservedFor", FieldSchema::merge_list("uid", PatchSchema::new())),
                ),
            ),
            _ => meta_only(),
        }
    }

    /// `metav1.ObjectMeta`: `ownerReferences` merge by `uid`, `finalizers` merge as a set.
    pub fn object_meta() -> PatchSchema {
        static S: OnceLock<PatchSchema> = OnceLock::new();
        S.get_or_init(|| {
            PatchSchema::new()
                .with(
                    "ownerReferences",
                    FieldSchema::merge_list("uid", PatchSchema::new()),
                )
                .with("finalizers", FieldSchema::primitive_set())
        })
        .clone()
    }

    /// `core/v1.PodSpec`.
    pub fn pod_spec() -> PatchSchema {
        pod_spec()
    }
}

fn by_name() -> FieldSchema {
    FieldSchema::merge_list("name", PatchSchema::new())
}

fn by_type() -> FieldSchema {
    FieldSchema::merge_list("type", PatchSchema::new())
}

fn meta_only() -> PatchSchema {
    PatchSchema::new().with("metadata", FieldSchema::object(PatchSchema::object_meta()))
}

/// metadata + optional spec/status.
fn top(spec: Option<PatchSchema>, status: Option<PatchSchema>) -> PatchSchema {
    let mut s = meta_only();
    if let Some(spec) = spec {
        s = s.with("spec", FieldSchema::object(spec));
    }
    if let Some(status) = status {
        s = s.with("status", FieldSchema::object(status));
    }
    s
}

fn conditions_status() -> PatchSchema {
    PatchSchema::new().with("conditions", by_type())
}

/// A spec holding `template: PodTemplateSpec`.
fn template_spec() -> PatchSchema {
    PatchSchema::new().with("template", FieldSchema::object(pod_template_spec()))
}

/// Controllers with `spec.template` and `status.conditions` by type.
fn workload() -> PatchSchema {
    top(Some(template_spec()), Some(conditions_status()))
}

fn pod_template_spec() -> PatchSchema {
    meta_only().with("spec", FieldSchema::object(pod_spec()))
}

/// `core/v1.Container` (also `EphemeralContainer`): envFrom, resizePolicy, command, args atomic.
fn container() -> PatchSchema {
    PatchSchema::new()
        .with(
            "ports",
            FieldSchema::merge_list("containerPort", PatchSchema::new()),
        )
        .with("env", by_name())
        .with(
            "volumeMounts",
            FieldSchema::merge_list("mountPath", PatchSchema::new()),
        )
        .with(
            "volumeDevices",
            FieldSchema::merge_list("devicePath", PatchSchema::new()),
        )
}

/// `core/v1.PodSpec`: tolerations, readinessGates, dnsConfig lists etc. are atomic.
fn pod_spec() -> PatchSchema {
    static S: OnceLock<PatchSchema> = OnceLock::new();
    S.get_or_init(|| {
        let containers = FieldSchema::merge_list("name", container());
        PatchSchema::new()
            .with("containers", containers.clone())
            .with("initContainers", containers.clone())
            .with("ephemeralContainers", containers)
            .with("volumes", by_name().with_retain_keys())
            .with("imagePullSecrets", by_name())
            .with("hostAliases", FieldSchema::merge_list("ip", PatchSchema::new()))
            .with(
                "topologySpreadConstraints",
                FieldSchema::merge_list("topologyKey", PatchSchema::new()),
            )
            .with("schedulingGates", by_name())
            .with("resourceClaims", by_name().with_retain_keys())
    })
    .clone()
}

/// `core/v1.PodStatus`: containerStatuses and friends are atomic.
fn pod_status() -> PatchSchema {
    PatchSchema::new()
        .with("conditions", by_type())
        .with("hostIPs", FieldSchema::merge_list("ip", PatchSchema::new()))
        .with("podIPs", FieldSchema::merge_list("ip", PatchSchema::new()))
        .with("resourceClaimStatuses", by_name().with_retain_keys())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks a dotted path of field names through nested schemas.
    fn lookup(schema: &PatchSchema, path: &str) -> Option<FieldSchema> {
        let mut cur = schema.clone();
        let mut found = None;
        for name in path.split('.') {
            let f = cur.field(name)?.clone();
            cur = f.schema.clone();
            found = Some(f);
        }
        found
    }

    fn describe(f: Option<FieldSchema>) -> String {
        match f {
            None => "atomic".to_string(),
            Some(f) => match (f.strategy, f.merge_key) {
                (PatchStrategy::Merge, Some(k)) => format!("merge:{k}"),
                (PatchStrategy::Merge, None) => "set".to_string(),
                (PatchStrategy::Replace, _) => "replace".to_string(),
                (PatchStrategy::Default, _) => "object".to_string(),
            },
        }
    }

    #[test]
    fn built_in_rules() {
        let cases = [
            ("", "Pod", "metadata.ownerReferences", "merge:uid"),
            ("", "Pod", "metadata.finalizers", "set"),
            ("", "Pod", "spec.containers", "merge:name"),
            ("", "Pod", "spec.containers.ports", "merge:containerPort"),
            ("", "Pod", "spec.containers.env", "merge:name"),
            ("", "Pod", "spec.containers.envFrom", "atomic"),
            ("", "Pod", "spec.containers.volumeMounts", "merge:mountPath"),
            ("", "Pod", "spec.containers.volumeDevices", "merge:devicePath"),
            ("", "Pod", "spec.containers.resizePolicy", "atomic"),
            ("", "Pod", "spec.containers.args", "atomic"),
            ("", "Pod", "spec.initContainers.env", "merge:name"),
            ("", "Pod", "spec.ephemeralContainers", "merge:name"),
            ("", "Pod", "spec.volumes", "merge:name"),
            ("", "Pod", "spec.imagePullSecrets", "merge:name"),
            ("", "Pod", "spec.hostAliases", "merge:ip"),
            ("", "Pod", "spec.tolerations", "atomic"),
            ("", "Pod", "spec.topologySpreadConstraints", "merge:topologyKey"),
            ("", "Pod", "spec.resourceClaims", "merge:name"),
            ("", "Pod", "spec.schedulingGates", "merge:name"),
            ("", "Pod", "status.conditions", "merge:type"),
            ("", "Pod", "status.podIPs", "merge:ip"),
            ("", "Pod", "status.containerStatuses", "atomic"),
            ("", "Node", "spec.taints", "atomic"),
            ("", "Node", "spec.podCIDRs", "set"),
            ("", "Node", "status.addresses", "merge:type"),
            ("", "Node", "status.conditions", "merge:type"),
            ("", "Node", "status.images", "atomic"),
            ("core", "Service", "spec.ports", "merge:port"),
            ("", "Endpoints", "subsets", "atomic"),
            ("", "ServiceAccount", "secrets", "merge:name"),
            (
                "apps",
                "Deployment",
                "spec.template.spec.containers",
                "merge:name",
            ),
            ("apps", "Deployment", "spec.template.metadata.finalizers", "set"),
            ("apps", "Deployment", "status.conditions", "merge:type"),
            ("apps", "StatefulSet", "spec.template.spec.volumes", "merge:name"),
            ("apps", "StatefulSet", "spec.volumeClaimTemplates", "atomic"),
            (
                "apps",
                "DaemonSet",
                "spec.template.spec.containers.env",
                "merge:name",
            ),
            (
                "apps",
                "ReplicaSet",
                "spec.template.spec.containers",
                "merge:name",
            ),
            ("batch", "Job", "spec.template.spec.containers", "merge:name"),
            (
                "batch",
                "CronJob",
                "spec.jobTemplate.spec.template.spec.containers",
                "merge:name",
            ),
            (
                "batch",
                "CronJob",
                "spec.jobTemplate.metadata.ownerReferences",
                "merge:uid",
            ),
            ("policy", "PodDisruptionBudget", "spec.selector", "replace"),
            (
                "admissionregistration.k8s.io",
                "MutatingWebhookConfiguration",
                "webhooks.matchConditions",
                "merge:name",
            ),
            ("storage.k8s.io", "CSINode", "spec.drivers", "merge:name"),
            ("example.com", "Widget", "metadata.finalizers", "set"),
            ("example.com", "Widget", "spec", "atomic"),
        ];
        for (group, kind, path, want) in cases {
            let schema = PatchSchema::for_kind(group, kind);
            assert_eq!(describe(lookup(&schema, path)), want, "{group}/{kind} {path}");
        }
        let volumes = lookup(&PatchSchema::for_kind("", "Pod"), "spec.volumes").unwrap();
        assert!(volumes.retain_keys);
    }
}
