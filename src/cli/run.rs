//! `plan`, `deploy`, `destroy` and `output`: synthesize, then run Terraform (or OpenTofu) in each stack's
//! directory, `init` first when the stack's providers or backend changed, stacks in the manifest's
//! dependency order (reverse for `destroy`), independent stacks in parallel up to `--parallelism`,
//! stopping at the first failure.
//!
//! Each line Terraform prints comes out prefixed with its stack (`[network] Plan: 3 to add, ...`); konductor's
//! own lines start with `konductor:` and say when each stack starts and how long it took.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use konductor_core::serde_json::{self, Value};
use konductor_core::{App, Error, Problem, Result};

use super::args::RunArgs;
use super::manifest::{self, StackEntry};
use super::{select, summary, versions, Console};

/// What to run in each stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `terraform plan`.
    Plan,
    /// `terraform apply`.
    Deploy,
    /// `terraform destroy`, stacks in reverse dependency order.
    Destroy,
    /// `terraform output`.
    Output {
        /// `-json`: one JSON object of every stack's outputs, by stack.
        json: bool,
    },
}

impl Action {
    fn verb(self) -> &'static str {
        match self {
            Action::Plan => "plan",
            Action::Deploy => "deploy",
            Action::Destroy => "destroy",
            Action::Output { .. } => "output",
        }
    }
}

/// The file in `.terraform/` that records what the last `init` konductor ran was for.
const INIT_MARKER: &str = "konductor-init.json";

/// Everything a stack's job needs, shared by the threads.
struct Job<'a> {
    console: &'a Console,
    quiet: bool,
    action: Action,
    binary: &'a Path,
    interactive: bool,
    vars: &'a [(String, String)],
    var_files: &'a [PathBuf],
    outdir: &'a Path,
}

/// A stack that failed: the stack, the command, and how it ended.
struct Failure {
    stack: String,
    command: String,
    how: String,
}

pub(crate) fn run(
    app: &App,
    console: &Console,
    quiet: bool,
    action: Action,
    args: &RunArgs,
    auto_approve: bool,
) -> Result<i32> {
    select::check_stacks(&args.stacks, &app.stack_names())?;
    let interactive = matches!(action, Action::Deploy | Action::Destroy) && !auto_approve;
    if interactive && !std::io::stdin().is_terminal() {
        let verb = action.verb();
        return Err(Error::Usage(format!(
            "`{verb}` asks for confirmation, and standard input is not a terminal: pass --auto-approve to {verb} \
             without asking"
        )));
    }
    let vars = parse_vars(&args.vars)?;
    let binary = find_binary(&args.binary)?;
    let var_files: Vec<PathBuf> = args.var_files.iter().map(|f| std::path::absolute(f).unwrap_or(f.clone())).collect();

    let written = app.write()?;
    if !quiet {
        console.out_line(&summary(&written));
    }
    let manifest_path = written.outdir.join("manifest.json");
    let text = std::fs::read(&manifest_path).map_err(|source| Error::Io { path: manifest_path, source })?;
    let all = manifest::parse(&text, &written.stacks)?;
    let selected: Vec<StackEntry> = manifest::dependency_order(&all)
        .into_iter()
        .filter(|s| args.stacks.is_empty() || args.stacks.contains(&s.name))
        .cloned()
        .collect();
    if !args.ignore_missing_stack_dependencies {
        check_selection(action, &all, &selected)?;
    }
    check_vars_declared(&vars, &written.outdir, &selected)?;

    let mut order = selected;
    if action == Action::Destroy {
        order.reverse();
    }
    let job = Job {
        console,
        quiet,
        action,
        binary: &binary,
        interactive,
        vars: &vars,
        var_files: &var_files,
        outdir: &written.outdir,
    };
    let parallelism = if interactive { 1 } else { usize::from(args.parallelism) };
    schedule(&job, &order, parallelism)
}

