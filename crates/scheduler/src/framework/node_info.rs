//! What the scheduler knows about pods and nodes in one cycle (upstream `framework.NodeInfo`,
//! `PodInfo`, and the cache `Snapshot`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use k8s_openapi::api::storage::v1::StorageClass;

use super::resource::{pod_requests, Resource};

/// A pod with what plugins need precomputed.
#[derive(Debug, Clone)]
pub struct PodInfo {
    pub pod: Arc<Pod>,
    /// Effective requests (containers, init containers, overhead).
    pub requests: Resource,
}

impl PodInfo {
    pub fn new(pod: Pod) -> PodInfo {
        let requests = pod_requests(&pod);
        PodInfo {
            pod: Arc::new(pod),
            requests,
        }
    }

    pub fn name(&self) -> &str {
        self.pod.metadata.name.as_deref().unwrap_or_default()
    }

    pub fn namespace(&self) -> &str {
        self.pod.metadata.namespace.as_deref().unwrap_or("default")
    }

    /// `namespace/name`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace(), self.name())
    }

    pub fn uid(&self) -> &str {
        self.pod.metadata.uid.as_deref().unwrap_or_default()
    }

    /// `spec.priority`, 0 when unset.
    pub fn priority(&self) -> i32 {
        self.pod.spec.as_ref().and_then(|s| s.priority).unwrap_or(0)
    }

    pub fn labels(&self) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.pod.metadata.labels.as_ref().unwrap_or(&EMPTY)
    }

    pub fn node_name(&self) -> Option<&str> {
        self.pod
            .spec
            .as_ref()
            .and_then(|s| s.node_name.as_deref())
            .filter(|n| !n.is_empty())
    }

    pub fn has_affinity(&self) -> bool {
        self.pod
            .spec
            .as_ref()
            .and_then(|s| s.affinity.as_ref())
            .is_some_and(|a| a.pod_affinity.is_some() || a.pod_anti_affinity.is_some())
    }

    pub fn has_required_anti_affinity(&self) -> bool {
        self.pod
            .spec
            .as_ref()
            .and_then(|s| s.affinity.as_ref())
            .and_then(|a| a.pod_anti_affinity.as_ref())
            .and_then(|a| a.required_during_scheduling_ignored_during_execution.as_ref())
            .is_some_and(|t| !t.is_empty())
    }
}

/// A node and the pods on it (assumed ones included), with totals.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub node: Arc<Node>,
    pub pods: Vec<Arc<PodInfo>>,
    /// Pods with pod affinity or anti-affinity (for InterPodAffinity).
    pub pods_with_affinity: Vec<Arc<PodInfo>>,
    /// Pods with required anti-affinity (existing pods repel new ones).
    pub pods_with_required_anti_affinity: Vec<Arc<PodInfo>>,
    /// Sum of the pods' requests.
    pub requested: Resource,
    /// Sum of the pods' requests with upstream's non-zero defaults (for scoring).
    pub non_zero_requested: Resource,
    /// `status.allocatable`.
    pub allocatable: Resource,
    /// Host ports in use: (hostIP, protocol, port).
    pub used_ports: Vec<(String, String, i32)>,
    /// Bumped on every change, so caches of derived data can tell staleness.
    pub generation: u64,
}

/// Upstream's defaults for pods without requests, used only for scoring (`schedutil.DefaultMilliCPURequest`).
pub const DEFAULT_MILLI_CPU_REQUEST: i64 = 100;
/// 200 MB (`schedutil.DefaultMemoryRequest`).
pub const DEFAULT_MEMORY_REQUEST: i64 = 200 * 1024 * 1024;

fn non_zero(pod: &PodInfo) -> Resource {
    // Upstream NonZeroRequested: the defaults apply per container that names no cpu / memory.
    super::resource::non_zero_requests(&pod.pod)
}

impl NodeInfo {
    pub fn new(node: Node) -> NodeInfo {
        let allocatable = node
            .status
            .as_ref()
            .and_then(|s| s.allocatable.as_ref())
            .map(Resource::from_list)
            .unwrap_or_default();
        NodeInfo {
            node: Arc::new(node),
            pods: vec![],
            pods_with_affinity: vec![],
            pods_with_required_anti_affinity: vec![],
            requested: Resource::default(),
            non_zero_requested: Resource::default(),
            allocatable,
            used_ports: vec![],
            generation: 0,
        }
    }

    pub fn name(&self) -> &str {
        self.node.metadata.name.as_deref().unwrap_or_default()
    }

