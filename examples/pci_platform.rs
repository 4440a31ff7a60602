//! The production and production-PCI platform: two accounts, two stacks.
//!
//! - `production-pci` (the PCI account; its provider assumes a role given as a variable): a TieredVpc
//!   10.21.0.0/16, the security-group matrix, an internal load balancer for calls from production, an EKS
//!   cluster (DevOps admin, developers read-only), the payments configuration as KMS-encrypted SecureStrings
//!   in Parameter Store, the payments database, and the payments ECS service deployed by CodeDeploy
//!   blue/green (canary 10 % for 5 minutes, rollback alarms, manual approval) behind a WAF;
//! - `production`: a TieredVpc 10.20.0.0/16, the same matrix, the peering to the PCI VPC (app tier to app
//!   tier, DNS resolution, no route from any data tier), an EKS cluster, the checkout ECS service (canary,
//!   alarms, no approval), the orders EC2 Auto Scaling service deployed blue/green by hosts, the orders
//!   database, a WAF in front of both, and the Argo Rollouts controller with a blue/green Rollout for the
//!   EKS workload.
//!
//! Each stack also gets `route-tables/<vpc>.md`, the VPC's route tables generated from the synthesized stacks.
//!
//! ```text
//! cargo run --example pci_platform -- --out /tmp/pci
//! python3 ../shared/schemas/validate_tf_json.py /tmp/pci -q
//! ../shared/tools/tfmock/tfcheck --apply /tmp/pci
//! ```

use konductor::aws::deploy::{
    AutoScalingBlueGreenProps, BlueGreenLoadBalancer, CodeDeployBlueGreen, EcsBlueGreenProps, HealthCheck,
    MinimumHealthy, Notifications, Readiness, RollbackAlarm, TrafficShifting,
};
use konductor::aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
use konductor::aws::iam::{ManagedPolicy, Role, RoleProps, Trust};
use konductor::aws::kms::{Key, KeyProps};
use konductor::aws::l1::autoscaling::{AutoscalingGroup, AutoscalingGroupLaunchTemplate, AutoscalingGroupTag};
use konductor::aws::l1::ec2::{
    LaunchTemplate, LaunchTemplateIamInstanceProfile, LaunchTemplateMetadataOptions, SecurityGroup,
    VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule,
};
use konductor::aws::l1::ecs::{EcsCluster, EcsClusterSetting, EcsTaskDefinition};
use konductor::aws::l1::elbv2::Lb;
use konductor::aws::l1::iam::IamInstanceProfile;
use konductor::aws::l1::rds::{DbInstance, DbParameterGroup, DbParameterGroupParameter};
use konductor::aws::l1::ssm::SsmParameter;
use konductor::aws::l1::wafv2::{
    Wafv2WebAcl, Wafv2WebAclAssociation, Wafv2WebAclDefaultAction, Wafv2WebAclDefaultActionAllow,
    Wafv2WebAclLoggingConfiguration, Wafv2WebAclRule, Wafv2WebAclRuleAction, Wafv2WebAclRuleActionBlock,
    Wafv2WebAclRuleOverrideAction, Wafv2WebAclRuleOverrideActionNone, Wafv2WebAclRuleVisibilityConfig,
    Wafv2WebAclVisibilityConfig,
};
use konductor::aws::logs::{LogGroup, LogGroupProps};
use konductor::aws::network::{
    route_tables_markdown, NatGateways, SecurityGroupChain, SecurityGroupChainProps, Tier, TieredVpc, TieredVpcProps,
    VpcPeering, VpcPeeringProps,
};
use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole};
use konductor::aws::rollouts::{
    BlueGreenRollout, BlueGreenRolloutProps, RolloutsController, RolloutsControllerProps, SuccessRateAnalysis,
};
use konductor::aws::s3::{Bucket, BucketProps};
use konductor::aws::sns::{Topic, TopicProps};
use konductor::prelude::*;

const REGION: &str = "us-east-1";
/// The zones of both VPCs, by identity: the same physical zones in both accounts, and no new zone joins a VPC
/// when AWS adds one.
const ZONE_IDS: [&str; 3] = ["use1-az1", "use1-az2", "use1-az4"];
/// The DevOps networks (VPN) that reach the admin ports.
const DEVOPS: [&str; 1] = ["10.99.0.0/24"];
/// The app tier's port.
const APP_PORT: u16 = 8080;
/// The databases' port (PostgreSQL).
const DB_PORT: u16 = 5432;
/// The Kubernetes version of both clusters.
const KUBERNETES: &str = "1.35";
/// The name base of both EKS clusters (the VPCs' subnets are tagged for it).
const CLUSTER: &str = "platform";

