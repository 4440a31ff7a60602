//! Expansion of a [`Model`] into the handle, the typed builder and the requirement traits.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ItemStruct;

use crate::model::{AttrType, Field, Kind, Model, Pin};
use crate::parse::{self, Errors};

pub fn entry(kind: Kind, args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let item: ItemStruct = match syn::parse2(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error(),
    };
    let options = parse::options(kind, args, &mut errors);
    let model = parse::model(kind, options, &item, &mut errors);
    // The expansion always happens, with the fields that parsed, so one mistake does not cascade.
    let expanded = expand(&model);
    let errors = errors.into_tokens();
    quote! { #errors #expanded }
}

fn pin_val(core: &syn::Path, p: &Pin) -> TokenStream {
    match p {
        Pin::Bool(b) => quote! { #core::Val::Bool(#b) },
        Pin::Int(i) => quote! { #core::Val::Int(#i) },
        Pin::Str(s) => quote! { #core::Val::str(#s) },
        Pin::Range(lo, _) => quote! { #core::Val::Int(#lo) },
    }
}

fn setter_value(core: &syn::Path, f: &Field) -> (TokenStream, TokenStream) {
    match &f.ty {
        AttrType::Name => (quote! { impl #core::IntoName }, quote! { #core::IntoName::into_name_val(value) }),
        AttrType::Value(t) => {
            (quote! { impl #core::IntoValue<#t> }, quote! { #core::IntoValue::<#t>::into_val(value) })
        }
    }
}

fn expand(m: &Model) -> TokenStream {
    let core = &m.options.core;
    let vis = &m.vis;
    let name = &m.ident;
    let builder = format_ident!("{}Builder", name);
    let docs = &m.docs;

    let settable: Vec<&Field> =
        m.fields.iter().filter(|f| !f.computed && !f.pin.as_ref().is_some_and(Pin::is_exact)).collect();
    let required: Vec<&Field> = settable.iter().copied().filter(|f| f.required).collect();
    let params: Vec<syn::Ident> = (0..required.len()).map(|i| format_ident!("R{}", i)).collect();
    let unset: Vec<TokenStream> = params.iter().map(|_| quote! { #core::markers::Unset }).collect();
    let what = match &m.options.tf_type {
        Some(t) => format!("`{}`", t.value()),
        None => format!("`{name}`"),
    };
    let need_traits: Vec<syn::Ident> =
        required.iter().map(|f| format_ident!("{}Needs{}", name, f.tf_name.to_upper_camel_case())).collect();

    // Setters.
    let mut setters = Vec::new();
    for f in &settable {
        let ident = &f.ident;
        let key = &f.tf_name;
        let fdocs = &f.docs;
        let (param, conv) = setter_value(core, f);
        let attr_doc = format!("Sets `{key}`{}.", if f.required { " (required)" } else { "" });
        let ret = match required.iter().position(|r| r.tf_name == f.tf_name) {
            Some(ix) => {
                let out: Vec<TokenStream> = params
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        if i == ix {
                            quote! { #core::markers::Set }
                        } else {
                            quote! { #p }
                        }
                    })
                    .collect();
                quote! { #builder<#(#out),*> }
            }
            None => quote! { Self },
        };
        setters.push(quote_spanned! {f.span=>
            #(#fdocs)*
            #[doc = ""]
            #[doc = #attr_doc]
            #[allow(clippy::wrong_self_convention)]
            #[inline]
            pub fn #ident(self, value: #param) -> #ret {
                let mut attrs = self.attrs;
                attrs.push((#core::Key::Borrowed(#key), #conv));
                #builder { scope: self.scope, id: self.id, attrs, _required: ::core::marker::PhantomData }
            }
        });
    }

    // Requirement traits: a missing required attribute makes `build` fail with a message naming it.
    let mut traits = Vec::new();
    for (f, t) in required.iter().zip(&need_traits) {
        let msg = format!("{what} needs `{}`: set it before `.build()`", f.tf_name);
        let label = format!("required attribute `{}` is not set", f.tf_name);
        let note = format!("call `.{}(...)` on the builder", f.ident.to_string().trim_start_matches("r#"));
        traits.push(quote! {
            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = #msg, label = #label, note = #note)]
            #vis trait #t {}
            impl #t for #core::markers::Set {}
        });
    }

    // Pinned and computed attributes get a setter that cannot be called, so the compiler says why.
    let mut refused = Vec::new();
    for f in m.fields.iter().filter(|f| f.pin.as_ref().is_some_and(Pin::is_exact) || f.computed) {
        let ident = &f.ident;
        let key = &f.tf_name;
        let t = format_ident!("{}{}IsNotSettable", name, f.tf_name.to_upper_camel_case());
        let (msg, label, note) = match &f.pin {
            Some(p) => (
                format!("`{key}` is pinned to {} and has no setter", crate::destroy::describe(p)),
                "konductor always writes the destroyable value".to_string(),
                "every environment must be removable by `terraform destroy` alone".to_string(),
            ),
            None => (
                format!("`{key}` is computed by the provider and cannot be set"),
                "read it from the handle instead".to_string(),
                format!("use `handle.{}()` after `.build()`", ident.to_string().trim_start_matches("r#")),
            ),
        };
        refused.push((
            quote! {
                #[doc(hidden)]
                #[allow(unused_variables, clippy::wrong_self_convention)]
                #[inline]
                pub fn #ident<V: #t>(self, value: V) -> Self {
                    self
                }
            },
            quote! {
                #[doc(hidden)]
                #[diagnostic::on_unimplemented(message = #msg, label = #label, note = #note)]
                #vis trait #t {}
            },
        ));
    }
    let (refused_setters, refused_traits): (Vec<TokenStream>, Vec<TokenStream>) = refused.into_iter().unzip();

    let pins: Vec<TokenStream> = m
        .fields
        .iter()
        .filter_map(|f| {
            let pin = f.pin.as_ref()?;
            let v = pin_val(core, pin);
            let key = &f.tf_name;
            Some(if pin.is_exact() {
                quote! { attrs.push((#core::Key::Borrowed(#key), #v)); }
            } else {
                // A range: the lower end unless the setter was called.
                quote! {
                    if !attrs.iter().any(|(k, _)| k == #key) {
                        attrs.push((#core::Key::Borrowed(#key), #v));
                    }
                }
            })
        })
        .collect();

    let bounds: Vec<TokenStream> = params.iter().zip(&need_traits).map(|(p, t)| quote! { #p: #t }).collect();
    let builder_doc = format!("Builds a {what}; `build()` compiles once every required attribute is set.");
    let must_use = "call `.build()` to add it";

    let scoped_start = |doc: &str| {
        quote! {
            #[doc = #doc]
            pub fn builder(scope: &impl #core::AsScope, id: &str) -> #builder<#(#unset),*> {
                #builder {
                    scope: #core::AsScope::scope(scope).clone(),
                    id: id.to_string(),
                    attrs: ::std::vec::Vec::new(),
                    _required: ::core::marker::PhantomData,
                }
            }
        }
    };
    let deref_to = |target: TokenStream| {
        quote! {
            impl ::core::ops::Deref for #name {
                type Target = #target;
                fn deref(&self) -> &#target {
                    &self.0
                }
            }
        }
    };

    let (start, finish, handle_def, extra) = match m.kind {
        Kind::Resource | Kind::Data => {
            let tf_type = m.options.tf_type.clone().map(|t| t.value()).unwrap_or_default();
            let provider = match &m.options.provider {
                Some(p) => quote! { ::core::option::Option::Some(&#p) },
                None => quote! { ::core::option::Option::None },
            };
            let rules = match &m.options.rules {
                Some(p) => quote! { ::core::option::Option::Some(&#p) },
                None => quote! { ::core::option::Option::None },
            };
            let create = if m.kind == Kind::Data {
                quote! { create_data }
            } else {
                quote! { create_resource }
            };
            let getters: Vec<TokenStream> = m
                .fields
                .iter()
                .map(|f| {
                    let ident = &f.ident;
                    let key = &f.tf_name;
                    let ty = &f.inner_ty;
                    let d = format!("A reference to `{key}`.");
                    let fdocs = &f.docs;
                    quote! {
                        #(#fdocs)*
                        #[doc = ""]
                        #[doc = #d]
                        #[inline]
                        pub fn #ident(&self) -> #core::Attr<#ty> {
                            #core::Attr::new(self.0.attr_static(#key))
                        }
                    }
                })
                .collect();
            let start = scoped_start(&format!("Starts a {what} with `id` under `scope`."));
            let deref = deref_to(quote! { #core::ElementRef });
            (
                quote! {
                    #start
                    /// The Terraform type.
                    pub const TYPE: &'static str = #tf_type;
                    #(#getters)*
                },
                quote! {
                    static INFO: #core::TypeInfo = #core::TypeInfo { tf_type: #tf_type, provider: #provider, rules: #rules };
                    #name(#core::#create(&self.scope, self.id, &INFO, attrs))
                },
                quote! {
                    #(#docs)*
                    #[derive(Clone, Debug)]
                    #vis struct #name(#core::ElementRef);
                },
                quote! {
                    #deref
                    impl #core::AsElement for #name {
                        fn element(&self) -> &#core::ElementRef {
                            &self.0
                        }
                    }
                },
            )
        }
        Kind::Provider => {
            let info = m.options.provider.clone().unwrap_or_else(|| syn::parse_quote!(MISSING_PROVIDER_INFO));
            let register = m.options.rules.as_ref().map(|r| quote! { self.scope.register_rules(&#r); });
            let deref = deref_to(quote! { #core::ProviderHandle });
            (
                scoped_start("Starts a provider configuration with `id` under `scope` (its stack)."),
                quote! {
                    #register
                    #name(#core::create_provider(&self.scope, self.id, &#info, attrs))
                },
                quote! {
                    #(#docs)*
                    #[derive(Clone, Debug)]
                    #vis struct #name(#core::ProviderHandle);
                },
                quote! {
                    #deref
                    impl ::core::convert::AsRef<#core::ProviderRef> for #name {
                        fn as_ref(&self) -> &#core::ProviderRef {
                            self.0.reference()
                        }
                    }
                    impl #core::AsProvider for #name {
                        fn provider_ref(&self) -> &#core::ProviderRef {
                            self.0.reference()
                        }
                    }
                },
            )
        }
        Kind::Block => {
            let fill = if m.options.object {
                let keys: Vec<&String> = m.fields.iter().map(|f| &f.tf_name).collect();
                quote! {
                    for key in [#(#keys),*] {
                        if !attrs.iter().any(|(k, _)| k == key) {
                            attrs.push((#core::Key::Borrowed(key), #core::Val::Null));
                        }
                    }
                }
            } else {
                quote! {}
            };
            (
                quote! {
                    /// Starts the block.
                    pub fn builder() -> #builder<#(#unset),*> {
                        #builder { scope: (), id: (), attrs: ::std::vec::Vec::new(), _required: ::core::marker::PhantomData }
                    }
                },
                quote! {
                    let _ = (self.scope, self.id);
                    #fill
                    #name(#core::Val::map(attrs))
                },
                quote! {
                    #(#docs)*
                    #[derive(Clone, Debug, PartialEq)]
                    #vis struct #name(#core::Val);
                },
                quote! {
                    impl #core::IntoValue<#name> for #name {
                        fn into_val(self) -> #core::Val {
                            self.0
                        }
                    }
                    impl #core::IntoValue<#name> for &#name {
                        fn into_val(self) -> #core::Val {
                            self.0.clone()
                        }
                    }
                },
            )
        }
    };
    let (scope_ty, id_ty) = if m.kind == Kind::Block {
        (quote! { () }, quote! { () })
    } else {
        (quote! { #core::Scope }, quote! { ::std::string::String })
    };

    quote! {
        #handle_def
        #extra
        impl #name {
            #start
        }

        #[doc = #builder_doc]
        #[must_use = #must_use]
        #vis struct #builder<#(#params),*> {
            scope: #scope_ty,
            id: #id_ty,
            attrs: ::std::vec::Vec<(#core::Key, #core::Val)>,
            _required: ::core::marker::PhantomData<(#(#params,)*)>,
        }

        impl<#(#params),*> #builder<#(#params),*> {
            #(#setters)*
            #(#refused_setters)*

            /// Finishes: adds it to the tree and returns its handle.
            #[inline]
            pub fn build(self) -> #name where #(#bounds),* {
                let mut attrs = self.attrs;
                #(#pins)*
                #finish
            }
        }

        #(#traits)*
        #(#refused_traits)*
    }
}
