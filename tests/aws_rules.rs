//! The AWS rules at synthesis, for what the compiler cannot see: overrides and names computed at run time.

use konductor::aws::l1::iam::IamRole;
use konductor::aws::l1::rds::DbInstance;
use konductor::prelude::*;
use konductor::Construct;

#[test]
fn deletion_protection_through_an_override_fails_with_the_path() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "data", &Environment::new("dev").unwrap());
    let db = Construct::new(&stack, "orders");
    DbInstance::builder(&db, "db")
        .identifier(stack.name("orders"))
        .instance_class("db.t4g.micro")
        .engine("postgres")
        .allocated_storage(20)
        .build()
        .add_override("deletion_protection", true);
    let err = app.synthesize().unwrap_err().to_string();
    assert!(
        err.contains("[data/orders/db] aws_db_instance sets deletion_protection = true, which blocks `terraform destroy`: set deletion_protection = false"),
        "{err}"
    );
}

#[test]
fn typed_resources_write_their_pins_so_only_overrides_can_break_them() {
    let json = konductor::testing::synth(|stack| {
        DbInstance::builder(stack, "db").identifier(stack.name("orders")).instance_class("db.t4g.micro").build();
    });
    let db = &json["resource"]["aws_db_instance"]["db"];
    assert_eq!(db["deletion_protection"], false);
    assert_eq!(db["skip_final_snapshot"], true);
}

#[test]
fn a_70_character_role_name_fails_with_the_limit() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    let base = "r".repeat(66); // + "-dev" = 70 characters
    IamRole::builder(&stack, "ci").name(stack.name(&base)).assume_role_policy("${var.trust}").build();
    let err = app.synthesize().unwrap_err().to_string();
    assert!(err.contains("[iam/ci] aws_iam_role name `"), "{err}");
    assert!(err.contains("is 70 characters long; the limit is 1..=64"), "{err}");
    assert!(err.contains("use a base name of at most 60 characters"), "{err}");
}

#[test]
fn an_admin_port_open_to_the_world_is_an_error_however_it_is_written() {
    use konductor::aws::l1::ec2::VpcSecurityGroupIngressRule;
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "net", &Environment::new("dev").unwrap());
    VpcSecurityGroupIngressRule::builder(&stack, "ssh")
        .security_group_id("sg-1")
        .ip_protocol("tcp")
        .from_port(22)
        .to_port(22)
        .cidr_ipv4("0.0.0.0/0")
        .build();
    VpcSecurityGroupIngressRule::builder(&stack, "https")
        .security_group_id("sg-1")
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .cidr_ipv4("0.0.0.0/0")
        .build();
    GenericResource::new(&stack, "legacy", "aws_security_group_rule")
        .set("type", "ingress")
        .set("protocol", "tcp")
        .set("from_port", 3389)
        .set("to_port", 3389)
        .set("cidr_blocks", konductor::serde_json::json!(["::/0"]))
        .set("security_group_id", "sg-1");
    let err = app.synthesize().unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems().len(), 2, "{text}");
    assert!(
        text.contains(
            "[net/ssh] aws_vpc_security_group_ingress_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0"
        ),
        "{text}"
    );
    assert!(
        text.contains("[net/legacy] aws_security_group_rule ingress rule opens admin port 3389 (RDP) to ::/0"),
        "{text}"
    );
}

#[test]
fn the_rules_of_one_security_group_count_together_and_ports_may_be_text() {
    use konductor::aws::l1::ec2::{SecurityGroup, VpcSecurityGroupIngressRule};
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "net", &Environment::new("dev").unwrap());
    let sg = SecurityGroup::builder(&stack, "app").name(stack.name("app")).vpc_id("vpc-1").build();
    for (id, cidr) in [("low", "0.0.0.0/1"), ("high", "128.0.0.0/1")] {
        VpcSecurityGroupIngressRule::builder(&stack, id)
            .security_group_id(sg.id())
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .cidr_ipv4(cidr)
            .build()
            // The override writes the port as text: it still counts.
            .add_override("from_port", "22")
            .add_override("to_port", 22.0);
    }
    let err = app.synthesize().unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems().len(), 1, "{text}");
    assert!(
        text.contains(
            "[net/low] aws_vpc_security_group_ingress_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/1, which \
             with 128.0.0.0/1 in [net/high] ingress rule of the same security group `${aws_security_group.app.id}` \
             is all of 0.0.0.0/0"
        ),
        "{text}"
    );
}

#[test]
fn a_network_acl_admitting_the_world_to_rdp_through_a_port_range_fails() {
    use konductor::aws::l1::ec2::NetworkAclRule;
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "net", &Environment::new("dev").unwrap());
    NetworkAclRule::builder(&stack, "ephemeral")
        .network_acl_id("acl-1")
        .rule_number(900)
        .egress(false)
        .rule_action("allow")
        .protocol("tcp")
        .from_port(1024)
        .to_port(65535)
        .cidr_block("0.0.0.0/0")
        .build();
    NetworkAclRule::builder(&stack, "reversed")
        .network_acl_id("acl-1")
        .rule_number(910)
        .rule_action("allow")
        .protocol("tcp")
        .from_port(443)
        .to_port(80)
        .cidr_block("10.0.0.0/8")
        .build();
    let text = app.synthesize().unwrap_err().to_string();
    assert!(
        text.contains("[net/ephemeral] aws_network_acl_rule ingress rule opens admin port 3389 (RDP) to 0.0.0.0/0"),
        "{text}"
    );
    assert!(
        text.contains(
            "[net/reversed] aws_network_acl_rule ingress rule has from_port = 443 greater than to_port = 80, an empty \
             range: give the range from low to high: from_port = 80, to_port = 443"
        ),
        "{text}"
    );
}

