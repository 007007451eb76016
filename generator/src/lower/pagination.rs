//! A pass over the finished model: each operation's `x-pagination`, in
//! Datadog's vocabulary, checked against its parameters and types and
//! recorded as the operation's [`Pagination`].
//!
//! The keys are those Datadog's specs and generators use: `limitParam` (the
//! page size), one of `pageOffsetParam` (an offset that moves past each
//! page), `pageParam` (a page number from 0) or `cursorParam` with
//! `cursorPath` (the next cursor, read from the page), and `resultsPath`
//! (where the page's items are; absent when the body is the array), and
//! `pageStart` (the first page's number, with `pageParam`; 0 by default).
//! Every parameter is a query parameter named as on the wire; every path is
//! dotted property names from the success response's body, through type
//! aliases.
//!
//! Datadog's v2 search listings page through fields of the request body
//! (`cursorParam: body.page.cursor`): the walk sets them, filling in with
//! its default whatever is unset on the way. Where something on the way has
//! no default (a required property, a nullable one), the operation is
//! generated without its page walker, with a warning saying why.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::naming::Scope;
use crate::source::escape_token;

/// An operation's `x-pagination`, waiting for every type to be lowered.
pub(super) struct Pending<'a> {
    pub(super) operation_id: String,
    /// The extension's pointer.
    pub(super) pointer: String,
    pub(super) ext: &'a serde_json::Value,
}

const HINT: &str = "x-pagination takes limitParam and one of pageOffsetParam, pageParam or cursorParam (query parameter names), cursorPath with cursorParam, and optionally resultsPath (dotted property paths in the success body)";

/// The keys Datadog's `x-pagination` has.
const KEYS: [&str; 7] = ["limitParam", "pageOffsetParam", "pageParam", "pageStart", "cursorParam", "cursorPath", "resultsPath"];

/// Records each pending operation's pagination, its page walker named in
/// the client's methods (`client_methods`); the errors found instead, and
/// warnings for walks not supported yet (the operation stays, without a
/// walker).
pub(super) fn resolve(api: &mut Api, pending: Vec<Pending<'_>>, client_methods: &mut Scope, file: &Path) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for p in pending {
        let Some(index) = api.operations.iter().position(|o| o.operation_id == p.operation_id) else { continue };
        let found = pagination(api, &api.operations[index], &p.pointer, p.ext);
        match found {
            Ok(mut pagination) => {
                pagination.client_method = client_methods.claim(format!("{}_pages", api.operations[index].client_method));
                api.operations[index].pagination = Some(pagination);
            }
            // A walk through the request body that cannot be made: the
            // operation without its walker, rather than no crate.
            Err(found) if through_body(p.ext) => {
                let (pointer, why, _) = found.into_iter().next().unwrap_or_default();
                let message = format!("no page walker for `{}`: {why}", p.operation_id);
                let d = Diagnostic::warning(file, &pointer, message)
                    .with_hint("the operation is generated: send each page's request yourself, with the body's page fields moved on");
                diagnostics.push(d);
            }
            Err(found) => diagnostics.extend(found.into_iter().map(|(pointer, message, hint)| {
                let d = Diagnostic::error(file, &pointer, message);
                if hint {
                    d.with_hint(HINT)
                } else {
                    d
                }
            })),
        }
    }
    diagnostics
}

/// Whether a parameter of `x-pagination` is a field of the request body
/// (`body.page.cursor`).
fn through_body(ext: &serde_json::Value) -> bool {
    let Some(object) = ext.as_object() else { return false };
    ["cursorParam", "pageOffsetParam", "pageParam", "limitParam"]
        .into_iter()
        .any(|key| object.get(key).and_then(serde_json::Value::as_str).is_some_and(|wire| wire.starts_with("body.")))
}

/// A problem: where, what, and whether to add the hint.
type Problem = (String, String, bool);

