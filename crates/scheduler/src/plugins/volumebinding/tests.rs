//! Table-driven cases after upstream's `volume_binding_test.go` and `binder_test.go`.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{
    NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, ObjectReference, PersistentVolume,
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimStatus,
    PersistentVolumeClaimVolumeSource, PersistentVolumeSpec, PersistentVolumeStatus,
    TopologySelectorLabelRequirement, TopologySelectorTerm, Volume, VolumeNodeAffinity,
    VolumeResourceRequirements,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};

use super::*;
use crate::framework::testing::{NodeBuilder, PodBuilder};

const WFFC: &str = "WaitForFirstConsumer";
const IMMEDIATE: &str = "Immediate";

fn class(name: &str, mode: &str, provisioner: &str) -> StorageClass {
    StorageClass {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        provisioner: provisioner.into(),
        volume_binding_mode: Some(mode.into()),
        ..Default::default()
    }
}

fn with_zones(mut sc: StorageClass, zones: &[&str]) -> StorageClass {
    sc.allowed_topologies = Some(vec![TopologySelectorTerm {
        match_label_expressions: Some(vec![TopologySelectorLabelRequirement {
            key: "topology.kubernetes.io/zone".into(),
            values: zones.iter().map(|z| z.to_string()).collect(),
        }]),
    }]);
    sc
}

/// A claim in `default` asking for `size` with `ReadWriteOnce`.
fn pvc(name: &str, class: Option<&str>, size: &str) -> PersistentVolumeClaim {
    PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some("default".into()),
            uid: Some(format!("uid-{name}")),
            ..Default::default()
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOnce".into()]),
            storage_class_name: class.map(String::from),
            resources: Some(VolumeResourceRequirements {
                requests: Some(BTreeMap::from([("storage".to_string(), Quantity(size.into()))])),
                limits: None,
            }),
            ..Default::default()
        }),
        status: Some(PersistentVolumeClaimStatus {
            phase: Some("Pending".into()),
            ..Default::default()
        }),
    }
}

/// Mark the claim bound to `pv` by the PV controller.
fn bound(mut c: PersistentVolumeClaim, pv: &str) -> PersistentVolumeClaim {
    c.spec.as_mut().unwrap().volume_name = Some(pv.into());
    c.metadata
        .annotations
        .get_or_insert_with(BTreeMap::new)
        .insert(ANN_BIND_COMPLETED.into(), "yes".into());
    c.status.as_mut().unwrap().phase = Some("Bound".into());
    c
}

fn annotated(mut c: PersistentVolumeClaim, k: &str, v: &str) -> PersistentVolumeClaim {
    c.metadata
        .annotations
        .get_or_insert_with(BTreeMap::new)
        .insert(k.into(), v.into());
    c
}

/// An Available `ReadWriteOnce` PV of `class`, pinned to `host` when given (a local PV).
fn pv(name: &str, class: &str, size: &str, host: Option<&str>) -> PersistentVolume {
    PersistentVolume {
        metadata: ObjectMeta {
            name: Some(name.into()),
            ..Default::default()
        },
        spec: Some(PersistentVolumeSpec {
            access_modes: Some(vec!["ReadWriteOnce".into()]),
            capacity: Some(BTreeMap::from([("storage".to_string(), Quantity(size.into()))])),
            storage_class_name: Some(class.into()),
            node_affinity: host.map(|h| VolumeNodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![NodeSelectorRequirement {
                            key: "kubernetes.io/hostname".into(),
                            operator: "In".into(),
                            values: Some(vec![h.into()]),
                        }]),
                        match_fields: None,
                    }],
                }),
            }),
            ..Default::default()
        }),
        status: Some(PersistentVolumeStatus {
            phase: Some("Available".into()),
            ..Default::default()
        }),
    }
}

