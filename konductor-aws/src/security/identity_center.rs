//! [`IdentityCenter`]: IAM Identity Center permission sets and account assignments, least privilege
//! checked before anything is created.

use konductor_core::compliance::nist_800_53;
use konductor_core::{fns, AsScope, Construct, Error, Expr, IntoValue, Problem, Result, Scope, Val};

use crate::iam::PolicyDocument;
use crate::l1::ssoadmin::{
    DataSsoadminInstances, SsoadminAccountAssignment, SsoadminManagedPolicyAttachment, SsoadminPermissionSet,
    SsoadminPermissionSetInlinePolicy,
};
use crate::network::child_path;

/// The AWS managed policies that allow every action on every resource.
const FULL_ADMIN_POLICIES: &[&str] = &["AdministratorAccess"];

/// The ARN of the AWS managed policy `name`: `arn:aws:iam::aws:policy/ReadOnlyAccess`. Job-function
/// policies take their path: `job-function/ViewOnlyAccess`.
///
/// ```
/// use konductor_aws::security::aws_managed_policy;
/// assert_eq!(aws_managed_policy("SecurityAudit"), "arn:aws:iam::aws:policy/SecurityAudit");
/// ```
pub fn aws_managed_policy(name: &str) -> String {
    format!("arn:aws:iam::aws:policy/{name}")
}

/// A permission set: what a person signed in through Identity Center may do in an account, for how long.
///
/// ```
/// use konductor_aws::security::PermissionSet;
/// let oncall = PermissionSet::new("OnCall").managed_policy("ReadOnlyAccess").session_hours(1);
/// assert_eq!(PermissionSet::developer_read_only().name(), "DeveloperReadOnly");
/// # let _ = oncall;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PermissionSet {
    name: String,
    description: Option<String>,
    managed: Vec<String>,
    inline: Option<PolicyDocument>,
    session_hours: u32,
    full_admin_reason: Option<String>,
}

impl PermissionSet {
    /// A permission set `name` (its base: the environment suffix is added), with 4-hour sessions and no
    /// policy yet.
    pub fn new(name: &str) -> Self {
        PermissionSet {
            name: name.to_string(),
            description: None,
            managed: Vec::new(),
            inline: None,
            session_hours: 4,
            full_admin_reason: None,
        }
    }

    /// `DevOpsAdmin`: `PowerUserAccess` (everything but IAM, Organizations and account settings), 4 hours.
    pub fn devops_admin() -> Self {
        PermissionSet::new("DevOpsAdmin")
            .description("operate workloads: everything but IAM, Organizations and account management")
            .managed_policy("PowerUserAccess")
    }

    /// `DeveloperReadOnly`: `ReadOnlyAccess`, 8 hours.
    pub fn developer_read_only() -> Self {
        PermissionSet::new("DeveloperReadOnly")
            .description("read configuration and logs, change nothing")
            .managed_policy("ReadOnlyAccess")
            .session_hours(8)
    }

    /// `SecurityAudit`: `SecurityAudit` and `job-function/ViewOnlyAccess`, 4 hours.
    pub fn security_audit() -> Self {
        PermissionSet::new("SecurityAudit")
            .description("audit security configuration across accounts")
            .managed_policy("SecurityAudit")
            .managed_policy("job-function/ViewOnlyAccess")
    }

    /// The description.
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.to_string());
        self
    }

    /// Attaches the AWS managed policy `name` (`ReadOnlyAccess`, `job-function/ViewOnlyAccess`).
    pub fn managed_policy(mut self, name: &str) -> Self {
        self.managed.push(name.to_string());
        self
    }

    /// The inline policy.
    pub fn inline_policy(mut self, document: PolicyDocument) -> Self {
        self.inline = Some(document);
        self
    }

    /// Session length in hours, 1 to 12.
    pub fn session_hours(mut self, hours: u32) -> Self {
        self.session_hours = hours;
        self
    }

    /// Named opt-out: this permission set may allow every action on every resource (an
    /// `AdministratorAccess` attachment), for the `reason` given.
    pub fn allow_full_admin(mut self, reason: &str) -> Self {
        self.full_admin_reason = Some(reason.to_string());
        self
    }

    /// The name's base.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Who an assignment is for.
#[derive(Clone, Debug, PartialEq)]
pub enum IdentityPrincipal {
    /// An Identity Store group id.
    Group(Val),
    /// An Identity Store user id.
    User(Val),
}

