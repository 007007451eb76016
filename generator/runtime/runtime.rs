//! Support code shared by the generated models and operations: URL and query
//! encoding, body decoding with error paths, and the serde helpers behind
//! string enums and unions. The same in every generated crate.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A request that cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum RequestError {
    /// A path parameter that no encoding can keep inside its segment.
    InvalidPathParam {
        /// The parameter's name in the spec.
        name: &'static str,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A base URL that is not an absolute `http(s)` URL.
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it was refused.
        reason: String,
    },
    /// A header parameter whose value cannot be sent in a header.
    InvalidHeader {
        /// The header's name.
        name: &'static str,
    },
    /// The body could not be serialized.
    Body(serde_json::Error),
    /// `http` refused the request.
    Http(http::Error),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidPathParam { name, reason } => write!(f, "path parameter `{name}` {reason}"),
            Self::InvalidBaseUrl { url, reason } => write!(f, "base URL `{url}` is not usable: {reason}"),
            Self::InvalidHeader { name } => write!(f, "header parameter `{name}` is not a valid header value"),
            Self::Body(e) => write!(f, "the request body could not be serialized: {e}"),
            Self::Http(e) => write!(f, "the request could not be built: {e}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Body(e) => Some(e),
            Self::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// A documented response whose body does not match its schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The status received.
    pub status: http::StatusCode,
    /// Where in the body decoding failed (`data.attributes.items[3].id`), empty
    /// for the body as a whole.
    pub path: String,
    /// What failed.
    pub message: String,
    /// The body, as received.
    pub body: Vec<u8>,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} response body does not match its schema: ", self.status)?;
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ResponseError {}

/// A value outside a closed list (a server URL variable, for one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    value: String,
    expected: &'static str,
}

impl UnknownValue {
    /// `value` is not one of `expected`.
    pub fn new(value: &str, expected: &'static str) -> Self {
        Self { value: value.to_owned(), expected }
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value `{}`; expected one of: {}", self.value, self.expected)
    }
}

impl std::error::Error for UnknownValue {}

// ----- unknown properties ---------------------------------------------------------

/// Properties of an object that the spec does not list, kept in the order
/// they were received and written back on serialize.
///
/// A small vector rather than a map: objects carry few of them, and this
/// costs one allocation per object instead of a tree node per object plus
/// rebalancing. Equality ignores order, as it would for a map.
#[derive(Clone, Debug, Default)]
pub struct AdditionalProperties(Vec<(String, serde_json::Value)>);

impl AdditionalProperties {
    /// No properties.
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, returning the value it replaces.
    pub fn insert(&mut self, key: impl Into<String>, value: serde_json::Value) -> Option<serde_json::Value> {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<serde_json::Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// The properties, in the order received (then inserted).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends a property as read from the wire (duplicates are kept, as received).
    #[doc(hidden)]
    pub fn push_received(&mut self, key: String, value: serde_json::Value) {
        self.0.push((key, value));
    }
}

impl PartialEq for AdditionalProperties {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<K: Into<String>> FromIterator<(K, serde_json::Value)> for AdditionalProperties {
    fn from_iter<I: IntoIterator<Item = (K, serde_json::Value)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

// ----- requests ---------------------------------------------------------------

/// Characters left as they are: RFC 3986's unreserved set. Everything else is
/// percent-encoded, so a value can never end a path segment or start a query.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn percent_encode(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// Appends a path parameter, percent-encoded.
///
/// Empty values, `.` and `..` are refused: URL resolution removes or follows
/// such segments however they are encoded, which would change the path.
pub fn push_path_param(out: &mut String, name: &'static str, value: &dyn fmt::Display) -> Result<(), RequestError> {
    let value = value.to_string();
    let reason = match value.as_str() {
        "" => Some("is empty"),
        "." | ".." => Some("is `.` or `..`, which would change the path"),
        _ => None,
    };
    if let Some(reason) = reason {
        return Err(RequestError::InvalidPathParam { name, reason });
    }
    percent_encode(out, &value);
    Ok(())
}

/// Appends `name=value` pairs to a path as its query string.
pub struct Query<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Query<'a> {
    /// Starts the query string of `out`.
    pub fn new(out: &'a mut String) -> Self {
        let first = !out.contains('?');
        Self { out, first }
    }

