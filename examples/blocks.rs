//! Blocks: konductor-aws's secure building blocks and their grants, in one stack.
//!
//! A worker role (EKS Pod Identity) reads and writes a versioned, KMS-encrypted, object-locked bucket
//! (server access logs to a second bucket, whose key lets S3 logging in), writes to an encrypted log
//! group, consumes a queue with a dead-letter queue, and publishes to a topic the queue is subscribed to;
//! CloudWatch alarms may publish to the topic, and reports uploaded under `incoming/` are notified to the
//! queue. Every grant writes the role's policy and, where AWS needs it, the key or resource policy.
//!
//! ```text
//! cargo run --example blocks -- --out /tmp/blocks-out
//! python3 ../shared/schemas/validate_tf_json.py /tmp/blocks-out
//! ../shared/tools/tfmock/tfcheck /tmp/blocks-out
//! ```

use konductor::aws::iam::{ManagedPolicy, Role, RoleProps, Statement, Trust};
use konductor::aws::kms::{Key, KeyProps};
use konductor::aws::logs::{LogGroup, LogGroupProps};
use konductor::aws::s3::{
    Bucket, BucketEvent, BucketNotification, BucketProps, LifecycleRule, ObjectLock, StorageClass,
};
use konductor::aws::sns::{Topic, TopicProps};
use konductor::aws::sqs::{Queue, QueueProps};
use konductor::aws::AwsProvider;
use konductor::prelude::*;

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    let env = Environment::new("dev")?;
    let stack = Stack::new(&app, "blocks", &env);
    AwsProvider::builder(&stack, "aws").region("eu-west-1").build();

    let key = Key::new(&stack, "payments-key", KeyProps::builder().alias("payments").build()?)?;
    let worker = Role::new(
        &stack,
        "worker",
        RoleProps::builder()
            .name("payments-worker")
            .trust(Trust::eks_pod_identity().from_this_account())
            .managed_policy(ManagedPolicy::aws("AmazonSSMReadOnlyAccess"))
            .max_session_hours(2)
            .build()?,
    )?;
    worker.add_to_policy(Statement::allow().sid("DescribeImages").action("ec2:DescribeImages").resource("*"))?;

    let logs = LogGroup::new(
        &stack,
        "app-logs",
        LogGroupProps::builder().name("/payments/worker").retention_days(365).build()?,
    )?;
    let access_logs = Bucket::new(&stack, "access-logs", BucketProps::builder().name("payments-access-logs").build()?)?;
    let reports = Bucket::new(
        &stack,
        "reports",
        BucketProps::builder()
            .name("payments-reports")
            .key(key.clone())
            .lifecycle_rule(
                LifecycleRule::new("archive")
                    .transition(90, StorageClass::GlacierInstantRetrieval)
                    .expire_after_days(730)
                    .noncurrent_versions_expire_after_days(30),
            )
            .server_access_logs(&access_logs)
            .object_lock(ObjectLock::governance(30))
            .build()?,
    )?;
    let dlq =
        Queue::new(&stack, "jobs-dlq", QueueProps::builder().name("payments-jobs-dlq").retention_days(14).build()?)?;
    let jobs = Queue::new(
        &stack,
        "jobs",
        QueueProps::builder().name("payments-jobs").key(key.clone()).dead_letter_queue(&dlq, 5).build()?,
    )?;
    let alerts = Topic::new(&stack, "alerts", TopicProps::builder().name("payments-alerts").build()?)?;

    reports.grant_read_write(&worker)?;
    logs.grant_write(&worker)?;
    jobs.grant_consume(&worker)?;
    alerts.grant_publish(&worker)?;
    alerts.grant_publish_to_service("cloudwatch")?;
    alerts.subscribe_queue(&jobs)?;
    // Reports uploaded under incoming/ become jobs; the queue's policy and key let S3 in for this bucket.
    reports.notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated]).prefix("incoming/"))?;

    Output::new(&stack, "reports-bucket", reports.arn());
    Output::new(&stack, "worker-role", worker.arn());
    app.synth()
}
