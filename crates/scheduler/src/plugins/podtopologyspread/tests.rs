//! Table-driven tests after upstream's `filtering_test.go` / `scoring_test.go`.

use std::sync::Arc;

use k8s_openapi::api::apps::v1::{ReplicaSet, ReplicaSetSpec};
use k8s_openapi::api::core::v1::{
    Node, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, Service, ServiceSpec,
    TopologySpreadConstraint,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta, Time};

use super::*;
use crate::framework::testing::{spread_constraint, NodeBuilder, PodBuilder};
use crate::framework::{Code, NodeInfo, NodeScore, PodInfo, Snapshot};

const ZONE: &str = "zone";
const NODE: &str = "node";

fn node(name: &str, labels: &[(&str, &str)]) -> Node {
    labels
        .iter()
        .fold(NodeBuilder::new(name), |b, (k, v)| b.label(k, v))
        .build()
}

/// node-a, node-b in zone1; node-x, node-y in zone2; each with its `node` label.
fn four_nodes() -> Vec<Node> {
    [
        ("node-a", "zone1"),
        ("node-b", "zone1"),
        ("node-x", "zone2"),
        ("node-y", "zone2"),
    ]
    .into_iter()
    .map(|(n, z)| node(n, &[(ZONE, z), (NODE, n)]))
    .collect()
}

/// `n` pods labelled `foo` on each node, named after it.
fn pods_on(spread: &[(&str, usize)]) -> Vec<Pod> {
    spread
        .iter()
        .flat_map(|(node, n)| {
            (0..*n).map(move |i| {
                PodBuilder::new(&format!("p-{node}-{i}"))
                    .label("foo", "")
                    .node(node)
                    .build()
            })
        })
        .collect()
}

fn snapshot(nodes: Vec<Node>, pods: Vec<Pod>) -> Snapshot {
    let mut infos: Vec<NodeInfo> = nodes.into_iter().map(NodeInfo::new).collect();
    for p in pods {
        let info = Arc::new(PodInfo::new(p));
        let on = info.node_name().unwrap_or_default().to_string();
        if let Some(n) = infos.iter_mut().find(|n| n.name() == on) {
            n.add_pod(info);
        }
    }
    Snapshot::from_nodes(infos)
}

fn foo_exists(max_skew: i32, key: &str) -> TopologySpreadConstraint {
    spread_constraint(max_skew, key, DO_NOT_SCHEDULE, "foo", "Exists", &[])
}

fn incoming(constraints: Vec<TopologySpreadConstraint>) -> PodBuilder {
    constraints
        .into_iter()
        .fold(PodBuilder::new("p").label("foo", ""), |b, c| b.spread(c))
}

type Want = Option<Code>;
const OK: Want = None;
const SKEW: Want = Some(Code::Unschedulable);
const NOLABEL: Want = Some(Code::UnschedulableAndUnresolvable);

fn run_filter(pl: &PodTopologySpread, pod: &Pod, snap: &Snapshot) -> Result<Vec<Want>, Status> {
    let mut state = CycleState::default();
    let pi = PodInfo::new(pod.clone());
    let (_, st) = pl.pre_filter(&mut state, &pi, snap);
    if !st.is_success() {
        return Err(st);
    }
    Ok(snap
        .nodes
        .iter()
        .map(|n| {
            let st = pl.filter(&state, &pi, n);
            match st.code {
                Code::Success => None,
                Code::Unschedulable => {
                    assert_eq!(st.message(), ERR_REASON_CONSTRAINTS_NOT_MATCH);
                    Some(st.code)
                }
                Code::UnschedulableAndUnresolvable => {
                    assert_eq!(st.message(), ERR_REASON_NODE_LABEL_NOT_MATCH);
                    Some(st.code)
                }
                _ => panic!("unexpected {st:?}"),
            }
        })
        .collect())
}

