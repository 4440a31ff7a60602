//! Bad inputs to konductor-aws: rules on typed and generic resources alike, admin ports, destroyability,
//! IAM policies, physical names, constructs and their props.
//!
//! Most programs hold only an `AwsProvider` and generic resources, as a user of a type without bindings
//! writes them: the AWS rules must apply all the same.

use konductor::aws::AwsProvider;
use konductor::prelude::*;
use serde_json::json;

use crate::Case;

/// A stack `s` in `dev` holding only an AWS provider.
fn aws_stack(app: &App) -> Stack {
    let stack = Stack::new(app, "s", &Environment::new("dev").unwrap());
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();
    stack
}

/// A generic `aws_security_group_rule` ingress rule in `s`.
fn sg_rule(
    stack: &Stack,
    id: &str,
    protocol: serde_json::Value,
    from: serde_json::Value,
    to: serde_json::Value,
    cidrs: serde_json::Value,
) {
    GenericResource::new(stack, id, "aws_security_group_rule")
        .set("type", "ingress")
        .set("security_group_id", "sg-1")
        .set("protocol", protocol)
        .set("from_port", from)
        .set("to_port", to)
        .set("cidr_blocks", cidrs);
}

/// A generic `aws_vpc_security_group_ingress_rule` in `s`.
fn ingress_rule(
    stack: &Stack,
    id: &str,
    group: &str,
    cidr: (&str, &str),
    from: serde_json::Value,
    to: serde_json::Value,
) {
    GenericResource::new(stack, id, "aws_vpc_security_group_ingress_rule")
        .set("security_group_id", group)
        .set("ip_protocol", "tcp")
        .set("from_port", from)
        .set("to_port", to)
        .set(cidr.0, cidr.1);
}

