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
//! Lowering decides whether a union qualifies and plans its slots
//! ([`OnePass`](crate::ir::OnePass)); this translates the plan. A property that some
//! option declares is read as declared before the tag is known, so a newer
//! option that reuses a known property name with another type fails this
//! pass; `runtime::decode_json` then parses the body again with every union
//! on the buffered path (`runtime::buffered_unions`), which keeps such a
//! value as `Unknown`. Errors are rare, so the happy path stays single-pass.

use proc_macro2::TokenStream;
use quote::quote;

use super::boxed_type;
use crate::emit::format::str_literal;
use crate::emit::ident;
use crate::ir::{Api, FieldSource, OnePass, Struct, TypeKind, TypeRef, Union, UnionStrategy};

/// What a union read in one pass adds to its file.
pub(super) struct OnePassCode {
    /// The entries of the `in one pass` section of the `json_union!` call.
    pub(super) slots: Vec<String>,
    /// The union's `from_one_pass`.
    pub(super) builder: TokenStream,
}

/// The one-pass reading of the union, when lowering planned one.
pub(super) fn one_pass(api: &Api, name: &proc_macro2::Ident, u: &Union) -> Option<OnePassCode> {
    let (UnionStrategy::Tag { property, .. }, Some(plan)) = (&u.strategy, &u.one_pass) else { return None };
    let slot_idents: Vec<_> = plan.slots.iter().map(|s| ident(&s.name)).collect();
    let mut arms = Vec::new();
    for (i, (v, option)) in u.variants.iter().zip(&plan.options).enumerate() {
        let Some(struct_name) = v.ty.inline_named() else { continue };
        let Some(TypeKind::Struct(s)) = api.type_named(struct_name).map(|t| &t.kind) else { continue };
        let variant = ident(&v.rust_name);
        let value = struct_value(s, struct_name, plan, i, &slot_idents);
        let boxed_value = if v.boxed {
            quote! { ::std::boxed::Box::new(value) }
        } else {
            quote! { value }
        };
        // Properties of other options that this object carried.
        let foreign_moves = option.foreign.iter().map(|&slot| {
            let (slot_ident, wire) = (&slot_idents[slot], plan.slots[slot].wire_name.as_str());
            quote! { crate::runtime::keep_unknown(&mut unknown, #wire, #slot_ident).map_err(E::custom)?; }
        });
        let tags = &v.tags;
        let pattern = if tags.len() == 1 {
            quote! { #( #tags )* }
        } else {
            quote! { ( #( #tags )|* ) }
        };
        arms.push(quote! {
            ::std::option::Option::Some(tag @ #pattern) => {
                #( #foreign_moves )*
                let value = #value;
                ::std::result::Result::Ok(Self::#variant(#boxed_value))
            }
        });
    }
    let keeps_foreign = plan.options.iter().any(|o| !o.foreign.is_empty());
    let params = plan.slots.iter().zip(&slot_idents).map(|(s, slot)| {
        let ty = boxed_type(&s.ty, s.boxed);
        let ty = if s.nullable {
            quote! { ::std::option::Option<#ty> }
        } else {
            ty
        };
        quote! { #slot: ::std::option::Option<#ty>, }
    });
    let unknown_object = plan.slots.iter().zip(&slot_idents).map(|(s, slot)| {
        let wire = s.wire_name.as_str();
        quote! { crate::runtime::insert_json(&mut object, #wire, #slot).map_err(E::custom)?; }
    });
    let unknown_binding = if keeps_foreign {
        quote! { mut unknown }
    } else {
        quote! { unknown }
    };
    // Slots are written into the unknown value's object; with none (options
    // that hold only the tag and unlisted properties: Datadog v2's
    // `ObservabilityPipelineAmazonS3GenericEncoding`) it is not changed.
    let object_binding = if plan.slots.is_empty() {
        quote! { object }
    } else {
        quote! { mut object }
    };
    // `tag`, the slots and `unknown`.
    let many = (plan.slots.len() + 2 > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
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
                        let #object_binding = crate::runtime::unknown_object(#property, tag);
                        #( #unknown_object )*
                        ::std::result::Result::Ok(Self::Unknown(crate::runtime::with_unknown(object, unknown)))
                    }
                }
            }
        }
    };
    let slots = plan
        .slots
        .iter()
        .map(|s| format!("{}: {} {}", s.name, if s.null_is_value { "required" } else { "optional" }, str_literal(&s.wire_name)))
        .collect();
    Some(OnePassCode { slots, builder })
}

/// The option's struct, built from the tag and the slots.
fn struct_value(s: &Struct, struct_name: &str, plan: &OnePass, option: usize, slots: &[proc_macro2::Ident]) -> TokenStream {
    let struct_ident = ident(struct_name);
    let inits = s.fields.iter().zip(&plan.options[option].fields).map(|(f, source)| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        match source {
            FieldSource::Tag if f.ty == TypeRef::String => quote! { #fname: tag.to_owned(), },
            FieldSource::Tag => quote! { #fname: crate::runtime::parse_enum(tag), },
            FieldSource::Slot(i) => {
                let slot = &slots[*i];
                if f.required {
                    quote! { #fname: #slot.ok_or_else(|| E::missing_field(#wire))?, }
                } else if fname == *slot {
                    quote! { #fname, }
                } else {
                    quote! { #fname: #slot, }
                }
            }
        }
    });
    let unknown_init = s.unknown_fields.as_deref().map(|n| {
        let n = ident(n);
        quote! { #n: unknown, }
    });
    quote! {
        crate::models::#struct_ident {
            #( #inits )*
            #unknown_init
        }
    }
}
