//! `atlantis.yaml`: one project per stack.

use std::path::Path;

use konductor_core::{Result, Synthesized};

use super::{ordered, quote, slash, Program};

/// An `atlantis.yaml` (repo-level config, version 3) with one project per stack: its directory, the custom
/// workflow `konductor` (synthesize, then init and plan), `depends_on` and `execution_order_group` from
/// the manifest's dependencies, and autoplan when the program's sources change.
pub fn atlantis(out: &Synthesized, outdir: &Path, program: &Program) -> Result<String> {
    let stacks = ordered(out)?;
    let outdir_s = slash(outdir);
    let mut y = format!(
        "# atlantis.yaml for the stacks of `{cmd}`, written by its `ci atlantis`: regenerate it when stacks change.\n\
         # Atlantis plans each stack in {outdir_s}/stacks/NAME, which exist once the program has synthesized:\n\
         # synthesize in a pre_workflow_hooks step of the server-side repo config\n\
         # (run: {cmd} --out {outdir_s} synth --quiet), or commit {outdir_s}/.\n\
         # The custom workflow `konductor` must be allowed there: allowed_overrides: [workflow] and\n\
         # allow_custom_workflows: true.\n\
         version: 3\nautomerge: false\nparallel_plan: true\nparallel_apply: true\nprojects:\n",
        cmd = program.command
    );
    for (s, depth) in &stacks {
        let dir = outdir.join(&s.dir);
        let up = vec![".."; dir.components().count()].join("/");
        let mut watched: Vec<String> = program.sources.iter().map(|src| quote(&format!("{up}/{src}"))).collect();
        watched.push(quote("*.tf.json"));
        y.push_str(&format!(
            "  - name: {}\n    dir: {}\n    workflow: konductor\n",
            quote(&s.name),
            quote(&slash(&dir))
        ));
        y.push_str(&format!("    execution_order_group: {depth}\n"));
        if !s.dependencies.is_empty() {
            let deps: Vec<String> = s.dependencies.iter().map(|d| quote(d)).collect();
            y.push_str(&format!("    depends_on: [{}]\n", deps.join(", ")));
        }
        y.push_str(&format!("    autoplan:\n      enabled: true\n      when_modified: [{}]\n", watched.join(", ")));
    }
    // Every project is as deep as its stack directory: the same `cd` reaches the repository root.
    let up = stacks
        .first()
        .map(|(s, _)| vec![".."; outdir.join(&s.dir).components().count()].join("/"))
        .unwrap_or(".".into());
    let synth = format!("cd {up} && {} --out {outdir_s} synth --quiet", program.command);
    y.push_str(&format!(
        "workflows:\n  konductor:\n    plan:\n      steps:\n        - run: {}\n        - init\n        - plan\n    apply:\n      steps:\n        - apply",
        quote(&synth)
    ));
    Ok(y)
}
