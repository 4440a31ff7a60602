//! Typed IAM policy documents: byte-exact rendering against the cdktf reference stack, the least-privilege
//! rule and its opt-out, shape checks, escaping, and policies inside a synthesized stack.

use konductor_aws::iam::{Condition, PolicyDocument, Principal, Statement};
use konductor_core::{template, testing, App, Attr, Construct, Environment, Error, GenericResource, Stack, Val, Value};

/// The JSON string of `attr` of the resource `logical_id` of `tf_type` in the cdktf reference stack.
fn reference_policy(tf_type: &str, logical_id: &str, attr: &str) -> String {
    let text = include_str!("../../tests/data/cdktn-r1-n2/cdk.tf.json");
    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    json["resource"][tf_type][logical_id][attr].as_str().unwrap().to_string()
}

/// The JSON text of a rendered policy value, with `${...}` where it holds expressions.
fn text(v: &Value<String>) -> String {
    match v.val() {
        Val::Str(s) => s.to_string(),
        Val::Expr(e) => e.to_string(),
        other => panic!("a policy renders to a string, not {other:?}"),
    }
}

/// The `r1` stack of the reference program and its `env1` construct.
fn r1() -> (App, Stack, Construct) {
    let app = App::new();
    let stack = Stack::new(&app, "r1", &Environment::new("bench").unwrap());
    let env1 = Construct::new(&stack, "env1");
    (app, stack, env1)
}

fn problems(app: &App) -> Vec<String> {
    match app.synthesize() {
        Err(Error::Synthesis(p)) => p.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => Vec::new(),
    }
}

#[test]
fn service_trust_policy_matches_cdktf_byte_for_byte() {
    let (_app, _stack, env1) = r1();
    let trust = PolicyDocument::assume_role(Principal::service("vpc-flow-logs.amazonaws.com"));
    assert_eq!(
        text(&trust.to_value(&env1)),
        reference_policy("aws_iam_role", "env1_flow-log-role_854D4922", "assume_role_policy")
    );
}

#[test]
fn mfa_and_external_id_trust_policy_matches_cdktf_byte_for_byte() {
    let (_app, _stack, env1) = r1();
    let trust = PolicyDocument::new().statement(
        Statement::assume_role(Principal::aws("arn:aws:iam::123456789012:root"))
            .condition(Condition::bool("aws:MultiFactorAuthPresent", true))
            .condition(Condition::string_equals("sts:ExternalId", "r1-external-env1")),
    );
    let value = trust.to_value(&env1);
    assert!(matches!(value.val(), Val::Str(_)), "no references: a literal string");
    assert_eq!(text(&value), reference_policy("aws_iam_role", "env1_mfa-role_B2D6F30E", "assume_role_policy"));
}

