//! Skiff's Kubernetes-compatible API server.
//!
//! Owns: the Kubernetes REST surface (discovery, OpenAPI, CRUD, list/watch with selectors, all four
//! patch types, subresources, Tables for kubectl, `Status` errors), authentication, and the encoding of
//! objects into the store. It is the only component that links `skiff-store`; everything else talks to
//! it over HTTP. It must not contain controller or scheduler logic (the namespace cleanup in
//! `namespaces.rs` is the one temporary exception until the controllers crate exists).
//!
//! Start reading at `router.rs` (what a request goes through), then `handlers/mod.rs` (one generic
//! implementation per verb) and `registry/` (what each resource is).

mod admission;
pub mod authn;
mod bootstrap;
mod compaction;
mod discovery;
pub mod error;
mod filter;
mod handlers;
mod http;
mod meta;
mod metrics;
mod namespaces;
mod objects;
mod openapi;
mod rawjson;
pub mod registry;
mod router;
mod server;
mod services;
mod state;
mod tables;
pub mod version;

pub use server::{start, RunningServer, ServerConfig, ServerError};
