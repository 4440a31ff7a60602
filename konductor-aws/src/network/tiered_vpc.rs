//! [`TieredVpc`]: the classic three-tier VPC. Public, private-app and data subnets in every AZ, an internet
//! gateway, NAT gateways, route tables per tier, a DB subnet group and flow logs, with the data tier cut off
//! from the internet.

use derive_builder::Builder;
use ipnet::Ipv4Net;
use konductor_core::{AsScope, Attr, Construct, Error, Result, Scope};

use super::context::path_name_base;
use super::flow_logs::{FlowLogs, FlowLogsProps};
use super::{child_path, cidr};
use crate::l1::ec2::{
    DataAvailabilityZones, DefaultRouteTable, DefaultRouteTableRoute, DefaultSecurityGroup, DefaultSecurityGroupEgress,
    DefaultSecurityGroupIngress, Eip, InternetGateway, NatGateway, Route, RouteTable, RouteTableAssociation, Subnet,
    Vpc,
};
use crate::l1::rds::DbSubnetGroup;

/// The fewest AZs a [`TieredVpc`] spans: a DB subnet group needs subnets in two.
pub const MIN_AZS: usize = 2;
/// The most AZs a [`TieredVpc`] spans.
pub const MAX_AZS: usize = 6;

/// One tier of a [`TieredVpc`].
///
/// ```
/// use konductor_aws::network::Tier;
/// assert_eq!(Tier::ALL.map(Tier::label), ["public", "app", "data"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// Load balancers and NAT gateways: a route to the internet gateway.
    Public,
    /// Application workloads: out to the internet through NAT only; the tier peering routes go to.
    App,
    /// Databases and caches: no route out of the VPC at all, by default.
    Data,
}

impl Tier {
    /// Every tier, in address order.
    pub const ALL: [Tier; 3] = [Tier::Public, Tier::App, Tier::Data];

    /// The tier's name in ids, names and the `Tier` tag: `public`, `app`, `data`.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::App => "app",
            Tier::Data => "data",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How many NAT gateways a [`TieredVpc`] runs.
///
/// ```
/// use konductor_aws::network::NatGateways;
/// assert_eq!(NatGateways::default(), NatGateways::PerAz);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NatGateways {
    /// One NAT gateway in each AZ, each app route table using its own AZ's: an AZ outage stays in that AZ.
    #[default]
    PerAz,
    /// The cost option: one NAT gateway, in the first AZ, shared by every app route table. When that AZ
    /// fails, the app tier of every AZ loses its way out.
    Single,
}

/// Props of a [`TieredVpc`]: start with [`TieredVpcProps::builder`].
///
/// ```
/// use konductor_aws::network::{NatGateways, TieredVpcProps};
/// let props = TieredVpcProps::builder().cidr("10.10.0.0/16").azs(2).nat_gateways(NatGateways::Single).build().unwrap();
/// assert_eq!(props.azs(), 2);
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", derive(Debug), build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct TieredVpcProps {
    /// The VPC's IPv4 block (required), /16 to /28; it is cut into `azs x 3` equal subnets, tier by tier.
    #[builder(setter(into))]
    cidr: String,
    /// How many AZs to span, from 2 to 6 (default 3): the first available zones of the region that need no
    /// opt-in, found by the `aws_availability_zones` data source.
    #[builder(default = "3")]
    azs: usize,
    #[builder(setter(custom), default)]
    availability_zones: Option<Vec<String>>,
    #[builder(setter(custom), default)]
    availability_zone_ids: Option<Vec<String>>,
    /// NAT gateways per AZ (the default) or a single one ([`NatGateways::Single`], the cost option).
    #[builder(default)]
    nat_gateways: NatGateways,
    #[builder(setter(custom), default)]
    eks_cluster: Option<String>,
    #[builder(setter(custom), default)]
    data_tier_internet_egress: bool,
    #[builder(setter(custom), default)]
    public_ip_on_launch: bool,
    #[builder(setter(custom), default = "Some(FlowLogsProps::default())")]
    flow_logs: Option<FlowLogsProps>,
}

impl TieredVpcProps {
    /// Starts the props: `cidr` is required; 3 AZs, a NAT gateway per AZ, an isolated data tier and flow logs
    /// by default.
    pub fn builder() -> TieredVpcPropsBuilder {
        TieredVpcPropsBuilder::default()
    }

    /// The number of AZs asked for.
    pub fn azs(&self) -> usize {
        self.availability_zones.as_ref().or(self.availability_zone_ids.as_ref()).map_or(self.azs, Vec::len)
    }
}

