//! The stacks of `manifest.json`: their directories and the stacks each depends on.

use std::path::{Path, PathBuf};

use konductor_core::serde_json::{self, Value};
use konductor_core::{Error, Problem, Result};

/// One stack of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StackEntry {
    /// The stack name.
    pub(crate) name: String,
    /// Its working directory, relative to the output directory: `stacks/NAME`.
    pub(crate) dir: PathBuf,
    /// The stacks it depends on (which must be deployed first).
    pub(crate) dependencies: Vec<String>,
}

/// Reads the stacks of a `manifest.json` text, in the order of `order` (the app's creation order); stacks
/// `order` does not name come after, by name.
pub(crate) fn parse(text: &[u8], order: &[String]) -> Result<Vec<StackEntry>> {
    let bad = |why: String| Error::Invalid(Problem::new("manifest.json", why).with_fix("synthesize again"));
    let json: Value = serde_json::from_slice(text).map_err(|e| bad(format!("is not JSON: {e}")))?;
    let stacks = json.get("stacks").and_then(Value::as_object).ok_or_else(|| bad("has no `stacks` object".into()))?;
    let mut out: Vec<StackEntry> = stacks
        .iter()
        .map(|(name, s)| StackEntry {
            name: name.clone(),
            dir: s
                .get("workingDirectory")
                .and_then(Value::as_str)
                .map(PathBuf::from)
                .unwrap_or_else(|| Path::new("stacks").join(name)),
            dependencies: s
                .get("dependencies")
                .and_then(Value::as_array)
                .map(|d| d.iter().filter_map(Value::as_str).map(String::from).collect())
                .unwrap_or_default(),
        })
        .collect();
    let rank = |n: &str| order.iter().position(|o| o == n).unwrap_or(usize::MAX);
    out.sort_by(|a, b| (rank(&a.name), &a.name).cmp(&(rank(&b.name), &b.name)));
    Ok(out)
}

/// The stacks in dependency order: every stack after the stacks it depends on, otherwise in the given order.
pub(crate) fn dependency_order(stacks: &[StackEntry]) -> Vec<&StackEntry> {
    let mut done: Vec<bool> = vec![false; stacks.len()];
    let mut out = Vec::with_capacity(stacks.len());
    while out.len() < stacks.len() {
        let before = out.len();
        for (i, s) in stacks.iter().enumerate() {
            let ready = !done[i]
                && !s
                    .dependencies
                    .iter()
                    .any(|d| stacks.iter().zip(&done).any(|(o, finished)| &o.name == d && !finished));
            if ready {
                done[i] = true;
                out.push(s);
                break;
            }
        }
        if out.len() == before {
            // A cycle (synthesis refuses them): keep the rest in the given order rather than loop.
            out.extend(stacks.iter().enumerate().filter(|(i, _)| !done[*i]).map(|(_, s)| s));
            break;
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A stack `name` in directory `name`, depending on `deps`.
    pub(crate) fn entry(name: &str, deps: &[&str]) -> StackEntry {
        StackEntry { name: name.into(), dir: name.into(), dependencies: deps.iter().map(|d| d.to_string()).collect() }
    }

    #[test]
    fn dependencies_come_first_and_ties_keep_the_given_order() {
        let stacks = [entry("app", &["net", "dns"]), entry("net", &[]), entry("dns", &["net"]), entry("logs", &[])];
        let names: Vec<&str> = dependency_order(&stacks).iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["net", "dns", "app", "logs"]);
    }

    #[test]
    fn the_manifest_is_read_in_creation_order() {
        let text = br#"{"stacks": {"a": {"dependencies": ["b"], "workingDirectory": "stacks/a"}, "b": {}}}"#;
        let stacks = parse(text, &["b".into(), "a".into()]).unwrap();
        assert_eq!(stacks, [entry("b", &[]).with_dir("stacks/b"), entry("a", &["b"]).with_dir("stacks/a")]);
    }

    impl StackEntry {
        fn with_dir(mut self, dir: &str) -> Self {
            self.dir = dir.into();
            self
        }
    }
}
