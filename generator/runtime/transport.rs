//! What the client does on the wire, whatever the spec: credentials that
//! never show, one error type, waiting out rate limits, walking pages, and
//! (with the `tracing` feature) one span per request.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use crate::runtime::{choose_requirement, MissingCredentials, RequestError, ResponseError, Scheme};
use crate::validate::ValidationError;

/// A credential the client sends: an API key, a bearer token, or a user
/// name and password, checked when the client was built. Its value never
/// appears in `Debug` output, and the headers that carry it are marked
/// sensitive so HTTP layers skip them too. How each kind goes on a request
/// lives in a file of its own (`keys.rs`, `basic.rs`, `tokens.rs`), emitted only when
/// the spec has a scheme of that kind.
#[derive(Clone)]
pub(crate) struct Credential {
    pub(crate) scheme: Scheme,
    pub(crate) value: std::sync::Arc<dyn Apply>,
}

/// One kind of credential: puts itself on a request.
pub(crate) trait Apply: Send + Sync {
    /// Adds the credential to the request's headers or query.
    fn apply<'a>(&'a self, scheme: &'a Scheme, out: &'a mut Outgoing) -> std::pin::Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;
}

/// What credentials add to a request before it is sent.
#[derive(Debug, Default)]
pub(crate) struct Outgoing {
    /// The request's headers, with the credentials' added.
    pub(crate) headers: http::HeaderMap,
    /// Query parameters appended to the request's own, encoded when sent.
    pub(crate) query: Vec<(&'static str, String)>,
}

/// A header value marked sensitive, or `None` when `text` cannot be one.
pub(crate) fn sensitive(text: &str) -> Option<http::HeaderValue> {
    let mut value = http::HeaderValue::from_str(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential").field("scheme", &self.scheme).field("value", &"<redacted>").finish()
    }
}

/// A key, token or password held by the builder before it is checked:
/// redacted in `Debug`.
#[derive(Clone, Default)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Why a token provider has no token. Its message never holds a secret.
#[derive(Debug)]
pub struct TokenError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TokenError {
    /// An error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// An error caused by `source` (an HTTP failure, ...).
    pub fn from_source(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self { message: source.to_string(), source: Some(Box::new(source)) }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Why a client could not be built. Messages name the scheme or variable
/// at fault, never a credential.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The credential given for a scheme is empty (or only whitespace).
    EmptyCredential {
        /// The scheme's key in `components.securitySchemes`.
        scheme: &'static str,
    },
    /// The credential given for a scheme cannot be sent where the scheme
    /// puts it (a newline or space inside a header's key, ...).
    InvalidCredential {
        /// The scheme's key in `components.securitySchemes`.
        scheme: &'static str,
        /// What it cannot hold.
        reason: &'static str,
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
            ConfigError::EmptyCredential { scheme } => write!(f, "the credential for security scheme `{scheme}` is empty"),
            ConfigError::InvalidCredential { scheme, reason } => write!(f, "the credential for security scheme `{scheme}` has what it cannot have: {reason}"),
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
    /// The client has no credentials for any of the operation's security
    /// requirements; nothing was sent.
    Credentials(MissingCredentials),
    /// The token provider of a scheme failed (a token endpoint refused the
    /// client or could not be reached); nothing was sent.
    Token {
        /// The scheme's key in `components.securitySchemes`.
        scheme: &'static str,
        /// Why.
        source: TokenError,
    },
    /// The request could not be built (a path parameter that cannot be
    /// encoded, a body that does not serialize); nothing was sent.
    Request(RequestError),
    /// No response: connection refused or reset, DNS, TLS, or the timeout.
    Transport(reqwest::Error),
    /// A stream (of events, lines or bytes) sent nothing for this long (the
    /// client's timeout).
    Idle(Duration),
    /// An event stream could not be read: it ended inside an event, had a
    /// line longer than the bound, or an event whose data does not match
    /// the spec (the stream goes on after such an event).
    Events(crate::runtime::EventStreamError),
    /// A stream of JSON lines could not be read: a line that does not
    /// match the spec (the stream goes on after it), a body cut inside a
    /// line, or a line longer than the bound. It names the line.
    Lines(crate::runtime::LineStreamError),
    /// The server answered, but the body does not match the spec.
    Decode {
        /// The status received.
        status: http::StatusCode,
        /// The body, as received.
        body: Vec<u8>,
        /// What did not match, with its path.
        source: ResponseError,
    },
    /// A page walk or an event stream got a status other than the success
    /// it needs (read the body with the operation's `Response`).
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
        matches!(self, Error::Transport(e) if e.is_timeout()) || matches!(self, Error::Idle(_))
    }

    /// Whether the server could not be connected to.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect())
    }

