//! ResourceQuotas and LimitRanges.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    LimitRange, LimitRangeItem, ResourceQuota, ResourceQuotaSpec, ResourceQuotaStatus,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use crate::core::resources::{self, qty};
use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::quantity::{self, Qty};
use crate::syntax::{self, NameRule};

static QUOTA_QUANTITIES: &[&str] = &["spec.hard.*", "status.hard.*", "status.used.*"];

const SCOPES: &[&str] = &[
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
    "VolumeAttributesClass",
];

fn scope_valid_for(scope: &str, resource: &str) -> bool {
    let object_count = resource == "pods";
    let compute = matches!(
        resource,
        "cpu" | "memory" | "limits.cpu" | "limits.memory" | "requests.cpu" | "requests.memory"
    );
    match scope {
        "Terminating"
        | "NotTerminating"
        | "NotBestEffort"
        | "PriorityClass"
        | "CrossNamespacePodAffinity" => object_count || compute,
        "BestEffort" => object_count,
        "VolumeAttributesClass" => {
            matches!(resource, "persistentvolumeclaims" | "requests.storage")
        }
        _ => true,
    }
}

fn scopes_repr(scopes: &[String]) -> field::BadValue {
    field::string_slice(scopes)
}

fn validate_spec(spec: &ResourceQuotaSpec, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let hard = spec.hard.clone().unwrap_or_default();
    for (k, v) in &hard {
        let p = path.child("hard").key(k);
        errs.extend(resources::validate_quota_resource_name(k, &p));
        errs.extend(resources::validate_quantity_value(k, v, &p));
    }
    let scopes = spec.scopes.clone().unwrap_or_default();
    if !scopes.is_empty() {
        let sp = path.child("scopes");
        let mut set = BTreeSet::new();
        for scope in &scopes {
            if !SCOPES.contains(&scope.as_str()) {
                errs.push(field::invalid(&sp, scopes_repr(&scopes), "unsupported scope"));
            }
            for k in hard.keys() {
                if resources::is_standard_quota_resource(k) && !scope_valid_for(scope, k) {
                    errs.push(field::invalid(
                        &sp,
                        scopes_repr(&scopes),
                        "unsupported scope applied to resource",
                    ));
                }
            }
            set.insert(scope.as_str());
        }
        for (a, b) in [("BestEffort", "NotBestEffort"), ("Terminating", "NotTerminating")] {
            if set.contains(a) && set.contains(b) {
                errs.push(field::invalid(&sp, scopes_repr(&scopes), "conflicting scopes"));
            }
        }
    }
    if let Some(sel) = &spec.scope_selector {
        let mp = path.child("scopeSelector").child("matchExpressions");
        let mut set = BTreeSet::new();
        for req in sel.match_expressions.iter().flatten() {
            if !SCOPES.contains(&req.scope_name.as_str()) {
                errs.push(field::invalid(
                    &mp.child("scopeName"),
                    &req.scope_name,
                    "unsupported scope",
                ));
            }
            for k in hard.keys() {
                if resources::is_standard_quota_resource(k) && !scope_valid_for(&req.scope_name, k) {
                    errs.push(field::invalid(
                        &mp,
                        field::BadValue::json(sel),
                        "unsupported scope applied to resource",
                    ));
                }
            }
            if matches!(
                req.scope_name.as_str(),
                "BestEffort"
                    | "NotBestEffort"
                    | "Terminating"
                    | "NotTerminating"
                    | "CrossNamespacePodAffinity"
            ) && req.operator != "Exists"
            {
                errs.push(field::invalid(
                    &mp.child("operator"),
                    &req.operator,
                    "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
                ));
            }
            let values = req.values.clone().unwrap_or_default();
            match req.operator.as_str() {
                "In" | "NotIn" => {
                    if values.is_empty() {
                        errs.push(field::required(
                            &mp.child("values"),
                            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
                        ));
                    }
                }
                "Exists" | "DoesNotExist" => {
                    if !values.is_empty() {
                        errs.push(field::invalid(
                            &mp.child("values"),
                            field::string_slice(&values),
                            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
                        ));
                    }
                }
                other => errs.push(field::invalid(
                    &mp.child("operator"),
                    other,
                    "not a valid selector operator",
                )),
            }
            set.insert(req.scope_name.as_str());
        }
        for (a, b) in [("BestEffort", "NotBestEffort"), ("Terminating", "NotTerminating")] {
            if set.contains(a) && set.contains(b) {
                errs.push(field::invalid(&mp, scopes_repr(&scopes), "conflicting scopes"));
            }
        }
    }
    errs
}

