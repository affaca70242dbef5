//! The runtime against small fake plugins defined here (the real plugins have their own tests).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::json;

use super::*;
use crate::framework::config::{KubeSchedulerConfiguration, PluginSet, Registry};
use crate::framework::fit_error::{preemption_fit_message, NO_PREEMPTION_VICTIMS};
use crate::framework::testing::{NodeBuilder, PodBuilder};
use crate::framework::Plugin;

// ── fixtures ──────────────────────────────────────────────────────────────────────────────────────

fn snapshot(nodes: Vec<NodeBuilder>) -> Snapshot {
    Snapshot::from_nodes(nodes.into_iter().map(|n| NodeInfo::new(n.build())).collect())
}

fn named_nodes(names: &[&str]) -> Snapshot {
    snapshot(names.iter().map(|n| NodeBuilder::new(n)).collect())
}

fn many_nodes(n: usize) -> Snapshot {
    snapshot(
        (0..n)
            .map(|i| NodeBuilder::new(&format!("node-{i:05}")))
            .collect(),
    )
}

fn pod(b: PodBuilder) -> PodInfo {
    PodInfo::new(b.build())
}

fn fit_error(r: Result<ScheduleResult, ScheduleError>) -> FitError {
    match r {
        Err(ScheduleError::Fit(e)) => *e,
        other => panic!("expected a FitError, got {other:?}"),
    }
}

fn schedule(fw: &Framework, p: &PodInfo, snap: &Snapshot) -> Result<ScheduleResult, ScheduleError> {
    fw.schedule_pod(&mut CycleState::default(), p, snap)
}

/// NodeResourcesFit in miniature: cpu and memory, every failing reason.
struct Fit;

impl Plugin for Fit {
    fn name(&self) -> &'static str {
        "Fit"
    }
}

impl FilterPlugin for Fit {
    fn filter(&self, _: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let free = |total: i64, used: i64| total - used;
        let mut reasons = vec![];
        if pod.requests.milli_cpu > free(node.allocatable.milli_cpu, node.requested.milli_cpu) {
            reasons.push("Insufficient cpu".to_string());
        }
        if pod.requests.memory > free(node.allocatable.memory, node.requested.memory) {
            reasons.push("Insufficient memory".to_string());
        }
        if reasons.is_empty() {
            Status::success()
        } else {
            Status {
                code: Code::Unschedulable,
                reasons,
                plugin: "",
            }
        }
    }
}

/// Rejects the listed nodes.
struct Reject {
    name: &'static str,
    nodes: BTreeSet<String>,
    status: Status,
}

impl Reject {
    fn new(name: &'static str, nodes: &[&str], status: Status) -> Arc<Reject> {
        Arc::new(Reject {
            name,
            nodes: nodes.iter().map(|n| n.to_string()).collect(),
            status,
        })
    }
}

impl Plugin for Reject {
    fn name(&self) -> &'static str {
        self.name
    }
}

impl FilterPlugin for Reject {
    fn filter(&self, _: &CycleState, _: &PodInfo, node: &NodeInfo) -> Status {
        if self.nodes.contains(node.name()) {
            self.status.clone()
        } else {
            Status::success()
        }
    }
}

/// Passes every node, counting calls.
#[derive(Default)]
struct Count(AtomicUsize);

impl Count {
    fn calls(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Plugin for Count {
    fn name(&self) -> &'static str {
        "Count"
    }
}

impl FilterPlugin for Count {
    fn filter(&self, _: &CycleState, _: &PodInfo, _: &NodeInfo) -> Status {
        self.0.fetch_add(1, Ordering::SeqCst);
        Status::success()
    }
}

/// A PreFilter returning a fixed result and status.
struct Pre {
    name: &'static str,
    nodes: Option<Vec<&'static str>>,
    status: Status,
    ran: AtomicUsize,
}

impl Pre {
    fn new(name: &'static str, nodes: Option<Vec<&'static str>>, status: Status) -> Arc<Pre> {
        Arc::new(Pre {
            name,
            nodes,
            status,
            ran: AtomicUsize::new(0),
        })
    }
}

impl Plugin for Pre {
    fn name(&self) -> &'static str {
        self.name
    }
}

