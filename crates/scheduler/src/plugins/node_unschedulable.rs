//! NodeUnschedulable (upstream `plugins/nodeunschedulable`): keep pods off cordoned nodes
//! (`spec.unschedulable: true`) unless they tolerate the `node.kubernetes.io/unschedulable:NoSchedule`
//! taint, as DaemonSet pods do.

use k8s_openapi::api::core::v1::Taint;

use crate::framework::{CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, Status};
use crate::plugins::helpers::taints::{
    tolerations_tolerate_taint, EFFECT_NO_SCHEDULE, TAINT_NODE_UNSCHEDULABLE,
};

pub const NAME: &str = crate::plugins::names::NODE_UNSCHEDULABLE;

/// Filter reason for a cordoned node (`UnschedulableAndUnresolvable`).
pub const ERR_REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";

/// The NodeUnschedulable plugin (Filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeUnschedulable;

impl NodeUnschedulable {
    pub fn new() -> NodeUnschedulable {
        NodeUnschedulable
    }
}

impl Plugin for NodeUnschedulable {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodeUnschedulable {
    fn filter(&self, _state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        let cordoned = node
            .node
            .spec
            .as_ref()
            .and_then(|s| s.unschedulable)
            .unwrap_or(false);
        if !cordoned {
            return Status::success();
        }
        // A pod that tolerates the unschedulable taint also tolerates `spec.unschedulable`.
        let taint = Taint {
            key: TAINT_NODE_UNSCHEDULABLE.into(),
            effect: EFFECT_NO_SCHEDULE.into(),
            value: None,
            time_added: None,
        };
        let tolerations = pod
            .pod
            .spec
            .as_ref()
            .and_then(|s| s.tolerations.as_deref())
            .unwrap_or_default();
        if tolerations_tolerate_taint(tolerations, &taint) {
            Status::success()
        } else {
            Status::unresolvable(ERR_REASON_UNSCHEDULABLE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};

    #[test]
    fn filter() {
        let unresolvable = Some(ERR_REASON_UNSCHEDULABLE);
        // (name, pod, node, want rejection reason)
        let cases = [
            (
                "schedulable node",
                PodBuilder::new("p"),
                NodeBuilder::new("n"),
                None,
            ),
            (
                "explicitly schedulable node",
                PodBuilder::new("p"),
                NodeBuilder::new("n").with(|n| n.spec.as_mut().unwrap().unschedulable = Some(false)),
                None,
            ),
            (
                "cordoned node",
                PodBuilder::new("p"),
                NodeBuilder::new("n").unschedulable(),
                unresolvable,
            ),
            (
                "cordoned node, pod tolerates the unschedulable taint",
                PodBuilder::new("p").toleration(TAINT_NODE_UNSCHEDULABLE, "Exists", "", "NoSchedule"),
                NodeBuilder::new("n").unschedulable(),
                None,
            ),
            (
                "cordoned node, pod tolerates everything",
                PodBuilder::new("p").toleration("", "Exists", "", ""),
                NodeBuilder::new("n").unschedulable(),
                None,
            ),
            (
                "cordoned node, toleration with the wrong effect",
                PodBuilder::new("p").toleration(TAINT_NODE_UNSCHEDULABLE, "Exists", "", "NoExecute"),
                NodeBuilder::new("n").unschedulable(),
                unresolvable,
            ),
            (
                "cordoned node, Equal toleration with a value does not match the empty taint value",
                PodBuilder::new("p").toleration(TAINT_NODE_UNSCHEDULABLE, "Equal", "x", "NoSchedule"),
                NodeBuilder::new("n").unschedulable(),
                unresolvable,
            ),
        ];
        for (name, pod, node, want) in cases {
            let pod = PodInfo::new(pod.build());
            let node = NodeInfo::new(node.build());
            let got = NodeUnschedulable.filter(&CycleState::default(), &pod, &node);
            let want = want.map_or_else(Status::success, Status::unresolvable);
            assert_eq!(got, want, "{name}");
        }
    }
}
