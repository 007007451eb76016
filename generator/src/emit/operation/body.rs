//! What a request body looks like: the type of the request's `body` field,
//! the items it adds to the operation's module (a `Body` enum when the
//! caller picks among media types, a `Multipart` struct of parts), the code
//! that writes it with its `Content-Type`, and its checks.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{docs, ident, type_tokens};
use crate::ir::{Body, BodyKind, BodyMedia, MultipartBody, ParamStyle, PartKind};

/// The type of the request's `body` field (without the `Option` an optional
/// body adds).
pub(super) fn body_type(body: &Body) -> TokenStream {
    match body.media.as_slice() {
        _ if body.is_binary() => quote! { crate::runtime::BinaryBody },
        [only] => media_type(only),
        _ => quote! { Body },
    }
}

/// The type the caller fills for one media type.
fn media_type(media: &BodyMedia) -> TokenStream {
    match &media.kind {
        BodyKind::Json(ty) => type_tokens(ty),
        BodyKind::Form(form) => type_tokens(&form.ty),
        BodyKind::Text => quote! { ::std::string::String },
        BodyKind::Bytes => quote! { ::std::vec::Vec<u8> },
        BodyKind::AnyBytes => quote! { crate::runtime::File },
        BodyKind::Multipart(m) => {
            let name = ident(&m.rust_name);
            quote! { #name }
        }
    }
}

/// The items a body adds to the operation's module: the `Body` enum of its
/// media types, when there are several, and the struct of a multipart body.
pub(super) fn body_items(body: &Body) -> TokenStream {
    let multipart = body.media.iter().filter_map(|m| match &m.kind {
        BodyKind::Multipart(multipart) => Some(multipart_struct(multipart)),
        _ => None,
    });
    let choice = body.is_choice().then(|| {
        let variants = body.media.iter().map(|m| {
            let variant = ident(&m.variant);
            let ty = media_type(m);
            let doc = docs(&format!("Sent as `{}`.", m.content_type));
            quote! { #doc #variant(#ty), }
        });
        // A multipart struct holds every part inline (Discord's message:
        // 23 parts), and a model can be as big (1.6 KB beside the bytes of
        // an XML variant in a payments API); a body is built once and moved
        // once, so boxing it would cost an allocation to save a memcpy.
        quote! {
            /// The request body, in one of the media types the operation
            /// accepts: the variant picks the `Content-Type`.
            #[allow(clippy::large_enum_variant)]
            #[derive(Clone, Debug, PartialEq)]
            pub enum Body {
                #( #variants )*
            }
        }
    });
    quote! {
        #choice
        #( #multipart )*
    }
}

/// The code that sets `Content-Type` on `builder` and evaluates to the body's
/// bytes (empty without a body).
pub(super) fn body_code(body: Option<&Body>) -> TokenStream {
    let Some(body) = body else { return quote! { ::std::vec::Vec::new() } };
    if let [media] = body.media.as_slice() {
        let (header, encode) = if body.is_binary() { write_binary(media) } else { write_media(media) };
        return match (body.required, header) {
            // The header first where it does not depend on the value.
            (true, Header::Fixed(header)) => quote! {{
                #header
                let body = &self.body;
                #encode
            }},
            (true, Header::FromValue(header)) => quote! {{
                let body = &self.body;
                #header
                #encode
            }},
            (false, Header::Fixed(header) | Header::FromValue(header)) => quote! {
                match &self.body {
                    ::std::option::Option::Some(body) => {
                        #header
                        #encode
                    }
                    ::std::option::Option::None => ::std::vec::Vec::new(),
                }
            },
        };
    }
    let arms = body.media.iter().map(|m| {
        let variant = ident(&m.variant);
        let (Header::Fixed(header) | Header::FromValue(header), encode) = write_media(m);
        let pattern = if body.required {
            quote! { Body::#variant(body) }
        } else {
            quote! { ::std::option::Option::Some(Body::#variant(body)) }
        };
        quote! {
            #pattern => {
                #header
                #encode
            }
        }
    });
    let none = (!body.required).then(|| quote! { ::std::option::Option::None => ::std::vec::Vec::new(), });
    quote! {
        match &self.body {
            #( #arms )*
            #none
        }
    }
}

/// The statement that sets `Content-Type`.
enum Header {
    /// The media type is known at generation time.
    Fixed(TokenStream),
    /// It comes from the value (`body`): a file's media type, a boundary.
    FromValue(TokenStream),
}

/// How a binary body (`runtime::BinaryBody`) is written: its bytes, or its
/// stream put in the request's extensions for the client.
fn write_binary(media: &BodyMedia) -> (Header, TokenStream) {
    let content_type = &media.content_type;
    let encode = quote! { crate::runtime::binary_body(&mut builder, body) };
    match media.kind {
        BodyKind::AnyBytes => (
            Header::FromValue(quote! {
                builder = builder.header(::http::header::CONTENT_TYPE, body.content_type().unwrap_or("application/octet-stream"));
            }),
            encode,
        ),
        _ => (Header::Fixed(quote! { builder = builder.header(::http::header::CONTENT_TYPE, #content_type); }), encode),
    }
}

/// How one media type is written: its header, and the bytes of `body` (a
/// reference to the value).
fn write_media(media: &BodyMedia) -> (Header, TokenStream) {
    let content_type = &media.content_type;
    let fixed = || Header::Fixed(quote! { builder = builder.header(::http::header::CONTENT_TYPE, #content_type); });
    match &media.kind {
        BodyKind::Json(_) => (fixed(), quote! { ::serde_json::to_vec(body).map_err(crate::runtime::RequestError::Body)? }),
        BodyKind::Text => (fixed(), quote! { body.clone().into_bytes() }),
        BodyKind::Bytes => (fixed(), quote! { body.clone() }),
        BodyKind::AnyBytes => (
            Header::FromValue(quote! {
                builder = builder.header(::http::header::CONTENT_TYPE, body.content_type.as_deref().unwrap_or("application/octet-stream"));
            }),
            quote! { body.bytes.clone() },
        ),
        BodyKind::Form(form) => {
            let fields = form.encodings.iter().map(|e| {
                let name = &e.wire_name;
                let style = ident(style_name(e.style));
                let (explode, json) = (e.explode, e.json);
                quote! { crate::runtime::FormField { name: #name, style: crate::runtime::Style::#style, explode: #explode, json: #json }, }
            });
            (fixed(), quote! { crate::runtime::form_body(body, &[ #( #fields )* ])? })
        }
        BodyKind::Multipart(_) => {
            let format = format!("{content_type}; boundary={{boundary}}");
            (
                Header::FromValue(quote! {
                    let boundary = crate::runtime::multipart_boundary();
                    builder = builder.header(::http::header::CONTENT_TYPE, ::std::format!(#format));
                }),
                quote! { body.to_bytes(&boundary)? },
            )
        }
    }
}

/// The struct of a multipart body: a field per part, `new` with the
/// required ones, and `to_bytes`.
fn multipart_struct(m: &MultipartBody) -> TokenStream {
    let name = ident(&m.rust_name);
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut writes = Vec::new();
    for part in &m.parts {
        let field = ident(&part.rust_name);
        let wire = &part.wire_name;
        let item_ty = match &part.kind {
            PartKind::Text(ty) | PartKind::Json(ty) => type_tokens(ty),
            PartKind::File => quote! { crate::runtime::File },
        };
        let content_type = match &part.content_type {
            Some(ct) => quote! { ::std::option::Option::Some(#ct) },
            None => quote! { ::std::option::Option::None },
        };
        let write = |value: TokenStream| match &part.kind {
            PartKind::Text(_) => quote! { form.text(#wire, #value, #content_type)?; },
            PartKind::Json(_) => quote! { form.json(#wire, #value, #content_type)?; },
            PartKind::File => quote! { form.file(#wire, #value, #content_type)?; },
        };
        let kind = match &part.kind {
            PartKind::Text(_) => "A text part",
            PartKind::Json(_) => "A JSON part",
            PartKind::File => "A file part",
        };
        let mut text = part.docs.clone().unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("{kind}, `{wire}`{}.", if part.repeated { ", one per item" } else { "" }));
        let doc = docs(&text);
        if part.repeated {
            fields.push(quote! { #doc pub #field: ::std::vec::Vec<#item_ty>, });
            let w = write(quote! { item });
            writes.push(quote! { for item in &self.#field { #w } });
            if part.required {
                args.push(quote! { #field: ::std::vec::Vec<#item_ty> });
                inits.push(quote! { #field, });
            } else {
                inits.push(quote! { #field: ::std::vec::Vec::new(), });
            }
        } else if part.required {
            fields.push(quote! { #doc pub #field: #item_ty, });
            args.push(quote! { #field: #item_ty });
            inits.push(quote! { #field, });
            writes.push(write(quote! { &self.#field }));
        } else {
            fields.push(quote! { #doc pub #field: ::std::option::Option<#item_ty>, });
            inits.push(quote! { #field: ::std::option::Option::None, });
            let w = write(quote! { value });
            writes.push(quote! { if let ::std::option::Option::Some(value) = &self.#field { #w } });
        }
    }
    let mut text = String::from("The `multipart/form-data` body: a field per part.");
    if let Some(d) = &m.docs {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let doc = docs(&text);
    let derive_default = args.is_empty().then(|| quote! { Default, });
    let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let form_mut = (!writes.is_empty()).then(|| quote! { mut });
    quote! {
        #doc
        #[derive(Clone, Debug, #derive_default PartialEq)]
        pub struct #name {
            #( #fields )*
        }

        impl #name {
            /// A body with its required parts; optional ones start unset.
            #many
            pub fn new( #( #args ),* ) -> Self {
                Self { #( #inits )* }
            }

            /// The body's bytes, its parts separated by `boundary`, which no
            /// part may contain (`to_http_request` draws a random one).
            pub fn to_bytes(&self, boundary: &str) -> ::std::result::Result<::std::vec::Vec<u8>, crate::runtime::RequestError> {
                let #form_mut form = crate::runtime::MultipartWriter::new(boundary);
                #( #writes )*
                ::std::result::Result::Ok(form.finish())
            }
        }
    }
}

/// The checks of the body in `Request::validate`: what is inside its value
/// (or its parts), under `body`.
pub(super) fn body_checks(body: &Body, needs: &BTreeSet<String>) -> TokenStream {
    if let [media] = body.media.as_slice() {
        return match &media.kind {
            BodyKind::Json(ty) | BodyKind::Form(crate::ir::FormBody { ty, .. }) => {
                crate::emit::validate::value_checks("body", quote! { self.body }, ty, &Default::default(), u8::from(!body.required), needs)
            }
            BodyKind::Multipart(m) => {
                let checks = multipart_checks(m, needs);
                if checks.is_empty() {
                    TokenStream::new()
                } else if body.required {
                    quote! {{ let body = &self.body; #checks }}
                } else {
                    quote! { if let ::std::option::Option::Some(body) = &self.body { #checks } }
                }
            }
            BodyKind::Text | BodyKind::Bytes | BodyKind::AnyBytes => TokenStream::new(),
        };
    }
    let arms: Vec<(TokenStream, TokenStream)> = body
        .media
        .iter()
        .filter_map(|m| {
            let variant = ident(&m.variant);
            let checks = match &m.kind {
                BodyKind::Json(ty) | BodyKind::Form(crate::ir::FormBody { ty, .. }) if ty.holds_any(needs) => {
                    quote! { crate::validate::Validate::validate_at(body, path.key("body"))?; }
                }
                BodyKind::Multipart(multipart) => multipart_checks(multipart, needs),
                _ => TokenStream::new(),
            };
            let pattern = if body.required {
                quote! { Body::#variant(body) }
            } else {
                quote! { ::std::option::Option::Some(Body::#variant(body)) }
            };
            (!checks.is_empty()).then_some((pattern, checks))
        })
        .collect();
    // The media types with nothing to check, and no body at all.
    let partial = arms.len() < body.media.len() || !body.required;
    match arms.as_slice() {
        [] => TokenStream::new(),
        [(pattern, checks)] if partial => quote! { if let #pattern = &self.body { #checks } },
        _ => {
            let arms = arms.iter().map(|(pattern, checks)| quote! { #pattern => { #checks } });
            let rest = partial.then(|| quote! { _ => {} });
            quote! {
                match &self.body {
                    #( #arms )*
                    #rest
                }
            }
        }
    }
}

/// The checks of a multipart body's parts (`body` bound to it), each under
/// `body.<part>`.
fn multipart_checks(m: &MultipartBody, needs: &BTreeSet<String>) -> TokenStream {
    let checks: Vec<TokenStream> = m
        .parts
        .iter()
        .filter(|p| matches!(&p.kind, PartKind::Text(ty) | PartKind::Json(ty) if ty.holds_any(needs)))
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            quote! { crate::validate::Validate::validate_at(&body.#field, body_path.key(#wire))?; }
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let body_path = path.key("body");
        #( #checks )*
    }
}

/// The runtime's `Style` variant of a style.
pub(super) fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Form => "Form",
        ParamStyle::Simple => "Simple",
        ParamStyle::SpaceDelimited => "SpaceDelimited",
        ParamStyle::PipeDelimited => "PipeDelimited",
        ParamStyle::DeepObject => "DeepObject",
    }
}
