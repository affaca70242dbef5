//! Name, label and annotation syntax checks (upstream `k8s.io/apimachinery/pkg/util/validation`,
//! v1.33 wording, and the label/annotation/selector validators of `pkg/api/validation` and
//! `pkg/apis/meta/v1/validation`).
//!
//! The `is_*` functions return the list of upstream messages (empty when valid); callers wrap them
//! in [`FieldErr`]s. The `validate_*` functions produce `FieldErr`s directly, as upstream does.

use crate::field::{FieldErr, Path};
use serde_json::Value;

/// `DNS1123LabelMaxLength`.
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// `DNS1123SubdomainMaxLength`.
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// `DNS1035LabelMaxLength`.
pub const DNS1035_LABEL_MAX_LENGTH: usize = 63;
/// `LabelValueMaxLength`.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// Maximum length of the name part of a qualified name.
pub const QUALIFIED_NAME_MAX_LENGTH: usize = 63;
/// `TotalAnnotationSizeLimitB`: 256 KiB of keys plus values.
pub const TOTAL_ANNOTATION_SIZE_LIMIT_B: usize = 256 * (1 << 10);

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric \
                                     characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case \
                                         alphanumeric characters, '-' or '.', and must start and end with an \
                                         alphanumeric character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or \
                                     '-', start with an alphabetic character, and end with an alphanumeric \
                                     character";
const WILDCARD_DNS1123_SUBDOMAIN_FMT: &str =
    "\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const WILDCARD_DNS1123_SUBDOMAIN_ERR_MSG: &str =
    "a wildcard DNS-1123 subdomain must start with '*.', followed \
                                                  by a valid DNS subdomain, which must consist of lower case \
                                                  alphanumeric characters, '-' or '.' and end with an \
                                                  alphanumeric character";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_ERR_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must \
                                      start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR_MSG: &str = "a valid label must be an empty string or consist of alphanumeric \
                                   characters, '-', '_' or '.', and must start and end with an alphanumeric \
                                   character";
const C_IDENTIFIER_FMT: &str = "[A-Za-z_][A-Za-z0-9_]*";
const C_IDENTIFIER_ERR_MSG: &str =
    "a valid C identifier must start with alphabetic character or '_', followed \
                                    by a string of alphanumeric characters or '_'";
const ENV_VAR_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_VAR_NAME_ERR_MSG: &str =
    "a valid environment variable name must consist of alphabetic characters, \
                                    digits, '_', '-', or '.', and must not start with a digit";
const CONFIG_MAP_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_ERR_MSG: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const PERCENT_FMT: &str = "[0-9]+%";
const PERCENT_ERR_MSG: &str = "a valid percent string must be a numeric string followed by an ending '%'";
const HTTP_HEADER_NAME_FMT: &str = "[-A-Za-z0-9]+";
const HTTP_HEADER_NAME_ERR_MSG: &str = "a valid HTTP header must consist of alphanumeric characters or '-'";

/// Upstream `MaxLenError`: `must be no more than 63 characters`.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// Upstream `EmptyError`: `must be non-empty`.
pub fn empty_error() -> String {
    "must be non-empty".to_string()
}

/// Upstream `InclusiveRangeError`: `must be between 1 and 65535, inclusive`.
pub fn inclusive_range_error(lo: i64, hi: i64) -> String {
    format!("must be between {lo} and {hi}, inclusive")
}

/// Upstream `RegexError`: `<msg> (e.g. 'a' or 'b', regex used for validation is '<fmt>')`.
pub fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(fmt);
    out.push_str("')");
    out
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_lower_alnum(b[0])
        && is_lower_alnum(b[b.len() - 1])
        && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
}

/// `label(\.label)*`
fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

