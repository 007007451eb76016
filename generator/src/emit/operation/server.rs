//! The server's side of an operation (feature `server`): `Request` read from
//! an `http::Request`'s parts and body, and `Response` written into an
//! `http::Response`, the mirror images of `request.rs` and `response.rs`.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::format::str_literal;
use crate::emit::ident;
use crate::emit::layout::{braced, call, call_arm, indent, nested_call, Expr, MARGIN};
use crate::emit::splice::Splices;
use crate::ir::{
    Api, Body, BodyEncoding, BodyKind, BodyMedia, Operation, ParamLocation, ParamStyle, PartKind, ResponseBody, StatusMatch, TypeKind,
    TypeRef,
};

/// `#[cfg(feature = "server")] impl Request { from_http_parts }`,
/// `impl Response { to_http_response }` and the operation's handler.
pub(super) fn server_impls(api: &Api, op: &Operation, splices: &mut Splices) -> TokenStream {
    let request = match from_http_parts_text(api, op) {
        Some(text) => splices.item(text),
        None => from_http_parts(api, op),
    };
    let serve = serve(op, splices);
    let response = match to_http_response_text(op) {
        Some(text) => splices.item(text),
        None => to_http_response(op),
    };
    quote! {
        #request
        #serve
        #response
    }
}

/// `serve`: the operation's handler, one per operation, which the router
/// calls through a boxed future. A future per operation, boxed where the
/// router awaits it, keeps the compiler's work linear in the operation
/// count: one `async fn` awaiting every operation's future in its arms
/// made borrow checking and the proof that its future is `Send` grow
/// faster than that (4 GB to check a crate of 400 operations).
///
/// The same for every operation but the trait method it calls, so it is
/// written as text ([`Splices`]). It calls the method through the trait:
/// an operation may be named after a method of `Arc` (`clone`).
fn serve(op: &Operation, splices: &mut Splices) -> TokenStream {
    let method = ident(&op.rust_name).to_string();
    splices.item(format!("{SERVE_HEAD}{method}{SERVE_TAIL}"))
}

/// [`serve`] up to the name of the method it calls.
const SERVE_HEAD: &str = r#"    /// Serves the operation: checks the caller's credentials (401),
    /// reads the body up to the limit (413), the request (400, 415)
    /// and its constraints (400), then calls `service`.
    #[cfg(feature = "server")]
    pub(crate) fn serve<S: crate::server::Api>(
        service: ::std::sync::Arc<S>,
        body_limit: usize,
        received: crate::server::Received,
    ) -> crate::server::runtime::Served {
        ::std::boxed::Box::pin(async move {
            crate::runtime::choose_requirement(
                    Request::SECURITY,
                    |s| received.credentials.has(s),
                )
                .map_err(|e| crate::server::runtime::unauthorized(&e))?;
            let body = crate::server::runtime::read_body(
                    &received.parts,
                    received.body,
                    body_limit,
                )
                .await?;
            let request = Request::from_http_parts(
                &received.path,
                &received.parts,
                &received.query,
                &received.cookies,
                &body,
            )?;
            request.validate().map_err(|e| crate::server::Rejection::invalid(&e))?;
            let context = crate::server::Context {
                headers: received.parts.headers,
                credentials: received.credentials,
            };
            <S as crate::server::Api>::"#;

/// [`serve`] after the name of the method it calls.
const SERVE_TAIL: &str = r#"(
                    ::std::ops::Deref::deref(&service),
                    request,
                    context,
                )
                .await
                .map(|response| response.to_http_response())
        })
    }
"#;

