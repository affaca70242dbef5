//! Periodic compaction of the store's history, as kube-apiserver requests every 5 minutes: each round
//! compacts up to the revision seen at the previous round, so watchers get at least one interval of
//! history to resume from.

use std::sync::Arc;
use std::time::Duration;

use skiff_store::Store;
use tokio::sync::watch;

pub fn spawn(store: Arc<dyn Store>, interval: Duration, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut previous = None;
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(interval) => {}
            }
            if let Some(rev) = previous {
                if let Err(e) = store.compact(rev).await {
                    tracing::warn!(error = %e, revision = rev, "compaction failed");
                }
            }
            previous = store.current_revision().await.ok();
        }
    });
}
