//! An operation's parameters: path-item ones overridden by the operation's
//! own, path ones in template order first, each checked against what the
//! generated code can send.

use indexmap::IndexMap;
use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr};

use super::bodies::{essence, is_json};
use super::nonblank;
use super::operations::placeholders;
use super::schemas::constraints;
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, reserved, snake_name, Scope};
use crate::source::escape_token;

impl<'a> Lowerer<'a> {
    /// The parameters of the operation at `op_ptr` (`own`, and the path
    /// item's `shared`), checked against the path template.
    pub(super) fn operation_params(
        &mut self,
        path: &str,
        op_ptr: &str,
        type_prefix: &str,
        own: &'a [ReferenceOr<Parameter>],
        shared: &'a [ReferenceOr<Parameter>],
    ) -> Vec<Param> {
        // Operation parameters override path-item ones with the same name and location.
        let path_ptr = op_ptr.rsplit_once('/').map(|(p, _)| p).unwrap_or(op_ptr);
        let listed = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{path_ptr}/parameters/{i}"), p))
            .chain(own.iter().enumerate().map(|(i, p)| (format!("{op_ptr}/parameters/{i}"), p)));
        let mut resolved: Vec<(String, Option<String>, &'a Parameter)> = Vec::new();
        for (ptr, p) in listed {
            let Some(found) = self.resolve(p, &ptr) else { continue };
            let param = found.item;
            let key = (param.parameter_data_ref().name.clone(), std::mem::discriminant(param));
            resolved.retain(|(_, _, q)| (q.parameter_data_ref().name.clone(), std::mem::discriminant(*q)) != key);
            // A shared parameter's inline types are named after it.
            resolved.push((found.pointer, found.key.map(pascal_name), param));
        }
        // Path parameters in template order first, then the rest in spec order.
        let template = placeholders(path);
        resolved.sort_by_key(|(_, _, p)| match p {
            Parameter::Path { parameter_data, .. } => (0, template.iter().position(|t| *t == parameter_data.name).unwrap_or(usize::MAX)),
            _ => (1, 0),
        });
        // The request's fields; optional ones get setters of the same name,
        // which must not clash with the request's own methods.
        let mut field_scope = Scope::with_reserved(reserved::REQUEST.iter().copied());
        let mut params = Vec::new();
        // Path parameters refused already: no second error that they are missing.
        let mut refused = Vec::new();
        for (ptr, shared, param) in resolved {
            let context = shared.unwrap_or_else(|| format!("{type_prefix}{}", pascal_name(&param.parameter_data_ref().name)));
            match self.param(&ptr, param, &context, &mut field_scope) {
                Some(p) => params.push(p),
                None => refused.push(param.parameter_data_ref().name.clone()),
            }
        }
        let template: Vec<String> = template.into_iter().filter(|name| !refused.contains(name)).collect();
        self.undeclared_path_params(op_ptr, &template, &mut params, &mut field_scope);
        self.check_path_params(path, op_ptr, &template, &params);
        params
    }

    /// A placeholder of the template that no parameter declares (which
    /// OpenAPI forbids, and real specs do: ClickSend's `{convert}`, Medium's
    /// `{query}`) is a required string, with a warning: the value has to be
    /// in the path, and a string is all the template says of it. It goes
    /// among the path parameters in template order.
    fn undeclared_path_params(&mut self, op_ptr: &str, template: &[String], params: &mut Vec<Param>, scope: &mut Scope) {
        for (position, name) in template.iter().enumerate() {
            if params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == *name) {
                continue;
            }
            self.warn(
                op_ptr,
                format!("the path uses `{{{name}}}` but the operation declares no path parameter `{name}`: it is generated as a required string"),
                Some("declare it under `parameters` with `in: path`"),
            );
            let param = Param {
                wire_name: name.clone(),
                rust_name: self.claim(scope, snake_name(name), op_ptr, &format!("path parameter `{name}`")),
                location: ParamLocation::Path,
                ty: TypeRef::String,
                required: true,
                explode: false,
                style: ParamStyle::Simple,
                allow_reserved: false,
                via_serde: false,
                json: false,
                docs: None,
                constraints: Constraints::default(),
                default: None,
            };
            let before = params
                .iter()
                .filter(|p| p.location == ParamLocation::Path)
                .take_while(|p| template.iter().position(|t| *t == p.wire_name) < Some(position))
                .count();
            params.insert(before, param);
        }
    }

    /// Every path parameter has a placeholder in the template (every
    /// placeholder has a parameter by now).
    fn check_path_params(&mut self, path: &str, op_ptr: &str, template: &[String], params: &[Param]) {
        for p in params {
            if p.location == ParamLocation::Path && !template.contains(&p.wire_name) {
                self.error(op_ptr, format!("path parameter `{}` does not appear in the path `{path}`", p.wire_name));
            }
        }
    }

