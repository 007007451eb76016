//! What an operation looks like: a `Request` that builds an `http::Request`
//! and a `Response` enum with a variant per documented status.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

mod body;
mod request;
mod response;
mod server;

use super::{docs, ident, inner_docs};
use crate::ir::{Api, Operation};

/// What compiles an operation's module and client methods: its tags'
/// features (any one), and `unstable` for a preview operation.
pub(crate) fn operation_gate(op: &Operation) -> TokenStream {
    let tags = super::support::feature_gate(&op.features);
    let unstable =
        op.unstable.as_ref().map(|_| quote! { #[cfg(feature = "unstable")] #[cfg_attr(docsrs, doc(cfg(feature = "unstable")))] });
    quote! { #tags #unstable }
}

/// The module of one operation.
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
    let module_doc = inner_docs(&module_doc);
    let request = request::request(api, op, needs_validation);
    let response = response::response(op);
    let body_items = op.body.as_ref().map(body::body_items);
    let server = server::server_impls(api, op);
    quote! {
        #module_doc
        #request
        #body_items
        #response
        #server
    }
}

/// `src/operations/mod.rs`: a module per operation.
pub(crate) fn operations_mod(api: &Api) -> TokenStream {
    let mut op_mods = Vec::new();
    for op in &api.operations {
        let module = ident(&op.rust_name);
        let doc = docs(&format!("`{} {}`{}", op.method, op.path, op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default()));
        let gate = operation_gate(op);
        op_mods.push(quote! { #doc #gate pub mod #module; });
    }
    quote! {
        //! One module per operation: a typed `Request` that builds an
        //! `http::Request`, and a typed `Response` read from an `http::Response`.
        #( #op_mods )*
    }
}