impl PreFilterPlugin for Pre {
    fn pre_filter(&self, _: &mut CycleState, _: &PodInfo, _: &Snapshot) -> (Option<PreFilterResult>, Status) {
        self.ran.fetch_add(1, Ordering::SeqCst);
        let result = self.nodes.as_ref().map(|ns| PreFilterResult {
            node_names: Some(ns.iter().map(|n| n.to_string()).collect()),
        });
        (result, self.status.clone())
    }
}

/// Scores from a table (0 for unlisted nodes); optionally normalized to max = 100.
struct Table {
    name: &'static str,
    scores: HashMap<String, i64>,
    normalize: bool,
}

impl Table {
    fn new(name: &'static str, scores: &[(&str, i64)], normalize: bool) -> Arc<Table> {
        Arc::new(Table {
            name,
            scores: scores.iter().map(|(n, s)| (n.to_string(), *s)).collect(),
            normalize,
        })
    }
}

impl Plugin for Table {
    fn name(&self) -> &'static str {
        self.name
    }
}

impl ScorePlugin for Table {
    fn score(&self, _: &CycleState, _: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        Ok(self.scores.get(node.name()).copied().unwrap_or(0))
    }

    fn normalize(&self, _: &CycleState, _: &PodInfo, scores: &mut [NodeScore]) -> Status {
        if self.normalize {
            let max = scores.iter().map(|s| s.score).max().unwrap_or(0);
            if max > 0 {
                for s in scores.iter_mut() {
                    s.score = s.score * MAX_NODE_SCORE / max;
                }
            }
        }
        Status::success()
    }
}

/// DefaultPreemption in miniature: a node rejected as Unschedulable is dry-run with every
/// lower-priority pod removed, through the framework handle; the others are not helpful.
struct Preempt;

impl Plugin for Preempt {
    fn name(&self) -> &'static str {
        "Preempt"
    }
}

impl PostFilterPlugin for Preempt {
    fn post_filter(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
        diagnosis: &Diagnosis,
        framework: &dyn FrameworkHandle,
    ) -> (Option<PostFilterResult>, Status) {
        let mut failed = BTreeMap::new();
        for (name, status) in &diagnosis.node_to_status {
            if status.code != Code::Unschedulable {
                continue;
            }
            let node = snapshot.get(name).expect("node in snapshot");
            let mut trial = (**node).clone();
            let mut trial_state = state.clone();
            for victim in node.pods.iter().filter(|p| p.priority() < pod.priority()) {
                trial.remove_pod(victim.uid());
                framework.run_pre_filter_extension_remove_pod(&mut trial_state, pod, victim, &trial);
            }
            let st = framework.run_filter_plugins_with_nominated_pods(&trial_state, pod, &trial);
            if !st.is_success() {
                failed.insert(name.clone(), NO_PREEMPTION_VICTIMS.to_string());
            } else {
                return (
                    Some(PostFilterResult {
                        nominated_node_name: Some(name.clone()),
                        victims: node
                            .pods
                            .iter()
                            .filter(|p| p.priority() < pod.priority())
                            .map(|p| p.key())
                            .collect(),
                    }),
                    Status::success(),
                );
            }
        }
        let msg = format!(
            "preemption: {}",
            preemption_fit_message(snapshot.nodes.len(), &failed)
        );
        (Some(PostFilterResult::default()), Status::unschedulable(msg))
    }
}

// ── FailedScheduling messages ─────────────────────────────────────────────────────────────────────

#[test]
fn histogram_and_preemption_message() {
    // scheduler.md §2.2: three nodes with 1 cpu, two with 1Gi memory, a pod asking 2 cpu and 2Gi.
    let mut nodes = vec![];
    for i in 1..=3 {
        nodes.push(
            NodeBuilder::new(&format!("cpu-{i}"))
                .cap("cpu", "1")
                .cap("memory", "8Gi"),
        );
    }
    for i in 1..=2 {
        nodes.push(
            NodeBuilder::new(&format!("mem-{i}"))
                .cap("cpu", "8")
                .cap("memory", "1Gi"),
        );
    }
    let snap = snapshot(nodes);
    let fw = Framework::new("default-scheduler")
        .with_filter(Arc::new(Fit))
        .with_post_filter(Arc::new(Preempt));
    let p = pod(PodBuilder::new("p").req("cpu", "2").req("memory", "2Gi"));
    let err = fit_error(schedule(&fw, &p, &snap));
    assert_eq!(
        err.to_string(),
        "0/5 nodes are available: 2 Insufficient memory, 3 Insufficient cpu. preemption: 0/5 nodes are \
         available: 5 No preemption victims found for incoming pod."
    );
    assert_eq!(err.pod_key, "default/p");
    assert_eq!(err.diagnosis.node_to_status.len(), 5);
    assert_eq!(err.diagnosis.node_to_status["cpu-1"].plugin, "Fit");
    assert_eq!(err.diagnosis.unschedulable_plugins, BTreeSet::from(["Fit"]));
    assert_eq!(err.nominated_node_name, None);
}

