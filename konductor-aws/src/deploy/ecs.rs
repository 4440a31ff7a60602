//! [`CodeDeployBlueGreen::ecs`]: blue/green deployments of an ECS service, with [`EcsBlueGreenProps`].

use konductor_core::{AsScope, Error, IntoValue, Lifecycle, Result, Val};

use super::blue_green::{common_setters, vals, CodeDeployBlueGreen, Common, GroupSpec};
use super::load_balancing::{BlueGreenLoadBalancer, Targets};
use super::traffic::ComputePlatform;
use crate::l1::ecs::{
    EcsService, EcsServiceDeploymentController, EcsServiceLoadBalancer, EcsServiceNetworkConfiguration,
};
use crate::network::child_path;

/// Props of [`CodeDeployBlueGreen::ecs`]: start with [`EcsBlueGreenProps::builder`].
///
/// ```
/// use konductor_aws::deploy::{BlueGreenLoadBalancer, EcsBlueGreenProps, TrafficShifting};
/// let lb = BlueGreenLoadBalancer::builder()
///     .load_balancer("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/0123", "app/web/0123")
///     .vpc_id("vpc-1")
///     .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/abc")
///     .target_port(8080)
///     .build()
///     .unwrap();
/// let props = EcsBlueGreenProps::builder()
///     .cluster_name("platform")
///     .task_definition("arn:aws:ecs:us-east-1:111111111111:task-definition/web:1")
///     .container("web", 8080)
///     .network("vpc-1", ["subnet-a", "subnet-b"], ["sg-app"])
///     .load_balancer(lb)
///     .traffic(TrafficShifting::Canary { percent: 10, minutes: 5 })
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Clone, Debug)]
pub struct EcsBlueGreenProps {
    cluster_name: Val,
    task_definition: Val,
    container_name: String,
    container_port: u16,
    vpc_id: Val,
    subnet_ids: Vec<Val>,
    security_group_ids: Vec<Val>,
    load_balancer: BlueGreenLoadBalancer,
    desired_count: u32,
    common: Common,
}

impl EcsBlueGreenProps {
    /// Starts the props: the cluster, task definition, container, network and load balancer are required;
    /// 2 tasks, all at once, continuing at once, the blue task set kept 5 minutes, no alarms.
    pub fn builder() -> EcsBlueGreenPropsBuilder {
        EcsBlueGreenPropsBuilder {
            cluster_name: None,
            task_definition: None,
            container: None,
            network: None,
            load_balancer: None,
            desired_count: 2,
            common: Common::default(),
        }
    }
}

/// Builder of [`EcsBlueGreenProps`].
///
/// ```
/// use konductor_aws::deploy::EcsBlueGreenProps;
/// let e = EcsBlueGreenProps::builder().build().unwrap_err();
/// assert_eq!(e.to_string(), "[EcsBlueGreenProps] cluster_name is not set: call `.cluster_name(cluster.name())` on the builder");
/// ```
#[derive(Clone, Debug)]
pub struct EcsBlueGreenPropsBuilder {
    cluster_name: Option<Val>,
    task_definition: Option<Val>,
    container: Option<(String, u16)>,
    network: Option<(Val, Vec<Val>, Vec<Val>)>,
    load_balancer: Option<BlueGreenLoadBalancer>,
    desired_count: u32,
    common: Common,
}

impl EcsBlueGreenPropsBuilder {
    /// The ECS cluster's name (required).
    pub fn cluster_name(mut self, name: impl IntoValue<String>) -> Self {
        self.cluster_name = Some(name.into_val());
        self
    }

    /// The task definition the service starts with (required); later revisions come with each deployment.
    pub fn task_definition(mut self, arn: impl IntoValue<String>) -> Self {
        self.task_definition = Some(arn.into_val());
        self
    }

    /// The container the load balancer sends traffic to, and its port (required).
    pub fn container(mut self, name: impl Into<String>, port: u16) -> Self {
        self.container = Some((name.into(), port));
        self
    }

    /// The tasks' VPC, subnets and security groups (required): the VPC must be the load balancer's.
    pub fn network<S: IntoValue<String>, G: IntoValue<String>>(
        mut self,
        vpc_id: impl IntoValue<String>,
        subnet_ids: impl IntoIterator<Item = S>,
        security_group_ids: impl IntoIterator<Item = G>,
    ) -> Self {
        self.network = Some((vpc_id.into_val(), vals(subnet_ids), vals(security_group_ids)));
        self
    }

    /// The load balancer, listeners and target groups (required).
    pub fn load_balancer(mut self, lb: BlueGreenLoadBalancer) -> Self {
        self.load_balancer = Some(lb);
        self
    }

    /// How many tasks run (default 2).
    pub fn desired_count(mut self, count: u32) -> Self {
        self.desired_count = count;
        self
    }

    common_setters!("task set");

    /// Finishes the props; the error says what is missing. Values are checked by
    /// [`CodeDeployBlueGreen::ecs`], which knows the construct path.
    pub fn build(self) -> Result<EcsBlueGreenProps> {
        let missing = |what: &str, example: &str| {
            Error::invalid(
                "EcsBlueGreenProps",
                format!("{what} is not set"),
                format!("call `.{what}({example})` on the builder"),
            )
        };
        let cluster_name = self.cluster_name.ok_or_else(|| missing("cluster_name", "cluster.name()"))?;
        let task_definition = self.task_definition.ok_or_else(|| missing("task_definition", "task.arn()"))?;
        let (container_name, container_port) = self.container.ok_or_else(|| missing("container", "\"web\", 8080"))?;
        let (vpc_id, subnet_ids, security_group_ids) =
            self.network.ok_or_else(|| missing("network", "vpc.vpc_id(), subnets, [sg.id()]"))?;
        let load_balancer = self
            .load_balancer
            .ok_or_else(|| missing("load_balancer", "BlueGreenLoadBalancer::builder()...build()?"))?;
        Ok(EcsBlueGreenProps {
            cluster_name,
            task_definition,
            container_name,
            container_port,
            vpc_id,
            subnet_ids,
            security_group_ids,
            load_balancer,
            desired_count: self.desired_count,
            common: self.common,
        })
    }
}

