//! The security services of a landing zone's accounts: account hardening, Config rules, CIS alarms,
//! Security Hub and GuardDuty on the existing detector. Snapshots, assertions naming each default, and the
//! error text of bad input (a detector created, a bad threat-intel location).

use konductor_aws::security::{
    password_policy, AccountHardening, AnalyzerScope, AutomatedResponse, ConfigRule, ConfigRules, GuardDutyFilter,
    GuardDutyOnExisting, SecurityHub, SecurityStandard, CIS_CHECKS,
};
use konductor_aws::AwsProvider;
use konductor_core::{assert_has_resource, testing, App, Environment, GenericResource, Stack};
use serde_json::{json, Value};

const TOPIC: &str = "arn:aws:sns:us-east-1:111111111111:security-alerts";

fn all_json() -> Value {
    testing::synth(|stack| {
        let hardening = AccountHardening::new(stack, "hardening", AnalyzerScope::Account);
        ConfigRules::new(stack, "config-rules", ConfigRule::BASELINE, hardening.analyzer());
        konductor_aws::security::CisAlarms::new(stack, "cis", "org-trail-test", TOPIC);
        SecurityHub::new(stack, "security-hub", SecurityStandard::ALL);
        GuardDutyOnExisting::builder(stack, "guardduty")
            .threat_intel_set("known-bad", "https://s3.amazonaws.com/intel-test/known-bad.txt")
            .trusted_ip_set("scanners", "https://s3.amazonaws.com/intel-test/scanners.txt")
            .publishing_destination("arn:aws:s3:::findings-test", "arn:aws:kms:us-east-1:111111111111:key/abc")
            .filter(GuardDutyFilter::archive("scanner-portscans", 1).equals("type", ["Recon:EC2/Portscan"]))
            .alert_topic(TOPIC)
            .automated_response(AutomatedResponse::SsmAutomation {
                document: "AWS-StopEC2Instance".into(),
                role_arn: "arn:aws:iam::111111111111:role/responder".into(),
            })
            .build()
            .unwrap();
    })
}

#[test]
fn snapshot_all() {
    insta::assert_json_snapshot!(all_json());
}

#[test]
fn password_policy_ebs_encryption_public_access_block_and_access_analyzer() {
    let json = all_json();
    assert_has_resource!(json, "aws_iam_account_password_policy", {
        "minimum_password_length": 14, "require_lowercase_characters": true, "require_uppercase_characters": true,
        "require_numbers": true, "require_symbols": true, "password_reuse_prevention": 24, "max_password_age": 90
    });
    assert_has_resource!(json, "aws_ebs_encryption_by_default", { "enabled": true });
    assert_has_resource!(json, "aws_s3_account_public_access_block", {
        "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true
    });
    assert_has_resource!(json, "aws_accessanalyzer_analyzer", { "type": "ACCOUNT", "analyzer_name": "access-analyzer-test" });
}

#[test]
fn config_rules_cover_the_required_checks_after_the_recorder() {
    let json = all_json();
    for id in [
        "ENCRYPTED_VOLUMES",
        "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
        "S3_BUCKET_PUBLIC_READ_PROHIBITED",
        "CLOUD_TRAIL_ENABLED",
        "ROOT_ACCOUNT_MFA_ENABLED",
        "IAM_PASSWORD_POLICY",
    ] {
        assert_has_resource!(json, "aws_config_config_rule", { "source": { "owner": "AWS", "source_identifier": id } });
    }
    for (id, rule) in testing::resources(&json, "aws_config_config_rule") {
        assert_eq!(rule["depends_on"].as_array().unwrap().len(), 1, "{id} waits for the recorder");
    }
    let policy = testing::resources(&json, "aws_config_config_rule")
        .into_iter()
        .find(|(_, r)| r["source"]["source_identifier"] == "IAM_PASSWORD_POLICY")
        .unwrap()
        .1;
    let params: Value = serde_json::from_str(policy["input_parameters"].as_str().unwrap()).unwrap();
    assert_eq!(params["MinimumPasswordLength"], password_policy::MINIMUM_LENGTH.to_string());
    assert_eq!(params["PasswordReusePrevention"], password_policy::REUSE_PREVENTION.to_string());
}

