//! Synthesis: validation of the whole tree, then rendering of each stack and the manifest in cdktf's exact
//! format. Nothing touches the disk here; see [`App::synth`](crate::App::synth) for the atomic write.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::io;

use crate::backend::Backend;
use crate::element::{Block, Element, IgnoreChanges, Lifecycle, Meta};
use crate::error::Problem;
use crate::expr::{Addr, Resolver, SameStack};
use crate::hash::FxHashMap;
use crate::json::{cmp_keys, Emit, JsonWriter, ValueBuilder};
use crate::rules::{CheckContext, GroupMember, RuleIndex, View};
use crate::tree::{path_components, path_string, NodeId, NodeKind, Tree};
use crate::value::Val;
use crate::value_checks::ValueChecker;

/// The version written into the `"//"` metadata and the manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The result of synthesis, in memory: each stack's `cdk.tf.json` and the `manifest.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesized {
    /// `(stack name, cdk.tf.json bytes)`, in the order the stacks were created.
    pub stacks: Vec<(String, Vec<u8>)>,
    /// `manifest.json` bytes.
    pub manifest: Vec<u8>,
    /// Extra files ([`Stack::add_file`](crate::Stack::add_file) and [`Asset`](crate::Asset)s): `(path below
    /// the output directory, bytes)`, such as `stacks/apps/assets/web-chart/Chart.yaml`.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Synthesized {
    /// The `cdk.tf.json` text of stack `name`.
    pub fn stack(&self, name: &str) -> Option<&str> {
        self.stacks.iter().find(|(n, _)| n == name).and_then(|(_, b)| std::str::from_utf8(b).ok())
    }

    /// The text of the extra file at `path` below the output directory (`stacks/<stack>/<file>`).
    pub fn file(&self, path: &str) -> Option<&str> {
        self.files.iter().find(|(p, _)| p == path).and_then(|(_, b)| std::str::from_utf8(b).ok())
    }
}

/// Every extra file of every stack: `(path below the output directory, contents)`, in stack order.
pub(crate) fn extra_files(tree: &Tree) -> Vec<(String, Vec<u8>)> {
    let nodes = tree.nodes.borrow();
    let mut out = Vec::new();
    for &n in tree.stacks.borrow().iter() {
        if let NodeKind::Stack(s) = &nodes[n].kind {
            for (path, bytes) in &s.files {
                out.push((format!("stacks/{}/{path}", s.name), bytes.clone()));
            }
        }
    }
    out
}

/// A reference from one stack to an element of another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct CrossRef {
    producer: usize,
    consumer: usize,
    /// The producer-side expression: `aws_s3_bucket.b.arn`.
    expr: String,
}

fn cross_output_id(expr: &str) -> String {
    let clean: String = expr.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    format!("cross-stack-output-{clean}")
}

fn remote_state_id(producer: &str) -> String {
    format!("cross-stack-reference-input-{producer}")
}

struct StackResolver<'a> {
    stack: usize,
    names: &'a [String],
    found: &'a RefCell<BTreeSet<CrossRef>>,
}

impl Resolver for StackResolver<'_> {
    fn reference(&self, addr: &Addr, attr: &str, out: &mut String) {
        if addr.stack == self.stack || addr.stack >= self.names.len() {
            return SameStack.reference(addr, attr, out);
        }
        let mut expr = addr.address.to_string();
        if !attr.is_empty() {
            expr.push('.');
            expr.push_str(attr);
        }
        out.push_str("data.terraform_remote_state.");
        out.push_str(&remote_state_id(&self.names[addr.stack]));
        out.push_str(".outputs.");
        out.push_str(&cross_output_id(&expr));
        self.found.borrow_mut().insert(CrossRef { producer: addr.stack, consumer: self.stack, expr });
    }
}

/// Writes values; reuses one scratch string for expression text.
struct ValWriter<'a> {
    r: &'a dyn Resolver,
    scratch: String,
}

impl ValWriter<'_> {
    fn val<E: Emit>(&mut self, w: &mut E, v: &Val) {
        match v {
            Val::Null => w.null(),
            Val::Bool(b) => w.bool(*b),
            Val::Int(i) => w.int(*i),
            Val::Float(f) => w.float(*f),
            Val::Str(s) => self.literal(w, s),
            Val::Expr(e) => {
                self.scratch.clear();
                e.write_string(self.r, &mut self.scratch);
                w.string(&self.scratch);
            }
            Val::List(items) => {
                w.begin_array();
                for i in items {
                    self.val(w, i);
                }
                w.end_array();
            }
            Val::Map(entries) => {
                w.begin_object();
                for (k, v) in entries {
                    w.key(k);
                    self.val(w, v);
                }
                w.end_object();
            }
            Val::Json(j) => self.json(w, j),
        }
    }

    fn literal<E: Emit>(&mut self, w: &mut E, s: &str) {
        if s.contains('{') {
            self.scratch.clear();
            crate::expr::escape_template(s, &mut self.scratch);
            w.string(&self.scratch);
        } else {
            w.string(s);
        }
    }

    fn json<E: Emit>(&mut self, w: &mut E, j: &serde_json::Value) {
        use serde_json::Value as J;
        match j {
            J::String(s) => self.literal(w, s),
            J::Array(items) => {
                w.begin_array();
                for i in items {
                    self.json(w, i);
                }
                w.end_array();
            }
            J::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort_by(|a, b| cmp_keys(a, b));
                w.begin_object();
                for k in keys {
                    w.key(k);
                    self.json(w, &m[k]);
                }
                w.end_object();
            }
            other => w.json(other),
        }
    }
}

