//! Default constraints for pods without their own (upstream `buildDefaultConstraints` and
//! `helper.DefaultSelector`): the selector comes from the Services selecting the pod and the
//! ReplicationController / ReplicaSet / StatefulSet controlling it.
//!
//! The scheduler [`Snapshot`](crate::framework::Snapshot) holds none of those objects, so the plugin
//! takes a [`WorkloadLister`] from whoever builds it. Without one, the selector is empty and, as
//! upstream does for a pod nothing selects, no default constraint applies.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, ReplicationController, Service, TopologySpreadConstraint};
use skiff_apimachinery::labels::LabelSelector;

use super::constraints::{
    parse_selector, pod_labels, pod_namespace, LABEL_HOSTNAME, LABEL_ZONE, SCHEDULE_ANYWAY,
};

/// Upstream's system defaults: `{maxSkew: 3, hostname, ScheduleAnyway}` and
/// `{maxSkew: 5, zone, ScheduleAnyway}`.
pub fn system_default_constraints() -> Vec<TopologySpreadConstraint> {
    [(LABEL_HOSTNAME, 3), (LABEL_ZONE, 5)]
        .into_iter()
        .map(|(key, max_skew)| TopologySpreadConstraint {
            topology_key: key.into(),
            when_unsatisfiable: SCHEDULE_ANYWAY.into(),
            max_skew,
            ..Default::default()
        })
        .collect()
}

/// Read access to the workload objects the default selector is built from (informer caches in the
/// scheduler binary, [`StaticWorkloads`] in tests).
pub trait WorkloadLister: Send + Sync {
    /// All Services of `namespace`.
    fn services(&self, namespace: &str) -> Vec<Arc<Service>>;
    fn replication_controller(&self, namespace: &str, name: &str) -> Option<Arc<ReplicationController>>;
    fn replica_set(&self, namespace: &str, name: &str) -> Option<Arc<ReplicaSet>>;
    fn stateful_set(&self, namespace: &str, name: &str) -> Option<Arc<StatefulSet>>;
}

/// A [`WorkloadLister`] over fixed lists.
#[derive(Debug, Clone, Default)]
pub struct StaticWorkloads {
    pub services: Vec<Arc<Service>>,
    pub replication_controllers: Vec<Arc<ReplicationController>>,
    pub replica_sets: Vec<Arc<ReplicaSet>>,
    pub stateful_sets: Vec<Arc<StatefulSet>>,
}

fn find<T>(
    items: &[Arc<T>],
    meta: impl Fn(&T) -> &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    namespace: &str,
    name: &str,
) -> Option<Arc<T>> {
    items
        .iter()
        .find(|o| {
            let m = meta(o);
            m.namespace.as_deref().unwrap_or("default") == namespace && m.name.as_deref() == Some(name)
        })
        .cloned()
}

impl WorkloadLister for StaticWorkloads {
    fn services(&self, namespace: &str) -> Vec<Arc<Service>> {
        self.services
            .iter()
            .filter(|s| s.metadata.namespace.as_deref().unwrap_or("default") == namespace)
            .cloned()
            .collect()
    }

    fn replication_controller(&self, namespace: &str, name: &str) -> Option<Arc<ReplicationController>> {
        find(&self.replication_controllers, |o| &o.metadata, namespace, name)
    }

    fn replica_set(&self, namespace: &str, name: &str) -> Option<Arc<ReplicaSet>> {
        find(&self.replica_sets, |o| &o.metadata, namespace, name)
    }

    fn stateful_set(&self, namespace: &str, name: &str) -> Option<Arc<StatefulSet>> {
        find(&self.stateful_sets, |o| &o.metadata, namespace, name)
    }
}

/// The selector shared by the pod's Services and controller (upstream `helper.DefaultSelector`):
/// the Services' and ReplicationController's selectors merged as a label set, plus the ReplicaSet's
/// or StatefulSet's selector requirements. Empty when nothing selects or controls the pod.
pub fn default_selector(pod: &Pod, lister: &dyn WorkloadLister) -> LabelSelector {
    let ns = pod_namespace(pod);
    let labels = pod_labels(pod);
    let mut set: BTreeMap<String, String> = BTreeMap::new();
    for svc in lister.services(ns) {
        // A Service without a selector selects nothing, not everything.
        let Some(sel) = svc.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
            continue;
        };
        if sel.iter().all(|(k, v)| labels.get(k) == Some(v)) {
            set.extend(sel.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    let as_selector = |set: &BTreeMap<String, String>| {
        LabelSelector::from_set(set.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    };
    let selector = as_selector(&set);

    let Some(owner) = pod
        .metadata
        .owner_references
        .iter()
        .flatten()
        .find(|o| o.controller == Some(true))
    else {
        return selector;
    };
    let add_requirements =
        |selector: LabelSelector, other: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector| {
            match parse_selector(Some(other)) {
                Ok(other) => selector.add_requirements(other.requirements().iter().cloned()),
                Err(_) => selector,
            }
        };
    match (owner.api_version.as_str(), owner.kind.as_str()) {
        ("v1", "ReplicationController") => match lister.replication_controller(ns, &owner.name) {
            Some(rc) => {
                let rc_sel = rc.spec.as_ref().and_then(|s| s.selector.as_ref());
                set.extend(rc_sel.into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
                as_selector(&set)
            }
            None => selector,
        },
        ("apps/v1", "ReplicaSet") => match lister.replica_set(ns, &owner.name) {
            Some(rs) => match rs.spec.as_ref() {
                Some(spec) => add_requirements(selector, &spec.selector),
                None => selector,
            },
            None => selector,
        },
        ("apps/v1", "StatefulSet") => match lister.stateful_set(ns, &owner.name) {
            Some(ss) => match ss.spec.as_ref() {
                Some(spec) => add_requirements(selector, &spec.selector),
                None => selector,
            },
            None => selector,
        },
        _ => selector,
    }
}
