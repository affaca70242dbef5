//! The FailedScheduling message (upstream `FitError.Error()`), filled in by the runtime work.
