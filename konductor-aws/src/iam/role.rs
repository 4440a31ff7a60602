//! [`Role`]: an IAM role trusted by typed principals, with managed policies by typed ARN, inline policy
//! documents, a permissions boundary, a session limit, and the policy grants write to.

use derive_builder::Builder;
use konductor_core::{AsElement, AsScope, Attr, Construct, ElementRef, Error, Name, Result, Scope};

use super::role_policy::ManagedPolicy;
use super::role_trust::Trust;
use super::{PolicyDocument, Statement};
use crate::context::AwsContext;
use crate::grant::{GrantTarget, Grantee, MergedPolicy};
use crate::l1::iam::{IamRole, IamRolePolicy, IamRolePolicyAttachment};
use crate::network::child_path;
use crate::props::{path_name_base, IntoProps};

const PROPS: &str = "RoleProps";

crate::props::into_props!(RoleProps, RolePropsBuilder, PROPS);

/// The longest IAM role name.
const MAX_ROLE_NAME: usize = 64;

/// The settings of a [`Role`]: at least one [`Trust`]; everything else has a default (a name from the
/// construct path, sessions of one hour, no managed or inline policies, no boundary).
///
/// ```
/// use konductor_aws::iam::{ManagedPolicy, PolicyDocument, RoleProps, Statement, Trust};
/// let props = RoleProps::builder()
///     .trust(Trust::service("ecs-tasks").from_this_account())
///     .managed_policy(ManagedPolicy::aws("service-role/AmazonECSTaskExecutionRolePolicy"))
///     .inline_policy("read-config", PolicyDocument::new().statement(
///         Statement::allow().action("ssm:GetParameter").resource("arn:aws:ssm:eu-west-1:123456789012:parameter/app/*")))
///     .permissions_boundary(ManagedPolicy::arn("arn:aws:iam::123456789012:policy/boundary"))
///     .max_session_hours(4)
///     .build()
///     .unwrap();
/// # let _ = props;
/// let e = RoleProps::builder().build().unwrap_err();
/// assert!(e.to_string().contains("trusts no one"), "{e}");
/// ```
#[derive(Builder, Clone, Debug)]
#[builder(pattern = "owned", default, build_fn(private, name = "assemble", error = "crate::props::Incomplete"))]
#[builder_struct_attr(must_use = "call `.build()` to get the props")]
pub struct RoleProps {
    /// Who may assume the role; each [`Trust`] is one statement of the trust policy.
    #[builder(setter(each(name = "trust")))]
    trusts: Vec<Trust>,
    /// The role name's base; the environment suffix is appended. Default: the construct path joined
    /// with `-`.
    #[builder(setter(into, strip_option))]
    name: Option<String>,
    /// The role's description.
    #[builder(setter(into, strip_option))]
    description: Option<String>,
    /// Managed policies to attach, by typed ARN.
    #[builder(setter(each(name = "managed_policy")))]
    managed_policies: Vec<ManagedPolicy>,
    /// Inline policies, by name (unique in the role).
    #[builder(setter(custom))]
    inline_policies: Vec<(String, PolicyDocument)>,
    /// The permissions boundary: the most the role may ever do, whatever its policies say.
    #[builder(setter(strip_option))]
    permissions_boundary: Option<ManagedPolicy>,
    /// The longest session, in hours: 1 (the default) to 12.
    max_session_hours: u32,
    /// Where the region, account and partition are read from; default: data sources under the role.
    #[builder(setter(strip_option))]
    context: Option<AwsContext>,
}

impl Default for RoleProps {
    fn default() -> Self {
        RoleProps {
            trusts: Vec::new(),
            name: None,
            description: None,
            managed_policies: Vec::new(),
            inline_policies: Vec::new(),
            permissions_boundary: None,
            max_session_hours: 1,
            context: None,
        }
    }
}

impl RoleProps {
    /// Starts from the defaults; add at least one `.trust(...)`.
    pub fn builder() -> RolePropsBuilder {
        RolePropsBuilder::default()
    }
}

