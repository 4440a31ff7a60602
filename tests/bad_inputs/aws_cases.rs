//! Bad inputs to konductor-aws: rules on typed and generic resources alike, admin ports, destroyability,
//! IAM policies, physical names, constructs and their props.

use crate::Case;

/// The AWS cases.
pub const AWS_CASES: &[Case] = &[];

#[test]
fn aws_bad_inputs_fail_clearly() {
    crate::run("aws", AWS_CASES);
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
