//! examples/innovate_inc: snapshots of the three stacks, and assertions that name each requirement of issue
//! 13's platform (accounts and their providers, the VPCs, EKS and Karpenter in each workload account, the
//! database, the security-group chain, the registries, the load balancer controller, the load balancer with
//! its WAF, DNS, and the pipeline's outputs).

#[path = "../examples/innovate_inc.rs"]
#[allow(dead_code)]
mod example;

use konductor::prelude::*;
use konductor::{serde_json, testing};
use serde_json::Value;

fn synthesized() -> konductor::Synthesized {
    let app = App::new();
    example::build(&app).unwrap();
    app.synthesize().unwrap()
}

fn stack(out: &konductor::Synthesized, name: &str) -> Value {
    let mut v: Value = serde_json::from_str(out.stack(name).unwrap()).unwrap();
    testing::strip_metadata(&mut v);
    v
}

fn one<'a>(json: &'a Value, ty: &str) -> &'a Value {
    let all = testing::resources(json, ty);
    assert_eq!(all.len(), 1, "expected one {ty}, found {}", all.len());
    all[0].1
}

/// `${TYPE.ID.id}` of the one resource of `ty` whose `key` is `value`.
fn ref_of(json: &Value, ty: &str, key: &str, value: &str) -> String {
    let (id, _) = testing::resources(json, ty)
        .into_iter()
        .find(|(_, r)| r[key] == value)
        .unwrap_or_else(|| panic!("no {ty} with {key} = {value}"));
    format!("${{{ty}.{id}.id}}")
}

#[test]
fn snapshots() {
    let out = synthesized();
    insta::assert_json_snapshot!("shared_services", stack(&out, "shared-services"));
    insta::assert_json_snapshot!("dev", stack(&out, "dev"));
    insta::assert_json_snapshot!("prod", stack(&out, "prod"));
}

#[test]
fn each_account_has_its_own_stack_and_provider_assuming_its_deploy_role() {
    let out = synthesized();
    for (name, account) in [("shared-services", "shared-services"), ("dev", "dev"), ("prod", "prod")] {
        let json = stack(&out, name);
        let aws = &json["provider"]["aws"][0];
        assert_eq!(aws["assume_role"][0]["role_arn"], "${var.deploy-role-arn}", "{name}");
        assert_eq!(aws["default_tags"][0]["tags"]["Account"], account, "{name}");
        assert!(json["variable"]["deploy-role-arn"].is_object(), "{name}");
    }
}

#[test]
fn prod_spans_three_zones_and_dev_two_pinned_by_zone_id() {
    let out = synthesized();
    for (name, zones, nat) in [("prod", 3, 3), ("dev", 2, 1)] {
        let json = stack(&out, name);
        let azs = json["data"]["aws_availability_zones"].as_object().unwrap().values().next().unwrap();
        let filter = azs["filter"].as_array().unwrap().iter().find(|f| f["name"] == "zone-id").unwrap();
        assert_eq!(filter["values"].as_array().unwrap().len(), zones, "{name}");
        assert_eq!(testing::resources(&json, "aws_nat_gateway").len(), nat, "{name}");
        // Public, private and database subnets in each zone.
        assert_eq!(testing::resources(&json, "aws_subnet").len(), 3 * zones, "{name}");
    }
}

#[test]
fn each_workload_account_runs_eks_with_karpenter() {
    let out = synthesized();
    for name in ["dev", "prod"] {
        let json = stack(&out, name);
        let cluster = one(&json, "aws_eks_cluster");
        assert_eq!(cluster["name"], format!("platform-{name}"));
        assert_eq!(cluster["version"], example::KUBERNETES);
        let releases: Vec<&str> =
            testing::resources(&json, "helm_release").iter().map(|(_, r)| r["name"].as_str().unwrap()).collect();
        for r in ["karpenter-crd", "karpenter", "karpenter-node-pools", "aws-load-balancer-controller"] {
            assert!(releases.contains(&r), "{name}: no release {r} in {releases:?}");
        }
        let files: Vec<&str> = out
            .files
            .iter()
            .map(|(p, _)| p.as_str())
            .filter(|p| p.starts_with(&format!("stacks/{name}/assets/karpenter-node-pools/templates/")))
            .collect();
        assert_eq!(files.len(), 4, "{name}: the EC2NodeClass and three NodePools, {files:?}");
    }
}

