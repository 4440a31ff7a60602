//! Terraform expressions: references from handles, variables, locals, function calls and string
//! templates. They render as `${...}`; there are no sentinel strings and no global token table.

use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use crate::environment::Name;
use crate::json::format_f64;
use crate::value::{IntoValue, Key, Val};

/// The address of an element in a stack: `aws_vpc.env1_vpc_9613614C`, `data.aws_region.region`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Addr {
    /// The app the element belongs to (the tree's `app_id`): a handle of another app is an
    /// error, never a dangling address.
    pub(crate) app: u32,
    pub(crate) stack: usize,
    pub(crate) address: Box<str>,
    /// Where the logical id starts in `address`.
    pub(crate) id_start: usize,
}

impl Addr {
    /// The address of element `logical_id` of type `tf_type` in `stack` (a data source when `data`).
    pub(crate) fn new(app: u32, stack: usize, tf_type: &str, logical_id: &str, data: bool) -> Addr {
        let prefix = if data { "data." } else { "" };
        let mut address = String::with_capacity(prefix.len() + tf_type.len() + 1 + logical_id.len());
        address.push_str(prefix);
        address.push_str(tf_type);
        address.push('.');
        let id_start = address.len();
        address.push_str(logical_id);
        Addr { app, stack, address: address.into(), id_start }
    }
}

impl Addr {
    /// The Terraform address, `TYPE.LOGICAL_ID` or `data.TYPE.LOGICAL_ID`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The logical id, the end of the address.
    pub(crate) fn logical_id(&self) -> &str {
        &self.address[self.id_start..]
    }
}

/// A Terraform expression.
///
/// ```
/// use konductor_core::Expr;
/// let cidr = Expr::var("vpc_cidr");
/// let subnet = Expr::call("cidrsubnet", [cidr.into(), 4.into(), 1.into()]);
/// assert_eq!(subnet.to_string(), "${cidrsubnet(var.vpc_cidr, 4, 1)}");
/// ```
#[derive(Clone, PartialEq)]
pub struct Expr(Rc<ExprKind>);

#[derive(Debug, PartialEq)]
enum ExprKind {
    Ref {
        addr: Rc<Addr>,
        attr: Key,
    },
    Raw(Key),
    Call {
        func: Key,
        args: Vec<Val>,
    },
    Template(Vec<Part>),
    GetAttr(Expr, Key),
    Index(Expr, Val),
    /// Boxed: rare, and the largest, so the common kinds stay small.
    Conditional(Box<(Expr, Val, Val)>),
}

/// One piece of a string template: literal text or an interpolated expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text (escaped when written).
    Text(Box<str>),
    /// An expression, written as `${...}`.
    Expr(Expr),
}

/// Resolves references while an expression is written: in the element's own stack a reference is its
/// address; across stacks it becomes a remote-state read.
pub(crate) trait Resolver {
    fn reference(&self, addr: &Addr, attr: &str, out: &mut String);
}

/// Writes references as they are, as if every element were in the same stack.
pub(crate) struct SameStack;

impl Resolver for SameStack {
    fn reference(&self, addr: &Addr, attr: &str, out: &mut String) {
        out.push_str(&addr.address);
        if !attr.is_empty() {
            out.push('.');
            out.push_str(attr);
        }
    }
}

impl Expr {
    fn new(kind: ExprKind) -> Self {
        Expr(Rc::new(kind))
    }

    /// A reference to attribute `attr` of the element at `addr`.
    pub fn reference(addr: Rc<Addr>, attr: impl Into<Key>) -> Self {
        Expr::new(ExprKind::Ref { addr, attr: attr.into() })
    }

    /// An expression written as it is, for what has no typed form yet: `Expr::raw("path.module")`.
    pub fn raw(text: impl Into<Key>) -> Self {
        Expr::new(ExprKind::Raw(text.into()))
    }

    /// `var.NAME`.
    pub fn var(name: &str) -> Self {
        Expr::raw(format!("var.{name}"))
    }

    /// `local.NAME`.
    pub fn local(name: &str) -> Self {
        Expr::raw(format!("local.{name}"))
    }

    /// `count.index`.
    pub fn count_index() -> Self {
        Expr::raw("count.index")
    }

    /// `each.key`.
    pub fn each_key() -> Self {
        Expr::raw("each.key")
    }

    /// `each.value`.
    pub fn each_value() -> Self {
        Expr::raw("each.value")
    }

