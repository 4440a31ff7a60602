//! Requirement 6: customer-managed KMS keys, rotation on, each usable only by the services and
//! principals named in its policy.

use konductor::aws::kms::{Key, KeyProps};
use konductor::core::compliance::nist_800_53::SC_13;
use konductor::prelude::*;

/// The keys of the workload account.
pub struct Keys {
    /// Application data at rest (the data bucket): used only through S3, and by the roles granted.
    pub data: Key,
    /// Logs: CloudTrail, CloudWatch Logs, log delivery and Session Manager session logs.
    pub logs: Key,
}

/// The keys, each with rotation and a policy naming who may use it.
pub fn keys(stack: &Stack) -> konductor::Result<Keys> {
    let data = Key::new(
        stack,
        "data-key",
        KeyProps::builder()
            .alias("zero-trust-data")
            .description("zero trust: application data at rest")
            .allow_account_use_via("s3")
            .build()?,
    )?;
    let logs = Key::new(
        stack,
        "logs-key",
        KeyProps::builder()
            .alias("zero-trust-logs")
            .description("zero trust: audit and flow logs, session logs")
            .service("cloudtrail")
            .service("logs")
            .service("delivery.logs")
            .build()?,
    )?;
    for key in [&data, &logs] {
        key.scope()
            .implements(SC_13, "a customer-managed KMS key with yearly rotation, usable by the named services only");
    }
    Ok(Keys { data, logs })
}