/// A policy document's text with one statement.
fn policy(statement: &str) -> String {
    format!(r#"{{"Version":"2012-10-17","Statement":[{statement}]}}"#)
}

const ADMIN_FIX: &str = "allow admin ports only from your operators' networks";
const LEAST_PRIVILEGE: &str = "which is full administrator access and breaks the least-privilege rule";

/// Admin ports (22, 3389) open to the internet, however the rule, its ports and its sources are written.
const ADMIN_PORTS: &[Case] = &[
    Case {
        name: "SSH with the ports as text, generic aws_vpc_security_group_ingress_rule",
        program: |app| {
            let stack = aws_stack(app);
            ingress_rule(&stack, "ssh", "sg-1", ("cidr_ipv4", "0.0.0.0/0"), json!("22"), json!("22"));
            Ok(())
        },
        expect: &["[s/ssh] aws_vpc_security_group_ingress_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0", ADMIN_FIX],
    },
    Case {
        name: "SSH with the ports as floats through an override of a typed rule",
        program: |app| {
            use konductor::aws::l1::ec2::VpcSecurityGroupIngressRule;
            let stack = aws_stack(app);
            VpcSecurityGroupIngressRule::builder(&stack, "web")
                .security_group_id("sg-1")
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .cidr_ipv6("::/0")
                .build()
                .add_override("from_port", 22.0)
                .add_override("to_port", 22.0);
            Ok(())
        },
        expect: &["[s/web] aws_vpc_security_group_ingress_rule ingress rule opens admin port 22 (SSH) to ::/0"],
    },
    Case {
        name: "every protocol (-1) to ::/0 opens both admin ports",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "all", "aws_security_group_rule")
                .set("type", "ingress")
                .set("security_group_id", "sg-1")
                .set("protocol", "-1")
                .set("from_port", 0)
                .set("to_port", 0)
                .set("ipv6_cidr_blocks", json!(["::/0"]));
            Ok(())
        },
        expect: &["[s/all] aws_security_group_rule ingress rule opens admin port 22 (SSH) to ::/0", "admin port 3389 (RDP) to ::/0"],
    },
    Case {
        name: "protocol `all` in an aws_security_group_rule",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "all", json!("all"), json!(0), json!(65535), json!(["0.0.0.0/0"]));
            Ok(())
        },
        expect: &["[s/all] aws_security_group_rule ingress rule opens admin port 3389 (RDP) to 0.0.0.0/0"],
    },
    Case {
        name: "protocol number 6 over the whole port range",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "tcp", json!(6), json!(0), json!(65535), json!(["0.0.0.0/0"]));
            Ok(())
        },
        expect: &["[s/tcp] aws_security_group_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0", "3389 (RDP)"],
    },
    Case {
        name: "the world split in two halves in one rule",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "halves", json!("tcp"), json!(22), json!(22), json!(["0.0.0.0/1", "128.0.0.0/1"]));
            Ok(())
        },
        expect: &["[s/halves] aws_security_group_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0 (0.0.0.0/1 and 128.0.0.0/1 together)"],
    },
    Case {
        name: "the world split across two rules of one security group",
        program: |app| {
            let stack = aws_stack(app);
            let sg = GenericResource::new(&stack, "app", "aws_security_group").set("vpc_id", "vpc-1");
            let id = sg.attr("id").to_string();
            ingress_rule(&stack, "low", &id, ("cidr_ipv4", "0.0.0.0/1"), json!(3389), json!(3389));
            ingress_rule(&stack, "high", &id, ("cidr_ipv4", "128.0.0.0/1"), json!(3389), json!(3389));
            Ok(())
        },
        expect: &[
            "[s/low] aws_vpc_security_group_ingress_rule ingress rule opens admin port 3389 (RDP) to 0.0.0.0/1",
            "with 128.0.0.0/1 in [s/high] ingress rule of the same security group `${aws_security_group.app.id}` is all of 0.0.0.0/0",
        ],
    },
    Case {
        name: "IPv6 split across inline ingress blocks of one group",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "app", "aws_security_group").set(
                "ingress",
                json!([
                    {"protocol": "tcp", "from_port": 22, "to_port": 22, "ipv6_cidr_blocks": ["::/1"]},
                    {"protocol": "tcp", "from_port": 22, "to_port": 22, "ipv6_cidr_blocks": ["8000::/1"]}
                ]),
            );
            Ok(())
        },
        expect: &["[s/app] aws_security_group inline ingress 1 opens admin port 22 (SSH) to ::/1", "is all of ::/0"],
    },
    Case {
        name: "inline ingress of RDP set as JSON on a generic aws_security_group",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "rdp", "aws_security_group").set(
                "ingress",
                json!([{"protocol": "tcp", "from_port": 3000, "to_port": 4000, "cidr_blocks": ["0.0.0.0/0"]}]),
            );
            Ok(())
        },
        expect: &["[s/rdp] aws_security_group inline ingress opens admin port 3389 (RDP) to 0.0.0.0/0"],
    },
    Case {
        name: "inline ingress added to a typed security group by an override",
        program: |app| {
            use konductor::aws::l1::ec2::SecurityGroup;
            let stack = aws_stack(app);
            SecurityGroup::builder(&stack, "web").name(stack.name("web")).vpc_id("vpc-1").build().add_override(
                "ingress",
                json!([{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]),
            );
            Ok(())
        },
        expect: &["[s/web] aws_security_group inline ingress opens admin port 22 (SSH) to 0.0.0.0/0"],
    },
    Case {
        name: "the default security group opened to the world",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "default", "aws_default_security_group").set("vpc_id", "vpc-1").set(
                "ingress",
                json!([{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]),
            );
            Ok(())
        },
        expect: &["[s/default] aws_default_security_group inline ingress opens admin port 22 (SSH) to 0.0.0.0/0"],
    },
    Case {
        name: "a world CIDR with host bits set",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "hosty", json!("tcp"), json!(22), json!(22), json!(["10.1.2.3/0"]));
            Ok(())
        },
        expect: &["[s/hosty] aws_security_group_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0"],
    },
    Case {
        name: "SecurityGroupChain devops_cidrs that together are the internet",
        program: |app| {
            use konductor::aws::network::{SecurityGroupChain, SecurityGroupChainProps};
            let stack = aws_stack(app);
            SecurityGroupChain::new(
                &stack,
                "chain",
                SecurityGroupChainProps::builder()
                    .vpc_id("vpc-1")
                    .alb_ingress_cidrs(["10.0.0.0/8"])
                    .app_port(8080)
                    .db_port(5432)
                    .devops_cidrs(["0.0.0.0/1", "128.0.0.0/1"])
                    .build()?,
            )?;
            Ok(())
        },
        expect: &[
            "[s/chain] admin ports 22, 3389 cannot be open to 0.0.0.0/0 (devops_cidrs 0.0.0.0/1 and 128.0.0.0/1 together)",
            "list the DevOps networks",
        ],
    },
    Case {
        name: "SecurityGroupChain devops_cidrs ::/0",
        program: |app| {
            use konductor::aws::network::{SecurityGroupChain, SecurityGroupChainProps};
            let stack = aws_stack(app);
            SecurityGroupChain::new(
                &stack,
                "chain",
                SecurityGroupChainProps::builder()
                    .vpc_id("vpc-1")
                    .alb_ingress_cidrs(["10.0.0.0/8"])
                    .app_port(8080)
                    .db_port(5432)
                    .devops_cidrs(["::/0"])
                    .build()?,
            )?;
            Ok(())
        },
        expect: &["[s/chain] admin ports 22, 3389 cannot be open to ::/0 (in devops_cidrs)"],
    },
    Case {
        name: "a network ACL rule admitting the world to RDP through the ephemeral range",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "ephemeral", "aws_network_acl_rule")
                .set("network_acl_id", "acl-1")
                .set("rule_number", 900)
                .set("egress", false)
                .set("rule_action", "allow")
                .set("protocol", "tcp")
                .set("from_port", 1024)
                .set("to_port", 65535)
                .set("cidr_block", "0.0.0.0/0");
            Ok(())
        },
        expect: &["[s/ephemeral] aws_network_acl_rule ingress rule opens admin port 3389 (RDP) to 0.0.0.0/0", ADMIN_FIX],
    },
    Case {
        name: "a network ACL's inline ingress of every protocol from ::/0",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "acl", "aws_network_acl").set("vpc_id", "vpc-1").set(
                "ingress",
                json!([{"rule_no": 100, "action": "allow", "protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_block": "::/0"}]),
            );
            Ok(())
        },
        expect: &["[s/acl] aws_network_acl inline ingress opens admin port 22 (SSH) to ::/0"],
    },
    Case {
        name: "the default network ACL admitting SSH from the world",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "default", "aws_default_network_acl").set("default_network_acl_id", "acl-1").set(
                "ingress",
                json!([{"rule_no": 100, "action": "allow", "protocol": "6", "from_port": "22", "to_port": "22", "cidr_block": "0.0.0.0/0"}]),
            );
            Ok(())
        },
        expect: &["[s/default] aws_default_network_acl inline ingress opens admin port 22 (SSH) to 0.0.0.0/0"],
    },
    Case {
        name: "from_port greater than to_port in an ingress rule",
        program: |app| {
            let stack = aws_stack(app);
            ingress_rule(&stack, "reversed", "sg-1", ("cidr_ipv4", "10.0.0.0/8"), json!(8443), json!(8080));
            Ok(())
        },
        expect: &[
            "[s/reversed] aws_vpc_security_group_ingress_rule ingress rule has from_port = 8443 greater than to_port = 8080, an empty range",
            "give the range from low to high: from_port = 8080, to_port = 8443",
        ],
    },
    Case {
        name: "from_port greater than to_port in a network ACL rule",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "reversed", "aws_network_acl_rule")
                .set("network_acl_id", "acl-1")
                .set("rule_number", 100)
                .set("rule_action", "allow")
                .set("protocol", "tcp")
                .set("from_port", 443)
                .set("to_port", 80)
                .set("cidr_block", "10.0.0.0/8");
            Ok(())
        },
        expect: &["[s/reversed] aws_network_acl_rule ingress rule has from_port = 443 greater than to_port = 80"],
    },
    Case {
        name: "a port that is not a number",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "named", json!("tcp"), json!("ssh"), json!(22), json!(["10.0.0.0/8"]));
            Ok(())
        },
        expect: &["[s/named] aws_security_group_rule ingress rule sets from_port = \"ssh\", which is not a port number", "whole number from 0 to 65535"],
    },
    Case {
        name: "a port above 65535",
        program: |app| {
            let stack = aws_stack(app);
            sg_rule(&stack, "big", json!("tcp"), json!(80), json!(70000), json!(["10.0.0.0/8"]));
            Ok(())
        },
        expect: &["[s/big] aws_security_group_rule ingress rule sets to_port = 70000, which is not a port", "use a port from 0 to 65535"],
    },
];

