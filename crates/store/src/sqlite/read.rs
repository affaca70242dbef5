//! Read queries. Each runs inside one read transaction, i.e. on one consistent snapshot.

use rusqlite::{params, Connection, OptionalExtension};

use super::{db_err, schema, KeyRange};
use crate::{EventKind, KeyValue, ListOptions, ListResult, Revision, StoreError, WatchEvent};

/// The newest row of one key.
pub(super) struct LatestRow {
    pub id: Revision,
    pub deleted: bool,
    pub create_revision: Revision,
    pub value: Vec<u8>,
}

impl LatestRow {
    pub(super) fn into_kv(self, key: &str) -> KeyValue {
        KeyValue {
            key: key.to_owned(),
            value: self.value,
            create_revision: self.create_revision,
            mod_revision: self.id,
        }
    }
}

/// The newest row of `key`, live or tombstone.
pub(super) fn latest(conn: &Connection, key: &str) -> Result<Option<LatestRow>, StoreError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, deleted, create_revision, value FROM kv WHERE name = ?1 ORDER BY id DESC LIMIT 1",
        )
        .map_err(db_err)?;
    stmt.query_row([key.as_bytes()], |r| {
        Ok(LatestRow {
            id: r.get(0)?,
            deleted: r.get(1)?,
            create_revision: r.get(2)?,
            value: r.get(3)?,
        })
    })
    .optional()
    .map_err(db_err)
}

pub(super) fn get(conn: &Connection, key: &str) -> Result<(Option<KeyValue>, Revision), StoreError> {
    let current = schema::current_revision(conn)?;
    let kv = latest(conn, key)?
        .filter(|row| !row.deleted)
        .map(|row| row.into_kv(key));
    Ok((kv, current))
}

/// Checks `requested` against the snapshot and returns the revision to read at.
fn read_revision(conn: &Connection, requested: Option<Revision>) -> Result<Revision, StoreError> {
    let current = schema::current_revision(conn)?;
    match requested {
        Some(rev) if rev > 0 => {
            if rev > current {
                return Err(StoreError::FutureRevision {
                    requested: rev,
                    current,
                });
            }
            let compacted = schema::compacted_revision(conn)?;
            if rev < compacted {
                return Err(StoreError::Compacted {
                    requested: rev,
                    compacted,
                });
            }
            Ok(rev)
        }
        _ => Ok(current),
    }
}

pub(super) fn list(conn: &Connection, prefix: &str, opts: &ListOptions) -> Result<ListResult, StoreError> {
    let revision = read_revision(conn, opts.revision)?;
    let range = KeyRange::list(prefix, opts.start_after.as_deref());
    let limit = opts.limit.filter(|&l| l > 0).unwrap_or(usize::MAX);
    // Pass 1 walks the covering (name, id, deleted) index: the newest row of each key as of
    // `revision` (SQLite takes the bare `deleted` column from the row holding MAX(id)).
    let mut keys = conn
        .prepare_cached(
            "SELECT name, MAX(id), deleted FROM kv WHERE name >= ?1 AND name < ?2 AND id <= ?3 \
             GROUP BY name ORDER BY name",
        )
        .map_err(db_err)?;
    let mut rows = keys
        .query(params![range.start, range.end, revision])
        .map_err(db_err)?;
    let mut picked: Vec<(Vec<u8>, Revision)> = Vec::new();
    let mut remaining = 0usize;
    while let Some(row) = rows.next().map_err(db_err)? {
        let deleted: bool = row.get(2).map_err(db_err)?;
        if deleted {
            continue;
        }
        if picked.len() < limit {
            picked.push((row.get(0).map_err(db_err)?, row.get(1).map_err(db_err)?));
        } else {
            remaining += 1;
        }
    }
    // Pass 2 fetches the values by rowid.
    let mut fetch = conn
        .prepare_cached("SELECT create_revision, value FROM kv WHERE id = ?1")
        .map_err(db_err)?;
    let mut items = Vec::with_capacity(picked.len());
    for (name, id) in picked {
        let (create_revision, value) = fetch
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_err)?;
        items.push(KeyValue {
            key: name_to_key(name)?,
            value,
            create_revision,
            mod_revision: id,
        });
    }
    Ok(ListResult {
        items,
        revision,
        remaining,
    })
}