fn claimed_by(mut p: PersistentVolume, claim: &str) -> PersistentVolume {
    p.spec.as_mut().unwrap().claim_ref = Some(ObjectReference {
        name: Some(claim.into()),
        namespace: Some("default".into()),
        ..Default::default()
    });
    p.status.as_mut().unwrap().phase = Some("Bound".into());
    p
}

fn pod_with_claims(claims: &[&str]) -> PodInfo {
    let vols: Vec<Volume> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| Volume {
            name: format!("v{i}"),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: c.to_string(),
                read_only: None,
            }),
            ..Default::default()
        })
        .collect();
    PodInfo::new(PodBuilder::new("p").with_spec(|s| s.volumes = Some(vols)).build())
}

fn node(name: &str, zone: &str) -> NodeInfo {
    NodeInfo::new(
        NodeBuilder::new(name)
            .label("topology.kubernetes.io/zone", zone)
            .build(),
    )
}

fn snapshot(
    pvcs: Vec<PersistentVolumeClaim>,
    pvs: Vec<PersistentVolume>,
    classes: Vec<StorageClass>,
) -> Snapshot {
    let mut snap = Snapshot::from_nodes(vec![node("node-a", "a"), node("node-b", "b")]);
    for c in pvcs {
        let key = format!(
            "{}/{}",
            c.metadata.namespace.as_deref().unwrap(),
            c.metadata.name.as_deref().unwrap()
        );
        snap.pvcs.insert(key, Arc::new(c));
    }
    for p in pvs {
        snap.pvs.insert(p.metadata.name.clone().unwrap(), Arc::new(p));
    }
    for sc in classes {
        snap.storage_classes
            .insert(sc.metadata.name.clone().unwrap(), Arc::new(sc));
    }
    snap
}

fn bind(claim: &str, pv: &str) -> BindingDecision {
    BindingDecision {
        claim: format!("default/{claim}"),
        action: BindingAction::Bind { pv: pv.into() },
    }
}

fn provision(claim: &str, node: &str) -> BindingDecision {
    BindingDecision {
        claim: format!("default/{claim}"),
        action: BindingAction::Provision {
            selected_node: node.into(),
        },
    }
}

/// The expected Filter outcome on one node: its code, reasons and binding decisions.
type NodeWant = (&'static str, Code, Vec<&'static str>, Vec<BindingDecision>);

