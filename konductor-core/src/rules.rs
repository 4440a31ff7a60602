//! Rules checked at synthesis for what the compiler cannot see (generic resources, overrides, values known
//! only at run time): destroyability pins, physical-name limits, checks of whole resource bodies and of
//! groups of resources in one stack. Provider crates supply the tables.
//!
//! A check may accept a deliberate exception: [`Scope::acknowledge`](crate::Scope::acknowledge) records one
//! (a rule, a reason, optionally the exact subject), and the check consults it through [`CheckContext`].
//!
//! # How a provider's rules attach
//!
//! A [`RuleSet`] belongs to one provider: its [`RuleSet::name`] is the provider's local name (`aws`), the
//! first word of every type it checks (`aws_s3_bucket`). Once a set is registered with an app, synthesis
//! applies it to **every** resource of that provider's types, however the resource was made: typed
//! bindings, [`GenericResource`](crate::GenericResource), overrides, `.set(...)` of raw JSON. Registering
//! the same set twice is harmless.
//!
//! A set is registered with the app of a scope by any of:
//! - [`Scope::register_rules`](crate::Scope::register_rules) (`app.scope().register_rules(&RULES)`), for
//!   programs that use only generic resources;
//! - creating a typed resource or data source whose [`TypeInfo::rules`](crate::TypeInfo) names it (the
//!   `#[resource(rules = PATH)]` option);
//! - creating a provider configuration whose typed builder was declared with
//!   `#[provider(provider = INFO, rules = PATH)]` (konductor-aws declares `AwsProvider` so, which registers
//!   `konductor_aws::rules::AWS_RULES`);
//! - the `konductor` facade's `App::from_args()`, which registers the rules of every provider crate it
//!   re-exports.
//!
//! A rule names its resource type exactly (`aws_s3_bucket`), or ends with `*` to apply to every type that
//! starts with what comes before it (`aws_*` is every AWS resource type, `aws_iam_*` every IAM one).
//!
//! ```
//! use konductor_core::rules::{DestroyRule, Pin, RuleSet};
//! use konductor_core::{App, AsScope, Environment, GenericResource, Stack};
//!
//! static RULES: RuleSet = RuleSet {
//!     name: "aws",
//!     destroy: &[DestroyRule { resource_type: "aws_s3_bucket", path: &["force_destroy"], pin: Pin::Bool(true), required: true }],
//!     names: &[],
//!     checks: &[],
//!     groups: &[],
//! };
//! let app = App::new();
//! app.scope().register_rules(&RULES);
//! let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
//! GenericResource::new(&stack, "logs", "aws_s3_bucket").set("force_destroy", serde_json::json!(false));
//! let err = app.synthesize().unwrap_err().to_string();
//! assert!(err.contains("[s/logs] aws_s3_bucket sets force_destroy = false, which blocks `terraform destroy`"), "{err}");
//! ```

use crate::error::Problem;
use crate::hash::FxHashMap;
use crate::value::Val;

/// A provider's rule tables; see [the module](self) for how they attach to resources.
#[derive(Debug)]
pub struct RuleSet {
    /// The provider's local name: `aws`. The set is meant for that provider's types (`aws_*`).
    pub name: &'static str,
    /// Attributes that must hold their destroyable value.
    pub destroy: &'static [DestroyRule],
    /// Limits of physical-name attributes.
    pub names: &'static [NameRule],
    /// Checks of whole resource bodies, for rules a table cannot express.
    pub checks: &'static [ResourceCheck],
    /// Checks of the resources of one stack together (the rules of one security group, written as
    /// separate resources).
    pub groups: &'static [GroupCheck],
}

