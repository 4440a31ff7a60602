//! [`KarpenterPool`]: Karpenter on an [`EksCluster`], with its IAM, its interruption queue, its Helm
//! releases and its NodePools.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Asset, Attr, Construct, Error, Expr, Result, Scope};

use super::manifests::{self, NodeClassInput};
use super::policy::{controller_policy, PolicyScope};
use super::props::{check_pool, KarpenterPoolProps};
use crate::eks::{EksCluster, Yaml, CRITICAL_ADDONS_TAINT};
use crate::iam::Role;
use crate::l1::eks::{EksAccessEntry, EksPodIdentityAssociation};
use crate::l1::events::{CloudwatchEventRule, CloudwatchEventTarget};
use crate::l1::helm::Release;
use crate::l1::iam::IamInstanceProfile;
use crate::network::child_path;
use crate::sqs::{Queue, QueueProps};

/// The namespace and service account of the controller.
pub const NAMESPACE: &str = "kube-system";
/// The controller's service account.
pub const SERVICE_ACCOUNT: &str = "karpenter";
/// Where the charts come from.
pub const CHART_REPOSITORY: &str = "oci://public.ecr.aws/karpenter";
/// The services a cluster with no route to the internet needs VPC endpoints for, for Karpenter: STS (Pod
/// Identity credentials), SSM (AMI parameters), EC2 (launching nodes), SQS (the interruption queue) and
/// EKS (the cluster endpoint).
pub const ISOLATED_VPC_ENDPOINTS: [&str; 5] = ["sts", "ssm", "ec2", "sqs", "eks"];
/// How long an interruption message is kept: Karpenter reads it well within.
pub const INTERRUPTION_MESSAGE_RETENTION_SECONDS: u32 = 300;

/// The EventBridge rules that feed the interruption queue: `(id, source, detail-type)`.
pub const INTERRUPTION_EVENTS: [(&str, &str, &str); 5] = [
    ("spot-interruption", "aws.ec2", "EC2 Spot Instance Interruption Warning"),
    ("rebalance-recommendation", "aws.ec2", "EC2 Instance Rebalance Recommendation"),
    ("instance-state-change", "aws.ec2", "EC2 Instance State-change Notification"),
    ("scheduled-change", "aws.health", "AWS Health Event"),
    ("capacity-reservation-interruption", "aws.ec2", "EC2 Capacity Reservation Instance Interruption Warning"),
];

/// Karpenter on an [`EksCluster`].
///
/// What it makes:
/// - the controller's role (the Karpenter v1 controller policy, `iam:ListInstanceProfiles` included) with a
///   Pod Identity association for `kube-system/karpenter`;
/// - the nodes' role, its instance profile and an `EC2_LINUX` access entry;
/// - the interruption queue (SSE, TLS only, 300 s retention) and the EventBridge rules for spot
///   interruptions, rebalance recommendations, instance state changes, scheduled changes (AWS Health) and
///   capacity reservation interruptions;
/// - three Helm releases, in order: `karpenter-crd` (the CRDs, as templates so that they upgrade with the
///   chart), `karpenter` (the controller on the system nodes, the chart version pinned, with `clusterName`,
///   `clusterEndpoint`, `interruptionQueue` and `isolatedVPC` set), and a local chart of the NodePools and
///   the EC2NodeClass. Helm plans without the CRDs, so one `terraform apply` on a fresh account works;
///   `kubernetes_manifest` could not be planned before the CRDs exist.
///
/// ```
/// use konductor_aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
/// use konductor_aws::karpenter::{KarpenterPool, KarpenterPoolProps};
/// use konductor_aws::network::{TieredVpc, TieredVpcProps};
/// konductor_core::testing::synth(|stack| {
///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").eks_cluster_tags("eks").build().unwrap()).unwrap();
///     let cluster = EksCluster::new(stack, "eks", EksClusterProps::builder().version("1.35")
///         .network(ClusterNetwork::tiered(&vpc)).admin_role("arn:aws:iam::111122223333:role/devops").build().unwrap()).unwrap();
///     let helm = cluster.helm_provider(stack, "helm", None);
///     let karpenter = KarpenterPool::new(stack, "karpenter", &cluster, &helm, KarpenterPoolProps::default()).unwrap();
///     assert_eq!(karpenter.manifests().len(), 4); // the EC2NodeClass and three NodePools
/// });
/// ```
#[derive(Clone, Debug)]
pub struct KarpenterPool {
    scope: Construct,
    controller_role: Role,
    controller_identity: EksPodIdentityAssociation,
    node_role: Role,
    instance_profile: IamInstanceProfile,
    node_access: EksAccessEntry,
    queue: Queue,
    rules: Vec<CloudwatchEventRule>,
    crds: Release,
    controller: Release,
    node_pools: Release,
    chart: Asset,
    manifests: Vec<(String, Yaml)>,
}

