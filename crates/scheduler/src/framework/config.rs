//! `KubeSchedulerConfiguration` (`kubescheduler.config.k8s.io/v1`): parsing, upstream's defaulting
//! (`apis/config/v1/defaults.go`, `default_plugins.go`) and validation (`apis/config/validation`), and
//! the shapes a plugin registry fills ([`PluginSet`], [`Registry`]).
//!
//! The file format is upstream's; YAML is the caller's business (convert to a JSON value first, then
//! [`KubeSchedulerConfiguration::from_json_value`]). Plugin arguments stay raw JSON values: each plugin
//! parses and defaults its own `<Name>Args`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{FilterPlugin, PostFilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin, MAX_NODE_SCORE};

pub const API_VERSION: &str = "kubescheduler.config.k8s.io/v1";
pub const KIND: &str = "KubeSchedulerConfiguration";
pub const DEFAULT_SCHEDULER_NAME: &str = "default-scheduler";
pub const DEFAULT_PARALLELISM: i32 = 16;
/// 0 means adaptive (`50 - nodes/125`, at least 5%).
pub const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE: i32 = 0;
pub const DEFAULT_POD_INITIAL_BACKOFF_SECONDS: i64 = 1;
pub const DEFAULT_POD_MAX_BACKOFF_SECONDS: i64 = 10;

/// Plugins removed from the v1 API (`invalidPluginsByVersion`); naming one is an error.
const REMOVED_PLUGINS: [&str; 4] = ["AzureDiskLimits", "CinderLimits", "EBSLimits", "GCEPDLimits"];

/// One scheduler instance's settings, defaulted and validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeSchedulerConfiguration {
    /// Workers for filtering and scoring.
    pub parallelism: i32,
    /// Percentage of nodes to find feasible before scoring; 0 = adaptive.
    pub percentage_of_nodes_to_score: i32,
    pub pod_initial_backoff_seconds: i64,
    pub pod_max_backoff_seconds: i64,
    /// One framework per profile, chosen by the pod's `spec.schedulerName`.
    pub profiles: Vec<KubeSchedulerProfile>,
}

/// A profile: a scheduler name and its plugins.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KubeSchedulerProfile {
    pub scheduler_name: String,
    /// Overrides the global percentage for this profile.
    pub percentage_of_nodes_to_score: Option<i32>,
    /// The defaults merged with what the file says (upstream's defaulting), per extension point.
    pub plugins: Plugins,
    pub plugin_config: Vec<PluginConfig>,
}

/// Enabled/disabled plugins per extension point, plus `multiPoint` (enables a plugin at every point it
/// implements).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Plugins {
    pub pre_enqueue: PluginSetConfig,
    pub queue_sort: PluginSetConfig,
    pub pre_filter: PluginSetConfig,
    pub filter: PluginSetConfig,
    pub post_filter: PluginSetConfig,
    pub pre_score: PluginSetConfig,
    pub score: PluginSetConfig,
    pub reserve: PluginSetConfig,
    pub permit: PluginSetConfig,
    pub pre_bind: PluginSetConfig,
    pub bind: PluginSetConfig,
    pub post_bind: PluginSetConfig,
    pub multi_point: PluginSetConfig,
}

/// Upstream `PluginSet` (`enabled`, `disabled`; `disabled: [{name: "*"}]` disables every default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct PluginSetConfig {
    pub enabled: Vec<PluginEntry>,
    pub disabled: Vec<PluginEntry>,
}

/// Upstream `Plugin`: a name and, for Score, a weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PluginEntry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
}

impl PluginEntry {
    pub fn new(name: &str) -> PluginEntry {
        PluginEntry {
            name: name.into(),
            weight: None,
        }
    }

    pub fn weighted(name: &str, weight: i32) -> PluginEntry {
        PluginEntry {
            name: name.into(),
            weight: Some(weight),
        }
    }
}

/// A plugin's arguments (`<Name>Args`), kept raw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PluginConfig {
    pub name: String,
    #[serde(default)]
    pub args: Value,
}

/// A path-qualified validation error, printed like upstream's `field.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub kind: FieldErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldErrorKind {
    Required,
    Duplicate(String),
    Invalid { value: String, detail: String },
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FieldErrorKind::Required => write!(f, "{}: Required value", self.field),
            FieldErrorKind::Duplicate(v) => write!(f, "{}: Duplicate value: {v:?}", self.field),
            FieldErrorKind::Invalid { value, detail } => {
                write!(f, "{}: Invalid value: {value}: {detail}", self.field)
            }
        }
    }
}

fn invalid(field: impl Into<String>, value: impl fmt::Display, detail: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        kind: FieldErrorKind::Invalid {
            value: value.to_string(),
            detail: detail.into(),
        },
    }
}

/// Errors loading a configuration or building a framework from it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("decoding KubeSchedulerConfiguration: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("apiVersion {found:?} is not supported: use \"kubescheduler.config.k8s.io/v1\"")]
    UnsupportedApiVersion { found: String },
    #[error("kind {found:?} is not \"KubeSchedulerConfiguration\"")]
    WrongKind { found: String },
    #[error("extenders are not supported (profiles[*].plugins is the way to change scheduling)")]
    ExtendersUnsupported,
    /// Validation failures, all of them (upstream's aggregate: `[a, b]` when several).
    #[error("{}", join_field_errors(.0))]
    Invalid(Vec<FieldError>),
    #[error("{point}Plugin {name:?} does not exist")]
    UnknownPlugin { point: ExtensionPoint, name: String },
    #[error("plugin {name:?} is not registered")]
    NotRegistered { name: String },
    #[error("plugin {name:?} does not extend {point}Plugin")]
    NotExtending { point: ExtensionPoint, name: String },
    #[error("plugin {name:?} already registered as {point}Plugin")]
    AlreadyRegistered { point: ExtensionPoint, name: String },
    #[error("initializing plugin {name:?}: {source}")]
    PluginInit {
        name: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("total score of Score plugins could overflow")]
    ScoreOverflow,
}

