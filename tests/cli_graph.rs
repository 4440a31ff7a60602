//! `graph`: stacks, accounts and VPCs drawn as groups with the resources and their dependencies, and the
//! construct tree; Mermaid and DOT snapshots, the DOT parsed back to check what it says, SVG when Graphviz
//! is installed.

#[path = "support/dot_parser.rs"]
mod dot_parser;

use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole};
use konductor::cli::graph::{svg, Graph};
use konductor::cli::{Cli, Console};
use konductor::prelude::*;

/// Two stacks: `network` (a VPC with a subnet, a security group and its rule, a log bucket outside the VPC,
/// and a second VPC in another account, peered) and `app`, which depends on `network`.
fn program(app: &App) {
    let env = Environment::new("dev").unwrap();
    let net = Stack::new(app, "network", &env);
    AwsProvider::builder(&net, "aws").region("eu-west-1").build();
    let shared = AwsProvider::builder(&net, "shared")
        .region("eu-west-1")
        .alias("shared")
        .assume_role(vec![AwsProviderAssumeRole::builder().role_arn("arn:aws:iam::111111111111:role/deploy").build()])
        .build();
    let vpc = GenericResource::new(&net, "vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
    let core = Construct::new(&net, "core");
    GenericResource::new(&core, "subnet", "aws_subnet").set("vpc_id", vpc.attr("id")).set("cidr_block", "10.0.0.0/24");
    let sg = GenericResource::new(&core, "web", "aws_security_group").set("vpc_id", vpc.attr("id"));
    GenericResource::new(&core, "https", "aws_vpc_security_group_ingress_rule")
        .set("security_group_id", sg.attr("id"))
        .set("cidr_ipv4", "10.0.0.0/8")
        .set("from_port", 443)
        .set("to_port", 443)
        .set("ip_protocol", "tcp");
    let logs =
        GenericResource::new(&net, "logs", "aws_s3_bucket").set("bucket", net.name("logs")).set("force_destroy", true);
    let other = GenericResource::new(&net, "other-vpc", "aws_vpc").set("cidr_block", "10.1.0.0/16");
    other.provider(&shared);
    GenericResource::new(&net, "peering", "aws_vpc_peering_connection")
        .set("vpc_id", vpc.attr("id"))
        .set("peer_vpc_id", other.attr("id"));
    let app_stack = Stack::new(app, "app", &env);
    app_stack.depends_on(&net);
    AwsProvider::builder(&app_stack, "aws").region("eu-west-1").build();
    let queue = GenericResource::new(&app_stack, "jobs", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
    GenericResource::new(&app_stack, "dlq", "aws_sqs_queue").set("sqs_managed_sse_enabled", true).depends_on(&queue);
    let _ = logs;
}

fn synthesized() -> konductor::Synthesized {
    let app = App::with_outdir("unused");
    program(&app);
    app.synthesize().unwrap()
}

#[test]
fn the_resource_graph_groups_stacks_accounts_and_vpcs_and_draws_dependencies() {
    let dot = Graph::resources(&synthesized()).unwrap().to_dot();
    let g = dot_parser::parse(&dot).expect("the DOT parses");
    assert_eq!(g.name, "konductor");

    // stack > account > VPC, as clusters
    let net = g.cluster("cluster_stack:network");
    assert_eq!(net.attrs["label"], "stack network");
    let account = net.cluster("cluster_account:network:aws");
    assert_eq!(account.attrs["label"], "account aws (eu-west-1)");
    let vpc = account.cluster("cluster_vpc:network:aws_vpc.vpc");
    assert_eq!(vpc.attrs["label"], "VPC vpc");
    let mut in_vpc = vpc.nodes.clone();
    in_vpc.sort();
    assert_eq!(
        in_vpc,
        [
            "network:aws_security_group.core_web_23E7477D",
            "network:aws_subnet.core_subnet_B5039752",
            "network:aws_vpc.vpc",
            "network:aws_vpc_security_group_ingress_rule.core_https_DB2A6FA6",
        ],
        "the VPC holds what refers to it, directly or through a member"
    );
    assert!(
        account.nodes.contains(&"network:aws_s3_bucket.logs".to_string()),
        "the bucket is in the account, not the VPC"
    );
    assert!(account.nodes.contains(&"network:aws_vpc_peering_connection.peering".to_string()), "two VPCs: in neither");
    let shared = net.cluster("cluster_account:network:aws.shared");
    assert_eq!(shared.attrs["label"], "account aws.shared: 111111111111 (eu-west-1)");
    assert_eq!(shared.cluster("cluster_vpc:network:aws_vpc.other-vpc").nodes, ["network:aws_vpc.other-vpc"]);

    // references and depends_on are arrows from the dependent
    assert!(g.has_edge("network:aws_subnet.core_subnet_B5039752", "network:aws_vpc.vpc"));
    assert!(g.has_edge(
        "network:aws_vpc_security_group_ingress_rule.core_https_DB2A6FA6",
        "network:aws_security_group.core_web_23E7477D"
    ));
    assert!(g.has_edge("network:aws_vpc_peering_connection.peering", "network:aws_vpc.other-vpc"));
    assert!(g.has_edge("app:aws_sqs_queue.dlq", "app:aws_sqs_queue.jobs"), "depends_on");
    assert!(!g.has_edge("network:aws_s3_bucket.logs", "network:aws_vpc.vpc"));
    // stacks: the manifest's dependency, between the stacks' own nodes
    let dep = g.edges.iter().find(|e| e.from == "stack:app" && e.to == "stack:network").expect("stack edge");
    assert_eq!(dep.attrs["label"], "depends on");
    assert_eq!(g.node_attrs("network:aws_subnet.core_subnet_B5039752")["label"], "aws_subnet\ncore/subnet");

    insta::assert_snapshot!("resources_dot", dot);
}

#[test]
fn the_resource_graph_as_mermaid() {
    let mermaid = Graph::resources(&synthesized()).unwrap().to_mermaid();
    assert!(mermaid.starts_with("flowchart LR\n  subgraph g0[\"stack network\"]\n"), "{mermaid}");
    assert!(mermaid.contains("-.->|depends on|"), "the stack dependency");
    let ends = mermaid.lines().filter(|l| l.trim() == "end").count();
    assert_eq!(mermaid.matches("subgraph ").count(), ends, "every subgraph ends");
    insta::assert_snapshot!("resources_mermaid", mermaid);
}

#[test]
fn the_construct_tree_links_each_parent_to_its_children() {
    let dot = Graph::constructs(&synthesized()).unwrap().to_dot();
    let g = dot_parser::parse(&dot).unwrap();
    assert!(g.has_edge("tree:network", "tree:network/core"));
    assert!(g.has_edge("tree:network/core", "tree:network/core/subnet"));
    assert!(g.has_edge("tree:app", "tree:app/jobs"));
    assert_eq!(g.node_attrs("tree:network/core/subnet")["label"], "subnet\naws_subnet");
    assert_eq!(g.node_attrs("tree:network/core")["label"], "core");
    assert_eq!(g.edges.iter().filter(|e| e.to == "tree:network/core/subnet").count(), 1, "a tree: one parent");
    insta::assert_snapshot!("constructs_dot", dot);
    insta::assert_snapshot!("constructs_mermaid", Graph::constructs(&synthesized()).unwrap().to_mermaid());
}

#[test]
fn the_command_prints_the_chosen_format_and_svg_when_graphviz_is_installed() {
    let app = App::with_outdir("unused");
    program(&app);
    let (console, printed) = Console::capture();
    Cli::parse_from(["prog", "graph", "--format", "dot"]).unwrap().run(&app, &console).unwrap();
    assert_eq!(printed.stdout(), Graph::resources(&app.synthesize().unwrap()).unwrap().to_dot() + "\n");

    let dot_installed = std::process::Command::new("dot").arg("-V").output().is_ok();
    let (console, printed) = Console::capture();
    let result = Cli::parse_from(["prog", "graph", "--format", "svg"]).unwrap().run(&app, &console);
    if dot_installed {
        result.unwrap();
        assert!(printed.stdout().contains("<svg"), "{}", printed.stdout());
        assert!(printed.stdout().contains("stack network"));
    } else {
        println!("Graphviz is not installed: checking the error instead of the SVG");
        let e = result.unwrap_err().to_string();
        assert!(e.contains("install Graphviz") && e.contains("--format dot"), "{e}");
    }
    if dot_installed {
        assert!(svg("digraph { a -> }").is_err(), "a DOT error is reported, not drawn");
    }
}