fn from_http_parts(api: &Api, op: &Operation) -> TokenStream {
    let mut inits = Vec::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = &p.wire_name;
        let shape = if p.json {
            quote! { crate::server::runtime::Shape::Json }
        } else {
            shape(api, &p.ty, 0)
        };
        let explode = p.explode;
        let read = match p.location {
            ParamLocation::Path => {
                inits.push(quote! { #name: crate::server::runtime::path_param(path, #wire, #shape, #explode)?, });
                continue;
            }
            ParamLocation::Query => {
                let style = style_tokens(p.style);
                quote! { crate::server::runtime::query_param(query, #wire, #shape, #style, #explode)? }
            }
            ParamLocation::Header => quote! { crate::server::runtime::header_param(parts, #wire, #shape, #explode)? },
            ParamLocation::Cookie => quote! { crate::server::runtime::cookie_param(cookies, #wire, #shape)? },
        };
        if p.required {
            inits.push(quote! { #name: crate::server::runtime::required(#read, #wire)?, });
        } else {
            inits.push(quote! { #name: #read, });
        }
    }
    if let Some(b) = &op.body {
        let read = read_body(api, b);
        inits.push(quote! { body: #read, });
    }
    let uses = |location| op.params.iter().any(|p| p.location == location);
    let path = if uses(ParamLocation::Path) {
        quote! { path }
    } else {
        quote! { _path }
    };
    let query = if uses(ParamLocation::Query) {
        quote! { query }
    } else {
        quote! { _query }
    };
    let cookies = if uses(ParamLocation::Cookie) {
        quote! { cookies }
    } else {
        quote! { _cookies }
    };
    let uses_parts = uses(ParamLocation::Header) || op.body.is_some();
    let parts = if uses_parts {
        quote! { parts }
    } else {
        quote! { _parts }
    };
    let body = if op.body.is_some() {
        quote! { body }
    } else {
        quote! { _body }
    };
    quote! {
        #[cfg(feature = "server")]
        #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
        impl Request {
            /// Reads the request from what a server received: its path
            /// parameters (as routed), parts, query pairs, cookies and body.
            /// What cannot be read is a 400 (415 for a body in another media
            /// type) naming the parameter, or the path under `body`.
            pub fn from_http_parts(
                #path: &crate::server::runtime::PathParams,
                #parts: &::http::request::Parts,
                #query: &crate::server::runtime::Pairs,
                #cookies: &crate::server::runtime::Pairs,
                #body: &[u8],
            ) -> ::std::result::Result<Self, crate::server::Rejection> {
                ::std::result::Result::Ok(Self { #( #inits )* })
            }
        }
    }
}

/// The expression reading the request's body.
fn read_body(api: &Api, b: &Body) -> TokenStream {
    let received = quote! { crate::server::runtime::content_type(parts) };
    if let [media] = b.media.as_slice() {
        let read = read_media(api, media);
        let read = if b.is_binary() {
            quote! { crate::runtime::BinaryBody::from(#read) }
        } else {
            read
        };
        let expected = &media.content_type;
        // No `Content-Type` is taken as the one media type the operation has.
        let check = quote! {
            let received = #received;
            if received.is_some() && !crate::server::runtime::media_matches(received.as_deref(), #expected) {
                return ::std::result::Result::Err(crate::server::runtime::unsupported_media(received.as_deref()));
            }
        };
        return if b.required {
            quote! {{
                #check
                #read
            }}
        } else {
            quote! {{
                #check
                if body.is_empty() && received.is_none() {
                    ::std::option::Option::None
                } else {
                    ::std::option::Option::Some(#read)
                }
            }}
        };
    }
    let media_types = b.media.iter().map(|m| m.content_type.as_str());
    let arms = b.media.iter().enumerate().map(|(i, m)| {
        let variant = ident(&m.variant);
        let read = read_media(api, m);
        let value = if b.required {
            quote! { Body::#variant(#read) }
        } else {
            quote! { ::std::option::Option::Some(Body::#variant(#read)) }
        };
        quote! { ::std::option::Option::Some(#i) => #value, }
    });
    let empty = if b.required {
        quote! { return ::std::result::Result::Err(crate::server::runtime::missing_body()); }
    } else {
        quote! { ::std::option::Option::None }
    };
    quote! {{
        let received = #received;
        if body.is_empty() && received.is_none() {
            #empty
        } else {
            match crate::server::runtime::pick_media(parts, &[ #( #media_types ),* ]) {
                #( #arms )*
                _ => return ::std::result::Result::Err(crate::server::runtime::unsupported_media(received.as_deref())),
            }
        }
    }}
}

/// The value of one media type, from `body` (the bytes).
fn read_media(api: &Api, media: &BodyMedia) -> TokenStream {
    match &media.kind {
        BodyKind::Json(_) => quote! { crate::server::runtime::json_body(body)? },
        BodyKind::Text => quote! { crate::server::runtime::text_body(body)? },
        BodyKind::Bytes => quote! { body.to_vec() },
        BodyKind::AnyBytes => quote! { crate::server::runtime::file_body(parts, body) },
        BodyKind::Form(form) => {
            let fields = object_fields(api, &form.ty, 0);
            let encodings = form.encodings.iter().map(|e| {
                let name = &e.wire_name;
                let style = style_tokens(e.style);
                let (explode, json) = (e.explode, e.json);
                quote! { crate::runtime::FormField { name: #name, style: #style, explode: #explode, json: #json }, }
            });
            quote! { crate::server::runtime::form_body(body, #fields, &[ #( #encodings )* ])? }
        }
        BodyKind::Multipart(m) => {
            let name = ident(&m.rust_name);
            let fields = m.parts.iter().map(|part| {
                let field = ident(&part.rust_name);
                let wire = &part.wire_name;
                let read = match (&part.kind, part.repeated) {
                    (PartKind::File, false) => quote! { form.file(#wire) },
                    (PartKind::File, true) => quote! { form.files(#wire) },
                    (PartKind::Text(ty), false) => {
                        let shape = shape(api, ty, 0);
                        quote! { form.text(#wire, #shape)? }
                    }
                    (PartKind::Text(ty), true) => {
                        let shape = shape(api, ty, 0);
                        quote! { form.texts(#wire, #shape)? }
                    }
                    (PartKind::Json(_), false) => quote! { form.json(#wire)? },
                    (PartKind::Json(_), true) => quote! { form.jsons(#wire)? },
                };
                if part.required && !part.repeated {
                    let at = format!("body.{wire}");
                    quote! { #field: crate::server::runtime::required(#read, #at)?, }
                } else {
                    quote! { #field: #read, }
                }
            });
            quote! {{
                let form = crate::server::multipart::Form::parse(parts, body)?;
                #name { #( #fields )* }
            }}
        }
    }
}

/// The variant of `crate::runtime::Style` that is `style`.
fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Form => "Form",
        ParamStyle::Simple => "Simple",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    let style = ident(style_name(style));
    quote! { crate::runtime::Style::#style }
}

/// The struct a type is (through aliases), if it is one.
fn struct_of<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a crate::ir::Struct> {
    let mut ty = ty;
    for _ in 0..8 {
        let TypeRef::Named(name) = ty else { return None };
        match &api.type_named(name)?.kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(inner) => ty = inner,
            _ => return None,
        }
    }
    None
}

/// `&[("name", Shape), ...]` for the properties of a struct.
fn object_fields(api: &Api, ty: &TypeRef, depth: u8) -> TokenStream {
    let Some(s) = struct_of(api, ty) else { return quote! { &[] } };
    let fields = s.fields.iter().map(|f| {
        let wire = &f.wire_name;
        let shape = shape(api, &f.ty, depth + 1);
        quote! { (#wire, #shape) }
    });
    quote! { &[ #( #fields ),* ] }
}

/// What a value of `ty` looks like as JSON (`runtime::Shape`).
fn shape(api: &Api, ty: &TypeRef, depth: u8) -> TokenStream {
    let any = quote! { crate::server::runtime::Shape::Any };
    if depth > 4 {
        return any;
    }
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => quote! { crate::server::runtime::Shape::Text },
        TypeRef::Integer { .. } | TypeRef::Number { .. } => quote! { crate::server::runtime::Shape::Number },
        TypeRef::Boolean => quote! { crate::server::runtime::Shape::Boolean },
        TypeRef::Json | TypeRef::External(_) => any,
        TypeRef::Bytes => quote! { crate::server::runtime::Shape::List(&crate::server::runtime::Shape::Number) },
        TypeRef::Array(item) => {
            let item = shape(api, item, depth + 1);
            quote! { crate::server::runtime::Shape::List(&#item) }
        }
        TypeRef::Map(_) => quote! { crate::server::runtime::Shape::Object(&[]) },
        TypeRef::Nullable(inner) => shape(api, inner, depth + 1),
        TypeRef::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_)) => quote! { crate::server::runtime::Shape::Text },
            Some(TypeKind::IntegerEnum(_)) => quote! { crate::server::runtime::Shape::Number },
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => shape(api, inner, depth + 1),
            Some(TypeKind::Struct(_)) => {
                let fields = object_fields(api, ty, depth);
                quote! { crate::server::runtime::Shape::Object(#fields) }
            }
            Some(TypeKind::Union(_)) | None => any,
        },
    }
}

/// [`from_http_parts`] as prettyplease prints it; `None` for a body other
/// than one JSON media type, `application/json`, a shape with an object's
/// fields, or where a line could come out otherwise.
pub(super) fn from_http_parts_text(api: &Api, op: &Operation) -> Option<String> {
    let mut inits = String::new();
    for p in &op.params {
        let name = ident(&p.rust_name);
        let wire = str_literal(&p.wire_name);
        let (func, from) = match p.location {
            ParamLocation::Path => ("path_param", "path"),
            ParamLocation::Query => ("query_param", "query"),
            ParamLocation::Header => ("header_param", "parts"),
            ParamLocation::Cookie => ("cookie_param", "cookies"),
        };
        let shape = if p.json { Expr::Text("crate::server::runtime::Shape::Json".into()) } else { shape_text(api, &p.ty, 0)? };
        let mut args = vec![Expr::Text(from.into()), Expr::Text(wire.clone()), shape];
        if p.location == ParamLocation::Query {
            args.push(Expr::Text(format!("crate::runtime::Style::{}", style_name(p.style))));
        }
        if p.location != ParamLocation::Cookie {
            args.push(Expr::Text(p.explode.to_string()));
        }
        let read = Expr::Call { prefix: "", func: format!("crate::server::runtime::{func}"), args, suffix: "?" };
        let read = if p.required && p.location != ParamLocation::Path {
            Expr::Call { prefix: "", func: "crate::server::runtime::required".into(), args: vec![read, Expr::Text(wire)], suffix: "?" }
        } else {
            read
        };
        nested_call(&mut inits, 4, &format!("{name}: "), &read, ",")?;
    }
    if let Some(b) = &op.body {
        let [media] = b.media.as_slice() else { return None };
        if !matches!(media.kind, BodyKind::Json(_)) || media.content_type != "application/json" {
            return None;
        }
        inits.push_str(JSON_BODY_CHECK);
        inits.push_str(if b.required { REQUIRED_JSON_BODY } else { OPTIONAL_JSON_BODY });
    }
    let uses = |location| op.params.iter().any(|p| p.location == location);
    let unused = |used: bool| if used { "" } else { "_" };
    let mut out = String::with_capacity(FROM_HTTP_PARTS_HEAD.len() + inits.len() + 512);
    out.push_str(FROM_HTTP_PARTS_HEAD);
    let parts = unused(uses(ParamLocation::Header) || op.body.is_some());
    out.push_str(&format!(
        "            {}path: &crate::server::runtime::PathParams,\n            {parts}parts: &::http::request::Parts,\n            {}query: &crate::server::runtime::Pairs,\n            {}cookies: &crate::server::runtime::Pairs,\n            {}body: &[u8],\n",
        unused(uses(ParamLocation::Path)),
        unused(uses(ParamLocation::Query)),
        unused(uses(ParamLocation::Cookie)),
        unused(op.body.is_some()),
    ));
    out.push_str("        ) -> ::std::result::Result<Self, crate::server::Rejection> {\n");
    braced(&mut out, indent(3), "::std::result::Result::Ok(Self", &inits, ")");
    out.push_str("        }\n    }\n");
    Some(out)
}

/// [`shape`] as an expression; `None` for an object with fields.
fn shape_text(api: &Api, ty: &TypeRef, depth: u8) -> Option<Expr> {
    let leaf = |name: &str| Some(Expr::Text(format!("crate::server::runtime::Shape::{name}")));
    let list = |item: Expr| {
        let item = match item {
            Expr::Text(text) => Expr::Text(format!("&{text}")),
            Expr::Call { func, args, suffix, .. } => Expr::Call { prefix: "&", func, args, suffix },
        };
        Some(Expr::Call { prefix: "", func: "crate::server::runtime::Shape::List".into(), args: vec![item], suffix: "" })
    };
    if depth > 4 {
        return leaf("Any");
    }
    match ty {
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => leaf("Text"),
        TypeRef::Integer { .. } | TypeRef::Number { .. } => leaf("Number"),
        TypeRef::Boolean => leaf("Boolean"),
        TypeRef::Json | TypeRef::External(_) => leaf("Any"),
        TypeRef::Bytes => list(leaf("Number")?),
        TypeRef::Array(item) => list(shape_text(api, item, depth + 1)?),
        TypeRef::Map(_) => leaf("Object(&[])"),
        TypeRef::Nullable(inner) => shape_text(api, inner, depth + 1),
        TypeRef::Named(name) => match api.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::StringEnum(_)) => leaf("Text"),
            Some(TypeKind::IntegerEnum(_)) => leaf("Number"),
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => shape_text(api, inner, depth + 1),
            Some(TypeKind::Struct(s)) if s.fields.is_empty() => leaf("Object(&[])"),
            Some(TypeKind::Struct(_)) => None,
            Some(TypeKind::Union(_)) | None => leaf("Any"),
        },
    }
}

/// [`from_http_parts`] up to its arguments.
const FROM_HTTP_PARTS_HEAD: &str = r#"    #[cfg(feature = "server")]
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    impl Request {
        /// Reads the request from what a server received: its path
        /// parameters (as routed), parts, query pairs, cookies and body.
        /// What cannot be read is a 400 (415 for a body in another media
        /// type) naming the parameter, or the path under `body`.
        pub fn from_http_parts(
"#;

/// The body's field up to the body read, for one JSON media type,
/// `application/json` ([`read_body`]).
const JSON_BODY_CHECK: &str = r#"                body: {
                    let received = crate::server::runtime::content_type(parts);
                    if received.is_some()
                        && !crate::server::runtime::media_matches(
                            received.as_deref(),
                            "application/json",
                        )
                    {
                        return ::std::result::Result::Err(
                            crate::server::runtime::unsupported_media(
                                received.as_deref(),
                            ),
                        );
                    }
"#;

/// [`JSON_BODY_CHECK`]'s rest for a required body.
const REQUIRED_JSON_BODY: &str = "                    crate::server::runtime::json_body(body)?
                },
";

/// [`JSON_BODY_CHECK`]'s rest for an optional body.
const OPTIONAL_JSON_BODY: &str = "                    if body.is_empty() && received.is_none() {
                        ::std::option::Option::None
                    } else {
                        ::std::option::Option::Some(
                            crate::server::runtime::json_body(body)?,
                        )
                    }
                },
";

/// `Response::to_http_response`.
fn to_http_response(op: &Operation) -> TokenStream {
    let mut arms = Vec::new();
    let mut has_undocumented = true;
    for r in &op.responses {
        let name = ident(&r.rust_name);
        let code = match &r.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(*code);
                quote! { #code }
            }
            StatusMatch::Range(_) => quote! { status.as_u16() },
            StatusMatch::Default => {
                has_undocumented = false;
                quote! { status.as_u16() }
            }
        };
        let write = match &r.body {
            None => quote! { crate::server::runtime::empty_response(#code) },
            Some(b) => {
                let content_type = content_type(b);
                let (func, rest) = writer(b.encoding);
                let func = format_ident!("{func}");
                let rest = rest.iter().map(|a| a.parse::<TokenStream>().expect("a body writer's argument parses"));
                quote! { crate::server::runtime::#func(#code, #content_type, #( #rest ),*) }
            }
        };
        let ranged = !matches!(r.status, StatusMatch::Code(_));
        let status_field = ranged.then(|| quote! { status, });
        let body_field = r.body.as_ref().map(|_| quote! { body, });
        let arm = match (&r.headers, ranged, &r.body) {
            (Some(_), _, _) => quote! {
                Self::#name { #status_field #body_field headers } => {
                    let mut response = #write;
                    headers.write_to(&mut response);
                    response
                }
            },
            (None, true, _) => quote! { Self::#name { #status_field #body_field } => #write, },
            (None, false, Some(_)) => quote! { Self::#name(body) => #write, },
            (None, false, None) => quote! { Self::#name => #write, },
        };
        arms.push(arm);
    }
    if has_undocumented {
        arms.push(quote! {
            Self::Undocumented { status, body } => {
                let mut response = crate::server::runtime::empty_response(status.as_u16());
                *response.body_mut() = body.clone();
                response
            }
        });
    }
    quote! {
        #[cfg(feature = "server")]
        #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
        impl Response {
            /// The `http::Response` a server sends: the status, the body in
            /// its documented media type, and the documented headers that
            /// are set. `Undocumented` is sent as it is.
            pub fn to_http_response(&self) -> ::http::Response<::std::vec::Vec<u8>> {
                match self {
                    #( #arms )*
                }
            }
        }
    }
}

/// The media type a response's body is sent as: a range (`image/*`) as
/// bytes.
fn content_type(b: &ResponseBody) -> &str {
    if b.content_type.contains('*') {
        "application/octet-stream"
    } else {
        b.content_type.as_str()
    }
}

/// What writes a response's body: the function of `crate::server::runtime`
/// and its arguments after the status and the content type.
fn writer(encoding: BodyEncoding) -> (&'static str, &'static [&'static str]) {
    match encoding {
        BodyEncoding::Json => ("json_response", &["body"]),
        BodyEncoding::Text => ("bytes_response", &["body.clone().into_bytes()"]),
        BodyEncoding::Bytes => ("bytes_response", &["body.clone()"]),
        BodyEncoding::EventStream => ("events_response", &["body"]),
        BodyEncoding::JsonLines => ("lines_response", &["body", "crate::runtime::Framing::Lines"]),
        BodyEncoding::JsonSeq => ("lines_response", &["body", "crate::runtime::Framing::Seq"]),
    }
}

/// [`to_http_response`] as prettyplease prints it; `None` where a line
/// could come out otherwise (a media type that is escaped or too long for
/// its line, a pattern that does not fit).
pub(super) fn to_http_response_text(op: &Operation) -> Option<String> {
    let mut arms = String::new();
    let mut has_undocumented = true;
    for r in &op.responses {
        let name = ident(&r.rust_name).to_string();
        let code = match &r.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(_) => "status.as_u16()".into(),
            StatusMatch::Default => {
                has_undocumented = false;
                "status.as_u16()".into()
            }
        };
        let (func, args) = match &r.body {
            None => ("crate::server::runtime::empty_response".to_string(), vec![code]),
            Some(b) => {
                let content_type = content_type(b);
                if !content_type.chars().all(|c| c == ' ' || (c.is_ascii_graphic() && c != '"' && c != '\\')) {
                    return None;
                }
                let (func, rest) = writer(b.encoding);
                let mut args = vec![code, format!("\"{content_type}\"")];
                args.extend(rest.iter().map(|a| a.to_string()));
                (format!("crate::server::runtime::{func}"), args)
            }
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let ranged = !matches!(r.status, StatusMatch::Code(_));
        let mut fields = Vec::new();
        if ranged {
            fields.push("status");
        }
        if r.body.is_some() {
            fields.push("body");
        }
        let pat = match (&r.headers, ranged, &r.body) {
            (Some(_), _, _) => {
                fields.push("headers");
                format!("Self::{name} {{ {} }}", fields.join(", "))
            }
            (None, true, _) => format!("Self::{name} {{ {} }}", fields.join(", ")),
            (None, false, Some(_)) => format!("Self::{name}(body)"),
            (None, false, None) => format!("Self::{name}"),
        };
        // Past the margin prettyplease breaks the pattern too.
        if indent(4).len() + pat.len() + " => {".len() > MARGIN {
            return None;
        }
        if r.headers.is_some() {
            arms.push_str(indent(4));
            arms.push_str(&pat);
            arms.push_str(" => {\n");
            call(&mut arms, 5, "let mut response = ", &func, &args, ";")?;
            arms.push_str("                    headers.write_to(&mut response);\n                    response\n                }\n");
        } else {
            call_arm(&mut arms, 4, &pat, &func, &args)?;
        }
    }
    let mut out = String::with_capacity(TO_HTTP_RESPONSE_HEAD.len() + arms.len() + 512);
    out.push_str(TO_HTTP_RESPONSE_HEAD);
    out.push_str(&arms);
    if has_undocumented {
        out.push_str(UNDOCUMENTED_ARM);
    }
    out.push_str("            }\n        }\n    }\n");
    Some(out)
}

/// [`to_http_response`] up to its arms.
const TO_HTTP_RESPONSE_HEAD: &str = r#"    #[cfg(feature = "server")]
    #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
    impl Response {
        /// The `http::Response` a server sends: the status, the body in
        /// its documented media type, and the documented headers that
        /// are set. `Undocumented` is sent as it is.
        pub fn to_http_response(&self) -> ::http::Response<::std::vec::Vec<u8>> {
            match self {
"#;

/// The arm that sends an undocumented status as it is.
const UNDOCUMENTED_ARM: &str = "                Self::Undocumented { status, body } => {
                    let mut response = crate::server::runtime::empty_response(
                        status.as_u16(),
                    );
                    *response.body_mut() = body.clone();
                    response
                }
";
