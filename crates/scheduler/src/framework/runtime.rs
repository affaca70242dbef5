//! One scheduling profile's framework at run time (upstream `framework/runtime/framework.go` and the
//! algorithm half of `schedule_one.go`): PreFilter → Filter (with nominated pods, sampling
//! `percentageOfNodesToScore`, round-robin start) → PostFilter on failure → PreScore → Score →
//! NormalizeScore → weights → pick the best node, ties broken uniformly at random.
//!
//! The result of a failed cycle is a [`FitError`], whose `Display` is the FailedScheduling message.
//! Scores are kept per node and per plugin so `skiff explain` can show why a node won.
//!
//! Filtering and scoring may run on several threads (`parallelism`), but the outcome does not depend on
//! it: nodes are evaluated in scan order and the result is the shortest scan prefix holding enough
//! feasible nodes, exactly what a sequential scan gives.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::config::{
    self, ConfigError, ExtensionPoint, KubeSchedulerConfiguration, KubeSchedulerProfile, Registry,
};
use super::fit_error::FitError;
use super::{
    Code, CycleState, Diagnosis, FilterPlugin, FrameworkHandle, NodeInfo, NodeScore, PodInfo,
    PostFilterPlugin, PostFilterResult, PreFilterPlugin, PreFilterResult, PreScorePlugin, ScorePlugin,
    Snapshot, Status, MAX_NODE_SCORE, MIN_NODE_SCORE,
};

/// Below this many nodes every node is checked (upstream `minFeasibleNodesToFind`).
pub const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
/// The adaptive percentage never goes below this (upstream `minFeasibleNodesPercentageToFind`).
pub const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND: i64 = 5;

/// Nodes a worker claims at a time when filtering in parallel; also the sequential probe that measures
/// what a node costs before deciding whether threads are worth it.
const FILTER_CHUNK: usize = 32;
/// Nodes scored on the calling thread to measure the cost before deciding on threads.
const SCORE_PROBE: usize = 16;
/// Work (projected from the probe) below which threads cost more than they save: spawning and joining
/// is tens of microseconds, and much more when the CPUs are busy with other components.
const DEFAULT_PARALLEL_MIN_WORK: Duration = Duration::from_millis(1);

/// How many feasible nodes to find before the scan stops (upstream `numFeasibleNodesToFind`).
/// `percentage` 0 (or less) is adaptive: `50 - nodes/125` percent, at least 5%, at least 100 nodes.
pub fn num_feasible_nodes_to_find(percentage: i32, num_all_nodes: usize) -> usize {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let n = num_all_nodes as i64;
    let mut pct = i64::from(percentage).min(100);
    if pct <= 0 {
        pct = (50 - n / 125).max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    }
    ((n * pct / 100) as usize).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// A plugin's contribution to one node's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginScore {
    pub plugin: &'static str,
    /// What `score` returned.
    pub raw: i64,
    /// After `normalize`, in [0, 100].
    pub score: i64,
    pub weight: i64,
}

impl PluginScore {
    pub fn weighted(&self) -> i64 {
        self.score * self.weight
    }
}

/// One feasible node's scores (upstream `NodePluginScores`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodePluginScores {
    pub node: String,
    pub scores: Vec<PluginScore>,
    /// Sum of the weighted scores (1 for every node when the profile has no Score plugins).
    pub total: i64,
}

/// A successful scheduling cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleResult {
    pub suggested_host: String,
    /// Nodes the filters ran on (feasible + rejected).
    pub evaluated_nodes: usize,
    pub feasible_nodes: usize,
    /// Per node and per plugin; empty when a single node was feasible (nothing to compare).
    pub scores: Vec<NodePluginScores>,
}

/// A failed scheduling cycle: the pod fits nowhere (a result, requeued as unschedulable), or something
/// broke (retried with backoff).
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("{0}")]
    Fit(Box<FitError>),
    #[error("{0}")]
    Internal(String),
}

/// Where the framework finds pods nominated to a node by preemption (upstream `PodNominator`).
pub trait PodNominator: Send + Sync {
    fn nominated_pods_for_node(&self, node: &str) -> Vec<Arc<PodInfo>>;
}

/// A thread-safe [`PodNominator`]: pod uid → node, kept by whoever watches nominations.
#[derive(Default)]
pub struct NominatedPods {
    inner: RwLock<NominatedInner>,
}

#[derive(Default)]
struct NominatedInner {
    by_node: HashMap<String, Vec<Arc<PodInfo>>>,
    node_of: HashMap<String, String>,
}

impl NominatedPods {
    pub fn new() -> NominatedPods {
        NominatedPods::default()
    }

    /// Nominate `pod` to `node`, replacing an earlier nomination of the same pod.
    pub fn add(&self, pod: Arc<PodInfo>, node: &str) {
        let mut inner = self.inner.write().expect("nominated pods lock");
        remove_nomination(&mut inner, pod.uid());
        inner.node_of.insert(pod.uid().to_string(), node.to_string());
        inner.by_node.entry(node.to_string()).or_default().push(pod);
    }

