//! The construct tree: an arena of nodes shared by cheap [`Scope`] handles.

use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use crate::element::Element;
use crate::environment::{Environment, Name};
use crate::error::Problem;
use crate::hash::{hash_str, FxHashMap, FxHasher};
use crate::provider::{AsProvider, ProviderRef};
use crate::rules::RuleSet;
use crate::stack::StackData;

pub(crate) type NodeId = usize;

/// The id of the next app created in this process.
static NEXT_APP_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1);

pub(crate) struct Tree {
    /// This app's id, unique in the process: addresses and provider references carry it, so that a handle
    /// of another app is recognized.
    pub(crate) app_id: u32,
    pub(crate) nodes: RefCell<Vec<Node>>,
    /// The first child of each hash of `(parent, id)`, to find duplicate ids without keeping a second copy
    /// of every id; a hit is checked against the node itself.
    children: RefCell<FxHashMap<u64, NodeId>>,
    pub(crate) problems: RefCell<Vec<Problem>>,
    /// Node id of each stack, by stack index.
    pub(crate) stacks: RefCell<Vec<NodeId>>,
    pub(crate) rule_sets: RefCell<Vec<&'static RuleSet>>,
    /// A buffer for logical ids being computed.
    scratch: RefCell<String>,
    /// Resources and data sources by a hash of (stack, kind, type, logical id): the latest element of each.
    logical_ids: RefCell<FxHashMap<u64, NodeId>>,
    /// Elements whose logical id the named earlier element of the same stack, kind and type already has;
    /// validation reports them.
    pub(crate) same_logical_id: RefCell<FxHashMap<NodeId, NodeId>>,
    /// Scopes whose elements use given provider configurations (one per provider) unless they choose their own.
    scope_providers: RefCell<FxHashMap<NodeId, Vec<ProviderRef>>>,
    /// Compliance declarations, in the order they were made.
    pub(crate) declarations: RefCell<Vec<crate::compliance::Declaration>>,
    /// Deliberate exceptions to rules, in the order they were made.
    pub(crate) acknowledgements: RefCell<Vec<crate::rules::Acknowledgement>>,
    /// Whether dropping the tree hands its nodes back to the operating system at exit instead of freeing
    /// them one by one (see [`App::free_at_exit`](crate::App::free_at_exit)).
    pub(crate) free_at_exit: std::cell::Cell<bool>,
}

impl Drop for Tree {
    fn drop(&mut self) {
        if self.free_at_exit.get() {
            // Every node, value and string of the program, freed one allocation at a time, is a tenth of a
            // stack program's run; the process is about to end, and its memory goes back at once.
            std::mem::forget(std::mem::take(self.nodes.get_mut()));
        }
    }
}

pub(crate) struct Node {
    pub(crate) id: Box<str>,
    /// The parent node, [`NONE`] for the root (32 bits: nodes are many, so they are kept small).
    parent: u32,
    /// The index of the stack the node is in, [`NONE`] outside any stack.
    stack: u32,
    pub(crate) kind: NodeKind,
}

/// No parent, or no stack.
const NONE: u32 = u32::MAX;

fn compact(ix: Option<usize>) -> u32 {
    ix.and_then(|i| u32::try_from(i).ok()).filter(|i| *i != NONE).unwrap_or(NONE)
}

impl Node {
    /// The parent node; `None` for the root.
    pub(crate) fn parent(&self) -> Option<NodeId> {
        (self.parent != NONE).then_some(self.parent as NodeId)
    }

    /// The index of the stack the node is in.
    pub(crate) fn stack(&self) -> Option<usize> {
        (self.stack != NONE).then_some(self.stack as usize)
    }
}

pub(crate) enum NodeKind {
    Root,
    Stack(Box<StackData>),
    Construct,
    Element(Element),
}

impl NodeKind {
    /// What the node is, for messages: `a construct`, `an output`.
    fn describe(&self) -> String {
        match self {
            NodeKind::Root => "the app".into(),
            NodeKind::Stack(_) => "stack".into(),
            NodeKind::Construct => "construct".into(),
            NodeKind::Element(e) => e.describe(),
        }
    }
}

/// The construct path of `node`: ids from the stack (or app child) down, joined by `/`.
pub(crate) fn path_string(nodes: &[Node], node: NodeId) -> String {
    let mut comps = Vec::new();
    path_components(nodes, node, &mut comps);
    comps.join("/")
}

/// Pushes the ids from the top (a stack, or a child of the app) down to `node` onto `out`: the construct
/// path's components.
pub(crate) fn path_components<'n>(nodes: &'n [Node], node: NodeId, out: &mut Vec<&'n str>) {
    let start = out.len();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if nodes[n].parent().is_some() {
            out.push(&nodes[n].id);
        }
        cur = nodes[n].parent();
    }
    out[start..].reverse();
}

