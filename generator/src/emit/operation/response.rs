//! What an operation's `Response` looks like: a variant per documented
//! status, read from an `http::Response`.

use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::layout::{arm, doc_comment, indent, line, line_within, type_text, MARGIN, SHORT_LITERAL};
use crate::emit::splice::Splices;
use crate::emit::{docs, ident, type_tokens};
use crate::ir::{BodyEncoding, Operation, Response, StatusMatch};

/// The variants of `Response` and the arms that read and report them.
#[derive(Default)]
struct Arms {
    variants: Vec<TokenStream>,
    /// `from_http_response`'s arms: one status each, ranges, the fallback.
    arms: Vec<TokenStream>,
    range_arms: Vec<TokenStream>,
    default_arm: Option<TokenStream>,
    /// `status()`'s arms.
    status_arms: Vec<TokenStream>,
}

/// The operation's `Response`: written as text ([`response_text`]) where
/// it can be.
pub(super) fn response(op: &Operation, splices: &mut Splices) -> TokenStream {
    match response_text(op) {
        Some(text) => splices.item(text),
        None => response_tokens(op),
    }
}

/// [`response`] as tokens.
fn response_tokens(op: &Operation) -> TokenStream {
    let mut out = Arms::default();
    for r in &op.responses {
        match &r.headers {
            Some(headers) => with_headers(r, headers, &mut out),
            None => without_headers(r, &mut out),
        }
    }
    let Arms { variants, arms, range_arms, default_arm, mut status_arms } = out;
    let (undocumented_variant, fallback) = match default_arm {
        Some(arm) => (None, arm),
        None => (
            Some(quote! {
                /// A status the spec does not document, with the raw body.
                Undocumented {
                    /// The status received.
                    status: ::http::StatusCode,
                    /// The body, as received.
                    body: ::std::vec::Vec<u8>,
                },
            }),
            quote! { _ => ::std::result::Result::Ok(Self::Undocumented { status, body: body.to_vec() }), },
        ),
    };
    if undocumented_variant.is_some() {
        status_arms.push(quote! { Self::Undocumented { status, .. } => status.as_u16(), });
    }
    // `200` before `2XX`: the specific status wins, as OpenAPI says.
    let overlap_allow = (!range_arms.is_empty()).then(|| quote! { #[allow(clippy::match_overlapping_arm)] });
    // Only `default` (or nothing) documented: the match has its fallback alone.
    let single_allow = (arms.is_empty() && range_arms.is_empty()).then(|| quote! { #[allow(clippy::match_single_binding)] });
    let uses_status =
        op.responses.iter().any(|r| r.body.is_some() || !matches!(r.status, StatusMatch::Code(_))) || undocumented_variant.is_some();
    let uses_headers = op.responses.iter().any(|r| r.headers.is_some());
    let headers_binding = uses_headers.then(|| quote! { let headers = response.headers(); });
    let status_binding = if uses_status {
        quote! { status }
    } else {
        quote! { _status }
    };
    let uses_body = op.responses.iter().any(|r| r.body.is_some()) || undocumented_variant.is_some();
    let body_binding = if uses_body {
        quote! { body }
    } else {
        quote! { _body }
    };
    quote! {
        /// The response, one variant per documented status.
        // A response is built once and moved once; boxing the large
        // variants would cost an allocation per response to save a memcpy.
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq)]
        pub enum Response {
            #( #variants )*
            #undocumented_variant
        }

        impl Response {
            /// Reads a response. A documented status whose body does not match
            /// its schema is an error naming the status and what failed.
            #overlap_allow
            #single_allow
            pub fn from_http_response<B: ::std::convert::AsRef<[u8]>>(response: &::http::Response<B>) -> ::std::result::Result<Self, crate::runtime::ResponseError> {
                let #status_binding = response.status();
                let #body_binding = response.body().as_ref();
                #headers_binding
                match response.status().as_u16() {
                    #( #arms )*
                    #( #range_arms )*
                    #fallback
                }
            }

            /// The status code this response came with.
            pub fn status(&self) -> u16 {
                match self {
                    #( #status_arms )*
                }
            }
        }
    }
}

/// What reads a response's body (`status` and `body` are bound by then).
fn decode(r: &Response) -> Option<TokenStream> {
    r.body.as_ref().map(|b| match b.encoding {
        BodyEncoding::Json => quote! { crate::runtime::decode_json(status, body) },
        BodyEncoding::Text => quote! { crate::runtime::decode_text(status, body) },
        BodyEncoding::EventStream => quote! { crate::runtime::decode_events(status, body) },
        BodyEncoding::JsonLines => quote! { crate::runtime::decode_lines(status, body, crate::runtime::Framing::Lines) },
        BodyEncoding::JsonSeq => quote! { crate::runtime::decode_lines(status, body, crate::runtime::Framing::Seq) },
        BodyEncoding::Bytes => quote! { ::std::result::Result::Ok(body.to_vec()) },
    })
}

/// Whether the body is kept as the bytes received.
fn is_bytes(r: &Response) -> bool {
    r.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes)
}

/// The range arm `200..=299` for `2XX`.
fn range_pattern(hundreds: u8) -> TokenStream {
    let lo = Literal::u16_unsuffixed(u16::from(hundreds) * 100);
    let hi = Literal::u16_unsuffixed(u16::from(hundreds) * 100 + 99);
    quote! { #lo..=#hi }
}

/// A response that documents headers: a struct variant with its body (if
/// any), its status (unless it is one code) and its headers.
fn with_headers(r: &Response, headers_name: &str, out: &mut Arms) {
    let name = ident(&r.rust_name);
    let doc = docs(&response_doc(r));
    let ty = r.body.as_ref().map(|b| type_tokens(&b.ty));
    let headers_ty = ident(headers_name);
    let read = quote! { crate::models::#headers_ty::from_headers(headers) };
    let headers_ty = quote! { crate::models::#headers_ty };
    let (status_field, status_init) = match r.status {
        StatusMatch::Code(_) => (None, None),
        _ => (
            Some(quote! { /// The status received.
            status: ::http::StatusCode, }),
            Some(quote! { status, }),
        ),
    };
    let body_field = ty.as_ref().map(|ty| {
        quote! { /// The decoded body.
        body: #ty, }
    });
    let construct = match decode(r) {
        Some(_) if is_bytes(r) => quote! { ::std::result::Result::Ok(Self::#name { #status_init body: body.to_vec(), headers: #read }) },
        Some(decode) => quote! { #decode.map(|body| Self::#name { #status_init body, headers: #read }) },
        None => quote! { ::std::result::Result::Ok(Self::#name { #status_init headers: #read }) },
    };
    out.variants.push(quote! { #doc #name { #status_field #body_field /// The headers the spec documents.
    headers: #headers_ty, }, });
    match &r.status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            out.arms.push(quote! { #code => #construct, });
            out.status_arms.push(quote! { Self::#name { .. } => #code, });
        }
        StatusMatch::Range(hundreds) => {
            let range = range_pattern(*hundreds);
            out.range_arms.push(quote! { #range => #construct, });
            out.status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
        }
        StatusMatch::Default => {
            out.default_arm = Some(quote! { _ => #construct, });
            out.status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
        }
    }
}

/// A response without headers: a unit or tuple variant for one status, a
/// struct variant with the status for a range or `default`.
fn without_headers(r: &Response, out: &mut Arms) {
    let name = ident(&r.rust_name);
    let doc = docs(&response_doc(r));
    let ty = r.body.as_ref().map(|b| type_tokens(&b.ty));
    match (&r.status, ty, decode(r)) {
        (StatusMatch::Code(code), None, _) => {
            let code = Literal::u16_unsuffixed(*code);
            out.variants.push(quote! { #doc #name, });
            out.arms.push(quote! { #code => ::std::result::Result::Ok(Self::#name), });
            out.status_arms.push(quote! { Self::#name => #code, });
        }
        (StatusMatch::Code(code), Some(ty), Some(decode)) => {
            let code = Literal::u16_unsuffixed(*code);
            out.variants.push(quote! { #doc #name(#ty), });
            out.arms.push(if is_bytes(r) {
                quote! { #code => ::std::result::Result::Ok(Self::#name(body.to_vec())), }
            } else {
                quote! { #code => #decode.map(Self::#name), }
            });
            out.status_arms.push(quote! { Self::#name(_) => #code, });
        }
        (matcher, ty, decode) => {
            let body_field = ty.as_ref().map(|ty| {
                quote! { /// The decoded body.
                body: #ty, }
            });
            let construct = match decode {
                Some(_) if is_bytes(r) => quote! { ::std::result::Result::Ok(Self::#name { status, body: body.to_vec() }) },
                Some(decode) => quote! { #decode.map(|body| Self::#name { status, body }) },
                None => quote! { ::std::result::Result::Ok(Self::#name { status }) },
            };
            out.variants.push(quote! { #doc #name { /// The status received.
            status: ::http::StatusCode, #body_field }, });
            out.status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
            match matcher {
                StatusMatch::Range(hundreds) => {
                    let range = range_pattern(*hundreds);
                    out.range_arms.push(quote! { #range => #construct, });
                }
                _ => out.default_arm = Some(quote! { _ => #construct, }),
            }
        }
    }
}

fn response_doc(r: &Response) -> String {
    let status = match &r.status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(h) => format!("{h}XX"),
        StatusMatch::Default => "Any other status".into(),
    };
    match (r.description.trim().is_empty(), &r.status) {
        (false, _) => format!("{status}: {}", r.description),
        (true, StatusMatch::Default) => format!("{status}."),
        (true, _) => format!("Status {status}."),
    }
}

/// [`response_tokens`] as prettyplease prints it; `None` where a line
/// could break otherwise.
fn response_text(op: &Operation) -> Option<String> {
    let mut variants = String::new();
    let mut arms = TextArms::default();
    for r in &op.responses {
        doc_comment(&mut variants, indent(2), &response_doc(r));
        let name = ident(&r.rust_name).to_string();
        let ty = match &r.body {
            Some(b) => Some(type_text(&b.ty)?),
            None => None,
        };
        let decode = decode_text(r);
        match (&r.status, &r.headers, &ty, decode) {
            (StatusMatch::Code(code), None, None, _) => {
                line(&mut variants, format_args!("        {name},"))?;
                arm(&mut arms.arms, 4, &code.to_string(), &format!("::std::result::Result::Ok(Self::{name})"), None)?;
                line(&mut arms.status_arms, format_args!("                Self::{name} => {code},"))?;
            }
            (StatusMatch::Code(code), None, Some(ty), Some(decode)) => {
                line(&mut variants, format_args!("        {name}({ty}),"))?;
                let expr = if is_bytes(r) {
                    format!("::std::result::Result::Ok(Self::{name}(body.to_vec()))")
                } else {
                    format!("{decode}.map(Self::{name})")
                };
                arm(&mut arms.arms, 4, &code.to_string(), &expr, (!is_bytes(r)).then_some(decode.len()))?;
                line(&mut arms.status_arms, format_args!("                Self::{name}(_) => {code},"))?;
            }
            (status, headers, ty, decode) => {
                let headers = headers.as_deref().map(|h| ident(h).to_string());
                struct_variant(&mut variants, &name, status, ty.as_deref(), headers.as_deref())?;
                let status_arm = match status {
                    StatusMatch::Code(code) => format!("Self::{name} {{ .. }} => {code},"),
                    _ => format!("Self::{name} {{ status, .. }} => status.as_u16(),"),
                };
                line(&mut arms.status_arms, format_args!("                {status_arm}"))?;
                let mut fields = Vec::new();
                if !matches!(status, StatusMatch::Code(_)) {
                    fields.push("status");
                }
                let decode = match decode {
                    Some(_) if is_bytes(r) => {
                        fields.push("body: body.to_vec()");
                        None
                    }
                    Some(decode) => {
                        fields.push("body");
                        Some(decode)
                    }
                    None => None,
                };
                let built = Built { name: &name, decode, fields: &fields, headers: headers.as_deref() };
                literal_arm(arms.sink(status), &pattern_text(status), &built)?;
            }
        }
    }
    let TextArms { arms, range_arms, default_arm, mut status_arms } = arms;
    let undocumented = default_arm.is_none();
    let fallback = match default_arm {
        Some(arm) => arm,
        None => {
            variants.push_str(UNDOCUMENTED_VARIANT);
            status_arms.push_str("                Self::Undocumented { status, .. } => status.as_u16(),\n");
            let mut arm = String::new();
            let built = Built { name: "Undocumented", decode: None, fields: &["status", "body: body.to_vec()"], headers: None };
            literal_arm(&mut arm, "_", &built)?;
            arm
        }
    };
    let mut out = String::with_capacity(2048);
    out.push_str("    /// The response, one variant per documented status.\n    #[allow(clippy::large_enum_variant)]\n    #[derive(Clone, Debug, PartialEq)]\n    pub enum Response {\n");
    out.push_str(&variants);
    out.push_str("    }\n    impl Response {\n        /// Reads a response. A documented status whose body does not match\n        /// its schema is an error naming the status and what failed.\n");
    if !range_arms.is_empty() {
        out.push_str("        #[allow(clippy::match_overlapping_arm)]\n");
    }
    if arms.is_empty() && range_arms.is_empty() {
        out.push_str("        #[allow(clippy::match_single_binding)]\n");
    }
    let uses_status = op.responses.iter().any(|r| r.body.is_some() || !matches!(r.status, StatusMatch::Code(_))) || undocumented;
    let uses_body = op.responses.iter().any(|r| r.body.is_some()) || undocumented;
    out.push_str("        pub fn from_http_response<B: ::std::convert::AsRef<[u8]>>(\n            response: &::http::Response<B>,\n        ) -> ::std::result::Result<Self, crate::runtime::ResponseError> {\n");
    out.push_str(if uses_status {
        "            let status = response.status();\n"
    } else {
        "            let _status = response.status();\n"
    });
    out.push_str(if uses_body {
        "            let body = response.body().as_ref();\n"
    } else {
        "            let _body = response.body().as_ref();\n"
    });
    if op.responses.iter().any(|r| r.headers.is_some()) {
        out.push_str("            let headers = response.headers();\n");
    }
    out.push_str("            match response.status().as_u16() {\n");
    out.push_str(&arms);
    out.push_str(&range_arms);
    out.push_str(&fallback);
    out.push_str("            }\n        }\n        /// The status code this response came with.\n        pub fn status(&self) -> u16 {\n            match self {\n");
    out.push_str(&status_arms);
    out.push_str("            }\n        }\n    }\n");
    Some(out)
}

/// [`Arms`]' arms as text.
#[derive(Default)]
struct TextArms {
    arms: String,
    range_arms: String,
    default_arm: Option<String>,
    status_arms: String,
}

impl TextArms {
    /// Where the arm for `status` goes.
    fn sink(&mut self, status: &StatusMatch) -> &mut String {
        match status {
            StatusMatch::Code(_) => &mut self.arms,
            StatusMatch::Range(_) => &mut self.range_arms,
            StatusMatch::Default => self.default_arm.get_or_insert_with(String::new),
        }
    }
}

/// The pattern of `status`'s arm: `404`, `400..=499` or `_`.
fn pattern_text(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => {
            let lo = u16::from(*hundreds) * 100;
            format!("{lo}..={}", lo + 99)
        }
        StatusMatch::Default => "_".into(),
    }
}

/// A struct variant: the status (unless it is one code), the body's type
/// and the headers' set, those there are.
fn struct_variant(out: &mut String, name: &str, status: &StatusMatch, ty: Option<&str>, headers: Option<&str>) -> Option<()> {
    line(out, format_args!("        {name} {{"))?;
    if !matches!(status, StatusMatch::Code(_)) {
        out.push_str("            /// The status received.\n            status: ::http::StatusCode,\n");
    }
    if let Some(ty) = ty {
        line(out, format_args!("            /// The decoded body.\n            body: {ty},"))?;
    }
    if let Some(headers) = headers {
        // A path: prettyplease never breaks it, past the margin too.
        let _ = writeln!(out, "            /// The headers the spec documents.\n            headers: crate::models::{headers},");
    }
    out.push_str("        },\n");
    Some(())
}

/// What an arm builds a struct variant from.
struct Built<'a> {
    name: &'a str,
    /// What decodes the body, whose result the literal is built in
    /// (`.map(|body| ..)`); else the literal is returned as it is.
    decode: Option<&'a str>,
    /// The fields before `headers`, as written in the literal.
    fields: &'a [&'a str],
    /// The variant's header set, read in the last field.
    headers: Option<&'a str>,
}

/// The arm at `pat` that builds `built`: whole or in a block as [`arm`]
/// lays it out while the literal is at most [`SHORT_LITERAL`] wide (one
/// with `headers` never is: that field alone is wider). prettyplease
/// breaks a wider one a field per line, and with it every group around
/// it: the arm goes in a block, a `.map(..)` on a line of its own.
fn literal_arm(out: &mut String, pat: &str, built: &Built<'_>) -> Option<()> {
    let Built { name, decode, fields, headers } = *built;
    if headers.is_none() {
        let literal = format!("Self::{name} {{ {} }}", fields.join(", "));
        if literal.chars().count() <= SHORT_LITERAL {
            let expr = match decode {
                Some(decode) => format!("{decode}.map(|body| {literal})"),
                None => format!("::std::result::Result::Ok({literal})"),
            };
            return arm(out, 4, pat, &expr, decode.map(str::len));
        }
    }
    let _ = writeln!(out, "{}{pat} => {{", indent(4));
    let depth = match decode {
        Some(decode) => {
            line_within(out, MARGIN, format_args!("{}{decode}", indent(5)))?;
            line_within(out, MARGIN, format_args!("{}.map(|body| Self::{name} {{", indent(6)))?;
            6
        }
        None => {
            line_within(out, MARGIN, format_args!("{}::std::result::Result::Ok(Self::{name} {{", indent(5)))?;
            5
        }
    };
    let at = indent(depth + 1);
    for field in fields {
        let _ = writeln!(out, "{at}{field},");
    }
    if let Some(headers) = headers {
        headers_field(out, depth + 1, headers);
    }
    let _ = writeln!(out, "{}}})\n{}}}", indent(depth), indent(4));
    Some(())
}

/// The field that reads the headers into their set, at `depth`: on one
/// line when it fits in the margin (the comma not counted), else with the
/// call's argument on a line of its own. A path does not break, so past
/// the margin the line stays as long as it is.
fn headers_field(out: &mut String, depth: usize, headers: &str) {
    let (at, call) = (indent(depth), format!("headers: crate::models::{headers}::from_headers("));
    if at.len() + call.len() + "headers)".len() <= MARGIN {
        let _ = writeln!(out, "{at}{call}headers),");
    } else {
        let _ = writeln!(out, "{at}{call}\n{}headers,\n{at}),", indent(depth + 1));
    }
}

/// [`decode`] as text.
fn decode_text(r: &Response) -> Option<&'static str> {
    r.body.as_ref().map(|b| match b.encoding {
        BodyEncoding::Json => "crate::runtime::decode_json(status, body)",
        BodyEncoding::Text => "crate::runtime::decode_text(status, body)",
        BodyEncoding::EventStream => "crate::runtime::decode_events(status, body)",
        BodyEncoding::JsonLines => "crate::runtime::decode_lines(status, body, crate::runtime::Framing::Lines)",
        BodyEncoding::JsonSeq => "crate::runtime::decode_lines(status, body, crate::runtime::Framing::Seq)",
        BodyEncoding::Bytes => "::std::result::Result::Ok(body.to_vec())",
    })
}

/// The `Undocumented` variant, as [`response_tokens`] writes it.
const UNDOCUMENTED_VARIANT: &str = "        /// A status the spec does not document, with the raw body.
        Undocumented {
            /// The status received.
            status: ::http::StatusCode,
            /// The body, as received.
            body: ::std::vec::Vec<u8>,
        },
";