    /// A call of the Terraform function `func`.
    pub fn call(func: impl Into<Key>, args: impl IntoIterator<Item = Val>) -> Self {
        Expr::new(ExprKind::Call { func: func.into(), args: args.into_iter().collect() })
    }

    /// A string template from parts; see the [`template!`](crate::template) macro.
    pub fn template(parts: impl IntoIterator<Item = Part>) -> Self {
        let mut merged: Vec<Part> = Vec::new();
        // A template inside a template is spliced in: `a-${"b-${x}"}` is `a-b-${x}`.
        let parts = parts.into_iter().flat_map(|p| match p {
            Part::Expr(e) => match e.template_parts() {
                Some(inner) => inner.to_vec(),
                None => vec![Part::Expr(e)],
            },
            text => vec![text],
        });
        for p in parts {
            match (merged.last_mut(), p) {
                (Some(Part::Text(a)), Part::Text(b)) => *a = format!("{a}{b}").into(),
                (_, Part::Text(t)) if t.is_empty() => {}
                (_, p) => merged.push(p),
            }
        }
        Expr::new(ExprKind::Template(merged))
    }

    /// A template from a format string whose `{}` are replaced by `args` in order (`{{` and `}}` escape).
    pub fn template_fmt(fmt: &str, args: Vec<Part>) -> Self {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut args = args.into_iter();
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('{', Some('{')) | ('}', Some('}')) => {
                    chars.next();
                    text.push(c);
                }
                ('{', Some('}')) => {
                    chars.next();
                    parts.push(Part::Text(std::mem::take(&mut text).into()));
                    if let Some(a) = args.next() {
                        parts.push(a);
                    }
                }
                _ => text.push(c),
            }
        }
        parts.push(Part::Text(text.into()));
        Expr::template(parts)
    }

    /// The parts of a string template; `None` for any other expression.
    pub fn template_parts(&self) -> Option<&[Part]> {
        match &*self.0 {
            ExprKind::Template(parts) => Some(parts),
            _ => None,
        }
    }

    /// `EXPR.name`.
    pub fn attr(&self, name: impl Into<Key>) -> Expr {
        Expr::new(ExprKind::GetAttr(self.clone(), name.into()))
    }

    /// `EXPR[index]`.
    pub fn index(&self, index: impl IntoValue<f64>) -> Expr {
        Expr::new(ExprKind::Index(self.clone(), index.into_val()))
    }

    /// `EXPR["key"]`.
    pub fn key(&self, key: &str) -> Expr {
        Expr::new(ExprKind::Index(self.clone(), Val::str(key)))
    }

    /// `COND ? A : B`.
    pub fn conditional(cond: Expr, then: impl Into<Val>, otherwise: impl Into<Val>) -> Expr {
        Expr::new(ExprKind::Conditional(Box::new((cond, then.into(), otherwise.into()))))
    }

    /// The element this expression refers to directly, if it is a plain reference.
    pub fn target(&self) -> Option<&Rc<Addr>> {
        match &*self.0 {
            ExprKind::Ref { addr, .. } => Some(addr),
            ExprKind::GetAttr(e, _) | ExprKind::Index(e, _) => e.target(),
            _ => None,
        }
    }

    /// Calls `f` with the address of every element this expression refers to.
    pub fn for_each_ref(&self, f: &mut dyn FnMut(&Rc<Addr>)) {
        match &*self.0 {
            ExprKind::Ref { addr, .. } => f(addr),
            ExprKind::Raw(_) => {}
            ExprKind::Call { args, .. } => args.iter().for_each(|a| val_refs(a, f)),
            ExprKind::Template(parts) => parts.iter().for_each(|p| {
                if let Part::Expr(e) = p {
                    e.for_each_ref(f)
                }
            }),
            ExprKind::GetAttr(e, _) => e.for_each_ref(f),
            ExprKind::Index(e, i) => {
                e.for_each_ref(f);
                val_refs(i, f)
            }
            ExprKind::Conditional(parts) => {
                let (c, a, b) = &**parts;
                c.for_each_ref(f);
                val_refs(a, f);
                val_refs(b, f)
            }
        }
    }

    /// Writes the expression as a JSON string's content: `${...}`, or a template's text and `${...}` parts.
    pub(crate) fn write_string(&self, r: &dyn Resolver, out: &mut String) {
        match &*self.0 {
            ExprKind::Template(parts) => {
                for (i, p) in parts.iter().enumerate() {
                    match p {
                        // Dollars right before an interpolation would read as the escape `$${`: write them
                        // as an interpolated string instead.
                        Part::Text(t) if t.ends_with('$') && matches!(parts.get(i + 1), Some(Part::Expr(_))) => {
                            let body = t.trim_end_matches('$');
                            escape_template(body, out);
                            out.push_str("${\"");
                            out.push_str(&t[body.len()..]);
                            out.push_str("\"}");
                        }
                        Part::Text(t) => escape_template(t, out),
                        Part::Expr(e) => {
                            out.push_str("${");
                            e.write_hcl(r, out);
                            out.push('}');
                        }
                    }
                }
            }
            _ => {
                out.push_str("${");
                self.write_hcl(r, out);
                out.push('}');
            }
        }
    }

    /// Writes the expression in HCL syntax, without the surrounding `${ }`.
    pub(crate) fn write_hcl(&self, r: &dyn Resolver, out: &mut String) {
        match &*self.0 {
            ExprKind::Ref { addr, attr } => r.reference(addr, attr, out),
            ExprKind::Raw(t) => out.push_str(t),
            ExprKind::Call { func, args } => {
                out.push_str(func);
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_val_hcl(a, r, out);
                }
                out.push(')');
            }
            ExprKind::Template(_) => {
                out.push('"');
                let mut inner = String::new();
                self.write_string(r, &mut inner);
                escape_hcl_quoted(&inner, out);
                out.push('"');
            }
            ExprKind::GetAttr(e, name) => {
                e.write_hcl(r, out);
                out.push('.');
                out.push_str(name);
            }
            ExprKind::Index(e, i) => {
                e.write_hcl(r, out);
                out.push('[');
                write_val_hcl(i, r, out);
                out.push(']');
            }
            ExprKind::Conditional(parts) => {
                let (c, a, b) = &**parts;
                c.write_hcl(r, out);
                out.push_str(" ? ");
                write_val_hcl(a, r, out);
                out.push_str(" : ");
                write_val_hcl(b, r, out);
            }
        }
    }
}

