//! Pod QoS class (upstream `ComputePodQOS`, without pod-level resources, which are off in 1.33).

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodSpec;

use crate::core::resources::qty;
use crate::quantity::Qty;

/// `Guaranteed`, `Burstable` or `BestEffort`.
pub fn qos_class(spec: &PodSpec) -> &'static str {
    let mut requests: BTreeMap<&str, i128> = BTreeMap::new();
    let mut limits: BTreeMap<&str, i128> = BTreeMap::new();
    let mut guaranteed = true;
    for c in spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
    {
        let res = c.resources.as_ref();
        for (name, q) in res.and_then(|r| r.requests.as_ref()).into_iter().flatten() {
            if name != "cpu" && name != "memory" {
                continue;
            }
            let v = qty(q);
            if v > Qty::zero() {
                *requests.entry(name.as_str()).or_insert(0) += crate::quantity::nanos(&v);
            }
        }
        let mut found = (false, false);
        for (name, q) in res.and_then(|r| r.limits.as_ref()).into_iter().flatten() {
            if name != "cpu" && name != "memory" {
                continue;
            }
            let v = qty(q);
            if v > Qty::zero() {
                if name == "cpu" {
                    found.0 = true;
                } else {
                    found.1 = true;
                }
                *limits.entry(name.as_str()).or_insert(0) += crate::quantity::nanos(&v);
            }
        }
        if !(found.0 && found.1) {
            guaranteed = false;
        }
    }
    if requests.is_empty() && limits.is_empty() {
        return "BestEffort";
    }
    if guaranteed && requests.iter().any(|(k, v)| limits.get(k) != Some(v)) {
        guaranteed = false;
    }
    if guaranteed && requests.len() == limits.len() {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn class(v: serde_json::Value) -> &'static str {
        let spec: PodSpec = serde_json::from_value(v).unwrap();
        qos_class(&spec)
    }

    #[test]
    fn classes() {
        assert_eq!(class(json!({"containers": [{"name": "a"}]})), "BestEffort");
        assert_eq!(
            class(json!({"containers": [{"name": "a", "resources": {
                "limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}}}]})),
            "Guaranteed"
        );
        assert_eq!(
            class(json!({"containers": [{"name": "a", "resources": {"requests": {"cpu": "100m"}}}]})),
            "Burstable"
        );
    }
}
