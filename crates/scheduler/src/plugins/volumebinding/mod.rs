//! VolumeBinding (upstream `pkg/scheduler/framework/plugins/volumebinding`): a pod may only go where
//! its PersistentVolumeClaims can be satisfied.
//!
//! - PreFilter sorts the pod's claims (`persistentVolumeClaim` and generic `ephemeral` volumes):
//!   a missing, lost or deleting claim, or an unbound claim whose class binds `Immediate`ly (or that
//!   has no class), rejects the pod outright; fully bound claims must have their PV's node affinity
//!   honoured; unbound `WaitForFirstConsumer` claims are bound by this scheduling decision. Bound
//!   local PVs pinned to hostnames narrow the nodes through a PreFilterResult.
//! - Filter checks one node: bound PVs accept it, and every waiting claim either gets an Available
//!   PV usable from the node (smallest that fits, `find_matching_volume`) or can be provisioned
//!   there (a real provisioner, `allowedTopologies` admit the node).
//! - Reserve/PreBind are the runner's: [`binding_decisions`] says, for the chosen node, which PV to
//!   bind each claim to or that the claim is to be provisioned there (annotation
//!   [`ANN_SELECTED_NODE`]). The plugin itself never writes.

mod binder;
mod topology;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use k8s_openapi::api::core::v1::PersistentVolumeClaim;

use binder::{
    eligible_nodes, find_pod_volumes, is_delay_binding, is_fully_bound, BoundClaim, DelayedClaim,
    PodVolumeClaims,
};
pub use binder::{ANN_BIND_COMPLETED, ANN_SELECTED_NODE, NOT_SUPPORTED_PROVISIONER};

use super::names;
use crate::framework::{
    Code, CycleState, FilterPlugin, NodeInfo, Plugin, PodInfo, PreFilterPlugin, PreFilterResult, Snapshot,
    Status,
};

pub const NAME: &str = names::VOLUME_BINDING;

/// PreFilter: an unbound claim whose class binds immediately (the PV controller's job, not ours).
pub const ERR_UNBOUND_IMMEDIATE_PVC: &str = "pod has unbound immediate PersistentVolumeClaims";
/// No Available PV fits a waiting claim on the node, and it cannot be provisioned there.
pub const ERR_REASON_BIND_CONFLICT: &str = "node(s) didn't find available persistent volumes to bind";
/// A bound claim's PV does not accept the node (1.33 text, kubernetes/kubernetes#129887; before it
/// read `node(s) had volume node affinity conflict`).
pub const ERR_REASON_NODE_CONFLICT: &str = "node(s) didn't match PersistentVolume's node affinity";
/// Storage capacity tracking found no room (never produced here: CSIStorageCapacity is not modelled).
pub const ERR_REASON_NOT_ENOUGH_SPACE: &str = "node(s) did not have enough free storage";
/// A bound claim names a PV that does not exist.
pub const ERR_REASON_PV_NOT_EXIST: &str =
    "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

/// The plugin. Stateless: everything lives in the cycle state.
#[derive(Debug, Clone, Copy, Default)]
pub struct VolumeBinding;

/// What PreFilter leaves for Filter and for [`binding_decisions`].
#[derive(Debug, Clone, Default)]
struct VolumeBindingState {
    claims: PodVolumeClaims,
}

/// One change the runner makes before binding the pod (upstream AssumePodVolumes/BindPodVolumes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDecision {
    /// The claim, `namespace/name`.
    pub claim: String,
    pub action: BindingAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindingAction {
    /// Pre-bind the PV to the claim (`pv.spec.claimRef`); the PV controller completes the binding.
    Bind { pv: String },
    /// Set [`ANN_SELECTED_NODE`] on the claim so its provisioner creates a volume for that node.
    Provision { selected_node: String },
}

impl Plugin for VolumeBinding {
    fn name(&self) -> &'static str {
        NAME
    }
}

/// A pod volume backed by a claim: (claim name, whether it is a generic ephemeral volume).
fn pod_claim_names(pod: &PodInfo) -> Vec<(String, bool)> {
    let volumes = pod
        .pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.as_deref())
        .unwrap_or_default();
    volumes
        .iter()
        .filter_map(|v| {
            if let Some(src) = &v.persistent_volume_claim {
                Some((src.claim_name.clone(), false))
            } else if v.ephemeral.is_some() {
                // The ephemeral volume controller names the claim `<pod>-<volume>`.
                Some((format!("{}-{}", pod.name(), v.name), true))
            } else {
                None
            }
        })
        .collect()
}

