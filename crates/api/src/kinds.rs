//! The table of built-in kinds and the glue that runs a kind's typed functions on JSON.
//!
//! Each kind module exports a `static Kind<T>`: its quantity paths (checked and canonicalized on
//! decode), defaulting, create-time preparation, and create/update validation, all on the typed
//! `k8s-openapi` struct. `Kind<T>` turns them into the untyped [`Ops`] the public API dispatches on.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::decode::{self, DecodeError};
use crate::field::{self, FieldErr, Path};

/// Typed functions of one kind.
pub struct Kind<T: 'static> {
    /// Quantity paths, e.g. `spec.containers[].resources.limits.*` (canonicalized on decode).
    pub quantities: &'static [&'static str],
    /// Defaulting; the flag is true for an object not yet stored (create).
    pub default: fn(&mut T, bool),
    /// Create-time preparation the registry strategy does (status reset, generated fields).
    pub prepare: fn(&mut T),
    /// Create validation.
    pub create: fn(&T) -> Vec<FieldErr>,
    /// Update validation (new, old).
    pub update: fn(&T, &T) -> Vec<FieldErr>,
}

/// A `prepare` that does nothing.
pub fn no_prepare<T>(_: &mut T) {}

/// A `default` that does nothing.
pub fn no_default<T>(_: &mut T, _: bool) {}

/// Untyped operations on one kind.
pub trait Ops: Sync {
    fn decode(&self, value: &Value, unknown: &mut Vec<String>) -> Result<Value, DecodeError>;
    fn default(&self, obj: &mut Value);
    fn prepare(&self, obj: &mut Value);
    fn validate_create(&self, obj: &Value) -> Vec<FieldErr>;
    fn validate_update(&self, new: &Value, old: &Value) -> Vec<FieldErr>;
}

fn parse<T: DeserializeOwned>(v: &Value) -> Result<T, FieldErr> {
    serde_json::from_value(v.clone())
        .map_err(|e| field::internal(&Path::default(), format!("object does not decode: {e}")))
}

fn is_create(v: &Value) -> bool {
    v.pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
}

impl<T: DeserializeOwned + Serialize + Sync> Kind<T> {
    fn write_back(&self, obj: &mut Value, typed: &T) {
        if let Ok(mut v) = serde_json::to_value(typed) {
            let _ = decode::canonicalize_quantities(&mut v, self.quantities);
            *obj = v;
        }
    }
}

impl<T: DeserializeOwned + Serialize + Sync> Ops for Kind<T> {
    fn decode(&self, value: &Value, unknown: &mut Vec<String>) -> Result<Value, DecodeError> {
        let (_, mut out) = decode::typed::<T>(value, unknown)?;
        decode::canonicalize_quantities(&mut out, self.quantities)?;
        Ok(out)
    }

    fn default(&self, obj: &mut Value) {
        let create = is_create(obj);
        let Ok(mut typed) = serde_json::from_value::<T>(obj.clone()) else {
            return;
        };
        (self.default)(&mut typed, create);
        self.write_back(obj, &typed);
    }

    fn prepare(&self, obj: &mut Value) {
        let Ok(mut typed) = serde_json::from_value::<T>(obj.clone()) else {
            return;
        };
        (self.prepare)(&mut typed);
        self.write_back(obj, &typed);
    }

    fn validate_create(&self, obj: &Value) -> Vec<FieldErr> {
        match parse::<T>(obj) {
            Ok(t) => (self.create)(&t),
            Err(e) => vec![e],
        }
    }

    fn validate_update(&self, new: &Value, old: &Value) -> Vec<FieldErr> {
        match (parse::<T>(new), parse::<T>(old)) {
            (Ok(n), Ok(o)) => (self.update)(&n, &o),
            (Err(e), _) | (_, Err(e)) => vec![e],
        }
    }
}

/// One row of the kind table.
pub struct KindInfo {
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    /// Lower-case plural resource name, as in URLs.
    pub resource: &'static str,
    pub namespaced: bool,
    pub ops: &'static dyn Ops,
}

macro_rules! row {
    ($g:literal, $v:literal, $k:literal, $r:literal, $ns:literal, $ops:expr) => {
        KindInfo {
            group: $g,
            version: $v,
            kind: $k,
            resource: $r,
            namespaced: $ns,
            ops: &$ops,
        }
    };
}

