//! Watches: history from the table, then live events from the writer, each revision exactly once.
//!
//! The watch subscribes to live events *before* reading history, so every commit is either in the
//! history snapshot or arrives live (or both: duplicates are skipped by revision). A watcher that falls
//! so far behind that the broadcast buffer overflows re-reads the missed range from the table, and if
//! compaction removed it, ends with `Compacted`: a watch never skips events silently, and never slows
//! the writer down.

use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, mpsc};

use super::pool::ReadPool;
use super::read::{self, Replay};
use super::{EventBatch, KeyRange};
use crate::{Revision, StoreError, Watch, WatchEvent};

/// Events read from the table per read transaction.
const REPLAY_CHUNK: usize = 1000;
/// Events buffered between the watch task and its consumer.
const WATCH_BUFFER: usize = 256;

pub(super) async fn start(
    pool: &Arc<ReadPool>,
    events: &broadcast::Sender<EventBatch>,
    prefix: &str,
    after: Revision,
) -> Result<Watch, StoreError> {
    let live = events.subscribe();
    let range = KeyRange::list(prefix, None);
    // The first chunk is read here so that a compacted `after` fails the call itself.
    let first = replay(pool, &range, after).await?;
    let (tx, rx) = mpsc::channel(WATCH_BUFFER);
    let task = WatchTask {
        pool: Arc::clone(pool),
        prefix: prefix.to_owned(),
        range,
        live,
        tx,
    };
    tokio::spawn(task.run(first));
    Ok(Watch::new(rx))
}

async fn replay(pool: &Arc<ReadPool>, range: &KeyRange, after: Revision) -> Result<Replay, StoreError> {
    let range = range.clone();
    pool.read(move |conn| read::replay(conn, &range, after, REPLAY_CHUNK))
        .await
}

struct WatchTask {
    pool: Arc<ReadPool>,
    prefix: String,
    range: KeyRange,
    live: broadcast::Receiver<EventBatch>,
    tx: mpsc::Sender<Result<WatchEvent, StoreError>>,
}

impl WatchTask {
    async fn run(mut self, first: Replay) {
        let Some(mut covered) = self.catch_up(first).await else {
            return;
        };
        loop {
            let received = tokio::select! {
                _ = self.tx.closed() => return,
                received = self.live.recv() => received,
            };
            match received {
                Ok(batch) => {
                    for event in batch.iter() {
                        let rev = event.revision();
                        if rev <= covered {
                            continue;
                        }
                        covered = rev;
                        if event.kv.key.starts_with(&self.prefix)
                            && self.tx.send(Ok(event.clone())).await.is_err()
                        {
                            return;
                        }
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, covered, prefix = %self.prefix, "watch fell behind; re-reading history");
                    let next = match replay(&self.pool, &self.range, covered).await {
                        Ok(chunk) => chunk,
                        Err(err) => return self.fail(err).await,
                    };
                    match self.catch_up(next).await {
                        Some(c) => covered = c,
                        None => return,
                    }
                }
                // The store is gone: end the watch.
                Err(RecvError::Closed) => return,
            }
        }
    }

    /// Sends history chunks until the table is exhausted; returns the revision covered, or `None` if
    /// the watch ended.
    async fn catch_up(&mut self, mut chunk: Replay) -> Option<Revision> {
        loop {
            for event in chunk.events {
                self.tx.send(Ok(event)).await.ok()?;
            }
            if !chunk.more {
                return Some(chunk.covered);
            }
            chunk = match replay(&self.pool, &self.range, chunk.covered).await {
                Ok(next) => next,
                Err(err) => {
                    self.fail(err).await;
                    return None;
                }
            };
        }
    }

    async fn fail(&self, err: StoreError) {
        let _ = self.tx.send(Err(err)).await;
    }
}
