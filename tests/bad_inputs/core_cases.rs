//! Bad inputs to the core: ids, names, values, overrides, handles, the tree, the command line.

use konductor::aws::AwsProvider;
use konductor::prelude::*;
use konductor::Val;
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

/// A stack `o` of another app, with a VPC in it: its handles must never be used in `app`.
fn foreign_vpc() -> GenericResource {
    let other = App::with_outdir("unused-other-app");
    let stack = Stack::new(&other, "o", &dev());
    GenericResource::new(&stack, "vpc", "aws_vpc")
}

/// Handles of another App: an error, never a dangling address, never a panic.
const OTHER_APP: &[Case] = &[
    Case {
        name: "reference to an element of another app",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "sub", "aws_subnet").set("vpc_id", vpc.attr("id"));
            Ok(())
        },
        expect: &[
            "[s/sub] aws_subnet `vpc_id` refers to `aws_vpc.vpc`, an element of another App",
            "create both in the same App",
        ],
    },
    Case {
        name: "reference to another app inside a template in a map",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            let tag = konductor::template!("net-{}", vpc.attr("id"));
            GenericResource::new(&stack, "sub", "aws_subnet").set("tags", Val::map([("Name".into(), tag.into())]));
            Ok(())
        },
        expect: &["[s/sub] aws_subnet `tags.Name` refers to `aws_vpc.vpc`, an element of another App"],
    },
    Case {
        name: "reference to another app inside a function call",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "sub", "aws_subnet")
                .set("cidr_block", fns::cidrsubnet(vpc.attr("cidr_block"), 8, 1));
            Ok(())
        },
        expect: &["[s/sub] aws_subnet `cidr_block` refers to `aws_vpc.vpc`, an element of another App"],
    },
    Case {
        name: "depends_on an element of another app",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "sub", "aws_subnet").depends_on(&vpc);
            Ok(())
        },
        expect: &["[s/sub] depends_on `aws_vpc.vpc` is an element of another App"],
    },
    Case {
        name: "output depends_on an element of another app",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            Output::new(&stack, "o", "x").depends_on(&vpc);
            Ok(())
        },
        expect: &["[s/o] depends_on `aws_vpc.vpc` is an element of another App"],
    },
    Case {
        name: "output of a reference to another app",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            Output::new(&stack, "vpc-id", vpc.attr("id"));
            Ok(())
        },
        expect: &["[s/vpc-id] output `value` refers to `aws_vpc.vpc`, an element of another App"],
    },
    Case {
        name: "local holding a reference to another app",
        program: |app| {
            let vpc = foreign_vpc();
            let stack = Stack::new(app, "s", &dev());
            Local::new(&stack, "vpc", vpc.attr("id"));
            Ok(())
        },
        expect: &["[s/vpc] local `value` refers to `aws_vpc.vpc`, an element of another App"],
    },
    Case {
        name: "provider configuration of another app",
        program: |app| {
            let other = App::with_outdir("unused-other-app");
            let eu = AwsProvider::builder(&Stack::new(&other, "o", &dev()), "eu").alias("eu").build();
            let stack = aws_stack(app);
            GenericResource::new(&stack, "q", "aws_sqs_queue").provider(&eu);
            Ok(())
        },
        expect: &[
            "[s/q] provider `aws.eu` is a configuration of another App",
            "create the provider in this App's stack",
        ],
    },
    Case {
        name: "construct using a provider of another app",
        program: |app| {
            let other = App::with_outdir("unused-other-app");
            let eu = AwsProvider::builder(&Stack::new(&other, "o", &dev()), "eu").alias("eu").build();
            let stack = aws_stack(app);
            let pci = Construct::new(&stack, "pci").with_provider(&eu);
            GenericResource::new(&pci, "q", "aws_sqs_queue");
            Ok(())
        },
        expect: &["[s/pci] provider `aws.eu` is a configuration of another App"],
    },
    Case {
        name: "stack depending on the third stack of another app (no panic in the cycle search)",
        program: |app| {
            let other = App::with_outdir("unused-other-app");
            let third = ["a", "b", "c"].map(|n| Stack::new(&other, n, &dev()))[2].clone();
            let stack = Stack::new(app, "s", &dev());
            stack.depends_on(&third);
            Ok(())
        },
        expect: &["[s] depends_on stack `c` of another App"],
    },
];

