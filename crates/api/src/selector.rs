//! `metav1.LabelSelector` → matcher (upstream `LabelSelectorAsSelector`), and label-selector
//! validation (`ValidateLabelSelector`): typed front ends to `skiff_apimachinery`'s selectors.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use serde_json::Value;
use skiff_apimachinery::labels::SelectorError;
use skiff_apimachinery::validation;

use crate::field::{self, FieldErr, Path};

/// A compiled label selector (a missing selector matches nothing and is not "empty").
pub type Selector = skiff_apimachinery::labels::LabelSelector;

/// The selector as the JSON object it is stored as (`null` when missing).
fn to_json(sel: Option<&LabelSelector>) -> Value {
    serde_json::to_value(sel).unwrap_or(Value::Null)
}

/// Upstream `metav1.LabelSelectorAsSelector`.
pub fn compile(sel: Option<&LabelSelector>) -> Result<Selector, SelectorError> {
    Selector::from_metav1(&to_json(sel))
}

/// Upstream `labels.SelectorFromSet`: a `map[string]string` selector (an empty one selects
/// everything).
pub fn from_labels(set: &BTreeMap<String, String>) -> Selector {
    Selector::from_set(set.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Whether the selector has neither `matchLabels` nor `matchExpressions`.
pub fn is_empty_selector(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty())
}

/// Upstream `ValidateLabelSelector` (a missing selector is valid).
pub fn validate(sel: Option<&LabelSelector>, allow_invalid_values: bool, path: &Path) -> Vec<FieldErr> {
    validation::validate_label_selector(&to_json(sel), path, allow_invalid_values)
}

/// A label selector as an error value (its JSON form; `null` when unset).
pub fn repr(sel: Option<&LabelSelector>) -> field::BadValue {
    sel.map_or(field::BadValue::Null, field::BadValue::json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn matching() {
        let sel: LabelSelector = serde_json::from_value(serde_json::json!({
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}]
        }))
        .unwrap();
        let s = compile(Some(&sel)).unwrap();
        assert!(s.matches(&labels(&[("app", "web")])));
        assert!(!s.matches(&labels(&[("app", "web"), ("tier", "db")])));
        assert!(!s.matches(&labels(&[])));
        assert!(!compile(None).unwrap().is_empty());
        assert!(!compile(None).unwrap().matches(&labels(&[])));
        assert!(compile(Some(&LabelSelector::default())).unwrap().is_empty());
        let bad: LabelSelector = serde_json::from_value(serde_json::json!({
            "matchExpressions": [{"key": "a", "operator": "Has"}]
        }))
        .unwrap();
        assert!(compile(Some(&bad)).is_err());
    }

    #[test]
    fn validation_messages() {
        let bad: LabelSelector = serde_json::from_value(serde_json::json!({
            "matchExpressions": [{"key": "a", "operator": "In"}]
        }))
        .unwrap();
        let errs = validate(Some(&bad), false, &Path::new("spec").child("selector"));
        assert_eq!(
            errs[0].to_string(),
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"
        );
    }
}
