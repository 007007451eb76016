//! Small emitters shared by the others: names, types and docs as tokens, calls
//! of the runtime's macros, the `servers` and `security` modules, and the
//! runtime the generated code uses.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, TypeRef};
use crate::naming::snake_name;

/// The runtime module, copied verbatim into every generated crate: each
/// file's path in the crate, and its text.
pub(crate) const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../runtime/runtime/mod.rs")),
    ("src/runtime/decoding.rs", include_str!("../../runtime/runtime/decoding.rs")),
    ("src/runtime/encoding.rs", include_str!("../../runtime/runtime/encoding.rs")),
    ("src/runtime/enums.rs", include_str!("../../runtime/runtime/enums.rs")),
    ("src/runtime/errors.rs", include_str!("../../runtime/runtime/errors.rs")),
    ("src/runtime/macros.rs", include_str!("../../runtime/runtime/macros.rs")),
    ("src/runtime/objects.rs", include_str!("../../runtime/runtime/objects.rs")),
    ("src/runtime/unions.rs", include_str!("../../runtime/runtime/unions.rs")),
];

/// The constraint checks, copied verbatim into every generated crate.
pub(crate) const VALIDATE: &str = include_str!("../../runtime/validate.rs");

/// The words syn refuses as identifiers (its `accept_as_ident`): the Rust
/// keywords, strict and reserved, and `_`.
const NOT_IDENTIFIERS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try",
    "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// An identifier. Names come from [`naming`](crate::naming), which only mints
/// valid ones; anything else is mangled rather than allowed to panic.
pub(crate) fn ident(name: &str) -> Ident {
    // Nearly every name is a plain ASCII word, which needs only the keyword
    // check; syn's parser, which takes a while, decides the rest.
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
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

/// A call of one of the runtime's macros, which write the serde impls of the
/// models (`crate::runtime::json_object! { Pet { name: required "name", } }`).
///
/// Calls are laid out here, one entry per line, and appended to the file
/// after prettyplease has formatted the rest: prettyplease would print a
/// macro's input as one paragraph.
pub(crate) struct MacroCall {
    /// The macro, `json_object` for `crate::runtime::json_object!`.
    pub(crate) name: &'static str,
    /// Its input: usually one section, the type and its entries.
    pub(crate) sections: Vec<Section>,
}

/// A part of a macro call's input: a head, then entries in braces.
pub(crate) struct Section {
    /// What comes before the braces (`Pet by tag "petType"`).
    pub(crate) head: String,
    /// One line each, in order, without their trailing commas.
    pub(crate) entries: Vec<String>,
    /// A last line without a trailing comma (`..additional_properties`).
    pub(crate) rest: Option<String>,
}

impl MacroCall {
    /// A call whose input is one section.
    pub(crate) fn new(name: &'static str, head: String, entries: Vec<String>) -> Self {
        Self { name, sections: vec![Section { head, entries, rest: None }] }
    }

    /// Appends the call, as a top-level item, to formatted code.
    pub(crate) fn write_to(&self, code: &mut String) {
        code.push_str(&format!("\ncrate::runtime::{}! {{\n", self.name));
        for section in &self.sections {
            code.push_str(&format!("    {} {{", section.head));
            if section.entries.is_empty() && section.rest.is_none() {
                code.push_str("}\n");
                continue;
            }
            code.push('\n');
            for entry in &section.entries {
                code.push_str(&format!("        {entry},\n"));
            }
            if let Some(rest) = &section.rest {
                code.push_str(&format!("        {rest}\n"));
            }
            code.push_str("    }\n");
        }
        code.push_str("}\n");
    }
}

/// A string as a Rust literal, for a macro call's entries.
pub(crate) fn str_literal(value: &str) -> String {
    Literal::string(value).to_string()
}

/// rustdoc attributes for a text, one per line.
pub(crate) fn docs(text: &str) -> TokenStream {
    let mut attrs = TokenStream::new();
    for line in indent_continuations(text.trim()).lines() {
        let line = if line.trim().is_empty() { String::new() } else { format!(" {}", line.trim_end()) };
        attrs.extend(quote! { #[doc = #line] });
    }
    attrs
}

/// A description's list items with their continuation lines indented to
/// the item's text, as Markdown means them (`1. Follow the docs\n  and then`
/// continues the item either way), so that rustdoc and clippy's
/// `doc_lazy_continuation` read them alike. Code blocks are left alone.
fn indent_continuations(text: &str) -> std::borrow::Cow<'_, str> {
    let mut out = String::with_capacity(text.len());
    let mut item: Option<usize> = None;
    let mut fenced = false;
    let mut changed = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            fenced = !fenced;
            item = None;
        } else if fenced || trimmed.is_empty() {
            item = None;
        } else if let Some(marker) = list_marker(trimmed) {
            item = Some(line.len() - trimmed.len() + marker);
        } else if let Some(column) = item {
            let indent = line.len() - trimmed.len();
            if indent < column {
                out.push_str(&" ".repeat(column));
                out.push_str(trimmed);
                out.push('\n');
                changed = true;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The width of a list item's marker and the space after it (`- `, `12. `).
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let marker = match rest.as_bytes().first() {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0 || line.len() == marker).then_some(marker + spaces.max(1))
}

/// Inner rustdoc attributes (`//!`) for a text, one per line.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() { String::new() } else { format!(" {l}") };
        quote! { #![doc = #l] }
    });
    quote! { #( #lines )* }
}

/// The Rust type for a type reference, fully qualified.
pub(crate) fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        TypeRef::Date => quote! { ::chrono::NaiveDate },
        TypeRef::Integer { bits: 32 } => quote! { i32 },
        TypeRef::Integer { .. } => quote! { i64 },
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
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::models::#name }
        }
    }
}

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
        let arg = ident(&snake_name(&var.name));
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
        let default_variant = var
            .values
            .iter()
            .position(|v| v.wire == var.default)
            .map(|i| variants[i].clone());
        let default_attr: Vec<TokenStream> =
            variants.iter().map(|v| if Some(v) == default_variant.as_ref() { quote! { #[default] } } else { quote! {} }).collect();
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

                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
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
    quote! {
        //! The servers the spec lists, and the values of their URL variables.
        #( #items )*

        #doc
        pub fn base_url( #( #params ),* ) -> ::std::string::String {
            #url.to_owned() #( #fills )*
        }

        #default_doc
        pub const DEFAULT_BASE_URL: &str = #defaults;
    }
}

/// The `security` module: the header of each API-key scheme.
pub(crate) fn security(api: &Api) -> TokenStream {
    let items = api.security_schemes.iter().map(|s| {
        let name = ident(&s.rust_name.to_ascii_uppercase());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path agrees with syn on keywords, old and new, and on names
    /// close to them.
    #[test]
    fn ident_refuses_what_syn_refuses() {
        let candidates = NOT_IDENTIFIERS.iter().copied().chain([
            "gen", "raw", "safe", "union", "auto", "default", "macro_rules", "static_", "type_", "r#type", "Self_", "__", "a1",
            "café", "1a", "", "a-b", "self2",
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
