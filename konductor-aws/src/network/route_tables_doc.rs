//! [`route_tables_markdown`]: the route tables of a VPC as Markdown, read from the synthesized stacks (every
//! route, whichever construct or stack made it), for a file beside the output ([`Stack::add_file`]).
//!
//! [`Stack::add_file`]: konductor_core::Stack::add_file

use std::collections::BTreeMap;

use konductor_core::{AsElement, AsScope, Synthesized};
use serde_json::Value;

/// A route table: its `Name`, its `(destination, target)` routes and its associated subnets.
struct Table {
    name: String,
    routes: Vec<(String, String)>,
    subnets: Vec<String>,
}

/// `(type, logical id)` of a `${TYPE.ID.attr}` reference, or of a cross-stack output read through remote state.
fn target(v: &Value) -> Option<(String, String)> {
    let s = v.as_str()?.strip_prefix("${")?.strip_suffix('}')?;
    let mut parts = s.split('.');
    let (t, id) = (parts.next()?, parts.next()?);
    Some((t.to_string(), id.to_string()))
}

/// The id the producing stack's output has for `expr` (as konductor names cross-stack outputs).
fn cross_output(expr: &str) -> String {
    let clean: String = expr.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    format!("cross-stack-output-{clean}")
}

/// The output a `${data.terraform_remote_state.X.outputs.Y}` reference reads: `Y`.
fn remote_output(v: &Value) -> Option<&str> {
    let s = v.as_str()?.strip_prefix("${data.terraform_remote_state.")?.strip_suffix('}')?;
    s.split(".outputs.").nth(1)
}

fn name_of(json: &Value, tf_type: &str, id: &str) -> String {
    let r = &json["resource"][tf_type][id];
    r["tags"]["Name"].as_str().map_or_else(|| id.to_string(), str::to_string)
}

fn describe_target(stack: &str, json: &Value, route: &Value) -> String {
    let kinds = [
        ("gateway_id", "internet gateway"),
        ("nat_gateway_id", "NAT gateway"),
        ("vpc_peering_connection_id", "VPC peering"),
        ("transit_gateway_id", "transit gateway"),
        ("vpc_endpoint_id", "VPC endpoint"),
        ("network_interface_id", "network interface"),
        ("egress_only_gateway_id", "egress-only internet gateway"),
    ];
    for (attr, label) in kinds {
        let Some(v) = route.get(attr) else { continue };
        return match target(v) {
            Some((t, id)) if t != "data" && t != "var" => {
                format!("{label} `{}` (stack `{stack}`)", name_of(json, &t, &id))
            }
            _ => format!("{label} `{}`", v.as_str().unwrap_or("?")),
        };
    }
    "?".to_string()
}

