//! The extension points (upstream `framework/interface.go`): small traits, each plugin implements the
//! ones it needs. Plugins are pure: they read the pod, the node info and the snapshot, and return a
//! [`Status`]; they never call the API server.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::{CycleState, NodeInfo, PodInfo, Snapshot, Status};

/// Highest score a Score plugin may give after normalization.
pub const MAX_NODE_SCORE: i64 = 100;
pub const MIN_NODE_SCORE: i64 = 0;

pub trait Plugin: Send + Sync {
    /// The upstream plugin name (`NodeResourcesFit`), used in configuration and explanations.
    fn name(&self) -> &'static str;
}

/// PreFilter may narrow the nodes to look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreFilterResult {
    /// None: all nodes.
    pub node_names: Option<BTreeSet<String>>,
}

pub trait PreFilterPlugin: Plugin {
    /// Compute the pod's state once per cycle. Skip means this plugin's Filter need not run.
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status);

    /// Preemption's "what if": update the cycle state as if `added` ran on `node`.
    fn add_pod(
        &self,
        _state: &mut CycleState,
        _pod: &PodInfo,
        _added: &Arc<PodInfo>,
        _node: &NodeInfo,
    ) -> Status {
        Status::success()
    }

    /// Preemption's "what if": update the cycle state as if `removed` were gone from `node`.
    fn remove_pod(
        &self,
        _state: &mut CycleState,
        _pod: &PodInfo,
        _removed: &Arc<PodInfo>,
        _node: &NodeInfo,
    ) -> Status {
        Status::success()
    }
}

pub trait FilterPlugin: Plugin {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status;
}

/// One node's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeScore {
    pub name: String,
    pub score: i64,
}

pub trait PreScorePlugin: Plugin {
    /// Compute state once for the feasible `nodes`. Skip means this plugin's Score need not run.
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Status;
}

pub trait ScorePlugin: Plugin {
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status>;

    /// Scale raw scores into [MIN_NODE_SCORE, MAX_NODE_SCORE] (plugins without one return as is).
    fn normalize(&self, _state: &CycleState, _pod: &PodInfo, _scores: &mut [NodeScore]) -> Status {
        Status::success()
    }
}

/// What preemption needs from the framework: run the filters for a pod against a node given a
/// (modified) cycle state, and the PreFilter extensions.
pub trait FrameworkHandle: Send + Sync {
    /// All Filter plugins for `pod` on `node`, with nominated pods of higher or equal priority counted.
    fn run_filter_plugins_with_nominated_pods(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
    ) -> Status;
    fn run_pre_filter_extension_add_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        added: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status;
    fn run_pre_filter_extension_remove_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        removed: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status;
}

/// Per-node verdicts of a failed Filter phase, for PostFilter and for the FailedScheduling message.
#[derive(Debug, Clone, Default)]
pub struct Diagnosis {
    /// Node name → the status that rejected it.
    pub node_to_status: std::collections::BTreeMap<String, Status>,
    /// The PreFilter rejection message, if a PreFilter rejected the pod.
    pub pre_filter_msg: Option<String>,
    /// Plugins that rejected the pod (for requeueing on cluster events).
    pub unschedulable_plugins: BTreeSet<&'static str>,
}

/// What a PostFilter plugin (preemption) decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostFilterResult {
    pub nominated_node_name: Option<String>,
    /// Pods to evict so the nominated node fits.
    pub victims: Vec<String>,
}

pub trait PostFilterPlugin: Plugin {
    fn post_filter(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
        diagnosis: &Diagnosis,
        framework: &dyn FrameworkHandle,
    ) -> (Option<PostFilterResult>, Status);
}
