//! Limits of AWS physical-name attributes.

use konductor_core::rules::NameRule;

/// Name limits by resource type and attribute.
pub static NAME_RULES: &[NameRule] = &[];