    /// Forget the nomination of the pod with this uid (bound, deleted, or nominated nowhere now).
    pub fn delete(&self, uid: &str) {
        remove_nomination(&mut self.inner.write().expect("nominated pods lock"), uid);
    }

    pub fn is_empty(&self) -> bool {
        self.inner.read().expect("nominated pods lock").node_of.is_empty()
    }
}

fn remove_nomination(inner: &mut NominatedInner, uid: &str) {
    if let Some(node) = inner.node_of.remove(uid) {
        if let Some(list) = inner.by_node.get_mut(&node) {
            list.retain(|p| p.uid() != uid);
            if list.is_empty() {
                inner.by_node.remove(&node);
            }
        }
    }
}

impl PodNominator for NominatedPods {
    fn nominated_pods_for_node(&self, node: &str) -> Vec<Arc<PodInfo>> {
        let inner = self.inner.read().expect("nominated pods lock");
        inner.by_node.get(node).cloned().unwrap_or_default()
    }
}

/// One profile: its plugins in order, score weights, and the sampling and tie-breaking state.
pub struct Framework {
    profile_name: String,
    pre_filter: Vec<Arc<dyn PreFilterPlugin>>,
    filter: Vec<Arc<dyn FilterPlugin>>,
    post_filter: Vec<Arc<dyn PostFilterPlugin>>,
    pre_score: Vec<Arc<dyn PreScorePlugin>>,
    score: Vec<(Arc<dyn ScorePlugin>, i64)>,
    /// The profile's percentage, or the global one (0 = adaptive).
    percentage_of_nodes_to_score: i32,
    /// Threads used for filtering and scoring (configured parallelism, capped at the CPU count).
    workers: usize,
    /// Projected sequential work from which filtering and scoring go parallel.
    parallel_min_work: Duration,
    next_start_node_index: AtomicUsize,
    rng: AtomicU64,
    nominator: Option<Arc<dyn PodNominator>>,
}

impl fmt::Debug for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Framework")
            .field("profile", &self.profile_name)
            .field("pre_filter", &self.plugin_names(ExtensionPoint::PreFilter))
            .field("filter", &self.plugin_names(ExtensionPoint::Filter))
            .field("post_filter", &self.plugin_names(ExtensionPoint::PostFilter))
            .field("pre_score", &self.plugin_names(ExtensionPoint::PreScore))
            .field("score", &self.score_weights())
            .field("percentage_of_nodes_to_score", &self.percentage_of_nodes_to_score)
            .field("workers", &self.workers)
            .finish()
    }
}

