//! Watches on etcd: one gRPC watch stream per [`Watch`], created with `prev_kv` from `after + 1`.

use etcd_client::{WatchClient, WatchOptions, WatchResponse, WatchStream};
use tokio::sync::mpsc;

use super::convert::{map_err, Keys};
use crate::{Revision, StoreError, Watch, WatchEvent};

/// Events buffered between the watch task and its consumer; beyond that, etcd holds them.
const WATCH_BUFFER: usize = 256;

pub(super) async fn start(
    mut client: WatchClient,
    keys: Keys,
    prefix: &str,
    range_end: Vec<u8>,
    after: Revision,
) -> Result<Watch, StoreError> {
    let options = WatchOptions::new()
        .with_range(range_end)
        .with_prev_key()
        .with_start_revision(after + 1);
    let mut stream = client
        .watch(keys.full(prefix), Some(options))
        .await
        .map_err(map_err)?;
    // Wait for the server to confirm the watch, so that a refused watch fails this call.
    let watch_id = loop {
        match stream.message().await.map_err(map_err)? {
            Some(resp) if resp.compact_revision() > 0 => {
                return Err(StoreError::Compacted {
                    requested: after,
                    compacted: resp.compact_revision(),
                })
            }
            Some(resp) if resp.canceled() => return Err(cancelled(&resp)),
            Some(resp) if resp.created() => break resp.watch_id(),
            Some(_) => continue,
            None => return Err(StoreError::Unavailable("etcd closed the watch stream".into())),
        }
    };
    let (tx, rx) = mpsc::channel(WATCH_BUFFER);
    tokio::spawn(forward(stream, watch_id, keys, after, tx));
    Ok(Watch::new(rx))
}

/// Copies events from etcd to the consumer until either side goes away.
async fn forward(
    mut stream: WatchStream,
    watch_id: i64,
    keys: Keys,
    mut last: Revision,
    tx: mpsc::Sender<Result<WatchEvent, StoreError>>,
) {
    loop {
        let message = tokio::select! {
            _ = tx.closed() => {
                let _ = stream.cancel(watch_id).await;
                return;
            }
            message = stream.message() => message,
        };
        let resp = match message {
            Ok(Some(resp)) => resp,
            Ok(None) => {
                let _ = tx
                    .send(Err(StoreError::Unavailable(
                        "etcd closed the watch stream".into(),
                    )))
                    .await;
                return;
            }
            Err(e) => {
                let _ = tx.send(Err(map_err(e))).await;
                return;
            }
        };
        if resp.compact_revision() > 0 {
            let err = StoreError::Compacted {
                requested: last,
                compacted: resp.compact_revision(),
            };
            let _ = tx.send(Err(err)).await;
            return;
        }
        if resp.canceled() {
            let _ = tx.send(Err(cancelled(&resp))).await;
            return;
        }
        for event in resp.events() {
            let event = keys.event(event);
            let failed = event.is_err();
            if let Ok(ev) = &event {
                last = ev.revision();
            }
            if tx.send(event).await.is_err() || failed {
                return;
            }
        }
    }
}

fn cancelled(resp: &WatchResponse) -> StoreError {
    StoreError::Unavailable(format!("etcd cancelled the watch: {}", resp.cancel_reason()))
}
