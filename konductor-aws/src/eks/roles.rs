//! The IAM roles an [`EksCluster`](super::EksCluster) makes for AWS services and add-ons.
//!
//! TODO(blocks): build these on `konductor_aws::iam::Role` when it lands; until then one function makes
//! every role of the EKS and Karpenter constructs, so the swap happens in one place.

use konductor_core::{template, AsScope, Attr, Name};

use crate::iam::PolicyDocument;
use crate::l1::iam::{IamRole, IamRolePolicyAttachment};

/// A role `name` trusted by `trust`, with the AWS managed policies `managed` (names under
/// `arn:PARTITION:iam::aws:policy/`) attached; returns the role and its attachments, which whatever uses
/// the role must depend on.
pub(crate) fn service_role(
    scope: &impl AsScope,
    id: &str,
    name: &Name,
    description: &str,
    trust: &PolicyDocument,
    partition: &Attr<String>,
    managed: &[&str],
) -> (IamRole, Vec<IamRolePolicyAttachment>) {
    let role = IamRole::builder(scope, id)
        .name(name)
        .description(description)
        .assume_role_policy(trust.to_value(scope))
        .force_detach_policies(true)
        .tags([("Name", name)])
        .build();
    let attachments = managed
        .iter()
        .map(|policy| {
            IamRolePolicyAttachment::builder(scope, &format!("{id}-{policy}"))
                .role(role.name())
                .policy_arn(template!("arn:{}:iam::aws:policy/{}", partition, *policy))
                .build()
        })
        .collect();
    (role, attachments)
}
