//! sqs::Queue: a snapshot, the defaults by name (encryption with its own key, the TLS-only policy,
//! 4-day retention), the dead-letter queue, grant_send and grant_consume on both sides, and bad input.

mod blocks_support;
mod schema_check;

use blocks_support::{of, policy, sid};
use konductor_aws::iam::{Role, RoleProps, Trust};
use konductor_aws::sqs::{Queue, QueueProps};
use konductor_core::testing;
use serde_json::{json, Value};

struct Refs {
    jobs_arn: String,
    dlq_arn: String,
    key_arn: String,
    producer: String,
    worker: String,
}

fn full() -> (Value, Refs) {
    let mut refs = None;
    let json = testing::synth(|stack| {
        let producer =
            Role::new(stack, "producer", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap())
                .unwrap();
        let worker =
            Role::new(stack, "worker", RoleProps::builder().trust(Trust::service("ecs-tasks")).build().unwrap())
                .unwrap();
        let dlq = Queue::new(stack, "jobs-dlq", QueueProps::builder().retention_days(14).build().unwrap()).unwrap();
        let jobs = Queue::new(
            stack,
            "jobs",
            QueueProps::builder()
                .name("jobs")
                .visibility_timeout_seconds(120)
                .dead_letter_queue(&dlq, 5)
                .build()
                .unwrap(),
        )
        .unwrap();
        jobs.grant_send(&producer).unwrap();
        jobs.grant_consume(&worker).unwrap();
        refs = Some(Refs {
            jobs_arn: jobs.arn().to_string(),
            dlq_arn: dlq.arn().to_string(),
            key_arn: jobs.key().arn().to_string(),
            producer: producer.arn().to_string(),
            worker: worker.arn().to_string(),
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
fn encrypted_with_its_own_key_tls_only_kept_4_days_by_default() {
    let (json, refs) = full();
    let dlq = of(&json, "aws_sqs_queue", "jobs-dlq_");
    assert_eq!(dlq["message_retention_seconds"], 14 * 86400);
    let jobs = of(&json, "aws_sqs_queue", "jobs_");
    assert_eq!(jobs["name"], "jobs-test");
    assert_eq!(jobs["message_retention_seconds"], 4 * 86400);
    assert_eq!(jobs["kms_master_key_id"], refs.key_arn.as_str());
    assert_eq!(jobs["kms_data_key_reuse_period_seconds"], 300);
    assert_eq!(jobs["visibility_timeout_seconds"], 120);
    let doc = policy(&of(&json, "aws_sqs_queue_policy", "jobs_")["policy"]);
    assert_eq!(
        doc["Statement"],
        json!([{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": refs.jobs_arn,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}])
    );
}

#[test]
fn the_dead_letter_queue_is_in_the_redrive_policy() {
    let (json, refs) = full();
    let redrive: Value =
        serde_json::from_str(of(&json, "aws_sqs_queue", "jobs_")["redrive_policy"].as_str().unwrap()).unwrap();
    assert_eq!(redrive, json!({"deadLetterTargetArn": refs.dlq_arn, "maxReceiveCount": 5}));
}

#[test]
fn grant_send_and_grant_consume_write_both_sides() {
    let (json, refs) = full();
    let roles: Vec<Value> =
        testing::resources(&json, "aws_iam_role_policy").into_iter().map(|(_, p)| policy(&p["policy"])).collect();
    let send = roles
        .iter()
        .find_map(|d| d["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "SqsSendTestJobs"))
        .unwrap();
    assert_eq!(send["Action"], json!(["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"]));
    assert_eq!(send["Resource"], refs.jobs_arn.as_str());
    let consume = roles
        .iter()
        .find_map(|d| d["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "SqsConsumeTestJobs"))
        .unwrap();
    assert_eq!(
        consume["Action"],
        json!([
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage"
        ])
    );
    let key = policy(&of(&json, "aws_kms_key", "jobs_")["policy"]);
    let data_keys = sid(&key, "AllowDataKeys");
    assert_eq!(data_keys["Principal"]["AWS"], refs.producer.as_str());
    assert_eq!(data_keys["Action"], json!(["kms:Decrypt", "kms:GenerateDataKey*"]));
    assert_eq!(sid(&key, "AllowDecrypt")["Principal"]["AWS"], refs.worker.as_str());
}

#[test]
fn bad_input_is_an_error_with_the_fix() {
    for days in [0, 15] {
        let e = QueueProps::builder().retention_days(days).build().unwrap_err().to_string();
        assert!(e.contains(&format!("a message retention of {days} days is outside what SQS accepts")), "{e}");
    }
    testing::synth(|stack| {
        let dlq = Queue::new(stack, "dlq", QueueProps::default()).unwrap();
        let e = QueueProps::builder().retention_days(7).dead_letter_queue(&dlq, 5).build().unwrap_err().to_string();
        assert!(e.contains("the dead-letter queue test/dlq keeps messages 4 days, less than this queue's 7"), "{e}");
        let e = QueueProps::builder().dead_letter_queue(&dlq, 0).build().unwrap_err().to_string();
        assert!(e.contains("a max receive count of 0"), "{e}");
    });
}
