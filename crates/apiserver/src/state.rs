//! Shared server state handed to every request.

use crate::authn::Authenticator;
use crate::metrics::Metrics;
use crate::objects::Objects;
use crate::registry::Registry;

pub struct ApiState {
    pub registry: Registry,
    pub objects: Objects,
    pub metrics: Metrics,
    pub authn: Authenticator,
    /// Held while a Service's cluster IP and node ports are chosen and the Service is stored.
    pub service_alloc: tokio::sync::Mutex<()>,
}
