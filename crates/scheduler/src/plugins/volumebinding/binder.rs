//! The volume binder's decisions (upstream `volumebinding/binder.go` and component-helpers'
//! `storage/volume` matching): which of a pod's claims are bound, which wait for this scheduling
//! decision, and for one node which static PV each waiting claim would take or whether it must be
//! provisioned there.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use k8s_openapi::api::core::v1::{PersistentVolume, PersistentVolumeClaim};
use k8s_openapi::api::storage::v1::StorageClass;
use skiff_apimachinery::labels::LabelSelector;
use skiff_apimachinery::quantity::Quantity;

use super::topology::{local_pv_node_names, pv_node_affinity_matches, topology_terms_match};
use crate::framework::{NodeInfo, Snapshot};

/// Set on a claim once the PV controller finished binding it (`volume.AnnBindCompleted`).
pub const ANN_BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
/// The scheduler's choice of node for a claim to be provisioned (`volume.AnnSelectedNode`).
pub const ANN_SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
/// Legacy class annotation; it wins over `spec.storageClassName` (`v1.BetaStorageClassAnnotation`).
const ANN_STORAGE_CLASS_BETA: &str = "volume.beta.kubernetes.io/storage-class";
/// The provisioner of classes that only bind pre-created PVs (`volume.NotSupportedProvisioner`).
pub const NOT_SUPPORTED_PROVISIONER: &str = "kubernetes.io/no-provisioner";

/// A fully bound claim's PV (None when the PV is missing from the snapshot).
#[derive(Debug, Clone)]
pub struct BoundClaim {
    pub pv: Option<Arc<PersistentVolume>>,
}

/// An unbound claim whose class binds on the first consumer: this scheduling decision binds it.
#[derive(Debug, Clone)]
pub struct DelayedClaim {
    /// `namespace/name`.
    pub key: String,
    pub pvc: Arc<PersistentVolumeClaim>,
    /// Its class (WaitForFirstConsumer needs one, so it is always there).
    pub class: Arc<StorageClass>,
}

/// A pod's claims sorted the way Filter needs them, with the PVs the delayed ones may take
/// (upstream `PodVolumeClaims`). PreFilter builds it from the snapshot; Filter reads only this.
#[derive(Debug, Clone, Default)]
pub struct PodVolumeClaims {
    pub bound: Vec<BoundClaim>,
    pub delayed: Vec<DelayedClaim>,
    /// Class name → every PV of that class, sorted by name (upstream `unboundVolumesDelayBinding`).
    pub pvs_by_class: BTreeMap<String, Vec<Arc<PersistentVolume>>>,
}

/// What binding a pod's delayed claims on one node takes (upstream `PodVolumes`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodVolumes {
    /// (claim `namespace/name`, PV name) pairs to bind.
    pub static_bindings: Vec<(String, String)>,
    /// Claims (`namespace/name`) to provision on the node.
    pub dynamic_provisions: Vec<String>,
}

/// The four node-level verdicts of FindPodVolumes, turned into reasons in upstream's order.
#[derive(Debug, Clone, Copy)]
struct Verdict {
    bound_satisfied: bool,
    unbound_satisfied: bool,
    sufficient_storage: bool,
    bound_pvs_found: bool,
}

pub fn claim_class(pvc: &PersistentVolumeClaim) -> String {
    if let Some(c) = pvc
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(ANN_STORAGE_CLASS_BETA))
    {
        return c.clone();
    }
    pvc.spec
        .as_ref()
        .and_then(|s| s.storage_class_name.clone())
        .unwrap_or_default()
}

pub fn pv_class(pv: &PersistentVolume) -> String {
    if let Some(c) = pv
        .metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(ANN_STORAGE_CLASS_BETA))
    {
        return c.clone();
    }
    pv.spec
        .as_ref()
        .and_then(|s| s.storage_class_name.clone())
        .unwrap_or_default()
}

