//! Assets: files written beside a stack's `cdk.tf.json`, as cdktf's `TerraformAsset` does, for what
//! Terraform reads from disk (a local Helm chart, a Lambda bundle).

use crate::error::{Error, Result};
use crate::tree::AsScope;

/// A directory of files under `assets/NAME/` in the stack's output directory, written with the stack
/// (atomically, with everything else) and referenced from the stack by [`Asset::path`], relative to the
/// stack's directory, which is Terraform's working directory.
///
/// ```
/// use konductor_core::{App, Asset, Environment, Stack};
/// let app = App::new();
/// let stack = Stack::new(&app, "apps", &Environment::new("dev").unwrap());
/// let chart = Asset::new(&stack, "web-chart", [("Chart.yaml", b"apiVersion: v2\n".to_vec())]).unwrap();
/// assert_eq!(chart.path(), "assets/web-chart");
/// let out = app.synthesize().unwrap();
/// assert_eq!(out.file("stacks/apps/assets/web-chart/Chart.yaml"), Some("apiVersion: v2\n"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    dir: String,
}

impl Asset {
    /// The files `(relative path, bytes)` under `assets/NAME/` of the stack of `scope`. The error names the
    /// construct path: a name or a file path that is empty, has `.`/`..` components or characters outside
    /// `[A-Za-z0-9._-]` (and `/` between components of a file path), or a name another asset of the stack has.
    pub fn new<P: Into<String>>(
        scope: &impl AsScope,
        name: &str,
        files: impl IntoIterator<Item = (P, Vec<u8>)>,
    ) -> Result<Asset> {
        let s = scope.scope();
        let path = s.path();
        let at = if path.is_empty() { "app".to_string() } else { path };
        check_component(&at, "asset name", name)?;
        let Some(stack) = s.stack_index() else {
            return Err(Error::invalid(
                &at,
                "an asset must be created under a stack",
                "create it under a stack or a construct in one",
            ));
        };
        let dir = format!("assets/{name}");
        let mut entries = Vec::new();
        for (file, bytes) in files {
            let file: String = file.into();
            if file.is_empty() {
                return Err(Error::invalid(
                    &at,
                    format!("asset `{name}` has a file with an empty path"),
                    "name every file",
                ));
            }
            for part in file.split('/') {
                check_component(&at, &format!("file path `{file}` of asset `{name}`"), part)?;
            }
            entries.push((format!("{dir}/{file}"), bytes));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = entries.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::invalid(&at, format!("asset `{name}` lists `{}` twice", w[0].0), "give each file once"));
        }
        let prefix = format!("{dir}/");
        s.tree.with_stack(stack, |d| {
            if d.files.iter().any(|(p, _)| p.starts_with(&prefix)) {
                return Err(Error::invalid(
                    &at,
                    format!("the stack already has an asset named `{name}`"),
                    "give each asset of a stack its own name",
                ));
            }
            d.files.extend(entries);
            Ok(())
        })?;
        Ok(Asset { dir })
    }

    /// The directory, relative to the stack's directory: `assets/NAME`.
    pub fn path(&self) -> &str {
        &self.dir
    }
}

fn check_component(at: &str, what: &str, text: &str) -> Result<()> {
    let ok = !text.is_empty()
        && text != "."
        && text != ".."
        && text.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            at,
            format!("{what} `{text}` is not a plain file name"),
            "use letters, digits, `.`, `_` and `-` (no `..`, no empty parts)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{App, Environment, Stack};

    fn stack() -> (App, Stack) {
        let app = App::new();
        let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
        (app, stack)
    }

    #[test]
    fn bad_names_and_paths_are_errors() {
        let (_app, s) = stack();
        assert_eq!(
            Asset::new(&s, "..", [("a", vec![])]).unwrap_err().to_string(),
            "[s] asset name `..` is not a plain file name: use letters, digits, `.`, `_` and `-` (no `..`, no empty parts)"
        );
        assert_eq!(
            Asset::new(&s, "c", [("../x", vec![])]).unwrap_err().to_string(),
            "[s] file path `../x` of asset `c` `..` is not a plain file name: use letters, digits, `.`, `_` and `-` (no \
             `..`, no empty parts)"
        );
        Asset::new(&s, "c", [("a", vec![])]).unwrap();
        assert_eq!(
            Asset::new(&s, "c", [("b", vec![])]).unwrap_err().to_string(),
            "[s] the stack already has an asset named `c`: give each asset of a stack its own name"
        );
    }

    #[test]
    fn files_are_written_with_the_stack() {
        let dir = std::env::temp_dir().join(format!("konductor-asset-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let app = App::with_outdir(&dir);
        let s = Stack::new(&app, "s", &Environment::new("dev").unwrap());
        Asset::new(&s, "chart", [("templates/a.yaml", b"x: 1\n".to_vec()), ("Chart.yaml", b"name: c\n".to_vec())])
            .unwrap();
        app.synth().unwrap();
        assert_eq!(std::fs::read(dir.join("stacks/s/assets/chart/templates/a.yaml")).unwrap(), b"x: 1\n");
        assert_eq!(std::fs::read(dir.join("stacks/s/assets/chart/Chart.yaml")).unwrap(), b"name: c\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
