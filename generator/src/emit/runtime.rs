//! The support code copied verbatim into every generated crate:
//! `src/runtime/`, `src/validate.rs`, `src/client/transport.rs`, and the
//! kinds of credentials the spec's schemes use (`src/client/keys.rs`,
//! `src/client/basic.rs`, `src/client/tokens.rs`).

/// The runtime module, copied verbatim into every generated crate: each
/// file's path in the crate, and its text.
pub(crate) const RUNTIME: &[(&str, &str)] = &[
    ("src/runtime/mod.rs", include_str!("../../runtime/runtime/mod.rs")),
    ("src/runtime/decoding.rs", include_str!("../../runtime/runtime/decoding.rs")),
    ("src/runtime/encoding.rs", include_str!("../../runtime/runtime/encoding.rs")),
    ("src/runtime/enums.rs", include_str!("../../runtime/runtime/enums.rs")),
    ("src/runtime/errors.rs", include_str!("../../runtime/runtime/errors.rs")),
    ("src/runtime/events.rs", include_str!("../../runtime/runtime/events.rs")),
    ("src/runtime/lines.rs", include_str!("../../runtime/runtime/lines.rs")),
    ("src/runtime/macros.rs", include_str!("../../runtime/runtime/macros.rs")),
    ("src/runtime/multipart.rs", include_str!("../../runtime/runtime/multipart.rs")),
    ("src/runtime/objects.rs", include_str!("../../runtime/runtime/objects.rs")),
    ("src/runtime/security.rs", include_str!("../../runtime/runtime/security.rs")),
    ("src/runtime/styles.rs", include_str!("../../runtime/runtime/styles.rs")),
    ("src/runtime/unions.rs", include_str!("../../runtime/runtime/unions.rs")),
];

/// The constraint checks, copied verbatim into every generated crate.
pub(crate) const VALIDATE: &str = include_str!("../../runtime/validate.rs");

/// The transport, copied verbatim into every generated crate.
pub(crate) const TRANSPORT: &str = include_str!("../../runtime/transport.rs");

/// API keys and fixed bearer tokens, copied into crates whose spec has a
/// scheme sent so.
pub(crate) const KEYS: &str = include_str!("../../runtime/client/keys.rs");

/// HTTP basic authentication, copied into crates whose spec has a `basic` scheme.
pub(crate) const BASIC: &str = include_str!("../../runtime/client/basic.rs");

/// Bearer tokens from a provider, copied into crates whose spec has a
/// scheme sent as a bearer token (`bearer`, `oauth2`, `openIdConnect`).
pub(crate) const TOKENS: &str = include_str!("../../runtime/client/tokens.rs");

/// The server's support code (`src/server/runtime.rs`), copied verbatim
/// into every generated crate that has operations.
pub(crate) const SERVER: &str = include_str!("../../runtime/server.rs");

/// `multipart/form-data` bodies read by the server
/// (`src/server/multipart.rs`), copied into crates whose spec has one.
pub(crate) const SERVER_MULTIPART: &str = include_str!("../../runtime/server_multipart.rs");

/// The mock (`src/mock/mod.rs`), copied verbatim beside its generated `api.rs`.
pub(crate) const MOCK: &str = include_str!("../../runtime/mock.rs");
