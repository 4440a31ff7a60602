//! [`SecurityGroupChain`]: the tier matrix of security groups. ALB to app to database, each group open only
//! to the one before it, with egress limited to the next hop.

use derive_builder::Builder;
use ipnet::IpNet;
use konductor_core::{AsScope, Attr, Construct, Error, IntoValue, ProviderRef, Result, Scope, Val};

use super::{child_path, cidr, on};
use crate::l1::ec2::{SecurityGroup, VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule};

/// The admin ports the app tier opens to the DevOps networks unless told otherwise: SSH and RDP.
pub const DEFAULT_ADMIN_PORTS: [u16; 2] = [22, 3389];

/// Props of a [`SecurityGroupChain`]: start with [`SecurityGroupChainProps::builder`].
///
/// ```
/// use konductor_aws::network::SecurityGroupChainProps;
/// let props = SecurityGroupChainProps::builder()
///     .vpc_id("vpc-0123456789abcdef0")
///     .alb_ingress_cidrs(["0.0.0.0/0", "::/0"])
///     .app_port(8080)
///     .db_port(5432)
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", derive(Debug), build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct SecurityGroupChainProps {
    #[builder(setter(custom))]
    vpc_id: Val,
    #[builder(setter(custom), default)]
    alb_ingress_cidrs: Vec<String>,
    #[builder(setter(custom), default)]
    alb_http: bool,
    /// The port the app listens on (required): open only to the ALB group.
    app_port: u16,
    /// The database's port (required): open only to the app group.
    db_port: u16,
    #[builder(setter(custom), default)]
    devops_cidrs: Vec<String>,
    #[builder(setter(custom), default = "DEFAULT_ADMIN_PORTS.to_vec()")]
    admin_ports: Vec<u16>,
    #[builder(setter(custom), default)]
    app_https_egress_cidrs: Vec<String>,
    #[builder(setter(custom), default)]
    provider: Option<ProviderRef>,
    #[builder(setter(custom), default)]
    app_group: Option<SecurityGroup>,
}

impl SecurityGroupChainProps {
    /// Starts the props: `vpc_id`, `app_port` and `db_port` are required; no admin access and no egress
    /// beyond the chain unless asked for.
    pub fn builder() -> SecurityGroupChainPropsBuilder {
        SecurityGroupChainPropsBuilder::default()
    }
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<String> {
    items.into_iter().map(Into::into).collect()
}

/// The builder of [`SecurityGroupChainProps`] is derived; the setters that convert are here.
///
/// ```
/// use konductor_aws::network::SecurityGroupChainProps;
/// let e = SecurityGroupChainProps::builder().vpc_id("vpc-1").app_port(8080).build().unwrap_err();
/// assert_eq!(e.to_string(), "[SecurityGroupChainProps] db_port is not set: call `.db_port(5432)` on the builder");
/// ```
impl SecurityGroupChainPropsBuilder {
    /// The VPC of the three groups (required): a reference such as `vpc.vpc_id()`, or an id.
    pub fn vpc_id(mut self, vpc_id: impl IntoValue<String>) -> Self {
        self.vpc_id = Some(vpc_id.into_val());
        self
    }

    /// The networks that reach the load balancer on 443 (IPv4 or IPv6 blocks; required, at least one).
    pub fn alb_ingress_cidrs<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.alb_ingress_cidrs = Some(strings(cidrs));
        self
    }

    /// The named opt-out of HTTPS only: the load balancer also takes plain HTTP (80) from
    /// `alb_ingress_cidrs`, for a listener that redirects it to HTTPS. Off by default, so nothing reaches the
    /// load balancer unencrypted.
    ///
    /// ```
    /// use konductor_aws::network::SecurityGroupChainProps;
    /// let props = SecurityGroupChainProps::builder()
    ///     .vpc_id("vpc-1").alb_ingress_cidrs(["0.0.0.0/0"]).alb_http_redirect().app_port(8080).db_port(5432)
    ///     .build().unwrap();
    /// # let _ = props;
    /// ```
    pub fn alb_http_redirect(mut self) -> Self {
        self.alb_http = Some(true);
        self
    }