/// A check of several resources of one stack together, for rules no single body shows: the ingress rules of
/// one security group written as separate resources, whose sources only together cover the internet.
///
/// It sees every resource of `resource_types` in the stack, in tree order, and returns every problem as
/// `(index of the member it concerns, what is wrong, how to fix it)`; synthesis adds that member's path.
#[derive(Debug)]
pub struct GroupCheck {
    /// The resource types it reads: `["aws_security_group", "aws_vpc_security_group_ingress_rule"]`.
    pub resource_types: &'static [&'static str],
    /// The check.
    pub check: fn(&[&GroupMember<'_>]) -> Vec<GroupProblem>,
}

/// A problem a [`GroupCheck`] found: `(index of the member it concerns, what is wrong, how to fix it)`.
pub type GroupProblem = (usize, String, String);

/// One resource as a [`GroupCheck`] sees it.
#[derive(Debug)]
pub struct GroupMember<'a> {
    /// The resource type: `aws_vpc_security_group_ingress_rule`.
    pub resource_type: &'a str,
    /// Its Terraform address: `aws_security_group.app_1A2B3C4D`; references to it read `${ADDRESS.id}`.
    pub address: String,
    /// Its construct path: `network/chain/app`.
    pub path: String,
    /// Its body as JSON, expressions as their `${...}` text.
    pub body: serde_json::Value,
}

/// A deliberate exception to a rule, recorded on a scope with
/// [`Scope::acknowledge`](crate::Scope::acknowledge) or
/// [`Scope::acknowledge_subject`](crate::Scope::acknowledge_subject).
#[derive(Clone, Debug)]
pub(crate) struct Acknowledgement {
    pub(crate) node: usize,
    pub(crate) rule: String,
    pub(crate) subject: Option<String>,
    pub(crate) reason: String,
}

/// What a [`ResourceCheck`] may consult besides the body: the acknowledgements that cover the resource
/// (those recorded on it or a scope above it, and those naming an exact subject anywhere in the app).
///
/// ```
/// use konductor_core::rules::CheckContext;
/// assert_eq!(CheckContext::default().acknowledged("aws-iam-full-admin", "{}"), None);
/// ```
#[derive(Debug, Default)]
pub struct CheckContext<'a> {
    /// Whole-rule acknowledgements on the resource or above it.
    scoped: Vec<&'a Acknowledgement>,
    /// Every acknowledgement of a subject in the app, by rule and subject.
    by_subject: Option<&'a SubjectIndex<'a>>,
}

/// Acknowledgements of exact subjects, by `(rule, subject)`.
pub(crate) type SubjectIndex<'a> = FxHashMap<(&'a str, &'a str), &'a str>;

impl<'a> CheckContext<'a> {
    pub(crate) fn new(scoped: Vec<&'a Acknowledgement>, by_subject: &'a SubjectIndex<'a>) -> Self {
        CheckContext { scoped, by_subject: Some(by_subject) }
    }

    /// The reason given for breaking `rule` here, if acknowledged: by an acknowledgement of the whole rule
    /// on the resource or a scope above it, or of exactly `subject` (a policy statement's JSON text ...)
    /// anywhere in the app.
    pub fn acknowledged(&self, rule: &str, subject: &str) -> Option<&'a str> {
        self.scoped
            .iter()
            .find(|a| a.rule == rule)
            .map(|a| a.reason.as_str())
            .or_else(|| self.by_subject.and_then(|m| m.get(&(rule, subject)).copied()))
    }
}

/// A check of a whole resource body, for what a table cannot express (an admin port open to the world, a
/// policy string ...). It sees the body as JSON, expressions as their `${...}` text, and the
/// acknowledgements that cover the resource, and returns every problem as `(what is wrong, how to fix it)`;
/// synthesis adds the construct path.
#[derive(Debug)]
pub struct ResourceCheck {
    /// The resource type: `aws_vpc_security_group_ingress_rule`, or a prefix ending with `*` (`aws_*`).
    pub resource_type: &'static str,
    /// The check.
    pub check: fn(&serde_json::Value, &CheckContext<'_>) -> Vec<(String, String)>,
}

/// An attribute that can block `terraform destroy`, and the value konductor pins.
#[derive(Debug)]
pub struct DestroyRule {
    /// The resource type: `aws_s3_bucket`, or a prefix ending with `*`.
    pub resource_type: &'static str,
    /// The attribute's path; nested blocks are followed into every item (`["rule", "default_retention", "mode"]`).
    pub path: &'static [&'static str],
    /// The value it must hold.
    pub pin: Pin,
    /// Whether leaving it out is an error too (its default blocks destroy).
    pub required: bool,
}

