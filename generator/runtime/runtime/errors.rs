//! The errors of building a request and of reading a response, and of a
//! value outside a closed list.

use std::fmt;

/// A request that cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A path parameter that no encoding can keep inside its segment.
    InvalidPathParam {
        /// The parameter's name in the spec.
        name: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A base URL that is not an absolute `http(s)` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// A header parameter whose value cannot be sent in a header.
    InvalidHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The body could not be serialized.
    Body(serde_json::Error),
    /// The body cannot be written in its media type (a form body that is not
    /// an object, a multipart part that contains the boundary).
    InvalidBody {
        /// Why.
        reason: String,
    },
    /// `http` refused the request.
    Http(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPathParam { name, reason } => write!(f, "path parameter `{name}` {reason}"),
            Self::InvalidBaseUrl { url, reason } => write!(f, "base URL `{url}` is not usable: {reason}"),
            Self::InvalidHeader { name } => write!(f, "header parameter `{name}` is not a valid header value"),
            Self::Body(e) => write!(f, "the request body could not be serialized: {e}"),
            Self::InvalidBody { reason } => write!(f, "the request body cannot be written: {reason}"),
            Self::Http(e) => write!(f, "the request could not be built: {e}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// A documented response whose body does not match its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The status received.
    pub status: http::StatusCode,
    /// Where in the body decoding failed (`data.attributes.items[3].id`), empty
    /// for the body as a whole.
    pub path: String,
    /// What failed.
    pub message: String,
    /// The body, as received.
    pub body: Vec<u8>,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} response body does not match its schema: ", self.status)?;
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ResponseError {}

/// A value outside a closed list (a server URL variable, for one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    value: String,
    expected: &'static str,
}

impl UnknownValue {
    /// `value` is not one of `expected`.
    pub fn new(value: &str, expected: &'static str) -> Self {
        Self { value: value.to_owned(), expected }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`; expected one of: {}", self.value, self.expected)
    }
}

impl std::error::Error for UnknownValue {}