/// A meta-argument of a block, with its key.
enum MetaArg<'a> {
    Count(&'a Val),
    DependsOn(&'a [std::rc::Rc<Addr>]),
    ForEach(&'a Val),
    Lifecycle(&'a Lifecycle),
    Provider(&'a crate::provider::ProviderRef),
}

impl MetaArg<'_> {
    fn key(&self) -> &'static str {
        match self {
            MetaArg::Count(_) => "count",
            MetaArg::DependsOn(_) => "depends_on",
            MetaArg::ForEach(_) => "for_each",
            MetaArg::Lifecycle(_) => "lifecycle",
            MetaArg::Provider(_) => "provider",
        }
    }
}

/// The meta-arguments a block sets, in key order.
fn meta_args(m: &Meta) -> Vec<MetaArg<'_>> {
    let mut args = Vec::new();
    if let Some(c) = &m.count {
        args.push(MetaArg::Count(c));
    }
    if !m.depends_on.is_empty() {
        args.push(MetaArg::DependsOn(&m.depends_on));
    }
    if let Some(f) = &m.for_each {
        args.push(MetaArg::ForEach(f));
    }
    if let Some(l) = &m.lifecycle {
        args.push(MetaArg::Lifecycle(l));
    }
    if let Some(p) = &m.provider {
        args.push(MetaArg::Provider(p));
    }
    args
}

fn write_meta<E: Emit>(w: &mut E, vw: &mut ValWriter<'_>, arg: &MetaArg<'_>) {
    w.key(arg.key());
    match arg {
        MetaArg::Count(v) | MetaArg::ForEach(v) => vw.val(w, v),
        MetaArg::DependsOn(deps) => {
            w.begin_array();
            for d in *deps {
                w.string(&d.address);
            }
            w.end_array();
        }
        MetaArg::Lifecycle(l) => write_lifecycle(w, vw, l),
        MetaArg::Provider(p) => w.string(p.as_str()),
    }
}

fn write_checks<E: Emit>(w: &mut E, vw: &mut ValWriter<'_>, checks: &[crate::element::Check]) {
    w.begin_array();
    for c in checks {
        w.begin_object();
        w.key("condition");
        vw.val(w, &Val::Expr(c.condition.clone()));
        w.key("error_message");
        vw.literal(w, &c.error_message);
        w.end_object();
    }
    w.end_array();
}

fn write_lifecycle<E: Emit>(w: &mut E, vw: &mut ValWriter<'_>, l: &Lifecycle) {
    w.begin_object();
    if let Some(c) = l.create_before_destroy {
        w.key("create_before_destroy");
        w.bool(c);
    }
    match &l.ignore_changes {
        Some(IgnoreChanges::All) => {
            w.key("ignore_changes");
            w.string("all");
        }
        Some(IgnoreChanges::Attributes(attrs)) => {
            w.key("ignore_changes");
            w.begin_array();
            for a in attrs {
                w.string(a);
            }
            w.end_array();
        }
        None => {}
    }
    if !l.postconditions.is_empty() {
        w.key("postcondition");
        write_checks(w, vw, &l.postconditions);
    }
    if !l.preconditions.is_empty() {
        w.key("precondition");
        write_checks(w, vw, &l.preconditions);
    }
    if !l.replace_triggered_by.is_empty() {
        w.key("replace_triggered_by");
        w.begin_array();
        for e in &l.replace_triggered_by {
            vw.scratch.clear();
            e.write_hcl(vw.r, &mut vw.scratch);
            w.string(&vw.scratch);
        }
        w.end_array();
    }
    w.end_object();
}

/// Writes a resource or data block's body, without overrides; `path` is its construct path, in pieces to be
/// joined by `/`.
fn write_block_plain<E: Emit>(w: &mut E, vw: &mut ValWriter<'_>, b: &Block, path: &[&str]) {
    w.begin_object();
    w.key("//");
    w.begin_object();
    w.key("metadata");
    w.begin_object();
    w.key("path");
    w.string_parts(path.iter().enumerate().flat_map(|(i, c)| [if i == 0 { "" } else { "/" }, *c]));
    w.key("uniqueId");
    w.string(b.logical_id());
    w.end_object();
    w.end_object();
    let metas = b.meta.as_deref().map(meta_args).unwrap_or_default();
    let mut mi = 0;
    for (k, v) in &b.attrs {
        while mi < metas.len() && cmp_keys(metas[mi].key(), k).is_lt() {
            write_meta(w, vw, &metas[mi]);
            mi += 1;
        }
        w.key(k);
        vw.val(w, v);
    }
    for m in &metas[mi..] {
        write_meta(w, vw, m);
    }
    w.end_object();
}

/// The block's body as JSON with its overrides applied: built as a value, never re-parsed from text, so
/// nothing is lost to a parser's limits.
fn block_json(b: &Block, path: &[&str], r: &dyn Resolver) -> serde_json::Value {
    let mut w = ValueBuilder::default();
    let mut vw = ValWriter { r, scratch: String::new() };
    write_block_plain(&mut w, &mut vw, b, path);
    let mut j = w.finish();
    for (p, v) in b.overrides() {
        apply_override(&mut j, p, v.clone());
    }
    j
}

/// Sets `value` at dotted `path` (numeric segments index arrays), creating objects on the way, like
/// cdktf's `addOverride`.
pub(crate) fn apply_override(root: &mut serde_json::Value, path: &str, value: serde_json::Value) {
    let segs: Vec<&str> = path.split('.').collect();
    set_path(root, &segs, value);
}

fn set_path(cur: &mut serde_json::Value, segs: &[&str], value: serde_json::Value) {
    use serde_json::Value as J;
    let Some((seg, rest)) = segs.split_first() else {
        *cur = value;
        return;
    };
    if let J::Array(items) = cur {
        if let Some(item) = seg.parse::<usize>().ok().and_then(|ix| items.get_mut(ix)) {
            return set_path(item, rest, value);
        }
    }
    if !cur.is_object() {
        *cur = J::Object(Default::default());
    }
    if let J::Object(map) = cur {
        let next = map.entry(seg.to_string()).or_insert(J::Null);
        set_path(next, rest, value);
    }
}

fn write_block(w: &mut JsonWriter, vw: &mut ValWriter<'_>, b: &Block, path: &[&str]) {
    if b.overrides().is_empty() {
        write_block_plain(w, vw, b, path);
    } else {
        let j = block_json(b, path, vw.r);
        w.json(&j);
    }
}

struct StackInfo {
    name: String,
    node: NodeId,
    backend: Backend,
}

fn stack_infos(tree: &Tree) -> Vec<StackInfo> {
    let nodes = tree.nodes.borrow();
    tree.stacks
        .borrow()
        .iter()
        .map(|&n| match &nodes[n].kind {
            NodeKind::Stack(s) => StackInfo {
                name: s.name.to_string(),
                node: n,
                backend: s.backend.clone().unwrap_or_else(|| Backend::default_for(&s.name)),
            },
            _ => unreachable!("stack list holds stack nodes"),
        })
        .collect()
}

/// Checks the whole tree and returns every problem found, in a stable order.
pub(crate) fn validate(tree: &Tree) -> Vec<Problem> {
    let mut problems: Vec<Problem> = tree.problems.borrow().clone();
    let rule_sets = tree.rule_sets.borrow().clone();
    let index = RuleIndex::new(&rule_sets);
    let stacks = stack_infos(tree);
    if stacks.is_empty() {
        problems.push(
            Problem::new("app", "the app has no stack").with_fix("create one with `Stack::new(&app, \"name\", &env)`"),
        );
    }
    let suffixes: Vec<String> = (0..stacks.len()).map(|i| tree.stack_env(i).suffix().to_string()).collect();
    let nodes = tree.nodes.borrow();
    let path = |ix: NodeId| path_string(&nodes, ix);
    // Elements whose logical id an earlier element of their stack and kind already has (found as they were
    // created, when their ids were at hand).
    let same_logical_id = tree.same_logical_id.borrow();
    let mut default_providers: BTreeMap<(usize, &str), NodeId> = BTreeMap::new();
    // The physical names of resources: (stack, type, attribute, name, provider) and the first to use it.
    let mut physical_names: FxHashMap<PhysicalName<'_>, NodeId> = FxHashMap::default();
    // The Terraform names of outputs, variables and locals in each stack.
    let mut terraform_names: FxHashMap<(usize, &str, &str), NodeId> = FxHashMap::default();
    // The acknowledgements covering a node: those of a whole rule on it or above it, and every one of an
    // exact subject.
    let acknowledgements = tree.acknowledgements.borrow();
    let mut by_subject: crate::rules::SubjectIndex<'_> = FxHashMap::default();
    for a in acknowledgements.iter() {
        if let Some(subject) = &a.subject {
            by_subject.entry((a.rule.as_str(), subject.as_str())).or_insert(a.reason.as_str());
        }
    }
    let scoped: Vec<&crate::rules::Acknowledgement> = acknowledgements.iter().filter(|a| a.subject.is_none()).collect();
    let context = |ix: NodeId| {
        if acknowledgements.is_empty() {
            return CheckContext::default();
        }
        let mut covering = Vec::new();
        if !scoped.is_empty() {
            let mut cur = Some(ix);
            while let Some(n) = cur {
                covering.extend(scoped.iter().filter(|a| a.node == n));
                cur = nodes[n].parent();
            }
        }
        CheckContext::new(covering, &by_subject)
    };
    // The members of group checks, by stack: (node, JSON body).
    let mut grouped: BTreeMap<usize, Vec<(NodeId, serde_json::Value)>> = BTreeMap::new();
    // The provider configurations of each stack, collected (in a pass over every node) only when an element
    // names one.
    let provider_refs = std::cell::OnceCell::new();
    let provider_refs = || {
        provider_refs.get_or_init(|| {
            let mut refs: BTreeSet<(usize, String)> = BTreeSet::new();
            for node in nodes.iter() {
                if let (Some(stack), NodeKind::Element(Element::Provider(p))) = (node.stack(), &node.kind) {
                    let alias = p.attrs.iter().find(|(k, _)| k == "alias").and_then(|(_, v)| v.as_str());
                    refs.insert((stack, alias.map_or(p.name.to_string(), |a| format!("{}.{a}", p.name))));
                }
            }
            refs
        })
    };
    // One checker for every element, so that its buffers are allocated once.
    let mut values = ValueChecker::new(tree.app_id);
    for (ix, node) in nodes.iter().enumerate() {
        let (Some(stack), NodeKind::Element(e)) = (node.stack(), &node.kind) else { continue };
        value_problems(&mut values, e, &|| path(ix), &mut problems);
        if let Some((kind, name)) = terraform_name(e) {
            if let Some(first) = terraform_names.insert((stack, kind, name), ix) {
                let (here, first) = (path(ix), path(first));
                // The same path twice is a duplicate id, reported already.
                if here != first {
                    problems.push(
                        Problem::new(&here, format!("{kind} name `{name}` is also the name of `{first}`"))
                            .with_fix("rename one of the two"),
                    );
                }
            }
        }
        match e {
            Element::Resource(b) | Element::Data(b) => {
                let is_data = matches!(e, Element::Data(_));
                let other = if same_logical_id.is_empty() { None } else { same_logical_id.get(&ix).copied() };
                if let Some(other) = other {
                    let (path, other) = (path(ix), path(other));
                    // The same path twice is a duplicate id, reported already.
                    if path != other {
                        problems.push(
                            Problem::new(&path, format!("logical id `{}` is also the id of `{other}`", b.logical_id()))
                                .with_fix("rename one of the two constructs"),
                        );
                    }
                }
                let meta = b.meta.as_deref();
                if !b.attrs.is_empty() {
                    meta_attribute_problems(b, &|| path(ix), &mut problems);
                }
                for d in meta.map_or(&[][..], |m| &m.depends_on) {
                    if d.stack != stack {
                        problems.push(
                            Problem::new(path(ix), format!("depends_on `{}` is in another stack", d.address))
                                .with_fix("make the stacks depend on each other with `stack.depends_on(&other)`"),
                        );
                    }
                }
                if let Some(p) = meta.and_then(|m| m.provider.as_ref()) {
                    if !provider_refs().contains(&(stack, p.as_str().to_string())) {
                        problems.push(
                            Problem::new(
                                path(ix),
                                format!(
                                    "provider `{}` is not configured in stack `{}`",
                                    p.as_str(),
                                    stacks[stack].name
                                ),
                            )
                            .with_fix("create the provider in the same stack as the resources that use it"),
                        );
                    }
                }
                if is_data {
                    continue;
                }
                let suffix = &suffixes[stack];
                let overridden_body = !b.overrides().is_empty();
                let overridden;
                let body = if b.overrides().is_empty() {
                    View::Attrs(&b.attrs)
                } else {
                    let mut comps = Vec::new();
                    path_components(&nodes, ix, &mut comps);
                    overridden = block_json(b, &comps, &SameStack);
                    View::Json(&overridden)
                };
                let applies = index.applies_to(&b.tf_type);
                // The body as JSON, for the checks that read it: made once, for both kinds.
                let mut json = None;
                // A typed lifecycle has no prevent_destroy; an attribute `lifecycle` or an override may.
                if applies || !b.overrides().is_empty() || b.attr("lifecycle").is_some() {
                    let ctx = context(ix);
                    index.check_resource(&b.tf_type, body, &|| path(ix), suffix, &ctx, &mut problems, &mut json);
                }
                if index.grouped(&b.tf_type) {
                    grouped.entry(stack).or_default().push((ix, json.take().unwrap_or_else(|| body.to_json())));
                }
                if applies {
                    let provider = meta.and_then(|m| m.provider.as_ref()).map_or("", |p| p.as_str());
                    for (attr, within) in index.name_attributes(&b.tf_type) {
                        // The name; one read from an override's JSON lives only as long as this element's
                        // turn, one of the tree's attributes as long as the tree.
                        let name: Cow<'_, str> = if overridden_body {
                            let Some(name) = body.get(attr).and_then(|v| v.as_literal_str()) else { continue };
                            Cow::Owned(name.to_string())
                        } else {
                            let attrs = View::Attrs(&b.attrs);
                            let Some(name) = attrs.get(attr).and_then(|v| v.as_literal_str()) else { continue };
                            Cow::Borrowed(name)
                        };
                        // The values of the attributes that scope the name (an inline policy's role); most
                        // names have none, and their key borrows everything from the tree.
                        let scope: Option<String> = (!within.is_empty()).then(|| {
                            within
                                .iter()
                                .map(|w| body.get(w).map_or(String::new(), |v| v.to_json().to_string()))
                                .collect::<Vec<_>>()
                                .join("\u{0}")
                        });
                        let key = PhysicalName { stack, tf_type: &b.tf_type, attr, name, scope, provider };
                        match physical_names.entry(key) {
                            Entry::Vacant(new) => {
                                new.insert(ix);
                            }
                            Entry::Occupied(mut seen) => {
                                let first = seen.insert(ix);
                                let name = &seen.key().name;
                                let message =
                                    format!("{} {attr} `{name}` is also the {attr} of `{}`", b.tf_type, path(first));
                                problems.push(Problem::new(path(ix), message).with_fix(SAME_PHYSICAL_NAME_FIX));
                            }
                        }
                    }
                }
            }
            Element::Provider(p) if p.attrs.iter().all(|(k, _)| k != "alias") => {
                if let Some(first) = default_providers.insert((stack, p.name), ix) {
                    problems.push(
                        Problem::new(
                            path(ix),
                            format!("a second default `{}` provider; the first is `{}`", p.name, path(first)),
                        )
                        .with_fix("give every additional configuration of a provider an `alias`"),
                    );
                }
            }
            _ => {}
        }
    }
    for members in grouped.into_values() {
        let members: Vec<GroupMember<'_>> = members
            .into_iter()
            .filter_map(|(ix, body)| match &nodes[ix].kind {
                NodeKind::Element(Element::Resource(b)) => Some(GroupMember {
                    resource_type: &b.tf_type,
                    address: format!("{}.{}", b.tf_type, b.logical_id()),
                    path: path(ix),
                    body,
                }),
                _ => None,
            })
            .collect();
        for g in &index.groups {
            let of_check: Vec<&GroupMember<'_>> =
                members.iter().filter(|m| g.resource_types.contains(&m.resource_type)).collect();
            if of_check.is_empty() {
                continue;
            }
            for (i, message, fix) in (g.check)(&of_check) {
                if let Some(m) = of_check.get(i) {
                    problems.push(Problem::new(&m.path, format!("{} {message}", m.resource_type)).with_fix(fix));
                }
            }
        }
    }
    problems
}

