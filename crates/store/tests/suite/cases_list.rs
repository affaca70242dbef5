//! Listing: RunTestList (prefix, limit, match=Exact at past revisions, too large RV),
//! RunTestListContinuation, RunTestConsistentList, RunTestCount.

use skiff_store::{ListOptions, StoreError};

use super::{keys_of, kv, val, Backend};

pub async fn list_prefix(b: impl Backend) {
    let s = b.store();
    for key in [
        "/pods/ns1/b",
        "/pods/ns1/a",
        "/pods/ns10/x",
        "/pods/ns2/a",
        "/pods/ns1",
        "/pods/ns1/c",
    ] {
        s.create(key, val(key)).await.unwrap();
    }
    s.delete("/pods/ns1/c", None).await.unwrap();
    let current = s.current_revision().await.unwrap();

    let ns1 = s.list("/pods/ns1/", ListOptions::default()).await.unwrap();
    assert_eq!(
        keys_of(&ns1.items),
        ["/pods/ns1/a", "/pods/ns1/b"],
        "prefix is a byte prefix, keys sorted"
    );
    assert_eq!(ns1.items[0].value, val("/pods/ns1/a"));
    assert_eq!((ns1.revision, ns1.remaining), (current, 0));

    let all = s.list("/pods/", ListOptions::default()).await.unwrap();
    assert_eq!(
        keys_of(&all.items),
        [
            "/pods/ns1",
            "/pods/ns1/a",
            "/pods/ns1/b",
            "/pods/ns10/x",
            "/pods/ns2/a"
        ]
    );

    let everything = s.list("", ListOptions::default()).await.unwrap();
    assert_eq!(everything.items.len(), 5, "the empty prefix lists every key");

    let none = s.list("/secrets/", ListOptions::default()).await.unwrap();
    assert!(none.items.is_empty());
    assert_eq!((none.revision, none.remaining), (current, 0));
}

