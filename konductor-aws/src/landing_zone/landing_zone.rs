//! [`LandingZone`]: the multi-account foundation. The organization and its accounts in the management
//! stack, and one stack per account for its baseline, each on a provider that assumes the account's
//! access role, with account ids flowing between stacks as references.

use konductor_core::{App, AsScope, Environment, Error, Expr, Problem, Result, Stack};

use super::access_roles::{third_party_audit_role, CrossAccountAccess};
use super::backup::CentralBackup;
use super::baseline::{AccountBaseline, ConfigDelivery};
use super::budget::AccountBudget;
use super::log_archive::LogArchive;
use super::org_trail::{OrganizationTrail, TrailDelivery};
use crate::iam::{ManagedPolicy, Principal, Role, RoleProps, Statement, Trust};
use crate::l1::config::{ConfigConfigurationAggregator, ConfigConfigurationAggregatorOrganizationAggregationSource};
use crate::l1::sns::SnsTopicSubscription;
use crate::organization::{
    email_problem, is_region, is_role_name, Account, DelegatedService, Organization, OrganizationBuilder,
};
use crate::providers::{AwsProvider, AwsProviderAssumeRole, AwsProviderDefaultTags};
use crate::s3::{Bucket, BucketProps};
use crate::security::{
    AnalyzerScope, AutomatedResponse, GuardDutyFilter, GuardDutyOnExisting, IdentityCenter, IdentityPrincipal,
    PermissionSet, SecurityHub, SecurityStandard,
};
use crate::sns::{Topic, TopicProps};

/// The role of an account in the landing zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccountKind {
    /// Holds the logs: trail, Config, flow logs, load balancer logs.
    LogArchive,
    /// Runs the security services for the organization (delegated administrator).
    SecurityTooling,
    /// Runs IAM Identity Center; people come in from here.
    Identity,
    /// Networking and shared services.
    SharedServices,
    /// Holds the central backup vaults.
    Backup,
    /// Runs workloads.
    Workload,
}

impl AccountKind {
    fn default_ou(self) -> &'static str {
        match self {
            AccountKind::LogArchive | AccountKind::SecurityTooling => "Security",
            AccountKind::Identity | AccountKind::SharedServices | AccountKind::Backup => "Infrastructure",
            AccountKind::Workload => "Workloads",
        }
    }
}

/// The monthly budget of an account unless [`LandingZoneBuilder::budget`] says otherwise, in USD.
pub const DEFAULT_BUDGET_USD: u32 = 1_000;

/// Builds a [`LandingZone`]; start with [`LandingZone::builder`].
#[derive(Clone, Debug)]
#[must_use = "call `.build()` to create the landing zone"]
pub struct LandingZoneBuilder {
    app: App,
    env: Environment,
    home_region: Option<String>,
    allowed_regions: Option<Vec<String>>,
    backup_region: Option<String>,
    accounts: Vec<(AccountKind, String, String, Option<String>)>,
    budgets: Vec<(String, u32)>,
    alert_emails: Vec<String>,
    threat_intel: Vec<(String, String)>,
    trusted_ips: Vec<(String, String)>,
    guardduty_filters: Vec<GuardDutyFilter>,
    access_role: Option<String>,
    assignments: Vec<(String, String, String)>,
    auditor: Option<(String, String)>,
    organization: Option<fn(OrganizationBuilder) -> OrganizationBuilder>,
}

impl LandingZoneBuilder {
    /// The home region (required).
    pub fn home_region(mut self, region: &str) -> Self {
        self.home_region = Some(region.to_string());
        self
    }

    /// The regions the region guardrail allows (default the home region and the backup region).
    pub fn allowed_regions<S: Into<String>>(mut self, regions: impl IntoIterator<Item = S>) -> Self {
        self.allowed_regions = Some(regions.into_iter().map(Into::into).collect());
        self
    }

