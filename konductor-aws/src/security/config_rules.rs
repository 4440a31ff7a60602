//! AWS Config managed rules: the [`ConfigRule`] catalogue a landing zone evaluates in every account, and
//! [`ConfigRules`], which creates them once the recorder runs.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsElement, AsScope, Construct, ElementRef, Scope};

use super::account_hardening::password_policy;
use crate::l1::config::{ConfigConfigRule, ConfigConfigRuleSource};

/// An AWS Config managed rule.
///
/// ```
/// use konductor_aws::security::ConfigRule;
/// assert_eq!(ConfigRule::EncryptedVolumes.identifier(), "ENCRYPTED_VOLUMES");
/// assert_eq!(ConfigRule::EncryptedVolumes.name(), "encrypted-volumes");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ConfigRule {
    /// Attached EBS volumes are encrypted.
    EncryptedVolumes,
    /// EBS encryption is on by default.
    EbsEncryptionByDefault,
    /// RDS instances are not publicly accessible.
    RdsInstancePublicAccessCheck,
    /// RDS storage is encrypted.
    RdsStorageEncrypted,
    /// S3 buckets do not allow public read.
    S3BucketPublicReadProhibited,
    /// S3 buckets do not allow public write.
    S3BucketPublicWriteProhibited,
    /// S3 buckets deny requests without TLS.
    S3BucketSslRequestsOnly,
    /// A CloudTrail trail is on.
    CloudTrailEnabled,
    /// A multi-region trail is on.
    MultiRegionCloudTrailEnabled,
    /// Trails validate their log files.
    CloudTrailLogFileValidationEnabled,
    /// The root user has MFA.
    RootAccountMfaEnabled,
    /// The root user has no access keys.
    IamRootAccessKeyCheck,
    /// The password policy is the landing zone's (see [`password_policy`]).
    IamPasswordPolicy,
    /// Customer-managed KMS keys rotate.
    CmkBackingKeyRotationEnabled,
    /// VPCs have flow logs.
    VpcFlowLogsEnabled,
    /// Security groups do not open SSH to the world.
    RestrictedSsh,
    /// GuardDuty is on and reports to the administrator account.
    GuardDutyEnabledCentralized,
}

impl ConfigRule {
    /// The rules every account of a landing zone gets.
    pub const BASELINE: &'static [ConfigRule] = &[
        ConfigRule::EncryptedVolumes,
        ConfigRule::EbsEncryptionByDefault,
        ConfigRule::RdsInstancePublicAccessCheck,
        ConfigRule::RdsStorageEncrypted,
        ConfigRule::S3BucketPublicReadProhibited,
        ConfigRule::S3BucketPublicWriteProhibited,
        ConfigRule::S3BucketSslRequestsOnly,
        ConfigRule::CloudTrailEnabled,
        ConfigRule::MultiRegionCloudTrailEnabled,
        ConfigRule::CloudTrailLogFileValidationEnabled,
        ConfigRule::RootAccountMfaEnabled,
        ConfigRule::IamRootAccessKeyCheck,
        ConfigRule::IamPasswordPolicy,
        ConfigRule::CmkBackingKeyRotationEnabled,
        ConfigRule::VpcFlowLogsEnabled,
        ConfigRule::RestrictedSsh,
        ConfigRule::GuardDutyEnabledCentralized,
    ];

    /// The managed rule's source identifier: `RDS_INSTANCE_PUBLIC_ACCESS_CHECK`.
    pub fn identifier(self) -> &'static str {
        match self {
            ConfigRule::EncryptedVolumes => "ENCRYPTED_VOLUMES",
            ConfigRule::EbsEncryptionByDefault => "EC2_EBS_ENCRYPTION_BY_DEFAULT",
            ConfigRule::RdsInstancePublicAccessCheck => "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
            ConfigRule::RdsStorageEncrypted => "RDS_STORAGE_ENCRYPTED",
            ConfigRule::S3BucketPublicReadProhibited => "S3_BUCKET_PUBLIC_READ_PROHIBITED",
            ConfigRule::S3BucketPublicWriteProhibited => "S3_BUCKET_PUBLIC_WRITE_PROHIBITED",
            ConfigRule::S3BucketSslRequestsOnly => "S3_BUCKET_SSL_REQUESTS_ONLY",
            ConfigRule::CloudTrailEnabled => "CLOUD_TRAIL_ENABLED",
            ConfigRule::MultiRegionCloudTrailEnabled => "MULTI_REGION_CLOUD_TRAIL_ENABLED",
            ConfigRule::CloudTrailLogFileValidationEnabled => "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED",
            ConfigRule::RootAccountMfaEnabled => "ROOT_ACCOUNT_MFA_ENABLED",
            ConfigRule::IamRootAccessKeyCheck => "IAM_ROOT_ACCESS_KEY_CHECK",
            ConfigRule::IamPasswordPolicy => "IAM_PASSWORD_POLICY",
            ConfigRule::CmkBackingKeyRotationEnabled => "CMK_BACKING_KEY_ROTATION_ENABLED",
            ConfigRule::VpcFlowLogsEnabled => "VPC_FLOW_LOGS_ENABLED",
            ConfigRule::RestrictedSsh => "INCOMING_SSH_DISABLED",
            ConfigRule::GuardDutyEnabledCentralized => "GUARDDUTY_ENABLED_CENTRALIZED",
        }
    }

    /// The rule's name as the AWS console shows it: `rds-instance-public-access-check`.
    pub fn name(self) -> &'static str {
        match self {
            ConfigRule::EncryptedVolumes => "encrypted-volumes",
            ConfigRule::EbsEncryptionByDefault => "ec2-ebs-encryption-by-default",
            ConfigRule::RdsInstancePublicAccessCheck => "rds-instance-public-access-check",
            ConfigRule::RdsStorageEncrypted => "rds-storage-encrypted",
            ConfigRule::S3BucketPublicReadProhibited => "s3-bucket-public-read-prohibited",
            ConfigRule::S3BucketPublicWriteProhibited => "s3-bucket-public-write-prohibited",
            ConfigRule::S3BucketSslRequestsOnly => "s3-bucket-ssl-requests-only",
            ConfigRule::CloudTrailEnabled => "cloudtrail-enabled",
            ConfigRule::MultiRegionCloudTrailEnabled => "multi-region-cloudtrail-enabled",
            ConfigRule::CloudTrailLogFileValidationEnabled => "cloud-trail-log-file-validation-enabled",
            ConfigRule::RootAccountMfaEnabled => "root-account-mfa-enabled",
            ConfigRule::IamRootAccessKeyCheck => "iam-root-access-key-check",
            ConfigRule::IamPasswordPolicy => "iam-password-policy",
            ConfigRule::CmkBackingKeyRotationEnabled => "cmk-backing-key-rotation-enabled",
            ConfigRule::VpcFlowLogsEnabled => "vpc-flow-logs-enabled",
            ConfigRule::RestrictedSsh => "restricted-ssh",
            ConfigRule::GuardDutyEnabledCentralized => "guardduty-enabled-centralized",
        }
    }

    /// The rule's parameters, as the JSON text Config takes, when it has any.
    pub fn input_parameters(self) -> Option<String> {
        match self {
            ConfigRule::IamPasswordPolicy => Some(format!(
                concat!(
                    r#"{{"MaxPasswordAge":"{}","MinimumPasswordLength":"{}","PasswordReusePrevention":"{}","#,
                    r#""RequireLowercaseCharacters":"true","RequireNumbers":"true","RequireSymbols":"true","#,
                    r#""RequireUppercaseCharacters":"true"}}"#
                ),
                password_policy::MAX_AGE_DAYS,
                password_policy::MINIMUM_LENGTH,
                password_policy::REUSE_PREVENTION
            )),
            _ => None,
        }
    }
}

