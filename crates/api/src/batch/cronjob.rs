//! CronJobs: `SetDefaults_CronJob` and `ValidateCronJobCreate` / `ValidateCronJobUpdate`.

use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, JobTemplateSpec};

use super::{cron, job};
use crate::apps::common;
use crate::core::pod::pod_spec_quantities;
use crate::defaulting;
use crate::field::{self, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::selector;
use crate::syntax::NameRule;

static QUANTITIES: &[&str] = &pod_spec_quantities!("spec.jobTemplate.spec.template.spec.");

fn default(cj: &mut CronJob, _create: bool) {
    let spec = cj.spec.get_or_insert_with(CronJobSpec::default);
    defaulting::string(&mut spec.concurrency_policy, "Allow");
    defaulting::value(&mut spec.suspend, false);
    defaulting::value(&mut spec.successful_jobs_history_limit, 3);
    defaulting::value(&mut spec.failed_jobs_history_limit, 1);
    if let Some(js) = &mut spec.job_template.spec {
        crate::core::pod::defaults::pod_spec(js.template.spec.get_or_insert_with(Default::default));
    }
}

fn prepare(cj: &mut CronJob) {
    cj.status = None;
    cj.metadata.generation = Some(1);
}

fn time_zone(tz: &str, path: &Path) -> Vec<FieldErr> {
    if tz.is_empty() {
        return vec![field::invalid(
            path,
            tz,
            "timeZone must be nil or non-empty string",
        )];
    }
    for part in tz.split('/') {
        let ok = !part.is_empty()
            && part.len() <= 14
            && part != "."
            && part != ".."
            && !part.starts_with('-')
            && part
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".-_+".contains(&c));
        if !ok {
            return vec![field::invalid(path, tz, format!("unknown time zone {tz}"))];
        }
    }
    if tz.eq_ignore_ascii_case("Local") {
        return vec![field::invalid(
            path,
            tz,
            "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones",
        )];
    }
    Vec::new()
}

/// `ValidateJobTemplateSpec`.
fn job_template(t: &JobTemplateSpec, path: &Path) -> Vec<FieldErr> {
    let spec = t.spec.clone().unwrap_or_default();
    let sp = path.child("spec");
    let mut errs = job::validate_job_spec_body(&spec, &sp);
    if spec.selector.is_some() {
        errs.push(field::invalid(
            &sp.child("selector"),
            selector::repr(spec.selector.as_ref()),
            "`selector` will be auto-generated",
        ));
    }
    if spec.manual_selector == Some(true) {
        errs.push(field::not_supported(
            &sp.child("manualSelector"),
            true,
            &["nil", "false"],
        ));
    }
    errs
}

fn validate_spec(spec: &CronJobSpec, old: Option<&CronJobSpec>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let sched_path = path.child("schedule");
    if spec.schedule.is_empty() {
        errs.push(field::required(&sched_path, ""));
    } else {
        if let Err(e) = cron::parse_standard(&spec.schedule) {
            errs.push(field::invalid(&sched_path, &spec.schedule, e));
        }
        let allow_tz = old.is_some_and(|o| o.schedule.contains("TZ"));
        if allow_tz && spec.schedule.contains("TZ") && spec.time_zone.is_some() {
            errs.push(field::invalid(
                &sched_path,
                &spec.schedule,
                "cannot use both timeZone field and TZ or CRON_TZ in schedule",
            ));
        } else if !allow_tz && spec.schedule.contains("TZ") {
            errs.push(field::invalid(
                &sched_path,
                &spec.schedule,
                "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            ));
        }
    }
    errs.extend(common::nonnegative(
        path,
        "startingDeadlineSeconds",
        spec.starting_deadline_seconds,
    ));
    if old.is_none_or(|o| o.time_zone != spec.time_zone) {
        if let Some(tz) = &spec.time_zone {
            errs.extend(time_zone(tz, &path.child("timeZone")));
        }
    }
    match spec.concurrency_policy.as_deref().unwrap_or_default() {
        "Allow" | "Forbid" | "Replace" => {}
        "" => errs.push(field::required(&path.child("concurrencyPolicy"), "")),
        other => errs.push(field::not_supported(
            &path.child("concurrencyPolicy"),
            other,
            &["Allow", "Forbid", "Replace"],
        )),
    }
    errs.extend(job_template(&spec.job_template, &path.child("jobTemplate")));
    errs.extend(common::nonnegative(
        path,
        "successfulJobsHistoryLimit",
        spec.successful_jobs_history_limit,
    ));
    errs.extend(common::nonnegative(
        path,
        "failedJobsHistoryLimit",
        spec.failed_jobs_history_limit,
    ));
    errs
}

fn validate(cj: &CronJob) -> Vec<FieldErr> {
    let mut errs = meta::validate_with_spec(&cj.metadata, NameRule::Subdomain, cj.spec.as_ref(), |s, p| {
        validate_spec(s, None, p)
    });
    let name = cj.metadata.name.clone().unwrap_or_default();
    if name.len() > 52 {
        errs.push(field::invalid(
            &Path::new("metadata").child("name"),
            name,
            "must be no more than 52 characters",
        ));
    }
    errs
}

fn validate_update(new: &CronJob, old: &CronJob) -> Vec<FieldErr> {
    let os = old.spec.clone().unwrap_or_default();
    meta::validate_update_with_spec(&new.metadata, &old.metadata, new.spec.as_ref(), |s, p| {
        validate_spec(s, Some(&os), p)
    })
}

/// CronJobs.
pub static CRON_JOB: Kind<CronJob> = Kind {
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

    #[test]
    fn defaults_and_schedule() {
        let mut cj: CronJob = serde_json::from_value(json!({
            "metadata": {"name": "hello", "namespace": "default"},
            "spec": {"schedule": "*/1 * * * *", "jobTemplate": {"spec": {"template": {"spec": {
                "restartPolicy": "OnFailure", "containers": [{"name": "hello", "image": "busybox:1.36"}]}}}}}
        }))
        .unwrap();
        default(&mut cj, true);
        let v = serde_json::to_value(&cj).unwrap();
        assert_eq!(v["spec"]["concurrencyPolicy"], "Allow");
        assert_eq!(v["spec"]["successfulJobsHistoryLimit"], 3);
        assert_eq!(v["spec"]["failedJobsHistoryLimit"], 1);
        assert_eq!(v["spec"]["suspend"], false);
        assert!(v["spec"]["jobTemplate"]["spec"].get("backoffLimit").is_none());
        assert!(validate(&cj).is_empty(), "{:?}", validate(&cj));
        cj.spec.as_mut().unwrap().schedule = "every minute".into();
        let errs: Vec<String> = validate(&cj).iter().map(|e| e.to_string()).collect();
        assert_eq!(errs, vec!["spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every minute]"]);
    }
}
