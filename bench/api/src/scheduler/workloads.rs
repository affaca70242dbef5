//! The workloads, as data: upstream scheduler_perf's shapes and sizes
//! (`test/integration/scheduler_perf/config/performance-config.yaml` and its `templates/`, as of
//! v1.28), and the upstream kube-scheduler v1.28.7 figures measured with that harness on this machine
//! kind (`../shared/notes/baselines.md`).

use serde_json::{json, Value};

/// Namespaces of the initial and of the measured pods (upstream's `sched-0` and `sched-1`; the
/// affinity templates name both in their terms).
pub const INIT_NS: &str = "sched-0";
pub const MEASURE_NS: &str = "sched-1";

const ZONE: &str = "topology.kubernetes.io/zone";
const HOSTNAME: &str = "kubernetes.io/hostname";

/// Upstream's pod templates.
#[derive(Clone, Copy, Debug)]
pub enum Template {
    /// `pod-default.yaml`: pause, requests = limits = 100m / 500Mi.
    Default,
    /// Required anti-affinity to `color: green` per hostname.
    PodAntiAffinity,
    /// Required affinity to `color: blue` per zone.
    PodAffinity,
    /// Preferred (weight 1) affinity to `color: red` per hostname.
    PreferredPodAffinity,
    /// Preferred (weight 1) anti-affinity to `color: yellow` per hostname.
    PreferredPodAntiAffinity,
    /// Required node affinity: zone In [zone1, zone2].
    NodeAffinity,
    /// `maxSkew: 5` over zones, DoNotSchedule, counting `color: blue`.
    TopologySpreading,
    /// `pod-low-priority.yaml`: 900m cpu, terminationGracePeriodSeconds 0, priority 0.
    LowPriority,
    /// `pod-high-priority.yaml`: 3000m cpu, priority 10.
    HighPriority,
}

/// Upstream kube-scheduler on this machine kind: SchedulingThroughput average and
/// `scheduler_pod_scheduling_duration` p50 / p99.
#[derive(Clone, Copy, Debug)]
pub struct Baseline {
    pub pods_per_s: f64,
    pub p50_s: f64,
    pub p99_s: f64,
}

#[derive(Debug)]
pub struct Size {
    pub nodes: usize,
    pub init_pods: usize,
    pub measure_pods: usize,
    pub baseline: Option<Baseline>,
}

#[derive(Debug)]
pub struct Workload {
    pub name: &'static str,
    /// Values of the zone label given to the nodes in turn (empty: no zone label). Every node also
    /// gets `kubernetes.io/hostname`, as upstream's node preparer sets it.
    pub zones: &'static [&'static str],
    pub init: Template,
    pub measured: Template,
    pub sizes: &'static [Size],
}

const fn size(nodes: usize, init_pods: usize, measure_pods: usize, baseline: Option<Baseline>) -> Size {
    Size {
        nodes,
        init_pods,
        measure_pods,
        baseline,
    }
}

const fn base(pods_per_s: f64, p50_s: f64, p99_s: f64) -> Option<Baseline> {
    Some(Baseline {
        pods_per_s,
        p50_s,
        p99_s,
    })
}

use Template::*;

pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "SchedulingBasic",
        zones: &[],
        init: Default,
        measured: Default,
        sizes: &[
            size(500, 500, 1000, base(221.0, 0.29, 1.25)),
            size(5000, 1000, 1000, base(265.0, 1.26, 2.53)),
        ],
    },
    Workload {
        name: "SchedulingPodAntiAffinity",
        zones: &[],
        init: PodAntiAffinity,
        measured: PodAntiAffinity,
        sizes: &[
            size(500, 100, 400, base(128.0, 1.14, 2.53)),
            size(5000, 1000, 1000, base(95.0, 4.56, 10.1)),
        ],
    },
    Workload {
        name: "SchedulingPodAffinity",
        zones: &["zone1"],
        init: PodAffinity,
        measured: PodAffinity,
        sizes: &[
            size(500, 500, 1000, base(113.0, 2.91, 9.78)),
            size(5000, 5000, 1000, base(36.0, 13.7, 40.2)),
        ],
    },
    Workload {
        name: "SchedulingPreferredPodAffinity",
        zones: &[],
        init: PreferredPodAffinity,
        measured: PreferredPodAffinity,
        sizes: &[size(500, 500, 1000, None), size(5000, 5000, 1000, None)],
    },
    Workload {
        // Upstream's v1.28 config points this workload at the preferred *affinity* template (a
        // copy-paste slip fixed later); this uses the anti-affinity one the name means.
        name: "SchedulingPreferredPodAntiAffinity",
        zones: &[],
        init: PreferredPodAntiAffinity,
        measured: PreferredPodAntiAffinity,
        sizes: &[size(500, 500, 1000, None), size(5000, 5000, 1000, None)],
    },
    Workload {
        name: "SchedulingNodeAffinity",
        zones: &["zone1"],
        init: NodeAffinity,
        measured: NodeAffinity,
        sizes: &[
            size(500, 500, 1000, base(179.0, 0.85, 2.42)),
            size(5000, 5000, 1000, base(169.0, 2.50, 5.07)),
        ],
    },
    Workload {
        name: "TopologySpreading",
        zones: &["moon-1", "moon-2", "moon-3"],
        init: Default,
        measured: TopologySpreading,
        sizes: &[
            size(500, 1000, 1000, base(154.0, 2.86, 5.08)),
            size(5000, 5000, 2000, base(65.0, 14.6, 40.3)),
        ],
    },
    Workload {
        // 4 low-priority pods fill 3.6 of a node's 4 cpus; each 3-cpu preemptor evicts 3 of them.
        name: "PreemptionBasic",
        zones: &[],
        init: LowPriority,
        measured: HighPriority,
        sizes: &[size(500, 2000, 500, base(12.0, 30.7, 40.8))],
    },
];

