//! Organization: snapshots, and assertions that name each requirement (feature set ALL and the service
//! principals, SCPs enabled before any attachment, the default OU tree and its depth limit, accounts with
//! checked unique emails and `close_on_deletion`, the guardrail library with break-glass exemptions and the
//! 5,120-character limit, FullAWSAccess kept, delegated administrators and their service check), and the
//! error text of every bad input.

use konductor_aws::iam::{PolicyDocument, Statement};
use konductor_aws::organization::{
    Account, DelegatedService, Guardrail, OrgService, Organization, OrganizationBuilder, DEFAULT_OUS, SCP_MAX_CHARS,
};
use konductor_core::{assert_has_resource, testing, App, Environment, Stack};
use serde_json::Value;

fn accounts(b: OrganizationBuilder) -> OrganizationBuilder {
    b.account(Account::new("log-archive", "aws+log-archive@example.com").ou("Security"))
        .account(Account::new("security-tooling", "aws+security@example.com").ou("Security"))
        .account(Account::new("prod", "aws+prod@example.com").ou("Workloads/Prod").tag("Environment", "prod"))
}

fn full_json() -> Value {
    testing::synth(|stack| {
        accounts(Organization::builder(stack, "org"))
            .home_region("us-east-1")
            .allowed_regions(["us-east-1", "us-west-2"])
            .delegate_security_services("security-tooling")
            .build()
            .unwrap();
    })
}

/// The error of building an organization `org` in stack `management` of environment `prod`.
fn error(build: impl FnOnce(OrganizationBuilder) -> OrganizationBuilder) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "management", &Environment::new("prod").unwrap());
    build(Organization::builder(&stack, "org").home_region("us-east-1")).build().unwrap_err().to_string()
}

fn policies(json: &Value) -> Vec<(String, Value)> {
    testing::resources(json, "aws_organizations_policy")
        .into_iter()
        .map(|(_, p)| {
            (p["name"].as_str().unwrap().to_string(), serde_json::from_str(p["content"].as_str().unwrap()).unwrap())
        })
        .collect()
}

fn statements(json: &Value) -> Vec<Value> {
    policies(json).into_iter().flat_map(|(_, doc)| doc["Statement"].as_array().unwrap().clone()).collect()
}

#[test]
fn snapshot_full() {
    insta::assert_json_snapshot!(full_json());
}

