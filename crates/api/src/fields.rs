//! Field selectors: which field labels each kind accepts (upstream field-label conversion
//! functions) and their values (the registries' `ToSelectableFields`).
//!
//! Kinds without a conversion function accept only `metadata.name` and `metadata.namespace`,
//! with upstream's default error text.

use serde_json::Value;

use crate::Gvk;

/// A field label the kind does not support; `Display` is upstream's error text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnsupportedField {
    /// Kinds with a conversion function: `field label not supported: <label>`.
    #[error("field label not supported: {0}")]
    NotSupported(String),
    /// batch/v1 Job's own wording.
    #[error("field label \"{0}\" not supported for batchv1.Job")]
    Job(String),
    /// Kinds without a conversion function.
    #[error("\"{0}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")]
    NotKnown(String),
}

fn str_at<'a>(obj: &'a Value, ptr: &str) -> &'a str {
    obj.pointer(ptr).and_then(Value::as_str).unwrap_or_default()
}

fn int_at(obj: &Value, ptr: &str) -> String {
    obj.pointer(ptr).and_then(Value::as_i64).unwrap_or(0).to_string()
}

fn bool_at(obj: &Value, ptr: &str) -> String {
    obj.pointer(ptr)
        .and_then(Value::as_bool)
        .unwrap_or(false)
        .to_string()
}

fn meta(obj: &Value, field: &str) -> Option<String> {
    match field {
        "metadata.name" => Some(str_at(obj, "/metadata/name").to_string()),
        "metadata.namespace" => Some(str_at(obj, "/metadata/namespace").to_string()),
        _ => None,
    }
}

