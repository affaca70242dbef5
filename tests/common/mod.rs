//! Shared end-to-end harness: a `skiff server` on a free port with a temporary data dir, driven by the
//! real kubectl. Everything started here is stopped on drop.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

pub const KUBECTL: &str = "/usr/bin/kubectl";

pub struct Cluster {
    child: Option<Child>,
    extra_args: Vec<String>,
    pub dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
    pub addr: String,
}

fn skiff_bin() -> &'static str {
    env!("CARGO_BIN_EXE_skiff")
}

impl Cluster {
    /// Start a server on a free port with a new data dir.
    pub fn start() -> Result<Cluster> {
        Self::start_with(&[])
    }

    /// Start a server with extra `skiff server` flags.
    pub fn start_with(extra: &[&str]) -> Result<Cluster> {
        let dir = tempfile::tempdir().context("creating a temp data dir")?;
        let mut c = Cluster {
            child: None,
            extra_args: extra.iter().map(|s| s.to_string()).collect(),
            kubeconfig: dir.path().join("kubeconfig.yaml"),
            dir,
            addr: String::new(),
        };
        c.boot(0)?;
        Ok(c)
    }

    /// Start (or restart) the server process on the same data dir; `port` 0 picks a free one.
    pub fn boot(&mut self, port: u16) -> Result<()> {
        let mut child = Command::new(skiff_bin())
            .args([
                "server",
                "--disable-agent",
                "--https-listen-port",
                &port.to_string(),
                "--data-dir",
            ])
            .arg(self.dir.path())
            .args(&self.extra_args)
            .env("SKIFF_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("spawning skiff server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if Instant::now() > deadline {
                let _ = child.kill();
                bail!("skiff server did not print its ready line within 30 s");
            }
            match lines.next() {
                Some(Ok(line)) if line.starts_with("skiff server ready: https://") => {
                    let addr = line["skiff server ready: https://".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default();
                    self.addr = addr.to_string();
                    break;
                }
                Some(Ok(_)) => continue,
                _ => {
                    let _ = child.kill();
                    bail!("skiff server exited before it was ready");
                }
            }
        }
        self.child = Some(child);
        Ok(())
    }

    pub fn port(&self) -> u16 {
        self.addr
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    }

    /// SIGKILL the server, as a crash would.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Run kubectl against this cluster, with its own discovery cache.
    pub fn kubectl(&self, args: &[&str]) -> Output {
        self.kubectl_stdin(args, None)
    }

    pub fn kubectl_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        self.kubectl_env(args, stdin, &[])
    }

    pub fn kubectl_env(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(KUBECTL);
        cmd.arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .arg("--cache-dir")
            .arg(self.dir.path().join("kubectl-cache"))
            .args(args)
            .env("HOME", self.dir.path())
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("kubectl runs");
        if let Some(input) = stdin {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(input.as_bytes())
                .expect("write stdin");
        }
        child.wait_with_output().expect("kubectl finishes")
    }

    /// kubectl that must succeed; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.kubectl(args);
        assert!(
            out.status.success(),
            "kubectl {} failed:\nstdout: {}\nstderr: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// kubectl reading a manifest on stdin (`-f -`), which must succeed.
    pub fn ok_stdin(&self, args: &[&str], stdin: &str) -> String {
        let out = self.kubectl_stdin(args, Some(stdin));
        assert!(
            out.status.success(),
            "kubectl {} failed:\nstdout: {}\nstderr: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// kubectl that must fail; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.kubectl(args);
        assert!(
            !out.status.success(),
            "kubectl {} unexpectedly succeeded",
            args.join(" ")
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// The admin bearer token written at first start.
    pub fn token(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("token"))
            .expect("token file")
            .trim()
            .to_string()
    }

    /// A raw HTTPS request with curl (bearer token); returns (status code, body).
    pub fn curl(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
    ) -> (u16, String) {
        let url = format!("https://{}{}", self.addr, path);
        let mut cmd = Command::new("curl");
        cmd.args([
            "-sk",
            "--http1.1",
            "-o",
            "-",
            "-w",
            "\n%{http_code}",
            "-X",
            method,
        ])
        .arg("-H")
        .arg(format!("Authorization: Bearer {}", self.token()))
        .arg(&url);
        if let Some(ct) = content_type {
            cmd.arg("-H").arg(format!("Content-Type: {ct}"));
        }
        let file;
        if let Some(b) = body {
            file = self.dir.path().join(format!("body-{}", std::process::id()));
            std::fs::write(&file, b).expect("write body");
            cmd.arg("--data-binary").arg(format!("@{}", file.display()));
        }
        let out = cmd.output().expect("curl runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
        (code.trim().parse().unwrap_or(0), body.to_string())
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Poll `f` until it returns Some or the deadline passes.
pub fn eventually<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A real etcd on free loopback ports, in its own temp dir, killed on drop.
pub struct Etcd {
    child: Child,
    _dir: tempfile::TempDir,
    pub url: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Etcd {
    pub fn start() -> Result<Etcd> {
        let dir = tempfile::tempdir()?;
        let (client, peer) = (free_port(), free_port());
        let url = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new("etcd")
            .args(["--name", "e2e", "--data-dir"])
            .arg(dir.path().join("etcd"))
            .args(["--listen-client-urls", &url, "--advertise-client-urls", &url])
            .args([
                "--listen-peer-urls",
                &peer_url,
                "--initial-advertise-peer-urls",
                &peer_url,
            ])
            .args(["--initial-cluster", &format!("e2e={peer_url}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting etcd (install Debian's etcd-server: scripts/install-deps.sh)")?;
        let etcd = Etcd {
            child,
            _dir: dir,
            url,
        };
        let up = eventually(Duration::from_secs(20), || {
            std::net::TcpStream::connect(("127.0.0.1", client)).ok()
        });
        if up.is_none() {
            bail!("etcd did not listen on {} within 20 s", etcd.url);
        }
        Ok(etcd)
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
