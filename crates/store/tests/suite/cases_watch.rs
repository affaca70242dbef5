//! Watches: RunTestWatch, RunTestWatchFromZero, RunTestWatchFromNoneZero, RunTestDeleteTriggerWatch,
//! RunTestWatchDeleteEventObjectHaveLatestRV, RunTestNamespaceScopedWatch, and the conformance test
//! "concurrent watches receive events in the same order".

use std::sync::Arc;

use skiff_store::{EventKind, ListOptions, Revision, WatchEvent};

use super::{
    assert_event, assert_watch_compacted, expect_silence, kv, next_event, next_events, val, Backend,
};

pub async fn watch_from_zero(b: impl Backend) {
    let s = b.store();
    let key = "/pods/ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    let mut w = s.watch(key, 0).await.unwrap();
    let events = next_events(&mut w, 2).await;
    assert_event(&events[0], EventKind::Created, key, "v1", r1);
    assert_eq!(events[0].prev, None);
    assert_event(&events[1], EventKind::Updated, key, "v2", r2);
    assert_eq!(events[1].prev, Some(kv(key, "v1", r1, r1)));
    expect_silence(&mut w).await;
}

/// RunTestWatchFromZero after compaction: the history is gone, so the API server lists and watches from
/// the list's revision.
pub async fn watch_from_zero_after_compaction(b: impl Backend) {
    let s = b.store();
    let key = "/pods/ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    let r3 = s.update(key, val("v3"), r2).await.unwrap();
    s.compact(r3).await.unwrap();
    assert_watch_compacted(&*s, key, 0).await;

    let list = s.list(key, ListOptions::default()).await.unwrap();
    assert_eq!(list.items, [kv(key, "v3", r1, r3)]);
    let mut w = s.watch(key, list.revision).await.unwrap();
    let r4 = s.update(key, val("v4"), r3).await.unwrap();
    let event = next_event(&mut w).await;
    assert_event(&event, EventKind::Updated, key, "v4", r4);
    assert_eq!(event.prev, Some(kv(key, "v3", r1, r3)));
}

pub async fn watch_from_revision(b: impl Backend) {
    let s = b.store();
    let key = "/pods/ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let mut w = s.watch(key, r1).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    let event = next_event(&mut w).await;
    assert_event(&event, EventKind::Updated, key, "v2", r2);
    assert_eq!(event.kv.create_revision, r1);
    assert_eq!(event.prev, Some(kv(key, "v1", r1, r1)));
    expect_silence(&mut w).await;
}

pub async fn watch_from_current_revision(b: impl Backend) {
    let s = b.store();
    let key = "/pods/ns/foo";
    s.create("/pods/ns/before", val("x")).await.unwrap();
    let current = s.current_revision().await.unwrap();
    let mut w = s.watch("/pods/ns/", current).await.unwrap();
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    let d = s.delete(key, None).await.unwrap().mod_revision;
    let events = next_events(&mut w, 3).await;
    assert_eq!(
        events[0],
        WatchEvent {
            kind: EventKind::Created,
            kv: kv(key, "v1", r1, r1),
            prev: None
        }
    );
    assert_eq!(
        events[1],
        WatchEvent {
            kind: EventKind::Updated,
            kv: kv(key, "v2", r1, r2),
            prev: Some(kv(key, "v1", r1, r1))
        }
    );
    assert_eq!(
        events[2],
        WatchEvent {
            kind: EventKind::Deleted,
            kv: kv(key, "v2", r1, d),
            prev: Some(kv(key, "v2", r1, r2))
        }
    );
    expect_silence(&mut w).await;
}

