//! What the client does on the wire, whatever the spec: credentials that
//! never show, one error type, waiting out rate limits, walking pages, and
//! (with the `tracing` feature) one span per request.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::runtime::{RequestError, ResponseError};
use crate::validate::ValidationError;

/// A key the client sends in a header. Its value never appears in `Debug`
/// output, and the header is marked sensitive so HTTP layers skip it too.
#[derive(Clone)]
pub(crate) struct ApiKey {
    header: &'static str,
    value: http::HeaderValue,
}

impl ApiKey {
    /// Surrounding whitespace (a key read from a file or pasted with its
    /// newline) is dropped; anything else that cannot go in a header is an
    /// error naming the header, never the key.
    pub(crate) fn new(header: &'static str, key: &Secret) -> Result<Self, ConfigError> {
        let key = key.0.trim();
        if key.is_empty() {
            return Err(ConfigError::EmptyKey { header });
        }
        // Keys are printable ASCII; `HeaderValue` would also take spaces and
        // raw non-ASCII bytes, which no server reads back as the same key.
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ConfigError::InvalidKey { header });
        }
        let mut value = http::HeaderValue::from_str(key).map_err(|_| ConfigError::InvalidKey { header })?;
        value.set_sensitive(true);
        Ok(Self { header, value })
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKey").field("header", &self.header).field("value", &"<redacted>").finish()
    }
}

/// A key held by the builder before it is checked: redacted in `Debug`.
#[derive(Clone, Default)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why a client could not be built. Messages name the header or variable
/// at fault, never a key.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// No key was given for a header the API needs.
    MissingKey {
        /// The header.
        header: &'static str,
        /// The environment variable [`from_env`](super::Client::from_env) reads it from.
        env: Option<&'static str>,
    },
    /// The key is empty (or only whitespace).
    EmptyKey {
        /// The header.
        header: &'static str,
    },
    /// The key has characters a key cannot have (a newline or space inside
    /// it, a control character, non-ASCII text).
    InvalidKey {
        /// The header.
        header: &'static str,
    },
    /// An environment variable holds a value the spec does not list.
    InvalidEnv {
        /// The variable.
        var: &'static str,
        /// What is wrong, with the values accepted.
        message: String,
    },
    /// The spec lists no server and no base URL was given.
    MissingBaseUrl,
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
    },
    /// The HTTP client could not be set up (its TLS backend failed to load).
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::MissingKey { header, env: Some(env) } => write!(f, "no key for the `{header}` header: set {env} or pass it to the builder"),
            ConfigError::MissingKey { header, env: None } => write!(f, "no key for the `{header}` header: pass it to the builder"),
            ConfigError::EmptyKey { header } => write!(f, "the key for the `{header}` header is empty"),
            ConfigError::InvalidKey { header } => {
                write!(f, "the key for the `{header}` header has characters a key cannot have (a newline, space or control character inside it, or non-ASCII text)")
            }
            ConfigError::InvalidEnv { var, message } => write!(f, "{var}: {message}"),
            ConfigError::MissingBaseUrl => write!(f, "no base URL: the spec lists no server, so pass one to the builder"),
            ConfigError::InvalidBaseUrl { url } => write!(f, "`{url}` is not an absolute http(s) URL"),
            ConfigError::Http(e) => write!(f, "cannot set up the HTTP client: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a call failed: the request broke a constraint or could not be built,
/// the server could not be reached in time, or it answered with a body that
/// does not match the spec (the status and raw body are kept).
///
/// A documented error status (404, 429, ...) is not an `Error`: it is a
/// variant of the operation's `Response`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a constraint of the spec; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built (a path parameter that cannot be
    /// encoded, a body that does not serialize); nothing was sent.
    Request(RequestError),
    /// No response: connection refused or reset, DNS, TLS, or the timeout.
    Transport(reqwest::Error),
    /// The server answered, but the body does not match the spec.
    Decode {
        /// The status received.
        status: http::StatusCode,
        /// The body, as received.
        body: Vec<u8>,
        /// What did not match, with its path.
        source: ResponseError,
    },
    /// A page walk got a status other than the success it needs.
    Status {
        /// The status received.
        status: http::StatusCode,
        /// The body, as received.
        body: Vec<u8>,
    },
}

impl Error {
    /// The status, when the server answered.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Decode { status, .. } | Error::Status { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The raw body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Decode { body, .. } | Error::Status { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }

