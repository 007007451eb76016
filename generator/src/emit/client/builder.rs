//! The client's builder: a field and setter per variable of the first
//! server and per security scheme, `from_env` reading those the spec names an
//! environment variable for, and `build`, which checks them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{docs, ident};
use crate::ir::{Api, SecurityScheme, SentAs, ServerVariable};

/// The pieces of the builder that come from the spec.
#[derive(Default)]
struct Parts {
    /// Server variables' fields, and their defaults and keys' in `Default`.
    fields: Vec<TokenStream>,
    defaults: Vec<TokenStream>,
    setters: Vec<TokenStream>,
    /// `servers::base_url`'s arguments.
    url_args: Vec<TokenStream>,
    /// What `from_env` reads, and its docs' list of it.
    env_reads: Vec<TokenStream>,
    env_docs: Vec<String>,
    key_fields: Vec<TokenStream>,
    key_setters: Vec<TokenStream>,
    /// `build`'s check of each key.
    key_builds: Vec<TokenStream>,
}

/// `ClientBuilder`, its `Default` and its methods, and the `env_var` they use.
pub(super) fn builder(api: &Api) -> TokenStream {
    let server = api.servers.first();
    let mut parts = Parts::default();
    for var in server.map(|s| s.variables.as_slice()).unwrap_or_default() {
        server_variable(var, &mut parts);
    }
    for scheme in &api.security_schemes {
        key(scheme, &mut parts);
    }
    // The base URL set, else the spec's first server filled in.
    let url_args = &parts.url_args;
    let base_url = match server {
        Some(_) => quote! { self.base_url.clone().or_else(|| ::std::option::Option::Some(crate::servers::base_url( #( #url_args ),* ))) },
        None => quote! { self.base_url.clone() },
    };
    let env_var_fn = (!parts.env_reads.is_empty()).then(|| {
        quote! {
            /// An environment variable, when it is set to something other than blanks.
            fn env_var(name: &str) -> ::std::option::Option<::std::string::String> {
                ::std::env::var(name).ok().filter(|value| !value.trim().is_empty())
            }
        }
    });
    let Parts { fields, key_fields, defaults, .. } = &parts;
    let methods = methods(&parts, base_url, api.operations.iter().any(|op| op.reconnects()));
    quote! {
        /// Builds a [`Client`]. Credentials are checked by [`build`](Self::build).
        #[derive(Clone, Debug)]
        pub struct ClientBuilder {
            base_url: ::std::option::Option<::std::string::String>,
            #( #fields )*
            #( #key_fields )*
            timeout: ::std::time::Duration,
            retry: RetryPolicy,
            reconnect: Reconnect,
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self {
                    base_url: ::std::option::Option::None,
                    #( #defaults )*
                    timeout: DEFAULT_TIMEOUT,
                    retry: RetryPolicy::none(),
                    reconnect: Reconnect::none(),
                }
            }
        }

        #methods

        #env_var_fn
    }
}

/// `impl ClientBuilder`: the setters, `from_env` and `build`.
fn methods(parts: &Parts, base_url: TokenStream, reconnects: bool) -> TokenStream {
    let Parts { setters, key_setters, env_reads, env_docs, key_builds, .. } = parts;
    let from_env_doc = docs(&format!(
        "Reads what the environment sets: {}. Variables that are not set (or are empty) leave the builder as it is.",
        if env_docs.is_empty() { "nothing".to_owned() } else { env_docs.join(", ") }
    ));
    let from_env_mut = (!env_reads.is_empty()).then(|| quote! { mut });
    let credentials_binding = if key_builds.is_empty() {
        quote! { credentials }
    } else {
        quote! { mut credentials }
    };
    // Only a spec with an event stream that can reconnect has the setter.
    let reconnect = reconnects.then(|| {
        quote! {
            /// Whether and how event streams of GET operations connect again
            /// after their connection drops; never, unless set.
            pub fn reconnect(mut self, policy: Reconnect) -> Self {
                self.reconnect = policy;
                self
            }
        }
    });
    quote! {
        impl ClientBuilder {
            #( #setters )*

            /// Any base URL (a proxy, a test server, a site the spec does not
            /// list yet), instead of the spec's servers.
            pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.base_url = ::std::option::Option::Some(url.into());
                self
            }

            #( #key_setters )*

            /// How long a whole request may take (an event stream: how long it
            /// may take to start, and each chunk after); [`DEFAULT_TIMEOUT`] unless set.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// When to send a rate-limited request again; never, unless set.
            pub fn retry(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            #reconnect

            #from_env_doc
            pub fn from_env(#from_env_mut self) -> ::std::result::Result<Self, ConfigError> {
                #( #env_reads )*
                ::std::result::Result::Ok(self)
            }

            /// Checks the credentials and the base URL and builds the client.
            /// Never panics: a credential that cannot be sent where its scheme
            /// puts it is an error. Credentials are optional here: an operation
            /// none of whose security requirements can be met is an error when
            /// it is called, before anything is sent.
            pub fn build(self) -> ::std::result::Result<Client, ConfigError> {
                let #credentials_binding = ::std::vec::Vec::new();
                #( #key_builds )*
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
                    .build()
                    .map_err(ConfigError::Http)?;
                ::std::result::Result::Ok(Client {
                    transport: transport::Transport { http, timeout: self.timeout, credentials, retry: self.retry, reconnect: self.reconnect },
                    base_url,
                })
            }
        }
    }
}

/// A server variable: a field and setter (a string, or the enum of its
/// values); the environment fills it when it has `x-env-name`.
fn server_variable(var: &ServerVariable, parts: &mut Parts) {
    let field = ident(&var.field);
    let description = var.description.clone().unwrap_or_else(|| format!("The `{}` variable of the server URL.", var.name));
    if var.values.is_empty() {
        let default = &var.default;
        parts.fields.push(quote! { #field: ::std::string::String, });
        parts.defaults.push(quote! { #field: #default.to_owned(), });
        let doc = docs(&format!("{description}\n\nDefault: `{default}`. Ignored when a base URL is set."));
        parts.setters.push(quote! {
            #doc
            pub fn #field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#field = value.into();
                self
            }
        });
        parts.url_args.push(quote! { &self.#field });
        if let Some(env) = &var.env {
            parts.env_docs.push(format!("`{env}` (the server's `{}`)", var.name));
            parts.env_reads.push(quote! {
                if let ::std::option::Option::Some(value) = env_var(#env) {
                    self.#field = value;
                }
            });
        }
        return;
    }
    let ty = ident(&var.rust_name);
    parts.fields.push(quote! { #field: crate::servers::#ty, });
    parts.defaults.push(quote! { #field: ::std::default::Default::default(), });
    let doc = docs(&format!("{description}\n\nDefault: `{}`. Ignored when a base URL is set.", var.default));
    parts.setters.push(quote! {
        #doc
        pub fn #field(mut self, value: crate::servers::#ty) -> Self {
            self.#field = value;
            self
        }
    });
    parts.url_args.push(quote! { self.#field });
    if let Some(env) = &var.env {
        let values: Vec<String> = var.values.iter().map(|v| format!("`{}`", v.wire)).collect();
        parts.env_docs.push(format!("`{env}` (the server's `{}`: one of {})", var.name, values.join(", ")));
        parts.env_reads.push(quote! {
            if let ::std::option::Option::Some(value) = env_var(#env) {
                self.#field = value.parse().map_err(|e: crate::runtime::UnknownValue| ConfigError::InvalidEnv { var: #env, message: e.to_string() })?;
            }
        });
    }
}

/// A scheme's credential: a field and setter, read from the environment
/// when the scheme names a variable, checked by `build`.
fn key(scheme: &SecurityScheme, parts: &mut Parts) {
    let field = ident(&scheme.setter);
    let constant = ident(&scheme.constant);
    let sent = crate::emit::security::describe(scheme);
    let description = scheme.description.as_deref().unwrap_or(match scheme.sent_as {
        SentAs::Basic => "A user name and password.",
        SentAs::Bearer => "A token.",
        _ => "An API key.",
    });
    parts.defaults.push(quote! { #field: ::std::option::Option::None, });
    if scheme.sent_as == SentAs::Basic {
        let doc = docs(&format!(
            "{description}\n\nSent by requests whose operation's `security` asks for `{}`, as {sent}. The password is never shown by `Debug`.",
            scheme.key
        ));
        parts.key_fields.push(quote! { #field: ::std::option::Option<basic::Basic>, });
        parts.key_setters.push(quote! {
            #doc
            pub fn #field(mut self, user: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.#field = ::std::option::Option::Some(basic::Basic { user: user.into(), password: transport::Secret(password.into()) });
                self
            }
        });
        parts.key_builds.push(quote! {
            if let ::std::option::Option::Some(basic) = &self.#field {
                credentials.push(basic::basic(crate::security::#constant, basic)?);
            }
        });
        return;
    }
    let doc = docs(&format!(
        "{description}\n\nSent by requests whose operation's `security` asks for `{}`, as {sent}; surrounding whitespace is dropped. Never shown by `Debug`.",
        scheme.key
    ));
    parts.key_fields.push(quote! { #field: ::std::option::Option<transport::Secret>, });
    parts.key_setters.push(quote! {
        #doc
        pub fn #field(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.#field = ::std::option::Option::Some(transport::Secret(key.into()));
            self
        }
    });
    if let Some(env) = &scheme.env {
        parts.env_docs.push(format!("`{env}` (`{}`, sent as {sent})", scheme.key));
        parts.env_reads.push(quote! {
            if let ::std::option::Option::Some(key) = env_var(#env) {
                self.#field = ::std::option::Option::Some(transport::Secret(key));
            }
        });
    }
    let Some(provider_setter) = &scheme.provider_setter else {
        parts.key_builds.push(quote! {
            if let ::std::option::Option::Some(key) = &self.#field {
                credentials.push(keys::key(crate::security::#constant, key)?);
            }
        });
        return;
    };
    // A bearer token: fixed, or from a provider (which wins when both are set).
    let provider = ident(provider_setter);
    let doc = docs(&format!(
        "A token provider for `{}`: asked for the token on each request that sends it, so it can \
         refresh it ([`ClientCredentials`] fetches and refreshes OAuth 2 tokens). Used instead of a \
         token given to [`{field}`](Self::{field}).",
        scheme.key
    ));
    parts.defaults.push(quote! { #provider: ::std::option::Option::None, });
    parts.key_fields.push(quote! { #provider: ::std::option::Option<tokens::Provider>, });
    parts.key_setters.push(quote! {
        #doc
        pub fn #provider(mut self, provider: impl TokenProvider) -> Self {
            self.#provider = ::std::option::Option::Some(tokens::Provider::new(provider));
            self
        }
    });
    parts.key_builds.push(quote! {
        if let ::std::option::Option::Some(provider) = &self.#provider {
            credentials.push(tokens::provided(crate::security::#constant, provider));
        } else if let ::std::option::Option::Some(key) = &self.#field {
            credentials.push(keys::key(crate::security::#constant, key)?);
        }
    });
}
