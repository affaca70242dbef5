//! ImageLocality (upstream `plugins/imagelocality`): prefer nodes that already have the pod's images.
//!
//! Per node, each container image (init containers included) present in `node.status.images` adds
//! its size scaled by its spread, `size × nodes having it / all nodes` (so an image everywhere counts
//! fully and a rare one barely, against "node heating"). The sum is clamped to
//! `[23 MiB, 1000 MiB × containers]` and mapped linearly onto 0..=100. Image names are compared after
//! adding `:latest` to untagged pod images; node image names are taken as reported.
//!
//! Upstream keeps the per-image node counts in the scheduler cache. Here PreScore derives them from
//! the snapshot through an index the plugin keeps between cycles, refreshed only for nodes whose
//! object changed, so a cycle costs one pointer comparison per node rather than a scan of every
//! node's image list.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use k8s_openapi::api::core::v1::{Node, Pod};

use crate::framework::{
    CycleState, NodeInfo, Plugin, PodInfo, PreScorePlugin, ScorePlugin, Snapshot, Status, MAX_NODE_SCORE,
};

pub const NAME: &str = crate::plugins::names::IMAGE_LOCALITY;

pub const PRE_SCORE_STATE_KEY: &str = "PreScoreImageLocality";

const MB: i64 = 1024 * 1024;
/// Below this, image locality does not matter (a pull is quick).
pub const MIN_THRESHOLD: i64 = 23 * MB;
/// Per container: above this, more local bytes do not help further.
pub const MAX_CONTAINER_THRESHOLD: i64 = 1000 * MB;

/// Upstream `normalizedImageName`: add `:latest` when the reference has no tag (no `:` after the
/// last `/`).
pub fn normalized_image_name(name: &str) -> String {
    let pos = |c| name.rfind(c).map_or(-1, |i| i as isize);
    if pos(':') <= pos('/') {
        format!("{name}:latest")
    } else {
        name.to_string()
    }
}

/// The pod's images, normalized, one per init container and container (repeats count repeatedly).
fn pod_images(pod: &Pod) -> Vec<String> {
    let Some(spec) = pod.spec.as_ref() else {
        return vec![];
    };
    spec.init_containers
        .iter()
        .flatten()
        .chain(spec.containers.iter())
        .map(|c| normalized_image_name(c.image.as_deref().unwrap_or_default()))
        .collect()
}

/// A node's images: every reported name → size of the first image listing it.
fn node_images(node: &Node) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for img in node.status.iter().flat_map(|s| s.images.iter().flatten()) {
        for name in img.names.iter().flatten() {
            out.entry(name.clone()).or_insert(img.size_bytes.unwrap_or(0));
        }
    }
    out
}

/// Upstream `calculatePriority`: clamp the summed scaled sizes and map them onto 0..=100.
pub fn calculate_priority(sum_scores: i64, num_containers: usize) -> i64 {
    let max_threshold = MAX_CONTAINER_THRESHOLD * num_containers as i64;
    let sum = if sum_scores < MIN_THRESHOLD {
        MIN_THRESHOLD
    } else {
        sum_scores.min(max_threshold)
    };
    MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max_threshold - MIN_THRESHOLD)
}

/// Upstream `scaledImageScore`: size × the fraction of nodes holding the image.
fn scaled_image_score(size: i64, num_nodes: usize, total_nodes: usize) -> i64 {
    if total_nodes == 0 {
        return 0;
    }
    let spread = num_nodes as f64 / total_nodes as f64;
    (size as f64 * spread) as i64
}

struct IndexedNode {
    node: Arc<Node>,
    images: Arc<HashMap<String, i64>>,
}

/// Image names → how many nodes have them, kept in step with the snapshots PreScore sees.
#[derive(Default)]
struct ImageIndex {
    nodes: HashMap<String, IndexedNode>,
    spread: HashMap<String, usize>,
}