    /// A parameter; `context` names the types of its inline schemas.
    fn param(&mut self, ptr: &str, param: &'a Parameter, context: &str, scope: &mut Scope) -> Option<Param> {
        // Path and header parameters are `simple`, cookies `form`; only the
        // query has a choice (and `allowReserved`).
        let mut style_and_reserved = (ParamStyle::Simple, false);
        let (data, location, explode) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, parameter_data.explode.unwrap_or(false)),
            Parameter::Query { parameter_data, style, allow_reserved, .. } => {
                style_and_reserved = (
                    match style {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    },
                    *allow_reserved,
                );
                (parameter_data, ParamLocation::Query, parameter_data.explode.unwrap_or(matches!(style, QueryStyle::Form)))
            }
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, parameter_data.explode.unwrap_or(false)),
            // Path and header parameters are `simple`: `explode` only changes objects (`k=v`).
            // Cookies have one style, `form`, which explodes by default.
            Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, parameter_data.explode.unwrap_or(true)),
        };
        // `json`: described by `content` in a JSON media type, the value is
        // its JSON text, sent as one string of its location.
        let (schema, schema_ptr, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => (schema, format!("{ptr}/schema"), false),
            ParameterSchemaOrContent::Content(content) => self.content_schema(ptr, &data.name, content)?,
        };
        let ty = self.ref_or_type(schema, &schema_ptr, context)?;
        // An array in the path is `a,b,c` (the `simple` style), written by serde.
        // JSON text is one value: the plain style of its location, never exploded.
        let (style, allow_reserved, explode) = match location {
            ParamLocation::Cookie => (ParamStyle::Form, false, explode && !json),
            ParamLocation::Query if json => (ParamStyle::Form, false, false),
            _ if json => (ParamStyle::Simple, false, false),
            _ => (style_and_reserved.0, style_and_reserved.1, explode),
        };
        // A query style other than `form`, and `allowReserved`, are laid out by the runtime's styles.
        let styled = location == ParamLocation::Query && (style != ParamStyle::Form || allow_reserved);
        let via_serde = json || styled || !self.displayed(&ty) || (location == ParamLocation::Path && matches!(ty, TypeRef::Array(_)));
        if location == ParamLocation::Cookie && explode && matches!(ty, TypeRef::Array(_)) {
            // One `name=value` pair per item would be several cookies of the same name.
            self.error_hint(
                ptr,
                format!("cookie parameter `{}`: an exploded array is not supported", data.name),
                "set `explode: false` to send the items as `name=a,b,c`",
            );
            return None;
        }
        let resolved = self.resolve(schema, &schema_ptr);
        let (constraints, default) = resolved
            .map(|l| {
                let checked = self.carried_constraints(&l.pointer, &ty).unwrap_or_else(|| constraints(l.item));
                (checked, l.item.schema_data.default.clone())
            })
            .unwrap_or_default();
        Some(Param {
            wire_name: data.name.clone(),
            rust_name: self.claim(scope, snake_name(&data.name), ptr, &format!("parameter `{}`", data.name)),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            explode,
            style,
            allow_reserved,
            via_serde,
            json,
            docs: nonblank(&data.description),
            constraints,
            default,
        })
    }

    /// The schema of a parameter described by `content` (one media type, as
    /// OpenAPI requires), with its pointer, and whether the value is JSON
    /// text. A scalar is the same text whatever the media type says
    /// (Telnyx's `*/*` ids, Stream's `application/json` names: a string goes
    /// without JSON's quotes, as their servers read it); anything else is
    /// the JSON text of the value, in a JSON media type only.
    fn content_schema(
        &mut self,
        ptr: &str,
        name: &str,
        content: &'a IndexMap<String, MediaType>,
    ) -> Option<(&'a ReferenceOr<openapiv3::Schema>, String, bool)> {
        let content_ptr = format!("{ptr}/content");
        let mut entries = content.iter();
        let (Some((media_type, media)), None) = (entries.next(), entries.next()) else {
            self.error_hint(
                &content_ptr,
                format!("parameter `{name}` has {} media types under `content`, where OpenAPI allows exactly one", content.len()),
                "keep the one media type the server reads",
            );
            return None;
        };
        let media_ptr = format!("{content_ptr}/{}", escape_token(media_type));
        let Some(schema) = media.schema.as_ref() else {
            self.error_hint(
                &media_ptr,
                format!("parameter `{name}`: its media type `{media_type}` has no schema"),
                "add a `schema`, or describe the parameter with `schema` instead of `content`",
            );
            return None;
        };
        let schema_ptr = format!("{media_ptr}/schema");
        let found = self.resolve(schema, &schema_ptr)?;
        if is_scalar(found.item) {
            return Some((schema, schema_ptr, false));
        }
        if !is_json(&essence(media_type)) {
            self.error_hint(
                &media_ptr,
                format!("parameter `{name}` uses `content` for a structured value in `{media_type}`, which is not supported"),
                "use a JSON media type (`application/json`, `*+json`) to send it as JSON text, or describe it with `schema` (and `style`)",
            );
            return None;
        }
        Some((schema, schema_ptr, true))
    }

    /// Whether a parameter of type `ty` is written by its `Display`: a string,
    /// number, boolean, date or string enum, or an array of them. Anything
    /// else (a date-time, whose `Display` is not RFC 3339, a union, an
    /// object, a newtype...) goes through serde.
    fn displayed(&self, ty: &TypeRef) -> bool {
        let simple = |t: &TypeRef| match t {
            TypeRef::String | TypeRef::Date | TypeRef::Integer { .. } | TypeRef::Number { .. } | TypeRef::Boolean => true,
            TypeRef::Named(n) => self.type_kinds.get(n).copied().unwrap_or(false),
            _ => false,
        };
        match ty {
            TypeRef::Array(item) => simple(item),
            other => simple(other),
        }
    }
}

/// A string (an enum or not), number, integer or boolean schema.
fn is_scalar(schema: &openapiv3::Schema) -> bool {
    use openapiv3::{SchemaKind, Type};
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_) | Type::Number(_) | Type::Integer(_) | Type::Boolean(_)) => true,
        SchemaKind::Any(any) => {
            matches!(any.typ.as_deref(), Some("string" | "number" | "integer" | "boolean")) && any.properties.is_empty()
        }
        _ => false,
    }
}
