//! Innovate Inc. (seeds 002 and 003): a shared-services account with the container registries, and a dev and a
//! prod account, each with a TieredVpc (2 zones and one NAT gateway in dev, 3 zones and a NAT gateway per zone in
//! prod, pinned by zone id), an EksCluster with Karpenter, the AWS Load Balancer Controller (Pod Identity), RDS
//! for PostgreSQL (Multi-AZ, KMS, the master password managed by RDS in Secrets Manager and rotated, backups
//! with point-in-time recovery, TLS forced by the parameter group), the security groups ALB -> pods (the nodes'
//! group) -> RDS on the database port only, the application's load balancer (HTTPS only, owned by Terraform,
//! the pods registered by the controller through a TargetGroupBinding) behind a regional WAF web ACL, its
//! Route 53 record, and the outputs the CI/CD pipeline reads. Each stack manages its own account through a
//! provider that assumes the deploy role given as a variable.
//!
//! ```text
//! cargo run --example innovate_inc -- --out /tmp/innovate_inc
//! python3 ../shared/schemas/validate_tf_json.py /tmp/innovate_inc -q
//! ../shared/tools/tfmock/tfcheck --apply --stack shared-services /tmp/innovate_inc
//! ../shared/tools/tfmock/tfcheck --stack dev --stack prod /tmp/innovate_inc
//! scripts/validate-k8s.sh /tmp/innovate_inc
//! ```
//!
//! Not yet here: CloudFront with origin access control and the CloudFront-scoped WAF in front of the load
//! balancer, which wait for the CloudFront bindings; the record points at the load balancer until then.
//!
//! dev and prod are validated and planned, not applied, by tfcheck: see `PLAN_ONLY` in `.ci/run`.

use konductor::aws::deploy::TLS_POLICY;
use konductor::aws::eks::Yaml;
use konductor::aws::eks::{ClusterNetwork, EksCluster, EksClusterProps, SystemNodes};
use konductor::aws::iam::{Condition, ManagedPolicy, PolicyDocument, Principal, Role, RoleProps, Statement, Trust};
use konductor::aws::karpenter::{KarpenterPool, KarpenterPoolProps};
use konductor::aws::kms::{Key, KeyProps};
use konductor::aws::l1::ecr::{
    EcrRepository, EcrRepositoryEncryptionConfiguration, EcrRepositoryImageScanningConfiguration,
};
use konductor::aws::l1::elbv2::{Lb, LbListener, LbListenerDefaultAction, LbTargetGroup, LbTargetGroupHealthCheck};
use konductor::aws::l1::helm::Release;
use konductor::aws::l1::rds::{DbInstance, DbParameterGroup, DbParameterGroupParameter};
use konductor::aws::l1::route53::{Route53Record, Route53RecordAlias};
use konductor::aws::l1::wafv2::{
    Wafv2WebAcl, Wafv2WebAclAssociation, Wafv2WebAclDefaultAction, Wafv2WebAclDefaultActionAllow,
    Wafv2WebAclLoggingConfiguration, Wafv2WebAclRule, Wafv2WebAclRuleOverrideAction, Wafv2WebAclRuleOverrideActionNone,
    Wafv2WebAclRuleVisibilityConfig, Wafv2WebAclVisibilityConfig,
};
use konductor::aws::logs::{LogGroup, LogGroupProps};
use konductor::aws::network::{
    NatGateways, SecurityGroupChain, SecurityGroupChainProps, Tier, TieredVpc, TieredVpcProps,
};
use konductor::aws::providers::{AwsProvider, AwsProviderAssumeRole, AwsProviderDefaultTags};
use konductor::aws::AwsContext;
use konductor::prelude::*;

/// The region of every account.
const REGION: &str = "us-east-1";
/// The Kubernetes version of both clusters.
pub const KUBERNETES: &str = "1.35";
/// The application's port in its pods.
pub const APP_PORT: u16 = 8080;
/// PostgreSQL's port.
pub const DB_PORT: u16 = 5432;
/// The application's container images.
pub const REPOSITORIES: [&str; 2] = ["web", "api"];
/// The AWS Load Balancer Controller chart.
pub const LBC_CHART_VERSION: &str = "1.14.0";

fn main() -> konductor::Result<()> {
    let app = App::from_args()?;
    build(&app)?;
    app.synth()
}

