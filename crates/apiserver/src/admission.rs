//! Built-in admission the API server itself performs: namespace lifecycle and the default
//! StorageClass of new claims.

use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::state::ApiState;

/// Creating in a namespace needs it to exist and not be terminating (upstream NamespaceLifecycle).
pub async fn check_namespace_open(state: &ApiState, ns: &str) -> ApiResult<()> {
    let def = state
        .registry
        .get("", "v1", "namespaces")
        .expect("namespaces are built in");
    match state.objects.get_opt(&def, None, ns).await? {
        None => Err(ApiError::NotFound(def.subject(ns))),
        Some(obj) if crate::meta::is_deleting(&obj) => Err(ApiError::Forbidden(format!(
            "unable to create new content in namespace {ns} because it is being terminated"
        ))),
        Some(_) => Ok(()),
    }
}

/// The annotation marking the default StorageClass.
const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

/// A new PersistentVolumeClaim without `storageClassName` gets the default StorageClass, if there is
/// one (upstream DefaultStorageClass admission: the newest default class wins when several are marked).
pub async fn default_storage_class(state: &ApiState, pvc: &mut Value) -> ApiResult<()> {
    if pvc
        .pointer("/spec/storageClassName")
        .is_some_and(|v| !v.is_null())
    {
        return Ok(());
    }
    let def = state
        .registry
        .get("storage.k8s.io", "v1", "storageclasses")
        .expect("storage classes are built in");
    let classes = state.objects.list(&def, None, Default::default()).await?.items;
    let default = classes
        .iter()
        .filter(|c| {
            c.pointer("/metadata/annotations")
                .and_then(|a| a.get(DEFAULT_CLASS_ANNOTATION))
                .and_then(Value::as_str)
                == Some("true")
        })
        .max_by(|a, b| {
            let ts = |o: &Value| {
                o.pointer("/metadata/creationTimestamp")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            ts(a)
                .cmp(&ts(b))
                .then_with(|| crate::meta::name(b).cmp(&crate::meta::name(a)))
        });
    if let (Some(class), Some(spec)) = (default, pvc.get_mut("spec").and_then(Value::as_object_mut)) {
        spec.insert("storageClassName".into(), json!(crate::meta::name(class)));
    }
    Ok(())
}
