//! DefaultPreemption (upstream `plugins/defaultpreemption/default_preemption.go` with the evaluator
//! of `framework/preemption/preemption.go`): when no node fits, find the node where evicting the
//! fewest, least important lower-priority pods makes room.
//!
//! 1. Eligibility: `preemptionPolicy: Never` pods never preempt; a pod whose nominated node still
//!    has a lower-priority pod terminating by preemption waits for it.
//! 2. Candidates: nodes whose Filter verdict was `Unschedulable` (an `UnschedulableAndUnresolvable`
//!    node cannot be helped by evicting pods).
//! 3. Per candidate, on copies of the node and cycle state: remove every lower-priority pod (through
//!    the PreFilter extensions, so plugin state follows), check the pod fits with
//!    `run_filter_plugins_with_nominated_pods`, then add pods back most important first — those
//!    whose eviction would break a PodDisruptionBudget before the others — keeping as victims only
//!    those that no longer fit.
//! 4. Pick the node as upstream's `pickOneNodeForPreemption`: fewest PDB violations, lowest
//!    highest-victim priority, smallest priority sum, fewest victims, latest start among the
//!    highest-priority victims, then the first.
//!
//! The plugin only decides; the runner nominates the pod and evicts the victims. Filters are run
//! only through [`FrameworkHandle`].

#[cfg(test)]
mod tests;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use skiff_apimachinery::labels::LabelSelector;

use super::names;
use crate::framework::fit_error::{nodes_available_message, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL};
use crate::framework::{
    Code, CycleState, Diagnosis, FrameworkHandle, NodeInfo, Plugin, PodInfo, PostFilterPlugin,
    PostFilterResult, Snapshot, Status,
};

pub const NAME: &str = names::DEFAULT_PREEMPTION;

/// DefaultPreemption prefixes every message it returns with this.
pub const MESSAGE_PREFIX: &str = "preemption: ";
pub const ERR_PREEMPTION_POLICY_NEVER: &str = "not eligible due to preemptionPolicy=Never.";
pub const ERR_TERMINATING_ON_NOMINATED_NODE: &str =
    "not eligible due to a terminating pod on the nominated node.";

/// `DefaultPreemptionArgs` of KubeSchedulerConfiguration: how many candidate nodes to dry-run at
/// least, as a share of the nodes (`minCandidateNodesPercentage`) and as a count
/// (`minCandidateNodesAbsolute`); whichever is larger, capped at the number of candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultPreemptionArgs {
    pub min_candidate_nodes_percentage: usize,
    pub min_candidate_nodes_absolute: usize,
}