#[test]
fn preemption_nominates_and_names_victims() {
    let low = Arc::new(PodInfo::new(
        PodBuilder::new("low")
            .node("n1")
            .req("cpu", "2")
            .priority(1)
            .build(),
    ));
    let mut n1 = NodeInfo::new(
        NodeBuilder::new("n1")
            .cap("cpu", "2")
            .cap("memory", "1Gi")
            .build(),
    );
    n1.add_pod(low);
    let n2 = NodeInfo::new(
        NodeBuilder::new("n2")
            .cap("cpu", "4")
            .cap("memory", "1Gi")
            .taint("dedicated", "x", "NoSchedule")
            .build(),
    );
    let snap = Snapshot::from_nodes(vec![n1, n2]);
    let fw = Framework::new("default-scheduler")
        .with_filter(Reject::new(
            "Taints",
            &["n2"],
            Status::unresolvable("node(s) had untolerated taint(s)"),
        ))
        .with_filter(Arc::new(Fit))
        .with_post_filter(Arc::new(Preempt));
    let p = pod(PodBuilder::new("high").req("cpu", "1").priority(100));
    let err = fit_error(schedule(&fw, &p, &snap));
    assert_eq!(err.nominated_node_name.as_deref(), Some("n1"));
    assert_eq!(err.victims, vec!["default/low".to_string()]);
    // A successful PostFilter has nothing to say.
    assert_eq!(err.post_filter_msg, None);
    assert_eq!(
        err.to_string(),
        "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint(s)."
    );
}

#[test]
fn no_nodes_at_all() {
    let fw = Framework::new("s").with_post_filter(Arc::new(Preempt));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &Snapshot::default()));
    assert_eq!(err.to_string(), "no nodes available to schedule pods");
    assert_eq!(err.post_filter_msg, None);
}

#[test]
fn pre_filter_rejection_is_the_message() {
    let snap = named_nodes(&["a", "b", "c"]);
    let pvc = Pre::new(
        "VolumeBinding",
        None,
        Status::unresolvable("pod has unbound immediate PersistentVolumeClaims"),
    );
    let later = Pre::new("Later", None, Status::success());
    let fw = Framework::new("s")
        .with_pre_filter(pvc.clone())
        .with_pre_filter(later.clone())
        .with_filter(Arc::new(Count::default()))
        .with_post_filter(Arc::new(Preempt));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &snap));
    assert_eq!(
        err.to_string(),
        "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes \
         are available: 3 Preemption is not helpful for scheduling."
    );
    // UnschedulableAndUnresolvable stops PreFilter at once; every node carries the status.
    assert_eq!(later.ran.load(Ordering::SeqCst), 0);
    assert_eq!(err.diagnosis.node_to_status.len(), 3);
    assert_eq!(err.diagnosis.node_to_status["b"].plugin, "VolumeBinding");
    assert_eq!(
        err.diagnosis.unschedulable_plugins,
        BTreeSet::from(["VolumeBinding"])
    );
}

#[test]
fn unschedulable_pre_filter_lets_the_others_run() {
    let snap = named_nodes(&["a", "b"]);
    let first = Pre::new("Spread", None, Status::unschedulable("not enough domains"));
    let later = Pre::new("Later", None, Status::success());
    let fw = Framework::new("s")
        .with_pre_filter(first)
        .with_pre_filter(later.clone())
        .with_filter(Arc::new(Count::default()));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &snap));
    assert_eq!(later.ran.load(Ordering::SeqCst), 1);
    assert_eq!(err.to_string(), "0/2 nodes are available: not enough domains.");
    assert_eq!(err.diagnosis.node_to_status["a"].code, Code::Unschedulable);
}