    /// The region backups are copied to (required with a backup account).
    pub fn backup_copy_region(mut self, region: &str) -> Self {
        self.backup_region = Some(region.to_string());
        self
    }

    /// The log archive account, named `log-archive`.
    pub fn log_archive(self, email: &str) -> Self {
        self.with(AccountKind::LogArchive, "log-archive", email, None)
    }

    /// The security tooling account, named `security-tooling`: the delegated administrator of GuardDuty,
    /// Security Hub, Config, CloudTrail and IAM Access Analyzer.
    pub fn security_tooling(self, email: &str) -> Self {
        self.with(AccountKind::SecurityTooling, "security-tooling", email, None)
    }

    /// The identity account, named `identity`: IAM Identity Center's delegated administrator.
    pub fn identity(self, email: &str) -> Self {
        self.with(AccountKind::Identity, "identity", email, None)
    }

    /// The networking and shared services account, named `shared-services`.
    pub fn shared_services(self, email: &str) -> Self {
        self.with(AccountKind::SharedServices, "shared-services", email, None)
    }

    /// The backup account, named `backup`.
    pub fn backup(self, email: &str) -> Self {
        self.with(AccountKind::Backup, "backup", email, None)
    }

    /// A workload account `name` in the OU at `ou` (`Workloads/Prod`).
    pub fn workload(self, name: &str, ou: &str, email: &str) -> Self {
        self.with(AccountKind::Workload, name, email, Some(ou.to_string()))
    }

    fn with(mut self, kind: AccountKind, name: &str, email: &str, ou: Option<String>) -> Self {
        self.accounts.push((kind, name.to_string(), email.to_string(), ou));
        self
    }

    /// The monthly budget of account `name` in USD (default [`DEFAULT_BUDGET_USD`]).
    pub fn budget(mut self, name: &str, usd: u32) -> Self {
        self.budgets.push((name.to_string(), usd));
        self
    }

    /// Who hears about budgets, CIS alarms and high-severity findings (at least one address).
    pub fn alert_emails<S: Into<String>>(mut self, emails: impl IntoIterator<Item = S>) -> Self {
        self.alert_emails = emails.into_iter().map(Into::into).collect();
        self
    }

    /// A GuardDuty threat intelligence set (an S3 object URL).
    pub fn threat_intel_set(mut self, name: &str, location: &str) -> Self {
        self.threat_intel.push((name.to_string(), location.to_string()));
        self
    }

    /// A GuardDuty trusted IP set (an S3 object URL): addresses GuardDuty does not alert on, such as the
    /// company's scanners and egress.
    ///
    /// ```
    /// # use konductor_aws::landing_zone::LandingZone;
    /// # use konductor_core::{App, Environment};
    /// # let app = App::new();
    /// let b = LandingZone::builder(&app, &Environment::new("prod").unwrap())
    ///     .trusted_ip_set("office-egress", "https://s3.amazonaws.com/threat-intel-prod/office-egress.txt");
    /// # let _ = b;
    /// ```
    pub fn trusted_ip_set(mut self, name: &str, location: &str) -> Self {
        self.trusted_ips.push((name.to_string(), location.to_string()));
        self
    }

    /// A GuardDuty filter on the existing detector (a saved view, or automatic archiving of known-benign
    /// findings).
    ///
    /// ```
    /// # use konductor_aws::landing_zone::LandingZone;
    /// # use konductor_core::{App, Environment};
    /// use konductor_aws::security::GuardDutyFilter;
    /// # let app = App::new();
    /// let b = LandingZone::builder(&app, &Environment::new("prod").unwrap())
    ///     .guardduty_filter(GuardDutyFilter::view("high-severity", 1).at_least("severity", "7"));
    /// # let _ = b;
    /// ```
    pub fn guardduty_filter(mut self, filter: GuardDutyFilter) -> Self {
        self.guardduty_filters.push(filter);
        self
    }

