//! `multipart/form-data` request bodies on the server (feature `server`;
//! copied into crates whose spec has such a body): the parts split by
//! multer, then each read as the operation's `Multipart` struct says, a
//! file as its bytes, name and media type, a text part as its value, a
//! JSON part as its JSON. What cannot be read is a 400 naming the part
//! (`body.<part>`), or `body` when the body itself is not multipart.

use futures_util::FutureExt;
use serde::de::DeserializeOwned;

use super::runtime::{scalar, Rejection, Shape};
use crate::runtime::File;

/// One part received: its name, file name, media type and bytes.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// The parts of a `multipart/form-data` body, in the order received.
#[derive(Clone, Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
}

impl Form {
    /// Splits `body`, which the router has read whole (so within its body
    /// limit), into its parts at the boundary its `Content-Type` gives.
    pub fn parse(parts: &http::request::Parts, body: &[u8]) -> Result<Self, Rejection> {
        let content_type = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| Rejection::bad_request("body", "a multipart body needs a `Content-Type` with its boundary"))?;
        let boundary = multer::parse_boundary(content_type).map_err(|e| Rejection::bad_request("body", e.to_string()))?;
        let bytes = axum::body::Bytes::copy_from_slice(body);
        let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
        let mut multipart = multer::Multipart::new(stream, boundary);
        let read = async move {
            let mut parts = Vec::new();
            while let Some(field) = multipart.next_field().await.map_err(|e| malformed(&e))? {
                let name = field.name().map(unquote).ok_or_else(|| Rejection::bad_request("body", "a part has no name"))?;
                let filename = field.file_name().map(unquote);
                let content_type = field.content_type().map(ToString::to_string);
                let bytes = field.bytes().await.map_err(|e| Rejection::bad_request(format!("body.{name}"), e.to_string()))?;
                parts.push(Part { name, filename, content_type, bytes: bytes.to_vec() });
            }
            Ok(Self { parts })
        };
        // The whole body is in memory, so multer never waits: every await
        // above is ready at once (its `Pending` is only for more input).
        read.now_or_never().unwrap_or_else(|| Err(Rejection::bad_request("body", "the multipart body ends early")))
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Part> + 'a {
        self.parts.iter().filter(move |p| p.name == name)
    }

    /// The file sent as part `name` (the first, if several were).
    pub fn file(&self, name: &str) -> Option<File> {
        self.all(name).next().map(Part::file)
    }

    /// The files sent as parts `name`, in order.
    pub fn files(&self, name: &str) -> Vec<File> {
        self.all(name).map(Part::file).collect()
    }

    /// The value of text part `name`, read as `shape` (the first, if
    /// several were sent).
    pub fn text<T: DeserializeOwned>(&self, name: &str, shape: Shape) -> Result<Option<T>, Rejection> {
        self.all(name).next().map(|p| p.text(shape)).transpose()
    }

    /// The values of text parts `name`, in order.
    pub fn texts<T: DeserializeOwned>(&self, name: &str, shape: Shape) -> Result<Vec<T>, Rejection> {
        self.all(name).map(|p| p.text(shape)).collect()
    }

    /// The value of JSON part `name` (the first, if several were sent).
    pub fn json<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.all(name).next().map(Part::json).transpose()
    }

    /// The values of JSON parts `name`, in order.
    pub fn jsons<T: DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, Rejection> {
        self.all(name).map(Part::json).collect()
    }
}

impl Part {
    fn at(&self) -> String {
        format!("body.{}", self.name)
    }

    fn file(&self) -> File {
        File { bytes: self.bytes.clone(), filename: self.filename.clone(), content_type: self.content_type.clone() }
    }

    /// A string as it is; a number, boolean, date or enum from its text.
    fn text<T: DeserializeOwned>(&self, shape: Shape) -> Result<T, Rejection> {
        let text = std::str::from_utf8(&self.bytes).map_err(|_| Rejection::bad_request(self.at(), "not UTF-8"))?;
        let value = scalar(text, shape).map_err(|e| Rejection::bad_request(self.at(), e))?;
        serde_json::from_value(value).map_err(|e| Rejection::bad_request(self.at(), e.to_string()))
    }

    /// JSON; an error names the path inside the part.
    fn json<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        crate::runtime::decode_json(http::StatusCode::BAD_REQUEST, &self.bytes).map_err(|e| {
            let at = if e.path.is_empty() { self.at() } else { format!("{}.{}", self.at(), e.path) };
            Rejection::bad_request(at, e.message)
        })
    }
}

/// A name or file name as browsers (and the client) quote it: `"`, CR and
/// LF percent-encoded (WHATWG's `multipart/form-data` encoding), decoded.
fn unquote(value: &str) -> String {
    value.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")
}

/// 400 for a body multer cannot split, naming the part it was in when
/// it knows it.
fn malformed(error: &multer::Error) -> Rejection {
    let part = match error {
        multer::Error::IncompleteFieldData { field_name } | multer::Error::FieldSizeExceeded { field_name, .. } => field_name.as_deref(),
        _ => None,
    };
    match part {
        Some(name) => Rejection::bad_request(format!("body.{name}"), error.to_string()),
        None => Rejection::bad_request("body", error.to_string()),
    }
}
