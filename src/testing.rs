//! Helpers for unit-testing stacks: konductor-core's [`testing`](konductor_core::testing) helpers, with
//! [`synth`] and [`try_synth`] checking the rules of every provider crate konductor re-exports.
//!
//! ```
//! use konductor::{assert_has_resource, testing, GenericResource};
//! let json = testing::synth(|stack| {
//!     GenericResource::new(stack, "logs", "aws_cloudwatch_log_group").set("retention_in_days", 365);
//! });
//! assert_has_resource!(json, "aws_cloudwatch_log_group", { "retention_in_days": 365 });
//! ```

pub use konductor_core::testing::*;
use konductor_core::{App, Environment, Result, Stack};

/// Builds a stack named `test` in environment `test` with `build`, synthesizes it with every provider's
/// rules, and returns its JSON without `"//"` metadata.
///
/// # Panics
/// When synthesis finds problems: the message lists them (a failing test, not a crash of user code).
pub fn synth(build: impl FnOnce(&Stack)) -> konductor_core::serde_json::Value {
    match try_synth(build) {
        Ok(v) => v,
        Err(e) => panic!("{e}"),
    }
}

/// Like [`synth`], returning synthesis errors instead of panicking.
///
/// ```
/// use konductor::{testing, GenericResource};
/// let err = testing::try_synth(|stack| {
///     GenericResource::new(stack, "logs", "aws_s3_bucket").set("bucket", stack.name("logs"));
/// })
/// .unwrap_err();
/// assert!(err.to_string().contains("aws_s3_bucket does not set force_destroy"), "{err}");
/// ```
pub fn try_synth(build: impl FnOnce(&Stack)) -> Result<konductor_core::serde_json::Value> {
    let app = App::with_outdir("unused");
    crate::register_rules(&app);
    let env = Environment::new("test")?;
    let stack = Stack::new(&app, "test", &env);
    build(&stack);
    stack_json(&app, "test")
}
