//! The deployment role: CodeDeploy's service role (an [`iam::Role`](crate::iam::Role)) with the AWS managed
//! policy of its platform, plus what the deployment group needs beyond it (publishing notifications,
//! passing task roles, launching copies of an Auto Scaling group), granted through the building blocks.

use konductor_core::{template, Construct, Result, Val, Value};

use super::readiness::Notifications;
use super::traffic::ComputePlatform;
use crate::iam::{ManagedPolicy, PolicyValue, Role, RoleProps, Statement, Trust};

/// The AWS managed policy CodeDeploy needs on `platform`, below `arn:<partition>:iam::aws:policy/`.
///
/// ```
/// use konductor_aws::deploy::{managed_policy, ComputePlatform};
/// assert_eq!(managed_policy(ComputePlatform::Ecs), "AWSCodeDeployRoleForECS");
/// assert_eq!(managed_policy(ComputePlatform::Server), "service-role/AWSCodeDeployRole");
/// ```
pub fn managed_policy(platform: ComputePlatform) -> &'static str {
    match platform {
        ComputePlatform::Ecs => "AWSCodeDeployRoleForECS",
        ComputePlatform::Server => "service-role/AWSCodeDeployRole",
        ComputePlatform::Lambda => "service-role/AWSCodeDeployRoleForLambda",
    }
}

/// What the role may do beyond the managed policy.
pub(crate) struct Extra<'a> {
    pub(crate) notifications: Option<&'a Notifications>,
    /// Roles the deployment hands to what it launches (ECS task and execution roles, instance profiles' roles).
    pub(crate) pass_roles: &'a [Val],
    /// Launching instances for a copied Auto Scaling group from a launch template.
    pub(crate) launch_instances: bool,
}

/// The deployment role under `c`, trusted by CodeDeploy for this account's deployments only.
pub(crate) fn build(c: &Construct, base: &str, platform: ComputePlatform, extra: Extra<'_>) -> Result<Role> {
    let role = Role::new(
        c,
        "deployment-role",
        RoleProps::builder()
            .name(format!("{base}-codedeploy"))
            .description(format!("CodeDeploy blue/green deployments of {base} ({})", platform.as_str()))
            .trust(Trust::service("codedeploy").from_this_account())
            .managed_policy(ManagedPolicy::aws(managed_policy(platform)))
            .build()?,
    )?;
    if let Some(n) = extra.notifications {
        n.grant_publish(&role)?;
    }
    if !extra.pass_roles.is_empty() {
        role.add_to_policy(
            Statement::allow()
                .sid("PassTheWorkloadRoles")
                .action("iam:PassRole")
                .resources(extra.pass_roles.iter().map(|v| PolicyValue::from(Value::<String>::from_val(v.clone())))),
        )?;
    }
    if extra.launch_instances {
        // Copying an Auto Scaling group that uses a launch template (AWS's CodeDeploy user guide).
        let cx = role.context();
        role.add_to_policy(
            Statement::allow()
                .sid("LaunchTheGreenFleet")
                .actions(["ec2:RunInstances", "ec2:CreateTags"])
                .resource(template!("arn:{}:ec2:*:{}:*", cx.partition(), cx.account_id())),
        )?;
    }
    Ok(role)
}
