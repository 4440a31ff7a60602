//! ZeroTrustVpc: snapshots, and assertions that name each requirement (no internet gateway or NAT, no
//! public IPs, the defaults taken over with no rules, deterministic subnets, gateway endpoints on every
//! route table, one interface endpoint per service in each AZ's subnet behind a 443-from-the-VPC security
//! group, organization-only endpoint policies, flow logs to both destinations, the Transit Gateway
//! attachment and routes, names with the environment suffix), the error text of every bad input, and the
//! synthesized stack checked against the provider schema.

use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps, ZeroTrustVpcPropsBuilder};
use konductor_core::{assert_has_resource, testing, App, Environment, Stack};
use serde_json::Value;

const ORG: &str = "o-a1b2c3d4e5";

fn props(cidr: &str) -> ZeroTrustVpcPropsBuilder {
    ZeroTrustVpcProps::builder().cidr(cidr)
}

/// The full design: two tiers, the EKS preset, organization-only policies and a Transit Gateway.
fn full() -> ZeroTrustVpcProps {
    props("10.20.0.0/16")
        .tiers(["app", "data"])
        .interface_endpoints(EndpointPreset::EksPrivate)
        .organization_id(ORG)
        .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16", "172.16.0.0/12"])
        .build()
        .unwrap()
}

fn full_json() -> Value {
    testing::synth(|stack| {
        ZeroTrustVpc::new(stack, "vpc", full()).unwrap();
    })
}

fn minimal_json() -> Value {
    testing::synth(|stack| {
        ZeroTrustVpc::new(stack, "vpc", props("10.0.0.0/16").build().unwrap()).unwrap();
    })
}

/// The logical id inside a reference `${TYPE.ID.attr}`.
fn target(reference: &Value) -> &str {
    let s = reference.as_str().unwrap_or_else(|| panic!("not a reference: {reference}"));
    s.trim_start_matches("${").trim_end_matches('}').split('.').nth(1).unwrap()
}

fn targets(list: &Value) -> Vec<&str> {
    list.as_array().unwrap_or_else(|| panic!("not a list: {list}")).iter().map(target).collect()
}

/// The logical ids of the subnets whose `Tier` tag is `tier`, in AZ order.
fn subnet_ids<'a>(json: &'a Value, tier: &str) -> Vec<&'a str> {
    let mut subnets: Vec<(&str, &Value)> =
        testing::resources(json, "aws_subnet").into_iter().filter(|(_, s)| s["tags"]["Tier"] == tier).collect();
    subnets.sort_by_key(|(_, s)| s["tags"]["Name"].as_str().unwrap().to_string());
    subnets.into_iter().map(|(id, _)| id).collect()
}

/// The error of building a `vpc` in stack `network` of environment `dev`.
fn error(props: ZeroTrustVpcProps) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    ZeroTrustVpc::new(&stack, "vpc", props).unwrap_err().to_string()
}

#[test]
fn snapshot_minimal() {
    insta::assert_json_snapshot!(minimal_json());
}

#[test]
fn snapshot_full() {
    insta::assert_json_snapshot!(full_json());
}

#[test]
fn no_internet_gateway_nat_or_route_out_of_the_vpc() {
    for json in [minimal_json(), full_json()] {
        for tf_type in ["aws_internet_gateway", "aws_egress_only_internet_gateway", "aws_nat_gateway", "aws_eip"] {
            assert!(testing::resources(&json, tf_type).is_empty(), "a ZeroTrustVpc has no {tf_type}");
        }
        for (id, table) in testing::resources(&json, "aws_route_table") {
            assert!(table.get("route").is_none(), "route table {id} has inline routes");
        }
        for (id, route) in testing::resources(&json, "aws_route") {
            assert!(route.get("gateway_id").is_none() && route.get("nat_gateway_id").is_none(), "{id}");
            assert_ne!(route["destination_cidr_block"], "0.0.0.0/0", "{id}");
            assert!(route["transit_gateway_id"].is_string(), "route {id} goes only to the Transit Gateway");
        }
    }
}

#[test]
fn every_subnet_is_without_public_ips() {
    let json = full_json();
    let subnets = testing::resources(&json, "aws_subnet");
    assert_eq!(subnets.len(), 2 * 3 + 3, "2 tiers and the attachment subnets, in 3 AZs");
    for (id, s) in subnets {
        assert_eq!(s["map_public_ip_on_launch"], false, "subnet {id}");
    }
}

