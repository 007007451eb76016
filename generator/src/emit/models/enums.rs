//! What an enum looks like: a string enum is a variant per value plus
//! `Unknown`, and the `string_enum!` call that writes its impls; an integer
//! enum is a newtype of the integer with a constant per value, and the
//! `integer_enum!` call that writes its impls.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::format::{str_literal, MacroCall};
use crate::emit::ident;
use crate::emit::type_tokens;
use crate::ir::{IntegerEnum, StringEnum};

/// The doc of an enum value: the value as code, then what it means.
pub(super) fn value_doc(wire: &str, meaning: Option<&str>) -> String {
    // The empty string would be an empty code span.
    let wire = if wire.is_empty() { "\"\"" } else { wire };
    match meaning {
        Some(text) => format!("`{wire}`: {text}"),
        None => format!("`{wire}`"),
    }
}

pub(super) fn enum_def(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_docs: Vec<TokenStream> = e.values.iter().map(|v| docs(&value_doc(&v.wire, v.docs.as_deref()))).collect();
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
pub(super) fn enum_call(name: &proc_macro2::Ident, e: &StringEnum) -> MacroCall {
    let entries = e.values.iter().map(|v| format!("{} = {}", ident(&v.rust_name), str_literal(&v.wire))).collect();
    MacroCall::new("string_enum", name.to_string(), entries)
}

/// An integer enum: the integer in a newtype, so that any value reads and
/// writes back unchanged, and an associated constant per documented value
/// (usable as a pattern: `match kind { ChannelType::GUILD_TEXT => .. }`).
pub(super) fn integer_enum_def(name: &proc_macro2::Ident, e: &IntegerEnum) -> TokenStream {
    let repr = type_tokens(&e.repr);
    let consts = e.values.iter().map(|v| {
        let doc = docs(&value_doc(&v.wire.to_string(), v.docs.as_deref()));
        let konst = ident(&v.rust_name);
        let value = proc_macro2::Literal::i64_unsuffixed(v.wire);
        quote! {
            #doc
            pub const #konst: Self = Self(#value);
        }
    });
    // A one-value enum is its value by default, so constructors never ask
    // for it (as a string enum's).
    let default = match e.values.as_slice() {
        [only] => {
            let only = ident(&only.rust_name);
            quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self::#only
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! {
        ///
        /// Its documented values are its constants; a value this version does
        /// not know is kept as it came and written back unchanged.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(
            /// The value on the wire.
            pub #repr,
        );

        impl #name {
            #( #consts )*
        }

        #default
    }
}

/// The integer enum's `Debug` (by constant name), `Display`, `FromStr`,
/// conversions and serde impls.
pub(super) fn integer_enum_call(name: &proc_macro2::Ident, e: &IntegerEnum) -> MacroCall {
    let entries = e.values.iter().map(|v| ident(&v.rust_name).to_string()).collect();
    MacroCall::new("integer_enum", format!("{name}({})", type_tokens(&e.repr)), entries)
}