/// The builder of [`TieredVpcProps`] is derived; the setters that do more than store are here.
///
/// ```
/// use konductor_aws::network::TieredVpcProps;
/// let e = TieredVpcProps::builder().azs(3).build().unwrap_err();
/// assert_eq!(e.to_string(), "[TieredVpcProps] cidr is not set: call `.cidr(\"10.0.0.0/16\")` on the builder");
/// ```
impl TieredVpcPropsBuilder {
    /// Names the AZs instead of looking them up (`["us-east-1a", "us-east-1b"]`); their count is the AZ count.
    pub fn availability_zones<S: Into<String>>(mut self, zones: impl IntoIterator<Item = S>) -> Self {
        self.availability_zones = Some(Some(zones.into_iter().map(Into::into).collect()));
        self
    }

    /// Pins the AZs by identity (`["use1-az1", "use1-az2", "use1-az4"]`): zone ids name the same physical
    /// zones in every account, and the lookup returns exactly these, so the VPC never moves when AWS adds a
    /// zone. Their count is the AZ count.
    ///
    /// ```
    /// use konductor_aws::network::TieredVpcProps;
    /// let props = TieredVpcProps::builder().cidr("10.10.0.0/16").availability_zone_ids(["use1-az1", "use1-az2"]).build().unwrap();
    /// assert_eq!(props.azs(), 2);
    /// ```
    pub fn availability_zone_ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.availability_zone_ids = Some(Some(ids.into_iter().map(Into::into).collect()));
        self
    }

    /// The named opt-out of private addresses only: instances launched in the public subnets get a public
    /// IP. Off by default: load balancers and NAT gateways bring their own addresses, and an instance that
    /// needs one should ask for it (`associate_public_ip_address`) rather than get it by being there.
    pub fn public_ip_on_launch(mut self) -> Self {
        self.public_ip_on_launch = Some(true);
        self
    }

    /// Tags the subnets for an EKS cluster named `cluster` (the environment suffix is added, as the cluster's
    /// own name gets it): `kubernetes.io/role/elb` on the public tier, `kubernetes.io/role/internal-elb` and
    /// `karpenter.sh/discovery` on the app tier, `kubernetes.io/cluster/<name>` on both.
    pub fn eks_cluster_tags(mut self, cluster: impl Into<String>) -> Self {
        self.eks_cluster = Some(Some(cluster.into()));
        self
    }

    /// The named opt-out of the isolated data tier: gives each data route table a default route through the
    /// AZ's NAT gateway (for data stores that must call out, such as to license servers).
    pub fn allow_data_tier_internet_egress(mut self) -> Self {
        self.data_tier_internet_egress = Some(true);
        self
    }

    /// The flow logs' settings (default [`FlowLogsProps::default`]: all traffic to CloudWatch Logs and to S3,
    /// with the Athena query layer).
    pub fn flow_logs(mut self, props: FlowLogsProps) -> Self {
        self.flow_logs = Some(Some(props));
        self
    }

    /// The named opt-out of flow logs (on by default).
    pub fn without_flow_logs(mut self) -> Self {
        self.flow_logs = Some(None);
        self
    }

    /// Finishes the props; the error says what is missing. Values are checked by [`TieredVpc::new`], which
    /// knows the construct path.
    pub fn build(self) -> Result<TieredVpcProps> {
        self.assemble().map_err(|e| {
            Error::invalid(
                "TieredVpcProps",
                format!("{} is not set", e.field()),
                "call `.cidr(\"10.0.0.0/16\")` on the builder",
            )
        })
    }
}

