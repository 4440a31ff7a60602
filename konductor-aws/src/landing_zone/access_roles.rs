//! Cross-account access into an account of the landing zone: roles for people signed in to the
//! identity account (MFA required, recently), and for third parties (an ExternalId), all with short
//! sessions.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Construct, Expr, Result, Scope};

use crate::iam::{Condition, ManagedPolicy, Role, RoleProps, Trust};

/// The most seconds since the caller's MFA sign-in that a cross-account role accepts.
pub const MAX_MFA_AGE_SECONDS: u32 = 3_600;

/// The roles people of the identity account assume into this account: `operator`
/// (`PowerUserAccess`) and `read-only` (`ReadOnlyAccess`), each trusting only the identity account, only
/// with MFA (`aws:MultiFactorAuthPresent`) signed in within the last hour (`aws:MultiFactorAuthAge`),
/// for one-hour sessions.
///
/// ```
/// use konductor_aws::landing_zone::CrossAccountAccess;
/// let json = konductor_core::testing::synth(|stack| {
///     CrossAccountAccess::new(stack, "access", konductor_core::Expr::var("identity_account_id")).unwrap();
/// });
/// assert_eq!(json["resource"]["aws_iam_role"].as_object().unwrap().len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct CrossAccountAccess {
    scope: Construct,
    operator: Role,
    read_only: Role,
}

impl AsScope for CrossAccountAccess {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

fn mfa_trust(identity_account: &Expr) -> Trust {
    Trust::principal(template!("arn:aws:iam::{}:root", identity_account))
        .require_mfa()
        .condition(Condition::numeric_less_than("aws:MultiFactorAuthAge", MAX_MFA_AGE_SECONDS))
}

impl CrossAccountAccess {
    /// The roles under `scope` with `id`, trusting the account `identity_account` (its id, usually a
    /// reference across stacks).
    pub fn new(scope: &impl AsScope, id: &str, identity_account: impl Into<Expr>) -> Result<Self> {
        let scope = Construct::new(scope, id);
        scope.scope().implements(nist_800_53::IA_2, "cross-account roles require MFA signed in within the last hour");
        scope
            .scope()
            .implements(nist_800_53::AC_17, "remote administration only through one-hour, MFA-bound role sessions");
        let identity = identity_account.into();
        let role = |rid: &str, policy: &str, what: &str| {
            Role::new(
                &scope,
                rid,
                RoleProps::builder()
                    .name(rid)
                    .description(what)
                    .trust(mfa_trust(&identity))
                    .managed_policy(ManagedPolicy::aws(policy))
                    .max_session_hours(1)
                    .build()?,
            )
        };
        let operator = role("operator", "PowerUserAccess", "operators from the identity account, with MFA")?;
        let read_only = role("read-only", "ReadOnlyAccess", "read-only access from the identity account, with MFA")?;
        Ok(CrossAccountAccess { scope, operator, read_only })
    }

    /// The operator role.
    pub fn operator(&self) -> &Role {
        &self.operator
    }

    /// The read-only role.
    pub fn read_only(&self) -> &Role {
        &self.read_only
    }
}

/// A role a third party (an auditor, a managed security provider) assumes from its own account
/// `account_id`, only with the agreed `external_id` (`sts:ExternalId`, against the confused deputy), to
/// audit (`SecurityAudit`), for one-hour sessions.
///
/// ```
/// use konductor_aws::landing_zone::third_party_audit_role;
/// let json = konductor_core::testing::synth(|stack| {
///     third_party_audit_role(stack, "auditor", "999999999999", "audit-2026-q4").unwrap();
/// });
/// let (_, role) = konductor_core::testing::resources(&json, "aws_iam_role")[0];
/// assert!(role["assume_role_policy"].as_str().unwrap().contains(r#""sts:ExternalId":"audit-2026-q4""#));
/// ```
pub fn third_party_audit_role(scope: &impl AsScope, id: &str, account_id: &str, external_id: &str) -> Result<Role> {
    let role = Role::new(
        scope,
        id,
        RoleProps::builder()
            .name(id)
            .description("third-party security audit, with an external id")
            .trust(Trust::account(account_id).external_id(external_id))
            .managed_policy(ManagedPolicy::aws("SecurityAudit"))
            .max_session_hours(1)
            .build()?,
    )?;
    role.scope().implements(nist_800_53::AC_6, "a third party audits through a read-only role bound to an external id");
    Ok(role)
}
