//! What the props builders of the building blocks share: they come from `derive_builder`, and their
//! `build()` turns a missing required field into konductor's error.

use konductor_core::Error;

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
