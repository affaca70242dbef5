//! Label and field selectors of list and watch requests, applied to objects.

use serde_json::Value;
use skiff_apimachinery::fields::FieldSelector;
use skiff_apimachinery::labels::LabelSelector;

use crate::error::{ApiError, ApiResult};
use crate::registry::ResourceDef;

/// The selectors of one request.
pub struct Filter {
    labels: Option<LabelSelector>,
    fields: Option<FieldSelector>,
}

impl Filter {
    pub fn new(def: &ResourceDef, label: Option<&str>, field: Option<&str>) -> ApiResult<Filter> {
        let labels = match label.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(LabelSelector::parse(s).map_err(|e| ApiError::BadRequest(e.to_string()))?),
            None => None,
        };
        let fields = match field.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                let sel = FieldSelector::parse(s).map_err(|e| ApiError::BadRequest(e.to_string()))?;
                // Reject unsupported field labels up front, as upstream does (400).
                let probe = serde_json::json!({"metadata": {}});
                for req in sel.requirements() {
                    if let Err(e) = skiff_api::field_value(&def.gvk(), &probe, &req.field) {
                        return Err(ApiError::BadRequest(e.to_string()));
                    }
                }
                Some(sel)
            }
            None => None,
        };
        Ok(Filter { labels, fields })
    }

    /// Whether the selectors need nothing beyond `metadata` (labels, name, namespace), so they can be
    /// evaluated on the stored bytes' metadata alone.
    pub fn is_metadata_only(&self) -> bool {
        self.fields.as_ref().is_none_or(|f| {
            f.requirements()
                .iter()
                .all(|r| r.field == "metadata.name" || r.field == "metadata.namespace")
        })
    }

    /// Evaluate on a stored object's bytes; None when they cannot be read that way (use [`Filter::matches`]).
    pub fn matches_stored(&self, stored: &[u8]) -> Option<bool> {
        if self.is_everything() {
            return Some(true);
        }
        #[derive(serde::Deserialize)]
        struct MetaView {
            #[serde(default)]
            name: String,
            #[serde(default)]
            namespace: String,
            #[serde(default)]
            labels: std::collections::BTreeMap<String, String>,
        }
        let (start, end) = crate::rawjson::metadata_range(stored)?;
        let meta: MetaView = serde_json::from_slice(&stored[start..end]).ok()?;
        if let Some(sel) = &self.labels {
            if !sel.matches(&meta.labels) {
                return Some(false);
            }
        }
        if let Some(sel) = &self.fields {
            let ok = sel.matches(|f| match f {
                "metadata.name" => Some(meta.name.clone()),
                "metadata.namespace" => Some(meta.namespace.clone()),
                _ => None,
            });
            return Some(ok);
        }
        Some(true)
    }

    pub fn is_everything(&self) -> bool {
        self.labels.is_none() && self.fields.is_none()
    }

    pub fn matches(&self, def: &ResourceDef, obj: &Value) -> bool {
        if let Some(sel) = &self.labels {
            if !sel.matches(&crate::meta::labels(obj)) {
                return false;
            }
        }
        if let Some(sel) = &self.fields {
            let gvk = def.gvk();
            if !sel.matches(|f| skiff_api::field_value(&gvk, obj, f).ok()) {
                return false;
            }
        }
        true
    }
}
