//! examples/pci_platform: snapshots of both stacks and of the generated route-table documentation, and
//! assertions that name each requirement of issue 14's platform.

#[path = "../examples/pci_platform.rs"]
#[allow(dead_code)]
mod example;

use konductor::prelude::*;
use konductor::{serde_json, testing};
use serde_json::{json, Value};

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

fn group<'a>(json: &'a Value, name: &str) -> &'a Value {
    testing::resources(json, "aws_codedeploy_deployment_group")
        .into_iter()
        .find(|(_, g)| g["deployment_group_name"] == name)
        .unwrap_or_else(|| panic!("deployment group {name}"))
        .1
}

#[test]
fn snapshots() {
    let out = synthesized();
    insta::assert_json_snapshot!("production", stack(&out, "production"));
    insta::assert_json_snapshot!("production_pci", stack(&out, "production-pci"));
}

#[test]
fn route_table_documentation_is_generated_for_each_vpc() {
    let out = synthesized();
    let pci = out.file("stacks/production-pci/route-tables/production-pci.md").unwrap();
    let prod = out.file("stacks/production/route-tables/production.md").unwrap();
    insta::assert_snapshot!("route_tables_production_pci", pci);
    insta::assert_snapshot!("route_tables_production", prod);
    assert!(pci.starts_with("# Route tables of `production-pci-prod` (10.21.0.0/16)"));
    assert!(prod.starts_with("# Route tables of `production-prod` (10.20.0.0/16)"));
}

/// The sections of a route-table document: (table name, body).
fn sections(md: &str) -> Vec<(&str, &str)> {
    md.split("\n## ").skip(1).map(|s| s.split_once('\n').unwrap()).collect()
}

#[test]
fn peering_routes_reach_the_app_tiers_and_no_data_tier() {
    let out = synthesized();
    for (file, peer) in [
        ("stacks/production-pci/route-tables/production-pci.md", "10.20.0.0/16"),
        ("stacks/production/route-tables/production.md", "10.21.0.0/16"),
    ] {
        let md = out.file(file).unwrap();
        for (table, body) in sections(md) {
            let peered = body.contains(&format!("| {peer} | VPC peering `prod-to-pci-prod`"));
            assert_eq!(peered, table.contains("-app-"), "{file} {table}: peering route only on app tables");
            if table.contains("-data-") {
                assert!(!body.contains("0.0.0.0/0"), "{file} {table}: no route out of the data tier");
            }
        }
    }
    let prod = stack(&out, "production");
    let options = testing::resources(&prod, "aws_vpc_peering_connection_options");
    assert!(options.iter().any(|(_, o)| o["requester"]["allow_remote_vpc_dns_resolution"] == true));
    assert!(options.iter().any(|(_, o)| o["accepter"]["allow_remote_vpc_dns_resolution"] == true));
}

#[test]
fn admin_ports_are_open_to_the_devops_networks_only() {
    let out = synthesized();
    for name in ["production", "production-pci"] {
        let json = stack(&out, name);
        for (_, rule) in testing::resources(&json, "aws_vpc_security_group_ingress_rule") {
            if rule["from_port"] == 22 || rule["from_port"] == 3389 {
                assert_eq!(rule["cidr_ipv4"], "10.99.0.0/24", "{name}: {rule}");
            }
        }
    }
}

