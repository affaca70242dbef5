//! `meta.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/apimachinery/pkg/apis/meta/v1`.

use crate::protobuf::schema::*;

pub static OBJECT_META: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta",
    &[
        omitempty(1, "name", STRING),
        omitempty(2, "generateName", STRING),
        omitempty(3, "namespace", STRING),
        omitempty(4, "selfLink", STRING),
        omitempty(5, "uid", STRING),
        omitempty(6, "resourceVersion", STRING),
        omitempty(7, "generation", INT64),
        omitempty(8, "creationTimestamp", TIME),
        field(9, "deletionTimestamp", TIME),
        field(10, "deletionGracePeriodSeconds", INT64),
        map(11, "labels", STRING),
        map(12, "annotations", STRING),
        repeated(13, "ownerReferences", msg(&OWNER_REFERENCE)),
        repeated(14, "finalizers", STRING),
        repeated(17, "managedFields", msg(&MANAGED_FIELDS_ENTRY)),
    ],
);

pub static OWNER_REFERENCE: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference",
    &[
        field(1, "kind", STRING),
        field(3, "name", STRING),
        field(4, "uid", STRING),
        field(5, "apiVersion", STRING),
        field(6, "controller", BOOL),
        field(7, "blockOwnerDeletion", BOOL),
    ],
);

pub static MANAGED_FIELDS_ENTRY: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry",
    &[
        omitempty(1, "manager", STRING),
        omitempty(2, "operation", STRING),
        omitempty(3, "apiVersion", STRING),
        field(4, "time", TIME),
        omitempty(6, "fieldsType", STRING),
        field(7, "fieldsV1", FIELDS_V1),
        omitempty(8, "subresource", STRING),
    ],
);

pub static CONDITION: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.Condition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        omitempty(3, "observedGeneration", INT64),
        field(4, "lastTransitionTime", TIME),
        field(5, "reason", STRING),
        field(6, "message", STRING),
    ],
);

pub static LABEL_SELECTOR: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector",
    &[
        map(1, "matchLabels", STRING),
        repeated(2, "matchExpressions", msg(&LABEL_SELECTOR_REQUIREMENT)),
    ],
);

pub static LABEL_SELECTOR_REQUIREMENT: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement",
    &[
        field(1, "key", STRING),
        field(2, "operator", STRING),
        repeated(3, "values", STRING),
    ],
);

pub static DELETE_OPTIONS: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions",
    &[
        field(1, "gracePeriodSeconds", INT64),
        field(2, "preconditions", msg(&PRECONDITIONS)),
        field(3, "orphanDependents", BOOL),
        field(4, "propagationPolicy", STRING),
        repeated(5, "dryRun", STRING),
        field(6, "ignoreStoreReadErrorWithClusterBreakingPotential", BOOL),
    ],
);

pub static PRECONDITIONS: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.Preconditions",
    &[field(1, "uid", STRING), field(2, "resourceVersion", STRING)],
);

pub static FIELD_SELECTOR_REQUIREMENT: Message = Message::new(
    "k8s.io.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement",
    &[
        field(1, "key", STRING),
        field(2, "operator", STRING),
        repeated(3, "values", STRING),
    ],
);
