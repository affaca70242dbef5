//! Binding, off the scheduling path: POST `pods/{name}/binding`, then the `Scheduled` event; on failure
//! the assumption is taken back and the pod retried after its backoff. Also preemption's evictions.

use std::sync::Arc;
use std::time::Instant;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{DeleteParams, PostParams};
use kube::{Api, Client};
use serde_json::json;

use super::events::Recorder;
use super::Shared;
use crate::queue::QueuedPod;

pub async fn bind(client: Client, shared: Arc<Shared>, recorder: Arc<Recorder>, qp: QueuedPod, node: String) {
    let pod = qp.info.pod.clone();
    let ns = qp.info.namespace().to_string();
    let name = qp.info.name().to_string();
    let api: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let binding = json!({
        "apiVersion": "v1", "kind": "Binding",
        "metadata": {"name": name, "namespace": ns, "uid": qp.info.uid()},
        "target": {"apiVersion": "v1", "kind": "Node", "name": node},
    });
    let result = api
        .create_subresource::<serde_json::Value, serde_json::Value>(
            "binding",
            &name,
            &PostParams::default(),
            &binding,
        )
        .await;
    match result {
        Ok(_) => {
            shared
                .state
                .lock()
                .expect("scheduler state")
                .cache
                .finish_binding(&qp.info.key(), Instant::now());
            let note = format!("Successfully assigned {ns}/{name} to {node}");
            recorder
                .event(&pod, "Normal", "Scheduled", "Binding", &note)
                .await;
            recorder.forget_pod(qp.info.uid());
        }
        Err(e) => {
            let message = format!("binding rejected: {e}");
            {
                let mut st = shared.state.lock().expect("scheduler state");
                st.cache.forget(&qp.info.key());
                st.queue
                    .requeue_failed(qp, Default::default(), false, Instant::now());
            }
            shared.wake.notify_one();
            recorder
                .event(&pod, "Warning", "FailedScheduling", "Scheduling", &message)
                .await;
        }
    }
}

/// Delete preemption victims (`namespace/name` keys) gracefully, as upstream's preemption does.
pub async fn evict_victims(client: &Client, victims: &[String]) {
    for key in victims {
        let Some((ns, name)) = key.split_once('/') else {
            continue;
        };
        let api: Api<Pod> = Api::namespaced(client.clone(), ns);
        if let Err(e) = api.delete(name, &DeleteParams::default()).await {
            tracing::debug!(pod = %key, error = %e, "deleting a preemption victim failed");
        }
    }
}
