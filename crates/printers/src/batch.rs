//! Jobs and CronJobs.

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::selector::format_label_selector;
use crate::util::{
    arr_at, at, col, has, int_at, len_at, name, opt_int, opt_str, since, str_at, time_at, wide, workload_row,
    AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN,
};
use crate::{human_duration_signed, Column, Printer, Row};

const JOB_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Status", "string", "Status of the job."),
    col("Completions", "string", docs::JOB_SUCCEEDED),
    col("Duration", "string", "Time required to complete the job."),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::JOB_SELECTOR),
];

pub(crate) const JOB: Printer = Printer {
    columns: JOB_COLUMNS,
    row: job,
};

/// `hasJobCondition`: the first condition of the type has status True.
fn job_condition(job: &Value, type_: &str) -> bool {
    arr_at(job, "/status/conditions")
        .iter()
        .find(|c| str_at(c, "/type") == type_)
        .is_some_and(|c| str_at(c, "/status") == "True")
}

fn job_status(job: &Value) -> &'static str {
    if job_condition(job, "Complete") {
        "Complete"
    } else if job_condition(job, "Failed") {
        "Failed"
    } else if has(job, "/metadata/deletionTimestamp") {
        "Terminating"
    } else if job_condition(job, "Suspended") {
        "Suspended"
    } else if job_condition(job, "FailureTarget") {
        "FailureTarget"
    } else {
        "Running"
    }
}

fn job(job: &Value, now: Timestamp) -> Row {
    let succeeded = int_at(job, "/status/succeeded");
    let completions = match opt_int(job, "/spec/completions") {
        Some(c) => format!("{succeeded}/{c}"),
        None => match int_at(job, "/spec/parallelism") {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    };
    let duration = match (
        time_at(job, "/status/startTime"),
        time_at(job, "/status/completionTime"),
    ) {
        (None, _) => String::new(),
        (Some(start), None) => human_duration_signed(now.duration_since(start)),
        (Some(start), Some(end)) => human_duration_signed(end.duration_since(start)),
    };
    let cells = vec![
        name(job).into(),
        job_status(job).into(),
        completions.into(),
        duration.into(),
    ];
    let selector = format_label_selector(at(job, "/spec/selector"));
    workload_row(cells, job, now, "/spec/template", Some(selector))
}

const CRON_JOB_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Schedule", "string", docs::CRON_SCHEDULE),
    col("Timezone", "string", docs::CRON_TIME_ZONE),
    col("Suspend", "boolean", docs::CRON_SUSPEND),
    col("Active", "integer", docs::CRON_ACTIVE),
    col("Last Schedule", "string", docs::CRON_LAST_SCHEDULE),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    wide("Selector", "string", docs::JOB_SELECTOR),
];

pub(crate) const CRON_JOB: Printer = Printer {
    columns: CRON_JOB_COLUMNS,
    row: cron_job,
};

