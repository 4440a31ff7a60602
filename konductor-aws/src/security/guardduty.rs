//! [`GuardDutyOnExisting`]: GuardDuty configured on the detector that already exists, read by reference;
//! and the synthesis check that refuses to create one.
//!
//! A GuardDuty detector is an account-level, per-region resource: in an organization the delegated
//! administrator enables it in every account, so it exists before any stack runs. A second
//! `aws_guardduty_detector` fails to apply, and destroying one that Terraform adopted turns GuardDuty off
//! for the account. konductor therefore reads the detector with `data.aws_guardduty_detector`, and an
//! `aws_guardduty_detector` (there is no typed binding; a generic resource or an override) is an error at
//! synthesis that says why.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Construct, Error, IntoValue, Problem, Result, Scope, Val};

use crate::context::AwsContext;
use crate::iam::{PolicyDocument, Role, RoleProps, Statement, Trust};
use crate::l1::events::{CloudwatchEventRule, CloudwatchEventTarget, CloudwatchEventTargetInputTransformer};
use crate::l1::guardduty::{
    DataGuarddutyDetector, GuarddutyFilter, GuarddutyFilterFindingCriteria, GuarddutyFilterFindingCriteriaCriterion,
    GuarddutyIpset, GuarddutyPublishingDestination, GuarddutyThreatintelset,
};
use crate::network::child_path;

/// The synthesis check of `aws_guardduty_detector`: always an error, with the reason and the fix.
pub(crate) fn refuse_detector(
    _: &serde_json::Value,
    _: &konductor_core::rules::CheckContext<'_>,
) -> Vec<(String, String)> {
    vec![(
        "creates a GuardDuty detector: the detector is an account-level resource that already exists (the \
         organization's delegated administrator enables it in every account and region), so a second one fails \
         to apply and destroying it would turn GuardDuty off"
            .to_string(),
        "read the existing detector with `data.aws_guardduty_detector` (konductor_aws::security::GuardDutyOnExisting) \
         and configure it from there"
            .to_string(),
    )]
}

/// The lowest severity of a GuardDuty finding that counts as high.
pub const HIGH_SEVERITY: f64 = 7.0;

/// What a filter does with the findings it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterAction {
    /// Keep them (a saved view).
    Noop,
    /// Archive them automatically (suppression of known-benign findings).
    Archive,
}

/// A GuardDuty filter: a name, a rank, what to do, and criteria on finding fields.
///
/// ```
/// use konductor_aws::security::GuardDutyFilter;
/// let scanner = GuardDutyFilter::archive("trusted-scanner", 1)
///     .equals("service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", ["203.0.113.10"])
///     .equals("type", ["Recon:EC2/Portscan"]);
/// # let _ = scanner;
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct GuardDutyFilter {
    name: String,
    rank: u32,
    action: FilterAction,
    equals: Vec<(String, Vec<String>)>,
    at_least: Vec<(String, String)>,
}

impl GuardDutyFilter {
    /// A filter that archives what it matches.
    pub fn archive(name: &str, rank: u32) -> Self {
        GuardDutyFilter {
            name: name.to_string(),
            rank,
            action: FilterAction::Archive,
            equals: vec![],
            at_least: vec![],
        }
    }

    /// A filter that only selects (a saved view).
    pub fn view(name: &str, rank: u32) -> Self {
        GuardDutyFilter { name: name.to_string(), rank, action: FilterAction::Noop, equals: vec![], at_least: vec![] }
    }

    /// Matches findings whose `field` is one of `values`.
    pub fn equals<S: Into<String>>(mut self, field: &str, values: impl IntoIterator<Item = S>) -> Self {
        self.equals.push((field.to_string(), values.into_iter().map(Into::into).collect()));
        self
    }

    /// Matches findings whose `field` is at least `value` (`severity`, `7`).
    pub fn at_least(mut self, field: &str, value: &str) -> Self {
        self.at_least.push((field.to_string(), value.to_string()));
        self
    }
}

/// What runs automatically on a high-severity finding, besides the notification.
#[derive(Clone, Debug, PartialEq)]
pub enum AutomatedResponse {
    /// An SSM Automation runbook (for example `AWS-StopEC2Instance`), started by EventBridge with
    /// `role_arn`, given the finding's instance id as `InstanceId`.
    SsmAutomation {
        /// The runbook's name.
        document: String,
        /// The role EventBridge passes to start it (allowed `ssm:StartAutomationExecution`).
        role_arn: Val,
    },
    /// Stops the instance a finding is about, with AWS's `AWS-StopEC2Instance` runbook, started by a role
    /// made for it (`guardduty-responder`: start that runbook, describe and stop this account's
    /// instances, nothing else).
    StopInstance,
}