fn join_field_errors(errs: &[FieldError]) -> String {
    let parts: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("[{}]", parts.join(", "))
    }
}

/// The file as written (every field optional), before defaulting.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfiguration {
    api_version: Option<String>,
    kind: Option<String>,
    parallelism: Option<i32>,
    percentage_of_nodes_to_score: Option<i32>,
    pod_initial_backoff_seconds: Option<i64>,
    pod_max_backoff_seconds: Option<i64>,
    #[serde(default)]
    profiles: Vec<RawProfile>,
    #[serde(default)]
    extenders: Vec<Value>,
    // Accepted for compatibility with upstream files; Skiff has no use for them.
    #[allow(dead_code)]
    leader_election: Option<Value>,
    #[allow(dead_code)]
    client_connection: Option<Value>,
    #[allow(dead_code)]
    enable_profiling: Option<bool>,
    #[allow(dead_code)]
    enable_contention_profiling: Option<bool>,
    #[allow(dead_code)]
    delay_cache_until_active: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawProfile {
    scheduler_name: Option<String>,
    percentage_of_nodes_to_score: Option<i32>,
    plugins: Option<Plugins>,
    #[serde(default)]
    plugin_config: Vec<PluginConfig>,
}

impl Default for KubeSchedulerConfiguration {
    /// The configuration kube-scheduler runs with when given none: one `default-scheduler` profile with
    /// the default plugins.
    fn default() -> Self {
        KubeSchedulerConfiguration {
            parallelism: DEFAULT_PARALLELISM,
            percentage_of_nodes_to_score: DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE,
            pod_initial_backoff_seconds: DEFAULT_POD_INITIAL_BACKOFF_SECONDS,
            pod_max_backoff_seconds: DEFAULT_POD_MAX_BACKOFF_SECONDS,
            profiles: vec![KubeSchedulerProfile {
                scheduler_name: DEFAULT_SCHEDULER_NAME.into(),
                percentage_of_nodes_to_score: None,
                plugins: merge_plugins(&default_plugin_config(), None),
                plugin_config: vec![],
            }],
        }
    }
}

impl KubeSchedulerConfiguration {
    /// Parse JSON text (convert YAML to a JSON value first and use [`Self::from_json_value`]).
    pub fn from_json_str(text: &str) -> Result<Self, ConfigError> {
        let value: Value = serde_json::from_str(text)?;
        Self::from_json_value(&value)
    }

    /// Decode (unknown fields are errors, as upstream's strict decoding), default and validate.
    pub fn from_json_value(value: &Value) -> Result<Self, ConfigError> {
        let raw: RawConfiguration = serde_json::from_value(value.clone())?;
        match raw.api_version.as_deref() {
            Some(API_VERSION) => {}
            other => {
                return Err(ConfigError::UnsupportedApiVersion {
                    found: other.unwrap_or_default().to_string(),
                })
            }
        }
        match raw.kind.as_deref() {
            Some(KIND) => {}
            other => {
                return Err(ConfigError::WrongKind {
                    found: other.unwrap_or_default().to_string(),
                })
            }
        }
        if !raw.extenders.is_empty() {
            return Err(ConfigError::ExtendersUnsupported);
        }
        let mut raw_profiles = raw.profiles;
        if raw_profiles.is_empty() {
            raw_profiles.push(RawProfile::default());
        }
        // Only a single profile gets the default name; validation wants every other one named.
        let single = raw_profiles.len() == 1;
        let defaults = default_plugin_config();
        let profiles = raw_profiles
            .into_iter()
            .map(|p| KubeSchedulerProfile {
                scheduler_name: p.scheduler_name.unwrap_or_else(|| {
                    if single {
                        DEFAULT_SCHEDULER_NAME.into()
                    } else {
                        String::new()
                    }
                }),
                percentage_of_nodes_to_score: p.percentage_of_nodes_to_score,
                plugins: merge_plugins(&defaults, p.plugins.as_ref()),
                plugin_config: p.plugin_config,
            })
            .collect();
        let config = KubeSchedulerConfiguration {
            parallelism: raw.parallelism.unwrap_or(DEFAULT_PARALLELISM),
            percentage_of_nodes_to_score: raw
                .percentage_of_nodes_to_score
                .unwrap_or(DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE),
            pod_initial_backoff_seconds: raw
                .pod_initial_backoff_seconds
                .unwrap_or(DEFAULT_POD_INITIAL_BACKOFF_SECONDS),
            pod_max_backoff_seconds: raw
                .pod_max_backoff_seconds
                .unwrap_or(DEFAULT_POD_MAX_BACKOFF_SECONDS),
            profiles,
        };
        config.validate()?;
        Ok(config)
    }