impl KarpenterPool {
    /// Installs Karpenter on `cluster` through `helm` (a provider from
    /// [`EksCluster::helm_provider`]); the error names the construct path, the pool and the fix.
    pub fn new(
        scope: &impl AsScope,
        id: &str,
        cluster: &EksCluster,
        helm: &impl AsRef<konductor_core::ProviderRef>,
        props: KarpenterPoolProps,
    ) -> Result<Self> {
        let path = child_path(scope, id);
        for pool in &props.node_pools {
            check_pool(&path, pool)?;
        }
        for (i, p) in props.node_pools.iter().enumerate() {
            if props.node_pools[..i].iter().any(|q| q.name == p.name) {
                return Err(Error::invalid(
                    &path,
                    format!("two NodePools are named `{}`", p.name),
                    "give each pool its own name",
                ));
            }
        }
        let network = cluster.network();
        if network.is_isolated() {
            let missing: Vec<&str> = ISOLATED_VPC_ENDPOINTS
                .iter()
                .copied()
                .filter(|e| !network.endpoints().iter().any(|have| have == e))
                .collect();
            if !missing.is_empty() {
                return Err(Error::invalid(
                    &path,
                    format!(
                        "the cluster's VPC has no route to the internet and no VPC endpoint for {}: Karpenter could \
                         not get credentials, AMIs, instances, interruption messages or the cluster endpoint",
                        missing.join(", ")
                    ),
                    format!(
                        "add interface endpoints for {} (EndpointPreset::EksPrivate has them all)",
                        missing.join(", ")
                    ),
                ));
            }
        }

        let c = Construct::new(scope, id);
        let cx = cluster.context();
        let (partition, region, account) = (cx.partition(), cx.region(), cx.account_id());
        let base = format!("{}-karpenter", cluster.name_base());
        let cluster_name = cluster.name().as_str().to_string();

        // The interruption queue (its own key, TLS only) and the rules that feed it: EventBridge may send
        // to it, for this cluster's rules only, and use its key.
        let queue = Queue::new(
            &c,
            "interruption-queue",
            QueueProps::builder()
                .name(base.as_str())
                .retention_seconds(INTERRUPTION_MESSAGE_RETENTION_SECONDS)
                .context(cx.clone())
                .build()?,
        )?;
        queue.allow_service_send(
            "events",
            Attr::new(template!("arn:{}:events:{}:{}:rule/{}-*", &partition, &region, &account, base.as_str())),
        )?;
        let mut rules = Vec::new();
        for (rule_id, source, detail_type) in INTERRUPTION_EVENTS {
            let rule_name = c.name(&format!("{base}-{rule_id}"));
            let rule = CloudwatchEventRule::builder(&c, rule_id)
                .name(&rule_name)
                .description(format!("Karpenter interruption handling for {cluster_name}: {detail_type}"))
                .event_pattern(format!(r#"{{"source":["{source}"],"detail-type":["{detail_type}"]}}"#))
                .tags([("Name", &rule_name)])
                .build();
            CloudwatchEventTarget::builder(&c, &format!("{rule_id}-target"))
                .rule(rule.name())
                .target_id("KarpenterInterruptionQueueTarget")
                .arn(queue.arn())
                .build();
            rules.push(rule);
        }

        // The nodes' role, profile and access entry.
        let node_role = crate::eks::node_role(
            &c,
            "node-role",
            &format!("{base}-node"),
            &format!("Nodes Karpenter launches for EKS cluster {cluster_name}"),
            cx,
        )?;
        let profile_name = c.name(&format!("{base}-node"));
        let instance_profile = IamInstanceProfile::builder(&c, "node-instance-profile")
            .name(&profile_name)
            .role(node_role.name())
            .tags([("Name", &profile_name)])
            .build();
        let node_access = EksAccessEntry::builder(&c, "node-access")
            .cluster_name(cluster.cluster_name())
            .principal_arn(node_role.arn())
            .r#type("EC2_LINUX")
            .tags([("Name", format!("{cluster_name}-karpenter-nodes"))])
            .build();

        // The controller's role, through Pod Identity.
        let policy = controller_policy(&PolicyScope {
            cluster: &cluster_name,
            partition: partition.clone(),
            region: region.clone(),
            account: account.clone(),
            queue_arn: queue.arn(),
            node_role_arn: node_role.arn(),
            dns_suffix: cx.dns_suffix(),
        });
        let (controller_role, controller_identity) = cluster.pod_identity_role(
            &c,
            "controller-role",
            &format!("{base}-controller"),
            NAMESPACE,
            SERVICE_ACCOUNT,
            policy,
        )?;
        // The queue's messages are encrypted: the controller decrypts them.
        queue.key().grant_decrypt(&controller_role)?;

        // The releases: CRDs, controller, pools.
        let ready = cluster.ready();
        let release = |rid: &str, name: &str, chart: &str| {
            Release::builder(&c, rid)
                .name(name)
                .namespace(NAMESPACE)
                .chart(chart)
                .repository(CHART_REPOSITORY)
                .version(props.chart_version.as_str())
                .atomic(true)
                .cleanup_on_fail(true)
                .wait(true)
        };
        let crds = release("crds", "karpenter-crd", "karpenter-crd").build();
        crds.provider(helm.as_ref());
        for r in &ready {
            crds.depends_on(r);
        }
        let values = Yaml::map([
            (
                "settings",
                Yaml::map([
                    ("clusterName", Yaml::str(&cluster_name)),
                    ("clusterEndpoint", Yaml::expr(cluster.endpoint())),
                    ("interruptionQueue", Yaml::expr(queue.sqs_queue().name())),
                    ("isolatedVPC", Yaml::bool(network.is_isolated())),
                ]),
            ),
            ("serviceAccount", Yaml::map([("name", Yaml::str(SERVICE_ACCOUNT))])),
            ("replicas", Yaml::int(2)),
            ("nodeSelector", Yaml::map([("konductor.dev/node-group", Yaml::str("system"))])),
            (
                "tolerations",
                Yaml::list([Yaml::map([("key", Yaml::str(CRITICAL_ADDONS_TAINT)), ("operator", Yaml::str("Exists"))])]),
            ),
            (
                "controller",
                Yaml::map([
                    (
                        "env",
                        Yaml::list([Yaml::map([
                            ("name", Yaml::str("AWS_REGION")),
                            ("value", Yaml::expr(region.clone())),
                        ])]),
                    ),
                    (
                        "resources",
                        Yaml::map([
                            ("requests", Yaml::map([("cpu", Yaml::str("1")), ("memory", Yaml::str("1Gi"))])),
                            ("limits", Yaml::map([("cpu", Yaml::str("1")), ("memory", Yaml::str("1Gi"))])),
                        ]),
                    ),
                ]),
            ),
        ]);
        let controller =
            release("controller", "karpenter", "karpenter").skip_crds(true).values(vec![values.to_value()]).build();
        controller.provider(helm.as_ref());
        controller.depends_on(&crds).depends_on(&controller_identity).depends_on(&node_access);
        for a in node_role.managed_policy_attachments() {
            controller.depends_on(a);
        }
        for p in controller_role.grants_policy().iter() {
            controller.depends_on(p);
        }

        let mut objects = vec![(
            format!("ec2nodeclass-{}", manifests::NODE_CLASS),
            manifests::node_class(&NodeClassInput {
                cluster_name: &cluster_name,
                instance_profile: profile_name.as_str(),
                ami_alias: &props.ami_alias,
                root_volume_gib: props.root_volume_gib,
                security_group_names: &props.security_group_names,
            }),
        )];
        objects.extend(props.node_pools.iter().map(|p| (format!("nodepool-{}", p.name), manifests::node_pool(p))));
        let chart_name = format!("{}-node-pools", id_label(&c));
        let (files, chart_version) = manifests::chart(
            &chart_name,
            &format!("Karpenter NodePools and EC2NodeClass of EKS cluster {cluster_name}"),
            &objects,
        );
        let chart = Asset::new(&c, &chart_name, files)?;
        let node_pools = Release::builder(&c, "node-pools")
            .name("karpenter-node-pools")
            .namespace(NAMESPACE)
            .chart(template!("{}/{}", Expr::raw("path.module"), chart.path()))
            .version(chart_version)
            .atomic(true)
            .cleanup_on_fail(true)
            .wait(true)
            .build();
        node_pools.provider(helm.as_ref());
        node_pools.depends_on(&controller).depends_on(&instance_profile);

        c.scope().implements(
            nist_800_53::AC_6,
            "the Karpenter controller role is the upstream v1 policy scoped to this cluster, region, queue and node role",
        );
        c.scope().implements(nist_800_53::SC_8, "the interruption queue denies requests without TLS");
        c.scope()
            .implements(nist_800_53::SC_28, "the interruption queue is encrypted; node root volumes are encrypted gp3");
        c.scope().implements(
            nist_800_53::CM_6,
            "Karpenter nodes require IMDSv2 with a hop limit of 1 and a pinned AL2023 AMI",
        );
        c.scope().implements(
            nist_800_53::CP_10,
            "spot interruptions, rebalance recommendations and health events drain nodes ahead of time",
        );

        Ok(KarpenterPool {
            scope: c,
            controller_role,
            controller_identity,
            node_role,
            instance_profile,
            node_access,
            queue,
            rules,
            crds,
            controller,
            node_pools,
            chart,
            manifests: objects,
        })
    }

    /// The controller's role.
    pub fn controller_role(&self) -> &Role {
        &self.controller_role
    }

    /// The controller's Pod Identity association.
    pub fn controller_identity(&self) -> &EksPodIdentityAssociation {
        &self.controller_identity
    }

    /// The nodes' role.
    pub fn node_role(&self) -> &Role {
        &self.node_role
    }

    /// The nodes' instance profile.
    pub fn instance_profile(&self) -> &IamInstanceProfile {
        &self.instance_profile
    }

    /// The nodes' `EC2_LINUX` access entry.
    pub fn node_access_entry(&self) -> &EksAccessEntry {
        &self.node_access
    }

    /// The interruption queue.
    pub fn interruption_queue(&self) -> &Queue {
        &self.queue
    }

    /// The EventBridge rules of [`INTERRUPTION_EVENTS`], in that order.
    pub fn interruption_rules(&self) -> &[CloudwatchEventRule] {
        &self.rules
    }

    /// The `karpenter-crd` release.
    pub fn crds_release(&self) -> &Release {
        &self.crds
    }

    /// The controller's release.
    pub fn controller_release(&self) -> &Release {
        &self.controller
    }

    /// The release of the local chart with the NodePools and the EC2NodeClass.
    pub fn node_pools_release(&self) -> &Release {
        &self.node_pools
    }

    /// The local chart.
    pub fn chart(&self) -> &Asset {
        &self.chart
    }

    /// The chart's objects: `(template file stem, object)`, the EC2NodeClass first.
    pub fn manifests(&self) -> &[(String, Yaml)] {
        &self.manifests
    }
}

impl AsScope for KarpenterPool {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

/// The construct path below the stack as a file-name label: `prod/platform/karpenter` is
/// `platform-karpenter` (an asset's name is unique in its stack, as the path is).
fn id_label(c: &Construct) -> String {
    let path = c.path();
    let below = path.split_once('/').map_or(path.as_str(), |(_, rest)| rest);
    below.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '-' }).collect()
}
