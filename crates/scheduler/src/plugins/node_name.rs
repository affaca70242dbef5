//! NodeName (upstream `plugins/nodename`): a pod that names a node (`spec.nodeName`) fits only there.

use crate::framework::{CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, Status};

pub const NAME: &str = crate::plugins::names::NODE_NAME;

/// Filter reason (`UnschedulableAndUnresolvable`).
pub const ERR_REASON: &str = "node(s) didn't match the requested node name";

/// The NodeName plugin (Filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeName;

impl NodeName {
    pub fn new() -> NodeName {
        NodeName
    }
}

/// Upstream `nodename.Fits`: no node requested, or this one.
pub fn fits(pod: &PodInfo, node: &NodeInfo) -> bool {
    pod.node_name().is_none_or(|n| n == node.name())
}

impl Plugin for NodeName {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl FilterPlugin for NodeName {
    fn filter(&self, _state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        if fits(pod, node) {
            Status::success()
        } else {
            Status::unresolvable(ERR_REASON)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};

    #[test]
    fn filter() {
        // (name, pod, node name, fits)
        let cases = [
            ("no host specified", PodBuilder::new("p"), "foo", true),
            (
                "empty host is no host",
                PodBuilder::new("p").node(""),
                "foo",
                true,
            ),
            ("host matches", PodBuilder::new("p").node("foo"), "foo", true),
            (
                "host doesn't match",
                PodBuilder::new("p").node("bar"),
                "foo",
                false,
            ),
        ];
        for (name, pod, node, fits) in cases {
            let pod = PodInfo::new(pod.build());
            let node = NodeInfo::new(NodeBuilder::new(node).build());
            let got = NodeName.filter(&CycleState::default(), &pod, &node);
            let want = if fits {
                Status::success()
            } else {
                Status::unresolvable(ERR_REASON)
            };
            assert_eq!(got, want, "{name}");
        }
    }
}
