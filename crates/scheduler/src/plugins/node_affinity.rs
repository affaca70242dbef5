//! NodeAffinity (upstream `plugins/nodeaffinity`).
//!
//! - PreFilter: Skip when the pod has no `nodeSelector`, no required node affinity and the profile
//!   adds none. When every required term pins `metadata.name` with `In`, the result narrows the
//!   nodes to the union over terms (intersection within a term); an empty union is
//!   `UnschedulableAndUnresolvable` "pod affinity terms conflict".
//! - Filter: the profile's `addedAffinity` first ("node(s) didn't match scheduler-enforced node
//!   affinity"), then `spec.nodeSelector` AND the required affinity ("node(s) didn't match Pod's node
//!   affinity/selector"); both `UnschedulableAndUnresolvable`.
//! - PreScore/Score: the sum of the weights of the preferred terms the node matches (the pod's and
//!   the profile's), normalized so the best node gets 100. PreScore skips pods with nothing
//!   preferred.
//!
//! Term matching lives in [`helpers::node_selector`](crate::plugins::helpers::node_selector).

use std::collections::BTreeSet;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{self as core, Pod};

use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, NodeScore, Plugin, PodInfo, PreFilterPlugin, PreFilterResult,
    PreScorePlugin, ScorePlugin, Snapshot, Status, MAX_NODE_SCORE,
};
use crate::plugins::helpers::node_selector::{
    NodeSelectorError, NodeSelectorMatcher, PreferredSchedulingTerms, RequiredNodeAffinity, OBJECT_NAME_FIELD,
};
use crate::plugins::helpers::normalize_score::default_normalize_score;

pub const NAME: &str = crate::plugins::names::NODE_AFFINITY;

/// Filter reason: the pod's own selector or required affinity does not match.
pub const ERR_REASON_POD: &str = "node(s) didn't match Pod's node affinity/selector";
/// Filter reason: the profile's `addedAffinity` does not match.
pub const ERR_REASON_ENFORCED: &str = "node(s) didn't match scheduler-enforced node affinity";
/// PreFilter reason: the `metadata.name` terms leave no node.
pub const ERR_REASON_CONFLICT: &str = "pod affinity terms conflict";

pub const PRE_FILTER_STATE_KEY: &str = "PreFilterNodeAffinity";
pub const PRE_SCORE_STATE_KEY: &str = "PreScoreNodeAffinity";

/// What PreFilter parses once for Filter.
#[derive(Debug, Clone)]
pub struct PreFilterState {
    pub required: RequiredNodeAffinity,
}

/// What PreScore parses once for Score.
#[derive(Debug, Clone)]
pub struct PreScoreState {
    pub preferred: Option<PreferredSchedulingTerms>,
}

/// The NodeAffinity plugin (PreFilter, Filter, PreScore, Score with normalization).
#[derive(Debug, Clone, Default)]
pub struct NodeAffinity {
    /// `NodeAffinityArgs.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution`.
    added_node_selector: Option<NodeSelectorMatcher>,
    /// `NodeAffinityArgs.addedAffinity.preferredDuringSchedulingIgnoredDuringExecution`.
    added_preferred: Option<PreferredSchedulingTerms>,
}

impl NodeAffinity {
    /// The plugin with no profile-added affinity (the default configuration).
    pub fn new() -> NodeAffinity {
        NodeAffinity::default()
    }

    /// The plugin with `NodeAffinityArgs.addedAffinity`, applied to every pod of the profile.
    /// Terms that do not parse are a configuration error.
    pub fn with_added_affinity(added: &core::NodeAffinity) -> Result<NodeAffinity, NodeSelectorError> {
        let added_node_selector = added
            .required_during_scheduling_ignored_during_execution
            .as_ref()
            .map(NodeSelectorMatcher::parse)
            .transpose()?;
        let added_preferred = added
            .preferred_during_scheduling_ignored_during_execution
            .as_deref()
            .filter(|t| !t.is_empty())
            .map(PreferredSchedulingTerms::parse)
            .transpose()?;
        Ok(NodeAffinity {
            added_node_selector,
            added_preferred,
        })
    }
}

