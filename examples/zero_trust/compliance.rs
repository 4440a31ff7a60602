//! Requirements 4 and 9: AWS Config rules for unencrypted EBS volumes and publicly accessible RDS (on the
//! recorder Control Tower runs), and service control policies that keep the security services on.

use konductor::aws::l1::organizations::DataOrganizationsOrganization;
use konductor::aws::organization::{Guardrail, GuardrailPolicies};
use konductor::aws::security::{ConfigRule, ConfigRules};
use konductor::prelude::*;

use super::REGION;

/// The Config rules of the workload account.
pub const RULES: [ConfigRule; 6] = [
    ConfigRule::EncryptedVolumes,
    ConfigRule::EbsEncryptionByDefault,
    ConfigRule::RdsInstancePublicAccessCheck,
    ConfigRule::RdsStorageEncrypted,
    ConfigRule::S3BucketPublicReadProhibited,
    ConfigRule::S3BucketSslRequestsOnly,
];

/// The Config rules, on Control Tower's recorder.
pub fn config_rules(stack: &Stack) {
    ConfigRules::on_existing_recorder(stack, "config-rules", &RULES);
}

/// The guardrails, attached to the root of the existing organization: no disabling CloudTrail, GuardDuty,
/// Config, Security Hub, Access Analyzer or EBS default encryption, no key deletion, no leaving, no root
/// user, us-east-1 (and us-west-2 for recovery) only. Control Tower's execution role and the break-glass
/// role are exempt.
pub fn guardrails(stack: &Stack) -> konductor::Result<GuardrailPolicies> {
    let organization = DataOrganizationsOrganization::builder(stack, "organization").build();
    GuardrailPolicies::builder(stack, "guardrails")
        .home_region(REGION)
        .allowed_regions([REGION, "us-west-2"])
        .guardrails(Guardrail::BASELINE.iter().copied())
        .access_roles(["AWSControlTowerExecution"])
        .target("root", organization.roots().expr().index(0).attr("id"))
        .build()
}