/// The runbook [`AutomatedResponse::StopInstance`] starts.
pub const STOP_INSTANCE_RUNBOOK: &str = "AWS-StopEC2Instance";

/// The role EventBridge starts the stop-instance runbook with.
fn stop_instance_role(scope: &Construct, cx: &AwsContext) -> Result<Role> {
    let runbook = template!(
        "arn:{}:ssm:{}:{}:automation-definition/{}:*",
        cx.partition(),
        cx.region(),
        cx.account_id(),
        STOP_INSTANCE_RUNBOOK
    );
    let instances = template!("arn:{}:ec2:{}:{}:instance/*", cx.partition(), cx.region(), cx.account_id());
    Role::new(
        scope,
        "responder",
        RoleProps::builder()
            .name("guardduty-responder")
            .description("EventBridge: stops an instance GuardDuty reports as compromised")
            .trust(Trust::service("events").from_this_account())
            .inline_policy(
                "stop-instance",
                PolicyDocument::new()
                    .statement(
                        Statement::allow().sid("StartRunbook").action("ssm:StartAutomationExecution").resource(runbook),
                    )
                    .statement(
                        Statement::allow()
                            .sid("StopInstances")
                            .actions(["ec2:DescribeInstanceStatus", "ec2:StopInstances"])
                            .resource(instances),
                    ),
            )
            .context(cx.clone())
            .build()?,
    )
}

/// Builds a [`GuardDutyOnExisting`]; start with [`GuardDutyOnExisting::builder`].
#[derive(Clone, Debug)]
#[must_use = "call `.build()` to configure GuardDuty"]
pub struct GuardDutyOnExistingBuilder {
    parent: Scope,
    id: String,
    threat_intel: Vec<(String, Val)>,
    trusted_ips: Vec<(String, Val)>,
    publishing: Option<(Val, Val)>,
    filters: Vec<GuardDutyFilter>,
    alert_topic: Option<Val>,
    min_severity: f64,
    response: Option<AutomatedResponse>,
}

fn check_location(at: &str, what: &str, name: &str, location: &Val, problems: &mut Vec<Problem>) {
    if let Some(text) = location.as_str() {
        if !(text.starts_with("https://") || text.starts_with("s3://")) {
            problems.push(
                Problem::new(at, format!("{what} `{name}` location `{text}` is not an S3 object URL"))
                    .with_fix("give `https://s3.amazonaws.com/BUCKET/KEY` (or `s3://BUCKET/KEY`)"),
            );
        }
    }
}

impl GuardDutyOnExistingBuilder {
    /// A threat intelligence feed: a list of known-malicious IPs and domains in S3 (plain text, one a
    /// line), that GuardDuty alerts on.
    pub fn threat_intel_set(mut self, name: &str, location: impl IntoValue<String>) -> Self {
        self.threat_intel.push((name.to_string(), location.into_val()));
        self
    }

    /// A list of trusted IPs in S3 (plain text), that GuardDuty does not alert on.
    pub fn trusted_ip_set(mut self, name: &str, location: impl IntoValue<String>) -> Self {
        self.trusted_ips.push((name.to_string(), location.into_val()));
        self
    }

    /// Exports every finding to the S3 bucket `bucket_arn`, encrypted with the KMS key `key_arn` (the
    /// bucket and key policies must let `guardduty.amazonaws.com` write and encrypt).
    pub fn publishing_destination(
        mut self,
        bucket_arn: impl IntoValue<String>,
        key_arn: impl IntoValue<String>,
    ) -> Self {
        self.publishing = Some((bucket_arn.into_val(), key_arn.into_val()));
        self
    }

    /// Adds a filter.
    pub fn filter(mut self, filter: GuardDutyFilter) -> Self {
        self.filters.push(filter);
        self
    }

    /// Sends findings of at least [`HIGH_SEVERITY`] (or [`min_severity`](Self::min_severity)) to the SNS
    /// topic `topic_arn` through an EventBridge rule (the topic policy must let `events.amazonaws.com`
    /// publish).
    pub fn alert_topic(mut self, topic_arn: impl IntoValue<String>) -> Self {
        self.alert_topic = Some(topic_arn.into_val());
        self
    }

    /// The lowest severity that alerts, 1 to 8.9 (default 7, GuardDuty's "high").
    pub fn min_severity(mut self, severity: f64) -> Self {
        self.min_severity = severity;
        self
    }