#[test]
fn default_security_group_network_acl_and_route_table_are_taken_over_with_no_rules() {
    let json = minimal_json();
    let sg = &testing::resources(&json, "aws_default_security_group")[0].1;
    assert_eq!(sg["ingress"], serde_json::json!([]));
    assert_eq!(sg["egress"], serde_json::json!([]));
    let acl = &testing::resources(&json, "aws_default_network_acl")[0].1;
    assert!(acl.get("ingress").is_none() && acl.get("egress").is_none(), "{acl}");
    assert!(acl["default_network_acl_id"].as_str().unwrap().ends_with(".default_network_acl_id}"));
    let rt = &testing::resources(&json, "aws_default_route_table")[0].1;
    assert_eq!(rt["route"], serde_json::json!([]));
    // Every subnet is on the construct's network ACL, so none falls back to the default one.
    let acl = &testing::resources(&json, "aws_network_acl")[0].1;
    let mut on_acl = targets(&acl["subnet_ids"]);
    on_acl.sort();
    let mut all: Vec<&str> = testing::resources(&json, "aws_subnet").into_iter().map(|(id, _)| id).collect();
    all.sort();
    assert_eq!(on_acl, all);
}

#[test]
fn network_acl_allows_the_vpc_on_premises_and_https_to_gateway_endpoints_only() {
    let json = full_json();
    let acl = &testing::resources(&json, "aws_network_acl")[0].1;
    let rules = |dir: &str| -> Vec<(i64, String, String, i64, i64)> {
        acl[dir]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                assert_eq!(r["action"], "allow");
                (
                    r["rule_no"].as_i64().unwrap(),
                    r["protocol"].as_str().unwrap().to_string(),
                    r["cidr_block"].as_str().unwrap().to_string(),
                    r["from_port"].as_i64().unwrap(),
                    r["to_port"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let all = |n: i64, cidr: &str| (n, "-1".to_string(), cidr.to_string(), 0, 0);
    assert_eq!(
        rules("egress"),
        [
            all(100, "10.20.0.0/16"),
            all(110, "192.168.0.0/16"),
            all(120, "172.16.0.0/12"),
            (900, "tcp".into(), "0.0.0.0/0".into(), 443, 443)
        ]
    );
    assert_eq!(
        rules("ingress"),
        [
            all(100, "10.20.0.0/16"),
            all(110, "192.168.0.0/16"),
            all(120, "172.16.0.0/12"),
            // The replies' ephemeral range, split around RDP: no admin port is admitted from the internet.
            (900, "tcp".into(), "0.0.0.0/0".into(), 1024, 3388),
            (910, "tcp".into(), "0.0.0.0/0".into(), 3390, 65535)
        ]
    );
}

#[test]
fn subnets_are_carved_deterministically_tier_by_tier_and_az_by_az() {
    let json = full_json();
    let cidrs = |tier: &str| -> Vec<String> {
        subnet_ids(&json, tier)
            .into_iter()
            .map(|id| json["resource"]["aws_subnet"][id]["cidr_block"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(cidrs("app"), ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
    assert_eq!(cidrs("data"), ["10.20.96.0/19", "10.20.128.0/19", "10.20.160.0/19"]);
    assert_eq!(cidrs("transit"), ["10.20.192.0/28", "10.20.192.16/28", "10.20.192.32/28"]);
    // AZs come from the region, in order.
    for (i, id) in subnet_ids(&json, "app").into_iter().enumerate() {
        let az = json["resource"]["aws_subnet"][id]["availability_zone"].as_str().unwrap();
        assert!(az.starts_with("${data.aws_availability_zones.") && az.ends_with(&format!(".names[{i}]}}")), "{az}");
    }
    // The same props give the same bytes.
    assert_eq!(full_json(), full_json());
}

#[test]
fn each_subnet_has_its_own_route_table() {
    let json = full_json();
    let associations = testing::resources(&json, "aws_route_table_association");
    assert_eq!(associations.len(), 9);
    let mut tables: Vec<&str> = associations.iter().map(|(_, a)| target(&a["route_table_id"])).collect();
    tables.sort();
    tables.dedup();
    assert_eq!(tables.len(), 7, "6 private route tables and the transit route table");
}

#[test]
fn gateway_endpoints_for_s3_and_dynamodb_are_on_every_route_table() {
    let json = full_json();
    let mut every_table: Vec<&str> =
        testing::resources(&json, "aws_route_table").into_iter().map(|(id, _)| id).collect();
    every_table.sort();
    let gateways: Vec<&Value> = testing::resources(&json, "aws_vpc_endpoint")
        .into_iter()
        .filter(|(_, e)| e["vpc_endpoint_type"] == "Gateway")
        .map(|(_, e)| e)
        .collect();
    assert_eq!(gateways.len(), 2);
    for service in ["s3", "dynamodb"] {
        let e = gateways
            .iter()
            .find(|e| e["service_name"].as_str().unwrap().ends_with(&format!("}}.{service}")))
            .unwrap_or_else(|| panic!("no gateway endpoint for {service}"));
        assert!(e["service_name"].as_str().unwrap().starts_with("com.amazonaws.${data.aws_region."));
        let mut tables = targets(&e["route_table_ids"]);
        tables.sort();
        assert_eq!(tables, every_table, "{service}");
    }
}

#[test]
fn one_interface_endpoint_per_requested_service_in_each_az_subnet() {
    let json = full_json();
    let app_subnets = subnet_ids(&json, "app");
    let sg = testing::resources(&json, "aws_security_group");
    assert_eq!(sg.len(), 1);
    let interfaces: Vec<&Value> = testing::resources(&json, "aws_vpc_endpoint")
        .into_iter()
        .filter(|(_, e)| e["vpc_endpoint_type"] == "Interface")
        .map(|(_, e)| e)
        .collect();
    assert_eq!(interfaces.len(), EndpointPreset::EksPrivate.services().len());
    for service in EndpointPreset::EksPrivate.services() {
        let matching: Vec<&&Value> = interfaces
            .iter()
            .filter(|e| e["service_name"].as_str().unwrap().ends_with(&format!("}}.{service}")))
            .collect();
        assert_eq!(matching.len(), 1, "one endpoint for {service}");
        let e = matching[0];
        let mut subnets = targets(&e["subnet_ids"]);
        subnets.sort();
        let mut expected = app_subnets.clone();
        expected.sort();
        assert_eq!(subnets, expected, "{service}: one network interface in each AZ's subnet of the first tier");
        assert_eq!(e["private_dns_enabled"], true, "{service}");
        assert_eq!(targets(&e["security_group_ids"]), [sg[0].0], "{service}");
    }
}

#[test]
fn endpoint_security_group_allows_only_https_from_the_vpc() {
    let json = full_json();
    let rules = testing::resources(&json, "aws_vpc_security_group_ingress_rule");
    assert_eq!(rules.len(), 1);
    let rule = rules[0].1;
    assert_eq!(rule["ip_protocol"], "tcp");
    assert_eq!((rule["from_port"].as_i64(), rule["to_port"].as_i64()), (Some(443), Some(443)));
    assert_eq!(rule["cidr_ipv4"], "10.20.0.0/16");
    assert!(testing::resources(&json, "aws_vpc_security_group_egress_rule").is_empty());
    let sg = testing::resources(&json, "aws_security_group")[0].1;
    assert!(sg.get("ingress").is_none() && sg.get("egress").is_none());
}

#[test]
fn endpoint_policies_admit_only_the_organization() {
    let json = full_json();
    let endpoints = testing::resources(&json, "aws_vpc_endpoint");
    assert_eq!(endpoints.len(), 18);
    for (id, e) in endpoints {
        assert_eq!(
            e["policy"],
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"OrganizationPrincipalsOnly","Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalOrgID":"{ORG}"}}}}}}]}}"#
            ),
            "{id}"
        );
    }
    // Without an organization, the endpoints keep AWS's default policy.
    let json = minimal_json();
    for (id, e) in testing::resources(&json, "aws_vpc_endpoint") {
        assert!(e.get("policy").is_none(), "{id}");
    }
}