impl Default for DefaultPreemptionArgs {
    fn default() -> Self {
        DefaultPreemptionArgs {
            min_candidate_nodes_percentage: 10,
            min_candidate_nodes_absolute: 100,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DefaultPreemption {
    pub args: DefaultPreemptionArgs,
}

/// A node where preemption works, with its victims most important first.
#[derive(Debug, Clone)]
struct Candidate {
    node: String,
    victims: Vec<Arc<PodInfo>>,
    num_pdb_violations: i64,
}

impl Plugin for DefaultPreemption {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PostFilterPlugin for DefaultPreemption {
    /// `(None, Unschedulable)`: not eligible, keep any nomination. `(Some(empty result),
    /// Unschedulable)`: no node can be made to fit; clear the nomination. `(Some(node + victims),
    /// Success)`: nominate the node and evict the victims. `(None, Error)`: internal error.
    fn post_filter(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
        diagnosis: &Diagnosis,
        framework: &dyn FrameworkHandle,
    ) -> (Option<PostFilterResult>, Status) {
        let (result, status) = self.preempt(state, pod, snapshot, diagnosis, framework);
        let msg = status.message();
        if msg.is_empty() {
            return (result, status.with_plugin(NAME));
        }
        let status = Status::new(status.code, format!("{MESSAGE_PREFIX}{msg}")).with_plugin(NAME);
        (result, status)
    }
}

impl DefaultPreemption {
    fn preempt(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
        diagnosis: &Diagnosis,
        framework: &dyn FrameworkHandle,
    ) -> (Option<PostFilterResult>, Status) {
        if let Err(msg) = eligible_to_preempt(pod, snapshot, diagnosis) {
            return (None, Status::unschedulable(msg));
        }
        if snapshot.nodes.is_empty() {
            return (None, Status::error("no nodes available"));
        }
        let num_all_nodes = snapshot.nodes.len();
        let potential: Vec<&Arc<NodeInfo>> = snapshot
            .nodes
            .iter()
            .filter(|n| {
                diagnosis
                    .node_to_status
                    .get(n.name())
                    .is_some_and(|s| s.code == Code::Unschedulable)
            })
            .collect();
        let no_candidate = |statuses: &BTreeMap<String, Status>| {
            let msg = nodes_available_message(num_all_nodes, statuses, Some(PREEMPTION_NOT_HELPFUL));
            (Some(PostFilterResult::default()), Status::unschedulable(msg))
        };
        if potential.is_empty() {
            return no_candidate(&BTreeMap::new());
        }

        let pdbs = ParsedPdbs::new(&snapshot.pdbs);
        let (candidates, statuses, errors) = self.dry_run(state, pod, &potential, &pdbs, framework);
        if candidates.is_empty() {
            if !errors.is_empty() {
                return (None, Status::error(errors.join("; ")));
            }
            return no_candidate(&statuses);
        }
        let best = pick_one_node(&candidates);
        let result = PostFilterResult {
            nominated_node_name: Some(best.node.clone()),
            victims: best.victims.iter().map(|v| v.key()).collect(),
        };
        (Some(result), Status::success())
    }

    /// Upstream `calculateNumCandidates`.
    fn num_candidates(&self, num_nodes: usize) -> usize {
        let n = num_nodes * self.args.min_candidate_nodes_percentage / 100;
        n.max(self.args.min_candidate_nodes_absolute).min(num_nodes)
    }

    /// Upstream `DryRunPreemption`, sequentially from the first potential node (upstream starts at a
    /// random offset and runs in parallel): stop once there is a PDB-respecting candidate and enough
    /// candidates in all. Candidates respecting PDBs come first.
    fn dry_run(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        potential: &[&Arc<NodeInfo>],
        pdbs: &ParsedPdbs,
        framework: &dyn FrameworkHandle,
    ) -> (Vec<Candidate>, BTreeMap<String, Status>, Vec<String>) {
        let wanted = self.num_candidates(potential.len());
        let mut non_violating: Vec<Candidate> = vec![];
        let mut violating: Vec<Candidate> = vec![];
        let mut statuses = BTreeMap::new();
        let mut errors = vec![];
        for node in potential {
            let mut node_copy = NodeInfo::clone(node);
            let mut state_copy = state.clone();
            let name = node.name().to_string();
            let status = match select_victims_on_node(&mut state_copy, pod, &mut node_copy, pdbs, framework) {
                Ok((victims, num_pdb_violations)) if !victims.is_empty() => {
                    let list = if num_pdb_violations == 0 {
                        &mut non_violating
                    } else {
                        &mut violating
                    };
                    if list.len() < wanted {
                        list.push(Candidate {
                            node: name,
                            victims,
                            num_pdb_violations,
                        });
                    }
                    if !non_violating.is_empty() && non_violating.len() + violating.len() >= wanted {
                        break;
                    }
                    continue;
                }
                Ok(_) => Status::error(format!("expected at least one victim pod on node \"{name}\"")),
                Err(status) => status,
            };
            if status.code == Code::Error {
                errors.push(status.message());
            }
            statuses.insert(name, status);
        }
        non_violating.extend(violating);
        (non_violating, statuses, errors)
    }
}

/// Upstream `PodEligibleToPreemptOthers`.
fn eligible_to_preempt(
    pod: &PodInfo,
    snapshot: &Snapshot,
    diagnosis: &Diagnosis,
) -> Result<(), &'static str> {
    if pod.pod.spec.as_ref().and_then(|s| s.preemption_policy.as_deref()) == Some("Never") {
        return Err(ERR_PREEMPTION_POLICY_NEVER);
    }
    let nominated = pod
        .pod
        .status
        .as_ref()
        .and_then(|s| s.nominated_node_name.as_deref())
        .filter(|n| !n.is_empty());
    if let Some(nom) = nominated {
        // A nominated node that can no longer be helped (or is absent) is no reason to wait.
        let code = diagnosis
            .node_to_status
            .get(nom)
            .map_or(Code::UnschedulableAndUnresolvable, |s| s.code);
        if code == Code::UnschedulableAndUnresolvable {
            return Ok(());
        }
        if let Some(node) = snapshot.get(nom) {
            let waiting = node
                .pods
                .iter()
                .any(|p| p.priority() < pod.priority() && terminating_by_preemption(&p.pod));
            if waiting {
                return Err(ERR_TERMINATING_ON_NOMINATED_NODE);
            }
        }
    }
    Ok(())
}

/// Deleting, with the `DisruptionTarget` condition the scheduler sets on preemption victims.
fn terminating_by_preemption(pod: &Pod) -> bool {
    if pod.metadata.deletion_timestamp.is_none() {
        return false;
    }
    let conditions = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    conditions
        .iter()
        .find(|c| c.type_ == "DisruptionTarget")
        .is_some_and(|c| c.status == "True" && c.reason.as_deref() == Some("PreemptionByScheduler"))
}

/// `status.startTime` in nanoseconds; a pod not started yet counts as starting now, i.e. after
/// every started pod.
fn start_time(pod: &PodInfo) -> i128 {
    pod.pod
        .status
        .as_ref()
        .and_then(|s| s.start_time.as_ref())
        .map_or(i128::MAX, |t| t.0.as_nanosecond())
}

/// Upstream `util.MoreImportantPod`: higher priority, then the earlier start, is more important.
fn importance_order(a: &PodInfo, b: &PodInfo) -> Ordering {
    b.priority()
        .cmp(&a.priority())
        .then(start_time(a).cmp(&start_time(b)))
}

/// The snapshot's PDBs with their selectors parsed once.
struct ParsedPdbs<'a> {
    pdbs: Vec<(&'a PodDisruptionBudget, Option<LabelSelector>)>,
}

impl<'a> ParsedPdbs<'a> {
    fn new(pdbs: &'a [Arc<PodDisruptionBudget>]) -> Self {
        let pdbs = pdbs
            .iter()
            .map(|pdb| {
                let value = serde_json::to_value(pdb.spec.as_ref().and_then(|s| s.selector.as_ref()))
                    .unwrap_or(serde_json::Value::Null);
                // An invalid selector matches nothing; so do a nil and an empty one (for PDBs).
                let selector = LabelSelector::from_metav1(&value)
                    .ok()
                    .filter(|s| !s.is_empty() && !s.matches_nothing());
                (pdb.as_ref(), selector)
            })
            .collect();
        ParsedPdbs { pdbs }
    }

    /// Upstream `filterPodsWithPDBViolation`: split `pods` (order kept) into those whose eviction
    /// would push some matching PDB below zero allowed disruptions — counting the earlier pods of the
    /// list against the same budget — and the rest.
    fn split(&self, pods: &[Arc<PodInfo>]) -> (Vec<Arc<PodInfo>>, Vec<Arc<PodInfo>>) {
        let mut allowed: Vec<i32> = self
            .pdbs
            .iter()
            .map(|(pdb, _)| pdb.status.as_ref().map_or(0, |s| s.disruptions_allowed))
            .collect();
        let (mut violating, mut non_violating) = (vec![], vec![]);
        for p in pods {
            let mut violated = false;
            if !p.labels().is_empty() {
                for (i, (pdb, selector)) in self.pdbs.iter().enumerate() {
                    if pdb.metadata.namespace.as_deref().unwrap_or("default") != p.namespace() {
                        continue;
                    }
                    let Some(selector) = selector else { continue };
                    if !selector.matches(p.labels()) {
                        continue;
                    }
                    // Already disrupted (the API server processed its eviction): not a new violation.
                    let disrupted = pdb
                        .status
                        .as_ref()
                        .and_then(|s| s.disrupted_pods.as_ref())
                        .is_some_and(|d| d.contains_key(p.name()));
                    if disrupted {
                        continue;
                    }
                    allowed[i] -= 1;
                    if allowed[i] < 0 {
                        violated = true;
                    }
                }
            }
            if violated {
                violating.push(p.clone());
            } else {
                non_violating.push(p.clone());
            }
        }
        (violating, non_violating)
    }
}

fn remove_from(
    state: &mut CycleState,
    pod: &PodInfo,
    node: &mut NodeInfo,
    victim: &Arc<PodInfo>,
    framework: &dyn FrameworkHandle,
) -> Result<(), Status> {
    node.remove_pod(victim.uid());
    let st = framework.run_pre_filter_extension_remove_pod(state, pod, victim, node);
    if st.is_success() {
        Ok(())
    } else {
        Err(Status::error(st.message()))
    }
}

fn add_to(
    state: &mut CycleState,
    pod: &PodInfo,
    node: &mut NodeInfo,
    victim: &Arc<PodInfo>,
    framework: &dyn FrameworkHandle,
) -> Result<(), Status> {
    node.add_pod(victim.clone());
    let st = framework.run_pre_filter_extension_add_pod(state, pod, victim, node);
    if st.is_success() {
        Ok(())
    } else {
        Err(Status::error(st.message()))
    }
}

/// Upstream `SelectVictimsOnNode`: the fewest lower-priority pods to evict from `node` (modified in
/// place, as is `state`) so `pod` fits, most important first, and how many of them break a PDB.
/// `Err` carries why the node cannot be made to fit (or an internal error).
fn select_victims_on_node(
    state: &mut CycleState,
    pod: &PodInfo,
    node: &mut NodeInfo,
    pdbs: &ParsedPdbs,
    framework: &dyn FrameworkHandle,
) -> Result<(Vec<Arc<PodInfo>>, i64), Status> {
    let mut potential: Vec<Arc<PodInfo>> = node
        .pods
        .iter()
        .filter(|p| p.priority() < pod.priority())
        .cloned()
        .collect();
    for p in &potential {
        remove_from(state, pod, node, p, framework)?;
    }
    if potential.is_empty() {
        return Err(Status::unresolvable(NO_PREEMPTION_VICTIMS));
    }
    // Affinity of the pod to the pods it would evict is not considered, as upstream.
    let st = framework.run_filter_plugins_with_nominated_pods(state, pod, node);
    if !st.is_success() {
        return Err(st);
    }

    potential.sort_by(|a, b| importance_order(a, b));
    let (violating, non_violating) = pdbs.split(&potential);
    let mut victims = vec![];
    let mut num_violating = 0;
    for (group, counts_as_violation) in [(&violating, true), (&non_violating, false)] {
        for p in group {
            add_to(state, pod, node, p, framework)?;
            if !framework
                .run_filter_plugins_with_nominated_pods(state, pod, node)
                .is_success()
            {
                remove_from(state, pod, node, p, framework)?;
                victims.push(p.clone());
                if counts_as_violation {
                    num_violating += 1;
                }
            }
        }
    }
    if !violating.is_empty() && !non_violating.is_empty() {
        victims.sort_by(|a, b| importance_order(a, b));
    }
    Ok((victims, num_violating))
}

/// Upstream `pickOneNodeForPreemption`: apply the scores in order, keeping the best-scoring nodes,
/// until one is left; then the first.
fn pick_one_node(candidates: &[Candidate]) -> &Candidate {
    type Score = fn(&Candidate) -> i128;
    let scores: [Score; 5] = [
        // Fewest PDB violations.
        |c| -(c.num_pdb_violations as i128),
        // Lowest priority among the most important victims.
        |c| -(c.victims.first().map_or(0, |v| v.priority()) as i128),
        // Smallest sum of priorities, each shifted to be non-negative.
        |c| {
            -c.victims
                .iter()
                .map(|v| v.priority() as i128 + i32::MAX as i128 + 1)
                .sum::<i128>()
        },
        // Fewest victims.
        |c| -(c.victims.len() as i128),
        // Latest start among the highest-priority victims (their earliest start, the later the better).
        |c| {
            let top = c.victims.iter().map(|v| v.priority()).max().unwrap_or(0);
            c.victims
                .iter()
                .filter(|v| v.priority() == top)
                .map(|v| start_time(v))
                .min()
                .unwrap_or(i128::MIN)
        },
    ];
    let mut remaining: Vec<&Candidate> = candidates.iter().collect();
    for score in scores {
        let best = remaining.iter().map(|c| score(c)).max().unwrap_or(0);
        remaining.retain(|c| score(c) == best);
        if remaining.len() == 1 {
            break;
        }
    }
    remaining[0]
}
