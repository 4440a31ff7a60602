//! [`EksCluster`]: a private, encrypted, audited EKS cluster with access entries, managed add-ons, a system
//! node group, Pod Identity, IRSA, and the Kubernetes and Helm providers configured from it.

use konductor_core::compliance::nist_800_53;
use konductor_core::{
    fns, template, AsElement, AsScope, Attr, Construct, ElementRef, Error, Expr, Name, Result, Scope,
};

use super::addons::{self, AddonInput, InstalledAddon, ADDONS};
use super::nodes::{self, NodeNetwork, SystemNodeGroup, SystemNodeGroupInput};
use super::pod_identity::{pod_identity, pod_identity_trust};
use super::props::EksClusterProps;
use super::roles::service_role;
use super::version::supported_release;
use super::ClusterNetwork;
use crate::iam::{Condition, PolicyDocument, Principal, Role, RoleProps, Statement, Trust};
use crate::kms::{Key, KeyProps};
use crate::l1::ec2::{LaunchTemplate, SecurityGroup};
use crate::l1::eks::{
    EksAccessEntry, EksAccessPolicyAssociation, EksAccessPolicyAssociationAccessScope, EksCluster as ClusterResource,
    EksClusterAccessConfig, EksClusterEncryptionConfig, EksClusterEncryptionConfigProvider, EksClusterUpgradePolicy,
    EksClusterVpcConfig, EksNodeGroup, EksPodIdentityAssociation,
};
use crate::logs::{LogGroup, LogGroupProps, LOG_RETENTION_DAYS};
use crate::network::cidr;
use crate::network::{child_path, AwsContext};
use crate::providers::{
    HelmProvider, HelmProviderKubernetes, HelmProviderKubernetesExec, KubernetesProvider, KubernetesProviderExec,
};

/// The control-plane log types; all five are sent to CloudWatch Logs.
pub const CONTROL_PLANE_LOG_TYPES: [&str; 5] = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/// The EKS access policy of the admin roles: everything, cluster-wide.
pub const CLUSTER_ADMIN_POLICY: &str = "AmazonEKSClusterAdminPolicy";
/// The EKS access policy of the viewer roles: read most objects cluster-wide, Secrets excluded.
pub const VIEW_POLICY: &str = "AmazonEKSViewPolicy";

/// The client authentication API version of `aws eks get-token`.
pub const EXEC_API_VERSION: &str = "client.authentication.k8s.io/v1beta1";

/// A private EKS cluster built to the mission's defaults.
///
/// What it makes, named with the environment suffix:
/// - a KMS key (rotation on) that encrypts the cluster's Secrets and its control-plane logs;
/// - the log group `/aws/eks/NAME/cluster`, created first, with a retention: EKS writes all five
///   control-plane log types there ([`CONTROL_PLANE_LOG_TYPES`]);
/// - the cluster (`aws_eks_cluster`): authentication mode `API` (access entries only; no `aws-auth`
///   ConfigMap), no admin rights for whoever creates it, the API endpoint private only (public only through
///   [`public_endpoint`](super::EksClusterPropsBuilder::public_endpoint) with CIDRs), upgrade policy
///   `STANDARD`, the Kubernetes version pinned and checked against EKS standard support, no self-managed
///   add-ons;
/// - access entries: admin roles with `AmazonEKSClusterAdminPolicy`, viewer roles with `AmazonEKSViewPolicy`;
/// - add-ons through the EKS API ([`ADDONS`](super::ADDONS)): the VPC CNI with network policies and its own
///   Pod Identity role, the Pod Identity agent, kube-proxy, CoreDNS, and the EBS CSI driver with its Pod
///   Identity role; versions pinned or resolved by `aws_eks_addon_version`;
/// - the node security group (tagged `karpenter.sh/discovery`) and the node role (worker node and
///   image pull policies);
/// - a managed system node group (AL2023, launch template with IMDSv2 required and hop limit 1, encrypted gp3
///   root) tainted `CriticalAddonsOnly`, for the add-ons and Karpenter;
/// - an IAM OIDC provider for IRSA (unless opted out).
///
/// ```
/// use konductor_aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
/// use konductor_aws::network::{TieredVpc, TieredVpcProps};
///
/// let json = konductor_core::testing::synth(|stack| {
///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").eks_cluster_tags("platform").build().unwrap())
///         .unwrap();
///     let props = EksClusterProps::builder()
///         .name("platform")
///         .version("1.35")
///         .network(ClusterNetwork::tiered(&vpc))
///         .admin_role("arn:aws:iam::111122223333:role/devops")
///         .viewer_role("arn:aws:iam::111122223333:role/developers")
///         .build()
///         .unwrap();
///     let cluster = EksCluster::new(stack, "eks", props).unwrap();
///     assert_eq!(cluster.name().as_str(), "platform-test");
/// });
/// let clusters = konductor_core::testing::resources(&json, "aws_eks_cluster");
/// assert_eq!(clusters[0].1["access_config"]["authentication_mode"], "API");
/// ```
#[derive(Clone, Debug)]
pub struct EksCluster {
    scope: Construct,
    name: Name,
    base: String,
    version: String,
    network: ClusterNetwork,
    context: AwsContext,
    cluster: ClusterResource,
    key: Key,
    log_group: LogGroup,
    cluster_role: Role,
    node_role: Role,
    node_network_parts: (SecurityGroup, Vec<ElementRef>),
    system: (LaunchTemplate, EksNodeGroup),
    addons: Vec<(String, InstalledAddon)>,
    access_entries: Vec<EksAccessEntry>,
    access_policies: Vec<EksAccessPolicyAssociation>,
    oidc: Option<super::irsa::OidcProvider>,
}

