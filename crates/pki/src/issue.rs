//! Certificate generation with rcgen: the CA, the API server's serving certificate and
//! client certificates. Every certificate gets an explicit validity, a random serial, a
//! distinguished name, key usages and (for leaves) extended key usages — never rcgen's
//! defaults (1975–4096, CN "rcgen self signed cert", serial derived from the key).

use std::collections::BTreeSet;
use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose, SanType, SerialNumber, PKCS_ECDSA_P256_SHA256,
};
use rustls::pki_types::pem::PemObject;
use x509_parser::time::ASN1Time;

use crate::{der, PkiError};

/// Common name of the cluster CA.
pub(crate) const CA_COMMON_NAME: &str = "skiff-ca";
/// Common name of the API server's serving certificate.
pub(crate) const SERVING_COMMON_NAME: &str = "skiff-apiserver";
/// User and group of the admin client certificate written into kubeconfigs.
pub(crate) const ADMIN_USER: &str = "skiff-admin";
pub(crate) const ADMIN_GROUP: &str = "system:masters";

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
/// Backdating of `notBefore`, so that peers with a slightly slow clock accept new certificates.
const BACKDATE: i64 = HOUR;
pub(crate) const CA_LIFETIME: i64 = 3650 * DAY;
pub(crate) const LEAF_LIFETIME: i64 = 365 * DAY;
/// A leaf certificate expiring sooner than this is re-issued by `ClusterPki::ensure`.
pub(crate) const RENEW_BEFORE: i64 = 30 * DAY;

/// Names the serving certificate always carries, whatever the caller asks for.
pub(crate) const DEFAULT_SANS: &[&str] = &[
    "127.0.0.1",
    "::1",
    "localhost",
    "kubernetes",
    "kubernetes.default",
    "kubernetes.default.svc",
    "kubernetes.default.svc.cluster.local",
];

/// A freshly issued certificate and its private key, both PEM.
pub(crate) struct Issued {
    pub(crate) cert_pem: String,
    pub(crate) key_pem: String,
}

/// A subject alternative name, normalised (DNS names lower-cased) so sets compare sanely.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SanName {
    Ip(IpAddr),
    Dns(String),
}

impl SanName {
    /// Parses an IP address (IPv6 optionally in brackets) or a DNS name (optionally a
    /// leading `*.` wildcard).
    pub(crate) fn parse(raw: &str) -> Result<SanName, PkiError> {
        let s = raw.trim();
        let unbracketed = s.strip_prefix('[').and_then(|v| v.strip_suffix(']')).unwrap_or(s);
        if let Ok(ip) = unbracketed.parse::<IpAddr>() {
            return Ok(SanName::Ip(ip));
        }
        let name = s.strip_suffix('.').unwrap_or(s).to_ascii_lowercase();
        let labels = name.strip_prefix("*.").unwrap_or(&name);
        let valid = !labels.is_empty()
            && name.len() <= 253
            && labels.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if !valid {
            return Err(PkiError::InvalidSan(raw.to_string()));
        }
        Ok(SanName::Dns(name))
    }

    fn to_rcgen(&self) -> Result<SanType, PkiError> {
        Ok(match self {
            SanName::Ip(ip) => SanType::IpAddress(*ip),
            SanName::Dns(name) => SanType::DnsName(
                name.clone()
                    .try_into()
                    .map_err(|_| PkiError::InvalidSan(name.clone()))?,
            ),
        })
    }
}

/// The defaults plus every requested name, deduplicated.
pub(crate) fn requested_sans(sans: &[String]) -> Result<BTreeSet<SanName>, PkiError> {
    let mut set = BTreeSet::new();
    for raw in DEFAULT_SANS
        .iter()
        .copied()
        .chain(sans.iter().map(String::as_str))
    {
        if raw.trim().is_empty() {
            continue;
        }
        set.insert(SanName::parse(raw)?);
    }
    Ok(set)
}

/// A new self-signed CA: ECDSA P-256, CN "skiff-ca", valid ten years.
pub(crate) fn new_ca(now: i64) -> Result<Issued, PkiError> {
    let key = generate_key("CA key")?;
    let mut params = base_params(now, now + CA_LIFETIME)?;
    params.distinguished_name.push(DnType::CommonName, CA_COMMON_NAME);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let cert = params.self_signed(&key).map_err(|source| PkiError::Generate {
        what: "CA certificate",
        source,
    })?;
    Ok(Issued {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    })
}