fn node_affinity(pod: &Pod) -> Option<&core::NodeAffinity> {
    pod.spec
        .as_ref()
        .and_then(|s| s.affinity.as_ref())
        .and_then(|a| a.node_affinity.as_ref())
}

fn required_terms(pod: &Pod) -> Option<&core::NodeSelector> {
    node_affinity(pod).and_then(|na| na.required_during_scheduling_ignored_during_execution.as_ref())
}

fn preferred_terms(pod: &Pod) -> Result<Option<PreferredSchedulingTerms>, NodeSelectorError> {
    node_affinity(pod)
        .and_then(|na| na.preferred_during_scheduling_ignored_during_execution.as_deref())
        .map(PreferredSchedulingTerms::parse)
        .transpose()
}

/// The node names the required terms allow, if every term pins `metadata.name` with `In`:
/// None when some term does not (any node may match it); otherwise the union over terms of the
/// intersection within each term.
fn node_names_from_terms(selector: &core::NodeSelector) -> Option<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for term in &selector.node_selector_terms {
        let mut term_names: Option<BTreeSet<String>> = None;
        for r in term.match_fields.iter().flatten() {
            if r.key != OBJECT_NAME_FIELD || r.operator != "In" {
                continue;
            }
            let values: BTreeSet<String> = r.values.iter().flatten().cloned().collect();
            term_names = Some(match term_names {
                None => values,
                Some(prev) => prev.intersection(&values).cloned().collect(),
            });
        }
        names.extend(term_names?);
    }
    Some(names)
}

impl Plugin for NodeAffinity {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PreFilterPlugin for NodeAffinity {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        let required = required_terms(&pod.pod);
        let has_node_selector = pod.pod.spec.as_ref().is_some_and(|s| s.node_selector.is_some());
        if required.is_none() && self.added_node_selector.is_none() && !has_node_selector {
            return (None, Status::skip());
        }
        state.write(
            PRE_FILTER_STATE_KEY,
            PreFilterState {
                required: RequiredNodeAffinity::from_pod(&pod.pod),
            },
        );
        let Some(required) = required.filter(|r| !r.node_selector_terms.is_empty()) else {
            return (None, Status::success());
        };
        match node_names_from_terms(required) {
            None => (None, Status::success()),
            Some(names) if names.is_empty() => (None, Status::unresolvable(ERR_REASON_CONFLICT)),
            Some(names) => (
                Some(PreFilterResult {
                    node_names: Some(names),
                }),
                Status::success(),
            ),
        }
    }
}

impl FilterPlugin for NodeAffinity {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        if let Some(added) = &self.added_node_selector {
            if !added.matches(&node.node) {
                return Status::unresolvable(ERR_REASON_ENFORCED);
            }
        }
        // Without PreFilter (disabled, or preemption calling Filter directly), parse here.
        let matched = match state.read::<PreFilterState>(PRE_FILTER_STATE_KEY) {
            Some(s) => s.required.matches(&node.node),
            None => RequiredNodeAffinity::from_pod(&pod.pod).matches(&node.node),
        };
        if matched {
            Status::success()
        } else {
            Status::unresolvable(ERR_REASON_POD)
        }
    }
}

impl PreScorePlugin for NodeAffinity {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _nodes: &[Arc<NodeInfo>],
        _snapshot: &Snapshot,
    ) -> Status {
        let preferred = match preferred_terms(&pod.pod) {
            Ok(p) => p,
            Err(e) => return Status::error(e.to_string()),
        };
        if preferred.is_none() && self.added_preferred.is_none() {
            return Status::skip();
        }
        state.write(PRE_SCORE_STATE_KEY, PreScoreState { preferred });
        Status::success()
    }
}