    /// Upstream's `ValidateKubeSchedulerConfiguration`, reporting every problem at once.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let mut errs = vec![];
        if self.parallelism <= 0 {
            errs.push(invalid(
                "parallelism",
                self.parallelism,
                "should be an integer value greater than zero",
            ));
        }
        if self.profiles.is_empty() {
            errs.push(FieldError {
                field: "profiles".into(),
                kind: FieldErrorKind::Required,
            });
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, profile) in self.profiles.iter().enumerate() {
            validate_profile(&format!("profiles[{i}]"), profile, &mut errs);
            if let Some(first) = seen.get(profile.scheduler_name.as_str()) {
                errs.push(FieldError {
                    field: format!("profiles[{i}].schedulerName"),
                    kind: FieldErrorKind::Duplicate(format!("profiles[{first}].schedulerName")),
                });
            } else {
                seen.insert(&profile.scheduler_name, i);
            }
        }
        validate_common_queue_sort(&self.profiles, &mut errs);
        validate_percentage(
            "percentageOfNodesToScore",
            Some(self.percentage_of_nodes_to_score),
            &mut errs,
        );
        if self.pod_initial_backoff_seconds <= 0 {
            errs.push(invalid(
                "podInitialBackoffSeconds",
                self.pod_initial_backoff_seconds,
                "must be greater than 0",
            ));
        }
        if self.pod_max_backoff_seconds < self.pod_initial_backoff_seconds {
            errs.push(invalid(
                "podMaxBackoffSeconds",
                self.pod_max_backoff_seconds,
                "must be greater than or equal to PodInitialBackoffSeconds",
            ));
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::Invalid(errs))
        }
    }

    /// The profile for a `spec.schedulerName`.
    pub fn profile(&self, scheduler_name: &str) -> Option<&KubeSchedulerProfile> {
        self.profiles.iter().find(|p| p.scheduler_name == scheduler_name)
    }
}

impl KubeSchedulerProfile {
    /// The `args` configured for a plugin, if any.
    pub fn plugin_args(&self, name: &str) -> Option<&Value> {
        self.plugin_config
            .iter()
            .find(|c| c.name == name)
            .map(|c| &c.args)
    }

    /// This profile's percentage, or the global one.
    pub fn effective_percentage(&self, global: i32) -> i32 {
        self.percentage_of_nodes_to_score.unwrap_or(global)
    }
}

fn removed_detail() -> String {
    format!("was invalid in version {API_VERSION:?} (KubeSchedulerConfiguration is version {API_VERSION:?})")
}

fn validate_percentage(field: &str, value: Option<i32>, errs: &mut Vec<FieldError>) {
    if let Some(v) = value {
        if !(0..=100).contains(&v) {
            errs.push(invalid(field, v, "not in valid range [0-100]"));
        }
    }
}