/// The classic three-tier VPC: public, private-app and data subnets in every AZ.
///
/// What it makes, all named with the environment suffix:
/// - the VPC (DNS support and hostnames on), its default security group taken over with no rules, and its
///   main route table taken over with no routes;
/// - per AZ a public, an app and a data subnet, carved from `cidr` in equal blocks (all public subnets
///   first, then app, then data); only the public tier maps public IPs on launch;
/// - an internet gateway; one public route table with the default route to it;
/// - NAT gateways with Elastic IPs ([`NatGateways::PerAz`] or [`NatGateways::Single`]); per AZ an app route
///   table with the default route through NAT;
/// - per AZ a data route table with no route out of the VPC (unless
///   [`allow_data_tier_internet_egress`](TieredVpcPropsBuilder::allow_data_tier_internet_egress));
/// - a DB subnet group over the data subnets; flow logs through the shared flow-logs construct.
///
/// ```
/// use konductor_aws::network::{NatGateways, Tier, TieredVpc, TieredVpcProps};
///
/// let json = konductor_core::testing::synth(|stack| {
///     let vpc = TieredVpc::new(
///         stack,
///         "production",
///         TieredVpcProps::builder().cidr("10.10.0.0/16").azs(3).nat_gateways(NatGateways::PerAz).build().unwrap(),
///     )
///     .unwrap();
///     assert_eq!(vpc.subnets(Tier::Data).len(), 3);
///     assert_eq!(vpc.subnet_cidrs(Tier::Data)[0].to_string(), "10.10.96.0/20");
/// });
/// let vpcs = konductor_core::testing::resources(&json, "aws_vpc");
/// assert_eq!(vpcs[0].1["tags"]["Name"], "production-test");
/// ```
#[derive(Clone, Debug)]
pub struct TieredVpc {
    scope: Construct,
    cidr: Ipv4Net,
    vpc: Vpc,
    default_security_group: DefaultSecurityGroup,
    default_route_table: DefaultRouteTable,
    internet_gateway: InternetGateway,
    subnets: [Vec<Subnet>; 3],
    subnet_cidrs: [Vec<Ipv4Net>; 3],
    route_tables: [Vec<RouteTable>; 3],
    elastic_ips: Vec<Eip>,
    nat_gateways: Vec<NatGateway>,
    db_subnet_group: DbSubnetGroup,
    flow_logs: Option<FlowLogs>,
}

/// Where each AZ's subnet of each tier gets its availability zone.
enum Zones {
    Named(Vec<String>),
    Lookup(DataAvailabilityZones),
}

