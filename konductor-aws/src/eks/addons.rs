//! The add-ons an [`EksCluster`](super::EksCluster) installs through the EKS API, and their roles.

use std::collections::BTreeMap;

use konductor_core::{Attr, Construct, Name, Value};

use super::pod_identity::pod_identity_trust;
use super::roles::service_role;
use crate::l1::eks::{DataEksAddonVersion, EksAddon, EksAddonPodIdentityAssociation};
use crate::l1::iam::{IamRole, IamRolePolicyAttachment};

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
    pub(crate) role: Option<IamRole>,
    pub(crate) role_attachments: Vec<IamRolePolicyAttachment>,
}

impl InstalledAddon {
    /// The `aws_eks_addon`.
    pub fn addon(&self) -> &EksAddon {
        &self.addon
    }

    /// The add-on's Pod Identity role (the VPC CNI's and the EBS CSI driver's).
    pub fn role(&self) -> Option<&IamRole> {
        self.role.as_ref()
    }

    /// The AWS managed policies attached to the role.
    pub fn role_attachments(&self) -> &[IamRolePolicyAttachment] {
        &self.role_attachments
    }
}

pub(crate) struct AddonInput<'a> {
    pub(crate) cluster_name: Attr<String>,
    pub(crate) name: &'a Name,
    pub(crate) base: &'a str,
    pub(crate) version: &'a str,
    pub(crate) pins: &'a BTreeMap<String, String>,
    pub(crate) account_id: Attr<String>,
    pub(crate) partition: Attr<String>,
}

/// Makes `addon`.
pub(crate) fn addon(c: &Construct, input: &AddonInput<'_>, addon: &str) -> InstalledAddon {
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
    let mut role_attachments = Vec::new();
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
        let role_name = c.name(&format!("{}-{addon}", input.base));
        let trust = pod_identity_trust(input.name, "kube-system", service_account, &input.account_id);
        let (r, attachments) = service_role(
            c,
            &format!("{addon}-role"),
            &role_name,
            &format!("Pod Identity role of the {addon} add-on of EKS cluster {}", input.name),
            &trust,
            &input.partition,
            &[policy],
        );
        builder = builder.pod_identity_association(vec![EksAddonPodIdentityAssociation::builder()
            .role_arn(r.arn())
            .service_account(service_account)
            .build()]);
        role = Some(r);
        role_attachments = attachments;
    }
    let a = builder.build();
    for attachment in &role_attachments {
        a.depends_on(attachment);
    }
    InstalledAddon { addon: a, role, role_attachments }
}