/// Pushes the ids from below the stack down to `node` onto `out`.
fn components_below_stack<'n>(nodes: &'n [Node], node: NodeId, out: &mut Vec<&'n str>) {
    let start = out.len();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if matches!(nodes[n].kind, NodeKind::Stack(_) | NodeKind::Root) {
            break;
        }
        out.push(&nodes[n].id);
        cur = nodes[n].parent();
    }
    out[start..].reverse();
}

impl Tree {
    pub(crate) fn new() -> Rc<Tree> {
        Rc::new(Tree {
            app_id: NEXT_APP_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            nodes: RefCell::new(vec![Node { id: "".into(), parent: NONE, stack: NONE, kind: NodeKind::Root }]),
            children: RefCell::new(FxHashMap::default()),
            problems: RefCell::new(Vec::new()),
            stacks: RefCell::new(Vec::new()),
            rule_sets: RefCell::new(Vec::new()),
            scratch: RefCell::new(String::new()),
            logical_ids: RefCell::new(FxHashMap::default()),
            same_logical_id: RefCell::new(FxHashMap::default()),
            scope_providers: RefCell::new(FxHashMap::default()),
            declarations: RefCell::new(Vec::new()),
            acknowledgements: RefCell::new(Vec::new()),
            free_at_exit: std::cell::Cell::new(false),
        })
    }