/// The fix of a physical name used twice.
const SAME_PHYSICAL_NAME_FIX: &str = "physical names must differ within a stack and provider: in a construct used \
    more than once, name by the construct path with `scope.name_from_path(\"...\")`, or pass another base";

/// A physical name of a resource, as the uniqueness check keys it: names must differ among resources of one
/// stack, type, attribute, provider configuration and scope (the values of [`NameRule::unique_within`]).
///
/// [`NameRule::unique_within`]: crate::rules::NameRule::unique_within
#[derive(PartialEq, Eq, Hash)]
struct PhysicalName<'a> {
    stack: usize,
    tf_type: &'a str,
    attr: &'static str,
    name: Cow<'a, str>,
    scope: Option<String>,
    provider: &'a str,
}

/// The kind and Terraform name of an output, variable or local.
fn terraform_name(e: &Element) -> Option<(&'static str, &str)> {
    match e {
        Element::Output(o) => Some(("output", &o.logical_id)),
        Element::Variable(v) => Some(("variable", &v.logical_id)),
        Element::Local(l) => Some(("local", &l.name)),
        _ => None,
    }
}

/// Checks every value of element `e` (NaN and infinity, handles of another app, nesting too deep).
fn value_problems<'n>(
    c: &mut ValueChecker<'n>,
    e: &'n Element,
    path: &dyn Fn() -> String,
    problems: &mut Vec<Problem>,
) {
    let what: &str = match e {
        Element::Resource(b) | Element::Data(b) => {
            for (k, v) in &b.attrs {
                c.check(k, v);
            }
            if let Some(m) = b.meta.as_deref() {
                if let Some(v) = &m.count {
                    c.check("count", v);
                }
                if let Some(v) = &m.for_each {
                    c.check("for_each", v);
                }
                if let Some(l) = &m.lifecycle {
                    for e in &l.replace_triggered_by {
                        c.check_expr("lifecycle.replace_triggered_by", e);
                    }
                    for check in l.preconditions.iter().chain(&l.postconditions) {
                        c.check_expr("lifecycle.condition", &check.condition);
                    }
                }
                for (p, v) in &m.overrides {
                    c.check_json(p, v);
                }
            }
            &b.tf_type
        }
        Element::Provider(p) => {
            for (k, v) in &p.attrs {
                c.check(k, v);
            }
            p.name
        }
        Element::Output(o) => {
            c.check("value", &o.value);
            "output"
        }
        Element::Variable(v) => {
            if let Some(d) = &v.default {
                c.check("default", d);
            }
            for check in &v.validations {
                c.check_expr("validation.condition", &check.condition);
            }
            "variable"
        }
        Element::Local(l) => {
            c.check("value", &l.value);
            "local"
        }
    };
    c.take_problems(what, path, problems);
}

