//! [`AccountBaseline`]: what every account of the landing zone gets: [`AccountHardening`], an AWS Config
//! recorder delivering to the log archive, and the Config rules.

use konductor_core::compliance::nist_800_53;
use konductor_core::{AsScope, Construct, Expr, IntoValue, Part, Result, Scope, Val, Value};

use crate::iam::{ManagedPolicy, PolicyDocument, Role, RoleProps, Statement, Trust};
use crate::l1::config::{
    ConfigConfigurationRecorder, ConfigConfigurationRecorderRecordingGroup, ConfigConfigurationRecorderStatus,
    ConfigDeliveryChannel,
};
use crate::security::{AccountHardening, AnalyzerScope, ConfigRule, ConfigRules};
use crate::AwsContext;

/// The AWS managed policy every Config recorder role carries.
pub const CONFIG_ROLE_POLICY: &str = "service-role/AWS_ConfigRole";

/// Where an account's AWS Config delivers: the log archive's Config bucket and its key (text or
/// references, usually across stacks).
#[derive(Clone, Debug)]
pub struct ConfigDelivery {
    bucket_name: Val,
    bucket_arn: Value<String>,
    key_arn: Value<String>,
}

/// `value` as a template part: literal text or the expression.
fn part(value: &Value<String>) -> Part {
    match value.val() {
        Val::Expr(e) => Part::Expr(e.clone()),
        Val::Str(s) => Part::Text(s.clone()),
        other => Part::Text(other.to_json_lossy().to_string().into()),
    }
}

impl ConfigDelivery {
    /// Delivery to the bucket `bucket_name` (ARN `bucket_arn`), encrypted with `key_arn`.
    pub fn new(
        bucket_name: impl IntoValue<String>,
        bucket_arn: impl IntoValue<String>,
        key_arn: impl IntoValue<String>,
    ) -> Self {
        ConfigDelivery {
            bucket_name: bucket_name.into_val(),
            bucket_arn: Value::new(bucket_arn),
            key_arn: Value::new(key_arn),
        }
    }
}

/// The baseline of one account: [`AccountHardening`], an AWS Config recorder of every supported
/// resource type (global ones included) with its role (`AWS_ConfigRole` and write access to its own
/// prefix of the Config bucket), a delivery channel to the log archive, the recorder turned on, and
/// [`ConfigRule::BASELINE`].
///
/// ```
/// use konductor_aws::landing_zone::{AccountBaseline, ConfigDelivery};
/// use konductor_aws::security::AnalyzerScope;
/// let json = konductor_core::testing::synth(|stack| {
///     let delivery = ConfigDelivery::new("config-logs-test", "arn:aws:s3:::config-logs-test", "arn:aws:kms:us-east-1:111111111111:key/k");
///     AccountBaseline::new(stack, "baseline", delivery, AnalyzerScope::Account).unwrap();
/// });
/// let (_, status) = konductor_core::testing::resources(&json, "aws_config_configuration_recorder_status")[0];
/// assert_eq!(status["is_enabled"], true);
/// ```
#[derive(Clone, Debug)]
pub struct AccountBaseline {
    scope: Construct,
    hardening: AccountHardening,
    role: Role,
    recorder: ConfigConfigurationRecorder,
    status: ConfigConfigurationRecorderStatus,
    rules: ConfigRules,
}

impl AsScope for AccountBaseline {
    fn scope(&self) -> &Scope {
        self.scope.scope()
    }
}

impl AccountBaseline {
    /// The baseline under `scope` with `id`, delivering Config to `delivery`; `analyzer` is
    /// [`AnalyzerScope::Organization`] in the Access Analyzer delegated administrator.
    pub fn new(scope: &impl AsScope, id: &str, delivery: ConfigDelivery, analyzer: AnalyzerScope) -> Result<Self> {
        let scope = Construct::new(scope, id);
        scope.scope().implements(nist_800_53::CM_8, "AWS Config records every supported resource of the account");
        scope.scope().implements(nist_800_53::CM_2, "every account starts from the same baseline");
        let cx = AwsContext::new(&scope);
        let hardening = AccountHardening::new(&scope, "hardening", analyzer);
        let write = PolicyDocument::new()
            .statement(
                Statement::allow()
                    .sid("ConfigBucketAcl")
                    .action("s3:GetBucketAcl")
                    .resource(delivery.bucket_arn.clone()),
            )
            .statement(
                Statement::allow()
                    .sid("ConfigDelivery")
                    .action("s3:PutObject")
                    .resource(Expr::template([
                        part(&delivery.bucket_arn),
                        Part::Text("/AWSLogs/".into()),
                        Part::Expr(cx.account_id().into_expr()),
                        Part::Text("/Config/*".into()),
                    ]))
                    .condition(crate::iam::Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control")),
            )
            .statement(
                Statement::allow()
                    .sid("ConfigEncryption")
                    .actions(["kms:Decrypt", "kms:GenerateDataKey"])
                    .resource(delivery.key_arn.clone()),
            );
        let role = Role::new(
            &scope,
            "config-role",
            RoleProps::builder()
                .name("config-recorder")
                .description("AWS Config recorder: reads configuration, delivers to the log archive")
                .trust(Trust::service("config").from_this_account())
                .managed_policy(ManagedPolicy::aws(CONFIG_ROLE_POLICY))
                .inline_policy("config-delivery", write)
                .context(cx.clone())
                .build()?,
        )?;
        let recorder = ConfigConfigurationRecorder::builder(&scope, "recorder")
            .name(scope.name("config-recorder"))
            .role_arn(role.arn())
            .recording_group(
                ConfigConfigurationRecorderRecordingGroup::builder()
                    .all_supported(true)
                    .include_global_resource_types(true)
                    .build(),
            )
            .build();
        let channel = ConfigDeliveryChannel::builder(&scope, "delivery-channel")
            .name(scope.name("config-delivery"))
            .s3_bucket_name(delivery.bucket_name.clone())
            .s3_kms_key_arn(&delivery.key_arn)
            .build();
        channel.depends_on(&recorder);
        let status = ConfigConfigurationRecorderStatus::builder(&scope, "recorder-status")
            .name(recorder.name())
            .is_enabled(true)
            .build();
        status.depends_on(&channel);
        let rules = ConfigRules::new(&scope, "rules", ConfigRule::BASELINE, &status);
        Ok(AccountBaseline { scope, hardening, role, recorder, status, rules })
    }

    /// The account hardening.
    pub fn hardening(&self) -> &AccountHardening {
        &self.hardening
    }

    /// The Config recorder's role.
    pub fn config_role(&self) -> &Role {
        &self.role
    }

    /// The Config recorder.
    pub fn recorder(&self) -> &ConfigConfigurationRecorder {
        &self.recorder
    }

    /// The recorder's status (on).
    pub fn recorder_status(&self) -> &ConfigConfigurationRecorderStatus {
        &self.status
    }

    /// The Config rules.
    pub fn rules(&self) -> &ConfigRules {
        &self.rules
    }
}
