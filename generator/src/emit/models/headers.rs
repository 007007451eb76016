//! What the struct of a response's documented headers looks like.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{docs, ident, type_tokens};
use crate::ir::{HeaderSet, TypeRef};

/// The struct of a response's documented headers, with the function that
/// reads it from an `http::HeaderMap`.
pub(crate) fn header_set(set: &HeaderSet) -> TokenStream {
    let name = ident(&set.name);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    for h in &set.headers {
        let field = ident(&h.rust_name);
        let wire = &h.wire_name;
        let ty = type_tokens(&h.ty);
        let doc = docs(&format!(
            "{}

The `{wire}` header.",
            h.docs.as_deref().unwrap_or("A header the spec documents.")
        ));
        fields.push(quote! { #doc pub #field: ::std::option::Option<#ty>, });
        writes.push(quote! {
            if let ::std::option::Option::Some(value) = &self.#field {
                crate::server::runtime::set_header(response, #wire, value);
            }
        });
        let value = quote! { headers.get(#wire).and_then(|v| v.to_str().ok()) };
        reads.push(if h.ty == TypeRef::String {
            quote! { #field: #value.map(::std::borrow::ToOwned::to_owned), }
        } else {
            quote! { #field: #value.and_then(|v| v.trim().parse().ok()), }
        });
    }
    let doc = docs(&format!(
        "The headers the spec documents for a \"{}\" response. A header that is missing, or whose value does not parse as its type, is `None`.",
        set.description
    ));
    let response = if writes.is_empty() {
        quote! { _response }
    } else {
        quote! { response }
    };
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            #( #fields )*
        }

        impl #name {
            /// Reads the documented headers from a response's header map.
            pub fn from_headers(headers: &::http::HeaderMap) -> Self {
                Self { #( #reads )* }
            }

            /// Sets the headers that are set on a response a server sends.
            #[cfg(feature = "server")]
            #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
            pub fn write_to(&self, #response: &mut ::http::Response<::std::vec::Vec<u8>>) {
                #( #writes )*
            }
        }
    }
}