/// The three stacks: shared services, dev and prod.
pub fn build(app: &App) -> konductor::Result<()> {
    shared_services(app)?;
    workload(app, &Workload::dev())?;
    workload(app, &Workload::prod())?;
    Ok(())
}

/// The provider of `stack`, managing its account through the deploy role given as a variable.
fn account_provider(stack: &Stack, account: &str) -> Variable {
    let role = Variable::new(stack, "deploy-role-arn")
        .type_expr("string")
        .description(&format!("ARN of the role Terraform assumes in the {account} account"));
    AwsProvider::builder(stack, "aws")
        .region(REGION)
        .assume_role(vec![AwsProviderAssumeRole::builder().role_arn(role.value()).session_name("konductor").build()])
        .default_tags(vec![AwsProviderDefaultTags::builder()
            .tags([("Company", "innovate-inc"), ("Account", account), ("ManagedBy", "konductor")])
            .build()])
        .build();
    role
}

/// A customer-managed key (rotation on) that this account's principals may use only through `services`
/// (`kms:ViaService`; their own IAM policies decide who), and through which those services may make the
/// grants the resources they create need (`kms:GrantIsForAWSResource`).
fn key(stack: &Stack, cx: &AwsContext, id: &str, description: &str, services: &[&str]) -> konductor::Result<Key> {
    let mut props = KeyProps::builder().alias(id).description(description).context(cx.clone());
    for s in services {
        props = props.allow_account_use_via(*s);
    }
    let key = Key::new(stack, id, props.build()?)?;
    let via: Vec<_> = services.iter().map(|s| template!("{}.{}.{}", *s, cx.region(), cx.dns_suffix())).collect();
    key.add_to_key_policy(
        Statement::allow()
            .sid("ServiceGrantsForAwsResources")
            .principal(Principal::aws(cx.account_root_arn()))
            .actions(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"])
            .resource("*")
            .condition(Condition::bool("kms:GrantIsForAWSResource", true))
            .condition(Condition::string_equals("kms:CallerAccount", cx.account_id()))
            .condition(Condition::string_equals("kms:ViaService", via)),
    )?;
    Ok(key)
}

/// Shared services: the application's image repositories, encrypted, scanned on push, tags immutable,
/// pulled by the workload accounts.
fn shared_services(app: &App) -> konductor::Result<Stack> {
    let stack = Stack::new(app, "shared-services", &Environment::new("shared")?);
    account_provider(&stack, "shared-services");
    // The accounts whose clusters pull the images.
    let pullers: Vec<Variable> = ["dev", "prod"]
        .into_iter()
        .map(|env| {
            Variable::new(&stack, &format!("{env}-account-id"))
                .type_expr("string")
                .description(&format!("Id of the {env} account, whose cluster pulls the images"))
        })
        .collect();
    let pullers = pullers
        .iter()
        .map(|v| Principal::aws(template!("arn:aws:iam::{}:root", v.value())))
        .reduce(Principal::and)
        .expect("two accounts");
    let cx = AwsContext::new(&stack);
    let images = key(&stack, &cx, "images", "Innovate Inc. container images", &["ecr"])?;
    for name in REPOSITORIES {
        let repo = EcrRepository::builder(&stack, name)
            .name(stack.name(name))
            .image_tag_mutability("IMMUTABLE")
            .image_scanning_configuration(EcrRepositoryImageScanningConfiguration::builder().scan_on_push(true).build())
            .encryption_configuration(vec![EcrRepositoryEncryptionConfiguration::builder()
                .encryption_type("KMS")
                .kms_key(images.arn())
                .build()])
            .build();
        let pull = PolicyDocument::new().statement(
            Statement::allow().sid("WorkloadAccountsPull").principal(pullers.clone()).actions([
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer",
            ]),
        );
        // TODO(full-l1): the typed `aws_ecr_repository_policy` once it is bound.
        GenericResource::new(&stack, &format!("{name}-pull-policy"), "aws_ecr_repository_policy")
            .set("repository", repo.name())
            .set("policy", pull.to_value(&stack));
        Output::new(&stack, &format!("{name}-repository-url"), repo.repository_url())
            .description(&format!("Where CI pushes the {name} image"));
    }
    Ok(stack)
}

/// What differs between dev and prod.
struct Workload {
    env: &'static str,
    cidr: &'static str,
    /// The zones by id (the same physical zones in every account; a closed set).
    zone_ids: &'static [&'static str],
    nat: NatGateways,
    db_class: &'static str,
    backup_days: u32,
    system_nodes: SystemNodes,
}

