//! The guardrail library: service control policy statements that keep the security services on, the
//! organization whole and the root user idle, each with a break-glass exemption.

use crate::iam::{Condition, Statement};

/// The global services a region allowlist must not block: their endpoints answer in `us-east-1` whatever
/// region the caller works in.
pub const GLOBAL_SERVICE_ACTIONS: &[&str] = &[
    "account:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "cur:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "networkmanager:*",
    "organizations:*",
    "route53:*",
    "route53domains:*",
    "shield:*",
    "sso:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf:*",
    "wafv2:*",
];

/// One guardrail of the library. Every guardrail denies, and exempts the break-glass principals with
/// `ArnNotLike aws:PrincipalARN`.
///
/// ```
/// use konductor_aws::organization::Guardrail;
/// assert_eq!(Guardrail::ProtectCloudTrail.sid(), "ProtectCloudTrail");
/// assert!(Guardrail::BASELINE.contains(&Guardrail::DenyRootUser));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Guardrail {
    /// No stopping, deleting or re-scoping CloudTrail trails.
    ProtectCloudTrail,
    /// No deleting or suspending GuardDuty detectors, or leaving the administrator account.
    ProtectGuardDuty,
    /// No stopping or deleting AWS Config recorders, delivery channels, rules and conformance packs.
    ProtectConfig,
    /// No disabling Security Hub or its standards, or leaving the administrator account.
    ProtectSecurityHub,
    /// No deleting IAM Access Analyzer analyzers or archiving their findings by rule.
    ProtectAccessAnalyzer,
    /// No turning EBS default encryption off.
    ProtectEbsDefaultEncryption,
    /// No scheduling KMS key deletion or deleting imported key material.
    DenyKmsKeyDeletion,
    /// No leaving the organization.
    DenyLeavingOrganization,
    /// No actions by the root user of member accounts.
    DenyRootUser,
    /// No actions outside the allowed regions (global services excepted).
    RegionAllowlist,
    /// No actions at all: for the Suspended OU.
    DenyAll,
}

