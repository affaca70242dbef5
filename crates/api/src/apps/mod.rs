//! The `apps/v1` group: workload controllers' objects.

pub mod common;
pub mod controller_revision;
pub mod daemonset;
pub mod deployment;
pub mod replicaset;
pub mod statefulset;
