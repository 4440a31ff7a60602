//! Attribute macros that turn a description of a Terraform resource, data source, provider or nested
//! block into a typed, compile-time-checked API on top of `konductor-core`.
//!
//! ```ignore
//! #[konductor::resource(type = "aws_s3_bucket")]
//! pub struct S3Bucket {
//!     /// The bucket's name: a `Name`, so it carries the environment suffix.
//!     pub bucket: Option<Name>,
//!     #[pin(true)]
//!     pub force_destroy: Option<bool>,
//!     pub tags: Option<BTreeMap<String, String>>,
//!     #[computed]
//!     pub arn: String,
//! }
//! ```
//!
//! expands to a handle `S3Bucket` (`bucket.arn()` is a typed reference), a builder
//! (`S3Bucket::builder(&stack, "logs").bucket(stack.name("logs")).build()`) whose `build` does not compile
//! until every required attribute is set, setters only for what may be set, and `force_destroy` always
//! written as `true`. A physical name (`Name`) takes only a `Name` or an expression; a destroyability
//! attribute without `#[pin(...)]` does not compile.

mod destroy;
mod expand;
mod model;
mod parse;

use proc_macro::TokenStream;

use model::Kind;

/// A typed resource: `#[resource(type = "aws_s3_bucket")]` on a struct describing its attributes.
///
/// Options: `type = "..."` (required), `provider = path` (a `static ProviderInfo`), `rules = path` (a
/// `static RuleSet`), `core = path` (where konductor-core is; default `::konductor::core`).
#[proc_macro_attribute]
pub fn resource(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::entry(Kind::Resource, args.into(), input.into()).into()
}

/// A typed data source: `#[data_source(type = "aws_region")]`.
#[proc_macro_attribute]
pub fn data_source(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::entry(Kind::Data, args.into(), input.into()).into()
}

/// A typed provider configuration: `#[provider(provider = AWS)]`, where `AWS` is a `static ProviderInfo`.
///
/// Options: `provider = path` (required), `rules = path` (a `static RuleSet`, registered with the app when
/// a configuration is built, so that every resource of the provider's types is checked, generic ones
/// included), `core = path`.
#[proc_macro_attribute]
pub fn provider(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::entry(Kind::Provider, args.into(), input.into()).into()
}

/// A nested block or object type: `#[block]`; `#[block(object)]` writes every key, unset ones as `null`
/// (Terraform's object-typed attributes need them all).
#[proc_macro_attribute]
pub fn block(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::entry(Kind::Block, args.into(), input.into()).into()
}