impl Workload {
    fn dev() -> Self {
        Workload {
            env: "dev",
            cidr: "10.20.0.0/16",
            zone_ids: &["use1-az1", "use1-az2"],
            nat: NatGateways::Single,
            db_class: "db.t4g.medium",
            backup_days: 7,
            system_nodes: SystemNodes::default().size(2, 2, 3),
        }
    }

    fn prod() -> Self {
        Workload {
            env: "prod",
            cidr: "10.10.0.0/16",
            zone_ids: &["use1-az1", "use1-az2", "use1-az4"],
            nat: NatGateways::PerAz,
            db_class: "db.m7g.large",
            backup_days: 14,
            system_nodes: SystemNodes::default().size(3, 3, 5),
        }
    }
}

/// A workload account: network, cluster, Karpenter, load balancer controller, database, WAF.
fn workload(app: &App, w: &Workload) -> konductor::Result<Stack> {
    let env = Environment::new(w.env)?;
    let stack = Stack::new(app, w.env, &env);
    let deploy_role = account_provider(&stack, w.env);
    let devops = Variable::new(&stack, "devops-role-arn")
        .type_expr("string")
        .description("The DevOps team's role: cluster admin");
    let developers = Variable::new(&stack, "developers-role-arn")
        .type_expr("string")
        .description("The developers' role: read-only, no Secrets");

    let vpc = TieredVpc::new(
        &stack,
        "vpc",
        TieredVpcProps::builder()
            .cidr(w.cidr)
            .availability_zone_ids(w.zone_ids.iter().copied())
            .nat_gateways(w.nat)
            .eks_cluster_tags("platform")
            .build()?,
    )?;
    let cluster = EksCluster::new(
        &stack,
        "platform",
        EksClusterProps::builder()
            .name("platform")
            .version(KUBERNETES)
            .network(ClusterNetwork::tiered(&vpc))
            .admin_role(devops.value())
            .admin_role(deploy_role.value())
            .viewer_role(developers.value())
            .system_nodes(w.system_nodes.clone())
            .build()?,
    )?;
    cluster.kubernetes_provider(&stack, "kubernetes", None);
    let helm = cluster.helm_provider(&stack, "helm", None);
    // The region, account and partition of this stack's own blocks (the cluster reads its own).
    let cx = AwsContext::new(&stack);
    let lbc_role = load_balancer_controller(&stack, &cx, &cluster, &vpc, &helm)?;

    // ALB -> pods -> database, on the database port only. The pods' group is the nodes' group (pods share
    // their node's network interfaces), which Karpenter's nodes get through `karpenter.sh/discovery`.
    let chain = SecurityGroupChain::new(
        &stack,
        "app",
        SecurityGroupChainProps::builder()
            .vpc_id(vpc.vpc_id())
            .alb_ingress_cidrs(["0.0.0.0/0"])
            .app_port(APP_PORT)
            .db_port(DB_PORT)
            .app_security_group(cluster.node_security_group())
            .build()?,
    )?;
    KarpenterPool::new(&stack, "karpenter", &cluster, &helm, KarpenterPoolProps::default())?;

    let db = database(&stack, &cx, w, &vpc, &chain)?;
    let acl = web_acl(&stack, &cx, "web-acl", "app", "REGIONAL", "Innovate Inc. application load balancer")?;
    let site = Variable::new(&stack, "domain-name")
        .type_expr("string")
        .description("The application's DNS name (app.example.com), in the hosted zone");
    let zone = Variable::new(&stack, "hosted-zone-id").type_expr("string").description("The Route 53 zone of the name");
    let certificate = Variable::new(&stack, "certificate-arn")
        .type_expr("string")
        .description("The ACM certificate of the name (us-east-1: the load balancer's and CloudFront's)");
    let (alb, targets) = load_balancer(&stack, &vpc, &chain, &acl, &certificate);
    Route53Record::builder(&stack, "app-record")
        .zone_id(zone.value())
        .name(site.value())
        .r#type("A")
        .alias(
            Route53RecordAlias::builder()
                .name(alb.dns_name())
                .zone_id(alb.zone_id())
                .evaluate_target_health(true)
                .build(),
        )
        .build();

    Output::new(&stack, "cluster-name", cluster.cluster_name()).description("kubectl / CD target");
    Output::new(&stack, "cluster-endpoint", cluster.endpoint());
    Output::new(&stack, "vpc-id", vpc.vpc_id());
    Output::new(&stack, "alb-security-group-id", chain.alb_id())
        .description("alb.ingress.kubernetes.io/security-groups");
    Output::new(&stack, "target-group-arn", targets.arn())
        .description("The TargetGroupBinding's targetGroupARN: the controller registers the pods there");
    Output::new(&stack, "db-endpoint", db.endpoint());
    Output::new(&stack, "db-secret-arn", db.master_user_secret().index(0).attr("secret_arn"))
        .description("The master password, managed and rotated by RDS in Secrets Manager");
    Output::new(&stack, "load-balancer-controller-role-arn", lbc_role);
    Ok(stack)
}

