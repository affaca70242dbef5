//! Jobs: `SetDefaults_Job` (1.33), the strategy's selector generation, and `ValidateJob` /
//! `ValidateJobUpdate`.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::apps::common;
use crate::core::pod::{self, pod_spec_quantities, validation};
use crate::defaulting;
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::selector;
use crate::syntax::{self, NameRule};

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.template.spec.");

/// Labels the Job controller relies on.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";

/// `SetDefaults_Job` (the job-level fields); the pod template gets pod-spec defaults.
pub fn default_spec(spec: &mut JobSpec) {
    if spec.completions.is_none() && spec.parallelism.is_none() {
        spec.completions = Some(1);
        spec.parallelism = Some(1);
    }
    defaulting::value(&mut spec.parallelism, 1);
    if spec.backoff_limit.is_none() {
        spec.backoff_limit = Some(if spec.backoff_limit_per_index.is_some() {
            i32::MAX
        } else {
            6
        });
    }
    defaulting::value(&mut spec.completion_mode, "NonIndexed".to_string());
    defaulting::value(&mut spec.suspend, false);
    if let Some(pfp) = &mut spec.pod_failure_policy {
        for rule in &mut pfp.rules {
            for pattern in rule.on_pod_conditions.iter_mut().flatten() {
                if pattern.status.is_empty() {
                    pattern.status = "True".into();
                }
            }
        }
    }
    if spec.pod_replacement_policy.is_none() {
        let policy = if spec.pod_failure_policy.is_some() {
            "Failed"
        } else {
            "TerminatingOrFailed"
        };
        spec.pod_replacement_policy = Some(policy.into());
    }
    pod::defaults::pod_spec(spec.template.spec.get_or_insert_with(Default::default));
}

fn copy_template_labels(job: &mut Job) {
    let labels = job
        .spec
        .as_ref()
        .and_then(|s| s.template.metadata.as_ref())
        .and_then(|m| m.labels.clone());
    if let Some(labels) = labels {
        if job.metadata.labels.as_ref().is_none_or(|l| l.is_empty()) {
            job.metadata.labels = Some(labels);
        }
    }
}

fn default(job: &mut Job, create: bool) {
    default_spec(job.spec.get_or_insert_with(JobSpec::default));
    copy_template_labels(job);
    if create {
        generate_selector(job);
    }
}

/// The strategy's `generateSelector`: unless `manualSelector`, label the pod template with the
/// job's name and uid and select on the uid. Needs `metadata.uid`; does nothing without it.
pub fn generate_selector(job: &mut Job) {
    let (Some(uid), name) = (
        job.metadata.uid.clone().filter(|u| !u.is_empty()),
        job.metadata.name.clone().unwrap_or_default(),
    ) else {
        return;
    };
    let Some(spec) = &mut job.spec else { return };
    if spec.manual_selector == Some(true) {
        return;
    }
    let labels = spec
        .template
        .metadata
        .get_or_insert_with(ObjectMeta::default)
        .labels
        .get_or_insert_with(BTreeMap::new);
    for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        labels.entry(key.to_string()).or_insert_with(|| name.clone());
    }
    for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        labels.entry(key.to_string()).or_insert_with(|| uid.clone());
    }
    let sel = spec.selector.get_or_insert_with(LabelSelector::default);
    sel.match_labels
        .get_or_insert_with(BTreeMap::new)
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert(uid);
}

fn prepare(job: &mut Job) {
    job.status = None;
    job.metadata.generation = Some(1);
    generate_selector(job);
    copy_template_labels(job);
}

fn has_label(meta: Option<&ObjectMeta>, path: &Path, key: &str, want: &str) -> Vec<FieldErr> {
    let labels = meta.and_then(|m| m.labels.clone()).unwrap_or_default();
    let lp = path.child("labels").key(key);
    match labels.get(key) {
        None => vec![field::required(&lp, format!("must be '{want}'"))],
        Some(v) if v != want => vec![field::invalid(
            &lp,
            field::string_map(&labels),
            format!("must be '{want}'"),
        )],
        _ => Vec::new(),
    }
}