const ADMIN_JSON: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#;

#[test]
fn raw_policy_json_is_checked_by_the_typed_rules_in_generic_resources_and_overrides() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    IamRole::builder(&stack, "ci").name(stack.name("ci")).assume_role_policy(trust).build().add_override(
        "assume_role_policy",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"trust ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    );
    GenericResource::new(&stack, "admin", "aws_iam_policy").set("name", stack.name("admin")).set("policy", ADMIN_JSON);
    GenericResource::new(&stack, "bucket-policy", "aws_s3_bucket_policy").set("bucket", "b").set(
        "policy",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*:*","Resource":"*"}]}"#,
    );
    let err = app.synthesize().unwrap_err();
    let text = err.to_string();
    assert_eq!(err.problems().len(), 3, "{text}");
    assert!(
        text.contains(
            "[iam/ci] aws_iam_role assume_role_policy: IAM policy statement 1 (Sid \"trust ec2\") has Sid \"trust ec2\" \
             with ` `; IAM accepts only letters and digits in a Sid: use letters and digits only, e.g. \
             `.sid(\"TrustEc2\")`"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "[iam/admin] aws_iam_policy policy: IAM policy statement 1 allows Action \"iam:*\" on Resource \"*\" \
             (every IAM action, with which it can grant itself every other), which is full administrator access"
        ),
        "{text}"
    );
    assert!(
        text.contains("[iam/bucket-policy] aws_s3_bucket_policy policy: IAM policy statement 1 allows Action \"*:*\""),
        "{text}"
    );
}

#[test]
fn the_named_opt_out_survives_rendering_and_raw_text_has_its_own() {
    use konductor::aws::iam::{acknowledge_full_admin, PolicyDocument, Statement};
    use konductor::aws::l1::iam::IamPolicy;
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    let logs = GenericResource::new(&stack, "logs", "aws_cloudwatch_log_group");
    let doc = PolicyDocument::new().statements([
        Statement::allow().action("*").resource("*").allow_full_admin("break-glass role, MFA-only trust"),
        Statement::allow().action("logs:PutLogEvents").resource(logs.attr("arn")),
    ]);
    IamPolicy::builder(&stack, "typed").name(stack.name("typed")).policy(doc.to_value(&stack)).build();
    // The same document through a generic resource with an override elsewhere in it: still accepted.
    GenericResource::new(&stack, "generic", "aws_iam_policy")
        .set("name", stack.name("generic"))
        .set("policy", doc.to_value(&stack).into_val())
        .add_override("description", "break glass");
    let acknowledged = Construct::new(&stack, "break-glass");
    acknowledge_full_admin(&acknowledged, "the security team's break-glass policy");
    GenericResource::new(&acknowledged, "raw", "aws_iam_policy")
        .set("name", stack.name("raw"))
        .set("policy", ADMIN_JSON);
    app.synthesize().unwrap();

    // Without the acknowledgement, the same raw text beside it fails; and a changed typed text is raw text.
    let other = Construct::new(&stack, "other");
    GenericResource::new(&other, "raw", "aws_iam_policy").set("name", stack.name("raw2")).set("policy", ADMIN_JSON);
    let err = app.synthesize().unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    assert!(err.to_string().contains("[iam/other/raw] aws_iam_policy policy: IAM policy statement 1 allows"), "{err}");
}

#[test]
fn typed_sids_must_be_letters_and_digits() {
    use konductor::aws::iam::{PolicyDocument, Statement};
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    let doc = PolicyDocument::new().statement(Statement::allow().sid("read-logs").action("logs:Get*").resource("*"));
    IamRole::builder(&stack, "r").name(stack.name("r")).assume_role_policy(doc.to_value(&stack)).build();
    let text = app.synthesize().unwrap_err().to_string();
    assert!(text.contains("[iam] IAM policy statement 1 (Sid \"read-logs\") has Sid \"read-logs\" with `-`"), "{text}");
    assert!(text.contains("e.g. `.sid(\"ReadLogs\")`"), "{text}");
}

#[test]
fn a_kms_key_waits_7_to_30_days_and_7_unless_told() {
    use konductor::aws::l1::kms::KmsKey;
    let json = konductor::testing::synth(|stack| {
        KmsKey::builder(stack, "default").build();
        KmsKey::builder(stack, "month").deletion_window_in_days(30.0).build();
        GenericResource::new(stack, "generic", "aws_kms_key").set("deletion_window_in_days", "14");
        // Leaving it out is AWS's 30 days: destroyable too.
        GenericResource::new(stack, "unset", "aws_kms_key");
    });
    let key = |id: &str| json["resource"]["aws_kms_key"][id]["deletion_window_in_days"].clone();
    assert_eq!(key("default"), 7);
    assert_eq!(key("month"), 30);
    assert_eq!(key("generic"), "14");

    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "keys", &Environment::new("dev").unwrap());
    KmsKey::builder(&stack, "long").deletion_window_in_days(45).build();
    GenericResource::new(&stack, "short", "aws_kms_key").set("deletion_window_in_days", 3);
    GenericResource::new(&stack, "payments", "aws_paymentcryptography_key").set("deletion_window_in_days", 200);
    let err = app.synthesize().unwrap_err();
    let text: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "[keys/long] aws_kms_key sets deletion_window_in_days = 45, outside 7..=30: set deletion_window_in_days to \
             a whole number in 7..=30",
            "[keys/short] aws_kms_key sets deletion_window_in_days = 3, outside 7..=30: set deletion_window_in_days to \
             a whole number in 7..=30",
            "[keys/payments] aws_paymentcryptography_key sets deletion_window_in_days = 200, outside 3..=180: set \
             deletion_window_in_days to a whole number in 3..=180",
        ]
    );
}