    fn separator(&mut self) {
        self.out.push(if self.first { '?' } else { '&' });
        self.first = false;
    }

    /// Appends `name=value`, both percent-encoded.
    pub fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.separator();
        percent_encode(self.out, name);
        self.out.push('=');
        percent_encode(self.out, &value.to_string());
    }

    /// Appends `name=a,b,c` (form style without explode): the items
    /// percent-encoded, the commas between them left as they are.
    pub fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.separator();
        percent_encode(self.out, name);
        self.out.push('=');
        percent_encode_joined(self.out, values);
    }
}

/// The items percent-encoded, with commas between them.
fn percent_encode_joined<T: fmt::Display>(out: &mut String, values: &[T]) {
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        percent_encode(out, &value.to_string());
    }
}

/// The `Cookie` header of a request: `name=value` pairs joined by `; `.
/// Names and values are percent-encoded, so no value can end its pair or the
/// header (cookies allow no spaces, quotes, commas, semicolons or
/// backslashes).
#[derive(Debug, Default)]
pub struct Cookies(String);

impl Cookies {
    /// Adds `name=value`.
    pub fn push(&mut self, name: &str, value: &dyn fmt::Display) {
        self.start(name);
        percent_encode(&mut self.0, &value.to_string());
    }

    /// Adds `name=a,b,c` (form style without explode, as OpenAPI spells it):
    /// the items percent-encoded, the commas between them left as they are.
    pub fn push_joined<T: fmt::Display>(&mut self, name: &str, values: &[T]) {
        self.start(name);
        percent_encode_joined(&mut self.0, values);
    }

    fn start(&mut self, name: &str) {
        if !self.0.is_empty() {
            self.0.push_str("; ");
        }
        percent_encode(&mut self.0, name);
        self.0.push('=');
    }

    /// The header's value, or `None` when no cookie was added.
    pub fn into_header_value(self) -> Result<Option<http::HeaderValue>, RequestError> {
        if self.0.is_empty() {
            return Ok(None);
        }
        http::HeaderValue::try_from(self.0).map(Some).map_err(|_| RequestError::InvalidHeader { name: "Cookie" })
    }
}

/// Joins a base URL (which may have a path prefix) and a path and query.
pub fn join_url(base_url: &str, path_and_query: &str) -> Result<http::Uri, RequestError> {
    let invalid = |reason: String| RequestError::InvalidBaseUrl { url: base_url.to_owned(), reason };
    if base_url.contains(['?', '#']) {
        return Err(invalid("it has a query or fragment".into()));
    }
    let uri: http::Uri = format!("{}{}", base_url.trim_end_matches('/'), path_and_query)
        .parse()
        .map_err(|e: http::uri::InvalidUri| invalid(e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") if uri.authority().is_some() => Ok(uri),
        _ => Err(invalid("expected an absolute http:// or https:// URL".into())),
    }
}

/// A header value, or the error naming the header.
pub fn header_value(name: &'static str, value: &dyn fmt::Display) -> Result<http::HeaderValue, RequestError> {
    http::HeaderValue::try_from(value.to_string()).map_err(|_| RequestError::InvalidHeader { name })
}

/// A header value of several items, `a,b,c` (the `simple` style), or the
/// error naming the header.
pub fn header_value_joined<T: fmt::Display>(name: &'static str, values: &[T]) -> Result<http::HeaderValue, RequestError> {
    let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
    header_value(name, &joined.join(","))
}

// ----- responses ----------------------------------------------------------------

/// Decodes a JSON body. Success costs one plain parse. On failure the body
/// is parsed again with every union on its buffered path (see
/// [`buffered_unions`]), which keeps an option no union knows as `Unknown`
/// even when it reuses a known property with another type; if that fails
/// too, the error says where, with its JSON path.
pub fn decode_json<T: DeserializeOwned>(status: http::StatusCode, body: &[u8]) -> Result<T, ResponseError> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(_) => with_buffered_unions(|| match located::<T>(&mut serde_json::Deserializer::from_slice(body)) {
            Ok(value) => Ok(value),
            Err((path, message)) => Err(ResponseError { status, path, message, body: body.to_vec() }),
        }),
    }
}