/// See [`crate::field_value`].
pub fn field_value(gvk: &Gvk<'_>, obj: &Value, field: &str) -> Result<String, UnsupportedField> {
    let unsupported = || UnsupportedField::NotSupported(field.to_string());
    match (gvk.group, gvk.kind) {
        ("", "Pod") => Ok(match field {
            "metadata.name" | "metadata.namespace" => meta(obj, field).unwrap_or_default(),
            "spec.nodeName" | "spec.host" => str_at(obj, "/spec/nodeName").to_string(),
            "spec.restartPolicy" => str_at(obj, "/spec/restartPolicy").to_string(),
            "spec.schedulerName" => str_at(obj, "/spec/schedulerName").to_string(),
            "spec.serviceAccountName" => str_at(obj, "/spec/serviceAccountName").to_string(),
            "spec.hostNetwork" => bool_at(obj, "/spec/hostNetwork"),
            "status.phase" => str_at(obj, "/status/phase").to_string(),
            "status.podIP" => str_at(obj, "/status/podIPs/0/ip").to_string(),
            // Accepted as a label but not in the selectable set: always empty upstream.
            "status.podIPs" => String::new(),
            "status.nominatedNodeName" => str_at(obj, "/status/nominatedNodeName").to_string(),
            _ => return Err(unsupported()),
        }),
        ("", "Node") => match field {
            "metadata.name" => Ok(str_at(obj, "/metadata/name").to_string()),
            "spec.unschedulable" => Ok(bool_at(obj, "/spec/unschedulable")),
            _ => Err(unsupported()),
        },
        ("", "ReplicationController") => match field {
            "metadata.name" | "metadata.namespace" => Ok(meta(obj, field).unwrap_or_default()),
            "status.replicas" => Ok(int_at(obj, "/status/replicas")),
            _ => Err(unsupported()),
        },
        ("", "Event") => Ok(match field {
            "metadata.name" | "metadata.namespace" => meta(obj, field).unwrap_or_default(),
            "involvedObject.kind" => str_at(obj, "/involvedObject/kind").to_string(),
            "involvedObject.namespace" => str_at(obj, "/involvedObject/namespace").to_string(),
            "involvedObject.name" => str_at(obj, "/involvedObject/name").to_string(),
            "involvedObject.uid" => str_at(obj, "/involvedObject/uid").to_string(),
            "involvedObject.apiVersion" => str_at(obj, "/involvedObject/apiVersion").to_string(),
            "involvedObject.resourceVersion" => str_at(obj, "/involvedObject/resourceVersion").to_string(),
            "involvedObject.fieldPath" => str_at(obj, "/involvedObject/fieldPath").to_string(),
            "reason" => str_at(obj, "/reason").to_string(),
            "reportingComponent" => str_at(obj, "/reportingComponent").to_string(),
            "source" => {
                let c = str_at(obj, "/source/component");
                if c.is_empty() {
                    str_at(obj, "/reportingComponent")
                } else {
                    c
                }
                .to_string()
            }
            "type" => str_at(obj, "/type").to_string(),
            _ => return Err(unsupported()),
        }),
        ("events.k8s.io", "Event") => Ok(match field {
            "metadata.name" | "metadata.namespace" => meta(obj, field).unwrap_or_default(),
            "reason" => str_at(obj, "/reason").to_string(),
            "type" => str_at(obj, "/type").to_string(),
            "reportingController" => str_at(obj, "/reportingController").to_string(),
            f if f.starts_with("regarding.") => {
                let sub = &f["regarding.".len()..];
                match sub {
                    "kind" | "namespace" | "name" | "uid" | "apiVersion" | "resourceVersion"
                    | "fieldPath" => str_at(obj, &format!("/regarding/{sub}")).to_string(),
                    _ => return Err(unsupported()),
                }
            }
            _ => return Err(unsupported()),
        }),
        ("", "Namespace") => match field {
            "metadata.name" => Ok(str_at(obj, "/metadata/name").to_string()),
            "status.phase" => Ok(str_at(obj, "/status/phase").to_string()),
            _ => Err(unsupported()),
        },
        ("", "Secret") => match field {
            "metadata.name" | "metadata.namespace" => Ok(meta(obj, field).unwrap_or_default()),
            "type" => Ok(str_at(obj, "/type").to_string()),
            _ => Err(unsupported()),
        },
        ("", "Service") => match field {
            "metadata.name" | "metadata.namespace" => Ok(meta(obj, field).unwrap_or_default()),
            "spec.clusterIP" => Ok(str_at(obj, "/spec/clusterIP").to_string()),
            "spec.type" => Ok(str_at(obj, "/spec/type").to_string()),
            _ => Err(unsupported()),
        },
        ("batch", "Job") => match field {
            "metadata.name" | "metadata.namespace" => Ok(meta(obj, field).unwrap_or_default()),
            "status.successful" => Ok(int_at(obj, "/status/succeeded")),
            _ => Err(UnsupportedField::Job(field.to_string())),
        },
        _ => meta(obj, field).ok_or_else(|| UnsupportedField::NotKnown(field.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn table() {
        let pod = json!({"metadata": {"name": "p", "namespace": "ns"},
            "spec": {"nodeName": "n1", "restartPolicy": "Always", "hostNetwork": true},
            "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.5"}]}});
        let g = Gvk::new("", "v1", "Pod");
        let cases = [
            ("metadata.name", "p"),
            ("metadata.namespace", "ns"),
            ("spec.nodeName", "n1"),
            ("spec.hostNetwork", "true"),
            ("status.phase", "Running"),
            ("status.podIP", "10.0.0.5"),
            ("status.podIPs", ""),
            ("spec.schedulerName", ""),
        ];
        for (f, v) in cases {
            assert_eq!(field_value(&g, &pod, f).unwrap(), v, "{f}");
        }
        assert_eq!(
            field_value(&g, &pod, "spec.bogus").unwrap_err().to_string(),
            "field label not supported: spec.bogus"
        );

        let rs = Gvk::new("apps", "v1", "ReplicaSet");
        assert_eq!(
            field_value(&rs, &json!({}), "status.replicas").unwrap_err().to_string(),
            "\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        );
        let job = Gvk::new("batch", "v1", "Job");
        assert_eq!(
            field_value(&job, &json!({"status": {"succeeded": 2}}), "status.successful").unwrap(),
            "2"
        );
        assert_eq!(
            field_value(&job, &json!({}), "status.failed")
                .unwrap_err()
                .to_string(),
            "field label \"status.failed\" not supported for batchv1.Job"
        );
        let node = Gvk::new("", "v1", "Node");
        assert_eq!(
            field_value(&node, &json!({"spec": {}}), "spec.unschedulable").unwrap(),
            "false"
        );
        let ev = Gvk::new("", "v1", "Event");
        assert_eq!(
            field_value(&ev, &json!({"reportingComponent": "kubelet"}), "source").unwrap(),
            "kubelet"
        );
        let ev2 = Gvk::new("events.k8s.io", "v1", "Event");
        assert_eq!(
            field_value(&ev2, &json!({"regarding": {"kind": "Pod"}}), "regarding.kind").unwrap(),
            "Pod"
        );
    }
}
