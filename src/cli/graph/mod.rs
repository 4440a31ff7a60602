//! `graph`: the stacks, accounts and VPCs as groups with the resources and data sources inside and their
//! dependencies, or the construct tree; as Mermaid, DOT, or SVG drawn by Graphviz `dot`.
//!
//! The graph is read from the synthesized output, so it shows exactly what Terraform gets:
//! - a **stack** is a group, and an arrow between two stacks says the first depends on the second (the
//!   manifest's dependencies);
//! - inside a stack, an **account** is a group per provider configuration the elements use
//!   (`aws`, `aws.pci` with the role it assumes);
//! - inside an account, a **VPC** is a group holding the `aws_vpc` and every element that refers to it,
//!   directly or through another member (subnets, route tables, security groups and their rules, endpoints,
//!   flow logs ...); an element that refers to two VPCs (a peering) stays outside both;
//! - an arrow from one element to another says the first refers to the second (or `depends_on` it).
//!
//! ```
//! use konductor::cli::graph::Graph;
//! use konductor::prelude::*;
//! let app = App::with_outdir("unused");
//! let stack = Stack::new(&app, "net", &Environment::new("dev")?);
//! let vpc = GenericResource::new(&stack, "vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
//! GenericResource::new(&stack, "subnet", "aws_subnet").set("vpc_id", vpc.attr("id"));
//! let graph = Graph::resources(&app.synthesize()?)?;
//! assert!(graph.to_dot().contains("\"net:aws_subnet.subnet\" -> \"net:aws_vpc.vpc\""));
//! # Ok::<(), konductor::Error>(())
//! ```

mod dot;
mod mermaid;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use konductor_core::serde_json::{self, Value};
use konductor_core::{App, Error, Problem, Result, Synthesized};

use super::{manifest, Console, GraphFormat, GraphView};

/// A drawing: nested groups of nodes, and arrows between nodes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// The outermost groups (stacks).
    pub groups: Vec<Group>,
    /// Nodes outside every group (the app, in the construct view).
    pub nodes: Vec<Node>,
    /// Arrows between nodes, by node id.
    pub edges: Vec<Edge>,
}

/// A group: a stack, an account or a VPC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// A unique id: `stack:production`, `account:production:aws.pci`, `vpc:production:aws_vpc.x`.
    pub id: String,
    /// What a reader sees: `stack production`.
    pub label: String,
    /// The groups inside.
    pub groups: Vec<Group>,
    /// The nodes directly inside.
    pub nodes: Vec<Node>,
}

/// A node: an element (or, in the construct view, a construct).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// A unique id: `production:aws_vpc.production_vpc_1A2B3C4D`.
    pub id: String,
    /// What a reader sees: the type and the construct path.
    pub label: String,
}

/// An arrow.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// The node that depends (or the parent, in the construct view).
    pub from: String,
    /// The node depended on (or the child).
    pub to: String,
    /// A label on the arrow, if any.
    pub label: Option<String>,
}

/// One element of a stack, as the output holds it.
struct Element<'a> {
    address: String,
    ty: &'a str,
    path: String,
    body: &'a Value,
}

impl Graph {
    /// Stacks, accounts and VPCs as groups; resources and data sources with the references between them.
    pub fn resources(out: &Synthesized) -> Result<Graph> {
        let names: Vec<String> = out.stacks.iter().map(|(n, _)| n.clone()).collect();
        let mut graph = Graph::default();
        for (name, bytes) in &out.stacks {
            let json = parse(bytes, name)?;
            let (group, edges) = stack_group(name, &json);
            graph.groups.push(group);
            graph.edges.extend(edges);
        }
        for s in manifest::parse(&out.manifest, &names)? {
            for d in &s.dependencies {
                graph.edges.push(Edge {
                    from: format!("stack:{}", s.name),
                    to: format!("stack:{d}"),
                    label: Some("depends on".into()),
                });
            }
        }
        Ok(graph)
    }

    /// The construct tree: each stack a group holding its constructs and elements, an arrow from each
    /// parent to each child.
    pub fn constructs(out: &Synthesized) -> Result<Graph> {
        let mut graph = Graph::default();
        for (name, bytes) in &out.stacks {
            let json = parse(bytes, name)?;
            let mut group =
                Group { id: format!("stack:{name}"), label: format!("stack {name}"), groups: vec![], nodes: vec![] };
            group.nodes.push(Node { id: format!("tree:{name}"), label: name.clone() });
            let mut seen = BTreeSet::from([name.clone()]);
            for e in elements(&json) {
                let comps: Vec<&str> = e.path.split('/').collect();
                for depth in 2..=comps.len() {
                    let path = comps[..depth].join("/");
                    if !seen.insert(path.clone()) {
                        continue;
                    }
                    let label = if depth == comps.len() {
                        format!("{}\n{}", comps[depth - 1], e.ty)
                    } else {
                        comps[depth - 1].to_string()
                    };
                    group.nodes.push(Node { id: format!("tree:{path}"), label });
                    graph.edges.push(Edge {
                        from: format!("tree:{}", comps[..depth - 1].join("/")),
                        to: format!("tree:{path}"),
                        label: None,
                    });
                }
            }
            graph.groups.push(group);
        }
        Ok(graph)
    }