/// What a stack's VPC part made.
struct Network {
    vpc: TieredVpc,
    chain: SecurityGroupChain,
}

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    build(&app)?;
    app.synth()
}

/// Builds both stacks in `app`, with the route-table documentation of each VPC.
pub fn build(app: &App) -> konductor::Result<()> {
    let env = Environment::new("prod")?;

    let pci_stack = Stack::new(app, "production-pci", &env);
    let (_, pci_deploy_role) = pci_provider(&pci_stack, "aws", None);
    let pci = network(&pci_stack, "production-pci", "10.21.0.0/16")?;
    internal_load_balancer(&pci_stack, &pci)?;
    cluster(&pci_stack, &pci, pci_deploy_role.value())?;
    let pci_key = key(&pci_stack, "payments")?;
    parameters(&pci_stack, &pci_key);
    database(&pci_stack, &pci, &pci_key, "payments")?;
    let payments =
        ecs_service(&pci_stack, &pci, &pci_key, "payments", Readiness::ManualApproval { wait_minutes: 240 })?;
    web_acl(&pci_stack, "payments", &[&payments])?;

    let stack = Stack::new(app, "production", &env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let (pci_account, _) = pci_provider(&stack, "aws-pci", Some("pci"));
    let prod = network(&stack, "production", "10.20.0.0/16")?;
    VpcPeering::new(
        &stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&prod.vpc).accepter(&pci.vpc).accepter_provider(&pci_account).build()?,
    )?;
    let terraform = Variable::new(&stack, "terraform-role-arn")
        .type_expr("string")
        .description("The role Terraform runs as: cluster admin, so it can install the Argo Rollouts controller");
    let cluster = cluster(&stack, &prod, terraform.value())?;
    let prod_key = key(&stack, "checkout")?;
    database(&stack, &prod, &prod_key, "orders")?;
    let checkout = ecs_service(&stack, &prod, &prod_key, "checkout", Readiness::ContinueImmediately)?;
    let orders = orders_fleet(&stack, &prod, &prod_key)?;
    web_acl(&stack, "production", &[&checkout, &orders])?;
    eks_workload(&stack, &cluster)?;

    // The route tables of each VPC, from what the constructs synthesized.
    let out = app.synthesize()?;
    pci_stack.add_file("route-tables/production-pci.md", route_tables_markdown(&out, pci.vpc.vpc()));
    stack.add_file("route-tables/production.md", route_tables_markdown(&out, prod.vpc.vpc()));
    Ok(())
}

/// The PCI account's provider: a role given as a variable of `stack`, which is returned too.
fn pci_provider(stack: &Stack, id: &str, alias: Option<&str>) -> (AwsProvider, Variable) {
    let role = Variable::new(stack, "pci-deploy-role-arn")
        .type_expr("string")
        .description("ARN of the role konductor assumes in the PCI account");
    let mut p = AwsProvider::builder(stack, id)
        .region(REGION)
        .assume_role(vec![AwsProviderAssumeRole::builder().role_arn(role.value()).session_name("konductor").build()]);
    if let Some(alias) = alias {
        p = p.alias(alias);
    }
    (p.build(), role)
}

/// The VPC and its security-group matrix (public ALB 443 from the internet, the app port only from the ALB,
/// admin ports only from the DevOps networks, the database port only from the app).
fn network(stack: &Stack, id: &str, cidr: &str) -> konductor::Result<Network> {
    let vpc = TieredVpc::new(
        stack,
        id,
        TieredVpcProps::builder()
            .cidr(cidr)
            .availability_zone_ids(ZONE_IDS)
            .nat_gateways(NatGateways::PerAz)
            .eks_cluster_tags(CLUSTER)
            .build()?,
    )?;
    let chain = SecurityGroupChain::new(
        stack,
        &format!("{id}-chain"),
        SecurityGroupChainProps::builder()
            .vpc_id(vpc.vpc_id())
            .alb_ingress_cidrs(["0.0.0.0/0"])
            .app_port(APP_PORT)
            .db_port(DB_PORT)
            .devops_cidrs(DEVOPS)
            .app_https_egress_cidrs(["0.0.0.0/0"])
            .build()?,
    )?;
    Output::new(stack, "vpc-id", vpc.vpc_id());
    Ok(Network { vpc, chain })
}

