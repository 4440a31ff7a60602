//! The deployment role: CodeDeploy's service role with the AWS managed policy of its platform, plus what
//! the deployment group needs beyond it (publishing notifications, passing task roles, launching copies of
//! an Auto Scaling group).

use konductor_core::{template, Construct, Val, Value};

use super::readiness::Notifications;
use super::traffic::ComputePlatform;
use crate::context::AwsContext;
use crate::iam::{Condition, PolicyDocument, Principal, Statement};
use crate::l1::iam::{IamRole, IamRolePolicy, IamRolePolicyAttachment};

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

/// The deployment role and its policies.
#[derive(Clone, Debug)]
pub(crate) struct DeploymentRole {
    pub(crate) role: IamRole,
    pub(crate) attachment: IamRolePolicyAttachment,
    pub(crate) policy: Option<IamRolePolicy>,
}

// TODO(blocks): switch to `iam::Role` (with grants for the topic and its key) once it lands on main.
pub(crate) fn build(c: &Construct, base: &str, platform: ComputePlatform, extra: Extra<'_>) -> DeploymentRole {
    let cx = AwsContext::new(c);
    let trust = PolicyDocument::new().statement(
        Statement::assume_role(Principal::service("codedeploy.amazonaws.com"))
            .condition(Condition::source_account(cx.account_id())),
    );
    let name = c.name(&format!("{base}-codedeploy"));
    let role = IamRole::builder(c, "deployment-role")
        .name(&name)
        .description(format!("CodeDeploy blue/green deployments of {base} ({})", platform.as_str()))
        .assume_role_policy(trust.to_value(c))
        .tags([("Name", &name)])
        .build();
    let attachment = IamRolePolicyAttachment::builder(c, "managed-policy")
        .role(role.id())
        .policy_arn(template!("arn:{}:iam::aws:policy/{}", cx.partition(), managed_policy(platform)))
        .build();

    let mut statements = Vec::new();
    if let Some(n) = extra.notifications {
        statements.push(
            Statement::allow()
                .sid("PublishDeploymentEvents")
                .action("sns:Publish")
                .resource(policy_value(&n.topic_arn)),
        );
        if let Some(key) = &n.key_arn {
            statements.push(
                Statement::allow()
                    .sid("EncryptDeploymentEvents")
                    .actions(["kms:Decrypt", "kms:GenerateDataKey*"])
                    .resource(policy_value(key)),
            );
        }
    }
    if !extra.pass_roles.is_empty() {
        statements.push(
            Statement::allow()
                .sid("PassTheWorkloadRoles")
                .action("iam:PassRole")
                .resources(extra.pass_roles.iter().map(policy_value)),
        );
    }
    if extra.launch_instances {
        // Copying an Auto Scaling group that uses a launch template (AWS's CodeDeploy user guide).
        statements.push(
            Statement::allow()
                .sid("LaunchTheGreenFleet")
                .actions(["ec2:RunInstances", "ec2:CreateTags"])
                .resource(template!("arn:{}:ec2:*:{}:*", cx.partition(), cx.account_id())),
        );
    }
    let policy = (!statements.is_empty()).then(|| {
        IamRolePolicy::builder(c, "deployment-policy")
            .name(&name)
            .role(role.id())
            .policy(PolicyDocument::new().statements(statements).to_value(c))
            .build()
    });
    DeploymentRole { role, attachment, policy }
}

fn policy_value(v: &Val) -> Value<String> {
    Value::from_val(v.clone())
}
