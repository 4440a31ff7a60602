//! [`ZeroTrustVpc`]: a private-only VPC for regulated workloads. No internet gateway, no NAT, no public
//! IPs; AWS services through VPC endpoints; every flow logged; on-premises through a Transit Gateway.

use derive_builder::Builder;
use ipnet::Ipv4Net;
use konductor_core::{template, AsScope, Attr, Construct, Error, IntoValue, Result, Scope, Val};

use super::context::{path_name_base, AwsContext};
use super::endpoints::{check_interface_services, endpoint_service, EndpointSelection, EndpointType};
use super::flow_logs::{FlowLogs, FlowLogsProps};
use super::transit::{connect, TransitGatewayConnection, TransitInputs};
use super::{child_path, cidr};
use crate::iam::{Condition, PolicyDocument, Principal, Statement};
use crate::l1::ec2::{
    DataAvailabilityZones, DefaultNetworkAcl, DefaultRouteTable, DefaultRouteTableRoute, DefaultSecurityGroup,
    DefaultSecurityGroupEgress, DefaultSecurityGroupIngress, NetworkAcl, NetworkAclEgress, NetworkAclIngress,
    RouteTable, RouteTableAssociation, SecurityGroup, Subnet, Vpc, VpcEndpoint, VpcEndpointDnsOptions,
    VpcSecurityGroupIngressRule,
};
use crate::props::IntoProps;

/// The fewest availability zones a [`ZeroTrustVpc`] spans.
///
/// ```
/// use konductor_aws::network::ZeroTrustVpcProps;
/// assert!(ZeroTrustVpcProps::builder().cidr("10.0.0.0/16").azs(konductor_aws::network::ZERO_TRUST_MIN_AZS).build().is_ok());
/// ```
pub const ZERO_TRUST_MIN_AZS: usize = 2;
/// The most availability zones a [`ZeroTrustVpc`] spans.
///
/// ```
/// use konductor_aws::network::ZeroTrustVpcProps;
/// assert!(ZeroTrustVpcProps::builder().cidr("10.0.0.0/16").azs(konductor_aws::network::ZERO_TRUST_MAX_AZS).build().is_ok());
/// ```
pub const ZERO_TRUST_MAX_AZS: usize = 6;

const PROPS: &str = "ZeroTrustVpcProps";

crate::props::into_props!(ZeroTrustVpcProps, ZeroTrustVpcPropsBuilder, PROPS);
/// The smallest subnet AWS allows.
const SMALLEST_SUBNET: u8 = 28;
/// Addresses AWS reserves in every subnet.
const RESERVED_PER_SUBNET: u32 = 5;
/// The gateway endpoints every route table gets.
const GATEWAY_SERVICES: [&str; 2] = ["s3", "dynamodb"];

/// The Transit Gateway a [`ZeroTrustVpc`] attaches to, and the networks reached through it.
#[derive(Clone, Debug, PartialEq)]
struct TransitGatewayProps {
    id: Val,
    destinations: Vec<Ipv4Net>,
}

/// The settings of a [`ZeroTrustVpc`]; start with [`ZeroTrustVpcProps::builder`].
///
/// ```
/// use konductor_aws::network::{EndpointPreset, ZeroTrustVpcProps};
/// let props = ZeroTrustVpcProps::builder()
///     .cidr("10.20.0.0/16")
///     .azs(3)
///     .tiers(["app", "data"])
///     .interface_endpoints(EndpointPreset::EksPrivate)
///     .organization_id("o-a1b2c3d4e5")
///     .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
///     .build()
///     .unwrap();
/// assert_eq!(props.tiers(), ["app", "data"]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ZeroTrustVpcProps {
    cidr: Ipv4Net,
    azs: usize,
    availability_zone_ids: Option<Vec<String>>,
    tiers: Vec<String>,
    interface_endpoints: Vec<String>,
    endpoint_tier: Option<String>,
    organization_id: Option<String>,
    transit_gateway: Option<TransitGatewayProps>,
    flow_logs: FlowLogsProps,
}

impl ZeroTrustVpcProps {
    /// Starts the props: 3 AZs, one tier `private`, no interface endpoints, flow logs with
    /// [`FlowLogsProps::default`]. The CIDR block is required.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let e = ZeroTrustVpcProps::builder().build().unwrap_err();
    /// assert_eq!(e.to_string(), "[ZeroTrustVpcProps] no VPC CIDR block given: call `.cidr(\"10.0.0.0/16\")` with a private range");
    /// ```
    pub fn builder() -> ZeroTrustVpcPropsBuilder {
        ZeroTrustVpcPropsBuilder::default()
    }

    /// The VPC CIDR block.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").build().unwrap();
    /// assert_eq!(props.cidr().prefix_len(), 16);
    /// ```
    pub fn cidr(&self) -> Ipv4Net {
        self.cidr
    }

    /// The number of availability zones.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").build().unwrap();
    /// assert_eq!(props.azs(), 3);
    /// ```
    pub fn azs(&self) -> usize {
        self.azs
    }

    /// The private tiers, in order.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").build().unwrap();
    /// assert_eq!(props.tiers(), ["private"]);
    /// ```
    pub fn tiers(&self) -> &[String] {
        &self.tiers
    }

