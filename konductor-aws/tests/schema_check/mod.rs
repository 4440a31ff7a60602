//! A Rust check of synthesized Terraform JSON against the checked-in provider schemas
//! (`konductor-aws/schema/{aws,kubernetes,helm}.json`, the shape of `terraform providers schema -json`).
//!
//! Per resource, data source and provider block it reports: an unknown type; an unknown attribute or block; a
//! computed-only attribute that is set; a required attribute or block that is missing or null; a block of the
//! wrong JSON shape (konductor writes a block that occurs at most once as an object, other list and set blocks
//! as arrays, map blocks as objects of objects); a value of the wrong kind (object-typed values must give every
//! key). Strings holding `${...}` expressions pass for any type; `x_opaque` subtrees are not looked into.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use konductor_core::{testing, App, Environment, Stack};
use serde_json::{Map, Value};

const PROVIDERS: &[&str] = &["aws", "kubernetes", "helm"];

/// The provider schemas, by local name.
pub fn schemas() -> &'static BTreeMap<String, Value> {
    static SCHEMAS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/schema");
        PROVIDERS
            .iter()
            .map(|p| {
                let path = format!("{dir}/{p}.json");
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
                let provider = doc["provider_schemas"].as_object().and_then(|m| m.values().next()).cloned();
                (p.to_string(), provider.unwrap_or_else(|| panic!("{path}: no provider schema")))
            })
            .collect()
    })
}

const RESOURCE_META: &[&str] =
    &["count", "for_each", "depends_on", "lifecycle", "provider", "connection", "provisioner"];
const DATA_META: &[&str] = &["count", "for_each", "depends_on", "lifecycle", "provider"];
const PROVIDER_META: &[&str] = &["alias", "version"];

fn is_expression(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.contains("${"))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

struct Checker {
    errors: Vec<String>,
    at: String,
}

impl Checker {
    fn error(&mut self, path: &str, msg: impl std::fmt::Display) {
        self.errors.push(format!("{}: {path}: {msg}", self.at));
    }

    /// A value of Terraform type `t` (schema JSON).
    fn value(&mut self, v: &Value, t: &Value, path: &str) {
        if v.is_null() || is_expression(v) {
            return;
        }
        match t {
            Value::String(p) => {
                let ok = match p.as_str() {
                    "string" => v.is_string(),
                    "number" => v.is_number(),
                    "bool" => v.is_boolean(),
                    "dynamic" => true,
                    _ => false,
                };
                if !ok {
                    self.error(path, format!("expected {p}, got JSON {}", kind(v)));
                }
            }
            Value::Array(c) if c.len() == 2 => match c[0].as_str().unwrap_or_default() {
                "list" | "set" => match v.as_array() {
                    Some(items) => {
                        for (i, item) in items.iter().enumerate() {
                            self.value(item, &c[1], &format!("{path}[{i}]"));
                        }
                    }
                    None => self.error(path, format!("expected a {} (JSON array), got JSON {}", c[0], kind(v))),
                },
                "map" => match v.as_object() {
                    Some(m) => {
                        for (k, item) in m {
                            self.value(item, &c[1], &format!("{path}[{k:?}]"));
                        }
                    }
                    None => self.error(path, format!("expected a map (JSON object), got JSON {}", kind(v))),
                },
                "object" => {
                    let keys = c[1].as_object().cloned().unwrap_or_default();
                    match v.as_object() {
                        Some(m) => {
                            let missing: Vec<&String> = keys.keys().filter(|k| !m.contains_key(*k)).collect();
                            if !missing.is_empty() {
                                self.error(path, format!("object is missing key(s) {missing:?} (null for unset ones)"));
                            }
                            for (k, item) in m {
                                match keys.get(k) {
                                    Some(kt) => self.value(item, kt, &format!("{path}.{k}")),
                                    None => self.error(&format!("{path}.{k}"), "not a key of the object type"),
                                }
                            }
                        }
                        None => self.error(path, format!("expected an object, got JSON {}", kind(v))),
                    }
                }
                "tuple" => {
                    if !v.is_array() {
                        self.error(path, format!("expected a tuple (JSON array), got JSON {}", kind(v)));
                    }
                }
                other => self.error(path, format!("unknown type constructor {other}")),
            },
            other => self.error(path, format!("unreadable type {other}")),
        }
    }

    /// An attribute's value.
    fn attribute(&mut self, v: &Value, a: &Value, path: &str) {
        if a["x_opaque"] == true {
            return;
        }
        if a["computed"] == true && a["optional"] != true && a["required"] != true {
            self.error(path, "computed-only (read-only) attribute is set");
            return;
        }
        if let Some(nt) = a.get("nested_type") {
            self.nested(v, nt, path);
        } else {
            self.value(v, a.get("type").unwrap_or(&Value::String("dynamic".into())), path);
        }
    }

