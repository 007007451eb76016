//! Requests: path parameters, query strings, cookies and headers, each value
//! percent-encoded or refused so that it cannot change the request's shape.

use std::fmt;

use super::styles::{pairs, pairs_reserved, Node, Style};
use super::RequestError;

/// Characters left as they are: RFC 3986's unreserved set. Everything else is
/// percent-encoded, so a value can never end a path segment or start a query.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

pub(super) fn percent_encode(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// Appends `value` with `allowReserved`'s encoding (RFC 6570's reserved
/// expansion): RFC 3986's reserved characters and percent-encoded triples
/// stay as they are, except those a query string cannot hold or a form
/// parser reads as structure (`#`, `[`, `]`, `&`, `+`), which are
/// percent-encoded with everything else, as OpenAPI 3.1.1 asks.
pub(super) fn percent_encode_reserved(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let triple = b == b'%' && bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if is_unreserved(b) || triple || matches!(b, b':' | b'/' | b'?' | b'@' | b'!' | b'$' | b'\'' | b'(' | b')' | b'*' | b',' | b';' | b'=') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// Appends a path parameter, percent-encoded.
///
/// Empty values, `.` and `..` are refused: URL resolution removes or follows
/// such segments however they are encoded, which would change the path.
pub fn push_path_param(out: &mut String, name: &'static str, value: &dyn fmt::Display) -> Result<(), RequestError> {
    let value = value.to_string();
    let reason = match value.as_str() {
        "" => Some("is empty"),
        "." | ".." => Some("is `.` or `..`, which would change the path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParam { name, reason });
    }
    percent_encode(out, &value);
    Ok(())
}

/// Appends `name=value` pairs to a path as its query string.
pub struct Query<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Query<'a> {
    /// Starts the query string of `out`.
    pub fn new(out: &'a mut String) -> Self {
        let first = !out.contains('?');
        Self { out, first }
    }

    fn separator(&mut self) {
        self.out.push(if self.first { '?' } else { '&' });
        self.first = false;
    }

    /// Appends `name=value`, both percent-encoded.
    pub fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.separator();
        percent_encode(self.out, name);
        self.out.push('=');
        percent_encode(self.out, &value.to_string());
    }

    /// Appends a value of any type in `style` (a date, a union, an object, an
    /// array of them...), as serde writes it: see [`pairs`].
    pub fn push_value<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) -> Result<(), RequestError> {
        self.push_pairs(pairs(name, &Node::of(value)?, style, explode));
        Ok(())
    }

    /// Appends a value as [`push_value`](Self::push_value) does, with
    /// `allowReserved`: reserved characters in values stay as they are
    /// (see [`pairs_reserved`]).
    pub fn push_value_reserved<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: Style, explode: bool) -> Result<(), RequestError> {
        self.push_pairs(pairs_reserved(name, &Node::of(value)?, style, explode));
        Ok(())
    }

    fn push_pairs(&mut self, pairs: Vec<(String, String)>) {
        for (key, value) in pairs {
            self.separator();
            self.out.push_str(&key);
            self.out.push('=');
            self.out.push_str(&value);
        }
    }

    /// Appends `name=a,b,c` (form style without explode): the items
    /// percent-encoded, the commas between them left as they are.
    pub fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.separator();
        percent_encode(self.out, name);
        self.out.push('=');
        percent_encode_joined(self.out, values);
    }
}

/// The items percent-encoded, with commas between them.
fn percent_encode_joined<T: fmt::Display>(out: &mut String, values: &[T]) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        percent_encode(out, &value.to_string());
    }
}

/// The `Cookie` header of a request: `name=value` pairs joined by `; `.
/// Names and values are percent-encoded, so no value can end its pair or the
/// header (cookies allow no spaces, quotes, commas, semicolons or
/// backslashes).
#[derive(Debug, Default)]
pub struct Cookies(String);

impl Cookies {
    /// Adds `name=value`.
    pub fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.start(name);
        percent_encode(&mut self.0, &value.to_string());
    }

    /// Adds `name=a,b,c` (form style without explode, as OpenAPI spells it):
    /// the items percent-encoded, the commas between them left as they are.
    pub fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.start(name);
        percent_encode_joined(&mut self.0, values);
    }

    fn start(&mut self, name: &str) {
        if !self.0.is_empty() {
            self.0.push_str("; ");
        }
        percent_encode(&mut self.0, name);
        self.0.push('=');
    }

    /// The header's value, or `None` when no cookie was added.
    pub fn into_header_value(self) -> Result<Option<http::HeaderValue>, RequestError> {
        if self.0.is_empty() {
            return Ok(None);
        }
        http::HeaderValue::try_from(self.0).map(Some).map_err(|_| RequestError::InvalidHeader { name: "Cookie" })
    }
}

/// Joins a base URL (which may have a path prefix) and a path and query.
pub fn join_url(base_url: &str, path_and_query: &str) -> Result<http::Uri, RequestError> {
    let invalid = |reason: String| RequestError::InvalidBaseUrl { url: base_url.to_owned(), reason };
    if base_url.contains(['?', '#']) {
        return Err(invalid("it has a query or fragment".into()));
    }
    let uri: http::Uri = format!("{}{}", base_url.trim_end_matches('/'), path_and_query)
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.authority().is_some() => Ok(uri),
        _ => Err(invalid("expected an absolute http:// or https:// URL".into())),
    }
}

/// A header value, or the error naming the header.
pub fn header_value(name: &'static str, value: &dyn fmt::Display) -> Result<http::HeaderValue, RequestError> {
    http::HeaderValue::try_from(value.to_string()).map_err(|_| RequestError::InvalidHeader { name })
}

/// A header value of several items, `a,b,c` (the `simple` style), or the
/// error naming the header.
pub fn header_value_joined<T: fmt::Display>(name: &'static str, values: &[T]) -> Result<http::HeaderValue, RequestError> {
    let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
    header_value(name, &joined.join(","))
}
