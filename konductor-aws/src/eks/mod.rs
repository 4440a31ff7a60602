//! EKS: [`EksCluster`], a private, encrypted, audited cluster with access entries, managed add-ons, a
//! system node group, Pod Identity and IRSA, and the Kubernetes and Helm providers configured from it; and
//! [`Yaml`], the writer of the manifests and Helm values the EKS constructs emit.

mod addons;
mod cluster;
mod irsa;
mod network;
mod nodes;
mod pod_identity;
mod props;
pub(crate) mod roles;
mod version;
mod yaml;

pub use addons::{
    InstalledAddon, ADDONS, COREDNS, EBS_CSI_DRIVER, KUBE_PROXY, POD_IDENTITY_AGENT, VPC_CNI, VPC_CNI_CONFIGURATION,
};
pub use cluster::{EksCluster, CLUSTER_ADMIN_POLICY, CONTROL_PLANE_LOG_TYPES, EXEC_API_VERSION, VIEW_POLICY};
pub use irsa::{OidcProvider, STS_AUDIENCE};
pub use network::ClusterNetwork;
pub(crate) use nodes::node_role;
pub use nodes::{CRITICAL_ADDONS_TAINT, NODE_POLICIES};
pub use pod_identity::{pod_identity, pod_identity_trust, POD_IDENTITY_PRINCIPAL};
pub use props::{Arch, EksClusterProps, EksClusterPropsBuilder, SystemNodes, CONTROL_PLANE_LOG_RETENTION_DAYS};
pub use version::{supported_release, KubernetesRelease, STANDARD_SUPPORT};
pub use yaml::Yaml;
