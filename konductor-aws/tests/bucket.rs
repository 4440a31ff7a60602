//! s3::Bucket: a snapshot, the defaults by name (the four public-access blocks, BucketOwnerEnforced,
//! versioning, SSE-KMS with bucket keys, the deny statements, force_destroy, the default lifecycle rule),
//! server access logs to an SSE-KMS bucket, GOVERNANCE object lock, event notifications to a queue, a topic
//! and EventBridge, and bad input (COMPLIANCE lock, logs to an SSE-S3 bucket, lifecycle periods S3 refuses,
//! overlapping notifications).

mod blocks_support;
mod schema_check;

use blocks_support::{of, only, policy, sid};
use konductor_aws::s3::{
    Bucket, BucketEvent, BucketNotification, BucketProps, LifecycleRule, ObjectLock, StorageClass,
};
use konductor_aws::sns::{Topic, TopicProps};
use konductor_aws::sqs::{Queue, QueueProps};
use konductor_core::testing;
use serde_json::{json, Value};

struct Refs {
    arn: String,
    key_arn: String,
    logs_arn: String,
    logs_key_arn: String,
    account: String,
}

fn full() -> (Value, Refs) {
    let mut refs = None;
    let json = testing::synth(|stack| {
        let logs = Bucket::new(stack, "access-logs", BucketProps::default()).unwrap();
        let data = Bucket::new(
            stack,
            "data",
            BucketProps::builder()
                .name("payments-data")
                .lifecycle_rule(
                    LifecycleRule::new("archive")
                        .transition(90, StorageClass::GlacierInstantRetrieval)
                        .expire_after_days(730)
                        .noncurrent_versions_expire_after_days(30),
                )
                .server_access_logs(&logs)
                .object_lock(ObjectLock::governance(30))
                .build()
                .unwrap(),
        )
        .unwrap();
        refs = Some(Refs {
            arn: data.arn().to_string(),
            key_arn: data.key().unwrap().arn().to_string(),
            logs_arn: logs.arn().to_string(),
            logs_key_arn: logs.key().unwrap().arn().to_string(),
            account: logs.context().account_id().to_string(),
        });
    });
    (json, refs.unwrap())
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(full().0);
}

#[test]
fn conforms_to_the_provider_schema() {
    let errors = schema_check::check(&full().0);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn private_versioned_owner_enforced_and_destroyable() {
    let (json, _) = full();
    let bucket = of(&json, "aws_s3_bucket", "data_");
    assert_eq!(bucket["bucket"], "payments-data-test");
    assert_eq!(bucket["force_destroy"], true);
    let pab = of(&json, "aws_s3_bucket_public_access_block", "data_");
    for block in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] {
        assert_eq!(pab[block], true, "{block}");
    }
    assert_eq!(
        of(&json, "aws_s3_bucket_ownership_controls", "data_")["rule"]["object_ownership"],
        "BucketOwnerEnforced"
    );
    assert_eq!(of(&json, "aws_s3_bucket_versioning", "data_")["versioning_configuration"]["status"], "Enabled");
}

#[test]
fn sse_kms_with_its_own_rotated_key_and_bucket_keys() {
    let (json, refs) = full();
    let rule = &of(&json, "aws_s3_bucket_server_side_encryption_configuration", "data_")["rule"][0];
    assert_eq!(rule["bucket_key_enabled"], true);
    assert_eq!(rule["apply_server_side_encryption_by_default"]["sse_algorithm"], "aws:kms");
    assert_eq!(rule["apply_server_side_encryption_by_default"]["kms_master_key_id"], refs.key_arn.as_str());
    assert_eq!(of(&json, "aws_kms_key", "data_")["enable_key_rotation"], true);
}

#[test]
fn the_policy_denies_plain_http_and_other_encryption_or_keys() {
    let (json, refs) = full();
    let doc = policy(&of(&json, "aws_s3_bucket_policy", "data_")["policy"]);
    let objects = format!("{}/*", refs.arn);
    assert_eq!(
        doc["Statement"],
        json!([
            {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [refs.arn, objects], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
            {"Sid": "DenyOtherEncryption", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": objects,
             "Condition": {"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption": "aws:kms"}}},
            {"Sid": "DenyOtherKeys", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": objects,
             "Condition": {"StringNotEqualsIfExists": {"s3:x-amz-server-side-encryption-aws-kms-key-id": refs.key_arn}}},
        ])
    );
}

#[test]
fn lifecycle_rules_abort_incomplete_uploads_and_the_default_keeps_noncurrent_versions_90_days() {
    let (json, _) = full();
    let rules = &of(&json, "aws_s3_bucket_lifecycle_configuration", "data_")["rule"];
    assert_eq!(rules[0]["id"], "archive");
    assert_eq!(rules[0]["transition"], json!([{"days": 90, "storage_class": "GLACIER_IR"}]));
    assert_eq!(rules[0]["expiration"][0]["days"], 730);
    assert_eq!(rules[0]["abort_incomplete_multipart_upload"][0]["days_after_initiation"], 7);
    let default = &of(&json, "aws_s3_bucket_lifecycle_configuration", "access-logs_")["rule"][0];
    assert_eq!(default["id"], "default");
    assert_eq!(default["noncurrent_version_expiration"][0]["noncurrent_days"], 90);
    assert_eq!(default["abort_incomplete_multipart_upload"][0]["days_after_initiation"], 7);
}

