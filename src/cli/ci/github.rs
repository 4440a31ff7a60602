//! A GitHub Actions workflow: synthesize and test, then validate and plan each stack after the stacks it
//! depends on.

use std::path::Path;

use konductor_core::{Result, Synthesized};

use super::{ordered, quote, slash, Program};

/// The job id of a stack's plan: `plan-NAME`, with characters GitHub does not take in ids replaced.
fn job_id(stack: &str) -> String {
    let clean: String =
        stack.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    format!("plan-{clean}")
}

/// A workflow (`.github/workflows/konductor.yml`): a `synth` job runs the tests and synthesizes, then
/// uploads the output; one job per stack downloads it and runs `terraform init`, `validate` and `plan`,
/// each after the jobs of the stacks it depends on.
pub fn github(out: &Synthesized, outdir: &Path, program: &Program) -> Result<String> {
    let stacks = ordered(out)?;
    let outdir_s = slash(outdir);
    let mut y = format!(
        "# GitHub Actions workflow for the stacks of `{cmd}`, written by its `ci github`: save it as\n\
         # .github/workflows/konductor.yml and regenerate it when stacks change. On each pull request and push to\n\
         # main it tests and synthesizes the program, then validates and plans every stack after the stacks it\n\
         # depends on. Give the plan jobs credentials for your backends and providers (for AWS,\n\
         # aws-actions/configure-aws-credentials with a role to assume, which the id-token permission allows).\n\
         name: konductor\n\
         on:\n  pull_request:\n  push:\n    branches: [main]\n\
         permissions:\n  contents: read\n  id-token: write\n\
         jobs:\n  synth:\n    name: test and synthesize\n    runs-on: ubuntu-latest\n    steps:\n\
         \x20     - uses: actions/checkout@v4\n\
         \x20     - uses: dtolnay/rust-toolchain@stable\n\
         \x20     - uses: Swatinem/rust-cache@v2\n\
         \x20     - run: cargo test\n\
         \x20     - run: {synth}\n\
         \x20     - uses: actions/upload-artifact@v4\n        with:\n          name: cdktf-out\n          path: {out_q}\n",
        cmd = program.command,
        synth = quote(&format!("{} --out {outdir_s} synth", program.command)),
        out_q = quote(&outdir_s),
    );
    for (s, _) in &stacks {
        let mut needs = vec!["synth".to_string()];
        needs.extend(s.dependencies.iter().map(|d| job_id(d)));
        let dir = quote(&slash(&outdir.join(&s.dir)));
        y.push_str(&format!(
            "  {id}:\n    name: {name}\n    needs: [{needs}]\n    runs-on: ubuntu-latest\n    steps:\n\
             \x20     - uses: actions/download-artifact@v4\n        with:\n          name: cdktf-out\n          path: {out_q}\n\
             \x20     - uses: hashicorp/setup-terraform@v3\n        with:\n          terraform_version: {tf}\n\
             \x20     - run: terraform init -input=false\n        working-directory: {dir}\n\
             \x20     - run: terraform validate\n        working-directory: {dir}\n\
             \x20     - run: terraform plan -input=false\n        working-directory: {dir}\n",
            id = job_id(&s.name),
            name = quote(&format!("plan {}", s.name)),
            needs = needs.join(", "),
            out_q = quote(&outdir_s),
            tf = quote(&program.terraform_version),
        ));
    }
    y.truncate(y.trim_end().len());
    Ok(y)
}
