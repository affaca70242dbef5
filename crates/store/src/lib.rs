//! Skiff's datastore: a revisioned key-value store with watch, the contract Kubernetes expects of etcd.
//!
//! Owns: durable storage of opaque byte values under string keys, a single cluster-wide revision counter
//! assigned in commit order, compare-and-swap on a key's `mod_revision`, prefix ranges with limit and
//! continuation, watches from a revision, and compaction. It knows nothing about Kubernetes objects: the
//! API server encodes and decodes values. It must not be linked by any component other than the API server.
//!
//! Start reading at [`Store`]; the embedded backend is [`sqlite::SqliteStore`], the HA backend is
//! `etcd::EtcdStore` (cargo feature `etcd`). Both pass the shared suite in `tests/`.

mod error;
#[cfg(feature = "etcd")]
pub mod etcd;
mod keys;
pub mod sqlite;

pub use error::StoreError;

use async_trait::async_trait;

/// A store revision: a cluster-wide logical clock, strictly increasing in commit order, never reused.
pub type Revision = i64;

/// One live (or just-deleted) key with its revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: Vec<u8>,
    /// Revision of the write that created this incarnation of the key.
    pub create_revision: Revision,
    /// Revision of the last write to this key (for a delete event: the revision of the delete).
    pub mod_revision: Revision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Created,
    Updated,
    Deleted,
}

/// One change, delivered to watchers in revision order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchEvent {
    pub kind: EventKind,
    /// For `Deleted`: the last value, with `mod_revision` set to the revision of the delete.
    pub kv: KeyValue,
    /// The value before this change (None for `Created`).
    pub prev: Option<KeyValue>,
}

impl WatchEvent {
    pub fn revision(&self) -> Revision {
        self.kv.mod_revision
    }
}

/// Options for [`Store::list`].
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Return only keys strictly greater than this one (continuation).
    pub start_after: Option<String>,
    /// At most this many items (None or 0: no limit).
    pub limit: Option<usize>,
    /// Read the state as of this revision (None: the latest). Older than the compacted revision:
    /// [`StoreError::Compacted`]; newer than the current one: [`StoreError::FutureRevision`].
    pub revision: Option<Revision>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListResult {
    pub items: Vec<KeyValue>,
    /// The revision the list was read at.
    pub revision: Revision,
    /// Number of keys under the prefix after the last returned item (0: nothing more).
    pub remaining: usize,
}

/// A live watch; events arrive in revision order. Dropping it cancels the watch.
pub struct Watch {
    rx: tokio::sync::mpsc::Receiver<Result<WatchEvent, StoreError>>,
}

impl Watch {
    pub fn new(rx: tokio::sync::mpsc::Receiver<Result<WatchEvent, StoreError>>) -> Self {
        Self { rx }
    }

    /// The next event; `None` when the store closed the watch. An `Err` ends the watch.
    pub async fn next(&mut self) -> Option<Result<WatchEvent, StoreError>> {
        self.rx.recv().await
    }
}

/// The storage contract (modelled on `go.etcd.io/etcd/client/v3/kubernetes.Interface`).
///
/// Every write returns only once it is durable. Every successful write gets its own revision,
/// assigned in commit order, and is delivered to every watch whose prefix matches, in that order.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Create `key`; fails with [`StoreError::AlreadyExists`] if it is live. Returns the new revision.
    async fn create(&self, key: &str, value: Vec<u8>) -> Result<Revision, StoreError>;

    /// Replace `key` if its `mod_revision` equals `expected`. Fails with [`StoreError::NotFound`] or
    /// [`StoreError::Conflict`] (carrying the current value). Returns the new revision.
    async fn update(&self, key: &str, value: Vec<u8>, expected: Revision) -> Result<Revision, StoreError>;

    /// Delete `key`, if `expected` is given only when its `mod_revision` matches. Returns the value as it
    /// was, with `mod_revision` set to the revision of the delete.
    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<KeyValue, StoreError>;

    /// The live value of `key`, and the store's current revision.
    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision), StoreError>;

    /// Live keys starting with `prefix`, in key order.
    async fn list(&self, prefix: &str, opts: ListOptions) -> Result<ListResult, StoreError>;

    /// Number of live keys starting with `prefix`.
    async fn count(&self, prefix: &str) -> Result<usize, StoreError>;

    /// The current (latest committed) revision.
    async fn current_revision(&self) -> Result<Revision, StoreError>;

    /// Watch keys starting with `prefix` for changes with revision strictly greater than `after`.
    /// `after` older than the compacted revision gives [`StoreError::Compacted`] (returned here or as the
    /// first item of the watch).
    async fn watch(&self, prefix: &str, after: Revision) -> Result<Watch, StoreError>;

    /// Forget history older than `revision` (live values are always kept). Returns the compacted revision.
    async fn compact(&self, revision: Revision) -> Result<Revision, StoreError>;

    /// The revision below which history is gone.
    async fn compacted_revision(&self) -> Result<Revision, StoreError>;
}
