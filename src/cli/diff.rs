//! `diff`: what changed against the last synthesized output, per stack, without Terraform and without
//! writing anything.
//!
//! Elements are compared by their Terraform address (`aws_s3_bucket.logs`, `data.aws_region.current`,
//! `output.vpc-id`, `var.cidr`, `local.tags`, `provider.aws.pci`, `terraform`); the `"//"` metadata is
//! left out, so a new konductor version alone changes nothing.
//!
//! ```
//! use konductor::cli::diff::{diff, StackChange};
//! use konductor::prelude::*;
//! let app = App::with_outdir("/tmp/konductor-doc-diff-none");
//! Stack::new(&app, "network", &Environment::new("dev")?);
//! let d = diff(app.outdir(), &app.synthesize()?)?;
//! assert!(matches!(d.stacks[0].change, StackChange::Added(_)), "nothing was written there before");
//! # Ok::<(), konductor::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use konductor_core::serde_json::{self, Value};
use konductor_core::{App, Error, Problem, Result, Synthesized};

use super::{manifest, plural, Console};

/// How the output would change, stack by stack, in the app's stack order (removed stacks last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// The directory compared with.
    pub outdir: PathBuf,
    /// Whether that directory held a synthesized output.
    pub had_output: bool,
    /// One entry per stack of either side.
    pub stacks: Vec<StackDiff>,
}

/// How one stack would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackDiff {
    /// The stack name.
    pub name: String,
    /// What happens to it.
    pub change: StackChange,
}

/// What happens to a stack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StackChange {
    /// A new stack, with the addresses of its elements.
    Added(Vec<String>),
    /// A stack the program no longer has, with the addresses its output held.
    Removed(Vec<String>),
    /// Elements added, removed or changed.
    Changed(Changes),
    /// Nothing changes.
    Unchanged,
}

/// The changes inside a stack.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// New elements, by address.
    pub added: Vec<String>,
    /// Elements that are gone, by address.
    pub removed: Vec<String>,
    /// Changed elements: the address and the attribute paths that differ (`tags.Name`, `ingress[0].cidr_blocks`).
    pub changed: Vec<(String, Vec<String>)>,
}

impl Diff {
    /// Whether anything changes.
    pub fn has_changes(&self) -> bool {
        self.stacks.iter().any(|s| s.change != StackChange::Unchanged)
    }
}

/// Compares `after` (a synthesis in memory) with the output last written to `outdir`.
pub fn diff(outdir: &Path, after: &Synthesized) -> Result<Diff> {
    let names: Vec<String> = after.stacks.iter().map(|(n, _)| n.clone()).collect();
    let before = read_output(outdir, &names)?;
    let had_output = before.is_some();
    let mut before = before.unwrap_or_default();
    let mut stacks = Vec::new();
    for (name, bytes) in &after.stacks {
        let new = elements(&parse(bytes, name)?);
        let change = match before.remove(name) {
            None => StackChange::Added(new.into_keys().collect()),
            Some(old) => compare(&old, &new),
        };
        stacks.push(StackDiff { name: name.clone(), change });
    }
    for (name, old) in before {
        stacks.push(StackDiff { name, change: StackChange::Removed(old.into_keys().collect()) });
    }
    Ok(Diff { outdir: outdir.to_path_buf(), had_output, stacks })
}

/// `diff` on the command line: prints the diff, returns 1 when something changes.
pub(crate) fn run(app: &App, console: &Console, quiet: bool) -> Result<i32> {
    let d = diff(app.outdir(), &app.synthesize()?)?;
    for line in d.to_string().lines() {
        if quiet && (line.starts_with("diff:") || line.ends_with(": no changes")) {
            continue;
        }
        console.out_line(line);
    }
    Ok(i32::from(d.has_changes()))
}

type Elements = BTreeMap<String, Value>;

fn parse(bytes: &[u8], what: &str) -> Result<Value> {
    serde_json::from_slice(bytes).map_err(|e| {
        Error::Invalid(
            Problem::new(what, format!("the synthesized stack is not JSON: {e}")).with_fix("synthesize again"),
        )
    })
}

/// The stacks of the output in `outdir`, or `None` when there is none.
fn read_output(outdir: &Path, order: &[String]) -> Result<Option<BTreeMap<String, Elements>>> {
    let Ok(text) = std::fs::read(outdir.join("manifest.json")) else { return Ok(None) };
    let mut out = BTreeMap::new();
    for entry in manifest::parse(&text, order)? {
        let file = outdir.join(&entry.dir).join("cdk.tf.json");
        let json = match std::fs::read(&file) {
            Ok(bytes) => parse(&bytes, &entry.name)?,
            Err(_) => Value::Null, // listed, but its file is gone: everything in it is new
        };
        out.insert(entry.name, elements(&json));
    }
    Ok(Some(out))
}