    /// The interface endpoints' short names, in order.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").interface_endpoints(["sts", "kms"]).build().unwrap();
    /// assert_eq!(props.interface_endpoints(), ["sts", "kms"]);
    /// ```
    pub fn interface_endpoints(&self) -> &[String] {
        &self.interface_endpoints
    }
}

/// Builds [`ZeroTrustVpcProps`]; `build()` checks every value it can on its own, and
/// [`ZeroTrustVpc::new`] checks the rest (whether the CIDR block fits).
///
/// ```
/// use konductor_aws::network::ZeroTrustVpcProps;
/// let e = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").azs(7).build().unwrap_err();
/// assert_eq!(e.to_string(), "[ZeroTrustVpcProps] 7 availability zones is out of range: use 2 to 6");
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(
    name = "ZeroTrustVpcPropsBuilder",
    public,
    pattern = "owned",
    derive(Debug),
    build_fn(private, name = "assemble", error = "crate::props::Incomplete")
)]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
struct ZeroTrustVpcInput {
    #[builder(setter(custom))]
    cidr: String,
    /// The number of availability zones, 2 to 6 (default 3).
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").azs(2).build().unwrap();
    /// # let _ = props;
    /// ```
    #[builder(default = "3")]
    azs: usize,
    #[builder(setter(custom), default)]
    availability_zone_ids: Option<Vec<String>>,
    #[builder(setter(custom), default = "vec![\"private\".to_string()]")]
    tiers: Vec<String>,
    /// The interface endpoints: an [`EndpointPreset`](super::EndpointPreset), a list of short names
    /// (`["sts", "kms"]`), or both with [`EndpointSelection::and`]. Names are checked against
    /// [`ENDPOINT_SERVICES`](super::ENDPOINT_SERVICES).
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, EndpointSelection, ZeroTrustVpcProps};
    /// let props = ZeroTrustVpcProps::builder()
    ///     .cidr("10.20.0.0/16")
    ///     .interface_endpoints(EndpointSelection::from(EndpointPreset::EksPrivate).and(["athena"]))
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(props.interface_endpoints().len(), 17);
    /// ```
    #[builder(setter(into), default = "EndpointSelection::none()")]
    interface_endpoints: EndpointSelection,
    #[builder(setter(custom), default)]
    unlisted: Vec<String>,
    /// The tier whose subnets hold the interface endpoints' network interfaces (default the first tier).
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").tiers(["app", "data"]).endpoint_tier("data").build().unwrap();
    /// # let _ = props;
    /// ```
    #[builder(setter(into, strip_option), default)]
    endpoint_tier: Option<String>,
    /// Limits every endpoint to principals of this AWS Organization (`aws:PrincipalOrgID`), so that
    /// credentials from outside the organization cannot be used through the VPC: `"o-a1b2c3d4e5"`.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").organization_id("o-a1b2c3d4e5").build().unwrap();
    /// # let _ = props;
    /// ```
    #[builder(setter(into, strip_option), default)]
    organization_id: Option<String>,
    #[builder(setter(custom), default)]
    transit_gateway: Option<(Val, Vec<String>)>,
    /// The flow log settings (default [`FlowLogsProps::default`]: both destinations and the query layer).
    ///
    /// ```
    /// use konductor_aws::network::{FlowLogsProps, ZeroTrustVpcProps};
    /// let props = ZeroTrustVpcProps::builder()
    ///     .cidr("10.20.0.0/16")
    ///     .flow_logs(FlowLogsProps::builder().log_retention_days(731).build().unwrap())
    ///     .build()
    ///     .unwrap();
    /// # let _ = props;
    /// ```
    #[builder(default)]
    flow_logs: FlowLogsProps,
}

