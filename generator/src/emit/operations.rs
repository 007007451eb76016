//! What an operation looks like: a `Request` that builds an `http::Request`
//! and a `Response` enum with a variant per documented status.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, inner_docs, type_tokens};
use crate::ir::{Api, BodyEncoding, HeaderSet, Operation, Param, ParamLocation, PathSegment, Response, StatusMatch, TypeRef};

/// `#[cfg(feature = "unstable")]` for preview operations.
pub(super) fn unstable_gate(op: &Operation) -> Option<TokenStream> {
    op.unstable.as_ref().map(|_| quote! { #[cfg(feature = "unstable")] #[cfg_attr(docsrs, doc(cfg(feature = "unstable")))] })
}

/// The module of one operation.
pub(super) fn operation(api: &Api, op: &Operation, needs_validation: &BTreeSet<String>) -> TokenStream {
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
    let request = request(api, op, needs_validation);
    let response = response(op);
    let body_items = op.body.as_ref().map(super::bodies::body_items);
    quote! {
        #module_doc
        #request
        #body_items
        #response
    }
}

fn param_type(p: &Param) -> TokenStream {
    type_tokens(&p.ty)
}

fn param_docs(p: &Param) -> String {
    let mut text = p.docs.clone().unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name));
    if let Some(default) = &p.default {
        if !text.contains("efault") {
            text.push_str(&format!("\n\nThe server assumes `{default}` when this is not sent."));
        }
    }
    text
}

