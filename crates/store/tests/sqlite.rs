//! The conformance suite on the SQLite backend, plus SQLite-only checks (crash durability with a real
//! `kill -9`, exclusive ownership of the file).

mod suite;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use skiff_store::sqlite::SqliteStore;
use skiff_store::{ListOptions, Store, StoreError};
use suite::Backend;
use tempfile::TempDir;

struct SqliteBackend {
    dir: TempDir,
    store: Option<Arc<SqliteStore>>,
}

impl SqliteBackend {
    fn path(&self) -> PathBuf {
        self.dir.path().join("skiff.db")
    }
}

async fn sqlite_backend() -> SqliteBackend {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("skiff.db")).expect("open store");
    SqliteBackend {
        dir,
        store: Some(Arc::new(store)),
    }
}

#[async_trait::async_trait]
impl Backend for SqliteBackend {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone().expect("store is open")
    }

    async fn restart(&mut self) {
        let store = self.store.take().expect("store is open");
        assert_eq!(
            Arc::strong_count(&store),
            1,
            "the case still holds a store handle"
        );
        drop(store);
        self.store = Some(Arc::new(SqliteStore::open(&self.path()).expect("reopen store")));
    }
}

store_suite!(sqlite_backend);

const CHILD_ENV: &str = "SKIFF_STORE_CRASH_CHILD_DB";
const CHILD_WRITES: usize = 200;

/// The child half of `acknowledged_writes_survive_kill_9`: writes, reports each acknowledged revision on
/// stdout, then waits to be killed.
async fn crash_child(path: &Path) {
    let store = SqliteStore::open(path).expect("child: open");
    for i in 0..CHILD_WRITES {
        let rev = store
            .create(&format!("/crash/k{i:04}"), vec![b'x'; 512])
            .await
            .expect("child: create");
        println!("acked {rev}");
    }
    println!("done");
    std::future::pending::<()>().await;
}

/// A real crash: a child process writes, and is SIGKILLed right after its last acknowledgement. Every
/// acknowledged write must be there after reopening, with the same revision.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_kill_9() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        crash_child(Path::new(&path)).await;
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "acknowledged_writes_survive_kill_9",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().unwrap();
    let acked = tokio::task::spawn_blocking(move || {
        let mut acked = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            // The test harness may print "test ... " on the same line before the child's output.
            if let Some((_, rev)) = line.split_once("acked ") {
                acked.push(rev.trim().parse::<i64>().unwrap());
            }
            if line.ends_with("done") {
                break;
            }
        }
        acked
    })
    .await
    .unwrap();
    child.kill().expect("kill -9 child"); // SIGKILL: no destructor, no checkpoint, no clean close
    child.wait().unwrap();
    assert_eq!(acked.len(), CHILD_WRITES, "child did not finish its writes");

    let store = SqliteStore::open(&path).expect("reopen after crash");
    assert_eq!(store.current_revision().await.unwrap(), *acked.last().unwrap());
    let list = store.list("/crash/", ListOptions::default()).await.unwrap();
    let revs: Vec<i64> = list.items.iter().map(|kv| kv.mod_revision).collect();
    assert_eq!(revs, acked, "acknowledged writes lost or changed by the crash");
}

#[tokio::test]
async fn second_open_of_the_same_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one.db");
    let _first = SqliteStore::open(&path).unwrap();
    match SqliteStore::open(&path) {
        Err(StoreError::Unavailable(msg)) => assert!(msg.contains("in use"), "{msg}"),
        Err(e) => panic!("expected Unavailable, got {e}"),
        Ok(_) => panic!("two stores opened the same file"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_ends_when_store_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("w.db")).unwrap();
    let mut w = store.watch("/", 0).await.unwrap();
    store.create("/a", b"1".to_vec()).await.unwrap();
    assert!(matches!(w.next().await, Some(Ok(_))));
    drop(store);
    let end = tokio::time::timeout(std::time::Duration::from_secs(10), w.next()).await;
    assert!(
        matches!(end, Ok(None)),
        "watch should end with the store, got {end:?}"
    );
}
