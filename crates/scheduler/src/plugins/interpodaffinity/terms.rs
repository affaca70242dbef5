//! Parsed pod (anti-)affinity terms (upstream `framework.AffinityTerm`, `WeightedAffinityTerm` and the
//! term fields of `framework.PodInfo`): selectors parsed once, namespaces resolved, and the term's
//! `matchLabelKeys` / `mismatchLabelKeys` merged into its selector.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{Affinity, Pod, PodAffinityTerm, PodAntiAffinity, WeightedPodAffinityTerm};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector as MetaLabelSelector;
use skiff_apimachinery::labels::{LabelSelector, Operator, Requirement, SelectorError};

use crate::framework::Snapshot;

/// The namespace a pod lives in (`default` when unset, as [`crate::framework::PodInfo::namespace`]).
pub fn pod_namespace(pod: &Pod) -> &str {
    pod.metadata.namespace.as_deref().unwrap_or("default")
}

/// The pod's labels (empty when unset).
pub fn pod_labels(pod: &Pod) -> &BTreeMap<String, String> {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    pod.metadata.labels.as_ref().unwrap_or(&EMPTY)
}

/// The labels of namespace `ns` in the snapshot; empty when the namespace is unknown (upstream
/// `GetNamespaceLabelsSnapshot` assumes an empty set too).
pub fn namespace_labels(snapshot: &Snapshot, ns: &str) -> BTreeMap<String, String> {
    snapshot
        .namespaces
        .get(ns)
        .and_then(|n| n.metadata.labels.clone())
        .unwrap_or_default()
}

/// A `metav1.LabelSelector` as a matcher: absent selects nothing, `{}` selects everything.
pub fn parse_selector(selector: Option<&MetaLabelSelector>) -> Result<LabelSelector, SelectorError> {
    match selector {
        None => Ok(LabelSelector::nothing()),
        Some(s) => {
            let value = serde_json::to_value(s).unwrap_or(serde_json::Value::Null);
            LabelSelector::from_metav1(&value)
        }
    }
}

/// One processed `PodAffinityTerm`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffinityTerm {
    /// Namespaces listed by the term (the owner's own namespace when neither `namespaces` nor
    /// `namespaceSelector` is set).
    pub namespaces: BTreeSet<String>,
    /// `namespaceSelector`: absent selects nothing, `{}` every namespace. ORed with `namespaces`.
    pub namespace_selector: LabelSelector,
    /// `labelSelector` with `matchLabelKeys` (`key in (v)`) and `mismatchLabelKeys` (`key notin (v)`)
    /// resolved against the owning pod's labels.
    pub selector: LabelSelector,
    pub topology_key: String,
}

/// A preferred term and its weight (1–100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightedAffinityTerm {
    pub term: AffinityTerm,
    pub weight: i32,
}

impl AffinityTerm {
    /// Process `term`, which belongs to `owner`.
    pub fn new(owner: &Pod, term: &PodAffinityTerm) -> Result<AffinityTerm, SelectorError> {
        let selector = parse_selector(term.label_selector.as_ref())?;
        let selector = merge_label_keys(
            selector,
            pod_labels(owner),
            term.match_label_keys.as_deref().unwrap_or_default(),
            term.mismatch_label_keys.as_deref().unwrap_or_default(),
        );
        let listed = term.namespaces.as_deref().unwrap_or_default();
        let namespaces = if listed.is_empty() && term.namespace_selector.is_none() {
            BTreeSet::from([pod_namespace(owner).to_string()])
        } else {
            listed.iter().cloned().collect()
        };
        let namespace_selector = parse_selector(term.namespace_selector.as_ref())?;
        Ok(AffinityTerm {
            namespaces,
            namespace_selector,
            selector,
            topology_key: term.topology_key.clone(),
        })
    }

    /// Whether `pod` is selected: its namespace is listed or its namespace's labels (`ns_labels`)
    /// match the namespace selector, and its labels match the selector.
    pub fn matches(&self, pod: &Pod, ns_labels: &BTreeMap<String, String>) -> bool {
        (self.namespaces.contains(pod_namespace(pod)) || self.namespace_selector.matches(ns_labels))
            && self.selector.matches(pod_labels(pod))
    }

