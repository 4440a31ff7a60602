//! The Karpenter v1 controller policy (the `KarpenterControllerPolicy` of Karpenter's CloudFormation
//! reference), scoped to one cluster, one region, one interruption queue and one node role.

use konductor_core::{template, Attr, Expr};

use crate::iam::{Condition, PolicyDocument, PolicyValue, Statement};

/// What the policy is scoped to.
pub(crate) struct PolicyScope<'a> {
    pub(crate) cluster: &'a str,
    pub(crate) partition: Attr<String>,
    pub(crate) region: Attr<String>,
    pub(crate) account: Attr<String>,
    pub(crate) queue_arn: Attr<String>,
    pub(crate) node_role_arn: Attr<String>,
    pub(crate) dns_suffix: Attr<String>,
}

/// The controller policy.
pub(crate) fn controller_policy(s: &PolicyScope<'_>) -> PolicyDocument {
    let ec2 = |kind: &str| -> PolicyValue { template!("arn:{}:ec2:{}:*:{}", &s.partition, &s.region, kind).into() };
    let ec2_global =
        |kind: &str| -> PolicyValue { template!("arn:{}:ec2:{}::{}", &s.partition, &s.region, kind).into() };
    let instance_profiles: PolicyValue =
        template!("arn:{}:iam::{}:instance-profile/*", &s.partition, &s.account).into();
    let region: PolicyValue = PolicyValue::expr(Expr::from(s.region.clone()));
    let owned = |tag: &str| Condition::string_equals(format!("aws:{tag}/kubernetes.io/cluster/{}", s.cluster), "owned");
    let cluster_tag = |tag: &str| Condition::string_equals(format!("aws:{tag}/eks:eks-cluster-name"), s.cluster);
    let nodepool = |tag: &str| Condition::string_like(format!("aws:{tag}/karpenter.sh/nodepool"), "*");
    let nodeclass = |tag: &str| Condition::string_like(format!("aws:{tag}/karpenter.k8s.aws/ec2nodeclass"), "*");
    let region_tag =
        |tag: &str| Condition::string_equals(format!("aws:{tag}/topology.kubernetes.io/region"), region.clone());
    let tagged_kinds =
        ["fleet/*", "instance/*", "volume/*", "network-interface/*", "launch-template/*", "spot-instances-request/*"];
    PolicyDocument::new().statements([
        Statement::allow()
            .sid("AllowScopedEC2InstanceAccessActions")
            .resources([
                ec2_global("image/*"),
                ec2_global("snapshot/*"),
                ec2("security-group/*"),
                ec2("subnet/*"),
                ec2("capacity-reservation/*"),
            ])
            .actions(["ec2:RunInstances", "ec2:CreateFleet"]),
        Statement::allow()
            .sid("AllowScopedEC2LaunchTemplateAccessActions")
            .resource(ec2("launch-template/*"))
            .actions(["ec2:RunInstances", "ec2:CreateFleet"])
            .condition(owned("ResourceTag"))
            .condition(nodepool("ResourceTag")),
        Statement::allow()
            .sid("AllowScopedEC2InstanceActionsWithTags")
            .resources(tagged_kinds.map(ec2))
            .actions(["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"])
            .condition(owned("RequestTag"))
            .condition(cluster_tag("RequestTag"))
            .condition(nodepool("RequestTag")),
        Statement::allow()
            .sid("AllowScopedResourceCreationTagging")
            .resources(tagged_kinds.map(ec2))
            .action("ec2:CreateTags")
            .condition(owned("RequestTag"))
            .condition(cluster_tag("RequestTag"))
            .condition(Condition::string_equals(
                "ec2:CreateAction",
                ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
            ))
            .condition(nodepool("RequestTag")),
        Statement::allow()
            .sid("AllowScopedResourceTagging")
            .resource(ec2("instance/*"))
            .action("ec2:CreateTags")
            .condition(owned("ResourceTag"))
            .condition(nodepool("ResourceTag"))
            .condition(Condition::new("StringEqualsIfExists", "aws:RequestTag/eks:eks-cluster-name", s.cluster))
            .condition(
                Condition::string_equals("aws:TagKeys", ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"])
                    .for_all_values(),
            ),
        Statement::allow()
            .sid("AllowScopedDeletion")
            .resources([ec2("instance/*"), ec2("launch-template/*")])
            .actions(["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"])
            .condition(owned("ResourceTag"))
            .condition(nodepool("ResourceTag")),
        Statement::allow()
            .sid("AllowRegionalReadActions")
            .resource("*")
            .actions([
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
            ])
            .condition(Condition::string_equals("aws:RequestedRegion", region.clone())),
        Statement::allow()
            .sid("AllowSSMReadActions")
            .resource(template!("arn:{}:ssm:{}::parameter/aws/service/*", &s.partition, &s.region))
            .action("ssm:GetParameter"),
        Statement::allow().sid("AllowPricingReadActions").resource("*").action("pricing:GetProducts"),
        Statement::allow().sid("AllowInterruptionQueueActions").resource(s.queue_arn.clone()).actions([
            "sqs:DeleteMessage",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage",
        ]),
        Statement::allow()
            .sid("AllowPassingInstanceRole")
            .resource(s.node_role_arn.clone())
            .action("iam:PassRole")
            .condition(Condition::string_equals(
                "iam:PassedToService",
                vec![PolicyValue::from(template!("ec2.{}", &s.dns_suffix)), PolicyValue::text("ec2.amazonaws.com")],
            )),
        Statement::allow()
            .sid("AllowScopedInstanceProfileCreationActions")
            .resource(instance_profiles.clone())
            .action("iam:CreateInstanceProfile")
            .condition(owned("RequestTag"))
            .condition(cluster_tag("RequestTag"))
            .condition(region_tag("RequestTag"))
            .condition(nodeclass("RequestTag")),
        Statement::allow()
            .sid("AllowScopedInstanceProfileTagActions")
            .resource(instance_profiles.clone())
            .action("iam:TagInstanceProfile")
            .condition(owned("ResourceTag"))
            .condition(region_tag("ResourceTag"))
            .condition(owned("RequestTag"))
            .condition(cluster_tag("RequestTag"))
            .condition(region_tag("RequestTag"))
            .condition(nodeclass("ResourceTag"))
            .condition(nodeclass("RequestTag")),
        Statement::allow()
            .sid("AllowScopedInstanceProfileActions")
            .resource(instance_profiles.clone())
            .actions(["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"])
            .condition(owned("ResourceTag"))
            .condition(region_tag("ResourceTag"))
            .condition(nodeclass("ResourceTag")),
        Statement::allow()
            .sid("AllowInstanceProfileReadActions")
            .resource(instance_profiles)
            .action("iam:GetInstanceProfile"),
        Statement::allow()
            .sid("AllowUnscopedInstanceProfileListAction")
            .resource("*")
            .action("iam:ListInstanceProfiles"),
        Statement::allow()
            .sid("AllowAPIServerEndpointDiscovery")
            .resource(template!("arn:{}:eks:{}:{}:cluster/{}", &s.partition, &s.region, &s.account, s.cluster))
            .action("eks:DescribeCluster"),
    ])
}
