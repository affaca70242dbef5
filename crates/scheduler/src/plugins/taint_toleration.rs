//! TaintToleration (upstream `plugins/tainttoleration`).
//!
//! - Filter: the first `NoSchedule` / `NoExecute` taint the pod does not tolerate rejects the node,
//!   `UnschedulableAndUnresolvable`, with the 1.24–1.33 reason naming the taint's key and value.
//! - PreScore keeps the pod's tolerations whose effect is `PreferNoSchedule` or empty; Score counts
//!   the node's `PreferNoSchedule` taints none of them tolerates; NormalizeScore reverses, so the
//!   node with the fewest gets 100.
//!
//! Matching rules live in [`helpers::taints`](crate::plugins::helpers::taints).

use std::sync::Arc;

use k8s_openapi::api::core::v1::{Taint, Toleration};

use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, NodeScore, Plugin, PodInfo, PreScorePlugin, ScorePlugin, Snapshot,
    Status, MAX_NODE_SCORE,
};
use crate::plugins::helpers::normalize_score::default_normalize_score;
use crate::plugins::helpers::taints::{
    find_matching_untolerated_taint, is_do_not_schedule_taint, node_taints, tolerations_tolerate_taint,
    EFFECT_PREFER_NO_SCHEDULE,
};

pub const NAME: &str = crate::plugins::names::TAINT_TOLERATION;

/// Cycle state key of the pod's PreferNoSchedule tolerations.
pub const PRE_SCORE_STATE_KEY: &str = "PreScoreTaintToleration";

/// Upstream's Filter reason: `node(s) had untolerated taint {<key>: <value>}`.
pub fn untolerated_taint_reason(taint: &Taint) -> String {
    format!(
        "node(s) had untolerated taint {{{}: {}}}",
        taint.key,
        taint.value.as_deref().unwrap_or_default()
    )
}

/// What PreScore keeps for Score: the tolerations that can tolerate a PreferNoSchedule taint.
#[derive(Debug, Clone)]
pub struct PreScoreState {
    pub tolerations_prefer_no_schedule: Vec<Toleration>,
}

fn pod_tolerations(pod: &PodInfo) -> &[Toleration] {
    pod.pod
        .spec
        .as_ref()
        .and_then(|s| s.tolerations.as_deref())
        .unwrap_or_default()
}

/// The TaintToleration plugin (Filter, PreScore, Score with reverse normalization).
#[derive(Debug, Clone, Copy, Default)]
pub struct TaintToleration;

impl TaintToleration {
    pub fn new() -> TaintToleration {
        TaintToleration
    }
}

impl Plugin for TaintToleration {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for TaintToleration {
    fn filter(&self, _state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        match find_matching_untolerated_taint(
            node_taints(&node.node),
            pod_tolerations(pod),
            is_do_not_schedule_taint,
        ) {
            None => Status::success(),
            Some(taint) => Status::unresolvable(untolerated_taint_reason(taint)),
        }
    }
}

impl PreScorePlugin for TaintToleration {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _nodes: &[Arc<NodeInfo>],
        _snapshot: &Snapshot,
    ) -> Status {
        // An empty effect means every effect, PreferNoSchedule included.
        let tolerations = pod_tolerations(pod)
            .iter()
            .filter(|t| {
                let effect = t.effect.as_deref().unwrap_or_default();
                effect.is_empty() || effect == EFFECT_PREFER_NO_SCHEDULE
            })
            .cloned()
            .collect();
        state.write(
            PRE_SCORE_STATE_KEY,
            PreScoreState {
                tolerations_prefer_no_schedule: tolerations,
            },
        );
        Status::success()
    }
}

impl ScorePlugin for TaintToleration {
    fn score(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        let s = state.read::<PreScoreState>(PRE_SCORE_STATE_KEY).ok_or_else(|| {
            Status::error(format!(
                "failed to read {PRE_SCORE_STATE_KEY:?} from cycleState: not found"
            ))
        })?;
        let intolerable = node_taints(&node.node)
            .iter()
            .filter(|t| t.effect == EFFECT_PREFER_NO_SCHEDULE)
            .filter(|t| !tolerations_tolerate_taint(&s.tolerations_prefer_no_schedule, t))
            .count();
        Ok(intolerable as i64)
    }

    fn normalize(&self, _state: &CycleState, _pod: &PodInfo, scores: &mut [NodeScore]) -> Status {
        default_normalize_score(MAX_NODE_SCORE, true, scores);
        Status::success()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};