    pub fn labels(&self) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.node.metadata.labels.as_ref().unwrap_or(&EMPTY)
    }

    pub fn add_pod(&mut self, pod: Arc<PodInfo>) {
        self.requested.add(&pod.requests);
        self.non_zero_requested.add(&non_zero(&pod));
        for c in pod.pod.spec.iter().flat_map(|s| s.containers.iter()) {
            for p in c.ports.iter().flatten() {
                if let Some(hp) = p.host_port.filter(|hp| *hp > 0) {
                    let ip = p.host_ip.clone().unwrap_or_else(|| "0.0.0.0".into());
                    self.used_ports
                        .push((ip, p.protocol.clone().unwrap_or_else(|| "TCP".into()), hp));
                }
            }
        }
        if pod.has_affinity() {
            self.pods_with_affinity.push(pod.clone());
        }
        if pod.has_required_anti_affinity() {
            self.pods_with_required_anti_affinity.push(pod.clone());
        }
        self.pods.push(pod);
        self.generation += 1;
    }

    /// Remove the pod with this uid; returns whether it was there.
    pub fn remove_pod(&mut self, uid: &str) -> bool {
        let Some(pos) = self.pods.iter().position(|p| p.uid() == uid) else {
            return false;
        };
        let pod = self.pods.remove(pos);
        self.requested.sub(&pod.requests);
        self.non_zero_requested.sub(&non_zero(&pod));
        for c in pod.pod.spec.iter().flat_map(|s| s.containers.iter()) {
            for p in c.ports.iter().flatten() {
                if let Some(hp) = p.host_port.filter(|hp| *hp > 0) {
                    let ip = p.host_ip.clone().unwrap_or_else(|| "0.0.0.0".into());
                    let proto = p.protocol.clone().unwrap_or_else(|| "TCP".into());
                    if let Some(i) = self
                        .used_ports
                        .iter()
                        .position(|u| *u == (ip.clone(), proto.clone(), hp))
                    {
                        self.used_ports.remove(i);
                    }
                }
            }
        }
        self.pods_with_affinity.retain(|p| p.uid() != uid);
        self.pods_with_required_anti_affinity.retain(|p| p.uid() != uid);
        self.generation += 1;
        true
    }
}

/// An immutable view of the cluster for one scheduling cycle.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// All nodes, in a stable order.
    pub nodes: Vec<Arc<NodeInfo>>,
    /// Node name → index in `nodes`; shared between snapshots while the set of nodes is unchanged.
    pub by_name: Arc<HashMap<String, usize>>,
    /// Nodes that hold pods with (anti-)affinity, for InterPodAffinity's PreFilter.
    pub have_pods_with_affinity: Vec<Arc<NodeInfo>>,
    pub have_pods_with_required_anti_affinity: Vec<Arc<NodeInfo>>,
    pub namespaces: HashMap<String, Arc<Namespace>>,
    /// Claims by `namespace/name`.
    pub pvcs: HashMap<String, Arc<PersistentVolumeClaim>>,
    pub pvs: HashMap<String, Arc<PersistentVolume>>,
    pub storage_classes: HashMap<String, Arc<StorageClass>>,
    pub pdbs: Vec<Arc<PodDisruptionBudget>>,
}

impl Snapshot {
    /// Build from node infos (and leave the other listers empty).
    pub fn from_nodes(nodes: Vec<NodeInfo>) -> Snapshot {
        Self::from_node_arcs(nodes.into_iter().map(Arc::new).collect())
    }

    /// Build from shared node infos (the cache's copy-on-write entries).
    pub fn from_node_arcs(nodes: Vec<Arc<NodeInfo>>) -> Snapshot {
        let by_name = Arc::new(Self::index(&nodes));
        Self::from_indexed(nodes, by_name)
    }

    /// The name index of `nodes`.
    pub fn index(nodes: &[Arc<NodeInfo>]) -> HashMap<String, usize> {
        nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name().to_string(), i))
            .collect()
    }

    /// Build from node infos and their (already built) name index.
    pub fn from_indexed(nodes: Vec<Arc<NodeInfo>>, by_name: Arc<HashMap<String, usize>>) -> Snapshot {
        let have_pods_with_affinity = nodes
            .iter()
            .filter(|n| !n.pods_with_affinity.is_empty())
            .cloned()
            .collect();
        let have_pods_with_required_anti_affinity = nodes
            .iter()
            .filter(|n| !n.pods_with_required_anti_affinity.is_empty())
            .cloned()
            .collect();
        Snapshot {
            nodes,
            by_name,
            have_pods_with_affinity,
            have_pods_with_required_anti_affinity,
            ..Default::default()
        }
    }

    pub fn get(&self, node: &str) -> Option<&Arc<NodeInfo>> {
        self.by_name.get(node).map(|i| &self.nodes[*i])
    }
}
