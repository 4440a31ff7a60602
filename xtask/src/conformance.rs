//! `konductor-aws/tests/l1_conformance.rs`: one test per allowlisted type that synthesizes it with only its
//! required arguments and checks the result against the checked-in schema, and one that sets every argument
//! of every type.

use std::fmt::Write;

use crate::emit::GENERATED;
use crate::lower::rust_ident;
use crate::model::{Field, Model, Module, RType};
use crate::tables::Kind;
use crate::{Error, File, Inputs, Result, PROVIDERS};

/// The placeholder of a policy attribute: a document every policy check accepts.
const POLICY_SAMPLE: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#;

struct Placeholders<'a> {
    inputs: &'a Inputs,
    uses_json: bool,
    /// Set every settable field, not only the required ones.
    full: bool,
}

impl Placeholders<'_> {
    /// An expression of type `ty` (`s` is the stack in scope); `path` is the attribute's dotted path in `tf_type`.
    fn value(&mut self, ty: &RType, module: &Module, tf_type: &str, path: &str) -> Result<String> {
        Ok(match ty {
            // Policy attributes take a policy document: synthesis checks their JSON.
            RType::String
                if matches!(path.rsplit('.').next(), Some("policy" | "assume_role_policy" | "inline_policy")) =>
            {
                format!("r#\"{POLICY_SAMPLE}\"#")
            }
            RType::String => "\"example\"".into(),
            RType::Number => "1".into(),
            RType::Bool => "true".into(),
            RType::Name => {
                let sample = self.inputs.names.get(tf_type, path).unwrap_or("example");
                format!("s.name({sample:?})")
            }
            RType::Json => {
                self.uses_json = true;
                "json!({})".into()
            }
            RType::JsonObject(keys) => {
                self.uses_json = true;
                let entries: Vec<String> = keys.iter().map(|k| format!("{k:?}: null")).collect();
                format!("json!({{ {} }})", entries.join(", "))
            }
            RType::Vec(t) => format!("[{}]", self.value(t, module, tf_type, path)?),
            RType::Map(t) => format!("[(\"key\", {})]", self.value(t, module, tf_type, path)?),
            RType::Struct(ident) => {
                let s = module
                    .get(ident)
                    .ok_or_else(|| Error::new(format!("module `{}` has no struct `{ident}`", module.name)))?;
                let mut out = format!("{}::{ident}::builder()", module.name);
                out.push_str(&self.setters(&s.fields, module, tf_type, Some(path))?);
                out.push_str(".build()");
                out
            }
        })
    }

    /// `.name(value)` for each field to set.
    fn setters(&mut self, fields: &[Field], module: &Module, tf_type: &str, path: Option<&str>) -> Result<String> {
        let mut out = String::new();
        let full = self.full;
        for f in fields.iter().filter(|f| f.required() || (full && !f.computed && f.pin.is_none())) {
            let here = match path {
                Some(p) => format!("{p}.{}", f.tf_name),
                None => f.tf_name.clone(),
            };
            let v = self.value(&f.ty, module, tf_type, &here)?;
            let _ = write!(out, ".{}({v})", rust_ident(&f.tf_name)?);
        }
        Ok(out)
    }
}

/// A sample: kind (`resource`, `data`, `provider`), Terraform type or provider name, function name.
type Sample = (String, String, String);

