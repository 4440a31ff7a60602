//! The generator's model of the Rust it writes: modules of structs annotated with konductor's macros.

use std::collections::BTreeMap;

/// The Rust type of a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RType {
    String,
    Number,
    Bool,
    /// A physical name.
    Name,
    /// Free-form JSON (dynamic attributes and opaque subtrees).
    Json,
    /// Free-form JSON for an object type whose keys cannot all be Rust fields: its keys.
    JsonObject(Vec<String>),
    Vec(Box<RType>),
    Map(Box<RType>),
    /// A generated `#[block]` struct of the same module.
    Struct(String),
}

impl RType {
    /// As written in a field declaration.
    pub fn rust(&self) -> String {
        match self {
            RType::String => "String".into(),
            RType::Number => "f64".into(),
            RType::Bool => "bool".into(),
            RType::Name => "Name".into(),
            RType::Json | RType::JsonObject(_) => "Json".into(),
            RType::Vec(t) => format!("Vec<{}>", t.rust()),
            RType::Map(t) => format!("BTreeMap<String, {}>", t.rust()),
            RType::Struct(s) => s.clone(),
        }
    }

    pub fn uses_map(&self) -> bool {
        match self {
            RType::Map(_) => true,
            RType::Vec(t) => t.uses_map(),
            _ => false,
        }
    }

    pub fn is_json(&self) -> bool {
        matches!(self.leaf(), RType::Json | RType::JsonObject(_))
    }

    /// The innermost type (through `Vec` and `BTreeMap`).
    pub fn leaf(&self) -> &RType {
        match self {
            RType::Vec(t) | RType::Map(t) => t.leaf(),
            other => other,
        }
    }
}

/// What a struct is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructKind {
    Resource,
    Data,
    /// A provider configuration; holds the path of its `static ProviderInfo`.
    Provider(String),
    /// A nested block or nested attribute type.
    Block,
    /// An object type: every key is written, unset ones as null.
    Object,
}

/// One field: a Terraform attribute or nested block.
#[derive(Clone, Debug)]
pub struct Field {
    /// The Terraform name.
    pub tf_name: String,
    pub ty: RType,
    /// `Option<T>`: it may be left out.
    pub optional: bool,
    /// Read-only: a getter, no setter.
    pub computed: bool,
    /// `#[pin(...)]` literal.
    pub pin: Option<String>,
    pub docs: Vec<String>,
}

impl Field {
    /// Settable and not optional: `build()` needs it.
    pub fn required(&self) -> bool {
        !self.optional && !self.computed && self.pin.is_none()
    }
}

/// One struct.
#[derive(Clone, Debug)]
pub struct Struct {
    pub ident: String,
    pub kind: StructKind,
    /// The Terraform type of resources and data sources.
    pub tf_type: Option<String>,
    pub docs: Vec<String>,
    pub fields: Vec<Field>,
}

/// One generated file of structs.
#[derive(Clone, Debug, Default)]
pub struct Module {
    /// `s3`.
    pub name: String,
    /// Resources and data sources first in their own order, each followed by its blocks.
    pub structs: Vec<Struct>,
}

impl Module {
    pub fn get(&self, ident: &str) -> Option<&Struct> {
        self.structs.iter().find(|s| s.ident == ident)
    }
}

/// Every generated module.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// By module name.
    pub modules: BTreeMap<String, Module>,
    /// The provider configurations (`providers.rs`).
    pub providers: Module,
    /// Per allowlisted type: `(kind, tf_type, module, ident)`.
    pub index: Vec<(crate::tables::Kind, String, String, String)>,
}
