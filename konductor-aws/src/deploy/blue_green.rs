//! [`CodeDeployBlueGreen`]: what every platform's blue/green deployment is made of (the application, the
//! deployment configuration, the deployment group, its role and rollback alarms), and the handles to it.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsScope, Attr, Construct, Error, IntoValue, ProviderRef, Result, Scope, Val};

use super::load_balancing::TrafficRoutes;
use super::readiness::{Notifications, Readiness};
use super::role::{self, Extra};
use super::rollback::{self, RollbackAlarm, Watched};
use super::traffic::{ComputePlatform, TrafficShifting};
use crate::iam::Role;
use crate::l1::codedeploy::{
    CodedeployApp, CodedeployDeploymentConfig, CodedeployDeploymentGroup, CodedeployDeploymentGroupAlarmConfiguration,
    CodedeployDeploymentGroupAutoRollbackConfiguration, CodedeployDeploymentGroupBlueGreenDeploymentConfig,
    CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption,
    CodedeployDeploymentGroupBlueGreenDeploymentConfigGreenFleetProvisioningOption,
    CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess,
    CodedeployDeploymentGroupDeploymentStyle, CodedeployDeploymentGroupEcsService,
    CodedeployDeploymentGroupLoadBalancerInfo, CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute,
    CodedeployDeploymentGroupTriggerConfiguration,
};
use crate::l1::ecs::EcsService;
use crate::l1::elbv2::{LbListener, LbTargetGroup};

/// The longest CodeDeploy keeps the blue side after a successful deployment: 2 days.
pub const MAX_TERMINATION_WAIT_MINUTES: u32 = 2 * 24 * 60;

/// A CodeDeploy blue/green deployment of an ECS service ([`CodeDeployBlueGreen::ecs`]), an EC2 Auto Scaling
/// group ([`CodeDeployBlueGreen::auto_scaling`]) or a Lambda function alias ([`CodeDeployBlueGreen::lambda`]).
///
/// Every platform gets the CodeDeploy application, a deployment group with `BLUE_GREEN` and
/// `WITH_TRAFFIC_CONTROL`, the [`TrafficShifting`] as CodeDeploy's predefined configuration or a custom one,
/// automatic rollback on failure (and on alarm, with the [`RollbackAlarm`]s), the [`Readiness`] choice, SNS
/// [`Notifications`] of deployment events, and a deployment role with the AWS managed CodeDeploy policy of its
/// platform. See each constructor for what its platform adds.
#[derive(Clone, Debug)]
pub struct CodeDeployBlueGreen {
    pub(crate) scope: Construct,
    pub(crate) platform: ComputePlatform,
    pub(crate) app: CodedeployApp,
    pub(crate) config: Option<CodedeployDeploymentConfig>,
    pub(crate) config_name: Val,
    pub(crate) group: CodedeployDeploymentGroup,
    pub(crate) role: Role,
    pub(crate) routes: Option<TrafficRoutes>,
    pub(crate) service: Option<EcsService>,
    pub(crate) alarm_names: Vec<Val>,
}

/// The options every platform shares: traffic shifting, readiness, how long the blue side is kept, rollback
/// alarms, notifications, roles to pass and the provider configuration.
#[derive(Clone, Debug)]
pub(crate) struct Common {
    pub(crate) traffic: TrafficShifting,
    pub(crate) readiness: Readiness,
    pub(crate) terminate_blue_after_minutes: u32,
    pub(crate) alarms: Vec<RollbackAlarm>,
    pub(crate) notifications: Option<Notifications>,
    pub(crate) pass_roles: Vec<Val>,
    pub(crate) provider: Option<ProviderRef>,
}

impl Default for Common {
    fn default() -> Self {
        Common {
            traffic: TrafficShifting::AllAtOnce,
            readiness: Readiness::ContinueImmediately,
            terminate_blue_after_minutes: 5,
            alarms: Vec::new(),
            notifications: None,
            pass_roles: Vec::new(),
            provider: None,
        }
    }
}

impl Common {
    /// Checks the options for `platform`, whose deployments watch `target_groups` target groups; the error
    /// names the construct path.
    pub(crate) fn check(&self, path: &str, platform: ComputePlatform, target_groups: usize) -> Result<()> {
        self.traffic.check(path, platform)?;
        self.readiness.check(path)?;
        let m = self.terminate_blue_after_minutes;
        if m > MAX_TERMINATION_WAIT_MINUTES {
            return Err(Error::invalid(
                path,
                format!(
                    "keeping the blue side {m} minutes after success is above CodeDeploy's \
                     {MAX_TERMINATION_WAIT_MINUTES} (2 days)"
                ),
                format!("use 0 to {MAX_TERMINATION_WAIT_MINUTES} minutes"),
            ));
        }
        rollback::check(path, &self.alarms, target_groups)?;
        if let Some(n) = &self.notifications {
            n.check(path)?;
        }
        Ok(())
    }

