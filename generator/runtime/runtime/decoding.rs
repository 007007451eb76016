//! Responses: bodies decoded with the JSON path of any error, and the
//! thread's switch that sends unions down their buffered path on a retry.

use serde::de::DeserializeOwned;

use super::ResponseError;

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
/// An error inside a union's option says where, as `path: message`.
pub fn from_json_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes).or_else(|_| {
        with_buffered_unions(|| match serde_json::from_slice(bytes) {
            Err(e) if split_path(&e.to_string()).is_some() => match located::<T>(&mut serde_json::Deserializer::from_slice(bytes)) {
                Ok(value) => Ok(value),
                Err((path, message)) => Err(serde::de::Error::custom(format!("{path}: {message}"))),
            },
            other => other,
        })
    })
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
pub(super) fn with_buffered_unions<R>(f: impl FnOnce() -> R) -> R {
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

/// The message of an error inside a union's option, with the path inside
/// the option: `` `items[2].name`: invalid type ... ``. It reads well where
/// serde_json is called directly, and [`located`] joins the path onto the
/// path outside the union. No serde message starts with a backtick.
pub(super) fn with_path(path: &str, message: &str) -> String {
    format!("`{path}`: {message}")
}

/// The path and message of a [`with_path`] message.
fn split_path(message: &str) -> Option<(&str, &str)> {
    message.strip_prefix('`')?.split_once("`: ")
}

/// Deserializes with path tracking; the error is `(path, message)`, with the
/// path of a failure inside a union variant joined on.
pub(super) fn located<'de, T: serde::Deserialize<'de>>(
    de: &mut serde_json::Deserializer<impl serde_json::de::Read<'de>>,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(de).map_err(|e| {
        let outer = e.path().to_string();
        let outer = if outer == "." { String::new() } else { outer };
        let message = strip_position(&e.into_inner().to_string());
        match split_path(&message) {
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
