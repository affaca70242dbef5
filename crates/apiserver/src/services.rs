//! Service cluster IPs (from the service CIDR) and node ports, allocated on create.
//!
//! Allocation reads the services in the store under the allocation lock held by the caller, so two
//! creates never receive the same address.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use rand::Rng;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult, Cause};
use crate::state::ApiState;

/// The service CIDR (k3s' default): 10.43.0.0/16. The first address is the `kubernetes` service.
pub const SERVICE_NET: Ipv4Addr = Ipv4Addr::new(10, 43, 0, 0);
pub const SERVICE_PREFIX: u32 = 16;
pub const NODE_PORTS: std::ops::RangeInclusive<i64> = 30000..=32767;

fn in_range(ip: Ipv4Addr) -> bool {
    let mask = u32::MAX << (32 - SERVICE_PREFIX);
    u32::from(ip) & mask == u32::from(SERVICE_NET)
}

fn invalid(name: &str, field: &str, value: &str, detail: &str) -> ApiError {
    ApiError::invalid(
        Box::new(crate::error::Subject {
            kind: "Service".into(),
            resource: "services".into(),
            name: name.into(),
            ..Default::default()
        }),
        vec![Cause {
            reason: "FieldValueInvalid".into(),
            message: format!("Invalid value: {value}: {detail}"),
            field: field.into(),
        }],
    )
}

/// Fill in `spec.clusterIP(s)` and node ports of a new Service.
pub async fn allocate(state: &ApiState, svc: &mut Value) -> ApiResult<()> {
    let def = state
        .registry
        .get("", "v1", "services")
        .expect("services are built in");
    let existing = state.objects.list(&def, None, Default::default()).await?.items;
    let mut used_ips = HashSet::new();
    let mut used_ports = HashSet::new();
    for s in &existing {
        if let Some(ip) = s.pointer("/spec/clusterIP").and_then(Value::as_str) {
            used_ips.insert(ip.to_string());
        }
        for p in s
            .pointer("/spec/ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(n) = p.get("nodePort").and_then(Value::as_i64) {
                used_ports.insert(n);
            }
        }
    }
    let name = crate::meta::name(svc).unwrap_or_default().to_string();
    let svc_type = svc
        .pointer("/spec/type")
        .and_then(Value::as_str)
        .unwrap_or("ClusterIP")
        .to_string();
    if svc_type != "ExternalName" {
        let requested = svc
            .pointer("/spec/clusterIP")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let ip = match requested.as_str() {
            "None" => "None".to_string(),
            "" => {
                let mut rng = rand::rng();
                let size = 1u32 << (32 - SERVICE_PREFIX);
                let base = u32::from(SERVICE_NET);
                let mut found = None;
                for _ in 0..size {
                    let candidate = Ipv4Addr::from(base + rng.random_range(2..size - 1)).to_string();
                    if !used_ips.contains(&candidate) {
                        found = Some(candidate);
                        break;
                    }
                }
                found.ok_or_else(|| ApiError::Internal("the service IP range is full".into()))?
            }
            other => {
                let parsed: Ipv4Addr = other.parse().map_err(|_| {
                    invalid(
                        &name,
                        "spec.clusterIPs",
                        &format!("[]string{{\"{other}\"}}"),
                        "must be a valid IP address",
                    )
                })?;
                if !in_range(parsed) {
                    return Err(invalid(
                        &name,
                        "spec.clusterIPs",
                        &format!("[]string{{\"{other}\"}}"),
                        &format!("failed to allocate IP {other}: the provided IP ({other}) is not in the valid range. The range of valid IPs is {SERVICE_NET}/{SERVICE_PREFIX}"),
                    ));
                }
                if used_ips.contains(other) {
                    return Err(invalid(
                        &name,
                        "spec.clusterIPs",
                        &format!("[]string{{\"{other}\"}}"),
                        &format!("failed to allocate IP {other}: provided IP is already allocated"),
                    ));
                }
                other.to_string()
            }
        };
        svc["spec"]["clusterIP"] = json!(ip);
        svc["spec"]["clusterIPs"] = json!([ip]);
    }
    if matches!(svc_type.as_str(), "NodePort" | "LoadBalancer") {
        let mut rng = rand::rng();
        if let Some(ports) = svc.pointer_mut("/spec/ports").and_then(Value::as_array_mut) {
            for p in ports {
                if p.get("nodePort").and_then(Value::as_i64).is_some_and(|n| n != 0) {
                    continue;
                }
                let free = (0..10_000)
                    .map(|_| rng.random_range(NODE_PORTS))
                    .find(|n| !used_ports.contains(n))
                    .ok_or_else(|| ApiError::Internal("the node port range is full".into()))?;
                used_ports.insert(free);
                p["nodePort"] = json!(free);
            }
        }
    }
    Ok(())
}
