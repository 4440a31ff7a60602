//! Security services for every account of a landing zone: account hardening, AWS Config rules, CIS
//! metric-filter alarms, Security Hub, IAM Identity Center permission sets, and GuardDuty on the existing detector (creating a detector is an
//! error at synthesis).

mod account_hardening;
mod cis_alarms;
mod config_rules;
pub(crate) mod guardduty;
mod identity_center;
mod security_hub;

pub use account_hardening::{password_policy, AccountHardening, AnalyzerScope};
pub use cis_alarms::{CisAlarm, CisAlarms, CisCheck, CIS_CHECKS, CIS_NAMESPACE};
pub use config_rules::{ConfigRule, ConfigRules};
pub use guardduty::{
    AutomatedResponse, FilterAction, GuardDutyFilter, GuardDutyOnExisting, GuardDutyOnExistingBuilder, HIGH_SEVERITY,
    STOP_INSTANCE_RUNBOOK,
};
pub use identity_center::{
    aws_managed_policy, IdentityCenter, IdentityCenterBuilder, IdentityPrincipal, PermissionSet,
};
pub use security_hub::{SecurityHub, SecurityStandard, SECURITY_HUB_INSIGHTS};
