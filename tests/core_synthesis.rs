//! Synthesis end to end through the facade: every element kind, the byte format, escaping, errors that
//! list every problem and write nothing, stacks that reference each other, and determinism.

use konductor::prelude::*;
use konductor::rules::{DestroyRule, NameRule, Pin, RuleSet};
use konductor::{assert_has_resource, serde_json, testing, Check, LocalBackend, Mode, ProviderInfo};

static AWS: ProviderInfo = ProviderInfo { name: "aws", source: "aws", version: "6.25.0" };

#[konductor::provider(provider = AWS)]
struct Aws {
    region: Option<String>,
    alias: Option<String>,
}

static TEST_RULES: RuleSet = RuleSet {
    name: "test",
    checks: &[],
    groups: &[],
    destroy: &[DestroyRule {
        resource_type: "aws_db_instance",
        path: &["deletion_protection"],
        pin: Pin::Bool(false),
        required: false,
    }],
    names: &[NameRule {
        resource_type: "aws_iam_role",
        attribute: "name",
        min: 1,
        max: 64,
        allowed: |c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c),
        allowed_text: "letters, digits and +=,.@_-",
        prefix: None,
        unique_within: &[],
    }],
};

fn tmpdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("konductor-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// One stack using every element kind and meta-argument.
fn every_element(app: &App) {
    let env = Environment::new("dev").unwrap();
    let stack =
        Stack::new(app, "kitchen", &env).backend(S3Backend::new("tf-state", "kitchen/terraform.tfstate", "us-east-1"));
    Aws::builder(&stack, "aws").region("us-east-1").build();
    let eu = Aws::builder(&stack, "aws-eu").region("eu-west-1").alias("eu").build();
    let cidr = Variable::new(&stack, "vpc_cidr")
        .type_expr("string")
        .default("10.0.0.0/16")
        .description("CIDR of the VPC")
        .nullable(false)
        .sensitive(false)
        .validation(fns::length(Expr::var("vpc_cidr")).attr("x"), "must be a CIDR");
    let team = Local::new(&stack, "team", "platform");
    let region = GenericData::new(&stack, "region", "aws_region");
    let vpc = GenericResource::new(&stack, "vpc", "aws_vpc")
        .set("cidr_block", cidr.value())
        .set("tags", serde_json::json!({ "Team": "platform", "Name": "main" }));
    let subnets = GenericResource::new(&stack, "subnets", "aws_subnet")
        .set("vpc_id", vpc.attr("id"))
        .set("cidr_block", fns::cidrsubnet(cidr.value(), 8, Expr::count_index()))
        .set("availability_zone", region.attr("name"));
    subnets.count(3).depends_on(&vpc).lifecycle(
        Lifecycle::new()
            .create_before_destroy(true)
            .ignore_changes(["tags"])
            .precondition(Check::new(Expr::raw("var.vpc_cidr != \"\""), "a CIDR is needed")),
    );
    let group = Construct::new(&stack, "tier");
    GenericResource::new(&group, "Default", "aws_route_table").set("vpc_id", vpc.attr("id")).provider(&eu);
    GenericResource::new(&stack, "per-team", "aws_s3_bucket_policy")
        .set("bucket", Expr::each_key())
        .set("policy", Expr::each_value())
        .for_each(serde_json::json!({ "a": "x", "b": "y" }));
    Output::new(&stack, "vpc-id", vpc.attr("id")).description("the VPC").depends_on(&subnets);
    Output::new(&group, "team", team.value()).sensitive(true);
}

#[test]
fn every_element_kind_snapshot() {
    let app = App::with_outdir("unused");
    every_element(&app);
    let out = app.synthesize().unwrap();
    let text = out.stack("kitchen").unwrap();
    insta::assert_snapshot!("every_element_kind", text);

    let json: serde_json::Value = serde_json::from_str(text).unwrap();
    // Terraform needs a plain address in an output's depends_on (cdktf wrote "${...}").
    assert_eq!(json["output"]["vpc-id"]["depends_on"], serde_json::json!(["aws_subnet.subnets"]));
    // Providers are always arrays; the alias is written and referenced as NAME.ALIAS.
    assert_eq!(json["provider"]["aws"].as_array().unwrap().len(), 2);
    assert_eq!(json["resource"]["aws_route_table"]["tier"]["provider"], "aws.eu");
    // `Default` is dropped from the logical id; the output below the construct is in the outputs tree.
    assert_eq!(json["//"]["outputs"]["kitchen"]["tier"]["team"], "tier_team_F77AC37E");
    assert_eq!(json["terraform"]["backend"]["s3"]["use_lockfile"], true);
    assert_eq!(json["terraform"]["backend"]["s3"]["encrypt"], true);
    assert_eq!(json["terraform"]["required_providers"]["aws"]["version"], "6.25.0");
    assert_eq!(json["variable"]["vpc_cidr"]["validation"][0]["error_message"], "must be a CIDR");
    assert_eq!(json["locals"]["team"], "platform");
    assert_eq!(json["resource"]["aws_subnet"]["subnets"]["count"], 3);
    assert_eq!(json["resource"]["aws_subnet"]["subnets"]["cidr_block"], "${cidrsubnet(var.vpc_cidr, 8, count.index)}");
    assert_eq!(json["resource"]["aws_subnet"]["subnets"]["availability_zone"], "${data.aws_region.region.name}");
    assert!(json["resource"]["aws_subnet"]["subnets"]["lifecycle"].get("prevent_destroy").is_none());
}

#[test]
fn every_object_is_sorted_with_metadata_first() {
    // The keys of a resource body are sorted and the "//" metadata comes first.
    let app = App::with_outdir("unused");
    every_element(&app);
    let text = app.synthesize().unwrap().stack("kitchen").unwrap().to_string();
    let first_key = text.lines().nth(1).unwrap();
    assert_eq!(first_key, "  \"//\": {");
    assert_keys_sorted(&text);
}

#[test]
fn byte_format_matches_cdktf() {
    let json = {
        let app = App::with_outdir("unused");
        let stack = Stack::new(&app, "fmt", &Environment::new("dev").unwrap());
        GenericResource::new(&stack, "b", "aws_s3_bucket")
            .set("tags", serde_json::json!({}))
            .set("grant", serde_json::json!([]))
            .set("bucket", stack.name("b"));
        app.synthesize().unwrap().stack("fmt").unwrap().to_string()
    };
    assert!(!json.ends_with('\n'), "no trailing newline");
    assert!(json.contains("\"tags\": {\n        }"), "empty objects are written open:\n{json}");
    assert!(json.contains("\"grant\": [\n        ]"), "empty arrays are written open:\n{json}");
    assert!(json.contains("\n  \"resource\": {\n    \"aws_s3_bucket\": {"), "2-space indent:\n{json}");
    assert_keys_sorted(&json);
}

/// Checks, line by line, that the keys of every object in pretty-printed JSON are in ascending order.
fn assert_keys_sorted(text: &str) {
    let mut last: Vec<Option<String>> = Vec::new();
    for line in text.lines() {
        let depth = (line.len() - line.trim_start().len()) / 2;
        last.truncate(depth + 1);
        last.resize(depth + 1, None);
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('"') {
            if let Some((key, _)) = rest.split_once("\": ") {
                if let Some(prev) = &last[depth] {
                    assert!(prev.as_str() < key, "`{prev}` before `{key}` in:\n{text}");
                }
                last[depth] = Some(key.to_string());
            }
        }
    }
}

#[test]
fn keys_sort_by_utf16_code_units() {
    let json = testing::synth(|stack| {
        GenericResource::new(stack, "b", "aws_s3_bucket").set("force_destroy", true).set(
            "tags",
            serde_json::json!({ "\u{1F600}": "emoji", "\u{FF5E}": "fullwidth", "a": "ascii", "B": "upper" }),
        );
    });
    let text = serde_json::to_string(&json).unwrap();
    // serde_json's map sorts by bytes; what matters is the synthesized text, checked below.
    assert!(text.contains("fullwidth"));
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "u", &Environment::new("dev").unwrap());
    GenericResource::new(&stack, "b", "aws_s3_bucket")
        .set("tags", serde_json::json!({ "\u{1F600}": "emoji", "\u{FF5E}": "fullwidth", "a": "ascii", "B": "upper" }));
    let out = app.synthesize().unwrap();
    let s = out.stack("u").unwrap();
    let pos = |k: &str| s.find(k).unwrap();
    assert!(pos("upper") < pos("ascii"));
    assert!(pos("ascii") < pos("emoji"), "U+1F600 is a surrogate pair (0xD83D...), below U+FF5E");
    assert!(pos("emoji") < pos("fullwidth"));
}

