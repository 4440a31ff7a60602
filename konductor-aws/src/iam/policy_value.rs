//! [`PolicyValue`]: one string inside a policy document (an ARN, a principal, a condition value), literal
//! text or a Terraform expression, and how it is written into the policy's JSON text.

use konductor_core::json::escape_str;
use konductor_core::{Attr, Expr, Name, Part, Val, Value};

/// One string inside a policy document: literal text, or an expression (`bucket.arn()`,
/// `template!("{}/*", bucket.arn())`, `Expr::var("account_id")`) that Terraform fills in.
///
/// Everything that reads as a string converts into it, so builders take `impl Into<PolicyValue>`.
///
/// ```
/// use konductor_aws::iam::PolicyValue;
/// use konductor_core::Expr;
/// assert_eq!(PolicyValue::from("arn:aws:s3:::logs").as_text(), Some("arn:aws:s3:::logs"));
/// assert_eq!(PolicyValue::from(Expr::var("bucket_arn")).as_text(), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyValue(Repr);

#[derive(Clone, Debug, PartialEq)]
enum Repr {
    Text(String),
    Expr(Expr),
}

impl PolicyValue {
    /// Literal text.
    pub fn text(text: impl Into<String>) -> Self {
        PolicyValue(Repr::Text(text.into()))
    }

    /// A Terraform expression, written as `${...}` inside the policy's JSON text.
    pub fn expr(expr: impl Into<Expr>) -> Self {
        PolicyValue(Repr::Expr(expr.into()))
    }

    /// The text of a literal value; `None` for an expression.
    pub fn as_text(&self) -> Option<&str> {
        match &self.0 {
            Repr::Text(t) => Some(t),
            Repr::Expr(_) => None,
        }
    }

    /// The value as it reads in messages: the text, or the expression as `${...}`.
    pub(crate) fn describe(&self) -> String {
        match &self.0 {
            Repr::Text(t) => t.clone(),
            Repr::Expr(e) => e.to_string(),
        }
    }

    /// Writes the value as a JSON string (quotes included).
    pub(crate) fn write(&self, out: &mut JsonParts) {
        match &self.0 {
            Repr::Text(t) => out.string(t),
            Repr::Expr(e) => {
                out.syntax("\"");
                out.expr_in_string(e);
                out.syntax("\"");
            }
        }
    }
}

impl From<&str> for PolicyValue {
    fn from(t: &str) -> Self {
        PolicyValue::text(t)
    }
}
impl From<String> for PolicyValue {
    fn from(t: String) -> Self {
        PolicyValue::text(t)
    }
}
impl From<&String> for PolicyValue {
    fn from(t: &String) -> Self {
        PolicyValue::text(t.as_str())
    }
}
impl From<Name> for PolicyValue {
    fn from(n: Name) -> Self {
        PolicyValue::text(n.as_str())
    }
}
impl From<&Name> for PolicyValue {
    fn from(n: &Name) -> Self {
        PolicyValue::text(n.as_str())
    }
}
impl From<Expr> for PolicyValue {
    fn from(e: Expr) -> Self {
        PolicyValue::expr(e)
    }
}
impl From<&Expr> for PolicyValue {
    fn from(e: &Expr) -> Self {
        PolicyValue::expr(e.clone())
    }
}
impl<T> From<Attr<T>> for PolicyValue {
    fn from(a: Attr<T>) -> Self {
        PolicyValue::expr(a.into_expr())
    }
}
impl<T> From<&Attr<T>> for PolicyValue {
    fn from(a: &Attr<T>) -> Self {
        PolicyValue::expr(a.expr().clone())
    }
}
/// A typed string value: its literal text or its expression.
impl From<Value<String>> for PolicyValue {
    fn from(v: Value<String>) -> Self {
        match v.into_val() {
            Val::Str(s) => PolicyValue::text(String::from(s)),
            Val::Expr(e) => PolicyValue::expr(e),
            other => PolicyValue::text(other.to_json_lossy().to_string()),
        }
    }
}

/// The JSON text of a policy being written: literal JSON with expressions inside, the parts of a
/// Terraform string template.
#[derive(Default)]
pub(crate) struct JsonParts {
    parts: Vec<Part>,
    text: String,
}

