//! Mermaid flowcharts: groups as subgraphs, ids `n0`, `n1` ... with the labels in quotes.

use std::collections::HashMap;

use super::{Graph, Group, Node};

/// `s` as a Mermaid quoted label: quotes as entities, newlines as `<br/>`.
fn label(s: &str) -> String {
    s.replace('"', "#quot;").replace('\n', "<br/>")
}

struct Ids(HashMap<String, String>);

impl Ids {
    fn of(&mut self, id: &str, prefix: char) -> String {
        let n = self.0.len();
        self.0.entry(id.to_string()).or_insert_with(|| format!("{prefix}{n}")).clone()
    }
}

fn node(out: &mut String, ids: &mut Ids, n: &Node, indent: usize) {
    let id = ids.of(&n.id, 'n');
    let pad = "  ".repeat(indent);
    if n.id.starts_with("stack:") {
        out.push_str(&format!("{pad}{id}[/\"{}\"/]\n", label(&n.label)));
    } else {
        out.push_str(&format!("{pad}{id}[\"{}\"]\n", label(&n.label)));
    }
}

fn group(out: &mut String, ids: &mut Ids, g: &Group, indent: usize) {
    let id = ids.of(&format!("group:{}", g.id), 'g');
    let pad = "  ".repeat(indent);
    out.push_str(&format!("{pad}subgraph {id}[\"{}\"]\n", label(&g.label)));
    for inner in &g.groups {
        group(out, ids, inner, indent + 1);
    }
    for n in &g.nodes {
        node(out, ids, n, indent + 1);
    }
    out.push_str(&format!("{pad}end\n"));
}

pub(super) fn render(graph: &Graph) -> String {
    let mut ids = Ids(HashMap::new());
    let mut out = String::from("flowchart LR\n");
    for g in &graph.groups {
        group(&mut out, &mut ids, g, 1);
    }
    for n in &graph.nodes {
        node(&mut out, &mut ids, n, 1);
    }
    for e in &graph.edges {
        let (from, to) = (ids.of(&e.from, 'n'), ids.of(&e.to, 'n'));
        match &e.label {
            Some(l) => out.push_str(&format!("  {from} -.->|{}| {to}\n", label(l))),
            None => out.push_str(&format!("  {from} --> {to}\n")),
        }
    }
    out.truncate(out.trim_end().len());
    out
}
