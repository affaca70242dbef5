//! `discovery.k8s.io/v1` EndpointSlices.

use std::collections::BTreeSet;

use k8s_openapi::api::discovery::v1::EndpointSlice;

use crate::core::endpoints::non_special_ip;
use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

fn default(s: &mut EndpointSlice, _create: bool) {
    for p in s.ports.iter_mut().flatten() {
        crate::defaulting::value(&mut p.name, String::new());
        crate::defaulting::value(&mut p.protocol, "TCP".to_string());
    }
}

fn fqdn(path: &Path, name: &str) -> Vec<FieldErr> {
    if name.is_empty() {
        return vec![field::required(path, "")];
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let msgs = syntax::is_dns1123_subdomain(name);
    if !msgs.is_empty() {
        return vec![field::invalid(path, name, msgs.join(","))];
    }
    if name.split('.').count() < 2 {
        return vec![field::invalid(
            path,
            name,
            "should be a domain with at least two segments separated by dots",
        )];
    }
    for label in name.split('.') {
        let msgs = syntax::is_dns1123_label(label);
        if !msgs.is_empty() {
            return vec![field::invalid(path, label, msgs.join(","))];
        }
    }
    Vec::new()
}

fn validate(s: &EndpointSlice) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&s.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let at = Path::new("addressType");
    match s.address_type.as_str() {
        "" => errs.push(field::required(&at, "")),
        "IPv4" | "IPv6" | "FQDN" => {}
        other => errs.push(field::not_supported(&at, other, &["FQDN", "IPv4", "IPv6"])),
    }
    let ep = Path::new("endpoints");
    if s.endpoints.len() > 1000 {
        errs.push(field::too_many(&ep, s.endpoints.len(), 1000));
    } else {
        for (i, e) in s.endpoints.iter().enumerate() {
            let ip = ep.index(i);
            let ap = ip.child("addresses");
            if e.addresses.is_empty() {
                errs.push(field::required(&ap, "must contain at least 1 address"));
            } else if e.addresses.len() > 100 {
                errs.push(field::too_many(&ap, e.addresses.len(), 100));
            }
            for (j, a) in e.addresses.iter().enumerate() {
                let p = ap.index(j);
                match s.address_type.as_str() {
                    "IPv4" | "IPv6" => {
                        let v4 = s.address_type == "IPv4";
                        match syntax::parse_ip_sloppy(a) {
                            Some(addr) if addr.is_ipv4() == v4 => errs.extend(non_special_ip(a, &p)),
                            _ => errs.push(field::invalid(
                                &p,
                                a,
                                if v4 {
                                    "must be a valid IPv4 address"
                                } else {
                                    "must be a valid IPv6 address"
                                },
                            )),
                        }
                    }
                    "FQDN" => errs.extend(fqdn(&p, a)),
                    _ => {}
                }
            }
            if let Some(n) = &e.node_name {
                for m in syntax::is_dns1123_subdomain(n) {
                    errs.push(field::invalid(&ip.child("nodeName"), n, m));
                }
            }
            let tp = ip.child("deprecatedTopology");
            if let Some(t) = &e.deprecated_topology {
                if t.len() > 16 {
                    errs.push(field::too_many(&tp, t.len(), 16));
                }
                errs.extend(syntax::validate_labels(&tp, t));
            }
            if let Some(h) = &e.hostname {
                errs.extend(syntax::validate_dns1123_label(&ip.child("hostname"), h));
            }
            if let Some(h) = &e.hints {
                let zones = h.for_zones.as_deref().unwrap_or_default();
                let zp = ip.child("hints").child("forZones");
                if zones.len() > 8 {
                    errs.push(field::too_many(&zp, zones.len(), 8));
                }
                let mut seen = BTreeSet::new();
                for (j, z) in zones.iter().enumerate() {
                    if !seen.insert(&z.name) {
                        errs.push(field::duplicate(&zp.index(j), &z.name));
                    } else {
                        errs.extend(syntax::validate_label_name(&zp.index(j).child("name"), &z.name));
                    }
                }
            }
        }
    }
    let pp = Path::new("ports");
    let ports = s.ports.as_deref().unwrap_or_default();
    if ports.len() > 20000 {
        errs.push(field::too_many(&pp, ports.len(), 20000));
    } else {
        let mut names = BTreeSet::new();
        for (i, p) in ports.iter().enumerate() {
            let ip = pp.index(i);
            let name = p.name.clone().unwrap_or_default();
            if !name.is_empty() {
                errs.extend(syntax::validate_dns1123_label(&ip.child("name"), &name));
            }
            if !names.insert(name.clone()) {
                errs.push(field::duplicate(&ip.child("name"), &name));
            }
            match p.protocol.as_deref() {
                None => errs.push(field::required(&ip.child("protocol"), "")),
                Some("TCP" | "UDP" | "SCTP") => {}
                Some(other) => errs.push(field::not_supported(
                    &ip.child("protocol"),
                    other,
                    &["SCTP", "TCP", "UDP"],
                )),
            }
            if let Some(ap) = &p.app_protocol {
                errs.extend(syntax::validate_qualified_name(&ip.child("appProtocol"), ap));
            }
        }
    }
    errs
}

fn validate_update(new: &EndpointSlice, old: &EndpointSlice) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate(new));
    if new.address_type != old.address_type {
        errs.push(field::invalid(
            &Path::new("addressType"),
            &new.address_type,
            meta::IMMUTABLE,
        ));
    }
    errs
}

/// EndpointSlices.
pub static ENDPOINT_SLICE: Kind<EndpointSlice> = Kind {
    quantities: &[],
    default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
