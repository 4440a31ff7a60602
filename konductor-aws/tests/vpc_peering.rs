//! VpcPeering: snapshots in one account and across two, and assertions that name each requirement (routes in
//! the app tiers only, never in a data tier; routes wait for the accepter; DNS options per side; names with
//! the environment suffix), plus the error text of every bad input.

use konductor_aws::network::{Tier, TieredVpc, TieredVpcProps, VpcPeering, VpcPeeringProps};
use konductor_aws::providers::AwsProvider;
use konductor_core::{testing, App, Environment, Stack};
use serde_json::Value;

fn vpc(stack: &Stack, id: &str, cidr: &str) -> TieredVpc {
    TieredVpc::new(stack, id, TieredVpcProps::builder().cidr(cidr).build().unwrap()).unwrap()
}

/// The logical id inside a reference `${TYPE.ID.attr}`.
fn target(reference: &Value) -> &str {
    let s = reference.as_str().unwrap_or_else(|| panic!("not a reference: {reference}"));
    s.trim_start_matches("${").trim_end_matches('}').split('.').nth(1).unwrap()
}

/// The routes that go through a peering connection.
fn peering_routes(json: &Value) -> Vec<(&str, &Value)> {
    testing::resources(json, "aws_route")
        .into_iter()
        .filter(|(_, r)| r.get("vpc_peering_connection_id").is_some())
        .collect()
}

/// prod (10.10.0.0/16) peered with pci (10.20.0.0/16) in one account.
fn same_account(stack: &Stack) -> (TieredVpc, TieredVpc, VpcPeering) {
    let prod = vpc(stack, "production", "10.10.0.0/16");
    let pci = vpc(stack, "production-pci", "10.20.0.0/16");
    let peering = VpcPeering::new(
        stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&prod).accepter(&pci).build().unwrap(),
    )
    .unwrap();
    (prod, pci, peering)
}

/// The same, with pci in another account: its own stack `pci` (whose default provider would point at that
/// account), and in stack `test` the aliased provider `aws.pci` for the accepter's side. Returns stack `test`.
fn cross_account_json() -> Value {
    let app = App::new();
    let env = Environment::new("test").unwrap();
    let pci_stack = Stack::new(&app, "pci", &env);
    AwsProvider::builder(&pci_stack, "aws").region("us-east-1").build();
    let pci = vpc(&pci_stack, "production-pci", "10.20.0.0/16");
    let stack = Stack::new(&app, "test", &env);
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();
    let pci_provider = AwsProvider::builder(&stack, "aws-pci").alias("pci").region("us-east-1").build();
    let prod = vpc(&stack, "production", "10.10.0.0/16");
    let peering = VpcPeering::new(
        &stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&prod).accepter(&pci).accepter_provider(&pci_provider).build().unwrap(),
    )
    .unwrap();
    assert!(peering.is_cross_account());
    testing::stack_json(&app, "test").unwrap()
}

