//! The document around the schemas: what OpenAPI 3.1 and 3.2 added beside
//! `paths` and `components`, rewritten into the 3.0 shape.
//!
//! | 3.1 / 3.2 | becomes |
//! | --- | --- |
//! | `paths` left out (3.1 allows it) | `paths: {}` |
//! | `paths` left out of a 3.0 document (which requires it) | `paths: {}`, with a warning |
//! | an operation's `responses` left out (3.1 allows it) | `responses: {}`: no documented response, with its warning |
//! | `webhooks` | no operations (a warning per webhook operation); inline payload schemas become `components.schemas.<Name>Payload` |
//! | `$ref` path items into `components.pathItems` | the path item, in place (the `$ref`'s `summary`/`description` win) |
//! | `$ref` media types into `components.mediaTypes` (3.2) | the media type, in place |
//! | `query` method, `additionalOperations` (3.2) | left out, with a warning each |
//! | `itemSchema` (3.2) of a JSON-lines stream (`application/x-ndjson`, `jsonl`, `jsonlines`, `json-seq`) | `schema: {type: array, items: <itemSchema>}` (replacing `schema`, which describes the whole stream): each line is one item |
//! | `itemSchema` (3.2) elsewhere | left out, with a warning: the body is typed by `schema` |
//! | an operation's `callbacks` (any version, 3.0 too) | left out, with a warning per callback: requests the API sends, like webhooks |
//! | security scheme `type: mutualTLS` | left out, with a warning (TLS is set up on the HTTP client) |
//! | `jsonSchemaDialect`, `info.summary`, `license.identifier`, `$self` | ignored: nothing generated depends on them |

use serde_yaml::{Mapping, Value};

use super::{child, key, Upgrader};
use crate::source::unescape_token;

/// How many `$ref`s in a row a path item or media type may go through.
const MAX_CHAIN: usize = 16;

