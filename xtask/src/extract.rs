//! `extract`: the full provider schemas to the checked-in subset.

use std::path::Path;

use serde_json::{Map, Value};

use crate::tables::{self, Kind};
use crate::versions::{self, Versions};
use crate::{Error, File, Result, PROVIDERS, SCHEMA_DIR};

/// The checked-in files `extract` writes, from the schemas in `schemas_dir` of the versions in
/// `versions.txt` (with `NAME=VERSION` arguments applied, which also rewrite `versions.txt`) and the tables
/// under `root`.
pub fn extract(root: &Path, schemas_dir: &Path, set_versions: &[String]) -> Result<Vec<File>> {
    let mut versions = Versions::parse(&crate::read(root, &format!("{SCHEMA_DIR}/{}", versions::FILE))?)?;
    for arg in set_versions {
        versions.set(arg)?;
    }
    let allowlist = tables::allowlist(&crate::read(root, &format!("{SCHEMA_DIR}/allowlist.txt"))?)?;
    let pins = tables::DestroyPins::parse(&crate::read(root, &format!("{SCHEMA_DIR}/destroy.txt"))?)?;
    let mut files = Vec::new();
    let mut unknown_providers: Vec<&str> =
        allowlist.iter().map(|e| e.provider()).filter(|p| !PROVIDERS.iter().any(|(n, ..)| n == p)).collect();
    unknown_providers.dedup();
    if !unknown_providers.is_empty() {
        return Err(Error::new(format!("allowlist.txt: no provider binding for {unknown_providers:?}")));
    }
    for (name, ..) in PROVIDERS {
        let doc = versions::read_schema(schemas_dir, name, versions.get(name)?)?;
        let (source, p) = crate::schema::single_provider(&doc)?;
        let pick = |key: &str, kind: Kind| -> Result<Value> {
            let all = p.get(key).and_then(Value::as_object).cloned().unwrap_or_default();
            let mut out = Map::new();
            for e in allowlist.iter().filter(|e| e.kind == kind && e.provider() == *name) {
                let s = all.get(&e.tf_type).ok_or_else(|| {
                    Error::new(format!("allowlist.txt: {} `{}` is not in the {name} schema", key, e.tf_type))
                })?;
                out.insert(e.tf_type.clone(), s.clone());
            }
            Ok(Value::Object(out))
        };
        let mut subset = Map::new();
        subset.insert("provider".into(), p["provider"].clone());
        subset.insert("resource_schemas".into(), pick("resource_schemas", Kind::Resource)?);
        subset.insert("data_source_schemas".into(), pick("data_source_schemas", Kind::Data)?);
        let mut out = Map::new();
        for (k, v) in doc.as_object().into_iter().flatten() {
            if k != "provider_schemas" {
                out.insert(k.clone(), v.clone());
            }
        }
        out.insert(
            "provider_schemas".into(),
            Value::Object(Map::from_iter([(source.to_string(), Value::Object(subset))])),
        );
        out.insert(
            "x_subset".into(),
            Value::String(
                "the allowlisted types (allowlist.txt) and the provider block, written by `cargo xtask extract`".into(),
            ),
        );
        let mut text = String::new();
        pretty(&Value::Object(out), 0, &mut text);
        text.push('\n');
        files.push(File { path: format!("{SCHEMA_DIR}/{name}.json").into(), text });
        if *name == "aws" {
            files.push(File {
                path: format!("{SCHEMA_DIR}/aws-destroy-attributes.txt").into(),
                text: destroy_attributes(p, &pins),
            });
        }
    }
    files.push(File { path: format!("{SCHEMA_DIR}/{}", versions::FILE).into(), text: versions.render() });
    Ok(files)
}

/// Every attribute of every resource type, at any depth, that `pins` mentions: `TYPE PATH TYPE FLAGS`.
fn destroy_attributes(p: &Value, pins: &tables::DestroyPins) -> String {
    fn walk(block: &Value, path: &mut Vec<String>, tf_type: &str, pins: &tables::DestroyPins, out: &mut Vec<String>) {
        for (n, a) in block.get("attributes").and_then(Value::as_object).into_iter().flatten() {
            let dotted = if path.is_empty() { n.clone() } else { format!("{}.{n}", path.join(".")) };
            if pins.mentions(tf_type, &dotted) {
                let flags: Vec<&str> =
                    ["required", "optional", "computed"].into_iter().filter(|f| a[*f] == Value::Bool(true)).collect();
                let ty = a.get("type").map(Value::to_string).unwrap_or_else(|| "nested".into());
                out.push(format!("{tf_type} {dotted} {ty} {}", flags.join(",")));
            }
        }
        for (n, bt) in block.get("block_types").and_then(Value::as_object).into_iter().flatten() {
            path.push(n.clone());
            walk(&bt["block"], path, tf_type, pins, out);
            path.pop();
        }
    }
    let mut lines = Vec::new();
    for (t, s) in p.get("resource_schemas").and_then(Value::as_object).into_iter().flatten() {
        walk(&s["block"], &mut Vec::new(), t, pins, &mut lines);
    }
    lines.sort();
    let mut text = String::from(
        "# Attributes of the full AWS schema named in destroy.txt: `TYPE PATH TYPE FLAGS`, written by\n\
         # `cargo xtask extract`. `cargo xtask gen` makes rules/destroy.rs from them.\n",
    );
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    text
}

/// JSON with sorted keys and two-space indentation, whatever features serde_json was built with.
pub fn pretty(v: &Value, indent: usize, out: &mut String) {
    let pad = |n: usize, out: &mut String| out.push_str(&" ".repeat(n));
    match v {
        Value::Object(m) if !m.is_empty() => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            out.push_str("{\n");
            for (i, k) in keys.iter().enumerate() {
                pad(indent + 2, out);
                out.push_str(&Value::String((*k).clone()).to_string());
                out.push_str(": ");
                pretty(&m[k.as_str()], indent + 2, out);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, item) in a.iter().enumerate() {
                pad(indent + 2, out);
                pretty(item, indent + 2, out);
                out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
            }
            pad(indent, out);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pretty_sorts_keys() {
        let mut s = String::new();
        super::pretty(&serde_json::json!({"b": [1, {}], "a": "x"}), 0, &mut s);
        assert_eq!(s, "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    {}\n  ]\n}");
    }
}