fn request(_api: &Api, op: &Operation, needs_validation: &BTreeSet<String>) -> TokenStream {
    let method = ident(op.method.as_str());
    let path = &op.path;
    let operation_id = &op.operation_id;

    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let ty = param_type(p);
        let doc = docs(&param_docs(p));
        if p.required {
            fields.push(quote! { #doc pub #name: #ty, });
            if p.ty == TypeRef::String {
                args.push(quote! { #name: impl ::std::convert::Into<::std::string::String> });
                inits.push(quote! { #name: #name.into(), });
            } else {
                args.push(quote! { #name: #ty });
                inits.push(quote! { #name, });
            }
        } else {
            fields.push(quote! { #doc pub #name: ::std::option::Option<#ty>, });
            inits.push(quote! { #name: ::std::option::Option::None, });
            let setter_doc = docs(&format!("Sets `{}`.", p.wire_name));
            setters.push(quote! {
                #setter_doc
                pub fn #name(mut self, #name: #ty) -> Self {
                    self.#name = ::std::option::Option::Some(#name);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = super::bodies::body_type(body);
        let doc = docs(body.docs.as_deref().unwrap_or("The request body."));
        if body.required {
            fields.push(quote! { #doc pub body: #ty, });
            args.push(quote! { body: #ty });
            inits.push(quote! { body, });
        } else {
            fields.push(quote! { #doc pub body: ::std::option::Option<#ty>, });
            inits.push(quote! { body: ::std::option::Option::None, });
            setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #ty) -> Self {
                    self.body = ::std::option::Option::Some(body);
                    self
                }
            });
        }
    }

    // The path, piece by piece, with each parameter percent-encoded.
    let path_code = op.path_segments.iter().map(|segment| match segment {
        PathSegment::Literal(literal) => push_literal(literal),
        PathSegment::Param { wire_name, rust_name } => {
            let name = ident(rust_name);
            if op.params.iter().any(|p| p.rust_name == *rust_name && p.via_serde) {
                quote! { crate::runtime::push_path_param(&mut out, #wire_name, &crate::runtime::simple_text(&self.#name, false)?)?; }
            } else {
                quote! { crate::runtime::push_path_param(&mut out, #wire_name, &self.#name)?; }
            }
        }
    });
    let mut query_code = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Query) {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let push = match (&p.ty, p.explode) {
            _ if p.via_serde => quote! { query.push_value(#wire, value, crate::runtime::Style::Form, #explode)?; },
            (TypeRef::Array(_), true) => quote! { for item in value { query.push(#wire, item); } },
            (TypeRef::Array(_), false) => quote! { query.push_joined(#wire, value); },
            _ => quote! { query.push(#wire, value); },
        };
        if p.required {
            let push = match (&p.ty, p.explode) {
                _ if p.via_serde => quote! { query.push_value(#wire, &self.#name, crate::runtime::Style::Form, #explode)?; },
                (TypeRef::Array(_), true) => quote! { for item in &self.#name { query.push(#wire, item); } },
                (TypeRef::Array(_), false) => quote! { query.push_joined(#wire, &self.#name); },
                _ => quote! { query.push(#wire, &self.#name); },
            };
            query_code.push(push);
        } else {
            query_code.push(quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } });
        }
    }
    let query_block = (!query_code.is_empty()).then(|| {
        quote! {
            let mut query = crate::runtime::Query::new(&mut out);
            #( #query_code )*
        }
    });

    let mut header_code = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Header) {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        // Arrays in the `simple` style: `a,b,c`.
        let value_fn = if matches!(p.ty, TypeRef::Array(_)) { quote! { header_value_joined } } else { quote! { header_value } };
        let explode = p.explode;
        let header = |value: TokenStream| {
            if p.via_serde {
                quote! { crate::runtime::header_value(#wire, &crate::runtime::simple_text(#value, #explode)?)? }
            } else {
                quote! { crate::runtime::#value_fn(#wire, #value)? }
            }
        };
        let (optional_value, required_value) = (header(quote! { value }), header(quote! { &self.#name }));
        let set = quote! { builder = builder.header(#wire, #optional_value); };
        if p.required {
            header_code.push(quote! { builder = builder.header(#wire, #required_value); });
        } else {
            header_code.push(quote! { if let ::std::option::Option::Some(value) = &self.#name { #set } });
        }
    }
    let cookie_code = cookie_code(op);
    let accept = op
        .responses
        .iter()
        .find_map(|r| r.body.as_ref().map(|b| b.content_type.clone()))
        .unwrap_or_else(|| "application/json".into());
    let body_code = super::bodies::body_code(op.body.as_ref());
    let all_optional = args.is_empty();
    let derive_default = all_optional.then(|| quote! { Default, });
    let constructor = (!all_optional).then(|| {
        let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        quote! {
            /// A request with its required parameters; optional ones start unset.
            #many
            pub fn new( #( #args ),* ) -> Self {
                Self { #( #inits )* }
            }
        }
    });
    let method_doc = docs(&format!("`{}`.", op.method));
    let path_doc = docs(&format!("`{}`, the path template.", op.path));
    let op_doc = docs(&format!("`{}`.", op.operation_id));
    let builder_mut = if header_code.is_empty() && cookie_code.is_none() && op.body.is_none() { quote! {} } else { quote! { mut } };
    let validate = request_validate(op, needs_validation);
    quote! {
        /// The request: path, query and header parameters, and body.
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct Request {
            #( #fields )*
        }

        impl Request {
            #method_doc
            pub const METHOD: ::http::Method = ::http::Method::#method;
            #path_doc
            pub const PATH: &'static str = #path;
            #op_doc
            pub const OPERATION_ID: &'static str = #operation_id;

            #constructor
            #( #setters )*

            #validate

            /// The path and query string, every parameter percent-encoded.
            ///
            /// Fails when a path parameter is empty, `.` or `..`, which no
            /// encoding can keep from changing the path.
            pub fn path_and_query(&self) -> ::std::result::Result<::std::string::String, crate::runtime::RequestError> {
                let mut out = ::std::string::String::with_capacity(Self::PATH.len() + 32);
                #( #path_code )*
                #query_block
                ::std::result::Result::Ok(out)
            }

            /// The `http::Request` for the server at `base_url` (for example
            /// [`crate::servers::DEFAULT_BASE_URL`]). Credentials are not added.
            pub fn to_http_request(&self, base_url: &str) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::runtime::RequestError> {
                let uri = crate::runtime::join_url(base_url, &self.path_and_query()?)?;
                let #builder_mut builder = ::http::Request::builder()
                    .method(Self::METHOD)
                    .uri(uri)
                    .header(::http::header::ACCEPT, #accept);
                #( #header_code )*
                #cookie_code
                let body = #body_code;
                builder.body(body).map_err(crate::runtime::RequestError::Http)
            }
        }
    }
}

/// `Request::validate`: the parameters' constraints, by wire name, and the
/// body's, under `body`.
fn request_validate(op: &Operation, needs: &BTreeSet<String>) -> TokenStream {
    let mut checks: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            super::validate::value_checks(&p.wire_name, quote! { self.#name }, &p.ty, &p.constraints, !p.required, needs)
        })
        .collect();
    if let Some(body) = &op.body {
        checks.push(super::bodies::body_checks(body, needs));
    }
    checks.retain(|c| !c.is_empty());
    let body = if checks.is_empty() {
        quote! { ::std::result::Result::Ok(()) }
    } else {
        quote! {
            let path = crate::validate::Path::Root;
            #( #checks )*
            ::std::result::Result::Ok(())
        }
    };
    quote! {
        /// Checks the parameters and the body against the spec's
        /// constraints (`minItems`, `minimum`, ...). The error names the
        /// first value that breaks one: a parameter by its wire name, a
        /// body value by its path under `body`.
        pub fn validate(&self) -> ::std::result::Result<(), crate::validate::ValidationError> {
            #body
        }
    }
}

/// Sets the `Cookie` header from the cookie parameters that are set, all in
/// one header; `None` when the operation has none.
fn cookie_code(op: &Operation) -> Option<TokenStream> {
    let pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .map(|p| {
            let name = ident(&p.rust_name);
            let wire = &p.wire_name;
            let push = |value: TokenStream| match &p.ty {
                _ if p.via_serde => quote! { cookies.push(#wire, &crate::runtime::simple_text(#value, false)?); },
                TypeRef::Array(_) => quote! { cookies.push_joined(#wire, #value); },
                _ => quote! { cookies.push(#wire, #value); },
            };
            if p.required {
                push(quote! { &self.#name })
            } else {
                let push = push(quote! { value });
                quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } }
            }
        })
        .collect();
    (!pushes.is_empty()).then(|| {
        quote! {
            let mut cookies = crate::runtime::Cookies::default();
            #( #pushes )*
            if let ::std::option::Option::Some(cookie) = cookies.into_header_value()? {
                builder = builder.header(::http::header::COOKIE, cookie);
            }
        }
    })
}

/// Appends a literal piece of the path (`push` for one character, as clippy prefers).
fn push_literal(literal: &str) -> TokenStream {
    let mut chars = literal.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote! { out.push(#c); },
        _ => quote! { out.push_str(#literal); },
    }
}

fn response(op: &Operation) -> TokenStream {
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut status_arms = Vec::new();
    let mut range_arms = Vec::new();
    let mut default_arm = None;
    for r in &op.responses {
        let name = ident(&r.rust_name);
        let code_lit = |c: &u16| proc_macro2::Literal::u16_unsuffixed(*c);
        let doc = docs(&response_doc(r));
        let decode = r.body.as_ref().map(|b| match b.encoding {
            BodyEncoding::Json => quote! { crate::runtime::decode_json(status, body) },
            BodyEncoding::Text => quote! { crate::runtime::decode_text(status, body) },
            BodyEncoding::Bytes => quote! { ::std::result::Result::Ok(body.to_vec()) },
        });
        let ty = r.body.as_ref().map(|b| type_tokens(&b.ty));
        if let Some(headers_name) = &r.headers {
            let headers_ty = ident(headers_name);
            let read = quote! { crate::models::#headers_ty::from_headers(headers) };
            let headers_ty = quote! { crate::models::#headers_ty };
            let bytes = r.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes);
            let (status_field, status_init) = match r.status {
                StatusMatch::Code(_) => (None, None),
                _ => (Some(quote! { /// The status received.
                    status: ::http::StatusCode, }), Some(quote! { status, })),
            };
            let body_field = ty.as_ref().map(|ty| quote! { /// The decoded body.
                body: #ty, });
            let construct = match decode {
                Some(_) if bytes => quote! { ::std::result::Result::Ok(Self::#name { #status_init body: body.to_vec(), headers: #read }) },
                Some(decode) => quote! { #decode.map(|body| Self::#name { #status_init body, headers: #read }) },
                None => quote! { ::std::result::Result::Ok(Self::#name { #status_init headers: #read }) },
            };
            variants.push(quote! { #doc #name { #status_field #body_field /// The headers the spec documents.
                headers: #headers_ty, }, });
            match &r.status {
                StatusMatch::Code(code) => {
                    let code = code_lit(code);
                    arms.push(quote! { #code => #construct, });
                    status_arms.push(quote! { Self::#name { .. } => #code, });
                }
                StatusMatch::Range(hundreds) => {
                    let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(*hundreds) * 100);
                    let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(*hundreds) * 100 + 99);
                    range_arms.push(quote! { #lo..=#hi => #construct, });
                    status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
                }
                StatusMatch::Default => {
                    default_arm = Some(quote! { _ => #construct, });
                    status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
                }
            }
            continue;
        }
        match (&r.status, ty, decode) {
            (StatusMatch::Code(code), None, _) => {
                let code = code_lit(code);
                variants.push(quote! { #doc #name, });
                arms.push(quote! { #code => ::std::result::Result::Ok(Self::#name), });
                status_arms.push(quote! { Self::#name => #code, });
            }
            (StatusMatch::Code(code), Some(ty), Some(decode)) => {
                let code = code_lit(code);
                variants.push(quote! { #doc #name(#ty), });
                let bytes = r.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes);
                arms.push(if bytes {
                    quote! { #code => ::std::result::Result::Ok(Self::#name(body.to_vec())), }
                } else {
                    quote! { #code => #decode.map(Self::#name), }
                });
                status_arms.push(quote! { Self::#name(_) => #code, });
            }
            (matcher, ty, decode) => {
                let body_field = ty.as_ref().map(|ty| quote! { /// The decoded body.
                    body: #ty, });
                let bytes = r.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Bytes);
                let construct = match decode {
                    Some(_) if bytes => quote! { ::std::result::Result::Ok(Self::#name { status, body: body.to_vec() }) },
                    Some(decode) => quote! { #decode.map(|body| Self::#name { status, body }) },
                    None => quote! { ::std::result::Result::Ok(Self::#name { status }) },
                };
                variants.push(quote! { #doc #name { /// The status received.
                    status: ::http::StatusCode, #body_field }, });
                status_arms.push(quote! { Self::#name { status, .. } => status.as_u16(), });
                match matcher {
                    StatusMatch::Range(hundreds) => {
                        let lo = proc_macro2::Literal::u16_unsuffixed(u16::from(*hundreds) * 100);
                        let hi = proc_macro2::Literal::u16_unsuffixed(u16::from(*hundreds) * 100 + 99);
                        range_arms.push(quote! { #lo..=#hi => #construct, });
                    }
                    _ => default_arm = Some(quote! { _ => #construct, }),
                }
            }
        }
    }
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
    let uses_status = op.responses.iter().any(|r| r.body.is_some() || !matches!(r.status, StatusMatch::Code(_))) || undocumented_variant.is_some();
    let uses_headers = op.responses.iter().any(|r| r.headers.is_some());
    let headers_binding = uses_headers.then(|| quote! { let headers = response.headers(); });
    let status_binding = if uses_status { quote! { status } } else { quote! { _status } };
    let uses_body = op.responses.iter().any(|r| r.body.is_some()) || undocumented_variant.is_some();
    let body_binding = if uses_body { quote! { body } } else { quote! { _body } };
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

/// The struct of a response's documented headers, with the function that
/// reads it from an `http::HeaderMap`.
pub(super) fn header_set(set: &HeaderSet) -> TokenStream {
    let name = ident(&set.name);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    for h in &set.headers {
        let field = ident(&h.rust_name);
        let wire = &h.wire_name;
        let ty = type_tokens(&h.ty);
        let doc = docs(&format!("{}

The `{wire}` header.", h.docs.as_deref().unwrap_or("A header the spec documents.")));
        fields.push(quote! { #doc pub #field: ::std::option::Option<#ty>, });
        let value = quote! { headers.get(#wire).and_then(|v| v.to_str().ok()) };
        reads.push(if h.ty == TypeRef::String {
            quote! { #field: #value.map(::std::borrow::ToOwned::to_owned), }
        } else {
            quote! { #field: #value.and_then(|v| v.trim().parse().ok()), }
        });
    }
    let doc = docs(&format!(
        "The headers the spec documents for a \"{}\" response. A header that is missing, or whose value does not parse as its type, is `None`.",
        set.description
    ));
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
        }
    }
}

fn response_doc(r: &Response) -> String {
    let status = match &r.status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(h) => format!("{h}XX"),
        StatusMatch::Default => "Any other status".into(),
    };
    format!("{status}: {}", r.description)
}
