//! `rbac.authorization.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/rbac/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "rbac.authorization.k8s.io/v1",
    kinds: &[
        ("Role", &ROLE),
        ("ClusterRole", &CLUSTER_ROLE),
        ("RoleBinding", &ROLE_BINDING),
        ("ClusterRoleBinding", &CLUSTER_ROLE_BINDING),
    ],
};

pub static ROLE: Message = Message::new(
    "k8s.io.api.rbac.v1.Role",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        repeated(2, "rules", msg(&POLICY_RULE)),
    ],
);

pub static POLICY_RULE: Message = Message::new(
    "k8s.io.api.rbac.v1.PolicyRule",
    &[
        repeated(1, "verbs", STRING),
        repeated(2, "apiGroups", STRING),
        repeated(3, "resources", STRING),
        repeated(4, "resourceNames", STRING),
        repeated(5, "nonResourceURLs", STRING),
    ],
);

pub static CLUSTER_ROLE: Message = Message::new(
    "k8s.io.api.rbac.v1.ClusterRole",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        repeated(2, "rules", msg(&POLICY_RULE)),
        field(3, "aggregationRule", msg(&AGGREGATION_RULE)),
    ],
);

pub static AGGREGATION_RULE: Message = Message::new(
    "k8s.io.api.rbac.v1.AggregationRule",
    &[repeated(1, "clusterRoleSelectors", msg(&meta::LABEL_SELECTOR))],
);

pub static ROLE_BINDING: Message = Message::new(
    "k8s.io.api.rbac.v1.RoleBinding",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        repeated(2, "subjects", msg(&SUBJECT)),
        field(3, "roleRef", msg(&ROLE_REF)),
    ],
);

pub static SUBJECT: Message = Message::new(
    "k8s.io.api.rbac.v1.Subject",
    &[
        field(1, "kind", STRING),
        omitempty(2, "apiGroup", STRING),
        field(3, "name", STRING),
        omitempty(4, "namespace", STRING),
    ],
);

pub static ROLE_REF: Message = Message::new(
    "k8s.io.api.rbac.v1.RoleRef",
    &[
        field(1, "apiGroup", STRING),
        field(2, "kind", STRING),
        field(3, "name", STRING),
    ],
);

pub static CLUSTER_ROLE_BINDING: Message = Message::new(
    "k8s.io.api.rbac.v1.ClusterRoleBinding",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        repeated(2, "subjects", msg(&SUBJECT)),
        field(3, "roleRef", msg(&ROLE_REF)),
    ],
);