/// `spec.volumeName` is set and the PV controller marked the binding complete.
pub fn is_fully_bound(pvc: &PersistentVolumeClaim) -> bool {
    let has_volume = pvc
        .spec
        .as_ref()
        .and_then(|s| s.volume_name.as_deref())
        .is_some_and(|v| !v.is_empty());
    let completed = pvc
        .metadata
        .annotations
        .as_ref()
        .is_some_and(|a| a.contains_key(ANN_BIND_COMPLETED));
    has_volume && completed
}

/// The claim's class exists and binds on the first consumer (upstream `IsDelayBindingMode`; a class
/// without a mode counts as `Immediate`, the API default).
pub fn is_delay_binding(pvc: &PersistentVolumeClaim, snapshot: &Snapshot) -> Option<Arc<StorageClass>> {
    let class = claim_class(pvc);
    if class.is_empty() {
        return None;
    }
    snapshot
        .storage_classes
        .get(&class)
        .filter(|sc| sc.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer"))
        .cloned()
}

fn parse_quantity(q: Option<&k8s_openapi::apimachinery::pkg::api::resource::Quantity>) -> Quantity {
    q.and_then(|q| Quantity::parse(&q.0).ok())
        .unwrap_or_else(Quantity::zero)
}

fn claim_request(pvc: &PersistentVolumeClaim) -> Quantity {
    parse_quantity(
        pvc.spec
            .as_ref()
            .and_then(|s| s.resources.as_ref())
            .and_then(|r| r.requests.as_ref())
            .and_then(|r| r.get("storage")),
    )
}

fn pv_capacity(pv: &PersistentVolume) -> Quantity {
    parse_quantity(
        pv.spec
            .as_ref()
            .and_then(|s| s.capacity.as_ref())
            .and_then(|c| c.get("storage")),
    )
}

/// The PV's `claimRef` names this claim (and, when it carries a UID, the same UID).
fn is_volume_bound_to_claim(pv: &PersistentVolume, pvc: &PersistentVolumeClaim) -> bool {
    let Some(r) = pv.spec.as_ref().and_then(|s| s.claim_ref.as_ref()) else {
        return false;
    };
    if r.name.as_deref() != pvc.metadata.name.as_deref()
        || r.namespace.as_deref().unwrap_or_default() != pvc.metadata.namespace.as_deref().unwrap_or_default()
    {
        return false;
    }
    let ref_uid = r.uid.as_deref().unwrap_or_default();
    ref_uid.is_empty() || Some(ref_uid) == pvc.metadata.uid.as_deref()
}

fn volume_mode_mismatch(pvc: &PersistentVolumeClaim, pv: &PersistentVolume) -> bool {
    let claim_mode = pvc
        .spec
        .as_ref()
        .and_then(|s| s.volume_mode.as_deref())
        .unwrap_or("Filesystem");
    let pv_mode = pv
        .spec
        .as_ref()
        .and_then(|s| s.volume_mode.as_deref())
        .unwrap_or("Filesystem");
    claim_mode != pv_mode
}

/// The PV offers every access mode the claim asks for.
fn access_modes_satisfied(pvc: &PersistentVolumeClaim, pv: &PersistentVolume) -> bool {
    let offered = pv
        .spec
        .as_ref()
        .and_then(|s| s.access_modes.as_deref())
        .unwrap_or_default();
    pvc.spec
        .as_ref()
        .and_then(|s| s.access_modes.as_deref())
        .unwrap_or_default()
        .iter()
        .all(|m| offered.contains(m))
}

fn selector_matches(pvc: &PersistentVolumeClaim, pv: &PersistentVolume) -> bool {
    let Some(selector) = pvc.spec.as_ref().and_then(|s| s.selector.as_ref()) else {
        return true;
    };
    let parsed = serde_json::to_value(selector)
        .ok()
        .and_then(|v| LabelSelector::from_metav1(&v).ok());
    match parsed {
        // An invalid selector matches nothing (upstream errors out of the whole match).
        None => false,
        Some(sel) => {
            static EMPTY: BTreeMap<String, String> = BTreeMap::new();
            sel.matches(pv.metadata.labels.as_ref().unwrap_or(&EMPTY))
        }
    }
}

/// The best PV for `pvc` on `node` (upstream `volume.FindMatchingVolume` on the scheduler path): a PV
/// pre-bound to the claim wins outright (or nothing, if the node cannot use it); otherwise the
/// smallest Available PV of the claim's class that is big enough, of the same volume mode and
/// attributes class, not being deleted, selected by the claim's selector, offering its access
/// modes and usable from the node. `excluded` holds PVs already chosen for the pod's other claims.
pub fn find_matching_volume(
    pvc: &PersistentVolumeClaim,
    volumes: &[Arc<PersistentVolume>],
    node: &NodeInfo,
    excluded: &BTreeSet<String>,
) -> Option<Arc<PersistentVolume>> {
    let requested = claim_request(pvc);
    let requested_class = claim_class(pvc);
    let claim_vac = pvc
        .spec
        .as_ref()
        .and_then(|s| s.volume_attributes_class_name.as_deref())
        .unwrap_or_default();
    let mut smallest: Option<(Arc<PersistentVolume>, Quantity)> = None;
    for pv in volumes {
        let pv_name = pv.metadata.name.as_deref().unwrap_or_default();
        if excluded.contains(pv_name) {
            continue;
        }
        let capacity = pv_capacity(pv);
        if capacity.cmp(&requested) == Ordering::Less || volume_mode_mismatch(pvc, pv) {
            continue;
        }
        let pv_vac = pv
            .spec
            .as_ref()
            .and_then(|s| s.volume_attributes_class_name.as_deref())
            .unwrap_or_default();
        if claim_vac != pv_vac || pv.metadata.deletion_timestamp.is_some() {
            continue;
        }
        let affinity_ok = pv_node_affinity_matches(pv, &node.node);
        if is_volume_bound_to_claim(pv, pvc) {
            return affinity_ok.then(|| pv.clone());
        }
        let available = pv.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Available");
        if !available
            || !selector_matches(pvc, pv)
            || pv_class(pv) != requested_class
            || !affinity_ok
            || !access_modes_satisfied(pvc, pv)
        {
            continue;
        }
        if smallest
            .as_ref()
            .is_none_or(|(_, q)| q.cmp(&capacity) == Ordering::Greater)
        {
            smallest = Some((pv.clone(), capacity));
        }
    }
    smallest.map(|(pv, _)| pv)
}

/// FindPodVolumes for one node: whether the bound claims' PVs can be used there and how each
/// delayed claim would be satisfied. `Err` is an internal error (a delayed claim whose class
/// vanished), `Ok` with reasons means the node does not fit.
pub fn find_pod_volumes(
    claims: &PodVolumeClaims,
    node: &NodeInfo,
) -> Result<(PodVolumes, Vec<&'static str>), String> {
    let mut verdict = Verdict {
        bound_satisfied: true,
        unbound_satisfied: true,
        sufficient_storage: true,
        bound_pvs_found: true,
    };
    let mut volumes = PodVolumes::default();

    // Bound claims: their PVs must exist and accept the node; the first failure decides.
    for bc in &claims.bound {
        match &bc.pv {
            None => {
                verdict.bound_pvs_found = false;
                break;
            }
            Some(pv) if !pv_node_affinity_matches(pv, &node.node) => {
                verdict.bound_satisfied = false;
                break;
            }
            Some(_) => {}
        }
    }

    if !claims.delayed.is_empty() {
        let mut to_find: Vec<&DelayedClaim> = vec![];
        let mut to_provision: Vec<&DelayedClaim> = vec![];
        let mut fast_fail = false;
        for dc in &claims.delayed {
            match dc
                .pvc
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get(ANN_SELECTED_NODE))
            {
                // Already being provisioned for another node: this one cannot take it.
                Some(selected) if selected != node.name() => {
                    verdict.unbound_satisfied = false;
                    fast_fail = true;
                    break;
                }
                Some(_) => to_provision.push(dc),
                None => to_find.push(dc),
            }
        }
        if !fast_fail {
            if !to_find.is_empty() {
                // Smallest requests first, so each takes the smallest PV that fits it.
                to_find.sort_by_key(|dc| claim_request(&dc.pvc));
                let mut chosen: BTreeSet<String> = BTreeSet::new();
                let mut found_all = true;
                for dc in to_find {
                    let class = claim_class(&dc.pvc);
                    let pvs = claims
                        .pvs_by_class
                        .get(&class)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    match find_matching_volume(&dc.pvc, pvs, node, &chosen) {
                        Some(pv) => {
                            let pv_name = pv.metadata.name.clone().unwrap_or_default();
                            chosen.insert(pv_name.clone());
                            volumes.static_bindings.push((dc.key.clone(), pv_name));
                        }
                        None => {
                            found_all = false;
                            to_provision.push(dc);
                        }
                    }
                }
                verdict.unbound_satisfied = found_all;
            }
            if !to_provision.is_empty() {
                let (satisfied, sufficient, provisions) = check_volume_provisions(&to_provision, node)?;
                verdict.unbound_satisfied = satisfied;
                verdict.sufficient_storage = sufficient;
                volumes.dynamic_provisions = provisions;
            }
        }
    }

    let mut reasons = vec![];
    if !verdict.bound_satisfied {
        reasons.push(super::ERR_REASON_NODE_CONFLICT);
    }
    if !verdict.unbound_satisfied {
        reasons.push(super::ERR_REASON_BIND_CONFLICT);
    }
    if !verdict.sufficient_storage {
        reasons.push(super::ERR_REASON_NOT_ENOUGH_SPACE);
    }
    if !verdict.bound_pvs_found {
        reasons.push(super::ERR_REASON_PV_NOT_EXIST);
    }
    Ok((volumes, reasons))
}