/// Upstream `podHasPVCs`: each claim must exist, not be lost or deleting, and an ephemeral one must
/// be owned by the pod. The error messages are upstream's.
fn lookup_claims(pod: &PodInfo, snapshot: &Snapshot) -> Result<Vec<Arc<PersistentVolumeClaim>>, String> {
    let ns = pod.namespace();
    let mut out = vec![];
    for (name, ephemeral) in pod_claim_names(pod) {
        let Some(pvc) = snapshot.pvcs.get(&format!("{ns}/{name}")) else {
            return Err(if ephemeral {
                format!(
                    "waiting for ephemeral volume controller to create the persistentvolumeclaim \"{name}\""
                )
            } else {
                format!("persistentvolumeclaim \"{name}\" not found")
            });
        };
        if pvc.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Lost") {
            let volume = pvc
                .spec
                .as_ref()
                .and_then(|s| s.volume_name.as_deref())
                .unwrap_or_default();
            return Err(format!(
                "persistentvolumeclaim \"{name}\" bound to non-existent persistentvolume \"{volume}\""
            ));
        }
        if pvc.metadata.deletion_timestamp.is_some() {
            return Err(format!("persistentvolumeclaim \"{name}\" is being deleted"));
        }
        if ephemeral {
            let owned = pvc
                .metadata
                .owner_references
                .iter()
                .flatten()
                .any(|o| o.controller == Some(true) && !pod.uid().is_empty() && o.uid == pod.uid());
            if !owned {
                return Err(format!(
                    "PVC {ns}/{name} was not created for pod {ns}/{} (pod is not owner)",
                    pod.name()
                ));
            }
        }
        out.push(pvc.clone());
    }
    Ok(out)
}

impl PreFilterPlugin for VolumeBinding {
    fn pre_filter(
        &self,
        state: &mut CycleState,
        pod: &PodInfo,
        snapshot: &Snapshot,
    ) -> (Option<PreFilterResult>, Status) {
        let pvcs = match lookup_claims(pod, snapshot) {
            Ok(pvcs) => pvcs,
            Err(msg) => return (None, Status::unresolvable(msg).with_plugin(NAME)),
        };
        if pvcs.is_empty() {
            state.write(NAME, VolumeBindingState::default());
            return (None, Status::skip().with_plugin(NAME));
        }

        let mut claims = PodVolumeClaims::default();
        let mut unbound_immediate = false;
        for pvc in pvcs {
            if is_fully_bound(&pvc) {
                let pv_name = pvc
                    .spec
                    .as_ref()
                    .and_then(|s| s.volume_name.as_deref())
                    .unwrap_or_default();
                let pv = snapshot.pvs.get(pv_name).cloned();
                claims.bound.push(BoundClaim { pv });
                continue;
            }
            let pre_bound = pvc
                .spec
                .as_ref()
                .and_then(|s| s.volume_name.as_deref())
                .is_some_and(|v| !v.is_empty());
            match is_delay_binding(&pvc, snapshot) {
                // A claim pre-bound to a PV by its author is left to the PV controller.
                Some(class) if !pre_bound => {
                    let key = format!(
                        "{}/{}",
                        pvc.metadata.namespace.as_deref().unwrap_or(pod.namespace()),
                        pvc.metadata.name.as_deref().unwrap_or_default()
                    );
                    claims.delayed.push(DelayedClaim { key, pvc, class });
                }
                _ => unbound_immediate = true,
            }
        }
        if unbound_immediate {
            return (
                None,
                Status::unresolvable(ERR_UNBOUND_IMMEDIATE_PVC).with_plugin(NAME),
            );
        }

        for dc in &claims.delayed {
            let class = binder::claim_class(&dc.pvc);
            if claims.pvs_by_class.contains_key(&class) {
                continue;
            }
            let mut pvs: Vec<_> = snapshot
                .pvs
                .values()
                .filter(|pv| binder::pv_class(pv) == class)
                .cloned()
                .collect();
            pvs.sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
            claims.pvs_by_class.insert(class, pvs);
        }

        let result = eligible_nodes(&claims.bound).map(|names| PreFilterResult {
            node_names: Some(names),
        });
        state.write(NAME, VolumeBindingState { claims });
        (result, Status::success())
    }
}

impl FilterPlugin for VolumeBinding {
    fn filter(&self, state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Status {
        // No state: PreFilter skipped the pod (it has no claims).
        let Some(st) = state.read::<VolumeBindingState>(NAME) else {
            return Status::success();
        };
        match find_pod_volumes(&st.claims, node) {
            Err(e) => Status::error(e).with_plugin(NAME),
            Ok((_, reasons)) if !reasons.is_empty() => Status {
                code: Code::UnschedulableAndUnresolvable,
                reasons: reasons.into_iter().map(String::from).collect(),
                plugin: NAME,
            },
            Ok(_) => Status::success(),
        }
    }
}

/// What the runner must do, before binding `pod` to `node`, for the pod's claims that wait for a
/// consumer: bind each to the PV Filter found on that node, or mark it for provisioning there.
/// Empty when nothing waits (no claims, all bound) — and when `node` did not pass Filter, which
/// the runner never asks for.
pub fn binding_decisions(state: &CycleState, _pod: &PodInfo, node: &NodeInfo) -> Vec<BindingDecision> {
    let Some(st) = state.read::<VolumeBindingState>(NAME) else {
        return vec![];
    };
    let Ok((volumes, reasons)) = find_pod_volumes(&st.claims, node) else {
        return vec![];
    };
    if !reasons.is_empty() {
        return vec![];
    }
    let binds = volumes
        .static_bindings
        .into_iter()
        .map(|(claim, pv)| BindingDecision {
            claim,
            action: BindingAction::Bind { pv },
        });
    let provisions = volumes
        .dynamic_provisions
        .into_iter()
        .map(|claim| BindingDecision {
            claim,
            action: BindingAction::Provision {
                selected_node: node.name().to_string(),
            },
        });
    binds.chain(provisions).collect()
}
