//! Built-in admission: namespace lifecycle and the status a new object starts with.

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::registry::{ResourceDef, Subresource};
use crate::state::ApiState;

/// Creating in a namespace needs it to exist and not be terminating (upstream NamespaceLifecycle).
pub async fn check_namespace_open(state: &ApiState, ns: &str) -> ApiResult<()> {
    let def = state.registry.get("", "v1", "namespaces").expect("namespaces are built in");
    match state.objects.get_opt(&def, None, ns).await? {
        None => Err(ApiError::NotFound(def.subject(ns))),
        Some(obj) if crate::meta::is_deleting(&obj) => Err(ApiError::Forbidden(format!(
            "unable to create new content in namespace {ns} because it is being terminated"
        ))),
        Some(_) => Ok(()),
    }
}

/// The status an object starts with (each upstream strategy's PrepareForCreate).
pub fn reset_status_on_create(def: &ResourceDef, obj: &mut Value) {
    let status = match (def.group.as_str(), def.kind.as_str()) {
        ("", "Pod") => Some(json!({"phase": "Pending", "qosClass": qos_class(obj)})),
        ("", "Namespace") => Some(json!({"phase": "Active"})),
        ("", "PersistentVolumeClaim") | ("", "PersistentVolume") => Some(json!({"phase": "Pending"})),
        // Nodes may carry their status on create (kubelets and tests register them that way).
        ("", "Node") => None,
        _ if def.has(Subresource::Status) => Some(Value::Null),
        _ => None,
    };
    if let (Some(status), Some(map)) = (status, obj.as_object_mut()) {
        if status.is_null() {
            map.remove("status");
        } else {
            map.insert("status".into(), status);
        }
    }
}

/// Upstream's QoS class: Guaranteed when every container has equal cpu and memory requests and limits,
/// BestEffort when none sets any, Burstable otherwise.
fn qos_class(pod: &Value) -> &'static str {
    let containers: Vec<&Value> = ["containers", "initContainers"]
        .iter()
        .filter_map(|k| pod.pointer(&format!("/spec/{k}")).and_then(Value::as_array))
        .flatten()
        .collect();
    let mut any = false;
    let mut guaranteed = true;
    for c in containers {
        let requests = c.pointer("/resources/requests").and_then(Value::as_object);
        let limits = c.pointer("/resources/limits").and_then(Value::as_object);
        let relevant = |m: Option<&serde_json::Map<String, Value>>| {
            m.map(|m| m.iter().filter(|(k, _)| *k == "cpu" || *k == "memory").count()).unwrap_or(0)
        };
        if relevant(requests) > 0 || relevant(limits) > 0 {
            any = true;
        }
        for r in ["cpu", "memory"] {
            let l = limits.and_then(|m| m.get(r));
            let q = requests.and_then(|m| m.get(r)).or(l);
            if l.is_none() || q != l {
                guaranteed = false;
            }
        }
    }
    match (any, guaranteed) {
        (false, _) => "BestEffort",
        (true, true) => "Guaranteed",
        (true, false) => "Burstable",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qos_classes() {
        let be = json!({"spec": {"containers": [{"name": "a"}]}});
        assert_eq!(qos_class(&be), "BestEffort");
        let g = json!({"spec": {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]}});
        assert_eq!(qos_class(&g), "Guaranteed");
        let b = json!({"spec": {"containers": [{"name": "a", "resources": {"requests": {"cpu": "1"}}}]}});
        assert_eq!(qos_class(&b), "Burstable");
    }
}
