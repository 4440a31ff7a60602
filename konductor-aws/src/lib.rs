//! konductor-aws: AWS for konductor. Typed L1 resources generated from the provider schema ([`l1`]),
//! typed IAM policy documents ([`iam`]), AWS rule tables for synthesis ([`rules`]), and the high-level
//! constructs.

pub mod context;
pub mod deploy;
pub mod eks;
pub mod grant;
pub mod iam;
pub mod karpenter;
pub mod kms;
pub mod l1;
pub mod landing_zone;
pub mod logs;
pub mod network;
pub mod organization;
pub mod providers;
pub mod rollouts;
pub mod rules;
pub mod s3;
pub mod security;
pub mod sns;
pub mod sqs;

mod block;
mod props;

pub use context::AwsContext;
pub use deploy::CodeDeployBlueGreen;
pub use eks::{EksCluster, EksClusterProps};
pub use karpenter::{KarpenterPool, KarpenterPoolProps};
pub use network::{
    FlowLogs, FlowLogsProps, SecurityGroupChain, SecurityGroupChainProps, TieredVpc, TieredVpcProps, VpcPeering,
    VpcPeeringProps, ZeroTrustVpc, ZeroTrustVpcProps,
};
pub use props::IntoProps;
pub use providers::{AwsProvider, HelmProvider, KubernetesProvider, AWS_PROVIDER, HELM_PROVIDER, KUBERNETES_PROVIDER};
