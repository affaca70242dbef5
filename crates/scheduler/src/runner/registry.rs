//! The in-tree plugin registry and the profiles built from a KubeSchedulerConfiguration (or the
//! defaults), as upstream's `plugins/registry.go` and `profile.NewMap` do.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::framework::config::{ConfigError, KubeSchedulerConfiguration, PluginSet, Registry};
use crate::framework::runtime::{Framework, NominatedPods};
use crate::plugins::defaultpreemption::{DefaultPreemption, DefaultPreemptionArgs};
use crate::plugins::image_locality::ImageLocality;
use crate::plugins::interpodaffinity::InterPodAffinity;
use crate::plugins::names;
use crate::plugins::node_affinity::NodeAffinity;
use crate::plugins::node_name::NodeName;
use crate::plugins::node_ports::NodePorts;
use crate::plugins::node_unschedulable::NodeUnschedulable;
use crate::plugins::noderesources::{NodeResourcesBalancedAllocation, NodeResourcesFit};
use crate::plugins::podtopologyspread::PodTopologySpread;
use crate::plugins::taint_toleration::TaintToleration;
use crate::plugins::volumebinding::VolumeBinding;
use crate::plugins::volumerestrictions::VolumeRestrictions;
use crate::queue::Backoff;

/// The scheduler's profiles and what they share.
pub struct Profiles {
    /// Frameworks by schedulerName.
    pub frameworks: HashMap<String, Arc<Framework>>,
    pub backoff: Backoff,
    /// Pods nominated by preemption, counted by every profile's filters.
    pub nominated: Arc<NominatedPods>,
}

/// A PluginSet with the listed extension points filled by one plugin instance.
macro_rules! plugin_set {
    ($plugin:expr; $($point:ident),*) => {{
        let p = Arc::new($plugin);
        let mut set = PluginSet::default();
        $( set.$point = Some(p.clone()); )*
        let _ = p;
        set
    }};
}

fn args_error(e: impl std::fmt::Display) -> Box<dyn std::error::Error + Send + Sync> {
    e.to_string().into()
}

/// Every in-tree plugin Skiff has, by its upstream name.
pub fn in_tree_registry() -> Registry {
    let mut r = Registry::new();
    r.register(
        names::NODE_UNSCHEDULABLE,
        Box::new(|_| Ok(plugin_set!(NodeUnschedulable::new(); filter))),
    );
    r.register(
        names::NODE_NAME,
        Box::new(|_| Ok(plugin_set!(NodeName::new(); filter))),
    );
    r.register(
        names::NODE_PORTS,
        Box::new(|_| Ok(plugin_set!(NodePorts::new(); pre_filter, filter))),
    );
    r.register(
        names::NODE_AFFINITY,
        Box::new(|_| Ok(plugin_set!(NodeAffinity::new(); pre_filter, filter, pre_score, score))),
    );
    r.register(
        names::TAINT_TOLERATION,
        Box::new(|_| Ok(plugin_set!(TaintToleration::new(); filter, pre_score, score))),
    );
    r.register(
        names::IMAGE_LOCALITY,
        Box::new(|_| Ok(plugin_set!(ImageLocality::new(); pre_score, score))),
    );
    r.register(
        names::NODE_RESOURCES_FIT,
        Box::new(|args| {
            let p = NodeResourcesFit::from_json(args).map_err(args_error)?;
            Ok(plugin_set!(p; pre_filter, filter, pre_score, score))
        }),
    );
    r.register(
        names::NODE_RESOURCES_BALANCED_ALLOCATION,
        Box::new(|args| {
            let p = NodeResourcesBalancedAllocation::from_json(args).map_err(args_error)?;
            Ok(plugin_set!(p; pre_score, score))
        }),
    );
    r.register(
        names::INTER_POD_AFFINITY,
        Box::new(|args| {
            let p = InterPodAffinity::from_json(args).map_err(args_error)?;
            Ok(plugin_set!(p; pre_filter, filter, pre_score, score))
        }),
    );
    r.register(
        names::POD_TOPOLOGY_SPREAD,
        Box::new(|args| {
            let p = PodTopologySpread::from_json(args).map_err(args_error)?;
            Ok(plugin_set!(p; pre_filter, filter, pre_score, score))
        }),
    );
    r.register(
        names::VOLUME_BINDING,
        Box::new(|_| Ok(plugin_set!(VolumeBinding; pre_filter, filter))),
    );
    r.register(
        names::VOLUME_RESTRICTIONS,
        Box::new(|_| Ok(plugin_set!(VolumeRestrictions; pre_filter, filter))),
    );
    r.register(
        names::DEFAULT_PREEMPTION,
        Box::new(|args| Ok(plugin_set!(DefaultPreemption { args: preemption_args(args)? }; post_filter))),
    );
    // Points the runner itself carries out: queue order, scheduling gates, binding.
    for name in [
        names::PRIORITY_SORT,
        names::SCHEDULING_GATES,
        names::DEFAULT_BINDER,
    ] {
        r.register(name, Box::new(|_| Ok(PluginSet::default())));
    }
    // Not built yet: CSI attach limits and zonal volumes. Registered as no-ops so the upstream default
    // profile loads; they never reject a node (Skiff has no CSI drivers or zonal volume sources yet).
    for name in [names::NODE_VOLUME_LIMITS, names::VOLUME_ZONE] {
        r.register(name, Box::new(|_| Ok(PluginSet::default())));
    }
    r
}