/// Every built-in kind this crate handles.
pub static KINDS: &[KindInfo] = &[
    row!(
        "",
        "v1",
        "Namespace",
        "namespaces",
        false,
        crate::core::namespace::NAMESPACE
    ),
    row!("", "v1", "Node", "nodes", false, crate::core::node::NODE),
    row!("", "v1", "Pod", "pods", true, crate::core::pod::POD),
    row!(
        "",
        "v1",
        "PodTemplate",
        "podtemplates",
        true,
        crate::core::pod::POD_TEMPLATE
    ),
    row!(
        "",
        "v1",
        "ReplicationController",
        "replicationcontrollers",
        true,
        crate::core::replication_controller::REPLICATION_CONTROLLER
    ),
    row!(
        "",
        "v1",
        "Service",
        "services",
        true,
        crate::core::service::SERVICE
    ),
    row!(
        "",
        "v1",
        "Endpoints",
        "endpoints",
        true,
        crate::core::endpoints::ENDPOINTS
    ),
    row!("", "v1", "Event", "events", true, crate::core::event::EVENT),
    row!(
        "",
        "v1",
        "ConfigMap",
        "configmaps",
        true,
        crate::core::config::CONFIG_MAP
    ),
    row!("", "v1", "Secret", "secrets", true, crate::core::config::SECRET),
    row!(
        "",
        "v1",
        "ServiceAccount",
        "serviceaccounts",
        true,
        crate::core::config::SERVICE_ACCOUNT
    ),
    row!(
        "",
        "v1",
        "PersistentVolume",
        "persistentvolumes",
        false,
        crate::core::storage::PERSISTENT_VOLUME
    ),
    row!(
        "",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        true,
        crate::core::storage::PERSISTENT_VOLUME_CLAIM
    ),
    row!(
        "",
        "v1",
        "ResourceQuota",
        "resourcequotas",
        true,
        crate::core::quota::RESOURCE_QUOTA
    ),
    row!(
        "",
        "v1",
        "LimitRange",
        "limitranges",
        true,
        crate::core::quota::LIMIT_RANGE
    ),
    row!(
        "",
        "v1",
        "Binding",
        "bindings",
        true,
        crate::core::binding::BINDING
    ),
    row!(
        "apps",
        "v1",
        "Deployment",
        "deployments",
        true,
        crate::apps::deployment::DEPLOYMENT
    ),
    row!(
        "apps",
        "v1",
        "ReplicaSet",
        "replicasets",
        true,
        crate::apps::replicaset::REPLICA_SET
    ),
    row!(
        "apps",
        "v1",
        "StatefulSet",
        "statefulsets",
        true,
        crate::apps::statefulset::STATEFUL_SET
    ),
    row!(
        "apps",
        "v1",
        "DaemonSet",
        "daemonsets",
        true,
        crate::apps::daemonset::DAEMON_SET
    ),
    row!(
        "apps",
        "v1",
        "ControllerRevision",
        "controllerrevisions",
        true,
        crate::apps::controller_revision::CONTROLLER_REVISION
    ),
    row!("batch", "v1", "Job", "jobs", true, crate::batch::job::JOB),
    row!(
        "batch",
        "v1",
        "CronJob",
        "cronjobs",
        true,
        crate::batch::cronjob::CRON_JOB
    ),
    row!(
        "storage.k8s.io",
        "v1",
        "StorageClass",
        "storageclasses",
        false,
        crate::storage::STORAGE_CLASS
    ),
    row!(
        "coordination.k8s.io",
        "v1",
        "Lease",
        "leases",
        true,
        crate::coordination::LEASE
    ),
    row!(
        "events.k8s.io",
        "v1",
        "Event",
        "events",
        true,
        crate::events::EVENT
    ),
    row!(
        "policy",
        "v1",
        "PodDisruptionBudget",
        "poddisruptionbudgets",
        true,
        crate::policy::POD_DISRUPTION_BUDGET
    ),
    row!(
        "policy",
        "v1",
        "Eviction",
        "evictions",
        true,
        crate::policy::EVICTION
    ),
    row!(
        "scheduling.k8s.io",
        "v1",
        "PriorityClass",
        "priorityclasses",
        false,
        crate::scheduling::PRIORITY_CLASS
    ),
    row!(
        "discovery.k8s.io",
        "v1",
        "EndpointSlice",
        "endpointslices",
        true,
        crate::discovery::ENDPOINT_SLICE
    ),
    row!(
        "autoscaling",
        "v1",
        "Scale",
        "scale",
        true,
        crate::autoscaling::SCALE
    ),
    row!(
        "authorization.k8s.io",
        "v1",
        "SelfSubjectAccessReview",
        "selfsubjectaccessreviews",
        false,
        crate::authorization::SELF_SUBJECT_ACCESS_REVIEW
    ),
];

/// The row for a group/version/kind.
pub fn lookup(group: &str, version: &str, kind: &str) -> Option<&'static KindInfo> {
    KINDS
        .iter()
        .find(|k| k.group == group && k.version == version && k.kind == kind)
}
