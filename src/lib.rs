//! konductor: a typed Cloud Development Kit for Terraform, in Rust.
//!
//! Describe infrastructure as ordinary Rust programs built from constructs; `cargo run` synthesizes
//! Terraform JSON in the layout of CDK for Terraform (`cdktf.out/stacks/<stack>/cdk.tf.json`), Terraform
//! plans and applies it, and `cargo test` checks the stacks with snapshots and assertions.
//!
//! ```no_run
//! use konductor::prelude::*;
//!
//! fn main() -> konductor::Result<()> {
//!     let app = App::from_args()?;                  // --out DIR, CDKTF_OUTDIR, `validate`, `list`
//!     let env = Environment::new("dev")?;
//!     let stack = Stack::new(&app, "storage", &env);
//!     let logs = GenericResource::new(&stack, "logs", "aws_s3_bucket")
//!         .set("bucket", stack.name("logs"))
//!         .set("force_destroy", true);
//!     Output::new(&stack, "logs-arn", logs.attr("arn"));
//!     app.synth()
//! }
//! ```

pub mod cli;
pub mod testing;

/// Registers with `app` the rules of every provider crate konductor re-exports (today
/// [`aws::rules::AWS_RULES`]), so that every resource of their types is
/// checked at synthesis however it was made, generic resources and overrides included.
///
/// `App::from_args()` and [`testing::synth`] call it; an app made with `App::new()` gets the AWS rules as
/// soon as it holds an `AwsProvider` or a typed AWS resource, and needs this call only when it has neither.
///
/// ```
/// use konductor::prelude::*;
/// let app = App::new();
/// konductor::register_rules(&app);
/// let stack = Stack::new(&app, "data", &Environment::new("dev").unwrap());
/// GenericResource::new(&stack, "db", "aws_db_instance").set("deletion_protection", true);
/// let err = app.validate().unwrap_err().to_string();
/// assert!(err.contains("[data/db] aws_db_instance sets deletion_protection = true"), "{err}");
/// ```
pub fn register_rules(app: &App) {
    app.scope().register_rules(&konductor_aws::rules::AWS_RULES);
}

pub use konductor_aws as aws;
pub use konductor_core as core;
pub use konductor_core::*;
pub use konductor_macros::{block, data_source, provider, resource};

/// What a stack program needs in scope.
pub mod prelude {
    pub use crate::cli::FromArgs;
    pub use konductor_core::{
        fns, template, App, AsElement, AsScope, Construct, Environment, Expr, GenericData, GenericResource, Lifecycle,
        Local, Name, Output, Result, S3Backend, Stack, Variable,
    };
}
