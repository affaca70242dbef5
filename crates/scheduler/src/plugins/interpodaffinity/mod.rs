//! InterPodAffinity (upstream `pkg/scheduler/framework/plugins/interpodaffinity`): place a pod
//! relative to the pods already running, by topology domain (a node label such as
//! `kubernetes.io/hostname` or `topology.kubernetes.io/zone`).
//!
//! - PreFilter counts, per topology pair, the existing pods that match the incoming pod's required
//!   affinity / anti-affinity terms and the existing pods whose required anti-affinity selects the
//!   incoming pod (symmetry). AddPod/RemovePod keep the counts right for preemption's "what if".
//! - Filter rejects, in this order: affinity (`UnschedulableAndUnresolvable`), the pod's
//!   anti-affinity, existing pods' anti-affinity (both `Unschedulable`, so preemption may help).
//! - Score sums preferred-term weights per domain (both directions, plus existing pods' required
//!   affinity at `hardPodAffinityWeight`), min-max normalized to 0..=100.
//!
//! Terms are parsed per cycle (`terms.rs`); namespaces come from `namespaces` / `namespaceSelector`
//! resolved against [`Snapshot::namespaces`](crate::framework::Snapshot).

mod args;
mod filtering;
mod scoring;
pub mod terms;

#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use args::{ArgsError, InterPodAffinityArgs};
pub use filtering::{
    read_state, PreFilterState, TopologyCounts, ERR_REASON_AFFINITY_RULES_NOT_MATCH,
    ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
    PRE_FILTER_STATE_KEY,
};
pub use scoring::{PreScoreState, PRE_SCORE_STATE_KEY};

use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, NodeScore, Plugin, PodInfo, PreFilterPlugin, PreFilterResult,
    PreScorePlugin, ScorePlugin, Snapshot, Status,
};

/// The plugin's name in configuration and explanations.
pub const NAME: &str = crate::plugins::names::INTER_POD_AFFINITY;

/// The InterPodAffinity plugin.
#[derive(Debug, Clone, Default)]
pub struct InterPodAffinity {
    args: InterPodAffinityArgs,
}

impl InterPodAffinity {
    pub fn new(args: InterPodAffinityArgs) -> InterPodAffinity {
        InterPodAffinity { args }
    }

    /// Build from the `args` of a pluginConfig entry.
    pub fn from_json(args: &serde_json::Value) -> Result<InterPodAffinity, ArgsError> {
        InterPodAffinityArgs::from_json(args).map(InterPodAffinity::new)
    }
}

impl Plugin for InterPodAffinity {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PreFilterPlugin for InterPodAffinity {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        filtering::pre_filter(state, pod, snapshot)
    }

    fn add_pod(
        &self,
        state: &mut CycleState,
        _pod: &PodInfo,
        added: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        filtering::update_state(state, added, node, 1)
    }

    fn remove_pod(
        &self,
        state: &mut CycleState,
        _pod: &PodInfo,
        removed: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        filtering::update_state(state, removed, node, -1)
    }
}

impl FilterPlugin for InterPodAffinity {
    fn filter(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Status {
        filtering::filter(state, node)
    }
}

impl PreScorePlugin for InterPodAffinity {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Status {
        scoring::pre_score(&self.args, state, pod, nodes, snapshot)
    }
}

impl ScorePlugin for InterPodAffinity {
    fn score(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        scoring::score(state, node)
    }

    fn normalize(&self, state: &CycleState, _pod: &PodInfo, scores: &mut [NodeScore]) -> Status {
        scoring::normalize(state, scores)
    }
}