impl ZeroTrustVpcPropsBuilder {
    /// The VPC CIDR block (required), `/16` to `/28`: `"10.20.0.0/16"`.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn cidr(mut self, cidr: &str) -> Self {
        self.cidr = Some(cidr.to_string());
        self
    }

    /// Pins the availability zones by identity (`["use1-az1", "use1-az2", "use1-az4"]`): zone ids name the
    /// same physical zones in every account, and the lookup returns exactly these, so the VPC never moves
    /// when AWS adds a zone. Their count is the AZ count.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").availability_zone_ids(["use1-az1", "use1-az2"]).build().unwrap();
    /// assert_eq!(props.azs(), 2);
    /// ```
    pub fn availability_zone_ids<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        self.azs = Some(ids.len());
        self.availability_zone_ids = Some(Some(ids));
        self
    }

    /// The private tiers, each with one subnet per AZ (default one tier, `private`). Names are lowercase
    /// letters, digits and hyphens: `["app", "data"]`.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").tiers(["app", "data"]).build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn tiers<S: Into<String>>(mut self, tiers: impl IntoIterator<Item = S>) -> Self {
        self.tiers = Some(tiers.into_iter().map(Into::into).collect());
        self
    }

    /// Named opt-out of the catalogue check: an interface endpoint for a service the catalogue does not
    /// list yet (`"com.amazonaws.<region>."` is prepended). A wrong name fails at `terraform apply`.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").unlisted_interface_endpoint("new-service").build().unwrap();
    /// assert_eq!(props.interface_endpoints(), ["new-service"]);
    /// ```
    pub fn unlisted_interface_endpoint(mut self, short_name: &str) -> Self {
        self.unlisted.get_or_insert_with(Vec::new).push(short_name.to_string());
        self
    }

    /// Attaches the VPC to the Transit Gateway `id` (an id or an expression such as
    /// `tgw.id()` or `Expr::var("tgw_id")`) and routes `destinations` (on-premises CIDR blocks) through it
    /// from every private route table.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16")
    ///     .transit_gateway(konductor_core::Expr::var("transit_gateway_id"), ["192.168.0.0/16", "172.16.0.0/12"])
    ///     .build()
    ///     .unwrap();
    /// # let _ = props;
    /// ```
    pub fn transit_gateway<S: Into<String>>(
        mut self,
        id: impl IntoValue<String>,
        destinations: impl IntoIterator<Item = S>,
    ) -> Self {
        self.transit_gateway = Some(Some((id.into_val(), destinations.into_iter().map(Into::into).collect())));
        self
    }

    /// Checks and returns the props.
    ///
    /// ```
    /// use konductor_aws::network::ZeroTrustVpcProps;
    /// let e = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").interface_endpoints(["ecr-api"]).build().unwrap_err();
    /// assert!(e.to_string().ends_with("did you mean `ecr.api`?"));
    /// ```
    pub fn build(self) -> Result<ZeroTrustVpcProps> {
        let input = self.assemble().map_err(|_| {
            Error::invalid(PROPS, "no VPC CIDR block given", "call `.cidr(\"10.0.0.0/16\")` with a private range")
        })?;
        let vpc_cidr = cidr::parse(PROPS, &input.cidr)?;
        if !(16..=28).contains(&vpc_cidr.prefix_len()) {
            return Err(Error::invalid(
                PROPS,
                format!("VPC CIDR block {vpc_cidr} has a /{} prefix, outside what AWS allows", vpc_cidr.prefix_len()),
                "use a prefix from /16 to /28",
            ));
        }
        if !(ZERO_TRUST_MIN_AZS..=ZERO_TRUST_MAX_AZS).contains(&input.azs) {
            return Err(Error::invalid(
                PROPS,
                format!("{} availability zones is out of range", input.azs),
                format!("use {ZERO_TRUST_MIN_AZS} to {ZERO_TRUST_MAX_AZS}"),
            ));
        }
        if input.tiers.is_empty() {
            return Err(Error::invalid(
                PROPS,
                "no private tiers given",
                "give at least one tier, e.g. `.tiers([\"app\"])`",
            ));
        }
        for (i, tier) in input.tiers.iter().enumerate() {
            let ok = tier.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && tier.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                return Err(Error::invalid(
                    PROPS,
                    format!("tier name `{tier}` is not lowercase letters, digits and hyphens starting with a letter"),
                    "name tiers like `app` or `data-1`",
                ));
            }
            if input.tiers[..i].contains(tier) {
                return Err(Error::invalid(PROPS, format!("tier `{tier}` is given twice"), "give each tier once"));
            }
        }
        if let Some(tier) = &input.endpoint_tier {
            if !input.tiers.contains(tier) {
                return Err(Error::invalid(
                    PROPS,
                    format!("endpoint tier `{tier}` is not one of the tiers ({})", input.tiers.join(", ")),
                    "name one of the tiers in `.endpoint_tier(...)`",
                ));
            }
        }
        check_interface_services(PROPS, input.interface_endpoints.names())?;
        let mut interface_endpoints = input.interface_endpoints.names().to_vec();
        for name in input.unlisted {
            if name.is_empty() || name.contains(char::is_whitespace) || name.starts_with("com.") {
                return Err(Error::invalid(
                    PROPS,
                    format!("unlisted endpoint service `{name}` is not a short name"),
                    "give the part after `com.amazonaws.<region>.`",
                ));
            }
            if !interface_endpoints.contains(&name) {
                interface_endpoints.push(name);
            }
        }
        if let Some(org) = &input.organization_id {
            let ok = org.len() >= 12
                && org.len() <= 34
                && org.starts_with("o-")
                && org[2..].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if !ok {
                return Err(Error::invalid(
                    PROPS,
                    format!("`{org}` is not an AWS Organizations id"),
                    "give the organization id, `o-` and 10 to 32 lowercase letters or digits (see `aws organizations describe-organization`)",
                ));
            }
        }
        let transit_gateway = match input.transit_gateway {
            None => None,
            Some((id, texts)) => {
                let mut destinations = Vec::new();
                for t in &texts {
                    let net = cidr::parse(PROPS, t)?;
                    if cidr::overlaps(net, vpc_cidr) {
                        return Err(Error::invalid(
                            PROPS,
                            format!("on-premises CIDR block {net} overlaps the VPC CIDR block {vpc_cidr}"),
                            "route only networks outside the VPC through the Transit Gateway",
                        ));
                    }
                    if !destinations.contains(&net) {
                        destinations.push(net);
                    }
                }
                if destinations.is_empty() {
                    return Err(Error::invalid(
                        PROPS,
                        "a Transit Gateway with no on-premises CIDR blocks to route",
                        "give the networks to reach, e.g. `[\"192.168.0.0/16\"]`",
                    ));
                }
                Some(TransitGatewayProps { id, destinations })
            }
        };
        Ok(ZeroTrustVpcProps {
            cidr: vpc_cidr,
            azs: input.azs,
            availability_zone_ids: input.availability_zone_ids,
            tiers: input.tiers,
            interface_endpoints,
            endpoint_tier: input.endpoint_tier,
            organization_id: input.organization_id,
            transit_gateway,
            flow_logs: input.flow_logs,
        })
    }
}

