//! A zero-trust security framework for a financial-services company in us-east-1, on an AWS Control Tower
//! multi-account setup: a workload account with no path to the internet, everything encrypted with
//! customer-managed keys, every access logged and watched, and guardrails from the management account.
//!
//! Two stacks, environment `prod` (every physical name ends in `-prod`, every resource destroyable):
//! - `zero-trust-guardrails`, in the management account: service control policies that keep the security
//!   services on, attached to the existing organization's root (read with a data source).
//! - `zero-trust`, in the workload account: the VPC (endpoints only, three AZs, Transit Gateway to
//!   on-premises, flow logs with Athena), KMS keys, IAM roles, data bucket, GuardDuty on the existing
//!   detector, Security Hub insights, Config rules, CloudTrail with object lock and CIS alarms, WAF, Session
//!   Manager instead of SSH, and outputs for the SIEM.
//!
//!     cargo run --example zero_trust -- --out cdktf.out

mod compliance;
mod encryption;
mod iam;
mod monitoring;
mod security;
mod vpc;
mod waf;

use konductor::aws::l1::organizations::DataOrganizationsOrganization;
use konductor::aws::providers::AwsProviderDefaultTags;
use konductor::aws::{AwsContext, AwsProvider};
use konductor::prelude::*;

/// The region everything runs in.
pub const REGION: &str = "us-east-1";

/// What already exists and is read, not created: the account, region and partition, the organization.
pub struct Existing {
    /// The workload account, region and partition (`data.aws_caller_identity`, ...), shared by every file.
    pub cx: AwsContext,
    /// The organization (Control Tower's).
    pub organization: DataOrganizationsOrganization,
}

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    build(&app)?;
    app.synth()
}

fn provider(stack: &Stack, account: &str) {
    AwsProvider::builder(stack, "aws")
        .region(REGION)
        .default_tags(vec![AwsProviderDefaultTags::builder()
            .tags([("Framework", "zero-trust"), ("Account", account), ("Environment", "prod")])
            .build()])
        .build();
}

/// Both stacks, in environment `prod` (the tests synthesize them too).
pub fn build(app: &App) -> konductor::Result<()> {
    let env = Environment::new("prod")?;

    let management = Stack::new(app, "zero-trust-guardrails", &env);
    provider(&management, "management");
    compliance::guardrails(&management)?;

    let stack = Stack::new(app, "zero-trust", &env);
    provider(&stack, "workload");
    let existing = Existing {
        cx: AwsContext::new(&stack),
        organization: DataOrganizationsOrganization::builder(&stack, "organization").build(),
    };
    let keys = encryption::keys(&stack)?;
    let network = vpc::network(&stack, &existing)?;
    let roles = iam::roles(&stack, &keys)?;
    let trail = monitoring::trail(&stack, &existing, &keys)?;
    let findings = security::security(&stack, &keys, &network, &roles)?;
    let web_acl = waf::web_acl(&stack, &existing)?;
    compliance::config_rules(&stack);
    monitoring::siem_outputs(&stack, &trail, &findings, &network, &web_acl);
    Output::new(&stack, "instance-profile-name", roles.instance_profile.name());
    Ok(())
}
