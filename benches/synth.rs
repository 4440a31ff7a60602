//! Synthesis speed, phase by phase, on stack R1 (`examples/r1.rs`, 48 resources per environment) at N = 1, 10,
//! 100, 1000, and on a construct-heavy program: the three stacks of `examples/network.rs` (ZeroTrustVpc,
//! TieredVpc, security-group chains, peering, on the building blocks) for 50 environments, 150 stacks.
//!
//!     cargo bench --bench synth                 # all benchmarks
//!     cargo bench --bench synth -- r1_check     # one of them
//!
//! - `r1_build`: building the construct tree, as the stack program does (the tree's drop is not timed).
//! - `r1_check`: every check of synthesis on a built tree (`App::validate`).
//! - `r1_render`: rendering a checked tree into `cdk.tf.json` bytes, in memory.
//! - `r1_synthesize`: both, as `App::synthesize` runs them.
//! - `r1_build_and_synthesize`: the whole of a stack program's work but writing.
//! - `r1_write_floor`: writing the finished `cdk.tf.json` bytes to a file, the floor synthesis cannot go below.
//! - `network_50_{build,check,render}`: the same phases for the construct-heavy program.
//!
//! `scripts/bench-r1.sh` times the whole `r1` process against cdktf and cdktn.

use divan::counter::BytesCount;
use divan::Bencher;
use konductor::{App, Environment};

#[path = "../examples/r1.rs"]
#[allow(dead_code)] // the example's `main` and command line are not used here
mod r1;

#[path = "../examples/network.rs"]
#[allow(dead_code)]
mod network;

const SIZES: [usize; 4] = [1, 10, 100, 1000];

/// Environments of the construct-heavy program.
const NETWORK_ENVIRONMENTS: usize = 50;

fn r1_built(n: usize) -> App {
    let app = App::with_outdir("unused");
    r1::build(&app, n).expect("R1 builds");
    app
}

fn network_built() -> App {
    let app = App::with_outdir("unused");
    for i in 1..=NETWORK_ENVIRONMENTS {
        let env = Environment::new(&format!("e{i}")).expect("environment");
        network::build(&app, &env, &format!("e{i}-")).expect("the network example builds");
    }
    app
}

/// The bytes of every stack of `app`.
fn output_len(app: &App) -> usize {
    app.synthesize().expect("synthesizes").stacks.iter().map(|(_, b)| b.len()).sum()
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_build(bencher: Bencher, n: usize) {
    bencher.bench_local(|| r1_built(n));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_check(bencher: Bencher, n: usize) {
    bencher.with_inputs(|| r1_built(n)).bench_local_refs(|app| app.validate().expect("R1 is valid"));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_render(bencher: Bencher, n: usize) {
    bencher
        .counter(BytesCount::new(output_len(&r1_built(n))))
        .with_inputs(|| {
            let app = r1_built(n);
            let checked = app.check_for_render().expect("R1 is valid");
            (app, checked)
        })
        .bench_local_refs(|(app, checked)| checked.render(app));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_synthesize(bencher: Bencher, n: usize) {
    bencher
        .counter(BytesCount::new(output_len(&r1_built(n))))
        .with_inputs(|| r1_built(n))
        .bench_local_refs(|app| app.synthesize().expect("R1 synthesizes"));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_build_and_synthesize(bencher: Bencher, n: usize) {
    bencher.counter(BytesCount::new(output_len(&r1_built(n)))).bench_local(|| {
        let app = r1_built(n);
        app.synthesize().expect("R1 synthesizes")
    });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn r1_write_floor(bencher: Bencher, n: usize) {
    let bytes = r1_built(n).synthesize().expect("R1 synthesizes").stacks.remove(0).1;
    let dir = std::env::temp_dir().join(format!("konductor-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("cdk.tf.json");
    bencher.counter(BytesCount::new(bytes.len())).bench_local(|| std::fs::write(&file, &bytes).expect("write"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[divan::bench(sample_count = 10)]
fn network_50_build(bencher: Bencher) {
    bencher.bench_local(network_built);
}

#[divan::bench(sample_count = 10)]
fn network_50_check(bencher: Bencher) {
    bencher.with_inputs(network_built).bench_local_refs(|app| app.validate().expect("the network example is valid"));
}

#[divan::bench(sample_count = 10)]
fn network_50_render(bencher: Bencher) {
    bencher
        .counter(BytesCount::new(output_len(&network_built())))
        .with_inputs(|| {
            let app = network_built();
            let checked = app.check_for_render().expect("the network example is valid");
            (app, checked)
        })
        .bench_local_refs(|(app, checked)| checked.render(app));
}

fn main() {
    divan::main();
}
