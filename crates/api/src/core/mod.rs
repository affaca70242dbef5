//! The core (`""`) API group, `v1`.

pub mod binding;
pub mod config;
pub mod endpoints;
pub mod event;
pub mod namespace;
pub mod node;
pub mod pod;
pub mod quota;
pub mod replication_controller;
pub mod resources;
pub mod service;
pub mod storage;
