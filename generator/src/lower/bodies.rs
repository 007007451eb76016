//! Bodies: an operation's request body, one entry per media type the
//! generated code can send (JSON, text, bytes, forms, multipart), and the
//! media type read for a response body (JSON first, then text, then bytes).

use openapiv3::{MediaType, QueryStyle, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::nonblank;
use super::schemas::{maybe_null, object_parts, schema_docs};
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, snake_name, Scope};
use crate::source::escape_token;

/// A response body's content: the media type chosen, how it is decoded, and its type.
pub(super) struct Content {
    pub(super) content_type: String,
    pub(super) encoding: BodyEncoding,
    pub(super) ty: TypeRef,
}

/// A media type of a request body the generated code cannot send: reported
/// as an error when it is the only one, and as a warning (it is left out)
/// when the caller has others to choose from.
struct Refusal {
    pointer: String,
    message: String,
    hint: &'static str,
}

/// The media type without its parameters, in lower case (`application/json`
/// for `application/json; charset=utf-8`).
pub(super) fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// JSON and its variants: `application/json` (with parameters or not),
/// `text/json` and `*+json`.
pub(super) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// Streams of JSON values: one per line, or RFC 7464's records.
fn line_framing(essence: &str) -> Option<BodyEncoding> {
    match essence {
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" => Some(BodyEncoding::JsonLines),
        "application/json-seq" => Some(BodyEncoding::JsonSeq),
        _ => None,
    }
}

impl<'a> Lowerer<'a> {
    /// The request body at `ptr`; inline types in it are named after the
    /// operation (`type_prefix`), or after a shared body's key.
    pub(super) fn request_body(&mut self, rb: &'a ReferenceOr<RequestBody>, ptr: &str, type_prefix: &str) -> Option<Body> {
        let found = self.resolve(rb, ptr)?;
        let context = found.key.map_or_else(|| format!("{type_prefix}Body"), body_context);
        let body = found.item;
        let content_ptr = format!("{}/content", found.pointer);
        if body.content.is_empty() {
            // Nothing says what to send (just-eat's `requestBody: {content:
            // {}}` on DELETEs): the operation sends no body. A required one
            // cannot be left out, so that is refused.
            if body.required {
                self.error_hint(
                    &content_ptr,
                    "the request body is required but lists no media type",
                    "add one under `content`, such as `application/json`",
                );
            } else {
                self.warn(
                    &content_ptr,
                    "the request body lists no media type, so the operation sends none".to_owned(),
                    Some("add one under `content`, such as `application/json`, or remove `requestBody`"),
                );
            }
            return None;
        }
        let several = body.content.len() > 1;
        let mut variants = Scope::new();
        let mut media = Vec::new();
        let mut refused = Vec::new();
        for (content_type, m) in &body.content {
            let media_ptr = format!("{content_ptr}/{}", escape_token(content_type));
            let variant = variants.claim(media_variant(content_type));
            // With several media types, inline schemas are named after theirs.
            let media_context =
                if several { format!("{}{variant}Body", context.strip_suffix("Body").unwrap_or(&context)) } else { context.clone() };
            match self.request_media(content_type, m, &media_ptr, &media_context) {
                Ok(Some((sent_as, kind))) => media.push(BodyMedia { content_type: sent_as, variant, kind, example: m.example.clone() }),
                // The schema had errors, already reported.
                Ok(None) => return None,
                Err(refusal) => refused.push(refusal),
            }
        }
        for refusal in refused {
            if media.is_empty() {
                self.error_hint(&refusal.pointer, refusal.message, refusal.hint);
            } else {
                self.warn(&refusal.pointer, format!("{}; the operation is generated without it", refusal.message), Some(refusal.hint));
            }
        }
        if media.is_empty() {
            return None;
        }
        Some(Body { required: body.required, docs: nonblank(&body.description), media })
    }