    /// (key, operator, value, effect)
    type Tol = (&'static str, &'static str, &'static str, &'static str);
    /// (key, value, effect)
    type Tnt = (&'static str, &'static str, &'static str);
    /// (name, tolerations, taints, want rejection reason)
    type FilterCase = (&'static str, &'static [Tol], &'static [Tnt], Option<&'static str>);
    /// (name, tolerations, each node's taints, want normalized scores)
    type ScoreCase = (
        &'static str,
        &'static [Tol],
        &'static [&'static [Tnt]],
        &'static [i64],
    );

    fn pod(tols: &[Tol]) -> PodInfo {
        let b = tols.iter().fold(PodBuilder::new("pod1"), |b, (k, o, v, e)| {
            b.toleration(k, o, v, e)
        });
        PodInfo::new(b.build())
    }

    fn node(name: &str, taints: &[Tnt]) -> NodeInfo {
        let b = taints
            .iter()
            .fold(NodeBuilder::new(name), |b, (k, v, e)| b.taint(k, v, e));
        NodeInfo::new(b.build())
    }

    #[test]
    fn filter() {
        // (name, tolerations, taints, want reason) — upstream TestTaintTolerationFilter plus
        // empty-effect / empty-key cases.
        let cases: &[FilterCase] = &[
            (
                "no tolerations, NoSchedule taint",
                &[],
                &[("dedicated", "user1", "NoSchedule")],
                Some("node(s) had untolerated taint {dedicated: user1}"),
            ),
            (
                "toleration for user1 (default operator)",
                &[("dedicated", "", "user1", "NoSchedule")],
                &[("dedicated", "user1", "NoSchedule")],
                None,
            ),
            (
                "toleration for user2 on a user1 node",
                &[("dedicated", "Equal", "user2", "NoSchedule")],
                &[("dedicated", "user1", "NoSchedule")],
                Some("node(s) had untolerated taint {dedicated: user1}"),
            ),
            (
                "Exists tolerates any value",
                &[("foo", "Exists", "", "NoSchedule")],
                &[("foo", "bar", "NoSchedule")],
                None,
            ),
            (
                "multiple tolerations cover multiple taints",
                &[
                    ("dedicated", "Equal", "user2", "NoSchedule"),
                    ("foo", "Exists", "", "NoSchedule"),
                ],
                &[("dedicated", "user2", "NoSchedule"), ("foo", "bar", "NoSchedule")],
                None,
            ),
            (
                "key and value match but the (non-empty) effect does not",
                &[("foo", "Equal", "bar", "PreferNoSchedule")],
                &[("foo", "bar", "NoSchedule")],
                Some("node(s) had untolerated taint {foo: bar}"),
            ),
            (
                "empty toleration effect matches NoSchedule",
                &[("foo", "Equal", "bar", "")],
                &[("foo", "bar", "NoSchedule")],
                None,
            ),
            (
                "PreferNoSchedule taints do not filter",
                &[("dedicated", "Equal", "user2", "NoSchedule")],
                &[("dedicated", "user1", "PreferNoSchedule")],
                None,
            ),
            (
                "no tolerations, only PreferNoSchedule",
                &[],
                &[("dedicated", "user1", "PreferNoSchedule")],
                None,
            ),
            (
                "NoExecute taints filter",
                &[],
                &[("node.kubernetes.io/unreachable", "", "NoExecute")],
                Some("node(s) had untolerated taint {node.kubernetes.io/unreachable: }"),
            ),
            (
                "a taint without a value prints an empty value",
                &[],
                &[("node-role.kubernetes.io/control-plane", "", "NoSchedule")],
                Some("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
            ),
            (
                "empty key with Exists tolerates everything",
                &[("", "Exists", "", "")],
                &[("a", "1", "NoSchedule"), ("b", "", "NoExecute")],
                None,
            ),
            (
                "empty key with Exists for NoSchedule leaves NoExecute",
                &[("", "Exists", "", "NoSchedule")],
                &[("a", "1", "NoSchedule"), ("b", "2", "NoExecute")],
                Some("node(s) had untolerated taint {b: 2}"),
            ),
            (
                "the first untolerated taint is reported",
                &[],
                &[
                    ("soft", "x", "PreferNoSchedule"),
                    ("first", "1", "NoSchedule"),
                    ("second", "2", "NoSchedule"),
                ],
                Some("node(s) had untolerated taint {first: 1}"),
            ),
            (
                "Gt tolerations tolerate nothing in 1.33",
                &[("sla", "Gt", "750", "NoSchedule")],
                &[("sla", "950", "NoSchedule")],
                Some("node(s) had untolerated taint {sla: 950}"),
            ),
        ];
        for (name, tols, taints, want) in cases {
            let got = TaintToleration.filter(&CycleState::default(), &pod(tols), &node("n", taints));
            let want = want.map_or_else(Status::success, Status::unresolvable);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn score() {
        // (name, tolerations, nodes' taints, want normalized scores) — upstream TestTaintTolerationScore.
        let cases: &[ScoreCase] = &[
            (
                "tolerated node beats the intolerable one",
                &[("foo", "Equal", "bar", "PreferNoSchedule")],
                &[
                    &[("foo", "bar", "PreferNoSchedule")],
                    &[("foo", "blah", "PreferNoSchedule")],
                ],
                &[100, 0],
            ),
            (
                "the number of tolerated taints does not matter",
                &[
                    ("cpu-type", "Equal", "arm64", "PreferNoSchedule"),
                    ("disk-type", "Equal", "ssd", "PreferNoSchedule"),
                ],
                &[
                    &[],
                    &[("cpu-type", "arm64", "PreferNoSchedule")],
                    &[
                        ("cpu-type", "arm64", "PreferNoSchedule"),
                        ("disk-type", "ssd", "PreferNoSchedule"),
                    ],
                ],
                &[100, 100, 100],
            ),
            (
                "the more intolerable taints, the lower the score",
                &[("foo", "Equal", "bar", "PreferNoSchedule")],
                &[
                    &[],
                    &[("cpu-type", "arm64", "PreferNoSchedule")],
                    &[
                        ("cpu-type", "arm64", "PreferNoSchedule"),
                        ("disk-type", "ssd", "PreferNoSchedule"),
                    ],
                ],
                &[100, 50, 0],
            ),
            (
                "only PreferNoSchedule taints and tolerations count",
                &[
                    ("cpu-type", "Equal", "arm64", "NoSchedule"),
                    ("disk-type", "Equal", "ssd", "NoSchedule"),
                ],
                &[
                    &[],
                    &[("cpu-type", "arm64", "NoSchedule")],
                    &[
                        ("cpu-type", "arm64", "PreferNoSchedule"),
                        ("disk-type", "ssd", "PreferNoSchedule"),
                    ],
                ],
                &[100, 100, 0],
            ),
            (
                "no tolerations: lands on the node without taints",
                &[],
                &[&[], &[("cpu-type", "arm64", "PreferNoSchedule")]],
                &[100, 0],
            ),
            (
                "an empty-effect toleration counts for PreferNoSchedule",
                &[("cpu-type", "Exists", "", "")],
                &[
                    &[("cpu-type", "arm64", "PreferNoSchedule")],
                    &[("gpu", "", "PreferNoSchedule")],
                ],
                &[100, 0],
            ),
            (
                "an empty-key Exists toleration tolerates every PreferNoSchedule taint",
                &[("", "Exists", "", "")],
                &[
                    &[],
                    &[("a", "", "PreferNoSchedule"), ("b", "", "PreferNoSchedule")],
                ],
                &[100, 100],
            ),
        ];
        for (name, tols, taints, want) in cases {
            let pod = pod(tols);
            let nodes: Vec<Arc<NodeInfo>> = taints
                .iter()
                .enumerate()
                .map(|(i, t)| Arc::new(node(&format!("node{i}"), t)))
                .collect();
            let mut state = CycleState::default();
            let st = TaintToleration.pre_score(&mut state, &pod, &nodes, &Snapshot::default());
            assert!(st.is_success(), "{name}");
            let mut scores: Vec<NodeScore> = nodes
                .iter()
                .map(|n| NodeScore {
                    name: n.name().to_string(),
                    score: TaintToleration.score(&state, &pod, n).unwrap(),
                })
                .collect();
            assert!(TaintToleration.normalize(&state, &pod, &mut scores).is_success());
            let got: Vec<i64> = scores.iter().map(|s| s.score).collect();
            assert_eq!(&got, want, "{name}");
        }
    }

    #[test]
    fn score_without_pre_score_is_an_error() {
        let got = TaintToleration.score(&CycleState::default(), &pod(&[]), &node("n", &[]));
        assert_eq!(
            got,
            Err(Status::error(
                "failed to read \"PreScoreTaintToleration\" from cycleState: not found"
            ))
        );
    }
}
