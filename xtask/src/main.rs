//! `cargo xtask extract [--schemas DIR]`, `cargo xtask gen`, `cargo xtask check`: see the library's docs.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  extract [--schemas DIR] [NAME=VERSION ...]
                           read the full provider schemas of the versions in konductor-aws/schema/versions.txt
                           (NAME-VERSION-provider-schema.json.gz in DIR, default ../shared/schemas) and write
                           the checked-in subset to konductor-aws/schema/; NAME=VERSION (aws=6.66.0) changes
                           the version of a provider in versions.txt first
  gen                      write the L1 bindings, providers.rs, rules/destroy.rs and the conformance test from
                           the checked-in files
  check                    fail if the checked-in generated files differ from what `gen` would write";

fn run() -> xtask::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = xtask::workspace_root();
    match args.first().map(String::as_str) {
        Some("extract") => {
            let mut schemas = root.join("../shared/schemas");
            let mut set_versions = Vec::new();
            let mut rest = args[1..].iter();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--schemas" => schemas = PathBuf::from(rest.next().ok_or_else(|| xtask::Error::new(USAGE))?),
                    a if a.contains('=') => set_versions.push(a.to_string()),
                    _ => return Err(xtask::Error::new(USAGE)),
                }
            }
            let files = xtask::extract::extract(&root, &schemas, &set_versions)?;
            let n = xtask::write(&root, &files, false)?;
            println!("extract: {} files, {n} changed", files.len());
        }
        Some("gen") => {
            let files = xtask::generate(&root)?;
            let n = xtask::write(&root, &files, true)?;
            println!("gen: {} files, {n} changed", files.len());
        }
        Some("check") => {
            let files = xtask::generate(&root)?;
            let mut drift = xtask::drift(&root, &files);
            drift.extend(xtask::stale_files(&root, &files));
            if !drift.is_empty() {
                let list: Vec<String> = drift.iter().map(|p| format!("  {}", p.display())).collect();
                return Err(xtask::Error::new(format!(
                    "generated files are out of date (run `cargo xtask gen`):\n{}",
                    list.join("\n")
                )));
            }
            println!("check: {} generated files are up to date", files.len());
        }
        _ => return Err(xtask::Error::new(USAGE)),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
