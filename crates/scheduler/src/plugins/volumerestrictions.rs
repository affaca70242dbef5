//! VolumeRestrictions (upstream `pkg/scheduler/framework/plugins/volumerestrictions`): volumes that
//! only one pod (or one writer) may use at a time.
//!
//! - Disk conflicts, per node: the same GCE PD mounted read-write, the same AWS EBS volume at all,
//!   the same iSCSI IQN or Ceph RBD image (overlapping monitors, same pool and image) unless every
//!   user mounts it read-only → `node(s) had no available disk`.
//! - `ReadWriteOncePod` claims, cluster-wide: if any scheduled pod already uses such a claim of the
//!   pod, no node fits. Both are `Unschedulable`, so preemption may evict the other user; the
//!   PreFilter extensions keep the in-use count right while preemption removes and re-adds pods.

use std::collections::BTreeSet;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Pod, Volume};

use super::names;
use crate::framework::{
    CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, PreFilterPlugin, PreFilterResult, Snapshot, Status,
};

pub const NAME: &str = names::VOLUME_RESTRICTIONS;

/// An inline disk on the node is already in (conflicting) use.
pub const ERR_REASON_DISK_CONFLICT: &str = "node(s) had no available disk";
/// A `ReadWriteOncePod` claim of the pod is already in use by another pod.
pub const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT: &str =
    "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

const READ_WRITE_ONCE_POD: &str = "ReadWriteOncePod";

#[derive(Debug, Clone, Copy, Default)]
pub struct VolumeRestrictions;

/// PreFilter's findings for Filter (upstream `preFilterState`).
#[derive(Debug, Clone, Default)]
struct PreFilterState {
    /// The pod's namespace, where its claims live.
    namespace: String,
    /// Names of the pod's claims that use the `ReadWriteOncePod` access mode.
    rwop_claims: BTreeSet<String>,
    /// How many references scheduled pods hold on those claims.
    conflicting_refs: i64,
}

impl PreFilterState {
    fn refs_of(&self, pod: &Pod) -> i64 {
        if pod.metadata.namespace.as_deref().unwrap_or("default") != self.namespace {
            return 0;
        }
        claim_names(pod).filter(|c| self.rwop_claims.contains(*c)).count() as i64
    }
}

impl Plugin for VolumeRestrictions {
    fn name(&self) -> &'static str {
        NAME
    }
}

fn volumes(pod: &Pod) -> &[Volume] {
    pod.spec
        .as_ref()
        .and_then(|s| s.volumes.as_deref())
        .unwrap_or_default()
}

fn claim_names(pod: &Pod) -> impl Iterator<Item = &str> {
    volumes(pod)
        .iter()
        .filter_map(|v| v.persistent_volume_claim.as_ref().map(|c| c.claim_name.as_str()))
}

/// Volumes whose sharing this plugin restricts.
fn needs_restrictions_check(v: &Volume) -> bool {
    v.gce_persistent_disk.is_some()
        || v.aws_elastic_block_store.is_some()
        || v.rbd.is_some()
        || v.iscsi.is_some()
}

/// Whether `volume` of the incoming pod conflicts with a volume of `existing` (upstream
/// `isVolumeConflict`).
fn is_volume_conflict(volume: &Volume, existing: &Pod) -> bool {
    volumes(existing).iter().any(|ev| {
        if let (Some(d), Some(e)) = (&volume.gce_persistent_disk, &ev.gce_persistent_disk) {
            if d.pd_name == e.pd_name && !(d.read_only == Some(true) && e.read_only == Some(true)) {
                return true;
            }
        }
        if let (Some(d), Some(e)) = (&volume.aws_elastic_block_store, &ev.aws_elastic_block_store) {
            if d.volume_id == e.volume_id {
                return true;
            }
        }
        if let (Some(d), Some(e)) = (&volume.iscsi, &ev.iscsi) {
            if d.iqn == e.iqn && !(d.read_only == Some(true) && e.read_only == Some(true)) {
                return true;
            }
        }
        if let (Some(d), Some(e)) = (&volume.rbd, &ev.rbd) {
            // The API defaults the pool to "rbd".
            let pool = |p: &Option<String>| p.clone().unwrap_or_else(|| "rbd".into());
            if d.monitors.iter().any(|m| e.monitors.contains(m))
                && pool(&d.pool) == pool(&e.pool)
                && d.image == e.image
                && !(d.read_only == Some(true) && e.read_only == Some(true))
            {
                return true;
            }
        }
        false
    })
}

