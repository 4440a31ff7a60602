//! `ci atlantis` and `ci github`: configuration that runs this program's stacks on a shared engine (Atlantis,
//! GitHub Actions) instead of a laptop: one project or job per stack, in the manifest's dependency order,
//! planning when the program's sources change.
//!
//! ```
//! use konductor::cli::ci::{Program, atlantis};
//! use konductor::prelude::*;
//! let app = App::with_outdir("cdktf.out");
//! Stack::new(&app, "network", &Environment::new("dev")?);
//! let program = Program::new("cargo run --example network --", ["examples/network.rs"]);
//! let yaml = atlantis(&app.synthesize()?, "cdktf.out".as_ref(), &program)?;
//! assert!(yaml.contains("  - name: \"network\"\n    dir: \"cdktf.out/stacks/network\"\n"));
//! # Ok::<(), konductor::Error>(())
//! ```

mod atlantis;
mod github;

use std::path::{Component, Path, PathBuf};

use konductor_core::{App, Error, Result, Synthesized};

use super::args::CiArgs;
use super::manifest::{self, StackEntry};
use super::Console;

pub use atlantis::atlantis;
pub use github::github;

/// The CI system to write configuration for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    /// Atlantis: `atlantis.yaml`.
    Atlantis,
    /// GitHub Actions: `.github/workflows/konductor.yml`.
    Github,
}

/// How CI runs the program, and which files are its sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// The command that runs it from the repository root, up to its own arguments:
    /// `cargo run --example network --`.
    pub command: String,
    /// The files whose change makes the stacks plan, relative to the repository root (globs).
    pub sources: Vec<String>,
    /// The Terraform version CI installs.
    pub terraform_version: String,
}

impl Program {
    /// `command`, with `Cargo.toml`, `Cargo.lock`, `src/**/*.rs` and `extra_sources` as sources.
    pub fn new<S: Into<String>>(command: impl Into<String>, extra_sources: impl IntoIterator<Item = S>) -> Program {
        let mut sources: Vec<String> = ["Cargo.toml", "Cargo.lock", "src/**/*.rs"].map(String::from).to_vec();
        sources.extend(extra_sources.into_iter().map(Into::into));
        Program { command: command.into(), sources, terraform_version: super::versions::TERRAFORM_CI.into() }
    }

    /// The program this process is: `cargo run --example NAME --` when it is an example, else
    /// `cargo run --bin NAME --`.
    fn this_process() -> Program {
        let exe = std::env::current_exe().unwrap_or_default();
        let name = exe.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "infra".into());
        let is_example = exe.parent().and_then(Path::file_name).is_some_and(|d| d == "examples");
        if is_example {
            Program::new(format!("cargo run --example {name} --"), [format!("examples/{name}.rs")])
        } else {
            Program::new(format!("cargo run --bin {name} --"), Vec::<String>::new())
        }
    }
}

/// `ci atlantis` / `ci github` on the command line: prints the file.
pub(crate) fn run(app: &App, console: &Console, system: System, args: &CiArgs) -> Result<i32> {
    let mut program = Program::this_process();
    if let Some(command) = &args.program {
        program.command = command.clone();
    }
    if !args.sources.is_empty() {
        program.sources = args.sources.clone();
    }
    program.terraform_version = args.terraform_version.clone();
    let outdir = relative_outdir(app.outdir())?;
    let out = app.synthesize()?;
    console.out_line(&match system {
        System::Atlantis => atlantis(&out, &outdir, &program)?,
        System::Github => github(&out, &outdir, &program)?,
    });
    Ok(0)
}

/// The output directory relative to the repository root (the current directory), as CI needs it.
fn relative_outdir(outdir: &Path) -> Result<PathBuf> {
    let rel = if outdir.is_absolute() {
        let cwd = std::env::current_dir().unwrap_or_default();
        outdir.strip_prefix(&cwd).map(Path::to_path_buf).ok()
    } else {
        Some(outdir.to_path_buf())
    };
    match rel {
        Some(r) if r.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) => Ok(r),
        _ => Err(Error::Usage(format!(
            "--out {} is outside the repository: CI configuration needs an output directory inside it (the default \
             cdktf.out, or --out with a relative path)",
            outdir.display()
        ))),
    }
}

/// The stacks in dependency order, with the depth of each (0 for a stack depending on none).
fn ordered(out: &Synthesized) -> Result<Vec<(StackEntry, usize)>> {
    let names: Vec<String> = out.stacks.iter().map(|(n, _)| n.clone()).collect();
    let stacks = manifest::parse(&out.manifest, &names)?;
    let mut done: Vec<(StackEntry, usize)> = Vec::new();
    for s in manifest::dependency_order(&stacks) {
        let depth = s
            .dependencies
            .iter()
            .filter_map(|d| done.iter().find(|(o, _)| &o.name == d).map(|(_, depth)| depth + 1))
            .max()
            .unwrap_or(0);
        done.push((s.clone(), depth));
    }
    Ok(done)
}

/// `s` as a YAML double-quoted scalar (JSON's string syntax is valid YAML).
fn quote(s: &str) -> String {
    konductor_core::serde_json::Value::String(s.to_string()).to_string()
}

/// Forward slashes, whatever the platform.
fn slash(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
