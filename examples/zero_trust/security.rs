//! Requirements 3, 5 and 8, and Session Manager: a data bucket whose policy denies unencrypted uploads,
//! public ACLs and principals outside the organization; GuardDuty threat intelligence and automated
//! response on the existing detector; Security Hub insights for critical findings; bastion-less access
//! with encrypted session logs.

use konductor::aws::iam::{Condition, PolicyValue, Principal, Statement};
use konductor::aws::l1::ec2::{
    LaunchTemplate, LaunchTemplateBlockDeviceMappings, LaunchTemplateBlockDeviceMappingsEbs,
    LaunchTemplateIamInstanceProfile, LaunchTemplateMetadataOptions, SecurityGroup,
};
use konductor::aws::l1::ssm::SsmDocument;
use konductor::aws::logs::{LogGroup, LogGroupProps};
use konductor::aws::network::ZeroTrustVpc;
use konductor::aws::s3::{Bucket, BucketProps};
use konductor::aws::security::{AutomatedResponse, GuardDutyFilter, GuardDutyOnExisting, SecurityHub};
use konductor::aws::sns::{Topic, TopicProps};
use konductor::aws::sqs::{Queue, QueueProps};
use konductor::core::compliance::nist_800_53::{SC_28, SC_8};
use konductor::prelude::*;

use super::encryption::Keys;
use super::iam::Roles;
use super::vpc::ORGANIZATION_ID;

/// The threat intelligence feeds GuardDuty alerts on.
pub const THREAT_INTEL: [(&str, &str); 2] = [
    ("fs-isac-indicators", "https://s3.amazonaws.com/zero-trust-intel-prod/fs-isac.txt"),
    ("known-c2", "https://s3.amazonaws.com/zero-trust-intel-prod/known-c2.txt"),
];

/// Where findings go.
pub struct Findings {
    /// High-severity GuardDuty findings.
    pub topic: Topic,
    /// The SIEM's queue, subscribed to the topic.
    pub queue: Queue,
    /// Session Manager's session logs.
    pub session_logs: LogGroup,
}

/// The data bucket, GuardDuty, Security Hub insights and Session Manager.
pub fn security(stack: &Stack, keys: &Keys, vpc: &ZeroTrustVpc, roles: &Roles) -> konductor::Result<Findings> {
    data_bucket(stack, keys, roles)?;

    let topic = Topic::new(stack, "findings", TopicProps::builder().name("zero-trust-findings").build()?)?;
    topic.grant_publish_to_service("events")?;
    let queue = Queue::new(stack, "siem", QueueProps::builder().name("zero-trust-siem").build()?)?;
    topic.subscribe_queue(&queue)?;
    let mut guardduty = GuardDutyOnExisting::builder(stack, "guardduty")
        .filter(
            GuardDutyFilter::archive("vulnerability-scanner", 1)
                .equals("type", ["Recon:EC2/Portscan"])
                .equals("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", ["10.40.255.10"]),
        )
        .alert_topic(topic.arn())
        .automated_response(AutomatedResponse::StopInstance);
    for (name, location) in THREAT_INTEL {
        guardduty = guardduty.threat_intel_set(name, location);
    }
    guardduty.build()?;

    SecurityHub::insights_on_existing(stack, "security-hub-insights");

    let session_logs = session_manager(stack, keys, vpc, roles)?;
    Ok(Findings { topic, queue, session_logs })
}

