//! HTTP plumbing: URL parsing into request facts, query options, content negotiation, response bodies.

pub mod body;
pub mod negotiate;
pub mod query;
pub mod request_info;
