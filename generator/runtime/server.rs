//! The server's support code (feature `server`), the same in every generated
//! crate: routing a request to its operation, reading parameters in their
//! styles and bodies in their media types, the caller's credentials, the
//! refusals (400, 401, 404, 405, 413, 415) with a JSON body, and
//! responses written back. Sans-IO apart from [`read_body`].

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::runtime::{SentAs, Style};

/// The router's settings.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// The largest request body read, in bytes; a larger one is refused
    /// with 413. 2 MiB by default.
    pub body_limit: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self { body_limit: 2 * 1024 * 1024 }
    }
}

impl Config {
    /// Sets the largest request body read, in bytes.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }
}

/// A request the server refuses before (or instead of) calling the handler,
/// or an error a handler returns: a status and a JSON body
/// `{"error": message, "at": where}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The status sent.
    pub status: http::StatusCode,
    /// What is wrong.
    pub message: String,
    /// Where: a parameter's name on the wire, or a path under `body`.
    pub at: Option<String>,
}

impl Rejection {
    /// A rejection with this status and message.
    pub fn new(status: http::StatusCode, message: impl Into<String>) -> Self {
        Self { status, message: message.into(), at: None }
    }

    /// 400, naming where.
    pub fn bad_request(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self { status: http::StatusCode::BAD_REQUEST, message: message.into(), at: Some(at.into()) }
    }

    /// 400 for a value that breaks a constraint of the spec.
    pub fn invalid(error: &crate::validate::ValidationError) -> Self {
        Self::bad_request(error.path(), error.message())
    }

    /// 500 with this message: what a handler returns when it fails.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(http::StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The response: the status, and the JSON body.
    pub fn to_http_response(&self) -> http::Response<Vec<u8>> {
        let body = serde_json::json!({ "error": self.message, "at": self.at });
        let mut response = http::Response::new(serde_json::to_vec(&body).unwrap_or_default());
        *response.status_mut() = self.status;
        response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        response
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{} at `{at}`: {}", self.status, self.message),
            None => write!(f, "{}: {}", self.status, self.message),
        }
    }
}

impl std::error::Error for Rejection {}

/// A piece of a path template.
#[derive(Clone, Copy, Debug)]
pub enum Piece {
    /// Text matched as it is.
    Literal(&'static str),
    /// A path parameter: any text without `/`.
    Param(&'static str),
}

/// An operation's method and path template, and the operation (`Op`, the
/// generated router's enum) a match routes to.
#[derive(Clone, Debug)]
pub struct Route<Op: 'static> {
    /// The method.
    pub method: http::Method,
    /// The path template in pieces.
    pub pieces: &'static [Piece],
    /// The operation.
    pub op: Op,
}

/// The path parameters of a matched route, as received (percent-encoded).
#[derive(Clone, Debug, Default)]
pub struct PathParams(Vec<(&'static str, String)>);

/// What routing found.
#[derive(Debug)]
pub enum Routed<Op> {
    /// The operation, and its path parameters.
    Found(Op, PathParams),
    /// No template matches the path: 404.
    NotFound,
    /// Templates match the path, with other methods: 405.
    MethodNotAllowed(Vec<http::Method>),
}

/// Routes a request: the first route (the generator orders them literal
/// segments first) whose template matches the raw path and whose method is
/// the request's.
pub fn route<Op: Copy>(routes: &[Route<Op>], method: &http::Method, path: &str) -> Routed<Op> {
    let mut allowed = Vec::new();
    for route in routes {
        if let Some(params) = match_pieces(route.pieces, path) {
            if route.method == *method {
                return Routed::Found(route.op, PathParams(params));
            }
            if !allowed.contains(&route.method) {
                allowed.push(route.method.clone());
            }
        }
    }
    if allowed.is_empty() {
        Routed::NotFound
    } else {
        Routed::MethodNotAllowed(allowed)
    }
}

/// Matches a path against a template: literals exactly, each parameter the
/// shortest text up to the next literal (never `/`, never empty).
fn match_pieces(pieces: &[Piece], path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut rest = path;
    let mut params = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        match pieces[i] {
            Piece::Literal(literal) => rest = rest.strip_prefix(literal)?,
            Piece::Param(name) => {
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let end = match pieces.get(i + 1) {
                    Some(Piece::Literal(next)) if !next.starts_with('/') => rest[..segment_end].find(next)?,
                    _ => segment_end,
                };
                if end == 0 {
                    return None;
                }
                params.push((name, rest[..end].to_owned()));
                rest = &rest[end..];
            }
        }
        i += 1;
    }
    rest.is_empty().then_some(params)
}

/// Percent-decodes `text` (`+` as a space when `plus` is set) into UTF-8.
fn percent_decode(text: &str, plus: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The `name=value` pairs of a query string, form body or `Cookie` header:
/// each name decoded, each value as received and decoded (a comma the
/// client encoded is part of an item; one it did not separates items).
#[derive(Clone, Debug, Default)]
pub struct Pairs(Vec<(String, String, String)>);

impl Pairs {
    /// Reads `a=1&b=2` (`+` is a space); `at` names the source in errors.
    pub fn parse(text: &str, at: &str) -> Result<Self, Rejection> {
        Self::read(text.split('&'), true, at)
    }

    fn read<'a>(pairs: impl Iterator<Item = &'a str>, plus: bool, at: &str) -> Result<Self, Rejection> {
        let mut out = Vec::new();
        for pair in pairs.filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |t: &str| percent_decode(t, plus).ok_or_else(|| Rejection::bad_request(at, "invalid percent-encoding or UTF-8"));
            out.push((decode(name)?, value.to_owned(), decode(value)?));
        }
        Ok(Self(out))
    }

    /// The query string of a request.
    pub fn query(parts: &http::request::Parts) -> Result<Self, Rejection> {
        Self::parse(parts.uri.query().unwrap_or(""), "query")
    }

    /// The cookies of a request (every `Cookie` header).
    pub fn cookies(parts: &http::request::Parts) -> Result<Self, Rejection> {
        let mut texts = Vec::new();
        for header in parts.headers.get_all(http::header::COOKIE) {
            texts.push(header.to_str().map_err(|_| Rejection::bad_request("Cookie", "not visible ASCII"))?);
        }
        Self::read(texts.iter().flat_map(|t| t.split(';')).map(str::trim), false, "Cookie")
    }

    /// The values sent for `name`, decoded, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(n, _, _)| n == name).map(|(_, _, v)| v.as_str())
    }

