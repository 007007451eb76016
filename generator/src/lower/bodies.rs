//! Bodies: an operation's request body, and the media type the generated
//! code reads or writes for any body (JSON first, then text, then bytes).

use openapiv3::{MediaType, ReferenceOr, RequestBody};

use super::Lowerer;
use crate::ir::*;
use crate::naming::pascal_name;
use crate::parse::escape_token;

/// A body's content: the media type chosen, how it is encoded, and its type.
pub(super) struct Content<'a> {
    pub(super) content_type: String,
    pub(super) encoding: BodyEncoding,
    pub(super) ty: TypeRef,
    pub(super) media: &'a MediaType,
}

impl<'a> Lowerer<'a> {
    /// The request body at `ptr`; inline types in it are named after the
    /// operation (`type_prefix`), or after a shared body's key.
    pub(super) fn request_body(&mut self, rb: &'a ReferenceOr<RequestBody>, ptr: &str, type_prefix: &str) -> Option<Body> {
        let found = self.resolve(rb, ptr)?;
        let context = found.key.map_or_else(|| format!("{type_prefix}Body"), body_context);
        let body = found.item;
        let content = self.content(&body.content, &found.pointer, &context)?;
        Some(Body {
            content_type: content.content_type,
            encoding: content.encoding,
            ty: content.ty,
            required: body.required,
            docs: body.description.clone(),
            example: content.media.example.clone(),
        })
    }

    /// The content of the body at `ptr`: the media type chosen, and the type
    /// of its schema (inline ones named `context`).
    pub(super) fn content(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        ptr: &str,
        context: &str,
    ) -> Option<Content<'a>> {
        let (content_type, encoding, media) = self.pick_media(content, &format!("{ptr}/content"))?;
        let schema_ptr = format!("{ptr}/content/{}/schema", escape_token(&content_type));
        let ty = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Json) => self.ref_or_type(schema, &schema_ptr, context)?,
            (None, BodyEncoding::Json) => TypeRef::Json,
            (_, BodyEncoding::Text) => TypeRef::String,
            (_, BodyEncoding::Bytes) => TypeRef::Bytes,
        };
        Some(Content { content_type, encoding, ty, media })
    }

    /// Picks the media type the generated code reads or writes: JSON first,
    /// then text, then raw bytes. Forms and multipart are reported.
    fn pick_media(&mut self, content: &'a indexmap::IndexMap<String, MediaType>, ptr: &str) -> Option<(String, BodyEncoding, &'a MediaType)> {
        let essence = |ct: &str| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let is_json = |ct: &str| {
            let e = essence(ct);
            e == "application/json" || e.ends_with("+json") || e == "*/*"
        };
        if let Some((ct, m)) = content.iter().find(|(ct, _)| is_json(ct)) {
            return Some((ct.clone(), BodyEncoding::Json, m));
        }
        if let Some((ct, m)) = content.iter().find(|(ct, _)| essence(ct).starts_with("text/")) {
            return Some((ct.clone(), BodyEncoding::Text, m));
        }
        let form = |ct: &str| {
            let e = essence(ct);
            e == "application/x-www-form-urlencoded" || e.starts_with("multipart/")
        };
        if let Some((ct, m)) = content.iter().find(|(ct, _)| !form(ct)) {
            return Some((ct.clone(), BodyEncoding::Bytes, m));
        }
        let listed: Vec<&str> = content.keys().map(String::as_str).collect();
        self.error_hint(
            ptr,
            format!("media type {} is not supported", listed.join(", ")),
            "JSON (`application/json`, `*+json`), `text/*` and raw bytes are supported; forms and multipart are not yet",
        );
        None
    }
}

/// The name of the inline body schema of a shared request body or response
/// (`components.requestBodies.NewPet` -> `NewPetBody`): one type, however
/// many operations use it.
pub(super) fn body_context(key: &str) -> String {
    let name = pascal_name(key);
    if name.ends_with("Body") {
        name
    } else {
        format!("{name}Body")
    }
}
