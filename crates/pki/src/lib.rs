//! The cluster's certificate authority and the files derived from it.
//!
//! `skiff-pki` owns, under one directory (`skiff server --data-dir DIR` uses `DIR/tls/`):
//!
//! * the cluster CA (`ca.crt`, `ca.key`): ECDSA P-256, CN `skiff-ca`, ten years;
//! * the API server's serving certificate (`apiserver.crt`, `apiserver.key`): one year, EKU
//!   serverAuth, SANs = the caller's names plus `127.0.0.1`, `::1`, `localhost` and the
//!   `kubernetes.default.svc…` names; re-issued when it stops covering the requested names or
//!   comes within 30 days of expiry;
//! * the admin client certificate (`admin.crt`, `admin.key`): CN `skiff-admin`,
//!   O `system:masters`, EKU clientAuth (re-issued likewise near expiry);
//!
//! and derives from them a rustls [`ServerConfig`](rustls::ServerConfig) (client certificates
//! optional but verified against the CA), admin kubeconfigs, further client certificates, and
//! the user/groups identity of a verified client certificate ([`identity_from_cert`]).
//!
//! It must not: decide authorization (it only reports the CN/O a certificate asserts), verify
//! chains itself (rustls does), replace an existing CA (a CA certificate without its key is an
//! error, not a reason to start over), or depend on a process-wide rustls crypto provider (ring
//! is passed explicitly, so it never panics on provider selection). Private keys and
//! kubeconfigs are written 0600, every file atomically (temporary file + rename). Concurrent
//! `ensure` calls on one directory from several processes are not coordinated.

mod ca;
mod der;
mod error;
mod files;
mod identity;
mod issue;
mod kubeconfig;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

pub use error::PkiError;
pub use identity::{identity_from_cert, CertIdentity};

use ca::Ca;
use files::{PRIVATE, PUBLIC};

const CA_CERT: &str = "ca.crt";
const CA_KEY: &str = "ca.key";
const SERVING_CERT: &str = "apiserver.crt";
const SERVING_KEY: &str = "apiserver.key";
const ADMIN_CERT: &str = "admin.crt";
const ADMIN_KEY: &str = "admin.key";

/// The cluster PKI loaded from (and kept in) one directory. Cheap to clone: PEM text only.
#[derive(Clone)]
pub struct ClusterPki {
    dir: PathBuf,
    ca: Ca,
    serving: Pair,
    admin: Pair,
}

#[derive(Clone)]
struct Pair {
    cert_pem: String,
    key_pem: String,
}

impl fmt::Debug for ClusterPki {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClusterPki")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl ClusterPki {
    /// Creates the CA, serving certificate and admin certificate under `dir` on first use;
    /// afterwards reuses them, re-issuing (with the same CA) a serving certificate that does not
    /// cover every name in `sans` (IP addresses or DNS names) plus the defaults, and any leaf
    /// that is not signed by the CA, does not match its key, or expires within 30 days.
    pub fn ensure(dir: &Path, sans: &[String]) -> Result<ClusterPki, PkiError> {
        Self::ensure_at(dir, sans, jiff::Timestamp::now().as_second())
    }

    /// [`ensure`](Self::ensure) with an explicit clock (Unix seconds), for tests.
    fn ensure_at(dir: &Path, sans: &[String], now: i64) -> Result<ClusterPki, PkiError> {
        let requested = issue::requested_sans(sans)?;
        files::create_dir(dir, 0o700)?;
        let ca = Ca::load_or_create(&dir.join(CA_CERT), &dir.join(CA_KEY), now)?;
        let serving = ensure_leaf(
            &ca,
            dir,
            SERVING_CERT,
            SERVING_KEY,
            now,
            Some(&requested),
            |issuer| issue::serving_cert(issuer, ca.not_after, &requested, now),
        )?;
        let admin = ensure_leaf(&ca, dir, ADMIN_CERT, ADMIN_KEY, now, None, |issuer| {
            issue::client_cert(
                issuer,
                ca.not_after,
                issue::ADMIN_USER,
                &[issue::ADMIN_GROUP],
                now,
            )
        })?;
        Ok(ClusterPki {
            dir: dir.to_path_buf(),
            ca,
            serving,
            admin,
        })
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca.cert_pem
    }

