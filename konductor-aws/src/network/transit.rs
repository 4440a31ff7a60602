//! The Transit Gateway side of [`ZeroTrustVpc`](super::ZeroTrustVpc): dedicated `/28` attachment subnets,
//! the attachment, and routes to on-premises networks through the Transit Gateway.

use ipnet::Ipv4Net;
use konductor_core::{AsScope, Name, Val};

use crate::l1::ec2::{Ec2TransitGatewayVpcAttachment, Route, RouteTable, RouteTableAssociation, Subnet};

/// What [`ZeroTrustVpc`](super::ZeroTrustVpc) made to reach a Transit Gateway.
///
/// ```
/// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
/// konductor_core::testing::synth(|stack| {
///     let props = ZeroTrustVpcProps::builder()
///         .cidr("10.20.0.0/16")
///         .transit_gateway("tgw-0123456789abcdef0", ["192.168.0.0/16"])
///         .build()
///         .unwrap();
///     let vpc = ZeroTrustVpc::new(stack, "vpc", props).unwrap();
///     let tgw = vpc.transit().unwrap();
///     assert_eq!(tgw.subnets().len(), 3);
///     assert_eq!(tgw.routes().len(), 3); // one on-premises CIDR in each of the 3 private route tables
/// });
/// ```
#[derive(Clone, Debug)]
pub struct TransitGatewayConnection {
    pub(crate) attachment: Ec2TransitGatewayVpcAttachment,
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) subnet_cidrs: Vec<Ipv4Net>,
    pub(crate) route_table: RouteTable,
    pub(crate) routes: Vec<Route>,
    pub(crate) destinations: Vec<Ipv4Net>,
}

impl TransitGatewayConnection {
    /// The VPC attachment.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert!(tgw.attachment().id().to_string().starts_with("${aws_ec2_transit_gateway_vpc_attachment."));
    /// });
    /// ```
    pub fn attachment(&self) -> &Ec2TransitGatewayVpcAttachment {
        &self.attachment
    }

    /// The attachment subnets, one `/28` per AZ, in AZ order.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert_eq!(tgw.subnets().len(), 3);
    /// });
    /// ```
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// The attachment subnets' CIDR blocks.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert_eq!(tgw.subnet_cidrs()[2].to_string(), "10.20.192.32/28");
    /// });
    /// ```
    pub fn subnet_cidrs(&self) -> &[Ipv4Net] {
        &self.subnet_cidrs
    }

    /// The route table of the attachment subnets (local routes only).
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert!(tgw.route_table().id().to_string().starts_with("${aws_route_table."));
    /// });
    /// ```
    pub fn route_table(&self) -> &RouteTable {
        &self.route_table
    }

    /// The routes to the on-premises networks, in every private route table.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert_eq!(tgw.routes().len(), 3);
    /// });
    /// ```
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// The on-premises networks routed through the Transit Gateway.
    ///
    /// ```
    /// use konductor_aws::network::{ZeroTrustVpc, ZeroTrustVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let props = ZeroTrustVpcProps::builder().cidr("10.20.0.0/16").transit_gateway("tgw-1", ["192.168.0.0/16"]).build().unwrap();
    ///     let tgw = ZeroTrustVpc::new(stack, "vpc", props).unwrap().transit().unwrap().clone();
    ///     assert_eq!(tgw.destinations()[0].to_string(), "192.168.0.0/16");
    /// });
    /// ```
    pub fn destinations(&self) -> &[Ipv4Net] {
        &self.destinations
    }
}

/// What the attachment needs from the VPC.
pub(crate) struct TransitInputs<'a> {
    pub(crate) vpc_id: Val,
    pub(crate) availability_zones: Vec<Val>,
    pub(crate) subnet_cidrs: Vec<Ipv4Net>,
    pub(crate) transit_gateway_id: Val,
    pub(crate) destinations: Vec<Ipv4Net>,
    pub(crate) private_route_tables: &'a [RouteTable],
    pub(crate) name: &'a dyn Fn(&str) -> Name,
}

/// Creates the attachment subnets, their route table, the attachment and the routes.
pub(crate) fn connect(scope: &impl AsScope, input: TransitInputs<'_>) -> TransitGatewayConnection {
    let route_table = RouteTable::builder(scope, "transit-route-table")
        .vpc_id(input.vpc_id.clone())
        .tags([("Name", (input.name)("transit"))])
        .build();
    let subnets: Vec<Subnet> = input
        .subnet_cidrs
        .iter()
        .zip(&input.availability_zones)
        .enumerate()
        .map(|(i, (cidr, az))| {
            let n = i + 1;
            let subnet = Subnet::builder(scope, &format!("transit-subnet-{n}"))
                .vpc_id(input.vpc_id.clone())
                .cidr_block(cidr.to_string())
                .availability_zone(az.clone())
                .map_public_ip_on_launch(false)
                .tags([("Name", (input.name)(&format!("transit-{n}")).to_string()), ("Tier", "transit".to_string())])
                .build();
            RouteTableAssociation::builder(scope, &format!("transit-route-table-association-{n}"))
                .subnet_id(subnet.id())
                .route_table_id(route_table.id())
                .build();
            subnet
        })
        .collect();
    let attachment = Ec2TransitGatewayVpcAttachment::builder(scope, "transit-gateway-attachment")
        .transit_gateway_id(input.transit_gateway_id)
        .vpc_id(input.vpc_id)
        .subnet_ids(subnets.iter().map(|s| s.id()).collect::<Vec<_>>())
        .dns_support("enable")
        .tags([("Name", (input.name)("transit-gateway-attachment"))])
        .build();
    let mut routes = Vec::new();
    for (t, table) in input.private_route_tables.iter().enumerate() {
        for (d, destination) in input.destinations.iter().enumerate() {
            let route = Route::builder(scope, &format!("transit-route-{}-{}", t + 1, d + 1))
                .route_table_id(table.id())
                .destination_cidr_block(destination.to_string())
                // The attachment's attribute, not the id given: the route waits for the attachment.
                .transit_gateway_id(attachment.transit_gateway_id())
                .build();
            routes.push(route);
        }
    }
    TransitGatewayConnection {
        attachment,
        subnets,
        subnet_cidrs: input.subnet_cidrs,
        route_table,
        routes,
        destinations: input.destinations,
    }
}
