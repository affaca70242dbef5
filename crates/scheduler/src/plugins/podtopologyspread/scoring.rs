//! PreScore, Score and NormalizeScore for `ScheduleAnyway` constraints (and the default ones):
//! fewer matching pods in a node's domains → higher score (upstream `podtopologyspread/scoring.go`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::constraints::{count_matching, node_has_all_keys, Constraint, LABEL_HOSTNAME, SCHEDULE_ANYWAY};
use super::PodTopologySpread;
use crate::framework::{CycleState, NodeInfo, NodeScore, PodInfo, Snapshot, Status, MAX_NODE_SCORE};
use crate::plugins::helpers::node_selector::RequiredNodeAffinity;

/// CycleState key of the PreScore state.
pub const PRE_SCORE_STATE_KEY: &str = "PreScorePodTopologySpread";

/// What PreScore computes once per pod.
#[derive(Debug, Clone, Default)]
pub struct PreScoreState {
    pub constraints: Arc<Vec<Constraint>>,
    /// Feasible nodes lacking some topology key: scored 0 and left out of normalization.
    pub ignored_nodes: Arc<HashSet<String>>,
    /// Per constraint: topology value → matching pods (not kept for hostname: counted per node).
    pub topology_value_to_pod_counts: Arc<Vec<HashMap<String, i64>>>,
    /// Per constraint: `ln(number of domains + 2)`, so small topologies are not watered down.
    pub topology_normalizing_weight: Arc<Vec<f64>>,
}

fn topology_normalizing_weight(size: usize) -> f64 {
    ((size + 2) as f64).ln()
}

/// `maxSkew - 1` is added so that small differences between domains matter less.
fn score_for_count(count: i64, max_skew: i32, weight: f64) -> f64 {
    count as f64 * weight + f64::from(max_skew - 1)
}

pub(super) fn pre_score(
    pl: &PodTopologySpread,
    state: &mut CycleState,
    pod: &PodInfo,
    filtered: &[Arc<NodeInfo>],
    snapshot: &Snapshot,
) -> Status {
    if snapshot.nodes.is_empty() {
        return Status::skip();
    }
    let constraints = match pl.constraints(&pod.pod, SCHEDULE_ANYWAY) {
        Ok(c) => c,
        Err(e) => return Status::error(format!("calculating preScoreState: {e}")),
    };
    if constraints.is_empty() {
        return Status::skip();
    }
    // Only the system defaults let nodes without a zone label still spread by hostname.
    let has_own = pod
        .pod
        .spec
        .as_ref()
        .and_then(|s| s.topology_spread_constraints.as_ref())
        .is_some_and(|c| !c.is_empty());
    let require_all_topologies = has_own || !pl.system_defaulted;

    let mut ignored_nodes = HashSet::new();
    let mut counts: Vec<HashMap<String, i64>> = vec![HashMap::new(); constraints.len()];
    for node in filtered {
        let labels = node.labels();
        if require_all_topologies && !node_has_all_keys(labels, &constraints) {
            ignored_nodes.insert(node.name().to_string());
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if c.topology_key == LABEL_HOSTNAME {
                continue;
            }
            // As upstream, a node without the key (system defaults only) forms the "" domain.
            let value = labels.get(&c.topology_key).cloned().unwrap_or_default();
            counts[i].entry(value).or_insert(0);
        }
    }
    let weights = constraints
        .iter()
        .zip(&counts)
        .map(|(c, domains)| {
            let size = if c.topology_key == LABEL_HOSTNAME {
                filtered.len() - ignored_nodes.len()
            } else {
                domains.len()
            };
            topology_normalizing_weight(size)
        })
        .collect();

    let required = RequiredNodeAffinity::from_pod(&pod.pod);
    for node in &snapshot.nodes {
        let labels = node.labels();
        if require_all_topologies && !node_has_all_keys(labels, &constraints) {
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if !c.includes_node(&pod.pod, &node.node, &required) {
                continue;
            }
            let value = labels.get(&c.topology_key).map(String::as_str).unwrap_or("");
            // Only domains of candidate nodes are counted; hostname counts are taken in Score.
            if let Some(n) = counts[i].get_mut(value) {
                *n += count_matching(&node.pods, &c.selector, pod.namespace());
            }
        }
    }
    state.write(
        PRE_SCORE_STATE_KEY,
        PreScoreState {
            constraints: Arc::new(constraints),
            ignored_nodes: Arc::new(ignored_nodes),
            topology_value_to_pod_counts: Arc::new(counts),
            topology_normalizing_weight: Arc::new(weights),
        },
    );
    Status::success()
}

fn read_state(state: &CycleState) -> Result<&PreScoreState, Status> {
    state.read::<PreScoreState>(PRE_SCORE_STATE_KEY).ok_or_else(|| {
        Status::error(format!(
            "error reading {PRE_SCORE_STATE_KEY:?} from cycleState: not found"
        ))
    })
}

/// The weighted matching-pod count of the node's domains (lower is better; normalized later).
pub(super) fn score(state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
    let s = read_state(state)?;
    if s.ignored_nodes.contains(node.name()) {
        return Ok(0);
    }
    let labels = node.labels();
    let mut score = 0.0;
    for (i, c) in s.constraints.iter().enumerate() {
        let Some(value) = labels.get(&c.topology_key) else {
            continue;
        };
        let count = if c.topology_key == LABEL_HOSTNAME {
            count_matching(&node.pods, &c.selector, pod.namespace())
        } else {
            s.topology_value_to_pod_counts[i].get(value).copied().unwrap_or(0)
        };
        score += score_for_count(count, c.max_skew, s.topology_normalizing_weight[i]);
    }
    Ok(score.round() as i64)
}

/// Invert into 0..=100: the least crowded node gets 100; ignored nodes get 0.
pub(super) fn normalize(state: &CycleState, scores: &mut [NodeScore]) -> Status {
    let s = match read_state(state) {
        Ok(s) => s,
        Err(status) => return status,
    };
    let counted = |n: &NodeScore| !s.ignored_nodes.contains(&n.name);
    let min = scores
        .iter()
        .filter(|n| counted(n))
        .map(|n| n.score)
        .min()
        .unwrap_or(i64::MAX);
    let max = scores
        .iter()
        .filter(|n| counted(n))
        .map(|n| n.score)
        .max()
        .unwrap_or(0)
        .max(0);
    for n in scores.iter_mut() {
        n.score = if !counted(n) {
            0
        } else if max == 0 {
            MAX_NODE_SCORE
        } else {
            MAX_NODE_SCORE * (max + min - n.score) / max
        };
    }
    Status::success()
}
