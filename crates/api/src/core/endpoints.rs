//! Endpoints: port protocol defaulting and `ValidateEndpoints`.

use k8s_openapi::api::core::v1::{EndpointAddress, EndpointPort, Endpoints};

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

fn default(e: &mut Endpoints, _create: bool) {
    for ss in e.subsets.iter_mut().flatten() {
        for p in ss.ports.iter_mut().flatten() {
            crate::defaulting::string(&mut p.protocol, "TCP");
        }
    }
}

/// `ValidateNonSpecialIP`.
pub fn non_special_ip(ip: &str, path: &Path) -> Vec<FieldErr> {
    let Some(addr) = syntax::parse_ip_sloppy(ip) else {
        return vec![field::invalid(path, ip, "must be a valid IP address")];
    };
    let mut errs = Vec::new();
    if addr.is_unspecified() {
        errs.push(field::invalid(path, ip, format!("may not be unspecified ({ip})")));
    }
    if addr.is_loopback() {
        errs.push(field::invalid(
            path,
            ip,
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
        ));
    }
    let link_local_unicast = match addr {
        std::net::IpAddr::V4(a) => a.is_link_local(),
        std::net::IpAddr::V6(a) => (a.segments()[0] & 0xffc0) == 0xfe80,
    };
    if link_local_unicast {
        errs.push(field::invalid(
            path,
            ip,
            "may not be in the link-local range (169.254.0.0/16, fe80::/10)",
        ));
    }
    let link_local_multicast = match addr {
        std::net::IpAddr::V4(a) => a.octets()[0] == 224 && a.octets()[1] == 0 && a.octets()[2] == 0,
        std::net::IpAddr::V6(a) => (a.segments()[0] & 0xff0f) == 0xff02,
    };
    if link_local_multicast {
        errs.push(field::invalid(
            path,
            ip,
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)",
        ));
    }
    errs
}

fn address(a: &EndpointAddress, path: &Path) -> Vec<FieldErr> {
    let mut errs = syntax::validate_ip(&path.child("ip"), &a.ip);
    if let Some(h) = a.hostname.as_deref().filter(|h| !h.is_empty()) {
        errs.extend(syntax::validate_dns1123_label(&path.child("hostname"), h));
    }
    if let Some(n) = &a.node_name {
        errs.extend(
            syntax::is_dns1123_subdomain(n)
                .into_iter()
                .map(|m| field::invalid(&path.child("nodeName"), n, m)),
        );
    }
    errs.extend(non_special_ip(&a.ip, &path.child("ip")));
    errs
}

/// `validateEndpointPort` (also used by Services' shape).
pub fn endpoint_port(p: &EndpointPort, require_name: bool, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let name = p.name.as_deref().unwrap_or_default();
    if require_name && name.is_empty() {
        errs.push(field::required(&path.child("name"), ""));
    } else if !name.is_empty() {
        errs.extend(syntax::validate_dns1123_label(&path.child("name"), name));
    }
    errs.extend(syntax::validate_port_num(&path.child("port"), p.port));
    errs.extend(syntax::validate_protocol(
        &path.child("protocol"),
        p.protocol.as_deref().unwrap_or_default(),
    ));
    if let Some(ap) = &p.app_protocol {
        errs.extend(syntax::validate_qualified_name(&path.child("appProtocol"), ap));
    }
    errs
}

fn validate(e: &Endpoints) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&e.metadata, NameRule::Subdomain, &Path::new("metadata"));
    for (i, ss) in e.subsets.iter().flatten().enumerate() {
        let p = Path::new("subsets").index(i);
        let addrs = ss.addresses.as_deref().unwrap_or_default();
        let not_ready = ss.not_ready_addresses.as_deref().unwrap_or_default();
        if addrs.is_empty() && not_ready.is_empty() {
            errs.push(field::required(
                &p,
                "must specify `addresses` or `notReadyAddresses`",
            ));
        }
        for (j, a) in addrs.iter().enumerate() {
            errs.extend(address(a, &p.child("addresses").index(j)));
        }
        for (j, a) in not_ready.iter().enumerate() {
            errs.extend(address(a, &p.child("notReadyAddresses").index(j)));
        }
        let ports = ss.ports.as_deref().unwrap_or_default();
        for (j, port) in ports.iter().enumerate() {
            errs.extend(endpoint_port(port, ports.len() > 1, &p.child("ports").index(j)));
        }
    }
    errs
}

fn validate_update(new: &Endpoints, old: &Endpoints) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate(new));
    errs
}

/// Endpoints.
pub static ENDPOINTS: Kind<Endpoints> = Kind {
    quantities: &[],
    default,
    prepare: kinds::no_prepare,
    create: validate,
    update: validate_update,
};
