//! TieredVpc: snapshots, and assertions that name each requirement (three tiers per AZ, NAT per AZ or single,
//! an isolated data tier, the default security group and main route table taken over, EKS tags, names with
//! the environment suffix), plus the error text of every bad input.

use konductor_aws::network::{NatGateways, Tier, TieredVpc, TieredVpcProps};
use konductor_core::{assert_has_resource, testing, App, Environment, Stack};
use serde_json::Value;

fn props(cidr: &str) -> konductor_aws::network::TieredVpcPropsBuilder {
    TieredVpcProps::builder().cidr(cidr)
}

fn production(stack: &Stack) -> TieredVpc {
    TieredVpc::new(stack, "production", props("10.10.0.0/16").azs(3).build().unwrap()).unwrap()
}

/// The logical id inside a reference `${TYPE.ID.attr}`.
fn target(reference: &Value) -> &str {
    let s = reference.as_str().unwrap_or_else(|| panic!("not a reference: {reference}"));
    s.trim_start_matches("${").trim_end_matches('}').split('.').nth(1).unwrap()
}

/// The subnets whose `Tier` tag is `tier`: (logical id, body).
fn subnets<'a>(json: &'a Value, tier: &str) -> Vec<(&'a str, &'a Value)> {
    testing::resources(json, "aws_subnet").into_iter().filter(|(_, s)| s["tags"]["Tier"] == tier).collect()
}

/// The route table a subnet is associated with.
fn route_table_of<'a>(json: &'a Value, subnet: &str) -> &'a str {
    let assoc: Vec<_> = testing::resources(json, "aws_route_table_association")
        .into_iter()
        .filter(|(_, a)| target(&a["subnet_id"]) == subnet)
        .collect();
    assert_eq!(assoc.len(), 1, "subnet {subnet} has {} route table associations", assoc.len());
    target(&assoc[0].1["route_table_id"])
}

/// Every `aws_route` of a route table.
fn routes_of<'a>(json: &'a Value, table: &str) -> Vec<&'a Value> {
    testing::resources(json, "aws_route")
        .into_iter()
        .filter(|(_, r)| target(&r["route_table_id"]) == table)
        .map(|(_, r)| r)
        .collect()
}

fn is_internet_route(r: &Value) -> bool {
    r["destination_cidr_block"] == "0.0.0.0/0"
        || r.get("destination_ipv6_cidr_block").is_some()
        || r.get("gateway_id").is_some()
        || r.get("nat_gateway_id").is_some()
        || r.get("transit_gateway_id").is_some()
        || r.get("egress_only_gateway_id").is_some()
}

/// The error of building a `production` TieredVpc in stack `network` of environment `dev`.
fn error(props: TieredVpcProps) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    TieredVpc::new(&stack, "production", props).unwrap_err().to_string()
}

/// The stack without the elements of the shared flow-logs construct (`<id>/flow-logs/...`), which has its
/// own snapshots: these snapshots change only when TieredVpc does.
fn without_flow_logs_internals(mut json: Value, id: &str) -> Value {
    let prefix = format!("{id}_flow-logs_");
    for kind in ["resource", "data"] {
        if let Some(types) = json.get_mut(kind).and_then(Value::as_object_mut) {
            for items in types.values_mut() {
                items.as_object_mut().unwrap().retain(|lid, _| !lid.starts_with(&prefix));
            }
            types.retain(|_, items| !items.as_object().unwrap().is_empty());
        }
    }
    json
}

#[test]
fn snapshot_three_azs_nat_per_az() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    insta::assert_json_snapshot!(without_flow_logs_internals(json, "production"));
}

#[test]
fn snapshot_two_azs_single_nat_with_eks_tags() {
    let json = testing::synth(|stack| {
        TieredVpc::new(
            stack,
            "platform",
            props("10.30.0.0/20")
                .azs(2)
                .nat_gateways(NatGateways::Single)
                .eks_cluster_tags("platform")
                .build()
                .unwrap(),
        )
        .unwrap();
    });
    insta::assert_json_snapshot!(without_flow_logs_internals(json, "platform"));
}

