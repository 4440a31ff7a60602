//! [`AccountHardening`]: the account-wide settings every account gets: an IAM password policy, IAM Access
//! Analyzer, EBS encryption by default and the S3 account-level public access block.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsScope, Construct, Scope};

use crate::l1::accessanalyzer::AccessanalyzerAnalyzer;
use crate::l1::ec2::EbsEncryptionByDefault;
use crate::l1::iam::IamAccountPasswordPolicy;
use crate::l1::s3::S3AccountPublicAccessBlock;

/// The IAM password policy's settings (CIS 1.8 - 1.9 and beyond): what the `iam-password-policy` Config
/// rule checks too.
pub mod password_policy {
    /// The shortest password allowed.
    pub const MINIMUM_LENGTH: u32 = 14;
    /// How many earlier passwords cannot be reused.
    pub const REUSE_PREVENTION: u32 = 24;
    /// Days a password lives.
    pub const MAX_AGE_DAYS: u32 = 90;
}

/// Whether the account's analyzer covers the account or, in the delegated administrator, the whole
/// organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum AnalyzerScope {
    /// `ACCOUNT`: resources shared outside this account.
    #[default]
    Account,
    /// `ORGANIZATION`: resources shared outside the organization (the Access Analyzer delegated
    /// administrator only).
    Organization,
}

/// The account-wide security settings, for every account of a landing zone.
///
/// ```
/// use konductor_aws::security::{AccountHardening, AnalyzerScope};
/// let json = konductor_core::testing::synth(|stack| {
///     AccountHardening::new(stack, "hardening", AnalyzerScope::Account);
/// });
/// assert_eq!(json["resource"]["aws_ebs_encryption_by_default"]["hardening_ebs-encryption_438F03D8"]["enabled"], true);
/// ```
#[derive(Clone, Debug)]
pub struct AccountHardening {
    scope: Construct,
    password_policy: IamAccountPasswordPolicy,
    analyzer: AccessanalyzerAnalyzer,
    ebs: EbsEncryptionByDefault,
    public_access_block: S3AccountPublicAccessBlock,
}

impl AsScope for AccountHardening {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl AccountHardening {
    /// The settings under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, analyzer: AnalyzerScope) -> Self {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::IA_5,
            "an IAM password policy of 14 characters, every character class, 24 remembered, 90 days",
        );
        scope
            .scope()
            .implements(nist_800_53::SC_28, "EBS encryption by default and the S3 account public access block");
        scope
            .scope()
            .implements(nist_800_53::AC_3, "IAM Access Analyzer reports resources shared outside the zone of trust");
        let password_policy = IamAccountPasswordPolicy::builder(&scope, "password-policy")
            .minimum_password_length(password_policy::MINIMUM_LENGTH)
            .require_lowercase_characters(true)
            .require_uppercase_characters(true)
            .require_numbers(true)
            .require_symbols(true)
            .allow_users_to_change_password(true)
            .password_reuse_prevention(password_policy::REUSE_PREVENTION)
            .max_password_age(password_policy::MAX_AGE_DAYS)
            .build();
        let (kind, base) = match analyzer {
            AnalyzerScope::Account => ("ACCOUNT", "access-analyzer"),
            AnalyzerScope::Organization => ("ORGANIZATION", "org-access-analyzer"),
        };
        let analyzer = AccessanalyzerAnalyzer::builder(&scope, "access-analyzer")
            .analyzer_name(scope.name(base))
            .r#type(kind)
            .build();
        let ebs = EbsEncryptionByDefault::builder(&scope, "ebs-encryption").enabled(true).build();
        let public_access_block = S3AccountPublicAccessBlock::builder(&scope, "s3-public-access-block")
            .block_public_acls(true)
            .block_public_policy(true)
            .ignore_public_acls(true)
            .restrict_public_buckets(true)
            .build();
        AccountHardening { scope, password_policy, analyzer, ebs, public_access_block }
    }

    /// The password policy.
    pub fn password_policy(&self) -> &IamAccountPasswordPolicy {
        &self.password_policy
    }

    /// The Access Analyzer analyzer.
    pub fn analyzer(&self) -> &AccessanalyzerAnalyzer {
        &self.analyzer
    }

    /// EBS encryption by default.
    pub fn ebs_encryption(&self) -> &EbsEncryptionByDefault {
        &self.ebs
    }

    /// The S3 account public access block.
    pub fn public_access_block(&self) -> &S3AccountPublicAccessBlock {
        &self.public_access_block
    }
}