fn validate_profile(path: &str, profile: &KubeSchedulerProfile, errs: &mut Vec<FieldError>) {
    if profile.scheduler_name.is_empty() {
        errs.push(FieldError {
            field: format!("{path}.schedulerName"),
            kind: FieldErrorKind::Required,
        });
    }
    validate_percentage(
        &format!("{path}.percentageOfNodesToScore"),
        profile.percentage_of_nodes_to_score,
        errs,
    );
    for (point, set) in profile.plugins.points() {
        for (i, p) in set.enabled.iter().enumerate() {
            let field = format!("{path}.plugins.{point}.enabled[{i}]");
            if REMOVED_PLUGINS.contains(&p.name.as_str()) {
                errs.push(invalid(field.clone(), format!("{:?}", p.name), removed_detail()));
            }
            // Skiff: a negative weight would reward the worst nodes; upstream does not check it.
            if let Some(w) = p.weight.filter(|w| *w < 0) {
                errs.push(invalid(format!("{field}.weight"), w, "must not be negative"));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (i, c) in profile.plugin_config.iter().enumerate() {
        let field = format!("{path}.pluginConfig[{i}]");
        if !seen.insert(c.name.as_str()) {
            errs.push(FieldError {
                field: field.clone(),
                kind: FieldErrorKind::Duplicate(c.name.clone()),
            });
        }
        if REMOVED_PLUGINS.contains(&c.name.as_str()) {
            errs.push(invalid(field, format!("{:?}", c.name), removed_detail()));
        }
    }
}

/// The queue is shared by all profiles, so they must agree on its order.
fn validate_common_queue_sort(profiles: &[KubeSchedulerProfile], errs: &mut Vec<FieldError>) {
    let Some(first) = profiles.first() else { return };
    let canon = &first.plugins.queue_sort;
    if canon.enabled.len() > 1 {
        errs.push(invalid(
            "profiles[0].plugins.queueSort.Enabled",
            canon.enabled.len(),
            "only one queue sort plugin can be enabled",
        ));
    }
    let queue_sort_name = canon.enabled.first().map(|p| p.name.as_str());
    let canon_args = queue_sort_name.and_then(|n| first.plugin_args(n));
    for (i, p) in profiles.iter().enumerate().skip(1) {
        if p.plugins.queue_sort != *canon {
            errs.push(invalid(
                format!("profiles[{i}].plugins.queueSort"),
                format!("{:?}", p.plugins.queue_sort),
                "must be the same for all profiles",
            ));
        }
        if let Some(name) = queue_sort_name {
            if let Some(args) = p.plugin_args(name) {
                if Some(args) != canon_args {
                    errs.push(invalid(
                        format!("profiles[{i}].pluginConfig.args"),
                        args,
                        "queueSort must be the same for all profiles",
                    ));
                }
            }
        }
    }
}

impl Plugins {
    /// Every extension point's set with its config name (multiPoint included, first).
    pub fn points(&self) -> [(&'static str, &PluginSetConfig); 13] {
        [
            ("multiPoint", &self.multi_point),
            ("preEnqueue", &self.pre_enqueue),
            ("queueSort", &self.queue_sort),
            ("preFilter", &self.pre_filter),
            ("filter", &self.filter),
            ("postFilter", &self.post_filter),
            ("preScore", &self.pre_score),
            ("score", &self.score),
            ("reserve", &self.reserve),
            ("permit", &self.permit),
            ("preBind", &self.pre_bind),
            ("bind", &self.bind),
            ("postBind", &self.post_bind),
        ]
    }

    /// The set configured for a point the framework runs.
    pub fn point(&self, point: ExtensionPoint) -> &PluginSetConfig {
        match point {
            ExtensionPoint::PreFilter => &self.pre_filter,
            ExtensionPoint::Filter => &self.filter,
            ExtensionPoint::PostFilter => &self.post_filter,
            ExtensionPoint::PreScore => &self.pre_score,
            ExtensionPoint::Score => &self.score,
        }
    }
}

/// Upstream's default plugins (`getDefaultPlugins`, 1.31+ without feature-gated additions), all enabled
/// through `multiPoint`, with their score weights.
pub fn default_plugins() -> Vec<PluginEntry> {
    let plain = PluginEntry::new;
    let weighted = PluginEntry::weighted;
    vec![
        plain("SchedulingGates"),
        plain("PrioritySort"),
        plain("NodeUnschedulable"),
        plain("NodeName"),
        weighted("TaintToleration", 3),
        weighted("NodeAffinity", 2),
        plain("NodePorts"),
        weighted("NodeResourcesFit", 1),
        plain("VolumeRestrictions"),
        plain("NodeVolumeLimits"),
        plain("VolumeBinding"),
        plain("VolumeZone"),
        weighted("PodTopologySpread", 2),
        weighted("InterPodAffinity", 2),
        plain("DefaultPreemption"),
        weighted("NodeResourcesBalancedAllocation", 1),
        weighted("ImageLocality", 1),
        plain("DefaultBinder"),
    ]
}

fn default_plugin_config() -> Plugins {
    Plugins {
        multi_point: PluginSetConfig {
            enabled: default_plugins(),
            disabled: vec![],
        },
        ..Default::default()
    }
}

/// Upstream's `mergePlugins`: the custom sets applied over the defaults, point by point.
pub fn merge_plugins(defaults: &Plugins, custom: Option<&Plugins>) -> Plugins {
    let Some(custom) = custom else {
        return defaults.clone();
    };
    let m = merge_plugin_set;
    Plugins {
        pre_enqueue: m(&defaults.pre_enqueue, &custom.pre_enqueue),
        queue_sort: m(&defaults.queue_sort, &custom.queue_sort),
        pre_filter: m(&defaults.pre_filter, &custom.pre_filter),
        filter: m(&defaults.filter, &custom.filter),
        post_filter: m(&defaults.post_filter, &custom.post_filter),
        pre_score: m(&defaults.pre_score, &custom.pre_score),
        score: m(&defaults.score, &custom.score),
        reserve: m(&defaults.reserve, &custom.reserve),
        permit: m(&defaults.permit, &custom.permit),
        pre_bind: m(&defaults.pre_bind, &custom.pre_bind),
        bind: m(&defaults.bind, &custom.bind),
        post_bind: m(&defaults.post_bind, &custom.post_bind),
        multi_point: m(&defaults.multi_point, &custom.multi_point),
    }
}

/// Upstream's `mergePluginSet`: defaults minus the disabled ones (all with `*`), a default re-listed in
/// `enabled` replaced in place (keeping its position), then the remaining custom plugins. The disabled
/// lists are kept, so multiPoint expansion knows which points opted out.
pub fn merge_plugin_set(defaults: &PluginSetConfig, custom: &PluginSetConfig) -> PluginSetConfig {
    let disabled: Vec<PluginEntry> = custom
        .disabled
        .iter()
        .chain(&defaults.disabled)
        .map(|p| PluginEntry::new(&p.name))
        .collect();
    let disabled_names: BTreeSet<&str> = disabled.iter().map(|p| p.name.as_str()).collect();
    let custom_by_name: HashMap<&str, usize> = custom
        .enabled
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.as_str(), i))
        .collect();
    let mut replaced = BTreeSet::new();
    let mut enabled = vec![];
    if !disabled_names.contains("*") {
        for p in &defaults.enabled {
            if disabled_names.contains(p.name.as_str()) {
                continue;
            }
            match custom_by_name.get(p.name.as_str()) {
                Some(&i) => {
                    enabled.push(custom.enabled[i].clone());
                    replaced.insert(i);
                }
                None => enabled.push(p.clone()),
            }
        }
    }
    for (i, p) in custom.enabled.iter().enumerate() {
        if !replaced.contains(&i) {
            enabled.push(p.clone());
        }
    }
    PluginSetConfig { enabled, disabled }
}

/// Every plugin a profile needs instantiated (upstream `pluginsNeeded`: enabled at any point or through
/// multiPoint), in first-mention order, with its configured score weight: the `score` point's entry
/// wins over multiPoint's, as upstream's `getScoreWeights`; 0 means none configured (the framework
/// gives Score plugins without a weight the weight 1).
pub fn effective_plugins(profile: &KubeSchedulerProfile) -> Vec<(String, i32)> {
    let weight_of = |name: &str| {
        profile
            .plugins
            .score
            .enabled
            .iter()
            .chain(&profile.plugins.multi_point.enabled)
            .find(|p| p.name == name)
            .and_then(|p| p.weight)
            .unwrap_or(0)
    };
    let mut seen = BTreeSet::new();
    let mut out = vec![];
    for (_, set) in profile.plugins.points() {
        for p in &set.enabled {
            if seen.insert(p.name.as_str()) {
                out.push((p.name.clone(), weight_of(&p.name)));
            }
        }
    }
    out
}

/// The extension points Skiff's framework runs itself. (QueueSort, PreEnqueue, Reserve, Permit,
/// PreBind, Bind and PostBind are carried out by the queue and the runner, not through plugin lists.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExtensionPoint {
    PreFilter,
    Filter,
    PostFilter,
    PreScore,
    Score,
}

impl ExtensionPoint {
    pub const ALL: [ExtensionPoint; 5] = [
        ExtensionPoint::PreFilter,
        ExtensionPoint::Filter,
        ExtensionPoint::PostFilter,
        ExtensionPoint::PreScore,
        ExtensionPoint::Score,
    ];
}

impl fmt::Display for ExtensionPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExtensionPoint::PreFilter => "PreFilter",
            ExtensionPoint::Filter => "Filter",
            ExtensionPoint::PostFilter => "PostFilter",
            ExtensionPoint::PreScore => "PreScore",
            ExtensionPoint::Score => "Score",
        })
    }
}

