//! PreFilter (+ AddPod/RemovePod) and Filter: required pod affinity, required pod anti-affinity, and
//! the symmetric rule that existing pods' required anti-affinity repels the incoming pod
//! (upstream `interpodaffinity/filtering.go`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use k8s_openapi::api::core::v1::Pod;

use super::terms::{self, matches_all, AffinityTerm, PodAffinityTerms};
use crate::framework::{CycleState, NodeInfo, PodInfo, PreFilterResult, Snapshot, Status};

/// CycleState key of the PreFilter state.
pub const PRE_FILTER_STATE_KEY: &str = "PreFilterInterPodAffinity";

/// The node is outside every domain where a pod matching all required affinity terms runs
/// (`UnschedulableAndUnresolvable`: removing pods cannot help).
pub const ERR_REASON_AFFINITY_RULES_NOT_MATCH: &str = "node(s) didn't match pod affinity rules";
/// A pod matching one of the incoming pod's required anti-affinity terms runs in the node's domain.
pub const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH: &str = "node(s) didn't match pod anti-affinity rules";
/// An existing pod's required anti-affinity selects the incoming pod in the node's domain.
pub const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH: &str =
    "node(s) didn't satisfy existing pods anti-affinity rules";

static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

/// Counts per topology pair (`topologyKey`, value). Entries that reach zero are removed, so
/// [`TopologyCounts::is_empty`] means "no pair has a count".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopologyCounts(HashMap<String, HashMap<String, i64>>);

