//! NodeResourcesBalancedAllocation (upstream `noderesources/balanced_allocation.go`): prefer nodes
//! whose requested/allocatable fractions stay close to each other once the pod is placed.
//! Score = `(1 − std(fractions)) × 100`, fractions capped at 1; with two resources `std` is
//! `|f1 − f2| / 2`. Counts requests as they are (no non-zero defaults), and skips best-effort pods
//! in PreScore (1.33, kubernetes#129138).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;

use crate::framework::{
    CycleState, NodeInfo, Plugin, PodInfo, PreScorePlugin, ScorePlugin, Snapshot, Status, MAX_NODE_SCORE,
};
use crate::plugins::names::NODE_RESOURCES_BALANCED_ALLOCATION;

use super::scoring::{ResourceAllocationScorer, ScorerKind};
use super::{decode_args, default_resource_specs, ArgsError, FieldError, FieldErrorKind, RawResourceSpec};

/// CycleState key of the pod's per-resource requests (upstream `balancedAllocationPreScoreStateKey`).
pub const PRE_SCORE_STATE_KEY: &str = "PreScoreNodeResourcesBalancedAllocation";

/// `NodeResourcesBalancedAllocationArgs` (upstream `config.NodeResourcesBalancedAllocationArgs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeResourcesBalancedAllocationArgs {
    /// Resource name and weight; weights must be 1 (upstream validation).
    pub resources: Vec<(String, i64)>,
}