/// `[a-z]([-a-z0-9]*[a-z0-9])?`
fn matches_dns1035_label(s: &str) -> bool {
    matches_dns1123_label(s) && s.as_bytes()[0].is_ascii_lowercase()
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`
fn matches_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.')
}

/// Upstream `IsDNS1123Label`.
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_LABEL_MAX_LENGTH));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_ERR_MSG,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errs
}

/// Upstream `IsDNS1123Subdomain`.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_ERR_MSG,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    errs
}

/// Upstream `IsDNS1035Label`.
pub fn is_dns1035_label(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1035_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS1035_LABEL_MAX_LENGTH));
    }
    if !matches_dns1035_label(value) {
        errs.push(regex_error(
            DNS1035_LABEL_ERR_MSG,
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    errs
}

/// Upstream `IsWildcardDNS1123Subdomain` (`*.example.com`).
pub fn is_wildcard_dns1123_subdomain(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    let ok = value.strip_prefix("*.").is_some_and(matches_dns1123_subdomain);
    if !ok {
        errs.push(regex_error(
            WILDCARD_DNS1123_SUBDOMAIN_ERR_MSG,
            WILDCARD_DNS1123_SUBDOMAIN_FMT,
            &["*.example.com"],
        ));
    }
    errs
}

/// Upstream `IsQualifiedName`: label and annotation keys (`[prefix/]name`).
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push(format!("prefix part {}", empty_error()));
            } else {
                errs.extend(
                    is_dns1123_subdomain(prefix)
                        .into_iter()
                        .map(|m| format!("prefix part {m}")),
                );
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a qualified name {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push(format!("name part {}", empty_error()));
    } else if name.len() > QUALIFIED_NAME_MAX_LENGTH {
        errs.push(format!("name part {}", max_len_error(QUALIFIED_NAME_MAX_LENGTH)));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_ERR_MSG,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// Upstream `IsValidLabelValue`.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > LABEL_VALUE_MAX_LENGTH {
        errs.push(max_len_error(LABEL_VALUE_MAX_LENGTH));
    }
    if !value.is_empty() && !matches_qualified_name_part(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR_MSG,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// Upstream `IsCIdentifier`.
pub fn is_c_identifier(value: &str) -> Vec<String> {
    let b = value.as_bytes();
    let ok = !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_');
    if ok {
        Vec::new()
    } else {
        vec![regex_error(
            C_IDENTIFIER_ERR_MSG,
            C_IDENTIFIER_FMT,
            &["my_name", "MY_NAME", "MyName"],
        )]
    }
}

/// Upstream `IsValidPortNum`.
pub fn is_valid_port_num(port: i64) -> Vec<String> {
    if (1..=65535).contains(&port) {
        Vec::new()
    } else {
        vec![inclusive_range_error(1, 65535)]
    }
}

/// Upstream `IsInRange`.
pub fn is_in_range(value: i64, min: i64, max: i64) -> Vec<String> {
    if (min..=max).contains(&value) {
        Vec::new()
    } else {
        vec![inclusive_range_error(min, max)]
    }
}

/// Upstream `IsValidPortName` (IANA service name).
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if port.len() > 15 {
        errs.push(max_len_error(15));
    }
    let b = port.as_bytes();
    if b.is_empty() || !b.iter().all(|&c| is_lower_alnum(c) || c == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if !b.is_empty() && (b[0] == b'-' || b[b.len() - 1] == b'-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

fn has_chdir_prefix(value: &str) -> Option<String> {
    match value {
        "." => Some("must not be '.'".to_string()),
        ".." => Some("must not be '..'".to_string()),
        v if v.starts_with("..") => Some("must not start with '..'".to_string()),
        _ => None,
    }
}

/// Upstream `IsEnvVarName`.
pub fn is_env_var_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let b = value.as_bytes();
    let ok = !b.is_empty()
        && !b[0].is_ascii_digit()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_');
    if !ok {
        errs.push(regex_error(
            ENV_VAR_NAME_ERR_MSG,
            ENV_VAR_NAME_FMT,
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    errs.extend(has_chdir_prefix(value));
    errs
}

/// Upstream `IsConfigMapKey` (also used for Secret keys).
pub fn is_config_map_key(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    let b = value.as_bytes();
    let ok = !b.is_empty()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_');
    if !ok {
        errs.push(regex_error(
            CONFIG_MAP_KEY_ERR_MSG,
            CONFIG_MAP_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    errs.extend(has_chdir_prefix(value));
    errs
}

/// Upstream `IsValidPercent` (`[0-9]+%`).
pub fn is_valid_percent(percent: &str) -> Vec<String> {
    let ok = percent
        .strip_suffix('%')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()));
    if ok {
        Vec::new()
    } else {
        vec![regex_error(PERCENT_ERR_MSG, PERCENT_FMT, &["1%", "93%"])]
    }
}

/// Upstream `IsHTTPHeaderName`.
pub fn is_http_header_name(value: &str) -> Vec<String> {
    let ok = !value.is_empty() && value.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
    if ok {
        Vec::new()
    } else {
        vec![regex_error(
            HTTP_HEADER_NAME_ERR_MSG,
            HTTP_HEADER_NAME_FMT,
            &["X-Header-Name"],
        )]
    }
}

/// Upstream `MaskTrailingDash`: `generateName` prefixes may end in `-`.
pub fn mask_trailing_dash(name: &str) -> String {
    match name.strip_suffix('-') {
        Some(stem) if !stem.is_empty() => format!("{stem}a"),
        _ => name.to_string(),
    }
}

/// Upstream `NameIsDNSSubdomain` (`ValidateNameFunc`): `prefix` is true for `generateName`.
pub fn name_is_dns_subdomain(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_subdomain(&mask_trailing_dash(name))
    } else {
        is_dns1123_subdomain(name)
    }
}

/// Upstream `NameIsDNSLabel`.
pub fn name_is_dns_label(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1123_label(&mask_trailing_dash(name))
    } else {
        is_dns1123_label(name)
    }
}

/// Upstream `NameIsDNS1035Label`.
pub fn name_is_dns1035_label(name: &str, prefix: bool) -> Vec<String> {
    if prefix {
        is_dns1035_label(&mask_trailing_dash(name))
    } else {
        is_dns1035_label(name)
    }
}

/// Upstream `ValidateLabelName`: one `Invalid` per message, at `path` itself.
pub fn validate_label_name(name: &str, path: &Path) -> Vec<FieldErr> {
    is_qualified_name(name)
        .into_iter()
        .map(|msg| FieldErr::invalid(path, name, msg))
        .collect()
}

/// Iterates a JSON string map; non-string values become `TypeInvalid` errors.
fn string_map<'a>(value: &'a Value, path: &Path, errs: &mut Vec<FieldErr>) -> Vec<(&'a str, &'a str)> {
    match value {
        Value::Null => Vec::new(),
        Value::Object(map) => {
            let mut out = Vec::with_capacity(map.len());
            for (k, v) in map {
                match v.as_str() {
                    Some(s) => out.push((k.as_str(), s)),
                    None => errs.push(FieldErr::type_invalid(
                        path.key(k),
                        v.clone(),
                        "must be of type string",
                    )),
                }
            }
            out
        }
        other => {
            errs.push(FieldErr::type_invalid(
                path,
                other.clone(),
                "must be of type object",
            ));
            Vec::new()
        }
    }
}

/// Upstream `ValidateLabels` over a JSON labels map (`null` or absent is valid). Errors are reported
/// at `path` (e.g. `metadata.labels`), as upstream does, one per message.
pub fn validate_labels(labels: &Value, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let entries = string_map(labels, path, &mut errs);
    errs.extend(validate_label_entries(entries, path));
    errs
}

/// [`validate_labels`] over typed `(key, value)` entries.
pub fn validate_label_entries<'a>(
    labels: impl IntoIterator<Item = (&'a str, &'a str)>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    for (k, v) in labels {
        errs.extend(validate_label_name(k, path));
        errs.extend(
            is_valid_label_value(v)
                .into_iter()
                .map(|msg| FieldErr::invalid(path, v, msg)),
        );
    }
    errs
}

/// Upstream `ValidateAnnotations`: keys are qualified names (case-insensitive), and keys plus values
/// must total at most [`TOTAL_ANNOTATION_SIZE_LIMIT_B`] bytes.
pub fn validate_annotations(annotations: &Value, path: &Path) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let entries = string_map(annotations, path, &mut errs);
    errs.extend(validate_annotation_entries(entries, path));
    errs
}

/// [`validate_annotations`] over typed `(key, value)` entries.
pub fn validate_annotation_entries<'a>(
    annotations: impl IntoIterator<Item = (&'a str, &'a str)>,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let mut total = 0usize;
    for (k, v) in annotations {
        for msg in is_qualified_name(&k.to_lowercase()) {
            errs.push(FieldErr::invalid(path, k, msg));
        }
        total += k.len() + v.len();
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B {
        errs.push(FieldErr::too_long(path, Some(TOTAL_ANNOTATION_SIZE_LIMIT_B)));
    }
    errs
}

/// Upstream `ValidateLabelSelector` (metav1 validation) over a `metav1.LabelSelector` JSON object:
/// `matchLabels` as labels, each `matchExpressions[i]` checked for operator/values consistency.
/// `allow_invalid_label_value` mirrors `LabelSelectorValidationOptions.AllowInvalidLabelValueInSelector`.
pub fn validate_label_selector(
    selector: &Value,
    path: &Path,
    allow_invalid_label_value: bool,
) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    let obj = match selector {
        Value::Null => return errs,
        Value::Object(obj) => obj,
        other => {
            errs.push(FieldErr::type_invalid(
                path,
                other.clone(),
                "must be of type object",
            ));
            return errs;
        }
    };
    if let Some(ml) = obj.get("matchLabels") {
        errs.extend(validate_labels(ml, &path.child("matchLabels")));
    }
    let exprs = match obj.get("matchExpressions") {
        None | Some(Value::Null) => return errs,
        Some(Value::Array(exprs)) => exprs,
        Some(other) => {
            errs.push(FieldErr::type_invalid(
                path.child("matchExpressions"),
                other.clone(),
                "must be of type array",
            ));
            return errs;
        }
    };
    for (i, expr) in exprs.iter().enumerate() {
        let operator = expr.get("operator").and_then(Value::as_str).unwrap_or("");
        let key = expr.get("key").and_then(Value::as_str).unwrap_or("");
        let values: Vec<&str> = expr
            .get("values")
            .and_then(Value::as_array)
            .map(|vs| vs.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        errs.extend(validate_label_selector_requirement(
            key,
            operator,
            &values,
            allow_invalid_label_value,
            &path.child("matchExpressions").index(i),
        ));
    }
    errs
}

/// Upstream `ValidateLabelSelectorRequirement` for one `matchExpressions` entry at `path`.
pub fn validate_label_selector_requirement(
    key: &str,
    operator: &str,
    values: &[&str],
    allow_invalid_label_value: bool,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs: Vec<FieldErr> = selector_operator_error(operator, values.len(), path)
        .into_iter()
        .collect();
    errs.extend(validate_requirement_key_and_values(
        key,
        values,
        allow_invalid_label_value,
        path,
    ));
    errs
}

/// The operator of a selector requirement at `path`: `In`/`NotIn` need values, `Exists`/
/// `DoesNotExist` take none, anything else is not an operator. (Node selectors add `Gt`/`Lt`
/// before falling back to this.)
pub fn selector_operator_error(operator: &str, values: usize, path: &Path) -> Option<FieldErr> {
    match operator {
        "In" | "NotIn" if values == 0 => Some(FieldErr::required(
            path.child("values"),
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if values > 0 => Some(FieldErr::forbidden(
            path.child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
        other => Some(FieldErr::invalid(
            path.child("operator"),
            other,
            "not a valid selector operator",
        )),
    }
}

/// The key of a selector requirement at `path` is a label name and, unless
/// `allow_invalid_label_value`, every value a label value.
pub fn validate_requirement_key_and_values(
    key: &str,
    values: &[&str],
    allow_invalid_label_value: bool,
    path: &Path,
) -> Vec<FieldErr> {
    let mut errs = validate_label_name(key, &path.child("key"));
    if !allow_invalid_label_value {
        for (i, value) in values.iter().enumerate() {
            for msg in is_valid_label_value(value) {
                errs.push(FieldErr::invalid(path.child("values").index(i), *value, msg));
            }
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric \
                                 characters, '-' or '.', and must start and end with an alphanumeric character \
                                 (e.g. 'example.com', regex used for validation is \
                                 '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const LABEL_MSG: &str =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \
                             '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or \
                             '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// Good/bad value sets from upstream's validation tests.
    #[test]
    fn accept_reject_sets() {
        let a253 = "a".repeat(253);
        let a254 = "a".repeat(254);
        let a63 = "a".repeat(63);
        let a64 = "a".repeat(64);
        let prefixed_max = format!("{}/{}", "a".repeat(253), "b".repeat(63));
        let prefixed_long = format!("{}/abc", "a".repeat(254));
        type Check = fn(&str) -> Vec<String>;
        let cases: Vec<(&str, Check, Vec<&str>, Vec<&str>)> = vec![
            (
                "subdomain",
                is_dns1123_subdomain,
                vec![
                    "a",
                    "a--1--2--b",
                    "0",
                    "1-a",
                    "a.a",
                    "a.1",
                    "0.1",
                    "1--a--b--2.1",
                    "a.b.c.d.e",
                    "1.2.3.4.5",
                    &a253,
                ],
                vec![
                    "",
                    "A",
                    "aBc",
                    "1-A",
                    "-",
                    "a-",
                    "-a",
                    "_",
                    "a_b",
                    ".",
                    "a.",
                    ".a",
                    "a..b",
                    " ",
                    "a b",
                    "A.a",
                    "ab.A",
                    "0.A",
                    "a.B.c.d.e",
                    "a@b",
                    "a,b",
                    "a;b",
                    "a:b",
                    "a%b",
                    "a?b",
                    "a$b",
                    &a254,
                ],
            ),
            (
                "label",
                is_dns1123_label,
                vec!["a", "ab", "a-1", "a--1--2--b", "0", "012", "1-a", &a63],
                vec![
                    "", "A", "aBc", "-", "a-", "-a", "_", "a_b", ".", "a.b", " ", "a b", &a64,
                ],
            ),
            (
                "dns1035",
                is_dns1035_label,
                vec!["a", "ab", "abc", "a1", "a-1", "a--1--2--b", &a63],
                vec![
                    "0", "01", "1a", "1-a", "", "A", "aBc", "-", "a-", "-a", "_", "a_b", ".", "a.b", " ",
                    "1 2", &a64,
                ],
            ),
            (
                "qualified name",
                is_qualified_name,
                vec![
                    "simple",
                    "now-with-dashes",
                    "1-starts-with-num",
                    "1234",
                    "simple/simple",
                    "now.with.dots/simple",
                    "1-num.2-num/3-num",
                    "1.2.3.4/5678",
                    "Uppercase_Is_OK_123",
                    "example.com/Uppercase_Is_OK_123",
                    "requests.storage-foo",
                    &a63,
                    &prefixed_max,
                ],
                vec![
                    "nospecialchars%^=@",
                    "cantendwithadash-",
                    "-cantstartwithadash-",
                    "only/one/slash",
                    "Example.com/abc",
                    "example_com/abc",
                    "example.com/",
                    "/simple",
                    &a64,
                    &prefixed_long,
                ],
            ),
            (
                "label value",
                is_valid_label_value,
                vec![
                    "simple",
                    "now-with-dashes",
                    "1-starts-with-num",
                    "end-with-num-1",
                    "1234",
                    &a63,
                    "",
                ],
                vec![
                    "nospecialchars%^=@",
                    "Tama-nui-te-rā.is.Māori.sun",
                    "\\backslashes\\are\\bad",
                    "-starts-with-dash",
                    "ends-with-dash-",
                    ".starts.with.dot",
                    "ends.with.dot.",
                    &a64,
                ],
            ),
        ];
        for (name, check, good, bad) in cases {
            for v in good {
                assert!(
                    check(v).is_empty(),
                    "{name}: {v:?} should be valid: {:?}",
                    check(v)
                );
            }
            for v in bad {
                assert!(!check(v).is_empty(), "{name}: {v:?} should be invalid");
            }
        }
    }

    #[test]
    fn regex_error_layout() {
        // Upstream's examples are joined with "', " then " or ", giving the double space.
        assert_eq!(
            regex_error("m", "f", &["a", "b"]),
            "m (e.g. 'a',  or 'b', regex used for validation is 'f')"
        );
        assert_eq!(regex_error("m", "f", &[]), "m (regex used for validation is 'f')");
    }

    #[test]
    fn dns1123_subdomain() {
        let long = "a".repeat(254);
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("example.com", vec![]),
            ("a", vec![]),
            ("0.a-b.c", vec![]),
            ("Foo", vec![SUBDOMAIN_MSG]),
            ("", vec![SUBDOMAIN_MSG]),
            ("a..b", vec![SUBDOMAIN_MSG]),
            ("-a", vec![SUBDOMAIN_MSG]),
            ("a_b", vec![SUBDOMAIN_MSG]),
            (long.as_str(), vec!["must be no more than 253 characters"]),
        ];
        for (input, want) in cases {
            assert_eq!(is_dns1123_subdomain(input), want, "{input:?}");
        }
    }

    #[test]
    fn dns1123_label() {
        let long = "a".repeat(64);
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("my-name", vec![]),
            ("123-abc", vec![]),
            ("a.b", vec!["must not contain dots"]),
            ("A", vec![LABEL_MSG]),
            ("a-", vec![LABEL_MSG]),
            ("", vec![LABEL_MSG]),
            (long.as_str(), vec!["must be no more than 63 characters"]),
        ];
        for (input, want) in cases {
            assert_eq!(is_dns1123_label(input), want, "{input:?}");
        }
    }

    #[test]
    fn dns1035_label() {
        let msg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an \
                   alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', \
                   regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("svc", vec![]),
            ("a1", vec![]),
            ("1a", vec![msg]),
            ("a.b", vec![msg]),
            ("", vec![msg]),
        ];
        for (input, want) in cases {
            assert_eq!(is_dns1035_label(input), want, "{input:?}");
        }
    }

    #[test]
    fn qualified_name() {
        let name_msg = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and \
                        end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex \
                        used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        let too_many = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must \
                        start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or \
                        '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with \
                        an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        let prefix_msg = format!("prefix part {SUBDOMAIN_MSG}");
        let long = "a".repeat(64);
        let cases: Vec<(&str, Vec<String>)> = vec![
            ("app", vec![]),
            ("app.kubernetes.io/name", vec![]),
            ("My_Key.1", vec![]),
            ("-a", vec![name_msg.to_string()]),
            (
                "",
                vec!["name part must be non-empty".to_string(), name_msg.to_string()],
            ),
            ("/a", vec!["prefix part must be non-empty".to_string()]),
            (
                "a/",
                vec!["name part must be non-empty".to_string(), name_msg.to_string()],
            ),
            ("Example.com/a", vec![prefix_msg]),
            ("a/b/c", vec![too_many.to_string()]),
            (
                long.as_str(),
                vec!["name part must be no more than 63 characters".to_string()],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(is_qualified_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn label_value() {
        let msg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or \
                   '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  \
                   or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        let long = "a".repeat(64);
        let cases: Vec<(&str, Vec<&str>)> = vec![
            ("", vec![]),
            ("v1.2_3-x", vec![]),
            ("-x", vec![msg]),
            ("a b", vec![msg]),
            (long.as_str(), vec!["must be no more than 63 characters"]),
        ];
        for (input, want) in cases {
            assert_eq!(is_valid_label_value(input), want, "{input:?}");
        }
    }

    #[test]
    fn misc_checks() {
        assert!(is_c_identifier("_ok1").is_empty());
        assert_eq!(is_c_identifier("1x").len(), 1);
        assert!(is_valid_port_num(80).is_empty());
        assert_eq!(
            is_valid_port_num(0),
            vec!["must be between 1 and 65535, inclusive"]
        );
        assert!(is_valid_port_name("http").is_empty());
        assert_eq!(
            is_valid_port_name("-8080-"),
            vec![
                "must contain at least one letter (a-z)".to_string(),
                "must not begin or end with a hyphen".to_string()
            ]
        );
        assert!(is_env_var_name("MY_VAR.x-1").is_empty());
        assert_eq!(is_env_var_name("..a"), vec!["must not start with '..'"]);
        assert_eq!(is_env_var_name("1a").len(), 1);
        assert!(is_config_map_key("key.name").is_empty());
        assert_eq!(is_config_map_key("."), vec!["must not be '.'"]);
        assert!(is_valid_percent("50%").is_empty());
        assert_eq!(is_valid_percent("%").len(), 1);
        assert!(is_http_header_name("X-Header").is_empty());
        assert!(is_wildcard_dns1123_subdomain("*.example.com").is_empty());
        assert_eq!(is_wildcard_dns1123_subdomain("example.com").len(), 1);
        assert!(name_is_dns_subdomain("web-", true).is_empty());
        assert_eq!(name_is_dns_subdomain("web-", false), vec![SUBDOMAIN_MSG]);
        assert!(name_is_dns1035_label("svc-", true).is_empty());
        assert!(name_is_dns_label("pod", false).is_empty());
    }

    #[test]
    fn labels_map() {
        let path = Path::new("metadata").child("labels");
        assert!(validate_labels(&json!({"app": "web", "tier": ""}), &path).is_empty());
        assert!(validate_labels(&Value::Null, &path).is_empty());
        let errs = validate_labels(&json!({"-bad": "ok", "k": "bad value"}), &path);
        assert_eq!(errs.len(), 2);
        assert!(errs[0]
            .to_string()
            .starts_with("metadata.labels: Invalid value: \"-bad\": name part must"));
        assert!(errs[1]
            .to_string()
            .starts_with("metadata.labels: Invalid value: \"bad value\": a valid label"));
        let errs = validate_labels(&json!({"k": 1}), &path);
        assert_eq!(
            errs[0].to_string(),
            "metadata.labels[k]: Invalid value: 1: must be of type string"
        );
    }

    #[test]
    fn annotations_map() {
        let path = Path::new("metadata").child("annotations");
        assert!(validate_annotations(&json!({"Example.com/Key": "x"}), &path).is_empty());
        let errs = validate_annotations(&json!({"a b": "x"}), &path);
        assert_eq!(errs.len(), 1);
        assert!(errs[0]
            .to_string()
            .starts_with("metadata.annotations: Invalid value: \"a b\": name part"));
        let at_limit = json!({"a": "b".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1)});
        assert!(validate_annotations(&at_limit, &path).is_empty());
        let over = json!({"a": "b".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B)});
        let errs = validate_annotations(&over, &path);
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].to_string(),
            "metadata.annotations: Too long: may not be more than 262144 bytes"
        );
    }

    #[test]
    fn label_selector_object() {
        let path = Path::new("spec").child("selector");
        let ok = json!({"matchLabels": {"app": "web"}, "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["a"]},
            {"key": "x", "operator": "Exists"}]});
        assert!(validate_label_selector(&ok, &path, false).is_empty());
        let bad = json!({"matchExpressions": [
            {"key": "tier", "operator": "In"},
            {"key": "x", "operator": "Exists", "values": ["a"]},
            {"key": "y", "operator": "Foo"},
            {"key": "z", "operator": "NotIn", "values": ["bad value"]}]});
        let got: Vec<String> = validate_label_selector(&bad, &path, false)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[0],
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is \
             'In' or 'NotIn'"
        );
        assert_eq!(
            got[1],
            "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is \
             'Exists' or 'DoesNotExist'"
        );
        assert_eq!(
            got[2],
            "spec.selector.matchExpressions[2].operator: Invalid value: \"Foo\": not a valid selector operator"
        );
        assert!(
            got[3].starts_with("spec.selector.matchExpressions[3].values[0]: Invalid value: \"bad value\"")
        );
        assert_eq!(validate_label_selector(&bad, &path, true).len(), 3);
    }
}
