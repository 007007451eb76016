//! Paths and operations: each operation's names (its module, its types'
//! prefix), its path template in pieces, and what it is made of
//! (parameters, body and responses are lowered in their own files).

use std::collections::HashMap;

use openapiv3::{Parameter, PathItem, ReferenceOr};

use super::nonblank;
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, reserved, snake_name, Scope};
use crate::source::escape_token;

/// A path item's operations, by method, in the order the item lists them.
fn path_item_operations(item: &PathItem) -> [(HttpMethod, Option<&openapiv3::Operation>); 8] {
    let ops = [&item.get, &item.put, &item.post, &item.delete, &item.options, &item.head, &item.patch, &item.trace];
    let mut i = 0;
    ops.map(|op| {
        i += 1;
        (HttpMethod::ALL[i - 1], op.as_ref())
    })
}

/// The same, to change them (bundling rewrites their `$ref`s).
pub(crate) fn path_item_operations_mut(item: &mut PathItem) -> [(HttpMethod, Option<&mut openapiv3::Operation>); 8] {
    let ops = [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ];
    let mut i = 0;
    ops.map(|op| {
        i += 1;
        (HttpMethod::ALL[i - 1], op.as_mut())
    })
}

/// A path template in pieces: text, and `{name}` placeholders (with no Rust
/// name yet). An unclosed `{` is text.
pub(super) fn template_segments(template: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            out.push(PathSegment::Literal(rest[..start].to_owned()));
        }
        out.push(PathSegment::Param { wire_name: rest[start + 1..start + len].to_owned(), rust_name: String::new() });
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(PathSegment::Literal(rest.to_owned()));
    }
    out
}

/// The `{name}` placeholders of a template, in order.
pub(super) fn placeholders(template: &str) -> Vec<String> {
    template_segments(template)
        .into_iter()
        .filter_map(|s| match s {
            PathSegment::Param { wire_name, .. } => Some(wire_name),
            PathSegment::Literal(_) => None,
        })
        .collect()
}