/// The VPC's EKS cluster: private endpoint, DevOps admin and developers read-only (no Secrets), and
/// `terraform_role` admin too; its node group's security group holds the control-plane rules.
fn cluster(stack: &Stack, net: &Network, terraform_role: konductor::Expr) -> konductor::Result<EksCluster> {
    let devops = Variable::new(stack, "devops-role-arn").type_expr("string").description("The DevOps team's role");
    let developers =
        Variable::new(stack, "developers-role-arn").type_expr("string").description("The developers' role");
    let cluster = EksCluster::new(
        stack,
        CLUSTER,
        EksClusterProps::builder()
            .name(CLUSTER)
            .version(KUBERNETES)
            .network(ClusterNetwork::tiered(&net.vpc))
            .admin_role(devops.value())
            .admin_role(terraform_role)
            .viewer_role(developers.value())
            .build()?,
    )?;
    Output::new(stack, "cluster-name", cluster.cluster_name());
    Ok(cluster)
}

/// The internal load balancer of the PCI VPC: 443 from the production VPC only, through the peering.
fn internal_load_balancer(stack: &Stack, pci: &Network) -> konductor::Result<Lb> {
    let sg = SecurityGroup::builder(stack, "internal-alb-sg")
        .name(stack.name("internal-alb"))
        .description("Internal ALB: HTTPS from the production VPC only")
        .vpc_id(pci.vpc.vpc_id())
        .revoke_rules_on_delete(true)
        .build();
    VpcSecurityGroupIngressRule::builder(stack, "internal-alb-from-production")
        .security_group_id(sg.id())
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .cidr_ipv4("10.20.0.0/16")
        .description("HTTPS from the production VPC")
        .build();
    VpcSecurityGroupEgressRule::builder(stack, "internal-alb-to-app")
        .security_group_id(sg.id())
        .ip_protocol("tcp")
        .from_port(APP_PORT)
        .to_port(APP_PORT)
        .referenced_security_group_id(pci.chain.app_id())
        .description("To the app tier")
        .build();
    Ok(Lb::builder(stack, "internal-alb")
        .name(stack.name("pci-internal"))
        .internal(true)
        .load_balancer_type("application")
        .subnets(pci.vpc.subnet_ids(Tier::App))
        .security_groups([sg.id()])
        .drop_invalid_header_fields(true)
        .build())
}

/// The stack's data key: configuration (SSM), the database and its master secret, deployment events. The
/// account's principals use it only through those services.
fn key(stack: &Stack, id: &str) -> konductor::Result<Key> {
    Key::new(
        stack,
        &format!("{id}-key"),
        KeyProps::builder()
            .alias(id)
            .description(format!("{id}: configuration, database and deployment events"))
            .allow_account_use_via("ssm")
            .allow_account_use_via("rds")
            .allow_account_use_via("secretsmanager")
            .build()?,
    )
}

/// The payments configuration as KMS-encrypted SecureStrings (values set out of band, never in state).
fn parameters(stack: &Stack, key: &Key) {
    for (id, description) in
        [("payments-db-url", "Payments database URL"), ("payments-api-key", "Payments provider API key")]
    {
        let p = SsmParameter::builder(stack, id)
            .name(stack.name(&format!("/payments/{id}")))
            .r#type("SecureString")
            .key_id(key.arn())
            .description(description)
            .value("set-out-of-band")
            .build();
        p.lifecycle(Lifecycle::new().ignore_changes(["value"]));
    }
}

