//! The nodes' side of an [`EksCluster`](super::EksCluster): the node role, the node security group, and
//! the managed system node group on its launch template.

use konductor_core::{AsScope, Attr, Construct, Name, Result};

use super::props::SystemNodes;
use super::roles::service_role;
use crate::context::AwsContext;
use crate::iam::{Role, Trust};
use crate::l1::ec2::{
    LaunchTemplate, LaunchTemplateBlockDeviceMappings, LaunchTemplateBlockDeviceMappingsEbs,
    LaunchTemplateMetadataOptions, LaunchTemplateMonitoring, LaunchTemplateTagSpecifications, SecurityGroup,
    VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule,
};
use crate::l1::eks::{
    EksNodeGroup, EksNodeGroupLaunchTemplate, EksNodeGroupScalingConfig, EksNodeGroupTaint, EksNodeGroupUpdateConfig,
};

/// The AWS managed policies of every node role: joining the cluster and pulling images. The VPC CNI's
/// policy is on the CNI's own role (Pod Identity), not on the nodes.
pub const NODE_POLICIES: [&str; 2] = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];

/// The taint of the system node group: only pods that tolerate it (the add-ons, Karpenter) run there.
pub const CRITICAL_ADDONS_TAINT: &str = "CriticalAddonsOnly";

/// A node role (the EC2 trust AWS documents for node roles, [`NODE_POLICIES`]) named `base` with the
/// environment suffix.
pub(crate) fn node_role(
    scope: &impl AsScope,
    id: &str,
    base: &str,
    description: &str,
    cx: &AwsContext,
) -> Result<Role> {
    service_role(scope, id, base, description, Trust::service("ec2"), &NODE_POLICIES, cx)
}

/// The security group of every node (system and Karpenter's), tagged for Karpenter's discovery, and its
/// rules: everything between nodes, everything from the control plane, HTTPS out (AWS APIs, images), DNS
/// to the VPC resolver; and HTTPS from the nodes into the cluster security group.
pub(crate) struct NodeNetwork {
    pub(crate) security_group: SecurityGroup,
    pub(crate) ingress: Vec<VpcSecurityGroupIngressRule>,
    pub(crate) egress: Vec<VpcSecurityGroupEgressRule>,
}

pub(crate) fn node_network(
    c: &Construct,
    cluster_name: &Name,
    sg_name: &Name,
    vpc_id: &konductor_core::Value<String>,
    vpc_cidr: &str,
    cluster_security_group_id: Attr<String>,
) -> NodeNetwork {
    let security_group = SecurityGroup::builder(c, "node-security-group")
        .name(sg_name)
        .description(format!("Nodes of EKS cluster {cluster_name}"))
        .vpc_id(vpc_id.clone())
        .revoke_rules_on_delete(true)
        .tags([
            ("Name", sg_name.to_string()),
            ("karpenter.sh/discovery", cluster_name.to_string()),
            (&format!("kubernetes.io/cluster/{cluster_name}"), "owned".to_string()),
        ])
        .build();
    let sg = security_group.id();
    let mut ingress = vec![
        VpcSecurityGroupIngressRule::builder(c, "nodes-from-nodes")
            .security_group_id(&sg)
            .referenced_security_group_id(&sg)
            .ip_protocol("-1")
            .description("Node to node: pods, CoreDNS, kubelet")
            .build(),
        VpcSecurityGroupIngressRule::builder(c, "nodes-from-control-plane")
            .security_group_id(&sg)
            .referenced_security_group_id(&cluster_security_group_id)
            .ip_protocol("-1")
            .description("Control plane to nodes: kubelet, webhooks, metrics")
            .build(),
    ];
    ingress.push(
        VpcSecurityGroupIngressRule::builder(c, "control-plane-from-nodes")
            .security_group_id(&cluster_security_group_id)
            .referenced_security_group_id(&sg)
            .ip_protocol("tcp")
            .from_port(443u64)
            .to_port(443u64)
            .description("Nodes to the Kubernetes API")
            .build(),
    );
    let egress = vec![
        VpcSecurityGroupEgressRule::builder(c, "nodes-to-nodes")
            .security_group_id(&sg)
            .referenced_security_group_id(&sg)
            .ip_protocol("-1")
            .description("Node to node")
            .build(),
        VpcSecurityGroupEgressRule::builder(c, "nodes-to-control-plane")
            .security_group_id(&sg)
            .referenced_security_group_id(&cluster_security_group_id)
            .ip_protocol("-1")
            .description("Nodes to the control plane")
            .build(),
        VpcSecurityGroupEgressRule::builder(c, "nodes-https-out")
            .security_group_id(&sg)
            .cidr_ipv4("0.0.0.0/0")
            .ip_protocol("tcp")
            .from_port(443u64)
            .to_port(443u64)
            .description("HTTPS to AWS APIs and image registries")
            .build(),
        VpcSecurityGroupEgressRule::builder(c, "nodes-dns-udp")
            .security_group_id(&sg)
            .cidr_ipv4(vpc_cidr)
            .ip_protocol("udp")
            .from_port(53u64)
            .to_port(53u64)
            .description("DNS to the VPC resolver")
            .build(),
        VpcSecurityGroupEgressRule::builder(c, "nodes-dns-tcp")
            .security_group_id(&sg)
            .cidr_ipv4(vpc_cidr)
            .ip_protocol("tcp")
            .from_port(53u64)
            .to_port(53u64)
            .description("DNS over TCP to the VPC resolver")
            .build(),
    ];
    NodeNetwork { security_group, ingress, egress }
}