/// `validateGeneratedSelector` with prefixed labels required (new Jobs).
fn generated_selector(job: &Job) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(spec) = &job.spec else { return errs };
    if spec.manual_selector == Some(true) || spec.selector.is_none() {
        return errs;
    }
    let uid = job.metadata.uid.clone().unwrap_or_default();
    let name = job.metadata.name.clone().unwrap_or_default();
    if uid.is_empty() {
        errs.push(field::required(&Path::new("metadata").child("uid"), ""));
    }
    let tp = Path::new("spec").child("template").child("metadata");
    let tmeta = spec.template.metadata.as_ref();
    errs.extend(has_label(tmeta, &tp, LEGACY_CONTROLLER_UID_LABEL, &uid));
    errs.extend(has_label(tmeta, &tp, LEGACY_JOB_NAME_LABEL, &name));
    errs.extend(has_label(tmeta, &tp, CONTROLLER_UID_LABEL, &uid));
    errs.extend(has_label(tmeta, &tp, JOB_NAME_LABEL, &name));
    let expected: BTreeMap<String, String> = [
        (CONTROLLER_UID_LABEL, &uid),
        (JOB_NAME_LABEL, &name),
        (LEGACY_CONTROLLER_UID_LABEL, &uid),
        (LEGACY_JOB_NAME_LABEL, &name),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    if let Ok(sel) = selector::compile(spec.selector.as_ref()) {
        if !sel.matches(&expected) {
            errs.push(field::invalid(
                &Path::new("spec").child("selector"),
                selector::repr(spec.selector.as_ref()),
                "`selector` not auto-generated",
            ));
        }
    }
    errs
}

fn parse_interval(s: &str, completions: i32) -> Result<(i32, i32), String> {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            field::go_quote(s)
        ));
    }
    let num = |p: &str| -> Result<i32, String> {
        let x: i64 = p.parse().map_err(|_| {
            format!(
                "cannot convert string to integer for index: {}",
                field::go_quote(p)
            )
        })?;
        if x >= i64::from(completions) {
            return Err(format!("too large index: {}", field::go_quote(p)));
        }
        Ok(i32::try_from(x).unwrap_or(i32::MAX))
    };
    let x = num(parts[0])?;
    if parts.len() == 2 {
        let y = num(parts[1])?;
        if x >= y {
            return Err(format!("non-increasing order, previous: {x}, current: {y}"));
        }
        return Ok((x, y));
    }
    Ok((x, x))
}

