//! `diff`: what changed against the last synthesized output, per stack, with the changed attribute paths;
//! exit 0 when nothing changed, 1 otherwise; nothing written.

use std::path::PathBuf;

#[path = "../examples/r1.rs"]
#[allow(dead_code)]
mod r1;

use konductor::cli::diff::{diff, StackChange};
use konductor::cli::{Cli, Console};
use konductor::prelude::*;

fn outdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("konductor-cli-diff-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The program before: a bucket and a queue in `storage`, a stack `old` that will go away.
fn before(app: &App) {
    let env = Environment::new("dev").unwrap();
    let stack = Stack::new(app, "storage", &env);
    GenericResource::new(&stack, "logs", "aws_s3_bucket")
        .set("bucket", stack.name("logs"))
        .set("force_destroy", true)
        .set("tags", konductor::serde_json::json!({"team": "platform", "cost-center": "42"}));
    GenericResource::new(&stack, "jobs", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
    let old = Stack::new(app, "old", &env);
    GenericResource::new(&old, "topic", "aws_sns_topic").set("kms_master_key_id", "alias/aws/sns");
    Stack::new(app, "same", &env);
}

/// The program after: the bucket's tags changed, the queue gone, an archive bucket and an output added,
/// stack `old` gone and stack `new` added.
fn after(app: &App) {
    let env = Environment::new("dev").unwrap();
    let stack = Stack::new(app, "storage", &env);
    let logs = GenericResource::new(&stack, "logs", "aws_s3_bucket")
        .set("bucket", stack.name("logs"))
        .set("force_destroy", true)
        .set("tags", konductor::serde_json::json!({"team": "security", "cost-center": "42", "k8s.io/role": "x"}));
    GenericResource::new(&stack, "archive", "aws_s3_bucket")
        .set("bucket", stack.name("archive"))
        .set("force_destroy", true);
    Output::new(&stack, "logs-arn", logs.attr("arn"));
    Stack::new(app, "same", &env);
    let new = Stack::new(app, "new", &env);
    GenericResource::new(&new, "queue", "aws_sqs_queue").set("sqs_managed_sse_enabled", true);
}

#[test]
fn the_diff_lists_added_removed_and_changed_elements_with_attribute_paths() {
    let dir = outdir("changes");
    let first = App::with_outdir(&dir);
    before(&first);
    first.write().unwrap();
    let second = App::with_outdir(&dir);
    after(&second);

    let d = diff(&dir, &second.synthesize().unwrap()).unwrap();
    assert!(d.has_changes());
    let storage = &d.stacks[0];
    assert_eq!(storage.name, "storage");
    let StackChange::Changed(c) = &storage.change else { panic!("storage changed: {:?}", storage.change) };
    assert_eq!(c.added, ["aws_s3_bucket.archive", "output.logs-arn"]);
    assert_eq!(c.removed, ["aws_sqs_queue.jobs"]);
    assert_eq!(
        c.changed,
        [("aws_s3_bucket.logs".to_string(), vec!["tags[\"k8s.io/role\"]".to_string(), "tags.team".to_string()])]
    );
    assert_eq!(d.stacks[1].change, StackChange::Unchanged, "stack `same`");
    assert!(
        matches!(&d.stacks[2].change, StackChange::Added(e) if e == &["aws_sqs_queue.queue", "terraform"]),
        "{:?}",
        d.stacks[2]
    );
    assert!(
        matches!(&d.stacks[3].change, StackChange::Removed(e) if e == &["aws_sns_topic.topic", "terraform"]),
        "{:?}",
        d.stacks[3]
    );

    let text = d.to_string().replace(&dir.display().to_string(), "OUTDIR");
    insta::assert_snapshot!(text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_exits_1_on_changes_0_without_and_writes_nothing() {
    let dir = outdir("exit");
    let first = App::with_outdir(&dir);
    before(&first);
    first.write().unwrap();
    let written = std::fs::read(dir.join("stacks/storage/cdk.tf.json")).unwrap();

    let unchanged = App::with_outdir(&dir);
    before(&unchanged);
    let (console, printed) = Console::capture();
    let code = Cli::parse_from(["prog", "diff"]).unwrap().run(&unchanged, &console).unwrap();
    assert_eq!(code, 0, "{}", printed.stdout());
    assert!(printed.stdout().contains("diff: 0 of 3 stacks changed"), "{}", printed.stdout());

    let changed = App::with_outdir(&dir);
    after(&changed);
    let (console, printed) = Console::capture();
    let code = Cli::parse_from(["prog", "diff"]).unwrap().run(&changed, &console).unwrap();
    assert_eq!(code, 1);
    assert!(printed.stdout().contains("~ stack storage: 2 added, 1 changed, 1 removed"), "{}", printed.stdout());
    assert_eq!(std::fs::read(dir.join("stacks/storage/cdk.tf.json")).unwrap(), written, "diff wrote nothing");
    assert!(!dir.join("stacks/new").exists(), "diff wrote nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_earlier_output_every_stack_is_new() {
    let dir = outdir("fresh");
    let app = App::with_outdir(&dir);
    before(&app);
    let d = diff(&dir, &app.synthesize().unwrap()).unwrap();
    assert!(!d.had_output);
    assert!(d.stacks.iter().all(|s| matches!(s.change, StackChange::Added(_))));
    assert!(d.to_string().ends_with(&format!("no earlier output in {}; nothing was written", dir.display())));
    assert!(!dir.exists());
}

#[test]
fn a_synthesis_problem_is_the_error_of_diff() {
    let dir = outdir("bad");
    let app = App::with_outdir(&dir);
    let stack = Stack::new(&app, "s", &Environment::new("dev").unwrap());
    konductor::aws::l1::s3::S3Bucket::builder(&stack, "b").bucket(stack.name(&"x".repeat(70))).build();
    let (console, _) = Console::capture();
    let e = Cli::parse_from(["prog", "diff"]).unwrap().run(&app, &console).unwrap_err();
    assert!(e.to_string().contains("the limit is 3..=63"), "{e}");
}

/// R1 synthesized into an output directory that holds the `cdktf.out` of `tests/data/DATA`, and the diff.
fn diff_r1_against(data: &str, name: &str) -> konductor::cli::diff::Diff {
    let dir = outdir(name);
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(data);
    std::fs::create_dir_all(dir.join("stacks/r1")).unwrap();
    std::fs::copy(data.join("manifest.json"), dir.join("manifest.json")).unwrap();
    std::fs::copy(data.join("cdk.tf.json"), dir.join("stacks/r1/cdk.tf.json")).unwrap();
    let app = App::with_outdir(&dir);
    r1::build(&app, 2).unwrap();
    let d = diff(&dir, &app.synthesize().unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    d
}

#[test]
fn diff_against_the_output_cdktf_wrote_shows_the_destroy_attributes_and_the_provider_upgrade() {
    // The migration check of the README: the port of R1 against cdktf 0.21's own cdktf.out, written with
    // hashicorp/aws 6.25.0. konductor writes the two destroyability attributes R1's main.js leaves out, binds
    // hashicorp/aws 6.66.0 (required_providers), whose inline routes have one more key (odb_network_arn).
    let d = diff_r1_against("cdktf-r1-n2", "cdktf");
    let StackChange::Changed(c) = &d.stacks[0].change else { panic!("{:?}", d.stacks[0]) };
    assert!(c.added.is_empty() && c.removed.is_empty(), "the same addresses: {c:?}");
    let changed: Vec<(&str, Vec<&str>)> =
        c.changed.iter().map(|(a, p)| (a.as_str(), p.iter().map(String::as_str).collect())).collect();
    fn route(table: &str) -> (&str, Vec<&str>) {
        (table, vec!["route[0].odb_network_arn"])
    }
    assert_eq!(
        changed,
        [
            ("aws_cloudwatch_log_group.env1_flow-log-group_13D28C58", vec!["deletion_protection_enabled"]),
            ("aws_cloudwatch_log_group.env2_flow-log-group_0E4E21B8", vec!["deletion_protection_enabled"]),
            route("aws_route_table.env1_rt-private-a_C9DCA22E"),
            route("aws_route_table.env1_rt-private-b_C555E51B"),
            route("aws_route_table.env1_rt-private-c_160E635E"),
            route("aws_route_table.env1_rt-public_54138E28"),
            route("aws_route_table.env2_rt-private-a_2FD10FB3"),
            route("aws_route_table.env2_rt-private-b_8EE62BE6"),
            route("aws_route_table.env2_rt-private-c_10F8085C"),
            route("aws_route_table.env2_rt-public_83DFD1D3"),
            ("aws_s3_bucket_public_access_block.env1_bucket-pab_0E49849F", vec!["skip_destroy"]),
            ("aws_s3_bucket_public_access_block.env2_bucket-pab_5CF7643E", vec!["skip_destroy"]),
            ("terraform", vec!["required_providers.aws.source", "required_providers.aws.version"]),
        ]
    );
}

#[test]
fn diff_against_the_output_cdktn_wrote_shows_no_changes() {
    // cdktn 0.24.0 with @cdktn/provider-aws 25.7.0 binds hashicorp/aws 6.66.0 as konductor does, and its R1
    // sets the destroyability attributes and odb_network_arn: nothing differs.
    let d = diff_r1_against("cdktn-r1-n2", "cdktn");
    assert_eq!(d.stacks.len(), 1);
    assert!(matches!(d.stacks[0].change, StackChange::Unchanged), "{:?}", d.stacks[0]);
}
