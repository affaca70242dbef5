//! The FailedScheduling message (upstream `framework.FitError.Error()` in `framework/types.go`, and
//! `truncateMessage` in `schedule_one.go`).
//!
//! Grammar, exactly as kube-scheduler 1.33 prints it:
//!
//! ```text
//! 0/<N> nodes are available:
//!   + " <PreFilterMsg>."            if a PreFilter plugin rejected the pod
//!   + " <histogram>."               otherwise: "<count> <reason>" strings, sorted as plain strings,
//!                                   joined with ", " (a node contributes each of its reasons)
//!   + " <PostFilterMsg>"            if PostFilter (preemption) said something; no period added
//! ```
//!
//! With no nodes at all the message is `no nodes available to schedule pods`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use super::{Diagnosis, Status};

/// Upstream `ErrNoNodesAvailable`: the snapshot holds no nodes.
pub const NO_NODES_AVAILABLE: &str = "no nodes available to schedule pods";

/// Event notes are cut to this many bytes (upstream `validation.NoteLengthLimit`).
pub const NOTE_LENGTH_LIMIT: usize = 1024;

/// Preemption's reason for nodes where removing pods cannot help (UnschedulableAndUnresolvable ones,
/// and every node it did not dry-run).
pub const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";

/// Preemption's reason for a node where even removing every lower-priority pod does not make room.
pub const NO_PREEMPTION_VICTIMS: &str = "No preemption victims found for incoming pod";

/// Why a pod fits no node: the per-node verdicts, the PreFilter and PostFilter messages, and what
/// PostFilter (preemption) decided.
#[derive(Debug, Clone, Default)]
pub struct FitError {
    /// `namespace/name` of the pod.
    pub pod_key: String,
    /// Nodes in the snapshot (the `N` of `0/N nodes are available`).
    pub num_all_nodes: usize,
    pub diagnosis: Diagnosis,
    /// Messages of the PostFilter plugins that returned Unschedulable, joined with ", ".
    pub post_filter_msg: Option<String>,
    /// The node PostFilter nominated (preemption's choice), to write to `status.nominatedNodeName`.
    pub nominated_node_name: Option<String>,
    /// Pods (`namespace/name`) PostFilter decided to evict so the nominated node fits.
    pub victims: Vec<String>,
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.num_all_nodes == 0 {
            return f.write_str(NO_NODES_AVAILABLE);
        }
        match self.diagnosis.pre_filter_msg.as_deref().filter(|m| !m.is_empty()) {
            // When PreFilter rejected the pod every node carries the same status: listing them
            // would only repeat it, so upstream prints the PreFilter message alone.
            Some(msg) => write!(f, "0/{} nodes are available: {msg}.", self.num_all_nodes)?,
            None => f.write_str(&nodes_available_message(
                self.num_all_nodes,
                &self.diagnosis.node_to_status,
                None,
            ))?,
        }
        if let Some(msg) = self.post_filter_msg.as_deref().filter(|m| !m.is_empty()) {
            write!(f, " {msg}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FitError {}

/// `"<count> <reason>"` for each distinct reason, sorted as plain strings (so `10 x` sorts before
/// `2 y`, as upstream's `sort.Strings` does).
pub fn reason_histogram<'a>(reasons: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for r in reasons {
        *counts.entry(r).or_default() += 1;
    }
    histogram_from_counts(counts)
}

fn histogram_from_counts(counts: HashMap<&str, usize>) -> Vec<String> {
    let mut out: Vec<String> = counts.into_iter().map(|(r, n)| format!("{n} {r}")).collect();
    out.sort_unstable();
    out
}

/// `0/N nodes are available: <histogram>.` over `statuses` (every reason of every node counts), with
/// the nodes absent from `statuses` counted under `absent_reason` when one is given (upstream's
/// `NodeToStatus.AbsentNodesStatus`). The histogram part is left out when it is empty.
pub fn nodes_available_message(
    num_all_nodes: usize,
    statuses: &BTreeMap<String, Status>,
    absent_reason: Option<&str>,
) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for status in statuses.values() {
        for r in &status.reasons {
            *counts.entry(r.as_str()).or_default() += 1;
        }
    }
    if let Some(reason) = absent_reason {
        if statuses.len() < num_all_nodes {
            *counts.entry(reason).or_default() += num_all_nodes - statuses.len();
        }
    }
    let histogram = histogram_from_counts(counts);
    let mut msg = format!("0/{num_all_nodes} nodes are available:");
    if !histogram.is_empty() {
        msg.push(' ');
        msg.push_str(&histogram.join(", "));
        msg.push('.');
    }
    msg
}

