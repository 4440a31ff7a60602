//! Elements: resources and data sources (typed ones come from the macros; [`GenericResource`] and
//! [`GenericData`] are the escape hatch), with their meta-arguments and overrides.

use std::rc::Rc;

use crate::expr::{Addr, Expr};
use crate::json::cmp_keys;
use crate::output::OutputBlock;
use crate::provider::{AsProvider, ProviderBlock, ProviderRef};
use crate::rules::RuleSet;
use crate::tree::{AsScope, NodeId, NodeKind, Scope};
use crate::value::{IntoValue, Key, Val};
use crate::variable::{LocalBlock, VariableBlock};

/// What konductor knows statically about a typed resource or data source type.
#[derive(Debug)]
pub struct TypeInfo {
    /// The Terraform type: `aws_s3_bucket`.
    pub tf_type: &'static str,
    /// The provider the type belongs to (added to `required_providers`).
    pub provider: Option<&'static crate::provider::ProviderInfo>,
    /// The provider's rules, registered with the app when an element of this type is created.
    pub rules: Option<&'static RuleSet>,
}

/// An element, stored inline in its tree node: resources and data sources (most of a stack) unboxed, the
/// larger and rarer kinds boxed so that they do not make every node bigger.
pub(crate) enum Element {
    Resource(Block),
    Data(Block),
    Provider(ProviderBlock),
    Output(Box<OutputBlock>),
    Variable(Box<VariableBlock>),
    Local(LocalBlock),
}

impl Element {
    /// What the element is, for messages: `resource \`aws_vpc\``, `output`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Element::Resource(b) => format!("resource `{}`", b.tf_type),
            Element::Data(b) => format!("data source `{}`", b.tf_type),
            Element::Provider(p) => format!("provider `{}`", p.name),
            Element::Output(_) => "output".into(),
            Element::Variable(_) => "variable".into(),
            Element::Local(_) => "local".into(),
        }
    }
}

/// A resource or data source block.
pub(crate) struct Block {
    pub(crate) tf_type: Key,
    /// Its address, which ends with its logical id.
    pub(crate) addr: Rc<Addr>,
    /// Sorted by [`cmp_keys`], unique.
    pub(crate) attrs: Vec<(Key, Val)>,
    /// Meta-arguments and overrides, allocated only for the few elements that have any.
    pub(crate) meta: Option<Box<Meta>>,
}

impl Block {
    /// The logical id: `env1_vpc_9613614C`.
    pub(crate) fn logical_id(&self) -> &str {
        self.addr.logical_id()
    }

    /// The meta-arguments, created empty on first use.
    fn meta_mut(&mut self) -> &mut Meta {
        self.meta.get_or_insert_with(Default::default)
    }

    /// The attribute `name`, if set (attributes are sorted, so this is a binary search).
    pub(crate) fn attr(&self, name: &str) -> Option<&Val> {
        self.attrs.binary_search_by(|(k, _)| cmp_keys(k, name)).ok().map(|i| &self.attrs[i].1)
    }

    /// The overrides, `(dotted path, value)` in the order they were added.
    pub(crate) fn overrides(&self) -> &[(String, serde_json::Value)] {
        self.meta.as_deref().map_or(&[], |m| &m.overrides)
    }
}

/// Meta-arguments of a resource or data source, and its overrides.
#[derive(Default)]
pub(crate) struct Meta {
    pub(crate) overrides: Vec<(String, serde_json::Value)>,
    pub(crate) count: Option<Val>,
    pub(crate) for_each: Option<Val>,
    pub(crate) depends_on: Vec<Rc<Addr>>,
    pub(crate) provider: Option<ProviderRef>,
    pub(crate) lifecycle: Option<Lifecycle>,
}

/// The `lifecycle` meta-argument. There is deliberately no `prevent_destroy`: every environment must be
/// removable by `terraform destroy` alone.
///
/// ```
/// use konductor_core::Lifecycle;
/// let l = Lifecycle::new().create_before_destroy(true).ignore_changes(["tags"]);
/// # let _ = l;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lifecycle {
    pub(crate) create_before_destroy: Option<bool>,
    pub(crate) ignore_changes: Option<IgnoreChanges>,
    pub(crate) replace_triggered_by: Vec<Expr>,
    pub(crate) preconditions: Vec<Check>,
    pub(crate) postconditions: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IgnoreChanges {
    All,
    Attributes(Vec<String>),
}

