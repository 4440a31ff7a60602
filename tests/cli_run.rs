//! `plan`, `deploy`, `destroy` and `output` through the real Terraform, with the mock providers of
//! ../shared/tools/tfmock (its filesystem mirror, given to Terraform through TF_CLI_CONFIG_FILE), on the
//! examples as a user runs them and on a program whose middle stack fails.
//!
//! Each test skips, saying why, when Terraform, ../shared/tools/tfmock, its Python (with `tf==1.2.0`) or the
//! example binaries (built by `cargo test`) are missing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use konductor::cli::{Cli, Console};
use konductor::prelude::*;

/// The CLI config file that installs the mock providers, or why the tests cannot run.
fn tfmock() -> Result<&'static Path, String> {
    static CONFIG: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let tfcheck = root.join("../shared/tools/tfmock/tfcheck");
            if !tfcheck.exists() {
                return Err(format!("{} not found", tfcheck.display()));
            }
            let terraform = Command::new("terraform").arg("version").output();
            if !terraform.map(|o| o.status.success()).unwrap_or(false) {
                return Err("terraform is not on PATH".into());
            }
            let python = std::env::var("TFMOCK_PYTHON").unwrap_or_else(|_| "/tmp/tfvenv/bin/python".into());
            let has_tf = Command::new(&python).args(["-c", "import tf.gen.tfplugin_pb2, tf.runner"]).output();
            if !has_tf.map(|o| o.status.success()).unwrap_or(false) {
                return Err(format!(
                    "{python} cannot import `tf` (run ../shared/tools/tfmock/tfcheck once, or set TFMOCK_PYTHON)"
                ));
            }
            // tfcheck's own write_mirror: one wrapper per mocked provider, and the CLI config pointing at them.
            let work = std::env::temp_dir().join(format!("konductor-cli-run-{}", std::process::id()));
            let script = "import importlib.machinery as m, importlib.util as u, pathlib, sys\n\
                          l = m.SourceFileLoader('tfcheck', sys.argv[1]); t = u.module_from_spec(u.spec_from_loader('tfcheck', l))\n\
                          l.exec_module(t); w = pathlib.Path(sys.argv[2]); w.mkdir(parents=True, exist_ok=True)\n\
                          print(t.write_mirror(w)[0])";
            let out = Command::new("python3").args(["-c", script]).arg(&tfcheck).arg(&work).output();
            match out {
                Ok(o) if o.status.success() => Ok(PathBuf::from(String::from_utf8_lossy(&o.stdout).trim())),
                Ok(o) => Err(format!("tfcheck's write_mirror failed: {}", String::from_utf8_lossy(&o.stderr))),
                Err(e) => Err(format!("python3: {e}")),
            }
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The example binary `name` that `cargo test` built, if it did.
fn example(name: &str) -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let path = exe.parent().and_then(Path::parent).map(|d| d.join("examples").join(name)).ok_or("no target dir")?;
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} not built (`cargo test` builds the examples)", path.display()))
    }
}

macro_rules! require {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(why) => {
                println!("skipped: {why}");
                return;
            }
        }
    };
}