impl RolePropsBuilder {
    /// Adds an inline policy `name` (letters, digits and `+=,.@_-`; the environment suffix is
    /// appended), checked like every policy document.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, RoleProps, Statement, Trust};
    /// let props = RoleProps::builder()
    ///     .trust(Trust::service("lambda"))
    ///     .inline_policy("queue", PolicyDocument::new().statement(Statement::allow().action("sqs:SendMessage").resource("arn:aws:sqs:eu-west-1:123456789012:jobs-dev")))
    ///     .build()
    ///     .unwrap();
    /// # let _ = props;
    /// ```
    pub fn inline_policy(mut self, name: &str, document: PolicyDocument) -> Self {
        self.inline_policies.get_or_insert_with(Vec::new).push((name.to_string(), document));
        self
    }

    /// Checks and returns the props.
    pub fn build(self) -> Result<RoleProps> {
        let p = self.assemble().map_err(|e| e.into_error(PROPS))?;
        if p.trusts.is_empty() {
            return Err(Error::invalid(
                PROPS,
                "the role trusts no one, so nothing could ever assume it",
                "add `.trust(Trust::service(\"lambda\"))`, `.trust(Trust::account(...))` or another `Trust`",
            ));
        }
        for t in &p.trusts {
            t.check(PROPS)?;
        }
        for m in p.managed_policies.iter().chain(&p.permissions_boundary) {
            m.check(PROPS)?;
        }
        if p.managed_policies.len() > 20 {
            return Err(Error::invalid(
                PROPS,
                format!("{} managed policies; IAM attaches at most 20 to a role", p.managed_policies.len()),
                "combine them into fewer customer-managed policies",
            ));
        }
        for (i, (name, _)) in p.inline_policies.iter().enumerate() {
            if name.is_empty()
                || name.len() > 100
                || !name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
            {
                return Err(Error::invalid(
                    PROPS,
                    format!("inline policy name `{name}` is not an IAM policy name"),
                    "use at most 100 letters, digits and `+=,.@_-`",
                ));
            }
            if p.inline_policies[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::invalid(
                    PROPS,
                    format!("inline policy `{name}` is given twice"),
                    "give each inline policy its own name",
                ));
            }
        }
        if !(1..=12).contains(&p.max_session_hours) {
            return Err(Error::invalid(
                PROPS,
                format!("a maximum session of {} hours is outside what IAM accepts (1 to 12)", p.max_session_hours),
                "give 1 to 12 hours",
            ));
        }
        if let Some(n) = &p.name {
            if n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)) {
                return Err(Error::invalid(
                    PROPS,
                    format!("role name base `{n}` is not an IAM role name"),
                    "use letters, digits and `+=,.@_-`",
                ));
            }
        }
        Ok(p)
    }
}

/// An IAM role: a trust policy from typed [`Trust`]s, managed policies by typed ARN, inline policies,
/// a permissions boundary and a session limit, and a `grants` policy that the building blocks'
/// grants write to (created with the first grant, merged and sorted).
///
/// ```
/// use konductor_aws::iam::{Role, RoleProps, Trust};
/// let json = konductor_core::testing::synth(|stack| {
///     let role = Role::new(stack, "worker", RoleProps::builder().trust(Trust::service("ec2")).build().unwrap()).unwrap();
///     assert_eq!(role.name().as_str(), "test-worker-test"); // stack `test`, environment `test`
/// });
/// let (_, role) = konductor_core::testing::resources(&json, "aws_iam_role")[0];
/// assert_eq!(role["max_session_duration"], 3600);
/// ```
#[derive(Clone, Debug)]
pub struct Role {
    scope: Construct,
    role: IamRole,
    name: Name,
    context: AwsContext,
    policy: MergedPolicy,
    inline: Vec<IamRolePolicy>,
    attachments: Vec<IamRolePolicyAttachment>,
}

