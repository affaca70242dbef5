//! Who a verified client certificate names, the way kube-apiserver's x509 authenticator reads it.

use std::collections::BTreeSet;
use std::net::IpAddr;

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

use crate::issue::SanName;
use crate::PkiError;

/// The identity a client certificate asserts: subject CN is the user name, every subject O is
/// a group. Only meaningful for a certificate whose chain the TLS layer has already verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertIdentity {
    pub user: String,
    pub groups: Vec<String>,
}

/// Reads the identity from a DER certificate (e.g. `ServerConnection::peer_certificates()[0]`).
/// This does not verify anything. As in Go's `pkix.Name`, the last CN wins; Os keep their order.
pub fn identity_from_cert(der: &[u8]) -> Result<CertIdentity, PkiError> {
    let (_, cert) = X509Certificate::from_der(der).map_err(|e| PkiError::ParseCert(e.to_string()))?;
    let subject = cert.subject();
    let text = |attr: &x509_parser::x509::AttributeTypeAndValue<'_>| {
        attr.as_str()
            .map(str::to_owned)
            .map_err(|e| PkiError::ParseCert(format!("subject attribute: {e}")))
    };
    let user = match subject.iter_common_name().last() {
        Some(cn) => text(cn)?,
        None => return Err(PkiError::NoCommonName),
    };
    if user.is_empty() {
        return Err(PkiError::NoCommonName);
    }
    let groups = subject.iter_organization().map(text).collect::<Result<_, _>>()?;
    Ok(CertIdentity { user, groups })
}

/// The DNS and IP subject alternative names of a certificate, normalised like requested ones.
pub(crate) fn sans_of(cert: &X509Certificate<'_>) -> Result<BTreeSet<SanName>, String> {
    let ext = cert
        .subject_alternative_name()
        .map_err(|e| format!("bad subjectAltName: {e}"))?;
    let mut out = BTreeSet::new();
    for name in ext.iter().flat_map(|e| e.value.general_names.iter()) {
        match name {
            GeneralName::DNSName(dns) => {
                if let Ok(san) = SanName::parse(dns) {
                    out.insert(san);
                }
            }
            GeneralName::IPAddress(bytes) => {
                let ip = match bytes.len() {
                    4 => IpAddr::from(<[u8; 4]>::try_from(*bytes).expect("length checked")),
                    16 => IpAddr::from(<[u8; 16]>::try_from(*bytes).expect("length checked")),
                    _ => continue,
                };
                out.insert(SanName::Ip(ip));
            }
            _ => {}
        }
    }
    Ok(out)
}
