//! [`Organization`]: the AWS Organization of the management account, its OU tree, member accounts,
//! guardrail service control policies and delegated administrators.

use std::collections::BTreeMap;

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Attr, Construct, Error, Expr, Lifecycle, Problem, Result, Scope};

use super::account::{email_problem, is_role_name, Account};
use super::guardrails::Guardrail;
use super::ou_tree::{self, DEFAULT_OUS};
use super::scp::{pack, ServiceControlPolicy, MAX_SCPS_PER_TARGET, SCP_MAX_CHARS};
use super::services::{DelegatedService, OrgService};
use crate::iam::PolicyDocument;
use crate::l1::guardduty::GuarddutyOrganizationAdminAccount;
use crate::l1::organizations::{
    OrganizationsAccount, OrganizationsDelegatedAdministrator, OrganizationsOrganization,
    OrganizationsOrganizationalUnit, OrganizationsPolicy, OrganizationsPolicyAttachment,
};
use crate::l1::securityhub::SecurityhubOrganizationAdminAccount;
use crate::network::child_path;

/// The break-glass role pattern every guardrail exempts unless [`OrganizationBuilder::break_glass`] names
/// others.
pub const DEFAULT_BREAK_GLASS: &str = "arn:aws:iam::*:role/BreakGlass";

/// An AWS region name such as `us-east-1` or `us-gov-west-1`.
pub(crate) fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    let (geo, rest) = match parts.as_slice() {
        [geo, "gov", rest @ ..] | [geo, rest @ ..] => (geo, rest),
        [] => return false,
    };
    geo.len() == 2
        && geo.chars().all(|c| c.is_ascii_lowercase())
        && rest.len() == 2
        && !rest[0].is_empty()
        && rest[0].chars().all(|c| c.is_ascii_lowercase())
        && !rest[1].is_empty()
        && rest[1].chars().all(|c| c.is_ascii_digit())
}

/// Checks the home region, the allowlist (which must hold it) and the break-glass patterns; returns the
/// home region (empty when missing) and the allowlist (default: the home region).
pub(crate) fn check_regions(
    at: &str,
    home_region: Option<&str>,
    allowed: Option<&[String]>,
    break_glass: &[String],
    problems: &mut Vec<Problem>,
) -> (String, Vec<String>) {
    let mut p = |message: String, fix: &str| problems.push(Problem::new(at, message).with_fix(fix));
    let home = match home_region {
        None => {
            p(
                "no home region given".into(),
                "call `.home_region(\"us-east-1\")` with the region the organization is run from",
            );
            String::new()
        }
        Some(r) if !is_region(r) => {
            p(format!("home region `{r}` is not an AWS region name"), "use a region such as `us-east-1`");
            String::new()
        }
        Some(r) => r.to_string(),
    };
    let regions = allowed.map(<[String]>::to_vec).unwrap_or_else(|| vec![home.clone()]);
    for r in &regions {
        if !is_region(r) {
            p(format!("allowed region `{r}` is not an AWS region name"), "use region names such as `eu-west-1`");
        }
    }
    if !home.is_empty() && !regions.contains(&home) {
        p(
            format!("the region allowlist [{}] excludes the home region {home}", regions.join(", ")),
            &format!(
                "add `{home}` to `.allowed_regions(...)`: the organization, its trail and the baselines run there"
            ),
        );
    }
    for pattern in break_glass {
        if !pattern.starts_with("arn:") {
            p(
                format!("break-glass principal `{pattern}` is not an ARN pattern"),
                "give role ARN patterns such as `arn:aws:iam::*:role/BreakGlass`",
            );
        }
    }
    (home, regions)
}

/// The principals every guardrail exempts: the break-glass patterns (default [`DEFAULT_BREAK_GLASS`])
/// and the access roles the baselines are deployed with (default `OrganizationAccountAccessRole`).
pub(crate) fn exempt_principals(break_glass: &[String], access_roles: &[&str]) -> Vec<String> {
    let mut exempt: Vec<String> =
        if break_glass.is_empty() { vec![DEFAULT_BREAK_GLASS.to_string()] } else { break_glass.to_vec() };
    let roles: &[&str] = if access_roles.is_empty() { &[super::account::DEFAULT_ACCESS_ROLE] } else { access_roles };
    for role in roles {
        let arn = format!("arn:aws:iam::*:role/{role}");
        if !exempt.contains(&arn) {
            exempt.push(arn);
        }
    }
    exempt
}

