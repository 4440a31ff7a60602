//! What the building blocks' tests share: finding resources and reading the policies they write.

#![allow(dead_code)]

use konductor_core::testing;
use serde_json::Value;

/// A policy attribute, parsed (interpolations sit inside its JSON strings).
pub fn policy(v: &Value) -> Value {
    serde_json::from_str(v.as_str().expect("a policy string")).expect("policy JSON")
}

/// The only resource of `tf_type`.
pub fn only<'a>(json: &'a Value, tf_type: &str) -> &'a Value {
    let all = testing::resources(json, tf_type);
    assert_eq!(all.len(), 1, "expected one `{tf_type}`, found {}", all.len());
    all[0].1
}

/// The resource of `tf_type` whose logical id starts with `prefix` (`data_`), or is the block's own
/// (`data`: a block's main resource has id `Default`).
pub fn of<'a>(json: &'a Value, tf_type: &str, prefix: &str) -> &'a Value {
    let all: Vec<_> = testing::resources(json, tf_type)
        .into_iter()
        .filter(|(id, _)| id.starts_with(prefix) || *id == prefix.trim_end_matches('_'))
        .collect();
    assert_eq!(all.len(), 1, "expected one `{tf_type}` starting with `{prefix}`, found {}", all.len());
    all[0].1
}

/// The statements of a policy document.
pub fn statements(doc: &Value) -> &Vec<Value> {
    doc["Statement"].as_array().expect("a Statement array")
}

/// The statement with id `sid`.
pub fn sid<'a>(doc: &'a Value, sid: &str) -> &'a Value {
    statements(doc).iter().find(|s| s["Sid"] == sid).unwrap_or_else(|| panic!("no {sid} in {doc:#}"))
}
