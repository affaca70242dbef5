//! `autoscaling/v2` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/autoscaling/v2`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "autoscaling/v2",
    kinds: &[("HorizontalPodAutoscaler", &HORIZONTAL_POD_AUTOSCALER)],
};

pub static HORIZONTAL_POD_AUTOSCALER: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HorizontalPodAutoscaler",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&HORIZONTAL_POD_AUTOSCALER_SPEC)),
        field(3, "status", msg(&HORIZONTAL_POD_AUTOSCALER_STATUS)),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_SPEC: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerSpec",
    &[
        field(1, "scaleTargetRef", msg(&CROSS_VERSION_OBJECT_REFERENCE)),
        field(2, "minReplicas", INT32),
        field(3, "maxReplicas", INT32),
        repeated(4, "metrics", msg(&METRIC_SPEC)),
        field(5, "behavior", msg(&HORIZONTAL_POD_AUTOSCALER_BEHAVIOR)),
    ],
);

pub static CROSS_VERSION_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.CrossVersionObjectReference",
    &[
        field(1, "kind", STRING),
        field(2, "name", STRING),
        omitempty(3, "apiVersion", STRING),
    ],
);

pub static METRIC_SPEC: Message = Message::new(
    "k8s.io.api.autoscaling.v2.MetricSpec",
    &[
        field(1, "type", STRING),
        field(2, "object", msg(&OBJECT_METRIC_SOURCE)),
        field(3, "pods", msg(&PODS_METRIC_SOURCE)),
        field(4, "resource", msg(&RESOURCE_METRIC_SOURCE)),
        field(5, "external", msg(&EXTERNAL_METRIC_SOURCE)),
        field(7, "containerResource", msg(&CONTAINER_RESOURCE_METRIC_SOURCE)),
    ],
);

pub static OBJECT_METRIC_SOURCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ObjectMetricSource",
    &[
        field(1, "describedObject", msg(&CROSS_VERSION_OBJECT_REFERENCE)),
        field(2, "target", msg(&METRIC_TARGET)),
        field(3, "metric", msg(&METRIC_IDENTIFIER)),
    ],
);

pub static METRIC_TARGET: Message = Message::new(
    "k8s.io.api.autoscaling.v2.MetricTarget",
    &[
        field(1, "type", STRING),
        field(2, "value", QUANTITY),
        field(3, "averageValue", QUANTITY),
        field(4, "averageUtilization", INT32),
    ],
);

pub static METRIC_IDENTIFIER: Message = Message::new(
    "k8s.io.api.autoscaling.v2.MetricIdentifier",
    &[
        field(1, "name", STRING),
        field(2, "selector", msg(&meta::LABEL_SELECTOR)),
    ],
);

pub static PODS_METRIC_SOURCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.PodsMetricSource",
    &[
        field(1, "metric", msg(&METRIC_IDENTIFIER)),
        field(2, "target", msg(&METRIC_TARGET)),
    ],
);

pub static RESOURCE_METRIC_SOURCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ResourceMetricSource",
    &[field(1, "name", STRING), field(2, "target", msg(&METRIC_TARGET))],
);

pub static CONTAINER_RESOURCE_METRIC_SOURCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ContainerResourceMetricSource",
    &[
        field(1, "name", STRING),
        field(2, "target", msg(&METRIC_TARGET)),
        field(3, "container", STRING),
    ],
);

pub static EXTERNAL_METRIC_SOURCE: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ExternalMetricSource",
    &[
        field(1, "metric", msg(&METRIC_IDENTIFIER)),
        field(2, "target", msg(&METRIC_TARGET)),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_BEHAVIOR: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerBehavior",
    &[
        field(1, "scaleUp", msg(&HPA_SCALING_RULES)),
        field(2, "scaleDown", msg(&HPA_SCALING_RULES)),
    ],
);

pub static HPA_SCALING_RULES: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HPAScalingRules",
    &[
        field(1, "selectPolicy", STRING),
        repeated(2, "policies", msg(&HPA_SCALING_POLICY)),
        field(3, "stabilizationWindowSeconds", INT32),
        field(4, "tolerance", QUANTITY),
    ],
);

pub static HPA_SCALING_POLICY: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HPAScalingPolicy",
    &[
        field(1, "type", STRING),
        field(2, "value", INT32),
        field(3, "periodSeconds", INT32),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerStatus",
    &[
        field(1, "observedGeneration", INT64),
        field(2, "lastScaleTime", TIME),
        omitempty(3, "currentReplicas", INT32),
        field(4, "desiredReplicas", INT32),
        repeated(5, "currentMetrics", msg(&METRIC_STATUS)),
        repeated(6, "conditions", msg(&HORIZONTAL_POD_AUTOSCALER_CONDITION)),
    ],
);

pub static METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.MetricStatus",
    &[
        field(1, "type", STRING),
        field(2, "object", msg(&OBJECT_METRIC_STATUS)),
        field(3, "pods", msg(&PODS_METRIC_STATUS)),
        field(4, "resource", msg(&RESOURCE_METRIC_STATUS)),
        field(5, "external", msg(&EXTERNAL_METRIC_STATUS)),
        field(7, "containerResource", msg(&CONTAINER_RESOURCE_METRIC_STATUS)),
    ],
);

pub static OBJECT_METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ObjectMetricStatus",
    &[
        field(1, "metric", msg(&METRIC_IDENTIFIER)),
        field(2, "current", msg(&METRIC_VALUE_STATUS)),
        field(3, "describedObject", msg(&CROSS_VERSION_OBJECT_REFERENCE)),
    ],
);

pub static METRIC_VALUE_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.MetricValueStatus",
    &[
        field(1, "value", QUANTITY),
        field(2, "averageValue", QUANTITY),
        field(3, "averageUtilization", INT32),
    ],
);

pub static PODS_METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.PodsMetricStatus",
    &[
        field(1, "metric", msg(&METRIC_IDENTIFIER)),
        field(2, "current", msg(&METRIC_VALUE_STATUS)),
    ],
);

pub static RESOURCE_METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ResourceMetricStatus",
    &[
        field(1, "name", STRING),
        field(2, "current", msg(&METRIC_VALUE_STATUS)),
    ],
);

pub static CONTAINER_RESOURCE_METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ContainerResourceMetricStatus",
    &[
        field(1, "name", STRING),
        field(2, "current", msg(&METRIC_VALUE_STATUS)),
        field(3, "container", STRING),
    ],
);

pub static EXTERNAL_METRIC_STATUS: Message = Message::new(
    "k8s.io.api.autoscaling.v2.ExternalMetricStatus",
    &[
        field(1, "metric", msg(&METRIC_IDENTIFIER)),
        field(2, "current", msg(&METRIC_VALUE_STATUS)),
    ],
);

pub static HORIZONTAL_POD_AUTOSCALER_CONDITION: Message = Message::new(
    "k8s.io.api.autoscaling.v2.HorizontalPodAutoscalerCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastTransitionTime", TIME),
        omitempty(4, "reason", STRING),
        omitempty(5, "message", STRING),
        field(6, "observedGeneration", INT64),
    ],
);
