//! What a model looks like: structs, string enums, unions and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, type_tokens};
use crate::naming::{pascal_name, Scope};
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
        TypeKind::Union(u) => union_def(api, &name, u),
        TypeKind::Alias(target) => {
            let target = type_tokens(target);
            quote! { pub type #name = #target; }
        }
        TypeKind::Newtype(target) => {
            let target = type_tokens(target);
            quote! {
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #target,
                );
            }
        }
    };
    // The generated impls read and write deprecated fields themselves; only
    // users should see the warning.
    let uses_deprecated = ty.deprecated || matches!(&ty.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated));
    let allow = uses_deprecated.then(|| quote! { #![allow(deprecated)] });
    quote! {
        #allow
        #doc
        #deprecated
        #body
    }
}

/// A field's type: boxed when it would otherwise contain itself.
pub(super) fn field_type(f: &Field) -> TokenStream {
    let ty = type_tokens(&f.ty);
    if f.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    }
}

/// Whether a named type is a string enum with a single value, which users
/// never need to spell out.
fn is_single_value_enum(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else { return false };
    api.type_named(name).is_some_and(|t| matches!(&t.kind, TypeKind::StringEnum(e) if e.values.len() == 1))
}

fn field_docs(field: &Field) -> String {
    let mut text = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    if let Some(default) = &field.default {
        text.push_str(&format!("\n\nThe server assumes `{default}` when this is not set."));
    }
    text
}

