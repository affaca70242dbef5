//! `apps/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/apps/v1`.

use super::{core, meta};
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "apps/v1",
    kinds: &[
        ("Deployment", &DEPLOYMENT),
        ("ReplicaSet", &REPLICA_SET),
        ("StatefulSet", &STATEFUL_SET),
        ("DaemonSet", &DAEMON_SET),
        ("ControllerRevision", &CONTROLLER_REVISION),
    ],
};

pub static DEPLOYMENT: Message = Message::new(
    "k8s.io.api.apps.v1.Deployment",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&DEPLOYMENT_SPEC)),
        field(3, "status", msg(&DEPLOYMENT_STATUS)),
    ],
);

pub static DEPLOYMENT_SPEC: Message = Message::new(
    "k8s.io.api.apps.v1.DeploymentSpec",
    &[
        field(1, "replicas", INT32),
        field(2, "selector", msg(&meta::LABEL_SELECTOR)),
        field(3, "template", msg(&core::POD_TEMPLATE_SPEC)),
        field(4, "strategy", msg(&DEPLOYMENT_STRATEGY)),
        omitempty(5, "minReadySeconds", INT32),
        field(6, "revisionHistoryLimit", INT32),
        omitempty(7, "paused", BOOL),
        field(9, "progressDeadlineSeconds", INT32),
    ],
);

pub static DEPLOYMENT_STRATEGY: Message = Message::new(
    "k8s.io.api.apps.v1.DeploymentStrategy",
    &[
        omitempty(1, "type", STRING),
        field(2, "rollingUpdate", msg(&ROLLING_UPDATE_DEPLOYMENT)),
    ],
);

pub static ROLLING_UPDATE_DEPLOYMENT: Message = Message::new(
    "k8s.io.api.apps.v1.RollingUpdateDeployment",
    &[
        field(1, "maxUnavailable", INT_OR_STRING),
        field(2, "maxSurge", INT_OR_STRING),
    ],
);

pub static DEPLOYMENT_STATUS: Message = Message::new(
    "k8s.io.api.apps.v1.DeploymentStatus",
    &[
        omitempty(1, "observedGeneration", INT64),
        omitempty(2, "replicas", INT32),
        omitempty(3, "updatedReplicas", INT32),
        omitempty(4, "availableReplicas", INT32),
        omitempty(5, "unavailableReplicas", INT32),
        repeated(6, "conditions", msg(&DEPLOYMENT_CONDITION)),
        omitempty(7, "readyReplicas", INT32),
        field(8, "collisionCount", INT32),
        field(9, "terminatingReplicas", INT32),
    ],
);

pub static DEPLOYMENT_CONDITION: Message = Message::new(
    "k8s.io.api.apps.v1.DeploymentCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        omitempty(4, "reason", STRING),
        omitempty(5, "message", STRING),
        field(6, "lastUpdateTime", TIME),
        field(7, "lastTransitionTime", TIME),
    ],
);

pub static REPLICA_SET: Message = Message::new(
    "k8s.io.api.apps.v1.ReplicaSet",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&REPLICA_SET_SPEC)),
        field(3, "status", msg(&REPLICA_SET_STATUS)),
    ],
);

pub static REPLICA_SET_SPEC: Message = Message::new(
    "k8s.io.api.apps.v1.ReplicaSetSpec",
    &[
        field(1, "replicas", INT32),
        field(2, "selector", msg(&meta::LABEL_SELECTOR)),
        field(3, "template", msg(&core::POD_TEMPLATE_SPEC)),
        omitempty(4, "minReadySeconds", INT32),
    ],
);

pub static REPLICA_SET_STATUS: Message = Message::new(
    "k8s.io.api.apps.v1.ReplicaSetStatus",
    &[
        field(1, "replicas", INT32),
        omitempty(2, "fullyLabeledReplicas", INT32),
        omitempty(3, "observedGeneration", INT64),
        omitempty(4, "readyReplicas", INT32),
        omitempty(5, "availableReplicas", INT32),
        repeated(6, "conditions", msg(&REPLICA_SET_CONDITION)),
        field(7, "terminatingReplicas", INT32),
    ],
);

pub static REPLICA_SET_CONDITION: Message = Message::new(
    "k8s.io.api.apps.v1.ReplicaSetCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastTransitionTime", TIME),
        omitempty(4, "reason", STRING),
        omitempty(5, "message", STRING),
    ],
);

pub static STATEFUL_SET: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSet",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&STATEFUL_SET_SPEC)),
        field(3, "status", msg(&STATEFUL_SET_STATUS)),
    ],
);

