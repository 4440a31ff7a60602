//! Compatibility with cdktf: stack R1 (`examples/r1.rs`, a port of `../shared/reference/cdktf-r1/main.js`)
//! synthesizes, for N = 2, the bytes cdktf 0.21.0 wrote for it (`tests/data/cdktf-r1-n2/`), apart from the
//! version in the `"//"` metadata and in the manifest.
//!
//! One difference is deliberate and explicit here: konductor's typed resources pin every attribute that
//! can block `terraform destroy` and always write it (DESIGN.md, "Destroyability"); R1's cdktf program
//! leaves two of them out ([`PINNED_BY_KONDUCTOR_ONLY`]). The test checks that konductor writes each of
//! them on every resource of its type, then compares the rest byte for byte.

use konductor::App;

#[path = "../examples/r1.rs"]
#[allow(dead_code)] // the example's `main` and command line are not used here
mod r1;

/// The cdktf version the reference output was written with.
const CDKTF_VERSION: &str = "0.21.0";

/// `(resource type, attribute line)`: destroyability attributes konductor pins and writes that R1's
/// main.js does not set. With `deletionProtectionEnabled: false` on the log group and `skipDestroy: false`
/// on the public-access block added to main.js, cdktf 0.21.0 writes exactly these lines too (the rest of
/// its output unchanged).
const PINNED_BY_KONDUCTOR_ONLY: &[(&str, &str)] = &[
    ("aws_cloudwatch_log_group", "\"deletion_protection_enabled\": false"),
    ("aws_s3_bucket_public_access_block", "\"skip_destroy\": false"),
];

fn reference(file: &str) -> String {
    let path = format!("{}/tests/data/cdktf-r1-n2/{file}", env!("CARGO_MANIFEST_DIR"));
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
/// cdktf's.
fn with_cdktf_version(text: &str, indent: usize) -> String {
    let ours = format!("\n{}\"version\": \"{}\"", " ".repeat(indent), konductor::VERSION);
    assert_eq!(text.matches(&ours).count(), 1, "one version line at indent {indent}");
    text.replacen(&ours, &format!("\n{}\"version\": \"{CDKTF_VERSION}\"", " ".repeat(indent)), 1)
}

/// `stack` without the [`PINNED_BY_KONDUCTOR_ONLY`] lines, checking that every resource of each type has
/// its line. Resource bodies are at indent 6 and their attributes at indent 8.
fn without_konductor_pins(stack: &str) -> String {
    let mut lines: Vec<String> = stack.split('\n').map(str::to_string).collect();
    for (tf_type, pin) in PINNED_BY_KONDUCTOR_ONLY {
        let type_line = format!("    \"{tf_type}\": {{");
        let start = lines.iter().position(|l| *l == type_line).unwrap_or_else(|| panic!("no {tf_type} in R1"));
        let end = start + lines[start..].iter().position(|l| l.starts_with("    }")).expect("type block closes");
        let bodies = lines[start..end].iter().filter(|l| l.starts_with("      \"") && l.ends_with('{')).count();
        let pinned: Vec<usize> =
            (start..end).filter(|i| lines[*i].trim_end_matches(',') == format!("        {pin}")).collect();
        assert_eq!(pinned.len(), bodies, "every {tf_type} writes {pin}");
        for i in pinned.into_iter().rev() {
            if !lines[i].ends_with(',') {
                // The last attribute of its body: the one before it loses its comma.
                lines[i - 1].pop();
            }
            lines.remove(i);
        }
    }
    lines.join("\n")
}

/// Fails with the first line that differs, with a few lines of context from both sides.
fn assert_same_text(what: &str, ours: &str, cdktf: &str) {
    if ours == cdktf {
        return;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (ours.split('\n').collect(), cdktf.split('\n').collect());
    let line = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let context = |lines: &[&str]| {
        let from = line.saturating_sub(3);
        let to = (line + 4).min(lines.len());
        (from..to)
            .map(|i| format!("{:>6}{} {}", i + 1, if i == line { ">" } else { " " }, lines[i]))
            .collect::<Vec<_>>()
    };
    panic!(
        "{what} differs from cdktf's first at line {} ({} lines here, {} in cdktf's)\n--- konductor\n{}\n--- cdktf 0.21.0\n{}",
        line + 1,
        a.len(),
        b.len(),
        context(&a).join("\n"),
        context(&b).join("\n"),
    );
}

#[test]
fn stack_is_cdktf_byte_for_byte() {
    let (stack, _) = synthesize_r1();
    let ours = without_konductor_pins(&with_cdktf_version(&stack, 6));
    assert_same_text("cdk.tf.json", &ours, &reference("cdk.tf.json"));
}

#[test]
fn manifest_is_cdktf_byte_for_byte() {
    let (_, manifest) = synthesize_r1();
    assert_same_text("manifest.json", &with_cdktf_version(&manifest, 2), &reference("manifest.json"));
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
