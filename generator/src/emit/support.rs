//! Small emitters shared by the others: names, types and docs as tokens, calls
//! of the runtime's macros, the `servers` and `security` modules, and the
//! runtime the generated code uses.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// The words syn refuses as identifiers (its `accept_as_ident`): the Rust
/// keywords, strict and reserved, and `_`.
const NOT_IDENTIFIERS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else", "enum", "extern",
    "false", "final", "fn", "for", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// An identifier. Names come from [`naming`](crate::naming), which only mints
/// valid ones; anything else is mangled rather than allowed to panic.
pub(crate) fn ident(name: &str) -> Ident {
    // Nearly every name is a plain ASCII word, which needs only the keyword
    // check; syn's parser, which takes a while, decides the rest.
    let plain =
        name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain && !NOT_IDENTIFIERS.contains(&name) {
        return Ident::new(name, Span::call_site());
    }
    match syn::parse_str::<Ident>(name) {
        Ok(id) => id,
        Err(_) => {
            let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            Ident::new(&format!("x_{cleaned}"), Span::call_site())
        }
    }
}

/// rustdoc attributes for a text, one per line (made safe by
/// [`doc_text`](super::text::doc_text)).
pub(crate) fn docs(text: &str) -> TokenStream {
    let mut attrs = TokenStream::new();
    for line in doc_lines(text) {
        attrs.extend(quote! { #[doc = #line] });
    }
    attrs
}

/// The values of [`docs`]' attributes, one per line: `" text"`, or `""`
/// for a blank line.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let text = super::text::doc_text(text);
    let lines = super::text::indent_continuations(text.trim());
    lines.lines().map(|line| if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) }).collect()
}

/// Inner rustdoc attributes (`//!`) for a text, one per line, as
/// [`doc_lines`] gives them.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// The Rust type for a type reference, fully qualified.
pub(crate) fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Integer { bits, signed } => {
            let name = format!("{}{bits}", if *signed { "i" } else { "u" });
            let ident = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
            quote! { #ident }
        }
        TypeRef::Number { bits: 32 } => quote! { f32 },
        TypeRef::Number { .. } => quote! { f64 },
        TypeRef::Boolean => quote! { bool },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::Bytes => quote! { ::std::vec::Vec<u8> },
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::models::#name }
        }
        // `codegen.toml` checked that it is a path; absolute, so no module
        // of the generated crate can shadow its first segment.
        TypeRef::External(path) => {
            let path = if path.starts_with("::") || path.starts_with("crate::") { path.clone() } else { format!("::{path}") };
            path.parse().unwrap_or_else(|_| quote! { ::core::compile_error!("not a Rust path") })
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`:
/// the item is compiled when any of `features` is on; nothing when there
/// are none (it always is).
pub(crate) fn feature_gate(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote! { #[cfg(feature = #one)] }),
        many => Some(quote! { #[cfg(any( #( feature = #many ),* ))] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path agrees with syn on keywords, old and new, and on names
    /// close to them.
    #[test]
    fn ident_refuses_what_syn_refuses() {
        let candidates = NOT_IDENTIFIERS.iter().copied().chain([
            "gen",
            "raw",
            "safe",
            "union",
            "auto",
            "default",
            "macro_rules",
            "static_",
            "type_",
            "r#type",
            "Self_",
            "__",
            "a1",
            "café",
            "1a",
            "",
            "a-b",
            "self2",
        ]);
        for name in candidates {
            let by_syn = syn::parse_str::<Ident>(name).ok().map(|i| i.to_string());
            let ours = ident(name).to_string();
            match by_syn {
                Some(expected) => assert_eq!(ours, expected, "{name:?}"),
                None => assert!(ours.starts_with("x_"), "{name:?} became {ours}"),
            }
        }
    }
}
