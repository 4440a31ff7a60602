//! Karpenter: [`KarpenterPool`] installs Karpenter v1 on an [`EksCluster`](crate::eks::EksCluster), with
//! its IAM, its interruption queue and events, and its NodePools and EC2NodeClass.

mod manifests;
mod policy;
mod pool;
mod props;

pub(crate) use manifests::fnv64;
pub use manifests::NODE_CLASS;
pub use pool::{
    KarpenterPool, CHART_REPOSITORY, INTERRUPTION_EVENTS, INTERRUPTION_MESSAGE_RETENTION_SECONDS,
    ISOLATED_VPC_ENDPOINTS, NAMESPACE, SERVICE_ACCOUNT,
};
pub use props::{
    arch_of, seed_node_pools, CapacityType, Instances, KarpenterPoolProps, KarpenterPoolPropsBuilder, NodePool,
    AL2023_AMI_ALIAS, KARPENTER_VERSION,
};
