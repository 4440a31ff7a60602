//! Bad inputs to the core: ids, names, values, overrides, handles, the tree, the command line.

use crate::Case;

/// The core cases.
pub const CASES: &[Case] = &[];

#[test]
fn core_bad_inputs_fail_clearly() {
    crate::run("core", CASES);
}