/// Names handed out to operations so far.
struct OperationNames {
    /// The module namespace.
    scope: Scope,
    /// The pointer of each operationId's operation.
    ids: HashMap<String, String>,
    /// The operationId each module name went to.
    modules: HashMap<String, String>,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) {
        let mut names = OperationNames {
            scope: Scope::with_reserved(
                reserved::CLIENT_MODULE.iter().chain(reserved::FILE_GROUPS).chain(reserved::EXAMPLE_PROGRAM).copied(),
            ),
            ids: HashMap::new(),
            modules: HashMap::new(),
        };
        for (path, item) in &self.doc.paths.paths {
            let path_ptr = format!("/paths/{}", escape_token(path));
            // A `$ref` to another path of the document (SureVoIP's
            // `/support/ip-address` is `/ip-address`) is that path's
            // operations at this path too: read where they are written,
            // each named after its method and this path, since their
            // operationIds are the other path's.
            let (item, item_ptr, aliased) = match item {
                ReferenceOr::Item(item) => (item, path_ptr.clone(), false),
                ReferenceOr::Reference { reference } => match self.path_item_target(reference) {
                    Some((item, target_ptr)) => (item, target_ptr, true),
                    None => {
                        self.error_hint(
                            &path_ptr,
                            format!("`$ref: {reference}`: a `$ref` path item is supported only to a path of this document (`#/paths/...`) that is written out"),
                            "inline the path item",
                        );
                        continue;
                    }
                },
            };
            for (method, op) in path_item_operations(item) {
                let Some(op) = op else { continue };
                let op_ptr = format!("{item_ptr}/{}", method.key());
                let own_id = op.operation_id.clone().filter(|_| !aliased);
                let unnamed = format!("{} {path}", method.key());
                let operation_id = match own_id {
                    // An operationId used twice (against OpenAPI's rule, in
                    // specs no validator saw): the later operation is named
                    // as one without an operationId.
                    Some(id) if names.ids.contains_key(&id) && !names.ids.contains_key(&unnamed) => {
                        let previous = names.ids.get(&id).cloned().unwrap_or_default();
                        self.warn(
                            &format!("{op_ptr}/operationId"),
                            format!("operationId `{id}` is already used by #{previous}: this operation is named after its method and path, `{unnamed}`"),
                            Some("operationIds must be unique; give it one of its own"),
                        );
                        unnamed
                    }
                    Some(id) => id,
                    None => unnamed,
                };
                let Some(rust_name) = self.operation_name(&mut names, &operation_id, &op_ptr) else { continue };
                if let Some(operation) = self.operation(path, method, &op_ptr, &operation_id, rust_name, op, &item.parameters) {
                    self.operations.push(operation);
                }
            }
        }
    }

    /// The module name of an operation; `None` when its operationId is taken.
    fn operation_name(&mut self, names: &mut OperationNames, operation_id: &str, op_ptr: &str) -> Option<String> {
        if let Some(previous) = names.ids.insert(operation_id.to_owned(), op_ptr.to_owned()) {
            self.error_hint(
                &format!("{op_ptr}/operationId"),
                format!("operationId `{operation_id}` is already used by #{previous}"),
                "operationIds must be unique",
            );
            return None;
        }
        let candidate = snake_name(operation_id);
        let what = format!("operation `{operation_id}`");
        let rust_name = self.claim(&mut names.scope, candidate.clone(), &format!("{op_ptr}/operationId"), &what);
        if rust_name != candidate && !names.scope.reserves(&candidate) {
            let first = names.modules.get(&candidate).cloned().unwrap_or_default();
            self.warn(
                &format!("{op_ptr}/operationId"),
                format!("operation `{operation_id}` is generated as `{rust_name}`: `{first}` already has the module name `{candidate}`"),
                Some("rename one of the operationIds if the numbered name is not what you want"),
            );
        }
        names.modules.insert(rust_name.clone(), operation_id.to_owned());
        Some(rust_name)
    }

    /// The schemes whose credentials the operation's requests carry (see
    /// [`Operation::security`]).
    fn operation_security(&self, op: &openapiv3::Operation) -> Vec<Vec<String>> {
        let requirements = op.security.as_ref().or(self.doc.security.as_ref()).map(Vec::as_slice).unwrap_or_default();
        let applicable = |req: &&openapiv3::SecurityRequirement| req.keys().all(|k| self.security_schemes.iter().any(|s| &s.key == k));
        requirements
            .iter()
            .filter(applicable)
            .map(|req| self.security_schemes.iter().filter(|s| req.contains_key(&s.key)).map(|s| s.key.clone()).collect())
            .collect()
    }

    /// The path item a `$ref` path item points at, and its pointer: a path
    /// of this document that is itself written out.
    fn path_item_target(&self, reference: &str) -> Option<(&'a openapiv3::PathItem, String)> {
        let token = crate::source::percent_decode(reference.strip_prefix("#/paths/").filter(|t| !t.contains('/'))?);
        match self.doc.paths.paths.get(crate::source::unescape_token(&token).as_ref())? {
            ReferenceOr::Item(item) => Some((item, format!("/paths/{token}"))),
            ReferenceOr::Reference { .. } => None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        op_ptr: &str,
        operation_id: &str,
        rust_name: String,
        op: &'a openapiv3::Operation,
        path_params: &'a [ReferenceOr<Parameter>],
    ) -> Option<Operation> {
        let type_prefix = pascal_name(operation_id);
        let errors_before = self.errors.len();
        let mut client_scope = std::mem::take(&mut self.client_scope);
        let what = format!("the client method of operation `{operation_id}`");
        let client_method = self.claim(&mut client_scope, rust_name.clone(), &format!("{op_ptr}/operationId"), &what);
        self.client_scope = client_scope;
        let params = self.operation_params(path, op_ptr, &type_prefix, &op.parameters, path_params);
        let path_segments = template_segments(path)
            .into_iter()
            .map(|segment| match segment {
                PathSegment::Param { wire_name, .. } => {
                    let param = params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == wire_name);
                    PathSegment::Param { rust_name: param.map(|p| p.rust_name.clone()).unwrap_or_default(), wire_name }
                }
                literal => literal,
            })
            .collect();
        let body = match &op.request_body {
            None => None,
            Some(rb) => self.request_body(rb, &format!("{op_ptr}/requestBody"), &type_prefix),
        };
        let responses = self.operation_responses(&op.responses, &format!("{op_ptr}/responses"), &type_prefix);
        let accept =
            responses.iter().find_map(|r| r.body.as_ref()).map_or_else(|| "application/json".to_owned(), |b| b.content_type.clone());
        let security = self.operation_security(op);
        let unstable = match op.extensions.get("x-unstable") {
            None | Some(serde_json::Value::Bool(false)) | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(note)) => Some(note.clone()),
            Some(_) => Some(String::new()),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        if let Some(ext) = op.extensions.get("x-pagination") {
            self.paginated.push(super::pagination::Pending {
                operation_id: operation_id.to_owned(),
                pointer: format!("{op_ptr}/x-pagination"),
                ext,
            });
        }
        Some(Operation {
            operation_id: operation_id.to_owned(),
            rust_name,
            client_method,
            method,
            path: path.to_owned(),
            path_segments,
            summary: op.summary.clone(),
            description: nonblank(&op.description),
            deprecated: op.deprecated,
            unstable,
            tags: op.tags.clone(),
            features: Vec::new(),
            params,
            body,
            responses,
            accept,
            security,
            pagination: None,
            events_method: None,
            lines_method: None,
            bytes_method: None,
        })
    }
}

