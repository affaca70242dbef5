//! Translation between etcd's messages and the store's types.

use etcd_client::{Event, EventType};

use crate::{EventKind, KeyValue, Revision, StoreError, WatchEvent};

// gRPC status codes that mean "try again later" rather than "this request is wrong".
const CODE_CANCELLED: i32 = 1;
const CODE_DEADLINE_EXCEEDED: i32 = 4;
const CODE_UNAVAILABLE: i32 = 14;

/// Maps a client error to the store's error: transport trouble is `Unavailable`, the rest `Backend`.
pub(super) fn map_err(e: etcd_client::Error) -> StoreError {
    use etcd_client::Error as E;
    match &e {
        E::GRpcStatus(status) => {
            let code = status.code() as i32;
            if [CODE_CANCELLED, CODE_DEADLINE_EXCEEDED, CODE_UNAVAILABLE].contains(&code) {
                StoreError::Unavailable(format!("etcd: {}", status.message()))
            } else {
                StoreError::Backend(format!("etcd: {}", status.message()))
            }
        }
        E::TransportError(_) | E::IoError(_) | E::WatchError(_) | E::EndpointError(_) => {
            StoreError::Unavailable(format!("etcd: {e}"))
        }
        _ => StoreError::Backend(format!("etcd: {e}")),
    }
}

fn status_message(e: &etcd_client::Error) -> &str {
    match e {
        etcd_client::Error::GRpcStatus(status) => status.message(),
        _ => "",
    }
}

/// etcd's `ErrCompacted` ("mvcc: required revision has been compacted").
pub(super) fn is_compacted(e: &etcd_client::Error) -> bool {
    status_message(e).contains("required revision has been compacted")
}

/// etcd's `ErrFutureRev` ("mvcc: required revision is a future revision").
pub(super) fn is_future(e: &etcd_client::Error) -> bool {
    status_message(e).contains("required revision is a future revision")
}

/// Strips the store prefix from etcd keys.
#[derive(Debug, Clone)]
pub(super) struct Keys {
    pub prefix: String,
}

impl Keys {
    pub(super) fn full(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    pub(super) fn strip(&self, raw: &[u8]) -> Result<String, StoreError> {
        let key = std::str::from_utf8(raw)
            .map_err(|e| StoreError::Backend(format!("etcd key is not UTF-8: {e}")))?;
        key.strip_prefix(self.prefix.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                StoreError::Backend(format!("etcd key {key:?} is outside prefix {:?}", self.prefix))
            })
    }

    pub(super) fn kv(&self, kv: &etcd_client::KeyValue) -> Result<KeyValue, StoreError> {
        Ok(KeyValue {
            key: self.strip(kv.key())?,
            value: kv.value().to_vec(),
            create_revision: kv.create_revision(),
            mod_revision: kv.mod_revision(),
        })
    }

    /// One watch event (the watch must have been created with `prev_kv`).
    pub(super) fn event(&self, event: &Event) -> Result<WatchEvent, StoreError> {
        let kv = event
            .kv()
            .ok_or_else(|| StoreError::Backend("etcd watch event without kv".into()))?;
        let prev = event.prev_kv().map(|p| self.kv(p)).transpose()?;
        match event.event_type() {
            EventType::Put if kv.version() == 1 => Ok(WatchEvent {
                kind: EventKind::Created,
                kv: self.kv(kv)?,
                prev: None,
            }),
            EventType::Put => Ok(WatchEvent {
                kind: EventKind::Updated,
                kv: self.kv(kv)?,
                prev,
            }),
            EventType::Delete => {
                // etcd's delete event carries only the key and the delete revision; the last value
                // comes from prev_kv (absent only if that revision was compacted meanwhile).
                let key = self.strip(kv.key())?;
                let (value, create_revision) = prev
                    .as_ref()
                    .map_or((Vec::new(), 0), |p| (p.value.clone(), p.create_revision));
                let kv = KeyValue {
                    key,
                    value,
                    create_revision,
                    mod_revision: kv.mod_revision(),
                };
                Ok(WatchEvent {
                    kind: EventKind::Deleted,
                    kv,
                    prev,
                })
            }
        }
    }
}

pub(super) fn header_revision(header: Option<&etcd_client::ResponseHeader>) -> Revision {
    header.map_or(0, |h| h.revision())
}