/// The route tables of the VPC `vpc` (the `aws_vpc` element) as Markdown: for each route table (and the
/// main one), its destinations and targets, the implicit `local` route first, and the subnets associated
/// with it. Routes made in other stacks (a peering's accepter side) are found through their remote-state
/// references. `out` is the app's synthesis ([`konductor_core::App::synthesize`]).
///
/// ```
/// use konductor_aws::network::{route_tables_markdown, TieredVpc, TieredVpcProps};
/// use konductor_core::{App, Environment, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// let vpc = TieredVpc::new(&stack, "vpc", TieredVpcProps::builder().cidr("10.0.0.0/16").azs(2).build().unwrap()).unwrap();
/// let md = route_tables_markdown(&app.synthesize().unwrap(), vpc.vpc());
/// assert!(md.contains("| 0.0.0.0/0 | NAT gateway `vpc-nat-az1-dev` (stack `network`) |"));
/// ```
pub fn route_tables_markdown(out: &Synthesized, vpc: &impl AsElement) -> String {
    let vpc = vpc.element();
    let home = vpc.scope().stack_name().unwrap_or_default();
    let stacks: Vec<(String, Value)> =
        out.stacks.iter().map(|(n, b)| (n.clone(), serde_json::from_slice(b).unwrap_or(Value::Null))).collect();
    let Some((_, json)) = stacks.iter().find(|(n, _)| *n == home) else { return String::new() };
    let vpc_id = vpc.logical_id();
    let vpc_body = &json["resource"]["aws_vpc"][&vpc_id];
    let vpc_name = vpc_body["tags"]["Name"].as_str().unwrap_or(&vpc_id).to_string();
    let cidr = vpc_body["cidr_block"].as_str().unwrap_or("?").to_string();
    let in_vpc = |r: &Value| target(&r["vpc_id"]).is_some_and(|(t, id)| t == "aws_vpc" && id == vpc_id);

    // The VPC's route tables by logical id.
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    let resources = |t: &str| json["resource"][t].as_object().cloned().unwrap_or_default();
    for (id, t) in resources("aws_route_table") {
        if in_vpc(&t) {
            let name = t["tags"]["Name"].as_str().unwrap_or(&id).to_string();
            tables.insert(id, Table { name, routes: Vec::new(), subnets: Vec::new() });
        }
    }
    let mut main = None;
    for (id, t) in resources("aws_default_route_table") {
        let default_of = target(&t["default_route_table_id"]);
        if default_of.is_some_and(|(ty, vid)| ty == "aws_vpc" && vid == vpc_id) {
            let name = t["tags"]["Name"].as_str().unwrap_or(&id).to_string();
            main = Some(format!(
                "The main route table `{name}` has {} routes and no subnets.",
                t["route"].as_array().map_or(0, Vec::len)
            ));
        }
    }
    // Routes and associations, in this stack and through remote state in the others.
    let ids: Vec<String> = tables.keys().cloned().collect();
    let table_of = |stack: &str, v: &Value| -> Option<String> {
        if stack == home {
            return target(v).filter(|(t, _)| t == "aws_route_table").map(|(_, id)| id);
        }
        let output = remote_output(v)?;
        ids.iter().find(|id| cross_output(&format!("aws_route_table.{id}.id")) == output).cloned()
    };
    let mut routes: Vec<(String, String, String)> = Vec::new();
    for (stack, sj) in &stacks {
        for (_, r) in sj["resource"]["aws_route"].as_object().cloned().unwrap_or_default() {
            if let Some(table) = table_of(stack, &r["route_table_id"]) {
                let dest = r["destination_cidr_block"]
                    .as_str()
                    .or_else(|| r["destination_ipv6_cidr_block"].as_str())
                    .or_else(|| r["destination_prefix_list_id"].as_str())
                    .unwrap_or("?")
                    .to_string();
                routes.push((table, dest, describe_target(stack, sj, &r)));
            }
        }
    }
    for (table, dest, to) in routes {
        if let Some(t) = tables.get_mut(&table) {
            t.routes.push((dest, to));
        }
    }
    for (_, a) in resources("aws_route_table_association") {
        let Some(table) = table_of(&home, &a["route_table_id"]) else { continue };
        let Some((_, subnet)) = target(&a["subnet_id"]) else { continue };
        let s = &json["resource"]["aws_subnet"][&subnet];
        let label = format!(
            "`{}` ({})",
            s["tags"]["Name"].as_str().unwrap_or(&subnet),
            s["cidr_block"].as_str().unwrap_or("?")
        );
        if let Some(t) = tables.get_mut(&table) {
            t.subnets.push(label);
        }
    }
    for (_, e) in resources("aws_vpc_endpoint") {
        for rt in e["route_table_ids"].as_array().cloned().unwrap_or_default() {
            if let Some(t) = table_of(&home, &rt).and_then(|id| tables.get_mut(&id)) {
                let service = e["service_name"].as_str().unwrap_or("?").rsplit('.').next().unwrap_or("?").to_string();
                t.routes.push((format!("prefix list of {service}"), "gateway VPC endpoint".to_string()));
            }
        }
    }

    let mut md = format!(
        "# Route tables of `{vpc_name}` ({cidr})\n\nGenerated by konductor from the synthesized stacks (stack `{home}`); \
         do not edit by hand.\n"
    );
    let mut sorted: Vec<_> = tables.into_values().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for Table { name, mut routes, mut subnets } in sorted {
        routes.sort();
        subnets.sort();
        md.push_str(&format!("\n## `{name}`\n\n| destination | target |\n| --- | --- |\n| {cidr} | local |\n"));
        for (dest, to) in routes {
            md.push_str(&format!("| {dest} | {to} |\n"));
        }
        if subnets.is_empty() {
            md.push_str("\nNo associated subnets.\n");
        } else {
            md.push_str(&format!("\nAssociated subnets: {}.\n", subnets.join(", ")));
        }
    }
    if let Some(main) = main {
        md.push_str(&format!("\n{main}\n"));
    }
    md
}
