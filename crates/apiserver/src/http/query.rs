//! Query-string options of API requests (`metav1.ListOptions`, `CreateOptions`, ...).

use crate::error::ApiError;

/// Query parameters, parsed once. Unknown parameters are ignored, as upstream does.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub label_selector: Option<String>,
    pub field_selector: Option<String>,
    pub watch: bool,
    pub allow_watch_bookmarks: bool,
    pub resource_version: Option<String>,
    pub resource_version_match: Option<String>,
    pub timeout_seconds: Option<u64>,
    pub limit: Option<usize>,
    pub continue_token: Option<String>,
    pub send_initial_events: Option<bool>,
    pub field_manager: Option<String>,
    pub field_validation: Option<String>,
    pub dry_run: bool,
    pub force: bool,
    pub include_object: Option<String>,
    pub grace_period_seconds: Option<i64>,
    pub propagation_policy: Option<String>,
    pub pretty: bool,
}

fn parse_bool(name: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "true" | "1" | "True" | "" => Ok(true),
        "false" | "0" | "False" => Ok(false),
        _ => Err(ApiError::BadRequest(format!("invalid value for {name}: {v:?}"))),
    }
}

fn parse_num<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, ApiError> {
    v.parse()
        .map_err(|_| ApiError::BadRequest(format!("invalid value for {name}: {v:?}")))
}

impl Query {
    pub fn parse(raw: Option<&str>) -> Result<Query, ApiError> {
        let mut q = Query::default();
        let Some(raw) = raw else { return Ok(q) };
        for pair in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match decode(k).as_str() {
                "labelSelector" => q.label_selector = Some(v),
                "fieldSelector" => q.field_selector = Some(v),
                "watch" => q.watch = parse_bool("watch", &v)?,
                "allowWatchBookmarks" => q.allow_watch_bookmarks = parse_bool("allowWatchBookmarks", &v)?,
                "resourceVersion" => q.resource_version = Some(v).filter(|s| !s.is_empty()),
                "resourceVersionMatch" => q.resource_version_match = Some(v).filter(|s| !s.is_empty()),
                "timeoutSeconds" => q.timeout_seconds = Some(parse_num("timeoutSeconds", &v)?),
                "limit" => q.limit = Some(parse_num::<usize>("limit", &v)?).filter(|l| *l > 0),
                "continue" => q.continue_token = Some(v).filter(|s| !s.is_empty()),
                "sendInitialEvents" => q.send_initial_events = Some(parse_bool("sendInitialEvents", &v)?),
                "fieldManager" => q.field_manager = Some(v),
                "fieldValidation" => q.field_validation = Some(v),
                "dryRun" => q.dry_run = v == "All",
                "force" => q.force = parse_bool("force", &v)?,
                "includeObject" => q.include_object = Some(v),
                "gracePeriodSeconds" => q.grace_period_seconds = Some(parse_num("gracePeriodSeconds", &v)?),
                "propagationPolicy" => q.propagation_policy = Some(v),
                "pretty" => q.pretty = parse_bool("pretty", &v).unwrap_or(false),
                _ => {}
            }
        }
        Ok(q)
    }

    /// The field validation directive, defaulting to `Warn` like upstream.
    pub fn validation(&self) -> Result<FieldValidation, ApiError> {
        match self.field_validation.as_deref() {
            None | Some("") | Some("Warn") => Ok(FieldValidation::Warn),
            Some("Strict") => Ok(FieldValidation::Strict),
            Some("Ignore") => Ok(FieldValidation::Ignore),
            Some(other) => Err(ApiError::BadRequest(format!(
                "fieldValidation parameter unsupported: {other}, valid values are: Ignore, Warn, Strict"
            ))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValidation {
    Ignore,
    Warn,
    Strict,
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    percent_encoding::percent_decode_str(&plus)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kube_rs_style_query() {
        let q = Query::parse(Some("&labelSelector=app%3Dweb&limit=500&watch=true")).unwrap();
        assert_eq!(q.label_selector.as_deref(), Some("app=web"));
        assert_eq!(q.limit, Some(500));
        assert!(q.watch);
        assert!(Query::parse(Some("limit=abc")).is_err());
        assert!(Query::parse(Some("fieldValidation=Nope"))
            .unwrap()
            .validation()
            .is_err());
    }
}
