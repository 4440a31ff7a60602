//! The physical-name table the generator reads (`schema/physical_names.txt`) and the name rules checked at
//! synthesis (`rules::names::NAME_RULES`) agree: every attribute with a rule takes a `Name` in the bindings, so
//! a typed resource never passes text that synthesis then rejects for its missing environment suffix.

use konductor_aws::rules::names::NAME_RULES;
use konductor_core::testing;

fn table() -> Vec<String> {
    let text = include_str!("../schema/physical_names.txt");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect()
}

fn allowlisted() -> Vec<String> {
    let text = include_str!("../schema/allowlist.txt");
    text.lines().filter_map(|l| l.strip_prefix("resource ")).map(|t| t.trim().to_string()).collect()
}

#[test]
fn every_name_rule_of_an_allowlisted_type_is_a_name_field() {
    let table = table();
    let allowlisted = allowlisted();
    let missing: Vec<String> = NAME_RULES
        .iter()
        .filter(|r| allowlisted.iter().any(|t| t == r.resource_type))
        .map(|r| format!("{}.{}", r.resource_type, r.attribute))
        .filter(|a| !table.contains(a))
        .collect();
    assert!(missing.is_empty(), "add to schema/physical_names.txt and regenerate: {missing:?}");
}

#[test]
fn name_fields_take_names_and_carry_the_suffix() {
    use konductor_aws::l1::iam::IamRole;
    use konductor_aws::l1::s3::S3Bucket;
    let json = testing::synth(|stack| {
        let bucket = S3Bucket::builder(stack, "logs").bucket(stack.name("logs")).build();
        // A reference to another physical name is an expression, so it is accepted too.
        let trust = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#;
        IamRole::builder(stack, "role").name(bucket.bucket()).assume_role_policy(trust).build();
    });
    assert_eq!(json["resource"]["aws_s3_bucket"]["logs"]["bucket"], "logs-test");
    assert_eq!(json["resource"]["aws_iam_role"]["role"]["name"], "${aws_s3_bucket.logs.bucket}");
}
