//! A spec file as text, and where in that text each JSON pointer lives.
//!
//! Parsing, bundling and diagnostics all speak of nodes by JSON pointer; this
//! module turns a pointer back into a line and column. It depends on nothing
//! else in the crate, so every stage can import it.
//!
//! Locations are only needed when something is wrong, so the pointer-to-line
//! map is built lazily, from a second, marked parse of the same text by the
//! parser serde_yaml reads it with (see [`build_map`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use yaml_rust2::parser::{Event as YamlRustEvent, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl Location {
    /// The first character of a file: where problems with the file as a
    /// whole (empty, not a document) are shown.
    pub const START: Location = Location { line: 1, column: 1 };
}

/// A spec file: its text, and where each node of it is.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (used in messages).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    /// Where it is on disk, when it was read from a file: relative `$ref`s
    /// into other files are followed from there.
    pub disk_path: Option<PathBuf>,
    map: OnceLock<HashMap<String, Location>>,
    /// Where each line starts: 0, then after every `\n`.
    line_starts: OnceLock<Vec<usize>>,
    /// The byte offset of every [`CHARS_PER_MARK`]th character: where a
    /// column on a long line is found without counting from its start.
    char_marks: OnceLock<Vec<usize>>,
}

/// How many characters apart [`SourceFile`]'s character marks are.
const CHARS_PER_MARK: usize = 1024;

/// Lines up to this many bytes are searched for a column from their start;
/// longer ones (a minified JSON spec is one line of megabytes) through the
/// character marks.
const SHORT_LINE: usize = 4096;

impl SourceFile {
    /// A file whose text is already in memory.
    ///
    /// A byte order mark at the start (which some editors on Windows write)
    /// is not part of the document: it is left out, so lines and columns
    /// count from the first character after it, as editors show them.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Self { path: path.into(), text, disk_path: None, map: OnceLock::new(), line_starts: OnceLock::new(), char_marks: OnceLock::new() }
    }

    /// The same file, read from `path` on disk (which may differ from how
    /// it is shown).
    pub fn with_disk_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.disk_path = Some(path.into());
        self
    }

    /// Reads a file from disk, shown as the path given.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        Ok(Self::new(path, text).with_disk_path(path))
    }

    /// Where the node at `pointer` starts, or where its nearest existing
    /// ancestor does. `None` only for text that does not parse as YAML.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let map = self.map.get_or_init(|| build_map(&self.text));
        let mut p = pointer;
        loop {
            if let Some(loc) = map.get(p) {
                return Some(*loc);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return map.get("").copied(),
            }
        }
    }

    /// Builds the pointer-to-line map now (the first [`SourceFile::locate`]
    /// otherwise does): generation calls it on a thread of its own while the
    /// spec is parsed and lowered, which leave the other cores idle.
    pub(crate) fn prepare_locations(&self) {
        self.map.get_or_init(|| build_map(&self.text));
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let range = self.line_range(line)?;
        // As `str::lines` counts them: no line after a final line break.
        (range.start < self.text.len()).then(|| &self.text[range])
    }

    /// The byte offset where each line starts: 0, then after every `\n`.
    pub(crate) fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The byte range of 1-based line `line`, without its line break (as
    /// `str::lines` gives it: a `\r` before the `\n` is part of the break).
    pub(crate) fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let starts = self.line_starts();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = match starts.get(line) {
            Some(&next) if self.text[..next - 1].ends_with('\r') => next - 2,
            Some(&next) => next - 1,
            None => self.text.len(),
        };
        Some(start..end.max(start))
    }

    /// The byte offset of `location` (its column counted in characters, as
    /// the parser counts them), or the end of its line when the line is
    /// shorter. A column on a line of megabytes costs a binary search and at
    /// most [`CHARS_PER_MARK`] characters, not a walk from the line's start.
    pub(crate) fn byte_offset(&self, location: Location) -> Option<usize> {
        let line = self.line_range(location.line.max(1))?;
        let column = location.column.saturating_sub(1);
        if line.len() <= SHORT_LINE {
            let text = &self.text[line.clone()];
            return Some(line.start + text.char_indices().nth(column).map_or(text.len(), |(i, _)| i));
        }
        let marks = self.char_marks.get_or_init(|| self.text.char_indices().step_by(CHARS_PER_MARK).map(|(i, _)| i).collect());
        // The character index of the line's start, then of the column.
        let mark = marks.partition_point(|&b| b <= line.start) - 1;
        let target = mark * CHARS_PER_MARK + self.text[marks[mark]..line.start].chars().count() + column;
        let from = *marks.get(target / CHARS_PER_MARK)?;
        let offset = self.text[from..].char_indices().nth(target % CHARS_PER_MARK).map_or(self.text.len(), |(i, _)| from + i);
        Some(offset.min(line.end))
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_token(&mut out, token);
    out
}