/// A service's PostgreSQL database in the data tier, reachable on the database port from the app group only:
/// encrypted, TLS forced, IAM authentication, the master password managed by RDS, monitored and logged.
fn database(stack: &Stack, net: &Network, key: &Key, id: &str) -> konductor::Result<DbInstance> {
    let settings = [("rds.force_ssl", "1"), ("log_connections", "1"), ("log_statement", "ddl")];
    let parameters = DbParameterGroup::builder(stack, &format!("{id}-db-parameters"))
        .name(stack.name(&format!("{id}-postgres17")))
        .family("postgres17")
        .description(format!("{id}: TLS only, connections and DDL logged"))
        .parameter(settings.map(|(n, v)| DbParameterGroupParameter::builder().name(n).value(v).build()).to_vec())
        .build();
    let monitoring = Role::new(
        stack,
        &format!("{id}-db-monitoring"),
        RoleProps::builder()
            .trust(Trust::service("monitoring.rds.amazonaws.com").from_this_account())
            .managed_policy(ManagedPolicy::aws("service-role/AmazonRDSEnhancedMonitoringRole"))
            .build()?,
    )?;
    Ok(DbInstance::builder(stack, &format!("{id}-db"))
        .identifier(stack.name(id))
        .engine("postgres")
        .engine_version("17")
        .instance_class("db.m7g.large")
        .allocated_storage(50u64)
        .storage_type("gp3")
        .storage_encrypted(true)
        .kms_key_id(key.arn())
        .multi_az(true)
        .publicly_accessible(false)
        .db_subnet_group_name(net.vpc.db_subnet_group().name())
        .vpc_security_group_ids([net.chain.db_id()])
        .parameter_group_name(parameters.name())
        .username("app_admin")
        .manage_master_user_password(true)
        .master_user_secret_kms_key_id(key.arn())
        .iam_database_authentication_enabled(true)
        .monitoring_interval(60)
        .monitoring_role_arn(monitoring.arn())
        .performance_insights_enabled(true)
        .performance_insights_kms_key_id(key.arn())
        .enabled_cloudwatch_logs_exports(["postgresql", "upgrade"])
        .backup_retention_period(14u64)
        .copy_tags_to_snapshot(true)
        .auto_minor_version_upgrade(true)
        .build())
}

/// A public ALB in the public tier with the chain's ALB group.
fn public_load_balancer(stack: &Stack, net: &Network, id: &str) -> Lb {
    Lb::builder(stack, &format!("{id}-alb"))
        .name(stack.name(id))
        .load_balancer_type("application")
        .subnets(net.vpc.subnet_ids(Tier::Public))
        .security_groups([net.chain.alb_id()])
        .drop_invalid_header_fields(true)
        .build()
}

fn certificate(stack: &Stack, id: &str) -> Variable {
    Variable::new(stack, &format!("{id}-certificate-arn"))
        .type_expr("string")
        .description("ACM certificate of the HTTPS listeners")
}

/// The topic of a service's deployment events, encrypted with the stack's key.
fn deployments_topic(stack: &Stack, key: &Key, id: &str) -> konductor::Result<Topic> {
    let name = format!("{id}-deployments");
    Topic::new(stack, &name, TopicProps::builder().name(name.as_str()).key(key.clone()).build()?)
}

/// A public service deployed by CodeDeploy: its id and its load balancer.
struct PublicService {
    id: String,
    alb: Lb,
}

/// The deployment group's name as an output, for the pipeline's `aws deploy create-deployment`.
fn deployment_output(stack: &Stack, id: &str, deployment: &CodeDeployBlueGreen) {
    Output::new(stack, &format!("{id}-deployment-group"), deployment.deployment_group_name());
}

/// An ECS service deployed blue/green by CodeDeploy: canary 10 % for 5 minutes, 5xx and latency alarms.
fn ecs_service(
    stack: &Stack,
    net: &Network,
    key: &Key,
    id: &str,
    readiness: Readiness,
) -> konductor::Result<PublicService> {
    let cluster = EcsCluster::builder(stack, &format!("{id}-cluster"))
        .name(stack.name(id))
        .setting(vec![EcsClusterSetting::builder().name("containerInsights").value("enabled").build()])
        .build();
    let execution = Role::new(
        stack,
        &format!("{id}-execution-role"),
        RoleProps::builder()
            .name(format!("{id}-execution"))
            .trust(Trust::service("ecs-tasks").from_this_account())
            .managed_policy(ManagedPolicy::aws("service-role/AmazonECSTaskExecutionRolePolicy"))
            .build()?,
    )?;
    let task = EcsTaskDefinition::builder(stack, &format!("{id}-task"))
        .family(stack.name(id))
        .requires_compatibilities(["FARGATE"])
        .network_mode("awsvpc")
        .cpu("512")
        .memory("1024")
        .execution_role_arn(execution.arn())
        .container_definitions(format!(
            r#"[{{"name":"{id}","image":"public.ecr.aws/nginx/nginx:1.27","essential":true,"readonlyRootFilesystem":true,"portMappings":[{{"containerPort":{APP_PORT},"protocol":"tcp"}}]}}]"#
        ))
        .build();
    let alb = public_load_balancer(stack, net, id);
    let lb = BlueGreenLoadBalancer::builder()
        .load_balancer(alb.arn(), alb.arn_suffix())
        .vpc_id(net.vpc.vpc_id())
        .certificate_arn(certificate(stack, id).value())
        .test_port(8443)
        .target_port(APP_PORT)
        .health_check(HealthCheck::path("/"))
        .build()?;
    let deployment = CodeDeployBlueGreen::ecs(
        stack,
        id,
        EcsBlueGreenProps::builder()
            .cluster_name(cluster.name())
            .task_definition(task.arn())
            .container(id, APP_PORT)
            .network(net.vpc.vpc_id(), net.vpc.subnet_ids(Tier::App), [net.chain.app_id()])
            .load_balancer(lb)
            .traffic(TrafficShifting::Canary { percent: 10, minutes: 5 })
            .readiness(readiness)
            .terminate_blue_after_minutes(30)
            .alarms([
                RollbackAlarm::TargetGroup5xxRate { percent: 1.0 },
                RollbackAlarm::TargetGroupLatency { p99_seconds: 1.0 },
            ])
            .notifications(Notifications::topic(&deployments_topic(stack, key, id)?))
            .pass_roles([execution.arn()])
            .build()?,
    )?;
    deployment_output(stack, id, &deployment);
    Ok(PublicService { id: id.to_string(), alb })
}