    /// A short name of the kind of failure, as OpenTelemetry's `error.type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::Credentials(_) => "credentials",
            Error::Token { .. } => "token",
            Error::Request(_) => "request",
            Error::Transport(e) if e.is_timeout() => "timeout",
            Error::Idle(_) => "timeout",
            Error::Events(_) => "events",
            Error::Lines(_) => "lines",
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

    /// Only page walkers (`x-pagination`) and event streams use it; a spec may have none.
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
            Error::Credentials(e) => write!(f, "{e}"),
            Error::Token { scheme, source } => write!(f, "no token for security scheme `{scheme}`: {source}"),
            Error::Request(e) => write!(f, "cannot build the request: {e}"),
            Error::Transport(e) if e.is_timeout() => write!(f, "the request timed out: {e}"),
            Error::Idle(after) => write!(f, "the event stream sent nothing for {after:?}"),
            Error::Events(e) => write!(f, "{e}"),
            Error::Lines(e) => write!(f, "{e}"),
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
            Error::Credentials(e) => Some(e),
            Error::Token { source, .. } => Some(source),
            Error::Request(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Idle(_) => None,
            Error::Events(e) => Some(e),
            Error::Lines(e) => Some(e),
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

/// Whether and how a typed event stream (`*_events`) connects again after
/// its connection drops, as browsers' `EventSource` does. Off by default.
///
/// Only streams of GET operations without a request body reconnect (the
/// request is sent again as it was, with `Last-Event-ID` set to the last
/// event ID received, when there was one); a stream of any other operation
/// ends as it would without a policy. The connection drops when the body
/// ends without the `[DONE]` event (a server that has no more to send says
/// so by answering a reconnect with 204 No Content), is cut inside an event
/// (that event is dropped, not an error), fails, or sends nothing for the
/// client's timeout. Before each reconnect the stream waits the `retry`
/// the server last sent (at most [`max_wait`](Self::max_wait)), else
/// [`wait`](Self::wait). After [`max_attempts`](Self::max_attempts)
/// reconnects in a row without an event between them, the stream ends with
/// the error of the last one (or the drop). A reconnect answered with a
/// status other than 2XX ends it with [`Error::Status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reconnect {
    max_attempts: u32,
    wait: Duration,
    max_wait: Duration,
}

impl Reconnect {
    /// Never reconnect: a dropped stream ends (the default).
    pub const fn none() -> Self {
        Self { max_attempts: 0, wait: Duration::from_secs(3), max_wait: Duration::from_secs(60) }
    }

    /// Reconnect up to 3 times in a row, waiting the server's `retry` (at
    /// most 60 s), else 3 s.
    pub const fn on_drop() -> Self {
        Self { max_attempts: 3, ..Self::none() }
    }

    /// How many reconnects in a row, without an event received between
    /// them, before the stream gives up (0: never reconnect).
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The wait before a reconnect when the server sent no `retry`.
    pub const fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// The longest wait before a reconnect, whatever `retry` the server sent.
    pub const fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// The wait before a reconnect, given the server's last `retry` (ms).
    fn delay(&self, retry: Option<u64>) -> Duration {
        let wait = retry.map_or(self.wait, Duration::from_millis);
        if wait > self.max_wait {
            self.max_wait
        } else {
            wait
        }
    }
}

impl Default for Reconnect {
    fn default() -> Self {
        Self::none()
    }
}

/// What a reconnecting event stream sends again: the request as it was
/// first sent, through the same transport. Only event streams of GET
/// operations use it; a spec may have none.
#[allow(dead_code)]
pub(crate) struct Resend {
    transport: Transport,
    operation: Operation,
    request: http::Request<Vec<u8>>,
}

#[allow(dead_code)]
impl Resend {
    /// What to send again, when the client reconnects (`None` when its
    /// policy is [`Reconnect::none`]).
    pub(crate) fn new(transport: &Transport, operation: Operation, request: &http::Request<Vec<u8>>) -> Option<Self> {
        (transport.reconnect.max_attempts > 0).then(|| Self { transport: transport.clone(), operation, request: copy(request, None) })
    }

    /// Sends the request again, with `Last-Event-ID` when an ID was received.
    async fn send(&self, last_id: Option<&str>) -> Result<reqwest::Response, Error> {
        self.transport.send_streaming(self.operation, copy(&self.request, last_id.filter(|id| !id.is_empty()))).await
    }
}

/// A copy of a request, with `Last-Event-ID` set when given one.
fn copy(request: &http::Request<Vec<u8>>, last_id: Option<&str>) -> http::Request<Vec<u8>> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    if let Some(value) = last_id.and_then(|id| http::HeaderValue::from_str(id).ok()) {
        copy.headers_mut().insert("last-event-id", value);
    }
    copy
}

/// What the transport knows of the operation it sends: the credentials it needs,
/// and (for the span of the `tracing` feature) what it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Operation {
    /// The path template (`url.template` in traces).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) path: &'static str,
    /// The `operationId`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) id: &'static str,
    /// Its security requirements (`Request::SECURITY`): only the
    /// credentials of the one chosen are sent.
    pub(crate) security: &'static [&'static [Scheme]],
}

