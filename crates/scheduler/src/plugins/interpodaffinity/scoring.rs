//! PreScore, Score and NormalizeScore: preferred (soft) pod affinity and anti-affinity, in both
//! directions, plus existing pods' required affinity at `hardPodAffinityWeight`
//! (upstream `interpodaffinity/scoring.go`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use k8s_openapi::api::core::v1::Pod;

use super::terms::{self, AffinityTerm, PodAffinityTerms, WeightedAffinityTerm};
use super::InterPodAffinityArgs;
use crate::framework::{CycleState, NodeInfo, NodeScore, PodInfo, Snapshot, Status, MAX_NODE_SCORE};

/// CycleState key of the PreScore state.
pub const PRE_SCORE_STATE_KEY: &str = "PreScoreInterPodAffinity";

static NO_LABELS: BTreeMap<String, String> = BTreeMap::new();

/// Summed weights per topology key and value.
type ScoreMap = HashMap<String, HashMap<String, i64>>;

/// What PreScore computes once per pod: the summed weights of every topology domain.
#[derive(Debug, Clone, Default)]
pub struct PreScoreState {
    topology_score: Arc<ScoreMap>,
}

impl PreScoreState {
    /// The raw score of a node with these labels: the sum over its domains.
    fn score(&self, labels: &BTreeMap<String, String>) -> i64 {
        self.topology_score
            .iter()
            .filter_map(|(key, by_value)| by_value.get(labels.get(key)?))
            .sum()
    }
}

/// Add `weight × sign` to the node's domain of `term` when `pod` matches it.
fn process_term(
    m: &mut ScoreMap,
    term: &AffinityTerm,
    weight: i64,
    pod: &Pod,
    ns_labels: &BTreeMap<String, String>,
    node_labels: &BTreeMap<String, String>,
) {
    if !term.matches(pod, ns_labels) {
        return;
    }
    if let Some(value) = node_labels.get(&term.topology_key) {
        *m.entry(term.topology_key.clone())
            .or_default()
            .entry(value.clone())
            .or_default() += weight;
    }
}

fn process_weighted(
    m: &mut ScoreMap,
    terms: &[WeightedAffinityTerm],
    sign: i64,
    pod: &Pod,
    ns_labels: &BTreeMap<String, String>,
    node_labels: &BTreeMap<String, String>,
) {
    for w in terms {
        process_term(
            m,
            &w.term,
            i64::from(w.weight) * sign,
            pod,
            ns_labels,
            node_labels,
        );
    }
}

pub(super) fn pre_score(
    args: &InterPodAffinityArgs,
    state: &mut CycleState,
    pod: &PodInfo,
    nodes: &[Arc<NodeInfo>],
    snapshot: &Snapshot,
) -> Status {
    if nodes.is_empty() {
        return Status::skip();
    }
    let has_constraints = terms::has_preferred_terms(&pod.pod);
    if args.ignore_preferred_terms_of_existing_pods && !has_constraints {
        return Status::skip();
    }
    let (mut incoming, errors) = PodAffinityTerms::parse(&pod.pod);
    if !errors.is_empty() {
        return Status::error(format!("failed to parse pod: {}", terms::aggregate(&errors)));
    }
    incoming.required_affinity.clear();
    incoming.required_anti_affinity.clear();
    incoming.resolve_namespace_selectors(snapshot);
    let ns_labels = terms::namespace_labels(snapshot, pod.namespace());

    // Unless the incoming pod has preferred terms, only pods with (anti-)affinity contribute.
    let node_list = if has_constraints {
        &snapshot.nodes
    } else {
        &snapshot.have_pods_with_affinity
    };
    let mut m = ScoreMap::new();
    for node in node_list {
        let node_labels = node.labels();
        if node_labels.is_empty() {
            continue;
        }
        let pods = if has_constraints {
            &node.pods
        } else {
            &node.pods_with_affinity
        };
        for existing in pods {
            // The incoming pod's terms have their namespace selectors unrolled: no labels needed.
            process_weighted(
                &mut m,
                &incoming.preferred_affinity,
                1,
                &existing.pod,
                &NO_LABELS,
                node_labels,
            );
            process_weighted(
                &mut m,
                &incoming.preferred_anti_affinity,
                -1,
                &existing.pod,
                &NO_LABELS,
                node_labels,
            );
            if !existing.has_affinity() {
                continue;
            }
            // An existing pod's unparsable term lists are ignored, as upstream's PodInfo drops them.
            let (theirs, _) = PodAffinityTerms::parse(&existing.pod);
            if args.hard_pod_affinity_weight > 0 {
                for t in &theirs.required_affinity {
                    let w = i64::from(args.hard_pod_affinity_weight);
                    process_term(&mut m, t, w, &pod.pod, &ns_labels, node_labels);
                }
            }
            process_weighted(
                &mut m,
                &theirs.preferred_affinity,
                1,
                &pod.pod,
                &ns_labels,
                node_labels,
            );
            process_weighted(
                &mut m,
                &theirs.preferred_anti_affinity,
                -1,
                &pod.pod,
                &ns_labels,
                node_labels,
            );
        }
    }
    if m.is_empty() {
        return Status::skip();
    }
    state.write(
        PRE_SCORE_STATE_KEY,
        PreScoreState {
            topology_score: Arc::new(m),
        },
    );
    Status::success()
}

fn read_state(state: &CycleState) -> Result<&PreScoreState, Status> {
    state.read::<PreScoreState>(PRE_SCORE_STATE_KEY).ok_or_else(|| {
        Status::error(format!(
            "failed to read {PRE_SCORE_STATE_KEY:?} from cycleState: not found"
        ))
    })
}

pub(super) fn score(state: &CycleState, node: &NodeInfo) -> Result<i64, Status> {
    Ok(read_state(state)?.score(node.labels()))
}

/// Min-max normalization to 0..=100 (all equal → all 0).
pub(super) fn normalize(state: &CycleState, scores: &mut [NodeScore]) -> Status {
    let s = match read_state(state) {
        Ok(s) => s,
        Err(status) => return status,
    };
    if s.topology_score.is_empty() {
        return Status::success();
    }
    let min = scores.iter().map(|s| s.score).min().unwrap_or(0);
    let max = scores.iter().map(|s| s.score).max().unwrap_or(0);
    let diff = max - min;
    for s in scores.iter_mut() {
        s.score = if diff > 0 {
            (MAX_NODE_SCORE as f64 * ((s.score - min) as f64 / diff as f64)) as i64
        } else {
            0
        };
    }
    Status::success()
}