/// The field that keeps properties the spec does not list, named so that
/// it cannot clash with a property.
pub(super) fn unknown_fields_name(s: &Struct) -> Option<String> {
    if !s.keep_unknown_fields {
        return None;
    }
    let mut scope = Scope::with_reserved(s.fields.iter().map(|f| f.rust_name.as_str()));
    Some(scope.claim("additional_properties".to_owned()))
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut arg_docs = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let ty = field_type(f);
        let doc = docs(&field_docs(f));
        let deprecated = f.deprecated.then(|| quote! { #[deprecated] });
        if f.required && !f.nullable {
            fields.push(quote! { #doc #deprecated pub #fname: #ty, });
            if is_single_value_enum(api, &f.ty) {
                inits.push(quote! { #fname: ::std::default::Default::default(), });
            } else {
                args.push(quote! { #fname: #ty });
                arg_docs.push(f.rust_name.clone());
                inits.push(quote! { #fname, });
            }
        } else if f.required {
            // Required but nullable: always sent, possibly as `null`.
            fields.push(quote! { #doc #deprecated pub #fname: ::std::option::Option<#ty>, });
            args.push(quote! { #fname: ::std::option::Option<#ty> });
            arg_docs.push(f.rust_name.clone());
            inits.push(quote! { #fname, });
        } else {
            fields.push(quote! { #doc #deprecated pub #fname: ::std::option::Option<#ty>, });
            inits.push(quote! { #fname: ::std::option::Option::None, });
        }
    }
    let unknown = unknown_fields_name(s).map(|n| ident(&n));
    if let Some(unknown) = &unknown {
        fields.push(quote! {
            /// Properties the spec does not list, as received; they are written
            /// back when this value is serialized.
            pub #unknown: crate::runtime::AdditionalProperties,
        });
        inits.push(quote! { #unknown: crate::runtime::AdditionalProperties::new(), });
    }
    let derive_default = args.is_empty().then(|| quote! { Default, });
    let constructor = (!args.is_empty()).then(|| {
        let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        let doc = docs(&format!(
            "Builds a `{name}` from its required fields ({}); the optional ones start unset.",
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
    let serialize = struct_serialize(name, s, unknown.as_ref());
    let deserialize = struct_deserialize(name, s, unknown.as_ref());
    quote! {
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #name {
            #( #fields )*
        }

        #constructor
        #serialize
        #deserialize
    }
}

/// `Serialize` as a JSON object: known properties in spec order (optional
/// ones only when set), then the unknown ones.
fn struct_serialize(name: &proc_macro2::Ident, s: &Struct, unknown: Option<&proc_macro2::Ident>) -> TokenStream {
    let always = s.fields.iter().filter(|f| f.required).count();
    let optional: Vec<_> = s.fields.iter().filter(|f| !f.required).map(|f| ident(&f.rust_name)).collect();
    let entries = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.required {
            quote! { map.serialize_entry(#wire, &self.#fname)?; }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#fname {
                    map.serialize_entry(#wire, value)?;
                }
            }
        }
    });
    // The entry count, as a sum without `0 +` (clippy would rightly object).
    let mut terms: Vec<TokenStream> = Vec::new();
    if always > 0 {
        let n = proc_macro2::Literal::usize_unsuffixed(always);
        terms.push(quote! { #n });
    }
    terms.extend(optional.iter().map(|o| quote! { usize::from(self.#o.is_some()) }));
    terms.extend(unknown.map(|u| quote! { self.#u.len() }));
    if terms.is_empty() {
        terms.push(quote! { 0 });
    }
    let unknown_entries = unknown.map(|u| {
        quote! {
            for (key, value) in self.#u.iter() {
                map.serialize_entry(key, value)?;
            }
        }
    });
    let map_binding = if s.fields.is_empty() && unknown.is_none() { quote! { map } } else { quote! { mut map } };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let len = #( #terms )+*;
                let #map_binding = serializer.serialize_map(::std::option::Option::Some(len))?;
                #( #entries )*
                #unknown_entries
                map.end()
            }
        }
    }
}

/// `Deserialize` from a JSON object, as serde's derive would (a field
/// identifier matched on the borrowed key, one slot per field), except that
/// unknown keys are kept instead of skipped.
fn struct_deserialize(name: &proc_macro2::Ident, s: &Struct, unknown: Option<&proc_macro2::Ident>) -> TokenStream {
    // Field variants and slots get names of their own, so that no property
    // name can shadow a local (`map`, `key`) or the catch-all variant.
    let mut variant_scope = Scope::with_reserved(["Other"]);
    let variants: Vec<_> = s.fields.iter().map(|f| ident(&variant_scope.claim(pascal_name(&f.rust_name)))).collect();
    let wires: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let (other_variant, other_arm, other_slot, other_handle, other_init) = match unknown {
        Some(u) => (
            quote! { Other(::std::string::String), },
            quote! { other => Field::Other(other.to_owned()), },
            quote! { let mut unknown = crate::runtime::AdditionalProperties::new(); },
            quote! { Field::Other(key) => unknown.push_received(key, map.next_value()?), },
            quote! { #u: unknown, },
        ),
        None => (
            quote! { Other, },
            quote! { _ => Field::Other, },
            quote! {},
            quote! { Field::Other => { map.next_value::<::serde::de::IgnoredAny>()?; } },
            quote! {},
        ),
    };
    let mut slots = Vec::new();
    let mut handles = Vec::new();
    let mut finals = Vec::new();
    for (f, variant) in s.fields.iter().zip(&variants) {
        let fname = ident(&f.rust_name);
        let slot = quote::format_ident!("slot_{}", f.rust_name.trim_end_matches('_'));
        let ty = field_type(f);
        let wire = &f.wire_name;
        match (f.required, f.nullable) {
            (true, false) => {
                slots.push(quote! { let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None; });
                handles.push(quote! { Field::#variant => #slot = ::std::option::Option::Some(map.next_value()?), });
                finals.push(quote! { #fname: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?, });
            }
            (true, true) => {
                slots.push(quote! { let mut #slot: ::std::option::Option<::std::option::Option<#ty>> = ::std::option::Option::None; });
                handles.push(quote! { Field::#variant => #slot = ::std::option::Option::Some(map.next_value()?), });
                finals.push(quote! { #fname: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?, });
            }
            (false, _) => {
                slots.push(quote! { let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None; });
                handles.push(quote! { Field::#variant => #slot = map.next_value()?, });
                finals.push(quote! { #fname: #slot, });
            }
        }
    }
    let expecting = format!("a `{name}` object");
    let arms: Vec<TokenStream> = wires.iter().zip(&variants).map(|(w, v)| quote! { #w => Field::#v, }).collect();
    let field_identifier = field_identifier(quote! { #( #variants, )* #other_variant }, quote! { #( #arms )* #other_arm });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #field_identifier

                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #( #slots )*
                        #other_slot
                        while let ::std::option::Option::Some(key) = map.next_key::<Field>()? {
                            match key {
                                #( #handles )*
                                #other_handle
                            }
                        }
                        ::std::result::Result::Ok(#name {
                            #( #finals )*
                            #other_init
                        })
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
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

/// The `Field` enum a map visitor reads keys into, matched on the borrowed
/// key so that only unknown keys allocate.
pub(super) fn field_identifier(variants: TokenStream, arms: TokenStream) -> TokenStream {
    quote! {
        enum Field { #variants }

        impl<'de> ::serde::Deserialize<'de> for Field {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct FieldVisitor;

                impl ::serde::de::Visitor<'_> for FieldVisitor {
                    type Value = Field;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a property name")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Field, E> {
                        ::std::result::Result::Ok(match value { #arms })
                    }
                }

                deserializer.deserialize_identifier(FieldVisitor)
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

fn union_def(api: &Api, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let tys: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let ty = type_tokens(&v.ty);
            if v.boxed {
                quote! { ::std::boxed::Box<#ty> }
            } else {
                ty
            }
        })
        .collect();
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
    let buffered = quote! {
        let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
        let value: ::std::result::Result<Self, ::serde_json::Error> = { #dispatch };
        value.map_err(::serde::de::Error::custom)
    };
    let body = match super::union_single_pass::deserialize_body(api, name, u) {
        Some(single_pass) => quote! {
            if crate::runtime::buffered_unions() {
                #buffered
            } else {
                #single_pass
            }
        },
        None => buffered,
    };
    let deserialize = quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #body
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

        #deserialize
    }
}
