//! The checked-in generated files are exactly what the generator writes now, and the checked-in schema subset
//! is exactly what `extract` makes of the full schemas (when `../shared/schemas` is there).

use std::path::Path;

#[test]
fn checked_in_bindings_are_what_gen_writes() {
    let root = xtask::workspace_root();
    let files = xtask::generate(&root).unwrap_or_else(|e| panic!("generation failed: {e}"));
    assert!(files.len() > 10, "the generator wrote only {} files", files.len());
    let mut drift = xtask::drift(&root, &files);
    drift.extend(xtask::stale_files(&root, &files));
    assert!(
        drift.is_empty(),
        "the checked-in generated files differ from what the generator writes now; run `cargo xtask gen`:\n{:#?}",
        drift
    );
}

#[test]
fn checked_in_schema_subset_is_what_extract_writes() {
    let root = xtask::workspace_root();
    let schemas = root.join("../shared/schemas");
    if !schemas.is_dir() {
        eprintln!("{} not found: skipped", schemas.display());
        return;
    }
    let files = xtask::extract::extract(&root, &schemas, &[]).unwrap_or_else(|e| panic!("extract failed: {e}"));
    let drift = xtask::drift(&root, &files);
    assert!(drift.is_empty(), "run `cargo xtask extract`: {drift:#?}");
}

#[test]
fn generation_is_deterministic() {
    let root = xtask::workspace_root();
    let inputs = xtask::Inputs::read(&root).unwrap();
    let a = xtask::lower::lower(&inputs).unwrap();
    let b = xtask::lower::lower(&inputs).unwrap();
    let text = |m: &xtask::model::Model| format!("{m:?}");
    assert_eq!(text(&a), text(&b));
    assert!(Path::new(&root.join(xtask::L1_DIR)).join("mod.rs").exists());
}
