//! The node resource plugins (upstream `pkg/scheduler/framework/plugins/noderesources`):
//! [`fit::NodeResourcesFit`] (PreFilter/Filter: does the pod's request fit what the node has left;
//! PreScore/Score: LeastAllocated, MostAllocated or RequestedToCapacityRatio) and
//! [`balanced_allocation::NodeResourcesBalancedAllocation`] (PreScore/Score: prefer nodes whose
//! resource fractions stay close to each other).
//!
//! Both take their arguments in the upstream KubeSchedulerConfiguration format
//! (`kubescheduler.config.k8s.io/v1` `NodeResourcesFitArgs`, `NodeResourcesBalancedAllocationArgs`),
//! decoded, defaulted and validated once by `from_json`. The pod's requests come from
//! [`crate::framework::resource`]; the scoring functions live in [`scoring`].

pub mod balanced_allocation;
pub mod fit;
pub mod scoring;

pub use balanced_allocation::{NodeResourcesBalancedAllocation, NodeResourcesBalancedAllocationArgs};
pub use fit::{FitFeatures, InsufficientResource, NodeResourcesFit, NodeResourcesFitArgs};
pub use scoring::{ScoringStrategy, ScoringStrategyType};

use std::fmt;

/// The `apiVersion` plugin args may carry.
pub const CONFIG_API_VERSION: &str = "kubescheduler.config.k8s.io/v1";

/// Upstream `defaultResourceSpec`: cpu and memory, weight 1 each.
pub fn default_resources() -> Vec<(String, i64)> {
    vec![("cpu".to_string(), 1), ("memory".to_string(), 1)]
}

/// Which kind of field error (upstream `field.ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldErrorKind {
    Invalid,
    NotSupported,
    Required,
    Duplicate,
}

/// One validation failure, printed as upstream's `field.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub kind: FieldErrorKind,
    /// The field path, e.g. `scoringStrategy.resources[0].weight`.
    pub field: String,
    /// The offending value, as printed.
    pub value: String,
    pub detail: String,
}

impl FieldError {
    pub fn invalid(field: impl Into<String>, value: impl fmt::Display, detail: impl Into<String>) -> Self {
        FieldError {
            kind: FieldErrorKind::Invalid,
            field: field.into(),
            value: value.to_string(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FieldErrorKind::Invalid => {
                write!(
                    f,
                    "{}: Invalid value: {}: {}",
                    self.field, self.value, self.detail
                )
            }
            FieldErrorKind::NotSupported => write!(
                f,
                "{}: Unsupported value: {:?}: supported values: {}",
                self.field, self.value, self.detail
            ),
            FieldErrorKind::Required => write!(f, "{}: Required value: {}", self.field, self.detail),
            FieldErrorKind::Duplicate => write!(f, "{}: Duplicate value: {:?}", self.field, self.value),
        }
    }
}

/// Plugin arguments that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ArgsError {
    /// Not the upstream shape: wrong JSON types, unknown fields, another apiVersion or kind.
    #[error("decoding {kind}: {message}")]
    Decode { kind: &'static str, message: String },
    /// Decoded, but fails upstream's validation (all failures, as upstream aggregates them).
    #[error("{}", join_errors(.0))]
    Invalid(Vec<FieldError>),
}

fn join_errors(errs: &[FieldError]) -> String {
    match errs {
        [one] => one.to_string(),
        many => format!(
            "[{}]",
            many.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl ArgsError {
    /// The field errors, if this is a validation failure.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ArgsError::Invalid(errs) => errs,
            ArgsError::Decode { .. } => &[],
        }
    }
}

/// Decode plugin args: `null` means all defaults; `apiVersion` and `kind`, when present, must be the
/// upstream ones; everything else goes to `T` (which denies unknown fields, as upstream's strict
/// decoding does).
pub(crate) fn decode_args<T>(kind: &'static str, value: &serde_json::Value) -> Result<T, ArgsError>
where
    T: serde::de::DeserializeOwned + Default,
{
    let decode_err = |message: String| ArgsError::Decode { kind, message };
    let mut value = value.clone();
    if value.is_null() {
        return Ok(T::default());
    }
    let Some(obj) = value.as_object_mut() else {
        return Err(decode_err(format!("expected an object, got {value}")));
    };
    if let Some(v) = obj.remove("apiVersion") {
        if v.as_str() != Some(CONFIG_API_VERSION) {
            return Err(decode_err(format!(
                "apiVersion {v} is not {CONFIG_API_VERSION:?}"
            )));
        }
    }
    if let Some(v) = obj.remove("kind") {
        if v.as_str() != Some(kind) {
            return Err(decode_err(format!("kind {v} is not {kind:?}")));
        }
    }
    serde_json::from_value(value).map_err(|e| decode_err(e.to_string()))
}

/// `{name, weight}` in plugin args (upstream `ResourceSpec`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawResourceSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub weight: i64,
}

/// Upstream v1 defaulting of a resource list: none given means cpu and memory; weight 0 means 1.
pub(crate) fn default_resource_specs(raw: Option<Vec<RawResourceSpec>>) -> Vec<(String, i64)> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        return default_resources();
    }
    raw.into_iter()
        .map(|r| (r.name, if r.weight == 0 { 1 } else { r.weight }))
        .collect()
}

