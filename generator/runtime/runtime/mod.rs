//! Support code shared by the generated models and operations: URL and query
//! encoding, body decoding with error paths, and the serde helpers and
//! macros behind structs, string enums and unions. The same in every
//! generated crate.
//!
//! | File | What it holds |
//! | --- | --- |
//! | `errors.rs` | [`RequestError`], [`ResponseError`], [`UnknownValue`] |
//! | `encoding.rs` | path parameters, [`Query`], [`Cookies`], headers, [`join_url`] |
//! | `styles.rs` | values of any type in OpenAPI's parameter styles, [`form_body`] |
//! | `events.rs` | [`EventDecoder`] of server-sent events, [`EventReader`] of typed ones, [`decode_events`] |
//! | `lines.rs` | [`LineReader`] of JSON lines and JSON text sequences, [`decode_lines`] |
//! | `security.rs` | [`Scheme`], [`SentAs`], [`choose_requirement`] |
//! | `binary.rs` | [`BinaryBody`] (bytes or a stream), [`binary_body`], `Upload` |
//! | `multipart.rs` | [`File`], [`MultipartWriter`], [`multipart_boundary`] |
//! | `decoding.rs` | [`decode_json`], [`from_json_slice`], [`decode_text`], [`buffered_unions`] |
//! | `objects.rs` | [`AdditionalProperties`] and what `json_object!` calls |
//! | `enums.rs` | what `string_enum!` calls |
//! | `unions.rs` | what `json_union!` calls |
//! | `macros.rs` | `json_object!`, `string_enum!`, `integer_enum!`, `json_union!` |

// A crate without operations has no `client` feature to test for.
#[allow(unexpected_cfgs)]
mod binary;
mod decoding;
mod encoding;
mod enums;
mod errors;
mod events;
mod lines;
mod macros;
mod multipart;
mod objects;
mod security;
mod styles;
mod unions;

// `BinaryBody`, `binary_body` and, with `client`, `Upload`.
pub use self::binary::*;
pub use self::decoding::{buffered_unions, decode_json, decode_text, from_json_slice};
pub use self::encoding::{header_value, header_value_joined, join_url, push_path_param, Cookies, Query};
pub use self::enums::{deserialize_string_enum, parse_enum};
pub use self::events::{data_as, decode_events, event_data, Event, EventDecoder, EventReader, EventRef, EventStreamError, DEFAULT_MAX_LINE, DONE};
pub use self::errors::{RequestError, ResponseError, UnknownValue};
pub use self::lines::{decode_lines, Framing, LineReader, LineStreamError, DEFAULT_MAX_ITEM, RECORD_SEPARATOR};
pub use self::multipart::{multipart_boundary, File, MultipartWriter};
pub use self::objects::{nullable, optional, required, AdditionalProperties, SkipUnknown, UnknownProperties};
pub use self::security::{choose_requirement, MissingCredentials, Scheme, SentAs};
pub use self::styles::{form_body, json_text, pairs, pairs_reserved, simple_text, FormField, Node, Style};
pub use self::unions::{exactly, from_raw, insert_json, keep_unknown, peek_integer_tag, peek_keys, peek_tag, unknown_object, with_unknown};

// The macros are called as `crate::runtime::json_object!`; a crate may use
// none of some kind.
#[allow(unused_imports)]
pub(crate) use self::macros::{field_identifier, integer_enum, json_object, json_union, string_enum};
