//! Outputs: `"output": {"ID": {"value": ...}}`, and the outputs tree in the stack's `"//"` metadata.

use std::rc::Rc;

use crate::element::{AsElement, Element};
use crate::expr::Addr;
use crate::tree::{AsScope, NodeKind, Scope};
use crate::value::Val;

pub(crate) struct OutputBlock {
    pub(crate) logical_id: Box<str>,
    pub(crate) value: Val,
    pub(crate) description: Option<String>,
    pub(crate) sensitive: Option<bool>,
    pub(crate) depends_on: Vec<Rc<Addr>>,
}

/// A stack output.
///
/// ```
/// use konductor_core::{App, Environment, Expr, Output, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// Output::new(&stack, "vpc-id", Expr::var("vpc_id")).description("the VPC id");
/// ```
#[derive(Clone, Debug)]
pub struct Output {
    scope: Scope,
}

impl Output {
    /// An output `id` with `value` (a literal or an expression).
    pub fn new(scope: &impl AsScope, id: &str, value: impl Into<Val>) -> Self {
        let parent = scope.scope();
        let logical_id = parent.tree.logical_id_under(parent.node, id);
        if let Some(p) = crate::ids::terraform_name_problem("output", id, &logical_id, &|| parent.child_path(id)) {
            parent.report(p);
        }
        let block = OutputBlock {
            logical_id: logical_id.into(),
            value: value.into(),
            description: None,
            sensitive: None,
            depends_on: Vec::new(),
        };
        Output { scope: parent.add_child(id, NodeKind::Element(Element::Output(Box::new(block)))) }
    }

    fn with<R>(&self, f: impl FnOnce(&mut OutputBlock) -> R) -> R {
        self.scope.tree.with_element(self.scope.node, |e| match e {
            Element::Output(o) => f(o),
            _ => unreachable!("output handles point at outputs"),
        })
    }

    /// Sets the description.
    pub fn description(self, text: &str) -> Self {
        self.with(|o| o.description = Some(text.to_string()));
        self
    }

    /// Marks the output sensitive.
    pub fn sensitive(self, yes: bool) -> Self {
        self.with(|o| o.sensitive = Some(yes));
        self
    }

    /// Adds `depends_on`, written as a plain address (`aws_s3_bucket.b`), as Terraform requires.
    pub fn depends_on(self, other: &impl AsElement) -> Self {
        let a = other.element().addr().clone();
        if !self.scope.tree.owns_addr(&a, "depends_on", || self.scope.path()) {
            return self;
        }
        self.with(|o| o.depends_on.push(a));
        self
    }

    /// The logical id.
    pub fn logical_id(&self) -> String {
        self.with(|o| o.logical_id.to_string())
    }
}