/// The HTTP client, the credentials and the retry policy.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    /// How long a whole request may take; for an event stream, how long
    /// the response may take to start and then to send each chunk.
    pub(crate) timeout: Duration,
    pub(crate) credentials: Vec<Credential>,
    pub(crate) retry: RetryPolicy,
    /// When an event stream connects again.
    pub(crate) reconnect: Reconnect,
}

impl Transport {
    /// Sends a request with the credentials the operation asks for (an
    /// error, nothing sent, when none of its requirements can be met),
    /// waiting out rate limits as the policy allows, and reads the whole
    /// response.
    pub(crate) async fn send(&self, operation: Operation, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, Error> {
        let (response, _) = self.traced(operation, request, Some(self.timeout)).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(Error::Transport)?;
        let mut out = http::Response::new(bytes.to_vec());
        *out.status_mut() = status;
        *out.headers_mut() = headers;
        Ok(out)
    }

    /// Sends a request as [`send`](Self::send) does but leaves the body to
    /// be read as it comes: the response must start within the timeout,
    /// not end.
    #[allow(dead_code)]
    pub(crate) async fn send_streaming(&self, operation: Operation, request: http::Request<Vec<u8>>) -> Result<reqwest::Response, Error> {
        match tokio::time::timeout(self.timeout, self.traced(operation, request, None)).await {
            Ok(result) => result.map(|(response, _)| response),
            Err(_) => Err(Error::Idle(self.timeout)),
        }
    }

    /// The response (its body unread) and how many times the request was sent again, in a span.
    async fn traced(&self, operation: Operation, request: http::Request<Vec<u8>>, timeout: Option<Duration>) -> Result<(reqwest::Response, u32), Error> {
        let schemes = choose_requirement(operation.security, |scheme| self.credentials.iter().any(|c| c.scheme == *scheme)).map_err(Error::Credentials)?;
        let credentials: Vec<&Credential> = self.credentials.iter().filter(|c| schemes.contains(&c.scheme)).collect();
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument as _;
            let span = span(operation, &request);
            let result = self.send_with_retries(&credentials, request, timeout).instrument(span.clone()).await;
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
            result
        }
        #[cfg(not(feature = "tracing"))]
        {
            self.send_with_retries(&credentials, request, timeout).await
        }
    }

    /// The response and how many times the request was sent again.
    async fn send_with_retries(
        &self,
        credentials: &[&Credential],
        request: http::Request<Vec<u8>>,
        timeout: Option<Duration>,
    ) -> Result<(reqwest::Response, u32), Error> {
        let (parts, body) = request.into_parts();
        let idempotent = matches!(
            parts.method,
            http::Method::GET | http::Method::HEAD | http::Method::PUT | http::Method::DELETE | http::Method::OPTIONS | http::Method::TRACE
        );
        let url = parts.uri.to_string();
        let mut out = Outgoing { headers: parts.headers, query: Vec::new() };
        for credential in credentials {
            credential.value.apply(&credential.scheme, &mut out).await?;
        }
        let mut attempt = 1;
        let mut waited = Duration::ZERO;
        loop {
            let mut builder = self.http.request(parts.method.clone(), &url).headers(out.headers.clone()).body(body.clone());
            if !out.query.is_empty() {
                builder = builder.query(&out.query);
            }
            if let Some(timeout) = timeout {
                builder = builder.timeout(timeout);
            }
            let response = builder.send().await.map_err(Error::Transport)?;
            if response.status() == http::StatusCode::TOO_MANY_REQUESTS {
                if let Some(wait) = self.retry.wait(attempt, waited, idempotent, response.headers()) {
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                    continue;
                }
            }
            return Ok((response, attempt - 1));
        }
    }
}

/// The body of a response, chunk by chunk as it arrives: never held whole.
/// A transport failure or `idle` without a chunk end the stream after the
/// error. Only operations with binary responses use it; a spec may have none.
#[allow(dead_code)]
pub(crate) fn chunks(response: reqwest::Response, idle: Duration) -> impl futures_util::Stream<Item = Result<bytes::Bytes, Error>> {
    futures_util::stream::unfold(Some(response), move |response| async move {
        let mut response = response?;
        match tokio::time::timeout(idle, response.chunk()).await {
            Ok(Ok(Some(chunk))) => Some((Ok(chunk), Some(response))),
            Ok(Ok(None)) => None,
            Ok(Err(e)) => Some((Err(Error::Transport(e)), None)),
            Err(_) => Some((Err(Error::Idle(idle)), None)),
        }
    })
}

