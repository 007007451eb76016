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
    /// Where it is on disk, when it was read from a file: relative `$ref`s
    /// into other files are followed from there.
    pub disk_path: Option<PathBuf>,
    map: OnceCell<HashMap<String, Location>>,
}

impl SourceFile {
    /// A file whose text is already in memory.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        Self { path: path.into(), text: text.into(), disk_path: None, map: OnceCell::new() }
    }

    /// The same file, read from `path` on disk (which may differ from how
    /// it is shown).
    pub fn with_disk_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.disk_path = Some(path.into());
        self
    }

    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<Self, Box<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(
                Diagnostic::error(path, "", format!("cannot read the spec: {e}"))
                    .with_hint("check the path given with --spec"),
            )
        })?;
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

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)?)
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
        let mut pointer = path_to_pointer(err.path());
        let inner = err.into_inner();
        let mut location = inner.location().map(|l| Location { line: l.line(), column: l.column() });
        let mut message = strip_path_prefix(&inner.to_string());
        // Valid YAML of the wrong shape: serde lost the path inside
        // `flatten`ed structs (most of openapiv3's), so look for the node.
        if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&file.text) {
            if let Some((p, m)) = innermost_error(&value, Node::Document, "") {
                (pointer, message, location) = (p, m, None);
            }
        }
        let mut diag = Diagnostic::error(&file.path, &pointer, format!("not a valid OpenAPI 3.0 document: {message}"));
        diag.location = location;
        Box::new(diag.with_hint("the generator reads OpenAPI 3.0.x; check this node against the specification"))
    })
}

/// The kinds of node an error is looked for in: those whose types
/// `openapiv3` reads with `flatten`, which hides where inside them it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// The whole document.
    Document,
    Paths,
    PathItem,
    Operation,
    Responses,
    Response,
    RequestBody,
    Parameter,
    MediaType,
    Schema,
    Components,
}

/// The innermost node under `value` (a `node` at `pointer`) that does not
/// read as what it should be, with serde's message: its pointer, and the
/// message. `None` when `value` reads.
pub(crate) fn innermost_error(value: &serde_yaml::Value, node: Node, pointer: &str) -> Option<(String, String)> {
    let (path, message) = check(value, node)?;
    for (tokens, child, kind) in children(value, node) {
        let child_pointer: String = tokens.iter().map(|t| format!("/{}", escape_token(t))).collect();
        if let Some(found) = innermost_error(child, kind, &format!("{pointer}{child_pointer}")) {
            return Some(found);
        }
    }
    Some((format!("{pointer}{path}"), message))
}

/// Reads `value` as `node`; on failure, the path below it and the message.
fn check(value: &serde_yaml::Value, node: Node) -> Option<(String, String)> {
    use openapiv3 as oa;
    fn read<T: serde::de::DeserializeOwned>(value: &serde_yaml::Value) -> Option<(String, String)> {
        serde_path_to_error::deserialize::<_, T>(value.clone())
            .err()
            .map(|e| (path_to_pointer(e.path()), strip_path_prefix(&e.into_inner().to_string())))
    }
    // A `$ref` or the thing itself: read as the thing, whose message says
    // what was expected (the untagged `ReferenceOr` only says it failed).
    fn ref_or<T: serde::de::DeserializeOwned>(value: &serde_yaml::Value) -> Option<(String, String)> {
        match value.get("$ref") {
            Some(_) => read::<oa::ReferenceOr<T>>(value),
            None => read::<T>(value),
        }
    }
    match node {
        Node::Document => read::<oa::OpenAPI>(value),
        Node::Paths => read::<oa::Paths>(value),
        Node::PathItem => ref_or::<oa::PathItem>(value),
        Node::Operation => read::<oa::Operation>(value),
        Node::Responses => read::<oa::Responses>(value),
        Node::Response => ref_or::<oa::Response>(value),
        Node::RequestBody => ref_or::<oa::RequestBody>(value),
        Node::Parameter => ref_or::<oa::Parameter>(value),
        Node::MediaType => read::<oa::MediaType>(value),
        Node::Schema => ref_or::<oa::Schema>(value),
        Node::Components => read::<oa::Components>(value),
    }
}

/// A child node: the tokens of its path below its parent, its value, its kind.
type Child<'v> = (Vec<String>, &'v serde_yaml::Value, Node);

