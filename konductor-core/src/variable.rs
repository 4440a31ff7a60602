//! Input variables (`"variable"`) and locals (`"locals"`).

use crate::element::{Check, Element};
use crate::expr::Expr;
use crate::tree::{AsScope, NodeKind, Scope};
use crate::value::Val;

pub(crate) struct VariableBlock {
    pub(crate) logical_id: Box<str>,
    pub(crate) type_expr: Option<String>,
    pub(crate) default: Option<Val>,
    pub(crate) description: Option<String>,
    pub(crate) sensitive: Option<bool>,
    pub(crate) nullable: Option<bool>,
    pub(crate) validations: Vec<Check>,
}

/// An input variable; [`Variable::value`] is `var.NAME`.
///
/// ```
/// use konductor_core::{App, Environment, Stack, Variable};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// let tgw = Variable::new(&stack, "transit_gateway_id").type_expr("string").description("the TGW to attach to");
/// assert_eq!(tgw.value().to_string(), "${var.transit_gateway_id}");
/// ```
#[derive(Clone, Debug)]
pub struct Variable {
    scope: Scope,
    name: String,
}

/// The Terraform name of `kind` `id` under `parent`: its logical id, reported when Terraform cannot take it.
fn logical_id(kind: &str, parent: &Scope, id: &str) -> String {
    let name = parent.tree.logical_id_under(parent.node, id);
    if let Some(p) = crate::ids::terraform_name_problem(kind, id, &name, &|| parent.child_path(id)) {
        parent.report(p);
    }
    name
}

impl Variable {
    /// A variable `id` (its Terraform name is the logical id: `id` itself at stack level).
    pub fn new(scope: &impl AsScope, id: &str) -> Self {
        let parent = scope.scope();
        let name = logical_id("variable", parent, id);
        let block = VariableBlock {
            logical_id: name.clone().into(),
            type_expr: None,
            default: None,
            description: None,
            sensitive: None,
            nullable: None,
            validations: Vec::new(),
        };
        Variable { scope: parent.add_child(id, NodeKind::Element(Element::Variable(Box::new(block)))), name }
    }

    fn with(self, f: impl FnOnce(&mut VariableBlock)) -> Self {
        self.scope.tree.with_element(self.scope.node, |e| match e {
            Element::Variable(v) => f(v),
            _ => unreachable!("variable handles point at variables"),
        });
        self
    }

    /// The type constraint, in Terraform syntax: `string`, `list(string)`, `map(number)`.
    pub fn type_expr(self, t: &str) -> Self {
        let t = t.to_string();
        self.with(|v| v.type_expr = Some(t))
    }

    /// The default value.
    pub fn default(self, value: impl Into<Val>) -> Self {
        let d = value.into();
        self.with(|v| v.default = Some(d))
    }

    /// The description.
    pub fn description(self, text: &str) -> Self {
        let d = text.to_string();
        self.with(|v| v.description = Some(d))
    }

    /// Marks the variable sensitive.
    pub fn sensitive(self, yes: bool) -> Self {
        self.with(|v| v.sensitive = Some(yes))
    }

    /// Whether `null` is accepted.
    pub fn nullable(self, yes: bool) -> Self {
        self.with(|v| v.nullable = Some(yes))
    }

    /// Adds a `validation` block.
    pub fn validation(self, condition: Expr, error_message: &str) -> Self {
        let c = Check::new(condition, error_message);
        self.with(|v| v.validations.push(c))
    }

    /// `var.NAME`.
    pub fn value(&self) -> Expr {
        Expr::var(&self.name)
    }
}

pub(crate) struct LocalBlock {
    pub(crate) name: Box<str>,
    pub(crate) value: Val,
}

/// A local value; [`Local::value`] is `local.NAME`.
///
/// ```
/// use konductor_core::{App, Environment, Local, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
/// let team = Local::new(&stack, "team", "platform");
/// assert_eq!(team.value().to_string(), "${local.team}");
/// ```
#[derive(Clone, Debug)]
pub struct Local {
    name: String,
}

impl Local {
    /// A local `id` with `value`.
    pub fn new(scope: &impl AsScope, id: &str, value: impl Into<Val>) -> Self {
        let parent = scope.scope();
        let name = logical_id("local", parent, id);
        let block = LocalBlock { name: name.clone().into(), value: value.into() };
        parent.add_child(id, NodeKind::Element(Element::Local(block)));
        Local { name }
    }

    /// `local.NAME`.
    pub fn value(&self) -> Expr {
        Expr::local(&self.name)
    }
}
