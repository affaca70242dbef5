//! Subresources with their own shapes: `scale` (autoscaling/v1 Scale), `binding`, `eviction`.

use http::{Response, StatusCode};
use serde_json::{json, Value};
use skiff_apimachinery::labels::LabelSelector;

use super::body::{parse_as, parse_value};
use super::write::write_update;
use super::{success_status, value_response, Ctx};
use crate::error::{ApiError, ApiResult, Cause};
use crate::http::body::ResponseBody;
use crate::http::negotiate::{self, Input};
use crate::meta;
use crate::objects::{self, resource_version};

fn scale_of(obj: &Value) -> Value {
    let selector = obj
        .pointer("/spec/selector")
        .and_then(|s| LabelSelector::from_metav1(s).ok())
        .map(|s| s.to_string())
        .unwrap_or_default();
    let m = meta::meta(obj);
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": m.get("name"), "namespace": m.get("namespace"), "uid": m.get("uid"),
            "resourceVersion": m.get("resourceVersion"), "creationTimestamp": m.get("creationTimestamp"),
        },
        "spec": {"replicas": obj.pointer("/spec/replicas").cloned().unwrap_or(json!(0))},
        "status": {
            "replicas": obj.pointer("/status/replicas").cloned().unwrap_or(json!(0)),
            "selector": selector,
        },
    })
}

pub async fn get_scale(ctx: &Ctx) -> ApiResult<Response<ResponseBody>> {
    let obj = ctx.state.objects.get(&ctx.def, ctx.ns(), ctx.name()).await?;
    Ok(value_response(StatusCode::OK, &scale_of(&obj), ctx.output))
}

