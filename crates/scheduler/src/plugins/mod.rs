//! The default plugins, one module per upstream plugin.
pub mod defaultpreemption;
pub mod helpers;
pub mod image_locality;
pub mod interpodaffinity;
pub mod names;
pub mod node_affinity;
pub mod node_name;
pub mod node_ports;
pub mod node_unschedulable;
pub mod noderesources;
pub mod podtopologyspread;
pub mod priority_sort;
pub mod scheduling_gates;
pub mod taint_toleration;
pub mod volumebinding;
pub mod volumerestrictions;