fn pagination(api: &Api, op: &Operation, ptr: &str, ext: &serde_json::Value) -> Result<Pagination, Vec<Problem>> {
    let Some(object) = ext.as_object() else {
        return Err(vec![(ptr.to_owned(), "`x-pagination` is not an object".to_owned(), true)]);
    };
    let mut problems = Vec::new();
    for (key, value) in object {
        let at = format!("{ptr}/{}", escape_token(key));
        if !KEYS.contains(&key.as_str()) {
            // This project's own vocabulary, before it took Datadog's.
            let note = match key.as_str() {
                "offsetParam" => " (Datadog's name for the offset is `pageOffsetParam`)",
                "totalCountPath" => " (a walk ends at the first page shorter than the page size; a total is not needed)",
                _ => "",
            };
            problems.push((at, format!("`x-pagination` has no key `{key}`{note}"), true));
        } else if key == "pageStart" {
            if !value.is_i64() {
                problems.push((at, "`pageStart` is not an integer".to_owned(), true));
            } else if !object.contains_key("pageParam") {
                problems.push((at, "`pageStart` goes with `pageParam`: the number of the first page".to_owned(), true));
            }
        } else if !value.is_string() {
            problems.push((at, format!("`{key}` is not a string"), true));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let text = |key: &str| object.get(key).and_then(|v| v.as_str());
    let Some(limit) = text("limitParam") else {
        return Err(vec![(ptr.to_owned(), "`x-pagination` needs `limitParam`, the page size".to_owned(), true)]);
    };
    let steps: Vec<&str> = ["pageOffsetParam", "pageParam", "cursorParam"].into_iter().filter(|k| object.contains_key(*k)).collect();
    if steps.len() != 1 {
        let message = match steps.as_slice() {
            [] => "`x-pagination` needs one of `pageOffsetParam`, `pageParam` or `cursorParam`: how to ask for the next page".to_owned(),
            _ => format!(
                "`x-pagination` has {}: a listing moves to its next page one way",
                steps.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" and ")
            ),
        };
        return Err(vec![(ptr.to_owned(), message, true)]);
    }
    if object.contains_key("cursorParam") != object.contains_key("cursorPath") {
        let message = "`cursorParam` and `cursorPath` go together: where the next cursor is sent, and where the page holds it";
        return Err(vec![(ptr.to_owned(), message.to_owned(), true)]);
    }

    let Some((success, page)) = op.responses.iter().find_map(|r| match (&r.status, &r.body) {
        (StatusMatch::Code(200..=299), Some(body)) => Some((r, body.ty.clone())),
        _ => None,
    }) else {
        return Err(vec![(ptr.to_owned(), "`x-pagination` needs a 2xx response with a body".to_owned(), true)]);
    };

    let integer = |ty: &TypeRef| matches!(ty, TypeRef::Integer { .. });
    let limit_param = slot(api, op, ptr, "limitParam", limit, "an integer", integer);
    let default_limit = match &limit_param {
        Ok(p) => default_limit(p, &format!("{ptr}/limitParam")),
        Err(_) => Ok(None),
    };
    let next = match steps[0] {
        "pageOffsetParam" => slot(api, op, ptr, "pageOffsetParam", text("pageOffsetParam").unwrap_or_default(), "an integer", integer)
            .map(|p| PageStep::Offset(p.param)),
        "pageParam" => slot(api, op, ptr, "pageParam", text("pageParam").unwrap_or_default(), "an integer", integer).map(|p| {
            let start = object.get("pageStart").and_then(serde_json::Value::as_i64).unwrap_or(0);
            PageStep::Number { param: p.param, start }
        }),
        _ => cursor(api, op, ptr, &page, text("cursorParam").unwrap_or_default(), text("cursorPath").unwrap_or_default()),
    };
    let items = match text("resultsPath") {
        Some(results) => field_path(api, &page, results, &format!("{ptr}/resultsPath"), "an array", |t| matches!(t, TypeRef::Array(_))),
        None if matches!(page, TypeRef::Array(_)) => Ok(Vec::new()),
        None => Err((ptr.to_owned(), "without `resultsPath`, the success response's body must be the array of items".to_owned(), true)),
    };
    match (limit_param, default_limit, next, items) {
        (Ok(limit), Ok(default_limit), Ok(next), Ok(items)) => Ok(Pagination {
            client_method: String::new(),
            limit_type: limit.ty,
            limit: limit.param,
            default_limit,
            next,
            response: success.rust_name.clone(),
            page,
            items,
        }),
        (limit, default_limit, next, items) => {
            problems.extend(limit.err());
            problems.extend(default_limit.err());
            problems.extend(next.err());
            problems.extend(items.err());
            Err(problems)
        }
    }
}

/// A value a page walk reads or sets: a query parameter, or a field of the
/// request body.
struct Slot {
    param: PageParam,
    ty: TypeRef,
    default: Option<serde_json::Value>,
    wire: String,
}

/// The query parameter `key` names, or the field of the request body
/// (`body.page.cursor`), if its type passes `ok` (`what` says what it
/// should be).
#[allow(clippy::too_many_arguments)]
fn slot(api: &Api, op: &Operation, ptr: &str, key: &str, wire: &str, what: &str, ok: impl Fn(&TypeRef) -> bool) -> Result<Slot, Problem> {
    let at = format!("{ptr}/{key}");
    if let Some(path) = wire.strip_prefix("body.") {
        return body_slot(api, op, &at, wire, path, what, ok);
    }
    match op.params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == wire) {
        Some(p) if ok(&p.ty) => Ok(Slot {
            param: PageParam { rust_name: p.rust_name.clone(), required: p.required, in_body: None },
            ty: p.ty.clone(),
            default: p.default.clone(),
            wire: wire.to_owned(),
        }),
        Some(_) => Err((at, format!("`{wire}` is not {what} query parameter"), true)),
        None => Err((at, format!("`{wire}` is not a query parameter of this operation"), true)),
    }
}

