//! R1, the reference stack of `../shared/reference/cdktf-r1` (and of its CDK Terrain version,
//! `../shared/reference/cdktn-r1`) ported to konductor: N environments, each a construct `env{i}` holding 48
//! typed L1 resources and one output, with the `aws` provider and an S3 backend. Its `cdk.tf.json` equals
//! cdktn 0.24.0's (hashicorp/aws 6.66.0) byte for byte apart from the version metadata (`tests/r1_compat.rs`).
//! It is what `benches/synth.rs` and `scripts/bench-r1.sh` measure.
//!
//!     cargo run --example r1                        # N=1, writes cdktf.out/
//!     cargo run --release --example r1 -- --n 100 --out /tmp/r1.out
//!     N=1000 cargo run --release --example r1       # N from the environment
//!
//! N comes from `--n N` (or `--n=N`), a bare number argument, or the `N` environment variable, in that
//! order; everything else is the usual stack-program command line (`--out DIR`, `validate`, `list`).

use konductor::aws::iam::{Condition, PolicyDocument, Principal, Statement};
use konductor::aws::l1::ec2::{
    Eip, FlowLog, InternetGateway, NatGateway, RouteTable, RouteTableAssociation, RouteTableRoute, SecurityGroup,
    Subnet, Vpc, VpcSecurityGroupIngressRule,
};
use konductor::aws::l1::iam::{IamRole, IamRolePolicy};
use konductor::aws::l1::kms::{KmsAlias, KmsKey};
use konductor::aws::l1::logs::CloudwatchLogGroup;
use konductor::aws::l1::s3::{
    S3Bucket, S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfiguration,
    S3BucketServerSideEncryptionConfigurationRule,
    S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault, S3BucketVersioning,
    S3BucketVersioningVersioningConfiguration,
};
use konductor::aws::providers::AwsProvider;
use konductor::prelude::*;

/// The availability zones every environment spans.
const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
/// The short key of each zone, used in construct ids and tags.
const AZ_KEYS: [&str; 3] = ["a", "b", "c"];
/// The subnet tiers, each with one subnet per zone.
const TIERS: [&str; 3] = ["public", "private", "data"];
/// The account named in bucket names and the operator role's trust policy.
const ACCOUNT_ID: &str = "123456789012";
/// The stack's environment: every physical name ends with `-bench`.
pub const ENVIRONMENT: &str = "bench";
/// The stack's name.
pub const STACK: &str = "r1";
/// Resources per environment.
pub const RESOURCES_PER_ENV: usize = 48;

/// Builds stack `r1` with `n` environments in `app`.
///
/// ```ignore
/// let app = App::with_outdir("cdktf.out");
/// r1::build(&app, 2)?;
/// let out = app.synthesize()?;
/// ```
pub fn build(app: &App, n: usize) -> konductor::Result<Stack> {
    let env = Environment::new(ENVIRONMENT)?;
    let stack = Stack::new(app, STACK, &env).backend(
        S3Backend::new("r1-terraform-state", "r1/terraform.tfstate", "us-east-1").dynamodb_table("r1-terraform-locks"),
    );
    AwsProvider::builder(&stack, "aws").region("us-east-1").build();
    for i in 1..=n {
        environment(&stack, &format!("env{i}"), i);
    }
    Ok(stack)
}

/// The tags of a resource of environment `sfx`: `Name`, `Environment` and `ManagedBy`.
fn tags(name: &str, sfx: &str) -> Vec<(&'static str, String)> {
    vec![("Name", format!("r1-{name}-{sfx}")), ("Environment", sfx.to_string()), ("ManagedBy", "cdktf".to_string())]
}