#[test]
fn literal_text_never_becomes_terraform_syntax() {
    let json = testing::synth(|stack| {
        GenericResource::new(stack, "p", "aws_ssm_parameter")
            .set("value", "${not_an_expression} and %{ if x }")
            .set("tags", serde_json::json!({ "Note": "${also literal}" }));
        Output::new(stack, "o", konductor::template!("arn:${{x}}:{}", Expr::var("v")));
    });
    let p = &json["resource"]["aws_ssm_parameter"]["p"];
    assert_eq!(p["value"], "$${not_an_expression} and %%{ if x }");
    assert_eq!(p["tags"]["Note"], "$${also literal}");
    assert_eq!(json["output"]["o"]["value"], "arn:$${x}:${var.v}");
}

#[test]
fn duplicate_ids_are_an_error_naming_both_paths_and_nothing_is_written() {
    let dir = tmpdir("dup");
    let app = App::with_outdir(&dir);
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    let c = Construct::new(&stack, "net");
    GenericResource::new(&c, "vpc", "aws_vpc");
    GenericResource::new(&c, "vpc", "aws_vpc");
    let err = app.synth().unwrap_err().to_string();
    assert!(err.contains("[s/net/vpc] duplicate construct id `vpc`: `s/net/vpc` is defined twice"), "{err}");
    assert!(!dir.exists(), "nothing may be written when synthesis fails");
}

