//! Objects every cluster has from the start: the four system namespaces and the `kubernetes` Service.

use serde_json::json;

use crate::error::{ApiError, ApiResult};
use crate::state::ApiState;

pub const SYSTEM_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

fn new_object(mut obj: serde_json::Value) -> serde_json::Value {
    let m = crate::meta::meta_mut(&mut obj);
    m.insert("uid".into(), json!(crate::meta::new_uid()));
    m.insert("creationTimestamp".into(), json!(crate::meta::now_rfc3339()));
    obj
}

pub async fn ensure_defaults(state: &ApiState) -> ApiResult<()> {
    let ns_def = state.registry.get("", "v1", "namespaces").expect("built in");
    for ns in SYSTEM_NAMESPACES {
        let obj = new_object(json!({
            "kind": "Namespace", "apiVersion": "v1",
            "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"},
        }));
        match state.objects.create(&ns_def, None, ns, obj).await {
            Ok(_) | Err(ApiError::AlreadyExists(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let svc_def = state.registry.get("", "v1", "services").expect("built in");
    let svc = new_object(json!({
        "kind": "Service", "apiVersion": "v1",
        "metadata": {"name": "kubernetes", "namespace": "default",
                     "labels": {"component": "apiserver", "provider": "kubernetes"}},
        "spec": {
            "type": "ClusterIP", "clusterIP": "10.43.0.1", "clusterIPs": ["10.43.0.1"],
            "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            "sessionAffinity": "None", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "internalTrafficPolicy": "Cluster",
        },
        "status": {"loadBalancer": {}},
    }));
    match state
        .objects
        .create(&svc_def, Some("default"), "kubernetes", svc)
        .await
    {
        Ok(_) | Err(ApiError::AlreadyExists(_)) => Ok(()),
        Err(e) => Err(e),
    }
}
