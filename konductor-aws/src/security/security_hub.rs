//! [`SecurityHub`]: Security Hub in the security tooling account, run for the organization: the
//! standards, a cross-region finding aggregator and custom insights for critical and high findings.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Construct, Scope};

use crate::context::AwsContext;
use crate::l1::securityhub::{
    SecurityhubAccount, SecurityhubFindingAggregator, SecurityhubInsight, SecurityhubInsightFilters,
    SecurityhubInsightFiltersRecordState, SecurityhubInsightFiltersSeverityLabel,
    SecurityhubInsightFiltersWorkflowStatus, SecurityhubOrganizationConfiguration, SecurityhubStandardsSubscription,
};

/// A Security Hub standard.
///
/// ```
/// use konductor_aws::security::SecurityStandard;
/// assert_eq!(SecurityStandard::Nist80053.path(), "standards/nist-800-53/v/5.0.0");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecurityStandard {
    /// AWS Foundational Security Best Practices v1.0.0.
    FoundationalBestPractices,
    /// CIS AWS Foundations Benchmark v3.0.0.
    CisFoundations,
    /// NIST SP 800-53 Rev. 5.
    Nist80053,
}

impl SecurityStandard {
    /// Every standard, the default.
    pub const ALL: &'static [SecurityStandard] =
        &[SecurityStandard::FoundationalBestPractices, SecurityStandard::CisFoundations, SecurityStandard::Nist80053];

    /// The standard's ARN after `arn:<partition>:securityhub:<region>::`.
    pub fn path(self) -> &'static str {
        match self {
            SecurityStandard::FoundationalBestPractices => "standards/aws-foundational-security-best-practices/v/1.0.0",
            SecurityStandard::CisFoundations => "standards/cis-aws-foundations-benchmark/v/3.0.0",
            SecurityStandard::Nist80053 => "standards/nist-800-53/v/5.0.0",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            SecurityStandard::FoundationalBestPractices => "fsbp",
            SecurityStandard::CisFoundations => "cis",
            SecurityStandard::Nist80053 => "nist-800-53",
        }
    }
}

/// The custom insights: findings of a severity, still active and not resolved, grouped by what they are
/// about.
///
/// ```
/// use konductor_aws::security::SECURITY_HUB_INSIGHTS;
/// assert!(SECURITY_HUB_INSIGHTS.contains(&("critical-by-resource", "CRITICAL", "ResourceId")));
/// ```
pub const SECURITY_HUB_INSIGHTS: &[(&str, &str, &str)] = &[
    ("critical-by-resource", "CRITICAL", "ResourceId"),
    ("critical-by-account", "CRITICAL", "AwsAccountId"),
    ("high-by-resource", "HIGH", "ResourceId"),
    ("high-by-account", "HIGH", "AwsAccountId"),
];

/// Security Hub for the organization, from its delegated administrator: the account enabled with
/// consolidated control findings, new member accounts enrolled automatically, the
/// [`SecurityStandard`]s, findings of every region aggregated here, and [`SECURITY_HUB_INSIGHTS`].
///
/// ```
/// use konductor_aws::security::{SecurityHub, SecurityStandard};
/// let json = konductor_core::testing::synth(|stack| {
///     SecurityHub::new(stack, "security-hub", SecurityStandard::ALL);
/// });
/// assert_eq!(json["resource"]["aws_securityhub_standards_subscription"].as_object().unwrap().len(), 3);
/// assert_eq!(json["resource"]["aws_securityhub_insight"].as_object().unwrap().len(), 4);
/// ```
#[derive(Clone, Debug)]
pub struct SecurityHub {
    scope: Construct,
    account: SecurityhubAccount,
    standards: Vec<SecurityhubStandardsSubscription>,
    insights: Vec<SecurityhubInsight>,
}

