//! The fast `Deserialize` for a tag-dispatched union whose options are all
//! structs: one pass over the object, no buffering.
//!
//! Every property any option declares is read straight into a typed slot, the
//! tag as a string, the rest as JSON; when the object ends, the tag picks the
//! option, which is built from the slots (missing required properties are
//! that option's error). Properties the chosen option does not declare become
//! its unknown properties; a tag no option lists builds `Unknown` from
//! everything read. This beats buffering the object (serde's internally
//! tagged enums, or our raw-value path) because nothing is parsed twice.
//!
//! The runtime's `json_union!` reads the slots (the `in one pass` section of
//! its call, emitted here); the union's own `from_one_pass`, emitted here
//! too, builds the option.
//!
//! It applies only when options that share a property name agree on its
//! type and nullability (otherwise the slot's type would be ambiguous); a
//! union that does not qualify keeps the buffered path. A property that some
//! option declares is read as declared before the tag is known, so a newer
//! option that reuses a known property name with another type fails this
//! pass; `runtime::decode_json` then parses the body again with every union
//! on the buffered path (`runtime::buffered_unions`), which keeps such a
//! value as `Unknown`. Errors are rare, so the happy path stays single-pass.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::support::str_literal;
use crate::ir::{Api, Field, Struct, TypeKind, TypeRef, Union, UnionStrategy};
use crate::naming::{snake_name, Scope};

/// A property as the merged visitor sees it: its slot, typed as the option
/// that declares it first declares it.
struct Slot<'a> {
    field: &'a Field,
    slot: proc_macro2::Ident,
}

/// What a union read in one pass adds to its file.
pub(super) struct OnePass {
    /// The entries of the `in one pass` section of the `json_union!` call.
    pub(super) slots: Vec<String>,
    /// The union's `from_one_pass`.
    pub(super) builder: TokenStream,
}

