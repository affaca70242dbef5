//! Services, Endpoints and EndpointSlices.

use std::collections::BTreeSet;

use jiff::Timestamp;
use serde_json::Value;

use crate::docs;
use crate::selector::format_labels;
use crate::util::{
    age, arr_at, at, col, int_at, list_with_more, name, opt_int, opt_str, str_at, wide, AGE_COLUMN,
    NAME_COLUMN,
};
use crate::{Column, Printer, Row};

const SERVICE_COLUMNS: &[Column] = &[
    NAME_COLUMN,
    col("Type", "string", docs::SVC_TYPE),
    col("Cluster-IP", "string", docs::SVC_CLUSTER_IP),
    col("External-IP", "string", docs::SVC_EXTERNAL_IPS),
    col("Port(s)", "string", docs::SVC_PORTS),
    AGE_COLUMN,
    wide("Selector", "string", docs::SVC_SELECTOR),
];

pub(crate) const SERVICE: Printer = Printer {
    columns: SERVICE_COLUMNS,
    row: service,
};

/// The load-balancer ingress IPs (else hostnames), deduplicated and sorted. Server-side printing
/// is always "wide", so the list is never clipped.
fn load_balancer_ingress(svc: &Value) -> Vec<&str> {
    let set: BTreeSet<&str> = arr_at(svc, "/status/loadBalancer/ingress")
        .iter()
        .filter_map(|i| match (str_at(i, "/ip"), str_at(i, "/hostname")) {
            ("", "") => None,
            ("", host) => Some(host),
            (ip, _) => Some(ip),
        })
        .collect();
    set.into_iter().collect()
}

fn external_ip(svc: &Value) -> String {
    let external_ips: Vec<&str> = arr_at(svc, "/spec/externalIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    match str_at(svc, "/spec/type") {
        "ClusterIP" | "NodePort" if !external_ips.is_empty() => external_ips.join(","),
        "ClusterIP" | "NodePort" => "<none>".to_string(),
        "LoadBalancer" => {
            let mut ips = load_balancer_ingress(svc);
            ips.extend(external_ips);
            if ips.is_empty() {
                "<pending>".to_string()
            } else {
                ips.join(",")
            }
        }
        "ExternalName" => str_at(svc, "/spec/externalName").to_string(),
        _ => "<unknown>".to_string(),
    }
}

/// `80/TCP,443:30443/TCP`.
fn ports(svc: &Value) -> String {
    let pieces: Vec<String> = arr_at(svc, "/spec/ports")
        .iter()
        .map(|p| {
            let port = int_at(p, "/port");
            let protocol = opt_str(p, "/protocol").unwrap_or("TCP");
            match int_at(p, "/nodePort") {
                n if n > 0 => format!("{port}:{n}/{protocol}"),
                _ => format!("{port}/{protocol}"),
            }
        })
        .collect();
    if pieces.is_empty() {
        "<none>".to_string()
    } else {
        pieces.join(",")
    }
}

fn service(svc: &Value, now: Timestamp) -> Row {
    // v1 `clusterIP` wins over `clusterIPs` (the v1 → internal conversion).
    let cluster_ip = match str_at(svc, "/spec/clusterIP") {
        "" => opt_str(svc, "/spec/clusterIPs/0").unwrap_or("<none>"),
        ip => ip,
    };
    Row::new(vec![
        name(svc).into(),
        str_at(svc, "/spec/type").into(),
        cluster_ip.into(),
        external_ip(svc).into(),
        ports(svc).into(),
        age(svc, now).into(),
        format_labels(at(svc, "/spec/selector")).into(),
    ])
}

pub(crate) const ENDPOINTS: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("Endpoints", "string", docs::ENDPOINTS_SUBSETS),
        AGE_COLUMN,
    ],
    row: endpoints,
};

/// `net.JoinHostPort`.
fn host_port(host: &str, port: i64) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// `formatEndpoints` with all ports: up to 3 `ip:port`, then `+ N more...`; `<none>` without
/// subsets.
fn format_endpoints(obj: &Value) -> String {
    let subsets = arr_at(obj, "/subsets");
    if subsets.is_empty() {
        return "<none>".to_string();
    }
    const MAX: usize = 3;
    let mut list: Vec<String> = Vec::new();
    let mut count = 0;
    for ss in subsets {
        let addresses = arr_at(ss, "/addresses");
        let ports = arr_at(ss, "/ports");
        if ports.is_empty() {
            // Headless services may have no ports.
            count += addresses.len();
            list.extend(
                addresses
                    .iter()
                    .map(|a| str_at(a, "/ip").to_string())
                    .take(MAX - list.len()),
            );
            continue;
        }
        for port in ports {
            count += addresses.len();
            let p = int_at(port, "/port");
            list.extend(
                addresses
                    .iter()
                    .map(|a| host_port(str_at(a, "/ip"), p))
                    .take(MAX - list.len()),
            );
        }
    }
    let ret = list.join(",");
    if count > MAX {
        return format!("{ret} + {} more...", count - MAX);
    }
    ret
}