/// One environment: construct `id` (`env7`) with its network, key, flow logs, bucket and operator role.
fn environment(stack: &Stack, id: &str, index: usize) {
    let scope = Construct::new(stack, id);
    let sfx = id;
    let octet = index % 250;

    let vpc = Vpc::builder(&scope, "vpc")
        .cidr_block(format!("10.{octet}.0.0/16"))
        .enable_dns_support(true)
        .enable_dns_hostnames(true)
        .tags(tags("vpc", sfx))
        .build();
    let igw = InternetGateway::builder(&scope, "igw").vpc_id(vpc.id()).tags(tags("igw", sfx)).build();

    // 3 tiers x 3 AZs, one /20 each.
    let subnets: Vec<Vec<Subnet>> = TIERS
        .iter()
        .enumerate()
        .map(|(t, tier)| {
            AZS.iter()
                .zip(AZ_KEYS)
                .enumerate()
                .map(|(a, (az, key))| {
                    let mut subnet_tags = tags(&format!("{tier}-{key}"), sfx);
                    subnet_tags.push(("Tier", tier.to_string()));
                    Subnet::builder(&scope, &format!("subnet-{tier}-{key}"))
                        .vpc_id(vpc.id())
                        .availability_zone(*az)
                        .cidr_block(format!("10.{octet}.{}.0/20", (t * 3 + a) * 16))
                        .map_public_ip_on_launch(*tier == "public")
                        .tags(subnet_tags)
                        .build()
                })
                .collect()
        })
        .collect();

    // One NAT gateway per AZ, each in that AZ's public subnet.
    let nats: Vec<NatGateway> = AZ_KEYS
        .iter()
        .enumerate()
        .map(|(a, key)| {
            let eip = Eip::builder(&scope, &format!("eip-{key}"))
                .domain("vpc")
                .tags(tags(&format!("nat-eip-{key}"), sfx))
                .build();
            let nat = NatGateway::builder(&scope, &format!("nat-{key}"))
                .allocation_id(eip.allocation_id())
                .subnet_id(subnets[0][a].id())
                .tags(tags(&format!("nat-{key}"), sfx))
                .build();
            nat.depends_on(&igw);
            nat
        })
        .collect();

    // Route tables, with inline routes.
    let rt_public = RouteTable::builder(&scope, "rt-public")
        .vpc_id(vpc.id())
        .route(vec![RouteTableRoute::builder().cidr_block("0.0.0.0/0").gateway_id(igw.id()).build()])
        .tags(tags("rt-public", sfx))
        .build();
    let rt_private: Vec<RouteTable> = AZ_KEYS
        .iter()
        .zip(&nats)
        .map(|(key, nat)| {
            RouteTable::builder(&scope, &format!("rt-private-{key}"))
                .vpc_id(vpc.id())
                .route(vec![RouteTableRoute::builder().cidr_block("0.0.0.0/0").nat_gateway_id(nat.id()).build()])
                .tags(tags(&format!("rt-private-{key}"), sfx))
                .build()
        })
        .collect();
    let rt_data = RouteTable::builder(&scope, "rt-data").vpc_id(vpc.id()).tags(tags("rt-data", sfx)).build();

    for (t, tier) in TIERS.iter().enumerate() {
        for (a, key) in AZ_KEYS.iter().enumerate() {
            let rt = match t {
                0 => &rt_public,
                1 => &rt_private[a],
                _ => &rt_data,
            };
            RouteTableAssociation::builder(&scope, &format!("rta-{tier}-{key}"))
                .subnet_id(subnets[t][a].id())
                .route_table_id(rt.id())
                .build();
        }
    }

    // Security groups and their ingress rules (separate resources).
    let sg = |role: &str| {
        SecurityGroup::builder(&scope, &format!("sg-{role}"))
            .name(scope.name(&format!("r1-{role}-{sfx}")))
            .description(format!("{role} tier security group ({sfx})"))
            .vpc_id(vpc.id())
            .tags(tags(&format!("sg-{role}"), sfx))
            .build()
    };
    let (sg_alb, sg_app, sg_db) = (sg("alb"), sg("app"), sg("db"));
    VpcSecurityGroupIngressRule::builder(&scope, "sg-alb-in-443")
        .security_group_id(sg_alb.id())
        .description("HTTPS from anywhere")
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .cidr_ipv4("0.0.0.0/0")
        .build();
    VpcSecurityGroupIngressRule::builder(&scope, "sg-app-in-8080")
        .security_group_id(sg_app.id())
        .description("app port from ALB")
        .ip_protocol("tcp")
        .from_port(8080)
        .to_port(8080)
        .referenced_security_group_id(sg_alb.id())
        .build();
    VpcSecurityGroupIngressRule::builder(&scope, "sg-db-in-5432")
        .security_group_id(sg_db.id())
        .description("PostgreSQL from app")
        .ip_protocol("tcp")
        .from_port(5432)
        .to_port(5432)
        .referenced_security_group_id(sg_app.id())
        .build();

    // KMS (deletion_window_in_days is pinned to 7 and always written).
    let key = KmsKey::builder(&scope, "kms-key")
        .description(format!("r1 data key {sfx}"))
        .enable_key_rotation(true)
        .tags(tags("kms", sfx))
        .build();
    KmsAlias::builder(&scope, "kms-alias")
        .name(scope.name(&format!("alias/r1-{sfx}")))
        .target_key_id(key.key_id())
        .build();

    // VPC flow logs to CloudWatch Logs (skip_destroy is pinned to false and always written).
    let log_group = CloudwatchLogGroup::builder(&scope, "flow-log-group")
        .name(scope.name(&format!("/r1/{sfx}/vpc-flow-logs")))
        .retention_in_days(365)
        .kms_key_id(key.arn())
        .tags(tags("flow-logs", sfx))
        .build();
    let flow_trust = PolicyDocument::assume_role(Principal::service("vpc-flow-logs.amazonaws.com"));
    let flow_role = IamRole::builder(&scope, "flow-log-role")
        .name(scope.name(&format!("r1-flow-logs-{sfx}")))
        .assume_role_policy(flow_trust.to_value(&scope))
        .tags(tags("flow-log-role", sfx))
        .build();
    let flow_write = PolicyDocument::new().statement(
        Statement::allow()
            .actions(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"])
            .resources([log_group.arn().into_expr(), template!("{}:*", log_group.arn())]),
    );
    IamRolePolicy::builder(&scope, "flow-log-role-policy")
        .name(scope.name(&format!("r1-flow-logs-{sfx}")))
        .role(flow_role.id())
        .policy(flow_write.to_value(&scope))
        .build();
    FlowLog::builder(&scope, "flow-log")
        .vpc_id(vpc.id())
        .traffic_type("ALL")
        .log_destination_type("cloud-watch-logs")
        .log_destination(log_group.arn())
        .iam_role_arn(flow_role.arn())
        .tags(tags("flow-log", sfx))
        .build();

    // S3 bucket (force_destroy is pinned to true and always written).
    let bucket = S3Bucket::builder(&scope, "bucket")
        .bucket(scope.name(&format!("r1-data-{sfx}-{ACCOUNT_ID}")))
        .tags(tags("bucket", sfx))
        .build();
    S3BucketVersioning::builder(&scope, "bucket-versioning")
        .bucket(bucket.id())
        .versioning_configuration(S3BucketVersioningVersioningConfiguration::builder().status("Enabled").build())
        .build();
    S3BucketServerSideEncryptionConfiguration::builder(&scope, "bucket-sse")
        .bucket(bucket.id())
        .rule(vec![S3BucketServerSideEncryptionConfigurationRule::builder()
            .apply_server_side_encryption_by_default(
                S3BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault::builder()
                    .sse_algorithm("aws:kms")
                    .kms_master_key_id(key.arn())
                    .build(),
            )
            .bucket_key_enabled(true)
            .build()])
        .build();
    S3BucketPublicAccessBlock::builder(&scope, "bucket-pab")
        .bucket(bucket.id())
        .block_public_acls(true)
        .block_public_policy(true)
        .ignore_public_acls(true)
        .restrict_public_buckets(true)
        .build();

    // A cross-account operator role that requires MFA and an external id.
    let operator_trust = PolicyDocument::new().statement(
        Statement::assume_role(Principal::aws(format!("arn:aws:iam::{ACCOUNT_ID}:root")))
            .condition(Condition::mfa_present())
            .condition(Condition::external_id(format!("r1-external-{sfx}"))),
    );
    IamRole::builder(&scope, "mfa-role")
        .name(scope.name(&format!("r1-operator-{sfx}")))
        .max_session_duration(3600)
        .assume_role_policy(operator_trust.to_value(&scope))
        .tags(tags("operator-role", sfx))
        .build();

    Output::new(&scope, "vpc-id", vpc.id()).description(&format!("VPC id of {sfx}"));
}

/// N from `--n N`, `--n=N` or a bare number among `args` (which loses them), else from the `N` environment
/// variable, else 1.
pub fn take_n(args: &mut Vec<String>) -> konductor::Result<usize> {
    let mut found: Option<String> = None;
    let mut i = 1;
    while i < args.len() {
        if args[i] == "--n" && i + 1 < args.len() {
            found = Some(args.remove(i + 1));
            args.remove(i);
        } else if let Some(v) = args[i].strip_prefix("--n=") {
            found = Some(v.to_string());
            args.remove(i);
        } else if found.is_none() && args[i].parse::<usize>().is_ok() {
            found = Some(args.remove(i));
        } else {
            i += 1;
        }
    }
    let text = found.or_else(|| std::env::var("N").ok().filter(|v| !v.is_empty()));
    match text {
        None => Ok(1),
        Some(t) => match t.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(konductor::Error::Usage(format!("N must be a positive integer, got `{t}`"))),
        },
    }
}

fn main() -> konductor::Result<()> {
    let mut args: Vec<String> = std::env::args().collect();
    let n = take_n(&mut args)?;
    let app = App::from_arg_list(args)?;
    build(&app, n)?;
    app.synth()
}
