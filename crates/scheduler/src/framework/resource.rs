//! Resource amounts in scheduler units: millicores, bytes, counts (upstream `framework.Resource`), and
//! a pod's effective requests (upstream `k8s.io/component-helpers/resource.PodRequests`).
//!
//! Requests are aggregated as exact quantities, as upstream sums `resource.Quantity` values, and only
//! then converted to integers (cpu rounded up to millicores, everything else rounded up to units).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{Container, ContainerStatus, Pod};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use skiff_apimachinery::quantity::{Format, Quantity as Exact};

use super::node_info::{DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST};

/// Amounts of each resource; cpu in millicores, memory and storage in bytes, scalars in units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resource {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    pub allowed_pod_number: i64,
    /// Extended resources (`nvidia.com/gpu`), hugepages, `*kubernetes.io/*` and attachable volumes
    /// (upstream `IsScalarResourceName`); other names are dropped, as upstream does.
    pub scalar: BTreeMap<String, i64>,
}

/// Parse a quantity into the unit the scheduler uses for `resource` (millicores for cpu).
pub fn quantity_value(resource: &str, q: &Quantity) -> i64 {
    match Exact::parse(&q.0) {
        Ok(parsed) => exact_value(resource, &parsed),
        Err(_) => 0,
    }
}

fn exact_value(resource: &str, q: &Exact) -> i64 {
    if resource == "cpu" {
        q.milli_value()
    } else {
        q.value()
    }
}

impl Resource {
    /// From a resource list (`requests`, `limits`, `allocatable`).
    pub fn from_list(list: &BTreeMap<String, Quantity>) -> Resource {
        let mut r = Resource::default();
        for (name, q) in list {
            r.add_one(name, quantity_value(name, q));
        }
        r
    }

    fn from_exact_list(list: &ResourceList) -> Resource {
        let mut r = Resource::default();
        for (name, q) in list {
            r.add_one(name, exact_value(name, q));
        }
        r
    }

    fn add_one(&mut self, name: &str, v: i64) {
        match name {
            "cpu" => self.milli_cpu += v,
            "memory" => self.memory += v,
            "ephemeral-storage" => self.ephemeral_storage += v,
            "pods" => self.allowed_pod_number += v,
            other if is_scalar_resource_name(other) => {
                *self.scalar.entry(other.to_string()).or_default() += v
            }
            _ => {}
        }
    }

    pub fn add(&mut self, other: &Resource) {
        self.milli_cpu += other.milli_cpu;
        self.memory += other.memory;
        self.ephemeral_storage += other.ephemeral_storage;
        self.allowed_pod_number += other.allowed_pod_number;
        for (k, v) in &other.scalar {
            *self.scalar.entry(k.clone()).or_default() += v;
        }
    }

    pub fn sub(&mut self, other: &Resource) {
        self.milli_cpu -= other.milli_cpu;
        self.memory -= other.memory;
        self.ephemeral_storage -= other.ephemeral_storage;
        self.allowed_pod_number -= other.allowed_pod_number;
        for (k, v) in &other.scalar {
            *self.scalar.entry(k.clone()).or_default() -= v;
        }
    }

    /// Element-wise maximum.
    pub fn set_max(&mut self, other: &Resource) {
        self.milli_cpu = self.milli_cpu.max(other.milli_cpu);
        self.memory = self.memory.max(other.memory);
        self.ephemeral_storage = self.ephemeral_storage.max(other.ephemeral_storage);
        self.allowed_pod_number = self.allowed_pod_number.max(other.allowed_pod_number);
        for (k, v) in &other.scalar {
            let e = self.scalar.entry(k.clone()).or_default();
            *e = (*e).max(*v);
        }
    }

    /// The amount of a named resource.
    pub fn get(&self, name: &str) -> i64 {
        match name {
            "cpu" => self.milli_cpu,
            "memory" => self.memory,
            "ephemeral-storage" => self.ephemeral_storage,
            "pods" => self.allowed_pod_number,
            other => self.scalar.get(other).copied().unwrap_or(0),
        }
    }