    /// One media type of a request body: the `Content-Type` it is sent with
    /// and how it is written. `Ok(None)`: its schema had errors, reported.
    fn request_media(
        &mut self,
        content_type: &str,
        media: &'a MediaType,
        ptr: &str,
        context: &str,
    ) -> Result<Option<(String, BodyKind)>, Refusal> {
        let essence = essence(content_type);
        let schema_ptr = format!("{ptr}/schema");
        let sent_as = content_type.to_owned();
        let kind = if is_json(&essence) {
            match &media.schema {
                Some(schema) => self.ref_or_type(schema, &schema_ptr, context).map(BodyKind::Json),
                None => Some(BodyKind::Json(TypeRef::Json)),
            }
        } else if essence == "application/x-www-form-urlencoded" {
            return self.form_body(media, ptr, context).map(|kind| kind.map(|kind| (sent_as, kind)));
        } else if essence == "multipart/form-data" {
            return self.multipart_body(media, ptr, context).map(|kind| kind.map(|kind| (sent_as, kind)));
        } else if essence.starts_with("multipart/") {
            return Err(Refusal {
                pointer: ptr.to_owned(),
                message: format!("media type {content_type} is not supported"),
                hint: "`multipart/form-data` is supported; other multipart types are not yet",
            });
        } else if let Some(schema) = media.schema.as_ref().filter(|s| essence == "*/*" && self.is_structured(s, &schema_ptr)) {
            // Any media type, described by a schema that is not a string: the
            // value is JSON, and says so (`*/*` is no `Content-Type`).
            return Ok(self.ref_or_type(schema, &schema_ptr, context).map(|ty| ("application/json".to_owned(), BodyKind::Json(ty))));
        } else if essence.contains('*') {
            Some(BodyKind::AnyBytes)
        } else if essence.starts_with("text/") {
            Some(BodyKind::Text)
        } else {
            Some(BodyKind::Bytes)
        };
        Ok(kind.map(|kind| (sent_as, kind)))
    }

    /// Whether the schema (or `$ref`) at `ptr` describes something other
    /// than a string: an object, array, number, boolean or union.
    fn is_structured(&mut self, schema: &'a ReferenceOr<Schema>, ptr: &str) -> bool {
        self.resolve(schema, ptr).is_some_and(|found| !matches!(found.item.schema_kind, SchemaKind::Type(Type::String(_))))
    }

    /// `application/x-www-form-urlencoded`: the schema must be an object
    /// (or a map); `encoding` gives properties another style.
    fn form_body(&mut self, media: &'a MediaType, ptr: &str, context: &str) -> Result<Option<BodyKind>, Refusal> {
        let schema_ptr = format!("{ptr}/schema");
        let Some(schema) = &media.schema else {
            // Any pairs at all.
            return Ok(Some(BodyKind::Form(FormBody { ty: TypeRef::Map(Box::new(TypeRef::Json)), encodings: Vec::new() })));
        };
        if let Some(found) = self.resolve(schema, &schema_ptr) {
            if matches!(found.item.schema_kind, SchemaKind::Type(Type::String(_))) {
                // The pairs as one string (libretranslate's, spoonacular's):
                // the caller writes them.
                self.warn(
                    &found.pointer,
                    "this form body is a string, not an object of fields, so the caller writes the pairs (`name=value&..`), sent as they are".to_owned(),
                    Some("describe the body with `type: object` and `properties`"),
                );
                return Ok(Some(BodyKind::Text));
            }
            if !is_object_like(found.item) {
                return Err(Refusal {
                    pointer: found.pointer,
                    message: "a form body must be an object: its properties are the form's fields".into(),
                    hint: "describe the body with `type: object` and `properties`",
                });
            }
        }
        let Some(ty) = self.ref_or_type(schema, &schema_ptr, context) else { return Ok(None) };
        let encodings = media
            .encoding
            .iter()
            .map(|(wire_name, e)| {
                let style = match &e.style {
                    None | Some(QueryStyle::Form) => ParamStyle::Form,
                    Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                    Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                    Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                };
                // `openapiv3` reads a missing `explode` as false; OpenAPI's
                // default (true for `form`) holds when no `style` is written.
                let explode = e.explode || e.style.is_none();
                let json = e.content_type.as_deref().is_some_and(|ct| is_json(&essence(ct)));
                FormEncoding { wire_name: wire_name.clone(), style, explode, json }
            })
            .collect();
        Ok(Some(BodyKind::Form(FormBody { ty, encodings })))
    }

