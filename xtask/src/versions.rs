//! `konductor-aws/schema/versions.txt`: the provider version each binding is generated from, the input of
//! `cargo xtask extract`.
//!
//! ```text
//! aws         6.66.0
//! kubernetes  3.4.0
//! ```
//!
//! `extract` reads `NAME-VERSION-provider-schema.json.gz` (or `.json`) from the schema directory, falling back
//! to `NAME-provider-schema.json[.gz]` when that file is of the same version; `cargo xtask extract aws=6.67.0`
//! changes a line first.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Error, Result};

/// The checked-in file.
pub const FILE: &str = "versions.txt";

/// `NAME VERSION` lines, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versions(pub Vec<(String, String)>);

/// Whether `v` looks like a release version: dot-separated numbers, optionally with a `-suffix`.
fn is_version(v: &str) -> bool {
    let core = v.split_once('-').map_or(v, |(c, _)| c);
    !core.is_empty() && core.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

impl Versions {
    /// Reads the text of `versions.txt`.
    pub fn parse(text: &str) -> Result<Versions> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default();
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.is_empty() {
                continue;
            }
            let at = format!("{FILE}:{}", i + 1);
            if f.len() != 2 || !is_version(f[1]) {
                return Err(Error::new(format!("{at}: expected `NAME VERSION` (`aws 6.66.0`)")));
            }
            if out.iter().any(|(n, _)| n == f[0]) {
                return Err(Error::new(format!("{at}: `{}` is listed twice", f[0])));
            }
            out.push((f[0].to_string(), f[1].to_string()));
        }
        Ok(Versions(out))
    }

    /// The version of provider `name`.
    pub fn get(&self, name: &str) -> Result<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::new(format!("{FILE}: no version for provider `{name}`")))
    }

    /// Applies `NAME=VERSION` arguments; an unknown name or a malformed version is an error.
    pub fn set(&mut self, arg: &str) -> Result<()> {
        let (name, version) = arg
            .split_once('=')
            .filter(|(_, v)| is_version(v))
            .ok_or_else(|| Error::new(format!("`{arg}`: expected NAME=VERSION (aws=6.66.0)")))?;
        let known: Vec<String> = self.0.iter().map(|(n, _)| n.clone()).collect();
        let slot = self.0.iter_mut().find(|(n, _)| n == name).ok_or_else(|| {
            Error::new(format!("`{arg}`: no provider `{name}` in {FILE} (known: {})", known.join(", ")))
        })?;
        slot.1 = version.to_string();
        Ok(())
    }

    /// The file's text, aligned, with its header.
    pub fn render(&self) -> String {
        let width = self.0.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let mut out = String::from(
            "# The provider versions the bindings are generated from: `NAME VERSION`. `cargo xtask extract` reads\n\
             # ../shared/schemas/NAME-VERSION-provider-schema.json.gz; `cargo xtask extract aws=6.67.0` changes a line\n\
             # and extracts that version. Synthesized stacks pin these versions in `required_providers`.\n",
        );
        for (n, v) in &self.0 {
            out.push_str(&format!("{n:width$}  {v}\n"));
        }
        out
    }
}

/// The version a schema document says it is of (`x_source.provider_version`), if it says.
pub fn declared(doc: &Value) -> Option<&str> {
    doc.pointer("/x_source/provider_version").and_then(Value::as_str)
}

fn read_text(path: &Path) -> Result<String> {
    let err = |e: std::io::Error| Error::new(format!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let f = std::fs::File::open(path).map_err(err)?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(f).read_to_string(&mut text).map_err(err)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(err)
    }
}

/// The schema file of `provider` at `version` in `dir`, parsed: `NAME-VERSION-provider-schema.json[.gz]`, or
/// `NAME-provider-schema.json[.gz]` when it declares that version (or, like `terraform providers schema -json`
/// output, declares none). The document returned always declares `version`.
pub fn read_schema(dir: &Path, provider: &str, version: &str) -> Result<Value> {
    let names = |stem: String| [dir.join(format!("{stem}.json.gz")), dir.join(format!("{stem}.json"))];
    let versioned = names(format!("{provider}-{version}-provider-schema"));
    let plain = names(format!("{provider}-provider-schema"));
    let found: Option<(PathBuf, bool)> = versioned
        .iter()
        .find(|p| p.exists())
        .map(|p| (p.clone(), true))
        .or_else(|| plain.iter().find(|p| p.exists()).map(|p| (p.clone(), false)));
    let Some((path, exact)) = found else {
        return Err(Error::new(format!(
            "no schema of {provider} {version} in {}: expected {provider}-{version}-provider-schema.json.gz \
             (`terraform providers schema -json`, gzipped)",
            dir.display()
        )));
    };
    let mut doc: Value =
        serde_json::from_str(&read_text(&path)?).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
    match declared(&doc) {
        Some(v) if v != version => {
            let what = if exact { "is of" } else { "is the only schema of the provider, and it is of" };
            return Err(Error::new(format!(
                "{}: {what} {provider} {v}, not {version} (versions.txt or the NAME=VERSION argument)",
                path.display()
            )));
        }
        Some(_) => {}
        None => {
            let Some(top) = doc.as_object_mut() else {
                return Err(Error::new(format!("{}: not a JSON object", path.display())));
            };
            let source = top.entry("x_source").or_insert_with(|| Value::Object(Default::default()));
            if let Some(m) = source.as_object_mut() {
                m.insert("provider_version".into(), Value::String(version.to_string()));
            }
        }
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_set_and_render() {
        let mut v = Versions::parse("# c\naws 6.25.0\nhelm  3.1.1 # pinned\n").unwrap();
        assert_eq!(v.get("helm").unwrap(), "3.1.1");
        v.set("aws=6.66.0").unwrap();
        assert_eq!(v.get("aws").unwrap(), "6.66.0");
        assert!(v.set("nope=1.0.0").unwrap_err().to_string().contains("no provider `nope`"));
        assert!(v.set("aws=latest").is_err());
        assert_eq!(Versions::parse(&v.render()).unwrap(), v);
        assert!(Versions::parse("aws\n").is_err());
        assert!(Versions::parse("aws 1.0.0\naws 1.0.1\n").unwrap_err().to_string().contains("twice"));
    }

    #[test]
    fn the_schema_of_the_asked_version_is_read() {
        let dir = std::env::temp_dir().join(format!("xtask-versions-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let doc = |v: &str| format!(r#"{{"provider_schemas": {{}}, "x_source": {{"provider_version": "{v}"}}}}"#);
        std::fs::write(dir.join("aws-provider-schema.json"), doc("6.25.0")).unwrap();
        std::fs::write(dir.join("aws-6.66.0-provider-schema.json"), doc("6.66.0")).unwrap();
        std::fs::write(dir.join("tls-provider-schema.json"), r#"{"provider_schemas": {}}"#).unwrap();
        assert_eq!(declared(&read_schema(&dir, "aws", "6.66.0").unwrap()), Some("6.66.0"));
        assert_eq!(declared(&read_schema(&dir, "aws", "6.25.0").unwrap()), Some("6.25.0"));
        let wrong = read_schema(&dir, "aws", "6.30.0").unwrap_err().to_string();
        assert!(wrong.contains("is of aws 6.25.0, not 6.30.0"), "{wrong}");
        // A schema that declares no version (`terraform providers schema -json`) is taken as the one asked for.
        assert_eq!(declared(&read_schema(&dir, "tls", "4.4.1").unwrap()), Some("4.4.1"));
        assert!(read_schema(&dir, "helm", "3.3.0").unwrap_err().to_string().contains("no schema of helm 3.3.0"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