    /// True when no cpu, memory or ephemeral storage is asked for and no scalar is named at all
    /// (upstream Fit's "the pod requests nothing" shortcut: a scalar named with 0 still counts).
    pub fn is_empty_request(&self) -> bool {
        self.milli_cpu == 0 && self.memory == 0 && self.ephemeral_storage == 0 && self.scalar.is_empty()
    }
}

/// `hugepages-<size>` (upstream `IsHugePageResourceName`).
pub fn is_hugepage_resource_name(name: &str) -> bool {
    name.starts_with("hugepages-")
}

/// `attachable-volumes-*` (upstream `IsAttachableVolumeResourceName`).
pub fn is_attachable_volume_resource_name(name: &str) -> bool {
    name.starts_with("attachable-volumes-")
}

/// A name in the `kubernetes.io` domain or a subdomain of it (upstream `IsPrefixedNativeResource`).
pub fn is_prefixed_native_resource(name: &str) -> bool {
    name.contains("kubernetes.io/")
}

/// Unprefixed names and `*kubernetes.io/` names (upstream `IsNativeResource`).
pub fn is_native_resource(name: &str) -> bool {
    !name.contains('/') || is_prefixed_native_resource(name)
}

/// A vendor resource such as `nvidia.com/gpu` (upstream `IsExtendedResourceName`): not native, not
/// a quota `requests.` name, and a qualified name once prefixed with `requests.`.
pub fn is_extended_resource_name(name: &str) -> bool {
    if is_native_resource(name) || name.starts_with("requests.") {
        return false;
    }
    skiff_apimachinery::validation::is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// Resources the scheduler tracks as integer scalars (upstream `schedutil.IsScalarResourceName`).
pub fn is_scalar_resource_name(name: &str) -> bool {
    is_extended_resource_name(name)
        || is_hugepage_resource_name(name)
        || is_prefixed_native_resource(name)
        || is_attachable_volume_resource_name(name)
}

/// A resource list with exact amounts, as upstream's `v1.ResourceList` while aggregating.
type ResourceList = BTreeMap<String, Exact>;

fn parse_list(list: Option<&BTreeMap<String, Quantity>>) -> ResourceList {
    list.into_iter()
        .flatten()
        .map(|(name, q)| (name.clone(), Exact::parse(&q.0).unwrap_or_default()))
        .collect()
}

/// `list += other`, key by key (upstream `addResourceList`).
fn add_list(list: &mut ResourceList, other: &ResourceList) {
    for (name, q) in other {
        match list.get_mut(name) {
            Some(v) => *v = v.add(q),
            None => {
                list.insert(name.clone(), q.clone());
            }
        }
    }
}

/// `list = max(list, other)`, key by key (upstream `maxResourceList`).
fn max_list(list: &mut ResourceList, other: &ResourceList) {
    for (name, q) in other {
        match list.get_mut(name) {
            Some(v) if *q > *v => *v = q.clone(),
            Some(_) => {}
            None => {
                list.insert(name.clone(), q.clone());
            }
        }
    }
}

/// How to compute a pod's requests (upstream `PodResourcesOptions`, the parts the scheduler uses).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PodResourcesOptions {
    /// Take in-place resize into account: a container's requests are the maximum of its spec, its
    /// `status.resources.requests` and its `allocatedResources` (only `allocatedResources` and the
    /// status when the pod's `PodResizePending` condition says `Infeasible`). Upstream does this for
    /// pods already on a node when InPlacePodVerticalScaling is on (beta, on by default in 1.33).
    pub use_status_resources: bool,
    /// Pod-level `spec.resources.requests` replace the containers' cpu, memory and hugepages
    /// (PodLevelResources: alpha, off by default in 1.33).
    pub pod_level_resources: bool,
    /// Leave `spec.overhead` out.
    pub exclude_overhead: bool,
    /// A container (init containers included) that names no cpu or no memory request counts as
    /// 100m cpu / 200Mi memory; an explicit `0` stays 0 (upstream `NonMissingContainerRequests`
    /// with `schedutil.DefaultMilliCPURequest` / `DefaultMemoryRequest`, used for scoring).
    pub non_zero_defaults: bool,
}