struct Case {
    name: &'static str,
    pod: PodInfo,
    snapshot: Snapshot,
    pre_filter: (Code, &'static str),
    pre_filter_nodes: Option<Vec<&'static str>>,
    nodes: Vec<NodeWant>,
}

fn local() -> StorageClass {
    class("local", WFFC, NOT_SUPPORTED_PROVISIONER)
}

fn cases() -> Vec<Case> {
    let ok = |n: &'static str, d: Vec<BindingDecision>| (n, Code::Success, vec![], d);
    let unresolvable =
        |n: &'static str, r: &'static str| (n, Code::UnschedulableAndUnresolvable, vec![r], vec![]);
    vec![
        Case {
            name: "pod without claims is skipped",
            pod: PodInfo::new(PodBuilder::new("p").build()),
            snapshot: snapshot(vec![], vec![], vec![]),
            pre_filter: (Code::Skip, ""),
            pre_filter_nodes: None,
            nodes: vec![ok("node-a", vec![])],
        },
        Case {
            name: "missing claim",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(vec![], vec![], vec![]),
            pre_filter: (
                Code::UnschedulableAndUnresolvable,
                "persistentvolumeclaim \"data\" not found",
            ),
            pre_filter_nodes: None,
            nodes: vec![],
        },
        Case {
            name: "claim being deleted",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![{
                    let mut c = pvc("data", Some("local"), "1Gi");
                    c.metadata.deletion_timestamp = Some(Time(jiff::Timestamp::UNIX_EPOCH));
                    c
                }],
                vec![],
                vec![local()],
            ),
            pre_filter: (
                Code::UnschedulableAndUnresolvable,
                "persistentvolumeclaim \"data\" is being deleted",
            ),
            pre_filter_nodes: None,
            nodes: vec![],
        },
        Case {
            name: "unbound claim of an Immediate class",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("standard"), "1Gi")],
                vec![],
                vec![class("standard", IMMEDIATE, "example.com/csi")],
            ),
            pre_filter: (Code::UnschedulableAndUnresolvable, ERR_UNBOUND_IMMEDIATE_PVC),
            pre_filter_nodes: None,
            nodes: vec![],
        },
        Case {
            name: "unbound claim without a class is immediate",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(vec![pvc("data", None, "1Gi")], vec![], vec![]),
            pre_filter: (Code::UnschedulableAndUnresolvable, ERR_UNBOUND_IMMEDIATE_PVC),
            pre_filter_nodes: None,
            nodes: vec![],
        },
        Case {
            name: "WaitForFirstConsumer claim takes the matching local PV on its node",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("local"), "1Gi")],
                vec![pv("pv-a", "local", "5Gi", Some("node-a"))],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![bind("data", "pv-a")]),
                unresolvable("node-b", ERR_REASON_BIND_CONFLICT),
            ],
        },
        Case {
            name: "smallest fitting PV wins; too small, other class and wrong access mode are skipped",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("local"), "2Gi")],
                vec![
                    pv("big", "local", "10Gi", Some("node-a")),
                    pv("small", "local", "1Gi", Some("node-a")),
                    pv("medium", "local", "3Gi", Some("node-a")),
                    pv("other-class", "fast", "2Gi", Some("node-a")),
                    {
                        let mut p = pv("rox", "local", "2Gi", Some("node-a"));
                        p.spec.as_mut().unwrap().access_modes = Some(vec!["ReadOnlyMany".into()]);
                        p
                    },
                    {
                        let mut p = pv("released", "local", "2Gi", Some("node-a"));
                        p.status.as_mut().unwrap().phase = Some("Released".into());
                        p
                    },
                ],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![ok("node-a", vec![bind("data", "medium")])],
        },
        Case {
            name: "two claims never share a PV",
            pod: pod_with_claims(&["one", "two"]),
            snapshot: snapshot(
                vec![pvc("one", Some("local"), "1Gi"), pvc("two", Some("local"), "1Gi")],
                vec![pv("pv-1", "local", "1Gi", Some("node-a"))],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![unresolvable("node-a", ERR_REASON_BIND_CONFLICT)],
        },
        Case {
            name: "claim selector picks among PVs",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![{
                    let mut c = pvc("data", Some("local"), "1Gi");
                    c.spec.as_mut().unwrap().selector = Some(LabelSelector {
                        match_labels: Some(BTreeMap::from([("disk".to_string(), "ssd".to_string())])),
                        match_expressions: None,
                    });
                    c
                }],
                vec![pv("hdd", "local", "1Gi", None), {
                    let mut p = pv("ssd", "local", "2Gi", None);
                    p.metadata.labels = Some(BTreeMap::from([("disk".to_string(), "ssd".to_string())]));
                    p
                }],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![ok("node-b", vec![bind("data", "ssd")])],
        },
        Case {
            name: "PV pre-bound to the claim is taken even if a smaller one exists",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("local"), "1Gi")],
                vec![
                    pv("small", "local", "1Gi", None),
                    claimed_by(pv("reserved", "local", "9Gi", Some("node-a")), "data"),
                ],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![bind("data", "reserved")]),
                unresolvable("node-b", ERR_REASON_BIND_CONFLICT),
            ],
        },
        Case {
            name: "no PV: a real provisioner provisions on the chosen node",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("local-path"), "1Gi")],
                vec![],
                vec![class("local-path", WFFC, "rancher.io/local-path")],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![provision("data", "node-a")]),
                ok("node-b", vec![provision("data", "node-b")]),
            ],
        },
        Case {
            name: "provisioning respects allowedTopologies",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("zonal"), "1Gi")],
                vec![],
                vec![with_zones(class("zonal", WFFC, "example.com/csi"), &["a"])],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![provision("data", "node-a")]),
                unresolvable("node-b", ERR_REASON_BIND_CONFLICT),
            ],
        },
        Case {
            name: "static PV where one fits, provisioning elsewhere",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![pvc("data", Some("local-path"), "1Gi")],
                vec![pv("pv-a", "local-path", "1Gi", Some("node-a"))],
                vec![class("local-path", WFFC, "rancher.io/local-path")],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![bind("data", "pv-a")]),
                ok("node-b", vec![provision("data", "node-b")]),
            ],
        },
        Case {
            name: "claim already being provisioned for another node",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![annotated(
                    pvc("data", Some("local-path"), "1Gi"),
                    ANN_SELECTED_NODE,
                    "node-a",
                )],
                vec![],
                vec![class("local-path", WFFC, "rancher.io/local-path")],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                ok("node-a", vec![provision("data", "node-a")]),
                unresolvable("node-b", ERR_REASON_BIND_CONFLICT),
            ],
        },
        Case {
            name: "bound claim: the PV's node affinity must match",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![bound(pvc("data", Some("local"), "1Gi"), "pv-a")],
                vec![claimed_by(pv("pv-a", "local", "1Gi", Some("node-a")), "data")],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: Some(vec!["node-a"]),
            nodes: vec![
                ok("node-a", vec![]),
                unresolvable("node-b", ERR_REASON_NODE_CONFLICT),
            ],
        },
        Case {
            name: "bound claim: zonal PV, no node narrowing",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![bound(pvc("data", Some("standard"), "1Gi"), "pv-z")],
                vec![{
                    let mut p = claimed_by(pv("pv-z", "standard", "1Gi", None), "data");
                    p.spec.as_mut().unwrap().node_affinity = Some(VolumeNodeAffinity {
                        required: Some(NodeSelector {
                            node_selector_terms: vec![NodeSelectorTerm {
                                match_expressions: Some(vec![NodeSelectorRequirement {
                                    key: "topology.kubernetes.io/zone".into(),
                                    operator: "In".into(),
                                    values: Some(vec!["b".into()]),
                                }]),
                                match_fields: None,
                            }],
                        }),
                    });
                    p
                }],
                vec![class("standard", IMMEDIATE, "example.com/csi")],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                unresolvable("node-a", ERR_REASON_NODE_CONFLICT),
                ok("node-b", vec![]),
            ],
        },
        Case {
            name: "bound claim: PV pinned by matchFields metadata.name",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![bound(pvc("data", Some("local-path"), "1Gi"), "pv-f")],
                vec![{
                    let mut p = claimed_by(pv("pv-f", "local-path", "1Gi", None), "data");
                    p.spec.as_mut().unwrap().node_affinity = Some(VolumeNodeAffinity {
                        required: Some(NodeSelector {
                            node_selector_terms: vec![NodeSelectorTerm {
                                match_expressions: None,
                                match_fields: Some(vec![NodeSelectorRequirement {
                                    key: "metadata.name".into(),
                                    operator: "In".into(),
                                    values: Some(vec!["node-b".into()]),
                                }]),
                            }],
                        }),
                    });
                    p
                }],
                vec![class("local-path", WFFC, "rancher.io/local-path")],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![
                unresolvable("node-a", ERR_REASON_NODE_CONFLICT),
                ok("node-b", vec![]),
            ],
        },
        Case {
            name: "bound claim whose PV is gone",
            pod: pod_with_claims(&["data"]),
            snapshot: snapshot(
                vec![bound(pvc("data", Some("local"), "1Gi"), "ghost")],
                vec![],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: None,
            nodes: vec![unresolvable("node-a", ERR_REASON_PV_NOT_EXIST)],
        },
        Case {
            name: "bound and waiting claims: both reasons, in upstream's order",
            pod: pod_with_claims(&["data", "scratch"]),
            snapshot: snapshot(
                vec![
                    bound(pvc("data", Some("local"), "1Gi"), "pv-a"),
                    pvc("scratch", Some("local"), "1Gi"),
                ],
                vec![claimed_by(pv("pv-a", "local", "1Gi", Some("node-a")), "data")],
                vec![local()],
            ),
            pre_filter: (Code::Success, ""),
            pre_filter_nodes: Some(vec!["node-a"]),
            nodes: vec![(
                "node-b",
                Code::UnschedulableAndUnresolvable,
                vec![ERR_REASON_NODE_CONFLICT, ERR_REASON_BIND_CONFLICT],
                vec![],
            )],
        },
    ]
}