fn indexes_format(s: &str, completions: i32) -> Result<i32, String> {
    if s.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i32> = None;
    let mut total = 0;
    for interval in s.split(',') {
        let (x, y) = parse_interval(interval, completions)?;
        if let Some(l) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// `validateJobSpec` (everything but the selector).
pub fn validate_job_spec_body(spec: &JobSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = common::nonnegative(path, "parallelism", spec.parallelism);
    errs.extend(common::nonnegative(path, "completions", spec.completions));
    errs.extend(common::nonnegative(
        path,
        "activeDeadlineSeconds",
        spec.active_deadline_seconds,
    ));
    errs.extend(common::nonnegative(path, "backoffLimit", spec.backoff_limit));
    errs.extend(common::nonnegative(
        path,
        "ttlSecondsAfterFinished",
        spec.ttl_seconds_after_finished,
    ));
    errs.extend(common::nonnegative(
        path,
        "backoffLimitPerIndex",
        spec.backoff_limit_per_index,
    ));
    errs.extend(common::nonnegative(
        path,
        "maxFailedIndexes",
        spec.max_failed_indexes,
    ));
    if spec.max_failed_indexes.is_some() && spec.backoff_limit_per_index.is_none() {
        errs.push(field::required(
            &path.child("backoffLimitPerIndex"),
            "when maxFailedIndexes is specified",
        ));
    }
    if let Some(mb) = &spec.managed_by {
        errs.extend(syntax::validate_domain_prefixed_path(
            &path.child("managedBy"),
            mb,
        ));
        if mb.len() > 63 {
            errs.push(field::too_long(&path.child("managedBy"), 63));
        }
    }
    let mode = spec.completion_mode.as_deref();
    if let Some(m) = mode {
        if m != "NonIndexed" && m != "Indexed" {
            errs.push(field::not_supported(
                &path.child("completionMode"),
                m,
                &["NonIndexed", "Indexed"],
            ));
        }
        if m == "Indexed" {
            if spec.completions.is_none() {
                errs.push(field::required(
                    &path.child("completions"),
                    "when completion mode is Indexed",
                ));
            }
            if let Some(p) = spec.parallelism.filter(|p| *p > 100_000) {
                errs.push(field::invalid(
                    &path.child("parallelism"),
                    p,
                    "must be less than or equal to 100000 when completion mode is Indexed",
                ));
            }
            if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes) {
                if m > c {
                    errs.push(field::invalid(
                        &path.child("maxFailedIndexes"),
                        m,
                        "must be less than or equal to completions",
                    ));
                }
            }
            if let Some(m) = spec.max_failed_indexes.filter(|m| *m > 100_000) {
                errs.push(field::invalid(
                    &path.child("maxFailedIndexes"),
                    m,
                    "must be less than or equal to 100000",
                ));
            }
            if spec.completions.is_some_and(|c| c > 100_000) && spec.backoff_limit_per_index.is_some() {
                if spec.max_failed_indexes.is_none() {
                    errs.push(field::required(
                        &path.child("maxFailedIndexes"),
                        "must be specified when completions is above 100000",
                    ));
                }
                if let Some(p) = spec.parallelism.filter(|p| *p > 10_000) {
                    errs.push(field::invalid(
                        &path.child("parallelism"),
                        p,
                        "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
                    ));
                }
                if let Some(m) = spec.max_failed_indexes.filter(|m| *m > 10_000) {
                    errs.push(field::invalid(
                        &path.child("maxFailedIndexes"),
                        m,
                        "must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index",
                    ));
                }
            }
        }
    }
    if mode.is_none_or(|m| m == "NonIndexed") {
        if let Some(b) = spec.backoff_limit_per_index {
            errs.push(field::invalid(
                &path.child("backoffLimitPerIndex"),
                b,
                "requires indexed completion mode",
            ));
        }
        if let Some(m) = spec.max_failed_indexes {
            errs.push(field::invalid(
                &path.child("maxFailedIndexes"),
                m,
                "requires indexed completion mode",
            ));
        }
    }
    if let Some(pfp) = &spec.pod_failure_policy {
        errs.extend(pod_failure_policy(
            spec,
            &pfp.rules,
            &path.child("podFailurePolicy"),
        ));
    }
    if let Some(sp) = &spec.success_policy {
        let spp = path.child("successPolicy");
        if mode != Some("Indexed") {
            errs.push(field::invalid(
                &spp,
                BadValue::json(sp),
                "requires indexed completion mode",
            ));
        } else {
            let rp = spp.child("rules");
            if sp.rules.is_empty() {
                errs.push(field::required(
                    &rp,
                    "at least one rules must be specified when the successPolicy is specified",
                ));
            }
            if sp.rules.len() > 20 {
                errs.push(field::too_many(&rp, sp.rules.len(), 20));
            }
            let completions = spec.completions.unwrap_or(0);
            for (i, rule) in sp.rules.iter().enumerate() {
                let p = rp.index(i);
                if rule.succeeded_count.is_none() && rule.succeeded_indexes.is_none() {
                    errs.push(field::required(
                        &p,
                        "at least one of succeededCount or succeededIndexes must be specified",
                    ));
                }
                let mut total = 0;
                if let Some(idx) = &rule.succeeded_indexes {
                    let ip = p.child("succeededIndexes");
                    if idx.len() > 64 * 1024 {
                        errs.push(field::too_long(&ip, 64 * 1024));
                    }
                    match indexes_format(idx, completions) {
                        Ok(t) => total = t,
                        Err(e) => errs.push(field::invalid(
                            &ip,
                            idx,
                            format!("error parsing succeededIndexes: {e}"),
                        )),
                    }
                }
                if let Some(c) = rule.succeeded_count {
                    let cp = p.child("succeededCount");
                    errs.extend(syntax::validate_nonnegative(&cp, c.into()));
                    if c > completions {
                        errs.push(field::invalid(&cp, c, format!("must be less than or equal to {completions} (the number of specified completions)")));
                    }
                    if rule.succeeded_indexes.is_some() && c > total {
                        errs.push(field::invalid(&cp, c, format!("must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)")));
                    }
                }
            }
        }
    }
    if let Some(prp) = &spec.pod_replacement_policy {
        let p = path.child("podReplacementPolicy");
        if spec.pod_failure_policy.is_some() {
            if prp != "Failed" {
                errs.push(field::not_supported(&p, prp, &["Failed"]));
            }
        } else if prp != "Failed" && prp != "TerminatingOrFailed" {
            errs.push(field::not_supported(&p, prp, &["Failed", "TerminatingOrFailed"]));
        }
    }
    errs.extend(validation::validate_pod_template_spec(
        &spec.template,
        &path.child("template"),
        validation::Opts::default(),
    ));
    let rp = spec
        .template
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.clone())
        .unwrap_or_default();
    let rpp = path.child("template").child("spec").child("restartPolicy");
    if rp == "Always" || rp.is_empty() {
        errs.push(field::required(&rpp, "valid values: \"OnFailure\", \"Never\""));
    } else if rp != "OnFailure" && rp != "Never" {
        errs.push(field::not_supported(&rpp, rp, &["OnFailure", "Never"]));
    } else if spec.pod_failure_policy.is_some() && rp != "Never" {
        errs.push(field::invalid(
            &rpp,
            rp,
            "only \"Never\" is supported when podFailurePolicy is specified",
        ));
    }
    errs
}