impl TieredVpc {
    /// Builds the VPC under `scope` with `id`; the error names the construct path, the bad value and the fix
    /// (a CIDR block too small for `azs x 3` subnets, an AZ count out of range, ...).
    pub fn new(scope: &impl AsScope, id: &str, props: TieredVpcProps) -> Result<Self> {
        let path = child_path(scope, id);
        let azs = props.azs();
        if !(MIN_AZS..=MAX_AZS).contains(&azs) {
            return Err(Error::invalid(
                &path,
                format!(
                    "AZ count {azs} is out of range: a TieredVpc spans {MIN_AZS} to {MAX_AZS} availability zones \
                     (a DB subnet group needs subnets in at least {MIN_AZS})"
                ),
                format!("use azs({MIN_AZS}) to azs({MAX_AZS})"),
            ));
        }
        if let Some(zones) = &props.availability_zones {
            for (i, z) in zones.iter().enumerate() {
                if z.trim().is_empty() || zones[..i].contains(z) {
                    return Err(Error::invalid(
                        &path,
                        format!("availability zone `{z}` is empty or listed twice"),
                        "list distinct zone names, e.g. [\"us-east-1a\", \"us-east-1b\"]",
                    ));
                }
            }
        }
        let block = cidr::parse(&path, &props.cidr)?;
        if block.prefix_len() < 16 {
            return Err(Error::invalid(
                &path,
                format!("cidr {block} is larger than a VPC may be (AWS allows /16 to /28)"),
                "use a /16 or a smaller block",
            ));
        }
        let carved = cidr::split(&path, block, azs * Tier::ALL.len(), &format!("{azs} AZs x 3 tiers"), 28)?;
        let subnet_cidrs: [Vec<Ipv4Net>; 3] =
            Tier::ALL.map(|t| carved[t.index() * azs..(t.index() + 1) * azs].to_vec());

        let c = Construct::new(scope, id);
        let names = Names { scope: c.clone() };
        let vpc = Vpc::builder(&c, "vpc")
            .cidr_block(block.to_string())
            .enable_dns_support(true)
            .enable_dns_hostnames(true)
            .tags(names.tags(id, None))
            .build();
        // Take over the default security group and the main route table, leaving both empty: nothing gets a
        // rule or a route by landing in the VPC without asking.
        let default_security_group = DefaultSecurityGroup::builder(&c, "default-security-group")
            .vpc_id(vpc.id())
            .ingress(Vec::<DefaultSecurityGroupIngress>::new())
            .egress(Vec::<DefaultSecurityGroupEgress>::new())
            .tags(names.tags(&format!("{id}-default-deny-all"), None))
            .build();
        let default_route_table = DefaultRouteTable::builder(&c, "main-route-table")
            .default_route_table_id(vpc.default_route_table_id())
            .route(Vec::<DefaultRouteTableRoute>::new())
            .tags(names.tags(&format!("{id}-main-no-routes"), None))
            .build();
        let internet_gateway = InternetGateway::builder(&c, "internet-gateway")
            .vpc_id(vpc.id())
            .tags(names.tags(&format!("{id}-igw"), None))
            .build();

        let zones = match props.availability_zones.clone() {
            Some(z) => Zones::Named(z),
            None => Zones::Lookup(super::zones::lookup(&c, &path, azs, props.availability_zone_ids.as_deref())),
        };
        let eks = props.eks_cluster.as_deref().map(|cluster| c.name(cluster));

        let mut subnets: [Vec<Subnet>; 3] = Default::default();
        for tier in Tier::ALL {
            for (az, net) in subnet_cidrs[tier.index()].iter().enumerate() {
                let mut tags = names.tags(&format!("{id}-{}-az{}", tier.label(), az + 1), Some(tier));
                if let Some(cluster) = &eks {
                    match tier {
                        Tier::Public => tags.push(("kubernetes.io/role/elb".into(), "1".into())),
                        Tier::App => {
                            tags.push(("kubernetes.io/role/internal-elb".into(), "1".into()));
                            tags.push(("karpenter.sh/discovery".into(), cluster.to_string()));
                        }
                        Tier::Data => {}
                    }
                    if tier != Tier::Data {
                        tags.push((format!("kubernetes.io/cluster/{cluster}"), "shared".into()));
                    }
                }
                let builder = Subnet::builder(&c, &format!("{}-az{}", tier.label(), az + 1))
                    .vpc_id(vpc.id())
                    .cidr_block(net.to_string())
                    .map_public_ip_on_launch(tier == Tier::Public && props.public_ip_on_launch)
                    .tags(tags);
                let builder = match &zones {
                    Zones::Named(z) => builder.availability_zone(z[az].as_str()),
                    Zones::Lookup(data) => builder.availability_zone(data.names().index(az)),
                };
                subnets[tier.index()].push(builder.build());
            }
        }

        // Route tables: one for the public tier; one per AZ for app and data, so each AZ has its own way out.
        let mut route_tables: [Vec<RouteTable>; 3] = Default::default();
        for tier in Tier::ALL {
            let count = if tier == Tier::Public { 1 } else { azs };
            for az in 0..count {
                let (rid, name) = if tier == Tier::Public {
                    (format!("{}-routes", tier.label()), format!("{id}-{}", tier.label()))
                } else {
                    (format!("{}-routes-az{}", tier.label(), az + 1), format!("{id}-{}-az{}", tier.label(), az + 1))
                };
                route_tables[tier.index()]
                    .push(RouteTable::builder(&c, &rid).vpc_id(vpc.id()).tags(names.tags(&name, Some(tier))).build());
            }
        }
        for tier in Tier::ALL {
            for (az, subnet) in subnets[tier.index()].iter().enumerate() {
                let table = &route_tables[tier.index()][if tier == Tier::Public { 0 } else { az }];
                RouteTableAssociation::builder(&c, &format!("{}-az{}-association", tier.label(), az + 1))
                    .subnet_id(subnet.id())
                    .route_table_id(table.id())
                    .build();
            }
        }
        Route::builder(&c, "public-default-route")
            .route_table_id(route_tables[Tier::Public.index()][0].id())
            .destination_cidr_block("0.0.0.0/0")
            .gateway_id(internet_gateway.id())
            .build();

        let nat_count = match props.nat_gateways {
            NatGateways::PerAz => azs,
            NatGateways::Single => 1,
        };
        let mut elastic_ips = Vec::with_capacity(nat_count);
        let mut nat_gateways = Vec::with_capacity(nat_count);
        for (az, public_subnet) in subnets[Tier::Public.index()].iter().take(nat_count).enumerate() {
            let eip = Eip::builder(&c, &format!("nat-eip-az{}", az + 1))
                .domain("vpc")
                .tags(names.tags(&format!("{id}-nat-az{}", az + 1), None))
                .build();
            let nat = NatGateway::builder(&c, &format!("nat-az{}", az + 1))
                .allocation_id(eip.allocation_id())
                .subnet_id(public_subnet.id())
                .connectivity_type("public")
                .tags(names.tags(&format!("{id}-nat-az{}", az + 1), None))
                .build();
            nat.depends_on(&internet_gateway);
            elastic_ips.push(eip);
            nat_gateways.push(nat);
        }
        let mut egress_tiers = vec![Tier::App];
        if props.data_tier_internet_egress {
            egress_tiers.push(Tier::Data);
        }
        for tier in egress_tiers {
            for (az, table) in route_tables[tier.index()].iter().enumerate() {
                let nat = &nat_gateways[az.min(nat_count - 1)];
                Route::builder(&c, &format!("{}-default-route-az{}", tier.label(), az + 1))
                    .route_table_id(table.id())
                    .destination_cidr_block("0.0.0.0/0")
                    .nat_gateway_id(nat.id())
                    .build();
            }
        }

        let data_subnet_ids: Vec<Attr<String>> = subnets[Tier::Data.index()].iter().map(|s| s.id()).collect();
        let db_subnet_group = DbSubnetGroup::builder(&c, "db-subnet-group")
            .name(c.name(&format!("{}-data", path_name_base(&c))))
            .description(format!(
                "Data tier of {id}: {azs} subnets, {}",
                if props.data_tier_internet_egress { "out through NAT" } else { "no route to the internet" }
            ))
            .subnet_ids(data_subnet_ids)
            .tags(names.tags(&format!("{id}-data"), Some(Tier::Data)))
            .build();

        let flow_logs = match props.flow_logs {
            Some(p) => Some(FlowLogs::new(&c, "flow-logs", vpc.id(), p)?),
            None => None,
        };

        Ok(TieredVpc {
            scope: c,
            cidr: block,
            vpc,
            default_security_group,
            default_route_table,
            internet_gateway,
            subnets,
            subnet_cidrs,
            route_tables,
            elastic_ips,
            nat_gateways,
            db_subnet_group,
            flow_logs,
        })
    }

