//! AWS physical-name limits checked at synthesis: length, characters, prefix and the environment suffix,
//! each reported with the construct path, the value, the limit and a fix.

use konductor_core::{App, AsScope, Construct, Environment, Error, GenericResource, Stack};

/// Builds one resource of `tf_type` with `attr = value` in stack `app` (environment `dev`), inside the
/// construct `team`, and returns the problems synthesis reports about that attribute (destroyability
/// problems of the bare generic resource are left out).
fn problems(tf_type: &str, attr: &str, value: &str) -> Vec<String> {
    let app = App::new();
    let stack = Stack::new(&app, "app", &Environment::new("dev").unwrap());
    stack.scope().register_rules(&konductor_aws::rules::AWS_RULES);
    let team = Construct::new(&stack, "team");
    GenericResource::new(&team, "thing", tf_type).set(attr, value);
    let about = format!("{tf_type} {attr} ");
    match app.synthesize() {
        Ok(_) => Vec::new(),
        Err(Error::Synthesis(p)) => p.iter().map(ToString::to_string).filter(|p| p.contains(&about)).collect(),
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn a_70_character_role_name_fails_with_the_limit_and_the_path() {
    let name = format!("{}-dev", "r".repeat(66));
    assert_eq!(name.len(), 70);
    let p = problems("aws_iam_role", "name", &name);
    assert_eq!(
        p,
        [format!(
            "[app/team/thing] aws_iam_role name `{name}` is 70 characters long; the limit is 1..=64: use a base name of at most 60 characters (the suffix `-dev` takes 4)"
        )]
    );
}

#[test]
fn an_uppercase_bucket_name_fails_naming_the_character() {
    let p = problems("aws_s3_bucket", "bucket", "Logs-dev");
    assert_eq!(
        p,
        ["[app/team/thing] aws_s3_bucket bucket `Logs-dev` contains `L`; allowed: lowercase letters, digits, hyphens and dots: change the base name passed to `scope.name(...)`"]
    );
}

#[test]
fn valid_names_pass() {
    for (tf_type, attr, value) in [
        ("aws_s3_bucket", "bucket", "security-logs-dev"),
        ("aws_iam_role", "name", "flow-logs-dev"),
        ("aws_kms_alias", "name", "alias/data-dev"),
        ("aws_cloudwatch_log_group", "name", "/aws/vpc/flow-logs-dev"),
        ("aws_lb", "name", "web-dev"),
        ("aws_sqs_queue", "name", "jobs-dev.fifo"),
        ("aws_ssm_parameter", "name", "/app-dev/db/password"),
        ("aws_eks_node_group", "node_group_name", "system-dev"),
        ("aws_cloudwatch_metric_alarm", "alarm_name", "High CPU on web-dev"),
    ] {
        assert_eq!(problems(tf_type, attr, value), Vec::<String>::new(), "{tf_type}.{attr} = {value}");
    }
}

#[test]
fn a_name_without_the_environment_suffix_fails() {
    let p = problems("aws_eks_cluster", "name", "platform");
    assert_eq!(
        p,
        ["[app/team/thing] aws_eks_cluster name `platform` does not carry the environment suffix `-dev`: make physical names with `scope.name(\"...\")` so environments can live side by side"]
    );
}

#[test]
fn a_kms_alias_needs_its_prefix() {
    let p = problems("aws_kms_alias", "name", "data-dev");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].contains("aws_kms_alias name `data-dev` must start with `alias/`"), "{p:?}");
}

#[test]
fn load_balancer_names_stop_at_32() {
    let name = format!("{}-dev", "w".repeat(28));
    assert_eq!(name.len(), 32);
    assert_eq!(problems("aws_lb_target_group", "name", &name), Vec::<String>::new());
    let longer = format!("{}-dev", "w".repeat(29));
    let p = problems("aws_lb_target_group", "name", &longer);
    assert!(p[0].contains("is 33 characters long; the limit is 1..=32"), "{p:?}");
    let p = problems("aws_lb", "name", "web_frontend-dev");
    assert!(p[0].contains("contains `_`; allowed: letters, digits and hyphens"), "{p:?}");
}

#[test]
fn database_identifiers_are_lowercase() {
    let p = problems("aws_db_instance", "identifier", "Orders-dev");
    assert!(p[0].contains("contains `O`; allowed: lowercase letters, digits and hyphens"), "{p:?}");
    assert_eq!(problems("aws_rds_cluster", "cluster_identifier", "orders-dev"), Vec::<String>::new());
}

#[test]
fn names_from_scope_name_carry_the_suffix() {
    let app = App::new();
    let stack = Stack::new(&app, "app", &Environment::new("dev").unwrap());
    stack.scope().register_rules(&konductor_aws::rules::AWS_RULES);
    GenericResource::new(&stack, "queue", "aws_sqs_queue").set("name", stack.name("jobs"));
    GenericResource::new(&stack, "role", "aws_iam_role").set("name", stack.name("ci-deploy"));
    assert!(app.synthesize().is_ok());
}

#[test]
fn db_subnet_and_parameter_group_names_are_lowercase() {
    let p = problems("aws_db_subnet_group", "name", "Orders-dev");
    assert!(
        p[0].contains("contains `O`; allowed: lowercase letters, digits, hyphens, underscores, periods and spaces"),
        "{p:?}"
    );
    assert_eq!(problems("aws_db_subnet_group", "name", "orders_db.main-dev"), Vec::<String>::new());
    assert!(!problems("aws_db_parameter_group", "name", "pg_16-dev").is_empty());
}