#[cfg(test)]
mod tests {
    /// `tests/coverage-specs/security.yaml`: each operation lists its
    /// requirements that can be applied, and its `Request::SECURITY` (what
    /// the client chooses from) names their schemes.
    #[test]
    fn operations_list_the_requirements_they_can_apply() {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/coverage-specs/security.yaml");
        let config = crate::Config { spec_display: "security.yaml".into(), crate_name: "security".into() };
        let generated = crate::generate_from_path(&spec, &config).unwrap_or_else(|e| panic!("{e}"));
        let expected: &[(&str, &[&[&str]], &str)] = &[
            ("anonymous_first", &[&[], &["apiKey"]], "&[&[],&[crate::security::API_KEY]]"),
            (
                "everything",
                &[&["queryKey", "session"], &["basicAuth"], &["bearerAuth"], &["openId"]],
                "&[&[crate::security::QUERY_KEY,crate::security::SESSION],&[crate::security::BASIC_AUTH],&[crate::security::BEARER_AUTH],&[crate::security::OPEN_ID]]",
            ),
            ("inherits", &[&["apiKey", "appKey"]], "&[&[crate::security::API_KEY,crate::security::APP_KEY]]"),
            ("oauth_or_api", &[&["oauth"], &["apiKey"]], "&[&[crate::security::OAUTH],&[crate::security::API_KEY]]"),
            ("only_app", &[&["appKey"]], "&[&[crate::security::APP_KEY]]"),
            ("public", &[], "&[]"),
        ];
        let ops: Vec<&str> = generated.api.operations.iter().map(|o| o.rust_name.as_str()).collect();
        assert_eq!(ops, expected.iter().map(|e| e.0).collect::<Vec<_>>());
        for (op, (name, requirements, constant)) in generated.api.operations.iter().zip(expected) {
            assert_eq!(op.security, *requirements, "{name}");
            // Without white space or the trailing commas prettyplease may add.
            let code: String = generated.item(&format!("operations::{name}")).unwrap_or_default().split_whitespace().collect();
            let line = format!("pubconstSECURITY:&'static[&'static[crate::runtime::Scheme]]={constant};");
            assert!(code.replace(",]", "]").contains(&line), "{name}: no `{line}` in\n{code}");
        }
        // Only `digest` is not applied, and a warning says so.
        let schemes: Vec<&str> = generated.api.security_schemes.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(schemes, ["apiKey", "appKey", "queryKey", "session", "basicAuth", "bearerAuth", "openId", "oauth"]);
        assert!(generated.warnings.iter().any(|w| w.contains("`digest` is HTTP `digest` authentication")), "{:?}", generated.warnings);
        let setters: Vec<&str> = generated.api.security_schemes.iter().map(|s| s.setter.as_str()).collect();
        assert_eq!(setters, ["api_key", "app_key", "query_key", "session", "basic", "bearer", "open_id", "oauth"]);
    }
}