fn validate_status(status: Option<&ResourceQuotaStatus>, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let Some(status) = status else { return errs };
    for (name, list) in [("hard", &status.hard), ("used", &status.used)] {
        for (k, v) in list.iter().flatten() {
            let p = path.child(name).key(k);
            errs.extend(resources::validate_quota_resource_name(k, &p));
            errs.extend(resources::validate_quantity_value(k, v, &p));
        }
    }
    errs
}

fn validate_quota(q: &ResourceQuota) -> Vec<FieldErr> {
    let mut errs = meta::validate_with_spec(&q.metadata, NameRule::Subdomain, q.spec.as_ref(), validate_spec);
    errs.extend(validate_status(q.status.as_ref(), &Path::new("status")));
    errs
}

fn validate_quota_update(new: &ResourceQuota, old: &ResourceQuota) -> Vec<FieldErr> {
    let mut errs =
        meta::validate_update_with_spec(&new.metadata, &old.metadata, new.spec.as_ref(), validate_spec);
    let ns = new.spec.clone().unwrap_or_default();
    let n: BTreeSet<String> = ns.scopes.clone().unwrap_or_default().into_iter().collect();
    let o: BTreeSet<String> = old
        .spec
        .iter()
        .flat_map(|s| s.scopes.clone().unwrap_or_default())
        .collect();
    if n != o {
        errs.push(field::invalid(
            &Path::new("spec").child("scopes"),
            scopes_repr(&ns.scopes.clone().unwrap_or_default()),
            meta::IMMUTABLE,
        ));
    }
    errs
}

fn prepare_quota(q: &mut ResourceQuota) {
    q.status = None;
}

/// ResourceQuotas.
pub static RESOURCE_QUOTA: Kind<ResourceQuota> = Kind {
    quantities: QUOTA_QUANTITIES,
    default: kinds::no_default,
    prepare: prepare_quota,
    create: validate_quota,
    update: validate_quota_update,
};

static LIMIT_RANGE_QUANTITIES: &[&str] = &[
    "spec.limits[].max.*",
    "spec.limits[].min.*",
    "spec.limits[].default.*",
    "spec.limits[].defaultRequest.*",
    "spec.limits[].maxLimitRequestRatio.*",
];

