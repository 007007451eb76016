//! `--report-untyped`: every place the generated code holds a
//! `serde_json::Value` because the spec says nothing about the value's
//! shape, so maintainers see what their users get untyped.
//!
//! Read off the finished model, so it lists what the crate has (a pruned or
//! `[types]`-mapped schema is not listed): fields, union options, aliases,
//! parameters, request bodies and response bodies, and inside them array
//! items and map values. Lowering has no other fallback to `Value` (what it
//! cannot express is an error or a warning), so every entry is free-form by
//! the spec. Not listed: the `Unknown` option of every union and the
//! unknown properties every open struct keeps, which are there for values
//! the spec does not describe yet, not instead of a type.

use crate::ir::{Api, BodyKind, PartKind, StatusMatch, TypeKind, TypeRef};
use crate::source::{escape_token, Location};

/// One place that holds free-form JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untyped {
    /// The Rust path of what holds it: `models::Pet.extra`,
    /// `models::Shape::Json`, `operations::get_pet::Request.filter`,
    /// `operations::get_pet::Response::Ok`; `[]` for an array's item, `{}`
    /// for a map's value.
    pub rust_path: String,
    /// The JSON pointer of the schema in the spec.
    pub pointer: String,
    /// The file the schema is in, and where (filled in by
    /// [`crate::generate_with`]).
    pub file: String,
    /// Its line and column.
    pub location: Option<Location>,
    /// What the spec says (or does not).
    pub why: &'static str,
}

impl std::fmt::Display for Untyped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let place = match self.location {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.column),
            None => self.file.clone(),
        };
        write!(f, "{place}: {} is serde_json::Value: {} (#{})", self.rust_path, self.why, self.pointer)
    }
}

/// Every place in `api` that holds free-form JSON, sorted by Rust path.
/// `exists` tells whether a pointer names a node of the spec (to tell a
/// `oneOf` from an `anyOf`).
pub(crate) fn untyped(api: &Api, exists: &dyn Fn(&str) -> bool) -> Vec<Untyped> {
    let mut out = Vec::new();
    for t in &api.types {
        let path = format!("models::{}", t.name);
        match &t.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    // A property merged from an `allOf` is found in its part.
                    let property = format!("properties/{}", escape_token(&f.wire_name));
                    let direct = format!("{}/{property}", t.origin);
                    let in_part = (0..16).map(|i| format!("{}/allOf/{i}/{property}", t.origin)).find(|p| exists(p));
                    let ptr = if exists(&direct) { direct } else { in_part.unwrap_or(direct) };
                    find(&f.ty, format!("{path}.{}", f.rust_name), ptr, &mut out);
                }
            }
            TypeKind::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    let any_of = format!("{}/anyOf/{i}", t.origin);
                    let ptr = if exists(&any_of) { any_of } else { format!("{}/oneOf/{i}", t.origin) };
                    find(&v.ty, format!("{path}::{}", v.rust_name), ptr, &mut out);
                }
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => find(ty, path, t.origin.clone(), &mut out),
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
        }
    }
    for op in &api.operations {
        let at = format!("/paths/{}/{}", escape_token(&op.path), op.method.key());
        let path = format!("operations::{}", op.rust_name);
        for p in &op.params {
            find(&p.ty, format!("{path}::Request.{}", p.rust_name), format!("{at}/parameters"), &mut out);
        }
        for m in op.body.iter().flat_map(|b| &b.media) {
            let ptr = format!("{at}/requestBody/content/{}/schema", escape_token(&m.content_type));
            let body = format!("{path}::Request.body");
            match &m.kind {
                BodyKind::Json(ty) => find(ty, body, ptr, &mut out),
                BodyKind::Form(f) => find(&f.ty, body, ptr, &mut out),
                BodyKind::Multipart(mp) => {
                    for part in &mp.parts {
                        if let PartKind::Text(ty) | PartKind::Json(ty) = &part.kind {
                            let ptr = format!("{ptr}/properties/{}", escape_token(&part.wire_name));
                            find(ty, format!("{path}::{}.{}", mp.rust_name, part.rust_name), ptr, &mut out);
                        }
                    }
                }
                BodyKind::Text | BodyKind::Bytes | BodyKind::AnyBytes => {}
            }
        }
        for r in &op.responses {
            let Some(body) = &r.body else { continue };
            let status = match r.status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(h) => format!("{h}XX"),
                StatusMatch::Default => "default".into(),
            };
            let ptr = format!("{at}/responses/{status}/content/{}/schema", escape_token(&body.content_type));
            find(&body.ty, format!("{path}::Response::{}", r.rust_name), ptr, &mut out);
        }
    }
    out.sort_by(|a, b| (&a.rust_path, &a.pointer).cmp(&(&b.rust_path, &b.pointer)));
    out.dedup();
    out
}

/// The free-form JSON inside `ty` (held at `path`, described at `pointer`).
fn find(ty: &TypeRef, path: String, pointer: String, out: &mut Vec<Untyped>) {
    let (why, path, pointer) = match ty {
        TypeRef::Json => ("no `type` or shape: any JSON value", path, pointer),
        TypeRef::Array(item) if **item == TypeRef::Json => ("an array without an `items` schema", format!("{path}[]"), pointer),
        TypeRef::Map(value) if **value == TypeRef::Json => {
            ("an object with no properties and no `additionalProperties` schema", format!("{path}{{}}"), pointer)
        }
        TypeRef::Array(item) => return find(item, format!("{path}[]"), format!("{pointer}/items"), out),
        TypeRef::Map(value) => return find(value, format!("{path}{{}}"), format!("{pointer}/additionalProperties"), out),
        TypeRef::Nullable(inner) => return find(inner, path, pointer, out),
        _ => return,
    };
    out.push(Untyped { rust_path: path, pointer, file: String::new(), location: None, why });
}