/// RDS for PostgreSQL: encrypted, the master password in Secrets Manager, TLS forced, backups with PITR.
fn database(
    stack: &Stack,
    cx: &AwsContext,
    w: &Workload,
    vpc: &TieredVpc,
    chain: &SecurityGroupChain,
) -> konductor::Result<DbInstance> {
    let data = key(
        stack,
        cx,
        "data",
        "Innovate Inc. database: storage, Performance Insights, master secret",
        &["rds", "secretsmanager"],
    )?;
    let params = DbParameterGroup::builder(stack, "postgres-params")
        .name(stack.name("app-postgres17"))
        .family("postgres17")
        .description("Innovate Inc. PostgreSQL 17: TLS only, connections logged")
        .parameter(vec![
            DbParameterGroupParameter::builder().name("rds.force_ssl").value("1").build(),
            DbParameterGroupParameter::builder().name("log_connections").value("1").build(),
        ])
        .build();
    let monitoring = Role::new(
        stack,
        "db-monitoring-role",
        RoleProps::builder()
            .name("app-db-monitoring")
            .description("RDS Enhanced Monitoring of the app database")
            .trust(Trust::service("monitoring.rds.amazonaws.com").from_this_account())
            .managed_policy(ManagedPolicy::aws("service-role/AmazonRDSEnhancedMonitoringRole"))
            .context(cx.clone())
            .build()?,
    )?;
    let db = DbInstance::builder(stack, "db")
        .identifier(stack.name("app"))
        .engine("postgres")
        .engine_version("17")
        .instance_class(w.db_class)
        .allocated_storage(50u64)
        .max_allocated_storage(200u64)
        .storage_type("gp3")
        .storage_encrypted(true)
        .kms_key_id(data.arn())
        .db_name("app")
        .username("app_admin")
        .manage_master_user_password(true)
        .master_user_secret_kms_key_id(data.arn())
        .multi_az(true)
        .db_subnet_group_name(vpc.db_subnet_group().name())
        .vpc_security_group_ids(vec![chain.db_id()])
        .parameter_group_name(params.name())
        .publicly_accessible(false)
        .backup_retention_period(u64::from(w.backup_days))
        .copy_tags_to_snapshot(true)
        .auto_minor_version_upgrade(true)
        .iam_database_authentication_enabled(true)
        .performance_insights_enabled(true)
        .performance_insights_kms_key_id(data.arn())
        .enabled_cloudwatch_logs_exports(["postgresql", "upgrade"])
        .monitoring_interval(60u64)
        .monitoring_role_arn(monitoring.arn())
        .tags([("Name", stack.name("app"))])
        .build();
    for a in monitoring.managed_policy_attachments() {
        db.depends_on(a);
    }
    Ok(db)
}

