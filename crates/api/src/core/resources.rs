//! Resource names and quantities (upstream `pkg/apis/core/helper` resource-name predicates and
//! the resource parts of core validation).

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::ResourceRequirements;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::field::{self, FieldErr, Path};
use crate::quantity::{self, Qty};
use crate::syntax;

const STANDARD_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "storage",
    "requests.storage",
    "services.nodeports",
    "services.loadbalancers",
];

const STANDARD_QUOTA_RESOURCES: &[&str] = &[
    "cpu",
    "memory",
    "ephemeral-storage",
    "requests.cpu",
    "requests.memory",
    "requests.storage",
    "requests.ephemeral-storage",
    "limits.cpu",
    "limits.memory",
    "limits.ephemeral-storage",
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "persistentvolumeclaims",
    "configmaps",
    "services.nodeports",
    "services.loadbalancers",
];

const INTEGER_RESOURCES: &[&str] = &[
    "pods",
    "resourcequotas",
    "services",
    "replicationcontrollers",
    "secrets",
    "configmaps",
    "persistentvolumeclaims",
    "services.nodeports",
    "services.loadbalancers",
];

/// `IsHugePageResourceName`.
pub fn is_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-")
}

fn is_quota_hugepages(name: &str) -> bool {
    name.starts_with("hugepages-") || name.starts_with("requests.hugepages-")
}

/// `IsNativeResource`: unprefixed or in the `kubernetes.io/` namespace.
pub fn is_native(name: &str) -> bool {
    !name.contains('/') || name.contains("kubernetes.io/")
}

/// `IsExtendedResourceName`.
pub fn is_extended(name: &str) -> bool {
    if is_native(name) || name.starts_with("requests.") {
        return false;
    }
    syntax::is_qualified_name(&format!("requests.{name}")).is_empty()
}

/// `IsIntegerResourceName`.
pub fn is_integer(name: &str) -> bool {
    INTEGER_RESOURCES.contains(&name) || is_extended(name)
}

/// `IsOvercommitAllowed`.
pub fn is_overcommit_allowed(name: &str) -> bool {
    is_native(name) && !is_hugepages(name)
}

/// `IsStandardQuotaResourceName`.
pub fn is_standard_quota_resource(name: &str) -> bool {
    STANDARD_QUOTA_RESOURCES.contains(&name) || is_quota_hugepages(name)
}

/// `validateResourceName`.
pub fn validate_resource_name(name: &str, path: &Path) -> Vec<FieldErr> {
    let errs = syntax::validate_qualified_name(path, name);
    if !errs.is_empty() {
        return errs;
    }
    if !(name.contains('/') || STANDARD_RESOURCES.contains(&name) || is_quota_hugepages(name)) {
        return vec![field::invalid(
            path,
            name,
            "must be a standard resource type or fully qualified",
        )];
    }
    errs
}

/// `validateContainerResourceName`.
pub fn validate_container_resource_name(name: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = validate_resource_name(name, path);
    if !name.contains('/') {
        if !(matches!(name, "cpu" | "memory" | "ephemeral-storage") || is_hugepages(name)) {
            errs.push(field::invalid(
                path,
                name,
                "must be a standard resource for containers",
            ));
        }
    } else if !is_native(name) && !is_extended(name) {
        errs.push(field::invalid(
            path,
            name,
            "doesn't follow extended resource name standard",
        ));
    }
    errs
}

/// `ValidateResourceQuotaResourceName`.
pub fn validate_quota_resource_name(name: &str, path: &Path) -> Vec<FieldErr> {
    let mut errs = validate_resource_name(name, path);
    if !name.contains('/') && !is_standard_quota_resource(name) {
        errs.push(field::invalid(
            path,
            name,
            "must be a standard resource for quota",
        ));
    }
    errs
}

/// Parses a quantity that decoding already checked; unparsable ones count as zero.
pub fn qty(q: &Quantity) -> Qty {
    quantity::parse(&q.0).unwrap_or_else(|_| Qty::zero())
}

/// `ValidateResourceQuantityValue`: not negative, whole for integer resources.
pub fn validate_quantity_value(name: &str, q: &Quantity, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let v = qty(q);
    if quantity::is_negative(&v) {
        errs.push(field::invalid(path, &q.0, "must be greater than or equal to 0"));
    }
    if is_integer(name) && v.milli_value_i128() % 1000 != 0 {
        errs.push(field::invalid(path, &q.0, "must be an integer"));
    }
    errs
}

/// `ValidateNonnegativeQuantity`.
pub fn validate_nonnegative_quantity(q: &Quantity, path: &Path) -> Vec<FieldErr> {
    if quantity::is_negative(&qty(q)) {
        vec![field::invalid(path, &q.0, "must be greater than or equal to 0")]
    } else {
        Vec::new()
    }
}

/// `ValidatePositiveQuantityValue`.
pub fn validate_positive_quantity(q: &Quantity, path: &Path) -> Vec<FieldErr> {
    if qty(q) <= Qty::zero() {
        vec![field::invalid(path, &q.0, "must be greater than zero")]
    } else {
        Vec::new()
    }
}

fn hugepage_divisible(name: &str, q: &Quantity) -> bool {
    let Some(size) = name
        .strip_prefix("hugepages-")
        .and_then(|s| quantity::parse(s).ok())
    else {
        return false;
    };
    let v = qty(q);
    quantity::nanos(&size) > 0 && quantity::nanos(&v) % quantity::nanos(&size) == 0
}