/// A direct part of an expression, for checks that walk it.
pub(crate) enum ExprChild<'a> {
    /// A reference to an element.
    Ref(&'a Addr),
    /// A value inside (a function argument, an index, a branch of a conditional).
    Val(&'a Val),
    /// An expression inside.
    Expr(&'a Expr),
}

impl Expr {
    /// Calls `f` with each direct part of this expression.
    pub(crate) fn for_each_child<'e>(&'e self, f: &mut dyn FnMut(ExprChild<'e>)) {
        match &*self.0 {
            ExprKind::Ref { addr, .. } => f(ExprChild::Ref(addr)),
            ExprKind::Raw(_) => {}
            ExprKind::Call { args, .. } => args.iter().for_each(|a| f(ExprChild::Val(a))),
            ExprKind::Template(parts) => parts.iter().for_each(|p| {
                if let Part::Expr(e) = p {
                    f(ExprChild::Expr(e))
                }
            }),
            ExprKind::GetAttr(e, _) => f(ExprChild::Expr(e)),
            ExprKind::Index(e, i) => {
                f(ExprChild::Expr(e));
                f(ExprChild::Val(i));
            }
            ExprKind::Conditional(parts) => {
                let (c, a, b) = &**parts;
                f(ExprChild::Expr(c));
                f(ExprChild::Val(a));
                f(ExprChild::Val(b));
            }
        }
    }
}

/// Calls `f` with every element address referenced anywhere in `v`.
pub(crate) fn val_refs(v: &Val, f: &mut dyn FnMut(&Rc<Addr>)) {
    match v {
        Val::Expr(e) => e.for_each_ref(f),
        Val::List(items) => items.iter().for_each(|i| val_refs(i, f)),
        Val::Map(entries) => entries.iter().for_each(|(_, v)| val_refs(v, f)),
        _ => {}
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_string(&SameStack, &mut s);
        f.write_str(&s)
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expr({self})")
    }
}

/// Escapes literal text inside a template: `${` becomes `$${` and `%{` becomes `%%{`.
pub(crate) fn escape_template(text: &str, out: &mut String) {
    if !text.contains("{") {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    for i in 1..bytes.len() {
        if bytes[i] == b'{' && (bytes[i - 1] == b'$' || bytes[i - 1] == b'%') {
            out.push_str(&text[start..i - 1]);
            out.push(bytes[i - 1] as char);
            start = i - 1;
        }
    }
    out.push_str(&text[start..]);
}

fn escape_hcl_quoted(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
}

/// Writes an HCL tuple `[a, b]`, each item with `each`.
fn write_hcl_list<T>(out: &mut String, items: impl IntoIterator<Item = T>, mut each: impl FnMut(T, &mut String)) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(item, out);
    }
    out.push(']');
}

/// Writes an HCL object `{"k" = v}`, each value with `each`.
fn write_hcl_object<'k, T>(
    out: &mut String,
    entries: impl IntoIterator<Item = (&'k str, T)>,
    mut each: impl FnMut(T, &mut String),
) {
    out.push('{');
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('"');
        escape_hcl_quoted(k, out);
        out.push_str("\" = ");
        each(v, out);
    }
    out.push('}');
}

