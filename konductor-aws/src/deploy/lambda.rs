//! [`CodeDeployBlueGreen::lambda`]: traffic shifting between two versions of a Lambda function's alias, with
//! [`LambdaBlueGreenProps`].

use konductor_core::{AsScope, Error, Result};

use super::blue_green::{common_setters, CodeDeployBlueGreen, Common, GroupSpec};
use super::readiness::Readiness;
use super::traffic::ComputePlatform;
use crate::network::child_path;

/// Props of [`CodeDeployBlueGreen::lambda`]: start with [`LambdaBlueGreenProps::builder`].
///
/// ```
/// use konductor_aws::deploy::{LambdaBlueGreenProps, RollbackAlarm, TrafficShifting};
/// let props = LambdaBlueGreenProps::builder()
///     .traffic(TrafficShifting::Linear { percent: 10, every_minutes: 1 })
///     .alarms([RollbackAlarm::existing("payments-api-errors-prod")])
///     .build()
///     .unwrap();
/// # let _ = props;
/// ```
#[derive(Clone, Debug)]
pub struct LambdaBlueGreenProps {
    common: Common,
}

impl LambdaBlueGreenProps {
    /// Starts the props: all at once and no alarms unless set.
    pub fn builder() -> LambdaBlueGreenPropsBuilder {
        LambdaBlueGreenPropsBuilder { common: Common::default() }
    }
}

/// Builder of [`LambdaBlueGreenProps`].
#[derive(Clone, Debug)]
pub struct LambdaBlueGreenPropsBuilder {
    common: Common,
}

impl LambdaBlueGreenPropsBuilder {
    common_setters!("function version");

    /// Finishes the props. Values are checked by [`CodeDeployBlueGreen::lambda`], which knows the path.
    pub fn build(self) -> Result<LambdaBlueGreenProps> {
        Ok(LambdaBlueGreenProps { common: self.common })
    }
}

impl CodeDeployBlueGreen {
    /// Traffic shifting for a Lambda function's alias, under `scope` with `id`: the application and
    /// deployment group of what every platform gets (see [`CodeDeployBlueGreen`]), with the
    /// `AWSCodeDeployRoleForLambda` policy. The function, alias and versions come in each deployment's AppSpec.
    ///
    /// Lambda has no load balancer, so rollback alarms are given ones ([`RollbackAlarm::existing`]); it has no
    /// readiness wait, so a manual approval is an error (use a `BeforeAllowTraffic` hook instead).
    ///
    /// [`RollbackAlarm::existing`]: super::RollbackAlarm::existing
    pub fn lambda(scope: &impl AsScope, id: &str, props: LambdaBlueGreenProps) -> Result<Self> {
        let path = child_path(scope, id);
        props.common.check(&path, ComputePlatform::Lambda, 0)?;
        if let Readiness::ManualApproval { wait_minutes } = props.common.readiness {
            return Err(Error::invalid(
                &path,
                format!("a manual approval ({wait_minutes} minutes): Lambda deployments do not wait for approval"),
                "validate the new version in a BeforeAllowTraffic hook of the AppSpec, or use Readiness::ContinueImmediately",
            ));
        }
        let c = props.common.construct(scope, id);
        CodeDeployBlueGreen::assemble(
            c,
            id,
            GroupSpec {
                platform: ComputePlatform::Lambda,
                common: &props.common,
                copy_auto_scaling_group: false,
                load_balancer_arn_suffix: None,
                routes: None,
                ecs_service: None,
                ecs_cluster_name: None,
                autoscaling_groups: Vec::new(),
            },
        )
    }
}
