//! `src/security.rs`: the header of each API-key scheme.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::Api;

/// The `security` module: the header of each API-key scheme.
pub(crate) fn security(api: &Api) -> TokenStream {
    let items = api.security_schemes.iter().map(|s| {
        let name = ident(&s.constant);
        let header = &s.header;
        let text = match &s.description {
            Some(d) => format!("{d}\n\nSent in the `{header}` header."),
            None => format!("The `{}` API key, sent in the `{header}` header.", s.key),
        };
        let doc = docs(&text);
        quote! { #doc pub const #name: &str = #header; }
    });
    quote! {
        //! The API-key headers the spec's security schemes use.
        #( #items )*
    }
}
