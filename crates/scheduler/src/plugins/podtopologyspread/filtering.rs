//! PreFilter (+ AddPod/RemovePod) and Filter for `DoNotSchedule` constraints
//! (upstream `podtopologyspread/filtering.go`).

use std::collections::HashMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Node, Pod};

use super::constraints::{count_matching, node_has_all_keys, pod_namespace, Constraint, DO_NOT_SCHEDULE};
use super::PodTopologySpread;
use crate::framework::{CycleState, NodeInfo, PodInfo, PreFilterResult, Snapshot, Status};
use crate::plugins::helpers::node_selector::RequiredNodeAffinity;

/// CycleState key of the PreFilter state.
pub const PRE_FILTER_STATE_KEY: &str = "PreFilterPodTopologySpread";

/// Placing the pod on the node would make some constraint's skew exceed `maxSkew`.
pub const ERR_REASON_CONSTRAINTS_NOT_MATCH: &str = "node(s) didn't match pod topology spread constraints";
/// The node lacks a constraint's topology key (`UnschedulableAndUnresolvable`).
pub const ERR_REASON_NODE_LABEL_NOT_MATCH: &str =
    "node(s) didn't match pod topology spread constraints (missing required label)";

/// The two domains with the fewest matching pods (upstream `criticalPaths`): `[0]` always holds the
/// minimum, `[1]` a count at least as large. Two suffice because preemption changes one node at a
/// time, on its own copy of the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalPaths([(String, i64); 2]);

impl Default for CriticalPaths {
    fn default() -> Self {
        CriticalPaths([
            (String::new(), i64::from(i32::MAX)),
            (String::new(), i64::from(i32::MAX)),
        ])
    }
}

impl CriticalPaths {
    pub(super) fn update(&mut self, value: &str, num: i64) {
        let p = &mut self.0;
        let existing = if value == p[0].0 {
            Some(0)
        } else if value == p[1].0 {
            Some(1)
        } else {
            None
        };
        match existing {
            Some(i) => {
                p[i].1 = num;
                if p[0].1 > p[1].1 {
                    p.swap(0, 1);
                }
            }
            None if num < p[0].1 => {
                p[1] = std::mem::replace(&mut p[0], (value.to_string(), num));
            }
            None if num < p[1].1 => p[1] = (value.to_string(), num),
            None => {}
        }
    }

    /// The minimum matching count.
    pub fn min(&self) -> i64 {
        self.0[0].1
    }
}

/// What PreFilter computes once per pod: matching-pod counts per domain for every `DoNotSchedule`
/// constraint, over the nodes the constraint includes.
#[derive(Debug, Clone)]
pub struct PreFilterState {
    pub constraints: Arc<Vec<Constraint>>,
    /// Per constraint.
    pub critical_paths: Vec<CriticalPaths>,
    /// Per constraint: topology value → matching pods.
    pub tp_value_to_match_num: Vec<HashMap<String, i64>>,
    pod: Arc<Pod>,
    required: Arc<RequiredNodeAffinity>,
}

impl PreFilterState {
    /// The global minimum for the skew: 0 while fewer domains than `minDomains` exist.
    fn min_match_num(&self, i: usize, min_domains: i32) -> i64 {
        if (self.tp_value_to_match_num[i].len() as i64) < i64::from(min_domains) {
            0
        } else {
            self.critical_paths[i].min()
        }
    }

    /// Preemption's "what if": count `other` on `node` in (`delta` 1) or out (-1).
    fn update_with_pod(&mut self, other: &Pod, node: &Node, delta: i64) {
        if pod_namespace(other) != pod_namespace(&self.pod) {
            return;
        }
        static EMPTY: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
        let labels = node.metadata.labels.as_ref().unwrap_or(&EMPTY);
        if !node_has_all_keys(labels, &self.constraints) {
            return;
        }
        let other_labels = other.metadata.labels.as_ref().unwrap_or(&EMPTY);
        for (i, c) in self.constraints.iter().enumerate() {
            if !c.selector.matches(other_labels) || !c.includes_node(&self.pod, node, &self.required) {
                continue;
            }
            let value = &labels[&c.topology_key];
            let n = self.tp_value_to_match_num[i].entry(value.clone()).or_default();
            *n += delta;
            let n = *n;
            self.critical_paths[i].update(value, n);
        }
    }
}

pub(super) fn pre_filter(
    pl: &PodTopologySpread,
    state: &mut CycleState,
    pod: &PodInfo,
    snapshot: &Snapshot,
) -> (Option<PreFilterResult>, Status) {
    let constraints = match pl.constraints(&pod.pod, DO_NOT_SCHEDULE) {
        Ok(c) => c,
        Err(e) => return (None, Status::error(format!("get constraints from pod: {e}"))),
    };
    if constraints.is_empty() {
        return (None, Status::skip());
    }
    let required = RequiredNodeAffinity::from_pod(&pod.pod);
    let mut tp_value_to_match_num: Vec<HashMap<String, i64>> = vec![HashMap::new(); constraints.len()];
    for node in &snapshot.nodes {
        let labels = node.labels();
        if !node_has_all_keys(labels, &constraints) {
            continue;
        }
        for (i, c) in constraints.iter().enumerate() {
            if !c.includes_node(&pod.pod, &node.node, &required) {
                continue;
            }
            let count = count_matching(&node.pods, &c.selector, pod.namespace());
            *tp_value_to_match_num[i]
                .entry(labels[&c.topology_key].clone())
                .or_default() += count;
        }
    }
    let critical_paths = tp_value_to_match_num
        .iter()
        .map(|m| {
            let mut paths = CriticalPaths::default();
            for (value, num) in m {
                paths.update(value, *num);
            }
            paths
        })
        .collect();
    state.write(
        PRE_FILTER_STATE_KEY,
        PreFilterState {
            constraints: Arc::new(constraints),
            critical_paths,
            tp_value_to_match_num,
            pod: pod.pod.clone(),
            required: Arc::new(required),
        },
    );
    (None, Status::success())
}

/// AddPod (`delta` 1) / RemovePod (-1). Without a state (PreFilter skipped) there is nothing to update.
pub(super) fn update_state(state: &mut CycleState, other: &PodInfo, node: &NodeInfo, delta: i64) -> Status {
    if let Some(s) = state.read_mut::<PreFilterState>(PRE_FILTER_STATE_KEY) {
        s.update_with_pod(&other.pod, &node.node, delta);
    }
    Status::success()
}

/// The PreFilter state, for tests and explanations.
pub fn read_state(state: &CycleState) -> Option<&PreFilterState> {
    state.read::<PreFilterState>(PRE_FILTER_STATE_KEY)
}

pub(super) fn filter(state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
    let Some(s) = read_state(state) else {
        return Status::error(format!(
            "reading {PRE_FILTER_STATE_KEY:?} from cycleState: not found"
        ));
    };
    let labels = node.labels();
    for (i, c) in s.constraints.iter().enumerate() {
        let Some(value) = labels.get(&c.topology_key) else {
            return Status::unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
        };
        let min = s.min_match_num(i, c.min_domains);
        let self_match = i64::from(c.selector.matches(pod.labels()));
        let matched = s.tp_value_to_match_num[i].get(value).copied().unwrap_or(0);
        if matched + self_match - min > i64::from(c.max_skew) {
            return Status::unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
        }
    }
    Status::success()
}