/// The orders service on EC2: an Auto Scaling group deployed blue/green by hosts (75 % always healthy); the
/// instances read the CodeDeploy revisions from a bucket of their own.
fn orders_fleet(stack: &Stack, net: &Network, key: &Key) -> konductor::Result<PublicService> {
    let ami = Variable::new(stack, "orders-ami-id").type_expr("string").description("AMI of the orders instances");
    let role = Role::new(
        stack,
        "orders-instance-role",
        RoleProps::builder()
            .name("orders-instance")
            .trust(Trust::service("ec2"))
            .managed_policy(ManagedPolicy::aws("AmazonSSMManagedInstanceCore"))
            .build()?,
    )?;
    let revisions = Bucket::new(stack, "orders-revisions", BucketProps::builder().name("orders-revisions").build()?)?;
    revisions.grant_read(&role)?;
    let profile = IamInstanceProfile::builder(stack, "orders-instance-profile")
        .name(stack.name("orders"))
        .role(role.name())
        .build();
    let template = LaunchTemplate::builder(stack, "orders-launch-template")
        .name(stack.name("orders"))
        .image_id(ami.value())
        .instance_type("t3.medium")
        .vpc_security_group_ids([net.chain.app_id()])
        .iam_instance_profile(LaunchTemplateIamInstanceProfile::builder().arn(profile.arn()).build())
        .metadata_options(
            LaunchTemplateMetadataOptions::builder()
                .http_endpoint("enabled")
                .http_tokens("required")
                .http_put_response_hop_limit(1)
                .build(),
        )
        .build();
    let alb = public_load_balancer(stack, net, "orders");
    let deployment = CodeDeployBlueGreen::auto_scaling(
        stack,
        "orders",
        AutoScalingBlueGreenProps::builder()
            .auto_scaling_group(stack.name("orders"))
            .vpc_id(net.vpc.vpc_id())
            .load_balancer(
                BlueGreenLoadBalancer::builder()
                    .load_balancer(alb.arn(), alb.arn_suffix())
                    .vpc_id(net.vpc.vpc_id())
                    .certificate_arn(certificate(stack, "orders").value())
                    .target_port(APP_PORT)
                    .build()?,
            )
            .traffic(TrafficShifting::MinimumHealthy(MinimumHealthy::FleetPercent(75)))
            .terminate_blue_after_minutes(60)
            .alarms([RollbackAlarm::TargetGroup5xxRate { percent: 2.0 }])
            .notifications(Notifications::topic(&deployments_topic(stack, key, "orders")?))
            .pass_roles([role.arn()])
            .build()?,
    )?;
    AutoscalingGroup::builder(stack, "orders-asg")
        .name(stack.name("orders"))
        .min_size(3)
        .max_size(6)
        .vpc_zone_identifier(net.vpc.subnet_ids(Tier::App))
        .target_group_arns([deployment.target_groups()[0].arn()])
        .health_check_type("ELB")
        .launch_template(AutoscalingGroupLaunchTemplate::builder().id(template.id()).version("$Latest").build())
        // The instances CodeDeploy copies into the green fleet carry the service's name.
        .tag(vec![AutoscalingGroupTag::builder()
            .key("Name")
            .value(stack.name("orders").to_string())
            .propagate_at_launch(true)
            .build()])
        .build();
    deployment_output(stack, "orders", &deployment);
    Ok(PublicService { id: "orders".to_string(), alb })
}

