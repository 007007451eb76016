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

/// One event as the decoder dispatches it to [`EventDecoder::feed_ref`],
/// borrowed: an event of one `data` line read whole from one chunk is not
/// copied at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRef<'a> {
    /// `event:` (empty when the event did not name its type: `message`).
    pub event: &'a str,
    /// The `data:` lines, joined with LF.
    pub data: &'a str,
    /// The last `id:` received so far in the stream.
    pub id: Option<&'a str>,
    /// `retry:`, in milliseconds.
    pub retry: Option<u64>,
}

impl EventRef<'_> {
    /// The event, owned.
    pub fn to_event(&self) -> Event {
        Event { event: self.event.to_owned(), data: self.data.to_owned(), id: self.id.map(str::to_owned), retry: self.retry }
    }
}

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
    /// The event's data when it is not `borrowed`.
    data: String,
    /// The event's one data line so far, where it is in the chunk being fed
    /// (copied into `data` if the chunk ends before the event does).
    borrowed: Option<std::ops::Range<usize>>,
    /// A `data` field was seen in the event being read.
    has_data: bool,
    /// An event was just returned: its fields are cleared before reading on.
    dispatched: bool,
    /// Some field or comment was seen since the last event (for `finish`).
    pending: bool,
    /// The last event ID: set when an event ends (the standard's "last
    /// event ID string"), so an event cut short does not change it.
    last_id: Option<String>,
    /// The `id` of the event being read, until it ends (the standard's
    /// "last event ID buffer"); its buffer is reused.
    next_id: String,
    /// An `id` field was seen in the event being read.
    id_pending: bool,
    retry: Option<u64>,
    max_line: usize,
}

impl Default for EventDecoder {
    fn default() -> Self {
        Self::new()
    }
}