#[test]
fn every_problem_is_reported_at_once_and_earlier_output_stays_untouched() {
    let dir = tmpdir("all-problems");
    // A good run first.
    let good = App::with_outdir(&dir);
    Stack::new(&good, "s", &Environment::new("dev").unwrap());
    good.synth().unwrap();
    let before = std::fs::read(dir.join("stacks/s/cdk.tf.json")).unwrap();
    let manifest_before = std::fs::read(dir.join("manifest.json")).unwrap();

    let app = App::with_outdir(&dir);
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    stack.scope().register_rules(&TEST_RULES);
    GenericResource::new(&stack, "x", "aws_vpc");
    GenericResource::new(&stack, "x", "aws_vpc"); // 1: duplicate id
    GenericResource::new(&stack, "db", "aws_db_instance").add_override("deletion_protection", true); // 2
    GenericResource::new(&stack, "role", "aws_iam_role").set("name", stack.name(&"r".repeat(66))); // 3: 70 chars
    GenericResource::new(&stack, "keep", "aws_s3_bucket").add_override("lifecycle.prevent_destroy", true); // 4
    Stack::new(&app, "bad/name", &Environment::new("dev").unwrap()); // 5
    let err = app.synth().unwrap_err();
    let problems = err.problems();
    let text = err.to_string();
    assert_eq!(problems.len(), 5, "{text}");
    assert!(text.starts_with("synthesis found 5 problems; nothing was written:"), "{text}");
    assert!(
        text.contains("[s/db] aws_db_instance sets deletion_protection = true, which blocks `terraform destroy`"),
        "{text}"
    );
    assert!(text.contains("[s/role] aws_iam_role name `"), "{text}");
    assert!(text.contains("is 70 characters long; the limit is 1..=64"), "{text}");
    assert!(text.contains("[s/keep] aws_s3_bucket sets lifecycle.prevent_destroy"), "{text}");
    assert!(text.contains("[bad/name] construct id `bad/name` contains `/`"), "{text}");
    assert_eq!(std::fs::read(dir.join("stacks/s/cdk.tf.json")).unwrap(), before);
    assert_eq!(std::fs::read(dir.join("manifest.json")).unwrap(), manifest_before);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn second_default_provider_and_foreign_provider_are_errors() {
    let app = App::with_outdir("unused");
    let a = Stack::new(&app, "a", &Environment::new("dev").unwrap());
    let b = Stack::new(&app, "b", &Environment::new("dev").unwrap());
    Aws::builder(&a, "aws").build();
    Aws::builder(&a, "aws2").build();
    let eu = Aws::builder(&b, "eu").alias("eu").build();
    GenericResource::new(&a, "x", "aws_vpc").provider(&eu);
    let text = app.synthesize().unwrap_err().to_string();
    assert!(text.contains("[a/aws2] a second default `aws` provider; the first is `a/aws`"), "{text}");
    assert!(text.contains("[a/x] provider `aws.eu` is not configured in stack `a`"), "{text}");
}

#[test]
fn references_across_stacks_become_outputs_and_remote_state() {
    let app = App::with_outdir("unused");
    let env = Environment::new("dev").unwrap();
    let network = Stack::new(&app, "network", &env);
    let vpc = GenericResource::new(&network, "vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
    let apps = Stack::new(&app, "apps", &env).backend(LocalBackend::new("state/apps.tfstate"));
    GenericResource::new(&apps, "sg", "aws_security_group").set("vpc_id", vpc.attr("id"));
    let out = app.synthesize().unwrap();

    let producer: serde_json::Value = serde_json::from_str(out.stack("network").unwrap()).unwrap();
    assert_eq!(
        producer["output"]["cross-stack-output-aws_vpcvpcid"],
        serde_json::json!({ "sensitive": true, "value": "${aws_vpc.vpc.id}" })
    );
    let consumer: serde_json::Value = serde_json::from_str(out.stack("apps").unwrap()).unwrap();
    assert_eq!(
        consumer["resource"]["aws_security_group"]["sg"]["vpc_id"],
        "${data.terraform_remote_state.cross-stack-reference-input-network.outputs.cross-stack-output-aws_vpcvpcid}"
    );
    assert_eq!(
        consumer["data"]["terraform_remote_state"]["cross-stack-reference-input-network"],
        serde_json::json!({
            "backend": "local",
            "config": { "path": "../network/terraform.network.tfstate" },
            "workspace": "${terraform.workspace}"
        })
    );
    let manifest: serde_json::Value = serde_json::from_slice(&out.manifest).unwrap();
    assert_eq!(manifest["stacks"]["apps"]["dependencies"], serde_json::json!(["network"]));
    assert_eq!(manifest["stacks"]["network"]["dependencies"], serde_json::json!([]));
    insta::assert_snapshot!("manifest_two_stacks", std::str::from_utf8(&out.manifest).unwrap());
}

#[test]
fn an_attribute_read_by_several_stacks_is_one_output() {
    let app = App::with_outdir("unused");
    let env = Environment::new("dev").unwrap();
    let network = Stack::new(&app, "network", &env);
    let vpc = GenericResource::new(&network, "vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
    for name in ["apps", "data", "ops"] {
        let s = Stack::new(&app, name, &env);
        GenericResource::new(&s, "sg", "aws_security_group").set("vpc_id", vpc.attr("id"));
    }
    let out = app.synthesize().unwrap();
    let text = out.stack("network").unwrap();
    assert_eq!(text.matches("\"cross-stack-output-aws_vpcvpcid\": {").count(), 1, "{text}");
    let producer: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(producer["output"].as_object().unwrap().len(), 1);
}

#[test]
fn stacks_referencing_each_other_in_a_cycle_are_an_error() {
    let app = App::with_outdir("unused");
    let env = Environment::new("dev").unwrap();
    let a = Stack::new(&app, "a", &env);
    let b = Stack::new(&app, "b", &env);
    let x = GenericResource::new(&a, "x", "aws_vpc");
    let y = GenericResource::new(&b, "y", "aws_vpc").set("cidr_block", x.attr("cidr_block"));
    let _ = x.clone().set("cidr_block", y.attr("cidr_block"));
    let text = app.synthesize().unwrap_err().to_string();
    assert!(text.contains("stacks depend on each other in a cycle: a -> b -> a"), "{text}");
}

#[test]
fn overrides_are_applied_and_listed_in_the_metadata() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "o", &Environment::new("dev").unwrap());
    GenericResource::new(&stack, "b", "aws_s3_bucket")
        .set("rule", serde_json::json!([{ "days": 1 }]))
        .add_override("rule.0.days", 30)
        .add_override("logging.target_prefix", "logs/");
    let text = app.synthesize().unwrap().stack("o").unwrap().to_string();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b = &json["resource"]["aws_s3_bucket"]["b"];
    assert_eq!(b["rule"][0]["days"], 30);
    assert_eq!(b["logging"]["target_prefix"], "logs/");
    assert_eq!(
        json["//"]["metadata"]["overrides"]["aws_s3_bucket"],
        serde_json::json!(["logging.target_prefix", "rule.0.days"])
    );
}

#[test]
fn the_same_program_gives_the_same_bytes() {
    let run = || {
        let app = App::with_outdir("unused");
        every_element(&app);
        app.synthesize().unwrap()
    };
    assert_eq!(run(), run());

    let dir1 = tmpdir("det1");
    let dir2 = tmpdir("det2");
    for d in [&dir1, &dir2] {
        let app = App::with_outdir(d);
        every_element(&app);
        app.synth().unwrap();
    }
    for f in ["manifest.json", "stacks/kitchen/cdk.tf.json"] {
        assert_eq!(std::fs::read(dir1.join(f)).unwrap(), std::fs::read(dir2.join(f)).unwrap(), "{f}");
    }
    let _ = std::fs::remove_dir_all(dir1);
    let _ = std::fs::remove_dir_all(dir2);
}

#[test]
fn stacks_removed_from_the_program_are_removed_from_the_output() {
    let dir = tmpdir("stale");
    let env = Environment::new("dev").unwrap();
    let app = App::with_outdir(&dir);
    Stack::new(&app, "keep", &env);
    Stack::new(&app, "gone", &env);
    app.synth().unwrap();
    assert!(dir.join("stacks/gone/cdk.tf.json").exists());
    let app = App::with_outdir(&dir);
    Stack::new(&app, "keep", &env);
    app.synth().unwrap();
    assert!(!dir.join("stacks/gone").exists());
    assert!(dir.join("stacks/keep/cdk.tf.json").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validate_mode_writes_nothing() {
    let dir = tmpdir("validate");
    let app = App::with_outdir(&dir).with_mode(Mode::Validate);
    Stack::new(&app, "s", &Environment::new("dev").unwrap());
    app.synth().unwrap();
    assert!(!dir.exists());
}

#[test]
fn an_app_without_stacks_is_an_error() {
    let e = App::with_outdir("unused").synthesize().unwrap_err().to_string();
    assert!(e.contains("[app] the app has no stack"), "{e}");
}

#[test]
fn assert_has_resource_shows_the_candidates() {
    let json = testing::synth(|stack| {
        GenericResource::new(stack, "logs", "aws_cloudwatch_log_group").set("retention_in_days", 30);
    });
    assert_has_resource!(json, "aws_cloudwatch_log_group", { "retention_in_days": 30 });
    let msg =
        testing::has_resource(&json, "aws_cloudwatch_log_group", &serde_json::json!({ "retention_in_days": 365 }))
            .unwrap_err();
    assert!(msg.contains("no `aws_cloudwatch_log_group` resource contains {\"retention_in_days\":365}"), "{msg}");
    assert!(msg.contains("1 candidate(s):\n  logs: {\"retention_in_days\":30}"), "{msg}");
    let msg = testing::has_resource(&json, "aws_kms_key", &serde_json::json!({})).unwrap_err();
    assert!(msg.contains("resource types present: [\"aws_cloudwatch_log_group\"]"), "{msg}");
}

#[test]
fn a_scope_can_put_everything_below_it_on_another_provider() {
    let app = App::with_outdir("unused");
    let stack = Stack::new(&app, "accounts", &Environment::new("dev").unwrap());
    Aws::builder(&stack, "aws").build();
    let pci = Aws::builder(&stack, "pci").alias("pci").build();
    let eu = Aws::builder(&stack, "eu").alias("eu").build();
    let account = Construct::new(&stack, "pci-account").with_provider(&pci);
    let nested = Construct::new(&account, "network");
    GenericResource::new(&nested, "vpc", "aws_vpc");
    GenericData::new(&account, "zones", "aws_availability_zones");
    GenericResource::new(&account, "eu-bucket", "aws_s3_bucket").provider(&eu);
    GenericResource::new(&stack, "home", "aws_vpc");
    GenericResource::new(&nested, "ns", "kubernetes_namespace_v1");
    let json = testing::stack_json(&app, "accounts").unwrap();
    let provider_of = |tf: &str, block: &str| -> Vec<serde_json::Value> {
        json[block][tf].as_object().unwrap().values().map(|v| v["provider"].clone()).collect()
    };
    let mut vpcs = provider_of("aws_vpc", "resource");
    vpcs.sort_by_key(|v| v.to_string());
    assert_eq!(vpcs, [serde_json::json!("aws.pci"), serde_json::Value::Null], "nested constructs inherit");
    assert_eq!(provider_of("aws_availability_zones", "data"), ["aws.pci"], "data sources too");
    assert_eq!(provider_of("aws_s3_bucket", "resource"), ["aws.eu"], "an element's own choice wins");
    assert_eq!(
        provider_of("kubernetes_namespace_v1", "resource"),
        [serde_json::Value::Null],
        "other providers' types keep theirs"
    );
}

#[test]
fn every_backend_is_written_as_terraform_reads_it() {
    use konductor::{CloudBackend, RemoteBackend};
    let app = App::with_outdir("unused");
    let env = Environment::new("dev").unwrap();
    Stack::new(&app, "s3", &env).backend(
        S3Backend::new("tf-state", "s3.tfstate", "eu-west-1")
            .dynamodb_table("tf-locks")
            .kms_key_id("alias/tf-state")
            .role_arn("arn:aws:iam::111111111111:role/state"),
    );
    Stack::new(&app, "local", &env).backend(LocalBackend::new("state/local.tfstate"));
    Stack::new(&app, "remote", &env).backend(RemoteBackend::new("acme", "network-dev").hostname("tfe.acme.example"));
    Stack::new(&app, "cloud", &env).backend(CloudBackend::with_tags("acme", ["network", "dev"]));
    Stack::new(&app, "default", &env);
    let tf = |stack: &str| testing::stack_json(&app, stack).unwrap()["terraform"].clone();
    assert_eq!(
        tf("s3")["backend"]["s3"],
        serde_json::json!({
            "assume_role": { "role_arn": "arn:aws:iam::111111111111:role/state" },
            "bucket": "tf-state", "dynamodb_table": "tf-locks", "encrypt": true, "key": "s3.tfstate",
            "kms_key_id": "alias/tf-state", "region": "eu-west-1"
        }),
        "state is always encrypted; a DynamoDB table replaces the S3 lock file"
    );
    assert_eq!(tf("local")["backend"]["local"], serde_json::json!({ "path": "state/local.tfstate" }));
    assert_eq!(
        tf("remote")["backend"]["remote"],
        serde_json::json!({ "hostname": "tfe.acme.example", "organization": "acme", "workspaces": { "name": "network-dev" } })
    );
    assert_eq!(
        tf("cloud")["cloud"],
        serde_json::json!({ "organization": "acme", "workspaces": { "tags": ["network", "dev"] } })
    );
    assert_eq!(tf("default")["backend"]["local"], serde_json::json!({ "path": "terraform.default.tfstate" }));
}

#[test]
fn an_io_error_on_a_later_stack_leaves_every_earlier_file_as_it_was() {
    let dir = tmpdir("io-error");
    let env = Environment::new("dev").unwrap();
    let first = App::with_outdir(&dir);
    Stack::new(&first, "a", &env);
    first.synth().unwrap();
    let before = std::fs::read(dir.join("stacks/a/cdk.tf.json")).unwrap();
    // A file where stack `b`'s directory must go makes its write fail.
    std::fs::write(dir.join("stacks/b"), "in the way").unwrap();

    let app = App::with_outdir(&dir);
    let a = Stack::new(&app, "a", &env);
    GenericResource::new(&a, "vpc", "aws_vpc");
    Stack::new(&app, "b", &env);
    let err = app.synth().unwrap_err();
    assert!(matches!(err, konductor::Error::Io { .. }), "{err}");
    assert_eq!(std::fs::read(dir.join("stacks/a/cdk.tf.json")).unwrap(), before, "stack a was replaced");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("stacks/a")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers, ["cdk.tf.json"], "temporary files are removed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_override_never_drops_the_body_even_when_values_nest_deeply() {
    // 200 levels: deeper than serde_json's parser takes (128), well within what konductor writes.
    let deep = (0..200).fold(serde_json::json!("leaf ${x}"), |v, _| serde_json::json!([v]));
    let json = testing::synth(|stack| {
        GenericResource::new(stack, "q", "aws_sqs_queue")
            .set("name", stack.name("jobs"))
            .set("deep", deep.clone())
            .add_override("visibility_timeout_seconds", 30);
    });
    let q = &json["resource"]["aws_sqs_queue"]["q"];
    assert_eq!(q["name"], "jobs-test", "the body is kept: {q}");
    assert_eq!(q["visibility_timeout_seconds"], 30);
    let mut leaf = &q["deep"];
    for _ in 0..200 {
        leaf = &leaf[0];
    }
    assert_eq!(leaf, "leaf $${x}", "literal text inside raw JSON stays escaped under an override");
}

#[test]
fn an_override_keeps_what_the_plain_writer_writes() {
    // The same resource with and without an override that changes nothing else gives the same body.
    let build = |with_override: bool| {
        testing::synth(move |stack| {
            let vpc = GenericResource::new(stack, "vpc", "aws_vpc").set("cidr_block", "10.0.0.0/16");
            let r = GenericResource::new(stack, "sub", "aws_subnet")
                .set("vpc_id", vpc.attr("id"))
                .set("ratio", konductor::Val::Float(0.25))
                .set("tags", serde_json::json!({"b": "2", "a": "%{x}"}));
            r.depends_on(&vpc).lifecycle(Lifecycle::new().ignore_changes(["tags"]));
            if with_override {
                r.add_override("extra", true);
            }
        })
    };
    let (plain, overridden) = (build(false), build(true));
    let mut expected = plain["resource"]["aws_subnet"]["sub"].clone();
    expected["extra"] = serde_json::json!(true);
    assert_eq!(overridden["resource"]["aws_subnet"]["sub"], expected);
    assert_eq!(expected["tags"]["a"], "%%{x}");
    assert_eq!(expected["ratio"], 0.25);
}

#[test]
fn a_pinned_value_given_as_raw_json_is_accepted() {
    // `force_destroy = json!(true)` is the pinned value itself: no self-contradicting error.
    let json = testing::synth(|stack| {
        GenericResource::new(stack, "b", "aws_s3_bucket")
            .set("bucket", stack.name("logs"))
            .set("force_destroy", serde_json::json!(true));
        GenericResource::new(stack, "db", "aws_db_instance")
            .set("deletion_protection", serde_json::json!(false))
            .set("skip_final_snapshot", "true");
    });
    assert_eq!(json["resource"]["aws_s3_bucket"]["b"]["force_destroy"], true);
}

#[test]
fn main_returning_a_konductor_error_prints_the_formatted_message() {
    let app = App::with_outdir("unused");
    Stack::new(&app, "s", &Environment::new("dev").unwrap());
    Output::new(&app, "o", "x");
    let e = app.synthesize().unwrap_err();
    // `fn main() -> konductor::Result<()>` prints `Error: {e:?}`: the message as the README shows it.
    assert_eq!(format!("{e:?}"), e.to_string());
    assert!(format!("{e:?}").starts_with("synthesis found 1 problem; nothing was written:\n  - [o] output `o`"));
}

#[test]
fn a_construct_used_twice_names_by_its_path_without_collisions() {
    fn artifacts(scope: &impl AsScope, id: &str) {
        let c = Construct::new(scope, id);
        GenericResource::new(&c, "bucket", "aws_s3_bucket")
            .set("bucket", c.name_from_path("artifacts"))
            .set("force_destroy", true);
    }
    let json = testing::synth(|stack| {
        artifacts(stack, "team-a");
        artifacts(stack, "team-b");
    });
    let mut names: Vec<&str> =
        testing::resources(&json, "aws_s3_bucket").iter().map(|(_, b)| b["bucket"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["team-a-artifacts-test", "team-b-artifacts-test"]);
}

#[test]
fn the_same_physical_name_on_two_provider_configurations_is_fine() {
    // Another alias is another account or region: the names do not collide there.
    testing::synth(|stack| {
        Aws::builder(stack, "aws").build();
        let eu = Aws::builder(stack, "eu").alias("eu").build();
        GenericResource::new(stack, "a", "aws_iam_role").set("name", stack.name("deploy"));
        GenericResource::new(stack, "b", "aws_iam_role").set("name", stack.name("deploy")).provider(&eu);
    });
}

#[test]
fn a_synth_removes_the_temporary_files_a_killed_synth_left() {
    let dir = tmpdir("stale-temp");
    let app = App::with_outdir(&dir);
    Stack::new(&app, "s", &Environment::new("dev").unwrap());
    app.synth().unwrap();
    // A synth killed while writing (its process is gone: no such process id on Linux) left these behind.
    let dead = dir.join("stacks/s/.cdk.tf.json.tmp-4999999");
    let dead_manifest = dir.join(".manifest.json.tmp-4999999");
    let not_ours = dir.join("stacks/s/.notes.tmp-4999999");
    for f in [&dead, &dead_manifest, &not_ours] {
        std::fs::write(f, "partial").unwrap();
    }
    app.synth().unwrap();
    assert!(!dead.exists() && !dead_manifest.exists(), "stale temporary files are removed");
    assert!(not_ours.exists(), "files that are not konductor's stay");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_list_of_handles_attributes_can_be_an_output() {
    use konductor::aws::network::{Tier, TieredVpc, TieredVpcProps};
    let json = testing::synth(|stack| {
        let vpc = TieredVpc::new(stack, "vpc", TieredVpcProps::builder().cidr("10.40.0.0/16").azs(2).build().unwrap())
            .unwrap();
        Output::new(stack, "app-subnets", vpc.subnet_ids(Tier::App));
    });
    let ids = json["output"]["app-subnets"]["value"].as_array().unwrap();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.iter().all(|i| i.as_str().unwrap().starts_with("${aws_subnet.")), "{ids:?}");
}