    /// The DevOps networks (VPN, bastion) that reach the admin ports of the app tier; none by default, and
    /// never `0.0.0.0/0` or `::/0`.
    pub fn devops_cidrs<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.devops_cidrs = Some(strings(cidrs));
        self
    }

    /// The admin ports opened to the DevOps networks (default 22 and 3389).
    pub fn admin_ports(mut self, ports: impl IntoIterator<Item = u16>) -> Self {
        self.admin_ports = Some(ports.into_iter().collect());
        self
    }

    /// Networks the app tier may call on 443 (AWS APIs through NAT or VPC endpoints); none by default.
    pub fn app_https_egress_cidrs<S: Into<String>>(mut self, cidrs: impl IntoIterator<Item = S>) -> Self {
        self.app_https_egress_cidrs = Some(strings(cidrs));
        self
    }

    /// The AWS provider configuration of the groups and rules (an aliased one for another account or region).
    pub fn provider(mut self, provider: &impl AsRef<ProviderRef>) -> Self {
        self.provider = Some(Some(provider.as_ref().clone()));
        self
    }

    /// Uses `group` as the app tier instead of a new group: the security group of an EKS cluster's nodes,
    /// which is the pods' group (pods share their node's network interfaces). The chain adds its app-tier
    /// rules to it (the app port from the ALB group, the database port to the DB group, admin ports from
    /// `devops_cidrs`) and leaves its other rules alone.
    ///
    /// ```
    /// use konductor_aws::l1::ec2::SecurityGroup;
    /// use konductor_aws::network::{SecurityGroupChain, SecurityGroupChainProps};
    /// let json = konductor_core::testing::synth(|stack| {
    ///     let nodes = SecurityGroup::builder(stack, "nodes").vpc_id("vpc-1").build();
    ///     let props = SecurityGroupChainProps::builder()
    ///         .vpc_id("vpc-1").alb_ingress_cidrs(["0.0.0.0/0"]).app_port(8080).db_port(5432)
    ///         .app_security_group(&nodes)
    ///         .build().unwrap();
    ///     let chain = SecurityGroupChain::new(stack, "chain", props).unwrap();
    ///     assert_eq!(chain.app_id().to_string(), nodes.id().to_string());
    /// });
    /// assert_eq!(konductor_core::testing::resources(&json, "aws_security_group").len(), 3);
    /// ```
    pub fn app_security_group(mut self, group: &SecurityGroup) -> Self {
        self.app_group = Some(Some(group.clone()));
        self
    }

    /// Finishes the props; the error says what is missing. Values are checked by [`SecurityGroupChain::new`],
    /// which knows the construct path.
    pub fn build(self) -> Result<SecurityGroupChainProps> {
        self.assemble().map_err(|e| {
            let example = match e.field() {
                "vpc_id" => "vpc.vpc_id()",
                "app_port" => "8080",
                _ => "5432",
            };
            Error::invalid(
                "SecurityGroupChainProps",
                format!("{} is not set", e.field()),
                format!("call `.{}({example})` on the builder", e.field()),
            )
        })
    }
}

/// The tier matrix: three security groups, each reachable only from the one before it.
///
/// | group | ingress | egress |
/// | --- | --- | --- |
/// | ALB | 443 from `alb_ingress_cidrs` (and 80 with [`SecurityGroupChainPropsBuilder::alb_http_redirect`]) | the app port to the app group |
/// | app | the app port from the ALB group; admin ports (22, 3389) from `devops_cidrs` only | the database port to the DB group; 443 to `app_https_egress_cidrs` if given |
/// | DB | the database port from the app group | none |
///
/// Every rule is its own `aws_vpc_security_group_ingress_rule` / `egress_rule`; the groups have no inline
/// rules, so Terraform removes AWS's default allow-all egress. An admin port open to `0.0.0.0/0` or `::/0`
/// is an error.
///
/// ```
/// use konductor_aws::network::{SecurityGroupChain, SecurityGroupChainProps};
///
/// let json = konductor_core::testing::synth(|stack| {
///     let chain = SecurityGroupChain::new(
///         stack,
///         "chain",
///         SecurityGroupChainProps::builder()
///             .vpc_id("vpc-0123456789abcdef0")
///             .alb_ingress_cidrs(["0.0.0.0/0"])
///             .app_port(8080)
///             .db_port(5432)
///             .devops_cidrs(["10.99.0.0/24"])
///             .build()
///             .unwrap(),
///     )
///     .unwrap();
///     let _app_sg = chain.app_id();
/// });
/// konductor_core::assert_has_resource!(json, "aws_vpc_security_group_ingress_rule", { "from_port": 22, "cidr_ipv4": "10.99.0.0/24" });
/// ```
#[derive(Clone, Debug)]
pub struct SecurityGroupChain {
    scope: Construct,
    alb: SecurityGroup,
    app: SecurityGroup,
    db: SecurityGroup,
    ingress_rules: Vec<VpcSecurityGroupIngressRule>,
    egress_rules: Vec<VpcSecurityGroupEgressRule>,
}

