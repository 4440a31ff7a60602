//! Network: the networking constructs of konductor-aws, in three stacks.
//!
//! - `zero-trust`: a ZeroTrustVpc with the endpoints a private EKS cluster needs, flow logs to CloudWatch
//!   Logs and S3 (with Athena), and a Transit Gateway attachment (the Transit Gateway id is a variable);
//! - `production-pci`: a TieredVpc in the PCI account (the stack's provider assumes a role there, given as
//!   a variable), with the ALB -> app -> DB security-group chain and the tiers that use it: an internal
//!   load balancer, the app servers' launch template and a PostgreSQL database;
//! - `production`: a TieredVpc tagged for an EKS cluster, its security-group chain and tiers, and the
//!   peering to `production-pci`, app tier to app tier, whose accepter side runs in the PCI account through
//!   an aliased provider. The PCI VPC's ids come across through remote state.
//!
//! Every VPC pins its availability zones by zone id, so it does not move when AWS adds a zone.
//!
//! ```text
//! cargo run --example network                   # writes cdktf.out/
//! cargo run --example network -- --out /tmp/network-out
//! python3 ../shared/schemas/validate_tf_json.py /tmp/network-out
//! ```

use konductor::aws::iam::{PolicyDocument, Principal, Statement};
use konductor::aws::l1::ec2::{LaunchTemplate, LaunchTemplateMetadataOptions};
use konductor::aws::l1::elbv2::Lb;
use konductor::aws::l1::iam::{IamRole, IamRolePolicyAttachment};
use konductor::aws::l1::kms::KmsKey;
use konductor::aws::l1::rds::{DbInstance, DbParameterGroup, DbParameterGroupParameter};
use konductor::aws::l1::sts::DataCallerIdentity;
use konductor::aws::network::{
    EndpointPreset, FlowLogsProps, NatGateways, SecurityGroupChain, SecurityGroupChainProps, Tier, TieredVpc,
    TieredVpcProps, VpcPeering, VpcPeeringProps, ZeroTrustVpc, ZeroTrustVpcProps,
};
use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole};
use konductor::prelude::*;

/// The region of every stack.
const REGION: &str = "us-east-1";

/// The availability zones of every VPC, by zone id (the same physical zones in every account).
const ZONE_IDS: [&str; 3] = ["use1-az1", "use1-az2", "use1-az4"];

/// The company's networks (offices, VPN, the other VPCs): the only clients of the internal load balancers.
const COMPANY_NETWORKS: &str = "10.0.0.0/8";

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    let env = Environment::new("dev")?;
    build(&app, &env, "")?;
    app.synth()
}

/// The three stacks in `env`, each stack's name starting with `prefix` (`""` here; `benches/synth.rs` builds
/// them for 50 environments, `e1-` to `e50-`).
pub fn build(app: &App, env: &Environment, prefix: &str) -> konductor::Result<()> {
    zero_trust(app, env, prefix)?;
    let pci = production_pci(app, env, prefix)?;
    production(app, env, prefix, &pci)?;
    Ok(())
}