/// Appends `token` to `out`, escaped as one JSON pointer token.
pub fn push_token(out: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(token);
    }
}

/// Unescapes one JSON pointer token (RFC 6901).
pub fn unescape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~").into()
    } else {
        token.into()
    }
}

/// `%20` and the like decoded; anything that is not a valid escape kept.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The pointer-to-location map of `text`, from libyaml's events: libyaml is
/// the parser serde_yaml reads specs with, so the map has every node the
/// parse has, even where a stricter YAML 1.2 parser stops (yaml-rust2 and
/// saphyr-parser refuse a double-quoted scalar continued on a line no more
/// indented than its key, which Docker's swagger has and libyaml reads).
///
/// Where libyaml stops early, yaml-rust2 reads the text too, and the map
/// that got further is kept: JSON is read by serde_json first, which takes
/// documents libyaml refuses (SendGrid's raw C1 control characters), and
/// yaml-rust2 reads those. A text that neither parses leaves a partial map,
/// which is still useful.
fn build_map(text: &str) -> HashMap<String, Location> {
    let mut builder = MapBuilder::default();
    let mut lines = LineCounter::new(text);
    let whole = libyaml_events(text, |event, offset, mark| builder.on_event(event, lines.at(offset).unwrap_or(mark)));
    if whole {
        return builder.map;
    }
    let mut fallback = MapBuilder::default();
    // Its error leaves `fallback` as far as it got, like libyaml's.
    let _ = Parser::new_from_str(text).load(&mut fallback, false);
    if fallback.map.len() > builder.map.len() {
        fallback.map
    } else {
        builder.map
    }
}

/// One parser event, as much of it as the map needs.
enum Event<'a> {
    /// A scalar, with its value (a mapping key's text, in key position).
    Scalar(std::borrow::Cow<'a, str>),
    Alias,
    MappingStart,
    SequenceStart,
    /// The end of a mapping or a sequence.
    End,
}