fn preemption_args(args: &Value) -> Result<DefaultPreemptionArgs, Box<dyn std::error::Error + Send + Sync>> {
    let mut out = DefaultPreemptionArgs::default();
    let int = |k: &str| args.get(k).and_then(Value::as_i64);
    if let Some(p) = int("minCandidateNodesPercentage") {
        if !(0..=100).contains(&p) {
            return Err("minCandidateNodesPercentage: Invalid value: not in valid range [0, 100]".into());
        }
        out.min_candidate_nodes_percentage = p as usize;
    }
    if let Some(a) = int("minCandidateNodesAbsolute") {
        if a < 0 {
            return Err("minCandidateNodesAbsolute: Invalid value: not in valid range [0, inf)".into());
        }
        out.min_candidate_nodes_absolute = a as usize;
    }
    Ok(out)
}

/// Build the profiles of `config` (None: the upstream default profile `default-scheduler`).
pub fn profiles(config: Option<&Value>) -> Result<Profiles, ConfigError> {
    let config = match config {
        Some(v) => KubeSchedulerConfiguration::from_json_value(v)?,
        None => KubeSchedulerConfiguration::default(),
    };
    let registry = in_tree_registry();
    let nominated = Arc::new(NominatedPods::new());
    let mut frameworks = HashMap::new();
    for profile in &config.profiles {
        let fw = Framework::from_profile(&config, profile, &registry)?.with_nominator(nominated.clone());
        frameworks.insert(profile.scheduler_name.clone(), Arc::new(fw));
    }
    let backoff = Backoff {
        initial: Duration::from_secs(config.pod_initial_backoff_seconds.max(1) as u64),
        max: Duration::from_secs(config.pod_max_backoff_seconds.max(1) as u64),
    };
    Ok(Profiles {
        frameworks,
        backoff,
        nominated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_profile_builds_with_every_default_plugin() {
        let built = profiles(None).unwrap();
        assert!(built.frameworks.contains_key("default-scheduler"));
        assert_eq!(built.backoff.initial, Duration::from_secs(1));
        assert_eq!(built.backoff.max, Duration::from_secs(10));
    }

    #[test]
    fn a_configuration_file_disables_and_weights_plugins() {
        let cfg = serde_json::json!({
            "apiVersion": "kubescheduler.config.k8s.io/v1",
            "kind": "KubeSchedulerConfiguration",
            "profiles": [{
                "schedulerName": "bin-packer",
                "plugins": {"score": {"disabled": [{"name": "ImageLocality"}], "enabled": [{"name": "NodeResourcesFit", "weight": 5}]}},
                "pluginConfig": [{"name": "NodeResourcesFit", "args": {"scoringStrategy": {"type": "MostAllocated"}}}],
            }],
        });
        let built = profiles(Some(&cfg)).unwrap();
        assert!(built.frameworks.contains_key("bin-packer"));
        let bad = serde_json::json!({"apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
            "profiles": [{"schedulerName": "x", "plugins": {"filter": {"enabled": [{"name": "NoSuchPlugin"}]}}}]});
        assert!(profiles(Some(&bad)).is_err());
    }
}
