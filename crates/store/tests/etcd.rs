//! The conformance suite on the etcd backend. Each case starts its own single-member `etcd` on free
//! loopback ports with a temporary data directory, and kills it when done.
//!
//! Needs the `etcd` binary on PATH (Debian: `apt-get install etcd-server`), or its path in `SKIFF_ETCD_BIN`.
#![cfg(feature = "etcd")]

mod suite;

use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use skiff_store::etcd::EtcdStore;
use skiff_store::Store;
use suite::Backend;
use tempfile::TempDir;

const PREFIX: &str = "/skiff-test";
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// A single-member etcd, killed (SIGKILL) on drop.
struct EtcdProcess {
    child: Child,
    dir: TempDir,
    client_port: u16,
    peer_port: u16,
}

impl EtcdProcess {
    /// Starts etcd and connects to it, retrying on fresh ports if a port was taken meanwhile.
    async fn start() -> (Self, EtcdStore) {
        let mut failures = Vec::new();
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("temp dir");
            let (client_port, peer_port) = (free_port(), free_port());
            let child = spawn_etcd(&dir, client_port, peer_port);
            let mut etcd = Self {
                child,
                dir,
                client_port,
                peer_port,
            };
            match etcd.ready().await {
                Ok(store) => return (etcd, store),
                Err(log) => {
                    eprintln!("etcd failed to start, retrying on new ports: {log}");
                    failures.push(log);
                }
            }
        }
        panic!(
            "etcd failed to start 5 times; last log tail:\n{}",
            failures.pop().unwrap_or_default()
        );
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.client_port)
    }

    /// `kill -9`, then start again on the same data directory and ports.
    fn crash_and_restart(&mut self) {
        self.child.kill().expect("kill etcd");
        self.child.wait().expect("reap etcd");
        self.child = spawn_etcd(&self.dir, self.client_port, self.peer_port);
    }

    fn log(&self) -> String {
        let log = std::fs::read_to_string(self.dir.path().join("etcd.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    /// Connects once etcd serves requests; `Err(log tail)` if etcd exited.
    async fn ready(&mut self) -> Result<EtcdStore, String> {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("etcd exited with {status}:\n{}", self.log()));
            }
            if let Ok(store) = EtcdStore::connect(&[self.endpoint()], PREFIX).await {
                if store.current_revision().await.is_ok() {
                    return Ok(store);
                }
            }
            if Instant::now() > deadline {
                panic!(
                    "etcd not ready after {START_TIMEOUT:?}; log tail:\n{}",
                    self.log()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for EtcdProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn etcd_binary() -> PathBuf {
    std::env::var_os("SKIFF_ETCD_BIN").map_or_else(|| PathBuf::from("etcd"), PathBuf::from)
}

fn spawn_etcd(dir: &TempDir, client_port: u16, peer_port: u16) -> Child {
    let client = format!("http://127.0.0.1:{client_port}");
    let peer = format!("http://127.0.0.1:{peer_port}");
    let log = File::options()
        .create(true)
        .append(true)
        .open(dir.path().join("etcd.log"))
        .expect("etcd log file");
    let data_dir = dir.path().join("data");
    let result = Command::new(etcd_binary())
        .arg("--name=test")
        .arg(format!("--data-dir={}", data_dir.display()))
        .arg(format!("--listen-client-urls={client}"))
        .arg(format!("--advertise-client-urls={client}"))
        .arg(format!("--listen-peer-urls={peer}"))
        .arg(format!("--initial-advertise-peer-urls={peer}"))
        .arg(format!("--initial-cluster=test={peer}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn();
    match result {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "the etcd backend tests need the `etcd` binary, and {} was not found: install it \
             (Debian: `apt-get install etcd-server`) or set SKIFF_ETCD_BIN to its path",
            etcd_binary().display()
        ),
        Err(e) => panic!("cannot start {}: {e}", etcd_binary().display()),
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local addr").port()
}

struct EtcdBackend {
    etcd: EtcdProcess,
    store: Option<Arc<EtcdStore>>,
}

async fn etcd_backend() -> EtcdBackend {
    let (etcd, store) = EtcdProcess::start().await;
    EtcdBackend {
        etcd,
        store: Some(Arc::new(store)),
    }
}

#[async_trait::async_trait]
impl Backend for EtcdBackend {
    fn store(&self) -> Arc<dyn Store> {
        self.store.clone().expect("store is connected")
    }

    async fn restart(&mut self) {
        let store = self.store.take().expect("store is connected");
        assert_eq!(
            Arc::strong_count(&store),
            1,
            "the case still holds a store handle"
        );
        drop(store);
        self.etcd.crash_and_restart();
        let store = self
            .etcd
            .ready()
            .await
            .unwrap_or_else(|log| panic!("etcd restart failed: {log}"));
        self.store = Some(Arc::new(store));
    }
}

store_suite!(etcd_backend);