/// Calls `on_event` with each event of the first YAML document in `text`,
/// as libyaml reads it, with the byte offset where the event starts and its
/// line and column as libyaml counts them; returns whether the document was
/// read to its end (an empty text is a whole stream of no document).
///
/// The crate's one `unsafe`: unsafe-libyaml is libyaml translated to Rust
/// with its C interface, used as serde_yaml uses it. The parser is boxed,
/// since `yaml_parser_set_input_string` stores a pointer to the parser in
/// it, and `text` outlives it; drop guards delete each event and the parser
/// on every path out, a panic in `on_event` included, so nothing leaks. On
/// malformed input libyaml returns an error, which ends the walk (libyaml
/// is iterative: no input nests it deeper in the stack).
fn libyaml_events(text: &str, mut on_event: impl FnMut(Event<'_>, usize, Location)) -> bool {
    use std::mem::MaybeUninit;
    use unsafe_libyaml::{
        yaml_event_delete, yaml_event_t, yaml_parser_delete, yaml_parser_initialize, yaml_parser_parse, yaml_parser_set_encoding,
        yaml_parser_set_input_string, yaml_parser_t, YAML_ALIAS_EVENT, YAML_DOCUMENT_END_EVENT, YAML_MAPPING_END_EVENT,
        YAML_MAPPING_START_EVENT, YAML_NO_EVENT, YAML_SCALAR_EVENT, YAML_SEQUENCE_END_EVENT, YAML_SEQUENCE_START_EVENT,
        YAML_STREAM_END_EVENT, YAML_UTF8_ENCODING,
    };

    /// The parser, in a box of its own (it never moves: it points to
    /// itself), and whether it was set up, and so must be deleted.
    struct ParserGuard {
        parser: *mut yaml_parser_t,
        initialized: bool,
    }
    impl Drop for ParserGuard {
        fn drop(&mut self) {
            // SAFETY: `parser` came from `Box::into_raw` and is freed only
            // here, after libyaml's own allocations in it, once.
            unsafe {
                if self.initialized {
                    yaml_parser_delete(self.parser);
                }
                drop(Box::from_raw(self.parser.cast::<MaybeUninit<yaml_parser_t>>()));
            }
        }
    }
    struct EventGuard(yaml_event_t);
    impl Drop for EventGuard {
        fn drop(&mut self) {
            // SAFETY: a guard holds only an event `yaml_parser_parse` filled
            // in, which nothing else frees.
            unsafe { yaml_event_delete(&mut self.0) }
        }
    }

    let mut guard = ParserGuard { parser: Box::into_raw(Box::new(MaybeUninit::<yaml_parser_t>::uninit())).cast(), initialized: false };
    let p = guard.parser;
    // SAFETY: `p` points to a live parser that never moves, initialized
    // before any other call; the input is `text`, which outlives the
    // parser; an event is read only after `yaml_parser_parse` succeeded,
    // from the union member its type names, and a scalar's value is
    // `length` bytes at `value`, which the event owns until its guard
    // drops, after `on_event` returns.
    unsafe {
        if yaml_parser_initialize(p).fail {
            return false;
        }
        guard.initialized = true;
        yaml_parser_set_encoding(p, YAML_UTF8_ENCODING);
        yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        loop {
            let mut raw = MaybeUninit::<yaml_event_t>::uninit();
            if yaml_parser_parse(p, raw.as_mut_ptr()).fail {
                return false;
            }
            let event = EventGuard(raw.assume_init());
            let ev = &event.0;
            let kind = match ev.type_ {
                YAML_SCALAR_EVENT => {
                    let scalar = ev.data.scalar;
                    let bytes: &[u8] =
                        if scalar.value.is_null() { &[] } else { std::slice::from_raw_parts(scalar.value, scalar.length as usize) };
                    Event::Scalar(String::from_utf8_lossy(bytes))
                }
                YAML_ALIAS_EVENT => Event::Alias,
                YAML_MAPPING_START_EVENT => Event::MappingStart,
                YAML_SEQUENCE_START_EVENT => Event::SequenceStart,
                YAML_MAPPING_END_EVENT | YAML_SEQUENCE_END_EVENT => Event::End,
                // The first document is the spec (serde_yaml refuses more).
                YAML_DOCUMENT_END_EVENT | YAML_STREAM_END_EVENT | YAML_NO_EVENT => return true,
                _ => continue,
            };
            let mark = ev.start_mark;
            let at = Location { line: (mark.line as usize).saturating_add(1), column: (mark.column as usize).saturating_add(1) };
            on_event(kind, mark.index as usize, at);
        }
    }
}

/// Lines and columns as [`SourceFile`] counts them, from byte offsets.
///
/// libyaml also ends a line at a lone `\r`, U+0085, U+2028 and U+2029
/// (YAML 1.1's line breaks), which editors and [`SourceFile::line_text`]
/// do not; this counts only `\n`. Offsets come nearly in order, so each is
/// counted on from the one before: the whole text costs one pass.
struct LineCounter<'t> {
    text: &'t str,
    /// The last offset counted to, where its line starts, and its location.
    offset: usize,
    line_start: usize,
    at: Location,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, offset: 0, line_start: 0, at: Location::START }
    }

    /// The location of byte `offset`, `None` where it is not the start of a
    /// character.
    fn at(&mut self, offset: usize) -> Option<Location> {
        if offset < self.offset {
            // Back to the start of the line, or of the text.
            *self = if offset >= self.line_start {
                Self { offset: self.line_start, at: Location { column: 1, ..self.at }, ..*self }
            } else {
                Self::new(self.text)
            };
        }
        let skipped = self.text.get(self.offset..offset)?;
        match skipped.rfind('\n') {
            Some(i) => {
                self.at.line += skipped.bytes().filter(|&b| b == b'\n').count();
                self.line_start = self.offset + i + 1;
                self.at.column = 1 + skipped[i + 1..].chars().count();
            }
            None => self.at.column += skipped.chars().count(),
        }
        self.offset = offset;
        Some(self.at)
    }
}

#[derive(Default)]
struct MapBuilder {
    map: HashMap<String, Location>,
    stack: Vec<Frame>,
}

