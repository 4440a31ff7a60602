//! A small parser for the Graphviz DOT language (the part of it graphs use: `digraph`, nested `subgraph`s,
//! `graph`/`node`/`edge` defaults, node and edge statements with attribute lists, `a -> b -> c` chains,
//! quoted IDs with escapes), so tests can check what a DOT text says rather than how it is spelled.

use std::collections::BTreeMap;

pub type Attrs = BTreeMap<String, String>;

#[derive(Debug, Default)]
pub struct Graph {
    pub name: String,
    pub attrs: Attrs,
    /// Every node, with its attributes, wherever it was declared.
    pub nodes: BTreeMap<String, Attrs>,
    pub edges: Vec<Edge>,
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Default, Clone)]
pub struct Cluster {
    pub id: String,
    pub attrs: Attrs,
    /// The nodes declared directly inside.
    pub nodes: Vec<String>,
    pub clusters: Vec<Cluster>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub attrs: Attrs,
}

impl Graph {
    pub fn cluster(&self, id: &str) -> &Cluster {
        find(&self.clusters, id)
    }

    pub fn has_edge(&self, from: &str, to: &str) -> bool {
        self.edges.iter().any(|e| e.from == from && e.to == to)
    }

    pub fn node_attrs(&self, id: &str) -> &Attrs {
        self.nodes
            .get(id)
            .unwrap_or_else(|| panic!("no node {id:?}; nodes: {:?}", self.nodes.keys().collect::<Vec<_>>()))
    }
}

impl Cluster {
    pub fn cluster(&self, id: &str) -> &Cluster {
        find(&self.clusters, id)
    }
}

fn find<'a>(clusters: &'a [Cluster], id: &str) -> &'a Cluster {
    clusters.iter().find(|c| c.id == id).unwrap_or_else(|| {
        panic!("no cluster {id:?}; there are {:?}", clusters.iter().map(|c| &c.id).collect::<Vec<_>>())
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Id(String),
    Punct(&'static str),
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && cs.get(i + 1) == Some(&'/') {
            while i < cs.len() && cs[i] != '\n' {
                i += 1;
            }
        } else if c == '-' && cs.get(i + 1) == Some(&'>') {
            out.push(Tok::Punct("->"));
            i += 2;
        } else if let Some(p) = ["{", "}", "[", "]", ";", ",", "="].iter().find(|p| p.starts_with(c)) {
            out.push(Tok::Punct(p));
            i += 1;
        } else if c == '"' {
            let mut v = String::new();
            i += 1;
            loop {
                match cs.get(i) {
                    None => return Err("unterminated string".into()),
                    Some('"') => break,
                    Some('\\') => {
                        match cs.get(i + 1) {
                            Some('n') => v.push('\n'),
                            Some(other) => v.push(*other),
                            None => return Err("dangling escape".into()),
                        }
                        i += 1;
                    }
                    Some(other) => v.push(*other),
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Id(v));
        } else if c.is_alphanumeric() || c == '_' || c == '.' {
            let start = i;
            while i < cs.len() && (cs[i].is_alphanumeric() || cs[i] == '_' || cs[i] == '.') {
                i += 1;
            }
            out.push(Tok::Id(cs[start..i].iter().collect()));
        } else {
            return Err(format!("unexpected character {c:?}"));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
    graph: Graph,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Result<Tok, String> {
        let t = self.toks.get(self.at).cloned().ok_or("unexpected end")?;
        self.at += 1;
        Ok(t)
    }

    fn id(&mut self) -> Result<String, String> {
        match self.next()? {
            Tok::Id(s) => Ok(s),
            t => Err(format!("expected an ID, found {t:?}")),
        }
    }

    fn expect(&mut self, p: &'static str) -> Result<(), String> {
        match self.next()? {
            Tok::Punct(q) if q == p => Ok(()),
            t => Err(format!("expected {p}, found {t:?}")),
        }
    }

    fn eat(&mut self, p: &'static str) -> bool {
        if self.peek() == Some(&Tok::Punct(p)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn attr_list(&mut self) -> Result<Attrs, String> {
        let mut attrs = Attrs::new();
        while self.eat("[") {
            while !self.eat("]") {
                let k = self.id()?;
                self.expect("=")?;
                let v = self.id()?;
                attrs.insert(k, v);
                let _ = self.eat(",") || self.eat(";");
            }
        }
        Ok(attrs)
    }

    /// Statements up to the closing brace, into `cluster`.
    fn stmts(&mut self, cluster: &mut Cluster) -> Result<(), String> {
        loop {
            if self.eat("}") {
                return Ok(());
            }
            if self.eat(";") {
                continue;
            }
            let first = self.id()?;
            if first == "subgraph" {
                let id = match self.peek() {
                    Some(Tok::Id(_)) => self.id()?,
                    _ => String::new(),
                };
                self.expect("{")?;
                let mut inner = Cluster { id, ..Cluster::default() };
                self.stmts(&mut inner)?;
                cluster.clusters.push(inner);
            } else if matches!(first.as_str(), "graph" | "node" | "edge") && self.peek() == Some(&Tok::Punct("[")) {
                self.attr_list()?;
            } else if self.eat("=") {
                let v = self.id()?;
                cluster.attrs.insert(first, v);
            } else {
                let mut chain = vec![first];
                while self.eat("->") {
                    chain.push(self.id()?);
                }
                let attrs = self.attr_list()?;
                if chain.len() == 1 {
                    let id = chain.pop().unwrap();
                    self.graph.nodes.entry(id.clone()).or_default().extend(attrs);
                    cluster.nodes.push(id);
                } else {
                    for n in &chain {
                        self.graph.nodes.entry(n.clone()).or_default();
                    }
                    for w in chain.windows(2) {
                        self.graph.edges.push(Edge { from: w[0].clone(), to: w[1].clone(), attrs: attrs.clone() });
                    }
                }
            }
        }
    }
}

/// Parses a `digraph`; an error says where the text is not DOT.
pub fn parse(text: &str) -> Result<Graph, String> {
    let mut p = Parser { toks: tokenize(text)?, at: 0, graph: Graph::default() };
    if p.id()? != "digraph" {
        return Err("not a digraph".into());
    }
    let name = match p.peek() {
        Some(Tok::Id(_)) => p.id()?,
        _ => String::new(),
    };
    p.expect("{")?;
    let mut root = Cluster::default();
    p.stmts(&mut root)?;
    if p.at != p.toks.len() {
        return Err(format!("text after the graph: {:?}", &p.toks[p.at..]));
    }
    let mut graph = p.graph;
    graph.name = name;
    graph.attrs = root.attrs;
    graph.clusters = root.clusters;
    Ok(graph)
}

#[test]
fn the_parser_reads_clusters_chains_and_escapes() {
    let g = parse("digraph g { rankdir=LR; subgraph \"cluster_a\" { label=\"A \\\"x\\\"\\nB\"; n1 [label=\"one\"]; } n1 -> n2 -> n3 [style=dashed]; }").unwrap();
    assert_eq!(g.cluster("cluster_a").attrs["label"], "A \"x\"\nB");
    assert_eq!(g.cluster("cluster_a").nodes, ["n1"]);
    assert!(g.has_edge("n1", "n2") && g.has_edge("n2", "n3"));
    assert_eq!(g.edges[1].attrs["style"], "dashed");
    assert!(parse("digraph { a -> }").is_err());
    assert!(parse("digraph { a [label=x }").is_err());
}
