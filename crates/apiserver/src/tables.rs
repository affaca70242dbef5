//! `meta.k8s.io/v1` Tables for `kubectl get`, from the printers crate's columns and cells.

use serde_json::{json, Value};

use crate::registry::ResourceDef;

/// A Table of `objects`. `include_object`: `Object` (full objects), `None`, or the default `Metadata`.
pub fn table(
    def: &ResourceDef,
    objects: &[Value],
    resource_version: &str,
    continue_token: Option<&str>,
    include_object: Option<&str>,
    v1beta1: bool,
) -> Value {
    let now = jiff::Timestamp::now();
    let columns: Vec<Value> = skiff_printers::columns(&def.group, &def.kind)
        .iter()
        .map(|c| c.to_json())
        .collect();
    let rows: Vec<Value> = objects
        .iter()
        .map(|obj| {
            let row = skiff_printers::row(&def.group, &def.kind, obj, now);
            let mut r = json!({"cells": row.cells});
            if let Some(c) = row.conditions {
                r["conditions"] = c;
            }
            match include_object {
                Some("None") => {}
                Some("Object") => r["object"] = obj.clone(),
                _ => {
                    r["object"] = json!({
                        "kind": "PartialObjectMetadata",
                        "apiVersion": if v1beta1 { "meta.k8s.io/v1beta1" } else { "meta.k8s.io/v1" },
                        "metadata": obj.get("metadata").cloned().unwrap_or(json!({})),
                    })
                }
            }
            r
        })
        .collect();
    let mut meta = json!({"resourceVersion": resource_version});
    if let Some(c) = continue_token {
        meta["continue"] = json!(c);
    }
    json!({
        "kind": "Table",
        "apiVersion": if v1beta1 { "meta.k8s.io/v1beta1" } else { "meta.k8s.io/v1" },
        "metadata": meta,
        "columnDefinitions": columns,
        "rows": rows,
    })
}