/// NaN and infinity are no JSON; values nested too deep are an error, never cut off.
const NUMBERS_AND_DEPTH: &[Case] = &[
    Case {
        name: "NaN in an attribute",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("delay_seconds", Val::Float(f64::NAN));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `delay_seconds` is NaN, which JSON cannot hold", "use a finite number"],
    },
    Case {
        name: "infinity inside a map",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            let limits = Val::map([("max".into(), Val::Float(f64::INFINITY))]);
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("limits", limits);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `limits.max` is infinity, which JSON cannot hold"],
    },
    Case {
        name: "NaN in a list",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            let ports = Val::List(vec![Val::Int(80), Val::Float(f64::NAN)]);
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("ports", ports);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `ports.1` is NaN"],
    },
    Case {
        name: "NaN inside a function call",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue")
                .set("delay_seconds", Expr::call("max", [Val::Int(1), Val::Float(f64::NAN)]));
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `delay_seconds` is NaN"],
    },
    Case {
        name: "negative infinity in an output",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            Output::new(&stack, "o", Val::Float(f64::NEG_INFINITY));
            Ok(())
        },
        expect: &["[s/o] output `value` is -infinity, which JSON cannot hold"],
    },
    Case {
        name: "NaN as a variable's default",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            Variable::new(&stack, "ratio").type_expr("number").default(Val::Float(f64::NAN));
            Ok(())
        },
        expect: &["[s/ratio] variable `default` is NaN"],
    },
    Case {
        name: "NaN as count",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue").count(f64::NAN);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `count` is NaN"],
    },
    Case {
        name: "NaN in a typed provider attribute",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            AwsProvider::builder(&stack, "aws").max_retries(f64::NAN).build();
            Ok(())
        },
        expect: &["[s/aws] aws `max_retries` is NaN"],
    },
    Case {
        name: "NaN in a resource that also has an override",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            GenericResource::new(&stack, "q", "aws_sqs_queue")
                .set("delay_seconds", Val::Float(f64::NAN))
                .add_override("visibility_timeout_seconds", 30);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `delay_seconds` is NaN"],
    },
    Case {
        name: "a value nested 600 levels deep",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            let deep = (0..600).fold(Val::Int(1), |v, _| Val::List(vec![v]));
            GenericResource::new(&stack, "q", "aws_sqs_queue").set("deep", deep);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `deep.0.0.", "nests values deeper than 512 levels", "flatten the value"],
    },
    Case {
        name: "an override nested 600 levels deep",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            let deep = (0..600).fold(json!(1), |v, _| json!([v]));
            GenericResource::new(&stack, "q", "aws_sqs_queue").add_override("deep", deep);
            Ok(())
        },
        expect: &["[s/q] aws_sqs_queue `deep` nests values deeper than 512 levels"],
    },
];

/// What is created on the App itself, outside any stack: an error, never a panic, never dropped.
const OUTSIDE_STACKS: &[Case] = &[
    Case {
        name: "Construct::new(&app, ..).name(..)",
        program: |app| {
            let c = Construct::new(app, "c");
            let _ = c.name("x");
            Ok(())
        },
        expect: &["[c] construct `c` is created on the App, outside any stack", "pass `&stack`, not `&app`"],
    },
    Case {
        name: "a resource below a construct on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            let c = Construct::new(app, "c");
            let inner = Construct::new(&c, "inner");
            GenericResource::new(&inner, "b", "aws_s3_bucket").set("bucket", inner.name("b"));
            Ok(())
        },
        expect: &["[c] construct `c` is created on the App, outside any stack"],
    },
    Case {
        name: "a TieredVpc below a construct on the app",
        program: |app| {
            use konductor::aws::network::{TieredVpc, TieredVpcProps};
            Stack::new(app, "s", &dev());
            let c = Construct::new(app, "c");
            TieredVpc::new(&c, "vpc", TieredVpcProps::builder().cidr("10.40.0.0/16").build()?)?;
            Ok(())
        },
        expect: &["[c] construct `c` is created on the App, outside any stack"],
    },
    Case {
        name: "an output on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            Output::new(app, "o", "x");
            Ok(())
        },
        expect: &["[o] output `o` is created on the App, outside any stack, so it would not be written"],
    },
    Case {
        name: "a variable on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            Variable::new(app, "v").type_expr("string");
            Ok(())
        },
        expect: &["[v] variable `v` is created on the App, outside any stack"],
    },
    Case {
        name: "a local on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            Local::new(app, "l", "x");
            Ok(())
        },
        expect: &["[l] local `l` is created on the App, outside any stack"],
    },
    Case {
        name: "an AwsProvider on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            AwsProvider::builder(app, "aws").region("us-east-1").build();
            Ok(())
        },
        expect: &["[aws] provider `aws` `aws` is created on the App, outside any stack"],
    },
    Case {
        name: "a generic resource on the app",
        program: |app| {
            Stack::new(app, "s", &dev());
            GenericResource::new(app, "q", "aws_sqs_queue");
            Ok(())
        },
        expect: &["[q] resource `aws_sqs_queue` `q` is created on the App, outside any stack"],
    },
    Case {
        name: "app.name(..)",
        program: |app| {
            Stack::new(app, "s", &dev());
            let _ = app.name("x");
            Ok(())
        },
        expect: &["[app] the App has no environment", "call `environment()` and `name(...)` on a stack"],
    },
    Case {
        name: "an app without stacks",
        program: |_| Ok(()),
        expect: &["[app] the app has no stack", "Stack::new(&app"],
    },
    Case {
        name: "a policy document checked on the app names the app",
        program: |app| {
            use konductor::aws::iam::{PolicyDocument, Statement};
            Stack::new(app, "s", &dev());
            let _ = PolicyDocument::new().statement(Statement::allow().actions(["*"]).resource("*")).to_value(app);
            Ok(())
        },
        expect: &["[app] "],
    },
];

/// A user construct that names its bucket with `scope.name(...)`: used twice, the names collide.
fn artifacts(scope: &impl AsScope, id: &str) {
    let c = Construct::new(scope, id);
    GenericResource::new(&c, "bucket", "aws_s3_bucket").set("bucket", c.name("artifacts")).set("force_destroy", true);
}

/// Two resources with one physical name.
const PHYSICAL_NAMES: &[Case] = &[
    Case {
        name: "a user construct used twice that calls scope.name",
        program: |app| {
            let stack = aws_stack(app);
            artifacts(&stack, "team-a");
            artifacts(&stack, "team-b");
            Ok(())
        },
        expect: &[
            "[s/team-b/bucket] aws_s3_bucket bucket `artifacts-dev` is also the bucket of `s/team-a/bucket`",
            "scope.name_from_path(",
        ],
    },
    Case {
        name: "two generic IAM roles with one name",
        program: |app| {
            let stack = aws_stack(app);
            for id in ["a", "b"] {
                GenericResource::new(&stack, id, "aws_iam_role").set("name", stack.name("deploy"));
            }
            Ok(())
        },
        expect: &["[s/b] aws_iam_role name `deploy-dev` is also the name of `s/a`"],
    },
    Case {
        name: "a physical name repeated through an override",
        program: |app| {
            let stack = aws_stack(app);
            GenericResource::new(&stack, "a", "aws_sqs_queue").set("name", stack.name("jobs"));
            GenericResource::new(&stack, "b", "aws_sqs_queue").add_override("name", "jobs-dev");
            Ok(())
        },
        expect: &["[s/b] aws_sqs_queue name `jobs-dev` is also the name of `s/a`"],
    },
    Case {
        name: "two inline policies with one name on the same role",
        program: |app| {
            let stack = aws_stack(app);
            for id in ["a", "b"] {
                GenericResource::new(&stack, id, "aws_iam_role_policy")
                    .set("name", stack.name("grants"))
                    .set("role", "deploy-dev")
                    .set("policy", "{}");
            }
            Ok(())
        },
        expect: &["[s/b] aws_iam_role_policy name `grants-dev` is also the name of `s/a`"],
    },
];

/// Ids that Terraform cannot take: errors with the fix, never rewritten silently.
const IDS: &[Case] = &[
    Case {
        name: "variable id with a space",
        program: |app| {
            Variable::new(&Stack::new(app, "s", &dev()), "my var").type_expr("string");
            Ok(())
        },
        expect: &["[s/my var] variable id `my var` contains ' ', which a Terraform name cannot hold", "`my_var`"],
    },
    Case {
        name: "output id starting with a digit",
        program: |app| {
            Output::new(&Stack::new(app, "s", &dev()), "1out", "x");
            Ok(())
        },
        expect: &["[s/1out] output name `1out` starts with '1'; Terraform names start with a letter or `_`", "`_1out`"],
    },
    Case {
        name: "output id with a dot beside one without",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            Output::new(&stack, "o.1", "x");
            Output::new(&stack, "o1", "y");
            Ok(())
        },
        expect: &["[s/o.1] output id `o.1` contains '.'", "`o_1`"],
    },
    Case {
        name: "output id of only characters Terraform drops",
        program: |app| {
            Output::new(&Stack::new(app, "s", &dev()), "ñ", "x");
            Ok(())
        },
        expect: &["[s/ñ] output id `ñ` contains 'ñ'"],
    },
    Case {
        name: "output id Default at stack level",
        program: |app| {
            Output::new(&Stack::new(app, "s", &dev()), "Default", "x");
            Ok(())
        },
        expect: &["[s/Default] output id `Default` leaves the output without a name", "give the output another id"],
    },
    Case {
        name: "local id with a colon",
        program: |app| {
            Local::new(&Stack::new(app, "s", &dev()), "team:name", "x");
            Ok(())
        },
        expect: &["[s/team:name] local id `team:name` contains ':'", "`team_name`"],
    },
    Case {
        name: "output below a construct whose id starts with a digit",
        program: |app| {
            let c = Construct::new(&Stack::new(app, "s", &dev()), "1c");
            Output::new(&c, "x", "y");
            Ok(())
        },
        expect: &["[s/1c/x] output name `1c_x_", "starts with '1'", "first construct id below the stack"],
    },
    Case {
        name: "resource id starting with a digit",
        program: |app| {
            GenericResource::new(&Stack::new(app, "s", &dev()), "1queue", "aws_sqs_queue");
            Ok(())
        },
        expect: &["[s/1queue] `aws_sqs_queue.1queue` starts its logical id with '1'"],
    },
    Case {
        name: "resource id that cleans to nothing",
        program: |app| {
            GenericResource::new(&Stack::new(app, "s", &dev()), "ññ", "aws_sqs_queue");
            Ok(())
        },
        expect: &["[s/ññ] `aws_sqs_queue.` has an empty logical id"],
    },
    Case {
        name: "stack id `..`",
        program: |app| {
            Stack::new(app, "..", &dev());
            Ok(())
        },
        expect: &["[..] stack id `..` would write outside `stacks/`", "the id is a directory name"],
    },
    Case {
        name: "stack id `.`",
        program: |app| {
            Stack::new(app, ".", &dev());
            Ok(())
        },
        expect: &["[.] stack id `.` would write outside `stacks/`"],
    },
    Case {
        name: "stack id with a backslash",
        program: |app| {
            Stack::new(app, "a\\b", &dev());
            Ok(())
        },
        expect: &["stack id `a\\b` contains `\\`, a path separator"],
    },
    Case {
        name: "stack id with a slash",
        program: |app| {
            Stack::new(app, "a/b", &dev());
            Ok(())
        },
        expect: &["[a/b] construct id `a/b` contains `/`"],
    },
    Case {
        name: "empty stack id",
        program: |app| {
            Stack::new(app, "", &dev());
            Ok(())
        },
        expect: &["a construct id is empty"],
    },
    Case {
        name: "two outputs with one id",
        program: |app| {
            let stack = Stack::new(app, "s", &dev());
            Output::new(&stack, "o", "x");
            Output::new(&stack, "o", "y");
            Ok(())
        },
        expect: &["[s/o] duplicate construct id `o`"],
    },
    Case {
        name: "output named like a cross-stack output",
        program: |app| {
            let a = Stack::new(app, "a", &dev());
            let b = Stack::new(app, "b", &dev());
            let q = GenericResource::new(&a, "q", "aws_sqs_queue");
            GenericResource::new(&b, "r", "aws_sqs_queue").set("redrive", q.attr("arn"));
            Output::new(&a, "cross-stack-output-aws_sqs_queueqarn", "x");
            Ok(())
        },
        expect: &["[a/cross-stack-output-aws_sqs_queueqarn] output name `cross-stack-output-aws_sqs_queueqarn` is the name of the output a reference from another stack needs"],
    },
];

/// Every table of this file.
pub const TABLES: &[&[Case]] =
    &[RULES_ATTACH, DESTROY, OTHER_APP, NUMBERS_AND_DEPTH, OUTSIDE_STACKS, PHYSICAL_NAMES, IDS];

#[test]
fn core_bad_inputs_fail_clearly() {
    crate::run("core", TABLES.iter().flat_map(|t| t.iter()));
}
