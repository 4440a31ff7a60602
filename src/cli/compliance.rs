//! `compliance` (in progress).

use konductor_core::{App, Error, Result};

use super::{Console, ReportFormat};

pub(crate) fn run(_: &App, _: &Console, _: ReportFormat, _: &[String]) -> Result<i32> {
    Err(Error::Usage("this command is not available yet".into()))
}
