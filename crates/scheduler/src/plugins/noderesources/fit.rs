//! NodeResourcesFit (upstream `noderesources/fit.go`): PreFilter computes the pod's request once;
//! Filter checks it against what the node has left and names every resource that does not fit
//! (`Too many pods`, `Insufficient cpu`, `Insufficient memory`, `Insufficient ephemeral-storage`,
//! `Insufficient <scalar>`); PreScore/Score rate nodes with the configured scoring strategy.

use std::collections::BTreeSet;
use std::sync::Arc;

use k8s_openapi::api::core::v1::Pod;
use serde::Deserialize;

use crate::framework::resource::{
    is_extended_resource_name, pod_requests_with, PodResourcesOptions, Resource,
};
use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, PreFilterPlugin, PreFilterResult,
    PreScorePlugin, ScorePlugin, Snapshot, Status,
};
use crate::plugins::names::NODE_RESOURCES_FIT;

use super::scoring::{
    validate_resource_weights, validate_shape, ResourceAllocationScorer, ScoringStrategy, ScoringStrategyType,
};
use super::{decode_args, default_resource_specs, ArgsError, FieldError, FieldErrorKind, RawResourceSpec};

/// CycleState key of the pod's request (upstream `preFilterStateKey`).
pub const PRE_FILTER_STATE_KEY: &str = "PreFilterNodeResourcesFit";
/// CycleState key of the pod's per-resource scoring requests (upstream `preScoreStateKey`).
pub const PRE_SCORE_STATE_KEY: &str = "PreScoreNodeResourcesFit";

/// `NodeResourcesFitArgs` (upstream `config.NodeResourcesFitArgs`, defaulted as v1 does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeResourcesFitArgs {
    /// Extended resources Filter does not check (e.g. `example.com/foo`).
    pub ignored_resources: Vec<String>,
    /// Extended resource groups (the part before `/`) Filter does not check.
    pub ignored_resource_groups: Vec<String>,
    pub scoring_strategy: ScoringStrategy,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawFitArgs {
    #[serde(default)]
    ignored_resources: Option<Vec<String>>,
    #[serde(default)]
    ignored_resource_groups: Option<Vec<String>>,
    #[serde(default)]
    scoring_strategy: Option<RawScoringStrategy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawScoringStrategy {
    #[serde(default, rename = "type")]
    type_: Option<String>,
    #[serde(default)]
    resources: Option<Vec<RawResourceSpec>>,
    #[serde(default)]
    requested_to_capacity_ratio: Option<RawRequestedToCapacityRatio>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequestedToCapacityRatio {
    #[serde(default)]
    shape: Option<Vec<RawShapePoint>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShapePoint {
    #[serde(default)]
    utilization: i32,
    #[serde(default)]
    score: i32,
}

impl NodeResourcesFitArgs {
    /// Decode the `args` of a `NodeResourcesFit` pluginConfig entry (v1 field names), apply the v1
    /// defaults (no scoringStrategy: LeastAllocated over cpu and memory; no resources: cpu and
    /// memory; weight 0: 1) and validate.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ArgsError> {
        let raw: RawFitArgs = decode_args("NodeResourcesFitArgs", value)?;
        let supported = ScoringStrategyType::ALL.map(ScoringStrategyType::as_str);
        let scoring_strategy = match raw.scoring_strategy {
            None => ScoringStrategy::default(),
            Some(s) => {
                let type_name = s.type_.unwrap_or_default();
                let Some(type_) = ScoringStrategyType::parse(&type_name) else {
                    return Err(ArgsError::Invalid(vec![FieldError {
                        kind: FieldErrorKind::NotSupported,
                        field: "scoringStrategy.type".into(),
                        value: type_name,
                        detail: supported.map(|s| format!("{s:?}")).join(", "),
                    }]));
                };
                ScoringStrategy {
                    type_,
                    resources: default_resource_specs(s.resources),
                    requested_to_capacity_ratio: s.requested_to_capacity_ratio.map(|r| {
                        r.shape
                            .unwrap_or_default()
                            .into_iter()
                            .map(|p| (i64::from(p.utilization), i64::from(p.score)))
                            .collect()
                    }),
                }
            }
        };
        let args = NodeResourcesFitArgs {
            ignored_resources: raw.ignored_resources.unwrap_or_default(),
            ignored_resource_groups: raw.ignored_resource_groups.unwrap_or_default(),
            scoring_strategy,
        };
        args.validate()?;
        Ok(args)
    }

    /// Upstream `ValidateNodeResourcesFitArgs`, plus: RequestedToCapacityRatio needs its shape
    /// (upstream would dereference a nil pointer).
    pub fn validate(&self) -> Result<(), ArgsError> {
        let mut errs = Vec::new();
        for (i, r) in self.ignored_resources.iter().enumerate() {
            for msg in skiff_apimachinery::validation::is_qualified_name(r) {
                errs.push(FieldError::invalid(format!("ignoredResources[{i}]"), r, msg));
            }
        }
        for (i, g) in self.ignored_resource_groups.iter().enumerate() {
            let field = format!("ignoredResourceGroups[{i}]");
            if g.contains('/') {
                errs.push(FieldError::invalid(
                    &field,
                    g,
                    "resource group name can't contain '/'",
                ));
            }
            for msg in skiff_apimachinery::validation::is_qualified_name(g) {
                errs.push(FieldError::invalid(&field, g, msg));
            }
        }
        let s = &self.scoring_strategy;
        validate_resource_weights(&s.resources, "scoringStrategy.resources", &mut errs);
        match (&s.requested_to_capacity_ratio, s.type_) {
            (Some(shape), _) => validate_shape(shape, "scoringStrategy.shape", &mut errs),
            (None, ScoringStrategyType::RequestedToCapacityRatio) => errs.push(FieldError {
                kind: FieldErrorKind::Required,
                field: "scoringStrategy.requestedToCapacityRatio".into(),
                value: String::new(),
                detail: "a shape is required for the RequestedToCapacityRatio strategy".into(),
            }),
            (None, _) => {}
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ArgsError::Invalid(errs))
        }
    }
}

/// Feature gates that change Fit's behaviour; the defaults are upstream 1.33's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FitFeatures {
    /// PodLevelResources (alpha, off in 1.33): pod-level `spec.resources.requests` count.
    pub pod_level_resources: bool,
    /// The 1.34 behaviour (kubernetes#131345): a node whose whole allocatable is smaller than the
    /// request is `UnschedulableAndUnresolvable` (preemption skips it). Off, as in 1.33, Filter
    /// always answers `Unschedulable`.
    pub unresolvable_over_allocatable: bool,
}

/// One resource that does not fit (upstream `InsufficientResource`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsufficientResource {
    pub resource_name: String,
    /// The user-facing reason (`Insufficient cpu`).
    pub reason: String,
    pub requested: i64,
    /// Already requested on the node.
    pub used: i64,
    /// The node's allocatable.
    pub capacity: i64,
    /// The request exceeds the node's whole allocatable: no preemption can help.
    pub unresolvable: bool,
}

/// The NodeResourcesFit plugin.
#[derive(Debug, Clone)]
pub struct NodeResourcesFit {
    ignored_resources: BTreeSet<String>,
    ignored_resource_groups: BTreeSet<String>,
    features: FitFeatures,
    scorer: ResourceAllocationScorer,
}

/// The pod's request, written by PreFilter.
#[derive(Debug, Clone)]
struct PreFilterState(Resource);

/// The pod's request per scored resource, written by PreScore.
#[derive(Debug, Clone)]
struct PreScoreState(Vec<i64>);