/// The ordered plugin names at each point the framework runs, and the Score weights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedPlugins {
    pub points: BTreeMap<ExtensionPoint, Vec<String>>,
    /// Score plugin → weight (≥ 1).
    pub score_weights: BTreeMap<String, i64>,
}

impl ResolvedPlugins {
    pub fn at(&self, point: ExtensionPoint) -> &[String] {
        self.points.get(&point).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Upstream's `NewFramework` list building: each point's explicitly enabled plugins
/// (`updatePluginList`), then multiPoint expansion (`expandMultiPointPlugins`: a multiPoint plugin
/// goes to every point it implements unless disabled there or everything is disabled there with `*`;
/// re-listing it at a point overrides the multiPoint entry and keeps the point's order first), then
/// Score weights (`getScoreWeights`: the score point's weight wins, 0 becomes 1, the total must not
/// overflow).
///
/// `implements(name, point)` says whether the plugin implements the point, `None` when no such plugin
/// is registered.
pub fn resolve_extension_points(
    plugins: &Plugins,
    implements: &dyn Fn(&str, ExtensionPoint) -> Option<bool>,
) -> Result<ResolvedPlugins, ConfigError> {
    let mut resolved = ResolvedPlugins::default();
    for point in ExtensionPoint::ALL {
        let set = plugins.point(point);
        // Explicitly enabled at this point.
        let mut explicit: Vec<&str> = vec![];
        for p in &set.enabled {
            match implements(&p.name, point) {
                None => {
                    return Err(ConfigError::UnknownPlugin {
                        point,
                        name: p.name.clone(),
                    })
                }
                Some(false) => {
                    return Err(ConfigError::NotExtending {
                        point,
                        name: p.name.clone(),
                    })
                }
                Some(true) => {}
            }
            if explicit.contains(&p.name.as_str()) {
                return Err(ConfigError::AlreadyRegistered {
                    point,
                    name: p.name.clone(),
                });
            }
            explicit.push(&p.name);
        }
        let disabled: BTreeSet<&str> = set.disabled.iter().map(|p| p.name.as_str()).collect();
        let mut list: Vec<String> = vec![];
        if disabled.contains("*") {
            list.extend(explicit.iter().map(|s| s.to_string()));
        } else {
            let mut multi: Vec<&str> = vec![];
            let mut overrides: BTreeSet<&str> = BTreeSet::new();
            for p in &plugins.multi_point.enabled {
                match implements(&p.name, point) {
                    None => {
                        return Err(ConfigError::UnknownPlugin {
                            point,
                            name: p.name.clone(),
                        })
                    }
                    Some(false) => continue,
                    Some(true) => {}
                }
                if disabled.contains(p.name.as_str()) {
                    continue;
                }
                if explicit.contains(&p.name.as_str()) {
                    overrides.insert(&p.name);
                    continue;
                }
                if multi.contains(&p.name.as_str()) {
                    return Err(ConfigError::AlreadyRegistered {
                        point,
                        name: p.name.clone(),
                    });
                }
                multi.push(&p.name);
            }
            // Order: overridden plugins (in this point's order), multiPoint ones, then the rest.
            list.extend(
                explicit
                    .iter()
                    .filter(|n| overrides.contains(*n))
                    .map(|s| s.to_string()),
            );
            list.extend(multi.iter().map(|s| s.to_string()));
            list.extend(
                explicit
                    .iter()
                    .filter(|n| !overrides.contains(*n))
                    .map(|s| s.to_string()),
            );
        }
        resolved.points.insert(point, list);
    }

    let mut total: i64 = 0;
    for p in plugins.score.enabled.iter().chain(&plugins.multi_point.enabled) {
        if implements(&p.name, ExtensionPoint::Score) != Some(true)
            || resolved.score_weights.contains_key(&p.name)
        {
            continue;
        }
        let weight = match p.weight.unwrap_or(0) {
            0 => 1,
            w => i64::from(w),
        };
        if weight.saturating_mul(MAX_NODE_SCORE) > i64::MAX - total {
            return Err(ConfigError::ScoreOverflow);
        }
        total += weight * MAX_NODE_SCORE;
        resolved.score_weights.insert(p.name.clone(), weight);
    }
    let scoring: BTreeSet<String> = resolved.at(ExtensionPoint::Score).iter().cloned().collect();
    resolved.score_weights.retain(|name, _| scoring.contains(name));
    Ok(resolved)
}

/// What a plugin constructor returns: the plugin behind each extension point it implements (usually
/// one `Arc` of the same value, coerced into each trait).
#[derive(Clone, Default)]
pub struct PluginSet {
    pub pre_filter: Option<Arc<dyn PreFilterPlugin>>,
    pub filter: Option<Arc<dyn FilterPlugin>>,
    pub post_filter: Option<Arc<dyn PostFilterPlugin>>,
    pub pre_score: Option<Arc<dyn PreScorePlugin>>,
    pub score: Option<Arc<dyn ScorePlugin>>,
}

impl PluginSet {
    /// Whether the plugin implements `point`.
    pub fn implements(&self, point: ExtensionPoint) -> bool {
        match point {
            ExtensionPoint::PreFilter => self.pre_filter.is_some(),
            ExtensionPoint::Filter => self.filter.is_some(),
            ExtensionPoint::PostFilter => self.post_filter.is_some(),
            ExtensionPoint::PreScore => self.pre_score.is_some(),
            ExtensionPoint::Score => self.score.is_some(),
        }
    }
}

impl fmt::Debug for PluginSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let points: Vec<String> = ExtensionPoint::ALL
            .into_iter()
            .filter(|p| self.implements(*p))
            .map(|p| p.to_string())
            .collect();
        f.debug_struct("PluginSet").field("points", &points).finish()
    }
}