fn write_val_hcl(v: &Val, r: &dyn Resolver, out: &mut String) {
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Int(i) => out.push_str(itoa::Buffer::new().format(*i)),
        Val::Float(f) => out.push_str(&format_f64(*f)),
        Val::Str(s) => {
            out.push('"');
            let mut t = String::new();
            escape_template(s, &mut t);
            escape_hcl_quoted(&t, out);
            out.push('"');
        }
        Val::Expr(e) => e.write_hcl(r, out),
        Val::List(items) => write_hcl_list(out, items, |item, out| write_val_hcl(item, r, out)),
        Val::Map(entries) => {
            write_hcl_object(out, entries.iter().map(|(k, v)| (&**k, v)), |v, out| write_val_hcl(v, r, out))
        }
        Val::Json(j) => write_json_hcl(j, out),
    }
}

fn write_json_hcl(j: &serde_json::Value, out: &mut String) {
    use serde_json::Value as J;
    match j {
        J::String(s) => write_val_hcl(&Val::str(s.as_str()), &SameStack, out),
        J::Array(items) => write_hcl_list(out, items, write_json_hcl),
        J::Object(m) => write_hcl_object(out, m.iter().map(|(k, v)| (k.as_str(), v)), write_json_hcl),
        other => out.push_str(&other.to_string()),
    }
}

impl From<Expr> for Val {
    fn from(e: Expr) -> Val {
        Val::Expr(e)
    }
}
impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::str(s)
    }
}
impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::str(s)
    }
}
impl From<bool> for Val {
    fn from(b: bool) -> Val {
        Val::Bool(b)
    }
}
impl From<i32> for Val {
    fn from(i: i32) -> Val {
        Val::Int(i.into())
    }
}
impl From<i64> for Val {
    fn from(i: i64) -> Val {
        Val::Int(i)
    }
}
impl<T> From<Attr<T>> for Val {
    fn from(a: Attr<T>) -> Val {
        Val::Expr(a.into_expr())
    }
}

/// A typed reference to an attribute of an element: `bucket.arn()` is an `Attr<String>`.
///
/// It goes where a `T` is expected, and derefs to [`Expr`] for composition.
pub struct Attr<T> {
    expr: Expr,
    _type: PhantomData<fn() -> T>,
}

impl<T> Attr<T> {
    /// A typed view of `expr`.
    pub fn new(expr: Expr) -> Self {
        Attr { expr, _type: PhantomData }
    }

    /// The expression.
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    /// The expression, owned.
    pub fn into_expr(self) -> Expr {
        self.expr
    }
}

impl<T> Clone for Attr<T> {
    fn clone(&self) -> Self {
        Attr::new(self.expr.clone())
    }
}

impl<T> std::ops::Deref for Attr<T> {
    type Target = Expr;
    fn deref(&self) -> &Expr {
        &self.expr
    }
}

impl<T> fmt::Debug for Attr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Attr({})", self.expr)
    }
}

impl<T> fmt::Display for Attr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.expr.fmt(f)
    }
}

impl<T> From<Attr<T>> for Expr {
    fn from(a: Attr<T>) -> Expr {
        a.expr
    }
}

/// What can stand in a [`template!`](crate::template): text, names, numbers and expressions.
pub trait TemplateArg {
    /// The template part.
    fn part(self) -> Part;
}