fn node_affinity_in(key: &str, values: &[&str]) -> impl FnOnce(&mut k8s_openapi::api::core::v1::PodSpec) {
    let req = NodeSelectorRequirement {
        key: key.into(),
        operator: "In".into(),
        values: Some(values.iter().map(|v| v.to_string()).collect()),
    };
    move |spec| {
        spec.affinity.get_or_insert_with(Default::default).node_affinity = Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: vec![NodeSelectorTerm {
                    match_expressions: Some(vec![req]),
                    match_fields: None,
                }],
            }),
            preferred_during_scheduling_ignored_during_execution: None,
        });
    }
}

/// (name, incoming pod, nodes, existing pods, Filter verdict per node)
type FilterCase = (&'static str, Pod, Vec<Node>, Vec<Pod>, Vec<Want>);

#[test]
fn filter_table() {
    let hostname_skew = |policy: Option<&str>| TopologySpreadConstraint {
        node_affinity_policy: policy.map(str::to_string),
        ..foo_exists(1, NODE)
    };
    let cases: Vec<FilterCase> = vec![
        (
            "no existing pods",
            incoming(vec![foo_exists(1, ZONE)]).build(),
            four_nodes(),
            vec![],
            vec![OK, OK, OK, OK],
        ),
        (
            "pods of another namespace do not count",
            incoming(vec![foo_exists(1, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 3)])
                .into_iter()
                .map(|p| PodBuilder(p).namespace("ns1").build())
                .collect(),
            vec![OK, OK, OK, OK],
        ),
        (
            "pods spread across zones as 3/3, all nodes fit",
            incoming(vec![foo_exists(1, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 2), ("node-x", 2), ("node-y", 1)]),
            vec![OK, OK, OK, OK],
        ),
        (
            "maxSkew 1 across 2 zones as 2/1: only zone2 fits",
            incoming(vec![foo_exists(1, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            vec![SKEW, SKEW, OK, OK],
        ),
        (
            "zones 1/2 because node-b lacks the zone label",
            incoming(vec![foo_exists(1, ZONE)]).build(),
            vec![
                node("node-a", &[(ZONE, "zone1"), (NODE, "node-a")]),
                node("node-b", &[("zon", "zone1"), (NODE, "node-b")]),
                node("node-x", &[(ZONE, "zone2"), (NODE, "node-x")]),
                node("node-y", &[(ZONE, "zone2"), (NODE, "node-y")]),
            ],
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1), ("node-y", 1)]),
            vec![OK, NOLABEL, SKEW, SKEW],
        ),
        (
            "no node has the rack label",
            incoming(vec![foo_exists(1, "rack")]).build(),
            four_nodes(),
            vec![],
            vec![NOLABEL, NOLABEL, NOLABEL, NOLABEL],
        ),
        (
            "nodes 2/1/0/3: only node-x fits",
            incoming(vec![foo_exists(1, NODE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![SKEW, SKEW, OK, SKEW],
        ),
        (
            "nodes 2/1/0/3 with maxSkew 2: node-b and node-x fit",
            incoming(vec![foo_exists(2, NODE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![SKEW, OK, OK, SKEW],
        ),
        (
            "nodes 2/1/0/3, the pod does not match itself",
            PodBuilder::new("p")
                .label("bar", "")
                .spread(foo_exists(1, NODE))
                .build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![SKEW, OK, OK, SKEW],
        ),
        (
            "nodeAffinityPolicy Honor (default): only node-a and node-y count, min is 2",
            incoming(vec![hostname_skew(None)])
                .with_spec(node_affinity_in(NODE, &["node-a", "node-y"]))
                .build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![OK, OK, OK, SKEW],
        ),
        (
            "nodeAffinityPolicy Ignore: every node counts, min is 0",
            incoming(vec![hostname_skew(Some("Ignore"))])
                .with_spec(node_affinity_in(NODE, &["node-a", "node-y"]))
                .build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            vec![SKEW, SKEW, OK, SKEW],
        ),
        (
            "nodeSelector is honored like node affinity",
            incoming(vec![foo_exists(1, ZONE)])
                .node_selector(ZONE, "zone1")
                .build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            // zone2 is not eligible: the only domain is zone1 (2 pods), so min is 2.
            vec![OK, OK, OK, OK],
        ),
        (
            "nodeTaintsPolicy Ignore (default): the tainted node counts",
            incoming(vec![foo_exists(1, NODE)]).build(),
            vec![
                node("node-a", &[(NODE, "node-a")]),
                NodeBuilder::new("node-b")
                    .label(NODE, "node-b")
                    .taint("k", "v", "NoSchedule")
                    .build(),
                node("node-x", &[(NODE, "node-x")]),
            ],
            pods_on(&[("node-a", 1), ("node-x", 1)]),
            vec![SKEW, OK, SKEW],
        ),
        (
            "nodeTaintsPolicy Honor: the untolerated tainted node does not count",
            incoming(vec![TopologySpreadConstraint {
                node_taints_policy: Some("Honor".into()),
                ..foo_exists(1, NODE)
            }])
            .build(),
            vec![
                node("node-a", &[(NODE, "node-a")]),
                NodeBuilder::new("node-b")
                    .label(NODE, "node-b")
                    .taint("k", "v", "NoSchedule")
                    .build(),
                node("node-x", &[(NODE, "node-x")]),
            ],
            pods_on(&[("node-a", 1), ("node-x", 1)]),
            vec![OK, OK, OK],
        ),
        (
            "nodeTaintsPolicy Honor: a tolerated taint still counts",
            incoming(vec![TopologySpreadConstraint {
                node_taints_policy: Some("Honor".into()),
                ..foo_exists(1, NODE)
            }])
            .toleration("k", "Equal", "v", "NoSchedule")
            .build(),
            vec![
                node("node-a", &[(NODE, "node-a")]),
                NodeBuilder::new("node-b")
                    .label(NODE, "node-b")
                    .taint("k", "v", "NoSchedule")
                    .build(),
                node("node-x", &[(NODE, "node-x")]),
            ],
            pods_on(&[("node-a", 1), ("node-x", 1)]),
            vec![SKEW, OK, SKEW],
        ),
        (
            "minDomains 3 with 2 zones: the global minimum is 0",
            incoming(vec![TopologySpreadConstraint {
                min_domains: Some(3),
                ..foo_exists(2, ZONE)
            }])
            .build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-x", 2)]),
            vec![SKEW, SKEW, SKEW, SKEW],
        ),
        (
            "minDomains 2 with 2 zones: the real minimum (2)",
            incoming(vec![TopologySpreadConstraint {
                min_domains: Some(2),
                ..foo_exists(2, ZONE)
            }])
            .build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-x", 2)]),
            vec![OK, OK, OK, OK],
        ),
        (
            "two constraints are ANDed: zone2 fits by zone, only node-y by node",
            incoming(vec![foo_exists(1, ZONE), foo_exists(1, NODE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            vec![SKEW, SKEW, SKEW, OK],
        ),
        (
            "matchLabelKeys: only pods of the same revision count",
            PodBuilder::new("p")
                .label("foo", "")
                .label("rev", "2")
                .spread(TopologySpreadConstraint {
                    match_label_keys: Some(vec!["rev".into()]),
                    ..foo_exists(1, NODE)
                })
                .build(),
            four_nodes(),
            [
                ("node-a", "1"),
                ("node-a", "1"),
                ("node-b", "2"),
                ("node-x", "2"),
                ("node-y", "2"),
            ]
            .iter()
            .enumerate()
            .map(|(i, (n, rev))| {
                PodBuilder::new(&format!("q{i}"))
                    .label("foo", "")
                    .label("rev", rev)
                    .node(n)
                    .build()
            })
            .collect(),
            vec![OK, SKEW, SKEW, SKEW],
        ),
        (
            "terminating pods do not count",
            incoming(vec![foo_exists(1, NODE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-x", 1), ("node-y", 1)])
                .into_iter()
                .map(|mut p| {
                    if p.metadata.name.as_deref().unwrap().starts_with("p-node-a") {
                        p.metadata.deletion_timestamp = Some(Time(k8s_openapi::jiff::Timestamp::UNIX_EPOCH));
                    }
                    p
                })
                .collect(),
            vec![OK, SKEW, SKEW, SKEW],
        ),
    ];
    let pl = PodTopologySpread::default();
    for (name, pod, nodes, pods, want) in cases {
        let snap = snapshot(nodes, pods);
        let got = run_filter(&pl, &pod, &snap).unwrap_or_else(|s| panic!("{name}: PreFilter {s:?}"));
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn pre_filter_skips_without_hard_constraints() {
    let pl = PodTopologySpread::default();
    let snap = snapshot(four_nodes(), vec![]);
    let soft = PodBuilder::new("p")
        .spread(spread_constraint(1, ZONE, SCHEDULE_ANYWAY, "foo", "Exists", &[]))
        .build();
    assert!(run_filter(&pl, &soft, &snap).unwrap_err().is_skip());
    assert!(run_filter(&pl, &PodBuilder::new("p").build(), &snap)
        .unwrap_err()
        .is_skip());
    // Filter without PreFilter is an error.
    let st = pl.filter(&CycleState::default(), &PodInfo::new(soft), &snap.nodes[0]);
    assert_eq!(st.code, Code::Error);
}

#[test]
fn add_and_remove_pod_update_counts_and_critical_paths() {
    let pl = PodTopologySpread::default();
    let snap = snapshot(
        four_nodes(),
        pods_on(&[("node-a", 1), ("node-x", 1), ("node-y", 1)]),
    );
    let pi = PodInfo::new(incoming(vec![foo_exists(1, ZONE)]).build());
    let mut state = CycleState::default();
    assert!(pl.pre_filter(&mut state, &pi, &snap).1.is_success());
    let s = read_state(&state).unwrap();
    assert_eq!(s.tp_value_to_match_num[0]["zone1"], 1);
    assert_eq!(s.tp_value_to_match_num[0]["zone2"], 2);
    assert_eq!(s.critical_paths[0].min(), 1);
    let node_x = snap.get("node-x").unwrap().clone();
    // zone2 (2) vs zone1 (1): skew 2 on zone2.
    assert!(!pl.filter(&state, &pi, &node_x).is_success());

    // Preemption removes one pod from node-x: zone2 drops to 1 and fits.
    let mut what_if = state.clone();
    let victim = node_x.pods[0].clone();
    assert!(pl.remove_pod(&mut what_if, &pi, &victim, &node_x).is_success());
    assert_eq!(read_state(&what_if).unwrap().tp_value_to_match_num[0]["zone2"], 1);
    assert!(pl.filter(&what_if, &pi, &node_x).is_success());
    // A nominated pod added on node-a raises zone1 to 2 and the minimum to 1 (zone2).
    let added = Arc::new(PodInfo::new(
        PodBuilder::new("n").label("foo", "").node("node-a").build(),
    ));
    let node_a = snap.get("node-a").unwrap().clone();
    assert!(pl.add_pod(&mut what_if, &pi, &added, &node_a).is_success());
    let s = read_state(&what_if).unwrap();
    assert_eq!(s.tp_value_to_match_num[0]["zone1"], 2);
    assert_eq!(s.critical_paths[0].min(), 1);
    assert!(!pl.filter(&what_if, &pi, &node_a).is_success());
    // Pods of other namespaces are ignored.
    let other = Arc::new(PodInfo::new(
        PodBuilder::new("o")
            .namespace("other")
            .label("foo", "")
            .node("node-x")
            .build(),
    ));
    assert!(pl.add_pod(&mut what_if, &pi, &other, &node_x).is_success());
    assert_eq!(read_state(&what_if).unwrap().tp_value_to_match_num[0]["zone2"], 1);
    // The original state is untouched.
    assert_eq!(read_state(&state).unwrap().tp_value_to_match_num[0]["zone2"], 2);
}

#[test]
fn critical_paths_track_the_minimum() {
    let mut p = CriticalPaths::default();
    for (v, n) in [("a", 3), ("b", 1), ("c", 2)] {
        p.update(v, n);
    }
    assert_eq!(p.min(), 1);
    p.update("b", 4);
    assert_eq!(p.min(), 2);
    p.update("c", 0);
    assert_eq!(p.min(), 0);
}

/// PreScore, Score on every node and NormalizeScore; `None` if PreScore skipped.
fn run_score(pl: &PodTopologySpread, pod: &Pod, snap: &Snapshot, feasible: &[&str]) -> Option<Vec<i64>> {
    let nodes: Vec<Arc<NodeInfo>> = feasible.iter().map(|n| snap.get(n).unwrap().clone()).collect();
    let mut state = CycleState::default();
    let pi = PodInfo::new(pod.clone());
    let st = pl.pre_score(&mut state, &pi, &nodes, snap);
    if st.is_skip() {
        return None;
    }
    assert!(st.is_success(), "{st:?}");
    let mut scores: Vec<NodeScore> = nodes
        .iter()
        .map(|n| NodeScore {
            name: n.name().to_string(),
            score: pl.score(&state, &pi, n).unwrap(),
        })
        .collect();
    assert!(pl.normalize(&state, &pi, &mut scores).is_success());
    Some(scores.into_iter().map(|s| s.score).collect())
}

fn soft(max_skew: i32, key: &str) -> TopologySpreadConstraint {
    spread_constraint(max_skew, key, SCHEDULE_ANYWAY, "foo", "Exists", &[])
}

/// (name, incoming pod, nodes, existing pods, feasible nodes, normalized scores or `None` if skipped)
type ScoreCase = (
    &'static str,
    Pod,
    Vec<Node>,
    Vec<Pod>,
    Vec<&'static str>,
    Option<Vec<i64>>,
);

#[test]
fn score_table() {
    let all = ["node-a", "node-b", "node-x", "node-y"];
    let cases: Vec<ScoreCase> = vec![
        (
            "no soft constraints: skip",
            incoming(vec![foo_exists(1, NODE)]).build(),
            four_nodes(),
            vec![],
            all.to_vec(),
            None,
        ),
        (
            "no existing pods: all 100",
            incoming(vec![soft(1, NODE)]).build(),
            four_nodes(),
            vec![],
            all.to_vec(),
            Some(vec![100, 100, 100, 100]),
        ),
        (
            // weight ln(6): raw 3.58→4, 1.79→2, 0, 5.38→5; 100*(5+0-s)/5
            "hostname 2/1/0/3",
            incoming(vec![soft(1, NODE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 2), ("node-b", 1), ("node-y", 3)]),
            all.to_vec(),
            Some(vec![20, 60, 100, 0]),
        ),
        (
            // weight ln(4): zone1 2.77→3, zone2 1.39→1; 100*(3+1-s)/3
            "zones 2/1",
            incoming(vec![soft(1, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            all.to_vec(),
            Some(vec![33, 33, 100, 100]),
        ),
        (
            // maxSkew 3 adds 2: zone1 4.77→5, zone2 3.39→3; 100*(5+3-s)/5
            "zones 2/1 with maxSkew 3 tolerate more",
            incoming(vec![soft(3, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-a", 1), ("node-b", 1), ("node-x", 1)]),
            all.to_vec(),
            Some(vec![60, 60, 100, 100]),
        ),
        (
            // Only node-a and node-x are feasible; pods on the others still count for their zone.
            "zones count pods on infeasible nodes too",
            incoming(vec![soft(1, ZONE)]).build(),
            four_nodes(),
            pods_on(&[("node-b", 2), ("node-y", 1)]),
            vec!["node-a", "node-x"],
            Some(vec![33, 100]),
        ),
        (
            "a feasible node without the key is ignored (0) and left out of normalization",
            incoming(vec![soft(1, ZONE)]).build(),
            vec![
                node("node-a", &[(ZONE, "zone1")]),
                node("node-b", &[]),
                node("node-x", &[(ZONE, "zone2")]),
            ],
            pods_on(&[("node-a", 1)]),
            vec!["node-a", "node-b", "node-x"],
            // weight ln(4): node-a 1.39→1, node-x 0; 100*(1+0-s)/1
            Some(vec![0, 0, 100]),
        ),
        (
            "nodeAffinityPolicy Honor: pods on excluded nodes do not count",
            incoming(vec![soft(1, ZONE)])
                .with_spec(node_affinity_in(NODE, &["node-a", "node-x"]))
                .build(),
            four_nodes(),
            pods_on(&[("node-b", 2), ("node-y", 1)]),
            vec!["node-a", "node-x"],
            Some(vec![100, 100]),
        ),
    ];
    let pl = PodTopologySpread::default();
    for (name, pod, nodes, pods, feasible, want) in cases {
        let snap = snapshot(nodes, pods);
        assert_eq!(run_score(&pl, &pod, &snap, &feasible), want, "{name}");
    }
}

fn replica_set(name: &str, selector: LabelSelector) -> Arc<ReplicaSet> {
    Arc::new(ReplicaSet {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some("default".into()),
            ..Default::default()
        },
        spec: Some(ReplicaSetSpec {
            selector,
            ..Default::default()
        }),
        status: None,
    })
}

#[test]
fn system_default_constraints_need_an_owner() {
    let nodes = || {
        vec![
            node("node-a", &[(LABEL_ZONE, "zone1")]),
            node("node-b", &[(LABEL_ZONE, "zone1")]),
            node("node-c", &[]),
        ]
    };
    let web = |name: &str| {
        PodBuilder::new(name)
            .label("app", "web")
            .controlled_by("apps/v1", "ReplicaSet", "web")
    };
    let snap = snapshot(
        nodes(),
        vec![web("w0").node("node-a").build(), web("w1").node("node-a").build()],
    );
    let feasible = ["node-a", "node-b", "node-c"];
    let workloads = StaticWorkloads {
        replica_sets: vec![replica_set(
            "web",
            crate::framework::testing::label_selector("app", "In", &["web"]),
        )],
        ..Default::default()
    };
    let pl = PodTopologySpread::default().with_workloads(Arc::new(workloads));

    // Hostname (maxSkew 3, ln 5) and zone (maxSkew 5; domains "zone1" and "" → ln 4); node-c lacks
    // the zone but is not ignored under system defaults.
    // node-a: 2·1.609+2 + 2·1.386+4 = 11.99 → 12; node-b: 2 + 6.77 → 9; node-c: 2.
    // 100·(12+2-s)/12 → 16, 41, 100.
    assert_eq!(
        run_score(&pl, &web("new").build(), &snap, &feasible),
        Some(vec![16, 41, 100])
    );
    // Without an owner, without a lister, or with own constraints: no defaults.
    let orphan = PodBuilder::new("new").label("app", "web").build();
    assert_eq!(run_score(&pl, &orphan, &snap, &feasible), None);
    assert_eq!(
        run_score(
            &PodTopologySpread::default(),
            &web("new").build(),
            &snap,
            &feasible
        ),
        None
    );
    // System defaults are ScheduleAnyway: PreFilter skips.
    assert!(run_filter(&pl, &web("new").build(), &snap).unwrap_err().is_skip());
}

#[test]
fn listed_default_constraints_use_the_service_selector() {
    let args = PodTopologySpreadArgs {
        default_constraints: vec![TopologySpreadConstraint {
            max_skew: 1,
            topology_key: NODE.into(),
            when_unsatisfiable: DO_NOT_SCHEDULE.into(),
            ..Default::default()
        }],
        defaulting_type: DefaultingType::List,
    };
    let svc = Service {
        metadata: ObjectMeta {
            name: Some("web".into()),
            namespace: Some("default".into()),
            ..Default::default()
        },
        spec: Some(ServiceSpec {
            selector: Some([("app".to_string(), "web".to_string())].into()),
            ..Default::default()
        }),
        status: None,
    };
    let pl = PodTopologySpread::new(args).with_workloads(Arc::new(StaticWorkloads {
        services: vec![Arc::new(svc)],
        ..Default::default()
    }));
    let snap = snapshot(
        four_nodes(),
        vec![
            PodBuilder::new("w0").label("app", "web").node("node-a").build(),
            PodBuilder::new("other").label("app", "db").node("node-b").build(),
        ],
    );
    let pod = PodBuilder::new("w1").label("app", "web").build();
    assert_eq!(run_filter(&pl, &pod, &snap).unwrap(), vec![SKEW, OK, OK, OK]);
    // Listed defaults with an empty list disable defaulting.
    let none = PodTopologySpread::new(PodTopologySpreadArgs {
        defaulting_type: DefaultingType::List,
        ..Default::default()
    });
    assert!(run_filter(&none, &pod, &snap).unwrap_err().is_skip());
}