    /// For the incoming pod's terms: unroll a non-empty namespace selector into the namespaces it
    /// selects now, so matching existing pods needs no namespace lookups (upstream
    /// `mergeAffinityTermNamespacesIfNotEmpty`). `{}` (all namespaces) is kept as is.
    pub fn resolve_namespace_selector(&mut self, snapshot: &Snapshot) {
        if self.namespace_selector.is_empty() {
            return;
        }
        for (name, ns) in &snapshot.namespaces {
            static EMPTY: BTreeMap<String, String> = BTreeMap::new();
            let labels = ns.metadata.labels.as_ref().unwrap_or(&EMPTY);
            if self.namespace_selector.matches(labels) {
                self.namespaces.insert(name.clone());
            }
        }
        self.namespace_selector = LabelSelector::nothing();
    }
}

/// `key in (value)` for each `matchLabelKeys` key the pod has, `key notin (value)` for each
/// `mismatchLabelKeys` key. Upstream's API server does this at pod creation (KEP-3633); doing it
/// again here is idempotent (the same requirement ANDed twice). A nil selector stays "nothing".
fn merge_label_keys(
    selector: LabelSelector,
    labels: &BTreeMap<String, String>,
    match_keys: &[String],
    mismatch_keys: &[String],
) -> LabelSelector {
    if selector.matches_nothing() || (match_keys.is_empty() && mismatch_keys.is_empty()) {
        return selector;
    }
    let with_op = |keys: &[String], op: Operator| -> Vec<Requirement> {
        keys.iter()
            .filter_map(|k| {
                let v = labels.get(k)?;
                Requirement::new(k, op, vec![v.clone()]).ok()
            })
            .collect()
    };
    let mut reqs = with_op(match_keys, Operator::In);
    reqs.extend(with_op(mismatch_keys, Operator::NotIn));
    selector.add_requirements(reqs)
}

/// The four term lists of a pod, processed (upstream `PodInfo.{Required,Preferred}{,Anti}AffinityTerms`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodAffinityTerms {
    pub required_affinity: Vec<AffinityTerm>,
    pub required_anti_affinity: Vec<AffinityTerm>,
    pub preferred_affinity: Vec<WeightedAffinityTerm>,
    pub preferred_anti_affinity: Vec<WeightedAffinityTerm>,
}

impl PodAffinityTerms {
    /// Process every term of `pod`. As upstream, a list with an invalid term is dropped whole and the
    /// error, prefixed with the list's name (`requiredAffinityTerms: ...`), is returned alongside.
    pub fn parse(pod: &Pod) -> (PodAffinityTerms, Vec<String>) {
        let mut errors = Vec::new();
        let mut keep = |name: &str, r: Result<Vec<AffinityTerm>, SelectorError>| match r {
            Ok(v) => v,
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                Vec::new()
            }
        };
        let required_affinity = keep("requiredAffinityTerms", required_affinity_terms(pod));
        let required_anti_affinity = keep("requiredAntiAffinityTerms", required_anti_affinity_terms(pod));
        let mut keep_weighted = |name: &str, r: Result<Vec<WeightedAffinityTerm>, SelectorError>| match r {
            Ok(v) => v,
            Err(e) => {
                errors.push(format!("{name}: {e}"));
                Vec::new()
            }
        };
        let preferred_affinity = keep_weighted("preferredAffinityTerms", preferred_affinity_terms(pod));
        let preferred_anti_affinity =
            keep_weighted("preferredAntiAffinityTerms", preferred_anti_affinity_terms(pod));
        (
            PodAffinityTerms {
                required_affinity,
                required_anti_affinity,
                preferred_affinity,
                preferred_anti_affinity,
            },
            errors,
        )
    }

    /// Unroll the namespace selectors of all terms (for the incoming pod).
    pub fn resolve_namespace_selectors(&mut self, snapshot: &Snapshot) {
        let required = self
            .required_affinity
            .iter_mut()
            .chain(self.required_anti_affinity.iter_mut());
        let preferred = self
            .preferred_affinity
            .iter_mut()
            .chain(self.preferred_anti_affinity.iter_mut())
            .map(|w| &mut w.term);
        for t in required.chain(preferred) {
            t.resolve_namespace_selector(snapshot);
        }
    }
}

