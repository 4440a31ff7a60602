//! Typed IAM policy documents: statements, principals, actions, resources and conditions, rendered as the
//! literal JSON strings that policy attributes take (role trust and inline policies, managed policies,
//! bucket, KMS key, queue and topic policies, service control policies), with references inside. Never
//! `jsonencode(...)`: reviewers and scanners read literal JSON.
//!
//! ```
//! use konductor_aws::iam::{Condition, PolicyDocument, Principal, Statement};
//! use konductor_core::{App, Environment, Stack, Val};
//! let app = App::new();
//! let stack = Stack::new(&app, "r1", &Environment::new("dev").unwrap());
//! let trust = PolicyDocument::new().statement(
//!     Statement::assume_role(Principal::aws("arn:aws:iam::123456789012:root"))
//!         .condition(Condition::mfa_present())
//!         .condition(Condition::external_id("r1-external-env1")),
//! );
//! assert_eq!(
//!     trust.to_value(&stack).val(),
//!     &Val::str(concat!(
//!         r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"#,
//!         r#""Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"#,
//!         r#""StringEquals":{"sts:ExternalId":"r1-external-env1"}}}]}"#,
//!     ))
//! );
//! ```
//!
//! # Rendering
//! Exactly what cdktf's `JSON.stringify` wrote: compact; `Version`, `Id`, `Statement`; in a statement `Sid`,
//! `Effect`, `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition`;
//! one value as a string and several as an array; condition operators and keys in the order given, values
//! as strings. A document with no expression inside is a literal string; with expressions it is a string
//! template whose text is the JSON and whose interpolations sit inside the JSON strings
//! (`"Resource":"${aws_cloudwatch_log_group.x.arn}:*"`).
//!
//! # Why the check needs a scope
//! A statement that allows every action on every resource is an error at synthesis unless it carries the
//! named opt-out [`Statement::allow_full_admin`] with a reason. Converting a value for a setter
//! ([`konductor_core::IntoValue`]) has no scope to report to, so `PolicyDocument` deliberately does not
//! implement `IntoValue`: the only way to turn a document into an attribute value is
//! [`PolicyDocument::to_value`]`(&scope)`, which runs [`PolicyDocument::validate`] and reports every
//! problem on that scope (the construct owning the policy), so synthesis fails with the construct path,
//! the statement, the rule and the fix. The check cannot be forgotten because there is no unchecked path;
//! `validate` is public for tests and for constructs that want to fail early with their own error.
//!
//! ```compile_fail
//! use konductor_aws::iam::{PolicyDocument, Principal};
//! use konductor_core::{IntoValue, Value};
//! let trust = PolicyDocument::assume_role(Principal::service("ec2.amazonaws.com"));
//! let v: Value<String> = Value::new(trust); // does not compile: use `trust.to_value(&scope)`
//! ```

mod condition;
mod document;
mod parse;
mod policy_value;
mod principal;
mod role;
mod role_policy;
mod role_trust;
mod statement;
pub(crate) mod validate;

pub use condition::{Condition, ConditionValues};
pub use document::{PolicyDocument, POLICY_VERSION};
pub use policy_value::PolicyValue;
pub use principal::Principal;
pub use role::{Role, RoleProps, RolePropsBuilder};
pub use role_policy::ManagedPolicy;
pub use role_trust::Trust;
pub use statement::{Effect, Statement};
pub use validate::PolicyIssue;

use konductor_core::AsScope;

/// The rule name of the least-privilege rule (no `Allow` of every action, or every IAM action, on every
/// resource), for acknowledgements.
pub const FULL_ADMIN_RULE: &str = "aws-iam-full-admin";

/// The named opt-out of the least-privilege rule for raw policy JSON at and below `scope` (a generic
/// resource's `policy`, an override): the typed equivalent of [`Statement::allow_full_admin`], for text no
/// typed builder wrote. `reason` is kept for reviewers; an empty one is an error.
///
/// ```
/// use konductor_aws::iam::acknowledge_full_admin;
/// use konductor_core::{App, Construct, Environment, GenericResource, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
/// let break_glass = Construct::new(&stack, "break-glass");
/// acknowledge_full_admin(&break_glass, "the security team's break-glass policy, attached to an MFA-only role");
/// GenericResource::new(&break_glass, "admin", "aws_iam_policy")
///     .set("name", stack.name("break-glass"))
///     .set("policy", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#);
/// app.synthesize().unwrap();
/// ```
pub fn acknowledge_full_admin(scope: &impl AsScope, reason: impl Into<String>) {
    scope.scope().acknowledge(FULL_ADMIN_RULE, reason);
}