/// A condition and the message shown when it is false (`precondition`, `postcondition`, variable
/// `validation`).
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub(crate) condition: Expr,
    pub(crate) error_message: String,
}

impl Check {
    /// A check of `condition`, failing with `error_message`.
    pub fn new(condition: Expr, error_message: impl Into<String>) -> Self {
        Check { condition, error_message: error_message.into() }
    }
}

impl Lifecycle {
    /// An empty lifecycle block.
    pub fn new() -> Self {
        Self::default()
    }
    /// `create_before_destroy`.
    pub fn create_before_destroy(mut self, yes: bool) -> Self {
        self.create_before_destroy = Some(yes);
        self
    }
    /// `ignore_changes` for these attributes.
    pub fn ignore_changes<S: Into<String>>(mut self, attrs: impl IntoIterator<Item = S>) -> Self {
        self.ignore_changes = Some(IgnoreChanges::Attributes(attrs.into_iter().map(Into::into).collect()));
        self
    }
    /// `ignore_changes = all`.
    pub fn ignore_all_changes(mut self) -> Self {
        self.ignore_changes = Some(IgnoreChanges::All);
        self
    }
    /// `replace_triggered_by` these references.
    pub fn replace_triggered_by(mut self, refs: impl IntoIterator<Item = Expr>) -> Self {
        self.replace_triggered_by = refs.into_iter().collect();
        self
    }
    /// Adds a `precondition`.
    pub fn precondition(mut self, check: Check) -> Self {
        self.preconditions.push(check);
        self
    }
    /// Adds a `postcondition`.
    pub fn postcondition(mut self, check: Check) -> Self {
        self.postconditions.push(check);
        self
    }
}

/// A handle to a resource or data source in the tree: references to its attributes, its meta-arguments,
/// and overrides. Typed handles deref to it.
#[derive(Clone)]
pub struct ElementRef {
    scope: Scope,
    addr: Rc<Addr>,
}

impl std::fmt::Debug for ElementRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ElementRef({})", self.addr.address)
    }
}

/// Anything that is a resource or data source: what `depends_on` accepts.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a resource or data source handle: `depends_on` takes the element itself",
    label = "expected a handle such as `&igw`, not an address",
    note = "pass the handle the element's builder returned (`nat.depends_on(&igw)`), so the address is always right; text like \"aws_internet_gateway.x\" is never checked"
)]
pub trait AsElement {
    /// The element.
    fn element(&self) -> &ElementRef;
}

impl AsElement for ElementRef {
    fn element(&self) -> &ElementRef {
        self
    }
}

impl AsScope for ElementRef {
    fn scope(&self) -> &Scope {
        &self.scope
    }
}

impl ElementRef {
    fn node(&self) -> NodeId {
        self.scope.node
    }

    fn with_block<R>(&self, f: impl FnOnce(&mut Block) -> R) -> R {
        self.scope.tree.with_element(self.node(), |e| match e {
            Element::Resource(b) | Element::Data(b) => f(b),
            _ => unreachable!("element refs point at resources and data sources"),
        })
    }

    /// The Terraform address: `aws_s3_bucket.logs` or `data.aws_region.current`.
    pub fn address(&self) -> &str {
        &self.addr.address
    }

    /// The logical id: `env1_vpc_9613614C`.
    pub fn logical_id(&self) -> String {
        self.with_block(|b| b.logical_id().to_string())
    }

    /// The address, for expressions and `depends_on`.
    pub fn addr(&self) -> &Rc<Addr> {
        &self.addr
    }

    /// A reference to any attribute: `bucket.attr("arn")` renders `${aws_s3_bucket.x.arn}`.
    pub fn attr(&self, name: &str) -> Expr {
        Expr::reference(self.addr.clone(), name.to_string())
    }

    /// A reference to a schema attribute known at compile time (used by generated getters).
    pub fn attr_static(&self, name: &'static str) -> Expr {
        Expr::reference(self.addr.clone(), name)
    }

    /// Adds `depends_on` on another element.
    pub fn depends_on(&self, other: &impl AsElement) -> &Self {
        let a = other.element().addr.clone();
        if !self.scope.tree.owns_addr(&a, "depends_on", || self.scope.path()) {
            return self;
        }
        self.with_block(|b| {
            let meta = b.meta_mut();
            if !meta.depends_on.contains(&a) {
                meta.depends_on.push(a)
            }
        });
        self
    }

