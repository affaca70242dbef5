//! PrioritySort (upstream `plugins/queuesort`): the active queue's order. Higher `spec.priority`
//! first; among equals, the pod that entered the queue earlier.

use std::cmp::Ordering;
use std::time::Instant;

use crate::framework::Plugin;
use crate::queue::QueuedPod;

pub const NAME: &str = crate::plugins::names::PRIORITY_SORT;

/// Upstream `PrioritySort.Less` on `(priority, queue timestamp)` pairs: whether `a` pops before `b`.
pub fn less_by(a: (i32, Instant), b: (i32, Instant)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Whether queued pod `a` pops before `b`.
pub fn less(a: &QueuedPod, b: &QueuedPod) -> bool {
    less_by((a.info.priority(), a.timestamp), (b.info.priority(), b.timestamp))
}

/// The same order as an [`Ordering`]: `Less` means "pops first" (for `sort_by`; a max-heap wants
/// the reverse).
pub fn compare(a: &QueuedPod, b: &QueuedPod) -> Ordering {
    b.info
        .priority()
        .cmp(&a.info.priority())
        .then_with(|| a.timestamp.cmp(&b.timestamp))
}

/// The PrioritySort plugin (QueueSort).
#[derive(Debug, Clone, Copy, Default)]
pub struct PrioritySort;

impl PrioritySort {
    pub fn new() -> PrioritySort {
        PrioritySort
    }

    pub fn less(&self, a: &QueuedPod, b: &QueuedPod) -> bool {
        less(a, b)
    }
}

impl Plugin for PrioritySort {
    fn name(&self) -> &'static str {
        NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::PodBuilder;
    use crate::framework::PodInfo;
    use std::sync::Arc;
    use std::time::Duration;

    fn queued(name: &str, priority: Option<i32>, at: Instant) -> QueuedPod {
        let b = PodBuilder::new(name);
        let b = match priority {
            Some(p) => b.priority(p),
            None => b,
        };
        QueuedPod {
            info: Arc::new(PodInfo::new(b.build())),
            timestamp: at,
            initial_timestamp: at,
            attempts: 0,
            unschedulable_plugins: Default::default(),
        }
    }

    #[test]
    fn order() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_secs(1);
        // (name, a, b, a pops first) — upstream TestLess.
        let cases = [
            (
                "p1 higher priority",
                queued("a", Some(100), t0),
                queued("b", Some(50), t1),
                true,
            ),
            (
                "p2 higher priority",
                queued("a", Some(50), t0),
                queued("b", Some(100), t1),
                false,
            ),
            (
                "equal priority, p1 earlier",
                queued("a", Some(100), t0),
                queued("b", Some(100), t1),
                true,
            ),
            (
                "equal priority, p2 earlier",
                queued("a", Some(100), t1),
                queued("b", Some(100), t0),
                false,
            ),
            (
                "same priority and time",
                queued("a", Some(100), t0),
                queued("b", Some(100), t0),
                false,
            ),
            (
                "unset priority is 0",
                queued("a", None, t0),
                queued("b", Some(-1), t0),
                true,
            ),
            (
                "negative priority loses to unset",
                queued("a", Some(-1), t0),
                queued("b", None, t1),
                false,
            ),
        ];
        for (name, a, b, want) in cases {
            assert_eq!(PrioritySort.less(&a, &b), want, "{name}");
            let expected = if want {
                Ordering::Less
            } else if less(&b, &a) {
                Ordering::Greater
            } else {
                Ordering::Equal
            };
            assert_eq!(compare(&a, &b), expected, "{name}");
        }
    }
}
