//! Parsing of the macro's arguments and of the annotated struct into a [`Model`], collecting every error.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Expr, Fields, GenericArgument, ItemStruct, Lit, Meta, Path, PathArguments, Token, Type};

use crate::destroy::{describe, destroyable_value, same};
use crate::model::{AttrType, Field, Kind, Model, Options, Pin};

/// Collects errors so that one mistake is reported with all the others.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    pub fn into_tokens(self) -> TokenStream {
        self.0.map(|e| e.to_compile_error()).unwrap_or_default()
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Resource => "resource",
        Kind::Data => "data_source",
        Kind::Provider => "provider",
        Kind::Block => "block",
    }
}

pub fn options(kind: Kind, args: TokenStream, errors: &mut Errors) -> Options {
    let mut o = Options {
        tf_type: None,
        provider: None,
        rules: None,
        core: syn::parse_quote!(::konductor::core),
        object: false,
    };
    let allowed: &[&str] = match kind {
        Kind::Resource | Kind::Data => &["type", "provider", "rules", "core"],
        Kind::Provider => &["provider", "rules", "core"],
        Kind::Block => &["object", "core"],
    };
    let parser = syn::meta::parser(|meta| {
        let name = meta.path.get_ident().map(|i| i.to_string()).unwrap_or_default();
        if !allowed.contains(&name.as_str()) {
            errors.push(meta.error(format!(
                "unknown option `{}` for #[{}]; expected one of: {}",
                if name.is_empty() { "?".to_string() } else { name.clone() },
                kind_name(kind),
                allowed.join(", ")
            )));
            // Skip the option's value, if any, so the others are still read.
            if meta.input.peek(Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _rest;
                syn::parenthesized!(_rest in meta.input);
            }
            return Ok(());
        }
        match name.as_str() {
            "object" => o.object = true,
            "type" => {
                let lit: syn::LitStr = meta
                    .value()?
                    .parse()
                    .map_err(|e| syn::Error::new(e.span(), "`type` takes a string: type = \"aws_s3_bucket\""))?;
                o.tf_type = Some(lit);
            }
            _ => {
                let path: Path = meta
                    .value()?
                    .parse()
                    .map_err(|e| syn::Error::new(e.span(), format!("`{name}` takes a path: {name} = crate::NAME")))?;
                match name.as_str() {
                    "provider" => o.provider = Some(path),
                    "rules" => o.rules = Some(path),
                    _ => o.core = path,
                }
            }
        }
        Ok(())
    });
    if let Err(e) = parser.parse2(args) {
        errors.push(e);
    }
    if matches!(kind, Kind::Resource | Kind::Data) && o.tf_type.is_none() {
        errors.push(syn::Error::new(
            proc_macro2::Span::call_site(),
            format!(
                "#[{}] needs the Terraform type: #[{}(type = \"aws_s3_bucket\")]",
                kind_name(kind),
                kind_name(kind)
            ),
        ));
    }
    if kind == Kind::Provider && o.provider.is_none() {
        errors.push(syn::Error::new(
            proc_macro2::Span::call_site(),
            "#[provider] needs the provider's info: #[provider(provider = crate::AWS)], a `static ProviderInfo`",
        ));
    }
    o
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let seg = p.path.segments.last()?;
    if seg.ident != "Option" {
        return None;
    }
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => match a.args.first()? {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// Checks that `ty` is a Terraform type konductor can write; returns the reason when not.
fn check_type(ty: &Type) -> Result<(), String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let seg = p.path.segments.last().ok_or("empty type")?;
            let name = seg.ident.to_string();
            match name.as_str() {
                "String" | "bool" | "f64" | "Name" | "Json" if matches!(seg.arguments, PathArguments::None) => Ok(()),
                "Vec" | "BTreeMap" => match &seg.arguments {
                    PathArguments::AngleBracketed(a) => {
                        let types: Vec<&Type> = a
                            .args
                            .iter()
                            .filter_map(|g| if let GenericArgument::Type(t) = g { Some(t) } else { None })
                            .collect();
                        if name == "BTreeMap" {
                            let key_ok = matches!(types.first(), Some(Type::Path(k)) if k.path.is_ident("String"));
                            if !key_ok || types.len() != 2 {
                                return Err("maps are `BTreeMap<String, T>`".into());
                            }
                        }
                        types.last().map(|t| check_type(t)).unwrap_or(Err("missing element type".into()))
                    }
                    _ => Err(format!("`{name}` needs its element type")),
                },
                "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize"
                | "f32" => {
                    Err(format!("`{name}` is not a Terraform type: numbers are `f64` (setters still take integers)"))
                }
                "HashMap" => Err("`HashMap` has no stable order: use `BTreeMap<String, T>`".into()),
                "char" | "str" => Err(format!("`{name}` is not a Terraform type: use `String`")),
                "Option" => {
                    Err("nested `Option` is not supported: an attribute is either `T` (required) or `Option<T>`".into())
                }
                _ if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) => Ok(()), // a #[block] type
                _ => Err(format!("`{name}` is not a Terraform type")),
            }
        }
        Type::Reference(_) => Err("references are not attribute types: use `String` for text".into()),
        _ => Err("unsupported attribute type".into()),
    }
}

