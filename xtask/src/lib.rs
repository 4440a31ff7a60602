//! konductor's code generator. Never part of a user's build.
//!
//! - `cargo xtask extract` reads the full provider schemas of the versions in `konductor-aws/schema/versions.txt`
//!   (`../shared/schemas/NAME-VERSION-provider-schema.json.gz`, the shape of `terraform providers schema -json`;
//!   `cargo xtask extract aws=6.67.0` changes a version first) and writes the checked-in subset the bindings need into
//!   `konductor-aws/schema/`: one JSON file per provider with the allowlisted types and the provider block, and
//!   `aws-destroy-attributes.txt`, every attribute of the full AWS schema that `destroy.txt` names.
//! - `cargo xtask gen` reads only checked-in files (`konductor-aws/schema/`) and writes the typed bindings:
//!   `konductor-aws/src/l1/*.rs` (one module per service), `src/providers.rs`, `src/rules/destroy.rs` and the
//!   conformance test `tests/l1_conformance.rs`, each formatted with rustfmt.
//! - `cargo xtask check` fails when the checked-in files differ from what `gen` would write.
//!
//! Adding a type is one line in `konductor-aws/schema/allowlist.txt`, then `cargo xtask extract && cargo xtask gen`.

use std::fmt;
use std::path::{Path, PathBuf};

pub mod conformance;
pub mod destroy;
pub mod docs;
pub mod emit;
pub mod extract;
pub mod lower;
pub mod model;
pub mod rustfmt;
pub mod schema;
pub mod tables;
pub mod versions;

/// What went wrong, with where.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(msg: impl Into<String>) -> Self {
        Error(msg.into())
    }

    /// Prefixes the message with a location.
    pub fn at(self, at: &str) -> Self {
        Error(format!("{at}: {}", self.0))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// A file to write, relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: PathBuf,
    pub text: String,
}

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask/ is inside the workspace").to_path_buf()
}

/// The checked-in schema data and tables.
pub const SCHEMA_DIR: &str = "konductor-aws/schema";
/// The generated service modules.
pub const L1_DIR: &str = "konductor-aws/src/l1";

pub(crate) fn read(root: &Path, rel: &str) -> Result<String> {
    std::fs::read_to_string(root.join(rel)).map_err(|e| Error::new(format!("{rel}: {e}")))
}

/// The checked-in inputs of `gen`.
pub struct Inputs {
    pub allowlist: Vec<tables::Entry>,
    pub services: tables::Services,
    pub names: tables::PhysicalNames,
    pub pins: tables::DestroyPins,
    /// Per provider local name (`aws`), its schema subset.
    pub providers: Vec<(String, schema::ProviderSchema)>,
    /// `aws-destroy-attributes.txt`.
    pub destroy_attributes: String,
}

/// The providers konductor-aws binds: local name, registry source as `required_providers` writes it,
/// the Rust name of the typed configuration, and the static holding its identity.
pub const PROVIDERS: &[(&str, &str, &str, &str)] = &[
    // cdktf 0.21 wrote `source = "aws"`; CDK Terrain (cdktn) writes the full source, as konductor does.
    ("aws", "hashicorp/aws", "AwsProvider", "AWS_PROVIDER"),
    ("kubernetes", "hashicorp/kubernetes", "KubernetesProvider", "KUBERNETES_PROVIDER"),
    ("helm", "hashicorp/helm", "HelmProvider", "HELM_PROVIDER"),
];

impl Inputs {
    /// Reads every checked-in input under `root`.
    pub fn read(root: &Path) -> Result<Inputs> {
        let t = |name: &str| read(root, &format!("{SCHEMA_DIR}/{name}"));
        let versions = versions::Versions::parse(&t(versions::FILE)?)?;
        let mut providers = Vec::new();
        for (name, ..) in PROVIDERS {
            let text = t(&format!("{name}.json"))?;
            let doc: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::new(format!("{SCHEMA_DIR}/{name}.json: {e}")))?;
            let schema = schema::ProviderSchema::parse(&doc)?;
            let pinned = versions.get(name)?;
            if schema.version != pinned {
                return Err(Error::new(format!(
                    "{SCHEMA_DIR}/{name}.json is of {name} {}, but {} says {pinned}: run `cargo xtask extract`",
                    schema.version,
                    versions::FILE
                )));
            }
            providers.push((name.to_string(), schema));
        }
        Ok(Inputs {
            allowlist: tables::allowlist(&t("allowlist.txt")?)?,
            services: tables::Services::parse(&t("services.txt")?)?,
            names: tables::PhysicalNames::parse(&t("physical_names.txt")?)?,
            pins: tables::DestroyPins::parse(&t("destroy.txt")?)?,
            providers,
            destroy_attributes: t("aws-destroy-attributes.txt")?,
        })
    }

    pub fn provider(&self, name: &str) -> Result<&schema::ProviderSchema> {
        self.providers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
            .ok_or_else(|| Error::new(format!("no schema for provider `{name}`")))
    }
}

/// Everything `gen` writes, from the checked-in inputs under `root`.
pub fn generate(root: &Path) -> Result<Vec<File>> {
    let inputs = Inputs::read(root)?;
    let model = lower::lower(&inputs)?;
    let mut files = emit::emit(&model, &inputs)?;
    files.push(destroy::emit(&inputs)?);
    files.push(conformance::emit(&model, &inputs)?);
    let fmt = rustfmt::Rustfmt::new(root);
    for f in &mut files {
        f.text = fmt.format(&f.text).map_err(|e| e.at(&f.path.display().to_string()))?;
    }
    Ok(files)
}

/// Generated files that would be left behind: `.rs` files in the l1 directory that `files` does not hold.
pub fn stale_files(root: &Path, files: &[File]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(dir) = std::fs::read_dir(root.join(L1_DIR)) {
        for entry in dir.flatten() {
            let rel = Path::new(L1_DIR).join(entry.file_name());
            if rel.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| f.path == rel) {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

/// The files whose checked-in text differs from `files` (missing ones included).
pub fn drift(root: &Path, files: &[File]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| std::fs::read_to_string(root.join(&f.path)).ok().as_deref() != Some(f.text.as_str()))
        .map(|f| f.path.clone())
        .collect()
}

/// Writes `files` under `root` (only those that changed); with `prune`, removes stale generated modules.
pub fn write(root: &Path, files: &[File], prune: bool) -> Result<usize> {
    let mut written = 0;
    for f in files {
        let path = root.join(&f.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.text.as_str()) {
            continue;
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::new(format!("{}: {e}", dir.display())))?;
        }
        std::fs::write(&path, &f.text).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
        written += 1;
    }
    for stale in if prune { stale_files(root, files) } else { Vec::new() } {
        std::fs::remove_file(root.join(&stale)).map_err(|e| Error::new(format!("{}: {e}", stale.display())))?;
        written += 1;
    }
    Ok(written)
}
