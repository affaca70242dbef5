//! Constraints as the plugin uses them: parsed selectors with `matchLabelKeys` merged, defaults
//! applied, and which nodes and pods count (upstream `podtopologyspread/common.go`).

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Node, Pod, TopologySpreadConstraint};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector as MetaLabelSelector;
use skiff_apimachinery::labels::{LabelSelector, SelectorError};

use crate::framework::PodInfo;
use crate::plugins::helpers::node_selector::RequiredNodeAffinity;
use crate::plugins::helpers::taints::{
    find_matching_untolerated_taint, is_do_not_schedule_taint, node_taints,
};

/// `whenUnsatisfiable: DoNotSchedule`: Filter enforces the constraint.
pub const DO_NOT_SCHEDULE: &str = "DoNotSchedule";
/// `whenUnsatisfiable: ScheduleAnyway`: Score prefers, Filter ignores.
pub const SCHEDULE_ANYWAY: &str = "ScheduleAnyway";
/// The well-known hostname label; counts for it are per node.
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";
/// The well-known zone label.
pub const LABEL_ZONE: &str = "topology.kubernetes.io/zone";

/// `nodeAffinityPolicy` / `nodeTaintsPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeInclusionPolicy {
    /// Count only nodes that pass (node affinity / taints).
    Honor,
    /// Count every node.
    Ignore,
}

impl NodeInclusionPolicy {
    fn parse(v: Option<&str>, default: NodeInclusionPolicy) -> NodeInclusionPolicy {
        match v {
            Some("Honor") => NodeInclusionPolicy::Honor,
            Some("Ignore") => NodeInclusionPolicy::Ignore,
            _ => default,
        }
    }
}

/// One constraint, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Constraint {
    pub max_skew: i32,
    pub topology_key: String,
    /// `labelSelector` with the pod's values of `matchLabelKeys` merged in.
    pub selector: LabelSelector,
    /// 1 when unset.
    pub min_domains: i32,
    /// Honor when unset.
    pub node_affinity_policy: NodeInclusionPolicy,
    /// Ignore when unset.
    pub node_taints_policy: NodeInclusionPolicy,
}

impl Constraint {
    /// Whether `node` counts for this constraint under its inclusion policies.
    pub fn includes_node(&self, pod: &Pod, node: &Node, required: &RequiredNodeAffinity) -> bool {
        if self.node_affinity_policy == NodeInclusionPolicy::Honor && !required.matches(node) {
            return false;
        }
        if self.node_taints_policy == NodeInclusionPolicy::Honor {
            let tolerations = pod
                .spec
                .as_ref()
                .and_then(|s| s.tolerations.as_deref())
                .unwrap_or_default();
            let untolerated =
                find_matching_untolerated_taint(node_taints(node), tolerations, is_do_not_schedule_taint);
            return untolerated.is_none();
        }
        true
    }
}

/// The constraints with `whenUnsatisfiable == action`, parsed (upstream
/// `filterTopologySpreadConstraints`).
pub fn filter_constraints(
    constraints: &[TopologySpreadConstraint],
    pod_labels: &BTreeMap<String, String>,
    action: &str,
) -> Result<Vec<Constraint>, SelectorError> {
    constraints
        .iter()
        .filter(|c| c.when_unsatisfiable == action)
        .map(|c| {
            let mut selector = parse_selector(c.label_selector.as_ref())?;
            let keys = c.match_label_keys.as_deref().unwrap_or_default();
            let match_labels: Vec<(&str, &str)> = keys
                .iter()
                .filter_map(|k| pod_labels.get(k).map(|v| (k.as_str(), v.as_str())))
                .collect();
            if !match_labels.is_empty() {
                // A nil labelSelector has no requirements: the merged selector is just the set.
                selector = LabelSelector::from_set(match_labels)
                    .add_requirements(selector.requirements().iter().cloned());
            }
            Ok(Constraint {
                max_skew: c.max_skew,
                topology_key: c.topology_key.clone(),
                selector,
                min_domains: c.min_domains.unwrap_or(1),
                node_affinity_policy: NodeInclusionPolicy::parse(
                    c.node_affinity_policy.as_deref(),
                    NodeInclusionPolicy::Honor,
                ),
                node_taints_policy: NodeInclusionPolicy::parse(
                    c.node_taints_policy.as_deref(),
                    NodeInclusionPolicy::Ignore,
                ),
            })
        })
        .collect()
}

/// Whether the node has every constraint's topology key.
pub fn node_has_all_keys(labels: &BTreeMap<String, String>, constraints: &[Constraint]) -> bool {
    constraints.iter().all(|c| labels.contains_key(&c.topology_key))
}

/// Pods of namespace `ns` matching `selector`, terminating pods excluded.
pub fn count_matching(pods: &[Arc<PodInfo>], selector: &LabelSelector, ns: &str) -> i64 {
    pods.iter()
        .filter(|p| {
            p.pod.metadata.deletion_timestamp.is_none() && p.namespace() == ns && selector.matches(p.labels())
        })
        .count() as i64
}

/// A `metav1.LabelSelector` as a matcher: absent selects nothing, `{}` selects everything.
pub fn parse_selector(selector: Option<&MetaLabelSelector>) -> Result<LabelSelector, SelectorError> {
    match selector {
        None => Ok(LabelSelector::nothing()),
        Some(s) => {
            let value = serde_json::to_value(s).unwrap_or(serde_json::Value::Null);
            LabelSelector::from_metav1(&value)
        }
    }
}

/// The pod's namespace (`default` when unset, as [`PodInfo::namespace`]).
pub fn pod_namespace(pod: &Pod) -> &str {
    pod.metadata.namespace.as_deref().unwrap_or("default")
}

/// The pod's labels (empty when unset).
pub fn pod_labels(pod: &Pod) -> &BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    pod.metadata.labels.as_ref().unwrap_or(&EMPTY)
}