/// IAM: full administrator access however it is written, raw policy JSON, Sids.
const IAM: &[Case] = &[
    Case {
        name: "iam:* on * in a generic aws_iam_policy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "admin", "aws_iam_policy")
                .set("name", stack.name("admin"))
                .set("policy", policy(r#"{"Effect":"Allow","Action":"iam:*","Resource":"*"}"#));
            Ok(())
        },
        expect: &[
            "[s/admin] aws_iam_policy policy: IAM policy statement 1 allows Action \"iam:*\" on Resource \"*\" (every IAM action, with which it can grant itself every other)",
            LEAST_PRIVILEGE,
            "acknowledge_full_admin",
        ],
    },
    Case {
        name: "Action * on Resource * in a generic aws_iam_role_policy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "admin", "aws_iam_role_policy")
                .set("role", "ci")
                .set("policy", policy(r#"{"Effect":"Allow","Action":["s3:GetObject","*"],"Resource":["*"]}"#));
            Ok(())
        },
        expect: &["[s/admin] aws_iam_role_policy policy: IAM policy statement 1 allows Action \"*\" on Resource \"*\"", LEAST_PRIVILEGE],
    },
    Case {
        name: "IAM:* on every IAM resource of every account",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "admin", "aws_iam_user_policy")
                .set("user", "ci")
                .set("policy", policy(r#"{"Effect":"Allow","Action":"IAM:*","Resource":"arn:aws:iam::*:*"}"#));
            Ok(())
        },
        expect: &["[s/admin] aws_iam_user_policy policy: IAM policy statement 1 allows Action \"IAM:*\" on Resource \"arn:aws:iam::*:*\""],
    },
    Case {
        name: "a wildcarded service iam via i?m:*",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "admin", "aws_iam_group_policy")
                .set("group", "ops")
                .set("policy", policy(r#"{"Effect":"Allow","Action":"i?m:*","Resource":"*"}"#));
            Ok(())
        },
        expect: &["[s/admin] aws_iam_group_policy policy: IAM policy statement 1 allows Action \"i?m:*\" on Resource \"*\""],
    },
    Case {
        name: "NotAction on every resource in a bucket policy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "policy", "aws_s3_bucket_policy")
                .set("bucket", "b")
                .set("policy", policy(r#"{"Effect":"Allow","Principal":"*","NotAction":"s3:DeleteBucket","Resource":"*"}"#));
            Ok(())
        },
        expect: &["[s/policy] aws_s3_bucket_policy policy: IAM policy statement 1 allows every action but NotAction [\"s3:DeleteBucket\"] on Resource \"*\""],
    },
    Case {
        name: "*:* in a KMS key policy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "key", "aws_kms_key").set(
                "policy",
                policy(r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"*:*","Resource":"*"}"#),
            );
            Ok(())
        },
        expect: &["[s/key] aws_kms_key policy: IAM policy statement 1 allows Action \"*:*\" on Resource \"*\""],
    },
    Case {
        name: "a trust policy override with a Sid holding a space",
        program: |app| {
            use konductor::aws::l1::iam::IamRole;
            let stack = aws_stack(app);
            IamRole::builder(&stack, "ci").name(stack.name("ci")).assume_role_policy("${var.trust}").build().add_override(
                "assume_role_policy",
                policy(r#"{"Sid":"trust ec2","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#),
            );
            Ok(())
        },
        expect: &[
            "[s/ci] aws_iam_role assume_role_policy: IAM policy statement 1 (Sid \"trust ec2\") has Sid \"trust ec2\" with ` `",
            "IAM accepts only letters and digits in a Sid",
            "`.sid(\"TrustEc2\")`",
        ],
    },
    Case {
        name: "an admin inline policy block of a generic role",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "role", "aws_iam_role")
                .set("name", stack.name("role"))
                .set(
                    "assume_role_policy",
                    policy(r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#),
                )
                .set("inline_policy", json!([{"name": "all", "policy": policy(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)}]));
            Ok(())
        },
        expect: &["[s/role] aws_iam_role inline_policy.policy: IAM policy statement 1 allows Action \"*\" on Resource \"*\""],
    },
    Case {
        name: "a queue policy that is not JSON",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "policy", "aws_sqs_queue_policy")
                .set("queue_url", "https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
                .set("policy", "allow everything");
            Ok(())
        },
        expect: &["[s/policy] aws_sqs_queue_policy policy is not a JSON policy document", "PolicyDocument"],
    },
    Case {
        name: "a topic policy with an element IAM does not know",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "policy", "aws_sns_topic_policy").set("arn", "arn:aws:sns:us-east-1:1:t").set(
                "policy",
                policy(r#"{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"*","Condtion":{}}"#),
            );
            Ok(())
        },
        expect: &["[s/policy] aws_sns_topic_policy policy: IAM policy statement 1 has element `Condtion`, which IAM does not know"],
    },
    Case {
        name: "a lowercase Effect",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "admin", "aws_iam_policy")
                .set("name", stack.name("reader"))
                .set("policy", policy(r#"{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}"#));
            Ok(())
        },
        expect: &["[s/admin] aws_iam_policy policy: IAM policy statement 1 has Effect \"allow\"; IAM accepts \"Allow\" or \"Deny\""],
    },
    Case {
        name: "both Action and NotAction in a raw statement",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "both", "aws_iam_policy")
                .set("name", stack.name("both"))
                .set("policy", policy(r#"{"Effect":"Deny","Action":"s3:*","NotAction":"s3:GetObject","Resource":"*"}"#));
            Ok(())
        },
        expect: &["[s/both] aws_iam_policy policy: IAM policy statement 1 sets both Action and NotAction", "split it into two statements"],
    },
    Case {
        name: "an endpoint policy allowing everyone everything, raw",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "s3", "aws_vpc_endpoint")
                .set("vpc_id", "vpc-1")
                .set("service_name", "com.amazonaws.us-east-1.s3")
                .set("policy", policy(r#"{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}"#));
            Ok(())
        },
        expect: &["[s/s3] aws_vpc_endpoint policy: IAM policy statement 1 allows Action \"*\" on Resource \"*\""],
    },
    Case {
        name: "a typed statement with a Sid holding hyphens",
        program: |app| {
            use konductor::aws::iam::{PolicyDocument, Statement};
            use konductor::aws::l1::iam::IamPolicy;
            let stack = aws_stack(app);
            let doc = PolicyDocument::new().statement(Statement::allow().sid("read-logs").action("logs:Get*").resource("*"));
            IamPolicy::builder(&stack, "logs").name(stack.name("logs")).policy(doc.to_value(&stack)).build();
            Ok(())
        },
        expect: &["[s] IAM policy statement 1 (Sid \"read-logs\") has Sid \"read-logs\" with `-`", "`.sid(\"ReadLogs\")`"],
    },
    Case {
        name: "a typed iam:* on * without the opt-out",
        program: |app| {
            use konductor::aws::iam::{PolicyDocument, Statement};
            use konductor::aws::l1::iam::IamPolicy;
            let stack = aws_stack(app);
            let doc = PolicyDocument::new().statement(Statement::allow().action("iam:*").resource("*"));
            IamPolicy::builder(&stack, "iam").name(stack.name("iam")).policy(doc.to_value(&stack)).build();
            Ok(())
        },
        expect: &["[s] IAM policy statement 1 allows Action \"iam:*\" on Resource \"*\"", ".allow_full_admin(\"<reason>\")"],
    },
    Case {
        name: "acknowledging full admin with an empty reason",
        program: |app| {
            let stack = aws_stack(app);
            konductor::aws::iam::acknowledge_full_admin(&stack, "  ");
            Ok(())
        },
        expect: &["[s] acknowledges rule `aws-iam-full-admin` with an empty reason", "say why the exception is needed"],
    },
    Case {
        name: "raw full admin beside an acknowledged construct",
        program: |app| {
            let stack = aws_stack(app);
            let glass = Construct::new(&stack, "break-glass");
            konductor::aws::iam::acknowledge_full_admin(&glass, "the security team's break-glass policy");
            let admin = policy(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#);
            GenericResource::new(&glass, "ok", "aws_iam_policy").set("name", stack.name("glass")).set("policy", admin.as_str());
            GenericResource::new(&stack, "other", "aws_iam_policy").set("name", stack.name("other")).set("policy", admin);
            Ok(())
        },
        expect: &["[s/other] aws_iam_policy policy: IAM policy statement 1 allows Action \"*\""],
    },
];