#[test]
fn cis_alarms_watch_every_event_class_and_privilege_escalation() {
    let json = all_json();
    let filters = testing::resources(&json, "aws_cloudwatch_log_metric_filter");
    assert_eq!(filters.len(), CIS_CHECKS.len());
    let pattern_of = |name: &str| {
        filters.iter().find(|(_, f)| f["name"] == name).unwrap_or_else(|| panic!("no filter {name}")).1["pattern"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for name in [
        "cis-unauthorized-api-calls-test",
        "cis-root-usage-test",
        "cis-console-signin-without-mfa-test",
        "cis-iam-policy-changes-test",
        "cis-cloudtrail-changes-test",
        "cis-kms-key-disable-or-deletion-test",
        "cis-s3-bucket-policy-changes-test",
        "cis-config-changes-test",
        "cis-security-group-changes-test",
        "cis-nacl-changes-test",
        "cis-route-table-changes-test",
        "cis-vpc-changes-test",
    ] {
        assert!(!pattern_of(name).is_empty());
    }
    let escalation = pattern_of("cis-privilege-escalation-test");
    for call in [
        "CreateAccessKey",
        "AttachUserPolicy",
        "PutUserPolicy",
        "CreatePolicyVersion",
        "PassRole",
        "UpdateAssumeRolePolicy",
    ] {
        assert!(escalation.contains(&format!("$.eventName = {call}")), "{call}");
    }
    for (_, f) in &filters {
        assert_eq!(f["log_group_name"], "org-trail-test");
    }
    for (id, a) in testing::resources(&json, "aws_cloudwatch_metric_alarm") {
        assert_eq!(a["alarm_actions"], json!([TOPIC]), "{id}");
        assert_eq!(a["threshold"], 1, "{id}");
        assert_eq!(a["comparison_operator"], "GreaterThanOrEqualToThreshold", "{id}");
    }
}

#[test]
fn security_hub_standards_aggregator_and_critical_insights() {
    let json = all_json();
    assert_has_resource!(json, "aws_securityhub_account", { "enable_default_standards": false, "control_finding_generator": "SECURITY_CONTROL" });
    assert_has_resource!(json, "aws_securityhub_organization_configuration", { "auto_enable": true });
    assert_has_resource!(json, "aws_securityhub_finding_aggregator", { "linking_mode": "ALL_REGIONS" });
    let arns: Vec<String> = testing::resources(&json, "aws_securityhub_standards_subscription")
        .iter()
        .map(|(_, s)| s["standards_arn"].as_str().unwrap().to_string())
        .collect();
    for path in [
        "aws-foundational-security-best-practices/v/1.0.0",
        "cis-aws-foundations-benchmark/v/3.0.0",
        "nist-800-53/v/5.0.0",
    ] {
        assert!(arns.iter().any(|a| a.ends_with(&format!("::standards/{path}"))), "{path} in {arns:?}");
    }
    for (group, severity) in
        [("ResourceId", "CRITICAL"), ("AwsAccountId", "CRITICAL"), ("ResourceId", "HIGH"), ("AwsAccountId", "HIGH")]
    {
        assert_has_resource!(json, "aws_securityhub_insight", {
            "group_by_attribute": group,
            "filters": { "severity_label": [{ "comparison": "EQUALS", "value": severity }],
                         "record_state": [{ "comparison": "EQUALS", "value": "ACTIVE" }] }
        });
    }
}

#[test]
fn guardduty_is_configured_on_the_existing_detector() {
    let json = all_json();
    assert!(json["resource"].get("aws_guardduty_detector").is_none(), "no detector is created");
    let (detector, _) = json["data"]["aws_guardduty_detector"].as_object().unwrap().iter().next().unwrap();
    let id = format!("${{data.aws_guardduty_detector.{detector}.id}}");
    assert_has_resource!(json, "aws_guardduty_threatintelset", {
        "detector_id": id, "activate": true, "format": "TXT", "location": "https://s3.amazonaws.com/intel-test/known-bad.txt"
    });
    assert_has_resource!(json, "aws_guardduty_ipset", { "detector_id": id, "activate": true });
    assert_has_resource!(json, "aws_guardduty_publishing_destination", { "detector_id": id, "destination_type": "S3" });
    assert_has_resource!(json, "aws_guardduty_filter", { "detector_id": id, "action": "ARCHIVE" });
    let (_, rule) = testing::resources(&json, "aws_cloudwatch_event_rule")[0];
    let pattern: Value = serde_json::from_str(rule["event_pattern"].as_str().unwrap()).unwrap();
    assert_eq!(pattern["source"], json!(["aws.guardduty"]));
    assert_eq!(pattern["detail"]["severity"], json!([{ "numeric": [">=", 7] }]));
    assert_has_resource!(json, "aws_cloudwatch_event_target", { "target_id": "notify", "arn": TOPIC });
    assert_has_resource!(json, "aws_cloudwatch_event_target", {
        "target_id": "respond", "role_arn": "arn:aws:iam::111111111111:role/responder"
    });
}

#[test]
fn error_creating_a_guardduty_detector() {
    let app = App::new();
    let stack = Stack::new(&app, "security", &Environment::new("prod").unwrap());
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();
    AccountHardening::new(&stack, "hardening", AnalyzerScope::Account);
    GenericResource::new(&stack, "detector", "aws_guardduty_detector").set("enable", true);
    let e = app.synthesize().unwrap_err().to_string();
    assert_eq!(
        e,
        "synthesis found 1 problem; nothing was written:\n  - [security/detector] aws_guardduty_detector creates a GuardDuty detector: the detector is an account-level resource that already exists (the organization's delegated administrator enables it in every account and region), so a second one fails to apply and destroying it would turn GuardDuty off: read the existing detector with `data.aws_guardduty_detector` (konductor_aws::security::GuardDutyOnExisting) and configure it from there"
    );
}

#[test]
fn error_guardduty_bad_input_all_at_once() {
    let app = App::new();
    let stack = Stack::new(&app, "security", &Environment::new("prod").unwrap());
    let e = GuardDutyOnExisting::builder(&stack, "guardduty")
        .threat_intel_set("feed", "ftp://intel/feed.txt")
        .min_severity(9.5)
        .filter(GuardDutyFilter::view("everything", 1))
        .automated_response(AutomatedResponse::SsmAutomation {
            document: "AWS-StopEC2Instance".into(),
            role_arn: "arn:aws:iam::1:role/r".into(),
        })
        .build()
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("synthesis found 4 problems; nothing was written:"), "{e}");
    assert!(e.contains("[security/guardduty] minimum severity 9.5 is outside GuardDuty's 1 to 8.9"), "{e}");
    assert!(e.contains("GuardDuty filter `everything` has no criteria"), "{e}");
    assert!(e.contains("an automated response without an alert topic"), "{e}");
}

fn identity_json() -> Value {
    use konductor_aws::security::{IdentityCenter, IdentityPrincipal, PermissionSet};
    testing::synth(|stack| {
        IdentityCenter::builder(stack, "sso")
            .permission_set(PermissionSet::devops_admin())
            .permission_set(PermissionSet::developer_read_only())
            .permission_set(PermissionSet::security_audit())
            .assign("ops-prod", "DevOpsAdmin", IdentityPrincipal::group("g-ops"), "222222222222")
            .assign("devs-prod", "DeveloperReadOnly", IdentityPrincipal::group("g-devs"), "222222222222")
            .assign("audit-prod", "SecurityAudit", IdentityPrincipal::user("u-auditor"), "222222222222")
            .build()
            .unwrap();
    })
}

#[test]
fn snapshot_identity_center() {
    insta::assert_json_snapshot!(identity_json());
}

#[test]
fn permission_sets_are_least_privilege_with_short_sessions() {
    let json = identity_json();
    assert_has_resource!(json, "aws_ssoadmin_permission_set", { "name": "DevOpsAdmin-test", "session_duration": "PT4H" });
    assert_has_resource!(json, "aws_ssoadmin_permission_set", { "name": "DeveloperReadOnly-test", "session_duration": "PT8H" });
    assert_has_resource!(json, "aws_ssoadmin_permission_set", { "name": "SecurityAudit-test", "session_duration": "PT4H" });
    let policies: Vec<&str> = testing::resources(&json, "aws_ssoadmin_managed_policy_attachment")
        .iter()
        .map(|(_, a)| a["managed_policy_arn"].as_str().unwrap())
        .collect();
    assert!(policies.contains(&"arn:aws:iam::aws:policy/PowerUserAccess"));
    assert!(policies.contains(&"arn:aws:iam::aws:policy/ReadOnlyAccess"));
    assert!(policies.contains(&"arn:aws:iam::aws:policy/SecurityAudit"));
    assert!(!policies.iter().any(|p| p.ends_with("/AdministratorAccess")), "no permission set is a full admin");
    assert_has_resource!(json, "aws_ssoadmin_account_assignment", {
        "principal_type": "GROUP", "principal_id": "g-devs", "target_type": "AWS_ACCOUNT", "target_id": "222222222222"
    });
    for (_, ps) in testing::resources(&json, "aws_ssoadmin_permission_set") {
        assert!(
            ps["instance_arn"].as_str().unwrap().starts_with("${tolist(data.aws_ssoadmin_instances."),
            "{}",
            ps["instance_arn"]
        );
    }
}

#[test]
fn error_permission_set_allowing_everything() {
    use konductor_aws::iam::{PolicyDocument, Statement};
    use konductor_aws::security::{IdentityCenter, PermissionSet};
    let app = App::new();
    let stack = Stack::new(&app, "identity", &Environment::new("prod").unwrap());
    let e = IdentityCenter::builder(&stack, "sso")
        .permission_set(
            PermissionSet::new("Admin")
                .inline_policy(PolicyDocument::new().statement(Statement::allow().action("*").resource("*"))),
        )
        .build()
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "[identity/sso] permission set `Admin` inline policy statement 1 allows Action \"*\" on Resource \"*\", which is full administrator access and breaks the least-privilege rule (no `Action: *` with `Resource: *`): list only the actions and resources needed; if full access is intended, call `.allow_full_admin(\"<reason>\")` on the statement"
    );
    let e = IdentityCenter::builder(&stack, "sso2")
        .permission_set(PermissionSet::new("Admin").managed_policy("AdministratorAccess"))
        .build()
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "[identity/sso2] permission set `Admin` attaches AdministratorAccess, which allows every action on every resource (least-privilege rule): attach PowerUserAccess or a job-function policy instead, or opt out by name with `.allow_full_admin(reason)`"
    );
    assert!(IdentityCenter::builder(&stack, "sso3")
        .permission_set(
            PermissionSet::new("BreakGlass")
                .managed_policy("AdministratorAccess")
                .session_hours(1)
                .allow_full_admin("incident response")
        )
        .build()
        .is_ok());
}