/// The API server's serving certificate for `sans`, valid a year (never past the CA).
pub(crate) fn serving_cert(
    issuer: &Issuer<'_, KeyPair>,
    ca_not_after: i64,
    sans: &BTreeSet<SanName>,
    now: i64,
) -> Result<Issued, PkiError> {
    let mut params = leaf_params(now, ca_not_after)?;
    params
        .distinguished_name
        .push(DnType::CommonName, SERVING_COMMON_NAME);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.subject_alt_names = sans.iter().map(SanName::to_rcgen).collect::<Result<_, _>>()?;
    sign_leaf(&params, issuer, "serving certificate")
}

/// A client certificate: CN = `user`, one O per group, EKU clientAuth, valid a year (never
/// past the CA).
pub(crate) fn client_cert(
    issuer: &Issuer<'_, KeyPair>,
    ca_not_after: i64,
    user: &str,
    groups: &[&str],
    now: i64,
) -> Result<Issued, PkiError> {
    if user.is_empty() {
        return Err(PkiError::InvalidSubject {
            what: "user",
            value: user.into(),
        });
    }
    if let Some(g) = groups.iter().find(|g| g.is_empty()) {
        return Err(PkiError::InvalidSubject {
            what: "group",
            value: g.to_string(),
        });
    }
    let mut params = leaf_params(now, ca_not_after)?;
    if let Some(first) = groups.first() {
        params.distinguished_name.push(DnType::OrganizationName, *first);
    }
    params.distinguished_name.push(DnType::CommonName, user);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let mut issued = sign_leaf(&params, issuer, "client certificate")?;
    if groups.len() > 1 {
        // rcgen keeps one O per subject: put the full subject in and sign again.
        let der = rustls::pki_types::CertificateDer::from_pem_slice(issued.cert_pem.as_bytes())
            .map_err(|e| PkiError::ParseCert(format!("rcgen PEM: {e}")))?;
        let der = der::replace_subject(&der, &der::subject_name(user, groups), issuer.key())?;
        issued.cert_pem = der::certificate_pem(&der);
    }
    Ok(issued)
}

fn leaf_params(now: i64, ca_not_after: i64) -> Result<CertificateParams, PkiError> {
    let mut params = base_params(now, (now + LEAF_LIFETIME).min(ca_not_after))?;
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.use_authority_key_identifier_extension = true;
    Ok(params)
}

fn sign_leaf(
    params: &CertificateParams,
    issuer: &Issuer<'_, KeyPair>,
    what: &'static str,
) -> Result<Issued, PkiError> {
    let key = generate_key(what)?;
    let cert = params
        .signed_by(&key, issuer)
        .map_err(|source| PkiError::Generate { what, source })?;
    Ok(Issued {
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
    })
}

/// Parameters with an empty DN (rcgen's default carries a placeholder CN), a random serial and
/// validity from one hour before `now` to `not_after`.
fn base_params(now: i64, not_after: i64) -> Result<CertificateParams, PkiError> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.serial_number = Some(random_serial());
    set_validity(&mut params, now - BACKDATE, not_after)?;
    Ok(params)
}

fn generate_key(what: &'static str) -> Result<KeyPair, PkiError> {
    KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(|source| PkiError::Generate { what, source })
}

/// 128 random bits, positive, with no leading zero byte (RFC 5280 allows up to 20 octets).
fn random_serial() -> SerialNumber {
    let mut bytes: [u8; 16] = rand::random();
    bytes[0] = (bytes[0] & 0x7f) | 0x40;
    SerialNumber::from_slice(&bytes)
}

/// Sets the validity from Unix seconds. The date-time type rcgen takes is obtained through
/// x509-parser, which uses the same `time` crate, so this crate needs no direct dependency on it.
fn set_validity(params: &mut CertificateParams, not_before: i64, not_after: i64) -> Result<(), PkiError> {
    let at = |unix: i64| {
        ASN1Time::from_timestamp(unix)
            .map(|t| t.to_datetime())
            .map_err(|_| PkiError::InvalidValidity(unix))
    };
    params.not_before = at(not_before)?;
    params.not_after = at(not_after)?;
    Ok(())
}
