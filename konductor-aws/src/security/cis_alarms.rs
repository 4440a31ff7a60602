//! [`CisAlarms`]: the CIS AWS Foundations Benchmark metric filters on a CloudTrail log group, each with an
//! alarm to an SNS topic, plus privilege-escalation calls.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsScope, Construct, IntoValue, Scope, Val};

use crate::l1::cloudwatch::CloudwatchMetricAlarm;
use crate::l1::logs::{CloudwatchLogMetricFilter, CloudwatchLogMetricFilterMetricTransformation};

/// The namespace of the alarms' metrics.
pub const CIS_NAMESPACE: &str = "CISBenchmark";

/// One watched pattern: an id, what it catches, and the CloudWatch Logs filter pattern over CloudTrail
/// events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CisCheck {
    /// The id, also the metric's and alarm's name base: `root-usage`.
    pub id: &'static str,
    /// What the alarm means, for its description.
    pub description: &'static str,
    /// The filter pattern.
    pub pattern: &'static str,
}

/// Every check, in the order of the CIS benchmark's monitoring section, then privilege escalation.
///
/// ```
/// use konductor_aws::security::CIS_CHECKS;
/// assert!(CIS_CHECKS.iter().any(|c| c.id == "privilege-escalation" && c.pattern.contains("UpdateAssumeRolePolicy")));
/// ```
pub const CIS_CHECKS: &[CisCheck] = &[
    CisCheck {
        id: "unauthorized-api-calls",
        description: "API calls refused as unauthorized (CIS 4.1)",
        pattern: r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }"#,
    },
    CisCheck {
        id: "console-signin-without-mfa",
        description: "console sign-in by an IAM user without MFA (CIS 4.2)",
        pattern: r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#,
    },
    CisCheck {
        id: "root-usage",
        description: "the root user was used (CIS 4.3)",
        pattern: r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
    },
    CisCheck {
        id: "iam-policy-changes",
        description: "an IAM policy changed (CIS 4.4)",
        pattern: "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }",
    },
    CisCheck {
        id: "cloudtrail-changes",
        description: "a CloudTrail trail was created, changed, stopped or deleted (CIS 4.5)",
        pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    },
    CisCheck {
        id: "console-auth-failures",
        description: "console sign-in failed (CIS 4.6)",
        pattern: r#"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#,
    },
    CisCheck {
        id: "kms-key-disable-or-deletion",
        description: "a customer-managed KMS key was disabled or scheduled for deletion (CIS 4.7)",
        pattern: "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }",
    },
    CisCheck {
        id: "s3-bucket-policy-changes",
        description: "an S3 bucket policy, ACL, CORS, lifecycle or replication changed (CIS 4.8)",
        pattern: "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }",
    },
    CisCheck {
        id: "config-changes",
        description: "AWS Config recording or delivery changed (CIS 4.9)",
        pattern: "{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }",
    },
    CisCheck {
        id: "security-group-changes",
        description: "a security group changed (CIS 4.10)",
        pattern: "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }",
    },
    CisCheck {
        id: "nacl-changes",
        description: "a network ACL changed (CIS 4.11)",
        pattern: "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }",
    },
    CisCheck {
        id: "network-gateway-changes",
        description: "an internet or customer gateway changed (CIS 4.12)",
        pattern: "{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }",
    },
    CisCheck {
        id: "route-table-changes",
        description: "a route table changed (CIS 4.13)",
        pattern: "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }",
    },
    CisCheck {
        id: "vpc-changes",
        description: "a VPC or peering connection changed (CIS 4.14)",
        pattern: "{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }",
    },
    CisCheck {
        id: "organizations-changes",
        description: "AWS Organizations changed (CIS 4.15)",
        pattern: "{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = AcceptHandshake) || ($.eventName = AttachPolicy) || ($.eventName = CreateAccount) || ($.eventName = CreateOrganizationalUnit) || ($.eventName = CreatePolicy) || ($.eventName = DeclineHandshake) || ($.eventName = DeleteOrganization) || ($.eventName = DeleteOrganizationalUnit) || ($.eventName = DeletePolicy) || ($.eventName = DetachPolicy) || ($.eventName = DisablePolicyType) || ($.eventName = EnablePolicyType) || ($.eventName = InviteAccountToOrganization) || ($.eventName = LeaveOrganization) || ($.eventName = MoveAccount) || ($.eventName = RemoveAccountFromOrganization) || ($.eventName = UpdatePolicy) || ($.eventName = UpdateOrganizationalUnit)) }",
    },
    CisCheck {
        id: "privilege-escalation",
        description: "an IAM call that can escalate privileges: access keys, user policies, policy versions, role passing or trust changes",
        // `PassRole` is authorized as part of other calls and is matched where CloudTrail records it.
        pattern: "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = CreateAccessKey) || ($.eventName = AttachUserPolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = PassRole) || ($.eventName = UpdateAssumeRolePolicy)) }",
    },
];

