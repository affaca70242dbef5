//! The on-disk layout and connection setup.
//!
//! One table of revisioned rows, kine-style: every write appends a row whose `id` is the revision.
//! `AUTOINCREMENT` makes SQLite remember the highest id ever used (in `sqlite_sequence`), so revisions
//! are never reused, even when compaction deletes the newest row.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::db_err;
use crate::{Revision, StoreError};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS kv (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            BLOB    NOT NULL,
    created         INTEGER NOT NULL,
    deleted         INTEGER NOT NULL,
    create_revision INTEGER NOT NULL,
    prev_revision   INTEGER NOT NULL,
    value           BLOB    NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id, deleted);
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (name, value) VALUES ('schema_version', 1), ('compacted', 0);
";

/// How long a connection waits for a lock held by another connection before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Opens the writer connection: creates the file and schema, switches to WAL with full fsync.
pub(super) fn open_writer(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(db_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(db_err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Backend(format!(
            "cannot switch {} to WAL mode (got {mode})",
            path.display()
        )));
    }
    // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF; PRAGMA temp_store = MEMORY;")
        .map_err(db_err)?;
    conn.execute_batch(SCHEMA).map_err(db_err)?;
    Ok(conn)
}

/// Opens a read-only connection (the file and schema must exist).
pub(super) fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(db_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
    conn.execute_batch(
        "PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456;",
    )
    .map_err(db_err)?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// The latest revision ever assigned (0 for an empty store).
pub(super) fn current_revision(conn: &Connection) -> Result<Revision, StoreError> {
    let seq: Option<i64> = conn
        .query_row("SELECT seq FROM sqlite_sequence WHERE name = 'kv'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?;
    Ok(seq.unwrap_or(0))
}

/// The revision below which history has been removed (0: never compacted).
pub(super) fn compacted_revision(conn: &Connection) -> Result<Revision, StoreError> {
    conn.prepare_cached("SELECT value FROM meta WHERE name = 'compacted'")
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(db_err)
}

pub(super) fn set_compacted_revision(conn: &Connection, revision: Revision) -> Result<(), StoreError> {
    conn.execute("UPDATE meta SET value = ?1 WHERE name = 'compacted'", [revision])
        .map_err(db_err)?;
    Ok(())
}