    /// Graphviz DOT.
    pub fn to_dot(&self) -> String {
        dot::render(self)
    }

    /// A Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        mermaid::render(self)
    }
}

/// `graph` on the command line.
pub(crate) fn run(app: &App, console: &Console, format: GraphFormat, view: GraphView) -> Result<i32> {
    let out = app.synthesize()?;
    let graph = match view {
        GraphView::Resources => Graph::resources(&out)?,
        GraphView::Constructs => Graph::constructs(&out)?,
    };
    match format {
        GraphFormat::Mermaid => console.out_line(&graph.to_mermaid()),
        GraphFormat::Dot => console.out_line(&graph.to_dot()),
        GraphFormat::Svg => console.out_text(&svg(&graph.to_dot())?),
    }
    Ok(0)
}

/// Draws `dot` as SVG with Graphviz.
pub fn svg(dot: &str) -> Result<Vec<u8>> {
    let missing = |e: std::io::Error| {
        Error::Usage(format!(
            "Graphviz `dot` cannot be run ({e}): install Graphviz (apt-get install graphviz, brew install graphviz), \
             or print the graph with --format dot or --format mermaid"
        ))
    };
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(missing)?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(dot.as_bytes()).map_err(missing)?;
    }
    let out = child.wait_with_output().map_err(missing)?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(Error::Invalid(
            Problem::new("graph", format!("dot -Tsvg failed: {why}")).with_fix("use --format dot"),
        ));
    }
    Ok(out.stdout)
}

fn parse(bytes: &[u8], stack: &str) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::Invalid(
            Problem::new(stack, format!("the synthesized stack is not JSON: {e}")).with_fix("synthesize again"),
        )
    })
}

/// The resources and data sources of a stack, in the output's order.
fn elements(json: &Value) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    for (section, prefix) in [("data", "data."), ("resource", "")] {
        for (ty, blocks) in json.get(section).and_then(Value::as_object).into_iter().flatten() {
            for (name, body) in blocks.as_object().into_iter().flatten() {
                let path = body.pointer("/~1~1/metadata/path").and_then(Value::as_str).unwrap_or(name).to_string();
                out.push(Element { address: format!("{prefix}{ty}.{name}"), ty, path, body });
            }
        }
    }
    out
}

/// The addresses that `value` refers to, among `known`: inside `${...}`, and in `depends_on` lists.
fn references(value: &Value, known: &BTreeSet<String>, out: &mut BTreeSet<String>, key: Option<&str>) {
    match value {
        Value::String(s) if key == Some("depends_on") && known.contains(s.as_str()) => {
            out.insert(s.clone());
        }
        Value::String(_) if key == Some("depends_on") => {}
        Value::String(s) => {
            let mut rest = s.as_str();
            while let Some(start) = rest.find("${") {
                let inner = &rest[start + 2..];
                let end = inner.find('}').unwrap_or(inner.len());
                for token in inner[..end].split(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c))) {
                    let parts: Vec<&str> = token.split('.').collect();
                    let n = if parts.first() == Some(&"data") { 3 } else { 2 };
                    if parts.len() >= n {
                        let addr = parts[..n].join(".");
                        if known.contains(&addr) {
                            out.insert(addr);
                        }
                    }
                }
                rest = &inner[end..];
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, known, out, key)),
        Value::Object(m) => m.iter().filter(|(k, _)| *k != "//").for_each(|(k, v)| references(v, known, out, Some(k))),
        _ => {}
    }
}

/// The label of a provider configuration: its address, the account of the role it assumes, its region.
fn provider_label(key: &str, config: &Value) -> String {
    let mut label = format!("account {key}");
    let role = config.pointer("/assume_role/0/role_arn").and_then(Value::as_str);
    if let Some(role) = role {
        let account = role.split(':').nth(4).filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()));
        match account {
            Some(id) => label.push_str(&format!(": {id}")),
            None => label.push_str(&format!(": assumes {role}")),
        }
    }
    if let Some(region) = config.get("region").and_then(Value::as_str) {
        label.push_str(&format!(" ({region})"));
    }
    label
}