enum Frame {
    /// A mapping; `key` is the pending key, if one was read; `first` until
    /// its first key has been seen.
    Map { pointer: String, key: Option<(String, Location)>, first: bool },
    /// A sequence; `next` is the index of the next item.
    Seq { pointer: String, next: usize },
}

impl MapBuilder {
    /// The pointer of the node that starts now, and where its location is
    /// taken from (the key's line for mapping values).
    fn next_node(&mut self, at: Location) -> Option<(String, Location)> {
        match self.stack.last_mut() {
            None => Some((String::new(), at)),
            Some(Frame::Map { pointer, key, .. }) => key.take().map(|(k, at)| (format!("{pointer}/{}", escape_token(&k)), at)),
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                Some((p, at))
            }
        }
    }

    fn record(&mut self, pointer: &str, at: Location) {
        self.map.entry(pointer.to_owned()).or_insert(at);
    }

    fn on_event(&mut self, event: Event<'_>, at: Location) {
        match event {
            Event::Scalar(value) => {
                // A scalar in key position is a key, not a node.
                if let Some(Frame::Map { key, first, pointer }) = self.stack.last_mut() {
                    if key.is_none() {
                        // yaml-rust2 marks a block mapping after its first key
                        // (at the colon); the key is where the node starts.
                        // (libyaml marks it at the key.)
                        if std::mem::take(first) {
                            if let Some(loc) = self.map.get_mut(pointer.as_str()) {
                                if loc.line == at.line && loc.column > at.column {
                                    *loc = at;
                                }
                            }
                        }
                        *key = Some((value.into_owned(), at));
                        return;
                    }
                }
                if let Some((p, at)) = self.next_node(at) {
                    self.record(&p, at);
                }
            }
            Event::Alias => {
                if let Some((p, at)) = self.next_node(at) {
                    self.record(&p, at);
                }
            }
            Event::MappingStart => {
                let (p, at) = self.next_node(at).unwrap_or_default_pointer(at);
                self.record(&p, at);
                self.stack.push(Frame::Map { pointer: p, key: None, first: true });
            }
            Event::SequenceStart => {
                let (p, at) = self.next_node(at).unwrap_or_default_pointer(at);
                self.record(&p, at);
                self.stack.push(Frame::Seq { pointer: p, next: 0 });
            }
            Event::End => {
                self.stack.pop();
            }
        }
    }
}

/// yaml-rust2's events, for the texts libyaml refuses (see [`build_map`]).
impl MarkedEventReceiver for MapBuilder {
    fn on_event(&mut self, ev: YamlRustEvent, mark: Marker) {
        let event = match ev {
            YamlRustEvent::Scalar(value, ..) => Event::Scalar(value.into()),
            YamlRustEvent::Alias(_) => Event::Alias,
            YamlRustEvent::MappingStart(..) => Event::MappingStart,
            YamlRustEvent::SequenceStart(..) => Event::SequenceStart,
            YamlRustEvent::MappingEnd | YamlRustEvent::SequenceEnd => Event::End,
            _ => return,
        };
        MapBuilder::on_event(self, event, Location { line: mark.line(), column: mark.col() + 1 });
    }
}

trait OrDefaultPointer {
    fn unwrap_or_default_pointer(self, at: Location) -> (String, Location);
}