    /// `multipart/form-data`: a part per property of an object schema (or of
    /// an `allOf` of objects, merged); files for `format: binary`, text for
    /// primitives and enums, JSON for the rest. A schema that names no parts
    /// (none, a binary string, a union, a map) is sent as bytes the caller
    /// writes, with a warning: the parts are theirs to lay out.
    fn multipart_body(&mut self, media: &'a MediaType, ptr: &str, context: &str) -> Result<Option<BodyKind>, Refusal> {
        let _deep = self.deep();
        let schema_ptr = format!("{ptr}/schema");
        let unnamed = |this: &mut Self, pointer: &str| {
            this.warn(
                pointer,
                "this multipart body names no parts (its schema is not an object with `properties`, or an `allOf` of such), \
                 so the caller writes the parts: the body is bytes with the media type the caller names, boundary included"
                    .to_owned(),
                Some("describe the parts with `type: object` and `properties`"),
            );
            Ok(Some(BodyKind::AnyBytes))
        };
        let Some(schema) = &media.schema else { return unnamed(self, ptr) };
        let Some(found) = self.resolve(schema, &schema_ptr) else { return Ok(None) };
        let mut properties = Vec::new();
        let mut required = Vec::new();
        match self.multipart_properties(found.item, &found.pointer, &mut properties, &mut required, 0) {
            None => return Ok(None),
            Some(false) => return unnamed(self, &found.pointer),
            Some(true) if properties.is_empty() => return unnamed(self, &found.pointer),
            Some(true) => {}
        }
        // Inline schemas of the parts are named after the component, if the
        // body is one, else after the operation.
        let owner = self.component_name_at(&found.pointer).map(str::to_owned).unwrap_or_else(|| context.to_owned());
        let mut scope = Scope::new();
        let mut parts = Vec::new();
        for (wire, prop, prop_ptr) in properties {
            let Some(target) = self.resolve_boxed(prop, &prop_ptr) else { return Ok(None) };
            let docs = schema_docs(target.item);
            let (repeated, item_is_file) = match &target.item.schema_kind {
                SchemaKind::Type(Type::Array(a)) => {
                    (true, a.items.as_ref().is_some_and(|items| self.is_file(items, &format!("{prop_ptr}/items"))))
                }
                _ => (false, is_file_schema(target.item)),
            };
            let encoding = media.encoding.get(wire);
            let content_type = encoding.and_then(|e| e.content_type.clone()).filter(|ct| !ct.contains(',') && !ct.contains('*'));
            let kind = if item_is_file {
                PartKind::File
            } else {
                let Some(ty) = self.boxed_type(prop, &prop_ptr, &format!("{owner}{}", pascal_name(wire))) else { return Ok(None) };
                let item = match (&ty, repeated) {
                    (TypeRef::Array(item), true) => (**item).clone(),
                    _ => ty,
                };
                let json_declared = content_type.as_deref().is_some_and(|ct| is_json(&essence(ct)));
                if self.is_text(&item) && !json_declared {
                    PartKind::Text(item)
                } else {
                    PartKind::Json(item)
                }
            };
            parts.push(Part {
                wire_name: wire.clone(),
                rust_name: scope.claim(snake_name(wire)),
                required: required.contains(&wire),
                docs,
                kind,
                repeated,
                content_type,
            });
        }
        Ok(Some(BodyKind::Multipart(MultipartBody { rust_name: "Multipart".into(), docs: schema_docs(found.item), parts })))
    }

