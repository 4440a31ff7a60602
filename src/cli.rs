//! The command line of a stack program: `cargo run -- [synth|validate|list] [--out DIR]`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use konductor_core::{App, Error, Mode, Result};

/// Synthesizes this konductor program into Terraform JSON (cdktf layout).
#[derive(Debug, Parser)]
#[command(about, long_about = None)]
struct Args {
    /// Output directory [default: $CDKTF_OUTDIR, else ./cdktf.out]
    #[arg(long, short, global = true, value_name = "DIR")]
    out: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate and write cdktf.out/ (the default)
    Synth,
    /// Run every check and write nothing
    Validate,
    /// Print the names of the stacks
    List,
}

/// Builds an [`App`] from the command line; in the prelude, so `App::from_args()` works.
pub trait FromArgs: Sized {
    /// Reads `std::env::args`. `--help` prints the usage and exits; a bad argument is an
    /// [`Error::Usage`] that says what was wrong. The app checks the rules of every provider crate
    /// konductor re-exports (see [`register_rules`](crate::register_rules)).
    fn from_args() -> Result<Self>;

    /// Reads the given arguments (the first is the program name).
    fn from_arg_list<I, T>(args: I) -> Result<Self>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone;
}

impl FromArgs for App {
    fn from_args() -> Result<Self> {
        Self::from_arg_list(std::env::args_os())
    }

    fn from_arg_list<I, T>(args: I) -> Result<Self>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let args = match Args::try_parse_from(args) {
            Ok(a) => a,
            Err(e)
                if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) =>
            {
                e.exit()
            }
            Err(e) => return Err(Error::Usage(e.to_string().trim_end().to_string())),
        };
        let app = match args.out {
            Some(dir) => App::with_outdir(dir),
            None => App::new(),
        };
        crate::register_rules(&app);
        let mode = match args.command {
            None | Some(Command::Synth) => Mode::Synth,
            Some(Command::Validate) => Mode::Validate,
            Some(Command::List) => Mode::List,
        };
        Ok(app.with_mode(mode))
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
}