/// Upstream's `node-default.yaml` (pods 110, cpu 4, memory 32Gi, Ready), allocatable = capacity.
pub fn node(name: &str, zone: Option<&str>) -> Value {
    let mut labels = json!({ HOSTNAME: name });
    if let Some(zone) = zone {
        labels[ZONE] = json!(zone);
    }
    let resources = json!({"pods": "110", "cpu": "4", "memory": "32Gi"});
    json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels},
        "spec": {},
        "status": {
            "capacity": resources, "allocatable": resources, "phase": "Running",
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady"}],
        },
    })
}

impl Workload {
    /// The zone label of node `i`, if this workload labels zones.
    pub fn zone_of(&self, i: usize) -> Option<&'static str> {
        (!self.zones.is_empty()).then(|| self.zones[i % self.zones.len()])
    }
}

impl Template {
    pub fn pod(self, ns: &str, name: &str) -> Value {
        let cpu = match self {
            LowPriority => "900m",
            HighPriority => "3",
            _ => "100m",
        };
        let resources = json!({"cpu": cpu, "memory": "500Mi"});
        let mut pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns},
            "spec": {"containers": [{
                "name": "pause", "image": "registry.k8s.io/pause:3.9",
                "ports": [{"containerPort": 80}],
                "resources": {"requests": resources, "limits": resources},
            }]},
        });
        let term = |color: &str, key: &str| {
            json!({"labelSelector": {"matchLabels": {"color": color}}, "topologyKey": key,
                   "namespaces": [MEASURE_NS, INIT_NS]})
        };
        let preferred = |color: &str| json!([{"weight": 1, "podAffinityTerm": term(color, HOSTNAME)}]);
        let (color, extra) = match self {
            Default => (None, json!({})),
            PodAntiAffinity => (
                Some("green"),
                json!({"affinity": {"podAntiAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [term("green", HOSTNAME)]}}}),
            ),
            PodAffinity => (
                Some("blue"),
                json!({"affinity": {"podAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [term("blue", ZONE)]}}}),
            ),
            PreferredPodAffinity => (
                Some("red"),
                json!({"affinity": {"podAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": preferred("red")}}}),
            ),
            PreferredPodAntiAffinity => (
                Some("yellow"),
                json!({"affinity": {"podAntiAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": preferred("yellow")}}}),
            ),
            NodeAffinity => (
                None,
                json!({"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [
                        {"key": ZONE, "operator": "In", "values": ["zone1", "zone2"]}]}]}}}}),
            ),
            TopologySpreading => (
                Some("blue"),
                json!({"topologySpreadConstraints": [{
                    "maxSkew": 5, "topologyKey": ZONE, "whenUnsatisfiable": "DoNotSchedule",
                    "labelSelector": {"matchLabels": {"color": "blue"}}}]}),
            ),
            LowPriority => (None, json!({"terminationGracePeriodSeconds": 0})),
            // Set directly, as upstream's template does (scheduler_perf runs without the Priority
            // admission plugin; Skiff keeps an explicit priority when no class is named).
            HighPriority => (None, json!({"priority": 10})),
        };
        if let Some(color) = color {
            pod["metadata"]["labels"] = json!({ "color": color });
        }
        for (k, v) in extra.as_object().into_iter().flatten() {
            pod["spec"][k] = v.clone();
        }
        pod
    }
}

/// The workloads named in `names` (all when empty), in the order above.
pub fn select(names: &[String]) -> anyhow::Result<Vec<&'static Workload>> {
    for n in names {
        anyhow::ensure!(
            WORKLOADS.iter().any(|w| w.name == n),
            "unknown workload {n}; known: {}",
            WORKLOADS.iter().map(|w| w.name).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(WORKLOADS
        .iter()
        .filter(|w| names.is_empty() || names.iter().any(|n| n == w.name))
        .collect())
}
