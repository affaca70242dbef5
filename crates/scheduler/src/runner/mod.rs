//! The scheduler as a running component: informers feed the cache and the queue; one loop pops a pod,
//! runs the framework on a snapshot, assumes the result and hands binding to a task of its own;
//! failures become FailedScheduling events and the PodScheduled condition, exactly as kube-scheduler
//! writes them. Everything goes through the Kubernetes API (kube-rs), so it runs the same inside
//! `skiff server` and standalone against any cluster.

mod binder;
mod events;
mod informers;
pub mod registry;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Namespace, PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;
use kube::Client;
use tokio::sync::Notify;

use crate::cache::Cache;
use crate::framework::runtime::{Framework, ScheduleError};
use crate::framework::{CycleState, Snapshot};
use crate::queue::SchedulingQueue;

#[derive(Debug, thiserror::Error)]
pub enum RunnerError {
    #[error("scheduler configuration: {0}")]
    Config(String),
}

/// What the informers maintain and the scheduling loop reads.
pub struct State {
    pub cache: Cache,
    pub queue: SchedulingQueue,
    pub pvcs: HashMap<String, Arc<PersistentVolumeClaim>>,
    pub pvs: HashMap<String, Arc<PersistentVolume>>,
    pub storage_classes: HashMap<String, Arc<StorageClass>>,
    pub namespaces: HashMap<String, Arc<Namespace>>,
    pub pdbs: HashMap<String, Arc<PodDisruptionBudget>>,
}

pub struct Shared {
    pub state: Mutex<State>,
    /// Woken when something was queued.
    pub wake: Notify,
    /// Profiles by schedulerName.
    pub profiles: HashMap<String, Arc<Framework>>,
    /// Pods nominated to nodes by preemption (forgotten once bound or deleted).
    pub nominated: Arc<crate::framework::runtime::NominatedPods>,
}

impl Shared {
    /// Whether one of our profiles schedules this pod.
    pub fn handles(&self, pod: &Pod) -> bool {
        let name = pod
            .spec
            .as_ref()
            .and_then(|s| s.scheduler_name.as_deref())
            .unwrap_or("default-scheduler");
        self.profiles.contains_key(name)
    }

    fn snapshot(&self) -> Snapshot {
        let mut st = self.state.lock().expect("scheduler state");
        let mut snap = st.cache.snapshot();
        snap.pvcs = st.pvcs.clone();
        snap.pvs = st.pvs.clone();
        snap.storage_classes = st.storage_classes.clone();
        snap.namespaces = st.namespaces.clone();
        snap.pdbs = st.pdbs.values().cloned().collect();
        snap
    }
}

