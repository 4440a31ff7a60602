//! The construct tree: an arena of nodes shared by cheap [`Scope`] handles.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::element::Element;
use crate::environment::{Environment, Name};
use crate::error::Problem;
use crate::rules::RuleSet;
use crate::stack::StackData;

pub(crate) type NodeId = usize;

pub(crate) struct Tree {
    pub(crate) nodes: RefCell<Vec<Node>>,
    children: RefCell<HashMap<(NodeId, Box<str>), NodeId>>,
    pub(crate) problems: RefCell<Vec<Problem>>,
    /// Node id of each stack, by stack index.
    pub(crate) stacks: RefCell<Vec<NodeId>>,
    pub(crate) rule_sets: RefCell<Vec<&'static RuleSet>>,
}

pub(crate) struct Node {
    pub(crate) id: Box<str>,
    pub(crate) parent: Option<NodeId>,
    pub(crate) stack: Option<usize>,
    pub(crate) kind: NodeKind,
}

pub(crate) enum NodeKind {
    Root,
    Stack(Box<StackData>),
    Construct,
    Element(Box<Element>),
}

/// Construct paths, computed once per node and shared (synthesis needs one per element).
pub(crate) struct Paths<'a> {
    nodes: &'a [Node],
    cache: Vec<Option<Rc<str>>>,
}

impl<'a> Paths<'a> {
    pub(crate) fn new(nodes: &'a [Node]) -> Self {
        Paths { nodes, cache: vec![None; nodes.len()] }
    }

    pub(crate) fn get(&mut self, node: NodeId) -> Rc<str> {
        if let Some(p) = &self.cache[node] {
            return p.clone();
        }
        let n = &self.nodes[node];
        let path: Rc<str> = match n.parent {
            None => "".into(),
            Some(parent) => {
                let pp = self.get(parent);
                if pp.is_empty() {
                    n.id.clone().into()
                } else {
                    let mut s = String::with_capacity(pp.len() + 1 + n.id.len());
                    s.push_str(&pp);
                    s.push('/');
                    s.push_str(&n.id);
                    s.into()
                }
            }
        };
        self.cache[node] = Some(path.clone());
        path
    }
}

impl Tree {
    pub(crate) fn new() -> Rc<Tree> {
        Rc::new(Tree {
            nodes: RefCell::new(vec![Node { id: "".into(), parent: None, stack: None, kind: NodeKind::Root }]),
            children: RefCell::new(HashMap::new()),
            problems: RefCell::new(Vec::new()),
            stacks: RefCell::new(Vec::new()),
            rule_sets: RefCell::new(Vec::new()),
        })
    }

    /// The path of a node: ids from the stack (or app child) down, joined by `/`.
    pub(crate) fn path(&self, node: NodeId) -> String {
        let nodes = self.nodes.borrow();
        let mut parts = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if nodes[n].parent.is_some() {
                parts.push(&*nodes[n].id);
            }
            cur = nodes[n].parent;
        }
        parts.reverse();
        parts.join("/")
    }

    /// The ids from below the stack down to `node`.
    pub(crate) fn components_below_stack(&self, node: NodeId) -> Vec<String> {
        let nodes = self.nodes.borrow();
        let mut parts = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if matches!(nodes[n].kind, NodeKind::Stack(_) | NodeKind::Root) {
                break;
            }
            parts.push(nodes[n].id.to_string());
            cur = nodes[n].parent;
        }
        parts.reverse();
        parts
    }

    /// Adds a child, recording a problem for an invalid or duplicate id (the child is still created, so
    /// that one mistake does not cascade).
    pub(crate) fn add_child(&self, parent: NodeId, id: &str, kind: NodeKind) -> NodeId {
        let stack = {
            let nodes = self.nodes.borrow();
            match &kind {
                NodeKind::Stack(_) => Some(self.stacks.borrow().len()),
                _ => nodes[parent].stack,
            }
        };
        let new_id = self.nodes.borrow().len();
        let child_path = {
            let p = self.path(parent);
            if p.is_empty() {
                id.to_string()
            } else {
                format!("{p}/{id}")
            }
        };
        if id.is_empty() {
            self.report(
                Problem::new(&child_path, "a construct id is empty").with_fix("give every construct a non-empty id"),
            );
        } else if id.contains('/') {
            self.report(
                Problem::new(&child_path, format!("construct id `{id}` contains `/`, which separates path components"))
                    .with_fix("use `-` or `_` instead of `/` in ids"),
            );
        }
        match self.children.borrow_mut().entry((parent, id.into())) {
            std::collections::hash_map::Entry::Occupied(_) => {
                self.report(
                    Problem::new(
                        &child_path,
                        format!("duplicate construct id `{id}`: `{child_path}` is defined twice"),
                    )
                    .with_fix("give each child of a scope a different id"),
                );
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(new_id);
            }
        }
        if matches!(kind, NodeKind::Stack(_)) {
            self.stacks.borrow_mut().push(new_id);
        }
        self.nodes.borrow_mut().push(Node { id: id.into(), parent: Some(parent), stack, kind });
        new_id
    }

    pub(crate) fn report(&self, p: Problem) {
        self.problems.borrow_mut().push(p);
    }

    pub(crate) fn register_rules(&self, rules: &'static RuleSet) {
        let mut sets = self.rule_sets.borrow_mut();
        if !sets.iter().any(|r| std::ptr::eq(*r, rules)) {
            sets.push(rules);
        }
    }

    pub(crate) fn stack_env(&self, stack: usize) -> Environment {
        let node = self.stacks.borrow()[stack];
        match &self.nodes.borrow()[node].kind {
            NodeKind::Stack(s) => s.env.clone(),
            _ => unreachable!("stack index points at a stack node"),
        }
    }

    pub(crate) fn with_stack<R>(&self, stack: usize, f: impl FnOnce(&mut StackData) -> R) -> R {
        let node = self.stacks.borrow()[stack];
        match &mut self.nodes.borrow_mut()[node].kind {
            NodeKind::Stack(s) => f(s),
            _ => unreachable!("stack index points at a stack node"),
        }
    }

    pub(crate) fn with_element<R>(&self, node: NodeId, f: impl FnOnce(&mut Element) -> R) -> R {
        match &mut self.nodes.borrow_mut()[node].kind {
            NodeKind::Element(e) => f(e),
            _ => unreachable!("element handles point at element nodes"),
        }
    }
}