/// The destroyable value of a [`DestroyRule`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pin {
    /// Exactly this boolean.
    Bool(bool),
    /// Exactly this number.
    Int(i64),
    /// Exactly this text.
    Str(&'static str),
    /// Anything but this text (`COMPLIANCE` object lock can never be removed).
    NotStr(&'static str),
    /// A whole number in `min..=max` (a KMS key's deletion window, 7 to 30 days): any of them lets
    /// `terraform destroy` finish; others the provider refuses. Expressions are accepted.
    IntRange(i64, i64),
}

impl std::fmt::Display for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pin::Bool(b) => write!(f, "{b}"),
            Pin::Int(i) => write!(f, "{i}"),
            Pin::Str(s) => write!(f, "\"{s}\""),
            Pin::NotStr(s) => write!(f, "anything but \"{s}\""),
            Pin::IntRange(min, max) => write!(f, "{min}..={max}"),
        }
    }
}

/// The limits of a physical-name attribute.
#[derive(Debug)]
pub struct NameRule {
    /// The resource type: `aws_iam_role`, or a prefix ending with `*`.
    pub resource_type: &'static str,
    /// The attribute: `name`.
    pub attribute: &'static str,
    /// Minimum length.
    pub min: usize,
    /// Maximum length.
    pub max: usize,
    /// The characters allowed.
    pub allowed: fn(char) -> bool,
    /// The characters allowed, in words, for the message.
    pub allowed_text: &'static str,
    /// A prefix the name must have (`alias/`).
    pub prefix: Option<&'static str>,
    /// The attributes that scope the name: names must differ only among resources of the type with the same
    /// values of these (`["role"]` for an inline role policy, whose name is unique within its role). Empty:
    /// unique within the stack and provider configuration.
    pub unique_within: &'static [&'static str],
}