#[test]
fn error_permission_set_sessions_and_unknown_assignments() {
    use konductor_aws::security::{IdentityCenter, IdentityPrincipal, PermissionSet};
    let app = App::new();
    let stack = Stack::new(&app, "identity", &Environment::new("prod").unwrap());
    let e = IdentityCenter::builder(&stack, "sso")
        .permission_set(PermissionSet::developer_read_only().session_hours(24))
        .assign("x", "Missing", IdentityPrincipal::group("g"), "1")
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("permission set `DeveloperReadOnly` has 24-hour sessions; Identity Center allows 1 to 12"),
        "{e}"
    );
    assert!(
        e.contains("assignment `x` names permission set `Missing`, which is not defined (DeveloperReadOnly)"),
        "{e}"
    );
}

#[test]
fn stop_instance_response_gets_a_role_allowed_that_runbook_only() {
    let json = testing::synth(|stack| {
        GuardDutyOnExisting::builder(stack, "guardduty")
            .alert_topic(TOPIC)
            .automated_response(AutomatedResponse::StopInstance)
            .build()
            .unwrap();
    });
    let (role, body) = testing::resources(&json, "aws_iam_role")[0];
    assert_eq!(body["name"], "guardduty-responder-test");
    assert!(body["assume_role_policy"].as_str().unwrap().contains(r#""Service":"events.amazonaws.com""#));
    let (_, policy) = testing::resources(&json, "aws_iam_role_policy")[0];
    let p: Value = serde_json::from_str(policy["policy"].as_str().unwrap()).unwrap();
    assert_eq!(p["Statement"][0]["Action"], "ssm:StartAutomationExecution");
    assert!(p["Statement"][0]["Resource"].as_str().unwrap().ends_with(":automation-definition/AWS-StopEC2Instance:*"));
    assert_eq!(p["Statement"][1]["Action"], json!(["ec2:DescribeInstanceStatus", "ec2:StopInstances"]));
    assert_has_resource!(json, "aws_cloudwatch_event_target", {
        "target_id": "respond", "role_arn": format!("${{aws_iam_role.{role}.arn}}")
    });
}
