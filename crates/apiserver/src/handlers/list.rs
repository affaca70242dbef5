//! LIST: selectors, pagination with continue tokens, resourceVersion semantics.

use base64::Engine;
use http::{Response, StatusCode};
use serde_json::{json, Value};
use skiff_store::{ListOptions, Revision};

use super::{value_response, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::filter::Filter;
use crate::http::body::ResponseBody;
use crate::http::negotiate::Output;
use crate::tables;

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
pub struct Listed {
    pub items: Vec<Value>,
    pub revision: Revision,
    pub continue_token: Option<String>,
    pub remaining: Option<usize>,
}

pub async fn collect(ctx: &Ctx) -> ApiResult<Listed> {
    let filter = Filter::new(
        &ctx.def,
        ctx.query.label_selector.as_deref(),
        ctx.query.field_selector.as_deref(),
    )?;
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
    let mut items = Vec::new();
    let mut revision = at;
    loop {
        let want = limit.map(|l| l.saturating_sub(items.len()).max(1));
        let page = ctx
            .state
            .objects
            .list(
                &ctx.def,
                ctx.ns(),
                ListOptions {
                    start_after: start_after.clone(),
                    limit: want,
                    revision,
                },
            )
            .await?;
        revision = Some(page.revision);
        for obj in page.items {
            if filter.matches(&ctx.def, &obj) {
                items.push(obj);
            }
        }
        start_after = page.last_key.clone();
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
            let remaining = filter.is_everything().then_some(page.remaining);
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
        _ => {
            let mut meta = json!({"resourceVersion": rv});
            if let Some(c) = &listed.continue_token {
                meta["continue"] = json!(c);
            }
            if let Some(r) = listed.remaining {
                meta["remainingItemCount"] = json!(r);
            }
            json!({
                "kind": ctx.def.list_kind(),
                "apiVersion": ctx.def.api_version(),
                "metadata": meta,
                "items": listed.items,
            })
        }
    };
    Ok(value_response(StatusCode::OK, &body, ctx.output))
}
