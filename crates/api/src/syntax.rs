//! Name, label and value syntax checks returning upstream's messages
//! (`k8s.io/apimachinery/pkg/util/validation` at v0.33, and the name functions of
//! `pkg/api/validation`).
//!
//! The generic string checks are `skiff_apimachinery::validation`'s, re-exported; this module adds
//! the ones upstream keeps in `pkg/apis/core/validation` and field-error wrappers.

use crate::field::{self, FieldErr, Path};
use skiff_apimachinery::validation;

pub use skiff_apimachinery::validation::{
    inclusive_range_error, is_config_map_key, is_dns1035_label, is_dns1123_label, is_dns1123_subdomain,
    is_http_header_name, is_qualified_name, is_valid_label_value, is_valid_percent, is_valid_port_name,
    is_valid_port_num, max_len_error, regex_error,
};

const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_UNDERSCORE_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// `_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label_underscore(s: &str) -> bool {
    let s = s.strip_prefix('_').unwrap_or(s);
    let b = s.as_bytes();
    let ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    !b.is_empty() && ok(b[0]) && ok(b[b.len() - 1]) && b.iter().all(|&c| ok(c) || c == b'-' || c == b'_')
}

/// Upstream `IsDNS1123SubdomainWithUnderscore`.
pub fn is_dns1123_subdomain_with_underscore(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 253 {
        errs.push(max_len_error(253));
    }
    if !value.split('.').all(matches_dns1123_label_underscore) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_UNDERSCORE_ERR,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// Upstream `IsValidUserID` / `IsValidGroupID` (0..=2^31-1).
pub fn is_valid_id(id: i64) -> Vec<String> {
    if (0..=i64::from(i32::MAX)).contains(&id) {
        Vec::new()
    } else {
        vec![inclusive_range_error(0, i64::from(i32::MAX))]
    }
}

/// Upstream `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation is on in 1.33).
pub fn is_relaxed_env_var_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.is_empty() {
        errs.push("environment variable name must be non-empty".to_string());
    }
    if value.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
        errs.push(
            "a valid environment variable name must consist only of printable ASCII characters other than '='"
                .to_string(),
        );
    }
    errs
}

/// Go's `netutils.ParseIPSloppy`: std parsing, plus IPv4 octets with leading zeros.
pub fn parse_ip_sloppy(value: &str) -> Option<std::net::IpAddr> {
    if let Ok(ip) = value.parse::<std::net::IpAddr>() {
        return Some(ip);
    }
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut octets = [0u8; 4];
    for (o, p) in octets.iter_mut().zip(&parts) {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    Some(std::net::IpAddr::from(octets))
}

/// Upstream `IsValidIPForLegacyField` without strict checks (StrictIPCIDRValidation is off in 1.33).
pub fn validate_ip(path: &Path, value: &str) -> Vec<FieldErr> {
    if parse_ip_sloppy(value).is_some() {
        Vec::new()
    } else {
        vec![field::invalid(
            path,
            value,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        )]
    }
}

/// Upstream `IsValidCIDRForLegacyField` without strict checks.
pub fn validate_cidr(path: &Path, value: &str) -> Vec<FieldErr> {
    let ok = value.split_once('/').is_some_and(|(ip, len)| {
        let Some(ip) = parse_ip_sloppy(ip) else {
            return false;
        };
        let max = if ip.is_ipv4() { 32 } else { 128 };
        !len.is_empty()
            && len.bytes().all(|c| c.is_ascii_digit())
            && len.parse::<u32>().is_ok_and(|l| l <= max)
    });
    if ok {
        Vec::new()
    } else {
        vec![field::invalid(
            path,
            value,
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        )]
    }
}

/// Upstream `IsDomainPrefixedPath`.
pub fn validate_domain_prefixed_path(path: &Path, value: &str) -> Vec<FieldErr> {
    if value.is_empty() {
        return vec![field::required(path, "")];
    }
    let Some((host, rest)) = value
        .split_once('/')
        .filter(|(h, r)| !h.is_empty() && !r.is_empty())
    else {
        return vec![field::invalid(
            path,
            value,
            "must be a domain-prefixed path (such as \"acme.io/foo\")",
        )];
    };
    let mut errs: Vec<FieldErr> = is_dns1123_subdomain(host)
        .into_iter()
        .map(|m| field::invalid(path, host, m))
        .collect();
    let ok = rest
        .bytes()
        .all(|c| is_alnum(c) || b"/-._~%!$&'()*+,;=:".contains(&c));
    if !ok {
        errs.push(field::invalid(
            path,
            rest,
            regex_error("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", &[]),
        ));
    }
    errs
}

/// Masks a trailing `-` of a `generateName` prefix before checking it (upstream `maskTrailingDash`).
fn mask_trailing_dash(name: &str) -> String {
    if name.len() > 1 && name.ends_with('-') && name.is_char_boundary(name.len() - 2) {
        let mut s = name[..name.len() - 2].to_string();
        s.push('a');
        s
    } else {
        name.to_string()
    }
}

/// How a kind's `metadata.name` is checked (upstream `ValidateNameFunc`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// DNS-1123 subdomain (most kinds).
    Subdomain,
    /// DNS-1123 label (namespaces, statefulsets).
    Label,
    /// DNS-1035 label (services).
    Dns1035,
    /// Path segment name: anything but `.`/`..` and containing no `/` or `%` (events, leases, ...).
    PathSegment,
}