impl PodResourcesOptions {
    /// What upstream 1.33 uses for pods in a NodeInfo: status resources on, pod-level off.
    pub const NODE_INFO: PodResourcesOptions = PodResourcesOptions {
        use_status_resources: true,
        pod_level_resources: false,
        exclude_overhead: false,
        non_zero_defaults: false,
    };
}

fn is_restartable(c: &Container) -> bool {
    c.restart_policy.as_deref() == Some("Always")
}

fn is_pod_resize_infeasible(pod: &Pod) -> bool {
    pod.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|cs| cs.iter().find(|c| c.type_ == "PodResizePending"))
        .is_some_and(|c| c.reason.as_deref() == Some("Infeasible"))
}

fn container_requests(c: &Container) -> ResourceList {
    parse_list(c.resources.as_ref().and_then(|r| r.requests.as_ref()))
}

/// Upstream `determineContainerReqs`: the spec, raised to what the kubelet reports and allocated.
fn status_requests(infeasible: bool, c: &Container, cs: &ContainerStatus) -> ResourceList {
    let mut out = if infeasible {
        ResourceList::new()
    } else {
        container_requests(c)
    };
    max_list(
        &mut out,
        &parse_list(cs.resources.as_ref().and_then(|r| r.requests.as_ref())),
    );
    max_list(&mut out, &parse_list(cs.allocated_resources.as_ref()));
    out
}

fn non_zero_defaults() -> ResourceList {
    let mut l = ResourceList::new();
    l.insert(
        "cpu".into(),
        Exact::new_milli(DEFAULT_MILLI_CPU_REQUEST, Format::DecimalSI),
    );
    l.insert(
        "memory".into(),
        Exact::new(DEFAULT_MEMORY_REQUEST, Format::DecimalSI),
    );
    l
}

fn is_supported_pod_level_resource(name: &str) -> bool {
    name == "cpu" || name == "memory" || is_hugepage_resource_name(name)
}

/// The pod's effective requests as exact quantities (upstream `resourcehelper.PodRequests`):
/// the sum over containers plus restartable (sidecar) init containers, raised to what each init
/// container needs while it runs (itself plus the sidecars started before it), pod-level requests
/// if enabled, plus `spec.overhead`.
fn pod_request_list(pod: &Pod, opts: &PodResourcesOptions) -> ResourceList {
    let Some(spec) = pod.spec.as_ref() else {
        return ResourceList::new();
    };
    let statuses: BTreeMap<&str, &ContainerStatus> = if opts.use_status_resources {
        pod.status
            .iter()
            .flat_map(|s| {
                s.container_statuses
                    .iter()
                    .flatten()
                    .chain(s.init_container_statuses.iter().flatten())
            })
            .map(|cs| (cs.name.as_str(), cs))
            .collect()
    } else {
        BTreeMap::new()
    };
    let infeasible = opts.use_status_resources && is_pod_resize_infeasible(pod);
    let defaults = opts.non_zero_defaults.then(non_zero_defaults);
    let effective = |c: &Container, from_status: bool| {
        let mut reqs = match statuses.get(c.name.as_str()) {
            Some(cs) if from_status && cs.resources.is_some() => status_requests(infeasible, c, cs),
            _ => container_requests(c),
        };
        if let Some(defaults) = &defaults {
            for (name, q) in defaults {
                reqs.entry(name.clone()).or_insert_with(|| q.clone());
            }
        }
        reqs
    };

    let mut reqs = ResourceList::new();
    for c in &spec.containers {
        add_list(&mut reqs, &effective(c, true));
    }
    let mut sidecars = ResourceList::new();
    let mut init_peak = ResourceList::new();
    for c in spec.init_containers.iter().flatten() {
        // Only restartable init containers can be resized in place.
        let own = effective(c, is_restartable(c));
        if is_restartable(c) {
            add_list(&mut reqs, &own);
            add_list(&mut sidecars, &own);
            max_list(&mut init_peak, &sidecars);
        } else {
            let mut running = own;
            add_list(&mut running, &sidecars);
            max_list(&mut init_peak, &running);
        }
    }
    max_list(&mut reqs, &init_peak);

    if opts.pod_level_resources {
        let pod_level = spec.resources.as_ref().and_then(|r| r.requests.as_ref());
        if pod_level.is_some_and(|l| l.keys().any(|k| is_supported_pod_level_resource(k))) {
            for (name, q) in parse_list(pod_level) {
                if is_supported_pod_level_resource(&name) {
                    reqs.insert(name, q);
                }
            }
        }
    }
    if !opts.exclude_overhead {
        add_list(&mut reqs, &parse_list(spec.overhead.as_ref()));
    }
    reqs
}