#[test]
fn volume_binding() {
    for case in cases() {
        let pl = VolumeBinding;
        let mut state = CycleState::default();
        let (result, status) = pl.pre_filter(&mut state, &case.pod, &case.snapshot);
        assert_eq!(
            status.code, case.pre_filter.0,
            "{}: pre_filter {status:?}",
            case.name
        );
        assert_eq!(
            status.message(),
            case.pre_filter.1,
            "{}: pre_filter message",
            case.name
        );
        let want_nodes = case
            .pre_filter_nodes
            .map(|ns| ns.into_iter().map(String::from).collect());
        assert_eq!(
            result.and_then(|r| r.node_names),
            want_nodes,
            "{}: PreFilterResult",
            case.name
        );
        for (node_name, code, reasons, decisions) in case.nodes {
            let node = case.snapshot.get(node_name).unwrap();
            let st = pl.filter(&state, &case.pod, node);
            assert_eq!(st.code, code, "{} on {node_name}: {st:?}", case.name);
            assert_eq!(st.reasons, reasons, "{} on {node_name}", case.name);
            if code == Code::Success {
                assert_eq!(
                    binding_decisions(&state, &case.pod, node),
                    decisions,
                    "{} on {node_name}: decisions",
                    case.name
                );
            }
        }
    }
}