fn ports_text(ports: &[u16]) -> String {
    ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
}

/// Where a rule points: a block or another group.
enum Peer<'a> {
    Cidr(IpNet),
    Group(&'a SecurityGroup),
}

macro_rules! rule {
    ($ty:ident, $scope:expr, $id:expr, $group:expr, $port:expr, $peer:expr, $description:expr) => {{
        let b = $ty::builder($scope, $id)
            .security_group_id($group.id())
            .ip_protocol("tcp")
            .from_port($port)
            .to_port($port)
            .description($description);
        match $peer {
            Peer::Cidr(IpNet::V4(n)) => b.cidr_ipv4(n.to_string()),
            Peer::Cidr(IpNet::V6(n)) => b.cidr_ipv6(n.to_string()),
            Peer::Group(g) => b.referenced_security_group_id(g.id()),
        }
        .build()
    }};
}

impl SecurityGroupChain {
    /// Builds the three groups and their rules under `scope` with `id`; the error names the construct path,
    /// the bad value and the fix (an admin port open to the world, a malformed block, port 0 ...).
    pub fn new(scope: &impl AsScope, id: &str, props: SecurityGroupChainProps) -> Result<Self> {
        let path = child_path(scope, id);
        let parse_all = |list: &str, items: &[String]| -> Result<Vec<IpNet>> {
            items.iter().map(|t| cidr::parse_any(&path, list, t)).collect()
        };
        let alb_cidrs = parse_all("alb_ingress_cidrs", &props.alb_ingress_cidrs)?;
        let devops = parse_all("devops_cidrs", &props.devops_cidrs)?;
        let https_egress = parse_all("app_https_egress_cidrs", &props.app_https_egress_cidrs)?;
        if alb_cidrs.is_empty() {
            return Err(Error::invalid(
                &path,
                "alb_ingress_cidrs is empty: nothing could reach the load balancer",
                "list the client networks, e.g. .alb_ingress_cidrs([\"0.0.0.0/0\"]) for a public site",
            ));
        }
        for (what, port) in [("app_port", props.app_port), ("db_port", props.db_port)] {
            if port == 0 {
                return Err(Error::invalid(&path, format!("{what} 0 is not a port"), "use a port from 1 to 65535"));
            }
        }
        if props.admin_ports.contains(&0) {
            return Err(Error::invalid(&path, "admin port 0 is not a port", "use ports from 1 to 65535"));
        }
        // Caught here, with the construct's own words, before the synthesis-wide admin-port check would; the
        // networks count together (0.0.0.0/1 and 128.0.0.0/1 are the whole internet).
        let world = crate::rules::ingress::covered_families(&devops);
        if !world.is_empty() && !props.admin_ports.is_empty() {
            let how = if devops.iter().any(|n| n.prefix_len() == 0) {
                "in devops_cidrs".to_string()
            } else {
                format!("devops_cidrs {} together", crate::rules::ingress::listed(&props.devops_cidrs))
            };
            return Err(Error::invalid(
                &path,
                format!(
                    "admin ports {} cannot be open to {} ({how}): admin access comes from the DevOps networks only",
                    ports_text(&props.admin_ports),
                    world.join(" and ")
                ),
                "list the DevOps networks (VPN, bastion) instead, e.g. .devops_cidrs([\"10.99.0.0/24\"])",
            ));
        }

        let c = Construct::new(scope, id);
        let group = |tier: &str, description: String| {
            let g = SecurityGroup::builder(&c, tier)
                .name(c.name(&format!("{id}-{tier}")))
                .description(description)
                .vpc_id(props.vpc_id.clone())
                .revoke_rules_on_delete(true)
                .tags([("Name", c.name(&format!("{id}-{tier}")).to_string()), ("Tier", tier.to_string())])
                .build();
            on(g, props.provider.as_ref())
        };
        let alb = group(
            "alb",
            if props.alb_http {
                format!("{id} load balancer: 80 and 443 from the client networks")
            } else {
                format!("{id} load balancer: 443 from the client networks")
            },
        );
        let app = match &props.app_group {
            Some(g) => g.clone(),
            None => group("app", format!("{id} app tier: port {} from the load balancer only", props.app_port)),
        };
        let db = group("db", format!("{id} data tier: port {} from the app tier only", props.db_port));

        let p = props.provider.as_ref();
        let mut ingress = Vec::new();
        let mut egress = Vec::new();
        let alb_ports: &[(u16, &str)] =
            if props.alb_http { &[(80, "HTTP"), (443, "HTTPS")] } else { &[(443, "HTTPS")] };
        for (n, net) in alb_cidrs.iter().enumerate() {
            for &(port, proto) in alb_ports {
                ingress.push(on(
                    rule!(
                        VpcSecurityGroupIngressRule,
                        &c,
                        &format!("alb-ingress-{port}-{}", n + 1),
                        alb,
                        port,
                        Peer::Cidr(*net),
                        format!("{proto} from {net}")
                    ),
                    p,
                ));
            }
        }
        egress.push(on(
            rule!(
                VpcSecurityGroupEgressRule,
                &c,
                "alb-egress-to-app",
                alb,
                props.app_port,
                Peer::Group(&app),
                format!("To the app tier on {}", props.app_port)
            ),
            p,
        ));
        ingress.push(on(
            rule!(
                VpcSecurityGroupIngressRule,
                &c,
                "app-ingress-from-alb",
                app,
                props.app_port,
                Peer::Group(&alb),
                format!("From the load balancer on {}", props.app_port)
            ),
            p,
        ));
        for port in &props.admin_ports {
            for (n, net) in devops.iter().enumerate() {
                ingress.push(on(
                    rule!(
                        VpcSecurityGroupIngressRule,
                        &c,
                        &format!("app-admin-{port}-{}", n + 1),
                        app,
                        *port,
                        Peer::Cidr(*net),
                        format!("Admin port {port} from the DevOps network {net}")
                    ),
                    p,
                ));
            }
        }
        egress.push(on(
            rule!(
                VpcSecurityGroupEgressRule,
                &c,
                "app-egress-to-db",
                app,
                props.db_port,
                Peer::Group(&db),
                format!("To the data tier on {}", props.db_port)
            ),
            p,
        ));
        for (n, net) in https_egress.iter().enumerate() {
            egress.push(on(
                rule!(
                    VpcSecurityGroupEgressRule,
                    &c,
                    &format!("app-egress-https-{}", n + 1),
                    app,
                    443u16,
                    Peer::Cidr(*net),
                    format!("HTTPS to {net}")
                ),
                p,
            ));
        }
        ingress.push(on(
            rule!(
                VpcSecurityGroupIngressRule,
                &c,
                "db-ingress-from-app",
                db,
                props.db_port,
                Peer::Group(&app),
                format!("From the app tier on {}", props.db_port)
            ),
            p,
        ));

        Ok(SecurityGroupChain { scope: c, alb, app, db, ingress_rules: ingress, egress_rules: egress })
    }

    /// The load balancer's group.
    pub fn alb(&self) -> &SecurityGroup {
        &self.alb
    }

    /// The app tier's group.
    pub fn app(&self) -> &SecurityGroup {
        &self.app
    }

    /// The data tier's group.
    pub fn db(&self) -> &SecurityGroup {
        &self.db
    }

    /// A reference to the load balancer group's id.
    pub fn alb_id(&self) -> Attr<String> {
        self.alb.id()
    }

    /// A reference to the app group's id.
    pub fn app_id(&self) -> Attr<String> {
        self.app.id()
    }

    /// A reference to the data group's id.
    pub fn db_id(&self) -> Attr<String> {
        self.db.id()
    }

    /// Every ingress rule of the chain.
    pub fn ingress_rules(&self) -> &[VpcSecurityGroupIngressRule] {
        &self.ingress_rules
    }

    /// Every egress rule of the chain.
    pub fn egress_rules(&self) -> &[VpcSecurityGroupEgressRule] {
        &self.egress_rules
    }
}

impl AsScope for SecurityGroupChain {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}
