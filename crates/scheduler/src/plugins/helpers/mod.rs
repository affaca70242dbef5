//! Matching rules several plugins share (upstream `pkg/scheduler/framework/plugins/helper` and
//! `k8s.io/component-helpers/scheduling/corev1`): node selector terms, taints and tolerations, and
//! the default score normalization.

pub mod node_selector;
pub mod normalize_score;
pub mod taints;