/// AWS Config managed rules in one account, created after `recorder` (the configuration recorder, or
/// its status) so that Config is recording when they are evaluated.
///
/// ```
/// use konductor_aws::security::{ConfigRule, ConfigRules};
/// use konductor_core::GenericResource;
/// let json = konductor_core::testing::synth(|stack| {
///     let recorder = GenericResource::new(stack, "recorder", "aws_config_configuration_recorder_status");
///     ConfigRules::new(stack, "rules", ConfigRule::BASELINE, &recorder);
/// });
/// let rules = json["resource"]["aws_config_config_rule"].as_object().unwrap();
/// assert_eq!(rules.len(), ConfigRule::BASELINE.len());
/// ```
#[derive(Clone, Debug)]
pub struct ConfigRules {
    scope: Construct,
    rules: Vec<(ConfigRule, ConfigConfigRule)>,
}

impl AsScope for ConfigRules {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl ConfigRules {
    /// `rules` under `scope` with `id`, each depending on `recorder`.
    pub fn new(scope: &impl AsScope, id: &str, rules: &[ConfigRule], recorder: &impl AsElement) -> Self {
        Self::create(scope, id, rules, Some(recorder.element()))
    }

    /// `rules` in an account whose recorder already runs and is managed elsewhere (AWS Control Tower
    /// enrolls every account with one).
    ///
    /// ```
    /// use konductor_aws::security::{ConfigRule, ConfigRules};
    /// let json = konductor_core::testing::synth(|stack| {
    ///     ConfigRules::on_existing_recorder(stack, "rules", &[ConfigRule::EncryptedVolumes]);
    /// });
    /// assert_eq!(json["resource"]["aws_config_config_rule"].as_object().unwrap().len(), 1);
    /// ```
    pub fn on_existing_recorder(scope: &impl AsScope, id: &str, rules: &[ConfigRule]) -> Self {
        Self::create(scope, id, rules, None)
    }

    fn create(scope: &impl AsScope, id: &str, rules: &[ConfigRule], recorder: Option<&ElementRef>) -> Self {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::CM_6,
            "AWS Config managed rules evaluate encryption, public access, trails, MFA and the password policy",
        );
        scope.scope().implements(nist_800_53::CA_7, "Config rules evaluate every recorded change continuously");
        let mut made = Vec::new();
        for rule in rules {
            if made.iter().any(|(r, _)| r == rule) {
                continue;
            }
            let mut b = ConfigConfigRule::builder(&scope, rule.name())
                .name(scope.name(rule.name()))
                .source(ConfigConfigRuleSource::builder().owner("AWS").source_identifier(rule.identifier()).build());
            if let Some(params) = rule.input_parameters() {
                b = b.input_parameters(params);
            }
            let r = b.build();
            if let Some(recorder) = recorder {
                r.depends_on(recorder);
            }
            made.push((*rule, r));
        }
        ConfigRules { scope, rules: made }
    }

    /// The rules created, in the order given.
    pub fn rules(&self) -> &[(ConfigRule, ConfigConfigRule)] {
        &self.rules
    }
}