/// Whether any pod in the snapshot (scheduled or assumed) uses the claim `namespace/name`.
fn claim_in_use(snapshot: &Snapshot, namespace: &str, name: &str) -> bool {
    snapshot
        .nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .any(|p| p.namespace() == namespace && claim_names(&p.pod).any(|c| c == name))
}

impl PreFilterPlugin for VolumeRestrictions {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        let needs_check = volumes(&pod.pod).iter().any(needs_restrictions_check);
        let namespace = pod.namespace().to_string();
        let mut rwop_claims = BTreeSet::new();
        for name in claim_names(&pod.pod) {
            let Some(pvc) = snapshot.pvcs.get(&format!("{namespace}/{name}")) else {
                let msg = format!("persistentvolumeclaim \"{name}\" not found");
                return (None, Status::unresolvable(msg).with_plugin(NAME));
            };
            let modes = pvc
                .spec
                .as_ref()
                .and_then(|s| s.access_modes.as_deref())
                .unwrap_or_default();
            if modes.iter().any(|m| m == READ_WRITE_ONCE_POD) {
                rwop_claims.insert(name.to_string());
            }
        }
        // At most one pod can hold a ReadWriteOncePod claim, so each in-use claim counts once.
        let conflicting_refs = rwop_claims
            .iter()
            .filter(|c| claim_in_use(snapshot, &namespace, c))
            .count() as i64;
        if !needs_check && conflicting_refs == 0 {
            return (None, Status::skip().with_plugin(NAME));
        }
        state.write(
            NAME,
            PreFilterState {
                namespace,
                rwop_claims,
                conflicting_refs,
            },
        );
        (None, Status::success())
    }

    fn add_pod(
        &self,
        state: &mut CycleState,
        _pod: &PodInfo,
        added: &Arc<PodInfo>,
        _node: &NodeInfo,
    ) -> Status {
        if let Some(s) = state.read_mut::<PreFilterState>(NAME) {
            s.conflicting_refs += s.refs_of(&added.pod);
        }
        Status::success()
    }

    fn remove_pod(
        &self,
        state: &mut CycleState,
        _pod: &PodInfo,
        removed: &Arc<PodInfo>,
        _node: &NodeInfo,
    ) -> Status {
        if let Some(s) = state.read_mut::<PreFilterState>(NAME) {
            s.conflicting_refs -= s.refs_of(&removed.pod);
        }
        Status::success()
    }
}

impl FilterPlugin for VolumeRestrictions {
    fn filter(&self, state: &CycleState, pod: &PodInfo, node: &NodeInfo) -> Status {
        for v in volumes(&pod.pod).iter().filter(|v| needs_restrictions_check(v)) {
            if node.pods.iter().any(|ep| is_volume_conflict(v, &ep.pod)) {
                return Status::unschedulable(ERR_REASON_DISK_CONFLICT).with_plugin(NAME);
            }
        }
        // No state: PreFilter skipped the pod (nothing to restrict).
        match state.read::<PreFilterState>(NAME) {
            Some(s) if s.conflicting_refs > 0 => {
                Status::unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT).with_plugin(NAME)
            }
            _ => Status::success(),
        }
    }
}

#[cfg(test)]
mod tests {
    use k8s_openapi::api::core::v1::{
        AWSElasticBlockStoreVolumeSource, GCEPersistentDiskVolumeSource, ISCSIVolumeSource,
        PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimVolumeSource, RBDVolumeSource,
    };
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    use super::*;
    use crate::framework::testing::{NodeBuilder, PodBuilder};
    use crate::framework::Code;

