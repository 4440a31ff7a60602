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
    IamRole::builder(&stack, "ci").name(stack.name(&base)).assume_role_policy("{}").build();
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