/// Builds a plugin from its `args` (the profile's `pluginConfig` entry, or `{}` when there is none).
/// Plugins that only act at points the runner carries out (PrioritySort, DefaultBinder,
/// SchedulingGates) return an empty [`PluginSet`].
pub type PluginFactory =
    Box<dyn Fn(&Value) -> Result<PluginSet, Box<dyn std::error::Error + Send + Sync>> + Send + Sync>;

/// Plugin name → constructor (upstream `runtime.Registry`).
#[derive(Default)]
pub struct Registry {
    factories: BTreeMap<String, PluginFactory>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Register (or replace) a plugin constructor.
    pub fn register(&mut self, name: &str, factory: PluginFactory) {
        self.factories.insert(name.to_string(), factory);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.factories.contains_key(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.factories.keys().map(String::as_str)
    }

    /// Construct the plugin `name` with `args`.
    pub fn build(&self, name: &str, args: &Value) -> Option<Result<PluginSet, ConfigError>> {
        let factory = self.factories.get(name)?;
        Some(factory(args).map_err(|source| ConfigError::PluginInit {
            name: name.to_string(),
            source,
        }))
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.factories.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn load(v: Value) -> Result<KubeSchedulerConfiguration, ConfigError> {
        KubeSchedulerConfiguration::from_json_value(&v)
    }

    fn base() -> Value {
        json!({"apiVersion": API_VERSION, "kind": KIND})
    }

    fn with(extra: Value) -> Value {
        let mut v = base();
        for (k, val) in extra.as_object().unwrap() {
            v[k] = val.clone();
        }
        v
    }

    /// Which points each default plugin implements in Skiff's framework (scheduler.md §1.3).
    fn default_implements(name: &str, point: ExtensionPoint) -> Option<bool> {
        use ExtensionPoint::*;
        let points: &[ExtensionPoint] = match name {
            "SchedulingGates" | "PrioritySort" | "DefaultBinder" => &[],
            "NodeUnschedulable" | "NodeName" => &[Filter],
            "TaintToleration" => &[Filter, PreScore, Score],
            "NodeAffinity" | "NodeResourcesFit" | "PodTopologySpread" | "InterPodAffinity" => {
                &[PreFilter, Filter, PreScore, Score]
            }
            "NodePorts" | "VolumeRestrictions" | "NodeVolumeLimits" | "VolumeZone" => &[PreFilter, Filter],
            "VolumeBinding" => &[PreFilter, Filter, PreScore, Score],
            "DefaultPreemption" => &[PostFilter],
            "NodeResourcesBalancedAllocation" => &[PreScore, Score],
            "ImageLocality" => &[Score],
            "Custom" => &[Filter, Score],
            _ => return None,
        };
        Some(points.contains(&point))
    }

    #[test]
    fn defaults() {
        let c = load(base()).unwrap();
        assert_eq!(c, KubeSchedulerConfiguration::default());
        assert_eq!(c.parallelism, 16);
        assert_eq!(c.percentage_of_nodes_to_score, 0);
        assert_eq!(c.pod_initial_backoff_seconds, 1);
        assert_eq!(c.pod_max_backoff_seconds, 10);
        assert_eq!(c.profiles.len(), 1);
        assert_eq!(c.profiles[0].scheduler_name, "default-scheduler");
        let eff = effective_plugins(&c.profiles[0]);
        assert_eq!(eff.len(), 18);
        assert_eq!(eff[0], ("SchedulingGates".to_string(), 0));
        assert_eq!(eff[4], ("TaintToleration".to_string(), 3));
        assert_eq!(eff[5], ("NodeAffinity".to_string(), 2));
        assert_eq!(eff[7], ("NodeResourcesFit".to_string(), 1));
        assert_eq!(eff[12], ("PodTopologySpread".to_string(), 2));
        assert_eq!(eff[13], ("InterPodAffinity".to_string(), 2));
        assert_eq!(eff[17], ("DefaultBinder".to_string(), 0));
    }

    #[test]
    fn resolves_default_points_and_weights() {
        let c = KubeSchedulerConfiguration::default();
        let r = resolve_extension_points(&c.profiles[0].plugins, &default_implements).unwrap();
        assert_eq!(
            r.at(ExtensionPoint::Filter),
            [
                "NodeUnschedulable",
                "NodeName",
                "TaintToleration",
                "NodeAffinity",
                "NodePorts",
                "NodeResourcesFit",
                "VolumeRestrictions",
                "NodeVolumeLimits",
                "VolumeBinding",
                "VolumeZone",
                "PodTopologySpread",
                "InterPodAffinity"
            ]
        );
        assert_eq!(r.at(ExtensionPoint::PostFilter), ["DefaultPreemption"]);
        assert_eq!(
            r.at(ExtensionPoint::Score),
            [
                "TaintToleration",
                "NodeAffinity",
                "NodeResourcesFit",
                "VolumeBinding",
                "PodTopologySpread",
                "InterPodAffinity",
                "NodeResourcesBalancedAllocation",
                "ImageLocality"
            ]
        );
        let w = &r.score_weights;
        assert_eq!(w["TaintToleration"], 3);
        assert_eq!(w["NodeAffinity"], 2);
        assert_eq!(w["NodeResourcesFit"], 1);
        assert_eq!(w["VolumeBinding"], 1);
        assert_eq!(w["PodTopologySpread"], 2);
        assert_eq!(w["InterPodAffinity"], 2);
        assert_eq!(w["ImageLocality"], 1);
    }

    #[test]
    fn score_override_and_disable() {
        let c = load(with(json!({"profiles": [{"plugins": {
            "score": {
                "enabled": [{"name": "NodeResourcesFit", "weight": 5}],
                "disabled": [{"name": "ImageLocality"}, {"name": "TaintToleration"}]
            }
        }}]})))
        .unwrap();
        let p = &c.profiles[0];
        let eff = effective_plugins(p);
        assert!(eff.contains(&("NodeResourcesFit".to_string(), 5)));
        // Still needed: TaintToleration filters.
        assert!(eff.iter().any(|(n, _)| n == "TaintToleration"));
        let r = resolve_extension_points(&p.plugins, &default_implements).unwrap();
        let score = r.at(ExtensionPoint::Score);
        // The explicitly enabled (overriding) plugin comes first.
        assert_eq!(score[0], "NodeResourcesFit");
        assert!(!score.contains(&"ImageLocality".to_string()));
        assert!(!score.contains(&"TaintToleration".to_string()));
        assert!(r
            .at(ExtensionPoint::Filter)
            .contains(&"TaintToleration".to_string()));
        assert_eq!(r.score_weights["NodeResourcesFit"], 5);
    }

    #[test]
    fn disable_all_with_star() {
        let c = load(with(json!({"profiles": [{"plugins": {
            "multiPoint": {"disabled": [{"name": "*"}], "enabled": [{"name": "Custom", "weight": 4}]},
            "filter": {"enabled": [{"name": "NodeName"}]}
        }}]})))
        .unwrap();
        let p = &c.profiles[0];
        assert_eq!(
            effective_plugins(p),
            vec![("Custom".to_string(), 4), ("NodeName".to_string(), 0)]
        );
        let r = resolve_extension_points(&p.plugins, &default_implements).unwrap();
        assert_eq!(r.at(ExtensionPoint::Filter), ["Custom", "NodeName"]);
        assert_eq!(r.at(ExtensionPoint::Score), ["Custom"]);
        assert_eq!(r.score_weights["Custom"], 4);
        assert!(r.at(ExtensionPoint::PostFilter).is_empty());

        // `*` at one point stops multiPoint expansion there only.
        let c = load(with(json!({"profiles": [{"plugins": {
            "score": {"disabled": [{"name": "*"}]}
        }}]})))
        .unwrap();
        let r = resolve_extension_points(&c.profiles[0].plugins, &default_implements).unwrap();
        assert!(r.at(ExtensionPoint::Score).is_empty());
        assert_eq!(r.at(ExtensionPoint::Filter).len(), 12);
    }

    #[test]
    fn unknown_and_mismatched_plugins() {
        let c = load(with(json!({"profiles": [{"plugins": {
            "filter": {"enabled": [{"name": "Nope"}]}
        }}]})))
        .unwrap();
        let err = resolve_extension_points(&c.profiles[0].plugins, &default_implements).unwrap_err();
        assert_eq!(err.to_string(), "FilterPlugin \"Nope\" does not exist");

        let c = load(with(json!({"profiles": [{"plugins": {
            "score": {"enabled": [{"name": "NodeName"}]}
        }}]})))
        .unwrap();
        let err = resolve_extension_points(&c.profiles[0].plugins, &default_implements).unwrap_err();
        assert_eq!(err.to_string(), "plugin \"NodeName\" does not extend ScorePlugin");

        let c = load(with(json!({"profiles": [{"plugins": {
            "multiPoint": {"enabled": [{"name": "Custom"}, {"name": "Custom"}]}
        }}]})))
        .unwrap();
        let err = resolve_extension_points(&c.profiles[0].plugins, &default_implements).unwrap_err();
        assert_eq!(
            err.to_string(),
            "plugin \"Custom\" already registered as FilterPlugin"
        );
    }

    #[test]
    fn validation_errors() {
        let err = load(with(json!({
            "parallelism": 0,
            "percentageOfNodesToScore": 120,
            "podInitialBackoffSeconds": 5,
            "podMaxBackoffSeconds": 2,
        })))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "[parallelism: Invalid value: 0: should be an integer value greater than zero, \
             percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100], \
             podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds]"
        );

        let err = load(with(json!({"profiles": [
            {"schedulerName": "a"}, {"schedulerName": "a"}, {}
        ]})))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "[profiles[1].schedulerName: Duplicate value: \"profiles[0].schedulerName\", \
             profiles[2].schedulerName: Required value]"
        );

        let err = load(with(json!({"profiles": [{"plugins": {
            "filter": {"enabled": [{"name": "EBSLimits"}]}
        }}]})))
        .unwrap_err();
        assert!(err
            .to_string()
            .contains("profiles[0].plugins.filter.enabled[0]: Invalid value: \"EBSLimits\": was invalid"));

        let err = load(with(json!({"profiles": [{"pluginConfig": [
            {"name": "NodeResourcesFit", "args": {}}, {"name": "NodeResourcesFit", "args": {}}
        ]}]})))
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "profiles[0].pluginConfig[1]: Duplicate value: \"NodeResourcesFit\""
        );