    /// A nested attribute (protocol 6) value.
    fn nested(&mut self, v: &Value, nt: &Value, path: &str) {
        if v.is_null() || is_expression(v) {
            return;
        }
        let objects: Vec<(String, &Value)> = match (nt["nesting_mode"].as_str().unwrap_or("single"), v) {
            ("single", Value::Object(_)) => vec![(path.to_string(), v)],
            ("list" | "set", Value::Array(items)) => {
                items.iter().enumerate().map(|(i, o)| (format!("{path}[{i}]"), o)).collect()
            }
            ("map", Value::Object(m)) => m.iter().map(|(k, o)| (format!("{path}[{k:?}]"), o)).collect(),
            (mode, _) => {
                self.error(path, format!("a {mode} nested attribute cannot be JSON {}", kind(v)));
                return;
            }
        };
        let block = Value::Object(Map::from_iter([("attributes".to_string(), nt["attributes"].clone())]));
        for (p, o) in objects {
            self.body(o, &block, &p, &[]);
        }
    }

    /// A block body: a resource, data source, provider configuration or nested block.
    fn body(&mut self, body: &Value, block: &Value, path: &str, meta: &[&str]) {
        let Some(m) = body.as_object() else {
            self.error(path, format!("a block body must be a JSON object, got JSON {}", kind(body)));
            return;
        };
        let empty = Map::new();
        let attrs = block["attributes"].as_object().unwrap_or(&empty);
        let blocks = block["block_types"].as_object().unwrap_or(&empty);
        let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
        for (k, v) in m {
            let p = join(k);
            if let Some(a) = attrs.get(k) {
                self.attribute(v, a, &p);
            } else if let Some(bt) = blocks.get(k) {
                self.block(v, bt, &p);
            } else if meta.contains(&k.as_str()) {
                if k == "provider" && !v.is_string() {
                    self.error(&p, "provider must be a string like \"aws.alias\"");
                }
            } else {
                self.error(&p, "unknown attribute or block");
            }
        }
        for (k, a) in attrs {
            if a["required"] == true && m.get(k).is_none_or(Value::is_null) {
                self.error(&join(k), "required attribute missing");
            }
        }
        for (k, bt) in blocks {
            if bt["min_items"].as_u64().unwrap_or(0) >= 1 && m.get(k).is_none_or(Value::is_null) {
                self.error(&join(k), "required block missing");
            }
        }
    }

    /// A nested block's value, in the shape konductor writes it.
    fn block(&mut self, v: &Value, bt: &Value, path: &str) {
        if v.is_null() {
            return;
        }
        if is_expression(v) {
            self.error(path, "a nested block cannot be an expression");
            return;
        }
        let mode = bt["nesting_mode"].as_str().unwrap_or("list");
        let single = matches!(mode, "single" | "group") || bt["max_items"].as_u64() == Some(1);
        let opaque = bt["x_opaque"] == true;
        if opaque {
            // Free-form JSON: Terraform takes a block as one object or an array of objects.
            if !v.is_object() && !v.is_array() {
                self.error(path, format!("a block is a JSON object or array, got JSON {}", kind(v)));
            }
            return;
        }
        let items: Vec<(String, &Value)> = match (mode, single, v) {
            ("map", _, Value::Object(m)) => m.iter().map(|(k, b)| (format!("{path}[{k:?}]"), b)).collect(),
            (_, true, Value::Object(_)) => vec![(path.to_string(), v)],
            (_, false, Value::Array(a)) => a.iter().enumerate().map(|(i, b)| (format!("{path}[{i}]"), b)).collect(),
            (_, true, _) => {
                self.error(path, format!("a block that occurs at most once is a JSON object, got JSON {}", kind(v)));
                return;
            }
            (_, false, _) => {
                self.error(path, format!("a {mode} of blocks is a JSON array, got JSON {}", kind(v)));
                return;
            }
        };
        for (p, b) in items {
            self.body(b, &bt["block"], &p, &[]);
        }
    }
}

