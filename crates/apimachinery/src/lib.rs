//! Kubernetes API machinery as pure functions over `serde_json::Value` (upstream `k8s.io/apimachinery`).
//!
//! Owns: label and field selectors, JSON / merge / strategic-merge patches, server-side apply field
//! ownership (managedFields), name and label syntax checks, resource quantities. No I/O, no tokio, no
//! knowledge of HTTP or storage: everything here is testable with plain unit tests.

pub mod managedfields;

pub mod field;
pub mod fields;
pub mod gofmt;
pub mod labels;
pub mod patch;
pub mod quantity;
pub mod validation;
