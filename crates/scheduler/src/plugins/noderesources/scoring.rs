//! Resource scoring (upstream `resource_allocation.go`, `least_allocated.go`, `most_allocated.go`,
//! `requested_to_capacity_ratio.go`, `helper/shape_score.go`): for each configured resource, what the
//! node would have requested with the pod on it against what it has, turned into a 0–100 score and
//! averaged with the resource weights.

use k8s_openapi::api::core::v1::Pod;

use crate::framework::resource::{is_scalar_resource_name, pod_requests_with, PodResourcesOptions, Resource};
use crate::framework::{NodeInfo, Status, MAX_NODE_SCORE};

use super::{FieldError, FieldErrorKind};

/// Shape scores in the args go up to 10 (upstream `config.MaxCustomPriorityScore`) and are scaled
/// to [`MAX_NODE_SCORE`].
pub const MAX_CUSTOM_PRIORITY_SCORE: i64 = 10;
/// Utilization is a percentage.
pub const MAX_UTILIZATION: i64 = 100;

/// `scoringStrategy.type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScoringStrategyType {
    /// Prefer the node with the most left over (spreads pods). The default.
    LeastAllocated,
    /// Prefer the node with the least left over (bin packing).
    MostAllocated,
    /// Score utilization through a piecewise-linear shape.
    RequestedToCapacityRatio,
}

impl ScoringStrategyType {
    pub const ALL: [ScoringStrategyType; 3] = [
        ScoringStrategyType::LeastAllocated,
        ScoringStrategyType::MostAllocated,
        ScoringStrategyType::RequestedToCapacityRatio,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScoringStrategyType::LeastAllocated => "LeastAllocated",
            ScoringStrategyType::MostAllocated => "MostAllocated",
            ScoringStrategyType::RequestedToCapacityRatio => "RequestedToCapacityRatio",
        }
    }

    pub fn parse(s: &str) -> Option<ScoringStrategyType> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// `NodeResourcesFitArgs.scoringStrategy` (upstream `config.ScoringStrategy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoringStrategy {
    pub type_: ScoringStrategyType,
    /// Resource name and weight (1–100), in configuration order.
    pub resources: Vec<(String, i64)>,
    /// `requestedToCapacityRatio.shape` as (utilization 0–100, score 0–10) points, increasing in
    /// utilization; required for [`ScoringStrategyType::RequestedToCapacityRatio`].
    pub requested_to_capacity_ratio: Option<Vec<(i64, i64)>>,
}

impl Default for ScoringStrategy {
    /// Upstream's default: LeastAllocated over cpu and memory, weight 1 each.
    fn default() -> Self {
        ScoringStrategy {
            type_: ScoringStrategyType::LeastAllocated,
            resources: super::default_resources(),
            requested_to_capacity_ratio: None,
        }
    }
}

/// Upstream `validateResources`: weights in (0, 100].
pub(crate) fn validate_resource_weights(resources: &[(String, i64)], path: &str, errs: &mut Vec<FieldError>) {
    for (i, (name, weight)) in resources.iter().enumerate() {
        if *weight <= 0 || *weight > MAX_NODE_SCORE {
            errs.push(FieldError::invalid(
                format!("{path}[{i}].weight"),
                weight,
                format!("resource weight of {name} not in valid range (0, 100]"),
            ));
        }
    }
}

/// Upstream `validateFunctionShape`.
pub(crate) fn validate_shape(shape: &[(i64, i64)], path: &str, errs: &mut Vec<FieldError>) {
    if shape.is_empty() {
        errs.push(FieldError {
            kind: FieldErrorKind::Required,
            field: path.to_string(),
            value: String::new(),
            detail: "at least one point must be specified".into(),
        });
        return;
    }
    if let Some(i) = (1..shape.len()).find(|&i| shape[i - 1].0 >= shape[i].0) {
        errs.push(FieldError::invalid(
            format!("{path}[{i}].utilization"),
            shape[i].0,
            "utilization values must be sorted in increasing order",
        ));
    }
    for (i, (utilization, score)) in shape.iter().enumerate() {
        if !(0..=MAX_UTILIZATION).contains(utilization) {
            errs.push(FieldError::invalid(
                format!("{path}[{i}].utilization"),
                utilization,
                format!("not in valid range [0, {MAX_UTILIZATION}]"),
            ));
        }
        if !(0..=MAX_CUSTOM_PRIORITY_SCORE).contains(score) {
            errs.push(FieldError::invalid(
                format!("{path}[{i}].score"),
                score,
                format!("not in valid range [0, {MAX_CUSTOM_PRIORITY_SCORE}]"),
            ));
        }
    }
}