    /// The role every account stack's provider assumes in its account, and the role AWS Organizations
    /// creates in each new account (default `OrganizationAccountAccessRole`).
    ///
    /// ```
    /// # use konductor_aws::landing_zone::LandingZone;
    /// # use konductor_core::{App, Environment};
    /// # let app = App::new();
    /// let b = LandingZone::builder(&app, &Environment::new("prod").unwrap()).access_role("LandingZoneAdmin");
    /// # let _ = b;
    /// ```
    pub fn access_role(mut self, role: &str) -> Self {
        self.access_role = Some(role.to_string());
        self
    }

    /// Gives the Identity Store group `group_id` the permission set `set` (`DevOpsAdmin`,
    /// `DeveloperReadOnly`, `SecurityAudit`) in account `account`.
    pub fn assign(mut self, set: &str, group_id: &str, account: &str) -> Self {
        self.assignments.push((set.to_string(), group_id.to_string(), account.to_string()));
        self
    }

    /// A third-party auditor's account and the external id it must pass, for a `SecurityAudit` role in
    /// the security tooling account.
    pub fn third_party_auditor(mut self, account_id: &str, external_id: &str) -> Self {
        self.auditor = Some((account_id.to_string(), external_id.to_string()));
        self
    }

    /// Adjusts the organization (guardrails, OUs, services) before it is built.
    pub fn organization(mut self, adjust: fn(OrganizationBuilder) -> OrganizationBuilder) -> Self {
        self.organization = Some(adjust);
        self
    }

    fn check(&self) -> Vec<Problem> {
        let at = "landing-zone";
        let mut problems = Vec::new();
        let mut p = |m: String, fix: &str| problems.push(Problem::new(at, m).with_fix(fix));
        for kind in [AccountKind::LogArchive, AccountKind::SecurityTooling] {
            if !self.accounts.iter().any(|(k, ..)| *k == kind) {
                p(
                    format!("the landing zone has no {kind:?} account"),
                    "add it: `.log_archive(email)`, `.security_tooling(email)`",
                );
            }
        }
        for kind in [
            AccountKind::LogArchive,
            AccountKind::SecurityTooling,
            AccountKind::Identity,
            AccountKind::SharedServices,
            AccountKind::Backup,
        ] {
            if self.accounts.iter().filter(|(k, ..)| *k == kind).count() > 1 {
                p(format!("the {kind:?} account is given twice"), "give each shared account once");
            }
        }
        if let Some(role) = self.access_role.as_deref().filter(|r| !is_role_name(r)) {
            p(format!("access role `{role}` is not an IAM role name"), "use 1 to 64 letters, digits and `+=,.@_-`");
        }
        if self.alert_emails.is_empty() {
            p(
                "no alert emails given".into(),
                "call `.alert_emails([\"secops@example.com\"])`: budgets, CIS alarms and findings need someone to tell",
            );
        }
        for e in &self.alert_emails {
            if let Some(why) = email_problem(e) {
                p(format!("alert email `{e}` {why}"), "give the address of a mailbox your team reads");
            }
        }
        let has_backup = self.accounts.iter().any(|(k, ..)| *k == AccountKind::Backup);
        match (&self.backup_region, &self.home_region) {
            (None, _) if has_backup => p(
                "a backup account without a copy region".into(),
                "call `.backup_copy_region(\"us-west-2\")`: backups are copied to a second region",
            ),
            (Some(b), _) if !is_region(b) => {
                p(format!("backup copy region `{b}` is not an AWS region name"), "use a region such as `us-west-2`")
            }
            (Some(b), Some(h)) if b == h => p(
                format!("backup copy region {b} is the home region"),
                "copy backups to another region, so one region's loss keeps them",
            ),
            _ => {}
        }
        for (name, usd) in &self.budgets {
            if !self.accounts.iter().any(|(_, n, ..)| n == name) {
                p(format!("budget for account `{name}`, which is not in the landing zone"), "name one of its accounts");
            }
            if *usd == 0 {
                p(format!("budget of 0 USD for account `{name}`"), "give the monthly limit in US dollars");
            }
        }
        for (set, _, account) in &self.assignments {
            if !self.accounts.iter().any(|(_, n, ..)| n == account) {
                p(
                    format!(
                        "permission set `{set}` is assigned in account `{account}`, which is not in the landing zone"
                    ),
                    "name one of its accounts",
                );
            }
        }
        if !self.assignments.is_empty() && !self.accounts.iter().any(|(k, ..)| *k == AccountKind::Identity) {
            p("permission sets are assigned but there is no identity account".into(), "add it with `.identity(email)`");
        }
        problems
    }

