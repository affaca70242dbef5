//! Taints and tolerations (upstream `v1.Toleration.ToleratesTaint`, component-helpers'
//! `TolerationsTolerateTaint` / `FindMatchingUntoleratedTaint`, and the plugin helper
//! `DoNotScheduleTaintsFilterFunc`), with Kubernetes 1.33 semantics: operators `Equal` (the default)
//! and `Exists`; anything else tolerates nothing.

use k8s_openapi::api::core::v1::{Node, Taint, Toleration};

pub const EFFECT_NO_SCHEDULE: &str = "NoSchedule";
pub const EFFECT_PREFER_NO_SCHEDULE: &str = "PreferNoSchedule";
pub const EFFECT_NO_EXECUTE: &str = "NoExecute";

/// The taint the node lifecycle controller puts on cordoned nodes (`v1.TaintNodeUnschedulable`).
pub const TAINT_NODE_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

/// Whether `toleration` tolerates `taint`:
/// 1. an empty toleration effect matches every effect, otherwise the effects must be equal;
/// 2. an empty toleration key matches every key, otherwise the keys must be equal;
/// 3. `Exists` matches any value, `Equal` (or no operator) needs equal values (absent = empty).
///
/// As upstream, nothing here rejects combinations that validation forbids (an empty key with
/// `Equal`, a value with `Exists`): the rules above are applied as they stand.
pub fn tolerates(toleration: &Toleration, taint: &Taint) -> bool {
    let effect = toleration.effect.as_deref().unwrap_or_default();
    if !effect.is_empty() && effect != taint.effect {
        return false;
    }
    let key = toleration.key.as_deref().unwrap_or_default();
    if !key.is_empty() && key != taint.key {
        return false;
    }
    match toleration.operator.as_deref().unwrap_or_default() {
        "" | "Equal" => {
            toleration.value.as_deref().unwrap_or_default() == taint.value.as_deref().unwrap_or_default()
        }
        "Exists" => true,
        _ => false,
    }
}

/// Whether any of `tolerations` tolerates `taint`.
pub fn tolerations_tolerate_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| tolerates(t, taint))
}

/// The first taint that passes `include` and that no toleration tolerates.
pub fn find_matching_untolerated_taint<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    include: impl Fn(&Taint) -> bool,
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| include(t))
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
}

/// The taints that keep pods off a node (`NoSchedule`, `NoExecute`); `PreferNoSchedule` only scores.
pub fn is_do_not_schedule_taint(taint: &Taint) -> bool {
    taint.effect == EFFECT_NO_SCHEDULE || taint.effect == EFFECT_NO_EXECUTE
}

/// `node.spec.taints`, empty when unset.
pub fn node_taints(node: &Node) -> &[Taint] {
    node.spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tol(key: &str, op: &str, value: &str, effect: &str) -> Toleration {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Toleration {
            key: opt(key),
            operator: opt(op),
            value: opt(value),
            effect: opt(effect),
            toleration_seconds: None,
        }
    }

    fn taint(key: &str, value: &str, effect: &str) -> Taint {
        Taint {
            key: key.into(),
            value: (!value.is_empty()).then(|| value.into()),
            effect: effect.into(),
            time_added: None,
        }
    }

    #[test]
    fn toleration_matching() {
        // (name, toleration, taint, tolerated) — after k8s.io/api toleration_test.go.
        let cases = [
            (
                "same key, value and effect",
                tol("foo", "Equal", "bar", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "default operator is Equal",
                tol("foo", "", "bar", "NoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                true,
            ),
            (
                "Equal with a different value",
                tol("foo", "Equal", "bar", "NoSchedule"),
                taint("foo", "baz", "NoSchedule"),
                false,
            ),
            (
                "Equal with no value matches a taint with no value",
                tol("foo", "Equal", "", "NoSchedule"),
                taint("foo", "", "NoSchedule"),
                true,
            ),
            (
                "different key",
                tol("foo", "Exists", "", "NoSchedule"),
                taint("other", "bar", "NoSchedule"),
                false,
            ),
            (
                "different effect",
                tol("foo", "Equal", "bar", "PreferNoSchedule"),
                taint("foo", "bar", "NoSchedule"),
                false,
            ),
            (
                "empty effect matches every effect",
                tol("foo", "Equal", "bar", ""),
                taint("foo", "bar", "NoExecute"),
                true,
            ),
            (
                "Exists ignores the value",
                tol("foo", "Exists", "", "NoSchedule"),
                taint("foo", "anything", "NoSchedule"),
                true,
            ),
            (
                "Exists with a value still ignores it",
                tol("foo", "Exists", "bar", "NoSchedule"),
                taint("foo", "baz", "NoSchedule"),
                true,
            ),
            (
                "empty key with Exists tolerates every taint",
                tol("", "Exists", "", ""),
                taint("any", "thing", "NoExecute"),
                true,
            ),
            (
                "empty key with Exists still honours the effect",
                tol("", "Exists", "", "NoSchedule"),
                taint("any", "thing", "NoExecute"),
                false,
            ),
            (
                "empty key with Equal compares only values (invalid, but upstream code does so)",
                tol("", "Equal", "v", ""),
                taint("any", "v", "NoSchedule"),
                true,
            ),
            (
                "Gt is not an operator in 1.33",
                tol("sla", "Gt", "1", "NoSchedule"),
                taint("sla", "2", "NoSchedule"),
                false,
            ),
        ];
        for (name, t, tn, want) in cases {
            assert_eq!(tolerates(&t, &tn), want, "{name}");
        }
    }

    #[test]
    fn first_untolerated_taint_respects_the_filter() {
        let taints = [
            taint("soft", "", "PreferNoSchedule"),
            taint("a", "1", "NoSchedule"),
            taint("b", "2", "NoExecute"),
        ];
        let tols = [tol("a", "Exists", "", "")];
        let got = find_matching_untolerated_taint(&taints, &tols, is_do_not_schedule_taint);
        assert_eq!(got.map(|t| t.key.as_str()), Some("b"));
        let all = find_matching_untolerated_taint(&taints, &tols, |_| true);
        assert_eq!(all.map(|t| t.key.as_str()), Some("soft"));
        let none = find_matching_untolerated_taint(&taints, &[tol("", "Exists", "", "")], |_| true);
        assert!(none.is_none());
    }
}
