//! `/openapi/v3`: the index and one document per group-version, with the operations kubectl's field
//! validation check looks for (PATCH carrying `x-kubernetes-group-version-kind` and `fieldValidation`).

use serde_json::{json, Map, Value};

mod schemas;

use crate::registry::{Registry, ResourceDef};

/// A stable hash of the registry's shape, so clients' caches refresh when resources change.
fn hash(registry: &Registry, group: &str, version: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for d in registry
        .all()
        .iter()
        .filter(|d| d.group == group && d.version == version)
    {
        (&d.plural, &d.kind, d.namespaced).hash(&mut h);
    }
    format!("{:016X}", h.finish())
}

fn gv_path(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

pub fn index(registry: &Registry) -> Value {
    let mut paths = Map::new();
    for (group, versions) in registry.groups() {
        for v in versions {
            let p = gv_path(&group, &v);
            paths.insert(
                p.clone(),
                json!({"serverRelativeURL": format!("/openapi/v3/{p}?hash={}", hash(registry, &group, &v))}),
            );
        }
    }
    json!({"paths": paths})
}

fn param(name: &str, location: &str) -> Value {
    json!({"name": name, "in": location, "schema": {"type": "string", "uniqueItems": true}})
}

fn operation(def: &ResourceDef, schema: &str, action: &str, op_id: &str, extra: &[&str]) -> Value {
    let mut params: Vec<Value> = vec![param("pretty", "query")];
    for p in extra {
        params.push(param(p, "query"));
    }
    let schema_ref = json!({"$ref": format!("#/components/schemas/{schema}")});
    let mut op = json!({
        "operationId": op_id,
        "parameters": params,
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema_ref}}}},
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": {"group": def.group, "version": def.version, "kind": def.kind},
    });
    if action == "patch" {
        let mut content = Map::new();
        for ct in [
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/apply-patch+yaml",
        ] {
            content.insert(ct.into(), json!({"schema": {"type": "object"}}));
        }
        op["requestBody"] = json!({"content": content, "required": true});
    } else if action == "put" || action == "post" {
        op["requestBody"] = json!({"content": {"*/*": {"schema": schema_ref}}, "required": true});
    }
    op
}

/// The schema name upstream uses, e.g. `io.k8s.api.apps.v1.Deployment`.
pub fn schema_name(def: &ResourceDef) -> String {
    let group = match def.group.as_str() {
        "" => "core".to_string(),
        g => g.trim_end_matches(".k8s.io").to_string(),
    };
    format!("io.k8s.api.{group}.{}.{}", def.version, def.kind)
}

/// The document of one group-version, or None if nothing is served there.
pub fn group_version(registry: &Registry, group: &str, version: &str) -> Option<Value> {
    let defs: Vec<_> = registry
        .all()
        .into_iter()
        .filter(|d| d.group == group && d.version == version)
        .collect();
    if defs.is_empty() {
        return None;
    }
    let prefix = format!("/{}", gv_path(group, version));
    let mut paths = Map::new();
    let refs: Vec<&ResourceDef> = defs.iter().map(|d| d.as_ref()).collect();
    let (mut schemas, names) = schemas::components(&refs);
    let write_params = ["dryRun", "fieldManager", "fieldValidation"];
    for (d, generated) in defs.iter().zip(names) {
        let schema = generated.unwrap_or_else(|| schema_name(d));
        let s = schema.as_str();
        let base = if d.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}", d.plural)
        } else {
            format!("{prefix}/{}", d.plural)
        };
        let k = &d.kind;
        paths.insert(
            base.clone(),
            json!({
                "get": operation(d, s, "list", &format!("list{k}"), &["labelSelector", "fieldSelector", "limit", "continue", "watch"]),
                "post": operation(d, s, "post", &format!("create{k}"), &write_params),
                "delete": operation(d, s, "deletecollection", &format!("deleteCollection{k}"), &[]),
            }),
        );
        let mut patch_params = write_params.to_vec();
        patch_params.push("force");
        paths.insert(
            format!("{base}/{{name}}"),
            json!({
                "get": operation(d, s, "get", &format!("read{k}"), &[]),
                "put": operation(d, s, "put", &format!("replace{k}"), &write_params),
                "patch": operation(d, s, "patch", &format!("patch{k}"), &patch_params),
                "delete": operation(d, s, "delete", &format!("delete{k}"), &["gracePeriodSeconds", "propagationPolicy"]),
            }),
        );
        schemas.entry(schema.clone()).or_insert_with(|| {
            json!({
                "type": "object",
                "description": format!("{k} ({}).", d.api_version()),
                "x-kubernetes-group-version-kind": [{"group": d.group, "version": d.version, "kind": k}],
            })
        });
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": crate::version::GIT_VERSION},
        "paths": paths,
        "components": {"schemas": schemas},
    }))
}
