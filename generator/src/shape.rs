//! Where a document that is valid YAML has a node of the wrong shape.
//!
//! `openapiv3` reads most of its types with `#[serde(flatten)]`, which loses
//! the path of an error inside them: serde can only say that the whole
//! document failed. This walk reads the document again node by node (a path
//! item, an operation, a schema, ...) and returns the innermost node that
//! does not read, with serde's message. Parsing uses it for the root
//! document, bundling for the nodes it copies from other files.

use crate::source::escape_token;

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
    Header,
    /// A callback: path items by expression.
    Callback,
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
        serde_path_to_error::deserialize::<_, T>(value)
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
        Node::Header => ref_or::<oa::Header>(value),
        Node::Callback => ref_or::<oa::Callback>(value),
    }
}

/// A child node: the tokens of its path below its parent, its value, its kind.
type Child<'v> = (Vec<String>, &'v serde_yaml::Value, Node);

/// The children of a node that are nodes too: every place `openapiv3`
/// reads a node of one of these kinds from.
pub(crate) fn children<'v>(value: &'v serde_yaml::Value, node: Node) -> Vec<Child<'v>> {
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
            entries(Some("callbacks"), Node::Callback, &mut out);
        }
        Node::Responses => entries(None, Node::Response, &mut out),
        Node::Response => {
            entries(Some("headers"), Node::Header, &mut out);
            entries(Some("content"), Node::MediaType, &mut out);
        }
        Node::RequestBody => entries(Some("content"), Node::MediaType, &mut out),
        Node::Callback => entries(None, Node::PathItem, &mut out),
        Node::Parameter | Node::Header => {
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
            entries(Some("headers"), Node::Header, &mut out);
            entries(Some("callbacks"), Node::Callback, &mut out);
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
/// diagnostic shows better on its own. A message that names `openapiv3`'s
/// types rather than the spec's is said in the spec's terms.
pub(crate) fn strip_path_prefix(message: &str) -> String {
    let message = match message.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') => rest,
        _ => message,
    };
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if message.starts_with("no variant of enum ParameterSchemaOrContent") {
        return "a parameter needs a `schema` or a `content`".to_owned();
    }
    message.to_owned()
}
