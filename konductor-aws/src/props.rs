//! What the props builders of the building blocks share: they come from `derive_builder`, their
//! `build()` turns a missing required field into konductor's error, and a construct's `new` takes either
//! the props or their builder ([`IntoProps`]), so that an error of the props names the construct path.

use konductor_core::{Error, Result};

/// What a construct's `new` takes: its props, or their builder, which `new` builds itself so that an
/// error of the props names the construct path (`[network/vpc] ...`) rather than the props type
/// (`[ZeroTrustVpcProps] ...`, all `build()` can name, having no construct yet).
///
/// ```
/// use konductor_aws::logs::{LogGroup, LogGroupProps};
/// konductor_core::testing::synth(|stack| {
///     // The builder itself, not `.build()?`: the error names the construct.
///     let e = LogGroup::new(stack, "app-logs", LogGroupProps::builder().retention_days(0)).unwrap_err();
///     assert!(e.to_string().starts_with("[test/app-logs] "), "{e}");
///     // Built props work as before.
///     LogGroup::new(stack, "audit", LogGroupProps::builder().retention_days(365).build().unwrap()).unwrap();
/// });
/// ```
pub trait IntoProps<P> {
    /// The props, or the error of building them, at construct path `path`.
    fn into_props(self, path: &str) -> Result<P>;
}

/// Implements [`IntoProps`] for a props type and its builder, whose `build()` reports errors at `$name`.
macro_rules! into_props {
    ($props:ty, $builder:ty, $name:expr) => {
        impl $crate::props::IntoProps<$props> for $props {
            fn into_props(self, _path: &str) -> konductor_core::Result<$props> {
                Ok(self)
            }
        }

        impl $crate::props::IntoProps<$props> for $builder {
            fn into_props(self, path: &str) -> konductor_core::Result<$props> {
                self.build().map_err(|e| $crate::props::at_construct(e, $name, path))
            }
        }
    };
}
pub(crate) use into_props;

/// `e`, reported at construct path `path` instead of the props type `props`.
pub(crate) fn at_construct(e: Error, props: &str, path: &str) -> Error {
    match e {
        Error::Invalid(mut p) if p.path == props => {
            p.path = path.to_string();
            Error::Invalid(p)
        }
        other => other,
    }
}

/// A required field was not set: the error of the derived (private) builder functions.
#[derive(Debug)]
pub(crate) struct Incomplete(&'static str);

impl From<derive_builder::UninitializedFieldError> for Incomplete {
    fn from(e: derive_builder::UninitializedFieldError) -> Self {
        Incomplete(e.field_name())
    }
}

impl Incomplete {
    /// The field that is not set.
    pub(crate) fn field(&self) -> &'static str {
        self.0
    }

    /// The error, at `props` (`LogGroupProps`).
    pub(crate) fn into_error(self, props: &str) -> Error {
        Error::invalid(
            props,
            format!("`{}` is not set, and it has no default", self.0),
            format!("call `.{}(...)` before `.build()`", self.0),
        )
    }
}

/// The physical-name base of a construct: its path, lowercased, with `-` between components
/// (`network/vpc/flow-logs` is `network-vpc-flow-logs`).
pub(crate) fn path_name_base(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '-' };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}
