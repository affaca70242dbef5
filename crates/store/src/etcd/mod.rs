//! The HA backend: etcd v3, through `etcd-client`.
//!
//! Every key is stored under a fixed prefix (e.g. `/registry`). Revisions, compare-and-swap, ranges,
//! watches and compaction map one to one onto etcd's own; only the compacted revision, which etcd does
//! not report directly, is found by probing reads.

mod convert;
mod watch;

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use etcd_client::{
    Client, CompactionOptions, Compare, CompareOp, ConnectOptions, DeleteOptions, GetOptions, KvClient, Txn,
    TxnOp, TxnOpResponse, TxnResponse, WatchClient,
};

use crate::{keys, KeyValue, ListOptions, ListResult, Revision, Store, StoreError, Watch};
use convert::{header_revision, is_compacted, is_future, map_err, Keys};

/// Largest response accepted from etcd (a full list of a large resource).
const MAX_RESPONSE: usize = i32::MAX as usize;

/// The etcd-backed [`Store`].
pub struct EtcdStore {
    kv: KvClient,
    watch: WatchClient,
    keys: Keys,
    /// The highest compacted revision this store has seen (a starting point for probing).
    compacted_hint: AtomicI64,
}

impl EtcdStore {
    /// Connects to the etcd cluster at `endpoints` (e.g. `http://127.0.0.1:2379`); every key is
    /// stored as `prefix + key`.
    pub async fn connect(endpoints: &[String], prefix: &str) -> Result<EtcdStore, StoreError> {
        let options = ConnectOptions::new()
            .with_connect_timeout(Duration::from_secs(5))
            .with_keep_alive(Duration::from_secs(10), Duration::from_secs(5));
        let client = Client::connect(endpoints, Some(options)).await.map_err(map_err)?;
        tracing::info!(?endpoints, prefix, "connected to etcd");
        // A list of a large resource easily exceeds gRPC's default 4 MiB (kube-apiserver lifts the limit
        // too); requests stay bounded by etcd's own --max-request-bytes.
        Ok(EtcdStore {
            kv: client.kv_client().max_decoding_message_size(MAX_RESPONSE),
            watch: client.watch_client().max_decoding_message_size(MAX_RESPONSE),
            keys: Keys {
                prefix: prefix.to_owned(),
            },
            compacted_hint: AtomicI64::new(0),
        })
    }

    fn kv(&self) -> KvClient {
        self.kv.clone()
    }

    /// The exclusive end of the etcd range holding every key under `prefix`.
    fn range_end(&self, prefix: &str) -> Vec<u8> {
        // `[0]` is etcd's "every key from the start key on".
        keys::prefix_end(self.keys.full(prefix).as_bytes()).unwrap_or_else(|| vec![0])
    }

    async fn txn(&self, txn: Txn) -> Result<TxnResponse, StoreError> {
        self.kv().txn(txn).await.map_err(map_err)
    }

    /// The live value of `key` from a failed transaction's `or_else` get.
    fn current_from(&self, key: &str, resp: &TxnResponse) -> Result<KeyValue, StoreError> {
        for op in resp.op_responses() {
            if let TxnOpResponse::Get(get) = op {
                if let Some(kv) = get.kvs().first() {
                    return self.keys.kv(kv);
                }
            }
        }
        Err(StoreError::NotFound { key: key.to_owned() })
    }

    /// Whether `revision` has not been compacted away (a future revision is not compacted).
    async fn readable(&self, revision: Revision) -> Result<bool, StoreError> {
        let options = GetOptions::new().with_revision(revision).with_count_only();
        match self.kv().get(self.keys.prefix.as_str(), Some(options)).await {
            Ok(_) => Ok(true),
            Err(e) if is_future(&e) => Ok(true),
            Err(e) if is_compacted(&e) => Ok(false),
            Err(e) => Err(map_err(e)),
        }
    }

