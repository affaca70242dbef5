//! CREATE, UPDATE (PUT) and PATCH: one pipeline of metadata bookkeeping, defaulting, validation,
//! field ownership and a compare-and-swap write.

use http::{Response, StatusCode};
use serde_json::{json, Value};
use skiff_apimachinery::managedfields::{self, ApplySchema};
use skiff_apimachinery::patch::{self as patchlib, PatchSchema};

use super::body::{decode_object, decode_value, parse_as};
use super::{object_response, Ctx};
use crate::error::{ApiError, ApiResult, Cause};
use crate::http::body::ResponseBody;
use crate::http::negotiate::{self, Input};
use crate::objects::{self, resource_version};
use crate::registry::{ResourceDef, Subresource};
use crate::{admission, meta};

/// Field errors from validation, as the causes of a 422.
pub fn causes(errs: Vec<skiff_api::FieldErr>) -> Vec<Cause> {
    errs.into_iter()
        .map(|e| Cause {
            reason: e.reason().to_string(),
            message: e.body(),
            field: e.field.clone(),
        })
        .collect()
}

fn manager(ctx: &Ctx) -> String {
    ctx.query
        .field_manager
        .clone()
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| ctx.user_agent.split('/').next().unwrap_or("unknown").to_string())
}

/// POST to a collection.
pub async fn create(ctx: &mut Ctx) -> ApiResult<Response<ResponseBody>> {
    if ctx.def.namespaced && ctx.info.namespace.is_none() {
        return Err(ApiError::MethodNotAllowed {
            verb: "POST".into(),
            subject: ctx.def.subject(""),
        });
    }
    let obj = decode_object(ctx)?;
    let created = create_object(ctx, obj).await?;
    object_response(ctx, StatusCode::CREATED, created)
}

/// The create pipeline, shared by POST and by apply-patches of objects that do not exist yet.
pub async fn create_object(ctx: &Ctx, mut obj: Value) -> ApiResult<Value> {
    let def = ctx.def.clone();
    let url_ns = ctx.ns().map(String::from);
    {
        let m = meta::meta_mut(&mut obj);
        if def.namespaced {
            match m
                .get("namespace")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                Some(ns) if Some(ns) != url_ns.as_deref() => return Err(ApiError::BadRequest(
                    "the namespace of the provided object does not match the namespace sent on the request"
                        .into(),
                )),
                _ => {
                    m.insert("namespace".into(), json!(url_ns));
                }
            }
        } else {
            m.remove("namespace");
        }
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let generate = m
            .get("generateName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if name.is_empty() && !generate.is_empty() {
            m.insert("name".into(), json!(format!("{generate}{}", meta::name_suffix())));
        }
        m.insert("uid".into(), json!(meta::new_uid()));
        m.insert("creationTimestamp".into(), json!(meta::now_rfc3339()));
        m.insert("generation".into(), json!(1));
        for k in [
            "resourceVersion",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "selfLink",
        ] {
            m.remove(k);
        }
    }
    let name = meta::name(&obj).unwrap_or_default().to_string();
    if name.is_empty() {
        return Err(ApiError::invalid(
            def.subject(""),
            vec![Cause {
                reason: "FieldValueRequired".into(),
                message: "Required value: name or generateName is required".into(),
                field: "metadata.name".into(),
            }],
        ));
    }
    if let Some(ns) = &url_ns {
        admission::check_namespace_open(&ctx.state, ns).await?;
    }
    if def.group.is_empty() && def.kind == "PersistentVolumeClaim" {
        admission::default_storage_class(&ctx.state, &mut obj).await?;
    }
    if def.group.is_empty() && def.kind == "Pod" {
        admission::resolve_priority(&ctx.state, &mut obj).await?;
    }
    let builtin = skiff_api::is_builtin(&def.gvk());
    skiff_api::default(&def.gvk(), &mut obj);
    skiff_api::prepare_for_create(&def.gvk(), &mut obj);
    let errs = if builtin {
        skiff_api::validate_create(&def.gvk(), &obj)
    } else {
        Vec::new()
    };
    if !errs.is_empty() {
        return Err(ApiError::invalid(def.subject(&name), causes(errs)));
    }
    if !obj
        .get("metadata")
        .and_then(|m| m.get("managedFields"))
        .is_some_and(|v| v.is_array())
    {
        managedfields::update_managed_fields(
            None,
            &mut obj,
            &manager(ctx),
            &def.api_version(),
            &ApplySchema::for_kind(&def.group, &def.kind),
            &meta::now_rfc3339(),
        )
        .map_err(|e| apply_error(&def, &name, e))?;
    }
    if ctx.query.dry_run {
        return Ok(obj);
    }
    let _guard = if def.kind == "Service" && def.group.is_empty() {
        let guard = ctx.state.service_alloc.lock().await;
        crate::services::allocate(&ctx.state, &mut obj).await?;
        Some(guard)
    } else {
        None
    };
    ctx.state
        .objects
        .create(&def, url_ns.as_deref(), &name, obj)
        .await
}

