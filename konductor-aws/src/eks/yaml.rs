//! [`Yaml`]: Kubernetes manifests and Helm values written as YAML, in a fixed key order, with Terraform
//! expressions allowed inside strings (for Helm values that carry an endpoint or an ARN).

use konductor_core::{Expr, Part, Value};

/// A YAML document: maps keep the order they are given in, strings are always double-quoted (so `"on"`,
/// `"1.35"` and `"*"` stay strings), and a string may hold Terraform expressions.
///
/// ```
/// use konductor_aws::eks::Yaml;
/// let doc = Yaml::map([
///     ("apiVersion", Yaml::str("v1")),
///     ("kind", Yaml::str("Namespace")),
///     ("metadata", Yaml::map([("name", Yaml::str("apps")), ("labels", Yaml::map([("team", Yaml::str("web"))]))])),
///     ("items", Yaml::list([Yaml::int(1), Yaml::bool(true)])),
/// ]);
/// assert_eq!(
///     doc.to_text(),
///     "apiVersion: \"v1\"\nkind: \"Namespace\"\nmetadata:\n  name: \"apps\"\n  labels:\n    team: \"web\"\nitems:\n  - 1\n  - true\n"
/// );
/// ```
#[derive(Clone, Debug)]
pub enum Yaml {
    /// A mapping, in the order given.
    Map(Vec<(String, Yaml)>),
    /// A sequence.
    List(Vec<Yaml>),
    /// A string: literal text and expressions.
    Str(Vec<Part>),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
}

impl Yaml {
    /// A mapping from `(key, value)` pairs, in order.
    pub fn map<K: Into<String>>(entries: impl IntoIterator<Item = (K, Yaml)>) -> Yaml {
        Yaml::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// A sequence.
    pub fn list(items: impl IntoIterator<Item = Yaml>) -> Yaml {
        Yaml::List(items.into_iter().collect())
    }

    /// A sequence of strings.
    pub fn strs<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Yaml {
        Yaml::List(items.into_iter().map(|s| Yaml::str(s.as_ref())).collect())
    }

    /// A literal string.
    pub fn str(text: impl AsRef<str>) -> Yaml {
        Yaml::Str(vec![Part::Text(text.as_ref().to_string().into())])
    }

    /// A string that is a Terraform expression (a reference, a template ...), resolved at apply time.
    pub fn expr(expr: impl Into<Expr>) -> Yaml {
        let expr: Expr = expr.into();
        match expr.template_parts() {
            Some(parts) => Yaml::Str(parts.to_vec()),
            None => Yaml::Str(vec![Part::Expr(expr)]),
        }
    }

    /// An integer.
    pub fn int(n: i64) -> Yaml {
        Yaml::Int(n)
    }

    /// A boolean.
    pub fn bool(b: bool) -> Yaml {
        Yaml::Bool(b)
    }

    /// Whether any string holds an expression.
    pub fn has_expressions(&self) -> bool {
        match self {
            Yaml::Map(m) => m.iter().any(|(_, v)| v.has_expressions()),
            Yaml::List(l) => l.iter().any(Yaml::has_expressions),
            Yaml::Str(parts) => parts.iter().any(|p| matches!(p, Part::Expr(_))),
            Yaml::Int(_) | Yaml::Bool(_) => false,
        }
    }

    /// The text of the document, expressions written as `${...}`.
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        self.write(&mut parts);
        let mut out = String::new();
        for p in parts {
            match p {
                Part::Text(t) => out.push_str(&t),
                Part::Expr(e) => out.push_str(&e.to_string()),
            }
        }
        out
    }

    /// The document as an attribute value: literal text, or a string template when it holds expressions
    /// (for `helm_release.values`).
    pub fn to_value(&self) -> Value<String> {
        let mut parts = Vec::new();
        self.write(&mut parts);
        if self.has_expressions() {
            Value::new(Expr::template(parts))
        } else {
            Value::new(self.to_text())
        }
    }

    fn write(&self, out: &mut Vec<Part>) {
        let mut w = Writer { out, text: String::new() };
        w.node(self, 0, Context::Top);
        w.flush();
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Top,
    /// After `key:` on the same line.
    MapValue,
    /// After `- ` on the same line.
    ListItem,
}

struct Writer<'a> {
    out: &'a mut Vec<Part>,
    text: String,
}