/// A private-only VPC for a private EKS cluster, attached to the Transit Gateway given as a variable.
fn zero_trust(app: &App, env: &Environment, prefix: &str) -> konductor::Result<Stack> {
    let stack = Stack::new(app, &format!("{prefix}zero-trust"), env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let tgw = Variable::new(&stack, "transit-gateway-id")
        .type_expr("string")
        .description("Id of the Transit Gateway the VPC attaches to (shared from the network account)");
    let vpc = ZeroTrustVpc::new(
        &stack,
        "vpc",
        ZeroTrustVpcProps::builder()
            .cidr("10.30.0.0/16")
            .availability_zone_ids(ZONE_IDS)
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

/// The three security groups of a tiered application in `vpc`, and the tiers that use them.
fn chain(stack: &Stack, vpc: &TieredVpc, id: &str, app_port: u16) -> konductor::Result<SecurityGroupChain> {
    let chain = SecurityGroupChain::new(
        stack,
        id,
        SecurityGroupChainProps::builder()
            .vpc_id(vpc.vpc_id())
            .alb_ingress_cidrs([COMPANY_NETWORKS])
            .app_port(app_port)
            .db_port(5432)
            .devops_cidrs(["10.99.0.0/24"])
            .build()?,
    )?;
    application(stack, vpc, &chain, id);
    Output::new(stack, &format!("{id}-app-sg"), chain.app_id());
    Ok(chain)
}

/// The tiers of the application `id`, each in its group of `chain`: an internal load balancer, the app
/// servers' launch template (IMDSv2 only) and an encrypted, multi-AZ PostgreSQL database that takes TLS only
/// and IAM authentication, logs its queries and keeps its master password in Secrets Manager.
fn application(stack: &Stack, vpc: &TieredVpc, chain: &SecurityGroupChain, id: &str) {
    Lb::builder(stack, &format!("{id}-alb"))
        .name(stack.name(&format!("{}-alb", &id[..id.len().min(20)])))
        .internal(true)
        .load_balancer_type("application")
        .subnets(vpc.subnet_ids(Tier::App))
        .security_groups([chain.alb_id()])
        .drop_invalid_header_fields(true)
        .build();
    LaunchTemplate::builder(stack, &format!("{id}-app"))
        .name(stack.name(&format!("{id}-app")))
        .image_id("resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")
        .instance_type("t3.small")
        .vpc_security_group_ids([chain.app_id()])
        .metadata_options(
            LaunchTemplateMetadataOptions::builder()
                .http_endpoint("enabled")
                .http_tokens("required")
                .http_put_response_hop_limit(1)
                .build(),
        )
        .build();

    let account = DataCallerIdentity::builder(stack, &format!("{id}-account")).build();
    let key = KmsKey::builder(stack, &format!("{id}-db-key"))
        .description(format!("encrypts the {id} database, its snapshots, secret and performance insights"))
        .enable_key_rotation(true)
        .policy(
            PolicyDocument::new()
                .statement(
                    Statement::allow()
                        .sid("EnableIamPolicies")
                        .principal(Principal::aws(konductor::template!("arn:aws:iam::{}:root", account.account_id())))
                        .action("kms:*")
                        .resource("*"),
                )
                .to_value(stack),
        )
        .build();
    let parameters = DbParameterGroup::builder(stack, &format!("{id}-db-parameters"))
        .name(stack.name(&format!("{id}-postgres16")))
        .family("postgres16")
        .parameter(
            [("rds.force_ssl", "1"), ("log_statement", "ddl"), ("log_min_duration_statement", "1000")]
                .map(|(name, value)| DbParameterGroupParameter::builder().name(name).value(value).build())
                .to_vec(),
        )
        .build();
    let monitoring = IamRole::builder(stack, &format!("{id}-db-monitoring"))
        .name(stack.name(&format!("{id}-db-monitoring")))
        .assume_role_policy(
            PolicyDocument::assume_role(Principal::service("monitoring.rds.amazonaws.com")).to_value(stack),
        )
        .build();
    IamRolePolicyAttachment::builder(stack, &format!("{id}-db-monitoring-policy"))
        .role(monitoring.name())
        .policy_arn("arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")
        .build();
    DbInstance::builder(stack, &format!("{id}-db"))
        .identifier(stack.name(&format!("{id}-db")))
        .engine("postgres")
        .engine_version("16")
        .instance_class("db.t4g.medium")
        .allocated_storage(20)
        .storage_encrypted(true)
        .kms_key_id(key.arn())
        .multi_az(true)
        .db_subnet_group_name(vpc.db_subnet_group().name())
        .vpc_security_group_ids([chain.db_id()])
        .parameter_group_name(parameters.name())
        .username("app")
        .manage_master_user_password(true)
        .master_user_secret_kms_key_id(key.arn())
        .iam_database_authentication_enabled(true)
        .monitoring_interval(60)
        .monitoring_role_arn(monitoring.arn())
        .performance_insights_enabled(true)
        .performance_insights_kms_key_id(key.arn())
        .enabled_cloudwatch_logs_exports(["postgresql", "upgrade"])
        .backup_retention_period(7)
        .copy_tags_to_snapshot(true)
        .auto_minor_version_upgrade(true)
        .build();
}

/// The PCI VPC, in its own account and stack.
fn production_pci(app: &App, env: &Environment, prefix: &str) -> konductor::Result<TieredVpc> {
    let stack = Stack::new(app, &format!("{prefix}production-pci"), env);
    pci_provider(&stack, "aws", None);
    let vpc = TieredVpc::new(
        &stack,
        "production-pci",
        TieredVpcProps::builder()
            .cidr("10.20.0.0/16")
            .availability_zone_ids(ZONE_IDS)
            .nat_gateways(NatGateways::PerAz)
            .build()?,
    )?;
    chain(&stack, &vpc, "production-pci-chain", 8443)?;
    Output::new(&stack, "vpc-id", vpc.vpc_id());
    Ok(vpc)
}

/// The production VPC, its chain, and the peering to the PCI VPC.
fn production(app: &App, env: &Environment, prefix: &str, pci: &TieredVpc) -> konductor::Result<Stack> {
    let stack = Stack::new(app, &format!("{prefix}production"), env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let pci_account = pci_provider(&stack, "aws-pci", Some("pci"));
    let production = TieredVpc::new(
        &stack,
        "production",
        TieredVpcProps::builder()
            .cidr("10.10.0.0/16")
            .availability_zone_ids(ZONE_IDS)
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