/// A place in the construct tree: the app, a stack, a construct or an element. Cheap to clone.
///
/// Everything that creates children takes `&impl AsScope`, so stacks, constructs and user-defined
/// constructs holding a `Scope` can all be passed.
#[derive(Clone)]
pub struct Scope {
    pub(crate) tree: Rc<Tree>,
    pub(crate) node: NodeId,
}

impl Scope {
    /// The construct path: `network/vpc/flow-logs`.
    pub fn path(&self) -> String {
        self.tree.path(self.node)
    }

    /// The id of this scope among its siblings.
    pub fn id(&self) -> String {
        self.tree.nodes.borrow()[self.node].id.to_string()
    }

    /// The stack this scope is in, if any.
    pub(crate) fn stack_index(&self) -> Option<usize> {
        self.tree.nodes.borrow()[self.node].stack
    }

    /// The environment of the stack this scope is in.
    ///
    /// # Panics
    /// When called on the app itself, which has no environment (a programming error, not user input).
    pub fn environment(&self) -> Environment {
        let ix = self.stack_index().expect("the app has no environment; call `environment()` inside a stack");
        self.tree.stack_env(ix)
    }

    /// A physical name with the environment suffix: in a `dev` stack, `scope.name("security-bucket")` is
    /// `security-bucket-dev`. The only way to turn text into a [`Name`].
    pub fn name(&self, base: &str) -> Name {
        self.environment().name(base)
    }

    /// Records a problem found while building, reported with every other problem at synthesis.
    pub fn report(&self, problem: Problem) {
        self.tree.report(problem);
    }

    /// Registers a provider's rule set (names, destroyability) so synthesis checks it.
    pub fn register_rules(&self, rules: &'static RuleSet) {
        self.tree.register_rules(rules);
    }

    pub(crate) fn add_child(&self, id: &str, kind: NodeKind) -> Scope {
        let node = self.tree.add_child(self.node, id, kind);
        Scope { tree: self.tree.clone(), node }
    }
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Scope({})", self.path())
    }
}

/// Anything that is a place in the construct tree.
pub trait AsScope {
    /// The scope.
    fn scope(&self) -> &Scope;

    /// A physical name carrying the environment suffix; see [`Scope::name`].
    fn name(&self, base: &str) -> Name {
        self.scope().name(base)
    }

    /// The construct path; see [`Scope::path`].
    fn path(&self) -> String {
        self.scope().path()
    }
}

impl AsScope for Scope {
    fn scope(&self) -> &Scope {
        self
    }
}

impl<T: AsScope> AsScope for &T {
    fn scope(&self) -> &Scope {
        (**self).scope()
    }
}

/// A plain construct: a named group of children, for structuring a stack.
///
/// ```
/// use konductor_core::{App, AsScope, Construct, Environment, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// let env1 = Construct::new(&stack, "env1");
/// assert_eq!(env1.path(), "network/env1");
/// ```
#[derive(Clone, Debug)]
pub struct Construct {
    scope: Scope,
}

impl Construct {
    /// A construct with `id` under `parent`.
    pub fn new(parent: &impl AsScope, id: &str) -> Self {
        Construct { scope: parent.scope().add_child(id, NodeKind::Construct) }
    }

    /// A physical name with the environment suffix; see [`Scope::name`].
    pub fn name(&self, base: &str) -> Name {
        self.scope.name(base)
    }
}

impl AsScope for Construct {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}
