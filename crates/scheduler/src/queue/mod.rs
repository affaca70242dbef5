//! The scheduling queue (upstream `backend/queue/scheduling_queue.go`): an active queue ordered by
//! priority then arrival, a backoff queue with per-pod exponential backoff, and the unschedulable pods
//! waiting for a cluster event that could help them (or for the 5-minute leftover flush).
//!
//! Time is passed in (`Instant`s), so the queue is deterministic under test.

mod backoff;

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use backoff::Backoff;

use crate::framework::PodInfo;

/// How long an unschedulable pod waits at most before it is retried anyway.
pub const MAX_UNSCHEDULABLE_DURATION: Duration = Duration::from_secs(5 * 60);

/// A pod in the queue, with its attempt history.
#[derive(Debug, Clone)]
pub struct QueuedPod {
    pub info: Arc<PodInfo>,
    /// When it entered the active queue (ordering among equal priorities).
    pub timestamp: Instant,
    /// When it was first added (for latency metrics: first attempt to bound).
    pub initial_timestamp: Instant,
    pub attempts: u32,
    /// Plugins that rejected it last time (events for other plugins do not move it).
    pub unschedulable_plugins: BTreeSet<&'static str>,
}

/// A change in the cluster that may make pods schedulable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterEvent {
    NodeAdded,
    NodeChanged,
    PodDeleted,
    PvAddedOrChanged,
    PvcAddedOrChanged,
    StorageClassAdded,
    /// Anything else: moves every unschedulable pod.
    Other,
}

impl ClusterEvent {
    /// Whether a pod rejected by `plugins` may be helped by this event (upstream EventsToRegister,
    /// coarse-grained: no QueueingHint functions yet).
    fn may_help(&self, plugins: &BTreeSet<&'static str>) -> bool {
        if plugins.is_empty() {
            return true;
        }
        let helps = |p: &str| match self {
            ClusterEvent::NodeAdded | ClusterEvent::NodeChanged | ClusterEvent::Other => true,
            ClusterEvent::PodDeleted => matches!(
                p,
                "NodeResourcesFit"
                    | "NodePorts"
                    | "InterPodAffinity"
                    | "PodTopologySpread"
                    | "VolumeRestrictions"
            ),
            ClusterEvent::PvAddedOrChanged
            | ClusterEvent::PvcAddedOrChanged
            | ClusterEvent::StorageClassAdded => {
                matches!(
                    p,
                    "VolumeBinding" | "VolumeRestrictions" | "VolumeZone" | "NodeVolumeLimits"
                )
            }
        };
        plugins.iter().any(|p| helps(p))
    }
}

struct ActiveEntry(QueuedPod);

impl PartialEq for ActiveEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for ActiveEntry {}
impl PartialOrd for ActiveEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for ActiveEntry {
    /// PrioritySort: higher priority first, then earlier timestamp (BinaryHeap pops the greatest).
    fn cmp(&self, other: &Self) -> Ordering {
        self.0
            .info
            .priority()
            .cmp(&other.0.info.priority())
            .then_with(|| other.0.timestamp.cmp(&self.0.timestamp))
    }
}

/// The three queues. Each pod key is in at most one of them.
pub struct SchedulingQueue {
    active: BinaryHeap<ActiveEntry>,
    /// Pod key → (ready at, pod).
    backoff: HashMap<String, (Instant, QueuedPod)>,
    unschedulable: HashMap<String, (Instant, QueuedPod)>,
    /// Keys currently in `active` (the heap cannot be searched).
    in_active: BTreeSet<String>,
    backoff_policy: Backoff,
}

impl SchedulingQueue {
    pub fn new(backoff_policy: Backoff) -> Self {
        SchedulingQueue {
            active: BinaryHeap::new(),
            backoff: HashMap::new(),
            unschedulable: HashMap::new(),
            in_active: BTreeSet::new(),
            backoff_policy,
        }
    }

    /// A new pending pod (or one whose spec changed): straight to the active queue.
    pub fn add(&mut self, info: Arc<PodInfo>, now: Instant) {
        let key = info.key();
        let previous = self.remove_entry(&key);
        let mut qp = previous.unwrap_or(QueuedPod {
            info: info.clone(),
            timestamp: now,
            initial_timestamp: now,
            attempts: 0,
            unschedulable_plugins: BTreeSet::new(),
        });
        qp.info = info;
        qp.timestamp = now;
        self.push_active(qp);
    }

