//! `ci atlantis` and `ci github`: one Atlantis project / one GitHub job per stack, dependencies from the
//! manifest, autoplan on the program's sources; the YAML parsed back to check what it says, and snapshots.

use konductor::cli::ci::{atlantis, github, Program};
use konductor::cli::{Cli, Console};
use konductor::prelude::*;
use yaml_rust2::{Yaml, YamlLoader};

/// `network`; `data` and `app` depending on it; `app` also on `data`; `tools` on nothing.
fn program(app: &App) {
    let env = Environment::new("dev").unwrap();
    let network = Stack::new(app, "network", &env);
    let data = Stack::new(app, "data", &env);
    data.depends_on(&network);
    let app_stack = Stack::new(app, "app", &env);
    app_stack.depends_on(&network);
    app_stack.depends_on(&data);
    Stack::new(app, "tools", &env);
}

fn synthesized() -> konductor::Synthesized {
    let app = App::with_outdir("cdktf.out");
    program(&app);
    app.synthesize().unwrap()
}

fn example() -> Program {
    Program::new("cargo run --example platform --", ["examples/platform.rs"])
}

fn strings(y: &Yaml) -> Vec<&str> {
    y.as_vec().unwrap_or_else(|| panic!("a list: {y:?}")).iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn atlantis_has_a_project_per_stack_with_its_dependencies_and_sources() {
    let text = atlantis(&synthesized(), "cdktf.out".as_ref(), &example()).unwrap();
    let doc = &YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    assert_eq!(doc["version"].as_i64(), Some(3));
    let projects = doc["projects"].as_vec().unwrap();
    let names: Vec<&str> = projects.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["network", "data", "app", "tools"], "dependency order");
    let app = &projects[2];
    assert_eq!(app["dir"].as_str(), Some("cdktf.out/stacks/app"));
    assert_eq!(app["workflow"].as_str(), Some("konductor"));
    assert_eq!(strings(&app["depends_on"]), ["data", "network"]);
    assert_eq!(app["execution_order_group"].as_i64(), Some(2), "after data (1), after network (0)");
    assert_eq!(projects[3]["execution_order_group"].as_i64(), Some(0));
    assert!(projects[0]["depends_on"].is_badvalue(), "no depends_on for a stack depending on none");
    assert_eq!(
        strings(&app["autoplan"]["when_modified"]),
        [
            "../../../Cargo.toml",
            "../../../Cargo.lock",
            "../../../src/**/*.rs",
            "../../../examples/platform.rs",
            "*.tf.json"
        ],
        "paths relative to the project directory"
    );
    let steps = doc["workflows"]["konductor"]["plan"]["steps"].as_vec().unwrap();
    assert_eq!(
        steps[0]["run"].as_str(),
        Some("cd ../../.. && cargo run --example platform -- --out cdktf.out synth --quiet")
    );
    assert_eq!((steps[1].as_str(), steps[2].as_str()), (Some("init"), Some("plan")));
    insta::assert_snapshot!("atlantis", text);
}

#[test]
fn github_synthesizes_then_plans_each_stack_after_its_dependencies() {
    let text = github(&synthesized(), "cdktf.out".as_ref(), &example()).unwrap();
    let doc = &YamlLoader::load_from_str(&text).expect("valid YAML")[0];
    assert_eq!(doc["name"].as_str(), Some("konductor"));
    let jobs = doc["jobs"].as_hash().unwrap();
    let ids: Vec<&str> = jobs.keys().map(|k| k.as_str().unwrap()).collect();
    assert_eq!(ids, ["synth", "plan-network", "plan-data", "plan-app", "plan-tools"]);
    let synth = &doc["jobs"]["synth"]["steps"];
    let runs: Vec<&str> = synth.as_vec().unwrap().iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(runs, ["cargo test", "cargo run --example platform -- --out cdktf.out synth"]);
    assert_eq!(strings(&doc["jobs"]["plan-app"]["needs"]), ["synth", "plan-data", "plan-network"]);
    assert_eq!(strings(&doc["jobs"]["plan-tools"]["needs"]), ["synth"]);
    let plan_steps = doc["jobs"]["plan-app"]["steps"].as_vec().unwrap();
    let commands: Vec<(&str, &str)> =
        plan_steps.iter().filter_map(|s| Some((s["run"].as_str()?, s["working-directory"].as_str()?))).collect();
    assert_eq!(
        commands,
        [
            ("terraform init -input=false", "cdktf.out/stacks/app"),
            ("terraform validate", "cdktf.out/stacks/app"),
            ("terraform plan -input=false", "cdktf.out/stacks/app"),
        ]
    );
    assert_eq!(plan_steps[1]["with"]["terraform_version"].as_str(), Some(konductor::cli::versions::TERRAFORM_CI));
    insta::assert_snapshot!("github", text);
}

#[test]
fn the_command_takes_the_program_and_sources_and_refuses_an_output_outside_the_repository() {
    let app = App::with_outdir("cdktf.out");
    program(&app);
    let (console, printed) = Console::capture();
    let cli =
        Cli::parse_from(["prog", "ci", "atlantis", "--program", "cargo run -p infra --", "--source", "infra/**/*.rs"])
            .unwrap();
    cli.run(&app, &console).unwrap();
    assert!(printed.stdout().contains("- run: \"cd ../../.. && cargo run -p infra -- --out cdktf.out synth --quiet\""));
    assert!(
        printed.stdout().contains("when_modified: [\"../../../infra/**/*.rs\", \"*.tf.json\"]"),
        "{}",
        printed.stdout()
    );

    let outside = App::with_outdir("/nonexistent-root-dir/out");
    program(&outside);
    let (console, _) = Console::capture();
    let e = Cli::parse_from(["prog", "ci", "github"]).unwrap().run(&outside, &console).unwrap_err();
    assert!(e.to_string().starts_with("--out /nonexistent-root-dir/out is outside the repository"), "{e}");
}