    /// The properties of a multipart body's schema at `ptr`, each with its
    /// pointer, into `properties` (the first of a name wins), and its
    /// `required` names: an object's own, or those of every member of an
    /// `allOf` of objects, in order. `Some(false)`: the schema is not such an
    /// object; `None`: a `$ref` in it had errors, reported.
    fn multipart_properties(
        &mut self,
        schema: &'a Schema,
        ptr: &str,
        properties: &mut Vec<(&'a String, &'a ReferenceOr<Box<Schema>>, String)>,
        required: &mut Vec<&'a String>,
        depth: usize,
    ) -> Option<bool> {
        let _deep = self.deep();
        if let Some((own, own_required)) = object_parts(schema) {
            for (wire, prop) in own {
                if !properties.iter().any(|(seen, _, _)| *seen == wire) {
                    properties.push((wire, prop, format!("{ptr}/properties/{}", escape_token(wire))));
                }
            }
            required.extend(own_required);
            return Some(true);
        }
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return Some(false) };
        // A cycle of `allOf`s through `$ref`s is no object.
        if depth > 16 || all_of.is_empty() {
            return Some(false);
        }
        for (i, member) in all_of.iter().enumerate() {
            let found = self.resolve(member, &format!("{ptr}/allOf/{i}"))?;
            if !self.multipart_properties(found.item, &found.pointer, properties, required, depth + 1)? {
                return Some(false);
            }
        }
        Some(true)
    }

    /// Whether the items schema at `ptr` is a file (`format: binary` or `byte`).
    fn is_file(&mut self, schema: &'a ReferenceOr<Box<Schema>>, ptr: &str) -> bool {
        self.resolve_boxed(schema, ptr).is_some_and(|found| is_file_schema(found.item))
    }

    /// Whether a value of `ty` is written as plain text: a primitive, a date
    /// or a string enum.
    fn is_text(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::DateTime | TypeRef::Date | TypeRef::Integer { .. } | TypeRef::Number { .. } | TypeRef::Boolean => {
                true
            }
            TypeRef::Named(name) => self.type_kinds.get(name).copied().unwrap_or(false),
            _ => false,
        }
    }

    /// The content of a response body at `ptr`: the media type chosen, and
    /// the type of its schema (inline ones named `context`).
    pub(super) fn content(&mut self, content: &'a indexmap::IndexMap<String, MediaType>, ptr: &str, context: &str) -> Option<Content> {
        let (content_type, encoding, media) = self.pick_media(content, &format!("{ptr}/content"))?;
        let schema_ptr = format!("{ptr}/content/{}/schema", escape_token(&content_type));
        let ty = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Json) => self.ref_or_type(schema, &schema_ptr, context)?,
            (None, BodyEncoding::Json) => TypeRef::Json,
            (_, BodyEncoding::Text) => TypeRef::String,
            // Each event's `data` is one value of the schema: specs written
            // before 3.2's `itemSchema` describe one event as the response.
            (Some(schema), BodyEncoding::EventStream) => TypeRef::Array(Box::new(self.ref_or_type(schema, &schema_ptr, context)?)),
            (None, BodyEncoding::EventStream) => TypeRef::Array(Box::new(TypeRef::Json)),
            (schema, BodyEncoding::JsonLines | BodyEncoding::JsonSeq) => {
                TypeRef::Array(Box::new(self.line_item(schema.as_ref(), &schema_ptr, context)?))
            }
            (_, BodyEncoding::Bytes) => TypeRef::Bytes,
        };
        Some(Content { content_type, encoding, ty })
    }

    /// The type of each item of a stream of JSON lines: the `items` of an
    /// array schema (specs before 3.2 describe the whole stream as an
    /// array, and `upgrade` makes 3.2's `itemSchema: X` the array
    /// `schema: {type: array, items: X}`), else the schema itself, one
    /// value a line.
    fn line_item(&mut self, schema: Option<&'a ReferenceOr<Schema>>, ptr: &str, context: &str) -> Option<TypeRef> {
        let Some(schema) = schema else { return Some(TypeRef::Json) };
        let found = self.resolve(schema, ptr)?;
        let SchemaKind::Type(Type::Array(array)) = &found.item.schema_kind else {
            return self.ref_or_type(schema, ptr, context);
        };
        let Some(items) = &array.items else { return Some(TypeRef::Json) };
        // An inline item of an array component is named as the component names it.
        let context = match found.key.and_then(|key| self.component_names.get(key)) {
            Some(name) => format!("{name}Item"),
            None => format!("{context}Item"),
        };
        let at = format!("{}/items", found.pointer);
        let item = self.boxed_type(items, &at, &context)?;
        let nullable = self.resolve_boxed(items, &at).is_some_and(|t| self.nullable(&t));
        Some(maybe_null(item, nullable))
    }

    /// Picks the media type a response is read as: JSON first, then
    /// JSON lines (`application/x-ndjson`, `application/jsonl`,
    /// `application/jsonlines`, `application/json-seq`), then server-sent
    /// events, then text, then raw bytes. Forms and multipart are reported.
    fn pick_media(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        ptr: &str,
    ) -> Option<(String, BodyEncoding, &'a MediaType)> {
        if let Some((ct, m)) = content.iter().find(|(ct, _)| {
            let e = essence(ct);
            is_json(&e) || e == "*/*"
        }) {
            return Some((ct.clone(), BodyEncoding::Json, m));
        }
        if let Some((ct, m)) = content.iter().find(|(ct, _)| line_framing(&essence(ct)).is_some()) {
            return Some((ct.clone(), line_framing(&essence(ct))?, m));
        }
        if let Some((ct, m)) = content.iter().find(|(ct, _)| essence(ct) == "text/event-stream") {
            return Some((ct.clone(), BodyEncoding::EventStream, m));
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
        // Only forms and multipart: read as they came, the text of the
        // pairs or the bytes of the parts, for the caller to split.
        let (ct, m) = content.first()?;
        let (encoding, as_what) = if essence(ct) == "application/x-www-form-urlencoded" {
            (BodyEncoding::Text, "its text (`name=value&..`)")
        } else {
            (BodyEncoding::Bytes, "its bytes")
        };
        self.warn(
            ptr,
            format!("{ct} responses are not decoded into a type; the response is {as_what}, for the caller to split"),
            Some("JSON (`application/json`, `text/json`, `*+json`), `text/*` and raw bytes are read as the schema says"),
        );
        Some((ct.clone(), encoding, m))
    }
}