    /// The first value sent for `name`, decoded.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _, _)| n == name).map(|(_, _, v)| v.as_str())
    }

    /// The first value sent for `name` split at `separator` where it was
    /// not percent-encoded, each item decoded.
    fn split(&self, name: &str, separator: char) -> Option<Result<Vec<String>, String>> {
        let (_, raw, _) = self.0.iter().find(|(n, _, _)| n == name)?;
        if raw.is_empty() {
            return Some(Ok(Vec::new()));
        }
        Some(
            raw.split(separator)
                .map(|item| percent_decode(item, true).ok_or_else(|| "invalid percent-encoding or UTF-8".to_owned()))
                .collect(),
        )
    }
}

/// What a parameter's value looks like as JSON, which the generator knows
/// from its type: text is read into it, then the value is deserialized.
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    /// A string (and string enums, dates).
    Text,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Anything (a union, a value of no type): JSON text when it parses as
    /// JSON, else a string.
    Any,
    /// An array of items of this shape.
    List(&'static Shape),
    /// An object with these properties.
    Object(&'static [(&'static str, Shape)]),
    /// JSON text, whatever the value (a parameter described by `content` in
    /// a JSON media type): text that does not parse is refused.
    Json,
}

/// One value's text as `shape` (a list or object inside a single value is
/// read as JSON text, as the client writes it).
pub(crate) fn scalar(text: &str, shape: Shape) -> Result<Value, String> {
    match shape {
        Shape::Text => Ok(Value::String(text.to_owned())),
        Shape::Number => serde_json::from_str::<serde_json::Number>(text.trim())
            .map(Value::Number)
            .map_err(|_| format!("expected a number, got `{text}`")),
        Shape::Boolean => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("expected `true` or `false`, got `{text}`")),
        },
        Shape::Any | Shape::List(_) | Shape::Object(_) => Ok(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))),
        Shape::Json => serde_json::from_str(text).map_err(|e| format!("expected JSON text: {e}")),
    }
}