#[test]
fn all_features_with_the_security_service_principals_and_scps_enabled() {
    let json = full_json();
    let orgs = testing::resources(&json, "aws_organizations_organization");
    assert_eq!(orgs.len(), 1);
    let org = orgs[0].1;
    assert_eq!(org["feature_set"], "ALL");
    assert_eq!(org["enabled_policy_types"], serde_json::json!(["SERVICE_CONTROL_POLICY"]));
    let principals: Vec<&str> =
        org["aws_service_access_principals"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for p in [
        "cloudtrail.amazonaws.com",
        "config.amazonaws.com",
        "guardduty.amazonaws.com",
        "securityhub.amazonaws.com",
        "sso.amazonaws.com",
        "ram.amazonaws.com",
        "backup.amazonaws.com",
        "access-analyzer.amazonaws.com",
    ] {
        assert!(principals.contains(&p), "{p} missing from {principals:?}");
    }
}

#[test]
fn every_policy_attachment_waits_for_the_policy_type_on_the_root() {
    let json = full_json();
    let (org_id, _) = testing::resources(&json, "aws_organizations_organization")[0];
    let attachments = testing::resources(&json, "aws_organizations_policy_attachment");
    assert!(!attachments.is_empty());
    for (id, a) in attachments {
        assert_eq!(a["depends_on"], serde_json::json!([format!("aws_organizations_organization.{org_id}")]), "{id}");
    }
}

#[test]
fn the_default_ou_tree_nests_workloads_and_names_carry_the_suffix() {
    let json = full_json();
    let ous = testing::resources(&json, "aws_organizations_organizational_unit");
    let paths: Vec<&str> = ous.iter().map(|(_, o)| o["tags"]["OuPath"].as_str().unwrap()).collect();
    let mut expected: Vec<&str> = DEFAULT_OUS.to_vec();
    expected.sort_unstable();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    let by_path = |p: &str| ous.iter().find(|(_, o)| o["tags"]["OuPath"] == p).unwrap();
    let (workloads_id, _) = by_path("Workloads");
    let (_, prod) = by_path("Workloads/Prod");
    assert_eq!(prod["name"], "Prod-test");
    assert_eq!(prod["parent_id"], format!("${{aws_organizations_organizational_unit.{workloads_id}.id}}"));
    let (_, security) = by_path("Security");
    assert!(security["parent_id"].as_str().unwrap().ends_with(".roots[0].id}"), "{}", security["parent_id"]);
}

#[test]
fn accounts_close_on_deletion_in_their_ou_with_the_access_role() {
    let json = full_json();
    let prod_ou = testing::resources(&json, "aws_organizations_organizational_unit")
        .into_iter()
        .find(|(_, o)| o["tags"]["OuPath"] == "Workloads/Prod")
        .unwrap()
        .0;
    assert_has_resource!(json, "aws_organizations_account", {
        "name": "prod",
        "email": "aws+prod@example.com",
        "close_on_deletion": true,
        "role_name": "OrganizationAccountAccessRole",
        "parent_id": format!("${{aws_organizations_organizational_unit.{prod_ou}.id}}"),
        "tags": { "Environment": "prod", "AccountName": "prod" },
        "lifecycle": { "ignore_changes": ["role_name"] }
    });
    for (_, a) in testing::resources(&json, "aws_organizations_account") {
        assert_eq!(a["close_on_deletion"], true);
    }
}

#[test]
fn guardrails_deny_disabling_every_security_service_with_a_break_glass_exemption() {
    let json = full_json();
    let all = statements(&json);
    let sid = |s: &str| all.iter().find(|x| x["Sid"] == s).unwrap_or_else(|| panic!("no {s} statement"));
    let denies = |s: &str, action: &str| {
        let st = sid(s);
        assert_eq!(st["Effect"], "Deny");
        let actions = &st["Action"];
        assert!(
            actions == action || actions.as_array().is_some_and(|a| a.iter().any(|x| x == action)),
            "{s} does not deny {action}: {actions}"
        );
    };
    denies("ProtectCloudTrail", "cloudtrail:StopLogging");
    denies("ProtectCloudTrail", "cloudtrail:DeleteTrail");
    denies("ProtectGuardDuty", "guardduty:DeleteDetector");
    denies("ProtectConfig", "config:StopConfigurationRecorder");
    denies("ProtectConfig", "config:DeleteDeliveryChannel");
    denies("ProtectSecurityHub", "securityhub:DisableSecurityHub");
    denies("ProtectAccessAnalyzer", "access-analyzer:DeleteAnalyzer");
    denies("ProtectEbsDefaultEncryption", "ec2:DisableEbsEncryptionByDefault");
    denies("DenyKmsKeyDeletion", "kms:ScheduleKeyDeletion");
    denies("DenyLeavingOrganization", "organizations:LeaveOrganization");
    denies("DenyRootUser", "*");
    assert_eq!(sid("DenyRootUser")["Condition"]["ArnLike"]["aws:PrincipalARN"], "arn:aws:iam::*:root");
    let region = sid("RegionAllowlist");
    assert_eq!(
        region["Condition"]["StringNotEquals"]["aws:RequestedRegion"],
        serde_json::json!(["us-east-1", "us-west-2"])
    );
    assert!(region["NotAction"].as_array().unwrap().iter().any(|a| a == "iam:*"), "global services stay usable");
    for st in &all {
        assert_eq!(
            st["Condition"]["ArnNotLike"]["aws:PrincipalARN"],
            serde_json::json!(["arn:aws:iam::*:role/BreakGlass", "arn:aws:iam::*:role/OrganizationAccountAccessRole"]),
            "{} has the break-glass exemption",
            st["Sid"]
        );
    }
}

#[test]
fn guardrails_are_attached_per_ou_and_suspended_denies_everything() {
    let json = full_json();
    let ou_of = |reference: &Value| {
        let id = reference.as_str().unwrap().split('.').nth(1).unwrap().to_string();
        testing::resources(&json, "aws_organizations_organizational_unit")
            .into_iter()
            .find(|(i, _)| *i == id)
            .map(|(_, o)| o["tags"]["OuPath"].as_str().unwrap().to_string())
            .unwrap()
    };
    let mut targets: Vec<String> = testing::resources(&json, "aws_organizations_policy_attachment")
        .iter()
        .map(|(_, a)| ou_of(&a["target_id"]))
        .collect();
    targets.sort();
    targets.dedup();
    assert_eq!(targets, ["Infrastructure", "Sandbox", "Security", "Suspended", "Workloads"]);
    let names: Vec<String> = policies(&json).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["scp-baseline-1-test", "scp-deny-all-1-test"]);
    let deny_all = policies(&json).into_iter().find(|(n, _)| n == "scp-deny-all-1-test").unwrap().1;
    assert_eq!(deny_all["Statement"][0]["Action"], "*");
}

