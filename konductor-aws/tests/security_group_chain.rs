//! SecurityGroupChain: a snapshot, and assertions that name each requirement of the tier matrix (ALB 80/443
//! from the given networks; app port only from the ALB; admin ports only from the DevOps networks; database
//! port only from the app; egress only to the next hop; separate rule resources; names with the environment
//! suffix), plus the error text of every bad input.

use konductor_aws::network::{SecurityGroupChain, SecurityGroupChainProps, SecurityGroupChainPropsBuilder};
use konductor_core::{assert_has_resource, testing, App, Environment, Stack};
use serde_json::Value;

fn props() -> SecurityGroupChainPropsBuilder {
    SecurityGroupChainProps::builder()
        .vpc_id("vpc-0123456789abcdef0")
        .alb_ingress_cidrs(["0.0.0.0/0", "::/0"])
        .app_port(8080)
        .db_port(5432)
        .devops_cidrs(["10.99.0.0/24", "10.98.0.0/24"])
}

fn chain_json(props: SecurityGroupChainPropsBuilder) -> Value {
    testing::synth(|stack| {
        SecurityGroupChain::new(stack, "chain", props.build().unwrap()).unwrap();
    })
}

/// The logical id inside a reference `${TYPE.ID.attr}`.
fn target(reference: &Value) -> &str {
    let s = reference.as_str().unwrap_or_else(|| panic!("not a reference: {reference}"));
    s.trim_start_matches("${").trim_end_matches('}').split('.').nth(1).unwrap()
}

/// The logical id of the group tagged `Tier = tier`.
fn group(json: &Value, tier: &str) -> String {
    let g: Vec<_> =
        testing::resources(json, "aws_security_group").into_iter().filter(|(_, g)| g["tags"]["Tier"] == tier).collect();
    assert_eq!(g.len(), 1);
    g[0].0.to_string()
}

/// The rules of `kind` (ingress or egress) of the group `group`.
fn rules<'a>(json: &'a Value, kind: &str, group: &str) -> Vec<&'a Value> {
    testing::resources(json, &format!("aws_vpc_security_group_{kind}_rule"))
        .into_iter()
        .filter(|(_, r)| target(&r["security_group_id"]) == group)
        .map(|(_, r)| r)
        .collect()
}

/// Where a rule points: its block, or `sg:<logical id>`.
fn peer(rule: &Value) -> String {
    if let Some(g) = rule.get("referenced_security_group_id") {
        return format!("sg:{}", target(g));
    }
    rule.get("cidr_ipv4").or_else(|| rule.get("cidr_ipv6")).and_then(Value::as_str).unwrap().to_string()
}

fn port(rule: &Value) -> u64 {
    assert_eq!(rule["from_port"], rule["to_port"], "one port per rule: {rule}");
    assert_eq!(rule["ip_protocol"], "tcp");
    rule["from_port"].as_u64().unwrap()
}

/// The error of building the chain from `props` in stack `network` of environment `dev`.
fn error(props: SecurityGroupChainPropsBuilder) -> String {
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    SecurityGroupChain::new(&stack, "chain", props.build().unwrap()).unwrap_err().to_string()
}

#[test]
fn snapshot() {
    insta::assert_json_snapshot!(chain_json(props()));
}

#[test]
fn alb_takes_443_only_from_the_given_networks_by_default() {
    let json = chain_json(props());
    let alb = group(&json, "alb");
    let mut seen: Vec<(u64, String)> = rules(&json, "ingress", &alb).iter().map(|r| (port(r), peer(r))).collect();
    seen.sort();
    assert_eq!(seen, [(443, "0.0.0.0/0".to_string()), (443, "::/0".to_string())]);
}

#[test]
fn the_http_redirect_opt_out_opens_80_too() {
    let json = chain_json(props().alb_http_redirect());
    let alb = group(&json, "alb");
    let mut seen: Vec<(u64, String)> = rules(&json, "ingress", &alb).iter().map(|r| (port(r), peer(r))).collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            (80, "0.0.0.0/0".to_string()),
            (80, "::/0".to_string()),
            (443, "0.0.0.0/0".to_string()),
            (443, "::/0".to_string())
        ]
    );
}

