//! WATCH: newline-delimited JSON events over a chunked response, from a resourceVersion, with
//! selectors (objects entering/leaving a selector become ADDED/DELETED), bookmarks and timeouts.

use std::time::Duration;

use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::{json, Value};
use skiff_store::{EventKind, Revision, WatchEvent};
use tokio::sync::mpsc;

use super::list::parse_rv;
use super::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::filter::Filter;
use crate::http::body::ResponseBody;
use crate::http::negotiate::Output;
use crate::objects;
use crate::registry::ResourceDef;
use crate::tables;

/// How often a watch that asked for bookmarks gets one (upstream: about once a minute).
const BOOKMARK_INTERVAL: Duration = Duration::from_secs(30);
/// Upper bound on a watch's life when the client gives no timeout (upstream: 30–60 minutes).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1800);

struct Emitter {
    def: std::sync::Arc<ResourceDef>,
    output: Output,
    tx: mpsc::Sender<Bytes>,
}

impl Emitter {
    async fn send(&self, kind: &str, obj: &Value) -> bool {
        let object = match self.output {
            Output::Table { v1beta1 } => {
                let rv = objects::resource_version(obj).unwrap_or_default().to_string();
                tables::table(&self.def, std::slice::from_ref(obj), &rv, None, None, v1beta1)
            }
            _ => obj.clone(),
        };
        let mut line = serde_json::to_vec(&json!({"type": kind, "object": object})).expect("serializable");
        line.push(b'\n');
        self.tx.send(Bytes::from(line)).await.is_ok()
    }

    async fn bookmark(&self, rv: Revision, initial_events_end: bool) -> bool {
        let mut meta = json!({"resourceVersion": rv.to_string()});
        if initial_events_end {
            meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
        }
        let obj = json!({"kind": self.def.kind, "apiVersion": self.def.api_version(), "metadata": meta});
        let mut line = serde_json::to_vec(&json!({"type": "BOOKMARK", "object": obj})).expect("serializable");
        line.push(b'\n');
        self.tx.send(Bytes::from(line)).await.is_ok()
    }

    async fn error(&self, err: &ApiError) {
        let mut line =
            serde_json::to_vec(&json!({"type": "ERROR", "object": err.to_status()})).expect("serializable");
        line.push(b'\n');
        let _ = self.tx.send(Bytes::from(line)).await;
    }
}

pub async fn watch(ctx: Ctx) -> ApiResult<Response<ResponseBody>> {
    let filter = Filter::new(
        &ctx.def,
        ctx.query.label_selector.as_deref(),
        ctx.query.field_selector.as_deref(),
    )?;
    let send_initial = ctx.query.send_initial_events;
    if send_initial.is_some() {
        if !ctx.query.allow_watch_bookmarks
            || ctx.query.resource_version_match.as_deref() != Some("NotOlderThan")
        {
            let subject = ctx.def.subject("");
            return Err(ApiError::invalid(
                subject,
                vec![crate::error::Cause {
                    reason: "FieldValueForbidden".into(),
                    message: "Forbidden: sendInitialEvents is allowed only with allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan".into(),
                    field: "sendInitialEvents".into(),
                }],
            ));
        }
    } else if ctx.query.resource_version_match.is_some() {
        return Err(ApiError::BadRequest(
            "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided".into(),
        ));
    }
    let rv = ctx.query.resource_version.as_deref();
    // Initial state: RV unset or "0" (or sendInitialEvents=true) start with synthetic ADDED events.
    let initial = send_initial.unwrap_or(matches!(rv, None | Some("0")));
    let store = ctx.state.objects.store().clone();
    let prefix = ctx.def.key_prefix(ctx.ns());
    let (initial_items, start) = if initial {
        let page = ctx
            .state
            .objects
            .list(&ctx.def, ctx.ns(), Default::default())
            .await?;
        let items: Vec<Value> = page
            .items
            .into_iter()
            .filter(|o| filter.matches(&ctx.def, o))
            .collect();
        (items, page.revision)
    } else {
        (Vec::new(), parse_rv(rv.unwrap_or("0"))?)
    };
    let mut store_watch = store.watch(&prefix, start).await?;

    let (tx, rx) = mpsc::channel::<Bytes>(64);
    let emitter = Emitter {
        def: ctx.def.clone(),
        output: ctx.output,
        tx,
    };
    let bookmarks = ctx.query.allow_watch_bookmarks;
    let timeout = ctx
        .query
        .timeout_seconds
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_TIMEOUT);
    let def = ctx.def.clone();
    tokio::spawn(async move {
        for obj in &initial_items {
            if !emitter.send("ADDED", obj).await {
                return;
            }
        }
        if send_initial == Some(true) && !emitter.bookmark(start, true).await {
            return;
        }
        let deadline = tokio::time::sleep(timeout);
        tokio::pin!(deadline);
        let mut ticker =
            tokio::time::interval_at(tokio::time::Instant::now() + BOOKMARK_INTERVAL, BOOKMARK_INTERVAL);
        let mut last_rv = start;
        loop {
            tokio::select! {
                _ = &mut deadline => {
                    if bookmarks {
                        emitter.bookmark(last_rv, false).await;
                    }
                    return;
                }
                _ = ticker.tick(), if bookmarks => {
                    if !emitter.bookmark(last_rv, false).await {
                        return;
                    }
                }
                _ = emitter.tx.closed() => return,
                ev = store_watch.next() => match ev {
                    None => return,
                    Some(Err(e)) => {
                        emitter.error(&ApiError::from(e)).await;
                        return;
                    }
                    Some(Ok(ev)) => {
                        last_rv = ev.revision();
                        if let Some((kind, obj)) = translate(&def, &filter, &ev) {
                            if !emitter.send(kind, &obj).await {
                                return;
                            }
                        }
                    }
                }
            }
        }
    });
    Ok(Response::builder()
        .status(StatusCode::OK)
        .header("Content-Type", "application/json")
        .header("Cache-Control", "no-cache, private")
        .body(ResponseBody::Stream(rx))
        .expect("static response parts are valid"))
}

/// Map one store event to the watch event a client with these selectors sees, if any.
fn translate(def: &ResourceDef, filter: &Filter, ev: &WatchEvent) -> Option<(&'static str, Value)> {
    let obj = objects::decode(def, &ev.kv).ok()?;
    let now = filter.matches(def, &obj);
    let before = ev
        .prev
        .as_ref()
        .and_then(|p| objects::decode(def, p).ok())
        .is_some_and(|p| filter.matches(def, &p));
    match ev.kind {
        EventKind::Created if now => Some(("ADDED", obj)),
        EventKind::Updated if now && before => Some(("MODIFIED", obj)),
        EventKind::Updated if now => Some(("ADDED", obj)),
        EventKind::Updated if before => Some(("DELETED", obj)),
        EventKind::Deleted if now || before => Some(("DELETED", obj)),
        _ => None,
    }
}
