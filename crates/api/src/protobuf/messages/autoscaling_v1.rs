//! `autoscaling/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/autoscaling/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "autoscaling/v1",
    kinds: &[
        ("HorizontalPodAutoscaler", &HORIZONTAL_POD_AUTOSCALER),
        ("Scale", &SCALE),
    ],
};

pub static HORIZONTAL_POD_AUTOSCALER: Message = Message::new(
    "k8s.io.api.autoscaling.v1.HorizontalPodAutoscaler",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&HORIZONTAL_POD_AUTOSCALER_SPEC)),
        field(3, "status", msg(&HORIZONTAL_POD_AUTOSCALER_STATUS)),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_SPEC: Message = Message::new(
    "k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec",
    &[
        field(1, "scaleTargetRef", msg(&CROSS_VERSION_OBJECT_REFERENCE)),
        field(2, "minReplicas", INT32),
        field(3, "maxReplicas", INT32),
        field(4, "targetCPUUtilizationPercentage", INT32),
    ],
);

pub static CROSS_VERSION_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.autoscaling.v1.CrossVersionObjectReference",
    &[
        field(1, "kind", STRING),
        field(2, "name", STRING),
        omitempty(3, "apiVersion", STRING),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerStatus",
    &[
        field(1, "observedGeneration", INT64),
        field(2, "lastScaleTime", TIME),
        field(3, "currentReplicas", INT32),
        field(4, "desiredReplicas", INT32),
        field(5, "currentCPUUtilizationPercentage", INT32),
    ],
);

pub static SCALE: Message = Message::new(
    "k8s.io.api.autoscaling.v1.Scale",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SCALE_SPEC)),
        field(3, "status", msg(&SCALE_STATUS)),
    ],
);

pub static SCALE_SPEC: Message = Message::new(
    "k8s.io.api.autoscaling.v1.ScaleSpec",
    &[omitempty(1, "replicas", INT32)],
);

pub static SCALE_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v1.ScaleStatus",
    &[field(1, "replicas", INT32), omitempty(2, "selector", STRING)],
);
