//! One workload at one size, as scheduler_perf runs it: a fresh `skiff server` (its scheduler
//! in-process), the nodes, the initial pods (waited for until bound), then the measured pods, created
//! by concurrent clients while a watch records when each is bound.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{json, Value};

use super::measure::{Measurement, Watcher};
use super::workloads::{node, Size, Template, Workload, INIT_NS, MEASURE_NS};
use crate::client::{ensure_namespace, Target};
use crate::procs;

pub struct Plan {
    pub workload: &'static Workload,
    pub size: &'static Size,
    pub measure_pods: usize,
    /// Concurrent clients creating nodes and pods.
    pub clients: usize,
    /// Give up when no pod gets bound for this long.
    pub stall: Duration,
}

impl Plan {
    pub fn label(&self) -> String {
        format!("{}/{}Nodes", self.workload.name, self.size.nodes)
    }
}

/// Run the plan; the result row for the table and the JSON.
pub async fn run(bin: &Path, plan: &Plan) -> Result<Value> {
    let label = plan.label();
    let (w, size) = (plan.workload, plan.size);
    let dir = tempfile::tempdir()?;
    let (server, target) = procs::start_skiff(bin, &dir.path().join("skiff"), None, &[])?;
    for ns in [INIT_NS, MEASURE_NS] {
        ensure_namespace(&target, ns).await?;
    }

    let t0 = Instant::now();
    create_all(&target, plan.clients, size.nodes, |i| {
        let name = format!("node-{i}");
        ("/api/v1/nodes".to_string(), node(&name, w.zone_of(i)))
    })
    .await
    .context("creating nodes")?;
    eprintln!(
        "[{label}] {} nodes created in {:.1} s",
        size.nodes,
        t0.elapsed().as_secs_f64()
    );

    let watcher = Watcher::start(&target).await?;
    let t0 = Instant::now();
    let init = create_pods(&target, plan.clients, INIT_NS, "init", size.init_pods, w.init).await?;
    if let Err(e) = watcher
        .wait_bound(&label, INIT_NS, init.names.len(), plan.stall)
        .await
    {
        return Err(unbound_error(&target, INIT_NS, &init.names, &watcher, e).await);
    }
    let init_s = t0.elapsed().as_secs_f64();
    eprintln!(
        "[{label}] {} initial pods created and bound in {init_s:.1} s",
        size.init_pods
    );

    let cpu0 = server.cpu_seconds();
    let measured = create_pods(
        &target,
        plan.clients,
        MEASURE_NS,
        "pod",
        plan.measure_pods,
        w.measured,
    )
    .await?;
    if let Err(e) = watcher
        .wait_bound(&label, MEASURE_NS, plan.measure_pods, plan.stall)
        .await
    {
        return Err(unbound_error(&target, MEASURE_NS, &measured.names, &watcher, e).await);
    }
    let server_cpu_s = server.cpu_seconds() - cpu0;
    let m = Measurement::new(
        measured.start,
        &measured.names,
        &measured.created,
        &watcher.bound_in(MEASURE_NS),
    );
    let ms = |p: f64| m.latency.percentile(p).as_secs_f64() * 1000.0;
    let row = json!({
        "workload": w.name, "nodes": size.nodes, "init_pods": size.init_pods,
        "measured_pods": plan.measure_pods,
        "throughput_pods_per_s": m.throughput(),
        "overall_pods_per_s": m.overall_per_s,
        "latency_ms": {"p50": ms(50.0), "p90": ms(90.0), "p99": ms(99.0)},
        "create_s": measured.elapsed.as_secs_f64(),
        "measured_s": m.duration.as_secs_f64(),
        "init_s": init_s,
        // Server CPU while the measured pods were created and scheduled (2 cores = 2.0).
        "server_cpu_cores": server_cpu_s / m.duration.as_secs_f64().max(1e-3),
        "server_rss_mib": server.rss_mib(),
    });
    eprintln!("[{label}] {row}");
    Ok(row)
}

struct Created {
    names: Vec<String>,
    /// When each create returned.
    created: Vec<Instant>,
    /// When the first create was sent.
    start: Instant,
    elapsed: Duration,
}

async fn create_pods(
    t: &Target,
    clients: usize,
    ns: &str,
    prefix: &str,
    count: usize,
    template: Template,
) -> Result<Created> {
    let names: Vec<String> = (0..count).map(|i| format!("{prefix}-{i}")).collect();
    let path = format!("/api/v1/namespaces/{ns}/pods");
    let start = Instant::now();
    let (names2, ns2) = (names.clone(), ns.to_string());
    let created = create_all(t, clients, count, move |i| {
        (path.clone(), template.pod(&ns2, &names2[i]))
    })
    .await
    .with_context(|| format!("creating pods in {ns}"))?;
    Ok(Created {
        names,
        created,
        start,
        elapsed: start.elapsed(),
    })
}

/// POST `count` objects built by `make(i)` from `clients` concurrent connections; when each create
/// returned, by index.
async fn create_all<F>(t: &Target, clients: usize, count: usize, make: F) -> Result<Vec<Instant>>
where
    F: Fn(usize) -> (String, Value) + Send + Sync + 'static,
{
    let make = Arc::new(make);
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients.min(count) {
        let (t, make, next) = (t.clone(), make.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = t.connect().await?;
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return Ok::<_, anyhow::Error>(done);
                }
                let (path, body) = make(i);
                let (code, resp) = conn.send("POST", &path, Some(serde_json::to_vec(&body)?)).await?;
                anyhow::ensure!(
                    code == 201,
                    "POST {path}: {code} {}",
                    String::from_utf8_lossy(&resp)
                );
                done.push((i, Instant::now()));
            }
        }));
    }
    let mut at = vec![Instant::now(); count];
    for task in tasks {
        for (i, when) in task.await?? {
            at[i] = when;
        }
    }
    Ok(at)
}

/// Turn a wait failure into one that says why a pod that is still pending is not bound: its
/// PodScheduled condition.
async fn unbound_error(
    t: &Target,
    ns: &str,
    names: &[String],
    watcher: &Watcher,
    e: anyhow::Error,
) -> anyhow::Error {
    let bound = watcher.bound_in(ns);
    let Some(name) = names.iter().find(|n| !bound.contains_key(*n)) else {
        return e;
    };
    let pod = async {
        let mut conn = t.connect().await?;
        let (_, body) = conn
            .send("GET", &format!("/api/v1/namespaces/{ns}/pods/{name}"), None)
            .await?;
        Ok::<Value, anyhow::Error>(serde_json::from_slice(&body)?)
    };
    let condition = match pod.await {
        Ok(pod) => pod["status"]["conditions"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["type"] == "PodScheduled").cloned())
            .unwrap_or(Value::Null),
        Err(get) => json!(format!("(reading the pod failed: {get})")),
    };
    e.context(format!("pod {ns}/{name} not bound; PodScheduled: {condition}"))
}
