//! `metav1.LabelSelector` → matcher (upstream `LabelSelectorAsSelector`), and label-selector
//! validation (`ValidateLabelSelector`).
//!
//! Transitional: `skiff-apimachinery::labels` owns selector parsing; once it lands the matcher
//! delegates to it.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};

use crate::field::{self, FieldErr, Path};
use crate::syntax;

/// A requirement operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// One requirement of a compiled selector.
#[derive(Clone, Debug, PartialEq)]
pub struct Req {
    key: String,
    op: Op,
    values: Vec<String>,
}

/// A compiled label selector.
#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    /// From a missing selector: matches nothing, and is not "empty".
    Nothing,
    /// Requirements, all of which must hold; no requirements matches everything.
    Reqs(Vec<Req>),
}

impl Selector {
    /// Upstream `Selector.Empty()`: true for a selector without requirements.
    pub fn is_empty(&self) -> bool {
        matches!(self, Selector::Reqs(r) if r.is_empty())
    }

    /// Whether the labels satisfy the selector.
    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Selector::Nothing => false,
            Selector::Reqs(reqs) => reqs.iter().all(|r| {
                let v = labels.get(&r.key);
                match r.op {
                    Op::In => v.is_some_and(|v| r.values.contains(v)),
                    Op::NotIn => v.is_none_or(|v| !r.values.contains(v)),
                    Op::Exists => v.is_some(),
                    Op::DoesNotExist => v.is_none(),
                }
            }),
        }
    }
}

fn requirement(key: &str, op: Op, values: Vec<String>) -> Result<Req, String> {
    match op {
        Op::In | Op::NotIn if values.is_empty() => {
            return Err("for 'in', 'notin' operators, values set can't be empty".into());
        }
        Op::Exists | Op::DoesNotExist if !values.is_empty() => {
            return Err("values set must be empty for exists and does not exist".into());
        }
        _ => {}
    }
    if let Some(m) = syntax::is_qualified_name(key).into_iter().next() {
        return Err(format!("key: Invalid value: {}: {m}", field::go_quote(key)));
    }
    for v in &values {
        if let Some(m) = syntax::is_valid_label_value(v).into_iter().next() {
            return Err(format!(
                "values[0][{key}]: Invalid value: {}: {m}",
                field::go_quote(v)
            ));
        }
    }
    Ok(Req {
        key: key.to_string(),
        op,
        values,
    })
}

/// Upstream `metav1.LabelSelectorAsSelector`.
pub fn compile(sel: Option<&LabelSelector>) -> Result<Selector, String> {
    let Some(sel) = sel else {
        return Ok(Selector::Nothing);
    };
    let mut reqs = Vec::new();
    for (k, v) in sel.match_labels.iter().flatten() {
        reqs.push(requirement(k, Op::In, vec![v.clone()])?);
    }
    for e in sel.match_expressions.iter().flatten() {
        let op = match e.operator.as_str() {
            "In" => Op::In,
            "NotIn" => Op::NotIn,
            "Exists" => Op::Exists,
            "DoesNotExist" => Op::DoesNotExist,
            other => {
                return Err(format!(
                    "{} is not a valid label selector operator",
                    field::go_quote(other)
                ))
            }
        };
        reqs.push(requirement(&e.key, op, e.values.clone().unwrap_or_default())?);
    }
    Ok(Selector::Reqs(reqs))
}

/// Whether the selector has neither `matchLabels` nor `matchExpressions`.
pub fn is_empty_selector(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|m| m.is_empty())
}

/// Upstream `ValidateLabelSelectorRequirement`.
pub fn validate_requirement(
    req: &LabelSelectorRequirement,
    allow_invalid_values: bool,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let values = req.values.as_deref().unwrap_or_default();
    match req.operator.as_str() {
        "In" | "NotIn" => {
            if values.is_empty() {
                errs.push(field::required(
                    &path.child("values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if !values.is_empty() {
                errs.push(field::forbidden(
                    &path.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        other => errs.push(field::invalid(
            &path.child("operator"),
            other,
            "not a valid selector operator",
        )),
    }
    errs.extend(syntax::validate_label_name(&path.child("key"), &req.key));
    if !allow_invalid_values {
        for (i, v) in values.iter().enumerate() {
            let p = path.child("values").index(i);
            errs.extend(
                syntax::is_valid_label_value(v)
                    .into_iter()
                    .map(|m| field::invalid(&p, v, m)),
            );
        }
    }
    errs
}

/// Upstream `ValidateLabelSelector` (a missing selector is valid).
pub fn validate(sel: Option<&LabelSelector>, allow_invalid_values: bool, path: &Path) -> Vec<FieldErr> {
    let Some(sel) = sel else { return Vec::new() };
    let mut errs = Vec::new();
    if let Some(ml) = &sel.match_labels {
        errs.extend(syntax::validate_labels(&path.child("matchLabels"), ml));
    }
    for (i, e) in sel.match_expressions.iter().flatten().enumerate() {
        errs.extend(validate_requirement(
            e,
            allow_invalid_values,
            &path.child("matchExpressions").index(i),
        ));
    }
    errs
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