/// Every claim left without a PV must be provisionable on the node: its class has a real
/// provisioner and its `allowedTopologies` admit the node. (Storage capacity tracking through
/// CSIStorageCapacity is not modelled, so storage is always sufficient.)
fn check_volume_provisions(
    claims: &[&DelayedClaim],
    node: &NodeInfo,
) -> Result<(bool, bool, Vec<String>), String> {
    let mut provisions = vec![];
    for dc in claims {
        let class_name = claim_class(&dc.pvc);
        if class_name.is_empty() {
            return Err(format!("no class for claim {:?}", dc.key));
        }
        let provisioner = dc.class.provisioner.as_str();
        if provisioner.is_empty() || provisioner == NOT_SUPPORTED_PROVISIONER {
            return Ok((false, true, vec![]));
        }
        let topologies = dc.class.allowed_topologies.as_deref().unwrap_or_default();
        if !topology_terms_match(topologies, node.labels()) {
            return Ok((false, true, vec![]));
        }
        provisions.push(dc.key.clone());
    }
    Ok((true, true, provisions))
}

/// Node names the bound claims' local PVs pin the pod to (upstream `GetEligibleNodes`): the
/// intersection over bound PVs that name hostnames; None when none do or a PV is missing.
pub fn eligible_nodes(bound: &[BoundClaim]) -> Option<BTreeSet<String>> {
    let mut eligible: Option<BTreeSet<String>> = None;
    for bc in bound {
        let pv = bc.pv.as_ref()?;
        let names = local_pv_node_names(pv);
        if names.is_empty() {
            continue;
        }
        let names: BTreeSet<String> = names.into_iter().collect();
        eligible = Some(match eligible {
            None => names,
            Some(prev) => prev.intersection(&names).cloned().collect(),
        });
    }
    eligible
}
