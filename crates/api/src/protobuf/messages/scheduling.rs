//! `scheduling.k8s.io/v1`, plus the `v1alpha3` workload types `batch/v1` Jobs reference messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/scheduling/v1` and `k8s.io/api/scheduling/v1alpha3`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "scheduling.k8s.io/v1",
    kinds: &[("PriorityClass", &PRIORITY_CLASS)],
};

pub static WORKLOAD_POD_GROUP_SCHEDULING_POLICY: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupSchedulingPolicy",
    &[
        field(1, "basic", msg(&WORKLOAD_POD_GROUP_BASIC_SCHEDULING_POLICY)),
        field(2, "gang", msg(&WORKLOAD_POD_GROUP_GANG_SCHEDULING_POLICY)),
    ],
);

pub static WORKLOAD_POD_GROUP_BASIC_SCHEDULING_POLICY: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupBasicSchedulingPolicy",
    &[],
);

pub static WORKLOAD_POD_GROUP_GANG_SCHEDULING_POLICY: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupGangSchedulingPolicy",
    &[field(1, "minCount", INT32)],
);

pub static WORKLOAD_POD_GROUP_SCHEDULING_CONSTRAINTS: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupSchedulingConstraints",
    &[repeated(1, "topology", msg(&TOPOLOGY_CONSTRAINT))],
);

pub static TOPOLOGY_CONSTRAINT: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.TopologyConstraint",
    &[field(1, "key", STRING)],
);

pub static WORKLOAD_POD_GROUP_DISRUPTION_MODE: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupDisruptionMode",
    &[
        field(1, "single", msg(&WORKLOAD_POD_GROUP_SINGLE_DISRUPTION_MODE)),
        field(2, "all", msg(&WORKLOAD_POD_GROUP_ALL_DISRUPTION_MODE)),
    ],
);

pub static WORKLOAD_POD_GROUP_SINGLE_DISRUPTION_MODE: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupSingleDisruptionMode",
    &[],
);

pub static WORKLOAD_POD_GROUP_ALL_DISRUPTION_MODE: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupAllDisruptionMode",
    &[],
);

pub static WORKLOAD_POD_GROUP_RESOURCE_CLAIM: Message = Message::new(
    "k8s.io.api.scheduling.v1alpha3.WorkloadPodGroupResourceClaim",
    &[
        field(1, "name", STRING),
        field(2, "resourceClaimName", STRING),
        field(3, "resourceClaimTemplateName", STRING),
    ],
);

pub static PRIORITY_CLASS: Message = Message::new(
    "k8s.io.api.scheduling.v1.PriorityClass",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "value", INT32),
        omitempty(3, "globalDefault", BOOL),
        omitempty(4, "description", STRING),
        field(5, "preemptionPolicy", STRING),
    ],
);