pub async fn list_limit_and_continuation(b: impl Backend) {
    let s = b.store();
    let keys: Vec<String> = (0..5).map(|i| format!("/pods/ns/p{i}")).collect();
    let mut revs = Vec::new();
    for key in &keys {
        revs.push(s.create(key, val("old")).await.unwrap());
    }
    let page = |after: Option<&str>, revision| ListOptions {
        start_after: after.map(str::to_owned),
        limit: Some(2),
        revision,
    };
    let first = s.list("/pods/ns/", page(None, None)).await.unwrap();
    assert_eq!(keys_of(&first.items), [&keys[0], &keys[1]]);
    assert_eq!(first.remaining, 3);

    // Writes after the first page are invisible to the continuation, which is pinned to its revision.
    s.update(&keys[2], val("new"), revs[2]).await.unwrap();
    s.create("/pods/ns/p5", val("new")).await.unwrap();
    s.delete(&keys[3], None).await.unwrap();

    let second = s
        .list("/pods/ns/", page(Some(&keys[1]), Some(first.revision)))
        .await
        .unwrap();
    assert_eq!(second.revision, first.revision);
    assert_eq!(
        second.items,
        [
            kv(&keys[2], "old", revs[2], revs[2]),
            kv(&keys[3], "old", revs[3], revs[3])
        ]
    );
    assert_eq!(second.remaining, 1);
    let third = s
        .list("/pods/ns/", page(Some(&keys[3]), Some(first.revision)))
        .await
        .unwrap();
    assert_eq!(keys_of(&third.items), [&keys[4]]);
    assert_eq!(third.remaining, 0);

    // Continuing at the latest revision sees the new state.
    let latest = s.list("/pods/ns/", page(Some(&keys[1]), None)).await.unwrap();
    assert_eq!(keys_of(&latest.items), [&keys[2], &keys[4]]);
    assert_eq!(latest.items[0].value, val("new"));
    assert_eq!(latest.remaining, 1);

    // limit 0 and None both mean "no limit".
    let all = s
        .list(
            "/pods/ns/",
            ListOptions {
                limit: Some(0),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.items.len(), 5);
    assert_eq!(all.remaining, 0);
}

pub async fn list_at_past_revision(b: impl Backend) {
    let s = b.store();
    let (a, bk) = ("/pods/ns/a", "/pods/ns/b");
    let r1 = s.create(a, val("a1")).await.unwrap();
    let r2 = s.create(bk, val("b1")).await.unwrap();
    let r3 = s.update(a, val("a2"), r1).await.unwrap();
    let r4 = s.delete(bk, None).await.unwrap().mod_revision;
    let r5 = s.create("/other/x", val("x")).await.unwrap();
    let at = |rev| ListOptions {
        revision: Some(rev),
        ..Default::default()
    };
    let expect = [
        (r1, vec![kv(a, "a1", r1, r1)]),
        (r2, vec![kv(a, "a1", r1, r1), kv(bk, "b1", r2, r2)]),
        (r3, vec![kv(a, "a2", r1, r3), kv(bk, "b1", r2, r2)]),
        (r4, vec![kv(a, "a2", r1, r3)]),
        (r5, vec![kv(a, "a2", r1, r3)]),
    ];
    for (rev, items) in expect {
        let list = s.list("/pods/", at(rev)).await.unwrap();
        assert_eq!(list.items, items, "state at revision {rev}");
        assert_eq!(list.revision, rev, "a list at a revision reports that revision");
    }
    if r1 > 1 {
        let before = s.list("/pods/", at(r1 - 1)).await.unwrap();
        assert!(before.items.is_empty(), "nothing existed before the first write");
    }
    // With a limit, at a past revision.
    let limited = s.list(
        "/pods/",
        ListOptions {
            limit: Some(1),
            revision: Some(r2),
            ..Default::default()
        },
    );
    let limited = limited.await.unwrap();
    assert_eq!((keys_of(&limited.items), limited.remaining), (vec![a], 1));
}

pub async fn list_future_revision_fails(b: impl Backend) {
    let s = b.store();
    let rev = s.create("/pods/ns/a", val("a")).await.unwrap();
    for requested in [rev + 1, rev + 100] {
        match s
            .list(
                "/pods/",
                ListOptions {
                    revision: Some(requested),
                    ..Default::default()
                },
            )
            .await
        {
            Err(StoreError::FutureRevision {
                requested: r,
                current,
            }) => {
                assert_eq!((r, current), (requested, rev));
            }
            other => panic!("expected FutureRevision, got {other:?}"),
        }
    }
}

/// RunTestConsistentList: a list without a revision reflects every acknowledged write and reports the
/// current revision.
pub async fn consistent_list(b: impl Backend) {
    let s = b.store();
    for i in 0..10 {
        let key = format!("/pods/ns/p{i}");
        let rev = s.create(&key, val("v")).await.unwrap();
        let list = s.list("/pods/", ListOptions::default()).await.unwrap();
        assert!(
            list.revision >= rev,
            "list at {} misses write {rev}",
            list.revision
        );
        assert_eq!(list.items.len(), i + 1);
        assert_eq!(list.items.last().map(|kv| kv.mod_revision), Some(rev));
    }
    let list = s.list("/empty/", ListOptions::default()).await.unwrap();
    assert_eq!(
        list.revision,
        s.current_revision().await.unwrap(),
        "an empty list still reports the revision"
    );
}

pub async fn count_keys(b: impl Backend) {
    let s = b.store();
    assert_eq!(s.count("/pods/").await.unwrap(), 0);
    for i in 0..7 {
        s.create(&format!("/pods/ns1/p{i}"), val("v")).await.unwrap();
    }
    s.create("/pods/ns2/p0", val("v")).await.unwrap();
    s.create("/pods/ns10/p0", val("v")).await.unwrap();
    let r = s.create("/pods/ns1/gone", val("v")).await.unwrap();
    s.update("/pods/ns1/gone", val("w"), r).await.unwrap();
    s.delete("/pods/ns1/gone", None).await.unwrap();
    assert_eq!(s.count("/pods/ns1/").await.unwrap(), 7);
    assert_eq!(s.count("/pods/").await.unwrap(), 9);
    assert_eq!(s.count("").await.unwrap(), 9);
}

/// A full list bigger than gRPC's default 4 MiB message limit (a large resource listed without limit).
pub async fn list_large_result(b: impl Backend) {
    const KEYS: usize = 3000;
    let s = b.store();
    let value = vec![b'v'; 2048];
    let mut tasks = Vec::new();
    for w in 0..8 {
        let (s, value) = (std::sync::Arc::clone(&s), value.clone());
        tasks.push(tokio::spawn(async move {
            for i in (w..KEYS).step_by(8) {
                s.create(&format!("/configmaps/ns/c{i:05}"), value.clone())
                    .await
                    .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let list = s.list("/configmaps/", ListOptions::default()).await.unwrap();
    assert_eq!(list.items.len(), KEYS);
    assert!(
        list.items.windows(2).all(|w| w[0].key < w[1].key),
        "not in key order"
    );
    assert!(list.items.iter().all(|kv| kv.value == value));
}
