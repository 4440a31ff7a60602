//! The production and production-PCI platform: two accounts, two stacks.
//!
//! - `production-pci` (the PCI account; its provider assumes a role given as a variable): a TieredVpc
//!   10.21.0.0/16, the security-group matrix, an internal load balancer for calls from production, the
//!   payments configuration as KMS-encrypted SecureStrings in Parameter Store, and the payments ECS service
//!   deployed by CodeDeploy blue/green (canary 10 % for 5 minutes, rollback alarms, manual approval);
//! - `production`: a TieredVpc 10.20.0.0/16 tagged for EKS, the same matrix, the peering to the PCI VPC (app
//!   tier to app tier, DNS resolution, no route from any data tier), the checkout ECS service (canary,
//!   alarms, no approval), the orders EC2 Auto Scaling service deployed blue/green by hosts, and the Argo
//!   Rollouts controller with a blue/green Rollout for the EKS workload.
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
    Notifications, Readiness, RollbackAlarm, TrafficShifting,
};
use konductor::aws::iam::{PolicyDocument, Principal};
use konductor::aws::l1::autoscaling::{AutoscalingGroup, AutoscalingGroupLaunchTemplate};
use konductor::aws::l1::ec2::{
    LaunchTemplate, LaunchTemplateIamInstanceProfile, LaunchTemplateMetadataOptions, SecurityGroup,
    VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule,
};
use konductor::aws::l1::ecs::{EcsCluster, EcsClusterSetting, EcsTaskDefinition};
use konductor::aws::l1::elbv2::Lb;
use konductor::aws::l1::iam::{IamInstanceProfile, IamRole};
use konductor::aws::l1::kms::KmsKey;
use konductor::aws::l1::sns::SnsTopic;
use konductor::aws::l1::ssm::SsmParameter;
use konductor::aws::network::{
    route_tables_markdown, NatGateways, SecurityGroupChain, SecurityGroupChainProps, Tier, TieredVpc, TieredVpcProps,
    VpcPeering, VpcPeeringProps,
};
use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole};
use konductor::aws::rollouts::{
    BlueGreenRollout, BlueGreenRolloutProps, RolloutsController, RolloutsControllerProps, SuccessRateAnalysis,
};
use konductor::prelude::*;

const REGION: &str = "us-east-1";
/// The DevOps networks (VPN) that reach the admin ports.
const DEVOPS: [&str; 1] = ["10.99.0.0/24"];
/// The app tier's port.
const APP_PORT: u16 = 8080;

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
    pci_provider(&pci_stack, "aws", None);
    let pci = network(&pci_stack, "production-pci", "10.21.0.0/16")?;
    internal_load_balancer(&pci_stack, &pci)?;
    let pci_key = key(&pci_stack, "payments");
    parameters(&pci_stack, &pci_key);
    ecs_service(&pci_stack, &pci, &pci_key, "payments", Readiness::ManualApproval { wait_minutes: 240 })?;

    let stack = Stack::new(app, "production", &env);
    AwsProvider::builder(&stack, "aws").region(REGION).build();
    let pci_account = pci_provider(&stack, "aws-pci", Some("pci"));
    let prod = network(&stack, "production", "10.20.0.0/16")?;
    VpcPeering::new(
        &stack,
        "prod-to-pci",
        VpcPeeringProps::builder().requester(&prod.vpc).accepter(&pci.vpc).accepter_provider(&pci_account).build()?,
    )?;
    let prod_key = key(&stack, "checkout");
    ecs_service(&stack, &prod, &prod_key, "checkout", Readiness::ContinueImmediately)?;
    orders_fleet(&stack, &prod, &prod_key)?;
    eks_workload(&stack)?;

    // The route tables of each VPC, from what the constructs synthesized.
    let out = app.synthesize()?;
    pci_stack.add_file("route-tables/production-pci.md", route_tables_markdown(&out, pci.vpc.vpc()));
    stack.add_file("route-tables/production.md", route_tables_markdown(&out, prod.vpc.vpc()));
    Ok(())
}

/// The PCI account's provider: a role given as a variable of `stack`.
fn pci_provider(stack: &Stack, id: &str, alias: Option<&str>) -> AwsProvider {
    let role = Variable::new(stack, "pci-deploy-role-arn")
        .type_expr("string")
        .description("ARN of the role konductor assumes in the PCI account");
    let mut p = AwsProvider::builder(stack, id)
        .region(REGION)
        .assume_role(vec![AwsProviderAssumeRole::builder().role_arn(role.value()).session_name("konductor").build()]);
    if let Some(alias) = alias {
        p = p.alias(alias);
    }
    p.build()
}

