//! Built-in admission the API server itself performs: namespace lifecycle.

use crate::error::{ApiError, ApiResult};
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
