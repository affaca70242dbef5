//! The crate's error type.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong creating, loading or using the cluster PKI.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// A directory could not be created.
    #[error("creating directory {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },

    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Read { path: PathBuf, source: io::Error },

    /// A file could not be written (or its permissions set).
    #[error("writing {path}: {source}")]
    Write { path: PathBuf, source: io::Error },

    /// A certificate or key file exists but its content is unusable.
    #[error("{path}: {reason}")]
    InvalidFile { path: PathBuf, reason: String },

    /// The CA certificate is on disk but its private key is not: nothing can be signed, and
    /// silently creating a new CA would invalidate every kubeconfig handed out so far.
    #[error("CA certificate {cert} exists but its private key {key} is missing")]
    CaKeyMissing { cert: PathBuf, key: PathBuf },

    /// A requested subject alternative name is neither an IP address nor a valid DNS name.
    #[error("invalid subject alternative name {0:?}")]
    InvalidSan(String),

    /// A requested subject field (user name, group) cannot be put in a certificate.
    #[error("invalid certificate subject {what} {value:?}")]
    InvalidSubject { what: &'static str, value: String },

    /// A validity bound (Unix seconds) is outside what a certificate can express.
    #[error("certificate validity timestamp {0} out of range")]
    InvalidValidity(i64),

    /// rcgen failed to generate a key or sign a certificate.
    #[error("generating {what}: {source}")]
    Generate {
        what: &'static str,
        source: rcgen::Error,
    },

    /// A DER certificate (e.g. a TLS peer's) could not be parsed.
    #[error("parsing certificate: {0}")]
    ParseCert(String),

    /// A peer certificate has no subject common name, so it names no user.
    #[error("certificate subject has no common name")]
    NoCommonName,

    /// rustls rejected the certificate, key or protocol configuration.
    #[error("building TLS configuration: {0}")]
    Tls(#[from] rustls::Error),

    /// rustls could not build the client-certificate verifier.
    #[error("building client certificate verifier: {0}")]
    ClientVerifier(#[from] rustls::server::VerifierBuilderError),
}
