//! `rules/destroy.rs`: a destroyability rule for every attribute of the full AWS schema that `destroy.txt` pins.

use std::fmt::Write;

use crate::emit::GENERATED;
use crate::schema::Type;
use crate::{Error, File, Inputs, Result};

/// One rule: `(resource type, path, pin, required)`.
pub type Rule = (String, Vec<String>, crate::tables::Pin, bool);

/// The rules, sorted by type and path.
pub fn rules(inputs: &Inputs) -> Result<Vec<Rule>> {
    let mut out: Vec<Rule> = Vec::new();
    for (n, line) in inputs.destroy_attributes.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let bad = || Error::new(format!("aws-destroy-attributes.txt:{}: expected `TYPE PATH TYPE FLAGS`", n + 1));
        let f: Vec<&str> = line.split(' ').collect();
        if f.len() != 4 {
            return Err(bad());
        }
        let flags: Vec<&str> = f[3].split(',').collect();
        if !flags.contains(&"optional") && !flags.contains(&"required") {
            continue; // read-only: never set in configuration
        }
        let ty: serde_json::Value = serde_json::from_str(f[2]).map_err(|_| bad())?;
        let ty = Type::parse(&ty).map_err(|e| e.at(&format!("aws-destroy-attributes.txt:{}", n + 1)))?;
        if let Some(p) = inputs.pins.lookup(f[0], f[1], &ty)? {
            out.push((f[0].to_string(), f[1].split('.').map(str::to_string).collect(), p.pin.clone(), p.required));
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (t, path) in inputs.pins.specific() {
        if !out.iter().any(|r| r.0 == t && r.1.join(".") == path) {
            return Err(Error::new(format!(
                "destroy.txt: `{t} {path}` is not a settable attribute of the AWS schema (run `cargo xtask extract`?)"
            )));
        }
    }
    Ok(out)
}

/// The text of `konductor-aws/src/rules/destroy.rs`.
pub fn emit(inputs: &Inputs) -> Result<File> {
    let rules = rules(inputs)?;
    let mut out = String::from(
        "//! Destroyability pins of AWS resource types: every attribute of the AWS provider schema that can block\n\
         //! `terraform destroy`, with the value konductor pins (from `konductor-aws/schema/destroy.txt`). Typed\n\
         //! bindings pin these at compile time; synthesis checks generic resources and overrides against them.\n",
    );
    let _ = writeln!(out, "//!\n//! {GENERATED}\n");
    out.push_str("use konductor_core::rules::{DestroyRule, Pin};\n\n");
    out.push_str("/// Attributes that must hold their destroyable value.\n");
    out.push_str("pub static DESTROY_RULES: &[DestroyRule] = &[\n");
    for (t, path, pin, required) in &rules {
        let path: Vec<String> = path.iter().map(|p| format!("{p:?}")).collect();
        let _ = writeln!(
            out,
            "    DestroyRule {{ resource_type: {t:?}, path: &[{}], pin: {}, required: {required} }},",
            path.join(", "),
            pin.rust()
        );
    }
    out.push_str("];\n");
    Ok(File { path: "konductor-aws/src/rules/destroy.rs".into(), text: out })
}