#[test]
fn three_subnets_per_az_carved_tier_by_tier() {
    let json = testing::synth(|stack| {
        let vpc = production(stack);
        assert_eq!(vpc.azs(), 3);
        let cidrs = |t| vpc.subnet_cidrs(t).iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(cidrs(Tier::Public), ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"]);
        assert_eq!(cidrs(Tier::App), ["10.10.48.0/20", "10.10.64.0/20", "10.10.80.0/20"]);
        assert_eq!(cidrs(Tier::Data), ["10.10.96.0/20", "10.10.112.0/20", "10.10.128.0/20"]);
        for tier in Tier::ALL {
            assert_eq!(vpc.subnets(tier).len(), 3);
            assert_eq!(vpc.subnet_ids(tier).len(), 3);
        }
        assert_eq!(vpc.route_tables(Tier::Public).len(), 1);
        assert_eq!(vpc.route_tables(Tier::App).len(), 3);
        assert_eq!(vpc.route_tables(Tier::Data).len(), 3);
    });
    assert_eq!(testing::resources(&json, "aws_subnet").len(), 9);
    for (tier, _) in [("public", 0), ("app", 1), ("data", 2)] {
        let zones: Vec<String> =
            subnets(&json, tier).iter().map(|(_, s)| s["availability_zone"].as_str().unwrap().to_string()).collect();
        assert_eq!(zones.len(), 3);
        for (i, z) in zones.iter().enumerate() {
            assert!(z.ends_with(&format!(".names[{i}]}}")), "{tier} subnet {i} is in {z}");
        }
    }
    assert_has_resource!(json, "aws_vpc", { "cidr_block": "10.10.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true });
}

#[test]
fn data_tier_subnets_have_no_internet_route() {
    for nat in [NatGateways::PerAz, NatGateways::Single] {
        let json = testing::synth(|stack| {
            TieredVpc::new(stack, "production", props("10.10.0.0/16").nat_gateways(nat).build().unwrap()).unwrap();
        });
        let data = subnets(&json, "data");
        assert_eq!(data.len(), 3);
        for (subnet, _) in data {
            let table = route_table_of(&json, subnet);
            let body = &json["resource"]["aws_route_table"][table];
            assert_eq!(body["tags"]["Tier"], "data", "data subnet {subnet} uses a non-data route table {table}");
            assert!(body.get("route").is_none(), "data route table {table} has inline routes");
            let routes = routes_of(&json, table);
            assert!(
                !routes.iter().any(|r| is_internet_route(r)),
                "data subnet {subnet} has an internet route: {routes:?}"
            );
            assert!(routes.is_empty(), "data subnet {subnet} has routes {routes:?}");
        }
    }
}

#[test]
fn data_tier_internet_egress_is_a_named_opt_out() {
    let json = testing::synth(|stack| {
        TieredVpc::new(stack, "production", props("10.10.0.0/16").allow_data_tier_internet_egress().build().unwrap())
            .unwrap();
    });
    for (subnet, _) in subnets(&json, "data") {
        let routes = routes_of(&json, route_table_of(&json, subnet));
        assert_eq!(routes.len(), 1);
        assert!(routes[0].get("nat_gateway_id").is_some(), "{routes:?}");
    }
}

#[test]
fn public_tier_routes_to_the_internet_gateway_and_maps_no_public_ips_unless_asked() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    for (subnet, body) in testing::resources(&json, "aws_subnet") {
        assert_eq!(body["map_public_ip_on_launch"], false, "map_public_ip_on_launch of {subnet}");
    }
    let opted_in = testing::synth(|stack| {
        TieredVpc::new(stack, "production", props("10.10.0.0/16").public_ip_on_launch().build().unwrap()).unwrap();
    });
    for (subnet, body) in testing::resources(&opted_in, "aws_subnet") {
        let public = body["tags"]["Tier"] == "public";
        assert_eq!(body["map_public_ip_on_launch"], public, "map_public_ip_on_launch of {subnet} with the opt-out");
    }
    let tables: Vec<&str> = subnets(&json, "public").iter().map(|(s, _)| route_table_of(&json, s)).collect();
    assert!(tables.windows(2).all(|w| w[0] == w[1]), "public subnets share one route table");
    let routes = routes_of(&json, tables[0]);
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0]["destination_cidr_block"], "0.0.0.0/0");
    assert!(routes[0]["gateway_id"].as_str().unwrap().starts_with("${aws_internet_gateway."));
}