    /// Checks everything, then creates the stacks; every problem at once.
    pub fn build(self) -> Result<LandingZone> {
        let mut problems = self.check();
        if !problems.is_empty() {
            return Err(if problems.len() == 1 {
                Error::Invalid(problems.remove(0))
            } else {
                Error::Synthesis(problems)
            });
        }
        LandingZone::create(self)
    }
}

/// One account's stack.
#[derive(Clone, Debug)]
pub struct AccountStack {
    kind: AccountKind,
    name: String,
    stack: Stack,
    baseline: AccountBaseline,
}

impl AccountStack {
    /// What the account is for.
    pub fn kind(&self) -> AccountKind {
        self.kind
    }

    /// The account's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The stack.
    pub fn stack(&self) -> &Stack {
        &self.stack
    }

    /// The account's baseline.
    pub fn baseline(&self) -> &AccountBaseline {
        &self.baseline
    }
}

/// The multi-account landing zone: the organization (OUs, accounts, guardrails, delegated
/// administrators, budgets) in the `management` stack, and one stack per account with its
/// [`AccountBaseline`] and role, each on a provider assuming the account's access role.
///
/// | stack | account | holds |
/// | --- | --- | --- |
/// | `management` | management | [`Organization`], budgets of every account |
/// | `log-archive` | log archive | [`LogArchive`] |
/// | `management-security` | management | [`OrganizationTrail`] with the CIS alarms, the management baseline |
/// | `security-tooling` | security tooling | [`SecurityHub`], [`GuardDutyOnExisting`], the Config aggregator, the auditor role |
/// | `identity` | identity | [`IdentityCenter`] permission sets and assignments |
/// | `shared-services` | shared services | the baseline |
/// | `backup` | backup | [`CentralBackup`] |
/// | `workload-<name>` | each workload | [`CrossAccountAccess`] from the identity account |
///
/// ```
/// use konductor_aws::landing_zone::LandingZone;
/// use konductor_core::{App, Environment};
/// let app = App::new();
/// let lz = LandingZone::builder(&app, &Environment::new("prod").unwrap())
///     .home_region("us-east-1")
///     .log_archive("aws+log-archive@example.com")
///     .security_tooling("aws+security@example.com")
///     .workload("prod", "Workloads/Prod", "aws+prod@example.com")
///     .alert_emails(["secops@example.com"])
///     .build()
///     .unwrap();
/// assert_eq!(app.stack_names(), ["management", "log-archive", "management-security", "security-tooling", "workload-prod"]);
/// # let _ = lz;
/// ```
#[derive(Clone, Debug)]
pub struct LandingZone {
    management: Stack,
    organization: Organization,
    accounts: Vec<AccountStack>,
    log_archive: LogArchive,
    trail: OrganizationTrail,
}

impl LandingZone {
    /// Starts a landing zone in `app`, every stack in environment `env`.
    pub fn builder(app: &App, env: &Environment) -> LandingZoneBuilder {
        LandingZoneBuilder {
            app: app.clone(),
            env: env.clone(),
            home_region: None,
            allowed_regions: None,
            backup_region: None,
            accounts: Vec::new(),
            budgets: Vec::new(),
            alert_emails: Vec::new(),
            threat_intel: Vec::new(),
            trusted_ips: Vec::new(),
            guardduty_filters: Vec::new(),
            access_role: None,
            assignments: Vec::new(),
            auditor: None,
            organization: None,
        }
    }

