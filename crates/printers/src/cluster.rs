//! Leases, PodDisruptionBudgets and PriorityClasses.

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::util::{age, at, bool_at, col, int_at, int_or_string, name, str_at, AGE_COLUMN, NAME_COLUMN};
use crate::{Printer, Row};

pub(crate) const LEASE: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Holder", "string", docs::LEASE_HOLDER),
        AGE_COLUMN,
    ],
    row: lease,
};

fn lease(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        str_at(obj, "/spec/holderIdentity").into(),
        age(obj, now).into(),
    ])
}

pub(crate) const POD_DISRUPTION_BUDGET: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col(
            "Min Available",
            "string",
            "The minimum number of pods that must be available.",
        ),
        col(
            "Max Unavailable",
            "string",
            "The maximum number of pods that may be unavailable.",
        ),
        col(
            "Allowed Disruptions",
            "integer",
            "Calculated number of pods that may be disrupted at this time.",
        ),
        AGE_COLUMN,
    ],
    row: pod_disruption_budget,
};

fn pod_disruption_budget(obj: &Value, now: Timestamp) -> Row {
    let int_or_na = |p: &str| at(obj, p).map(int_or_string).unwrap_or_else(|| "N/A".to_string());
    Row::new(vec![
        name(obj).into(),
        int_or_na("/spec/minAvailable").into(),
        int_or_na("/spec/maxUnavailable").into(),
        int_at(obj, "/status/disruptionsAllowed").into(),
        age(obj, now).into(),
    ])
}

pub(crate) const PRIORITY_CLASS: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Value", "integer", docs::PC_VALUE),
        col("Global-Default", "boolean", docs::PC_GLOBAL_DEFAULT),
        AGE_COLUMN,
        // Priority 0 upstream, though only printed "wide" (which the server always does).
        col("PreemptionPolicy", "string", docs::PC_PREEMPTION_POLICY),
    ],
    row: priority_class,
};

fn priority_class(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        int_at(obj, "/value").into(),
        bool_at(obj, "/globalDefault").into(),
        age(obj, now).into(),
        str_at(obj, "/preemptionPolicy").into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    const CREATED: &str = "2025-05-01T11:59:00Z";

    #[test]
    fn rows() {
        let cases: Vec<(&Printer, Value, Value)> = vec![
            (
                &LEASE,
                json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": {"name": "kube-scheduler", "namespace": "kube-system", "creationTimestamp": CREATED},
                    "spec": {"holderIdentity": "cp_1b2c3d", "leaseDurationSeconds": 15}}),
                json!(["kube-scheduler", "cp_1b2c3d", "60s"]),
            ),
            (
                &LEASE,
                json!({"metadata": {"name": "free", "creationTimestamp": CREATED}, "spec": {}}),
                json!(["free", "", "60s"]),
            ),
            (
                &POD_DISRUPTION_BUDGET,
                json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                    "metadata": {"name": "web-pdb", "creationTimestamp": CREATED},
                    "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "web"}}},
                    "status": {"disruptionsAllowed": 1, "currentHealthy": 3, "desiredHealthy": 2, "expectedPods": 3}}),
                json!(["web-pdb", "2", "N/A", 1, "60s"]),
            ),
            (
                &POD_DISRUPTION_BUDGET,
                json!({"metadata": {"name": "db-pdb", "creationTimestamp": CREATED},
                    "spec": {"maxUnavailable": "25%"}, "status": {}}),
                json!(["db-pdb", "N/A", "25%", 0, "60s"]),
            ),
            (
                &PRIORITY_CLASS,
                json!({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                    "metadata": {"name": "system-node-critical", "creationTimestamp": CREATED},
                    "value": 2000001000, "preemptionPolicy": "PreemptLowerPriority"}),
                json!([
                    "system-node-critical",
                    2000001000,
                    false,
                    "60s",
                    "PreemptLowerPriority"
                ]),
            ),
            (
                &PRIORITY_CLASS,
                json!({"metadata": {"name": "batch-low", "creationTimestamp": CREATED},
                    "value": -10, "globalDefault": true, "preemptionPolicy": "Never"}),
                json!(["batch-low", -10, true, "60s", "Never"]),
            ),
        ];
        for (p, obj, want) in cases {
            let r = (p.row)(&obj, test_now());
            assert_eq!(r.cells.len(), p.columns.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }
}