/// The system node group and its launch template.
pub(crate) struct SystemNodeGroup {
    pub(crate) launch_template: LaunchTemplate,
    pub(crate) node_group: EksNodeGroup,
}

pub(crate) struct SystemNodeGroupInput<'a> {
    pub(crate) cluster_name: Attr<String>,
    pub(crate) name: &'a Name,
    pub(crate) version: &'a str,
    pub(crate) node_role_arn: Attr<String>,
    pub(crate) subnet_ids: Vec<konductor_core::Value<String>>,
    pub(crate) security_group_id: Attr<String>,
    pub(crate) nodes: &'a SystemNodes,
}

pub(crate) fn system_node_group(c: &Construct, input: SystemNodeGroupInput<'_>) -> SystemNodeGroup {
    let (instance_types, arch, min, desired, max, disk_gib) = input.nodes.parts();
    let tag_spec = |resource: &str| {
        LaunchTemplateTagSpecifications::builder().resource_type(resource).tags([("Name", input.name.as_str())]).build()
    };
    let launch_template = LaunchTemplate::builder(c, "system-launch-template")
        .name(input.name)
        .description(format!("System nodes of EKS cluster {}: IMDSv2 only, encrypted gp3 root", input.name))
        .update_default_version(true)
        .vpc_security_group_ids(vec![input.security_group_id])
        .metadata_options(
            LaunchTemplateMetadataOptions::builder()
                .http_endpoint("enabled")
                .http_tokens("required")
                .http_put_response_hop_limit(1u64)
                .instance_metadata_tags("disabled")
                .build(),
        )
        .block_device_mappings(vec![LaunchTemplateBlockDeviceMappings::builder()
            .device_name("/dev/xvda")
            .ebs(
                LaunchTemplateBlockDeviceMappingsEbs::builder()
                    .volume_size(u64::from(disk_gib))
                    .volume_type("gp3")
                    .encrypted("true")
                    .delete_on_termination("true")
                    .build(),
            )
            .build()])
        .monitoring(LaunchTemplateMonitoring::builder().enabled(true).build())
        .tag_specifications(vec![tag_spec("instance"), tag_spec("volume")])
        .tags([("Name", input.name)])
        .build();
    let node_group = EksNodeGroup::builder(c, "system-node-group")
        .cluster_name(input.cluster_name)
        .node_group_name(input.name)
        .node_role_arn(input.node_role_arn)
        .subnet_ids(input.subnet_ids)
        .version(input.version)
        .ami_type(arch.al2023_ami_type())
        .capacity_type("ON_DEMAND")
        .instance_types(instance_types.to_vec())
        .labels([("konductor.dev/node-group", "system")])
        .taint(vec![EksNodeGroupTaint::builder()
            .key(CRITICAL_ADDONS_TAINT)
            .value("true")
            .effect("NO_SCHEDULE")
            .build()])
        .scaling_config(
            EksNodeGroupScalingConfig::builder()
                .min_size(u64::from(min))
                .desired_size(u64::from(desired))
                .max_size(u64::from(max))
                .build(),
        )
        .update_config(EksNodeGroupUpdateConfig::builder().max_unavailable(1u64).build())
        .launch_template(
            EksNodeGroupLaunchTemplate::builder()
                .id(launch_template.id())
                .version(konductor_core::fns::tostring(launch_template.latest_version()))
                .build(),
        )
        .tags([("Name", input.name)])
        .build();
    SystemNodeGroup { launch_template, node_group }
}
