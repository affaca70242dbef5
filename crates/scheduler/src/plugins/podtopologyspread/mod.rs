//! PodTopologySpread (upstream `pkg/scheduler/framework/plugins/podtopologyspread`): spread matching
//! pods evenly over topology domains (`topologySpreadConstraints`).
//!
//! - PreFilter counts, per `DoNotSchedule` constraint, the pods of the incoming pod's namespace that
//!   match the constraint's selector (with `matchLabelKeys`) in each domain, over the nodes that carry
//!   every constraint's key and pass `nodeAffinityPolicy` (default Honor) and `nodeTaintsPolicy`
//!   (default Ignore). AddPod/RemovePod keep the counts right for preemption.
//! - Filter: node without the key → `UnschedulableAndUnresolvable` (missing required label);
//!   `count(domain) + selfMatch - globalMin > maxSkew` → `Unschedulable`. The global minimum is 0
//!   while fewer domains than `minDomains` exist.
//! - Score (`ScheduleAnyway`): domain counts weighted by `ln(#domains + 2)` plus `maxSkew - 1`,
//!   inverted and normalized to 0..=100.
//! - A pod without constraints gets the default ones (system: hostname maxSkew 3 and zone maxSkew 5,
//!   ScheduleAnyway) with a selector from its Services and controller, read through a
//!   [`WorkloadLister`] given at construction (see `defaults.rs`); without one they never apply.

mod args;
mod constraints;
mod defaults;
mod filtering;
mod scoring;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use k8s_openapi::api::core::v1::{Pod, TopologySpreadConstraint};

pub use args::{ArgsError, DefaultingType, PodTopologySpreadArgs};
pub use constraints::{
    Constraint, NodeInclusionPolicy, DO_NOT_SCHEDULE, LABEL_HOSTNAME, LABEL_ZONE, SCHEDULE_ANYWAY,
};
pub use defaults::{default_selector, system_default_constraints, StaticWorkloads, WorkloadLister};
pub use filtering::{
    read_state, CriticalPaths, PreFilterState, ERR_REASON_CONSTRAINTS_NOT_MATCH,
    ERR_REASON_NODE_LABEL_NOT_MATCH, PRE_FILTER_STATE_KEY,
};
pub use scoring::{PreScoreState, PRE_SCORE_STATE_KEY};

use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, NodeScore, Plugin, PodInfo, PreFilterPlugin, PreFilterResult,
    PreScorePlugin, ScorePlugin, Snapshot, Status,
};

/// The plugin's name in configuration and explanations.
pub const NAME: &str = crate::plugins::names::POD_TOPOLOGY_SPREAD;

/// The PodTopologySpread plugin.
#[derive(Clone)]
pub struct PodTopologySpread {
    default_constraints: Vec<TopologySpreadConstraint>,
    system_defaulted: bool,
    workloads: Option<Arc<dyn WorkloadLister>>,
}

impl std::fmt::Debug for PodTopologySpread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PodTopologySpread")
            .field("default_constraints", &self.default_constraints)
            .field("system_defaulted", &self.system_defaulted)
            .field("workloads", &self.workloads.is_some())
            .finish()
    }
}

impl Default for PodTopologySpread {
    /// System defaulting, no workload lister.
    fn default() -> Self {
        PodTopologySpread::new(PodTopologySpreadArgs::default())
    }
}

impl PodTopologySpread {
    pub fn new(args: PodTopologySpreadArgs) -> PodTopologySpread {
        let system_defaulted = args.defaulting_type == DefaultingType::System;
        PodTopologySpread {
            default_constraints: if system_defaulted {
                system_default_constraints()
            } else {
                args.default_constraints
            },
            system_defaulted,
            workloads: None,
        }
    }

    /// Build from the `args` of a pluginConfig entry.
    pub fn from_json(args: &serde_json::Value) -> Result<PodTopologySpread, ArgsError> {
        PodTopologySpreadArgs::from_json(args).map(PodTopologySpread::new)
    }

    /// Where default constraints get their selector from (Services, RCs, ReplicaSets, StatefulSets).
    pub fn with_workloads(mut self, workloads: Arc<dyn WorkloadLister>) -> PodTopologySpread {
        self.workloads = Some(workloads);
        self
    }

    /// The pod's constraints with `whenUnsatisfiable == action`, or the default ones when it has none.
    pub fn constraints(
        &self,
        pod: &Pod,
        action: &str,
    ) -> Result<Vec<Constraint>, skiff_apimachinery::labels::SelectorError> {
        let labels = constraints::pod_labels(pod);
        let own = pod
            .spec
            .as_ref()
            .and_then(|s| s.topology_spread_constraints.as_deref())
            .unwrap_or_default();
        if !own.is_empty() {
            return constraints::filter_constraints(own, labels, action);
        }
        let mut defaults = constraints::filter_constraints(&self.default_constraints, labels, action)?;
        if defaults.is_empty() {
            return Ok(defaults);
        }
        let Some(workloads) = &self.workloads else {
            return Ok(Vec::new());
        };
        let selector = default_selector(pod, workloads.as_ref());
        if selector.is_empty() {
            return Ok(Vec::new());
        }
        for c in &mut defaults {
            c.selector = selector.clone();
        }
        Ok(defaults)
    }
}

impl Plugin for PodTopologySpread {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PreFilterPlugin for PodTopologySpread {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        filtering::pre_filter(self, state, pod, snapshot)
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

impl FilterPlugin for PodTopologySpread {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        filtering::filter(state, pod, node)
    }
}

impl PreScorePlugin for PodTopologySpread {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Status {
        scoring::pre_score(self, state, pod, nodes, snapshot)
    }
}

impl ScorePlugin for PodTopologySpread {
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        scoring::score(state, pod, node)
    }

    fn normalize(&self, state: &CycleState, _pod: &PodInfo, scores: &mut [NodeScore]) -> Status {
        scoring::normalize(state, scores)
    }
}