#[test]
fn flow_log_role_policy_with_references_matches_cdktf_byte_for_byte() {
    let (app, _stack, env1) = r1();
    let log_group = GenericResource::new(&env1, "flow-log-group", "aws_cloudwatch_log_group");
    let policy = PolicyDocument::new().statement(
        Statement::allow()
            .actions(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"])
            .resources([log_group.attr("arn"), template!("{}:*", log_group.attr("arn"))]),
    );
    let value = policy.to_value(&env1);
    assert!(matches!(value.val(), Val::Expr(_)), "references: a string template");

    // The same with a typed handle's `Attr<String>`, as generated resources return it.
    let arn: Attr<String> = Attr::new(log_group.attr("arn"));
    let typed = PolicyDocument::new().statement(
        Statement::allow()
            .actions(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"])
            .resources([arn.clone().into(), template!("{}:*", arn)]),
    );
    assert_eq!(typed.to_value(&env1), value);
    let expected = reference_policy("aws_iam_role_policy", "env1_flow-log-role-policy_3A0B52E9", "policy");
    assert_eq!(text(&value), expected);

    // And the same bytes in the synthesized file.
    GenericResource::new(&env1, "flow-log-role-policy", "aws_iam_role_policy").set("policy", value.into_val());
    let out = app.synthesize().unwrap();
    let written: serde_json::Value = serde_json::from_str(out.stack("r1").unwrap()).unwrap();
    assert_eq!(written["resource"]["aws_iam_role_policy"]["env1_flow-log-role-policy_3A0B52E9"]["policy"], expected);
}

#[test]
fn policy_in_a_synthesized_stack_is_a_literal_json_string_with_references_inside() {
    let json = testing::synth(|stack| {
        let bucket = GenericResource::new(stack, "logs", "aws_s3_bucket")
            .set("bucket", stack.name("logs"))
            .set("force_destroy", true);
        let policy = PolicyDocument::new().statement(
            Statement::deny_insecure_transport("s3:*")
                .resources([bucket.attr("arn"), template!("{}/*", bucket.attr("arn"))]),
        );
        GenericResource::new(stack, "logs-policy", "aws_s3_bucket_policy")
            .set("bucket", bucket.attr("id"))
            .set("policy", policy.to_value(stack).into_val());
    });
    assert_eq!(
        json["resource"]["aws_s3_bucket_policy"]["logs-policy"]["policy"],
        concat!(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","#,
            r#""Action":"s3:*","Resource":["${aws_s3_bucket.logs.arn}","${aws_s3_bucket.logs.arn}/*"],"#,
            r#""Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        )
    );
    let text = json.to_string();
    assert!(!text.contains("jsonencode"), "policies are literal JSON, never jsonencode");
}

#[test]
fn allow_everything_on_everything_fails_synthesis_with_path_statement_rule_and_fix() {
    let (app, _stack, env1) = r1();
    let admin = PolicyDocument::new()
        .statement(Statement::allow().sid("ReadLogs").action("logs:GetLogEvents").resource("*"))
        .statement(Statement::allow().sid("Admin").action("*").resource("*"));
    GenericResource::new(&env1, "admin-policy", "aws_iam_role_policy").set("policy", admin.to_value(&env1).into_val());
    let problems = problems(&app);
    assert_eq!(
        problems,
        [concat!(
            "[r1/env1] IAM policy statement 2 (Sid \"Admin\") allows Action \"*\" on Resource \"*\", which is full ",
            "administrator access and breaks the least-privilege rule (no `Action: *` with `Resource: *`): list only ",
            "the actions and resources needed; if full access is intended, call `.allow_full_admin(\"<reason>\")` on ",
            "the statement"
        )]
    );
}

#[test]
fn not_action_and_not_resource_count_as_everything() {
    let doc = PolicyDocument::new()
        .statement(Statement::allow().not_actions(["iam:*", "organizations:*"]).resource("*"))
        .statement(Statement::allow().actions(["*:*"]).not_resources(["arn:aws:s3:::audit-dev"]));
    let issues = doc.validate().unwrap_err();
    assert_eq!(issues.len(), 2, "{issues:?}");
    assert!(issues[0]
        .message
        .contains("allows every action but NotAction [\"iam:*\", \"organizations:*\"] on Resource \"*\""));
    assert!(issues[1]
        .message
        .contains("allows Action \"*:*\" on every resource but NotResource [\"arn:aws:s3:::audit-dev\"]"));
}

#[test]
fn denies_and_narrow_allows_pass_the_least_privilege_rule() {
    let doc = PolicyDocument::new()
        .statement(Statement::deny().action("*").resource("*").condition(Condition::insecure_transport()))
        .statement(Statement::allow().action("s3:*").resource("*"))
        .statement(Statement::allow().action("*").resource("arn:aws:s3:::data-dev/*"));
    assert_eq!(doc.validate(), Ok(()));
}

#[test]
fn the_named_opt_out_allows_full_admin() {
    let (app, _stack, env1) = r1();
    let break_glass = PolicyDocument::new().statement(
        Statement::allow().action("*").resource("*").allow_full_admin("break-glass role for the security team"),
    );
    assert_eq!(break_glass.validate(), Ok(()));
    GenericResource::new(&env1, "break-glass", "aws_iam_role_policy")
        .set("policy", break_glass.to_value(&env1).into_val());
    assert_eq!(problems(&app), Vec::<String>::new());
    assert_eq!(
        text(&break_glass.to_value(&env1)),
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        "the reason stays in the program; the policy is unchanged"
    );

    let blank = PolicyDocument::new().statement(Statement::allow().action("*").resource("*").allow_full_admin(" "));
    assert!(blank.validate().unwrap_err()[0].message.contains("empty reason"));
}

#[test]
fn malformed_statements_are_reported_with_their_fix() {
    let doc = PolicyDocument::new()
        .statement(Statement::allow().resource("arn:aws:s3:::a-dev"))
        .statement(Statement::allow().action("s3GetObject"))
        .statement(Statement::allow().sid("X").action("s3:GetObject").resource("*").not_resources(["b"]))
        .statement(Statement::deny().sid("X").action("s3:*").principal(Principal::anyone()))
        .statement(
            Statement::allow()
                .action("s3:GetObject")
                .resource("*")
                .condition(Condition::string_equals("aws:SourceVpc", "vpc-1"))
                .condition(Condition::string_equals("aws:SourceVpc", "vpc-2")),
        );
    let issues: Vec<String> = doc.validate().unwrap_err().iter().map(ToString::to_string).collect();
    let expected = [
        "IAM policy statement 1 has no Action",
        "IAM policy statement 2 has action \"s3GetObject\", which is not of the form `service:Action`",
        "IAM policy statement 2 has neither Resource (identity policies need one) nor Principal",
        "IAM policy statement 3 (Sid \"X\") sets both Resource and NotResource",
        "IAM policy statement 4 (Sid \"X\") repeats Sid \"X\"",
        "IAM policy statement 5 tests StringEquals on \"aws:SourceVpc\" twice",
    ];
    assert_eq!(issues.len(), expected.len(), "{issues:#?}");
    for (issue, start) in issues.iter().zip(expected) {
        assert!(issue.starts_with(start), "{issue}\n  does not start with\n{start}");
    }
    let empty = PolicyDocument::new().validate().unwrap_err();
    assert_eq!(
        empty[0].to_string(),
        "IAM policy has no statements, and IAM rejects an empty policy: add at least one `Statement` with `.statement(...)`"
    );
}

#[test]
fn trust_policies_need_no_resource() {
    let trust = PolicyDocument::new().statement(
        Statement::assume_role_with_web_identity(Principal::federated(
            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        ))
        .condition(Condition::string_equals(
            "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub",
            "system:serviceaccount:kube-system:karpenter",
        )),
    );
    assert_eq!(trust.validate(), Ok(()));
}

#[test]
fn quotes_and_backslashes_in_values_are_escaped_once_in_json_and_again_in_the_file() {
    let json = testing::synth(|stack| {
        let doc = PolicyDocument::new().id("q\"1").statement(
            Statement::allow()
                .sid("Quote")
                .action("s3:GetObject")
                .resource("arn:aws:s3:::b-test/a\"b\\c")
                .condition(Condition::string_like("s3:prefix", ["home/${aws:username}/*", "tab\there"])),
        );
        GenericResource::new(stack, "p", "aws_iam_policy").set("policy", doc.to_value(stack).into_val());
    });
    let policy = json["resource"]["aws_iam_policy"]["p"]["policy"].as_str().unwrap();
    // In the file (decoded once above), the policy is JSON whose strings carry the escapes; IAM policy
    // variables stay literal because konductor escapes `${` as `$${` for Terraform.
    assert_eq!(
        policy,
        concat!(
            r#"{"Version":"2012-10-17","Id":"q\"1","Statement":[{"Sid":"Quote","Effect":"Allow","Action":"s3:GetObject","#,
            r#""Resource":"arn:aws:s3:::b-test/a\"b\\c","Condition":{"StringLike":{"s3:prefix":["home/$${aws:username}/*","tab\there"]}}}]}"#
        )
    );
    let once: serde_json::Value = serde_json::from_str(&policy.replace("$${", "${")).unwrap();
    assert_eq!(once["Statement"][0]["Resource"], "arn:aws:s3:::b-test/a\"b\\c");
    assert_eq!(once["Statement"][0]["Condition"]["StringLike"]["s3:prefix"][1], "tab\there");
}

#[test]
fn principals_conditions_and_helpers_render_in_insertion_order() {
    let (_app, _stack, env1) = r1();
    let doc = PolicyDocument::new().statement(
        Statement::allow()
            .principal(Principal::service("logs.amazonaws.com"))
            .principal(Principal::aws("arn:aws:iam::111111111111:root"))
            .principal(Principal::service("delivery.logs.amazonaws.com"))
            .actions(["kms:Encrypt", "kms:Decrypt"])
            .resource("*")
            .condition(Condition::principal_org_id("o-abc123"))
            .condition(Condition::source_arn("arn:aws:logs:eu-west-1:111111111111:*"))
            .condition(Condition::source_account("111111111111"))
            .condition(Condition::string_like("aws:PrincipalTag/team", ["a*", "b*"]).for_any_value().if_exists()),
    );
    assert_eq!(
        text(&doc.to_value(&env1)),
        concat!(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","#,
            r#""Principal":{"Service":["logs.amazonaws.com","delivery.logs.amazonaws.com"],"AWS":"arn:aws:iam::111111111111:root"},"#,
            r#""Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*","Condition":{"#,
            r#""StringEquals":{"aws:PrincipalOrgID":"o-abc123","aws:SourceAccount":"111111111111"},"#,
            r#""ArnLike":{"aws:SourceArn":"arn:aws:logs:eu-west-1:111111111111:*"},"#,
            r#""ForAnyValue:StringLikeIfExists":{"aws:PrincipalTag/team":["a*","b*"]}}}]}"#
        )
    );
}

#[test]
fn references_across_stacks_still_resolve_inside_templates() {
    let app = App::new();
    let env = Environment::new("dev").unwrap();
    let shared = Stack::new(&app, "shared", &env);
    let bucket = GenericResource::new(&shared, "data", "aws_s3_bucket")
        .set("bucket", shared.name("data"))
        .set("force_destroy", true);
    let consumer = Stack::new(&app, "consumer", &env);
    let doc = PolicyDocument::new()
        .statement(Statement::allow().action("s3:GetObject").resource(template!("{}/*", bucket.attr("arn"))));
    GenericResource::new(&consumer, "read", "aws_iam_policy").set("policy", doc.to_value(&consumer).into_val());
    let json = testing::stack_json(&app, "consumer").unwrap();
    let policy = json["resource"]["aws_iam_policy"]["read"]["policy"].as_str().unwrap();
    assert!(
        policy.contains(r#""Resource":"${data.terraform_remote_state.cross-stack-reference-input-shared.outputs."#),
        "{policy}"
    );
    assert!(policy.ends_with(r#"}/*"}]}"#), "{policy}");
}