/// The shape of `name` among an object's properties (`Any` for one it does
/// not list).
fn field_shape(fields: &[(&'static str, Shape)], name: &str) -> Shape {
    fields.iter().find(|(n, _)| *n == name).map_or(Shape::Any, |(_, s)| *s)
}

/// `k,v,k2,v2` or, exploded, `k=v,k2=v2`, as an object.
fn object_from_items<'a>(items: impl Iterator<Item = &'a str>, fields: &[(&'static str, Shape)], explode: bool) -> Result<Value, String> {
    let mut object = serde_json::Map::new();
    if explode {
        for item in items {
            let (k, v) = item.split_once('=').ok_or_else(|| format!("expected `key=value`, got `{item}`"))?;
            object.insert(k.to_owned(), scalar(v, field_shape(fields, k))?);
        }
    } else {
        let items: Vec<&str> = items.collect();
        let pairs = items.chunks_exact(2);
        if !pairs.remainder().is_empty() {
            return Err("expected key,value pairs".into());
        }
        for pair in pairs {
            object.insert(pair[0].to_owned(), scalar(pair[1], field_shape(fields, pair[0]))?);
        }
    }
    Ok(Value::Object(object))
}

/// A value in the `simple` style (path and header parameters): `a,b` for an
/// array, `k,v` or `k=v` for an object.
fn simple(text: &str, shape: Shape, explode: bool) -> Result<Value, String> {
    match shape {
        Shape::List(_) if text.is_empty() => Ok(Value::Array(Vec::new())),
        Shape::List(item) => text.split(',').map(|t| scalar(t, *item)).collect::<Result<_, _>>().map(Value::Array),
        Shape::Object(fields) => object_from_items(text.split(','), fields, explode),
        _ => scalar(text, shape),
    }
}

fn deserialize<T: DeserializeOwned>(value: Value, at: &str) -> Result<T, Rejection> {
    serde_json::from_value(value).map_err(|e| Rejection::bad_request(at, e.to_string()))
}

/// A required parameter that was not sent.
pub fn required<T>(value: Option<T>, name: &str) -> Result<T, Rejection> {
    value.ok_or_else(|| Rejection::bad_request(name, "required, not sent"))
}

/// A path parameter (`simple` style), percent-decoded; `.` and `..` are
/// refused as the client refuses to send them.
pub fn path_param<T: DeserializeOwned>(params: &PathParams, name: &'static str, shape: Shape, explode: bool) -> Result<T, Rejection> {
    let raw = params.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let text = percent_decode(raw, false).ok_or_else(|| Rejection::bad_request(name, "invalid percent-encoding or UTF-8"))?;
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(Rejection::bad_request(name, "a path parameter cannot be empty, `.` or `..`"));
    }
    let value = simple(&text, shape, explode).map_err(|e| Rejection::bad_request(name, e))?;
    deserialize(value, name)
}

/// A header parameter (`simple` style); several headers of the name are
/// joined with commas.
pub fn header_param<T: DeserializeOwned>(
    parts: &http::request::Parts,
    name: &'static str,
    shape: Shape,
    explode: bool,
) -> Result<Option<T>, Rejection> {
    let mut texts = Vec::new();
    for value in parts.headers.get_all(name) {
        texts.push(value.to_str().map_err(|_| Rejection::bad_request(name, "not visible ASCII"))?.trim());
    }
    if texts.is_empty() {
        return Ok(None);
    }
    let value = simple(&texts.join(","), shape, explode).map_err(|e| Rejection::bad_request(name, e))?;
    deserialize(value, name).map(Some)
}

/// A cookie parameter (`form` style, not exploded: an array `a,b`).
pub fn cookie_param<T: DeserializeOwned>(cookies: &Pairs, name: &'static str, shape: Shape) -> Result<Option<T>, Rejection> {
    query_param(cookies, name, shape, Style::Form, false)
}

/// A query parameter (or a property of a form body) in its style; `None`
/// when nothing of it was sent.
pub fn query_param<T: DeserializeOwned>(
    pairs: &Pairs,
    name: &'static str,
    shape: Shape,
    style: Style,
    explode: bool,
) -> Result<Option<T>, Rejection> {
    match styled(pairs, name, shape, style, explode).map_err(|e| Rejection::bad_request(name, e))? {
        Some(value) => deserialize(value, name).map(Some),
        None => Ok(None),
    }
}

/// The JSON value of `name` among the pairs, laid out in `style`.
fn styled(pairs: &Pairs, name: &str, shape: Shape, style: Style, explode: bool) -> Result<Option<Value>, String> {
    if style == Style::DeepObject {
        return deep_object(pairs, name).map(|v| v.map(|v| typed(v, shape)));
    }
    match shape {
        Shape::List(item) if explode => {
            let items: Vec<&str> = pairs.all(name).collect();
            if items.is_empty() {
                return Ok(None);
            }
            items.into_iter().map(|t| scalar(t, *item)).collect::<Result<_, _>>().map(|v| Some(Value::Array(v)))
        }
        Shape::List(item) => match delimited(pairs, name, style)? {
            Some(items) => items.iter().map(|t| scalar(t, *item)).collect::<Result<_, _>>().map(|v| Some(Value::Array(v))),
            None => Ok(None),
        },
        Shape::Object(fields) if explode => {
            let mut object = serde_json::Map::new();
            for (field, shape) in fields {
                if let Some(text) = pairs.first(field) {
                    object.insert((*field).to_owned(), scalar(text, *shape)?);
                }
            }
            Ok((!object.is_empty()).then_some(Value::Object(object)))
        }
        Shape::Object(fields) => match delimited(pairs, name, style)? {
            Some(items) => object_from_items(items.iter().map(String::as_str), fields, false).map(Some),
            None => Ok(None),
        },
        _ => pairs.first(name).map(|t| scalar(t, shape)).transpose(),
    }
}

/// The items of a value that is not exploded: split at the style's
/// separator (a comma the client did not encode; a space or `|`, which the
/// client encodes as it encodes the items', so an item holding one is
/// split too).
fn delimited(pairs: &Pairs, name: &str, style: Style) -> Result<Option<Vec<String>>, String> {
    let separator = match style {
        Style::SpaceDelimited => ' ',
        Style::PipeDelimited => '|',
        _ => return pairs.split(name, ',').transpose(),
    };
    Ok(pairs.first(name).map(|text| if text.is_empty() { Vec::new() } else { text.split(separator).map(str::to_owned).collect() }))
}

/// `name[a][b]=v` pairs as a nested object of strings.
fn deep_object(pairs: &Pairs, name: &str) -> Result<Option<Value>, String> {
    let mut root = Value::Null;
    for (key, _, value) in &pairs.0 {
        let Some(rest) = key.strip_prefix(name).filter(|r| r.starts_with('[')) else { continue };
        let mut node = &mut root;
        let mut rest = rest;
        while let Some(inner) = rest.strip_prefix('[') {
            let (step, after) = inner.split_once(']').ok_or_else(|| format!("malformed key `{key}`"))?;
            if node.is_null() {
                *node = Value::Object(serde_json::Map::new());
            }
            let Value::Object(map) = node else { return Err(format!("`{key}` nests under a value")) };
            node = map.entry(step.to_owned()).or_insert(Value::Null);
            rest = after;
        }
        *node = Value::String(value.clone());
    }
    Ok((!root.is_null()).then_some(root))
}

/// A tree of strings read as `shape` where it says what a leaf is (objects
/// whose keys are all indexes become arrays).
fn typed(value: Value, shape: Shape) -> Value {
    match (value, shape) {
        (Value::String(text), shape) => scalar(&text, shape).unwrap_or(Value::String(text)),
        (Value::Object(map), Shape::List(item)) => Value::Array(map.into_iter().map(|(_, v)| typed(v, *item)).collect()),
        (Value::Object(map), Shape::Object(fields)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let s = field_shape(fields, &k);
                    (k, typed(v, s))
                })
                .collect(),
        ),
        (other, _) => other,
    }
}