pub static STATEFUL_SET_SPEC: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetSpec",
    &[
        field(1, "replicas", INT32),
        field(2, "selector", msg(&meta::LABEL_SELECTOR)),
        field(3, "template", msg(&core::POD_TEMPLATE_SPEC)),
        repeated(4, "volumeClaimTemplates", msg(&core::PERSISTENT_VOLUME_CLAIM)),
        field(5, "serviceName", STRING),
        omitempty(6, "podManagementPolicy", STRING),
        field(7, "updateStrategy", msg(&STATEFUL_SET_UPDATE_STRATEGY)),
        field(8, "revisionHistoryLimit", INT32),
        omitempty(9, "minReadySeconds", INT32),
        field(
            10,
            "persistentVolumeClaimRetentionPolicy",
            msg(&STATEFUL_SET_PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY),
        ),
        field(11, "ordinals", msg(&STATEFUL_SET_ORDINALS)),
    ],
);

pub static STATEFUL_SET_UPDATE_STRATEGY: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetUpdateStrategy",
    &[
        omitempty(1, "type", STRING),
        field(2, "rollingUpdate", msg(&ROLLING_UPDATE_STATEFUL_SET_STRATEGY)),
    ],
);

pub static ROLLING_UPDATE_STATEFUL_SET_STRATEGY: Message = Message::new(
    "k8s.io.api.apps.v1.RollingUpdateStatefulSetStrategy",
    &[
        field(1, "partition", INT32),
        field(2, "maxUnavailable", INT_OR_STRING),
    ],
);

pub static STATEFUL_SET_PERSISTENT_VOLUME_CLAIM_RETENTION_POLICY: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy",
    &[
        omitempty(1, "whenDeleted", STRING),
        omitempty(2, "whenScaled", STRING),
    ],
);

pub static STATEFUL_SET_ORDINALS: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetOrdinals",
    &[field(1, "start", INT32)],
);

pub static STATEFUL_SET_STATUS: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetStatus",
    &[
        omitempty(1, "observedGeneration", INT64),
        field(2, "replicas", INT32),
        omitempty(3, "readyReplicas", INT32),
        omitempty(4, "currentReplicas", INT32),
        omitempty(5, "updatedReplicas", INT32),
        omitempty(6, "currentRevision", STRING),
        omitempty(7, "updateRevision", STRING),
        field(9, "collisionCount", INT32),
        repeated(10, "conditions", msg(&STATEFUL_SET_CONDITION)),
        field(11, "availableReplicas", INT32),
    ],
);

pub static STATEFUL_SET_CONDITION: Message = Message::new(
    "k8s.io.api.apps.v1.StatefulSetCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastTransitionTime", TIME),
        omitempty(4, "reason", STRING),
        omitempty(5, "message", STRING),
    ],
);

pub static DAEMON_SET: Message = Message::new(
    "k8s.io.api.apps.v1.DaemonSet",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&DAEMON_SET_SPEC)),
        field(3, "status", msg(&DAEMON_SET_STATUS)),
    ],
);

pub static DAEMON_SET_SPEC: Message = Message::new(
    "k8s.io.api.apps.v1.DaemonSetSpec",
    &[
        field(1, "selector", msg(&meta::LABEL_SELECTOR)),
        field(2, "template", msg(&core::POD_TEMPLATE_SPEC)),
        field(3, "updateStrategy", msg(&DAEMON_SET_UPDATE_STRATEGY)),
        omitempty(4, "minReadySeconds", INT32),
        field(6, "revisionHistoryLimit", INT32),
    ],
);

pub static DAEMON_SET_UPDATE_STRATEGY: Message = Message::new(
    "k8s.io.api.apps.v1.DaemonSetUpdateStrategy",
    &[
        omitempty(1, "type", STRING),
        field(2, "rollingUpdate", msg(&ROLLING_UPDATE_DAEMON_SET)),
    ],
);

pub static ROLLING_UPDATE_DAEMON_SET: Message = Message::new(
    "k8s.io.api.apps.v1.RollingUpdateDaemonSet",
    &[
        field(1, "maxUnavailable", INT_OR_STRING),
        field(2, "maxSurge", INT_OR_STRING),
    ],
);

pub static DAEMON_SET_STATUS: Message = Message::new(
    "k8s.io.api.apps.v1.DaemonSetStatus",
    &[
        field(1, "currentNumberScheduled", INT32),
        field(2, "numberMisscheduled", INT32),
        field(3, "desiredNumberScheduled", INT32),
        field(4, "numberReady", INT32),
        omitempty(5, "observedGeneration", INT64),
        omitempty(6, "updatedNumberScheduled", INT32),
        omitempty(7, "numberAvailable", INT32),
        omitempty(8, "numberUnavailable", INT32),
        field(9, "collisionCount", INT32),
        repeated(10, "conditions", msg(&DAEMON_SET_CONDITION)),
    ],
);

pub static DAEMON_SET_CONDITION: Message = Message::new(
    "k8s.io.api.apps.v1.DaemonSetCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastTransitionTime", TIME),
        omitempty(4, "reason", STRING),
        omitempty(5, "message", STRING),
    ],
);

pub static CONTROLLER_REVISION: Message = Message::new(
    "k8s.io.api.apps.v1.ControllerRevision",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "data", RAW_EXTENSION),
        field(3, "revision", INT64),
    ],
);
