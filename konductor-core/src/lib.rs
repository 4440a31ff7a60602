//! konductor-core: the engine of konductor, a typed Cloud Development Kit for Terraform.
//!
//! It holds the construct tree ([`App`], [`Stack`], [`Construct`]), environments and physical names
//! ([`Environment`], [`Name`]), values and expressions ([`Value`], [`Expr`]), the elements of a Terraform
//! configuration (resources, data sources, outputs, variables, locals, providers, backends), validation,
//! and synthesis into cdktf-compatible JSON. It knows nothing about any provider.
//!
//! ```
//! use konductor_core::{App, Environment, GenericResource, Output, Stack};
//! let app = App::new();
//! let stack = Stack::new(&app, "storage", &Environment::new("dev").unwrap());
//! let bucket = GenericResource::new(&stack, "logs", "aws_s3_bucket")
//!     .set("bucket", stack.name("logs"))
//!     .set("force_destroy", true);
//! Output::new(&stack, "bucket-arn", bucket.attr("arn"));
//! let out = app.synthesize().unwrap();
//! assert!(out.stack("storage").unwrap().contains("\"bucket\": \"logs-dev\""));
//! ```

#![warn(missing_docs)]

mod app;
mod asset;
mod backend;
pub mod compliance;
mod element;
mod environment;
mod error;
mod expr;
mod hash;
mod ids;
pub mod json;
pub mod logical_id;
#[doc(hidden)]
pub mod markers;
mod output;
mod provider;
pub mod rules;
mod stack;
mod synth;
pub mod testing;
mod tree;
mod value;
mod value_checks;
mod variable;

pub use app::{App, Checked, Mode, Written};
pub use asset::Asset;
pub use backend::{Backend, CloudBackend, LocalBackend, RemoteBackend, S3Backend};
pub use element::{
    create_data, create_resource, AsElement, Check, ElementRef, GenericData, GenericResource, Lifecycle, TypeInfo,
};
pub use environment::{Environment, Name, NameFromText};
pub use error::{Error, Problem, Result};
pub use expr::{fns, Addr, Attr, Expr, Part, TemplateArg};
pub use output::Output;
pub use provider::{create_provider, AsProvider, ProviderHandle, ProviderInfo, ProviderRef};
pub use rules::RuleSet;
pub use stack::Stack;
pub use synth::{Synthesized, VERSION};
pub use tree::{AsScope, Construct, Scope};
pub use value::{IntoName, IntoValue, Json, Key, Val, Value};
pub use variable::{Local, Variable};

#[doc(hidden)]
pub use serde_json;
