//! How a deployment moves traffic (or hosts) from blue to green: [`TrafficShifting`], checked against the
//! [`ComputePlatform`] it is used on, and turned into CodeDeploy's predefined configuration when one
//! matches, or a custom `aws_codedeploy_deployment_config` when none does.

use konductor_core::{AsScope, Error, Result, Val};

use crate::l1::codedeploy::{
    CodedeployDeploymentConfig, CodedeployDeploymentConfigMinimumHealthyHosts,
    CodedeployDeploymentConfigTrafficRoutingConfig, CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary,
    CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear,
};

/// What CodeDeploy deploys to: the `compute_platform` of the application and of custom configurations.
///
/// ```
/// use konductor_aws::deploy::ComputePlatform;
/// assert_eq!(ComputePlatform::Ecs.as_str(), "ECS");
/// assert_eq!(ComputePlatform::Server.as_str(), "Server");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComputePlatform {
    /// Amazon ECS services: task sets behind a pair of target groups.
    Ecs,
    /// EC2 instances and Auto Scaling groups (CodeDeploy's `Server`).
    Server,
    /// AWS Lambda function aliases.
    Lambda,
}

impl ComputePlatform {
    /// CodeDeploy's name for the platform: `ECS`, `Server`, `Lambda`.
    pub fn as_str(self) -> &'static str {
        match self {
            ComputePlatform::Ecs => "ECS",
            ComputePlatform::Server => "Server",
            ComputePlatform::Lambda => "Lambda",
        }
    }

    /// How the platform is named in messages.
    fn label(self) -> &'static str {
        match self {
            ComputePlatform::Ecs => "ECS",
            ComputePlatform::Server => "EC2/Server",
            ComputePlatform::Lambda => "Lambda",
        }
    }
}

/// How much of the fleet must stay healthy during an EC2/Server deployment.
///
/// ```
/// use konductor_aws::deploy::MinimumHealthy;
/// assert_eq!(MinimumHealthy::FleetPercent(75).to_string(), "75 % of the fleet healthy");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MinimumHealthy {
    /// At least this many instances healthy.
    Hosts(u32),
    /// At least this percentage (1 to 99) of the instances healthy.
    FleetPercent(u8),
}

impl std::fmt::Display for MinimumHealthy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MinimumHealthy::Hosts(n) => write!(f, "{n} host{} healthy", if *n == 1 { "" } else { "s" }),
            MinimumHealthy::FleetPercent(p) => write!(f, "{p} % of the fleet healthy"),
        }
    }
}

/// How a blue/green deployment moves from the old version to the new one.
///
/// Time-based shifting ([`Canary`](TrafficShifting::Canary), [`Linear`](TrafficShifting::Linear)) exists on ECS
/// and Lambda only; hosts-based configurations ([`OneAtATime`](TrafficShifting::OneAtATime),
/// [`HalfAtATime`](TrafficShifting::HalfAtATime), [`MinimumHealthy`](TrafficShifting::MinimumHealthy)) on
/// EC2/Server only; [`AllAtOnce`](TrafficShifting::AllAtOnce) everywhere. Using one where CodeDeploy has no
/// such thing is an error naming what works there.
///
/// ```
/// use konductor_aws::deploy::{ComputePlatform, TrafficShifting};
/// let canary = TrafficShifting::Canary { percent: 10, minutes: 5 };
/// assert_eq!(canary.predefined(ComputePlatform::Ecs), Some("CodeDeployDefault.ECSCanary10Percent5Minutes"));
/// assert_eq!(TrafficShifting::Canary { percent: 20, minutes: 5 }.predefined(ComputePlatform::Ecs), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrafficShifting {
    /// Everything at once.
    AllAtOnce,
    /// `percent` of the traffic first, the rest `minutes` later (ECS and Lambda).
    Canary {
        /// The first increment, 1 to 99 %.
        percent: u8,
        /// Minutes between the first and the second increment.
        minutes: u32,
    },
    /// `percent` more of the traffic every `every_minutes` (ECS and Lambda).
    Linear {
        /// Each increment, 1 to 99 %.
        percent: u8,
        /// Minutes between increments.
        every_minutes: u32,
    },
    /// One instance at a time (EC2/Server).
    OneAtATime,
    /// Half the instances at a time (EC2/Server).
    HalfAtATime,
    /// As many instances at a time as keeps this much of the fleet healthy (EC2/Server).
    MinimumHealthy(MinimumHealthy),
}

