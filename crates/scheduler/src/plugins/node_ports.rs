//! NodePorts (upstream `plugins/nodeports`): a pod's `hostPort`s must be free on the node.
//!
//! A port is `(hostIP, protocol, hostPort)`; an empty hostIP means `0.0.0.0` and an empty protocol
//! `TCP`. Two ports conflict when protocol and port are equal and either IP is `0.0.0.0` or the IPs
//! are equal. Ports of regular containers and of restartable (sidecar) init containers count.

use k8s_openapi::api::core::v1::{ContainerPort, Pod};

use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, PreFilterPlugin, PreFilterResult, Snapshot, Status,
};

pub const NAME: &str = crate::plugins::names::NODE_PORTS;

/// Filter reason (`Unschedulable`: preempting the pod that holds the port helps).
pub const ERR_REASON: &str = "node(s) didn't have free ports for the requested pod ports";

/// Cycle state key of the pod's wanted ports.
pub const PRE_FILTER_STATE_KEY: &str = "PreFilterNodePorts";

/// The address that binds every IP.
pub const DEFAULT_BIND_ALL_HOST_IP: &str = "0.0.0.0";

/// A host port, normalized: hostIP and protocol filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPort {
    pub ip: String,
    pub protocol: String,
    pub port: i32,
}

impl HostPort {
    pub fn new(ip: &str, protocol: &str, port: i32) -> HostPort {
        HostPort {
            ip: if ip.is_empty() {
                DEFAULT_BIND_ALL_HOST_IP
            } else {
                ip
            }
            .to_string(),
            protocol: if protocol.is_empty() { "TCP" } else { protocol }.to_string(),
            port,
        }
    }

    fn from_container_port(p: &ContainerPort) -> HostPort {
        HostPort::new(
            p.host_ip.as_deref().unwrap_or_default(),
            p.protocol.as_deref().unwrap_or_default(),
            p.host_port.unwrap_or(0),
        )
    }

    /// Upstream `HostPortInfo.CheckConflict` for one used port.
    pub fn conflicts_with(&self, used: &HostPort) -> bool {
        self.port > 0
            && self.port == used.port
            && self.protocol == used.protocol
            && (self.ip == DEFAULT_BIND_ALL_HOST_IP
                || used.ip == DEFAULT_BIND_ALL_HOST_IP
                || self.ip == used.ip)
    }
}

/// Upstream `util.GetHostPorts`: the pod's ports with a `hostPort`, from restartable init
/// containers and regular containers.
pub fn host_ports(pod: &Pod) -> Vec<HostPort> {
    let Some(spec) = pod.spec.as_ref() else {
        return vec![];
    };
    let sidecars = spec
        .init_containers
        .iter()
        .flatten()
        .filter(|c| c.restart_policy.as_deref() == Some("Always"));
    sidecars
        .chain(spec.containers.iter())
        .flat_map(|c| c.ports.iter().flatten())
        .filter(|p| p.host_port.is_some_and(|hp| hp > 0))
        .map(HostPort::from_container_port)
        .collect()
}

fn fits_ports(wanted: &[HostPort], node: &NodeInfo) -> bool {
    let used: Vec<HostPort> = node
        .used_ports
        .iter()
        .map(|(ip, proto, port)| HostPort::new(ip, proto, *port))
        .collect();
    !wanted.iter().any(|w| used.iter().any(|u| w.conflicts_with(u)))
}

/// Upstream `nodeports.Fits`: whether the pod's host ports are free on the node.
pub fn fits(pod: &Pod, node: &NodeInfo) -> bool {
    fits_ports(&host_ports(pod), node)
}

/// The NodePorts plugin (PreFilter, Filter).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodePorts;

impl NodePorts {
    pub fn new() -> NodePorts {
        NodePorts
    }
}

impl Plugin for NodePorts {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PreFilterPlugin for NodePorts {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        _snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        let wanted = host_ports(&pod.pod);
        if wanted.is_empty() {
            return (None, Status::skip());
        }
        state.write(PRE_FILTER_STATE_KEY, wanted);
        (None, Status::success())
    }
}

