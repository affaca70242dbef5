//! The upstream plugin names (`pkg/scheduler/framework/plugins/names/names.go`), as used in
//! KubeSchedulerConfiguration, in `Plugin::name`, and in FailedScheduling explanations.

pub const SCHEDULING_GATES: &str = "SchedulingGates";
pub const PRIORITY_SORT: &str = "PrioritySort";
pub const NODE_UNSCHEDULABLE: &str = "NodeUnschedulable";
pub const NODE_NAME: &str = "NodeName";
pub const TAINT_TOLERATION: &str = "TaintToleration";
pub const NODE_AFFINITY: &str = "NodeAffinity";
pub const NODE_PORTS: &str = "NodePorts";
pub const NODE_RESOURCES_FIT: &str = "NodeResourcesFit";
pub const VOLUME_RESTRICTIONS: &str = "VolumeRestrictions";
pub const NODE_VOLUME_LIMITS: &str = "NodeVolumeLimits";
pub const VOLUME_BINDING: &str = "VolumeBinding";
pub const VOLUME_ZONE: &str = "VolumeZone";
pub const POD_TOPOLOGY_SPREAD: &str = "PodTopologySpread";
pub const INTER_POD_AFFINITY: &str = "InterPodAffinity";
pub const DEFAULT_PREEMPTION: &str = "DefaultPreemption";
pub const NODE_RESOURCES_BALANCED_ALLOCATION: &str = "NodeResourcesBalancedAllocation";
pub const IMAGE_LOCALITY: &str = "ImageLocality";
pub const DEFAULT_BINDER: &str = "DefaultBinder";
pub const DYNAMIC_RESOURCES: &str = "DynamicResources";
