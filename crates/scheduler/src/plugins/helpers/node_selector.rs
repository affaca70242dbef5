//! Node selector matching (upstream `k8s.io/component-helpers/scheduling/corev1/nodeaffinity`).
//!
//! - `nodeSelectorTerms` are ORed; a term with neither `matchExpressions` nor `matchFields` matches
//!   nothing.
//! - Within a term, the expressions and the fields are ANDed.
//! - Expression operators: `In`, `NotIn` (true when the label is absent), `Exists`,
//!   `DoesNotExist`, `Gt`, `Lt` (one integer value, compared with the label parsed as an integer; a
//!   non-integer label does not match).
//! - `matchFields` knows the single field `metadata.name`, with `In` / `NotIn` and exactly one value.
//! - A term that does not parse (unknown operator, bad key or value, wrong number of values) matches
//!   nothing. [`NodeSelectorMatcher::new`] keeps such terms and reports their errors only when no
//!   term matched (upstream `LazyErrorNodeSelector`); [`NodeSelectorMatcher::parse`] rejects them up
//!   front (upstream `NewNodeSelector`).
//!
//! `spec.nodeSelector` is a plain map: every key must be present with the same value
//! ([`RequiredNodeAffinity`] combines it with the required node affinity).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm,
};
use skiff_apimachinery::field::{self, FieldErr};
use skiff_apimachinery::labels::{Operator, Requirement};

/// The one field `matchFields` can select on.
pub const OBJECT_NAME_FIELD: &str = "metadata.name";

const SELECTOR_OPERATORS: [&str; 6] = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
const FIELD_OPERATORS: [&str; 2] = ["In", "NotIn"];

/// Why a node selector did not parse; `Display` is upstream's aggregated message, e.g.
/// `nodeSelectorTerms[0].matchExpressions[0].values[0]: Invalid value: "a": for 'Gt', 'Lt'
/// operators, the value must be an integer`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", field::aggregate(.errors))]
pub struct NodeSelectorError {
    pub errors: Vec<FieldErr>,
}

/// One `matchFields` requirement: `field == value` or `field != value`.
#[derive(Debug, Clone)]
struct FieldRequirement {
    key: String,
    value: String,
    equal: bool,
}

impl FieldRequirement {
    /// Upstream `fields.Selector.Matches` over the node's field set, which only holds
    /// `metadata.name`; a missing field reads as "".
    fn matches(&self, node_name: &str) -> bool {
        let actual = if self.key == OBJECT_NAME_FIELD {
            node_name
        } else {
            ""
        };
        (actual == self.value) == self.equal
    }
}

/// One parsed `NodeSelectorTerm`.
#[derive(Debug, Clone)]
struct Term {
    /// None when the term has no `matchExpressions`.
    labels: Option<Vec<Requirement>>,
    /// None when the term has no `matchFields`.
    fields: Option<Vec<FieldRequirement>>,
    /// Parse errors: a term with any never matches.
    errors: Vec<FieldErr>,
}

fn is_empty_term(term: &NodeSelectorTerm) -> bool {
    term.match_expressions.as_ref().is_none_or(Vec::is_empty)
        && term.match_fields.as_ref().is_none_or(Vec::is_empty)
}

/// Prefix a requirement's own field errors (`values[0]`) with where the requirement sits.
fn prefixed(errors: Vec<FieldErr>, path: &str) -> impl Iterator<Item = FieldErr> + '_ {
    errors.into_iter().map(move |mut e| {
        e.field = format!("{path}.{}", e.field);
        e
    })
}

