//! Helpers for unit-testing stacks: synthesize to JSON without `"//"` metadata, look for resources, and
//! assert with messages that show the candidates.

use crate::app::App;
use crate::environment::Environment;
use crate::error::Result;
use crate::stack::Stack;

/// Builds a stack named `test` in environment `test` with `build`, synthesizes it, and returns its JSON
/// without `"//"` metadata.
///
/// # Panics
/// When synthesis finds problems: the message lists them (a failing test, not a crash of user code).
///
/// ```
/// use konductor_core::{testing, GenericResource};
/// let json = testing::synth(|stack| {
///     GenericResource::new(stack, "q", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
/// });
/// assert_eq!(json["resource"]["aws_sqs_queue"]["q"]["sqs_managed_sse_enabled"], true);
/// ```
pub fn synth(build: impl FnOnce(&Stack)) -> serde_json::Value {
    match try_synth(build) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

/// Like [`synth`], returning synthesis errors instead of panicking.
pub fn try_synth(build: impl FnOnce(&Stack)) -> Result<serde_json::Value> {
    let app = App::with_outdir("unused");
    let env = Environment::new("test")?;
    let stack = Stack::new(&app, "test", &env);
    build(&stack);
    stack_json(&app, "test")
}

/// Synthesizes `app` in memory and returns stack `name` as JSON without `"//"` metadata (`{}` when the app
/// has no such stack). Values nested deeper than serde_json's usual limit are read whole.
pub fn stack_json(app: &App, name: &str) -> Result<serde_json::Value> {
    use serde::Deserialize;
    let out = app.synthesize()?;
    let text = out.stack(name).unwrap_or("{}");
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let mut v = serde_json::Value::deserialize(&mut de).map_err(|e| {
        crate::Error::invalid(name, format!("the synthesized stack is not JSON: {e}"), "report this as a bug")
    })?;
    strip_metadata(&mut v);
    Ok(v)
}

/// Removes every `"//"` key, at every level.
pub fn strip_metadata(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            m.remove("//");
            m.values_mut().for_each(strip_metadata);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_metadata),
        _ => {}
    }
}

/// The resources of type `tf_type`: `(logical id, body)` pairs.
pub fn resources<'a>(json: &'a serde_json::Value, tf_type: &str) -> Vec<(&'a str, &'a serde_json::Value)> {
    json.get("resource")
        .and_then(|r| r.get(tf_type))
        .and_then(|r| r.as_object())
        .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default()
}

/// Whether `actual` contains `expected`: objects by subset, arrays element by element, leaves equal.
pub fn is_subset(expected: &serde_json::Value, actual: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (expected, actual) {
        (J::Object(e), J::Object(a)) => e.iter().all(|(k, ev)| a.get(k).is_some_and(|av| is_subset(ev, av))),
        (J::Array(e), J::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| is_subset(x, y)),
        (e, a) => e == a,
    }
}

/// Checks that a resource of `tf_type` contains `expected`; the error shows every candidate.
pub fn has_resource(
    json: &serde_json::Value,
    tf_type: &str,
    expected: &serde_json::Value,
) -> std::result::Result<(), String> {
    let found = resources(json, tf_type);
    if found.iter().any(|(_, body)| is_subset(expected, body)) {
        return Ok(());
    }
    let mut msg = format!("no `{tf_type}` resource contains {}\n", serde_json::to_string(expected).unwrap_or_default());
    if found.is_empty() {
        let types: Vec<&String> =
            json.get("resource").and_then(|r| r.as_object()).map(|m| m.keys().collect()).unwrap_or_default();
        msg.push_str(&format!("there is no `{tf_type}` at all; resource types present: {types:?}"));
    } else {
        msg.push_str(&format!("{} candidate(s):", found.len()));
        for (id, body) in found {
            msg.push_str(&format!("\n  {id}: {}", serde_json::to_string(body).unwrap_or_default()));
        }
    }
    Err(msg)
}

/// Asserts that a synthesized stack has a resource of a type with the given properties (a subset match).
///
/// ```
/// use konductor_core::{assert_has_resource, testing, GenericResource};
/// let json = testing::synth(|stack| {
///     GenericResource::new(stack, "logs", "aws_cloudwatch_log_group").set("retention_in_days", 365);
/// });
/// assert_has_resource!(json, "aws_cloudwatch_log_group", { "retention_in_days": 365 });
/// ```
#[macro_export]
macro_rules! assert_has_resource {
    ($json:expr, $tf_type:expr, $($expected:tt)+) => {
        if let Err(msg) = $crate::testing::has_resource(&$json, $tf_type, &$crate::serde_json::json!($($expected)+)) {
            panic!("{}", msg);
        }
    };
}
