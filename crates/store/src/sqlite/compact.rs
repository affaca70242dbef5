//! Compaction, run by the writer thread between write batches.
//!
//! `compact(C)` first records C durably in `meta` (from then on reads below C and watches from before
//! C fail with `Compacted`), then deletes, in small transactions, every row at or below C that is no
//! longer needed: rows superseded by a newer row at or below C, and tombstones. The newest row of each
//! live key is kept. Rows left behind by an interrupted compaction are harmless and are removed by the
//! next one.

use std::collections::VecDeque;

use rusqlite::{params, Connection, OptionalExtension};
use tokio::sync::oneshot;

use super::{db_err, schema};
use crate::{Revision, StoreError};

/// Revisions (row ids) examined per delete transaction.
const CHUNK: i64 = 5000;

type Reply = oneshot::Sender<Result<Revision, StoreError>>;

#[derive(Default)]
pub(super) struct Compaction {
    queue: VecDeque<(Revision, Reply)>,
    active: Option<Job>,
}

struct Job {
    target: Revision,
    next_id: Revision,
    deleted: usize,
    reply: Reply,
}

impl Compaction {
    pub(super) fn is_busy(&self) -> bool {
        self.active.is_some() || !self.queue.is_empty()
    }

    pub(super) fn enqueue(&mut self, revision: Revision, reply: Reply) {
        self.queue.push_back((revision, reply));
    }

    /// Does one bounded piece of work, if there is any. `current` is the last committed revision.
    pub(super) fn step(&mut self, conn: &Connection, current: Revision) {
        if self.active.is_none() {
            self.start_next(conn, current);
        }
        let Some(mut job) = self.active.take() else { return };
        let hi = job.next_id.saturating_add(CHUNK);
        match delete_chunk(conn, job.next_id, hi, job.target) {
            Ok(n) => job.deleted += n,
            Err(err) => {
                tracing::error!(error = %err, revision = job.target, "compaction failed");
                let _ = job.reply.send(Err(err));
                return;
            }
        }
        job.next_id = hi;
        if job.next_id > job.target {
            tracing::info!(revision = job.target, rows = job.deleted, "compacted");
            let _ = job.reply.send(Ok(job.target));
        } else {
            self.active = Some(job);
        }
    }

    fn start_next(&mut self, conn: &Connection, current: Revision) {
        while let Some((revision, reply)) = self.queue.pop_front() {
            match begin(conn, revision, current) {
                Ok(Begin::Done(compacted)) => drop(reply.send(Ok(compacted))),
                Ok(Begin::Delete { from }) => {
                    self.active = Some(Job {
                        target: revision,
                        next_id: from,
                        deleted: 0,
                        reply,
                    });
                    return;
                }
                Err(err) => drop(reply.send(Err(err))),
            }
        }
    }
}

enum Begin {
    /// Nothing to do: already compacted at or past the request.
    Done(Revision),
    /// Recorded; delete rows starting at this id.
    Delete { from: Revision },
}

fn begin(conn: &Connection, revision: Revision, current: Revision) -> Result<Begin, StoreError> {
    if revision > current {
        return Err(StoreError::FutureRevision {
            requested: revision,
            current,
        });
    }
    let compacted = schema::compacted_revision(conn)?;
    if revision <= compacted {
        return Ok(Begin::Done(compacted));
    }
    // Autocommit: durable before any row goes.
    schema::set_compacted_revision(conn, revision)?;
    let min: Option<i64> = conn
        .query_row("SELECT MIN(id) FROM kv", [], |r| r.get(0))
        .optional()
        .map_err(db_err)?
        .flatten();
    Ok(Begin::Delete {
        from: min.unwrap_or(revision + 1),
    })
}

fn delete_chunk(
    conn: &Connection,
    lo: Revision,
    hi: Revision,
    target: Revision,
) -> Result<usize, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "DELETE FROM kv WHERE id >= ?1 AND id < ?2 AND id <= ?3 AND (deleted = 1 OR EXISTS \
             (SELECT 1 FROM kv AS n WHERE n.name = kv.name AND n.id > kv.id AND n.id <= ?3))",
        )
        .map_err(db_err)?;
    stmt.execute(params![lo, hi, target]).map_err(db_err)
}