#[test]
fn server_access_logs_go_to_an_sse_kms_bucket_whose_policy_and_key_let_s3_logging_in() {
    let (json, refs) = full();
    let logging = of(&json, "aws_s3_bucket_logging", "data_");
    assert_eq!(logging["target_prefix"], "payments-data-test/");
    let rule = &of(&json, "aws_s3_bucket_server_side_encryption_configuration", "access-logs_")["rule"][0];
    assert_eq!(rule["apply_server_side_encryption_by_default"]["sse_algorithm"], "aws:kms");
    assert_eq!(rule["apply_server_side_encryption_by_default"]["kms_master_key_id"], refs.logs_key_arn.as_str());
    let key_policy = policy(&of(&json, "aws_kms_key", "access-logs_")["policy"]);
    let logging_key =
        key_policy["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "AllowServiceLoggingS3").unwrap();
    assert_eq!(
        logging_key,
        &json!({"Sid": "AllowServiceLoggingS3", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceAccount": refs.account}}})
    );
    // Only the target's key lets S3 logging in; the source bucket's key does not.
    let data_key = policy(&of(&json, "aws_kms_key", "data_")["policy"]);
    assert!(!data_key.to_string().contains("logging.s3"), "{data_key}");
    let doc = policy(&of(&json, "aws_s3_bucket_policy", "access-logs_")["policy"]);
    let allow = doc["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "AllowServerAccessLogs").unwrap();
    assert_eq!(
        allow,
        &json!({"Sid": "AllowServerAccessLogs", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject", "Resource": format!("{}/payments-data-test/*", refs.logs_arn),
                "Condition": {"ArnLike": {"aws:SourceArn": refs.arn}, "StringEquals": {"aws:SourceAccount": refs.account}}})
    );
}

#[test]
fn object_lock_is_governance_mode_with_a_default_retention() {
    let (json, _) = full();
    assert_eq!(of(&json, "aws_s3_bucket", "data_")["object_lock_enabled"], true);
    let lock = of(&json, "aws_s3_bucket_object_lock_configuration", "data_");
    assert_eq!(lock["rule"]["default_retention"], json!({"days": 30, "mode": "GOVERNANCE"}));
}

#[test]
fn bad_input_is_an_error_with_the_fix() {
    let e = BucketProps::builder().object_lock(ObjectLock::compliance(30)).build().unwrap_err().to_string();
    assert!(e.starts_with("[BucketProps] object lock in COMPLIANCE mode can never be removed"), "{e}");
    assert!(e.contains("use `ObjectLock::governance(days)`"), "{e}");
    let e = BucketProps::builder()
        .lifecycle_rule(LifecycleRule::new("ia").transition(10, StorageClass::StandardIa))
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("moves objects to STANDARD_IA after 10 days; S3 needs at least 30"), "{e}");
    let e = BucketProps::builder()
        .lifecycle_rule(LifecycleRule::new("x").expire_after_days(0))
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.contains("a period of 0 days"), "{e}");
    testing::synth(|stack| {
        let sse_s3 = Bucket::new(stack, "alb-logs", BucketProps::builder().s3_managed_encryption()).unwrap();
        let e = Bucket::new(stack, "data", BucketProps::builder().server_access_logs(&sse_s3)).unwrap_err().to_string();
        assert!(
            e.starts_with("[test/data] server access logs go to bucket test/alb-logs, which has S3-managed encryption"),
            "{e}"
        );
        assert!(e.contains("log to a bucket with its default SSE-KMS encryption"), "{e}");
    });
}

/// A bucket notifying a queue of uploads under `incoming/`, a topic of removals and EventBridge of
/// everything; `reversed` makes the calls in the other order.
fn notified(reversed: bool) -> (Value, [String; 5]) {
    let mut refs = None;
    let json = testing::synth(|stack| {
        let uploads = Bucket::new(stack, "uploads", BucketProps::default()).unwrap();
        let jobs = Queue::new(stack, "jobs", QueueProps::default()).unwrap();
        let alerts = Topic::new(stack, "alerts", TopicProps::default()).unwrap();
        let to_queue = || {
            uploads
                .notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated]).prefix("incoming/"))
                .unwrap()
        };
        let to_topic = || {
            uploads
                .notify_topic(
                    &alerts,
                    BucketNotification::on([BucketEvent::ObjectRemovedDelete, BucketEvent::ObjectRestore]),
                )
                .unwrap()
        };
        if reversed {
            to_topic();
            uploads.notify_eventbridge();
            to_queue();
        } else {
            to_queue();
            to_topic();
            uploads.notify_eventbridge();
        }
        refs = Some([
            uploads.arn().to_string(),
            jobs.arn().to_string(),
            alerts.arn().to_string(),
            jobs.key().context().account_id().to_string(),
            alerts.key().context().account_id().to_string(),
        ]);
    });
    (json, refs.unwrap())
}

#[test]
fn notifications_go_to_one_resource_with_a_block_per_destination() {
    let (json, [_, queue, topic, ..]) = notified(false);
    let n = only(&json, "aws_s3_bucket_notification");
    assert_eq!(n["bucket"], "${aws_s3_bucket.uploads.id}");
    assert_eq!(n["eventbridge"], true);
    assert_eq!(
        n["queue"],
        json!([{"events": ["s3:ObjectCreated:*"], "filter_prefix": "incoming/", "queue_arn": queue}])
    );
    assert_eq!(n["topic"], json!([{"events": ["s3:ObjectRemoved:Delete", "s3:ObjectRestore:*"], "topic_arn": topic}]));
    // S3 checks its permission to send when the configuration is put: after both policies.
    let deps = n["depends_on"].as_array().unwrap();
    let deps: Vec<&str> = deps.iter().map(|d| d.as_str().unwrap()).collect();
    assert!(deps.len() == 2, "{deps:?}");
    assert!(deps[0].starts_with("aws_sns_topic_policy.alerts_policy_"), "{deps:?}");
    assert!(deps[1].starts_with("aws_sqs_queue_policy.jobs_policy_"), "{deps:?}");
}

#[test]
fn the_destinations_let_s3_in_for_this_bucket_only_and_their_keys_let_it_encrypt() {
    let (json, [bucket, queue, topic, queue_account, topic_account]) = notified(false);
    let condition =
        |account: &str| json!({"ArnLike": {"aws:SourceArn": bucket}, "StringEquals": {"aws:SourceAccount": account}});
    let q = policy(&only(&json, "aws_sqs_queue_policy")["policy"]);
    let allow = sid(&q, "AllowServiceS3");
    assert_eq!(allow["Principal"], json!({"Service": "s3.amazonaws.com"}));
    assert_eq!(allow["Action"], "sqs:SendMessage");
    assert_eq!(allow["Resource"], queue.as_str());
    assert_eq!(allow["Condition"], condition(&queue_account));
    let t = policy(&only(&json, "aws_sns_topic_policy")["policy"]);
    let allow = sid(&t, "AllowS3Notifications");
    assert_eq!(allow["Principal"], json!({"Service": "s3.amazonaws.com"}));
    assert_eq!(allow["Action"], "sns:Publish");
    assert_eq!(allow["Resource"], topic.as_str());
    assert_eq!(allow["Condition"], condition(&topic_account));
    for key in ["jobs_", "alerts_"] {
        let k = policy(&of(&json, "aws_kms_key", key)["policy"]);
        let s3 = sid(&k, "AllowServiceS3");
        assert_eq!(s3["Principal"], json!({"Service": "s3.amazonaws.com"}), "{key}");
        assert_eq!(s3["Action"], json!(["kms:Decrypt", "kms:GenerateDataKey*"]), "{key}");
    }
}

#[test]
fn notifications_give_the_same_bytes_whatever_the_order() {
    assert_eq!(notified(false).0, notified(true).0);
}

#[test]
fn overlapping_notifications_are_an_error_and_the_same_one_twice_is_one() {
    testing::synth(|stack| {
        let uploads = Bucket::new(stack, "uploads", BucketProps::default()).unwrap();
        let jobs = Queue::new(stack, "jobs", QueueProps::default()).unwrap();
        let audit = Queue::new(stack, "audit", QueueProps::default()).unwrap();
        let created = || BucketNotification::on([BucketEvent::ObjectCreated]);
        uploads.notify_queue(&jobs, created().prefix("in/")).unwrap();
        uploads.notify_queue(&jobs, created().prefix("in/")).unwrap();
        uploads.notify_queue(&audit, created().prefix("out/")).unwrap();
        let e = uploads
            .notify_queue(&audit, BucketNotification::on([BucketEvent::ObjectCreatedPut]).prefix("in/reports/"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "[test/uploads] the notification of s3:ObjectCreated:Put under `in/reports/` to test/audit overlaps \
                 the one of s3:ObjectCreated:* under `in/` to test/jobs: S3 refuses"
            ),
            "{e}"
        );
        assert!(e.contains("do not overlap"), "{e}");
        let e = uploads.notify_queue(&audit, BucketNotification::on([])).unwrap_err().to_string();
        assert!(e.contains("a notification to test/audit names no event"), "{e}");
    });
    let json = testing::synth(|stack| {
        let uploads = Bucket::new(stack, "uploads", BucketProps::default()).unwrap();
        let jobs = Queue::new(stack, "jobs", QueueProps::default()).unwrap();
        for _ in 0..2 {
            uploads.notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated])).unwrap();
        }
    });
    assert_eq!(only(&json, "aws_s3_bucket_notification")["queue"].as_array().unwrap().len(), 1);
}
