//! What a string enum looks like: a variant per value plus `Unknown`, and
//! the `string_enum!` call that writes its impls.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::docs;
use crate::emit::format::{str_literal, MacroCall};
use crate::emit::ident;
use crate::ir::StringEnum;

pub(super) fn enum_def(name: &proc_macro2::Ident, e: &StringEnum) -> TokenStream {
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_docs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| match &v.docs {
            Some(text) => docs(&format!("`{}`: {text}", v.wire)),
            None => docs(&format!("`{}`", v.wire)),
        })
        .collect();
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
