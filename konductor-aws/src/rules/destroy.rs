//! Destroyability pins of AWS resource types (to be generated from the provider schema).

use konductor_core::rules::{DestroyRule, Pin};

/// Attributes that must hold their destroyable value.
pub static DESTROY_RULES: &[DestroyRule] =
    &[DestroyRule { resource_type: "aws_s3_bucket", path: &["force_destroy"], pin: Pin::Bool(true), required: true }];
