//! The IAM roles an [`EksCluster`](super::EksCluster) and a [`KarpenterPool`](crate::karpenter::KarpenterPool)
//! make for AWS services, nodes and add-ons, on the [`Role`] building block.

use konductor_core::{AsScope, Result};

use crate::context::AwsContext;
use crate::iam::{ManagedPolicy, Role, RoleProps, Trust};

/// A role `base` (the environment suffix appended) trusted by `trust`, with the AWS managed policies
/// `managed` (names under `arn:PARTITION:iam::aws:policy/`) attached: whatever uses the role must depend on
/// [`Role::managed_policy_attachments`].
pub(crate) fn service_role(
    scope: &impl AsScope,
    id: &str,
    base: &str,
    description: &str,
    trust: Trust,
    managed: &[&str],
    cx: &AwsContext,
) -> Result<Role> {
    let mut props = RoleProps::builder().name(base).description(description).trust(trust).context(cx.clone());
    for policy in managed {
        props = props.managed_policy(ManagedPolicy::aws(policy));
    }
    Role::new(scope, id, props.build()?)
}
