//! Network: the networking constructs of konductor-aws, in three stacks.
//!
//! - `zero-trust`: a ZeroTrustVpc with the endpoints a private EKS cluster needs, flow logs to CloudWatch
//!   Logs and S3 (with Athena), and a Transit Gateway attachment (the Transit Gateway id is a variable);
//! - `production-pci`: a TieredVpc in the PCI account (the stack's provider assumes a role there, given as
//!   a variable), with the ALB -> app -> DB security-group chain;
//! - `production`: a TieredVpc tagged for an EKS cluster, its security-group chain, and the peering to
//!   `production-pci`, app tier to app tier, whose accepter side runs in the PCI account through an aliased
//!   provider. The PCI VPC's ids come across through remote state.
//!
//! ```text
//! cargo run --example network                   # writes cdktf.out/
//! cargo run --example network -- --out /tmp/network-out
//! python3 ../shared/schemas/validate_tf_json.py /tmp/network-out
//! ```

use konductor::aws::network::{
    EndpointPreset, FlowLogsProps, NatGateways, SecurityGroupChain, SecurityGroupChainProps, TieredVpc, TieredVpcProps,
    VpcPeering, VpcPeeringProps, ZeroTrustVpc, ZeroTrustVpcProps,
};
use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole};
use konductor::prelude::*;

/// The region of both stacks.
const REGION: &str = "us-east-1";

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    let env = Environment::new("dev")?;
    zero_trust(&app, &env)?;
    let pci = production_pci(&app, &env)?;
    production(&app, &env, &pci)?;
    app.synth()
}

/// A private-only VPC for a private EKS cluster, attached to the Transit Gateway given as a variable.
fn zero_trust(app: &App, env: &Environment) -> konductor::Result<Stack> {
    let stack = Stack::new(app, "zero-trust", env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let tgw = Variable::new(&stack, "transit-gateway-id")
        .type_expr("string")
        .description("Id of the Transit Gateway the VPC attaches to (shared from the network account)");
    let vpc = ZeroTrustVpc::new(
        &stack,
        "vpc",
        ZeroTrustVpcProps::builder()
            .cidr("10.30.0.0/16")
            .azs(3)
            .tiers(["app", "data"])
            .interface_endpoints(EndpointPreset::EksPrivate)
            .transit_gateway(tgw.value(), ["192.168.0.0/16"])
            .flow_logs(FlowLogsProps::default()) // CloudWatch Logs and S3 with the Athena query layer
            .build()?,
    )?;
    Output::new(&stack, "vpc-id", vpc.vpc_id());
    Ok(stack)
}

/// The role the PCI account's resources are managed with: a variable of `stack`, assumed by `provider`.
fn pci_provider(stack: &Stack, id: &str, alias: Option<&str>) -> AwsProvider {
    let role = Variable::new(stack, "pci-deploy-role-arn")
        .type_expr("string")
        .description("ARN of the role konductor assumes in the PCI account");
    let mut provider = AwsProvider::builder(stack, id)
        .region(REGION)
        .assume_role(vec![AwsProviderAssumeRole::builder().role_arn(role.value()).session_name("konductor").build()]);
    if let Some(alias) = alias {
        provider = provider.alias(alias);
    }
    provider.build()
}

/// The three security groups of a tiered application in `vpc`.
fn chain(stack: &Stack, vpc: &TieredVpc, id: &str, app_port: u16) -> konductor::Result<SecurityGroupChain> {
    let chain = SecurityGroupChain::new(
        stack,
        id,
        SecurityGroupChainProps::builder()
            .vpc_id(vpc.vpc_id())
            .alb_ingress_cidrs(["0.0.0.0/0"])
            .app_port(app_port)
            .db_port(5432)
            .devops_cidrs(["10.99.0.0/24"])
            .build()?,
    )?;
    Output::new(stack, &format!("{id}-app-sg"), chain.app_id());
    Ok(chain)
}

/// The PCI VPC, in its own account and stack.
fn production_pci(app: &App, env: &Environment) -> konductor::Result<TieredVpc> {
    let stack = Stack::new(app, "production-pci", env);
    pci_provider(&stack, "aws", None);
    let vpc = TieredVpc::new(
        &stack,
        "production-pci",
        TieredVpcProps::builder().cidr("10.20.0.0/16").azs(3).nat_gateways(NatGateways::PerAz).build()?,
    )?;
    chain(&stack, &vpc, "production-pci-chain", 8443)?;
    Output::new(&stack, "vpc-id", vpc.vpc_id());
    Ok(vpc)
}

/// The production VPC, its chain, and the peering to the PCI VPC.
fn production(app: &App, env: &Environment, pci: &TieredVpc) -> konductor::Result<Stack> {
    let stack = Stack::new(app, "production", env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let pci_account = pci_provider(&stack, "aws-pci", Some("pci"));
    let production = TieredVpc::new(
        &stack,
        "production",
        TieredVpcProps::builder()
            .cidr("10.10.0.0/16")
            .azs(3)
            .nat_gateways(NatGateways::PerAz)
            .eks_cluster_tags("platform")
            .build()?,
    )?;
    chain(&stack, &production, "production-chain", 8080)?;
    let peering = VpcPeering::new(
        &stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&production).accepter(pci).accepter_provider(&pci_account).build()?,
    )?;
    Output::new(&stack, "vpc-id", production.vpc_id());
    Output::new(&stack, "peering-id", peering.id());
    Output::new(&stack, "db-subnet-group", production.db_subnet_group().name());
    Ok(stack)
}
