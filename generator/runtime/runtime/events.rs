//! Server-sent events (`text/event-stream`), sans-IO: [`EventDecoder`] reads
//! a body chunk by chunk, whatever the chunks' boundaries (inside a line,
//! between CR and LF, inside a UTF-8 character), as the WHATWG HTML
//! standard's event-stream parser does: fields `event`, `data` (several
//! lines joined with LF), `id` and `retry`; comments; CR, LF and CRLF line
//! ends; a leading byte-order mark. Lines longer than a bound are an error,
//! so a server cannot make the client buffer without end.
//! [`decode_events`] reads a whole body into typed events.

use std::fmt;

use serde::de::DeserializeOwned;

use super::decoding::from_json_slice;
use super::errors::ResponseError;

/// The longest line [`EventDecoder::new`] accepts: 1 MiB.
pub const DEFAULT_MAX_LINE: usize = 1 << 20;

/// The `data` that ends a stream cleanly (OpenAI's, and TGI's OpenAI-compatible routes).
pub const DONE: &str = "[DONE]";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One event as received: what its fields said.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    /// `event:` (empty when the event did not name its type: `message`).
    pub event: String,
    /// The `data:` lines, joined with LF.
    pub data: String,
    /// The last `id:` received so far in the stream (what a reconnect sends
    /// as `Last-Event-ID`).
    pub id: Option<String>,
    /// `retry:`, the reconnection time the server asks for, in milliseconds.
    pub retry: Option<u64>,
}

/// Why an event stream could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventStreamError {
    /// A line longer than the bound.
    LineTooLong {
        /// The bound, in bytes.
        limit: usize,
    },
    /// The stream ended inside an event (after some of its lines, before
    /// the blank line that ends it).
    Cut,
    /// An event's `data` does not match the spec's schema.
    Data {
        /// The `data`, as received.
        data: String,
        /// What did not match.
        message: String,
    },
}

impl fmt::Display for EventStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventStreamError::LineTooLong { limit } => write!(f, "an event-stream line is longer than {limit} bytes"),
            EventStreamError::Cut => f.write_str("the event stream ended inside an event"),
            EventStreamError::Data { message, data } => write!(f, "an event's data does not match the spec: {message} (in {} bytes of data)", data.len()),
        }
    }
}

impl std::error::Error for EventStreamError {}

/// The event-stream parser: feed it bytes as they come, take the events.
#[derive(Clone, Debug)]
pub struct EventDecoder {
    /// The bytes of a line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF first in the next ends no line.
    after_cr: bool,
    /// Still at the start of the stream, where a byte-order mark is skipped.
    at_start: bool,
    event: String,
    data: String,
    /// A `data` field was seen in the event being read.
    has_data: bool,
    /// Some field or comment was seen since the last event (for `finish`).
    pending: bool,
    last_id: Option<String>,
    retry: Option<u64>,
    max_line: usize,
}

impl Default for EventDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl EventDecoder {
    /// A decoder accepting lines up to [`DEFAULT_MAX_LINE`] bytes.
    pub fn new() -> Self {
        Self::with_max_line(DEFAULT_MAX_LINE)
    }

    /// A decoder accepting lines up to `max_line` bytes.
    pub fn with_max_line(max_line: usize) -> Self {
        Self {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            event: String::new(),
            data: String::new(),
            has_data: false,
            pending: false,
            last_id: None,
            retry: None,
            max_line,
        }
    }