fn endpoints(obj: &Value, now: Timestamp) -> Row {
    Row::new(vec![
        name(obj).into(),
        format_endpoints(obj).into(),
        age(obj, now).into(),
    ])
}

pub(crate) const ENDPOINT_SLICE: Printer = Printer {
    columns: &[
        NAME_COLUMN,
        col("AddressType", "string", docs::EPS_ADDRESS_TYPE),
        col("Ports", "string", docs::EPS_PORTS),
        col("Endpoints", "string", docs::EPS_ENDPOINTS),
        AGE_COLUMN,
    ],
    row: endpoint_slice,
};

fn endpoint_slice(obj: &Value, now: Timestamp) -> Row {
    const MAX: usize = 3;
    let ports = arr_at(obj, "/ports");
    let port_list: Vec<String> = ports
        .iter()
        .take(MAX)
        .map(|p| match (opt_int(p, "/port"), opt_str(p, "/name")) {
            (Some(port), _) => port.to_string(),
            (None, Some(name)) => name.to_string(),
            (None, None) => "*".to_string(),
        })
        .collect();
    let addresses: Vec<&str> = arr_at(obj, "/endpoints")
        .iter()
        .flat_map(|e| arr_at(e, "/addresses"))
        .filter_map(Value::as_str)
        .collect();
    let address_list: Vec<String> = addresses.iter().take(MAX).map(|a| a.to_string()).collect();
    Row::new(vec![
        name(obj).into(),
        str_at(obj, "/addressType").into(),
        list_with_more(&port_list, ports.len(), MAX).into(),
        list_with_more(&address_list, addresses.len(), MAX).into(),
        age(obj, now).into(),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::{cells, test_now};
    use serde_json::json;

    fn svc(spec: Value, status: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "web", "namespace": "default", "creationTimestamp": "2025-05-01T09:00:00Z"},
            "spec": spec, "status": status})
    }

    #[test]
    fn services() {
        let cases = vec![
            (
                svc(
                    json!({"type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10"],
                        "selector": {"k8s-app": "kube-dns"},
                        "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53}]}),
                    json!({"loadBalancer": {}}),
                ),
                [
                    "web",
                    "ClusterIP",
                    "10.96.0.10",
                    "<none>",
                    "53/UDP,53/TCP",
                    "3h",
                    "k8s-app=kube-dns",
                ],
            ),
            (
                svc(
                    json!({"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"],
                        "selector": {"app": "db"}, "ports": [{"port": 5432, "protocol": "TCP"}]}),
                    json!({}),
                ),
                ["web", "ClusterIP", "None", "<none>", "5432/TCP", "3h", "app=db"],
            ),
            (
                svc(
                    json!({"type": "ClusterIP", "clusterIP": "10.96.1.1", "externalIPs": ["192.0.2.1", "192.0.2.2"],
                        "ports": [{"port": 80, "protocol": "TCP"}]}),
                    json!({}),
                ),
                [
                    "web",
                    "ClusterIP",
                    "10.96.1.1",
                    "192.0.2.1,192.0.2.2",
                    "80/TCP",
                    "3h",
                    "<none>",
                ],
            ),
            (
                svc(
                    json!({"type": "NodePort", "clusterIPs": ["10.96.5.5"], "selector": {"app": "web"},
                        "ports": [{"port": 80, "protocol": "TCP", "nodePort": 30080},
                            {"port": 443, "protocol": "TCP", "nodePort": 30443}]}),
                    json!({}),
                ),
                [
                    "web",
                    "NodePort",
                    "10.96.5.5",
                    "<none>",
                    "80:30080/TCP,443:30443/TCP",
                    "3h",
                    "app=web",
                ],
            ),
            (
                svc(
                    json!({"type": "LoadBalancer", "clusterIP": "10.96.7.7",
                        "ports": [{"port": 443, "protocol": "TCP", "nodePort": 31443}]}),
                    json!({"loadBalancer": {}}),
                ),
                [
                    "web",
                    "LoadBalancer",
                    "10.96.7.7",
                    "<pending>",
                    "443:31443/TCP",
                    "3h",
                    "<none>",
                ],
            ),
            (
                svc(
                    json!({"type": "LoadBalancer", "clusterIP": "10.96.7.7", "externalIPs": ["192.0.2.9"],
                        "ports": [{"port": 80, "protocol": "TCP", "nodePort": 31080}]}),
                    json!({"loadBalancer": {"ingress": [{"ip": "203.0.113.20"}, {"hostname": "lb.example.com"},
                        {"ip": "203.0.113.10"}, {"ip": "203.0.113.10"}]}}),
                ),
                [
                    "web",
                    "LoadBalancer",
                    "10.96.7.7",
                    "203.0.113.10,203.0.113.20,lb.example.com,192.0.2.9",
                    "80:31080/TCP",
                    "3h",
                    "<none>",
                ],
            ),
            (
                svc(
                    json!({"type": "ExternalName", "externalName": "db.example.com"}),
                    json!({}),
                ),
                [
                    "web",
                    "ExternalName",
                    "<none>",
                    "db.example.com",
                    "<none>",
                    "3h",
                    "<none>",
                ],
            ),
            (
                svc(json!({"clusterIP": "10.96.0.1"}), json!({})),
                ["web", "", "10.96.0.1", "<unknown>", "<none>", "3h", "<none>"],
            ),
        ];
        for (s, want) in cases {
            let r = service(&s, test_now());
            assert_eq!(r.cells.len(), SERVICE_COLUMNS.len());
            assert_eq!(cells(&r.cells), want, "{s}");
        }
    }

    #[test]
    fn endpoints_cells() {
        let ep = |subsets: Value| json!({"metadata": {"name": "web", "creationTimestamp": "2025-05-01T11:00:00Z"}, "subsets": subsets});
        let cases = vec![
            (ep(json!(null)), "<none>"),
            (ep(json!([])), "<none>"),
            (
                ep(
                    json!([{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.2.7"}], "ports": [{"port": 80}]}]),
                ),
                "10.244.1.5:80,10.244.2.7:80",
            ),
            (
                ep(json!([{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
                    "ports": [{"name": "http", "port": 80}, {"name": "https", "port": 443}]}])),
                "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...",
            ),
            (
                ep(json!([{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 53}]}])),
                "[fd00::1]:53",
            ),
            (
                ep(json!([{"addresses": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}])),
                "10.0.0.1,10.0.0.2",
            ),
            // Only not-ready addresses: a subset with ports but no ready address.
            (
                ep(json!([{"notReadyAddresses": [{"ip": "10.0.0.3"}], "ports": [{"port": 80}]}])),
                "",
            ),
            (
                ep(
                    json!([{"addresses": [{"ip": "10.0.0.1"}], "ports": [{"port": 80}]},
                    {"addresses": [{"ip": "10.0.1.1"}, {"ip": "10.0.1.2"}, {"ip": "10.0.1.3"}, {"ip": "10.0.1.4"}],
                        "ports": [{"port": 8080}]}]),
                ),
                "10.0.0.1:80,10.0.1.1:8080,10.0.1.2:8080 + 2 more...",
            ),
        ];
        for (e, want) in cases {
            let r = endpoints(&e, test_now());
            assert_eq!(cells(&r.cells), ["web", want, "60m"], "{e}");
        }
    }

    #[test]
    fn endpoint_slices() {
        let slice = |ports: Value, endpoints: Value| {
            json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
                "metadata": {"name": "web-abc12", "creationTimestamp": "2025-05-01T11:00:00Z"},
                "ports": ports, "endpoints": endpoints})
        };
        let cases = vec![
            (
                slice(json!(null), json!(null)),
                ["web-abc12", "IPv4", "<unset>", "<unset>", "60m"],
            ),
            (
                slice(
                    json!([{"name": "http", "port": 80, "protocol": "TCP"}]),
                    json!([{"addresses": ["10.244.1.5"], "conditions": {"ready": true}},
                        {"addresses": ["10.244.2.7"], "conditions": {"ready": false}}]),
                ),
                ["web-abc12", "IPv4", "80", "10.244.1.5,10.244.2.7", "60m"],
            ),
            (
                slice(
                    json!([{"port": 1}, {"name": "named"}, {}, {"port": 4}]),
                    json!([{"addresses": ["10.0.0.1", "10.0.0.2"]}, {"addresses": ["10.0.0.3", "10.0.0.4", "10.0.0.5"]}]),
                ),
                [
                    "web-abc12",
                    "IPv4",
                    "1,named,* + 1 more...",
                    "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...",
                    "60m",
                ],
            ),
        ];
        for (s, want) in cases {
            assert_eq!(cells(&endpoint_slice(&s, test_now()).cells), want);
        }
    }
}
