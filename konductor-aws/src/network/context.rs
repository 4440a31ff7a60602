//! What network constructs share: the AWS context read from data sources, and physical-name bases.

use konductor_core::AsScope;

pub(crate) use crate::context::AwsContext;

/// The physical-name base of a construct: its path, lowercased, with `-` between components.
pub(crate) fn path_name_base(scope: &impl AsScope) -> String {
    crate::props::path_name_base(&scope.path())
}