/// KMS and Payment Cryptography deletion windows: any window AWS accepts, no other.
const KEY_WINDOWS: &[Case] = &[
    Case {
        name: "a typed KMS key waiting 45 days",
        program: |app| {
            use konductor::aws::l1::kms::KmsKey;
            let stack = aws_stack(app);
            KmsKey::builder(&stack, "key").deletion_window_in_days(45).build();
            Ok(())
        },
        expect: &["[s/key] aws_kms_key sets deletion_window_in_days = 45, outside 7..=30", "a whole number in 7..=30"],
    },
    Case {
        name: "a generic KMS key waiting 3 days",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "key", "aws_kms_key").set("deletion_window_in_days", 3);
            Ok(())
        },
        expect: &["[s/key] aws_kms_key sets deletion_window_in_days = 3, outside 7..=30"],
    },
    Case {
        name: "a KMS replica key's window as text through an override",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "replica", "aws_kms_replica_key")
                .set("primary_key_arn", "arn:aws:kms:us-east-1:1:key/x")
                .add_override("deletion_window_in_days", "60");
            Ok(())
        },
        expect: &["[s/replica] aws_kms_replica_key sets deletion_window_in_days = \"60\", outside 7..=30"],
    },
    Case {
        name: "a Payment Cryptography key waiting 200 days",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "pin", "aws_paymentcryptography_key").set("deletion_window_in_days", 200);
            Ok(())
        },
        expect: &["[s/pin] aws_paymentcryptography_key sets deletion_window_in_days = 200, outside 3..=180"],
    },
];

/// Destroyability and physical names on generic resources and overrides.
const DESTROY_AND_NAMES: &[Case] = &[
    Case {
        name: "deletion protection on a typed database through an override",
        program: |app| {
            use konductor::aws::l1::rds::DbInstance;
            let stack = aws_stack(app);
            DbInstance::builder(&stack, "db")
                .identifier(stack.name("orders"))
                .instance_class("db.t4g.micro")
                .build()
                .add_override("deletion_protection", true);
            Ok(())
        },
        expect: &[
            "[s/db] aws_db_instance sets deletion_protection = true, which blocks `terraform destroy`",
            "set deletion_protection = false",
        ],
    },
    Case {
        name: "a generic bucket named without the environment suffix and without force_destroy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "logs", "aws_s3_bucket").set("bucket", "logs");
            Ok(())
        },
        expect: &[
            "[s/logs] aws_s3_bucket bucket `logs` does not carry the environment suffix `-dev`",
            "scope.name(",
            "[s/logs] aws_s3_bucket does not set force_destroy",
        ],
    },
    Case {
        name: "a generic bucket with force_destroy false",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "logs", "aws_s3_bucket")
                .set("bucket", stack.name("logs"))
                .set("force_destroy", false);
            Ok(())
        },
        expect: &["[s/logs] aws_s3_bucket sets force_destroy = false", "set force_destroy = true"],
    },
    Case {
        name: "an Aurora cluster keeping a final snapshot",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "aurora", "aws_rds_cluster")
                .set("cluster_identifier", stack.name("orders"))
                .set("skip_final_snapshot", false);
            Ok(())
        },
        expect: &["[s/aurora] aws_rds_cluster sets skip_final_snapshot = false", "set skip_final_snapshot = true"],
    },
    Case {
        name: "load balancer deletion protection through an override",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "alb", "aws_lb")
                .set("name", stack.name("web"))
                .add_override("enable_deletion_protection", true);
            Ok(())
        },
        expect: &["[s/alb] aws_lb sets enable_deletion_protection = true", "set enable_deletion_protection = false"],
    },
    Case {
        name: "a log group skipping destroy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "logs", "aws_cloudwatch_log_group")
                .set("name", stack.name("app"))
                .set("skip_destroy", true);
            Ok(())
        },
        expect: &["[s/logs] aws_cloudwatch_log_group sets skip_destroy = true", "set skip_destroy = false"],
    },
    Case {
        name: "a secret with a recovery window",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "secret", "aws_secretsmanager_secret")
                .set("name", stack.name("db"))
                .set("recovery_window_in_days", 30);
            Ok(())
        },
        expect: &[
            "[s/secret] aws_secretsmanager_secret sets recovery_window_in_days = 30",
            "set recovery_window_in_days = 0",
        ],
    },
    Case {
        name: "COMPLIANCE object lock",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "lock", "aws_s3_bucket_object_lock_configuration")
                .set("bucket", "b")
                .set("rule", json!([{"default_retention": [{"mode": "COMPLIANCE", "days": 1}]}]));
            Ok(())
        },
        expect: &["[s/lock] aws_s3_bucket_object_lock_configuration sets rule.default_retention.mode = \"COMPLIANCE\""],
    },
    Case {
        name: "an ECR repository without force_delete",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "repo", "aws_ecr_repository").set("name", stack.name("app"));
            Ok(())
        },
        expect: &["[s/repo] aws_ecr_repository does not set force_delete", "set force_delete = true"],
    },
    Case {
        name: "an IAM user with force_destroy false",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "user", "aws_iam_user")
                .set("name", stack.name("ci"))
                .set("force_destroy", false);
            Ok(())
        },
        expect: &["[s/user] aws_iam_user sets force_destroy = false", "set force_destroy = true"],
    },
    Case {
        name: "prevent_destroy in a generic resource's lifecycle",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "vpc", "aws_vpc")
                .set("cidr_block", "10.0.0.0/16")
                .set("lifecycle", json!({"prevent_destroy": true}));
            Ok(())
        },
        expect: &["[s/vpc] aws_vpc sets lifecycle.prevent_destroy"],
    },
    Case {
        name: "a generic role name of 70 characters",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "role", "aws_iam_role").set("name", stack.name(&"r".repeat(66))).set(
                "assume_role_policy",
                policy(r#"{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}"#),
            );
            Ok(())
        },
        expect: &[
            "[s/role] aws_iam_role name `",
            "is 70 characters long; the limit is 1..=64",
            "at most 60 characters",
        ],
    },
    Case {
        name: "a load balancer name over 32 characters",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "alb", "aws_lb").set("name", stack.name("the-public-web-load-balancer-1"));
            Ok(())
        },
        expect: &[
            "[s/alb] aws_lb name `the-public-web-load-balancer-1-dev` is 34 characters long; the limit is 1..=32",
        ],
    },
];

/// Construct props that the network constructs refuse.
const CONSTRUCTS: &[Case] = &[
    Case {
        name: "a TieredVpc pinned to one zone id",
        program: |app| {
            use konductor::aws::network::{TieredVpc, TieredVpcProps};
            let stack = aws_stack(app);
            TieredVpc::new(
                &stack,
                "vpc",
                TieredVpcProps::builder().cidr("10.10.0.0/16").availability_zone_ids(["use1-az1"]).build()?,
            )?;
            Ok(())
        },
        expect: &["[s/vpc] AZ count 1 is out of range: a TieredVpc spans 2 to 6 availability zones"],
    },
    Case {
        name: "a SecurityGroupChain with no client networks",
        program: |app| {
            use konductor::aws::network::{SecurityGroupChain, SecurityGroupChainProps};
            let stack = aws_stack(app);
            SecurityGroupChain::new(
                &stack,
                "chain",
                SecurityGroupChainProps::builder().vpc_id("vpc-1").app_port(8080).db_port(5432).build()?,
            )?;
            Ok(())
        },
        expect: &["[s/chain] alb_ingress_cidrs is empty: nothing could reach the load balancer"],
    },
];