impl IdentityPrincipal {
    /// A group, by its Identity Store id (text or an expression).
    pub fn group(id: impl IntoValue<String>) -> Self {
        IdentityPrincipal::Group(id.into_val())
    }

    /// A user, by its Identity Store id.
    pub fn user(id: impl IntoValue<String>) -> Self {
        IdentityPrincipal::User(id.into_val())
    }
}

/// Builds an [`IdentityCenter`]; start with [`IdentityCenter::builder`].
#[derive(Clone, Debug)]
#[must_use = "call `.build()` to create the permission sets"]
pub struct IdentityCenterBuilder {
    parent: Scope,
    id: String,
    sets: Vec<PermissionSet>,
    assignments: Vec<(String, String, IdentityPrincipal, Val)>,
}

impl IdentityCenterBuilder {
    /// Adds a permission set.
    pub fn permission_set(mut self, set: PermissionSet) -> Self {
        self.sets.push(set);
        self
    }

    /// Gives `principal` the permission set `set` (by name) in the account `account_id`; `id` names the
    /// assignment in the tree.
    pub fn assign(
        mut self,
        id: &str,
        set: &str,
        principal: IdentityPrincipal,
        account_id: impl IntoValue<String>,
    ) -> Self {
        self.assignments.push((id.to_string(), set.to_string(), principal, account_id.into_val()));
        self
    }

    /// Checks everything and creates the permission sets and assignments; every problem at once.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// use konductor_aws::security::{IdentityCenter, PermissionSet};
    /// konductor_core::testing::synth(|stack| {
    ///     let admin = PermissionSet::new("Admin").inline_policy(PolicyDocument::new().statement(Statement::allow().action("*").resource("*")));
    ///     let e = IdentityCenter::builder(stack, "sso").permission_set(admin).build().unwrap_err();
    ///     assert!(e.to_string().starts_with("[test/sso] permission set `Admin` inline policy statement 1 allows Action \"*\" on Resource \"*\""));
    /// });
    /// ```
    pub fn build(self) -> Result<IdentityCenter> {
        let at = child_path(&self.parent, &self.id);
        let mut problems = Vec::new();
        for (i, set) in self.sets.iter().enumerate() {
            let name = &set.name;
            let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
            if !ok {
                problems.push(
                    Problem::new(
                        at.as_str(),
                        format!("permission set name `{name}` is empty or has characters IAM does not allow"),
                    )
                    .with_fix("use letters, digits and `+=,.@_-`"),
                );
            }
            if self.sets[..i].iter().any(|s| &s.name == name) {
                problems.push(
                    Problem::new(at.as_str(), format!("permission set `{name}` is given twice"))
                        .with_fix("give each permission set once"),
                );
            }
            if !(1..=12).contains(&set.session_hours) {
                problems.push(
                    Problem::new(
                        at.as_str(),
                        format!(
                            "permission set `{name}` has {}-hour sessions; Identity Center allows 1 to 12",
                            set.session_hours
                        ),
                    )
                    .with_fix("use short sessions: 1 to 4 hours for administrators"),
                );
            }
            if set.managed.is_empty() && set.inline.is_none() {
                problems.push(
                    Problem::new(at.as_str(), format!("permission set `{name}` grants nothing"))
                        .with_fix("add `.managed_policy(...)` or `.inline_policy(...)`"),
                );
            }
            let reason_given = set.full_admin_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
            for policy in &set.managed {
                if FULL_ADMIN_POLICIES.contains(&policy.as_str()) && !reason_given {
                    problems.push(
                        Problem::new(at.as_str(), format!("permission set `{name}` attaches {policy}, which allows every action on every resource (least-privilege rule)"))
                            .with_fix("attach PowerUserAccess or a job-function policy instead, or opt out by name with `.allow_full_admin(reason)`"),
                    );
                }
            }
            if let Some(doc) = &set.inline {
                if let Err(issues) = doc.validate() {
                    for issue in issues {
                        let statement = issue.statement.map(|s| format!("{s} ")).unwrap_or_default();
                        problems.push(
                            Problem::new(
                                at.as_str(),
                                format!("permission set `{name}` inline policy {statement}{}", issue.message),
                            )
                            .with_fix(issue.fix),
                        );
                    }
                }
            }
        }
        for (id, set, _, _) in &self.assignments {
            if !self.sets.iter().any(|s| &s.name == set) {
                let names: Vec<&str> = self.sets.iter().map(|s| s.name.as_str()).collect();
                problems.push(
                    Problem::new(
                        at.as_str(),
                        format!(
                            "assignment `{id}` names permission set `{set}`, which is not defined ({})",
                            names.join(", ")
                        ),
                    )
                    .with_fix("add it with `.permission_set(...)` or name one of those"),
                );
            }
        }
        match problems.len() {
            0 => Ok(IdentityCenter::create(self)),
            1 => Err(Error::Invalid(problems.remove(0))),
            _ => Err(Error::Synthesis(problems)),
        }
    }
}