impl Default for NodeResourcesBalancedAllocationArgs {
    /// cpu and memory.
    fn default() -> Self {
        NodeResourcesBalancedAllocationArgs {
            resources: super::default_resources(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArgs {
    #[serde(default)]
    resources: Option<Vec<RawResourceSpec>>,
}

impl NodeResourcesBalancedAllocationArgs {
    /// Decode the `args` of a `NodeResourcesBalancedAllocation` pluginConfig entry (v1 field
    /// names), default (no resources: cpu and memory; weight 0: 1) and validate.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ArgsError> {
        let raw: RawArgs = decode_args("NodeResourcesBalancedAllocationArgs", value)?;
        let args = NodeResourcesBalancedAllocationArgs {
            resources: default_resource_specs(raw.resources),
        };
        args.validate()?;
        Ok(args)
    }

    /// Upstream `ValidateNodeResourcesBalancedAllocationArgs`: no duplicates, every weight 1.
    pub fn validate(&self) -> Result<(), ArgsError> {
        let mut errs = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, (name, weight)) in self.resources.iter().enumerate() {
            if !seen.insert(name.as_str()) {
                errs.push(FieldError {
                    kind: FieldErrorKind::Duplicate,
                    field: format!("resources[{i}].name"),
                    value: name.clone(),
                    detail: String::new(),
                });
            }
            if *weight != 1 {
                errs.push(FieldError::invalid(
                    format!("resources[{i}].weight"),
                    weight,
                    "must be 1",
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ArgsError::Invalid(errs))
        }
    }
}

/// The NodeResourcesBalancedAllocation plugin.
#[derive(Debug, Clone)]
pub struct NodeResourcesBalancedAllocation {
    scorer: ResourceAllocationScorer,
}

#[derive(Debug, Clone)]
struct PreScoreState(Vec<i64>);

impl Default for NodeResourcesBalancedAllocation {
    fn default() -> Self {
        Self::new(NodeResourcesBalancedAllocationArgs::default()).expect("the default args are valid")
    }
}

impl NodeResourcesBalancedAllocation {
    /// Build from typed args (validated, as upstream `NewBalancedAllocation` does).
    pub fn new(args: NodeResourcesBalancedAllocationArgs) -> Result<Self, ArgsError> {
        Self::with_pod_level_resources(args, false)
    }

    /// Also count pod-level requests (PodLevelResources, off in 1.33).
    pub fn with_pod_level_resources(
        args: NodeResourcesBalancedAllocationArgs,
        pod_level_resources: bool,
    ) -> Result<Self, ArgsError> {
        args.validate()?;
        Ok(NodeResourcesBalancedAllocation {
            scorer: ResourceAllocationScorer {
                resources: args.resources,
                use_requested: true,
                kind: ScorerKind::Balanced,
                pod_level_resources,
            },
        })
    }

    /// Build from the `args` of a KubeSchedulerConfiguration pluginConfig entry.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ArgsError> {
        Self::new(NodeResourcesBalancedAllocationArgs::from_json(value)?)
    }
}

fn is_best_effort(requests: &[i64]) -> bool {
    requests.iter().all(|&r| r == 0)
}

/// `(1 − std) × 100` over the fractions of the resources the node has (upstream
/// `balancedResourceScorer`); truncated like upstream's `int64(...)`.
pub fn balanced_resource_score(requested: &[i64], allocatable: &[i64]) -> i64 {
    let fractions: Vec<f64> = requested
        .iter()
        .zip(allocatable)
        .filter(|(_, &a)| a != 0)
        .map(|(&r, &a)| (r as f64 / a as f64).min(1.0))
        .collect();
    let std = match fractions.len() {
        0 | 1 => 0.0,
        2 => ((fractions[0] - fractions[1]) / 2.0).abs(),
        n => {
            let mean = fractions.iter().sum::<f64>() / n as f64;
            let sum: f64 = fractions.iter().map(|f| (f - mean) * (f - mean)).sum();
            (sum / n as f64).sqrt()
        }
    };
    ((1.0 - std) * MAX_NODE_SCORE as f64) as i64
}

impl Plugin for NodeResourcesBalancedAllocation {
    fn name(&self) -> &'static str {
        NODE_RESOURCES_BALANCED_ALLOCATION
    }
}

impl PreScorePlugin for NodeResourcesBalancedAllocation {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _nodes: &[Arc<NodeInfo>],
        _snapshot: &Snapshot,
    ) -> Status {
        let requests = self.scorer.pod_requests(&pod.pod);
        if is_best_effort(&requests) {
            // Scoring best-effort pods by balance piles them onto one node (kubernetes#129138).
            return Status::skip();
        }
        state.write(PRE_SCORE_STATE_KEY, PreScoreState(requests));
        Status::success()
    }
}

impl ScorePlugin for NodeResourcesBalancedAllocation {
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        let computed;
        let requests = match state.read::<PreScoreState>(PRE_SCORE_STATE_KEY) {
            Some(PreScoreState(r)) => r,
            None => {
                computed = self.scorer.pod_requests(&pod.pod);
                if is_best_effort(&computed) {
                    return Ok(0);
                }
                &computed
            }
        };
        self.scorer
            .score(node, requests)
            .map_err(|s| s.with_plugin(NODE_RESOURCES_BALANCED_ALLOCATION))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Code;
    use crate::plugins::noderesources::testutil::{container, node, node_info, resource_pod};
    use k8s_openapi::api::core::v1::Pod;
    use serde_json::json;

    /// Upstream `makeNode(name, milliCPU, memory, extended)`.
    fn make_node(
        name: &str,
        milli_cpu: i64,
        memory: i64,
        gpus: Option<i64>,
    ) -> k8s_openapi::api::core::v1::Node {
        let (cpu, mem) = (format!("{milli_cpu}m"), memory.to_string());
        let gpu = gpus.map(|g| g.to_string());
        let mut alloc = vec![("cpu", cpu.as_str()), ("memory", mem.as_str())];
        if let Some(g) = &gpu {
            alloc.push(("nvidia.com/gpu", g.as_str()));
        }
        node(name, &alloc)
    }

    /// A pod spec of two containers, as upstream's fixtures.
    fn two_containers(a: &[(&str, &str)], b: &[(&str, &str)]) -> Pod {
        crate::framework::testing::PodBuilder::new("p")
            .with_spec(|s| s.containers = vec![container("a", a), container("b", b)])
            .build()
    }