/// RunTestDeleteTriggerWatch + RunTestWatchDeleteEventObjectHaveLatestRV: the delete event carries the
/// last value at the delete's revision (the one `delete` returned), and the previous value.
pub async fn watch_delete_event_carries_prev(b: impl Backend) {
    let s = b.store();
    let key = "/pods/ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    let mut w = s.watch(key, r2).await.unwrap();
    let deleted = s.delete(key, Some(r2)).await.unwrap();
    let event = next_event(&mut w).await;
    assert_eq!(event.kind, EventKind::Deleted);
    assert_eq!(event.kv, deleted, "the event and the delete's reply disagree");
    assert_eq!(event.kv, kv(key, "v2", r1, deleted.mod_revision));
    assert_eq!(event.prev, Some(kv(key, "v2", r1, r2)));
}

pub async fn watch_prefix_isolation(b: impl Backend) {
    let s = b.store();
    let current = s.current_revision().await.unwrap();
    let mut w = s.watch("/pods/ns1/", current).await.unwrap();
    let ra = s.create("/pods/ns1/a", val("a")).await.unwrap();
    for key in ["/pods/ns10/a", "/pods/ns2/a", "/pods/ns1", "/pods/ns0/z"] {
        s.create(key, val("other")).await.unwrap();
    }
    let rb = s.create("/pods/ns1/b", val("b")).await.unwrap();
    let events = next_events(&mut w, 2).await;
    assert_event(&events[0], EventKind::Created, "/pods/ns1/a", "a", ra);
    assert_event(&events[1], EventKind::Created, "/pods/ns1/b", "b", rb);
    expect_silence(&mut w).await;
}

/// Several watches see the same events, in the same order, with strictly increasing revisions, while
/// several writers run concurrently on different keys.
pub async fn watch_ordering_across_keys(b: impl Backend) {
    let s = b.store();
    let current = s.current_revision().await.unwrap();
    let mut watches = Vec::new();
    for _ in 0..3 {
        watches.push(s.watch("/pods/", current).await.unwrap());
    }
    let mut writers = Vec::new();
    for t in 0..4 {
        let s = Arc::clone(&s);
        writers.push(tokio::spawn(async move {
            let key = format!("/pods/ns/w{t}");
            let mut revs = vec![s.create(&key, val("0")).await.unwrap()];
            for i in 1..25 {
                let last = *revs.last().unwrap();
                revs.push(s.update(&key, val(&i.to_string()), last).await.unwrap());
            }
            revs
        }));
    }
    let mut written: Vec<Revision> = Vec::new();
    for w in writers {
        written.extend(w.await.unwrap());
    }
    written.sort_unstable();
    let mut first: Option<Vec<WatchEvent>> = None;
    for w in &mut watches {
        let events = next_events(w, written.len()).await;
        let revs: Vec<Revision> = events.iter().map(WatchEvent::revision).collect();
        assert_eq!(revs, written, "watch missed, duplicated or reordered events");
        match &first {
            None => first = Some(events),
            Some(first) => assert_eq!(&events, first, "two watches saw different events"),
        }
        expect_silence(w).await;
    }
}

/// A watch started while writes are in flight gets every event after its start revision exactly once:
/// the history it reads and the live events it follows must join without gap or overlap.
pub async fn watch_replays_history_then_live(b: impl Backend) {
    let s = b.store();
    let base = s.current_revision().await.unwrap();
    let writer = {
        let s = Arc::clone(&s);
        tokio::spawn(async move {
            let mut revs = Vec::new();
            for i in 0..200 {
                revs.push(s.create(&format!("/pods/ns/p{i:03}"), val("v")).await.unwrap());
            }
            revs
        })
    };
    while s.current_revision().await.unwrap() < base + 50 {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let after = base + 20;
    let mut w = s.watch("/pods/", after).await.unwrap();
    let written = writer.await.unwrap();
    let expected: Vec<Revision> = written.into_iter().filter(|&r| r > after).collect();
    let events = next_events(&mut w, expected.len()).await;
    let revs: Vec<Revision> = events.iter().map(WatchEvent::revision).collect();
    assert_eq!(revs, expected);
    assert!(events
        .iter()
        .all(|e| e.kind == EventKind::Created && e.prev.is_none()));
    expect_silence(&mut w).await;
}