/// Upstream's aggregate error text: the one message, or `[a, b]` for several.
pub fn aggregate(errors: &[String]) -> String {
    match errors {
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

fn affinity(pod: &Pod) -> Option<&Affinity> {
    pod.spec.as_ref()?.affinity.as_ref()
}

fn anti_affinity(pod: &Pod) -> Option<&PodAntiAffinity> {
    affinity(pod)?.pod_anti_affinity.as_ref()
}

fn process(pod: &Pod, terms: Option<&Vec<PodAffinityTerm>>) -> Result<Vec<AffinityTerm>, SelectorError> {
    terms
        .into_iter()
        .flatten()
        .map(|t| AffinityTerm::new(pod, t))
        .collect()
}

fn process_weighted(
    pod: &Pod,
    terms: Option<&Vec<WeightedPodAffinityTerm>>,
) -> Result<Vec<WeightedAffinityTerm>, SelectorError> {
    terms
        .into_iter()
        .flatten()
        .map(|w| {
            Ok(WeightedAffinityTerm {
                term: AffinityTerm::new(pod, &w.pod_affinity_term)?,
                weight: w.weight,
            })
        })
        .collect()
}

/// `podAffinity.requiredDuringSchedulingIgnoredDuringExecution`, processed.
pub fn required_affinity_terms(pod: &Pod) -> Result<Vec<AffinityTerm>, SelectorError> {
    let terms = affinity(pod)
        .and_then(|a| a.pod_affinity.as_ref())
        .and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref());
    process(pod, terms)
}

/// `podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`, processed.
pub fn required_anti_affinity_terms(pod: &Pod) -> Result<Vec<AffinityTerm>, SelectorError> {
    let terms =
        anti_affinity(pod).and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref());
    process(pod, terms)
}

/// `podAffinity.preferredDuringSchedulingIgnoredDuringExecution`, processed.
pub fn preferred_affinity_terms(pod: &Pod) -> Result<Vec<WeightedAffinityTerm>, SelectorError> {
    let terms = affinity(pod)
        .and_then(|a| a.pod_affinity.as_ref())
        .and_then(|a| a.preferred_during_scheduling_ignored_during_execution.as_ref());
    process_weighted(pod, terms)
}

/// `podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`, processed.
pub fn preferred_anti_affinity_terms(pod: &Pod) -> Result<Vec<WeightedAffinityTerm>, SelectorError> {
    let terms =
        anti_affinity(pod).and_then(|a| a.preferred_during_scheduling_ignored_during_execution.as_ref());
    process_weighted(pod, terms)
}

/// Whether the pod has preferred (soft) affinity or anti-affinity terms.
pub fn has_preferred_terms(pod: &Pod) -> bool {
    let Some(a) = affinity(pod) else {
        return false;
    };
    let aff = a
        .pod_affinity
        .as_ref()
        .and_then(|p| p.preferred_during_scheduling_ignored_during_execution.as_ref())
        .is_some_and(|t| !t.is_empty());
    let anti = a
        .pod_anti_affinity
        .as_ref()
        .and_then(|p| p.preferred_during_scheduling_ignored_during_execution.as_ref())
        .is_some_and(|t| !t.is_empty());
    aff || anti
}

/// True iff `pod` matches every term (and there is at least one): the incoming pod's required
/// affinity terms count a pod only when it matches all of them. The terms' namespace selectors are
/// already unrolled, so no namespace labels are needed.
pub fn matches_all(terms: &[AffinityTerm], pod: &Pod) -> bool {
    static EMPTY: BTreeMap<String, String> = BTreeMap::new();
    !terms.is_empty() && terms.iter().all(|t| t.matches(pod, &EMPTY))
}
