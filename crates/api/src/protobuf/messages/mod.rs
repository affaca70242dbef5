//! The schema tables, one module per API group version, and the registry of top-level kinds.
//!
//! The tables cover every field of every message reachable from the listed kinds, taken from upstream
//! `generated.proto` (field numbers) and `types.go` (JSON names, `omitempty`, `json:",inline"`) of
//! Kubernetes master in July 2026 (v1.37 development): a superset of v1.33, since released field
//! numbers never change. Each table was checked against the field numbers and wire types of the
//! upstream `generated.pb.go` `Unmarshal` functions, and its JSON names against `k8s-openapi`.
//!
//! Kinds: what `kubectl` 1.32+ sends as protobuf (`create <generator>`, `create token`, `auth can-i`,
//! `auth whoami`, `autoscale`, `certificate approve`, `debug`, drain's delete) plus a few that Go
//! controllers' typed clients commonly write (Event, Lease, Binding, workloads).

pub mod apps;
pub mod authentication;
pub mod authorization;
pub mod autoscaling_v1;
pub mod autoscaling_v2;
pub mod batch;
pub mod certificates;
pub mod coordination;
pub mod core;
pub mod meta;
pub mod networking;
pub mod policy;
pub mod rbac;
pub mod scheduling;

use super::schema::{Kinds, Message};

/// Every group version with top-level kinds.
pub static GROUPS: &[&Kinds] = &[
    &core::KINDS,
    &apps::KINDS,
    &batch::KINDS,
    &policy::KINDS,
    &scheduling::KINDS,
    &authentication::KINDS,
    &authorization::KINDS,
    &rbac::KINDS,
    &networking::KINDS,
    &autoscaling_v1::KINDS,
    &autoscaling_v2::KINDS,
    &certificates::KINDS,
    &coordination::KINDS,
];

/// The message of a top-level kind. `DeleteOptions` is registered in every group version upstream, so
/// it is accepted whatever the `apiVersion`.
pub fn lookup(api_version: &str, kind: &str) -> Option<&'static Message> {
    if kind == "DeleteOptions" {
        return Some(&meta::DELETE_OPTIONS);
    }
    GROUPS
        .iter()
        .filter(|group| group.api_version == api_version)
        .flat_map(|group| group.kinds.iter())
        .find(|(name, _)| *name == kind)
        .map(|(_, message)| *message)
}
