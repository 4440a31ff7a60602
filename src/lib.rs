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