    fn cpu_and_memory() -> Pod {
        two_containers(
            &[("cpu", "1000m"), ("memory", "2000")],
            &[("cpu", "2000m"), ("memory", "3000")],
        )
    }
    fn cpu_only() -> Pod {
        two_containers(
            &[("cpu", "1000m"), ("memory", "0")],
            &[("cpu", "2000m"), ("memory", "0")],
        )
    }
    fn cpu_and_memory_and_gpu() -> Pod {
        two_containers(
            &[("cpu", "1000m"), ("memory", "2000")],
            &[("cpu", "2000m"), ("memory", "3000"), ("nvidia.com/gpu", "3")],
        )
    }

    fn plugin(resources: &[&str]) -> NodeResourcesBalancedAllocation {
        NodeResourcesBalancedAllocation::new(NodeResourcesBalancedAllocationArgs {
            resources: resources.iter().map(|r| (r.to_string(), 1)).collect(),
        })
        .unwrap()
    }

    fn scores(
        p: &NodeResourcesBalancedAllocation,
        pod: &Pod,
        nodes: &[NodeInfo],
        pre_score: bool,
    ) -> Vec<i64> {
        let pi = PodInfo::new(pod.clone());
        let mut state = CycleState::default();
        if pre_score {
            assert!(p
                .pre_score(&mut state, &pi, &[], &Snapshot::default())
                .is_success());
        }
        nodes.iter().map(|n| p.score(&state, &pi, n).unwrap()).collect()
    }