    fn claim(name: &str, mode: &str) -> PersistentVolumeClaim {
        PersistentVolumeClaim {
            metadata: ObjectMeta {
                name: Some(name.into()),
                namespace: Some("default".into()),
                ..Default::default()
            },
            spec: Some(PersistentVolumeClaimSpec {
                access_modes: Some(vec![mode.into()]),
                ..Default::default()
            }),
            status: None,
        }
    }

    fn pvc_volume(claim: &str) -> Volume {
        Volume {
            name: format!("vol-{claim}"),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim.into(),
                read_only: None,
            }),
            ..Default::default()
        }
    }

    fn gce(pd: &str, ro: bool) -> Volume {
        Volume {
            name: "gce".into(),
            gce_persistent_disk: Some(GCEPersistentDiskVolumeSource {
                pd_name: pd.into(),
                read_only: Some(ro),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn ebs(id: &str) -> Volume {
        Volume {
            name: "ebs".into(),
            aws_elastic_block_store: Some(AWSElasticBlockStoreVolumeSource {
                volume_id: id.into(),
                read_only: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn iscsi(iqn: &str, ro: bool) -> Volume {
        Volume {
            name: "iscsi".into(),
            iscsi: Some(ISCSIVolumeSource {
                iqn: iqn.into(),
                read_only: Some(ro),
                target_portal: "127.0.0.1:3260".into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn rbd(monitors: &[&str], image: &str, ro: bool) -> Volume {
        Volume {
            name: "rbd".into(),
            rbd: Some(RBDVolumeSource {
                monitors: monitors.iter().map(|m| m.to_string()).collect(),
                image: image.into(),
                read_only: Some(ro),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn pod(name: &str, vols: Vec<Volume>) -> PodInfo {
        PodInfo::new(
            PodBuilder::new(name)
                .with_spec(|s| s.volumes = Some(vols))
                .build(),
        )
    }

    /// node-a runs `existing`; node-b is empty.
    fn snapshot(existing: Vec<Volume>, claims: Vec<PersistentVolumeClaim>) -> Snapshot {
        let mut a = NodeInfo::new(NodeBuilder::new("node-a").build());
        a.add_pod(Arc::new(pod("existing", existing)));
        let b = NodeInfo::new(NodeBuilder::new("node-b").build());
        let mut snap = Snapshot::from_nodes(vec![a, b]);
        for c in claims {
            snap.pvcs.insert(
                format!("default/{}", c.metadata.name.clone().unwrap()),
                Arc::new(c),
            );
        }
        snap
    }

    type Want = (Code, &'static str);
    type Case = (
        &'static str,
        Vec<Volume>,
        Vec<Volume>,
        Vec<PersistentVolumeClaim>,
        Want,
        Want,
        Want,
    );

    #[test]
    fn volume_restrictions() {
        let rwop = ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT;
        let disk = ERR_REASON_DISK_CONFLICT;
        // (name, incoming volumes, volumes of the pod on node-a, claims, pre-filter code/message,
        //  filter code/reason on node-a and node-b)
        let cases: Vec<Case> = vec![
            (
                "no volumes",
                vec![],
                vec![],
                vec![],
                (Code::Skip, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "ReadWriteOncePod claim in use blocks every node",
                vec![pvc_volume("db")],
                vec![pvc_volume("db")],
                vec![claim("db", READ_WRITE_ONCE_POD)],
                (Code::Success, ""),
                (Code::Unschedulable, rwop),
                (Code::Unschedulable, rwop),
            ),
            (
                "ReadWriteOncePod claim not in use",
                vec![pvc_volume("db")],
                vec![pvc_volume("other")],
                vec![claim("db", READ_WRITE_ONCE_POD), claim("other", "ReadWriteOnce")],
                (Code::Skip, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "ReadWriteOnce claims may be shared",
                vec![pvc_volume("db")],
                vec![pvc_volume("db")],
                vec![claim("db", "ReadWriteOnce")],
                (Code::Skip, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "missing claim",
                vec![pvc_volume("db")],
                vec![],
                vec![],
                (
                    Code::UnschedulableAndUnresolvable,
                    "persistentvolumeclaim \"db\" not found",
                ),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "same GCE PD read-write",
                vec![gce("pd", false)],
                vec![gce("pd", true)],
                vec![],
                (Code::Success, ""),
                (Code::Unschedulable, disk),
                (Code::Success, ""),
            ),
            (
                "same GCE PD read-only on both sides",
                vec![gce("pd", true)],
                vec![gce("pd", true)],
                vec![],
                (Code::Success, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "same EBS volume, even read-only",
                vec![ebs("vol-1")],
                vec![ebs("vol-1")],
                vec![],
                (Code::Success, ""),
                (Code::Unschedulable, disk),
                (Code::Success, ""),
            ),
            (
                "different EBS volumes",
                vec![ebs("vol-1")],
                vec![ebs("vol-2")],
                vec![],
                (Code::Success, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
            (
                "same iSCSI IQN",
                vec![iscsi("iqn.a", false)],
                vec![iscsi("iqn.a", true)],
                vec![],
                (Code::Success, ""),
                (Code::Unschedulable, disk),
                (Code::Success, ""),
            ),
            (
                "RBD image behind an overlapping monitor",
                vec![rbd(&["m1", "m2"], "img", false)],
                vec![rbd(&["m2", "m3"], "img", false)],
                vec![],
                (Code::Success, ""),
                (Code::Unschedulable, disk),
                (Code::Success, ""),
            ),
            (
                "RBD different image",
                vec![rbd(&["m1"], "img", false)],
                vec![rbd(&["m1"], "other", false)],
                vec![],
                (Code::Success, ""),
                (Code::Success, ""),
                (Code::Success, ""),
            ),
        ];
        for (name, incoming, existing, claims, pre, on_a, on_b) in cases {
            let snap = snapshot(existing, claims);
            let p = pod("incoming", incoming);
            let mut state = CycleState::default();
            let (_, st) = VolumeRestrictions.pre_filter(&mut state, &p, &snap);
            assert_eq!(
                (st.code, st.message().as_str()),
                (pre.0, pre.1),
                "{name}: pre_filter"
            );
            if st.is_rejected() {
                continue;
            }
            for (node, want) in [("node-a", on_a), ("node-b", on_b)] {
                let st = VolumeRestrictions.filter(&state, &p, snap.get(node).unwrap());
                assert_eq!(
                    (st.code, st.message().as_str()),
                    (want.0, want.1),
                    "{name} on {node}"
                );
            }
        }
    }

    #[test]
    fn preemption_extensions_track_read_write_once_pod_users() {
        let snap = snapshot(vec![pvc_volume("db")], vec![claim("db", READ_WRITE_ONCE_POD)]);
        let p = pod("incoming", vec![pvc_volume("db")]);
        let mut state = CycleState::default();
        let (_, st) = VolumeRestrictions.pre_filter(&mut state, &p, &snap);
        assert!(st.is_success());
        let node = snap.get("node-a").unwrap();
        let user = node.pods[0].clone();
        let mut after = (**node).clone();
        after.remove_pod(user.uid());
        assert!(VolumeRestrictions
            .remove_pod(&mut state, &p, &user, &after)
            .is_success());
        assert!(VolumeRestrictions.filter(&state, &p, &after).is_success());
        after.add_pod(user.clone());
        assert!(VolumeRestrictions
            .add_pod(&mut state, &p, &user, &after)
            .is_success());
        assert_eq!(
            VolumeRestrictions.filter(&state, &p, &after).message(),
            ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT
        );
        // A pod in another namespace with a claim of the same name is not a user.
        let stranger = Arc::new(PodInfo::new(
            PodBuilder::new("stranger")
                .namespace("other")
                .with_spec(|s| s.volumes = Some(vec![pvc_volume("db")]))
                .build(),
        ));
        assert!(VolumeRestrictions
            .remove_pod(&mut state, &p, &stranger, &after)
            .is_success());
        assert!(!VolumeRestrictions.filter(&state, &p, &after).is_success());
    }
}
