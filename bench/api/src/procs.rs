//! The processes under test: a `skiff server` (and an etcd for the etcd backend), on loopback, in
//! temporary folders, killed on drop.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::client::Target;

pub struct Proc {
    pub child: Child,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    /// Resident memory in MiB, from /proc.
    pub fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    }

    /// CPU time (user + system) used so far, in seconds, from /proc (clock ticks of 1/100 s).
    pub fn cpu_seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        (ticks(11) + ticks(12)) / 100.0
    }
}

pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Start etcd on free loopback ports; returns the process and its client URL.
pub fn start_etcd(dir: &Path) -> Result<(Proc, String)> {
    let client = free_port()?;
    let peer = free_port()?;
    let url = format!("http://127.0.0.1:{client}");
    let child = Command::new("etcd")
        .args(["--name", "bench", "--data-dir"])
        .arg(dir.join("etcd"))
        .args(["--listen-client-urls", &url, "--advertise-client-urls", &url])
        .args(["--listen-peer-urls", &format!("http://127.0.0.1:{peer}")])
        .args([
            "--initial-advertise-peer-urls",
            &format!("http://127.0.0.1:{peer}"),
        ])
        .args(["--initial-cluster", &format!("bench=http://127.0.0.1:{peer}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting etcd (Debian package etcd-server)")?;
    let proc = Proc { child };
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", client)).is_err() {
        if Instant::now() > deadline {
            bail!("etcd did not listen within 20 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((proc, url))
}

/// Start `skiff server` with its data in `dir` and `extra` flags (e.g. `--disable-scheduler` to measure
/// the API server alone); returns the process and a client target for it.
pub fn start_skiff(
    bin: &Path,
    dir: &Path,
    datastore: Option<&str>,
    extra: &[&str],
) -> Result<(Proc, Target)> {
    let mut cmd = Command::new(bin);
    cmd.args([
        "server",
        "--disable-agent",
        "--https-listen-port",
        "0",
        "--data-dir",
    ])
    .arg(dir);
    if let Some(ep) = datastore {
        cmd.args(["--datastore-endpoint", ep]);
    }
    cmd.args(extra);
    let mut child = cmd
        .env("SKIFF_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let stdout = child.stdout.take().context("stdout")?;
    let proc = Proc { child };
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        if let Some(rest) = line.strip_prefix("skiff server ready: https://") {
            let addr: SocketAddr = rest.split_whitespace().next().unwrap_or_default().parse()?;
            let target = Target::for_data_dir(addr, dir)?;
            return Ok((proc, target));
        }
    }
    bail!("skiff server exited before it was ready")
}

pub fn default_skiff_bin() -> PathBuf {
    let here = std::env::current_exe().unwrap_or_default();
    here.parent()
        .map(|p| p.join("skiff"))
        .unwrap_or_else(|| PathBuf::from("target/release/skiff"))
}