    /// Turns a read error at `requested` into `Compacted` / `FutureRevision` where it is one.
    async fn read_err(&self, e: etcd_client::Error, requested: Revision) -> StoreError {
        if is_compacted(&e) {
            let compacted = self.compacted_revision().await.unwrap_or(requested + 1);
            StoreError::Compacted { requested, compacted }
        } else if is_future(&e) {
            let current = self.current_revision().await.unwrap_or(0);
            StoreError::FutureRevision { requested, current }
        } else {
            map_err(e)
        }
    }
}

#[async_trait]
impl Store for EtcdStore {
    async fn create(&self, key: &str, value: Vec<u8>) -> Result<Revision, StoreError> {
        let full = self.keys.full(key);
        let txn = Txn::new()
            .when([Compare::create_revision(full.as_str(), CompareOp::Equal, 0)])
            .and_then([TxnOp::put(full.as_str(), value, None)]);
        let resp = self.txn(txn).await?;
        if !resp.succeeded() {
            return Err(StoreError::AlreadyExists { key: key.to_owned() });
        }
        Ok(header_revision(resp.header()))
    }

    async fn update(&self, key: &str, value: Vec<u8>, expected: Revision) -> Result<Revision, StoreError> {
        let full = self.keys.full(key);
        let txn = Txn::new()
            .when([
                Compare::create_revision(full.as_str(), CompareOp::Greater, 0),
                Compare::mod_revision(full.as_str(), CompareOp::Equal, expected),
            ])
            .and_then([TxnOp::put(full.as_str(), value, None)])
            .or_else([TxnOp::get(full.as_str(), None)]);
        let resp = self.txn(txn).await?;
        if resp.succeeded() {
            return Ok(header_revision(resp.header()));
        }
        let current = self.current_from(key, &resp)?;
        Err(StoreError::Conflict {
            key: key.to_owned(),
            expected,
            current: Box::new(current),
        })
    }

    async fn delete(&self, key: &str, expected: Option<Revision>) -> Result<KeyValue, StoreError> {
        let full = self.keys.full(key);
        let mut compares = vec![Compare::create_revision(full.as_str(), CompareOp::Greater, 0)];
        if let Some(expected) = expected {
            compares.push(Compare::mod_revision(full.as_str(), CompareOp::Equal, expected));
        }
        let txn = Txn::new()
            .when(compares)
            .and_then([TxnOp::delete(
                full.as_str(),
                Some(DeleteOptions::new().with_prev_key()),
            )])
            .or_else([TxnOp::get(full.as_str(), None)]);
        let resp = self.txn(txn).await?;
        if !resp.succeeded() {
            let current = self.current_from(key, &resp)?;
            let expected = expected.unwrap_or(current.mod_revision);
            return Err(StoreError::Conflict {
                key: key.to_owned(),
                expected,
                current: Box::new(current),
            });
        }
        let revision = header_revision(resp.header());
        for op in resp.op_responses() {
            if let TxnOpResponse::Delete(del) = op {
                if let Some(prev) = del.prev_kvs().first() {
                    return Ok(KeyValue {
                        mod_revision: revision,
                        ..self.keys.kv(prev)?
                    });
                }
            }
        }
        Err(StoreError::NotFound { key: key.to_owned() })
    }

    async fn get(&self, key: &str) -> Result<(Option<KeyValue>, Revision), StoreError> {
        let resp = self.kv().get(self.keys.full(key), None).await.map_err(map_err)?;
        let kv = resp.kvs().first().map(|kv| self.keys.kv(kv)).transpose()?;
        Ok((kv, header_revision(resp.header())))
    }

