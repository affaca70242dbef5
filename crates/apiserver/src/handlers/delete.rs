//! DELETE: preconditions, graceful deletion of pods bound to nodes, finalizers, collections.

use http::{Response, StatusCode};
use serde_json::{json, Value};

use super::body::parse_value;
use super::{object_response, value_response, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::http::body::ResponseBody;
use crate::objects::resource_version;
use crate::registry::ResourceDef;
use crate::{meta, namespaces};

/// `metav1.DeleteOptions`, from the body and the query.
#[derive(Default)]
pub(super) struct DeleteOptions {
    grace_period_seconds: Option<i64>,
    precondition_uid: Option<String>,
    precondition_rv: Option<String>,
}

fn options(ctx: &Ctx) -> ApiResult<DeleteOptions> {
    let mut o = DeleteOptions {
        grace_period_seconds: ctx.query.grace_period_seconds,
        ..Default::default()
    };
    if !ctx.body.is_empty() {
        let body = parse_value(ctx)?;
        if let Some(g) = body.get("gracePeriodSeconds").and_then(Value::as_i64) {
            o.grace_period_seconds = Some(g);
        }
        o.precondition_uid = body
            .pointer("/preconditions/uid")
            .and_then(Value::as_str)
            .map(String::from);
        o.precondition_rv = body
            .pointer("/preconditions/resourceVersion")
            .and_then(Value::as_str)
            .map(String::from);
    }
    Ok(o)
}

/// Pods bound to a node are deleted gracefully: the node agent removes them once stopped.
pub fn waits_for_node(def: &ResourceDef, obj: &Value) -> bool {
    def.graceful_delete
        && obj
            .pointer("/spec/nodeName")
            .and_then(Value::as_str)
            .is_some_and(|n| !n.is_empty())
        && obj
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(Value::as_i64)
            .unwrap_or(0)
            > 0
}

pub async fn delete(ctx: &Ctx) -> ApiResult<Response<ResponseBody>> {
    let opts = options(ctx)?;
    let obj = delete_one(ctx, ctx.ns(), ctx.name(), &opts).await?;
    object_response(ctx, StatusCode::OK, obj)
}

pub(super) async fn delete_one(
    ctx: &Ctx,
    ns: Option<&str>,
    name: &str,
    opts: &DeleteOptions,
) -> ApiResult<Value> {
    let def = &ctx.def;
    for _ in 0..8 {
        let obj = ctx.state.objects.get(def, ns, name).await?;
        let uid = obj.pointer("/metadata/uid").and_then(Value::as_str);
        if opts.precondition_uid.as_deref().is_some_and(|u| Some(u) != uid) {
            return Err(precondition_failed(
                def,
                name,
                "UID",
                opts.precondition_uid.as_deref(),
                uid,
            ));
        }
        if opts
            .precondition_rv
            .as_deref()
            .is_some_and(|r| Some(r) != resource_version(&obj))
        {
            return Err(precondition_failed(
                def,
                name,
                "ResourceVersion",
                opts.precondition_rv.as_deref(),
                resource_version(&obj),
            ));
        }
        let rev: i64 = resource_version(&obj).and_then(|r| r.parse().ok()).unwrap_or(0);
        if ctx.query.dry_run {
            return Ok(obj);
        }
        let mut next = obj.clone();
        let grace = graceful_period(def, &obj, opts.grace_period_seconds);
        let finalizers = !meta::finalizers(&obj).is_empty();
        if def.kind == "Namespace" && def.group.is_empty() {
            return namespaces::begin_deletion(&ctx.state, def, obj).await;
        }
        if grace.is_none() && !finalizers {
            match ctx.state.objects.delete(def, ns, name, Some(rev)).await {
                Err(ApiError::Conflict { .. }) => continue,
                other => return other,
            }
        }
        // Graceful or finalized: mark the object as being deleted and keep it.
        if meta::is_deleting(&obj) && grace.is_none() {
            return Ok(obj);
        }
        let m = meta::meta_mut(&mut next);
        let g = grace.unwrap_or(0);
        if !m.contains_key("deletionTimestamp") || grace.is_some() {
            let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(g);
            m.insert(
                "deletionTimestamp".into(),
                json!(at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
            );
            m.insert("deletionGracePeriodSeconds".into(), json!(g));
        }
        match ctx.state.objects.update(def, ns, name, next, rev).await {
            Err(ApiError::Conflict { .. }) => continue,
            other => return other,
        }
    }
    Err(crate::objects::conflict(def, name))
}

/// The grace period a delete waits for, or None to delete at once.
fn graceful_period(def: &ResourceDef, obj: &Value, requested: Option<i64>) -> Option<i64> {
    if !def.graceful_delete {
        return None;
    }
    let bound = obj
        .pointer("/spec/nodeName")
        .and_then(Value::as_str)
        .is_some_and(|n| !n.is_empty());
    let terminal = matches!(
        obj.pointer("/status/phase").and_then(Value::as_str),
        Some("Succeeded" | "Failed")
    );
    if !bound || terminal {
        return None;
    }
    let grace = requested
        .or_else(|| {
            obj.pointer("/spec/terminationGracePeriodSeconds")
                .and_then(Value::as_i64)
        })
        .unwrap_or(30);
    // A shorter grace period may replace a longer one; zero means now.
    let current = obj
        .pointer("/metadata/deletionGracePeriodSeconds")
        .and_then(Value::as_i64);
    match (grace, current) {
        (0, _) => None,
        (g, Some(c)) if g >= c => Some(c),
        (g, _) => Some(g),
    }
}

fn precondition_failed(
    def: &ResourceDef,
    name: &str,
    what: &str,
    want: Option<&str>,
    got: Option<&str>,
) -> ApiError {
    let subject = def.subject(name);
    ApiError::Conflict {
        message: format!(
            "Operation cannot be fulfilled on {} \"{name}\": Precondition failed: {what} in precondition: {}, {what} in object meta: {}",
            subject.qualified(),
            want.unwrap_or_default(),
            got.unwrap_or_default()
        ),
        subject,
        causes: vec![],
    }
}

/// DELETE on a collection: every object matching the selectors.
pub async fn delete_collection(ctx: &Ctx) -> ApiResult<Response<ResponseBody>> {
    let opts = options(ctx)?;
    let listed = super::list::collect(ctx).await?;
    let mut deleted = Vec::new();
    for obj in listed.items {
        let name = meta::name(&obj).unwrap_or_default().to_string();
        let ns = meta::namespace(&obj).map(String::from);
        match delete_one(ctx, ns.as_deref(), &name, &opts).await {
            Ok(o) => deleted.push(o),
            Err(ApiError::NotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let body = json!({
        "kind": ctx.def.list_kind(),
        "apiVersion": ctx.def.api_version(),
        "metadata": {"resourceVersion": listed.revision.to_string()},
        "items": deleted,
    });
    Ok(value_response(StatusCode::OK, &body, ctx.output))
}
