//! A spec file as text, and where in that text each JSON pointer lives.
//!
//! Parsing, bundling and diagnostics all speak of nodes by JSON pointer; this
//! module turns a pointer back into a line and column. It depends on nothing
//! else in the crate, so every stage can import it.
//!
//! Locations are only needed when something is wrong, so the pointer-to-line
//! map is built lazily, from a second, marked parse of the same text.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
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
    token.replace('~', "~0").replace('/', "~1")
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

fn build_map(text: &str) -> HashMap<String, Location> {
    let mut builder = MapBuilder::default();
    let mut parser = Parser::new_from_str(text);
    // A text that does not parse leaves a partial map, which is still useful.
    let _ = parser.load(&mut builder, false);
    builder.map
}

#[derive(Default)]
struct MapBuilder {
    map: HashMap<String, Location>,
    stack: Vec<Frame>,
}

enum Frame {
    /// A mapping; `key` is the pending key, if one was read; `first` until
    /// its first key has been seen.
    Map { pointer: String, key: Option<(String, Marker)>, first: bool },
    /// A sequence; `next` is the index of the next item.
    Seq { pointer: String, next: usize },
}

impl MapBuilder {
    /// The pointer of the node that starts now, and where its location is
    /// taken from (the key's line for mapping values).
    fn next_node(&mut self, mark: Marker) -> Option<(String, Marker)> {
        match self.stack.last_mut() {
            None => Some((String::new(), mark)),
            Some(Frame::Map { pointer, key, .. }) => key.take().map(|(k, m)| (format!("{pointer}/{}", escape_token(&k)), m)),
            Some(Frame::Seq { pointer, next }) => {
                let p = format!("{pointer}/{next}");
                *next += 1;
                Some((p, mark))
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        self.map.entry(pointer.to_owned()).or_insert(Location { line: mark.line(), column: mark.col() + 1 });
    }
}

impl MarkedEventReceiver for MapBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                // A scalar in key position is a key, not a node.
                if let Some(Frame::Map { key, first, pointer }) = self.stack.last_mut() {
                    if key.is_none() {
                        // yaml-rust2 marks a block mapping after its first key
                        // (at the colon); the key is where the node starts.
                        if std::mem::take(first) {
                            if let Some(loc) = self.map.get_mut(pointer.as_str()) {
                                if loc.line == mark.line() && loc.column > mark.col() + 1 {
                                    *loc = Location { line: mark.line(), column: mark.col() + 1 };
                                }
                            }
                        }
                        *key = Some((value, mark));
                        return;
                    }
                }
                if let Some((p, m)) = self.next_node(mark) {
                    self.record(&p, m);
                }
            }
            Event::Alias(_) => {
                if let Some((p, m)) = self.next_node(mark) {
                    self.record(&p, m);
                }
            }
            Event::MappingStart(..) => {
                let (p, m) = self.next_node(mark).unwrap_or_default_pointer(mark);
                self.record(&p, m);
                self.stack.push(Frame::Map { pointer: p, key: None, first: true });
            }
            Event::SequenceStart(..) => {
                let (p, m) = self.next_node(mark).unwrap_or_default_pointer(mark);
                self.record(&p, m);
                self.stack.push(Frame::Seq { pointer: p, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

trait OrDefaultPointer {
    fn unwrap_or_default_pointer(self, mark: Marker) -> (String, Marker);
}

impl OrDefaultPointer for Option<(String, Marker)> {
    /// A complex mapping key (rare) has no pointer; it is filed under a name
    /// no pointer can spell, so that its children do not pollute the map.
    fn unwrap_or_default_pointer(self, mark: Marker) -> (String, Marker) {
        self.unwrap_or_else(|| ("\u{0}complex-key".to_owned(), mark))
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

    #[test]
    fn json_documents_map_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"x\"\n  }\n}\n";
        let file = SourceFile::new("t.json", text);
        assert_eq!(file.locate("/info/title").map(|l| l.line), Some(4));
    }
}