#[test]
fn pre_filter_error_is_internal() {
    let fw = Framework::new("s").with_pre_filter(Pre::new("Broken", None, Status::error("boom")));
    match schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a"])) {
        Err(ScheduleError::Internal(msg)) => assert_eq!(msg, "running PreFilter plugin \"Broken\": boom"),
        other => panic!("{other:?}"),
    }
}

// ── PreFilterResult ───────────────────────────────────────────────────────────────────────────────

#[test]
fn pre_filter_result_narrows_the_scan() {
    let snap = named_nodes(&["a", "b", "c", "d"]);
    let count = Arc::new(Count::default());
    let fw = Framework::new("s")
        // A PreFilterResult may name nodes that do not exist.
        .with_pre_filter(Pre::new("NodeAffinity", Some(vec!["b", "zz"]), Status::success()))
        .with_filter(count.clone())
        .with_score(Table::new("Zero", &[], false), 1);
    let r = schedule(&fw, &pod(PodBuilder::new("p")), &snap).unwrap();
    assert_eq!(r.suggested_host, "b");
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (1, 1));
    assert_eq!(count.calls(), 1);

    // When the one remaining node is rejected, the others report the narrowing plugin.
    let fw = Framework::new("s")
        .with_pre_filter(Pre::new("NodeAffinity", Some(vec!["b"]), Status::success()))
        .with_filter(Reject::new(
            "Fit",
            &["b"],
            Status::unschedulable("Insufficient cpu"),
        ))
        .with_post_filter(Arc::new(Preempt));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &snap));
    assert_eq!(
        err.to_string(),
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. \
         preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption \
         is not helpful for scheduling."
    );
    assert_eq!(
        err.diagnosis.node_to_status["a"].code,
        Code::UnschedulableAndUnresolvable
    );
    assert_eq!(
        err.diagnosis.unschedulable_plugins,
        BTreeSet::from(["Fit", "NodeAffinity"])
    );
}

#[test]
fn pre_filter_results_intersect() {
    let snap = named_nodes(&["a", "b", "c"]);
    let fw = Framework::new("s")
        .with_pre_filter(Pre::new("A", Some(vec!["a", "b"]), Status::success()))
        .with_pre_filter(Pre::new("B", Some(vec!["b", "c"]), Status::success()))
        .with_pre_filter(Pre::new("All", None, Status::success()))
        .with_filter(Arc::new(Count::default()));
    let r = schedule(&fw, &pod(PodBuilder::new("p")), &snap).unwrap();
    assert_eq!(r.suggested_host, "b");

    let fw = Framework::new("s")
        .with_pre_filter(Pre::new("B", Some(vec!["c"]), Status::success()))
        .with_pre_filter(Pre::new("A", Some(vec!["a"]), Status::success()))
        .with_filter(Arc::new(Count::default()));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &snap));
    assert_eq!(
        err.to_string(),
        "0/3 nodes are available: node(s) didn't satisfy plugin(s) [A B] simultaneously."
    );
    assert_eq!(err.diagnosis.unschedulable_plugins, BTreeSet::from(["A", "B"]));

    let fw = Framework::new("s")
        .with_pre_filter(Pre::new("A", Some(vec![]), Status::success()))
        .with_filter(Arc::new(Count::default()));
    let err = fit_error(schedule(&fw, &pod(PodBuilder::new("p")), &snap));
    assert_eq!(
        err.to_string(),
        "0/3 nodes are available: node(s) didn't satisfy plugin A."
    );
}

// ── Skip ──────────────────────────────────────────────────────────────────────────────────────────

/// A plugin whose PreFilter and PreScore skip; its Filter and Score must then not run.
struct Skipper;

impl Plugin for Skipper {
    fn name(&self) -> &'static str {
        "Skipper"
    }
}

impl PreFilterPlugin for Skipper {
    fn pre_filter(&self, _: &mut CycleState, _: &PodInfo, _: &Snapshot) -> (Option<PreFilterResult>, Status) {
        (None, Status::skip())
    }
}

impl FilterPlugin for Skipper {
    fn filter(&self, _: &CycleState, _: &PodInfo, _: &NodeInfo) -> Status {
        Status::unresolvable("should have been skipped")
    }
}

