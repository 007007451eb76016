//! `multipart/form-data` bodies (RFC 7578): [`File`] for file parts, the
//! writer the generated bodies call a part at a time, and the boundary.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use super::styles::simple_text;
use super::RequestError;

/// A file to send as a part of a multipart body (or as a body whose media
/// type the spec leaves open, such as `image/*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct File {
    /// The contents.
    pub bytes: Vec<u8>,
    /// The file name the part carries (`filename="..."`); the part's name
    /// when unset.
    pub filename: Option<String>,
    /// The media type (`image/png`); the spec's, or
    /// `application/octet-stream`, when unset.
    pub content_type: Option<String>,
}

impl File {
    /// A file of these bytes, without a name or a media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self { bytes: bytes.into(), filename: None, content_type: None }
    }

    /// Sets the file name.
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// Sets the media type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// A boundary no one can guess: 128 bits from two hashers keyed by std's
/// per-process random keys (`RandomState`, seeded by the operating
/// system), over a counter and the time. A tiny randomness crate would
/// give the same with one more dependency. A boundary only has to be absent
/// from the parts, which [`MultipartWriter`] checks; unguessable keeps a
/// value chosen by someone else from ending a part early.
pub fn multipart_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let state = std::collections::hash_map::RandomState::new();
    let mut high = state.build_hasher();
    high.write_u64(count);
    high.write_u128(nanos);
    let mut low = state.build_hasher();
    low.write_u128(nanos);
    low.write_u64(!count);
    format!("------------------------{:016x}{:016x}", high.finish(), low.finish())
}

/// Writes the parts of a multipart body, each checked not to contain the
/// boundary.
#[derive(Debug)]
pub struct MultipartWriter<'a> {
    boundary: &'a str,
    out: Vec<u8>,
}

impl<'a> MultipartWriter<'a> {
    /// A body whose parts are separated by `boundary`.
    pub fn new(boundary: &'a str) -> Self {
        Self { boundary, out: Vec::new() }
    }

    /// A text part: a string as it is, a number, boolean, date or enum as its
    /// JSON text without quotes. No `Content-Type` unless `content_type`.
    pub fn text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, content_type: Option<&str>) -> Result<(), RequestError> {
        let text = simple_text(value, false)?;
        self.part(name, None, content_type, text.as_bytes())
    }

    /// A JSON part (`Content-Type: application/json` unless `content_type`).
    pub fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, content_type: Option<&str>) -> Result<(), RequestError> {
        let json = serde_json::to_vec(value).map_err(RequestError::Body)?;
        self.part(name, None, Some(content_type.unwrap_or("application/json")), &json)
    }

    /// A file part: its file name (the part's name when it has none), its
    /// media type (else `content_type`, else `application/octet-stream`).
    pub fn file(&mut self, name: &str, file: &File, content_type: Option<&str>) -> Result<(), RequestError> {
        let media = file.content_type.as_deref().or(content_type).unwrap_or("application/octet-stream");
        self.part(name, Some(file.filename.as_deref().unwrap_or(name)), Some(media), &file.bytes)
    }

    fn part(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>, content: &[u8]) -> Result<(), RequestError> {
        if self.boundary.is_empty() || self.boundary.len() > 70 || self.boundary.contains(['\r', '\n']) {
            return Err(RequestError::InvalidBody { reason: "a multipart boundary has 1 to 70 characters and no line break".into() });
        }
        if contains(content, self.boundary.as_bytes()) {
            return Err(RequestError::InvalidBody { reason: format!("part `{name}` contains the multipart boundary") });
        }
        if content_type.is_some_and(|ct| ct.contains(['\r', '\n'])) {
            return Err(RequestError::InvalidBody { reason: format!("part `{name}` has a media type with a line break") });
        }
        self.out.extend_from_slice(b"--");
        self.out.extend_from_slice(self.boundary.as_bytes());
        self.out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
        self.out.extend_from_slice(quoted(name).as_bytes());
        self.out.push(b'"');
        if let Some(filename) = filename {
            self.out.extend_from_slice(b"; filename=\"");
            self.out.extend_from_slice(quoted(filename).as_bytes());
            self.out.push(b'"');
        }
        if let Some(content_type) = content_type {
            self.out.extend_from_slice(b"\r\nContent-Type: ");
            self.out.extend_from_slice(content_type.as_bytes());
        }
        self.out.extend_from_slice(b"\r\n\r\n");
        self.out.extend_from_slice(content);
        self.out.extend_from_slice(b"\r\n");
        Ok(())
    }

    /// The body, closed by the final boundary.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(b"--");
        self.out.extend_from_slice(self.boundary.as_bytes());
        self.out.extend_from_slice(b"--\r\n");
        self.out
    }
}

/// A name or file name inside quotes, as browsers write it: `"`, CR and LF
/// percent-encoded, so that no value can end the header.
fn quoted(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