    /// Whether the server could not be connected to.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// A short name of the kind of failure, as OpenTelemetry's `error.type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Request(_) => "request",
            Error::Transport(e) if e.is_timeout() => "timeout",
            Error::Transport(e) if e.is_connect() => "connect",
            Error::Transport(_) => "transport",
            Error::Decode { .. } => "decode",
            Error::Status { .. } => "status",
        }
    }

    pub(crate) fn decode(response: http::Response<Vec<u8>>, source: ResponseError) -> Self {
        let status = response.status();
        Error::Decode { status, body: response.into_body(), source }
    }

    /// Only page walkers (`x-pagination`) use it; a spec may have none.
    #[allow(dead_code)]
    pub(crate) fn unexpected(response: http::Response<Vec<u8>>) -> Self {
        let status = response.status();
        Error::Status { status, body: response.into_body() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid request: {e}"),
            Error::Request(e) => write!(f, "cannot build the request: {e}"),
            Error::Transport(e) if e.is_timeout() => write!(f, "the request timed out: {e}"),
            Error::Transport(e) => write!(f, "no response: {e}"),
            Error::Decode { source, .. } => write!(f, "{source}"),
            Error::Status { status, body } => write!(f, "status {status} ({} bytes of body) where a page was expected", body.len()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Request(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Status { .. } => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<RequestError> for Error {
    fn from(e: RequestError) -> Self {
        Error::Request(e)
    }
}

/// When to send a rate-limited (429) request again. Off by default.
///
/// The wait is what the server says: `Retry-After`, else
/// `X-RateLimit-Reset` (seconds until the limit resets), else one second.
/// A retry happens only while attempts remain and the wait fits in what is
/// left of the total wait; otherwise the 429 is returned as it is. Only
/// idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried
/// unless [`retry_non_idempotent`](Self::retry_non_idempotent) says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    max_total_wait: Duration,
    non_idempotent: bool,
}

impl RetryPolicy {
    /// Never retry: every response is returned as it comes (the default).
    pub const fn none() -> Self {
        Self { max_attempts: 1, max_total_wait: Duration::ZERO, non_idempotent: false }
    }

    /// Retry rate-limited idempotent requests: up to 3 attempts in all,
    /// waiting at most 60 seconds in all.
    pub const fn on_rate_limit() -> Self {
        Self { max_attempts: 3, max_total_wait: Duration::from_secs(60), non_idempotent: false }
    }

    /// How many attempts in all, the first one included (at least 1).
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The most time spent waiting between attempts, in all.
    pub const fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Whether to retry requests that are not idempotent (POST, PATCH):
    /// only when the server is known not to have acted on a 429.
    pub const fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1`, or `None` to stop.
    fn wait(&self, attempt: u32, waited: Duration, idempotent: bool, headers: &http::HeaderMap) -> Option<Duration> {
        if attempt >= self.max_attempts || !(idempotent || self.non_idempotent) {
            return None;
        }
        let seconds = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let wait = Duration::from_secs(seconds("retry-after").or_else(|| seconds("x-ratelimit-reset")).unwrap_or(1));
        (waited + wait <= self.max_total_wait).then_some(wait)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// What the transport knows of the operation it sends: the keys it needs,
/// and (for the span of the `tracing` feature) what it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Operation {
    /// The path template (`url.template` in traces).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) path: &'static str,
    /// The `operationId`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) id: &'static str,
    /// The headers of the keys its `security` asks for: only those are sent.
    pub(crate) keys: &'static [&'static str],
}

/// The HTTP client, the keys and the retry policy.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) keys: Vec<ApiKey>,
    pub(crate) retry: RetryPolicy,
}

impl Transport {
    /// Sends a request with the keys the operation asks for, waiting out
    /// rate limits as the policy allows, and reads the whole response.
    pub(crate) async fn send(&self, operation: Operation, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = span(operation, &request);
            let result = self.send_with_retries(operation.keys, request).instrument(span.clone()).await;
            match &result {
                Ok((response, resends)) => {
                    span.record("http.response.status_code", response.status().as_u16());
                    span.record("http.request.resend_count", resends);
                    if response.status().is_client_error() || response.status().is_server_error() {
                        span.record("error.type", response.status().as_str());
                    }
                }
                Err(e) => {
                    if let Some(status) = e.status() {
                        span.record("http.response.status_code", status.as_u16());
                    }
                    span.record("error.type", e.kind());
                }
            }
            result.map(|(response, _)| response)
        }
        #[cfg(not(feature = "tracing"))]
        {
            self.send_with_retries(operation.keys, request).await.map(|(response, _)| response)
        }
    }

    /// The response and how many times the request was sent again.
    async fn send_with_retries(&self, keys: &[&str], request: http::Request<Vec<u8>>) -> Result<(http::Response<Vec<u8>>, u32), Error> {
        let (parts, body) = request.into_parts();
        let idempotent = matches!(
            parts.method,
            http::Method::GET | http::Method::HEAD | http::Method::PUT | http::Method::DELETE | http::Method::OPTIONS | http::Method::TRACE
        );
        let url = parts.uri.to_string();
        let mut attempt = 1;
        let mut waited = Duration::ZERO;
        loop {
            let mut builder = self.http.request(parts.method.clone(), &url).headers(parts.headers.clone()).body(body.clone());
            for key in self.keys.iter().filter(|key| keys.contains(&key.header)) {
                builder = builder.header(key.header, key.value.clone());
            }
            let response = builder.send().await.map_err(Error::Transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response.bytes().await.map_err(Error::Transport)?;
            if status == http::StatusCode::TOO_MANY_REQUESTS {
                if let Some(wait) = self.retry.wait(attempt, waited, idempotent, &headers) {
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                    continue;
                }
            }
            let mut out = http::Response::new(bytes.to_vec());
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            return Ok((out, attempt - 1));
        }
    }
}

/// The span of one request, after OpenTelemetry's HTTP client conventions.
/// It records the method, the path template and the server, never the
/// full URL (it may carry IDs), a header or a body.
#[cfg(feature = "tracing")]
fn span(operation: Operation, request: &http::Request<Vec<u8>>) -> tracing::Span {
    let method = request.method().as_str();
    let uri = request.uri();
    let port = uri.port_u16().unwrap_or(if uri.scheme_str() == Some("http") { 80 } else { 443 });
    tracing::info_span!(
        "http.client.request",
        otel.name = %format_args!("{method} {}", operation.path),
        otel.kind = "client",
        http.request.method = method,
        url.template = operation.path,
        server.address = uri.host().unwrap_or_default(),
        server.port = port,
        operation.id = operation.id,
        http.response.status_code = tracing::field::Empty,
        http.request.resend_count = tracing::field::Empty,
        error.type = tracing::field::Empty,
    )
}

/// Walks a listing (`x-pagination`): fetches the request's page, yields it,
/// and moves the request to the next page (`advance`, given the page and
/// how many items it holds) until a page holds fewer than `page_size` items
/// (the last page, as Datadog's clients tell it; an empty page too),
/// `advance` finds no next page, or a fetch fails (its error is the last
/// item). Only page walkers use it; a spec may have none.
#[allow(dead_code)]
pub(crate) fn paginate<'a, Req, Page, Fut>(
    request: Req,
    page_size: i64,
    mut fetch: impl FnMut(Req) -> Fut + 'a,
    advance: fn(&mut Req, &Page, usize) -> bool,
) -> impl futures_util::Stream<Item = Result<Page, Error>> + 'a
where
    Req: Clone + 'a,
    Page: 'a,
    Fut: Future<Output = Result<(Page, usize), Error>> + 'a,
{
    futures_util::stream::unfold(Some(request), move |state| {
        let next = state.map(|request| (fetch(request.clone()), request));
        async move {
            let (page, mut request) = next?;
            match page.await {
                Err(e) => Some((Err(e), None)),
                Ok((page, count)) => {
                    let full = count > 0 && i64::try_from(count).map_or(true, |count| count >= page_size);
                    let more = full && advance(&mut request, &page, count);
                    Some((Ok(page), more.then_some(request)))
                }
            }
        }
    })
}

/// Adds `by` to a page walk's offset or page number, whatever its integer
/// type; `false` (and the value unchanged) when the sum does not fit, which
/// ends the walk. Only page walkers use it; a spec may have none.
#[allow(dead_code)]
pub(crate) fn step_forward<T: Copy + Into<i64> + TryFrom<i64>>(value: &mut T, by: usize) -> bool {
    let next = i64::try_from(by).ok().and_then(|by| (*value).into().checked_add(by)).and_then(|next| T::try_from(next).ok());
    next.map(|next| *value = next).is_some()
}
