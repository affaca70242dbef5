//! Request bodies: size limit, JSON/YAML parsing, strict decoding of built-in kinds.

use serde_json::Value;

use super::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::http::negotiate::{self, Input};
use crate::http::query::FieldValidation;

/// Bodies above 3 MiB are refused with 413, as upstream does.
pub const MAX_BODY_BYTES: usize = 3 * 1024 * 1024;

/// Parse the body as JSON or YAML into an untyped value (no schema applied yet).
pub fn parse_value(ctx: &Ctx) -> ApiResult<Value> {
    let input = negotiate::input(ctx.content_type.as_deref())?;
    parse_as(ctx, input)
}

pub fn parse_as(ctx: &Ctx, input: Input) -> ApiResult<Value> {
    if ctx.body.is_empty() {
        return Err(ApiError::BadRequest("the request body is empty".into()));
    }
    match input {
        Input::Protobuf => skiff_api::protobuf::decode_body(&ctx.body)
            .map(|p| p.object)
            .map_err(|e| ApiError::BadRequest(format!("decoding the protobuf body: {e}"))),
        Input::Yaml | Input::ApplyPatch => parse_yaml(&ctx.body),
        _ => serde_json::from_slice(&ctx.body).map_err(|e| malformed(ctx, &e.to_string())),
    }
}

fn parse_yaml(body: &[u8]) -> ApiResult<Value> {
    let text =
        std::str::from_utf8(body).map_err(|_| ApiError::BadRequest("the body is not valid UTF-8".into()))?;
    // JSON is valid YAML, but a JSON parser gives better messages and exact numbers: try it first.
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok(v);
    }
    serde_saphyr::from_str::<Value>(text)
        .map_err(|e| ApiError::BadRequest(format!("error decoding YAML: {e}")))
}

fn malformed(ctx: &Ctx, err: &str) -> ApiError {
    let head: String = String::from_utf8_lossy(&ctx.body[..ctx.body.len().min(30)]).into_owned();
    ApiError::BadRequest(format!(
        "the object provided is unrecognized (must be of type {}): {err} ({head})",
        ctx.def.kind
    ))
}

/// Parse and check an object body for this resource: kind and apiVersion must match (filled in when
/// absent), built-in kinds are strictly decoded, unknown and duplicate fields reported per
/// `fieldValidation`.
pub fn decode_object(ctx: &mut Ctx) -> ApiResult<Value> {
    let input = negotiate::input(ctx.content_type.as_deref())?;
    let kind = ctx.def.kind.clone();
    if input == Input::Json && skiff_api::is_builtin(&ctx.def.gvk()) {
        // From the bytes, so duplicate fields are seen too.
        let value = parse_as(ctx, input)?;
        check_type(ctx, &value, &kind)?;
        let gvk = skiff_api::Gvk {
            group: &ctx.def.group,
            version: &ctx.def.version,
            kind: &kind,
        };
        let decoded =
            skiff_api::decode_bytes(&gvk, &ctx.body).map_err(|e| ApiError::BadRequest(e.to_string()))?;
        return report_strict(ctx, decoded);
    }
    let value = parse_as(ctx, input)?;
    decode_value(ctx, value, &kind)
}

fn check_type(ctx: &Ctx, value: &Value, kind: &str) -> ApiResult<()> {
    if !value.is_object() {
        return Err(malformed(ctx, "expected a JSON object"));
    }
    let api_version = ctx.def.api_version();
    if let Some(k) = value
        .get("kind")
        .and_then(Value::as_str)
        .filter(|k| !k.is_empty() && *k != kind)
    {
        return Err(ApiError::BadRequest(format!(
            "{k} in version \"{}\" cannot be handled as a {kind}",
            value
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or(&ctx.def.version)
        )));
    }
    if let Some(v) = value
        .get("apiVersion")
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty() && *v != api_version)
    {
        return Err(ApiError::BadRequest(format!(
            "the API version in the data ({v}) does not match the expected API version ({api_version})"
        )));
    }
    Ok(())
}

/// Like [`decode_object`] for an already-parsed value of kind `kind` in the resource's group-version.
pub fn decode_value(ctx: &mut Ctx, mut value: Value, kind: &str) -> ApiResult<Value> {
    check_type(ctx, &value, kind)?;
    value["kind"] = Value::String(kind.to_string());
    value["apiVersion"] = Value::String(ctx.def.api_version());
    let gvk = skiff_api::Gvk {
        group: &ctx.def.group,
        version: &ctx.def.version,
        kind,
    };
    if !skiff_api::is_builtin(&gvk) {
        return Ok(value);
    }
    let decoded = skiff_api::decode(&gvk, &value).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    report_strict(ctx, decoded)
}

fn report_strict(ctx: &mut Ctx, decoded: skiff_api::Decoded) -> ApiResult<Value> {
    let problems = skiff_api::strict_errors(&decoded);
    match ctx.query.validation()? {
        FieldValidation::Strict if !problems.is_empty() => {
            return Err(ApiError::BadRequest(format!(
                "strict decoding error: {}",
                problems.join(", ")
            )));
        }
        FieldValidation::Warn => ctx.warnings.extend(problems),
        _ => {}
    }
    Ok(decoded.object)
}
