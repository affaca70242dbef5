//! `policy/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/policy/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "policy/v1",
    kinds: &[
        ("PodDisruptionBudget", &POD_DISRUPTION_BUDGET),
        ("Eviction", &EVICTION),
    ],
};

pub static POD_DISRUPTION_BUDGET: Message = Message::new(
    "k8s.io.api.policy.v1.PodDisruptionBudget",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&POD_DISRUPTION_BUDGET_SPEC)),
        field(3, "status", msg(&POD_DISRUPTION_BUDGET_STATUS)),
    ],
);

pub static POD_DISRUPTION_BUDGET_SPEC: Message = Message::new(
    "k8s.io.api.policy.v1.PodDisruptionBudgetSpec",
    &[
        field(1, "minAvailable", INT_OR_STRING),
        field(2, "selector", msg(&meta::LABEL_SELECTOR)),
        field(3, "maxUnavailable", INT_OR_STRING),
        field(4, "unhealthyPodEvictionPolicy", STRING),
    ],
);

pub static POD_DISRUPTION_BUDGET_STATUS: Message = Message::new(
    "k8s.io.api.policy.v1.PodDisruptionBudgetStatus",
    &[
        omitempty(1, "observedGeneration", INT64),
        map(2, "disruptedPods", TIME),
        field(3, "disruptionsAllowed", INT32),
        field(4, "currentHealthy", INT32),
        field(5, "desiredHealthy", INT32),
        field(6, "expectedPods", INT32),
        repeated(7, "conditions", msg(&meta::CONDITION)),
    ],
);

pub static EVICTION: Message = Message::new(
    "k8s.io.api.policy.v1.Eviction",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "deleteOptions", msg(&meta::DELETE_OPTIONS)),
    ],
);
