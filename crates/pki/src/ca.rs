//! The cluster CA: created once, then loaded from disk and used to sign leaves.

use std::path::Path;

use rcgen::{Issuer, KeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::files::{self, PRIVATE, PUBLIC};
use crate::{issue, PkiError};

/// The CA certificate and key, validated on load.
#[derive(Clone)]
pub(crate) struct Ca {
    pub(crate) cert_pem: String,
    pub(crate) key_pem: String,
    pub(crate) der: CertificateDer<'static>,
    pub(crate) not_after: i64,
}

impl Ca {
    /// Loads the CA from `cert_path`/`key_path`, creating it if neither exists. A key without a
    /// certificate (a crash between the two writes, which go key first) is replaced; a
    /// certificate without its key is an error, since nothing it vouches for could be re-signed.
    pub(crate) fn load_or_create(cert_path: &Path, key_path: &Path, now: i64) -> Result<Ca, PkiError> {
        let cert = files::read_optional(cert_path)?;
        let key = files::read_optional(key_path)?;
        match (cert, key) {
            (Some(cert_pem), Some(key_pem)) => {
                files::restrict_mode(key_path)?;
                Ca::from_pems(cert_pem, key_pem, cert_path, key_path)
            }
            (Some(_), None) => Err(PkiError::CaKeyMissing {
                cert: cert_path.to_path_buf(),
                key: key_path.to_path_buf(),
            }),
            (None, _) => {
                let issued = issue::new_ca(now)?;
                files::write_atomic(key_path, issued.key_pem.as_bytes(), PRIVATE)?;
                files::write_atomic(cert_path, issued.cert_pem.as_bytes(), PUBLIC)?;
                Ca::from_pems(issued.cert_pem, issued.key_pem, cert_path, key_path)
            }
        }
    }

    /// Checks that the certificate is a CA and that the key is its key.
    fn from_pems(
        cert_pem: String,
        key_pem: String,
        cert_path: &Path,
        key_path: &Path,
    ) -> Result<Ca, PkiError> {
        let invalid = |path: &Path, reason: String| PkiError::InvalidFile {
            path: path.to_path_buf(),
            reason,
        };
        let der = CertificateDer::from_pem_slice(cert_pem.as_bytes())
            .map_err(|e| invalid(cert_path, format!("no PEM certificate: {e}")))?;
        let (_, x509) = X509Certificate::from_der(&der)
            .map_err(|e| invalid(cert_path, format!("unparsable certificate: {e}")))?;
        if !x509.is_ca() {
            return Err(invalid(
                cert_path,
                "certificate is not a CA (basicConstraints cA=false)".into(),
            ));
        }
        let key = KeyPair::from_pem(&key_pem)
            .map_err(|e| invalid(key_path, format!("unparsable private key: {e}")))?;
        if key.public_key_raw() != &*x509.public_key().subject_public_key.data {
            return Err(invalid(
                key_path,
                format!("key does not match {}", cert_path.display()),
            ));
        }
        let not_after = x509.validity().not_after.timestamp();
        Ok(Ca {
            cert_pem,
            key_pem,
            der,
            not_after,
        })
    }

    /// An rcgen issuer signing with this CA's key and naming its subject.
    pub(crate) fn issuer(&self) -> Result<Issuer<'static, KeyPair>, PkiError> {
        let generate = |source| PkiError::Generate {
            what: "CA issuer",
            source,
        };
        let key = KeyPair::from_pem(&self.key_pem).map_err(generate)?;
        Issuer::from_ca_cert_pem(&self.cert_pem, key).map_err(generate)
    }

    /// Whether `cert_pem`/`key_pem` form a leaf this CA signed that is still good at `now` for
    /// at least [`issue::RENEW_BEFORE`] and (if given) names every SAN in `required`.
    /// `Err` carries the reason to re-issue.
    pub(crate) fn leaf_reusable(
        &self,
        cert_pem: &str,
        key_pem: &str,
        now: i64,
        required: Option<&std::collections::BTreeSet<issue::SanName>>,
    ) -> Result<(), String> {
        let der = CertificateDer::from_pem_slice(cert_pem.as_bytes()).map_err(|e| format!("no PEM: {e}"))?;
        let (_, leaf) = X509Certificate::from_der(&der).map_err(|e| format!("unparsable: {e}"))?;
        let (_, ca) = X509Certificate::from_der(&self.der).map_err(|e| format!("CA unparsable: {e}"))?;
        if leaf.issuer() != ca.subject() {
            return Err("issued by another CA".into());
        }
        leaf.verify_signature(Some(ca.public_key()))
            .map_err(|_| "not signed by the current CA".to_string())?;
        let key = KeyPair::from_pem(key_pem).map_err(|e| format!("unparsable key: {e}"))?;
        if key.public_key_raw() != &*leaf.public_key().subject_public_key.data {
            return Err("key does not match certificate".into());
        }
        if leaf.validity().not_after.timestamp() - now < issue::RENEW_BEFORE {
            return Err("expires within 30 days".into());
        }
        if let Some(required) = required {
            let have = crate::identity::sans_of(&leaf)?;
            if let Some(missing) = required.iter().find(|san| !have.contains(san)) {
                return Err(format!("does not cover {missing:?}"));
            }
        }
        Ok(())
    }
}
