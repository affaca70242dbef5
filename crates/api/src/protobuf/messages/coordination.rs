//! `coordination.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/coordination/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "coordination.k8s.io/v1",
    kinds: &[("Lease", &LEASE)],
};

pub static LEASE: Message = Message::new(
    "k8s.io.api.coordination.v1.Lease",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&LEASE_SPEC)),
    ],
);

pub static LEASE_SPEC: Message = Message::new(
    "k8s.io.api.coordination.v1.LeaseSpec",
    &[
        field(1, "holderIdentity", STRING),
        field(2, "leaseDurationSeconds", INT32),
        field(3, "acquireTime", MICRO_TIME),
        field(4, "renewTime", MICRO_TIME),
        field(5, "leaseTransitions", INT32),
        field(6, "strategy", STRING),
        field(7, "preferredHolder", STRING),
    ],
);