impl PreScorePlugin for Skipper {
    fn pre_score(&self, _: &mut CycleState, _: &PodInfo, _: &[Arc<NodeInfo>], _: &Snapshot) -> Status {
        Status::skip()
    }
}

impl ScorePlugin for Skipper {
    fn score(&self, _: &CycleState, _: &PodInfo, _: &NodeInfo) -> Result<i64, Status> {
        panic!("Score ran although PreScore skipped")
    }
}

#[test]
fn skipped_plugins_do_not_run() {
    let s = Arc::new(Skipper);
    let fw = Framework::new("s")
        .with_pre_filter(s.clone())
        .with_filter(s.clone())
        .with_pre_score(s.clone())
        .with_score(s, 1)
        .with_score(Table::new("T", &[("b", 7)], false), 1);
    let mut state = CycleState::default();
    let r = fw
        .schedule_pod(&mut state, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b"]))
        .unwrap();
    assert_eq!(r.suggested_host, "b");
    assert_eq!(state.skip_filter_plugins, vec!["Skipper"]);
    assert_eq!(state.skip_score_plugins, vec!["Skipper"]);
    assert!(r
        .scores
        .iter()
        .all(|n| n.scores.len() == 1 && n.scores[0].plugin == "T"));
}

// ── scoring ───────────────────────────────────────────────────────────────────────────────────────

#[test]
fn weights_normalization_and_sum() {
    let snap = named_nodes(&["a", "b", "c"]);
    let fw = Framework::new("s")
        .with_score(Table::new("X", &[("a", 10), ("b", 5)], true), 1)
        .with_score(Table::new("Y", &[("b", 20), ("c", 10)], true), 3)
        // Weight 0 counts as 1.
        .with_score(Table::new("Z", &[("a", 40)], false), 0);
    assert_eq!(fw.score_weights(), vec![("X", 1), ("Y", 3), ("Z", 1)]);
    let r = schedule(&fw, &pod(PodBuilder::new("p")), &snap).unwrap();
    let totals: Vec<(&str, i64)> = r.scores.iter().map(|n| (n.node.as_str(), n.total)).collect();
    // a: 100 + 0 + 40; b: 50 + 300 + 0; c: 0 + 150 + 0.
    assert_eq!(totals, vec![("a", 140), ("b", 350), ("c", 150)]);
    assert_eq!(r.suggested_host, "b");
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (3, 3));
    let b_y = &r.scores[1].scores[1];
    assert_eq!(
        (b_y.plugin, b_y.raw, b_y.score, b_y.weight, b_y.weighted()),
        ("Y", 20, 100, 3, 300)
    );
}

#[test]
fn scores_out_of_range_are_errors() {
    let fw = Framework::new("s").with_score(Table::new("Wild", &[("a", 101)], false), 1);
    match schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b"])) {
        Err(ScheduleError::Internal(msg)) => assert!(
            msg.contains("plugin \"Wild\" returns an invalid score 101"),
            "{msg}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_feasible_node_needs_no_scoring() {
    let fw = Framework::new("s")
        .with_filter(Reject::new("R", &["a", "c"], Status::unresolvable("no")))
        .with_score(Table::new("T", &[], false), 1);
    let r = schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b", "c"])).unwrap();
    assert_eq!(r.suggested_host, "b");
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (3, 1));
    assert!(r.scores.is_empty());
}

#[test]
fn filter_errors_are_internal() {
    let fw = Framework::new("s").with_filter(Reject::new("Boom", &["b"], Status::error("kaput")));
    match schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b"])) {
        // Without Score plugins one feasible node is enough: "a" passes first.
        Ok(r) => assert_eq!(r.suggested_host, "a"),
        other => panic!("{other:?}"),
    }
    let fw = fw.with_score(Table::new("T", &[], false), 1);
    match schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b"])) {
        Err(ScheduleError::Internal(msg)) => assert_eq!(msg, "running \"Boom\" filter plugin: kaput"),
        other => panic!("{other:?}"),
    }
}

// ── sampling ──────────────────────────────────────────────────────────────────────────────────────