/// The pod's effective requests under `opts`.
pub fn pod_requests_with(pod: &Pod, opts: &PodResourcesOptions) -> Resource {
    Resource::from_exact_list(&pod_request_list(pod, opts))
}

/// The pod's effective requests as upstream 1.33 counts them for a NodeInfo
/// ([`PodResourcesOptions::NODE_INFO`]): containers, init containers and sidecars, in-place resize
/// status, overhead. For a pod not yet running this is exactly what Fit's PreFilter computes.
pub fn pod_requests(pod: &Pod) -> Resource {
    pod_requests_with(pod, &PodResourcesOptions::NODE_INFO)
}

/// The pod's requests with upstream's non-zero defaults applied per container (100m cpu, 200Mi
/// memory for each container that names none), as upstream's `NodeInfo.NonZeroRequested` and the
/// LeastAllocated / MostAllocated / RequestedToCapacityRatio scorers count a pod. Only cpu and
/// memory differ from [`pod_requests`].
pub fn non_zero_requests(pod: &Pod) -> Resource {
    pod_requests_with(
        pod,
        &PodResourcesOptions {
            non_zero_defaults: true,
            ..PodResourcesOptions::NODE_INFO
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::testing::PodBuilder;
    use k8s_openapi::api::core::v1::{ContainerStatus, PodCondition, PodStatus, ResourceRequirements};

    fn list(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
            .collect()
    }

    fn container(name: &str, reqs: &[(&str, &str)]) -> Container {
        Container {
            name: name.into(),
            resources: (!reqs.is_empty()).then(|| ResourceRequirements {
                requests: Some(list(reqs)),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn sidecar(name: &str, reqs: &[(&str, &str)]) -> Container {
        Container {
            restart_policy: Some("Always".into()),
            ..container(name, reqs)
        }
    }

    fn pod(containers: Vec<Container>, init: Vec<Container>) -> Pod {
        PodBuilder::new("p")
            .with_spec(|s| {
                s.containers = containers;
                s.init_containers = (!init.is_empty()).then_some(init);
            })
            .build()
    }

    fn cpu_mem(milli_cpu: i64, memory: i64) -> Resource {
        Resource {
            milli_cpu,
            memory,
            ..Default::default()
        }
    }

    #[test]
    fn pod_requests_table() {
        struct Case {
            name: &'static str,
            pod: Pod,
            want: Resource,
        }
        let with_overhead = {
            let mut p = pod(vec![container("c", &[("cpu", "1m"), ("memory", "1")])], vec![]);
            p.spec.as_mut().unwrap().overhead = Some(list(&[("cpu", "3m"), ("memory", "13")]));
            p
        };
        let cases = vec![
            Case {
                name: "no containers",
                pod: pod(vec![], vec![]),
                want: Resource::default(),
            },
            Case {
                name: "containers add up",
                pod: pod(
                    vec![
                        container("a", &[("cpu", "1"), ("memory", "1G")]),
                        container("b", &[("cpu", "500m"), ("memory", "1Gi")]),
                    ],
                    vec![],
                ),
                want: cpu_mem(1500, 1_000_000_000 + (1 << 30)),
            },
            Case {
                // upstream's computePodResourceRequest doc example
                name: "init containers larger than containers: max, not sum",
                pod: pod(
                    vec![
                        container("c1", &[("cpu", "2"), ("memory", "1G")]),
                        container("c2", &[("cpu", "1"), ("memory", "1G")]),
                    ],
                    vec![
                        container("i1", &[("cpu", "2"), ("memory", "1G")]),
                        container("i2", &[("cpu", "2"), ("memory", "3G")]),
                    ],
                ),
                want: cpu_mem(3000, 3_000_000_000),
            },
            Case {
                name: "sidecars run alongside the containers and the later init containers",
                // init phase: s1 = 1, i1 = 1 + 5 = 6, s2 = 1 + 2 = 3; running: 1 + 1 + 2 = 4
                pod: pod(
                    vec![container("c", &[("cpu", "1")])],
                    vec![
                        sidecar("s1", &[("cpu", "1")]),
                        container("i1", &[("cpu", "5")]),
                        sidecar("s2", &[("cpu", "2")]),
                    ],
                ),
                want: cpu_mem(6000, 0),
            },
            Case {
                name: "sidecars dominate when init containers are small",
                pod: pod(
                    vec![container("c", &[("cpu", "1")])],
                    vec![
                        sidecar("s1", &[("cpu", "1")]),
                        container("i1", &[("cpu", "1")]),
                        sidecar("s2", &[("cpu", "2")]),
                    ],
                ),
                want: cpu_mem(4000, 0),
            },
            Case {
                name: "overhead is added",
                pod: with_overhead,
                want: cpu_mem(4, 14),
            },
            Case {
                name: "extended and hugepages are scalars, unknown names are dropped",
                pod: pod(
                    vec![container(
                        "c",
                        &[
                            ("nvidia.com/gpu", "2"),
                            ("hugepages-2Mi", "4Mi"),
                            ("example.com/aaa", "0"),
                            ("storage", "1Gi"),
                        ],
                    )],
                    vec![],
                ),
                want: Resource {
                    scalar: [
                        ("example.com/aaa".to_string(), 0),
                        ("hugepages-2Mi".to_string(), 4 << 20),
                        ("nvidia.com/gpu".to_string(), 2),
                    ]
                    .into_iter()
                    .collect(),
                    ..Default::default()
                },
            },
            Case {
                name: "sub-millicore amounts are summed exactly before rounding up",
                pod: pod(
                    vec![
                        container("a", &[("cpu", "0.5m")]),
                        container("b", &[("cpu", "0.5m")]),
                    ],
                    vec![],
                ),
                want: cpu_mem(1, 0),
            },
        ];
        for c in cases {
            assert_eq!(pod_requests(&c.pod), c.want, "{}", c.name);
        }
    }

    #[test]
    fn non_zero_defaults_apply_per_container() {
        let mi = 1024 * 1024;
        let cases = vec![
            ("no containers", pod(vec![], vec![]), cpu_mem(0, 0)),
            (
                "two empty containers",
                pod(vec![container("a", &[]), container("b", &[])], vec![]),
                cpu_mem(200, 400 * mi),
            ),
            (
                "explicit zero is kept, the missing one defaults",
                pod(vec![container("a", &[("cpu", "0")])], vec![]),
                cpu_mem(0, 200 * mi),
            ),
            (
                "one container with requests, one without",
                pod(
                    vec![
                        container("a", &[("cpu", "1"), ("memory", "1Gi")]),
                        container("b", &[]),
                    ],
                    vec![],
                ),
                cpu_mem(1100, 1024 * mi + 200 * mi),
            ),
            (
                "an init container without requests defaults too",
                pod(
                    vec![container("a", &[("cpu", "50m"), ("memory", "10Mi")])],
                    vec![container("i", &[])],
                ),
                cpu_mem(100, 200 * mi),
            ),
        ];
        for (name, p, want) in cases {
            let got = non_zero_requests(&p);
            assert_eq!(
                (got.milli_cpu, got.memory),
                (want.milli_cpu, want.memory),
                "{name}"
            );
        }
    }

    #[test]
    fn in_place_resize_status_raises_requests() {
        let mut p = pod(vec![container("c", &[("cpu", "1")])], vec![]);
        p.status = Some(PodStatus {
            container_statuses: Some(vec![ContainerStatus {
                name: "c".into(),
                resources: Some(ResourceRequirements {
                    requests: Some(list(&[("cpu", "2")])),
                    ..Default::default()
                }),
                allocated_resources: Some(list(&[("cpu", "1500m")])),
                ..Default::default()
            }]),
            ..Default::default()
        });
        assert_eq!(pod_requests(&p).milli_cpu, 2000);
        // The scheduler's PreFilter view of an unscheduled pod ignores status.
        assert_eq!(
            pod_requests_with(&p, &PodResourcesOptions::default()).milli_cpu,
            1000
        );
        // A spec larger than the status (resize in progress) wins...
        p.spec.as_mut().unwrap().containers[0] = container("c", &[("cpu", "3")]);
        assert_eq!(pod_requests(&p).milli_cpu, 3000);
        // ...unless the resize is infeasible: then what the kubelet reports counts.
        p.status.as_mut().unwrap().conditions = Some(vec![PodCondition {
            type_: "PodResizePending".into(),
            status: "True".into(),
            reason: Some("Infeasible".into()),
            ..Default::default()
        }]);
        assert_eq!(pod_requests(&p).milli_cpu, 2000);
    }

    #[test]
    fn pod_level_requests_replace_cpu_memory_and_hugepages() {
        let mut p = pod(
            vec![container(
                "c",
                &[("cpu", "1m"), ("memory", "1"), ("nvidia.com/gpu", "1")],
            )],
            vec![],
        );
        p.spec.as_mut().unwrap().resources = Some(ResourceRequirements {
            requests: Some(list(&[("cpu", "7m"), ("memory", "2"), ("hugepages-2Mi", "5")])),
            ..Default::default()
        });
        let on = PodResourcesOptions {
            pod_level_resources: true,
            ..Default::default()
        };
        let got = pod_requests_with(&p, &on);
        assert_eq!((got.milli_cpu, got.memory), (7, 2));
        assert_eq!(got.scalar.get("hugepages-2Mi"), Some(&5));
        assert_eq!(got.scalar.get("nvidia.com/gpu"), Some(&1));
        // Off (the 1.33 default): the containers count.
        assert_eq!(pod_requests(&p).milli_cpu, 1);
    }

    #[test]
    fn resource_name_classes() {
        assert!(is_extended_resource_name("nvidia.com/gpu"));
        assert!(is_extended_resource_name("example.com/aaa"));
        assert!(!is_extended_resource_name("kubernetes.io/something"));
        assert!(!is_extended_resource_name("subdomain.kubernetes.io/something"));
        assert!(!is_extended_resource_name("requests.example.com/x"));
        assert!(!is_extended_resource_name("cpu"));
        assert!(is_scalar_resource_name("subdomain.kubernetes.io/something"));
        assert!(is_scalar_resource_name("hugepages-1Gi"));
        assert!(is_scalar_resource_name("attachable-volumes-csi-x"));
        assert!(!is_scalar_resource_name("storage"));
    }
}
