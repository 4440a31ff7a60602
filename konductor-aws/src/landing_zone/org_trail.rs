//! [`OrganizationTrail`]: the organization's CloudTrail, run in the management account, delivering to the
//! log archive and to CloudWatch Logs, with the CIS alarms on it.

use konductor_core::compliance::nist_800_53;
use konductor_core::{template, AsScope, Construct, IntoValue, Name, Result, Scope};

use crate::iam::{Role, RoleProps, Trust};
use crate::l1::cloudtrail::Cloudtrail;
use crate::logs::{LogGroup, LogGroupProps};
use crate::security::CisAlarms;
use crate::sns::{Topic, TopicProps};
use crate::AwsContext;

/// Days the trail's CloudWatch Logs copy is kept (the log archive keeps the S3 copy for years).
pub const TRAIL_LOG_GROUP_DAYS: u32 = 365;

/// Where the trail delivers: the log archive's trail bucket and key (usually references across stacks).
#[derive(Clone, Debug)]
pub struct TrailDelivery {
    bucket_name: konductor_core::Val,
    key_arn: konductor_core::Val,
}

impl TrailDelivery {
    /// Delivery to `bucket_name`, encrypted with `key_arn`.
    pub fn new(bucket_name: impl IntoValue<String>, key_arn: impl IntoValue<String>) -> Self {
        TrailDelivery { bucket_name: bucket_name.into_val(), key_arn: key_arn.into_val() }
    }
}

/// The organization trail: every account, every region, global service events, log file validation,
/// KMS-encrypted into the log archive (object-locked there), and copied to an encrypted CloudWatch Logs
/// group (written by a role allowed only that group) on which the CIS alarms watch, notifying
/// `alerts_topic_arn`; every delivery is announced on an encrypted topic for SIEM ingestion.
///
/// ```
/// use konductor_aws::landing_zone::{OrganizationTrail, TrailDelivery};
/// let json = konductor_core::testing::synth(|stack| {
///     let delivery = TrailDelivery::new("org-trail-logs-test", "arn:aws:kms:us-east-1:222222222222:key/k");
///     let name = stack.name("org-trail");
///     OrganizationTrail::new(stack, "trail", &name, delivery, "arn:aws:sns:us-east-1:111111111111:alerts").unwrap();
/// });
/// let (_, trail) = konductor_core::testing::resources(&json, "aws_cloudtrail")[0];
/// assert_eq!(trail["is_organization_trail"], true);
/// ```
#[derive(Clone, Debug)]
pub struct OrganizationTrail {
    scope: Construct,
    trail: Cloudtrail,
    log_group: LogGroup,
    role: Role,
    deliveries: Topic,
    alarms: CisAlarms,
}

impl AsScope for OrganizationTrail {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl OrganizationTrail {
    /// The organization trail `name` under `scope` with `id` (in the management account).
    pub fn new(
        scope: &impl AsScope,
        id: &str,
        name: &Name,
        delivery: TrailDelivery,
        alerts_topic_arn: impl IntoValue<String>,
    ) -> Result<Self> {
        Self::create(scope, id, name, delivery, alerts_topic_arn.into_val(), true)
    }

    /// The same for one account only: its own trail (every region, global events, validation, KMS,
    /// CloudWatch Logs and the CIS alarms), for an account that is not the organization's management
    /// account.
    ///
    /// ```
    /// use konductor_aws::landing_zone::{OrganizationTrail, TrailDelivery};
    /// let json = konductor_core::testing::synth(|stack| {
    ///     let delivery = TrailDelivery::new("trail-logs-test", "arn:aws:kms:us-east-1:111111111111:key/k");
    ///     OrganizationTrail::for_account(stack, "trail", &stack.name("trail"), delivery, "arn:aws:sns:us-east-1:111111111111:alerts").unwrap();
    /// });
    /// let (_, trail) = konductor_core::testing::resources(&json, "aws_cloudtrail")[0];
    /// assert_eq!(trail["is_organization_trail"], false);
    /// ```
    pub fn for_account(
        scope: &impl AsScope,
        id: &str,
        name: &Name,
        delivery: TrailDelivery,
        alerts_topic_arn: impl IntoValue<String>,
    ) -> Result<Self> {
        Self::create(scope, id, name, delivery, alerts_topic_arn.into_val(), false)
    }

    fn create(
        scope: &impl AsScope,
        id: &str,
        name: &Name,
        delivery: TrailDelivery,
        alerts_topic_arn: konductor_core::Val,
        organization: bool,
    ) -> Result<Self> {
        let scope = Construct::new(scope, id);
        scope.scope().implements(
            nist_800_53::AU_2,
            "a multi-region trail records management events of every region (and, as an organization trail, every account), global services included",
        );
        scope.scope().implements(nist_800_53::AU_12, "CloudTrail generates the audit records for every account");
        scope
            .scope()
            .implements(nist_800_53::AU_9, "log file validation makes any change to a delivered log detectable");
        scope
            .scope()
            .implements(nist_800_53::AU_3, "CloudTrail records who, what, when, where and the outcome of each call");
        let cx = AwsContext::new(&scope);
        let log_group = LogGroup::new(
            &scope,
            "log-group",
            LogGroupProps::builder()
                .name(format!("/cloudtrail/{id}"))
                .retention_days(TRAIL_LOG_GROUP_DAYS)
                .context(cx.clone())
                .build()?,
        )?;
        let role = Role::new(
            &scope,
            "role",
            RoleProps::builder()
                .name("org-trail-logs")
                .description("CloudTrail: writes the organization trail to its log group")
                .trust(Trust::service("cloudtrail").from_this_account())
                .context(cx.clone())
                .build()?,
        )?;
        log_group.grant_write(&role)?;
        // Each log file delivery is announced on a topic of its own (for SIEM ingestion; nobody is emailed).
        let deliveries = Topic::new(
            &scope,
            "deliveries",
            TopicProps::builder().name("org-trail-deliveries").context(cx.clone()).build()?,
        )?;
        deliveries.grant_publish_to_service("cloudtrail")?;
        let trail = Cloudtrail::builder(&scope, "trail")
            .name(name)
            .s3_bucket_name(delivery.bucket_name)
            .kms_key_id(delivery.key_arn)
            .is_organization_trail(organization)
            .is_multi_region_trail(true)
            .include_global_service_events(true)
            .enable_log_file_validation(true)
            .enable_logging(true)
            .cloud_watch_logs_group_arn(template!("{}:*", log_group.arn()))
            .cloud_watch_logs_role_arn(role.arn())
            .sns_topic_name(deliveries.name())
            .build();
        trail.depends_on(deliveries.policy());
        if let Some(policy) = role.grants_policy() {
            trail.depends_on(&policy);
        }
        let alarms = CisAlarms::new(&scope, "cis-alarms", log_group.log_group().name(), alerts_topic_arn);
        Ok(OrganizationTrail { scope, trail, log_group, role, deliveries, alarms })
    }

    /// The trail.
    pub fn trail(&self) -> &Cloudtrail {
        &self.trail
    }

    /// The CloudWatch Logs group the trail writes to.
    pub fn log_group(&self) -> &LogGroup {
        &self.log_group
    }

    /// The role CloudTrail writes to the log group with.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The topic announcing each log file delivery.
    pub fn deliveries(&self) -> &Topic {
        &self.deliveries
    }

    /// The CIS alarms on the log group.
    pub fn alarms(&self) -> &CisAlarms {
        &self.alarms
    }
}