/// A field of the JSON request body, by its dotted path (`page.cursor`). A
/// walk fills in what is unset on the way (the body, each optional object)
/// with its default, so each of those must have one: a struct whose every
/// property is optional (or a one-value enum), as the emitter derives
/// `Default` for.
fn body_slot(
    api: &Api,
    op: &Operation,
    at: &str,
    wire: &str,
    path: &str,
    what: &str,
    ok: impl Fn(&TypeRef) -> bool,
) -> Result<Slot, Problem> {
    let refused = |why: String| (at.to_owned(), format!("`{wire}`: {why}"), false);
    let Some(body) = &op.body else { return Err(refused("the operation has no request body".to_owned())) };
    let [BodyMedia { kind: BodyKind::Json(ty), .. }] = body.media.as_slice() else {
        return Err(refused("a page walk sets fields of a JSON request body only".to_owned()));
    };
    if !matches!(unaliased(api, ty).inline_named().and_then(|n| api.type_named(n)).map(|t| &t.kind), Some(TypeKind::Struct(_))) {
        return Err(refused("the request body is not an object with properties to set".to_owned()));
    }
    if !body.required && !has_default(api, ty) {
        return Err(refused("the body is optional, and its type has no default to fill in".to_owned()));
    }
    let wires: Vec<&str> = path.split('.').collect();
    let Some((last, through)) = wires.split_last() else { return Err(refused("no property named".to_owned())) };
    let mut steps = Vec::new();
    let mut current = unaliased(api, ty);
    for name in through {
        let Some(field) = struct_field(api, current, name) else {
            return Err((at.to_owned(), format!("`{wire}`: no property `{name}` in the request body's type"), false));
        };
        let optional = !field.required;
        if field.nullable || (optional && !has_default(api, &field.ty)) {
            return Err(refused(format!("`{name}` may be unset or null, and has no default to fill in")));
        }
        steps.push(PathStep { field: field.rust_name.clone(), optional, null_kept: false });
        current = unaliased(api, &field.ty);
    }
    let Some(field) = struct_field(api, current, last) else {
        return Err((at.to_owned(), format!("`{wire}`: no property `{last}` in the request body's type"), false));
    };
    if field.nullable || !ok(&field.ty) {
        return Err((at.to_owned(), format!("`{wire}` is not {what} property (not nullable)"), false));
    }
    Ok(Slot {
        param: PageParam {
            rust_name: field.rust_name.clone(),
            required: field.required,
            in_body: Some(BodyPath { body_optional: !body.required, steps }),
        },
        ty: field.ty.clone(),
        default: field.default.clone(),
        wire: wire.to_owned(),
    })
}

/// The property `wire` of a struct type.
fn struct_field<'a>(api: &'a Api, ty: &TypeRef, wire: &str) -> Option<&'a Field> {
    match &api.type_named(ty.inline_named()?)?.kind {
        TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire),
        _ => None,
    }
}