/// Meta-arguments set as attributes (`.set("lifecycle", ...)`): `provider` and `depends_on` only through
/// handles, the others not twice.
fn meta_attribute_problems(b: &Block, path: &dyn Fn() -> String, problems: &mut Vec<Problem>) {
    let meta = b.meta.as_deref();
    for key in ["count", "depends_on", "for_each", "lifecycle", "provider"] {
        if b.attr(key).is_none() {
            continue;
        }
        let problem = match key {
            "provider" => Problem::new(
                path(),
                format!("{} sets the meta-argument `provider` as an attribute", b.tf_type),
            )
            .with_fix(
                "choose the configuration with `.provider(&handle)`, which is checked against the stack's providers",
            ),
            "depends_on" => {
                Problem::new(path(), format!("{} sets the meta-argument `depends_on` as an attribute", b.tf_type))
                    .with_fix("use `.depends_on(&handle)`, which takes the element itself, not its address as text")
            }
            _ => {
                let twice = match key {
                    "count" => meta.is_some_and(|m| m.count.is_some()),
                    "for_each" => meta.is_some_and(|m| m.for_each.is_some()),
                    _ => meta.is_some_and(|m| m.lifecycle.is_some()),
                };
                if !twice {
                    continue;
                }
                Problem::new(
                    path(),
                    format!("{} sets `{key}` twice: with `.set(\"{key}\", ...)` and with `.{key}(...)`", b.tf_type),
                )
                .with_fix(format!("keep one of the two; `.{key}(...)` is the typed one"))
            }
        };
        problems.push(problem);
    }
}

