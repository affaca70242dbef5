//! Start-up and the TLS listener: PKI and kubeconfig, bootstrap objects, compaction, accept loop.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use skiff_store::Store;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::authn::{Authenticator, User};
use crate::objects::Objects;
use crate::registry::Registry;
use crate::state::ApiState;

/// Settings of one API server.
pub struct ServerConfig {
    pub data_dir: PathBuf,
    pub bind_address: IpAddr,
    pub port: u16,
    pub kubeconfig: PathBuf,
    /// Extra names and addresses for the serving certificate.
    pub tls_sans: Vec<String>,
    /// How much history the periodic compaction keeps (upstream compacts every 5 minutes).
    pub compaction_interval: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("certificates under {dir}: {source}")]
    Pki {
        dir: String,
        source: skiff_pki::PkiError,
    },
    #[error("token file: {0}")]
    Tokens(#[from] crate::authn::TokenFileError),
    #[error("writing {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("binding {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("TLS configuration: {0}")]
    Tls(String),
    #[error("creating bootstrap objects: {0}")]
    Bootstrap(#[from] crate::error::ApiError),
}

/// A server that is accepting connections.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub state: Arc<ApiState>,
    shutdown: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningServer {
    /// Stop accepting and wait for the accept loop to end.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }

    /// Wait until the server stops on its own (it does not, short of an error).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

fn hostname() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Bring up PKI, kubeconfig and bootstrap objects, then serve on the configured address.
pub async fn start(config: ServerConfig, store: Arc<dyn Store>) -> Result<RunningServer, ServerError> {
    let tls_dir = config.data_dir.join("tls");
    let mut sans = vec!["127.0.0.1".to_string(), "localhost".to_string()];
    sans.extend(hostname());
    if !config.bind_address.is_unspecified() {
        sans.push(config.bind_address.to_string());
    }
    sans.extend(config.tls_sans.iter().cloned());
    let pki = skiff_pki::ClusterPki::ensure(&tls_dir, &sans).map_err(|source| ServerError::Pki {
        dir: tls_dir.display().to_string(),
        source,
    })?;
    let tls = pki.server_config().map_err(|e| ServerError::Tls(e.to_string()))?;
    let token_file = ensure_token_file(&config.data_dir)?;
    let authn = Authenticator::from_token_file(&token_file)?;

    let addr = SocketAddr::new(config.bind_address, config.port);
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr, source })?;

    let state = Arc::new(ApiState {
        registry: Registry::with_builtins(),
        objects: Objects::new(store),
        metrics: Default::default(),
        authn,
        service_alloc: Default::default(),
    });
    crate::bootstrap::ensure_defaults(&state).await?;

    let host = if config.bind_address.is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        config.bind_address.to_string()
    };
    let host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    pki.write_kubeconfig(&config.kubeconfig, &format!("https://{host}:{}", addr.port()))
        .map_err(|source| ServerError::Pki {
            dir: config.kubeconfig.display().to_string(),
            source,
        })?;

    let (shutdown, rx) = watch::channel(false);
    crate::compaction::spawn(
        state.objects.store().clone(),
        config.compaction_interval,
        rx.clone(),
    );
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls));
    let task = tokio::spawn(accept_loop(listener, acceptor, state.clone(), rx));
    Ok(RunningServer {
        addr,
        state,
        shutdown,
        task,
    })
}

/// The admin bearer token (DIR/token) and the token file holding it, created on first start.
fn ensure_token_file(dir: &std::path::Path) -> Result<PathBuf, ServerError> {
    let path = dir.join("tokens.csv");
    if path.exists() {
        return Ok(path);
    }
    let token: String = {
        use rand::Rng;
        let mut rng = rand::rng();
        (0..32)
            .map(|_| format!("{:x}", rng.random_range(0..16u8)))
            .collect()
    };
    let write = |p: &PathBuf, text: String| {
        std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(p, text))
            .and_then(|_| {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))
            })
            .map_err(|source| ServerError::Write {
                path: p.display().to_string(),
                source,
            })
    };
    write(&dir.join("token"), format!("{token}\n"))?;
    write(
        &path,
        format!("{token},skiff-admin,skiff-admin,\"system:masters\"\n"),
    )?;
    Ok(path)
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    state: Arc<ApiState>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (tcp, peer) = tokio::select! {
            _ = shutdown.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let state = state.clone();
        let mut conn_shutdown = shutdown.clone();
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    tracing::debug!(%peer, error = %e, "TLS handshake failed");
                    return;
                }
                Err(_) => return,
            };
            let cert_user: Option<User> = tls
                .get_ref()
                .1
                .peer_certificates()
                .and_then(|certs| certs.first())
                .and_then(|c| skiff_pki::identity_from_cert(c.as_ref()).ok())
                .map(|id| User {
                    name: id.user,
                    groups: id.groups,
                });
            let service = service_fn(move |req| {
                let state = state.clone();
                let cert_user = cert_user.clone();
                async move { Ok::<_, std::convert::Infallible>(crate::router::route(state, cert_user, req).await) }
            });
            let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            builder
                .http1()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30));
            builder
                .http2()
                .timer(TokioTimer::new())
                .max_concurrent_streams(1000);
            let conn = builder.serve_connection_with_upgrades(TokioIo::new(tls), service);
            tokio::pin!(conn);
            tokio::select! {
                res = conn.as_mut() => {
                    if let Err(e) = res {
                        tracing::debug!(%peer, error = %e, "connection ended with an error");
                    }
                }
                _ = conn_shutdown.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(5), conn).await;
                }
            }
        });
    }
}
