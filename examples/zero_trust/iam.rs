//! Requirement 2: cross-account roles that need MFA (recent) and, for a third party, an ExternalId; and
//! the instance role Session Manager needs (no SSH keys anywhere).

use konductor::aws::iam::{Condition, ManagedPolicy, Role, RoleProps, Trust};
use konductor::aws::l1::iam::IamInstanceProfile;
use konductor::core::compliance::nist_800_53::AC_2;
use konductor::prelude::*;

use super::encryption::Keys;

/// The security account of the Control Tower organization, whose people assume the roles below.
pub const SECURITY_ACCOUNT: &str = "222222222222";
/// The managed security provider's account.
pub const PARTNER_ACCOUNT: &str = "999999999999";
/// The external id agreed with the managed security provider.
pub const PARTNER_EXTERNAL_ID: &str = "zt-msp-2026";
/// The most seconds since MFA sign-in a cross-account session accepts.
pub const MFA_MAX_AGE_SECONDS: u32 = 3_600;

/// The roles.
pub struct Roles {
    /// The instances' role: Session Manager only.
    pub instance: Role,
    /// The instance profile carrying it.
    pub instance_profile: IamInstanceProfile,
}

/// The roles and the instance profile.
pub fn roles(stack: &Stack, keys: &Keys) -> konductor::Result<Roles> {
    let recent_mfa = || Condition::numeric_less_than("aws:MultiFactorAuthAge", MFA_MAX_AGE_SECONDS);
    let responder = Role::new(
        stack,
        "incident-responder",
        RoleProps::builder()
            .name("incident-responder")
            .description("incident response from the security account, with recent MFA")
            .trust(Trust::account(SECURITY_ACCOUNT).require_mfa().condition(recent_mfa()))
            .managed_policy(ManagedPolicy::aws("SecurityAudit"))
            .max_session_hours(1)
            .build()?,
    )?;
    let partner = Role::new(
        stack,
        "security-partner",
        RoleProps::builder()
            .name("security-partner")
            .description("the managed security provider: external id and MFA, audit only")
            .trust(
                Trust::account(PARTNER_ACCOUNT).external_id(PARTNER_EXTERNAL_ID).require_mfa().condition(recent_mfa()),
            )
            .managed_policy(ManagedPolicy::aws("SecurityAudit"))
            .max_session_hours(1)
            .build()?,
    )?;
    responder
        .scope()
        .implements(AC_2, "people from the security account enter only through this role, with MFA within the hour");
    partner
        .scope()
        .implements(AC_2, "the managed security provider enters only through this role, with its external id and MFA");
    let instance = Role::new(
        stack,
        "instance",
        RoleProps::builder()
            .name("zero-trust-instance")
            .description("instances: reached through Session Manager, never SSH")
            .trust(Trust::service("ec2").from_this_account())
            .managed_policy(ManagedPolicy::aws("AmazonSSMManagedInstanceCore"))
            .build()?,
    )?;
    keys.data.grant_encrypt_decrypt(&instance)?;
    let instance_profile = IamInstanceProfile::builder(stack, "instance-profile")
        .name(stack.name("zero-trust-instance"))
        .role(instance.name())
        .build();
    Ok(Roles { instance, instance_profile })
}