/// The `Content-Type` of a request, without parameters, lowercased.
pub fn content_type(parts: &http::request::Parts) -> Option<String> {
    let value = parts.headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
}

/// Whether the request's `Content-Type` is `expected` (the spec's media
/// type, parameters ignored; a range such as `image/*` matches its kind).
pub fn media_matches(received: Option<&str>, expected: &str) -> bool {
    let expected = expected.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match (received, expected.strip_suffix("/*")) {
        (_, Some(_)) if expected == "*/*" => true,
        (Some(received), Some(kind)) => received.split('/').next() == Some(kind),
        (Some(received), None) => received == expected,
        (None, _) => false,
    }
}

/// Which of an operation's media types (`expected`, the spec's spelling) the
/// request's `Content-Type` is: the same with its parameters first, then
/// the same without them, then a range (`image/*`) it falls in.
pub fn pick_media(parts: &http::request::Parts, expected: &[&str]) -> Option<usize> {
    let normalize = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let full = normalize(parts.headers.get(http::header::CONTENT_TYPE)?.to_str().ok()?);
    let essence = content_type(parts);
    expected
        .iter()
        .position(|e| normalize(e) == full)
        .or_else(|| expected.iter().position(|e| !e.contains('*') && media_matches(essence.as_deref(), e)))
        .or_else(|| expected.iter().position(|e| media_matches(essence.as_deref(), e)))
}