#[test]
fn app_port_is_open_to_the_alb_group_only() {
    let json = chain_json(props());
    let (alb, app) = (group(&json, "alb"), group(&json, "app"));
    let app_port: Vec<String> =
        rules(&json, "ingress", &app).into_iter().filter(|r| port(r) == 8080).map(peer).collect();
    assert_eq!(app_port, [format!("sg:{alb}")]);
}

#[test]
fn the_admin_port_rule_refers_only_to_the_devops_cidrs() {
    let json = chain_json(props());
    let app = group(&json, "app");
    let devops = ["10.99.0.0/24", "10.98.0.0/24"];
    let mut admin = 0;
    for kind in ["ingress", "egress"] {
        for (id, r) in testing::resources(&json, &format!("aws_vpc_security_group_{kind}_rule")) {
            let p = port(r);
            if p == 22 || p == 3389 {
                assert_eq!(kind, "ingress", "{id}");
                assert_eq!(target(&r["security_group_id"]), app, "admin port on another group: {id}");
                assert!(devops.contains(&peer(r).as_str()), "admin port {p} open to {}: {id}", peer(r));
                admin += 1;
            }
        }
    }
    assert_eq!(admin, 4, "22 and 3389 from each of the two DevOps networks");
}

#[test]
fn no_devops_cidrs_means_no_admin_access() {
    let json = chain_json(
        SecurityGroupChainProps::builder()
            .vpc_id("vpc-1")
            .alb_ingress_cidrs(["0.0.0.0/0"])
            .app_port(8080)
            .db_port(5432),
    );
    let app = group(&json, "app");
    let ports: Vec<u64> = rules(&json, "ingress", &app).into_iter().map(port).collect();
    assert_eq!(ports, [8080]);
}

#[test]
fn admin_ports_can_be_narrowed() {
    let json = chain_json(props().admin_ports([22]));
    let app = group(&json, "app");
    let mut ports: Vec<u64> = rules(&json, "ingress", &app).into_iter().map(port).collect();
    ports.sort();
    assert_eq!(ports, [22, 22, 8080]);
}

#[test]
fn database_port_is_open_to_the_app_group_only() {
    let json = chain_json(props());
    let (app, db) = (group(&json, "app"), group(&json, "db"));
    let ingress: Vec<(u64, String)> = rules(&json, "ingress", &db).into_iter().map(|r| (port(r), peer(r))).collect();
    assert_eq!(ingress, [(5432, format!("sg:{app}"))]);
}

#[test]
fn egress_is_restricted_to_what_the_chain_needs() {
    let json = chain_json(props());
    let (alb, app, db) = (group(&json, "alb"), group(&json, "app"), group(&json, "db"));
    let egress =
        |g: &str| -> Vec<(u64, String)> { rules(&json, "egress", g).into_iter().map(|r| (port(r), peer(r))).collect() };
    assert_eq!(egress(&alb), [(8080, format!("sg:{app}"))]);
    assert_eq!(egress(&app), [(5432, format!("sg:{db}"))]);
    assert!(egress(&db).is_empty());
    for (id, g) in testing::resources(&json, "aws_security_group") {
        assert!(g.get("ingress").is_none() && g.get("egress").is_none(), "{id} has inline rules");
        assert_eq!(g["revoke_rules_on_delete"], true);
        assert_eq!(g["vpc_id"], "vpc-0123456789abcdef0");
    }

    let with_https = chain_json(props().app_https_egress_cidrs(["0.0.0.0/0"]));
    let app = group(&with_https, "app");
    let mut e: Vec<(u64, String)> =
        rules(&with_https, "egress", &app).into_iter().map(|r| (port(r), peer(r))).collect();
    e.sort();
    assert_eq!(e[0], (443, "0.0.0.0/0".to_string()));
    assert_eq!(e.len(), 2);
}

