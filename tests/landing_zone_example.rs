//! examples/landing_zone.rs, synthesized: the seed 002 organization as the example writes it. The
//! construct's own requirements are asserted in konductor-aws/tests/landing_zone.rs; here, what the
//! example chooses: the OUs, the seven member accounts in theirs, a baseline stack per account in deploy
//! order, the delegated administrators, the guardrails, the budgets, the assignments and GuardDuty's
//! trusted IPs and filter.

#[path = "../examples/landing_zone.rs"]
#[allow(dead_code)]
mod example;

use konductor::prelude::*;
use konductor::{assert_has_resource, serde_json, testing};
use serde_json::Value;

fn app() -> App {
    let app = App::with_outdir("unused");
    example::build(&app).unwrap();
    app
}

fn stack(app: &App, name: &str) -> Value {
    testing::stack_json(app, name).unwrap()
}

/// The OU path (`OuPath` tag) of the OU an account's `parent_id` names.
fn ou_of(management: &Value, account: &Value) -> String {
    let parent = account["parent_id"].as_str().unwrap();
    testing::resources(management, "aws_organizations_organizational_unit")
        .into_iter()
        .find(|(id, _)| parent == format!("${{aws_organizations_organizational_unit.{id}.id}}"))
        .map(|(_, ou)| ou["tags"]["OuPath"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no OU for {parent}"))
}

#[test]
fn the_seven_accounts_in_their_ous_each_with_a_baseline_stack_in_deploy_order() {
    let app = app();
    assert_eq!(
        app.stack_names(),
        [
            "management",
            "log-archive",
            "management-security",
            "security-tooling",
            "identity",
            "shared-services",
            "backup",
            "workload-prod",
            "workload-staging",
            "workload-dev"
        ]
    );
    let management = stack(&app, "management");
    let accounts = testing::resources(&management, "aws_organizations_account");
    let placed: Vec<(String, String)> =
        accounts.iter().map(|(_, a)| (a["name"].as_str().unwrap().to_string(), ou_of(&management, a))).collect();
    for (name, ou) in [
        ("log-archive", "Security"),
        ("security-tooling", "Security"),
        ("identity", "Infrastructure"),
        ("shared-services", "Infrastructure"),
        ("backup", "Infrastructure"),
        ("prod", "Workloads/Prod"),
        ("staging", "Workloads/NonProd"),
        ("dev", "Workloads/NonProd"),
    ] {
        assert!(placed.contains(&(name.to_string(), ou.to_string())), "{name} in {ou}: {placed:?}");
    }
    assert_eq!(accounts.len(), 8, "log archive, security tooling, identity, shared services, backup, 3 workloads");
    for name in app.stack_names().into_iter().filter(|s| s != "management") {
        let json = stack(&app, &name);
        assert_eq!(testing::resources(&json, "aws_config_configuration_recorder").len(), 1, "{name} has the baseline");
    }
}

#[test]
fn security_services_are_delegated_to_security_tooling_and_identity_center_to_identity() {
    let management = stack(&app(), "management");
    let id_of = |name: &str| {
        let (logical, _) = testing::resources(&management, "aws_organizations_account")
            .into_iter()
            .find(|(_, a)| a["name"] == name)
            .unwrap_or_else(|| panic!("account {name}"));
        format!("${{aws_organizations_account.{logical}.id}}")
    };
    let (security, identity) = (id_of("security-tooling"), id_of("identity"));
    assert_has_resource!(management, "aws_guardduty_organization_admin_account", { "admin_account_id": security });
    assert_has_resource!(management, "aws_securityhub_organization_admin_account", { "admin_account_id": security });
    assert_has_resource!(management, "aws_cloudtrail_organization_delegated_admin_account", { "account_id": security });
    for principal in ["config.amazonaws.com", "access-analyzer.amazonaws.com"] {
        assert_has_resource!(management, "aws_organizations_delegated_administrator", { "account_id": security, "service_principal": principal });
    }
    assert_has_resource!(management, "aws_organizations_delegated_administrator", { "account_id": identity, "service_principal": "sso.amazonaws.com" });
    assert!(!testing::resources(&management, "aws_organizations_policy").is_empty(), "the guardrail SCPs");
}

#[test]
fn budgets_assignments_and_guardduty_choices_of_the_example() {
    let app = app();
    let management = stack(&app, "management");
    for (name, usd) in [("prod", "20000"), ("staging", "5000"), ("dev", "2000"), ("backup", "1000")] {
        assert_has_resource!(management, "aws_budgets_budget", { "name": format!("budget-{name}-prod"), "limit_amount": usd });
    }
    let identity = stack(&app, "identity");
    assert_eq!(testing::resources(&identity, "aws_ssoadmin_account_assignment").len(), 4);
    let tooling = stack(&app, "security-tooling");
    assert_has_resource!(tooling, "aws_guardduty_ipset", { "name": "office-egress-prod", "activate": true });
    assert_has_resource!(tooling, "aws_guardduty_filter", { "name": "vulnerability-scanner-prod", "action": "ARCHIVE" });
    assert_has_resource!(tooling, "aws_sns_topic_subscription", { "protocol": "email", "endpoint": "finops@example.com" });
}
