//! The command line of a stack program: `cargo run -- [COMMAND] [--out DIR] [--quiet]`.
//!
//! `App::from_args()` parses the arguments; the program then builds its tree as usual, and `app.synth()` runs
//! the command on it: `synth` (the default), `validate`, `list`, `diff`, `plan`, `deploy`, `destroy`,
//! `output`, `graph`, `compliance`, `ci atlantis` and `ci github`. `--help` lists them; the README's
//! "Command line" section shows each.
//!
//! ```no_run
//! use konductor::prelude::*;
//!
//! fn main() -> konductor::Result<()> {
//!     let app = App::from_args()?; // `cargo run -- deploy --auto-approve network`
//!     let env = Environment::new("dev")?;
//!     Stack::new(&app, "network", &env);
//!     app.synth() // synthesizes, then runs the command
//! }
//! ```
//!
//! Exit status (with `App::from_args`): 0 on success; 1 when synthesis, Terraform or a check failed (the
//! error comes back from `app.synth()`), or when `diff` found changes; 2 for a usage error, which is printed
//! before the process exits.

mod args;
pub mod ci;
pub mod compliance;
mod console;
pub mod diff;
pub mod graph;
mod manifest;
pub mod run;
mod select;
pub mod versions;

use std::ffi::OsString;
use std::rc::Rc;

use clap::Parser;
use konductor_core::{App, Error, Result, Written};

use args::{Args, CiCommand, Command};
pub use args::{GraphFormat, GraphView, ReportFormat};
pub use console::{Captured, Console};

/// Builds an [`App`] from the command line; in the prelude, so `App::from_args()` works.
pub trait FromArgs: Sized {
    /// Reads `std::env::args`. `--help` prints the usage and exits 0; a bad argument prints what was wrong
    /// and exits 2. [`App::synth`] then runs the command.
    fn from_args() -> Result<Self>;

    /// Reads the given arguments (the first is the program name); a bad argument is an [`Error::Usage`]
    /// that says what was wrong. `--help` prints the usage and exits. [`App::synth`] then runs the command
    /// and returns its errors, the usage errors it finds (an unknown stack) included, without exiting.
    ///
    /// ```
    /// use konductor::prelude::*;
    /// let app = App::from_arg_list(["prog", "--out", "/tmp/konductor-doc-out", "validate"])?;
    /// assert_eq!(app.outdir(), std::path::Path::new("/tmp/konductor-doc-out"));
    /// # Ok::<(), konductor::Error>(())
    /// ```
    fn from_arg_list<I, T>(args: I) -> Result<Self>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone;
}

impl FromArgs for App {
    fn from_args() -> Result<Self> {
        from_list(std::env::args_os(), true)
    }

    fn from_arg_list<I, T>(args: I) -> Result<Self>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        from_list(args, false)
    }
}

fn from_list<I, T>(args: I, process: bool) -> Result<App>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e)
            if process
                || matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) =>
        {
            e.exit()
        }
        Err(e) => return Err(Error::Usage(e.to_string().trim_end().to_string())),
    };
    let cli = Rc::new(Cli { args });
    let app = cli.app();
    Ok(app.on_synth(move |app| {
        let console = Console::stdio();
        let ran = cli.run(app, &console);
        // The command was the program's last word: its tree goes back to the OS at exit, not freed piece
        // by piece (a tenth of a large program's run).
        app.free_at_exit();
        match ran {
            Ok(0) => Ok(()),
            Ok(code) if process => {
                console.flush();
                std::process::exit(code)
            }
            Ok(_) => Ok(()),
            Err(Error::Usage(msg)) if process => {
                console.flush();
                eprintln!("error: {msg}");
                std::process::exit(2)
            }
            Err(e) => Err(e),
        }
    }))
}

/// A parsed command line: what `app.synth()` runs once the program has built its tree.
///
/// [`FromArgs::from_args`] is the way programs use it; this type lets a test run a command on an app it
/// built and read what was printed.
///
/// ```
/// use konductor::cli::{Cli, Console};
/// use konductor::prelude::*;
/// let app = App::with_outdir("/tmp/konductor-doc-list");
/// Stack::new(&app, "network", &Environment::new("dev")?);
/// let (console, printed) = Console::capture();
/// let code = Cli::parse_from(["prog", "list"])?.run(&app, &console)?;
/// assert_eq!((code, printed.stdout().as_str()), (0, "network\n"));
/// # Ok::<(), konductor::Error>(())
/// ```
#[derive(Debug)]
pub struct Cli {
    args: Args,
}

