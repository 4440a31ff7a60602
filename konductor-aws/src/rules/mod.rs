//! AWS rules checked at synthesis: destroyability pins, physical-name limits, and checks of whole bodies
//! and of the resources of a stack together (admin ports never open to the internet).

use konductor_core::rules::RuleSet;

pub mod checks;
pub mod destroy;
pub(crate) mod ingress;
pub mod names;
pub mod network_acls;
pub mod policies;
pub mod security_groups;

/// Every AWS rule, registered with the app when an AWS typed resource or provider is created.
pub static AWS_RULES: RuleSet = RuleSet {
    name: "aws",
    destroy: destroy::DESTROY_RULES,
    names: names::NAME_RULES,
    checks: checks::CHECKS,
    groups: checks::GROUPS,
};