fn parse_pin(meta: &Meta) -> syn::Result<Pin> {
    let list = match meta {
        Meta::List(l) => l,
        _ => return Err(syn::Error::new(meta.span(), "write the pinned value in parentheses: #[pin(true)]")),
    };
    if let Ok(syn::ExprRange { start: Some(lo), limits: syn::RangeLimits::Closed(_), end: Some(hi), .. }) =
        syn::parse2::<syn::ExprRange>(list.tokens.clone())
    {
        let int = |e: &Expr| match e {
            Expr::Lit(syn::ExprLit { lit: Lit::Int(i), .. }) => i.base10_parse::<i64>(),
            other => Err(syn::Error::new(other.span(), "a pinned range has integer ends: #[pin(7..=30)]")),
        };
        let (lo, hi) = (int(&lo)?, int(&hi)?);
        if lo > hi {
            return Err(syn::Error::new(list.tokens.span(), "a pinned range goes from low to high: #[pin(7..=30)]"));
        }
        return Ok(Pin::Range(lo, hi));
    }
    let lit: Lit = syn::parse2(list.tokens.clone())?;
    Ok(match lit {
        Lit::Bool(b) => Pin::Bool(b.value),
        Lit::Int(i) => Pin::Int(i.base10_parse()?),
        Lit::Str(s) => Pin::Str(s.value()),
        other => {
            return Err(syn::Error::new(
                other.span(),
                "a pinned value is a boolean, an integer, a string or an integer range (`7..=30`)",
            ))
        }
    })
}

fn pin_fits(pin: &Pin, ty: &AttrType) -> bool {
    let ident = match ty {
        AttrType::Value(t) => match &**t {
            Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
            _ => return false,
        },
        AttrType::Name => return false,
    };
    matches!(
        (pin, ident.as_str()),
        (Pin::Bool(_), "bool") | (Pin::Int(_) | Pin::Range(..), "f64") | (Pin::Str(_), "String")
    )
}

