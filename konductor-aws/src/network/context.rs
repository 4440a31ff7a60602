//! What network constructs share: the AWS context read from data sources, and physical-name bases.

use konductor_core::{AsScope, Attr};

use crate::l1::meta::{DataPartition, DataRegion};
use crate::l1::sts::DataCallerIdentity;

/// The region, account and partition a construct is deployed to, read from data sources so that no stack
/// hard-codes them.
#[derive(Clone, Debug)]
pub(crate) struct AwsContext {
    pub(crate) region: DataRegion,
    pub(crate) account: DataCallerIdentity,
    pub(crate) partition: DataPartition,
}

impl AwsContext {
    pub(crate) fn new(scope: &impl AsScope) -> Self {
        AwsContext {
            region: DataRegion::builder(scope, "region").build(),
            account: DataCallerIdentity::builder(scope, "account").build(),
            partition: DataPartition::builder(scope, "partition").build(),
        }
    }

    pub(crate) fn region(&self) -> Attr<String> {
        self.region.region()
    }

    pub(crate) fn account_id(&self) -> Attr<String> {
        self.account.account_id()
    }

    pub(crate) fn partition(&self) -> Attr<String> {
        self.partition.partition()
    }
}

/// The physical-name base of a construct: its path, lowercased, with `-` between components.
pub(crate) fn path_name_base(scope: &impl AsScope) -> String {
    let mut out = String::new();
    for c in scope.path().chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() { c } else { '-' };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}