/// Run the scheduler until `shutdown` fires.
pub async fn run(
    client: Client,
    profiles: registry::Profiles,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<(), RunnerError> {
    let registry::Profiles {
        frameworks: profiles,
        backoff,
        nominated,
    } = profiles;
    if profiles.is_empty() {
        return Err(RunnerError::Config("no profiles".into()));
    }
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            cache: Cache::default(),
            queue: SchedulingQueue::new(backoff),
            pvcs: HashMap::new(),
            pvs: HashMap::new(),
            storage_classes: HashMap::new(),
            namespaces: HashMap::new(),
            pdbs: HashMap::new(),
        }),
        wake: Notify::new(),
        profiles,
        nominated,
    });
    informers::spawn_all(&client, shared.clone());
    let recorder = Arc::new(events::Recorder::new(client.clone(), "default-scheduler"));
    let mut last_leftover_flush = Instant::now();
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        let popped = {
            let mut st = shared.state.lock().expect("scheduler state");
            let now = Instant::now();
            st.cache.cleanup_expired(now);
            if now.duration_since(last_leftover_flush) >= Duration::from_secs(30) {
                st.queue.flush_unschedulable_leftover(now);
                last_leftover_flush = now;
            }
            st.queue.pop(now)
        };
        let Some(qp) = popped else {
            tokio::select! {
                _ = shared.wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                _ = shutdown.changed() => {}
            }
            continue;
        };
        let scheduler_name = qp
            .info
            .pod
            .spec
            .as_ref()
            .and_then(|s| s.scheduler_name.clone())
            .unwrap_or_else(|| "default-scheduler".into());
        let Some(framework) = shared.profiles.get(&scheduler_name).cloned() else {
            continue;
        };
        let snapshot = shared.snapshot();
        let mut cycle = CycleState::default();
        match framework.schedule_pod(&mut cycle, &qp.info, &snapshot) {
            Ok(result) => {
                let node = result.suggested_host.clone();
                shared
                    .state
                    .lock()
                    .expect("scheduler state")
                    .cache
                    .assume(&qp.info, &node);
                tokio::spawn(binder::bind(
                    client.clone(),
                    shared.clone(),
                    recorder.clone(),
                    qp,
                    node,
                ));
            }
            Err(ScheduleError::Fit(fit)) => {
                let message = fit.to_string();
                let plugins = fit.diagnosis.unschedulable_plugins.clone();
                let nominated = fit.nominated_node_name.clone();
                match &nominated {
                    Some(node) => shared.nominated.add(qp.info.clone(), node),
                    None => shared.nominated.delete(qp.info.uid()),
                }
                let victims = fit.victims.clone();
                let pod = qp.info.pod.clone();
                shared
                    .state
                    .lock()
                    .expect("scheduler state")
                    .queue
                    .requeue_failed(qp, plugins, true, Instant::now());
                let (client, recorder) = (client.clone(), recorder.clone());
                tokio::spawn(async move {
                    binder::evict_victims(&client, &victims).await;
                    recorder
                        .event(&pod, "Warning", "FailedScheduling", "Scheduling", &message)
                        .await;
                    events::mark_unschedulable(
                        &client,
                        &pod,
                        "Unschedulable",
                        &message,
                        nominated.as_deref(),
                    )
                    .await;
                });
            }
            Err(ScheduleError::Internal(err)) => {
                let pod = qp.info.pod.clone();
                shared
                    .state
                    .lock()
                    .expect("scheduler state")
                    .queue
                    .requeue_failed(qp, Default::default(), false, Instant::now());
                let (client, recorder) = (client.clone(), recorder.clone());
                tokio::spawn(async move {
                    recorder
                        .event(&pod, "Warning", "FailedScheduling", "Scheduling", &err)
                        .await;
                    events::mark_unschedulable(&client, &pod, "SchedulerError", &err, None).await;
                });
            }
        }
    }
}

/// The cluster as the scheduler would see it now, listed straight from the API (for `skiff explain`).
pub async fn cluster_snapshot(client: &Client) -> Result<Snapshot, kube::Error> {
    use kube::api::ListParams;
    use kube::{Api, ResourceExt};
    let lp = ListParams::default();
    let mut cache = Cache::default();
    for node in Api::<k8s_openapi::api::core::v1::Node>::all(client.clone())
        .list(&lp)
        .await?
    {
        cache.add_or_update_node(node);
    }
    for pod in Api::<Pod>::all(client.clone()).list(&lp).await? {
        cache.add_or_update_pod(pod);
    }
    let mut snap = cache.snapshot();
    let keyed = |ns: Option<String>, name: String| match ns {
        Some(ns) => format!("{ns}/{name}"),
        None => name,
    };
    for pvc in Api::<PersistentVolumeClaim>::all(client.clone())
        .list(&lp)
        .await?
    {
        snap.pvcs
            .insert(keyed(pvc.namespace(), pvc.name_any()), Arc::new(pvc));
    }
    for pv in Api::<PersistentVolume>::all(client.clone()).list(&lp).await? {
        snap.pvs.insert(pv.name_any(), Arc::new(pv));
    }
    for sc in Api::<StorageClass>::all(client.clone()).list(&lp).await? {
        snap.storage_classes.insert(sc.name_any(), Arc::new(sc));
    }
    for ns in Api::<Namespace>::all(client.clone()).list(&lp).await? {
        snap.namespaces.insert(ns.name_any(), Arc::new(ns));
    }
    snap.pdbs = Api::<PodDisruptionBudget>::all(client.clone())
        .list(&lp)
        .await?
        .into_iter()
        .map(Arc::new)
        .collect();
    Ok(snap)
}
