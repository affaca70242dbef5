//! Concurrency, back-pressure and durability.

use std::sync::Arc;
use std::time::{Duration, Instant};

use skiff_store::{EventKind, KeyValue, ListOptions, Revision, Store, StoreError, WatchEvent};

use super::{next_event, next_events, val, Backend};

/// 8 writers × 100 read-modify-write increments of one counter, retrying on conflict (what
/// GuaranteedUpdate does): no update is lost, and a watcher sees every committed revision exactly once,
/// each event chained to the previous one.
pub async fn concurrent_writers_with_retry(b: impl Backend) {
    const WRITERS: usize = 8;
    const UPDATES: usize = 100;
    let s = b.store();
    let key = "/counters/c";
    let r0 = s.create(key, val("0")).await.unwrap();
    let mut w = s.watch("/counters/", r0).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..WRITERS {
        let s = Arc::clone(&s);
        tasks.push(tokio::spawn(async move { increment(&*s, key, UPDATES).await }));
    }
    let mut committed = Vec::new();
    for t in tasks {
        committed.extend(t.await.unwrap());
    }
    committed.sort_unstable();
    let total = WRITERS * UPDATES;
    let (value, _) = s.get(key).await.unwrap();
    assert_eq!(value.unwrap().value, val(&total.to_string()), "lost updates");
    assert_eq!(committed.len(), total);

    let events = next_events(&mut w, total).await;
    let mut prev_rev = r0;
    for (i, event) in events.iter().enumerate() {
        assert_eq!(event.kind, EventKind::Updated);
        assert_eq!(event.kv.value, val(&(i + 1).to_string()), "events out of order");
        assert!(event.revision() > prev_rev, "revisions must strictly increase");
        assert_eq!(
            event.prev.as_ref().map(|p| p.mod_revision),
            Some(prev_rev),
            "event not chained to previous"
        );
        prev_rev = event.revision();
    }
    let seen: Vec<Revision> = events.iter().map(WatchEvent::revision).collect();
    assert_eq!(
        seen, committed,
        "the watcher must see each acknowledged revision exactly once"
    );
}

/// Increments the decimal counter at `key` `times` times; returns the revisions of its own updates.
async fn increment(s: &dyn Store, key: &str, times: usize) -> Vec<Revision> {
    let mut revs = Vec::with_capacity(times);
    let mut current = s.get(key).await.unwrap().0.unwrap();
    while revs.len() < times {
        let n: u64 = std::str::from_utf8(&current.value).unwrap().parse().unwrap();
        let next = val(&(n + 1).to_string());
        match s.update(key, next.clone(), current.mod_revision).await {
            Ok(rev) => {
                revs.push(rev);
                current = KeyValue {
                    value: next,
                    mod_revision: rev,
                    ..current
                };
            }
            Err(StoreError::Conflict { current: c, .. }) => current = *c,
            Err(e) => panic!("update failed: {e}"),
        }
    }
    revs
}

/// A watch nobody reads must not hold up writers; when read later it delivers everything in order or
/// ends with an error, but never skips events silently.
pub async fn slow_watcher_does_not_block_writers(b: impl Backend) {
    const WRITES: usize = 5000;
    let s = b.store();
    let current = s.current_revision().await.unwrap();
    let mut w = s.watch("/slow/", current).await.unwrap();
    let started = Instant::now();
    let mut written = Vec::with_capacity(WRITES);
    for i in 0..WRITES {
        written.push(s.create(&format!("/slow/k{i:05}"), val("v")).await.unwrap());
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(120),
        "writes stalled behind an unread watch: {elapsed:?}"
    );
    let mut delivered = 0;
    while delivered < WRITES {
        match tokio::time::timeout(super::EVENT_TIMEOUT, w.next()).await {
            Ok(Some(Ok(event))) => {
                assert_eq!(
                    event.revision(),
                    written[delivered],
                    "watch skipped or reordered an event"
                );
                delivered += 1;
            }
            // Ending with an error is allowed: the client re-lists. Skipping is not.
            Ok(Some(Err(StoreError::Compacted { .. } | StoreError::Unavailable(_)))) => break,
            other => panic!("after {delivered} events: {other:?}"),
        }
    }
    println!("{WRITES} writes in {elapsed:?} with an unread watch; {delivered} events delivered afterwards");
}

/// Acknowledged writes survive a crash and restart, with the same revisions and history.
pub async fn durability_across_restart(mut b: impl Backend) {
    let s = b.store();
    let mut revs = Vec::new();
    for i in 0..20 {
        revs.push(
            s.create(&format!("/pods/ns/p{i:02}"), val(&format!("v{i}")))
                .await
                .unwrap(),
        );
    }
    for (i, &rev) in revs.iter().enumerate().take(5) {
        s.update(&format!("/pods/ns/p{i:02}"), val("updated"), rev)
            .await
            .unwrap();
    }
    s.delete("/pods/ns/p18", None).await.unwrap();
    s.delete("/pods/ns/p19", None).await.unwrap();
    let before = s.list("/pods/", ListOptions::default()).await.unwrap();
    let current = s.current_revision().await.unwrap();
    let history = next_events(&mut s.watch("/pods/", 0).await.unwrap(), 27).await;
    drop(s);

    b.restart().await;
    let s = b.store();
    assert_eq!(
        s.current_revision().await.unwrap(),
        current,
        "revision changed across restart"
    );
    assert_eq!(
        s.list("/pods/", ListOptions::default()).await.unwrap(),
        before,
        "data changed across restart"
    );
    let mut w = s.watch("/pods/", 0).await.unwrap();
    assert_eq!(
        next_events(&mut w, 27).await,
        history,
        "history changed across restart"
    );
    let next = s.create("/pods/ns/new", val("n")).await.unwrap();
    assert!(next > current);
    let event = next_event(&mut w).await;
    assert_eq!(event.revision(), next);
}
