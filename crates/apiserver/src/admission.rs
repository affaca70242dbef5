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

/// Priority admission: a pod's `priorityClassName` resolves to `spec.priority` (and
/// `preemptionPolicy`); without one, the global default class applies, else priority 0.
pub async fn resolve_priority(state: &ApiState, pod: &mut Value) -> ApiResult<()> {
    let def = state
        .registry
        .get("scheduling.k8s.io", "v1", "priorityclasses")
        .expect("priority classes are built in");
    let class_name = pod
        .pointer("/spec/priorityClassName")
        .and_then(Value::as_str)
        .map(String::from);
    let class = match &class_name {
        Some(name) if !name.is_empty() => match state.objects.get_opt(&def, None, name).await? {
            Some(c) => Some(c),
            None if matches!(name.as_str(), "system-cluster-critical" | "system-node-critical") => None,
            None => {
                let pod_name = crate::meta::name(pod).unwrap_or_default();
                return Err(ApiError::Forbidden(format!(
                    "pods \"{pod_name}\" is forbidden: no PriorityClass with name {name} was found"
                )));
            }
        },
        _ => state
            .objects
            .list(&def, None, Default::default())
            .await?
            .items
            .into_iter()
            .find(|c| c.get("globalDefault").and_then(Value::as_bool) == Some(true)),
    };
    let Some(class) = class else { return Ok(()) };
    let Some(spec) = pod.get_mut("spec").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    if let Some(v) = class.get("value").cloned() {
        spec.insert("priority".into(), v);
    }
    if class_name.is_none() {
        if let Some(n) = crate::meta::name(&class) {
            spec.insert("priorityClassName".into(), json!(n));
        }
    }
    if let Some(p) = class.get("preemptionPolicy").cloned() {
        spec.insert("preemptionPolicy".into(), p);
    }
    Ok(())
}