/// The peering resources and data sources of a stack (what the VpcPeering construct made).
fn peering_only(json: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for kind in ["resource", "data"] {
        for (ty, items) in json[kind].as_object().into_iter().flatten() {
            for (id, body) in items.as_object().unwrap() {
                if id.starts_with("prod-to-pci_") {
                    out.insert(format!("{kind}.{ty}.{id}"), body.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// The error of peering two VPCs with the given blocks in stack `network` of environment `dev`.
fn overlap_error(a: &str, b: &str) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    let prod = vpc(&stack, "production", a);
    let pci = vpc(&stack, "production-pci", b);
    VpcPeering::new(&stack, "prod-to-pci", VpcPeeringProps::builder().requester(&prod).accepter(&pci).build().unwrap())
        .unwrap_err()
        .to_string()
}

#[test]
fn snapshot_same_account() {
    let json = testing::synth(|stack| {
        same_account(stack);
    });
    insta::assert_json_snapshot!(peering_only(&json));
}

#[test]
fn snapshot_cross_account() {
    insta::assert_json_snapshot!(peering_only(&cross_account_json()));
}

#[test]
fn no_peering_route_in_a_data_tier_route_table() {
    let json = testing::synth(|stack| {
        same_account(stack);
    });
    let routes = peering_routes(&json);
    assert_eq!(routes.len(), 6, "3 app route tables on each side");
    for (id, route) in routes {
        let table = &json["resource"]["aws_route_table"][target(&route["route_table_id"])];
        assert_eq!(table["tags"]["Tier"], "app", "peering route {id} is in a {} route table", table["tags"]["Tier"]);
    }
    // Across accounts the accepter's tables are in the other stack: the routes name them by logical id.
    let json = cross_account_json();
    let routes = peering_routes(&json);
    assert_eq!(routes.len(), 6, "3 app route tables on each side");
    for (id, route) in routes {
        let table = route["route_table_id"].as_str().unwrap();
        assert!(table.contains("_app-routes-az"), "peering route {id} is in {table}");
        assert!(!table.contains("_data-routes-") && !table.contains("_public-routes"), "{id}: {table}");
    }
}

#[test]
fn every_app_route_table_of_both_sides_routes_to_the_peer() {
    let json = testing::synth(|stack| {
        let (prod, pci, peering) = same_account(stack);
        let tables = |v: &TieredVpc| v.route_tables(Tier::App).iter().map(|t| t.logical_id()).collect::<Vec<_>>();
        let routed = |routes: &[konductor_aws::l1::ec2::Route]| -> Vec<String> {
            routes.iter().map(|r| r.logical_id()).collect()
        };
        assert_eq!(routed(peering.requester_routes()).len(), tables(&prod).len());
        assert_eq!(routed(peering.accepter_routes()).len(), tables(&pci).len());
    });
    let routes = peering_routes(&json);
    let to_pci: Vec<_> = routes.iter().filter(|(_, r)| r["destination_cidr_block"] == "10.20.0.0/16").collect();
    let to_prod: Vec<_> = routes.iter().filter(|(_, r)| r["destination_cidr_block"] == "10.10.0.0/16").collect();
    assert_eq!((to_pci.len(), to_prod.len()), (3, 3));
    for (_, r) in &to_pci {
        assert!(target(&r["route_table_id"]).starts_with("production_app-routes-az"), "{r}");
    }
    for (_, r) in &to_prod {
        assert!(target(&r["route_table_id"]).starts_with("production-pci_app-routes-az"), "{r}");
    }
}

#[test]
fn routes_and_options_wait_for_the_accepter() {
    let json = testing::synth(|stack| {
        same_account(stack);
    });
    let accepter = testing::resources(&json, "aws_vpc_peering_connection_accepter");
    assert_eq!(accepter.len(), 1);
    assert_eq!(accepter[0].1["auto_accept"], true);
    for (_, r) in peering_routes(&json) {
        assert_eq!(target(&r["vpc_peering_connection_id"]), accepter[0].0);
        assert!(r["vpc_peering_connection_id"].as_str().unwrap().starts_with("${aws_vpc_peering_connection_accepter."));
    }
    let options = testing::resources(&json, "aws_vpc_peering_connection_options");
    assert_eq!(options.len(), 1);
    assert_eq!(target(&options[0].1["vpc_peering_connection_id"]), accepter[0].0);
    assert_eq!(options[0].1["requester"]["allow_remote_vpc_dns_resolution"], true);
    assert_eq!(options[0].1["accepter"]["allow_remote_vpc_dns_resolution"], true);
    let connection = testing::resources(&json, "aws_vpc_peering_connection");
    assert!(connection[0].1.get("auto_accept").is_none(), "the accepter accepts, not the requester");
    assert!(connection[0].1.get("peer_owner_id").is_none(), "same account: no owner lookup");
}

#[test]
fn cross_account_uses_the_accepter_provider_for_its_side() {
    let json = cross_account_json();
    let connection = &testing::resources(&json, "aws_vpc_peering_connection")[0].1;
    assert!(connection.get("provider").is_none(), "the requester side uses the default provider");
    assert!(connection["peer_owner_id"].as_str().unwrap().starts_with("${data.aws_caller_identity."));
    assert!(connection["peer_region"].as_str().unwrap().ends_with(".region}"));
    assert_eq!(
        json["data"]["aws_caller_identity"].as_object().unwrap().values().next().unwrap()["provider"],
        "aws.pci"
    );
    assert_eq!(json["data"]["aws_region"].as_object().unwrap().values().next().unwrap()["provider"], "aws.pci");
    assert_eq!(testing::resources(&json, "aws_vpc_peering_connection_accepter")[0].1["provider"], "aws.pci");
    for (_, r) in peering_routes(&json) {
        let pci_side = r["destination_cidr_block"] == "10.10.0.0/16";
        assert_eq!(r.get("provider").and_then(Value::as_str), pci_side.then_some("aws.pci"), "{r}");
    }
    let options = testing::resources(&json, "aws_vpc_peering_connection_options");
    assert_eq!(options.len(), 2, "each account sets its own side");
    for (_, o) in options {
        match o.get("provider").and_then(Value::as_str) {
            Some("aws.pci") => assert!(o.get("accepter").is_some() && o.get("requester").is_none(), "{o}"),
            None => assert!(o.get("requester").is_some() && o.get("accepter").is_none(), "{o}"),
            other => panic!("unexpected provider {other:?}"),
        }
    }
}

#[test]
fn dns_resolution_can_be_turned_off() {
    let json = testing::synth(|stack| {
        let prod = vpc(stack, "production", "10.10.0.0/16");
        let pci = vpc(stack, "production-pci", "10.20.0.0/16");
        let p = VpcPeering::new(
            stack,
            "prod-to-pci",
            VpcPeeringProps::builder().requester(&prod).accepter(&pci).dns_resolution(false).build().unwrap(),
        )
        .unwrap();
        assert!(p.options().is_empty());
    });
    assert!(testing::resources(&json, "aws_vpc_peering_connection_options").is_empty());
}

#[test]
fn every_name_carries_the_environment_suffix() {
    let json = cross_account_json();
    for ty in ["aws_vpc_peering_connection", "aws_vpc_peering_connection_accepter"] {
        for (id, body) in testing::resources(&json, ty) {
            assert_eq!(body["tags"]["Name"], "prod-to-pci-test", "{ty}.{id}");
        }
    }
}

#[test]
fn overlapping_peers_are_an_error() {
    assert_eq!(
        overlap_error("10.10.0.0/16", "10.10.128.0/17"),
        "[network/prod-to-pci] requester network/production (10.10.0.0/16) and accepter network/production-pci \
         (10.10.128.0/17) overlap: peered VPCs need disjoint address ranges: give one of the VPCs a cidr outside the \
         other's"
    );
    assert_eq!(
        overlap_error("10.10.0.0/16", "10.10.0.0/16"),
        "[network/prod-to-pci] requester network/production (10.10.0.0/16) and accepter network/production-pci \
         (10.10.0.0/16) overlap: peered VPCs need disjoint address ranges: give one of the VPCs a cidr outside the \
         other's"
    );
}

#[test]
fn a_requester_in_another_stack_is_an_error() {
    let app = App::new();
    let env = Environment::new("dev").unwrap();
    let other = Stack::new(&app, "other", &env);
    let prod = vpc(&other, "production", "10.10.0.0/16");
    let stack = Stack::new(&app, "network", &env);
    let pci = vpc(&stack, "production-pci", "10.20.0.0/16");
    let e = VpcPeering::new(
        &stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&prod).accepter(&pci).build().unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "[network/prod-to-pci] requester other/production is in stack `other`, the peering in stack `network`: the \
         requester side must be managed with the requester's own provider: create the peering in the requester's \
         stack, and pass the accepter's account as accepter_provider"
    );
}

#[test]
fn missing_sides_are_an_error() {
    assert_eq!(
        VpcPeeringProps::builder().build().unwrap_err().to_string(),
        "[VpcPeeringProps] requester is not set: call `.requester(&vpc)` on the builder"
    );
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    let prod = vpc(&stack, "production", "10.10.0.0/16");
    assert_eq!(
        VpcPeeringProps::builder().requester(&prod).build().unwrap_err().to_string(),
        "[VpcPeeringProps] accepter is not set: call `.accepter(&vpc)` on the builder"
    );
}