#[test]
fn ecs_services_shift_a_10_percent_canary_for_5_minutes_with_alarms_and_pci_approval() {
    let out = synthesized();
    let pci = stack(&out, "production-pci");
    let payments = group(&pci, "payments-prod");
    assert_eq!(payments["deployment_config_name"], "CodeDeployDefault.ECSCanary10Percent5Minutes");
    assert_eq!(
        payments["blue_green_deployment_config"]["deployment_ready_option"],
        json!({ "action_on_timeout": "STOP_DEPLOYMENT", "wait_time_in_minutes": 240 })
    );
    assert_eq!(payments["alarm_configuration"]["alarms"].as_array().unwrap().len(), 4);
    assert_eq!(
        payments["auto_rollback_configuration"]["events"],
        json!(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    );
    let prod = stack(&out, "production");
    let checkout = group(&prod, "checkout-prod");
    assert_eq!(checkout["deployment_config_name"], "CodeDeployDefault.ECSCanary10Percent5Minutes");
    assert_eq!(
        checkout["blue_green_deployment_config"]["deployment_ready_option"]["action_on_timeout"],
        "CONTINUE_DEPLOYMENT"
    );
}

#[test]
fn the_ec2_service_is_blue_green_by_hosts() {
    let out = synthesized();
    let prod = stack(&out, "production");
    let orders = group(&prod, "orders-prod");
    assert_eq!(
        orders["blue_green_deployment_config"]["green_fleet_provisioning_option"]["action"],
        "COPY_AUTO_SCALING_GROUP"
    );
    assert_eq!(orders["autoscaling_groups"], json!(["orders-prod"]));
    let config = testing::resources(&prod, "aws_codedeploy_deployment_config");
    assert_eq!(config.len(), 1);
    assert_eq!(config[0].1["minimum_healthy_hosts"], json!({ "type": "FLEET_PERCENT", "value": 75 }));
    let asg = testing::resources(&prod, "aws_autoscaling_group")[0].1;
    assert_eq!(asg["name"], "orders-prod");
}

#[test]
fn configuration_is_in_kms_encrypted_secure_strings() {
    let out = synthesized();
    let pci = stack(&out, "production-pci");
    let params = testing::resources(&pci, "aws_ssm_parameter");
    assert_eq!(params.len(), 2);
    for (_, p) in params {
        assert_eq!(p["type"], "SecureString");
        assert!(p["key_id"].as_str().unwrap().starts_with("${aws_kms_key."));
    }
}

#[test]
fn the_eks_workload_is_an_argo_rollout_promoted_by_hand() {
    let out = synthesized();
    let template = out.file("stacks/production/assets/storefront-rollout/templates/rollout.yaml").unwrap();
    let rollout: Value =
        serde_json::from_str(&template.lines().filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n")).unwrap();
    assert_eq!(rollout["kind"], "Rollout");
    let bg = &rollout["spec"]["strategy"]["blueGreen"];
    assert_eq!(bg["autoPromotionEnabled"], false);
    assert_eq!(bg["previewService"], "storefront-preview");
    assert_eq!(bg["scaleDownDelaySeconds"], 300);
    assert!(out.file("stacks/production/assets/storefront-rollout/templates/analysis-template.yaml").is_some());
    let prod = stack(&out, "production");
    assert!(testing::resources(&prod, "helm_release").iter().any(|(_, r)| r["chart"] == "argo-rollouts"));
}

/// The ingress rules of `json` into the group `group` (a reference to its id).
fn ingress_into<'a>(json: &'a Value, group: &str) -> Vec<&'a Value> {
    testing::resources(json, "aws_vpc_security_group_ingress_rule")
        .into_iter()
        .map(|(_, r)| r)
        .filter(|r| r["security_group_id"] == group)
        .collect()
}

/// The reference to the id of the security group named `name`.
fn group_ref(json: &Value, name: &str) -> String {
    let (id, _) = testing::resources(json, "aws_security_group")
        .into_iter()
        .find(|(_, g)| g["name"] == name)
        .unwrap_or_else(|| panic!("security group {name}"));
    format!("${{aws_security_group.{id}.id}}")
}

