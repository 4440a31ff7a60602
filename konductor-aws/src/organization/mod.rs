//! AWS Organizations: the [`Organization`] construct (OU tree, member accounts, delegated administrators)
//! and its guardrail service control policy library ([`Guardrail`]).
//!
//! ```
//! use konductor_aws::organization::{Account, Guardrail, Organization};
//! konductor_core::testing::synth(|stack| {
//!     let org = Organization::builder(stack, "org")
//!         .home_region("us-east-1")
//!         .allowed_regions(["us-east-1", "us-west-2"])
//!         .account(Account::new("log-archive", "aws+log-archive@example.com").ou("Security"))
//!         .account(Account::new("security", "aws+security@example.com").ou("Security"))
//!         .delegate_security_services("security")
//!         .guardrails("Sandbox", [Guardrail::DenyLeavingOrganization, Guardrail::DenyRootUser])
//!         .build()
//!         .unwrap();
//!     assert_eq!(org.accounts().len(), 2);
//! });
//! ```

mod account;
mod guardrail_policies;
mod guardrails;
#[allow(clippy::module_inception)]
mod organization;
mod ou_tree;
mod scp;
mod services;

pub(crate) use account::is_role_name;
pub use account::{email_problem, Account, DEFAULT_ACCESS_ROLE};
pub use guardrail_policies::{GuardrailPolicies, GuardrailPoliciesBuilder};
pub use guardrails::{Guardrail, GLOBAL_SERVICE_ACTIONS};
pub(crate) use organization::is_region;
pub use organization::{OrgAccount, Organization, OrganizationBuilder, DEFAULT_BREAK_GLASS};
pub use ou_tree::{DEFAULT_OUS, MAX_OU_DEPTH};
pub use scp::{MAX_SCPS_PER_TARGET, SCP_MAX_CHARS};
pub use services::{DelegatedService, OrgService};
