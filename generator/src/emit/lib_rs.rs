//! `src/lib.rs`: the crate's docs (a table of the operations) and modules.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

pub(super) fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!("{}\n", api.title);
    if let Some(d) = &api.description {
        text.push_str(&format!("\n{d}\n"));
    }
    text.push_str("\n| Operation | Method | Path | Module |\n| --- | --- | --- | --- |\n");
    for op in &api.operations {
        // Preview operations exist only with the `unstable` feature, so a
        // link to them would dangle in the default docs.
        let module = match op.unstable {
            Some(_) => format!("`operations::{}` (preview: feature `unstable`)", op.rust_name),
            None => format!("[`operations::{}`]", op.rust_name),
        };
        text.push_str(&format!("| `{}` | `{}` | `{}` | {module} |\n", op.operation_id, op.method, op.path));
    }
    text.push_str("\nThe generated code is transport-agnostic: build an `http::Request` with an operation's `Request::to_http_request`, send it with any HTTP client, and read the reply with its `Response::from_http_response`.");
    let crate_docs = super::inner_docs(&text);
    let client_mod = (!api.operations.is_empty()).then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
            pub mod client;
            #[cfg(feature = "server")]
            #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
            pub mod server;
            #[cfg(feature = "server")]
            #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
            pub mod mock;
        }
    });
    // Names and nesting come from the spec: a property may be called `foo`
    // (clippy's `disallowed_names`, in setters and bindings named after it),
    // and a map of arrays of maps is as deep as the API's values.
    quote! {
        #crate_docs
        #![deny(missing_docs)]
        #![allow(clippy::disallowed_names, clippy::type_complexity)]

        pub mod models;
        pub mod operations;
        pub mod runtime;
        pub mod security;
        pub mod servers;
        pub mod validate;

        #client_mod

        pub use runtime::{RequestError, ResponseError};
        pub use validate::{Validate, ValidationError};
    }
}
