//! LIST: selectors, pagination with continue tokens, resourceVersion semantics.

use base64::Engine;
use http::{Response, StatusCode};
use serde_json::{json, Value};
use skiff_store::{KeyValue, ListOptions, Revision};

use super::{value_response, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filter::Filter;
use crate::http::body::ResponseBody;
use crate::http::negotiate::Output;
use crate::{objects, rawjson, tables};

/// A continue token: the revision the first page was read at and the last key returned.
#[derive(serde::Serialize, serde::Deserialize)]
struct Continue {
    rv: Revision,
    start: String,
}

fn encode_continue(rv: Revision, start: &str) -> String {
    let json = serde_json::to_vec(&Continue {
        rv,
        start: start.to_string(),
    })
    .expect("serializable");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn decode_continue(token: &str) -> ApiResult<Continue> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| ApiError::BadRequest(format!("invalid continue token: {token}")))
}

pub fn parse_rv(rv: &str) -> ApiResult<Revision> {
    rv.parse::<Revision>()
        .ok()
        .filter(|r| *r >= 0)
        .ok_or_else(|| ApiError::BadRequest(format!("invalid resource version \"{rv}\"")))
}

/// The items of a list request, and the list's resourceVersion and continue token.
pub struct Listed<T> {
    pub items: Vec<T>,
    pub revision: Revision,
    pub continue_token: Option<String>,
    pub remaining: Option<usize>,
}

/// The matching objects, decoded.
pub async fn collect(ctx: &Ctx) -> ApiResult<Listed<Value>> {
    let filter = Filter::new(
        &ctx.def,
        ctx.query.label_selector.as_deref(),
        ctx.query.field_selector.as_deref(),
    )?;
    collect_with(ctx, filter.is_everything(), |kv| {
        let obj = objects::decode(&ctx.def, kv)?;
        Ok(filter.matches(&ctx.def, &obj).then_some(obj))
    })
    .await
}

/// The matching objects as JSON bytes with their resourceVersion, without decoding them (the fast path
/// for plain JSON lists whose selectors only read metadata).
async fn collect_stored(ctx: &Ctx, filter: &Filter) -> ApiResult<Listed<Vec<u8>>> {
    collect_with(ctx, filter.is_everything(), |kv| {
        let keep = match filter.matches_stored(&kv.value) {
            Some(k) => k,
            None => filter.matches(&ctx.def, &objects::decode(&ctx.def, kv)?),
        };
        if !keep {
            return Ok(None);
        }
        match rawjson::with_resource_version(&kv.value, kv.mod_revision) {
            Some(bytes) => Ok(Some(bytes)),
            None => Ok(Some(
                serde_json::to_vec(&objects::decode(&ctx.def, kv)?).expect("serializable"),
            )),
        }
    })
    .await
}

