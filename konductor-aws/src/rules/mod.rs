//! AWS rule tables checked at synthesis: destroyability pins and physical-name limits.

use konductor_core::rules::RuleSet;

pub mod destroy;
pub mod names;

/// Every AWS rule, registered with the app when an AWS typed resource or provider is created.
pub static AWS_RULES: RuleSet = RuleSet { name: "aws", destroy: destroy::DESTROY_RULES, names: names::NAME_RULES };
