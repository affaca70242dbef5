//! Crate tests: file lifecycle, certificate contents, kubeconfig, and real TLS handshakes.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::*;

const DAY: i64 = 86_400;

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap()
}

fn der(pem: &str) -> CertificateDer<'static> {
    CertificateDer::from_pem_slice(pem.as_bytes()).unwrap()
}

fn sans(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn ensure_twice_reuses_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tls");
    let first = ClusterPki::ensure(&dir, &sans(&["10.0.0.5", "node1.example"])).unwrap();
    let files = [CA_CERT, CA_KEY, SERVING_CERT, SERVING_KEY, ADMIN_CERT, ADMIN_KEY];
    let before: Vec<String> = files.iter().map(|f| read(&dir, f)).collect();
    assert_eq!(first.ca_pem(), before[0]);

    let second = ClusterPki::ensure(&dir, &sans(&["10.0.0.5", "node1.example"])).unwrap();
    let after: Vec<String> = files.iter().map(|f| read(&dir, f)).collect();
    assert_eq!(before, after);
    assert_eq!(first.ca_pem(), second.ca_pem());
    assert_eq!(first.serving.cert_pem, second.serving.cert_pem);
    assert_eq!(first.admin.cert_pem, second.admin.cert_pem);
    // A subset of the names (and the defaults, spelled differently) needs no new certificate.
    ClusterPki::ensure(&dir, &sans(&["NODE1.example.", "127.0.0.1"])).unwrap();
    assert_eq!(read(&dir, SERVING_CERT), before[2]);

    #[cfg(unix)]
    {
        assert_eq!(mode(&dir), 0o700);
        for key in [CA_KEY, SERVING_KEY, ADMIN_KEY] {
            assert_eq!(mode(&dir.join(key)), 0o600, "{key}");
        }
        assert_eq!(mode(&dir.join(CA_CERT)), 0o644);
    }
    // Only the six files: no temporaries left behind.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 6);
}

#[test]
fn new_san_reissues_serving_cert_with_same_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let first = ClusterPki::ensure(tmp.path(), &sans(&["10.0.0.5"])).unwrap();
    let second = ClusterPki::ensure(tmp.path(), &sans(&["10.0.0.5", "api.example.com", "fd00::1"])).unwrap();
    assert_eq!(first.ca_pem(), second.ca_pem());
    assert_eq!(first.ca.key_pem, second.ca.key_pem);
    assert_eq!(first.admin.cert_pem, second.admin.cert_pem);
    assert_ne!(first.serving.cert_pem, second.serving.cert_pem);
    assert_ne!(first.serving.key_pem, second.serving.key_pem);
    assert_eq!(read(tmp.path(), SERVING_CERT), second.serving.cert_pem);

    let required = issue::requested_sans(&sans(&["10.0.0.5", "api.example.com", "fd00::1"])).unwrap();
    second
        .ca
        .leaf_reusable(
            &second.serving.cert_pem,
            &second.serving.key_pem,
            now(),
            Some(&required),
        )
        .unwrap();
    assert!(first
        .ca
        .leaf_reusable(
            &first.serving.cert_pem,
            &first.serving.key_pem,
            now(),
            Some(&required)
        )
        .is_err());
}

#[test]
fn near_expiry_reissues_leaves_not_ca() {
    let tmp = tempfile::tempdir().unwrap();
    let t0 = now();
    let first = ClusterPki::ensure_at(tmp.path(), &[], t0).unwrap();
    // 29 days before the one-year leaves expire: still fine.
    let same = ClusterPki::ensure_at(tmp.path(), &[], t0 + 365 * DAY - 31 * DAY).unwrap();
    assert_eq!(first.serving.cert_pem, same.serving.cert_pem);
    let later = ClusterPki::ensure_at(tmp.path(), &[], t0 + 365 * DAY - 29 * DAY).unwrap();
    assert_eq!(first.ca_pem(), later.ca_pem());
    assert_ne!(first.serving.cert_pem, later.serving.cert_pem);
    assert_ne!(first.admin.cert_pem, later.admin.cert_pem);
}

