//! `networking.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/networking/v1`.

use super::{core, meta};
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "networking.k8s.io/v1",
    kinds: &[("Ingress", &INGRESS), ("IngressClass", &INGRESS_CLASS)],
};

pub static INGRESS: Message = Message::new(
    "k8s.io.api.networking.v1.Ingress",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&INGRESS_SPEC)),
        field(3, "status", msg(&INGRESS_STATUS)),
    ],
);

pub static INGRESS_SPEC: Message = Message::new(
    "k8s.io.api.networking.v1.IngressSpec",
    &[
        field(1, "defaultBackend", msg(&INGRESS_BACKEND)),
        repeated(2, "tls", msg(&INGRESS_TLS)),
        repeated(3, "rules", msg(&INGRESS_RULE)),
        field(4, "ingressClassName", STRING),
    ],
);

pub static INGRESS_BACKEND: Message = Message::new(
    "k8s.io.api.networking.v1.IngressBackend",
    &[
        field(3, "resource", msg(&core::TYPED_LOCAL_OBJECT_REFERENCE)),
        field(4, "service", msg(&INGRESS_SERVICE_BACKEND)),
    ],
);

pub static INGRESS_SERVICE_BACKEND: Message = Message::new(
    "k8s.io.api.networking.v1.IngressServiceBackend",
    &[
        field(1, "name", STRING),
        field(2, "port", msg(&SERVICE_BACKEND_PORT)),
    ],
);

pub static SERVICE_BACKEND_PORT: Message = Message::new(
    "k8s.io.api.networking.v1.ServiceBackendPort",
    &[omitempty(1, "name", STRING), omitempty(2, "number", INT32)],
);

pub static INGRESS_TLS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressTLS",
    &[repeated(1, "hosts", STRING), omitempty(2, "secretName", STRING)],
);

pub static INGRESS_RULE: Message = Message::new(
    "k8s.io.api.networking.v1.IngressRule",
    &[omitempty(1, "host", STRING), inline(2, &INGRESS_RULE_VALUE)],
);

pub static INGRESS_RULE_VALUE: Message = Message::new(
    "k8s.io.api.networking.v1.IngressRuleValue",
    &[field(1, "http", msg(&HTTP_INGRESS_RULE_VALUE))],
);

pub static HTTP_INGRESS_RULE_VALUE: Message = Message::new(
    "k8s.io.api.networking.v1.HTTPIngressRuleValue",
    &[repeated(1, "paths", msg(&HTTP_INGRESS_PATH))],
);

pub static HTTP_INGRESS_PATH: Message = Message::new(
    "k8s.io.api.networking.v1.HTTPIngressPath",
    &[
        omitempty(1, "path", STRING),
        field(2, "backend", msg(&INGRESS_BACKEND)),
        field(3, "pathType", STRING),
    ],
);

pub static INGRESS_STATUS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressStatus",
    &[field(1, "loadBalancer", msg(&INGRESS_LOAD_BALANCER_STATUS))],
);

pub static INGRESS_LOAD_BALANCER_STATUS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressLoadBalancerStatus",
    &[repeated(1, "ingress", msg(&INGRESS_LOAD_BALANCER_INGRESS))],
);

pub static INGRESS_LOAD_BALANCER_INGRESS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressLoadBalancerIngress",
    &[
        omitempty(1, "ip", STRING),
        omitempty(2, "hostname", STRING),
        repeated(4, "ports", msg(&INGRESS_PORT_STATUS)),
    ],
);

pub static INGRESS_PORT_STATUS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressPortStatus",
    &[
        field(1, "port", INT32),
        field(2, "protocol", STRING),
        field(3, "error", STRING),
    ],
);

pub static INGRESS_CLASS: Message = Message::new(
    "k8s.io.api.networking.v1.IngressClass",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&INGRESS_CLASS_SPEC)),
    ],
);

pub static INGRESS_CLASS_SPEC: Message = Message::new(
    "k8s.io.api.networking.v1.IngressClassSpec",
    &[
        omitempty(1, "controller", STRING),
        field(2, "parameters", msg(&INGRESS_CLASS_PARAMETERS_REFERENCE)),
    ],
);

pub static INGRESS_CLASS_PARAMETERS_REFERENCE: Message = Message::new(
    "k8s.io.api.networking.v1.IngressClassParametersReference",
    &[
        field(1, "apiGroup", STRING),
        field(2, "kind", STRING),
        field(3, "name", STRING),
        field(4, "scope", STRING),
        field(5, "namespace", STRING),
    ],
);
