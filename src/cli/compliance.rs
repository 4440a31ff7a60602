//! `compliance`: the NIST SP 800-53 Rev. 5 controls, each with the constructs and resources that implement
//! it (from [`App::controls`]), as Markdown or JSON. The baseline controls are always listed, implemented
//! or not; any other control a construct declares is listed too. `--require` fails when a control it names
//! has no implementation.
//!
//! ```
//! use konductor::cli::compliance::Report;
//! use konductor::core::compliance::nist_800_53::SC_13;
//! use konductor::prelude::*;
//! let app = App::with_outdir("unused");
//! let stack = Stack::new(&app, "keys", &Environment::new("dev")?);
//! let keys = Construct::new(&stack, "keys");
//! keys.scope().implements(SC_13, "customer-managed KMS keys with rotation");
//! GenericResource::new(&keys, "key", "aws_kms_key");
//! let report = Report::new(&app);
//! assert!(report.missing(&["SC-13".into()]).is_empty());
//! assert_eq!(report.missing(&["SC-28".into()]), ["SC-28"]);
//! # Ok::<(), konductor::Error>(())
//! ```

use konductor_core::compliance::{nist_800_53, Control, Implementation};
use konductor_core::serde_json::{self, json, Value};
use konductor_core::{App, Error, Problem, Result};

use super::{select, Console, ReportFormat};

/// The controls every report lists, implemented or not.
pub const BASELINE: &[Control] = &[
    nist_800_53::AC_2,
    nist_800_53::AC_3,
    nist_800_53::AU_2,
    nist_800_53::AU_9,
    nist_800_53::CM_6,
    nist_800_53::SC_7,
    nist_800_53::SC_8,
    nist_800_53::SC_13,
    nist_800_53::SC_28,
    nist_800_53::SI_4,
];

/// The controls, in catalogue order, each with its implementations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// `(control, implementations)`.
    pub controls: Vec<(Control, Vec<Implementation>)>,
}

impl Report {
    /// The report of `app`: the baseline controls and every control its constructs declare.
    pub fn new(app: &App) -> Report {
        let declared = app.controls();
        let catalogue = nist_800_53::ALL;
        let mut controls: Vec<(Control, Vec<Implementation>)> = catalogue
            .iter()
            .filter(|c| BASELINE.contains(c) || declared.iter().any(|i| i.control == **c))
            .map(|c| (*c, declared.iter().filter(|i| i.control == *c).cloned().collect()))
            .collect();
        // Controls of another catalogue, declared by a construct, come after in declaration order.
        for i in declared.iter().filter(|i| !catalogue.contains(&i.control)) {
            match controls.iter_mut().find(|(c, _)| *c == i.control) {
                Some((_, list)) => list.push(i.clone()),
                None => controls.push((i.control, vec![i.clone()])),
            }
        }
        Report { controls }
    }

    /// The ids of `required` that have no implementation.
    pub fn missing(&self, required: &[String]) -> Vec<String> {
        required
            .iter()
            .filter(|id| !self.controls.iter().any(|(c, imps)| c.id.eq_ignore_ascii_case(id) && !imps.is_empty()))
            .cloned()
            .collect()
    }

    /// Markdown: a summary table, then each control with what implements it.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from(
            "# Compliance: NIST SP 800-53 Rev. 5\n\n| control | title | implemented by |\n| --- | --- | --- |\n",
        );
        for (c, imps) in &self.controls {
            let by = if imps.is_empty() {
                "**not implemented**".to_string()
            } else {
                let resources: usize = imps.iter().map(|i| i.resources.len()).sum();
                format!("{} construct{}, {resources} resource{}", imps.len(), s(imps.len()), s(resources))
            };
            out.push_str(&format!("| {} | {} | {by} |\n", c.id, c.title));
        }
        for (c, imps) in &self.controls {
            out.push_str(&format!("\n## {} {}\n\n", c.id, c.title));
            if imps.is_empty() {
                out.push_str("No construct of this program implements it.\n");
            }
            for i in imps {
                let stack = i.stack.as_deref().map(|s| format!(" (stack `{s}`)")).unwrap_or_default();
                out.push_str(&format!("- `{}`{stack}: {}\n", i.path, i.how));
                for r in &i.resources {
                    out.push_str(&format!("  - `{r}`\n"));
                }
            }
        }
        out.truncate(out.trim_end().len());
        out
    }

    /// JSON: `{"framework": ..., "controls": [{"id", "title", "implemented", "implementations": [...]}]}`.
    pub fn to_json(&self) -> String {
        let controls: Vec<Value> = self
            .controls
            .iter()
            .map(|(c, imps)| {
                json!({
                    "id": c.id,
                    "title": c.title,
                    "framework": c.framework,
                    "implemented": !imps.is_empty(),
                    "implementations": imps.iter().map(|i| json!({
                        "path": i.path,
                        "stack": i.stack,
                        "how": i.how,
                        "resources": i.resources,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let doc = json!({ "framework": "NIST SP 800-53 Rev. 5", "controls": controls });
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }
}

fn s(n: usize) -> &'static str {
    super::plural(n)
}

/// `compliance` on the command line: prints the report; a required control without implementation is an
/// error (exit 1) after the report.
pub(crate) fn run(app: &App, console: &Console, format: ReportFormat, require: &[String]) -> Result<i32> {
    let unknown: Vec<String> = require
        .iter()
        .filter(|id| nist_800_53::by_id(id).is_none())
        .map(|id| match select::did_you_mean(id, nist_800_53::ALL.iter().map(|c| c.id)) {
            Some(c) => format!("unknown control `{id}` in --require: did you mean `{c}`?"),
            None => format!("unknown control `{id}` in --require"),
        })
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = nist_800_53::ALL.iter().map(|c| c.id).collect();
        return Err(Error::Usage(format!(
            "{}\nthe controls konductor knows are: {}",
            unknown.join("\n"),
            known.join(", ")
        )));
    }
    app.validate()?;
    let report = Report::new(app);
    console.out_line(&match format {
        ReportFormat::Markdown => report.to_markdown(),
        ReportFormat::Json => report.to_json(),
    });
    let missing = report.missing(require);
    if missing.is_empty() {
        return Ok(0);
    }
    let named: Vec<String> =
        missing.iter().map(|id| nist_800_53::by_id(id).map(|c| c.to_string()).unwrap_or_else(|| id.clone())).collect();
    Err(Error::Invalid(
        Problem::new("compliance", format!("required control{} not implemented: {}", s(missing.len()), named.join(", ")))
            .with_fix("add constructs that implement them (and declare it with `scope.implements(...)`), or drop them from --require"),
    ))
}
