//! Reading an OpenAPI document: the bytes, the typed `openapiv3` model, and
//! where in the text each JSON pointer lives.
//!
//! Locations are only needed when something is wrong, so the pointer-to-line
//! map is built lazily, from a second, marked parse of the same text.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Diagnostic, Location};

/// A spec file: its text, and where each node of it is.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user gave it (used in messages).
    pub path: PathBuf,
    /// The whole text.
    pub text: String,
    map: OnceCell<HashMap<String, Location>>,
}

impl SourceFile {
    /// A file whose text is already in memory.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self { path: path.into(), text: text.into(), map: OnceCell::new() }
    }

    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<Self, Box<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(
                Diagnostic::error(path, "", format!("cannot read the spec: {e}"))
                    .with_hint("check the path given with --spec"),
            )
        })?;
        Ok(Self::new(path, text))
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

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
    }
}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Parses the text into the `openapiv3` model. YAML is a superset of JSON, so
/// both go through the YAML parser.
///
/// A valid document costs one plain parse. Tracking the path of every node
/// (to say where an error is) slows parsing by a tenth or more, so only a
/// document that fails is parsed again with it.
pub fn parse_openapi(file: &SourceFile) -> Result<openapiv3::OpenAPI, Box<Diagnostic>> {
    if let Ok(doc) = serde_yaml::from_str(&file.text) {
        return Ok(doc);
    }
    let de = serde_yaml::Deserializer::from_str(&file.text);
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(de).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let inner = err.into_inner();
        let location = inner.location().map(|l| Location { line: l.line(), column: l.column() });
        let message = strip_path_prefix(&inner.to_string());
        let mut diag = Diagnostic::error(&file.path, &pointer, format!("not a valid OpenAPI 3.0 document: {message}"));
        diag.location = location;
        Box::new(diag.with_hint("the generator reads OpenAPI 3.0.x; check this node against the specification"))
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape_token(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", escape_token(variant))),
            Segment::Unknown => {}
        }
    }
    out
}

/// serde_yaml prefixes messages with a dotted path and a location, which the
/// diagnostic shows better on its own.
fn strip_path_prefix(message: &str) -> String {
    let message = match message.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') => rest,
        _ => message,
    };
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
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
    fn json_documents_map_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"x\"\n  }\n}\n";
        let file = SourceFile::new("t.json", text);
        assert_eq!(file.locate("/info/title").map(|l| l.line), Some(4));
    }
}