/// Runs the stacks of `order` (already in the order to run them), each after the stacks it must follow,
/// up to `parallelism` at a time; no new stack starts after a failure.
fn schedule(job: &Job<'_>, order: &[StackEntry], parallelism: usize) -> Result<i32> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum State {
        Waiting,
        Running,
        Done,
        Failed,
    }
    let names: Vec<&str> = order.iter().map(|s| s.name.as_str()).collect();
    // For destroy, a stack waits for the stacks that depend on it; otherwise for the stacks it depends on.
    let after: Vec<Vec<usize>> = order
        .iter()
        .map(|s| {
            (0..order.len())
                .filter(|&j| match job.action {
                    Action::Destroy => order[j].dependencies.contains(&s.name),
                    _ => s.dependencies.iter().any(|d| d == names[j]),
                })
                .collect()
        })
        .collect();
    let started = Instant::now();
    let mut state = vec![State::Waiting; order.len()];
    let mut outputs: Vec<Option<Value>> = vec![None; order.len()];
    let mut failure: Option<Failure> = None;
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<(usize, std::result::Result<Option<Value>, Failure>)>();
        let mut running = 0;
        loop {
            if failure.is_none() {
                for i in 0..order.len() {
                    if running >= parallelism {
                        break;
                    }
                    if state[i] == State::Waiting && after[i].iter().all(|&j| state[j] == State::Done) {
                        state[i] = State::Running;
                        running += 1;
                        let tx = tx.clone();
                        let stack = &order[i];
                        let position = (i + 1, order.len());
                        scope.spawn(move || {
                            let _ = tx.send((i, run_stack(job, stack, position)));
                        });
                    }
                }
            }
            if running == 0 {
                break;
            }
            let Ok((i, result)) = rx.recv() else { break };
            running -= 1;
            match result {
                Ok(out) => {
                    state[i] = State::Done;
                    outputs[i] = out;
                }
                Err(f) => {
                    state[i] = State::Failed;
                    failure.get_or_insert(f);
                }
            }
        }
    });
    let verb = job.action.verb();
    let elapsed = seconds(started.elapsed());
    if let Some(f) = failure {
        let not_run: Vec<&str> = (0..order.len()).filter(|&i| state[i] == State::Waiting).map(|i| names[i]).collect();
        let left = if not_run.is_empty() { String::new() } else { format!("; not started: {}", not_run.join(", ")) };
        if !job.quiet {
            job.console.out_line(&format!("konductor: {verb} stopped after {elapsed}: `{}` failed{left}", f.stack));
        }
        return Err(Error::Invalid(
            Problem::new(&f.stack, format!("`{}` failed ({}){left}", f.command, f.how)).with_fix(format!(
                "fix what Terraform reported above (the lines starting with [{}]), then run `{verb}` again",
                f.stack
            )),
        ));
    }
    if let Action::Output { json: true } = job.action {
        let all: serde_json::Map<String, Value> =
            names.iter().zip(outputs).map(|(n, o)| (n.to_string(), o.unwrap_or(Value::Null))).collect();
        let text = serde_json::to_string_pretty(&Value::Object(all)).unwrap_or_default();
        job.console.out_line(&text);
    }
    if !job.quiet {
        let n = order.len();
        job.console.out_line(&format!("konductor: {verb} done for {n} stack{} in {elapsed}", super::plural(n)));
    }
    Ok(0)
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// `init` when needed, then the action, in one stack's directory. For `output --json`, the outputs.
fn run_stack(job: &Job<'_>, stack: &StackEntry, (k, n): (usize, usize)) -> std::result::Result<Option<Value>, Failure> {
    let started = Instant::now();
    let verb = job.action.verb();
    let dir = job.outdir.join(&stack.dir);
    if !job.quiet {
        job.console.out_line(&format!("konductor: {}: {verb} ({k}/{n})", stack.name));
    }
    let result = (|| {
        let config = read_config(&dir, &stack.name)?;
        let wanted_init = init_key(&config);
        let marker = dir.join(".terraform").join(INIT_MARKER);
        if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted_init.as_str()) {
            terraform(job, &stack.name, &dir, &["init", "-input=false"], false)?;
            let _ = std::fs::write(&marker, &wanted_init);
        }
        let declared: BTreeSet<&str> = config
            .get("variable")
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut args: Vec<String> = match job.action {
            Action::Plan => vec!["plan".into(), "-input=false".into()],
            Action::Deploy if job.interactive => vec!["apply".into()],
            Action::Deploy => vec!["apply".into(), "-input=false".into(), "-auto-approve".into()],
            Action::Destroy if job.interactive => vec!["destroy".into()],
            Action::Destroy => vec!["destroy".into(), "-input=false".into(), "-auto-approve".into()],
            Action::Output { json } => {
                let mut a = vec!["output".to_string()];
                if json {
                    a.push("-json".into());
                }
                a
            }
        };
        if !matches!(job.action, Action::Output { .. }) {
            for (name, value) in job.vars.iter().filter(|(name, _)| declared.contains(name.as_str())) {
                args.push(format!("-var={name}={value}"));
            }
            for f in job.var_files {
                args.push(format!("-var-file={}", f.display()));
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let capture = matches!(job.action, Action::Output { json: true });
        let out = terraform(job, &stack.name, &dir, &args, capture)?;
        Ok(if capture { Some(serde_json::from_slice(&out).unwrap_or(Value::Null)) } else { None })
    })();
    if !job.quiet {
        let how = if result.is_ok() { "done" } else { "failed" };
        job.console.out_line(&format!("konductor: {}: {verb} {how} in {}", stack.name, seconds(started.elapsed())));
    }
    result
}

fn read_config(dir: &Path, stack: &str) -> std::result::Result<Value, Failure> {
    let file = dir.join("cdk.tf.json");
    let fail = |how: String| Failure { stack: stack.to_string(), command: format!("read {}", file.display()), how };
    let bytes = std::fs::read(&file).map_err(|e| fail(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| fail(e.to_string()))
}

/// What `init` depends on: the `terraform` block (backend, required providers) and the modules.
fn init_key(config: &Value) -> String {
    let key = serde_json::json!({ "terraform": config.get("terraform"), "module": config.get("module") });
    key.to_string()
}

/// Runs the binary with `args` in `dir`, streaming its output with the stack's name in front of each line
/// (or, when `capture`, returning standard output). Interactive runs inherit the terminal.
fn terraform(
    job: &Job<'_>,
    stack: &str,
    dir: &Path,
    args: &[&str],
    capture: bool,
) -> std::result::Result<Vec<u8>, Failure> {
    let mut args: Vec<&str> = args.to_vec();
    let streaming = !job.interactive || args[0] == "init";
    if streaming && !job.console.is_terminal() {
        args.insert(1, "-no-color");
    }
    let shown = format!(
        "{} {}",
        job.binary.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
        args.iter().filter(|a| !a.starts_with("-var")).copied().collect::<Vec<_>>().join(" ")
    );
    let fail = |how: String| Failure { stack: stack.to_string(), command: shown.clone(), how };
    let mut cmd = Command::new(job.binary);
    cmd.args(&args).current_dir(dir);
    if !job.interactive {
        cmd.env("TF_IN_AUTOMATION", "1").stdin(Stdio::null());
    }
    if !streaming {
        job.console.flush();
        let status = cmd.status().map_err(|e| fail(format!("cannot run {}: {e}", job.binary.display())))?;
        return if status.success() { Ok(Vec::new()) } else { Err(fail(status.to_string())) };
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("cannot run {}: {e}", job.binary.display())))?;
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let console = job.console;
    let captured = std::thread::scope(|scope| {
        let err = scope.spawn(move || {
            if let Some(e) = stderr {
                each_line(e, |line| console.err_line(&format!("[{stack}] {line}")));
            }
        });
        let mut captured = Vec::new();
        if let Some(mut o) = stdout {
            if capture {
                let _ = o.read_to_end(&mut captured);
            } else {
                each_line(o, |line| console.out_line(&format!("[{stack}] {line}")));
            }
        }
        let _ = err.join();
        captured
    });
    let status = child.wait().map_err(|e| fail(e.to_string()))?;
    if status.success() {
        Ok(captured)
    } else {
        Err(fail(status.to_string()))
    }
}

fn each_line(reader: impl Read, mut f: impl FnMut(&str)) {
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    while reader.read_until(b'\n', &mut line).map(|n| n > 0).unwrap_or(false) {
        let text = String::from_utf8_lossy(&line);
        f(text.trim_end_matches(['\n', '\r']));
        line.clear();
    }
}

/// `--var NAME=VALUE` pairs.
fn parse_vars(vars: &[String]) -> Result<Vec<(String, String)>> {
    vars.iter()
        .map(|v| match v.split_once('=') {
            Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
            _ => Err(Error::Usage(format!("--var `{v}` is not NAME=VALUE: write --var {v}=VALUE"))),
        })
        .collect()
}

/// Every `--var` must be declared by one of the stacks that run.
fn check_vars_declared(vars: &[(String, String)], outdir: &Path, stacks: &[StackEntry]) -> Result<()> {
    if vars.is_empty() {
        return Ok(());
    }
    let mut declared = BTreeSet::new();
    for s in stacks {
        if let Ok(config) = read_config(&outdir.join(&s.dir), &s.name) {
            declared.extend(
                config.get("variable").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.clone()),
            );
        }
    }
    let unknown: Vec<String> = vars
        .iter()
        .filter(|(name, _)| !declared.contains(name))
        .map(|(name, _)| match select::did_you_mean(name, declared.iter().map(String::as_str)) {
            Some(d) => format!("no stack declares variable `{name}`: did you mean `{d}`?"),
            None => format!("no stack declares variable `{name}`"),
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let list = if declared.is_empty() { "none".into() } else { declared.into_iter().collect::<Vec<_>>().join(", ") };
    Err(Error::Usage(format!("{}\nthe variables of these stacks are: {list}", unknown.join("\n"))))
}

/// `deploy` of a stack needs the stacks it depends on deployed in the same run; `destroy` of a stack needs
/// the stacks depending on it destroyed in the same run (as cdktf checks).
fn check_selection(action: Action, all: &[StackEntry], selected: &[StackEntry]) -> Result<()> {
    let chosen = |n: &str| selected.iter().any(|s| s.name == n);
    let mut missing = Vec::new();
    match action {
        Action::Deploy => {
            for s in selected {
                for d in s.dependencies.iter().filter(|d| !chosen(d)) {
                    missing.push(format!("stack `{}` depends on `{d}`, which is not in this deploy", s.name));
                }
            }
        }
        Action::Destroy => {
            for s in all.iter().filter(|s| !chosen(&s.name)) {
                for d in s.dependencies.iter().filter(|d| chosen(d)) {
                    missing.push(format!("stack `{}` depends on `{d}`, which this destroy would remove first", s.name));
                }
            }
        }
        Action::Plan | Action::Output { .. } => {}
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{}\nname those stacks too, or pass --ignore-missing-stack-dependencies",
        missing.join("\n")
    )))
}