impl EksCluster {
    /// Builds the cluster under `scope` with `id`; the error names the construct path, the bad value and
    /// the fix (a version out of standard support, a public endpoint without CIDRs, no admin role ...).
    pub fn new(scope: &impl AsScope, id: &str, props: EksClusterProps) -> Result<Self> {
        let path = child_path(scope, id);
        supported_release(&path, &props.version)?;
        check_public_endpoint(&path, props.public_access_cidrs.as_deref())?;
        if props.admin_roles.is_empty() {
            return Err(Error::invalid(
                &path,
                "the cluster has no admin role: bootstrap_cluster_creator_admin_permissions is false, so no one \
                 could administer it (nor could Terraform's Kubernetes and Helm providers)",
                "add `.admin_role(\"arn:aws:iam::ACCOUNT:role/devops\")` (the DevOps role, and the role Terraform runs as)",
            ));
        }
        if props.network.subnet_ids().len() < 2 {
            return Err(Error::invalid(
                &path,
                format!(
                    "the cluster has {} subnet(s); EKS needs subnets in at least two AZs",
                    props.network.subnet_ids().len()
                ),
                "give the private subnets of two or more AZs",
            ));
        }
        if props.log_retention_days == 0 {
            return Err(Error::invalid(
                &path,
                "log_retention_days is 0: control-plane logs would never expire",
                "keep them for a set number of days, e.g. `.log_retention_days(365)`",
            ));
        }
        if !LOG_RETENTION_DAYS.contains(&props.log_retention_days) {
            return Err(Error::invalid(
                &path,
                format!("log_retention_days {} is not a CloudWatch Logs retention period", props.log_retention_days),
                format!("use one of {}", LOG_RETENTION_DAYS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")),
            ));
        }
        let (types, ..) = props.system_nodes.parts();
        if types.is_empty() {
            return Err(Error::invalid(
                &path,
                "the system node group has no instance type",
                "give at least one, e.g. `m6i.large`",
            ));
        }

        let c = Construct::new(scope, id);
        let base = props.name.clone().unwrap_or_else(|| id.to_string());
        let name = c.name(&base);
        let cx = AwsContext::new(&c);
        let partition = cx.partition();
        let account = cx.account_id();
        let region = cx.region();

        // Key and log group first: the cluster writes its logs to a group that already exists, encrypted.
        // EKS names the group after the cluster: `/aws/eks/NAME/cluster` (the suffix inside the name). The
        // group adds itself, and only itself, to the key's CloudWatch Logs statement.
        let key = Key::new(
            &c,
            "key",
            KeyProps::builder()
                .alias(format!("eks-{base}"))
                .description(format!("EKS cluster {name}: Secrets envelope encryption and control-plane logs"))
                .context(cx.clone())
                .build()?,
        )?;
        let log_group = LogGroup::new(
            &c,
            "control-plane-logs",
            LogGroupProps::builder()
                .service_name(name.within("/aws/eks/", "/cluster"))
                .retention_days(props.log_retention_days)
                .key(key.clone())
                .context(cx.clone())
                .build()?,
        )?;

        // The cluster role: the EKS service, and the key for Secrets.
        let cluster_role = service_role(
            &c,
            "cluster-role",
            &format!("{base}-cluster"),
            &format!("EKS cluster {name}"),
            Trust::service("eks"),
            &["AmazonEKSClusterPolicy"],
            &cx,
        )?;
        key.grant_encrypt_decrypt(&cluster_role)?;
        cluster_role.add_to_policy(
            Statement::allow().sid("ListClusterKeyGrants").action("kms:ListGrants").resource(key.arn()),
        )?;
        // EKS makes grants on the key for the cluster it creates (whoever creates it, through EKS only).
        key.add_to_key_policy(
            Statement::allow()
                .sid("EksGrantsForTheCluster")
                .principal(Principal::aws(cx.account_root_arn()))
                .actions(["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"])
                .resource("*")
                .condition(Condition::bool("kms:GrantIsForAWSResource", true))
                .condition(Condition::string_equals("kms:CallerAccount", account.clone()))
                .condition(Condition::string_equals(
                    "kms:ViaService",
                    template!("eks.{}.{}", &region, cx.dns_suffix()),
                )),
        )?;

        let public = props.public_access_cidrs.clone();
        let mut vpc_config = EksClusterVpcConfig::builder()
            .subnet_ids(props.network.subnet_ids().to_vec())
            .endpoint_private_access(true)
            .endpoint_public_access(public.is_some());
        if let Some(cidrs) = &public {
            vpc_config = vpc_config.public_access_cidrs(cidrs.clone());
        }
        let cluster = ClusterResource::builder(&c, "cluster")
            .name(&name)
            .role_arn(cluster_role.arn())
            .version(props.version.as_str())
            .enabled_cluster_log_types(CONTROL_PLANE_LOG_TYPES)
            .bootstrap_self_managed_addons(false)
            .access_config(
                EksClusterAccessConfig::builder()
                    .authentication_mode("API")
                    .bootstrap_cluster_creator_admin_permissions(false)
                    .build(),
            )
            .encryption_config(
                EksClusterEncryptionConfig::builder()
                    .resources(["secrets"])
                    .provider(EksClusterEncryptionConfigProvider::builder().key_arn(key.arn()).build())
                    .build(),
            )
            .upgrade_policy(EksClusterUpgradePolicy::builder().support_type("STANDARD").build())
            .vpc_config(vpc_config.build())
            .tags([("Name", &name)])
            .build();
        cluster.depends_on(log_group.log_group()).depends_on(key.kms_key());
        for p in cluster_role.grants_policy().iter() {
            cluster.depends_on(p);
        }
        for a in cluster_role.managed_policy_attachments() {
            cluster.depends_on(a);
        }
        let cluster_name: Attr<String> = Attr::new(cluster.name().into_expr());
        let cluster_sg: Attr<String> = Attr::new(cluster.vpc_config().index(0).attr("cluster_security_group_id"));

        // Access entries replace the aws-auth ConfigMap.
        let mut access_entries = Vec::new();
        let mut access_policies = Vec::new();
        let roles = props.admin_roles.iter().map(|r| (r, CLUSTER_ADMIN_POLICY, "admin"));
        let roles = roles.chain(props.viewer_roles.iter().map(|r| (r, VIEW_POLICY, "viewer")));
        let mut counts = std::collections::BTreeMap::new();
        for (arn, policy, kind) in roles {
            let n = counts.entry(kind).and_modify(|n| *n += 1).or_insert(1);
            let entry = EksAccessEntry::builder(&c, &format!("{kind}-{n}"))
                .cluster_name(&cluster_name)
                .principal_arn(arn.clone())
                .r#type("STANDARD")
                .tags([("Name", format!("{name}-{kind}-{n}"))])
                .build();
            let association = EksAccessPolicyAssociation::builder(&c, &format!("{kind}-{n}-policy"))
                .cluster_name(&cluster_name)
                .principal_arn(entry.principal_arn())
                .policy_arn(template!("arn:{}:eks::aws:cluster-access-policy/{}", &partition, policy))
                .access_scope(EksAccessPolicyAssociationAccessScope::builder().r#type("cluster").build())
                .build();
            access_entries.push(entry);
            access_policies.push(association);
        }

        // Nodes: their role, their security group, the add-ons they need to become ready, the system group.
        let node_role =
            nodes::node_role(&c, "node-role", &format!("{base}-node"), &format!("Nodes of EKS cluster {name}"), &cx)?;
        let NodeNetwork { security_group, ingress, egress } = nodes::node_network(
            &c,
            &name,
            &c.name(&format!("{base}-nodes")),
            props.network.vpc_id(),
            &props.network.cidr().to_string(),
            cluster_sg,
        );
        let mut rules: Vec<ElementRef> = ingress.iter().map(|r| r.element().clone()).collect();
        rules.extend(egress.iter().map(|r| r.element().clone()));

        let addon_input = AddonInput {
            cluster_name: cluster_name.clone(),
            name: &name,
            base: &base,
            version: &props.version,
            pins: &props.addon_versions,
            context: &cx,
        };
        let mut installed = Vec::new();
        for a in ADDONS.iter().filter(|a| addons::before_nodes(a)) {
            installed.push((a.to_string(), addons::addon(&c, &addon_input, a)?));
        }
        let SystemNodeGroup { launch_template, node_group } = nodes::system_node_group(
            &c,
            SystemNodeGroupInput {
                cluster_name: cluster_name.clone(),
                name: &c.name(&format!("{base}-system")),
                version: &props.version,
                node_role_arn: node_role.arn(),
                subnet_ids: props.network.subnet_ids().to_vec(),
                security_group_id: security_group.id(),
                nodes: &props.system_nodes,
            },
        );
        for a in node_role.managed_policy_attachments() {
            node_group.depends_on(a);
        }
        for r in &rules {
            node_group.depends_on(r);
        }
        for (_, a) in &installed {
            node_group.depends_on(&a.addon);
        }
        for a in ADDONS.iter().filter(|a| !addons::before_nodes(a)) {
            let addon = addons::addon(&c, &addon_input, a)?;
            addon.addon.depends_on(&node_group);
            installed.push((a.to_string(), addon));
        }

        let oidc = props.irsa.then(|| super::irsa::OidcProvider::new(&c, &cluster, &name));

        c.scope().implements(
            nist_800_53::AC_2,
            "cluster access is granted only through EKS access entries for named IAM roles (no aws-auth ConfigMap, \
             no implicit creator admin)",
        );
        c.scope().implements(
            nist_800_53::AC_6,
            "developers get AmazonEKSViewPolicy (no Secrets); add-ons get their own Pod Identity roles; nodes \
             carry only the worker and image-pull policies",
        );
        c.scope().implements(nist_800_53::AU_2, "all five control-plane log types go to CloudWatch Logs");
        c.scope().implements(nist_800_53::AU_11, "control-plane logs are kept for a set retention");
        c.scope().implements(nist_800_53::SC_7, "the API endpoint is private unless opened to named CIDRs");
        c.scope().implements(nist_800_53::SC_12, "a customer-managed KMS key with rotation encrypts Secrets and logs");
        c.scope()
            .implements(nist_800_53::SC_28, "Kubernetes Secrets, control-plane logs and node volumes are encrypted");
        c.scope().implements(nist_800_53::CM_6, "nodes require IMDSv2 with a hop limit of 1");
        c.scope().implements(nist_800_53::SI_2, "upgrade policy STANDARD on a version in EKS standard support");

        Ok(EksCluster {
            scope: c,
            name,
            base,
            version: props.version,
            network: props.network,
            context: cx,
            cluster,
            key,
            log_group,
            cluster_role,
            node_role,
            node_network_parts: (security_group, rules),
            system: (launch_template, node_group),
            addons: installed,
            access_entries,
            access_policies,
            oidc,
        })
    }

    /// The cluster's name (with the environment suffix).
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The base the cluster's names are made from (without the suffix).
    pub fn name_base(&self) -> &str {
        &self.base
    }

    /// The Kubernetes version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Where the cluster lives.
    pub fn network(&self) -> &ClusterNetwork {
        &self.network
    }

    /// The `aws_eks_cluster`.
    pub fn cluster(&self) -> &ClusterResource {
        &self.cluster
    }

    /// A reference to the cluster's name (use it, rather than the literal, to order what needs the cluster).
    pub fn cluster_name(&self) -> Attr<String> {
        Attr::new(self.cluster.name().into_expr())
    }

    /// A reference to the cluster's ARN.
    pub fn arn(&self) -> Attr<String> {
        self.cluster.arn()
    }

    /// A reference to the API server endpoint.
    pub fn endpoint(&self) -> Attr<String> {
        self.cluster.endpoint()
    }

    /// The cluster CA certificate, base64-encoded (as EKS returns it).
    pub fn certificate_authority_data(&self) -> Expr {
        self.cluster.certificate_authority().index(0).attr("data")
    }

    /// A reference to the OIDC issuer URL.
    pub fn oidc_issuer(&self) -> Expr {
        self.cluster.identity().index(0).attr("oidc").index(0).attr("issuer")
    }

    /// A reference to the security group EKS made for the control plane.
    pub fn cluster_security_group_id(&self) -> Attr<String> {
        Attr::new(self.cluster.vpc_config().index(0).attr("cluster_security_group_id"))
    }

    /// The KMS key of Secrets and logs.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The control-plane log group.
    pub fn log_group(&self) -> &LogGroup {
        &self.log_group
    }

    /// The cluster's IAM role.
    pub fn cluster_role(&self) -> &Role {
        &self.cluster_role
    }

    /// The system nodes' IAM role.
    pub fn node_role(&self) -> &Role {
        &self.node_role
    }

    /// The nodes' security group (tagged `karpenter.sh/discovery`).
    pub fn node_security_group(&self) -> &SecurityGroup {
        &self.node_network_parts.0
    }

    /// The system node group.
    pub fn system_node_group(&self) -> &EksNodeGroup {
        &self.system.1
    }

    /// The system node group's launch template.
    pub fn system_launch_template(&self) -> &LaunchTemplate {
        &self.system.0
    }

    /// The add-on named `name` (`vpc-cni`, `coredns` ...).
    pub fn addon(&self, name: &str) -> Option<&InstalledAddon> {
        self.addons.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    /// The access entries, admin roles first.
    pub fn access_entries(&self) -> &[EksAccessEntry] {
        &self.access_entries
    }

    /// The access policy associations, in the order of the entries.
    pub fn access_policies(&self) -> &[EksAccessPolicyAssociation] {
        &self.access_policies
    }

    /// The IAM OIDC provider for IRSA, unless opted out.
    pub fn oidc_provider(&self) -> Option<&super::irsa::OidcProvider> {
        self.oidc.as_ref()
    }

    /// What an in-cluster workload (a Helm release, a manifest) must wait for: the system nodes, CoreDNS, and
    /// the admin access policies (Terraform's own access).
    pub fn ready(&self) -> Vec<ElementRef> {
        let mut out = vec![self.system.1.element().clone()];
        out.extend(self.addons.iter().map(|(_, a)| a.addon.element().clone()));
        out.extend(self.access_policies.iter().map(|p| p.element().clone()));
        out
    }

    /// The region, account and partition, read once for the cluster's constructs.
    pub(crate) fn context(&self) -> &AwsContext {
        &self.context
    }

    /// The trust policy of a role for `service_account` in `namespace` of this cluster (EKS Pod Identity).
    pub fn pod_identity_trust(&self, namespace: &str, service_account: &str) -> PolicyDocument {
        pod_identity_trust(&self.name, namespace, service_account, &self.context.account_id())
    }

    /// The same trust as a [`Trust`], for [`RoleProps`]: see [`pod_identity`](super::pod_identity).
    pub fn pod_identity_role_trust(&self, namespace: &str, service_account: &str) -> Trust {
        pod_identity(&self.name, namespace, service_account)
    }

    /// Lets `service_account` in `namespace` use `role_arn` through EKS Pod Identity: an
    /// `aws_eks_pod_identity_association` under `scope` (the role's trust should be
    /// [`pod_identity_trust`](Self::pod_identity_trust)).
    ///
    /// ```
    /// use konductor_aws::eks::{ClusterNetwork, EksCluster, EksClusterProps};
    /// use konductor_aws::network::{TieredVpc, TieredVpcProps};
    /// konductor_core::testing::synth(|stack| {
    ///     let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.10.0.0/16").build().unwrap()).unwrap();
    ///     let props = EksClusterProps::builder().version("1.35").network(ClusterNetwork::tiered(&vpc))
    ///         .admin_role("arn:aws:iam::111122223333:role/devops").build().unwrap();
    ///     let cluster = EksCluster::new(stack, "eks", props).unwrap();
    ///     cluster.pod_identity(stack, "orders", "shop", "orders-api", "arn:aws:iam::111122223333:role/orders");
    /// });
    /// ```
    pub fn pod_identity(
        &self,
        scope: &impl AsScope,
        id: &str,
        namespace: &str,
        service_account: &str,
        role_arn: impl konductor_core::IntoValue<String>,
    ) -> EksPodIdentityAssociation {
        let association = EksPodIdentityAssociation::builder(scope, id)
            .cluster_name(self.cluster_name())
            .namespace(namespace)
            .service_account(service_account)
            .role_arn(role_arn)
            .tags([("Name", format!("{}-{namespace}-{service_account}", self.name))])
            .build();
        association
    }

    /// The `aws eks get-token` arguments for this cluster.
    fn token_args(&self) -> Vec<konductor_core::Value<String>> {
        vec![
            konductor_core::Value::new("eks"),
            konductor_core::Value::new("get-token"),
            konductor_core::Value::new("--cluster-name"),
            konductor_core::Value::new(self.cluster_name()),
            konductor_core::Value::new("--region"),
            konductor_core::Value::new(self.context.region()),
        ]
    }

    /// A `kubernetes` provider configured from the cluster (endpoint, CA, `aws eks get-token`), in the
    /// stack of `scope`, with `alias` when the stack has several clusters.
    pub fn kubernetes_provider(&self, scope: &impl AsScope, id: &str, alias: Option<&str>) -> KubernetesProvider {
        let mut b = KubernetesProvider::builder(scope, id)
            .host(self.endpoint())
            .cluster_ca_certificate(fns::base64decode(self.certificate_authority_data()))
            .exec(vec![KubernetesProviderExec::builder()
                .api_version(EXEC_API_VERSION)
                .command("aws")
                .args(self.token_args())
                .build()]);
        if let Some(a) = alias {
            b = b.alias(a);
        }
        b.build()
    }

    /// A `helm` provider configured from the cluster, like [`kubernetes_provider`](Self::kubernetes_provider).
    pub fn helm_provider(&self, scope: &impl AsScope, id: &str, alias: Option<&str>) -> HelmProvider {
        let mut b = HelmProvider::builder(scope, id).kubernetes(
            HelmProviderKubernetes::builder()
                .host(self.endpoint())
                .cluster_ca_certificate(fns::base64decode(self.certificate_authority_data()))
                .exec(
                    HelmProviderKubernetesExec::builder()
                        .api_version(EXEC_API_VERSION)
                        .command("aws")
                        .args(self.token_args())
                        .build(),
                )
                .build(),
        );
        if let Some(a) = alias {
            b = b.alias(a);
        }
        b.build()
    }

    /// A Pod Identity role `base` (the suffix appended) for `service_account` in `namespace`: trusted as
    /// [`pod_identity_role_trust`](Self::pod_identity_role_trust), with `policy` inline, associated with the
    /// service account. Returns the role and the association.
    pub(crate) fn pod_identity_role(
        &self,
        scope: &Construct,
        id: &str,
        base: &str,
        namespace: &str,
        service_account: &str,
        policy: PolicyDocument,
    ) -> Result<(Role, EksPodIdentityAssociation)> {
        let role = Role::new(
            scope,
            id,
            RoleProps::builder()
                .name(base)
                .description(format!("Pod Identity role of {namespace}/{service_account} on EKS cluster {}", self.name))
                .trust(self.pod_identity_role_trust(namespace, service_account))
                .inline_policy(base, policy)
                .context(self.context.clone())
                .build()?,
        )?;
        let association =
            self.pod_identity(scope, &format!("{id}-association"), namespace, service_account, role.arn());
        for p in role.inline_policies() {
            association.depends_on(p);
        }
        Ok((role, association))
    }
}

impl AsScope for EksCluster {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

/// The public endpoint opt-out needs CIDRs, and not the whole internet.
fn check_public_endpoint(path: &str, cidrs: Option<&[String]>) -> Result<()> {
    let Some(cidrs) = cidrs else { return Ok(()) };
    if cidrs.is_empty() {
        return Err(Error::invalid(
            path,
            "public_endpoint was given no CIDRs: the API server would be open to the whole internet",
            "list the networks that may reach it, e.g. `.public_endpoint([\"203.0.113.0/24\"])`, or keep the endpoint private",
        ));
    }
    for text in cidrs {
        let net = cidr::parse(path, text)?;
        if net.prefix_len() == 0 {
            return Err(Error::invalid(
                path,
                format!("public_endpoint CIDR {text} is the whole internet"),
                "list the networks that may reach the API server, e.g. 203.0.113.0/24",
            ));
        }
    }
    Ok(())
}
