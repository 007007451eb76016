//! What an operation's `Request` looks like: its fields and constructor,
//! its checks, and the `http::Request` it builds.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{body, request_text};
use crate::emit::splice::Splices;
use crate::emit::{docs, ident, type_tokens};
use crate::ir::{Api, Operation, Param, ParamLocation, PathSegment, TypeRef};

/// The fields of the request, the arguments of `new` and what it sets them
/// to, and the setters of the optional ones.
#[derive(Default)]
struct Members {
    fields: Vec<TokenStream>,
    args: Vec<TokenStream>,
    inits: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

/// The operation's `Request`: its items written as text
/// ([`request_text`](super::request_text)) where they can be.
pub(super) fn request(api: &Api, op: &Operation, needs_validation: &BTreeSet<String>, splices: &mut Splices) -> TokenStream {
    let Members { fields, args, inits, setters } = members(op);
    let all_optional = args.is_empty();
    let structure = match request_text::request_struct(op) {
        Some(text) => splices.item(text),
        None => {
            let derive_default = all_optional.then(|| quote! { Default, });
            quote! {
                /// The request: path, query and header parameters, and body.
                #[derive(Clone, Debug, #derive_default PartialEq)]
                pub struct Request {
                    #( #fields )*
                }
            }
        }
    };
    let constants = match request_text::constants(api, op) {
        Some(text) => splices.item(text),
        None => constants(api, op),
    };
    let constructor = match request_text::constructor(op) {
        Some(text) => splices.item(text),
        None if all_optional => TokenStream::new(),
        None => {
            let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
            quote! {
                /// A request with its required parameters; optional ones start unset.
                #many
                pub fn new( #( #args ),* ) -> Self {
                    Self { #( #inits )* }
                }
            }
        }
    };
    let setters = match request_text::setters(op) {
        Some(text) if text.is_empty() => TokenStream::new(),
        Some(text) => splices.item(text),
        None => quote! { #( #setters )* },
    };
    let checks = validate_checks(op, needs_validation);
    let validate = if checks.is_empty() { splices.item(request_text::EMPTY_VALIDATE.to_owned()) } else { request_validate(&checks) };
    let path_and_query = match request_text::path_and_query(op) {
        Some(text) => splices.item(text),
        None => path_and_query(op),
    };
    let to_http_request = match request_text::to_http_request(op) {
        Some(text) => splices.item(text),
        None => to_http_request(op),
    };
    quote! {
        #structure

        impl Request {
            #constants

            #constructor
            #setters

            #validate

            #path_and_query

            #to_http_request
        }
    }
}

/// `METHOD`, `PATH`, `OPERATION_ID` and `SECURITY`.
fn constants(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(op.method.as_str());
    let path = &op.path;
    let operation_id = &op.operation_id;
    let method_doc = docs(&format!("`{}`.", op.method));
    let path_doc = docs(&format!("`{}`, the path template.", op.path));
    let op_doc = docs(&format!("`{}`.", op.operation_id));
    let requirements = op.security.iter().map(|requirement| {
        let schemes = api.security_schemes.iter().filter(|s| requirement.contains(&s.key)).map(|s| {
            let constant = ident(&s.constant);
            quote! { crate::security::#constant }
        });
        quote! { &[ #( #schemes ),* ] }
    });
    quote! {
        #method_doc
        pub const METHOD: ::http::Method = ::http::Method::#method;
        #path_doc
        pub const PATH: &'static str = #path;
        #op_doc
        pub const OPERATION_ID: &'static str = #operation_id;
        /// The spec's `security` here: alternatives, each the schemes it
        /// needs (an empty one: credentials are optional). The client sends
        /// the credentials of the first one it has all of (see
        /// [`choose_requirement`](crate::runtime::choose_requirement)), and no
        /// other; [`to_http_request`](Self::to_http_request) adds none.
        pub const SECURITY: &'static [&'static [crate::runtime::Scheme]] = &[ #( #requirements ),* ];
    }
}

/// A field per parameter and for the body: required ones are arguments of
/// `new`, optional ones start unset and have setters.
fn members(op: &Operation) -> Members {
    let mut m = Members::default();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let ty = param_type(p);
        let doc = docs(&param_docs(p));
        if p.required {
            m.fields.push(quote! { #doc pub #name: #ty, });
            if p.ty == TypeRef::String {
                m.args.push(quote! { #name: impl ::std::convert::Into<::std::string::String> });
                m.inits.push(quote! { #name: #name.into(), });
            } else {
                m.args.push(quote! { #name: #ty });
                m.inits.push(quote! { #name, });
            }
        } else {
            m.fields.push(quote! { #doc pub #name: ::std::option::Option<#ty>, });
            m.inits.push(quote! { #name: ::std::option::Option::None, });
            let setter_doc = docs(&format!("Sets `{}`.", p.wire_name));
            m.setters.push(quote! {
                #setter_doc
                pub fn #name(mut self, #name: #ty) -> Self {
                    self.#name = ::std::option::Option::Some(#name);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = body::body_type(body);
        let doc = docs(body.docs.as_deref().unwrap_or("The request body."));
        // Bytes, a `File` or a stream, for a binary body.
        let (arg_ty, into) = if body.is_binary() {
            (quote! { impl ::std::convert::Into<#ty> }, quote! { .into() })
        } else {
            (ty.clone(), TokenStream::new())
        };
        let init = if body.is_binary() {
            quote! { body: body.into(), }
        } else {
            quote! { body, }
        };
        if body.required {
            m.fields.push(quote! { #doc pub body: #ty, });
            m.args.push(quote! { body: #arg_ty });
            m.inits.push(init);
        } else {
            m.fields.push(quote! { #doc pub body: ::std::option::Option<#ty>, });
            m.inits.push(quote! { body: ::std::option::Option::None, });
            m.setters.push(quote! {
                /// Sets the request body.
                pub fn body(mut self, body: #arg_ty) -> Self {
                    self.body = ::std::option::Option::Some(body #into);
                    self
                }
            });
        }
    }
    m
}

/// `Request::path_and_query`: the path, piece by piece, then the query
/// parameters that are set, each percent-encoded.
fn path_and_query(op: &Operation) -> TokenStream {
    let path_code = op.path_segments.iter().map(|segment| match segment {
        PathSegment::Literal(literal) => push_literal(literal),
        PathSegment::Param { wire_name, rust_name } => {
            let name = ident(rust_name);
            match op.params.iter().find(|p| p.rust_name == *rust_name) {
                Some(p) if p.json => {
                    quote! { crate::runtime::push_path_param(&mut out, #wire_name, &crate::runtime::json_text(&self.#name)?)?; }
                }
                Some(p) if p.via_serde => {
                    quote! { crate::runtime::push_path_param(&mut out, #wire_name, &crate::runtime::simple_text(&self.#name, false)?)?; }
                }
                _ => quote! { crate::runtime::push_path_param(&mut out, #wire_name, &self.#name)?; },
            }
        }
    });
    let query_code = query_code(op);
    let query_block = (!query_code.is_empty()).then(|| {
        quote! {
            let mut query = crate::runtime::Query::new(&mut out);
            #( #query_code )*
        }
    });
    quote! {
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
    }
}

/// Pushes each query parameter that is set: an array one pair per item
/// (`explode`) or joined.
fn query_code(op: &Operation) -> Vec<TokenStream> {
    let mut query_code = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Query) {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let explode = p.explode;
        let style = ident(body::style_name(p.style));
        let push_value = if p.allow_reserved {
            quote! { push_value_reserved }
        } else {
            quote! { push_value }
        };
        let push = match (&p.ty, p.explode) {
            _ if p.json => quote! { query.push(#wire, &crate::runtime::json_text(value)?); },
            _ if p.via_serde => quote! { query.#push_value(#wire, value, crate::runtime::Style::#style, #explode)?; },
            (TypeRef::Array(_), true) => quote! { for item in value { query.push(#wire, item); } },
            (TypeRef::Array(_), false) => quote! { query.push_joined(#wire, value); },
            _ => quote! { query.push(#wire, value); },
        };
        if p.required {
            let push = match (&p.ty, p.explode) {
                _ if p.json => quote! { query.push(#wire, &crate::runtime::json_text(&self.#name)?); },
                _ if p.via_serde => quote! { query.#push_value(#wire, &self.#name, crate::runtime::Style::#style, #explode)?; },
                (TypeRef::Array(_), true) => quote! { for item in &self.#name { query.push(#wire, item); } },
                (TypeRef::Array(_), false) => quote! { query.push_joined(#wire, &self.#name); },
                _ => quote! { query.push(#wire, &self.#name); },
            };
            query_code.push(push);
        } else {
            query_code.push(quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } });
        }
    }
    query_code
}

/// `Request::to_http_request`: method, URL, `Accept`, the header and cookie
/// parameters that are set, and the body with its `Content-Type`.
fn to_http_request(op: &Operation) -> TokenStream {
    let header_code = header_code(op);
    let cookie_code = cookie_code(op);
    let accept = &op.accept;
    let body_code = body::body_code(op.body.as_ref());
    let builder_mut = if header_code.is_empty() && cookie_code.is_none() && op.body.is_none() {
        quote! {}
    } else {
        quote! { mut }
    };
    quote! {
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

/// Sets each header parameter that is set; an array in the `simple` style
/// (`a,b,c`).
fn header_code(op: &Operation) -> Vec<TokenStream> {
    let mut header_code = Vec::new();
    for p in op.params.iter().filter(|p| p.location == ParamLocation::Header) {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let value_fn = if matches!(p.ty, TypeRef::Array(_)) {
            quote! { header_value_joined }
        } else {
            quote! { header_value }
        };
        let explode = p.explode;
        let header = |value: TokenStream| {
            if p.json {
                quote! { crate::runtime::header_value(#wire, &crate::runtime::json_text(#value)?)? }
            } else if p.via_serde {
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
    header_code
}

fn param_type(p: &Param) -> TokenStream {
    type_tokens(&p.ty)
}

pub(super) fn param_docs(p: &Param) -> String {
    let mut text = p.docs.clone().unwrap_or_else(|| format!("The `{}` parameter.", p.wire_name));
    if p.json {
        text.push_str("\n\nSent as JSON text.");
    }
    if let Some(default) = &p.default {
        if !text.contains("efault") {
            text.push_str(&format!("\n\nThe server assumes `{default}` when this is not sent."));
        }
    }
    text
}

/// The checks of `Request::validate`: the parameters' constraints, by
/// wire name, and the body's, under `body`.
fn validate_checks(op: &Operation, needs: &BTreeSet<String>) -> Vec<TokenStream> {
    let mut checks: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            crate::emit::validate::value_checks(&p.wire_name, quote! { self.#name }, &p.ty, &p.constraints, u8::from(!p.required), needs)
        })
        .collect();
    if let Some(body) = &op.body {
        checks.push(body::body_checks(body, needs));
    }
    checks.retain(|c| !c.is_empty());
    checks
}

/// `Request::validate` with its checks (some: without any, it is
/// [`request_text::EMPTY_VALIDATE`](super::request_text::EMPTY_VALIDATE)).
fn request_validate(checks: &[TokenStream]) -> TokenStream {
    quote! {
        /// Checks the parameters and the body against the spec's
        /// constraints (`minItems`, `minimum`, ...). The error names the
        /// first value that breaks one: a parameter by its wire name, a
        /// body value by its path under `body`.
        pub fn validate(&self) -> ::std::result::Result<(), crate::validate::ValidationError> {
            let path = crate::validate::Path::Root;
            #( #checks )*
            ::std::result::Result::Ok(())
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
                _ if p.json => quote! { cookies.push(#wire, &crate::runtime::json_text(#value)?); },
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