#[test]
fn percentage_of_nodes_to_score_numbers() {
    let adaptive = |n| num_feasible_nodes_to_find(0, n);
    assert_eq!(adaptive(50), 50);
    assert_eq!(adaptive(100), 100);
    assert_eq!(adaptive(500), 230);
    assert_eq!(adaptive(1000), 420);
    assert_eq!(adaptive(5000), 500);
    assert_eq!(adaptive(6000), 300);
    assert_eq!(adaptive(15000), 750);
    assert_eq!(num_feasible_nodes_to_find(50, 1000), 500);
    assert_eq!(num_feasible_nodes_to_find(100, 1000), 1000);
    // At least 100 nodes.
    assert_eq!(num_feasible_nodes_to_find(1, 1000), 100);
    assert_eq!(num_feasible_nodes_to_find(1, 60), 60);
}

#[test]
fn sampling_stops_early_and_start_rotates() {
    let snap = many_nodes(1000);
    let count = Arc::new(Count::default());
    let fw = Framework::new("s")
        .with_filter(count.clone())
        .with_score(Table::new("T", &[], false), 1)
        .with_parallelism(1);
    let p = pod(PodBuilder::new("p"));
    let r = schedule(&fw, &p, &snap).unwrap();
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (420, 420));
    assert_eq!(count.calls(), 420);
    assert_eq!(r.scores.first().unwrap().node, "node-00000");
    assert_eq!(fw.next_start_node_index(), 420);
    let r = schedule(&fw, &p, &snap).unwrap();
    assert_eq!(r.scores.first().unwrap().node, "node-00420");
    assert_eq!(fw.next_start_node_index(), 840);
    let r = schedule(&fw, &p, &snap).unwrap();
    // Wraps around: 840..999 then 0..259.
    assert_eq!(r.scores.first().unwrap().node, "node-00840");
    assert_eq!(r.scores.last().unwrap().node, "node-00259");
    assert_eq!(fw.next_start_node_index(), 260);

    // A profile percentage overrides the adaptive one.
    let fw = Framework::new("s")
        .with_filter(Arc::new(Count::default()))
        .with_score(Table::new("T", &[], false), 1)
        .with_percentage_of_nodes_to_score(100);
    assert_eq!(schedule(&fw, &p, &snap).unwrap().feasible_nodes, 1000);

    // Without Score plugins the first feasible node will do.
    let fw = Framework::new("s").with_filter(Arc::new(Count::default()));
    let r = schedule(&fw, &p, &snap).unwrap();
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (1, 1));
}

#[test]
fn parallel_filtering_matches_sequential() {
    let snap = many_nodes(3000);
    // Every third node rejected, a block of errors far beyond the sampled prefix.
    let rejected: Vec<String> = (0..3000)
        .filter(|i| i % 3 == 0)
        .map(|i| format!("node-{i:05}"))
        .collect();
    let rejected: Vec<&str> = rejected.iter().map(String::as_str).collect();
    let table: Vec<(String, i64)> = (0..3000)
        .map(|i| (format!("node-{i:05}"), (i * 7 % 100) as i64))
        .collect();
    let table: Vec<(&str, i64)> = table.iter().map(|(n, s)| (n.as_str(), *s)).collect();
    let build = |parallelism| {
        Framework::new("s")
            .with_filter(Reject::new(
                "R",
                &rejected,
                Status::unschedulable("Insufficient cpu"),
            ))
            .with_score(Table::new("T", &table, true), 2)
            .with_parallelism(parallelism)
    };
    let p = pod(PodBuilder::new("p"));
    // Trivial plugins would never make threads worth it: force them.
    let (seq, par) = (build(1), build(8).always_parallel());
    for _ in 0..4 {
        let a = schedule(&seq, &p, &snap).unwrap();
        let b = schedule(&par, &p, &snap).unwrap();
        assert_eq!(
            (a.evaluated_nodes, a.feasible_nodes),
            (b.evaluated_nodes, b.feasible_nodes)
        );
        assert_eq!(a.scores, b.scores);
        assert_eq!(seq.next_start_node_index(), par.next_start_node_index());
    }
    // 3000 nodes → 26% = 780 feasible, found among the first 1170 nodes.
    let r = schedule(&seq, &p, &snap).unwrap();
    assert_eq!((r.evaluated_nodes, r.feasible_nodes), (1170, 780));

    // And when nothing fits, both report every node.
    let all: Vec<String> = (0..3000).map(|i| format!("node-{i:05}")).collect();
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let fw = Framework::new("s")
        .with_filter(Reject::new("R", &all, Status::unschedulable("Insufficient cpu")))
        .with_score(Table::new("T", &[], false), 1)
        .with_parallelism(8)
        .always_parallel();
    let err = fit_error(schedule(&fw, &p, &snap));
    assert_eq!(
        err.to_string(),
        "0/3000 nodes are available: 3000 Insufficient cpu."
    );
}