/// Like `serde_json::from_slice`, with [`decode_json`]'s second chance for
/// unions: use it to read generated types from bytes outside a response.
pub fn from_json_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes).or_else(|_| with_buffered_unions(|| serde_json::from_slice(bytes)))
}

thread_local! {
    static BUFFERED_UNIONS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether unions read on this thread take their buffered path: the value is
/// captured, its tag found, and only the chosen option parses it, so a value
/// no option fits is always `Unknown`. Off by default: the single pass is
/// faster and agrees with it on everything but a newer option that reuses a
/// known property name with another type.
pub fn buffered_unions() -> bool {
    BUFFERED_UNIONS.with(std::cell::Cell::get)
}

/// Runs `f` with [`buffered_unions`] on.
fn with_buffered_unions<R>(f: impl FnOnce() -> R) -> R {
    let previous = BUFFERED_UNIONS.with(|b| b.replace(true));
    let result = f();
    BUFFERED_UNIONS.with(|b| b.set(previous));
    result
}

/// Decodes a `text/*` body.
pub fn decode_text(status: http::StatusCode, body: &[u8]) -> Result<String, ResponseError> {
    String::from_utf8(body.to_vec()).map_err(|e| ResponseError {
        status,
        path: String::new(),
        message: e.to_string(),
        body: body.to_vec(),
    })
}

/// Separates a path carried inside a nested error message from the message.
const PATH_MARK: char = '\u{1}';

/// Deserializes with path tracking; the error is `(path, message)`, with the
/// path of a failure inside a union variant joined on.
fn located<'de, T: serde::Deserialize<'de>>(
    de: &mut serde_json::Deserializer<impl serde_json::de::Read<'de>>,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(de).map_err(|e| {
        let outer = e.path().to_string();
        let outer = if outer == "." { String::new() } else { outer };
        let message = strip_position(&e.into_inner().to_string());
        match message.strip_prefix(PATH_MARK).and_then(|m| m.split_once(PATH_MARK)) {
            Some((inner, msg)) => {
                let joined = match (outer.is_empty(), inner.starts_with('[')) {
                    (true, _) => inner.to_owned(),
                    (false, true) => format!("{outer}{inner}"),
                    (false, false) => format!("{outer}.{inner}"),
                };
                (joined, msg.to_owned())
            }
            None => (outer, message),
        }
    })
}

/// serde_json appends the position of the error, which points into a buffer
/// the user never sees when a union re-reads a slice of the body.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(" column ") => message[..i].to_owned(),
        _ => message.to_owned(),
    }
}

// ----- serde helpers for generated types ------------------------------------------

/// Deserializes a string enum through its `FromStr`, which keeps unknown values.
pub fn deserialize_string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr<Err = std::convert::Infallible>,
{
    struct EnumVisitor<T>(std::marker::PhantomData<T>);

    impl<T: std::str::FromStr<Err = std::convert::Infallible>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            match value.parse() {
                Ok(v) => Ok(v),
                Err(never) => match never {},
            }
        }
    }

    deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
}

/// A string enum from its wire value (its `FromStr` keeps unknown values).
pub fn parse_enum<T: std::str::FromStr<Err = std::convert::Infallible>>(value: &str) -> T {
    match value.parse() {
        Ok(v) => v,
        Err(never) => match never {},
    }
}

/// Reads the string value of property `name` of a JSON object without
/// parsing anything else: `None` when the value is not an object or has no
/// such string property.
///
/// `raw` is already valid JSON, so a byte scan that only tracks strings and
/// nesting finds the top-level keys exactly; it is several times faster than
/// visiting the object with serde, and this runs once per union value.
pub fn peek_tag<'a>(raw: &'a RawValue, name: &str) -> Result<Option<Cow<'a, str>>, serde_json::Error> {
    let text = raw.get();
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                depth += 1;
                expect_key = depth == 1;
            }
            b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b',' => expect_key = depth == 1,
            b'"' => {
                let end = string_end(bytes, i);
                if depth == 1 && expect_key {
                    expect_key = false;
                    if json_str(&text[i..end])? == name {
                        // Skip `:` and white space to the value.
                        let mut j = end;
                        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\n' | b'\r' | b':') {
                            j += 1;
                        }
                        if bytes.get(j) != Some(&b'"') {
                            return Ok(None);
                        }
                        let value_end = string_end(bytes, j);
                        return json_str(&text[j..value_end]).map(Some);
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// The index just past the string literal that starts at `start` (a `"`).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A JSON string literal's value: borrowed unless it has escapes.
fn json_str(literal: &str) -> Result<Cow<'_, str>, serde_json::Error> {
    let inner = &literal[1..literal.len().saturating_sub(1).max(1)];
    if inner.contains('\\') {
        serde_json::from_str::<String>(literal).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(inner))
    }
}

