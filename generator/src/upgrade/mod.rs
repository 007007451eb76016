//! OpenAPI 3.1 and 3.2 documents, and Swagger 2.0 ones, rewritten into the
//! 3.0 shape that the rest of the pipeline reads.
//!
//! `openapiv3` is a 3.0 model. Rather than a second model, a 3.1 or 3.2
//! document is read as a YAML tree and rewritten in place, node by node,
//! into the 3.0 shape with the same meaning: `type: [T, "null"]` becomes
//! `type: T` with `nullable: true`, `const` a one-value `enum`, and so on
//! (the table is in [`schema`]). What has no 3.0 meaning the generated code
//! can keep is dropped with a located warning that names it; what has no
//! clear meaning at all is a located error. Nothing is dropped silently but
//! annotations that no generated code uses (`$comment`, `jsonSchemaDialect`).
//!
//! A Swagger 2.0 document is rewritten as a whole first (the table is in
//! [`swagger2`]): its schemas are 3.0 schemas but for a few spellings, the
//! rest of it moves.
//!
//! A 3.0 document goes through here only when the typed parse refused it,
//! and then only for the 3.1 spellings that have one clear meaning there
//! too (numeric `exclusiveMinimum`, `type` lists), each with a warning.
//!
//! Nodes keep their pointers wherever they can; when a rewrite moves one,
//! [`Moves`] records it, so diagnostics found later (by bundling, lowering)
//! still point at the line the user wrote.

mod document;
mod moves;
mod schema;
mod swagger2;

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::{Mapping, Value};

pub use moves::Moves;

use crate::diagnostics::Diagnostic;
use crate::shape::{children, Node};
use crate::source::escape_token;

/// The OpenAPI versions the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Swagger 2.0 (`swagger: "2.0"`): rewritten into 3.0 as a whole.
    V2_0,
    /// 3.0.x: read by `openapiv3` as it is.
    V3_0,
    /// 3.1.x: JSON Schema 2020-12 schemas, webhooks, `components.pathItems`.
    V3_1,
    /// 3.2.x: 3.1 plus the `query` method, `additionalOperations`,
    /// `itemSchema` and `components.mediaTypes`.
    V3_2,
}

impl Dialect {
    /// The dialect of an `openapi` version string (`3.1.0`), if it is one
    /// the generator reads.
    pub fn of(version: &str) -> Option<Self> {
        let mut parts = version.trim().split('.');
        match (parts.next(), parts.next()) {
            (Some("3"), Some("0")) => Some(Dialect::V3_0),
            (Some("3"), Some("1")) => Some(Dialect::V3_1),
            (Some("3"), Some("2")) => Some(Dialect::V3_2),
            _ => None,
        }
    }

    /// `2.0`, `3.0`, `3.1` or `3.2`, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Dialect::V2_0 => "2.0",
            Dialect::V3_0 => "3.0",
            Dialect::V3_1 => "3.1",
            Dialect::V3_2 => "3.2",
        }
    }
}

/// Rewrites the nodes of one file, recording what it moved and what it
/// had to say.
pub struct Upgrader<'f> {
    dialect: Dialect,
    file: &'f Path,
    /// What moved, to take later diagnostics back to the original text.
    pub moves: Moves,
    /// Errors and warnings, at pointers of the original text.
    pub diagnostics: Vec<Diagnostic>,
    /// `components.pathItems` and `components.mediaTypes` as written: what
    /// a `$ref` to one of them is replaced by.
    path_items: Mapping,
    media_types: Mapping,
    /// A Swagger 2.0 document's `produces`: what its responses are served
    /// as, those in its other files too.
    pub produces: Vec<String>,
    /// A Swagger 2.0 document's local `$ref`s, by the pointer of their node
    /// in the rewritten document: `(as rewritten, as written)`, for messages
    /// to quote them as written.
    pub refs: HashMap<String, (String, String)>,
}

impl<'f> Upgrader<'f> {
    /// An upgrader for a file of a document in `dialect`.
    pub fn new(dialect: Dialect, file: &'f Path) -> Self {
        Self {
            dialect,
            file,
            moves: Moves::default(),
            diagnostics: Vec::new(),
            path_items: Mapping::new(),
            media_types: Mapping::new(),
            produces: Vec::new(),
            refs: HashMap::new(),
        }
    }