/// One metric filter and its alarm.
#[derive(Clone, Debug)]
pub struct CisAlarm {
    check: CisCheck,
    filter: CloudwatchLogMetricFilter,
    alarm: CloudwatchMetricAlarm,
}

impl CisAlarm {
    /// What is watched.
    pub fn check(&self) -> &CisCheck {
        &self.check
    }

    /// The metric filter.
    pub fn filter(&self) -> &CloudwatchLogMetricFilter {
        &self.filter
    }

    /// The alarm.
    pub fn alarm(&self) -> &CloudwatchMetricAlarm {
        &self.alarm
    }
}

/// The CIS monitoring checks on the CloudTrail log group `log_group_name`: each a metric filter counting
/// matching events and an alarm on any of them (sum over 5 minutes at least 1) notifying `topic_arn`.
///
/// ```
/// use konductor_aws::security::{CisAlarms, CIS_CHECKS};
/// let json = konductor_core::testing::synth(|stack| {
///     let alarms = CisAlarms::new(stack, "cis", "org-trail-dev", "arn:aws:sns:us-east-1:111111111111:alerts");
///     assert_eq!(alarms.alarms().len(), CIS_CHECKS.len());
/// });
/// assert_eq!(json["resource"]["aws_cloudwatch_metric_alarm"].as_object().unwrap().len(), 16);
/// ```
#[derive(Clone, Debug)]
pub struct CisAlarms {
    scope: Construct,
    alarms: Vec<CisAlarm>,
}

impl AsScope for CisAlarms {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl CisAlarms {
    /// The checks of [`CIS_CHECKS`] under `scope` with `id`.
    pub fn new(
        scope: &impl AsScope,
        id: &str,
        log_group_name: impl IntoValue<String>,
        topic_arn: impl IntoValue<String>,
    ) -> Self {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::SI_4,
            "CloudWatch alarms on the CIS monitoring events and privilege-escalation calls",
        );
        scope.scope().implements(nist_800_53::AU_6, "every CIS event class raises an alarm to the security topic");
        let log_group: Val = log_group_name.into_val();
        let topic: Val = topic_arn.into_val();
        let alarms = CIS_CHECKS
            .iter()
            .map(|check| {
                let metric = format!("cis-{}", check.id);
                let filter = CloudwatchLogMetricFilter::builder(&scope, &format!("{}-filter", check.id))
                    .name(scope.name(&metric).as_str())
                    .log_group_name(log_group.clone())
                    .pattern(check.pattern)
                    .metric_transformation(
                        CloudwatchLogMetricFilterMetricTransformation::builder()
                            .name(metric.as_str())
                            .namespace(CIS_NAMESPACE)
                            .value("1")
                            .default_value("0")
                            .build(),
                    )
                    .build();
                let alarm = CloudwatchMetricAlarm::builder(&scope, &format!("{}-alarm", check.id))
                    .alarm_name(scope.name(&metric))
                    .alarm_description(check.description)
                    .namespace(CIS_NAMESPACE)
                    .metric_name(metric.as_str())
                    .statistic("Sum")
                    .period(300)
                    .evaluation_periods(1)
                    .threshold(1)
                    .comparison_operator("GreaterThanOrEqualToThreshold")
                    .treat_missing_data("notBreaching")
                    .alarm_actions(Val::List(vec![topic.clone()]))
                    .build();
                alarm.depends_on(&filter);
                CisAlarm { check: *check, filter, alarm }
            })
            .collect();
        CisAlarms { scope, alarms }
    }

    /// The alarms, in the order of [`CIS_CHECKS`].
    pub fn alarms(&self) -> &[CisAlarm] {
        &self.alarms
    }
}
