//! The built-in resources and their discovery facts (scope, short names, categories, subresources).

use super::{ResourceDef, Subresource};

const ALL_VERBS: &[&str] = &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

struct Entry {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    namespaced: bool,
    short: &'static [&'static str],
    categories: &'static [&'static str],
    subs: &'static [Subresource],
}

use Subresource::*;

const ENTRIES: &[Entry] = &[
    e("", "v1", "Namespace", "namespaces", false, &["ns"], &[], &[Status]),
    e("", "v1", "Node", "nodes", false, &["no"], &[], &[Status]),
    e("", "v1", "Pod", "pods", true, &["po"], &["all"], &[Status, Binding, Eviction]),
    e("", "v1", "Service", "services", true, &["svc"], &["all"], &[Status]),
    e("", "v1", "Endpoints", "endpoints", true, &["ep"], &[], &[]),
    e("", "v1", "Event", "events", true, &["ev"], &[], &[]),
    e("", "v1", "ConfigMap", "configmaps", true, &["cm"], &[], &[]),
    e("", "v1", "Secret", "secrets", true, &[], &[], &[]),
    e("", "v1", "ServiceAccount", "serviceaccounts", true, &["sa"], &[], &[]),
    e("", "v1", "PersistentVolume", "persistentvolumes", false, &["pv"], &[], &[Status]),
    e("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, &["pvc"], &[], &[Status]),
    e("", "v1", "ResourceQuota", "resourcequotas", true, &["quota"], &[], &[Status]),
    e("", "v1", "LimitRange", "limitranges", true, &["limits"], &[], &[]),
    e("apps", "v1", "Deployment", "deployments", true, &["deploy"], &["all"], &[Status, Scale]),
    e("apps", "v1", "ReplicaSet", "replicasets", true, &["rs"], &["all"], &[Status, Scale]),
    e("apps", "v1", "StatefulSet", "statefulsets", true, &["sts"], &["all"], &[Status, Scale]),
    e("apps", "v1", "DaemonSet", "daemonsets", true, &["ds"], &["all"], &[Status]),
    e("apps", "v1", "ControllerRevision", "controllerrevisions", true, &[], &[], &[]),
    e("batch", "v1", "Job", "jobs", true, &[], &["all"], &[Status]),
    e("batch", "v1", "CronJob", "cronjobs", true, &["cj"], &["all"], &[Status]),
    e("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, &["sc"], &[], &[]),
    e("coordination.k8s.io", "v1", "Lease", "leases", true, &[], &[], &[]),
    e("events.k8s.io", "v1", "Event", "events", true, &["ev"], &[], &[]),
    e("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, &["pdb"], &[], &[Status]),
    e("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, &["pc"], &[], &[]),
    e("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, &[], &[], &[]),
];

/// Resources that are only ever created, answered at once and never stored (reviews).
const CREATE_ONLY: &[(&str, &str, &str, &str)] =
    &[("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews")];

#[allow(clippy::too_many_arguments)]
const fn e(
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    namespaced: bool,
    short: &'static [&'static str],
    categories: &'static [&'static str],
    subs: &'static [Subresource],
) -> Entry {
    Entry { group, version, kind, plural, namespaced, short, categories, subs }
}

/// The resources every Skiff server serves from the start.
pub fn builtin() -> Vec<ResourceDef> {
    ENTRIES
        .iter()
        .map(|e| ResourceDef {
            group: e.group.into(),
            version: e.version.into(),
            kind: e.kind.into(),
            plural: e.plural.into(),
            singular: e.kind.to_lowercase(),
            namespaced: e.namespaced,
            short_names: e.short.iter().map(|s| s.to_string()).collect(),
            categories: e.categories.iter().map(|s| s.to_string()).collect(),
            subresources: e.subs.to_vec(),
            verbs: ALL_VERBS.to_vec(),
            allow_unconditional_update: true,
            graceful_delete: e.kind == "Pod",
            stored: true,
            storage_form: (e.group == "events.k8s.io").then_some(super::StorageForm::CoreEvent),
        })
        .chain(CREATE_ONLY.iter().map(|(group, version, kind, plural)| ResourceDef {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            plural: plural.to_string(),
            singular: kind.to_lowercase(),
            namespaced: false,
            short_names: vec![],
            categories: vec![],
            subresources: vec![],
            verbs: vec!["create"],
            allow_unconditional_update: false,
            graceful_delete: false,
            stored: false,
            storage_form: None,
        }))
        .collect()
}
