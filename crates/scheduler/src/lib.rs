//! Skiff's scheduler: kube-scheduler's framework and default plugins, with the same semantics and the
//! same explanations.
//!
//! Owns: the scheduling framework (`framework/`: statuses, cycle state, node and pod infos, snapshots,
//! the plugin interfaces and the FailedScheduling message grammar) and the default plugins
//! (`plugins/`, one file per upstream plugin, each a pure function of a snapshot). It must not touch
//! the store: the (future) runner talks to the API server only, like any client; plugins never call
//! the API at all.
//!
//! Start reading at `framework/interface.rs` (the extension points), then `plugins/mod.rs`.

pub mod cache;
pub mod explain;
pub mod framework;
pub mod plugins;
pub mod queue;
pub mod runner;
