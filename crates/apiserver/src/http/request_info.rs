//! Parse a Kubernetes API path into what it addresses (upstream `RequestInfoFactory`).

/// What an API request addresses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestInfo {
    pub group: String,
    pub version: String,
    pub namespace: Option<String>,
    pub resource: String,
    pub name: Option<String>,
    pub subresource: Option<String>,
}

/// Where a path points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/api`, `/apis`: discovery roots.
    ApiRoot,
    ApisRoot,
    /// `/apis/{group}`.
    Group(String),
    /// `/api/v1`, `/apis/{group}/{version}`: the resource list of a group-version.
    GroupVersion {
        group: String,
        version: String,
    },
    Resource(RequestInfo),
}

/// Parse `/api/...` or `/apis/...`; `None` for anything else or malformed.
pub fn parse(path: &str) -> Option<Route> {
    let trimmed = path.trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split('/').skip(1).collect();
    let (group, version, rest) = match parts.as_slice() {
        ["api"] => return Some(Route::ApiRoot),
        ["apis"] => return Some(Route::ApisRoot),
        ["apis", g] => return Some(Route::Group(g.to_string())),
        ["api", v, rest @ ..] => (String::new(), v.to_string(), rest),
        ["apis", g, v, rest @ ..] => (g.to_string(), v.to_string(), rest),
        _ => return None,
    };
    if rest.is_empty() {
        return Some(Route::GroupVersion { group, version });
    }
    if rest.iter().any(|s| s.is_empty()) {
        return None;
    }
    let mut info = RequestInfo {
        group,
        version,
        ..Default::default()
    };
    let rest: Vec<String> = rest.iter().map(|s| decode(s)).collect();
    // namespaces/{ns}/{resource}/... ; but `namespaces/{name}[/status|/finalize]` addresses a namespace.
    let tail: &[String] = if rest[0] == "namespaces" && rest.len() >= 3 {
        info.namespace = Some(rest[1].clone());
        &rest[2..]
    } else {
        &rest[..]
    };
    info.resource = tail[0].clone();
    if tail.len() >= 2 {
        info.name = Some(tail[1].clone());
    }
    if tail.len() >= 3 {
        info.subresource = Some(tail[2..].join("/"));
    }
    Some(Route::Resource(info))
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(path: &str) -> RequestInfo {
        match parse(path) {
            Some(Route::Resource(i)) => i,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn parses_paths() {
        assert_eq!(parse("/api"), Some(Route::ApiRoot));
        assert_eq!(parse("/apis/"), Some(Route::ApisRoot));
        assert_eq!(
            parse("/api/v1"),
            Some(Route::GroupVersion {
                group: "".into(),
                version: "v1".into()
            })
        );
        let i = res("/api/v1/namespaces/default/pods/x/status");
        assert_eq!(i.namespace.as_deref(), Some("default"));
        assert_eq!(
            (i.resource.as_str(), i.name.as_deref(), i.subresource.as_deref()),
            ("pods", Some("x"), Some("status"))
        );
        let i = res("/api/v1/namespaces/default");
        assert_eq!(
            (i.resource.as_str(), i.name.as_deref(), i.namespace),
            ("namespaces", Some("default"), None)
        );
        let i = res("/api/v1/namespaces");
        assert_eq!((i.resource.as_str(), i.name), ("namespaces", None));
        let i = res("/apis/apps/v1/deployments");
        assert_eq!(
            (i.group.as_str(), i.resource.as_str(), i.namespace),
            ("apps", "deployments", None)
        );
        let i = res("/api/v1/nodes/n1");
        assert_eq!(i.name.as_deref(), Some("n1"));
        assert_eq!(parse("/healthz"), None);
    }
}
