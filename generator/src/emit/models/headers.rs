//! What the struct of a response's documented headers looks like: as
//! tokens, or (most of them) as text directly, the way prettyplease lays
//! the tokens out.

use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

// A field, `if let` or `set_header` line of at most `MARGIN` bytes stays
// whole, a longer one breaks (the tests below pin down how, for every
// length the text path writes).
use crate::emit::layout::{doc_comment, line, line_within, type_text, MARGIN};
use crate::emit::{docs, ident, type_tokens};
use crate::ir::{HeaderSet, ResponseHeader, TypeRef};

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
        let doc = docs(&header_docs(h));
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
    let doc = docs(&set_docs(set));
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

/// The struct's docs.
fn set_docs(set: &HeaderSet) -> String {
    format!(
        "The headers the spec documents for a \"{}\" response. A header that is missing, or whose value does not parse as its type, is `None`.",
        set.description
    )
}

/// A header's field's docs.
fn header_docs(h: &ResponseHeader) -> String {
    format!("{}\n\nThe `{}` header.", h.docs.as_deref().unwrap_or("A header the spec documents."), h.wire_name)
}

/// [`header_set`]'s items as prettyplease prints them (before blank lines
/// are put between them), or `None` when a line of them is one this does
/// not know how prettyplease lays out: a set with no headers (the lowering
/// makes none), a type from `codegen.toml`, a wire name the string literal
/// would escape, a name or a line too long.
pub(crate) fn header_set_text(set: &HeaderSet) -> Option<String> {
    if set.headers.is_empty() {
        return None;
    }
    let name = ident(&set.name).to_string();
    let mut out = String::with_capacity(1024 * set.headers.len());
    let mut reads = String::with_capacity(200 * set.headers.len());
    let mut writes = String::with_capacity(200 * set.headers.len());
    doc_comment(&mut out, "", &set_docs(set));
    line(&mut out, format_args!("#[derive(Clone, Debug, Default, PartialEq)]\npub struct {name} {{"))?;
    for h in &set.headers {
        let wire = &h.wire_name;
        let field = ident(&h.rust_name).to_string();
        if !field.is_ascii() || !wire.bytes().all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'\\')) {
            return None;
        }
        doc_comment(&mut out, "    ", &header_docs(h));
        line_within(&mut out, MARGIN, format_args!("    pub {field}: ::std::option::Option<{}>,", type_text(&h.ty)?))?;
        // The chain is always longer than the margin, so it breaks before each call.
        let parse = if h.ty == TypeRef::String { "map(::std::borrow::ToOwned::to_owned)" } else { "and_then(|v| v.trim().parse().ok())" };
        line(
            &mut reads,
            format_args!(
                "            {field}: headers\n                .get(\"{wire}\")\n                .and_then(|v| v.to_str().ok())\n                .{parse},"
            ),
        )?;
        // A condition past the margin puts the brace on a line of its own,
        // and then, if it is still too long, `.field` on one too.
        let check = format!("        if let ::std::option::Option::Some(value) = &self.{field}");
        if check.len() + " {".len() <= MARGIN {
            let _ = writeln!(writes, "{check} {{");
        } else if check.len() <= MARGIN {
            let _ = writeln!(writes, "{check}\n        {{");
        } else {
            line(&mut writes, format_args!("        if let ::std::option::Option::Some(value) = &self\n            .{field}\n        {{"))?;
        }
        let call = format!("            crate::server::runtime::set_header(response, \"{wire}\", value);");
        if call.len() <= MARGIN {
            writes.push_str(&call);
            writes.push('\n');
        } else {
            line(
                &mut writes,
                format_args!("            crate::server::runtime::set_header(\n                response,\n                \"{wire}\",\n                value,\n            );"),
            )?;
        }
        writes.push_str("        }\n");
    }
    out.push_str("}\n");
    line(
        &mut out,
        format_args!(
            "impl {name} {{\n    /// Reads the documented headers from a response's header map.\n    pub fn from_headers(headers: &::http::HeaderMap) -> Self {{\n        Self {{"
        ),
    )?;
    out.push_str(&reads);
    out.push_str("        }\n    }\n    /// Sets the headers that are set on a response a server sends.\n    #[cfg(feature = \"server\")]\n    #[cfg_attr(docsrs, doc(cfg(feature = \"server\")))]\n    pub fn write_to(&self, response: &mut ::http::Response<::std::vec::Vec<u8>>) {\n");
    out.push_str(&writes);
    out.push_str("    }\n}\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{header_set, header_set_text};
    use crate::emit::fixtures::{api, real_specs};
    use crate::ir::Api;
    use crate::SourceFile;

    /// Writes each header set of `api` both ways and compares those the
    /// text path takes; returns how many it took, of how many.
    fn compare(api: &Api, spec: &str) -> (usize, usize) {
        let mut plain = 0;
        for set in &api.header_sets {
            let Some(text) = header_set_text(set) else { continue };
            plain += 1;
            let file = syn::parse2::<syn::File>(header_set(set)).expect("the header set's tokens parse");
            assert_eq!(text, prettyplease::unparse(&file), "header set {} of {spec}", set.name);
        }
        (plain, api.header_sets.len())
    }

    /// Every header set of the real specs that the text path writes is what
    /// tokens and prettyplease write, byte for byte: Discord's 256 and
    /// Twilio's 54 all take the text path.
    #[test]
    fn header_sets_of_the_real_specs_are_what_prettyplease_prints() {
        let mut total = 0;
        for (path, api) in real_specs() {
            let (plain, all) = compare(&api, &path);
            if path.ends_with("discord.json") {
                // Its sets are the rate-limit headers, written whole or
                // (`X-RateLimit-Reset-After`) with `set_header`'s arguments broken.
                assert!(plain >= 250, "only {plain} of Discord's {all} header sets were written as text");
            } else if path.ends_with("twilio-messaging-v1.yaml") {
                // CORS headers: `access_control_allow_credentials` breaks its `if let`.
                assert!(plain >= 50, "only {plain} of Twilio's {all} header sets were written as text");
            }
            total += plain;
        }
        assert!(total >= 300, "only {total} header sets were written as text");
    }

    /// Wire and field names of every length around prettyplease's margin
    /// and past it (for the field, the `if let` and the `set_header`
    /// lines), each type,
    /// a header with no description, odd characters in docs and wire names,
    /// and a name too long for the text path.
    #[test]
    fn header_sets_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths:\n");
        let types =
            ["{type: string}", "{type: integer, format: int64}", "{type: number}", "{type: boolean}", "{type: integer, format: int32}"];
        let mut wires: Vec<String> = vec!["A".into(), "B".into()];
        for n in 4..64 {
            // `X-aaaa`: a field as long as its wire name; `XAbAb`: half as long again.
            wires.push(format!("X-{}", "a".repeat(n)));
            wires.push(format!("X{}", "Ab".repeat(n / 2)));
        }
        wires.extend(["X-Odd\"Quote", "X-Back\\slash", "X-Apos'trophe", "X-Ünicode", "x.dotted_under~tilde!"].map(String::from));
        for (i, wire) in wires.iter().enumerate() {
            let ty = types[i % types.len()];
            let wire = wire.replace('\\', "\\\\").replace('"', "\\\"");
            let description = if i % 7 == 3 {
                String::new()
            } else {
                format!("description: \"Header {i}.  \\n\\n\\tTabbed\\n- item\\ncontinued \\u202e\\r\\nend `x` \"\n              ")
            };
            spec.push_str(&format!(
                "  /p{i}:\n    get:\n      operationId: op{i}\n      responses:\n        \"200\":\n          description: \"Response {i}: <b>odd</b> \\\"quoted\\\"  \\n\\n- a list\"\n          headers:\n            \"{wire}\":\n              {description}schema: {ty}\n"
            ));
        }
        // A set of several headers, one of them a string.
        spec.push_str("  /many:\n    get:\n      operationId: many\n      responses:\n        \"429\":\n          description: Slow down.\n          headers:\n            Retry-After: {schema: {type: integer}}\n            X-RateLimit-Remaining: {description: Left., schema: {type: integer}}\n            X-RateLimit-Reset-After: {schema: {type: number, format: float}}\n            X-RateLimit-Scope: {description: \"`user`, `global` or `shared`.\", schema: {type: string}}\n            Content-Type: {schema: {type: string}}\n");
        let long = format!("Op{}", "Long".repeat(20));
        spec.push_str(&format!("  /long:\n    get:\n      operationId: {long}\n      responses:\n        \"200\":\n          description: ok\n          headers:\n            X-A: {{schema: {{type: string}}}}\n"));
        let api = api(&SourceFile::new("spec.yaml", spec));
        let (plain, all) = compare(&api, "the edge spec");
        assert_eq!(all, wires.len() + 2, "a set per response");
        // The lines too long for the text path were given up, not written wrong.
        assert!(plain < all, "every header set was written as text");
        assert!(plain >= 40, "only {plain} of {all} header sets were written as text");
        // Every way of breaking a line was written by the text path, and compared.
        let texts: Vec<String> = api.header_sets.iter().filter_map(header_set_text).collect();
        for form in ["\n        {\n", "= &self\n            .", "set_header(\n"] {
            let n = texts.iter().filter(|t| t.contains(form)).count();
            assert!(n >= 3, "only {n} header sets were written with {form:?}");
        }
        for set in &api.header_sets {
            let wire = &set.headers[0].wire_name;
            let odd = wire.contains(['"', '\\', '\'', 'Ü']);
            let printed = prettyplease::unparse(&syn::parse2::<syn::File>(header_set(set)).expect("the tokens parse"));
            // Each line the text path measures, and only those, gives it up;
            // a field line past the margin is one prettyplease breaks.
            let expected =
                !odd && set.headers.iter().all(|h| {
                    let field =
                        format!("    pub {}: ::std::option::Option<{}>,\n", h.rust_name, super::type_text(&h.ty).expect("a primitive"));
                    let call = format!("            crate::server::runtime::set_header(response, \"{}\", value);", h.wire_name);
                    let check = format!("        if let ::std::option::Option::Some(value) = &self.{} {{\n", h.rust_name);
                    assert_eq!(printed.contains(&field), field.len() <= 90, "{field}");
                    assert_eq!(printed.contains(&check), check.len() <= 90, "{check}");
                    field.len() <= 90
                        && (call.len() <= 89 || format!("                \"{}\",", h.wire_name).len() <= 80)
                        && format!("            {}: headers", h.rust_name).len() <= 80
                        && format!("                .get(\"{}\")", h.wire_name).len() <= 80
                }) && format!("pub struct {} {{", set.name).len() <= 80;
            assert_eq!(header_set_text(set).is_some(), expected, "header set {} ({wire})", set.name);
        }
    }
}