impl AsScope for SecurityHub {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl SecurityHub {
    /// Security Hub under `scope` with `id`, subscribed to `standards`.
    pub fn new(scope: &impl AsScope, id: &str, standards: &[SecurityStandard]) -> Self {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::SI_4,
            "Security Hub collects findings of every account and region in the security tooling account",
        );
        scope.scope().implements(
            nist_800_53::CA_7,
            "the FSBP, CIS and NIST 800-53 standards evaluate every account continuously",
        );
        scope
            .scope()
            .implements(nist_800_53::RA_5, "custom insights rank critical and high findings by resource and account");
        let cx = AwsContext::new(&scope);
        let account = SecurityhubAccount::builder(&scope, "hub")
            .enable_default_standards(false)
            .auto_enable_controls(true)
            .control_finding_generator("SECURITY_CONTROL")
            .build();
        let organization = SecurityhubOrganizationConfiguration::builder(&scope, "organization")
            .auto_enable(true)
            .auto_enable_standards("DEFAULT")
            .build();
        organization.depends_on(&account);
        let mut subscribed = Vec::new();
        for standard in standards {
            let s = SecurityhubStandardsSubscription::builder(&scope, &format!("standard-{}", standard.slug()))
                .standards_arn(template!("arn:{}:securityhub:{}::{}", cx.partition(), cx.region(), standard.path()))
                .build();
            s.depends_on(&account);
            subscribed.push(s);
        }
        let aggregator =
            SecurityhubFindingAggregator::builder(&scope, "finding-aggregator").linking_mode("ALL_REGIONS").build();
        aggregator.depends_on(&account);
        let insights = create_insights(&scope, Some(&account));
        SecurityHub { scope, account, standards: subscribed, insights }
    }

    /// The custom insights of [`SECURITY_HUB_INSIGHTS`] alone, under `scope` with `id`, for an account
    /// whose Security Hub is already enabled (by the organization's delegated administrator).
    ///
    /// ```
    /// use konductor_aws::security::SecurityHub;
    /// let json = konductor_core::testing::synth(|stack| {
    ///     assert_eq!(SecurityHub::insights_on_existing(stack, "insights").len(), 4);
    /// });
    /// assert!(json["resource"].get("aws_securityhub_account").is_none());
    /// ```
    pub fn insights_on_existing(scope: &impl AsScope, id: &str) -> Vec<SecurityhubInsight> {
        let scope = Construct::new(scope, id);
        scope
            .scope()
            .implements(nist_800_53::RA_5, "custom insights rank critical and high findings by resource and account");
        create_insights(&scope, None)
    }

    /// The Security Hub account resource.
    pub fn account(&self) -> &SecurityhubAccount {
        &self.account
    }

    /// The standards subscriptions.
    pub fn standards(&self) -> &[SecurityhubStandardsSubscription] {
        &self.standards
    }

    /// The custom insights, in the order of [`SECURITY_HUB_INSIGHTS`].
    pub fn insights(&self) -> &[SecurityhubInsight] {
        &self.insights
    }
}

/// The insights of [`SECURITY_HUB_INSIGHTS`] under `scope`, after `account` when Security Hub is enabled here.
fn create_insights(scope: &Construct, account: Option<&SecurityhubAccount>) -> Vec<SecurityhubInsight> {
    let mut insights = Vec::new();
    for (name, severity, group_by) in SECURITY_HUB_INSIGHTS {
        let insight = SecurityhubInsight::builder(scope, &format!("insight-{name}"))
            .name(scope.name(name).as_str())
            .group_by_attribute(*group_by)
            .filters(
                SecurityhubInsightFilters::builder()
                    .severity_label(vec![SecurityhubInsightFiltersSeverityLabel::builder()
                        .comparison("EQUALS")
                        .value(*severity)
                        .build()])
                    .record_state(vec![SecurityhubInsightFiltersRecordState::builder()
                        .comparison("EQUALS")
                        .value("ACTIVE")
                        .build()])
                    .workflow_status(vec![
                        SecurityhubInsightFiltersWorkflowStatus::builder().comparison("EQUALS").value("NEW").build(),
                        SecurityhubInsightFiltersWorkflowStatus::builder()
                            .comparison("EQUALS")
                            .value("NOTIFIED")
                            .build(),
                    ])
                    .build(),
            )
            .build();
        if let Some(account) = account {
            insight.depends_on(account);
        }
        insights.push(insight);
    }
    insights
}