/// The events of a `text/event-stream` response, each `data` read as `T`,
/// as they come: a stream that ends after the `[DONE]` sentinel or the
/// body's end. An event whose data does not match is an error and the
/// stream goes on; a body cut inside an event, a line longer than the
/// bound, a transport failure or `idle` without a chunk end it after the
/// error, unless `resend` reconnects it (see [`Reconnect`]). Only
/// operations with event streams use it; a spec may have none.
#[allow(dead_code)]
pub(crate) fn events<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    idle: Duration,
    resend: Option<Resend>,
) -> impl futures_util::Stream<Item = Result<T, Error>> {
    use crate::runtime::EventReader;
    struct State<T> {
        response: Option<reqwest::Response>,
        reader: EventReader<T, bytes::Bytes>,
        resend: Option<Resend>,
        /// Reconnects since the last event.
        attempts: u32,
    }
    let state = State { response: Some(response), reader: EventReader::new(), resend, attempts: 0 };
    futures_util::stream::unfold(Some(state), move |state| async move {
        let mut state = state?;
        loop {
            if let Some(item) = state.reader.next_item() {
                state.attempts = 0;
                return Some((item.map_err(Error::Events), Some(state)));
            }
            if state.reader.is_done() {
                return None;
            }
            let response = state.response.as_mut()?;
            let dropped = match tokio::time::timeout(idle, response.chunk()).await {
                Ok(Ok(Some(chunk))) => {
                    state.reader.feed(chunk);
                    continue;
                }
                Ok(Ok(None)) => state.reader.finish().err().map(Error::Events),
                Ok(Err(e)) => Some(Error::Transport(e)),
                Err(_) => Some(Error::Idle(idle)),
            };
            state.response = None;
            let Some(resend) = &state.resend else { return dropped.map(|e| (Err(e), None)) };
            let mut error = dropped;
            loop {
                if state.attempts >= resend.transport.reconnect.max_attempts {
                    return error.map(|e| (Err(e), None));
                }
                state.attempts += 1;
                tokio::time::sleep(resend.transport.reconnect.delay(state.reader.decoder().retry())).await;
                state.reader.reconnected();
                match resend.send(state.reader.decoder().last_event_id()).await {
                    // The server has no more to send (as the standard says).
                    Ok(response) if response.status() == http::StatusCode::NO_CONTENT => return None,
                    Ok(response) if response.status().is_success() => {
                        state.response = Some(response);
                        break;
                    }
                    Ok(response) => {
                        let status = response.status();
                        let body = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
                        return Some((Err(Error::Status { status, body }), None));
                    }
                    Err(e) => error = Some(e),
                }
            }
        }
    })
}

/// The items of a stream of JSON lines (or json-seq records), each read as
/// `T`, as they come: a stream that ends with the body. A line that does
/// not match is an error and the stream goes on; a body cut inside a line,
/// a line longer than the bound, a transport failure or `idle` without a
/// chunk end it after the error. Only operations with such streams use it;
/// a spec may have none.
#[allow(dead_code)]
pub(crate) fn lines<T: serde::de::DeserializeOwned>(
    response: reqwest::Response,
    idle: Duration,
    framing: crate::runtime::Framing,
) -> impl futures_util::Stream<Item = Result<T, Error>> {
    use crate::runtime::LineReader;
    struct State<T> {
        response: Option<reqwest::Response>,
        reader: LineReader<T, bytes::Bytes>,
    }
    let state = State { response: Some(response), reader: LineReader::new(framing) };
    futures_util::stream::unfold(Some(state), move |state| async move {
        let mut state = state?;
        loop {
            if let Some(item) = state.reader.next_item() {
                return Some((item.map_err(Error::Lines), Some(state)));
            }
            if state.reader.is_done() {
                return None;
            }
            let response = state.response.as_mut()?;
            match tokio::time::timeout(idle, response.chunk()).await {
                Ok(Ok(Some(chunk))) => state.reader.feed(chunk),
                Ok(Ok(None)) => {
                    state.response = None;
                    state.reader.end();
                }
                Ok(Err(e)) => return Some((Err(Error::Transport(e)), None)),
                Err(_) => return Some((Err(Error::Idle(idle)), None)),
            }
        }
    })
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
pub(crate) fn step_forward<T: Copy + Into<i128> + TryFrom<i128>>(value: &mut T, by: usize) -> bool {
    let next = i128::try_from(by).ok().and_then(|by| (*value).into().checked_add(by)).and_then(|next| T::try_from(next).ok());
    next.map(|next| *value = next).is_some()
}