/// The subnets of every tier and the attachment subnets, carved from the VPC block.
#[derive(Debug, PartialEq)]
struct Layout {
    /// By tier, then AZ.
    tiers: Vec<Vec<Ipv4Net>>,
    /// One `/28` per AZ, when attached to a Transit Gateway.
    transit: Vec<Ipv4Net>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Carves the VPC block deterministically: equal subnets, tier by tier and AZ by AZ in address order, then
/// (with a Transit Gateway) one more block of the same size holding the `/28` attachment subnets. The
/// subnets are large enough for the interface endpoints' network interfaces.
fn layout(path: &str, props: &ZeroTrustVpcProps) -> Result<Layout> {
    let azs = props.azs;
    let count = props.tiers.len() * azs;
    let transit = props.transit_gateway.is_some();
    // The longest prefix a tier subnet may have: AWS's /28, room for one interface per endpoint and one
    // more address, and a block that holds the attachment subnets.
    let mut longest = SMALLEST_SUBNET;
    let endpoints = props.interface_endpoints.len() as u32;
    let mut endpoint_bound = false;
    if endpoints > 0 {
        while longest > 16 && (1u32 << (32 - longest)) - RESERVED_PER_SUBNET < endpoints + 1 {
            longest -= 1;
            endpoint_bound = true;
        }
    }
    if transit {
        let bits = cidr::bits_for(azs);
        if SMALLEST_SUBNET - bits < longest {
            longest = SMALLEST_SUBNET - bits;
            endpoint_bound = false;
        }
    }
    let mut what = format!("{} x {}", plural(azs, "AZ", "AZs"), plural(props.tiers.len(), "tier", "tiers"));
    if endpoint_bound {
        what.push_str(&format!(
            " with {} per subnet",
            plural(endpoints as usize, "interface endpoint", "interface endpoints")
        ));
    }
    if transit {
        what.push_str(" and the transit gateway subnets");
    }
    let nets = cidr::split(path, props.cidr, count + usize::from(transit), &what, longest)?;
    let tiers = (0..props.tiers.len()).map(|t| nets[t * azs..(t + 1) * azs].to_vec()).collect();
    // The block after the tier subnets is at least `azs` /28s long (see `longest`).
    let transit = match nets.get(count).filter(|_| transit).map(|block| block.subnets(SMALLEST_SUBNET)) {
        Some(Ok(subnets)) => subnets.take(azs).collect(),
        _ => Vec::new(),
    };
    Ok(Layout { tiers, transit })
}

/// One private tier: a subnet and a route table per AZ.
///
/// ```
/// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
/// konductor_core::testing::synth(|stack| {
///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").tiers(["app", "data"]).build().unwrap();
///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
///     let data = vpc.tier("data").unwrap();
///     assert_eq!(data.subnet_cidrs()[0].to_string(), "10.20.96.0/19");
/// });
/// ```
#[derive(Clone, Debug)]
pub struct PrivateTier {
    name: String,
    subnets: Vec<Subnet>,
    subnet_cidrs: Vec<Ipv4Net>,
    route_tables: Vec<RouteTable>,
}

impl PrivateTier {
    /// The tier's name.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tiers()[1].name(), "data");
    /// });
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The subnets, one per AZ, in AZ order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tier("app").unwrap().subnets().len(), 3);
    /// });
    /// ```
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// The subnets' ids, for attributes that take a list.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tier("app").unwrap().subnet_ids().len(), 3);
    /// });
    /// ```
    pub fn subnet_ids(&self) -> Vec<Attr<String>> {
        self.subnets.iter().map(|s| s.id()).collect()
    }

    /// The subnets' CIDR blocks, in AZ order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tier("app").unwrap().subnet_cidrs()[1].to_string(), "10.20.32.0/19");
    /// });
    /// ```
    pub fn subnet_cidrs(&self) -> &[Ipv4Net] {
        &self.subnet_cidrs
    }

    /// The route tables, one per AZ, in AZ order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tier("data").unwrap().route_tables().len(), 3);
    /// });
    /// ```
    pub fn route_tables(&self) -> &[RouteTable] {
        &self.route_tables
    }
}

/// A VPC endpoint the [`ZeroTrustVpc`] made.
#[derive(Clone, Debug)]
pub struct ServiceEndpoint {
    service: String,
    kind: EndpointType,
    endpoint: VpcEndpoint,
}

impl ServiceEndpoint {
    /// The service's short name: `ecr.api`.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.endpoints()[0].service(), "s3");
    /// });
    /// ```
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Interface or gateway.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.endpoints()[2].endpoint_type(), konductor_aws::network::EndpointType::Interface);
    /// });
    /// ```
    pub fn endpoint_type(&self) -> EndpointType {
        self.kind
    }

    /// The endpoint.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.endpoints()[0].endpoint().id().to_string().starts_with("${aws_vpc_endpoint."));
    /// });
    /// ```
    pub fn endpoint(&self) -> &VpcEndpoint {
        &self.endpoint
    }
}

