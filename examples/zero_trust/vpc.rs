//! Requirements 1 and 7: a VPC with no way to the internet (three AZs, private subnets only, no internet
//! gateway), AWS services through VPC endpoints limited to the organization, on-premises through the
//! existing Transit Gateway; every flow logged to CloudWatch Logs and S3 with an Athena table over it.

use konductor::aws::l1::ec2::DataEc2TransitGateway;
use konductor::aws::network::{EndpointPreset, EndpointSelection, ZeroTrustVpc, ZeroTrustVpcProps};
use konductor::core::compliance::nist_800_53::SC_7;
use konductor::prelude::*;

use super::Existing;

/// The Control Tower organization's id: endpoints admit only its principals.
pub const ORGANIZATION_ID: &str = "o-a1b2c3d4e5";

/// The on-premises networks reached through the Transit Gateway.
pub const ON_PREMISES: [&str; 2] = ["192.168.0.0/16", "172.16.0.0/12"];

/// The three availability zones, by zone id: the same physical zones in every account, and a closed set
/// that does not grow when AWS adds a zone to us-east-1.
pub const ZONE_IDS: [&str; 3] = ["use1-az1", "use1-az2", "use1-az4"];

/// The interface endpoints: Session Manager, and what the workload and its logs and keys need.
pub const ENDPOINTS: [&str; 9] =
    ["sts", "kms", "logs", "monitoring", "secretsmanager", "ecr.api", "ecr.dkr", "sqs", "sns"];

/// The VPC.
pub fn network(stack: &Stack, _existing: &Existing) -> konductor::Result<ZeroTrustVpc> {
    let tgw_id = Variable::new(stack, "transit_gateway_id")
        .type_expr("string")
        .description("the existing Transit Gateway to on-premises (shared by the network account)")
        .default("tgw-0123456789abcdef0");
    let tgw = DataEc2TransitGateway::builder(stack, "transit-gateway").id(tgw_id.value()).build();
    let vpc = ZeroTrustVpc::new(
        stack,
        "vpc",
        ZeroTrustVpcProps::builder()
            .cidr("10.40.0.0/16")
            .azs(3)
            .availability_zone_ids(ZONE_IDS)
            .tiers(["app", "data"])
            .interface_endpoints(EndpointSelection::from(EndpointPreset::SessionManager).and(ENDPOINTS))
            .transit_gateway(tgw.id(), ON_PREMISES)
            .organization_id(ORGANIZATION_ID)
            .build()?,
    )?;
    vpc.scope().implements(
        SC_7,
        "no internet gateway or NAT: AWS services through endpoints admitting only the organization, on-premises only through the Transit Gateway",
    );
    Ok(vpc)
}
