//! `compliance`: the NIST SP 800-53 Rev. 5 baseline controls and every control the constructs declare,
//! each with the constructs and resources implementing it, as Markdown and JSON; `--require` fails (exit 1)
//! on a control without implementation.

use konductor::cli::compliance::{Report, BASELINE};
use konductor::cli::{Cli, Console};
use konductor::core::compliance::nist_800_53::{AC_17, AU_2, AU_9, SC_13, SC_28};
use konductor::prelude::*;

/// A logging construct (AU-2, AU-9) and a key construct (SC-13, SC-28) in one stack; remote access (AC-17,
/// outside the baseline) in another.
fn program(app: &App) {
    let env = Environment::new("dev").unwrap();
    let logs = Stack::new(app, "logs", &env);
    let trail = Construct::new(&logs, "trail");
    trail.scope().implements(AU_2, "a multi-region trail records every management event");
    trail.scope().implements(AU_9, "the trail's bucket is encrypted, versioned and denies deletes");
    GenericResource::new(&trail, "trail", "aws_cloudtrail").set("name", logs.name("trail"));
    GenericResource::new(&trail, "bucket", "aws_s3_bucket")
        .set("bucket", logs.name("trail"))
        .set("force_destroy", true);
    let keys = Construct::new(&logs, "keys");
    keys.scope().implements(SC_13, "customer-managed KMS keys with yearly rotation");
    keys.scope().implements(SC_28, "the trail's bucket is encrypted with the key");
    GenericResource::new(&keys, "key", "aws_kms_key").set("enable_key_rotation", true);
    let ops = Stack::new(app, "ops", &env);
    let ssm = Construct::new(&ops, "session-manager");
    ssm.scope().implements(AC_17, "shell access only through Session Manager, no inbound ports");
}

fn report() -> Report {
    let app = App::with_outdir("unused");
    program(&app);
    Report::new(&app)
}

#[test]
fn the_report_lists_the_baseline_and_the_declared_controls_with_what_implements_them() {
    let r = report();
    let ids: Vec<&str> = r.controls.iter().map(|(c, _)| c.id).collect();
    assert_eq!(ids, ["AC-2", "AC-3", "AC-17", "AU-2", "AU-9", "CM-6", "SC-7", "SC-8", "SC-13", "SC-28", "SI-4"]);
    assert!(BASELINE.iter().all(|b| ids.contains(&b.id)), "every baseline control, implemented or not");
    let au2 = &r.controls.iter().find(|(c, _)| c.id == "AU-2").unwrap().1;
    assert_eq!(au2.len(), 1);
    assert_eq!(au2[0].path, "logs/trail");
    assert_eq!(au2[0].resources, ["aws_cloudtrail.trail_3987B402", "aws_s3_bucket.trail_bucket_AACC3202"]);
    assert!(r.controls.iter().find(|(c, _)| c.id == "AC-2").unwrap().1.is_empty());

    let md = r.to_markdown();
    assert!(md.contains("| AC-2 | Account Management | **not implemented** |"), "{md}");
    assert!(md.contains("| AU-2 | Event Logging | 1 construct, 2 resources |"), "{md}");
    assert!(md.contains("- `logs/trail` (stack `logs`): a multi-region trail records every management event\n  - `aws_cloudtrail.trail_3987B402`"), "{md}");
    insta::assert_snapshot!("markdown", md);

    let json: konductor::serde_json::Value = konductor::serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["framework"], "NIST SP 800-53 Rev. 5");
    let sc13 = json["controls"].as_array().unwrap().iter().find(|c| c["id"] == "SC-13").unwrap();
    assert_eq!(sc13["implemented"], true);
    assert_eq!(sc13["implementations"][0]["resources"][0], "aws_kms_key.keys_key_1855D61B");
    insta::assert_snapshot!("json", r.to_json());
}

#[test]
fn require_fails_on_a_control_without_implementation_after_printing_the_report() {
    let app = App::with_outdir("unused");
    program(&app);
    let (console, printed) = Console::capture();
    let ok = Cli::parse_from(["prog", "compliance", "--require", "AU-2,sc-13"]).unwrap().run(&app, &console).unwrap();
    assert_eq!(ok, 0);

    let (console, printed_json) = Console::capture();
    let e = Cli::parse_from(["prog", "compliance", "--format", "json", "--require", "AU-2,SI-4", "--require", "CM-6"])
        .unwrap()
        .run(&app, &console)
        .unwrap_err();
    assert!(matches!(e, konductor::Error::Invalid(_)), "exit 1, not a usage error: {e:?}");
    assert_eq!(
        e.to_string(),
        "[compliance] required controls not implemented: SI-4 System Monitoring, CM-6 Configuration Settings: add \
         constructs that implement them (and declare it with `scope.implements(...)`), or drop them from --require"
    );
    assert!(printed.stdout().starts_with("# Compliance: NIST SP 800-53 Rev. 5"));
    assert!(
        konductor::serde_json::from_str::<konductor::serde_json::Value>(&printed_json.stdout()).is_ok(),
        "the report is printed first"
    );
}

#[test]
fn an_unknown_control_is_a_usage_error_with_a_did_you_mean() {
    let app = App::with_outdir("unused");
    program(&app);
    let (console, _) = Console::capture();
    let e = Cli::parse_from(["prog", "compliance", "--require", "SC-31"]).unwrap().run(&app, &console).unwrap_err();
    assert!(matches!(e, konductor::Error::Usage(_)));
    let e = e.to_string();
    assert!(e.starts_with("unknown control `SC-31` in --require: did you mean `SC-13`?\nthe controls konductor knows are: AC-2, AC-3,"), "{e}");
}
