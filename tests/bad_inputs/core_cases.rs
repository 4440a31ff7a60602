//! Bad inputs to the core: ids, names, values, overrides, handles, the tree, the command line.

use konductor::aws::AwsProvider;
use konductor::prelude::*;
use serde_json::json;

use crate::Case;

fn dev() -> Environment {
    Environment::new("dev").unwrap()
}

/// A stack `s` in `dev` holding only an AWS provider: the AWS rules are registered by it alone.
fn aws_stack(app: &App) -> Stack {
    let stack = Stack::new(app, "s", &dev());
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();
    stack
}

/// Rules attach to every element of their provider's types, however it was made.
const RULES_ATTACH: &[Case] = &[
    Case {
        name: "generic aws_db_instance with deletion protection, beside only an AwsProvider",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "db", "aws_db_instance")
                .set("deletion_protection", true)
                .set("skip_final_snapshot", true);
            Ok(())
        },
        expect: &[
            "[s/db] aws_db_instance sets deletion_protection = true, which blocks `terraform destroy`",
            "set deletion_protection = false",
        ],
    },
    Case {
        name: "generic aws_s3_bucket without force_destroy, beside only an AwsProvider",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "logs", "aws_s3_bucket").set("bucket", stack.name("logs"));
            Ok(())
        },
        expect: &["[s/logs] aws_s3_bucket does not set force_destroy", "set force_destroy = true"],
    },
    Case {
        name: "generic aws_security_group_rule opening SSH to the world",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "ssh", "aws_security_group_rule")
                .set("type", "ingress")
                .set("protocol", "tcp")
                .set("from_port", 22)
                .set("to_port", 22)
                .set("cidr_blocks", json!(["0.0.0.0/0"]))
                .set("security_group_id", "sg-1");
            Ok(())
        },
        expect: &["[s/ssh] aws_security_group_rule ingress rule opens admin port 22 (SSH) to 0.0.0.0/0"],
    },
    Case {
        name: "AWS provider in one stack, generic resource in another",
        program: |app| {
            aws_stack(app);
            let other = Stack::new(app, "t", &dev());
            GenericResource::new(&other, "db", "aws_db_instance").set("deletion_protection", true);
            Ok(())
        },
        expect: &["[t/db] aws_db_instance sets deletion_protection = true"],
    },
    Case {
        name: "rules registered on the app, no provider at all",
        program: |app| {
            konductor::register_rules(app);
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "role", "aws_iam_role").set("name", stack.name(&"r".repeat(66)));
            Ok(())
        },
        expect: &["[s/role] aws_iam_role name `", "is 70 characters long; the limit is 1..=64"],
    },
    Case {
        name: "override on a generic resource breaking a pin",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "q", "aws_s3_bucket")
                .set("force_destroy", true)
                .add_override("force_destroy", false);
            Ok(())
        },
        expect: &["[s/q] aws_s3_bucket sets force_destroy = false, which blocks `terraform destroy`"],
    },
];

/// `prevent_destroy` however it is set; the message names the attribute that is wrong.
const DESTROY: &[Case] = &[
    Case {
        name: "prevent_destroy through .set(\"lifecycle\", json)",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("lifecycle", json!({"prevent_destroy": true}));
            Ok(())
        },
        expect: &[
            "[s/q] aws_sqs_queue sets lifecycle.prevent_destroy = true, which blocks `terraform destroy`",
            "remove prevent_destroy",
        ],
    },
    Case {
        name: "prevent_destroy on an aws_instance names prevent_destroy",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "vm", "aws_instance")
                .set("force_destroy", true)
                .set("lifecycle", json!({"prevent_destroy": true}));
            Ok(())
        },
        expect: &["[s/vm] aws_instance sets lifecycle.prevent_destroy = true"],
    },
    Case {
        name: "prevent_destroy in a list of lifecycle blocks",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("lifecycle", json!([{"prevent_destroy": true}]));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets lifecycle.prevent_destroy = true"],
    },
    Case {
        name: "prevent_destroy through an override of the whole lifecycle",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue")
                .add_override("lifecycle", json!({"prevent_destroy": true}));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets lifecycle.prevent_destroy = true"],
    },
    Case {
        name: "prevent_destroy from a variable",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue")
                .set("lifecycle", json!({"prevent_destroy": "${var.keep}"}));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets lifecycle.prevent_destroy to \"${var.keep}\", which may be true"],
    },
    Case {
        name: "prevent_destroy as a nested Val map",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            let lifecycle = konductor::Val::map([("prevent_destroy".into(), konductor::Val::Bool(true))]);
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("lifecycle", lifecycle);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets lifecycle.prevent_destroy = true"],
    },
    Case {
        name: "force_destroy = json!(false) names the value it holds",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "b", "aws_s3_bucket").set("force_destroy", json!(false));
            Ok(())
        },
        expect: &["[s/b] aws_s3_bucket sets force_destroy = false, which blocks", "set force_destroy = true"],
    },
    Case {
        name: "lifecycle set both as an attribute and typed",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue")
                .set("lifecycle", json!({"create_before_destroy": true}))
                .lifecycle(Lifecycle::new().ignore_changes(["tags"]));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets `lifecycle` twice", "keep one of the two"],
    },
    Case {
        name: "provider given as text through .set",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("provider", "aws.eu");
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets the meta-argument `provider` as an attribute", "`.provider(&handle)`"],
    },
    Case {
        name: "depends_on given as text through .set",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("depends_on", json!(["aws_igw.x"]));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue sets the meta-argument `depends_on` as an attribute", "`.depends_on(&handle)`"],
    },
];

/// Every table of this file.
pub const TABLES: &[&[Case]] = &[RULES_ATTACH, DESTROY];

#[test]
fn core_bad_inputs_fail_clearly() {
    crate::run("core", TABLES.iter().flat_map(|t| t.iter()));
}
