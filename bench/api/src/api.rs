//! `skiff-bench api`: the API server benchmark of issue 2, in one run, on the embedded store and on
//! etcd: create / get / list / watch-delivery throughput and latency for pods at 1, 8 and 64
//! concurrent clients, listing 10,000 pods, and resident memory idle and with 10,000 pods.
//! The baseline column is upstream Kubernetes v1.28 measured the same way on this machine kind
//! (`../shared/notes/baselines.md`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use crate::client::{ensure_namespace, Target};
use crate::procs;
use crate::stats::{median, Samples};

#[derive(clap::Args)]
pub struct Args {
    /// The skiff binary (default: beside this one, i.e. target/release/skiff).
    #[arg(long)]
    skiff: Option<PathBuf>,
    /// Backends to measure.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,etcd")]
    backends: Vec<String>,
    /// Pods stored before the list and memory measurements.
    #[arg(long, default_value_t = 10_000)]
    pods: usize,
    /// Requests per client-count step for create/get/watch.
    #[arg(long, default_value_t = 1000)]
    requests: usize,
    /// Write the results here as JSON.
    #[arg(long, default_value = "bench/results/api.json")]
    out: PathBuf,
}

fn pod(ns: &str, name: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "labels": {"app": "bench", "tier": "web"}},
        "spec": {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10",
            "ports": [{"containerPort": 8080}],
            "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "128Mi"}},
            "env": [{"name": "MODE", "value": "benchmark"}]}]}
    }))
    .expect("serializable")
}

struct Step {
    clients: usize,
    samples: Samples,
    elapsed: Duration,
}

impl Step {
    fn json(&self) -> Value {
        json!({
            "clients": self.clients,
            "requests": self.samples.0.len(),
            "throughput_per_s": self.samples.0.len() as f64 / self.elapsed.as_secs_f64(),
            "p50_ms": Samples::ms(self.samples.percentile(50.0)),
            "p99_ms": Samples::ms(self.samples.percentile(99.0)),
        })
    }
}

/// `clients` workers each sending `total / clients` requests built by `make(worker, i)`.
async fn run_step<F>(t: &Target, clients: usize, total: usize, make: F) -> Result<Step>
where
    F: Fn(usize, usize) -> (&'static str, String, Option<Vec<u8>>) + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let per = total.div_ceil(clients);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..clients {
        let t = t.clone();
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = t.connect().await?;
            let mut samples = Vec::with_capacity(per);
            for i in 0..per {
                let (method, path, body) = make(w, i);
                let t0 = Instant::now();
                let (code, resp) = conn.send(method, &path, body).await?;
                samples.push(t0.elapsed());
                anyhow::ensure!(
                    code < 300,
                    "{method} {path}: {code} {}",
                    String::from_utf8_lossy(&resp)
                );
            }
            Ok::<_, anyhow::Error>(samples)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(Step {
        clients,
        samples: Samples(all),
        elapsed: start.elapsed(),
    })
}

