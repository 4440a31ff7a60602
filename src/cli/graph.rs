//! `graph` (in progress).

use konductor_core::{App, Error, Result};

use super::{Console, GraphFormat, GraphView};

pub(crate) fn run(_: &App, _: &Console, _: GraphFormat, _: GraphView) -> Result<i32> {
    Err(Error::Usage("this command is not available yet".into()))
}
