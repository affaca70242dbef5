//! Fixture builders for plugin tests (upstream `framework/testing/wrappers.go` style):
//! `PodBuilder::new("p").req("cpu", "2")`, `NodeBuilder::new("n").cap("cpu", "4").label("zone", "a")`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, Node, NodeSpec, NodeStatus, Pod, PodSpec, ResourceRequirements, Taint, Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

pub struct PodBuilder(pub Pod);

impl PodBuilder {
    pub fn new(name: &str) -> PodBuilder {
        PodBuilder(Pod {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                uid: Some(format!("uid-{name}")),
                ..Default::default()
            },
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "c".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            status: None,
        })
    }

    fn spec(&mut self) -> &mut PodSpec {
        self.0.spec.get_or_insert_with(Default::default)
    }

    pub fn namespace(mut self, ns: &str) -> Self {
        self.0.metadata.namespace = Some(ns.into());
        self
    }

    pub fn label(mut self, k: &str, v: &str) -> Self {
        self.0
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(k.into(), v.into());
        self
    }

    /// Add a request to the first container.
    pub fn req(mut self, resource: &str, q: &str) -> Self {
        let c = &mut self.spec().containers[0];
        c.resources
            .get_or_insert_with(ResourceRequirements::default)
            .requests
            .get_or_insert_with(BTreeMap::new)
            .insert(resource.into(), Quantity(q.into()));
        self
    }

    pub fn node(mut self, node: &str) -> Self {
        self.spec().node_name = Some(node.into());
        self
    }

    pub fn priority(mut self, p: i32) -> Self {
        self.spec().priority = Some(p);
        self
    }

    pub fn toleration(mut self, key: &str, op: &str, value: &str, effect: &str) -> Self {
        let t = Toleration {
            key: (!key.is_empty()).then(|| key.into()),
            operator: Some(op.into()),
            value: (!value.is_empty()).then(|| value.into()),
            effect: (!effect.is_empty()).then(|| effect.into()),
            toleration_seconds: None,
        };
        self.spec().tolerations.get_or_insert_with(Vec::new).push(t);
        self
    }

    pub fn node_selector(mut self, k: &str, v: &str) -> Self {
        self.spec()
            .node_selector
            .get_or_insert_with(BTreeMap::new)
            .insert(k.into(), v.into());
        self
    }

    /// Set `status.nominatedNodeName` (what preemption writes).
    pub fn nominated_node(mut self, node: &str) -> Self {
        self.0
            .status
            .get_or_insert_with(Default::default)
            .nominated_node_name = Some(node.into());
        self
    }

    /// Mutate the spec directly for anything the builder lacks (affinity, spread constraints, ports...).
    pub fn with_spec(mut self, f: impl FnOnce(&mut PodSpec)) -> Self {
        f(self.spec());
        self
    }

    pub fn build(self) -> Pod {
        self.0
    }
}

pub struct NodeBuilder(pub Node);

impl NodeBuilder {
    pub fn new(name: &str) -> NodeBuilder {
        let mut labels = BTreeMap::new();
        labels.insert("kubernetes.io/hostname".to_string(), name.to_string());
        NodeBuilder(Node {
            metadata: ObjectMeta {
                name: Some(name.into()),
                labels: Some(labels),
                ..Default::default()
            },
            spec: Some(NodeSpec::default()),
            status: Some(NodeStatus::default()),
        })
    }

    pub fn label(mut self, k: &str, v: &str) -> Self {
        self.0
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(k.into(), v.into());
        self
    }

    /// Set allocatable (and capacity) of a resource.
    pub fn cap(mut self, resource: &str, q: &str) -> Self {
        let st = self.0.status.get_or_insert_with(Default::default);
        st.allocatable
            .get_or_insert_with(BTreeMap::new)
            .insert(resource.into(), Quantity(q.into()));
        st.capacity
            .get_or_insert_with(BTreeMap::new)
            .insert(resource.into(), Quantity(q.into()));
        self
    }

    pub fn taint(mut self, key: &str, value: &str, effect: &str) -> Self {
        let t = Taint {
            key: key.into(),
            value: (!value.is_empty()).then(|| value.into()),
            effect: effect.into(),
            time_added: None,
        };
        self.0
            .spec
            .get_or_insert_with(Default::default)
            .taints
            .get_or_insert_with(Vec::new)
            .push(t);
        self
    }

    pub fn unschedulable(mut self) -> Self {
        self.0.spec.get_or_insert_with(Default::default).unschedulable = Some(true);
        self
    }

    pub fn with(mut self, f: impl FnOnce(&mut Node)) -> Self {
        f(&mut self.0);
        self
    }

    pub fn build(self) -> Node {
        self.0
    }
}

