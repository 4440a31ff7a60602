//! Limits of AWS physical-name attributes, checked at synthesis on every literal value (typed resources,
//! generic resources and overrides alike), from the AWS API references and user guides.
//!
//! Only attributes that are names users choose are listed: synthesis also requires the environment suffix
//! (`-dev`) in each of them, so that environments can live side by side in one account. A rule holds the
//! length (in characters, suffix included), the characters allowed and a required prefix; position rules
//! (first character a letter, no trailing hyphen, no `..`) are left to the provider and the API.

use konductor_core::rules::NameRule;

fn alnum_and(c: char, extra: &str) -> bool {
    c.is_ascii_alphanumeric() || extra.contains(c)
}

/// IAM users, roles, policies and instance profiles: `[\w+=,.@-]`.
fn iam(c: char) -> bool {
    alnum_and(c, "+=,.@_-")
}
const IAM: &str = "letters, digits and + = , . @ _ -";

fn alnum_hyphen(c: char) -> bool {
    alnum_and(c, "-")
}
const ALNUM_HYPHEN: &str = "letters, digits and hyphens";

fn alnum_hyphen_underscore(c: char) -> bool {
    alnum_and(c, "-_")
}
const ALNUM_HYPHEN_UNDERSCORE: &str = "letters, digits, hyphens and underscores";

fn lower_digit_hyphen(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}
const LOWER_DIGIT_HYPHEN: &str = "lowercase letters, digits and hyphens";

fn not_control(c: char) -> bool {
    !c.is_control()
}
const NOT_CONTROL: &str = "any character but control characters";

macro_rules! rule {
    ($ty:literal . $attr:literal, $min:literal ..= $max:literal, $allowed:expr, $text:expr) => {
        rule!($ty.$attr, $min..=$max, $allowed, $text, None)
    };
    ($ty:literal . $attr:literal, $min:literal ..= $max:literal, $allowed:expr, $text:expr, $prefix:expr) => {
        NameRule {
            resource_type: $ty,
            attribute: $attr,
            min: $min,
            max: $max,
            allowed: $allowed,
            allowed_text: $text,
            prefix: $prefix,
            unique_within: &[],
        }
    };
    ($ty:literal . $attr:literal, $min:literal ..= $max:literal, $allowed:expr, $text:expr, $prefix:expr, within $within:expr) => {
        NameRule {
            resource_type: $ty,
            attribute: $attr,
            min: $min,
            max: $max,
            allowed: $allowed,
            allowed_text: $text,
            prefix: $prefix,
            unique_within: $within,
        }
    };
}

