//! `certificates.k8s.io/v1` messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/certificates/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "certificates.k8s.io/v1",
    kinds: &[("CertificateSigningRequest", &CERTIFICATE_SIGNING_REQUEST)],
};

pub static CERTIFICATE_SIGNING_REQUEST: Message = Message::new(
    "k8s.io.api.certificates.v1.CertificateSigningRequest",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&CERTIFICATE_SIGNING_REQUEST_SPEC)),
        field(3, "status", msg(&CERTIFICATE_SIGNING_REQUEST_STATUS)),
    ],
);

pub static CERTIFICATE_SIGNING_REQUEST_SPEC: Message = Message::new(
    "k8s.io.api.certificates.v1.CertificateSigningRequestSpec",
    &[
        field(1, "request", BYTES),
        omitempty(2, "username", STRING),
        omitempty(3, "uid", STRING),
        repeated(4, "groups", STRING),
        repeated(5, "usages", STRING),
        map(6, "extra", string_list("k8s.io.api.certificates.v1.ExtraValue")),
        field(7, "signerName", STRING),
        field(8, "expirationSeconds", INT32),
    ],
);

pub static CERTIFICATE_SIGNING_REQUEST_STATUS: Message = Message::new(
    "k8s.io.api.certificates.v1.CertificateSigningRequestStatus",
    &[
        repeated(1, "conditions", msg(&CERTIFICATE_SIGNING_REQUEST_CONDITION)),
        omitempty(2, "certificate", BYTES),
    ],
);

pub static CERTIFICATE_SIGNING_REQUEST_CONDITION: Message = Message::new(
    "k8s.io.api.certificates.v1.CertificateSigningRequestCondition",
    &[
        field(1, "type", STRING),
        omitempty(2, "reason", STRING),
        omitempty(3, "message", STRING),
        field(4, "lastUpdateTime", TIME),
        field(5, "lastTransitionTime", TIME),
        field(6, "status", STRING),
    ],
);
