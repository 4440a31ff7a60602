//! The load-balancer side of a blue/green deployment: [`BlueGreenLoadBalancer`] (which load balancer, its
//! VPC, the production and test listener ports, the targets' port and health check), and the blue and green
//! target groups and listeners made from it.

use konductor_core::{Construct, Error, IntoValue, Lifecycle, Result, Val};

use crate::l1::elbv2::{LbListener, LbListenerDefaultAction, LbTargetGroup, LbTargetGroupHealthCheck};

/// The TLS policy of the listeners: TLS 1.3 and 1.2 only.
pub const TLS_POLICY: &str = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/// How the targets' health is checked.
///
/// ```
/// use konductor_aws::deploy::HealthCheck;
/// let check = HealthCheck::path("/healthz").matcher("200");
/// assert_eq!(check, HealthCheck { path: "/healthz".into(), matcher: "200".into(), ..HealthCheck::default() });
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HealthCheck {
    /// The HTTP path asked (default `/`).
    pub path: String,
    /// The HTTP codes that mean healthy (default `200-399`).
    pub matcher: String,
    /// Seconds between checks (default 15).
    pub interval_seconds: u32,
    /// Seconds a check may take (default 5).
    pub timeout_seconds: u32,
    /// Checks in a row for healthy (default 2).
    pub healthy_threshold: u32,
    /// Checks in a row for unhealthy (default 3).
    pub unhealthy_threshold: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            path: "/".to_string(),
            matcher: "200-399".to_string(),
            interval_seconds: 15,
            timeout_seconds: 5,
            healthy_threshold: 2,
            unhealthy_threshold: 3,
        }
    }
}

impl HealthCheck {
    /// The default check on `path`.
    pub fn path(path: impl Into<String>) -> Self {
        HealthCheck { path: path.into(), ..HealthCheck::default() }
    }

    /// The HTTP codes that mean healthy (`200`, `200-299` ...).
    pub fn matcher(mut self, matcher: impl Into<String>) -> Self {
        self.matcher = matcher.into();
        self
    }
}

/// The load balancer a blue/green deployment shifts traffic on: start with [`BlueGreenLoadBalancer::builder`].
///
/// The construct makes the blue and green target groups in `vpc_id` (the load balancer's VPC), an HTTPS
/// production listener forwarding to blue and, when a test port is given, an HTTPS test listener
/// forwarding to green. CodeDeploy swaps what the listeners forward to on every deployment, so both ignore
/// changes to their default action and the next plan shows no drift.
///
/// ```
/// use konductor_aws::deploy::{BlueGreenLoadBalancer, HealthCheck};
/// let lb = BlueGreenLoadBalancer::builder()
///     .load_balancer("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/0123", "app/web/0123")
///     .vpc_id("vpc-0123456789abcdef0")
///     .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/abc")
///     .test_port(8443)
///     .target_port(8080)
///     .health_check(HealthCheck::path("/healthz"))
///     .build()
///     .unwrap();
/// # let _ = lb;
/// ```
#[derive(Clone, Debug)]
pub struct BlueGreenLoadBalancer {
    pub(crate) arn: Val,
    pub(crate) arn_suffix: Val,
    pub(crate) vpc_id: Val,
    pub(crate) certificate_arn: Val,
    pub(crate) production_port: u16,
    pub(crate) test_port: Option<u16>,
    pub(crate) target_port: u16,
    pub(crate) health_check: HealthCheck,
    pub(crate) deregistration_delay_seconds: u32,
}

/// Builder of [`BlueGreenLoadBalancer`].
///
/// ```
/// use konductor_aws::deploy::BlueGreenLoadBalancer;
/// let e = BlueGreenLoadBalancer::builder().build().unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "[BlueGreenLoadBalancer] load_balancer is not set: call `.load_balancer(lb.arn(), lb.arn_suffix())` on the builder"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct BlueGreenLoadBalancerBuilder {
    arn: Option<(Val, Val)>,
    vpc_id: Option<Val>,
    certificate_arn: Option<Val>,
    production_port: u16,
    test_port: Option<u16>,
    target_port: Option<u16>,
    health_check: HealthCheck,
    deregistration_delay_seconds: u32,
}