fn pod_failure_policy(
    spec: &JobSpec,
    rules: &[k8s_openapi::api::batch::v1::PodFailurePolicyRule],
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let rp = path.child("rules");
    if rules.len() > 20 {
        errs.push(field::too_many(&rp, rules.len(), 20));
    }
    let ts = spec.template.spec.clone().unwrap_or_default();
    let names: BTreeSet<String> = ts
        .containers
        .iter()
        .chain(ts.init_containers.iter().flatten())
        .map(|c| c.name.clone())
        .collect();
    let actions = ["Count", "FailIndex", "FailJob", "Ignore"];
    for (i, rule) in rules.iter().enumerate() {
        let p = rp.index(i);
        let ap = p.child("action");
        if rule.action.is_empty() {
            errs.push(field::required(
                &ap,
                "valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]",
            ));
        } else if rule.action == "FailIndex" {
            if spec.backoff_limit_per_index.is_none() {
                errs.push(field::invalid(
                    &ap,
                    &rule.action,
                    "requires the backoffLimitPerIndex to be set",
                ));
            }
        } else if !actions.contains(&rule.action.as_str()) {
            errs.push(field::not_supported(&ap, &rule.action, &actions));
        }
        if let Some(oec) = &rule.on_exit_codes {
            let ep = p.child("onExitCodes");
            let ops = ["In", "NotIn"];
            if oec.operator.is_empty() {
                errs.push(field::required(
                    &ep.child("operator"),
                    "valid values: [\"In\" \"NotIn\"]",
                ));
            } else if !ops.contains(&oec.operator.as_str()) {
                errs.push(field::not_supported(&ep.child("operator"), &oec.operator, &ops));
            }
            if let Some(c) = &oec.container_name {
                if !names.contains(c) {
                    errs.push(field::invalid(
                        &ep.child("containerName"),
                        c,
                        "must be one of the container or initContainer names in the pod template",
                    ));
                }
            }
            let vp = ep.child("values");
            let values_repr = BadValue::json(&oec.values);
            if oec.values.is_empty() {
                errs.push(field::invalid(
                    &vp,
                    values_repr.clone(),
                    "at least one value is required",
                ));
            } else if oec.values.len() > 255 {
                errs.push(field::too_many(&vp, oec.values.len(), 255));
            }
            let mut seen = BTreeSet::new();
            let mut ordered = true;
            for (j, v) in oec.values.iter().enumerate() {
                if oec.operator == "In" && *v == 0 {
                    errs.push(field::invalid(
                        &vp.index(j),
                        *v,
                        "must not be 0 for the In operator",
                    ));
                }
                if !seen.insert(*v) {
                    errs.push(field::duplicate(&vp.index(j), *v));
                }
                if j > 0 && oec.values[j - 1] > *v {
                    ordered = false;
                }
            }
            if !ordered {
                errs.push(field::invalid(&vp, values_repr, "must be ordered"));
            }
        }
        let conds = rule.on_pod_conditions.as_deref().unwrap_or_default();
        if !conds.is_empty() {
            let cp = p.child("onPodConditions");
            if conds.len() > 20 {
                errs.push(field::too_many(&cp, conds.len(), 20));
            }
            for (j, pat) in conds.iter().enumerate() {
                let pp = cp.index(j);
                errs.extend(syntax::validate_qualified_name(&pp.child("type"), &pat.type_));
                let statuses = ["False", "True", "Unknown"];
                if pat.status.is_empty() {
                    errs.push(field::required(
                        &pp.child("status"),
                        "valid values: [\"False\" \"True\" \"Unknown\"]",
                    ));
                } else if !statuses.contains(&pat.status.as_str()) {
                    errs.push(field::not_supported(&pp.child("status"), &pat.status, &statuses));
                }
            }
        }
        if rule.on_exit_codes.is_some() && !conds.is_empty() {
            errs.push(field::invalid(
                &p,
                BadValue::Omit,
                "specifying both OnExitCodes and OnPodConditions is not supported",
            ));
        }
        if rule.on_exit_codes.is_none() && conds.is_empty() {
            errs.push(field::invalid(
                &p,
                BadValue::Omit,
                "specifying one of OnExitCodes and OnPodConditions is required",
            ));
        }
    }
    errs
}