    /// Runs `response` on the same findings.
    pub fn automated_response(mut self, response: AutomatedResponse) -> Self {
        self.response = Some(response);
        self
    }

    /// Checks everything and configures GuardDuty; every problem is reported at once.
    ///
    /// ```
    /// use konductor_aws::security::GuardDutyOnExisting;
    /// konductor_core::testing::synth(|stack| {
    ///     let e = GuardDutyOnExisting::builder(stack, "guardduty").threat_intel_set("feed", "bucket/key").build().unwrap_err();
    ///     assert_eq!(e.to_string(), "[test/guardduty] threat intel set `feed` location `bucket/key` is not an S3 object URL: give `https://s3.amazonaws.com/BUCKET/KEY` (or `s3://BUCKET/KEY`)");
    /// });
    /// ```
    pub fn build(self) -> Result<GuardDutyOnExisting> {
        let at = child_path(&self.parent, &self.id);
        let mut problems = Vec::new();
        for (name, loc) in &self.threat_intel {
            check_location(&at, "threat intel set", name, loc, &mut problems);
        }
        for (name, loc) in &self.trusted_ips {
            check_location(&at, "trusted IP set", name, loc, &mut problems);
        }
        if !(1.0..=8.9).contains(&self.min_severity) {
            problems.push(
                Problem::new(
                    at.as_str(),
                    format!("minimum severity {} is outside GuardDuty's 1 to 8.9", self.min_severity),
                )
                .with_fix("use 7 for high and above, 4 for medium and above"),
            );
        }
        if self.response.is_some() && self.alert_topic.is_none() {
            problems.push(
                Problem::new(at.as_str(), "an automated response without an alert topic")
                    .with_fix("call `.alert_topic(topic_arn)` too: responders must hear about what ran"),
            );
        }
        for (i, f) in self.filters.iter().enumerate() {
            if f.equals.is_empty() && f.at_least.is_empty() {
                problems.push(
                    Problem::new(at.as_str(), format!("GuardDuty filter `{}` has no criteria", f.name))
                        .with_fix("add `.equals(field, values)` or `.at_least(field, value)`: a filter without criteria matches every finding"),
                );
            }
            if self.filters[..i].iter().any(|g| g.name == f.name) {
                problems.push(
                    Problem::new(at.as_str(), format!("GuardDuty filter `{}` is given twice", f.name))
                        .with_fix("give each filter its own name"),
                );
            }
        }
        match problems.len() {
            0 => GuardDutyOnExisting::create(self),
            1 => Err(Error::Invalid(problems.remove(0))),
            _ => Err(Error::Synthesis(problems)),
        }
    }
}

/// GuardDuty on the account's existing detector (read with `data.aws_guardduty_detector`): threat
/// intelligence sets and trusted IP sets from S3, a publishing destination, filters, an EventBridge rule
/// sending high-severity findings to SNS, and an optional automated response.
///
/// ```
/// use konductor_aws::security::{AutomatedResponse, GuardDutyOnExisting};
/// let json = konductor_core::testing::synth(|stack| {
///     GuardDutyOnExisting::builder(stack, "guardduty")
///         .threat_intel_set("known-bad", "https://s3.amazonaws.com/intel-dev/known-bad.txt")
///         .alert_topic("arn:aws:sns:us-east-1:111111111111:findings")
///         .automated_response(AutomatedResponse::SsmAutomation {
///             document: "AWS-StopEC2Instance".into(),
///             role_arn: "arn:aws:iam::111111111111:role/responder".into(),
///         })
///         .build()
///         .unwrap();
/// });
/// assert!(json["data"]["aws_guardduty_detector"].is_object());
/// assert!(json["resource"].get("aws_guardduty_detector").is_none());
/// ```
#[derive(Clone, Debug)]
pub struct GuardDutyOnExisting {
    scope: Construct,
    detector: DataGuarddutyDetector,
    rule: Option<CloudwatchEventRule>,
}

impl AsScope for GuardDutyOnExisting {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl GuardDutyOnExisting {
    /// Starts the configuration of the existing detector, under `scope` with `id`.
    pub fn builder(scope: &impl AsScope, id: &str) -> GuardDutyOnExistingBuilder {
        GuardDutyOnExistingBuilder {
            parent: scope.scope().clone(),
            id: id.to_string(),
            threat_intel: Vec::new(),
            trusted_ips: Vec::new(),
            publishing: None,
            filters: Vec::new(),
            alert_topic: None,
            min_severity: HIGH_SEVERITY,
            response: None,
        }
    }

