//! Bearer tokens from a [`TokenProvider`] (`oauth2`, `openIdConnect` and
//! HTTP `bearer` schemes): a value computed on each request, or one fetched
//! and refreshed, as [`ClientCredentials`] does for OAuth 2's client
//! credentials grant. Emitted only when the spec has such a scheme.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::transport::{sensitive, Apply, Credential, Error, Outgoing, TokenError};
use crate::runtime::Scheme;

/// A future of a token, as [`TokenProvider::token`] returns it.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// Where a scheme's bearer token comes from, asked on every request that
/// sends it: keep the token and refresh it inside (as [`ClientCredentials`]
/// does). A closure returning a token (read from a file or a variable each
/// time) is one; an [`AccessToken`] is a fixed one.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F> TokenProvider for F
where
    F: Fn() -> Result<AccessToken, TokenError> + Send + Sync + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(self()))
    }
}

impl TokenProvider for AccessToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A bearer token, and when it expires if that is known. Never shown by `Debug`.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    obtained: Instant,
    expires: Option<Instant>,
}

impl AccessToken {
    /// A token that does not expire (or whose expiry is not known).
    pub fn new(secret: impl Into<String>) -> Self {
        Self { secret: secret.into(), obtained: Instant::now(), expires: None }
    }

    /// The token, expiring `lifetime` from now.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.obtained = Instant::now();
        self.expires = Some(self.obtained + lifetime);
        self
    }

    /// The token itself.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Whether it is still good `margin` from now; the margin is at most
    /// half its lifetime, so a short-lived token is still used.
    fn fresh(&self, margin: Duration) -> bool {
        self.expires.is_none_or(|expires| Instant::now() + margin.min((expires - self.obtained) / 2) < expires)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("secret", &"<redacted>").field("expires", &self.expires).finish()
    }
}

/// A token provider as the builder holds it: `Debug` names no token.
#[derive(Clone)]
pub(crate) struct Provider(Arc<dyn TokenProvider>);

impl Provider {
    pub(crate) fn new(provider: impl TokenProvider) -> Self {
        Self(Arc::new(provider))
    }
}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<token provider>")
    }
}

/// A scheme's credential from a provider.
pub(crate) fn provided(scheme: Scheme, provider: &Provider) -> Credential {
    Credential { scheme, value: Arc::new(provider.clone()) }
}

impl Apply for Provider {
    /// `Authorization: Bearer <token>`, the token asked for now; a token
    /// that cannot be a header value is an error naming the scheme.
    fn apply<'a>(&'a self, scheme: &'a Scheme, out: &'a mut Outgoing) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        Box::pin(async move {
            let failed = |source| Error::Token { scheme: scheme.name, source };
            let token = self.0.token().await.map_err(failed)?;
            let secret = token.secret.trim();
            let value = sensitive(&format!("Bearer {secret}"))
                .filter(|_| !secret.is_empty() && secret.bytes().all(|b| b.is_ascii_graphic()))
                .ok_or_else(|| failed(TokenError::new("the token is empty or holds a space, a control character or non-ASCII text")))?;
            out.headers.insert(http::header::AUTHORIZATION, value);
            Ok(())
        })
    }
}

/// OAuth 2's client credentials grant (RFC 6749, section 4.4): a token
/// fetched from the token URL with the client's id and secret (sent with
/// HTTP basic authentication, form-encoded first as section 2.3.1 asks),
/// kept, and fetched again when it is about to expire. Requests that need
/// a token while one is fetched wait for that one: one fetch, whatever the
/// number of requests. Cheap to clone; clones share the token.
#[derive(Clone)]
pub struct ClientCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    token_url: String,
    client_id: String,
    client_secret: String,
    scopes: Vec<String>,
    refresh_before: Duration,
    timeout: Duration,
    state: tokio::sync::Mutex<State>,
}

#[derive(Default)]
struct State {
    http: Option<reqwest::Client>,
    token: Option<AccessToken>,
}