#[test]
fn leaves_from_another_ca_or_mismatched_keys_are_replaced() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let pki_a = ClusterPki::ensure(a.path(), &[]).unwrap();
    ClusterPki::ensure(b.path(), &[]).unwrap();
    // Give A the CA of B: A's leaves no longer chain to its CA.
    for f in [CA_CERT, CA_KEY] {
        fs::copy(b.path().join(f), a.path().join(f)).unwrap();
    }
    let again = ClusterPki::ensure(a.path(), &[]).unwrap();
    assert_eq!(again.ca_pem(), read(b.path(), CA_CERT));
    assert_ne!(again.serving.cert_pem, pki_a.serving.cert_pem);
    assert_ne!(again.admin.cert_pem, pki_a.admin.cert_pem);

    // A serving key that does not belong to the certificate.
    fs::copy(a.path().join(ADMIN_KEY), a.path().join(SERVING_KEY)).unwrap();
    let fixed = ClusterPki::ensure(a.path(), &[]).unwrap();
    assert_ne!(fixed.serving.cert_pem, again.serving.cert_pem);
    fixed.server_config().unwrap();
}

#[test]
fn ca_key_handling() {
    let tmp = tempfile::tempdir().unwrap();
    ClusterPki::ensure(tmp.path(), &[]).unwrap();
    fs::remove_file(tmp.path().join(CA_KEY)).unwrap();
    let err = ClusterPki::ensure(tmp.path(), &[]).unwrap_err();
    assert!(matches!(err, PkiError::CaKeyMissing { .. }), "{err}");
    assert!(err.to_string().contains("ca.key"), "{err}");

    // A key without a certificate (crash between the writes) is replaced by a new CA.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(CA_KEY), "stale").unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    assert_ne!(read(tmp.path(), CA_KEY), "stale");
    pki.server_config().unwrap();

    // A corrupt CA certificate is reported with its path.
    fs::write(tmp.path().join(CA_CERT), "garbage").unwrap();
    let err = ClusterPki::ensure(tmp.path(), &[]).unwrap_err();
    assert!(
        matches!(&err, PkiError::InvalidFile { path, .. } if path.ends_with(CA_CERT)),
        "{err}"
    );
}

#[test]
fn invalid_san_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["bad name", "exa mple.com", "-x.com", "a..b", "ünïcode.com"] {
        let err = ClusterPki::ensure(tmp.path(), &sans(&[bad])).unwrap_err();
        assert!(matches!(err, PkiError::InvalidSan(_)), "{bad}: {err}");
    }
    // Nothing was created for a rejected request.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
    ClusterPki::ensure(
        tmp.path(),
        &sans(&["[fd00::2]", "*.apps.example", "", "my_host.local"]),
    )
    .unwrap();
}

