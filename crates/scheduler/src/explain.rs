//! `skiff explain pod`: for every node, which plugin rejects the pod and why — with the details a
//! FailedScheduling message leaves out (the missing amount of a resource, the labels a node lacks) —
//! and, for the nodes that fit, each plugin's score. The question every Pending pod raises, answered
//! from the same framework the scheduler runs.

use std::fmt;
use std::sync::Arc;

use crate::framework::runtime::{Framework, NodePluginScores};
use crate::framework::{CycleState, NodeInfo, PodInfo, Snapshot, Status};
use crate::plugins::names;

/// One node's verdict.
#[derive(Debug, Clone)]
pub struct NodeVerdict {
    pub node: String,
    /// Rejections, one per rejecting plugin, with details.
    pub rejections: Vec<Rejection>,
    pub scores: Option<NodePluginScores>,
}

#[derive(Debug, Clone)]
pub struct Rejection {
    pub plugin: String,
    pub reasons: Vec<String>,
    /// Facts behind the reasons (amounts, labels), when Skiff can tell them.
    pub details: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Explanation {
    pub pod: String,
    /// A PreFilter rejection applies to every node.
    pub pre_filter: Option<Rejection>,
    pub nodes: Vec<NodeVerdict>,
    /// The node the scheduler would pick now (highest total score).
    pub best: Option<String>,
}

fn cpu(m: i64) -> String {
    format!("{m}m")
}

fn bytes(b: i64) -> String {
    const MI: i64 = 1024 * 1024;
    if b % MI == 0 {
        format!("{}Mi", b / MI)
    } else {
        b.to_string()
    }
}

/// Extra facts for a rejection, from the node and the pod.
fn details(plugin: &str, pod: &PodInfo, node: &NodeInfo) -> Vec<String> {
    let mut out = Vec::new();
    match plugin {
        names::NODE_RESOURCES_FIT => {
            let (req, used, alloc) = (&pod.requests, &node.requested, &node.allocatable);
            let mut check = |name: &str, want: i64, used: i64, total: i64, fmt: &dyn Fn(i64) -> String| {
                if want > 0 && used + want > total {
                    out.push(format!(
                        "{name}: pod requests {}, node has {} free of {} allocatable (short by {})",
                        fmt(want),
                        fmt((total - used).max(0)),
                        fmt(total),
                        fmt(used + want - total)
                    ));
                }
            };
            check("cpu", req.milli_cpu, used.milli_cpu, alloc.milli_cpu, &cpu);
            check("memory", req.memory, used.memory, alloc.memory, &bytes);
            check(
                "ephemeral-storage",
                req.ephemeral_storage,
                used.ephemeral_storage,
                alloc.ephemeral_storage,
                &bytes,
            );
            for (name, want) in &req.scalar {
                check(
                    name,
                    *want,
                    node.requested.get(name),
                    node.allocatable.get(name),
                    &|v: i64| v.to_string(),
                );
            }
            if node.pods.len() as i64 + 1 > alloc.allowed_pod_number && alloc.allowed_pod_number > 0 {
                out.push(format!(
                    "pods: node already runs {} of {} allowed",
                    node.pods.len(),
                    alloc.allowed_pod_number
                ));
            }
        }
        names::NODE_AFFINITY => {
            let selector = pod
                .pod
                .spec
                .as_ref()
                .and_then(|s| s.node_selector.clone())
                .unwrap_or_default();
            for (k, v) in selector {
                match node.labels().get(&k) {
                    Some(have) if *have == v => {}
                    Some(have) => out.push(format!("nodeSelector wants {k}={v}, node has {k}={have}")),
                    None => out.push(format!("nodeSelector wants {k}={v}, node has no {k} label")),
                }
            }
            let keys: Vec<String> = pod
                .pod
                .spec
                .as_ref()
                .and_then(|s| s.affinity.as_ref())
                .and_then(|a| a.node_affinity.as_ref())
                .and_then(|na| na.required_during_scheduling_ignored_during_execution.as_ref())
                .map(|sel| {
                    sel.node_selector_terms
                        .iter()
                        .flat_map(|t| t.match_expressions.iter().flatten().map(|e| e.key.clone()))
                        .collect()
                })
                .unwrap_or_default();
            for k in keys {
                match node.labels().get(&k) {
                    Some(v) => out.push(format!("required affinity on {k}: node has {k}={v}")),
                    None => out.push(format!("required affinity on {k}: node has no {k} label")),
                }
            }
        }
        names::INTER_POD_AFFINITY | names::POD_TOPOLOGY_SPREAD => {
            let on_node: Vec<String> = node.pods.iter().map(|p| p.key()).collect();
            if !on_node.is_empty() {
                out.push(format!("pods on this node: {}", on_node.join(", ")));
            }
        }
        _ => {}
    }
    out
}

fn rejection(status: &Status, pod: &PodInfo, node: Option<&NodeInfo>) -> Rejection {
    Rejection {
        plugin: status.plugin.to_string(),
        reasons: status.reasons.clone(),
        details: node.map(|n| details(status.plugin, pod, n)).unwrap_or_default(),
    }
}

/// Explain where `pod` can go in `snapshot` under `framework`.
pub fn explain(framework: &Framework, pod: &PodInfo, snapshot: &Snapshot) -> Explanation {
    let mut state = CycleState::default();
    let (narrowed, status, _) = framework.run_pre_filter_plugins(&mut state, pod, snapshot);
    let pre_filter = status.is_rejected().then(|| rejection(&status, pod, None));
    let mut nodes = Vec::new();
    let mut feasible: Vec<Arc<NodeInfo>> = Vec::new();
    for node in &snapshot.nodes {
        let mut rejections = Vec::new();
        if pre_filter.is_none() {
            if let Some(names) = &narrowed.node_names {
                if !names.contains(node.name()) {
                    rejections.push(Rejection {
                        plugin: "PreFilter".into(),
                        reasons: vec!["excluded by a PreFilter plugin's node list".into()],
                        details: vec![],
                    });
                }
            }
            for st in framework.all_filter_verdicts(&state, pod, node) {
                if !st.is_success() {
                    rejections.push(rejection(&st, pod, Some(node)));
                }
            }
            if rejections.is_empty() {
                feasible.push(node.clone());
            }
        }
        nodes.push(NodeVerdict {
            node: node.name().to_string(),
            rejections,
            scores: None,
        });
    }
    let mut best = None;
    if !feasible.is_empty() {
        if let Ok(scores) = framework.prioritize_nodes(&mut state, pod, &feasible, snapshot) {
            best = scores.iter().max_by_key(|s| s.total).map(|s| s.node.clone());
            for s in scores {
                if let Some(v) = nodes.iter_mut().find(|v| v.node == s.node) {
                    v.scores = Some(s);
                }
            }
        }
    }
    Explanation {
        pod: pod.key(),
        pre_filter,
        nodes,
        best,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Pod {}: {} node(s) considered", self.pod, self.nodes.len())?;
        if let Some(r) = &self.pre_filter {
            writeln!(
                f,
                "Rejected before any node was looked at, by {}: {}",
                r.plugin,
                r.reasons.join(", ")
            )?;
            return Ok(());
        }
        for v in &self.nodes {
            if v.rejections.is_empty() {
                let total = v.scores.as_ref().map(|s| s.total).unwrap_or_default();
                let mark = if self.best.as_deref() == Some(v.node.as_str()) {
                    "  <- best"
                } else {
                    ""
                };
                writeln!(f, "  {}: fits, score {total}{mark}", v.node)?;
                for s in v.scores.iter().flat_map(|s| s.scores.iter()) {
                    writeln!(f, "      {:<34} {:>3} x{}", s.plugin, s.score, s.weight)?;
                }
            } else {
                writeln!(f, "  {}: rejected", v.node)?;
                for r in &v.rejections {
                    writeln!(f, "      {}: {}", r.plugin, r.reasons.join(", "))?;
                    for d in &r.details {
                        writeln!(f, "          {d}")?;
                    }
                }
            }
        }
        match &self.best {
            Some(b) => writeln!(f, "The scheduler would choose {b}."),
            None => writeln!(f, "No node fits."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use crate::runner::registry::profiles;

    #[test]
    fn explains_each_node_with_missing_amounts_and_taints() {
        let built = profiles(None).unwrap();
        let fw = built.frameworks.get("default-scheduler").unwrap();
        let small = NodeInfo::new(
            NodeBuilder::new("small")
                .cap("cpu", "1")
                .cap("memory", "8Gi")
                .cap("pods", "110")
                .build(),
        );
        let tainted = NodeInfo::new(
            NodeBuilder::new("gpu")
                .cap("cpu", "8")
                .cap("memory", "8Gi")
                .cap("pods", "110")
                .taint("app", "gpu-app", "NoSchedule")
                .build(),
        );
        let good = NodeInfo::new(
            NodeBuilder::new("good")
                .cap("cpu", "8")
                .cap("memory", "8Gi")
                .cap("pods", "110")
                .build(),
        );
        let snapshot = Snapshot::from_nodes(vec![small, tainted, good]);
        let pod = PodInfo::new(PodBuilder::new("p").req("cpu", "2").req("memory", "1Gi").build());
        let e = explain(fw, &pod, &snapshot);
        let text = e.to_string();
        assert!(text.contains("small: rejected"), "{text}");
        assert!(
            text.contains(
                "cpu: pod requests 2000m, node has 1000m free of 1000m allocatable (short by 1000m)"
            ),
            "{text}"
        );
        assert!(
            text.contains("node(s) had untolerated taint {app: gpu-app}"),
            "{text}"
        );
        assert!(text.contains("good: fits"), "{text}");
        assert_eq!(e.best.as_deref(), Some("good"));
    }
}
