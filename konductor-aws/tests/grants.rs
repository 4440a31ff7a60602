//! Grants: for each grant, both sides of the policy (the role's `grants` policy, and the key or resource
//! policy where AWS needs it), the same bytes whatever the order of the calls, and the refusals.

mod blocks_support;

use blocks_support::{only, policy, sid, statements};
use konductor_aws::iam::{Role, RoleProps, Trust};
use konductor_aws::s3::{Bucket, BucketProps};
use konductor_core::{testing, Stack};
use serde_json::{json, Value};

fn role(stack: &Stack, id: &str) -> Role {
    Role::new(stack, id, RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap()
}

/// One bucket, one role, `grant` applied; the role's policy, the key policy, the role's ARN, the bucket's
/// ARN and the key's ARN.
fn bucket_grant(grant: fn(&Bucket, &Role)) -> (Value, Value, [String; 3]) {
    let mut arns = None;
    let json = testing::synth(|stack| {
        let r = role(stack, "app");
        let b = Bucket::new(stack, "data", BucketProps::default()).unwrap();
        grant(&b, &r);
        arns = Some([r.arn().to_string(), b.arn().to_string(), b.key().unwrap().arn().to_string()]);
    });
    let role_side = policy(&only(&json, "aws_iam_role_policy")["policy"]);
    let key_side = policy(&only(&json, "aws_kms_key")["policy"]);
    (role_side, key_side, arns.unwrap())
}

#[test]
fn bucket_grant_read_lists_and_reads_and_decrypts() {
    let (role_side, key_side, [role, bucket, key]) = bucket_grant(|b, r| b.grant_read(r).unwrap());
    assert_eq!(
        statements(&role_side),
        &vec![
            json!({"Sid": "KmsDecryptTestDataKey", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": key}),
            json!({"Sid": "S3ReadTestData", "Effect": "Allow",
                   "Action": ["s3:GetBucketLocation", "s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
                   "Resource": [bucket.clone(), format!("{bucket}/*")]}),
        ]
    );
    let decrypt = sid(&key_side, "AllowDecrypt");
    assert_eq!(decrypt["Principal"]["AWS"], role.as_str());
    assert_eq!(decrypt["Action"], json!(["kms:Decrypt", "kms:DescribeKey"]));
}

#[test]
fn bucket_grant_write_puts_objects_and_encrypts() {
    let (role_side, key_side, [role, bucket, _]) = bucket_grant(|b, r| b.grant_write(r).unwrap());
    let s = sid(&role_side, "S3WriteTestData");
    assert_eq!(s["Action"], json!(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:PutObject"]));
    assert_eq!(s["Resource"], format!("{bucket}/*"), "writes name objects only, not the bucket");
    assert!(sid(&role_side, "KmsEncryptDecryptTestDataKey")["Action"]
        .as_array()
        .unwrap()
        .contains(&json!("kms:GenerateDataKey*")));
    assert_eq!(sid(&key_side, "AllowEncryptDecrypt")["Principal"]["AWS"], role.as_str());
}

#[test]
fn bucket_grant_read_write_is_one_statement() {
    let (role_side, key_side, [role, ..]) = bucket_grant(|b, r| b.grant_read_write(r).unwrap());
    assert_eq!(sid(&role_side, "S3ReadWriteTestData")["Action"].as_array().unwrap().len(), 7);
    assert_eq!(sid(&key_side, "AllowEncryptDecrypt")["Principal"]["AWS"], role.as_str());
}

#[test]
fn a_bucket_grant_leaves_the_bucket_policy_alone_in_one_account() {
    let json = testing::synth(|stack| {
        let r = role(stack, "app");
        Bucket::new(stack, "data", BucketProps::default()).unwrap().grant_read_write(&r).unwrap();
    });
    let doc = policy(&only(&json, "aws_s3_bucket_policy")["policy"]);
    let sids: Vec<&Value> = statements(&doc).iter().map(|s| &s["Sid"]).collect();
    assert_eq!(sids, [&json!("DenyInsecureTransport"), &json!("DenyOtherEncryption"), &json!("DenyOtherKeys")]);
}

#[test]
fn grants_give_the_same_bytes_whatever_the_order() {
    let build = |order: [usize; 4]| {
        testing::synth(|stack| {
            let (a, b) = (role(stack, "a"), role(stack, "b"));
            let one = Bucket::new(stack, "one", BucketProps::default()).unwrap();
            let two =
                Bucket::new(stack, "two", BucketProps::builder().key(one.key().unwrap().clone()).build().unwrap())
                    .unwrap();
            for i in order {
                match i {
                    0 => one.grant_read(&a).unwrap(),
                    1 => two.grant_write(&a).unwrap(),
                    2 => one.grant_read_write(&b).unwrap(),
                    _ => two.grant_read(&b).unwrap(),
                }
            }
        })
    };
    let first = build([0, 1, 2, 3]);
    assert_eq!(first, build([3, 2, 1, 0]));
    assert_eq!(first, build([2, 0, 3, 1]));
}

#[test]
fn granting_twice_is_granting_once() {
    let once = bucket_grant(|b, r| b.grant_read(r).unwrap());
    let twice = bucket_grant(|b, r| {
        b.grant_read(r).unwrap();
        b.grant_read(r).unwrap();
    });
    assert_eq!(once.0, twice.0);
    assert_eq!(once.1, twice.1);
}
