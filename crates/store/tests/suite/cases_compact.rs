//! Compaction: etcd3's TestCompact / RunTestListInconsistentContinuation / "list at a compacted
//! revision fails with 410" and "watch from a compacted revision fails".

use skiff_store::{EventKind, ListOptions, StoreError};

use super::{assert_event, assert_watch_compacted, keys_of, kv, next_events, val, Backend};

pub async fn compaction(b: impl Backend) {
    let s = b.store();
    let (a, bk, c) = ("/pods/ns/a", "/pods/ns/b", "/pods/ns/c");
    let r1 = s.create(a, val("a1")).await.unwrap();
    let r2 = s.update(a, val("a2"), r1).await.unwrap();
    let r3 = s.update(a, val("a3"), r2).await.unwrap();
    let r4 = s.create(bk, val("b1")).await.unwrap();
    let r5 = s.delete(bk, None).await.unwrap().mod_revision;
    let r6 = s.create(c, val("c1")).await.unwrap();
    assert_eq!(
        s.compacted_revision().await.unwrap(),
        0,
        "a fresh store has no compacted history"
    );

    assert_eq!(s.compact(r3).await.unwrap(), r3);
    assert_eq!(s.compacted_revision().await.unwrap(), r3);
    assert_eq!(
        s.current_revision().await.unwrap(),
        r6,
        "compaction must not move the current revision"
    );

    let at = |rev| ListOptions {
        revision: Some(rev),
        ..Default::default()
    };
    match s.list("/pods/", at(r2)).await {
        Err(StoreError::Compacted { requested, compacted }) => assert_eq!((requested, compacted), (r2, r3)),
        other => panic!("expected Compacted, got {other:?}"),
    }
    assert_eq!(
        s.list("/pods/", at(r3)).await.unwrap().items,
        [kv(a, "a3", r1, r3)]
    );
    assert_eq!(
        s.list("/pods/", at(r4)).await.unwrap().items,
        [kv(a, "a3", r1, r3), kv(bk, "b1", r4, r4)]
    );
    assert_eq!(
        s.list("/pods/", at(r5)).await.unwrap().items,
        [kv(a, "a3", r1, r3)]
    );
    let latest = s.list("/pods/", ListOptions::default()).await.unwrap();
    assert_eq!(keys_of(&latest.items), [a, c]);

    assert_watch_compacted(&*s, "/pods/", r1).await;
    assert_watch_compacted(&*s, "/pods/", r3 - 1).await;
    let mut w = s.watch("/pods/", r3).await.unwrap();
    let events = next_events(&mut w, 3).await;
    assert_event(&events[0], EventKind::Created, bk, "b1", r4);
    assert_event(&events[1], EventKind::Deleted, bk, "b1", r5);
    assert_eq!(events[1].prev, Some(kv(bk, "b1", r4, r4)));
    assert_event(&events[2], EventKind::Created, c, "c1", r6);

    // Compacting again at or below the compacted revision changes nothing.
    assert_eq!(s.compact(r2).await.unwrap(), r3);
    assert_eq!(s.compacted_revision().await.unwrap(), r3);
    match s.compact(r6 + 10).await {
        Err(StoreError::FutureRevision { requested, current }) => {
            assert_eq!((requested, current), (r6 + 10, r6))
        }
        other => panic!("expected FutureRevision, got {other:?}"),
    }
}

