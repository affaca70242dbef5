//! SchedulingGates (upstream `plugins/schedulinggates`): a pod with `spec.schedulingGates` stays out of
//! the active queue until every gate is removed.
//!
//! There is no PreEnqueue trait in the framework yet, so the extension point is the plain function
//! [`pre_enqueue`] (and [`SchedulingGates::pre_enqueue`]).

use k8s_openapi::api::core::v1::Pod;

use crate::framework::{Plugin, Status};

pub const NAME: &str = crate::plugins::names::SCHEDULING_GATES;

/// The `PodScheduled=False` condition reason for a gated pod (`v1.PodReasonSchedulingGated`).
pub const POD_REASON_SCHEDULING_GATED: &str = "SchedulingGated";

/// Upstream `PreEnqueue`: Success for an ungated pod, else `UnschedulableAndUnresolvable`
/// `waiting for scheduling gates: [a b]` (Go's `%v` of the gate names).
pub fn pre_enqueue(pod: &Pod) -> Status {
    let gates: Vec<&str> = pod
        .spec
        .iter()
        .flat_map(|s| s.scheduling_gates.iter().flatten())
        .map(|g| g.name.as_str())
        .collect();
    if gates.is_empty() {
        return Status::success();
    }
    Status::unresolvable(format!("waiting for scheduling gates: [{}]", gates.join(" ")))
}

/// The SchedulingGates plugin (PreEnqueue).
#[derive(Debug, Clone, Copy, Default)]
pub struct SchedulingGates;

impl SchedulingGates {
    pub fn new() -> SchedulingGates {
        SchedulingGates
    }

    pub fn pre_enqueue(&self, pod: &Pod) -> Status {
        pre_enqueue(pod)
    }
}

impl Plugin for SchedulingGates {
    fn name(&self) -> &'static str {
        NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::PodBuilder;
    use k8s_openapi::api::core::v1::PodSchedulingGate;

    #[test]
    fn pre_enqueue_cases() {
        // (name, gates, want) — upstream TestPreEnqueue.
        let cases: [(&str, Option<&[&str]>, Status); 4] = [
            ("no scheduling gates", None, Status::success()),
            ("empty scheduling gates", Some(&[]), Status::success()),
            (
                "one gate",
                Some(&["foo"]),
                Status::unresolvable("waiting for scheduling gates: [foo]"),
            ),
            (
                "gates in order",
                Some(&["foo", "bar"]),
                Status::unresolvable("waiting for scheduling gates: [foo bar]"),
            ),
        ];
        for (name, gates, want) in cases {
            let pod = PodBuilder::new("p")
                .with_spec(|s| {
                    s.scheduling_gates = gates.map(|g| {
                        g.iter()
                            .map(|n| PodSchedulingGate { name: n.to_string() })
                            .collect()
                    })
                })
                .build();
            assert_eq!(SchedulingGates.pre_enqueue(&pod), want, "{name}");
        }
    }
}
