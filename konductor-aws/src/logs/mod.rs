//! CloudWatch Logs building blocks: [`LogGroup`], encrypted with a customer-managed key and kept for a
//! retention period that has to be chosen.

mod log_group;

pub use log_group::{LogGroup, LogGroupProps, LogGroupPropsBuilder, LOG_RETENTION_DAYS};