    fn push_active(&mut self, qp: QueuedPod) {
        self.in_active.insert(qp.info.key());
        self.active.push(ActiveEntry(qp));
    }

    fn remove_entry(&mut self, key: &str) -> Option<QueuedPod> {
        if let Some((_, qp)) = self.backoff.remove(key) {
            return Some(qp);
        }
        if let Some((_, qp)) = self.unschedulable.remove(key) {
            return Some(qp);
        }
        if self.in_active.remove(key) {
            let entries = std::mem::take(&mut self.active).into_vec();
            let mut found = None;
            for e in entries {
                if e.0.info.key() == key {
                    found = Some(e.0);
                } else {
                    self.active.push(e);
                }
            }
            return found;
        }
        None
    }

    /// The pod was deleted or bound elsewhere: forget it.
    pub fn delete(&mut self, key: &str) {
        self.remove_entry(key);
    }

    /// The next pod to schedule: the highest-priority active one, else (as upstream 1.33 does) one
    /// whose backoff has not yet completed, if the active queue is empty.
    pub fn pop(&mut self, now: Instant) -> Option<QueuedPod> {
        self.flush_backoff_completed(now);
        let mut qp = match self.active.pop() {
            Some(ActiveEntry(qp)) => qp,
            None => {
                let key = self
                    .backoff
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(k, _)| k.clone())?;
                self.backoff.remove(&key)?.1
            }
        };
        self.in_active.remove(&qp.info.key());
        qp.attempts += 1;
        Some(qp)
    }

    /// A scheduling attempt failed: back off (an error or a cluster change during the attempt) or park
    /// it as unschedulable until an event that could help.
    pub fn requeue_failed(
        &mut self,
        mut qp: QueuedPod,
        plugins: BTreeSet<&'static str>,
        unschedulable: bool,
        now: Instant,
    ) {
        qp.unschedulable_plugins = plugins;
        let key = qp.info.key();
        if unschedulable {
            self.unschedulable.insert(key, (now, qp));
        } else {
            let ready = now + self.backoff_policy.duration(qp.attempts);
            self.backoff.insert(key, (ready, qp));
        }
    }

    /// A cluster event: unschedulable pods it may help move to backoff (or active if their backoff is over).
    pub fn move_on_event(&mut self, event: &ClusterEvent, now: Instant) {
        let keys: Vec<String> = self
            .unschedulable
            .iter()
            .filter(|(_, (_, qp))| event.may_help(&qp.unschedulable_plugins))
            .map(|(k, _)| k.clone())
            .collect();
        for k in keys {
            if let Some((since, qp)) = self.unschedulable.remove(&k) {
                self.requeue_to_backoff_or_active(qp, since, now);
            }
        }
    }

    fn requeue_to_backoff_or_active(&mut self, mut qp: QueuedPod, failed_at: Instant, now: Instant) {
        let ready = failed_at + self.backoff_policy.duration(qp.attempts);
        if ready <= now {
            qp.timestamp = now;
            self.push_active(qp);
        } else {
            self.backoff.insert(qp.info.key(), (ready, qp));
        }
    }

    /// Pods whose backoff is over go to the active queue (upstream runs this every second).
    pub fn flush_backoff_completed(&mut self, now: Instant) {
        let ready: Vec<String> = self
            .backoff
            .iter()
            .filter(|(_, (at, _))| *at <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for k in ready {
            if let Some((_, mut qp)) = self.backoff.remove(&k) {
                qp.timestamp = now;
                self.push_active(qp);
            }
        }
    }

    /// Pods unschedulable for longer than 5 minutes are retried anyway (upstream: every 30 s).
    pub fn flush_unschedulable_leftover(&mut self, now: Instant) {
        let old: Vec<String> = self
            .unschedulable
            .iter()
            .filter(|(_, (since, _))| now.duration_since(*since) >= MAX_UNSCHEDULABLE_DURATION)
            .map(|(k, _)| k.clone())
            .collect();
        for k in old {
            if let Some((since, qp)) = self.unschedulable.remove(&k) {
                self.requeue_to_backoff_or_active(qp, since, now);
            }
        }
    }

    /// (active, backoff, unschedulable) sizes.
    pub fn len(&self) -> (usize, usize, usize) {
        (self.active.len(), self.backoff.len(), self.unschedulable.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0, 0)
    }
}

#[cfg(test)]
mod tests;