impl Cli {
    /// Parses `args` (the first is the program name). Any clap message, `--help` included, is an
    /// [`Error::Usage`] holding the text clap would print.
    pub fn parse_from<I, T>(args: I) -> Result<Cli>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        Args::try_parse_from(args)
            .map(|args| Cli { args })
            .map_err(|e| Error::Usage(e.to_string().trim_end().to_string()))
    }

    /// An app writing where `--out` says (else `$CDKTF_OUTDIR`, else `./cdktf.out`).
    /// The app checks the rules of every provider crate konductor re-exports (see
    /// [`register_rules`](crate::register_rules)).
    pub fn app(&self) -> App {
        let app = match &self.args.out {
            Some(dir) => App::with_outdir(dir),
            None => App::new(),
        };
        crate::register_rules(&app);
        app
    }

    /// Runs the command on `app`, printing to `console`; returns the exit status to end with (0, or 1 when
    /// `diff` found changes). Usage errors found now (an unknown stack name) are [`Error::Usage`].
    pub fn run(&self, app: &App, console: &Console) -> Result<i32> {
        let quiet = self.args.quiet;
        match &self.args.command {
            None | Some(Command::Synth) => {
                let written = app.write()?;
                if !quiet {
                    console.out_line(&summary(&written));
                }
                Ok(0)
            }
            Some(Command::Validate) => {
                let out = app.synthesize()?;
                if !quiet {
                    let n = out.stacks.len();
                    console.out_line(&format!("ok: {n} stack{} valid, nothing written", plural(n)));
                }
                Ok(0)
            }
            Some(Command::List) => {
                for s in app.stack_names() {
                    console.out_line(&s);
                }
                Ok(0)
            }
            Some(Command::Diff) => diff::run(app, console, quiet),
            Some(Command::Plan(a)) => run::run(app, console, quiet, run::Action::Plan, a, false),
            Some(Command::Deploy(a)) => run::run(app, console, quiet, run::Action::Deploy, &a.run, a.auto_approve),
            Some(Command::Destroy(a)) => run::run(app, console, quiet, run::Action::Destroy, &a.run, a.auto_approve),
            Some(Command::Output(a)) => {
                run::run(app, console, quiet, run::Action::Output { json: a.json }, &a.run, false)
            }
            Some(Command::Graph(a)) => graph::run(app, console, a.format, a.view),
            Some(Command::Compliance(a)) => compliance::run(app, console, a.format, &a.require),
            Some(Command::Ci(CiCommand::Atlantis(a))) => ci::run(app, console, ci::System::Atlantis, a),
            Some(Command::Ci(CiCommand::Github(a))) => ci::run(app, console, ci::System::Github, a),
        }
    }
}

/// The line a successful synth prints: `wrote 3 stacks (a, b, c) with 250 resources and 12 data sources to
/// cdktf.out`.
pub(crate) fn summary(w: &Written) -> String {
    const SHOWN: usize = 5;
    let mut names = w.stacks.iter().take(SHOWN).map(String::as_str).collect::<Vec<_>>().join(", ");
    if w.stacks.len() > SHOWN {
        names.push_str(&format!(" and {} more", w.stacks.len() - SHOWN));
    }
    let n = w.stacks.len();
    format!(
        "wrote {n} stack{} ({names}) with {} resource{} and {} data source{} to {}",
        plural(n),
        w.resources,
        plural(w.resources),
        w.data_sources,
        plural(w.data_sources),
        w.outdir.display()
    )
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_flag_sets_the_directory() {
        let app = App::from_arg_list(["prog", "--out", "/tmp/x"]).unwrap();
        assert_eq!(app.outdir(), std::path::Path::new("/tmp/x"));
    }

    #[test]
    fn unknown_arguments_are_usage_errors() {
        let e = App::from_arg_list(["prog", "--bogus"]).unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
        assert!(e.to_string().contains("--bogus"), "{e}");
    }

    #[test]
    fn the_summary_names_stacks_resources_and_the_directory() {
        let w = Written { outdir: "cdktf.out".into(), stacks: vec!["a".into()], resources: 1, data_sources: 2 };
        assert_eq!(summary(&w), "wrote 1 stack (a) with 1 resource and 2 data sources to cdktf.out");
        let many = Written { stacks: (0..7).map(|i| format!("s{i}")).collect(), ..w };
        assert!(
            summary(&many).starts_with("wrote 7 stacks (s0, s1, s2, s3, s4 and 2 more) with"),
            "{}",
            summary(&many)
        );
    }
}