    /// The construct `id` under `scope`, on the provider configuration when one was given.
    pub(crate) fn construct(&self, scope: &impl AsScope, id: &str) -> Construct {
        match &self.provider {
            Some(p) => Construct::new(scope, id).with_provider(p),
            None => Construct::new(scope, id),
        }
    }
}

/// Values from anything that converts to them.
pub(crate) fn vals<T, V: IntoValue<T>>(items: impl IntoIterator<Item = V>) -> Vec<Val> {
    items.into_iter().map(IntoValue::into_val).collect()
}

/// The setters of [`Common`] on a props builder with a `common` field; `$what` names what is replaced.
macro_rules! common_setters {
    ($what:literal) => {
        #[doc = concat!("How traffic moves to the new ", $what, " (default [`TrafficShifting::AllAtOnce`](crate::deploy::TrafficShifting::AllAtOnce)).")]
        pub fn traffic(mut self, traffic: $crate::deploy::TrafficShifting) -> Self {
            self.common.traffic = traffic;
            self
        }

        #[doc = concat!("When the new ", $what, " takes traffic (default [`Readiness::ContinueImmediately`](crate::deploy::Readiness::ContinueImmediately)).")]
        pub fn readiness(mut self, readiness: $crate::deploy::Readiness) -> Self {
            self.common.readiness = readiness;
            self
        }

        #[doc = concat!("Minutes the old ", $what, " is kept after success, ready for a quick rollback (default 5; 0 to 2880).")]
        pub fn terminate_blue_after_minutes(mut self, minutes: u32) -> Self {
            self.common.terminate_blue_after_minutes = minutes;
            self
        }

        /// The alarms that stop and roll back a deployment (at most 10 in all).
        pub fn alarms(mut self, alarms: impl IntoIterator<Item = $crate::deploy::RollbackAlarm>) -> Self {
            self.common.alarms = alarms.into_iter().collect();
            self
        }

        /// Deployment events to an SNS topic.
        pub fn notifications(mut self, notifications: $crate::deploy::Notifications) -> Self {
            self.common.notifications = Some(notifications);
            self
        }

        /// Roles CodeDeploy hands to what it deploys (ECS task and execution roles; the instance role of a
        /// copied Auto Scaling group): the deployment role may pass them, and no other.
        pub fn pass_roles<V: konductor_core::IntoValue<String>>(mut self, role_arns: impl IntoIterator<Item = V>) -> Self {
            self.common.pass_roles = $crate::deploy::blue_green::vals(role_arns);
            self
        }

        /// The AWS provider configuration of everything made (an aliased one for another account or region).
        pub fn provider(mut self, provider: &impl AsRef<konductor_core::ProviderRef>) -> Self {
            self.common.provider = Some(provider.as_ref().clone());
            self
        }
    };
}
pub(crate) use common_setters;

/// What the shared part of every platform needs.
pub(crate) struct GroupSpec<'a> {
    pub(crate) platform: ComputePlatform,
    pub(crate) common: &'a Common,
    /// Copy the Auto Scaling group for the green fleet (EC2/Server).
    pub(crate) copy_auto_scaling_group: bool,
    pub(crate) load_balancer_arn_suffix: Option<&'a Val>,
    pub(crate) routes: Option<TrafficRoutes>,
    pub(crate) ecs_service: Option<EcsService>,
    pub(crate) ecs_cluster_name: Option<Val>,
    pub(crate) autoscaling_groups: Vec<Val>,
}

