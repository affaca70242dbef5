//! DaemonSets.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::common::{self, int_or_percent_value, int_or_string_repr};
use crate::core::pod::{pod_spec_quantities, validation};
use crate::defaulting;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::selector;
use crate::syntax::{self, NameRule};

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
    let sp = path.child("selector");
    let sel = common::present(&spec.selector);
    let mut errs = selector::validate(sel, false, &sp);
    if let Ok(compiled) = selector::compile(sel) {
        if !compiled.matches(&validation::template_labels(&spec.template)) {
            errs.push(field::invalid(
                &path.child("template").child("metadata").child("labels"),
                field::string_map(&validation::template_labels(&spec.template)),
                "`selector` does not match template `labels`",
            ));
        }
    }
    errs.extend(validation::validate_pod_template_spec(
        &spec.template,
        &path.child("template"),
        validation::Opts::default(),
    ));
    errs.extend(common::restart_always(
        &spec.template,
        "DaemonSet",
        &path.child("template"),
    ));
    errs.extend(syntax::validate_nonnegative(
        &path.child("minReadySeconds"),
        spec.min_ready_seconds.unwrap_or(0).into(),
    ));
    errs.extend(update_strategy(
        &spec.update_strategy.clone().unwrap_or_default(),
        &path.child("updateStrategy"),
    ));
    if let Some(r) = spec.revision_history_limit {
        errs.extend(syntax::validate_nonnegative(
            &path.child("revisionHistoryLimit"),
            r.into(),
        ));
    }
    errs
}

fn validate(ds: &DaemonSet) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&ds.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(validate_spec(
        &ds.spec.clone().unwrap_or_default(),
        &Path::new("spec"),
    ));
    errs
}

fn validate_update(new: &DaemonSet, old: &DaemonSet) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let ns = new.spec.clone().unwrap_or_default();
    errs.extend(validate_spec(&ns, &Path::new("spec")));
    let os = old.spec.clone().unwrap_or_default();
    errs.extend(common::immutable_selector(
        &ns.selector,
        &os.selector,
        &Path::new("spec").child("selector"),
    ));
    errs
}

/// DaemonSets.
pub static DAEMON_SET: Kind<DaemonSet> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};
