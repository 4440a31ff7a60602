//! logs::LogGroup: a snapshot, the defaults by name (a key of its own usable by CloudWatch Logs for this
//! group only, the retention), grant_write and grant_read, a shared key, and bad input (retention 0,
//! none, not a CloudWatch period).

mod blocks_support;
mod schema_check;

use blocks_support::{only, policy};
use konductor_aws::iam::{Role, RoleProps, Trust};
use konductor_aws::kms::{Key, KeyProps};
use konductor_aws::logs::{LogGroup, LogGroupProps};
use konductor_core::testing;
use serde_json::{json, Value};

struct Refs {
    group_arn: String,
    key_arn: String,
    context_arn: String,
}

fn granted() -> (Value, Refs) {
    let mut refs = None;
    let json = testing::synth(|stack| {
        let app =
            Role::new(stack, "app", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
        let logs = LogGroup::new(
            stack,
            "app-logs",
            LogGroupProps::builder().name("/app/payments").retention_days(365).build().unwrap(),
        )
        .unwrap();
        logs.grant_write(&app).unwrap();
        logs.grant_read(&app).unwrap();
        let cx = logs.key().context();
        refs = Some(Refs {
            group_arn: logs.arn().to_string(),
            key_arn: logs.key().arn().to_string(),
            context_arn: format!(
                "arn:{}:logs:{}:{}:log-group:/app/payments-test",
                cx.partition(),
                cx.region(),
                cx.account_id()
            ),
        });
    });
    (json, refs.unwrap())
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(granted().0);
}

#[test]
fn conforms_to_the_provider_schema() {
    let errors = schema_check::check(&granted().0);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn encrypted_with_its_own_key_kept_for_the_retention_given() {
    let (json, refs) = granted();
    let group = only(&json, "aws_cloudwatch_log_group");
    assert_eq!(group["name"], "/app/payments-test");
    assert_eq!(group["retention_in_days"], 365);
    assert_eq!(group["kms_key_id"], refs.key_arn.as_str());
    assert_eq!(group["skip_destroy"], false);
    assert_eq!(only(&json, "aws_kms_key")["enable_key_rotation"], true);
}

#[test]
fn cloudwatch_logs_may_use_the_key_for_this_group_only() {
    let (json, refs) = granted();
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    let logs = doc["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "AllowServiceLogs").unwrap();
    assert_eq!(logs["Condition"], json!({"ArnLike": {"kms:EncryptionContext:aws:logs:arn": refs.context_arn}}));
}

#[test]
fn grant_write_and_grant_read_name_the_group_and_its_streams() {
    let (json, refs) = granted();
    let doc = policy(&only(&json, "aws_iam_role_policy")["policy"]);
    let resources = json!([refs.group_arn, format!("{}:*", refs.group_arn)]);
    assert_eq!(
        doc["Statement"],
        json!([
            {"Sid": "LogsReadTestAppLogs", "Effect": "Allow",
             "Action": ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"], "Resource": resources},
            {"Sid": "LogsWriteTestAppLogs", "Effect": "Allow",
             "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": resources},
        ])
    );
    // CloudWatch Logs encrypts with the key itself: the writer gets no key access.
    let key = policy(&only(&json, "aws_kms_key")["policy"]);
    assert!(key["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["Principal"].get("AWS").is_none() || s["Sid"] == "KeyAdministration"));
}

#[test]
fn groups_sharing_a_key_are_each_named_in_its_policy() {
    let json = testing::synth(|stack| {
        let key = Key::new(stack, "logs-key", KeyProps::default()).unwrap();
        for id in ["b", "a"] {
            LogGroup::new(stack, id, LogGroupProps::builder().retention_days(30).key(key.clone()).build().unwrap())
                .unwrap();
        }
    });
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    let logs = doc["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == "AllowServiceLogs").unwrap();
    let groups = logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert!(groups[0].as_str().unwrap().ends_with(":log-group:/test/a-test"), "{groups:?}");
    assert!(groups[1].as_str().unwrap().ends_with(":log-group:/test/b-test"), "{groups:?}");
}

#[test]
fn retention_is_required_and_never_expire_is_a_named_opt_out() {
    let e = LogGroupProps::builder().retention_days(0).build().unwrap_err().to_string();
    assert!(e.starts_with("[LogGroupProps] a retention of 0 days means \"never expire\""), "{e}");
    assert!(e.contains(".never_expire(\\\"<reason>\\\")") || e.contains(".never_expire(\"<reason>\")"), "{e}");
    let e = LogGroupProps::builder().build().unwrap_err().to_string();
    assert!(e.contains("has no retention"), "{e}");
    let e = LogGroupProps::builder().retention_days(100).build().unwrap_err().to_string();
    assert!(e.contains("the next one up is 120"), "{e}");
    let e = LogGroupProps::builder().never_expire(" ").build().unwrap_err().to_string();
    assert!(e.contains("empty reason"), "{e}");
    let json = testing::synth(|stack| {
        LogGroup::new(
            stack,
            "audit",
            LogGroupProps::builder().never_expire("kept for the life of the account").build().unwrap(),
        )
        .unwrap();
    });
    assert!(only(&json, "aws_cloudwatch_log_group").get("retention_in_days").is_none());
}