impl Guardrail {
    /// The guardrails attached by default to every top-level OU but Suspended.
    pub const BASELINE: &'static [Guardrail] = &[
        Guardrail::ProtectCloudTrail,
        Guardrail::ProtectGuardDuty,
        Guardrail::ProtectConfig,
        Guardrail::ProtectSecurityHub,
        Guardrail::ProtectAccessAnalyzer,
        Guardrail::ProtectEbsDefaultEncryption,
        Guardrail::DenyKmsKeyDeletion,
        Guardrail::DenyLeavingOrganization,
        Guardrail::DenyRootUser,
        Guardrail::RegionAllowlist,
    ];

    /// The statement id: the variant's name.
    ///
    /// ```
    /// use konductor_aws::organization::Guardrail;
    /// assert_eq!(Guardrail::RegionAllowlist.sid(), "RegionAllowlist");
    /// ```
    pub fn sid(self) -> &'static str {
        match self {
            Guardrail::ProtectCloudTrail => "ProtectCloudTrail",
            Guardrail::ProtectGuardDuty => "ProtectGuardDuty",
            Guardrail::ProtectConfig => "ProtectConfig",
            Guardrail::ProtectSecurityHub => "ProtectSecurityHub",
            Guardrail::ProtectAccessAnalyzer => "ProtectAccessAnalyzer",
            Guardrail::ProtectEbsDefaultEncryption => "ProtectEbsDefaultEncryption",
            Guardrail::DenyKmsKeyDeletion => "DenyKmsKeyDeletion",
            Guardrail::DenyLeavingOrganization => "DenyLeavingOrganization",
            Guardrail::DenyRootUser => "DenyRootUser",
            Guardrail::RegionAllowlist => "RegionAllowlist",
            Guardrail::DenyAll => "DenyAll",
        }
    }

    /// The actions the guardrail denies (for [`Guardrail::RegionAllowlist`], the actions it lets through:
    /// it denies every other action).
    ///
    /// ```
    /// use konductor_aws::organization::Guardrail;
    /// assert!(Guardrail::ProtectCloudTrail.actions().contains(&"cloudtrail:StopLogging"));
    /// ```
    pub fn actions(self) -> &'static [&'static str] {
        match self {
            Guardrail::ProtectCloudTrail => &[
                "cloudtrail:DeleteEventDataStore",
                "cloudtrail:DeleteTrail",
                "cloudtrail:PutEventSelectors",
                "cloudtrail:StopEventDataStoreIngestion",
                "cloudtrail:StopLogging",
                "cloudtrail:UpdateTrail",
            ],
            Guardrail::ProtectGuardDuty => &[
                "guardduty:DeleteDetector",
                "guardduty:DeleteMembers",
                "guardduty:DeletePublishingDestination",
                "guardduty:DisassociateFromAdministratorAccount",
                "guardduty:DisassociateFromMasterAccount",
                "guardduty:DisassociateMembers",
                "guardduty:StopMonitoringMembers",
                "guardduty:UpdateDetector",
            ],
            Guardrail::ProtectConfig => &[
                "config:DeleteConfigRule",
                "config:DeleteConfigurationAggregator",
                "config:DeleteConfigurationRecorder",
                "config:DeleteConformancePack",
                "config:DeleteDeliveryChannel",
                "config:DeleteOrganizationConfigRule",
                "config:DeleteOrganizationConformancePack",
                "config:DeleteRetentionConfiguration",
                "config:StopConfigurationRecorder",
            ],
            Guardrail::ProtectSecurityHub => &[
                "securityhub:BatchDisableStandards",
                "securityhub:DeleteMembers",
                "securityhub:DisableSecurityHub",
                "securityhub:DisassociateFromAdministratorAccount",
                "securityhub:DisassociateFromMasterAccount",
                "securityhub:DisassociateMembers",
            ],
            Guardrail::ProtectAccessAnalyzer => &[
                "access-analyzer:CreateArchiveRule",
                "access-analyzer:DeleteAnalyzer",
                "access-analyzer:UpdateArchiveRule",
            ],
            Guardrail::ProtectEbsDefaultEncryption => &["ec2:DisableEbsEncryptionByDefault"],
            Guardrail::DenyKmsKeyDeletion => &["kms:DeleteImportedKeyMaterial", "kms:ScheduleKeyDeletion"],
            Guardrail::DenyLeavingOrganization => &["organizations:LeaveOrganization"],
            Guardrail::DenyRootUser | Guardrail::DenyAll => &["*"],
            Guardrail::RegionAllowlist => GLOBAL_SERVICE_ACTIONS,
        }
    }

    /// The statement, exempting `exempt` (ARN patterns of the break-glass and deployment roles) and, for
    /// the region allowlist, allowing `regions`.
    ///
    /// ```
    /// use konductor_aws::organization::Guardrail;
    /// let s = Guardrail::DenyLeavingOrganization.statement(&["arn:aws:iam::*:role/BreakGlass".into()], &[]);
    /// assert_eq!(s.statement_id(), Some("DenyLeavingOrganization"));
    /// ```
    pub fn statement(self, exempt: &[String], regions: &[String]) -> Statement {
        let base = Statement::deny().sid(self.sid());
        let s = match self {
            Guardrail::RegionAllowlist => base
                .not_actions(self.actions().iter().copied())
                .resource("*")
                .condition(Condition::new("StringNotEquals", "aws:RequestedRegion", regions.to_vec())),
            Guardrail::DenyRootUser => base
                .actions(self.actions().iter().copied())
                .resource("*")
                .condition(Condition::new("ArnLike", "aws:PrincipalARN", ["arn:aws:iam::*:root"])),
            _ => base.actions(self.actions().iter().copied()).resource("*"),
        };
        s.condition(Condition::new("ArnNotLike", "aws:PrincipalARN", exempt.to_vec()))
    }
}