/// `((capacity - requested) * 100) / capacity`, 0 when over capacity (upstream `leastRequestedScore`).
pub fn least_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 || requested > capacity {
        return 0;
    }
    ((capacity - requested) * MAX_NODE_SCORE) / capacity
}

/// `(requested * 100) / capacity`, with requested capped at capacity (upstream `mostRequestedScore`).
pub fn most_requested_score(requested: i64, capacity: i64) -> i64 {
    if capacity == 0 {
        return 0;
    }
    (requested.min(capacity) * MAX_NODE_SCORE) / capacity
}

/// The piecewise-linear function through `shape` (utilization, score) points, flat before the first
/// and after the last point, integer arithmetic as upstream `BuildBrokenLinearFunction`.
pub fn broken_linear(shape: &[(i64, i64)], p: i64) -> i64 {
    for (i, &(u, s)) in shape.iter().enumerate() {
        if p <= u {
            if i == 0 {
                return s;
            }
            let (pu, ps) = shape[i - 1];
            return ps + (s - ps) * (p - pu) / (u - pu);
        }
    }
    shape.last().map_or(0, |&(_, s)| s)
}

/// How a [`ResourceAllocationScorer`] turns per-resource (requested, allocatable) into a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScorerKind {
    LeastAllocated,
    MostAllocated,
    /// The shape with scores already scaled to 0–100.
    RequestedToCapacityRatio(Vec<(i64, i64)>),
    /// Standard deviation of the fractions (NodeResourcesBalancedAllocation).
    Balanced,
}

/// Upstream `resourceAllocationScorer`: the configured resources, whether the node's requests count
/// as they are (`use_requested`, BalancedAllocation) or with the non-zero defaults (the Fit
/// strategies), and the scoring function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ResourceAllocationScorer {
    pub resources: Vec<(String, i64)>,
    pub use_requested: bool,
    pub kind: ScorerKind,
    pub pod_level_resources: bool,
}