/// 415 for a body in a media type the operation does not take.
pub fn unsupported_media(received: Option<&str>) -> Rejection {
    Rejection {
        status: http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
        message: format!("unsupported `Content-Type`: {}", received.unwrap_or("none")),
        at: Some("body".into()),
    }
}

/// A required body that was not sent.
pub fn missing_body() -> Rejection {
    Rejection::bad_request("body", "a request body is required")
}

/// A JSON body; an error names the path under `body`.
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Rejection> {
    crate::runtime::decode_json(http::StatusCode::BAD_REQUEST, body).map_err(|e| {
        let at = if e.path.is_empty() { "body".to_owned() } else { format!("body.{}", e.path) };
        Rejection::bad_request(at, e.message)
    })
}

/// A `text/*` body.
pub fn text_body(body: &[u8]) -> Result<String, Rejection> {
    String::from_utf8(body.to_vec()).map_err(|_| Rejection::bad_request("body", "not UTF-8"))
}

/// A body of any media type in a range, with the media type received.
pub fn file_body(parts: &http::request::Parts, body: &[u8]) -> crate::runtime::File {
    let content_type = parts.headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    crate::runtime::File { bytes: body.to_vec(), filename: None, content_type }
}

/// An `application/x-www-form-urlencoded` body: each property of `fields`
/// read in the style its encoding gives (`form`, exploded, by default).
pub fn form_body<T: DeserializeOwned>(
    body: &[u8],
    fields: &[(&'static str, Shape)],
    encodings: &[crate::runtime::FormField],
) -> Result<T, Rejection> {
    let text = std::str::from_utf8(body).map_err(|_| Rejection::bad_request("body", "not UTF-8"))?;
    let pairs = Pairs::parse(text, "body")?;
    let mut object = serde_json::Map::new();
    for (name, shape) in fields {
        let encoding = encodings.iter().find(|e| e.name == *name);
        let at = || format!("body.{name}");
        let value = match encoding {
            Some(e) if e.json => match pairs.first(name) {
                Some(text) => Some(serde_json::from_str(text).map_err(|err| Rejection::bad_request(at(), err.to_string()))?),
                None => None,
            },
            // A property left out of a nested object stays out: an exploded
            // object's properties are the body's own pairs.
            Some(e) => styled(&pairs, name, *shape, e.style, e.explode).map_err(|err| Rejection::bad_request(at(), err))?,
            None => match shape {
                Shape::Object(_) => deep_object(&pairs, name).map_err(|err| Rejection::bad_request(at(), err))?.map(|v| typed(v, *shape)),
                _ => styled(&pairs, name, *shape, Style::Form, true).map_err(|err| Rejection::bad_request(at(), err))?,
            },
        };
        match value {
            // `name=` is how the client writes `null`.
            Some(Value::String(s)) if s.is_empty() && !matches!(shape, Shape::Text) => {
                object.insert((*name).to_owned(), Value::Null);
            }
            Some(value) => {
                object.insert((*name).to_owned(), value);
            }
            None => {}
        }
    }
    for (name, _, value) in &pairs.0 {
        if !fields.iter().any(|(f, _)| name == f || name.starts_with(&format!("{f}["))) && !object.contains_key(name) {
            object.insert(name.clone(), Value::String(value.clone()));
        }
    }
    serde_json::from_value(Value::Object(object)).map_err(|e| Rejection::bad_request("body", e.to_string()))
}

/// A user name and password, from `Authorization: Basic`.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The user name.
    pub user: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials").field("user", &self.user).field("password", &"<redacted>").finish()
    }
}

/// The credential a scheme puts in a request, if it is there: an API key
/// from its header, query parameter or cookie, a bearer token.
pub fn credential(parts: &http::request::Parts, query: &Pairs, cookies: &Pairs, sent_as: SentAs) -> Option<String> {
    let value = match sent_as {
        SentAs::Header(name) => parts.headers.get(name)?.to_str().ok()?.trim().to_owned(),
        SentAs::Query(name) => query.first(name)?.to_owned(),
        SentAs::Cookie(name) => cookies.first(name)?.to_owned(),
        SentAs::Bearer => {
            let value = parts.headers.get(http::header::AUTHORIZATION)?.to_str().ok()?.trim();
            let (scheme, token) = value.split_once(' ')?;
            if !scheme.eq_ignore_ascii_case("bearer") {
                return None;
            }
            token.trim().to_owned()
        }
        _ => return None,
    };
    (!value.is_empty()).then_some(value)
}