fn parse_expressions(
    reqs: &[NodeSelectorRequirement],
    path: &str,
) -> Result<Vec<Requirement>, Vec<FieldErr>> {
    let mut parsed = Vec::with_capacity(reqs.len());
    let mut errors = Vec::new();
    for (i, r) in reqs.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let op = match r.operator.as_str() {
            "In" => Operator::In,
            "NotIn" => Operator::NotIn,
            "Exists" => Operator::Exists,
            "DoesNotExist" => Operator::DoesNotExist,
            "Gt" => Operator::GreaterThan,
            "Lt" => Operator::LessThan,
            other => {
                errors.push(FieldErr::not_supported(
                    format!("{p}.operator"),
                    other,
                    &SELECTOR_OPERATORS,
                ));
                continue;
            }
        };
        match Requirement::new(&r.key, op, r.values.clone().unwrap_or_default()) {
            Ok(req) => parsed.push(req),
            Err(e) => errors.extend(prefixed(e.field_errors, &p)),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

fn parse_fields(
    reqs: &[NodeSelectorRequirement],
    path: &str,
) -> Result<Vec<FieldRequirement>, Vec<FieldErr>> {
    let mut parsed = Vec::with_capacity(reqs.len());
    let mut errors = Vec::new();
    for (i, r) in reqs.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let equal = match r.operator.as_str() {
            "In" => true,
            "NotIn" => false,
            other => {
                errors.push(FieldErr::not_supported(
                    format!("{p}.operator"),
                    other,
                    &FIELD_OPERATORS,
                ));
                continue;
            }
        };
        match r.values.as_deref().unwrap_or_default() {
            [value] => parsed.push(FieldRequirement {
                key: r.key.clone(),
                value: value.clone(),
                equal,
            }),
            values => errors.push(FieldErr::invalid(
                format!("{p}.values"),
                serde_json::Value::from(values.to_vec()),
                "must have one element",
            )),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

impl Term {
    fn parse(term: &NodeSelectorTerm, path: &str) -> Term {
        let mut errors = Vec::new();
        let mut labels = None;
        let mut fields = None;
        if let Some(exprs) = term.match_expressions.as_deref().filter(|e| !e.is_empty()) {
            match parse_expressions(exprs, &format!("{path}.matchExpressions")) {
                Ok(reqs) => labels = Some(reqs),
                Err(errs) => errors.extend(errs),
            }
        }
        if let Some(fs) = term.match_fields.as_deref().filter(|f| !f.is_empty()) {
            match parse_fields(fs, &format!("{path}.matchFields")) {
                Ok(reqs) => fields = Some(reqs),
                Err(errs) => errors.extend(errs),
            }
        }
        Term {
            labels,
            fields,
            errors,
        }
    }

    fn matches(&self, labels: &BTreeMap<String, String>, node_name: &str) -> bool {
        if !self.errors.is_empty() {
            return false;
        }
        if let Some(reqs) = &self.labels {
            if !reqs.iter().all(|r| r.matches(labels)) {
                return false;
            }
        }
        // Upstream skips the field check for a node without a name (an empty field set).
        if let Some(reqs) = &self.fields {
            if !node_name.is_empty() && !reqs.iter().all(|r| r.matches(node_name)) {
                return false;
            }
        }
        true
    }
}

fn node_labels(node: &Node) -> &BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    node.metadata.labels.as_ref().unwrap_or(&EMPTY)
}

fn node_name(node: &Node) -> &str {
    node.metadata.name.as_deref().unwrap_or_default()
}

/// A parsed `v1.NodeSelector`: its terms, ORed.
#[derive(Debug, Clone)]
pub struct NodeSelectorMatcher {
    terms: Vec<Term>,
}

impl NodeSelectorMatcher {
    /// Parse leniently: terms that do not parse are kept and never match (upstream
    /// `NewLazyErrorNodeSelector`, what pods' required node affinity uses).
    pub fn new(selector: &NodeSelector) -> NodeSelectorMatcher {
        let terms = selector
            .node_selector_terms
            .iter()
            .enumerate()
            .filter(|(_, t)| !is_empty_term(t))
            .map(|(i, t)| Term::parse(t, &format!("nodeSelectorTerms[{i}]")))
            .collect();
        NodeSelectorMatcher { terms }
    }

    /// Parse strictly: any term that does not parse is an error (upstream `NewNodeSelector`, used
    /// for configuration such as NodeAffinityArgs.addedAffinity).
    pub fn parse(selector: &NodeSelector) -> Result<NodeSelectorMatcher, NodeSelectorError> {
        let m = Self::new(selector);
        let errors: Vec<FieldErr> = m.terms.iter().flat_map(|t| t.errors.clone()).collect();
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(NodeSelectorError { errors })
        }
    }

    /// Whether some term matches the node's labels and fields. Terms that did not parse do not.
    pub fn matches(&self, node: &Node) -> bool {
        let (labels, name) = (node_labels(node), node_name(node));
        self.terms.iter().any(|t| t.matches(labels, name))
    }

    /// Like [`matches`](Self::matches), but when nothing matched, the parse errors of the terms
    /// (if any) are returned (upstream `LazyErrorNodeSelector.Match`).
    pub fn try_matches(&self, node: &Node) -> Result<bool, NodeSelectorError> {
        if self.matches(node) {
            return Ok(true);
        }
        let errors: Vec<FieldErr> = self.terms.iter().flat_map(|t| t.errors.clone()).collect();
        if errors.is_empty() {
            Ok(false)
        } else {
            Err(NodeSelectorError { errors })
        }
    }
}

/// Upstream `corev1.MatchNodeSelectorTerms`: whether `node` matches `selector` (lenient parsing;
/// unparseable terms match nothing). Used for PersistentVolume node affinity and the like.
pub fn match_node_selector_terms(node: &Node, selector: &NodeSelector) -> bool {
    NodeSelectorMatcher::new(selector).matches(node)
}

/// Parsed `preferredDuringSchedulingIgnoredDuringExecution` terms.
#[derive(Debug, Clone, Default)]
pub struct PreferredSchedulingTerms {
    terms: Vec<(Term, i64)>,
}

impl PreferredSchedulingTerms {
    /// Parse the terms; terms with weight 0 or no requirements are dropped, and any term that does
    /// not parse makes the whole set an error (upstream `NewPreferredSchedulingTerms`).
    pub fn parse(terms: &[PreferredSchedulingTerm]) -> Result<PreferredSchedulingTerms, NodeSelectorError> {
        let mut parsed = Vec::with_capacity(terms.len());
        let mut errors = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            if t.weight == 0 || is_empty_term(&t.preference) {
                continue;
            }
            let term = Term::parse(&t.preference, &format!("[{i}]"));
            if term.errors.is_empty() {
                parsed.push((term, i64::from(t.weight)));
            } else {
                errors.extend(term.errors);
            }
        }
        if errors.is_empty() {
            Ok(PreferredSchedulingTerms { terms: parsed })
        } else {
            Err(NodeSelectorError { errors })
        }
    }

    /// The sum of the weights of the terms the node matches.
    pub fn score(&self, node: &Node) -> i64 {
        let (labels, name) = (node_labels(node), node_name(node));
        self.terms
            .iter()
            .filter(|(t, _)| t.matches(labels, name))
            .map(|(_, w)| w)
            .sum()
    }
}

/// A pod's hard node constraints: `spec.nodeSelector` AND the required node affinity (upstream
/// `nodeaffinity.RequiredNodeAffinity`).
#[derive(Debug, Clone, Default)]
pub struct RequiredNodeAffinity {
    /// `spec.nodeSelector`, when non-empty.
    node_selector: Option<BTreeMap<String, String>>,
    /// `affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, when set.
    affinity: Option<NodeSelectorMatcher>,
}

impl RequiredNodeAffinity {
    pub fn from_pod(pod: &Pod) -> RequiredNodeAffinity {
        let spec = pod.spec.as_ref();
        let node_selector = spec
            .and_then(|s| s.node_selector.as_ref())
            .filter(|m| !m.is_empty())
            .cloned();
        let affinity = spec
            .and_then(|s| s.affinity.as_ref())
            .and_then(|a| a.node_affinity.as_ref())
            .and_then(|na| na.required_during_scheduling_ignored_during_execution.as_ref())
            .map(NodeSelectorMatcher::new);
        RequiredNodeAffinity {
            node_selector,
            affinity,
        }
    }

    /// Whether the node satisfies both the node selector and the required affinity. Parse errors in
    /// the affinity count as "no match" (upstream ignores them for backwards compatibility).
    pub fn matches(&self, node: &Node) -> bool {
        if let Some(sel) = &self.node_selector {
            let labels = node_labels(node);
            if !sel.iter().all(|(k, v)| labels.get(k) == Some(v)) {
                return false;
            }
        }
        self.affinity.as_ref().is_none_or(|a| a.matches(node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::NodeBuilder;

    fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
        NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: (!values.is_empty()).then(|| values.iter().map(|v| v.to_string()).collect()),
        }
    }

    fn term(exprs: Vec<NodeSelectorRequirement>, fields: Vec<NodeSelectorRequirement>) -> NodeSelectorTerm {
        NodeSelectorTerm {
            match_expressions: (!exprs.is_empty()).then_some(exprs),
            match_fields: (!fields.is_empty()).then_some(fields),
        }
    }

    fn selector(terms: Vec<NodeSelectorTerm>) -> NodeSelector {
        NodeSelector {
            node_selector_terms: terms,
        }
    }

    fn node(name: &str, labels: &[(&str, &str)]) -> Node {
        labels
            .iter()
            .fold(NodeBuilder::new(name), |b, (k, v)| b.label(k, v))
            .build()
    }

    #[test]
    fn term_matching() {
        let n = node(
            "node1",
            &[
                ("foo", "bar"),
                ("kernel", "0206"),
                ("gpu", "nvidia"),
                ("ver", "v2"),
            ],
        );
        // (name, terms, want)
        let cases: Vec<(&str, Vec<NodeSelectorTerm>, bool)> = vec![
            (
                "In matches",
                vec![term(vec![req("foo", "In", &["bar", "x"])], vec![])],
                true,
            ),
            (
                "In misses",
                vec![term(vec![req("foo", "In", &["x"])], vec![])],
                false,
            ),
            (
                "NotIn of another value",
                vec![term(vec![req("foo", "NotIn", &["x"])], vec![])],
                true,
            ),
            (
                "NotIn of the value",
                vec![term(vec![req("foo", "NotIn", &["bar"])], vec![])],
                false,
            ),
            (
                "NotIn of an absent label",
                vec![term(vec![req("absent", "NotIn", &["x"])], vec![])],
                true,
            ),
            (
                "Exists",
                vec![term(vec![req("gpu", "Exists", &[])], vec![])],
                true,
            ),
            (
                "Exists of an absent label",
                vec![term(vec![req("absent", "Exists", &[])], vec![])],
                false,
            ),
            (
                "DoesNotExist",
                vec![term(vec![req("absent", "DoesNotExist", &[])], vec![])],
                true,
            ),
            (
                "DoesNotExist of a present label",
                vec![term(vec![req("gpu", "DoesNotExist", &[])], vec![])],
                false,
            ),
            (
                "Gt with leading zeros",
                vec![term(vec![req("kernel", "Gt", &["0204"])], vec![])],
                true,
            ),
            (
                "Gt equal is false",
                vec![term(vec![req("kernel", "Gt", &["206"])], vec![])],
                false,
            ),
            (
                "Lt",
                vec![term(vec![req("kernel", "Lt", &["300"])], vec![])],
                true,
            ),
            (
                "Gt on a non-integer label",
                vec![term(vec![req("ver", "Gt", &["1"])], vec![])],
                false,
            ),
            (
                "Gt with a non-integer value",
                vec![term(vec![req("kernel", "Gt", &["1.5"])], vec![])],
                false,
            ),
            (
                "Lt on an absent label",
                vec![term(vec![req("absent", "Lt", &["10"])], vec![])],
                false,
            ),
            (
                "Gt with two values",
                vec![term(vec![req("kernel", "Gt", &["1", "2"])], vec![])],
                false,
            ),
            (
                "Exists with values does not parse",
                vec![term(vec![req("gpu", "Exists", &["nvidia"])], vec![])],
                false,
            ),
            (
                "In without values does not parse",
                vec![term(vec![req("foo", "In", &[])], vec![])],
                false,
            ),
            (
                "unknown operator",
                vec![term(vec![req("foo", "Equals", &["bar"])], vec![])],
                false,
            ),
            (
                "invalid value",
                vec![term(
                    vec![req("foo", "NotIn", &["invalid value: ___@#$%^"])],
                    vec![],
                )],
                false,
            ),
            (
                "expressions are ANDed",
                vec![term(
                    vec![req("gpu", "Exists", &[]), req("gpu", "NotIn", &["amd"])],
                    vec![],
                )],
                true,
            ),
            (
                "expressions are ANDed, one fails",
                vec![term(
                    vec![req("gpu", "Exists", &[]), req("gpu", "In", &["amd"])],
                    vec![],
                )],
                false,
            ),
            (
                "terms are ORed",
                vec![
                    term(vec![req("foo", "In", &["x"])], vec![]),
                    term(vec![req("foo", "In", &["bar"])], vec![]),
                ],
                true,
            ),
            ("empty term matches nothing", vec![term(vec![], vec![])], false),
            ("no terms match nothing", vec![], false),
            (
                "an empty term does not stop another from matching",
                vec![
                    term(vec![], vec![]),
                    term(vec![req("foo", "Exists", &[])], vec![]),
                ],
                true,
            ),
            (
                "a broken term does not stop another from matching",
                vec![
                    term(vec![req("foo", "Bogus", &[])], vec![]),
                    term(vec![req("foo", "Exists", &[])], vec![]),
                ],
                true,
            ),
            (
                "metadata.name In",
                vec![term(vec![], vec![req("metadata.name", "In", &["node1"])])],
                true,
            ),
            (
                "metadata.name In other",
                vec![term(vec![], vec![req("metadata.name", "In", &["node2"])])],
                false,
            ),
            (
                "metadata.name NotIn",
                vec![term(vec![], vec![req("metadata.name", "NotIn", &["node2"])])],
                true,
            ),
            (
                "metadata.name In with two values does not parse",
                vec![term(
                    vec![],
                    vec![req("metadata.name", "In", &["node1", "node2"])],
                )],
                false,
            ),
            (
                "matchFields Exists does not parse",
                vec![term(vec![], vec![req("metadata.name", "Exists", &[])])],
                false,
            ),
            (
                "unknown field reads as empty",
                vec![term(vec![], vec![req("spec.x", "NotIn", &["a"])])],
                true,
            ),
            (
                "fields and expressions are ANDed",
                vec![term(
                    vec![req("foo", "In", &["bar"])],
                    vec![req("metadata.name", "In", &["node2"])],
                )],
                false,
            ),
            (
                "fields and expressions both match",
                vec![term(
                    vec![req("foo", "In", &["bar"])],
                    vec![req("metadata.name", "In", &["node1"])],
                )],
                true,
            ),
        ];
        for (name, terms, want) in cases {
            let m = NodeSelectorMatcher::new(&selector(terms));
            assert_eq!(m.matches(&n), want, "{name}");
        }
    }

    #[test]
    fn field_check_is_skipped_for_a_nameless_node() {
        let mut n = node("x", &[]);
        n.metadata.name = None;
        let m = NodeSelectorMatcher::new(&selector(vec![term(
            vec![],
            vec![req("metadata.name", "In", &["node1"])],
        )]));
        assert!(m.matches(&n));
    }

    #[test]
    fn parse_errors_read_like_upstream() {
        let sel = selector(vec![
            term(vec![req("foo", "In", &["bar"])], vec![]),
            term(vec![req("kernel", "Gt", &["a"])], vec![]),
            term(vec![], vec![req("metadata.name", "In", &["a", "b"])]),
        ]);
        let err = NodeSelectorMatcher::parse(&sel).unwrap_err();
        assert_eq!(
            err.to_string(),
            "[nodeSelectorTerms[1].matchExpressions[0].values[0]: Invalid value: \"a\": for 'Gt', 'Lt' \
             operators, the value must be an integer, nodeSelectorTerms[2].matchFields[0].values: \
             Invalid value: []string{\"a\", \"b\"}: must have one element]"
        );
        // Lenient parsing reports the errors only when nothing matched.
        let lazy = NodeSelectorMatcher::new(&sel);
        assert_eq!(lazy.try_matches(&node("n", &[("foo", "bar")])), Ok(true));
        assert!(lazy.try_matches(&node("n", &[])).is_err());
        let bad_op = NodeSelectorMatcher::parse(&selector(vec![term(vec![req("a", "Foo", &[])], vec![])]));
        assert_eq!(
            bad_op.unwrap_err().to_string(),
            "nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: \"Foo\": supported \
             values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\", \"Gt\", \"Lt\""
        );
    }

    #[test]
    fn preferred_terms_sum_matching_weights() {
        let pref = |w: i32, exprs: Vec<NodeSelectorRequirement>| PreferredSchedulingTerm {
            weight: w,
            preference: term(exprs, vec![]),
        };
        let terms = vec![
            pref(2, vec![req("foo", "In", &["bar"])]),
            pref(4, vec![req("key", "In", &["value"])]),
            pref(
                5,
                vec![
                    req("foo", "In", &["bar"]),
                    req("key", "In", &["value"]),
                    req("az", "In", &["az1"]),
                ],
            ),
            pref(0, vec![req("foo", "Exists", &[])]),
            pref(7, vec![]),
        ];
        let p = PreferredSchedulingTerms::parse(&terms).unwrap();
        // (node labels, want)
        let cases: [(&[(&str, &str)], i64); 4] = [
            (&[("foo", "bar")], 2),
            (&[("key", "value")], 4),
            (&[("foo", "bar"), ("key", "value"), ("az", "az1")], 11),
            (&[("az", "az1")], 0),
        ];
        for (labels, want) in cases {
            assert_eq!(p.score(&node("n", labels)), want, "{labels:?}");
        }
        let bad = PreferredSchedulingTerms::parse(&[pref(1, vec![req("a", "Gt", &["x"])])]);
        assert_eq!(
            bad.unwrap_err().to_string(),
            "[0].matchExpressions[0].values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the \
             value must be an integer"
        );
        // A broken term with weight 0 is not even parsed.
        assert!(PreferredSchedulingTerms::parse(&[pref(0, vec![req("a", "Gt", &["x"])])]).is_ok());
    }
}