impl BlueGreenLoadBalancer {
    /// Starts one: the load balancer, its VPC, the certificate and the targets' port are required; the
    /// production listener is on 443, no test listener, the default [`HealthCheck`], a 30-second
    /// deregistration delay.
    pub fn builder() -> BlueGreenLoadBalancerBuilder {
        BlueGreenLoadBalancerBuilder {
            arn: None,
            vpc_id: None,
            certificate_arn: None,
            production_port: 443,
            test_port: None,
            target_port: None,
            health_check: HealthCheck::default(),
            deregistration_delay_seconds: 30,
        }
    }
}

impl BlueGreenLoadBalancerBuilder {
    /// The application load balancer (required): its ARN and its ARN suffix (for the CloudWatch alarms'
    /// `LoadBalancer` dimension), e.g. `lb.arn(), lb.arn_suffix()`.
    pub fn load_balancer(mut self, arn: impl IntoValue<String>, arn_suffix: impl IntoValue<String>) -> Self {
        self.arn = Some((arn.into_val(), arn_suffix.into_val()));
        self
    }

    /// The load balancer's VPC (required): the target groups are made there, and the service must run in it.
    pub fn vpc_id(mut self, vpc_id: impl IntoValue<String>) -> Self {
        self.vpc_id = Some(vpc_id.into_val());
        self
    }

    /// The ACM certificate of the HTTPS listeners (required).
    pub fn certificate_arn(mut self, arn: impl IntoValue<String>) -> Self {
        self.certificate_arn = Some(arn.into_val());
        self
    }

    /// The production listener's port (default 443).
    pub fn production_port(mut self, port: u16) -> Self {
        self.production_port = port;
        self
    }

    /// A test listener on `port`: it reaches the green side before production traffic does.
    pub fn test_port(mut self, port: u16) -> Self {
        self.test_port = Some(port);
        self
    }

    /// The port the targets listen on (required).
    pub fn target_port(mut self, port: u16) -> Self {
        self.target_port = Some(port);
        self
    }

    /// The targets' health check (default [`HealthCheck::default`]).
    pub fn health_check(mut self, check: HealthCheck) -> Self {
        self.health_check = check;
        self
    }

    /// Seconds a deregistering target keeps its connections (default 30; 0 to 3600).
    pub fn deregistration_delay_seconds(mut self, seconds: u32) -> Self {
        self.deregistration_delay_seconds = seconds;
        self
    }

    /// Finishes it; the error says what is missing. Ports are checked by the construct, which knows its path.
    pub fn build(self) -> Result<BlueGreenLoadBalancer> {
        let missing = |what: &str, example: &str| {
            Error::invalid(
                "BlueGreenLoadBalancer",
                format!("{what} is not set"),
                format!("call `.{what}({example})` on the builder"),
            )
        };
        let (arn, arn_suffix) = self.arn.ok_or_else(|| missing("load_balancer", "lb.arn(), lb.arn_suffix()"))?;
        Ok(BlueGreenLoadBalancer {
            arn,
            arn_suffix,
            vpc_id: self.vpc_id.ok_or_else(|| missing("vpc_id", "vpc.vpc_id()"))?,
            certificate_arn: self.certificate_arn.ok_or_else(|| missing("certificate_arn", "certificate.arn()"))?,
            production_port: self.production_port,
            test_port: self.test_port,
            target_port: self.target_port.ok_or_else(|| missing("target_port", "8080"))?,
            health_check: self.health_check,
            deregistration_delay_seconds: self.deregistration_delay_seconds,
        })
    }
}

/// The target groups and listeners made for a deployment group.
#[derive(Clone, Debug)]
pub struct TrafficRoutes {
    /// ECS: the blue and the green target group; EC2/Server: the one target group both fleets join.
    pub target_groups: Vec<LbTargetGroup>,
    /// The production listener.
    pub production: LbListener,
    /// The test listener (ECS), when a test port was given.
    pub test: Option<LbListener>,
}

/// The target groups a platform uses: a blue/green pair on ECS, one group on EC2/Server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Targets {
    /// ECS task sets (`ip` targets) alternating between a blue and a green group.
    Pair,
    /// EC2 instances (`instance` targets): the green fleet registers with the one group, the blue leaves it.
    Single,
}