/// The application's load balancer, owned by Terraform (so that DNS and the WAF can point at it): internet-facing
/// in the public subnets, HTTPS only with TLS 1.2 or later, invalid headers dropped, the regional WAF attached.
/// The AWS Load Balancer Controller registers the pods in its target group (a `TargetGroupBinding`).
fn load_balancer(
    stack: &Stack,
    vpc: &TieredVpc,
    chain: &SecurityGroupChain,
    acl: &Wafv2WebAcl,
    certificate: &Variable,
) -> (Lb, LbTargetGroup) {
    let name = stack.name("app");
    let alb = Lb::builder(stack, "alb")
        .name(&name)
        .load_balancer_type("application")
        .subnets(vpc.subnet_ids(Tier::Public))
        .security_groups([chain.alb_id()])
        .drop_invalid_header_fields(true)
        .tags([("Name", &name)])
        .build();
    let targets = LbTargetGroup::builder(stack, "alb-targets")
        .name(&name)
        .vpc_id(vpc.vpc_id())
        .target_type("ip")
        .port(APP_PORT)
        .protocol("HTTP")
        .health_check(
            LbTargetGroupHealthCheck::builder().enabled(true).path("/healthz").matcher("200").protocol("HTTP").build(),
        )
        .tags([("Name", &name)])
        .build();
    LbListener::builder(stack, "alb-https")
        .load_balancer_arn(alb.arn())
        .port(443u16)
        .protocol("HTTPS")
        .ssl_policy(TLS_POLICY)
        .certificate_arn(certificate.value())
        .default_action(vec![LbListenerDefaultAction::builder()
            .r#type("forward")
            .target_group_arn(targets.arn())
            .build()])
        .tags([("Name", &name)])
        .build();
    Wafv2WebAclAssociation::builder(stack, "alb-waf").resource_arn(alb.arn()).web_acl_arn(acl.arn()).build();
    (alb, targets)
}

/// A WAF web ACL `name` of `scope` (`REGIONAL` for the load balancer, `CLOUDFRONT` for the distribution): AWS
/// managed rules, logged to an encrypted group (WAF requires the `aws-waf-logs-` prefix).
fn web_acl(
    stack: &Stack,
    cx: &AwsContext,
    id: &str,
    name: &str,
    scope: &str,
    description: &str,
) -> konductor::Result<Wafv2WebAcl> {
    let managed = |priority: u64, name: &str| {
        Wafv2WebAclRule::builder()
            .name(name)
            .priority(priority)
            .override_action(
                Wafv2WebAclRuleOverrideAction::builder()
                    .none(Wafv2WebAclRuleOverrideActionNone::builder().build())
                    .build(),
            )
            .statement(serde_json::json!({ "managed_rule_group_statement": { "name": name, "vendor_name": "AWS" } }))
            .visibility_config(
                Wafv2WebAclRuleVisibilityConfig::builder()
                    .cloudwatch_metrics_enabled(true)
                    .metric_name(name)
                    .sampled_requests_enabled(true)
                    .build(),
            )
            .build()
    };
    let rules = vec![
        managed(1, "AWSManagedRulesCommonRuleSet"),
        managed(2, "AWSManagedRulesKnownBadInputsRuleSet"),
        managed(3, "AWSManagedRulesAmazonIpReputationList"),
        managed(4, "AWSManagedRulesAnonymousIpList"),
    ];
    let log_group = format!("aws-waf-logs-{name}");
    let name = stack.name(name);
    let acl = Wafv2WebAcl::builder(stack, id)
        .name(&name)
        .description(description)
        .scope(scope)
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
    // WAF requires the `aws-waf-logs-` prefix. The group has a key of its own, for this group only.
    let logs = LogGroup::new(
        stack,
        &format!("{id}-logs"),
        LogGroupProps::builder().name(log_group).retention_days(365).context(cx.clone()).build()?,
    )?;
    Wafv2WebAclLoggingConfiguration::builder(stack, &format!("{id}-logging"))
        .resource_arn(acl.arn())
        .log_destination_configs(vec![logs.arn()])
        .build();
    Ok(acl)
}

/// The AWS Load Balancer Controller on the system nodes, with its own Pod Identity role. Returns the role ARN.
fn load_balancer_controller(
    stack: &Stack,
    cx: &AwsContext,
    cluster: &EksCluster,
    vpc: &TieredVpc,
    helm: &impl AsRef<konductor::core::ProviderRef>,
) -> konductor::Result<konductor::Attr<String>> {
    let role = Role::new(
        stack,
        "lbc-role",
        RoleProps::builder()
            .name("platform-load-balancer-controller")
            .description("The AWS Load Balancer Controller (Pod Identity)")
            .trust(cluster.pod_identity_role_trust("kube-system", "aws-load-balancer-controller"))
            .inline_policy("load-balancer-controller", lbc_policy())
            .context(cx.clone())
            .build()?,
    )?;
    let association =
        cluster.pod_identity(stack, "lbc-identity", "kube-system", "aws-load-balancer-controller", role.arn());
    let values = Yaml::map([
        ("clusterName", Yaml::str(cluster.name().as_str())),
        ("region", Yaml::str(REGION)),
        ("vpcId", Yaml::expr(vpc.vpc_id())),
        ("serviceAccount", Yaml::map([("name", Yaml::str("aws-load-balancer-controller"))])),
        ("nodeSelector", Yaml::map([("konductor.dev/node-group", Yaml::str("system"))])),
        (
            "tolerations",
            Yaml::list([Yaml::map([("key", Yaml::str("CriticalAddonsOnly")), ("operator", Yaml::str("Exists"))])]),
        ),
    ]);
    let release = Release::builder(stack, "lbc")
        .name("aws-load-balancer-controller")
        .namespace("kube-system")
        .repository("https://aws.github.io/eks-charts")
        .chart("aws-load-balancer-controller")
        .version(LBC_CHART_VERSION)
        .atomic(true)
        .wait(true)
        .values(vec![values.to_value()])
        .build();
    release.provider(helm.as_ref());
    release.depends_on(&association);
    for p in role.inline_policies() {
        release.depends_on(p);
    }
    for r in cluster.ready() {
        release.depends_on(&r);
    }
    Ok(role.arn())
}