/// Whether a type is a struct the emitter derives `Default` for: one whose
/// constructor takes nothing (every property optional, or a required
/// one-value enum, which has its one value as default).
fn has_default(api: &Api, ty: &TypeRef) -> bool {
    let one_value = |ty: &TypeRef| {
        let named = ty.inline_named().and_then(|n| api.type_named(n));
        named.is_some_and(|t| t.kind.is_single_value_enum())
    };
    match unaliased(api, ty).inline_named().and_then(|n| api.type_named(n)).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => s.fields.iter().all(|f| !f.required || (!f.nullable && one_value(&f.ty))),
        _ => false,
    }
}

/// The page size of a request that leaves the limit unset: its `default`,
/// which must fit the parameter's type. `None` for a required parameter.
fn default_limit(p: &Slot, at: &str) -> Result<Option<i64>, Problem> {
    if p.param.required {
        return Ok(None);
    }
    let fits = |n: i64| match p.ty {
        TypeRef::Integer { bits: 64, .. } => true,
        TypeRef::Integer { bits, signed: true } => n < 1 << (bits - 1),
        TypeRef::Integer { bits, signed: false } => n < 1 << bits,
        _ => true,
    };
    match p.default.as_ref().and_then(serde_json::Value::as_i64) {
        Some(n) if n > 0 && fits(n) => Ok(Some(n)),
        Some(n) => Err((at.to_owned(), format!("`{}`'s default ({n}) is not a page size", p.wire), false)),
        None => Err((
            at.to_owned(),
            format!("`{}` has no integer `default`: a page walk sends the page size, and stops at the first page shorter than it", p.wire),
            false,
        )),
    }
}

/// `cursorParam` and `cursorPath`: a query parameter of the type the path
/// leads to.
fn cursor(api: &Api, op: &Operation, ptr: &str, page: &TypeRef, wire: &str, path: &str) -> Result<PageStep, Problem> {
    let param = slot(api, op, ptr, "cursorParam", wire, "a", |_| true)?;
    let what = format!("{}, the type of `{wire}`", describe(&param.ty));
    let path = field_path(api, page, path, &format!("{ptr}/cursorPath"), &what, |t| *t == param.ty)?;
    Ok(PageStep::Cursor { param: param.param, path })
}

/// Follows a dotted path of wire names through struct types.
/// `leaf_ok` checks the type reached, `leaf` says what it should be.
fn field_path(
    api: &Api,
    from: &TypeRef,
    dotted: &str,
    ptr: &str,
    leaf: &str,
    leaf_ok: impl Fn(&TypeRef) -> bool,
) -> Result<Vec<PathStep>, Problem> {
    let mut steps = Vec::new();
    let mut current = unaliased(api, from);
    for wire in dotted.split('.') {
        let field = current.inline_named().and_then(|name| api.type_named(name)).and_then(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire),
            _ => None,
        });
        let Some(field) = field else {
            return Err((ptr.to_owned(), format!("`{dotted}`: no property `{wire}` in the response body's type"), false));
        };
        steps.push(PathStep {
            field: field.rust_name.clone(),
            optional: !field.required || field.nullable,
            null_kept: !field.required && field.nullable,
        });
        current = unaliased(api, &field.ty);
    }
    if !leaf_ok(current) {
        return Err((ptr.to_owned(), format!("`{dotted}` does not lead to {leaf}"), false));
    }
    Ok(steps)
}

/// The type an alias stands for (Datadog's `EntityResponseData`, an
/// array of `EntityData`), through aliases of aliases: an alias is a Rust
/// `type`, so the walk reaches into it as into what it names.
fn unaliased<'t>(api: &'t Api, ty: &'t TypeRef) -> &'t TypeRef {
    let mut current = ty;
    // Bounded: an alias cycle cannot be lowered, but the walk must end.
    for _ in 0..16 {
        match current.inline_named().and_then(|name| api.type_named(name)).map(|t| &t.kind) {
            Some(TypeKind::Alias(next)) => current = next,
            _ => break,
        }
    }
    current
}

/// A type as a diagnostic names it.
fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "a string".into(),
        TypeRef::Integer { .. } => "an integer".into(),
        TypeRef::Number { .. } => "a number".into(),
        TypeRef::Boolean => "a boolean".into(),
        TypeRef::Array(_) => "an array".into(),
        TypeRef::Named(name) => format!("a `{name}`"),
        _ => "a value".into(),
    }
}