/// Where a rendered stack goes.
pub(crate) enum Sink<'a> {
    /// Kept whole in memory and returned.
    Memory,
    /// Streamed in pieces, so the whole text is never held at once.
    Stream(&'a mut dyn io::Write),
    /// Thrown away (the first pass that finds references between stacks).
    Discard,
}

/// How much a streamed stack buffers before writing it out.
const STREAM_CHUNK: usize = 128 * 1024;

impl Sink<'_> {
    /// Passes the writer's buffer on once it holds at least `min` bytes.
    fn pass(&mut self, w: &mut JsonWriter, min: usize) -> io::Result<()> {
        if w.len() < min {
            return Ok(());
        }
        match self {
            Sink::Memory => Ok(()),
            Sink::Stream(out) => w.write_to(out),
            Sink::Discard => w.write_to(&mut io::sink()),
        }
    }
}

/// Warms up the cache for a batch of blocks about to be written.
///
/// Blocks are written in key order, not in the order they were created, which is the order their data lies
/// in memory: each block's attributes, strings and referenced addresses are somewhere else in a heap much
/// larger than the cache, and writing them reads one pointer after another, a cache miss after a cache miss
/// (on R1 with N=1000, rendering in key order took twice as long as in creation order). The warmer reads the
/// same memory first, level by level across the whole batch (the blocks, then their ids and attribute
/// arrays, then the values' strings and expressions, then the addresses they reference), so that the misses
/// of a level are independent and overlap. It reads one byte per object; the bytes only feed a value kept
/// from being optimized away.
#[derive(Default)]
struct Warmer<'a> {
    vals: Vec<&'a Val>,
    next: Vec<&'a Val>,
    addrs: Vec<&'a Addr>,
}

impl<'a> Warmer<'a> {
    /// Blocks per batch: their data (a few KiB each) stays in the core's own cache until written.
    const BATCH: usize = 64;

    /// Warms up `(construct id, block)` pairs.
    fn warm(&mut self, blocks: impl Iterator<Item = (&'a str, &'a Block)>) {
        let mut seen = 0usize;
        let first = |b: &[u8]| usize::from(b.first().copied().unwrap_or(0));
        self.vals.clear();
        self.addrs.clear();
        for (id, b) in blocks {
            seen = seen.wrapping_add(first(id.as_bytes()));
            self.addrs.push(&b.addr);
            self.vals.extend(b.attrs.iter().map(|(_, v)| v));
        }
        while !self.vals.is_empty() {
            for v in self.vals.drain(..) {
                match v {
                    Val::Str(s) => seen = seen.wrapping_add(first(s.as_bytes())),
                    Val::Expr(e) => {
                        if let Some(a) = e.target() {
                            self.addrs.push(a);
                        }
                    }
                    Val::List(items) => self.next.extend(items),
                    Val::Map(entries) => {
                        for (k, v) in entries {
                            seen = seen.wrapping_add(first(k.as_bytes()));
                            self.next.push(v);
                        }
                    }
                    _ => {}
                }
            }
            std::mem::swap(&mut self.vals, &mut self.next);
        }
        for a in &self.addrs {
            seen = seen.wrapping_add(first(a.address.as_bytes()));
        }
        std::hint::black_box(seen);
    }
}

/// The order of blocks by type, then logical id, as cdktf writes them: indices into `blocks`.
///
/// Types are few and repeat: blocks are grouped by type first (a counting sort on each type's rank), so
/// that ids are only ever compared within one type. Logical ids are ASCII (`makeUniqueId` keeps
/// `[A-Za-z0-9_-]`), so their first 16 bytes, read as two big-endian words, order them as [`cmp_keys`] does,
/// and most comparisons are of integers. Logical ids are unique within a type (validation reports any
/// duplicate), so the order is total and an unstable sort gives the same bytes every time.
fn order_by_type_and_id(blocks: &[(NodeId, &Block)]) -> Vec<usize> {
    // Each block's type as an index into `types` (in the order first seen), then each type's rank.
    let mut types: Vec<&str> = Vec::new();
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let type_ix: Vec<usize> = blocks
        .iter()
        .map(|(_, b)| {
            let next = types.len();
            *seen.entry(&b.tf_type).or_insert_with(|| {
                types.push(&b.tf_type);
                next
            })
        })
        .collect();
    let mut by_name: Vec<usize> = (0..types.len()).collect();
    by_name.sort_unstable_by(|a, b| cmp_keys(types[*a], types[*b]));
    // Where each type's group starts, in rank order.
    let mut count = vec![0usize; types.len()];
    for t in &type_ix {
        count[*t] += 1;
    }
    let mut start = vec![0usize; types.len()];
    let mut at = 0;
    for t in by_name {
        start[t] = at;
        at += count[t];
    }
    let word = |id: &[u8], from: usize| {
        let mut w = [0u8; 8];
        for (d, s) in w.iter_mut().zip(id.iter().skip(from)) {
            *d = *s;
        }
        u64::from_be_bytes(w)
    };
    let mut keyed: Vec<(u64, u64, u32)> = vec![(0, 0, 0); blocks.len()];
    let mut next = start.clone();
    for (i, ((_, b), t)) in blocks.iter().zip(&type_ix).enumerate() {
        let id = b.logical_id().as_bytes();
        keyed[next[*t]] = (word(id, 0), word(id, 8), i as u32);
        next[*t] += 1;
    }
    for (t, from) in start.iter().enumerate() {
        keyed[*from..*from + count[t]].sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| cmp_keys(blocks[a.2 as usize].1.logical_id(), blocks[b.2 as usize].1.logical_id()))
        });
    }
    keyed.into_iter().map(|k| k.2 as usize).collect()
}

