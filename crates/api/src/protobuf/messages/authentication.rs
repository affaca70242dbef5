//! `authentication.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/authentication/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "authentication.k8s.io/v1",
    kinds: &[
        ("TokenRequest", &TOKEN_REQUEST),
        ("TokenReview", &TOKEN_REVIEW),
        ("SelfSubjectReview", &SELF_SUBJECT_REVIEW),
    ],
};

pub static TOKEN_REQUEST: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenRequest",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&TOKEN_REQUEST_SPEC)),
        field(3, "status", msg(&TOKEN_REQUEST_STATUS)),
    ],
);

pub static TOKEN_REQUEST_SPEC: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenRequestSpec",
    &[
        repeated(1, "audiences", STRING),
        field(3, "boundObjectRef", msg(&BOUND_OBJECT_REFERENCE)),
        field(4, "expirationSeconds", INT64),
        map(
            5,
            "attestations",
            string_list("k8s.io.api.authentication.v1.AttestationValue"),
        ),
    ],
);

pub static BOUND_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.authentication.v1.BoundObjectReference",
    &[
        omitempty(1, "kind", STRING),
        omitempty(2, "apiVersion", STRING),
        omitempty(3, "name", STRING),
        omitempty(4, "uid", STRING),
    ],
);

pub static TOKEN_REQUEST_STATUS: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenRequestStatus",
    &[field(1, "token", STRING), field(2, "expirationTimestamp", TIME)],
);

pub static TOKEN_REVIEW: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&TOKEN_REVIEW_SPEC)),
        field(3, "status", msg(&TOKEN_REVIEW_STATUS)),
    ],
);

pub static TOKEN_REVIEW_SPEC: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenReviewSpec",
    &[omitempty(1, "token", STRING), repeated(2, "audiences", STRING)],
);

pub static TOKEN_REVIEW_STATUS: Message = Message::new(
    "k8s.io.api.authentication.v1.TokenReviewStatus",
    &[
        omitempty(1, "authenticated", BOOL),
        field(2, "user", msg(&USER_INFO)),
        omitempty(3, "error", STRING),
        repeated(4, "audiences", STRING),
    ],
);

pub static USER_INFO: Message = Message::new(
    "k8s.io.api.authentication.v1.UserInfo",
    &[
        omitempty(1, "username", STRING),
        omitempty(2, "uid", STRING),
        repeated(3, "groups", STRING),
        map(4, "extra", string_list("k8s.io.api.authentication.v1.ExtraValue")),
    ],
);

pub static SELF_SUBJECT_REVIEW: Message = Message::new(
    "k8s.io.api.authentication.v1.SelfSubjectReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "status", msg(&SELF_SUBJECT_REVIEW_STATUS)),
    ],
);

pub static SELF_SUBJECT_REVIEW_STATUS: Message = Message::new(
    "k8s.io.api.authentication.v1.SelfSubjectReviewStatus",
    &[field(1, "userInfo", msg(&USER_INFO))],
);