pub fn model(kind: Kind, options: Options, item: &ItemStruct, errors: &mut Errors) -> Model {
    let tf_type: Option<String> = options.tf_type.as_ref().map(|t| t.value());
    let docs: Vec<_> = item.attrs.iter().filter(|a| a.path().is_ident("doc")).cloned().collect();
    for a in item.attrs.iter().filter(|a| !a.path().is_ident("doc")) {
        errors.push(syn::Error::new(a.span(), "only doc comments may stand on a konductor struct"));
    }
    if !item.generics.params.is_empty() {
        errors.push(syn::Error::new(item.generics.span(), "konductor structs take no generic parameters"));
    }
    let mut fields = Vec::new();
    let named = match &item.fields {
        Fields::Named(n) => n.named.iter().collect::<Vec<_>>(),
        Fields::Unit => Vec::new(),
        Fields::Unnamed(u) => {
            errors.push(syn::Error::new(u.span(), "attributes are named fields: `pub vpc_id: String`"));
            Vec::new()
        }
    };
    for f in named {
        let Some(ident) = f.ident.clone() else { continue };
        let raw = ident.to_string();
        let mut tf_name = raw.strip_prefix("r#").unwrap_or(&raw).to_string();
        let (declared, required) = match option_inner(&f.ty) {
            Some(inner) => (inner.clone(), false),
            None => (f.ty.clone(), true),
        };
        if let Err(why) = check_type(&declared) {
            errors.push(syn::Error::new(declared.span(), format!("attribute `{tf_name}`: {why}")));
            continue;
        }
        let ty = match &declared {
            Type::Path(p) if p.path.is_ident("Name") => AttrType::Name,
            other => AttrType::Value(Box::new(other.clone())),
        };
        let mut computed = false;
        let mut pin = None;
        let mut docs = Vec::new();
        let mut ok = true;
        for a in &f.attrs {
            if a.path().is_ident("doc") {
                docs.push(a.clone());
            } else if a.path().is_ident("computed") {
                computed = true;
            } else if a.path().is_ident("tf_name") {
                match &a.meta {
                    Meta::NameValue(nv) => match &nv.value {
                        Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. }) => tf_name = s.value(),
                        other => {
                            errors
                                .push(syn::Error::new(other.span(), "`tf_name` takes a string: #[tf_name = \"self\"]"));
                            ok = false;
                        }
                    },
                    other => {
                        errors.push(syn::Error::new(other.span(), "write #[tf_name = \"NAME\"]"));
                        ok = false;
                    }
                }
            } else if a.path().is_ident("pin") {
                match parse_pin(&a.meta) {
                    Ok(p) => pin = Some(p),
                    Err(e) => {
                        errors.push(e);
                        ok = false;
                    }
                }
            } else {
                let name = a.path().get_ident().map(|i| i.to_string()).unwrap_or_else(|| "?".into());
                errors.push(syn::Error::new(
                    a.span(),
                    format!("unknown attribute option `#[{name}]`; expected `#[pin(VALUE)]`, `#[computed]` or `#[tf_name = \"...\"]`"),
                ));
                ok = false;
            }
        }
        if !ok {
            continue;
        }
        if computed && required {
            errors.push(syn::Error::new(
                f.ty.span(),
                format!("attribute `{tf_name}` is computed, so it cannot be required: declare it `Option<...>`"),
            ));
            continue;
        }
        if let Some(p) = &pin {
            if !pin_fits(p, &ty) {
                errors.push(syn::Error::new(
                    f.ty.span(),
                    format!("the pinned value {} does not fit the type of `{tf_name}`", describe(p)),
                ));
                continue;
            }
        }
        match (destroyable_value(&tf_name, &ty, tf_type.as_deref()), &pin) {
            (Some(want), None) if !computed => {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "`{tf_name}` can block `terraform destroy`, so konductor pins it: add #[pin({})] to this field \
                         (every environment must be removable by `terraform destroy` alone)",
                        describe(&want)
                    ),
                ));
                continue;
            }
            (Some(want @ Pin::Range(..)), Some(have)) if !same(&want, have) => {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "`{tf_name}` takes any whole number in {} (each lets `terraform destroy` finish), not only {}: \
                         pin the range, #[pin({})]",
                        describe(&want),
                        describe(have),
                        describe(&want)
                    ),
                ));
                continue;
            }
            (Some(want), Some(have)) if !same(&want, have) => {
                errors.push(syn::Error::new(
                    ident.span(),
                    format!(
                        "`{tf_name}` pinned to {} would block `terraform destroy`: pin it to {}",
                        describe(have),
                        describe(&want)
                    ),
                ));
                continue;
            }
            _ => {}
        }
        fields.push(Field { ident, tf_name, ty, inner_ty: declared, required, computed, pin, docs, span: f.span() });
    }
    Model { kind, vis: item.vis.clone(), ident: item.ident.clone(), docs, options, fields }
}