    /// The last event ID received (to send as `Last-Event-ID` on a reconnect).
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection time the server last asked for, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// Reads a chunk, calling `emit` with each event it completes.
    pub fn feed(&mut self, mut chunk: &[u8], mut emit: impl FnMut(Event)) -> Result<(), EventStreamError> {
        // An empty chunk leaves a pending CR pending.
        if self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if let [b'\n', rest @ ..] = chunk {
                chunk = rest;
            }
        }
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            let (line, rest) = chunk.split_at(end);
            if self.line.is_empty() {
                self.check_length(line.len())?;
                self.line_end(line, &mut emit);
            } else {
                self.check_length(self.line.len() + line.len())?;
                let mut whole = std::mem::take(&mut self.line);
                whole.extend_from_slice(line);
                self.line_end(&whole, &mut emit);
                whole.clear();
                self.line = whole;
            }
            chunk = match rest {
                [b'\r', b'\n', rest @ ..] => rest,
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [_, rest @ ..] => rest,
                [] => &[],
            };
        }
        self.check_length(self.line.len() + chunk.len())?;
        self.line.extend_from_slice(chunk);
        Ok(())
    }

    /// The end of the stream: an error if it ended inside an event.
    pub fn finish(&mut self) -> Result<(), EventStreamError> {
        // A byte-order mark alone is no event begun.
        let nothing_begun = self.line.is_empty() || self.at_start && BOM.starts_with(&self.line);
        if self.pending || !nothing_begun {
            self.line.clear();
            self.pending = false;
            return Err(EventStreamError::Cut);
        }
        Ok(())
    }

    fn check_length(&self, length: usize) -> Result<(), EventStreamError> {
        if length > self.max_line {
            return Err(EventStreamError::LineTooLong { limit: self.max_line });
        }
        Ok(())
    }

    /// One whole line, without its end.
    fn line_end(&mut self, mut line: &[u8], emit: &mut impl FnMut(Event)) {
        if self.at_start {
            // A byte-order mark has no CR or LF in it: it is in the first line.
            self.at_start = false;
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        if line.is_empty() {
            self.pending = false;
            if self.has_data {
                self.has_data = false;
                // The data buffer ends with the LF of its last line.
                self.data.pop();
                emit(Event {
                    event: std::mem::take(&mut self.event),
                    data: std::mem::take(&mut self.data),
                    id: self.last_id.clone(),
                    retry: self.retry,
                });
            } else {
                self.event.clear();
                self.data.clear();
            }
            return;
        }
        self.pending = true;
        if line[0] == b':' {
            return;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let text = String::from_utf8_lossy(value);
        match name {
            b"data" => {
                self.has_data = true;
                self.data.push_str(&text);
                self.data.push('\n');
            }
            b"event" => self.event = text.into_owned(),
            b"id" if !value.contains(&0) => self.last_id = Some(text.into_owned()),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => self.retry = text.parse().ok(),
            _ => {}
        }
    }
}

/// An event's `data` read as `T`: `None` for the [`DONE`] sentinel.
pub fn event_data<T: DeserializeOwned>(event: &Event) -> Result<Option<T>, EventStreamError> {
    if event.data == DONE {
        return Ok(None);
    }
    from_json_slice(event.data.as_bytes())
        .map(Some)
        .map_err(|e| EventStreamError::Data { data: event.data.clone(), message: e.to_string() })
}

/// A whole `text/event-stream` body read as typed events, up to the
/// [`DONE`] sentinel if there is one. Each event's `data` is one value of
/// the spec's schema (3.2's `itemSchema`, else the response's `schema`,
/// read as the schema of one event, as specs written before `itemSchema` do).
pub fn decode_events<T: DeserializeOwned>(status: http::StatusCode, body: &[u8]) -> Result<Vec<T>, ResponseError> {
    let error = |e: EventStreamError| ResponseError { status, path: String::new(), message: e.to_string(), body: body.to_vec() };
    let mut events = Vec::new();
    let mut decoder = EventDecoder::new();
    decoder.feed(body, |event| events.push(event)).map_err(error)?;
    decoder.finish().map_err(error)?;
    let mut items = Vec::with_capacity(events.len());
    for event in &events {
        match event_data(event).map_err(error)? {
            Some(item) => items.push(item),
            None => break,
        }
    }
    Ok(items)
}