impl TopologyCounts {
    pub fn get(&self, key: &str, value: &str) -> i64 {
        self.0.get(key).and_then(|m| m.get(value)).copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every non-zero pair, sorted (for tests and explanations).
    pub fn pairs(&self) -> BTreeMap<(String, String), i64> {
        self.0
            .iter()
            .flat_map(|(k, m)| m.iter().map(move |(v, c)| ((k.clone(), v.clone()), *c)))
            .collect()
    }

    /// Add `delta` to the pair (`key`, the node's value of `key`), if the node has the label.
    fn update(&mut self, node_labels: &BTreeMap<String, String>, key: &str, delta: i64) {
        let Some(value) = node_labels.get(key) else {
            return;
        };
        let by_value = self.0.entry(key.to_string()).or_default();
        let count = by_value.entry(value.clone()).or_default();
        *count += delta;
        if *count == 0 {
            by_value.remove(value);
            if by_value.is_empty() {
                self.0.remove(key);
            }
        }
    }

    /// If `pod` matches all of `terms`, count it once in each term's domain of the node.
    fn update_with_affinity_terms(
        &mut self,
        terms: &[AffinityTerm],
        pod: &Pod,
        node_labels: &BTreeMap<String, String>,
        delta: i64,
    ) {
        if matches_all(terms, pod) {
            for t in terms {
                self.update(node_labels, &t.topology_key, delta);
            }
        }
    }

    /// Count `pod` in the node's domain of each term it matches.
    fn update_with_anti_affinity_terms(
        &mut self,
        terms: &[AffinityTerm],
        pod: &Pod,
        ns_labels: &BTreeMap<String, String>,
        node_labels: &BTreeMap<String, String>,
        delta: i64,
    ) {
        for t in terms {
            if t.matches(pod, ns_labels) {
                self.update(node_labels, &t.topology_key, delta);
            }
        }
    }
}

/// What PreFilter computes once per pod and Filter reads per node.
#[derive(Debug, Clone)]
pub struct PreFilterState {
    /// Existing pods whose required anti-affinity terms select the incoming pod, per pair.
    pub existing_anti_affinity_counts: TopologyCounts,
    /// Existing pods matching all of the incoming pod's required affinity terms, per pair.
    pub affinity_counts: TopologyCounts,
    /// Existing pods matching one of the incoming pod's required anti-affinity terms, per pair
    /// (counted once per matching term).
    pub anti_affinity_counts: TopologyCounts,
    /// The incoming pod and its processed terms (namespace selectors unrolled).
    pod: Arc<Pod>,
    terms: Arc<PodAffinityTerms>,
    /// Labels of the incoming pod's namespace, for existing pods' namespace selectors.
    namespace_labels: Arc<BTreeMap<String, String>>,
}

impl PreFilterState {
    /// Preemption's "what if": count `other` on `node` in (`delta` = 1) or out (-1).
    fn update_with_pod(&mut self, other: &Pod, node: &NodeInfo, delta: i64) {
        let node_labels = node.labels();
        // Unparsable terms of an existing pod are ignored, as they were when it was counted.
        let existing_anti = terms::required_anti_affinity_terms(other).unwrap_or_default();
        self.existing_anti_affinity_counts
            .update_with_anti_affinity_terms(
                &existing_anti,
                &self.pod,
                &self.namespace_labels,
                node_labels,
                delta,
            );
        self.affinity_counts.update_with_affinity_terms(
            &self.terms.required_affinity,
            other,
            node_labels,
            delta,
        );
        self.anti_affinity_counts.update_with_anti_affinity_terms(
            &self.terms.required_anti_affinity,
            other,
            &NO_LABELS,
            node_labels,
            delta,
        );
    }
}

pub(super) fn pre_filter(
    state: &mut CycleState,
    pod: &PodInfo,
    snapshot: &Snapshot,
) -> (Option<PreFilterResult>, Status) {
    let (mut terms, errors) = PodAffinityTerms::parse(&pod.pod);
    if !errors.is_empty() {
        return (
            None,
            Status::unresolvable(format!("parsing pod: {}", terms::aggregate(&errors))),
        );
    }
    // Only the required terms matter here; PreScore resolves the preferred ones itself.
    terms.preferred_affinity.clear();
    terms.preferred_anti_affinity.clear();
    terms.resolve_namespace_selectors(snapshot);
    let namespace_labels = terms::namespace_labels(snapshot, pod.namespace());

    let mut existing_anti_affinity_counts = TopologyCounts::default();
    for node in &snapshot.have_pods_with_required_anti_affinity {
        for existing in &node.pods_with_required_anti_affinity {
            let Ok(existing_terms) = terms::required_anti_affinity_terms(&existing.pod) else {
                continue;
            };
            existing_anti_affinity_counts.update_with_anti_affinity_terms(
                &existing_terms,
                &pod.pod,
                &namespace_labels,
                node.labels(),
                1,
            );
        }
    }

    let mut affinity_counts = TopologyCounts::default();
    let mut anti_affinity_counts = TopologyCounts::default();
    if !terms.required_affinity.is_empty() || !terms.required_anti_affinity.is_empty() {
        for node in &snapshot.nodes {
            for existing in &node.pods {
                affinity_counts.update_with_affinity_terms(
                    &terms.required_affinity,
                    &existing.pod,
                    node.labels(),
                    1,
                );
                anti_affinity_counts.update_with_anti_affinity_terms(
                    &terms.required_anti_affinity,
                    &existing.pod,
                    &NO_LABELS,
                    node.labels(),
                    1,
                );
            }
        }
    }

    if existing_anti_affinity_counts.is_empty()
        && terms.required_affinity.is_empty()
        && terms.required_anti_affinity.is_empty()
    {
        return (None, Status::skip());
    }
    state.write(
        PRE_FILTER_STATE_KEY,
        PreFilterState {
            existing_anti_affinity_counts,
            affinity_counts,
            anti_affinity_counts,
            pod: pod.pod.clone(),
            terms: Arc::new(terms),
            namespace_labels: Arc::new(namespace_labels),
        },
    );
    (None, Status::success())
}

/// AddPod (`delta` 1) / RemovePod (-1). Without a state (PreFilter skipped) there is nothing to update.
pub(super) fn update_state(state: &mut CycleState, other: &PodInfo, node: &NodeInfo, delta: i64) -> Status {
    if let Some(s) = state.read_mut::<PreFilterState>(PRE_FILTER_STATE_KEY) {
        s.update_with_pod(&other.pod, node, delta);
    }
    Status::success()
}

/// The PreFilter state, for tests and explanations.
pub fn read_state(state: &CycleState) -> Option<&PreFilterState> {
    state.read::<PreFilterState>(PRE_FILTER_STATE_KEY)
}

pub(super) fn filter(state: &CycleState, node: &NodeInfo) -> Status {
    let Some(s) = read_state(state) else {
        return Status::error(format!(
            "error reading {PRE_FILTER_STATE_KEY:?} from cycleState: not found"
        ));
    };
    let labels = node.labels();
    if !satisfies_pod_affinity(s, labels) {
        return Status::unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    }
    if !satisfies_pod_anti_affinity(s, labels) {
        return Status::unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    if !satisfies_existing_pods_anti_affinity(s, labels) {
        return Status::unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    }
    Status::success()
}

/// The node must carry every term's topology key, and each term's domain on this node must hold a
/// matching pod. Exception: when no pod anywhere matches and the incoming pod matches all of its own
/// terms, it is the first of a self-affine group and may go to any node that has the keys.
fn satisfies_pod_affinity(s: &PreFilterState, labels: &BTreeMap<String, String>) -> bool {
    let mut pods_exist = true;
    for t in &s.terms.required_affinity {
        let Some(value) = labels.get(&t.topology_key) else {
            return false;
        };
        if s.affinity_counts.get(&t.topology_key, value) <= 0 {
            pods_exist = false;
        }
    }
    pods_exist || (s.affinity_counts.is_empty() && matches_all(&s.terms.required_affinity, &s.pod))
}

/// No pod matching one of the incoming pod's anti-affinity terms may run in the term's domain.
fn satisfies_pod_anti_affinity(s: &PreFilterState, labels: &BTreeMap<String, String>) -> bool {
    if s.anti_affinity_counts.is_empty() {
        return true;
    }
    s.terms.required_anti_affinity.iter().all(|t| {
        labels
            .get(&t.topology_key)
            .is_none_or(|v| s.anti_affinity_counts.get(&t.topology_key, v) <= 0)
    })
}

/// No existing pod whose required anti-affinity selects the incoming pod may run in a domain of this
/// node (any of the node's labels).
fn satisfies_existing_pods_anti_affinity(s: &PreFilterState, labels: &BTreeMap<String, String>) -> bool {
    s.existing_anti_affinity_counts.is_empty()
        || labels
            .iter()
            .all(|(k, v)| s.existing_anti_affinity_counts.get(k, v) <= 0)
}
