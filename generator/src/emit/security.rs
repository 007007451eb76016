//! `src/security.rs`: each security scheme, and where its credential goes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident};
use crate::ir::{Api, SecurityScheme, SentAs};

/// The `security` module: a [`Scheme`](crate::runtime::Scheme) constant per scheme.
pub(crate) fn security(api: &Api) -> TokenStream {
    let items = api.security_schemes.iter().map(|s| {
        let name = ident(&s.constant);
        let key = &s.key;
        let sent_as = sent_as(&s.sent_as);
        let doc = docs(&format!("{}\n\nSent as {}.", s.description.as_deref().unwrap_or(&format!("The `{key}` scheme.")), describe(s)));
        let token_url = s.client_credentials.as_ref().map(|flow| {
            let constant = ident(&flow.constant);
            let url = &flow.token_url;
            let doc =
                docs(&format!("Where the `{key}` scheme's client credentials flow gets tokens (`flows.clientCredentials.tokenUrl`)."));
            quote! { #doc pub const #constant: &str = #url; }
        });
        quote! {
            #doc pub const #name: crate::runtime::Scheme = crate::runtime::Scheme { name: #key, sent_as: #sent_as };
            #token_url
        }
    });
    quote! {
        //! The spec's security schemes, and where each one's credential goes.
        #( #items )*
    }
}

/// Where the credential goes, in words (as `SentAs`'s `Display` has it).
pub(crate) fn describe(scheme: &SecurityScheme) -> String {
    match &scheme.sent_as {
        SentAs::Header(name) => format!("the `{name}` header"),
        SentAs::Query(name) => format!("the `{name}` query parameter"),
        SentAs::Cookie(name) => format!("the `{name}` cookie"),
        SentAs::Bearer => "a bearer token (`Authorization: Bearer ...`)".to_owned(),
        SentAs::Basic => "HTTP basic authentication (`Authorization: Basic ...`)".to_owned(),
    }
}

fn sent_as(sent_as: &SentAs) -> TokenStream {
    match sent_as {
        SentAs::Header(name) => quote! { crate::runtime::SentAs::Header(#name) },
        SentAs::Query(name) => quote! { crate::runtime::SentAs::Query(#name) },
        SentAs::Cookie(name) => quote! { crate::runtime::SentAs::Cookie(#name) },
        SentAs::Bearer => quote! { crate::runtime::SentAs::Bearer },
        SentAs::Basic => quote! { crate::runtime::SentAs::Basic },
    }
}
