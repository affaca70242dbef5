//! The single writer thread: owns the write connection, assigns revisions in commit order and
//! group-commits whatever is queued.
//!
//! Each loop iteration drains every queued request, applies them in one `BEGIN IMMEDIATE` transaction
//! (each write gets its own revision and its own compare-and-swap check, in queue order), commits once
//! (one fsync), then publishes the committed events to watchers and replies. Nothing is acknowledged
//! before its commit. Compaction runs between batches in small transactions so it never stalls writers
//! for long.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::Arc;

use rusqlite::{params, Connection};
use tokio::sync::{broadcast, oneshot};

use super::compact::Compaction;
use super::read::latest;
use super::{db_err, EventBatch};
use crate::{EventKind, KeyValue, Revision, StoreError, WatchEvent};

/// Most writes applied in one transaction.
const MAX_BATCH: usize = 1024;

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

pub(super) enum Request {
    Create {
        key: String,
        value: Vec<u8>,
        reply: Reply<Revision>,
    },
    Update {
        key: String,
        value: Vec<u8>,
        expected: Revision,
        reply: Reply<Revision>,
    },
    Delete {
        key: String,
        expected: Option<Revision>,
        reply: Reply<KeyValue>,
    },
    Compact {
        revision: Revision,
        reply: Reply<Revision>,
    },
}

/// A write applied inside the open transaction, waiting for the commit.
enum Pending {
    Rev(Reply<Revision>, Result<Revision, StoreError>),
    Kv(Reply<KeyValue>, Result<KeyValue, StoreError>),
}

impl Pending {
    fn reply(self) {
        // A caller that went away no longer needs its answer; the write stands.
        match self {
            Pending::Rev(tx, r) => drop(tx.send(r)),
            Pending::Kv(tx, r) => drop(tx.send(r)),
        }
    }

    fn fail(self, err: &StoreError) {
        let err = StoreError::Backend(err.to_string());
        match self {
            Pending::Rev(tx, _) => drop(tx.send(Err(err))),
            Pending::Kv(tx, _) => drop(tx.send(Err(err))),
        }
    }
}

pub(super) struct Writer {
    conn: Connection,
    requests: Receiver<Request>,
    events: broadcast::Sender<EventBatch>,
    /// Last committed revision, shared with readers of `current_revision`.
    current: Arc<AtomicI64>,
    /// Next revision to assign within the open transaction.
    next: Revision,
    compaction: Compaction,
    /// Held for the writer's lifetime: one process per database.
    _lock: std::fs::File,
}

impl Writer {
    pub(super) fn new(
        conn: Connection,
        requests: Receiver<Request>,
        events: broadcast::Sender<EventBatch>,
        current: Arc<AtomicI64>,
        lock: std::fs::File,
    ) -> Self {
        let next = current.load(Ordering::SeqCst) + 1;
        Self {
            conn,
            requests,
            events,
            current,
            next,
            compaction: Compaction::default(),
            _lock: lock,
        }
    }

