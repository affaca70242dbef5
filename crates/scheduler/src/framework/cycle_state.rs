//! Per-cycle plugin state (upstream `CycleState`): what PreFilter/PreScore compute once for the pod and
//! Filter/Score read for every node. Cloneable, because preemption evaluates "what if" copies.

use std::any::Any;
use std::collections::HashMap;

/// One plugin's state: any cloneable value.
pub trait StateData: Any + Send + Sync {
    fn clone_data(&self) -> Box<dyn StateData>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Any + Send + Sync + Clone> StateData for T {
    fn clone_data(&self) -> Box<dyn StateData> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Typed state keyed by the writing plugin's name.
#[derive(Default)]
pub struct CycleState {
    data: HashMap<&'static str, Box<dyn StateData>>,
    /// Score plugins whose PreScore returned Skip for this pod.
    pub skip_score_plugins: Vec<&'static str>,
    /// Filter plugins whose PreFilter returned Skip for this pod.
    pub skip_filter_plugins: Vec<&'static str>,
}

impl Clone for CycleState {
    fn clone(&self) -> Self {
        CycleState {
            data: self
                .data
                .iter()
                .map(|(k, v)| (*k, v.as_ref().clone_data()))
                .collect(),
            skip_score_plugins: self.skip_score_plugins.clone(),
            skip_filter_plugins: self.skip_filter_plugins.clone(),
        }
    }
}

impl CycleState {
    pub fn write<T: Any + Send + Sync + Clone>(&mut self, key: &'static str, value: T) {
        self.data.insert(key, Box::new(value));
    }

    pub fn read<T: Any + Send + Sync + Clone>(&self, key: &'static str) -> Option<&T> {
        self.data
            .get(key)
            .and_then(|b| b.as_ref().as_any().downcast_ref::<T>())
    }

    pub fn read_mut<T: Any + Send + Sync + Clone>(&mut self, key: &'static str) -> Option<&mut T> {
        self.data
            .get_mut(key)
            .and_then(|b| b.as_mut().as_any_mut().downcast_mut::<T>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_state_clones_deeply() {
        let mut s = CycleState::default();
        s.write("A", vec![1, 2]);
        let mut copy = s.clone();
        copy.read_mut::<Vec<i32>>("A").unwrap().push(3);
        assert_eq!(s.read::<Vec<i32>>("A").unwrap(), &vec![1, 2]);
        assert_eq!(copy.read::<Vec<i32>>("A").unwrap(), &vec![1, 2, 3]);
        assert!(s.read::<String>("A").is_none());
    }
}
