//! Streams of JSON values, one per line (`application/x-ndjson`,
//! `application/jsonl`, `application/jsonlines`) or one per record of RFC
//! 7464's JSON text sequences (`application/json-seq`: each record starts
//! with the byte 0x1E), sans-IO: [`LineReader`] reads a body chunk by
//! chunk, whatever the chunks' boundaries (inside a line, between CR and
//! LF, inside a UTF-8 character), and gives the typed items. LF and CRLF
//! line ends; blank lines skipped; lines longer than a bound are an error,
//! so a server cannot make the client buffer without end.
//! [`decode_lines`] reads a whole body.

use std::fmt;

use serde::de::DeserializeOwned;

use super::decoding::{located, with_buffered_unions};
use super::errors::ResponseError;

/// The longest line (or json-seq record) [`LineReader::new`] accepts: 1 MiB.
pub const DEFAULT_MAX_ITEM: usize = 1 << 20;

/// The byte that starts each record of a JSON text sequence (RFC 7464).
pub const RECORD_SEPARATOR: u8 = 0x1E;

/// How the values of a stream are delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// One JSON value per line (NDJSON, JSON Lines); blank lines skipped.
    Lines,
    /// RFC 7464 JSON text sequences: each record starts with 0x1E and ends
    /// with LF; a record may span lines (a pretty-printed value).
    Seq,
}

/// Why a stream of JSON lines could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineStreamError {
    /// A line (or json-seq record) longer than the bound: the stream ends.
    LineTooLong {
        /// The line it starts on, from 1.
        line: u64,
        /// The bound, in bytes.
        limit: usize,
    },
    /// The stream ended inside a line: after `bytes` bytes of an item that
    /// is not a whole JSON value.
    Cut {
        /// The line it starts on, from 1.
        line: u64,
        /// How many bytes of it arrived.
        bytes: usize,
    },
    /// A line that does not parse as the spec's schema (the stream goes on).
    Item {
        /// The line it starts on, from 1.
        line: u64,
        /// What did not match.
        message: String,
    },
}

impl LineStreamError {
    /// The line the error is about, from 1.
    pub fn line(&self) -> u64 {
        match self {
            LineStreamError::LineTooLong { line, .. } | LineStreamError::Cut { line, .. } | LineStreamError::Item { line, .. } => *line,
        }
    }
}

impl fmt::Display for LineStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineStreamError::LineTooLong { line, limit } => write!(f, "line {line} of the stream is longer than {limit} bytes"),
            LineStreamError::Cut { line, bytes } => write!(f, "the stream ended inside line {line}, after {bytes} bytes of it"),
            LineStreamError::Item { line, message } => write!(f, "line {line} of the stream does not match the spec: {message}"),
        }
    }
}

impl std::error::Error for LineStreamError {}

/// What one whole line (or record) gives.
enum Step<T> {
    /// Nothing: a blank line, or a json-seq record that goes on.
    Nothing,
    /// A json-seq record not yet whole: keep its bytes for the next line.
    Continue,
    Item(Result<T, LineStreamError>),
}