/// The AWS Load Balancer Controller's IAM policy (the upstream `iam_policy.json`).
fn lbc_policy() -> PolicyDocument {
    let cluster_tag_absent = |tag: &str, absent: bool| konductor::aws::iam::Condition::null(tag, absent);
    PolicyDocument::new().statements([
        Statement::allow()
            .sid("Describe")
            .actions([
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAddresses",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeTags",
                "ec2:GetCoipPoolUsage",
                "ec2:DescribeCoipPools",
                "ec2:GetSecurityGroupsForVpc",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerCertificates",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeSSLPolicies",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeTrustStores",
            ])
            .resource("*"),
        Statement::allow().sid("ServiceLinkedRole").action("iam:CreateServiceLinkedRole").resource("*").condition(
            konductor::aws::iam::Condition::string_equals("iam:AWSServiceName", "elasticloadbalancing.amazonaws.com"),
        ),
        Statement::allow()
            .sid("CertificatesWafShield")
            .actions([
                "cognito-idp:DescribeUserPoolClient",
                "acm:ListCertificates",
                "acm:DescribeCertificate",
                "iam:ListServerCertificates",
                "iam:GetServerCertificate",
                "wafv2:GetWebACL",
                "wafv2:GetWebACLForResource",
                "wafv2:AssociateWebACL",
                "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState",
                "shield:DescribeProtection",
                "shield:CreateProtection",
                "shield:DeleteProtection",
            ])
            .resource("*"),
        Statement::allow().sid("CreateSecurityGroup").actions(["ec2:CreateSecurityGroup"]).resource("*"),
        Statement::allow()
            .sid("TagNewSecurityGroups")
            .action("ec2:CreateTags")
            .resource("arn:aws:ec2:*:*:security-group/*")
            .condition(konductor::aws::iam::Condition::string_equals("ec2:CreateAction", "CreateSecurityGroup"))
            .condition(cluster_tag_absent("aws:RequestTag/elbv2.k8s.aws/cluster", false)),
        Statement::allow()
            .sid("ManageOwnSecurityGroups")
            .actions([
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup",
                "ec2:CreateTags",
                "ec2:DeleteTags",
            ])
            .resource("arn:aws:ec2:*:*:security-group/*")
            .condition(cluster_tag_absent("aws:ResourceTag/elbv2.k8s.aws/cluster", false)),
        Statement::allow()
            .sid("CreateLoadBalancers")
            .actions(["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"])
            .resource("*")
            .condition(cluster_tag_absent("aws:RequestTag/elbv2.k8s.aws/cluster", false)),
        Statement::allow()
            .sid("ListenersAndRules")
            .actions([
                "elasticloadbalancing:CreateListener",
                "elasticloadbalancing:DeleteListener",
                "elasticloadbalancing:CreateRule",
                "elasticloadbalancing:DeleteRule",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetWebAcl",
            ])
            .resource("*"),
        Statement::allow()
            .sid("ManageOwnLoadBalancers")
            .actions([
                "elasticloadbalancing:AddTags",
                "elasticloadbalancing:RemoveTags",
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup",
            ])
            .resource("*")
            .condition(cluster_tag_absent("aws:ResourceTag/elbv2.k8s.aws/cluster", false)),
        Statement::allow()
            .sid("Targets")
            .actions(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"])
            .resource("arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"),
    ])
}