#[test]
fn the_security_group_matrix_opens_each_tier_to_the_one_before_it_only() {
    let out = synthesized();
    for (name, chain) in [("production", "production-chain"), ("production-pci", "production-pci-chain")] {
        let json = stack(&out, name);
        let (alb, app, db) = (
            group_ref(&json, &format!("{chain}-alb-prod")),
            group_ref(&json, &format!("{chain}-app-prod")),
            group_ref(&json, &format!("{chain}-db-prod")),
        );
        // Public ALB: 443 from the internet, nothing else.
        let into_alb = ingress_into(&json, &alb);
        assert!(!into_alb.is_empty());
        assert!(into_alb.iter().all(|r| r["from_port"] == 443 && r["to_port"] == 443), "{name}: {into_alb:?}");
        assert!(into_alb.iter().any(|r| r["cidr_ipv4"] == "0.0.0.0/0"));
        // App: the app port from the ALB group only; admin ports from the DevOps networks only.
        for r in ingress_into(&json, &app) {
            match r["from_port"].as_u64() {
                Some(8080) => assert_eq!(r["referenced_security_group_id"], alb.as_str(), "{name}: {r}"),
                Some(22 | 3389) => assert_eq!(r["cidr_ipv4"], "10.99.0.0/24", "{name}: {r}"),
                _ => panic!("{name}: unexpected ingress into the app group: {r}"),
            }
        }
        // Database: its port from the app group only.
        let into_db = ingress_into(&json, &db);
        assert_eq!(into_db.len(), 1, "{name}: {into_db:?}");
        assert_eq!(into_db[0]["from_port"], 5432);
        assert_eq!(into_db[0]["referenced_security_group_id"], app.as_str());
        // The database sits behind that group, in the data tier's subnet group.
        let (_, database) = testing::resources(&json, "aws_db_instance")[0];
        assert_eq!(database["vpc_security_group_ids"], json!([db]));
        assert_eq!(database["publicly_accessible"], false);
        assert_eq!(database["storage_encrypted"], true);
        // EKS nodes: everything from the control plane (kubelet, webhooks), the API from the nodes.
        let cluster_sg = "${aws_eks_cluster.platform_cluster_314FC901.vpc_config[0].cluster_security_group_id}";
        let nodes = group_ref(&json, "platform-nodes-prod");
        assert!(ingress_into(&json, &nodes).iter().any(|r| r["referenced_security_group_id"] == cluster_sg));
        assert!(ingress_into(&json, cluster_sg)
            .iter()
            .any(|r| r["referenced_security_group_id"] == nodes.as_str() && r["from_port"] == 443));
    }
    // The internal ALB of the PCI VPC takes HTTPS from the production VPC (through the peering) only.
    let pci = stack(&out, "production-pci");
    let internal = group_ref(&pci, "internal-alb-prod");
    let rules = ingress_into(&pci, &internal);
    assert_eq!(rules.len(), 1);
    assert_eq!((&rules[0]["cidr_ipv4"], &rules[0]["from_port"]), (&json!("10.20.0.0/16"), &json!(443)));
    let lb = testing::resources(&pci, "aws_lb").into_iter().find(|(_, l)| l["name"] == "pci-internal-prod").unwrap().1;
    assert_eq!(lb["internal"], true);
}

