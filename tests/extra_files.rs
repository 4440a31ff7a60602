//! Extra files beside a stack's cdk.tf.json (`Stack::add_file`): written by the same atomic synthesis,
//! checked like everything else.

use std::fs;
use std::path::PathBuf;

use konductor::prelude::*;

fn outdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("konductor-extra-files-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

#[test]
fn extra_files_are_written_beside_the_stack() {
    let out = outdir("written");
    let app = App::with_outdir(&out);
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    stack.add_file("route-tables/vpc.md", "# Route tables of vpc\n");
    stack.add_file("README.md", "generated\n");
    app.synth().unwrap();
    assert_eq!(fs::read_to_string(out.join("stacks/network/route-tables/vpc.md")).unwrap(), "# Route tables of vpc\n");
    assert_eq!(fs::read_to_string(out.join("stacks/network/README.md")).unwrap(), "generated\n");
    assert!(out.join("stacks/network/cdk.tf.json").exists());
    let leftovers: Vec<_> =
        fs::read_dir(out.join("stacks/network/route-tables")).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn extra_files_are_in_the_in_memory_synthesis() {
    let app = App::new();
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    stack.add_file("docs/a.md", "a");
    let out = app.synthesize().unwrap();
    assert_eq!(out.files, [("stacks/network/docs/a.md".to_string(), b"a".to_vec())]);
}

#[test]
fn bad_or_repeated_paths_are_problems_and_nothing_is_written() {
    let out = outdir("bad");
    let app = App::with_outdir(&out);
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    for path in ["../escape.md", "/etc/passwd", "", "a//b.md", "extra.tf.json", "main.tf"] {
        stack.add_file(path, "x");
    }
    stack.add_file("doc.md", "1");
    stack.add_file("doc.md", "2");
    let e = app.synth().unwrap_err().to_string();
    assert_eq!(
        e,
        "synthesis found 7 problems; nothing was written:\n  \
         - [network] extra file path `../escape.md` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file path `/etc/passwd` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file path `` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file path `a//b.md` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file path `extra.tf.json` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file path `main.tf` is not a relative path to a non-Terraform file: use a relative path such as \"docs/routes.md\", without `..`, and not a .tf or .tf.json file\n  \
         - [network] extra file `doc.md` is added twice: add each file once, with all its contents"
    );
    assert!(!out.exists(), "nothing written");
}