/// The building blocks' bad input, and props given to `new` as their builder, whose errors then name the
/// construct path instead of the props type.
const BLOCKS: &[Case] = &[
    Case {
        name: "a ZeroTrustVpc builder with a /12 block, given to new",
        program: |app| {
            use konductor::aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
            ZeroTrustVpc::new(&aws_stack(app), "vpc", ZeroTrustVpcProps::builder().cidr("10.0.0.0/12"))?;
            Ok(())
        },
        expect: &["[s/vpc] VPC CIDR block 10.0.0.0/12 has a /12 prefix, outside what AWS allows", "/16 to /28"],
    },
    Case {
        name: "a ZeroTrustVpc builder with a misspelt endpoint service, given to new",
        program: |app| {
            use konductor::aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
            let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").interface_endpoints(["secretmanager"]);
            ZeroTrustVpc::new(&aws_stack(app), "vpc", props)?;
            Ok(())
        },
        expect: &["[s/vpc] `secretmanager` is not an AWS service with VPC endpoints", "did you mean `secretsmanager`?"],
    },
    Case {
        name: "a ZeroTrustVpc block too small for its tiers",
        program: |app| {
            use konductor::aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
            let props = ZeroTrustVpcProps::builder().cidr("10.0.0.0/26").tiers(["a", "b", "c"]).build()?;
            ZeroTrustVpc::new(&aws_stack(app), "vpc", props)?;
            Ok(())
        },
        expect: &["[s/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /24 or larger"],
    },
    Case {
        name: "a Bucket with a COMPLIANCE object lock",
        program: |app| {
            use konductor::aws::s3::{Bucket, BucketProps, ObjectLock};
            Bucket::new(&aws_stack(app), "reports", BucketProps::builder().object_lock(ObjectLock::compliance(30)))?;
            Ok(())
        },
        expect: &["[s/reports] object lock in COMPLIANCE mode can never be removed", "`ObjectLock::governance(days)`"],
    },
    Case {
        name: "a Bucket logging to a bucket with S3-managed encryption",
        program: |app| {
            use konductor::aws::s3::{Bucket, BucketProps};
            let stack = aws_stack(app);
            let alb_logs = Bucket::new(&stack, "alb-logs", BucketProps::builder().s3_managed_encryption())?;
            Bucket::new(&stack, "data", BucketProps::builder().server_access_logs(&alb_logs))?;
            Ok(())
        },
        expect: &[
            "[s/data] server access logs go to bucket s/alb-logs, which has S3-managed encryption",
            "log to a bucket with its default SSE-KMS encryption",
        ],
    },
    Case {
        name: "a LogGroup with a retention of 0 days",
        program: |app| {
            use konductor::aws::logs::{LogGroup, LogGroupProps};
            LogGroup::new(&aws_stack(app), "app-logs", LogGroupProps::builder().retention_days(0))?;
            Ok(())
        },
        expect: &["[s/app-logs] a retention of 0 days means \"never expire\"", ".never_expire("],
    },
    Case {
        name: "a LogGroup without a retention",
        program: |app| {
            use konductor::aws::logs::{LogGroup, LogGroupProps};
            LogGroup::new(&aws_stack(app), "app-logs", LogGroupProps::builder())?;
            Ok(())
        },
        expect: &["[s/app-logs]", "has no retention"],
    },
    Case {
        name: "a Key alias over 256 characters",
        program: |app| {
            use konductor::aws::kms::{Key, KeyProps};
            Key::new(&aws_stack(app), "data", KeyProps::builder().alias("a".repeat(250)))?;
            Ok(())
        },
        expect: &[
            "[s/data] KMS alias `alias/aaa",
            "is 260 characters long with the environment suffix; the limit is 256",
        ],
    },
    Case {
        name: "a Key alias over 256 characters before the suffix",
        program: |app| {
            use konductor::aws::kms::{Key, KeyProps};
            Key::new(&aws_stack(app), "data", KeyProps::builder().alias("a".repeat(251)))?;
            Ok(())
        },
        expect: &["[s/data] KMS alias", "is 257 characters long even before the environment suffix"],
    },
    Case {
        name: "a Key granted to a service konductor does not know",
        program: |app| {
            use konductor::aws::kms::{Key, KeyProps};
            Key::new(&aws_stack(app), "data", KeyProps::default())?.grant_to_service("sqs-queue")?;
            Ok(())
        },
        expect: &["[s/data] `sqs-queue` is not a service", "use one of cloudtrail, cloudwatch"],
    },
    Case {
        name: "a Key granted to a role of another account",
        program: |app| {
            use konductor::aws::iam::{Role, RoleProps, Trust};
            use konductor::aws::kms::{Key, KeyProps};
            let stack = aws_stack(app);
            let pci = AwsProvider::builder(&stack, "pci").alias("pci").region("eu-west-1").build();
            let account = Construct::new(&stack, "pci-account").with_provider(&pci);
            let reader = Role::new(&account, "reader", RoleProps::builder().trust(Trust::service("lambda")))?;
            Key::new(&stack, "data", KeyProps::default())?.grant_decrypt(&reader)?;
            Ok(())
        },
        expect: &["[s/data] grant of decrypt on key s/data to role s/pci-account/reader crosses accounts"],
    },
    Case {
        name: "a Topic granted to a service that cannot publish",
        program: |app| {
            use konductor::aws::sns::{Topic, TopicProps};
            Topic::new(&aws_stack(app), "alerts", TopicProps::default())?.grant_publish_to_service("lambda")?;
            Ok(())
        },
        expect: &["[s/alerts] `lambda` is not a service konductor lets publish to a topic"],
    },
    Case {
        name: "a Queue keeping messages 15 days",
        program: |app| {
            use konductor::aws::sqs::{Queue, QueueProps};
            Queue::new(&aws_stack(app), "jobs", QueueProps::builder().retention_days(15))?;
            Ok(())
        },
        expect: &["[s/jobs] a message retention of 15 days is outside what SQS accepts"],
    },
    Case {
        name: "two overlapping bucket notifications",
        program: |app| {
            use konductor::aws::s3::{Bucket, BucketEvent, BucketNotification, BucketProps};
            use konductor::aws::sqs::{Queue, QueueProps};
            let stack = aws_stack(app);
            let uploads = Bucket::new(&stack, "uploads", BucketProps::default())?;
            let jobs = Queue::new(&stack, "jobs", QueueProps::default())?;
            let audit = Queue::new(&stack, "audit", QueueProps::default())?;
            uploads.notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated]))?;
            uploads.notify_queue(&audit, BucketNotification::on([BucketEvent::ObjectCreatedCopy]).suffix(".csv"))?;
            Ok(())
        },
        expect: &[
            "[s/uploads] the notification of s3:ObjectCreated:Copy ending `.csv` to s/audit overlaps the one of \
             s3:ObjectCreated:* to s/jobs",
            "do not overlap",
        ],
    },
    Case {
        name: "a bucket notifying a queue of another account",
        program: |app| {
            use konductor::aws::s3::{Bucket, BucketEvent, BucketNotification, BucketProps};
            use konductor::aws::sqs::{Queue, QueueProps};
            let stack = aws_stack(app);
            let pci = AwsProvider::builder(&stack, "pci").alias("pci").region("eu-west-1").build();
            let account = Construct::new(&stack, "pci-account").with_provider(&pci);
            let jobs = Queue::new(&account, "jobs", QueueProps::default())?;
            let uploads = Bucket::new(&stack, "uploads", BucketProps::default())?;
            uploads.notify_queue(&jobs, BucketNotification::on([BucketEvent::ObjectCreated]))?;
            Ok(())
        },
        expect: &[
            "[s/uploads] queue s/pci-account/jobs is managed through another provider configuration",
            "notify a queue of the bucket's account and region",
        ],
    },
    Case {
        name: "a Role trusting no one",
        program: |app| {
            use konductor::aws::iam::{Role, RoleProps};
            Role::new(&aws_stack(app), "worker", RoleProps::builder())?;
            Ok(())
        },
        expect: &["[s/worker] the role trusts no one"],
    },
];

