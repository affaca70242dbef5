//! ReplicationControllers.

use k8s_openapi::api::core::v1::{PodTemplateSpec, ReplicationController, ReplicationControllerSpec};

use crate::core::pod::{self, pod_spec_quantities, validation};
use crate::field::{self, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

fn default(rc: &mut ReplicationController, _create: bool) {
    let spec = rc.spec.get_or_insert_with(ReplicationControllerSpec::default);
    let labels = spec
        .template
        .as_ref()
        .and_then(|t| t.metadata.as_ref())
        .and_then(|m| m.labels.clone());
    if let Some(labels) = labels {
        if spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
            spec.selector = Some(labels.clone());
        }
        if rc.metadata.labels.as_ref().is_none_or(|l| l.is_empty()) {
            rc.metadata.labels = Some(labels);
        }
    }
    crate::defaulting::value(&mut spec.replicas, 1);
    if let Some(ps) = spec.template.as_mut().and_then(|t| t.spec.as_mut()) {
        pod::defaults::pod_spec(ps);
    }
}

fn prepare(rc: &mut ReplicationController) {
    rc.status = None;
    rc.metadata.generation = Some(1);
}

fn template_for_rc(
    t: Option<&PodTemplateSpec>,
    selector: &std::collections::BTreeMap<String, String>,
    path: &Path,
) -> Vec<FieldErr> {
    let Some(t) = t else {
        return vec![field::required(path, "")];
    };
    let mut errs = Vec::new();
    if !selector.is_empty() {
        let labels = validation::template_labels(t);
        if selector.iter().any(|(k, v)| labels.get(k) != Some(v)) {
            errs.push(field::invalid(
                &path.child("metadata").child("labels"),
                field::string_map(&labels),
                "`selector` does not match template `labels`",
            ));
        }
    }
    errs.extend(validation::validate_pod_template_spec(
        t,
        path,
        validation::Opts::default(),
    ));
    let spec = t.spec.clone().unwrap_or_default();
    let rp = spec.restart_policy.clone().unwrap_or_default();
    if rp != "Always" {
        errs.push(field::not_supported(
            &path.child("spec").child("restartPolicy"),
            rp,
            &["Always"],
        ));
    }
    if spec.active_deadline_seconds.is_some() {
        errs.push(field::forbidden(
            &path.child("spec").child("activeDeadlineSeconds"),
            "activeDeadlineSeconds in ReplicationController is not Supported",
        ));
    }
    errs
}

fn validate_spec(spec: &ReplicationControllerSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = syntax::validate_nonnegative(
        &path.child("minReadySeconds"),
        spec.min_ready_seconds.unwrap_or(0).into(),
    );
    let selector = spec.selector.clone().unwrap_or_default();
    if selector.is_empty() {
        errs.push(field::required(&path.child("selector"), ""));
    }
    errs.extend(syntax::validate_nonnegative(
        &path.child("replicas"),
        spec.replicas.unwrap_or(0).into(),
    ));
    errs.extend(template_for_rc(
        spec.template.as_ref(),
        &selector,
        &path.child("template"),
    ));
    errs
}

fn validate(rc: &ReplicationController) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&rc.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(validate_spec(
        &rc.spec.clone().unwrap_or_default(),
        &Path::new("spec"),
    ));
    errs
}

fn validate_update(new: &ReplicationController, old: &ReplicationController) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_spec(
        &new.spec.clone().unwrap_or_default(),
        &Path::new("spec"),
    ));
    errs
}

/// ReplicationControllers.
pub static REPLICATION_CONTROLLER: Kind<ReplicationController> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
