//! A small pool of read connections, used from `spawn_blocking` so that no tokio worker ever blocks on
//! SQLite.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{db_err, schema};
use crate::StoreError;

/// Idle connections kept open; more are opened on demand under load and closed afterwards.
const MAX_IDLE: usize = 4;

pub(super) struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    pub(super) fn new(path: PathBuf) -> Result<Arc<Self>, StoreError> {
        let first = schema::open_reader(&path)?;
        Ok(Arc::new(Self {
            path,
            idle: Mutex::new(vec![first]),
        }))
    }

    /// Runs `f` inside one read transaction (one consistent snapshot) on a pooled connection.
    pub(super) async fn read<R, F>(self: &Arc<Self>, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<R, StoreError> + Send + 'static,
    {
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || pool.read_blocking(f))
            .await
            .map_err(|e| StoreError::Backend(format!("read task failed: {e}")))?
    }

    fn read_blocking<R>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut conn = match self.take() {
            Some(conn) => conn,
            None => schema::open_reader(&self.path)?,
        };
        let result = {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Deferred)
                .map_err(db_err)?;
            // Dropping the transaction ends the snapshot (a rollback is all a read needs).
            f(&tx)
        };
        self.give_back(conn);
        result
    }

    fn take(&self) -> Option<Connection> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop()
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}