#[test]
fn full_aws_access_is_kept() {
    let json = full_json();
    for (_, a) in testing::resources(&json, "aws_organizations_policy_attachment") {
        assert!(
            a["policy_id"].as_str().unwrap().starts_with("${aws_organizations_policy."),
            "only konductor's SCPs are attached"
        );
    }
    for (name, _) in policies(&json) {
        assert!(!name.contains("FullAWSAccess"));
    }
    assert!(testing::resources(&json, "aws_organizations_policy")
        .iter()
        .all(|(_, p)| p["type"] == "SERVICE_CONTROL_POLICY"));
}

#[test]
fn every_scp_fits_in_5120_characters() {
    // Many regions and break-glass roles make the baseline too big for one policy: it is split.
    let json = testing::synth(|stack| {
        Organization::builder(stack, "org")
            .home_region("us-east-1")
            .allowed_regions(["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1"])
            .break_glass((0..10).map(|i| format!("arn:aws:iam::*:role/BreakGlassRoleForIncidentResponse{i:02}")))
            .build()
            .unwrap();
    });
    let docs = testing::resources(&json, "aws_organizations_policy");
    assert!(docs.len() > 2, "the baseline is split over several policies");
    for (_, p) in docs {
        assert!(p["content"].as_str().unwrap().chars().count() <= SCP_MAX_CHARS);
    }
}

#[test]
fn delegated_administrators_for_the_security_services() {
    let json = full_json();
    let (security, _) = testing::resources(&json, "aws_organizations_account")
        .into_iter()
        .find(|(_, a)| a["name"] == "security-tooling")
        .unwrap();
    let id = format!("${{aws_organizations_account.{security}.id}}");
    assert_has_resource!(json, "aws_guardduty_organization_admin_account", { "admin_account_id": id });
    assert_has_resource!(json, "aws_securityhub_organization_admin_account", { "admin_account_id": id });
    assert_has_resource!(json, "aws_cloudtrail_organization_delegated_admin_account", { "account_id": id });
    for principal in ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "access-analyzer.amazonaws.com"]
    {
        assert_has_resource!(json, "aws_organizations_delegated_administrator", { "account_id": id, "service_principal": principal });
    }
}

#[test]
fn the_construct_declares_its_controls() {
    let app = App::new();
    let stack = Stack::new(&app, "management", &Environment::new("prod").unwrap());
    Organization::builder(&stack, "org").home_region("us-east-1").build().unwrap();
    let ids: Vec<&str> = app.controls().iter().map(|c| c.control.id).collect();
    assert_eq!(ids, ["AC-2", "AC-3", "AU-9", "CM-6", "SC-7", "SI-4"]);
}

#[test]
fn error_invalid_email() {
    assert_eq!(
        error(|b| b.account(Account::new("dev", "dev.example.com"))),
        "[management/org] account `dev` email `dev.example.com` has no `@`: give the address of a mailbox you control, such as `aws+dev@example.com`"
    );
}

#[test]
fn error_duplicate_email() {
    assert_eq!(
        error(|b| b.account(Account::new("dev", "aws@example.com")).account(Account::new("prod", "AWS@example.com"))),
        "[management/org] account `prod` email `AWS@example.com` is already the email of account `dev`: give every account its own root email address (plus addressing works: `aws+NAME@example.com`)"
    );
}