/// The Terraform binary: a path, or a name looked up on `PATH`.
fn find_binary(name: &str) -> Result<PathBuf> {
    let path = Path::new(name);
    let found = if path.components().count() > 1 {
        path.is_file().then(|| path.to_path_buf())
    } else {
        std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).map(|dir| dir.join(name)).find(|c| is_executable(c)))
            .unwrap_or_default()
    };
    found.ok_or_else(|| {
        let where_ =
            if path.components().count() > 1 { "does not exist".to_string() } else { "was not found on PATH".into() };
        Error::Usage(format!(
            "`{name}` {where_}: install Terraform {}+ (https://developer.hashicorp.com/terraform/install) or OpenTofu \
             {}+ (https://opentofu.org/docs/intro/install/), or choose the binary with --binary tofu, --binary \
             /path/to/terraform or KONDUCTOR_TF_BINARY=tofu",
            versions::TERRAFORM_MIN,
            versions::OPENTOFU_MIN
        ))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::manifest::tests::entry;

    #[test]
    fn deploy_needs_the_dependencies_and_destroy_the_dependents() {
        let all = [entry("net", &[]), entry("app", &["net"])];
        let e = check_selection(Action::Deploy, &all, &all[1..]).unwrap_err().to_string();
        assert!(e.starts_with("stack `app` depends on `net`, which is not in this deploy"), "{e}");
        let e = check_selection(Action::Destroy, &all, &all[..1]).unwrap_err().to_string();
        assert!(e.starts_with("stack `app` depends on `net`, which this destroy would remove first"), "{e}");
        assert!(check_selection(Action::Deploy, &all, &all[..1]).is_ok());
        assert!(check_selection(Action::Plan, &all, &all[1..]).is_ok());
    }

    #[test]
    fn a_missing_binary_says_how_to_install_or_choose_one() {
        let e = find_binary("no-such-terraform-binary").unwrap_err().to_string();
        assert!(e.starts_with("`no-such-terraform-binary` was not found on PATH: install Terraform"), "{e}");
        assert!(e.contains("--binary tofu") && e.contains("KONDUCTOR_TF_BINARY"), "{e}");
        let e = find_binary("/no/such/tofu").unwrap_err().to_string();
        assert!(e.starts_with("`/no/such/tofu` does not exist"), "{e}");
    }

    #[test]
    fn vars_are_name_equals_value() {
        assert_eq!(parse_vars(&["a=b=c".into()]).unwrap(), [("a".to_string(), "b=c".to_string())]);
        assert!(parse_vars(&["novalue".into()]).unwrap_err().to_string().contains("is not NAME=VALUE"));
    }
}
