//! Built-in Kubernetes kinds (upstream `pkg/apis/*`): strict decoding, defaulting, validation and field
//! labels for field selectors, per kind. Pure functions; no I/O, no HTTP, no storage.