impl Upgrader<'_> {
    /// The document-level rewrites, made before the walk reaches any node.
    pub(super) fn document_level(&mut self, doc: &mut Value) {
        let Value::Mapping(map) = doc else { return };
        if let Some(Value::Mapping(components)) = map.get("components") {
            for (section, into) in [("pathItems", &mut self.path_items), ("mediaTypes", &mut self.media_types)] {
                if let Some(Value::Mapping(entries)) = components.get(section) {
                    *into = entries.clone();
                }
            }
        }
        if !map.contains_key("paths") {
            map.insert(key("paths"), Value::Mapping(Mapping::new()));
        }
        if let Some(Value::Mapping(webhooks)) = map.shift_remove("webhooks") {
            self.webhooks(map, webhooks);
        }
    }

    /// A 3.0 document without `paths`, which 3.0 requires (a file of
    /// shared components, as kin-openapi's test data has): read as one
    /// with no operations, with a warning, rather than refused.
    pub(super) fn paths_required(&mut self, doc: &mut Value) {
        let Value::Mapping(map) = doc else { return };
        if map.contains_key("paths") {
            return;
        }
        map.insert(key("paths"), Value::Mapping(Mapping::new()));
        self.warn(
            "",
            "the document has no `paths`, which OpenAPI 3.0 requires: read as none, so only models are generated",
            "write `paths: {}` to say there are none",
        );
    }

    /// Webhooks are requests the API sends: nothing to call, but the models
    /// of their payloads are worth having. Inline payload schemas move into
    /// `components.schemas`; those behind a `$ref` are there already.
    fn webhooks(&mut self, doc: &mut Mapping, webhooks: Mapping) {
        let mut payloads: Vec<(String, Value, String)> = Vec::new();
        for (name, item) in webhooks {
            let Some(name) = name.as_str().map(str::to_owned) else { continue };
            let written = child("/webhooks", &name);
            let Some((Value::Mapping(item), at)) = self.resolve_chain(item, &written, "pathItems") else { continue };
            // 3.2's `query` too: it is not generated either way.
            for method in crate::ir::HttpMethod::ALL.iter().map(|m| m.key()).chain(["query"]) {
                let Some(operation) = item.get(method) else { continue };
                let op_at = child(&at, method);
                self.warn(
                    &op_at,
                    format!(
                        "webhook `{name}` ({}) is a request the API sends, not an operation: no request is generated for it",
                        method.to_ascii_uppercase()
                    ),
                    "the schemas of its payload are generated as models",
                );
                let Some(Value::Mapping(content)) = operation.get("requestBody").and_then(|b| b.get("content")) else { continue };
                for (media_type, media) in content {
                    let Some(schema @ Value::Mapping(s)) = media.get("schema") else { continue };
                    if s.contains_key("$ref") && s.len() == 1 {
                        continue;
                    }
                    let media_type = media_type.as_str().unwrap_or_default();
                    let from = child(&child(&child(&child(&op_at, "requestBody"), "content"), media_type), "schema");
                    payloads.push((format!("{name}Payload"), schema.clone(), from));
                }
            }
        }
        if payloads.is_empty() {
            return;
        }
        let components = doc.entry(key("components")).or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(components) = components else { return };
        let schemas = components.entry(key("schemas")).or_insert_with(|| Value::Mapping(Mapping::new()));
        let Value::Mapping(schemas) = schemas else { return };
        let mut step = Vec::new();
        for (name, schema, from) in payloads {
            let mut unique = name.clone();
            let mut n = 2;
            while schemas.contains_key(unique.as_str()) {
                unique = format!("{name}{n}");
                n += 1;
            }
            step.push((child("/components/schemas", &unique), from));
            schemas.insert(key(&unique), schema);
        }
        self.moves.step(step);
    }

    /// An operation's `callbacks` are requests the API sends back, not
    /// operations to call: left out, each with a warning. (`openapiv3`
    /// cannot read one written as a `$ref`, which is valid, so they are left
    /// out before it reads the document.)
    pub(super) fn callbacks(&mut self, value: &mut Value, at: &str) {
        let Value::Mapping(operation) = value else { return };
        let Some(callbacks) = operation.shift_remove("callbacks") else { return };
        let Value::Mapping(callbacks) = callbacks else { return };
        // One warning per operation: Telnyx's `/calls` has 15 callbacks.
        let names: Vec<String> = callbacks.keys().filter_map(Value::as_str).map(|n| format!("`{n}`")).collect();
        let message = match names.as_slice() {
            [] => return,
            [one] => format!("callback {one} is a request the API sends, not an operation: nothing is generated for it"),
            more => format!("callbacks {} are requests the API sends, not operations: nothing is generated for them", more.join(", ")),
        };
        self.warn(
            &child(at, "callbacks"),
            message,
            "the schemas of their payloads that are in `components.schemas` are generated as models",
        );
    }

    /// A path item: a `$ref` into `components.pathItems` is replaced by
    /// what it points at; 3.2's extra methods are left out.
    pub(super) fn path_item(&mut self, value: &mut Value, at: &str) {
        self.inline_ref(value, at, "pathItems");
        let Value::Mapping(map) = value else { return };
        // 3.1 made an operation's `responses` optional: left out, it
        // documents none, as `responses: {}` does in 3.0.
        for method in crate::ir::HttpMethod::ALL.iter().map(|m| m.key()) {
            if let Some(Value::Mapping(operation)) = map.get_mut(method) {
                if !operation.contains_key("responses") {
                    operation.insert(key("responses"), Value::Mapping(Mapping::new()));
                }
            }
        }
        if map.contains_key("query") {
            self.warn(
                &child(at, "query"),
                "the QUERY method (OpenAPI 3.2) is not supported yet: this operation is left out",
                "send it yourself for now",
            );
            map.shift_remove("query");
        }
        if let Some(operations) = map.shift_remove("additionalOperations") {
            let list = child(at, "additionalOperations");
            let names: Vec<String> = match &operations {
                Value::Mapping(ops) => ops.keys().filter_map(Value::as_str).map(str::to_owned).collect(),
                _ => Vec::new(),
            };
            for name in names {
                self.warn(
                    &child(&list, &name),
                    format!("the `{name}` method (OpenAPI 3.2 `additionalOperations`) is not supported: this operation is left out"),
                    "send it yourself for now",
                );
            }
        }
    }

    /// A media type: a `$ref` into `components.mediaTypes` (3.2) is
    /// replaced by what it points at; `itemSchema` of a stream of JSON
    /// lines becomes the array `schema` whose `items` it is (what `schema`
    /// of such a stream means without it), and elsewhere is left out.
    pub(super) fn media_type(&mut self, value: &mut Value, at: &str) {
        self.inline_ref(value, at, "mediaTypes");
        let Value::Mapping(map) = value else { return };
        let media_type = at.rsplit('/').next().map(unescape_token).unwrap_or_default();
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let lines =
            matches!(essence.as_str(), "application/x-ndjson" | "application/jsonl" | "application/jsonlines" | "application/json-seq");
        if lines {
            if let Some(item) = map.shift_remove("itemSchema") {
                let mut array = Mapping::new();
                array.insert(key("type"), Value::String("array".into()));
                array.insert(key("items"), item);
                map.insert(key("schema"), Value::Mapping(array));
                let (schema, from) = (child(at, "schema"), child(at, "itemSchema"));
                self.moves.step([(child(&schema, "items"), from.clone()), (schema, from)]);
            }
        }
        if map.contains_key("itemSchema") {
            self.warn(
                &child(at, "itemSchema"),
                "`itemSchema` (OpenAPI 3.2, a stream of items) is not supported yet: it is ignored",
                "the body is typed by `schema` alone",
            );
            map.shift_remove("itemSchema");
        }
    }

    /// `components`: security schemes the generated code cannot apply
    /// per request and that `openapiv3` cannot read.
    pub(super) fn components(&mut self, value: &mut Value, at: &str) {
        let Some(Value::Mapping(schemes)) = value.get_mut("securitySchemes") else { return };
        let tls: Vec<Value> =
            schemes.iter().filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS")).map(|(k, _)| k.clone()).collect();
        for name in tls {
            schemes.shift_remove(&name);
            let shown = name.as_str().unwrap_or_default().to_owned();
            self.warn(
                &child(&child(at, "securitySchemes"), &shown),
                format!("security scheme `{shown}` is mutual TLS, which is set up on the HTTP client, not per request: it is left out"),
                "give the client a TLS identity yourself (reqwest's `Identity`)",
            );
        }
    }

    /// Replaces a node that is a `$ref` into `components.<section>` by what
    /// it points at; the `$ref`'s own keys (`summary`, `description`) win.
    fn inline_ref(&mut self, value: &mut Value, at: &str, section: &str) {
        let is_local = value.get("$ref").and_then(Value::as_str).is_some_and(|r| r.starts_with(&format!("#/components/{section}/")));
        if !is_local {
            return;
        }
        if let Some((resolved, from)) = self.resolve_chain(value.clone(), at, section) {
            *value = resolved;
            self.moves.moved(at, from);
        }
    }

    /// Follows `$ref`s into `components.<section>` from `value` (written at
    /// `at`): the node they end at, with its keys overridden by those beside
    /// each `$ref`, and its pointer. `None` after an error.
    fn resolve_chain(&mut self, value: Value, at: &str, section: &str) -> Option<(Value, String)> {
        let prefix = format!("#/components/{section}/");
        let mut node = value;
        let mut pointer = at.to_owned();
        let mut overrides: Vec<Mapping> = Vec::new();
        for _ in 0..MAX_CHAIN {
            let Value::Mapping(map) = &node else { break };
            let Some(reference) = map.get("$ref").and_then(Value::as_str) else { break };
            let Some(name) = reference.strip_prefix(&prefix) else { break };
            let name = unescape_token(name).into_owned();
            let entries = if section == "pathItems" { &self.path_items } else { &self.media_types };
            let Some(target) = entries.get(name.as_str()).cloned() else {
                self.error(
                    &child(&pointer, "$ref"),
                    format!("`$ref: {reference}` points at nothing: `components.{section}` has no `{name}`"),
                    &format!("check the spelling against the keys of components.{section}"),
                );
                return None;
            };
            let mut own = map.clone();
            own.shift_remove("$ref");
            overrides.push(own);
            node = target;
            pointer = child(&format!("/components/{section}"), &name);
        }
        if node.get("$ref").and_then(Value::as_str).is_some_and(|r| r.starts_with(&prefix)) {
            self.error(
                &child(at, "$ref"),
                format!("more than {MAX_CHAIN} `$ref`s in a row, or a cycle"),
                "refer to the end of the chain directly",
            );
            return None;
        }
        if let Value::Mapping(map) = &mut node {
            for own in overrides.into_iter().rev() {
                for (k, v) in own {
                    map.insert(k, v);
                }
            }
        }
        Some((node, pointer))
    }
}