/// Renders one stack; references to other stacks are recorded in `found`.
fn render_stack(
    tree: &Tree,
    stacks: &[StackInfo],
    ix: usize,
    cross: &BTreeSet<CrossRef>,
    found: &RefCell<BTreeSet<CrossRef>>,
    sink: &mut Sink<'_>,
) -> io::Result<Vec<u8>> {
    let names: Vec<String> = stacks.iter().map(|s| s.name.clone()).collect();
    let resolver = StackResolver { stack: ix, names: &names, found };
    let mut vw = ValWriter { r: &resolver, scratch: String::new() };
    let nodes = tree.nodes.borrow();
    let info = &stacks[ix];
    // The construct paths of the elements' parents (a few constructs), so that an element's path is written
    // as its parent's and its own id.
    let mut parent_paths: FxHashMap<NodeId, String> = FxHashMap::default();

    let mut resources: Vec<(NodeId, &Block)> = Vec::new();
    let mut data: Vec<(NodeId, &Block)> = Vec::new();
    let mut outputs: Vec<(NodeId, &crate::output::OutputBlock)> = Vec::new();
    let mut providers: Vec<&crate::provider::ProviderBlock> = Vec::new();
    let mut variables: Vec<&crate::variable::VariableBlock> = Vec::new();
    let mut locals: Vec<&crate::variable::LocalBlock> = Vec::new();
    for (n, node) in nodes.iter().enumerate() {
        if node.stack() != Some(ix) {
            continue;
        }
        if let NodeKind::Element(e) = &node.kind {
            match e {
                Element::Resource(b) => resources.push((n, b)),
                Element::Data(b) => data.push((n, b)),
                Element::Output(o) => outputs.push((n, o)),
                Element::Provider(p) => providers.push(p),
                Element::Variable(v) => variables.push(v),
                Element::Local(l) => locals.push(l),
            }
        }
    }
    let data: Vec<(NodeId, &Block)> = order_by_type_and_id(&data).into_iter().map(|i| data[i]).collect();
    // One output per referenced expression, however many stacks read it.
    let mut produced: Vec<&CrossRef> = cross.iter().filter(|c| c.producer == ix).collect();
    produced.sort_by(|a, b| a.expr.cmp(&b.expr));
    produced.dedup_by(|a, b| a.expr == b.expr);
    let consumed: BTreeSet<usize> = cross.iter().filter(|c| c.consumer == ix).map(|c| c.producer).collect();

    let mut w = match sink {
        Sink::Memory => JsonWriter::with_capacity(resources.len() * 600 + 4096),
        _ => JsonWriter::with_capacity(STREAM_CHUNK + 64 * 1024),
    };
    w.begin_object();

    // "//": metadata and the outputs tree
    w.key("//");
    w.begin_object();
    w.key("metadata");
    w.begin_object();
    w.key("backend");
    w.string(info.backend.kind());
    let mut overridden: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (_, b) in resources.iter().chain(data.iter()) {
        for (p, _) in b.overrides() {
            overridden.entry(&b.tf_type).or_default().insert(p.as_str());
        }
    }
    if !overridden.is_empty() {
        w.key("overrides");
        w.begin_object();
        for (t, paths) in &overridden {
            w.key(t);
            w.begin_array();
            for p in paths {
                w.string(p);
            }
            w.end_array();
        }
        w.end_object();
    }
    w.key("stackName");
    w.string(&info.name);
    w.key("version");
    w.string(VERSION);
    w.end_object();
    w.key("outputs");
    let mut tree_json = serde_json::Map::new();
    for (n, o) in &outputs {
        let comps = tree.components_below_stack(*n);
        insert_output_path(&mut tree_json, &comps, &o.logical_id);
    }
    for c in &produced {
        let key = format!("cross-stack-output-{}", c.expr);
        insert_output_path(&mut tree_json, &[key], &cross_output_id(&c.expr));
    }
    let outputs_meta = if tree_json.is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        serde_json::json!({ info.name.clone(): serde_json::Value::Object(tree_json) })
    };
    w.json(&outputs_meta);
    w.end_object();

    // "data"
    if !data.is_empty() || !consumed.is_empty() {
        w.key("data");
        w.begin_object();
        let mut types: Vec<&str> = data.iter().map(|d| &*d.1.tf_type).collect();
        if !consumed.is_empty() {
            types.push("terraform_remote_state");
        }
        types.sort_by(|a, b| cmp_keys(a, b));
        types.dedup();
        for t in types {
            w.key(t);
            w.begin_object();
            let mut entries: Vec<DataEntry<'_>> = data
                .iter()
                .filter(|d| d.1.tf_type == t)
                .map(|d| (d.1.logical_id().to_string(), Some(*d), None))
                .collect();
            if t == "terraform_remote_state" {
                for &p in &consumed {
                    entries.push((remote_state_id(&stacks[p].name), None, Some(p)));
                }
                entries.sort_by(|a, b| cmp_keys(&a.0, &b.0));
            }
            for (id, block, producer) in entries {
                w.key(&id);
                if let Some((n, b)) = block {
                    let parent = nodes[n].parent().unwrap_or(0);
                    let prefix = parent_paths.entry(parent).or_insert_with(|| path_string(&nodes, parent));
                    write_block(&mut w, &mut vw, b, &[prefix, &nodes[n].id]);
                } else if let Some(p) = producer {
                    let (kind, config) = stacks[p].backend.remote_state(&stacks[p].name);
                    w.begin_object();
                    w.key("backend");
                    w.string(kind);
                    w.key("config");
                    vw.val(&mut w, &config);
                    w.key("workspace");
                    w.string("${terraform.workspace}");
                    w.end_object();
                }
            }
            w.end_object();
        }
        w.end_object();
    }

    // "locals"
    if !locals.is_empty() {
        locals.sort_by(|a, b| cmp_keys(&a.name, &b.name));
        w.key("locals");
        w.begin_object();
        for l in &locals {
            w.key(&l.name);
            vw.val(&mut w, &l.value);
        }
        w.end_object();
    }

    // "output"
    if !outputs.is_empty() || !produced.is_empty() {
        let mut all: Vec<(String, OutputBody<'_>)> =
            outputs.iter().map(|(_, o)| (o.logical_id.to_string(), OutputBody::User(o))).collect();
        for c in &produced {
            all.push((cross_output_id(&c.expr), OutputBody::Cross(c)));
        }
        all.sort_by(|a, b| cmp_keys(&a.0, &b.0));
        w.key("output");
        w.begin_object();
        for (id, body) in all {
            w.key(&id);
            w.begin_object();
            match body {
                OutputBody::User(o) => {
                    if !o.depends_on.is_empty() {
                        w.key("depends_on");
                        w.begin_array();
                        for d in &o.depends_on {
                            w.string(&d.address);
                        }
                        w.end_array();
                    }
                    if let Some(d) = &o.description {
                        w.key("description");
                        vw.literal(&mut w, d);
                    }
                    if let Some(s) = o.sensitive {
                        w.key("sensitive");
                        w.bool(s);
                    }
                    w.key("value");
                    vw.val(&mut w, &o.value);
                }
                OutputBody::Cross(c) => {
                    w.key("sensitive");
                    w.bool(true);
                    w.key("value");
                    w.string(&format!("${{{}}}", c.expr));
                }
            }
            w.end_object();
        }
        w.end_object();
    }

    // "provider": arrays in creation order, grouped by name
    if !providers.is_empty() {
        let mut names: Vec<&str> = providers.iter().map(|p| p.name).collect();
        names.sort_by(|a, b| cmp_keys(a, b));
        names.dedup();
        w.key("provider");
        w.begin_object();
        for name in names {
            w.key(name);
            w.begin_array();
            for p in providers.iter().filter(|p| p.name == name) {
                vw.val(&mut w, &Val::Map(p.attrs.clone()));
            }
            w.end_array();
        }
        w.end_object();
    }

    // "resource", in key order. That order jumps across the whole heap from one resource to the next, so
    // each batch of resources is warmed up first (see `Warmer`).
    if !resources.is_empty() {
        let order = order_by_type_and_id(&resources);
        let mut warmer = Warmer::default();
        w.key("resource");
        w.begin_object();
        let mut i = 0;
        while i < order.len() {
            let t = &*resources[order[i]].1.tf_type;
            w.key(t);
            w.begin_object();
            while i < order.len() && resources[order[i]].1.tf_type == t {
                if i % Warmer::BATCH == 0 {
                    let batch = &order[i..order.len().min(i + Warmer::BATCH)];
                    warmer.warm(batch.iter().map(|&k| (&*nodes[resources[k].0].id, resources[k].1)));
                }
                let (n, b) = resources[order[i]];
                w.key(b.logical_id());
                let parent = nodes[n].parent().unwrap_or(0);
                let prefix = parent_paths.entry(parent).or_insert_with(|| path_string(&nodes, parent));
                write_block(&mut w, &mut vw, b, &[prefix, &nodes[n].id]);
                sink.pass(&mut w, STREAM_CHUNK)?;
                i += 1;
            }
            w.end_object();
        }
        w.end_object();
    }

    // "terraform"
    w.key("terraform");
    w.begin_object();
    match &info.backend {
        Backend::Cloud(_) => {
            w.key("cloud");
            vw.val(&mut w, &info.backend.config());
        }
        b => {
            w.key("backend");
            w.begin_object();
            w.key(b.kind());
            vw.val(&mut w, &b.config());
            w.end_object();
        }
    }
    let required = match &nodes[info.node].kind {
        NodeKind::Stack(s) => s.required_providers.clone(),
        _ => Vec::new(),
    };
    if !required.is_empty() {
        w.key("required_providers");
        w.begin_object();
        for p in required {
            w.key(p.name);
            w.begin_object();
            w.key("source");
            w.string(p.source);
            w.key("version");
            w.string(p.version);
            w.end_object();
        }
        w.end_object();
    }
    w.end_object();

    // "variable"
    if !variables.is_empty() {
        variables.sort_by(|a, b| cmp_keys(&a.logical_id, &b.logical_id));
        w.key("variable");
        w.begin_object();
        for v in variables {
            w.key(&v.logical_id);
            w.begin_object();
            if let Some(d) = &v.default {
                w.key("default");
                vw.val(&mut w, d);
            }
            if let Some(d) = &v.description {
                w.key("description");
                vw.literal(&mut w, d);
            }
            if let Some(n) = v.nullable {
                w.key("nullable");
                w.bool(n);
            }
            if let Some(s) = v.sensitive {
                w.key("sensitive");
                w.bool(s);
            }
            if let Some(t) = &v.type_expr {
                w.key("type");
                w.string(t);
            }
            if !v.validations.is_empty() {
                w.key("validation");
                write_checks(&mut w, &mut vw, &v.validations);
            }
            w.end_object();
        }
        w.end_object();
    }
    w.end_object();
    sink.pass(&mut w, 0)?;
    Ok(w.into_bytes())
}

