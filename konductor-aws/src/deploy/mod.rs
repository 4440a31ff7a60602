//! Deployments: [`CodeDeployBlueGreen`] for ECS services, EC2 Auto Scaling groups and Lambda functions, with
//! typed traffic shifting ([`TrafficShifting`]), readiness ([`Readiness`]), notifications
//! ([`Notifications`]) and rollback alarms ([`RollbackAlarm`]).

pub(crate) mod blue_green;
mod ecs;
mod lambda;
mod load_balancing;
mod readiness;
mod role;
mod rollback;
mod server;
mod traffic;

pub use blue_green::{CodeDeployBlueGreen, MAX_TERMINATION_WAIT_MINUTES};
pub use ecs::{EcsBlueGreenProps, EcsBlueGreenPropsBuilder};
pub use lambda::{LambdaBlueGreenProps, LambdaBlueGreenPropsBuilder};
pub use load_balancing::{BlueGreenLoadBalancer, BlueGreenLoadBalancerBuilder, HealthCheck, TLS_POLICY};
pub use readiness::{DeploymentEvent, Notifications, Readiness, MAX_APPROVAL_WAIT_MINUTES};
pub use role::managed_policy;
pub use rollback::{RollbackAlarm, MAX_ALARMS};
pub use server::{AutoScalingBlueGreenProps, AutoScalingBlueGreenPropsBuilder};
pub use traffic::{ComputePlatform, MinimumHealthy, TrafficShifting};
