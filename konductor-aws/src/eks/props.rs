//! [`EksClusterProps`] and the settings of the system node group ([`SystemNodes`]).

use std::collections::BTreeMap;

use konductor_core::{Error, IntoValue, Result, Value};

use super::network::ClusterNetwork;

/// The CPU architecture of nodes.
///
/// ```
/// use konductor_aws::eks::Arch;
/// assert_eq!(Arch::Arm64.label(), "arm64");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arch {
    /// x86-64: `amd64`.
    Amd64,
    /// Graviton: `arm64`.
    Arm64,
}

impl Arch {
    /// The value of the `kubernetes.io/arch` label.
    pub fn label(self) -> &'static str {
        match self {
            Arch::Amd64 => "amd64",
            Arch::Arm64 => "arm64",
        }
    }

    /// The EKS AMI type of an AL2023 managed node group.
    pub fn al2023_ami_type(self) -> &'static str {
        match self {
            Arch::Amd64 => "AL2023_x86_64_STANDARD",
            Arch::Arm64 => "AL2023_ARM_64_STANDARD",
        }
    }
}

/// The managed node group that runs the add-ons and Karpenter: AL2023, on demand, tainted
/// `CriticalAddonsOnly` so that workloads go to Karpenter's nodes.
///
/// ```
/// use konductor_aws::eks::{Arch, SystemNodes};
/// let nodes = SystemNodes::default().instance_types(["m7g.large"]).arch(Arch::Arm64).size(2, 2, 4);
/// assert_eq!(nodes.min_size(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemNodes {
    instance_types: Vec<String>,
    arch: Arch,
    min: u32,
    desired: u32,
    max: u32,
    disk_gib: u32,
}

impl Default for SystemNodes {
    /// Two to three `m6i.large` (amd64) with 50 GiB root volumes.
    fn default() -> Self {
        SystemNodes {
            instance_types: vec!["m6i.large".into()],
            arch: Arch::Amd64,
            min: 2,
            desired: 2,
            max: 3,
            disk_gib: 50,
        }
    }
}

impl SystemNodes {
    /// The instance types, of the node group's architecture.
    pub fn instance_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.instance_types = types.into_iter().map(Into::into).collect();
        self
    }

    /// The architecture (default amd64).
    pub fn arch(mut self, arch: Arch) -> Self {
        self.arch = arch;
        self
    }

    /// The group's minimum, desired and maximum sizes.
    pub fn size(mut self, min: u32, desired: u32, max: u32) -> Self {
        self.min = min;
        self.desired = desired;
        self.max = max;
        self
    }

    /// The root volume's size in GiB (gp3, encrypted).
    pub fn disk_gib(mut self, gib: u32) -> Self {
        self.disk_gib = gib;
        self
    }

    /// The minimum size.
    pub fn min_size(&self) -> u32 {
        self.min
    }

    pub(crate) fn parts(&self) -> (&[String], Arch, u32, u32, u32, u32) {
        (&self.instance_types, self.arch, self.min, self.desired, self.max, self.disk_gib)
    }
}

/// The retention of the control-plane log group unless set: a year.
pub const CONTROL_PLANE_LOG_RETENTION_DAYS: u32 = 365;

/// Props of an [`EksCluster`](super::EksCluster): start with [`EksClusterProps::builder`].
///
/// ```
/// use konductor_aws::eks::{ClusterNetwork, EksClusterProps};
/// use konductor_aws::network::{TieredVpc, TieredVpcProps};
/// konductor_core::testing::synth(|stack| {
///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").build().unwrap()).unwrap();
///     let props = EksClusterProps::builder()
///         .version("1.35")
///         .network(ClusterNetwork::tiered(&vpc))
///         .admin_role("arn:aws:iam::111122223333:role/devops")
///         .build()
///         .unwrap();
///     assert_eq!(props.version(), "1.35");
/// });
/// ```
#[derive(Clone, Debug)]
pub struct EksClusterProps {
    pub(crate) name: Option<String>,
    pub(crate) version: String,
    pub(crate) network: ClusterNetwork,
    pub(crate) public_access_cidrs: Option<Vec<String>>,
    pub(crate) admin_roles: Vec<Value<String>>,
    pub(crate) viewer_roles: Vec<Value<String>>,
    pub(crate) log_retention_days: u32,
    pub(crate) system_nodes: SystemNodes,
    pub(crate) addon_versions: BTreeMap<String, String>,
    pub(crate) irsa: bool,
}

impl EksClusterProps {
    /// Starts the props: `version`, `network` and at least one `admin_role` are required.
    pub fn builder() -> EksClusterPropsBuilder {
        EksClusterPropsBuilder::default()
    }

