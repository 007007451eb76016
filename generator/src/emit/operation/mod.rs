//! What an operation looks like: a `Request` that builds an `http::Request`
//! and a `Response` enum with a variant per documented status.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

mod body;
mod request;
mod response;
mod server;

use super::{docs, ident};
use crate::ir::{Api, Operation};

/// What compiles an operation's module and client methods: its tags'
/// features (any one), and `unstable` for a preview operation.
pub(crate) fn operation_gate(op: &Operation) -> TokenStream {
    let tags = super::support::feature_gate(&op.features);
    let unstable =
        op.unstable.as_ref().map(|_| quote! { #[cfg(feature = "unstable")] #[cfg_attr(docsrs, doc(cfg(feature = "unstable")))] });
    quote! { #tags #unstable }
}

/// The module of one operation, with what compiles it.
pub(crate) fn operation(api: &Api, op: &Operation, needs_validation: &BTreeSet<String>) -> TokenStream {
    let mut module_doc = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        module_doc.push_str(&format!(": {summary}"));
    }
    if let Some(description) = &op.description {
        module_doc.push_str(&format!("\n\n{description}"));
    }
    if let Some(note) = &op.unstable {
        module_doc.push_str("\n\n**Preview**: this operation is in preview and only exists with the `unstable` feature.");
        if !note.is_empty() {
            module_doc.push_str(&format!(" {note}"));
        }
    }
    module_doc.push_str(&format!("\n\nOperation ID: `{}`.", op.operation_id));
    let module_doc = docs(&module_doc);
    let request = request::request(api, op, needs_validation);
    let response = response::response(op);
    let body_items = op.body.as_ref().map(body::body_items);
    let server = server::server_impls(api, op);
    let module = ident(&op.rust_name);
    let gate = operation_gate(op);
    quote! {
        #module_doc
        #gate
        pub mod #module {
            #request
            #body_items
            #response
            #server
        }
    }
}

/// `src/operations/mod.rs`: the files that hold the operations' modules, by
/// the first letter of their names, each re-exported whole.
pub(crate) fn operations_mod(api: &Api) -> TokenStream {
    let mods = super::group_mods(api.operations.iter().map(|op| (op.rust_name.as_str(), !op.features.is_empty() || op.unstable.is_some())));
    quote! {
        //! One module per operation: a typed `Request` that builds an
        //! `http::Request`, and a typed `Response` read from an `http::Response`.
        //! Their files group them by the first letter of their names
        //! (`get_pet` is in `g.rs`).
        #mods
    }
}