#[test]
fn devops_administer_and_developers_view_the_clusters() {
    let out = synthesized();
    for name in ["dev", "prod"] {
        let json = stack(&out, name);
        let policies: Vec<(String, String)> = testing::resources(&json, "aws_eks_access_policy_association")
            .into_iter()
            .map(|(_, p)| (p["principal_arn"].to_string(), p["policy_arn"].as_str().unwrap().to_string()))
            .collect();
        let has = |role: &str, policy: &str| {
            policies.iter().any(|(_, p)| p.ends_with(policy))
                && testing::resources(&json, "aws_eks_access_entry")
                    .iter()
                    .any(|(_, e)| e["principal_arn"] == format!("${{var.{role}}}"))
        };
        assert!(has("devops-role-arn", "/AmazonEKSClusterAdminPolicy"), "{name}: {policies:?}");
        assert!(has("developers-role-arn", "/AmazonEKSViewPolicy"), "{name}: {policies:?}");
    }
}

#[test]
fn the_database_is_encrypted_multi_az_backed_up_tls_only_and_destroyable() {
    let out = synthesized();
    for (name, backups) in [("prod", 14), ("dev", 7)] {
        let json = stack(&out, name);
        let db = one(&json, "aws_db_instance");
        assert_eq!(db["engine"], "postgres");
        assert_eq!(db["multi_az"], true, "{name}: Multi-AZ");
        assert_eq!(db["storage_encrypted"], true);
        assert!(db["kms_key_id"].as_str().unwrap().starts_with("${aws_kms_key."), "{name}: a customer-managed key");
        assert_eq!(db["manage_master_user_password"], true, "{name}: the password managed in Secrets Manager");
        assert!(db["master_user_secret_kms_key_id"].as_str().unwrap().starts_with("${aws_kms_key."));
        assert!(db.get("password").is_none(), "{name}: no password in the configuration");
        assert_eq!(db["backup_retention_period"], backups, "{name}: backups (and so point-in-time recovery)");
        assert_eq!(db["skip_final_snapshot"], true, "{name}: the mission requires destroyability");
        assert_eq!(db["deletion_protection"], false);
        assert_eq!(db["publicly_accessible"], false);
        let params = one(&json, "aws_db_parameter_group");
        assert!(
            params["parameter"].as_array().unwrap().iter().any(|p| p["name"] == "rds.force_ssl" && p["value"] == "1"),
            "{name}: TLS forced"
        );
        assert_eq!(db["parameter_group_name"], format!("${{{}}}", "aws_db_parameter_group.postgres-params.name"));
    }
}

#[test]
fn security_groups_chain_alb_to_pods_to_the_database_port_only() {
    let json = stack(&synthesized(), "prod");
    let nodes = ref_of(&json, "aws_security_group", "name", "platform-nodes-prod");
    let alb = ref_of(&json, "aws_security_group", "name", "app-alb-prod");
    let db = ref_of(&json, "aws_security_group", "name", "app-db-prod");
    let rules = testing::resources(&json, "aws_vpc_security_group_ingress_rule");
    let into = |group: &str| -> Vec<&Value> {
        rules.iter().filter(|(_, r)| r["security_group_id"] == group).map(|(_, r)| *r).collect()
    };
    // The database takes its port from the pods (the nodes' group) and nothing else.
    let db_rules = into(&db);
    assert_eq!(db_rules.len(), 1, "{db_rules:?}");
    assert_eq!(db_rules[0]["from_port"], example::DB_PORT);
    assert_eq!(db_rules[0]["to_port"], example::DB_PORT);
    assert_eq!(db_rules[0]["referenced_security_group_id"], nodes.as_str());
    // The pods take the app port from the load balancer.
    assert!(into(&nodes).iter().any(|r| r["from_port"] == example::APP_PORT
        && r["to_port"] == example::APP_PORT
        && r["referenced_security_group_id"] == alb.as_str()));
    // The load balancer takes HTTPS only.
    assert!(into(&alb).iter().all(|r| r["from_port"] == 443 && r["to_port"] == 443));
    // The database is in its group only, and the load balancer in its own.
    assert_eq!(one(&json, "aws_db_instance")["vpc_security_group_ids"], serde_json::json!([db]));
    assert_eq!(one(&json, "aws_lb")["security_groups"], serde_json::json!([alb]));
}