#[test]
fn error_scp_over_5120_characters() {
    let huge = PolicyDocument::new().statement(
        Statement::deny().sid("DenyMany").actions((0..300).map(|i| format!("ec2:DeleteSomething{i:03}"))).resource("*"),
    );
    let len = huge.text_len();
    assert!(len > SCP_MAX_CHARS);
    assert_eq!(
        error(|b| b.service_control_policy("Workloads", "deny-many", huge)),
        format!("[management/org] service control policy `deny-many` is {len} characters long; AWS Organizations allows at most 5120: split its statements over several policies (a target takes 5, FullAWSAccess included) or shorten them with wildcards such as `ec2:Delete*`")
    );
}

#[test]
fn error_ou_depth_over_5() {
    assert_eq!(
        error(|b| b.ous(["A/B/C/D/E/F"])),
        "[management/org] OU `A/B/C/D/E/F` is nested 6 deep; AWS Organizations allows at most 5 levels below the root: flatten the OU tree: group by environment or function in at most 5 levels"
    );
}

#[test]
fn error_delegated_admin_for_a_service_not_enabled() {
    assert_eq!(
        error(|b| b
            .services([OrgService::CloudTrail])
            .account(Account::new("security", "aws+security@example.com"))
            .delegate(DelegatedService::GuardDuty, "security")),
        "[management/org] a delegated administrator for guardduty needs the service access principal guardduty.amazonaws.com, which is not enabled: add OrgService::GuardDuty to `.services(...)`, or remove the delegation"
    );
}

#[test]
fn error_region_allowlist_excludes_the_home_region() {
    assert_eq!(
        error(|b| b.allowed_regions(["eu-west-1"])),
        "[management/org] the region allowlist [eu-west-1] excludes the home region us-east-1: add `us-east-1` to `.allowed_regions(...)`: the organization, its trail and the baselines run there"
    );
}

#[test]
fn error_every_problem_at_once() {
    let e = error(|b| {
        b.account(Account::new("a", "bad"))
            .account(Account::new("b", "aws+b@example.com").ou("Nowhere"))
            .delegate(DelegatedService::Config, "missing")
            .guardrails("Nowhere", [Guardrail::DenyAll])
    });
    assert!(e.starts_with("synthesis found 4 problems; nothing was written:"), "{e}");
    assert!(e.contains("OU `Nowhere`, which is not in the OU tree (Security, Infrastructure, Workloads, Workloads/Prod, Workloads/NonProd, Sandbox, Suspended)"), "{e}");
    assert!(e.contains("account `missing`, which is not a member account (a, b)"), "{e}");
}

#[test]
fn error_opting_out_needs_a_reason_and_an_empty_list_is_refused() {
    assert_eq!(
        error(|b| b.without_guardrails("Sandbox", " ")),
        "[management/org] OU `Sandbox` opts out of its guardrails without a reason: say why in `.without_guardrails(ou, reason)`"
    );
    assert_eq!(
        error(|b| b.guardrails("Sandbox", [])),
        "[management/org] OU `Sandbox` is given an empty guardrail list: give at least one guardrail, or opt out by name with `.without_guardrails(ou, reason)`"
    );
}

#[test]
fn opting_out_by_name_removes_only_that_ous_attachment() {
    let json = testing::synth(|stack| {
        Organization::builder(stack, "org")
            .home_region("us-east-1")
            .without_guardrails("Sandbox", "wiped weekly")
            .build()
            .unwrap();
    });
    assert_eq!(testing::resources(&json, "aws_organizations_policy_attachment").len(), 4);
}

#[test]
fn error_more_guardrail_policies_than_an_ou_takes() {
    let e = error(|b| {
        b.ous(["Workloads"])
            .break_glass((0..40).map(|i| format!("arn:aws:iam::*:role/BreakGlassRoleForIncidentResponse{i:02}")))
    });
    assert_eq!(
        e,
        "[management/org] OU `Workloads` would have 9 service control policies besides FullAWSAccess; AWS allows 5 in all: attach fewer policies to this OU: move some to its parent, or merge custom policies"
    );
}