    /// Adds `depends_on` on another element as [`ElementRef::depends_on`] does, then keeps the whole
    /// list in address order: for constructs that add a dependency each time a program calls them, so
    /// that the bytes do not depend on the order of the calls.
    pub fn depends_on_in_address_order(&self, other: &impl AsElement) -> &Self {
        self.depends_on(other);
        self.with_block(|b| b.meta_mut().depends_on.sort_by(|x, y| x.address.cmp(&y.address)));
        self
    }

    /// Sets `count`.
    pub fn count(&self, count: impl IntoValue<f64>) -> &Self {
        let v = count.into_val();
        self.with_block(|b| b.meta_mut().count = Some(v));
        self
    }

    /// Sets `for_each` (a map or a set of strings); use [`Expr::each_key`] and [`Expr::each_value`].
    pub fn for_each(&self, items: impl Into<Val>) -> &Self {
        let v = items.into();
        self.with_block(|b| b.meta_mut().for_each = Some(v));
        self
    }

    /// Uses a specific (usually aliased) provider configuration.
    pub fn provider(&self, provider: &impl AsProvider) -> &Self {
        let p = provider.provider_ref().clone();
        if !self.scope.tree.owns_provider(&p, || self.scope.path()) {
            return self;
        }
        self.with_block(|b| b.meta_mut().provider = Some(p));
        self
    }

    /// Sets the `lifecycle` block.
    pub fn lifecycle(&self, lifecycle: Lifecycle) -> &Self {
        self.with_block(|b| b.meta_mut().lifecycle = Some(lifecycle));
        self
    }

    /// Replaces (or adds) the value of attribute `name` after the element was built, as cdktf's mutable
    /// properties do: for constructs that keep a value up to date as more is added to it (a policy that
    /// grants extend). Synthesis checks the result like any other value.
    ///
    /// ```
    /// use konductor_core::{testing, GenericResource};
    /// let json = testing::synth(|stack| {
    ///     let q = GenericResource::new(stack, "q", "aws_sqs_queue").set("name", stack.name("jobs"));
    ///     q.set_attribute("delay_seconds", 5);
    /// });
    /// assert_eq!(testing::resources(&json, "aws_sqs_queue")[0].1["delay_seconds"], 5);
    /// ```
    pub fn set_attribute(&self, name: &str, value: impl Into<Val>) -> &Self {
        set_attr(self, name, value.into());
        self
    }

    /// Overrides a value in the synthesized JSON at a dotted path (`"versioning.0.enabled"`), like cdktf's
    /// `addOverride`. The escape hatch for what typed setters do not offer; synthesis still checks the
    /// result against the destroyability and name rules.
    pub fn add_override(&self, path: &str, value: impl Into<serde_json::Value>) -> &Self {
        let v = value.into();
        self.with_block(|b| b.meta_mut().overrides.push((path.to_string(), v)));
        self
    }
}

pub(crate) fn new_block(
    scope: &impl AsScope,
    id: Box<str>,
    tf_type: Key,
    attrs: Vec<(Key, Val)>,
    data: bool,
    info: Option<&'static TypeInfo>,
) -> ElementRef {
    let parent = scope.scope();
    let app = parent.tree.app_id;
    let Some(stack) = parent.stack_index() else {
        // Outside any stack (on the app, reported as the node is added, or below a construct on the app,
        // reported when that was added): kept in a node outside every stack, which is never written.
        let addr = Rc::new(Addr::new(app, usize::MAX, &tf_type, &id, data));
        let block = Block { tf_type, addr: addr.clone(), attrs, meta: None };
        let element = if data { Element::Data(block) } else { Element::Resource(block) };
        let scope = parent.add_child(id, NodeKind::Element(element));
        return ElementRef { scope, addr };
    };
    if let Some(info) = info {
        if let Some(rules) = info.rules {
            parent.tree.register_rules(rules);
        }
        if let Some(p) = info.provider {
            parent.tree.with_stack(stack, |s| s.require_provider(p));
        }
    }
    let addr = parent.tree.with_logical_id_under(parent.node, &id, |logical_id| {
        Rc::new(Addr::new(app, stack, &tf_type, logical_id, data))
    });
    let mut attrs = attrs;
    crate::value::sort_entries(&mut attrs);
    attrs.shrink_to_fit();
    // A type's provider is the first word of its name: `aws_vpc` is an `aws` type.
    let provider = parent.tree.scope_provider(parent.node, tf_type.split('_').next().unwrap_or_default());
    if !addr.logical_id().starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        if let Some(p) = crate::ids::logical_id_problem(&addr.address, addr.logical_id(), &|| parent.child_path(&id)) {
            parent.report(p);
        }
    }
    let block = Block { tf_type, addr: addr.clone(), attrs, meta: None };
    let element = if data { Element::Data(block) } else { Element::Resource(block) };
    let scope = parent.add_child(id, NodeKind::Element(element));
    scope.tree.record_logical_id(scope.node);
    let element = ElementRef { scope, addr };
    if let Some(p) = provider {
        element.provider(&p);
    }
    element
}