    fn create(b: LandingZoneBuilder) -> Result<Self> {
        let home = b.home_region.clone().unwrap_or_default();
        let tags = |stack: &Stack, account: &str| {
            AwsProviderDefaultTags::builder()
                .tags([("LandingZone", stack.environment().to_string()), ("Account", account.to_string())])
                .build()
        };

        // The management stack: the organization.
        let management = Stack::new(&b.app, "management", &b.env);
        AwsProvider::builder(&management, "aws")
            .region(home.as_str())
            .default_tags(vec![tags(&management, "management")])
            .build();
        let mut org = Organization::builder(&management, "organization").home_region(&home);
        let mut regions = b.allowed_regions.clone().unwrap_or_else(|| vec![home.clone()]);
        if b.allowed_regions.is_none() {
            if let Some(r) = &b.backup_region {
                regions.push(r.clone());
            }
        }
        org = org.allowed_regions(regions);
        for (kind, name, email, ou) in &b.accounts {
            let mut account = Account::new(name, email).ou(ou.clone().unwrap_or_else(|| kind.default_ou().to_string()));
            if let Some(role) = &b.access_role {
                account = account.access_role(role.as_str());
            }
            org = org.account(account);
        }
        let security = b.accounts.iter().find(|(k, ..)| *k == AccountKind::SecurityTooling).map(|(_, n, ..)| n.clone());
        if let Some(s) = &security {
            org = org.delegate_security_services(s);
        }
        if let Some((_, n, ..)) = b.accounts.iter().find(|(k, ..)| *k == AccountKind::Identity) {
            org = org.delegate(DelegatedService::IdentityCenter, n);
        }
        if let Some(adjust) = b.organization {
            org = adjust(org);
        }
        let organization = org.build()?;
        let emails: Vec<&str> = b.alert_emails.iter().map(String::as_str).collect();
        for a in organization.accounts() {
            let name = a.spec().name();
            let usd = b.budgets.iter().rev().find(|(n, _)| n == name).map_or(DEFAULT_BUDGET_USD, |(_, u)| *u);
            AccountBudget::new(&management, &format!("budget-{name}"), a.id(), usd, None, &emails)?;
        }

        // One stack per member account, on a provider assuming its access role.
        let account_stack = |name: &str, stack_id: &str| -> Stack {
            let stack = Stack::new(&b.app, stack_id, &b.env);
            stack.depends_on(&management);
            let account = organization.account(name).map(|a| a.access_role_arn()).unwrap_or_else(|| Expr::raw("null"));
            AwsProvider::builder(&stack, "aws")
                .region(home.as_str())
                .assume_role(vec![AwsProviderAssumeRole::builder()
                    .role_arn(account)
                    .session_name("landing-zone")
                    .build()])
                .default_tags(vec![tags(&stack, name)])
                .build();
            stack
        };
        let name_of = |kind: AccountKind| b.accounts.iter().find(|(k, ..)| *k == kind).map(|(_, n, ..)| n.clone());

        let trail_name = management.name("org-trail");
        let log_name = name_of(AccountKind::LogArchive).unwrap_or_default();
        let log_stack = account_stack(&log_name, "log-archive");
        let log_archive = LogArchive::new(&log_stack, "log-archive", &home, &trail_name)?;
        let delivery = || {
            ConfigDelivery::new(
                log_archive.config_bucket().bucket().id(),
                log_archive.config_bucket().arn(),
                log_archive.key().arn(),
            )
        };
        let mut accounts = Vec::new();
        let baseline = AccountBaseline::new(&log_stack, "baseline", delivery(), AnalyzerScope::Account)?;
        accounts.push(AccountStack {
            kind: AccountKind::LogArchive,
            name: log_name,
            stack: log_stack.clone(),
            baseline,
        });

        // The management account's security: the organization trail, CIS alarms, its own baseline.
        let mgmt_security = Stack::new(&b.app, "management-security", &b.env);
        mgmt_security.depends_on(&management);
        mgmt_security.depends_on(&log_stack);
        AwsProvider::builder(&mgmt_security, "aws")
            .region(home.as_str())
            .default_tags(vec![tags(&mgmt_security, "management")])
            .build();
        let alerts = alert_topic(&mgmt_security, "security-alerts", "cloudwatch", &b.alert_emails)?;
        let trail = OrganizationTrail::new(
            &mgmt_security,
            "org-trail",
            &trail_name,
            TrailDelivery::new(log_archive.trail_bucket().bucket().id(), log_archive.key().arn()),
            alerts.arn(),
        )?;
        AccountBaseline::new(&mgmt_security, "baseline", delivery(), AnalyzerScope::Account)?;

        let identity_name = name_of(AccountKind::Identity);
        let identity_id: Option<Expr> =
            identity_name.as_ref().and_then(|n| organization.account(n)).map(|a| a.id().into_expr());
        let mut order = b.accounts.clone();
        order.sort_by_key(|(k, ..)| *k);
        for (kind, name, ..) in &order {
            let stack_id = match kind {
                AccountKind::LogArchive => continue,
                AccountKind::SecurityTooling => "security-tooling".to_string(),
                AccountKind::Identity => "identity".to_string(),
                AccountKind::SharedServices => "shared-services".to_string(),
                AccountKind::Backup => "backup".to_string(),
                AccountKind::Workload => format!("workload-{name}"),
            };
            let stack = account_stack(name, &stack_id);
            stack.depends_on(&log_stack);
            let analyzer = if *kind == AccountKind::SecurityTooling {
                AnalyzerScope::Organization
            } else {
                AnalyzerScope::Account
            };
            let baseline = AccountBaseline::new(&stack, "baseline", delivery(), analyzer)?;
            match kind {
                AccountKind::SecurityTooling => security_tooling(&stack, &b)?,
                AccountKind::Identity => {
                    let mut ic = IdentityCenter::builder(&stack, "identity-center")
                        .permission_set(PermissionSet::devops_admin())
                        .permission_set(PermissionSet::developer_read_only())
                        .permission_set(PermissionSet::security_audit());
                    for (set, group, account) in &b.assignments {
                        if let Some(a) = organization.account(account) {
                            ic = ic.assign(
                                &format!("{}-{account}", set.to_ascii_lowercase()),
                                set,
                                IdentityPrincipal::group(group.as_str()),
                                a.id(),
                            );
                        }
                    }
                    ic.build()?;
                }
                AccountKind::Backup => {
                    let copy_region = b.backup_region.clone().unwrap_or_default();
                    let role =
                        organization.account(name).map(|a| a.access_role_arn()).unwrap_or_else(|| Expr::raw("null"));
                    let copy = AwsProvider::builder(&stack, "copy-region")
                        .region(copy_region.as_str())
                        .alias("copy_region")
                        .assume_role(vec![AwsProviderAssumeRole::builder()
                            .role_arn(role)
                            .session_name("landing-zone")
                            .build()])
                        .default_tags(vec![tags(&stack, name)])
                        .build();
                    CentralBackup::new(&stack, "central-backup", &copy)?;
                }
                AccountKind::Workload | AccountKind::SharedServices => {
                    if let Some(id) = &identity_id {
                        CrossAccountAccess::new(&stack, "cross-account-access", id.clone())?;
                    }
                }
                AccountKind::LogArchive => {}
            }
            accounts.push(AccountStack { kind: *kind, name: name.clone(), stack, baseline });
        }
        Ok(LandingZone { management, organization, accounts, log_archive, trail })
    }

