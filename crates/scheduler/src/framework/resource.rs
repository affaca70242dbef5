//! Resource amounts in scheduler units: millicores, bytes, counts (upstream `framework.Resource`).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

/// Amounts of each resource; cpu in millicores, memory and storage in bytes, scalars in units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resource {
    pub milli_cpu: i64,
    pub memory: i64,
    pub ephemeral_storage: i64,
    pub allowed_pod_number: i64,
    /// Extended resources (`nvidia.com/gpu`), hugepages, attachable volumes.
    pub scalar: BTreeMap<String, i64>,
}

/// Parse a quantity into the unit the scheduler uses for `resource` (millicores for cpu).
pub fn quantity_value(resource: &str, q: &Quantity) -> i64 {
    match skiff_apimachinery::quantity::Quantity::parse(&q.0) {
        Ok(parsed) if resource == "cpu" => parsed.milli_value(),
        Ok(parsed) => parsed.value(),
        Err(_) => 0,
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

    fn add_one(&mut self, name: &str, v: i64) {
        match name {
            "cpu" => self.milli_cpu += v,
            "memory" => self.memory += v,
            "ephemeral-storage" => self.ephemeral_storage += v,
            "pods" => self.allowed_pod_number += v,
            other => *self.scalar.entry(other.to_string()).or_default() += v,
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
}

/// The pod's effective requests, as upstream's `resourcehelper.PodRequests`: the sum over containers,
/// raised to each init container's need (restartable sidecar init containers keep running and add up),
/// plus `spec.overhead`.
pub fn pod_requests(pod: &Pod) -> Resource {
    let Some(spec) = pod.spec.as_ref() else {
        return Resource::default();
    };
    let requests_of = |c: &k8s_openapi::api::core::v1::Container| {
        c.resources
            .as_ref()
            .and_then(|r| r.requests.as_ref())
            .map(Resource::from_list)
            .unwrap_or_default()
    };
    let mut containers = Resource::default();
    for c in &spec.containers {
        containers.add(&requests_of(c));
    }
    let mut sidecars = Resource::default();
    let mut init_max = Resource::default();
    for c in spec.init_containers.iter().flatten() {
        let req = requests_of(c);
        if c.restart_policy.as_deref() == Some("Always") {
            sidecars.add(&req);
            let mut running = sidecars.clone();
            running.set_max(&Resource::default());
            init_max.set_max(&running);
        } else {
            let mut during = sidecars.clone();
            during.add(&req);
            init_max.set_max(&during);
        }
    }
    let mut total = containers;
    total.add(&sidecars);
    total.set_max(&init_max);
    if let Some(overhead) = &spec.overhead {
        total.add(&Resource::from_list(overhead));
    }
    total
}