/// The elements of a stack's JSON by address, their `"//"` metadata removed.
fn elements(stack: &Value) -> Elements {
    let mut out = Elements::new();
    let Some(top) = stack.as_object() else { return out };
    for (section, body) in top {
        match (section.as_str(), body) {
            ("//", _) => {}
            ("resource" | "data", Value::Object(types)) => {
                for (ty, blocks) in types {
                    for (name, block) in blocks.as_object().into_iter().flatten() {
                        let prefix = if section == "data" { "data." } else { "" };
                        out.insert(format!("{prefix}{ty}.{name}"), strip(block));
                    }
                }
            }
            ("provider", Value::Object(providers)) => {
                for (ty, configs) in providers {
                    for config in configs.as_array().into_iter().flatten() {
                        let addr = match config.get("alias").and_then(Value::as_str) {
                            Some(alias) => format!("provider.{ty}.{alias}"),
                            None => format!("provider.{ty}"),
                        };
                        out.insert(addr, strip(config));
                    }
                }
            }
            ("output" | "variable" | "locals" | "module", Value::Object(items)) => {
                let prefix = match section.as_str() {
                    "output" => "output",
                    "variable" => "var",
                    "locals" => "local",
                    _ => "module",
                };
                for (name, item) in items {
                    out.insert(format!("{prefix}.{name}"), strip(item));
                }
            }
            (other, body) => {
                out.insert(other.to_string(), strip(body));
            }
        }
    }
    out
}

fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().filter(|(k, _)| *k != "//").map(|(k, v)| (k.clone(), strip(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        other => other.clone(),
    }
}

fn compare(old: &Elements, new: &Elements) -> StackChange {
    let mut c = Changes::default();
    for (addr, body) in new {
        match old.get(addr) {
            None => c.added.push(addr.clone()),
            Some(before) if before != body => {
                let mut paths = Vec::new();
                changed_paths(before, body, &mut String::new(), &mut paths);
                c.changed.push((addr.clone(), paths));
            }
            Some(_) => {}
        }
    }
    c.removed = old.keys().filter(|a| !new.contains_key(*a)).cloned().collect();
    if c == Changes::default() {
        StackChange::Unchanged
    } else {
        StackChange::Changed(c)
    }
}

/// Pushes the paths below `path` where `a` and `b` differ: object keys one by one, lists element by element
/// when their lengths agree (otherwise the list as a whole).
fn changed_paths(a: &Value, b: &Value, path: &mut String, out: &mut Vec<String>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let len = path.len();
                push_key(path, k);
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => changed_paths(va, vb, path, out),
                    _ => out.push(path.clone()),
                }
                path.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                changed_paths(va, vb, path, out);
                path.truncate(len);
            }
        }
        _ => out.push(if path.is_empty() { "(value)".to_string() } else { path.clone() }),
    }
}

fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push_str(&format!("[{}]", Value::String(key.to_string())));
    }
}

impl fmt::Display for Diff {
    /// ```text
    /// ~ stack quickstart: 1 added, 1 changed, 1 removed
    ///     + aws_s3_bucket.archive
    ///     ~ aws_kms_key.logs-key: description, tags.team
    ///     - aws_sqs_queue.old
    ///   stack network: no changes
    /// diff: 1 of 2 stacks changed, compared with cdktf.out; nothing was written
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut changed = 0;
        for s in &self.stacks {
            match &s.change {
                StackChange::Unchanged => writeln!(f, "  stack {}: no changes", s.name)?,
                StackChange::Added(elements) => {
                    changed += 1;
                    writeln!(f, "+ stack {}: new, {} element{}", s.name, elements.len(), plural(elements.len()))?;
                    for e in elements {
                        writeln!(f, "    + {e}")?;
                    }
                }
                StackChange::Removed(elements) => {
                    changed += 1;
                    writeln!(
                        f,
                        "- stack {}: removed, with its {} element{}",
                        s.name,
                        elements.len(),
                        plural(elements.len())
                    )?;
                    for e in elements {
                        writeln!(f, "    - {e}")?;
                    }
                }
                StackChange::Changed(c) => {
                    changed += 1;
                    let counts: Vec<String> =
                        [(c.added.len(), "added"), (c.changed.len(), "changed"), (c.removed.len(), "removed")]
                            .iter()
                            .filter(|(n, _)| *n > 0)
                            .map(|(n, what)| format!("{n} {what}"))
                            .collect();
                    writeln!(f, "~ stack {}: {}", s.name, counts.join(", "))?;
                    for e in &c.added {
                        writeln!(f, "    + {e}")?;
                    }
                    for (e, paths) in &c.changed {
                        writeln!(f, "    ~ {e}: {}", paths.join(", "))?;
                    }
                    for e in &c.removed {
                        writeln!(f, "    - {e}")?;
                    }
                }
            }
        }
        let n = self.stacks.len();
        let against = if self.had_output {
            format!("compared with {}", self.outdir.display())
        } else {
            format!("no earlier output in {}", self.outdir.display())
        };
        write!(f, "diff: {changed} of {n} stack{} changed, {against}; nothing was written", plural(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use konductor_core::serde_json::json;

    #[test]
    fn changed_paths_name_keys_and_list_elements() {
        let a = json!({"tags": {"Name": "a", "k8s.io/role": "x"}, "ingress": [{"from_port": 22}], "list": [1]});
        let b = json!({"tags": {"Name": "b", "k8s.io/role": "y"}, "ingress": [{"from_port": 443}], "list": [1, 2], "new": 1});
        let mut out = Vec::new();
        changed_paths(&a, &b, &mut String::new(), &mut out);
        assert_eq!(out, ["ingress[0].from_port", "list", "new", "tags.Name", "tags[\"k8s.io/role\"]"]);
    }

    #[test]
    fn metadata_is_not_a_change() {
        let a = json!({"resource": {"t": {"x": {"//": {"metadata": {"path": "s/x"}}, "v": 1}}}, "//": {"v": "1"}});
        let b = json!({"resource": {"t": {"x": {"//": {"metadata": {"path": "s/y"}}, "v": 1}}}, "//": {"v": "2"}});
        assert_eq!(compare(&elements(&a), &elements(&b)), StackChange::Unchanged);
    }
}
