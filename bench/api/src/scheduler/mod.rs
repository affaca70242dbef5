//! `skiff-bench scheduler`: upstream scheduler_perf's workloads against the scheduler inside
//! `skiff server`, one fresh server per workload and size, reported beside upstream kube-scheduler
//! v1.28.7 measured with scheduler_perf on this machine kind (`../shared/notes/baselines.md`).

mod measure;
mod run;
mod workloads;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use serde_json::{json, Value};

use crate::procs;
use run::Plan;
use workloads::WORKLOADS;

#[derive(clap::Args)]
pub struct Args {
    /// The skiff binary (default: beside this one, i.e. target/release/skiff).
    #[arg(long)]
    skiff: Option<PathBuf>,
    /// Workloads to run (default: all), e.g. SchedulingBasic,TopologySpreading.
    #[arg(long, value_delimiter = ',')]
    workloads: Vec<String>,
    /// Cluster sizes (node counts) to run.
    #[arg(long, value_delimiter = ',', default_value = "500,5000")]
    sizes: Vec<usize>,
    /// Scale the measured pod counts by this factor (e.g. 0.1 for a quick run).
    #[arg(long, default_value_t = 1.0)]
    scale_pods: f64,
    /// Concurrent clients creating nodes and pods (enough that creating outpaces scheduling).
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Fail a workload when no pod gets bound for this many seconds.
    #[arg(long, default_value_t = 60)]
    stall_timeout: u64,
    /// Write the results here as JSON.
    #[arg(long, default_value = "bench/results/scheduler.json")]
    out: PathBuf,
}

pub fn main(args: Args) -> Result<()> {
    let bin = args.skiff.clone().unwrap_or_else(procs::default_skiff_bin);
    let selected = workloads::select(&args.workloads)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut rows = Vec::new();
    for w in selected {
        for size in w.sizes.iter().filter(|s| args.sizes.contains(&s.nodes)) {
            let plan = Plan {
                workload: w,
                size,
                measure_pods: ((size.measure_pods as f64 * args.scale_pods).ceil() as usize).max(1),
                clients: args.clients,
                stall: Duration::from_secs(args.stall_timeout),
            };
            let row = rt.block_on(run::run(&bin, &plan)).unwrap_or_else(|e| {
                eprintln!("[{}] FAILED: {e:#}", plan.label());
                json!({"workload": w.name, "nodes": size.nodes, "init_pods": size.init_pods,
                       "measured_pods": plan.measure_pods, "error": format!("{e:#}")})
            });
            rows.push(row);
        }
    }
    print_table(&rows);
    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(
        &args.out,
        serde_json::to_vec_pretty(&json!({"results": rows, "baseline_upstream_v1_28": baseline_json()}))?,
    )?;
    println!("\nwritten to {}", args.out.display());
    Ok(())
}

fn baseline_of(workload: &str, nodes: u64) -> Option<workloads::Baseline> {
    WORKLOADS
        .iter()
        .find(|w| w.name == workload)?
        .sizes
        .iter()
        .find(|s| s.nodes as u64 == nodes)?
        .baseline
}

fn baseline_json() -> Value {
    let rows: Vec<Value> = WORKLOADS
        .iter()
        .flat_map(|w| w.sizes.iter().map(move |s| (w, s)))
        .filter_map(|(w, s)| {
            let b = s.baseline?;
            Some(
                json!({"workload": w.name, "nodes": s.nodes, "pods_per_s": b.pods_per_s,
                        "latency_p50_s": b.p50_s, "latency_p99_s": b.p99_s}),
            )
        })
        .collect();
    json!(rows)
}

/// Ours beside the baseline; ratios > 1 mean Skiff is better (more pods/s, lower latency).
fn print_table(rows: &[Value]) {
    println!(
        "\n{:<35} {:>5} {:>5} {:>8} | {:>8} {:>6} {:>6} {:>6} {:>6} {:>7} | {:>8} {:>6} {:>7} | {:>8} {:>6} {:>7}",
        "workload", "nodes", "pods", "create/s", "pods/s", "p50", "p90", "p99", "base", "ratio", "lat p50", "base",
        "ratio", "lat p99", "base", "ratio"
    );
    let ratio = |r: Option<f64>| r.map(|r| format!("{r:.1}x")).unwrap_or_else(|| "-".into());
    let opt = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into());
    for r in rows {
        let (name, nodes) = (
            r["workload"].as_str().unwrap_or_default(),
            r["nodes"].as_u64().unwrap_or(0),
        );
        let label = format!("{name}/{nodes}Nodes");
        let pods = r["measured_pods"].as_u64().unwrap_or(0);
        if let Some(e) = r["error"].as_str() {
            println!("{label:<35} {nodes:>5} {pods:>5} {:>8} | FAILED: {e}", "-");
            continue;
        }
        let b = baseline_of(name, nodes);
        let tp = &r["throughput_pods_per_s"];
        let f = |v: &Value| v.as_f64().unwrap_or(0.0);
        let avg = f(&tp["average"]);
        let (p50, p99) = (
            f(&r["latency_ms"]["p50"]) / 1000.0,
            f(&r["latency_ms"]["p99"]) / 1000.0,
        );
        println!(
            "{label:<35} {nodes:>5} {pods:>5} {:>8.0} | {avg:>8.1} {:>6.0} {:>6.0} {:>6.0} {:>6} {:>7} | {p50:>7.2}s {:>6} {:>7} | {p99:>7.2}s {:>6} {:>7}",
            pods as f64 / f(&r["create_s"]).max(1e-3),
            f(&tp["p50"]),
            f(&tp["p90"]),
            f(&tp["p99"]),
            b.map(|b| format!("{:.0}", b.pods_per_s)).unwrap_or_else(|| "-".into()),
            ratio(b.map(|b| avg / b.pods_per_s)),
            opt(b.map(|b| b.p50_s)),
            ratio(b.map(|b| b.p50_s / p50.max(1e-3))),
            opt(b.map(|b| b.p99_s)),
            ratio(b.map(|b| b.p99_s / p99.max(1e-3))),
        );
    }
}