    /// The `aws_vpc`.
    pub fn vpc(&self) -> &Vpc {
        &self.vpc
    }

    /// A reference to the VPC id.
    pub fn vpc_id(&self) -> Attr<String> {
        self.vpc.id()
    }

    /// The VPC's IPv4 block.
    pub fn cidr(&self) -> Ipv4Net {
        self.cidr
    }

    /// The number of AZs spanned.
    pub fn azs(&self) -> usize {
        self.subnets[0].len()
    }

    /// The subnets of `tier`, one per AZ, in AZ order.
    pub fn subnets(&self, tier: Tier) -> &[Subnet] {
        &self.subnets[tier.index()]
    }

    /// References to the ids of the subnets of `tier`, in AZ order (for a load balancer, a node group ...).
    pub fn subnet_ids(&self, tier: Tier) -> Vec<Attr<String>> {
        self.subnets(tier).iter().map(Subnet::id).collect()
    }

    /// The IPv4 blocks of the subnets of `tier`, in AZ order.
    pub fn subnet_cidrs(&self, tier: Tier) -> &[Ipv4Net] {
        &self.subnet_cidrs[tier.index()]
    }

    /// The route tables of `tier`: one for the public tier, one per AZ for the app and data tiers.
    pub fn route_tables(&self, tier: Tier) -> &[RouteTable] {
        &self.route_tables[tier.index()]
    }

    /// The internet gateway.
    pub fn internet_gateway(&self) -> &InternetGateway {
        &self.internet_gateway
    }

    /// The NAT gateways: one per AZ, or one for [`NatGateways::Single`].
    pub fn nat_gateways(&self) -> &[NatGateway] {
        &self.nat_gateways
    }

    /// The Elastic IPs of the NAT gateways, in the same order.
    pub fn elastic_ips(&self) -> &[Eip] {
        &self.elastic_ips
    }

    /// The DB subnet group over the data subnets.
    pub fn db_subnet_group(&self) -> &DbSubnetGroup {
        &self.db_subnet_group
    }

    /// The VPC's default security group, taken over with no rules.
    pub fn default_security_group(&self) -> &DefaultSecurityGroup {
        &self.default_security_group
    }

    /// The VPC's main route table, taken over with no routes.
    pub fn main_route_table(&self) -> &DefaultRouteTable {
        &self.default_route_table
    }

    /// The flow logs (CloudWatch Logs, S3 and the Athena query layer), unless opted out.
    pub fn flow_logs(&self) -> Option<&FlowLogs> {
        self.flow_logs.as_ref()
    }
}

impl AsScope for TieredVpc {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

/// Names of the VPC's elements: `Name` tags with the environment suffix.
struct Names {
    scope: Construct,
}

impl Names {
    /// `Name` (with the environment suffix) and, for tiered things, `Tier`.
    fn tags(&self, base: &str, tier: Option<Tier>) -> Vec<(String, String)> {
        let mut tags = vec![("Name".to_string(), self.scope.name(base).to_string())];
        if let Some(t) = tier {
            tags.push(("Tier".to_string(), t.label().to_string()));
        }
        tags
    }
}