#[test]
fn certificate_contents() {
    let tmp = tempfile::tempdir().unwrap();
    let t0 = now();
    let pki = ClusterPki::ensure(tmp.path(), &sans(&["192.168.1.10", "skiff.example"])).unwrap();

    let ca_der = der(pki.ca_pem());
    let (_, ca) = X509Certificate::from_der(&ca_der).unwrap();
    assert!(ca.is_ca());
    assert_eq!(
        ca.subject().iter_common_name().next().unwrap().as_str().unwrap(),
        "skiff-ca"
    );
    assert_eq!(ca.subject(), ca.issuer());
    let ku = ca.key_usage().unwrap().unwrap().value;
    assert!(ku.key_cert_sign() && ku.crl_sign() && ku.digital_signature());
    let nb = ca.validity().not_before.timestamp();
    assert!(
        (t0 - 3600 - 5..=t0 - 3600 + 5).contains(&nb),
        "CA notBefore {nb} vs now {t0}"
    );
    let ca_days = (ca.validity().not_after.timestamp() - nb) / DAY;
    assert!((3649..=3651).contains(&ca_days), "{ca_days}");
    assert_eq!(
        ca.public_key().algorithm.algorithm,
        x509_parser::oid_registry::OID_KEY_TYPE_EC_PUBLIC_KEY
    );

    let serving_der = der(&pki.serving.cert_pem);
    let (_, serving) = X509Certificate::from_der(&serving_der).unwrap();
    assert!(!serving.is_ca());
    assert_eq!(serving.issuer(), ca.subject());
    serving.verify_signature(Some(ca.public_key())).unwrap();
    let eku = serving.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.server_auth && !eku.client_auth);
    let ku = serving.key_usage().unwrap().unwrap().value;
    assert!(ku.digital_signature() && ku.key_encipherment() && !ku.key_cert_sign());
    let days = (serving.validity().not_after.timestamp() - t0) / DAY;
    assert!((364..=365).contains(&days), "{days}");
    let names = identity::sans_of(&serving).unwrap();
    for want in issue::DEFAULT_SANS
        .iter()
        .chain(&["192.168.1.10", "skiff.example"])
    {
        assert!(
            names.contains(&issue::SanName::parse(want).unwrap()),
            "missing {want}"
        );
    }

    let admin_der = der(&pki.admin.cert_pem);
    let (_, admin) = X509Certificate::from_der(&admin_der).unwrap();
    let eku = admin.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.client_auth && !eku.server_auth);

    // Serials: random, 16 bytes, positive, all different.
    let serials = [ca.raw_serial(), serving.raw_serial(), admin.raw_serial()];
    for s in serials {
        assert_eq!(s.len(), 16, "{s:x?}");
        assert!(s[0] & 0x80 == 0);
    }
    assert!(serials[0] != serials[1] && serials[1] != serials[2] && serials[0] != serials[2]);
}

#[test]
fn identity_from_issued_and_admin_certs() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    let (cert, key) = pki
        .issue_client_cert("alice", &["dev", "system:authenticated"])
        .unwrap();
    assert!(key.contains("PRIVATE KEY"));
    let cert_der = der(&cert);
    let id = identity_from_cert(&cert_der).unwrap();
    assert_eq!(
        id,
        CertIdentity {
            user: "alice".into(),
            groups: vec!["dev".into(), "system:authenticated".into()]
        }
    );
    // The multi-group certificate kept everything else rcgen put in, and verifies against the CA.
    let ca_der = der(pki.ca_pem());
    let (_, ca) = X509Certificate::from_der(&ca_der).unwrap();
    let (rest, x509) = X509Certificate::from_der(&cert_der).unwrap();
    assert!(rest.is_empty());
    x509.verify_signature(Some(ca.public_key())).unwrap();
    assert_eq!(x509.issuer(), ca.subject());
    assert!(x509.extended_key_usage().unwrap().unwrap().value.client_auth);
    assert!(x509
        .extensions()
        .iter()
        .any(|e| e.oid == x509_parser::oid_registry::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER));
    assert_eq!(x509.raw_serial().len(), 16);
    let key_pair = rcgen::KeyPair::from_pem(&key).unwrap();
    assert_eq!(
        key_pair.public_key_raw(),
        &*x509.public_key().subject_public_key.data
    );

    let (cert, _) = pki.issue_client_cert("system:node:n1", &[]).unwrap();
    let id = identity_from_cert(&der(&cert)).unwrap();
    assert_eq!((id.user.as_str(), id.groups.len()), ("system:node:n1", 0));

    let admin = identity_from_cert(&der(&pki.admin.cert_pem)).unwrap();
    assert_eq!(admin.user, "skiff-admin");
    assert_eq!(admin.groups, vec!["system:masters".to_string()]);

    // The CA has no O: no groups.
    assert!(identity_from_cert(&der(pki.ca_pem())).unwrap().groups.is_empty());
    assert!(matches!(
        identity_from_cert(b"not a cert"),
        Err(PkiError::ParseCert(_))
    ));
    assert!(matches!(
        pki.issue_client_cert("", &[]),
        Err(PkiError::InvalidSubject { .. })
    ));
    assert!(matches!(
        pki.issue_client_cert("bob", &[""]),
        Err(PkiError::InvalidSubject { .. })
    ));
}