/// A private-only VPC for a zero-trust design in financial services: nothing in it can reach the
/// internet or be reached from it, AWS services are reached through VPC endpoints, every flow is logged,
/// and on-premises networks are reached through a Transit Gateway.
///
/// ```
/// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
/// let json = konductor_core::testing::synth(|stack| {
///     let vpc = ZeroTrustVpc::new(stack, "vpc", ZeroTrustVpcProps::builder()
///         .cidr("10.20.0.0/16")
///         .tiers(["app", "data"])
///         .interface_endpoints(EndpointPreset::EksPrivate)
///         .build()
///         .unwrap())
///     .unwrap();
///     assert_eq!(vpc.subnets("app").len(), 3);
///     assert_eq!(vpc.route_tables().len(), 6);
/// });
/// assert!(json["resource"].get("aws_internet_gateway").is_none());
/// assert!(json["resource"].get("aws_nat_gateway").is_none());
/// ```
///
/// # Design
/// - **No way out.** There is no internet gateway, egress-only gateway or NAT gateway, no subnet maps
///   public IPs, and no route leads anywhere but the VPC, the gateway endpoints and (when attached) the
///   Transit Gateway. Routing is the boundary; security groups and the network ACL are the second line.
/// - **Defaults taken over.** The default security group, default network ACL and default route table are
///   managed with no rules and no routes, so nothing placed in them by mistake can talk.
/// - **Subnets.** Private tiers (default one, `private`), each with one subnet and one route table per AZ,
///   carved from the VPC block in address order (tier by tier, AZ by AZ); the same props always give the
///   same CIDR blocks. A block too small for the tiers, AZs, endpoints and attachment subnets is an error
///   that says which prefix would fit. AZs are the region's first available zones that need no opt-in
///   (no Local Zones), checked at plan time.
/// - **Network ACL.** The subnets share one network ACL: all traffic within the VPC and to and from the
///   on-premises networks, HTTPS out to anywhere and TCP replies back (the S3 and DynamoDB gateway
///   endpoints answer from public addresses, which a network ACL cannot name; nothing else is routed
///   there), everything else denied.
/// - **Endpoints.** Gateway endpoints for S3 and DynamoDB on every route table (free, and how ECR layers
///   arrive). Interface endpoints for the chosen services, with private DNS so SDKs need no
///   configuration, one network interface in each AZ's subnet of the endpoint tier, behind a dedicated
///   security group that admits HTTPS (443) from the VPC block only. With
///   [`organization_id`](ZeroTrustVpcPropsBuilder::organization_id), every endpoint's policy admits only
///   principals of the organization: stolen credentials of another account, and anonymous requests (public
///   buckets, package mirrors on S3) cannot leave through the VPC.
/// - **Flow logs.** All traffic, 60-second aggregation, to CloudWatch Logs and to S3 with the Athena query
///   layer: see [`FlowLogs`].
/// - **Transit Gateway.** Dedicated `/28` attachment subnets (one per AZ, with their own route table, as AWS
///   recommends so the attachment's interfaces do not take workload addresses), the attachment, and a route
///   to each on-premises block in every private route table. Route propagation and association on the
///   Transit Gateway side are left to its owner.
#[derive(Clone, Debug)]
pub struct ZeroTrustVpc {
    scope: Construct,
    cidr: Ipv4Net,
    availability_zones: DataAvailabilityZones,
    vpc: Vpc,
    tiers: Vec<PrivateTier>,
    network_acl: NetworkAcl,
    default_security_group: DefaultSecurityGroup,
    default_network_acl: DefaultNetworkAcl,
    default_route_table: DefaultRouteTable,
    endpoints: Vec<ServiceEndpoint>,
    endpoint_security_group: Option<SecurityGroup>,
    transit: Option<TransitGatewayConnection>,
    flow_logs: FlowLogs,
}

impl AsScope for ZeroTrustVpc {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

fn ingress(rule_no: u32, protocol: &str, action: &str, from: u16, to: u16, cidr: &str) -> NetworkAclIngress {
    NetworkAclIngress::builder()
        .rule_no(rule_no)
        .protocol(protocol)
        .action(action)
        .from_port(from)
        .to_port(to)
        .cidr_block(cidr)
        .build()
}

fn egress(rule_no: u32, protocol: &str, action: &str, from: u16, to: u16, cidr: &str) -> NetworkAclEgress {
    NetworkAclEgress::builder()
        .rule_no(rule_no)
        .protocol(protocol)
        .action(action)
        .from_port(from)
        .to_port(to)
        .cidr_block(cidr)
        .build()
}

impl ZeroTrustVpc {
    /// A zero-trust VPC with `id` under `scope`. Fails when the CIDR block cannot hold the tiers, AZs,
    /// endpoints and attachment subnets, naming the prefix that would.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.0.0.0/26").tiers(["a", "b", "c"]).build().unwrap();
    ///     let e = ZeroTrustVpc::new(stack, "vpc", props).unwrap_err();
    ///     assert_eq!(e.to_string(), "[test/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 3 tiers: use /24 or larger");
    /// });
    /// ```
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<ZeroTrustVpcProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        let plan = layout(&path, &props)?;
        let scope = Construct::new(scope, id);
        let base = path_name_base(&scope);
        let name = |suffix: &str| scope.name(&format!("{base}-{suffix}"));
        let cx = AwsContext::new(&scope);
        let cidr_text = props.cidr.to_string();