impl BlueGreenLoadBalancer {
    /// Checks the ports and the delay, and that the service runs in the load balancer's VPC (`service_vpc`).
    pub(crate) fn check(&self, path: &str, service_vpc: Option<&Val>) -> Result<()> {
        for (what, port) in [("production_port", self.production_port), ("target_port", self.target_port)]
            .into_iter()
            .chain(self.test_port.map(|p| ("test_port", p)))
        {
            if port == 0 {
                return Err(Error::invalid(path, format!("{what} 0 is not a port"), "use a port from 1 to 65535"));
            }
        }
        if self.test_port == Some(self.production_port) {
            return Err(Error::invalid(
                path,
                format!(
                    "listener port {} is used by both the production and the test listener: a load balancer has one \
                     listener per port",
                    self.production_port
                ),
                "give the test listener its own port, e.g. .test_port(8443)",
            ));
        }
        if self.deregistration_delay_seconds > 3600 {
            return Err(Error::invalid(
                path,
                format!("deregistration delay {} s is above the 3600 s maximum", self.deregistration_delay_seconds),
                "use 0 to 3600 seconds",
            ));
        }
        if let Some(vpc) = service_vpc.filter(|v| **v != self.vpc_id) {
            return Err(Error::invalid(
                path,
                format!(
                    "the target groups would be in the load balancer's VPC {} and the service runs in VPC {}: \
                     targets must be in the VPC of their target group",
                    show(&self.vpc_id),
                    show(vpc)
                ),
                "run the service in the load balancer's VPC (the same vpc_id on both), or use a load balancer \
                 of the service's VPC",
            ));
        }
        Ok(())
    }

    /// Makes the target groups and the listeners under `c`.
    pub(crate) fn build(&self, c: &Construct, base: &str, targets: Targets) -> TrafficRoutes {
        let hc = &self.health_check;
        let target_type = match targets {
            Targets::Pair => "ip",
            Targets::Single => "instance",
        };
        let group = |color: &str| {
            LbTargetGroup::builder(c, color)
                .name(c.name(&format!("{base}-{color}")))
                .vpc_id(self.vpc_id.clone())
                .target_type(target_type)
                .port(self.target_port)
                .protocol("HTTP")
                .deregistration_delay(self.deregistration_delay_seconds.to_string())
                .health_check(
                    LbTargetGroupHealthCheck::builder()
                        .enabled(true)
                        .path(hc.path.as_str())
                        .matcher(hc.matcher.as_str())
                        .protocol("HTTP")
                        .interval(hc.interval_seconds)
                        .timeout(hc.timeout_seconds)
                        .healthy_threshold(hc.healthy_threshold)
                        .unhealthy_threshold(hc.unhealthy_threshold)
                        .build(),
                )
                .tags([("Name", c.name(&format!("{base}-{color}")).to_string()), ("Color", color.to_string())])
                .build()
        };
        let target_groups = match targets {
            Targets::Pair => vec![group("blue"), group("green")],
            Targets::Single => vec![group("fleet")],
        };
        let listener = |id: &str, port: u16, to: &LbTargetGroup| {
            let l = LbListener::builder(c, id)
                .load_balancer_arn(self.arn.clone())
                .port(port)
                .protocol("HTTPS")
                .ssl_policy(TLS_POLICY)
                .certificate_arn(self.certificate_arn.clone())
                .default_action(vec![LbListenerDefaultAction::builder()
                    .r#type("forward")
                    .target_group_arn(to.arn())
                    .build()])
                .tags([("Name", c.name(&format!("{base}-{id}")).to_string())])
                .build();
            if targets == Targets::Pair {
                // CodeDeploy moves the listener between blue and green: Terraform must not move it back.
                l.lifecycle(Lifecycle::new().ignore_changes(["default_action"]));
            }
            l
        };
        let production = listener("production-listener", self.production_port, &target_groups[0]);
        let test = self
            .test_port
            .map(|port| listener("test-listener", port, target_groups.last().unwrap_or(&target_groups[0])));
        TrafficRoutes { target_groups, production, test }
    }
}

/// A value as it reads in a message: the text, or the expression.
pub(crate) fn show(v: &Val) -> String {
    match v.to_json_lossy() {
        serde_json::Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}
