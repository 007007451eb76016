//! Values of any type in OpenAPI's parameter styles: a value is serialized
//! by serde (so dates, enums, unions and structs write what their JSON
//! says), read back as a [`Node`] that keeps the order of keys, and laid out
//! as `name=value` pairs (`form`, `spaceDelimited`, `pipeDelimited`,
//! `deepObject`) or as text (`simple`, and the parts of a multipart body).
//! Form bodies (`application/x-www-form-urlencoded`) are written here too.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use super::encoding::{percent_encode, percent_encode_reserved};
use super::RequestError;

/// A serialized value, as the styles see it.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// A string.
    String(String),
    /// A number or a boolean, as JSON writes it.
    Scalar(String),
    /// An array.
    List(Vec<Node>),
    /// An object, its keys in the order they were written.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// The value of `value`, as serde writes it.
    pub fn of<T: Serialize + ?Sized>(value: &T) -> Result<Self, RequestError> {
        // Through JSON text: `serde_json::Value` would sort the keys.
        let json = serde_json::to_vec(value).map_err(RequestError::Body)?;
        serde_json::from_slice(&json).map_err(RequestError::Body)
    }

    /// The value as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Node::Null => out.push_str("null"),
            Node::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            Node::Scalar(s) => out.push_str(s),
            Node::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_json(out);
                }
                out.push(']');
            }
            Node::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push(':');
                    value.write_json(out);
                }
                out.push('}');
            }
        }
    }

    /// A value that is one piece of text: a string as it is, a number or
    /// boolean as JSON writes it, `null` as nothing; a value with structure
    /// (nested deeper than a style goes) as JSON text.
    fn text(&self) -> String {
        match self {
            Node::Null => String::new(),
            Node::String(s) | Node::Scalar(s) => s.clone(),
            Node::List(_) | Node::Object(_) => self.to_json(),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
                Ok(Node::Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
                // As JSON writes it (`1.0`, not `1`).
                Ok(Node::Scalar(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())))
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::String(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Node, E> {
                Ok(Node::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Node::Object(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A parameter style, as OpenAPI names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name=value`; arrays repeated (exploded) or `name=a,b`; objects as
    /// their own pairs (exploded) or `name=k,v,k2,v2`.
    Form,
    /// `a,b`; objects `k,v` or, exploded, `k=v`.
    Simple,
    /// Arrays joined by spaces.
    SpaceDelimited,
    /// Arrays joined by `|`.
    PipeDelimited,
    /// `name[key]=value`, nested as deep as the value goes; array items
    /// numbered (`name[list][0]=a`).
    DeepObject,
}

/// How a property of a form body is written, when its `encoding` says so.
#[derive(Clone, Copy, Debug)]
pub struct FormField {
    /// The property's name.
    pub name: &'static str,
    /// Its style.
    pub style: Style,
    /// Whether arrays and objects are exploded.
    pub explode: bool,
    /// Written as JSON text (`contentType: application/json`).
    pub json: bool,
}

/// The `name=value` pairs of `value` in `style`, as OpenAPI 3 lays them
/// out, each percent-encoded (the separators between the items of one value
/// are not: `,`, and `%20` or `%7C` for `spaceDelimited` and
/// `pipeDelimited`):
///
/// | style | explode | array `[a, b]` | object `{x: 1, y: 2}` |
/// | --- | --- | --- | --- |
/// | `form` | yes | `n=a&n=b` | `x=1&y=2` |
/// | `form` | no | `n=a,b` | `n=x,1,y,2` |
/// | `spaceDelimited` | yes | `n=a&n=b` | `x=1&y=2` |
/// | `spaceDelimited` | no | `n=a%20b` | `n=x%201%20y%202` |
/// | `pipeDelimited` | yes | `n=a&n=b` | `x=1&y=2` |
/// | `pipeDelimited` | no | `n=a%7Cb` | `n=x%7C1%7Cy%7C2` |
/// | `deepObject` | either | `n[0]=a&n[1]=b` | `n[x]=1&n[y]=2` |
///
/// Values nested deeper than a style goes are written as JSON text;
/// `deepObject` nests as deep as the value goes (`n[x][y]=1`), numbering
/// array items.
pub fn pairs(name: &str, value: &Node, style: Style, explode: bool) -> Vec<(String, String)> {
    laid_out(name, value, style, explode, encode)
}

/// The pairs of [`pairs`] with `allowReserved`: in values, RFC 3986's
/// reserved characters (but `#`, `[`, `]`, `&` and `+`) and percent-encoded
/// triples are left as they are.
pub fn pairs_reserved(name: &str, value: &Node, style: Style, explode: bool) -> Vec<(String, String)> {
    laid_out(name, value, style, explode, encode_reserved)
}

/// The pairs of `value`, names encoded by [`encode`] and values by `value_encoding`.
fn laid_out(name: &str, value: &Node, style: Style, explode: bool, value_encoding: fn(&str) -> String) -> Vec<(String, String)> {
    let key = || encode(name);
    let separator = match style {
        Style::SpaceDelimited => "%20",
        Style::PipeDelimited => "%7C",
        _ => ",",
    };
    match (value, style) {
        (Node::Object(_) | Node::List(_), Style::DeepObject) => {
            let mut out = Vec::new();
            deep_pairs(name, value, value_encoding, &mut out);
            out
        }
        (Node::List(items), _) if explode => items.iter().map(|item| (key(), value_encoding(&item.text()))).collect(),
        (Node::List(items), _) => vec![(key(), items.iter().map(|item| value_encoding(&item.text())).collect::<Vec<_>>().join(separator))],
        (Node::Object(entries), _) if explode => entries.iter().map(|(k, v)| (encode(k), value_encoding(&v.text()))).collect(),
        (Node::Object(entries), _) => {
            let joined = entries.iter().flat_map(|(k, v)| [value_encoding(k), value_encoding(&v.text())]).collect::<Vec<_>>().join(separator);
            vec![(key(), joined)]
        }
        (scalar, _) => vec![(key(), value_encoding(&scalar.text()))],
    }
}

/// `deepObject`: `name[key][key2]=value`, items of arrays numbered.
fn deep_pairs(prefix: &str, value: &Node, value_encoding: fn(&str) -> String, out: &mut Vec<(String, String)>) {
    match value {
        Node::Object(entries) => {
            for (key, value) in entries {
                deep_pairs(&format!("{prefix}[{key}]"), value, value_encoding, out);
            }
        }
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                deep_pairs(&format!("{prefix}[{i}]"), item, value_encoding, out);
            }
        }
        scalar => out.push((encode(prefix), value_encoding(&scalar.text()))),
    }
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode(&mut out, text);
    out
}

fn encode_reserved(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_reserved(&mut out, text);
    out
}

/// A value as one piece of text, in the `simple` style (path and header
/// parameters, multipart text parts): `a,b` for an array, `k,v,k2,v2` for an
/// object (`k=v,k2=v2` exploded). Nothing is percent-encoded.
pub fn simple_text<T: Serialize + ?Sized>(value: &T, explode: bool) -> Result<String, RequestError> {
    Ok(match Node::of(value)? {
        Node::List(items) => items.iter().map(Node::text).collect::<Vec<_>>().join(","),
        Node::Object(entries) if explode => entries.iter().map(|(k, v)| format!("{k}={}", v.text())).collect::<Vec<_>>().join(","),
        Node::Object(entries) => entries.iter().flat_map(|(k, v)| [k.clone(), v.text()]).collect::<Vec<_>>().join(","),
        scalar => scalar.text(),
    })
}

/// A value as JSON text, for a parameter described by `content` in a JSON
/// media type: serde_json's compact text, then sent as one string of its
/// location (percent-encoded in the path, query and cookies; as it is in a
/// header).
pub fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    serde_json::to_string(value).map_err(RequestError::Body)
}

/// An `application/x-www-form-urlencoded` body: each property of `body` (an
/// object) as `name=value` pairs, in the order serde writes them, in the
/// `form` style exploded unless `fields` says otherwise. `null` is written as
/// an empty value (`name=`), so that it stays apart from a property left out.
pub fn form_body<T: Serialize + ?Sized>(body: &T, fields: &[FormField]) -> Result<Vec<u8>, RequestError> {
    let Node::Object(entries) = Node::of(body)? else {
        return Err(RequestError::InvalidBody { reason: "a form body must serialize to an object".into() });
    };
    let mut out = String::new();
    for (name, value) in &entries {
        let field = fields.iter().find(|f| f.name == name);
        let pairs = match field {
            Some(f) if f.json => vec![(encode(name), encode(&value.to_json()))],
            Some(f) => pairs(name, value, f.style, f.explode),
            None => pairs(name, value, Style::Form, true),
        };
        for (key, value) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&key);
            out.push('=');
            out.push_str(&value);
        }
    }
    Ok(out.into_bytes())
}
