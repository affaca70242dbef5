//! Services: `SetDefaults_Service`, the IP-family defaults the service REST storage applies for a
//! single-stack IPv4 cluster (cluster IP allocation itself is the API server's job), and
//! `ValidateService` / `ValidateServiceUpdate`.

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::{ClientIPConfig, Service, ServicePort, ServiceSpec, SessionAffinityConfig};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use crate::core::endpoints::non_special_ip;
use crate::core::pod::validation::port_num_or_name;
use crate::defaulting::{self, str_of};
use crate::field::{self, BadValue, FieldErr, Path};
use crate::kinds::Kind;
use crate::meta;
use crate::syntax::{self, NameRule};

fn externally_accessible(spec: &ServiceSpec) -> bool {
    let t = str_of(&spec.type_);
    t == "LoadBalancer"
        || t == "NodePort"
        || (t == "ClusterIP" && spec.external_ips.as_ref().is_some_and(|e| !e.is_empty()))
}

fn is_headless(spec: &ServiceSpec) -> bool {
    spec.cluster_ips
        .as_ref()
        .is_some_and(|ips| ips.len() == 1 && ips[0] == "None")
}

fn default(svc: &mut Service, _create: bool) {
    let spec = svc.spec.get_or_insert_with(ServiceSpec::default);
    defaulting::string(&mut spec.session_affinity, "None");
    match str_of(&spec.session_affinity) {
        "None" => spec.session_affinity_config = None,
        "ClientIP" => {
            let has_timeout = spec
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .is_some();
            if !has_timeout {
                spec.session_affinity_config = Some(SessionAffinityConfig {
                    client_ip: Some(ClientIPConfig {
                        timeout_seconds: Some(10800),
                    }),
                });
            }
        }
        _ => {}
    }
    defaulting::string(&mut spec.type_, "ClusterIP");
    for p in spec.ports.iter_mut().flatten() {
        defaulting::string(&mut p.protocol, "TCP");
        let unset = match &p.target_port {
            None => true,
            Some(IntOrString::Int(0)) => true,
            Some(IntOrString::String(s)) => s.is_empty(),
            _ => false,
        };
        if unset {
            p.target_port = Some(IntOrString::Int(p.port));
        }
    }
    if externally_accessible(spec) {
        defaulting::string(&mut spec.external_traffic_policy, "Cluster");
    }
    let t = str_of(&spec.type_).to_string();
    if spec.internal_traffic_policy.is_none()
        && matches!(t.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP")
    {
        spec.internal_traffic_policy = Some("Cluster".into());
    }
    if t == "LoadBalancer" {
        defaulting::value(&mut spec.allocate_load_balancer_node_ports, true);
    }
    if t == "ExternalName" {
        return;
    }
    // The service REST storage: keep clusterIP and clusterIPs in step, then the IP families of a
    // single-stack IPv4 cluster (headless services without a selector get RequireDualStack).
    let cluster_ip = str_of(&spec.cluster_ip).to_string();
    let ips = spec.cluster_ips.get_or_insert_with(Vec::new);
    if !cluster_ip.is_empty() && ips.is_empty() {
        ips.push(cluster_ip);
    } else if cluster_ip.is_empty() && !ips.is_empty() {
        spec.cluster_ip = Some(ips[0].clone());
    }
    if spec.cluster_ips.as_ref().is_some_and(|v| v.is_empty()) {
        spec.cluster_ips = None;
    }
    let headless_selectorless = is_headless(spec) && spec.selector.as_ref().is_none_or(|s| s.is_empty());
    if spec.ip_family_policy.is_none() {
        spec.ip_family_policy = Some(
            if headless_selectorless {
                "RequireDualStack"
            } else {
                "SingleStack"
            }
            .into(),
        );
    }
    if spec.ip_families.as_ref().is_none_or(|f| f.is_empty()) {
        let v6 = spec
            .cluster_ips
            .as_ref()
            .and_then(|ips| ips.first())
            .and_then(|ip| syntax::parse_ip_sloppy(ip))
            .is_some_and(|ip| ip.is_ipv6());
        spec.ip_families = Some(vec![if v6 { "IPv6" } else { "IPv4" }.into()]);
    }
}

fn prepare(svc: &mut Service) {
    svc.status = None;
}

fn service_port(
    sp: &ServicePort,
    require_name: bool,
    names: &mut BTreeSet<String>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let name = str_of(&sp.name);
    if require_name && name.is_empty() {
        errs.push(field::required(&path.child("name"), ""));
    } else if !name.is_empty() {
        errs.extend(syntax::validate_dns1123_label(&path.child("name"), name));
        if !names.insert(name.to_string()) {
            errs.push(field::duplicate(&path.child("name"), name));
        }
    }
    errs.extend(syntax::validate_port_num(&path.child("port"), sp.port));
    errs.extend(syntax::validate_protocol(
        &path.child("protocol"),
        str_of(&sp.protocol),
    ));
    errs.extend(port_num_or_name(
        sp.target_port.as_ref().unwrap_or(&IntOrString::Int(0)),
        &path.child("targetPort"),
    ));
    if let Some(ap) = &sp.app_protocol {
        errs.extend(syntax::validate_qualified_name(&path.child("appProtocol"), ap));
    }
    errs
}

fn cluster_ips_related(spec: &ServiceSpec) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if str_of(&spec.type_) == "ExternalName" {
        return errs;
    }
    let sp = Path::new("spec");
    let ips_path = sp.child("clusterIPs");
    let ips = spec.cluster_ips.clone().unwrap_or_default();
    let ips_repr = field::string_slice(&ips);
    let cluster_ip = str_of(&spec.cluster_ip);
    if !cluster_ip.is_empty() {
        if ips.is_empty() {
            errs.push(field::required(&ips_path, ""));
        } else if ips[0] != cluster_ip {
            errs.push(field::invalid(
                &ips_path,
                ips_repr.clone(),
                "first value must match `clusterIP`",
            ));
        }
    } else if !ips.is_empty() {
        errs.push(field::invalid(
            &ips_path,
            ips_repr.clone(),
            "must be empty when `clusterIP` is not specified",
        ));
    }
    let families = spec.ip_families.clone().unwrap_or_default();
    let mut seen = BTreeSet::new();
    for (i, f) in families.iter().enumerate() {
        if f != "IPv4" && f != "IPv6" {
            errs.push(field::not_supported(
                &sp.child("ipFamilies").index(i),
                f,
                &["IPv4", "IPv6"],
            ));
        }
        if !seen.insert(f) {
            errs.push(field::duplicate(&sp.child("ipFamilies").index(i), f));
        }
    }
    if let Some(p) = &spec.ip_family_policy {
        let supported = ["PreferDualStack", "RequireDualStack", "SingleStack"];
        if !supported.contains(&p.as_str()) {
            errs.push(field::not_supported(&sp.child("ipFamilyPolicy"), p, &supported));
        }
    }
    let mut invalid_ips = false;
    for (i, ip) in ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if ips.len() > 1 {
                invalid_ips = true;
                errs.push(field::invalid(
                    &ips_path,
                    ips_repr.clone(),
                    "'None' must be the first and only value",
                ));
            }
            continue;
        }
        let e = syntax::validate_ip(&ips_path.index(i), ip);
        invalid_ips |= !e.is_empty();
        errs.extend(e);
    }
    if ips.len() > 2 {
        errs.push(field::invalid(
            &ips_path,
            ips_repr.clone(),
            "may only hold up to 2 values",
        ));
    }
    if invalid_ips {
        return errs;
    }
    if ips.len() > 1 {
        let v4: Vec<bool> = ips
            .iter()
            .filter_map(|ip| syntax::parse_ip_sloppy(ip))
            .map(|a| a.is_ipv4())
            .collect();
        let dual = v4.len() >= 2 && v4.iter().any(|b| *b) && v4.iter().any(|b| !*b);
        if !dual {
            errs.push(field::invalid(
                &ips_path,
                ips_repr,
                "may specify no more than one IP for each IP family",
            ));
        }
    }
    if !is_headless(spec) {
        for (i, ip) in ips.iter().enumerate().take(families.len()) {
            let is_v6 = syntax::parse_ip_sloppy(ip).is_some_and(|a| a.is_ipv6());
            if families[i] == "IPv4" && is_v6 {
                errs.push(field::invalid(
                    &ips_path.index(i),
                    ip,
                    format!("expected an IPv4 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
            if families[i] == "IPv6" && !is_v6 {
                errs.push(field::invalid(
                    &ips_path.index(i),
                    ip,
                    format!("expected an IPv6 value as indicated by `ipFamilies[{i}]`"),
                ));
            }
        }
    }
    errs
}

/// `ValidateService`.
fn validate(svc: &Service) -> Vec<FieldErr> {
    let mp = Path::new("metadata");
    let sp = Path::new("spec");
    let mut errs = meta::validate_object_meta(&svc.metadata, NameRule::Dns1035, &mp);
    let empty = Default::default();
    let ann = svc.metadata.annotations.as_ref().unwrap_or(&empty);
    let (hints, mode) = (
        ann.get("service.kubernetes.io/topology-aware-hints"),
        ann.get("service.kubernetes.io/topology-mode"),
    );
    if let (Some(h), Some(m)) = (hints, mode) {
        if h != m {
            errs.push(field::invalid(
                &mp.child("annotations").key("service.kubernetes.io/topology-mode"),
                m,
                "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified",
            ));
        }
    }
    let spec = svc.spec.clone().unwrap_or_default();
    let t = str_of(&spec.type_);
    let headless = is_headless(&spec);
    let ports = spec.ports.clone().unwrap_or_default();
    if ports.is_empty() && !headless && t != "ExternalName" {
        errs.push(field::required(&sp.child("ports"), ""));
    }
    match t {
        "LoadBalancer" | "NodePort" if headless => errs.push(field::invalid(
            &sp.child("clusterIPs").index(0),
            "None",
            format!("may not be set to 'None' for {t} services"),
        )),
        "ExternalName" => {
            if spec.cluster_ips.as_ref().is_some_and(|v| !v.is_empty()) {
                errs.push(field::forbidden(
                    &sp.child("clusterIPs"),
                    "may not be set for ExternalName services",
                ));
            }
            if spec.ip_families.as_ref().is_some_and(|v| !v.is_empty()) {
                errs.push(field::forbidden(
                    &sp.child("ipFamilies"),
                    "may not be set for ExternalName services",
                ));
            }
            if spec.ip_family_policy.is_some() {
                errs.push(field::forbidden(
                    &sp.child("ipFamilyPolicy"),
                    "may not be set for ExternalName services",
                ));
            }
            let name = str_of(&spec.external_name);
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                errs.push(field::required(&sp.child("externalName"), ""));
            } else {
                errs.extend(syntax::validate_dns1123_subdomain(
                    &sp.child("externalName"),
                    cname,
                ));
            }
        }
        _ => {}
    }
    let mut names = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        errs.extend(service_port(
            p,
            ports.len() > 1,
            &mut names,
            &sp.child("ports").index(i),
        ));
    }
    if let Some(sel) = &spec.selector {
        errs.extend(syntax::validate_labels(&sp.child("selector"), sel));
    }
    match str_of(&spec.session_affinity) {
        "" => errs.push(field::required(&sp.child("sessionAffinity"), "")),
        "ClientIP" => {
            let cp = sp.child("sessionAffinityConfig");
            match spec
                .session_affinity_config
                .as_ref()
                .map(|c| c.client_ip.as_ref())
            {
                None => errs.push(field::required(&cp, "when session affinity type is ClientIP")),
                Some(None) => errs.push(field::required(
                    &cp.child("clientIP"),
                    "when session affinity type is ClientIP",
                )),
                Some(Some(c)) => match c.timeout_seconds {
                    None => errs.push(field::required(
                        &cp.child("clientIP").child("timeoutSeconds"),
                        "when session affinity type is ClientIP",
                    )),
                    Some(t) if t <= 0 || t > 86400 => errs.push(field::invalid(
                        &cp.child("clientIP").child("timeoutSeconds"),
                        t,
                        "must be greater than 0 and less than 86400",
                    )),
                    _ => {}
                },
            }
        }
        "None" => {
            if spec.session_affinity_config.is_some() {
                errs.push(field::forbidden(
                    &sp.child("sessionAffinityConfig"),
                    "must not be set when session affinity is None",
                ));
            }
        }
        other => errs.push(field::not_supported(
            &sp.child("sessionAffinity"),
            other,
            &["ClientIP", "None"],
        )),
    }
    errs.extend(cluster_ips_related(&spec));
    for (i, ip) in spec.external_ips.iter().flatten().enumerate() {
        let p = sp.child("externalIPs").index(i);
        let e = syntax::validate_ip(&p, ip);
        if e.is_empty() {
            errs.extend(non_special_ip(ip, &p));
        } else {
            errs.extend(e);
        }
    }
    match t {
        "" => errs.push(field::required(&sp.child("type"), "")),
        "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName" => {}
        other => errs.push(field::not_supported(
            &sp.child("type"),
            other,
            &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
        )),
    }
    if t == "ClusterIP" {
        for (i, p) in ports.iter().enumerate() {
            if p.node_port.is_some_and(|n| n != 0) {
                errs.push(field::forbidden(
                    &sp.child("ports").index(i).child("nodePort"),
                    "may not be used when `type` is 'ClusterIP'",
                ));
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let Some(np) = p.node_port.filter(|n| *n != 0) else {
            continue;
        };
        if !node_ports.insert((str_of(&p.protocol).to_string(), np)) {
            errs.push(field::duplicate(
                &sp.child("ports").index(i).child("nodePort"),
                np,
            ));
        }
    }
    let mut port_keys = BTreeSet::new();
    for (i, p) in ports.iter().enumerate() {
        let proto = str_of(&p.protocol).to_string();
        if !port_keys.insert((proto.clone(), p.port)) {
            errs.push(field::duplicate(
                &sp.child("ports").index(i),
                BadValue::Json(serde_json::json!({"port": p.port, "protocol": proto})),
            ));
        }
    }
    let ranges = spec.load_balancer_source_ranges.clone().unwrap_or_default();
    if !ranges.is_empty() {
        let fp = sp.child("LoadBalancerSourceRanges");
        if t != "LoadBalancer" {
            errs.push(field::forbidden(
                &fp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        for (i, r) in ranges.iter().enumerate() {
            errs.extend(syntax::validate_cidr(&fp.index(i), r.trim()));
        }
    } else if let Some(v) = ann.get("service.beta.kubernetes.io/load-balancer-source-ranges") {
        let fp = mp
            .child("annotations")
            .key("service.beta.kubernetes.io/load-balancer-source-ranges");
        if t != "LoadBalancer" {
            errs.push(field::forbidden(
                &fp,
                "may only be used when `type` is 'LoadBalancer'",
            ));
        }
        let v = v.trim();
        if !v.is_empty() {
            for r in v.split(',') {
                errs.extend(syntax::validate_cidr(&fp, r.trim()));
            }
        }
    }
    if spec.allocate_load_balancer_node_ports.is_some() && t != "LoadBalancer" {
        errs.push(field::forbidden(
            &sp.child("allocateLoadBalancerNodePorts"),
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    if t == "LoadBalancer" && spec.allocate_load_balancer_node_ports.is_none() {
        errs.push(field::required(&Path::new("allocateLoadBalancerNodePorts"), ""));
    }
    if t == "LoadBalancer" {
        if let Some(c) = &spec.load_balancer_class {
            errs.extend(syntax::validate_qualified_name(&sp.child("loadBalancerClass"), c));
        }
    } else if spec.load_balancer_class.is_some() {
        errs.push(field::forbidden(
            &sp.child("loadBalancerClass"),
            "may only be used when `type` is 'LoadBalancer'",
        ));
    }
    let etp = str_of(&spec.external_traffic_policy);
    if !externally_accessible(&spec) {
        if !etp.is_empty() {
            errs.push(field::invalid(
                &sp.child("externalTrafficPolicy"),
                etp,
                "may only be set for externally-accessible services",
            ));
        }
    } else if etp.is_empty() {
        errs.push(field::required(&sp.child("externalTrafficPolicy"), ""));
    } else if etp != "Cluster" && etp != "Local" {
        errs.push(field::not_supported(
            &sp.child("externalTrafficPolicy"),
            etp,
            &["Cluster", "Local"],
        ));
    }
    let hc = spec.health_check_node_port.unwrap_or(0);
    if !(t == "LoadBalancer" && etp == "Local") {
        if hc != 0 {
            errs.push(field::invalid(
                &sp.child("healthCheckNodePort"),
                hc,
                "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
            ));
        }
    } else if hc == 0 {
        errs.push(field::required(&sp.child("healthCheckNodePort"), ""));
    } else {
        errs.extend(syntax::validate_port_num(&sp.child("healthCheckNodePort"), hc));
    }
    match &spec.internal_traffic_policy {
        None if matches!(t, "NodePort" | "LoadBalancer" | "ClusterIP") => {
            errs.push(field::required(&sp.child("internalTrafficPolicy"), ""))
        }
        Some(p) if p != "Cluster" && p != "Local" => errs.push(field::not_supported(
            &sp.child("internalTrafficPolicy"),
            p,
            &["Cluster", "Local"],
        )),
        _ => {}
    }
    if let Some(td) = &spec.traffic_distribution {
        if td != "PreferClose" {
            errs.push(field::not_supported(
                &sp.child("trafficDistribution"),
                td,
                &["PreferClose"],
            ));
        }
    }
    errs
}

fn validate_update(new: &Service, old: &Service) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let ns = new.spec.clone().unwrap_or_default();
    let os = old.spec.clone().unwrap_or_default();
    let (nt, ot) = (str_of(&ns.type_), str_of(&os.type_));
    let ips_path = Path::new("spec").child("clusterIPs");
    let new_ips = ns.cluster_ips.clone().unwrap_or_default();
    let old_ips = os.cluster_ips.clone().unwrap_or_default();
    let repr = field::string_slice(&new_ips);
    let single_stack = ns.ip_family_policy.as_deref() == Some("SingleStack");
    let policy_repr = BadValue::from(ns.ip_family_policy.clone());
    if nt != "ExternalName" && ot != "ExternalName" && !(is_headless(&ns) && is_headless(&os)) {
        if old_ips.len() == new_ips.len() {
            for (i, ip) in old_ips.iter().enumerate() {
                if *ip != new_ips[i] {
                    errs.push(field::invalid(
                        &ips_path.index(i),
                        repr.clone(),
                        "may not change once set",
                    ));
                }
            }
        } else if old_ips.len() > new_ips.len() {
            if new_ips.is_empty() {
                errs.push(field::invalid(
                    &ips_path.index(0),
                    repr.clone(),
                    "primary clusterIP can not be unset",
                ));
            }
            if !old_ips.is_empty() && !new_ips.is_empty() && new_ips[0] != old_ips[0] {
                errs.push(field::invalid(
                    &ips_path.index(0),
                    repr.clone(),
                    "may not change once set",
                ));
            }
            if new_ips.len() == 1 && !single_stack {
                errs.push(field::invalid(
                    &Path::new("spec").child("ipFamilyPolicy"),
                    policy_repr.clone(),
                    "must be set to 'SingleStack' when releasing the secondary clusterIP",
                ));
            }
        } else if !old_ips.is_empty() && new_ips[0] != old_ips[0] {
            errs.push(field::invalid(
                &ips_path.index(0),
                repr.clone(),
                "may not change once set",
            ));
        }
    }
    let fam_path = Path::new("spec").child("ipFamilies");
    let new_f = ns.ip_families.clone().unwrap_or_default();
    let old_f = os.ip_families.clone().unwrap_or_default();
    let frepr = field::string_slice(&new_f);
    if nt != "ExternalName"
        && ot != "ExternalName"
        && is_headless(&ns) == is_headless(&os)
        && !is_headless(&ns)
    {
        if old_f.len() == new_f.len() {
            if old_f.iter().zip(&new_f).any(|(o, n)| o != n) {
                errs.push(field::invalid(
                    &fam_path.index(0),
                    frepr.clone(),
                    "may not change once set",
                ));
            }
        } else if old_f.len() > new_f.len() {
            if new_ips.is_empty() {
                errs.push(field::invalid(
                    &fam_path.index(0),
                    frepr.clone(),
                    "primary ipFamily can not be unset",
                ));
            }
            if !new_f.is_empty() && new_f[0] != old_f[0] {
                errs.push(field::invalid(
                    &fam_path.index(0),
                    repr.clone(),
                    "may not change once set",
                ));
            }
            if new_f.len() == 1 && !single_stack {
                errs.push(field::invalid(
                    &Path::new("spec").child("ipFamilyPolicy"),
                    policy_repr,
                    "must be set to 'SingleStack' when releasing the secondary ipFamily",
                ));
            }
        } else if !old_f.is_empty() && !new_f.is_empty() && new_f[0] != old_f[0] {
            errs.push(field::invalid(
                &fam_path.index(0),
                repr,
                "may not change once set",
            ));
        }
    }
    if nt == "LoadBalancer" && ot == "LoadBalancer" && ns.load_balancer_class != os.load_balancer_class {
        errs.push(field::invalid(
            &Path::new("spec").child("loadBalancerClass"),
            BadValue::from(ns.load_balancer_class.clone()),
            "may not change once set",
        ));
    }
    let needs_hc =
        |s: &ServiceSpec| str_of(&s.type_) == "LoadBalancer" && str_of(&s.external_traffic_policy) == "Local";
    if needs_hc(&os) && needs_hc(&ns) && ns.health_check_node_port != os.health_check_node_port {
        errs.push(field::forbidden(
            &Path::new("spec").child("healthCheckNodePort"),
            "field is immutable",
        ));
    }
    errs.extend(validate(new));
    errs
}

/// Services.
pub static SERVICE: Kind<Service> = Kind {
    quantities: &[],
    default,
    prepare,
    create: validate,
    update: validate_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defaulted(v: serde_json::Value) -> Service {
        let mut s: Service = serde_json::from_value(v).unwrap();
        default(&mut s, true);
        s
    }

    #[test]
    fn defaults() {
        let s = defaulted(
            json!({"metadata": {"name": "web"}, "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}),
        );
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(
            v["spec"],
            json!({"selector": {"app": "web"}, "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
                "type": "ClusterIP", "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                "ipFamilyPolicy": "SingleStack", "ipFamilies": ["IPv4"]})
        );
        assert!(validate(&s).is_empty(), "{:?}", validate(&s));
        let lb = defaulted(
            json!({"metadata": {"name": "lb"}, "spec": {"type": "LoadBalancer", "ports": [{"port": 443, "targetPort": "https"}]}}),
        );
        let v = serde_json::to_value(&lb).unwrap();
        assert_eq!(v["spec"]["externalTrafficPolicy"], "Cluster");
        assert_eq!(v["spec"]["allocateLoadBalancerNodePorts"], true);
        assert_eq!(v["spec"]["ports"][0]["targetPort"], "https");
    }

    #[test]
    fn validation() {
        let s = defaulted(
            json!({"metadata": {"name": "1web"}, "spec": {"ports": [{"port": 80}, {"port": 81}], "type": "Bogus"}}),
        );
        let errs: Vec<String> = validate(&s).iter().map(|e| e.to_string()).collect();
        assert!(
            errs[0].starts_with("metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of")
        );
        assert!(errs.contains(&"spec.ports[0].name: Required value".to_string()));
        assert!(errs.contains(&"spec.type: Unsupported value: \"Bogus\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"".to_string()));
    }

    #[test]
    fn cluster_ip_is_immutable() {
        let mut old = defaulted(
            json!({"metadata": {"name": "web", "resourceVersion": "1"}, "spec": {"clusterIP": "10.43.0.10", "ports": [{"port": 80}]}}),
        );
        old.metadata.resource_version = Some("1".into());
        let mut new = old.clone();
        new.spec.as_mut().unwrap().cluster_ip = Some("10.43.0.11".into());
        new.spec.as_mut().unwrap().cluster_ips = Some(vec!["10.43.0.11".into()]);
        let errs: Vec<String> = validate_update(&new, &old)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            errs,
            vec!["spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.11\"}: may not change once set"]
        );
    }
}
