//! `diff`: what changed against the last synthesized output, per stack, with the changed attribute paths;
//! exit 0 when nothing changed, 1 otherwise; nothing written.

use std::path::PathBuf;

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