fn stack_group(stack: &str, json: &Value) -> (Group, Vec<Edge>) {
    let elements = elements(json);
    let known: BTreeSet<String> = elements.iter().map(|e| e.address.clone()).collect();
    let refs: Vec<BTreeSet<String>> = elements
        .iter()
        .map(|e| {
            let mut out = BTreeSet::new();
            references(e.body, &known, &mut out, None);
            out.remove(&e.address);
            out
        })
        .collect();
    let index: BTreeMap<&str, usize> = elements.iter().enumerate().map(|(i, e)| (e.address.as_str(), i)).collect();

    // Provider configurations, and each element's.
    let mut configs: BTreeMap<String, &Value> = BTreeMap::new();
    for (ty, list) in json.get("provider").and_then(Value::as_object).into_iter().flatten() {
        for c in list.as_array().into_iter().flatten() {
            let key = match c.get("alias").and_then(Value::as_str) {
                Some(a) => format!("{ty}.{a}"),
                None => ty.clone(),
            };
            configs.insert(key, c);
        }
    }
    let provider_of = |e: &Element<'_>| -> Option<String> {
        let key = match e.body.get("provider").and_then(Value::as_str) {
            Some(p) => p.to_string(),
            None => e.ty.split('_').next().unwrap_or(e.ty).to_string(),
        };
        configs.contains_key(&key).then_some(key)
    };
    let providers: Vec<Option<String>> = elements.iter().map(provider_of).collect();

    // The VPCs each element belongs to: the ones it refers to, directly or through members, in its account.
    fn vpcs_of(
        i: usize,
        elements: &[Element<'_>],
        refs: &[BTreeSet<String>],
        index: &BTreeMap<&str, usize>,
        memo: &mut Vec<Option<BTreeSet<usize>>>,
        visiting: &mut Vec<bool>,
    ) -> BTreeSet<usize> {
        if let Some(done) = &memo[i] {
            return done.clone();
        }
        if elements[i].ty == "aws_vpc" && !elements[i].address.starts_with("data.") {
            return BTreeSet::from([i]);
        }
        if visiting[i] {
            return BTreeSet::new();
        }
        visiting[i] = true;
        let mut out = BTreeSet::new();
        for r in refs[i].iter().filter_map(|r| index.get(r.as_str())) {
            out.extend(vpcs_of(*r, elements, refs, index, memo, visiting));
        }
        visiting[i] = false;
        memo[i] = Some(out.clone());
        out
    }
    let mut memo = vec![None; elements.len()];
    let mut visiting = vec![false; elements.len()];
    let vpc_of: Vec<Option<usize>> = (0..elements.len())
        .map(|i| {
            let vpcs = vpcs_of(i, &elements, &refs, &index, &mut memo, &mut visiting);
            let mut vpcs = vpcs.into_iter();
            match (vpcs.next(), vpcs.next()) {
                (Some(v), None) if providers[v] == providers[i] => Some(v),
                _ => None,
            }
        })
        .collect();

    let node_id = |e: &Element<'_>| format!("{stack}:{}", e.address);
    let node = |e: &Element<'_>| {
        let below = e.path.split_once('/').map(|(_, rest)| rest).unwrap_or(&e.path);
        Node { id: node_id(e), label: format!("{}\n{below}", e.ty) }
    };
    let mut group =
        Group { id: format!("stack:{stack}"), label: format!("stack {stack}"), groups: vec![], nodes: vec![] };
    group.nodes.push(Node { id: format!("stack:{stack}"), label: format!("stack {stack}") });
    let mut accounts: BTreeMap<String, Group> = BTreeMap::new();
    for (i, e) in elements.iter().enumerate() {
        let Some(key) = &providers[i] else {
            group.nodes.push(node(e));
            continue;
        };
        let account = accounts.entry(key.clone()).or_insert_with(|| Group {
            id: format!("account:{stack}:{key}"),
            label: provider_label(key, configs[key]),
            groups: vec![],
            nodes: vec![],
        });
        match vpc_of[i] {
            None => account.nodes.push(node(e)),
            Some(v) => {
                let vpc = &elements[v];
                let id = format!("vpc:{stack}:{}", vpc.address);
                let at = match account.groups.iter().position(|g| g.id == id) {
                    Some(at) => at,
                    None => {
                        let below = vpc.path.split_once('/').map(|(_, rest)| rest).unwrap_or(&vpc.path);
                        account.groups.push(Group { id, label: format!("VPC {below}"), groups: vec![], nodes: vec![] });
                        account.groups.len() - 1
                    }
                };
                account.groups[at].nodes.push(node(e));
            }
        }
    }
    group.groups = accounts.into_values().collect();
    let edges = elements
        .iter()
        .zip(&refs)
        .flat_map(|(e, rs)| rs.iter().map(move |r| Edge { from: node_id(e), to: format!("{stack}:{r}"), label: None }))
        .collect();
    (group, edges)
}