// ── selectHost ────────────────────────────────────────────────────────────────────────────────────

fn totals(ts: &[i64]) -> Vec<NodePluginScores> {
    ts.iter()
        .enumerate()
        .map(|(i, t)| NodePluginScores {
            node: format!("n{i}"),
            scores: vec![],
            total: *t,
        })
        .collect()
}

#[test]
fn select_host_takes_the_highest() {
    assert_eq!(select_host(&totals(&[]), &mut |_| 0), None);
    assert_eq!(select_host(&totals(&[3, 9, 1]), &mut |_| 0), Some(1));
    // Reservoir sampling among the ties at 7: a random 0 keeps the newcomer.
    let s = totals(&[5, 7, 7, 3, 7]);
    assert_eq!(select_host(&s, &mut |_| 0), Some(4));
    assert_eq!(select_host(&s, &mut |k| k - 1), Some(1));
    let mut calls = vec![];
    select_host(&s, &mut |k| {
        calls.push(k);
        1
    });
    assert_eq!(calls, vec![2, 3]);
}

#[test]
fn ties_are_broken_uniformly() {
    let snap = named_nodes(&["a", "b", "c"]);
    let fw = Framework::new("s")
        .with_score(Table::new("Flat", &[], false), 1)
        .with_seed(42);
    let p = pod(PodBuilder::new("p"));
    let mut picked: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..3000 {
        *picked
            .entry(schedule(&fw, &p, &snap).unwrap().suggested_host)
            .or_default() += 1;
    }
    assert_eq!(picked.len(), 3);
    for (node, n) in &picked {
        assert!((850..=1150).contains(n), "{node} picked {n} times of 3000");
    }
}

// ── nominated pods ────────────────────────────────────────────────────────────────────────────────

#[test]
fn nominated_pods_of_higher_or_equal_priority_count() {
    let snap = snapshot(vec![
        NodeBuilder::new("n1").cap("cpu", "2").cap("memory", "1Gi"),
        NodeBuilder::new("n2").cap("cpu", "1").cap("memory", "1Gi"),
    ]);
    let nominations = Arc::new(NominatedPods::new());
    let nominated = Arc::new(PodInfo::new(
        PodBuilder::new("nominated").req("cpu", "2").priority(10).build(),
    ));
    nominations.add(nominated.clone(), "n1");
    let count = Arc::new(Count::default());
    let fw = Framework::new("s")
        .with_filter(count.clone())
        .with_filter(Arc::new(Fit))
        .with_score(Table::new("T", &[("n1", 50)], false), 1)
        .with_nominator(nominations.clone());
    let incoming = |prio| pod(PodBuilder::new("p").req("cpu", "1").priority(prio));

    // Lower or equal priority: the nominated pod's 2 cpu count on n1, so only n2 fits.
    for prio in [5, 10] {
        let r = schedule(&fw, &incoming(prio), &snap).unwrap();
        assert_eq!(r.suggested_host, "n2", "priority {prio}");
    }
    // Higher priority: the nominated pod must yield; n1 scores higher.
    assert_eq!(schedule(&fw, &incoming(20), &snap).unwrap().suggested_host, "n1");

    // Filters run twice on a node with nominated pods when the first pass succeeds.
    let before = count.calls();
    let st = fw.run_filter_plugins_with_nominated_pods(
        &CycleState::default(),
        &pod(PodBuilder::new("q").priority(5)),
        snap.get("n1").unwrap(),
    );
    assert!(st.is_success());
    assert_eq!(count.calls() - before, 2);
    let st = fw.run_filter_plugins_with_nominated_pods(
        &CycleState::default(),
        &incoming(1),
        snap.get("n1").unwrap(),
    );
    assert_eq!(st.reasons, vec!["Insufficient cpu"]);
    assert_eq!(st.plugin, "Fit");

    // The pod itself is never counted as its own nominated pod.
    let itself = PodInfo::new(PodBuilder::new("nominated").req("cpu", "2").priority(10).build());
    let st =
        fw.run_filter_plugins_with_nominated_pods(&CycleState::default(), &itself, snap.get("n1").unwrap());
    assert!(st.is_success());

    nominations.delete(nominated.uid());
    assert!(nominations.is_empty());
    assert_eq!(schedule(&fw, &incoming(1), &snap).unwrap().suggested_host, "n1");
}

