//! Namespace deletion: mark the namespace Terminating, remove its contents, then remove it.
//!
//! Upstream does the content removal in kube-controller-manager's namespace controller; it lives here
//! until Skiff's controllers crate exists, and must move there then (it already writes only through the
//! object layer, never the raw store).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::error::ApiResult;
use crate::objects::resource_version;
use crate::registry::ResourceDef;
use crate::state::ApiState;

/// Called by DELETE on a namespace: returns the namespace as it now is (Terminating).
pub async fn begin_deletion(state: &Arc<ApiState>, def: &ResourceDef, ns_obj: Value) -> ApiResult<Value> {
    let name = crate::meta::name(&ns_obj).unwrap_or_default().to_string();
    let updated = if crate::meta::is_deleting(&ns_obj) {
        ns_obj
    } else {
        let rev: i64 = resource_version(&ns_obj)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        let mut next = ns_obj.clone();
        crate::meta::meta_mut(&mut next)
            .insert("deletionTimestamp".into(), json!(crate::meta::now_rfc3339()));
        crate::meta::meta_mut(&mut next).insert("deletionGracePeriodSeconds".into(), json!(0));
        next["status"] = json!({"phase": "Terminating"});
        state.objects.update(def, None, &name, next, rev).await?
    };
    let state = state.clone();
    let def = def.clone();
    tokio::spawn(async move {
        if let Err(e) = finalize(&state, &def, &name).await {
            tracing::warn!(namespace = %name, error = %e, "namespace cleanup failed");
        }
    });
    Ok(updated)
}

async fn finalize(state: &ApiState, ns_def: &ResourceDef, ns: &str) -> ApiResult<()> {
    for def in state.registry.all().into_iter().filter(|d| d.namespaced) {
        // events.k8s.io events share nothing with core events here; each resource is emptied on its own.
        let page = state.objects.list(&def, Some(ns), Default::default()).await?;
        for obj in page.items {
            let name = crate::meta::name(&obj).unwrap_or_default().to_string();
            match state.objects.delete(&def, Some(ns), &name, None).await {
                Ok(_) | Err(crate::error::ApiError::NotFound(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    match state.objects.delete(ns_def, None, ns, None).await {
        Ok(_) | Err(crate::error::ApiError::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}
