//! Pods and everything shared by pod templates: defaulting, validation, QoS.

pub mod defaults;
pub mod image;
pub mod qos;
pub mod validation;
pub mod volumes;

use k8s_openapi::api::core::v1::{Pod, PodStatus, PodTemplate};

use crate::field::{FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::NameRule;

/// Quantity paths of a pod spec under a prefix (`"spec."`, `"spec.template.spec."`, ...).
macro_rules! pod_spec_quantities {
    ($p:literal $(; $($extra:literal),* $(,)?)?) => {
        [
            concat!($p, "containers[].resources.limits.*"),
            concat!($p, "containers[].resources.requests.*"),
            concat!($p, "initContainers[].resources.limits.*"),
            concat!($p, "initContainers[].resources.requests.*"),
            concat!($p, "ephemeralContainers[].resources.limits.*"),
            concat!($p, "ephemeralContainers[].resources.requests.*"),
            concat!($p, "containers[].env[].valueFrom.resourceFieldRef.divisor"),
            concat!($p, "initContainers[].env[].valueFrom.resourceFieldRef.divisor"),
            concat!($p, "overhead.*"),
            concat!($p, "resources.limits.*"),
            concat!($p, "resources.requests.*"),
            concat!($p, "volumes[].emptyDir.sizeLimit"),
            concat!($p, "volumes[].ephemeral.volumeClaimTemplate.spec.resources.limits.*"),
            concat!($p, "volumes[].ephemeral.volumeClaimTemplate.spec.resources.requests.*"),
            concat!($p, "volumes[].downwardAPI.items[].resourceFieldRef.divisor"),
            concat!($p, "volumes[].projected.sources[].downwardAPI.items[].resourceFieldRef.divisor"),
            $($($extra,)*)?
        ]
    };
}
pub(crate) use pod_spec_quantities;

static POD_QUANTITIES: &[&str] = &pod_spec_quantities!("spec.";
    "status.containerStatuses[].allocatedResources.*",
    "status.containerStatuses[].resources.limits.*",
    "status.containerStatuses[].resources.requests.*",
    "status.initContainerStatuses[].allocatedResources.*",
    "status.initContainerStatuses[].resources.limits.*",
    "status.initContainerStatuses[].resources.requests.*");

fn default_pod(p: &mut Pod, create: bool) {
    defaults::pod(p);
    if create {
        defaults::admission(p);
    }
}

fn prepare_pod(p: &mut Pod) {
    let qos = p.spec.as_ref().map(qos::qos_class).unwrap_or("BestEffort");
    p.status = Some(PodStatus {
        phase: Some("Pending".to_string()),
        qos_class: Some(qos.to_string()),
        ..Default::default()
    });
}

/// Pods.
pub static POD: Kind<Pod> = Kind {
    quantities: POD_QUANTITIES,
    default: default_pod,
    prepare: prepare_pod,
    create: validation::validate_pod_create,
    update: validation::validate_pod_update,
};

static POD_TEMPLATE_QUANTITIES: &[&str] = &pod_spec_quantities!("template.spec.");

fn default_pod_template(t: &mut PodTemplate, _create: bool) {
    if let Some(spec) = t.template.as_mut().and_then(|t| t.spec.as_mut()) {
        defaults::pod_spec(spec);
    }
}

fn validate_pod_template(t: &PodTemplate) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&t.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(validation::validate_pod_template_spec(
        &t.template.clone().unwrap_or_default(),
        &Path::new("template"),
        validation::Opts::default(),
    ));
    errs
}

fn validate_pod_template_update(new: &PodTemplate, old: &PodTemplate) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validation::validate_pod_template_spec(
        &new.template.clone().unwrap_or_default(),
        &Path::new("template"),
        validation::Opts::default(),
    ));
    errs
}

/// PodTemplates.
pub static POD_TEMPLATE: Kind<PodTemplate> = Kind {
    quantities: POD_TEMPLATE_QUANTITIES,
    default: default_pod_template,
    prepare: crate::kinds::no_prepare,
    create: validate_pod_template,
    update: validate_pod_template_update,
};