    /// Rewrites a whole document.
    pub fn document(&mut self, doc: &mut Value) {
        match self.dialect {
            Dialect::V2_0 => self.swagger2(doc),
            Dialect::V3_0 => self.paths_required(doc),
            Dialect::V3_1 | Dialect::V3_2 => self.document_level(doc),
        }
        self.walk(doc, Node::Document, "");
    }

    /// Rewrites one node of another file (a schema, a parameter, ...) that a
    /// `$ref` points at; `at` is its pointer in that file.
    pub fn node(&mut self, value: &mut Value, kind: Node, at: &str) {
        if self.dialect == Dialect::V2_0 {
            self.swagger2_node(value, kind, at);
        }
        self.walk(value, kind, at);
    }

    /// Whether the document is read as 3.0 (only the forgiving rewrites): a
    /// 2.0 one is, once rewritten.
    fn lenient(&self) -> bool {
        matches!(self.dialect, Dialect::V3_0 | Dialect::V2_0)
    }

    /// A warning about the node now at `at`.
    fn warn(&mut self, at: &str, message: impl Into<String>, hint: &str) {
        let pointer = self.moves.original(at);
        self.diagnostics.push(Diagnostic::warning(self.file, &pointer, message).with_hint(hint));
    }

    /// An error about the node now at `at`.
    fn error(&mut self, at: &str, message: impl Into<String>, hint: &str) {
        let pointer = self.moves.original(at);
        self.diagnostics.push(Diagnostic::error(self.file, &pointer, message).with_hint(hint));
    }

    /// Rewrites `value`, a `kind` at `at`, then its children.
    fn walk(&mut self, value: &mut Value, kind: Node, at: &str) {
        match kind {
            Node::Schema => self.schema(value, at),
            Node::PathItem if !self.lenient() => self.path_item(value, at),
            Node::MediaType if !self.lenient() => self.media_type(value, at),
            Node::Components if !self.lenient() => self.components(value, at),
            Node::Response => self.response_description(value, at),
            Node::Operation => self.callbacks(value, at),
            _ => {}
        }
        let slots: Vec<(Vec<String>, Node)> = children(value, kind).into_iter().map(|(tokens, _, kind)| (tokens, kind)).collect();
        for (tokens, child_kind) in slots {
            let pointer: String = tokens.iter().map(|t| format!("/{}", escape_token(t))).collect();
            if let Some(child) = child_mut(value, &tokens) {
                self.walk(child, child_kind, &format!("{at}{pointer}"));
            }
        }
        // Definitions local to a schema: `$ref`s may point into them.
        if kind == Node::Schema {
            for defs in ["$defs", "definitions"] {
                let Some(Value::Mapping(map)) = value.get_mut(defs) else { continue };
                for (k, v) in map.iter_mut() {
                    if let Some(k) = crate::shape::scalar_key(k) {
                        let here = format!("{at}/{defs}/{}", escape_token(&k));
                        self.walk(v, Node::Schema, &here);
                    }
                }
            }
        }
    }
}

impl Upgrader<'_> {
    /// A response without `description`, which OpenAPI requires before 3.2
    /// and hand-written specs leave out: an empty one, with a warning (3.2
    /// made it optional: no warning there).
    fn response_description(&mut self, value: &mut Value, at: &str) {
        let Value::Mapping(map) = value else { return };
        if map.contains_key("description") || map.contains_key("$ref") {
            return;
        }
        map.insert(key("description"), Value::String(String::new()));
        if self.dialect != Dialect::V3_2 {
            self.warn(
                at,
                format!("this response has no `description`, which OpenAPI {} requires: read as an empty one", self.dialect.label()),
                "describe the response",
            );
        }
    }
}

/// The node below `value` at `tokens`.
fn child_mut<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    let mut node = value;
    for token in tokens {
        node = match node {
            // A string key is looked up by hash (a section may have thousands
            // of entries); a number or boolean key (`200:`) by its text.
            Value::Mapping(map) => {
                if map.contains_key(token.as_str()) {
                    map.get_mut(token.as_str())?
                } else {
                    map.iter_mut().find(|(k, _)| crate::shape::scalar_key(k).as_deref() == Some(token))?.1
                }
            }
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// A mapping key.
fn key(name: &str) -> Value {
    Value::String(name.to_owned())
}

/// `at` with one more token.
fn child(at: &str, token: &str) -> String {
    format!("{at}/{}", escape_token(token))
}