#[test]
fn ephemeral_volume_claims() {
    let pod = PodInfo::new(
        PodBuilder::new("web")
            .with_spec(|s| {
                s.volumes = Some(vec![Volume {
                    name: "scratch".into(),
                    ephemeral: Some(Default::default()),
                    ..Default::default()
                }])
            })
            .build(),
    );
    let snap = snapshot(vec![], vec![], vec![]);
    let (_, st) = VolumeBinding.pre_filter(&mut CycleState::default(), &pod, &snap);
    assert_eq!(
        st.message(),
        "waiting for ephemeral volume controller to create the persistentvolumeclaim \"web-scratch\""
    );

    let mut claim = pvc("web-scratch", Some("local-path"), "1Gi");
    let snap = snapshot(
        vec![claim.clone()],
        vec![],
        vec![class("local-path", WFFC, "rancher.io/local-path")],
    );
    let (_, st) = VolumeBinding.pre_filter(&mut CycleState::default(), &pod, &snap);
    assert_eq!(
        st.message(),
        "PVC default/web-scratch was not created for pod default/web (pod is not owner)"
    );

    claim.metadata.owner_references = Some(vec![
        k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference {
            api_version: "v1".into(),
            kind: "Pod".into(),
            name: "web".into(),
            uid: "uid-web".into(),
            controller: Some(true),
            block_owner_deletion: None,
        },
    ]);
    let snap = snapshot(
        vec![claim],
        vec![],
        vec![class("local-path", WFFC, "rancher.io/local-path")],
    );
    let mut state = CycleState::default();
    let (_, st) = VolumeBinding.pre_filter(&mut state, &pod, &snap);
    assert!(st.is_success(), "{st:?}");
    let node = snap.get("node-a").unwrap();
    assert_eq!(
        binding_decisions(&state, &pod, node),
        vec![provision("web-scratch", "node-a")]
    );
}
