//! Schema to model: names, Rust types, requiredness, physical names and destroyability pins.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use crate::docs::sanitize;
use crate::model::{Field, Model, Module, RType, Struct, StructKind};
use crate::schema::{Attribute, Block, NestedType, Nesting, Type};
use crate::tables::{Kind, Pin};
use crate::{Error, Inputs, Result, PROVIDERS};

/// Methods of `ElementRef` (and `AsElement`/`AsScope`) that a getter of the same name shadows on a typed handle.
pub const SHADOWED: &[&str] = &[
    "add_override",
    "addr",
    "address",
    "attr",
    "attr_static",
    "count",
    "depends_on",
    "element",
    "for_each",
    "lifecycle",
    "logical_id",
    "provider",
    "scope",
];

/// Rust keywords: fields named so become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that cannot be Rust identifiers, not even raw ones: the field gets a `_` suffix and
/// `#[tf_name = "..."]` keeps the Terraform name.
const UNRAWABLE: &[&str] = &["self", "super", "crate"];

/// The Rust identifier of a Terraform name.
pub fn rust_ident(name: &str) -> Result<String> {
    if UNRAWABLE.contains(&name) {
        return Ok(format!("{name}_"));
    }
    if !name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(Error::new(format!("`{name}` is not a snake_case Terraform name")));
    }
    Ok(if KEYWORDS.contains(&name) { format!("r#{name}") } else { name.to_string() })
}

/// The Rust name of an allowlisted type: the type without its provider's prefix, in UpperCamelCase; data
/// sources start with `Data`. `aws_s3_bucket` is `S3Bucket`, data `aws_region` is `DataRegion`,
/// `kubernetes_namespace_v1` is `NamespaceV1`.
pub fn type_ident(kind: Kind, tf_type: &str) -> String {
    let bare = tf_type.split_once('_').map(|(_, rest)| rest).unwrap_or(tf_type);
    let camel = bare.to_upper_camel_case();
    match kind {
        Kind::Resource => camel,
        Kind::Data => format!("Data{camel}"),
    }
}

/// What the top-level struct being lowered is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Top {
    Resource,
    Data,
    Provider,
}

struct Lowerer<'a> {
    inputs: &'a Inputs,
    /// The Terraform type (tables are keyed by it); `provider.NAME` for providers.
    tf_type: &'a str,
    /// `aws_s3_bucket` or `data.aws_region` or `provider "aws"`, for docs.
    owner: String,
    top: Top,
    module: &'a mut Module,
    /// Identifiers taken in the module, with what took them.
    reserved: &'a mut BTreeMap<String, String>,
    /// Physical-name entries used so far.
    used_names: &'a mut BTreeSet<(String, String)>,
    /// Notes for the docs of the field being lowered.
    notes: Vec<String>,
}

