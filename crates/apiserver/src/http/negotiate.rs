//! Content negotiation: what the client sent (`Content-Type`) and what it accepts back (`Accept`).

use crate::error::ApiError;

/// The representation of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Json,
    Yaml,
    /// `meta.k8s.io/v1` Table (or v1beta1 when only that is asked).
    Table {
        v1beta1: bool,
    },
    /// Aggregated discovery (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList).
    AggregatedDiscovery,
}

/// Pick the response representation from `Accept` (absent or `*/*`: JSON, as kube-rs expects).
pub fn output(accept: Option<&str>) -> Result<Output, ApiError> {
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(Output::Json);
    };
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or("").to_ascii_lowercase();
        let params: Vec<(String, String)> = parts
            .filter_map(|p| {
                p.split_once('=')
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            })
            .collect();
        let param = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        match media.as_str() {
            "application/json" => match (param("as"), param("g"), param("v")) {
                (Some("Table"), Some("meta.k8s.io"), Some(v)) => {
                    return Ok(Output::Table {
                        v1beta1: v == "v1beta1",
                    });
                }
                (Some("APIGroupDiscoveryList"), Some("apidiscovery.k8s.io"), Some("v2")) => {
                    return Ok(Output::AggregatedDiscovery);
                }
                (Some(_), _, _) => continue,
                _ => return Ok(Output::Json),
            },
            "application/yaml" => return Ok(Output::Yaml),
            "*/*" | "application/*" => return Ok(Output::Json),
            _ => continue,
        }
    }
    Err(ApiError::NotAcceptable(
        "only the following media types are accepted: application/json, application/yaml".into(),
    ))
}

/// The kind of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Json,
    Yaml,
    Protobuf,
    JsonPatch,
    MergePatch,
    StrategicMergePatch,
    ApplyPatch,
}

pub fn input(content_type: Option<&str>) -> Result<Input, ApiError> {
    let ct = content_type.unwrap_or("application/json");
    let media = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    Ok(match media.as_str() {
        "application/json" | "" => Input::Json,
        "application/yaml" => Input::Yaml,
        "application/vnd.kubernetes.protobuf" => Input::Protobuf,
        "application/json-patch+json" => Input::JsonPatch,
        "application/merge-patch+json" => Input::MergePatch,
        "application/strategic-merge-patch+json" => Input::StrategicMergePatch,
        "application/apply-patch+yaml" => Input::ApplyPatch,
        _ => return Err(ApiError::UnsupportedMediaType(ct.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_table_and_discovery() {
        let a = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
        assert_eq!(output(Some(a)).unwrap(), Output::Table { v1beta1: false });
        let d = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(output(Some(d)).unwrap(), Output::AggregatedDiscovery);
        assert_eq!(
            output(Some("application/vnd.kubernetes.protobuf,application/json")).unwrap(),
            Output::Json
        );
        assert_eq!(output(None).unwrap(), Output::Json);
        assert!(output(Some("application/vnd.kubernetes.protobuf")).is_err());
        assert!(input(Some("text/plain")).is_err());
    }
}
