//! The arguments of a stack program, as clap parses them.

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

/// Synthesizes this konductor program into Terraform JSON (cdktf layout), and runs Terraform on it.
#[derive(Debug, Parser)]
#[command(about, long_about = None, after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// Output directory [default: $CDKTF_OUTDIR, else ./cdktf.out]
    #[arg(long, short, global = true, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,

    /// Print only what is asked for: no summary or progress lines
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,

    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

const AFTER_HELP: &str = "\
Exit status: 0 on success; 1 when synthesis, Terraform or a check failed (and for `diff`, when something \
changed); 2 for a usage error.";

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Validate and write the output directory, then say what was written (the default)
    Synth,
    /// Run every check and write nothing
    Validate,
    /// Print the names of the stacks
    List,
    /// Show what changed against the last synthesized output, per stack; write nothing (exit 1 when something
    /// changed)
    Diff,
    /// Synthesize, then `terraform plan` each stack in dependency order
    Plan(RunArgs),
    /// Synthesize, then `terraform apply` each stack in dependency order
    Deploy(ApplyArgs),
    /// Synthesize, then `terraform destroy` each stack in reverse dependency order
    Destroy(ApplyArgs),
    /// Synthesize, then print `terraform output` of each stack
    Output(OutputArgs),
    /// Draw the stacks, accounts, VPCs and resources with their dependencies, or the construct tree
    Graph(GraphArgs),
    /// List the NIST SP 800-53 Rev. 5 controls and the constructs and resources that implement each
    Compliance(ComplianceArgs),
    /// Print CI configuration for this program: `ci atlantis` or `ci github`
    #[command(subcommand)]
    Ci(CiCommand),
}

/// The options of every command that runs Terraform.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct RunArgs {
    /// The stacks to run [default: all], in dependency order whatever order they are given in
    #[arg(value_name = "STACKS")]
    pub(crate) stacks: Vec<String>,

    /// The Terraform binary: `terraform`, `tofu` or a path
    #[arg(long, env = "KONDUCTOR_TF_BINARY", default_value = "terraform", value_name = "BIN")]
    pub(crate) binary: String,

    /// How many independent stacks run at once
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub(crate) parallelism: u16,

    /// Set a Terraform variable for every stack that declares it: NAME=VALUE
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub(crate) vars: Vec<String>,

    /// Pass a variable file to every stack's plan, apply and destroy
    #[arg(long = "var-file", value_name = "FILE")]
    pub(crate) var_files: Vec<PathBuf>,

    /// Run the stacks given even when a stack they depend on (or, for destroy, that depends on them) is left out
    #[arg(long)]
    pub(crate) ignore_missing_stack_dependencies: bool,
}

/// `deploy` and `destroy`.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct ApplyArgs {
    #[command(flatten)]
    pub(crate) run: RunArgs,

    /// Apply without asking: passed to Terraform as -auto-approve; required when standard input is not a terminal
    #[arg(long)]
    pub(crate) auto_approve: bool,
}

/// `output`.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct OutputArgs {
    #[command(flatten)]
    pub(crate) run: RunArgs,

    /// Print the outputs as JSON (terraform output -json)
    #[arg(long)]
    pub(crate) json: bool,
}

/// `graph`.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct GraphArgs {
    /// The notation
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub(crate) format: GraphFormat,

    /// What to draw
    #[arg(long, value_enum, default_value_t = GraphView::Resources)]
    pub(crate) view: GraphView,
}

/// The notation of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub and GitLab render it in Markdown)
    Mermaid,
    /// Graphviz DOT
    Dot,
    /// SVG, drawn by Graphviz `dot` (which must be installed)
    Svg,
}

/// What `graph` draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphView {
    /// Stacks, accounts and VPCs as groups, resources and data sources with their dependencies
    Resources,
    /// The construct tree: stacks, constructs and elements
    Constructs,
}

/// `compliance`.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct ComplianceArgs {
    /// The notation
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub(crate) format: ReportFormat,

    /// Fail (exit 1) when one of these controls has no implementation: AC-2,SC-13 ...
    #[arg(long, value_delimiter = ',', value_name = "CONTROLS")]
    pub(crate) require: Vec<String>,
}

/// The notation of `compliance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A Markdown table, then each control with what implements it
    Markdown,
    /// JSON
    Json,
}

/// `ci`.
#[derive(Clone, Debug, Subcommand)]
pub(crate) enum CiCommand {
    /// An atlantis.yaml: one project per stack, with its dependencies and autoplan on the program's sources
    Atlantis(CiArgs),
    /// A GitHub Actions workflow that synthesizes, checks and plans the stacks in dependency order
    Github(CiArgs),
}

/// The options of `ci atlantis` and `ci github`.
#[derive(Clone, Debug, ClapArgs)]
pub(crate) struct CiArgs {
    /// The command that runs this program from the repository root [default: `cargo run --example NAME --`
    /// for an example, else `cargo run --bin NAME --`]
    #[arg(long, value_name = "COMMAND")]
    pub(crate) program: Option<String>,

    /// The files whose change makes a stack plan, relative to the repository root (repeatable)
    /// [default: Cargo.toml, Cargo.lock, src/**/*.rs and the example's source]
    #[arg(long = "source", value_name = "GLOB")]
    pub(crate) sources: Vec<String>,

    /// The Terraform version CI installs
    #[arg(long, default_value = crate::cli::versions::TERRAFORM_CI, value_name = "VERSION")]
    pub(crate) terraform_version: String,
}
