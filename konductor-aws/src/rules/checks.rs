//! The tables of AWS checks that read whole resource bodies, one body at a time ([`CHECKS`]) or the
//! resources of a stack together ([`GROUPS`]), for what neither the compiler nor a table can see.
//!
//! - Admin ports (SSH 22, RDP 3389) are never open to the whole internet, in security groups
//!   ([`super::security_groups`]) or network ACLs ([`super::network_acls`]),
//!   however the rule and its ports are written and however its sources are split; port ranges are ranges.
//! - Policy JSON given as text is checked by the rules of typed policy documents
//!   ([`super::policies`]).

use konductor_core::rules::{GroupCheck, ResourceCheck};

use super::{network_acls, policies, security_groups};

/// Every whole-body check of AWS resources.
pub static CHECKS: &[ResourceCheck] = &[
    ResourceCheck { resource_type: "aws_vpc_security_group_ingress_rule", check: security_groups::ingress_rule_ports },
    ResourceCheck { resource_type: "aws_vpc_security_group_egress_rule", check: security_groups::egress_rule_ports },
    ResourceCheck { resource_type: "aws_security_group_rule", check: security_groups::legacy_rule_ports },
    ResourceCheck { resource_type: "aws_security_group", check: security_groups::group_ports },
    ResourceCheck { resource_type: "aws_default_security_group", check: security_groups::group_ports },
    ResourceCheck { resource_type: "aws_network_acl", check: network_acls::acl_ports },
    ResourceCheck { resource_type: "aws_default_network_acl", check: network_acls::acl_ports },
    ResourceCheck { resource_type: "aws_network_acl_rule", check: network_acls::acl_rule_ports },
    ResourceCheck { resource_type: "aws_iam_role", check: policies::role },
    ResourceCheck { resource_type: "aws_ssoadmin_permission_set_inline_policy", check: policies::inline_policy },
    ResourceCheck { resource_type: "aws_iam_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_iam_role_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_iam_user_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_iam_group_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_s3_bucket", check: policies::policy },
    ResourceCheck { resource_type: "aws_s3_bucket_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_kms_key", check: policies::policy },
    ResourceCheck { resource_type: "aws_kms_key_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_kms_replica_key", check: policies::policy },
    ResourceCheck { resource_type: "aws_kms_external_key", check: policies::policy },
    ResourceCheck { resource_type: "aws_sqs_queue", check: policies::policy },
    ResourceCheck { resource_type: "aws_sqs_queue_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_sns_topic", check: policies::policy },
    ResourceCheck { resource_type: "aws_sns_topic_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_vpc_endpoint", check: policies::policy },
    ResourceCheck { resource_type: "aws_vpc_endpoint_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_ecr_repository_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_secretsmanager_secret", check: policies::policy },
    ResourceCheck { resource_type: "aws_secretsmanager_secret_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_backup_vault_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_cloudwatch_event_bus_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_efs_file_system_policy", check: policies::policy },
    ResourceCheck { resource_type: "aws_glacier_vault_lock", check: policies::policy },
    ResourceCheck { resource_type: "aws_lambda_layer_version_permission", check: policies::policy },
    ResourceCheck { resource_type: "aws_guardduty_detector", check: crate::security::guardduty::refuse_detector },
];

/// Every check of the AWS resources of one stack together.
pub static GROUPS: &[GroupCheck] = &[
    GroupCheck { resource_types: security_groups::GROUP_TYPES, check: security_groups::admin_ports },
    GroupCheck { resource_types: network_acls::GROUP_TYPES, check: network_acls::admin_ports },
];