#[test]
fn app_tier_leaves_through_the_nat_gateway_of_its_own_az() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    let nats = testing::resources(&json, "aws_nat_gateway");
    assert_eq!(nats.len(), 3, "a NAT gateway per AZ by default");
    let public: Vec<&str> = subnets(&json, "public").iter().map(|(id, _)| *id).collect();
    for (az, (subnet, _)) in subnets(&json, "app").iter().enumerate() {
        let routes = routes_of(&json, route_table_of(&json, subnet));
        assert_eq!(routes.len(), 1);
        let nat = target(&routes[0]["nat_gateway_id"]);
        let nat_subnet = target(&json["resource"]["aws_nat_gateway"][nat]["subnet_id"]);
        assert_eq!(nat_subnet, public[az], "app subnet {az} leaves through another AZ's NAT");
    }
    for (_, nat) in nats {
        assert!(nat["depends_on"][0].as_str().unwrap().starts_with("aws_internet_gateway."));
        assert!(nat["allocation_id"].as_str().unwrap().starts_with("${aws_eip."));
    }
}

#[test]
fn single_nat_gateway_is_the_named_cost_option() {
    let json = testing::synth(|stack| {
        let vpc = TieredVpc::new(
            stack,
            "production",
            props("10.10.0.0/16").nat_gateways(NatGateways::Single).build().unwrap(),
        )
        .unwrap();
        assert_eq!(vpc.nat_gateways().len(), 1);
        assert_eq!(vpc.elastic_ips().len(), 1);
    });
    let nats = testing::resources(&json, "aws_nat_gateway");
    assert_eq!(nats.len(), 1);
    for (subnet, _) in subnets(&json, "app") {
        let routes = routes_of(&json, route_table_of(&json, subnet));
        assert_eq!(target(&routes[0]["nat_gateway_id"]), nats[0].0);
    }
}

#[test]
fn default_security_group_and_main_route_table_are_taken_over_empty() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    assert_has_resource!(json, "aws_default_security_group", { "ingress": [], "egress": [] });
    assert_has_resource!(json, "aws_default_route_table", { "route": [] });
}

#[test]
fn db_subnet_group_spans_the_data_subnets() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    let groups = testing::resources(&json, "aws_db_subnet_group");
    assert_eq!(groups.len(), 1);
    let ids: Vec<&str> = groups[0].1["subnet_ids"].as_array().unwrap().iter().map(target).collect();
    let data: Vec<&str> = subnets(&json, "data").iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, data);
    // The name comes from the construct path, so equal ids under different parents do not collide.
    assert_eq!(groups[0].1["name"], "test-production-data-test");
}

#[test]
fn eks_tags_mark_load_balancer_and_karpenter_subnets_when_asked() {
    let json = testing::synth(|stack| {
        TieredVpc::new(stack, "production", props("10.10.0.0/16").eks_cluster_tags("platform").build().unwrap())
            .unwrap();
    });
    for (_, s) in subnets(&json, "public") {
        assert_eq!(s["tags"]["kubernetes.io/role/elb"], "1");
        assert_eq!(s["tags"]["kubernetes.io/cluster/platform-test"], "shared");
        assert!(s["tags"].get("karpenter.sh/discovery").is_none());
    }
    for (_, s) in subnets(&json, "app") {
        assert_eq!(s["tags"]["kubernetes.io/role/internal-elb"], "1");
        assert_eq!(s["tags"]["karpenter.sh/discovery"], "platform-test");
        assert_eq!(s["tags"]["kubernetes.io/cluster/platform-test"], "shared");
    }
    for (_, s) in subnets(&json, "data") {
        let keys: Vec<&String> = s["tags"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["Name", "Tier"], "the data tier carries no EKS tags");
    }

    let plain = testing::synth(|stack| {
        production(stack);
    });
    for (_, s) in testing::resources(&plain, "aws_subnet") {
        assert_eq!(s["tags"].as_object().unwrap().len(), 2, "no EKS tags unless asked");
    }
}