impl JsonParts {
    /// JSON syntax (`{`, `"Effect":`), written as it is.
    pub(crate) fn syntax(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// A JSON string from literal text, quoted and escaped the way JavaScript's `JSON.stringify` does.
    pub(crate) fn string(&mut self, s: &str) {
        self.text.push('"');
        escape_str(&mut self.text, s);
        self.text.push('"');
    }

    fn push_expr(&mut self, e: Expr) {
        if !self.text.is_empty() {
            self.parts.push(Part::Text(std::mem::take(&mut self.text).into()));
        }
        self.parts.push(Part::Expr(e));
    }

    /// The contents of a JSON string holding an expression: a template's literal text (JSON-escaped) and its
    /// interpolations, so `template!("{}:*", arn)` reads `${aws_x.y.arn}:*` exactly as cdktf wrote it.
    pub(crate) fn expr_in_string(&mut self, e: &Expr) {
        for piece in flatten(e) {
            match piece {
                Piece::Text(t) => escape_str(&mut self.text, &t),
                Piece::Expr(x) => self.push_expr(x),
            }
        }
    }

    /// The finished text: a literal string when nothing is interpolated, otherwise a template expression.
    pub(crate) fn finish(mut self) -> Val {
        if self.parts.is_empty() {
            return Val::str(self.text);
        }
        if !self.text.is_empty() {
            self.parts.push(Part::Text(self.text.into()));
        }
        Val::Expr(Expr::template(self.parts))
    }
}

/// A piece of an expression's string form: literal text (unescaped) or an interpolated expression.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Expr(Expr),
}

/// Splits an expression into literal text and interpolations, so a string template's text can be escaped
/// as JSON and its interpolations written inline (`"${a.b.arn}:*"`) rather than as a nested template
/// (`"${"${a.b.arn}:*"}"`), which Terraform reads the same but cdktf never wrote.
fn flatten(e: &Expr) -> Vec<Piece> {
    match e.template_parts() {
        Some(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => Piece::Text(t.to_string()),
                Part::Expr(x) => Piece::Expr(x.clone()),
            })
            .collect(),
        None => vec![Piece::Expr(e.clone())],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use konductor_core::{fns, template, App, Environment, GenericResource, Stack};

    fn render(v: &PolicyValue) -> String {
        let mut out = JsonParts::default();
        v.write(&mut out);
        match out.finish() {
            Val::Str(s) => s.to_string(),
            Val::Expr(e) => e.to_string(),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn text_is_escaped_like_json_stringify() {
        let v = PolicyValue::from("a\"b\\c\nd\u{1}é");
        assert_eq!(render(&v), r#""a\"b\\c\nd\u0001é""#);
    }

    #[test]
    fn references_and_templates_are_written_inline() {
        let app = App::new();
        let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
        let lg = GenericResource::new(&stack, "lg", "aws_cloudwatch_log_group");
        assert_eq!(render(&lg.attr("arn").into()), "\"${aws_cloudwatch_log_group.lg.arn}\"");
        let t = template!("{}:*", lg.attr("arn"));
        assert_eq!(render(&t.into()), "\"${aws_cloudwatch_log_group.lg.arn}:*\"");
        let t = template!("a\"{}\"/{}", lg.attr("arn"), Expr::var("x"));
        let pieces = flatten(&t);
        assert_eq!(pieces.len(), 4, "{pieces:?}");
        assert_eq!(render(&t.into()), "\"a\\\"${aws_cloudwatch_log_group.lg.arn}\\\"/${var.x}\"");
    }

    #[test]
    fn rebuilt_references_keep_their_element() {
        let app = App::new();
        let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
        let lg = GenericResource::new(&stack, "lg", "aws_cloudwatch_log_group");
        let pieces = flatten(&template!("{}:*", lg.attr("arn")));
        let Piece::Expr(e) = &pieces[0] else { panic!("{pieces:?}") };
        assert_eq!(e.target(), Some(lg.addr()));
    }

    #[test]
    fn literal_dollar_braces_survive() {
        let v = PolicyValue::from(template!("arn:aws:s3:::b/home/${{aws:username}}/{}", Expr::var("x")));
        assert_eq!(render(&v), "\"arn:aws:s3:::b/home/$${aws:username}/${var.x}\"");
        let v = PolicyValue::from("arn:aws:s3:::b/${aws:username}/*");
        let mut out = JsonParts::default();
        v.write(&mut out);
        assert_eq!(out.finish(), Val::str("\"arn:aws:s3:::b/${aws:username}/*\""));
    }

    #[test]
    fn function_calls_inside_templates_stay_whole_interpolations() {
        let e = template!("x-{}", fns::upper(template!("a-{}", Expr::local("y"))));
        assert_eq!(flatten(&e).len(), 2);
        // The interpolation is HCL, evaluated before its result lands in the JSON text: its quotes stay HCL.
        assert_eq!(render(&e.into()), "\"x-${upper(\"a-${local.y}\")}\"");
    }
}