/// Requirement 3: the data bucket. On top of the bucket's defaults (SSE-KMS with the data key, public
/// access blocked, TLS only, other keys refused), its policy denies uploads that name no encryption,
/// public ACLs, and any principal outside the organization.
fn data_bucket(stack: &Stack, keys: &Keys, roles: &Roles) -> konductor::Result<Bucket> {
    let bucket = Bucket::new(
        stack,
        "data-bucket",
        BucketProps::builder().name("zero-trust-data").key(keys.data.clone()).build()?,
    )?;
    bucket.scope().implements(SC_8, "the data bucket denies every request without TLS");
    bucket.scope().implements(SC_28, "the data bucket is encrypted with the data key and refuses unencrypted uploads");
    let objects = PolicyValue::from(bucket.objects_arn());
    bucket.add_to_resource_policy(
        Statement::deny()
            .sid("DenyUnencryptedUploads")
            .principal(Principal::anyone())
            .action("s3:PutObject")
            .resource(objects.clone())
            .condition(Condition::null("s3:x-amz-server-side-encryption", true)),
    )?;
    bucket.add_to_resource_policy(
        Statement::deny()
            .sid("DenyPublicAcls")
            .principal(Principal::anyone())
            .actions(["s3:PutBucketAcl", "s3:PutObject", "s3:PutObjectAcl"])
            .resources([PolicyValue::from(bucket.arn()), objects.clone()])
            .condition(Condition::string_equals(
                "s3:x-amz-acl",
                ["public-read", "public-read-write", "authenticated-read"],
            )),
    )?;
    bucket.add_to_resource_policy(
        Statement::deny()
            .sid("DenyOutsideOrganization")
            .principal(Principal::anyone())
            .action("s3:*")
            .resources([PolicyValue::from(bucket.arn()), objects])
            .condition(Condition::string_not_equals("aws:PrincipalOrgID", ORGANIZATION_ID)),
    )?;
    bucket.grant_read_write(&roles.instance)?;
    Ok(bucket)
}

/// Bastion-less access: Session Manager preferences writing every session, encrypted, to a log group;
/// the instance role may write there; the instances' security group admits nothing (no SSH).
fn session_manager(stack: &Stack, keys: &Keys, vpc: &ZeroTrustVpc, roles: &Roles) -> konductor::Result<LogGroup> {
    let logs = LogGroup::new(
        stack,
        "session-logs",
        LogGroupProps::builder().name("/ssm/sessions").retention_days(365).key(keys.logs.clone()).build()?,
    )?;
    logs.grant_write(&roles.instance)?;
    keys.logs.grant_encrypt_decrypt(&roles.instance)?;
    let preferences = serde_json::json!({
        "schemaVersion": "1.0",
        "description": "Session Manager: encrypted, logged sessions; no SSH",
        "sessionType": "Standard_Stream",
        "inputs": {
            "cloudWatchLogGroupName": logs.name().as_str(),
            "cloudWatchEncryptionEnabled": true,
            "cloudWatchStreamingEnabled": true,
            "kmsKeyId": keys.logs.alias_name().as_str(),
            "runAsEnabled": false,
            "idleSessionTimeout": "20",
            "maxSessionDuration": "60"
        }
    });
    SsmDocument::builder(stack, "session-preferences")
        .name(stack.name("zero-trust-sessions"))
        .document_type("Session")
        .document_format("JSON")
        .content(preferences.to_string())
        .build();
    let instances = SecurityGroup::builder(stack, "instances")
        .name(stack.name("zero-trust-instances"))
        .description("instances: no ingress at all (Session Manager, no SSH)")
        .vpc_id(vpc.vpc_id())
        .build();
    // How the application's instances start: no key pair, IMDSv2 only with one hop, the Session Manager
    // role, the group that admits nothing, encrypted volumes.
    LaunchTemplate::builder(stack, "instances-template")
        .name(stack.name("zero-trust-app"))
        .description("application instances: Session Manager only, no SSH key")
        .vpc_security_group_ids(vec![instances.id()])
        .iam_instance_profile(LaunchTemplateIamInstanceProfile::builder().arn(roles.instance_profile.arn()).build())
        .metadata_options(
            LaunchTemplateMetadataOptions::builder()
                .http_endpoint("enabled")
                .http_tokens("required")
                .http_put_response_hop_limit(1)
                .build(),
        )
        .block_device_mappings(vec![LaunchTemplateBlockDeviceMappings::builder()
            .device_name("/dev/xvda")
            .ebs(
                LaunchTemplateBlockDeviceMappingsEbs::builder()
                    .encrypted("true")
                    .kms_key_id(keys.data.arn())
                    .volume_type("gp3")
                    .build(),
            )
            .build()])
        .build();
    Ok(logs)
}
