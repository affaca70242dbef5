//! Per-pod exponential backoff: initial × 2^(attempts−1), capped (1 s, 2 s, 4 s, 8 s, 10 s, 10 s, ...).

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    /// podInitialBackoffSeconds 1, podMaxBackoffSeconds 10.
    fn default() -> Self {
        Backoff {
            initial: Duration::from_secs(1),
            max: Duration::from_secs(10),
        }
    }
}

impl Backoff {
    pub fn duration(&self, attempts: u32) -> Duration {
        let exp = attempts.saturating_sub(1).min(30);
        self.initial.saturating_mul(1u32 << exp).min(self.max)
    }
}