impl ClientCredentials {
    /// A provider fetching tokens from `token_url` (the scheme's
    /// `flows.clientCredentials.tokenUrl`) for this client, with no scope,
    /// refreshing a token 30 seconds before it expires (or halfway through
    /// a shorter lifetime).
    pub fn new(token_url: impl Into<String>, client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            inner: Arc::new(Inner {
                token_url: token_url.into(),
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                scopes: Vec::new(),
                refresh_before: Duration::from_secs(30),
                timeout: Duration::from_secs(30),
                state: tokio::sync::Mutex::new(State::default()),
            }),
        }
    }

    /// The scopes to ask for (`scope`, space-separated).
    pub fn scopes<S: Into<String>>(self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.with(|inner| inner.scopes = scopes.into_iter().map(Into::into).collect())
    }

    /// Fetches tokens from another URL than the one given (the spec's, with
    /// a `for_<scheme>` constructor): a staging environment, a test server.
    pub fn token_url(self, token_url: impl Into<String>) -> Self {
        self.with(|inner| inner.token_url = token_url.into())
    }

    /// How long before its expiry a token is fetched again.
    pub fn refresh_before(self, margin: Duration) -> Self {
        self.with(|inner| inner.refresh_before = margin)
    }

    /// How long fetching a token may take (30 seconds unless set).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.with(|inner| inner.timeout = timeout)
    }

    fn with(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            token_url: shared.token_url.clone(),
            client_id: shared.client_id.clone(),
            client_secret: shared.client_secret.clone(),
            scopes: shared.scopes.clone(),
            refresh_before: shared.refresh_before,
            timeout: shared.timeout,
            state: tokio::sync::Mutex::new(State::default()),
        });
        change(&mut inner);
        Self { inner: Arc::new(inner) }
    }

    /// A new token from the token URL.
    async fn fetch(&self, client: &reqwest::Client) -> Result<AccessToken, TokenError> {
        let inner = &*self.inner;
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        if !inner.scopes.is_empty() {
            form.push(("scope", inner.scopes.join(" ")));
        }
        let encode = |text: &str| form_urlencoded(text);
        let response = client
            .post(&inner.token_url)
            .basic_auth(encode(&inner.client_id), Some(encode(&inner.client_secret)))
            .header(http::header::ACCEPT, "application/json")
            .form(&form)
            .timeout(inner.timeout)
            .send()
            .await
            .map_err(TokenError::from_source)?;
        let status = response.status();
        let body = response.bytes().await.map_err(TokenError::from_source)?;
        #[derive(serde::Deserialize)]
        struct Answer {
            access_token: Option<String>,
            expires_in: Option<u64>,
            error: Option<String>,
        }
        let answer: Answer = serde_json::from_slice(&body)
            .map_err(|e| TokenError::new(format!("the token endpoint answered {status} with a body that is not a token response: {e}")))?;
        match answer {
            Answer { access_token: Some(token), expires_in, .. } if status.is_success() => {
                let token = AccessToken::new(token);
                Ok(match expires_in {
                    Some(seconds) => token.expires_in(Duration::from_secs(seconds)),
                    None => token,
                })
            }
            Answer { error, .. } => Err(TokenError::new(format!(
                "the token endpoint answered {status}{}",
                error.map(|e| format!(" ({e})")).unwrap_or_default()
            ))),
        }
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            // Held while fetching: requests that come meanwhile wait for
            // this fetch and take its token.
            let mut state = self.inner.state.lock().await;
            if let Some(token) = state.token.as_ref().filter(|t| t.fresh(self.inner.refresh_before)) {
                return Ok(token.clone());
            }
            let http = match &state.http {
                Some(http) => http.clone(),
                None => reqwest::Client::builder().build().map_err(TokenError::from_source)?,
            };
            state.http = Some(http.clone());
            let token = self.fetch(&http).await?;
            state.token = Some(token.clone());
            Ok(token)
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.inner.token_url)
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.inner.scopes)
            .finish()
    }
}

/// `application/x-www-form-urlencoded` text (spaces as `+`), as RFC 6749
/// asks of the client id and secret before basic authentication.
fn form_urlencoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