/// Watch delivery: a watch on a namespace while `clients` workers create pods in it; latency is from
/// the create request being sent to its ADDED event arriving.
async fn watch_step(t: &Target, clients: usize, total: usize, ns: &str) -> Result<Step> {
    ensure_namespace(t, ns).await?;
    let sent: Arc<std::sync::Mutex<std::collections::HashMap<String, Instant>>> = Default::default();
    let mut wconn = t.connect().await?;
    let mut events = wconn
        .watch(&format!(
            "/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion=0"
        ))
        .await?;
    let per = total.div_ceil(clients);
    let expected = per * clients;
    let sent2 = sent.clone();
    let reader = tokio::spawn(async move {
        let mut lat = Vec::with_capacity(expected);
        while lat.len() < expected {
            let Some(ev) = events.next().await? else { break };
            if ev["type"] == "ADDED" {
                let name = ev["object"]["metadata"]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if let Some(t0) = sent2.lock().expect("lock").get(&name) {
                    lat.push(t0.elapsed());
                }
            }
        }
        Ok::<_, anyhow::Error>(lat)
    });
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..clients {
        let t = t.clone();
        let sent = sent.clone();
        let ns = ns.to_string();
        tasks.push(tokio::spawn(async move {
            let mut conn = t.connect().await?;
            for i in 0..per {
                let name = format!("w{w}-{i}");
                sent.lock().expect("lock").insert(name.clone(), Instant::now());
                let (code, _) = conn
                    .send(
                        "POST",
                        &format!("/api/v1/namespaces/{ns}/pods"),
                        Some(pod(&ns, &name)),
                    )
                    .await?;
                anyhow::ensure!(code == 201, "create for watch: {code}");
            }
            Ok::<_, anyhow::Error>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let lat = tokio::time::timeout(Duration::from_secs(120), reader)
        .await
        .context("watch delivery timed out")???;
    Ok(Step {
        clients,
        samples: Samples(lat),
        elapsed: start.elapsed(),
    })
}

async fn bench_backend(bin: &std::path::Path, backend: &str, args: &Args) -> Result<Value> {
    let dir = tempfile::tempdir()?;
    let (etcd, endpoint) = if backend == "etcd" {
        let (p, url) = procs::start_etcd(dir.path())?;
        (Some(p), Some(url))
    } else {
        (None, None)
    };
    let (server, target) = procs::start_skiff(
        bin,
        &dir.path().join("skiff"),
        endpoint.as_deref(),
        &["--disable-scheduler"],
    )?;
    tokio::time::sleep(Duration::from_secs(3)).await;
    // With etcd, the datastore's memory counts too, as the baseline counts etcd's.
    let rss = || server.rss_mib() + etcd.as_ref().map(|e| e.rss_mib()).unwrap_or(0.0);
    let idle_rss = rss();
    eprintln!("[{backend}] idle RSS {idle_rss:.1} MiB");

    let mut creates = Vec::new();
    let mut gets = Vec::new();
    let mut watches = Vec::new();
    for clients in [1usize, 8, 64] {
        let ns = format!("create-{clients}");
        ensure_namespace(&target, &ns).await?;
        let ns2 = ns.clone();
        let step = run_step(&target, clients, args.requests, move |w, i| {
            (
                "POST",
                format!("/api/v1/namespaces/{ns2}/pods"),
                Some(pod(&ns2, &format!("p{w}-{i}"))),
            )
        })
        .await?;
        eprintln!("[{backend}] create x{clients}: {}", step.json());
        creates.push(step);
        let per = args.requests.div_ceil(clients);
        let ns3 = ns.clone();
        let step = run_step(&target, clients, args.requests, move |w, i| {
            (
                "GET",
                format!("/api/v1/namespaces/{ns3}/pods/p{w}-{}", (i * 7) % per),
                None,
            )
        })
        .await?;
        eprintln!("[{backend}] get x{clients}: {}", step.json());
        gets.push(step);
        let step = watch_step(&target, clients, args.requests, &format!("watch-{clients}")).await?;
        eprintln!("[{backend}] watch x{clients}: {}", step.json());
        watches.push(step);
    }
    // Fill up to the requested number of pods for the list and memory figures.
    let stored: usize = creates
        .iter()
        .chain(watches.iter())
        .map(|s| s.samples.0.len())
        .sum();
    if stored < args.pods {
        ensure_namespace(&target, "fill").await?;
        run_step(&target, 16, args.pods - stored, |w, i| {
            (
                "POST",
                "/api/v1/namespaces/fill/pods".to_string(),
                Some(pod("fill", &format!("f{w}-{i}"))),
            )
        })
        .await?;
    }
    let mut list_ms = Vec::new();
    let mut listed = 0;
    let mut conn = target.connect().await?;
    for _ in 0..5 {
        let t0 = Instant::now();
        let (code, body) = conn.send("GET", "/api/v1/pods", None).await?;
        list_ms.push(t0.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(code == 200, "list: {code}");
        listed = serde_json::from_slice::<Value>(&body)?["items"]
            .as_array()
            .map(|a| a.len())
            .unwrap_or(0);
    }
    let rss_loaded = rss();
    eprintln!(
        "[{backend}] list of {listed} pods: median {:.1} ms; RSS {rss_loaded:.1} MiB",
        median(list_ms.clone())
    );
    Ok(json!({
        "backend": backend,
        "idle_rss_mib": idle_rss,
        "rss_with_pods_mib": rss_loaded,
        "pods_stored": listed,
        "list_all_pods_median_ms": median(list_ms),
        "create": creates.iter().map(Step::json).collect::<Vec<_>>(),
        "get": gets.iter().map(Step::json).collect::<Vec<_>>(),
        "watch": watches.iter().map(Step::json).collect::<Vec<_>>(),
    }))
}

/// Upstream kube-apiserver + etcd on this machine kind (baselines.md).
fn baseline() -> Value {
    json!({
        "idle_rss_mib": 239.0 + 42.0,
        "rss_with_pods_mib": 518.0 + 82.0,
        "list_all_pods_median_ms": 1550.0,
        "create": [
            {"clients": 1, "p50_ms": 5.0, "p99_ms": 25.0, "throughput_per_s": 171.0},
            {"clients": 8, "p50_ms": 34.0, "p99_ms": 101.0, "throughput_per_s": 212.0},
        ],
    })
}

fn print_table(results: &[Value], base: &Value) {
    println!(
        "\n{:<8} {:<28} {:>12} {:>12} {:>9}",
        "backend", "measure", "skiff", "baseline", "ratio"
    );
    let row = |b: &str, what: &str, ours: f64, theirs: Option<f64>, lower_better: bool| {
        let ratio = theirs.map(|t| if lower_better { t / ours } else { ours / t });
        println!(
            "{b:<8} {what:<28} {ours:>12.2} {:>12} {:>9}",
            theirs.map(|t| format!("{t:.2}")).unwrap_or_else(|| "-".into()),
            ratio.map(|r| format!("{r:.1}x")).unwrap_or_else(|| "-".into())
        );
    };
    for r in results {
        let b = r["backend"].as_str().unwrap_or_default();
        row(
            b,
            "idle RSS MiB",
            r["idle_rss_mib"].as_f64().unwrap_or(0.0),
            base["idle_rss_mib"].as_f64(),
            true,
        );
        row(
            b,
            "RSS with pods MiB",
            r["rss_with_pods_mib"].as_f64().unwrap_or(0.0),
            base["rss_with_pods_mib"].as_f64(),
            true,
        );
        row(
            b,
            "list all pods ms (median)",
            r["list_all_pods_median_ms"].as_f64().unwrap_or(0.0),
            base["list_all_pods_median_ms"].as_f64(),
            true,
        );
        for kind in ["create", "get", "watch"] {
            for s in r[kind].as_array().into_iter().flatten() {
                let c = s["clients"].as_u64().unwrap_or(0);
                let b_step = base[kind]
                    .as_array()
                    .and_then(|a| a.iter().find(|x| x["clients"].as_u64() == Some(c)));
                row(
                    b,
                    &format!("{kind} x{c} throughput/s"),
                    s["throughput_per_s"].as_f64().unwrap_or(0.0),
                    b_step.and_then(|x| x["throughput_per_s"].as_f64()),
                    false,
                );
                row(
                    b,
                    &format!("{kind} x{c} p50 ms"),
                    s["p50_ms"].as_f64().unwrap_or(0.0),
                    b_step.and_then(|x| x["p50_ms"].as_f64()),
                    true,
                );
                row(
                    b,
                    &format!("{kind} x{c} p99 ms"),
                    s["p99_ms"].as_f64().unwrap_or(0.0),
                    b_step.and_then(|x| x["p99_ms"].as_f64()),
                    true,
                );
            }
        }
    }
}

pub fn main(args: Args) -> Result<()> {
    let bin = args.skiff.clone().unwrap_or_else(procs::default_skiff_bin);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut results = Vec::new();
    for backend in &args.backends {
        results.push(
            rt.block_on(bench_backend(&bin, backend, &args))
                .with_context(|| format!("backend {backend}"))?,
        );
    }
    let base = baseline();
    print_table(&results, &base);
    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(
        &args.out,
        serde_json::to_vec_pretty(&json!({"results": results, "baseline_upstream_v1_28": base}))?,
    )?;
    println!("\nwritten to {}", args.out.display());
    Ok(())
}
