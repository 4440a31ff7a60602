//! The one error type of konductor, and [`Problem`], one thing wrong with a program.

use std::fmt;
use std::path::PathBuf;

/// A result whose error is konductor's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One thing wrong with a program: where it is, what is wrong, and how to fix it.
///
/// ```
/// use konductor_core::Problem;
/// let p = Problem::new("network/vpc", "cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers")
///     .with_fix("use /22 or larger");
/// assert_eq!(
///     p.to_string(),
///     "[network/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /22 or larger"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Problem {
    /// The construct path (`stack/construct/element`), or the app-level subject.
    pub path: String,
    /// What is wrong, naming the bad value and the rule it breaks.
    pub message: String,
    /// How to fix it, when there is a fix to suggest.
    pub fix: Option<String>,
}

impl Problem {
    /// A problem at `path` with `message` and no fix yet.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { path: path.into(), message: message.into(), fix: None }
    }

    /// Adds the fix to suggest.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

impl fmt::Display for Problem {
    /// `[path] message: fix`; a problem of the app itself (an empty path) shows as `[app]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "app" } else { &self.path };
        write!(f, "[{path}] {}", self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, ": {fix}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in konductor.
///
/// Its `Debug` is its `Display`, so that `fn main() -> konductor::Result<()>` prints the formatted message
/// (`Error: synthesis found 2 problems ...`, one problem a line) and exits with status 1:
///
/// ```
/// use konductor_core::{Error, Problem};
/// let e = Error::Synthesis(vec![Problem::new("s/db", "bad").with_fix("fix it")]);
/// assert_eq!(format!("{e:?}"), "synthesis found 1 problem; nothing was written:\n  - [s/db] bad: fix it");
/// ```
#[derive(thiserror::Error)]
pub enum Error {
    /// Synthesis found problems; nothing was written.
    #[error("{}", list(.0))]
    Synthesis(Vec<Problem>),
    /// A construct was given input it cannot use.
    #[error("{0}")]
    Invalid(Problem),
    /// Writing the output failed.
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        /// The file or directory that could not be written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The command line of a stack program was wrong.
    #[error("{0}")]
    Usage(String),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Error {
    /// An [`Error::Invalid`] at `path`: `message`, then `fix`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Error::Invalid(Problem::new(path, message).with_fix(fix))
    }

    /// The problems this error carries (one for [`Error::Invalid`], none for I/O and usage errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Synthesis(p) => p,
            Error::Invalid(p) => std::slice::from_ref(p),
            _ => &[],
        }
    }
}

fn list(problems: &[Problem]) -> String {
    let mut s = format!(
        "synthesis found {} problem{}; nothing was written:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for p in problems {
        s.push_str("\n  - ");
        s.push_str(&p.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthesis_error_lists_every_problem() {
        let e = Error::Synthesis(vec![Problem::new("a/b", "first").with_fix("do x"), Problem::new("a/c", "second")]);
        assert_eq!(
            e.to_string(),
            "synthesis found 2 problems; nothing was written:\n  - [a/b] first: do x\n  - [a/c] second"
        );
        assert_eq!(e.problems().len(), 2);
        assert_eq!(format!("{e:?}"), e.to_string(), "Debug is what `main` prints");
    }

    #[test]
    fn usage_errors_print_their_lines_in_debug() {
        let e = Error::Usage("error: unexpected argument '--bogus'\n\nUsage: prog".into());
        assert_eq!(format!("{e:?}"), "error: unexpected argument '--bogus'\n\nUsage: prog");
    }

    #[test]
    fn a_problem_of_the_app_itself_names_the_app() {
        assert_eq!(Problem::new("", "no stack").to_string(), "[app] no stack");
    }
}
