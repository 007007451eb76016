//! HTTP basic authentication: a user name and password, checked and
//! encoded once when the client is built. Emitted only when the spec has a
//! `basic` scheme.

use std::future::Future;
use std::pin::Pin;

use super::transport::{sensitive, Apply, ConfigError, Credential, Error, Outgoing, Secret};
use crate::runtime::Scheme;

/// A user name and password held by the builder: the password redacted in `Debug`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Basic {
    pub(crate) user: String,
    pub(crate) password: Secret,
}

/// `Authorization: Basic <base64(user:password)>`, ready to send.
struct Encoded(http::HeaderValue);

/// A user name and password for HTTP basic authentication. The user name
/// cannot hold `:` (RFC 7617); neither can hold control characters.
pub(crate) fn basic(scheme: Scheme, basic: &Basic) -> Result<Credential, ConfigError> {
    let user = basic.user.trim();
    if user.is_empty() {
        return Err(ConfigError::EmptyCredential { scheme: scheme.name });
    }
    let invalid = |reason| ConfigError::InvalidCredential { scheme: scheme.name, reason };
    if user.contains(':') || user.chars().chain(basic.password.0.chars()).any(char::is_control) {
        return Err(invalid("a `:` in the user name, or a control character"));
    }
    let header = sensitive(&format!("Basic {}", base64(format!("{user}:{}", basic.password.0).as_bytes()))).ok_or_else(|| invalid("not a header value"))?;
    Ok(Credential { scheme, value: std::sync::Arc::new(Encoded(header)) })
}

impl Apply for Encoded {
    fn apply<'a>(&'a self, _: &'a Scheme, out: &'a mut Outgoing) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>> {
        out.headers.insert(http::header::AUTHORIZATION, self.0.clone());
        Box::pin(std::future::ready(Ok(())))
    }
}

/// Standard base64 with padding (RFC 4648), as RFC 7617 asks.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648_gives_it() {
        for (text, encoded) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")] {
            assert_eq!(super::base64(text.as_bytes()), encoded);
        }
    }
}
