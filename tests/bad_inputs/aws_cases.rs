//! Bad inputs to konductor-aws: rules on typed and generic resources alike, admin ports, destroyability,
//! IAM policies, physical names, constructs and their props.

use crate::Case;

/// The AWS cases.
pub const AWS_CASES: &[Case] = &[];

#[test]
fn aws_bad_inputs_fail_clearly() {
    crate::run("aws", AWS_CASES);
}
