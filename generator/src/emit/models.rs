//! What a model looks like: structs, string enums, unions and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::ir::{Api, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union, UnionStrategy};

/// The module of one named type.
pub(super) fn type_def(api: &Api, ty: &TypeDef) -> TokenStream {
    let name = ident(&ty.name);
    let mut text = ty.docs.clone().unwrap_or_else(|| format!("The `{}` schema.", ty.origin.rsplit('/').next().unwrap_or("")));
    if let TypeKind::Union(u) = &ty.kind {
        text.push_str(&union_table(u));
    }
    let doc = docs(&text);
    let deprecated = ty.deprecated.then(|| quote! { #[deprecated] });
    let body = match &ty.kind {
        TypeKind::Struct(s) => struct_def(api, &name, s),
        TypeKind::StringEnum(e) => enum_def(&name, e),
        TypeKind::Union(u) => union_def(&name, u),
        TypeKind::Alias(target) => {
            let target = type_tokens(target);
            quote! { pub type #name = #target; }
        }
    };
    quote! {
        #doc
        #deprecated
        #body
    }
}

/// Whether a named type is a string enum with a single value, which users
/// never need to spell out.
fn is_single_value_enum(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else { return false };
    api.types
        .iter()
        .any(|t| t.name == *name && matches!(&t.kind, TypeKind::StringEnum(e) if e.values.len() == 1))
}

fn field_docs(field: &Field) -> String {
    let mut text = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    if let Some(default) = &field.default {
        text.push_str(&format!("\n\nThe server assumes `{default}` when this is not set."));
    }
    text
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let ty = type_tokens(&f.ty);
        let doc = docs(&field_docs(f));
        let wire = &f.wire_name;
        let rename = (f.rust_name != f.wire_name).then(|| quote! { rename = #wire, });
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        if f.required && !f.nullable {
            let serde_attr = rename.map(|r| quote! { #[serde(#r)] });
            fields.push(quote! { #doc #deprecated #serde_attr pub #fname: #ty, });
            if is_single_value_enum(api, &f.ty) {
                inits.push(quote! { #fname: ::std::default::Default::default(), });
            } else {
                args.push(quote! { #fname: #ty });
                arg_docs.push(f.rust_name.clone());
                inits.push(quote! { #fname, });
            }
        } else if f.required {
            // Required but nullable: always sent, possibly as `null`.
            let serde_attr = rename.map(|r| quote! { #[serde(#r)] });
            fields.push(quote! { #doc #deprecated #serde_attr pub #fname: ::std::option::Option<#ty>, });
            args.push(quote! { #fname: ::std::option::Option<#ty> });
            arg_docs.push(f.rust_name.clone());
            inits.push(quote! { #fname, });
        } else {
            fields.push(quote! {
                #doc
                #deprecated
                #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #fname: ::std::option::Option<#ty>,
            });
            inits.push(quote! { #fname: ::std::option::Option::None, });
        }
    }
    let derive_default = args.is_empty().then(|| quote! { Default, });
    let constructor = (!args.is_empty()).then(|| {
        let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        let doc = docs(&format!(
            "A `{name}` with its required fields ({}); optional ones start unset.",
            arg_docs.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ));
        quote! {
            impl #name {
                #doc
                #many
                pub fn new( #( #args ),* ) -> Self {
                    Self { #( #inits )* }
                }
            }
        }
    });
    quote! {
        #[derive(Clone, Debug, #derive_default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #( #fields )*
        }

        #constructor
    }
}

fn enum_def(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs: Vec<TokenStream> = wires.iter().map(|w| docs(&format!("`{w}`"))).collect();
    let single = e.values.len() == 1;
    let derive_default = single.then(|| quote! { Default, });
    let default_attr = single.then(|| quote! { #[default] });
    let first_doc = variant_docs.first().cloned();
    let first_variant = variants.first().cloned();
    let rest_docs = variant_docs.iter().skip(1);
    let rest_variants = variants.iter().skip(1);
    quote! {
        ///
        /// Values this version does not know are kept in `Unknown` and written
        /// back as they came.
        #[derive(Clone, Debug, #derive_default PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #first_doc
            #default_attr
            #first_variant,
            #( #rest_docs #rest_variants, )*
            /// A value the spec did not list, as received.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    }
}

/// The rustdoc table of how a union's variants are told apart.
fn union_table(u: &Union) -> String {
    let mut text = String::from("\n\n");
    match &u.strategy {
        UnionStrategy::Tag { property, explicit } => {
            let how = if *explicit { "the spec's `discriminator`" } else { "its values are disjoint across the options" };
            text.push_str(&format!("The variant is chosen by the `{property}` property ({how}):\n\n| `{property}` | Variant |\n| --- | --- |\n"));
            for v in &u.variants {
                let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
                text.push_str(&format!("| {} | [`{}`](Self::{}) |\n", tags.join(", "), v.rust_name, v.rust_name));
            }
            text.push_str("| anything else | [`Unknown`](Self::Unknown) |\n");
        }
        UnionStrategy::Keys => {
            text.push_str("The variant is chosen by which properties are present:\n\n| Present | Variant |\n| --- | --- |\n");
            for v in &u.variants {
                let keys: Vec<String> = v.keys.iter().map(|t| format!("`{t}`")).collect();
                text.push_str(&format!("| {} | [`{}`](Self::{}) |\n", keys.join(" or "), v.rust_name, v.rust_name));
            }
            text.push_str("| none of them | [`Unknown`](Self::Unknown) |\n");
        }
        UnionStrategy::Untagged => {
            text.push_str("Nothing in the spec tells the options apart, so a value is tried against each, in order; the first that fits wins, and a value none fits is [`Unknown`](Self::Unknown).\n");
        }
    }
    text
}

fn union_def(name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let tys: Vec<_> = u.variants.iter().map(|v| type_tokens(&v.ty)).collect();
    let variant_docs: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| docs(v.docs.as_deref().unwrap_or("One option of the union.")))
        .collect();
    let dispatch = match &u.strategy {
        UnionStrategy::Tag { property, .. } => {
            let arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
                let tags = &v.tags;
                quote! { ::std::option::Option::Some( #( #tags )|* ) => crate::runtime::from_raw(&raw).map(Self::#variant), }
            });
            quote! {
                match crate::runtime::peek_tag(&raw, #property).map_err(::serde::de::Error::custom)?.as_deref() {
                    #( #arms )*
                    _ => crate::runtime::from_raw(&raw).map(Self::Unknown),
                }
            }
        }
        UnionStrategy::Keys => {
            let checks = u.variants.iter().zip(&variants).map(|(v, variant)| {
                let keys = &v.keys;
                quote! {
                    if keys.iter().any(|k| matches!(k.as_ref(), #( #keys )|* )) {
                        return crate::runtime::from_raw(&raw).map(Self::#variant).map_err(::serde::de::Error::custom);
                    }
                }
            });
            quote! {
                let keys = crate::runtime::peek_keys(&raw).map_err(::serde::de::Error::custom)?;
                #( #checks )*
                crate::runtime::from_raw(&raw).map(Self::Unknown)
            }
        }
        UnionStrategy::Untagged => {
            let tries = variants.iter().map(|variant| {
                quote! {
                    if let ::std::result::Result::Ok(value) = crate::runtime::from_raw(&raw) {
                        return ::std::result::Result::Ok(Self::#variant(value));
                    }
                }
            });
            quote! {
                #( #tries )*
                crate::runtime::from_raw(&raw).map(Self::Unknown)
            }
        }
    };
    quote! {
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants(#tys), )*
            /// A value that matches no option the spec lists, as received.
            Unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(value) => value.serialize(serializer), )*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                let value: ::std::result::Result<Self, ::serde_json::Error> = { #dispatch };
                value.map_err(::serde::de::Error::custom)
            }
        }
    }
}