#[test]
fn each_vpc_has_an_eks_cluster_with_devops_admin_and_developers_read_only() {
    let out = synthesized();
    for name in ["production", "production-pci"] {
        let json = stack(&out, name);
        let cluster = testing::resources(&json, "aws_eks_cluster");
        assert_eq!(cluster.len(), 1, "{name}: one cluster");
        assert_eq!(cluster[0].1["name"], "platform-prod");
        let entries = testing::resources(&json, "aws_eks_access_entry");
        let policies = testing::resources(&json, "aws_eks_access_policy_association");
        // The access policy of the entry of `role`.
        let policy_of = |role: &str| -> String {
            let (id, _) = entries
                .iter()
                .find(|(_, e)| e["principal_arn"] == role)
                .unwrap_or_else(|| panic!("{name}: entry of {role}"));
            let principal = format!("${{aws_eks_access_entry.{id}.principal_arn}}");
            let (_, p) = policies.iter().find(|(_, p)| p["principal_arn"] == principal.as_str()).unwrap();
            p["policy_arn"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
        };
        assert_eq!(policy_of("${var.devops-role-arn}"), "AmazonEKSClusterAdminPolicy", "{name}");
        assert_eq!(policy_of("${var.developers-role-arn}"), "AmazonEKSViewPolicy", "{name}: read-only, no Secrets");
        assert_eq!(cluster[0].1["vpc_config"]["endpoint_public_access"], false, "{name}: private endpoint");
    }
}

#[test]
fn public_load_balancers_are_behind_a_logged_web_acl() {
    let out = synthesized();
    for (name, albs) in
        [("production", vec!["checkout-prod", "orders-prod"]), ("production-pci", vec!["payments-prod"])]
    {
        let json = stack(&out, name);
        let (acl_id, acl) = testing::resources(&json, "aws_wafv2_web_acl")[0];
        let rules: Vec<&str> = acl["rule"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        for r in ["rate-limit", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesCommonRuleSet"] {
            assert!(rules.contains(&r), "{name}: {r} in {rules:?}");
        }
        let acl_arn = format!("${{aws_wafv2_web_acl.{acl_id}.arn}}");
        let associated: Vec<&Value> = testing::resources(&json, "aws_wafv2_web_acl_association")
            .into_iter()
            .filter(|(_, a)| a["web_acl_arn"] == acl_arn.as_str())
            .map(|(_, a)| &a["resource_arn"])
            .collect();
        for alb in albs {
            let (id, _) = testing::resources(&json, "aws_lb").into_iter().find(|(_, l)| l["name"] == alb).unwrap();
            assert!(associated.contains(&&json!(format!("${{aws_lb.{id}.arn}}"))), "{name}: {alb} behind the ACL");
        }
        let logging = testing::resources(&json, "aws_wafv2_web_acl_logging_configuration")[0].1;
        assert_eq!(logging["resource_arn"], acl_arn.as_str());
        let group = testing::resources(&json, "aws_cloudwatch_log_group")
            .into_iter()
            .find(|(_, g)| g["name"].as_str().unwrap().starts_with("aws-waf-logs-"))
            .unwrap()
            .1;
        assert!(group["kms_key_id"].as_str().unwrap().starts_with("${aws_kms_key."), "{name}: WAF logs encrypted");
    }
}

#[test]
fn both_vpcs_use_the_same_zones_by_identity() {
    let out = synthesized();
    for name in ["production", "production-pci"] {
        let json = stack(&out, name);
        let zones = json["data"]["aws_availability_zones"].as_object().unwrap();
        assert_eq!(zones.len(), 1);
        let filters = zones.values().next().unwrap()["filter"].as_array().unwrap();
        assert!(
            filters.contains(&json!({ "name": "zone-id", "values": ["use1-az1", "use1-az2", "use1-az4"] })),
            "{name}: {filters:?}"
        );
    }
}

#[test]
fn the_rollouts_controller_runs_on_the_production_cluster_and_the_rollout_waits_for_it() {
    let out = synthesized();
    let prod = stack(&out, "production");
    let releases = testing::resources(&prod, "helm_release");
    let (controller_id, controller) = releases.iter().find(|(_, r)| r["chart"] == "argo-rollouts").unwrap();
    assert_eq!(controller["provider"], "helm");
    let depends: Vec<&str> = controller["depends_on"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert!(depends.iter().any(|d| d.starts_with("aws_eks_node_group.platform_")), "{depends:?}");
    assert!(depends.iter().any(|d| d.starts_with("aws_eks_access_policy_association.platform_")), "{depends:?}");
    let helm = &prod["provider"]["helm"][0]["kubernetes"];
    assert_eq!(helm["host"], "${aws_eks_cluster.platform_cluster_314FC901.endpoint}");
    // The Rollout is a local chart (no kubernetes_manifest to plan before the cluster and CRDs exist),
    // installed on the same cluster after the controller.
    assert!(testing::resources(&prod, "kubernetes_manifest").is_empty());
    let (_, rollout) = releases.iter().find(|(_, r)| r["name"] == "storefront-rollout").unwrap();
    assert_eq!(rollout["chart"], "${path.module}/assets/storefront-rollout");
    assert_eq!(rollout["provider"], "helm");
    assert_eq!(rollout["depends_on"], json!([format!("helm_release.{controller_id}")]));
}

#[test]
fn every_bucket_is_sse_kms_with_a_customer_managed_key() {
    // What `.checkov.yaml` skips CKV_AWS_145 for: the examples assert it instead.
    let out = synthesized();
    let mut buckets = 0;
    for name in ["production", "production-pci"] {
        let json = stack(&out, name);
        let configs = testing::resources(&json, "aws_s3_bucket_server_side_encryption_configuration");
        buckets += testing::resources(&json, "aws_s3_bucket").len();
        assert_eq!(configs.len(), testing::resources(&json, "aws_s3_bucket").len(), "{name}: one per bucket");
        for (id, c) in configs {
            let rule = &c["rule"][0]["apply_server_side_encryption_by_default"];
            assert_eq!((name, id, &rule["sse_algorithm"]), (name, id, &json!("aws:kms")));
            assert!(rule["kms_master_key_id"].as_str().is_some_and(|k| k.starts_with("${aws_kms_key.")), "{id}");
        }
    }
    assert!(buckets >= 1, "the orders revisions bucket at least");
}