    async fn list(&self, prefix: &str, opts: ListOptions) -> Result<ListResult, StoreError> {
        let full_prefix = self.keys.full(prefix);
        let after = opts.start_after.as_deref().map(|a| self.keys.full(a));
        let start = keys::list_start(full_prefix.as_bytes(), after.as_deref());
        let end = self.range_end(prefix);
        let requested = opts.revision.filter(|&r| r > 0);
        let mut options = GetOptions::new().with_range(end.clone());
        if let Some(limit) = opts.limit.filter(|&l| l > 0) {
            options = options.with_limit(i64::try_from(limit).unwrap_or(i64::MAX));
        }
        if let Some(revision) = requested {
            options = options.with_revision(revision);
        }
        if end != [0] && start >= end {
            // Continuing past the end of the prefix: etcd would reject the empty range.
            let revision = match requested {
                Some(r) => r,
                None => self.current_revision().await?,
            };
            return Ok(ListResult {
                items: Vec::new(),
                revision,
                remaining: 0,
            });
        }
        let resp = match self.kv().get(start, Some(options)).await {
            Ok(resp) => resp,
            Err(e) => return Err(self.read_err(e, requested.unwrap_or(0)).await),
        };
        let items = resp
            .kvs()
            .iter()
            .map(|kv| self.keys.kv(kv))
            .collect::<Result<Vec<_>, _>>()?;
        let total = usize::try_from(resp.count()).unwrap_or(0);
        let revision = requested.unwrap_or_else(|| header_revision(resp.header()));
        Ok(ListResult {
            remaining: total.saturating_sub(items.len()),
            items,
            revision,
        })
    }

    async fn count(&self, prefix: &str) -> Result<usize, StoreError> {
        let options = GetOptions::new()
            .with_range(self.range_end(prefix))
            .with_count_only();
        let resp = self
            .kv()
            .get(self.keys.full(prefix), Some(options))
            .await
            .map_err(map_err)?;
        Ok(usize::try_from(resp.count()).unwrap_or(0))
    }

    async fn current_revision(&self) -> Result<Revision, StoreError> {
        let options = GetOptions::new().with_count_only();
        let resp = self
            .kv()
            .get(self.keys.prefix.as_str(), Some(options))
            .await
            .map_err(map_err)?;
        Ok(header_revision(resp.header()))
    }

    async fn watch(&self, prefix: &str, after: Revision) -> Result<Watch, StoreError> {
        // etcd accepts a watch from the compacted revision itself (after = compacted - 1); the contract
        // says `after` must not be older than the compacted revision, which a read at `after` checks.
        if after > 0 && !self.readable(after).await? {
            let compacted = self.compacted_revision().await?;
            return Err(StoreError::Compacted {
                requested: after,
                compacted,
            });
        }
        watch::start(
            self.watch.clone(),
            self.keys.clone(),
            prefix,
            self.range_end(prefix),
            after,
        )
        .await
    }

    async fn compact(&self, revision: Revision) -> Result<Revision, StoreError> {
        let options = CompactionOptions::new().with_physical();
        match self.kv().compact(revision, Some(options)).await {
            Ok(_) => {
                self.compacted_hint.fetch_max(revision, Ordering::SeqCst);
                tracing::info!(revision, "compacted etcd");
                Ok(revision)
            }
            Err(e) if is_compacted(&e) => self.compacted_revision().await,
            Err(e) if is_future(&e) => Err(StoreError::FutureRevision {
                requested: revision,
                current: self.current_revision().await?,
            }),
            Err(e) => Err(map_err(e)),
        }
    }

    async fn compacted_revision(&self) -> Result<Revision, StoreError> {
        // etcd serves reads at revisions >= the compacted one: find the oldest readable revision.
        let hint = self.compacted_hint.load(Ordering::SeqCst);
        if hint > 1 && self.readable(hint).await? && !self.readable(hint - 1).await? {
            return Ok(hint);
        }
        let (mut lo, mut hi) = (1, self.current_revision().await?.max(1));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.readable(mid).await? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // Revision 1 readable: nothing compacted, or a compaction at 1 (indistinguishable to etcd).
        let compacted = if lo == 1 { hint.clamp(0, 1) } else { lo };
        self.compacted_hint.fetch_max(compacted, Ordering::SeqCst);
        Ok(compacted)
    }
}
