//! [`CodeDeployBlueGreen::auto_scaling`]: blue/green deployments of an EC2 Auto Scaling group, with
//! [`AutoScalingBlueGreenProps`].

use konductor_core::{AsScope, Error, IntoValue, Result, Val};

use super::blue_green::{common_setters, CodeDeployBlueGreen, Common, GroupSpec};
use super::load_balancing::{BlueGreenLoadBalancer, Targets};
use super::traffic::{ComputePlatform, TrafficShifting};
use crate::network::child_path;

/// Props of [`CodeDeployBlueGreen::auto_scaling`]: start with [`AutoScalingBlueGreenProps::builder`].
///
/// ```
/// use konductor_aws::deploy::{AutoScalingBlueGreenProps, BlueGreenLoadBalancer, MinimumHealthy, TrafficShifting};
/// let lb = BlueGreenLoadBalancer::builder()
///     .load_balancer("arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/orders/0123", "app/orders/0123")
///     .vpc_id("vpc-1")
///     .certificate_arn("arn:aws:acm:us-east-1:111111111111:certificate/abc")
///     .target_port(8080)
///     .build()
///     .unwrap();
/// let props = AutoScalingBlueGreenProps::builder()
///     .auto_scaling_group("orders-prod")
///     .vpc_id("vpc-1")
///     .load_balancer(lb)
///     .traffic(TrafficShifting::MinimumHealthy(MinimumHealthy::FleetPercent(75)))
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Clone, Debug)]
pub struct AutoScalingBlueGreenProps {
    auto_scaling_group: Val,
    vpc_id: Val,
    load_balancer: BlueGreenLoadBalancer,
    common: Common,
}

impl AutoScalingBlueGreenProps {
    /// Starts the props: the Auto Scaling group, its VPC and the load balancer are required; one host at a
    /// time, continuing at once, the blue instances terminated 5 minutes after success, no alarms.
    pub fn builder() -> AutoScalingBlueGreenPropsBuilder {
        AutoScalingBlueGreenPropsBuilder {
            auto_scaling_group: None,
            vpc_id: None,
            load_balancer: None,
            common: Common { traffic: TrafficShifting::OneAtATime, ..Common::default() },
        }
    }
}

/// Builder of [`AutoScalingBlueGreenProps`].
///
/// ```
/// use konductor_aws::deploy::AutoScalingBlueGreenProps;
/// let e = AutoScalingBlueGreenProps::builder().build().unwrap_err();
/// assert_eq!(
///     e.to_string(),
///     "[AutoScalingBlueGreenProps] auto_scaling_group is not set: call `.auto_scaling_group(asg.name())` on the builder"
/// );
/// ```
#[derive(Clone, Debug)]
pub struct AutoScalingBlueGreenPropsBuilder {
    auto_scaling_group: Option<Val>,
    vpc_id: Option<Val>,
    load_balancer: Option<BlueGreenLoadBalancer>,
    common: Common,
}

impl AutoScalingBlueGreenPropsBuilder {
    /// The Auto Scaling group of the blue fleet, by name (required): CodeDeploy copies it for the green fleet.
    /// Its instances register with [`CodeDeployBlueGreen::target_groups`]`()[0]` (the group's
    /// `target_group_arns`).
    pub fn auto_scaling_group(mut self, name: impl IntoValue<String>) -> Self {
        self.auto_scaling_group = Some(name.into_val());
        self
    }

    /// The VPC the instances run in (required): it must be the load balancer's.
    pub fn vpc_id(mut self, vpc_id: impl IntoValue<String>) -> Self {
        self.vpc_id = Some(vpc_id.into_val());
        self
    }

    /// The load balancer, the production listener and the target group (required; no test listener on EC2).
    pub fn load_balancer(mut self, lb: BlueGreenLoadBalancer) -> Self {
        self.load_balancer = Some(lb);
        self
    }

    common_setters!("fleet");

    /// Finishes the props; the error says what is missing. Values are checked by
    /// [`CodeDeployBlueGreen::auto_scaling`], which knows the construct path.
    pub fn build(self) -> Result<AutoScalingBlueGreenProps> {
        let missing = |what: &str, example: &str| {
            Error::invalid(
                "AutoScalingBlueGreenProps",
                format!("{what} is not set"),
                format!("call `.{what}({example})` on the builder"),
            )
        };
        Ok(AutoScalingBlueGreenProps {
            auto_scaling_group: self.auto_scaling_group.ok_or_else(|| missing("auto_scaling_group", "asg.name()"))?,
            vpc_id: self.vpc_id.ok_or_else(|| missing("vpc_id", "vpc.vpc_id()"))?,
            load_balancer: self
                .load_balancer
                .ok_or_else(|| missing("load_balancer", "BlueGreenLoadBalancer::builder()...build()?"))?,
            common: self.common,
        })
    }
}

impl CodeDeployBlueGreen {
    /// A blue/green deployment of an EC2 Auto Scaling group, under `scope` with `id`.
    ///
    /// Besides what every platform gets (see [`CodeDeployBlueGreen`]) it makes the target group (`instance`
    /// targets) in the load balancer's VPC and the HTTPS production listener; each deployment provisions the
    /// green fleet by copying the Auto Scaling group (`COPY_AUTO_SCALING_GROUP`), registers it with the target
    /// group while keeping the minimum healthy hosts of the [`TrafficShifting`] choice, and terminates the blue
    /// instances `terminate_blue_after_minutes` after success. The deployment role may launch and tag the
    /// copies' instances and pass the roles given with `pass_roles` (the instance profile's role).
    ///
    /// CodeDeploy does not shift traffic by time on EC2/Server: a canary or linear choice is an error that
    /// says so and names what works (hosts-based configurations here; ECS or Lambda for time-based shifting).
    ///
    /// The copied group is CodeDeploy's, not Terraform's: after the first deployment the group Terraform
    /// created is gone and the copy runs the fleet, so `terraform destroy` leaves the copy behind. Delete the
    /// copy (`aws autoscaling delete-auto-scaling-group --force-delete`) before destroying the environment.
    pub fn auto_scaling(scope: &impl AsScope, id: &str, props: AutoScalingBlueGreenProps) -> Result<Self> {
        let path = child_path(scope, id);
        props.common.check(&path, ComputePlatform::Server, 1)?;
        props.load_balancer.check(&path, Some(&props.vpc_id))?;
        if let Some(port) = props.load_balancer.test_port {
            return Err(Error::invalid(
                &path,
                format!("test listener port {port}: EC2/Server blue/green deployments have no test traffic route"),
                "remove .test_port(..) from the load balancer, or deploy the service on ECS to test before shifting",
            ));
        }
        let c = props.common.construct(scope, id);
        let routes = props.load_balancer.build(&c, id, Targets::Single);
        let lb_suffix = props.load_balancer.arn_suffix.clone();
        CodeDeployBlueGreen::assemble(
            c,
            id,
            GroupSpec {
                platform: ComputePlatform::Server,
                common: &props.common,
                copy_auto_scaling_group: true,
                load_balancer_arn_suffix: Some(&lb_suffix),
                routes: Some(routes),
                ecs_service: None,
                ecs_cluster_name: None,
                autoscaling_groups: vec![props.auto_scaling_group.clone()],
            },
        )
    }
}
