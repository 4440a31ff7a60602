//! The macro's model of its input: what kind of element, its options, and each attribute.

use proc_macro2::Span;
use syn::{Attribute, Ident, Path, Type};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Resource,
    Data,
    Provider,
    Block,
}

pub struct Options {
    /// The Terraform type (resources and data sources).
    pub tf_type: Option<syn::LitStr>,
    /// `static ProviderInfo` of the provider.
    pub provider: Option<Path>,
    /// `static RuleSet` of the provider.
    pub rules: Option<Path>,
    /// Path to konductor-core.
    pub core: Path,
    /// Blocks: write every key, unset ones as null.
    pub object: bool,
}

/// What an attribute's Rust type means.
pub enum AttrType {
    /// A physical name: takes `IntoName`.
    Name,
    /// Anything else: takes `IntoValue<T>`.
    Value(Box<Type>),
}

pub enum Pin {
    Bool(bool),
    Int(i64),
    Str(String),
    /// `#[pin(7..=30)]`: any whole number in the range; there is a setter, and the lower end is written when
    /// it is not called.
    Range(i64, i64),
}

impl Pin {
    /// Whether the value is fixed (no setter).
    pub fn is_exact(&self) -> bool {
        !matches!(self, Pin::Range(..))
    }
}

pub struct Field {
    pub ident: Ident,
    /// The Terraform attribute name.
    pub tf_name: String,
    /// The type inside `Option`.
    pub ty: AttrType,
    /// The full declared type (for getters).
    pub inner_ty: Type,
    pub required: bool,
    pub computed: bool,
    pub pin: Option<Pin>,
    pub docs: Vec<Attribute>,
    pub span: Span,
}

pub struct Model {
    pub kind: Kind,
    pub vis: syn::Visibility,
    pub ident: Ident,
    pub docs: Vec<Attribute>,
    pub options: Options,
    pub fields: Vec<Field>,
}