impl CodeDeployBlueGreen {
    /// A blue/green deployment of an ECS service (Fargate, `awsvpc`), under `scope` with `id`.
    ///
    /// Besides what every platform gets (see [`CodeDeployBlueGreen`]) it makes the blue and green target
    /// groups (`ip` targets) in the load balancer's VPC, the HTTPS production listener (to blue) and the
    /// optional test listener (to green), both ignoring changes to their default action, and the service with
    /// `deployment_controller = CODE_DEPLOY`, no public IP, ignoring changes to its task definition and load
    /// balancer (CodeDeploy swaps both), so the plan after a deployment shows no drift.
    ///
    /// The error names the construct path, the bad value and the fix: time-based shifting with a 0 or 100 %
    /// step, a hosts-based configuration, more than 10 alarms, one port for both listeners, a load balancer
    /// in another VPC than the service, an approval wait over 2 days ...
    ///
    /// ```
    /// use konductor_aws::deploy::{BlueGreenLoadBalancer, CodeDeployBlueGreen, EcsBlueGreenProps, RollbackAlarm, TrafficShifting};
    ///
    /// let json = konductor_core::testing::synth(|stack| {
    ///     let lb = BlueGreenLoadBalancer::builder()
    ///         .load_balancer("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web/0123", "app/web/0123")
    ///         .vpc_id("vpc-1")
    ///         .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/abc")
    ///         .target_port(8080)
    ///         .test_port(8443)
    ///         .build()
    ///         .unwrap();
    ///     let props = EcsBlueGreenProps::builder()
    ///         .cluster_name("platform")
    ///         .task_definition("arn:aws:ecs:us-east-1:111111111111:task-definition/web:1")
    ///         .container("web", 8080)
    ///         .network("vpc-1", ["subnet-a", "subnet-b"], ["sg-app"])
    ///         .load_balancer(lb)
    ///         .traffic(TrafficShifting::Canary { percent: 10, minutes: 5 })
    ///         .alarms([RollbackAlarm::TargetGroup5xxRate { percent: 1.0 }])
    ///         .build()
    ///         .unwrap();
    ///     CodeDeployBlueGreen::ecs(stack, "web", props).unwrap();
    /// });
    /// konductor_core::assert_has_resource!(json, "aws_codedeploy_deployment_group", {
    ///     "deployment_config_name": "CodeDeployDefault.ECSCanary10Percent5Minutes",
    ///     "deployment_style": { "deployment_type": "BLUE_GREEN", "deployment_option": "WITH_TRAFFIC_CONTROL" }
    /// });
    /// ```
    pub fn ecs(scope: &impl AsScope, id: &str, props: EcsBlueGreenProps) -> Result<Self> {
        let path = child_path(scope, id);
        props.common.check(&path, ComputePlatform::Ecs, 2)?;
        props.load_balancer.check(&path, Some(&props.vpc_id))?;
        if props.container_port == 0 {
            return Err(Error::invalid(&path, "container port 0 is not a port", "use a port from 1 to 65535"));
        }
        if props.subnet_ids.is_empty() || props.security_group_ids.is_empty() {
            return Err(Error::invalid(
                &path,
                "the service needs at least one subnet and one security group",
                "pass the app tier's subnets and the app security group to .network(..)",
            ));
        }

        let c = props.common.construct(scope, id);
        let routes = props.load_balancer.build(&c, id, Targets::Pair);
        let service = EcsService::builder(&c, "service")
            .name(c.name(id).to_string())
            .cluster(props.cluster_name.clone())
            .task_definition(props.task_definition.clone())
            .desired_count(props.desired_count)
            .launch_type("FARGATE")
            .platform_version("LATEST")
            .deployment_controller(EcsServiceDeploymentController::builder().r#type("CODE_DEPLOY").build())
            .load_balancer(vec![EcsServiceLoadBalancer::builder()
                .container_name(props.container_name.as_str())
                .container_port(props.container_port)
                .target_group_arn(routes.target_groups[0].arn())
                .build()])
            .network_configuration(
                EcsServiceNetworkConfiguration::builder()
                    .subnets(props.subnet_ids.clone())
                    .security_groups(props.security_group_ids.clone())
                    .assign_public_ip(false)
                    .build(),
            )
            .propagate_tags("SERVICE")
            .enable_ecs_managed_tags(true)
            .tags([("Name", c.name(id).to_string())])
            .build();
        // CodeDeploy replaces the task set (task definition and target group) on every deployment.
        service.lifecycle(Lifecycle::new().ignore_changes(["task_definition", "load_balancer"]));
        // The target group must be attached to the load balancer before a service can use it.
        service.depends_on(&routes.production);
        if let Some(test) = &routes.test {
            service.depends_on(test);
        }

        let lb_suffix = props.load_balancer.arn_suffix.clone();
        CodeDeployBlueGreen::assemble(
            c,
            id,
            GroupSpec {
                platform: ComputePlatform::Ecs,
                common: &props.common,
                copy_auto_scaling_group: false,
                load_balancer_arn_suffix: Some(&lb_suffix),
                routes: Some(routes),
                ecs_service: Some(service),
                ecs_cluster_name: Some(props.cluster_name.clone()),
                autoscaling_groups: Vec::new(),
            },
        )
    }
}
