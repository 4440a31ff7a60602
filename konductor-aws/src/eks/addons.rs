//! The add-ons an [`EksCluster`](super::EksCluster) installs through the EKS API, and their roles.

use std::collections::BTreeMap;

use konductor_core::{Attr, Construct, Name, Result, Value};

use super::pod_identity::pod_identity;
use super::roles::service_role;
use crate::context::AwsContext;
use crate::iam::Role;
use crate::l1::eks::{DataEksAddonVersion, EksAddon, EksAddonPodIdentityAssociation};
use crate::l1::iam::IamRolePolicyAttachment;

/// The Amazon VPC CNI: pod networking, with network policies enforced.
pub const VPC_CNI: &str = "vpc-cni";
/// The EKS Pod Identity agent: credentials for pods with a Pod Identity association.
pub const POD_IDENTITY_AGENT: &str = "eks-pod-identity-agent";
/// CoreDNS.
pub const COREDNS: &str = "coredns";
/// kube-proxy.
pub const KUBE_PROXY: &str = "kube-proxy";
/// The Amazon EBS CSI driver.
pub const EBS_CSI_DRIVER: &str = "aws-ebs-csi-driver";

/// The add-ons, in the order they are made: the first three before the nodes (a node needs the CNI to
/// become ready), the last two once the system nodes run.
pub const ADDONS: [&str; 5] = [VPC_CNI, POD_IDENTITY_AGENT, KUBE_PROXY, COREDNS, EBS_CSI_DRIVER];

/// The VPC CNI's settings: network policies enforced by the CNI's node agent.
pub const VPC_CNI_CONFIGURATION: &str = r#"{"enableNetworkPolicy":"true"}"#;

/// Whether `addon` must exist before the nodes.
pub(crate) fn before_nodes(addon: &str) -> bool {
    matches!(addon, VPC_CNI | POD_IDENTITY_AGENT | KUBE_PROXY)
}

/// An add-on's Pod Identity: service account (in `kube-system`) and AWS managed policy.
fn identity(addon: &str) -> Option<(&'static str, &'static str)> {
    match addon {
        VPC_CNI => Some(("aws-node", "AmazonEKS_CNI_Policy")),
        EBS_CSI_DRIVER => Some(("ebs-csi-controller-sa", "AmazonEBSCSIDriverPolicy")),
        _ => None,
    }
}

/// An installed add-on, with its role when it has one.
#[derive(Clone, Debug)]
pub struct InstalledAddon {
    pub(crate) addon: EksAddon,
    pub(crate) role: Option<Role>,
}

impl InstalledAddon {
    /// The `aws_eks_addon`.
    pub fn addon(&self) -> &EksAddon {
        &self.addon
    }

    /// The add-on's Pod Identity role (the VPC CNI's and the EBS CSI driver's).
    pub fn role(&self) -> Option<&Role> {
        self.role.as_ref()
    }

    /// The AWS managed policies attached to the role.
    pub fn role_attachments(&self) -> &[IamRolePolicyAttachment] {
        self.role.as_ref().map_or(&[], Role::managed_policy_attachments)
    }
}

pub(crate) struct AddonInput<'a> {
    pub(crate) cluster_name: Attr<String>,
    pub(crate) name: &'a Name,
    pub(crate) base: &'a str,
    pub(crate) version: &'a str,
    pub(crate) pins: &'a BTreeMap<String, String>,
    pub(crate) context: &'a AwsContext,
}

/// Makes `addon`.
pub(crate) fn addon(c: &Construct, input: &AddonInput<'_>, addon: &str) -> Result<InstalledAddon> {
    let version: Value<String> = match input.pins.get(addon) {
        Some(v) => Value::new(v.as_str()),
        None => Value::new(
            DataEksAddonVersion::builder(c, &format!("{addon}-version"))
                .addon_name(addon)
                .kubernetes_version(input.version)
                .most_recent(true)
                .build()
                .version(),
        ),
    };
    let mut role = None;
    let mut builder = EksAddon::builder(c, addon)
        .cluster_name(&input.cluster_name)
        .addon_name(addon)
        .addon_version(version)
        .resolve_conflicts_on_create("OVERWRITE")
        .resolve_conflicts_on_update("OVERWRITE")
        .tags([("Name", format!("{}-{addon}", input.name))]);
    if addon == VPC_CNI {
        builder = builder.configuration_values(VPC_CNI_CONFIGURATION);
    }
    if let Some((service_account, policy)) = identity(addon) {
        let r = service_role(
            c,
            &format!("{addon}-role"),
            &format!("{}-{addon}", input.base),
            &format!("Pod Identity role of the {addon} add-on of EKS cluster {}", input.name),
            pod_identity(input.name, "kube-system", service_account),
            &[policy],
            input.context,
        )?;
        builder = builder.pod_identity_association(vec![EksAddonPodIdentityAssociation::builder()
            .role_arn(r.arn())
            .service_account(service_account)
            .build()]);
        role = Some(r);
    }
    let a = builder.build();
    for attachment in role.iter().flat_map(Role::managed_policy_attachments) {
        a.depends_on(attachment);
    }
    Ok(InstalledAddon { addon: a, role })
}