/// The one-pass reading of the union, or `None` when it does not qualify.
pub(super) fn one_pass(api: &Api, name: &proc_macro2::Ident, u: &Union) -> Option<OnePass> {
    let UnionStrategy::Tag { property, .. } = &u.strategy else { return None };
    let named: Vec<(&str, &Struct)> = u
        .variants
        .iter()
        .map(|v| match &v.ty {
            TypeRef::Named(n) => api.type_named(n).and_then(|t| match &t.kind {
                TypeKind::Struct(s) => Some((n.as_str(), s)),
                _ => None,
            }),
            _ => None,
        })
        .collect::<Option<_>>()?;

    // Each option's tag property must be a required string or string enum.
    for (_, s) in &named {
        let tag = s.fields.iter().find(|f| f.wire_name == *property)?;
        let is_string_enum = matches!(&tag.ty, TypeRef::Named(n) if api.type_named(n).is_some_and(|t| matches!(t.kind, TypeKind::StringEnum(_))));
        if !tag.required || tag.nullable || !(tag.ty == TypeRef::String || is_string_enum) {
            return None;
        }
    }

    // One slot per property name; options that share one must agree on it.
    // Slots are `from_one_pass`'s parameters, beside `tag` and `unknown`.
    let mut slots: Vec<Slot> = Vec::new();
    let mut scope = Scope::with_reserved(["tag", "unknown", "object", "value"]);
    for (_, s) in &named {
        for f in s.fields.iter().filter(|f| f.wire_name != *property) {
            match slots.iter().find(|slot| slot.field.wire_name == f.wire_name) {
                Some(existing) if existing.field.ty != f.ty || existing.field.nullable != f.nullable => return None,
                Some(_) => {}
                None => slots.push(Slot { field: f, slot: ident(&scope.claim(snake_name(&f.wire_name))) }),
            }
        }
    }
    let slot_of = |wire: &str| slots.iter().find(|sl| sl.field.wire_name == wire).map(|sl| &sl.slot);

    let mut keeps_foreign = false;
    let arms = u.variants.iter().zip(&named).map(|(v, (struct_name, s))| {
        let variant = ident(&v.rust_name);
        let struct_ident = ident(struct_name);
        let mut inits = Vec::new();
        for f in &s.fields {
            let fname = ident(&f.rust_name);
            let wire = &f.wire_name;
            if f.wire_name == *property {
                inits.push(if f.ty == TypeRef::String {
                    quote! { #fname: tag.to_owned(), }
                } else {
                    quote! { #fname: crate::runtime::parse_enum(tag), }
                });
                continue;
            }
            let slot = slot_of(wire)?;
            inits.push(if f.required {
                quote! { #fname: #slot.ok_or_else(|| E::missing_field(#wire))?, }
            } else if f.nullable {
                // The slot keeps `null` apart from absent; the field, like
                // the struct's own `Deserialize`, reads both as unset.
                quote! { #fname: #slot.flatten(), }
            } else if fname == *slot {
                quote! { #fname, }
            } else {
                quote! { #fname: #slot, }
            });
        }
        // Properties of other options that this object carried.
        let unknown_name = super::models::unknown_fields_name(s).map(|n| ident(&n));
        let foreign_moves: Vec<TokenStream> = match &unknown_name {
            Some(_) => slots
                .iter()
                .filter(|sl| !s.fields.iter().any(|f| f.wire_name == sl.field.wire_name))
                .map(|sl| {
                    let (slot, wire) = (&sl.slot, sl.field.wire_name.as_str());
                    quote! { crate::runtime::keep_unknown(&mut unknown, #wire, #slot).map_err(E::custom)?; }
                })
                .collect(),
            None => Vec::new(),
        };
        keeps_foreign |= !foreign_moves.is_empty();
        let unknown_init = unknown_name.map(|n| quote! { #n: unknown, });
        let boxed_value = if v.boxed { quote! { ::std::boxed::Box::new(value) } } else { quote! { value } };
        let tags = &v.tags;
        let pattern = if tags.len() == 1 { quote! { #( #tags )* } } else { quote! { ( #( #tags )|* ) } };
        Some(quote! {
            ::std::option::Option::Some(tag @ #pattern) => {
                #( #foreign_moves )*
                let value = crate::models::#struct_ident {
                    #( #inits )*
                    #unknown_init
                };
                ::std::result::Result::Ok(Self::#variant(#boxed_value))
            }
        })
    }).collect::<Option<Vec<_>>>()?;

    let params = slots.iter().map(|s| {
        let ty = super::models::field_type(s.field);
        let ty = if s.field.nullable { quote! { ::std::option::Option<#ty> } } else { ty };
        let slot = &s.slot;
        quote! { #slot: ::std::option::Option<#ty>, }
    });
    let unknown_object = slots.iter().map(|s| {
        let (slot, wire) = (&s.slot, s.field.wire_name.as_str());
        quote! { crate::runtime::insert_json(&mut object, #wire, #slot).map_err(E::custom)?; }
    });
    let unknown_binding = if keeps_foreign { quote! { mut unknown } } else { quote! { unknown } };
    // `tag`, the slots and `unknown`.
    let many = (slots.len() + 2 > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let builder = quote! {
        impl #name {
            /// Builds the option the tag picks from the properties read in one
            /// pass (see `json_union!` in the runtime).
            #many
            fn from_one_pass<E: ::serde::de::Error>(
                tag: ::std::option::Option<::serde_json::Value>,
                #( #params )*
                #unknown_binding: crate::runtime::AdditionalProperties,
            ) -> ::std::result::Result<Self, E> {
                match tag.as_ref().and_then(::serde_json::Value::as_str) {
                    #( #arms )*
                    _ => {
                        let mut object = crate::runtime::unknown_object(#property, tag);
                        #( #unknown_object )*
                        ::std::result::Result::Ok(Self::Unknown(crate::runtime::with_unknown(object, unknown)))
                    }
                }
            }
        }
    };

    // Read as the first option to declare it does: `null` is a value when the
    // property is required or nullable there, and unset otherwise.
    let slots = slots
        .iter()
        .map(|s| {
            let presence = if s.field.required || s.field.nullable { "required" } else { "optional" };
            format!("{}: {presence} {}", s.slot, str_literal(&s.field.wire_name))
        })
        .collect();
    Some(OnePass { slots, builder })
}