/// `ValidateJobSpec`: the body plus the selector checks.
fn validate_spec(spec: &JobSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = validate_job_spec_body(spec, path);
    errs.extend(common::required_selector(
        spec.selector.as_ref(),
        &path.child("selector"),
    ));
    if spec.selector.is_some() {
        errs.extend(common::compiled_selector_matches_template(
            spec.selector.as_ref(),
            &spec.template,
            &path.child("template"),
        ));
    }
    errs
}

fn validate(job: &Job) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&job.metadata, NameRule::Subdomain, &Path::new("metadata"));
    errs.extend(generated_selector(job));
    let spec = job.spec.clone().unwrap_or_default();
    errs.extend(validate_spec(&spec, &Path::new("spec")));
    if spec.completion_mode.as_deref() == Some("Indexed") {
        if let Some(c) = spec.completions.filter(|c| *c > 0) {
            let name = job.metadata.name.clone().unwrap_or_default();
            let host = format!("{name}-{}", c - 1);
            if !syntax::is_dns1123_label(&host).is_empty() {
                errs.push(field::invalid(
                    &Path::new("metadata").child("name"),
                    &name,
                    format!("will not able to create pod with invalid DNS label: {host}"),
                ));
            }
        }
    }
    errs
}

fn validate_update(new: &Job, old: &Job) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let sp = Path::new("spec");
    let ns = new.spec.clone().unwrap_or_default();
    let os = old.spec.clone().unwrap_or_default();
    errs.extend(validate_spec(&ns, &sp));
    let immutable = |errs: &mut Vec<FieldErr>, changed: bool, name: &str, value: BadValue| {
        if changed {
            errs.push(field::invalid(&sp.child(name), value, meta::IMMUTABLE));
        }
    };
    // Completions: mutable only for Indexed Jobs, in step with parallelism (ElasticIndexedJob).
    if ns.completions != os.completions {
        if ns.completion_mode.as_deref() != Some("Indexed") {
            immutable(&mut errs, true, "completions", ns.completions.into());
        } else if let Some(c) = ns.completions {
            if Some(c) != ns.parallelism {
                errs.push(field::invalid(
                    &sp.child("completions"),
                    c,
                    "can only be modified in tandem with spec.parallelism",
                ));
            }
        }
    }
    use crate::meta::differs;
    immutable(
        &mut errs,
        differs(&ns.selector, &os.selector),
        "selector",
        selector::repr(ns.selector.as_ref()),
    );
    let mut old_template = os.template.clone();
    let started = old.status.as_ref().and_then(|s| s.start_time.as_ref()).is_some();
    if os.suspend == Some(true) && !started {
        let (nt, ot) = (&ns.template, &mut old_template);
        let new_spec = nt.spec.clone().unwrap_or_default();
        let ots = ot.spec.get_or_insert_with(Default::default);
        match (&new_spec.affinity, &mut ots.affinity) {
            (None, Some(a)) => {
                a.node_affinity = None;
                if serde_json::to_value(&*a).is_ok_and(|v| v == serde_json::json!({})) {
                    ots.affinity = None;
                }
            }
            (Some(na), None) => {
                ots.affinity = Some(k8s_openapi::api::core::v1::Affinity {
                    node_affinity: na.node_affinity.clone(),
                    ..Default::default()
                })
            }
            (Some(na), Some(oa)) => oa.node_affinity = na.node_affinity.clone(),
            (None, None) => {}
        }
        ots.node_selector = new_spec.node_selector.clone();
        ots.tolerations = new_spec.tolerations.clone();
        ots.scheduling_gates = new_spec.scheduling_gates.clone();
        let om = ot.metadata.get_or_insert_with(Default::default);
        let nm = nt.metadata.clone().unwrap_or_default();
        om.annotations = nm.annotations;
        om.labels = nm.labels;
    }
    immutable(
        &mut errs,
        differs(&ns.template, &old_template),
        "template",
        BadValue::json(&ns.template),
    );
    immutable(
        &mut errs,
        ns.completion_mode != os.completion_mode,
        "completionMode",
        ns.completion_mode.clone().into(),
    );
    immutable(
        &mut errs,
        differs(&ns.pod_failure_policy, &os.pod_failure_policy),
        "podFailurePolicy",
        BadValue::json(&ns.pod_failure_policy),
    );
    immutable(
        &mut errs,
        ns.backoff_limit_per_index != os.backoff_limit_per_index,
        "backoffLimitPerIndex",
        ns.backoff_limit_per_index.into(),
    );
    immutable(
        &mut errs,
        ns.managed_by != os.managed_by,
        "managedBy",
        ns.managed_by.clone().into(),
    );
    immutable(
        &mut errs,
        differs(&ns.success_policy, &os.success_policy),
        "successPolicy",
        BadValue::json(&ns.success_policy),
    );
    errs
}