/// A data block to write: `(logical id, a data source, or the producer stack of a remote-state read)`.
type DataEntry<'a> = (String, Option<(NodeId, &'a Block)>, Option<usize>);

enum OutputBody<'a> {
    User(&'a crate::output::OutputBlock),
    Cross(&'a CrossRef),
}

fn insert_output_path(root: &mut serde_json::Map<String, serde_json::Value>, comps: &[String], leaf: &str) {
    let mut cur = root;
    for (i, c) in comps.iter().enumerate() {
        if i + 1 == comps.len() {
            cur.insert(c.clone(), serde_json::Value::String(leaf.to_string()));
            return;
        }
        let next = cur.entry(c.clone()).or_insert_with(|| serde_json::Value::Object(Default::default()));
        if !next.is_object() {
            *next = serde_json::Value::Object(Default::default());
        }
        let serde_json::Value::Object(m) = next else { return };
        cur = m;
    }
}

fn render_manifest(stacks: &[StackInfo], deps: &[BTreeSet<usize>]) -> Vec<u8> {
    let mut order: Vec<usize> = (0..stacks.len()).collect();
    order.sort_by(|a, b| cmp_keys(&stacks[*a].name, &stacks[*b].name));
    let mut w = JsonWriter::new();
    w.begin_object();
    w.key("stacks");
    w.begin_object();
    for i in order {
        let s = &stacks[i];
        w.key(&s.name);
        w.begin_object();
        w.key("annotations");
        w.begin_array();
        w.end_array();
        w.key("constructPath");
        w.string(&s.name);
        w.key("dependencies");
        w.begin_array();
        let mut names: Vec<&str> = deps[i].iter().map(|d| stacks[*d].name.as_str()).collect();
        names.sort_by(|a, b| cmp_keys(a, b));
        for n in names {
            w.string(n);
        }
        w.end_array();
        w.key("name");
        w.string(&s.name);
        w.key("stackMetadataPath");
        w.string(&format!("stacks/{}/metadata.json", s.name));
        w.key("synthesizedStackPath");
        w.string(&format!("stacks/{}/cdk.tf.json", s.name));
        w.key("workingDirectory");
        w.string(&format!("stacks/{}", s.name));
        w.end_object();
    }
    w.end_object();
    w.key("version");
    w.string(VERSION);
    w.end_object();
    w.into_bytes()
}

/// A checked app, ready to render: its stacks, the references between them and the stacks' dependencies.
pub(crate) struct Prepared {
    stacks: Vec<StackInfo>,
    cross: BTreeSet<CrossRef>,
    deps: Vec<BTreeSet<usize>>,
    found: RefCell<BTreeSet<CrossRef>>,
}

impl Prepared {
    /// The stack names, in the order the stacks were created.
    pub(crate) fn stack_names(&self) -> impl Iterator<Item = &str> {
        self.stacks.iter().map(|s| s.name.as_str())
    }

    /// Renders stack `ix` into `sink`; the bytes are returned for [`Sink::Memory`] only.
    pub(crate) fn render_stack(&self, tree: &Tree, ix: usize, sink: &mut Sink<'_>) -> io::Result<Vec<u8>> {
        render_stack(tree, &self.stacks, ix, &self.cross, &self.found, sink)
    }

    /// `manifest.json`.
    pub(crate) fn manifest(&self) -> Vec<u8> {
        render_manifest(&self.stacks, &self.deps)
    }
}

/// Validates the whole tree and finds the references between stacks. Any problem: all of them.
pub(crate) fn prepare(tree: &Tree) -> Result<Prepared, Vec<Problem>> {
    let mut problems = validate(tree);
    let stacks = stack_infos(tree);
    let found = RefCell::new(BTreeSet::new());
    let mut cross = BTreeSet::new();
    if stacks.len() > 1 {
        // A first pass finds the references between stacks, so producers can get their outputs. It cannot
        // fail: it writes nowhere.
        for ix in 0..stacks.len() {
            let _ = render_stack(tree, &stacks, ix, &cross, &found, &mut Sink::Discard);
        }
        cross = found.take();
    }
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); stacks.len()];
    {
        let nodes = tree.nodes.borrow();
        for (i, s) in stacks.iter().enumerate() {
            if let NodeKind::Stack(d) = &nodes[s.node].kind {
                // Only this app's stacks (handles of another app are refused when given).
                deps[i].extend(d.dependencies.iter().copied().filter(|d| *d < stacks.len()));
            }
        }
    }
    for c in &cross {
        deps[c.consumer].insert(c.producer);
    }
    if !cross.is_empty() {
        // An output of the producer named like the output a reference needs would be written twice.
        let nodes = tree.nodes.borrow();
        for (n, node) in nodes.iter().enumerate() {
            let (Some(stack), NodeKind::Element(Element::Output(o))) = (node.stack(), &node.kind) else { continue };
            if cross.iter().any(|c| c.producer == stack && cross_output_id(&c.expr) == *o.logical_id) {
                problems.push(
                    Problem::new(
                        path_string(&nodes, n),
                        format!(
                            "output name `{}` is the name of the output a reference from another stack needs",
                            o.logical_id
                        ),
                    )
                    .with_fix("rename the output: names starting with `cross-stack-output-` are konductor's"),
                );
            }
        }
    }
    if let Some(cycle) = find_cycle(&deps) {
        let names: Vec<&str> = cycle.iter().map(|i| stacks[*i].name.as_str()).collect();
        problems.push(
            Problem::new(names[0], format!("stacks depend on each other in a cycle: {}", names.join(" -> ")))
                .with_fix("move the shared resources into a stack of their own"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Prepared { stacks, cross, deps, found })
}

/// Validates, then renders every stack and the manifest in memory. Any problem: all of them, nothing
/// rendered.
pub(crate) fn synthesize(tree: &Tree) -> Result<Synthesized, Vec<Problem>> {
    let prepared = prepare(tree)?;
    let mut out = Vec::with_capacity(prepared.stacks.len());
    for (ix, s) in prepared.stacks.iter().enumerate() {
        let bytes = prepared
            .render_stack(tree, ix, &mut Sink::Memory)
            .unwrap_or_else(|e| unreachable!("rendering in memory does no I/O: {e}"));
        out.push((s.name.clone(), bytes));
    }
    let files = extra_files(tree);
    Ok(Synthesized { stacks: out, manifest: prepared.manifest(), files })
}

fn find_cycle(deps: &[BTreeSet<usize>]) -> Option<Vec<usize>> {
    // 0 = unvisited, 1 = on the current path, 2 = done
    fn visit(n: usize, deps: &[BTreeSet<usize>], state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[n] = 1;
        path.push(n);
        for &d in &deps[n] {
            if state[d] == 1 {
                let start = path.iter().position(|x| *x == d).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(d);
                return Some(cycle);
            }
            if state[d] == 0 {
                if let Some(c) = visit(d, deps, state, path) {
                    return Some(c);
                }
            }
        }
        path.pop();
        state[n] = 2;
        None
    }
    let mut state = vec![0u8; deps.len()];
    for n in 0..deps.len() {
        if state[n] == 0 {
            if let Some(c) = visit(n, deps, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::{App, Environment, Error, GenericData, GenericResource, Stack};

    fn problems(app: &App) -> Vec<String> {
        match app.synthesize() {
            Err(Error::Synthesis(problems)) => problems.iter().map(|p| p.to_string()).collect(),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn elements_whose_ids_clean_to_the_same_logical_id_are_reported_against_the_latest_earlier_one() {
        let app = App::new();
        let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
        GenericResource::new(&stack, "my.bucket", "t_bucket");
        GenericResource::new(&stack, "my-bucket", "t_bucket"); // another id
        GenericResource::new(&stack, "mybucket", "t_bucket");
        GenericResource::new(&stack, "my_bucket", "t_queue"); // another type
        GenericData::new(&stack, "my:bucket", "t_bucket"); // a data source
        GenericResource::new(&stack, "mybucket!", "t_bucket");
        assert_eq!(
            problems(&app),
            [
                "[s/mybucket] logical id `mybucket` is also the id of `s/my.bucket`: rename one of the two constructs",
                "[s/mybucket!] logical id `mybucket` is also the id of `s/mybucket`: rename one of the two constructs",
            ]
        );
    }

    #[test]
    fn the_same_logical_id_in_two_stacks_is_fine() {
        let app = App::new();
        let env = Environment::new("dev").unwrap();
        for name in ["a", "b"] {
            let stack = Stack::new(&app, name, &env);
            GenericResource::new(&stack, "q", "t_queue");
        }
        assert!(app.synthesize().is_ok());
    }
}
