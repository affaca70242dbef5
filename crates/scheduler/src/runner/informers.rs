//! List-and-watch of the objects the scheduler reads, feeding the cache, the listers and the queue.

use std::sync::Arc;
use std::time::Instant;

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::{Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::{Api, Client, Resource, ResourceExt};

use super::Shared;
use crate::framework::PodInfo;
use crate::queue::ClusterEvent;

fn key_of<K: Resource>(obj: &K) -> String {
    match obj.meta().namespace.as_deref() {
        Some(ns) => format!("{ns}/{}", obj.name_any()),
        None => obj.name_any(),
    }
}

/// Watch one kind forever (kube-runtime relists on errors and 410s), applying each change.
async fn run_watch<K, F>(api: Api<K>, shared: Arc<Shared>, mut apply: F)
where
    K: Resource + Clone + std::fmt::Debug + serde::de::DeserializeOwned + Send + 'static,
    F: FnMut(&Shared, Option<K>, Option<K>) + Send,
{
    let mut stream = watcher::watcher(api, watcher::Config::default())
        .default_backoff()
        .boxed();
    while let Some(ev) = stream.next().await {
        match ev {
            Ok(Event::Apply(obj)) | Ok(Event::InitApply(obj)) => apply(&shared, Some(obj), None),
            Ok(Event::Delete(obj)) => apply(&shared, None, Some(obj)),
            Ok(Event::Init) | Ok(Event::InitDone) => {}
            Err(e) => tracing::debug!(error = %e, "watch error; retrying"),
        }
        shared.wake.notify_one();
    }
}

/// Start every informer on its own task.
pub fn spawn_all(client: &Client, shared: Arc<Shared>) {
    tokio::spawn(run_watch(
        Api::<Node>::all(client.clone()),
        shared.clone(),
        |s, up, del| {
            let mut st = s.state.lock().expect("scheduler state");
            let now = Instant::now();
            match (up, del) {
                (Some(node), _) => {
                    let known = st.cache.has_node(&node.name_any());
                    st.cache.add_or_update_node(node);
                    let ev = if known {
                        ClusterEvent::NodeChanged
                    } else {
                        ClusterEvent::NodeAdded
                    };
                    st.queue.move_on_event(&ev, now);
                }
                (None, Some(node)) => st.cache.remove_node(&node.name_any()),
                _ => {}
            }
        },
    ));
    tokio::spawn(run_watch(
        Api::<Pod>::all(client.clone()),
        shared.clone(),
        |s, up, del| {
            let mut st = s.state.lock().expect("scheduler state");
            let now = Instant::now();
            match (up, del) {
                (Some(pod), _) => {
                    let key = key_of(&pod);
                    let bound = pod
                        .spec
                        .as_ref()
                        .and_then(|s| s.node_name.as_deref())
                        .is_some_and(|n| !n.is_empty());
                    let deleting = pod.metadata.deletion_timestamp.is_some();
                    if bound {
                        st.queue.delete(&key);
                        st.cache.add_or_update_pod(pod);
                    } else if deleting {
                        st.queue.delete(&key);
                    } else if s.handles(&pod) {
                        st.queue.add(Arc::new(PodInfo::new(pod)), now);
                    }
                }
                (None, Some(pod)) => {
                    let key = key_of(&pod);
                    st.queue.delete(&key);
                    st.cache.remove_pod(&key);
                    st.queue.move_on_event(&ClusterEvent::PodDeleted, now);
                }
                _ => {}
            }
        },
    ));
    macro_rules! lister {
        ($ty:ty, $field:ident, $event:expr) => {
            tokio::spawn(run_watch(
                Api::<$ty>::all(client.clone()),
                shared.clone(),
                |s, up, del| {
                    let mut st = s.state.lock().expect("scheduler state");
                    match (up, del) {
                        (Some(obj), _) => {
                            st.$field.insert(key_of(&obj), Arc::new(obj));
                        }
                        (None, Some(obj)) => {
                            st.$field.remove(&key_of(&obj));
                        }
                        _ => {}
                    }
                    if let Some(ev) = $event {
                        st.queue.move_on_event(&ev, Instant::now());
                    }
                },
            ));
        };
    }
    lister!(PersistentVolumeClaim, pvcs, Some(ClusterEvent::PvcAddedOrChanged));
    lister!(PersistentVolume, pvs, Some(ClusterEvent::PvAddedOrChanged));
    lister!(
        StorageClass,
        storage_classes,
        Some(ClusterEvent::StorageClassAdded)
    );
    lister!(Namespace, namespaces, Some(ClusterEvent::Other));
    lister!(PodDisruptionBudget, pdbs, None::<ClusterEvent>);
}