/// The user name and password of `Authorization: Basic`, if sent.
pub fn basic_credentials(parts: &http::request::Parts) -> Option<BasicCredentials> {
    let value = parts.headers.get(http::header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let text = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (user, password) = text.split_once(':')?;
    Some(BasicCredentials { user: user.to_owned(), password: password.to_owned() })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().take_while(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// 401: none of the operation's security requirements is met.
pub fn unauthorized(missing: &crate::runtime::MissingCredentials) -> Rejection {
    Rejection::new(http::StatusCode::UNAUTHORIZED, missing.to_string())
}

/// A response with this status and no body.
pub fn empty_response(status: u16) -> http::Response<Vec<u8>> {
    let mut response = http::Response::new(Vec::new());
    *response.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}

/// A response with this status, `Content-Type` and body.
pub fn bytes_response(status: u16, content_type: &str, body: Vec<u8>) -> http::Response<Vec<u8>> {
    let mut response = empty_response(status);
    if let Ok(value) = http::HeaderValue::try_from(content_type) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, value);
    }
    *response.body_mut() = body;
    response
}

/// A JSON response (a value serde cannot write is a 500).
pub fn json_response<T: Serialize + ?Sized>(status: u16, content_type: &str, body: &T) -> http::Response<Vec<u8>> {
    match serde_json::to_vec(body) {
        Ok(bytes) => bytes_response(status, content_type, bytes),
        Err(e) => Rejection::internal(format!("the response body could not be serialized: {e}")).to_http_response(),
    }
}

/// A `text/event-stream` response: one event per value, its `data` the JSON.
pub fn events_response<T: Serialize>(status: u16, content_type: &str, events: &[T]) -> http::Response<Vec<u8>> {
    let mut out = Vec::new();
    for event in events {
        match serde_json::to_vec(event) {
            Ok(json) => {
                out.extend_from_slice(b"data: ");
                out.extend_from_slice(&json);
                out.extend_from_slice(b"\n\n");
            }
            Err(e) => return Rejection::internal(format!("an event could not be serialized: {e}")).to_http_response(),
        }
    }
    bytes_response(status, content_type, out)
}

/// A stream of JSON lines (`Framing::Lines`: each value's JSON and LF) or
/// an RFC 7464 JSON text sequence (`Framing::Seq`: 0x1E, the JSON, LF),
/// written whole.
pub fn lines_response<T: Serialize>(status: u16, content_type: &str, items: &[T], framing: crate::runtime::Framing) -> http::Response<Vec<u8>> {
    let mut out = Vec::new();
    for item in items {
        if framing == crate::runtime::Framing::Seq {
            out.push(crate::runtime::RECORD_SEPARATOR);
        }
        if let Err(e) = serde_json::to_writer(&mut out, item) {
            return Rejection::internal(format!("an item could not be serialized: {e}")).to_http_response();
        }
        out.push(b'\n');
    }
    bytes_response(status, content_type, out)
}

/// Sets a documented response header, when its value can be one.
pub fn set_header(response: &mut http::Response<Vec<u8>>, name: &'static str, value: &dyn fmt::Display) {
    if let Ok(value) = http::HeaderValue::try_from(value.to_string()) {
        response.headers_mut().insert(name, value);
    }
}

/// Reads a request's body up to `limit` bytes: a longer one (by its
/// `Content-Length`, or as it arrives) is 413.
pub async fn read_body(parts: &http::request::Parts, body: axum::body::Body, limit: usize) -> Result<axum::body::Bytes, Rejection> {
    let too_large = || Rejection::new(http::StatusCode::PAYLOAD_TOO_LARGE, format!("the request body is larger than {limit} bytes"));
    let declared = parts.headers.get(http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    axum::body::to_bytes(body, limit).await.map_err(|_| too_large())
}

/// What an operation's handler returns: the response, or the rejection,
/// in a boxed future (see the generated `serve`).
pub type Served = std::pin::Pin<Box<dyn std::future::Future<Output = Result<http::Response<Vec<u8>>, Rejection>> + Send>>;

/// An `http::Response` as axum sends it.
pub fn into_axum(response: http::Response<Vec<u8>>) -> axum::response::Response {
    response.map(axum::body::Body::from)
}
