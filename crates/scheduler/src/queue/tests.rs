use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::framework::testing::PodBuilder;

fn pod(name: &str, priority: i32) -> Arc<PodInfo> {
    Arc::new(PodInfo::new(PodBuilder::new(name).priority(priority).build()))
}

#[test]
fn backoff_doubles_up_to_the_cap() {
    let b = Backoff::default();
    let secs: Vec<u64> = (1..=6).map(|a| b.duration(a).as_secs()).collect();
    assert_eq!(secs, [1, 2, 4, 8, 10, 10]);
}

#[test]
fn pops_by_priority_then_arrival() {
    let t0 = Instant::now();
    let mut q = SchedulingQueue::new(Backoff::default());
    q.add(pod("low-early", 0), t0);
    q.add(pod("high", 10), t0 + Duration::from_millis(1));
    q.add(pod("low-late", 0), t0 + Duration::from_millis(2));
    let order: Vec<String> = (0..3)
        .map(|_| q.pop(t0).unwrap().info.name().to_string())
        .collect();
    assert_eq!(order, ["high", "low-early", "low-late"]);
    assert!(q.pop(t0).is_none());
}

#[test]
fn unschedulable_pods_wait_for_a_helpful_event_then_back_off() {
    let t0 = Instant::now();
    let mut q = SchedulingQueue::new(Backoff::default());
    q.add(pod("p", 0), t0);
    let qp = q.pop(t0).unwrap();
    assert_eq!(qp.attempts, 1);
    q.requeue_failed(qp, BTreeSet::from(["VolumeBinding"]), true, t0);
    assert_eq!(q.len(), (0, 0, 1));
    // A pod deletion cannot help a volume-binding failure.
    q.move_on_event(&ClusterEvent::PodDeleted, t0);
    assert_eq!(q.len(), (0, 0, 1));
    // A new PV can; the pod still owes its 1 s backoff.
    q.move_on_event(&ClusterEvent::PvAddedOrChanged, t0 + Duration::from_millis(100));
    assert_eq!(q.len(), (0, 1, 0));
    q.flush_backoff_completed(t0 + Duration::from_millis(500));
    assert_eq!(q.len(), (0, 1, 0));
    q.flush_backoff_completed(t0 + Duration::from_secs(1));
    assert_eq!(q.len(), (1, 0, 0));
    assert_eq!(q.pop(t0 + Duration::from_secs(1)).unwrap().attempts, 2);
}

#[test]
fn leftover_unschedulable_pods_return_after_five_minutes() {
    let t0 = Instant::now();
    let mut q = SchedulingQueue::new(Backoff::default());
    q.add(pod("p", 0), t0);
    let qp = q.pop(t0).unwrap();
    q.requeue_failed(qp, BTreeSet::from(["NodeResourcesFit"]), true, t0);
    q.flush_unschedulable_leftover(t0 + Duration::from_secs(299));
    assert_eq!(q.len(), (0, 0, 1));
    q.flush_unschedulable_leftover(t0 + MAX_UNSCHEDULABLE_DURATION);
    assert_eq!(q.len(), (1, 0, 0));
}

#[test]
fn errors_back_off_and_pop_falls_back_to_backoff_when_idle() {
    let t0 = Instant::now();
    let mut q = SchedulingQueue::new(Backoff::default());
    q.add(pod("p", 0), t0);
    let qp = q.pop(t0).unwrap();
    q.requeue_failed(qp, BTreeSet::new(), false, t0);
    assert_eq!(q.len(), (0, 1, 0));
    let again = q.pop(t0).unwrap();
    assert_eq!(again.attempts, 2);
    q.add(pod("p", 0), t0);
    q.delete("default/p");
    assert!(q.is_empty());
}
