//! Label-set and label-selector strings (`labels.FormatLabels`, `metav1.FormatLabelSelector`).

use serde_json::Value;

/// `labels.FormatLabels` of a `map[string]string` (selector, nodeSelector): `k=v` pairs sorted
/// and comma-joined, `<none>` when empty.
pub fn format_labels(map: Option<&Value>) -> String {
    let s = labels_string(map);
    if s.is_empty() {
        "<none>".to_string()
    } else {
        s
    }
}

/// `labels.Set.String()`: the `k=v` strings sorted (as strings, not by key) and comma-joined.
fn labels_string(map: Option<&Value>) -> String {
    let Some(Value::Object(m)) = map else {
        return String::new();
    };
    let mut pairs: Vec<String> = m
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    pairs.sort();
    pairs.join(",")
}

/// `metav1.FormatLabelSelector` of a `LabelSelector`: `<none>` when it selects nothing or
/// everything, `<error>` when it is invalid.
pub fn format_label_selector(selector: Option<&Value>) -> String {
    match label_selector_string(selector) {
        Ok(s) if s.is_empty() => "<none>".to_string(),
        Ok(s) => s,
        Err(()) => "<error>".to_string(),
    }
}

/// `metav1.LabelSelectorAsSelector(selector).String()`: `""` for a nil or empty selector, the
/// requirements sorted by key otherwise (`a=b,c in (x,y),!d`). `Err` for an invalid operator
/// or a value count the operator does not allow.
pub(crate) fn label_selector_string(selector: Option<&Value>) -> Result<String, ()> {
    let Some(sel) = selector.filter(|v| !v.is_null()) else {
        return Ok(String::new());
    };
    let mut reqs: Vec<(String, String)> = Vec::new();
    if let Some(Value::Object(labels)) = sel.get("matchLabels") {
        for (k, v) in labels {
            reqs.push((k.clone(), format!("{k}={}", v.as_str().unwrap_or(""))));
        }
    }
    if let Some(Value::Array(exprs)) = sel.get("matchExpressions") {
        for e in exprs {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            let mut values: Vec<&str> = match e.get("values") {
                Some(Value::Array(vs)) => vs.iter().map(|v| v.as_str().unwrap_or("")).collect(),
                _ => Vec::new(),
            };
            values.sort_unstable();
            let s = match e.get("operator").and_then(Value::as_str).unwrap_or("") {
                "In" if !values.is_empty() => format!("{key} in ({})", values.join(",")),
                "NotIn" if !values.is_empty() => format!("{key} notin ({})", values.join(",")),
                "Exists" if values.is_empty() => key.to_string(),
                "DoesNotExist" if values.is_empty() => format!("!{key}"),
                _ => return Err(()),
            };
            reqs.push((key.to_string(), s));
        }
    }
    reqs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(reqs.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels() {
        let cases = [
            (json!(null), "<none>"),
            (json!({}), "<none>"),
            (json!({"app": "web"}), "app=web"),
            (json!({"tier": "fe", "app": "web"}), "app=web,tier=fe"),
            // Sorted as "k=v" strings: '.' sorts before '='.
            (json!({"a": "1", "a.b": "2"}), "a.b=2,a=1"),
        ];
        for (m, want) in cases {
            assert_eq!(format_labels(Some(&m)), want, "{m}");
        }
        assert_eq!(format_labels(None), "<none>");
    }

    #[test]
    fn selectors() {
        let cases = [
            (json!(null), "<none>"),
            (json!({}), "<none>"),
            (json!({"matchLabels": {}}), "<none>"),
            (json!({"matchLabels": {"app": "nginx"}}), "app=nginx"),
            (
                json!({"matchLabels": {"tier": "fe", "app": "nginx"}}),
                "app=nginx,tier=fe",
            ),
            (
                json!({"matchLabels": {"app": "db"}, "matchExpressions": [
                    {"key": "env", "operator": "In", "values": ["prod", "dev"]},
                    {"key": "zone", "operator": "NotIn", "values": ["b"]},
                    {"key": "canary", "operator": "DoesNotExist"},
                    {"key": "gpu", "operator": "Exists", "values": []}]}),
                "app=db,!canary,env in (dev,prod),gpu,zone notin (b)",
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Equals", "values": ["x"]}]}),
                "<error>",
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "In", "values": []}]}),
                "<error>",
            ),
            (
                json!({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]}),
                "<error>",
            ),
        ];
        for (sel, want) in cases {
            assert_eq!(format_label_selector(Some(&sel)), want, "{sel}");
        }
        assert_eq!(format_label_selector(None), "<none>");
        assert_eq!(label_selector_string(None), Ok(String::new()));
    }
}
