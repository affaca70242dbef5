//! A quick throughput check of the SQLite backend (and of etcd, if `SKIFF_BENCH_ETCD` names an
//! endpoint and the `etcd` feature is on):
//!
//! ```text
//! cargo run --release -p skiff-store --example bench
//! SKIFF_BENCH_ETCD=http://127.0.0.1:2379 cargo run --release -p skiff-store --features etcd --example bench
//! ```
//!
//! Measures durable creates/s from one writer, creates/s from 8 concurrent writers (group commit), and
//! the time to list 10,000 keys of 1.5 KB.

use std::sync::Arc;
use std::time::{Duration, Instant};

use skiff_store::sqlite::SqliteStore;
use skiff_store::{ListOptions, Store};

const VALUE_SIZE: usize = 1536;
const SINGLE_WRITES: usize = 2000;
const WRITERS: usize = 8;
const WRITES_PER_WRITER: usize = 500;
const LIST_KEYS: usize = 10_000;
const LIST_RUNS: usize = 7;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let sqlite: Arc<dyn Store> = Arc::new(SqliteStore::open(&dir.path().join("bench.db"))?);
    println!("sqlite ({}):", dir.path().display());
    run(sqlite).await?;

    #[cfg(feature = "etcd")]
    if let Ok(endpoint) = std::env::var("SKIFF_BENCH_ETCD") {
        let prefix = format!("/skiff-bench-{}", std::process::id());
        let etcd: Arc<dyn Store> =
            Arc::new(skiff_store::etcd::EtcdStore::connect(&[endpoint], &prefix).await?);
        println!("etcd:");
        run(etcd).await?;
    }
    Ok(())
}

async fn run(store: Arc<dyn Store>) -> Result<(), Box<dyn std::error::Error>> {
    let value = vec![b'x'; VALUE_SIZE];

    let started = Instant::now();
    for i in 0..SINGLE_WRITES {
        store
            .create(&format!("/bench/single/k{i:06}"), value.clone())
            .await?;
    }
    report("1 writer", SINGLE_WRITES, started.elapsed());

    let started = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (store, value) = (Arc::clone(&store), value.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..WRITES_PER_WRITER {
                store
                    .create(&format!("/bench/multi/w{w}/k{i:06}"), value.clone())
                    .await?;
            }
            Ok::<_, skiff_store::StoreError>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    report("8 writers", WRITERS * WRITES_PER_WRITER, started.elapsed());

    // Fill a prefix with 10,000 keys (concurrently, to be quick), then time full lists of it.
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (store, value) = (Arc::clone(&store), value.clone());
        tasks.push(tokio::spawn(async move {
            for i in (w..LIST_KEYS).step_by(WRITERS) {
                store
                    .create(&format!("/bench/list/k{i:06}"), value.clone())
                    .await?;
            }
            Ok::<_, skiff_store::StoreError>(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    let mut times = Vec::new();
    for _ in 0..LIST_RUNS {
        let started = Instant::now();
        let list = store.list("/bench/list/", ListOptions::default()).await?;
        times.push(started.elapsed());
        assert_eq!(list.items.len(), LIST_KEYS);
    }
    times.sort();
    println!(
        "  list {LIST_KEYS} keys of {VALUE_SIZE} B: median {:.1} ms, min {:.1} ms",
        ms(times[LIST_RUNS / 2]),
        ms(times[0])
    );
    let started = Instant::now();
    let page = store
        .list(
            "/bench/list/",
            ListOptions {
                limit: Some(500),
                ..Default::default()
            },
        )
        .await?;
    println!(
        "  list first page of 500 (remaining {}): {:.1} ms",
        page.remaining,
        ms(started.elapsed())
    );
    Ok(())
}

fn report(what: &str, writes: usize, elapsed: Duration) {
    println!(
        "  {what}: {writes} durable creates in {:.0} ms = {:.0} creates/s",
        ms(elapsed),
        writes as f64 / elapsed.as_secs_f64()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
