//! kms::Key: a snapshot, the defaults by name (rotation, deletion window, alias, a key policy whose
//! administrators cannot use the key), both sides of each grant, order-independent bytes, and bad input.

mod blocks_support;
mod schema_check;

use blocks_support::{only, policy, sid as statement};
use konductor_aws::iam::{Role, RoleProps, Trust};
use konductor_aws::kms::{Key, KeyProps};
use konductor_aws::AwsProvider;
use konductor_core::{testing, Construct, Stack};
use serde_json::Value;

fn role(stack: &Stack, id: &str) -> Role {
    Role::new(stack, id, RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap()
}

/// References the assertions compare with, read from the handles.
#[derive(Default)]
struct Refs {
    role_arn: String,
    key_arn: String,
    account: String,
    region: String,
    partition: String,
    dns_suffix: String,
}

fn granted_with_refs() -> (Value, Refs) {
    let mut refs = Refs::default();
    let json = testing::synth(|stack| {
        let app = role(stack, "app");
        let key =
            Key::new(stack, "data", KeyProps::builder().alias("data").allow_account_use_via("s3").build().unwrap())
                .unwrap();
        key.grant_encrypt_decrypt(&app).unwrap();
        key.grant_to_service("logs").unwrap();
        let cx = key.context();
        refs = Refs {
            role_arn: app.arn().to_string(),
            key_arn: key.arn().to_string(),
            account: cx.account_id().to_string(),
            region: cx.region().to_string(),
            partition: cx.partition().to_string(),
            dns_suffix: cx.dns_suffix().to_string(),
        };
    });
    (json, refs)
}

fn granted() -> Value {
    granted_with_refs().0
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(granted());
}

#[test]
fn conforms_to_the_provider_schema() {
    let errors = schema_check::check(&granted());
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn rotation_on_every_365_days_deletion_window_7_and_an_alias_with_the_suffix() {
    let json = testing::synth(|stack| {
        Key::new(stack, "data", KeyProps::default()).unwrap();
    });
    let key = only(&json, "aws_kms_key");
    assert_eq!(key["enable_key_rotation"], true);
    assert_eq!(key["rotation_period_in_days"], 365);
    assert_eq!(key["deletion_window_in_days"], 7);
    assert_eq!(key["multi_region"], false);
    assert_eq!(only(&json, "aws_kms_alias")["name"], "alias/test-data-test");
}

#[test]
fn administrators_manage_the_key_but_cannot_use_it() {
    let mut root = String::new();
    let json = testing::synth(|stack| {
        let key = Key::new(stack, "data", KeyProps::default()).unwrap();
        let cx = key.context();
        root = format!("arn:{}:iam::{}:root", cx.partition(), cx.account_id());
    });
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    assert_eq!(doc["Statement"].as_array().unwrap().len(), 1, "no one uses a key until granted: {doc:#}");
    let admin = statement(&doc, "KeyAdministration");
    assert_eq!(admin["Principal"]["AWS"], root.as_str());
    let actions: Vec<&str> = admin["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    for forbidden in ["kms:*", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:Create*"] {
        assert!(!actions.contains(&forbidden), "{forbidden} in {actions:?}");
    }
    for needed in ["kms:Put*", "kms:ScheduleKeyDeletion", "kms:Describe*", "kms:Enable*"] {
        assert!(actions.contains(&needed), "{needed} missing from {actions:?}");
    }
}

#[test]
fn grant_encrypt_decrypt_writes_the_key_policy_and_the_role_policy() {
    let (json, refs) = granted_with_refs();
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    let key_side = statement(&doc, "AllowEncryptDecrypt");
    assert_eq!(key_side["Principal"]["AWS"], refs.role_arn.as_str());
    assert_eq!(key_side["Condition"]["StringEquals"]["kms:CallerAccount"], refs.account.as_str());
    assert_eq!(
        key_side["Action"],
        serde_json::json!(["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"])
    );
    let role_side = policy(&only(&json, "aws_iam_role_policy")["policy"]);
    let s = statement(&role_side, "KmsEncryptDecryptTestData");
    assert_eq!(s["Resource"], refs.key_arn.as_str());
    assert_eq!(s["Action"], key_side["Action"]);
}

#[test]
fn account_use_is_only_through_the_named_services() {
    let (json, refs) = granted_with_refs();
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    let via = statement(&doc, "AccountUseViaServices");
    assert_eq!(via["Principal"]["AWS"], format!("arn:{}:iam::{}:root", refs.partition, refs.account));
    assert_eq!(via["Condition"]["StringEquals"]["kms:ViaService"], format!("s3.{}.{}", refs.region, refs.dns_suffix));
    assert_eq!(via["Condition"]["StringEquals"]["kms:CallerAccount"], refs.account.as_str());
}

#[test]
fn grant_to_service_logs_is_limited_to_this_accounts_log_groups() {
    let (json, refs) = granted_with_refs();
    let doc = policy(&only(&json, "aws_kms_key")["policy"]);
    let logs = statement(&doc, "AllowServiceLogs");
    assert_eq!(logs["Principal"]["Service"], format!("logs.{}.{}", refs.region, refs.dns_suffix));
    assert_eq!(
        logs["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"],
        format!("arn:{}:logs:{}:{}:log-group:*", refs.partition, refs.region, refs.account)
    );
}

#[test]
fn grants_give_the_same_bytes_whatever_the_order() {
    let mut arns = Vec::new();
    let mut build = |reverse: bool| {
        testing::synth(|stack| {
            let (a, b) = (role(stack, "a"), role(stack, "b"));
            arns = vec![a.arn().to_string(), b.arn().to_string()];
            let key = Key::new(stack, "data", KeyProps::default()).unwrap();
            let mut steps: Vec<Box<dyn Fn()>> = vec![
                Box::new(|| key.grant_encrypt_decrypt(&a).unwrap()),
                Box::new(|| key.grant_decrypt(&b).unwrap()),
                Box::new(|| key.grant_encrypt_decrypt(&b).unwrap()),
                Box::new(|| key.grant_to_service("sns").unwrap()),
                Box::new(|| key.grant_to_service("cloudtrail").unwrap()),
            ];
            if reverse {
                steps.reverse();
            }
            steps.iter().for_each(|s| s());
        })
    };
    let (forward, backward) = (build(false), build(true));
    assert_eq!(forward, backward);
    let doc = policy(&only(&forward, "aws_kms_key")["policy"]);
    assert_eq!(statement(&doc, "AllowEncryptDecrypt")["Principal"]["AWS"], serde_json::json!(arns));
    assert_eq!(statement(&doc, "AllowDecrypt")["Principal"]["AWS"], arns[1].as_str());
}

#[test]
fn an_alias_over_256_characters_is_an_error() {
    let e = KeyProps::builder().alias("a".repeat(251)).build().unwrap_err().to_string();
    assert!(e.starts_with("[KeyProps] KMS alias `alias/aaaa"), "{e}");
    assert!(e.contains("is 257 characters long even before the environment suffix; the limit is 256"), "{e}");
    // With the suffix: 6 + 246 + 5 (`-test`) = 257.
    let result = testing::try_synth(|stack| {
        let e = Key::new(stack, "data", KeyProps::builder().alias("a".repeat(246)).build().unwrap()).unwrap_err();
        assert!(e.to_string().starts_with("[test/data] KMS alias"), "{e}");
        assert!(e.to_string().contains("use an alias base of at most 245 characters"), "{e}");
    });
    assert!(result.is_ok());
}

#[test]
fn an_unknown_service_is_an_error_with_the_list() {
    testing::synth(|stack| {
        let key = Key::new(stack, "data", KeyProps::default()).unwrap();
        let e = key.grant_to_service("sqs-queue").unwrap_err().to_string();
        assert!(e.starts_with("[test/data] `sqs-queue` is not a service"), "{e}");
        assert!(
            e.contains("use one of cloudtrail, cloudwatch, config, delivery.logs, events, logging.s3, logs, s3, sns"),
            "{e}"
        );
    });
    let e = KeyProps::builder().service("log").build().unwrap_err().to_string();
    assert!(e.contains("did you mean `logs`?"), "{e}");
}

#[test]
fn a_grant_across_accounts_is_an_error_with_the_fix() {
    testing::synth(|stack| {
        let other = AwsProvider::builder(stack, "pci").alias("pci").region("eu-west-1").build();
        let pci = Construct::new(stack, "pci-account").with_provider(&other);
        let foreign =
            Role::new(&pci, "reader", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
        let key = Key::new(stack, "data", KeyProps::default()).unwrap();
        let e = key.grant_decrypt(&foreign).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "[test/data] grant of decrypt on key test/data to role test/pci-account/reader crosses accounts"
            ),
            "{e}"
        );
        assert!(e.contains("managed through `aws.pci` and the resource through the default `aws` provider"), "{e}");
        assert!(e.contains("create the role under the same provider configuration"), "{e}");
    });
}

#[test]
fn rotation_outside_90_to_2560_days_is_an_error() {
    for days in [89, 2561] {
        let e = KeyProps::builder().rotation_period_days(days).build().unwrap_err().to_string();
        assert!(e.contains("outside what KMS accepts (90 to 2560)"), "{e}");
    }
}
