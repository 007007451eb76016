//! A pass over the finished model: each operation's `x-pagination` (ours:
//! `{offsetParam, limitParam, resultsPath, totalCountPath}`, the paths dotted
//! property names from the success response's body) checked against its
//! parameters and types, and recorded as the operation's [`Pagination`].

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::naming::Scope;

/// An operation's `x-pagination`, waiting for every type to be lowered.
pub(super) struct Pending<'a> {
    pub(super) operation_id: String,
    /// The extension's pointer.
    pub(super) pointer: String,
    pub(super) ext: &'a serde_json::Value,
}

const HINT: &str =
    "x-pagination takes offsetParam, limitParam (query parameter names), resultsPath and totalCountPath (dotted property paths in the success body)";

/// Records each pending operation's pagination, its page walker named in
/// the client's methods (`client_methods`); the errors found instead.
pub(super) fn resolve(api: &mut Api, pending: Vec<Pending<'_>>, client_methods: &mut Scope, file: &Path) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for p in pending {
        let Some(index) = api.operations.iter().position(|o| o.operation_id == p.operation_id) else { continue };
        let found = pagination(api, &api.operations[index], &p.pointer, p.ext);
        match found {
            Ok(mut pagination) => {
                pagination.client_method = client_methods.claim(format!("{}_pages", api.operations[index].client_method));
                api.operations[index].pagination = Some(pagination);
            }
            Err(found) => errors.extend(found.into_iter().map(|(pointer, message, hint)| {
                let d = Diagnostic::error(file, &pointer, message);
                if hint {
                    d.with_hint(HINT)
                } else {
                    d
                }
            })),
        }
    }
    errors
}

/// A problem: where, what, and whether to add the hint.
type Problem = (String, String, bool);

fn pagination(api: &Api, op: &Operation, ptr: &str, ext: &serde_json::Value) -> Result<Pagination, Vec<Problem>> {
    let text = |key: &str| ext.get(key).and_then(|v| v.as_str());
    let (Some(offset), Some(limit), Some(results), Some(total)) =
        (text("offsetParam"), text("limitParam"), text("resultsPath"), text("totalCountPath"))
    else {
        let message = "`x-pagination` needs offsetParam, limitParam, resultsPath and totalCountPath as strings";
        return Err(vec![(ptr.to_owned(), message.to_owned(), true)]);
    };
    let mut problems = Vec::new();
    let mut param = |wire: &str, key: &str| {
        let found =
            op.params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == wire && matches!(p.ty, TypeRef::Integer { .. }));
        if found.is_none() {
            problems.push((format!("{ptr}/{key}"), format!("`{wire}` is not an integer query parameter of this operation"), true));
        }
        found.map(|p| p.rust_name.clone())
    };
    let offset_param = param(offset, "offsetParam");
    let limit_param = param(limit, "limitParam");
    let Some((success, page)) = op.responses.iter().find_map(|r| match (&r.status, &r.body) {
        (StatusMatch::Code(200..=299), Some(body)) => Some((r, body.ty.clone())),
        _ => None,
    }) else {
        problems.push((ptr.to_owned(), "`x-pagination` needs a 2xx response with a body".to_owned(), true));
        return Err(problems);
    };
    let items = field_path(api, &page, results, &format!("{ptr}/resultsPath"), "an array", |t| matches!(t, TypeRef::Array(_)));
    let total = field_path(api, &page, total, &format!("{ptr}/totalCountPath"), "an integer", |t| matches!(t, TypeRef::Integer { .. }));
    match (offset_param, limit_param, items, total) {
        (Some(offset_param), Some(limit_param), Ok((items, _)), Ok((total, total_ty))) => {
            let total_bits = match total_ty {
                TypeRef::Integer { bits } => bits,
                _ => 64,
            };
            let response = success.rust_name.clone();
            Ok(Pagination { client_method: String::new(), offset_param, limit_param, response, page, items, total, total_bits })
        }
        (_, _, items, total) => {
            problems.extend(items.err());
            problems.extend(total.err());
            Err(problems)
        }
    }
}

/// Follows a dotted path of wire names through struct types, to the type
/// reached. `leaf_ok` checks that type, `leaf` says what it should be.
fn field_path(
    api: &Api,
    from: &TypeRef,
    dotted: &str,
    ptr: &str,
    leaf: &str,
    leaf_ok: impl Fn(&TypeRef) -> bool,
) -> Result<(Vec<PathStep>, TypeRef), Problem> {
    let mut steps = Vec::new();
    let mut current = from;
    for wire in dotted.split('.') {
        let field = current.inline_named().and_then(|name| api.type_named(name)).and_then(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire),
            _ => None,
        });
        let Some(field) = field else {
            return Err((ptr.to_owned(), format!("`{dotted}`: no property `{wire}` in the response body's type"), false));
        };
        steps.push(PathStep { field: field.rust_name.clone(), optional: !field.required || field.nullable });
        current = &field.ty;
    }
    if !leaf_ok(current) {
        return Err((ptr.to_owned(), format!("`{dotted}` does not lead to {leaf}"), false));
    }
    Ok((steps, current.clone()))
}
