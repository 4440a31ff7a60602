//! konductor-aws: AWS for konductor. Typed L1 resources generated from the provider schema ([`l1`]),
//! typed IAM policy documents ([`iam`]), AWS rule tables for synthesis ([`rules`]), and the high-level
//! constructs.

pub mod eks;
pub mod iam;
pub mod karpenter;
pub mod l1;
pub mod network;
pub mod providers;
pub mod rules;

pub use eks::{EksCluster, EksClusterProps};
pub use karpenter::{KarpenterPool, KarpenterPoolProps};
pub use network::{
    FlowLogs, FlowLogsProps, SecurityGroupChain, SecurityGroupChainProps, TieredVpc, TieredVpcProps, VpcPeering,
    VpcPeeringProps, ZeroTrustVpc, ZeroTrustVpcProps,
};
pub use providers::{AwsProvider, HelmProvider, KubernetesProvider, AWS_PROVIDER, HELM_PROVIDER, KUBERNETES_PROVIDER};
