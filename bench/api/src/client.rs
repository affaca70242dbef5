//! A minimal HTTPS client for the benchmark: one HTTP/1.1 keep-alive connection per worker, trusting the
//! cluster CA, authenticating with the admin bearer token (as upstream's baseline client did).

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use serde_json::{json, Value};

#[derive(Clone)]
pub struct Target {
    pub addr: SocketAddr,
    pub token: String,
    pub tls: Arc<rustls::ClientConfig>,
}

impl Target {
    pub fn new(addr: SocketAddr, token: String, ca_pem_path: &std::path::Path) -> Result<Target> {
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(ca_pem_path).context("reading the cluster CA")? {
            roots
                .add(cert.context("parsing the cluster CA")?)
                .context("adding the cluster CA")?;
        }
        let mut tls =
            rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .context("TLS versions")?
                .with_root_certificates(roots)
                .with_no_client_auth();
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Target {
            addr,
            token,
            tls: Arc::new(tls),
        })
    }

    /// The target of a `skiff server` whose data folder is `dir` (its admin token and cluster CA).
    pub fn for_data_dir(addr: SocketAddr, dir: &std::path::Path) -> Result<Target> {
        let token = std::fs::read_to_string(dir.join("token")).context("reading the admin token")?;
        Target::new(addr, token.trim().to_string(), &dir.join("tls/ca.crt"))
    }

    pub async fn connect(&self) -> Result<Conn> {
        let tcp = tokio::net::TcpStream::connect(self.addr)
            .await
            .context("connecting")?;
        tcp.set_nodelay(true)?;
        let connector = tokio_rustls::TlsConnector::from(self.tls.clone());
        let tls = connector
            .connect(ServerName::try_from("127.0.0.1")?.to_owned(), tcp)
            .await
            .context("TLS")?;
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .context("HTTP handshake")?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Conn {
            sender,
            token: self.token.clone(),
        })
    }
}

pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    token: String,
}

impl Conn {
    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<hyper::Request<Full<Bytes>>> {
        let mut b = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1")
            .header("authorization", format!("Bearer {}", self.token))
            .header("accept", "application/json");
        if body.is_some() {
            b = b.header("content-type", "application/json");
        }
        Ok(b.body(Full::new(Bytes::from(body.unwrap_or_default())))?)
    }

    /// Send a request and read the whole response: (status, body).
    pub async fn send(&mut self, method: &str, path: &str, body: Option<Vec<u8>>) -> Result<(u16, Bytes)> {
        self.sender.ready().await?;
        let resp = self
            .sender
            .send_request(self.request(method, path, body)?)
            .await?;
        let status = resp.status().as_u16();
        let body = resp.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }

    /// Start a watch (`?watch=true` path); the caller reads its events one by one.
    pub async fn watch(&mut self, path: &str) -> Result<Events> {
        self.sender.ready().await?;
        let resp = self.sender.send_request(self.request("GET", path, None)?).await?;
        anyhow::ensure!(resp.status().is_success(), "watch answered {}", resp.status());
        Ok(Events {
            body: resp.into_body(),
            buf: Vec::new(),
        })
    }
}

/// The events of a watch: one JSON object per line.
pub struct Events {
    body: hyper::body::Incoming,
    buf: Vec<u8>,
}

impl Events {
    /// The next event, or `None` when the server ended the watch.
    pub async fn next(&mut self) -> Result<Option<Value>> {
        loop {
            if let Some(pos) = self.buf.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = self.buf.drain(..=pos).collect();
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(serde_json::from_slice(&line)?));
            }
            let Some(frame) = self.body.frame().await else {
                return Ok(None);
            };
            if let Some(data) = frame?.data_ref() {
                self.buf.extend_from_slice(data);
            }
        }
    }
}

/// Create a namespace (an existing one is fine).
pub async fn ensure_namespace(t: &Target, ns: &str) -> Result<()> {
    let mut c = t.connect().await?;
    let body =
        serde_json::to_vec(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}))?;
    let (code, _) = c.send("POST", "/api/v1/namespaces", Some(body)).await?;
    anyhow::ensure!(code == 201 || code == 409, "creating namespace {ns}: {code}");
    Ok(())
}
