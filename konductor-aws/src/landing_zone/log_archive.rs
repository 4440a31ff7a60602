//! [`LogArchive`]: the log archive account's buckets: the organization trail (object lock, scoped to the
//! trail), AWS Config delivery, VPC flow logs and load balancer access logs.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Construct, Expr, Name, Result, Scope};

use crate::iam::{Condition, PolicyValue, Principal, Statement};
use crate::kms::{Key, KeyProps};
use crate::l1::organizations::DataOrganizationsOrganization;
use crate::s3::{Bucket, BucketProps, LifecycleRule, ObjectLock, StorageClass};
use crate::AwsContext;

/// Days the organization trail's objects are locked (GOVERNANCE mode) after they are written.
pub const TRAIL_LOCK_DAYS: u32 = 365;
/// Days log objects are kept before they expire.
pub const LOG_RETENTION_DAYS: u32 = 2_557;

/// The ARN of the organization trail `trail_name` in the management account `management`, in `region`.
pub(crate) fn trail_arn(cx: &AwsContext, region: &str, management: impl Into<Expr>, trail_name: &Name) -> Expr {
    template!("arn:{}:cloudtrail:{}:{}:trail/{}", cx.partition(), region, management.into(), trail_name)
}

/// The log archive: one KMS key for the log buckets, and the buckets themselves, in the log archive
/// account. The organization's id and management account are read with `data.aws_organizations_organization`.
///
/// - **Trail bucket.** Object lock in GOVERNANCE mode for [`TRAIL_LOCK_DAYS`], versioned, TLS only; its
///   policy lets CloudTrail check the ACL and write only for the organization trail (`aws:SourceArn`),
///   under `AWSLogs/<management account>/` and `AWSLogs/<organization id>/`, owner full control.
/// - **Config bucket.** AWS Config of every account of the organization delivers here
///   (`aws:SourceOrgID`).
/// - **Flow-log bucket.** VPC flow logs of the organization's accounts (log delivery, `aws:SourceOrgID`).
/// - **Load balancer bucket.** ALB access logs, which AWS writes only with S3-managed keys.
/// - **Key.** The trail, Config and log delivery may use it only for this organization: the trail by
///   its ARN as encryption context and source, the others by `aws:SourceOrgID`.
#[derive(Clone, Debug)]
pub struct LogArchive {
    scope: Construct,
    key: Key,
    trail: Bucket,
    config: Bucket,
    flow_logs: Bucket,
    alb_logs: Bucket,
}

impl AsScope for LogArchive {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

fn lifecycle() -> LifecycleRule {
    LifecycleRule::new("archive")
        .transition(90, StorageClass::Glacier)
        .expire_after_days(LOG_RETENTION_DAYS)
        .noncurrent_versions_expire_after_days(90)
        .abort_incomplete_uploads_after_days(7)
}

impl LogArchive {
    /// The log archive under `scope` with `id`, for the organization trail `trail_name` in `region`.
    pub fn new(scope: &impl AsScope, id: &str, region: &str, trail_name: &Name) -> Result<Self> {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::AU_9,
            "the trail bucket is object-locked (GOVERNANCE) and versioned, and only the organization trail may write",
        );
        scope
            .scope()
            .implements(nist_800_53::AU_11, "log objects are kept seven years, moved to Glacier after 90 days");
        scope.scope().implements(nist_800_53::SC_8, "every log bucket denies requests without TLS");
        scope.scope().implements(nist_800_53::SC_13, "logs are encrypted with a customer-managed, rotating KMS key");
        scope.scope().implements(nist_800_53::SC_28, "every log bucket is encrypted at rest and blocks public access");
        let cx = AwsContext::new(&scope);
        let org = DataOrganizationsOrganization::builder(&scope, "organization").build();
        let org_id: PolicyValue = org.id().into();
        let management = org.master_account_id();
        let trail = trail_arn(&cx, region, management.clone(), trail_name);

        let key = Key::new(
            &scope,
            "key",
            KeyProps::builder().alias("log-archive").description("log archive buckets").context(cx.clone()).build()?,
        )?;
        key.add_to_key_policy(
            Statement::allow()
                .sid("AllowOrganizationTrail")
                .principal(Principal::service("cloudtrail.amazonaws.com"))
                .actions(["kms:DescribeKey", "kms:GenerateDataKey*"])
                .resource("*")
                .condition(Condition::string_like(
                    "kms:EncryptionContext:aws:cloudtrail:arn",
                    template!("arn:{}:cloudtrail:*:{}:trail/*", cx.partition(), management.clone()),
                ))
                .condition(Condition::source_arn(trail.clone())),
        )?;
        for (sid, service) in
            [("AllowConfigDelivery", "config.amazonaws.com"), ("AllowLogDelivery", "delivery.logs.amazonaws.com")]
        {
            key.add_to_key_policy(
                Statement::allow()
                    .sid(sid)
                    .principal(Principal::service(service))
                    .actions(["kms:Decrypt", "kms:GenerateDataKey*"])
                    .resource("*")
                    .condition(Condition::string_equals("aws:SourceOrgID", org_id.clone())),
            )?;
        }