/// A read-only view of a value: a typed [`Val`] or JSON from an override.
#[derive(Clone, Copy)]
pub(crate) enum View<'a> {
    Val(&'a Val),
    /// A resource body: its sorted attributes.
    Attrs(&'a [(crate::value::Key, Val)]),
    Json(&'a serde_json::Value),
}

impl<'a> View<'a> {
    /// A view of `v`; raw JSON set as a value (`.set("lifecycle", json!({...}))`) is seen as the JSON it is.
    pub(crate) fn of(v: &'a Val) -> View<'a> {
        match v {
            Val::Json(j) => View::Json(j),
            other => View::Val(other),
        }
    }

    pub(crate) fn get(self, key: &str) -> Option<View<'a>> {
        match self {
            View::Val(v) => v.get(key).map(View::of),
            View::Attrs(a) => a.iter().find(|(k, _)| k == key).map(|(_, v)| View::of(v)),
            View::Json(j) => j.get(key).map(View::Json),
        }
    }

    /// The items of a list, or the value itself (a single block may be written as an object).
    fn items(self) -> Vec<View<'a>> {
        match self {
            View::Val(Val::List(items)) => items.iter().map(View::of).collect(),
            View::Json(serde_json::Value::Array(items)) => items.iter().map(View::Json).collect(),
            other => vec![other],
        }
    }

    /// The value as a boolean, as Terraform converts it: `true`, or the string `"true"`.
    fn as_bool(self) -> Option<bool> {
        match self {
            View::Val(Val::Bool(b)) | View::Json(serde_json::Value::Bool(b)) => Some(*b),
            _ => match self.as_literal_str()? {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        }
    }

    /// The value as a whole number, as Terraform converts it: `7`, `7.0` or the string `"7"`.
    fn as_i64(self) -> Option<i64> {
        let whole = |f: f64| (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64);
        match self {
            View::Val(Val::Int(i)) => Some(*i),
            View::Val(Val::Float(f)) => whole(*f),
            View::Json(serde_json::Value::Number(n)) => n.as_i64().or_else(|| n.as_f64().and_then(whole)),
            _ => self.as_literal_str()?.trim().parse::<f64>().ok().and_then(whole),
        }
    }

    pub(crate) fn as_literal_str(self) -> Option<&'a str> {
        match self {
            View::Val(Val::Str(s)) => Some(s),
            View::Json(serde_json::Value::String(s)) if !s.contains("${") => Some(s),
            _ => None,
        }
    }

    fn is_null(self) -> bool {
        matches!(self, View::Val(Val::Null) | View::Json(serde_json::Value::Null))
    }

    /// Whether the value is exactly what `pin` asks for (after Terraform's conversions).
    fn holds(self, pin: Pin) -> bool {
        match pin {
            Pin::Bool(b) => self.as_bool() == Some(b),
            Pin::Int(i) => self.as_i64() == Some(i),
            Pin::Str(s) => self.as_literal_str() == Some(s),
            Pin::NotStr(s) => self.as_literal_str() != Some(s),
            Pin::IntRange(min, max) => self.as_i64().is_some_and(|i| (min..=max).contains(&i)),
        }
    }

    fn is_expression(self) -> bool {
        match self {
            View::Val(Val::Expr(_)) => true,
            View::Json(serde_json::Value::String(s)) => s.contains("${"),
            _ => false,
        }
    }

    /// The value as JSON, expressions as their `${...}` text.
    pub(crate) fn to_json(self) -> serde_json::Value {
        match self {
            View::Val(v) => v.to_json_lossy(),
            View::Attrs(a) => {
                serde_json::Value::Object(a.iter().map(|(k, v)| (k.to_string(), v.to_json_lossy())).collect())
            }
            View::Json(j) => j.clone(),
        }
    }

    fn describe(self) -> String {
        match self {
            View::Val(v) => v.to_json_lossy().to_string(),
            View::Attrs(a) => Val::Map(a.to_vec()).to_json_lossy().to_string(),
            View::Json(j) => j.to_string(),
        }
    }
}

/// The rules of every registered set, indexed by resource type.
pub(crate) struct RuleIndex<'r> {
    by_type: FxHashMap<&'static str, TypeRules<'r>>,
    /// Rules of every type that starts with a prefix (`aws_*`), with the prefix.
    by_prefix: Vec<(&'static str, TypeRules<'r>)>,
    /// Every group check, and the types any of them reads.
    pub(crate) groups: Vec<&'r GroupCheck>,
    group_types: FxHashMap<&'static str, ()>,
}

/// The rules of one resource type.
#[derive(Default)]
struct TypeRules<'r> {
    destroy: Vec<&'r DestroyRule>,
    names: Vec<&'r NameRule>,
    checks: Vec<&'r ResourceCheck>,
}

