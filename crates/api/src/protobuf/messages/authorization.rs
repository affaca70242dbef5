//! `authorization.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/authorization/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "authorization.k8s.io/v1",
    kinds: &[
        ("SelfSubjectAccessReview", &SELF_SUBJECT_ACCESS_REVIEW),
        ("SelfSubjectRulesReview", &SELF_SUBJECT_RULES_REVIEW),
        ("SubjectAccessReview", &SUBJECT_ACCESS_REVIEW),
        ("LocalSubjectAccessReview", &LOCAL_SUBJECT_ACCESS_REVIEW),
    ],
};

pub static SELF_SUBJECT_ACCESS_REVIEW: Message = Message::new(
    "k8s.io.api.authorization.v1.SelfSubjectAccessReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SELF_SUBJECT_ACCESS_REVIEW_SPEC)),
        field(3, "status", msg(&SUBJECT_ACCESS_REVIEW_STATUS)),
    ],
);

pub static SELF_SUBJECT_ACCESS_REVIEW_SPEC: Message = Message::new(
    "k8s.io.api.authorization.v1.SelfSubjectAccessReviewSpec",
    &[
        field(1, "resourceAttributes", msg(&RESOURCE_ATTRIBUTES)),
        field(2, "nonResourceAttributes", msg(&NON_RESOURCE_ATTRIBUTES)),
    ],
);

pub static RESOURCE_ATTRIBUTES: Message = Message::new(
    "k8s.io.api.authorization.v1.ResourceAttributes",
    &[
        omitempty(1, "namespace", STRING),
        omitempty(2, "verb", STRING),
        omitempty(3, "group", STRING),
        omitempty(4, "version", STRING),
        omitempty(5, "resource", STRING),
        omitempty(6, "subresource", STRING),
        omitempty(7, "name", STRING),
        field(8, "fieldSelector", msg(&FIELD_SELECTOR_ATTRIBUTES)),
        field(9, "labelSelector", msg(&LABEL_SELECTOR_ATTRIBUTES)),
    ],
);

pub static FIELD_SELECTOR_ATTRIBUTES: Message = Message::new(
    "k8s.io.api.authorization.v1.FieldSelectorAttributes",
    &[
        omitempty(1, "rawSelector", STRING),
        repeated(2, "requirements", msg(&meta::FIELD_SELECTOR_REQUIREMENT)),
    ],
);

pub static LABEL_SELECTOR_ATTRIBUTES: Message = Message::new(
    "k8s.io.api.authorization.v1.LabelSelectorAttributes",
    &[
        omitempty(1, "rawSelector", STRING),
        repeated(2, "requirements", msg(&meta::LABEL_SELECTOR_REQUIREMENT)),
    ],
);

pub static NON_RESOURCE_ATTRIBUTES: Message = Message::new(
    "k8s.io.api.authorization.v1.NonResourceAttributes",
    &[omitempty(1, "path", STRING), omitempty(2, "verb", STRING)],
);

pub static SUBJECT_ACCESS_REVIEW_STATUS: Message = Message::new(
    "k8s.io.api.authorization.v1.SubjectAccessReviewStatus",
    &[
        field(1, "allowed", BOOL),
        omitempty(2, "reason", STRING),
        omitempty(3, "evaluationError", STRING),
        omitempty(4, "denied", BOOL),
    ],
);

pub static SELF_SUBJECT_RULES_REVIEW: Message = Message::new(
    "k8s.io.api.authorization.v1.SelfSubjectRulesReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SELF_SUBJECT_RULES_REVIEW_SPEC)),
        field(3, "status", msg(&SUBJECT_RULES_REVIEW_STATUS)),
    ],
);

pub static SELF_SUBJECT_RULES_REVIEW_SPEC: Message = Message::new(
    "k8s.io.api.authorization.v1.SelfSubjectRulesReviewSpec",
    &[omitempty(1, "namespace", STRING)],
);

pub static SUBJECT_RULES_REVIEW_STATUS: Message = Message::new(
    "k8s.io.api.authorization.v1.SubjectRulesReviewStatus",
    &[
        repeated(1, "resourceRules", msg(&RESOURCE_RULE)),
        repeated(2, "nonResourceRules", msg(&NON_RESOURCE_RULE)),
        field(3, "incomplete", BOOL),
        omitempty(4, "evaluationError", STRING),
    ],
);

pub static RESOURCE_RULE: Message = Message::new(
    "k8s.io.api.authorization.v1.ResourceRule",
    &[
        repeated(1, "verbs", STRING),
        repeated(2, "apiGroups", STRING),
        repeated(3, "resources", STRING),
        repeated(4, "resourceNames", STRING),
    ],
);

pub static NON_RESOURCE_RULE: Message = Message::new(
    "k8s.io.api.authorization.v1.NonResourceRule",
    &[
        repeated(1, "verbs", STRING),
        repeated(2, "nonResourceURLs", STRING),
    ],
);

pub static SUBJECT_ACCESS_REVIEW: Message = Message::new(
    "k8s.io.api.authorization.v1.SubjectAccessReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SUBJECT_ACCESS_REVIEW_SPEC)),
        field(3, "status", msg(&SUBJECT_ACCESS_REVIEW_STATUS)),
    ],
);

pub static SUBJECT_ACCESS_REVIEW_SPEC: Message = Message::new(
    "k8s.io.api.authorization.v1.SubjectAccessReviewSpec",
    &[
        field(1, "resourceAttributes", msg(&RESOURCE_ATTRIBUTES)),
        field(2, "nonResourceAttributes", msg(&NON_RESOURCE_ATTRIBUTES)),
        omitempty(3, "user", STRING),
        repeated(4, "groups", STRING),
        map(5, "extra", string_list("k8s.io.api.authorization.v1.ExtraValue")),
        omitempty(6, "uid", STRING),
    ],
);

pub static LOCAL_SUBJECT_ACCESS_REVIEW: Message = Message::new(
    "k8s.io.api.authorization.v1.LocalSubjectAccessReview",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SUBJECT_ACCESS_REVIEW_SPEC)),
        field(3, "status", msg(&SUBJECT_ACCESS_REVIEW_STATUS)),
    ],
);
