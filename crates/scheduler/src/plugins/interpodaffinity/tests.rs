//! Table-driven tests after upstream's `filtering_test.go` / `scoring_test.go`.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Namespace, Node, Pod, PodAffinityTerm};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::*;
use crate::framework::testing::{affinity_term, label_selector, NodeBuilder, PodBuilder};
use crate::framework::{Code, NodeInfo, NodeScore, PodInfo, Snapshot};

const HOST: &str = "kubernetes.io/hostname";

fn node(name: &str, labels: &[(&str, &str)]) -> Node {
    labels
        .iter()
        .fold(NodeBuilder::new(name), |b, (k, v)| b.label(k, v))
        .build()
}

fn pod(name: &str, labels: &[(&str, &str)]) -> PodBuilder {
    labels
        .iter()
        .fold(PodBuilder::new(name), |b, (k, v)| b.label(k, v))
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

fn with_namespaces(mut s: Snapshot, namespaces: &[(&str, &[(&str, &str)])]) -> Snapshot {
    for (name, labels) in namespaces {
        let ns = Namespace {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..Default::default()
            },
            ..Default::default()
        };
        s.namespaces.insert(name.to_string(), Arc::new(ns));
    }
    s
}

/// The statuses as (code, message); success is `None`.
type Want = Option<(Code, &'static str)>;

const OK: Want = None;
const AFF: Want = Some((
    Code::UnschedulableAndUnresolvable,
    ERR_REASON_AFFINITY_RULES_NOT_MATCH,
));
const ANTI: Want = Some((Code::Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH));
const EXISTING: Want = Some((
    Code::Unschedulable,
    ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
));

fn got(s: &Status) -> Option<(Code, String)> {
    (!s.is_success()).then(|| (s.code, s.message()))
}

fn want(w: Want) -> Option<(Code, String)> {
    w.map(|(c, m)| (c, m.to_string()))
}

/// PreFilter then Filter on every node.
fn run_filter(pod: &Pod, snap: &Snapshot) -> Result<Vec<Status>, Status> {
    let pl = InterPodAffinity::default();
    let mut state = CycleState::default();
    let pi = PodInfo::new(pod.clone());
    let (_, st) = pl.pre_filter(&mut state, &pi, snap);
    if !st.is_success() {
        return Err(st);
    }
    Ok(snap.nodes.iter().map(|n| pl.filter(&state, &pi, n)).collect())
}

fn ns_term(
    term: PodAffinityTerm,
    ns_selector: Option<LabelSelector>,
    namespaces: &[&str],
) -> PodAffinityTerm {
    PodAffinityTerm {
        namespace_selector: ns_selector,
        namespaces: (!namespaces.is_empty()).then(|| namespaces.iter().map(|s| s.to_string()).collect()),
        ..term
    }
}

#[test]
fn filter_table() {
    let region_zone = || vec![node("node1", &[("region", "r1"), ("zone", "z11")])];
    let scan = || pod("scan", &[("service", "securityscan")]).node("node1").build();
    let teams: &[(&str, &[(&str, &str)])] = &[
        ("subteam1.team1", &[("team", "team1")]),
        ("subteam2.team1", &[("team", "team1")]),
        ("subteam1.team2", &[("team", "team2")]),
    ];

    struct Case {
        name: &'static str,
        pod: Pod,
        pods: Vec<Pod>,
        nodes: Vec<Node>,
        want: Vec<Want>,
    }
    let cases = vec![
        Case {
            name: "affinity In matches the existing pod in the region",
            pod: pod("p", &[("security", "S1")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .build(),
            pods: vec![scan()],
            nodes: region_zone(),
            want: vec![OK],
        },
        Case {
            name: "affinity NotIn matches the existing pod",
            pod: pod("p", &[("security", "S1")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "NotIn",
                    &["securityscan3", "value3"],
                ))
                .build(),
            pods: vec![scan()],
            nodes: region_zone(),
            want: vec![OK],
        },
        Case {
            name: "affinity does not match a pod of another namespace",
            pod: pod("p", &[("security", "S1")])
                .pod_affinity(ns_term(
                    affinity_term("region", "service", "In", &["securityscan", "value2"]),
                    None,
                    &["DiffNameSpace"],
                ))
                .build(),
            pods: vec![pod("scan", &[("service", "securityscan")])
                .namespace("ns")
                .node("node1")
                .build()],
            nodes: region_zone(),
            want: vec![AFF],
        },
        Case {
            name: "affinity selector does not match the existing pod",
            pod: pod("p", &[("service", "securityscan")])
                .pod_affinity(affinity_term("", "service", "In", &["antivirusscan", "value2"]))
                .build(),
            pods: vec![scan()],
            nodes: region_zone(),
            want: vec![AFF],
        },
        Case {
            name: "affinity and anti-affinity both satisfied, existing pod's anti-affinity too",
            pod: pod("p", &[("security", "S1")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .pod_anti_affinity(affinity_term(
                    "node",
                    "service",
                    "In",
                    &["antivirusscan", "value2"],
                ))
                .build(),
            pods: vec![pod("scan", &[("service", "securityscan")])
                .node("node1")
                .pod_anti_affinity(affinity_term(
                    "node",
                    "service",
                    "In",
                    &["antivirusscan", "value2"],
                ))
                .build()],
            nodes: region_zone(),
            want: vec![OK],
        },
        Case {
            name: "affinity satisfied, anti-affinity (zone) violated",
            pod: pod("p", &[("security", "S1")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .pod_anti_affinity(affinity_term(
                    "zone",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .build(),
            pods: vec![scan()],
            nodes: region_zone(),
            want: vec![ANTI],
        },
        Case {
            name: "symmetry: the existing pod's anti-affinity rejects the incoming pod",
            pod: pod("p", &[("service", "securityscan")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .pod_anti_affinity(affinity_term(
                    "node",
                    "service",
                    "In",
                    &["antivirusscan", "value2"],
                ))
                .build(),
            pods: vec![pod("scan", &[("service", "securityscan")])
                .node("node1")
                .pod_anti_affinity(affinity_term(
                    "zone",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .build()],
            nodes: region_zone(),
            want: vec![EXISTING],
        },
        Case {
            name: "symmetry applies to a pod without any affinity",
            pod: pod("p", &[("service", "securityscan")]).build(),
            pods: vec![pod("scan", &[("service", "securityscan")])
                .node("node1")
                .pod_anti_affinity(affinity_term(
                    "zone",
                    "service",
                    "In",
                    &["securityscan", "value2"],
                ))
                .build()],
            nodes: region_zone(),
            want: vec![EXISTING],
        },
        Case {
            name: "symmetry a1: incoming anti-affinity is checked before existing pods'",
            pod: pod("p", &[("service", "securityscan")])
                .pod_anti_affinity(affinity_term("zone", "service", "Exists", &[]))
                .pod_anti_affinity(affinity_term("zone", "security", "Exists", &[]))
                .build(),
            pods: vec![pod("e", &[("security", "S1")])
                .node("node1")
                .pod_anti_affinity(affinity_term("zone", "security", "Exists", &[]))
                .build()],
            nodes: region_zone(),
            want: vec![ANTI],
        },
        Case {
            name: "symmetry a2: only the existing pod's term matches",
            pod: pod("p", &[("security", "S1")])
                .pod_anti_affinity(affinity_term("zone", "security", "Exists", &[]))
                .build(),
            pods: vec![pod("e", &[("service", "securityscan")])
                .node("node1")
                .pod_anti_affinity(affinity_term("zone", "service", "Exists", &[]))
                .pod_anti_affinity(affinity_term("zone", "security", "Exists", &[]))
                .build()],
            nodes: region_zone(),
            want: vec![EXISTING],
        },
        Case {
            name: "first pod of a self-affine group may go anywhere with the topology key",
            pod: pod("p", &[("foo", "bar"), ("service", "securityscan")])
                .pod_affinity(affinity_term("zone", "foo", "In", &["bar"]))
                .pod_affinity(affinity_term("zone", "service", "In", &["securityscan"]))
                .build(),
            pods: vec![pod("p1", &[("foo", "bar")]).node("nodeA").build()],
            nodes: vec![
                node("nodeA", &[("zone", "az1")]),
                node("nodeB", &[("zone", "az2")]),
            ],
            want: vec![OK, OK],
        },
        Case {
            name: "first pod of a self-affine group still needs the topology key on the node",
            pod: pod("p", &[("foo", "bar"), ("service", "securityscan")])
                .pod_affinity(affinity_term("zone", "foo", "In", &["bar"]))
                .pod_affinity(affinity_term("zone", "service", "In", &["securityscan"]))
                .build(),
            pods: vec![pod("p1", &[("foo", "bar")]).node("nodeA").build()],
            nodes: vec![
                node("nodeA", &[("zoneLabel", "az1")]),
                node("nodeB", &[("zoneLabel", "az2")]),
            ],
            want: vec![AFF, AFF],
        },
        Case {
            name: "self-affinity exception does not apply when the pod does not match its own terms",
            pod: pod("p", &[("service", "securityscan")])
                .pod_affinity(affinity_term(
                    "region",
                    "service",
                    "NotIn",
                    &["securityscan", "value2"],
                ))
                .build(),
            pods: vec![pod("e", &[("service", "securityscan")]).node("node2").build()],
            nodes: region_zone(),
            want: vec![AFF],
        },
        Case {
            name: "self-affinity exception does not apply once some pod matches elsewhere",
            pod: pod("p", &[("app", "db")])
                .pod_affinity(affinity_term("zone", "app", "In", &["db"]))
                .build(),
            pods: vec![pod("db-0", &[("app", "db")]).node("nodeA").build()],
            nodes: vec![node("nodeA", &[("zone", "z1")]), node("nodeB", &[("zone", "z2")])],
            want: vec![OK, AFF],
        },
        Case {
            name: "affinity: all nodes of the matching region fit, the other region does not",
            pod: pod("p", &[])
                .pod_affinity(affinity_term("region", "foo", "In", &["bar"]))
                .build(),
            pods: vec![pod("p1", &[("foo", "bar")]).node("node1").build()],
            nodes: vec![
                node("node1", &[("region", "China")]),
                node("node2", &[("region", "China"), ("az", "az1")]),
                node("node3", &[("region", "India")]),
            ],
            want: vec![OK, OK, AFF],
        },
        Case {
            name: "affinity: one pod must match all terms",
            pod: pod("p", &[])
                .pod_affinity(affinity_term("region", "foo", "Exists", &[]))
                .pod_affinity(affinity_term("zone", "bar", "Exists", &[]))
                .build(),
            pods: vec![
                pod("pod1", &[("foo", "")]).node("nodeA").build(),
                pod("pod2", &[("bar", "")]).node("nodeB").build(),
            ],
            nodes: vec![
                node("nodeA", &[("region", "r1"), ("zone", "z1")]),
                node("nodeB", &[("region", "r1"), ("zone", "z2")]),
            ],
            want: vec![AFF, AFF],
        },
        Case {
            name: "affinity: a pod matching all terms makes both nodes of its domains fit",
            pod: pod("p", &[])
                .pod_affinity(affinity_term("region", "foo", "Exists", &[]))
                .pod_affinity(affinity_term("zone", "bar", "Exists", &[]))
                .build(),
            pods: vec![pod("pod1", &[("foo", ""), ("bar", "")]).node("nodeA").build()],
            nodes: vec![
                node("nodeA", &[("region", "r1"), ("zone", "z1")]),
                node("nodeB", &[("region", "r1"), ("zone", "z1")]),
            ],
            want: vec![OK, OK],
        },
        Case {
            name: "zone anti-affinity rejects every node of the zone",
            pod: pod("p", &[])
                .pod_anti_affinity(affinity_term("zone", "app", "In", &["web"]))
                .build(),
            pods: vec![pod("w", &[("app", "web")]).node("n1").build()],
            nodes: vec![
                node("n1", &[("zone", "z1")]),
                node("n2", &[("zone", "z1")]),
                node("n3", &[("zone", "z2")]),
            ],
            want: vec![ANTI, ANTI, OK],
        },
        Case {
            name: "hostname anti-affinity rejects only the node with the pod",
            pod: pod("p", &[])
                .pod_anti_affinity(affinity_term(HOST, "app", "In", &["web"]))
                .build(),
            pods: vec![pod("w", &[("app", "web")]).node("n1").build()],
            nodes: vec![
                node("n1", &[("zone", "z1")]),
                node("n2", &[("zone", "z1")]),
                node("n3", &[("zone", "z2")]),
            ],
            want: vec![ANTI, OK, OK],
        },
        Case {
            name: "anti-affinity ignores pods of other namespaces",
            pod: pod("p", &[("foo", "123")])
                .namespace("NS1")
                .pod_anti_affinity(affinity_term("region", "foo", "In", &["bar"]))
                .build(),
            pods: vec![
                pod("a", &[("foo", "bar")]).namespace("NS1").node("nodeA").build(),
                pod("c", &[])
                    .namespace("NS2")
                    .node("nodeC")
                    .pod_anti_affinity(affinity_term("region", "foo", "In", &["123"]))
                    .build(),
            ],
            nodes: vec![
                node("nodeA", &[("region", "China")]),
                node("nodeB", &[("region", "China"), ("az", "az1")]),
                node("nodeC", &[("region", "India")]),
            ],
            want: vec![ANTI, ANTI, OK],
        },
        Case {
            name: "existing pods' terms: selector and topology key must both match",
            pod: pod("p", &[("foo", ""), ("bar", "")]).build(),
            pods: vec![pod("e", &[])
                .node("nodeA")
                .pod_anti_affinity(affinity_term("invalid-node-label", "foo", "Exists", &[]))
                .pod_anti_affinity(affinity_term("zone", "bar", "Exists", &[]))
                .build()],
            nodes: vec![
                node("nodeA", &[("region", "r1"), ("zone", "z1")]),
                node("nodeB", &[("region", "r1"), ("zone", "z2")]),
            ],
            want: vec![EXISTING, OK],
        },
        Case {
            name: "seed: a third replica with hostname anti-affinity fits neither of two nodes",
            pod: pod("web-2", &[("app", "web")])
                .pod_anti_affinity(affinity_term(HOST, "app", "In", &["web"]))
                .build(),
            pods: vec![
                pod("web-0", &[("app", "web")])
                    .node("n1")
                    .pod_anti_affinity(affinity_term(HOST, "app", "In", &["web"]))
                    .build(),
                pod("web-1", &[("app", "web")])
                    .node("n2")
                    .pod_anti_affinity(affinity_term(HOST, "app", "In", &["web"]))
                    .build(),
            ],
            nodes: vec![node("n1", &[]), node("n2", &[])],
            want: vec![ANTI, ANTI],
        },
        Case {
            name: "matchLabelKeys: only pods of the same revision repel",
            pod: pod("p", &[("app", "web"), ("pod-template-hash", "v2")])
                .pod_anti_affinity(PodAffinityTerm {
                    match_label_keys: Some(vec!["pod-template-hash".into()]),
                    ..affinity_term(HOST, "app", "In", &["web"])
                })
                .build(),
            pods: vec![
                pod("old", &[("app", "web"), ("pod-template-hash", "v1")])
                    .node("n1")
                    .build(),
                pod("new", &[("app", "web"), ("pod-template-hash", "v2")])
                    .node("n2")
                    .build(),
            ],
            nodes: vec![node("n1", &[]), node("n2", &[])],
            want: vec![OK, ANTI],
        },
        Case {
            name: "mismatchLabelKeys: only pods of other tenants repel",
            pod: pod("p", &[("tenant", "a")])
                .pod_anti_affinity(PodAffinityTerm {
                    mismatch_label_keys: Some(vec!["tenant".into()]),
                    ..affinity_term(HOST, "tenant", "Exists", &[])
                })
                .build(),
            pods: vec![
                pod("b", &[("tenant", "b")]).node("n1").build(),
                pod("a", &[("tenant", "a")]).node("n2").build(),
            ],
            nodes: vec![node("n1", &[]), node("n2", &[])],
            want: vec![ANTI, OK],
        },
    ];
    for c in cases {
        let snap = snapshot(c.nodes, c.pods);
        let statuses = run_filter(&c.pod, &snap).unwrap_or_else(|s| panic!("{}: PreFilter {s:?}", c.name));
        let got: Vec<_> = statuses.iter().map(got).collect();
        let want: Vec<_> = c.want.into_iter().map(want).collect();
        assert_eq!(got, want, "{}", c.name);
    }

    // namespaceSelector cases (namespace labels from the snapshot).
    let team1 = label_selector("team", "In", &["team1"]);
    let ns_cases: Vec<(&str, Pod, Pod, Want)> = vec![
        (
            "affinity with a matching namespaceSelector",
            pod("p", &[("security", "S1")])
                .pod_affinity(ns_term(
                    affinity_term("region", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            pod("e", &[("service", "securityscan")])
                .namespace("subteam1.team1")
                .node("node1")
                .build(),
            OK,
        ),
        (
            "affinity with a non-matching namespaceSelector",
            pod("p", &[("security", "S1")])
                .pod_affinity(ns_term(
                    affinity_term("region", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            pod("e", &[("service", "securityscan")])
                .namespace("subteam1.team2")
                .node("node1")
                .build(),
            AFF,
        ),
        (
            "anti-affinity with a matching namespaceSelector",
            pod("p", &[("security", "S1")])
                .namespace("subteam1.team1")
                .pod_anti_affinity(ns_term(
                    affinity_term("zone", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            pod("e", &[("service", "securityscan")])
                .namespace("subteam2.team1")
                .node("node1")
                .build(),
            ANTI,
        ),
        (
            "anti-affinity with an all-namespaces selector",
            pod("p", &[("security", "S1")])
                .namespace("subteam1.team1")
                .pod_anti_affinity(ns_term(
                    affinity_term("zone", "service", "In", &["securityscan"]),
                    Some(LabelSelector::default()),
                    &[],
                ))
                .build(),
            pod("e", &[("service", "securityscan")])
                .namespace("subteam2.team1")
                .node("node1")
                .build(),
            ANTI,
        ),
        (
            "anti-affinity with a non-matching namespaceSelector",
            pod("p", &[("security", "S1")])
                .namespace("subteam1.team1")
                .pod_anti_affinity(ns_term(
                    affinity_term("zone", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            pod("e", &[("service", "securityscan")])
                .namespace("subteam1.team2")
                .node("node1")
                .build(),
            OK,
        ),
        (
            "existing pod's anti-affinity namespaceSelector matches the incoming pod's namespace",
            pod("p", &[("service", "securityscan")])
                .namespace("subteam2.team1")
                .build(),
            pod("e", &[])
                .namespace("subteam1.team2")
                .node("node1")
                .pod_anti_affinity(ns_term(
                    affinity_term("zone", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            EXISTING,
        ),
        (
            "existing pod's anti-affinity namespaceSelector does not match the incoming pod's namespace",
            pod("p", &[("service", "securityscan")])
                .namespace("subteam1.team2")
                .build(),
            pod("e", &[])
                .namespace("subteam1.team2")
                .node("node1")
                .pod_anti_affinity(ns_term(
                    affinity_term("zone", "service", "In", &["securityscan"]),
                    Some(team1.clone()),
                    &[],
                ))
                .build(),
            OK,
        ),
    ];
    for (name, incoming, existing, w) in ns_cases {
        let snap = with_namespaces(snapshot(region_zone(), vec![existing]), teams);
        let statuses = match run_filter(&incoming, &snap) {
            Ok(s) => s,
            Err(s) if s.is_skip() => vec![Status::success()],
            Err(s) => panic!("{name}: PreFilter {s:?}"),
        };
        assert_eq!(got(&statuses[0]), want(w), "{name}");
    }
}

#[test]
fn pre_filter_skips_and_rejects_unparsable_terms() {
    let snap = snapshot(vec![node("node1", &[("region", "r1")])], vec![]);
    // No affinity anywhere: Skip.
    let st = run_filter(&pod("p", &[]).build(), &snap).unwrap_err();
    assert!(st.is_skip());
    // Existing pod's anti-affinity does not select the incoming pod: Skip too.
    let snap2 = snapshot(
        vec![node("node1", &[("zone", "z1")])],
        vec![pod("e", &[])
            .node("node1")
            .pod_anti_affinity(affinity_term("zone", "service", "NotIn", &["securityscan"]))
            .build()],
    );
    let st = run_filter(&pod("p", &[("service", "securityscan")]).build(), &snap2).unwrap_err();
    assert!(st.is_skip());
    // An invalid label value: upstream's exact message.
    let bad = pod("p", &[("service", "securityscan")])
        .pod_affinity(affinity_term("region", "service", "In", &["{{.bad-value.}}"]))
        .pod_affinity(affinity_term(
            "node",
            "service",
            "In",
            &["antivirusscan", "value2"],
        ))
        .build();
    let st = run_filter(&bad, &snap).unwrap_err();
    assert_eq!(st.code, Code::UnschedulableAndUnresolvable);
    assert_eq!(
        st.message(),
        "parsing pod: requiredAffinityTerms: values[0][service]: Invalid value: \"{{.bad-value.}}\": \
         a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', \
         and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or \
         '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    );
    // Filter without PreFilter is an error.
    let pl = InterPodAffinity::default();
    let st = pl.filter(&CycleState::default(), &PodInfo::new(bad), &snap.nodes[0]);
    assert_eq!(st.code, Code::Error);
}

fn pairs(c: &TopologyCounts) -> Vec<(&'static str, &'static str, i64)> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    c.pairs()
        .into_iter()
        .map(|((k, v), n)| (leak(&k), leak(&v), n))
        .collect()
}

#[test]
fn add_and_remove_pod_update_the_counts() {
    let foo_bar = || affinity_term("region", "foo", "In", &["bar"]);
    let nodes = || {
        vec![
            node("nodeA", &[("region", "r1"), ("zone", "z11")]),
            node("nodeB", &[("region", "r1"), ("zone", "z12")]),
            node("nodeC", &[("region", "r2"), ("zone", "z21")]),
        ]
    };
    let pending = pod("pending", &[("foo", "bar")])
        .pod_anti_affinity(foo_bar())
        .build();
    let snap = snapshot(
        nodes(),
        vec![
            pod("p1", &[("foo", "bar")]).node("nodeA").build(),
            pod("p2", &[]).node("nodeC").pod_anti_affinity(foo_bar()).build(),
        ],
    );
    let added = Arc::new(PodInfo::new(
        pod("added", &[("foo", "bar")])
            .node("nodeB")
            .pod_anti_affinity(foo_bar())
            .build(),
    ));
    let pl = InterPodAffinity::default();
    let pi = PodInfo::new(pending);
    let mut state = CycleState::default();
    assert!(pl.pre_filter(&mut state, &pi, &snap).1.is_success());
    let before = read_state(&state).unwrap().clone();
    assert_eq!(pairs(&before.anti_affinity_counts), vec![("region", "r1", 1)]);
    assert_eq!(
        pairs(&before.existing_anti_affinity_counts),
        vec![("region", "r2", 1)]
    );

    let node_b = snap.get("nodeB").unwrap().clone();
    assert!(pl.add_pod(&mut state, &pi, &added, &node_b).is_success());
    let s = read_state(&state).unwrap();
    assert_eq!(pairs(&s.anti_affinity_counts), vec![("region", "r1", 2)]);
    assert_eq!(
        pairs(&s.existing_anti_affinity_counts),
        vec![("region", "r1", 1), ("region", "r2", 1)]
    );
    assert!(s.affinity_counts.is_empty());

    assert!(pl.remove_pod(&mut state, &pi, &added, &node_b).is_success());
    let s = read_state(&state).unwrap();
    assert_eq!(s.anti_affinity_counts, before.anti_affinity_counts);
    assert_eq!(
        s.existing_anti_affinity_counts,
        before.existing_anti_affinity_counts
    );
}

#[test]
fn remove_pod_lets_preemption_free_a_node() {
    let anti = || affinity_term(HOST, "app", "In", &["web"]);
    let web0 = pod("web-0", &[("app", "web")])
        .node("n1")
        .pod_anti_affinity(anti())
        .build();
    let web1 = pod("web-1", &[("app", "web")])
        .node("n2")
        .pod_anti_affinity(anti())
        .build();
    let snap = snapshot(vec![node("n1", &[]), node("n2", &[])], vec![web0.clone(), web1]);
    let pl = InterPodAffinity::default();
    let pi = PodInfo::new(pod("web-2", &[("app", "web")]).pod_anti_affinity(anti()).build());
    let mut state = CycleState::default();
    assert!(pl.pre_filter(&mut state, &pi, &snap).1.is_success());
    let n1 = snap.get("n1").unwrap().clone();

    // A copy of the state (as preemption takes per node) without web-0 lets n1 pass.
    let mut what_if = state.clone();
    let victim = n1.pods[0].clone();
    assert!(pl.remove_pod(&mut what_if, &pi, &victim, &n1).is_success());
    assert!(pl.filter(&what_if, &pi, &n1).is_success());
    // The original state is untouched.
    assert_eq!(
        pl.filter(&state, &pi, &n1).message(),
        ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH
    );
}

/// PreScore, Score on every node and NormalizeScore; `None` if PreScore skipped.
fn run_score(args: InterPodAffinityArgs, pod: &Pod, snap: &Snapshot) -> Option<Vec<i64>> {
    let pl = InterPodAffinity::new(args);
    let mut state = CycleState::default();
    let pi = PodInfo::new(pod.clone());
    let st = pl.pre_score(&mut state, &pi, &snap.nodes, snap);
    if st.is_skip() {
        return None;
    }
    assert!(st.is_success(), "{st:?}");
    let mut scores: Vec<NodeScore> = snap
        .nodes
        .iter()
        .map(|n| NodeScore {
            name: n.name().to_string(),
            score: pl.score(&state, &pi, n).unwrap(),
        })
        .collect();
    assert!(pl.normalize(&state, &pi, &mut scores).is_success());
    Some(scores.into_iter().map(|s| s.score).collect())
}

/// (name, args, incoming pod, existing pods, normalized scores of n1..n3 or `None` if PreScore skips)
type ScoreCase = (
    &'static str,
    InterPodAffinityArgs,
    Pod,
    Vec<Pod>,
    Option<Vec<i64>>,
);

#[test]
fn score_table() {
    let three = || {
        vec![
            node("n1", &[("region", "China"), ("zone", "z1")]),
            node("n2", &[("region", "India"), ("zone", "z1")]),
            node("n3", &[("region", "China"), ("zone", "z2")]),
        ]
    };
    let s1 = || pod("s1", &[("security", "S1")]).node("n1").build();
    let cases: Vec<ScoreCase> = vec![
        (
            "no affinity anywhere: skip",
            InterPodAffinityArgs::default(),
            pod("p", &[]).build(),
            vec![s1()],
            None,
        ),
        (
            "preferred affinity: the matching region scores 100",
            InterPodAffinityArgs::default(),
            pod("p", &[])
                .preferred_pod_affinity(5, affinity_term("region", "security", "In", &["S1"]))
                .build(),
            vec![s1()],
            Some(vec![100, 0, 100]),
        ),
        (
            "preferred anti-affinity: the matching region scores 0",
            InterPodAffinityArgs::default(),
            pod("p", &[])
                .preferred_pod_anti_affinity(5, affinity_term("region", "security", "In", &["S1"]))
                .build(),
            vec![s1()],
            Some(vec![0, 100, 0]),
        ),
        (
            "affinity and anti-affinity add up per domain",
            InterPodAffinityArgs::default(),
            pod("p", &[])
                .preferred_pod_affinity(5, affinity_term("zone", "foo", "In", &["bar"]))
                .preferred_pod_anti_affinity(3, affinity_term(HOST, "baz", "In", &["qux"]))
                .build(),
            vec![
                pod("a", &[("foo", "bar")]).node("n1").build(),
                pod("b", &[("baz", "qux")]).node("n2").build(),
            ],
            // raw 5, 5-3=2, 0
            Some(vec![100, 40, 0]),
        ),
        (
            "normalization truncates: raw -5, 0, 7",
            InterPodAffinityArgs::default(),
            pod("p", &[])
                .preferred_pod_anti_affinity(5, affinity_term(HOST, "x", "Exists", &[]))
                .preferred_pod_affinity(7, affinity_term(HOST, "y", "Exists", &[]))
                .build(),
            vec![
                pod("a", &[("x", "")]).node("n1").build(),
                pod("b", &[("y", "")]).node("n3").build(),
            ],
            Some(vec![0, 41, 100]),
        ),
        (
            "symmetry: an existing pod's preferred affinity attracts the incoming pod",
            InterPodAffinityArgs::default(),
            pod("p", &[("app", "cache")]).build(),
            vec![pod("e", &[])
                .node("n1")
                .preferred_pod_affinity(8, affinity_term("zone", "app", "In", &["cache"]))
                .build()],
            Some(vec![100, 100, 0]),
        ),
        (
            "symmetry: an existing pod's preferred anti-affinity repels the incoming pod",
            InterPodAffinityArgs::default(),
            pod("p", &[("app", "cache")]).build(),
            vec![pod("e", &[])
                .node("n1")
                .preferred_pod_anti_affinity(8, affinity_term("zone", "app", "In", &["cache"]))
                .build()],
            Some(vec![0, 0, 100]),
        ),
        (
            "an existing pod's required affinity counts hardPodAffinityWeight",
            InterPodAffinityArgs::default(),
            pod("p", &[("app", "cache")]).build(),
            vec![pod("e", &[])
                .node("n1")
                .pod_affinity(affinity_term(HOST, "app", "In", &["cache"]))
                .build()],
            Some(vec![100, 0, 0]),
        ),
        (
            "hardPodAffinityWeight 0 ignores existing pods' required affinity",
            InterPodAffinityArgs {
                hard_pod_affinity_weight: 0,
                ..Default::default()
            },
            pod("p", &[("app", "cache")]).build(),
            vec![pod("e", &[])
                .node("n1")
                .pod_affinity(affinity_term(HOST, "app", "In", &["cache"]))
                .build()],
            None,
        ),
        (
            "ignorePreferredTermsOfExistingPods skips a pod without preferred terms",
            InterPodAffinityArgs {
                ignore_preferred_terms_of_existing_pods: true,
                ..Default::default()
            },
            pod("p", &[("app", "cache")]).build(),
            vec![pod("e", &[])
                .node("n1")
                .preferred_pod_affinity(8, affinity_term("zone", "app", "In", &["cache"]))
                .build()],
            None,
        ),
        (
            "preferred terms ignore pods of other namespaces",
            InterPodAffinityArgs::default(),
            pod("p", &[])
                .preferred_pod_affinity(5, affinity_term("region", "security", "In", &["S1"]))
                .build(),
            vec![pod("s1", &[("security", "S1")])
                .namespace("other")
                .node("n1")
                .build()],
            // Nothing matched, so there is nothing to score: PreScore skips.
            None,
        ),
    ];
    for (name, args, incoming, pods, want) in cases {
        let snap = snapshot(three(), pods);
        assert_eq!(run_score(args, &incoming, &snap), want, "{name}");
    }
}

#[test]
fn score_namespace_selectors() {
    let nodes = || vec![node("n1", &[("zone", "z1")]), node("n2", &[("zone", "z2")])];
    let namespaces: &[(&str, &[(&str, &str)])] =
        &[("team-a", &[("team", "a")]), ("team-b", &[("team", "b")])];
    // The incoming pod's preferred term selects team-a's namespaces.
    let incoming = pod("p", &[])
        .namespace("team-b")
        .preferred_pod_affinity(
            10,
            ns_term(
                affinity_term("zone", "app", "In", &["db"]),
                Some(label_selector("team", "In", &["a"])),
                &[],
            ),
        )
        .build();
    let snap = with_namespaces(
        snapshot(
            nodes(),
            vec![
                pod("db-a", &[("app", "db")])
                    .namespace("team-a")
                    .node("n2")
                    .build(),
                pod("db-b", &[("app", "db")])
                    .namespace("team-b")
                    .node("n1")
                    .build(),
            ],
        ),
        namespaces,
    );
    assert_eq!(
        run_score(InterPodAffinityArgs::default(), &incoming, &snap),
        Some(vec![0, 100])
    );
    // An existing pod's preferred term is matched against the incoming pod's namespace labels.
    let existing = pod("e", &[])
        .namespace("team-b")
        .node("n2")
        .preferred_pod_affinity(
            10,
            ns_term(
                affinity_term("zone", "app", "In", &["web"]),
                Some(label_selector("team", "In", &["a"])),
                &[],
            ),
        )
        .build();
    let snap = with_namespaces(snapshot(nodes(), vec![existing]), namespaces);
    let web_a = pod("w", &[("app", "web")]).namespace("team-a").build();
    let web_b = pod("w", &[("app", "web")]).namespace("team-b").build();
    assert_eq!(
        run_score(InterPodAffinityArgs::default(), &web_a, &snap),
        Some(vec![0, 100])
    );
    assert_eq!(run_score(InterPodAffinityArgs::default(), &web_b, &snap), None);
}

#[test]
fn terms_resolve_namespaces_like_upstream() {
    let owner = pod("o", &[]).namespace("mine").build();
    let plain = terms::AffinityTerm::new(&owner, &affinity_term("zone", "a", "Exists", &[])).unwrap();
    assert_eq!(plain.namespaces.iter().collect::<Vec<_>>(), vec!["mine"]);
    assert!(plain.namespace_selector.matches_nothing());
    let all = terms::AffinityTerm::new(
        &owner,
        &ns_term(
            affinity_term("zone", "a", "Exists", &[]),
            Some(LabelSelector::default()),
            &[],
        ),
    )
    .unwrap();
    assert!(all.namespaces.is_empty());
    let other = pod("x", &[("a", "")]).namespace("elsewhere").build();
    assert!(all.matches(&other, &BTreeMap::new()));
    // A nil labelSelector selects nothing, even with matchLabelKeys.
    let nil = terms::AffinityTerm::new(
        &owner,
        &PodAffinityTerm {
            label_selector: None,
            match_label_keys: Some(vec!["a".into()]),
            topology_key: "zone".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(!nil.matches(
        &pod("y", &[("a", "")]).namespace("mine").build(),
        &BTreeMap::new()
    ));
}