/// PUT of an object or its status.
pub async fn update(ctx: &mut Ctx, sub: Option<Subresource>) -> ApiResult<Response<ResponseBody>> {
    let new = decode_object(ctx)?;
    let name = ctx.name().to_string();
    match meta::name(&new) {
        Some(n) if n != name => {
            return Err(ApiError::BadRequest(format!(
                "the name of the object ({n}) does not match the name on the URL ({name})"
            )))
        }
        _ => {}
    }
    let old = ctx.state.objects.get(&ctx.def, ctx.ns(), &name).await?;
    match resource_version(&new) {
        Some(rv) if Some(rv) != resource_version(&old) => return Err(objects::conflict(&ctx.def, &name)),
        None if !ctx.def.allow_unconditional_update => {
            return Err(ApiError::invalid(
                ctx.def.subject(&name),
                vec![Cause {
                    reason: "FieldValueInvalid".into(),
                    message: "Invalid value: 0x0: must be specified for an update".into(),
                    field: "metadata.resourceVersion".into(),
                }],
            ))
        }
        _ => {}
    }
    let saved = write_update(ctx, &old, new, sub, &manager(ctx)).await?;
    object_response(ctx, StatusCode::OK, saved)
}

/// Turn `new` into the stored successor of `old` and write it with compare-and-swap on `old`'s revision.
pub async fn write_update(
    ctx: &Ctx,
    old: &Value,
    mut new: Value,
    sub: Option<Subresource>,
    manager: &str,
) -> ApiResult<Value> {
    let def = ctx.def.clone();
    let name = meta::name(old).unwrap_or_default().to_string();
    new = match sub {
        Some(Subresource::Status) => {
            // Status writes change status only (upstream ResetObjectMetaForStatus + spec copied back).
            let mut merged = old.clone();
            merged["status"] = new.get("status").cloned().unwrap_or(Value::Null);
            if let Some(mf) = new.pointer("/metadata/managedFields").cloned() {
                meta::meta_mut(&mut merged).insert("managedFields".into(), mf);
            }
            merged
        }
        _ => {
            if def.has(Subresource::Status) {
                match old.get("status") {
                    Some(s) => new["status"] = s.clone(),
                    None => {
                        if let Some(m) = new.as_object_mut() {
                            m.remove("status");
                        }
                    }
                }
            }
            new
        }
    };
    {
        let old_meta = meta::meta(old).clone();
        let m = meta::meta_mut(&mut new);
        for k in [
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "namespace",
            "name",
        ] {
            match old_meta.get(k) {
                Some(v) => m.insert(k.into(), v.clone()),
                None => m.remove(k),
            };
        }
        m.insert(
            "generation".into(),
            old_meta.get("generation").cloned().unwrap_or(json!(1)),
        );
    }
    skiff_api::default(&def.gvk(), &mut new);
    if meta::spec_part(&new) != meta::spec_part(old) {
        let g = old
            .pointer("/metadata/generation")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        meta::meta_mut(&mut new).insert("generation".into(), json!(g + 1));
    }
    let errs = if skiff_api::is_builtin(&def.gvk()) {
        skiff_api::validate_update(&def.gvk(), &new, old)
    } else {
        Vec::new()
    };
    if !errs.is_empty() {
        return Err(ApiError::invalid(def.subject(&name), causes(errs)));
    }
    let applied_fields_present = new
        .pointer("/metadata/managedFields")
        .is_some_and(|v| v.is_array())
        && new.pointer("/metadata/managedFields") != old.pointer("/metadata/managedFields");
    if !applied_fields_present {
        let schema = ApplySchema::for_kind(&def.group, &def.kind);
        let now = meta::now_rfc3339();
        match sub {
            Some(s) => managedfields::update_managed_fields_subresource(
                Some(old),
                &mut new,
                manager,
                &def.api_version(),
                s.name(),
                &schema,
                &now,
            ),
            None => managedfields::update_managed_fields(
                Some(old),
                &mut new,
                manager,
                &def.api_version(),
                &schema,
                &now,
            ),
        }
        .map_err(|e| apply_error(&def, &name, e))?;
    }
    if ctx.query.dry_run {
        return Ok(new);
    }
    let expected: i64 = resource_version(old).and_then(|r| r.parse().ok()).unwrap_or(0);
    // The last finalizer removed from an object being deleted: the object goes.
    if meta::is_deleting(&new)
        && meta::finalizers(&new).is_empty()
        && !crate::handlers::delete::waits_for_node(&def, &new)
    {
        return ctx
            .state
            .objects
            .delete(&def, ctx.ns(), &name, Some(expected))
            .await;
    }
    if new == *old {
        return Ok(new);
    }
    ctx.state
        .objects
        .update(&def, ctx.ns(), &name, new, expected)
        .await
}