fn cron_job(cj: &Value, now: Timestamp) -> Row {
    // `printBoolPtr`: a string cell, although the column says boolean.
    let suspend = match at(cj, "/spec/suspend").and_then(Value::as_bool) {
        Some(true) => "True",
        Some(false) => "False",
        None => "<unset>",
    };
    let last_schedule = match time_at(cj, "/status/lastScheduleTime") {
        Some(t) => since(Some(t), now),
        None => "<none>".to_string(),
    };
    let cells = vec![
        name(cj).into(),
        str_at(cj, "/spec/schedule").into(),
        opt_str(cj, "/spec/timeZone").unwrap_or("<none>").into(),
        suspend.into(),
        len_at(cj, "/status/active").into(),
        last_schedule.into(),
    ];
    let selector = format_label_selector(at(cj, "/spec/jobTemplate/spec/selector"));
    workload_row(cells, cj, now, "/spec/jobTemplate/spec/template", Some(selector))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::test_now;
    use serde_json::json;

    fn job_obj(spec: Value, status: Value, deleted: bool) -> Value {
        let mut j = json!({"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": "pi", "creationTimestamp": "2025-05-01T11:50:00Z"},
            "spec": {"selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "4c1a"}},
                "template": {"spec": {"containers": [{"name": "pi", "image": "perl:5.34"}]}}},
            "status": status});
        for (k, v) in spec.as_object().unwrap() {
            j["spec"][k] = v.clone();
        }
        if deleted {
            j["metadata"]["deletionTimestamp"] = json!("2025-05-01T11:59:00Z");
        }
        j
    }

    fn cond(t: &str, s: &str) -> Value {
        json!({"type": t, "status": s, "lastTransitionTime": "2025-05-01T11:55:00Z"})
    }

    #[test]
    fn jobs() {
        let cases = vec![
            (
                job_obj(
                    json!({"completions": 1, "parallelism": 1}),
                    json!({"startTime": "2025-05-01T11:50:00Z", "completionTime": "2025-05-01T11:50:42Z",
                        "succeeded": 1, "conditions": [cond("SuccessCriteriaMet", "True"), cond("Complete", "True")]}),
                    false,
                ),
                ["Complete", "1/1", "42s"],
            ),
            (
                job_obj(
                    json!({"completions": 5, "parallelism": 2}),
                    json!({"startTime": "2025-05-01T11:50:00Z", "active": 2, "succeeded": 2}),
                    false,
                ),
                ["Running", "2/5", "10m"],
            ),
            (
                job_obj(
                    json!({"parallelism": 3}),
                    json!({"startTime": "2025-05-01T11:59:00Z"}),
                    false,
                ),
                ["Running", "0/1 of 3", "60s"],
            ),
            (job_obj(json!({}), json!({}), false), ["Running", "0/1", ""]),
            (
                job_obj(
                    json!({"completions": 1, "backoffLimit": 0}),
                    json!({"startTime": "2025-05-01T11:50:00Z", "failed": 1,
                        "conditions": [cond("FailureTarget", "True"), cond("Failed", "True")]}),
                    false,
                ),
                ["Failed", "0/1", "10m"],
            ),
            (
                job_obj(
                    json!({"completions": 1}),
                    json!({"startTime": "2025-05-01T11:50:00Z", "conditions": [cond("FailureTarget", "True")]}),
                    false,
                ),
                ["FailureTarget", "0/1", "10m"],
            ),
            (
                job_obj(
                    json!({"completions": 1, "suspend": true}),
                    json!({"conditions": [cond("Suspended", "True")]}),
                    false,
                ),
                ["Suspended", "0/1", ""],
            ),
            (
                job_obj(
                    json!({"completions": 1}),
                    json!({"conditions": [cond("Suspended", "True")]}),
                    true,
                ),
                ["Terminating", "0/1", ""],
            ),
            (
                job_obj(
                    json!({"completions": 1}),
                    json!({"conditions": [cond("Complete", "True")], "succeeded": 1,
                        "startTime": "2025-05-01T11:50:00Z", "completionTime": "2025-05-01T11:53:05Z"}),
                    true,
                ),
                ["Complete", "1/1", "3m5s"],
            ),
            (
                job_obj(
                    json!({"completions": 1}),
                    json!({"conditions": [cond("Complete", "False")]}),
                    false,
                ),
                ["Running", "0/1", ""],
            ),
        ];
        for (j, want) in cases {
            let r = job(&j, test_now());
            assert_eq!(r.cells.len(), JOB_COLUMNS.len());
            let mut expected = vec![json!("pi")];
            expected.extend(want.iter().map(|s| json!(s)));
            expected.extend([
                json!("10m"),
                json!("pi"),
                json!("perl:5.34"),
                json!("batch.kubernetes.io/controller-uid=4c1a"),
            ]);
            assert_eq!(r.cells, expected, "{j}");
        }
    }

    #[test]
    fn cron_jobs() {
        let cases = vec![
            (
                json!({"apiVersion": "batch/v1", "kind": "CronJob",
                    "metadata": {"name": "hello", "creationTimestamp": "2025-04-30T12:00:00Z"},
                    "spec": {"schedule": "*/5 * * * *", "suspend": false, "concurrencyPolicy": "Allow",
                        "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                            "containers": [{"name": "hello", "image": "busybox:1.28"}]}}}}},
                    "status": {"active": [{"kind": "Job", "name": "hello-29100715"}],
                        "lastScheduleTime": "2025-05-01T11:55:00Z"}}),
                json!([
                    "hello",
                    "*/5 * * * *",
                    "<none>",
                    "False",
                    1,
                    "5m",
                    "24h",
                    "hello",
                    "busybox:1.28",
                    "<none>"
                ]),
            ),
            (
                json!({"metadata": {"name": "nightly", "creationTimestamp": "2025-04-30T12:00:00Z"},
                    "spec": {"schedule": "0 2 * * *", "timeZone": "Europe/Paris", "suspend": true,
                        "jobTemplate": {"spec": {"selector": {"matchLabels": {"a": "b"}},
                            "template": {"spec": {"containers": []}}}}},
                    "status": {}}),
                json!([
                    "nightly",
                    "0 2 * * *",
                    "Europe/Paris",
                    "True",
                    0,
                    "<none>",
                    "24h",
                    "",
                    "",
                    "a=b"
                ]),
            ),
            (
                json!({"metadata": {"name": "raw"}, "spec": {"schedule": "@hourly"}}),
                json!([
                    "raw",
                    "@hourly",
                    "<none>",
                    "<unset>",
                    0,
                    "<none>",
                    "<unknown>",
                    "",
                    "",
                    "<none>"
                ]),
            ),
        ];
        for (cj, want) in cases {
            let r = cron_job(&cj, test_now());
            assert_eq!(r.cells.len(), CRON_JOB_COLUMNS.len());
            assert_eq!(Value::from(r.cells), want);
        }
    }
}
