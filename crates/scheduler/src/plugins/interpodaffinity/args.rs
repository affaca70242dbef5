//! `InterPodAffinityArgs` (`kubescheduler.config.k8s.io/v1`): decoding, v1 defaults, validation.

use serde::Deserialize;
use skiff_apimachinery::field::{self, FieldErr};

const API_VERSION: &str = "kubescheduler.config.k8s.io/v1";
const KIND: &str = "InterPodAffinityArgs";

/// The plugin's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterPodAffinityArgs {
    /// Score weight of an existing pod's *required* affinity term that selects the incoming pod
    /// (0..=100, default 1; 0 disables it).
    pub hard_pod_affinity_weight: i32,
    /// Skip scoring entirely when the incoming pod has no preferred terms.
    pub ignore_preferred_terms_of_existing_pods: bool,
}

impl Default for InterPodAffinityArgs {
    fn default() -> Self {
        InterPodAffinityArgs {
            hard_pod_affinity_weight: 1,
            ignore_preferred_terms_of_existing_pods: false,
        }
    }
}

/// Why a pluginConfig `args` object was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArgsError {
    /// Not the upstream shape (wrong types, unknown fields, another apiVersion or kind).
    #[error("decoding {KIND}: {0}")]
    Decode(String),
    /// Fails upstream's validation.
    #[error("{}", field::aggregate(.0))]
    Invalid(Vec<FieldErr>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Raw {
    #[serde(default)]
    api_version: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    hard_pod_affinity_weight: Option<i32>,
    #[serde(default)]
    ignore_preferred_terms_of_existing_pods: Option<bool>,
}

impl InterPodAffinityArgs {
    /// Decode the `args` of an `InterPodAffinity` pluginConfig entry (`null` or `{}`: defaults) and
    /// validate them.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, ArgsError> {
        let raw: Raw = if value.is_null() {
            Raw::default()
        } else {
            serde_json::from_value(value.clone()).map_err(|e| ArgsError::Decode(e.to_string()))?
        };
        if raw.api_version.as_deref().is_some_and(|v| v != API_VERSION) {
            return Err(ArgsError::Decode(format!("apiVersion is not {API_VERSION:?}")));
        }
        if raw.kind.as_deref().is_some_and(|k| k != KIND) {
            return Err(ArgsError::Decode(format!("kind is not {KIND:?}")));
        }
        let defaults = InterPodAffinityArgs::default();
        let args = InterPodAffinityArgs {
            hard_pod_affinity_weight: raw
                .hard_pod_affinity_weight
                .unwrap_or(defaults.hard_pod_affinity_weight),
            ignore_preferred_terms_of_existing_pods: raw
                .ignore_preferred_terms_of_existing_pods
                .unwrap_or(defaults.ignore_preferred_terms_of_existing_pods),
        };
        args.validate()?;
        Ok(args)
    }

    /// Upstream `ValidateInterPodAffinityArgs`.
    pub fn validate(&self) -> Result<(), ArgsError> {
        let w = self.hard_pod_affinity_weight;
        if !(0..=100).contains(&w) {
            return Err(ArgsError::Invalid(vec![FieldErr::invalid(
                "hardPodAffinityWeight",
                w,
                "not in valid range [0-100]",
            )]));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decode_default_and_validate() {
        let d = InterPodAffinityArgs::default();
        assert_eq!(
            InterPodAffinityArgs::from_json(&serde_json::Value::Null).unwrap(),
            d
        );
        assert_eq!(InterPodAffinityArgs::from_json(&json!({})).unwrap(), d);
        let a = InterPodAffinityArgs::from_json(&json!({
            "apiVersion": API_VERSION, "kind": KIND,
            "hardPodAffinityWeight": 0, "ignorePreferredTermsOfExistingPods": true
        }))
        .unwrap();
        assert_eq!(a.hard_pod_affinity_weight, 0);
        assert!(a.ignore_preferred_terms_of_existing_pods);
        let err = InterPodAffinityArgs::from_json(&json!({"hardPodAffinityWeight": 101})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "hardPodAffinityWeight: Invalid value: 101: not in valid range [0-100]"
        );
        assert!(matches!(
            InterPodAffinityArgs::from_json(&json!({"bogus": 1})),
            Err(ArgsError::Decode(_))
        ));
    }
}