#[test]
fn nominated_node_is_tried_first() {
    let snap = named_nodes(&["a", "b", "c"]);
    let count = Arc::new(Count::default());
    let fw = Framework::new("s")
        .with_filter(count.clone())
        .with_score(Table::new("T", &[("a", 90)], false), 1);
    let r = schedule(&fw, &pod(PodBuilder::new("p").nominated_node("c")), &snap).unwrap();
    assert_eq!(r.suggested_host, "c");
    assert_eq!(count.calls(), 1);
    // A nominated node that no longer fits falls back to the full scan.
    let fw = Framework::new("s")
        .with_filter(Reject::new(
            "R",
            &["c"],
            Status::unschedulable("Insufficient cpu"),
        ))
        .with_score(Table::new("T", &[("a", 90)], false), 1);
    let r = schedule(&fw, &pod(PodBuilder::new("p").nominated_node("c")), &snap).unwrap();
    assert_eq!(r.suggested_host, "a");
}

// ── configuration ─────────────────────────────────────────────────────────────────────────────────

fn registry() -> Registry {
    let mut reg = Registry::new();
    reg.register(
        "Fit",
        Box::new(|_| {
            Ok(PluginSet {
                filter: Some(Arc::new(Fit)),
                ..Default::default()
            })
        }),
    );
    reg.register(
        "Table",
        Box::new(|args| {
            let scores: HashMap<String, i64> =
                serde_json::from_value(args["scores"].clone()).unwrap_or_default();
            Ok(PluginSet {
                score: Some(Arc::new(Table {
                    name: "Table",
                    scores,
                    normalize: false,
                })),
                ..Default::default()
            })
        }),
    );
    reg.register(
        "Preempt",
        Box::new(|_| {
            Ok(PluginSet {
                post_filter: Some(Arc::new(Preempt)),
                ..Default::default()
            })
        }),
    );
    reg.register("PrioritySort", Box::new(|_| Ok(PluginSet::default())));
    reg
}

#[test]
fn framework_from_configuration() {
    let config = KubeSchedulerConfiguration::from_json_value(&json!({
        "apiVersion": "kubescheduler.config.k8s.io/v1",
        "kind": "KubeSchedulerConfiguration",
        "percentageOfNodesToScore": 30,
        "profiles": [{
            "schedulerName": "custom",
            "plugins": {
                "multiPoint": {
                    "disabled": [{"name": "*"}],
                    "enabled": [{"name": "PrioritySort"}, {"name": "Fit"}, {"name": "Table", "weight": 4},
                                {"name": "Preempt"}]
                }
            },
            "pluginConfig": [{"name": "Table", "args": {"scores": {"b": 9}}}]
        }]
    }))
    .unwrap();
    let fw = Framework::from_profile(&config, &config.profiles[0], &registry()).unwrap();
    assert_eq!(fw.profile_name(), "custom");
    assert_eq!(fw.percentage_of_nodes_to_score(), 30);
    assert_eq!(fw.plugin_names(ExtensionPoint::Filter), vec!["Fit"]);
    assert_eq!(fw.plugin_names(ExtensionPoint::PostFilter), vec!["Preempt"]);
    assert!(fw.plugin_names(ExtensionPoint::PreFilter).is_empty());
    assert_eq!(fw.score_weights(), vec![("Table", 4)]);
    let r = schedule(&fw, &pod(PodBuilder::new("p")), &named_nodes(&["a", "b"])).unwrap();
    assert_eq!(r.suggested_host, "b");
    assert_eq!(r.scores[1].total, 36);

    // The default profile needs the default plugins, which this registry lacks.
    let defaults = KubeSchedulerConfiguration::default();
    let err = Framework::from_profile(&defaults, &defaults.profiles[0], &registry()).unwrap_err();
    assert_eq!(err.to_string(), "plugin \"SchedulingGates\" is not registered");
}
