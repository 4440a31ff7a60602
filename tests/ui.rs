//! Compile-time diagnostics: each `tests/ui/NAME.rs` must fail to compile with `NAME.stderr`.
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui` and review the diff.

#[test]
fn compile_time_diagnostics() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