    /// The management stack.
    pub fn management(&self) -> &Stack {
        &self.management
    }

    /// The organization.
    pub fn organization(&self) -> &Organization {
        &self.organization
    }

    /// The member accounts' stacks, log archive first.
    pub fn accounts(&self) -> &[AccountStack] {
        &self.accounts
    }

    /// The log archive.
    pub fn log_archive(&self) -> &LogArchive {
        &self.log_archive
    }

    /// The organization trail.
    pub fn trail(&self) -> &OrganizationTrail {
        &self.trail
    }
}

/// A topic that `service` (`cloudwatch`, `events`) publishes to, with an email subscription per address.
pub(crate) fn alert_topic(scope: &impl AsScope, id: &str, service: &str, emails: &[String]) -> Result<Topic> {
    let topic = Topic::new(scope, id, TopicProps::builder().name(id).build()?)?;
    topic.grant_publish_to_service(service)?;
    for (i, email) in emails.iter().enumerate() {
        SnsTopicSubscription::builder(scope, &format!("{id}-email-{}", i + 1))
            .topic_arn(topic.arn())
            .protocol("email")
            .endpoint(email.as_str())
            .build();
    }
    Ok(topic)
}

/// The security tooling account's services.
fn security_tooling(stack: &Stack, b: &LandingZoneBuilder) -> Result<()> {
    SecurityHub::new(stack, "security-hub", SecurityStandard::ALL);
    let findings = alert_topic(stack, "security-findings", "events", &b.alert_emails)?;
    let export = Bucket::new(stack, "guardduty-findings", BucketProps::builder().name("guardduty-findings").build()?)?;
    let cx = export.context().clone();
    if let Some(key) = export.key() {
        key.add_to_key_policy(
            Statement::allow()
                .sid("AllowGuardDutyExport")
                .principal(Principal::service("guardduty.amazonaws.com"))
                .action("kms:GenerateDataKey")
                .resource("*")
                .condition(crate::iam::Condition::source_account(cx.account_id())),
        )?;
    }
    export.add_to_resource_policy(
        Statement::allow()
            .sid("GuardDutyExport")
            .principal(Principal::service("guardduty.amazonaws.com"))
            .actions(["s3:GetBucketLocation", "s3:PutObject"])
            .resources([export.arn().into(), crate::iam::PolicyValue::from(export.objects_arn())])
            .condition(crate::iam::Condition::source_account(cx.account_id())),
    )?;
    let mut gd = GuardDutyOnExisting::builder(stack, "guardduty")
        .publishing_destination(
            export.arn(),
            export.key().map(|k| k.arn().into_expr()).unwrap_or_else(|| Expr::raw("null")),
        )
        .alert_topic(findings.arn())
        .automated_response(AutomatedResponse::StopInstance);
    for (name, location) in &b.threat_intel {
        gd = gd.threat_intel_set(name, location.as_str());
    }
    for (name, location) in &b.trusted_ips {
        gd = gd.trusted_ip_set(name, location.as_str());
    }
    for filter in &b.guardduty_filters {
        gd = gd.filter(filter.clone());
    }
    gd.build()?;
    let aggregator_role = Role::new(
        stack,
        "config-aggregator",
        RoleProps::builder()
            .name("config-aggregator")
            .description("AWS Config: aggregates the organization's configuration")
            .trust(Trust::service("config").from_this_account())
            .managed_policy(ManagedPolicy::aws("service-role/AWSConfigRoleForOrganizations"))
            .build()?,
    )?;
    ConfigConfigurationAggregator::builder(stack, "config-aggregator-organization")
        .name(stack.name("organization"))
        .organization_aggregation_source(
            ConfigConfigurationAggregatorOrganizationAggregationSource::builder()
                .all_regions(true)
                .role_arn(aggregator_role.arn())
                .build(),
        )
        .build();
    if let Some((account, external_id)) = &b.auditor {
        third_party_audit_role(stack, "third-party-auditor", account, external_id)?;
    }
    Ok(())
}
