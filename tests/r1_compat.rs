//! Compatibility with CDK Terrain (cdktn), cdktf's continuation: stack R1 (`examples/r1.rs`, a port of
//! `../shared/reference/cdktn-r1/main.js`) synthesizes, for N = 2, the bytes cdktn 0.24.0 with
//! @cdktn/provider-aws 25.7.0 (hashicorp/aws 6.66.0) wrote for it (`tests/data/cdktn-r1-n2/`, from that
//! folder's `run.sh 2`), apart from the version in the `"//"` metadata; its manifest is the same JSON.
//!
//! The reference program sets `odbNetworkArn: null` on its inline routes: @cdktn/provider-aws 25.7.0 leaves the
//! key out otherwise, which Terraform rejects (every attribute of an object-typed value is required).
//! konductor writes every key of an object, so its output has those `null`s without being told
//! ([`inline_routes_write_every_key`]).

use konductor::App;

#[path = "../examples/r1.rs"]
#[allow(dead_code)] // the example's `main` and command line are not used here
mod r1;

/// The cdktn version the reference output was written with.
const CDKTN_VERSION: &str = "0.24.0";

fn reference(file: &str) -> String {
    let path = format!("{}/tests/data/cdktn-r1-n2/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// R1 with 2 environments, synthesized in memory: `(cdk.tf.json, manifest.json)`.
fn synthesize_r1() -> (String, String) {
    let app = App::with_outdir("unused");
    r1::build(&app, 2).expect("R1 builds");
    let out = app.synthesize().expect("R1 synthesizes");
    assert_eq!(out.stacks.len(), 1, "R1 is one stack");
    let (name, bytes) = &out.stacks[0];
    assert_eq!(name, r1::STACK);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).expect("synthesis writes UTF-8");
    (text(bytes), text(&out.manifest))
}

/// `text` with the value of its one `"version": "<konductor's version>"` line, at `indent` spaces, set to
/// cdktn's.
fn with_cdktn_version(text: &str, indent: usize) -> String {
    let ours = format!("\n{}\"version\": \"{}\"", " ".repeat(indent), konductor::VERSION);
    assert_eq!(text.matches(&ours).count(), 1, "one version line at indent {indent}");
    text.replacen(&ours, &format!("\n{}\"version\": \"{CDKTN_VERSION}\"", " ".repeat(indent)), 1)
}

/// Fails with the first line that differs, with a few lines of context from both sides.
fn assert_same_text(what: &str, ours: &str, cdktn: &str) {
    if ours == cdktn {
        return;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.split('\n').collect(), cdktn.split('\n').collect());
    let line = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let context = |lines: &[&str]| {
        let from = line.saturating_sub(3);
        let to = (line + 4).min(lines.len());
        (from..to)
            .map(|i| format!("{:>6}{} {}", i + 1, if i == line { ">" } else { " " }, lines[i]))
            .collect::<Vec<_>>()
    };
    panic!(
        "{what} differs from cdktn's first at line {} ({} lines here, {} in cdktn's)\n--- konductor\n{}\n--- cdktn {CDKTN_VERSION}\n{}",
        line + 1,
        a.len(),
        b.len(),
        context(&a).join("\n"),
        context(&b).join("\n"),
    );
}

#[test]
fn stack_is_cdktn_byte_for_byte() {
    let (stack, _) = synthesize_r1();
    assert_same_text("cdk.tf.json", &with_cdktn_version(&stack, 6), &reference("cdk.tf.json"));
}

#[test]
fn manifest_is_cdktns() {
    let (_, manifest) = synthesize_r1();
    // The same JSON; cdktn 0.24 writes the manifest's empty arrays as `[]`, konductor as cdktf 0.21 did
    // (`[` and `]` on lines of their own), so the text is compared as JSON.
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("the manifest is JSON");
    assert_eq!(parse(&with_cdktn_version(&manifest, 2)), parse(&reference("manifest.json")));
}

/// Every inline route of every route table writes `odb_network_arn` (unset, so `null`) and the provider is
/// pinned as cdktn pins it; R1 never sets `odb_network_arn`.
#[test]
fn inline_routes_write_every_key() {
    let (stack, _) = synthesize_r1();
    let json: serde_json::Value = serde_json::from_str(&stack).expect("valid JSON");
    let tables = json["resource"]["aws_route_table"].as_object().expect("route tables");
    let routes: Vec<&serde_json::Value> = tables.values().filter_map(|t| t["route"].as_array()).flatten().collect();
    assert_eq!(routes.len(), 2 * 4, "per environment, 4 of the 5 route tables have a route (the data tier none)");
    for r in routes {
        let keys = r.as_object().expect("a route is an object");
        assert_eq!(keys.get("odb_network_arn"), Some(&serde_json::Value::Null), "{r}");
    }
    let aws = &json["terraform"]["required_providers"]["aws"];
    assert_eq!((aws["source"].as_str(), aws["version"].as_str()), (Some("hashicorp/aws"), Some("6.66.0")));
}

#[test]
fn every_environment_has_all_its_resources() {
    let (stack, _) = synthesize_r1();
    let json: serde_json::Value = serde_json::from_str(&stack).expect("valid JSON");
    let resources: usize =
        json["resource"].as_object().expect("resources").values().map(|t| t.as_object().map_or(0, |m| m.len())).sum();
    assert_eq!(resources, 2 * r1::RESOURCES_PER_ENV);
}

#[test]
fn n_comes_from_the_flag_a_bare_number_or_the_environment() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut a = args(&["r1", "--n", "7", "--out", "x"]);
    assert_eq!(r1::take_n(&mut a).unwrap(), 7);
    assert_eq!(a, args(&["r1", "--out", "x"]));
    let mut a = args(&["r1", "--n=12"]);
    assert_eq!(r1::take_n(&mut a).unwrap(), 12);
    let mut a = args(&["r1", "3", "validate"]);
    assert_eq!(r1::take_n(&mut a).unwrap(), 3);
    assert_eq!(a, args(&["r1", "validate"]));
    let mut a = args(&["r1", "--n", "0"]);
    assert!(r1::take_n(&mut a).is_err());
}