#[test]
fn kubeconfig_shape_and_mode() {
    use base64::Engine;
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(&tmp.path().join("tls"), &[]).unwrap();
    let path = tmp.path().join("etc/skiff/skiff.yaml");
    pki.write_kubeconfig(&path, "https://127.0.0.1:6443").unwrap();
    let text = fs::read_to_string(&path).unwrap();
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);

    let field = |name: &str| -> String {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name}: ")))
            .unwrap();
        let value = line.split_once(": ").unwrap().1;
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(value).unwrap()).unwrap()
    };
    assert_eq!(field("certificate-authority-data"), pki.ca_pem());
    assert_eq!(field("client-certificate-data"), pki.admin.cert_pem);
    assert_eq!(field("client-key-data"), pki.admin.key_pem);
    assert!(text.contains("    server: \"https://127.0.0.1:6443\"\n"));
    assert!(text.contains("current-context: default\n"));
    assert!(text.starts_with("apiVersion: v1\n"));
    assert!(text.contains("kind: Config\n"));

    // Rewriting replaces the file in place.
    pki.write_kubeconfig(&path, "https://[::1]:6443").unwrap();
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("server: \"https://[::1]:6443\""));
}

#[test]
fn server_config_builds_with_alpn() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    let config = pki.server_config().unwrap();
    assert_eq!(config.alpn_protocols, vec![b"h2".to_vec(), b"http/1.1".to_vec()]);
    assert!(format!("{pki:?}").contains("ClusterPki"));
    assert!(!format!("{pki:?}").contains("PRIVATE"));
}

// ---- TLS handshakes -------------------------------------------------------------------------

fn client_config(ca_pem: &str, client: Option<(&str, &str)>) -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(der(ca_pem)).unwrap();
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots);
    let mut config = match client {
        Some((cert, key)) => builder
            .with_client_auth_cert(
                vec![der(cert)],
                PrivateKeyDer::from_pem_slice(key.as_bytes()).unwrap(),
            )
            .unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Arc::new(config)
}

/// Shuttles TLS records between the two ends in memory until both finish the handshake.
fn handshake(client: &mut rustls::Connection, server: &mut rustls::Connection) -> Result<(), rustls::Error> {
    fn transfer(from: &mut rustls::Connection, to: &mut rustls::Connection) -> Result<(), rustls::Error> {
        let mut buf = Vec::new();
        while from.wants_write() {
            from.write_tls(&mut buf).unwrap();
        }
        let mut slice = &buf[..];
        while !slice.is_empty() {
            to.read_tls(&mut slice).unwrap();
            to.process_new_packets()?;
        }
        Ok(())
    }
    for _ in 0..10 {
        transfer(client, server)?;
        transfer(server, client)?;
        if !client.is_handshaking()
            && !server.is_handshaking()
            && !client.wants_write()
            && !server.wants_write()
        {
            return Ok(());
        }
    }
    panic!("handshake did not finish");
}

/// Runs a handshake as `server_name`; returns the server side on success.
fn connect(
    server_config: &Arc<rustls::ServerConfig>,
    client_config: Arc<rustls::ClientConfig>,
    server_name: &str,
) -> Result<rustls::ServerConnection, rustls::Error> {
    let name = ServerName::try_from(server_name.to_string()).unwrap();
    let mut client = rustls::Connection::Client(rustls::ClientConnection::new(client_config, name).unwrap());
    let mut server =
        rustls::Connection::Server(rustls::ServerConnection::new(server_config.clone()).unwrap());
    handshake(&mut client, &mut server)?;
    match server {
        rustls::Connection::Server(s) => Ok(s),
        rustls::Connection::Client(_) => unreachable!(),
    }
}

