//! What a constraint check looks like: `impl Validate` for every model that
//! has a constraint somewhere inside it, and the checks of a request's
//! parameters and body.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Constraints, TypeDef, TypeKind, TypeRef};

/// `impl Validate` for a type that needs it; nothing for the others (an
/// alias is checked as the type it names).
pub(crate) fn impl_for(ty: &TypeDef, needs: &BTreeSet<String>) -> TokenStream {
    if !needs.contains(&ty.name) {
        return TokenStream::new();
    }
    let name = ident(&ty.name);
    let body = match &ty.kind {
        TypeKind::Struct(s) => {
            let checks = s.fields.iter().map(|f| {
                let field = ident(&f.rust_name);
                // Optional and nullable is `Option<Option<T>>`.
                let options = u8::from(!f.required || f.nullable) + u8::from(!f.required && f.nullable);
                value_checks(&f.wire_name, quote! { self.#field }, &f.ty, &f.constraints, options, needs)
            });
            quote! {
                #( #checks )*
                ::std::result::Result::Ok(())
            }
        }
        TypeKind::Union(u) => {
            let arms = u.variants.iter().filter(|v| v.ty.holds_any(needs)).map(|v| {
                let variant = ident(&v.rust_name);
                quote! { Self::#variant(value) => crate::validate::Validate::validate_at(value, path), }
            });
            quote! {
                match self {
                    #( #arms )*
                    _ => ::std::result::Result::Ok(()),
                }
            }
        }
        TypeKind::Newtype(_) => quote! { crate::validate::Validate::validate_at(&self.0, path) },
        TypeKind::Alias(_) | TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => return TokenStream::new(),
    };
    quote! {
        impl crate::validate::Validate for #name {
            fn validate_at(&self, path: crate::validate::Path<'_>) -> ::std::result::Result<(), crate::validate::ValidationError> {
                #body
            }
        }
    }
}

/// The checks of one value: its own constraints, then what is inside it.
/// `value` is a place expression (`self.field`) in `options` layers of
/// `Option` (0, 1, or 2 for an optional nullable property). `wire` names it
/// in the error's path.
pub(crate) fn value_checks(
    wire: &str,
    value: TokenStream,
    ty: &TypeRef,
    c: &Constraints,
    options: u8,
    needs: &BTreeSet<String>,
) -> TokenStream {
    let at = quote! { path.key(#wire) };
    let mut own = Vec::new();
    // The value by reference and, for numbers, by copy.
    let (v, copied) = if options > 0 { (quote! { value }, quote! { *value }) } else { (quote! { &#value }, quote! { #value }) };
    match ty {
        TypeRef::Array(_) => {
            if let Some(min) = c.min_items {
                let min = Literal::usize_unsuffixed(min);
                own.push(quote! { crate::validate::min_items(#at, #v, #min)?; });
            }
            if let Some(max) = c.max_items {
                let max = Literal::usize_unsuffixed(max);
                own.push(quote! { crate::validate::max_items(#at, #v, #max)?; });
            }
        }
        TypeRef::String => {
            if let Some(min) = c.min_length {
                let min = Literal::usize_unsuffixed(min);
                own.push(quote! { crate::validate::min_length(#at, #v, #min)?; });
            }
            if let Some(max) = c.max_length {
                let max = Literal::usize_unsuffixed(max);
                own.push(quote! { crate::validate::max_length(#at, #v, #max)?; });
            }
        }
        TypeRef::Integer { .. } | TypeRef::Number { .. } => {
            let integer = matches!(ty, TypeRef::Integer { .. });
            // The values the integer type holds, as `f64`.
            let range = match *ty {
                TypeRef::Integer { bits, signed: true } => (-(2f64.powi(i32::from(bits) - 1)), 2f64.powi(i32::from(bits) - 1)),
                TypeRef::Integer { bits, signed: false } => (0.0, 2f64.powi(i32::from(bits))),
                _ => (f64::NEG_INFINITY, f64::INFINITY),
            };
            for (bound, check) in [(c.minimum, quote! { minimum }), (c.maximum, quote! { maximum })] {
                let Some((limit, exclusive)) = bound else { continue };
                // An integer against a whole bound its type holds compares
                // as integers; any other bound compares as `f64`.
                let holds = limit >= range.0 && limit < range.1 && limit.abs() < 9.0e15;
                let (value, limit) = if integer && limit.fract() == 0.0 && holds {
                    (copied.clone(), Literal::i64_unsuffixed(limit as i64))
                } else if integer {
                    (quote! { #copied as f64 }, Literal::f64_suffixed(limit))
                } else {
                    (copied.clone(), Literal::f64_unsuffixed(limit))
                };
                own.push(quote! { crate::validate::#check(#at, #value, #limit, #exclusive)?; });
            }
        }
        _ => {}
    }
    let nested = ty.holds_any(needs).then(|| quote! { crate::validate::Validate::validate_at(&#value, #at)?; });
    if own.is_empty() {
        return quote! { #nested };
    }
    if options > 1 {
        quote! {
            if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &#value {
                #( #own )*
            }
            #nested
        }
    } else if options == 1 {
        quote! {
            if let ::std::option::Option::Some(value) = &#value {
                #( #own )*
            }
            #nested
        }
    } else {
        quote! {
            #( #own )*
            #nested
        }
    }
}
