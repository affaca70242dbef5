//! Objects in the store: keys, encoding, and `metadata.resourceVersion` taken from the store's revision.
//!
//! Values are stored as JSON without `metadata.resourceVersion` (as upstream stores them in etcd); the
//! revision of the last write becomes the resourceVersion on every read.

use std::sync::Arc;

use serde_json::Value;
use skiff_store::{KeyValue, ListOptions, Revision, Store, StoreError};

use crate::error::{ApiError, ApiResult};
use crate::registry::ResourceDef;

#[derive(Clone)]
pub struct Objects {
    store: Arc<dyn Store>,
}

/// One page of a list.
pub struct Page {
    pub items: Vec<Value>,
    pub revision: Revision,
    pub remaining: usize,
    pub last_key: Option<String>,
}

/// The stored bytes of `obj` (in its storage form, without resourceVersion).
pub fn encode(def: &ResourceDef, obj: &Value) -> Vec<u8> {
    let mut obj = match def.storage_form {
        Some(form) => form.to_storage(obj.clone()),
        None => obj.clone(),
    };
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("resourceVersion");
    }
    serde_json::to_vec(&obj).expect("JSON values always serialize")
}

/// The object `def` serves from stored bytes, with its resourceVersion.
pub fn decode(def: &ResourceDef, kv: &KeyValue) -> ApiResult<Value> {
    let obj: Value = serde_json::from_slice(&kv.value)
        .map_err(|e| ApiError::Internal(format!("stored object {} is not JSON: {e}", kv.key)))?;
    let mut obj = match def.storage_form {
        Some(form) => form.from_storage(obj),
        None => obj,
    };
    set_resource_version(&mut obj, kv.mod_revision);
    Ok(obj)
}

pub fn set_resource_version(obj: &mut Value, rev: Revision) {
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.insert("resourceVersion".into(), Value::String(rev.to_string()));
    }
}

pub fn resource_version(obj: &Value) -> Option<&str> {
    obj.pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

impl Objects {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Objects { store }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub async fn get(&self, def: &ResourceDef, ns: Option<&str>, name: &str) -> ApiResult<Value> {
        match self.store.get(&def.key(ns, name)).await? {
            (Some(kv), _) => decode(def, &kv),
            (None, _) => Err(ApiError::NotFound(def.subject(name))),
        }
    }

    pub async fn get_opt(&self, def: &ResourceDef, ns: Option<&str>, name: &str) -> ApiResult<Option<Value>> {
        match self.store.get(&def.key(ns, name)).await? {
            (Some(kv), _) => decode(def, &kv).map(Some),
            (None, _) => Ok(None),
        }
    }

    pub async fn list(&self, def: &ResourceDef, ns: Option<&str>, opts: ListOptions) -> ApiResult<Page> {
        let res = self.store.list(&def.key_prefix(ns), opts).await?;
        let last_key = res.items.last().map(|kv| kv.key.clone());
        let items = res
            .items
            .iter()
            .map(|kv| decode(def, kv))
            .collect::<ApiResult<Vec<_>>>()?;
        Ok(Page {
            items,
            revision: res.revision,
            remaining: res.remaining,
            last_key,
        })
    }

    /// Store a new object; returns it with its resourceVersion.
    pub async fn create(
        &self,
        def: &ResourceDef,
        ns: Option<&str>,
        name: &str,
        obj: Value,
    ) -> ApiResult<Value> {
        match self.store.create(&def.key(ns, name), encode(def, &obj)).await {
            Ok(rev) => {
                let mut obj = obj;
                set_resource_version(&mut obj, rev);
                Ok(obj)
            }
            Err(StoreError::AlreadyExists { .. }) => Err(ApiError::AlreadyExists(def.subject(name))),
            Err(e) => Err(e.into()),
        }
    }

    /// Replace an object if it is still at `expected`.
    pub async fn update(
        &self,
        def: &ResourceDef,
        ns: Option<&str>,
        name: &str,
        obj: Value,
        expected: Revision,
    ) -> ApiResult<Value> {
        match self
            .store
            .update(&def.key(ns, name), encode(def, &obj), expected)
            .await
        {
            Ok(rev) => {
                let mut obj = obj;
                set_resource_version(&mut obj, rev);
                Ok(obj)
            }
            Err(StoreError::Conflict { .. }) => Err(conflict(def, name)),
            Err(StoreError::NotFound { .. }) => Err(ApiError::NotFound(def.subject(name))),
            Err(e) => Err(e.into()),
        }
    }

    /// Remove an object (if still at `expected`); returns its last state.
    pub async fn delete(
        &self,
        def: &ResourceDef,
        ns: Option<&str>,
        name: &str,
        expected: Option<Revision>,
    ) -> ApiResult<Value> {
        match self.store.delete(&def.key(ns, name), expected).await {
            Ok(kv) => decode(def, &kv),
            Err(StoreError::Conflict { .. }) => Err(conflict(def, name)),
            Err(StoreError::NotFound { .. }) => Err(ApiError::NotFound(def.subject(name))),
            Err(e) => Err(e.into()),
        }
    }
}

pub fn conflict(def: &ResourceDef, name: &str) -> ApiError {
    let subject = def.subject(name);
    ApiError::Conflict {
        message: format!(
            "Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
            subject.qualified(),
            name
        ),
        subject,
        causes: vec![],
    }
}
