//! [`KarpenterPoolProps`] and the pools it installs ([`NodePool`]).

use konductor_core::{Error, Result};

use crate::eks::Arch;

/// The Karpenter release the construct installs: the chart version of `karpenter-crd` and `karpenter`,
/// and of the CRDs the manifests are checked against.
pub const KARPENTER_VERSION: &str = "1.14.1";

/// The AL2023 EKS-optimized AMI the nodes run, pinned by alias version so that nodes change only when this
/// changes (`@latest` would drift every node whenever AWS publishes an AMI).
pub const AL2023_AMI_ALIAS: &str = "al2023@v20260903";

/// How a node is paid for: the values of `karpenter.sh/capacity-type`.
///
/// ```
/// use konductor_aws::karpenter::CapacityType;
/// assert_eq!(CapacityType::OnDemand.label(), "on-demand");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CapacityType {
    /// Spare capacity, interrupted at two minutes' notice; Karpenter takes it first when a pool allows both.
    Spot,
    /// On-demand capacity.
    OnDemand,
}

impl CapacityType {
    /// The label value: `spot` or `on-demand`.
    pub fn label(self) -> &'static str {
        match self {
            CapacityType::Spot => "spot",
            CapacityType::OnDemand => "on-demand",
        }
    }
}

/// Which instances a pool may launch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instances {
    /// These instance types exactly (`node.kubernetes.io/instance-type`).
    Types(Vec<String>),
    /// These families (`karpenter.k8s.aws/instance-family`: `c7g`, `m5` ...) in these sizes
    /// (`karpenter.k8s.aws/instance-size`: `large`, `2xlarge` ...).
    Families {
        /// The families.
        families: Vec<String>,
        /// The sizes.
        sizes: Vec<String>,
    },
    /// Any type of these categories (`karpenter.k8s.aws/instance-category`: `c`, `m`, `r`) newer than
    /// generation `generation_above` (`karpenter.k8s.aws/instance-generation` Gt).
    Categories {
        /// The categories.
        categories: Vec<String>,
        /// The generation the types must be newer than.
        generation_above: u32,
    },
}

/// One Karpenter NodePool (`karpenter.sh/v1`): its architecture, capacity types, instances, weight, limits
/// and disruption settings.
///
/// ```
/// use konductor_aws::eks::Arch;
/// use konductor_aws::karpenter::{CapacityType, NodePool};
/// let pool = NodePool::new("batch")
///     .arch(Arch::Amd64)
///     .capacity_types([CapacityType::Spot])
///     .families(["c6i", "c7i"], ["xlarge", "2xlarge"])
///     .cpu_limit(200);
/// assert_eq!(pool.name(), "batch");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePool {
    pub(crate) name: String,
    pub(crate) arch: Option<Arch>,
    pub(crate) capacity_types: Vec<CapacityType>,
    pub(crate) instances: Option<Instances>,
    pub(crate) weight: Option<u32>,
    pub(crate) cpu_limit: u32,
    pub(crate) memory_limit_gib: Option<u32>,
    pub(crate) consolidate_after: String,
    pub(crate) expire_after: String,
    pub(crate) disruption_budget: String,
}

impl NodePool {
    /// A pool named `name` (a DNS label): set its architecture, capacity types and instances; 1000 vCPUs at
    /// most, consolidation when empty or underutilized after a minute, nodes replaced after 30 days, at most
    /// 10 % of the nodes disrupted at once.
    pub fn new(name: impl Into<String>) -> Self {
        NodePool {
            name: name.into(),
            arch: None,
            capacity_types: Vec::new(),
            instances: None,
            weight: None,
            cpu_limit: 1000,
            memory_limit_gib: None,
            consolidate_after: "1m".into(),
            expire_after: "720h".into(),
            disruption_budget: "10%".into(),
        }
    }

    /// The pool's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The CPU architecture (required).
    pub fn arch(mut self, arch: Arch) -> Self {
        self.arch = Some(arch);
        self
    }

    /// The capacity types (required): `[Spot, OnDemand]` takes spot first and falls back to on-demand.
    pub fn capacity_types(mut self, types: impl IntoIterator<Item = CapacityType>) -> Self {
        self.capacity_types = types.into_iter().collect();
        self.capacity_types.sort();
        self.capacity_types.dedup();
        self
    }