/// A typed stream of JSON lines without the I/O: give it the body's chunks
/// as they come ([`LineReader::feed`]), then say the body ended
/// ([`LineReader::end`]), and take the items they hold
/// ([`LineReader::next_item`]). A line whole in a chunk is parsed where it
/// lies (no copy); only a line cut by a chunk boundary is copied. The
/// generated client's streams of JSON lines are this over the response
/// body (`C` is then `bytes::Bytes`).
#[derive(Debug)]
pub struct LineReader<T, C = Vec<u8>> {
    framing: Framing,
    /// The chunks fed and not yet read through; how far the first is read.
    chunks: std::collections::VecDeque<C>,
    at: usize,
    /// The start of a line cut by a chunk boundary.
    partial: Vec<u8>,
    /// A json-seq record of several lines, not yet whole.
    record: Vec<u8>,
    /// The line `record` starts on.
    record_line: u64,
    /// How many lines ended so far.
    lines: u64,
    max_item: usize,
    /// The body ended ([`LineReader::end`]).
    ended: bool,
    /// Nothing more is read: the end was read, or a line too long.
    done: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned, C: AsRef<[u8]>> LineReader<T, C> {
    /// A reader accepting lines up to [`DEFAULT_MAX_ITEM`] bytes.
    pub fn new(framing: Framing) -> Self {
        Self::with_max_item(framing, DEFAULT_MAX_ITEM)
    }

    /// A reader accepting lines (and json-seq records) up to `max_item` bytes.
    pub fn with_max_item(framing: Framing, max_item: usize) -> Self {
        Self {
            framing,
            chunks: std::collections::VecDeque::new(),
            at: 0,
            partial: Vec::new(),
            record: Vec::new(),
            record_line: 0,
            lines: 0,
            max_item,
            ended: false,
            done: false,
            item: std::marker::PhantomData,
        }
    }

    /// The next chunk of the body, read after those fed before it.
    pub fn feed(&mut self, chunk: C) {
        if !self.done && !self.ended {
            self.chunks.push_back(chunk);
        }
    }

    /// The body ended: what is left of it after the last line end is read
    /// as a last item if it is a whole JSON value, else it is
    /// [`LineStreamError::Cut`].
    pub fn end(&mut self) {
        self.ended = true;
    }

    /// Whether nothing more will come: the end was read (after
    /// [`LineReader::end`]), or a line too long ended the stream.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next item: a line's value, or the error of a line that does not
    /// match (the stream goes on after it), of a line too long or of a cut
    /// (the stream ends with those); `None` when the chunks fed are read
    /// through (feed the next one, or end it), or once the stream is done.
    pub fn next_item(&mut self) -> Option<Result<T, LineStreamError>> {
        loop {
            if self.done {
                return None;
            }
            let Some(chunk) = self.chunks.front() else {
                if !self.ended {
                    return None;
                }
                self.done = true;
                return self.tail();
            };
            let bytes = chunk.as_ref();
            let Some(found) = memchr::memchr(b'\n', &bytes[self.at..]) else {
                let rest = &bytes[self.at..];
                if self.partial.len() + rest.len() > self.max_item {
                    return Some(Err(self.too_long()));
                }
                self.partial.extend_from_slice(rest);
                self.chunks.pop_front();
                self.at = 0;
                continue;
            };
            let (start, end) = (self.at, self.at + found);
            let line = &bytes[start..end];
            if self.framing == Framing::Seq && !self.record.is_empty() && starts_record(&self.partial, line) {
                // RFC 7464: a record that the next one begins before it is a
                // whole value is dropped, with an error; the line is read next.
                self.record.clear();
                let message = "a record cut short by the next one (not a whole JSON value)".to_owned();
                return Some(Err(LineStreamError::Item { line: self.record_line, message }));
            }
            let length = self.partial.len() + line.len();
            if length > self.max_item || self.record.len() + length > self.max_item {
                return Some(Err(self.too_long()));
            }
            self.at = end + 1;
            self.lines += 1;
            let first = if self.record.is_empty() { self.lines } else { self.record_line };
            let (step, joined) = if self.partial.is_empty() {
                (line_step(self.framing, line, &self.record, first), None)
            } else {
                let mut joined = std::mem::take(&mut self.partial);
                joined.extend_from_slice(line);
                (line_step(self.framing, &joined, &self.record, first), Some(joined))
            };
            let item = match step {
                Step::Nothing => None,
                Step::Continue => {
                    // Copied only now that the record goes on past the line.
                    self.record_line = first;
                    self.record.extend_from_slice(joined.as_deref().unwrap_or(line));
                    self.record.push(b'\n');
                    None
                }
                Step::Item(item) => {
                    self.record.clear();
                    Some(item)
                }
            };
            if let Some(mut joined) = joined {
                joined.clear();
                self.partial = joined;
            }
            if item.is_some() {
                return item;
            }
        }
    }

    /// A line too long ends the stream.
    fn too_long(&mut self) -> LineStreamError {
        self.done = true;
        let line = if self.record.is_empty() { self.lines + 1 } else { self.record_line };
        LineStreamError::LineTooLong { line, limit: self.max_item }
    }

    /// What the body held after its last line end: a last item, or a cut.
    fn tail(&mut self) -> Option<Result<T, LineStreamError>> {
        let line = if self.record.is_empty() { self.lines + 1 } else { self.record_line };
        let mut text = std::mem::take(&mut self.record);
        text.extend_from_slice(&self.partial);
        self.partial.clear();
        let value = match self.framing {
            Framing::Lines => text.trim_ascii(),
            Framing::Seq => skip_separators(&text).trim_ascii_end(),
        };
        if value.is_empty() {
            return None;
        }
        if !is_whole(value) {
            return Some(Err(LineStreamError::Cut { line, bytes: text.len() }));
        }
        Some(parse(value, line))
    }
}

/// One whole line (without its LF), with the json-seq record it may
/// continue; `first` is the line the item starts on.
fn line_step<T: DeserializeOwned>(framing: Framing, line: &[u8], record: &[u8], first: u64) -> Step<T> {
    let trimmed = line.trim_ascii();
    if framing == Framing::Lines {
        return if trimmed.is_empty() { Step::Nothing } else { Step::Item(parse(trimmed, first)) };
    }
    if record.is_empty() {
        if trimmed.first() != Some(&RECORD_SEPARATOR) {
            if trimmed.is_empty() {
                return Step::Nothing;
            }
            let message = "a line outside any record (each record of `application/json-seq` starts with the byte 0x1E)".to_owned();
            return Step::Item(Err(LineStreamError::Item { line: first, message }));
        }
        let value = skip_separators(trimmed);
        if value.is_empty() {
            // A record separator alone: the value comes on the next lines.
            return Step::Continue;
        }
        return match parse(value, first) {
            Err(_) if !is_whole(value) => Step::Continue,
            item => Step::Item(item),
        };
    }
    // The record goes on: its earlier lines and this one, read together.
    let mut whole = record.to_vec();
    whole.extend_from_slice(line);
    let value = skip_separators(&whole).trim_ascii_end();
    match parse(value, first) {
        Err(_) if !is_whole(value) => Step::Continue,
        item => Step::Item(item),
    }
}

/// Whether a line begins a json-seq record (its first byte that is not
/// whitespace, in what came of it before and in the rest, is 0x1E).
fn starts_record(partial: &[u8], line: &[u8]) -> bool {
    partial.iter().chain(line).find(|b| !b.is_ascii_whitespace()) == Some(&RECORD_SEPARATOR)
}

/// `value` after its leading record separators and whitespace.
fn skip_separators(mut value: &[u8]) -> &[u8] {
    value = value.trim_ascii_start();
    while let [RECORD_SEPARATOR, rest @ ..] = value {
        value = rest.trim_ascii_start();
    }
    value
}

/// Whether `value` is one whole JSON value (whatever its type), so a
/// failure to read it as `T` is a mismatch, not a value cut short.
fn is_whole(value: &[u8]) -> bool {
    match serde_json::from_slice::<serde::de::IgnoredAny>(value) {
        Ok(_) => true,
        Err(e) => !e.is_eof(),
    }
}

/// One item: a plain parse, and on failure [`decode_json`]'s second chance
/// for unions, the error naming the path inside the item (`seq: ...`).
///
/// [`decode_json`]: super::decode_json
fn parse<T: DeserializeOwned>(value: &[u8], line: u64) -> Result<T, LineStreamError> {
    serde_json::from_slice(value).or_else(|_| {
        with_buffered_unions(|| located::<T>(&mut serde_json::Deserializer::from_slice(value))).map_err(|(path, message)| {
            let message = if path.is_empty() { message } else { format!("{path}: {message}") };
            LineStreamError::Item { line, message }
        })
    })
}

/// A whole JSON-lines (or json-seq) body read as typed items. Each line is
/// one value of the spec's item schema (3.2's `itemSchema`, else the
/// `items` of the response's array `schema`, else the `schema` itself).
pub fn decode_lines<T: DeserializeOwned>(status: http::StatusCode, body: &[u8], framing: Framing) -> Result<Vec<T>, ResponseError> {
    let error = |e: LineStreamError| ResponseError { status, path: String::new(), message: e.to_string(), body: body.to_vec() };
    let mut reader = LineReader::<T, &[u8]>::new(framing);
    reader.feed(body);
    reader.end();
    let mut items = Vec::new();
    while let Some(item) = reader.next_item() {
        items.push(item.map_err(error)?);
    }
    Ok(items)
}