/// `bytes` as text: valid UTF-8 checked the fast way; only text that is not
/// is repaired (each bad sequence becoming U+FFFD, as the standard says).
fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
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
            borrowed: None,
            has_data: false,
            dispatched: false,
            pending: false,
            last_id: None,
            next_id: String::new(),
            id_pending: false,
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

    /// A new connection of the same stream begins (a reconnect): what was
    /// read of the last one's unfinished line or event is dropped, as the
    /// standard says; the last event ID and `retry` are kept.
    pub fn reconnected(&mut self) {
        let (last_id, retry, max_line) = (self.last_id.take(), self.retry, self.max_line);
        *self = Self::with_max_line(max_line);
        self.last_id = last_id;
        self.retry = retry;
    }

    /// Reads a chunk, calling `emit` with each event it completes.
    pub fn feed(&mut self, chunk: &[u8], mut emit: impl FnMut(Event)) -> Result<(), EventStreamError> {
        self.feed_ref(chunk, |event| emit(event.to_event()))
    }

    /// Reads a chunk, calling `emit` with each event it completes, borrowed.
    pub fn feed_ref(&mut self, chunk: &[u8], mut emit: impl FnMut(EventRef<'_>)) -> Result<(), EventStreamError> {
        let mut at = 0;
        while let Some(event) = self.next_ref(chunk, &mut at)? {
            emit(event);
        }
        Ok(())
    }

    /// Reads `chunk` from `at` up to the end of the next event, and returns
    /// it (`at` then just past it), or `None` once the whole chunk is read
    /// (what is left of an unfinished line or event is kept for the next
    /// chunk). Nothing is copied or allocated for an event whose one `data`
    /// line is whole in the chunk: it is parsed where it lies. Start each
    /// chunk at 0; an error (a line too long) ends the stream.
    pub fn next_ref<'a>(&'a mut self, chunk: &'a [u8], at: &mut usize) -> Result<Option<EventRef<'a>>, EventStreamError> {
        if self.dispatched {
            self.dispatched = false;
            self.event.clear();
            self.data.clear();
        }
        // An empty chunk leaves a pending CR pending; the chunk's first byte
        // is never the end of an event, so `at` is 0 only at its start.
        if *at == 0 && self.after_cr && !chunk.is_empty() {
            self.after_cr = false;
            if chunk[0] == b'\n' {
                *at = 1;
            }
        }
        // memchr's vectorised search: a byte-at-a-time loop here cost as
        // much as half the time of parsing the JSON of a typical event.
        while let Some(found) = memchr::memchr2(b'\n', b'\r', &chunk[*at..]) {
            let (start, end) = (*at, *at + found);
            *at = match chunk[end..] {
                [b'\r', b'\n', ..] => end + 2,
                [b'\r'] => {
                    self.after_cr = true;
                    end + 1
                }
                _ => end + 1,
            };
            let ready = if self.line.is_empty() {
                if let Err(e) = self.check_length(end - start) {
                    self.spill(chunk);
                    return Err(e);
                }
                self.line_end(chunk, Some(start..end))
            } else {
                if let Err(e) = self.check_length(self.line.len() + end - start) {
                    self.spill(chunk);
                    return Err(e);
                }
                let mut whole = std::mem::take(&mut self.line);
                whole.extend_from_slice(&chunk[start..end]);
                let ready = self.line_end(&whole, None);
                whole.clear();
                self.line = whole;
                ready
            };
            if ready {
                self.dispatched = true;
                let data: &str = match self.borrowed.take() {
                    Some(range) => match std::str::from_utf8(&chunk[range.clone()]) {
                        Ok(data) => data,
                        Err(_) => {
                            self.data = String::from_utf8_lossy(&chunk[range]).into_owned();
                            &self.data
                        }
                    },
                    None => &self.data,
                };
                return Ok(Some(EventRef { event: &self.event, data, id: self.last_id.as_deref(), retry: self.retry }));
            }
        }
        self.spill(chunk);
        let rest = &chunk[(*at).min(chunk.len())..];
        *at = chunk.len();
        self.check_length(self.line.len() + rest.len())?;
        self.line.extend_from_slice(rest);
        Ok(None)
    }

    /// The chunk ends: the data it holds of an unfinished event is copied.
    fn spill(&mut self, chunk: &[u8]) {
        if let Some(range) = self.borrowed.take() {
            self.data = text(&chunk[range]).into_owned();
        }
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

    /// One whole line, without its end: `source[range]` when the line is in
    /// the chunk being read (`source` is the chunk), else all of `source`.
    /// `true` when it ends an event with data (in `borrowed` or `data`).
    fn line_end(&mut self, source: &[u8], range: Option<std::ops::Range<usize>>) -> bool {
        let (mut start, end) = match &range {
            Some(range) => (range.start, range.end),
            None => (0, source.len()),
        };
        if self.at_start {
            // A byte-order mark has no CR or LF in it: it is in the first line.
            self.at_start = false;
            if source[start..end].starts_with(BOM) {
                start += BOM.len();
            }
        }
        let line = &source[start..end];
        if line.is_empty() {
            self.pending = false;
            if self.id_pending {
                // The buffers trade places: no allocation once both exist.
                self.id_pending = false;
                let id = std::mem::take(&mut self.next_id);
                if let Some(old) = self.last_id.replace(id) {
                    self.next_id = old;
                }
            }
            if self.has_data {
                self.has_data = false;
                return true;
            }
            self.event.clear();
            self.data.clear();
            return false;
        }
        self.pending = true;
        if line[0] == b':' {
            return false;
        }
        let (name, value_start) = match memchr::memchr(b':', line) {
            Some(colon) => (&line[..colon], if line.get(colon + 1) == Some(&b' ') { colon + 2 } else { colon + 1 }),
            None => (line, line.len()),
        };
        let value = &line[value_start..];
        match name {
            b"data" => {
                if !self.has_data && range.is_some() {
                    // Left in the chunk, where it may be read without a copy.
                    self.borrowed = Some(start + value_start..end);
                } else {
                    if let Some(range) = self.borrowed.take() {
                        self.data = text(&source[range]).into_owned();
                    }
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(&text(value));
                }
                self.has_data = true;
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(&text(value));
            }
            b"id" if !value.contains(&0) => {
                self.next_id.clear();
                self.next_id.push_str(&text(value));
                self.id_pending = true;
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => self.retry = text(value).parse().ok(),
            _ => {}
        }
        false
    }
}

/// A typed event stream without the I/O: give it the body's chunks as they
/// come ([`EventReader::feed`]) and take the items they hold
/// ([`EventReader::next_item`]): each event's `data` is
/// parsed as `T` when the event is taken, where it lies in the chunk (no
/// copy, no allocation beyond the value's own when its event is whole in
/// the chunk). Up to the [`DONE`] sentinel, after which nothing more is
/// read. The generated client's `*_events` streams are this over the
/// response body (`C` is then `bytes::Bytes`).
#[derive(Debug)]
pub struct EventReader<T, C = Vec<u8>> {
    decoder: EventDecoder,
    /// The chunks fed and not yet read through; how far the first is read.
    chunks: std::collections::VecDeque<C>,
    at: usize,
    /// `[DONE]`, or a line too long: nothing more is read.
    done: bool,
    item: std::marker::PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned, C: AsRef<[u8]>> Default for EventReader<T, C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: DeserializeOwned, C: AsRef<[u8]>> EventReader<T, C> {
    /// A reader with an [`EventDecoder::new`].
    pub fn new() -> Self {
        Self::with_decoder(EventDecoder::new())
    }

    /// A reader with the given decoder (a line bound of one's own).
    pub fn with_decoder(decoder: EventDecoder) -> Self {
        Self { decoder, chunks: std::collections::VecDeque::new(), at: 0, done: false, item: std::marker::PhantomData }
    }

    /// The next chunk of the body, read by [`EventReader::next_item`]
    /// after those fed before it.
    pub fn feed(&mut self, chunk: C) {
        if !self.done {
            self.chunks.push_back(chunk);
        }
    }

    /// The next item: an event's value, or the error of an event whose data
    /// does not match (the stream goes on after it), or of a line too long
    /// (the stream ends with it); `None` when the chunks fed are read
    /// through (feed the next one), after `[DONE]`, or after an error that
    /// ends the stream.
    pub fn next_item(&mut self) -> Option<Result<T, EventStreamError>> {
        while !self.done {
            let chunk = self.chunks.front()?;
            match self.decoder.next_ref(chunk.as_ref(), &mut self.at) {
                Ok(Some(event)) => {
                    return match data_as::<T>(event.data) {
                        Ok(Some(item)) => Some(Ok(item)),
                        Ok(None) => {
                            self.done = true;
                            None
                        }
                        Err(e) => Some(Err(e)),
                    };
                }
                Ok(None) => {
                    self.chunks.pop_front();
                    self.at = 0;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }

    /// `[DONE]` was read, or an error ended the stream: nothing after it is.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The end of the body: an error if it ended inside an event (unless
    /// the stream was done before).
    pub fn finish(&mut self) -> Result<(), EventStreamError> {
        if self.done {
            return Ok(());
        }
        self.decoder.finish()
    }

    /// A new connection of the same stream begins (a reconnect): the chunks
    /// of the last one not read yet, and its unfinished event, are dropped;
    /// the last event ID and `retry` are kept.
    pub fn reconnected(&mut self) {
        self.chunks.clear();
        self.at = 0;
        self.decoder.reconnected();
    }

    /// The decoder (the last event ID, the server's `retry`).
    pub fn decoder(&self) -> &EventDecoder {
        &self.decoder
    }
}

/// An event's `data` read as `T`: `None` for the [`DONE`] sentinel.
pub fn data_as<T: DeserializeOwned>(data: &str) -> Result<Option<T>, EventStreamError> {
    if data == DONE {
        return Ok(None);
    }
    from_json_slice(data.as_bytes()).map(Some).map_err(|e| EventStreamError::Data { data: data.to_owned(), message: e.to_string() })
}

/// An event's `data` read as `T` ([`data_as`]).
pub fn event_data<T: DeserializeOwned>(event: &Event) -> Result<Option<T>, EventStreamError> {
    data_as(&event.data)
}

/// A whole `text/event-stream` body read as typed events, up to the
/// [`DONE`] sentinel if there is one. Each event's `data` is one value of
/// the spec's schema (3.2's `itemSchema`, else the response's `schema`,
/// read as the schema of one event, as specs written before `itemSchema` do).
pub fn decode_events<T: DeserializeOwned>(status: http::StatusCode, body: &[u8]) -> Result<Vec<T>, ResponseError> {
    let error = |e: EventStreamError| ResponseError { status, path: String::new(), message: e.to_string(), body: body.to_vec() };
    let mut reader = EventReader::<T, &[u8]>::new();
    reader.feed(body);
    let mut items = Vec::new();
    while let Some(item) = reader.next_item() {
        items.push(item.map_err(error)?);
    }
    reader.finish().map_err(error)?;
    Ok(items)
}
