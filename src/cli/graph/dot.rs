//! Graphviz DOT: groups as `cluster` subgraphs.

use super::{Graph, Group, Node};

/// `s` as a DOT quoted string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn node(out: &mut String, n: &Node, indent: usize) {
    let pad = "  ".repeat(indent);
    let shape = if n.id.starts_with("stack:") { ", shape=folder, style=bold" } else { "" };
    out.push_str(&format!("{pad}{} [label={}{shape}];\n", quote(&n.id), quote(&n.label)));
}

fn group(out: &mut String, g: &Group, indent: usize) {
    let pad = "  ".repeat(indent);
    let style = if g.id.starts_with("vpc:") { "dashed" } else { "rounded" };
    out.push_str(&format!("{pad}subgraph {} {{\n", quote(&format!("cluster_{}", g.id))));
    out.push_str(&format!("{pad}  label={};\n{pad}  style={style};\n", quote(&g.label)));
    for inner in &g.groups {
        group(out, inner, indent + 1);
    }
    for n in &g.nodes {
        node(out, n, indent + 1);
    }
    out.push_str(&format!("{pad}}}\n"));
}

pub(super) fn render(graph: &Graph) -> String {
    let mut out = String::from("digraph konductor {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for g in &graph.groups {
        group(&mut out, g, 1);
    }
    for n in &graph.nodes {
        node(&mut out, n, 1);
    }
    for e in &graph.edges {
        let attrs = match &e.label {
            Some(l) => format!(" [label={}, style=dashed]", quote(l)),
            None => String::new(),
        };
        out.push_str(&format!("  {} -> {}{attrs};\n", quote(&e.from), quote(&e.to)));
    }
    out.push('}');
    out
}
