//! Validation pieces shared by the workload kinds (upstream `pkg/apis/apps/validation`).

use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::core::pod::validation::{self, template_labels};
use crate::field::{self, BadValue, FieldErr, Path};
use crate::meta::{self, IMMUTABLE};
use crate::selector::{self, Selector};
use crate::syntax;

/// An `intstr.IntOrString` bad value (printed as the number or the quoted string).
pub fn int_or_string_repr(v: &IntOrString) -> BadValue {
    match v {
        IntOrString::Int(i) => BadValue::Int((*i).into()),
        IntOrString::String(s) => BadValue::Str(s.clone()),
    }
}

/// `ValidatePositiveIntOrPercent`.
pub fn positive_int_or_percent(v: &IntOrString, path: &Path) -> Vec<FieldErr> {
    match v {
        IntOrString::String(s) => syntax::is_valid_percent(s)
            .into_iter()
            .map(|m| field::invalid(path, int_or_string_repr(v), m))
            .collect(),
        IntOrString::Int(i) => syntax::validate_nonnegative(path, (*i).into()),
    }
}

fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if syntax::is_valid_percent(s).is_empty() => s[..s.len() - 1].parse().ok(),
        _ => None,
    }
}

/// `getIntOrPercentValue`.
pub fn int_or_percent_value(v: &IntOrString) -> i64 {
    match (percent_value(v), v) {
        (Some(p), _) => p,
        (None, IntOrString::Int(i)) => (*i).into(),
        (None, IntOrString::String(_)) => 0,
    }
}

/// `IsNotMoreThan100Percent`.
pub fn not_more_than_100_percent(v: &IntOrString, path: &Path) -> Vec<FieldErr> {
    match percent_value(v) {
        Some(p) if p > 100 => vec![field::invalid(
            path,
            int_or_string_repr(v),
            "must not be greater than 100%",
        )],
        _ => Vec::new(),
    }
}

/// `ValidateNonnegativeField` on an optional numeric field `name` of the spec at `path` (unset
/// counts as 0, so it is valid).
pub fn nonnegative(path: &Path, name: &str, value: Option<impl Into<i64>>) -> Vec<FieldErr> {
    syntax::validate_nonnegative(&path.child(name), value.map_or(0, Into::into))
}

/// Treats a selector without `matchLabels` and `matchExpressions` as missing: `k8s-openapi`
/// decodes a missing selector of the workload kinds to an empty one.
pub fn present(sel: &LabelSelector) -> Option<&LabelSelector> {
    (!selector::is_empty_selector(sel)).then_some(sel)
}

/// A selector that is required and strictly valid.
pub fn required_selector(sel: Option<&LabelSelector>, path: &Path) -> Vec<FieldErr> {
    match sel {
        None => vec![field::required(path, "")],
        Some(s) => selector::validate(Some(s), false, path),
    }
}

/// The common selector checks: required, strictly valid; returns the compiled selector (`None`
/// when it does not compile).
pub fn selector_checks(
    sel: Option<&LabelSelector>,
    path: &Path,
    errs: &mut Vec<FieldErr>,
) -> Option<Selector> {
    errs.extend(required_selector(sel, path));
    match selector::compile(sel) {
        Ok(s) => Some(s),
        Err(_) => {
            errs.push(field::invalid(
                path,
                selector::repr(sel),
                "invalid label selector",
            ));
            None
        }
    }
}

/// `ValidateReplicaSetSpec`'s (and Deployments') selector and template: `selector` (of the spec at
/// `path`) passes [`selector_checks`], and only then is `template` checked against it.
pub fn selector_and_template(sel: &LabelSelector, t: &PodTemplateSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if let Some(compiled) = selector_checks(present(sel), &path.child("selector"), &mut errs) {
        errs.extend(template_for_replica_set(
            t,
            &compiled,
            "ReplicaSet",
            &path.child("template"),
        ));
    }
    errs
}

/// `ValidatePodTemplateSpecForReplicaSet` (also Deployments, and ReplicationControllers'
/// `ValidatePodTemplateSpecForRC`); `kind` names the owner in the `activeDeadlineSeconds` message.
pub fn template_for_replica_set(
    t: &PodTemplateSpec,
    sel: &Selector,
    kind: &str,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = selector_matches_template(t, sel, path);
    errs.extend(long_running_template(t, kind, path));
    errs
}

/// `ValidatePodTemplateSpec` and [`restart_always`]: the pod template of a long-running workload.
pub fn long_running_template(t: &PodTemplateSpec, kind: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = validation::validate_pod_template_spec(t, path, validation::Opts::default());
    errs.extend(restart_always(t, kind, path));
    errs
}

/// The `selector` must select the template's labels (a selector without requirements selects all).
pub fn selector_matches_template(t: &PodTemplateSpec, sel: &Selector, path: &Path) -> Vec<FieldErr> {
    let labels = template_labels(t);
    if !sel.is_empty() && !sel.matches(&labels) {
        vec![field::invalid(
            &path.child("metadata").child("labels"),
            field::string_map(&labels),
            "`selector` does not match template `labels`",
        )]
    } else {
        Vec::new()
    }
}

/// [`selector_matches_template`] for a selector that may not compile (then there is nothing to
/// check: its own validation reports it).
pub fn compiled_selector_matches_template(
    sel: Option<&LabelSelector>,
    t: &PodTemplateSpec,
    path: &Path,
) -> Vec<FieldErr> {
    selector::compile(sel)
        .map(|compiled| selector_matches_template(t, &compiled, path))
        .unwrap_or_default()
}

/// `restartPolicy` must be `Always` and `activeDeadlineSeconds` unset for long-running workloads.
pub fn restart_always(t: &PodTemplateSpec, kind: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
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
            format!("activeDeadlineSeconds in {kind} is not Supported"),
        ));
    }
    errs
}

/// `ValidateImmutableField` on a label selector (`spec.selector: ... field is immutable`).
pub fn immutable_selector(new: &LabelSelector, old: &LabelSelector, path: &Path) -> Vec<FieldErr> {
    if meta::differs(new, old) {
        vec![field::invalid(path, selector::repr(Some(new)), IMMUTABLE)]
    } else {
        Vec::new()
    }
}

/// The update validation of Deployments, ReplicaSets and DaemonSets: metadata, the new spec, and
/// an immutable `spec.selector`.
pub fn validate_update_immutable_selector<S: Default>(
    (new_meta, new_spec): (&ObjectMeta, Option<&S>),
    (old_meta, old_spec): (&ObjectMeta, Option<&S>),
    validate_spec: fn(&S, &Path) -> Vec<FieldErr>,
    selector_of: fn(&S) -> &LabelSelector,
) -> Vec<FieldErr> {
    let mut errs = meta::validate_update_with_spec(new_meta, old_meta, new_spec, validate_spec);
    let missing = S::default();
    errs.extend(immutable_selector(
        selector_of(new_spec.unwrap_or(&missing)),
        selector_of(old_spec.unwrap_or(&missing)),
        &Path::new("spec").child("selector"),
    ));
    errs
}

/// Pod template defaults for a workload's template.
pub fn default_template(t: &mut PodTemplateSpec) {
    crate::core::pod::defaults::pod_spec(t.spec.get_or_insert_with(Default::default));
}
