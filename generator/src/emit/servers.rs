//! `src/servers.rs`: an enum per server variable with listed values, and
//! the function that fills the first server's URL template.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{docs, ident};
use crate::ir::Api;

/// The `servers` module: an enum per server variable with listed values, and
/// a function that fills the first server's URL template.
pub(crate) fn servers(api: &Api) -> TokenStream {
    let Some(server) = api.servers.first() else {
        return quote! {
            //! The spec lists no server: pass your base URL to `to_http_request`.
        };
    };
    let mut items = Vec::new();
    let mut params = Vec::new();
    let mut fills = Vec::new();
    let mut defaults = server.url.clone();
    for var in &server.variables {
        let arg = ident(&var.field);
        let placeholder = format!("{{{}}}", var.name);
        defaults = defaults.replace(&placeholder, &var.default);
        if var.values.is_empty() {
            params.push(quote! { #arg: &str });
            fills.push(quote! { .replace(#placeholder, #arg) });
            continue;
        }
        let name = ident(&var.rust_name);
        let doc = docs(var.description.as_deref().unwrap_or("A value of a server URL variable."));
        let variants: Vec<Ident> = var.values.iter().map(|v| ident(&v.rust_name)).collect();
        let wires: Vec<&str> = var.values.iter().map(|v| v.wire.as_str()).collect();
        let variant_docs: Vec<TokenStream> = wires.iter().map(|w| docs(&format!("`{w}`"))).collect();
        let default_variant = var.values.iter().position(|v| v.wire == var.default).map(|i| variants[i].clone());
        let default_attr: Vec<TokenStream> = variants
            .iter()
            .map(|v| {
                if Some(v) == default_variant.as_ref() {
                    quote! { #[default] }
                } else {
                    quote! {}
                }
            })
            .collect();
        let derive_default = default_variant.as_ref().map(|_| quote! { Default, });
        let expected = wires.join(", ");
        items.push(quote! {
            #doc
            #[derive(Clone, Copy, Debug, #derive_default PartialEq, Eq, Hash)]
            pub enum #name {
                #( #variant_docs #default_attr #variants, )*
            }

            impl #name {
                /// Every value, in the spec's order.
                pub const ALL: &'static [#name] = &[ #( #name::#variants ),* ];

                /// The value as it goes into the URL.
                pub fn as_str(&self) -> &'static str {
                    match self { #( #name::#variants => #wires, )* }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = crate::runtime::UnknownValue;

                fn from_str(value: &str) -> ::std::result::Result<Self, crate::runtime::UnknownValue> {
                    match value {
                        #( #wires => ::std::result::Result::Ok(#name::#variants), )*
                        other => ::std::result::Result::Err(crate::runtime::UnknownValue::new(other, #expected)),
                    }
                }
            }
        });
        params.push(quote! { #arg: #name });
        fills.push(quote! { .replace(#placeholder, #arg.as_str()) });
    }
    let url = &server.url;
    let doc = docs(&format!(
        "The base URL `{url}`{}, with its variables filled in.",
        server.description.as_deref().map(|d| format!(" ({})", d.trim_end_matches('.'))).unwrap_or_default()
    ));
    let default_doc = docs(&format!("The base URL with every variable at its default: `{defaults}`."));
    // One argument per variable, as the spec lists them.
    let many = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        //! The servers the spec lists, and the values of their URL variables.
        #( #items )*

        #doc
        #many
        pub fn base_url( #( #params ),* ) -> ::std::string::String {
            #url.to_owned() #( #fills )*
        }

        #default_doc
        pub const DEFAULT_BASE_URL: &str = #defaults;
    }
}