impl ScorePlugin for NodeAffinity {
    fn score(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        let mut count = self.added_preferred.as_ref().map_or(0, |p| p.score(&node.node));
        match state.read::<PreScoreState>(PRE_SCORE_STATE_KEY) {
            Some(s) => count += s.preferred.as_ref().map_or(0, |p| p.score(&node.node)),
            // Without PreScore, parse here.
            None => {
                let preferred = preferred_terms(&pod.pod).map_err(|e| Status::error(e.to_string()))?;
                count += preferred.map_or(0, |p| p.score(&node.node));
            }
        }
        Ok(count)
    }

    fn normalize(&self, _state: &CycleState, _pod: &PodInfo, scores: &mut [NodeScore]) -> Status {
        default_normalize_score(MAX_NODE_SCORE, false, scores);
        Status::success()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use crate::framework::Code;
    use k8s_openapi::api::core::v1::{
        Affinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm,
    };

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| v.to_string()).collect()),
        }
    }

    /// A term from label expressions and `metadata.name In [name]` fields.
    fn term(exprs: Vec<NodeSelectorRequirement>, names: &[&[&str]]) -> NodeSelectorTerm {
        let fields: Vec<NodeSelectorRequirement> =
            names.iter().map(|n| req(OBJECT_NAME_FIELD, "In", n)).collect();
        NodeSelectorTerm {
            match_expressions: Some(exprs),
            match_fields: (!fields.is_empty()).then_some(fields),
        }
    }

    fn with_affinity(b: PodBuilder, na: core::NodeAffinity) -> PodBuilder {
        b.with_spec(|s| {
            s.affinity = Some(Affinity {
                node_affinity: Some(na),
                ..Default::default()
            })
        })
    }

    fn required(terms: Vec<NodeSelectorTerm>) -> core::NodeAffinity {
        core::NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: terms,
            }),
            ..Default::default()
        }
    }

    fn preferred(terms: &[(i32, Vec<NodeSelectorRequirement>)]) -> core::NodeAffinity {
        core::NodeAffinity {
            preferred_during_scheduling_ignored_during_execution: Some(
                terms
                    .iter()
                    .map(|(w, exprs)| PreferredSchedulingTerm {
                        weight: *w,
                        preference: term(exprs.clone(), &[]),
                    })
                    .collect(),
            ),
            ..Default::default()
        }
    }

    fn node(name: &str, labels: &[(&str, &str)]) -> NodeInfo {
        NodeInfo::new(
            labels
                .iter()
                .fold(NodeBuilder::new(name), |b, (k, v)| b.label(k, v))
                .build(),
        )
    }

    fn names(n: &[&str]) -> Option<PreFilterResult> {
        Some(PreFilterResult {
            node_names: Some(n.iter().map(|s| s.to_string()).collect()),
        })
    }

    struct FilterCase {
        name: &'static str,
        pod: PodBuilder,
        node: &'static str,
        labels: &'static [(&'static str, &'static str)],
        want_pre_filter: Code,
        want_result: Option<PreFilterResult>,
        /// Filter rejection reason; None = fits.
        want: Option<&'static str>,
    }

    fn case(
        name: &'static str,
        pod: PodBuilder,
        node: &'static str,
        labels: &'static [(&'static str, &'static str)],
        want: Option<&'static str>,
    ) -> FilterCase {
        FilterCase {
            name,
            pod,
            node,
            labels,
            want_pre_filter: Code::Success,
            want_result: None,
            want,
        }
    }

    fn filter_cases() -> Vec<FilterCase> {
        let p = || PodBuilder::new("p");
        let no = Some(ERR_REASON_POD);
        vec![
            case("missing labels", p().node_selector("foo", "bar"), "n", &[], no),
            case(
                "same labels",
                p().node_selector("foo", "bar"),
                "n",
                &[("foo", "bar")],
                None,
            ),
            case(
                "node labels are a superset",
                p().node_selector("foo", "bar"),
                "n",
                &[("foo", "bar"), ("baz", "blah")],
                None,
            ),
            case(
                "node labels are a subset",
                p().node_selector("foo", "bar").node_selector("baz", "blah"),
                "n",
                &[("foo", "bar")],
                no,
            ),
            case(
                "In matches",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("foo", "In", &["bar", "value2"])], &[])]),
                ),
                "n",
                &[("foo", "bar")],
                None,
            ),
            case(
                "Gt matches",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("kernel-version", "Gt", &["0204"])], &[])]),
                ),
                "n",
                &[("kernel-version", "0206")],
                None,
            ),
            case(
                "Gt against a non-integer label",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("kernel-version", "Gt", &["0204"])], &[])]),
                ),
                "n",
                &[("kernel-version", "6.1")],
                no,
            ),
            case(
                "Lt with a non-integer value never matches",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("kernel-version", "Lt", &["x"])], &[])]),
                ),
                "n",
                &[("kernel-version", "1")],
                no,
            ),
            case(
                "NotIn matches",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("mem-type", "NotIn", &["DDR", "DDR2"])], &[])]),
                ),
                "n",
                &[("mem-type", "DDR3")],
                None,
            ),
            case(
                "Exists matches",
                with_affinity(p(), required(vec![term(vec![req("GPU", "Exists", &[])], &[])])),
                "n",
                &[("GPU", "NVIDIA-GRID-K1")],
                None,
            ),
            case(
                "In does not match",
                with_affinity(
                    p(),
                    required(vec![term(vec![req("foo", "In", &["value1", "value2"])], &[])]),
                ),
                "n",
                &[("foo", "bar")],
                no,
            ),
            case(
                "an empty term matches nothing",
                with_affinity(p(), required(vec![term(vec![], &[])])),
                "n",
                &[("foo", "bar")],
                no,
            ),
            case(
                "no terms match nothing",
                with_affinity(p(), required(vec![])),
                "n",
                &[("foo", "bar")],
                no,
            ),
            FilterCase {
                want_pre_filter: Code::Skip,
                ..case("no affinity", p(), "n", &[("foo", "bar")], None)
            },
            FilterCase {
                want_pre_filter: Code::Skip,
                ..case(
                    "affinity without required terms",
                    with_affinity(p(), core::NodeAffinity::default()),
                    "n",
                    &[("foo", "bar")],
                    None,
                )
            },
            case(
                "expressions ANDed, all match",
                with_affinity(
                    p(),
                    required(vec![term(
                        vec![req("GPU", "Exists", &[]), req("GPU", "NotIn", &["AMD", "INTER"])],
                        &[],
                    )]),
                ),
                "n",
                &[("GPU", "NVIDIA-GRID-K1")],
                None,
            ),
            case(
                "expressions ANDed, one fails",
                with_affinity(
                    p(),
                    required(vec![term(
                        vec![req("GPU", "Exists", &[]), req("GPU", "In", &["AMD", "INTER"])],
                        &[],
                    )]),
                ),
                "n",
                &[("GPU", "NVIDIA-GRID-K1")],
                no,
            ),
            case(
                "terms ORed, one matches",
                with_affinity(
                    p(),
                    required(vec![
                        term(vec![req("foo", "In", &["bar", "value2"])], &[]),
                        term(vec![req("diffkey", "In", &["wrong", "value2"])], &[]),
                    ]),
                ),
                "n",
                &[("foo", "bar")],
                None,
            ),
            case(
                "nodeSelector and affinity both satisfied",
                with_affinity(
                    p().node_selector("foo", "bar"),
                    required(vec![term(vec![req("foo", "Exists", &[])], &[])]),
                ),
                "n",
                &[("foo", "bar")],
                None,
            ),
            case(
                "affinity satisfied but nodeSelector not",
                with_affinity(
                    p().node_selector("foo", "bar"),
                    required(vec![term(vec![req("foo", "Exists", &[])], &[])]),
                ),
                "n",
                &[("foo", "barrrrrr")],
                no,
            ),
            case(
                "nodeSelector satisfied but affinity not",
                with_affinity(
                    p().node_selector("foo", "bar"),
                    required(vec![term(vec![req("zone", "Exists", &[])], &[])]),
                ),
                "n",
                &[("foo", "bar")],
                no,
            ),
            case(
                "an invalid value in a term",
                with_affinity(
                    p(),
                    required(vec![term(
                        vec![req("foo", "NotIn", &["invalid value: ___@#$%^"])],
                        &[],
                    )]),
                ),
                "n",
                &[("foo", "bar")],
                no,
            ),
            FilterCase {
                want_result: names(&["node1"]),
                ..case(
                    "matchFields In matches",
                    with_affinity(p(), required(vec![term(vec![], &[&["node1"]])])),
                    "node1",
                    &[],
                    None,
                )
            },
            FilterCase {
                want_result: names(&["node1"]),
                ..case(
                    "matchFields In does not match",
                    with_affinity(p(), required(vec![term(vec![], &[&["node1"]])])),
                    "node2",
                    &[],
                    no,
                )
            },
            case(
                "two terms: conflicting matchFields, but the expression term matches",
                with_affinity(
                    p(),
                    required(vec![
                        term(vec![], &[&["node1"], &["node2"]]),
                        term(vec![req("foo", "In", &["bar"])], &[]),
                    ]),
                ),
                "node2",
                &[("foo", "bar")],
                None,
            ),
            FilterCase {
                want_result: names(&["node1"]),
                ..case(
                    "one term: matchFields does not match, matchExpressions does",
                    with_affinity(
                        p(),
                        required(vec![term(vec![req("foo", "In", &["bar"])], &[&["node1"]])]),
                    ),
                    "node2",
                    &[("foo", "bar")],
                    no,
                )
            },
            FilterCase {
                want_result: names(&["node1"]),
                ..case(
                    "one term: both matchFields and matchExpressions match",
                    with_affinity(
                        p(),
                        required(vec![term(vec![req("foo", "In", &["bar"])], &[&["node1"]])]),
                    ),
                    "node1",
                    &[("foo", "bar")],
                    None,
                )
            },
            case(
                "two terms: neither matches",
                with_affinity(
                    p(),
                    required(vec![
                        term(vec![], &[&["node1"]]),
                        term(vec![req("foo", "In", &["not-match-to-bar"])], &[]),
                    ]),
                ),
                "node2",
                &[("foo", "bar")],
                no,
            ),
            FilterCase {
                want_result: names(&["node1", "node2"]),
                ..case(
                    "two terms of node names: the union",
                    with_affinity(
                        p(),
                        required(vec![term(vec![], &[&["node1"]]), term(vec![], &[&["node2"]])]),
                    ),
                    "node2",
                    &[],
                    None,
                )
            },
            FilterCase {
                want_pre_filter: Code::UnschedulableAndUnresolvable,
                ..case(
                    "conflicting name requirements in one term",
                    with_affinity(p(), required(vec![term(vec![], &[&["node1"], &["node2"]])])),
                    "node2",
                    &[("foo", "bar")],
                    no,
                )
            },
            FilterCase {
                want_result: names(&["node2"]),
                ..case(
                    "intersection within a term",
                    with_affinity(
                        p(),
                        required(vec![term(vec![], &[&["node1", "node2"], &["node2", "node3"]])]),
                    ),
                    "node2",
                    &[],
                    // `In` with two values does not parse as a field selector: Filter rejects.
                    no,
                )
            },
            case(
                "NotIn on metadata.name does not narrow",
                with_affinity(
                    p(),
                    required(vec![NodeSelectorTerm {
                        match_fields: Some(vec![req(OBJECT_NAME_FIELD, "NotIn", &["node1"])]),
                        ..Default::default()
                    }]),
                ),
                "node2",
                &[],
                None,
            ),
            case(
                "empty nodeSelector map is not skipped and matches",
                p().with_spec(|s| s.node_selector = Some(Default::default())),
                "n",
                &[],
                None,
            ),
        ]
    }

    #[test]
    fn pre_filter_and_filter() {
        for c in filter_cases() {
            let pod = PodInfo::new(c.pod.build());
            let node = node(c.node, c.labels);
            let mut state = CycleState::default();
            let (result, st) = NodeAffinity::new().pre_filter(&mut state, &pod, &Snapshot::default());
            assert_eq!(st.code, c.want_pre_filter, "{}: prefilter {st:?}", c.name);
            if c.want_pre_filter == Code::UnschedulableAndUnresolvable {
                assert_eq!(st.message(), ERR_REASON_CONFLICT, "{}", c.name);
            }
            assert_eq!(result, c.want_result, "{}", c.name);
            let want = c.want.map_or_else(Status::success, Status::unresolvable);
            assert_eq!(
                NodeAffinity::new().filter(&state, &pod, &node),
                want,
                "{}",
                c.name
            );
            // Filter without PreFilter state parses the pod itself and agrees.
            let fresh = CycleState::default();
            assert_eq!(
                NodeAffinity::new().filter(&fresh, &pod, &node),
                want,
                "{} (no prefilter)",
                c.name
            );
        }
    }

    #[test]
    fn added_affinity() {
        let zone = |v: &str| term(vec![req("zone", "In", &[v])], &[]);
        let pl = NodeAffinity::with_added_affinity(&required(vec![term(vec![], &[&["node2"]])])).unwrap();
        // (name, pod, want)
        let cases = [
            (
                "matches added and pod affinity",
                with_affinity(PodBuilder::new("p"), required(vec![zone("foo")])),
                None,
            ),
            (
                "matches added but not pod affinity",
                with_affinity(PodBuilder::new("p"), required(vec![zone("bar")])),
                Some(ERR_REASON_POD),
            ),
        ];
        for (name, pod, want) in cases {
            let pod = PodInfo::new(pod.build());
            let mut state = CycleState::default();
            let (_, st) = pl.pre_filter(&mut state, &pod, &Snapshot::default());
            assert!(st.is_success(), "{name}");
            let got = pl.filter(&state, &pod, &node("node2", &[("zone", "foo")]));
            assert_eq!(
                got,
                want.map_or_else(Status::success, Status::unresolvable),
                "{name}"
            );
        }
        let enforced = NodeAffinity::with_added_affinity(&required(vec![zone("bar")])).unwrap();
        let pod = PodInfo::new(PodBuilder::new("p").build());
        let mut state = CycleState::default();
        let (_, st) = enforced.pre_filter(&mut state, &pod, &Snapshot::default());
        assert!(st.is_success(), "added affinity: no Skip");
        assert_eq!(
            enforced.filter(&state, &pod, &node("node2", &[("zone", "foo")])),
            Status::unresolvable(ERR_REASON_ENFORCED)
        );
        let bad = NodeAffinity::with_added_affinity(&required(vec![term(vec![req("a", "Gt", &["x"])], &[])]));
        assert!(bad.is_err());
    }

    fn scores(
        pl: &NodeAffinity,
        pod: PodBuilder,
        nodes: &[(&str, &[(&str, &str)])],
        pre_score: bool,
    ) -> (Code, Vec<i64>) {
        let pod = PodInfo::new(pod.build());
        let nodes: Vec<Arc<NodeInfo>> = nodes.iter().map(|(n, l)| Arc::new(node(n, l))).collect();
        let mut state = CycleState::default();
        let code = if pre_score {
            pl.pre_score(&mut state, &pod, &nodes, &Snapshot::default()).code
        } else {
            Code::Success
        };
        let mut list: Vec<NodeScore> = nodes
            .iter()
            .map(|n| NodeScore {
                name: n.name().into(),
                score: pl.score(&state, &pod, n).unwrap(),
            })
            .collect();
        assert!(pl.normalize(&state, &pod, &mut list).is_success());
        (code, list.iter().map(|s| s.score).collect())
    }

    type Labels = &'static [(&'static str, &'static str)];
    /// (name, plugin, pod, nodes with labels, run PreScore, want PreScore code, want scores)
    type ScoreCase<'a> = (
        &'a str,
        &'a NodeAffinity,
        PodBuilder,
        Vec<(&'a str, Labels)>,
        bool,
        Code,
        Vec<i64>,
    );

    #[test]
    fn score() {
        let label1: Labels = &[("foo", "bar")];
        let label2: Labels = &[("key", "value")];
        let label3: Labels = &[("az", "az1")];
        let label4: Labels = &[("abc", "az11"), ("def", "az22")];
        let label5: Labels = &[("foo", "bar"), ("key", "value"), ("az", "az1")];
        let affinity1 = || preferred(&[(2, vec![req("foo", "In", &["bar"])])]);
        let affinity2 = || {
            preferred(&[
                (2, vec![req("foo", "In", &["bar"])]),
                (4, vec![req("key", "In", &["value"])]),
                (
                    5,
                    vec![
                        req("foo", "In", &["bar"]),
                        req("key", "In", &["value"]),
                        req("az", "In", &["az1"]),
                    ],
                ),
            ])
        };
        let p = || PodBuilder::new("p");
        let pl = NodeAffinity::new();
        // (name, plugin, pod, nodes, run PreScore, want PreScore code, want scores) — upstream
        // TestNodeAffinityPriority.
        let added = NodeAffinity::with_added_affinity(&affinity1()).unwrap();
        let added3 =
            NodeAffinity::with_added_affinity(&preferred(&[(3, vec![req("key", "In", &["value"])])]))
                .unwrap();
        let cases: Vec<ScoreCase> = vec![
            (
                "no node affinity: PreScore skips, all zero",
                &pl,
                p(),
                vec![("node1", label1), ("node2", label2), ("node3", label3)],
                true,
                Code::Skip,
                vec![0, 0, 0],
            ),
            (
                "no node matches the preferred terms",
                &pl,
                with_affinity(p(), affinity1()),
                vec![("node1", label4), ("node2", label2), ("node3", label3)],
                true,
                Code::Success,
                vec![0, 0, 0],
            ),
            (
                "only node1 matches",
                &pl,
                with_affinity(p(), affinity1()),
                vec![("node1", label1), ("node2", label2), ("node3", label3)],
                true,
                Code::Success,
                vec![100, 0, 0],
            ),
            (
                "all match with different weights",
                &pl,
                with_affinity(p(), affinity2()),
                vec![("node1", label1), ("node5", label5), ("node2", label2)],
                true,
                Code::Success,
                vec![18, 100, 36],
            ),
            (
                "added affinity",
                &added,
                p(),
                vec![("node1", label1), ("node2", label2)],
                true,
                Code::Success,
                vec![100, 0],
            ),
            (
                "added affinity and pod affinity add up",
                &added3,
                with_affinity(p(), affinity1()),
                vec![("node1", label1), ("node2", label2), ("node3", label5)],
                true,
                Code::Success,
                vec![40, 60, 100],
            ),
            (
                "correct even without PreScore",
                &pl,
                with_affinity(p(), affinity2()),
                vec![("node1", label1), ("node5", label5), ("node2", label2)],
                false,
                Code::Success,
                vec![18, 100, 36],
            ),
        ];
        for (name, pl, pod, nodes, pre, want_code, want) in cases {
            let (code, got) = scores(pl, pod, &nodes, pre);
            assert_eq!(code, want_code, "{name}");
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn unparseable_preferred_terms_are_an_error() {
        let pod = PodInfo::new(
            with_affinity(
                PodBuilder::new("p"),
                preferred(&[(1, vec![req("a", "Gt", &["x"])])]),
            )
            .build(),
        );
        let mut state = CycleState::default();
        let st = NodeAffinity::new().pre_score(&mut state, &pod, &[], &Snapshot::default());
        assert_eq!(st.code, Code::Error);
        assert_eq!(
            st.message(),
            "[0].matchExpressions[0].values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the \
             value must be an integer"
        );
    }
}