        let availability_zones = super::zones::lookup(&scope, &path, props.azs, props.availability_zone_ids.as_deref());
        let az = |i: usize| -> Val { Val::Expr(availability_zones.names().index(i)) };

        let vpc = Vpc::builder(&scope, "vpc")
            .cidr_block(cidr_text.as_str())
            .enable_dns_support(true)
            .enable_dns_hostnames(true)
            .tags([("Name", scope.name(&base))])
            .build();
        let vpc_id = || -> Val { vpc.id().into_val() };

        let default_security_group = DefaultSecurityGroup::builder(&scope, "default-security-group")
            .vpc_id(vpc_id())
            .ingress(Vec::<DefaultSecurityGroupIngress>::new())
            .egress(Vec::<DefaultSecurityGroupEgress>::new())
            .tags([("Name", name("default-no-rules"))])
            .build();
        let default_network_acl = DefaultNetworkAcl::builder(&scope, "default-network-acl")
            .default_network_acl_id(vpc.default_network_acl_id())
            .tags([("Name", name("default-deny-all"))])
            .build();
        let default_route_table = DefaultRouteTable::builder(&scope, "default-route-table")
            .default_route_table_id(vpc.default_route_table_id())
            .route(Vec::<DefaultRouteTableRoute>::new())
            .tags([("Name", name("default-local-only"))])
            .build();

        let tiers: Vec<PrivateTier> = props
            .tiers
            .iter()
            .zip(&plan.tiers)
            .map(|(tier, cidrs)| {
                let mut subnets = Vec::new();
                let mut route_tables = Vec::new();
                for (i, net) in cidrs.iter().enumerate() {
                    let n = i + 1;
                    let subnet = Subnet::builder(&scope, &format!("subnet-{tier}-{n}"))
                        .vpc_id(vpc_id())
                        .cidr_block(net.to_string())
                        .availability_zone(az(i))
                        .map_public_ip_on_launch(false)
                        .tags([("Name", name(&format!("{tier}-{n}")).to_string()), ("Tier", tier.clone())])
                        .build();
                    let table = RouteTable::builder(&scope, &format!("route-table-{tier}-{n}"))
                        .vpc_id(vpc_id())
                        .tags([("Name", name(&format!("{tier}-{n}")))])
                        .build();
                    RouteTableAssociation::builder(&scope, &format!("route-table-association-{tier}-{n}"))
                        .subnet_id(subnet.id())
                        .route_table_id(table.id())
                        .build();
                    subnets.push(subnet);
                    route_tables.push(table);
                }
                PrivateTier { name: tier.clone(), subnets, subnet_cidrs: cidrs.clone(), route_tables }
            })
            .collect();
        let private_tables: Vec<RouteTable> = tiers.iter().flat_map(|t| t.route_tables.iter().cloned()).collect();

        let transit = props.transit_gateway.as_ref().map(|tgw| {
            connect(
                &scope,
                TransitInputs {
                    vpc_id: vpc_id(),
                    availability_zones: (0..props.azs).map(az).collect(),
                    subnet_cidrs: plan.transit.clone(),
                    transit_gateway_id: tgw.id.clone(),
                    destinations: tgw.destinations.clone(),
                    private_route_tables: &private_tables,
                    name: &name,
                },
            )
        });

        // One network ACL for every subnet: the VPC, the on-premises networks, and HTTPS to the gateway
        // endpoints with its replies.
        let on_prem: Vec<Ipv4Net> = props.transit_gateway.as_ref().map(|t| t.destinations.clone()).unwrap_or_default();
        let mut ingress_rules = vec![ingress(100, "-1", "allow", 0, 0, &cidr_text)];
        let mut egress_rules = vec![egress(100, "-1", "allow", 0, 0, &cidr_text)];
        for (k, net) in on_prem.iter().enumerate() {
            let rule_no = 110 + 10 * k as u32;
            ingress_rules.push(ingress(rule_no, "-1", "allow", 0, 0, &net.to_string()));
            egress_rules.push(egress(rule_no, "-1", "allow", 0, 0, &net.to_string()));
        }
        // The replies' ephemeral ports, split around RDP (3389) so that no admin port is admitted from the
        // internet (SSH, 22, is below the range).
        ingress_rules.push(ingress(900, "tcp", "allow", 1024, 3388, "0.0.0.0/0"));
        ingress_rules.push(ingress(910, "tcp", "allow", 3390, 65535, "0.0.0.0/0"));
        egress_rules.push(egress(900, "tcp", "allow", 443, 443, "0.0.0.0/0"));
        let mut acl_subnets: Vec<Attr<String>> = tiers.iter().flat_map(|t| t.subnet_ids()).collect();
        if let Some(t) = &transit {
            acl_subnets.extend(t.subnets.iter().map(|s| s.id()));
        }
        let network_acl = NetworkAcl::builder(&scope, "network-acl")
            .vpc_id(vpc_id())
            .subnet_ids(acl_subnets)
            .ingress(ingress_rules)
            .egress(egress_rules)
            .tags([("Name", name("private"))])
            .build();

