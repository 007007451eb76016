//! What the client looks like (feature `client`): a builder fed by the
//! spec's servers and security schemes (or the environment), one async
//! method per operation on top of its sans-IO `Request`/`Response`, and a
//! page walker for operations with `x-pagination`.

use proc_macro2::TokenStream;
use quote::quote;

mod builder;
mod pages;

use super::layout::{doc_comment, indent, line};
use super::operation::{operation_gate, operation_gate_text};
use super::splice::Splices;
use super::{docs, ident, inner_docs, type_tokens};
use crate::ir::{Api, BodyEncoding, Operation, SentAs, StatusMatch};

/// `src/client/mod.rs`.
pub(crate) fn client(api: &Api, splices: &mut Splices) -> TokenStream {
    let builder = builder::builder(api);
    let imports = api.operations.iter().map(|op| {
        let module = ident(&op.rust_name);
        let gate = operation_gate(op);
        quote! { #gate use crate::operations::#module; }
    });
    let methods: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| match method_text(op) {
            Some(text) => splices.item(text),
            None => operation_method(op),
        })
        .collect();
    let pages = api.operations.iter().filter_map(pages::pages_method);
    let events = api.operations.iter().filter_map(events_method);
    let streams = api.operations.iter().filter_map(bytes_method);
    let lines = api.operations.iter().filter_map(lines_method);
    let title = &api.title;
    let module_doc = inner_docs(&format!(
        "An async client for {title}, on `reqwest` with rustls (feature `client`).\n\n\
         Build one with [`Client::builder`] or [`Client::from_env`]; each operation is an\n\
         async method taking the operation's `Request` and returning its `Response`,\n\
         one variant per documented status. Requests are checked against the spec's\n\
         constraints before they are sent. A rate-limited request is sent again only\n\
         with a [`RetryPolicy`]."
    ));

    // Preview operations exist only with `unstable`, and tagged ones only
    // with a feature of their tags; a client none of whose operations is
    // compiled has nothing to send.
    let previews_only = some_operation(api).map(|some| quote! { #![cfg_attr(not(#some), allow(dead_code, unused_imports))] });
    // Without security schemes, the credential handling goes unused.
    let no_keys = api.security_schemes.is_empty().then(|| quote! { #[allow(dead_code)] });
    // A module per kind of credential the schemes use (see `emit::mod`).
    let keys = api.security_schemes.iter().any(|s| s.sent_as != SentAs::Basic).then(|| quote! { mod keys; });
    let basic = api.security_schemes.iter().any(|s| s.sent_as == SentAs::Basic).then(|| quote! { mod basic; });
    let tokens = api.security_schemes.iter().any(|s| s.sent_as == SentAs::Bearer).then(|| {
        quote! {
            mod tokens;
            pub use self::tokens::{AccessToken, ClientCredentials, TokenFuture, TokenProvider};
        }
    });
    // `ClientCredentials::for_<setter>` for each client credentials flow.
    let constructors: Vec<TokenStream> = api.security_schemes.iter().filter_map(client_credentials_constructor).collect();
    let constructors = (!constructors.is_empty()).then(|| quote! { impl ClientCredentials { #( #constructors )* } });
    quote! {
        #module_doc
        #previews_only

        #no_keys
        mod transport;
        #keys
        #basic
        #tokens

        pub use self::transport::{ConfigError, Error, Reconnect, RetryPolicy, TokenError};

        #constructors

        #( #imports )*

        /// How long a whole request (connecting, sending, reading the
        /// response) may take unless [`ClientBuilder::timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(30);

        /// A client: cheap to clone, and meant to be shared (it pools
        /// connections).
        #[derive(Clone, Debug)]
        pub struct Client {
            transport: transport::Transport,
            base_url: ::std::string::String,
        }

        #builder

        impl Client {
            /// A builder with the spec's default server, no keys, the default
            /// timeout and no retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// A client configured from the environment, as
            /// [`ClientBuilder::from_env`] reads it, with everything else at
            /// its default.
            pub fn from_env() -> ::std::result::Result<Self, ConfigError> {
                ClientBuilder::default().from_env()?.build()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #( #methods )*

            #( #pages )*

            #( #events )*

            #( #streams )*

            #( #lines )*

            /// Sends a request with the credentials its operation asks for
            /// (`security`, the operation's `SECURITY`).
            async fn send(
                &self,
                path: &'static str,
                id: &'static str,
                security: &'static [&'static [crate::runtime::Scheme]],
                request: ::http::Request<::std::vec::Vec<u8>>,
            ) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, Error> {
                self.transport.send(transport::Operation { path, id, security }, request).await
            }
        }
    }
}

/// `ClientCredentials::for_<setter>`: the provider of an OAuth 2 scheme's
/// client credentials flow at the spec's token URL.
fn client_credentials_constructor(scheme: &crate::ir::SecurityScheme) -> Option<TokenStream> {
    let flow = scheme.client_credentials.as_ref()?;
    let name = ident(&flow.constructor);
    let constant = ident(&flow.constant);
    let provider = ident(scheme.provider_setter.as_deref()?);
    let scopes = match flow.scopes.as_slice() {
        [] => String::from("The flow lists no scopes."),
        scopes => format!(
            "The flow's scopes: {}; none is asked for unless set with [`scopes`](Self::scopes).",
            scopes.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    let doc = docs(&format!(
        "A provider for the `{}` scheme (give it to [`ClientBuilder::{provider}`]): the client credentials grant at the spec's token URL, `{}` ([`crate::security::{}`]), as [`new`](Self::new) makes it.\n\n{scopes}",
        scheme.key, flow.token_url, flow.constant,
    ));
    Some(quote! {
        #doc
        pub fn #name(client_id: impl ::std::convert::Into<::std::string::String>, client_secret: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self::new(crate::security::#constant, client_id, client_secret)
        }
    })
}

/// The `cfg` predicate that holds when at least one operation is compiled;
/// `None` when one always is.
fn some_operation(api: &Api) -> Option<TokenStream> {
    let mut conditions: Vec<String> = Vec::new();
    let mut predicates = Vec::new();
    for op in &api.operations {
        let tags = op.features.iter().map(|f| quote! { feature = #f });
        let tags = match op.features.len() {
            0 => None,
            1 => Some(quote! { #( #tags )* }),
            _ => Some(quote! { any( #( #tags ),* ) }),
        };
        let unstable = op.unstable.as_ref().map(|_| quote! { feature = "unstable" });
        let predicate = match (tags, unstable) {
            (None, None) => return None,
            (Some(one), None) | (None, Some(one)) => one,
            (Some(tags), Some(unstable)) => quote! { all(#tags, #unstable) },
        };
        // Operations of the same tags give the same predicate once.
        let key = predicate.to_string();
        if !conditions.contains(&key) {
            conditions.push(key);
            predicates.push(predicate);
        }
    }
    match predicates.len() {
        1 => predicates.pop(),
        _ => Some(quote! { any( #( #predicates ),* ) }),
    }
}

/// The operation's module, as the client module imports it.
pub(super) fn op_module(op: &Operation) -> TokenStream {
    let module = ident(&op.rust_name);
    quote! { #module }
}

/// The docs of the method that sends one operation.
fn method_docs(op: &Operation) -> String {
    format!(
        "`{} {}`{}\n\nChecks the request against the spec's constraints, sends it, and reads the response (see [`{}`]({}::Response)).",
        op.method,
        op.path,
        op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default(),
        format_args!("operations::{}::Response", op.rust_name),
        format_args!("crate::operations::{}", op.rust_name),
    )
}

/// The method that sends one operation.
fn operation_method(op: &Operation) -> TokenStream {
    let name = ident(&op.client_method);
    let module = op_module(op);
    let gate = operation_gate(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let doc = docs(&method_docs(op));
    quote! {
        #doc
        #gate
        #deprecated
        pub async fn #name(&self, request: &#module::Request) -> ::std::result::Result<#module::Response, Error> {
            request.validate()?;
            let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, #module::Request::SECURITY, request.to_http_request(&self.base_url)?).await?;
            #module::Response::from_http_response(&response).map_err(|e| Error::decode(response, e))
        }
    }
}

/// [`operation_method`] as prettyplease prints it, in `impl Client`;
/// `None` where a line of it could break otherwise.
fn method_text(op: &Operation) -> Option<String> {
    let name = ident(&op.client_method);
    let module = ident(&op.rust_name);
    let mut out = String::with_capacity(1024);
    doc_comment(&mut out, indent(1), &method_docs(op));
    operation_gate_text(&mut out, 1, op)?;
    if op.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    line(
        &mut out,
        format_args!(
            "    pub async fn {name}(\n        &self,\n        request: &{module}::Request,\n    ) -> ::std::result::Result<{module}::Response, Error> {{"
        ),
    )?;
    out.push_str("        request.validate()?;\n        let response = self\n            .send(\n");
    line(
        &mut out,
        format_args!("                {module}::Request::PATH,\n                {module}::Request::OPERATION_ID,\n                {module}::Request::SECURITY,"),
    )?;
    out.push_str("                request.to_http_request(&self.base_url)?,\n            )\n            .await?;\n");
    line(&mut out, format_args!("        {module}::Response::from_http_response(&response)"))?;
    out.push_str("            .map_err(|e| Error::decode(response, e))\n    }\n");
    Some(out)
}

/// The status pattern of a success response, for `matches!`.
fn success_status(response: &crate::ir::Response) -> TokenStream {
    match &response.status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(*code);
            quote! { #code }
        }
        _ => quote! { 200..=299 },
    }
}

/// A method that sends an operation and, on its success `status`, returns
/// `stream` (an expression of `response`) yielding `item`s as the body comes.
/// With `resend`, a copy of the request is kept for the stream to send
/// again (`resend` is bound to a `transport::Resend` when the client reconnects).
fn streaming_method(
    op: &Operation,
    name: &str,
    status: &crate::ir::Response,
    doc: &str,
    item: TokenStream,
    stream: TokenStream,
    resend: bool,
) -> TokenStream {
    let name = ident(name);
    let send = if resend {
        quote! {
            let request = request.to_http_request(&self.base_url)?;
            let resend = transport::Resend::new(&self.transport, operation, &request);
            let response = self.transport.send_streaming(operation, request).await?;
        }
    } else {
        quote! { let response = self.transport.send_streaming(operation, request.to_http_request(&self.base_url)?).await?; }
    };
    let status = success_status(status);
    let module = op_module(op);
    let gate = operation_gate(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let doc = docs(doc);
    quote! {
        #doc
        #gate
        #deprecated
        pub async fn #name(&self, request: &#module::Request) -> ::std::result::Result<impl ::futures_util::Stream<Item = ::std::result::Result<#item, Error>>, Error> {
            request.validate()?;
            let operation = transport::Operation { path: #module::Request::PATH, id: #module::Request::OPERATION_ID, security: #module::Request::SECURITY };
            #send
            if !matches!(response.status().as_u16(), #status) {
                let status = response.status();
                let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
                return ::std::result::Result::Err(Error::Status { status, body });
            }
            ::std::result::Result::Ok(#stream)
        }
    }
}

/// The method that sends an operation whose success response is binary and
/// returns its body as chunks, as they come, never buffered whole.
fn bytes_method(op: &Operation) -> Option<TokenStream> {
    let doc = format!(
        "`{} {}`, its body as it comes: sends the request as [`{}`](Self::{}) does and yields the body's chunks as they arrive, never holding the whole body.\n\nA transport failure or a chunk that takes longer than the timeout end the stream after the error. Another status is [`Error::Status`], with the body read whole.",
        op.method, op.path, op.client_method, op.client_method,
    );
    let stream = quote! { transport::chunks(response, self.transport.timeout) };
    Some(streaming_method(op, op.bytes_method.as_ref()?, op.byte_stream()?, &doc, quote! { ::bytes::Bytes }, stream, false))
}

/// The method that sends an operation whose success response is an event
/// stream and returns its events as they come.
fn events_method(op: &Operation) -> Option<TokenStream> {
    let (response, item) = op.event_stream()?;
    let reconnects = op.reconnects();
    let doc = format!(
        "`{} {}`, its events as they come: sends the request as [`{}`](Self::{}) does and reads each server-sent event's `data` as it arrives.\n\nThe stream ends after a `[DONE]` event or the body's end. An event whose data does not match the spec is an [`Error::Events`] and the stream goes on; a body cut inside an event, a transport failure or a chunk that takes longer than the timeout end it after the error{}. Another status is [`Error::Status`], with the body read whole.",
        op.method,
        op.path,
        op.client_method,
        op.client_method,
        if reconnects {
            ", unless the client's [`Reconnect`] policy connects again (sending `Last-Event-ID`)"
        } else {
            " (a stream of a request that is not a GET without a body is never sent again: it does not reconnect)"
        },
    );
    let resend = if reconnects {
        quote! { resend }
    } else {
        quote! { ::std::option::Option::None }
    };
    let stream = quote! { transport::events(response, self.transport.timeout, #resend) };
    Some(streaming_method(op, op.events_method.as_ref()?, response, &doc, type_tokens(item), stream, reconnects))
}

/// The method that sends an operation whose success response is a stream
/// of JSON lines (or json-seq records) and returns its items as they come.
fn lines_method(op: &Operation) -> Option<TokenStream> {
    let (response, item) = op.line_stream()?;
    let (framing, unit) = match response.body.as_ref()?.encoding {
        BodyEncoding::JsonSeq => (quote! { crate::runtime::Framing::Seq }, "record (RFC 7464)"),
        _ => (quote! { crate::runtime::Framing::Lines }, "line"),
    };
    let doc = format!(
        "`{} {}`, its items as they come: sends the request as [`{}`](Self::{}) does and reads each {unit} of the body (`{}`) as it arrives.\n\nBlank lines are skipped. An item that does not match the spec is an [`Error::Lines`] naming its line number and the stream goes on; a body cut inside an item, an item longer than 1 MiB, a transport failure or a chunk that takes longer than the timeout end it after the error. Another status is [`Error::Status`], with the body read whole.",
        op.method,
        op.path,
        op.client_method,
        op.client_method,
        response.body.as_ref()?.content_type,
    );
    let stream = quote! { transport::lines(response, self.transport.timeout, #framing) };
    Some(streaming_method(op, op.lines_method.as_ref()?, response, &doc, type_tokens(item), stream, false))
}

#[cfg(test)]
mod tests {
    use super::client;
    use crate::emit::fixtures::real_specs;
    use crate::emit::splice::assert_prints_alike;

    /// The client of every real spec, its methods written as text, is what
    /// tokens and prettyplease write, byte for byte.
    #[test]
    fn clients_of_the_real_specs_are_what_prettyplease_prints() {
        let mut spliced = 0;
        let mut operations = 0;
        for (path, api) in real_specs() {
            spliced += assert_prints_alike(&format!("the client of {path}"), |splices| client(&api, splices));
            operations += api.operations.len();
        }
        // A method per operation, but where a line could break (485 of 556).
        assert!(spliced * 10 > operations * 8, "only {spliced} of {operations} methods were written as text");
    }
}
