//! The AWS services an organization trusts ([`OrgService`]) and the ones it can hand to a delegated
//! administrator ([`DelegatedService`]).

/// An AWS service given trusted access to the organization (an `aws_service_access_principals` entry).
///
/// ```
/// use konductor_aws::organization::OrgService;
/// assert_eq!(OrgService::GuardDuty.principal(), "guardduty.amazonaws.com");
/// assert_eq!(OrgService::ALL.len(), 10);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgService {
    /// IAM Access Analyzer: organization-wide analyzers.
    AccessAnalyzer,
    /// AWS Backup: backup policies and cross-account copies.
    Backup,
    /// CloudTrail: organization trails.
    CloudTrail,
    /// AWS Config: aggregators and organization rules.
    Config,
    /// AWS Config multi-account setup: organization rules and conformance packs.
    ConfigMultiAccountSetup,
    /// GuardDuty: organization-wide detectors managed by the delegated administrator.
    GuardDuty,
    /// Resource Access Manager: sharing within the organization.
    Ram,
    /// Security Hub: organization configuration and findings aggregation.
    SecurityHub,
    /// IAM Identity Center (SSO): permission sets and account assignments.
    Sso,
    /// Tag policies and other organization-wide tagging.
    Tagging,
}

impl OrgService {
    /// Every service, the default of an [`Organization`](super::Organization).
    pub const ALL: &'static [OrgService] = &[
        OrgService::AccessAnalyzer,
        OrgService::Backup,
        OrgService::CloudTrail,
        OrgService::Config,
        OrgService::ConfigMultiAccountSetup,
        OrgService::GuardDuty,
        OrgService::Ram,
        OrgService::SecurityHub,
        OrgService::Sso,
        OrgService::Tagging,
    ];

    /// The service principal: `cloudtrail.amazonaws.com`.
    ///
    /// ```
    /// use konductor_aws::organization::OrgService;
    /// assert_eq!(OrgService::Sso.principal(), "sso.amazonaws.com");
    /// ```
    pub fn principal(self) -> &'static str {
        match self {
            OrgService::AccessAnalyzer => "access-analyzer.amazonaws.com",
            OrgService::Backup => "backup.amazonaws.com",
            OrgService::CloudTrail => "cloudtrail.amazonaws.com",
            OrgService::Config => "config.amazonaws.com",
            OrgService::ConfigMultiAccountSetup => "config-multiaccountsetup.amazonaws.com",
            OrgService::GuardDuty => "guardduty.amazonaws.com",
            OrgService::Ram => "ram.amazonaws.com",
            OrgService::SecurityHub => "securityhub.amazonaws.com",
            OrgService::Sso => "sso.amazonaws.com",
            OrgService::Tagging => "tagpolicies.tag.amazonaws.com",
        }
    }

    /// The variant's name, for messages: `OrgService::GuardDuty`.
    pub(crate) fn rust_name(self) -> &'static str {
        match self {
            OrgService::AccessAnalyzer => "OrgService::AccessAnalyzer",
            OrgService::Backup => "OrgService::Backup",
            OrgService::CloudTrail => "OrgService::CloudTrail",
            OrgService::Config => "OrgService::Config",
            OrgService::ConfigMultiAccountSetup => "OrgService::ConfigMultiAccountSetup",
            OrgService::GuardDuty => "OrgService::GuardDuty",
            OrgService::Ram => "OrgService::Ram",
            OrgService::SecurityHub => "OrgService::SecurityHub",
            OrgService::Sso => "OrgService::Sso",
            OrgService::Tagging => "OrgService::Tagging",
        }
    }
}

/// A security service whose administration the management account hands to a member account (the
/// security tooling account), so that the management account is used for as little as possible.
///
/// ```
/// use konductor_aws::organization::{DelegatedService, OrgService};
/// assert_eq!(DelegatedService::Config.needs(), [OrgService::Config, OrgService::ConfigMultiAccountSetup]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DelegatedService {
    /// IAM Access Analyzer (`aws_organizations_delegated_administrator`).
    AccessAnalyzer,
    /// CloudTrail (`aws_cloudtrail_organization_delegated_admin_account`).
    CloudTrail,
    /// AWS Config, rules and conformance packs (`aws_organizations_delegated_administrator`, twice).
    Config,
    /// GuardDuty (`aws_guardduty_organization_admin_account`).
    GuardDuty,
    /// Security Hub (`aws_securityhub_organization_admin_account`).
    SecurityHub,
    /// IAM Identity Center: permission sets and assignments from the identity account
    /// (`aws_organizations_delegated_administrator`).
    IdentityCenter,
}

impl DelegatedService {
    /// The five security services, the usual delegations to the security tooling account.
    pub const SECURITY: &'static [DelegatedService] = &[
        DelegatedService::AccessAnalyzer,
        DelegatedService::CloudTrail,
        DelegatedService::Config,
        DelegatedService::GuardDuty,
        DelegatedService::SecurityHub,
    ];

    /// The trusted services the delegation needs enabled on the organization.
    ///
    /// ```
    /// use konductor_aws::organization::{DelegatedService, OrgService};
    /// assert_eq!(DelegatedService::GuardDuty.needs(), [OrgService::GuardDuty]);
    /// ```
    pub fn needs(self) -> &'static [OrgService] {
        match self {
            DelegatedService::AccessAnalyzer => &[OrgService::AccessAnalyzer],
            DelegatedService::CloudTrail => &[OrgService::CloudTrail],
            DelegatedService::Config => &[OrgService::Config, OrgService::ConfigMultiAccountSetup],
            DelegatedService::GuardDuty => &[OrgService::GuardDuty],
            DelegatedService::SecurityHub => &[OrgService::SecurityHub],
            DelegatedService::IdentityCenter => &[OrgService::Sso],
        }
    }

    /// A short name for ids and messages: `guardduty`.
    pub fn slug(self) -> &'static str {
        match self {
            DelegatedService::AccessAnalyzer => "access-analyzer",
            DelegatedService::CloudTrail => "cloudtrail",
            DelegatedService::Config => "config",
            DelegatedService::GuardDuty => "guardduty",
            DelegatedService::SecurityHub => "securityhub",
            DelegatedService::IdentityCenter => "sso",
        }
    }
}