/// The sample functions of one variant, and each sample.
fn samples(model: &Model, p: &mut Placeholders<'_>, prefix: &str) -> Result<(String, Vec<Sample>)> {
    let mut code = String::new();
    let mut all = Vec::new();
    for (kind, tf_type, module_name, ident) in &model.index {
        let module = &model.modules[module_name];
        let s = module.get(ident).ok_or_else(|| Error::new(format!("no struct {ident}")))?;
        let k = match kind {
            Kind::Resource => "resource",
            Kind::Data => "data",
        };
        let f = format!("{prefix}{k}_{tf_type}");
        let chain = p.setters(&s.fields, module, tf_type, None)?;
        let _ =
            writeln!(code, "\nfn {f}(s: &Stack) {{\n    {module_name}::{ident}::builder(s, {f:?}){chain}.build();\n}}");
        all.push((k.to_string(), tf_type.clone(), f));
    }
    for (name, _, ident, _) in PROVIDERS {
        let f = format!("{prefix}provider_{name}");
        let s = model.providers.get(ident).ok_or_else(|| Error::new(format!("no provider struct {ident}")))?;
        let fields: Vec<Field> = s.fields.iter().filter(|f| f.tf_name != "alias").cloned().collect();
        let chain = p.setters(&fields, &model.providers, name, None)?;
        let _ = writeln!(
            code,
            "\nfn {f}(s: &Stack) {{\n    {ident}::builder(s, \"{f}\"){chain}.build();\n    \
             {ident}::builder(s, \"{f}-aliased\").alias(\"{prefix}aliased\"){chain}.build();\n}}"
        );
        all.push(("provider".to_string(), name.to_string(), f));
    }
    Ok((code, all))
}

fn table(out: &mut String, name: &str, doc: &str, all: &[Sample]) {
    let _ = writeln!(out, "\n/// {doc}\nconst {name}: &[schema_check::Sample] = &[");
    for (k, t, f) in all {
        let _ = writeln!(out, "    ({k:?}, {t:?}, {f}),");
    }
    out.push_str("];\n");
}

/// The test file.
pub fn emit(model: &Model, inputs: &Inputs) -> Result<File> {
    let mut p = Placeholders { inputs, uses_json: false, full: false };
    let (required, required_all) = samples(model, &mut p, "")?;
    p.full = true;
    let (full, full_all) = samples(model, &mut p, "full_")?;

    let mut out = String::from(
        "//! Conformance of the L1 bindings against the checked-in provider schema (`konductor-aws/schema/*.json`):\n\
         //! every allowlisted type and provider configuration, synthesized with only its required arguments set to\n\
         //! placeholder values, has no schema error (one test each); so has every type with every argument set.\n\
         //! `KONDUCTOR_L1_SAMPLE_OUT=DIR` also writes both samples as a cdktf.out to DIR, for `validate_tf_json.py`.\n",
    );
    let _ = writeln!(out, "//!\n//! {GENERATED}\n");
    out.push_str("mod schema_check;\n\n");
    let modules: Vec<&str> = model.modules.keys().map(String::as_str).collect();
    let _ = writeln!(out, "use konductor_aws::l1::{{{}}};", modules.join(", "));
    let idents: Vec<&str> = PROVIDERS.iter().map(|p| p.2).collect();
    let _ = writeln!(out, "use konductor_aws::providers::{{self, {}}};", idents.join(", "));
    out.push_str("use konductor_core::Stack;\n");
    if p.uses_json {
        out.push_str("use serde_json::json;\n");
    }
    out.push_str(&required);
    out.push_str(&full);
    table(
        &mut out,
        "REQUIRED",
        "Every type with only its required arguments: kind, Terraform type (or provider), sample.",
        &required_all,
    );
    table(&mut out, "FULL", "Every type with every argument set.", &full_all);
    out.push_str(
        "\n#[test]\nfn every_type_in_one_stack_conforms() {\n    schema_check::assert_all_conform(\"l1-required\", REQUIRED);\n}\n",
    );
    out.push_str(
        "\n#[test]\nfn every_argument_of_every_type_conforms() {\n    schema_check::assert_all_conform(\"l1-full\", FULL);\n}\n",
    );
    for (k, t, f) in &required_all {
        let _ =
            writeln!(out, "\n#[test]\nfn {f}_conforms() {{\n    schema_check::assert_conforms({k:?}, {t:?}, {f});\n}}");
    }
    Ok(File { path: "konductor-aws/tests/l1_conformance.rs".into(), text: out })
}