/// The load balancer of a blue/green deployment in VPC `vpc-0123456789abcdef0`, adjusted by `adjust`.
fn blue_green_lb(
    stack: &Stack,
    adjust: fn(
        konductor::aws::deploy::BlueGreenLoadBalancerBuilder,
    ) -> konductor::aws::deploy::BlueGreenLoadBalancerBuilder,
) -> konductor::Result<konductor::aws::deploy::BlueGreenLoadBalancer> {
    use konductor::aws::deploy::BlueGreenLoadBalancer;
    use konductor::aws::l1::elbv2::Lb;
    let alb = Lb::builder(stack, "alb")
        .name(stack.name("web"))
        .load_balancer_type("application")
        .subnets(["subnet-public-a", "subnet-public-b"])
        .security_groups(["sg-alb"])
        .drop_invalid_header_fields(true)
        .build();
    let lb = BlueGreenLoadBalancer::builder()
        .load_balancer(alb.arn(), alb.arn_suffix())
        .vpc_id("vpc-0123456789abcdef0")
        .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d")
        .target_port(8080);
    adjust(lb).build()
}

/// An ECS service `web` deployed by CodeDeploy blue/green in `s`, its load balancer and props adjusted.
fn ecs_blue_green(
    app: &App,
    adjust_lb: fn(
        konductor::aws::deploy::BlueGreenLoadBalancerBuilder,
    ) -> konductor::aws::deploy::BlueGreenLoadBalancerBuilder,
    adjust: fn(konductor::aws::deploy::EcsBlueGreenPropsBuilder) -> konductor::aws::deploy::EcsBlueGreenPropsBuilder,
) -> konductor::Result<()> {
    use konductor::aws::deploy::{CodeDeployBlueGreen, EcsBlueGreenProps};
    let stack = aws_stack(app);
    let props = EcsBlueGreenProps::builder()
        .cluster_name("platform-dev")
        .task_definition("arn:aws:ecs:us-east-1:111111111111:task-definition/web:1")
        .container("web", 8080)
        .network("vpc-0123456789abcdef0", ["subnet-app-a", "subnet-app-b"], ["sg-app"])
        .load_balancer(blue_green_lb(&stack, adjust_lb)?);
    CodeDeployBlueGreen::ecs(&stack, "web", adjust(props).build()?)?;
    Ok(())
}

/// CodeDeployBlueGreen and BlueGreenRollout: every bad input issue 14 lists, with its whole text.
const DEPLOYMENTS: &[Case] = &[
    Case {
        name: "time-based shifting on EC2/Server (the seed's 10 % every 10 minutes)",
        program: |app| {
            use konductor::aws::deploy::{AutoScalingBlueGreenProps, CodeDeployBlueGreen, TrafficShifting};
            let stack = aws_stack(app);
            let props = AutoScalingBlueGreenProps::builder()
                .auto_scaling_group("orders-dev")
                .vpc_id("vpc-0123456789abcdef0")
                .load_balancer(blue_green_lb(&stack, |l| l)?)
                .traffic(TrafficShifting::Linear { percent: 10, every_minutes: 10 });
            CodeDeployBlueGreen::auto_scaling(&stack, "orders", props.build()?)?;
            Ok(())
        },
        expect: &[
            "[s/orders] linear 10 % every 10 minutes cannot be used on EC2/Server: CodeDeploy shifts traffic by \
            time only on ECS and Lambda; on EC2 / Auto Scaling it replaces instances in batches of hosts: use a \
            hosts-based configuration (TrafficShifting::OneAtATime, HalfAtATime, AllAtOnce or MinimumHealthy(..)), or \
            deploy the service on ECS or Lambda for time-based shifting",
        ],
    },
    Case {
        name: "more than 10 rollback alarms",
        program: |app| {
            use konductor::aws::deploy::RollbackAlarm;
            ecs_blue_green(
                app,
                |l| l,
                |p| {
                    // 4 target-group alarms (each made for the blue and the green group) and 3 given ones.
                    let per_group = [1.0, 5.0].into_iter().flat_map(|x| {
                        [
                            RollbackAlarm::TargetGroup5xxRate { percent: x },
                            RollbackAlarm::TargetGroupLatency { p99_seconds: x },
                        ]
                    });
                    p.alarms(per_group.chain(["a", "b", "c"].map(RollbackAlarm::existing)))
                },
            )
        },
        expect: &["[s/web] 11 rollback alarms: CodeDeploy watches at most 10 per deployment group (a target-group \
            alarm is made once per target group: 2 here): keep the alarms that matter most, or combine several into \
            one composite alarm and pass it with RollbackAlarm::existing(..)"],
    },
    Case {
        name: "a canary of 0 %",
        program: |app| {
            use konductor::aws::deploy::TrafficShifting;
            ecs_blue_green(app, |l| l, |p| p.traffic(TrafficShifting::Canary { percent: 0, minutes: 5 }))
        },
        expect: &["[s/web] canary 0 % for 5 minutes: 0 % is not a step CodeDeploy can take: use a canary of 1 to 99 \
            %, or TrafficShifting::AllAtOnce to move everything in one step"],
    },
    Case {
        name: "a canary of 100 %",
        program: |app| {
            use konductor::aws::deploy::TrafficShifting;
            ecs_blue_green(app, |l| l, |p| p.traffic(TrafficShifting::Canary { percent: 100, minutes: 5 }))
        },
        expect: &["[s/web] canary 100 % for 5 minutes: 100 % is not a step CodeDeploy can take: use a canary of 1 to \
            99 %, or TrafficShifting::AllAtOnce to move everything in one step"],
    },
    Case {
        name: "one listener port for both the production and the test listener",
        program: |app| ecs_blue_green(app, |l| l.production_port(443).test_port(443), |p| p),
        expect: &["[s/web] listener port 443 is used by both the production and the test listener: a load balancer \
            has one listener per port: give the test listener its own port, e.g. .test_port(8443)"],
    },
    Case {
        name: "target groups in another VPC than the service",
        program: |app| ecs_blue_green(app, |l| l.vpc_id("vpc-0fedcba9876543210"), |p| p),
        expect: &["[s/web] the target groups would be in the load balancer's VPC `vpc-0fedcba9876543210` and the \
            service runs in VPC `vpc-0123456789abcdef0`: targets must be in the VPC of their target group: run the \
            service in the load balancer's VPC (the same vpc_id on both), or use a load balancer of the service's VPC"],
    },
    Case {
        name: "a manual approval wait over the 2-day maximum",
        program: |app| {
            use konductor::aws::deploy::Readiness;
            ecs_blue_green(app, |l| l, |p| p.readiness(Readiness::ManualApproval { wait_minutes: 2881 }))
        },
        expect: &[
            "[s/web] a manual approval wait of 2881 minutes is out of range: CodeDeploy waits 1 to 2880 minutes \
            (2 days) before stopping the deployment: use Readiness::ManualApproval { wait_minutes } with 1 to 2880, \
            or Readiness::ContinueImmediately",
        ],
    },
    Case {
        name: "a blue/green Rollout without a preview service",
        program: |app| {
            use konductor::aws::rollouts::{BlueGreenRollout, BlueGreenRolloutProps};
            let stack = aws_stack(app);
            let props = BlueGreenRolloutProps::builder().image("checkout:1.4.2").port(8080).active_service("checkout");
            BlueGreenRollout::new(&stack, "checkout", props.build()?)?;
            Ok(())
        },
        expect: &["[s/checkout] blue/green Rollout `checkout` has no preview service: the new version must be \
            reachable, and analysed, before it is promoted to the active service `checkout`: call \
            .preview_service(\"checkout-preview\") on the builder"],
    },
];

