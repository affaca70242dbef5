//! The scheduler's cache (upstream `backend/cache`): nodes and the pods bound or assumed on them.
//!
//! A pod is "assumed" the moment the scheduler picks its node, before the binding is written, so the
//! next cycle already counts it; the informer's update confirms it, or the assumption expires if the
//! binding never shows up. `snapshot()` gives the immutable view one cycle works on.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Node, Pod};

use crate::framework::{NodeInfo, PodInfo, Snapshot};

/// How long an assumed pod may wait for its binding to be observed (upstream: 30 s after binding).
pub const ASSUME_TTL: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct Cache {
    /// Node name → info (pods included). Pods on nodes not (yet) known are kept in `orphans`.
    /// Copy-on-write: a snapshot shares the infos; a change copies only the node it touches.
    nodes: BTreeMap<String, Arc<NodeInfo>>,
    /// Pod key → the node it is on.
    pod_nodes: HashMap<String, String>,
    /// Pods on nodes the cache has not seen yet.
    orphans: HashMap<String, Vec<Arc<PodInfo>>>,
    /// Assumed pod key → deadline (None until the binding finished).
    assumed: HashMap<String, Option<Instant>>,
    /// Bumped on every change (snapshots are rebuilt only when it moved).
    generation: u64,
    /// The snapshot's name index, rebuilt only when nodes come or go (not on every pod change).
    index: Option<Arc<HashMap<String, usize>>>,
}

impl Cache {
    pub fn add_or_update_node(&mut self, node: Node) {
        let name = node.metadata.name.clone().unwrap_or_default();
        let pods = match self.nodes.remove(&name) {
            Some(old) => old.pods.clone(),
            None => self.orphans.remove(&name).unwrap_or_default(),
        };
        let mut info = NodeInfo::new(node);
        for p in pods {
            info.add_pod(p);
        }
        if self.nodes.insert(name, Arc::new(info)).is_none() {
            self.index = None;
        }
        self.generation += 1;
    }

    pub fn remove_node(&mut self, name: &str) {
        self.index = None;
        if let Some(info) = self.nodes.remove(name) {
            // Pods stay known (they are deleted separately), waiting for the node to come back.
            if !info.pods.is_empty() {
                self.orphans.insert(name.to_string(), info.pods.clone());
            }
        }
        self.generation += 1;
    }

    fn place(&mut self, node: &str, info: Arc<PodInfo>) {
        self.pod_nodes.insert(info.key(), node.to_string());
        match self.nodes.get_mut(node) {
            Some(n) => Arc::make_mut(n).add_pod(info),
            None => self.orphans.entry(node.to_string()).or_default().push(info),
        }
        self.generation += 1;
    }

    fn unplace(&mut self, key: &str) -> Option<Arc<PodInfo>> {
        let node = self.pod_nodes.remove(key)?;
        self.generation += 1;
        if let Some(n) = self.nodes.get_mut(&node) {
            let found = n.pods.iter().find(|p| p.key() == key).cloned();
            if let Some(p) = &found {
                Arc::make_mut(n).remove_pod(p.uid());
            }
            return found;
        }
        let list = self.orphans.get_mut(&node)?;
        let pos = list.iter().position(|p| p.key() == key)?;
        Some(list.remove(pos))
    }

    /// A pod seen by the informer: bound pods are placed on their node (confirming an assumption).
    /// Terminated pods free their resources.
    pub fn add_or_update_pod(&mut self, pod: Pod) {
        let info = Arc::new(PodInfo::new(pod));
        let key = info.key();
        let terminated = matches!(
            info.pod.status.as_ref().and_then(|s| s.phase.as_deref()),
            Some("Succeeded") | Some("Failed")
        );
        self.unplace(&key);
        self.assumed.remove(&key);
        if terminated {
            return;
        }
        if let Some(node) = info.node_name().map(String::from) {
            self.place(&node, info);
        }
    }

    pub fn remove_pod(&mut self, key: &str) {
        self.unplace(key);
        self.assumed.remove(key);
    }