impl OrDefaultPointer for Option<(String, Location)> {
    /// A complex mapping key (rare) has no pointer; it is filed under a name
    /// no pointer can spell, so that its children do not pollute the map.
    fn unwrap_or_default_pointer(self, at: Location) -> (String, Location) {
        self.unwrap_or_else(|| ("\u{0}complex-key".to_owned(), at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_to_lines() {
        let text = "openapi: 3.0.3\npaths:\n  /a/b:\n    get:\n      responses:\n        '200':\n          description: OK\nlist:\n  - x\n  - y: 1\n";
        let file = SourceFile::new("t.yaml", text);
        assert_eq!(file.locate("").map(|l| l.line), Some(1));
        assert_eq!(file.locate("/paths").map(|l| l.line), Some(2));
        assert_eq!(file.locate("/paths/~1a~1b/get").map(|l| l.line), Some(4));
        assert_eq!(file.locate("/paths/~1a~1b/get/responses/200/description").map(|l| (l.line, l.column)), Some((7, 11)));
        assert_eq!(file.locate("/list/1/y").map(|l| l.line), Some(10));
        // A node that does not exist is placed at its nearest ancestor.
        assert_eq!(file.locate("/paths/~1a~1b/get/parameters/0").map(|l| l.line), Some(4));
    }

    #[test]
    fn lines_are_the_lines_of_str_lines() {
        for text in ["", "a", "a\n", "a\n\n", "a\r\nb", "a\r\nb\r", "\n\nx\r\n", "one\ntwo\r\nthree"] {
            let file = SourceFile::new("t.yaml", text);
            for line in 0..6 {
                assert_eq!(file.line_text(line), line.checked_sub(1).and_then(|i| text.lines().nth(i)), "{text:?} line {line}");
            }
        }
    }

    #[test]
    fn columns_on_long_lines_are_found_through_the_marks() {
        // Multi-byte characters before and on a line far longer than
        // `SHORT_LINE`, so both paths are taken and must agree.
        let long: String = (0..3000).map(|i| if i % 7 == 0 { "é" } else { "ab" }).collect();
        let text = format!("aé\n{long}\r\nshort ü line\n{long}");
        let file = SourceFile::new("t.json", text.clone());
        for (line, body) in text.split('\n').enumerate() {
            let start = file.line_starts()[line];
            let chars = body.trim_end_matches('\r').chars().count();
            for column in [1, 2, 3, 1000, 1025, 2048, 3333, chars, chars + 1, chars + 5] {
                let expected = start
                    + body.trim_end_matches('\r').char_indices().nth(column - 1).map_or(body.trim_end_matches('\r').len(), |(i, _)| i);
                assert_eq!(file.byte_offset(Location { line: line + 1, column }), Some(expected), "line {} column {column}", line + 1);
            }
        }
        assert_eq!(file.byte_offset(Location { line: 9, column: 1 }), None);
    }

    /// Asserts where each `(pointer, line, column)` of `expected` is in `text`.
    fn assert_located(text: &str, expected: &[(&str, usize, usize)]) {
        let file = SourceFile::new("t.yaml", text);
        for &(pointer, line, column) in expected {
            assert_eq!(file.locate(pointer), Some(Location { line, column }), "{pointer} in {text:?}");
        }
    }

    #[test]
    fn a_quoted_scalar_continued_at_its_keys_indent_does_not_cut_the_map() {
        // Docker's swagger: a double-quoted value continued on a line no
        // more indented than its key, which libyaml (serde_yaml) reads and
        // yaml-rust2 and saphyr-parser refuse.
        let text = "a:\n  b: \"x\n  y\"\n  c: 1\nd:\n  - e\n";
        assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_ok());
        assert_located(text, &[("/a/b", 2, 3), ("/a/c", 4, 3), ("/d/0", 6, 5)]);
    }

    #[test]
    fn lines_end_only_at_line_feeds() {
        // libyaml also breaks lines at U+2028, U+0085 and a lone `\r`;
        // the map counts lines and columns as `line_text` does.
        let text = "a: \"x\u{2028}y\u{85}z\"\nb: 'p\rq'\nc:\n  d: \u{e9}\u{2029}\n  e: [1, \u{2028}2]\n";
        assert_located(text, &[("/b", 2, 1), ("/c/d", 4, 3), ("/c/e", 5, 3), ("/c/e/1", 5, 11)]);
    }

    #[test]
    fn json_that_yaml_refuses_maps_through_the_fallback() {
        // A raw C1 control character: serde_json reads it, libyaml does not.
        let text = "{\n  \"a\": \"x\u{9c}y\",\n  \"b\": {\n    \"c\": [1, 2]\n  }\n}\n";
        assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_err());
        assert_located(text, &[("/a", 2, 3), ("/b/c/1", 4, 14)]);
    }

    #[test]
    fn anchors_aliases_merge_keys_and_later_documents() {
        // Only the first document is the spec: `/second` is not in the map.
        let text = "base: &b\n  x: 1\nuse:\n  <<: *b\n  y: [*b, 2]\n---\nsecond: 4\n";
        assert_located(text, &[("/base/x", 2, 3), ("/use/<<", 4, 3), ("/use/y/0", 5, 7), ("/second", 1, 1)]);
    }

    #[test]
    fn json_documents_map_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"x\"\n  }\n}\n";
        let file = SourceFile::new("t.json", text);
        assert_eq!(file.locate("/info/title").map(|l| l.line), Some(4));
    }
}
