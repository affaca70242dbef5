//! The top of request handling: authentication, the non-resource endpoints, discovery, and the
//! hand-off of resource requests to the generic handlers.

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;

use crate::authn::User;
use crate::error::ApiError;
use crate::handlers::{self, value_response, Ctx, MAX_BODY_BYTES};
use crate::http::body::ResponseBody;
use crate::http::negotiate::{self, Output};
use crate::http::query::Query;
use crate::http::request_info::{self, Route};
use crate::state::ApiState;
use crate::{discovery, openapi, version};

fn text(code: StatusCode, body: &str) -> Response<ResponseBody> {
    Response::builder()
        .status(code)
        .header("Content-Type", "text/plain; charset=utf-8")
        .body(ResponseBody::full(body.to_string()))
        .expect("static response parts are valid")
}

fn json_with_type(value: &Value, content_type: &str) -> Response<ResponseBody> {
    Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", content_type)
        .body(ResponseBody::full(
            serde_json::to_vec(value).expect("serializable"),
        ))
        .expect("static response parts are valid")
}

pub fn error_response(err: &ApiError) -> Response<ResponseBody> {
    let status = err.to_status();
    let code = StatusCode::from_u16(err.code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = value_response(code, &status, Output::Json);
    if err.code() == 504 || err.code() == 429 {
        resp.headers_mut()
            .insert("Retry-After", http::HeaderValue::from_static("1"));
    }
    resp
}

/// Handle one HTTP request from an already-authenticated-or-anonymous peer.
pub async fn route<B>(
    state: Arc<ApiState>,
    cert_user: Option<User>,
    req: Request<B>,
) -> Response<ResponseBody>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut verb = method.as_str().to_string();
    let mut resource = String::new();
    let resp = match route_inner(&state, cert_user, req, &mut verb, &mut resource).await {
        Ok(r) => r,
        Err(e) => error_response(&e),
    };
    let code = resp.status().as_u16();
    state
        .metrics
        .observe(&verb, &resource, code, started.elapsed().as_secs_f64());
    tracing::debug!(%method, %path, code, elapsed_ms = started.elapsed().as_millis() as u64, "request");
    resp
}

async fn route_inner<B>(
    state: &Arc<ApiState>,
    cert_user: Option<User>,
    req: Request<B>,
    verb: &mut String,
    resource: &mut String,
) -> Result<Response<ResponseBody>, ApiError>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let path = req.uri().path().to_string();
    match path.trim_end_matches('/') {
        "/healthz" | "/livez" | "/readyz" => return Ok(text(StatusCode::OK, "ok")),
        "/version" => return Ok(value_response(StatusCode::OK, &version::document(), Output::Json)),
        _ => {}
    }
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let user = state
        .authn
        .authenticate(cert_user.as_ref(), header("authorization").as_deref());
    if user.is_none() {
        return Err(ApiError::Unauthorized);
    }
    let accept = header("accept");
    let route = request_info::parse(&path);
    // Non-resource endpoints.
    if route.is_none() {
        let trimmed = path.trim_end_matches('/');
        if trimmed == "/metrics" {
            return Ok(text(StatusCode::OK, &state.metrics.render()));
        }
        if trimmed == "/openapi/v3" {
            return Ok(value_response(
                StatusCode::OK,
                &openapi::index(&state.registry),
                Output::Json,
            ));
        }
        if let Some(rest) = trimmed.strip_prefix("/openapi/v3/") {
            let parts: Vec<&str> = rest.split('/').collect();
            let doc = match parts.as_slice() {
                ["api", v] => openapi::group_version(&state.registry, "", v),
                ["apis", g, v] => openapi::group_version(&state.registry, g, v),
                _ => None,
            };
            return doc
                .map(|d| value_response(StatusCode::OK, &d, Output::Json))
                .ok_or(ApiError::NoSuchPath);
        }
        return Err(ApiError::NoSuchPath);
    }
    let output = negotiate::output(accept.as_deref());
    match route.expect("checked above") {
        Route::ApiRoot => Ok(if matches!(output, Ok(Output::AggregatedDiscovery)) {
            json_with_type(
                &discovery::aggregated(&state.registry, true),
                discovery::AGGREGATED_CONTENT_TYPE,
            )
        } else {
            let host = header("host").unwrap_or_default();
            value_response(StatusCode::OK, &discovery::api_versions(&host), Output::Json)
        }),
        Route::ApisRoot => Ok(if matches!(output, Ok(Output::AggregatedDiscovery)) {
            json_with_type(
                &discovery::aggregated(&state.registry, false),
                discovery::AGGREGATED_CONTENT_TYPE,
            )
        } else {
            value_response(
                StatusCode::OK,
                &discovery::api_group_list(&state.registry),
                Output::Json,
            )
        }),
        Route::Group(g) => discovery::api_group(&state.registry, &g)
            .map(|v| value_response(StatusCode::OK, &v, Output::Json))
            .ok_or(ApiError::NoSuchPath),
        Route::GroupVersion { group, version } => discovery::resource_list(&state.registry, &group, &version)
            .map(|v| value_response(StatusCode::OK, &v, Output::Json))
            .ok_or(ApiError::NoSuchPath),
        Route::Resource(info) => {
            let def = state
                .registry
                .get(&info.group, &info.version, &info.resource)
                .ok_or(ApiError::NoSuchPath)?;
            let query = Query::parse(req.uri().query())?;
            *resource = info.resource.clone();
            *verb = verb_name(req.method(), info.name.is_some(), query.watch);
            let output = negotiate::output(accept.as_deref())?;
            let output = if output == Output::AggregatedDiscovery {
                Output::Json
            } else {
                output
            };
            let content_type = header("content-type");
            let user_agent = header("user-agent").unwrap_or_default();
            let method = req.method().clone();
            let body = read_body(req).await?;
            let ctx = Ctx {
                state: state.clone(),
                def,
                info,
                query,
                output,
                content_type,
                body,
                user_agent,
                warnings: Vec::new(),
            };
            handlers::handle(ctx, &method).await
        }
    }
}

fn verb_name(method: &Method, named: bool, watch: bool) -> String {
    match (method.as_str(), named, watch) {
        ("GET", _, true) => "WATCH",
        ("GET", false, _) => "LIST",
        ("GET", true, _) => "GET",
        ("POST", _, _) => "POST",
        ("PUT", _, _) => "PUT",
        ("PATCH", _, _) => "PATCH",
        ("DELETE", false, _) => "DELETECOLLECTION",
        ("DELETE", true, _) => "DELETE",
        (other, _, _) => other,
    }
    .to_string()
}

async fn read_body<B>(req: Request<B>) -> Result<Bytes, ApiError>
where
    B: hyper::body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(ApiError::TooLarge(MAX_BODY_BYTES));
    }
    let limited = http_body_util::Limited::new(req.into_body(), MAX_BODY_BYTES);
    match limited.collect().await {
        Ok(c) => Ok(c.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err(ApiError::TooLarge(MAX_BODY_BYTES))
        }
        Err(e) => Err(ApiError::BadRequest(format!("reading the request body: {e}"))),
    }
}