/// The keys of a JSON object (empty for anything else).
pub fn peek_keys(raw: &RawValue) -> Result<Vec<Cow<'_, str>>, serde_json::Error> {
    struct KeysVisitor;

    impl<'de> Visitor<'de> for KeysVisitor {
        type Value = Vec<Cow<'de, str>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut keys = Vec::new();
            while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                map.next_value::<IgnoredAny>()?;
                keys.push(key);
            }
            Ok(keys)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(Vec::new())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }

    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_any(KeysVisitor)
}

/// Deserializes a union variant from the raw value. An error carries the path
/// inside the variant, so that the body's error names the whole path.
pub fn from_raw<T: DeserializeOwned>(raw: &RawValue) -> Result<T, serde_json::Error> {
    match serde_json::from_str(raw.get()) {
        Ok(value) => Ok(value),
        Err(_) => match located::<T>(&mut serde_json::Deserializer::from_str(raw.get())) {
            Ok(value) => Ok(value),
            Err((path, message)) if path.is_empty() => Err(de::Error::custom(message)),
            Err((path, message)) => Err(de::Error::custom(format!("{PATH_MARK}{path}{PATH_MARK}{message}"))),
        },
    }
}

// ----- the serde impls of generated types -------------------------------------------
//
// Each generated type states its shape in one macro call (its properties and
// whether they are required, its values, its options) and the macros below
// write the impls, as serde's derive would. One definition here instead of
// the same visitor written out in every model keeps the models short to
// read and quick to generate. A crate may have no type of some kind, so the
// macros may go unused. Names the impls introduce start with `__`, as in
// serde's derive, so that no model (`A`, `Visitor`) is shadowed by them.

