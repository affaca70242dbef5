//! The storage conformance suite, run against every backend (`tests/sqlite.rs`, `tests/etcd.rs`).
//!
//! The cases follow Kubernetes' storage.Interface suite (`k8s.io/apiserver/pkg/storage/testing`,
//! store_tests.go and watcher_tests.go), restated for the [`Store`] contract: the API server above
//! handles predicates, resource-version parsing and "watch from 0" (list, then watch from the list's
//! revision). Each case gets a fresh, empty store and names its keys under its own prefix.

#![allow(dead_code)]

mod cases_compact;
mod cases_kv;
mod cases_list;
mod cases_stress;
mod cases_watch;

pub use cases_compact::*;
pub use cases_kv::*;
pub use cases_list::*;
pub use cases_stress::*;
pub use cases_watch::*;

use std::sync::Arc;
use std::time::Duration;

use skiff_store::{EventKind, KeyValue, Revision, Store, StoreError, Watch, WatchEvent};

/// A backend under test: a fresh store that can be restarted in place.
#[async_trait::async_trait]
pub trait Backend: Send {
    /// A handle to the store; drop every handle before calling [`Backend::restart`].
    fn store(&self) -> Arc<dyn Store>;

    /// Simulates a crash and restart: the store goes away without a clean shutdown and comes back on
    /// the same data.
    async fn restart(&mut self);
}

/// Expands to one `#[tokio::test]` per suite case, each on a backend from `$backend` (an async fn).
#[macro_export]
macro_rules! store_suite {
    ($backend:path) => {
        $crate::store_suite!(@cases $backend;
            create_and_get, create_existing_key_fails, large_value_roundtrip, update_checks_mod_revision,
            unconditional_delete, conditional_delete, recreate_after_delete, conflicting_updates_retry,
            list_prefix, list_limit_and_continuation, list_at_past_revision, list_future_revision_fails,
            consistent_list, count_keys, list_large_result,
            compaction, compaction_keeps_live_values, list_continuation_after_compaction,
            revisions_survive_compaction_and_restart,
            watch_from_zero, watch_from_revision, watch_from_current_revision, watch_delete_event_carries_prev,
            watch_prefix_isolation, watch_ordering_across_keys, watch_replays_history_then_live,
            watch_from_zero_after_compaction,
            concurrent_writers_with_retry, slow_watcher_does_not_block_writers, durability_across_restart,
        );
    };
    (@cases $backend:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let backend = $backend().await;
                suite::$case(backend).await;
            }
        )*
    };
}

/// How long a case waits for an expected event.
pub const EVENT_TIMEOUT: Duration = Duration::from_secs(15);

pub fn val(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

pub fn kv(key: &str, value: &str, create_revision: Revision, mod_revision: Revision) -> KeyValue {
    KeyValue {
        key: key.to_owned(),
        value: val(value),
        create_revision,
        mod_revision,
    }
}

/// The next event of `w`; panics on an error, the end of the watch, or a timeout.
pub async fn next_event(w: &mut Watch) -> WatchEvent {
    match tokio::time::timeout(EVENT_TIMEOUT, w.next()).await {
        Ok(Some(Ok(event))) => event,
        Ok(Some(Err(e))) => panic!("watch failed: {e}"),
        Ok(None) => panic!("watch ended"),
        Err(_) => panic!("no watch event within {EVENT_TIMEOUT:?}"),
    }
}

/// Collects exactly `n` events.
pub async fn next_events(w: &mut Watch, n: usize) -> Vec<WatchEvent> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(next_event(w).await);
    }
    out
}

/// Asserts nothing arrives on `w` for a short while.
pub async fn expect_silence(w: &mut Watch) {
    if let Ok(item) = tokio::time::timeout(Duration::from_millis(300), w.next()).await {
        panic!("expected no watch event, got {item:?}");
    }
}

/// Asserts `event` is of `kind` for `key`, at `revision`, with this value.
pub fn assert_event(event: &WatchEvent, kind: EventKind, key: &str, value: &str, revision: Revision) {
    assert_eq!(event.kind, kind, "event kind: {event:?}");
    assert_eq!(event.kv.key, key, "event key: {event:?}");
    assert_eq!(event.kv.value, val(value), "event value: {event:?}");
    assert_eq!(event.revision(), revision, "event revision: {event:?}");
}

/// A watch must fail with `Compacted`, either at creation or as its first item.
pub async fn assert_watch_compacted(store: &dyn Store, prefix: &str, after: Revision) {
    match store.watch(prefix, after).await {
        Err(StoreError::Compacted { .. }) => {}
        Err(e) => panic!("watch after {after}: expected Compacted, got {e}"),
        Ok(mut w) => match tokio::time::timeout(EVENT_TIMEOUT, w.next()).await {
            Ok(Some(Err(StoreError::Compacted { .. }))) => {}
            other => panic!("watch after {after}: expected Compacted, got {other:?}"),
        },
    }
}

/// Keys of a list, for compact assertions.
pub fn keys_of(items: &[KeyValue]) -> Vec<&str> {
    items.iter().map(|kv| kv.key.as_str()).collect()
}