/// PUT or PATCH of `/scale`: only `spec.replicas` of the object changes.
pub async fn update_scale(ctx: &mut Ctx, is_patch: bool) -> ApiResult<Response<ResponseBody>> {
    let name = ctx.name().to_string();
    for _ in 0..8 {
        let old = ctx.state.objects.get(&ctx.def, ctx.ns(), &name).await?;
        let current = scale_of(&old);
        let scale = if is_patch {
            let input = negotiate::input(ctx.content_type.as_deref())?;
            let p = parse_as(ctx, input)?;
            match input {
                Input::JsonPatch => skiff_apimachinery::patch::json_patch(&current, &p)
                    .map_err(|e| ApiError::BadRequest(e.to_string()))?,
                _ => skiff_apimachinery::patch::merge_patch(&current, &p),
            }
        } else {
            parse_value(ctx)?
        };
        let replicas = scale
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        if replicas < 0 {
            return Err(ApiError::invalid(
                Box::new(crate::error::Subject {
                    kind: "Scale".into(),
                    group: "autoscaling".into(),
                    name: name.clone(),
                    ..Default::default()
                }),
                vec![Cause {
                    reason: "FieldValueInvalid".into(),
                    message: format!("Invalid value: {replicas}: must be greater than or equal to 0"),
                    field: "spec.replicas".into(),
                }],
            ));
        }
        if let Some(rv) = scale.pointer("/metadata/resourceVersion").and_then(Value::as_str) {
            if Some(rv) != resource_version(&old) && !is_patch {
                return Err(objects::conflict(&ctx.def, &name));
            }
        }
        let mut new = old.clone();
        new["spec"]["replicas"] = json!(replicas);
        match write_update(ctx, &old, new, None, "kube-controller-manager-scale").await {
            Err(ApiError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
            Ok(saved) => return Ok(value_response(StatusCode::OK, &scale_of(&saved), ctx.output)),
        }
    }
    Err(objects::conflict(&ctx.def, &name))
}

/// POST `pods/{name}/binding`: assign the pod to a node, once.
pub async fn bind(ctx: &mut Ctx) -> ApiResult<Response<ResponseBody>> {
    let binding = parse_value(ctx)?;
    let name = ctx.name().to_string();
    let node = binding
        .pointer("/target/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if binding
        .pointer("/target/kind")
        .and_then(Value::as_str)
        .is_some_and(|k| !k.is_empty() && k != "Node")
    {
        return Err(ApiError::invalid(
            ctx.def.subject(&name),
            vec![Cause {
                reason: "FieldValueNotSupported".into(),
                message: "Unsupported value: must be empty or 'Node'".into(),
                field: "target.kind".into(),
            }],
        ));
    }
    if node.is_empty() {
        return Err(ApiError::invalid(
            ctx.def.subject(&name),
            vec![Cause {
                reason: "FieldValueRequired".into(),
                message: "Required value".into(),
                field: "target.name".into(),
            }],
        ));
    }
    for _ in 0..8 {
        let old = ctx.state.objects.get(&ctx.def, ctx.ns(), &name).await?;
        if meta::is_deleting(&old) {
            return Err(ApiError::Conflict {
                subject: ctx.def.subject(&name),
                message: format!("pod {name} is being deleted, cannot be assigned to a host"),
                causes: vec![],
            });
        }
        if let Some(existing) = old
            .pointer("/spec/nodeName")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        {
            return Err(ApiError::Conflict {
                subject: ctx.def.subject(&name),
                message: format!("pod {name} is already assigned to node \"{existing}\""),
                causes: vec![],
            });
        }
        let rev: i64 = resource_version(&old).and_then(|r| r.parse().ok()).unwrap_or(0);
        let mut new = old.clone();
        new["spec"]["nodeName"] = json!(node);
        set_condition(&mut new, "PodScheduled", "True");
        match ctx
            .state
            .objects
            .update(&ctx.def, ctx.ns(), &name, new, rev)
            .await
        {
            Err(ApiError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
            Ok(_) => {
                return Ok(value_response(
                    StatusCode::CREATED,
                    &success_status(201, None),
                    ctx.output,
                ))
            }
        }
    }
    Err(objects::conflict(&ctx.def, &name))
}

fn set_condition(pod: &mut Value, kind: &str, status: &str) {
    let now = meta::now_rfc3339();
    if !pod.get("status").is_some_and(Value::is_object) {
        pod["status"] = json!({});
    }
    let conds = pod["status"]
        .as_object_mut()
        .expect("object")
        .entry("conditions")
        .or_insert(json!([]));
    if !conds.is_array() {
        *conds = json!([]);
    }
    let list = conds.as_array_mut().expect("array");
    list.retain(|c| c.get("type").and_then(Value::as_str) != Some(kind));
    list.push(json!({"type": kind, "status": status, "lastProbeTime": null, "lastTransitionTime": now}));
}

/// POST `pods/{name}/eviction`: delete the pod unless a PodDisruptionBudget forbids it (429).
pub async fn evict(ctx: &mut Ctx) -> ApiResult<Response<ResponseBody>> {
    let name = ctx.name().to_string();
    let pod = ctx.state.objects.get(&ctx.def, ctx.ns(), &name).await?;
    let pdb_def = ctx
        .state
        .registry
        .get("policy", "v1", "poddisruptionbudgets")
        .ok_or_else(|| ApiError::Internal("policy/v1 poddisruptionbudgets is not registered".into()))?;
    let terminal = matches!(
        pod.pointer("/status/phase").and_then(Value::as_str),
        Some("Succeeded" | "Failed")
    );
    if !terminal {
        let pdbs = ctx
            .state
            .objects
            .list(&pdb_def, ctx.ns(), Default::default())
            .await?;
        let labels = meta::labels(&pod);
        for pdb in pdbs.items {
            let selects = pdb
                .pointer("/spec/selector")
                .and_then(|s| LabelSelector::from_metav1(s).ok())
                .is_some_and(|s| s.matches(&labels));
            if !selects {
                continue;
            }
            let allowed = pdb
                .pointer("/status/disruptionsAllowed")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            if allowed <= 0 {
                let pdb_name = meta::name(&pdb).unwrap_or_default();
                let desired = pdb
                    .pointer("/status/desiredHealthy")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let current = pdb
                    .pointer("/status/currentHealthy")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                return Err(ApiError::TooManyRequests {
                    message: "Cannot evict pod as it would violate the pod's disruption budget.".into(),
                    causes: vec![Cause {
                        reason: "DisruptionBudget".into(),
                        message: format!(
                            "The disruption budget {pdb_name} needs {desired} healthy pods and has {current} currently"
                        ),
                        field: String::new(),
                    }],
                });
            }
            // Spend one disruption, with compare-and-swap so concurrent evictions cannot both pass.
            let rev: i64 = resource_version(&pdb).and_then(|r| r.parse().ok()).unwrap_or(0);
            let mut spent = pdb.clone();
            spent["status"]["disruptionsAllowed"] = json!(allowed - 1);
            let pdb_name = meta::name(&pdb).unwrap_or_default().to_string();
            ctx.state
                .objects
                .update(&pdb_def, ctx.ns(), &pdb_name, spent, rev)
                .await?;
        }
    }
    // The same deletion a DELETE does: graceful for bound pods, finalizers respected.
    super::delete::delete_one(ctx, ctx.ns(), &name, &Default::default()).await?;
    Ok(value_response(
        StatusCode::CREATED,
        &success_status(201, None),
        ctx.output,
    ))
}