/// `SetDefaults_LimitRangeItem`.
fn default_item(item: &mut LimitRangeItem) {
    if item.type_ != "Container" {
        return;
    }
    let mut default = item.default.clone().unwrap_or_default();
    let mut default_request = item.default_request.clone().unwrap_or_default();
    for (k, v) in item.max.iter().flatten() {
        default.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in &default {
        default_request.entry(k.clone()).or_insert_with(|| v.clone());
    }
    for (k, v) in item.min.iter().flatten() {
        default_request.entry(k.clone()).or_insert_with(|| v.clone());
    }
    item.default = Some(default);
    item.default_request = Some(default_request);
}

fn default_limit_range(lr: &mut LimitRange, _create: bool) {
    if let Some(spec) = &mut lr.spec {
        spec.limits.iter_mut().for_each(default_item);
    }
}

fn limit_resource_name(limit_type: &str, name: &str, path: &Path) -> Vec<FieldErr> {
    match limit_type {
        "Pod" | "Container" => resources::validate_container_resource_name(name, path),
        _ => resources::validate_resource_name(name, path),
    }
}

fn validate_limit_range(lr: &LimitRange) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&lr.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let mut types = BTreeSet::new();
    let fp = Path::new("spec").child("limits");
    let empty = BTreeMap::new();
    for (i, item) in lr.spec.iter().flat_map(|s| s.limits.iter()).enumerate() {
        let ip = fp.index(i);
        let t = item.type_.as_str();
        let tp = ip.child("type");
        let type_errs = syntax::validate_qualified_name(&tp, t);
        if type_errs.is_empty()
            && !t.contains('/')
            && !matches!(t, "Pod" | "Container" | "PersistentVolumeClaim")
        {
            errs.push(field::invalid(
                &tp,
                t,
                "must be a standard limit type or fully qualified",
            ));
        }
        errs.extend(type_errs);
        if !types.insert(t.to_string()) {
            errs.push(field::duplicate(&tp, t));
        }
        let max = item.max.as_ref().unwrap_or(&empty);
        let min = item.min.as_ref().unwrap_or(&empty);
        let default = item.default.as_ref().unwrap_or(&empty);
        let default_request = item.default_request.as_ref().unwrap_or(&empty);
        let ratio = item.max_limit_request_ratio.as_ref().unwrap_or(&empty);
        let mut keys: BTreeSet<&String> = BTreeSet::new();
        for (name, list) in [("max", max), ("min", min)] {
            for k in list.keys() {
                errs.extend(limit_resource_name(t, k, &ip.child(name).key(k)));
                keys.insert(k);
            }
        }
        if t == "Pod" {
            if !default.is_empty() {
                errs.push(field::forbidden(
                    &ip.child("default"),
                    "may not be specified when `type` is 'Pod'",
                ));
            }
            if !default_request.is_empty() {
                errs.push(field::forbidden(
                    &ip.child("defaultRequest"),
                    "may not be specified when `type` is 'Pod'",
                ));
            }
        } else {
            for (name, list) in [("default", default), ("defaultRequest", default_request)] {
                for k in list.keys() {
                    errs.extend(limit_resource_name(t, k, &ip.child(name).key(k)));
                    keys.insert(k);
                }
            }
        }
        if t == "PersistentVolumeClaim" && !min.contains_key("storage") && !max.contains_key("storage") {
            errs.push(field::required(
                &ip.child("limits"),
                "either minimum or maximum storage value is required, but neither was provided",
            ));
        }
        for k in ratio.keys() {
            errs.extend(limit_resource_name(
                t,
                k,
                &ip.child("maxLimitRequestRatio").key(k),
            ));
            keys.insert(k);
        }
        let c = |q: &Quantity| q.0.clone();
        for k in keys {
            let (mn, mx, df, dr, ra) = (
                min.get(k),
                max.get(k),
                default.get(k),
                default_request.get(k),
                ratio.get(k),
            );
            if let (Some(a), Some(b)) = (mn, mx) {
                if qty(a) > qty(b) {
                    errs.push(field::invalid(
                        &ip.child("min").key(k),
                        c(a),
                        format!("min value {} is greater than max value {}", a.0, b.0),
                    ));
                }
            }
            if let (Some(r), Some(a)) = (dr, mn) {
                if qty(a) > qty(r) {
                    errs.push(field::invalid(
                        &ip.child("defaultRequest").key(k),
                        c(r),
                        format!("min value {} is greater than default request value {}", a.0, r.0),
                    ));
                }
            }
            if let (Some(r), Some(b)) = (dr, mx) {
                if qty(r) > qty(b) {
                    errs.push(field::invalid(
                        &ip.child("defaultRequest").key(k),
                        c(r),
                        format!("default request value {} is greater than max value {}", r.0, b.0),
                    ));
                }
            }
            if let (Some(r), Some(d)) = (dr, df) {
                if qty(r) > qty(d) {
                    errs.push(field::invalid(
                        &ip.child("defaultRequest").key(k),
                        c(r),
                        format!(
                            "default request value {} is greater than default limit value {}",
                            r.0, d.0
                        ),
                    ));
                }
            }
            if let (Some(d), Some(a)) = (df, mn) {
                if qty(a) > qty(d) {
                    errs.push(field::invalid(
                        &ip.child("default").key(k),
                        c(a),
                        format!("min value {} is greater than default value {}", a.0, d.0),
                    ));
                }
            }
            if let (Some(d), Some(b)) = (df, mx) {
                if qty(d) > qty(b) {
                    errs.push(field::invalid(
                        &ip.child("default").key(k),
                        c(b),
                        format!("default value {} is greater than max value {}", d.0, b.0),
                    ));
                }
            }
            if let Some(r) = ra {
                let one = quantity::parse("1").unwrap_or_else(|_| Qty::zero());
                if qty(r) < one {
                    errs.push(field::invalid(
                        &ip.child("maxLimitRequestRatio").key(k),
                        c(r),
                        format!("ratio {} is less than 1", r.0),
                    ));
                }
                if let (Some(a), Some(b)) = (mn, mx) {
                    let (ratio_v, min_v, max_v) = (
                        quantity::nanos(&qty(r)) as f64 / 1e9,
                        quantity::nanos(&qty(a)) as f64,
                        quantity::nanos(&qty(b)) as f64,
                    );
                    if min_v > 0.0 {
                        let limit = max_v / min_v;
                        if ratio_v > limit {
                            errs.push(field::invalid(
                                &ip.child("maxLimitRequestRatio").key(k),
                                c(r),
                                format!("ratio {} is greater than max/min = {limit:.6}", r.0),
                            ));
                        }
                    }
                }
            }
            if !resources::is_overcommit_allowed(k) {
                if let (Some(d), Some(r)) = (df, dr) {
                    if qty(d) != qty(r) {
                        errs.push(field::invalid(
                            &ip.child("defaultRequest").key(k),
                            c(r),
                            format!(
                                "default value {} must equal to defaultRequest value {} in {k}",
                                d.0, r.0
                            ),
                        ));
                    }
                }
            }
        }
    }
    errs
}