    /// The Kubernetes version.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Builder of [`EksClusterProps`].
///
/// ```
/// use konductor_aws::eks::EksClusterProps;
/// let e = EksClusterProps::builder().build().unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "[EksClusterProps] version is not set: pin the Kubernetes version, e.g. `.version(\"1.35\")`"
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct EksClusterPropsBuilder {
    name: Option<String>,
    version: Option<String>,
    network: Option<ClusterNetwork>,
    public_access_cidrs: Option<Vec<String>>,
    admin_roles: Vec<Value<String>>,
    viewer_roles: Vec<Value<String>>,
    log_retention_days: Option<u32>,
    system_nodes: Option<SystemNodes>,
    addon_versions: BTreeMap<String, String>,
    without_irsa: bool,
}

impl EksClusterPropsBuilder {
    /// The base of the cluster's name (default: the construct id); the environment suffix is added.
    pub fn name(mut self, base: impl Into<String>) -> Self {
        self.name = Some(base.into());
        self
    }

    /// The Kubernetes version (required), one in EKS standard support
    /// ([`STANDARD_SUPPORT`](super::STANDARD_SUPPORT)).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// The VPC and private subnets (required).
    pub fn network(mut self, network: ClusterNetwork) -> Self {
        self.network = Some(network);
        self
    }

    /// The named opt-out of the private-only API endpoint: the endpoint is also reachable from the internet,
    /// from `cidrs` only (at least one; not `0.0.0.0/0`). Nodes still use the private endpoint.
    pub fn public_endpoint<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.public_access_cidrs = Some(cidrs.into_iter().map(Into::into).collect());
        self
    }

    /// An IAM role (ARN) with cluster-wide administration: an access entry with `AmazonEKSClusterAdminPolicy`
    /// (the DevOps role, and the role Terraform runs as, which the Kubernetes and Helm providers use).
    pub fn admin_role(mut self, role_arn: impl IntoValue<String>) -> Self {
        self.admin_roles.push(Value::new(role_arn));
        self
    }

    /// An IAM role (ARN) with cluster-wide read access, Secrets excluded: an access entry with
    /// `AmazonEKSViewPolicy` (developers).
    pub fn viewer_role(mut self, role_arn: impl IntoValue<String>) -> Self {
        self.viewer_roles.push(Value::new(role_arn));
        self
    }

    /// Days the control-plane logs are kept (default [`CONTROL_PLANE_LOG_RETENTION_DAYS`]).
    pub fn log_retention_days(mut self, days: u32) -> Self {
        self.log_retention_days = Some(days);
        self
    }

    /// The system node group (default [`SystemNodes::default`]).
    pub fn system_nodes(mut self, nodes: SystemNodes) -> Self {
        self.system_nodes = Some(nodes);
        self
    }

    /// Pins add-on `addon` (`vpc-cni`, `coredns` ...) to `version` (`v1.20.4-eksbuild.1`) instead of the
    /// latest version for the cluster's Kubernetes version, which the `aws_eks_addon_version` data source
    /// resolves at plan time.
    pub fn addon_version(mut self, addon: impl Into<String>, version: impl Into<String>) -> Self {
        self.addon_versions.insert(addon.into(), version.into());
        self
    }

    /// The named opt-out of the IAM OIDC provider for IAM roles for service accounts (IRSA), for clusters
    /// where everything uses Pod Identity.
    pub fn without_irsa(mut self) -> Self {
        self.without_irsa = true;
        self
    }

    /// Finishes the props; the error says what is missing. Values are checked by
    /// [`EksCluster::new`](super::EksCluster::new), which knows the construct path.
    pub fn build(self) -> Result<EksClusterProps> {
        let Some(version) = self.version else {
            return Err(Error::invalid(
                "EksClusterProps",
                "version is not set",
                "pin the Kubernetes version, e.g. `.version(\"1.35\")`",
            ));
        };
        let Some(network) = self.network else {
            return Err(Error::invalid(
                "EksClusterProps",
                "network is not set",
                "give the VPC, e.g. `.network(ClusterNetwork::tiered(&vpc))`",
            ));
        };
        Ok(EksClusterProps {
            name: self.name,
            version,
            network,
            public_access_cidrs: self.public_access_cidrs,
            admin_roles: self.admin_roles,
            viewer_roles: self.viewer_roles,
            log_retention_days: self.log_retention_days.unwrap_or(CONTROL_PLANE_LOG_RETENTION_DAYS),
            system_nodes: self.system_nodes.unwrap_or_default(),
            addon_versions: self.addon_versions,
            irsa: !self.without_irsa,
        })
    }
}