impl CodeDeployBlueGreen {
    /// Builds the application, configuration, role, alarms and deployment group under `c` (already checked).
    pub(crate) fn assemble(c: Construct, base: &str, spec: GroupSpec<'_>) -> Result<Self> {
        let platform = spec.platform;
        let app = CodedeployApp::builder(&c, "application")
            .name(c.name(base))
            .compute_platform(platform.as_str())
            .tags([("Name", c.name(base).to_string())])
            .build();
        let common = spec.common;
        let (config_name, config) =
            common.traffic.config_name(&c, &format!("{base}-{}", config_suffix(common.traffic)), platform);
        let role = role::build(
            &c,
            base,
            platform,
            Extra {
                notifications: common.notifications.as_ref(),
                pass_roles: &common.pass_roles,
                launch_instances: spec.copy_auto_scaling_group,
            },
        )?;

        let watched = match (&spec.routes, spec.load_balancer_arn_suffix) {
            (Some(routes), Some(suffix)) => Some(Watched {
                load_balancer_arn_suffix: suffix,
                target_groups: routes
                    .target_groups
                    .iter()
                    .zip(if routes.target_groups.len() == 2 { ["blue", "green"] } else { ["fleet", "fleet"] })
                    .map(|(tg, color)| (color, tg))
                    .collect(),
            }),
            _ => None,
        };
        let alarm_names = rollback::build(&c, base, &common.alarms, watched.as_ref());

        let mut events = vec!["DEPLOYMENT_FAILURE"];
        if !alarm_names.is_empty() {
            events.push("DEPLOYMENT_STOP_ON_ALARM");
        }
        let mut group = CodedeployDeploymentGroup::builder(&c, "deployment-group")
            .app_name(app.name())
            .deployment_group_name(c.name(base))
            .service_role_arn(role.arn())
            .deployment_config_name(config_name.clone())
            .deployment_style(
                CodedeployDeploymentGroupDeploymentStyle::builder()
                    .deployment_type("BLUE_GREEN")
                    .deployment_option("WITH_TRAFFIC_CONTROL")
                    .build(),
            )
            .auto_rollback_configuration(
                CodedeployDeploymentGroupAutoRollbackConfiguration::builder().enabled(true).events(events).build(),
            )
            .tags([("Name", c.name(base).to_string())]);
        if !alarm_names.is_empty() {
            group = group.alarm_configuration(
                CodedeployDeploymentGroupAlarmConfiguration::builder()
                    .enabled(true)
                    .alarms(alarm_names.clone())
                    .build(),
            );
        }
        // Lambda has no blue fleet to keep or terminate, and no readiness wait.
        if platform != ComputePlatform::Lambda {
            let minutes = common.terminate_blue_after_minutes;
            let ready = CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption::builder()
                .action_on_timeout(common.readiness.action_on_timeout());
            let ready = match common.readiness {
                Readiness::ContinueImmediately => ready.build(),
                Readiness::ManualApproval { wait_minutes } => ready.wait_time_in_minutes(wait_minutes).build(),
            };
            let mut bg = CodedeployDeploymentGroupBlueGreenDeploymentConfig::builder()
                .deployment_ready_option(ready)
                .terminate_blue_instances_on_deployment_success(
                CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess::builder()
                    .action("TERMINATE")
                    .termination_wait_time_in_minutes(minutes)
                    .build(),
            );
            if spec.copy_auto_scaling_group {
                bg = bg.green_fleet_provisioning_option(
                    CodedeployDeploymentGroupBlueGreenDeploymentConfigGreenFleetProvisioningOption::builder()
                        .action("COPY_AUTO_SCALING_GROUP")
                        .build(),
                );
            }
            group = group.blue_green_deployment_config(bg.build());
        }
        if let (Some(service), Some(cluster)) = (&spec.ecs_service, &spec.ecs_cluster_name) {
            group = group.ecs_service(
                CodedeployDeploymentGroupEcsService::builder()
                    .cluster_name(cluster.clone())
                    .service_name(service.name())
                    .build(),
            );
        }
        if !spec.autoscaling_groups.is_empty() {
            group = group.autoscaling_groups(spec.autoscaling_groups.clone());
        }
        if let Some(routes) = &spec.routes {
            group = group.load_balancer_info(load_balancer_info(routes));
        }
        if let Some(n) = &common.notifications {
            group = group.trigger_configuration(vec![CodedeployDeploymentGroupTriggerConfiguration::builder()
                .trigger_name(c.name(&format!("{base}-events")).to_string())
                .trigger_target_arn(n.topic_arn.clone())
                .trigger_events(n.events.iter().map(|e| e.as_str()).collect::<Vec<_>>())
                .build()]);
        }
        let group = group.build();
        // The role's policies must exist before CodeDeploy checks what the role may do.
        for attachment in role.managed_policy_attachments() {
            group.depends_on(attachment);
        }
        if let Some(grants) = role.grants_policy() {
            group.depends_on(&grants);
        }

        c.scope().implements(
            nist_800_53::CM_3,
            format!("every release of {base} is a CodeDeploy blue/green deployment of a new revision, never an in-place change"),
        );
        c.scope().implements(
            nist_800_53::CP_10,
            "a failed deployment rolls back to the blue side automatically (and on alarm, with rollback alarms)",
        );
        if !alarm_names.is_empty() {
            c.scope()
                .implements(nist_800_53::SI_4, "CloudWatch alarms watch each deployment and stop it when they fire");
        }
        Ok(CodeDeployBlueGreen {
            scope: c,
            platform,
            app,
            config,
            config_name,
            group,
            role,
            routes: spec.routes,
            service: spec.ecs_service,
            alarm_names,
        })
    }

