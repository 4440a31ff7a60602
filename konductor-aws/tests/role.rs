//! iam::Role: a snapshot, the trust policy of each typed principal (service, account with MFA and
//! external id, OIDC, Pod Identity), managed policies by typed ARN, inline policies, the boundary and
//! session limit, the grants policy, and bad input.

mod blocks_support;
mod schema_check;

use blocks_support::{only, policy};
use konductor_aws::iam::{ManagedPolicy, PolicyDocument, Role, RoleProps, Statement, Trust};
use konductor_core::testing;
use serde_json::{json, Value};

fn full() -> (Value, String, String) {
    let (mut partition, mut account) = (String::new(), String::new());
    let json = testing::synth(|stack| {
        let role = Role::new(
            stack,
            "deploy",
            RoleProps::builder()
                .name("deploy")
                .description("Deploys the application")
                .trust(Trust::account("123456789012").require_mfa().external_id("deploy-7f3a"))
                .trust(Trust::service("codedeploy").from_this_account())
                .trust(Trust::eks_pod_identity())
                .trust(
                    Trust::oidc(
                        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
                        "https://token.actions.githubusercontent.com",
                    )
                    .subject("repo:example/app:ref:refs/heads/main")
                    .subject("repo:example/app:environment:*"),
                )
                .managed_policy(ManagedPolicy::aws("service-role/AWSCodeDeployRole"))
                .managed_policy(ManagedPolicy::arn("arn:aws:iam::123456789012:policy/audit"))
                .inline_policy(
                    "read-config",
                    PolicyDocument::new().statement(
                        Statement::allow()
                            .action("ssm:GetParameter")
                            .resource("arn:aws:ssm:eu-west-1:123456789012:parameter/app/*"),
                    ),
                )
                .permissions_boundary(ManagedPolicy::aws("PowerUserAccess"))
                .max_session_hours(2)
                .build()
                .unwrap(),
        )
        .unwrap();
        role.add_to_policy(Statement::allow().sid("DescribeImages").action("ec2:DescribeImages").resource("*"))
            .unwrap();
        partition = role.context().partition().to_string();
        account = role.context().account_id().to_string();
    });
    (json, partition, account)
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(full().0);
}

#[test]
fn conforms_to_the_provider_schema() {
    let errors = schema_check::check(&full().0);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn each_trust_is_one_statement_with_its_conditions() {
    let (json, partition, account) = full();
    let role = only(&json, "aws_iam_role");
    assert_eq!(role["name"], "deploy-test");
    assert_eq!(role["max_session_duration"], 7200);
    assert_eq!(role["permissions_boundary"], format!("arn:{partition}:iam::aws:policy/PowerUserAccess"));
    let trust = policy(&role["assume_role_policy"]);
    let s = trust["Statement"].as_array().unwrap();
    assert_eq!(s.len(), 4);
    assert_eq!(
        s[0],
        json!({"Effect": "Allow", "Principal": {"AWS": format!("arn:{partition}:iam::123456789012:root")}, "Action": "sts:AssumeRole",
               "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "StringEquals": {"sts:ExternalId": "deploy-7f3a"}}})
    );
    assert_eq!(
        s[1],
        json!({"Effect": "Allow", "Principal": {"Service": "codedeploy.amazonaws.com"}, "Action": "sts:AssumeRole",
               "Condition": {"StringEquals": {"aws:SourceAccount": account}}})
    );
    assert_eq!(
        s[2],
        json!({"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]})
    );
    assert_eq!(s[3]["Action"], "sts:AssumeRoleWithWebIdentity");
    assert_eq!(
        s[3]["Condition"],
        json!({
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                             "token.actions.githubusercontent.com:sub": "repo:example/app:ref:refs/heads/main"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example/app:environment:*"}
        })
    );
}

#[test]
fn managed_policies_are_attached_by_typed_arn_and_inline_policies_are_checked() {
    let (json, partition, _) = full();
    let arns: Vec<&Value> = testing::resources(&json, "aws_iam_role_policy_attachment")
        .into_iter()
        .map(|(_, a)| &a["policy_arn"])
        .collect();
    assert!(
        arns.contains(&&json!(format!("arn:{partition}:iam::aws:policy/service-role/AWSCodeDeployRole"))),
        "{arns:?}"
    );
    assert!(arns.contains(&&json!("arn:aws:iam::123456789012:policy/audit")), "{arns:?}");
    let inline: Vec<&Value> =
        testing::resources(&json, "aws_iam_role_policy").into_iter().map(|(_, p)| &p["name"]).collect();
    assert_eq!(inline, [&json!("grants-test"), &json!("read-config-test")]);
}

#[test]
fn statements_of_its_own_go_to_the_grants_policy_and_need_a_sid() {
    let (json, ..) = full();
    let grants =
        testing::resources(&json, "aws_iam_role_policy").into_iter().find(|(id, _)| id.contains("grants")).unwrap().1;
    assert_eq!(
        policy(&grants["policy"])["Statement"],
        json!([{"Sid": "DescribeImages", "Effect": "Allow", "Action": "ec2:DescribeImages", "Resource": "*"}])
    );
    testing::synth(|stack| {
        let role =
            Role::new(stack, "r", RoleProps::builder().trust(Trust::service("lambda")).build().unwrap()).unwrap();
        let e = role.add_to_policy(Statement::allow().action("s3:GetObject").resource("*")).unwrap_err().to_string();
        assert!(e.starts_with("[test/r] a statement added to a role's policy has no Sid"), "{e}");
        let e = role.add_to_policy(Statement::allow().sid("Admin").action("*").resource("*")).unwrap_err().to_string();
        assert!(e.contains("least-privilege"), "{e}");
        assert!(role.grants_policy().is_none(), "refused statements write nothing");
    });
}

#[test]
fn bad_input_is_an_error_with_the_fix() {
    let err = |b: konductor_aws::iam::RolePropsBuilder| b.build().unwrap_err().to_string();
    let e = err(RoleProps::builder());
    assert!(e.starts_with("[RoleProps] the role trusts no one"), "{e}");
    let e = err(RoleProps::builder().trust(Trust::account("12345")));
    assert!(e.contains("`12345` is not a 12-digit AWS account id"), "{e}");
    let e = err(RoleProps::builder().trust(Trust::oidc("arn:aws:iam::123456789012:oidc-provider/x", "x")));
    assert!(e.contains("without a subject lets every identity of the issuer assume the role"), "{e}");
    let e = err(RoleProps::builder().trust(Trust::service("lambda").require_mfa()));
    assert!(e.contains("never matches"), "{e}");
    let e = err(RoleProps::builder().trust(Trust::service("lambda")).max_session_hours(13));
    assert!(e.contains("maximum session of 13 hours"), "{e}");
    let e =
        err(RoleProps::builder().trust(Trust::service("lambda")).managed_policy(ManagedPolicy::arn("arn:aws:s3:::x")));
    assert!(e.contains("is not a managed policy ARN"), "{e}");
    testing::synth(|stack| {
        let long = "r".repeat(60);
        let e = Role::new(stack, "r", RoleProps::builder().name(long).trust(Trust::service("lambda")).build().unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("[test/r] IAM role name"), "{e}");
        assert!(e.contains("the limit is 64"), "{e}");
    });
}
