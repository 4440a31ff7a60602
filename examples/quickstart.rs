//! Quick start: one stack with an AWS provider and a log bucket as it should be: KMS-encrypted with a
//! rotating customer-managed key whose policy leaves its administration to the account's IAM, versioned,
//! public access blocked, TLS-only, expiring old logs, named for its environment.
//!
//!     cargo run --example quickstart            # writes cdktf.out/
//!     terraform -chdir=cdktf.out/stacks/quickstart init && terraform -chdir=cdktf.out/stacks/quickstart plan

use konductor::aws::iam::{PolicyDocument, Principal, Statement};
use konductor::aws::l1::kms::{KmsAlias, KmsKey};
use konductor::aws::l1::s3::{
    S3Bucket, S3BucketLifecycleConfiguration, S3BucketLifecycleConfigurationRule as LifecycleRule,
    S3BucketLifecycleConfigurationRuleAbortIncompleteMultipartUpload as AbortUploads,
    S3BucketLifecycleConfigurationRuleExpiration as Expiration, S3BucketLifecycleConfigurationRuleFilter as Filter,
    S3BucketLifecycleConfigurationRuleNoncurrentVersionExpiration as NoncurrentExpiration, S3BucketPolicy,
    S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfiguration,
    S3BucketServerSideEncryptionConfigurationRule as SseRule,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault as SseDefault, S3BucketVersioning,
    S3BucketVersioningVersioningConfiguration as Versioning,
};
use konductor::aws::l1::sts::DataCallerIdentity;
use konductor::aws::AwsProvider;
use konductor::prelude::*;

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    build(&app)?;
    app.synth()
}

/// The quickstart stack, in environment `dev` (tests synthesize it too).
pub fn build(app: &App) -> konductor::Result<()> {
    let env = Environment::new("dev")?;
    let stack = Stack::new(app, "quickstart", &env);
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();

    // The key's policy gives its administration to the account's IAM policies (the account root), as AWS's
    // default key policy does; nobody else can use it.
    let account = DataCallerIdentity::builder(&stack, "account").build();
    let key_policy = PolicyDocument::new().statement(
        Statement::allow()
            .sid("EnableIamPolicies")
            .principal(Principal::aws(konductor::template!("arn:aws:iam::{}:root", account.account_id())))
            .action("kms:*")
            .resource("*"),
    );
    let key = KmsKey::builder(&stack, "logs-key")
        .description("encrypts the quickstart log bucket")
        .enable_key_rotation(true)
        .policy(key_policy.to_value(&stack))
        .build();
    KmsAlias::builder(&stack, "logs-key-alias")
        .name(stack.name("alias/quickstart-logs"))
        .target_key_id(key.key_id())
        .build();

    let bucket = S3Bucket::builder(&stack, "logs").bucket(stack.name("quickstart-logs")).build();
    S3BucketVersioning::builder(&stack, "logs-versioning")
        .bucket(bucket.id())
        .versioning_configuration(Versioning::builder().status("Enabled").build())
        .build();
    S3BucketServerSideEncryptionConfiguration::builder(&stack, "logs-encryption")
        .bucket(bucket.id())
        .rule(vec![SseRule::builder()
            .apply_server_side_encryption_by_default(
                SseDefault::builder().sse_algorithm("aws:kms").kms_master_key_id(key.arn()).build(),
            )
            .bucket_key_enabled(true)
            .build()])
        .build();
    // Logs are kept a year; replaced versions 30 days; unfinished uploads are cleaned up after a week.
    S3BucketLifecycleConfiguration::builder(&stack, "logs-lifecycle")
        .bucket(bucket.id())
        .rule(vec![LifecycleRule::builder()
            .id("expire-old-logs")
            .status("Enabled")
            .filter(vec![Filter::builder().prefix("").build()])
            .expiration(vec![Expiration::builder().days(365).build()])
            .noncurrent_version_expiration(vec![NoncurrentExpiration::builder().noncurrent_days(30).build()])
            .abort_incomplete_multipart_upload(vec![AbortUploads::builder().days_after_initiation(7).build()])
            .build()])
        .build();
    S3BucketPublicAccessBlock::builder(&stack, "logs-public-access")
        .bucket(bucket.id())
        .block_public_acls(true)
        .block_public_policy(true)
        .ignore_public_acls(true)
        .restrict_public_buckets(true)
        .build();
    let tls_only = PolicyDocument::new().statement(
        Statement::deny_insecure_transport("s3:*")
            .resource(bucket.arn())
            .resource(konductor::template!("{}/*", bucket.arn())),
    );
    S3BucketPolicy::builder(&stack, "logs-policy").bucket(bucket.id()).policy(tls_only.to_value(&stack)).build();

    Output::new(&stack, "bucket-arn", bucket.arn()).description("ARN of the log bucket");
    Ok(())
}
