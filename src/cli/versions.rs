//! The Terraform and OpenTofu versions the output needs and was tested with (see the README's
//! "Terraform / OpenTofu versions").

/// The oldest Terraform that reads every stack konductor writes: the S3 backend's `use_lockfile`, which
/// konductor sets by default, is generally available from 1.11 (experimental in 1.10).
pub const TERRAFORM_MIN: &str = "1.11.0";

/// The oldest OpenTofu that reads every stack konductor writes (`use_lockfile` in the S3 backend).
pub const OPENTOFU_MIN: &str = "1.10.0";

/// The Terraform the test suite runs (`plan`, `deploy` and `destroy` end to end) and CI configuration installs.
pub const TERRAFORM_CI: &str = "1.11.4";