#[test]
fn handshake_with_admin_cert_yields_identity() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &sans(&["10.43.0.1"])).unwrap();
    let server_config = Arc::new(pki.server_config().unwrap());
    let client = client_config(pki.ca_pem(), Some((&pki.admin.cert_pem, &pki.admin.key_pem)));

    let server = connect(&server_config, client, "kubernetes.default.svc").unwrap();
    assert_eq!(server.alpn_protocol(), Some(&b"h2"[..]));
    let peer = server.peer_certificates().expect("client certificate verified");
    let id = identity_from_cert(&peer[0]).unwrap();
    assert_eq!(
        id,
        CertIdentity {
            user: "skiff-admin".into(),
            groups: vec!["system:masters".into()]
        }
    );

    // An issued client certificate works the same way.
    // An issued client certificate works the same way, with one group or several (the latter
    // re-signed after the subject swap, see `der.rs`).
    for groups in [&["dev"][..], &["dev", "ops", "system:authenticated"]] {
        let (cert, key) = pki.issue_client_cert("alice", groups).unwrap();
        let client = client_config(pki.ca_pem(), Some((&cert, &key)));
        let server = connect(&server_config, client, "10.43.0.1").unwrap();
        let id = identity_from_cert(&server.peer_certificates().unwrap()[0]).unwrap();
        assert_eq!(id.user, "alice");
        assert_eq!(
            id.groups,
            groups.iter().map(|g| g.to_string()).collect::<Vec<_>>()
        );
    }
}

#[test]
fn handshake_without_client_cert_is_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    let server_config = Arc::new(pki.server_config().unwrap());
    for name in [
        "localhost",
        "127.0.0.1",
        "::1",
        "kubernetes.default.svc.cluster.local",
    ] {
        let server = connect(&server_config, client_config(pki.ca_pem(), None), name).unwrap();
        assert!(server.peer_certificates().is_none(), "{name}");
    }
}

#[test]
fn handshake_rejects_foreign_client_cert_and_uncovered_name() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    let foreign = ClusterPki::ensure(other.path(), &[]).unwrap();
    let server_config = Arc::new(pki.server_config().unwrap());

    // A client certificate from another CA is refused (not silently ignored).
    let (cert, key) = foreign.issue_client_cert("mallory", &["system:masters"]).unwrap();
    let err = connect(
        &server_config,
        client_config(pki.ca_pem(), Some((&cert, &key))),
        "localhost",
    )
    .unwrap_err();
    assert!(matches!(err, rustls::Error::InvalidCertificate(_)), "{err:?}");

    // The serving certificate does not claim names it was not asked for.
    let err = connect(&server_config, client_config(pki.ca_pem(), None), "evil.example").unwrap_err();
    assert!(matches!(err, rustls::Error::InvalidCertificate(_)), "{err:?}");
    // And a client trusting another CA refuses this server.
    let err = connect(&server_config, client_config(foreign.ca_pem(), None), "localhost").unwrap_err();
    assert!(matches!(err, rustls::Error::InvalidCertificate(_)), "{err:?}");
}

#[test]
fn handshake_over_tcp_with_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let pki = ClusterPki::ensure(tmp.path(), &[]).unwrap();
    let server_config = Arc::new(pki.server_config().unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();

    let server = std::thread::spawn(move || {
        let mut out = Vec::new();
        for _ in 0..2 {
            let (tcp, _) = listener.accept().unwrap();
            let conn = rustls::ServerConnection::new(server_config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let mut line = [0u8; 5];
            tls.read_exact(&mut line).unwrap();
            let who = tls
                .conn
                .peer_certificates()
                .map(|c| identity_from_cert(&c[0]).unwrap().user)
                .unwrap_or_else(|| "anonymous".into());
            tls.write_all(who.as_bytes()).unwrap();
            tls.conn.send_close_notify();
            tls.flush().unwrap();
            out.push((line, who));
        }
        out
    });

    let admin = Some((pki.admin.cert_pem.as_str(), pki.admin.key_pem.as_str()));
    for client in [
        client_config(pki.ca_pem(), admin),
        client_config(pki.ca_pem(), None),
    ] {
        let name = ServerName::try_from("127.0.0.1").unwrap();
        let conn = rustls::ClientConnection::new(client, name).unwrap();
        let mut tls = rustls::StreamOwned::new(conn, TcpStream::connect(addr).unwrap());
        tls.write_all(b"hello").unwrap();
        let mut reply = String::new();
        tls.read_to_string(&mut reply).unwrap();
        assert!(reply == "skiff-admin" || reply == "anonymous", "{reply}");
    }
    let seen = server.join().unwrap();
    assert_eq!(seen[0], (*b"hello", "skiff-admin".to_string()));
    assert_eq!(seen[1], (*b"hello", "anonymous".to_string()));
}
