//! Component schemas of the built-in kinds, generated from the `k8s-openapi` types (their `schemars`
//! implementations carry upstream's field descriptions), so `kubectl explain` has the real documentation.

use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use crate::registry::ResourceDef;

macro_rules! builtin_schema {
    ($gen:ident, $def:ident; $( ($group:literal, $kind:literal, $ty:ty) ),* $(,)?) => {
        match ($def.group.as_str(), $def.kind.as_str()) {
            $( ($group, $kind) => Some($gen.subschema_for::<$ty>()), )*
            _ => None,
        }
    };
}

fn register(gen: &mut schemars::SchemaGenerator, def: &ResourceDef) -> Option<schemars::Schema> {
    use k8s_openapi::api::{
        apps::v1 as apps, authorization::v1 as authz, batch::v1 as batch, coordination::v1 as coordination,
        core::v1 as core, discovery::v1 as discovery, events::v1 as events, policy::v1 as policy,
        scheduling::v1 as scheduling, storage::v1 as storage,
    };
    builtin_schema!(gen, def;
        ("", "Namespace", core::Namespace),
        ("", "Node", core::Node),
        ("", "Pod", core::Pod),
        ("", "Service", core::Service),
        ("", "Endpoints", core::Endpoints),
        ("", "Event", core::Event),
        ("", "ConfigMap", core::ConfigMap),
        ("", "Secret", core::Secret),
        ("", "ServiceAccount", core::ServiceAccount),
        ("", "PersistentVolume", core::PersistentVolume),
        ("", "PersistentVolumeClaim", core::PersistentVolumeClaim),
        ("", "ResourceQuota", core::ResourceQuota),
        ("", "LimitRange", core::LimitRange),
        ("apps", "Deployment", apps::Deployment),
        ("apps", "ReplicaSet", apps::ReplicaSet),
        ("apps", "StatefulSet", apps::StatefulSet),
        ("apps", "DaemonSet", apps::DaemonSet),
        ("apps", "ControllerRevision", apps::ControllerRevision),
        ("batch", "Job", batch::Job),
        ("batch", "CronJob", batch::CronJob),
        ("storage.k8s.io", "StorageClass", storage::StorageClass),
        ("coordination.k8s.io", "Lease", coordination::Lease),
        ("events.k8s.io", "Event", events::Event),
        ("policy", "PodDisruptionBudget", policy::PodDisruptionBudget),
        ("scheduling.k8s.io", "PriorityClass", scheduling::PriorityClass),
        ("discovery.k8s.io", "EndpointSlice", discovery::EndpointSlice),
        ("authorization.k8s.io", "SelfSubjectAccessReview", authz::SelfSubjectAccessReview),
    )
}

/// `components.schemas` for `defs`, and each def's schema name (from the generated `$ref`).
pub fn components(defs: &[&ResourceDef]) -> (Map<String, Value>, Vec<Option<String>>) {
    let mut gen = SchemaSettings::openapi3().into_generator();
    let names: Vec<Option<String>> = defs
        .iter()
        .map(|d| {
            register(&mut gen, d).and_then(|s| {
                s.get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.rsplit('/').next())
                    .map(String::from)
            })
        })
        .collect();
    let mut schemas = gen.take_definitions(true);
    for (def, name) in defs.iter().zip(&names) {
        if let Some(schema) = name
            .as_ref()
            .and_then(|n| schemas.get_mut(n))
            .and_then(Value::as_object_mut)
        {
            schema.insert(
                "x-kubernetes-group-version-kind".into(),
                json!([{"group": def.group, "version": def.version, "kind": def.kind}]),
            );
        }
    }
    (schemas, names)
}
