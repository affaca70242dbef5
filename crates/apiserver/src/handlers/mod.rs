//! Generic REST handlers: one implementation of each verb, driven by the resource's [`ResourceDef`].

mod body;
mod delete;
mod list;
mod review;
mod subresource;
mod watch;
mod write;

use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Response, StatusCode};
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::http::body::ResponseBody;
use crate::http::negotiate::Output;
use crate::http::query::Query;
use crate::http::request_info::RequestInfo;
use crate::registry::{ResourceDef, Subresource};
use crate::state::ApiState;
use crate::tables;

pub use body::MAX_BODY_BYTES;

/// Everything one resource request carries, parsed.
pub struct Ctx {
    pub state: Arc<ApiState>,
    pub def: Arc<ResourceDef>,
    pub info: RequestInfo,
    pub query: Query,
    pub output: Output,
    pub content_type: Option<String>,
    pub body: Bytes,
    pub user_agent: String,
    /// `Warning` headers to send back (unknown fields under `fieldValidation=Warn`, ...).
    pub warnings: Vec<String>,
}

impl Ctx {
    pub fn ns(&self) -> Option<&str> {
        if self.def.namespaced {
            self.info.namespace.as_deref()
        } else {
            None
        }
    }

    pub fn name(&self) -> &str {
        self.info.name.as_deref().unwrap_or_default()
    }
}

/// Dispatch a resource request to its verb.
pub async fn handle(mut ctx: Ctx, method: &Method) -> ApiResult<Response<ResponseBody>> {
    if ctx.def.namespaced && ctx.info.namespace.is_none() && ctx.info.name.is_some() {
        return Err(ApiError::NoSuchPath);
    }
    if !ctx.def.namespaced && ctx.info.namespace.is_some() {
        return Err(ApiError::NoSuchPath);
    }
    let sub = match ctx.info.subresource.as_deref() {
        None => None,
        Some(s) => Some(
            ctx.def
                .subresources
                .iter()
                .copied()
                .find(|x| x.name() == s)
                .ok_or(ApiError::NoSuchPath)?,
        ),
    };
    let has_name = ctx.info.name.is_some();
    if !ctx.def.stored {
        return match (method.as_str(), has_name, sub) {
            ("POST", false, None) => review::create_review(&mut ctx),
            (verb, _, _) => Err(ApiError::MethodNotAllowed {
                verb: verb.to_string(),
                subject: ctx.def.subject(""),
            }),
        };
    }
    match (method.as_str(), has_name, sub) {
        ("GET", false, None) if ctx.query.watch => watch::watch(ctx).await,
        ("GET", false, None) => list::list(&ctx).await,
        ("GET", true, None) if ctx.query.watch => {
            // `GET .../pods/x?watch=true` is the deprecated single-object watch: serve it as a filtered one.
            let name = ctx.name().to_string();
            ctx.query.field_selector = Some(format!("metadata.name={name}"));
            ctx.info.name = None;
            watch::watch(ctx).await
        }
        ("GET", true, None) => get(&ctx).await,
        ("POST", false, None) => write::create(&mut ctx).await,
        ("PUT", true, None) => write::update(&mut ctx, None).await,
        ("PATCH", true, None) => write::patch(&mut ctx, None).await,
        ("DELETE", true, None) => delete::delete(&ctx).await,
        ("DELETE", false, None) => delete::delete_collection(&ctx).await,
        ("GET", true, Some(Subresource::Status)) => get(&ctx).await,
        ("PUT", true, Some(Subresource::Status)) => write::update(&mut ctx, Some(Subresource::Status)).await,
        ("PATCH", true, Some(Subresource::Status)) => write::patch(&mut ctx, Some(Subresource::Status)).await,
        ("GET", true, Some(Subresource::Scale)) => subresource::get_scale(&ctx).await,
        ("PUT", true, Some(Subresource::Scale)) => subresource::update_scale(&mut ctx, false).await,
        ("PATCH", true, Some(Subresource::Scale)) => subresource::update_scale(&mut ctx, true).await,
        ("POST", true, Some(Subresource::Binding)) => subresource::bind(&mut ctx).await,
        ("POST", true, Some(Subresource::Eviction)) => subresource::evict(&mut ctx).await,
        (verb, _, _) => Err(ApiError::MethodNotAllowed {
            verb: verb.to_string(),
            subject: ctx.def.subject(""),
        }),
    }
}

async fn get(ctx: &Ctx) -> ApiResult<Response<ResponseBody>> {
    let obj = ctx.state.objects.get(&ctx.def, ctx.ns(), ctx.name()).await?;
    object_response(ctx, StatusCode::OK, obj)
}

/// Respond with one object, as JSON, YAML or a one-row Table.
pub fn object_response(ctx: &Ctx, code: StatusCode, obj: Value) -> ApiResult<Response<ResponseBody>> {
    let body = match ctx.output {
        Output::Table { v1beta1 } => {
            let rv = crate::objects::resource_version(&obj)
                .unwrap_or_default()
                .to_string();
            tables::table(
                &ctx.def,
                std::slice::from_ref(&obj),
                &rv,
                None,
                ctx.query.include_object.as_deref(),
                v1beta1,
            )
        }
        _ => obj,
    };
    Ok(with_warnings(
        value_response(code, &body, ctx.output),
        &ctx.warnings,
    ))
}

pub fn with_warnings(mut resp: Response<ResponseBody>, warnings: &[String]) -> Response<ResponseBody> {
    for w in warnings {
        let text = format!("299 - \"{}\"", w.replace('"', "\\\""));
        if let Ok(v) = http::HeaderValue::from_str(&text) {
            resp.headers_mut().append("Warning", v);
        }
    }
    resp
}

/// Serialize `value` in the negotiated representation.
pub fn value_response(code: StatusCode, value: &Value, output: Output) -> Response<ResponseBody> {
    let (ct, bytes) = match output {
        Output::Yaml => (
            "application/yaml",
            serde_saphyr::to_string(value)
                .map(String::into_bytes)
                .unwrap_or_else(|_| b"{}".to_vec()),
        ),
        _ => (
            "application/json",
            serde_json::to_vec(value).expect("JSON values serialize"),
        ),
    };
    Response::builder()
        .status(code)
        .header("Content-Type", ct)
        .body(ResponseBody::full(bytes))
        .expect("static response parts are valid")
}

/// A `Status` of success, as DELETE of a collection or eviction return.
pub fn success_status(code: u16, details: Option<Value>) -> Value {
    let mut s =
        json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": code});
    if let Some(d) = details {
        s["details"] = d;
    }
    s
}