/// Whether `name` is a hugepages resource; its quantity `q` (at `path`) must then be a whole number
/// of pages.
fn hugepages_quantity(name: &str, q: &Quantity, path: &Path, errs: &mut Vec<FieldErr>) -> bool {
    if !is_hugepages(name) {
        return false;
    }
    if !hugepage_divisible(name, q) {
        errs.push(field::invalid(
            path,
            &q.0,
            format!("{} is not positive integer multiple of {name}", q.0),
        ));
    }
    true
}

/// `ValidateContainerResourceRequirements` (also used for `overhead`, with limits only).
pub fn validate_container_requirements(
    req: Option<&ResourceRequirements>,
    pod_claims: &BTreeSet<String>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(req) = req else { return errs };
    let empty = BTreeMap::new();
    let limits = req.limits.as_ref().unwrap_or(&empty);
    let requests = req.requests.as_ref().unwrap_or(&empty);
    let lim_path = path.child("limits");
    let req_path = path.child("requests");
    let (mut lim_cpu_mem, mut req_cpu_mem, mut lim_huge, mut req_huge) = (false, false, false, false);
    for (name, q) in limits {
        let p = lim_path.key(name);
        errs.extend(validate_container_resource_name(name, &p));
        errs.extend(validate_quantity_value(name, q, &p));
        lim_huge |= hugepages_quantity(name, q, &p, &mut errs);
        if name == "cpu" || name == "memory" {
            lim_cpu_mem = true;
        }
    }
    for (name, q) in requests {
        let p = req_path.key(name);
        errs.extend(validate_container_resource_name(name, &p));
        errs.extend(validate_quantity_value(name, q, &p));
        if let Some(limit) = limits.get(name) {
            let (rv, lv) = (qty(q), qty(limit));
            if rv != lv && !is_overcommit_allowed(name) {
                errs.push(field::invalid(
                    &req_path,
                    &q.0,
                    format!("must be equal to {name} limit of {}", limit.0),
                ));
            } else if rv > lv {
                errs.push(field::invalid(
                    &req_path,
                    &q.0,
                    format!("must be less than or equal to {name} limit of {}", limit.0),
                ));
            }
        } else if !is_overcommit_allowed(name) {
            errs.push(field::required(
                &lim_path,
                "Limit must be set for non overcommitable resources",
            ));
        }
        req_huge |= hugepages_quantity(name, q, &p, &mut errs);
        if name == "cpu" || name == "memory" {
            req_cpu_mem = true;
        }
    }
    if !lim_cpu_mem && !req_cpu_mem && (req_huge || lim_huge) {
        errs.push(field::forbidden(path, "HugePages require cpu or memory"));
    }
    let mut names: BTreeSet<String> = BTreeSet::new();
    for (i, claim) in req.claims.iter().flatten().enumerate() {
        let p = path.child("claims").index(i);
        if claim.name.is_empty() {
            errs.push(field::required(&p, ""));
            continue;
        }
        if names.contains(&claim.name) {
            errs.push(field::duplicate(&p, &claim.name));
        } else {
            let mut key = claim.name.clone();
            if let Some(r) = claim.request.as_deref().filter(|r| !r.is_empty()) {
                errs.extend(syntax::validate_dns1123_label(&p.child("request"), r));
                key = format!("{key}/{r}");
            }
            if names.contains(&key) && key != claim.name {
                errs.push(field::duplicate(&p, &key));
            }
            names.insert(key);
        }
        if !pod_claims.contains(&claim.name) {
            let mut e = field::not_found(&p, &claim.name);
            e.detail = if pod_claims.is_empty() {
                "must be one of the names in pod.spec.resourceClaims which is empty".into()
            } else {
                let list: Vec<&str> = pod_claims.iter().map(String::as_str).collect();
                format!(
                    "must be one of the names in pod.spec.resourceClaims: {}",
                    list.join(", ")
                )
            };
            errs.push(e);
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: serde_json::Value) -> Vec<String> {
        let r: ResourceRequirements = serde_json::from_value(v).unwrap();
        validate_container_requirements(Some(&r), &BTreeSet::new(), &Path::new("resources"))
            .into_iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn requirements() {
        assert!(
            check(json!({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m"}})).is_empty()
        );
        assert_eq!(
            check(json!({"limits": {"cpu": "500m"}, "requests": {"cpu": "1"}})),
            vec!["resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 500m"]
        );
        assert_eq!(
            check(json!({"requests": {"cpu": "-1"}})),
            vec!["resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"]
        );
        assert_eq!(
            check(json!({"limits": {"gpu": "1"}})),
            vec!["resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
                 "resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"]
        );
        assert_eq!(
            check(json!({"requests": {"nvidia.com/gpu": "1"}})),
            vec!["resources.limits: Required value: Limit must be set for non overcommitable resources"]
        );
        assert_eq!(
            check(json!({"limits": {"nvidia.com/gpu": "500m"}, "requests": {"nvidia.com/gpu": "500m"}})),
            vec![
                "resources.limits[nvidia.com/gpu]: Invalid value: \"500m\": must be an integer",
                "resources.requests[nvidia.com/gpu]: Invalid value: \"500m\": must be an integer"
            ]
        );
    }
}