/// An OU path as part of an id or name: `Workloads/Prod` is `workloads-prod`.
fn slug(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        let c = c.to_ascii_lowercase();
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if !(c == '-' && (out.is_empty() || out.ends_with('-'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('-').to_string()
}

/// What an OU gets: the guardrails, or a named opt-out.
#[derive(Clone, Debug, PartialEq)]
enum GuardrailChoice {
    Set(Vec<Guardrail>),
    Without(String),
}

/// Builds an [`Organization`]; start with [`Organization::builder`]. `build()` checks everything and
/// reports every problem at once, with the construct path.
#[derive(Clone, Debug)]
#[must_use = "call `.build()` to create the organization"]
pub struct OrganizationBuilder {
    parent: Scope,
    id: String,
    services: Vec<OrgService>,
    home_region: Option<String>,
    allowed_regions: Option<Vec<String>>,
    ous: Vec<String>,
    accounts: Vec<Account>,
    delegations: Vec<(DelegatedService, String)>,
    guardrails: Vec<(String, GuardrailChoice)>,
    break_glass: Vec<String>,
    custom: Vec<(String, String, PolicyDocument)>,
}

impl OrganizationBuilder {
    /// The services given trusted access (default [`OrgService::ALL`]); replaces the list.
    ///
    /// ```
    /// use konductor_aws::organization::{Organization, OrgService};
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .services([OrgService::CloudTrail, OrgService::Config]).build().unwrap();
    /// });
    /// ```
    pub fn services(mut self, services: impl IntoIterator<Item = OrgService>) -> Self {
        self.services = services.into_iter().collect();
        self
    }

    /// The region the organization is run from (required): the trail, Config aggregation and the
    /// delegated administrators live there, and the region allowlist must contain it.
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("eu-west-1").build().unwrap();
    /// });
    /// ```
    pub fn home_region(mut self, region: &str) -> Self {
        self.home_region = Some(region.to_string());
        self
    }

    /// The regions [`Guardrail::RegionAllowlist`] allows (default the home region alone).
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .allowed_regions(["us-east-1", "us-west-2"]).build().unwrap();
    /// });
    /// ```
    pub fn allowed_regions<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Self {
        self.allowed_regions = Some(regions.into_iter().map(Into::into).collect());
        self
    }

    /// The OU tree, as paths (default [`DEFAULT_OUS`]); parents are added for you. Replaces the tree.
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     let org = Organization::builder(stack, "org").home_region("us-east-1")
    ///         .ous(["Security", "Workloads/Prod"]).build().unwrap();
    ///     assert!(org.ou("Workloads").is_some());
    /// });
    /// ```
    pub fn ous<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> Self {
        self.ous = paths.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a member account.
    ///
    /// ```
    /// use konductor_aws::organization::{Account, Organization};
    /// konductor_core::testing::synth(|stack| {
    ///     let org = Organization::builder(stack, "org").home_region("us-east-1")
    ///         .account(Account::new("log-archive", "aws+logs@example.com").ou("Security"))
    ///         .build().unwrap();
    ///     assert!(org.account("log-archive").is_some());
    /// });
    /// ```
    pub fn account(mut self, account: Account) -> Self {
        self.accounts.push(account);
        self
    }

    /// Hands the administration of `service` to the member account named `account`.
    ///
    /// ```
    /// use konductor_aws::organization::{Account, DelegatedService, Organization};
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .account(Account::new("security", "aws+security@example.com").ou("Security"))
    ///         .delegate(DelegatedService::GuardDuty, "security")
    ///         .build().unwrap();
    /// });
    /// ```
    pub fn delegate(mut self, service: DelegatedService, account: &str) -> Self {
        self.delegations.push((service, account.to_string()));
        self
    }

    /// Hands every service of [`DelegatedService::SECURITY`] to the member account named `account`.
    ///
    /// ```
    /// use konductor_aws::organization::{Account, Organization};
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .account(Account::new("security", "aws+security@example.com").ou("Security"))
    ///         .delegate_security_services("security")
    ///         .build().unwrap();
    /// });
    /// ```
    pub fn delegate_security_services(mut self, account: &str) -> Self {
        for s in DelegatedService::SECURITY {
            self.delegations.push((*s, account.to_string()));
        }
        self
    }

    /// The guardrails attached to the OU at `path`, replacing its default (every top-level OU gets
    /// [`Guardrail::BASELINE`], `Suspended` gets [`Guardrail::DenyAll`]). An OU inherits its parents'.
    ///
    /// ```
    /// use konductor_aws::organization::{Guardrail, Organization};
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .guardrails("Sandbox", [Guardrail::DenyLeavingOrganization, Guardrail::DenyRootUser])
    ///         .build().unwrap();
    /// });
    /// ```
    pub fn guardrails(mut self, path: &str, guardrails: impl IntoIterator<Item = Guardrail>) -> Self {
        let mut set: Vec<Guardrail> = Vec::new();
        for g in guardrails {
            if !set.contains(&g) {
                set.push(g);
            }
        }
        self.guardrails.retain(|(p, _)| p != path);
        self.guardrails.push((path.to_string(), GuardrailChoice::Set(set)));
        self
    }

    /// Named opt-out: the OU at `path` gets no guardrails of its own, for the `reason` given (it still
    /// inherits its parents').
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     let org = Organization::builder(stack, "org").home_region("us-east-1")
    ///         .without_guardrails("Sandbox", "experiments are wiped weekly")
    ///         .build().unwrap();
    ///     # let _ = org;
    /// });
    /// ```
    pub fn without_guardrails(mut self, path: &str, reason: &str) -> Self {
        self.guardrails.retain(|(p, _)| p != path);
        self.guardrails.push((path.to_string(), GuardrailChoice::Without(reason.to_string())));
        self
    }

    /// The principals every guardrail exempts (`ArnNotLike aws:PrincipalARN`), ARN patterns of break-glass
    /// roles; replaces [`DEFAULT_BREAK_GLASS`]. The member accounts' access roles are always exempt too,
    /// so that the landing zone's baselines can be deployed and destroyed.
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .break_glass(["arn:aws:iam::*:role/EmergencyAccess"]).build().unwrap();
    /// });
    /// ```
    pub fn break_glass<S: Into<String>>(mut self, arn_patterns: impl IntoIterator<Item = S>) -> Self {
        self.break_glass = arn_patterns.into_iter().map(Into::into).collect();
        self
    }

    /// A service control policy of your own, `id`, attached to the OU at `path`. Larger than 5,120
    /// characters is an error.
    ///
    /// ```
    /// use konductor_aws::iam::{PolicyDocument, Statement};
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     let deny_iam_users = PolicyDocument::new()
    ///         .statement(Statement::deny().sid("NoIamUsers").actions(["iam:CreateUser", "iam:CreateAccessKey"]).resource("*"));
    ///     Organization::builder(stack, "org").home_region("us-east-1")
    ///         .service_control_policy("Workloads", "no-iam-users", deny_iam_users).build().unwrap();
    /// });
    /// ```
    pub fn service_control_policy(mut self, path: &str, id: &str, document: PolicyDocument) -> Self {
        self.custom.push((path.to_string(), id.to_string(), document));
        self
    }

    /// Checks everything, then creates the organization. Every problem is reported at once.
    ///
    /// ```
    /// use konductor_aws::organization::{Account, Organization};
    /// konductor_core::testing::synth(|stack| {
    ///     let e = Organization::builder(stack, "org").home_region("us-east-1")
    ///         .account(Account::new("dev", "not-an-email")).build().unwrap_err();
    ///     assert_eq!(e.to_string(), "[test/org] account `dev` email `not-an-email` has no `@`: give the address of a mailbox you control, such as `aws+dev@example.com`");
    /// });
    /// ```
    pub fn build(self) -> Result<Organization> {
        let path = child_path(&self.parent, &self.id);
        let plan = self.check(&path)?;
        Ok(Organization::create(self, plan))
    }

    /// Every problem of the builder, or what to create.
    fn check(&self, at: &str) -> Result<Plan> {
        let mut problems: Vec<Problem> = Vec::new();
        let (_, regions) = check_regions(
            at,
            self.home_region.as_deref(),
            self.allowed_regions.as_deref(),
            &self.break_glass,
            &mut problems,
        );

        // OUs.
        let ous = ou_tree::expand(at, &self.ous, &mut problems);
        let mut p = |message: String, fix: String| problems.push(Problem::new(at, message).with_fix(fix));
        let known = |path: &str| ous.iter().any(|o| o == path);
        let ou_list = ous.join(", ");

        // Accounts.
        let mut emails: BTreeMap<String, &str> = BTreeMap::new();
        for (i, a) in self.accounts.iter().enumerate() {
            let name = &a.name;
            if name.is_empty() || name.chars().count() > 50 {
                p(
                    format!("account name `{name}` is not 1 to 50 characters long"),
                    "give a shorter account name".into(),
                );
            }
            if self.accounts[..i].iter().any(|b| &b.name == name) {
                p(format!("account `{name}` is given twice"), "give each account once, with its own name".into());
            }
            if let Some(why) = email_problem(&a.email) {
                p(
                    format!("account `{name}` email `{}` {why}", a.email),
                    format!("give the address of a mailbox you control, such as `aws+{}@example.com`", slug(name)),
                );
            } else if let Some(other) = emails.insert(a.email.to_ascii_lowercase(), name) {
                p(
                    format!("account `{name}` email `{}` is already the email of account `{other}`", a.email),
                    "give every account its own root email address (plus addressing works: `aws+NAME@example.com`)"
                        .into(),
                );
            }
            if let Some(ou) = &a.ou {
                if !known(ou) {
                    p(
                        format!("account `{name}` is placed in OU `{ou}`, which is not in the OU tree ({ou_list})"),
                        "add the OU with `.ous([...])` or place the account in one of the tree's OUs".into(),
                    );
                }
            }
            if !is_role_name(&a.role_name) {
                p(
                    format!("account `{name}` access role `{}` is not an IAM role name", a.role_name),
                    "use 1 to 64 letters, digits and `+=,.@_-`".into(),
                );
            }
        }

        // Delegated administrators.
        for (i, (service, account)) in self.delegations.iter().enumerate() {
            if self.delegations[..i].iter().any(|(s, _)| s == service) {
                p(
                    format!("the delegated administrator of {} is given twice", service.slug()),
                    "delegate each service to one account".into(),
                );
                continue;
            }
            if !self.accounts.iter().any(|a| &a.name == account) {
                let names: Vec<&str> = self.accounts.iter().map(|a| a.name.as_str()).collect();
                p(
                    format!(
                        "the delegated administrator of {} is account `{account}`, which is not a member account ({})",
                        service.slug(),
                        if names.is_empty() { "none given".to_string() } else { names.join(", ") }
                    ),
                    "delegate to one of the accounts given with `.account(...)` (the management account cannot be one)"
                        .into(),
                );
            }
            for needed in service.needs() {
                if !self.services.contains(needed) {
                    p(
                        format!(
                            "a delegated administrator for {} needs the service access principal {}, which is not enabled",
                            service.slug(),
                            needed.principal()
                        ),
                        format!("add {} to `.services(...)`, or remove the delegation", needed.rust_name()),
                    );
                }
            }
        }

        // Guardrails and custom SCPs.
        let roles: Vec<&str> = self.accounts.iter().map(|a| a.role_name.as_str()).collect();
        let exempt = exempt_principals(&self.break_glass, &roles);
        let mut choices: Vec<(String, Vec<Guardrail>)> = Vec::new();
        for ou in &ous {
            if ou_tree::parent(ou).is_some() {
                continue;
            }
            let set = if ou == "Suspended" { vec![Guardrail::DenyAll] } else { Guardrail::BASELINE.to_vec() };
            choices.push((ou.clone(), set));
        }
        for (ou, choice) in &self.guardrails {
            if !known(ou) {
                p(
                    format!("guardrails are given for OU `{ou}`, which is not in the OU tree ({ou_list})"),
                    "name an OU of the tree, by its path: `Workloads/Prod`".into(),
                );
                continue;
            }
            choices.retain(|(o, _)| o != ou);
            match choice {
                GuardrailChoice::Set(set) if !set.is_empty() => choices.push((ou.clone(), set.clone())),
                GuardrailChoice::Set(_) => p(
                    format!("OU `{ou}` is given an empty guardrail list"),
                    "give at least one guardrail, or opt out by name with `.without_guardrails(ou, reason)`".into(),
                ),
                GuardrailChoice::Without(reason) if reason.trim().is_empty() => p(
                    format!("OU `{ou}` opts out of its guardrails without a reason"),
                    "say why in `.without_guardrails(ou, reason)`".into(),
                ),
                GuardrailChoice::Without(_) => {}
            }
        }
        // Order attachments as the OU tree is ordered, so that the output does not depend on call order.
        choices.sort_by_key(|(ou, _)| ous.iter().position(|o| o == ou));

        let mut sets: Vec<(Vec<Guardrail>, Vec<ServiceControlPolicy>)> = Vec::new();
        let mut attachments: Vec<(String, Vec<usize>)> = Vec::new();
        let mut policies: Vec<ServiceControlPolicy> = Vec::new();
        for (ou, set) in &choices {
            let found = sets.iter().position(|(s, _)| s == set);
            let ix = match found {
                Some(ix) => ix,
                None => {
                    let label = if set == Guardrail::BASELINE {
                        "baseline".to_string()
                    } else if set == &[Guardrail::DenyAll] {
                        "deny-all".to_string()
                    } else {
                        format!("custom-{}", sets.len() + 1)
                    };
                    let statements: Vec<_> = set.iter().map(|g| g.statement(&exempt, &regions)).collect();
                    match pack(&label, statements) {
                        Ok(parts) => sets.push((set.clone(), parts)),
                        Err((sid, len)) => {
                            p(
                                format!("guardrail {sid} alone is {len} characters; a service control policy holds at most {SCP_MAX_CHARS}"),
                                "give fewer allowed regions or break-glass patterns".into(),
                            );
                            sets.push((set.clone(), Vec::new()));
                        }
                    }
                    sets.len() - 1
                }
            };
            let mut indices = Vec::new();
            for part in &sets[ix].1 {
                let existing = policies.iter().position(|q| q.id == part.id);
                indices.push(existing.unwrap_or_else(|| {
                    policies.push(part.clone());
                    policies.len() - 1
                }));
            }
            attachments.push((ou.clone(), indices));
        }
        for (ou, id, document) in &self.custom {
            if !known(ou) {
                p(
                    format!("service control policy `{id}` is attached to OU `{ou}`, which is not in the OU tree ({ou_list})"),
                    "name an OU of the tree, by its path: `Workloads/Prod`".into(),
                );
                continue;
            }
            let len = document.text_len();
            if len > SCP_MAX_CHARS {
                p(
                    format!("service control policy `{id}` is {len} characters long; AWS Organizations allows at most {SCP_MAX_CHARS}"),
                    "split its statements over several policies (a target takes 5, FullAWSAccess included) or shorten them with wildcards such as `ec2:Delete*`".into(),
                );
                continue;
            }
            if policies.iter().any(|q| q.id == *id) {
                p(format!("service control policy `{id}` is given twice"), "give each policy its own id".into());
                continue;
            }
            policies.push(ServiceControlPolicy { id: id.clone(), document: document.clone() });
            let ix = policies.len() - 1;
            match attachments.iter_mut().find(|(o, _)| o == ou) {
                Some((_, list)) => list.push(ix),
                None => attachments.push((ou.clone(), vec![ix])),
            }
        }
        for (ou, list) in &attachments {
            if list.len() > MAX_SCPS_PER_TARGET - 1 {
                p(
                    format!(
                        "OU `{ou}` would have {} service control policies besides FullAWSAccess; AWS allows {} in all",
                        list.len(),
                        MAX_SCPS_PER_TARGET
                    ),
                    "attach fewer policies to this OU: move some to its parent, or merge custom policies".into(),
                );
            }
        }

        match problems.len() {
            0 => Ok(Plan { ous, regions, exempt, policies, attachments }),
            1 => Err(Error::Invalid(problems.remove(0))),
            _ => Err(Error::Synthesis(problems)),
        }
    }
}

/// What the checks decided: the OUs in creation order, the policies and where they attach.
struct Plan {
    ous: Vec<String>,
    regions: Vec<String>,
    exempt: Vec<String>,
    policies: Vec<ServiceControlPolicy>,
    attachments: Vec<(String, Vec<usize>)>,
}

/// A member account the [`Organization`] created.
#[derive(Clone, Debug)]
pub struct OrgAccount {
    spec: Account,
    account: OrganizationsAccount,
}

impl OrgAccount {
    /// The account's id, known after apply: `${aws_organizations_account.x.id}`.
    pub fn id(&self) -> Attr<String> {
        self.account.id()
    }

    /// What was asked for: name, email, OU, tags, access role.
    pub fn spec(&self) -> &Account {
        &self.spec
    }

    /// The account resource.
    pub fn resource(&self) -> &OrganizationsAccount {
        &self.account
    }

    /// The ARN of the access role the management account assumes in this account:
    /// `arn:aws:iam::${account id}:role/OrganizationAccountAccessRole`.
    pub fn access_role_arn(&self) -> Expr {
        template!("arn:aws:iam::{}:role/{}", self.account.id(), self.spec.role_name.as_str())
    }
}

/// The AWS Organization, run from the management account: all features, trusted access for the security
/// and identity services, an OU tree, member accounts, the guardrail SCP library attached per OU, and
/// delegated administrators for the security services.
///
/// ```
/// use konductor_aws::organization::{Account, Organization};
/// let json = konductor_core::testing::synth(|stack| {
///     let org = Organization::builder(stack, "org")
///         .home_region("us-east-1")
///         .account(Account::new("security", "aws+security@example.com").ou("Security"))
///         .delegate_security_services("security")
///         .build()
///         .unwrap();
///     assert_eq!(org.ous().len(), 7);
/// });
/// assert_eq!(json["resource"]["aws_organizations_organization"]["org_organization_6A1EDA35"]["feature_set"], "ALL");
/// ```
///
/// # Design
/// - **Organization.** `feature_set` `ALL`; the service access principals of the chosen
///   [`OrgService`]s (default all); service control policies enabled on the root. Every policy attachment
///   depends on the organization, so the policy type is enabled before anything is attached.
/// - **OU tree.** Given as paths (default [`DEFAULT_OUS`]: Security, Infrastructure, Workloads/Prod,
///   Workloads/NonProd, Sandbox, Suspended), at most 5 levels deep, parents created first. OU names carry
///   the environment suffix, like every physical name.
/// - **Accounts.** Email checked and unique; `close_on_deletion` pinned true so `terraform destroy` closes
///   them; the access role's name is ignored after creation (AWS does not report it back).
/// - **Guardrails.** Every top-level OU gets [`Guardrail::BASELINE`] (the security services cannot be
///   turned off, KMS keys cannot be scheduled for deletion, nobody leaves, the root user is idle, only the
///   allowed regions work), `Suspended` gets [`Guardrail::DenyAll`]; child OUs inherit. Each guardrail
///   exempts the break-glass roles and the accounts' access roles (`ArnNotLike aws:PrincipalARN`), so
///   baselines can still be applied and destroyed. The statements are packed into as few policies as fit
///   AWS's 5,120-character limit, shared by every OU with the same set; AWS's `FullAWSAccess` stays
///   attached (nothing here detaches it), so the guardrails only take away.
/// - **Delegated administrators.** GuardDuty and Security Hub through their own organization-admin
///   resources, CloudTrail through its own, Config (both principals), IAM Access Analyzer and IAM Identity
///   Center through `aws_organizations_delegated_administrator`. A delegation whose service is not trusted is an error.
#[derive(Clone, Debug)]
pub struct Organization {
    scope: Construct,
    organization: OrganizationsOrganization,
    ous: Vec<(String, OrganizationsOrganizationalUnit)>,
    accounts: Vec<OrgAccount>,
    policies: Vec<OrganizationsPolicy>,
    services: Vec<OrgService>,
    regions: Vec<String>,
    home_region: String,
    exempt: Vec<String>,
}

impl AsScope for Organization {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl Organization {
    /// Starts an organization with `id` under `scope`.
    ///
    /// ```
    /// use konductor_aws::organization::Organization;
    /// konductor_core::testing::synth(|stack| {
    ///     let e = Organization::builder(stack, "org").build().unwrap_err();
    ///     assert!(e.to_string().contains("no home region given"));
    /// });
    /// ```
    pub fn builder(scope: &impl AsScope, id: &str) -> OrganizationBuilder {
        OrganizationBuilder {
            parent: scope.scope().clone(),
            id: id.to_string(),
            services: OrgService::ALL.to_vec(),
            home_region: None,
            allowed_regions: None,
            ous: DEFAULT_OUS.iter().map(|s| s.to_string()).collect(),
            accounts: Vec::new(),
            delegations: Vec::new(),
            guardrails: Vec::new(),
            break_glass: Vec::new(),
            custom: Vec::new(),
        }
    }

    fn create(b: OrganizationBuilder, plan: Plan) -> Organization {
        let scope = Construct::new(&b.parent, &b.id);
        scope.scope().implements(
            nist_800_53::AC_2,
            "member accounts are created and closed through the organization, each in an OU, with a unique root email",
        );
        scope.scope().implements(
            nist_800_53::AC_3,
            "service control policies bound what any principal of a member account can do",
        );
        scope.scope().implements(
            nist_800_53::CM_6,
            "guardrail SCPs keep EBS default encryption on and restrict work to the allowed regions",
        );
        scope.scope().implements(
            nist_800_53::SC_7,
            "the region allowlist guardrail keeps every member account inside the allowed regions",
        );
        scope.scope().implements(
            nist_800_53::AU_9,
            "guardrail SCPs deny stopping, deleting or re-scoping CloudTrail trails and Config recorders",
        );
        scope.scope().implements(
            nist_800_53::SI_4,
            "GuardDuty, Security Hub, Config and Access Analyzer cannot be disabled, and are run by a delegated security account",
        );

        let mut principals: Vec<&str> = b.services.iter().map(|s| s.principal()).collect();
        principals.sort_unstable();
        principals.dedup();
        let organization = OrganizationsOrganization::builder(&scope, "organization")
            .feature_set("ALL")
            .aws_service_access_principals(principals)
            .enabled_policy_types(["SERVICE_CONTROL_POLICY"])
            .build();
        let root_id = organization.roots().expr().index(0).attr("id");

        let mut ous: Vec<(String, OrganizationsOrganizationalUnit)> = Vec::new();
        for path in &plan.ous {
            let parent_id = match ou_tree::parent(path).and_then(|p| ous.iter().find(|(o, _)| o == p)) {
                Some((_, parent)) => parent.id().into_expr(),
                None => root_id.clone(),
            };
            let ou = OrganizationsOrganizationalUnit::builder(&scope, &format!("ou-{}", slug(path)))
                .name(scope.name(ou_tree::leaf(path)))
                .parent_id(parent_id)
                .tags([("OuPath", path.as_str())])
                .build();
            ous.push((path.clone(), ou));
        }
        let ou_id = |path: &str| ous.iter().find(|(o, _)| o == path).map(|(_, ou)| ou.id());

        let mut accounts = Vec::new();
        for spec in &b.accounts {
            let mut tags = spec.tags.clone();
            tags.entry("AccountName".to_string()).or_insert_with(|| spec.name.clone());
            let mut builder = OrganizationsAccount::builder(&scope, &format!("account-{}", slug(&spec.name)))
                .name(spec.name.as_str())
                .email(spec.email.as_str())
                .role_name(spec.role_name.as_str())
                .tags(tags);
            builder = match spec.ou.as_deref().and_then(ou_id) {
                Some(id) => builder.parent_id(id),
                None => builder.parent_id(root_id.clone()),
            };
            let account = builder.build();
            account.lifecycle(Lifecycle::new().ignore_changes(["role_name"]));
            accounts.push(OrgAccount { spec: spec.clone(), account });
        }

        let mut policies = Vec::new();
        for policy in &plan.policies {
            policies.push(policy.create(&scope));
        }
        for (ou, indices) in &plan.attachments {
            let Some(target) = ou_id(ou) else { continue };
            for ix in indices {
                let policy = &policies[*ix];
                let attachment = OrganizationsPolicyAttachment::builder(
                    &scope,
                    &format!("attach-{}-{}", plan.policies[*ix].id, slug(ou)),
                )
                .policy_id(policy.id())
                .target_id(&target)
                .build();
                attachment.depends_on(&organization);
            }
        }

        for (service, account_name) in &b.delegations {
            let Some(account) = accounts.iter().find(|a| &a.spec.name == account_name) else { continue };
            let id = format!("delegated-{}", service.slug());
            match service {
                DelegatedService::GuardDuty => {
                    let r =
                        GuarddutyOrganizationAdminAccount::builder(&scope, &id).admin_account_id(account.id()).build();
                    r.depends_on(&organization);
                }
                DelegatedService::SecurityHub => {
                    let r = SecurityhubOrganizationAdminAccount::builder(&scope, &id)
                        .admin_account_id(account.id())
                        .build();
                    r.depends_on(&organization);
                }
                DelegatedService::CloudTrail => {
                    // TODO(full-l1): aws_cloudtrail_organization_delegated_admin_account has no typed binding yet.
                    let r = konductor_core::GenericResource::new(
                        &scope,
                        &id,
                        "aws_cloudtrail_organization_delegated_admin_account",
                    )
                    .set("account_id", account.id().into_expr());
                    r.depends_on(&organization);
                }
                DelegatedService::Config | DelegatedService::AccessAnalyzer | DelegatedService::IdentityCenter => {
                    for needed in service.needs() {
                        let principal = needed.principal();
                        let rid = if service.needs().len() > 1 {
                            format!("{id}-{}", principal.trim_end_matches(".amazonaws.com"))
                        } else {
                            id.clone()
                        };
                        let r = OrganizationsDelegatedAdministrator::builder(&scope, &rid)
                            .account_id(account.id())
                            .service_principal(principal)
                            .build();
                        r.depends_on(&organization);
                    }
                }
            }
        }

        Organization {
            scope,
            organization,
            ous,
            accounts,
            policies,
            services: b.services,
            regions: plan.regions,
            home_region: b.home_region.unwrap_or_default(),
            exempt: plan.exempt,
        }
    }

    /// The organization resource.
    pub fn organization(&self) -> &OrganizationsOrganization {
        &self.organization
    }

    /// The organization's id (`o-...`), known after apply.
    pub fn id(&self) -> Attr<String> {
        self.organization.id()
    }

    /// The root's id (`r-...`), known after apply.
    pub fn root_id(&self) -> Expr {
        self.organization.roots().expr().index(0).attr("id")
    }

    /// The OUs, by path, parents first.
    pub fn ous(&self) -> &[(String, OrganizationsOrganizationalUnit)] {
        &self.ous
    }

    /// The OU at `path` (`Workloads/Prod`).
    pub fn ou(&self, path: &str) -> Option<&OrganizationsOrganizationalUnit> {
        self.ous.iter().find(|(p, _)| p == path).map(|(_, ou)| ou)
    }

    /// The member accounts, in the order given.
    pub fn accounts(&self) -> &[OrgAccount] {
        &self.accounts
    }

    /// The member account named `name`.
    pub fn account(&self, name: &str) -> Option<&OrgAccount> {
        self.accounts.iter().find(|a| a.spec.name == name)
    }

    /// The service control policies created (guardrails, then custom ones).
    pub fn policies(&self) -> &[OrganizationsPolicy] {
        &self.policies
    }

    /// The trusted services.
    pub fn services(&self) -> &[OrgService] {
        &self.services
    }

    /// The home region.
    pub fn home_region(&self) -> &str {
        &self.home_region
    }

    /// The regions the region allowlist allows.
    pub fn allowed_regions(&self) -> &[String] {
        &self.regions
    }

    /// The ARN patterns every guardrail exempts.
    pub fn exempt_principals(&self) -> &[String] {
        &self.exempt
    }
}

#[cfg(test)]
mod tests {
    use super::{is_region, slug};

    #[test]
    fn regions_and_slugs() {
        for r in ["us-east-1", "eu-central-2", "us-gov-west-1", "ap-southeast-4"] {
            assert!(is_region(r), "{r}");
        }
        for r in ["", "us-east", "useast-1", "US-EAST-1", "us-east-1a", "u-east-1"] {
            assert!(!is_region(r), "{r}");
        }
        assert_eq!(slug("Workloads/Prod"), "workloads-prod");
        assert_eq!(slug("My OU/x_y"), "my-ou-x-y");
    }
}