#[test]
fn every_name_carries_the_environment_suffix() {
    let json = chain_json(props());
    let mut names: Vec<&str> =
        testing::resources(&json, "aws_security_group").iter().map(|(_, g)| g["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["chain-alb-test", "chain-app-test", "chain-db-test"]);
    for (_, g) in testing::resources(&json, "aws_security_group") {
        assert_eq!(g["tags"]["Name"], g["name"]);
    }
}

#[test]
fn the_vpc_id_takes_a_reference() {
    let json = testing::synth(|stack| {
        let vpc = konductor_aws::network::TieredVpc::new(
            stack,
            "production",
            konductor_aws::network::TieredVpcProps::builder().cidr("10.10.0.0/16").build().unwrap(),
        )
        .unwrap();
        SecurityGroupChain::new(stack, "chain", props().vpc_id(vpc.vpc_id()).build().unwrap()).unwrap();
    });
    assert_has_resource!(json, "aws_security_group", { "vpc_id": "${aws_vpc.production_vpc_A96B98F9.id}" });
}

#[test]
fn admin_port_to_the_world_is_an_error() {
    assert_eq!(
        error(props().devops_cidrs(["10.99.0.0/24", "0.0.0.0/0"])),
        "[network/chain] admin ports 22, 3389 cannot be open to 0.0.0.0/0 (in devops_cidrs): admin access comes from \
         the DevOps networks only: list the DevOps networks (VPN, bastion) instead, e.g. .devops_cidrs([\"10.99.0.0/24\"])"
    );
    assert_eq!(
        error(props().devops_cidrs(["::/0"]).admin_ports([22])),
        "[network/chain] admin ports 22 cannot be open to ::/0 (in devops_cidrs): admin access comes from the DevOps \
         networks only: list the DevOps networks (VPN, bastion) instead, e.g. .devops_cidrs([\"10.99.0.0/24\"])"
    );
}

#[test]
fn devops_networks_that_together_are_the_world_are_an_error() {
    let e = error(props().devops_cidrs(["0.0.0.0/1", "128.0.0.0/1"]));
    assert!(
        e.starts_with(
            "[network/chain] admin ports 22, 3389 cannot be open to 0.0.0.0/0 (devops_cidrs 0.0.0.0/1 and 128.0.0.0/1 \
             together)"
        ),
        "{e}"
    );
    let e = error(props().devops_cidrs(["::/1", "8000::/1", "10.99.0.0/24"]).admin_ports([3389]));
    assert!(
        e.contains("admin ports 3389 cannot be open to ::/0 (devops_cidrs ::/1, 8000::/1 and 10.99.0.0/24 together)"),
        "{e}"
    );
    // Half of the internet is not all of it: the construct leaves it to review, and synthesis accepts it.
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    SecurityGroupChain::new(&stack, "chain", props().devops_cidrs(["0.0.0.0/1"]).build().unwrap()).unwrap();
    app.synthesize().unwrap();
}

#[test]
fn other_bad_input_is_an_error() {
    assert_eq!(
        error(props().devops_cidrs(["10.99.0.1/24"])),
        "[network/chain] `10.99.0.1/24` in devops_cidrs has host bits set: use the network address: 10.99.0.0/24"
    );
    assert_eq!(
        error(props().alb_ingress_cidrs(["everywhere"])),
        "[network/chain] `everywhere` in alb_ingress_cidrs is not a CIDR block: write it as ADDRESS/PREFIX, e.g. \
         10.0.0.0/16 or 2001:db8::/32"
    );
    assert_eq!(
        error(props().alb_ingress_cidrs(Vec::<String>::new())),
        "[network/chain] alb_ingress_cidrs is empty: nothing could reach the load balancer: list the client networks, \
         e.g. .alb_ingress_cidrs([\"0.0.0.0/0\"]) for a public site"
    );
    assert_eq!(error(props().app_port(0)), "[network/chain] app_port 0 is not a port: use a port from 1 to 65535");
    assert_eq!(
        error(props().admin_ports([0])),
        "[network/chain] admin port 0 is not a port: use ports from 1 to 65535"
    );
    assert_eq!(
        SecurityGroupChainProps::builder().app_port(1).db_port(2).build().unwrap_err().to_string(),
        "[SecurityGroupChainProps] vpc_id is not set: call `.vpc_id(vpc.vpc_id())` on the builder"
    );
}

#[test]
fn without_admin_ports_the_devops_networks_open_nothing() {
    let json = chain_json(props().admin_ports(Vec::<u16>::new()).devops_cidrs(["0.0.0.0/0"]));
    let app = group(&json, "app");
    assert!(rules(&json, "ingress", &app).iter().all(|r| port(r) != 22 && port(r) != 3389));
}