/// The preemption evaluator's message when no node can be made to fit (upstream builds a FitError
/// from the dry-run statuses with absent nodes `Preemption is not helpful for scheduling`):
/// `0/N nodes are available: <histogram>.`. `node_to_reason` holds the nodes that were dry-run and
/// failed (typically with [`NO_PREEMPTION_VICTIMS`]); every other node counts as
/// [`PREEMPTION_NOT_HELPFUL`]. DefaultPreemption prefixes the result with `preemption: `.
pub fn preemption_fit_message(num_all_nodes: usize, node_to_reason: &BTreeMap<String, String>) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for reason in node_to_reason.values() {
        *counts.entry(reason.as_str()).or_default() += 1;
    }
    if node_to_reason.len() < num_all_nodes {
        *counts.entry(PREEMPTION_NOT_HELPFUL).or_default() += num_all_nodes - node_to_reason.len();
    }
    let histogram = histogram_from_counts(counts);
    let mut msg = format!("0/{num_all_nodes} nodes are available:");
    if !histogram.is_empty() {
        msg.push(' ');
        msg.push_str(&histogram.join(", "));
        msg.push('.');
    }
    msg
}

/// Cut a message to the 1024-byte event note limit as upstream's `truncateMessage` does: keep the first
/// 1020 bytes and append `" ..."` (moving the cut back to a character boundary, where upstream would
/// split a multi-byte character).
pub fn truncate_message(msg: &str) -> String {
    if msg.len() <= NOTE_LENGTH_LIMIT {
        return msg.to_string();
    }
    const SUFFIX: &str = " ...";
    let mut cut = NOTE_LENGTH_LIMIT - SUFFIX.len();
    while !msg.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{SUFFIX}", &msg[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(entries: &[(&str, &[&str])]) -> BTreeMap<String, Status> {
        entries
            .iter()
            .map(|(node, reasons)| {
                let mut st = Status::unschedulable(reasons[0]);
                st.reasons = reasons.iter().map(|r| r.to_string()).collect();
                (node.to_string(), st)
            })
            .collect()
    }

    fn fit_error(n: usize, entries: &[(&str, &[&str])]) -> FitError {
        FitError {
            pod_key: "default/p".into(),
            num_all_nodes: n,
            diagnosis: Diagnosis {
                node_to_status: statuses(entries),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn histogram_sorts_count_first_as_strings() {
        // scheduler.md §2.2: five fake nodes, three with 1 cpu, two with 1Gi memory, pod asks 2 cpu, 2Gi.
        let mut err = fit_error(
            5,
            &[
                ("n1", &["Insufficient cpu"]),
                ("n2", &["Insufficient cpu"]),
                ("n3", &["Insufficient cpu"]),
                ("n4", &["Insufficient memory"]),
                ("n5", &["Insufficient memory"]),
            ],
        );
        let none: BTreeMap<String, String> = BTreeMap::new();
        err.post_filter_msg = Some(format!(
            "preemption: {}",
            preemption_fit_message(
                5,
                &["n1", "n2", "n3", "n4", "n5"]
                    .iter()
                    .map(|n| (n.to_string(), NO_PREEMPTION_VICTIMS.to_string()))
                    .collect()
            )
        ));
        assert_eq!(
            err.to_string(),
            "0/5 nodes are available: 2 Insufficient memory, 3 Insufficient cpu. preemption: 0/5 nodes \
             are available: 5 No preemption victims found for incoming pod."
        );
        assert_eq!(
            preemption_fit_message(5, &none),
            "0/5 nodes are available: 5 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn ten_sorts_before_two() {
        let mut reasons = vec!["y"; 2];
        reasons.extend(vec!["x"; 10]);
        assert_eq!(reason_histogram(reasons), vec!["10 x", "2 y"]);
    }

    #[test]
    fn node_contributes_each_reason() {
        let err = fit_error(
            2,
            &[
                ("a", &["Insufficient cpu", "Insufficient memory"]),
                ("b", &["Insufficient cpu"]),
            ],
        );
        assert_eq!(
            err.to_string(),
            "0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu."
        );
    }

    #[test]
    fn canonical_messages() {
        let taint = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
        let mut err = fit_error(1, &[("cp", &[taint])]);
        err.post_filter_msg = Some(format!(
            "preemption: {}",
            preemption_fit_message(1, &BTreeMap::new())
        ));
        assert_eq!(
            err.to_string(),
            "0/1 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: \
             }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
        );

        // DaemonSet pod: one node short of cpu, three cut by NodeAffinity's PreFilterResult.
        let na = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
        let mut err = fit_error(
            4,
            &[
                ("a", &["Insufficient cpu"]),
                ("b", &[na]),
                ("c", &[na]),
                ("d", &[na]),
            ],
        );
        let mut dry: BTreeMap<String, String> = BTreeMap::new();
        dry.insert("a".into(), NO_PREEMPTION_VICTIMS.into());
        err.post_filter_msg = Some(format!("preemption: {}", preemption_fit_message(4, &dry)));
        assert_eq!(
            err.to_string(),
            "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. \
             preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 \
             Preemption is not helpful for scheduling."
        );

        // GPU example: several plugins' reasons, sorted by the whole string.
        let mut err = fit_error(
            6,
            &[
                ("a", &["node(s) didn't match Pod's node affinity/selector"]),
                ("b", &[taint]),
                ("c", &["Insufficient nvidia.com/gpu"]),
                ("d", &["Insufficient nvidia.com/gpu"]),
                ("e", &["Insufficient nvidia.com/gpu"]),
                ("f", &["Insufficient nvidia.com/gpu"]),
            ],
        );
        let dry: BTreeMap<String, String> = ["c", "d", "e", "f"]
            .iter()
            .map(|n| (n.to_string(), NO_PREEMPTION_VICTIMS.to_string()))
            .collect();
        err.post_filter_msg = Some(format!("preemption: {}", preemption_fit_message(6, &dry)));
        assert_eq!(
            err.to_string(),
            "0/6 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had \
             untolerated taint {node-role.kubernetes.io/control-plane: }, 4 Insufficient nvidia.com/gpu. \
             preemption: 0/6 nodes are available: 2 Preemption is not helpful for scheduling, 4 No \
             preemption victims found for incoming pod."
        );
    }

    #[test]
    fn pre_filter_message_replaces_histogram() {
        let pvc = "pod has unbound immediate PersistentVolumeClaims";
        let mut err = fit_error(3, &[("a", &[pvc]), ("b", &[pvc]), ("c", &[pvc])]);
        err.diagnosis.pre_filter_msg = Some(pvc.into());
        err.post_filter_msg = Some(format!(
            "preemption: {}",
            preemption_fit_message(3, &BTreeMap::new())
        ));
        assert_eq!(
            err.to_string(),
            "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 \
             nodes are available: 3 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn post_filter_message_is_optional() {
        let err = fit_error(1, &[("a", &["node(s) were unschedulable"])]);
        assert_eq!(
            err.to_string(),
            "0/1 nodes are available: 1 node(s) were unschedulable."
        );
    }

    #[test]
    fn no_nodes() {
        let err = fit_error(0, &[]);
        assert_eq!(err.to_string(), "no nodes available to schedule pods");
    }

    #[test]
    fn absent_nodes_counted_under_their_reason() {
        let st = statuses(&[("a", &["Insufficient cpu"])]);
        assert_eq!(
            nodes_available_message(3, &st, Some("node(s) didn't satisfy plugin(s) [NodeAffinity]")),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]."
        );
        assert_eq!(
            nodes_available_message(3, &BTreeMap::new(), None),
            "0/3 nodes are available:"
        );
    }

    #[test]
    fn truncation() {
        let short = "x".repeat(1024);
        assert_eq!(truncate_message(&short), short);
        let long = "x".repeat(2000);
        let cut = truncate_message(&long);
        assert_eq!(cut.len(), 1024);
        assert!(cut.ends_with("x ..."));
        // A multi-byte character straddling byte 1020 is dropped whole.
        let mut tricky = "x".repeat(1019);
        tricky.push('é');
        tricky.push_str(&"y".repeat(10));
        let cut = truncate_message(&tricky);
        assert_eq!(cut, format!("{} ...", "x".repeat(1019)));
    }
}
