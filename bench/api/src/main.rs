//! `skiff-bench`: benchmarks of Skiff against upstream baselines measured on the same machine kind
//! (`../shared/notes/baselines.md`); see `bench/README.md`.
//!
//! - `skiff-bench api`: the API server (create/get/watch/list, memory) on the embedded store and etcd;
//! - `skiff-bench scheduler`: scheduler_perf-style workloads against the in-process scheduler.

mod api;
mod client;
mod procs;
mod scheduler;
mod stats;

use anyhow::Result;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Benchmarks of Skiff against upstream baselines (bench/README.md)")]
enum Cli {
    /// API server: create/get/watch throughput and latency, listing, memory.
    Api(api::Args),
    /// Scheduler: scheduler_perf workloads (SchedulingThroughput and scheduling latency).
    Scheduler(scheduler::Args),
}

fn main() -> Result<()> {
    match Cli::parse() {
        Cli::Api(args) => api::main(args),
        Cli::Scheduler(args) => scheduler::main(args),
    }
}