#[test]
fn registries_are_scanned_immutable_encrypted_and_pulled_by_the_workload_accounts() {
    let json = stack(&synthesized(), "shared-services");
    let repos = testing::resources(&json, "aws_ecr_repository");
    assert_eq!(repos.len(), example::REPOSITORIES.len());
    for (_, repo) in &repos {
        assert_eq!(repo["image_tag_mutability"], "IMMUTABLE");
        assert_eq!(repo["image_scanning_configuration"]["scan_on_push"], true);
        assert_eq!(repo["encryption_configuration"][0]["encryption_type"], "KMS");
        assert!(repo["encryption_configuration"][0]["kms_key"].as_str().unwrap().starts_with("${aws_kms_key."));
    }
    let policies = testing::resources(&json, "aws_ecr_repository_policy");
    assert_eq!(policies.len(), repos.len());
    for (_, p) in policies {
        let text = p["policy"].as_str().unwrap();
        assert!(text.contains("arn:aws:iam::${var.dev-account-id}:root"), "{text}");
        assert!(text.contains("arn:aws:iam::${var.prod-account-id}:root"), "{text}");
        assert!(text.contains("ecr:BatchGetImage") && !text.contains("ecr:PutImage"), "{text}");
    }
}

#[test]
fn the_load_balancer_controller_runs_with_pod_identity_on_the_system_nodes() {
    let json = stack(&synthesized(), "prod");
    let identity = testing::resources(&json, "aws_eks_pod_identity_association")
        .into_iter()
        .find(|(_, a)| a["service_account"] == "aws-load-balancer-controller")
        .expect("the controller's Pod Identity association")
        .1;
    assert_eq!(identity["namespace"], "kube-system");
    let release = testing::resources(&json, "helm_release")
        .into_iter()
        .find(|(_, r)| r["name"] == "aws-load-balancer-controller")
        .unwrap()
        .1;
    assert_eq!(release["version"], example::LBC_CHART_VERSION);
    let values = release["values"][0].as_str().unwrap();
    assert!(values.contains("konductor.dev/node-group: \"system\""), "{values}");
    assert!(values.contains("CriticalAddonsOnly"), "{values}");
}

#[test]
fn the_load_balancer_is_https_only_behind_the_waf_with_dns() {
    let json = stack(&synthesized(), "prod");
    let lb = one(&json, "aws_lb");
    assert_eq!(lb["drop_invalid_header_fields"], true);
    assert_eq!(lb["enable_deletion_protection"], false);
    let listener = one(&json, "aws_lb_listener");
    assert_eq!(listener["protocol"], "HTTPS");
    assert_eq!(listener["ssl_policy"], konductor::aws::deploy::TLS_POLICY);
    assert_eq!(one(&json, "aws_lb_target_group")["target_type"], "ip", "the controller registers pod IPs");
    let acl = one(&json, "aws_wafv2_web_acl");
    assert_eq!(acl["scope"], "REGIONAL");
    let rules: Vec<&str> = acl["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["statement"]["managed_rule_group_statement"]["name"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"AWSManagedRulesKnownBadInputsRuleSet"), "{rules:?}");
    assert!(rules.contains(&"AWSManagedRulesCommonRuleSet"), "{rules:?}");
    let association = one(&json, "aws_wafv2_web_acl_association");
    assert_eq!(association["resource_arn"], "${aws_lb.alb.arn}");
    assert_eq!(association["web_acl_arn"], "${aws_wafv2_web_acl.web-acl.arn}");
    assert!(one(&json, "aws_wafv2_web_acl_logging_configuration")["log_destination_configs"][0]
        .as_str()
        .unwrap()
        .starts_with("${aws_cloudwatch_log_group."));
    let record = one(&json, "aws_route53_record");
    assert_eq!(record["name"], "${var.domain-name}");
    assert_eq!(record["type"], "A");
    assert_eq!(record["alias"]["name"], "${aws_lb.alb.dns_name}");
}

#[test]
fn the_pipeline_reads_its_outputs() {
    let out = synthesized();
    for name in ["dev", "prod"] {
        let json = stack(&out, name);
        for o in ["cluster-name", "cluster-endpoint", "target-group-arn", "db-endpoint", "db-secret-arn"] {
            assert!(json["output"][o].is_object(), "{name}: output {o}");
        }
    }
    let shared = stack(&out, "shared-services");
    for repo in example::REPOSITORIES {
        assert!(shared["output"][format!("{repo}-repository-url")].is_object(), "{repo}");
    }
}

#[test]
fn no_resource_blocks_destroy() {
    let out = synthesized();
    for name in ["shared-services", "dev", "prod"] {
        let text = out.stack(name).unwrap();
        assert!(!text.contains("prevent_destroy"), "{name}");
        let json = stack(&out, name);
        for (_, r) in testing::resources(&json, "aws_ecr_repository") {
            assert_eq!(r["force_delete"], true);
        }
    }
}