impl NameRule {
    /// Messages for an invalid name; `prefix` is true for a `generateName`.
    pub fn check(self, name: &str, prefix: bool) -> Vec<String> {
        let name = if prefix && self != NameRule::PathSegment {
            mask_trailing_dash(name)
        } else {
            name.to_string()
        };
        match self {
            NameRule::Subdomain => is_dns1123_subdomain(&name),
            NameRule::Label => is_dns1123_label(&name),
            NameRule::Dns1035 => is_dns1035_label(&name),
            NameRule::PathSegment => is_valid_path_segment_name(&name, prefix),
        }
    }
}

/// Upstream `path.IsValidPathSegmentName` / `IsValidPathSegmentPrefix` (`ValidatePathSegmentName`).
pub fn is_valid_path_segment_name(name: &str, prefix: bool) -> Vec<String> {
    let mut errs = Vec::new();
    if !prefix && (name == "." || name == "..") {
        errs.push(format!("may not be '{name}'"));
    }
    for illegal in ["/", "%"] {
        if name.contains(illegal) {
            errs.push(format!("may not contain '{illegal}'"));
        }
    }
    errs
}

/// `ValidateLabelName`: a label key (qualified name).
pub fn validate_label_name(path: &Path, key: &str) -> Vec<FieldErr> {
    validation::validate_label_name(key, path)
}

/// `ValidateLabels`: every key a qualified name, every value a label value; errors on the map path.
pub fn validate_labels<'a>(
    path: &Path,
    labels: impl IntoIterator<Item = (&'a String, &'a String)>,
) -> Vec<FieldErr> {
    validation::validate_label_entries(labels.into_iter().map(|(k, v)| (k.as_str(), v.as_str())), path)
}

/// `ValidateQualifiedName` on a field.
pub fn validate_qualified_name(path: &Path, value: &str) -> Vec<FieldErr> {
    is_qualified_name(value)
        .into_iter()
        .map(|m| field::invalid(path, value, m))
        .collect()
}

/// `ValidateDNS1123Label` on a field.
pub fn validate_dns1123_label(path: &Path, value: &str) -> Vec<FieldErr> {
    is_dns1123_label(value)
        .into_iter()
        .map(|m| field::invalid(path, value, m))
        .collect()
}

/// `ValidateDNS1123Subdomain` on a field.
pub fn validate_dns1123_subdomain(path: &Path, value: &str) -> Vec<FieldErr> {
    is_dns1123_subdomain(value)
        .into_iter()
        .map(|m| field::invalid(path, value, m))
        .collect()
}

/// `IsValidPortNum` on a field: 1 to 65535.
pub fn validate_port_num(path: &Path, port: i32) -> Vec<FieldErr> {
    is_valid_port_num(port.into())
        .into_iter()
        .map(|m| field::invalid(path, port, m))
        .collect()
}

/// A port's `protocol`: required, and one of `SCTP`, `TCP`, `UDP`.
pub fn validate_protocol(path: &Path, protocol: &str) -> Vec<FieldErr> {
    const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];
    if protocol.is_empty() {
        vec![field::required(path, "")]
    } else if !PROTOCOLS.contains(&protocol) {
        vec![field::not_supported(path, protocol, PROTOCOLS)]
    } else {
        Vec::new()
    }
}

/// `ValidateNonnegativeField`.
pub fn validate_nonnegative(path: &Path, value: i64) -> Vec<FieldErr> {
    if value < 0 {
        vec![field::invalid(path, value, "must be greater than or equal to 0")]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_names() {
        assert!(is_dns1123_label("my-name").is_empty());
        assert_eq!(is_dns1123_label("a.b"), vec!["must not contain dots"]);
        assert_eq!(
            is_dns1123_label("My_Name"),
            vec!["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
        );
        assert!(is_dns1123_subdomain("example.com").is_empty());
        assert_eq!(is_dns1123_subdomain("Example").len(), 1);
        assert_eq!(
            is_dns1123_subdomain(&"a".repeat(254)),
            vec!["must be no more than 253 characters"]
        );
        assert!(is_dns1035_label("web").is_empty());
        assert_eq!(is_dns1035_label("1web").len(), 1);
    }

    #[test]
    fn qualified_names_and_values() {
        assert!(is_qualified_name("app.kubernetes.io/name").is_empty());
        assert!(is_qualified_name("app").is_empty());
        assert_eq!(is_qualified_name("/a"), vec!["prefix part must be non-empty"]);
        assert_eq!(is_qualified_name("a/b/c").len(), 1);
        assert!(is_qualified_name("a/")
            .iter()
            .any(|m| m == "name part must be non-empty"));
        assert!(is_valid_label_value("").is_empty());
        assert_eq!(is_valid_label_value("-bad").len(), 1);
        assert_eq!(
            is_valid_label_value("bad value")[0],
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        );
    }

    #[test]
    fn ports_and_misc() {
        assert!(is_valid_port_num(80).is_empty());
        assert_eq!(
            is_valid_port_num(0),
            vec!["must be between 1 and 65535, inclusive"]
        );
        assert!(is_valid_port_name("http").is_empty());
        assert_eq!(is_valid_port_name("80").len(), 1);
        assert!(is_valid_percent("25%").is_empty());
        assert_eq!(is_valid_percent("25").len(), 1);
        assert!(parse_ip_sloppy("010.0.0.1").is_some());
        assert!(validate_cidr(&Path::new("x"), "10.0.0.0/8").is_empty());
        assert_eq!(validate_cidr(&Path::new("x"), "10.0.0.0/33").len(), 1);
        assert_eq!(NameRule::Subdomain.check("web-", true), Vec::<String>::new());
        assert_eq!(
            NameRule::PathSegment.check("a/b", false),
            vec!["may not contain '/'"]
        );
    }
}