impl TemplateArg for Expr {
    fn part(self) -> Part {
        Part::Expr(self)
    }
}
impl TemplateArg for &Expr {
    fn part(self) -> Part {
        Part::Expr(self.clone())
    }
}
impl<T> TemplateArg for Attr<T> {
    fn part(self) -> Part {
        Part::Expr(self.expr)
    }
}
impl<T> TemplateArg for &Attr<T> {
    fn part(self) -> Part {
        Part::Expr(self.expr.clone())
    }
}
impl TemplateArg for &str {
    fn part(self) -> Part {
        Part::Text(self.into())
    }
}
impl TemplateArg for String {
    fn part(self) -> Part {
        Part::Text(self.into())
    }
}
impl TemplateArg for &String {
    fn part(self) -> Part {
        Part::Text(self.as_str().into())
    }
}
impl TemplateArg for &Name {
    fn part(self) -> Part {
        Part::Text(self.as_str().into())
    }
}
impl TemplateArg for Name {
    fn part(self) -> Part {
        Part::Text(self.as_str().into())
    }
}
macro_rules! number_template_arg {
    ($($t:ty),*) => {$(
        impl TemplateArg for $t {
            fn part(self) -> Part {
                Part::Text(self.to_string().into())
            }
        }
    )*};
}
number_template_arg!(i32, i64, u16, u32, u64, usize);

/// A string template with expressions inside: `template!("{}:*", log_group.arn())` renders as
/// `"${aws_cloudwatch_log_group.x.arn}:*"`. `{}` marks each argument; literal text is escaped.
///
/// ```
/// use konductor_core::{template, Expr};
/// let arn = template!("arn:aws:s3:::{}/*", Expr::var("bucket"));
/// assert_eq!(arn.to_string(), "arn:aws:s3:::${var.bucket}/*");
/// ```
#[macro_export]
macro_rules! template {
    ($fmt:literal $(, $arg:expr)* $(,)?) => {
        $crate::Expr::template_fmt($fmt, vec![$($crate::TemplateArg::part($arg)),*])
    };
}

/// Typed calls of common Terraform functions.
pub mod fns {
    use super::*;

    fn call(name: &'static str, args: Vec<Val>) -> Expr {
        Expr::call(name, args)
    }

