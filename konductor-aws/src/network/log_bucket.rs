//! A bucket for logs and query results with every secure default: a customer-managed KMS key with S3
//! Bucket Keys, versioning, all public access blocked, ACLs disabled (bucket owner enforced), a policy that
//! denies requests without TLS, and lifecycle expiry of current and noncurrent versions.

use konductor_core::{template, AsScope, Attr, Name};

use crate::iam::{PolicyDocument, PolicyValue, Statement};
use crate::l1::s3::{
    S3Bucket, S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload, S3BucketLifecycleConfigurationRuleExpiration,
    S3BucketLifecycleConfigurationRuleFilter, S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration,
    S3BucketOwnershipControls, S3BucketOwnershipControlsRule, S3BucketPolicy, S3BucketPublicAccessBlock,
    S3BucketServerSideEncryptionConfiguration, S3BucketServerSideEncryptionConfigurationRule,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault, S3BucketVersioning,
    S3BucketVersioningVersioningConfiguration,
};

/// Days after which noncurrent object versions are removed.
const NONCURRENT_DAYS: u32 = 30;
/// Days after which incomplete multipart uploads are aborted.
const ABORT_MULTIPART_DAYS: u32 = 7;

/// The resources of one secure bucket.
#[derive(Clone, Debug)]
pub(crate) struct LogBucket {
    pub(crate) bucket: S3Bucket,
    pub(crate) encryption: S3BucketServerSideEncryptionConfiguration,
    pub(crate) policy: S3BucketPolicy,
}

/// The ARN of every object in `bucket`.
pub(crate) fn objects(bucket: &S3Bucket) -> PolicyValue {
    template!("{}/*", bucket.arn()).into()
}

/// Creates the bucket `name` and its settings with ids `{id}`, `{id}-versioning`, ... under `scope`.
/// `statements` get the bucket and return the statements its policy adds to the TLS-only deny.
pub(crate) fn log_bucket(
    scope: &impl AsScope,
    id: &str,
    name: Name,
    key_arn: Attr<String>,
    expiration_days: u32,
    statements: impl FnOnce(&S3Bucket) -> Vec<Statement>,
) -> LogBucket {
    let bucket = S3Bucket::builder(scope, id).bucket(&name).tags([("Name", &name)]).build();
    S3BucketVersioning::builder(scope, &format!("{id}-versioning"))
        .bucket(bucket.id())
        .versioning_configuration(S3BucketVersioningVersioningConfiguration::builder().status("Enabled").build())
        .build();
    let encryption = S3BucketServerSideEncryptionConfiguration::builder(scope, &format!("{id}-encryption"))
        .bucket(bucket.id())
        .rule(vec![S3BucketServerSideEncryptionConfigurationRule::builder()
            .apply_server_side_encryption_by_default(
                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault::builder()
                    .sse_algorithm("aws:kms")
                    .kms_master_key_id(key_arn)
                    .build(),
            )
            .bucket_key_enabled(true)
            .build()])
        .build();
    S3BucketPublicAccessBlock::builder(scope, &format!("{id}-public-access-block"))
        .bucket(bucket.id())
        .block_public_acls(true)
        .block_public_policy(true)
        .ignore_public_acls(true)
        .restrict_public_buckets(true)
        .build();
    S3BucketOwnershipControls::builder(scope, &format!("{id}-ownership"))
        .bucket(bucket.id())
        .rule(S3BucketOwnershipControlsRule::builder().object_ownership("BucketOwnerEnforced").build())
        .build();
    let mut all =
        vec![Statement::deny_insecure_transport("s3:*").resources([PolicyValue::from(bucket.arn()), objects(&bucket)])];
    all.extend(statements(&bucket));
    let policy = S3BucketPolicy::builder(scope, &format!("{id}-policy"))
        .bucket(bucket.id())
        .policy(PolicyDocument::new().statements(all).to_value(scope))
        .build();
    S3BucketLifecycleConfiguration::builder(scope, &format!("{id}-lifecycle"))
        .bucket(bucket.id())
        .rule(vec![S3BucketLifecycleConfigurationRule::builder()
            .id("expire")
            .status("Enabled")
            .filter(vec![S3BucketLifecycleConfigurationRuleFilter::builder().prefix("").build()])
            .expiration(vec![S3BucketLifecycleConfigurationRuleExpiration::builder().days(expiration_days).build()])
            .noncurrent_version_expiration(vec![
                S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration::builder()
                    .noncurrent_days(NONCURRENT_DAYS)
                    .build(),
            ])
            .abort_incomplete_multipart_upload(vec![
                S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload::builder()
                    .days_after_initiation(ABORT_MULTIPART_DAYS)
                    .build(),
            ])
            .build()])
        .build();
    LogBucket { bucket, encryption, policy }
}
