//! What a model looks like: structs, string and integer enums, unions and
//! aliases.

mod enums;
mod headers;
mod one_pass;
mod plain;
mod structs;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;

use super::format::MacroCall;
use super::{docs, ident, type_tokens};
use crate::ir::{Api, TypeDef, TypeKind, TypeRef};

pub(crate) use headers::{header_set, header_set_text};
pub(super) use plain::plain_text;

/// The code of one model: its items, then the call of the runtime macro
/// that writes its serde impls (none for an alias).
pub(super) struct Model {
    pub(super) items: TokenStream,
    pub(super) serde: Option<MacroCall>,
}

/// `#[derive(..)]` of the derives `codegen.toml` adds to the type `name`
/// (checked there); none when it adds none. A second attribute beside the
/// model's own derives, so they stay as they are.
fn extra_derives(api: &Api, name: &str) -> Option<TokenStream> {
    let derives = api.derives.get(name).filter(|d| !d.is_empty())?;
    let paths = derives.iter().map(|d| {
        // A path into a crate is made absolute; a bare name (`Hash`) is the prelude's.
        let d = if d.contains("::") && !d.starts_with("::") { format!("::{d}") } else { d.clone() };
        d.parse::<TokenStream>().unwrap_or_else(|_| quote! { ::core::compile_error!("not a Rust path") })
    });
    Some(quote! { #[derive( #( #paths ),* )] })
}

/// The module of one named type.
pub(super) fn type_def(api: &Api, ty: &TypeDef) -> Model {
    let name = ident(&ty.name);
    let mut text = type_docs(ty);
    if let TypeKind::Union(u) = &ty.kind {
        text.push_str(&unions::union_table(u));
    }
    let doc = docs(&text);
    let deprecated = ty.deprecated.then(|| quote! { #[deprecated] });
    let (body, serde) = match &ty.kind {
        TypeKind::Struct(s) => (structs::struct_def(api, &name, s), Some(structs::object_call(&name, s))),
        TypeKind::StringEnum(e) => (enums::enum_def(&name, e), Some(enums::enum_call(&name, e))),
        TypeKind::IntegerEnum(e) => (enums::integer_enum_def(&name, e), Some(enums::integer_enum_call(&name, e))),
        TypeKind::Union(u) => {
            let (items, call) = unions::union_def(api, &name, u);
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
    let allow = uses_deprecated(api, ty).then(|| quote! { #![allow(deprecated)] });
    let extra = extra_derives(api, &ty.name);
    let items = quote! {
        #allow
        #doc
        #deprecated
        #extra
        #body
    };
    Model { items, serde }
}

/// The runtime macro call of a string enum or struct (what [`type_def`]
/// gives them).
pub(super) fn serde_call(ty: &TypeDef) -> Option<MacroCall> {
    let name = ident(&ty.name);
    match &ty.kind {
        TypeKind::Struct(s) => Some(structs::object_call(&name, s)),
        TypeKind::StringEnum(e) => Some(enums::enum_call(&name, e)),
        TypeKind::IntegerEnum(e) => Some(enums::integer_enum_call(&name, e)),
        _ => None,
    }
}

/// A type's docs: the schema's description, else its name.
fn type_docs(ty: &TypeDef) -> String {
    ty.docs.clone().unwrap_or_else(|| format!("The `{}` schema.", ty.origin.rsplit('/').next().unwrap_or("")))
}

/// Whether the module allows `deprecated`: the generated impls read and
/// write deprecated fields themselves, and a union or struct names the
/// deprecated types it holds; only users should see the warning.
fn uses_deprecated(api: &Api, ty: &TypeDef) -> bool {
    ty.deprecated
        || api.names_deprecated(ty.kind.type_refs())
        || matches!(&ty.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
}

/// A type, in a `Box` when `boxed`.
pub(super) fn boxed_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    let ty = type_tokens(ty);
    if boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    }
}

/// `src/models/mod.rs`: the files that hold the types, by the first letter
/// of their names, each re-exported whole.
pub(crate) fn models_mod(api: &Api) -> TokenStream {
    let types = api.types.iter().map(|ty| (&ty.name, &ty.module)).chain(api.header_sets.iter().map(|set| (&set.name, &set.module)));
    let mods = super::group_mods(types.map(|(name, module)| (module.as_str(), !api.type_features(name).is_empty())));
    quote! {
        //! The types of the spec's schemas, all re-exported here. Their files
        //! group them by the first letter of their names (`Pet` is in `p.rs`).
        #mods
    }
}