pub async fn compaction_keeps_live_values(b: impl Backend) {
    let s = b.store();
    let (old, hot, gone) = ("/pods/ns/old", "/pods/ns/hot", "/pods/ns/gone");
    let r_old = s.create(old, val("v")).await.unwrap();
    let mut r_hot = s.create(hot, val("0")).await.unwrap();
    let r_hot_created = r_hot;
    for i in 1..=10 {
        r_hot = s.update(hot, val(&i.to_string()), r_hot).await.unwrap();
    }
    s.create(gone, val("x")).await.unwrap();
    s.delete(gone, None).await.unwrap();
    let compacted = s.current_revision().await.unwrap();
    assert_eq!(s.compact(compacted).await.unwrap(), compacted);

    assert_eq!(s.get(old).await.unwrap().0, Some(kv(old, "v", r_old, r_old)));
    let expected = vec![kv(hot, "10", r_hot_created, r_hot), kv(old, "v", r_old, r_old)];
    assert_eq!(
        s.list("/pods/", ListOptions::default()).await.unwrap().items,
        expected
    );
    let at = ListOptions {
        revision: Some(compacted),
        ..Default::default()
    };
    assert_eq!(s.list("/pods/", at).await.unwrap().items, expected);
    assert_eq!(
        s.get(gone).await.unwrap().0,
        None,
        "compaction must not resurrect deleted keys"
    );
    assert_eq!(s.count("/pods/").await.unwrap(), 2);

    // Changes after compaction still carry their previous values.
    let mut w = s.watch("/pods/", compacted).await.unwrap();
    let r = s.update(old, val("v2"), r_old).await.unwrap();
    let d = s.delete(hot, Some(r_hot)).await.unwrap();
    let events = next_events(&mut w, 2).await;
    assert_event(&events[0], EventKind::Updated, old, "v2", r);
    assert_eq!(events[0].prev, Some(kv(old, "v", r_old, r_old)));
    assert_event(&events[1], EventKind::Deleted, hot, "10", d.mod_revision);
    assert_eq!(events[1].prev, Some(kv(hot, "10", r_hot_created, r_hot)));
}

/// RunTestListInconsistentContinuation: a continuation pinned to a compacted revision fails; the
/// client then continues at the latest revision.
pub async fn list_continuation_after_compaction(b: impl Backend) {
    let s = b.store();
    let keys = ["/pods/ns/a", "/pods/ns/b", "/pods/ns/c"];
    let mut revs = Vec::new();
    for key in keys {
        revs.push(s.create(key, val("1")).await.unwrap());
    }
    let first = s
        .list(
            "/pods/",
            ListOptions {
                limit: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((keys_of(&first.items), first.remaining), (vec![keys[0]], 2));
    s.update(keys[1], val("2"), revs[1]).await.unwrap();
    let compacted = s.current_revision().await.unwrap();
    s.compact(compacted).await.unwrap();

    let pinned = ListOptions {
        start_after: Some(keys[0].into()),
        limit: Some(1),
        revision: Some(first.revision),
    };
    match s.list("/pods/", pinned).await {
        Err(StoreError::Compacted {
            requested,
            compacted: c,
        }) => assert_eq!((requested, c), (first.revision, compacted)),
        other => panic!("expected Compacted, got {other:?}"),
    }
    let fresh = ListOptions {
        start_after: Some(keys[0].into()),
        limit: Some(1),
        revision: None,
    };
    let next = s.list("/pods/", fresh).await.unwrap();
    assert_eq!(next.items, [kv(keys[1], "2", revs[1], compacted)]);
    assert_eq!(next.remaining, 1);
}

/// Revisions are never reused: not after compaction removed the newest row, not after a restart.
pub async fn revisions_survive_compaction_and_restart(mut b: impl Backend) {
    let s = b.store();
    s.create("/pods/ns/a", val("a")).await.unwrap();
    let d = s.delete("/pods/ns/a", None).await.unwrap().mod_revision;
    assert_eq!(s.compact(d).await.unwrap(), d);
    assert_eq!(s.current_revision().await.unwrap(), d);
    drop(s);
    b.restart().await;
    let s = b.store();
    assert_eq!(
        s.current_revision().await.unwrap(),
        d,
        "current revision went backwards across restart"
    );
    assert_eq!(
        s.compacted_revision().await.unwrap(),
        d,
        "compacted revision lost across restart"
    );
    let next = s.create("/pods/ns/b", val("b")).await.unwrap();
    assert!(next > d, "revision {next} reused (last was {d})");
    assert_eq!(s.get("/pods/ns/a").await.unwrap().0, None);
}
