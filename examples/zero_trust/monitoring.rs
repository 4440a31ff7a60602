//! CloudTrail with log file validation into an object-locked bucket, requirement 10 (CloudWatch alarms on
//! suspicious API activity, privilege escalation included), and the outputs a SIEM reads.

use konductor::aws::iam::{Condition, PolicyValue, Principal, Statement};
use konductor::aws::landing_zone::{OrganizationTrail, TrailDelivery};
use konductor::aws::network::ZeroTrustVpc;
use konductor::aws::s3::{Bucket, BucketProps, ObjectLock};
use konductor::aws::sns::{Topic, TopicProps};
use konductor::prelude::*;
use konductor::Attr;

use super::encryption::Keys;
use super::security::Findings;
use super::Existing;
use super::REGION;

/// Days trail objects are locked (GOVERNANCE: removable by `terraform destroy` with the bypass right).
pub const TRAIL_LOCK_DAYS: u32 = 365;

/// The trail, its bucket and the alarm topic.
pub struct Trail {
    /// The trail, its log group and the CIS alarms.
    pub trail: OrganizationTrail,
    /// The object-locked bucket it writes to.
    pub bucket: Bucket,
    /// Where the alarms go.
    pub alarms: Topic,
}

/// The account's trail.
pub fn trail(stack: &Stack, existing: &Existing, keys: &Keys) -> konductor::Result<Trail> {
    let cx = &existing.cx;
    let name = stack.name("zero-trust-trail");
    let bucket = Bucket::new(
        stack,
        "trail-bucket",
        BucketProps::builder()
            .name("zero-trust-trail")
            .key(keys.logs.clone())
            .object_lock(ObjectLock::governance(TRAIL_LOCK_DAYS))
            .build()?,
    )?;
    let trail_arn = template!("arn:{}:cloudtrail:{}:{}:trail/{}", cx.partition(), REGION, cx.account_id(), &name);
    bucket.add_to_resource_policy(
        Statement::allow()
            .sid("CloudTrailAclCheck")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .action("s3:GetBucketAcl")
            .resource(bucket.arn())
            .condition(Condition::source_arn(trail_arn.clone())),
    )?;
    bucket.add_to_resource_policy(
        Statement::allow()
            .sid("CloudTrailWrite")
            .principal(Principal::service("cloudtrail.amazonaws.com"))
            .action("s3:PutObject")
            .resource(PolicyValue::from(template!("{}/AWSLogs/{}/*", bucket.arn(), cx.account_id())))
            .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control"))
            .condition(Condition::source_arn(trail_arn)),
    )?;
    let alarms = Topic::new(stack, "alarms", TopicProps::builder().name("zero-trust-alarms").build()?)?;
    alarms.grant_publish_to_service("cloudwatch")?;
    let trail = OrganizationTrail::for_account(
        stack,
        "trail",
        &name,
        TrailDelivery::new(bucket.bucket().id(), keys.logs.arn()),
        alarms.arn(),
    )?;
    trail.trail().depends_on(bucket.policy());
    Ok(Trail { trail, bucket, alarms })
}

/// The outputs a SIEM needs to subscribe to everything.
pub fn siem_outputs(stack: &Stack, trail: &Trail, findings: &Findings, vpc: &ZeroTrustVpc, web_acl: &Attr<String>) {
    Output::new(stack, "trail-arn", trail.trail.trail().arn());
    Output::new(stack, "trail-bucket-name", trail.bucket.bucket().id());
    Output::new(stack, "trail-log-group", trail.trail.log_group().arn());
    if let Some(b) = vpc.flow_logs().bucket() {
        Output::new(stack, "flow-log-bucket", b.id());
    }
    if let Some(w) = vpc.flow_logs().athena_workgroup() {
        Output::new(stack, "athena-workgroup", w.name());
    }
    Output::new(stack, "alarm-topic-arn", trail.alarms.arn());
    Output::new(stack, "finding-topic-arn", findings.topic.arn());
    Output::new(stack, "finding-queue-arn", findings.queue.arn());
    Output::new(stack, "session-log-group", findings.session_logs.arn());
    Output::new(stack, "web-acl-arn", web_acl.clone());
}