    /// Exactly these instance types.
    pub fn instance_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.instances = Some(Instances::Types(types.into_iter().map(Into::into).collect()));
        self
    }

    /// These instance families in these sizes.
    pub fn families<S: Into<String>, T: Into<String>>(
        mut self,
        families: impl IntoIterator<Item = S>,
        sizes: impl IntoIterator<Item = T>,
    ) -> Self {
        self.instances = Some(Instances::Families {
            families: families.into_iter().map(Into::into).collect(),
            sizes: sizes.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Any type of these categories newer than generation `generation_above`.
    pub fn categories<S: Into<String>>(
        mut self,
        categories: impl IntoIterator<Item = S>,
        generation_above: u32,
    ) -> Self {
        self.instances = Some(Instances::Categories {
            categories: categories.into_iter().map(Into::into).collect(),
            generation_above,
        });
        self
    }

    /// The weight: Karpenter tries pools with a higher weight first.
    pub fn weight(mut self, weight: u32) -> Self {
        self.weight = Some(weight);
        self
    }

    /// The most vCPUs the pool's nodes may have together (default 1000).
    pub fn cpu_limit(mut self, vcpus: u32) -> Self {
        self.cpu_limit = vcpus;
        self
    }

    /// The most memory the pool's nodes may have together, in GiB (default: no limit beyond CPU).
    pub fn memory_limit_gib(mut self, gib: u32) -> Self {
        self.memory_limit_gib = Some(gib);
        self
    }

    /// How long a node must be empty or underutilized before consolidation (default `1m`).
    pub fn consolidate_after(mut self, duration: impl Into<String>) -> Self {
        self.consolidate_after = duration.into();
        self
    }

    /// How long a node lives before it is replaced (default `720h`).
    pub fn expire_after(mut self, duration: impl Into<String>) -> Self {
        self.expire_after = duration.into();
        self
    }

    /// The share (`10%`) or number (`2`) of nodes that may be disrupted at once (default `10%`).
    pub fn disruption_budget(mut self, nodes: impl Into<String>) -> Self {
        self.disruption_budget = nodes.into();
        self
    }
}

/// The pools of the seed design: Graviton first (arm64 c7g, m7g, r7g, large to 2xlarge, spot then
/// on-demand), then amd64 spot, then amd64 on-demand (c5, m5, r5), each limited to 1000 vCPUs.
///
/// ```
/// use konductor_aws::karpenter::seed_node_pools;
/// let pools = seed_node_pools();
/// let names: Vec<&str> = pools.iter().map(|p| p.name()).collect();
/// assert_eq!(names, ["graviton", "amd64-spot", "amd64-on-demand"]);
/// ```
pub fn seed_node_pools() -> Vec<NodePool> {
    let sizes = ["large", "xlarge", "2xlarge"];
    vec![
        NodePool::new("graviton")
            .arch(Arch::Arm64)
            .capacity_types([CapacityType::Spot, CapacityType::OnDemand])
            .families(["c7g", "m7g", "r7g"], sizes)
            .weight(100),
        NodePool::new("amd64-spot")
            .arch(Arch::Amd64)
            .capacity_types([CapacityType::Spot])
            .families(["c5", "m5", "r5"], sizes)
            .weight(50),
        NodePool::new("amd64-on-demand")
            .arch(Arch::Amd64)
            .capacity_types([CapacityType::OnDemand])
            .families(["c5", "m5", "r5"], sizes)
            .weight(10),
    ]
}

/// The architecture of an instance family or type (`c7g`, `m5.large`): Graviton families have a `g` right
/// after the generation (`c7g`, `m6gd`, `x2gd`, `g5g`, `im4gn`), and `a1`.
///
/// ```
/// use konductor_aws::eks::Arch;
/// use konductor_aws::karpenter::arch_of;
/// assert_eq!(arch_of("c7g.large"), Some(Arch::Arm64));
/// assert_eq!(arch_of("g5.xlarge"), Some(Arch::Amd64));
/// assert_eq!(arch_of("m6gd"), Some(Arch::Arm64));
/// assert_eq!(arch_of("nope"), None);
/// ```
pub fn arch_of(instance: &str) -> Option<Arch> {
    let family = instance.split('.').next().unwrap_or_default();
    if family == "a1" {
        return Some(Arch::Arm64);
    }
    let digit = family.find(|c: char| c.is_ascii_digit())?;
    if digit == 0 || !family[..digit].chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let rest = family[digit..].trim_start_matches(|c: char| c.is_ascii_digit());
    Some(if rest.starts_with('g') { Arch::Arm64 } else { Arch::Amd64 })
}

/// Props of a [`KarpenterPool`](super::KarpenterPool): start with [`KarpenterPoolProps::builder`].
#[derive(Clone, Debug)]
pub struct KarpenterPoolProps {
    pub(crate) chart_version: String,
    pub(crate) ami_alias: String,
    pub(crate) node_pools: Vec<NodePool>,
    pub(crate) root_volume_gib: u32,
    pub(crate) security_group_names: Vec<String>,
}

impl Default for KarpenterPoolProps {
    /// The seed pools ([`seed_node_pools`]), chart [`KARPENTER_VERSION`], AMI [`AL2023_AMI_ALIAS`].
    fn default() -> Self {
        KarpenterPoolProps {
            chart_version: KARPENTER_VERSION.into(),
            ami_alias: AL2023_AMI_ALIAS.into(),
            node_pools: seed_node_pools(),
            root_volume_gib: 50,
            security_group_names: Vec::new(),
        }
    }
}

impl KarpenterPoolProps {
    /// Starts the props: the seed pools unless pools are given.
    ///
    /// ```
    /// use konductor_aws::eks::Arch;
    /// use konductor_aws::karpenter::{CapacityType, KarpenterPoolProps, NodePool};
    /// let props = KarpenterPoolProps::builder()
    ///     .node_pool(NodePool::new("web").arch(Arch::Arm64).capacity_types([CapacityType::OnDemand]).categories(["c", "m"], 6))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(props.node_pools().len(), 1);
    /// ```
    pub fn builder() -> KarpenterPoolPropsBuilder {
        KarpenterPoolPropsBuilder::default()
    }

    /// The pools.
    pub fn node_pools(&self) -> &[NodePool] {
        &self.node_pools
    }
}

/// Builder of [`KarpenterPoolProps`].
#[derive(Clone, Debug, Default)]
pub struct KarpenterPoolPropsBuilder {
    chart_version: Option<String>,
    ami_alias: Option<String>,
    node_pools: Vec<NodePool>,
    root_volume_gib: Option<u32>,
    security_group_names: Vec<String>,
}

impl KarpenterPoolPropsBuilder {
    /// The chart version of `karpenter-crd` and `karpenter` (default [`KARPENTER_VERSION`]); keep the
    /// CRDs the manifests are checked against in step.
    pub fn chart_version(mut self, version: impl Into<String>) -> Self {
        self.chart_version = Some(version.into());
        self
    }

    /// The AMI alias of the nodes (`al2023@vYYYYMMDD`; default [`AL2023_AMI_ALIAS`]).
    pub fn ami_alias(mut self, alias: impl Into<String>) -> Self {
        self.ami_alias = Some(alias.into());
        self
    }

    /// Adds a pool; with none, the seed pools.
    pub fn node_pool(mut self, pool: NodePool) -> Self {
        self.node_pools.push(pool);
        self
    }

    /// The nodes' root volume size in GiB (gp3, encrypted; default 50).
    pub fn root_volume_gib(mut self, gib: u32) -> Self {
        self.root_volume_gib = Some(gib);
        self
    }

    /// Also puts the nodes in the security group whose `Name` tag is `name` (besides the cluster's node
    /// group, found by `karpenter.sh/discovery`): the app tier of a
    /// [`SecurityGroupChain`](crate::network::SecurityGroupChain), so that the load balancer reaches the
    /// pods and the pods the database through the chain's rules.
    pub fn security_group_named(mut self, name: impl Into<String>) -> Self {
        self.security_group_names.push(name.into());
        self
    }

    /// Finishes the props. Pools are checked by [`KarpenterPool::new`](super::KarpenterPool::new), which
    /// knows the construct path.
    pub fn build(self) -> Result<KarpenterPoolProps> {
        let d = KarpenterPoolProps::default();
        let ami_alias = self.ami_alias.unwrap_or(d.ami_alias);
        if !ami_alias.starts_with("al2023@v") || ami_alias.ends_with("@latest") {
            return Err(Error::invalid(
                "KarpenterPoolProps",
                format!("AMI alias `{ami_alias}` is not an AL2023 alias pinned to a version"),
                format!("pin one, e.g. `{AL2023_AMI_ALIAS}`"),
            ));
        }
        Ok(KarpenterPoolProps {
            chart_version: self.chart_version.unwrap_or(d.chart_version),
            ami_alias,
            node_pools: if self.node_pools.is_empty() { d.node_pools } else { self.node_pools },
            root_volume_gib: self.root_volume_gib.unwrap_or(d.root_volume_gib),
            security_group_names: self.security_group_names,
        })
    }
}

/// Checks one pool; the error names the construct path, the pool and the fix.
pub(crate) fn check_pool(path: &str, pool: &NodePool) -> Result<()> {
    let name = &pool.name;
    let dns = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !dns {
        return Err(Error::invalid(
            path,
            format!("NodePool name `{name}` is not a DNS label"),
            "use lowercase letters, digits and `-`, at most 63 characters",
        ));
    }
    let Some(arch) = pool.arch else {
        return Err(Error::invalid(
            path,
            format!("NodePool `{name}` has no architecture: Karpenter would launch amd64 and arm64 nodes alike"),
            "set `.arch(Arch::Amd64)` or `.arch(Arch::Arm64)`",
        ));
    };
    if pool.capacity_types.is_empty() {
        return Err(Error::invalid(
            path,
            format!("NodePool `{name}` has no capacity type"),
            "set `.capacity_types([CapacityType::Spot, CapacityType::OnDemand])` (spot first, on-demand as fallback) or one of them",
        ));
    }
    if pool.cpu_limit == 0 || pool.memory_limit_gib == Some(0) {
        return Err(Error::invalid(
            path,
            format!("NodePool `{name}` has a limit of 0: it could never launch a node"),
            "give a CPU limit above 0, e.g. `.cpu_limit(1000)` (and a memory limit above 0 if any)",
        ));
    }
    let listed: Vec<&String> = match &pool.instances {
        None => {
            return Err(Error::invalid(
                path,
                format!("NodePool `{name}` does not say which instances it may launch"),
                "set `.families([\"c7g\"], [\"large\"])`, `.instance_types([...])` or `.categories([\"c\", \"m\", \"r\"], 2)`",
            ))
        }
        Some(Instances::Types(t)) => t.iter().collect(),
        Some(Instances::Families { families, sizes }) => {
            if sizes.is_empty() {
                return Err(Error::invalid(path, format!("NodePool `{name}` lists families but no sizes"), "list sizes, e.g. [\"large\", \"xlarge\"]"));
            }
            families.iter().collect()
        }
        Some(Instances::Categories { categories, .. }) => {
            if categories.is_empty() {
                return Err(Error::invalid(path, format!("NodePool `{name}` lists no instance category"), "list categories, e.g. [\"c\", \"m\", \"r\"]"));
            }
            Vec::new()
        }
    };
    if matches!(&pool.instances, Some(Instances::Types(t) | Instances::Families { families: t, .. }) if t.is_empty()) {
        return Err(Error::invalid(
            path,
            format!("NodePool `{name}` lists no instance type or family"),
            "list at least one",
        ));
    }
    for instance in listed {
        match arch_of(instance) {
            None => {
                return Err(Error::invalid(
                    path,
                    format!("NodePool `{name}`: `{instance}` is not an EC2 instance type or family"),
                    "write a family (`m7g`) or a type (`m7g.large`)",
                ))
            }
            Some(a) if a != arch => {
                return Err(Error::invalid(
                    path,
                    format!("NodePool `{name}` is {} but `{instance}` is {}", arch.label(), a.label()),
                    format!("use {} instances in this pool, or put `{instance}` in a {} pool", arch.label(), a.label()),
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}
