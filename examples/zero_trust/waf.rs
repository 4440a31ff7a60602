//! WAF for the application's load balancer: a rate limit per client IP, AWS's IP reputation list, the
//! common rule set and known bad inputs, every request logged to an encrypted bucket.

use konductor::aws::iam::{Condition, PolicyValue, Principal, Statement};
use konductor::aws::l1::wafv2::{
    Wafv2WebAcl, Wafv2WebAclDefaultAction, Wafv2WebAclDefaultActionAllow, Wafv2WebAclLoggingConfiguration,
    Wafv2WebAclRule, Wafv2WebAclRuleAction, Wafv2WebAclRuleActionBlock, Wafv2WebAclRuleOverrideAction,
    Wafv2WebAclRuleOverrideActionNone, Wafv2WebAclRuleVisibilityConfig, Wafv2WebAclVisibilityConfig,
};
use konductor::aws::s3::{Bucket, BucketProps};
use konductor::prelude::*;
use konductor::Attr;

use super::Existing;

/// Requests per client IP per five minutes before the rate rule blocks.
pub const RATE_LIMIT: u32 = 2_000;

fn visibility(metric: &str) -> Wafv2WebAclRuleVisibilityConfig {
    Wafv2WebAclRuleVisibilityConfig::builder()
        .cloudwatch_metrics_enabled(true)
        .metric_name(metric)
        .sampled_requests_enabled(true)
        .build()
}

fn managed(name: &str, priority: u32) -> Wafv2WebAclRule {
    Wafv2WebAclRule::builder()
        .name(name)
        .priority(priority)
        .override_action(
            Wafv2WebAclRuleOverrideAction::builder().none(Wafv2WebAclRuleOverrideActionNone::builder().build()).build(),
        )
        .statement(serde_json::json!({ "managed_rule_group_statement": { "name": name, "vendor_name": "AWS" } }))
        .visibility_config(visibility(name))
        .build()
}

/// The web ACL and its logging; returns the ACL's ARN.
pub fn web_acl(stack: &Stack, existing: &Existing) -> konductor::Result<Attr<String>> {
    let cx = &existing.cx;
    let acl = Wafv2WebAcl::builder(stack, "web-acl")
        .name(stack.name("zero-trust"))
        .description("zero trust: rate limit, IP reputation, common rule set")
        .scope("REGIONAL")
        .default_action(
            Wafv2WebAclDefaultAction::builder().allow(Wafv2WebAclDefaultActionAllow::builder().build()).build(),
        )
        .rule(vec![
            Wafv2WebAclRule::builder()
                .name("rate-limit")
                .priority(0)
                .action(Wafv2WebAclRuleAction::builder().block(Wafv2WebAclRuleActionBlock::builder().build()).build())
                .statement(
                    serde_json::json!({ "rate_based_statement": { "limit": RATE_LIMIT, "aggregate_key_type": "IP" } }),
                )
                .visibility_config(visibility("rate-limit"))
                .build(),
            managed("AWSManagedRulesAmazonIpReputationList", 1),
            managed("AWSManagedRulesCommonRuleSet", 2),
            // Known bad inputs, Log4Shell (CVE-2021-44228) among them.
            managed("AWSManagedRulesKnownBadInputsRuleSet", 3),
        ])
        .visibility_config(
            Wafv2WebAclVisibilityConfig::builder()
                .cloudwatch_metrics_enabled(true)
                .metric_name("zero-trust")
                .sampled_requests_enabled(true)
                .build(),
        )
        .build();
    // WAF delivers logs only to buckets named `aws-waf-logs-...`, through log delivery.
    let logs = Bucket::new(stack, "waf-logs", BucketProps::builder().name("aws-waf-logs-zero-trust").build()?)?;
    if let Some(key) = logs.key() {
        key.grant_to_service("delivery.logs")?;
    }
    logs.add_to_resource_policy(
        Statement::allow()
            .sid("LogDeliveryAclCheck")
            .principal(Principal::service("delivery.logs.amazonaws.com"))
            .action("s3:GetBucketAcl")
            .resource(logs.arn())
            .condition(Condition::source_account(cx.account_id())),
    )?;
    logs.add_to_resource_policy(
        Statement::allow()
            .sid("LogDeliveryWrite")
            .principal(Principal::service("delivery.logs.amazonaws.com"))
            .action("s3:PutObject")
            .resource(PolicyValue::from(template!("{}/AWSLogs/{}/*", logs.arn(), cx.account_id())))
            .condition(Condition::string_equals("s3:x-amz-acl", "bucket-owner-full-control"))
            .condition(Condition::source_account(cx.account_id())),
    )?;
    Wafv2WebAclLoggingConfiguration::builder(stack, "web-acl-logging")
        .resource_arn(acl.arn())
        .log_destination_configs(vec![logs.arn()])
        .build()
        .depends_on(logs.policy());
    Ok(acl.arn())
}