        // Endpoints.
        let policy = props.organization_id.as_ref().map(|org| {
            PolicyDocument::new()
                .statement(
                    Statement::allow()
                        .sid("OrganizationPrincipalsOnly")
                        .principal(Principal::anyone())
                        .action("*")
                        .resource("*")
                        .condition(Condition::principal_org_id(org.as_str()))
                        .allow_full_admin(
                            "VPC endpoint policy: it only narrows who may use the endpoint (principals of the \
                             organization); what they may do is still decided by their own IAM policies",
                        ),
                )
                .to_value(&scope)
        });
        let all_tables: Vec<Attr<String>> =
            private_tables.iter().chain(transit.as_ref().map(|t| &t.route_table)).map(|t| t.id()).collect();
        let service_name = |svc: &str| template!("com.amazonaws.{}.{}", cx.region(), svc);
        let mut endpoints = Vec::new();
        for svc in GATEWAY_SERVICES {
            let mut b = VpcEndpoint::builder(&scope, &format!("gateway-endpoint-{svc}"))
                .vpc_id(vpc_id())
                .service_name(service_name(svc))
                .vpc_endpoint_type(EndpointType::Gateway.as_str())
                .route_table_ids(all_tables.clone())
                .tags([("Name", name(&format!("{svc}-gateway")))]);
            if let Some(p) = &policy {
                b = b.policy(p);
            }
            endpoints.push(ServiceEndpoint {
                service: svc.to_string(),
                kind: EndpointType::Gateway,
                endpoint: b.build(),
            });
        }
        let endpoint_security_group = (!props.interface_endpoints.is_empty()).then(|| {
            let sg_name = name("endpoints");
            let sg = SecurityGroup::builder(&scope, "endpoint-security-group")
                .name(&sg_name)
                .description("Interface VPC endpoints: HTTPS from the VPC only")
                .vpc_id(vpc_id())
                .revoke_rules_on_delete(true)
                .tags([("Name", &sg_name)])
                .build();
            VpcSecurityGroupIngressRule::builder(&scope, "endpoint-https-from-vpc")
                .security_group_id(sg.id())
                .description("HTTPS from the VPC")
                .ip_protocol("tcp")
                .from_port(443)
                .to_port(443)
                .cidr_ipv4(cidr_text.as_str())
                .build();
            sg
        });
        let endpoint_tier = props.endpoint_tier.as_deref().unwrap_or(&props.tiers[0]);
        let endpoint_subnets: Vec<Attr<String>> =
            tiers.iter().find(|t| t.name == endpoint_tier).map(|t| t.subnet_ids()).unwrap_or_default();
        for svc in &props.interface_endpoints {
            let known = endpoint_service(svc);
            let mut b = VpcEndpoint::builder(&scope, &format!("interface-endpoint-{}", svc.replace('.', "-")))
                .vpc_id(vpc_id())
                .service_name(service_name(svc))
                .vpc_endpoint_type(EndpointType::Interface.as_str())
                .private_dns_enabled(true)
                .subnet_ids(endpoint_subnets.clone())
                .tags([("Name", name(svc))]);
            if let Some(sg) = &endpoint_security_group {
                b = b.security_group_ids(vec![sg.id()]);
            }
            if known.is_some_and(|s| s.gateway) {
                // The gateway endpoint answers the service's public DNS name inside the VPC; the interface
                // endpoint's private DNS serves resolvers from outside (on-premises) only.
                b = b.dns_options(
                    VpcEndpointDnsOptions::builder().private_dns_only_for_inbound_resolver_endpoint(true).build(),
                );
            }
            if let Some(p) = &policy {
                if !matches!(known, Some(s) if !s.policies) {
                    b = b.policy(p);
                }
            }
            endpoints.push(ServiceEndpoint {
                service: svc.clone(),
                kind: EndpointType::Interface,
                endpoint: b.build(),
            });
        }

        let flow_logs = FlowLogs::with_context(&scope, "flow-logs", vpc.id(), props.flow_logs, &cx)?;

        Ok(ZeroTrustVpc {
            cidr: props.cidr,
            availability_zones,
            vpc,
            tiers,
            network_acl,
            default_security_group,
            default_network_acl,
            default_route_table,
            endpoints,
            endpoint_security_group,
            transit,
            flow_logs,
            scope,
        })
    }

    /// The VPC's id.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.vpc_id().to_string().starts_with("${aws_vpc."));
    /// });
    /// ```
    pub fn vpc_id(&self) -> Attr<String> {
        self.vpc.id()
    }

    /// The VPC.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.vpc().logical_id(), "vpc_6776A399");
    /// });
    /// ```
    pub fn vpc(&self) -> &Vpc {
        &self.vpc
    }

    /// The VPC CIDR block.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.cidr().to_string(), "10.20.0.0/16");
    /// });
    /// ```
    pub fn cidr(&self) -> Ipv4Net {
        self.cidr
    }

    /// The availability zones data source; the VPC uses the first names in order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.availability_zones().names().to_string().starts_with("${data.aws_availability_zones."));
    /// });
    /// ```
    pub fn availability_zones(&self) -> &DataAvailabilityZones {
        &self.availability_zones
    }

    /// The private tiers, in order.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.tiers().len(), 2);
    /// });
    /// ```
    pub fn tiers(&self) -> &[PrivateTier] {
        &self.tiers
    }

    /// The tier named `name`.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.tier("app").is_some() && vpc.tier("web").is_none());
    /// });
    /// ```
    pub fn tier(&self, name: &str) -> Option<&PrivateTier> {
        self.tiers.iter().find(|t| t.name == name)
    }