impl ImageIndex {
    fn count(&mut self, images: &HashMap<String, i64>, add: bool) {
        for name in images.keys() {
            if add {
                *self.spread.entry(name.clone()).or_default() += 1;
            } else if let Some(n) = self.spread.get_mut(name) {
                *n -= 1;
                if *n == 0 {
                    self.spread.remove(name);
                }
            }
        }
    }

    /// Bring the index in line with `snapshot`: re-read nodes whose object changed, drop nodes that
    /// are gone.
    fn sync(&mut self, snapshot: &Snapshot) {
        for ni in &snapshot.nodes {
            if self
                .nodes
                .get(ni.name())
                .is_some_and(|e| Arc::ptr_eq(&e.node, &ni.node))
            {
                continue;
            }
            let images = Arc::new(node_images(&ni.node));
            self.count(&images, true);
            let entry = IndexedNode {
                node: ni.node.clone(),
                images,
            };
            if let Some(old) = self.nodes.insert(ni.name().to_string(), entry) {
                self.count(&old.images, false);
            }
        }
        // Every snapshot node is indexed now, so extra entries are nodes that went away.
        if self.nodes.len() != snapshot.nodes.len() {
            let gone: Vec<String> = self
                .nodes
                .keys()
                .filter(|n| !snapshot.by_name.contains_key(*n))
                .cloned()
                .collect();
            for name in gone {
                if let Some(old) = self.nodes.remove(&name) {
                    self.count(&old.images, false);
                }
            }
        }
    }
}

/// What PreScore computes for Score.
#[derive(Debug, Clone, Default)]
pub struct PreScoreState {
    /// The pod's normalized images (init containers, then containers).
    pub images: Vec<String>,
    /// For each of those images, the number of nodes in the snapshot that have it.
    pub spread: HashMap<String, usize>,
    /// Nodes in the snapshot.
    pub total_nodes: usize,
    /// Scores of the nodes PreScore was given.
    pub scores: HashMap<String, i64>,
}

impl PreScoreState {
    fn score_with(&self, size_of: impl Fn(&str) -> Option<i64>) -> i64 {
        let sum = self
            .images
            .iter()
            .filter_map(|img| {
                let size = size_of(img)?;
                let spread = self.spread.get(img).copied().unwrap_or(0);
                Some(scaled_image_score(size, spread, self.total_nodes))
            })
            .sum();
        calculate_priority(sum, self.images.len())
    }
}

/// The ImageLocality plugin (PreScore, Score; no normalization: scores are already 0..=100).
#[derive(Default)]
pub struct ImageLocality {
    index: Mutex<ImageIndex>,
}

impl ImageLocality {
    pub fn new() -> ImageLocality {
        ImageLocality::default()
    }
}

impl std::fmt::Debug for ImageLocality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageLocality").finish_non_exhaustive()
    }
}

impl Plugin for ImageLocality {
    fn name(&self) -> &'static str {
        NAME
    }
}

impl PreScorePlugin for ImageLocality {
    fn pre_score(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        nodes: &[Arc<NodeInfo>],
        snapshot: &Snapshot,
    ) -> Status {
        let images = pod_images(&pod.pod);
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        index.sync(snapshot);
        let wanted: HashSet<&String> = images.iter().collect();
        let mut s = PreScoreState {
            spread: wanted
                .iter()
                .map(|img| (img.to_string(), index.spread.get(*img).copied().unwrap_or(0)))
                .collect(),
            total_nodes: snapshot.nodes.len(),
            ..Default::default()
        };
        s.images = images;
        for ni in nodes {
            let score = match index.nodes.get(ni.name()) {
                Some(e) if Arc::ptr_eq(&e.node, &ni.node) => s.score_with(|img| e.images.get(img).copied()),
                _ => {
                    let own = node_images(&ni.node);
                    s.score_with(|img| own.get(img).copied())
                }
            };
            s.scores.insert(ni.name().to_string(), score);
        }
        drop(index);
        state.write(PRE_SCORE_STATE_KEY, s);
        Status::success()
    }
}

