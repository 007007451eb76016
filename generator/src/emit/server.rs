//! `src/server/mod.rs` and `src/mock/api.rs` (feature `server`): the `Api`
//! trait with a method per operation, the caller's `Credentials`, the
//! router that reads each request into its operation's typed `Request`,
//! and the mock's implementation of the trait. The code that is the same
//! in every crate is copied from `generator/runtime/server.rs` and
//! `generator/runtime/mock.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{doc_comment, indent, MARGIN};
use super::operation::{operation_gate, operation_gate_text};
use super::splice::Splices;
use super::{docs, ident};
use crate::ir::{Api, Operation, PathSegment, SentAs};

/// The operations in the order the router tries them: templates with
/// literal segments before those with a parameter in the same place.
fn route_order(api: &Api) -> Vec<&Operation> {
    let mut ops: Vec<&Operation> = api.operations.iter().collect();
    ops.sort_by_key(|op| op.path.split('/').map(|segment| segment.contains('{')).collect::<Vec<bool>>());
    ops
}

/// `src/server/mod.rs`.
pub(super) fn server_mod(api: &Api, splices: &mut Splices) -> TokenStream {
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut has_arms = Vec::new();
    let mut debug_fields = Vec::new();
    for s in &api.security_schemes {
        let field = ident(&s.setter);
        let constant = ident(&s.constant);
        let key = &s.key;
        let doc = docs(&format!("The credential of `{key}` ({}), when the request carried it.", sent_as_text(&s.sent_as)));
        if s.sent_as == SentAs::Basic {
            fields.push(quote! { #doc pub #field: ::std::option::Option<crate::server::BasicCredentials>, });
            reads.push(quote! { #field: crate::server::runtime::basic_credentials(parts), });
        } else {
            fields.push(quote! { #doc pub #field: ::std::option::Option<::std::string::String>, });
            reads.push(quote! { #field: crate::server::runtime::credential(parts, query, cookies, crate::security::#constant.sent_as), });
        }
        has_arms.push(quote! { #key => self.#field.is_some(), });
        debug_fields.push(quote! { .field(#key, &self.#field.as_ref().map(|_| "<redacted>")) });
    }
    // Only the sources some scheme reads: basic reads the headers alone.
    let named = |used: bool, name: &str| if used { ident(name) } else { ident(&format!("_{name}")) };
    let keys = api.security_schemes.iter().any(|s| s.sent_as != SentAs::Basic);
    let (parts, query, cookies) = (named(!api.security_schemes.is_empty(), "parts"), named(keys, "query"), named(keys, "cookies"));
    let scheme = if api.security_schemes.is_empty() {
        quote! { _scheme }
    } else {
        quote! { scheme }
    };
    let has_body = if api.security_schemes.is_empty() {
        quote! { false }
    } else {
        quote! {
            match scheme.name {
                #( #has_arms )*
                _ => false,
            }
        }
    };

    let multipart_mod = api.has_multipart().then(|| quote! { pub mod multipart; });
    let mut methods = Vec::new();
    let mut variants = Vec::new();
    let mut operation_impls = Vec::new();
    let mut arms = Vec::new();
    for op in &api.operations {
        let gate = operation_gate(op);
        let module = ident(&op.rust_name);
        let variant = ident(&crate::naming::pascal_name(&op.rust_name));
        variants.push(quote! { #gate #variant, });
        operation_impls.push(match operation_impl_text(op) {
            Some(text) => splices.item(text),
            None => quote! {
                #gate
                impl Operation for crate::operations::#module::Request {
                    type Response = crate::operations::#module::Response;
                }
            },
        });
        methods.push(match trait_method_text(op) {
            Some(text) => splices.item(text),
            None => {
                let doc = docs(&trait_method_docs(op));
                quote! {
                    #doc
                    #gate
                    fn #module(
                        &self,
                        request: crate::operations::#module::Request,
                        context: Context,
                    ) -> impl ::std::future::Future<Output = ::std::result::Result<crate::operations::#module::Response, crate::server::Rejection>> + ::std::marker::Send;
                }
            }
        });
        arms.push(quote! {
            #gate
            Op::#variant => crate::operations::#module::serve::<S>(service, body_limit, received),
        });
    }
    let routes = route_order(api).into_iter().map(|op| {
        let gate = operation_gate(op);
        let variant = ident(&crate::naming::pascal_name(&op.rust_name));
        let method = ident(op.method.as_str());
        let pieces = op.path_segments.iter().map(|segment| match segment {
            PathSegment::Literal(text) => quote! { crate::server::runtime::Piece::Literal(#text) },
            PathSegment::Param { wire_name, .. } => quote! { crate::server::runtime::Piece::Param(#wire_name) },
        });
        quote! {
            #gate
            crate::server::runtime::Route { method: ::http::Method::#method, pieces: &[ #( #pieces ),* ], op: Op::#variant },
        }
    });

    quote! {
        //! The server (feature `server`): implement [`Api`], a method per
        //! operation taking its typed `Request` and returning its typed
        //! `Response`, and serve it with [`router`]. Each request is routed by
        //! method and path, its credentials checked against the operation's
        //! `security` (401), its parameters and body read (400 naming the
        //! parameter or the path under `body`; 413 past the body limit; 415
        //! for another media type) and validated (400) before the method is
        //! called. Unknown paths are 404, other methods 405.

        pub mod runtime;
        #multipart_mod

        pub use self::runtime::{BasicCredentials, Config, Rejection};

        /// The caller's credentials, one per security scheme of the spec,
        /// each set when the request carried it (redacted in `Debug`).
        #[derive(Clone, Default, PartialEq)]
        pub struct Credentials {
            #( #fields )*
        }

        impl Credentials {
            fn read(#parts: &::http::request::Parts, #query: &runtime::Pairs, #cookies: &runtime::Pairs) -> Self {
                Self { #( #reads )* }
            }

            /// Whether the credential of `scheme` was sent.
            pub fn has(&self, #scheme: &crate::runtime::Scheme) -> bool {
                #has_body
            }
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials") #( #debug_fields )* .finish()
            }
        }

        /// What a handler knows of a request besides its typed `Request`.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub struct Context {
            /// The request's headers.
            pub headers: ::http::HeaderMap,
            /// The caller's credentials.
            pub credentials: Credentials,
        }

        /// An operation's `Request`, tied to its `Response` (what a mock
        /// answers it with).
        pub trait Operation: ::std::clone::Clone + ::std::marker::Send + ::std::marker::Sync + 'static {
            /// The operation's `Response`.
            type Response: ::std::clone::Clone + ::std::marker::Send + ::std::marker::Sync + 'static;
        }

        #( #operation_impls )*

        /// The API, served: one method per operation.
        // Methods are named after operations, which may look like conversions (`from_json`).
        #[allow(clippy::wrong_self_convention)]
        pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
            #( #methods )*
        }

        /// A router serving `service` with the default [`Config`].
        pub fn router<S: Api>(service: S) -> ::axum::Router {
            router_with(service, Config::default())
        }

        /// A router serving `service`.
        pub fn router_with<S: Api>(service: S, config: Config) -> ::axum::Router {
            router_shared(::std::sync::Arc::new(service), config)
        }

        pub(crate) fn router_shared<S: Api>(service: ::std::sync::Arc<S>, config: Config) -> ::axum::Router {
            ::axum::Router::new().fallback(dispatch::<S>).with_state(::std::sync::Arc::new(Shared { service, config }))
        }

        struct Shared<S> {
            service: ::std::sync::Arc<S>,
            config: Config,
        }

        // Named after the operations, which often share a prefix (`List...`).
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy, Debug)]
        enum Op {
            #( #variants )*
        }

        static ROUTES: &[runtime::Route<Op>] = &[
            #( #routes )*
        ];

        async fn dispatch<S: Api>(
            ::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<S>>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            let (parts, body) = request.into_parts();
            let response = match runtime::route(ROUTES, &parts.method, parts.uri.path()) {
                runtime::Routed::Found(op, path) => match Received::read(path, parts, body) {
                    ::std::result::Result::Ok(received) => {
                        let served = serve(::std::sync::Arc::clone(&shared.service), shared.config.body_limit, op, received);
                        served.await.unwrap_or_else(|rejection| rejection.to_http_response())
                    }
                    ::std::result::Result::Err(rejection) => rejection.to_http_response(),
                },
                runtime::Routed::NotFound => Rejection::new(::http::StatusCode::NOT_FOUND, "no operation has this path").to_http_response(),
                runtime::Routed::MethodNotAllowed(allowed) => {
                    let mut response = Rejection::new(::http::StatusCode::METHOD_NOT_ALLOWED, "the path does not take this method").to_http_response();
                    let allow: ::std::vec::Vec<&str> = allowed.iter().map(::http::Method::as_str).collect();
                    if let ::std::result::Result::Ok(value) = ::http::HeaderValue::try_from(allow.join(", ")) {
                        response.headers_mut().insert(::http::header::ALLOW, value);
                    }
                    response
                }
            };
            runtime::into_axum(response)
        }

        /// A routed request, as every operation's `serve` reads it.
        // Every operation may be compiled out (previews without `unstable`,
        // their tags' features off), and then nothing reads its fields.
        #[allow(dead_code)]
        pub(crate) struct Received {
            pub(crate) path: runtime::PathParams,
            pub(crate) parts: ::http::request::Parts,
            pub(crate) query: runtime::Pairs,
            pub(crate) cookies: runtime::Pairs,
            pub(crate) credentials: Credentials,
            pub(crate) body: ::axum::body::Body,
        }

        impl Received {
            fn read(path: runtime::PathParams, parts: ::http::request::Parts, body: ::axum::body::Body) -> ::std::result::Result<Self, Rejection> {
                let query = runtime::Pairs::query(&parts)?;
                let cookies = runtime::Pairs::cookies(&parts)?;
                let credentials = Credentials::read(&parts, &query, &cookies);
                ::std::result::Result::Ok(Self { path, parts, query, cookies, credentials, body })
            }
        }

        /// The handler of the operation routed to, its future boxed: a
        /// plain function whose arms only call, so that its cost stays
        /// linear in the operation count.
        // Every arm may be compiled out (preview operations without `unstable`).
        #[allow(unused_variables)]
        fn serve<S: Api>(service: ::std::sync::Arc<S>, body_limit: usize, op: Op, received: Received) -> runtime::Served {
            match op {
                #( #arms )*
            }
        }
    }
}

fn sent_as_text(sent_as: &SentAs) -> String {
    match sent_as {
        SentAs::Header(name) => format!("the `{name}` header"),
        SentAs::Query(name) => format!("the `{name}` query parameter"),
        SentAs::Cookie(name) => format!("the `{name}` cookie"),
        SentAs::Bearer => "a bearer token".into(),
        SentAs::Basic => "HTTP basic authentication".into(),
    }
}

/// `src/mock/api.rs`: the mock's `Api`, answering each operation with its
/// canned response and recording the request.
pub(super) fn mock_api(api: &Api, splices: &mut Splices) -> TokenStream {
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            if let Some(text) = mock_method_text(op) {
                return splices.item(text);
            }
            let gate = operation_gate(op);
            let module = ident(&op.rust_name);
            quote! {
                #gate
                async fn #module(
                    &self,
                    request: crate::operations::#module::Request,
                    _context: crate::server::Context,
                ) -> ::std::result::Result<crate::operations::#module::Response, crate::server::Rejection> {
                    self.reply(request)
                }
            }
        })
        .collect();
    quote! {
        //! The mock's implementation of the API.

        impl crate::server::Api for super::Mock {
            #( #methods )*
        }
    }
}

/// The docs of the `Api` method of `op`.
fn trait_method_docs(op: &Operation) -> String {
    let mut text = format!("`{} {}`", op.method, op.path);
    if let Some(summary) = &op.summary {
        text.push_str(&format!(": {summary}"));
    }
    text.push_str(
        "\n\nCalled with a request that decoded and passed `validate()`, from a caller whose credentials meet the operation's `security`. An `Err` is sent as its status with a JSON body.",
    );
    text
}

/// `impl Operation for` the operation's request, as prettyplease prints it:
/// the header on one line when it fits in the margin, else broken before
/// `for` (paths do not break); `None` where the gate's line could.
fn operation_impl_text(op: &Operation) -> Option<String> {
    let module = ident(&op.rust_name);
    let mut out = String::new();
    operation_gate_text(&mut out, 0, op)?;
    let header = format!("impl Operation for crate::operations::{module}::Request {{");
    if header.len() <= MARGIN {
        out.push_str(&header);
    } else {
        out.push_str(&format!("impl Operation\nfor crate::operations::{module}::Request {{"));
    }
    out.push_str(&format!("\n    type Response = crate::operations::{module}::Response;\n}}\n"));
    Some(out)
}

/// The `Api` method of `op`, as prettyplease prints it: its return type is
/// always too long for a line, so it breaks at both generics.
fn trait_method_text(op: &Operation) -> Option<String> {
    let module = ident(&op.rust_name);
    let mut out = String::with_capacity(1024);
    doc_comment(&mut out, indent(1), &trait_method_docs(op));
    operation_gate_text(&mut out, 1, op)?;
    out.push_str(&format!(
        "    fn {module}(
        &self,
        request: crate::operations::{module}::Request,
        context: Context,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            crate::operations::{module}::Response,
            crate::server::Rejection,
        >,
    > + ::std::marker::Send;
"
    ));
    Some(out)
}

/// The mock's `Api` method of `op`, as prettyplease prints it: its
/// signature is always too long for a line.
fn mock_method_text(op: &Operation) -> Option<String> {
    let module = ident(&op.rust_name);
    let mut out = String::with_capacity(512);
    operation_gate_text(&mut out, 1, op)?;
    out.push_str(&format!(
        "    async fn {module}(
        &self,
        request: crate::operations::{module}::Request,
        _context: crate::server::Context,
    ) -> ::std::result::Result<
        crate::operations::{module}::Response,
        crate::server::Rejection,
    > {{
        self.reply(request)
    }}
"
    ));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{mock_api, server_mod};
    use crate::emit::fixtures::{api, real_specs};
    use crate::emit::splice::assert_prints_alike;
    use crate::SourceFile;

    /// The server module and the mock of every real spec, and of a spec
    /// whose operation names run from 1 to 60 characters with gates of
    /// every kind, their per-operation items written as text, are what
    /// tokens and prettyplease write, byte for byte.
    #[test]
    fn server_and_mock_are_what_prettyplease_prints() {
        let mut spliced = 0;
        let mut operations = 0;
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\ntags: [{name: a}, {name: b}]\npaths:\n");
        for i in 0..60 {
            let tags = ["[]", "[a]", "[a, b]"][i % 3];
            let preview = if i % 4 == 0 { "\n      x-unstable: soon" } else { "" };
            spec.push_str(&format!(
                "  /s{i}:\n    get:\n      operationId: {}\n      tags: {tags}{preview}\n      responses:\n        \"204\": {{description: Done}}\n",
                "o".repeat(i + 1)
            ));
        }
        let edges = ("the edge spec".to_owned(), api(&SourceFile::new("spec.yaml", spec)));
        for (path, api) in real_specs().into_iter().chain([edges]) {
            spliced += assert_prints_alike(&format!("the server of {path}"), |splices| server_mod(&api, splices));
            spliced += assert_prints_alike(&format!("the mock of {path}"), |splices| mock_api(&api, splices));
            operations += api.operations.len();
        }
        // Three items per operation: its `Operation` impl, its `Api` method
        // and its mock's; but where the gate's line is long (3 of 1,848).
        assert!(spliced * 100 >= 3 * operations * 99, "only {spliced} items of {operations} operations were written as text");
    }
}