impl FilterPlugin for NodePorts {
    fn filter(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Status {
        let Some(wanted) = state.read::<Vec<HostPort>>(PRE_FILTER_STATE_KEY) else {
            return Status::error(format!(
                "reading {PRE_FILTER_STATE_KEY:?} from cycleState: not found"
            ));
        };
        if fits_ports(wanted, node) {
            Status::success()
        } else {
            Status::unschedulable(ERR_REASON)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use crate::framework::Code;
    use k8s_openapi::api::core::v1::Container;
    use std::sync::Arc;

    /// A pod with one container per port, each `"PROTO/ip/port"`.
    fn pod_with_ports(name: &str, ports: &[&str]) -> Pod {
        PodBuilder::new(name)
            .with_spec(|s| {
                s.containers = ports
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let parts: Vec<&str> = p.split('/').collect();
                        Container {
                            name: format!("c{i}"),
                            ports: Some(vec![ContainerPort {
                                protocol: Some(parts[0].into()),
                                host_ip: Some(parts[1].into()),
                                host_port: Some(parts[2].parse().unwrap()),
                                container_port: 80,
                                name: None,
                            }]),
                            ..Default::default()
                        }
                    })
                    .collect();
            })
            .build()
    }

    fn node_with(existing: &[&str]) -> NodeInfo {
        let mut n = NodeInfo::new(NodeBuilder::new("n").build());
        if !existing.is_empty() {
            n.add_pod(Arc::new(PodInfo::new(pod_with_ports("existing", existing))));
        }
        n
    }

    fn run(pod: &Pod, node: &NodeInfo) -> (Status, Status) {
        let mut state = CycleState::default();
        let pod = PodInfo::new(pod.clone());
        let (_, pre) = NodePorts.pre_filter(&mut state, &pod, &Snapshot::default());
        (pre, NodePorts.filter(&state, &pod, node))
    }

    #[test]
    fn filter() {
        // (name, pod ports, existing ports, fits) — upstream node_ports_test.go.
        let cases: &[(&str, &[&str], &[&str], bool)] = &[
            (
                "same udp port",
                &["UDP/127.0.0.1/8080"],
                &["UDP/127.0.0.1/8080"],
                false,
            ),
            (
                "same tcp port",
                &["TCP/127.0.0.1/8080"],
                &["TCP/127.0.0.1/8080"],
                false,
            ),
            (
                "different host ip",
                &["TCP/127.0.0.1/8080"],
                &["TCP/127.0.0.2/8080"],
                true,
            ),
            (
                "different protocol",
                &["UDP/127.0.0.1/8080"],
                &["TCP/127.0.0.1/8080"],
                true,
            ),
            (
                "second udp port conflict",
                &["UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"],
                &["UDP/127.0.0.1/8080"],
                false,
            ),
            (
                "first tcp port conflict",
                &["TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"],
                &["TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"],
                false,
            ),
            (
                "first tcp port conflict due to 0.0.0.0 hostIP",
                &["TCP/0.0.0.0/8001"],
                &["TCP/127.0.0.1/8001"],
                false,
            ),
            (
                "TCP hostPort conflict due to 0.0.0.0 hostIP",
                &["TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"],
                &["TCP/127.0.0.1/8001"],
                false,
            ),
            (
                "second tcp port conflict to 0.0.0.0 hostIP",
                &["TCP/127.0.0.1/8001"],
                &["TCP/0.0.0.0/8001"],
                false,
            ),
            (
                "second different protocol",
                &["UDP/0.0.0.0/8001"],
                &["TCP/0.0.0.0/8001"],
                true,
            ),
            (
                "UDP hostPort conflict due to 0.0.0.0 hostIP",
                &["UDP/0.0.0.0/8001"],
                &["TCP/0.0.0.0/8001", "UDP/127.0.0.1/8001"],
                false,
            ),
            (
                "empty hostIP means 0.0.0.0",
                &["TCP//8001"],
                &["TCP/10.0.0.1/8001"],
                false,
            ),
            (
                "empty protocol means TCP",
                &["/10.0.0.1/8001"],
                &["TCP/10.0.0.1/8001"],
                false,
            ),
            (
                "different port",
                &["TCP/0.0.0.0/8001"],
                &["TCP/0.0.0.0/8002"],
                true,
            ),
            ("nothing running", &["TCP/0.0.0.0/8001"], &[], true),
        ];
        for (name, wanted, existing, fits) in cases {
            let (pre, got) = run(&pod_with_ports("p", wanted), &node_with(existing));
            assert!(pre.is_success(), "{name}: prefilter {pre:?}");
            let want = if *fits {
                Status::success()
            } else {
                Status::unschedulable(ERR_REASON)
            };
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn pod_without_host_ports_skips() {
        let no_host_port = PodBuilder::new("p")
            .with_spec(|s| {
                s.containers[0].ports = Some(vec![ContainerPort {
                    container_port: 80,
                    host_port: Some(0),
                    ..Default::default()
                }])
            })
            .build();
        for pod in [PodBuilder::new("p").build(), no_host_port] {
            let mut state = CycleState::default();
            let (res, st) = NodePorts.pre_filter(&mut state, &PodInfo::new(pod), &Snapshot::default());
            assert_eq!((res, st.code), (None, Code::Skip));
        }
    }

    #[test]
    fn sidecar_ports_count_plain_init_container_ports_do_not() {
        let init = |restart: Option<&str>| Container {
            name: "init".into(),
            restart_policy: restart.map(Into::into),
            ports: Some(vec![ContainerPort {
                container_port: 80,
                host_port: Some(8080),
                ..Default::default()
            }]),
            ..Default::default()
        };
        let node = node_with(&["TCP/0.0.0.0/8080"]);
        let sidecar = PodBuilder::new("p")
            .with_spec(|s| s.init_containers = Some(vec![init(Some("Always"))]))
            .build();
        assert_eq!(host_ports(&sidecar), vec![HostPort::new("", "", 8080)]);
        assert_eq!(run(&sidecar, &node).1, Status::unschedulable(ERR_REASON));
        assert!(!fits(&sidecar, &node));
        let plain = PodBuilder::new("p")
            .with_spec(|s| s.init_containers = Some(vec![init(None)]))
            .build();
        assert!(host_ports(&plain).is_empty());
        assert!(fits(&plain, &node));
    }

    #[test]
    fn filter_without_pre_filter_is_an_error() {
        let pod = PodInfo::new(pod_with_ports("p", &["TCP/0.0.0.0/80"]));
        let got = NodePorts.filter(&CycleState::default(), &pod, &node_with(&[]));
        assert_eq!(
            got,
            Status::error("reading \"PreFilterNodePorts\" from cycleState: not found")
        );
    }
}