    fn create(b: GuardDutyOnExistingBuilder) -> Result<Self> {
        let scope = Construct::new(&b.parent, &b.id);
        scope.scope().implements(
            nist_800_53::SI_4,
            "GuardDuty threat detection with threat intelligence feeds, on the existing detector",
        );
        scope.scope().implements(nist_800_53::IR_4, "high-severity findings go to responders and an automated runbook");
        let detector = DataGuarddutyDetector::builder(&scope, "detector").build();
        let detector_id = detector.id();
        for (name, location) in &b.threat_intel {
            GuarddutyThreatintelset::builder(&scope, &format!("threat-intel-{name}"))
                .detector_id(&detector_id)
                .name(scope.name(name))
                .format("TXT")
                .location(location.clone())
                .activate(true)
                .build();
        }
        for (name, location) in &b.trusted_ips {
            GuarddutyIpset::builder(&scope, &format!("trusted-ips-{name}"))
                .detector_id(&detector_id)
                .name(scope.name(name))
                .format("TXT")
                .location(location.clone())
                .activate(true)
                .build();
        }
        if let Some((bucket, key)) = &b.publishing {
            GuarddutyPublishingDestination::builder(&scope, "publishing-destination")
                .detector_id(&detector_id)
                .destination_arn(bucket.clone())
                .kms_key_arn(key.clone())
                .destination_type("S3")
                .build();
        }
        for f in &b.filters {
            let mut criteria: Vec<GuarddutyFilterFindingCriteriaCriterion> = f
                .equals
                .iter()
                .map(|(field, values)| {
                    GuarddutyFilterFindingCriteriaCriterion::builder()
                        .field(field.as_str())
                        .equals(values.clone())
                        .build()
                })
                .collect();
            criteria.extend(f.at_least.iter().map(|(field, v)| {
                GuarddutyFilterFindingCriteriaCriterion::builder()
                    .field(field.as_str())
                    .greater_than_or_equal(v.as_str())
                    .build()
            }));
            GuarddutyFilter::builder(&scope, &format!("filter-{}", f.name))
                .detector_id(&detector_id)
                .name(scope.name(&f.name))
                .action(match f.action {
                    FilterAction::Noop => "NOOP",
                    FilterAction::Archive => "ARCHIVE",
                })
                .rank(f.rank)
                .finding_criteria(GuarddutyFilterFindingCriteria::builder().criterion(criteria).build())
                .build();
        }
        let cx = AwsContext::new(&scope);
        let response = match &b.response {
            Some(AutomatedResponse::SsmAutomation { document, role_arn }) => Some((document.clone(), role_arn.clone())),
            Some(AutomatedResponse::StopInstance) => {
                let role = stop_instance_role(&scope, &cx)?;
                Some((STOP_INSTANCE_RUNBOOK.to_string(), Val::Expr(role.arn().into_expr())))
            }
            None => None,
        };
        let rule = b.alert_topic.as_ref().map(|topic| {
            let pattern = format!(
                r#"{{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{{"severity":[{{"numeric":[">=",{}]}}]}}}}"#,
                b.min_severity
            );
            let rule = CloudwatchEventRule::builder(&scope, "high-severity-findings")
                .name(scope.name("guardduty-high-severity"))
                .description(format!("GuardDuty findings of severity {} and above", b.min_severity))
                .event_pattern(pattern)
                .build();
            CloudwatchEventTarget::builder(&scope, "notify").rule(rule.name()).target_id("notify").arn(topic.clone()).build();
            if let Some((document, role_arn)) = &response {
                CloudwatchEventTarget::builder(&scope, "respond")
                    .rule(rule.name())
                    .target_id("respond")
                    .arn(template!(
                        "arn:{}:ssm:{}:{}:automation-definition/{}:$DEFAULT",
                        cx.partition(),
                        cx.region(),
                        cx.account_id(),
                        document.as_str()
                    ))
                    .role_arn(role_arn.clone())
                    .input_transformer(
                        CloudwatchEventTargetInputTransformer::builder()
                            .input_paths([("instance", "$.detail.resource.instanceDetails.instanceId")])
                            .input_template(r#"{"InstanceId":[<instance>]}"#)
                            .build(),
                    )
                    .build();
            }
            rule
        });
        Ok(GuardDutyOnExisting { scope, detector, rule })
    }

    /// The existing detector, read by reference.
    pub fn detector(&self) -> &DataGuarddutyDetector {
        &self.detector
    }

    /// The EventBridge rule on high-severity findings, when an alert topic was given.
    pub fn rule(&self) -> Option<&CloudwatchEventRule> {
        self.rule.as_ref()
    }
}
