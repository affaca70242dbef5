//! Server-side apply field ownership (`metadata.managedFields`), after upstream
//! `sigs.k8s.io/structured-merge-diff` (field paths, sets, merge, compare) and
//! `k8s.io/apimachinery/pkg/util/managedfields` (the field manager an API server runs on every write).
//!
//! - [`apply`] serves `PATCH` with `application/apply-patch+yaml`: merge, prune, conflicts, entries.
//! - [`update_managed_fields`] records every other write as an `Update` entry.
//! - [`FieldSet`] is a set of field paths with the `fieldsV1` encoding.
//! - [`ApplySchema`] says which lists are associative and which objects are atomic.
//!
//! Differences from upstream: no conversion between API versions (every entry's fields are read as
//! if they were of the applied version), and the schema is the short description of [`ApplySchema`]
//! rather than OpenAPI.

mod apply;
mod builtin;
mod compare;
mod conflict;
mod fieldpath;
mod fieldset;
mod fieldsv1;
mod items;
mod lastapplied;
mod managers;
mod merge;
mod owners;
mod remove;
mod schema;
mod tofieldset;
mod update;
mod updater;
mod value;

#[cfg(test)]
mod tests;

pub use apply::{apply, apply_subresource, fields_of};
pub use conflict::{conflict_message, ApplyError, Conflict};
pub use fieldpath::{Path, PathElement};
pub use fieldset::FieldSet;
pub use fieldsv1::FieldsV1Error;
pub use lastapplied::LAST_APPLIED_ANNOTATION;
pub use managers::Operation;
pub use schema::{ApplySchema, ListSchema, MapSchema};
pub use update::{update_managed_fields, update_managed_fields_subresource};