    /// Upstream TestNodeResourcesBalancedAllocation (exact scores). In upstream's fixtures the
    /// cpu-only pod sits on node1 and the cpu-and-memory pod on node2.
    #[test]
    fn balanced_allocation_scores() {
        let cm = &["cpu", "memory"][..];
        let cmg = &["cpu", "memory", "nvidia.com/gpu"][..];
        // (name, pod, nodes, resources, want, run PreScore)
        type Case<'a> = (&'a str, Pod, Vec<NodeInfo>, &'a [&'a str], Vec<i64>, bool);
        let cases: Vec<Case> = vec![
            (
                "nothing scheduled, resources requested, differently sized nodes",
                cpu_and_memory(),
                vec![
                    node_info(make_node("node1", 4000, 10000, None), vec![]),
                    node_info(make_node("node2", 6000, 10000, None), vec![]),
                ],
                cm,
                vec![87, MAX_NODE_SCORE],
                true,
            ),
            (
                "resources requested, pods scheduled with resources",
                cpu_and_memory(),
                vec![
                    node_info(make_node("node1", 10000, 20000, None), vec![cpu_only()]),
                    node_info(make_node("node2", 10000, 20000, None), vec![cpu_and_memory()]),
                ],
                cm,
                vec![82, 95],
                true,
            ),
            (
                "resources requested, pods scheduled with resources, differently sized nodes",
                cpu_and_memory(),
                vec![
                    node_info(make_node("node1", 10000, 20000, None), vec![cpu_only()]),
                    node_info(make_node("node2", 10000, 50000, None), vec![cpu_and_memory()]),
                ],
                cm,
                vec![82, 80],
                true,
            ),
            (
                "requested resources at node capacity",
                cpu_only(),
                vec![
                    node_info(make_node("node1", 6000, 10000, None), vec![cpu_only()]),
                    node_info(make_node("node2", 6000, 10000, None), vec![cpu_and_memory()]),
                ],
                cm,
                vec![50, 75],
                true,
            ),
            (
                "include scalar resource on a node for balanced resource allocation",
                resource_pod(&[&[("memory", "0"), ("nvidia.com/gpu", "1")]]),
                vec![
                    node_info(
                        make_node("node1", 3500, 40000, Some(8)),
                        vec![cpu_and_memory_and_gpu()],
                    ),
                    node_info(make_node("node2", 3500, 40000, Some(8)), vec![cpu_and_memory()]),
                ],
                cmg,
                vec![70, 65],
                true,
            ),
            (
                "node without the scalar resource should skip the scalar resource",
                cpu_and_memory(),
                vec![
                    node_info(make_node("node1", 3500, 40000, Some(8)), vec![]),
                    node_info(make_node("node2", 3500, 40000, None), vec![]),
                ],
                cmg,
                vec![63, 63],
                true,
            ),
            (
                "resources requested, pods scheduled with resources if PreScore not called",
                cpu_and_memory(),
                vec![
                    node_info(make_node("node1", 10000, 20000, None), vec![cpu_only()]),
                    node_info(make_node("node2", 10000, 20000, None), vec![cpu_and_memory()]),
                ],
                cm,
                vec![82, 95],
                false,
            ),
        ];
        for (name, pod, nodes, resources, want, pre_score) in cases {
            assert_eq!(
                scores(&plugin(resources), &pod, &nodes, pre_score),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn best_effort_pods_are_skipped() {
        let p = NodeResourcesBalancedAllocation::default();
        let pi = PodInfo::new(resource_pod(&[]));
        let mut state = CycleState::default();
        assert_eq!(
            p.pre_score(&mut state, &pi, &[], &Snapshot::default()).code,
            Code::Skip
        );
        // A container without requests is best-effort too (no non-zero defaults here).
        let pi = PodInfo::new(resource_pod(&[&[]]));
        assert_eq!(
            p.pre_score(&mut state, &pi, &[], &Snapshot::default()).code,
            Code::Skip
        );
        let ni = node_info(make_node("node1", 4000, 10000, None), vec![]);
        assert_eq!(p.score(&CycleState::default(), &pi, &ni), Ok(0));
    }

    #[test]
    fn std_formula() {
        assert_eq!(balanced_resource_score(&[3000, 5000], &[4000, 10000]), 87);
        // Three fractions: population standard deviation.
        assert_eq!(balanced_resource_score(&[3000, 5000, 4], &[3500, 40000, 8]), 70);
        // Fractions above 1 are capped; resources the node lacks are left out.
        assert_eq!(balanced_resource_score(&[9000, 0, 3], &[6000, 10000, 0]), 50);
        assert_eq!(balanced_resource_score(&[1, 0], &[2, 0]), MAX_NODE_SCORE);
        assert_eq!(balanced_resource_score(&[], &[]), MAX_NODE_SCORE);
    }

    #[test]
    fn args_from_json() {
        assert_eq!(
            NodeResourcesBalancedAllocationArgs::from_json(&serde_json::Value::Null).unwrap(),
            NodeResourcesBalancedAllocationArgs::default()
        );
        let a = NodeResourcesBalancedAllocationArgs::from_json(&json!({
            "apiVersion": "kubescheduler.config.k8s.io/v1",
            "kind": "NodeResourcesBalancedAllocationArgs",
            "resources": [{"name": "cpu"}, {"name": "memory", "weight": 1}, {"name": "nvidia.com/gpu"}]
        }))
        .unwrap();
        assert_eq!(
            a.resources,
            vec![
                ("cpu".into(), 1),
                ("memory".into(), 1),
                ("nvidia.com/gpu".into(), 1)
            ]
        );
        let errs = |v: serde_json::Value| -> Vec<String> {
            NodeResourcesBalancedAllocationArgs::from_json(&v)
                .unwrap_err()
                .field_errors()
                .iter()
                .map(|e| e.to_string())
                .collect()
        };
        assert_eq!(
            errs(json!({"resources": [{"name": "cpu", "weight": 2}, {"name": "cpu"}]})),
            vec![
                "resources[0].weight: Invalid value: 2: must be 1".to_string(),
                "resources[1].name: Duplicate value: \"cpu\"".to_string(),
            ]
        );
        assert!(matches!(
            NodeResourcesBalancedAllocation::from_json(&json!({"resource": []})),
            Err(ArgsError::Decode { .. })
        ));
    }
}
