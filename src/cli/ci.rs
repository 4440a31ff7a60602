//! `ci atlantis` and `ci github` (in progress).

use konductor_core::{App, Error, Result};

use super::args::CiArgs;
use super::Console;

/// The CI system to write configuration for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    /// Atlantis: `atlantis.yaml`.
    Atlantis,
    /// GitHub Actions: `.github/workflows/konductor.yml`.
    Github,
}

pub(crate) fn run(_: &App, _: &Console, _: System, _: &CiArgs) -> Result<i32> {
    Err(Error::Usage("this command is not available yet".into()))
}