/// IAM Identity Center permission sets (read from the organization's instance with
/// `data.aws_ssoadmin_instances`) and account assignments. Permission sets are checked before
/// anything is created: an inline policy allowing every action on every resource, or an
/// `AdministratorAccess` attachment, is an error without the named opt-out; sessions are 1 to 12 hours.
///
/// ```
/// use konductor_aws::security::{IdentityCenter, IdentityPrincipal, PermissionSet};
/// let json = konductor_core::testing::synth(|stack| {
///     IdentityCenter::builder(stack, "sso")
///         .permission_set(PermissionSet::devops_admin())
///         .permission_set(PermissionSet::developer_read_only())
///         .assign("devs-prod", "DeveloperReadOnly", IdentityPrincipal::group("g-1234567890"), "111111111111")
///         .build()
///         .unwrap();
/// });
/// assert_eq!(json["resource"]["aws_ssoadmin_permission_set"].as_object().unwrap().len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct IdentityCenter {
    scope: Construct,
    sets: Vec<(String, SsoadminPermissionSet)>,
}

impl AsScope for IdentityCenter {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl IdentityCenter {
    /// Starts the permission sets under `scope` with `id`.
    pub fn builder(scope: &impl AsScope, id: &str) -> IdentityCenterBuilder {
        IdentityCenterBuilder {
            parent: scope.scope().clone(),
            id: id.to_string(),
            sets: Vec::new(),
            assignments: Vec::new(),
        }
    }

    fn create(b: IdentityCenterBuilder) -> Self {
        let scope = Construct::new(&b.parent, &b.id);
        scope
            .scope()
            .implements(nist_800_53::AC_2, "people get access to accounts only through Identity Center assignments");
        scope.scope().implements(nist_800_53::AC_6, "permission sets are least privilege with short sessions");
        scope.scope().implements(nist_800_53::AC_5, "operators, developers and auditors get separate permission sets");
        let instances = DataSsoadminInstances::builder(&scope, "instances").build();
        let instance_arn: Expr = fns::tolist(Val::Expr(instances.arns().into_expr())).index(0);
        let mut sets = Vec::new();
        for set in &b.sets {
            let id = format!("permission-set-{}", set.name.to_ascii_lowercase());
            let mut builder = SsoadminPermissionSet::builder(&scope, &id)
                .name(scope.name(&set.name))
                .instance_arn(&instance_arn)
                .session_duration(format!("PT{}H", set.session_hours));
            if let Some(d) = &set.description {
                builder = builder.description(d.as_str());
            }
            let resource = builder.build();
            for policy in &set.managed {
                let slug = policy.replace('/', "-").to_ascii_lowercase();
                SsoadminManagedPolicyAttachment::builder(&scope, &format!("{id}-{slug}"))
                    .instance_arn(&instance_arn)
                    .permission_set_arn(resource.arn())
                    .managed_policy_arn(aws_managed_policy(policy))
                    .build();
            }
            if let Some(doc) = &set.inline {
                SsoadminPermissionSetInlinePolicy::builder(&scope, &format!("{id}-inline"))
                    .instance_arn(&instance_arn)
                    .permission_set_arn(resource.arn())
                    .inline_policy(doc.to_value(&scope))
                    .build();
            }
            sets.push((set.name.clone(), resource));
        }
        for (id, set, principal, account) in &b.assignments {
            let Some((_, resource)) = sets.iter().find(|(n, _)| n == set) else { continue };
            let (kind, principal_id) = match principal {
                IdentityPrincipal::Group(v) => ("GROUP", v.clone()),
                IdentityPrincipal::User(v) => ("USER", v.clone()),
            };
            SsoadminAccountAssignment::builder(&scope, &format!("assignment-{id}"))
                .instance_arn(&instance_arn)
                .permission_set_arn(resource.arn())
                .principal_type(kind)
                .principal_id(principal_id)
                .target_type("AWS_ACCOUNT")
                .target_id(account.clone())
                .build();
        }
        IdentityCenter { scope, sets }
    }

    /// The permission sets, by name base.
    pub fn permission_sets(&self) -> &[(String, SsoadminPermissionSet)] {
        &self.sets
    }
}
