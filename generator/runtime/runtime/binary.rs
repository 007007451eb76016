//! Binary request bodies (`application/octet-stream`, `image/*`,
//! `application/zip`, ...): [`BinaryBody`], bytes in memory or, with the
//! `client` feature, a stream of chunks (`Upload`) the client sends as
//! they come, never holding the whole body.

use std::fmt;

/// The body of an operation that takes raw bytes: bytes in memory
/// (`From<Vec<u8>>`, `From<&[u8]>`, `From<File>`), or, with the `client`
/// feature, a stream of chunks (`BinaryBody::from_stream`), sent as they
/// come with chunked transfer, or with the `Content-Length` given by
/// [`with_length`](Self::with_length).
///
/// A stream is sent once: a clone shares it, and a request holding a
/// stream that was already sent fails before anything is sent (a
/// rate-limited upload is not sent again).
#[derive(Clone, Default, PartialEq)]
pub struct BinaryBody {
    content: Content,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Content {
    Bytes(Vec<u8>),
    #[cfg(feature = "client")]
    Stream(Upload),
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Vec::new())
    }
}

impl PartialEq for Content {
    /// Bytes by value; a stream only equals itself (or a clone of it).
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            #[cfg(feature = "client")]
            (Content::Stream(a), Content::Stream(b)) => std::sync::Arc::ptr_eq(&a.stream, &b.stream),
            #[cfg(feature = "client")]
            _ => false,
        }
    }
}

impl BinaryBody {
    /// A body of these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self { content: Content::Bytes(bytes.into()), content_type: None }
    }

    /// A body read from `stream` as it is sent, chunk by chunk (for example
    /// `tokio_util::io::ReaderStream::new(file)`). An error from the stream
    /// ends the request with [`Error::Transport`](crate::client::Error::Transport).
    #[cfg(feature = "client")]
    #[cfg_attr(docsrs, doc(cfg(feature = "client")))]
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        use futures_util::TryStreamExt as _;
        let stream: UploadStream = Box::pin(stream.map_err(Into::into));
        let upload = Upload { stream: std::sync::Arc::new(std::sync::Mutex::new(Some(stream))), length: None };
        Self { content: Content::Stream(upload), content_type: None }
    }

    /// Sends a stream with `Content-Length: length` instead of chunked
    /// transfer; the stream must then yield exactly that many bytes (the
    /// request fails otherwise). Bytes in memory always send their length,
    /// and ignore this.
    // Without `client`, there is no stream to give a length to.
    #[allow(unused_mut, unused_variables)]
    pub fn with_length(mut self, length: u64) -> Self {
        #[cfg(feature = "client")]
        if let Content::Stream(upload) = &mut self.content {
            upload.length = Some(length);
        }
        self
    }

    /// Sets the media type, for an operation that takes a media range
    /// (`image/*`): sent as `Content-Type` (`application/octet-stream` when
    /// unset). An operation with one media type sends its own.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The media type set, or the one a server received.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The bytes, when the body is in memory (a server always receives it
    /// so); `None` for a stream.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes),
            #[cfg(feature = "client")]
            Content::Stream(_) => None,
        }
    }

    /// The bytes, when the body is in memory; else the body itself back.
    pub fn into_bytes(self) -> Result<Vec<u8>, Self> {
        match self.content {
            Content::Bytes(bytes) => Ok(bytes),
            #[cfg(feature = "client")]
            Content::Stream(_) => Err(self),
        }
    }

    /// Whether the body is a stream.
    pub fn is_stream(&self) -> bool {
        !matches!(self.content, Content::Bytes(_))
    }
}

impl fmt::Debug for BinaryBody {
    /// The size, not the bytes (a body may be large).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("BinaryBody");
        match &self.content {
            Content::Bytes(bytes) => out.field("len", &bytes.len()),
            #[cfg(feature = "client")]
            Content::Stream(upload) => out.field("stream", &upload),
        };
        out.field("content_type", &self.content_type).finish()
    }
}

impl From<Vec<u8>> for BinaryBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&[u8]> for BinaryBody {
    fn from(bytes: &[u8]) -> Self {
        Self::new(bytes)
    }
}

impl<const N: usize> From<&[u8; N]> for BinaryBody {
    fn from(bytes: &[u8; N]) -> Self {
        Self::new(bytes.as_slice())
    }
}

impl From<super::File> for BinaryBody {
    /// The file's bytes and media type (a body has no file name).
    fn from(file: super::File) -> Self {
        Self { content: Content::Bytes(file.bytes), content_type: file.content_type }
    }
}

#[cfg(feature = "client")]
impl From<bytes::Bytes> for BinaryBody {
    /// The bytes, copied (a body in memory is a `Vec`).
    fn from(bytes: bytes::Bytes) -> Self {
        Self::new(bytes.to_vec())
    }
}

/// Writes `body` into a request being built: bytes in memory are returned
/// as the request's body; a stream goes into the request's extensions as an
/// `Upload` (with `Content-Length` when its length is known) and the body
/// returned is empty. What the generated `to_http_request` calls.
// Without `client`, `builder` is left as it is.
#[allow(unused_variables)]
pub fn binary_body(builder: &mut http::request::Builder, body: &BinaryBody) -> Vec<u8> {
    match &body.content {
        Content::Bytes(bytes) => bytes.clone(),
        #[cfg(feature = "client")]
        Content::Stream(upload) => {
            let mut with = std::mem::take(builder);
            if let Some(length) = upload.length {
                with = with.header(http::header::CONTENT_LENGTH, length);
            }
            *builder = with.extension(upload.clone());
            Vec::new()
        }
    }
}

#[cfg(feature = "client")]
type UploadStream = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<bytes::Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// A streamed body on its way out: what [`binary_body`] puts in an
/// `http::Request`'s extensions (its body left empty), for the client, or
/// code that sends requests itself, to take and send.
#[cfg(feature = "client")]
#[cfg_attr(docsrs, doc(cfg(feature = "client")))]
#[derive(Clone)]
pub struct Upload {
    stream: std::sync::Arc<std::sync::Mutex<Option<UploadStream>>>,
    length: Option<u64>,
}

#[cfg(feature = "client")]
impl Upload {
    /// The stream, the first time; `None` once it was taken (sent).
    pub fn take(&self) -> Option<impl futures_util::Stream<Item = Result<bytes::Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send> {
        self.stream.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
    }

    /// The length given with [`BinaryBody::with_length`].
    pub fn length(&self) -> Option<u64> {
        self.length
    }
}

#[cfg(feature = "client")]
impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload").field("length", &self.length).finish_non_exhaustive()
    }
}
