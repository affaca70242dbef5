//! The resource registry: one generic machinery, each resource a small description ([`ResourceDef`]).
//!
//! Built-in resources come from [`catalog::builtin`]; custom resources will be added at run time through
//! the same type. Handlers look resources up here by group, version and plural.

pub mod catalog;
pub mod conversion;

pub use conversion::StorageForm;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// A subresource a resource serves, beyond the object itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subresource {
    Status,
    Scale,
    Binding,
    Eviction,
}

impl Subresource {
    pub fn name(self) -> &'static str {
        match self {
            Subresource::Status => "status",
            Subresource::Scale => "scale",
            Subresource::Binding => "binding",
            Subresource::Eviction => "eviction",
        }
    }
}

/// Everything the generic handlers need to know about one resource.
#[derive(Debug, Clone)]
pub struct ResourceDef {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub subresources: Vec<Subresource>,
    /// Verbs on the collection and items (`create`, `delete`, ...), as discovery reports them.
    pub verbs: Vec<&'static str>,
    /// Whether a PUT without resourceVersion is allowed (true for built-ins, false for CRs).
    pub allow_unconditional_update: bool,
    /// Where graceful deletion applies (pods).
    pub graceful_delete: bool,
    /// False for create-only reviews answered at once and never stored.
    pub stored: bool,
    /// Stored in another resource's form (events.k8s.io Events as core Events).
    pub storage_form: Option<StorageForm>,
}

impl ResourceDef {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }

    pub fn has(&self, sub: Subresource) -> bool {
        self.subresources.contains(&sub)
    }

    /// Store key prefix of the whole collection, or of one namespace.
    pub fn key_prefix(&self, namespace: Option<&str>) -> String {
        let (group, plural) = match self.storage_form {
            Some(form) => form.location(),
            None => (self.group.as_str(), self.plural.as_str()),
        };
        let group = if group.is_empty() { "core" } else { group };
        match namespace {
            Some(ns) if self.namespaced => format!("/registry/{group}/{plural}/{ns}/"),
            _ => format!("/registry/{group}/{plural}/"),
        }
    }

    /// Store key of one object.
    pub fn key(&self, namespace: Option<&str>, name: &str) -> String {
        format!("{}{name}", self.key_prefix(namespace))
    }

    /// The `Subject` for errors about object `name`.
    pub fn subject(&self, name: &str) -> Box<crate::error::Subject> {
        Box::new(crate::error::Subject {
            resource: self.plural.clone(),
            group: self.group.clone(),
            kind: self.kind.clone(),
            name: name.to_string(),
        })
    }

    pub fn gvk(&self) -> skiff_api::Gvk<'_> {
        skiff_api::Gvk {
            group: &self.group,
            version: &self.version,
            kind: &self.kind,
        }
    }
}

/// All resources the server serves, by (group, version, plural).
#[derive(Default)]
pub struct Registry {
    resources: RwLock<BTreeMap<(String, String, String), Arc<ResourceDef>>>,
}

impl Registry {
    pub fn with_builtins() -> Self {
        let reg = Registry::default();
        for def in catalog::builtin() {
            reg.add(def);
        }
        reg
    }

    pub fn add(&self, def: ResourceDef) {
        let key = (def.group.clone(), def.version.clone(), def.plural.clone());
        self.resources
            .write()
            .expect("registry lock")
            .insert(key, Arc::new(def));
    }

    pub fn get(&self, group: &str, version: &str, plural: &str) -> Option<Arc<ResourceDef>> {
        self.resources
            .read()
            .expect("registry lock")
            .get(&(group.to_string(), version.to_string(), plural.to_string()))
            .cloned()
    }

    pub fn by_kind(&self, group: &str, kind: &str) -> Option<Arc<ResourceDef>> {
        self.resources
            .read()
            .expect("registry lock")
            .values()
            .find(|d| d.group == group && d.kind == kind)
            .cloned()
    }

    pub fn all(&self) -> Vec<Arc<ResourceDef>> {
        self.resources
            .read()
            .expect("registry lock")
            .values()
            .cloned()
            .collect()
    }

    /// Group → versions served, in a stable order (core group "" first).
    pub fn groups(&self) -> Vec<(String, Vec<String>)> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in self.all() {
            let versions = out.entry(d.group.clone()).or_default();
            if !versions.contains(&d.version) {
                versions.push(d.version.clone());
            }
        }
        out.into_iter().collect()
    }
}
