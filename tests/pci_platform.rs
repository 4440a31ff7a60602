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
    let prod = stack(&out, "production");
    let rollout = testing::resources(&prod, "kubernetes_manifest")
        .into_iter()
        .find(|(_, m)| m["manifest"]["kind"] == "Rollout")
        .unwrap()
        .1;
    let bg = &rollout["manifest"]["spec"]["strategy"]["blueGreen"];
    assert_eq!(bg["autoPromotionEnabled"], false);
    assert_eq!(bg["previewService"], "storefront-preview");
    assert_eq!(testing::resources(&prod, "helm_release")[0].1["chart"], "argo-rollouts");
}