#[test]
fn every_name_carries_the_environment_suffix() {
    let json = testing::synth(|stack| {
        production(stack);
    });
    let mut seen = 0;
    for (ty, resources) in json["resource"].as_object().unwrap() {
        for (id, body) in resources.as_object().unwrap() {
            if let Some(name) = body.get("tags").and_then(|t| t.get("Name")) {
                assert!(name.as_str().unwrap().ends_with("-test"), "{ty}.{id} is tagged Name={name}");
                seen += 1;
            }
            if let Some(name) = body.get("name") {
                assert!(name.as_str().unwrap().ends_with("-test"), "{ty}.{id} is named {name}");
            }
        }
    }
    assert!(seen >= 25, "only {seen} Name tags");
}

#[test]
fn zone_ids_pin_the_lookup_by_identity() {
    let json = testing::synth(|stack| {
        TieredVpc::new(
            stack,
            "production",
            props("10.10.0.0/16").availability_zone_ids(["use1-az1", "use1-az2", "use1-az4"]).build().unwrap(),
        )
        .unwrap();
    });
    let lookups = json["data"]["aws_availability_zones"].as_object().unwrap();
    let lookup = lookups.values().next().unwrap();
    let filters = lookup["filter"].as_array().unwrap();
    assert!(
        filters
            .iter()
            .any(|f| f["name"] == "zone-id" && f["values"] == serde_json::json!(["use1-az1", "use1-az2", "use1-az4"])),
        "{filters:?}"
    );
    assert_eq!(lookup["lifecycle"]["postcondition"][0]["condition"], "${length(self.zone_ids) >= 3}");
    assert_eq!(subnets(&json, "app").len(), 3);
}

#[test]
fn named_availability_zones_replace_the_lookup() {
    let json = testing::synth(|stack| {
        TieredVpc::new(
            stack,
            "production",
            props("10.10.0.0/16").availability_zones(["eu-west-1a", "eu-west-1b"]).build().unwrap(),
        )
        .unwrap();
    });
    assert!(json["data"].get("aws_availability_zones").is_none(), "no aws_availability_zones lookup");
    let zones: Vec<&Value> = subnets(&json, "app").iter().map(|(_, s)| &s["availability_zone"]).collect();
    assert_eq!(zones, ["eu-west-1a", "eu-west-1b"]);
}

#[test]
fn flow_logs_go_to_both_destinations_by_default() {
    let json = testing::synth(|stack| {
        let vpc = production(stack);
        let fl = vpc.flow_logs().expect("flow logs are on by default");
        assert!(fl.log_group().is_some() && fl.bucket().is_some() && fl.glue_table().is_some());
    });
    let vpc = testing::resources(&json, "aws_vpc")[0].0;
    let logs = testing::resources(&json, "aws_flow_log");
    assert_eq!(logs.len(), 2);
    let mut destinations: Vec<&str> = logs.iter().map(|(_, l)| l["log_destination_type"].as_str().unwrap()).collect();
    destinations.sort();
    assert_eq!(destinations, ["cloud-watch-logs", "s3"]);
    for (_, l) in logs {
        assert_eq!(target(&l["vpc_id"]), vpc);
        assert_eq!(l["traffic_type"], "ALL");
    }

    let off = testing::synth(|stack| {
        let vpc =
            TieredVpc::new(stack, "production", props("10.10.0.0/16").without_flow_logs().build().unwrap()).unwrap();
        assert!(vpc.flow_logs().is_none());
    });
    assert!(testing::resources(&off, "aws_flow_log").is_empty());
}