impl ScorePlugin for ImageLocality {
    fn score(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Result<i64, Status> {
        let s = state.read::<PreScoreState>(PRE_SCORE_STATE_KEY).ok_or_else(|| {
            Status::error(format!(
                "reading {PRE_SCORE_STATE_KEY:?} from cycleState: not found"
            ))
        })?;
        if let Some(score) = s.scores.get(node.name()) {
            return Ok(*score);
        }
        let own = node_images(&node.node);
        Ok(s.score_with(|img| own.get(img).copied()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use k8s_openapi::api::core::v1::{Container, ContainerImage};

    fn pod(init: &[&str], images: &[&str]) -> PodInfo {
        let c = |i: usize, img: &&str| Container {
            name: format!("c{i}"),
            image: Some(img.to_string()),
            ..Default::default()
        };
        PodInfo::new(
            PodBuilder::new("p")
                .with_spec(|s| {
                    s.containers = images.iter().enumerate().map(|(i, img)| c(i, img)).collect();
                    if !init.is_empty() {
                        s.init_containers = Some(init.iter().enumerate().map(|(i, img)| c(i, img)).collect());
                    }
                })
                .build(),
        )
    }

    /// A node with images `(names, size in MiB)`.
    fn node(name: &str, images: &[(&[&str], i64)]) -> NodeInfo {
        let images: Vec<ContainerImage> = images
            .iter()
            .map(|(names, mb)| ContainerImage {
                names: Some(names.iter().map(|n| n.to_string()).collect()),
                size_bytes: Some(mb * MB),
            })
            .collect();
        NodeInfo::new(
            NodeBuilder::new(name)
                .with(|n| n.status.get_or_insert_with(Default::default).images = Some(images))
                .build(),
        )
    }

    fn node_403002000(name: &str) -> NodeInfo {
        node(
            name,
            &[
                (&["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], 40),
                (&["gcr.io/300:latest", "gcr.io/300:v1"], 300),
                (&["gcr.io/2000:latest"], 2000),
            ],
        )
    }

    fn node_25010(name: &str) -> NodeInfo {
        node(
            name,
            &[
                (&["gcr.io/250:latest"], 250),
                (&["gcr.io/10:latest", "gcr.io/10:v1"], 10),
            ],
        )
    }

    fn run(pl: &ImageLocality, pod: &PodInfo, nodes: &[NodeInfo]) -> Vec<i64> {
        let snapshot = Snapshot::from_nodes(nodes.to_vec());
        let mut state = CycleState::default();
        assert!(pl
            .pre_score(&mut state, pod, &snapshot.nodes, &snapshot)
            .is_success());
        snapshot
            .nodes
            .iter()
            .map(|n| {
                let got = pl.score(&state, pod, n).unwrap();
                // Score without PreScore's precomputed entry agrees.
                let mut fresh = state.read::<PreScoreState>(PRE_SCORE_STATE_KEY).unwrap().clone();
                fresh.scores.clear();
                let mut st = CycleState::default();
                st.write(PRE_SCORE_STATE_KEY, fresh);
                assert_eq!(pl.score(&st, pod, n).unwrap(), got);
                got
            })
            .collect()
    }

    /// (name, init images, images, nodes, want)
    type ScoreCase = (
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
        Vec<NodeInfo>,
        Vec<i64>,
    );

    #[test]
    fn score() {
        // (name, init images, images, nodes, want) — upstream TestImageLocalityPriority with the
        // per-container threshold (max = 1000 MiB × containers).
        let two = || vec![node_403002000("machine1"), node_25010("machine2")];
        let cases: Vec<ScoreCase> = vec![
            (
                // machine1: 40/2 = 20 < 23 → 0; machine2: 100 × (250/2 − 23) / (2000 − 23) = 5.
                "two images spread on two nodes, prefer the larger image one",
                &[],
                &["gcr.io/40", "gcr.io/250"],
                two(),
                vec![0, 5],
            ),
            (
                // machine1: 100 × ((40 + 300)/2 − 23) / 1977 = 7.
                "two images on one node, prefer this node",
                &[],
                &["gcr.io/40", "gcr.io/300"],
                two(),
                vec![7, 0],
            ),
            (
                // machine1: 100 × (2000/2 − 23) / 1977 = 49; machine2: 10/2 < 23 → 0.
                "large image on half the nodes",
                &[],
                &["gcr.io/10", "gcr.io/2000"],
                two(),
                vec![49, 0],
            ),
            (
                // machine1: 100 × (2000/3 − 23) / 1977 = 32.
                "a node without images lowers the spread",
                &[],
                &["gcr.io/10", "gcr.io/2000"],
                vec![
                    node_403002000("machine1"),
                    node_25010("machine2"),
                    node("machine3", &[]),
                ],
                vec![32, 0, 0],
            ),
            (
                // Single container, max 1000: 100 × (250 − 23) / 977 = 23 on both.
                "an image on every node counts fully",
                &[],
                &["gcr.io/250"],
                vec![node_25010("machine1"), node_25010("machine2")],
                vec![23, 23],
            ),
            (
                // Init containers count, both in the sum and in the threshold: (150 + 20 − 23) / 1977.
                "init container images count",
                &["gcr.io/300"],
                &["gcr.io/40"],
                two(),
                vec![7, 0],
            ),
            (
                // machine1: 100 × (300/2 − 23) / 1977 = 6; nobody has gcr.io/10:v2.
                "tagged references match their tag only",
                &[],
                &["gcr.io/300:v1", "gcr.io/10:v2"],
                two(),
                vec![6, 0],
            ),
            ("pod images absent everywhere", &[], &["nginx"], two(), vec![0, 0]),
            (
                // 1000 × 2 / 2 = 1000 ≥ 1000 × 1 → clamped to the maximum.
                "clamped to the maximum",
                &[],
                &["gcr.io/2000"],
                vec![node_403002000("machine1"), node_403002000("machine2")],
                vec![100, 100],
            ),
        ];
        for (name, init, images, nodes, want) in cases {
            let got = run(&ImageLocality::new(), &pod(init, images), &nodes);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn index_follows_node_changes() {
        let pl = ImageLocality::new();
        let p = pod(&[], &["gcr.io/250"]);
        // Both nodes have the image: full spread.
        assert_eq!(run(&pl, &p, &[node_25010("a"), node_25010("b")]), vec![23, 23]);
        // b loses the image (a new Node object): spread halves.
        assert_eq!(run(&pl, &p, &[node_25010("a"), node("b", &[])]), vec![10, 0]);
        // b goes away entirely: a is the only node, the image is everywhere again.
        assert_eq!(run(&pl, &p, &[node_25010("a")]), vec![23]);
        let index = pl.index.lock().unwrap();
        assert_eq!(index.nodes.len(), 1);
        assert_eq!(index.spread.get("gcr.io/250:latest"), Some(&1));
    }

    #[test]
    fn helpers() {
        // (input, normalized)
        for (input, want) in [
            ("nginx", "nginx:latest"),
            ("nginx:1.25", "nginx:1.25"),
            ("localhost:5000/app", "localhost:5000/app:latest"),
            ("localhost:5000/app:v1", "localhost:5000/app:v1"),
            ("gcr.io/x@sha256:abcd", "gcr.io/x@sha256:abcd"),
            ("", ":latest"),
        ] {
            assert_eq!(normalized_image_name(input), want, "{input}");
        }
        assert_eq!(calculate_priority(0, 1), 0);
        assert_eq!(calculate_priority(MIN_THRESHOLD, 1), 0);
        assert_eq!(calculate_priority(MAX_CONTAINER_THRESHOLD, 1), 100);
        assert_eq!(calculate_priority(5000 * MB, 2), 100);
        assert_eq!(calculate_priority(0, 0), 0);
    }
}
