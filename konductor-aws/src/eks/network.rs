//! [`ClusterNetwork`]: where an [`EksCluster`](super::EksCluster) and its nodes live.

use ipnet::Ipv4Net;
use konductor_core::{Attr, Error, IntoValue, Result, Value};

use crate::network::{Tier, TieredVpc, ZeroTrustVpc};

/// The VPC, the private subnets the control plane's network interfaces and the nodes use, and whether the
/// VPC reaches the internet at all (a [`ZeroTrustVpc`] does not: everything goes through VPC endpoints).
///
/// The subnets must carry the tag `karpenter.sh/discovery` with the cluster's name for Karpenter to find
/// them ([`TieredVpcPropsBuilder::eks_cluster_tags`](crate::network::TieredVpcPropsBuilder::eks_cluster_tags)
/// does it for a [`TieredVpc`]).
///
/// ```
/// use konductor_aws::eks::ClusterNetwork;
/// use konductor_aws::network::{TieredVpc, TieredVpcProps};
/// konductor_core::testing::synth(|stack| {
///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").azs(2).build().unwrap())
///         .unwrap();
///     let net = ClusterNetwork::tiered(&vpc);
///     assert_eq!(net.subnet_ids().len(), 2);
///     assert!(!net.is_isolated());
/// });
/// ```
#[derive(Clone, Debug)]
pub struct ClusterNetwork {
    vpc_id: Value<String>,
    cidr: Ipv4Net,
    subnet_ids: Vec<Value<String>>,
    isolated: bool,
    endpoints: Vec<String>,
}

impl ClusterNetwork {
    /// The app tier of a [`TieredVpc`]: private subnets out to the internet through NAT.
    pub fn tiered(vpc: &TieredVpc) -> Self {
        ClusterNetwork {
            vpc_id: Value::new(vpc.vpc_id()),
            cidr: vpc.cidr(),
            subnet_ids: vpc.subnet_ids(Tier::App).into_iter().map(Value::new).collect(),
            isolated: false,
            endpoints: Vec::new(),
        }
    }

    /// Tier `tier` of a [`ZeroTrustVpc`]: no route to the internet, so the cluster is isolated and reaches
    /// AWS only through the VPC's interface endpoints. The error names the tiers there are.
    pub fn zero_trust(vpc: &ZeroTrustVpc, tier: &str) -> Result<Self> {
        let Some(t) = vpc.tier(tier) else {
            let tiers: Vec<&str> = vpc.tiers().iter().map(|t| t.name()).collect();
            return Err(Error::invalid(
                "ClusterNetwork",
                format!("the ZeroTrustVpc has no tier `{tier}`"),
                format!("use one of its tiers: {}", tiers.join(", ")),
            ));
        };
        Ok(ClusterNetwork {
            vpc_id: Value::new(vpc.vpc_id()),
            cidr: vpc.cidr(),
            subnet_ids: t.subnet_ids().into_iter().map(Value::new).collect(),
            isolated: true,
            endpoints: vpc.endpoints().iter().map(|e| e.service().to_string()).collect(),
        })
    }

    /// Any VPC: its id, its IPv4 block and the private subnets to use. `isolated` says that it has no route
    /// to the internet; `endpoints` are the short names of the services it has VPC endpoints for (`sts`,
    /// `ec2` ...).
    pub fn custom<S: Into<String>>(
        vpc_id: impl IntoValue<String>,
        cidr: Ipv4Net,
        subnet_ids: Vec<Attr<String>>,
        isolated: bool,
        endpoints: impl IntoIterator<Item = S>,
    ) -> Self {
        ClusterNetwork {
            vpc_id: Value::new(vpc_id),
            cidr,
            subnet_ids: subnet_ids.into_iter().map(Value::new).collect(),
            isolated,
            endpoints: endpoints.into_iter().map(Into::into).collect(),
        }
    }

    /// The VPC id.
    pub fn vpc_id(&self) -> &Value<String> {
        &self.vpc_id
    }

    /// The VPC's IPv4 block.
    pub fn cidr(&self) -> Ipv4Net {
        self.cidr
    }

    /// The private subnets of the control plane's interfaces and of the nodes.
    pub fn subnet_ids(&self) -> &[Value<String>] {
        &self.subnet_ids
    }

    /// Whether the VPC has no route to the internet.
    pub fn is_isolated(&self) -> bool {
        self.isolated
    }

    /// The services the VPC has endpoints for (short names).
    pub fn endpoints(&self) -> &[String] {
        &self.endpoints
    }
}