/// Creates a typed resource; called by the code the `#[resource]` macro generates (which hands over the id
/// it owns, so that it is not copied again).
#[doc(hidden)]
pub fn create_resource(
    scope: &impl AsScope,
    id: impl Into<Box<str>>,
    info: &'static TypeInfo,
    attrs: Vec<(Key, Val)>,
) -> ElementRef {
    new_block(scope, id.into(), Key::Borrowed(info.tf_type), attrs, false, Some(info))
}

/// Creates a typed data source; called by the code the `#[data_source]` macro generates.
#[doc(hidden)]
pub fn create_data(
    scope: &impl AsScope,
    id: impl Into<Box<str>>,
    info: &'static TypeInfo,
    attrs: Vec<(Key, Val)>,
) -> ElementRef {
    new_block(scope, id.into(), Key::Borrowed(info.tf_type), attrs, true, Some(info))
}

/// A resource of any type, with attributes set as values: the escape hatch for types without bindings.
///
/// Synthesis checks it against the same name and destroyability rules as typed resources.
///
/// ```
/// use konductor_core::{App, Environment, GenericResource, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
/// let q = GenericResource::new(&stack, "queue", "aws_sqs_queue")
///     .set("name", stack.name("jobs"))
///     .set("sqs_managed_sse_enabled", true);
/// assert_eq!(q.attr("arn").to_string(), "${aws_sqs_queue.queue.arn}");
/// ```
#[derive(Clone, Debug)]
pub struct GenericResource(ElementRef);

impl GenericResource {
    /// A resource of type `tf_type` with `id` under `scope`.
    pub fn new(scope: &impl AsScope, id: &str, tf_type: &str) -> Self {
        GenericResource(new_block(scope, id.into(), Key::Owned(tf_type.to_string()), Vec::new(), false, None))
    }

    /// Sets attribute `name` (a literal, an expression, a [`Name`](crate::Name) or a `serde_json::Value`).
    pub fn set(self, name: &str, value: impl Into<Val>) -> Self {
        set_attr(&self.0, name, value.into());
        self
    }
}

/// A data source of any type, with attributes set as values.
#[derive(Clone, Debug)]
pub struct GenericData(ElementRef);

impl GenericData {
    /// A data source of type `tf_type` with `id` under `scope`.
    pub fn new(scope: &impl AsScope, id: &str, tf_type: &str) -> Self {
        GenericData(new_block(scope, id.into(), Key::Owned(tf_type.to_string()), Vec::new(), true, None))
    }

    /// Sets argument `name`.
    pub fn set(self, name: &str, value: impl Into<Val>) -> Self {
        set_attr(&self.0, name, value.into());
        self
    }
}

fn set_attr(e: &ElementRef, name: &str, value: Val) {
    e.with_block(|b| match b.attrs.binary_search_by(|(k, _)| cmp_keys(k, name)) {
        Ok(i) => b.attrs[i].1 = value,
        Err(i) => b.attrs.insert(i, (Key::Owned(name.to_string()), value)),
    });
}

macro_rules! deref_element {
    ($t:ty) => {
        impl std::ops::Deref for $t {
            type Target = ElementRef;
            fn deref(&self) -> &ElementRef {
                &self.0
            }
        }
        impl AsElement for $t {
            fn element(&self) -> &ElementRef {
                &self.0
            }
        }
    };
}
deref_element!(GenericResource);
deref_element!(GenericData);

impl From<serde_json::Value> for Val {
    fn from(j: serde_json::Value) -> Val {
        Val::Json(Rc::new(j))
    }
}
impl From<crate::Name> for Val {
    fn from(n: crate::Name) -> Val {
        n.into_literal()
    }
}
impl From<&crate::Name> for Val {
    fn from(n: &crate::Name) -> Val {
        Val::str(n.as_str())
    }
}
