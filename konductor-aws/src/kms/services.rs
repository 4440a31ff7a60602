//! The AWS services a [`Key`](super::Key) can let use it, each with what it needs and nothing more, and
//! the conditions that keep it to this account (confused-deputy protection) and, where the service
//! writes one, to its encryption context.

use konductor_core::template;

use crate::context::AwsContext;
use crate::grant::GrantStatement;
use crate::iam::Condition;

/// The service names [`Key::grant_to_service`](super::Key::grant_to_service) and
/// [`KeyPropsBuilder::service`](super::KeyPropsBuilder::service) accept.
///
/// ```
/// use konductor_aws::kms::KEY_SERVICES;
/// assert!(KEY_SERVICES.contains(&"logs") && KEY_SERVICES.contains(&"cloudtrail"));
/// ```
pub const KEY_SERVICES: [&str; 9] =
    ["cloudtrail", "cloudwatch", "config", "delivery.logs", "events", "logging.s3", "logs", "s3", "sns"];

/// The statement id of service `name`'s statement in a key policy: `AllowServiceDeliveryLogs`.
pub(crate) fn service_sid(name: &str) -> String {
    crate::grant::sid_for("AllowService", name)
}

/// The key policy statement letting service `name` use the key; `None` for an unknown service.
pub(crate) fn service_statement(name: &str, cx: &AwsContext) -> Option<GrantStatement> {
    const DATA_KEYS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey*"];
    let s = GrantStatement::allow(service_sid(name)).resource("*");
    let this_account = || Condition::source_account(cx.account_id());
    Some(match name {
        // CloudWatch Logs encrypts each group's data under the group's ARN as encryption context.
        "logs" => s
            .service_principal(template!("logs.{}.{}", cx.region(), cx.dns_suffix()))
            .actions(["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"])
            .condition(Condition::arn_like("kms:EncryptionContext:aws:logs:arn", cx.arn("logs", "log-group:*"))),
        "cloudtrail" => s
            .service_principal("cloudtrail.amazonaws.com")
            .actions(["kms:DescribeKey", "kms:GenerateDataKey*"])
            .condition(Condition::string_like(
                "kms:EncryptionContext:aws:cloudtrail:arn",
                template!("arn:{}:cloudtrail:*:{}:trail/*", cx.partition(), cx.account_id()),
            ))
            .condition(this_account()),
        // Log delivery (VPC flow logs and other vended logs to S3).
        "delivery.logs" => s
            .service_principal("delivery.logs.amazonaws.com")
            .actions(["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"])
            .condition(this_account())
            .condition(Condition::source_arn(cx.arn("logs", "*"))),
        // S3 server access logging, writing the logs of this account's buckets to an SSE-KMS bucket.
        "logging.s3" => s.service_principal("logging.s3.amazonaws.com").actions(DATA_KEYS).condition(this_account()),
        // Services that publish to encrypted topics and queues, or deliver to encrypted buckets.
        "sns" | "events" | "cloudwatch" | "s3" | "config" => {
            s.service_principal(format!("{name}.amazonaws.com")).actions(DATA_KEYS).condition(this_account())
        }
        _ => return None,
    })
}