/// The list loop: resourceVersion semantics, continue tokens, and pages refilled until `limit` items
/// passed `keep` (which filters and converts one stored object).
async fn collect_with<T>(
    ctx: &Ctx,
    unfiltered: bool,
    mut keep: impl FnMut(&KeyValue) -> ApiResult<Option<T>>,
) -> ApiResult<Listed<T>> {
    let limit = ctx.query.limit;
    let (mut start_after, mut at) = (None, None);
    if let Some(token) = &ctx.query.continue_token {
        if ctx.query.resource_version.as_deref().is_some_and(|rv| rv != "0") {
            return Err(ApiError::BadRequest(
                "specifying resource version is not allowed when using continue".into(),
            ));
        }
        let c = decode_continue(token)?;
        start_after = Some(ctx.def.key_prefix(ctx.ns()) + &c.start);
        at = Some(c.rv);
    } else if let Some(rv) = ctx.query.resource_version.as_deref().filter(|rv| *rv != "0") {
        let rv = parse_rv(rv)?;
        match (ctx.query.resource_version_match.as_deref(), limit) {
            // A limit without a match rule reads exactly at the revision (upstream's legacy rule).
            (Some("Exact"), _) | (None, Some(_)) => at = Some(rv),
            (Some("NotOlderThan"), _) | (None, None) => wait_for_revision(ctx, rv).await?,
            (Some(other), _) => {
                return Err(ApiError::BadRequest(format!(
                    "unsupported resourceVersionMatch \"{other}\""
                )));
            }
        }
    }
    let prefix = ctx.def.key_prefix(ctx.ns());
    let store = ctx.state.objects.store();
    let mut items = Vec::new();
    let mut revision = at;
    loop {
        let want = limit.map(|l| l.saturating_sub(items.len()).max(1));
        let page = store
            .list(
                &prefix,
                ListOptions {
                    start_after: start_after.clone(),
                    limit: want,
                    revision,
                },
            )
            .await?;
        revision = Some(page.revision);
        for kv in &page.items {
            if let Some(item) = keep(kv)? {
                items.push(item);
            }
        }
        start_after = page.items.last().map(|kv| kv.key.clone());
        let full = limit.is_some_and(|l| items.len() >= l);
        if page.remaining == 0 || start_after.is_none() {
            return Ok(Listed {
                items,
                revision: page.revision,
                continue_token: None,
                remaining: None,
            });
        }
        if full {
            let last = start_after.as_deref().unwrap_or_default();
            let token = encode_continue(page.revision, last.strip_prefix(&prefix).unwrap_or(last));
            let remaining = unfiltered.then_some(page.remaining);
            return Ok(Listed {
                items,
                revision: page.revision,
                continue_token: Some(token),
                remaining,
            });
        }
    }
}

/// NotOlderThan: wait up to 3 s for the store to reach `rv`, then 504 as upstream does.
async fn wait_for_revision(ctx: &Ctx, rv: Revision) -> ApiResult<()> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let current = ctx.state.objects.store().current_revision().await?;
        if current >= rv {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(ApiError::Timeout(format!(
                "Too large resource version: {rv}, current: {current}"
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

pub async fn list(ctx: &Ctx) -> ApiResult<Response<ResponseBody>> {
    let filter = Filter::new(
        &ctx.def,
        ctx.query.label_selector.as_deref(),
        ctx.query.field_selector.as_deref(),
    )?;
    if ctx.output == Output::Json && ctx.def.storage_form.is_none() && filter.is_metadata_only() {
        let listed = collect_stored(ctx, &filter).await?;
        return Ok(stored_list_response(ctx, listed));
    }
    let listed = collect(ctx).await?;
    let rv = listed.revision.to_string();
    let body = match ctx.output {
        Output::Table { v1beta1 } => tables::table(
            &ctx.def,
            &listed.items,
            &rv,
            listed.continue_token.as_deref(),
            ctx.query.include_object.as_deref(),
            v1beta1,
        ),
        _ => json!({
            "kind": ctx.def.list_kind(),
            "apiVersion": ctx.def.api_version(),
            "metadata": list_metadata(&listed),
            "items": listed.items,
        }),
    };
    Ok(value_response(StatusCode::OK, &body, ctx.output))
}

fn list_metadata(listed: &Listed<impl Sized>) -> Value {
    let mut meta = json!({"resourceVersion": listed.revision.to_string()});
    if let Some(c) = &listed.continue_token {
        meta["continue"] = json!(c);
    }
    if let Some(r) = listed.remaining {
        meta["remainingItemCount"] = json!(r);
    }
    meta
}

/// A JSON list assembled from stored bytes.
fn stored_list_response(ctx: &Ctx, listed: Listed<Vec<u8>>) -> Response<ResponseBody> {
    let size: usize = listed.items.iter().map(|i| i.len() + 1).sum();
    let mut body = Vec::with_capacity(size + 256);
    body.extend_from_slice(
        format!("{{\"apiVersion\":{},\"items\":[", json!(ctx.def.api_version())).as_bytes(),
    );
    for (i, item) in listed.items.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(item);
    }
    let tail = format!(
        "],\"kind\":{},\"metadata\":{}}}",
        json!(ctx.def.list_kind()),
        list_metadata(&listed)
    );
    body.extend_from_slice(tail.as_bytes());
    Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", "application/json")
        .body(ResponseBody::full(body))
        .expect("static response parts are valid")
}