/// Whether a schema can be a form: an object, a map, or a schema without
/// `type` (a union or `allOf` of objects, or anything).
fn is_object_like(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::Object(_))
            | SchemaKind::Any(_)
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::AllOf { .. }
    )
}

/// `type: string` with `format: binary` or `byte`: a file part.
fn is_file_schema(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary | StringFormat::Byte))
    )
}

/// The variant of a media type in an operation's `Body` enum: `Json`,
/// `Form`, `Multipart`, `Text`, `Bytes` for the common ones, else its
/// subtype and parameters (`application/json;simple` is `JsonSimple`,
/// `application/logplex-1` is `Logplex1`).
fn media_variant(content_type: &str) -> String {
    let essence = essence(content_type);
    let params: Vec<&str> = content_type
        .split(';')
        .skip(1)
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("charset="))
        .map(|p| p.split_once('=').map_or(p, |(_, v)| v.trim_matches('"')))
        .collect();
    let base = match essence.as_str() {
        "application/json" => "Json".to_owned(),
        "application/x-www-form-urlencoded" => "Form".to_owned(),
        "multipart/form-data" => "Multipart".to_owned(),
        "text/plain" => "Text".to_owned(),
        "application/octet-stream" => "Bytes".to_owned(),
        "*/*" => "Any".to_owned(),
        other => {
            let (ty, sub) = other.split_once('/').unwrap_or((other, ""));
            pascal_name(if sub.is_empty() || sub == "*" { ty } else { sub })
        }
    };
    let name = pascal_name(&format!("{base} {}", params.join(" ")));
    if name.is_empty() {
        "Other".to_owned()
    } else {
        name
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

#[cfg(test)]
mod tests {
    use super::media_variant;

    /// A request body with an empty `content` (just-eat's DELETEs): an
    /// optional one is sent as no body, with a warning at `content`; a
    /// required one is refused there.
    #[test]
    fn a_body_without_media_types_is_none_or_refused() {
        let spec = |required: bool| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /things/{{id}}:\n    delete:\n      operationId: deleteThing\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      requestBody: {{content: {{}}, required: {required}}}\n      responses: {{'204': {{description: gone}}}}\n"
            )
        };
        let config = crate::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
        let generated = crate::generate(&crate::SourceFile::new("t.yaml", spec(false)), &config).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(generated.api.operations.len(), 1);
        assert!(generated.api.operations[0].body.is_none());
        assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
        let warning = &generated.warnings[0];
        assert!(warning.contains("lists no media type, so the operation sends none"), "{warning}");
        assert!(warning.contains("t.yaml:8:") && warning.contains("/requestBody/content"), "{warning}");
        let error =
            crate::generate(&crate::SourceFile::new("t.yaml", spec(true)), &config).expect_err("a required body needs a media type");
        let error = error.to_string();
        assert!(error.contains("is required but lists no media type") && error.contains("t.yaml:8:"), "{error}");
    }

    #[test]
    fn media_types_name_their_variants() {
        let names: Vec<String> = [
            "application/json",
            "application/json;simple",
            "application/logplex-1",
            "text/plain",
            "text/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/vnd.api+json",
            "image/*",
            "application/json; charset=utf-8",
        ]
        .iter()
        .map(|ct| media_variant(ct))
        .collect();
        assert_eq!(names, ["Json", "JsonSimple", "Logplex1", "Text", "Json", "Form", "Multipart", "VndApiJson", "Image", "Json"]);
    }
}
