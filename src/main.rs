//! The `skiff` binary: wires the components together behind k3s-style commands and flags.
//!
//! It holds no logic of its own beyond parsing flags, choosing the datastore and starting servers.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use skiff_store::Store;

#[derive(Parser)]
#[command(
    name = "skiff",
    version,
    about = "A Kubernetes-compatible cluster in one binary"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the control plane (API server on an embedded or etcd datastore, and the scheduler).
    Server(ServerArgs),
    /// Run the scheduler alone against any Kubernetes API server.
    Scheduler(SchedulerArgs),
    /// Explain scheduling decisions: `skiff explain pod NAME [-n NS]`.
    Explain(ExplainArgs),
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// What to explain (only `pod` so far).
    #[arg(value_parser = ["pod"])]
    kind: String,
    name: String,
    #[arg(short = 'n', long, default_value = "default")]
    namespace: String,
    /// Kubeconfig (default: $KUBECONFIG, else ~/.kube/config).
    #[arg(long)]
    kubeconfig: Option<PathBuf>,
    /// The KubeSchedulerConfiguration whose profiles to explain with (default: upstream defaults).
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct SchedulerArgs {
    /// Kubeconfig of the cluster to schedule for.
    #[arg(long)]
    kubeconfig: PathBuf,
    /// A KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1), YAML or JSON.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ServerArgs {
    /// Folder for the datastore, certificates and kubeconfig.
    #[arg(long, default_value = "/var/lib/skiff")]
    data_dir: PathBuf,
    /// Address the API server listens on.
    #[arg(long, default_value = "127.0.0.1")]
    bind_address: IpAddr,
    /// HTTPS port of the API server (0 picks a free one).
    #[arg(long, default_value_t = 6443)]
    https_listen_port: u16,
    /// Where to write the admin kubeconfig (default: DATA_DIR/kubeconfig.yaml).
    #[arg(long)]
    write_kubeconfig: Option<PathBuf>,
    /// Datastore: empty for embedded SQLite under DATA_DIR, or `http://host:port` / `etcd://host:port` for etcd.
    #[arg(long, default_value = "")]
    datastore_endpoint: String,
    /// Extra host names or IPs for the serving certificate.
    #[arg(long = "tls-san")]
    tls_san: Vec<String>,
    /// Do not run a node agent on this machine (the only mode so far: the node agent is not built yet).
    #[arg(long)]
    disable_agent: bool,
    /// Do not run the scheduler in this process.
    #[arg(long)]
    disable_scheduler: bool,
    /// A KubeSchedulerConfiguration file for the built-in scheduler.
    #[arg(long)]
    scheduler_config: Option<PathBuf>,
    /// Seconds between store compactions.
    #[arg(long, default_value_t = 300, hide = true)]
    compaction_interval_seconds: u64,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SKIFF_LOG").unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting tokio")?;
    match cli.command {
        Command::Server(args) => runtime.block_on(server(args)),
        Command::Scheduler(args) => runtime.block_on(scheduler(args)),
        Command::Explain(args) => runtime.block_on(explain(args)),
    }
}

async fn open_store(args: &ServerArgs) -> Result<Arc<dyn Store>> {
    let endpoint = args.datastore_endpoint.trim();
    if endpoint.is_empty() || endpoint.starts_with("sqlite://") {
        let path = match endpoint.strip_prefix("sqlite://") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => args.data_dir.join("db").join("state.db"),
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        let store = skiff_store::sqlite::SqliteStore::open(&path)
            .with_context(|| format!("opening the embedded datastore at {}", path.display()))?;
        return Ok(Arc::new(store));
    }
    if endpoint.starts_with("http://") || endpoint.starts_with("etcd://") || endpoint.starts_with("https://")
    {
        return open_etcd(endpoint).await;
    }
    bail!("unsupported --datastore-endpoint {endpoint:?}: use http://host:port or etcd://host:port for etcd, or leave it empty for the embedded store")
}

#[cfg(feature = "etcd")]
async fn open_etcd(endpoint: &str) -> Result<Arc<dyn Store>> {
    let endpoints: Vec<String> = endpoint
        .split(',')
        .map(|e| e.replacen("etcd://", "http://", 1))
        .collect();
    let store = skiff_store::etcd::EtcdStore::connect(&endpoints, "/skiff")
        .await
        .with_context(|| format!("connecting to etcd at {endpoint}"))?;
    Ok(Arc::new(store))
}

#[cfg(not(feature = "etcd"))]
async fn open_etcd(endpoint: &str) -> Result<Arc<dyn Store>> {
    bail!("--datastore-endpoint {endpoint}: this skiff was built without etcd support (cargo feature `etcd`)")
}