impl AsScope for Role {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl crate::grant::sealed::Sealed for Role {
    fn grant_target(&self) -> GrantTarget {
        GrantTarget { scope: self.scope.scope().clone(), arn: self.role.arn().into(), policy: self.policy.clone() }
    }
}

impl Grantee for Role {}

impl Role {
    /// A role under `scope` with `id`.
    pub fn new(scope: &impl AsScope, id: &str, props: impl IntoProps<RoleProps>) -> Result<Self> {
        let path = child_path(scope, id);
        let props = props.into_props(&path)?;
        let suffix = scope.scope().environment().suffix().len() + 1;
        let base = props.name.clone().unwrap_or_else(|| path_name_base(&path));
        check_name_length(&path, &base, suffix)?;
        let construct = Construct::new(scope, id);
        let cx = props.context.clone().unwrap_or_else(|| AwsContext::new(&construct));
        let name = construct.name(&base);
        let trust = PolicyDocument::new().statements(props.trusts.iter().map(|t| t.statement(&cx)));
        let mut b = IamRole::builder(&construct, "Default")
            .name(&name)
            .assume_role_policy(trust.to_value(&construct))
            .max_session_duration(props.max_session_hours * 3600)
            .tags([("Name", &name)]);
        if let Some(d) = &props.description {
            b = b.description(d.as_str());
        }
        if let Some(boundary) = &props.permissions_boundary {
            b = b.permissions_boundary(boundary.arn_value(&cx));
        }
        let role = b.build();
        let inline = props
            .inline_policies
            .iter()
            .map(|(n, doc)| {
                IamRolePolicy::builder(&construct, &format!("policy-{n}"))
                    .name(construct.name(n))
                    .role(role.id())
                    .policy(doc.to_value(&construct))
                    .build()
            })
            .collect();
        let attachments = props
            .managed_policies
            .iter()
            .map(|m| {
                IamRolePolicyAttachment::builder(&construct, &m.attachment_id())
                    .role(role.name())
                    .policy_arn(m.arn_value(&cx))
                    .build()
            })
            .collect();
        let policy = {
            let (scope, role_id, name) = (construct.clone(), role.id(), construct.name("grants"));
            MergedPolicy::lazy(construct.path(), move |value| {
                IamRolePolicy::builder(&scope, "grants")
                    .name(&name)
                    .role(role_id.clone())
                    .policy(konductor_core::Value::<String>::from_val(value))
                    .build()
                    .element()
                    .clone()
            })
        };
        Ok(Role { scope: construct, role, name, context: cx, policy, inline, attachments })
    }

    /// The role's ARN.
    pub fn arn(&self) -> Attr<String> {
        self.role.arn()
    }

    /// The role's name, with the environment suffix.
    pub fn name(&self) -> &Name {
        &self.name
    }

    /// The `aws_iam_role` resource.
    pub fn iam_role(&self) -> &IamRole {
        &self.role
    }

    /// The inline policies given in the props, in order.
    pub fn inline_policies(&self) -> &[IamRolePolicy] {
        &self.inline
    }

    /// The managed policy attachments, in order.
    pub fn managed_policy_attachments(&self) -> &[IamRolePolicyAttachment] {
        &self.attachments
    }

    /// The policy grants wrote, once one did.
    pub fn grants_policy(&self) -> Option<ElementRef> {
        self.policy.element()
    }

    /// The context the role reads its account and partition from.
    pub fn context(&self) -> &AwsContext {
        &self.context
    }

    /// Adds a statement of your own to the role's `grants` policy, for what no building block grants:
    /// it needs a `Sid` (statements are merged by id, so the same bytes come out whatever the order),
    /// and must pass the policy checks (least privilege included).
    ///
    /// ```
    /// use konductor_aws::iam::{Role, RoleProps, Statement, Trust};
    /// konductor_core::testing::synth(|stack| {
    ///     let role = Role::new(stack, "ci", RoleProps::builder().trust(Trust::service("codebuild")).build().unwrap()).unwrap();
    ///     role.add_to_policy(Statement::allow().sid("DescribeImages").action("ec2:DescribeImages").resource("*")).unwrap();
    ///     assert!(role.add_to_policy(Statement::allow().action("ec2:DescribeImages").resource("*")).is_err());
    /// });
    /// ```
    pub fn add_to_policy(&self, statement: Statement) -> Result<()> {
        self.policy.add_statement(statement, "a role's policy")
    }
}

fn check_name_length(path: &str, base: &str, suffix: usize) -> Result<()> {
    if base.len() + suffix > MAX_ROLE_NAME {
        return Err(Error::invalid(
            path,
            format!("IAM role name `{base}` is {} characters long with the environment suffix; the limit is {MAX_ROLE_NAME}", base.len() + suffix),
            format!("set a shorter name with `RoleProps::builder().name(...)`: at most {} characters", MAX_ROLE_NAME - suffix),
        ));
    }
    Ok(())
}