/// The VPC and its security-group matrix (public ALB 443 from the internet, the app port only from the ALB,
/// admin ports only from the DevOps networks, the database port only from the app).
fn network(stack: &Stack, id: &str, cidr: &str) -> konductor::Result<Network> {
    let vpc = TieredVpc::new(
        stack,
        id,
        TieredVpcProps::builder()
            .cidr(cidr)
            .azs(3)
            .nat_gateways(NatGateways::PerAz)
            .eks_cluster_tags("platform")
            .build()?,
    )?;
    let chain = SecurityGroupChain::new(
        stack,
        &format!("{id}-chain"),
        SecurityGroupChainProps::builder()
            .vpc_id(vpc.vpc_id())
            .alb_ingress_cidrs(["0.0.0.0/0"])
            .app_port(APP_PORT)
            .db_port(5432)
            .devops_cidrs(DEVOPS)
            .app_https_egress_cidrs(["0.0.0.0/0"])
            .build()?,
    )?;
    Output::new(stack, "vpc-id", vpc.vpc_id());
    Ok(Network { vpc, chain })
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

// TODO(blocks): kms::Key and sns::Topic once they land on main.
fn key(stack: &Stack, id: &str) -> KmsKey {
    KmsKey::builder(stack, &format!("{id}-key"))
        .description(format!("{id}: configuration and deployment events"))
        .enable_key_rotation(true)
        .build()
}

/// The payments configuration as KMS-encrypted SecureStrings (values set out of band, never in state).
fn parameters(stack: &Stack, key: &KmsKey) {
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

/// An ECS service deployed blue/green by CodeDeploy: canary 10 % for 5 minutes, 5xx and latency alarms.
fn ecs_service(
    stack: &Stack,
    net: &Network,
    key: &KmsKey,
    id: &str,
    readiness: Readiness,
) -> konductor::Result<CodeDeployBlueGreen> {
    let cluster = EcsCluster::builder(stack, &format!("{id}-cluster"))
        .name(stack.name(id))
        .setting(vec![EcsClusterSetting::builder().name("containerInsights").value("enabled").build()])
        .build();
    let execution = IamRole::builder(stack, &format!("{id}-execution-role"))
        .name(stack.name(&format!("{id}-execution")))
        .assume_role_policy(PolicyDocument::assume_role(Principal::service("ecs-tasks.amazonaws.com")).to_value(stack))
        .build();
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
    let topic = SnsTopic::builder(stack, &format!("{id}-deployments"))
        .name(stack.name(&format!("{id}-deployments")))
        .kms_master_key_id(key.arn())
        .build();
    let lb = BlueGreenLoadBalancer::builder()
        .load_balancer(alb.arn(), alb.arn_suffix())
        .vpc_id(net.vpc.vpc_id())
        .certificate_arn(certificate(stack, id).value())
        .test_port(8443)
        .target_port(APP_PORT)
        .health_check(HealthCheck::path("/"))
        .build()?;
    CodeDeployBlueGreen::ecs(
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
            .notifications(Notifications::to_topic(topic.arn()).encrypted_with(key.arn()))
            .pass_roles([execution.arn()])
            .build()?,
    )
}

/// The orders service on EC2: an Auto Scaling group deployed blue/green by hosts (75 % always healthy).
fn orders_fleet(stack: &Stack, net: &Network, key: &KmsKey) -> konductor::Result<CodeDeployBlueGreen> {
    let ami = Variable::new(stack, "orders-ami-id").type_expr("string").description("AMI of the orders instances");
    let role = IamRole::builder(stack, "orders-instance-role")
        .name(stack.name("orders-instance"))
        .assume_role_policy(PolicyDocument::assume_role(Principal::service("ec2.amazonaws.com")).to_value(stack))
        .build();
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
    let topic = SnsTopic::builder(stack, "orders-deployments")
        .name(stack.name("orders-deployments"))
        .kms_master_key_id(key.arn())
        .build();
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
            .traffic(TrafficShifting::MinimumHealthy(konductor::aws::deploy::MinimumHealthy::FleetPercent(75)))
            .terminate_blue_after_minutes(60)
            .alarms([RollbackAlarm::TargetGroup5xxRate { percent: 2.0 }])
            .notifications(Notifications::to_topic(topic.arn()).encrypted_with(key.arn()))
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
        .build();
    Ok(deployment)
}

/// The EKS workload: the Argo Rollouts controller and a blue/green Rollout.
// TODO(eks): on the EksCluster of this VPC (its helm_provider / kubernetes_provider) once it lands on main.
fn eks_workload(stack: &Stack) -> konductor::Result<()> {
    RolloutsController::new(stack, "argo-rollouts", RolloutsControllerProps::default())?;
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
            .build()?,
    )?;
    Ok(())
}