    /// The scheduler chose `node` for `pod`: count it there now.
    pub fn assume(&mut self, pod: &PodInfo, node: &str) {
        let mut assumed = (*pod.pod).clone();
        assumed.spec.get_or_insert_with(Default::default).node_name = Some(node.to_string());
        let info = Arc::new(PodInfo::new(assumed));
        self.unplace(&info.key());
        self.assumed.insert(info.key(), None);
        self.place(node, info);
    }

    /// The binding was written: start the expiry clock.
    pub fn finish_binding(&mut self, key: &str, now: Instant) {
        if let Some(deadline) = self.assumed.get_mut(key) {
            *deadline = Some(now + ASSUME_TTL);
        }
    }

    /// Binding failed: take the assumption back.
    pub fn forget(&mut self, key: &str) {
        if self.assumed.remove(key).is_some() {
            self.unplace(key);
        }
    }

    /// Drop assumptions whose binding was never observed.
    pub fn cleanup_expired(&mut self, now: Instant) {
        let expired: Vec<String> = self
            .assumed
            .iter()
            .filter(|(_, d)| d.is_some_and(|d| d <= now))
            .map(|(k, _)| k.clone())
            .collect();
        for k in expired {
            self.forget(&k);
        }
    }

    pub fn is_assumed(&self, key: &str) -> bool {
        self.assumed.contains_key(key)
    }

    pub fn has_node(&self, name: &str) -> bool {
        self.nodes.contains_key(name)
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The current state as a snapshot (node order stable: by name). Cheap: node infos are shared,
    /// and the name index is reused until the set of nodes changes.
    pub fn snapshot(&mut self) -> Snapshot {
        let nodes: Vec<Arc<NodeInfo>> = self.nodes.values().cloned().collect();
        let index = match &self.index {
            Some(i) => i.clone(),
            None => {
                let i = Arc::new(Snapshot::index(&nodes));
                self.index = Some(i.clone());
                i
            }
        };
        Snapshot::from_indexed(nodes, index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};

    #[test]
    fn assumed_pods_count_until_confirmed_or_forgotten() {
        let mut c = Cache::default();
        c.add_or_update_node(NodeBuilder::new("n1").cap("cpu", "4").build());
        let p = PodInfo::new(PodBuilder::new("p").req("cpu", "1").build());
        c.assume(&p, "n1");
        assert_eq!(c.snapshot().get("n1").unwrap().requested.milli_cpu, 1000);
        c.forget(&p.key());
        assert_eq!(c.snapshot().get("n1").unwrap().requested.milli_cpu, 0);
        c.assume(&p, "n1");
        let now = Instant::now();
        c.finish_binding(&p.key(), now);
        // The informer confirms the binding: no longer assumed, still counted once.
        c.add_or_update_pod(PodBuilder::new("p").req("cpu", "1").node("n1").build());
        assert!(!c.is_assumed(&p.key()));
        c.cleanup_expired(now + ASSUME_TTL);
        assert_eq!(c.snapshot().get("n1").unwrap().pods.len(), 1);
    }

    #[test]
    fn expired_assumptions_are_dropped_and_pods_wait_for_their_node() {
        let mut c = Cache::default();
        let p = PodInfo::new(PodBuilder::new("p").req("cpu", "1").build());
        c.add_or_update_node(NodeBuilder::new("n1").cap("cpu", "4").build());
        c.assume(&p, "n1");
        let now = Instant::now();
        c.finish_binding(&p.key(), now);
        c.cleanup_expired(now + ASSUME_TTL);
        assert_eq!(c.snapshot().get("n1").unwrap().pods.len(), 0);
        // A pod bound to a node the cache has not seen is kept and appears with the node.
        c.add_or_update_pod(PodBuilder::new("q").req("cpu", "2").node("n2").build());
        c.add_or_update_node(NodeBuilder::new("n2").cap("cpu", "4").build());
        assert_eq!(c.snapshot().get("n2").unwrap().requested.milli_cpu, 2000);
        c.remove_pod("default/q");
        assert_eq!(c.snapshot().get("n2").unwrap().requested.milli_cpu, 0);
    }
}