    /// `join(separator, list)`.
    pub fn join(separator: &str, list: impl IntoValue<Vec<String>>) -> Expr {
        call("join", vec![Val::str(separator), list.into_val()])
    }
    /// `format(spec, args...)`.
    pub fn format(spec: &str, args: impl IntoIterator<Item = Val>) -> Expr {
        let mut v = vec![Val::str(spec)];
        v.extend(args);
        call("format", v)
    }
    /// `cidrsubnet(prefix, newbits, netnum)`.
    pub fn cidrsubnet(
        prefix: impl IntoValue<String>,
        newbits: impl IntoValue<f64>,
        netnum: impl IntoValue<f64>,
    ) -> Expr {
        call("cidrsubnet", vec![prefix.into_val(), newbits.into_val(), netnum.into_val()])
    }
    /// `element(list, index)`.
    pub fn element(list: impl Into<Val>, index: impl IntoValue<f64>) -> Expr {
        call("element", vec![list.into(), index.into_val()])
    }
    /// `length(value)`.
    pub fn length(value: impl Into<Val>) -> Expr {
        call("length", vec![value.into()])
    }
    /// `lookup(map, key, default)`.
    pub fn lookup(map: impl Into<Val>, key: &str, default: impl Into<Val>) -> Expr {
        call("lookup", vec![map.into(), Val::str(key), default.into()])
    }
    /// `merge(maps...)`.
    pub fn merge(maps: impl IntoIterator<Item = Val>) -> Expr {
        call("merge", maps.into_iter().collect())
    }
    /// `concat(lists...)`.
    pub fn concat(lists: impl IntoIterator<Item = Val>) -> Expr {
        call("concat", lists.into_iter().collect())
    }
    /// `jsonencode(value)`.
    pub fn jsonencode(value: impl Into<Val>) -> Expr {
        call("jsonencode", vec![value.into()])
    }
    /// `tolist(value)`.
    pub fn tolist(value: impl Into<Val>) -> Expr {
        call("tolist", vec![value.into()])
    }
    /// `toset(value)`.
    pub fn toset(value: impl Into<Val>) -> Expr {
        call("toset", vec![value.into()])
    }
    /// `tostring(value)`.
    pub fn tostring(value: impl Into<Val>) -> Expr {
        call("tostring", vec![value.into()])
    }
    /// `lower(text)`.
    pub fn lower(text: impl IntoValue<String>) -> Expr {
        call("lower", vec![text.into_val()])
    }
    /// `upper(text)`.
    pub fn upper(text: impl IntoValue<String>) -> Expr {
        call("upper", vec![text.into_val()])
    }
    /// `replace(text, search, replacement)`.
    pub fn replace(text: impl IntoValue<String>, search: &str, replacement: &str) -> Expr {
        call("replace", vec![text.into_val(), Val::str(search), Val::str(replacement)])
    }
    /// `split(separator, text)`.
    pub fn split(separator: &str, text: impl IntoValue<String>) -> Expr {
        call("split", vec![Val::str(separator), text.into_val()])
    }
    /// `coalesce(values...)`.
    pub fn coalesce(values: impl IntoIterator<Item = Val>) -> Expr {
        call("coalesce", values.into_iter().collect())
    }
    /// `try(expressions...)`.
    pub fn try_(values: impl IntoIterator<Item = Val>) -> Expr {
        call("try", values.into_iter().collect())
    }
    /// `base64encode(text)`.
    pub fn base64encode(text: impl IntoValue<String>) -> Expr {
        call("base64encode", vec![text.into_val()])
    }
    /// `base64decode(text)`.
    pub fn base64decode(text: impl IntoValue<String>) -> Expr {
        call("base64decode", vec![text.into_val()])
    }
    /// `file(path)`.
    pub fn file(path: &str) -> Expr {
        call("file", vec![Val::str(path)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(a: &str) -> Rc<Addr> {
        let (t, id) = a.split_once('.').unwrap();
        Rc::new(Addr::new(0, 0, t, id, false))
    }

    #[test]
    fn references_render_with_their_address() {
        let e = Expr::reference(addr("aws_vpc.main"), "id");
        assert_eq!(e.to_string(), "${aws_vpc.main.id}");
        assert_eq!(e.attr("x").index(0).to_string(), "${aws_vpc.main.id.x[0]}");
    }

    #[test]
    fn templates_escape_literal_text_and_interpolate_expressions() {
        let t = template!("${{not}}-{}-%{{x}}:*", Expr::var("v"));
        assert_eq!(t.to_string(), "$${not}-${var.v}-%%{x}:*");
    }

    #[test]
    fn a_dollar_before_an_interpolation_stays_a_dollar() {
        let t = template!("cost${}", Expr::var("x"));
        assert_eq!(t.to_string(), "cost${\"$\"}${var.x}");
        let t = template!("a$${}", Expr::var("x"));
        assert_eq!(t.to_string(), "a${\"$$\"}${var.x}");
    }

    #[test]
    fn control_characters_in_quoted_strings_are_escaped() {
        let e = fns::upper("a\u{1}b");
        assert_eq!(e.to_string(), "${upper(\"a\\u0001b\")}");
    }

    #[test]
    fn nested_templates_are_spliced() {
        let inner = template!("{}:*", Expr::var("arn"));
        let outer = template!("[{}]", inner);
        assert_eq!(outer.template_parts().unwrap().len(), 3);
        assert_eq!(outer.to_string(), "[${var.arn}:*]");
    }

    #[test]
    fn function_arguments_are_quoted_and_escaped() {
        let e = fns::join(",", vec![Expr::var("a").into(), Val::str("b\"${x}")]);
        assert_eq!(e.to_string(), "${join(\",\", [var.a, \"b\\\"$${x}\"])}");
    }

    #[test]
    fn templates_nest_inside_calls() {
        let e = fns::upper(template!("a-{}", Expr::local("x")));
        assert_eq!(e.to_string(), "${upper(\"a-${local.x}\")}");
    }

    #[test]
    fn iteration_and_conditionals() {
        assert_eq!(Expr::count_index().to_string(), "${count.index}");
        assert_eq!(Expr::each_value().key("cidr").to_string(), "${each.value[\"cidr\"]}");
        let c = Expr::conditional(Expr::var("prod"), 3, 1);
        assert_eq!(c.to_string(), "${var.prod ? 3 : 1}");
    }

    #[test]
    fn refs_are_found_inside_nested_expressions() {
        let a = addr("aws_s3_bucket.b");
        let e = fns::join(",", vec![Val::Expr(Expr::reference(a.clone(), "arn"))]);
        let mut found = Vec::new();
        e.for_each_ref(&mut |x| found.push(x.address.to_string()));
        assert_eq!(found, ["aws_s3_bucket.b"]);
    }
}
