//! End-to-end: the same kubectl flows on the etcd datastore (`--datastore-endpoint`).

mod common;

use common::{Cluster, Etcd};

#[test]
fn kubectl_works_on_etcd_and_state_survives_restart() {
    let etcd = Etcd::start().unwrap();
    let mut c = Cluster::start_with(&["--datastore-endpoint", &etcd.url]).unwrap();
    let port = c.port();
    c.ok(&["create", "namespace", "on-etcd"]);
    c.ok(&["create", "deployment", "web", "--image=nginx", "-n", "on-etcd"]);
    c.ok(&["scale", "deployment", "web", "--replicas=3", "-n", "on-etcd"]);
    c.ok(&["label", "deployment", "web", "store=etcd", "-n", "on-etcd"]);
    assert_eq!(
        c.ok(&[
            "get",
            "deploy",
            "-n",
            "on-etcd",
            "-l",
            "store=etcd",
            "-o",
            "jsonpath={.items[0].spec.replicas}"
        ]),
        "3"
    );
    c.kill9();
    c.boot(port).unwrap();
    assert_eq!(
        c.ok(&[
            "get",
            "deploy",
            "web",
            "-n",
            "on-etcd",
            "-o",
            "jsonpath={.spec.replicas}"
        ]),
        "3"
    );
    let ns = c.ok(&["get", "ns", "-o", "name"]);
    assert!(
        ns.contains("namespace/on-etcd") && ns.contains("namespace/kube-system"),
        "{ns}"
    );
}
