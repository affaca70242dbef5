//! Single-key operations: RunTestCreate, RunTestCreateWithKeyExist, RunTestGet, RunTestGuaranteedUpdate*,
//! RunTestUnconditionalDelete, RunTestConditionalDelete, RunTestDeleteWithSuggestionAndConflict.

use std::sync::Arc;

use skiff_store::{EventKind, StoreError};
use tokio::sync::Barrier;

use super::{kv, next_events, val, Backend};

pub async fn create_and_get(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let (missing, before) = s.get(key).await.unwrap();
    assert_eq!(missing, None);
    let rev = s.create(key, val("v1")).await.unwrap();
    assert!(rev > before, "create revision {rev} must be newer than {before}");
    let (got, at) = s.get(key).await.unwrap();
    assert_eq!(got, Some(kv(key, "v1", rev, rev)));
    assert!(at >= rev, "get revision {at} older than the write {rev}");
    assert_eq!(s.current_revision().await.unwrap(), rev);
}

pub async fn create_existing_key_fails(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let rev = s.create(key, val("v1")).await.unwrap();
    match s.create(key, val("v2")).await {
        Err(StoreError::AlreadyExists { key: k }) => assert_eq!(k, key),
        other => panic!("expected AlreadyExists, got {other:?}"),
    }
    assert_eq!(
        s.current_revision().await.unwrap(),
        rev,
        "a failed create must not use a revision"
    );
    assert_eq!(s.get(key).await.unwrap().0, Some(kv(key, "v1", rev, rev)));
}

pub async fn large_value_roundtrip(b: impl Backend) {
    let s = b.store();
    let key = "/configmaps/test-ns/big";
    let value: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let rev = s.create(key, value.clone()).await.unwrap();
    let got = s.get(key).await.unwrap().0.unwrap();
    assert_eq!(got.mod_revision, rev);
    assert!(got.value == value, "1 MB value corrupted");
}

pub async fn update_checks_mod_revision(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    assert!(r2 > r1);
    assert_eq!(s.get(key).await.unwrap().0, Some(kv(key, "v2", r1, r2)));

    // A stale revision conflicts and reports the current value.
    match s.update(key, val("v3"), r1).await {
        Err(StoreError::Conflict {
            key: k,
            expected,
            current,
        }) => {
            assert_eq!((k.as_str(), expected), (key, r1));
            assert_eq!(*current, kv(key, "v2", r1, r2));
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(
        s.current_revision().await.unwrap(),
        r2,
        "a failed update must not use a revision"
    );

    // Missing keys are NotFound whatever the expected revision, including 0.
    for expected in [0, r1, r2] {
        match s.update("/pods/test-ns/missing", val("x"), expected).await {
            Err(StoreError::NotFound { key }) => assert_eq!(key, "/pods/test-ns/missing"),
            other => panic!("expected NotFound, got {other:?}"),
        }
    }
    assert_eq!(s.get("/pods/test-ns/missing").await.unwrap().0, None);
}

pub async fn unconditional_delete(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let deleted = s.delete(key, None).await.unwrap();
    assert!(
        deleted.mod_revision > r1,
        "delete must return the delete revision"
    );
    assert_eq!(deleted, kv(key, "v1", r1, deleted.mod_revision));
    assert_eq!(s.current_revision().await.unwrap(), deleted.mod_revision);
    assert_eq!(s.get(key).await.unwrap().0, None);
    assert!(matches!(
        s.delete(key, None).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        s.delete("/pods/test-ns/never", None).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn conditional_delete(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let r2 = s.update(key, val("v2"), r1).await.unwrap();
    match s.delete(key, Some(r1)).await {
        Err(StoreError::Conflict {
            expected, current, ..
        }) => {
            assert_eq!(expected, r1);
            assert_eq!(*current, kv(key, "v2", r1, r2));
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(
        s.get(key).await.unwrap().0,
        Some(kv(key, "v2", r1, r2)),
        "conflicting delete removed the key"
    );
    let deleted = s.delete(key, Some(r2)).await.unwrap();
    assert_eq!(deleted, kv(key, "v2", r1, deleted.mod_revision));
    assert!(deleted.mod_revision > r2);
    assert!(matches!(
        s.delete(key, Some(r2)).await,
        Err(StoreError::NotFound { .. })
    ));
}

pub async fn recreate_after_delete(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let r1 = s.create(key, val("v1")).await.unwrap();
    let d = s.delete(key, None).await.unwrap().mod_revision;
    let r3 = s.create(key, val("v2")).await.unwrap();
    assert!(r3 > d);
    assert_eq!(
        s.get(key).await.unwrap().0,
        Some(kv(key, "v2", r3, r3)),
        "a new incarnation"
    );
    let mut w = s.watch("/pods/", r1).await.unwrap();
    let events = next_events(&mut w, 2).await;
    assert_eq!(events[0].kind, EventKind::Deleted);
    assert_eq!(events[1].kind, EventKind::Created);
    assert_eq!(events[1].kv, kv(key, "v2", r3, r3));
    assert_eq!(events[1].prev, None, "a create has no previous value");
}

/// RunTestGuaranteedUpdateWithConflict: two writers read the same revision; exactly one wins, the other
/// gets a conflict carrying the winner's value and succeeds on retry.
pub async fn conflicting_updates_retry(b: impl Backend) {
    let s = b.store();
    let key = "/pods/test-ns/foo";
    let r1 = s.create(key, val("0")).await.unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let mut tasks = Vec::new();
    for name in ["a", "b"] {
        let (s, barrier) = (Arc::clone(&s), Arc::clone(&barrier));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            match s.update(key, format!("0{name}").into_bytes(), r1).await {
                Ok(_) => true,
                Err(StoreError::Conflict { current, .. }) => {
                    let mut value = current.value.clone();
                    value.extend_from_slice(name.as_bytes());
                    s.update(key, value, current.mod_revision).await.unwrap();
                    false
                }
                Err(e) => panic!("unexpected error {e}"),
            }
        }));
    }
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.unwrap());
    }
    assert_eq!(
        winners, 1,
        "exactly one of two writers at the same revision may win"
    );
    let value = String::from_utf8(s.get(key).await.unwrap().0.unwrap().value).unwrap();
    assert!(
        value == "0ab" || value == "0ba",
        "final value {value:?} lost an update"
    );
}