/// The `__Field` enum a map visitor reads keys into, one variant per known
/// property and `Other` for the rest, carrying the key as `$other`. Keys are
/// matched on the borrowed string, so only unknown ones can allocate.
#[allow(unused_macros)]
macro_rules! field_identifier {
    (__Field { $( $wire:literal => $variant:ident, )* } $other:ty) => {
        #[allow(non_camel_case_types)]
        enum __Field {
            $( $variant, )*
            Other($other),
        }

        impl<'de> ::serde::Deserialize<'de> for __Field {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct __FieldVisitor;

                impl ::serde::de::Visitor<'_> for __FieldVisitor {
                    type Value = __Field;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a property name")
                    }

                    fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<__Field, __E> {
                        ::std::result::Result::Ok(match value {
                            $( $wire => __Field::$variant, )*
                            other => __Field::Other(::std::convert::From::from(other)),
                        })
                    }
                }

                deserializer.deserialize_identifier(__FieldVisitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use field_identifier;

/// `Serialize` and `Deserialize` for a generated struct, as a JSON object:
///
/// ```text
/// json_object! {
///     Pet {
///         name: required "name",
///         tag: optional "tag",
///         ..additional_properties
///     }
/// }
/// ```
///
/// One line per field, in the spec's order: the field, whether the spec
/// requires the property, and the property's name. A `required` field is
/// always written (`null` when it is a nullable `None`) and is an error when
/// missing; an `optional` one is written only when set, and reads `null` as
/// unset. `..field` names the field that keeps the properties the spec does
/// not list, written back after the others; without it they are skipped.
///
/// Reading matches each key on the borrowed string (only unknown keys
/// allocate) and puts each value straight into a typed slot, as the derive
/// does; `#[serde(flatten)]` would buffer every object instead.
#[allow(unused_macros)]
macro_rules! json_object {
    (@impl $name:ident [$( $field:ident $presence:ident $wire:literal, )*] $unknown:ty, [$( $additional:ident )?]) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                let len = 0 $( + $crate::runtime::$presence::len(&self.$field) )* $( + self.$additional.len() )?;
                let mut map = serializer.serialize_map(::std::option::Option::Some(len))?;
                $( $crate::runtime::$presence::serialize(&mut map, $wire, &self.$field)?; )*
                $(
                    for (key, value) in self.$additional.iter() {
                        map.serialize_entry(key, value)?;
                    }
                )?
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::field_identifier!(__Field { $( $wire => $field, )* } <$unknown as $crate::runtime::UnknownProperties>::Key);

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("a `", ::std::stringify!($name), "` object"))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        $( let mut $field = ::std::option::Option::None; )*
                        let mut unknown = <$unknown as ::std::default::Default>::default();
                        while let ::std::option::Option::Some(key) = map.next_key::<__Field>()? {
                            match key {
                                $( __Field::$field => $field = $crate::runtime::$presence::deserialize(&mut map)?, )*
                                __Field::Other(key) => $crate::runtime::UnknownProperties::read(&mut unknown, key, &mut map)?,
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $( $field: $crate::runtime::$presence::finish::<_, __A::Error>($field, $wire)?, )*
                            $( $additional: unknown, )?
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    ($name:ident { $( $field:ident: $presence:ident $wire:literal, )* ..$additional:ident }) => {
        $crate::runtime::json_object!(@impl $name [$( $field $presence $wire, )*] $crate::runtime::AdditionalProperties, [$additional]);
    };
    ($name:ident { $( $field:ident: $presence:ident $wire:literal, )* }) => {
        $crate::runtime::json_object!(@impl $name [$( $field $presence $wire, )*] $crate::runtime::SkipUnknown, []);
    };
}
#[allow(unused_imports)]
pub(crate) use json_object;

/// What a generated object does with properties the spec does not list.
#[doc(hidden)]
pub trait UnknownProperties: Default {
    /// An unknown key, as the object's field identifier reads it.
    type Key: for<'a> From<&'a str>;

    /// Reads the value of the unknown property `key`.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: Self::Key, map: &mut A) -> Result<(), A::Error>;
}

/// Kept, in the order received.
impl UnknownProperties for AdditionalProperties {
    type Key = String;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.push_received(key, map.next_value()?);
        Ok(())
    }
}

/// Skipped, without allocating for the key: the object has
/// `additionalProperties: false`.
#[doc(hidden)]
#[derive(Default)]
pub struct SkipUnknown;

impl From<&str> for SkipUnknown {
    #[inline]
    fn from(_: &str) -> Self {
        SkipUnknown
    }
}

impl UnknownProperties for SkipUnknown {
    type Key = SkipUnknown;

    #[inline]
    fn read<'de, A: MapAccess<'de>>(&mut self, _: SkipUnknown, map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>()?;
        Ok(())
    }
}

/// How `json_object!` writes and reads a property the spec requires.
#[doc(hidden)]
pub mod required {
    use serde::de::{Error, MapAccess};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    /// Always one entry.
    #[inline]
    pub fn len<T: ?Sized>(_: &T) -> usize {
        1
    }

    /// Writes the entry.
    #[inline]
    pub fn serialize<M: SerializeMap, T: Serialize + ?Sized>(map: &mut M, name: &'static str, value: &T) -> Result<(), M::Error> {
        map.serialize_entry(name, value)
    }

    /// Reads the value into the field's slot.
    #[inline]
    pub fn deserialize<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
        map.next_value().map(Some)
    }

    /// The field, or the error naming the missing property.
    #[inline]
    pub fn finish<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
        slot.ok_or_else(|| E::missing_field(name))
    }
}

/// How `json_object!` writes and reads a property the spec does not require.
#[doc(hidden)]
pub mod optional {
    use serde::de::{Error, MapAccess};
    use serde::ser::SerializeMap;
    use serde::{Deserialize, Serialize};

    /// One entry when set.
    #[inline]
    pub fn len<T>(value: &Option<T>) -> usize {
        usize::from(value.is_some())
    }

    /// Writes the entry when set.
    #[inline]
    pub fn serialize<M: SerializeMap, T: Serialize>(map: &mut M, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Reads the value into the field's slot; `null` leaves it unset.
    #[inline]
    pub fn deserialize<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
        map.next_value()
    }

