//! Argo Rollouts for EKS workloads: a blue/green [`BlueGreenRollout`] (active and preview services, manual
//! promotion, scale-down delay, a pre-promotion [`SuccessRateAnalysis`]) rendered as a local Helm chart, and
//! the [`RolloutsController`] installed by a pinned Helm chart.

mod analysis;
mod controller;
mod rollout;

pub use analysis::SuccessRateAnalysis;
pub use controller::{
    RolloutsController, RolloutsControllerProps, ROLLOUTS_CHART, ROLLOUTS_CHART_VERSION, ROLLOUTS_REPOSITORY,
};
pub use rollout::{BlueGreenRollout, BlueGreenRolloutProps, BlueGreenRolloutPropsBuilder};