/// Every schema error of a synthesized stack (`testing` JSON: no `"//"` metadata).
pub fn check(stack: &Value) -> Vec<String> {
    let mut c = Checker { errors: Vec::new(), at: String::new() };
    let sections: [(&str, &str, &[&str]); 2] =
        [("resource", "resource_schemas", RESOURCE_META), ("data", "data_source_schemas", DATA_META)];
    for (section, key, meta) in sections {
        for (tf_type, elements) in stack[section].as_object().into_iter().flatten() {
            let provider = tf_type.split('_').next().unwrap_or_default();
            let schema = schemas().get(provider).and_then(|p| p[key].get(tf_type));
            for (id, body) in elements.as_object().into_iter().flatten() {
                c.at = format!("{section}.{tf_type}.{id}");
                match schema {
                    Some(s) => c.body(body, &s["block"], "", meta),
                    None => c.error("", format!("unknown {section} type `{tf_type}`")),
                }
            }
        }
    }
    for (name, configs) in stack["provider"].as_object().into_iter().flatten() {
        let Some(schema) = schemas().get(name.as_str()) else {
            c.at = format!("provider.{name}");
            c.error("", "unknown provider");
            continue;
        };
        match configs.as_array() {
            Some(list) => {
                for (i, body) in list.iter().enumerate() {
                    c.at = format!("provider.{name}[{i}]");
                    c.body(body, &schema["provider"]["block"], "", PROVIDER_META);
                }
            }
            None => {
                c.at = format!("provider.{name}");
                c.error("", "provider configurations are a JSON array");
            }
        }
    }
    c.errors
}

/// Asserts that `build` synthesizes and that its output has an element of `tf_type` and no schema error.
pub fn assert_conforms(kind: &str, tf_type: &str, build: fn(&Stack)) {
    let json = testing::try_synth(build).unwrap_or_else(|e| panic!("{kind} {tf_type} does not synthesize:\n{e}"));
    let present = match kind {
        "resource" => json["resource"].get(tf_type).is_some(),
        "data" => json["data"].get(tf_type).is_some(),
        _ => json["provider"].get(tf_type).is_some(),
    };
    assert!(present, "{kind} {tf_type} is not in the output: {json:#}");
    let errors = check(&json);
    assert!(errors.is_empty(), "{kind} {tf_type}: {} schema error(s):\n{}\n{json:#}", errors.len(), errors.join("\n"));
}

/// A sample: kind (`resource`, `data` or `provider`), Terraform type (or provider name), and the function
/// that adds it to a stack.
pub type Sample = (&'static str, &'static str, fn(&Stack));

/// Asserts that every sample in one stack synthesizes with no schema error; with `KONDUCTOR_L1_SAMPLE_OUT=DIR`
/// also writes that stack as a cdktf.out to `DIR/NAME`.
pub fn assert_all_conform(name: &str, all: &[Sample]) {
    let build = |stack: &Stack| all.iter().for_each(|(_, _, b)| b(stack));
    let json = testing::try_synth(build).unwrap_or_else(|e| panic!("the samples do not synthesize:\n{e}"));
    let count = |section: &str| json[section].as_object().map_or(0, Map::len);
    let expected = |k: &str| all.iter().filter(|(kind, ..)| *kind == k).count();
    assert_eq!(count("resource"), expected("resource"), "one resource type per resource sample");
    assert_eq!(count("data"), expected("data"), "one data source type per data sample");
    assert_eq!(count("provider"), expected("provider"), "one provider per provider sample");
    let errors = check(&json);
    assert!(errors.is_empty(), "{} schema error(s):\n{}", errors.len(), errors.join("\n"));
    if let Ok(dir) = std::env::var("KONDUCTOR_L1_SAMPLE_OUT") {
        let app = App::with_outdir(std::path::Path::new(&dir).join(name));
        let stack = Stack::new(&app, name, &Environment::new("test").expect("a valid environment"));
        build(&stack);
        app.synth().expect("the samples synthesize");
    }
}

#[test]
fn the_checker_finds_what_it_should() {
    let stack = serde_json::json!({
        "resource": {
            "aws_vpc": {"v": {"cidr_block": 10, "arn": "x", "bogus": 1}},
            "aws_s3_bucket_versioning": {"v": {"bucket": "b", "versioning_configuration": [{"status": "Enabled"}]}},
            "aws_route_table": {"r": {"vpc_id": "${aws_vpc.v.id}", "route": [{"cidr_block": "0.0.0.0/0"}]}},
            "aws_nope": {"n": {}}
        }
    });
    let errors = check(&stack);
    let has = |s: &str| errors.iter().any(|e| e.contains(s));
    assert!(has("resource.aws_vpc.v: cidr_block: expected string, got JSON number"), "{errors:#?}");
    assert!(has("resource.aws_vpc.v: arn: computed-only"), "{errors:#?}");
    assert!(has("resource.aws_vpc.v: bogus: unknown attribute or block"), "{errors:#?}");
    assert!(has("versioning_configuration: a block that occurs at most once is a JSON object"), "{errors:#?}");
    assert!(has("route[0]: object is missing key(s)"), "{errors:#?}");
    assert!(has("unknown resource type `aws_nope`"), "{errors:#?}");
    let missing = check(&serde_json::json!({"resource": {"aws_s3_bucket_versioning": {"v": {}}}}));
    assert!(missing.iter().any(|e| e.contains("bucket: required attribute missing")), "{missing:#?}");
    assert!(missing.iter().any(|e| e.contains("versioning_configuration: required block missing")), "{missing:#?}");
}
