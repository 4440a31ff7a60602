//! `plan`, `deploy`, `destroy` and `output`: Terraform on each stack (in progress).

use konductor_core::{App, Error, Result};

use super::args::RunArgs;
use super::Console;

/// What to run in each stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// `terraform plan`.
    Plan,
    /// `terraform apply`.
    Deploy,
    /// `terraform destroy`.
    Destroy,
    /// `terraform output`.
    Output {
        /// `-json`.
        json: bool,
    },
}

pub(crate) fn run(_: &App, _: &Console, _: bool, _: Action, _: &RunArgs, _: bool) -> Result<i32> {
    Err(Error::Usage("this command is not available yet".into()))
}