impl Lowerer<'_> {
    fn reserve(&mut self, ident: String, what: String) -> Result<()> {
        if let Some(prev) = self.reserved.insert(ident.clone(), what.clone()) {
            return Err(Error::new(format!("module `{}`: `{ident}` names both {prev} and {what}", self.module.name)));
        }
        Ok(())
    }

    /// A fresh identifier for a nested type: `base`, or `base` + `suffix` when a type of the module (usually
    /// a resource: the `accepter` block of `aws_vpc_peering_connection` against
    /// `aws_vpc_peering_connection_accepter`) already has it. Reserves it and its builder's name.
    fn claim(&mut self, base: String, suffix: &str) -> Result<String> {
        let taken = |r: &BTreeMap<String, String>, i: &str| r.contains_key(i) || r.contains_key(&format!("{i}Builder"));
        let ident = if taken(self.reserved, &base) { format!("{base}{suffix}") } else { base };
        let what = format!("a type of {}", self.owner);
        self.reserve(ident.clone(), what.clone())?;
        self.reserve(format!("{ident}Builder"), what)?;
        Ok(ident)
    }

    /// Adds `s` at `at`, reserving the names of its requirement traits.
    fn place(&mut self, at: usize, s: Struct) -> Result<()> {
        let what = format!("a requirement of {}", self.owner);
        for f in s.fields.iter().filter(|f| f.required()) {
            self.reserve(format!("{}Needs{}", s.ident, f.tf_name.to_upper_camel_case()), what.clone())?;
        }
        self.module.structs[at] = s;
        Ok(())
    }

    /// Reserves a slot for a struct so that its blocks follow it.
    fn slot(&mut self) -> usize {
        self.module.structs.push(Struct {
            ident: String::new(),
            kind: StructKind::Block,
            tf_type: None,
            docs: Vec::new(),
            fields: Vec::new(),
        });
        self.module.structs.len() - 1
    }

    fn path_of(path: &[&str], name: &str) -> String {
        let mut p: Vec<&str> = path.to_vec();
        p.push(name);
        p.join(".")
    }

    /// The fields of `block`; read-only attributes of nested blocks are left out and listed in `read_only`.
    fn block_fields(
        &mut self,
        ident: &str,
        block: &Block,
        path: &[&str],
        read_only: &mut Vec<String>,
    ) -> Result<Vec<Field>> {
        let mut fields = Vec::new();
        for (name, a) in &block.attributes {
            rust_ident(name).map_err(|e| e.at(&format!("{}.{}", self.owner, Self::path_of(path, name))))?;
            if let Some(f) = self.attribute(ident, name, a, path, read_only)? {
                fields.push(f);
            }
        }
        for (name, bt) in &block.block_types {
            let here = Self::path_of(path, name);
            rust_ident(name).map_err(|e| e.at(&format!("{}.{here}", self.owner)))?;
            let mut docs = match &bt.block.description {
                Some(d) => sanitize(d),
                None => vec![format!(
                    "The `{name}` block{}.",
                    match (bt.is_single(), bt.nesting) {
                        (_, Nesting::Map) => "s, by label",
                        (true, _) => "",
                        (false, Nesting::Set) => "s (a set)",
                        (false, _) => "s (a list)",
                    }
                )],
            };
            let ty = if bt.opaque {
                docs.push(String::new());
                docs.push(
                    "Free-form JSON: the schema konductor was generated from does not describe this block's \
                     contents. Write it as Terraform JSON takes it (an object, or an array of objects)."
                        .into(),
                );
                RType::Json
            } else {
                let child = self.claim(format!("{ident}{}", name.to_upper_camel_case()), "Block")?;
                let mut sub_path = path.to_vec();
                sub_path.push(name);
                let at = self.slot();
                let mut child_read_only = Vec::new();
                let child_fields = self.block_fields(&child, &bt.block, &sub_path, &mut child_read_only)?;
                let mut sdocs = vec![format!("The `{here}` block of {}.", self.owner)];
                if let Some(d) = &bt.block.description {
                    sdocs.push(String::new());
                    sdocs.extend(sanitize(d));
                }
                if !child_read_only.is_empty() {
                    sdocs.push(String::new());
                    sdocs.push(format!(
                        "Computed by the provider, so not settable here: {}.",
                        child_read_only.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ));
                }
                self.place(
                    at,
                    Struct {
                        ident: child.clone(),
                        kind: StructKind::Block,
                        tf_type: None,
                        docs: sdocs,
                        fields: child_fields,
                    },
                )?;
                let t = RType::Struct(child);
                match (bt.nesting, bt.is_single()) {
                    (Nesting::Map, _) => RType::Map(Box::new(t)),
                    (_, true) => t,
                    _ => RType::Vec(Box::new(t)),
                }
            };
            fields.push(Field {
                tf_name: name.clone(),
                ty,
                optional: !bt.is_required(),
                computed: false,
                pin: None,
                docs: self.with_notes(docs, name, None, None, path.is_empty()),
            });
        }
        Ok(fields)
    }

    fn attribute(
        &mut self,
        ident: &str,
        name: &str,
        a: &Attribute,
        path: &[&str],
        read_only: &mut Vec<String>,
    ) -> Result<Option<Field>> {
        let here = Self::path_of(path, name);
        let hint = format!("{ident}{}", name.to_upper_camel_case());
        let top = path.is_empty();
        if a.read_only() {
            if !(top && matches!(self.top, Top::Resource | Top::Data)) {
                read_only.push(name.to_string());
                return Ok(None);
            }
            let ty = self.attribute_type(&hint, a, &here, true)?;
            let mut docs = match &a.description {
                Some(d) => sanitize(d),
                None => vec![format!("The `{name}` attribute, computed by the provider: {}.", describe(a))],
            };
            for n in std::mem::take(&mut self.notes) {
                docs.push(String::new());
                docs.push(n);
            }
            return Ok(Some(Field {
                tf_name: name.to_string(),
                ty,
                optional: true,
                computed: true,
                pin: None,
                docs: self.with_notes(docs, name, None, None, top),
            }));
        }
        let mut ty = self.attribute_type(&hint, a, &here, false)?;
        if self.inputs.names.get(self.tf_type, &here).is_some() {
            if ty != RType::String {
                return Err(Error::new(format!(
                    "physical_names.txt: {}.{here} is {}, not a string",
                    self.tf_type,
                    describe(a)
                )));
            }
            ty = RType::Name;
            self.used_names.insert((self.tf_type.to_string(), here.clone()));
        }
        let mut pin = None;
        if let (Some(t), false) = (&a.ty, a.opaque) {
            if let Some(p) = self.inputs.pins.lookup(self.tf_type, &here, t)? {
                pin = Some(p.pin.clone());
            }
        }
        let mut docs = match &a.description {
            Some(d) => sanitize(d),
            None => {
                vec![format!("The `{name}` argument{}: {}.", if a.required { " (required)" } else { "" }, describe(a))]
            }
        };
        for n in std::mem::take(&mut self.notes) {
            docs.push(String::new());
            docs.push(n);
        }
        let literal = pin.as_ref().and_then(Pin::literal);
        Ok(Some(Field {
            tf_name: name.to_string(),
            optional: !a.required || literal.is_some(),
            computed: false,
            docs: self.with_notes(docs, name, Some(&ty), pin.as_ref(), top),
            pin: literal,
            ty,
        }))
    }

    /// Appends what a field's docs must say beyond the schema's description.
    fn with_notes(
        &self,
        mut docs: Vec<String>,
        name: &str,
        ty: Option<&RType>,
        pin: Option<&Pin>,
        top: bool,
    ) -> Vec<String> {
        let mut note = |s: String| {
            docs.push(String::new());
            docs.push(s);
        };
        if ty == Some(&RType::Name) {
            note(
                "A physical name: it takes a `Name`, made with `scope.name(\"...\")` so that it carries the \
                 environment suffix, or an expression; never plain text."
                    .into(),
            );
        }
        match pin {
            Some(Pin::Range(lo, hi)) => note(format!(
                "Any whole number in `{lo}..={hi}` lets `terraform destroy` finish (it schedules the deletion); konductor \
                 writes `{lo}`, the shortest, unless you set another, and synthesis rejects values outside the range."
            )),
            Some(Pin::NotStr(s)) => note(format!(
                "Never `{s:?}`: that cannot be undone, so `terraform destroy` could not remove it; synthesis rejects it."
            )),
            Some(p) => note(format!(
                "Pinned to `{}` so that `terraform destroy` always works: konductor always writes it and offers no setter.",
                p.literal().unwrap_or_default()
            )),
            None => {}
        }
        if top && matches!(self.top, Top::Resource | Top::Data) && SHADOWED.contains(&name) {
            note(format!(
                "Its getter is the Terraform attribute and shadows `ElementRef::{name}`; reach that method \
                 through `AsElement::element(&handle).{name}(...)`."
            ));
        }
        docs
    }

    fn attribute_type(&mut self, hint: &str, a: &Attribute, here: &str, read_only: bool) -> Result<RType> {
        if a.opaque {
            return Ok(RType::Json);
        }
        if let Some(n) = &a.nested {
            return self.nested_type(hint, n, here, read_only);
        }
        let t = a.ty.as_ref().expect("an attribute has a type or a nested type");
        self.lower_type(hint, t, here, read_only)
    }

    fn lower_type(&mut self, hint: &str, t: &Type, here: &str, read_only: bool) -> Result<RType> {
        Ok(match t {
            Type::String => RType::String,
            Type::Number => RType::Number,
            Type::Bool => RType::Bool,
            Type::Dynamic | Type::Tuple(_) => RType::Json,
            Type::List(e) | Type::Set(e) => RType::Vec(Box::new(self.lower_type(hint, e, here, read_only)?)),
            Type::Map(e) => RType::Map(Box::new(self.lower_type(hint, e, here, read_only)?)),
            Type::Object(keys) if keys.keys().any(|k| rust_ident(k).is_err()) => {
                let bad: Vec<String> =
                    keys.keys().filter(|k| rust_ident(k).is_err()).map(|k| format!("`{k}`")).collect();
                self.notes.push(format!(
                    "Free-form JSON objects: their key {} cannot be a Rust field name. Give every key of the \
                     object type, unset ones as `null`: {}.",
                    bad.join(", "),
                    keys.keys().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ));
                RType::JsonObject(keys.keys().cloned().collect())
            }
            Type::Object(keys) => {
                let hint = &self.claim(hint.to_string(), "Object")?;
                let at = self.slot();
                let mut fields = Vec::new();
                for (k, kt) in keys {
                    rust_ident(k).map_err(|e| e.at(&format!("{}.{here}.{k}", self.owner)))?;
                    let sub = format!("{hint}{}", k.to_upper_camel_case());
                    let ty = self.lower_type(&sub, kt, &format!("{here}.{k}"), read_only)?;
                    fields.push(Field {
                        tf_name: k.clone(),
                        docs: vec![format!("The `{k}` key: {}.", kt.describe())],
                        ty,
                        optional: true,
                        computed: false,
                        pin: None,
                    });
                }
                let docs = if read_only {
                    vec![format!(
                        "The shape of `{here}` of {}, computed by the provider: the type of its typed reference.",
                        self.owner
                    )]
                } else {
                    vec![format!(
                        "The object type of `{here}` of {}: every key is written, unset ones as `null`, as \
                         Terraform requires of object values.",
                        self.owner
                    )]
                };
                self.place(
                    at,
                    Struct { ident: hint.to_string(), kind: StructKind::Object, tf_type: None, docs, fields },
                )?;
                RType::Struct(hint.to_string())
            }
        })
    }

    fn nested_type(&mut self, hint: &str, n: &NestedType, here: &str, read_only: bool) -> Result<RType> {
        let hint = &self.claim(hint.to_string(), "Block")?;
        let at = self.slot();
        let mut fields = Vec::new();
        let mut inner_read_only = Vec::new();
        for (k, a) in &n.attributes {
            rust_ident(k).map_err(|e| e.at(&format!("{}.{here}.{k}", self.owner)))?;
            let sub = format!("{hint}{}", k.to_upper_camel_case());
            let sub_here = format!("{here}.{k}");
            if read_only {
                let ty = self.attribute_type(&sub, a, &sub_here, true)?;
                let docs = match &a.description {
                    Some(d) => sanitize(d),
                    None => vec![format!("The `{k}` attribute: {}.", describe(a))],
                };
                fields.push(Field { tf_name: k.clone(), ty, optional: true, computed: false, pin: None, docs });
            } else {
                let path: Vec<&str> = here.split('.').collect();
                if let Some(f) = self.attribute(hint, k, a, &path, &mut inner_read_only)? {
                    fields.push(f);
                }
            }
        }
        let mut docs = vec![if read_only {
            format!(
                "The shape of `{here}` of {}, computed by the provider: the type of its typed reference.",
                self.owner
            )
        } else {
            format!("The `{here}` nested attribute of {}.", self.owner)
        }];
        if !inner_read_only.is_empty() {
            docs.push(String::new());
            docs.push(format!(
                "Computed by the provider, so not settable here: {}.",
                inner_read_only.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        self.place(at, Struct { ident: hint.to_string(), kind: StructKind::Block, tf_type: None, docs, fields })?;
        let t = RType::Struct(hint.to_string());
        Ok(match n.nesting {
            Nesting::Single | Nesting::Group => t,
            Nesting::List | Nesting::Set => RType::Vec(Box::new(t)),
            Nesting::Map => RType::Map(Box::new(t)),
        })
    }
}

/// Words for an attribute's type.
fn describe(a: &Attribute) -> String {
    match (&a.ty, &a.nested) {
        (Some(t), _) => t.describe(),
        (None, Some(n)) => match n.nesting {
            Nesting::Single | Nesting::Group => "an object".into(),
            Nesting::List => "a list of objects".into(),
            Nesting::Set => "a set of objects".into(),
            Nesting::Map => "a map of objects".into(),
        },
        (None, None) => "a value".into(),
    }
}

/// The whole model, from the checked-in inputs.
pub fn lower(inputs: &Inputs) -> Result<Model> {
    let mut model = Model::default();
    let mut reserved: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut used_names = BTreeSet::new();
    // Types claim their names first, so that a nested type never takes the name of a type.
    for entry in &inputs.allowlist {
        let r = reserved.entry(inputs.services.module_of(&entry.tf_type)).or_default();
        let ident = type_ident(entry.kind, &entry.tf_type);
        for i in [ident.clone(), format!("{ident}Builder")] {
            if let Some(prev) = r.insert(i.clone(), format!("the binding of `{}`", entry.tf_type)) {
                return Err(Error::new(format!("`{i}` names both {prev} and the binding of `{}`", entry.tf_type)));
            }
        }
    }
    for entry in &inputs.allowlist {
        let provider = inputs.provider(entry.provider())?;
        let (block, what, top) = match entry.kind {
            Kind::Resource => (provider.resources.get(&entry.tf_type), "resource", Top::Resource),
            Kind::Data => (provider.data_sources.get(&entry.tf_type), "data source", Top::Data),
        };
        let block = block.ok_or_else(|| {
            Error::new(format!(
                "{what} `{}` is allowlisted but not in {}.json: run `cargo xtask extract`",
                entry.tf_type,
                entry.provider()
            ))
        })?;
        let module_name = inputs.services.module_of(&entry.tf_type);
        let module = model
            .modules
            .entry(module_name.clone())
            .or_insert_with(|| Module { name: module_name.clone(), structs: Vec::new() });
        let ident = type_ident(entry.kind, &entry.tf_type);
        let owner = match entry.kind {
            Kind::Resource => format!("`{}`", entry.tf_type),
            Kind::Data => format!("`data.{}`", entry.tf_type),
        };
        let mut l = Lowerer {
            inputs,
            tf_type: &entry.tf_type,
            owner,
            top,
            module,
            reserved: reserved.entry(module_name.clone()).or_default(),
            used_names: &mut used_names,
            notes: Vec::new(),
        };
        let at = l.slot();
        let mut read_only = Vec::new();
        let fields = l.block_fields(&ident, block, &[], &mut read_only).map_err(|e| e.at(&entry.tf_type))?;
        let mut docs = vec![format!("The `{}` {what} of {}.", entry.tf_type, provider_label(provider))];
        if let Some(d) = &block.description {
            docs.push(String::new());
            docs.extend(sanitize(d));
        }
        docs.push(String::new());
        docs.push(format!(
            "`{ident}::builder(scope, id)` starts one; its `build()` compiles once every required argument is set. \
             The getters are typed references to its attributes."
        ));
        let kind = if entry.kind == Kind::Resource { StructKind::Resource } else { StructKind::Data };
        l.place(at, Struct { ident: ident.clone(), kind, tf_type: Some(entry.tf_type.clone()), docs, fields })?;
        model.index.push((entry.kind, entry.tf_type.clone(), module_name, ident));
    }
    for (t, p) in inputs.names.entries() {
        if !used_names.contains(&(t.to_string(), p.to_string())) {
            return Err(Error::new(format!(
                "physical_names.txt: {t}.{p} is not a settable attribute of an allowlisted resource"
            )));
        }
    }
    model.providers = lower_providers(inputs)?;
    Ok(model)
}

/// `hashicorp/aws 6.25.0`.
pub fn provider_label(p: &crate::schema::ProviderSchema) -> String {
    let short = p.source.strip_prefix("registry.terraform.io/").unwrap_or(&p.source);
    format!("{short} {}", p.version)
}

fn lower_providers(inputs: &Inputs) -> Result<Module> {
    let mut module = Module { name: "providers".into(), structs: Vec::new() };
    let mut reserved = BTreeMap::new();
    let mut used_names = BTreeSet::new();
    for (name, _source, ident, info) in PROVIDERS {
        let schema = inputs.provider(name)?;
        let tf_type = format!("provider.{name}");
        let mut l = Lowerer {
            inputs,
            tf_type: &tf_type,
            owner: format!("provider `{name}`"),
            top: Top::Provider,
            module: &mut module,
            reserved: &mut reserved,
            used_names: &mut used_names,
            notes: Vec::new(),
        };
        let ident = &l.claim(ident.to_string(), "")?;
        let at = l.slot();
        let mut read_only = Vec::new();
        let mut fields = l.block_fields(ident, &schema.provider, &[], &mut read_only)?;
        if fields.iter().any(|f| f.tf_name == "alias") {
            return Err(Error::new(format!("provider `{name}` has an `alias` attribute of its own")));
        }
        fields.insert(
            0,
            Field {
                tf_name: "alias".into(),
                ty: RType::String,
                optional: true,
                computed: false,
                pin: None,
                docs: vec![
                    "The alias of this configuration (a meta-argument). Resources choose an aliased configuration \
                     with `.provider(&handle)`; a stack may hold several aliased configurations of one provider."
                        .into(),
                ],
            },
        );
        let docs = vec![
            format!(
                "Configuration of the `{name}` provider ({}): a `provider \"{name}\"` block.",
                provider_label(schema)
            ),
            String::new(),
            format!(
                "`{ident}::builder(stack, id)` starts one. Without `alias` it is the default configuration; with one, \
                 resources use it through `.provider(&handle)`."
            ),
        ];
        l.place(
            at,
            Struct {
                ident: ident.to_string(),
                kind: StructKind::Provider(info.to_string()),
                tf_type: None,
                docs,
                fields,
            },
        )?;
    }
    Ok(module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_idents_drop_the_provider_prefix() {
        assert_eq!(type_ident(Kind::Resource, "aws_s3_bucket"), "S3Bucket");
        assert_eq!(type_ident(Kind::Data, "aws_caller_identity"), "DataCallerIdentity");
        assert_eq!(type_ident(Kind::Resource, "kubernetes_namespace_v1"), "NamespaceV1");
        assert_eq!(type_ident(Kind::Resource, "helm_release"), "Release");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(rust_ident("type").unwrap(), "r#type");
        assert_eq!(rust_ident("cidr_block").unwrap(), "cidr_block");
        assert_eq!(rust_ident("self").unwrap(), "self_");
    }
}