/// Fixtures shared by the plugins' tests (upstream `fit_test.go`'s `newResourcePod` & co).
#[cfg(test)]
pub(crate) mod testutil {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use k8s_openapi::api::core::v1::{Container, Node, Pod, ResourceRequirements};
    use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use crate::framework::{NodeInfo, PodInfo};

    pub fn list(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
            .collect()
    }

    pub fn container(name: &str, reqs: &[(&str, &str)]) -> Container {
        Container {
            name: name.into(),
            resources: Some(ResourceRequirements {
                requests: Some(list(reqs)),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A pod with one container per entry of `usage` (upstream `newResourcePod`); no entries means
    /// no containers at all (upstream's `st.MakePod().Obj()`).
    pub fn resource_pod(usage: &[&[(&str, &str)]]) -> Pod {
        let containers = usage
            .iter()
            .enumerate()
            .map(|(i, reqs)| container(&format!("c{i}"), reqs))
            .collect();
        PodBuilder::new("p")
            .with_spec(|s| s.containers = containers)
            .build()
    }

    /// Upstream `newResourceInitPod`: the same pod with init containers, one per entry.
    pub fn with_init(mut pod: Pod, usage: &[&[(&str, &str)]]) -> Pod {
        let init = usage
            .iter()
            .enumerate()
            .map(|(i, reqs)| container(&format!("i{i}"), reqs))
            .collect();
        pod.spec.as_mut().unwrap().init_containers = Some(init);
        pod
    }

    /// Add a restartable (sidecar) init container.
    pub fn with_sidecar(mut pod: Pod, reqs: &[(&str, &str)]) -> Pod {
        let spec = pod.spec.as_mut().unwrap();
        let init = spec.init_containers.get_or_insert_with(Vec::new);
        let mut c = container(&format!("s{}", init.len()), reqs);
        c.restart_policy = Some("Always".into());
        init.push(c);
        pod
    }

    pub fn with_overhead(mut pod: Pod, overhead: &[(&str, &str)]) -> Pod {
        pod.spec.as_mut().unwrap().overhead = Some(list(overhead));
        pod
    }

    pub fn node(name: &str, allocatable: &[(&str, &str)]) -> Node {
        allocatable
            .iter()
            .fold(NodeBuilder::new(name), |b, (k, v)| b.cap(k, v))
            .build()
    }

    pub fn node_info(node: Node, pods: Vec<Pod>) -> NodeInfo {
        let mut ni = NodeInfo::new(node);
        for (i, mut p) in pods.into_iter().enumerate() {
            p.metadata.uid = Some(format!("uid-{i}"));
            ni.add_pod(Arc::new(PodInfo::new(p)));
        }
        ni
    }
}