async fn server(args: ServerArgs) -> Result<()> {
    if !args.disable_agent {
        tracing::warn!(
            "the node agent is not built yet: running the control plane only (as with --disable-agent)"
        );
    }
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating {}", args.data_dir.display()))?;
    let store = open_store(&args).await?;
    let kubeconfig = args
        .write_kubeconfig
        .clone()
        .unwrap_or_else(|| args.data_dir.join("kubeconfig.yaml"));
    let config = skiff_apiserver::ServerConfig {
        data_dir: args.data_dir.clone(),
        bind_address: args.bind_address,
        port: args.https_listen_port,
        kubeconfig: kubeconfig.clone(),
        tls_sans: args.tls_san.clone(),
        compaction_interval: Duration::from_secs(args.compaction_interval_seconds.max(1)),
    };
    let running = skiff_apiserver::start(config, store)
        .await
        .context("starting the API server")?;
    let (stop_scheduler, stopped) = tokio::sync::watch::channel(false);
    if !args.disable_scheduler {
        let profiles = scheduler_profiles(args.scheduler_config.as_deref())?;
        let client = kube_client(&kubeconfig)
            .await
            .context("connecting the scheduler to the API server")?;
        tokio::spawn(async move {
            if let Err(e) = skiff_scheduler::runner::run(client, profiles, stopped).await {
                tracing::error!(error = %e, "the scheduler stopped");
            }
        });
    }
    // The one line that says the server is ready (tests and scripts wait for it).
    println!(
        "skiff server ready: https://{} kubeconfig={}",
        running.addr,
        kubeconfig.display()
    );
    tokio::select! {
        _ = running_wait(running) => bail!("the API server stopped unexpectedly"),
        _ = tokio::signal::ctrl_c() => {}
        _ = sigterm() => {}
    }
    let _ = stop_scheduler.send(true);
    Ok(())
}

/// A kube-rs client from a kubeconfig file (the scheduler talks to the API like any client).
async fn kube_client(path: &std::path::Path) -> Result<kube::Client> {
    let kubeconfig =
        kube::config::Kubeconfig::read_from(path).with_context(|| format!("reading {}", path.display()))?;
    let config =
        kube::Config::from_custom_kubeconfig(kubeconfig, &kube::config::KubeConfigOptions::default())
            .await
            .context("loading the kubeconfig")?;
    kube::Client::try_from(config).context("building the API client")
}

/// Profiles and backoff from a KubeSchedulerConfiguration file (YAML or JSON), or the defaults.
fn scheduler_profiles(path: Option<&std::path::Path>) -> Result<skiff_scheduler::runner::registry::Profiles> {
    let config = match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let value: serde_json::Value = serde_saphyr::from_str(&text)
                .with_context(|| format!("{} is not YAML or JSON", p.display()))?;
            Some(value)
        }
        None => None,
    };
    skiff_scheduler::runner::registry::profiles(config.as_ref()).context("scheduler configuration")
}

async fn scheduler(args: SchedulerArgs) -> Result<()> {
    let profiles = scheduler_profiles(args.config.as_deref())?;
    let client = kube_client(&args.kubeconfig).await?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    println!("skiff scheduler running against {}", args.kubeconfig.display());
    let run = skiff_scheduler::runner::run(client, profiles, stopped);
    tokio::select! {
        r = run => r.context("scheduler")?,
        _ = tokio::signal::ctrl_c() => { let _ = stop.send(true); }
        _ = sigterm() => { let _ = stop.send(true); }
    }
    Ok(())
}

async fn running_wait(running: skiff_apiserver::RunningServer) {
    running.wait().await
}

async fn sigterm() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

async fn explain(args: ExplainArgs) -> Result<()> {
    let kubeconfig = args
        .kubeconfig
        .clone()
        .or_else(|| std::env::var_os("KUBECONFIG").map(PathBuf::from))
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".kube")
                .join("config")
        });
    let client = kube_client(&kubeconfig).await?;
    let pods: kube::Api<k8s_openapi::api::core::v1::Pod> =
        kube::Api::namespaced(client.clone(), &args.namespace);
    let pod = pods
        .get(&args.name)
        .await
        .with_context(|| format!("reading pod {}/{}", args.namespace, args.name))?;
    let profiles = scheduler_profiles(args.config.as_deref())?.frameworks;
    let scheduler_name = pod
        .spec
        .as_ref()
        .and_then(|s| s.scheduler_name.clone())
        .unwrap_or_else(|| "default-scheduler".into());
    let framework = profiles
        .get(&scheduler_name)
        .with_context(|| format!("no scheduler profile named {scheduler_name:?}"))?;
    if let Some(node) = pod
        .spec
        .as_ref()
        .and_then(|s| s.node_name.as_deref())
        .filter(|n| !n.is_empty())
    {
        println!(
            "Pod {}/{} is already bound to {node}; explaining where it could go now.",
            args.namespace, args.name
        );
    }
    let snapshot = skiff_scheduler::runner::cluster_snapshot(&client)
        .await
        .context("listing the cluster")?;
    let info = skiff_scheduler::framework::PodInfo::new(pod);
    print!(
        "{}",
        skiff_scheduler::explain::explain(framework, &info, &snapshot)
    );
    Ok(())
}