// Pod (anti-)affinity terms, topology spread constraints and owners (InterPodAffinity,
// PodTopologySpread). Fully qualified paths keep this block independent of the imports above.

/// A `metav1.LabelSelector` with one expression: `key <op> values` (`In`, `NotIn`, `Exists`,
/// `DoesNotExist`; values are ignored for the last two).
pub fn label_selector(
    key: &str,
    op: &str,
    values: &[&str],
) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
    LabelSelector {
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| v.to_string()).collect()),
        }]),
        match_labels: None,
    }
}

/// A pod affinity term over `topology_key` with one selector expression (see [`label_selector`]);
/// set `namespaces`, `namespace_selector`, `match_label_keys` with struct update syntax.
pub fn affinity_term(
    topology_key: &str,
    key: &str,
    op: &str,
    values: &[&str],
) -> k8s_openapi::api::core::v1::PodAffinityTerm {
    k8s_openapi::api::core::v1::PodAffinityTerm {
        label_selector: Some(label_selector(key, op, values)),
        topology_key: topology_key.into(),
        ..Default::default()
    }
}

/// A topology spread constraint with one selector expression (see [`label_selector`]);
/// `when_unsatisfiable` is `DoNotSchedule` or `ScheduleAnyway`.
pub fn spread_constraint(
    max_skew: i32,
    topology_key: &str,
    when_unsatisfiable: &str,
    key: &str,
    op: &str,
    values: &[&str],
) -> k8s_openapi::api::core::v1::TopologySpreadConstraint {
    k8s_openapi::api::core::v1::TopologySpreadConstraint {
        max_skew,
        topology_key: topology_key.into(),
        when_unsatisfiable: when_unsatisfiable.into(),
        label_selector: Some(label_selector(key, op, values)),
        ..Default::default()
    }
}

impl PodBuilder {
    fn affinity(&mut self) -> &mut k8s_openapi::api::core::v1::Affinity {
        self.spec().affinity.get_or_insert_with(Default::default)
    }

    /// Add a required pod affinity term.
    pub fn pod_affinity(mut self, term: k8s_openapi::api::core::v1::PodAffinityTerm) -> Self {
        self.affinity()
            .pod_affinity
            .get_or_insert_with(Default::default)
            .required_during_scheduling_ignored_during_execution
            .get_or_insert_with(Vec::new)
            .push(term);
        self
    }

    /// Add a preferred pod affinity term with `weight`.
    pub fn preferred_pod_affinity(
        mut self,
        weight: i32,
        term: k8s_openapi::api::core::v1::PodAffinityTerm,
    ) -> Self {
        self.affinity()
            .pod_affinity
            .get_or_insert_with(Default::default)
            .preferred_during_scheduling_ignored_during_execution
            .get_or_insert_with(Vec::new)
            .push(k8s_openapi::api::core::v1::WeightedPodAffinityTerm {
                pod_affinity_term: term,
                weight,
            });
        self
    }

    /// Add a required pod anti-affinity term.
    pub fn pod_anti_affinity(mut self, term: k8s_openapi::api::core::v1::PodAffinityTerm) -> Self {
        self.affinity()
            .pod_anti_affinity
            .get_or_insert_with(Default::default)
            .required_during_scheduling_ignored_during_execution
            .get_or_insert_with(Vec::new)
            .push(term);
        self
    }

    /// Add a preferred pod anti-affinity term with `weight`.
    pub fn preferred_pod_anti_affinity(
        mut self,
        weight: i32,
        term: k8s_openapi::api::core::v1::PodAffinityTerm,
    ) -> Self {
        self.affinity()
            .pod_anti_affinity
            .get_or_insert_with(Default::default)
            .preferred_during_scheduling_ignored_during_execution
            .get_or_insert_with(Vec::new)
            .push(k8s_openapi::api::core::v1::WeightedPodAffinityTerm {
                pod_affinity_term: term,
                weight,
            });
        self
    }

    /// Add a topology spread constraint.
    pub fn spread(mut self, c: k8s_openapi::api::core::v1::TopologySpreadConstraint) -> Self {
        self.spec()
            .topology_spread_constraints
            .get_or_insert_with(Vec::new)
            .push(c);
        self
    }

    /// Set the controller owner reference (`apps/v1` `ReplicaSet` `name`, ...).
    pub fn controlled_by(mut self, api_version: &str, kind: &str, name: &str) -> Self {
        self.0
            .metadata
            .owner_references
            .get_or_insert_with(Vec::new)
            .push(k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
                api_version: api_version.into(),
                kind: kind.into(),
                name: name.into(),
                uid: format!("uid-{name}"),
                controller: Some(true),
                block_owner_deletion: None,
            });
        self
    }
}