impl Framework {
    /// An empty profile (add plugins with the `with_*` methods), adaptive sampling, default parallelism.
    pub fn new(profile_name: &str) -> Framework {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x5EED);
        Framework {
            profile_name: profile_name.to_string(),
            pre_filter: vec![],
            filter: vec![],
            post_filter: vec![],
            pre_score: vec![],
            score: vec![],
            percentage_of_nodes_to_score: config::DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
            workers: 1,
            parallel_min_work: DEFAULT_PARALLEL_MIN_WORK,
            next_start_node_index: AtomicUsize::new(0),
            rng: AtomicU64::new(seed),
            nominator: None,
        }
        .with_parallelism(config::DEFAULT_PARALLELISM as usize)
    }

    /// Build a profile's framework from configuration: instantiate every plugin it needs through the
    /// registry (with its `pluginConfig` args, `{}` when none), lay them out per extension point as
    /// upstream does (multiPoint expansion, overrides, disabled ones), with their score weights.
    pub fn from_profile(
        config: &KubeSchedulerConfiguration,
        profile: &KubeSchedulerProfile,
        registry: &Registry,
    ) -> Result<Framework, ConfigError> {
        let empty_args = Value::Object(Default::default());
        let mut instances = HashMap::new();
        for (name, _) in config::effective_plugins(profile) {
            let args = profile
                .plugin_args(&name)
                .filter(|a| !a.is_null())
                .unwrap_or(&empty_args);
            let set = registry
                .build(&name, args)
                .ok_or_else(|| ConfigError::NotRegistered { name: name.clone() })??;
            instances.insert(name, set);
        }
        let resolved = config::resolve_extension_points(&profile.plugins, &|name, point| {
            instances.get(name).map(|s| s.implements(point))
        })?;
        let mut fw = Framework::new(&profile.scheduler_name)
            .with_percentage_of_nodes_to_score(
                profile.effective_percentage(config.percentage_of_nodes_to_score),
            )
            .with_parallelism(config.parallelism.max(1) as usize);
        // `resolve_extension_points` checked that each listed plugin exists and implements the point.
        let get = |name: &String| &instances[name];
        for name in resolved.at(ExtensionPoint::PreFilter) {
            fw.pre_filter.extend(get(name).pre_filter.clone());
        }
        for name in resolved.at(ExtensionPoint::Filter) {
            fw.filter.extend(get(name).filter.clone());
        }
        for name in resolved.at(ExtensionPoint::PostFilter) {
            fw.post_filter.extend(get(name).post_filter.clone());
        }
        for name in resolved.at(ExtensionPoint::PreScore) {
            fw.pre_score.extend(get(name).pre_score.clone());
        }
        for name in resolved.at(ExtensionPoint::Score) {
            if let Some(p) = get(name).score.clone() {
                let weight = resolved.score_weights.get(name).copied().unwrap_or(1);
                fw.score.push((p, weight));
            }
        }
        Ok(fw)
    }

    pub fn with_pre_filter(mut self, plugin: Arc<dyn PreFilterPlugin>) -> Self {
        self.pre_filter.push(plugin);
        self
    }

    pub fn with_filter(mut self, plugin: Arc<dyn FilterPlugin>) -> Self {
        self.filter.push(plugin);
        self
    }

    pub fn with_post_filter(mut self, plugin: Arc<dyn PostFilterPlugin>) -> Self {
        self.post_filter.push(plugin);
        self
    }

    pub fn with_pre_score(mut self, plugin: Arc<dyn PreScorePlugin>) -> Self {
        self.pre_score.push(plugin);
        self
    }

    /// A Score plugin with its weight (0 counts as 1, as upstream: disable a plugin instead).
    pub fn with_score(mut self, plugin: Arc<dyn ScorePlugin>, weight: i64) -> Self {
        self.score.push((plugin, if weight == 0 { 1 } else { weight }));
        self
    }

    /// 0 = adaptive; 1–100 = that percentage of the nodes (at least 100 nodes).
    pub fn with_percentage_of_nodes_to_score(mut self, percentage: i32) -> Self {
        self.percentage_of_nodes_to_score = percentage;
        self
    }

    /// Threads for filtering and scoring; capped at the machine's CPUs; 1 = all on the calling thread.
    pub fn with_parallelism(mut self, parallelism: usize) -> Self {
        let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        self.workers = parallelism.clamp(1, cpus.max(1));
        self
    }

    /// Go parallel whatever the work (tests of the parallel paths).
    #[cfg(test)]
    pub(crate) fn always_parallel(mut self) -> Self {
        self.parallel_min_work = Duration::ZERO;
        self
    }

    /// Seed the tie-breaking random numbers (tests, reproducible simulations).
    pub fn with_seed(self, seed: u64) -> Self {
        self.rng.store(seed, Ordering::Relaxed);
        self
    }

    /// Where nominated pods come from; without one, no pod counts as nominated.
    pub fn with_nominator(mut self, nominator: Arc<dyn PodNominator>) -> Self {
        self.nominator = Some(nominator);
        self
    }

    pub fn profile_name(&self) -> &str {
        &self.profile_name
    }

    pub fn percentage_of_nodes_to_score(&self) -> i32 {
        self.percentage_of_nodes_to_score
    }

    pub fn has_filter_plugins(&self) -> bool {
        !self.filter.is_empty()
    }

    pub fn has_score_plugins(&self) -> bool {
        !self.score.is_empty()
    }

    pub fn has_post_filter_plugins(&self) -> bool {
        !self.post_filter.is_empty()
    }

    /// The plugins at a point, in the order they run.
    pub fn plugin_names(&self, point: ExtensionPoint) -> Vec<&'static str> {
        match point {
            ExtensionPoint::PreFilter => self.pre_filter.iter().map(|p| p.name()).collect(),
            ExtensionPoint::Filter => self.filter.iter().map(|p| p.name()).collect(),
            ExtensionPoint::PostFilter => self.post_filter.iter().map(|p| p.name()).collect(),
            ExtensionPoint::PreScore => self.pre_score.iter().map(|p| p.name()).collect(),
            ExtensionPoint::Score => self.score.iter().map(|(p, _)| p.name()).collect(),
        }
    }

    /// Score plugins and their weights, in order.
    pub fn score_weights(&self) -> Vec<(&'static str, i64)> {
        self.score.iter().map(|(p, w)| (p.name(), *w)).collect()
    }

    /// Where the next cycle's filter scan starts.
    pub fn next_start_node_index(&self) -> usize {
        self.next_start_node_index.load(Ordering::Relaxed)
    }

    /// This profile's [`num_feasible_nodes_to_find`].
    pub fn num_feasible_nodes_to_find(&self, num_all_nodes: usize) -> usize {
        num_feasible_nodes_to_find(self.percentage_of_nodes_to_score, num_all_nodes)
    }

    /// A uniformly distributed number in `0..n` (splitmix64 over an atomic counter).
    fn random_below(&self, n: usize) -> usize {
        const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut z = self.rng.fetch_add(GAMMA, Ordering::Relaxed).wrapping_add(GAMMA);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((u128::from(z) * n as u128) >> 64) as usize
    }

    // ── the scheduling cycle ─────────────────────────────────────────────────────────────────────

    /// Schedule one pod on a snapshot: the node to bind to, or why there is none (after PostFilter,
    /// i.e. preemption, had its say).
    pub fn schedule_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> Result<ScheduleResult, ScheduleError> {
        let num_all_nodes = snapshot.nodes.len();
        if num_all_nodes == 0 {
            return Err(ScheduleError::Fit(Box::new(FitError {
                pod_key: pod.key(),
                ..Default::default()
            })));
        }
        let (feasible, diagnosis) = self.find_nodes_that_fit(state, pod, snapshot)?;
        if feasible.is_empty() {
            let mut err = FitError {
                pod_key: pod.key(),
                num_all_nodes,
                diagnosis,
                ..Default::default()
            };
            if self.has_post_filter_plugins() {
                let (result, status) = self.run_post_filter_plugins(state, pod, snapshot, &err.diagnosis);
                let msg = status.message();
                if !msg.is_empty() {
                    err.post_filter_msg = Some(msg);
                }
                if let Some(r) = result {
                    err.nominated_node_name = r.nominated_node_name;
                    err.victims = r.victims;
                }
            }
            return Err(ScheduleError::Fit(Box::new(err)));
        }
        let rejected = diagnosis.node_to_status.len();
        if feasible.len() == 1 {
            return Ok(ScheduleResult {
                suggested_host: feasible[0].name().to_string(),
                evaluated_nodes: 1 + rejected,
                feasible_nodes: 1,
                scores: vec![],
            });
        }
        let scores = self.prioritize_nodes(state, pod, &feasible, snapshot)?;
        let best = select_host(&scores, &mut |n| self.random_below(n))
            .ok_or_else(|| ScheduleError::Internal("empty priorityList".into()))?;
        Ok(ScheduleResult {
            suggested_host: scores[best].node.clone(),
            evaluated_nodes: feasible.len() + rejected,
            feasible_nodes: feasible.len(),
            scores,
        })
    }

    /// PreFilter, then Filter over the nodes (the nominated node first, then a round-robin scan of the
    /// PreFilterResult's nodes or all of them). When nothing fits, every node has a status in the
    /// diagnosis (nodes PreFilter ruled out get `node(s) didn't satisfy plugin(s) [..]`).
    pub fn find_nodes_that_fit(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> Result<(Vec<Arc<NodeInfo>>, Diagnosis), ScheduleError> {
        let mut diagnosis = Diagnosis::default();
        let all = &snapshot.nodes;
        let (pre_result, status, plugins_with_nodes) = self.run_pre_filter_plugins(state, pod, snapshot);
        diagnosis.unschedulable_plugins = plugins_with_nodes.clone();
        if !status.is_success() {
            if !status.is_rejected() {
                return Err(ScheduleError::Internal(status.message()));
            }
            // Every node gets the PreFilter status, so preemption sees them all.
            for node in all {
                diagnosis
                    .node_to_status
                    .insert(node.name().to_string(), status.clone());
            }
            diagnosis.pre_filter_msg = Some(status.message());
            add_plugin_status(&mut diagnosis, &status);
            return Ok((vec![], diagnosis));
        }
        let state: &CycleState = state;

        // A node nominated by an earlier preemption is likely the only one that fits: try it first.
        let nominated = pod
            .pod
            .status
            .as_ref()
            .and_then(|s| s.nominated_node_name.as_deref())
            .filter(|n| !n.is_empty());
        if let Some(node) = nominated.and_then(|n| snapshot.get(n)) {
            // An error here is not fatal (upstream logs it): the full scan below meets it again if it
            // was not particular to this node.
            let (feasible, error) =
                self.find_nodes_that_pass_filters(state, pod, &mut diagnosis, std::slice::from_ref(node), 0);
            if error.is_none() && !feasible.is_empty() {
                return Ok((feasible, diagnosis));
            }
        }

        let narrowed: Vec<Arc<NodeInfo>>;
        let nodes: &[Arc<NodeInfo>] = match &pre_result.node_names {
            None => all,
            Some(names) => {
                // A PreFilterResult may name nodes that do not exist.
                narrowed = names.iter().filter_map(|n| snapshot.get(n).cloned()).collect();
                &narrowed
            }
        };
        let start = self.next_start_node_index.load(Ordering::Relaxed);
        let (feasible, error) = self.find_nodes_that_pass_filters(state, pod, &mut diagnosis, nodes, start);
        // Advance even on errors, so every node gets its turn.
        if !all.is_empty() {
            let processed = feasible.len() + diagnosis.node_to_status.len();
            self.next_start_node_index
                .store((start + processed) % all.len(), Ordering::Relaxed);
        }
        if let Some(e) = error {
            return Err(ScheduleError::Internal(e));
        }
        if feasible.is_empty() && pre_result.node_names.is_some() {
            let names: Vec<&str> = plugins_with_nodes.iter().copied().collect();
            let excluded =
                Status::unresolvable(format!("node(s) didn't satisfy plugin(s) [{}]", names.join(" ")));
            for node in all {
                if !diagnosis.node_to_status.contains_key(node.name()) {
                    diagnosis
                        .node_to_status
                        .insert(node.name().to_string(), excluded.clone());
                }
            }
        }
        Ok((feasible, diagnosis))
    }

    /// Filter `nodes` starting at `start` (mod the count) until enough feasible nodes are found; the
    /// rejected ones go into the diagnosis. Returns the feasible nodes and the first Filter error.
    fn find_nodes_that_pass_filters(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        diagnosis: &mut Diagnosis,
        nodes: &[Arc<NodeInfo>],
        start: usize,
    ) -> (Vec<Arc<NodeInfo>>, Option<String>) {
        let n = nodes.len();
        if n == 0 {
            return (vec![], None);
        }
        let num_to_find = if self.has_score_plugins() {
            self.num_feasible_nodes_to_find(n)
        } else {
            // Without scoring, any feasible node is as good as another.
            1
        };
        if !self.has_filter_plugins() {
            let feasible = (0..num_to_find).map(|i| nodes[(start + i) % n].clone()).collect();
            return (feasible, None);
        }
        let filters = self.active_filters(state);
        let eval = |i: usize| self.filter_with_nominated(&filters, state, pod, &nodes[(start + i) % n]);
        let outcomes = self.scan(n, num_to_find, &eval);
        let mut feasible = Vec::with_capacity(num_to_find.min(n));
        for (i, status) in outcomes {
            let node = &nodes[(start + i) % n];
            match status.code {
                Code::Success => {
                    feasible.push(node.clone());
                    if feasible.len() == num_to_find {
                        break;
                    }
                }
                Code::Unschedulable | Code::UnschedulableAndUnresolvable => {
                    add_plugin_status(diagnosis, &status);
                    diagnosis.node_to_status.insert(node.name().to_string(), status);
                }
                _ => return (feasible, Some(status.message())),
            }
        }
        (feasible, None)
    }

    /// The Filter plugins whose PreFilter did not Skip them this cycle.
    /// Every Filter plugin's verdict on `node` (not stopping at the first rejection), for explanations.
    pub fn all_filter_verdicts(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Vec<Status> {
        self.active_filters(state)
            .into_iter()
            .map(|p| {
                let st = p.filter(state, pod, node);
                if st.plugin.is_empty() {
                    st.with_plugin(p.name())
                } else {
                    st
                }
            })
            .collect()
    }

    fn active_filters<'a>(&'a self, state: &CycleState) -> Vec<&'a Arc<dyn FilterPlugin>> {
        self.filter
            .iter()
            .filter(|p| !state.skip_filter_plugins.contains(&p.name()))
            .collect()
    }

    /// Upstream `RunPreFilterPlugins`: run every PreFilter plugin, intersect their PreFilterResults,
    /// record Skips in the cycle state. An UnschedulableAndUnresolvable rejection stops at once; an
    /// Unschedulable one lets the others run (preemption needs their state). An empty intersection is
    /// UnschedulableAndUnresolvable `node(s) didn't satisfy plugin(s) [A B] simultaneously`. Also returns
    /// the plugins that narrowed the nodes.
    pub fn run_pre_filter_plugins(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (PreFilterResult, Status, BTreeSet<&'static str>) {
        let mut skip = vec![];
        let mut result = PreFilterResult::default();
        let mut plugins_with_nodes = BTreeSet::new();
        let mut returned = Status::success();
        let mut outcome = None;
        for pl in &self.pre_filter {
            let name = pl.name();
            let (r, s) = pl.pre_filter(state, pod, snapshot);
            if s.is_skip() {
                skip.push(name);
                continue;
            }
            if !s.is_success() {
                let s = s.with_plugin(name);
                match s.code {
                    Code::UnschedulableAndUnresolvable => {
                        outcome = Some((PreFilterResult::default(), s, BTreeSet::new()));
                        break;
                    }
                    Code::Unschedulable => {
                        returned = s;
                        continue;
                    }
                    _ => {
                        let e = Status::error(format!("running PreFilter plugin {name:?}: {}", s.message()))
                            .with_plugin(name);
                        outcome = Some((PreFilterResult::default(), e, BTreeSet::new()));
                        break;
                    }
                }
            }
            let Some(names) = r.and_then(|r| r.node_names) else {
                continue;
            };
            plugins_with_nodes.insert(name);
            let merged = match result.node_names.take() {
                None => names,
                Some(prev) => prev.intersection(&names).cloned().collect(),
            };
            let empty = merged.is_empty();
            result.node_names = Some(merged);
            if empty {
                let list: Vec<&str> = plugins_with_nodes.iter().copied().collect();
                let msg = if list.len() == 1 {
                    format!("node(s) didn't satisfy plugin {}", list[0])
                } else {
                    format!(
                        "node(s) didn't satisfy plugin(s) [{}] simultaneously",
                        list.join(" ")
                    )
                };
                // Nodes a PreFilterResult rules out count as UnschedulableAndUnresolvable.
                outcome = Some((
                    result.clone(),
                    Status::unresolvable(msg),
                    plugins_with_nodes.clone(),
                ));
                break;
            }
        }
        state.skip_filter_plugins = skip;
        outcome.unwrap_or((result, returned, plugins_with_nodes))
    }

    /// Upstream `RunFilterPlugins`: the first rejecting plugin decides; anything but Success or a
    /// rejection is an error.
    pub fn run_filter_plugins(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        run_filters(&self.active_filters(state), state, pod, node)
    }

    /// Upstream `RunFilterPluginsWithNominatedPods`: if pods of higher or equal priority are nominated
    /// to the node, the filters must pass both with them counted (their PreFilter AddPod extensions run
    /// on a cloned cycle state) and without them (pod affinity may need them absent).
    pub fn run_filter_plugins_with_nominated_pods(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
    ) -> Status {
        self.filter_with_nominated(&self.active_filters(state), state, pod, node)
    }

    fn filter_with_nominated(
        &self,
        filters: &[&Arc<dyn FilterPlugin>],
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
    ) -> Status {
        let Some(nominator) = &self.nominator else {
            return run_filters(filters, state, pod, node);
        };
        let nominated = nominator.nominated_pods_for_node(node.name());
        let mut to_add = nominated
            .iter()
            .filter(|p| p.priority() >= pod.priority() && p.uid() != pod.uid())
            .peekable();
        if to_add.peek().is_none() {
            return run_filters(filters, state, pod, node);
        }
        let mut node_out = node.clone();
        let mut state_out = state.clone();
        for p in to_add {
            node_out.add_pod(p.clone());
            let st = self.run_pre_filter_extension_add_pod(&mut state_out, pod, p, &node_out);
            if !st.is_success() {
                return Status::error(st.message());
            }
        }
        let with = run_filters(filters, &state_out, pod, &node_out);
        if !with.is_success() {
            return with;
        }
        run_filters(filters, state, pod, node)
    }

    /// PreFilter AddPod extensions of the plugins not skipped this cycle.
    pub fn run_pre_filter_extension_add_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        added: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        for pl in &self.pre_filter {
            if state.skip_filter_plugins.contains(&pl.name()) {
                continue;
            }
            let st = pl.add_pod(state, pod, added, node);
            if !st.is_success() {
                return Status::error(format!(
                    "running AddPod on PreFilter plugin {:?}: {}",
                    pl.name(),
                    st.message()
                ));
            }
        }
        Status::success()
    }

    /// PreFilter RemovePod extensions of the plugins not skipped this cycle.
    pub fn run_pre_filter_extension_remove_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        removed: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        for pl in &self.pre_filter {
            if state.skip_filter_plugins.contains(&pl.name()) {
                continue;
            }
            let st = pl.remove_pod(state, pod, removed, node);
            if !st.is_success() {
                return Status::error(format!(
                    "running RemovePod on PreFilter plugin {:?}: {}",
                    pl.name(),
                    st.message()
                ));
            }
        }
        Status::success()
    }

    /// Upstream `RunPostFilterPlugins`: stop at the first Success, UnschedulableAndUnresolvable or
    /// error; otherwise gather every plugin's reasons (the PostFilter message) and keep the last
    /// result.
    pub fn run_post_filter_plugins(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
        diagnosis: &Diagnosis,
    ) -> (Option<PostFilterResult>, Status) {
        let mut result = None;
        let mut reasons = vec![];
        let mut rejector = "";
        for pl in &self.post_filter {
            let (r, s) = pl.post_filter(state, pod, snapshot, diagnosis, self);
            match s.code {
                Code::Success => return (r, s),
                Code::UnschedulableAndUnresolvable => return (r, s.with_plugin(pl.name())),
                Code::Unschedulable => {}
                _ => return (None, Status::error(s.message()).with_plugin(pl.name())),
            }
            if r.is_some() {
                result = r;
            }
            reasons.extend(s.reasons);
            if rejector.is_empty() {
                rejector = pl.name();
            }
        }
        let status = Status {
            code: Code::Unschedulable,
            reasons,
            plugin: rejector,
        };
        (result, status)
    }

    /// PreScore, Score, NormalizeScore and weights over the feasible nodes (upstream
    /// `prioritizeNodes`). Without Score plugins every node scores 1.
    pub fn prioritize_nodes(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Result<Vec<NodePluginScores>, ScheduleError> {
        if !self.has_score_plugins() {
            return Ok(nodes
                .iter()
                .map(|n| NodePluginScores {
                    node: n.name().to_string(),
                    scores: vec![],
                    total: 1,
                })
                .collect());
        }
        let st = self.run_pre_score_plugins(state, pod, nodes, snapshot);
        if !st.is_success() {
            return Err(ScheduleError::Internal(st.message()));
        }
        self.run_score_plugins(state, pod, nodes)
            .map_err(|s| ScheduleError::Internal(s.message()))
    }

    /// Upstream `RunPreScorePlugins`: Skip means the plugin's Score does not run this cycle.
    pub fn run_pre_score_plugins(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Status {
        let mut skip = vec![];
        let mut result = Status::success();
        for pl in &self.pre_score {
            let st = pl.pre_score(state, pod, nodes, snapshot);
            if st.is_skip() {
                skip.push(pl.name());
                continue;
            }
            if !st.is_success() {
                result = Status::error(format!(
                    "running PreScore plugin {:?}: {}",
                    pl.name(),
                    st.message()
                ));
                break;
            }
        }
        state.skip_score_plugins = skip;
        result
    }

    /// Upstream `RunScorePlugins`: score every node with every plugin not skipped, normalize per
    /// plugin, check the [0, 100] range, apply the weights and sum.
    pub fn run_score_plugins(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
    ) -> Result<Vec<NodePluginScores>, Status> {
        let plugins: Vec<&(Arc<dyn ScorePlugin>, i64)> = self
            .score
            .iter()
            .filter(|(p, _)| !state.skip_score_plugins.contains(&p.name()))
            .collect();
        let raw: Vec<Result<Vec<i64>, Status>> = self.par_map(nodes.len(), |i| {
            plugins
                .iter()
                .map(|(p, _)| {
                    p.score(state, pod, &nodes[i]).map_err(|s| {
                        Status::error(format!("plugin {:?} failed with: {}", p.name(), s.message()))
                    })
                })
                .collect()
        });
        let mut matrix = Vec::with_capacity(nodes.len());
        for r in raw {
            matrix.push(r.map_err(|s| Status::error(format!("running Score plugins: {}", s.message())))?);
        }
        let mut out: Vec<NodePluginScores> = nodes
            .iter()
            .map(|n| NodePluginScores {
                node: n.name().to_string(),
                scores: Vec::with_capacity(plugins.len()),
                total: 0,
            })
            .collect();
        // One list reused for every plugin's normalization (plugins must not reorder it).
        let mut list: Vec<NodeScore> = nodes
            .iter()
            .map(|n| NodeScore {
                name: n.name().to_string(),
                score: 0,
            })
            .collect();
        for (j, (p, weight)) in plugins.iter().enumerate() {
            for (entry, row) in list.iter_mut().zip(&matrix) {
                entry.score = row[j];
            }
            let st = p.normalize(state, pod, &mut list);
            if !st.is_success() {
                return Err(Status::error(format!(
                    "running Normalize on Score plugins: plugin {:?} failed with: {}",
                    p.name(),
                    st.message()
                )));
            }
            for ((node, entry), row) in out.iter_mut().zip(&list).zip(&matrix) {
                if !(MIN_NODE_SCORE..=MAX_NODE_SCORE).contains(&entry.score) {
                    return Err(Status::error(format!(
                        "applying score defaultWeights on Score plugins: plugin {:?} returns an invalid \
                         score {}, it should in the range of [{MIN_NODE_SCORE}, {MAX_NODE_SCORE}] after \
                         normalizing",
                        p.name(),
                        entry.score
                    )));
                }
                let ps = PluginScore {
                    plugin: p.name(),
                    raw: row[j],
                    score: entry.score,
                    weight: *weight,
                };
                node.total += ps.weighted();
                node.scores.push(ps);
            }
        }
        Ok(out)
    }

    /// Evaluate scan positions `0..n` in order until `num_to_find` pass or one errs. The first chunk
    /// runs here and is timed; when the rest promises enough work, it is spread over the workers.
    fn scan(
        &self,
        n: usize,
        num_to_find: usize,
        eval: &(dyn Fn(usize) -> Status + Sync),
    ) -> Vec<(usize, Status)> {
        let mut out = Vec::new();
        let mut found = 0;
        let started = Instant::now();
        for i in 0..n {
            if i == FILTER_CHUNK && self.workers > 1 {
                let per_node = started.elapsed() / i as u32;
                // Nodes still to scan, judging by the share of feasible ones so far.
                let expected = match found {
                    0 => n - i,
                    _ => ((num_to_find - found) * i / found).min(n - i),
                };
                if per_node.saturating_mul(expected as u32) >= self.parallel_min_work {
                    out.extend(scan_parallel(self.workers, i, n, num_to_find - found, eval));
                    return out;
                }
            }
            let st = eval(i);
            let stop = match st.code {
                Code::Success => {
                    found += 1;
                    found == num_to_find
                }
                Code::Unschedulable | Code::UnschedulableAndUnresolvable => false,
                _ => true,
            };
            out.push((i, st));
            if stop {
                break;
            }
        }
        out
    }

    /// `f(0..n)` in order; after a timed probe on this thread, split over the workers when the rest
    /// promises enough work.
    fn par_map<T: Send>(&self, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
        let started = Instant::now();
        let probe = n.min(SCORE_PROBE);
        let mut out: Vec<T> = (0..probe).map(&f).collect();
        let rest = n - probe;
        if rest == 0 || self.workers == 1 {
            out.extend((probe..n).map(&f));
            return out;
        }
        let per_item = started.elapsed() / probe as u32;
        if per_item.saturating_mul(rest as u32) < self.parallel_min_work {
            out.extend((probe..n).map(&f));
            return out;
        }
        let f = &f;
        let workers = self.workers.min(rest);
        let per = rest.div_ceil(workers);
        let range = |w: usize| (probe + w * per).min(n)..(probe + (w + 1) * per).min(n);
        std::thread::scope(|s| {
            let handles: Vec<_> = (1..workers)
                .map(|w| s.spawn(move || range(w).map(f).collect::<Vec<T>>()))
                .collect();
            out.extend(range(0).map(f));
            for h in handles {
                match h.join() {
                    Ok(part) => out.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
        });
        out
    }
}

impl FrameworkHandle for Framework {
    fn run_filter_plugins_with_nominated_pods(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
    ) -> Status {
        Framework::run_filter_plugins_with_nominated_pods(self, state, pod, node)
    }

    fn run_pre_filter_extension_add_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        added: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        Framework::run_pre_filter_extension_add_pod(self, state, pod, added, node)
    }

    fn run_pre_filter_extension_remove_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        removed: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        Framework::run_pre_filter_extension_remove_pod(self, state, pod, removed, node)
    }
}

/// The node with the highest total; ties broken uniformly at random by reservoir sampling, with
/// `random(k)` returning a number in `0..k`. `None` for an empty list.
pub fn select_host(scores: &[NodePluginScores], random: &mut impl FnMut(usize) -> usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    let mut ties = 0;
    for (i, s) in scores.iter().enumerate() {
        match best {
            Some(b) if s.total < scores[b].total => {}
            Some(b) if s.total == scores[b].total => {
                ties += 1;
                if random(ties) == 0 {
                    best = Some(i);
                }
            }
            _ => {
                best = Some(i);
                ties = 1;
            }
        }
    }
    best
}

fn run_filters(
    filters: &[&Arc<dyn FilterPlugin>],
    state: &CycleState,
    pod: &PodInfo,
    node: &NodeInfo,
) -> Status {
    for pl in filters {
        let st = pl.filter(state, pod, node);
        if st.is_success() {
            continue;
        }
        let st = if st.is_rejected() {
            st
        } else {
            // Filter plugins may only succeed or reject.
            Status::error(format!("running {:?} filter plugin: {}", pl.name(), st.message()))
        };
        return st.with_plugin(pl.name());
    }
    Status::success()
}

fn add_plugin_status(diagnosis: &mut Diagnosis, status: &Status) {
    if !status.plugin.is_empty() && status.is_rejected() {
        diagnosis.unschedulable_plugins.insert(status.plugin);
    }
}

/// Scan positions `from..n` on `workers` threads until `num_to_find` pass or one errs: chunks are
/// claimed in scan order and every claimed chunk is finished, so the evaluated positions form a
/// prefix that holds what a sequential scan would have evaluated; the caller walks it in order and
/// stops where the sequential scan would.
fn scan_parallel(
    workers: usize,
    from: usize,
    n: usize,
    num_to_find: usize,
    eval: &(dyn Fn(usize) -> Status + Sync),
) -> Vec<(usize, Status)> {
    let next = AtomicUsize::new(from);
    let found = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut local = Vec::new();
        while found.load(Ordering::Relaxed) < num_to_find && !failed.load(Ordering::Relaxed) {
            let begin = next.fetch_add(FILTER_CHUNK, Ordering::Relaxed);
            if begin >= n {
                break;
            }
            for i in begin..(begin + FILTER_CHUNK).min(n) {
                let st = eval(i);
                match st.code {
                    Code::Success => {
                        found.fetch_add(1, Ordering::Relaxed);
                    }
                    Code::Unschedulable | Code::UnschedulableAndUnresolvable => {}
                    _ => failed.store(true, Ordering::Relaxed),
                }
                local.push((i, st));
            }
        }
        local
    };
    let mut all = std::thread::scope(|s| {
        let handles: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            match h.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all
}

#[cfg(test)]
mod tests;
