//! Where a volume may be used: a PersistentVolume's `spec.nodeAffinity.required` (upstream
//! `volume.CheckNodeAffinity`, through the shared node selector matcher), a StorageClass's
//! `allowedTopologies` (upstream `v1helper.MatchTopologySelectorTerms`), and the hostnames a local
//! PV is pinned to.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Node, PersistentVolume, TopologySelectorTerm};

use crate::plugins::helpers::node_selector::match_node_selector_terms;

/// The node label upstream's local-volume shortcut keys on (`v1.LabelHostname`).
pub const LABEL_HOSTNAME: &str = "kubernetes.io/hostname";

/// Whether `node` may use `pv` (true when the PV has no required node affinity).
pub fn pv_node_affinity_matches(pv: &PersistentVolume, node: &Node) -> bool {
    match pv
        .spec
        .as_ref()
        .and_then(|s| s.node_affinity.as_ref())
        .and_then(|a| a.required.as_ref())
    {
        None => true,
        Some(selector) => match_node_selector_terms(node, selector),
    }
}

/// An empty list allows every node; otherwise some term must have all its label requirements
/// (`key` in `values`) satisfied. Empty terms select nothing.
pub fn topology_terms_match(terms: &[TopologySelectorTerm], labels: &BTreeMap<String, String>) -> bool {
    if terms.is_empty() {
        return true;
    }
    terms.iter().any(|term| {
        let reqs = term.match_label_expressions.as_deref().unwrap_or_default();
        !reqs.is_empty()
            && reqs
                .iter()
                .all(|r| !r.values.is_empty() && labels.get(&r.key).is_some_and(|v| r.values.contains(v)))
    })
}

/// Node names a local PV is pinned to: per term the intersection of its `kubernetes.io/hostname In`
/// values, unioned over terms (upstream `util.GetLocalPersistentVolumeNodeNames`; like upstream it
/// takes hostname label values for node names, and terms without such an expression add nothing).
pub fn local_pv_node_names(pv: &PersistentVolume) -> Vec<String> {
    let Some(required) = pv
        .spec
        .as_ref()
        .and_then(|s| s.node_affinity.as_ref())
        .and_then(|a| a.required.as_ref())
    else {
        return vec![];
    };
    let mut result = std::collections::BTreeSet::new();
    for term in &required.node_selector_terms {
        let mut nodes: Option<std::collections::BTreeSet<String>> = None;
        for expr in term.match_expressions.iter().flatten() {
            if expr.key == LABEL_HOSTNAME && expr.operator == "In" {
                let values = expr.values.iter().flatten().cloned().collect();
                nodes = Some(match nodes {
                    None => values,
                    Some(prev) => prev.intersection(&values).cloned().collect(),
                });
            }
        }
        result.extend(nodes.into_iter().flatten());
    }
    result.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::TopologySelectorLabelRequirement;

    #[test]
    fn allowed_topologies() {
        let l: BTreeMap<String, String> = BTreeMap::from([("zone".to_string(), "a".to_string())]);
        let term = |k: &str, vs: &[&str]| TopologySelectorTerm {
            match_label_expressions: Some(vec![TopologySelectorLabelRequirement {
                key: k.into(),
                values: vs.iter().map(|v| v.to_string()).collect(),
            }]),
        };
        assert!(topology_terms_match(&[], &l));
        assert!(topology_terms_match(
            &[term("zone", &["b"]), term("zone", &["a"])],
            &l
        ));
        assert!(!topology_terms_match(&[term("zone", &["b"])], &l));
        assert!(!topology_terms_match(&[TopologySelectorTerm::default()], &l));
    }
}
