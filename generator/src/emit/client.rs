//! What the client looks like (feature `client`): a builder fed by the
//! spec's servers and security schemes (or the environment), one async
//! method per operation on top of its sans-IO `Request`/`Response`, and a
//! page walker for operations with `x-pagination`.

use proc_macro2::TokenStream;
use quote::quote;

use super::operations::unstable_gate;
use super::{docs, ident, inner_docs};
use crate::ir::{Api, Operation, PathStep};

/// The transport, copied verbatim into every generated crate.
pub(crate) const TRANSPORT: &str = include_str!("../../runtime/transport.rs");

/// `src/client/mod.rs`.
pub(crate) fn client(api: &Api) -> TokenStream {
    let server = api.servers.first();
    let variables = server.map(|s| s.variables.as_slice()).unwrap_or_default();

    // Server variables: a field and setter each; the environment fills
    // those with `x-env`.
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    let mut url_args = Vec::new();
    let mut env_reads = Vec::new();
    let mut env_docs = Vec::new();
    for var in variables {
        let field = ident(&var.field);
        let description = var.description.clone().unwrap_or_else(|| format!("The `{}` variable of the server URL.", var.name));
        if var.values.is_empty() {
            let default = &var.default;
            fields.push(quote! { #field: ::std::string::String, });
            defaults.push(quote! { #field: #default.to_owned(), });
            let doc = docs(&format!("{description}\n\nDefault: `{default}`. Ignored when a base URL is set."));
            setters.push(quote! {
                #doc
                pub fn #field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.#field = value.into();
                    self
                }
            });
            url_args.push(quote! { &self.#field });
            if let Some(env) = &var.env {
                env_docs.push(format!("`{env}` (the server's `{}`)", var.name));
                env_reads.push(quote! {
                    if let ::std::option::Option::Some(value) = env_var(#env) {
                        self.#field = value;
                    }
                });
            }
        } else {
            let ty = ident(&var.rust_name);
            fields.push(quote! { #field: crate::servers::#ty, });
            defaults.push(quote! { #field: ::std::default::Default::default(), });
            let doc = docs(&format!("{description}\n\nDefault: `{}`. Ignored when a base URL is set.", var.default));
            setters.push(quote! {
                #doc
                pub fn #field(mut self, value: crate::servers::#ty) -> Self {
                    self.#field = value;
                    self
                }
            });
            url_args.push(quote! { self.#field });
            if let Some(env) = &var.env {
                env_docs.push(format!("`{env}` (the server's `{}`: one of {})", var.name, var.values.iter().map(|v| format!("`{}`", v.wire)).collect::<Vec<_>>().join(", ")));
                env_reads.push(quote! {
                    if let ::std::option::Option::Some(value) = env_var(#env) {
                        self.#field = value.parse().map_err(|e: crate::runtime::UnknownValue| ConfigError::InvalidEnv { var: #env, message: e.to_string() })?;
                    }
                });
            }
        }
    }
    // The base URL set, else the spec's first server filled in.
    let base_url = match server {
        Some(_) => quote! { self.base_url.clone().or_else(|| ::std::option::Option::Some(crate::servers::base_url( #( #url_args ),* ))) },
        None => quote! { self.base_url.clone() },
    };

    // Keys: a field and setter per API-key scheme, all required.
    let mut key_fields = Vec::new();
    let mut key_setters = Vec::new();
    let mut key_builds = Vec::new();
    for scheme in &api.security_schemes {
        let field = ident(&scheme.setter);
        let header_const = ident(&scheme.constant);
        let env = &scheme.env;
        let header = &scheme.header;
        env_docs.push(format!("`{env}` (the `{header}` header)"));
        key_fields.push(quote! { #field: ::std::option::Option<transport::Secret>, });
        defaults.push(quote! { #field: ::std::option::Option::None, });
        let doc = docs(&format!(
            "{}\n\nSent in the `{header}` header; surrounding whitespace is dropped. Never shown by `Debug`.",
            scheme.description.as_deref().unwrap_or("An API key.")
        ));
        key_setters.push(quote! {
            #doc
            pub fn #field(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#field = ::std::option::Option::Some(transport::Secret(key.into()));
                self
            }
        });
        env_reads.push(quote! {
            if let ::std::option::Option::Some(key) = env_var(#env) {
                self.#field = ::std::option::Option::Some(transport::Secret(key));
            }
        });
        key_builds.push(quote! {
            match &self.#field {
                ::std::option::Option::Some(key) => transport::ApiKey::new(crate::security::#header_const, key)?,
                ::std::option::Option::None => return ::std::result::Result::Err(ConfigError::MissingKey { header: crate::security::#header_const, env: ::std::option::Option::Some(#env) }),
            },
        });
    }
    let from_env_doc = docs(&format!(
        "Reads what the environment sets: {}. Variables that are not set (or are empty) leave the builder as it is.",
        if env_docs.is_empty() { "nothing".to_owned() } else { env_docs.join(", ") }
    ));
    let env_var_fn = (!env_reads.is_empty()).then(|| {
        quote! {
            /// An environment variable, when it is set to something other than blanks.
            fn env_var(name: &str) -> ::std::option::Option<::std::string::String> {
                ::std::env::var(name).ok().filter(|value| !value.trim().is_empty())
            }
        }
    });
    let imports = api.operations.iter().map(|op| {
        let module = ident(&op.rust_name);
        let gate = unstable_gate(op);
        quote! { #gate use crate::operations::#module; }
    });
    let methods = api.operations.iter().map(operation_method);
    let pages = api.operations.iter().filter_map(pages_method);
    let title = &api.title;
    let module_doc = inner_docs(&format!(
        "An async client for {title}, on `reqwest` with rustls (feature `client`).\n\n\
         Build one with [`Client::builder`] or [`Client::from_env`]; each operation is an\n\
         async method taking the operation's `Request` and returning its `Response`,\n\
         one variant per documented status. Requests are checked against the spec's\n\
         constraints before they are sent. A rate-limited request is sent again only\n\
         with a [`RetryPolicy`]."
    ));

    let from_env_mut = (!env_reads.is_empty()).then(|| quote! { mut });
    // Preview operations exist only with `unstable`; without it a client
    // of nothing but previews has nothing to send.
    let all_unstable = api.operations.iter().all(|o| o.unstable.is_some());
    let previews_only = all_unstable.then(|| quote! { #![cfg_attr(not(feature = "unstable"), allow(dead_code, unused_imports))] });
    // Without API-key schemes, the key handling goes unused.
    let no_keys = api.security_schemes.is_empty().then(|| quote! { #[allow(dead_code)] });
    quote! {
        #module_doc
        #previews_only

        #no_keys
        mod transport;

        pub use self::transport::{ConfigError, Error, RetryPolicy};

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

        /// Builds a [`Client`]. Keys are checked by [`build`](Self::build).
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            #( #fields )*
            #( #key_fields )*
            timeout: ::std::time::Duration,
            retry: RetryPolicy,
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    base_url: ::std::option::Option::None,
                    #( #defaults )*
                    timeout: DEFAULT_TIMEOUT,
                    retry: RetryPolicy::none(),
                }
            }
        }

        impl ClientBuilder {
            #( #setters )*

            /// Any base URL (a proxy, a test server, a site the spec does not
            /// list yet), instead of the spec's servers.
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::std::option::Option::Some(url.into());
                self
            }

            #( #key_setters )*

            /// How long a whole request may take; [`DEFAULT_TIMEOUT`] unless set.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// When to send a rate-limited request again; never, unless set.
            pub fn retry(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            #from_env_doc
            pub fn from_env(#from_env_mut self) -> ::std::result::Result<Self, ConfigError> {
                #( #env_reads )*
                ::std::result::Result::Ok(self)
            }

            /// Checks the keys and the base URL and builds the client. Never
            /// panics: a key that cannot be sent in a header is an error.
            pub fn build(self) -> ::std::result::Result<Client, ConfigError> {
                let keys = ::std::vec![ #( #key_builds )* ];
                let base_url = match #base_url {
                    ::std::option::Option::Some(url) => url,
                    ::std::option::Option::None => return ::std::result::Result::Err(ConfigError::MissingBaseUrl),
                };
                let absolute = base_url
                    .parse::<::http::Uri>()
                    .is_ok_and(|uri| matches!(uri.scheme_str(), ::std::option::Option::Some("http" | "https")) && uri.host().is_some());
                if !absolute {
                    return ::std::result::Result::Err(ConfigError::InvalidBaseUrl { url: base_url });
                }
                let http = ::reqwest::Client::builder()
                    .timeout(self.timeout)
                    .build()
                    .map_err(ConfigError::Http)?;
                ::std::result::Result::Ok(Client {
                    transport: transport::Transport { http, keys, retry: self.retry },
                    base_url,
                })
            }
        }

        #env_var_fn

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

            async fn send(
                &self,
                path: &'static str,
                id: &'static str,
                request: ::http::Request<::std::vec::Vec<u8>>,
            ) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, Error> {
                self.transport.send(transport::Operation { path, id }, request).await
            }
        }
    }
}

/// The operation's module, as the client module imports it.
fn op_module(op: &Operation) -> TokenStream {
    let module = ident(&op.rust_name);
    quote! { #module }
}

/// The method that sends one operation.
fn operation_method(op: &Operation) -> TokenStream {
    let name = ident(&op.client_method);
    let module = op_module(op);
    let gate = unstable_gate(op);
    let deprecated = op.deprecated.then(|| quote! { #[deprecated] });
    let doc = docs(&format!(
        "`{} {}`{}\n\nChecks the request against the spec's constraints, sends it, and reads the response (see [`{}`]({}::Response)).",
        op.method,
        op.path,
        op.summary.as_deref().map(|s| format!(": {s}.")).unwrap_or_default(),
        format_args!("operations::{}::Response", op.rust_name),
        format_args!("crate::operations::{}", op.rust_name),
    ));
    quote! {
        #doc
        #gate
        #deprecated
        pub async fn #name(&self, request: &#module::Request) -> ::std::result::Result<#module::Response, Error> {
            request.validate()?;
            let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, request.to_http_request(&self.base_url)?).await?;
            #module::Response::from_http_response(&response).map_err(|e| Error::decode(response, e))
        }
    }
}

/// The page walker of an operation with `x-pagination`.
fn pages_method(op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let name = ident(&p.client_method);
    let module = op_module(op);
    let gate = unstable_gate(op);
    let offset = ident(&p.offset_param);
    let variant = ident(&p.response);
    let page_ty = super::type_tokens(&p.page);
    let count = walk(&p.items, Leaf::Count);
    let total = walk(&p.total, Leaf::Total { widen: p.total_bits == 32 });
    let limit = &p.limit_param;
    let doc = docs(&format!(
        "Every page of [`{}`](Self::{}): asks for the page at the request's `{}` (0 if unset) and then past each page's items, with the request's `{limit}` as the page size, until the total count is reached or a page comes back empty.\n\nThe stream ends after the first error; a status other than the success one is [`Error::Status`].",
        op.rust_name, op.rust_name, p.offset_param
    ));
    Some(quote! {
        #doc
        #gate
        pub fn #name(&self, request: #module::Request) -> impl ::futures_util::Stream<Item = ::std::result::Result<#page_ty, Error>> + '_ {
            let start = request.#offset.unwrap_or(0);
            transport::paginate(request, start, |request, offset| request.#offset = ::std::option::Option::Some(offset), move |request| async move {
                request.validate()?;
                let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, request.to_http_request(&self.base_url)?).await?;
                match #module::Response::from_http_response(&response) {
                    ::std::result::Result::Ok(#module::Response::#variant(page)) => {
                        let count = #count;
                        let total = #total;
                        ::std::result::Result::Ok((page, count, total))
                    }
                    ::std::result::Result::Ok(_) => ::std::result::Result::Err(Error::unexpected(response)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(Error::decode(response, e)),
                }
            })
        }
    })
}

/// What a page walk reads from a page.
#[derive(Clone, Copy)]
enum Leaf {
    /// How many items it holds.
    Count,
    /// The total count, as an `i64` (`widen` from an `i32`).
    Total {
        /// Whether it is an `i32`.
        widen: bool,
    },
}

/// `page.a.b`'s count or total, through `Option`s where a step is optional
/// (then 0 when one is absent).
fn walk(steps: &[PathStep], leaf: Leaf) -> TokenStream {
    let fields: Vec<_> = steps.iter().map(|s| ident(&s.field)).collect();
    let finish = |v: TokenStream| match leaf {
        Leaf::Count => quote! { #v.len() },
        Leaf::Total { widen: true } => quote! { i64::from(#v) },
        Leaf::Total { widen: false } => v,
    };
    if steps.iter().all(|s| !s.optional) {
        return finish(quote! { page #( .#fields )* });
    }
    let mut chain = quote! { ::std::option::Option::Some(&page) };
    for (step, field) in steps.iter().zip(&fields) {
        chain = if step.optional {
            quote! { #chain.and_then(|v| v.#field.as_ref()) }
        } else {
            quote! { #chain.map(|v| &v.#field) }
        };
    }
    let value = finish(match leaf {
        Leaf::Count => quote! { v },
        Leaf::Total { .. } => quote! { *v },
    });
    quote! { #chain.map_or(0, |v| #value) }
}
