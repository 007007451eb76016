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
//! It applies only when options that share a property name agree on its
//! type and nullability (otherwise the slot's type would be ambiguous); a
//! union that does not qualify keeps the buffered path. A property that some
//! option declares is read as declared before the tag is known, so a newer
//! option that reuses a known property name with another type fails this
//! pass; `runtime::decode_json` then parses the body again with every union
//! on the buffered path (`runtime::buffered_unions`), which keeps such a
//! value as `Unknown`. Errors are rare, so the happy path stays single-pass.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ident;
use crate::ir::{Api, Field, Struct, TypeKind, TypeRef, Union, UnionStrategy};
use crate::naming::{pascal_name, Scope};

/// A property as the merged visitor sees it: its slot and which options have it.
struct Slot<'a> {
    field: &'a Field,
    variant: proc_macro2::Ident,
    slot: proc_macro2::Ident,
}

/// The body of the single-pass `deserialize`, or `None` when the union does
/// not qualify.
pub(super) fn deserialize_body(api: &Api, name: &proc_macro2::Ident, u: &Union) -> Option<TokenStream> {
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
    let structs: Vec<&Struct> = named.iter().map(|(_, s)| *s).collect();

    // Each option's tag property must be a required string or string enum.
    for s in &structs {
        let tag = s.fields.iter().find(|f| f.wire_name == *property)?;
        let is_string_enum = matches!(&tag.ty, TypeRef::Named(n) if api.type_named(n).is_some_and(|t| matches!(t.kind, TypeKind::StringEnum(_))));
        if !tag.required || tag.nullable || !(tag.ty == TypeRef::String || is_string_enum) {
            return None;
        }
    }

    // One slot per property name; options that share one must agree on it.
    let mut slots: Vec<Slot> = Vec::new();
    let mut variant_scope = Scope::with_reserved(["Tag", "Other"]);
    for s in &structs {
        for f in s.fields.iter().filter(|f| f.wire_name != *property) {
            match slots.iter().find(|slot| slot.field.wire_name == f.wire_name) {
                Some(existing) if existing.field.ty != f.ty || existing.field.nullable != f.nullable => return None,
                Some(_) => {}
                None => slots.push(Slot {
                    field: f,
                    variant: ident(&variant_scope.claim(pascal_name(&f.wire_name))),
                    slot: format_ident!("slot_{}", slots.len()),
                }),
            }
        }
    }

    let field_variants: Vec<_> = slots.iter().map(|s| &s.variant).collect();
    let wires: Vec<&str> = slots.iter().map(|s| s.field.wire_name.as_str()).collect();
    let slot_decls = slots.iter().map(|s| {
        let ty = super::models::field_type(s.field);
        let ty = if s.field.nullable { quote! { ::std::option::Option<#ty> } } else { ty };
        let slot = &s.slot;
        quote! { let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None; }
    });
    let handles = slots.iter().map(|s| {
        let (variant, slot) = (&s.variant, &s.slot);
        if s.field.required || s.field.nullable {
            quote! { Field::#variant => #slot = ::std::option::Option::Some(map.next_value()?), }
        } else {
            // Optional everywhere: `null` reads as absent, as in the structs.
            quote! { Field::#variant => #slot = map.next_value()?, }
        }
    });

    let arms = u.variants.iter().zip(&named).map(|(v, (struct_name, s))| {
        let variant = ident(&v.rust_name);
        let struct_ident = ident(struct_name);
        let tags = &v.tags;
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
            let slot = &slots.iter().find(|sl| sl.field.wire_name == f.wire_name).map(|sl| sl.slot.clone())?;
            inits.push(if f.required {
                quote! { #fname: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?, }
            } else {
                quote! { #fname: #slot, }
            });
        }
        // Properties of other options that this object carried.
        let foreign: Vec<_> = slots.iter().filter(|sl| !s.fields.iter().any(|f| f.wire_name == sl.field.wire_name)).collect();
        let keeps_unknown = s.keep_unknown_fields;
        let unknown_name = super::models::unknown_fields_name(s).map(|n| ident(&n));
        let foreign_moves = foreign.iter().map(|sl| {
            let (slot, wire) = (&sl.slot, sl.field.wire_name.as_str());
            if keeps_unknown {
                quote! {
                    if let ::std::option::Option::Some(value) = #slot {
                        unknown.push_received(#wire.to_owned(), crate::runtime::to_json::<A::Error, _>(&value)?);
                    }
                }
            } else {
                quote! { let _ = #slot; }
            }
        });
        let unknown_init = unknown_name.map(|n| quote! { #n: unknown, });
        let drop_unknown = (!keeps_unknown).then(|| quote! { let _ = unknown; });
        let boxed_value = if v.boxed { quote! { ::std::boxed::Box::new(value) } } else { quote! { value } };
        let pattern = if tags.len() == 1 { quote! { #( #tags )* } } else { quote! { ( #( #tags )|* ) } };
        Some(quote! {
            ::std::option::Option::Some(tag @ #pattern) => {
                #( #foreign_moves )*
                #drop_unknown
                let value = crate::models::#struct_ident {
                    #( #inits )*
                    #unknown_init
                };
                ::std::result::Result::Ok(#name::#variant(#boxed_value))
            }
        })
    }).collect::<Option<Vec<_>>>()?;

    let unknown_object = slots.iter().map(|s| {
        let (slot, wire) = (&s.slot, s.field.wire_name.as_str());
        quote! {
            if let ::std::option::Option::Some(value) = #slot {
                object.insert(#wire.to_owned(), crate::runtime::to_json::<A::Error, _>(&value)?);
            }
        }
    });
    let expecting = format!("a `{name}` value");
    let field_identifier = super::models::field_identifier(
        quote! { Tag, #( #field_variants, )* Other(::std::string::String) },
        quote! {
            #property => Field::Tag,
            #( #wires => Field::#field_variants, )*
            other => Field::Other(other.to_owned()),
        },
    );

    Some(quote! {
                #field_identifier

                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        // The tag as JSON: a string selects an option, anything
                        // else (or no tag) makes the value `Unknown`.
                        let mut tag_value: ::std::option::Option<::serde_json::Value> = ::std::option::Option::None;
                        #( #slot_decls )*
                        let mut unknown = crate::runtime::AdditionalProperties::new();
                        while let ::std::option::Option::Some(key) = map.next_key::<Field>()? {
                            match key {
                                Field::Tag => tag_value = ::std::option::Option::Some(map.next_value()?),
                                #( #handles )*
                                Field::Other(key) => unknown.push_received(key, map.next_value()?),
                            }
                        }
                        match tag_value.as_ref().and_then(::serde_json::Value::as_str) {
                            #( #arms )*
                            _ => {
                                let mut object = ::serde_json::Map::new();
                                if let ::std::option::Option::Some(tag) = tag_value {
                                    object.insert(#property.to_owned(), tag);
                                }
                                #( #unknown_object )*
                                for (key, value) in unknown.iter() {
                                    object.insert(key.to_owned(), value.clone());
                                }
                                ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::Object(object)))
                            }
                        }
                    }

                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, seq: A) -> ::std::result::Result<#name, A::Error> {
                        let value = ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq))?;
                        ::std::result::Result::Ok(#name::Unknown(value))
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_bool<E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_i64<E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_f64<E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<#name, E> {
                        ::std::result::Result::Ok(#name::Unknown(::serde_json::Value::Null))
                    }
                }

                deserializer.deserialize_any(Visitor)
    })
}