impl Writer<'_> {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.out.push(Part::Text(std::mem::take(&mut self.text).into()));
        }
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.text.push_str("  ");
        }
    }

    fn node(&mut self, node: &Yaml, level: usize, cx: Context) {
        match node {
            Yaml::Map(entries) if entries.is_empty() => self.scalar_line("{}", cx),
            Yaml::List(items) if items.is_empty() => self.scalar_line("[]", cx),
            Yaml::Map(entries) => {
                for (i, (k, v)) in entries.iter().enumerate() {
                    // The first key of a map that is a list item stays on the `- ` line.
                    if !(i == 0 && cx == Context::ListItem) {
                        if cx == Context::MapValue && i == 0 {
                            self.text.push('\n');
                        }
                        self.indent(level);
                    }
                    self.key(k);
                    self.text.push(':');
                    match v {
                        Yaml::Map(m) if !m.is_empty() => self.node(v, level + 1, Context::MapValue),
                        Yaml::List(l) if !l.is_empty() => self.node(v, level + 1, Context::MapValue),
                        _ => {
                            self.text.push(' ');
                            self.node(v, level + 1, Context::MapValue);
                        }
                    }
                }
            }
            Yaml::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if cx == Context::MapValue && i == 0 {
                        self.text.push('\n');
                    }
                    if !(i == 0 && cx == Context::ListItem) {
                        self.indent(level);
                    }
                    self.text.push_str("- ");
                    self.node(item, level + 1, Context::ListItem);
                }
            }
            Yaml::Str(parts) => {
                self.text.push('"');
                for p in parts {
                    match p {
                        Part::Text(t) => escape(&mut self.text, t),
                        Part::Expr(e) => {
                            self.flush();
                            self.out.push(Part::Expr(e.clone()));
                        }
                    }
                }
                self.text.push_str("\"\n");
            }
            Yaml::Int(n) => self.scalar_line(&n.to_string(), cx),
            Yaml::Bool(b) => self.scalar_line(if *b { "true" } else { "false" }, cx),
        }
    }

    fn scalar_line(&mut self, text: &str, _cx: Context) {
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn key(&mut self, k: &str) {
        let plain = !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            && !k.starts_with(['-', '.', '/'])
            && !matches!(k, "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n");
        if plain {
            self.text.push_str(k);
        } else {
            self.text.push('"');
            escape(&mut self.text, k);
            self.text.push('"');
        }
    }
}

/// Escapes `s` for a YAML double-quoted string (JSON's escapes are YAML's).
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_maps_start_on_the_dash_line() {
        let doc = Yaml::map([(
            "requirements",
            Yaml::list([
                Yaml::map([("key", Yaml::str("kubernetes.io/arch")), ("values", Yaml::strs(["arm64"]))]),
                Yaml::map([("key", Yaml::str("karpenter.sh/capacity-type")), ("values", Yaml::strs(["spot"]))]),
            ]),
        )]);
        assert_eq!(
            doc.to_text(),
            "requirements:\n  - key: \"kubernetes.io/arch\"\n    values:\n      - \"arm64\"\n  - key: \
             \"karpenter.sh/capacity-type\"\n    values:\n      - \"spot\"\n"
        );
    }

    #[test]
    fn empty_containers_and_odd_keys() {
        let doc =
            Yaml::map([("a", Yaml::map(Vec::<(String, Yaml)>::new())), ("on", Yaml::list([])), ("x y", Yaml::int(3))]);
        assert_eq!(doc.to_text(), "a: {}\n\"on\": []\n\"x y\": 3\n");
    }

    #[test]
    fn strings_are_escaped_and_expressions_kept_apart() {
        let doc = Yaml::map([("quote", Yaml::str("say \"hi\"\n")), ("endpoint", Yaml::expr(Expr::var("endpoint")))]);
        assert_eq!(doc.to_text(), "quote: \"say \\\"hi\\\"\\n\"\nendpoint: \"${var.endpoint}\"\n");
        assert!(doc.has_expressions());
        assert!(!Yaml::str("${not an expression}").has_expressions());
    }
}