    /// The field: unset when the property was missing.
    #[inline]
    pub fn finish<T, E: Error>(slot: Option<T>, _name: &'static str) -> Result<Option<T>, E> {
        Ok(slot)
    }
}

/// The impls of a generated string enum, from its values:
///
/// ```text
/// string_enum! {
///     Status {
///         Active = "active",
///         Retired = "retired",
///     }
/// }
/// ```
///
/// `as_str`, `Display` and `Serialize` write the value as it is on the wire;
/// `FromStr` and `Deserialize` read it, keeping any other value in the enum's
/// `Unknown` variant.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $( $variant:ident = $wire:literal, )* }) => {
        impl $name {
            /// The value as it is on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::deserialize_string_enum(deserializer)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// `Serialize` and `Deserialize` for a generated `oneOf` union, which keeps
/// a value no option fits in its `Unknown` variant. How the option is picked
/// is decided at generation time:
///
/// ```text
/// json_union! {
///     Pet by tag "petType" {
///         Cat("cat" | "kitten"),
///         Dog("dog"),
///     }
/// }
/// json_union! {
///     PaymentMethod by keys {
///         Card("cardNumber"),
///         BankAccount("iban"),
///     }
/// }
/// json_union! {
///     Setting in order {
///         String,
///         Range,
///     }
/// }
/// ```
///
/// `by tag`: the option whose values include the tag property's; `by keys`:
/// the first option one of whose properties is present; `in order`: the
/// first option the value fits. Each of these captures the value and parses
/// only the chosen option, so an error inside it is that option's error
/// with its full path.
///
/// A tag-dispatched union whose options are structs can instead be read in
/// one pass, naming the properties of all its options (each with the
/// presence of its first declaration):
///
/// ```text
/// json_union! {
///     Pet by tag "petType" {
///         Cat("cat" | "kitten"),
///         Dog("dog"),
///     }
///     in one pass {
///         lives: optional "lives",
///         good_boy: required "goodBoy",
///     }
/// }
/// ```
///
/// Every property goes straight into a typed slot, and the union's own
/// `from_one_pass(tag, lives, good_boy, unknown)` builds the option the tag
/// picks. Nothing is parsed twice, but a newer option that reuses a known
/// property with another type fails this pass; with [`buffered_unions`] on
/// (see [`decode_json`]), the captured path is taken instead.
#[allow(unused_macros)]
macro_rules! json_union {
    (@serialize $name:ident [$( $variant:ident )*]) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(value) => value.serialize(serializer), )*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }
    };
    (@deserialize $name:ident |$raw:ident| $dispatch:block) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let $raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                let value: ::std::result::Result<Self, ::serde_json::Error> = $dispatch;
                value.map_err(::serde::de::Error::custom)
            }
        }
    };
    (@by_tag $raw:ident $tag:literal [$( $variant:ident($( $value:literal )|+) )*]) => {
        match $crate::runtime::peek_tag(&$raw, $tag).map_err(::serde::de::Error::custom)?.as_deref() {
            $( ::std::option::Option::Some($( $value )|+) => $crate::runtime::from_raw(&$raw).map(Self::$variant), )*
            _ => $crate::runtime::from_raw(&$raw).map(Self::Unknown),
        }
    };
    ($name:ident by tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            $crate::runtime::json_union!(@by_tag raw $tag [$( $variant($( $value )|+) )*])
        });
    };
    ($name:ident by keys { $( $variant:ident($( $key:literal )|+), )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            let keys = $crate::runtime::peek_keys(&raw).map_err(::serde::de::Error::custom)?;
            $(
                if keys.iter().any(|k| ::std::matches!(k.as_ref(), $( $key )|+)) {
                    return $crate::runtime::from_raw(&raw).map(Self::$variant).map_err(::serde::de::Error::custom);
                }
            )*
            $crate::runtime::from_raw(&raw).map(Self::Unknown)
        });
    };
    ($name:ident in order { $( $variant:ident, )* }) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);
        $crate::runtime::json_union!(@deserialize $name |raw| {
            $(
                if let ::std::result::Result::Ok(value) = $crate::runtime::from_raw(&raw) {
                    return ::std::result::Result::Ok(Self::$variant(value));
                }
            )*
            $crate::runtime::from_raw(&raw).map(Self::Unknown)
        });
    };
    (
        $name:ident by tag $tag:literal { $( $variant:ident($( $value:literal )|+), )* }
        in one pass { $( $slot:ident: $presence:ident $wire:literal, )* }
    ) => {
        $crate::runtime::json_union!(@serialize $name [$( $variant )*]);

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                if $crate::runtime::buffered_unions() {
                    let raw: ::std::boxed::Box<::serde_json::value::RawValue> = ::serde::Deserialize::deserialize(deserializer)?;
                    let value: ::std::result::Result<Self, ::serde_json::Error> =
                        $crate::runtime::json_union!(@by_tag raw $tag [$( $variant($( $value )|+) )*]);
                    return value.map_err(::serde::de::Error::custom);
                }

                $crate::runtime::field_identifier!(__Field { $tag => Tag, $( $wire => $slot, )* } ::std::string::String);

                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("a `", ::std::stringify!($name), "` value"))
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        // The tag as JSON: a string selects an option, anything
                        // else (or no tag) makes the value `Unknown`.
                        let mut tag = ::std::option::Option::None;
                        $( let mut $slot = ::std::option::Option::None; )*
                        let mut unknown = $crate::runtime::AdditionalProperties::new();
                        while let ::std::option::Option::Some(key) = map.next_key::<__Field>()? {
                            match key {
                                __Field::Tag => tag = ::std::option::Option::Some(map.next_value()?),
                                $( __Field::$slot => $slot = $crate::runtime::$presence::deserialize(&mut map)?, )*
                                __Field::Other(key) => unknown.push_received(key, map.next_value()?),
                            }
                        }
                        $name::from_one_pass(tag, $( $slot, )* unknown)
                    }

                    fn visit_seq<__A: ::serde::de::SeqAccess<'de>>(self, seq: __A) -> ::std::result::Result<$name, __A::Error> {
                        let value = ::serde::Deserialize::deserialize(::serde::de::value::SeqAccessDeserializer::new(seq))?;
                        ::std::result::Result::Ok($name::Unknown(value))
                    }

                    fn visit_str<__E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_bool<__E: ::serde::de::Error>(self, value: bool) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_i64<__E: ::serde::de::Error>(self, value: i64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_u64<__E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_f64<__E: ::serde::de::Error>(self, value: f64) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::from(value)))
                    }

                    fn visit_unit<__E: ::serde::de::Error>(self) -> ::std::result::Result<$name, __E> {
                        ::std::result::Result::Ok($name::Unknown(::serde_json::Value::Null))
                    }
                }

                deserializer.deserialize_any(__Visitor)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use json_union;