impl std::fmt::Display for TrafficShifting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrafficShifting::AllAtOnce => write!(f, "all at once"),
            TrafficShifting::Canary { percent, minutes } => write!(f, "canary {percent} % for {minutes} minutes"),
            TrafficShifting::Linear { percent, every_minutes } => {
                write!(f, "linear {percent} % every {every_minutes} minutes")
            }
            TrafficShifting::OneAtATime => write!(f, "one host at a time"),
            TrafficShifting::HalfAtATime => write!(f, "half the hosts at a time"),
            TrafficShifting::MinimumHealthy(m) => write!(f, "hosts-based with {m}"),
        }
    }
}

impl TrafficShifting {
    /// Whether traffic moves by time (canary, linear).
    pub fn is_time_based(self) -> bool {
        matches!(self, TrafficShifting::Canary { .. } | TrafficShifting::Linear { .. })
    }

    /// Whether it is a hosts-based configuration (one or half at a time, minimum healthy hosts).
    pub fn is_hosts_based(self) -> bool {
        matches!(self, TrafficShifting::OneAtATime | TrafficShifting::HalfAtATime | TrafficShifting::MinimumHealthy(_))
    }

    /// CodeDeploy's predefined configuration for this choice on `platform`, if there is one.
    pub fn predefined(self, platform: ComputePlatform) -> Option<&'static str> {
        use ComputePlatform::*;
        use TrafficShifting::*;
        Some(match (platform, self) {
            (Ecs, AllAtOnce) => "CodeDeployDefault.ECSAllAtOnce",
            (Ecs, Canary { percent: 10, minutes: 5 }) => "CodeDeployDefault.ECSCanary10Percent5Minutes",
            (Ecs, Canary { percent: 10, minutes: 15 }) => "CodeDeployDefault.ECSCanary10Percent15Minutes",
            (Ecs, Linear { percent: 10, every_minutes: 1 }) => "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            (Ecs, Linear { percent: 10, every_minutes: 3 }) => "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
            (Lambda, AllAtOnce) => "CodeDeployDefault.LambdaAllAtOnce",
            (Lambda, Canary { percent: 10, minutes: 5 }) => "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            (Lambda, Canary { percent: 10, minutes: 10 }) => "CodeDeployDefault.LambdaCanary10Percent10Minutes",
            (Lambda, Canary { percent: 10, minutes: 15 }) => "CodeDeployDefault.LambdaCanary10Percent15Minutes",
            (Lambda, Canary { percent: 10, minutes: 30 }) => "CodeDeployDefault.LambdaCanary10Percent30Minutes",
            (Lambda, Linear { percent: 10, every_minutes: 1 }) => "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
            (Lambda, Linear { percent: 10, every_minutes: 2 }) => {
                "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes"
            }
            (Lambda, Linear { percent: 10, every_minutes: 3 }) => {
                "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes"
            }
            (Lambda, Linear { percent: 10, every_minutes: 10 }) => {
                "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes"
            }
            (Server, AllAtOnce) => "CodeDeployDefault.AllAtOnce",
            (Server, HalfAtATime) => "CodeDeployDefault.HalfAtATime",
            (Server, OneAtATime) => "CodeDeployDefault.OneAtATime",
            _ => return None,
        })
    }

    /// Checks that CodeDeploy can do this on `platform`; the error names the construct path, the choice and
    /// what works there instead.
    pub fn check(self, path: &str, platform: ComputePlatform) -> Result<()> {
        let percent = match self {
            TrafficShifting::Canary { percent, .. } | TrafficShifting::Linear { percent, .. } => Some(percent),
            TrafficShifting::MinimumHealthy(MinimumHealthy::FleetPercent(p)) => Some(p),
            _ => None,
        };
        if let Some(p) = percent.filter(|p| !(1..=99).contains(p)) {
            let fix = match self {
                TrafficShifting::Canary { .. } => {
                    "use a canary of 1 to 99 %, or TrafficShifting::AllAtOnce to move everything in one step"
                }
                TrafficShifting::Linear { .. } => {
                    "use a linear step of 1 to 99 %, or TrafficShifting::AllAtOnce to move everything in one step"
                }
                _ => "use 1 to 99 % of the fleet, or MinimumHealthy::Hosts(n)",
            };
            return Err(Error::invalid(path, format!("{self}: {p} % is not a step CodeDeploy can take"), fix));
        }
        match self {
            TrafficShifting::Canary { minutes: 0, .. } | TrafficShifting::Linear { every_minutes: 0, .. } => {
                return Err(Error::invalid(
                    path,
                    format!("{self}: the interval must be at least 1 minute"),
                    "give the minutes between steps, e.g. TrafficShifting::Canary { percent: 10, minutes: 5 }",
                ));
            }
            _ => {}
        }
        match platform {
            ComputePlatform::Server if self.is_time_based() => Err(Error::invalid(
                path,
                format!(
                    "{self} cannot be used on EC2/Server: CodeDeploy shifts traffic by time only on ECS and Lambda; \
                     on EC2 / Auto Scaling it replaces instances in batches of hosts"
                ),
                "use a hosts-based configuration (TrafficShifting::OneAtATime, HalfAtATime, AllAtOnce or \
                 MinimumHealthy(..)), or deploy the service on ECS or Lambda for time-based shifting",
            )),
            ComputePlatform::Ecs | ComputePlatform::Lambda if self.is_hosts_based() => Err(Error::invalid(
                path,
                format!(
                    "{self} cannot be used on {}: hosts-based configurations exist on EC2/Server only",
                    platform.label()
                ),
                "use TrafficShifting::AllAtOnce, Canary { percent, minutes } or Linear { percent, every_minutes }",
            )),
            _ => Ok(()),
        }
    }

    /// The configuration name to give the deployment group: the predefined one, or a custom configuration
    /// made under `scope` (named with the environment suffix).
    pub(crate) fn config_name(
        self,
        scope: &impl AsScope,
        base: &str,
        platform: ComputePlatform,
    ) -> (Val, Option<CodedeployDeploymentConfig>) {
        if let Some(name) = self.predefined(platform) {
            return (Val::str(name), None);
        }
        let builder = CodedeployDeploymentConfig::builder(scope, "deployment-config")
            .deployment_config_name(scope.scope().name(base))
            .compute_platform(platform.as_str());
        let config = match self {
            TrafficShifting::Canary { percent, minutes } => builder
                .traffic_routing_config(
                    CodedeployDeploymentConfigTrafficRoutingConfig::builder()
                        .r#type("TimeBasedCanary")
                        .time_based_canary(
                            CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary::builder()
                                .percentage(percent)
                                .interval(minutes)
                                .build(),
                        )
                        .build(),
                )
                .build(),
            TrafficShifting::Linear { percent, every_minutes } => builder
                .traffic_routing_config(
                    CodedeployDeploymentConfigTrafficRoutingConfig::builder()
                        .r#type("TimeBasedLinear")
                        .time_based_linear(
                            CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear::builder()
                                .percentage(percent)
                                .interval(every_minutes)
                                .build(),
                        )
                        .build(),
                )
                .build(),
            TrafficShifting::MinimumHealthy(m) => {
                let (kind, value) = match m {
                    MinimumHealthy::Hosts(n) => ("HOST_COUNT", f64::from(n)),
                    MinimumHealthy::FleetPercent(p) => ("FLEET_PERCENT", f64::from(p)),
                };
                builder
                    .minimum_healthy_hosts(
                        CodedeployDeploymentConfigMinimumHealthyHosts::builder().r#type(kind).value(value).build(),
                    )
                    .build()
            }
            // Every other choice has a predefined configuration on the platforms `check` lets through.
            _ => builder.build(),
        };
        (Val::Expr(config.deployment_config_name().into_expr()), Some(config))
    }
}
