//! Cases after upstream's `default_preemption_test.go`, with a fake framework whose only filter is a
//! resource fit (pods, cpu, memory), optionally followed by VolumeRestrictions.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, PodCondition,
    PodStatus, Volume,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec, PodDisruptionBudgetStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector as MetaSelector, ObjectMeta, Time};

use super::*;
use crate::framework::testing::{NodeBuilder, PodBuilder};
use crate::framework::{FilterPlugin, PreFilterPlugin};
use crate::plugins::volumerestrictions::{VolumeRestrictions, ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT};

const INSUFFICIENT_CPU: &str = "Insufficient cpu";

/// The filters preemption re-runs: a resource fit on requests, and optionally VolumeRestrictions
/// (with its PreFilter extensions, as the real framework runs them).
struct FakeFramework {
    with_volume_restrictions: bool,
}

impl FrameworkHandle for FakeFramework {
    fn run_filter_plugins_with_nominated_pods(
        &self,
        state: &CycleState,
        pod: &PodInfo,
        node: &NodeInfo,
    ) -> Status {
        let mut reasons = vec![];
        if node.allocatable.allowed_pod_number > 0
            && node.pods.len() as i64 + 1 > node.allocatable.allowed_pod_number
        {
            reasons.push("Too many pods".to_string());
        }
        if pod.requests.milli_cpu > node.allocatable.milli_cpu - node.requested.milli_cpu {
            reasons.push(INSUFFICIENT_CPU.to_string());
        }
        if pod.requests.memory > node.allocatable.memory - node.requested.memory {
            reasons.push("Insufficient memory".to_string());
        }
        if !reasons.is_empty() {
            return Status {
                code: Code::Unschedulable,
                reasons,
                plugin: "NodeResourcesFit",
            };
        }
        if self.with_volume_restrictions {
            return VolumeRestrictions.filter(state, pod, node);
        }
        Status::success()
    }

    fn run_pre_filter_extension_add_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        added: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        if self.with_volume_restrictions {
            return VolumeRestrictions.add_pod(state, pod, added, node);
        }
        Status::success()
    }

    fn run_pre_filter_extension_remove_pod(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        removed: &Arc<PodInfo>,
        node: &NodeInfo,
    ) -> Status {
        if self.with_volume_restrictions {
            return VolumeRestrictions.remove_pod(state, pod, removed, node);
        }
        Status::success()
    }
}

const FIT_ONLY: FakeFramework = FakeFramework {
    with_volume_restrictions: false,
};

/// A pod asking for `cpu`, with a priority and a start time (seconds after the epoch).
fn pod(name: &str, cpu: &str, priority: i32, started: Option<i64>) -> PodBuilder {
    let mut b = PodBuilder::new(name).req("cpu", cpu).priority(priority);
    if let Some(s) = started {
        b.0.status = Some(PodStatus {
            start_time: Some(Time(jiff::Timestamp::from_second(s).unwrap())),
            ..Default::default()
        });
    }
    b
}

fn node(name: &str, cpu: &str, pods: Vec<PodBuilder>) -> NodeInfo {
    let mut n = NodeInfo::new(NodeBuilder::new(name).cap("cpu", cpu).cap("pods", "110").build());
    for p in pods {
        n.add_pod(Arc::new(PodInfo::new(p.node(name).build())));
    }
    n
}

fn pdb(name: &str, app: &str, allowed: i32) -> Arc<PodDisruptionBudget> {
    Arc::new(PodDisruptionBudget {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some("default".into()),
            ..Default::default()
        },
        spec: Some(PodDisruptionBudgetSpec {
            selector: Some(MetaSelector {
                match_labels: Some(BTreeMap::from([("app".to_string(), app.to_string())])),
                match_expressions: None,
            }),
            ..Default::default()
        }),
        status: Some(PodDisruptionBudgetStatus {
            disruptions_allowed: allowed,
            ..Default::default()
        }),
    })
}

/// The diagnosis a failed Filter phase leaves: each node with its code and reason.
fn diagnosis(entries: &[(&str, Code, &str)]) -> Diagnosis {
    Diagnosis {
        node_to_status: entries
            .iter()
            .map(|(n, code, reason)| (n.to_string(), Status::new(*code, *reason)))
            .collect(),
        ..Default::default()
    }
}

