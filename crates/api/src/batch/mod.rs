//! The `batch/v1` group: Jobs and CronJobs.

pub mod cron;
pub mod cronjob;
pub mod job;
