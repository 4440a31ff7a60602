//! Markers of the typed builders the macros generate: whether a required attribute has been set.

/// A required attribute that has been set.
#[derive(Debug, Clone, Copy)]
pub struct Set;

/// A required attribute not set yet.
#[derive(Debug, Clone, Copy)]
pub struct Unset;