impl ResourceAllocationScorer {
    pub fn for_strategy(strategy: &ScoringStrategy, pod_level_resources: bool) -> Self {
        let kind = match strategy.type_ {
            ScoringStrategyType::LeastAllocated => ScorerKind::LeastAllocated,
            ScoringStrategyType::MostAllocated => ScorerKind::MostAllocated,
            ScoringStrategyType::RequestedToCapacityRatio => ScorerKind::RequestedToCapacityRatio(
                strategy
                    .requested_to_capacity_ratio
                    .iter()
                    .flatten()
                    .map(|&(u, s)| (u, s * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE)))
                    .collect(),
            ),
        };
        ResourceAllocationScorer {
            resources: strategy.resources.clone(),
            use_requested: false,
            kind,
            pod_level_resources,
        }
    }

    /// The pod's request for each configured resource, in order (upstream
    /// `calculatePodResourceRequestList`); cpu in millicores.
    pub fn pod_requests(&self, pod: &Pod) -> Vec<i64> {
        let requests = pod_requests_with(
            pod,
            &PodResourcesOptions {
                non_zero_defaults: !self.use_requested,
                pod_level_resources: self.pod_level_resources,
                ..PodResourcesOptions::NODE_INFO
            },
        );
        self.resources
            .iter()
            .map(|(name, _)| requests.get(name))
            .collect()
    }

    /// Upstream `calculateResourceAllocatableRequest`: (allocatable, requested with the pod); (0, 0)
    /// leaves the resource out — a scalar the pod does not ask for, or one the node lacks.
    fn allocatable_requested(&self, node: &NodeInfo, resource: &str, pod_request: i64) -> (i64, i64) {
        let requested: &Resource = if self.use_requested {
            &node.requested
        } else {
            &node.non_zero_requested
        };
        match resource {
            "cpu" => (node.allocatable.milli_cpu, requested.milli_cpu + pod_request),
            "memory" => (node.allocatable.memory, requested.memory + pod_request),
            "ephemeral-storage" => (
                node.allocatable.ephemeral_storage,
                node.requested.ephemeral_storage + pod_request,
            ),
            other if is_scalar_resource_name(other) && pod_request != 0 => {
                match node.allocatable.scalar.get(other) {
                    Some(&alloc) => (alloc, node.requested.get(other) + pod_request),
                    None => (0, 0),
                }
            }
            _ => (0, 0),
        }
    }

    /// The node's score for a pod whose requests are `pod_requests` (upstream `score`).
    pub fn score(&self, node: &NodeInfo, pod_requests: &[i64]) -> Result<i64, Status> {
        if self.resources.is_empty() {
            return Err(Status::error("resources not found"));
        }
        let mut requested = vec![0; self.resources.len()];
        let mut allocatable = vec![0; self.resources.len()];
        for (i, (name, _)) in self.resources.iter().enumerate() {
            let (alloc, req) =
                self.allocatable_requested(node, name, pod_requests.get(i).copied().unwrap_or(0));
            if alloc != 0 {
                allocatable[i] = alloc;
                requested[i] = req;
            }
        }
        Ok(match &self.kind {
            ScorerKind::LeastAllocated => self.weighted_mean(&requested, &allocatable, least_requested_score),
            ScorerKind::MostAllocated => self.weighted_mean(&requested, &allocatable, most_requested_score),
            ScorerKind::RequestedToCapacityRatio(shape) => self.ratio_score(shape, &requested, &allocatable),
            ScorerKind::Balanced => {
                super::balanced_allocation::balanced_resource_score(&requested, &allocatable)
            }
        })
    }

    /// Least/MostAllocated: integer weighted mean over the resources the node has.
    fn weighted_mean(&self, requested: &[i64], allocatable: &[i64], f: fn(i64, i64) -> i64) -> i64 {
        let (mut score, mut weights) = (0, 0);
        for (i, (_, weight)) in self.resources.iter().enumerate() {
            if allocatable[i] == 0 {
                continue;
            }
            score += f(requested[i], allocatable[i]) * weight;
            weights += weight;
        }
        if weights == 0 {
            0
        } else {
            score / weights
        }
    }

    /// RequestedToCapacityRatio: only resources scoring above 0 count; the mean is rounded.
    fn ratio_score(&self, shape: &[(i64, i64)], requested: &[i64], allocatable: &[i64]) -> i64 {
        let resource_score = |req: i64, cap: i64| {
            if cap == 0 || req > cap {
                broken_linear(shape, MAX_UTILIZATION)
            } else {
                broken_linear(shape, req * MAX_UTILIZATION / cap)
            }
        };
        let (mut score, mut weights) = (0, 0);
        for (i, (_, weight)) in self.resources.iter().enumerate() {
            if allocatable[i] == 0 {
                continue;
            }
            let s = resource_score(requested[i], allocatable[i]);
            if s > 0 {
                score += s * weight;
                weights += weight;
            }
        }
        if weights == 0 {
            0
        } else {
            (score as f64 / weights as f64).round() as i64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_linear_function() {
        // upstream TestBrokenLinearFunction: (shape, [(p, expected)])
        type Points = Vec<(i64, i64)>;
        let cases: Vec<(Points, Points)> = vec![
            (
                vec![(10, 1), (90, 9)],
                vec![
                    (-10, 1),
                    (0, 1),
                    (9, 1),
                    (10, 1),
                    (15, 1),
                    (19, 1),
                    (20, 2),
                    (89, 8),
                    (90, 9),
                    (99, 9),
                    (100, 9),
                    (110, 9),
                ],
            ),
            (
                vec![(0, 2), (40, 10), (100, 0)],
                vec![
                    (-10, 2),
                    (0, 2),
                    (20, 6),
                    (30, 8),
                    (40, 10),
                    (70, 5),
                    (100, 0),
                    (110, 0),
                ],
            ),
            (
                vec![(0, 2), (40, 2), (100, 2)],
                vec![
                    (-10, 2),
                    (0, 2),
                    (20, 2),
                    (30, 2),
                    (40, 2),
                    (70, 2),
                    (100, 2),
                    (110, 2),
                ],
            ),
        ];
        for (shape, points) in cases {
            for (p, want) in points {
                assert_eq!(broken_linear(&shape, p), want, "shape {shape:?} at {p}");
            }
        }
    }

    #[test]
    fn single_resource_scores() {
        assert_eq!(least_requested_score(3000, 4000), 25);
        assert_eq!(least_requested_score(6000, 4000), 0);
        assert_eq!(least_requested_score(1, 0), 0);
        assert_eq!(most_requested_score(3000, 4000), 75);
        assert_eq!(most_requested_score(300, 250), 100);
        assert_eq!(most_requested_score(1, 0), 0);
    }

    #[test]
    fn shape_validation() {
        let mut errs = vec![];
        validate_shape(&[], "scoringStrategy.shape", &mut errs);
        assert_eq!(errs[0].kind, FieldErrorKind::Required);
        let mut errs = vec![];
        validate_shape(&[(10, 1), (10, 2), (101, 11)], "s", &mut errs);
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["s[1].utilization", "s[2].utilization", "s[2].score"]);
    }
}
