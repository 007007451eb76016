//! What a model looks like: structs, string enums, unions and aliases.

use proc_macro2::{Delimiter, Group, TokenStream};
use quote::quote;

use super::support::{str_literal, MacroCall, Section};
use super::{docs, ident, type_tokens};
use crate::naming::Scope;
use crate::ir::{Api, Field, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union, UnionStrategy};

/// The code of one model: its items, then the call of the runtime macro
/// that writes its serde impls (none for an alias).
pub(super) struct Model {
    pub(super) items: TokenStream,
    pub(super) serde: Option<MacroCall>,
}

/// The module of one named type.
pub(super) fn type_def(api: &Api, ty: &TypeDef) -> Model {
    let name = ident(&ty.name);
    let mut text = ty.docs.clone().unwrap_or_else(|| format!("The `{}` schema.", ty.origin.rsplit('/').next().unwrap_or("")));
    if let TypeKind::Union(u) = &ty.kind {
        text.push_str(&union_table(u));
    }
    let doc = docs(&text);
    let deprecated = ty.deprecated.then(|| quote! { #[deprecated] });
    let (body, serde) = match &ty.kind {
        TypeKind::Struct(s) => (struct_def(api, &name, s), Some(object_call(&name, s))),
        TypeKind::StringEnum(e) => (enum_def(&name, e), Some(enum_call(&name, e))),
        TypeKind::Union(u) => {
            let (items, call) = union_def(api, &name, u);
            (items, Some(call))
        }
        TypeKind::Alias(target) => {
            let target = type_tokens(target);
            (quote! { pub type #name = #target; }, None)
        }
        TypeKind::Newtype(target) => {
            let target = type_tokens(target);
            let def = quote! {
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(
                    /// The value.
                    pub #target,
                );
            };
            (def, None)
        }
    };
    // The generated impls read and write deprecated fields themselves, and a
    // union or struct names the deprecated types it holds; only users should
    // see the warning.
    let holds_deprecated = ty.kind.type_refs().into_iter().flat_map(TypeRef::named).any(|n| api.type_named(n).is_some_and(|t| t.deprecated));
    let uses_deprecated = ty.deprecated || holds_deprecated || matches!(&ty.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated));
    let allow = uses_deprecated.then(|| quote! { #![allow(deprecated)] });
    let items = quote! {
        #allow
        #doc
        #deprecated
        #body
    };
    Model { items, serde }
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
    // Fields, arguments and initializers are appended to one stream each and
    // moved into their delimiters: interpolating streams would copy them.
    let mut fields = TokenStream::new();
    let mut args = TokenStream::new();
    let mut inits = TokenStream::new();
    let mut arg_names = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let ty = field_type(f);
        fields.extend(docs(&field_docs(f)));
        if f.deprecated {
            fields.extend(quote! { #[deprecated] });
        }
        if f.required && !f.nullable {
            fields.extend(quote! { pub #fname: #ty, });
            if is_single_value_enum(api, &f.ty) {
                inits.extend(quote! { #fname: ::std::default::Default::default(), });
            } else {
                args.extend(quote! { #fname: #ty, });
                arg_names.push(f.rust_name.as_str());
                inits.extend(quote! { #fname, });
            }
        } else if f.required {
            // Required but nullable: always sent, possibly as `null`.
            fields.extend(quote! { pub #fname: ::std::option::Option<#ty>, });
            args.extend(quote! { #fname: ::std::option::Option<#ty>, });
            arg_names.push(f.rust_name.as_str());
            inits.extend(quote! { #fname, });
        } else {
            fields.extend(quote! { pub #fname: ::std::option::Option<#ty>, });
            inits.extend(quote! { #fname: ::std::option::Option::None, });
        }
    }
    let unknown = unknown_fields_name(s).map(|n| ident(&n));
    if let Some(unknown) = &unknown {
        fields.extend(quote! {
            /// Properties the spec does not list, as received; they are written
            /// back when this value is serialized.
            pub #unknown: crate::runtime::AdditionalProperties,
        });
        inits.extend(quote! { #unknown: crate::runtime::AdditionalProperties::new(), });
    }
    let fields = Group::new(Delimiter::Brace, fields);
    let derive_default = arg_names.is_empty().then(|| quote! { Default, });
    let constructor = (!arg_names.is_empty()).then(|| {
        let many = (arg_names.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        let doc = docs(&format!(
            "Builds a `{name}` from its required fields ({}); the optional ones start unset.",
            arg_names.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
        ));
        let args = Group::new(Delimiter::Parenthesis, args);
        let inits = Group::new(Delimiter::Brace, inits);
        quote! {
            impl #name {
                #doc
                #many
                pub fn new #args -> Self {
                    Self #inits
                }
            }
        }
    });
    quote! {
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #name #fields

        #constructor
    }
}

/// The struct's serde impls: one entry per field, in the spec's order, then
/// the field that keeps unknown properties.
fn object_call(name: &proc_macro2::Ident, s: &Struct) -> MacroCall {
    let entries = s
        .fields
        .iter()
        .map(|f| {
            let presence = if f.required { "required" } else { "optional" };
            format!("{}: {presence} {}", ident(&f.rust_name), str_literal(&f.wire_name))
        })
        .collect();
    let rest = unknown_fields_name(s).map(|n| format!("..{}", ident(&n)));
    MacroCall { name: "json_object", sections: vec![Section { head: name.to_string(), entries, rest }] }
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

    }
}

/// The string enum's `as_str`, `Display`, `FromStr` and serde impls: one
/// entry per value.
fn enum_call(name: &proc_macro2::Ident, e: &StringEnum) -> MacroCall {
    let entries = e.values.iter().map(|v| format!("{} = {}", ident(&v.rust_name), str_literal(&v.wire))).collect();
    MacroCall::new("string_enum", name.to_string(), entries)
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
        UnionStrategy::PartialTag { property } => {
            text.push_str(&format!(
                "The variant is chosen by the `{property}` property, which does not tell every option apart: a value is tried against the variants of its row in order, and the first that fits wins (when a listed value's variants all fail, the error is the first one's).\n\n| `{property}` | Variants |\n| --- | --- |\n"
            ));
            let link = |v: &&crate::ir::UnionVariant| format!("[`{}`](Self::{})", v.rust_name, v.rust_name);
            let mut seen: Vec<&str> = Vec::new();
            for tag in u.variants.iter().flat_map(|v| &v.tags) {
                if seen.contains(&tag.as_str()) {
                    continue;
                }
                seen.push(tag);
                let picked: Vec<String> = u.variants.iter().filter(|v| v.tags.contains(tag)).map(|v| link(&v)).collect();
                text.push_str(&format!("| `{tag}` | {} |\n", picked.join(", then ")));
            }
            let mut rest: Vec<String> = u.variants.iter().filter(|v| v.tags.is_empty()).map(|v| link(&v)).collect();
            rest.push("[`Unknown`](Self::Unknown)".to_owned());
            text.push_str(&format!("| anything else | {} |\n", rest.join(", then ")));
        }
        UnionStrategy::JsonKinds => {
            text.push_str("The options are different kinds of JSON value, so at most one fits: a value is tried against each, in order, and a value none fits is [`Unknown`](Self::Unknown).\n");
        }
        UnionStrategy::Untagged => {
            text.push_str("Nothing in the spec tells the options apart, so a value is tried against each, in order; the first that fits wins, and a value none fits is [`Unknown`](Self::Unknown).\n");
        }
    }
    text
}

/// The union's enum, and its `json_union!` call: how the variant is chosen,
/// and for a union read in one pass, its slots (whose `from_one_pass` joins
/// the items).
fn union_def(api: &Api, name: &proc_macro2::Ident, u: &Union) -> (TokenStream, MacroCall) {
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
    let values = |values: &[String]| values.iter().map(|v| str_literal(v)).collect::<Vec<_>>().join(" | ");
    let (head, entries) = match &u.strategy {
        UnionStrategy::Tag { property, .. } => (
            format!("{name} by tag {}", str_literal(property)),
            u.variants.iter().zip(&variants).map(|(v, variant)| format!("{variant}({})", values(&v.tags))).collect(),
        ),
        UnionStrategy::Keys => (
            format!("{name} by keys"),
            u.variants.iter().zip(&variants).map(|(v, variant)| format!("{variant}({})", values(&v.keys))).collect(),
        ),
        UnionStrategy::PartialTag { property } => (
            format!("{name} by tag {}", str_literal(property)),
            u.variants.iter().zip(&variants).filter(|(v, _)| !v.tags.is_empty()).map(|(v, variant)| format!("{variant}({})", values(&v.tags))).collect(),
        ),
        UnionStrategy::JsonKinds | UnionStrategy::Untagged => (format!("{name} in order"), variants.iter().map(ToString::to_string).collect()),
    };
    let mut call = MacroCall::new("json_union", head, entries);
    if let UnionStrategy::PartialTag { .. } = &u.strategy {
        // The variants no tag value selects, tried when the tag picks none.
        let untagged = u.variants.iter().zip(&variants).filter(|(v, _)| v.tags.is_empty()).map(|(_, variant)| variant.to_string()).collect();
        call.sections.push(Section { head: "else in order".into(), entries: untagged, rest: None });
    }
    let one_pass = super::union_single_pass::one_pass(api, name, u);
    let builder = one_pass.map(|one_pass| {
        call.sections.push(Section { head: "in one pass".into(), entries: one_pass.slots, rest: None });
        one_pass.builder
    });
    // Each variant holds its option as the spec defines it; how far their
    // sizes differ is the spec's doing (Datadog's widgets: 5 KB), and boxing
    // some would make every user's match on them clumsier.
    let items = quote! {
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #variants(#tys), )*
            /// A value that matches no option the spec lists, as received.
            Unknown(::serde_json::Value),
        }

        #builder
    };
    (items, call)
}
