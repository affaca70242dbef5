//! Namespaces, ConfigMaps, Secrets, ServiceAccounts and ResourceQuotas.

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::util::{age, at, col, len_at, name, quantity, str_at, AGE_COLUMN, NAME_COLUMN};
use crate::{Column, Printer, Row};

pub(crate) const NAMESPACE: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Status", "string", "The status of the namespace"),
        AGE_COLUMN,
    ],
    row: namespace,
};

fn namespace(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        str_at(obj, "/status/phase").into(),
        age(obj, now).into(),
    ])
}

pub(crate) const CONFIG_MAP: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Data", "string", docs::CONFIGMAP_DATA),
        AGE_COLUMN,
    ],
    row: config_map,
};

fn config_map(obj: &Value, now: Timestamp) -> Row {
    let data = len_at(obj, "/data") + len_at(obj, "/binaryData");
    Row::new(vec![name(obj).into(), data.into(), age(obj, now).into()])
}

pub(crate) const SECRET: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Type", "string", docs::SECRET_TYPE),
        col("Data", "string", docs::SECRET_DATA),
        AGE_COLUMN,
    ],
    row: secret,
};

fn secret(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        str_at(obj, "/type").into(),
        len_at(obj, "/data").into(),
        age(obj, now).into(),
    ])
}

pub(crate) const SERVICE_ACCOUNT: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Secrets", "string", docs::SA_SECRETS),
        AGE_COLUMN,
    ],
    row: service_account,
};

fn service_account(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        len_at(obj, "/secrets").into(),
        age(obj, now).into(),
    ])
}

const RESOURCE_QUOTA_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
    col(
        "Limit",
        "string",
        "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.",
    ),
    AGE_COLUMN,
];

pub(crate) const RESOURCE_QUOTA: Printer = Printer {
    columns: RESOURCE_QUOTA_COLUMNS,
    row: resource_quota,
};

/// `resource: used/hard` for every hard limit, sorted by resource name; `limits.*` resources go to
/// the Limit cell, the others to the Request cell.
fn resource_quota(obj: &Value, now: Timestamp) -> Row {
    let mut request = Vec::new();
    let mut limit = Vec::new();
    if let Some(Value::Object(hard)) = at(obj, "/status/hard") {
        let mut resources: Vec<&String> = hard.keys().collect();
        resources.sort();
        for r in resources {
            let used = at(obj, "/status/used").and_then(|u| u.get(r.as_str()));
            let s = format!("{r}: {}/{}", quantity(used), quantity(hard.get(r.as_str())));
            let pieces: Vec<&str> = r.split('.').collect();
            if pieces.len() > 1 && pieces[0] == "limits" {
                limit.push(s);
            } else {
                request.push(s);
            }
        }
    }
    Row::new(vec![
        name(obj).into(),
        request.join(", ").into(),
        limit.join(", ").into(),
        age(obj, now).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    #[test]
    fn rows() {
        let meta = |name: &str| json!({"name": name, "creationTimestamp": "2025-05-01T11:59:15Z"});
        let cases: Vec<(&Printer, Value, Value)> = vec![
            (
                &NAMESPACE,
                json!({"metadata": meta("default"), "status": {"phase": "Active"}}),
                json!(["default", "Active", "45s"]),
            ),
            (
                &NAMESPACE,
                json!({"metadata": meta("old"), "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Terminating"}}),
                json!(["old", "Terminating", "45s"]),
            ),
            (
                &CONFIG_MAP,
                json!({"metadata": meta("kube-root-ca.crt"), "data": {"ca.crt": "..."}, "binaryData": {"b": "AA=="}}),
                json!(["kube-root-ca.crt", 2, "45s"]),
            ),
            (
                &CONFIG_MAP,
                json!({"metadata": meta("empty")}),
                json!(["empty", 0, "45s"]),
            ),
            (
                &SECRET,
                json!({"metadata": meta("tls"), "type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}}),
                json!(["tls", "kubernetes.io/tls", 2, "45s"]),
            ),
            (
                &SECRET,
                json!({"metadata": meta("opaque"), "type": "Opaque"}),
                json!(["opaque", "Opaque", 0, "45s"]),
            ),
            (
                &SERVICE_ACCOUNT,
                json!({"metadata": meta("default")}),
                json!(["default", 0, "45s"]),
            ),
            (
                &SERVICE_ACCOUNT,
                json!({"metadata": meta("builder"), "secrets": [{"name": "builder-token"}]}),
                json!(["builder", 1, "45s"]),
            ),
            (
                &RESOURCE_QUOTA,
                json!({"metadata": meta("compute"),
                    "spec": {"hard": {"requests.cpu": "1", "limits.memory": "2Gi"}},
                    "status": {"hard": {"requests.cpu": "1", "requests.memory": "1Gi", "pods": "10",
                            "limits.cpu": "2", "limits.memory": "2Gi"},
                        "used": {"requests.cpu": "500m", "requests.memory": "0", "pods": "3", "limits.cpu": "1"}}}),
                json!([
                    "compute",
                    "pods: 3/10, requests.cpu: 500m/1, requests.memory: 0/1Gi",
                    "limits.cpu: 1/2, limits.memory: 0/2Gi",
                    "45s"
                ]),
            ),
            (
                &RESOURCE_QUOTA,
                json!({"metadata": meta("new"), "spec": {"hard": {"pods": "1"}}}),
                json!(["new", "", "", "45s"]),
            ),
        ];
        for (p, obj, want) in cases {
            let r = (p.row)(&obj, test_now());
            assert_eq!(r.cells.len(), p.columns.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }

    #[test]
    fn quota_columns() {
        let names: Vec<_> = RESOURCE_QUOTA_COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(names, ["Name", "Request", "Limit", "Age"]);
    }
}