#[test]
fn cidr_too_small_is_an_error() {
    assert_eq!(
        error(props("10.0.0.0/26").azs(3).build().unwrap()),
        "[network/production] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /24 or larger"
    );
    assert_eq!(
        error(props("10.0.0.0/26").azs(2).build().unwrap()),
        "[network/production] cidr 10.0.0.0/26 is too small for 2 AZs x 3 tiers: use /25 or larger"
    );
}

#[test]
fn az_count_out_of_range_is_an_error() {
    assert_eq!(
        error(props("10.0.0.0/16").azs(1).build().unwrap()),
        "[network/production] AZ count 1 is out of range: a TieredVpc spans 2 to 6 availability zones (a DB subnet group \
         needs subnets in at least 2): use azs(2) to azs(6)"
    );
    assert_eq!(
        error(props("10.0.0.0/16").azs(7).build().unwrap()),
        "[network/production] AZ count 7 is out of range: a TieredVpc spans 2 to 6 availability zones (a DB subnet group \
         needs subnets in at least 2): use azs(2) to azs(6)"
    );
}

#[test]
fn other_bad_input_is_an_error() {
    assert_eq!(
        error(props("10.0.0.0/8").build().unwrap()),
        "[network/production] cidr 10.0.0.0/8 is larger than a VPC may be (AWS allows /16 to /28): use a /16 or a \
         smaller block"
    );
    assert_eq!(
        error(props("10.0.0.1/16").build().unwrap()),
        "[network/production] `10.0.0.1/16` has host bits set: use the network address: 10.0.0.0/16"
    );
    assert_eq!(
        error(props("ten/16").build().unwrap()),
        "[network/production] `ten/16` is not an IPv4 CIDR block: write it as ADDRESS/PREFIX, e.g. 10.0.0.0/16"
    );
    assert_eq!(
        error(props("10.0.0.0/16").availability_zones(["us-east-1a", "us-east-1a"]).build().unwrap()),
        "[network/production] availability zone `us-east-1a` is empty or listed twice: list distinct zone names, \
         e.g. [\"us-east-1a\", \"us-east-1b\"]"
    );
    assert_eq!(
        TieredVpcProps::builder().build().unwrap_err().to_string(),
        "[TieredVpcProps] cidr is not set: call `.cidr(\"10.0.0.0/16\")` on the builder"
    );
}

#[test]
fn a_tiered_vpc_in_another_account_takes_its_flow_logs_along() {
    use konductor_aws::providers::AwsProvider;
    use konductor_core::Construct;
    let json = testing::synth(|stack| {
        AwsProvider::builder(stack, "aws").region("us-east-1").build();
        let pci = AwsProvider::builder(stack, "pci").region("us-east-1").alias("pci").build();
        let account = Construct::new(stack, "pci-account").with_provider(&pci);
        TieredVpc::new(&account, "vpc", props("10.40.0.0/16").build().unwrap()).unwrap();
    });
    let mut count = 0;
    for block in ["resource", "data"] {
        for (tf_type, items) in json[block].as_object().unwrap() {
            for (id, body) in items.as_object().unwrap() {
                if tf_type == "terraform_remote_state" {
                    continue;
                }
                assert_eq!(body["provider"], "aws.pci", "{block} {tf_type}.{id} is not in the PCI account");
                count += 1;
            }
        }
    }
    assert!(count > 40, "{count} elements");
    assert!(json["resource"]["aws_flow_log"].as_object().unwrap().len() == 2, "both flow log destinations");
}

#[test]
fn db_subnet_group_names_follow_the_construct_path() {
    use konductor_core::Construct;
    let json = testing::synth(|stack| {
        for team in ["payments", "ledger"] {
            let c = Construct::new(stack, team);
            TieredVpc::new(
                &c,
                "vpc",
                props(if team == "payments" { "10.50.0.0/16" } else { "10.51.0.0/16" }).build().unwrap(),
            )
            .unwrap();
        }
    });
    let mut names: Vec<String> = json["resource"]["aws_db_subnet_group"]
        .as_object()
        .unwrap()
        .values()
        .map(|g| g["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, ["test-ledger-vpc-data-test", "test-payments-vpc-data-test"]);
}
