//! The embedded backend: one SQLite file in WAL mode, modelled on kine.
//!
//! * Writes go through one writer thread (`writer.rs`) that group-commits and assigns revisions in
//!   commit order; a write is acknowledged only once its transaction is fsynced.
//! * Reads run on a small pool of read connections in `spawn_blocking` (`pool.rs`, `read.rs`).
//! * Watches replay history from the table, then follow the writer's broadcast (`watch.rs`).
//! * Compaction runs in the writer, between batches (`compact.rs`).

mod compact;
mod pool;
mod read;
mod schema;
mod watch;
mod writer;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::sync::{broadcast, oneshot};

use crate::{keys, KeyValue, ListOptions, ListResult, Revision, Store, StoreError, Watch, WatchEvent};
use pool::ReadPool;
use writer::{Request, Writer};

/// The events of one commit, in revision order.
type EventBatch = Arc<Vec<WatchEvent>>;

/// Commits buffered for watchers before a slow one has to re-read from the table.
const EVENT_BUFFER: usize = 4096;
/// How long `open` waits for a previous owner of the file (e.g. a store being dropped) to let go.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// The SQLite-backed [`Store`].
pub struct SqliteStore {
    requests: mpsc::Sender<Request>,
    events: broadcast::Sender<EventBatch>,
    reads: Arc<ReadPool>,
    current: Arc<AtomicI64>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`; `<path>.lock`, `<path>-wal` and
    /// `<path>-shm` live next to it. Only one store, in one process, may have a database open at a time:
    /// `open` waits up to 5 s for a previous owner (e.g. a store being dropped) to let go, then fails
    /// with [`StoreError::Unavailable`]. Blocking: call it at startup, not on a busy tokio worker.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let lock = lock_file(path)?;
        let conn = schema::open_writer(path)?;
        let current = Arc::new(AtomicI64::new(schema::current_revision(&conn)?));
        let reads = ReadPool::new(path.to_path_buf())?;
        let (requests, rx) = mpsc::channel();
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let writer = Writer::new(conn, rx, events.clone(), Arc::clone(&current), lock);
        std::thread::Builder::new()
            .name("skiff-store-writer".into())
            .spawn(move || writer.run())
            .map_err(|e| StoreError::Backend(format!("cannot start writer thread: {e}")))?;
        tracing::info!(path = %path.display(), revision = current.load(Ordering::SeqCst), "opened sqlite store");
        Ok(SqliteStore {
            requests,
            events,
            reads,
            current,
        })
    }

    async fn submit<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, StoreError>>) -> Request,
    ) -> Result<T, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.requests.send(make(tx)).map_err(|_| writer_gone())?;
        rx.await.map_err(|_| writer_gone())?
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn create(&self, key: &str, value: Vec<u8>) -> Result<Revision, StoreError> {
        let key = key.to_owned();
        self.submit(|reply| Request::Create { key, value, reply }).await
    }

    async fn update(&self, key: &str, value: Vec<u8>, expected: Revision) -> Result<Revision, StoreError> {
        let key = key.to_owned();
        self.submit(|reply| Request::Update {
            key,
            value,
            expected,
            reply,
        })
        .await
    }

    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<KeyValue, StoreError> {
        let key = key.to_owned();
        self.submit(|reply| Request::Delete { key, expected, reply })
            .await
    }

    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision), StoreError> {
        let key = key.to_owned();
        self.reads.read(move |conn| read::get(conn, &key)).await
    }

    async fn list(&self, prefix: &str, opts: ListOptions) -> Result<ListResult, StoreError> {
        let prefix = prefix.to_owned();
        self.reads
            .read(move |conn| read::list(conn, &prefix, &opts))
            .await
    }

    async fn count(&self, prefix: &str) -> Result<usize, StoreError> {
        let prefix = prefix.to_owned();
        self.reads.read(move |conn| read::count(conn, &prefix)).await
    }

    async fn current_revision(&self) -> Result<Revision, StoreError> {
        Ok(self.current.load(Ordering::SeqCst))
    }

    async fn watch(&self, prefix: &str, after: Revision) -> Result<Watch, StoreError> {
        watch::start(&self.reads, &self.events, prefix, after).await
    }

    async fn compact(&self, revision: Revision) -> Result<Revision, StoreError> {
        self.submit(|reply| Request::Compact { revision, reply }).await
    }

    async fn compacted_revision(&self) -> Result<Revision, StoreError> {
        self.reads.read(|conn| schema::compacted_revision(conn)).await
    }
}

/// A byte range of keys: `start <= name < end`.
#[derive(Debug, Clone)]
struct KeyRange {
    start: Vec<u8>,
    end: Vec<u8>,
}

impl KeyRange {
    /// Keys under `prefix`, after `start_after` if given.
    fn list(prefix: &str, start_after: Option<&str>) -> Self {
        // Keys are UTF-8, which never contains 0xff: `[0xff]` is above every key.
        let end = keys::prefix_end(prefix.as_bytes()).unwrap_or_else(|| vec![0xff]);
        Self {
            start: keys::list_start(prefix.as_bytes(), start_after),
            end,
        }
    }
}

fn db_err(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(format!("sqlite: {e}"))
}

fn writer_gone() -> StoreError {
    StoreError::Unavailable("the sqlite writer has stopped".into())
}

/// Takes an exclusive lock on `<path>.lock`, waiting briefly for a previous owner to let go.
fn lock_file(path: &Path) -> Result<File, StoreError> {
    let mut lock_path = PathBuf::from(path).into_os_string();
    lock_path.push(".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| StoreError::Backend(format!("cannot open {}: {e}", Path::new(&lock_path).display())))?;
    let deadline = Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Unavailable(format!(
                    "{} is in use by another store",
                    path.display()
                )))
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(StoreError::Backend(format!(
                    "cannot lock {}: {e}",
                    path.display()
                )))
            }
        }
    }
}