    /// The directory holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Path of the CA certificate (`<dir>/ca.crt`), e.g. for `--certificate-authority`.
    pub fn ca_cert_path(&self) -> PathBuf {
        self.dir.join(CA_CERT)
    }

    /// A rustls server configuration: the serving certificate, ALPN `h2` then `http/1.1`, and
    /// client certificates verified against the CA but optional (token clients still connect).
    /// Uses the ring provider explicitly. Read the identity of a verified client with
    /// [`identity_from_cert`] on `peer_certificates()[0]`.
    pub fn server_config(&self) -> Result<rustls::ServerConfig, PkiError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.ca.der.clone())?;
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .allow_unauthenticated()
                .build()?;
        let chain = vec![self.pem_cert(&self.serving.cert_pem, SERVING_CERT)?];
        let key = PrivateKeyDer::from_pem_slice(self.serving.key_pem.as_bytes()).map_err(|e| {
            PkiError::InvalidFile {
                path: self.dir.join(SERVING_KEY),
                reason: format!("no PEM private key: {e}"),
            }
        })?;
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_client_cert_verifier(verifier)
            .with_single_cert(chain, key)?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }

    /// Writes an admin kubeconfig to `path` (mode 0600, parent directories created): cluster,
    /// user and context all named `default`, the CA, `server_url`, and the admin certificate
    /// and key embedded as `*-data` fields.
    pub fn write_kubeconfig(&self, path: &Path, server_url: &str) -> Result<(), PkiError> {
        if let Some(parent) = path.parent() {
            files::create_dir(parent, 0o755)?;
        }
        let text = kubeconfig::render(
            &self.ca.cert_pem,
            server_url,
            &self.admin.cert_pem,
            &self.admin.key_pem,
        );
        files::write_atomic(path, text.as_bytes(), PRIVATE)
    }

    /// Issues a client certificate (CN = `user`, one O per group, EKU clientAuth, one year but
    /// never past the CA) signed by the CA. Returns `(certificate PEM, private key PEM)`;
    /// nothing is written to disk.
    pub fn issue_client_cert(&self, user: &str, groups: &[&str]) -> Result<(String, String), PkiError> {
        let now = jiff::Timestamp::now().as_second();
        let issued = issue::client_cert(&self.ca.issuer()?, self.ca.not_after, user, groups, now)?;
        Ok((issued.cert_pem, issued.key_pem))
    }

    fn pem_cert(&self, pem: &str, file: &str) -> Result<CertificateDer<'static>, PkiError> {
        CertificateDer::from_pem_slice(pem.as_bytes()).map_err(|e| PkiError::InvalidFile {
            path: self.dir.join(file),
            reason: format!("no PEM certificate: {e}"),
        })
    }
}

/// Loads the leaf `cert`/`key` from `dir` if the CA accepts it as reusable, else issues a new
/// one with `issue` and writes it (key first: a crash in between leaves a mismatched pair,
/// which the next call detects and replaces).
fn ensure_leaf(
    ca: &Ca,
    dir: &Path,
    cert: &str,
    key: &str,
    now: i64,
    required: Option<&std::collections::BTreeSet<issue::SanName>>,
    issue: impl FnOnce(&rcgen::Issuer<'static, rcgen::KeyPair>) -> Result<issue::Issued, PkiError>,
) -> Result<Pair, PkiError> {
    let (cert_path, key_path) = (dir.join(cert), dir.join(key));
    if let (Some(cert_pem), Some(key_pem)) = (
        files::read_optional(&cert_path)?,
        files::read_optional(&key_path)?,
    ) {
        if ca.leaf_reusable(&cert_pem, &key_pem, now, required).is_ok() {
            files::restrict_mode(&key_path)?;
            return Ok(Pair { cert_pem, key_pem });
        }
    }
    let issued = issue(&ca.issuer()?)?;
    files::write_atomic(&key_path, issued.key_pem.as_bytes(), PRIVATE)?;
    files::write_atomic(&cert_path, issued.cert_pem.as_bytes(), PUBLIC)?;
    Ok(Pair {
        cert_pem: issued.cert_pem,
        key_pem: issued.key_pem,
    })
}