    /// The configuration of provider `provider` (`aws`) that the nearest scope at or above `node` asked its
    /// elements to use.
    pub(crate) fn scope_provider(&self, node: NodeId, provider: &str) -> Option<ProviderRef> {
        let providers = self.scope_providers.borrow();
        if providers.is_empty() {
            return None;
        }
        let nodes = self.nodes.borrow();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if let Some(p) = providers.get(&n).and_then(|ps| ps.iter().find(|p| p.provider_name() == provider)) {
                return Some(p.clone());
            }
            cur = nodes[n].parent();
        }
        None
    }

    /// The path of a node: ids from the stack (or app child) down, joined by `/`.
    pub(crate) fn path(&self, node: NodeId) -> String {
        path_string(&self.nodes.borrow(), node)
    }

    /// The ids from below the stack down to `node`.
    pub(crate) fn components_below_stack(&self, node: NodeId) -> Vec<String> {
        let nodes = self.nodes.borrow();
        let mut parts = Vec::new();
        components_below_stack(&nodes, node, &mut parts);
        parts.into_iter().map(str::to_string).collect()
    }

    /// The logical id of a new element `id` under `parent`: cdktf's `makeUniqueId` of its path below the
    /// stack.
    pub(crate) fn logical_id_under(&self, parent: NodeId, id: &str) -> String {
        self.with_logical_id_under(parent, id, str::to_string)
    }

    /// Calls `f` with the logical id of a new element `id` under `parent`, computed in a reused buffer.
    pub(crate) fn with_logical_id_under<R>(&self, parent: NodeId, id: &str, f: impl FnOnce(&str) -> R) -> R {
        let nodes = self.nodes.borrow();
        let mut out = self.scratch.borrow_mut();
        out.clear();
        // Constructs are rarely nested deeply: the components fit in an array on the stack.
        let mut depth = 1;
        let mut cur = parent;
        while !matches!(nodes[cur].kind, NodeKind::Stack(_) | NodeKind::Root) {
            depth += 1;
            cur = nodes[cur].parent().unwrap_or(0);
        }
        const SHALLOW: usize = 16;
        if depth <= SHALLOW {
            let mut comps = [""; SHALLOW];
            comps[depth - 1] = id;
            let mut cur = parent;
            for slot in comps[..depth - 1].iter_mut().rev() {
                *slot = &nodes[cur].id;
                cur = nodes[cur].parent().unwrap_or(0);
            }
            crate::logical_id::push_unique_id(&mut out, &comps[..depth]);
        } else {
            let mut comps = Vec::with_capacity(depth);
            components_below_stack(&nodes, parent, &mut comps);
            comps.push(id);
            crate::logical_id::push_unique_id(&mut out, &comps);
        }
        f(&out)
    }

    /// Adds a child, recording a problem for an invalid or duplicate id (the child is still created, so
    /// that one mistake does not cascade).
    pub(crate) fn add_child(&self, parent: NodeId, id: impl Into<Box<str>>, kind: NodeKind) -> NodeId {
        let id: Box<str> = id.into();
        let stack = match &kind {
            NodeKind::Stack(_) => Some(self.stacks.borrow().len()),
            _ => self.nodes.borrow()[parent].stack(),
        };
        let new_id = self.nodes.borrow().len();
        // The path is only needed for a problem, so it is built only then.
        let child_path = || {
            let p = self.path(parent);
            if p.is_empty() {
                id.to_string()
            } else {
                format!("{p}/{id}")
            }
        };
        if id.is_empty() {
            self.report(
                Problem::new(child_path(), "a construct id is empty").with_fix("give every construct a non-empty id"),
            );
        } else if id.contains('/') {
            self.report(
                Problem::new(
                    child_path(),
                    format!("construct id `{id}` contains `/`, which separates path components"),
                )
                .with_fix("use `-` or `_` instead of `/` in ids"),
            );
        }
        if parent == 0 && !matches!(kind, NodeKind::Stack(_)) {
            // Below a construct outside any stack, nothing more is reported: its ancestor was.
            self.report(
                Problem::new(
                    child_path(),
                    format!(
                        "{} `{id}` is created on the App, outside any stack, so it would not be written",
                        kind.describe()
                    ),
                )
                .with_fix("create it inside a `Stack` (or a construct within one): pass `&stack`, not `&app`"),
            );
        }
        if self.is_duplicate(parent, &id, new_id) {
            let path = child_path();
            self.report(
                Problem::new(&path, format!("duplicate construct id `{id}`: `{path}` is defined twice"))
                    .with_fix("give each child of a scope a different id"),
            );
        }
        if matches!(kind, NodeKind::Stack(_)) {
            self.stacks.borrow_mut().push(new_id);
        }
        self.nodes.borrow_mut().push(Node { id, parent: compact(Some(parent)), stack: compact(stack), kind });
        new_id
    }

    /// Records the logical id of resource or data source `node`, just created, and the latest earlier element
    /// of its stack, kind and type with the same id, if there is one.
    pub(crate) fn record_logical_id(&self, node: NodeId) {
        let nodes = self.nodes.borrow();
        // (stack, is data, type, logical id)
        let key_of = |n: NodeId| match &nodes[n].kind {
            NodeKind::Element(Element::Resource(b)) => Some((nodes[n].stack(), false, &*b.tf_type, b.logical_id())),
            NodeKind::Element(Element::Data(b)) => Some((nodes[n].stack(), true, &*b.tf_type, b.logical_id())),
            _ => None,
        };
        let Some(key) = key_of(node) else { return };
        let mut h = FxHasher::default();
        key.hash(&mut h);
        let same = |other: NodeId| key_of(other) == Some(key);
        let earlier = match self.logical_ids.borrow_mut().entry(h.finish()) {
            Entry::Vacant(v) => {
                v.insert(node);
                return;
            }
            Entry::Occupied(mut o) if same(*o.get()) => o.insert(node),
            // Another id with the same hash: look at the earlier elements themselves (practically never).
            Entry::Occupied(_) => match (0..node).rev().find(|o| same(*o)) {
                Some(earlier) => earlier,
                None => return,
            },
        };
        self.same_logical_id.borrow_mut().insert(node, earlier);
    }

    /// Whether `parent` already has a child `id`; if not, records `new_id` as that child.
    fn is_duplicate(&self, parent: NodeId, id: &str, new_id: NodeId) -> bool {
        let mut children = self.children.borrow_mut();
        let key = hash_str(id) ^ (parent as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        match children.entry(key) {
            Entry::Vacant(v) => {
                v.insert(new_id);
                false
            }
            Entry::Occupied(o) => {
                let nodes = self.nodes.borrow();
                let first = &nodes[*o.get()];
                // Another child with the same hash: look at the siblings themselves (practically never).
                (first.parent() == Some(parent) && &*first.id == id)
                    || nodes.iter().any(|n| n.parent() == Some(parent) && &*n.id == id)
            }
        }
    }

    pub(crate) fn report(&self, p: Problem) {
        self.problems.borrow_mut().push(p);
    }

    /// Reports `p` unless the same problem was reported already.
    pub(crate) fn report_once(&self, p: Problem) {
        let mut problems = self.problems.borrow_mut();
        if !problems.contains(&p) {
            problems.push(p);
        }
    }

    /// Whether `p` is a provider configuration of this app; if not, reports it at `path`.
    pub(crate) fn owns_provider(&self, p: &ProviderRef, path: impl FnOnce() -> String) -> bool {
        if p.app == self.app_id {
            return true;
        }
        self.report(
            Problem::new(path(), format!("provider `{}` is a configuration of another App", p.as_str()))
                .with_fix("create the provider in this App's stack; handles of one App cannot be used in another"),
        );
        false
    }

    /// Whether `addr` is an element of this app; if not, reports it at `path` as the target of `what`.
    pub(crate) fn owns_addr(&self, addr: &crate::expr::Addr, what: &str, path: impl FnOnce() -> String) -> bool {
        if addr.app == self.app_id {
            return true;
        }
        self.report(
            Problem::new(path(), format!("{what} `{}` is an element of another App", addr.address))
                .with_fix("create both in the same App; handles of one App cannot be used in another"),
        );
        false
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

    /// The name of the stack this scope is in; `None` for the app itself.
    pub fn stack_name(&self) -> Option<String> {
        let ix = self.stack_index()?;
        let node = self.tree.stacks.borrow()[ix];
        Some(self.tree.nodes.borrow()[node].id.to_string())
    }

    /// Makes every resource and data source of that provider (`aws_*` for an `aws` configuration) created
    /// below this scope use `provider` (an aliased configuration, typically of another account or region),
    /// unless the element chooses its own with `.provider(...)`. Constructs built below inherit it, so a
    /// whole VPC with its flow logs can live in another account.
    pub fn use_provider(&self, provider: &impl AsProvider) {
        let p = provider.provider_ref().clone();
        if !self.tree.owns_provider(&p, || self.path()) {
            return;
        }
        let mut all = self.tree.scope_providers.borrow_mut();
        let here = all.entry(self.node).or_default();
        here.retain(|q| q.provider_name() != p.provider_name());
        here.push(p);
    }

    /// The configuration of provider `provider` (`"aws"`) that elements created here use unless they choose
    /// their own: the one the nearest scope at or above asked for with [`Scope::use_provider`], or `None`
    /// for the default configuration. Two scopes with the same answer manage resources in the same account
    /// and region.
    ///
    /// ```
    /// use konductor_core::{testing, AsScope, Construct, ProviderInfo};
    /// static AWS: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };
    /// testing::synth(|stack| {
    ///     let pci = konductor_core::create_provider(stack, "pci", &AWS, vec![("alias".into(), "pci".into())]);
    ///     let account = Construct::new(stack, "pci-account").with_provider(&pci);
    ///     assert_eq!(account.scope().default_provider("aws").unwrap().as_str(), "aws.pci");
    ///     assert_eq!(stack.scope().default_provider("aws"), None);
    /// });
    /// ```
    pub fn default_provider(&self, provider: &str) -> Option<ProviderRef> {
        self.tree.scope_provider(self.node, provider)
    }

    /// The id of this scope among its siblings.
    pub fn id(&self) -> String {
        self.tree.nodes.borrow()[self.node].id.to_string()
    }

    /// The stack this scope is in, if any.
    pub(crate) fn stack_index(&self) -> Option<usize> {
        self.tree.nodes.borrow()[self.node].stack()
    }

    /// The environment of the stack this scope is in; `None` for the app and for constructs created on it.
    pub fn try_environment(&self) -> Option<Environment> {
        self.stack_index().map(|ix| self.tree.stack_env(ix))
    }

    /// The environment of the stack this scope is in.
    ///
    /// Outside any stack there is none: called on the app itself, that is a problem reported at synthesis
    /// (a construct created on the app is reported when it is created), and the environment returned is a
    /// stand-in, `no-stack`, so that building can go on and every problem be reported at once.
    pub fn environment(&self) -> Environment {
        match self.try_environment() {
            Some(env) => env,
            None => {
                if self.node == 0 {
                    self.tree.report_once(
                        Problem::new(
                            "app",
                            "the App has no environment: only stacks (and what is inside them) have one",
                        )
                        .with_fix("call `environment()` and `name(...)` on a stack or on a construct inside one"),
                    );
                }
                Environment::outside_stacks()
            }
        }
    }

    /// A physical name with the environment suffix: in a `dev` stack, `scope.name("security-bucket")` is
    /// `security-bucket-dev`. The only way to turn text into a [`Name`].
    ///
    /// The same base used by two instances of one construct gives the same name twice (an error at
    /// synthesis for physical names); [`Scope::name_from_path`] names by the construct path instead.
    pub fn name(&self, base: &str) -> Name {
        self.environment().name(base)
    }

    /// A physical name made from the construct path below the stack and `base`, with the environment
    /// suffix: in a `dev` stack, a construct at `storage/team-a` naming `"artifacts"` gets
    /// `team-a-artifacts-dev`. Two instances of one construct (`team-a`, `team-b`) so get different
    /// names, where [`Scope::name`] would give both the same. At the stack itself it is [`Scope::name`].
    ///
    /// The ids are used as they are (nothing is rewritten): a name rule that refuses a character (an S3
    /// bucket takes no upper case) reports it at synthesis.
    ///
    /// ```
    /// use konductor_core::{App, AsScope, Construct, Environment, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "storage", &Environment::new("dev").unwrap());
    /// let team_a = Construct::new(&stack, "team-a");
    /// assert_eq!(team_a.name_from_path("artifacts").as_str(), "team-a-artifacts-dev");
    /// assert_eq!(stack.name_from_path("artifacts").as_str(), "artifacts-dev");
    /// ```
    pub fn name_from_path(&self, base: &str) -> Name {
        let mut parts = self.tree.components_below_stack(self.node);
        parts.push(base.to_string());
        self.environment().name(&parts.join("-"))
    }

    /// Records a problem found while building, reported with every other problem at synthesis.
    pub fn report(&self, problem: Problem) {
        self.tree.report(problem);
    }

    /// Registers a provider's rule set (names, destroyability) so synthesis checks it.
    pub fn register_rules(&self, rules: &'static RuleSet) {
        self.tree.register_rules(rules);
    }

    /// The path a child `id` of this scope has (or will have).
    pub(crate) fn child_path(&self, id: &str) -> String {
        let p = self.path();
        if p.is_empty() {
            id.to_string()
        } else {
            format!("{p}/{id}")
        }
    }

    /// Acknowledges that the resources at and below this scope break `rule` (a rule name a provider crate
    /// documents, such as `aws-iam-full-admin`) on purpose, for `reason`: the checks of that rule accept
    /// them. The named opt-out for what a typed builder cannot say (raw JSON in a generic resource, an
    /// override). An empty reason is an error at synthesis.
    ///
    /// ```
    /// use konductor_core::{App, AsScope, Construct, Environment, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    /// let break_glass = Construct::new(&stack, "break-glass");
    /// break_glass.scope().acknowledge("aws-iam-full-admin", "the security team's break-glass role");
    /// ```
    pub fn acknowledge(&self, rule: &str, reason: impl Into<String>) {
        self.record_acknowledgement(rule, None, reason.into());
    }

    /// Acknowledges that exactly `subject` (a policy statement's JSON text, say) breaks `rule` on purpose,
    /// for `reason`, wherever in the app it appears: how a typed opt-out (`Statement::allow_full_admin`)
    /// survives rendering into a plain attribute value.
    ///
    /// ```
    /// use konductor_core::{App, AsScope, Environment, Stack};
    /// let app = App::new();
    /// let stack = Stack::new(&app, "iam", &Environment::new("dev").unwrap());
    /// stack.scope().acknowledge_subject("aws-iam-full-admin", r#"{"Action":"*"}"#, "break-glass role");
    /// ```
    pub fn acknowledge_subject(&self, rule: &str, subject: impl Into<String>, reason: impl Into<String>) {
        self.record_acknowledgement(rule, Some(subject.into()), reason.into());
    }

    fn record_acknowledgement(&self, rule: &str, subject: Option<String>, reason: String) {
        if reason.trim().is_empty() {
            self.report(
                Problem::new(self.path(), format!("acknowledges rule `{rule}` with an empty reason"))
                    .with_fix("say why the exception is needed, for the reviewers"),
            );
            return;
        }
        self.tree.acknowledgements.borrow_mut().push(crate::rules::Acknowledgement {
            node: self.node,
            rule: rule.to_string(),
            subject,
            reason,
        });
    }

    pub(crate) fn add_child(&self, id: impl Into<Box<str>>, kind: NodeKind) -> Scope {
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

    /// A physical name made from the construct path; see [`Scope::name_from_path`].
    fn name_from_path(&self, base: &str) -> Name {
        self.scope().name_from_path(base)
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

    /// This construct, with every resource and data source below it using `provider`; see
    /// [`Scope::use_provider`].
    ///
    /// ```
    /// use konductor_core::{testing, Construct, GenericResource, ProviderInfo};
    /// static AWS: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };
    /// let json = testing::synth(|stack| {
    ///     let pci = konductor_core::create_provider(stack, "pci", &AWS, vec![("alias".into(), "pci".into())]);
    ///     let account = Construct::new(stack, "pci-account").with_provider(&pci);
    ///     GenericResource::new(&account, "vpc", "aws_vpc");
    /// });
    /// let (_, vpc) = testing::resources(&json, "aws_vpc")[0];
    /// assert_eq!(vpc["provider"], "aws.pci");
    /// ```
    pub fn with_provider(self, provider: &impl AsProvider) -> Self {
        self.scope.use_provider(provider);
        self
    }
}

impl AsScope for Construct {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}
