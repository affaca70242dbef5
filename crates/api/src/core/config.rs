//! ConfigMaps, Secrets and ServiceAccounts.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{ConfigMap, Secret, ServiceAccount};
use k8s_openapi::ByteString;

use crate::field::{self, FieldErr, Path};
use crate::kinds::{self, Kind};
use crate::meta;
use crate::syntax::{self, NameRule};

/// Upstream `MaxSecretSize` (1 MiB), also the ConfigMap limit.
pub const MAX_SECRET_SIZE: usize = 1024 * 1024;

fn validate_config_map(cm: &ConfigMap) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&cm.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let mut total = 0;
    let binary = cm.binary_data.clone().unwrap_or_default();
    for (k, v) in cm.data.iter().flatten() {
        let p = Path::new("data").key(k);
        errs.extend(
            syntax::is_config_map_key(k)
                .into_iter()
                .map(|m| field::invalid(&p, k, m)),
        );
        if binary.contains_key(k) {
            errs.push(field::invalid(&p, k, "duplicate of key present in binaryData"));
        }
        total += v.len();
    }
    for (k, v) in &binary {
        let p = Path::new("binaryData").key(k);
        errs.extend(
            syntax::is_config_map_key(k)
                .into_iter()
                .map(|m| field::invalid(&p, k, m)),
        );
        total += v.0.len();
    }
    if total > MAX_SECRET_SIZE {
        errs.push(field::too_long(&Path::default(), MAX_SECRET_SIZE));
    }
    errs
}

/// Whether a map changed, a missing map counting as empty.
fn map_changed<V: PartialEq>(new: &Option<BTreeMap<String, V>>, old: &Option<BTreeMap<String, V>>) -> bool {
    new.as_ref().filter(|m| !m.is_empty()) != old.as_ref().filter(|m| !m.is_empty())
}

/// Once an object is `immutable`, it stays so and its contents (`changed`: field name, whether it
/// changed) stay as they are.
fn immutable_contents(new: Option<bool>, old: Option<bool>, changed: &[(&str, bool)]) -> Vec<FieldErr> {
    let mut errs = Vec::new();
    if old != Some(true) {
        return errs;
    }
    let msg = "field is immutable when `immutable` is set";
    if new != Some(true) {
        errs.push(field::forbidden(&Path::new("immutable"), msg));
    }
    for (name, _) in changed.iter().filter(|(_, changed)| *changed) {
        errs.push(field::forbidden(&Path::new(name), msg));
    }
    errs
}

fn validate_config_map_update(new: &ConfigMap, old: &ConfigMap) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(immutable_contents(
        new.immutable,
        old.immutable,
        &[
            ("data", map_changed(&new.data, &old.data)),
            ("binaryData", map_changed(&new.binary_data, &old.binary_data)),
        ],
    ));
    errs.extend(validate_config_map(new));
    errs
}

/// ConfigMaps.
pub static CONFIG_MAP: Kind<ConfigMap> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate_config_map,
    update: validate_config_map_update,
};

/// `SetDefaults_Secret` plus the v1 conversion that folds `stringData` into `data`.
fn default_secret(s: &mut Secret, _create: bool) {
    crate::defaulting::string(&mut s.type_, "Opaque");
    if let Some(string_data) = s.string_data.take() {
        let data = s.data.get_or_insert_with(Default::default);
        for (k, v) in string_data {
            data.insert(k, ByteString(v.into_bytes()));
        }
    }
}