    /// The subnets of tier `tier`, one per AZ; empty for a tier that does not exist.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", ZeroTrustVpcProps::builder().cidr("10.0.0.0/16").build().unwrap()).unwrap();
    ///     assert_eq!(vpc.subnets("private").len(), 3);
    ///     assert!(vpc.subnets("public").is_empty());
    /// });
    /// ```
    pub fn subnets(&self, tier: &str) -> &[Subnet] {
        self.tier(tier).map(|t| &t.subnets[..]).unwrap_or_default()
    }

    /// Every private route table, tier by tier, AZ by AZ.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.route_tables().len(), 6);
    /// });
    /// ```
    pub fn route_tables(&self) -> Vec<&RouteTable> {
        self.tiers.iter().flat_map(|t| t.route_tables.iter()).collect()
    }

    /// The network ACL of every subnet.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.network_acl().id().to_string().starts_with("${aws_network_acl."));
    /// });
    /// ```
    pub fn network_acl(&self) -> &NetworkAcl {
        &self.network_acl
    }

    /// The default security group, managed with no rules.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.default_security_group().id().to_string().starts_with("${aws_default_security_group."));
    /// });
    /// ```
    pub fn default_security_group(&self) -> &DefaultSecurityGroup {
        &self.default_security_group
    }

    /// The default network ACL, managed with no rules.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.default_network_acl().id().to_string().starts_with("${aws_default_network_acl."));
    /// });
    /// ```
    pub fn default_network_acl(&self) -> &DefaultNetworkAcl {
        &self.default_network_acl
    }

    /// The default route table, managed with no routes.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.default_route_table().id().to_string().starts_with("${aws_default_route_table."));
    /// });
    /// ```
    pub fn default_route_table(&self) -> &DefaultRouteTable {
        &self.default_route_table
    }

    /// Every VPC endpoint: the gateway endpoints, then the interface endpoints in the order asked for.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.endpoints().len(), 2 + 16);
    /// });
    /// ```
    pub fn endpoints(&self) -> &[ServiceEndpoint] {
        &self.endpoints
    }

    /// The endpoint of service `short_name` (`"s3"`, `"ecr.api"`).
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.endpoint("ecr.api").is_some() && vpc.endpoint("athena").is_none());
    /// });
    /// ```
    pub fn endpoint(&self, short_name: &str) -> Option<&VpcEndpoint> {
        self.endpoints.iter().find(|e| e.service == short_name).map(|e| &e.endpoint)
    }

    /// The security group of the interface endpoints (none without interface endpoints).
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert!(vpc.endpoint_security_group().is_some());
    /// });
    /// ```
    pub fn endpoint_security_group(&self) -> Option<&SecurityGroup> {
        self.endpoint_security_group.as_ref()
    }

    /// The Transit Gateway attachment, its subnets and routes.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.transit().unwrap().subnet_cidrs()[0].to_string(), "10.20.192.0/28");
    /// });
    /// ```
    pub fn transit(&self) -> Option<&TransitGatewayConnection> {
        self.transit.as_ref()
    }

    /// The flow logs.
    ///
    /// ```
    /// use konductor_aws::network::{EndpointPreset, ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder()
    ///         .cidr("10.20.0.0/16")
    ///         .tiers(["app", "data"])
    ///         .interface_endpoints(EndpointPreset::EksPrivate)
    ///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
    ///         .build()
    ///         .unwrap();
    ///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
    ///     assert_eq!(vpc.flow_logs().named_queries().len(), 3);
    /// });
    /// ```
    pub fn flow_logs(&self) -> &FlowLogs {
        &self.flow_logs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(cidr: &str) -> ZeroTrustVpcPropsBuilder {
        ZeroTrustVpcProps::builder().cidr(cidr)
    }

    #[test]
    fn layout_is_tier_by_tier_then_az() {
        let p = props("10.20.0.0/16").tiers(["app", "data"]).build().unwrap();
        let l = layout("n/vpc", &p).unwrap();
        let s: Vec<Vec<String>> = l.tiers.iter().map(|t| t.iter().map(|n| n.to_string()).collect()).collect();
        assert_eq!(s[0], ["10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"]);
        assert_eq!(s[1], ["10.20.96.0/19", "10.20.128.0/19", "10.20.160.0/19"]);
        assert!(l.transit.is_empty());
    }

    #[test]
    fn transit_subnets_are_28s_in_the_next_block() {
        let p = props("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
        let l = layout("n/vpc", &p).unwrap();
        let t: Vec<String> = l.transit.iter().map(|n| n.to_string()).collect();
        assert_eq!(t, ["10.20.192.0/28", "10.20.192.16/28", "10.20.192.32/28"]);
    }

    #[test]
    fn endpoints_need_room() {
        // 16 endpoints need /27 subnets: 3 AZs (4 blocks) of /27 is a /25.
        let p = props("10.0.0.0/26").interface_endpoints(super::super::EndpointPreset::EksPrivate).build().unwrap();
        let e = layout("n/vpc", &p).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[n/vpc] cidr 10.0.0.0/26 is too small for 3 AZs x 1 tier with 16 interface endpoints per subnet: use /25 or larger"
        );
    }
}