/// Jobs.
pub static JOB: Kind<Job> = Kind {
    quantities: QUANTITIES,
    default,
    prepare,
    create: validate,
    update: validate_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn job(v: serde_json::Value) -> Job {
        let mut j: Job = serde_json::from_value(v).unwrap();
        default(&mut j, true);
        prepare(&mut j);
        j
    }

    fn msgs(e: Vec<FieldErr>) -> Vec<String> {
        e.into_iter().map(|e| e.to_string()).collect()
    }

    fn pi() -> serde_json::Value {
        json!({"metadata": {"name": "pi", "namespace": "default", "uid": "0b5c7a1e-1111-2222-3333-444455556666"},
            "spec": {"template": {"spec": {"restartPolicy": "Never",
                "containers": [{"name": "pi", "image": "perl:5.34.0", "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]}]}},
                "backoffLimit": 4}})
    }

    #[test]
    fn defaults_and_selector() {
        let j = job(pi());
        let v = serde_json::to_value(&j).unwrap();
        let s = &v["spec"];
        assert_eq!(s["completions"], 1);
        assert_eq!(s["parallelism"], 1);
        assert_eq!(s["backoffLimit"], 4);
        assert_eq!(s["completionMode"], "NonIndexed");
        assert_eq!(s["suspend"], false);
        assert_eq!(s["podReplacementPolicy"], "TerminatingOrFailed");
        assert_eq!(
            s["selector"],
            json!({"matchLabels": {"batch.kubernetes.io/controller-uid": "0b5c7a1e-1111-2222-3333-444455556666"}})
        );
        assert_eq!(s["template"]["metadata"]["labels"]["job-name"], "pi");
        assert_eq!(v["metadata"]["labels"]["batch.kubernetes.io/job-name"], "pi");
        assert!(validate(&j).is_empty(), "{:?}", msgs(validate(&j)));
    }

    #[test]
    fn restart_policy_required() {
        let mut v = pi();
        v["spec"]["template"]["spec"]
            .as_object_mut()
            .unwrap()
            .remove("restartPolicy");
        let j = job(v);
        assert_eq!(
            msgs(validate(&j)),
            vec!["spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""]
        );
    }

    #[test]
    fn template_is_immutable() {
        let mut old = job(pi());
        old.metadata.resource_version = Some("1".into());
        let mut new = old.clone();
        new.spec
            .as_mut()
            .unwrap()
            .template
            .spec
            .as_mut()
            .unwrap()
            .containers[0]
            .image = Some("perl:5.36".into());
        let errs = msgs(validate_update(&new, &old));
        assert_eq!(errs.len(), 1);
        assert!(
            errs[0].starts_with("spec.template: Invalid value: {\"metadata\":"),
            "{errs:?}"
        );
        assert!(errs[0].ends_with(": field is immutable"), "{errs:?}");
        let mut scaled = old.clone();
        scaled.spec.as_mut().unwrap().parallelism = Some(3);
        assert!(validate_update(&scaled, &old).is_empty());
    }
}