struct Case {
    name: &'static str,
    preemptor: PodBuilder,
    nodes: Vec<NodeInfo>,
    pdbs: Vec<Arc<PodDisruptionBudget>>,
    diagnosis: Diagnosis,
    /// Some((node, victims)) when preemption succeeds.
    want_result: Option<PostFilterResult>,
    want_code: Code,
    want_message: &'static str,
}

fn nominated(node: &str, victims: &[&str]) -> Option<PostFilterResult> {
    Some(PostFilterResult {
        nominated_node_name: Some(node.into()),
        victims: victims.iter().map(|v| format!("default/{v}")).collect(),
    })
}

fn unschedulable(nodes: &[&'static str]) -> Diagnosis {
    let entries: Vec<_> = nodes
        .iter()
        .map(|n| (*n, Code::Unschedulable, INSUFFICIENT_CPU))
        .collect();
    diagnosis(&entries)
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "seed: one low-priority pod makes room",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![node("node-1", "2", vec![pod("low", "2", 0, Some(10))])],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1"]),
            want_result: nominated("node-1", &["low"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "higher-priority pods are reprieved first; only what must go goes",
            preemptor: pod("high", "2", 100, None),
            nodes: vec![node(
                "node-1",
                "4",
                vec![
                    pod("p1", "1", 1, Some(10)),
                    pod("p2", "1", 2, Some(10)),
                    pod("p3", "2", 3, Some(10)),
                ],
            )],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1"]),
            want_result: nominated("node-1", &["p2", "p1"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "equal priority: the older pod is more important and stays",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![node(
                "node-1",
                "2",
                vec![pod("young", "1", 5, Some(200)), pod("old", "1", 5, Some(100))],
            )],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1"]),
            want_result: nominated("node-1", &["young"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "a PDB-protected pod is reprieved before a more important unprotected one",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![node(
                "node-1",
                "2",
                vec![
                    pod("guarded", "1", 5, Some(200)).label("app", "db"),
                    pod("free", "1", 5, Some(100)),
                ],
            )],
            pdbs: vec![pdb("db", "db", 0)],
            diagnosis: unschedulable(&["node-1"]),
            want_result: nominated("node-1", &["free"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "the node without PDB violations wins over lower-priority victims",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![
                node(
                    "node-1",
                    "1",
                    vec![pod("guarded", "1", 1, Some(10)).label("app", "db")],
                ),
                node("node-2", "1", vec![pod("mid", "1", 50, Some(10))]),
            ],
            pdbs: vec![pdb("db", "db", 0)],
            diagnosis: unschedulable(&["node-1", "node-2"]),
            want_result: nominated("node-2", &["mid"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "a PDB with disruptions left is no violation",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![
                node(
                    "node-1",
                    "1",
                    vec![pod("guarded", "1", 1, Some(10)).label("app", "db")],
                ),
                node("node-2", "1", vec![pod("mid", "1", 50, Some(10))]),
            ],
            pdbs: vec![pdb("db", "db", 1)],
            diagnosis: unschedulable(&["node-1", "node-2"]),
            want_result: nominated("node-1", &["guarded"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "lowest highest-victim priority",
            preemptor: pod("high", "2", 100, None),
            nodes: vec![
                node(
                    "node-1",
                    "2",
                    vec![pod("a", "1", 10, Some(10)), pod("b", "1", 10, Some(10))],
                ),
                node("node-2", "2", vec![pod("c", "2", 20, Some(10))]),
            ],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1", "node-2"]),
            want_result: nominated("node-1", &["a", "b"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "same top priority: smallest priority sum",
            preemptor: pod("high", "2", 100, None),
            nodes: vec![
                node(
                    "node-1",
                    "2",
                    vec![pod("a", "1", 10, Some(10)), pod("b", "1", 10, Some(10))],
                ),
                node(
                    "node-2",
                    "2",
                    vec![pod("c", "1", 10, Some(10)), pod("d", "1", 5, Some(10))],
                ),
            ],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1", "node-2"]),
            want_result: nominated("node-2", &["c", "d"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "same priorities: fewest victims",
            preemptor: pod("high", "2", 100, None),
            nodes: vec![
                node(
                    "node-1",
                    "2",
                    vec![pod("a", "1", 10, Some(10)), pod("b", "1", 10, Some(10))],
                ),
                node("node-2", "2", vec![pod("c", "2", 10, Some(10))]),
            ],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1", "node-2"]),
            want_result: nominated("node-2", &["c"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "all else equal: the most recently started victims",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![
                node("node-1", "1", vec![pod("old", "1", 10, Some(100))]),
                node("node-2", "1", vec![pod("new", "1", 10, Some(500))]),
                node("node-3", "1", vec![pod("mid", "1", 10, Some(300))]),
            ],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1", "node-2", "node-3"]),
            want_result: nominated("node-2", &["new"]),
            want_code: Code::Success,
            want_message: "",
        },
        Case {
            name: "preemptionPolicy Never",
            preemptor: pod("high", "1", 100, None).with_spec(|s| s.preemption_policy = Some("Never".into())),
            nodes: vec![node("node-1", "2", vec![pod("low", "2", 0, Some(10))])],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1"]),
            want_result: None,
            want_code: Code::Unschedulable,
            want_message: "preemption: not eligible due to preemptionPolicy=Never.",
        },
        Case {
            name: "all nodes unresolvable",
            preemptor: pod("high", "1", 100, None),
            nodes: vec![
                node("node-1", "2", vec![pod("low", "2", 0, Some(10))]),
                node("node-2", "2", vec![]),
            ],
            pdbs: vec![],
            diagnosis: diagnosis(&[
                (
                    "node-1",
                    Code::UnschedulableAndUnresolvable,
                    "node(s) had untolerated taint(s)",
                ),
                (
                    "node-2",
                    Code::UnschedulableAndUnresolvable,
                    "node(s) didn't match Pod's node affinity/selector",
                ),
            ]),
            want_result: Some(PostFilterResult::default()),
            want_code: Code::Unschedulable,
            want_message: "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
        },
        Case {
            name: "only higher-priority pods to evict",
            preemptor: pod("mid", "1", 50, None),
            nodes: vec![
                node("node-1", "1", vec![pod("top", "1", 1000, Some(10))]),
                node("node-2", "1", vec![]),
            ],
            pdbs: vec![],
            diagnosis: diagnosis(&[
                ("node-1", Code::Unschedulable, INSUFFICIENT_CPU),
                (
                    "node-2",
                    Code::UnschedulableAndUnresolvable,
                    "node(s) were unschedulable",
                ),
            ]),
            want_result: Some(PostFilterResult::default()),
            want_code: Code::Unschedulable,
            want_message:
                "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, \
                           1 Preemption is not helpful for scheduling.",
        },
        Case {
            name: "evicting everything evictable is not enough",
            preemptor: pod("high", "2", 100, None),
            nodes: vec![node(
                "node-1",
                "2",
                vec![pod("low", "1", 0, Some(10)), pod("top", "1", 1000, Some(10))],
            )],
            pdbs: vec![],
            diagnosis: unschedulable(&["node-1"]),
            want_result: Some(PostFilterResult::default()),
            want_code: Code::Unschedulable,
            want_message: "preemption: 0/1 nodes are available: 1 Insufficient cpu.",
        },
    ]
}

#[test]
fn default_preemption() {
    for case in cases() {
        let snapshot = Snapshot {
            pdbs: case.pdbs.clone(),
            ..Snapshot::from_nodes(case.nodes)
        };
        let preemptor = PodInfo::new(case.preemptor.build());
        let (result, status) = DefaultPreemption::default().post_filter(
            &CycleState::default(),
            &preemptor,
            &snapshot,
            &case.diagnosis,
            &FIT_ONLY,
        );
        assert_eq!(status.code, case.want_code, "{}: {status:?}", case.name);
        assert_eq!(status.message(), case.want_message, "{}", case.name);
        assert_eq!(result, case.want_result, "{}", case.name);
    }
}

#[test]
fn waits_for_victims_terminating_on_the_nominated_node() {
    let mut terminating = pod("victim", "2", 0, Some(10)).node("node-1").build();
    terminating.metadata.deletion_timestamp = Some(Time(jiff::Timestamp::from_second(50).unwrap()));
    terminating.status.as_mut().unwrap().conditions = Some(vec![PodCondition {
        type_: "DisruptionTarget".into(),
        status: "True".into(),
        reason: Some("PreemptionByScheduler".into()),
        ..Default::default()
    }]);
    let mut n = node("node-1", "2", vec![]);
    n.add_pod(Arc::new(PodInfo::new(terminating)));
    let snapshot = Snapshot::from_nodes(vec![n]);
    let mut preemptor = pod("high", "1", 100, None).build();
    preemptor.status = Some(PodStatus {
        nominated_node_name: Some("node-1".into()),
        ..Default::default()
    });
    let preemptor = PodInfo::new(preemptor);
    let dry = unschedulable(&["node-1"]);
    let (result, status) = DefaultPreemption::default().post_filter(
        &CycleState::default(),
        &preemptor,
        &snapshot,
        &dry,
        &FIT_ONLY,
    );
    assert_eq!(result, None);
    assert_eq!(
        status.message(),
        "preemption: not eligible due to a terminating pod on the nominated node."
    );

    // Once the nominated node cannot be helped any more, the pod may preempt elsewhere.
    let dry = diagnosis(&[(
        "node-1",
        Code::UnschedulableAndUnresolvable,
        "node(s) were unschedulable",
    )]);
    let (_, status) = DefaultPreemption::default().post_filter(
        &CycleState::default(),
        &preemptor,
        &snapshot,
        &dry,
        &FIT_ONLY,
    );
    assert_eq!(
        status.message(),
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    );
}

#[test]
fn candidate_count_follows_the_args() {
    let pl = DefaultPreemption::default();
    assert_eq!(pl.num_candidates(5), 5);
    assert_eq!(pl.num_candidates(5000), 500);
    let pl = DefaultPreemption {
        args: DefaultPreemptionArgs {
            min_candidate_nodes_percentage: 0,
            min_candidate_nodes_absolute: 1,
        },
    };
    assert_eq!(pl.num_candidates(10), 1);
}

#[test]
fn evicts_the_read_write_once_pod_user_through_the_prefilter_extensions() {
    let claim = PersistentVolumeClaim {
        metadata: ObjectMeta {
            name: Some("db".into()),
            namespace: Some("default".into()),
            ..Default::default()
        },
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec!["ReadWriteOncePod".into()]),
            ..Default::default()
        }),
        status: None,
    };
    let uses_db = |b: PodBuilder| {
        b.with_spec(|s| {
            s.volumes = Some(vec![Volume {
                name: "data".into(),
                persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                    claim_name: "db".into(),
                    read_only: None,
                }),
                ..Default::default()
            }])
        })
    };
    let mut snapshot = Snapshot::from_nodes(vec![
        node(
            "node-1",
            "4",
            vec![
                uses_db(pod("old-user", "1", 0, Some(10))),
                pod("bystander", "1", 0, Some(10)),
            ],
        ),
        node("node-2", "4", vec![]),
    ]);
    snapshot.pvcs.insert("default/db".into(), Arc::new(claim));
    let preemptor = PodInfo::new(uses_db(pod("new-user", "1", 100, None)).build());

    let mut state = CycleState::default();
    let (_, st) = VolumeRestrictions.pre_filter(&mut state, &preemptor, &snapshot);
    assert!(st.is_success(), "{st:?}");
    let dry = diagnosis(&[
        (
            "node-1",
            Code::Unschedulable,
            ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
        ),
        (
            "node-2",
            Code::Unschedulable,
            ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT,
        ),
    ]);
    let fw = FakeFramework {
        with_volume_restrictions: true,
    };
    let (result, status) = DefaultPreemption::default().post_filter(&state, &preemptor, &snapshot, &dry, &fw);
    assert!(status.is_success(), "{status:?}");
    // Only the claim's user goes; node-2 has nothing to evict.
    assert_eq!(result, nominated("node-1", &["old-user"]));
}