pub(super) fn count(conn: &Connection, prefix: &str) -> Result<usize, StoreError> {
    let range = KeyRange::list(prefix, None);
    let mut stmt = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM (SELECT MAX(id), deleted AS d FROM kv \
             WHERE name >= ?1 AND name < ?2 GROUP BY name) WHERE d = 0",
        )
        .map_err(db_err)?;
    let n: i64 = stmt
        .query_row(params![range.start, range.end], |r| r.get(0))
        .map_err(db_err)?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// A chunk of history for a watch.
pub(super) struct Replay {
    pub events: Vec<WatchEvent>,
    /// Every revision up to this one has been considered (matching or not).
    pub covered: Revision,
    /// The chunk was full: more history may follow `covered`.
    pub more: bool,
}

/// Events under `range` with revision > `after`, at most `max` of them, in revision order.
pub(super) fn replay(
    conn: &Connection,
    range: &KeyRange,
    after: Revision,
    max: usize,
) -> Result<Replay, StoreError> {
    let compacted = schema::compacted_revision(conn)?;
    if after < compacted {
        return Err(StoreError::Compacted {
            requested: after,
            compacted,
        });
    }
    let current = schema::current_revision(conn)?;
    let mut stmt = conn
        .prepare_cached(
            "SELECT c.id, c.name, c.created, c.deleted, c.create_revision, c.value, \
                    p.id, p.create_revision, p.value \
             FROM kv c LEFT JOIN kv p ON p.id = c.prev_revision \
             WHERE c.id > ?1 AND c.name >= ?2 AND c.name < ?3 ORDER BY c.id LIMIT ?4",
        )
        .map_err(db_err)?;
    let limit = i64::try_from(max).unwrap_or(i64::MAX);
    let mut rows = stmt
        .query(params![after, range.start, range.end, limit])
        .map_err(db_err)?;
    let mut events = Vec::new();
    while let Some(row) = rows.next().map_err(db_err)? {
        events.push(history_event(row).map_err(db_err)??);
    }
    let more = events.len() >= max;
    let covered = match events.last() {
        Some(last) if more => last.revision(),
        _ => current.max(after),
    };
    Ok(Replay {
        events,
        covered,
        more,
    })
}

fn history_event(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<WatchEvent, StoreError>> {
    let id: Revision = row.get(0)?;
    let name: Vec<u8> = row.get(1)?;
    let created: bool = row.get(2)?;
    let deleted: bool = row.get(3)?;
    let create_revision: Revision = row.get(4)?;
    let value: Vec<u8> = row.get(5)?;
    let prev_id: Option<Revision> = row.get(6)?;
    let prev_create: Option<Revision> = row.get(7)?;
    let prev_value: Option<Vec<u8>> = row.get(8)?;
    let key = match name_to_key(name) {
        Ok(key) => key,
        Err(e) => return Ok(Err(e)),
    };
    let prev = match (prev_id, prev_create, prev_value) {
        (Some(id), Some(create_revision), Some(value)) if !created => Some(KeyValue {
            key: key.clone(),
            value,
            create_revision,
            mod_revision: id,
        }),
        _ => None,
    };
    let (kind, value) = if deleted {
        // Tombstones store no value: a delete event carries the last value.
        (
            EventKind::Deleted,
            prev.as_ref().map(|p| p.value.clone()).unwrap_or(value),
        )
    } else if created {
        (EventKind::Created, value)
    } else {
        (EventKind::Updated, value)
    };
    Ok(Ok(WatchEvent {
        kind,
        kv: KeyValue {
            key,
            value,
            create_revision,
            mod_revision: id,
        },
        prev,
    }))
}

pub(super) fn name_to_key(name: Vec<u8>) -> Result<String, StoreError> {
    String::from_utf8(name).map_err(|e| StoreError::Backend(format!("stored key is not UTF-8: {e}")))
}