fn outdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("konductor-cli-run-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `exe` as a user does, with the mock providers.
fn user_runs(exe: &Path, config: &Path, args: &[&str]) -> Output {
    let out = Command::new(exe)
        .args(args)
        .env("TF_CLI_CONFIG_FILE", config)
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the example runs");
    println!("$ {} {}\n{}{}", exe.display(), args.join(" "), text(&out.stdout), text(&out.stderr));
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The index of the first line of `out` that starts with `prefix`.
fn line_of(out: &str, prefix: &str) -> usize {
    out.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"))
}

fn resources_in_state(state: &Path) -> usize {
    let json: konductor::serde_json::Value = konductor::serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap();
    json["resources"].as_array().map(|r| r.iter().filter(|r| r["mode"] == "managed").count()).unwrap_or(0)
}

#[test]
fn the_quickstart_deploys_plans_clean_gives_its_outputs_and_destroys() {
    let config = require!(tfmock());
    let exe = require!(example("quickstart"));
    let dir = outdir("quickstart");
    let out = dir.to_str().unwrap();
    let stack = dir.join("stacks/quickstart");

    let deploy = user_runs(&exe, config, &["--out", out, "deploy", "--auto-approve"]);
    assert!(deploy.status.success());
    let printed = text(&deploy.stdout);
    assert!(printed.starts_with(&format!("wrote 1 stack (quickstart) with 8 resources and 1 data source to {out}\n")));
    assert!(printed.contains("konductor: quickstart: deploy (1/1)\n"), "a progress line when the stack starts");
    assert!(printed.contains("[quickstart] Terraform has been successfully initialized!"), "init ran, prefixed");
    assert!(printed.contains("[quickstart] Apply complete! Resources: 8 added, 0 changed, 0 destroyed."));
    assert!(printed.lines().any(|l| l.starts_with("konductor: quickstart: deploy done in ") && l.ends_with('s')));
    assert_eq!(resources_in_state(&stack.join("terraform.quickstart.tfstate")), 8);

    let plan = user_runs(&exe, config, &["--out", out, "plan"]);
    assert!(plan.status.success());
    let printed = text(&plan.stdout);
    assert!(printed.contains("[quickstart] No changes."), "what was deployed is what is synthesized");
    assert!(!printed.contains("successfully initialized"), "init is not run again when nothing it depends on changed");

    let output = user_runs(&exe, config, &["--out", out, "--quiet", "output", "--json"]);
    assert!(output.status.success());
    let json: konductor::serde_json::Value = konductor::serde_json::from_slice(&output.stdout).unwrap();
    assert!(json["quickstart"]["bucket-arn"]["value"].as_str().unwrap().starts_with("arn:aws:"), "{json}");

    let destroy = user_runs(&exe, config, &["--out", out, "destroy", "--auto-approve"]);
    assert!(destroy.status.success());
    assert!(text(&destroy.stdout).contains("[quickstart] Destroy complete! Resources: 8 destroyed."));
    assert_eq!(resources_in_state(&stack.join("terraform.quickstart.tfstate")), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_network_example_deploys_in_dependency_order_in_parallel_and_destroys_in_reverse() {
    let config = require!(tfmock());
    let exe = require!(example("network"));
    let dir = outdir("network");
    let out = dir.to_str().unwrap();
    let vars =
        ["--var", "pci-deploy-role-arn=arn:aws:iam::111111111111:role/deploy", "--var", "transit-gateway-id=tgw-0123"];

    let mut args = vec!["--out", out, "deploy", "--auto-approve", "--parallelism", "2"];
    args.extend(vars);
    let deploy = user_runs(&exe, config, &args);
    assert!(deploy.status.success());
    let printed = text(&deploy.stdout);
    // production reads production-pci's outputs: it starts only once production-pci is deployed; zero-trust
    // depends on nothing and runs beside production-pci.
    let pci_done = line_of(&printed, "konductor: production-pci: deploy done");
    assert!(line_of(&printed, "konductor: production: deploy (") > pci_done, "{printed}");
    let zero_trust_start = line_of(&printed, "konductor: zero-trust: deploy (");
    let pci_start = line_of(&printed, "konductor: production-pci: deploy (");
    assert!(
        zero_trust_start.max(pci_start) < line_of(&printed, "konductor: zero-trust: deploy done").min(pci_done),
        "parallel"
    );
    for stack in ["zero-trust", "production-pci", "production"] {
        let state = dir.join(format!("stacks/{stack}/terraform.{stack}.tfstate"));
        assert!(resources_in_state(&state) > 10, "{stack} was applied");
    }

    let mut args = vec!["--out", out, "destroy", "--auto-approve"];
    args.extend(vars);
    let destroy = user_runs(&exe, config, &args);
    assert!(destroy.status.success());
    let printed = text(&destroy.stdout);
    assert!(
        line_of(&printed, "konductor: production: destroy done")
            < line_of(&printed, "konductor: production-pci: destroy (")
    );
    for stack in ["zero-trust", "production-pci", "production"] {
        assert_eq!(resources_in_state(&dir.join(format!("stacks/{stack}/terraform.{stack}.tfstate"))), 0, "{stack}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three stacks, each depending on the one before; the middle one sets an argument `aws_sqs_queue` does
/// not have, which Terraform refuses.
fn failing_chain(app: &App) {
    let env = Environment::new("dev").unwrap();
    let first = Stack::new(app, "first", &env);
    konductor::aws::AwsProvider::builder(&first, "aws").region("us-east-1").build();
    GenericResource::new(&first, "queue", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
    let middle = Stack::new(app, "middle", &env);
    middle.depends_on(&first);
    konductor::aws::AwsProvider::builder(&middle, "aws").region("us-east-1").build();
    GenericResource::new(&middle, "queue", "aws_sqs_queue").set("no_such_argument", true);
    let last = Stack::new(app, "last", &env);
    last.depends_on(&middle);
    konductor::aws::AwsProvider::builder(&last, "aws").region("us-east-1").build();
    GenericResource::new(&last, "queue", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
}

#[test]
fn a_stack_that_fails_stops_the_run_names_the_stack_and_the_command_and_later_stacks_are_untouched() {
    let config = require!(tfmock());
    // Terraform is run by this process here, so it needs the mock's CLI config in this process's environment
    // (std serializes environment access with process spawning).
    std::env::set_var("TF_CLI_CONFIG_FILE", config);
    std::env::set_var("CHECKPOINT_DISABLE", "1");
    let dir = outdir("failing");
    let app = App::with_outdir(&dir);
    failing_chain(&app);
    let (console, printed) = Console::capture();
    let e = Cli::parse_from(["prog", "deploy", "--auto-approve"]).unwrap().run(&app, &console).unwrap_err();
    println!("{}\n{}\n{e}", printed.stdout(), printed.stderr());
    let e = e.to_string();
    assert!(e.starts_with("[middle] `terraform apply -no-color -input=false -auto-approve` failed (exit status: 1); not started: last"), "{e}");
    assert!(
        e.contains("fix what Terraform reported above (the lines starting with [middle]), then run `deploy` again"),
        "{e}"
    );
    assert!(
        printed.stderr().contains("[middle] Error: Extraneous JSON object property"),
        "Terraform's own message, prefixed"
    );
    assert!(printed.stdout().contains("konductor: deploy stopped after "), "{}", printed.stdout());
    assert_eq!(
        resources_in_state(&dir.join("stacks/first/terraform.first.tfstate")),
        1,
        "the stack before was applied"
    );
    let last = dir.join("stacks/last");
    let touched: Vec<String> =
        std::fs::read_dir(&last).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(touched, ["cdk.tf.json"], "Terraform never ran in the stack after");
    let _ = std::fs::remove_dir_all(&dir);
}