/// Name limits by resource type and attribute.
pub static NAME_RULES: &[NameRule] = &[
    // S3 general purpose bucket naming rules.
    rule!(
        "aws_s3_bucket"."bucket",
        3..=63,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.',
        "lowercase letters, digits, hyphens and dots"
    ),
    // IAM name requirements; RoleName 1-64, PolicyName and InstanceProfileName 1-128, `[\w+=,.@-]+`.
    rule!("aws_iam_role"."name", 1..=64, iam, IAM),
    rule!("aws_iam_policy"."name", 1..=128, iam, IAM),
    rule!("aws_iam_role_policy"."name", 1..=128, iam, IAM, None, within &["role"]),
    rule!("aws_iam_instance_profile"."name", 1..=128, iam, IAM),
    // KMS CreateAlias: 1-256 characters including `alias/`; letters, digits, `/`, `_` and `-`.
    rule!(
        "aws_kms_alias"."name",
        7..=256,
        |c| alnum_and(c, "/_-"),
        "letters, digits, /, _ and -",
        Some("alias/")
    ),
    // CloudWatch Logs CreateLogGroup: 1-512, `[\.\-_/#A-Za-z0-9]+`.
    rule!(
        "aws_cloudwatch_log_group"."name",
        1..=512,
        |c| alnum_and(c, "._-/#"),
        "letters, digits and . _ - / #"
    ),
    // ELBv2 CreateLoadBalancer and CreateTargetGroup: at most 32 alphanumerics or hyphens.
    rule!("aws_lb"."name", 1..=32, alnum_hyphen, ALNUM_HYPHEN),
    rule!("aws_lb_target_group"."name", 1..=32, alnum_hyphen, ALNUM_HYPHEN),
    // EC2 CreateSecurityGroup: up to 255 of a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*.
    rule!(
        "aws_security_group"."name",
        1..=255,
        |c| alnum_and(c, " ._-:/()#,@[]+=&;{}!$*"),
        "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*"
    ),
    // EKS CreateCluster: 1-100 alphanumerics, hyphens and underscores; node groups at most 63.
    rule!("aws_eks_cluster"."name", 1..=100, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE),
    rule!("aws_eks_node_group"."node_group_name", 1..=63, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE, None, within &["cluster_name"]),
    // SQS CreateQueue: up to 80 alphanumerics, hyphens and underscores; FIFO queues end in `.fifo`.
    rule!(
        "aws_sqs_queue"."name",
        1..=80,
        |c| alnum_and(c, "-_."),
        "letters, digits, hyphens and underscores, and the `.fifo` suffix of FIFO queues"
    ),
    // SNS CreateTopic: 1-256 ASCII letters, digits, underscores and hyphens; FIFO topics end in `.fifo`.
    rule!(
        "aws_sns_topic"."name",
        1..=256,
        |c| alnum_and(c, "-_."),
        "letters, digits, hyphens and underscores, and the `.fifo` suffix of FIFO topics"
    ),
    // RDS: 1-63 letters, digits or hyphens, stored in lowercase (the provider requires lowercase).
    rule!("aws_db_instance"."identifier", 1..=63, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    rule!("aws_rds_cluster"."cluster_identifier", 1..=63, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    // RDS CreateDBSubnetGroup and CreateDBParameterGroup: the provider accepts lowercase letters, digits,
    // hyphens, underscores, periods and spaces (subnet groups, 1-255) and lowercase letters, digits and
    // hyphens (parameter groups, 1-255).
    rule!(
        "aws_db_subnet_group"."name",
        1..=255,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_. ".contains(c),
        "lowercase letters, digits, hyphens, underscores, periods and spaces"
    ),
    rule!("aws_db_parameter_group"."name", 1..=255, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    // ECR CreateRepository: 2-256, `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`.
    rule!(
        "aws_ecr_repository"."name",
        2..=256,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-/".contains(c),
        "lowercase letters, digits and . _ - /"
    ),
    // Glue database names: 1-255, lowercase (Athena reads lowercase names only).
    rule!(
        "aws_glue_catalog_database"."name",
        1..=255,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-',
        "lowercase letters, digits, underscores and hyphens"
    ),
    // Athena CreateWorkGroup: `[a-zA-Z0-9._-]{1,128}`.
    rule!("aws_athena_workgroup"."name", 1..=128, |c| alnum_and(c, "._-"), "letters, digits and . _ -"),
    // SSM PutParameter: a-zA-Z0-9_.- and `/` for hierarchies; 2048 with 1037 reserved leaves 1011.
    rule!("aws_ssm_parameter"."name", 1..=1011, |c| alnum_and(c, "_.-/"), "letters, digits and _ . - /"),
    // Secrets Manager CreateSecret: 1-512 ASCII letters, digits and /_+=.@-.
    rule!(
        "aws_secretsmanager_secret"."name",
        1..=512,
        |c| alnum_and(c, "/_+=.@-"),
        "letters, digits and / _ + = . @ -"
    ),
    // CloudTrail: 3-128 ASCII letters, digits, periods, underscores and dashes.
    rule!("aws_cloudtrail"."name", 3..=128, |c| alnum_and(c, "._-"), "letters, digits and . _ -"),
    // Backup CreateBackupVault: `^[a-zA-Z0-9\-\_]{2,50}$`.
    rule!("aws_backup_vault"."name", 2..=50, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE),
    // CodeDeploy CreateApplication and CreateDeploymentGroup: 1-100 characters.
    rule!("aws_codedeploy_app"."name", 1..=100, not_control, NOT_CONTROL),
    rule!("aws_codedeploy_deployment_group"."deployment_group_name", 1..=100, not_control, NOT_CONTROL, None, within &["app_name"]),
    // ECS CreateCluster: up to 255 letters, digits, hyphens and underscores.
    rule!("aws_ecs_cluster"."name", 1..=255, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE),
    // CloudWatch PutMetricAlarm: 1-255 characters, no control characters.
    rule!("aws_cloudwatch_metric_alarm"."alarm_name", 1..=255, not_control, NOT_CONTROL),
    // EventBridge PutRule: 1-64, `[\.\-_A-Za-z0-9]+`.
    rule!("aws_cloudwatch_event_rule"."name", 1..=64, |c| alnum_and(c, ".-_"), "letters, digits and . - _", None, within &["event_bus_name"]),
    // `*_prefix` attributes: the provider appends a 26-character unique id, so a prefix may be at most the
    // name's limit less 26 (load balancers and target groups take a prefix of at most 6).
    rule!(
        "aws_s3_bucket"."bucket_prefix",
        1..=37,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.',
        "lowercase letters, digits, hyphens and dots"
    ),
    rule!("aws_iam_role"."name_prefix", 1..=38, iam, IAM),
    rule!("aws_iam_policy"."name_prefix", 1..=102, iam, IAM),
    rule!("aws_iam_role_policy"."name_prefix", 1..=102, iam, IAM),
    rule!("aws_iam_instance_profile"."name_prefix", 1..=102, iam, IAM),
    rule!(
        "aws_cloudwatch_log_group"."name_prefix",
        1..=483,
        |c| alnum_and(c, "._-/#"),
        "letters, digits and . _ - / #"
    ),
    rule!("aws_cloudwatch_event_rule"."name_prefix", 1..=38, |c| alnum_and(c, ".-_"), "letters, digits and . - _"),
    rule!("aws_lb"."name_prefix", 1..=6, alnum_hyphen, ALNUM_HYPHEN),
    rule!("aws_lb_target_group"."name_prefix", 1..=6, alnum_hyphen, ALNUM_HYPHEN),
    rule!("aws_db_instance"."identifier_prefix", 1..=37, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    rule!("aws_rds_cluster"."cluster_identifier_prefix", 1..=37, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    rule!("aws_db_parameter_group"."name_prefix", 1..=229, lower_digit_hyphen, LOWER_DIGIT_HYPHEN),
    rule!("aws_eks_node_group"."node_group_name_prefix", 1..=37, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE),
    rule!(
        "aws_sqs_queue"."name_prefix",
        1..=54,
        |c| alnum_and(c, "-_."),
        "letters, digits, hyphens and underscores, and the `.fifo` suffix of FIFO queues"
    ),
    // Other services.
    // IAM Identity Center CreatePermissionSet: 1-32, `[\w+=,.@-]+`.
    rule!("aws_ssoadmin_permission_set"."name", 1..=32, iam, IAM),
    // WAFv2 CreateWebACL and CreateIPSet: 1-128, `^[\w\-]+$`.
    rule!("aws_wafv2_web_acl"."name", 1..=128, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE, None, within &["scope"]),
    rule!("aws_wafv2_ip_set"."name", 1..=128, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE, None, within &["scope"]),
    // Backup CreateBackupPlan: 1-50 letters, digits, hyphens, underscores and periods.
    rule!("aws_backup_plan"."name", 1..=50, |c| alnum_and(c, "-_."), "letters, digits and - _ ."),
    // GuardDuty CreateFilter: 3-64 letters, digits, hyphens, underscores and periods.
    rule!("aws_guardduty_filter"."name", 3..=64, |c| alnum_and(c, "-_."), "letters, digits and - _ .", None, within &["detector_id"]),
    // EC2 CreateLaunchTemplate: 3-128, `[a-zA-Z0-9().\-/_]+`.
    rule!("aws_launch_template"."name", 3..=128, |c| alnum_and(c, "().-/_"), "letters, digits and ( ) . - / _"),
    // SSM CreateDocument: 3-128, `^[a-zA-Z0-9_\-.]{3,128}$`.
    rule!("aws_ssm_document"."name", 3..=128, |c| alnum_and(c, "_-."), "letters, digits and _ - ."),
    // Network Firewall: 1-128, `^[a-zA-Z0-9-]+$`.
    rule!("aws_networkfirewall_firewall"."name", 1..=128, alnum_hyphen, ALNUM_HYPHEN),
    rule!("aws_networkfirewall_firewall_policy"."name", 1..=128, alnum_hyphen, ALNUM_HYPHEN),
    rule!("aws_networkfirewall_rule_group"."name", 1..=128, alnum_hyphen, ALNUM_HYPHEN),
    // ECS RegisterTaskDefinition: a family of up to 255 letters, digits, hyphens and underscores.
    rule!("aws_ecs_task_definition"."family", 1..=255, alnum_hyphen_underscore, ALNUM_HYPHEN_UNDERSCORE),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_and_attribute_is_listed_once_with_a_sane_range() {
        let mut seen = std::collections::HashSet::new();
        for r in NAME_RULES {
            assert!(seen.insert((r.resource_type, r.attribute)), "{}.{} twice", r.resource_type, r.attribute);
            assert!(r.min >= 1 && r.min <= r.max, "{}.{}", r.resource_type, r.attribute);
            // The environment suffix itself must be allowed.
            assert!("-dev".chars().all(r.allowed), "{}.{} rejects `-dev`", r.resource_type, r.attribute);
        }
    }

    #[test]
    fn character_sets() {
        let rule = |t: &str| NAME_RULES.iter().find(|r| r.resource_type == t).unwrap();
        assert!(!(rule("aws_s3_bucket").allowed)('A'));
        assert!(!(rule("aws_s3_bucket").allowed)('_'));
        assert!((rule("aws_iam_role").allowed)('@'));
        assert!(!(rule("aws_iam_role").allowed)('/'));
        assert!(!(rule("aws_lb").allowed)('_'));
        assert!((rule("aws_kms_alias").allowed)('/'));
        assert!((rule("aws_cloudwatch_log_group").allowed)('#'));
        assert!((rule("aws_security_group").allowed)(' '));
        assert!(!(rule("aws_db_instance").allowed)('A'));
        assert!(!(rule("aws_cloudwatch_metric_alarm").allowed)('\n'));
    }
}