fn validate_secret(s: &Secret) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta(&s.metadata, NameRule::Subdomain, &Path::new("metadata"));
    let data_path = Path::new("data");
    let data = s.data.clone().unwrap_or_default();
    let mut total = 0;
    for (k, v) in &data {
        errs.extend(
            syntax::is_config_map_key(k)
                .into_iter()
                .map(|m| field::invalid(&data_path.key(k), k, m)),
        );
        total += v.0.len();
    }
    if total > MAX_SECRET_SIZE {
        errs.push(field::too_long(&data_path, MAX_SECRET_SIZE));
    }
    let required = |errs: &mut Vec<FieldErr>, key: &str| errs.push(field::required(&data_path.key(key), ""));
    match s.type_.as_deref().unwrap_or_default() {
        "kubernetes.io/service-account-token" => {
            let sa = s
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubernetes.io/service-account.name"));
            if sa.is_none_or(|v| v.is_empty()) {
                errs.push(field::required(
                    &Path::new("metadata")
                        .child("annotations")
                        .key("kubernetes.io/service-account.name"),
                    "",
                ));
            }
        }
        "kubernetes.io/dockercfg" => match data.get(".dockercfg") {
            None => required(&mut errs, ".dockercfg"),
            Some(b) => {
                if let Err(e) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&b.0) {
                    errs.push(field::invalid(
                        &data_path.key(".dockercfg"),
                        "<secret contents redacted>",
                        e.to_string(),
                    ));
                }
            }
        },
        "kubernetes.io/dockerconfigjson" => match data.get(".dockerconfigjson") {
            None => required(&mut errs, ".dockerconfigjson"),
            Some(b) => {
                if let Err(e) = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&b.0) {
                    errs.push(field::invalid(
                        &data_path.key(".dockerconfigjson"),
                        "<secret contents redacted>",
                        e.to_string(),
                    ));
                }
            }
        },
        "kubernetes.io/basic-auth" if !data.contains_key("username") && !data.contains_key("password") => {
            required(&mut errs, "username");
            required(&mut errs, "password");
        }
        "kubernetes.io/ssh-auth" if data.get("ssh-privatekey").is_none_or(|v| v.0.is_empty()) => {
            required(&mut errs, "ssh-privatekey");
        }
        "kubernetes.io/tls" => {
            if !data.contains_key("tls.crt") {
                required(&mut errs, "tls.crt");
            }
            if !data.contains_key("tls.key") {
                required(&mut errs, "tls.key");
            }
        }
        _ => {}
    }
    errs
}

fn validate_secret_update(new: &Secret, old: &Secret) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    let (nt, ot) = (
        new.type_.clone().unwrap_or_default(),
        old.type_.clone().unwrap_or_default(),
    );
    if nt != ot {
        errs.push(field::invalid(&Path::new("type"), nt, meta::IMMUTABLE));
    }
    errs.extend(immutable_contents(
        new.immutable,
        old.immutable,
        &[("data", map_changed(&new.data, &old.data))],
    ));
    errs.extend(validate_secret(new));
    errs
}

/// Secrets.
pub static SECRET: Kind<Secret> = Kind {
    quantities: &[],
    default: default_secret,
    prepare: kinds::no_prepare,
    create: validate_secret,
    update: validate_secret_update,
};

fn validate_sa(sa: &ServiceAccount) -> Vec<FieldErr> {
    meta::validate_object_meta(&sa.metadata, NameRule::Subdomain, &Path::new("metadata"))
}

fn validate_sa_update(new: &ServiceAccount, old: &ServiceAccount) -> Vec<FieldErr> {
    let mut errs = meta::validate_object_meta_update(&new.metadata, &old.metadata, &Path::new("metadata"));
    errs.extend(validate_sa(new));
    errs
}

/// ServiceAccounts.
pub static SERVICE_ACCOUNT: Kind<ServiceAccount> = Kind {
    quantities: &[],
    default: kinds::no_default,
    prepare: kinds::no_prepare,
    create: validate_sa,
    update: validate_sa_update,
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_defaults_and_rules() {
        let mut s: Secret =
            serde_json::from_value(json!({"metadata": {"name": "s"}, "stringData": {"user": "admin"}}))
                .unwrap();
        default_secret(&mut s, true);
        let v = serde_json::to_value(&s).unwrap();
        assert_eq!(v["type"], "Opaque");
        assert_eq!(v["data"]["user"], "YWRtaW4=");
        assert!(v.get("stringData").is_none());
        let tls: Secret = serde_json::from_value(
            json!({"metadata": {"name": "t"}, "type": "kubernetes.io/tls", "data": {"tls.crt": ""}}),
        )
        .unwrap();
        let errs: Vec<String> = validate_secret(&tls).iter().map(|e| e.to_string()).collect();
        assert_eq!(errs, vec!["data[tls.key]: Required value"]);
        let old = s.clone();
        let mut new = s.clone();
        new.metadata.resource_version = Some("2".into());
        new.type_ = Some("kubernetes.io/tls".into());
        let errs: Vec<String> = validate_secret_update(&new, &old)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            errs.contains(&"type: Invalid value: \"kubernetes.io/tls\": field is immutable".to_string()),
            "{errs:?}"
        );
    }

    #[test]
    fn config_map_keys() {
        let cm: ConfigMap = serde_json::from_value(
            json!({"metadata": {"name": "c"}, "data": {"bad key": "v", "ok.key": "v"}}),
        )
        .unwrap();
        let errs: Vec<String> = validate_config_map(&cm).iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 1);
        assert!(errs[0].starts_with("data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters"));
    }
}