/// PATCH of an object or its status: JSON patch, merge patch, strategic merge patch, or apply.
pub async fn patch(ctx: &mut Ctx, sub: Option<Subresource>) -> ApiResult<Response<ResponseBody>> {
    let input = negotiate::input(ctx.content_type.as_deref())?;
    if matches!(input, Input::Json | Input::Yaml | Input::Protobuf) {
        return Err(ApiError::UnsupportedMediaType(
            ctx.content_type.clone().unwrap_or_default(),
        ));
    }
    if input == Input::StrategicMergePatch && !skiff_api::is_builtin(&ctx.def.gvk()) {
        return Err(ApiError::UnsupportedMediaType(
            "application/strategic-merge-patch+json".into(),
        ));
    }
    let patch_value = parse_as(ctx, input)?;
    let name = ctx.name().to_string();
    let mgr = manager(ctx);
    for _attempt in 0..8 {
        let old = match ctx.state.objects.get_opt(&ctx.def, ctx.ns(), &name).await? {
            Some(o) => o,
            None if input == Input::ApplyPatch && sub.is_none() => {
                let obj = apply_to(ctx, None, &patch_value, &mgr)?;
                let obj = decode_value(ctx, obj, &ctx.def.kind.clone())?;
                let created = create_object(ctx, obj).await?;
                return object_response(ctx, StatusCode::CREATED, created);
            }
            None => return Err(ApiError::NotFound(ctx.def.subject(&name))),
        };
        let patched = match input {
            Input::JsonPatch => {
                patchlib::json_patch(&old, &patch_value).map_err(|e| patch_error(&ctx.def, &name, e))?
            }
            Input::MergePatch => patchlib::merge_patch(&old, &patch_value),
            Input::StrategicMergePatch => patchlib::strategic_merge_patch(
                &old,
                &patch_value,
                &PatchSchema::for_kind(&ctx.def.group, &ctx.def.kind),
            )
            .map_err(|e| patch_error(&ctx.def, &name, e))?,
            Input::ApplyPatch => apply_to(ctx, Some(&old), &patch_value, &mgr)?,
            _ => unreachable!("checked above"),
        };
        let patch_rv = patch_value
            .pointer("/metadata/resourceVersion")
            .and_then(Value::as_str)
            .map(String::from);
        let mut patched = decode_value(ctx, patched, &ctx.def.kind.clone())?;
        // The patch may pin a resourceVersion; otherwise the current one is the precondition.
        match &patch_rv {
            Some(rv) if Some(rv.as_str()) != resource_version(&old) => {
                return Err(objects::conflict(&ctx.def, &name))
            }
            _ => objects::set_resource_version(
                &mut patched,
                resource_version(&old).and_then(|r| r.parse().ok()).unwrap_or(0),
            ),
        }
        match write_update(ctx, &old, patched, sub, &mgr).await {
            Err(ApiError::Conflict { .. }) if patch_rv.is_none() => continue,
            Err(e) => return Err(e),
            Ok(saved) => return object_response(ctx, StatusCode::OK, saved),
        }
    }
    Err(objects::conflict(&ctx.def, &name))
}

/// A patch that cannot be applied: upstream's class of error (400, 422, 413).
fn patch_error(def: &ResourceDef, name: &str, e: patchlib::PatchError) -> ApiError {
    match e.status_code() {
        413 => ApiError::TooLarge(10_000),
        422 => ApiError::Invalid {
            subject: def.subject(name),
            causes: vec![Cause {
                reason: "FieldValueInvalid".into(),
                message: e.to_string(),
                field: String::new(),
            }],
        },
        500 => ApiError::Internal(e.to_string()),
        _ => ApiError::BadRequest(e.to_string()),
    }
}

/// Server-side apply of `applied` onto `live` (or onto nothing) for field manager `manager`.
fn apply_to(ctx: &Ctx, live: Option<&Value>, applied: &Value, manager: &str) -> ApiResult<Value> {
    if ctx.query.field_manager.as_deref().unwrap_or_default().is_empty() {
        return Err(ApiError::BadRequest(
            "PATCH, application/apply-patch+yaml requires fieldManager to be set".into(),
        ));
    }
    let def: &ResourceDef = &ctx.def;
    managedfields::apply(
        live,
        applied,
        manager,
        &def.api_version(),
        ctx.query.force,
        &ApplySchema::for_kind(&def.group, &def.kind),
        &meta::now_rfc3339(),
    )
    .map_err(|e| apply_error(def, meta::name(applied).unwrap_or_default(), e))
}

/// A managed-fields failure as an API error: conflicts are 409 with one cause per field (upstream's
/// FieldManagerConflict), malformed managed fields or apply configurations are 400.
fn apply_error(def: &ResourceDef, name: &str, e: managedfields::ApplyError) -> ApiError {
    match e {
        managedfields::ApplyError::BadRequest(m) | managedfields::ApplyError::Invalid(m) => {
            ApiError::BadRequest(m)
        }
        managedfields::ApplyError::Conflicts(conflicts) => ApiError::Conflict {
            subject: def.subject(name),
            message: managedfields::conflict_message(&conflicts),
            causes: conflicts
                .iter()
                .map(|c| Cause {
                    reason: "FieldManagerConflict".into(),
                    message: c.cause_message(),
                    field: c.field.clone(),
                })
                .collect(),
        },
    }
}
