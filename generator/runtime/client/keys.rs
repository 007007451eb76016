//! API keys (in a header, the query or a cookie) and fixed bearer tokens:
//! checked once when the client is built, added as they are to each request
//! that needs them. Emitted only when the spec has such a scheme.

use std::future::Future;
use std::pin::Pin;

use super::transport::{sensitive, Apply, ConfigError, Credential, Error, Outgoing, Secret};
use crate::runtime::{Scheme, SentAs};

/// A key or token, ready to go where its scheme puts it.
enum Key {
    /// A header's whole value: an API key in a header, or `Bearer <token>`.
    Header(http::HeaderValue),
    /// An API key in the query (encoded when sent) or a cookie (checked).
    Text(String),
}

/// An API key or a fixed token. Surrounding whitespace (a key read from a
/// file or pasted with its newline) is dropped; anything else that cannot be
/// sent where the scheme puts it is an error naming the scheme, never the key.
pub(crate) fn key(scheme: Scheme, key: &Secret) -> Result<Credential, ConfigError> {
    let key = key.0.trim();
    if key.is_empty() {
        return Err(ConfigError::EmptyCredential { scheme: scheme.name });
    }
    let invalid = |reason| ConfigError::InvalidCredential { scheme: scheme.name, reason };
    // Keys are printable ASCII; `HeaderValue` would also take spaces and
    // raw non-ASCII bytes, which no server reads back as the same key.
    let printable = key.bytes().all(|b| b.is_ascii_graphic());
    let value = match scheme.sent_as {
        // A query parameter's value is percent-encoded: any text goes.
        SentAs::Query(_) => Key::Text(key.to_owned()),
        _ if !printable => return Err(invalid("a newline, space or control character inside it, or non-ASCII text")),
        SentAs::Cookie(_) if key.contains([';', ',', '"', '\\']) => return Err(invalid("`;`, `,`, `\"` or `\\`, which a cookie cannot hold")),
        SentAs::Cookie(_) => Key::Text(key.to_owned()),
        SentAs::Bearer => Key::Header(sensitive(&format!("Bearer {key}")).ok_or_else(|| invalid("not a header value"))?),
        SentAs::Header(name) if http::HeaderName::from_bytes(name.as_bytes()).is_err() => return Err(invalid("nothing: the spec's header name is not one HTTP allows")),
        _ => Key::Header(sensitive(key).ok_or_else(|| invalid("not a header value"))?),
    };
    Ok(Credential { scheme, value: std::sync::Arc::new(value) })
}

impl Apply for Key {
    /// An API key in its header, the query or the `Cookie` header (beside
    /// the request's own cookies, one header as RFC 6265 asks); a bearer
    /// token in `Authorization`.
    fn apply<'a>(&'a self, scheme: &'a Scheme, out: &'a mut Outgoing) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        match (&scheme.sent_as, self) {
            (SentAs::Query(name), Key::Text(key)) => out.query.push((name, key.clone())),
            (SentAs::Cookie(name), Key::Text(key)) => {
                let cookie = match out.headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()) {
                    Some(cookies) if !cookies.is_empty() => format!("{cookies}; {name}={key}"),
                    _ => format!("{name}={key}"),
                };
                if let Some(value) = sensitive(&cookie) {
                    out.headers.insert(http::header::COOKIE, value);
                }
            }
            (SentAs::Header(name), Key::Header(value)) => {
                if let Ok(name) = http::HeaderName::from_bytes(name.as_bytes()) {
                    out.headers.insert(name, value.clone());
                }
            }
            (SentAs::Bearer, Key::Header(value)) => {
                out.headers.insert(http::header::AUTHORIZATION, value.clone());
            }
            // `key` makes only the pairs above.
            _ => {}
        }
        Box::pin(std::future::ready(Ok(())))
    }
}
