//! Scheduling events (events.k8s.io/v1, reportingController `default-scheduler`) and the pod's
//! PodScheduled condition, written as kube-scheduler writes them. A repeated identical event becomes
//! a series (count and last observed time), so `kubectl describe` shows `(xN over T)`.

use std::collections::HashMap;
use std::sync::Mutex;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Patch, PatchParams, PostParams};
use kube::{Api, Client};
use serde_json::json;

/// Upstream truncates event notes to 1024 bytes.
const NOTE_LIMIT: usize = 1024;

fn truncate(msg: &str) -> String {
    if msg.len() <= NOTE_LIMIT {
        return msg.to_string();
    }
    let mut cut = NOTE_LIMIT - 4;
    while !msg.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{} ...", &msg[..cut])
}

fn micro_now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S.%6fZ")
        .to_string()
}

/// (pod uid, reason, note): what makes two events the same.
type SeriesKey = (String, String, String);
/// (namespace, event name, count) of the event written for a key.
type SeriesEntry = (String, String, i32);

/// Writes events, remembering the ones it wrote to turn repeats into series.
pub struct Recorder {
    client: Client,
    scheduler_name: String,
    instance: String,
    /// (pod uid, reason, note) → (namespace, event name, count). Held only briefly, never across a
    /// request, so events for different pods are written concurrently.
    series: Mutex<HashMap<SeriesKey, SeriesEntry>>,
}

impl Recorder {
    pub fn new(client: Client, scheduler_name: &str) -> Recorder {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
        Recorder {
            client,
            scheduler_name: scheduler_name.to_string(),
            instance: format!("{}-{}", scheduler_name, host.trim()),
            series: Mutex::new(HashMap::new()),
        }
    }

    /// Record `reason` about `pod` (type Normal or Warning, action `Scheduling`/`Binding`).
    pub async fn event(&self, pod: &Pod, type_: &str, reason: &str, action: &str, note: &str) {
        let note = truncate(note);
        let ns = pod.metadata.namespace.clone().unwrap_or_else(|| "default".into());
        let uid = pod.metadata.uid.clone().unwrap_or_default();
        let key = (uid.clone(), reason.to_string(), note.clone());
        let api: Api<k8s_openapi::api::events::v1::Event> = Api::namespaced(self.client.clone(), &ns);
        let repeat = self
            .series
            .lock()
            .expect("event series")
            .get_mut(&key)
            .map(|(ev_ns, name, count)| {
                *count += 1;
                (ev_ns.clone(), name.clone(), *count)
            });
        if let Some((ev_ns, name, count)) = repeat {
            let patch = json!({"series": {"count": count, "lastObservedTime": micro_now()}});
            let api: Api<k8s_openapi::api::events::v1::Event> = Api::namespaced(self.client.clone(), &ev_ns);
            if let Err(e) = api
                .patch(&name, &PatchParams::default(), &Patch::Merge(&patch))
                .await
            {
                tracing::debug!(error = %e, "updating event series failed");
            }
            return;
        }
        let pod_name = pod.metadata.name.clone().unwrap_or_default();
        let name = format!("{pod_name}.{:x}", jiff::Timestamp::now().as_nanosecond());
        let event: k8s_openapi::api::events::v1::Event = match serde_json::from_value(json!({
            "apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": {"name": name, "namespace": ns},
            "eventTime": micro_now(),
            "reportingController": self.scheduler_name,
            "reportingInstance": self.instance,
            "action": action, "reason": reason, "type": type_, "note": note,
            "regarding": {"kind": "Pod", "apiVersion": "v1", "name": pod_name, "namespace": ns, "uid": uid,
                          "resourceVersion": pod.metadata.resource_version},
        })) {
            Ok(e) => e,
            Err(e) => {
                tracing::warn!(error = %e, "building an event failed");
                return;
            }
        };
        match api.create(&PostParams::default(), &event).await {
            Ok(_) => {
                self.series
                    .lock()
                    .expect("event series")
                    .insert(key, (ns, name, 1));
            }
            Err(e) => tracing::debug!(error = %e, "writing an event failed"),
        }
    }

    /// Forget series of a pod that is gone or scheduled.
    pub fn forget_pod(&self, uid: &str) {
        self.series
            .lock()
            .expect("event series")
            .retain(|(u, _, _), _| u != uid);
    }
}

/// Set `PodScheduled=False` (reason Unschedulable or SchedulerError) and `nominatedNodeName`.
pub async fn mark_unschedulable(
    client: &Client,
    pod: &Pod,
    reason: &str,
    message: &str,
    nominated: Option<&str>,
) {
    let ns = pod.metadata.namespace.clone().unwrap_or_else(|| "default".into());
    let name = pod.metadata.name.clone().unwrap_or_default();
    let api: Api<Pod> = Api::namespaced(client.clone(), &ns);
    let existing = pod
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "PodScheduled"));
    let unchanged = existing.is_some_and(|c| {
        c.status == "False" && c.reason.as_deref() == Some(reason) && c.message.as_deref() == Some(message)
    }) && pod.status.as_ref().and_then(|s| s.nominated_node_name.as_deref()) == nominated;
    if unchanged {
        return;
    }
    let transition = match existing {
        Some(c) if c.status == "False" => c
            .last_transition_time
            .as_ref()
            .map(|t| json!(t))
            .unwrap_or(json!(null)),
        _ => json!(jiff::Timestamp::now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
    };
    let mut status = json!({
        "conditions": [{"type": "PodScheduled", "status": "False", "reason": reason, "message": message,
                        "lastProbeTime": null, "lastTransitionTime": transition}],
    });
    if let Some(n) = nominated {
        status["nominatedNodeName"] = json!(n);
    }
    let patch = json!({"status": status});
    if let Err(e) = api
        .patch_status(&name, &PatchParams::default(), &Patch::Strategic(&patch))
        .await
    {
        tracing::debug!(pod = %name, error = %e, "updating the PodScheduled condition failed");
    }
}
