//! What the client looks like (feature `client`): a builder fed by the
//! spec's servers and security schemes (or the environment), one async
//! method per operation on top of its sans-IO `Request`/`Response`, and a
//! page walker for operations with `x-pagination`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::operations::unstable_gate;
use super::{docs, ident, inner_docs};
use crate::ir::{Api, Operation, PageParam, PageStep, PathStep, SecurityScheme, TypeRef};
use crate::naming::snake_name;

/// The transport, copied verbatim into every generated crate.
pub(crate) const TRANSPORT: &str = include_str!("../../runtime/transport.rs");

/// The builder's setter (and field) for a scheme's key: `apiKeyAuth` ->
/// `api_key`.
pub(crate) fn key_setter(scheme: &SecurityScheme) -> String {
    match scheme.rust_name.strip_suffix("_auth") {
        Some(short) if !short.is_empty() && !short.ends_with('_') => short.to_owned(),
        _ => scheme.rust_name.clone(),
    }
}

/// The environment variable a scheme's key is read from: `x-env-name`, else the
/// header's name in upper snake case (`DD-API-KEY` -> `DD_API_KEY`).
pub(crate) fn key_env(scheme: &SecurityScheme) -> String {
    scheme.env.clone().unwrap_or_else(|| scheme.header.to_ascii_uppercase().replace(['-', ' ', '.'], "_"))
}

/// `src/client/mod.rs`.
pub(crate) fn client(api: &Api) -> TokenStream {
    let server = api.servers.first();
    let variables = server.map(|s| s.variables.as_slice()).unwrap_or_default();

    // Server variables: a field and setter each; the environment fills
    // those with `x-env-name`.
    let mut fields = Vec::new();
    let mut defaults = Vec::new();
    let mut setters = Vec::new();
    let mut url_args = Vec::new();
    let mut env_reads = Vec::new();
    let mut env_docs = Vec::new();
    for var in variables {
        let field = ident(&snake_name(&var.name));
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
        let field = format_ident!("{}", key_setter(scheme));
        let header_const = ident(&scheme.rust_name.to_ascii_uppercase());
        let env = key_env(scheme);
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
    let name = ident(&op.rust_name);
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
    let name = format_ident!("{}_pages", op.rust_name);
    let module = op_module(op);
    let gate = unstable_gate(op);
    let variant = ident(&p.response);
    let page_ty = super::type_tokens(&p.page);
    let limit = ident(&p.limit.rust_name);
    let (size, size_doc) = match p.default_limit {
        Some(default) if !p.limit.required => {
            // Unsuffixed: the parameter may be an `i32`.
            let value = proc_macro2::Literal::i64_unsuffixed(default);
            (quote! { *request.#limit.get_or_insert(#value) }, format!("`{}` (the spec's default, {default}, when unset)", p.limit.rust_name))
        }
        _ => (quote! { request.#limit }, format!("`{}`", p.limit.rust_name)),
    };
    // The walk counts in `i64`; an `i32` page size is widened.
    let narrow = op.params.iter().any(|param| param.rust_name == p.limit.rust_name && param.ty == TypeRef::Integer { bits: 32 });
    let page_size = if narrow { quote! { i64::from(#size) } } else { size };
    let count = match p.items.as_slice() {
        [] => quote! { page.len() },
        steps if steps.iter().all(|s| !s.optional) => {
            let fields = steps.iter().map(|s| ident(&s.field));
            quote! { page #( .#fields )* .len() }
        }
        steps => {
            let chain = reach(steps);
            quote! { #chain.map_or(0, |v| v.len()) }
        }
    };
    let slot = |param: &PageParam| {
        let field = ident(&param.rust_name);
        if param.required {
            quote! { &mut request.#field }
        } else {
            quote! { request.#field.get_or_insert(0) }
        }
    };
    let (start, advance, how) = match &p.next {
        PageStep::Offset(param) => {
            let slot = slot(param);
            (None, quote! { transport::step_forward(#slot, count) }, format!("moves `{}` past the items received", param.rust_name))
        }
        PageStep::Number(param) => {
            let field = ident(&param.rust_name);
            let start = (!param.required).then(|| quote! { request.#field.get_or_insert(0); });
            let slot = slot(param);
            (start, quote! { transport::step_forward(#slot, 1) }, format!("asks for page `{}` (0 when unset), then the next one", param.rust_name))
        }
        PageStep::Cursor { param, path } => {
            let field = ident(&param.rust_name);
            let set = if param.required { quote! { cursor.clone() } } else { quote! { ::std::option::Option::Some(cursor.clone()) } };
            let cursor = reach(path);
            let advance = quote! {
                match #cursor {
                    ::std::option::Option::Some(cursor) => {
                        request.#field = #set;
                        true
                    }
                    ::std::option::Option::None => false,
                }
            };
            (None, advance, format!("sends the cursor each page holds as `{}`, until a page has none", param.rust_name))
        }
    };
    let doc = docs(&format!(
        "Every page of [`{}`](Self::{}): sends the request with a page size of {size_doc}, {how}, and stops after a page with fewer items than the page size.\n\nThe stream ends after the first error; a status other than the success one is [`Error::Status`].",
        op.rust_name, op.rust_name
    ));
    // The request is changed before the walk only to fill in an unset page
    // size or page number.
    let fills_in = (p.default_limit.is_some() && !p.limit.required) || start.is_some();
    let request_arg = if fills_in { quote! { mut request } } else { quote! { request } };
    // What the step reads: the page (a cursor) or the item count (an offset).
    let (page_arg, count_arg) = match &p.next {
        PageStep::Offset(_) => (quote! { _ }, quote! { count }),
        PageStep::Number(_) => (quote! { _ }, quote! { _ }),
        PageStep::Cursor { .. } => (quote! { page }, quote! { _ }),
    };
    Some(quote! {
        #doc
        #gate
        pub fn #name(&self, #request_arg: #module::Request) -> impl ::futures_util::Stream<Item = ::std::result::Result<#page_ty, Error>> + '_ {
            /// Moves the request to the page after `page`, which held `count` items.
            fn next_page(request: &mut #module::Request, #page_arg: &#page_ty, #count_arg: usize) -> bool {
                #advance
            }
            let page_size = #page_size;
            #start
            transport::paginate(request, page_size, move |request| async move {
                request.validate()?;
                let response = self.send(#module::Request::PATH, #module::Request::OPERATION_ID, request.to_http_request(&self.base_url)?).await?;
                match #module::Response::from_http_response(&response) {
                    ::std::result::Result::Ok(#module::Response::#variant(page)) => {
                        let count = #count;
                        ::std::result::Result::Ok((page, count))
                    }
                    ::std::result::Result::Ok(_) => ::std::result::Result::Err(Error::unexpected(response)),
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(Error::decode(response, e)),
                }
            }, next_page)
        }
    })
}

/// `Some(&page.a.b)`, through the `Option`s of optional steps: `None` when
/// one is absent. (`page` may be the page or a reference to it.)
fn reach(steps: &[PathStep]) -> TokenStream {
    let mut chain: Option<TokenStream> = None;
    for step in steps {
        let field = ident(&step.field);
        chain = Some(match (chain, step.optional) {
            (None, true) => quote! { page.#field.as_ref() },
            (None, false) => quote! { ::std::option::Option::Some(&page.#field) },
            (Some(chain), true) => quote! { #chain.and_then(|v| v.#field.as_ref()) },
            (Some(chain), false) => quote! { #chain.map(|v| &v.#field) },
        });
    }
    chain.unwrap_or_else(|| quote! { ::std::option::Option::Some(page) })
}