/// The children of a node that are nodes too.
fn children<'v>(value: &'v serde_yaml::Value, node: Node) -> Vec<Child<'v>> {
    let mut out: Vec<Child<'v>> = Vec::new();
    // Each entry of the mapping at `key`, or of the node itself.
    let entries = |key: Option<&str>, kind: Node, out: &mut Vec<Child<'v>>| {
        let map = match key {
            Some(key) => value.get(key),
            None => Some(value),
        };
        let Some(serde_yaml::Value::Mapping(map)) = map else { return };
        for (k, v) in map {
            match scalar_key(k) {
                Some(k) if !k.starts_with("x-") => out.push((key.into_iter().map(str::to_owned).chain([k]).collect(), v, kind)),
                _ => {}
            }
        }
    };
    let items = |key: &str, kind: Node, out: &mut Vec<Child<'v>>| {
        if let Some(serde_yaml::Value::Sequence(items)) = value.get(key) {
            out.extend(items.iter().enumerate().map(|(i, v)| (vec![key.to_owned(), i.to_string()], v, kind)));
        }
    };
    let one = |key: &str, kind: Node, out: &mut Vec<Child<'v>>| {
        if let Some(v) = value.get(key) {
            out.push((vec![key.to_owned()], v, kind));
        }
    };
    match node {
        Node::Document => {
            one("paths", Node::Paths, &mut out);
            one("components", Node::Components, &mut out);
        }
        Node::Paths => entries(None, Node::PathItem, &mut out),
        Node::PathItem => {
            items("parameters", Node::Parameter, &mut out);
            for method in crate::ir::HttpMethod::ALL {
                one(method.key(), Node::Operation, &mut out);
            }
        }
        Node::Operation => {
            items("parameters", Node::Parameter, &mut out);
            one("requestBody", Node::RequestBody, &mut out);
            one("responses", Node::Responses, &mut out);
        }
        Node::Responses => entries(None, Node::Response, &mut out),
        Node::Response | Node::RequestBody => entries(Some("content"), Node::MediaType, &mut out),
        Node::Parameter => {
            one("schema", Node::Schema, &mut out);
            entries(Some("content"), Node::MediaType, &mut out);
        }
        Node::MediaType => one("schema", Node::Schema, &mut out),
        Node::Schema => {
            entries(Some("properties"), Node::Schema, &mut out);
            one("items", Node::Schema, &mut out);
            one("not", Node::Schema, &mut out);
            if let Some(v @ serde_yaml::Value::Mapping(_)) = value.get("additionalProperties") {
                out.push((vec!["additionalProperties".into()], v, Node::Schema));
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                items(key, Node::Schema, &mut out);
            }
        }
        Node::Components => {
            entries(Some("schemas"), Node::Schema, &mut out);
            entries(Some("parameters"), Node::Parameter, &mut out);
            entries(Some("responses"), Node::Response, &mut out);
            entries(Some("requestBodies"), Node::RequestBody, &mut out);
        }
    }
    out
}

/// A mapping key as the text a pointer token spells.
pub(crate) fn scalar_key(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The JSON pointer of the place serde_path_to_error reports.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
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
pub(crate) fn strip_path_prefix(message: &str) -> String {
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
    fn a_node_of_the_wrong_type_is_found_inside_flattened_structs() {
        let error = |text: &str| {
            let file = SourceFile::new("t.yaml", format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{text}"));
            let d = parse_openapi(&file).expect_err("the document is invalid");
            (d.pointer.clone(), d.message.clone())
        };
        let (pointer, message) = error("paths: {/a: {get: {responses: {'200': {description: OK, content: {application/json: {schema: {items: [1]}}}}}}}}");
        assert_eq!(pointer, "/paths/~1a/get/responses/200/content/application~1json/schema/items");
        assert!(message.contains("expected struct Schema"), "{message}");
        let (pointer, _) = error("paths: {}\ncomponents: {parameters: {P: {name: p, in: header, schema: {properties: {x: 1}}}}}");
        assert_eq!(pointer, "/components/parameters/P/schema/properties/x");
        // Not YAML at all: where the parser was.
        let (pointer, message) = error("paths: {/a: [}");
        assert_eq!(pointer, "/paths/~1a");
        assert!(message.contains("did not find expected"), "{message}");
    }

    #[test]
    fn json_documents_map_too() {
        let text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\n    \"title\": \"x\"\n  }\n}\n";
        let file = SourceFile::new("t.json", text);
        assert_eq!(file.locate("/info/title").map(|l| l.line), Some(4));
    }
}
