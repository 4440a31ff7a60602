//! sns::Topic: a snapshot, the defaults by name (encryption with its own key, the TLS-only policy),
//! grant_publish on both sides, service publishers, a queue subscription, and bad input.

mod blocks_support;
mod schema_check;

use blocks_support::{of, policy, sid};
use konductor_aws::iam::{Role, RoleProps, Trust};
use konductor_aws::sns::{Topic, TopicProps};
use konductor_aws::sqs::{Queue, QueueProps};
use konductor_core::testing;
use serde_json::{json, Value};

struct Refs {
    topic_arn: String,
    queue_arn: String,
    key_arn: String,
    app: String,
    account: String,
    topic_account: String,
}

fn full() -> (Value, Refs) {
    let mut refs = None;
    let json = testing::synth(|stack| {
        let app =
            Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
        let topic =
            Topic::new(stack, "alerts", TopicProps::builder().name("alerts").display_name("Alerts").build().unwrap())
                .unwrap();
        let queue = Queue::new(stack, "inbox", QueueProps::default()).unwrap();
        topic.grant_publish(&app).unwrap();
        topic.grant_publish_to_service("cloudwatch").unwrap();
        topic.subscribe_queue(&queue).unwrap();
        refs = Some(Refs {
            topic_arn: topic.arn().to_string(),
            queue_arn: queue.arn().to_string(),
            key_arn: topic.key().arn().to_string(),
            app: app.arn().to_string(),
            account: queue.key().context().account_id().to_string(),
            topic_account: topic.key().context().account_id().to_string(),
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
fn encrypted_with_its_own_key_and_tls_only() {
    let (json, refs) = full();
    let topic = of(&json, "aws_sns_topic", "alerts_");
    assert_eq!(topic["name"], "alerts-test");
    assert_eq!(topic["kms_master_key_id"], refs.key_arn.as_str());
    let doc = policy(&of(&json, "aws_sns_topic_policy", "alerts_")["policy"]);
    assert_eq!(
        doc["Statement"][0],
        json!({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "sns:Publish", "Resource": refs.topic_arn,
               "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    );
}

#[test]
fn grant_publish_writes_the_role_policy_and_the_key_policy() {
    let (json, refs) = full();
    let role = policy(&of(&json, "aws_iam_role_policy", "app_")["policy"]);
    assert_eq!(
        sid(&role, "SnsPublishTestAlerts"),
        &json!({"Sid": "SnsPublishTestAlerts", "Effect": "Allow", "Action": "sns:Publish", "Resource": refs.topic_arn})
    );
    let key = policy(&of(&json, "aws_kms_key", "alerts_")["policy"]);
    assert_eq!(sid(&key, "AllowDataKeys")["Principal"]["AWS"], refs.app.as_str());
}

#[test]
fn services_publish_for_this_account_only() {
    let (json, refs) = full();
    let doc = policy(&of(&json, "aws_sns_topic_policy", "alerts_")["policy"]);
    let cw = sid(&doc, "AllowServiceCloudwatch");
    assert_eq!(cw["Principal"]["Service"], "cloudwatch.amazonaws.com");
    assert_eq!(cw["Condition"]["StringEquals"]["aws:SourceAccount"], refs.topic_account.as_str());
    let key = policy(&of(&json, "aws_kms_key", "alerts_")["policy"]);
    let key_side = sid(&key, "AllowServiceCloudwatch");
    assert_eq!(key_side["Action"], json!(["kms:Decrypt", "kms:GenerateDataKey*"]));
    assert_eq!(key_side["Condition"]["StringEquals"]["aws:SourceAccount"], refs.topic_account.as_str());
}

#[test]
fn a_subscribed_queue_lets_this_topic_in_and_nothing_else_of_sns() {
    let (json, refs) = full();
    let sub = of(&json, "aws_sns_topic_subscription", "alerts_");
    assert_eq!(sub["protocol"], "sqs");
    assert_eq!(sub["endpoint"], refs.queue_arn.as_str());
    let doc = policy(&of(&json, "aws_sqs_queue_policy", "inbox_")["policy"]);
    assert_eq!(
        sid(&doc, "AllowServiceSns"),
        &json!({"Sid": "AllowServiceSns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
                "Resource": refs.queue_arn, "Condition": {"ArnLike": {"aws:SourceArn": refs.topic_arn}, "StringEquals": {"aws:SourceAccount": refs.account}}})
    );
    let key = policy(&of(&json, "aws_kms_key", "inbox_")["policy"]);
    assert_eq!(sid(&key, "AllowServiceSns")["Principal"]["Service"], "sns.amazonaws.com");
}

#[test]
fn bad_input_is_an_error_with_the_fix() {
    let e = TopicProps::builder().name("bad name").build().unwrap_err().to_string();
    assert!(e.contains("is not an SNS topic name"), "{e}");
    testing::synth(|stack| {
        let t = Topic::new(stack, "t", TopicProps::default()).unwrap();
        let e = t.grant_publish_to_service("lambda").unwrap_err().to_string();
        assert!(e.starts_with("[test/t] `lambda` is not a service konductor lets publish to a topic"), "{e}");
    });
}
