//! DaemonSets.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::common::{self, int_or_percent_value, int_or_string_repr};
use crate::core::pod::pod_spec_quantities;
use crate::defaulting;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::selector;
use crate::syntax::NameRule;

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

fn default(ds: &mut DaemonSet, _create: bool) {
    let spec = ds.spec.get_or_insert_with(DaemonSetSpec::default);
    let us = spec
        .update_strategy
        .get_or_insert_with(DaemonSetUpdateStrategy::default);
    defaulting::string(&mut us.type_, "RollingUpdate");
    if us.type_.as_deref() == Some("RollingUpdate") {
        let ru = us
            .rolling_update
            .get_or_insert_with(RollingUpdateDaemonSet::default);
        defaulting::value(&mut ru.max_unavailable, IntOrString::Int(1));
        defaulting::value(&mut ru.max_surge, IntOrString::Int(0));
    }
    defaulting::value(&mut spec.revision_history_limit, 10);
    common::default_template(&mut spec.template);
}

/// Status reset, generation 1 and template generation 1 (stored as the deprecated annotation).
fn prepare(ds: &mut DaemonSet) {
    ds.status = None;
    ds.metadata.generation = Some(1);
    ds.metadata
        .annotations
        .get_or_insert_with(BTreeMap::new)
        .insert("deprecated.daemonset.template.generation".into(), "1".into());
}

fn update_strategy(s: &DaemonSetUpdateStrategy, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    match s.type_.as_deref().unwrap_or_default() {
        "OnDelete" => {}
        "RollingUpdate" => match &s.rolling_update {
            None => errs.push(field::required(&path.child("rollingUpdate"), "")),
            Some(ru) => {
                let rp = path.child("rollingUpdate");
                let zero = IntOrString::Int(0);
                let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
                let ms = ru.max_surge.as_ref().unwrap_or(&zero);
                errs.extend(common::positive_int_or_percent(mu, &rp.child("maxUnavailable")));
                errs.extend(common::positive_int_or_percent(ms, &rp.child("maxSurge")));
                errs.extend(common::not_more_than_100_percent(mu, &rp.child("maxUnavailable")));
                errs.extend(common::not_more_than_100_percent(ms, &rp.child("maxSurge")));
                let (has_u, has_s) = (int_or_percent_value(mu) != 0, int_or_percent_value(ms) != 0);
                if has_u && has_s {
                    errs.push(field::invalid(
                        &rp.child("maxSurge"),
                        int_or_string_repr(ms),
                        "may not be set when maxUnavailable is non-zero",
                    ));
                } else if !has_u && !has_s {
                    errs.push(field::required(
                        &rp.child("maxUnavailable"),
                        "cannot be 0 when maxSurge is 0",
                    ));
                }
            }
        },
        _ => errs.push(field::not_supported(
            path,
            BadValue::json(s),
            &["RollingUpdate", "OnDelete"],
        )),
    }
    errs
}

fn validate_spec(spec: &DaemonSetSpec, path: &Path) -> Vec<FieldErr> {
    let sel = common::present(&spec.selector);
    let tp = path.child("template");
    let mut errs = selector::validate(sel, false, &path.child("selector"));
    errs.extend(common::compiled_selector_matches_template(
        sel,
        &spec.template,
        &tp,
    ));
    errs.extend(common::long_running_template(&spec.template, "DaemonSet", &tp));
    errs.extend(common::nonnegative(
        path,
        "minReadySeconds",
        spec.min_ready_seconds,
    ));
    errs.extend(update_strategy(
        &spec.update_strategy.clone().unwrap_or_default(),
        &path.child("updateStrategy"),
    ));
    errs.extend(common::nonnegative(
        path,
        "revisionHistoryLimit",
        spec.revision_history_limit,
    ));
    errs
}

fn validate(ds: &DaemonSet) -> Vec<FieldErr> {
    meta::validate_with_spec(&ds.metadata, NameRule::Subdomain, ds.spec.as_ref(), validate_spec)
}

fn validate_update(new: &DaemonSet, old: &DaemonSet) -> Vec<FieldErr> {
    common::validate_update_immutable_selector(
        (&new.metadata, new.spec.as_ref()),
        (&old.metadata, old.spec.as_ref()),
        validate_spec,
        |s| &s.selector,
    )
}

/// DaemonSets.
pub static DAEMON_SET: Kind<DaemonSet> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