#[test]
fn flow_logs_go_to_both_destinations() {
    let json = full_json();
    let vpc = testing::resources(&json, "aws_vpc")[0].0;
    let logs = testing::resources(&json, "aws_flow_log");
    let mut kinds: Vec<&str> = logs.iter().map(|(_, f)| f["log_destination_type"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["cloud-watch-logs", "s3"]);
    for (_, f) in logs {
        assert_eq!(target(&f["vpc_id"]), vpc);
        assert_eq!(f["traffic_type"], "ALL");
        assert_eq!(f["max_aggregation_interval"], 60);
    }
    // The VPC's data sources are shared with its flow logs.
    assert_eq!(json["data"]["aws_region"].as_object().unwrap().len(), 1);
}

#[test]
fn transit_gateway_attachment_uses_dedicated_subnets_and_routes_on_premises_from_every_private_table() {
    let json = full_json();
    let attachment = &testing::resources(&json, "aws_ec2_transit_gateway_vpc_attachment")[0];
    assert_eq!(attachment.1["transit_gateway_id"], "tgw-0123456789abcdef0");
    let mut subnets = targets(&attachment.1["subnet_ids"]);
    subnets.sort();
    let mut transit = subnet_ids(&json, "transit");
    transit.sort();
    assert_eq!(subnets, transit);
    let routes = testing::resources(&json, "aws_route");
    assert_eq!(routes.len(), 6 * 2, "2 on-premises blocks in each of the 6 private route tables");
    let private: Vec<&str> = testing::resources(&json, "aws_route_table")
        .into_iter()
        .filter(|(_, t)| !t["tags"]["Name"].as_str().unwrap().contains("transit"))
        .map(|(id, _)| id)
        .collect();
    for table in private {
        let mut dest: Vec<&str> = routes
            .iter()
            .filter(|(_, r)| target(&r["route_table_id"]) == table)
            .map(|(_, r)| {
                assert_eq!(target(&r["transit_gateway_id"]), attachment.0, "routes wait for the attachment");
                r["destination_cidr_block"].as_str().unwrap()
            })
            .collect();
        dest.sort();
        assert_eq!(dest, ["172.16.0.0/12", "192.168.0.0/16"], "{table}");
    }
}

#[test]
fn transit_gateway_may_be_an_expression() {
    let json = testing::synth(|stack| {
        let p = props("10.20.0.0/16")
            .transit_gateway(konductor_core::Expr::var("transit_gateway_id"), ["192.168.0.0/16"])
            .build()
            .unwrap();
        ZeroTrustVpc::new(stack, "vpc", p).unwrap();
    });
    assert_has_resource!(json, "aws_ec2_transit_gateway_vpc_attachment", { "transit_gateway_id": "${var.transit_gateway_id}" });
}

#[test]
fn every_name_carries_the_environment_suffix() {
    let json = full_json();
    for (tf_type, resources) in json["resource"].as_object().unwrap() {
        for (id, r) in resources.as_object().unwrap() {
            let key = if tf_type == "aws_s3_bucket" { "bucket" } else { "name" };
            {
                if let Some(name) = r.get(key).and_then(Value::as_str) {
                    assert!(name.ends_with("-test"), "{tf_type}.{id}.{key} = {name}");
                }
            }
            if let Some(name) = r.get("tags").and_then(|t| t.get("Name")).and_then(Value::as_str) {
                assert!(name.ends_with("-test"), "{tf_type}.{id} tag Name = {name}");
            }
        }
    }
    assert_has_resource!(json, "aws_vpc", { "tags": { "Name": "test-vpc-test" } });
    assert_has_resource!(json, "aws_security_group", { "name": "test-vpc-endpoints-test" });
}

#[test]
fn handles_expose_what_was_made() {
    testing::synth(|stack| {
        let vpc = ZeroTrustVpc::new(stack, "vpc", full()).unwrap();
        assert_eq!(vpc.vpc_id().to_string(), format!("${{aws_vpc.{}.id}}", vpc.vpc().logical_id()));
        assert_eq!(vpc.subnets("data").len(), 3);
        assert_eq!(vpc.route_tables().len(), 6);
        assert_eq!(vpc.endpoints().len(), 18);
        assert!(vpc.endpoint("ecr.dkr").is_some() && vpc.endpoint("s3").is_some());
        assert_eq!(vpc.tier("app").unwrap().subnet_cidrs()[2].to_string(), "10.20.64.0/19");
        assert_eq!(vpc.transit().unwrap().destinations().len(), 2);
        assert!(vpc.flow_logs().glue_table().is_some());
        assert!(vpc.endpoint_security_group().is_some());
    });
}

#[test]
fn endpoint_tier_and_extra_services() {
    let json = testing::synth(|stack| {
        let p = props("10.20.0.0/16")
            .tiers(["app", "data"])
            .endpoint_tier("data")
            .interface_endpoints(
                konductor_aws::network::EndpointSelection::from(EndpointPreset::SessionManager).and(["s3"]),
            )
            .unlisted_interface_endpoint("brand-new-service")
            .build()
            .unwrap();
        ZeroTrustVpc::new(stack, "vpc", p).unwrap();
    });
    let data = subnet_ids(&json, "data");
    let interfaces: Vec<&Value> = testing::resources(&json, "aws_vpc_endpoint")
        .into_iter()
        .filter(|(_, e)| e["vpc_endpoint_type"] == "Interface")
        .map(|(_, e)| e)
        .collect();
    assert_eq!(interfaces.len(), 5);
    for e in &interfaces {
        let mut subnets = targets(&e["subnet_ids"]);
        subnets.sort();
        let mut expected = data.clone();
        expected.sort();
        assert_eq!(subnets, expected);
    }
    // An S3 interface endpoint beside the gateway answers on-premises resolvers only.
    let s3 = interfaces.iter().find(|e| e["service_name"].as_str().unwrap().ends_with("}.s3")).unwrap();
    assert_eq!(s3["dns_options"]["private_dns_only_for_inbound_resolver_endpoint"], true);
    assert!(interfaces.iter().any(|e| e["service_name"].as_str().unwrap().ends_with("}.brand-new-service")));
}

// Bad input: the exact error text.

#[test]
fn cidr_too_small_says_which_prefix_fits() {
    assert_eq!(
        error(props("10.0.0.0/26").tiers(["app", "data", "db"]).build().unwrap()),
        "[network/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /24 or larger"
    );
    assert_eq!(
        error(props("10.0.0.0/26").interface_endpoints(EndpointPreset::EksPrivate).build().unwrap()),
        "[network/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 1 tier with 16 interface endpoints per subnet: use /25 \
         or larger"
    );
    assert_eq!(
        error(props("10.0.0.0/27").azs(2).transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap()),
        "[network/vpc] cidr 10.0.0.0/27 is too small for 2 AZs x 1 tier and the transit gateway subnets: use /25 or larger"
    );
    assert_eq!(
        props("10.0.0.0/12").build().unwrap_err().to_string(),
        "[ZeroTrustVpcProps] VPC CIDR block 10.0.0.0/12 has a /12 prefix, outside what AWS allows: use a prefix from /16 \
         to /28"
    );
}

#[test]
fn az_count_out_of_range() {
    for azs in [1, 7] {
        assert_eq!(
            props("10.0.0.0/16").azs(azs).build().unwrap_err().to_string(),
            format!("[ZeroTrustVpcProps] {azs} availability zones is out of range: use 2 to 6")
        );
    }
    assert!(props("10.0.0.0/16").azs(6).build().is_ok());
}

#[test]
fn endpoint_service_that_does_not_exist() {
    let e = |names: &[&str]| props("10.0.0.0/16").interface_endpoints(names).build().unwrap_err().to_string();
    assert_eq!(
        e(&["ecr.api", "secretmanager"]),
        "[ZeroTrustVpcProps] `secretmanager` is not an AWS service with VPC endpoints: did you mean `secretsmanager`?"
    );
    assert_eq!(
        e(&["ecr"]),
        "[ZeroTrustVpcProps] `ecr` is not an AWS service with VPC endpoints: did you mean one of `ecr.api`, `ecr.dkr`?"
    );
    assert_eq!(
        e(&["teleporter"]),
        "[ZeroTrustVpcProps] `teleporter` is not an AWS service with VPC endpoints: use a short name from \
         `konductor_aws::network::ENDPOINT_SERVICES` (the part after `com.amazonaws.<region>.`), or \
         `.unlisted_interface_endpoint(...)` for a service that is not listed yet"
    );
}

#[test]
fn other_bad_input() {
    let e = |b: ZeroTrustVpcPropsBuilder| b.build().unwrap_err().to_string();
    assert_eq!(
        e(ZeroTrustVpcProps::builder()),
        "[ZeroTrustVpcProps] no VPC CIDR block given: call `.cidr(\"10.0.0.0/16\")` with a private range"
    );
    assert_eq!(
        e(props("10.0.0.1/16")),
        "[ZeroTrustVpcProps] `10.0.0.1/16` has host bits set: use the network address: 10.0.0.0/16"
    );
    assert_eq!(
        e(props("10.0.0.0/16").transit_gateway("tgw-1", ["10.0.128.0/17"])),
        "[ZeroTrustVpcProps] on-premises CIDR block 10.0.128.0/17 overlaps the VPC CIDR block 10.0.0.0/16: route only \
         networks outside the VPC through the Transit Gateway"
    );
    assert_eq!(
        e(props("10.0.0.0/16").organization_id("my-org")),
        "[ZeroTrustVpcProps] `my-org` is not an AWS Organizations id: give the organization id, `o-` and 10 to 32 \
         lowercase letters or digits (see `aws organizations describe-organization`)"
    );
    assert_eq!(
        e(props("10.0.0.0/16").tiers(["App"])),
        "[ZeroTrustVpcProps] tier name `App` is not lowercase letters, digits and hyphens starting with a letter: name \
         tiers like `app` or `data-1`"
    );
    assert_eq!(
        e(props("10.0.0.0/16").tiers(["app", "app"])),
        "[ZeroTrustVpcProps] tier `app` is given twice: give each tier once"
    );
    assert_eq!(
        e(props("10.0.0.0/16").tiers(["app"]).endpoint_tier("data")),
        "[ZeroTrustVpcProps] endpoint tier `data` is not one of the tiers (app): name one of the tiers in \
         `.endpoint_tier(...)`"
    );
}

#[test]
fn synthesized_stack_passes_the_provider_schema_check() {
    let validator = std::path::Path::new("../../shared/schemas/validate_tf_json.py");
    let validator = if validator.exists() {
        validator.to_path_buf()
    } else {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas/validate_tf_json.py")
    };
    if !validator.exists() {
        eprintln!("skipped: {} not found", validator.display());
        return;
    }
    let dir = std::env::temp_dir().join(format!("konductor-zero-trust-vpc-{}", std::process::id()));
    let app = App::with_outdir(&dir);
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    ZeroTrustVpc::new(&stack, "vpc", full()).unwrap();
    ZeroTrustVpc::new(&stack, "minimal", props("10.30.0.0/16").azs(2).build().unwrap()).unwrap();
    app.synth().unwrap();
    let out = std::process::Command::new("python3").arg(&validator).arg(&dir).output();
    if std::env::var_os("KEEP_SYNTH").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    } else {
        eprintln!("kept {}", dir.display());
    }
    let Ok(out) = out else {
        eprintln!("skipped: python3 not available");
        return;
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    eprintln!("validate_tf_json.py: {last}");
    assert!(out.status.success() && last.starts_with("0 errors"), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn zone_ids_pin_the_availability_zones_by_identity() {
    let json = testing::synth(|stack| {
        ZeroTrustVpc::new(
            stack,
            "vpc",
            props("10.20.0.0/16").availability_zone_ids(["use1-az1", "use1-az4"]).build().unwrap(),
        )
        .unwrap();
    });
    let lookup = json["data"]["aws_availability_zones"].as_object().unwrap().values().next().unwrap().clone();
    let filters = lookup["filter"].as_array().unwrap();
    assert!(
        filters.iter().any(|f| f["name"] == "zone-id" && f["values"] == serde_json::json!(["use1-az1", "use1-az4"])),
        "{filters:?}"
    );
    assert_eq!(lookup["lifecycle"]["postcondition"][0]["condition"], "${length(self.zone_ids) >= 2}");
    assert_eq!(subnet_ids(&json, "private").len(), 2, "one subnet per pinned zone");
    let e = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").availability_zone_ids(["use1-az1"]).build().unwrap_err();
    assert_eq!(e.to_string(), "[ZeroTrustVpcProps] 1 availability zones is out of range: use 2 to 6");
}
