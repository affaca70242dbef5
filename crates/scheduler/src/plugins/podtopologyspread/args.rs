//! `PodTopologySpreadArgs` (`kubescheduler.config.k8s.io/v1`): decoding, v1 defaults, validation.

use k8s_openapi::api::core::v1::TopologySpreadConstraint;
use serde::Deserialize;
use skiff_apimachinery::field::{self, FieldErr};

use super::constraints::{DO_NOT_SCHEDULE, SCHEDULE_ANYWAY};

const API_VERSION: &str = "kubescheduler.config.k8s.io/v1";
const KIND: &str = "PodTopologySpreadArgs";

/// `defaultingType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DefaultingType {
    /// Use [`super::system_default_constraints`] (the v1 default).
    #[default]
    System,
    /// Use `default_constraints` as given (empty disables defaulting).
    List,
}

/// The plugin's arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PodTopologySpreadArgs {
    /// Used with [`DefaultingType::List`]; without `labelSelector` (the selector comes from the
    /// pod's Services and controller).
    pub default_constraints: Vec<TopologySpreadConstraint>,
    pub defaulting_type: DefaultingType,
}

/// Why a pluginConfig `args` object was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArgsError {
    /// Not the upstream shape (wrong types, unknown fields, another apiVersion or kind).
    #[error("decoding {KIND}: {0}")]
    Decode(String),
    /// Fails upstream's validation (all failures, aggregated).
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
    default_constraints: Option<Vec<TopologySpreadConstraint>>,
    #[serde(default)]
    defaulting_type: Option<String>,
}

impl PodTopologySpreadArgs {
    /// Decode the `args` of a `PodTopologySpread` pluginConfig entry (`null` or `{}`: System
    /// defaulting) and validate them.
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
        let default_constraints = raw.default_constraints.unwrap_or_default();
        let defaulting_type = match raw.defaulting_type.as_deref().unwrap_or("System") {
            "System" => DefaultingType::System,
            "List" => DefaultingType::List,
            other => {
                return Err(ArgsError::Invalid(vec![FieldErr::not_supported(
                    "defaultingType",
                    other,
                    &["System", "List"],
                )]))
            }
        };
        let args = PodTopologySpreadArgs {
            default_constraints,
            defaulting_type,
        };
        args.validate()?;
        Ok(args)
    }

    /// Upstream `ValidatePodTopologySpreadArgs`.
    pub fn validate(&self) -> Result<(), ArgsError> {
        let mut errs = Vec::new();
        if self.defaulting_type == DefaultingType::System && !self.default_constraints.is_empty() {
            errs.push(FieldErr::invalid(
                "defaultingType",
                "System",
                "when .defaultConstraints are not empty",
            ));
        }
        for (i, c) in self.default_constraints.iter().enumerate() {
            let p = format!("defaultConstraints[{i}]");
            if c.max_skew <= 0 {
                errs.push(FieldErr::invalid(
                    format!("{p}.maxSkew"),
                    c.max_skew,
                    "not in valid range (0, inf)",
                ));
            }
            if c.topology_key.is_empty() {
                errs.push(FieldErr::required(format!("{p}.topologyKey"), "can not be empty"));
            } else {
                for msg in skiff_apimachinery::validation::is_qualified_name(&c.topology_key) {
                    errs.push(FieldErr::invalid(
                        format!("{p}.topologyKey"),
                        c.topology_key.as_str(),
                        msg,
                    ));
                }
            }
            let when = c.when_unsatisfiable.as_str();
            if when != DO_NOT_SCHEDULE && when != SCHEDULE_ANYWAY {
                errs.push(FieldErr::not_supported(
                    format!("{p}.whenUnsatisfiable"),
                    when,
                    &[DO_NOT_SCHEDULE, SCHEDULE_ANYWAY],
                ));
            }
            if c.label_selector.is_some() {
                errs.push(FieldErr::forbidden(
                    format!("{p}.labelSelector"),
                    "constraint must not define a selector, as they deduced for each pod",
                ));
            }
            let repeated = self.default_constraints[..i]
                .iter()
                .any(|o| o.topology_key == c.topology_key && o.when_unsatisfiable == c.when_unsatisfiable);
            if repeated {
                errs.push(FieldErr::duplicate(
                    p,
                    format!("{{{}, {}}}", c.topology_key, c.when_unsatisfiable),
                ));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ArgsError::Invalid(errs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decode_default_and_validate() {
        let d = PodTopologySpreadArgs::default();
        assert_eq!(
            PodTopologySpreadArgs::from_json(&serde_json::Value::Null).unwrap(),
            d
        );
        assert_eq!(PodTopologySpreadArgs::from_json(&json!({})).unwrap(), d);
        let a = PodTopologySpreadArgs::from_json(&json!({
            "apiVersion": API_VERSION, "kind": KIND, "defaultingType": "List",
            "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}]
        }))
        .unwrap();
        assert_eq!(a.defaulting_type, DefaultingType::List);
        assert_eq!(a.default_constraints[0].topology_key, "zone");
        let a = PodTopologySpreadArgs::from_json(&json!({"defaultingType": "List"})).unwrap();
        assert!(a.default_constraints.is_empty());

        let err = PodTopologySpreadArgs::from_json(&json!({
            "defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}]
        }))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "defaultingType: Invalid value: \"System\": when .defaultConstraints are not empty"
        );
        let err = PodTopologySpreadArgs::from_json(&json!({
            "defaultingType": "List",
            "defaultConstraints": [
                {"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
                {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule",
                 "labelSelector": {}},
                {"maxSkew": 1, "topologyKey": "", "whenUnsatisfiable": "Sometimes"}
            ]
        }))
        .unwrap_err();
        let ArgsError::Invalid(errs) = &err else {
            panic!("{err:?}")
        };
        let fields: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            fields,
            vec![
                "defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf)",
                "defaultConstraints[1].labelSelector: Forbidden: constraint must not define a selector, \
                 as they deduced for each pod",
                "defaultConstraints[1]: Duplicate value: \"{zone, DoNotSchedule}\"",
                "defaultConstraints[2].topologyKey: Required value: can not be empty",
                "defaultConstraints[2].whenUnsatisfiable: Unsupported value: \"Sometimes\": supported \
                 values: \"DoNotSchedule\", \"ScheduleAnyway\"",
            ]
        );
        assert!(matches!(
            PodTopologySpreadArgs::from_json(&json!({"defaultingType": "Other"})),
            Err(ArgsError::Invalid(_))
        ));
    }
}