    /// Serves requests until every sender is gone and all queued work is done.
    pub(super) fn run(mut self) {
        loop {
            let first = if self.compaction.is_busy() {
                match self.requests.try_recv() {
                    Ok(req) => Some(req),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => None,
                }
            } else {
                match self.requests.recv() {
                    Ok(req) => Some(req),
                    Err(_) => break,
                }
            };
            if let Some(first) = first {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match self.requests.try_recv() {
                        Ok(req) => batch.push(req),
                        Err(_) => break,
                    }
                }
                self.write_batch(batch);
            }
            let current = self.current.load(Ordering::SeqCst);
            self.compaction.step(&self.conn, current);
        }
        tracing::debug!("sqlite writer stopped");
    }

    fn write_batch(&mut self, batch: Vec<Request>) {
        let mut pending = Vec::with_capacity(batch.len());
        let mut events = Vec::with_capacity(batch.len());
        if let Err(e) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            let err = db_err(e);
            tracing::error!(error = %err, "cannot start write transaction");
            for req in batch {
                fail_request(req, &err);
            }
            return;
        }
        let committed = self.current.load(Ordering::SeqCst);
        self.next = committed + 1;
        let mut queue = batch.into_iter();
        for req in queue.by_ref() {
            match req {
                Request::Create { key, value, reply } => {
                    let r = self.create(&key, value, &mut events);
                    pending.push(Pending::Rev(reply, r));
                }
                Request::Update {
                    key,
                    value,
                    expected,
                    reply,
                } => {
                    let r = self.update(&key, value, expected, &mut events);
                    pending.push(Pending::Rev(reply, r));
                }
                Request::Delete { key, expected, reply } => {
                    let r = self.delete(&key, expected, &mut events);
                    pending.push(Pending::Kv(reply, r));
                }
                Request::Compact { revision, reply } => self.compaction.enqueue(revision, reply),
            }
            if self.conn.is_autocommit() {
                // SQLite rolled the whole transaction back (I/O error, disk full, ...).
                break;
            }
        }
        let commit = if self.conn.is_autocommit() {
            let err = StoreError::Backend("write transaction was rolled back by SQLite".into());
            queue.for_each(|req| fail_request(req, &err));
            Err(err)
        } else {
            self.conn.execute_batch("COMMIT").map_err(db_err)
        };
        match commit {
            Ok(()) => {
                let last = self.next - 1;
                self.current.store(last, Ordering::SeqCst);
                tracing::trace!(writes = pending.len(), revision = last, "committed batch");
                if !events.is_empty() {
                    // No receivers is fine: nobody is watching.
                    let _ = self.events.send(Arc::new(events));
                }
                pending.into_iter().for_each(Pending::reply);
            }
            Err(err) => {
                tracing::error!(error = %err, "write batch failed to commit");
                if !self.conn.is_autocommit() {
                    let _ = self.conn.execute_batch("ROLLBACK");
                }
                self.next = committed + 1;
                pending.into_iter().for_each(|p| p.fail(&err));
            }
        }
    }

    fn create(
        &mut self,
        key: &str,
        value: Vec<u8>,
        events: &mut Vec<WatchEvent>,
    ) -> Result<Revision, StoreError> {
        let cur = latest(&self.conn, key)?;
        if cur.as_ref().is_some_and(|row| !row.deleted) {
            return Err(StoreError::AlreadyExists { key: key.to_owned() });
        }
        let rev = self.next;
        let prev_id = cur.map_or(0, |row| row.id);
        self.insert(rev, key, true, false, rev, prev_id, &value)?;
        let kv = KeyValue {
            key: key.to_owned(),
            value,
            create_revision: rev,
            mod_revision: rev,
        };
        events.push(WatchEvent {
            kind: EventKind::Created,
            kv,
            prev: None,
        });
        Ok(rev)
    }

    fn update(
        &mut self,
        key: &str,
        value: Vec<u8>,
        expected: Revision,
        events: &mut Vec<WatchEvent>,
    ) -> Result<Revision, StoreError> {
        let prev = self.live(key, Some(expected))?;
        let rev = self.next;
        self.insert(
            rev,
            key,
            false,
            false,
            prev.create_revision,
            prev.mod_revision,
            &value,
        )?;
        let kv = KeyValue {
            key: key.to_owned(),
            value,
            create_revision: prev.create_revision,
            mod_revision: rev,
        };
        events.push(WatchEvent {
            kind: EventKind::Updated,
            kv,
            prev: Some(prev),
        });
        Ok(rev)
    }

    fn delete(
        &mut self,
        key: &str,
        expected: Option<Revision>,
        events: &mut Vec<WatchEvent>,
    ) -> Result<KeyValue, StoreError> {
        let prev = self.live(key, expected)?;
        let rev = self.next;
        // The tombstone stores no value; readers take it from the previous row.
        self.insert(
            rev,
            key,
            false,
            true,
            prev.create_revision,
            prev.mod_revision,
            &[],
        )?;
        let kv = KeyValue {
            mod_revision: rev,
            ..prev.clone()
        };
        events.push(WatchEvent {
            kind: EventKind::Deleted,
            kv: kv.clone(),
            prev: Some(prev),
        });
        Ok(kv)
    }

    /// The live value of `key`, checked against `expected` if given.
    fn live(&self, key: &str, expected: Option<Revision>) -> Result<KeyValue, StoreError> {
        let current = match latest(&self.conn, key)? {
            Some(row) if !row.deleted => row.into_kv(key),
            _ => return Err(StoreError::NotFound { key: key.to_owned() }),
        };
        match expected {
            Some(expected) if expected != current.mod_revision => Err(StoreError::Conflict {
                key: key.to_owned(),
                expected,
                current: Box::new(current),
            }),
            _ => Ok(current),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        id: Revision,
        key: &str,
        created: bool,
        deleted: bool,
        create_revision: Revision,
        prev_revision: Revision,
        value: &[u8],
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "INSERT INTO kv (id, name, created, deleted, create_revision, prev_revision, value) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .map_err(db_err)?;
        stmt.execute(params![
            id,
            key.as_bytes(),
            created,
            deleted,
            create_revision,
            prev_revision,
            value
        ])
        .map_err(db_err)?;
        self.next = id + 1;
        Ok(())
    }
}

fn fail_request(req: Request, err: &StoreError) {
    let err = || StoreError::Backend(err.to_string());
    match req {
        Request::Create { reply, .. } | Request::Update { reply, .. } | Request::Compact { reply, .. } => {
            drop(reply.send(Err(err())))
        }
        Request::Delete { reply, .. } => drop(reply.send(Err(err()))),
    }
}