/// The AWS cases, every class above.
pub const AWS_CASES: &[&[Case]] = &[ADMIN_PORTS, IAM, KEY_WINDOWS, DESTROY_AND_NAMES, CONSTRUCTS, BLOCKS, DEPLOYMENTS];

#[test]
fn aws_bad_inputs_fail_clearly() {
    let all: Vec<&Case> = AWS_CASES.iter().flat_map(|c| c.iter()).collect();
    assert!(all.len() >= 45, "at least 45 AWS cases, {} now", all.len());
    crate::run("aws", all);
}

/// The Organization and LandingZone cases.
pub const ORGANIZATION_CASES: &[Case] = &[
    Case {
        name: "organization account with an invalid email",
        program: |app| {
            use konductor::aws::organization::{Account, Organization};
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            Organization::builder(&stack, "org")
                .home_region("us-east-1")
                .account(Account::new("dev", "dev@example"))
                .build()?;
            Ok(())
        },
        expect: &[
            "[management/org]",
            "account `dev` email `dev@example`",
            "has no valid domain",
            "aws+dev@example.com",
        ],
    },
    Case {
        name: "organization accounts sharing an email",
        program: |app| {
            use konductor::aws::organization::{Account, Organization};
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            Organization::builder(&stack, "org")
                .home_region("us-east-1")
                .account(Account::new("dev", "aws@example.com"))
                .account(Account::new("prod", "aws@example.com"))
                .build()?;
            Ok(())
        },
        expect: &["[management/org]", "`aws@example.com` is already the email of account `dev`", "its own root email"],
    },
    Case {
        name: "service control policy over 5,120 characters",
        program: |app| {
            use konductor::aws::iam::{PolicyDocument, Statement};
            use konductor::aws::organization::Organization;
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            let big = PolicyDocument::new()
                .statement(Statement::deny().actions((0..300).map(|i| format!("ec2:DeleteThing{i:03}"))).resource("*"));
            Organization::builder(&stack, "org")
                .home_region("us-east-1")
                .service_control_policy("Sandbox", "big", big)
                .build()?;
            Ok(())
        },
        expect: &["[management/org]", "service control policy `big` is", "characters long", "at most 5120", "split"],
    },
    Case {
        name: "OU tree deeper than 5 levels",
        program: |app| {
            use konductor::aws::organization::Organization;
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            Organization::builder(&stack, "org").home_region("us-east-1").ous(["a/b/c/d/e/f"]).build()?;
            Ok(())
        },
        expect: &["[management/org]", "OU `a/b/c/d/e/f` is nested 6 deep", "at most 5 levels", "flatten"],
    },
    Case {
        name: "delegated administrator for a service not enabled",
        program: |app| {
            use konductor::aws::organization::{Account, DelegatedService, OrgService, Organization};
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            Organization::builder(&stack, "org")
                .home_region("us-east-1")
                .services([OrgService::Sso])
                .account(Account::new("security", "aws+security@example.com"))
                .delegate(DelegatedService::SecurityHub, "security")
                .build()?;
            Ok(())
        },
        expect: &["[management/org]", "securityhub.amazonaws.com, which is not enabled", "OrgService::SecurityHub"],
    },
    Case {
        name: "region allowlist without the home region",
        program: |app| {
            use konductor::aws::organization::Organization;
            let stack = konductor::Stack::new(app, "management", &konductor::Environment::new("prod")?);
            Organization::builder(&stack, "org").home_region("us-east-1").allowed_regions(["eu-west-1"]).build()?;
            Ok(())
        },
        expect: &[
            "[management/org]",
            "region allowlist [eu-west-1] excludes the home region us-east-1",
            "add `us-east-1`",
        ],
    },
];

#[test]
fn organization_bad_inputs_fail_clearly() {
    crate::run("organization", ORGANIZATION_CASES);
}

/// The LandingZone cases.
pub const LANDING_ZONE_CASES: &[Case] = &[
    Case {
        name: "landing zone without a log archive, security tooling or alert emails",
        program: |app| {
            use konductor::aws::landing_zone::LandingZone;
            LandingZone::builder(app, &konductor::Environment::new("prod")?).home_region("us-east-1").build()?;
            Ok(())
        },
        expect: &["[landing-zone]", "no LogArchive account", "no SecurityTooling account", "no alert emails given"],
    },
    Case {
        name: "landing zone backups copied to the home region",
        program: |app| {
            use konductor::aws::landing_zone::LandingZone;
            LandingZone::builder(app, &konductor::Environment::new("prod")?)
                .home_region("us-east-1")
                .log_archive("aws+logs@example.com")
                .security_tooling("aws+security@example.com")
                .backup("aws+backup@example.com")
                .backup_copy_region("us-east-1")
                .alert_emails(["secops@example.com"])
                .build()?;
            Ok(())
        },
        expect: &["[landing-zone]", "backup copy region us-east-1 is the home region", "another region"],
    },
];

#[test]
fn landing_zone_bad_inputs_fail_clearly() {
    crate::run("landing-zone", LANDING_ZONE_CASES);
}

/// The security services' cases (GuardDuty, Identity Center).
pub const SECURITY_CASES: &[Case] = &[
    Case {
        name: "a GuardDuty detector created instead of read",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "detector", "aws_guardduty_detector").set("enable", true);
            Ok(())
        },
        expect: &[
            "[s/detector] aws_guardduty_detector creates a GuardDuty detector",
            "account-level resource that already exists",
            "`data.aws_guardduty_detector`",
        ],
    },
    Case {
        name: "a GuardDuty threat intel set that is not in S3",
        program: |app| {
            use konductor::aws::security::GuardDutyOnExisting;
            let stack = aws_stack(app);
            GuardDutyOnExisting::builder(&stack, "guardduty")
                .threat_intel_set("feed", "ftp://intel/feed.txt")
                .build()?;
            Ok(())
        },
        expect: &[
            "[s/guardduty]",
            "threat intel set `feed` location `ftp://intel/feed.txt` is not an S3 object URL",
            "https://s3.amazonaws.com/BUCKET/KEY",
        ],
    },
    Case {
        name: "a permission set allowing every action on every resource",
        program: |app| {
            use konductor::aws::iam::{PolicyDocument, Statement};
            use konductor::aws::security::{IdentityCenter, PermissionSet};
            let stack = aws_stack(app);
            IdentityCenter::builder(&stack, "sso")
                .permission_set(
                    PermissionSet::new("Admin")
                        .inline_policy(PolicyDocument::new().statement(Statement::allow().action("*").resource("*"))),
                )
                .build()?;
            Ok(())
        },
        expect: &[
            "[s/sso] permission set `Admin`",
            "allows Action \"*\" on Resource \"*\"",
            "least-privilege rule",
            ".allow_full_admin(",
        ],
    },
];