fn validate_limit_range_update(new: &LimitRange, old: &LimitRange) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_limit_range(new));
    errs
}

/// LimitRanges.
pub static LIMIT_RANGE: Kind<LimitRange> = Kind {
    quantities: LIMIT_RANGE_QUANTITIES,
    default: default_limit_range,
    prepare: kinds::no_prepare,
    create: validate_limit_range,
    update: validate_limit_range_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn limit_range_defaults_and_checks() {
        let mut lr: LimitRange = serde_json::from_value(json!({
            "metadata": {"name": "lr"},
            "spec": {"limits": [{"type": "Container", "max": {"cpu": "2"}, "min": {"memory": "64Mi"}}]}
        }))
        .unwrap();
        default_limit_range(&mut lr, true);
        let v = serde_json::to_value(&lr).unwrap();
        assert_eq!(v["spec"]["limits"][0]["default"], json!({"cpu": "2"}));
        assert_eq!(
            v["spec"]["limits"][0]["defaultRequest"],
            json!({"cpu": "2", "memory": "64Mi"})
        );
        assert!(validate_limit_range(&lr).is_empty());
        let bad: LimitRange = serde_json::from_value(json!({
            "metadata": {"name": "lr"},
            "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"cpu": "2"}}]}
        }))
        .unwrap();
        let errs: Vec<String> = validate_limit_range(&bad).iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            vec!["spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1"]
        );
    }

    #[test]
    fn quota_rules() {
        let q: ResourceQuota = serde_json::from_value(json!({
            "metadata": {"name": "q"},
            "spec": {"hard": {"pods": "10", "requests.cpu": "4", "count/deployments.apps": "5"}, "scopes": ["BestEffort"]}
        }))
        .unwrap();
        let errs: Vec<String> = validate_quota(&q).iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errs,
            vec![
                "spec.scopes: Invalid value: []string{\"BestEffort\"}: unsupported scope applied to resource"
            ]
        );
    }
}