/// The regional web ACL in front of a stack's public load balancers: a rate limit per client IP, then AWS's
/// IP reputation and anonymous IP (VPNs, Tor, hosting providers) lists, the common rule set and known bad
/// inputs (Log4Shell among them); every request is logged
/// to an encrypted log group (WAF requires the `aws-waf-logs-` prefix).
fn web_acl(stack: &Stack, id: &str, services: &[&PublicService]) -> konductor::Result<Wafv2WebAcl> {
    let visibility = |metric: &str| {
        Wafv2WebAclRuleVisibilityConfig::builder()
            .cloudwatch_metrics_enabled(true)
            .metric_name(metric)
            .sampled_requests_enabled(true)
            .build()
    };
    let mut rules = vec![Wafv2WebAclRule::builder()
        .name("rate-limit")
        .priority(0)
        .action(Wafv2WebAclRuleAction::builder().block(Wafv2WebAclRuleActionBlock::builder().build()).build())
        .statement(serde_json::json!({ "rate_based_statement": { "limit": 2000, "aggregate_key_type": "IP" } }))
        .visibility_config(visibility("rate-limit"))
        .build()];
    let managed = [
        "AWSManagedRulesAmazonIpReputationList",
        "AWSManagedRulesAnonymousIpList",
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
    ];
    for (priority, name) in (1u64..).zip(managed) {
        let none = Wafv2WebAclRuleOverrideActionNone::builder().build();
        rules.push(
            Wafv2WebAclRule::builder()
                .name(name)
                .priority(priority)
                .override_action(Wafv2WebAclRuleOverrideAction::builder().none(none).build())
                .statement(
                    serde_json::json!({ "managed_rule_group_statement": { "name": name, "vendor_name": "AWS" } }),
                )
                .visibility_config(visibility(name))
                .build(),
        );
    }
    let name = stack.name(id);
    let acl = Wafv2WebAcl::builder(stack, &format!("{id}-web-acl"))
        .name(&name)
        .description(format!("{id}: public load balancers"))
        .scope("REGIONAL")
        .default_action(
            Wafv2WebAclDefaultAction::builder().allow(Wafv2WebAclDefaultActionAllow::builder().build()).build(),
        )
        .rule(rules)
        .visibility_config(
            Wafv2WebAclVisibilityConfig::builder()
                .cloudwatch_metrics_enabled(true)
                .metric_name(name.as_str())
                .sampled_requests_enabled(true)
                .build(),
        )
        .build();
    let logs = LogGroup::new(
        stack,
        &format!("{id}-waf-logs"),
        LogGroupProps::builder().name(format!("aws-waf-logs-{id}")).retention_days(365).build()?,
    )?;
    Wafv2WebAclLoggingConfiguration::builder(stack, &format!("{id}-web-acl-logging"))
        .resource_arn(acl.arn())
        .log_destination_configs(vec![logs.arn()])
        .build();
    for service in services {
        Wafv2WebAclAssociation::builder(stack, &format!("{}-alb-waf", service.id))
            .resource_arn(service.alb.arn())
            .web_acl_arn(acl.arn())
            .build();
    }
    Ok(acl)
}

/// The EKS workload: the Argo Rollouts controller on the production cluster and a blue/green Rollout.
fn eks_workload(stack: &Stack, cluster: &EksCluster) -> konductor::Result<BlueGreenRollout> {
    let helm = cluster.helm_provider(stack, "helm", None);
    let controller = RolloutsController::new(
        stack,
        "argo-rollouts",
        RolloutsControllerProps::default().on_cluster(cluster).helm_provider(&helm),
    )?;
    BlueGreenRollout::new(
        stack,
        "storefront",
        BlueGreenRolloutProps::builder()
            .namespace("storefront")
            .image("public.ecr.aws/nginx/nginx:1.27")
            .port(APP_PORT)
            .active_service("storefront")
            .preview_service("storefront-preview")
            .scale_down_delay_seconds(300)
            .analysis(SuccessRateAnalysis::new("http://prometheus-server.monitoring.svc:80"))
            .controller(&controller)
            .helm_provider(&helm)
            .build()?,
    )
}