#[test]
fn security_bad_inputs_fail_clearly() {
    crate::run("security", SECURITY_CASES);
}

/// An EksCluster `eks` on a TieredVpc in stack `s` (`dev`), with `edit` applied to good props.
fn eks(
    app: &App,
    edit: impl FnOnce(konductor::aws::eks::EksClusterPropsBuilder) -> konductor::aws::eks::EksClusterPropsBuilder,
) -> konductor::Result<(Stack, konductor::aws::eks::EksCluster)> {
    use konductor::aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
    use konductor::aws::network::{TieredVpc, TieredVpcProps};
    let stack = aws_stack(app);
    let vpc = TieredVpc::new(&stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").azs(2).build()?)?;
    let props = EksClusterProps::builder()
        .version("1.35")
        .network(ClusterNetwork::tiered(&vpc))
        .admin_role("arn:aws:iam::111122223333:role/devops");
    let cluster = EksCluster::new(&stack, "eks", edit(props).build()?)?;
    Ok((stack, cluster))
}

/// A KarpenterPool `karpenter` with the one pool `pool` on the cluster of [`eks`].
fn karpenter_pool(app: &App, pool: konductor::aws::karpenter::NodePool) -> konductor::Result<()> {
    use konductor::aws::karpenter::{KarpenterPool, KarpenterPoolProps};
    let (stack, cluster) = eks(app, |p| p)?;
    let helm = cluster.helm_provider(&stack, "helm", None);
    KarpenterPool::new(&stack, "karpenter", &cluster, &helm, KarpenterPoolProps::builder().node_pool(pool).build()?)?;
    Ok(())
}

/// Issue 13's bad inputs: EksCluster and KarpenterPool.
pub const EKS_CASES: &[Case] = &[
    Case {
        name: "a Kubernetes version out of EKS standard support",
        program: |app| eks(app, |p| p.version("1.29")).map(drop),
        expect: &[
            "[s/eks] Kubernetes version 1.29 is not in Amazon EKS standard support (extended support costs more per \
             cluster hour and ends in an automatic upgrade): pin one of 1.34, 1.35",
        ],
    },
    Case {
        name: "a public endpoint without CIDRs",
        program: |app| eks(app, |p| p.public_endpoint(Vec::<String>::new())).map(drop),
        expect: &[
            "[s/eks] public_endpoint was given no CIDRs: the API server would be open to the whole internet: list the \
             networks that may reach it, e.g. `.public_endpoint([\"203.0.113.0/24\"])`, or keep the endpoint private",
        ],
    },
    Case {
        name: "a NodePool with no architecture",
        program: |app| {
            use konductor::aws::karpenter::{CapacityType, NodePool};
            karpenter_pool(app, NodePool::new("web").capacity_types([CapacityType::Spot]).families(["m7g"], ["large"]))
        },
        expect: &[
            "[s/karpenter] NodePool `web` has no architecture: Karpenter would launch amd64 and arm64 nodes alike: set \
             `.arch(Arch::Amd64)` or `.arch(Arch::Arm64)`",
        ],
    },
    Case {
        name: "a NodePool with no capacity type",
        program: |app| {
            use konductor::aws::eks::Arch;
            use konductor::aws::karpenter::NodePool;
            karpenter_pool(app, NodePool::new("web").arch(Arch::Arm64).families(["m7g"], ["large"]))
        },
        expect: &[
            "[s/karpenter] NodePool `web` has no capacity type: set `.capacity_types([CapacityType::Spot, \
             CapacityType::OnDemand])` (spot first, on-demand as fallback) or one of them",
        ],
    },
    Case {
        name: "an arm64 instance type (c7g) in an amd64 NodePool",
        program: |app| {
            use konductor::aws::eks::Arch;
            use konductor::aws::karpenter::{CapacityType, NodePool};
            karpenter_pool(
                app,
                NodePool::new("web")
                    .arch(Arch::Amd64)
                    .capacity_types([CapacityType::Spot])
                    .families(["c5", "c7g"], ["large"]),
            )
        },
        expect: &[
            "[s/karpenter] NodePool `web` is amd64 but `c7g` is arm64: use amd64 instances in this pool, or put `c7g` \
             in a arm64 pool",
        ],
    },
    Case {
        name: "a NodePool with a limit of 0",
        program: |app| {
            use konductor::aws::eks::Arch;
            use konductor::aws::karpenter::{CapacityType, NodePool};
            karpenter_pool(
                app,
                NodePool::new("web")
                    .arch(Arch::Arm64)
                    .capacity_types([CapacityType::Spot])
                    .families(["m7g"], ["large"])
                    .cpu_limit(0),
            )
        },
        expect: &[
            "[s/karpenter] NodePool `web` has a limit of 0: it could never launch a node: give a CPU limit above 0, \
             e.g. `.cpu_limit(1000)` (and a memory limit above 0 if any)",
        ],
    },
    Case {
        name: "a private cluster without the endpoints Karpenter needs",
        program: |app| {
            use konductor::aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
            use konductor::aws::karpenter::{KarpenterPool, KarpenterPoolProps};
            use konductor::aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
            let stack = aws_stack(app);
            let vpc = ZeroTrustVpc::new(
                &stack,
                "vpc",
                ZeroTrustVpcProps::builder()
                    .cidr("10.20.0.0/16")
                    .tiers(["app"])
                    .interface_endpoints(["ecr.api", "ecr.dkr", "sts"])
                    .build()?,
            )?;
            let props = EksClusterProps::builder()
                .version("1.35")
                .network(ClusterNetwork::zero_trust(&vpc, "app")?)
                .admin_role("arn:aws:iam::111122223333:role/devops")
                .build()?;
            let cluster = EksCluster::new(&stack, "eks", props)?;
            let helm = cluster.helm_provider(&stack, "helm", None);
            KarpenterPool::new(&stack, "karpenter", &cluster, &helm, KarpenterPoolProps::default())?;
            Ok(())
        },
        expect: &[
            "[s/karpenter] the cluster's VPC has no route to the internet and no VPC endpoint for ssm, ec2, sqs, eks: \
             Karpenter could not get credentials, AMIs, instances, interruption messages or the cluster endpoint: add \
             interface endpoints for ssm, ec2, sqs, eks (EndpointPreset::EksPrivate has them all)",
        ],
    },
];

#[test]
fn eks_bad_inputs_fail_clearly() {
    crate::run("eks", EKS_CASES);
}