        let err = load(with(json!({"profiles": [
            {"schedulerName": "a"},
            {"schedulerName": "b", "plugins": {"queueSort": {"disabled": [{"name": "*"}], "enabled": [{"name": "Other"}]}}}
        ]})))
        .unwrap_err();
        assert!(err.to_string().contains("must be the same for all profiles"));
    }

    #[test]
    fn decoding_errors() {
        let err =
            load(json!({"apiVersion": "kubescheduler.config.k8s.io/v1beta3", "kind": KIND})).unwrap_err();
        assert!(matches!(err, ConfigError::UnsupportedApiVersion { .. }));
        let err = load(json!({"apiVersion": API_VERSION})).unwrap_err();
        assert!(matches!(err, ConfigError::WrongKind { .. }));
        let err = load(with(json!({"parallelizm": 3}))).unwrap_err();
        assert!(err.to_string().contains("unknown field `parallelizm`"), "{err}");
        let err = load(with(json!({"extenders": [{"urlPrefix": "http://x"}]}))).unwrap_err();
        assert!(matches!(err, ConfigError::ExtendersUnsupported));
        assert!(KubeSchedulerConfiguration::from_json_str("{").is_err());
    }

    #[test]
    fn full_file_round_trip() {
        let c = KubeSchedulerConfiguration::from_json_str(
            r#"{
              "apiVersion": "kubescheduler.config.k8s.io/v1",
              "kind": "KubeSchedulerConfiguration",
              "leaderElection": {"leaderElect": false},
              "clientConnection": {"kubeconfig": "/etc/kubernetes/scheduler.conf"},
              "percentageOfNodesToScore": 50,
              "profiles": [
                {"schedulerName": "default-scheduler"},
                {"schedulerName": "bin-packing",
                 "percentageOfNodesToScore": 100,
                 "pluginConfig": [{"name": "NodeResourcesFit",
                                   "args": {"scoringStrategy": {"type": "MostAllocated"}}}]}
              ]
            }"#,
        )
        .unwrap();
        assert_eq!(c.percentage_of_nodes_to_score, 50);
        let bp = c.profile("bin-packing").unwrap();
        assert_eq!(bp.effective_percentage(c.percentage_of_nodes_to_score), 100);
        assert_eq!(
            c.profile("default-scheduler")
                .unwrap()
                .effective_percentage(c.percentage_of_nodes_to_score),
            50
        );
        assert_eq!(
            bp.plugin_args("NodeResourcesFit").unwrap()["scoringStrategy"]["type"],
            "MostAllocated"
        );
        assert_eq!(bp.plugins, c.profiles[0].plugins);
    }

    #[test]
    fn merge_replaces_in_place_and_appends() {
        let defaults = PluginSetConfig {
            enabled: vec![
                PluginEntry::new("A"),
                PluginEntry::weighted("B", 1),
                PluginEntry::new("C"),
            ],
            disabled: vec![],
        };
        let custom = PluginSetConfig {
            enabled: vec![PluginEntry::new("D"), PluginEntry::weighted("B", 7)],
            disabled: vec![PluginEntry::new("A")],
        };
        let merged = merge_plugin_set(&defaults, &custom);
        assert_eq!(
            merged.enabled,
            vec![
                PluginEntry::weighted("B", 7),
                PluginEntry::new("C"),
                PluginEntry::new("D")
            ]
        );
        assert_eq!(merged.disabled, vec![PluginEntry::new("A")]);
    }

    #[test]
    fn registry_builds_plugins() {
        let mut reg = Registry::new();
        reg.register("Empty", Box::new(|_args| Ok(PluginSet::default())));
        reg.register(
            "Picky",
            Box::new(|args| {
                if args.get("bad").is_some() {
                    Err("bad args".into())
                } else {
                    Ok(PluginSet::default())
                }
            }),
        );
        assert!(reg.contains("Empty"));
        assert!(reg.build("Missing", &json!({})).is_none());
        assert!(reg.build("Empty", &json!({})).unwrap().is_ok());
        let err = reg.build("Picky", &json!({"bad": 1})).unwrap().unwrap_err();
        assert_eq!(err.to_string(), "initializing plugin \"Picky\": bad args");
        assert_eq!(reg.names().collect::<Vec<_>>(), ["Empty", "Picky"]);
    }
}
