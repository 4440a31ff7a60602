//! The command line as a user meets it: `--help` lists every command, exit status 0 / 1 / 2, usage errors
//! with real newlines, and the bad inputs of the Terraform commands, each with a clear error: an unknown
//! stack (did-you-mean), Terraform not installed (how to install it or choose a binary), `destroy` without
//! `--auto-approve` when standard input is not a terminal.
//!
//! The process-level cases run the quickstart example binary that `cargo test` builds (skipped, saying
//! so, when it is not built); the others call the library.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use konductor::cli::{Cli, Console};
use konductor::prelude::*;

fn quickstart() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.parent()?.join("examples").join("quickstart");
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {} not built (`cargo test` builds the examples)", path.display());
        None
    }
}

fn outdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("konductor-cli-usage-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn run(exe: &Path, args: &[&str]) -> Output {
    Command::new(exe).args(args).stdin(Stdio::null()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn help_lists_every_command() {
    let e = Cli::parse_from(["prog", "--help"]).unwrap_err().to_string();
    for command in
        ["synth", "validate", "list", "diff", "plan", "deploy", "destroy", "output", "graph", "compliance", "ci"]
    {
        assert!(e.lines().any(|l| l.trim_start().starts_with(&format!("{command} "))), "{command} in:\n{e}");
    }
    let deploy = Cli::parse_from(["prog", "deploy", "--help"]).unwrap_err().to_string();
    for option in
        ["--auto-approve", "--parallelism <N>", "--binary <BIN>", "[env: KONDUCTOR_TF_BINARY=]", "[STACKS]..."]
    {
        assert!(deploy.contains(option), "{option} in:\n{deploy}");
    }
}

#[test]
fn exit_status_is_0_on_success_1_for_changes_and_problems_2_for_usage() {
    let Some(exe) = quickstart() else { return };
    let dir = outdir("exit");
    let out = dir.to_str().unwrap();

    let synth = run(&exe, &["--out", out]);
    assert_eq!(synth.status.code(), Some(0));
    assert_eq!(
        text(&synth.stdout),
        format!("wrote 1 stack (quickstart) with 8 resources and 1 data source to {out}\n")
    );
    let quiet = run(&exe, &["--out", out, "--quiet"]);
    assert_eq!((quiet.status.code(), text(&quiet.stdout)), (Some(0), String::new()), "--quiet prints nothing");

    assert_eq!(run(&exe, &["--out", out, "diff"]).status.code(), Some(0), "nothing changed");
    let file = dir.join("stacks/quickstart/cdk.tf.json");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"bucket_key_enabled\": true", "\"bucket_key_enabled\": false");
    std::fs::write(&file, edited).unwrap();
    let diff = run(&exe, &["--out", out, "diff"]);
    assert_eq!(diff.status.code(), Some(1), "changed");
    assert!(text(&diff.stdout)
        .contains("~ aws_s3_bucket_server_side_encryption_configuration.logs-encryption: rule[0].bucket_key_enabled"));

    let usage = run(&exe, &["--out", out, "--bogus"]);
    assert_eq!(usage.status.code(), Some(2));
    let err = text(&usage.stderr);
    assert!(err.starts_with("error: unexpected argument '--bogus' found\n"), "real newlines: {err:?}");
    assert!(!err.contains("\\n"), "{err:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_stack_is_a_usage_error_with_a_did_you_mean() {
    let Some(exe) = quickstart() else { return };
    let dir = outdir("unknown");
    let r = run(&exe, &["--out", dir.to_str().unwrap(), "plan", "quickstrat"]);
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(
        text(&r.stderr),
        "error: unknown stack `quickstrat`: did you mean `quickstart`?\nthe stacks of this program are: quickstart\n"
    );
    assert!(!dir.exists(), "nothing was synthesized");
}

#[test]
fn terraform_not_installed_says_how_to_install_it_or_choose_a_binary() {
    let Some(exe) = quickstart() else { return };
    let dir = outdir("binary");
    let r = Command::new(&exe)
        .args(["--out", dir.to_str().unwrap(), "deploy", "--auto-approve"])
        .env("KONDUCTOR_TF_BINARY", "terraform-not-installed-here")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = text(&r.stderr);
    assert!(err.starts_with("error: `terraform-not-installed-here` was not found on PATH: install Terraform 1.11.0+ (https://developer.hashicorp.com/terraform/install) or OpenTofu 1.10.0+"), "{err}");
    assert!(
        err.contains("choose the binary with --binary tofu, --binary /path/to/terraform or KONDUCTOR_TF_BINARY=tofu"),
        "{err}"
    );
}

#[test]
fn destroy_without_auto_approve_on_a_non_terminal_is_refused() {
    let Some(exe) = quickstart() else { return };
    let dir = outdir("destroy");
    let r = run(&exe, &["--out", dir.to_str().unwrap(), "destroy"]);
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(
        text(&r.stderr),
        "error: `destroy` asks for confirmation, and standard input is not a terminal: pass --auto-approve to destroy without asking\n"
    );
    assert!(!dir.exists(), "nothing was synthesized or run");
}

#[test]
fn usage_errors_found_after_the_tree_is_built_come_back_from_synth_without_exiting() {
    let app = App::from_arg_list(["prog", "--out", "/tmp/konductor-never-written", "plan", "nope"]).unwrap();
    Stack::new(&app, "network", &Environment::new("dev").unwrap());
    let e = app.synth().unwrap_err();
    assert!(matches!(e, konductor::Error::Usage(_)), "{e:?}");
    assert_eq!(e.to_string(), "unknown stack `nope`\nthe stacks of this program are: network");
}

#[test]
fn an_undeclared_variable_is_a_usage_error() {
    let dir = outdir("vars");
    let app = App::with_outdir(&dir);
    let stack = Stack::new(&app, "network", &Environment::new("dev").unwrap());
    Variable::new(&stack, "vpc-cidr").type_expr("string");
    let (console, _) = Console::capture();
    let cli = Cli::parse_from(["prog", "plan", "--binary", "/bin/sh", "--var", "vpc-cidrs=10.0.0.0/16"]).unwrap();
    let e = cli.run(&app, &console).unwrap_err().to_string();
    assert_eq!(
        e,
        "no stack declares variable `vpc-cidrs`: did you mean `vpc-cidr`?\nthe variables of these stacks are: vpc-cidr"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
