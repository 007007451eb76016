//! What the expansions of `json_union!` call: the tag or the keys of a
//! captured value found without parsing it, an option parsed from it with
//! its error path, and the pieces a union read in one pass is built from.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::decoding::{located, with_path};
use super::AdditionalProperties;

/// Reads the string value of property `name` of a JSON object without
/// parsing anything else: `None` when the value is not an object or has no
/// such string property.
///
/// `raw` is already valid JSON, so a byte scan that only tracks strings and
/// nesting finds the top-level keys exactly; it is several times faster than
/// visiting the object with serde, and this runs once per union value.
pub fn peek_tag<'a>(raw: &'a RawValue, name: &str) -> Result<Option<Cow<'a, str>>, serde_json::Error> {
    let text = raw.get();
    let Some(j) = find_value(raw, name)? else { return Ok(None) };
    if text.as_bytes()[j] != b'"' {
        return Ok(None);
    }
    let value_end = string_end(text.as_bytes(), j);
    json_str(&text[j..value_end]).map(Some)
}

/// Reads the integer value of property `name` of a JSON object the same
/// way: `None` when the value is not an object or has no such property that
/// is an integer (a string `"3"` is not the tag `3`).
pub fn peek_integer_tag(raw: &RawValue, name: &str) -> Result<Option<i64>, serde_json::Error> {
    let text = raw.get();
    let Some(j) = find_value(raw, name)? else { return Ok(None) };
    let end = text[j..].find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))).map_or(text.len(), |n| j + n);
    Ok(text[j..end].parse().ok())
}

/// Where the value of the top-level property `name` of a JSON object starts.
fn find_value(raw: &RawValue, name: &str) -> Result<Option<usize>, serde_json::Error> {
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
                        return Ok((j < bytes.len()).then_some(j));
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

thread_local! {
    static FITTING_EXACTLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a closed object (`additionalProperties: false`) read on this
/// thread refuses a property it does not list, rather than skipping it:
/// on while a union tried in order looks for the option that keeps the
/// whole value.
pub fn fitting_exactly() -> bool {
    FITTING_EXACTLY.with(std::cell::Cell::get)
}

/// Runs `f` with [`fitting_exactly`] on: a union whose options are tried in
/// order first looks for one that reads the value without dropping any of
/// it, so a closed option listed first does not swallow a value that a
/// later option keeps whole; only when none does is the first that reads
/// it at all taken.
pub fn exactly<R>(f: impl FnOnce() -> R) -> R {
    let previous = FITTING_EXACTLY.with(|b| b.replace(true));
    let result = f();
    FITTING_EXACTLY.with(|b| b.set(previous));
    result
}

/// Deserializes a union variant from the raw value. An error carries the path
/// inside the variant, so that the body's error names the whole path.
pub fn from_raw<T: DeserializeOwned>(raw: &RawValue) -> Result<T, serde_json::Error> {
    match serde_json::from_str(raw.get()) {
        Ok(value) => Ok(value),
        Err(_) => match located::<T>(&mut serde_json::Deserializer::from_str(raw.get())) {
            Ok(value) => Ok(value),
            Err((path, message)) if path.is_empty() => Err(de::Error::custom(message)),
            Err((path, message)) => Err(de::Error::custom(with_path(&path, &message))),
        },
    }
}

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
