//! Synthesis speed on stack R1 (`examples/r1.rs`, 48 resources per environment) at N = 1, 10, 100, 1000.
//!
//!     cargo bench --bench synth                 # all benchmarks
//!     cargo bench --bench synth -- synthesize   # one of them
//!
//! - `synthesize`: validation and rendering of an app already built, in memory (`App::synthesize`).
//! - `build_and_synthesize`: building the construct tree too, as a stack program does.
//! - `write_floor`: writing the finished `cdk.tf.json` bytes to a file, the floor synthesis cannot go below.
//!
//! `scripts/bench-r1.sh` times the whole `r1` process against cdktf.

use divan::counter::BytesCount;
use divan::Bencher;
use konductor::App;

#[path = "../examples/r1.rs"]
#[allow(dead_code)] // the example's `main` and command line are not used here
mod r1;

const SIZES: [usize; 4] = [1, 10, 100, 1000];

fn built(n: usize) -> App {
    let app = App::with_outdir("unused");
    r1::build(&app, n).expect("R1 builds");
    app
}

fn output_len(n: usize) -> usize {
    built(n).synthesize().expect("R1 synthesizes").stacks[0].1.len()
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn synthesize(bencher: Bencher, n: usize) {
    bencher
        .counter(BytesCount::new(output_len(n)))
        .with_inputs(|| built(n))
        .bench_local_refs(|app| app.synthesize().expect("R1 synthesizes"));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn build_and_synthesize(bencher: Bencher, n: usize) {
    bencher.counter(BytesCount::new(output_len(n))).bench_local(|| {
        let app = App::with_outdir("unused");
        r1::build(&app, n).expect("R1 builds");
        app.synthesize().expect("R1 synthesizes")
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn write_floor(bencher: Bencher, n: usize) {
    let bytes = built(n).synthesize().expect("R1 synthesizes").stacks.remove(0).1;
    let dir = std::env::temp_dir().join(format!("konductor-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("cdk.tf.json");
    bencher.counter(BytesCount::new(bytes.len())).bench_local(|| std::fs::write(&file, &bytes).expect("write"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    divan::main();
}