    /// The platform deployed to.
    pub fn platform(&self) -> ComputePlatform {
        self.platform
    }

    /// The CodeDeploy application.
    pub fn application(&self) -> &CodedeployApp {
        &self.app
    }

    /// The deployment group.
    pub fn deployment_group(&self) -> &CodedeployDeploymentGroup {
        &self.group
    }

    /// A reference to the deployment group's name (for pipelines: `aws deploy create-deployment`).
    pub fn deployment_group_name(&self) -> Attr<konductor_core::Name> {
        self.group.deployment_group_name()
    }

    /// The custom deployment configuration, when no predefined one matched the [`TrafficShifting`].
    pub fn deployment_config(&self) -> Option<&CodedeployDeploymentConfig> {
        self.config.as_ref()
    }

    /// The deployment configuration's name: a predefined name, or a reference to the custom configuration.
    pub fn deployment_config_name(&self) -> &Val {
        &self.config_name
    }

    /// The deployment role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The target groups: blue and green on ECS, the one group on EC2/Server, none on Lambda.
    pub fn target_groups(&self) -> &[LbTargetGroup] {
        self.routes.as_ref().map_or(&[], |r| &r.target_groups)
    }

    /// The production listener (ECS and EC2/Server).
    pub fn production_listener(&self) -> Option<&LbListener> {
        self.routes.as_ref().map(|r| &r.production)
    }

    /// The test listener, when a test port was given (ECS).
    pub fn test_listener(&self) -> Option<&LbListener> {
        self.routes.as_ref().and_then(|r| r.test.as_ref())
    }

    /// The ECS service (ECS only).
    pub fn service(&self) -> Option<&EcsService> {
        self.service.as_ref()
    }

    /// The names of the alarms the deployment group watches (made here or given).
    pub fn alarm_names(&self) -> &[Val] {
        &self.alarm_names
    }
}

impl AsScope for CodeDeployBlueGreen {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

/// The suffix of a custom configuration's name: `canary-10-5`, `linear-20-every-3`, `hosts-2` ...
fn config_suffix(traffic: TrafficShifting) -> String {
    use super::traffic::MinimumHealthy;
    match traffic {
        TrafficShifting::Canary { percent, minutes } => format!("canary-{percent}-{minutes}"),
        TrafficShifting::Linear { percent, every_minutes } => format!("linear-{percent}-every-{every_minutes}"),
        TrafficShifting::MinimumHealthy(MinimumHealthy::Hosts(n)) => format!("hosts-{n}"),
        TrafficShifting::MinimumHealthy(MinimumHealthy::FleetPercent(p)) => format!("fleet-{p}"),
        TrafficShifting::AllAtOnce => "all-at-once".to_string(),
        TrafficShifting::OneAtATime => "one-at-a-time".to_string(),
        TrafficShifting::HalfAtATime => "half-at-a-time".to_string(),
    }
}

fn load_balancer_info(routes: &TrafficRoutes) -> CodedeployDeploymentGroupLoadBalancerInfo {
    if routes.target_groups.len() == 2 {
        let mut pair = CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo::builder()
            .prod_traffic_route(
                CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute::builder()
                    .listener_arns(vec![routes.production.arn()])
                    .build(),
            )
            .target_group(
                routes
                    .target_groups
                    .iter()
                    .map(|tg| {
                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup::builder()
                            .name(tg.name())
                            .build()
                    })
                    .collect::<Vec<_>>(),
            );
        if let Some(test) = &routes.test {
            pair = pair.test_traffic_route(
                CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute::builder()
                    .listener_arns(vec![test.arn()])
                    .build(),
            );
        }
        CodedeployDeploymentGroupLoadBalancerInfo::builder().target_group_pair_info(pair.build()).build()
    } else {
        CodedeployDeploymentGroupLoadBalancerInfo::builder()
            .target_group_info(
                routes
                    .target_groups
                    .iter()
                    .map(|tg| {
                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupInfo::builder().name(tg.name()).build()
                    })
                    .collect::<Vec<_>>(),
            )
            .build()
    }
}