impl Default for NodeResourcesFit {
    /// Upstream defaults: nothing ignored, LeastAllocated over cpu and memory.
    fn default() -> Self {
        Self::new(NodeResourcesFitArgs::default()).expect("the default args are valid")
    }
}

impl NodeResourcesFit {
    /// Build from typed args (validated, as upstream `NewFit` does), with 1.33's features.
    pub fn new(args: NodeResourcesFitArgs) -> Result<Self, ArgsError> {
        Self::with_features(args, FitFeatures::default())
    }

    pub fn with_features(args: NodeResourcesFitArgs, features: FitFeatures) -> Result<Self, ArgsError> {
        args.validate()?;
        Ok(NodeResourcesFit {
            scorer: ResourceAllocationScorer::for_strategy(
                &args.scoring_strategy,
                features.pod_level_resources,
            ),
            ignored_resources: args.ignored_resources.into_iter().collect(),
            ignored_resource_groups: args.ignored_resource_groups.into_iter().collect(),
            features,
        })
    }

    /// Build from the `args` of a KubeSchedulerConfiguration pluginConfig entry.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ArgsError> {
        Self::new(NodeResourcesFitArgs::from_json(value)?)
    }

    /// The pod's request as Filter checks it (upstream `computePodResourceRequest`).
    pub fn pod_request(&self, pod: &Pod) -> Resource {
        pod_requests_with(
            pod,
            &PodResourcesOptions {
                pod_level_resources: self.features.pod_level_resources,
                ..PodResourcesOptions::default()
            },
        )
    }

    /// Every resource of `request` the node cannot give (upstream `fitsRequest`), in upstream's
    /// order: pods, cpu, memory, ephemeral-storage, then scalars by name.
    pub fn fits_request(&self, request: &Resource, node: &NodeInfo) -> Vec<InsufficientResource> {
        let mut out = Vec::new();
        let alloc = &node.allocatable;
        let used = &node.requested;
        let pods = node.pods.len() as i64;
        if pods + 1 > alloc.allowed_pod_number {
            out.push(InsufficientResource {
                resource_name: "pods".into(),
                reason: "Too many pods".into(),
                requested: 1,
                used: pods,
                capacity: alloc.allowed_pod_number,
                // Upstream never marks this one unresolvable.
                unresolvable: false,
            });
        }
        if request.is_empty_request() {
            return out;
        }
        let mut check = |name: &str, reason: String, req: i64, used: i64, cap: i64| {
            if req > 0 && req > cap - used {
                out.push(InsufficientResource {
                    resource_name: name.to_string(),
                    reason,
                    requested: req,
                    used,
                    capacity: cap,
                    unresolvable: req > cap,
                });
            }
        };
        check(
            "cpu",
            "Insufficient cpu".into(),
            request.milli_cpu,
            used.milli_cpu,
            alloc.milli_cpu,
        );
        check(
            "memory",
            "Insufficient memory".into(),
            request.memory,
            used.memory,
            alloc.memory,
        );
        check(
            "ephemeral-storage",
            "Insufficient ephemeral-storage".into(),
            request.ephemeral_storage,
            used.ephemeral_storage,
            alloc.ephemeral_storage,
        );
        for (name, &quantity) in &request.scalar {
            if quantity == 0 || self.is_ignored(name) {
                continue;
            }
            check(
                name,
                format!("Insufficient {name}"),
                quantity,
                used.get(name),
                alloc.get(name),
            );
        }
        out
    }

    /// What of `pod` does not fit on `node` (upstream `Fits`, but honouring this plugin's ignored
    /// resources).
    pub fn fits(&self, pod: &Pod, node: &NodeInfo) -> Vec<InsufficientResource> {
        self.fits_request(&self.pod_request(pod), node)
    }

    fn is_ignored(&self, name: &str) -> bool {
        if !is_extended_resource_name(name) {
            return false;
        }
        if self.ignored_resources.contains(name) {
            return true;
        }
        !self.ignored_resource_groups.is_empty()
            && self
                .ignored_resource_groups
                .contains(name.split('/').next().unwrap_or_default())
    }
}

impl Plugin for NodeResourcesFit {
    fn name(&self) -> &'static str {
        NODE_RESOURCES_FIT
    }
}

impl PreFilterPlugin for NodeResourcesFit {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        // SidecarContainers is GA (and locked on) in 1.33: restartable init containers are always
        // accepted and counted.
        state.write(PRE_FILTER_STATE_KEY, PreFilterState(self.pod_request(&pod.pod)));
        (None, Status::success())
    }
}

impl FilterPlugin for NodeResourcesFit {
    fn filter(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Status {
        let Some(PreFilterState(request)) = state.read::<PreFilterState>(PRE_FILTER_STATE_KEY) else {
            return Status::error(format!(
                "error reading {PRE_FILTER_STATE_KEY:?} from cycleState: not found"
            ))
            .with_plugin(NODE_RESOURCES_FIT);
        };
        let insufficient = self.fits_request(request, node);
        if insufficient.is_empty() {
            return Status::success();
        }
        let code =
            if self.features.unresolvable_over_allocatable && insufficient.iter().any(|r| r.unresolvable) {
                Code::UnschedulableAndUnresolvable
            } else {
                Code::Unschedulable
            };
        Status {
            code,
            reasons: insufficient.into_iter().map(|r| r.reason).collect(),
            plugin: NODE_RESOURCES_FIT,
        }
    }
}

impl PreScorePlugin for NodeResourcesFit {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _nodes: &[Arc<NodeInfo>],
        _snapshot: &Snapshot,
    ) -> Status {
        state.write(
            PRE_SCORE_STATE_KEY,
            PreScoreState(self.scorer.pod_requests(&pod.pod)),
        );
        Status::success()
    }
}

impl ScorePlugin for NodeResourcesFit {
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        let computed;
        let requests = match state.read::<PreScoreState>(PRE_SCORE_STATE_KEY) {
            Some(PreScoreState(r)) => r,
            None => {
                computed = self.scorer.pod_requests(&pod.pod);
                &computed
            }
        };
        self.scorer
            .score(node, requests)
            .map_err(|s| s.with_plugin(NODE_RESOURCES_FIT))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::MAX_NODE_SCORE;
    use crate::plugins::noderesources::testutil::{
        list, node, node_info, resource_pod, with_init, with_overhead, with_sidecar,
    };
    use k8s_openapi::api::core::v1::ResourceRequirements;
    use serde_json::json;

    const EXT_A: &str = "example.com/aaa";
    const EXT_B: &str = "example.com/bbb";
    const K8S_IO_A: &str = "kubernetes.io/something";
    const K8S_IO_B: &str = "subdomain.kubernetes.io/something";
    const HUGE_A: &str = "hugepages-2Mi";

    /// Upstream `makeAllocatableResources(milliCPU, memory, pods, extendedA, storage, hugePageA)`.
    fn alloc_node(
        cpu_m: i64,
        mem: i64,
        pods: i64,
        ext_a: i64,
        storage: i64,
        huge_a: i64,
    ) -> k8s_openapi::api::core::v1::Node {
        let values = [
            ("cpu", format!("{cpu_m}m")),
            ("memory", mem.to_string()),
            ("pods", pods.to_string()),
            (EXT_A, ext_a.to_string()),
            ("ephemeral-storage", storage.to_string()),
            (HUGE_A, huge_a.to_string()),
        ];
        node(
            "n",
            &values.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
        )
    }

    fn run_filter(plugin: &NodeResourcesFit, pod: &Pod, ni: &NodeInfo) -> Status {
        let mut state = CycleState::default();
        let pi = PodInfo::new(pod.clone());
        let (res, st) = plugin.pre_filter(&mut state, &pi, &Snapshot::default());
        assert!(res.is_none() && st.is_success());
        plugin.filter(&state, &pi, ni)
    }