impl<'r> RuleIndex<'r> {
    pub(crate) fn new(sets: &[&'r RuleSet]) -> Self {
        let mut index = RuleIndex {
            by_type: FxHashMap::default(),
            by_prefix: Vec::new(),
            groups: Vec::new(),
            group_types: FxHashMap::default(),
        };
        for set in sets {
            for r in set.destroy {
                index.entry(r.resource_type).destroy.push(r);
            }
            for r in set.names {
                index.entry(r.resource_type).names.push(r);
            }
            for r in set.checks {
                index.entry(r.resource_type).checks.push(r);
            }
        }
        index.groups = sets.iter().flat_map(|s| s.groups).collect();
        index.group_types = index.groups.iter().flat_map(|g| g.resource_types.iter().map(|t| (*t, ()))).collect();
        index
    }

    /// Whether a group check reads resources of `tf_type`.
    pub(crate) fn grouped(&self, tf_type: &str) -> bool {
        !self.group_types.is_empty() && self.group_types.contains_key(tf_type)
    }

    fn entry(&mut self, resource_type: &'static str) -> &mut TypeRules<'r> {
        match resource_type.strip_suffix('*') {
            Some(prefix) => {
                let at = match self.by_prefix.iter().position(|(p, _)| *p == prefix) {
                    Some(at) => at,
                    None => {
                        self.by_prefix.push((prefix, TypeRules::default()));
                        self.by_prefix.len() - 1
                    }
                };
                &mut self.by_prefix[at].1
            }
            None => self.by_type.entry(resource_type).or_default(),
        }
    }

    /// The rules of `tf_type`: its own, then those of every prefix it starts with.
    fn rules_of<'s>(&'s self, tf_type: &'s str) -> impl Iterator<Item = &'s TypeRules<'r>> + 's {
        self.by_type
            .get(tf_type)
            .into_iter()
            .chain(self.by_prefix.iter().filter(move |(p, _)| tf_type.starts_with(p)).map(|(_, r)| r))
    }

    /// Whether any rule applies to `tf_type`.
    pub(crate) fn applies_to(&self, tf_type: &str) -> bool {
        self.rules_of(tf_type).next().is_some()
    }

    /// The physical-name attributes of `tf_type`, without the `*_prefix` ones (a prefix gets a unique
    /// suffix from the provider).
    /// The physical-name attributes of `tf_type` (prefixes left out), each with the attributes that scope
    /// its uniqueness ([`NameRule::unique_within`]).
    pub(crate) fn name_attributes<'s>(
        &'s self,
        tf_type: &'s str,
    ) -> impl Iterator<Item = (&'static str, &'static [&'static str])> + 's {
        self.rules_of(tf_type)
            .flat_map(|r| r.names.iter())
            .map(|n| (n.attribute, n.unique_within))
            .filter(|(a, _)| !a.ends_with("_prefix"))
    }

    /// Checks one resource's body; `path` gives its construct path (computed only for a problem), `suffix`
    /// the environment suffix. `lifecycle.prevent_destroy` is refused on every resource, with or without
    /// rules. The body as JSON is kept in `json`: made by the first check that needs it (if `None`), and
    /// left there for the group checks, which read it too.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check_resource(
        &self,
        tf_type: &str,
        body: View<'_>,
        path: &dyn Fn() -> String,
        suffix: &str,
        ctx: &CheckContext<'_>,
        problems: &mut Vec<Problem>,
        json: &mut Option<serde_json::Value>,
    ) {
        check_prevent_destroy(tf_type, body, path, problems);
        for rules in self.rules_of(tf_type) {
            for rule in &rules.destroy {
                check_destroy(tf_type, rule, body, 0, path, problems);
            }
            for rule in &rules.names {
                if let Some(v) = body.get(rule.attribute) {
                    if let Some(name) = v.as_literal_str() {
                        check_name(tf_type, rule, name, path, suffix, problems);
                    }
                }
            }
            if !rules.checks.is_empty() {
                let json = json.get_or_insert_with(|| body.to_json());
                for c in &rules.checks {
                    for (message, fix) in (c.check)(json, ctx) {
                        problems.push(Problem::new(path(), format!("{tf_type} {message}")).with_fix(fix));
                    }
                }
            }
        }
    }
}

/// `lifecycle.prevent_destroy`, however it is written (a typed lifecycle has none; `.set("lifecycle", ...)`,
/// a list of lifecycle blocks, an override), blocks `terraform destroy` unless it is literally false.
fn check_prevent_destroy(tf_type: &str, body: View<'_>, path: &dyn Fn() -> String, problems: &mut Vec<Problem>) {
    let Some(lifecycle) = body.get("lifecycle") else { return };
    for block in lifecycle.items() {
        let Some(p) = block.get("prevent_destroy") else { continue };
        if p.is_null() || p.as_bool() == Some(false) {
            continue;
        }
        let how = if p.as_bool() == Some(true) {
            format!("sets lifecycle.prevent_destroy = {}", p.describe())
        } else {
            format!("sets lifecycle.prevent_destroy to {}, which may be true", p.describe())
        };
        problems.push(
            Problem::new(path(), format!("{tf_type} {how}, which blocks `terraform destroy`"))
                .with_fix("remove prevent_destroy: every environment must be removable by `terraform destroy` alone"),
        );
    }
}

fn check_destroy(
    tf_type: &str,
    rule: &DestroyRule,
    at: View<'_>,
    depth: usize,
    path: &dyn Fn() -> String,
    problems: &mut Vec<Problem>,
) {
    let key = rule.path[depth];
    let dotted = || rule.path.join(".");
    let Some(v) = at.get(key).filter(|v| !v.is_null()) else {
        if depth == 0 && rule.required {
            let dotted = dotted();
            problems.push(
                Problem::new(
                    path(),
                    format!("{tf_type} does not set {dotted}, and its default blocks `terraform destroy`"),
                )
                .with_fix(format!("set {dotted} = {}", rule.pin)),
            );
        }
        return;
    };
    if depth + 1 < rule.path.len() {
        for item in v.items() {
            check_destroy(tf_type, rule, item, depth + 1, path, problems);
        }
        return;
    }
    if let Pin::IntRange(min, max) = rule.pin {
        if !v.is_expression() && !v.holds(rule.pin) {
            let dotted = dotted();
            problems.push(
                Problem::new(
                    path(),
                    format!("{} sets {dotted} = {}, outside {min}..={max}", rule.resource_type, v.describe()),
                )
                .with_fix(format!("set {dotted} to a whole number in {min}..={max}")),
            );
        }
        return;
    }
    if v.is_expression() {
        let dotted = dotted();
        problems.push(
            Problem::new(
                path(),
                format!("{tf_type} sets {dotted} from an expression, so destroyability cannot be checked"),
            )
            .with_fix(format!("set {dotted} = {} literally", rule.pin)),
        );
        return;
    }
    if !v.holds(rule.pin) {
        let dotted = dotted();
        problems.push(
            Problem::new(
                path(),
                format!("{tf_type} sets {dotted} = {}, which blocks `terraform destroy`", v.describe()),
            )
            .with_fix(format!("set {dotted} = {} (typed resources pin it; remove the override)", rule.pin)),
        );
    }
}

/// Whether `name` carries `-SUFFIX` followed by its end or by a character that is not a letter, digit or `-`.
fn has_suffix(name: &str, suffix: &str) -> bool {
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        rest.starts_with(suffix)
            && rest[suffix.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-')
    })
}

fn check_name(
    tf_type: &str,
    rule: &NameRule,
    name: &str,
    path: &dyn Fn() -> String,
    suffix: &str,
    problems: &mut Vec<Problem>,
) {
    let what = || format!("{tf_type} {} `{name}`", rule.attribute);
    let len = name.chars().count();
    if len > rule.max || len < rule.min {
        problems.push(
            Problem::new(
                path(),
                format!("{} is {len} characters long; the limit is {}..={}", what(), rule.min, rule.max),
            )
            .with_fix(format!(
                "use a base name of at most {} characters (the suffix `-{suffix}` takes {})",
                rule.max.saturating_sub(suffix.len() + 1),
                suffix.len() + 1
            )),
        );
    }
    if let Some(bad) = name.chars().find(|c| !(rule.allowed)(*c)) {
        problems.push(
            Problem::new(path(), format!("{} contains `{bad}`; allowed: {}", what(), rule.allowed_text))
                .with_fix("change the base name passed to `scope.name(...)`"),
        );
    }
    if let Some(prefix) = rule.prefix {
        if !name.starts_with(prefix) {
            problems.push(
                Problem::new(path(), format!("{} must start with `{prefix}`", what()))
                    .with_fix(format!("use `scope.name(\"{prefix}...\")`")),
            );
        }
    }
    if !has_suffix(name, suffix) {
        problems.push(
            Problem::new(path(), format!("{} does not carry the environment suffix `-{suffix}`", what()))
                .with_fix("make physical names with `scope.name(\"...\")` so environments can live side by side"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static RULES: RuleSet = RuleSet {
        name: "test",
        groups: &[],
        checks: &[ResourceCheck {
            resource_type: "t_port",
            check: |body, _| match body["port"].as_i64() {
                Some(22) => vec![("opens port 22".into(), "close it".into())],
                _ => Vec::new(),
            },
        }],
        destroy: &[
            DestroyRule { resource_type: "t_bucket", path: &["force_destroy"], pin: Pin::Bool(true), required: true },
            DestroyRule { resource_type: "t_key", path: &["window"], pin: Pin::IntRange(7, 30), required: false },
            DestroyRule {
                resource_type: "t_lock",
                path: &["rule", "retention", "mode"],
                pin: Pin::NotStr("COMPLIANCE"),
                required: false,
            },
        ],
        names: &[NameRule {
            resource_type: "t_role",
            attribute: "name",
            min: 1,
            max: 64,
            allowed: |c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c),
            allowed_text: "letters, digits and +=,.@_-",
            prefix: None,
            unique_within: &[],
        }],
    };

    fn check(tf_type: &str, body: serde_json::Value) -> Vec<String> {
        let idx = RuleIndex::new(&[&RULES]);
        let mut p = Vec::new();
        let ctx = CheckContext::default();
        idx.check_resource(tf_type, View::Json(&body), &|| "s/x".to_string(), "dev", &ctx, &mut p, &mut None);
        p.into_iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn destroy_pins() {
        assert!(check("t_bucket", serde_json::json!({"force_destroy": true})).is_empty());
        let e = check("t_bucket", serde_json::json!({"force_destroy": false}));
        assert_eq!(e, ["[s/x] t_bucket sets force_destroy = false, which blocks `terraform destroy`: set force_destroy = true (typed resources pin it; remove the override)"]);
        let e = check("t_bucket", serde_json::json!({}));
        assert!(e[0].contains("does not set force_destroy"), "{e:?}");
    }

    #[test]
    fn range_pins_take_any_value_in_the_range() {
        for ok in [serde_json::json!({"window": 7}), serde_json::json!({"window": 30}), serde_json::json!({})] {
            assert!(check("t_key", ok.clone()).is_empty(), "{ok}");
        }
        assert!(check("t_key", serde_json::json!({"window": "${var.days}"})).is_empty());
        let e = check("t_key", serde_json::json!({"window": 45}));
        assert_eq!(e, ["[s/x] t_key sets window = 45, outside 7..=30: set window to a whole number in 7..=30"]);
    }

    #[test]
    fn nested_pins_are_followed_into_every_block() {
        let ok = serde_json::json!({"rule": [{"retention": {"mode": "GOVERNANCE"}}]});
        assert!(check("t_lock", ok).is_empty());
        let bad = serde_json::json!({"rule": [{"retention": {"mode": "COMPLIANCE"}}]});
        assert!(check("t_lock", bad)[0].contains("rule.retention.mode = \"COMPLIANCE\""));
    }

    #[test]
    fn resource_checks_see_the_body_and_name_the_type() {
        assert_eq!(check("t_port", serde_json::json!({"port": 22})), ["[s/x] t_port opens port 22: close it"]);
        assert!(check("t_port", serde_json::json!({"port": 443})).is_empty());
    }

    #[test]
    fn prevent_destroy_is_always_an_error() {
        let e = check("anything", serde_json::json!({"lifecycle": {"prevent_destroy": true}}));
        assert!(e[0].contains("prevent_destroy"), "{e:?}");
    }

    #[test]
    fn values_are_read_as_terraform_converts_them() {
        // `json!(true)` set as a value, the string "true", and a whole float are the pinned value itself.
        for ok in [serde_json::json!({"force_destroy": true}), serde_json::json!({"force_destroy": "true"})] {
            assert!(check("t_bucket", ok).is_empty());
        }
        let idx = RuleIndex::new(&[&RULES]);
        let mut p = Vec::new();
        let attrs = vec![(crate::value::Key::Borrowed("force_destroy"), Val::from(serde_json::json!(true)))];
        idx.check_resource(
            "t_bucket",
            View::Attrs(&attrs),
            &|| "s/x".to_string(),
            "dev",
            &CheckContext::default(),
            &mut p,
            &mut None,
        );
        assert!(p.is_empty(), "{p:?}");
        let e = check("t_bucket", serde_json::json!({"force_destroy": "false"}));
        assert_eq!(e.len(), 1);
        assert!(e[0].contains("sets force_destroy = \"false\", which blocks"), "{e:?}");
    }

    #[test]
    fn prevent_destroy_is_found_in_lifecycle_lists_and_raw_json_values() {
        let e = check("t_any", serde_json::json!({"lifecycle": [{"prevent_destroy": true}]}));
        assert_eq!(e, ["[s/x] t_any sets lifecycle.prevent_destroy = true, which blocks `terraform destroy`: remove prevent_destroy: every environment must be removable by `terraform destroy` alone"]);
        let e = check("t_any", serde_json::json!({"lifecycle": {"prevent_destroy": "${var.keep}"}}));
        assert!(e[0].contains("sets lifecycle.prevent_destroy to \"${var.keep}\", which may be true"), "{e:?}");
        assert!(check("t_any", serde_json::json!({"lifecycle": {"prevent_destroy": false}})).is_empty());
        let idx = RuleIndex::new(&[]);
        let mut p = Vec::new();
        let attrs =
            vec![(crate::value::Key::Borrowed("lifecycle"), Val::from(serde_json::json!({"prevent_destroy": true})))];
        idx.check_resource(
            "t_any",
            View::Attrs(&attrs),
            &|| "s/x".to_string(),
            "dev",
            &CheckContext::default(),
            &mut p,
            &mut None,
        );
        assert_eq!(p.len(), 1, "{p:?}");
    }

    static PREFIXED: RuleSet = RuleSet {
        groups: &[],
        name: "t",
        checks: &[ResourceCheck {
            resource_type: "t_*",
            check: |body, _| match body.get("public") {
                Some(serde_json::Value::Bool(true)) => vec![("is public".into(), "make it private".into())],
                _ => Vec::new(),
            },
        }],
        destroy: &[DestroyRule { resource_type: "t_db_*", path: &["protect"], pin: Pin::Bool(false), required: false }],
        names: &[],
    };

    #[test]
    fn rules_ending_with_a_star_apply_to_every_type_with_that_prefix() {
        let idx = RuleIndex::new(&[&PREFIXED]);
        assert!(idx.applies_to("t_anything"));
        assert!(!idx.applies_to("u_anything"));
        let mut p = Vec::new();
        let body = serde_json::json!({"public": true, "protect": true});
        idx.check_resource(
            "t_db_cluster",
            View::Json(&body),
            &|| "s/x".to_string(),
            "dev",
            &CheckContext::default(),
            &mut p,
            &mut None,
        );
        let p: Vec<String> = p.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            p,
            [
                "[s/x] t_db_cluster sets protect = true, which blocks `terraform destroy`: set protect = false (typed resources pin it; remove the override)",
                "[s/x] t_db_cluster is public: make it private",
            ]
        );
        let mut none = Vec::new();
        idx.check_resource(
            "u_db_cluster",
            View::Json(&body),
            &|| "s/x".to_string(),
            "dev",
            &CheckContext::default(),
            &mut none,
            &mut None,
        );
        assert!(none.is_empty());
    }

    #[test]
    fn name_limits_and_suffix() {
        let long = format!("{}-dev", "r".repeat(66));
        let e = check("t_role", serde_json::json!({"name": long}));
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("is 70 characters long; the limit is 1..=64"), "{e:?}");
        let e = check("t_role", serde_json::json!({"name": "ops"}));
        assert!(e[0].contains("does not carry the environment suffix `-dev`"), "{e:?}");
        assert!(check("t_role", serde_json::json!({"name": "ops-dev"})).is_empty());
        assert!(check("t_role", serde_json::json!({"name": "ops-dev.fifo"})).is_empty());
        assert!(!check("t_role", serde_json::json!({"name": "ops-devx"})).is_empty());
    }
}
