//! Responses: one per documented status (sorted, `default` last), each with
//! its body and the struct of the headers it documents.

use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, Response as OaResponse, Responses, StatusCode};

use super::bodies::body_context;
use super::nonblank;
use super::schemas::wire_scalar;
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, reserved, snake_name, Scope};
use crate::source::{escape_token, unescape_token};

impl<'a> Lowerer<'a> {
    /// An operation's documented responses, sorted by status.
    pub(super) fn operation_responses(&mut self, listed: &'a Responses, responses_ptr: &str, type_prefix: &str) -> Vec<Response> {
        let mut responses = Vec::new();
        let mut variant_scope = Scope::with_reserved(reserved::RESPONSE_VARIANTS.iter().copied());
        let by_status = listed.responses.iter().map(|(status, response)| match status {
            StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string(), response),
            StatusCode::Range(r) => (StatusMatch::Range(*r as u8), format!("{r}XX"), response),
        });
        let default = listed.default.iter().map(|r| (StatusMatch::Default, "default".to_owned(), r));
        for (status, token, response) in by_status.chain(default) {
            let ptr = format!("{responses_ptr}/{token}");
            if let Some(r) = self.response(response, &ptr, status, type_prefix, &mut variant_scope) {
                responses.push(r);
            }
        }
        responses.sort_by(|a, b| a.status.cmp(&b.status));
        if responses.is_empty() {
            self.warn(responses_ptr, "the operation documents no response; every status parses as undocumented", None);
        }
        responses
    }

    fn response(
        &mut self,
        response: &'a ReferenceOr<OaResponse>,
        ptr: &str,
        status: StatusMatch,
        type_prefix: &str,
        scope: &mut Scope,
    ) -> Option<Response> {
        let rust_name = scope.claim(status_variant_name(&status));
        let found = self.resolve(response, ptr)?;
        let context = found.key.map_or_else(|| format!("{type_prefix}{rust_name}Body"), body_context);
        let (resp, ptr) = (found.item, found.pointer);
        let body = if resp.content.is_empty() {
            None
        } else {
            let content = self.content(&resp.content, &ptr, &context)?;
            Some(ResponseBody { content_type: content.content_type, encoding: content.encoding, ty: content.ty })
        };
        let headers = self.header_set(resp, &ptr, &format!("{type_prefix}{rust_name}Headers"));
        Some(Response { status, rust_name, description: resp.description.clone(), body, headers })
    }

    /// The name of the struct of a response's documented headers: one per
    /// response object, so operations sharing a `components/responses`
    /// entry share it too. A shared one is named after the entry
    /// (`TooManyRequestsResponseHeaders`), an inline one after its operation
    /// and status (`fallback`).
    fn header_set(&mut self, resp: &'a OaResponse, ptr: &str, fallback: &str) -> Option<String> {
        if let Some(name) = self.header_set_names.get(ptr) {
            return Some(name.clone());
        }
        let headers = self.response_headers(resp, ptr);
        if headers.is_empty() {
            return None;
        }
        let candidate = match ptr.strip_prefix("/components/responses/") {
            Some(key) => format!("{}Headers", pascal_name(&unescape_token(key))),
            None => fallback.to_owned(),
        };
        let name = self.claim_type(candidate);
        self.header_set_names.insert(ptr.to_owned(), name.clone());
        let set = HeaderSet {
            name: name.clone(),
            module: snake_name(&name),
            origin: ptr.to_owned(),
            description: resp.description.clone(),
            headers,
        };
        self.header_sets.insert(name.clone(), set);
        Some(name)
    }

    /// The headers a response documents, typed when their schema is a
    /// primitive; anything else is kept as the string received.
    fn response_headers(&mut self, resp: &'a OaResponse, ptr: &str) -> Vec<ResponseHeader> {
        let mut scope = Scope::new();
        let mut headers = Vec::new();
        for (wire, header) in &resp.headers {
            // `Content-Type` and friends are the transport's business.
            if wire.eq_ignore_ascii_case("content-type") || wire.eq_ignore_ascii_case("content-length") {
                continue;
            }
            let header_ptr = format!("{ptr}/headers/{}", escape_token(wire));
            let Some(found) = self.resolve::<Header>(header, &header_ptr) else { continue };
            let ty = match &found.item.format {
                ParameterSchemaOrContent::Schema(schema) => self
                    .resolve(schema, &format!("{header_ptr}/schema"))
                    .and_then(|l| wire_scalar(l.item))
                    .filter(|t| matches!(t, TypeRef::String | TypeRef::Integer { .. } | TypeRef::Number { .. } | TypeRef::Boolean))
                    .unwrap_or(TypeRef::String),
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            headers.push(ResponseHeader {
                wire_name: wire.clone(),
                rust_name: scope.claim(snake_name(wire)),
                ty,
                docs: nonblank(&found.item.description),
            });
        }
        headers
    }
}

/// `Ok`, `NotFound`, `TooManyRequests`, ... from the status's reason phrase.
fn status_variant_name(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match http::StatusCode::from_u16(*code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => pascal_name(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational".into(),
        StatusMatch::Range(2) => "Success".into(),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Default => "Default".into(),
    }
}
