//! `batch/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/batch/v1`.

use super::{core, meta, scheduling};
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "batch/v1",
    kinds: &[("Job", &JOB), ("CronJob", &CRON_JOB)],
};

pub static JOB: Message = Message::new(
    "k8s.io.api.batch.v1.Job",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&JOB_SPEC)),
        field(3, "status", msg(&JOB_STATUS)),
    ],
);

pub static JOB_SPEC: Message = Message::new(
    "k8s.io.api.batch.v1.JobSpec",
    &[
        field(1, "parallelism", INT32),
        field(2, "completions", INT32),
        field(3, "activeDeadlineSeconds", INT64),
        field(4, "selector", msg(&meta::LABEL_SELECTOR)),
        field(5, "manualSelector", BOOL),
        field(6, "template", msg(&core::POD_TEMPLATE_SPEC)),
        field(7, "backoffLimit", INT32),
        field(8, "ttlSecondsAfterFinished", INT32),
        field(9, "completionMode", STRING),
        field(10, "suspend", BOOL),
        field(11, "podFailurePolicy", msg(&POD_FAILURE_POLICY)),
        field(12, "backoffLimitPerIndex", INT32),
        field(13, "maxFailedIndexes", INT32),
        field(14, "podReplacementPolicy", STRING),
        field(15, "managedBy", STRING),
        field(16, "successPolicy", msg(&SUCCESS_POLICY)),
        field(17, "scheduling", msg(&JOB_SCHEDULING_CONFIGURATION)),
    ],
);

pub static POD_FAILURE_POLICY: Message = Message::new(
    "k8s.io.api.batch.v1.PodFailurePolicy",
    &[repeated(1, "rules", msg(&POD_FAILURE_POLICY_RULE))],
);

pub static POD_FAILURE_POLICY_RULE: Message = Message::new(
    "k8s.io.api.batch.v1.PodFailurePolicyRule",
    &[
        field(1, "action", STRING),
        field(
            2,
            "onExitCodes",
            msg(&POD_FAILURE_POLICY_ON_EXIT_CODES_REQUIREMENT),
        ),
        repeated(
            3,
            "onPodConditions",
            msg(&POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERN),
        ),
    ],
);

pub static POD_FAILURE_POLICY_ON_EXIT_CODES_REQUIREMENT: Message = Message::new(
    "k8s.io.api.batch.v1.PodFailurePolicyOnExitCodesRequirement",
    &[
        field(1, "containerName", STRING),
        field(2, "operator", STRING),
        repeated(3, "values", INT32),
    ],
);

pub static POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERN: Message = Message::new(
    "k8s.io.api.batch.v1.PodFailurePolicyOnPodConditionsPattern",
    &[field(1, "type", STRING), field(2, "status", STRING)],
);

pub static SUCCESS_POLICY: Message = Message::new(
    "k8s.io.api.batch.v1.SuccessPolicy",
    &[repeated(1, "rules", msg(&SUCCESS_POLICY_RULE))],
);

pub static SUCCESS_POLICY_RULE: Message = Message::new(
    "k8s.io.api.batch.v1.SuccessPolicyRule",
    &[
        field(1, "succeededIndexes", STRING),
        field(2, "succeededCount", INT32),
    ],
);

pub static JOB_SCHEDULING_CONFIGURATION: Message = Message::new(
    "k8s.io.api.batch.v1.JobSchedulingConfiguration",
    &[
        field(
            1,
            "schedulingPolicy",
            msg(&scheduling::WORKLOAD_POD_GROUP_SCHEDULING_POLICY),
        ),
        field(
            2,
            "schedulingConstraints",
            msg(&scheduling::WORKLOAD_POD_GROUP_SCHEDULING_CONSTRAINTS),
        ),
        field(
            3,
            "disruptionMode",
            msg(&scheduling::WORKLOAD_POD_GROUP_DISRUPTION_MODE),
        ),
        repeated(
            4,
            "resourceClaims",
            msg(&scheduling::WORKLOAD_POD_GROUP_RESOURCE_CLAIM),
        ),
    ],
);

pub static JOB_STATUS: Message = Message::new(
    "k8s.io.api.batch.v1.JobStatus",
    &[
        repeated(1, "conditions", msg(&JOB_CONDITION)),
        field(2, "startTime", TIME),
        field(3, "completionTime", TIME),
        omitempty(4, "active", INT32),
        omitempty(5, "succeeded", INT32),
        omitempty(6, "failed", INT32),
        omitempty(7, "completedIndexes", STRING),
        field(8, "uncountedTerminatedPods", msg(&UNCOUNTED_TERMINATED_PODS)),
        field(9, "ready", INT32),
        field(10, "failedIndexes", STRING),
        field(11, "terminating", INT32),
    ],
);

pub static JOB_CONDITION: Message = Message::new(
    "k8s.io.api.batch.v1.JobCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastProbeTime", TIME),
        field(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
    ],
);

pub static UNCOUNTED_TERMINATED_PODS: Message = Message::new(
    "k8s.io.api.batch.v1.UncountedTerminatedPods",
    &[repeated(1, "succeeded", STRING), repeated(2, "failed", STRING)],
);

pub static CRON_JOB: Message = Message::new(
    "k8s.io.api.batch.v1.CronJob",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&CRON_JOB_SPEC)),
        field(3, "status", msg(&CRON_JOB_STATUS)),
    ],
);

pub static CRON_JOB_SPEC: Message = Message::new(
    "k8s.io.api.batch.v1.CronJobSpec",
    &[
        field(1, "schedule", STRING),
        field(2, "startingDeadlineSeconds", INT64),
        omitempty(3, "concurrencyPolicy", STRING),
        field(4, "suspend", BOOL),
        field(5, "jobTemplate", msg(&JOB_TEMPLATE_SPEC)),
        field(6, "successfulJobsHistoryLimit", INT32),
        field(7, "failedJobsHistoryLimit", INT32),
        field(8, "timeZone", STRING),
    ],
);

pub static JOB_TEMPLATE_SPEC: Message = Message::new(
    "k8s.io.api.batch.v1.JobTemplateSpec",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&JOB_SPEC)),
    ],
);

pub static CRON_JOB_STATUS: Message = Message::new(
    "k8s.io.api.batch.v1.CronJobStatus",
    &[
        repeated(1, "active", msg(&core::OBJECT_REFERENCE)),
        field(4, "lastScheduleTime", TIME),
        field(5, "lastSuccessfulTime", TIME),
    ],
);