/// For a union read in one pass: keeps a property of another option, read
/// before the tag was known, as an unknown property of the chosen one. The
/// generated types always serialize; the error is kept for types that might
/// not.
pub fn keep_unknown<T: serde::Serialize>(unknown: &mut AdditionalProperties, name: &str, slot: Option<T>) -> Result<(), serde_json::Error> {
    if let Some(value) = slot {
        unknown.push_received(name.to_owned(), serde_json::to_value(value)?);
    }
    Ok(())
}

/// For a union read in one pass whose tag no option lists: the object as
/// received, starting with its tag (when it had one).
pub fn unknown_object(tag_name: &str, tag: Option<serde_json::Value>) -> serde_json::Map<String, serde_json::Value> {
    let mut object = serde_json::Map::new();
    if let Some(tag) = tag {
        object.insert(tag_name.to_owned(), tag);
    }
    object
}

/// Adds a property read in one pass to [`unknown_object`]'s object.
pub fn insert_json<T: serde::Serialize>(
    object: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    slot: Option<T>,
) -> Result<(), serde_json::Error> {
    if let Some(value) = slot {
        object.insert(name.to_owned(), serde_json::to_value(value)?);
    }
    Ok(())
}

/// Ends [`unknown_object`]'s object with the properties no option lists.
pub fn with_unknown(mut object: serde_json::Map<String, serde_json::Value>, unknown: AdditionalProperties) -> serde_json::Value {
    for (key, value) in unknown.0 {
        object.insert(key, value);
    }
    serde_json::Value::Object(object)
}
