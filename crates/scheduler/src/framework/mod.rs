//! The scheduling framework's types (upstream `pkg/scheduler/framework`).

pub mod config;
pub mod cycle_state;
pub mod fit_error;
pub mod interface;
pub mod node_info;
pub mod resource;
pub mod runtime;
pub mod status;
pub mod testing;

pub use cycle_state::CycleState;
pub use interface::*;
pub use node_info::{NodeInfo, PodInfo, Snapshot};
pub use resource::Resource;
pub use status::{Code, Status};