    fn unschedulable(reasons: &[&str]) -> Status {
        Status {
            code: Code::Unschedulable,
            reasons: reasons.iter().map(|r| r.to_string()).collect(),
            plugin: NODE_RESOURCES_FIT,
        }
    }

    fn insufficient(name: &str, requested: i64, used: i64, capacity: i64) -> InsufficientResource {
        InsufficientResource {
            resource_name: name.into(),
            reason: format!("Insufficient {name}"),
            requested,
            used,
            capacity,
            unresolvable: requested > capacity,
        }
    }

    type Reqs<'a> = &'a [(&'a str, &'a str)];

    fn cm(cpu_m: i64, mem: i64) -> Vec<(String, String)> {
        vec![
            ("cpu".into(), format!("{cpu_m}m")),
            ("memory".into(), mem.to_string()),
        ]
    }

    fn as_reqs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }

    /// A pod whose containers request (milli-cpu, memory) each.
    fn cm_pod(usage: &[(i64, i64)]) -> Pod {
        let lists: Vec<Vec<(String, String)>> = usage.iter().map(|&(c, m)| cm(c, m)).collect();
        let reqs: Vec<Vec<(&str, &str)>> = lists.iter().map(|l| as_reqs(l)).collect();
        let refs: Vec<Reqs> = reqs.iter().map(|r| r.as_slice()).collect();
        resource_pod(&refs)
    }

    fn cm_init(pod: Pod, usage: &[(i64, i64)]) -> Pod {
        let lists: Vec<Vec<(String, String)>> = usage.iter().map(|&(c, m)| cm(c, m)).collect();
        let reqs: Vec<Vec<(&str, &str)>> = lists.iter().map(|l| as_reqs(l)).collect();
        let refs: Vec<Reqs> = reqs.iter().map(|r| r.as_slice()).collect();
        with_init(pod, &refs)
    }

    fn existing(cpu_m: i64, mem: i64, extra: Reqs) -> Pod {
        let mut reqs = cm(cpu_m, mem);
        reqs.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        resource_pod(&[as_reqs(&reqs).as_slice()])
    }

    /// Upstream TestEnoughRequests (node: 10m cpu, 20 memory, 32 pods, 5 example.com/aaa,
    /// 20 ephemeral-storage, 5 hugepages-2Mi).
    #[test]
    fn enough_requests() {
        struct Case {
            name: &'static str,
            pod: Pod,
            existing: Pod,
            args: NodeResourcesFitArgs,
            pod_level: bool,
            want: Vec<InsufficientResource>,
        }
        let case = |name, pod, existing, want| Case {
            name,
            pod,
            existing,
            args: NodeResourcesFitArgs::default(),
            pod_level: false,
            want,
        };
        let pod_level = |pod: Pod, reqs: Reqs| {
            let mut pod = pod;
            pod.spec.as_mut().unwrap().resources = Some(ResourceRequirements {
                requests: Some(list(reqs)),
                ..Default::default()
            });
            pod
        };
        let mut cases = vec![
            case("no resources requested always fits", resource_pod(&[]), cm_pod(&[(10, 20)]), vec![]),
            case(
                "too many resources fails",
                cm_pod(&[(1, 1)]),
                cm_pod(&[(10, 20)]),
                vec![insufficient("cpu", 1, 10, 10), insufficient("memory", 1, 20, 20)],
            ),
            case(
                "too many resources fails due to init container cpu",
                cm_init(cm_pod(&[(1, 1)]), &[(3, 1)]),
                cm_pod(&[(8, 19)]),
                vec![insufficient("cpu", 3, 8, 10)],
            ),
            case(
                "too many resources fails due to highest init container cpu",
                cm_init(cm_pod(&[(1, 1)]), &[(3, 1), (2, 1)]),
                cm_pod(&[(8, 19)]),
                vec![insufficient("cpu", 3, 8, 10)],
            ),
            case(
                "too many resources fails due to init container memory",
                cm_init(cm_pod(&[(1, 1)]), &[(1, 3)]),
                cm_pod(&[(9, 19)]),
                vec![insufficient("memory", 3, 19, 20)],
            ),
            case(
                "too many resources fails due to highest init container memory",
                cm_init(cm_pod(&[(1, 1)]), &[(1, 3), (1, 2)]),
                cm_pod(&[(9, 19)]),
                vec![insufficient("memory", 3, 19, 20)],
            ),
            case(
                "init container fits because it's the max, not sum, of containers and init containers",
                cm_init(cm_pod(&[(1, 1)]), &[(1, 1)]),
                cm_pod(&[(9, 19)]),
                vec![],
            ),
            case(
                "multiple init containers fit because it's the max, not sum, of containers and init containers",
                cm_init(cm_pod(&[(1, 1)]), &[(1, 1), (1, 1)]),
                cm_pod(&[(9, 19)]),
                vec![],
            ),
            case("both resources fit", cm_pod(&[(1, 1)]), cm_pod(&[(5, 5)]), vec![]),
            case(
                "one resource memory fits",
                cm_pod(&[(2, 1)]),
                cm_pod(&[(9, 5)]),
                vec![insufficient("cpu", 2, 9, 10)],
            ),
            case(
                "one resource cpu fits",
                cm_pod(&[(1, 2)]),
                cm_pod(&[(5, 19)]),
                vec![insufficient("memory", 2, 19, 20)],
            ),
            case("equal edge case", cm_pod(&[(5, 1)]), cm_pod(&[(5, 19)]), vec![]),
            case(
                "equal edge case for init container",
                cm_init(cm_pod(&[(4, 1)]), &[(5, 1)]),
                cm_pod(&[(5, 19)]),
                vec![],
            ),
            case(
                "extended resource fits",
                resource_pod(&[&[(EXT_A, "1")]]),
                cm_pod(&[(0, 0)]),
                vec![],
            ),
            case(
                "extended resource fits for init container",
                with_init(cm_pod(&[(0, 0)]), &[&[(EXT_A, "1")]]),
                cm_pod(&[(0, 0)]),
                vec![],
            ),
            case(
                "extended resource capacity enforced",
                existing(1, 1, &[(EXT_A, "10")]),
                existing(0, 0, &[(EXT_A, "0")]),
                vec![insufficient(EXT_A, 10, 0, 5)],
            ),
            case(
                "extended resource capacity enforced for init container",
                with_init(cm_pod(&[(0, 0)]), &[&[("cpu", "1m"), ("memory", "1"), (EXT_A, "10")]]),
                existing(0, 0, &[(EXT_A, "0")]),
                vec![insufficient(EXT_A, 10, 0, 5)],
            ),
            case(
                "extended resource allocatable enforced",
                existing(1, 1, &[(EXT_A, "1")]),
                existing(0, 0, &[(EXT_A, "5")]),
                vec![insufficient(EXT_A, 1, 5, 5)],
            ),
            case(
                "extended resource allocatable enforced for multiple containers",
                resource_pod(&[
                    &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")],
                    &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")],
                ]),
                existing(0, 0, &[(EXT_A, "2")]),
                vec![insufficient(EXT_A, 6, 2, 5)],
            ),
            case(
                "extended resource allocatable admits multiple init containers",
                with_init(
                    cm_pod(&[(0, 0)]),
                    &[
                        &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")],
                        &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")],
                    ],
                ),
                existing(0, 0, &[(EXT_A, "2")]),
                vec![],
            ),
            case(
                "extended resource allocatable enforced for multiple init containers",
                with_init(
                    cm_pod(&[(0, 0)]),
                    &[
                        &[("cpu", "1m"), ("memory", "1"), (EXT_A, "6")],
                        &[("cpu", "1m"), ("memory", "1"), (EXT_A, "3")],
                    ],
                ),
                existing(0, 0, &[(EXT_A, "2")]),
                vec![insufficient(EXT_A, 6, 2, 5)],
            ),
            case(
                "extended resource allocatable enforced for unknown resource",
                existing(1, 1, &[(EXT_B, "1")]),
                cm_pod(&[(0, 0)]),
                vec![insufficient(EXT_B, 1, 0, 0)],
            ),
            case(
                "kubernetes.io resource capacity enforced",
                existing(1, 1, &[(K8S_IO_A, "10")]),
                cm_pod(&[(0, 0)]),
                vec![insufficient(K8S_IO_A, 10, 0, 0)],
            ),
            case(
                "kubernetes.io resource capacity enforced for init container",
                with_init(cm_pod(&[(0, 0)]), &[&[("cpu", "1m"), ("memory", "1"), (K8S_IO_B, "10")]]),
                cm_pod(&[(0, 0)]),
                vec![insufficient(K8S_IO_B, 10, 0, 0)],
            ),
            case(
                "hugepages resource capacity enforced",
                existing(1, 1, &[(HUGE_A, "10")]),
                existing(0, 0, &[(HUGE_A, "0")]),
                vec![insufficient(HUGE_A, 10, 0, 5)],
            ),
            case(
                "hugepages resource allocatable enforced for multiple containers",
                resource_pod(&[
                    &[("cpu", "1m"), ("memory", "1"), (HUGE_A, "3")],
                    &[("cpu", "1m"), ("memory", "1"), (HUGE_A, "3")],
                ]),
                existing(0, 0, &[(HUGE_A, "2")]),
                vec![insufficient(HUGE_A, 6, 2, 5)],
            ),
            Case {
                args: NodeResourcesFitArgs {
                    ignored_resources: vec![EXT_B.into()],
                    ..Default::default()
                },
                ..case(
                    "skip checking ignored extended resource",
                    existing(1, 1, &[(EXT_B, "1")]),
                    cm_pod(&[(0, 0)]),
                    vec![],
                )
            },
            case(
                "resources + pod overhead fits",
                with_overhead(cm_pod(&[(1, 1)]), &[("cpu", "3m"), ("memory", "13")]),
                cm_pod(&[(5, 5)]),
                vec![],
            ),
            case(
                "requests + overhead does not fit for memory",
                with_overhead(cm_pod(&[(1, 1)]), &[("cpu", "1m"), ("memory", "15")]),
                cm_pod(&[(5, 5)]),
                vec![insufficient("memory", 16, 5, 20)],
            ),
            Case {
                args: NodeResourcesFitArgs {
                    ignored_resource_groups: vec!["example.com".into()],
                    ..Default::default()
                },
                ..case(
                    "skip checking ignored extended resource via resource groups",
                    existing(1, 1, &[(EXT_B, "1"), (K8S_IO_A, "1")]),
                    cm_pod(&[(0, 0)]),
                    vec![insufficient(K8S_IO_A, 1, 0, 0)],
                )
            },
            case(
                "skip checking extended resource request with quantity zero via resource groups",
                existing(1, 1, &[(EXT_A, "0")]),
                existing(0, 0, &[(EXT_A, "6")]),
                vec![],
            ),
            Case {
                pod_level: true,
                ..case(
                    "pod-level cpu resource not fit",
                    pod_level(cm_pod(&[(1, 1)]), &[("cpu", "7m"), ("memory", "2")]),
                    cm_pod(&[(5, 5)]),
                    vec![insufficient("cpu", 7, 5, 10)],
                )
            },
            Case {
                pod_level: true,
                ..case(
                    "pod-level memory resource not fit",
                    pod_level(cm_pod(&[(1, 1)]), &[("cpu", "3m"), ("memory", "2")]),
                    cm_pod(&[(5, 19)]),
                    vec![insufficient("memory", 2, 19, 20)],
                )
            },
            Case {
                pod_level: true,
                ..case(
                    "pod-level hugepages resource not fit",
                    pod_level(resource_pod(&[]), &[("cpu", "3m"), ("memory", "2"), (HUGE_A, "10")]),
                    resource_pod(&[]),
                    vec![insufficient(HUGE_A, 10, 0, 5)],
                )
            },
            Case {
                pod_level: true,
                ..case(
                    "one pod-level cpu resource fits and all init and non-init containers resources fit",
                    cm_init(
                        pod_level(cm_pod(&[(1, 1)]), &[("cpu", "3m"), ("memory", "2")]),
                        &[(1, 1)],
                    ),
                    cm_pod(&[(5, 19)]),
                    vec![insufficient("memory", 2, 19, 20)],
                )
            },
        ];
        // Restartable init containers (sidecars) add to the containers.
        cases.push(case(
            "sidecar requests add to the containers'",
            with_sidecar(cm_pod(&[(4, 1)]), &[("cpu", "2m")]),
            cm_pod(&[(5, 5)]),
            vec![insufficient("cpu", 6, 5, 10)],
        ));
        for c in cases {
            let plugin = NodeResourcesFit::with_features(
                c.args.clone(),
                FitFeatures {
                    pod_level_resources: c.pod_level,
                    ..Default::default()
                },
            )
            .unwrap();
            let ni = node_info(alloc_node(10, 20, 32, 5, 20, 5), vec![c.existing]);
            let want_status = if c.want.is_empty() {
                Status::success()
            } else {
                unschedulable(&c.want.iter().map(|r| r.reason.as_str()).collect::<Vec<_>>())
            };
            assert_eq!(run_filter(&plugin, &c.pod, &ni), want_status, "{}", c.name);
            assert_eq!(plugin.fits(&c.pod, &ni), c.want, "{}", c.name);
        }
    }

    #[test]
    fn filter_without_pre_filter_is_an_error() {
        let plugin = NodeResourcesFit::default();
        let pi = PodInfo::new(resource_pod(&[]));
        let ni = node_info(node("n", &[]), vec![]);
        let st = plugin.filter(&CycleState::default(), &pi, &ni);
        assert_eq!(st.code, Code::Error);
        assert_eq!(
            st.message(),
            "error reading \"PreFilterNodeResourcesFit\" from cycleState: not found"
        );
    }

    /// Upstream TestNotEnoughRequests: the node takes one pod and already has one.
    #[test]
    fn too_many_pods() {
        let cases = vec![
            ("even without specified resources, predicate fails when there's no space for additional pod", resource_pod(&[]), cm_pod(&[(10, 20)]), vec!["Too many pods"]),
            ("even if both resources fit, predicate fails when there's no space for additional pod", cm_pod(&[(1, 1)]), cm_pod(&[(5, 5)]), vec!["Too many pods"]),
            ("even for equal edge case, predicate fails when there's no space for additional pod", cm_pod(&[(5, 1)]), cm_pod(&[(5, 19)]), vec!["Too many pods"]),
            ("even for equal edge case, predicate fails when there's no space for additional pod due to init container", cm_init(cm_pod(&[(5, 1)]), &[(5, 1)]), cm_pod(&[(5, 19)]), vec!["Too many pods"]),
            ("all failing reasons are kept", cm_pod(&[(6, 1)]), cm_pod(&[(5, 19)]), vec!["Too many pods", "Insufficient cpu"]),
        ];
        let plugin = NodeResourcesFit::default();
        for (name, pod, existing, want) in cases {
            let ni = node_info(alloc_node(10, 20, 1, 0, 0, 0), vec![existing]);
            assert_eq!(run_filter(&plugin, &pod, &ni), unschedulable(&want), "{name}");
        }
    }

    /// Upstream TestStorageRequests.
    #[test]
    fn storage_requests() {
        let storage = |n: i64| {
            let n = n.to_string();
            resource_pod(&[&[("ephemeral-storage", n.as_str())]])
        };
        let cases = vec![
            (
                "empty storage requested, and pod fits",
                cm_pod(&[(1, 1)]),
                cm_pod(&[(2, 10)]),
                None,
            ),
            (
                "storage ephemeral local storage request exceeds allocatable",
                storage(25),
                cm_pod(&[(2, 2)]),
                Some("Insufficient ephemeral-storage"),
            ),
            (
                "ephemeral local storage is sufficient",
                storage(5),
                existing(2, 2, &[("ephemeral-storage", "10")]),
                None,
            ),
            ("pod fits", storage(10), cm_pod(&[(2, 2)]), None),
        ];
        let plugin = NodeResourcesFit::default();
        for (name, pod, existing, want) in cases {
            let ni = node_info(alloc_node(10, 20, 32, 5, 20, 5), vec![existing]);
            let want = want.map_or_else(Status::success, |r| unschedulable(&[r]));
            assert_eq!(run_filter(&plugin, &pod, &ni), want, "{name}");
        }
    }

    /// Upstream TestRestartableInitContainers (SidecarContainers on; node: 2m cpu, 1 pod).
    #[test]
    fn restartable_init_containers() {
        let pod = |req: Option<&str>, sidecar_req: Option<&str>| {
            let main = req.map_or_else(|| resource_pod(&[&[]]), |r| resource_pod(&[&[("cpu", r)]]));
            with_sidecar(main, &sidecar_req.map(|r| vec![("cpu", r)]).unwrap_or_default())
        };
        let cases = vec![
            (
                "allow pod without restartable init containers",
                resource_pod(&[&[]]),
                None,
            ),
            (
                "allow pod with restartable init containers",
                pod(None, None),
                None,
            ),
            (
                "allow pod if the total requested resources do not exceed the node's allocatable resources",
                pod(Some("1m"), Some("1m")),
                None,
            ),
            (
                "not allow pod if the total requested resources do exceed the node's allocatable resources",
                pod(Some("1m"), Some("2m")),
                Some("Insufficient cpu"),
            ),
        ];
        let plugin = NodeResourcesFit::default();
        for (name, p, want) in cases {
            let ni = node_info(alloc_node(2, 0, 1, 0, 0, 0), vec![]);
            let want = want.map_or_else(Status::success, |r| unschedulable(&[r]));
            assert_eq!(run_filter(&plugin, &p, &ni), want, "{name}");
        }
    }

    #[test]
    fn extended_resource_gpu() {
        let plugin = NodeResourcesFit::default();
        let pod = resource_pod(&[&[("cpu", "1"), ("nvidia.com/gpu", "2")]]);
        let gpu_node = |gpus: &str| {
            node(
                "g",
                &[
                    ("cpu", "8"),
                    ("memory", "8Gi"),
                    ("pods", "110"),
                    ("nvidia.com/gpu", gpus),
                ],
            )
        };
        let used = resource_pod(&[&[("nvidia.com/gpu", "3")]]);
        assert!(run_filter(&plugin, &pod, &node_info(gpu_node("4"), vec![])).is_success());
        assert_eq!(
            run_filter(&plugin, &pod, &node_info(gpu_node("4"), vec![used])),
            unschedulable(&["Insufficient nvidia.com/gpu"])
        );
        let no_gpus = node("c", &[("cpu", "8"), ("memory", "8Gi"), ("pods", "110")]);
        assert_eq!(
            run_filter(&plugin, &pod, &node_info(no_gpus, vec![])),
            unschedulable(&["Insufficient nvidia.com/gpu"])
        );
        // Ignored by name or group, the gpu is not checked at all.
        for args in [
            json!({"ignoredResources": ["nvidia.com/gpu"]}),
            json!({"ignoredResourceGroups": ["nvidia.com"]}),
        ] {
            let p = NodeResourcesFit::from_json(&args).unwrap();
            let no_gpus = node("c", &[("cpu", "8"), ("memory", "8Gi"), ("pods", "110")]);
            assert!(
                run_filter(&p, &pod, &node_info(no_gpus, vec![])).is_success(),
                "{args}"
            );
        }
    }

    #[test]
    fn status_code_over_allocatable() {
        let pod = cm_pod(&[(20, 1)]);
        let ni = node_info(alloc_node(10, 20, 32, 5, 20, 5), vec![]);
        // 1.33: Unschedulable even though no preemption can make 20m fit in 10m.
        let plain = NodeResourcesFit::default();
        assert_eq!(run_filter(&plain, &pod, &ni).code, Code::Unschedulable);
        // 1.34 behaviour on request.
        let newer = NodeResourcesFit::with_features(
            NodeResourcesFitArgs::default(),
            FitFeatures {
                unresolvable_over_allocatable: true,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            run_filter(&newer, &pod, &ni).code,
            Code::UnschedulableAndUnresolvable
        );
        // Only when the request exceeds the whole node, not what is left.
        let busy = node_info(alloc_node(10, 20, 32, 5, 20, 5), vec![cm_pod(&[(5, 0)])]);
        assert_eq!(
            run_filter(&newer, &cm_pod(&[(6, 1)]), &busy).code,
            Code::Unschedulable
        );
    }

    /// The seed scenario: five nodes, three short of cpu and two short of memory, a pod asking for
    /// 2 cpu and 2Gi. The FailedScheduling histogram sorts `<count> <reason>` strings.
    #[test]
    fn seed_scenario_histogram() {
        let nodes = [
            node("cpu-1", &[("cpu", "1"), ("memory", "8Gi"), ("pods", "110")]),
            node("cpu-2", &[("cpu", "1"), ("memory", "8Gi"), ("pods", "110")]),
            node("cpu-3", &[("cpu", "1"), ("memory", "8Gi"), ("pods", "110")]),
            node("mem-1", &[("cpu", "8"), ("memory", "1Gi"), ("pods", "110")]),
            node("mem-2", &[("cpu", "8"), ("memory", "1Gi"), ("pods", "110")]),
        ];
        let pod = resource_pod(&[&[("cpu", "2"), ("memory", "2Gi")]]);
        let plugin = NodeResourcesFit::default();
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for n in nodes {
            let st = run_filter(&plugin, &pod, &node_info(n, vec![]));
            assert_eq!(st.code, Code::Unschedulable);
            for r in st.reasons {
                *counts.entry(r).or_default() += 1;
            }
        }
        let mut entries: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
        entries.sort();
        assert_eq!(entries.join(", "), "2 Insufficient memory, 3 Insufficient cpu");
    }

    fn score_all(plugin: &NodeResourcesFit, pod: &Pod, nodes: &[NodeInfo], pre_score: bool) -> Vec<i64> {
        let pi = PodInfo::new(pod.clone());
        let mut state = CycleState::default();
        if pre_score {
            assert!(plugin
                .pre_score(&mut state, &pi, &[], &Snapshot::default())
                .is_success());
        }
        nodes
            .iter()
            .map(|n| plugin.score(&state, &pi, n).unwrap())
            .collect()
    }

    fn strategy(
        type_: ScoringStrategyType,
        resources: &[(&str, i64)],
        shape: Option<&[(i64, i64)]>,
    ) -> NodeResourcesFit {
        NodeResourcesFit::new(NodeResourcesFitArgs {
            scoring_strategy: ScoringStrategy {
                type_,
                resources: resources.iter().map(|(n, w)| (n.to_string(), *w)).collect(),
                requested_to_capacity_ratio: shape.map(<[_]>::to_vec),
            },
            ..Default::default()
        })
        .unwrap()
    }

    fn cap(name: &str, cpu: &str, mem: &str, extra: Reqs) -> k8s_openapi::api::core::v1::Node {
        let mut all = vec![("cpu", cpu), ("memory", mem)];
        all.extend_from_slice(extra);
        node(name, &all)
    }

    /// Upstream st.MakePod().Req(..).Req(..): one container per call.
    fn req_pod(reqs: &[Reqs]) -> Pod {
        resource_pod(reqs)
    }

    const DEFAULT: &[(&str, i64)] = &[("cpu", 1), ("memory", 1)];
    const EXT: &str = "abc.com/xyz";
    const EXT_SET: &[(&str, i64)] = &[("cpu", 1), ("memory", 1), (EXT, 1)];

    type ScoreCase<'a> = (&'a str, Pod, Vec<NodeInfo>, &'a [(&'a str, i64)], Vec<i64>);

    /// Upstream TestLeastAllocatedScoringStrategy (exact scores).
    #[test]
    fn least_allocated_scores() {
        let two = || {
            req_pod(&[
                &[("cpu", "1000"), ("memory", "2000")],
                &[("cpu", "2000"), ("memory", "3000")],
            ])
        };
        let cases: Vec<ScoreCase> = vec![
            ("nothing scheduled, nothing requested", resource_pod(&[]),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![]), node_info(cap("node2", "4000", "10000", &[]), vec![])],
             DEFAULT, vec![MAX_NODE_SCORE, MAX_NODE_SCORE]),
            ("nothing scheduled, resources requested, differently sized nodes", two(),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![]), node_info(cap("node2", "6000", "10000", &[]), vec![])],
             DEFAULT, vec![37, 50]),
            ("no resources requested, pods scheduled", resource_pod(&[]),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![resource_pod(&[]), resource_pod(&[])]),
                  node_info(cap("node2", "4000", "10000", &[]), vec![resource_pod(&[]), resource_pod(&[])])],
             DEFAULT, vec![MAX_NODE_SCORE, MAX_NODE_SCORE]),
            ("no resources requested, pods scheduled with resources", resource_pod(&[]),
             vec![node_info(cap("node1", "10000", "20000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]]), req_pod(&[&[("cpu", "3000"), ("memory", "0")]])]),
                  node_info(cap("node2", "10000", "20000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]]), req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![70, 57]),
            ("resources requested, pods scheduled with resources", two(),
             vec![node_info(cap("node1", "10000", "20000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]])]),
                  node_info(cap("node2", "10000", "20000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![57, 45]),
            ("resources requested, pods scheduled with resources, differently sized nodes", two(),
             vec![node_info(cap("node1", "10000", "20000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]])]),
                  node_info(cap("node2", "10000", "50000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![57, 60]),
            ("requested resources exceed node capacity", req_pod(&[&[("cpu", "3000"), ("memory", "0")]]),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]])]),
                  node_info(cap("node2", "4000", "10000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![50, 25]),
            ("zero node resources, pods scheduled with resources", resource_pod(&[]),
             vec![node_info(node("node1", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]])]),
                  node_info(node("node2", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![0, 0]),
            ("nothing scheduled, resources requested with different weight on CPU and memory, differently sized nodes", two(),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![]), node_info(cap("node2", "6000", "10000", &[]), vec![])],
             &[("memory", 2), ("cpu", 1)][..], vec![41, 50]),
            ("bypass extended resource if the pod does not request", two(),
             vec![node_info(cap("node1", "6000", "10000", &[]), vec![]), node_info(cap("node2", "6000", "10000", &[(EXT, "4")]), vec![])],
             EXT_SET, vec![50, 50]),
            ("honor extended resource if the pod requests", req_pod(&[&[("cpu", "3000"), ("memory", "5000"), (EXT, "2")]]),
             vec![node_info(cap("node1", "6000", "10000", &[(EXT, "4")]), vec![]), node_info(cap("node2", "6000", "10000", &[(EXT, "10")]), vec![])],
             EXT_SET, vec![50, 60]),
            ("if the node doesn't have a resource", req_pod(&[&[("cpu", "3000"), ("memory", "4000")]]),
             vec![node_info(cap("node1", "6000", "10000", &[]), vec![]), node_info(cap("node2", "6000", "10000", &[(EXT, "4")]), vec![])],
             &[(EXT, 2), ("cpu", 1), ("memory", 1)][..], vec![55, 55]),
        ];
        for (name, pod, nodes, resources, want) in cases {
            let plugin = strategy(ScoringStrategyType::LeastAllocated, resources, None);
            assert_eq!(score_all(&plugin, &pod, &nodes, true), want, "{name}");
        }
    }

    /// Upstream TestMostAllocatedScoringStrategy.
    #[test]
    fn most_allocated_scores() {
        let two = || {
            req_pod(&[
                &[("cpu", "1000"), ("memory", "2000")],
                &[("cpu", "2000"), ("memory", "3000")],
            ])
        };
        let cases: Vec<ScoreCase> = vec![
            (
                "nothing scheduled, nothing requested",
                resource_pod(&[]),
                vec![
                    node_info(cap("node1", "4000", "10000", &[]), vec![]),
                    node_info(cap("node2", "4000", "10000", &[]), vec![]),
                ],
                DEFAULT,
                vec![0, 0],
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes",
                two(),
                vec![
                    node_info(cap("node1", "4000", "10000", &[]), vec![]),
                    node_info(cap("node2", "6000", "10000", &[]), vec![]),
                ],
                DEFAULT,
                vec![62, 50],
            ),
            (
                "no resources requested, pods scheduled with resources",
                resource_pod(&[]),
                vec![
                    node_info(
                        cap("node1", "10000", "20000", &[]),
                        vec![
                            req_pod(&[&[("cpu", "3000"), ("memory", "0")]]),
                            req_pod(&[&[("cpu", "3000"), ("memory", "0")]]),
                        ],
                    ),
                    node_info(
                        cap("node2", "10000", "20000", &[]),
                        vec![
                            req_pod(&[&[("cpu", "3000"), ("memory", "0")]]),
                            req_pod(&[&[("cpu", "3000"), ("memory", "5000")]]),
                        ],
                    ),
                ],
                DEFAULT,
                vec![30, 42],
            ),
            (
                "resources requested, pods scheduled with resources",
                two(),
                vec![
                    node_info(
                        cap("node1", "10000", "20000", &[]),
                        vec![req_pod(&[&[("cpu", "3000"), ("memory", "0")]])],
                    ),
                    node_info(
                        cap("node2", "10000", "20000", &[]),
                        vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])],
                    ),
                ],
                DEFAULT,
                vec![42, 55],
            ),
            (
                "resources requested equal node capacity",
                req_pod(&[
                    &[("cpu", "2000"), ("memory", "4000")],
                    &[("cpu", "3000"), ("memory", "5000")],
                ]),
                vec![
                    node_info(cap("node1", "5000", "10000", &[]), vec![]),
                    node_info(cap("node2", "10000", "9000", &[]), vec![]),
                ],
                DEFAULT,
                vec![95, 75],
            ),
            (
                "nothing scheduled, resources requested, differently sized nodes, weighted",
                two(),
                vec![
                    node_info(cap("node1", "4000", "10000", &[]), vec![]),
                    node_info(cap("node2", "6000", "10000", &[]), vec![]),
                ],
                &[("memory", 2), ("cpu", 1)][..],
                vec![58, 50],
            ),
            (
                "no resources requested, pods scheduled, nonzero request for resource",
                resource_pod(&[&[]]),
                vec![
                    node_info(
                        cap("node1", "250m", "1000Mi", &[]),
                        vec![resource_pod(&[&[]]), resource_pod(&[&[]])],
                    ),
                    node_info(cap("node2", "250m", "1000Mi", &[]), vec![]),
                ],
                DEFAULT,
                vec![80, 30],
            ),
            (
                "bypass extended resource if the pod does not request",
                two(),
                vec![
                    node_info(cap("node1", "6000", "10000", &[]), vec![]),
                    node_info(cap("node2", "6000", "10000", &[(EXT, "4")]), vec![]),
                ],
                EXT_SET,
                vec![50, 50],
            ),
            (
                "honor extended resource if the pod request",
                req_pod(&[&[("cpu", "3000"), ("memory", "5000"), (EXT, "2")]]),
                vec![
                    node_info(cap("node1", "6000", "10000", &[(EXT, "4")]), vec![]),
                    node_info(cap("node2", "6000", "10000", &[(EXT, "10")]), vec![]),
                ],
                EXT_SET,
                vec![50, 40],
            ),
            (
                "if the node doesn't have a resource",
                req_pod(&[&[("cpu", "3000"), ("memory", "4000")]]),
                vec![
                    node_info(cap("node1", "6000", "10000", &[]), vec![]),
                    node_info(cap("node2", "6000", "10000", &[(EXT, "4")]), vec![]),
                ],
                &[(EXT, 2), ("cpu", 1), ("memory", 1)][..],
                vec![45, 45],
            ),
        ];
        for (name, pod, nodes, resources, want) in cases {
            let plugin = strategy(ScoringStrategyType::MostAllocated, resources, None);
            assert_eq!(score_all(&plugin, &pod, &nodes, true), want, "{name}");
        }
    }

    /// Upstream TestRequestedToCapacityRatioScoringStrategy, TestResourceBinPackingSingleExtended
    /// and TestResourceBinPackingMultipleExtended.
    #[test]
    fn requested_to_capacity_ratio_scores() {
        let least_shape: &[(i64, i64)] = &[(0, 10), (100, 0)];
        let two = || {
            req_pod(&[
                &[("cpu", "1000"), ("memory", "2000")],
                &[("cpu", "2000"), ("memory", "3000")],
            ])
        };
        let cases: Vec<ScoreCase> = vec![
            ("nothing scheduled, nothing requested (default - least requested nodes have priority)", resource_pod(&[]),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![resource_pod(&[]), resource_pod(&[])]), node_info(cap("node2", "4000", "10000", &[]), vec![])],
             DEFAULT, vec![100, 100]),
            ("nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)", two(),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![resource_pod(&[]), resource_pod(&[])]), node_info(cap("node2", "6000", "10000", &[]), vec![])],
             DEFAULT, vec![38, 50]),
            ("no resources requested, pods scheduled with resources (default - least requested nodes have priority)", resource_pod(&[]),
             vec![node_info(cap("node1", "4000", "10000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])]),
                  node_info(cap("node2", "6000", "10000", &[]), vec![req_pod(&[&[("cpu", "3000"), ("memory", "5000")]])])],
             DEFAULT, vec![38, 50]),
        ];
        for (name, pod, nodes, resources, want) in cases {
            let plugin = strategy(
                ScoringStrategyType::RequestedToCapacityRatio,
                resources,
                Some(least_shape),
            );
            assert_eq!(score_all(&plugin, &pod, &nodes, false), want, "{name}");
        }

        let bin_shape: &[(i64, i64)] = &[(0, 0), (100, 1)];
        let mem = (10000_i64 * 1024 * 1024).to_string();
        let ext_node = |name: &str, foo: &str, bar: Option<&str>| {
            let mut extra = vec![("intel.com/foo", foo)];
            extra.extend(bar.map(|b| ("intel.com/bar", b)));
            cap(name, "4", &mem, &extra)
        };
        let single: Vec<ScoreCase> = vec![
            ("nothing scheduled, nothing requested", resource_pod(&[]),
             vec![node_info(ext_node("node1", "8", None), vec![]), node_info(ext_node("node2", "4", None), vec![])],
             &[("intel.com/foo", 1)][..], vec![0, 0]),
            ("resources requested, pods scheduled with less resources", req_pod(&[&[("intel.com/foo", "2")]]),
             vec![node_info(ext_node("node1", "8", None), vec![]), node_info(ext_node("node2", "4", None), vec![])],
             &[("intel.com/foo", 1)][..], vec![2, 5]),
            ("resources requested, pods scheduled with resources, on node with existing pod running", req_pod(&[&[("intel.com/foo", "2")]]),
             vec![node_info(ext_node("node1", "8", None), vec![]), node_info(ext_node("node2", "4", None), vec![req_pod(&[&[("intel.com/foo", "2")]])])],
             &[("intel.com/foo", 1)][..], vec![2, 10]),
            ("resources requested, pods scheduled with more resources", req_pod(&[&[("intel.com/foo", "4")]]),
             vec![node_info(ext_node("node1", "8", None), vec![]), node_info(ext_node("node2", "4", None), vec![])],
             &[("intel.com/foo", 1)][..], vec![5, 10]),
            ("multiple: nothing scheduled, nothing requested", resource_pod(&[]),
             vec![node_info(ext_node("node1", "8", Some("4")), vec![]), node_info(ext_node("node2", "4", Some("8")), vec![])],
             &[("intel.com/foo", 3), ("intel.com/bar", 5)][..], vec![0, 0]),
            ("multiple: resources requested, pods scheduled with less resources", req_pod(&[&[("intel.com/foo", "2"), ("intel.com/bar", "2")]]),
             vec![node_info(ext_node("node1", "8", Some("4")), vec![]), node_info(ext_node("node2", "4", Some("8")), vec![])],
             &[("intel.com/foo", 3), ("intel.com/bar", 5)][..], vec![4, 3]),
            ("multiple: resources requested, pods scheduled with resources, on node with existing pod running", req_pod(&[&[("intel.com/foo", "2"), ("intel.com/bar", "2")]]),
             vec![node_info(ext_node("node1", "8", Some("4")), vec![]),
                  node_info(ext_node("node2", "4", Some("8")), vec![req_pod(&[&[("intel.com/foo", "4"), ("intel.com/bar", "2")]])])],
             &[("intel.com/foo", 3), ("intel.com/bar", 5)][..], vec![4, 7]),
            ("multiple: resources requested, pods scheduled with more resources", req_pod(&[&[("intel.com/foo", "4"), ("intel.com/bar", "2")]]),
             vec![node_info(ext_node("node1", "8", Some("4")), vec![]), node_info(ext_node("node2", "4", Some("8")), vec![])],
             &[("intel.com/foo", 3), ("intel.com/bar", 5)][..], vec![5, 5]),
        ];
        for (name, pod, nodes, resources, want) in single {
            let plugin = strategy(
                ScoringStrategyType::RequestedToCapacityRatio,
                resources,
                Some(bin_shape),
            );
            assert_eq!(score_all(&plugin, &pod, &nodes, false), want, "{name}");
        }
    }

    /// Upstream TestFitScore, with and without PreScore, and with a sidecar on the node.
    #[test]
    fn fit_score() {
        let nodes = || {
            vec![
                node_info(
                    cap("node1", "4000", "10000", &[]),
                    vec![req_pod(&[&[("cpu", "2000"), ("memory", "4000")]])],
                ),
                node_info(
                    cap("node2", "6000", "10000", &[]),
                    vec![req_pod(&[&[("cpu", "1000"), ("memory", "2000")]])],
                ),
            ]
        };
        let big = req_pod(&[&[("cpu", "3000"), ("memory", "5000")]]);
        let small = req_pod(&[&[("cpu", "1000"), ("memory", "2000")]]);
        let cases = vec![
            (
                "RequestedToCapacityRatio case1",
                strategy(
                    ScoringStrategyType::RequestedToCapacityRatio,
                    DEFAULT,
                    Some(&[(0, 10), (100, 0)][..]),
                ),
                &big,
                vec![10, 32],
            ),
            (
                "RequestedToCapacityRatio case2",
                strategy(
                    ScoringStrategyType::RequestedToCapacityRatio,
                    DEFAULT,
                    Some(&[(0, 0), (100, 10)][..]),
                ),
                &big,
                vec![95, 68],
            ),
            (
                "MostAllocated",
                strategy(ScoringStrategyType::MostAllocated, DEFAULT, None),
                &small,
                vec![67, 36],
            ),
            (
                "LeastAllocated",
                strategy(ScoringStrategyType::LeastAllocated, DEFAULT, None),
                &small,
                vec![32, 63],
            ),
        ];
        for (name, plugin, pod, want) in cases {
            for pre_score in [true, false] {
                assert_eq!(
                    score_all(&plugin, pod, &nodes(), pre_score),
                    want,
                    "{name} (PreScore: {pre_score})"
                );
            }
        }

        let sidecar_nodes = || {
            let sc = with_sidecar(
                req_pod(&[&[("cpu", "1000"), ("memory", "2000")]]),
                &[("cpu", "1000"), ("memory", "2000")],
            );
            vec![
                node_info(cap("node1", "4000", "10000", &[]), vec![sc]),
                node_info(
                    cap("node2", "4000", "10000", &[]),
                    vec![req_pod(&[&[("cpu", "1000"), ("memory", "2000")]])],
                ),
            ]
        };
        let most = strategy(ScoringStrategyType::MostAllocated, DEFAULT, None);
        assert_eq!(score_all(&most, &small, &sidecar_nodes(), true), vec![67, 45]);
        let least = NodeResourcesFit::default();
        assert_eq!(score_all(&least, &small, &sidecar_nodes(), true), vec![32, 55]);
    }

    #[test]
    fn score_without_resources_is_an_error() {
        // Typed args skip v1 defaulting, as upstream's internal config does.
        let plugin = strategy(ScoringStrategyType::LeastAllocated, &[], None);
        let pi = PodInfo::new(req_pod(&[&[("cpu", "1000"), ("memory", "2000")]]));
        let ni = node_info(cap("node1", "4000", "10000", &[]), vec![]);
        let err = plugin.score(&CycleState::default(), &pi, &ni).unwrap_err();
        assert_eq!(
            (err.code, err.message()),
            (Code::Error, "resources not found".to_string())
        );
    }

    #[test]
    fn args_from_json() {
        // Defaults.
        let d = NodeResourcesFitArgs::from_json(&serde_json::Value::Null).unwrap();
        assert_eq!(d, NodeResourcesFitArgs::default());
        assert_eq!(NodeResourcesFitArgs::from_json(&json!({})).unwrap(), d);
        // Full v1 form.
        let a = NodeResourcesFitArgs::from_json(&json!({
            "apiVersion": "kubescheduler.config.k8s.io/v1",
            "kind": "NodeResourcesFitArgs",
            "ignoredResources": ["example.com/foo"],
            "ignoredResourceGroups": ["example.org"],
            "scoringStrategy": {
                "type": "RequestedToCapacityRatio",
                "resources": [{"name": "cpu", "weight": 3}, {"name": "nvidia.com/gpu"}],
                "requestedToCapacityRatio": {"shape": [{"utilization": 0, "score": 0}, {"utilization": 100, "score": 10}]}
            }
        }))
        .unwrap();
        assert_eq!(a.ignored_resources, vec!["example.com/foo".to_string()]);
        assert_eq!(a.ignored_resource_groups, vec!["example.org".to_string()]);
        assert_eq!(
            a.scoring_strategy,
            ScoringStrategy {
                type_: ScoringStrategyType::RequestedToCapacityRatio,
                resources: vec![("cpu".into(), 3), ("nvidia.com/gpu".into(), 1)],
                requested_to_capacity_ratio: Some(vec![(0, 0), (100, 10)]),
            }
        );
        // A strategy without resources gets cpu and memory.
        let m =
            NodeResourcesFitArgs::from_json(&json!({"scoringStrategy": {"type": "MostAllocated"}})).unwrap();
        assert_eq!(
            m.scoring_strategy.resources,
            crate::plugins::noderesources::default_resources()
        );
        assert!(NodeResourcesFit::from_json(&json!({"scoringStrategy": {"type": "MostAllocated"}})).is_ok());
    }

    #[test]
    fn args_validation() {
        let field_errors = |v: serde_json::Value| -> Vec<String> {
            match NodeResourcesFitArgs::from_json(&v) {
                Err(ArgsError::Invalid(errs)) => errs.iter().map(|e| e.field.clone()).collect(),
                other => panic!("{v}: {other:?}"),
            }
        };
        assert_eq!(
            field_errors(
                json!({"scoringStrategy": {"type": "LeastAllocated", "resources": [{"name": "memory", "weight": -1}, {"name": "cpu", "weight": 1}]}})
            ),
            ["scoringStrategy.resources[0].weight"]
        );
        assert_eq!(
            field_errors(
                json!({"scoringStrategy": {"type": "LeastAllocated", "resources": [{"name": "memory", "weight": 1}, {"name": "cpu", "weight": 101}]}})
            ),
            ["scoringStrategy.resources[1].weight"]
        );
        assert_eq!(
            field_errors(json!({"scoringStrategy": {"type": "Balanced"}})),
            ["scoringStrategy.type"]
        );
        assert_eq!(
            field_errors(json!({"scoringStrategy": {}})),
            ["scoringStrategy.type"]
        );
        assert_eq!(
            field_errors(json!({"scoringStrategy": {"type": "RequestedToCapacityRatio"}})),
            ["scoringStrategy.requestedToCapacityRatio"]
        );
        assert_eq!(
            field_errors(
                json!({"scoringStrategy": {"type": "RequestedToCapacityRatio", "requestedToCapacityRatio": {"shape": []}}})
            ),
            ["scoringStrategy.shape"]
        );
        assert_eq!(
            field_errors(
                json!({"ignoredResources": ["bad name!"], "ignoredResourceGroups": ["example.com/x"]})
            ),
            ["ignoredResources[0]", "ignoredResourceGroups[0]"]
        );
        // Zero weights are rejected in typed args (v1 JSON defaults them to 1).
        let zero = NodeResourcesFitArgs {
            scoring_strategy: ScoringStrategy {
                resources: vec![("memory".into(), 1), ("cpu".into(), 0)],
                ..Default::default()
            },
            ..Default::default()
        };
        let err = NodeResourcesFit::new(zero).unwrap_err();
        assert_eq!(err.field_errors()[0].field, "scoringStrategy.resources[1].weight");
        assert_eq!(
            err.to_string(),
            "scoringStrategy.resources[1].weight: Invalid value: 0: resource weight of cpu not in valid range (0, 100]"
        );
        let ok_zero = NodeResourcesFitArgs::from_json(&json!({"scoringStrategy": {"type": "LeastAllocated", "resources": [{"name": "cpu", "weight": 0}]}})).unwrap();
        assert_eq!(ok_zero.scoring_strategy.resources, vec![("cpu".to_string(), 1)]);
        // Decoding errors.
        for bad in [
            json!({"unknownField": 1}),
            json!({"apiVersion": "kubescheduler.config.k8s.io/v1beta3"}),
            json!({"kind": "NodeAffinityArgs"}),
            json!({"scoringStrategy": {"resources": [{"name": "cpu", "weight": "1"}]}}),
            json!([]),
        ] {
            assert!(
                matches!(
                    NodeResourcesFitArgs::from_json(&bad),
                    Err(ArgsError::Decode { .. })
                ),
                "{bad}"
            );
        }
    }
}
