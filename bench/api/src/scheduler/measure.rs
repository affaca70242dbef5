//! What scheduler_perf reports, observed from outside through a watch on pods: the moment each pod is
//! seen bound (its first watch event with `spec.nodeName`), SchedulingThroughput from 1 s samples of
//! the bound count, and per-pod scheduling latency (create request returned → bound event arrived).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::client::Target;
use crate::stats::Samples;

/// A watch on all pods recording when each (`namespace/name`) was first seen bound.
pub struct Watcher {
    bound: Arc<Mutex<HashMap<String, Instant>>>,
    task: JoinHandle<Result<()>>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Watcher {
    /// Start watching from the current resourceVersion (a list first, so nothing is missed).
    pub async fn start(target: &Target) -> Result<Watcher> {
        let mut conn = target.connect().await?;
        let (code, body) = conn.send("GET", "/api/v1/pods?limit=1", None).await?;
        anyhow::ensure!(code == 200, "listing pods: {code}");
        let list: Value = serde_json::from_slice(&body)?;
        let mut rv = list["metadata"]["resourceVersion"]
            .as_str()
            .context("list without resourceVersion")?
            .to_string();
        let bound: Arc<Mutex<HashMap<String, Instant>>> = Default::default();
        let seen = bound.clone();
        let target = target.clone();
        let task = tokio::spawn(async move {
            // The server may end a watch; resume from the last resourceVersion seen.
            loop {
                let mut events = conn
                    .watch(&format!(
                        "/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion={rv}"
                    ))
                    .await?;
                while let Some(ev) = events.next().await? {
                    let at = Instant::now();
                    let obj = &ev["object"];
                    if ev["type"] == "ERROR" {
                        bail!("pod watch failed: {obj}");
                    }
                    if let Some(v) = obj["metadata"]["resourceVersion"].as_str() {
                        rv = v.to_string();
                    }
                    let node = obj["spec"]["nodeName"].as_str().unwrap_or_default();
                    if node.is_empty() || ev["type"] == "DELETED" || ev["type"] == "BOOKMARK" {
                        continue;
                    }
                    let key = format!(
                        "{}/{}",
                        obj["metadata"]["namespace"].as_str().unwrap_or_default(),
                        obj["metadata"]["name"].as_str().unwrap_or_default()
                    );
                    seen.lock().expect("watcher").entry(key).or_insert(at);
                }
                conn = target.connect().await?;
            }
        });
        Ok(Watcher { bound, task })
    }

    /// When each pod of `ns` was seen bound, by name.
    pub fn bound_in(&self, ns: &str) -> HashMap<String, Instant> {
        let prefix = format!("{ns}/");
        self.bound
            .lock()
            .expect("watcher")
            .iter()
            .filter_map(|(k, t)| k.strip_prefix(&prefix).map(|n| (n.to_string(), *t)))
            .collect()
    }

    /// Wait until `count` pods of `ns` are bound; fail when none gets bound for `stall`.
    pub async fn wait_bound(&self, label: &str, ns: &str, count: usize, stall: Duration) -> Result<()> {
        let (mut last, mut progress_at, mut printed_at) = (0, Instant::now(), Instant::now());
        loop {
            let n = self.bound_in(ns).len();
            if n >= count {
                return Ok(());
            }
            if self.task.is_finished() {
                bail!("the pod watch ended with {n}/{count} pods bound");
            }
            if n > last {
                (last, progress_at) = (n, Instant::now());
            }
            if progress_at.elapsed() > stall {
                bail!("{n}/{count} pods bound, none for {} s", stall.as_secs());
            }
            if printed_at.elapsed() > Duration::from_secs(10) {
                eprintln!("[{label}] {n}/{count} bound");
                printed_at = Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One measured step's figures.
pub struct Measurement {
    /// Pods bound per second, one sample per full second after the first pod was bound.
    pub samples: Vec<f64>,
    /// Pods over the time from the first create to the last bind.
    pub overall_per_s: f64,
    pub latency: Samples,
    pub duration: Duration,
}

impl Measurement {
    /// `created[i]` is when the create of pod `names[i]` returned; `bound` when each was seen bound;
    /// `start` when the first create was sent.
    pub fn new(
        start: Instant,
        names: &[String],
        created: &[Instant],
        bound: &HashMap<String, Instant>,
    ) -> Self {
        let mut latency = Vec::with_capacity(names.len());
        let mut offsets = Vec::with_capacity(names.len());
        for (name, created) in names.iter().zip(created) {
            if let Some(b) = bound.get(name) {
                latency.push(b.saturating_duration_since(*created));
                offsets.push(b.saturating_duration_since(start));
            }
        }
        offsets.sort();
        let duration = offsets.last().copied().unwrap_or_default();
        Measurement {
            samples: per_second(&offsets),
            overall_per_s: offsets.len() as f64 / duration.as_secs_f64().max(1e-3),
            latency: Samples(latency),
            duration,
        }
    }

    /// SchedulingThroughput as upstream summarizes it: the mean of the samples and nearest-rank
    /// percentiles (the overall rate when the run was shorter than one sample).
    pub fn throughput(&self) -> Value {
        let mut s = self.samples.clone();
        s.sort_by(f64::total_cmp);
        let rank = |p: f64| {
            let i = ((s.len() as f64 * p / 100.0).ceil() as usize).clamp(1, s.len().max(1)) - 1;
            s.get(i).copied().unwrap_or(self.overall_per_s)
        };
        let average = if s.is_empty() {
            self.overall_per_s
        } else {
            s.iter().sum::<f64>() / s.len() as f64
        };
        json!({"average": average, "p50": rank(50.0), "p90": rank(90.0), "p99": rank(99.0),
               "samples": self.samples})
    }
}

/// Upstream's throughput collector, replayed on the bound times (offsets from the start, sorted): a
/// sample at every full second, counting the pods bound since the previous one, skipped until the
/// first pod is bound; the partial last second is not sampled (upstream stops the collector once all
/// pods are scheduled).
fn per_second(offsets: &[Duration]) -> Vec<f64> {
    let Some(last) = offsets.last() else {
        return Vec::new();
    };
    let (mut samples, mut done, mut prev) = (Vec::new(), 0, 0);
    for tick in 1..=last.as_secs() {
        let at = Duration::from_secs(tick);
        while done < offsets.len() && offsets[done] <= at {
            done += 1;
        }
        if done > 0 {
            samples.push((done - prev) as f64);
            prev = done;
        }
    }
    samples
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_skip_the_idle_start_and_the_partial_end() {
        let ms = |v: u64| Duration::from_millis(v);
        let offsets = [ms(1500), ms(1600), ms(2100), ms(3900), ms(4200)];
        // Tick 1: nothing yet (skipped); tick 2: 2; tick 3: 1; tick 4: 1; 4.2 s is past the last tick.
        assert_eq!(per_second(&offsets), vec![2.0, 1.0, 1.0]);
    }
}
