//! End-to-end: the official Kubernetes Python client (installed by scripts/install-deps.sh).

mod common;

use common::Cluster;

#[test]
fn official_python_client_works() {
    let c = Cluster::start().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/client_smoke.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&c.kubeconfig)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python client failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}