        let bucket = |id: &str, name: &str, lock: bool| {
            let mut b =
                BucketProps::builder().name(name).key(key.clone()).context(cx.clone()).lifecycle_rule(lifecycle());
            if lock {
                b = b.object_lock(ObjectLock::governance(TRAIL_LOCK_DAYS));
            }
            Bucket::new(&scope, id, b.build()?)
        };

        let trail_bucket = bucket("trail", "org-trail-logs", true)?;
        let objects = |prefix: Expr| -> PolicyValue { template!("{}/AWSLogs/{}/*", trail_bucket.arn(), prefix).into() };
        trail_bucket.add_to_resource_policy(
            Statement::allow()
                .sid("CloudTrailAclCheck")
                .principal(Principal::service("cloudtrail.amazonaws.com"))
                .action("s3:GetBucketAcl")
                .resource(trail_bucket.arn())
                .condition(Condition::source_arn(trail.clone())),
        )?;
        trail_bucket.add_to_resource_policy(
            Statement::allow()
                .sid("CloudTrailWrite")
                .principal(Principal::service("cloudtrail.amazonaws.com"))
                .action("s3:PutObject")
                .resources([objects(management.into_expr()), objects(org.id().into_expr())])
                .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control"))
                .condition(Condition::source_arn(trail)),
        )?;

        let config = bucket("config", "config-logs", false)?;
        config.add_to_resource_policy(
            Statement::allow()
                .sid("ConfigAclCheck")
                .principal(Principal::service("config.amazonaws.com"))
                .actions(["s3:GetBucketAcl", "s3:ListBucket"])
                .resource(config.arn())
                .condition(Condition::string_equals("aws:SourceOrgID", org_id.clone())),
        )?;
        config.add_to_resource_policy(
            Statement::allow()
                .sid("ConfigWrite")
                .principal(Principal::service("config.amazonaws.com"))
                .action("s3:PutObject")
                .resource(template!("{}/AWSLogs/*/Config/*", config.arn()))
                .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control"))
                .condition(Condition::string_equals("aws:SourceOrgID", org_id.clone())),
        )?;

        let flow_logs = bucket("flow-logs", "flow-logs", false)?;
        flow_logs.add_to_resource_policy(
            Statement::allow()
                .sid("LogDeliveryAclCheck")
                .principal(Principal::service("delivery.logs.amazonaws.com"))
                .action("s3:GetBucketAcl")
                .resource(flow_logs.arn())
                .condition(Condition::string_equals("aws:SourceOrgID", org_id.clone())),
        )?;
        flow_logs.add_to_resource_policy(
            Statement::allow()
                .sid("LogDeliveryWrite")
                .principal(Principal::service("delivery.logs.amazonaws.com"))
                .action("s3:PutObject")
                .resource(template!("{}/AWSLogs/*", flow_logs.arn()))
                .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control"))
                .condition(Condition::string_equals("aws:SourceOrgID", org_id)),
        )?;

        // ALB access logs are written with S3-managed keys only: the bucket's named opt-out of SSE-KMS.
        let alb_logs = Bucket::new(
            &scope,
            "alb-logs",
            BucketProps::builder()
                .name("alb-logs")
                .s3_managed_encryption()
                .context(cx.clone())
                .lifecycle_rule(lifecycle())
                .build()?,
        )?;
        alb_logs.add_to_resource_policy(
            Statement::allow()
                .sid("LoadBalancerLogDelivery")
                .principal(Principal::service("logdelivery.elasticloadbalancing.amazonaws.com"))
                .action("s3:PutObject")
                .resource(template!("{}/AWSLogs/*", alb_logs.arn())),
        )?;
        Ok(LogArchive { scope, key, trail: trail_bucket, config, flow_logs, alb_logs })
    }

    /// The key of the log buckets.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The organization trail's bucket.
    pub fn trail_bucket(&self) -> &Bucket {
        &self.trail
    }

    /// The AWS Config delivery bucket.
    pub fn config_bucket(&self) -> &Bucket {
        &self.config
    }

    /// The VPC flow-log bucket.
    pub fn flow_log_bucket(&self) -> &Bucket {
        &self.flow_logs
    }

    /// The load balancer access-log bucket.
    pub fn alb_log_bucket(&self) -> &Bucket {
        &self.alb_logs
    }
}
