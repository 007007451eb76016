//! What a struct looks like: its fields, its constructor, and the
//! `json_object!` call that writes its serde impls.

use proc_macro2::{Delimiter, Group, TokenStream};
use quote::quote;

use super::boxed_type;
use crate::emit::format::{str_literal, MacroCall, Section};
use crate::emit::{docs, ident};
use crate::ir::{Api, Field, Struct, TypeRef};

pub(super) fn struct_def(api: &Api, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
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
        } else if f.nullable {
            // Optional and nullable: absent (`None`), `null` (`Some(None)`)
            // and a value are three states, each written back as read.
            fields.extend(quote! { pub #fname: ::std::option::Option<::std::option::Option<#ty>>, });
            inits.extend(quote! { #fname: ::std::option::Option::None, });
        } else {
            fields.extend(quote! { pub #fname: ::std::option::Option<#ty>, });
            inits.extend(quote! { #fname: ::std::option::Option::None, });
        }
    }
    let unknown = s.unknown_fields.as_deref().map(ident);
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
pub(super) fn object_call(name: &proc_macro2::Ident, s: &Struct) -> MacroCall {
    let entries = s
        .fields
        .iter()
        .map(|f| {
            let presence = match (f.required, f.nullable) {
                (true, _) => "required",
                (false, true) => "nullable",
                (false, false) => "optional",
            };
            format!("{}: {presence} {}", ident(&f.rust_name), str_literal(&f.wire_name))
        })
        .collect();
    let rest = s.unknown_fields.as_deref().map(|n| format!("..{}", ident(n)));
    MacroCall { name: "json_object", sections: vec![Section { head: name.to_string(), entries, rest }] }
}

/// A field's type: boxed when it would otherwise contain itself.
fn field_type(f: &Field) -> TokenStream {
    boxed_type(&f.ty, f.boxed)
}

/// Whether a named type is a string or integer enum with a single value,
/// which users never need to spell out.
pub(super) fn is_single_value_enum(api: &Api, ty: &TypeRef) -> bool {
    let TypeRef::Named(name) = ty else { return false };
    api.type_named(name).is_some_and(|t| t.kind.is_single_value_enum())
}

pub(super) fn field_docs(field: &Field) -> String {
    let mut text = field.docs.clone().unwrap_or_else(|| format!("The `{}` property.", field.wire_name));
    if let Some(default) = &field.default {
        text.push_str(&format!("\n\nThe server assumes `{default}` when this is not set."));
    }
    text
}
