//! Swagger 2.0 (OpenAPI 2.0) documents rewritten into OpenAPI 3.0.3, as
//! swagger2openapi does, before the typed read.
//!
//! | 2.0 | becomes |
//! | --- | --- |
//! | `swagger: "2.0"` | `openapi: 3.0.3` |
//! | `host`, `basePath`, `schemes` | `servers`: one per scheme (`https` first), `<scheme>://<host><basePath>`; a host without schemes is served over `https`; no host: `basePath` as a relative URL; neither: no servers |
//! | `definitions` | `components.schemas` |
//! | `parameters` | `components.parameters` (a body or form parameter is inlined where it is used) |
//! | `responses` | `components.responses` |
//! | `securityDefinitions` | `components.securitySchemes`: `basic` is `http`/`basic`; `apiKey` as it is; `oauth2` flows `implicit`, `password`, `application`, `accessCode` are `implicit`, `password`, `clientCredentials`, `authorizationCode` |
//! | `$ref: '#/definitions/X'` (`#/parameters/X`, `#/responses/X`) | `#/components/schemas/X` (`parameters`, `responses`); a `$ref` into another file points where it points, and that file's nodes are read as 2.0 (a response there as one of `responses`; a body or form parameter there is an error) |
//! | an `in: body` parameter | `requestBody`: its `schema` under each media type of `consumes` (the operation's, else the document's, form types left out, else `application/json`), with its `description`, `required` and `x-examples` |
//! | `in: formData` parameters | one `requestBody`: an object schema of a property per parameter (`required: true` ones listed as required), as `multipart/form-data` when `consumes` lists it or a parameter is `type: file`, else `application/x-www-form-urlencoded` |
//! | a path item's body or form parameter | part of each operation's `requestBody`, unless the operation has one of the same name and `in`; an operation's own body parameter replaces the path item's (a warning when their names differ: an operation has one body) |
//! | a section's name that YAML reads as a number (`responses: {400: ...}`) | the name, as a string |
//! | a parameter's `type`, `format`, `items`, `enum`, `default`, `minimum`, ... | its `schema` |
//! | `collectionFormat` of an array parameter (`csv` when left out) | `csv`: `style: form`, `explode: false` in a query or form, `style: simple` in a path or header; `multi`: `style: form`, `explode: true`; `ssv`: `spaceDelimited`; `pipes`: `pipeDelimited`; `tsv`, and a style the location has not: a warning, read as `csv` |
//! | `x-example` of a parameter | `example` |
//! | a response's `schema` | `content`: the schema under each media type of `produces` (the operation's, else the document's, else `application/json`; the document's for one of `responses`); no schema, no content |
//! | a response's `examples: {<media type>: value}` | that media type's `example` (a media type the response has not: a warning) |
//! | a response's `headers` | headers whose `type`, `format`, ... are their `schema` |
//! | `x-nullable: true` in a schema | `nullable: true` |
//! | `discriminator: <property>` | `discriminator: {propertyName: <property>}` |
//! | `type: file` | `type: string`, `format: binary` |
//! | `consumes`, `produces` | used as above, then dropped |
//! | an operation's `schemes` | ignored, with a warning when it lists one the servers do not have: every operation is sent to the client's one server |
//!
//! Every node that moves is recorded in [`Moves`](super::Moves): a
//! diagnostic about `/components/schemas/Pet` is shown at `/definitions/Pet`,
//! one about a body's schema at the parameter's `schema`.

use std::collections::HashMap;

use serde_yaml::{Mapping, Value};

use super::{child, key, Upgrader};
use crate::shape::Node;
use crate::source::unescape_token;

/// The keys of a 2.0 parameter, header or items object that describe its
/// value: in 3.0 they are its `schema`'s.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// The methods a 2.0 path item has.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
const JSON: &str = "application/json";

/// What the rewrite of one document carries along.
#[derive(Default)]
struct Rewrite {
    /// `(now, written)`: the nodes moved, as one step of [`Moves`].
    moved: Vec<(String, String)>,
    /// The document's `consumes` and `produces`.
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    /// The schemes of the servers, for an operation's to be compared with;
    /// `None` without a host (the client is given its URL).
    schemes: Option<Vec<String>>,
    /// `parameters` as written, for `$ref`s to them to be resolved.
    parameters: Mapping,
}

impl Rewrite {
    fn moved(&mut self, now: String, written: impl Into<String>) {
        self.moved.push((now, written.into()));
    }
}

/// One parameter of a list, resolved: what it is, where it was written, and
/// the node as it stands in the list (a `$ref` stays one).
#[derive(Clone)]
struct Param {
    node: Value,
    /// The parameter itself (the target of a local `$ref`), when known.
    resolved: Option<Mapping>,
    /// Where `resolved` was written.
    written: String,
    /// Where the entry of the list was written.
    entry: String,
}

impl Param {
    fn location(&self) -> Option<&str> {
        self.resolved.as_ref()?.get("in")?.as_str()
    }

    fn name(&self) -> Option<&str> {
        self.resolved.as_ref()?.get("name")?.as_str()
    }

    fn is_body(&self) -> bool {
        matches!(self.location(), Some("body" | "formData"))
    }
}

impl Upgrader<'_> {
    /// Rewrites a whole Swagger 2.0 document into OpenAPI 3.0.3.
    pub(super) fn swagger2(&mut self, doc: &mut Value) {
        let Value::Mapping(map) = doc else { return };
        let mut rw = Rewrite {
            consumes: self.media_list(map.get("consumes"), "/consumes"),
            produces: self.media_list(map.get("produces"), "/produces"),
            schemes: served_schemes(map),
            ..Rewrite::default()
        };
        if let Some(Value::Mapping(parameters)) = map.get("parameters") {
            rw.parameters = parameters.clone();
        }
        self.produces = rw.produces.clone().unwrap_or_default();
        let servers = self.servers(map);
        let written = std::mem::take(map);
        let mut components = Mapping::new();
        map.insert(key("openapi"), Value::String("3.0.3".into()));
        for (name, value) in written {
            // Sections of names: a name YAML reads as a number (`400:`) is one.
            let value = match name.as_str() {
                Some("definitions" | "parameters" | "responses" | "securityDefinitions") => string_keys(value),
                _ => value,
            };
            match name.as_str().unwrap_or_default() {
                "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
                "info" => {
                    map.insert(name, value);
                    if !servers.is_empty() {
                        map.insert(key("servers"), Value::Sequence(servers.clone()));
                    }
                }
                "definitions" => {
                    rw.moved("/components/schemas".into(), "/definitions");
                    components.insert(key("schemas"), value);
                }
                "parameters" => {
                    let parameters = self.component_parameters(&mut rw, value);
                    components.insert(key("parameters"), Value::Mapping(parameters));
                }
                "responses" => {
                    rw.moved("/components/responses".into(), "/responses");
                    let mut responses = value;
                    if let Value::Mapping(entries) = &mut responses {
                        let produces = rw.produces.clone().unwrap_or_default();
                        for (k, response) in entries.iter_mut() {
                            let Some(k) = k.as_str() else { continue };
                            let (now, written) = (child("/components/responses", k), child("/responses", k));
                            self.response(&mut rw, response, &now, &written, &produces);
                        }
                    }
                    components.insert(key("responses"), responses);
                }
                "securityDefinitions" => {
                    let schemes = self.security_definitions(&mut rw, value);
                    components.insert(key("securitySchemes"), Value::Mapping(schemes));
                }
                "paths" => {
                    let mut paths = value;
                    if let Value::Mapping(items) = &mut paths {
                        for (path, item) in items.iter_mut() {
                            let (Some(path), Value::Mapping(item)) = (path.as_str(), item) else { continue };
                            self.path_item_2_0(&mut rw, item, &child("/paths", path));
                        }
                    }
                    map.insert(name, paths);
                }
                _ => {
                    map.insert(name, value);
                }
            }
        }
        if !map.contains_key("paths") {
            map.insert(key("paths"), Value::Mapping(Mapping::new()));
        }
        // Beside `info` when there is one (the typed read says it is missing).
        if !servers.is_empty() && !map.contains_key("servers") {
            map.insert(key("servers"), Value::Sequence(servers));
        }
        if !components.is_empty() {
            map.insert(key("components"), Value::Mapping(components));
        }
        rewrite_refs(doc, false, "", &mut self.refs);
        self.moves.step(rw.moved);
    }

    /// A node of another file of a 2.0 document that a `$ref` points at: a
    /// parameter or response in the 2.0 shape. (Its schemas are rewritten by
    /// the walk; its `$ref`s point into that file as written.)
    pub(super) fn swagger2_node(&mut self, value: &mut Value, kind: Node, at: &str) {
        let mut rw = Rewrite::default();
        match kind {
            Node::Parameter => {
                let Value::Mapping(map) = value else { return };
                if map.contains_key("$ref") {
                    return;
                }
                match map.get("in").and_then(Value::as_str) {
                    Some(location @ ("body" | "formData")) => self.error(
                        &child(at, "in"),
                        format!("an `in: {location}` parameter in another file is not supported: it becomes part of each operation's request body"),
                        "move it into the document's own `parameters`, or write it in the operation",
                    ),
                    _ => self.parameter(&mut rw, map, at, at),
                }
            }
            // As one of the document's own `responses`: served as its `produces`.
            Node::Response => {
                let produces = std::mem::take(&mut self.produces);
                self.response(&mut rw, value, at, at, &produces);
                self.produces = produces;
            }
            _ => {}
        }
        self.moves.step(rw.moved);
    }

    /// A 2.0 schema's own spellings: `x-nullable`, a `discriminator` that
    /// is a property name, `type: file`.
    pub(super) fn swagger2_schema(&mut self, map: &mut Mapping, at: &str) {
        if let Some(nullable) = map.shift_remove("x-nullable") {
            if nullable == Value::Bool(true) {
                map.insert(key("nullable"), nullable);
                self.moves.moved(child(at, "nullable"), child(at, "x-nullable"));
            }
        }
        if let Some(Value::String(property)) = map.get("discriminator").cloned() {
            let mut discriminator = Mapping::new();
            discriminator.insert(key("propertyName"), Value::String(property));
            map.insert(key("discriminator"), Value::Mapping(discriminator));
            let now = child(at, "discriminator");
            self.moves.moved(child(&now, "propertyName"), now);
        }
        if map.get("type").and_then(Value::as_str) == Some("file") {
            map.insert(key("type"), Value::String("string".into()));
            map.insert(key("format"), Value::String("binary".into()));
        }
    }

    /// `consumes` or `produces`: a list of media types.
    fn media_list(&mut self, value: Option<&Value>, at: &str) -> Option<Vec<String>> {
        match value? {
            Value::Sequence(items) => Some(items.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
            _ => {
                self.error(at, "not a list of media types", "write it as a list: `[application/json]`");
                None
            }
        }
    }

    /// `host`, `basePath` and `schemes` as `servers`.
    fn servers(&mut self, map: &Mapping) -> Vec<Value> {
        let host = map.get("host").and_then(Value::as_str);
        let base = map.get("basePath").and_then(Value::as_str).map(|b| b.trim_end_matches('/')).unwrap_or_default();
        let mut schemes: Vec<String> = match map.get("schemes") {
            Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
            _ => Vec::new(),
        };
        // `https` first: the client is built on the first server.
        schemes.sort_by_key(|s| s != "https");
        schemes.dedup();
        let server = |url: String| {
            let mut server = Mapping::new();
            server.insert(key("url"), Value::String(url));
            Value::Mapping(server)
        };
        match host {
            Some(host) => {
                let http: Vec<&String> = schemes.iter().filter(|s| matches!(s.as_str(), "http" | "https")).collect();
                if http.len() < schemes.len() {
                    self.warn(
                        "/schemes",
                        "only `http` and `https` are served: the other schemes (`ws`, `wss`) are left out",
                        "the generated client sends HTTP requests",
                    );
                }
                if http.is_empty() {
                    // 2.0: the scheme of the URL the document was read from.
                    return vec![server(format!("https://{host}{base}"))];
                }
                http.into_iter().map(|s| server(format!("{s}://{host}{base}"))).collect()
            }
            None if map.contains_key("basePath") => vec![server(if base.is_empty() { "/".into() } else { base.to_owned() })],
            None => Vec::new(),
        }
    }

    /// `parameters`: the body and form ones are inlined where they are
    /// used, the others are `components.parameters`.
    fn component_parameters(&mut self, rw: &mut Rewrite, value: Value) -> Mapping {
        let mut out = Mapping::new();
        for (name, k, mut parameter) in named_mappings(value) {
            if matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                continue;
            }
            let (now, written) = (child("/components/parameters", &k), child("/parameters", &k));
            if !parameter.contains_key("$ref") {
                self.parameter(rw, &mut parameter, &now, &written);
            }
            rw.moved(now, written);
            out.insert(name, Value::Mapping(parameter));
        }
        out
    }

    /// `securityDefinitions` as `securitySchemes`.
    fn security_definitions(&mut self, rw: &mut Rewrite, value: Value) -> Mapping {
        let mut out = Mapping::new();
        for (name, k, mut definition) in named_mappings(value) {
            let (now, written) = (child("/components/securitySchemes", &k), child("/securityDefinitions", &k));
            rw.moved(now.clone(), written.clone());
            match security_scheme(&mut definition) {
                Ok(None) => {}
                Ok(Some(flow)) => rw.moved(child(&child(&now, "flows"), flow), written),
                Err((field, message, hint)) => {
                    self.error(&child(&written, field), format!("security scheme `{k}`: {message}"), hint);
                    continue;
                }
            }
            out.insert(name, Value::Mapping(definition));
        }
        out
    }

    /// A path item: its parameters, and each operation's parameters, body and
    /// responses.
    fn path_item_2_0(&mut self, rw: &mut Rewrite, item: &mut Mapping, at: &str) {
        let inherited = match item.shift_remove("parameters") {
            Some(Value::Sequence(list)) => self.resolve_parameters(rw, list, &child(at, "parameters")),
            Some(other) => {
                item.insert(key("parameters"), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        let (bodies, kept): (Vec<Param>, Vec<Param>) = inherited.into_iter().partition(Param::is_body);
        if !kept.is_empty() {
            let list = self.plain_parameters(rw, kept, &child(at, "parameters"));
            item.insert(key("parameters"), Value::Sequence(list));
        }
        for method in METHODS {
            let Some(Value::Mapping(operation)) = item.get_mut(*method) else { continue };
            self.operation(rw, operation, &child(at, method), &bodies);
        }
    }

    fn operation(&mut self, rw: &mut Rewrite, operation: &mut Mapping, at: &str, inherited: &[Param]) {
        let consumes = match operation.shift_remove("consumes") {
            Some(value) => self.media_list(Some(&value), &child(at, "consumes")),
            None => rw.consumes.clone(),
        };
        let produces = match operation.shift_remove("produces") {
            Some(value) => self.media_list(Some(&value), &child(at, "produces")),
            None => rw.produces.clone(),
        };
        if let Some(schemes) = operation.shift_remove("schemes") {
            // Only a scheme the servers do not have changes anything.
            let other = |s: &Value| {
                rw.schemes.as_ref().is_some_and(|served| !served.iter().any(|t| t.eq_ignore_ascii_case(s.as_str().unwrap_or_default())))
            };
            if schemes.as_sequence().is_some_and(|list| list.iter().any(other)) {
                self.warn(
                    &child(at, "schemes"),
                    "an operation's own `schemes` are ignored: it is sent to the client's server like the others",
                    "give the client the base URL this operation needs if it differs",
                );
            }
        }
        let list_at = child(at, "parameters");
        let own = match operation.shift_remove("parameters") {
            Some(Value::Sequence(list)) => self.resolve_parameters(rw, list, &list_at),
            Some(other) => {
                operation.insert(key("parameters"), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        let (mut bodies, kept): (Vec<Param>, Vec<Param>) = own.into_iter().partition(Param::is_body);
        let own_body = bodies.iter().find(|b| b.location() == Some("body")).map(|b| (b.entry.clone(), b.name().map(str::to_owned)));
        for param in inherited {
            let overridden = bodies.iter().any(|b| b.name() == param.name() && b.location() == param.location());
            if overridden {
                continue;
            }
            // One body at most: the operation's replaces the path item's,
            // whatever their names.
            if let (Some((entry, name)), Some("body")) = (&own_body, param.location()) {
                self.warn(
                    entry,
                    format!(
                        "the path item's body parameter `{}` is replaced by this operation's `{}`: an operation has one body",
                        param.name().unwrap_or_default(),
                        name.as_deref().unwrap_or_default()
                    ),
                    "give the two the same name, which is how 2.0 says one overrides the other",
                );
                continue;
            }
            bodies.push(param.clone());
        }
        if !kept.is_empty() {
            let list = self.plain_parameters(rw, kept, &list_at);
            operation.insert(key("parameters"), Value::Sequence(list));
        }
        if let Some(body) = self.request_body(rw, bodies, at, consumes.as_deref().unwrap_or_default()) {
            operation.insert(key("requestBody"), body);
        }
        if let Some(Value::Mapping(responses)) = operation.get_mut("responses") {
            let produces = produces.unwrap_or_default();
            for (status, response) in responses.iter_mut() {
                let Some(status) = crate::shape::scalar_key(status) else { continue };
                let here = child(&child(at, "responses"), &status);
                self.response(rw, response, &here, &here, &produces);
            }
        }
    }

    /// The entries of a `parameters` list, each resolved when it is a `$ref`
    /// into `#/parameters`.
    fn resolve_parameters(&mut self, rw: &Rewrite, list: Vec<Value>, at: &str) -> Vec<Param> {
        let mut out = Vec::new();
        for (i, node) in list.into_iter().enumerate() {
            let entry = child(at, &i.to_string());
            let reference = node.get("$ref").and_then(Value::as_str).map(str::to_owned);
            let (resolved, written) = match reference {
                Some(reference) => match reference.strip_prefix("#/parameters/") {
                    Some(name) => {
                        let name = unescape_token(name).into_owned();
                        match rw.parameters.get(name.as_str()) {
                            Some(Value::Mapping(target)) => (Some(target.clone()), child("/parameters", &name)),
                            _ => {
                                self.error(
                                    &child(&entry, "$ref"),
                                    format!("`$ref: {reference}` points at nothing: `parameters` has no `{name}`"),
                                    "check the spelling against the keys of `parameters`",
                                );
                                continue;
                            }
                        }
                    }
                    // Into another file: read there, as a 2.0 parameter.
                    None => (None, entry.clone()),
                },
                None => (node.as_mapping().cloned(), entry.clone()),
            };
            out.push(Param { node, resolved, written, entry });
        }
        out
    }

    /// The parameters that stay parameters, in the 3.0 shape, at their new
    /// places in the list.
    fn plain_parameters(&mut self, rw: &mut Rewrite, params: Vec<Param>, at: &str) -> Vec<Value> {
        let mut list = Vec::new();
        for (j, param) in params.into_iter().enumerate() {
            let now = child(at, &j.to_string());
            rw.moved(now.clone(), param.entry.clone());
            let mut node = param.node;
            if let Value::Mapping(map) = &mut node {
                if !map.contains_key("$ref") {
                    self.parameter(rw, map, &now, &param.entry);
                }
            }
            list.push(node);
        }
        list
    }

    /// A parameter that is not a body: its value's keys moved into `schema`,
    /// `collectionFormat` as `style` and `explode`.
    fn parameter(&mut self, rw: &mut Rewrite, map: &mut Mapping, now: &str, written: &str) {
        let location = map.get("in").and_then(Value::as_str).unwrap_or_default().to_owned();
        let format = map.shift_remove("collectionFormat");
        if let Some(example) = map.shift_remove("x-example") {
            map.insert(key("example"), example);
            rw.moved(child(now, "example"), child(written, "x-example"));
        }
        let Some(schema) = self.take_schema(map, written) else {
            let name = map.get("name").and_then(Value::as_str).unwrap_or_default();
            self.error(written, format!("parameter `{name}` has no `type`"), "give its `type` (and `items` for an array)");
            return;
        };
        let array = schema.get("type").and_then(Value::as_str) == Some("array");
        map.insert(key("schema"), Value::Mapping(schema));
        rw.moved(child(now, "schema"), written);
        if !array {
            return;
        }
        let format_at = child(written, "collectionFormat");
        let format = self.collection_format(format.as_ref(), &format_at);
        let (style, explode) = match (format, location.as_str()) {
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            (_, "query" | "cookie") => ("form", false),
            (format, _) => {
                if format != "csv" {
                    self.warn(
                        &format_at,
                        format!("`collectionFormat: {format}` has no OpenAPI 3 style in a {location} parameter: read as `csv`"),
                        "items are sent comma-separated",
                    );
                }
                ("simple", false)
            }
        };
        map.insert(key("style"), Value::String(style.into()));
        map.insert(key("explode"), Value::Bool(explode));
    }

    /// A `collectionFormat` (`csv` when left out): `tsv` and what is not one
    /// read as `csv`, with a warning and an error.
    fn collection_format(&mut self, format: Option<&Value>, at: &str) -> &'static str {
        match format.map(|f| f.as_str().unwrap_or_default()) {
            None | Some("csv") => "csv",
            Some("multi") => "multi",
            Some("ssv") => "ssv",
            Some("pipes") => "pipes",
            Some("tsv") => {
                self.warn(at, "`collectionFormat: tsv` has no OpenAPI 3 style: read as `csv`", "items are sent comma-separated");
                "csv"
            }
            Some(other) => {
                self.error(
                    at,
                    format!("`collectionFormat: {other}` is none of `csv`, `ssv`, `tsv`, `pipes`, `multi`"),
                    "check the spelling",
                );
                "csv"
            }
        }
    }

    /// The keys of a parameter, header or items object that describe its
    /// value, taken out as a schema; `None` when it has no `type`.
    fn take_schema(&mut self, map: &mut Mapping, written: &str) -> Option<Mapping> {
        if !map.contains_key("type") {
            return None;
        }
        let mut schema = Mapping::new();
        for name in SCHEMA_KEYS {
            if let Some(value) = map.shift_remove(*name) {
                schema.insert(key(name), value);
            }
        }
        // Nested arrays: 3.0 has no style for the inner ones.
        let mut items_at = child(written, "items");
        let mut items = schema.get_mut("items");
        while let Some(Value::Mapping(inner)) = items {
            if inner.shift_remove("collectionFormat").is_some_and(|f| f.as_str() != Some("csv")) {
                self.warn(
                    &child(&items_at, "collectionFormat"),
                    "the `collectionFormat` of nested items has no OpenAPI 3 style: read as `csv`",
                    "inner items are sent comma-separated",
                );
            }
            items = inner.get_mut("items");
            items_at = child(&items_at, "items");
        }
        Some(schema)
    }

    /// The request body of an operation's body or form parameters.
    fn request_body(&mut self, rw: &mut Rewrite, params: Vec<Param>, at: &str, consumes: &[String]) -> Option<Value> {
        let first = params.first()?;
        let body_at = child(at, "requestBody");
        let content_at = child(&body_at, "content");
        if let Some(second) = params.iter().skip(1).find(|p| p.location() == Some("body") || first.location() == Some("body")) {
            self.error(
                &second.entry,
                format!(
                    "parameter `{}` would be a second request body: an operation has one `in: body` parameter at most, and none beside `in: formData` ones",
                    second.name().unwrap_or_default()
                ),
                "describe the whole body with the one body parameter's schema",
            );
            return None;
        }
        let mut body = Mapping::new();
        let mut content = Mapping::new();
        if first.location() == Some("body") {
            let mut param = first.resolved.clone().unwrap_or_default();
            rw.moved(body_at.clone(), first.written.clone());
            let Some(schema) = param.shift_remove("schema") else {
                self.error(&first.written, "an `in: body` parameter needs a `schema`", "describe the body with a schema");
                return None;
            };
            let examples = param.shift_remove("x-examples");
            let mut types: Vec<&str> = consumes.iter().map(String::as_str).filter(|t| !is_form(t)).collect();
            if types.is_empty() {
                types.push(JSON);
            }
            for media_type in types {
                let mut media = Mapping::new();
                media.insert(key("schema"), schema.clone());
                if let Some(example) = examples.as_ref().and_then(|e| e.get(media_type)) {
                    media.insert(key("example"), example.clone());
                }
                rw.moved(child(&child(&content_at, media_type), "schema"), child(&first.written, "schema"));
                content.insert(key(media_type), Value::Mapping(media));
            }
            copy_body_fields(&param, &mut body);
        } else {
            let mut properties = Mapping::new();
            let mut required = Vec::new();
            let mut formats: Vec<(String, &'static str, String)> = Vec::new();
            let mut file = false;
            let multipart = consumes.iter().any(|t| t.eq_ignore_ascii_case(MULTIPART));
            let mut moved = Vec::new();
            for param in &params {
                let Some(mut map) = param.resolved.clone() else { continue };
                let name = map.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
                file |= map.get("type").and_then(Value::as_str) == Some("file");
                if map.get("required") == Some(&Value::Bool(true)) {
                    required.push(Value::String(name.clone()));
                }
                let format = map.shift_remove("collectionFormat");
                if map.get("type").and_then(Value::as_str) == Some("array") {
                    let format_at = child(&param.written, "collectionFormat");
                    formats.push((name.clone(), self.collection_format(format.as_ref(), &format_at), format_at));
                }
                let Some(mut schema) = self.take_schema(&mut map, &param.written) else {
                    self.error(&param.written, format!("form parameter `{name}` has no `type`"), "give its `type`");
                    continue;
                };
                if let Some(description) = map.get("description") {
                    schema.insert(key("description"), description.clone());
                }
                properties.insert(key(&name), Value::Mapping(schema));
                moved.push((name, param.written.clone()));
            }
            let media_type = if multipart || file { MULTIPART } else { FORM };
            let schema_at = child(&child(&content_at, media_type), "schema");
            rw.moved(body_at.clone(), first.written.clone());
            rw.moved(schema_at.clone(), first.written.clone());
            for (name, written) in moved {
                rw.moved(child(&child(&schema_at, "properties"), &name), written);
            }
            let mut schema = Mapping::new();
            schema.insert(key("type"), Value::String("object".into()));
            schema.insert(key("properties"), Value::Mapping(properties));
            if !required.is_empty() {
                schema.insert(key("required"), Value::Sequence(required));
                body.insert(key("required"), Value::Bool(true));
            }
            let mut media = Mapping::new();
            media.insert(key("schema"), Value::Mapping(schema));
            let encoding = self.form_encoding(formats, media_type == MULTIPART);
            if !encoding.is_empty() {
                media.insert(key("encoding"), Value::Mapping(encoding));
            }
            content.insert(key(media_type), Value::Mapping(media));
        }
        body.insert(key("content"), Value::Mapping(content));
        Some(Value::Mapping(body))
    }

    /// How the array fields of a form are written: each item a field of its
    /// own (`multi`, OpenAPI 3's default) or joined (`encoding`); a
    /// multipart form sends an item a part.
    fn form_encoding(&mut self, formats: Vec<(String, &'static str, String)>, multipart: bool) -> Mapping {
        let mut encoding = Mapping::new();
        for (name, format, at) in formats {
            let style = match format {
                "multi" => continue,
                "ssv" => "spaceDelimited",
                "pipes" => "pipeDelimited",
                _ => "form",
            };
            if multipart {
                self.warn(
                    &at,
                    format!("`collectionFormat: {format}` in a multipart form: each item is sent as a part of its own (`multi`)"),
                    "write `collectionFormat: multi`",
                );
                continue;
            }
            let mut e = Mapping::new();
            e.insert(key("style"), Value::String(style.into()));
            e.insert(key("explode"), Value::Bool(false));
            encoding.insert(key(&name), Value::Mapping(e));
        }
        encoding
    }

    /// A response: its `schema` as `content` per media type of `produces`,
    /// its `examples` as theirs, its headers' values as their `schema`s.
    fn response(&mut self, rw: &mut Rewrite, value: &mut Value, now: &str, written: &str, produces: &[String]) {
        let Value::Mapping(map) = value else { return };
        if map.contains_key("$ref") {
            return;
        }
        let examples = map.shift_remove("examples");
        if let Some(schema) = map.shift_remove("schema") {
            let types: Vec<&str> = if produces.is_empty() { vec![JSON] } else { produces.iter().map(String::as_str).collect() };
            let mut content = Mapping::new();
            for media_type in types {
                let mut media = Mapping::new();
                media.insert(key("schema"), schema.clone());
                if let Some(example) = examples.as_ref().and_then(|e| e.get(media_type)) {
                    media.insert(key("example"), example.clone());
                    rw.moved(child(&child(&child(now, "content"), media_type), "example"), child(&child(written, "examples"), media_type));
                }
                rw.moved(child(&child(&child(now, "content"), media_type), "schema"), child(written, "schema"));
                content.insert(key(media_type), Value::Mapping(media));
            }
            map.insert(key("content"), Value::Mapping(content));
        }
        if let Some(Value::Mapping(examples)) = &examples {
            let content = map.get("content");
            for (media_type, _) in examples {
                let Some(media_type) = media_type.as_str() else { continue };
                if content.and_then(|c| c.get(media_type)).is_none() {
                    self.warn(
                        &child(&child(written, "examples"), media_type),
                        format!("an example for `{media_type}`, which this response is not served as: it is left out"),
                        "list the media type in `produces`, and give the response a `schema`",
                    );
                }
            }
        }
        if let Some(Value::Mapping(headers)) = map.get_mut("headers") {
            for (name, header) in headers.iter_mut() {
                let (Some(name), Value::Mapping(header)) = (name.as_str(), header) else { continue };
                let (now, written) = (child(&child(now, "headers"), name), child(&child(written, "headers"), name));
                if header.contains_key("$ref") {
                    continue;
                }
                let format = header.shift_remove("collectionFormat");
                let Some(schema) = self.take_schema(header, &written) else {
                    self.error(&written, format!("response header `{name}` has no `type`"), "give its `type`");
                    continue;
                };
                if schema.get("type").and_then(Value::as_str) == Some("array") {
                    let format_at = child(&written, "collectionFormat");
                    let format = self.collection_format(format.as_ref(), &format_at);
                    if format != "csv" {
                        self.warn(
                            &format_at,
                            format!("`collectionFormat: {format}` has no OpenAPI 3 style in a header: read as `csv`"),
                            "items are read comma-separated",
                        );
                    }
                }
                header.insert(key("schema"), Value::Mapping(schema));
                rw.moved(child(&now, "schema"), written);
            }
        }
    }
}

/// A mapping with its number and boolean keys (`400:`) as strings.
fn string_keys(value: Value) -> Value {
    match value {
        Value::Mapping(map) if map.keys().any(|k| !k.is_string()) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (crate::shape::scalar_key(&k).map_or(k, Value::String), v)).collect())
        }
        other => other,
    }
}

/// The entries of a section (`parameters`, `securityDefinitions`) that are
/// mappings: key, key as text, mapping.
fn named_mappings(value: Value) -> Vec<(Value, String, Mapping)> {
    let Value::Mapping(entries) = value else { return Vec::new() };
    entries
        .into_iter()
        .filter_map(|(name, entry)| match (name.as_str().map(str::to_owned), entry) {
            (Some(k), Value::Mapping(map)) => Some((name, k, map)),
            _ => None,
        })
        .collect()
}

/// A 2.0 security definition rewritten as a 3.0 security scheme: the flow
/// an oauth2 one now has, or the field that is wrong, what is wrong, a hint.
fn security_scheme(definition: &mut Mapping) -> Result<Option<&'static str>, (&'static str, &'static str, &'static str)> {
    match definition.get("type").and_then(Value::as_str) {
        Some("basic") => {
            definition.insert(key("type"), Value::String("http".into()));
            definition.insert(key("scheme"), Value::String("basic".into()));
            Ok(None)
        }
        Some("apiKey") => Ok(None),
        Some("oauth2") => {
            let into = match definition.shift_remove("flow").as_ref().and_then(Value::as_str) {
                Some("implicit") => "implicit",
                Some("password") => "password",
                Some("application") => "clientCredentials",
                Some("accessCode") => "authorizationCode",
                _ => {
                    return Err((
                        "flow",
                        "an oauth2 `flow` is `implicit`, `password`, `application` or `accessCode`",
                        "give the flow of the OAuth2 authorization",
                    ))
                }
            };
            let mut settings = Mapping::new();
            for field in ["authorizationUrl", "tokenUrl"] {
                if let Some(url) = definition.shift_remove(field) {
                    settings.insert(key(field), url);
                }
            }
            let scopes = definition.shift_remove("scopes").unwrap_or_else(|| Value::Mapping(Mapping::new()));
            settings.insert(key("scopes"), scopes);
            let mut flows = Mapping::new();
            flows.insert(key(into), Value::Mapping(settings));
            definition.insert(key("flows"), Value::Mapping(flows));
            Ok(Some(into))
        }
        _ => Err((
            "type",
            "a 2.0 security scheme is of type `basic`, `apiKey` or `oauth2`",
            "check the type against the Swagger 2.0 specification",
        )),
    }
}

/// The schemes the servers are given: `schemes`, or `https` alone; `None`
/// without a `host`.
fn served_schemes(map: &Mapping) -> Option<Vec<String>> {
    map.get("host")?;
    let listed: Vec<String> = match map.get("schemes") {
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
        _ => Vec::new(),
    };
    Some(if listed.is_empty() { vec!["https".to_owned()] } else { listed })
}

/// `description`, `required` and extensions of a body parameter, which
/// the request body keeps.
fn copy_body_fields(param: &Mapping, body: &mut Mapping) {
    for (k, v) in param {
        let Some(name) = k.as_str() else { continue };
        if name == "description" || name == "required" || (name.starts_with("x-") && name != "x-examples") {
            body.insert(k.clone(), v.clone());
        }
    }
}

/// A form media type, which a body parameter is not sent as.
fn is_form(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(FORM) || essence.eq_ignore_ascii_case(MULTIPART)
}

/// Every local `$ref` of the document pointed at where its target now is:
/// `#/definitions/` at `#/components/schemas/`, and so on, each recorded in
/// `written` by the pointer of its node (`at`): `(as rewritten, as written)`.
/// Values that are data (examples, defaults, enums, extensions) are left as
/// they are; the entries of a map of names (`properties`, `responses`, ...)
/// are read whatever their names (a response `default`, a property
/// `example`).
fn rewrite_refs(value: &mut Value, names: bool, at: &str, written: &mut HashMap<String, (String, String)>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map.iter_mut() {
                let name = crate::shape::scalar_key(k).unwrap_or_default();
                if names {
                    rewrite_refs(v, false, &child(at, &name), written);
                } else if name == "$ref" {
                    let Value::String(reference) = v else { continue };
                    for (from, to) in [
                        ("#/definitions/", "#/components/schemas/"),
                        ("#/parameters/", "#/components/parameters/"),
                        ("#/responses/", "#/components/responses/"),
                    ] {
                        if let Some(rest) = reference.strip_prefix(from) {
                            let rewritten = format!("{to}{rest}");
                            written.insert(at.to_owned(), (rewritten.clone(), std::mem::replace(reference, rewritten)));
                            break;
                        }
                    }
                } else if !matches!(name.as_str(), "example" | "examples" | "default" | "enum") && !name.starts_with("x-") {
                    let names = matches!(
                        name.as_str(),
                        "properties"
                            | "paths"
                            | "responses"
                            | "headers"
                            | "schemas"
                            | "parameters"
                            | "securitySchemes"
                            | "content"
                            | "encoding"
                    );
                    rewrite_refs(v, names, &child(at, &name), written);
                }
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                rewrite_refs(item, false, &child(at, &i.to_string()), written);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_yaml::Value;

    use super::super::{Dialect, Moves, Upgrader};
    use crate::shape::Node;

    /// A 2.0 document (YAML) rewritten as a whole: the tree, the pointers of
    /// the diagnostics (as written), and the moves.
    fn rewrite(doc: &str) -> (Value, Vec<String>, Moves) {
        let mut value: Value = serde_yaml::from_str(doc).expect("YAML");
        let mut upgrader = Upgrader::new(Dialect::V2_0, Path::new("t.yaml"));
        upgrader.document(&mut value);
        let pointers = upgrader.diagnostics.iter().map(|d| d.pointer.clone()).collect();
        (value, pointers, upgrader.moves)
    }

    fn yaml(text: &str) -> Value {
        serde_yaml::from_str(text).expect("YAML")
    }

    /// The node at a JSON pointer of the rewritten tree.
    fn at<'v>(value: &'v Value, pointer: &str) -> &'v Value {
        let mut node = value;
        for token in pointer.split('/').skip(1) {
            let token = crate::source::unescape_token(token);
            node = match node {
                Value::Sequence(items) => &items[token.parse::<usize>().expect("an index")],
                _ => node.get(token.as_ref()).unwrap_or_else(|| panic!("no {token} in {pointer}: {node:?}")),
            };
        }
        node
    }

    const HEAD: &str = "swagger: '2.0'\ninfo: {title: T, version: '1'}\n";

    #[test]
    fn host_base_path_and_schemes_become_servers() {
        let servers = |rest: &str| rewrite(&format!("{HEAD}{rest}paths: {{}}\n")).0.get("servers").cloned();
        assert_eq!(
            servers("host: api.example.com\nbasePath: /v1/\nschemes: [http, https]\n"),
            Some(yaml("[{url: 'https://api.example.com/v1'}, {url: 'http://api.example.com/v1'}]"))
        );
        assert_eq!(servers("host: api.example.com\n"), Some(yaml("[{url: 'https://api.example.com'}]")));
        assert_eq!(servers("basePath: /api\n"), Some(yaml("[{url: /api}]")));
        assert_eq!(servers("basePath: /\n"), Some(yaml("[{url: /}]")));
        assert_eq!(servers(""), None);
        let (doc, warnings, _) = rewrite(&format!("{HEAD}host: h\nschemes: [wss, http]\npaths: {{}}\n"));
        assert_eq!((doc["servers"].clone(), warnings), (yaml("[{url: 'http://h'}]"), vec!["/schemes".to_owned()]));
        // Without `info` (which the typed read then asks for), still there.
        let (doc, _, _) = rewrite("swagger: '2.0'\nhost: h\npaths: {}\n");
        assert_eq!(doc.get("servers"), Some(&yaml("[{url: 'https://h'}]")));
        let (doc, _, _) = rewrite(&format!("{HEAD}paths: {{}}\n"));
        assert_eq!(doc["openapi"], yaml("3.0.3"));
        assert!(doc.get("swagger").is_none());
    }

    #[test]
    fn sections_become_components_and_local_refs_follow() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/parameters/P'}}]\n      responses:\n        default: {{$ref: '#/responses/R'}}\n\
             definitions:\n  A: {{type: object, properties: {{b: {{$ref: '#/definitions/B'}}, example: {{$ref: '#/definitions/B'}}}}, example: {{$ref: '#/definitions/kept'}}}}\n  B: {{type: string}}\n\
             parameters:\n  P: {{name: p, in: query, type: string}}\n\
             responses:\n  R: {{description: r, schema: {{$ref: 'other.yaml#/definitions/E'}}}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(at(&doc, "/components/schemas/A/properties/b/$ref"), &yaml("'#/components/schemas/B'"));
        // A property named `example` is a schema; the keyword `example` is data.
        assert_eq!(at(&doc, "/components/schemas/A/properties/example/$ref"), &yaml("'#/components/schemas/B'"));
        assert_eq!(at(&doc, "/components/schemas/A/example/$ref"), &yaml("'#/definitions/kept'"));
        assert_eq!(at(&doc, "/paths/~1a/get/parameters/0/$ref"), &yaml("'#/components/parameters/P'"));
        assert_eq!(at(&doc, "/paths/~1a/get/responses/default/$ref"), &yaml("'#/components/responses/R'"));
        assert_eq!(at(&doc, "/components/parameters/P"), &yaml("{name: p, in: query, schema: {type: string}}"));
        // Another file's `$ref` points where it pointed.
        assert_eq!(
            at(&doc, "/components/responses/R"),
            &yaml("{description: r, content: {application/json: {schema: {$ref: 'other.yaml#/definitions/E'}}}}")
        );
        assert_eq!(moves.original("/components/schemas/A/properties/b"), "/definitions/A/properties/b");
        assert_eq!(moves.original("/components/parameters/P/schema/type"), "/parameters/P/type");
        assert_eq!(moves.original("/components/responses/R/content/application~1json/schema"), "/responses/R/schema");
        assert_eq!(moves.rewritten("/definitions/B"), "/components/schemas/B");
        // Names YAML reads as numbers are names; a component that is a `$ref` stays one.
        let (doc, warnings, _) = rewrite(&format!(
            "{HEAD}paths: {{}}\nresponses:\n  400: {{description: d, headers: {{X-Id: {{type: string}}}}}}\n\
             parameters:\n  a: {{name: a, in: query, type: string}}\n  b: {{$ref: '#/parameters/a'}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(at(&doc, "/components/responses/400"), &yaml("{description: d, headers: {X-Id: {schema: {type: string}}}}"));
        assert_eq!(at(&doc, "/components/parameters/b"), &yaml("{$ref: '#/components/parameters/a'}"));
        // Each rewritten `$ref`, as written, for messages to quote.
        let mut value = yaml(&format!("{HEAD}paths: {{}}\ndefinitions:\n  A: {{properties: {{b: {{$ref: '#/definitions/B'}}}}}}\n"));
        let mut upgrader = Upgrader::new(Dialect::V2_0, Path::new("t.yaml"));
        upgrader.document(&mut value);
        let written = upgrader.refs.get("/components/schemas/A/properties/b");
        assert_eq!(written, Some(&("#/components/schemas/B".to_owned(), "#/definitions/B".to_owned())));
    }

    #[test]
    fn an_operation_s_schemes_are_ignored_saying_so_when_they_matter() {
        let warnings = |head: &str, schemes: &str| {
            rewrite(&format!("{HEAD}{head}paths:\n  /a:\n    get:\n      schemes: {schemes}\n      responses: {{}}\n")).1
        };
        assert_eq!(warnings("host: h\nschemes: [https]\n", "[http]"), ["/paths/~1a/get/schemes"]);
        assert_eq!(warnings("host: h\n", "[http, https]"), ["/paths/~1a/get/schemes"]);
        assert!(warnings("host: h\nschemes: [http, https]\n", "[HTTP]").is_empty());
        assert!(warnings("host: h\n", "[https]").is_empty());
        // No host: the client is given its URL, whatever the scheme.
        assert!(warnings("", "[http]").is_empty());
    }

    #[test]
    fn security_definitions_become_security_schemes() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}paths: {{}}\nsecurityDefinitions:\n  b: {{type: basic, description: d}}\n  k: {{type: apiKey, name: X-Key, in: header}}\n\
             i: {{type: oauth2, flow: implicit, authorizationUrl: 'https://a', scopes: {{r: read}}}}\n\
             \x20 p: {{type: oauth2, flow: password, tokenUrl: 'https://t', scopes: {{}}}}\n\
             \x20 c: {{type: oauth2, flow: application, tokenUrl: 'https://t'}}\n\
             \x20 a: {{type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {{w: write}}}}\n"
        )
        .replace("\ni: {", "\n  i: {"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            at(&doc, "/components/securitySchemes"),
            &yaml(
                "{b: {type: http, description: d, scheme: basic},
                  k: {type: apiKey, name: X-Key, in: header},
                  i: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a', scopes: {r: read}}}},
                  p: {type: oauth2, flows: {password: {tokenUrl: 'https://t', scopes: {}}}},
                  c: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {}}}},
                  a: {type: oauth2, flows: {authorizationCode: {authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {w: write}}}}}"
            )
        );
        assert_eq!(moves.original("/components/securitySchemes/a/flows/authorizationCode/tokenUrl"), "/securityDefinitions/a/tokenUrl");
        let (_, errors, _) = rewrite(&format!(
            "{HEAD}paths: {{}}\nsecurityDefinitions:\n  x: {{type: oauth2, flow: magic}}\n  y: {{type: openIdConnect}}\n"
        ));
        assert_eq!(errors, ["/securityDefinitions/x/flow", "/securityDefinitions/y/type"]);
    }

    #[test]
    fn a_body_parameter_becomes_the_request_body() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}consumes: [application/json, application/xml]\nparameters:\n  B: {{name: b, in: body, required: true, schema: {{type: string}}}}\n\
             paths:\n  /a:\n    post:\n      parameters:\n        - {{name: q, in: query, type: string}}\n\
             \x20       - {{name: body, in: body, description: The body., required: true, x-examples: {{application/json: {{a: 1}}}}, schema: {{$ref: '#/definitions/A'}}}}\n\
             \x20     responses: {{'204': {{description: ok}}}}\n\
             \x20   put:\n      consumes: [text/plain, multipart/form-data]\n      parameters: [{{$ref: '#/parameters/B'}}]\n      responses: {{'204': {{description: ok}}}}\n\
             definitions:\n  A: {{type: object}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        let post = at(&doc, "/paths/~1a/post");
        assert_eq!(post["parameters"], yaml("[{name: q, in: query, schema: {type: string}}]"));
        assert_eq!(
            post["requestBody"],
            yaml(
                "{description: The body., required: true, content: {
                    application/json: {schema: {$ref: '#/components/schemas/A'}, example: {a: 1}},
                    application/xml: {schema: {$ref: '#/components/schemas/A'}}}}"
            )
        );
        // A `$ref` to a body parameter is inlined; form types are not a body's.
        assert_eq!(at(&doc, "/paths/~1a/put/requestBody"), &yaml("{required: true, content: {text/plain: {schema: {type: string}}}}"));
        assert!(doc["components"].get("parameters").is_none_or(|p| p.get("B").is_none()));
        assert_eq!(
            moves.original("/paths/~1a/post/requestBody/content/application~1xml/schema/$ref"),
            "/paths/~1a/post/parameters/1/schema/$ref"
        );
        assert_eq!(moves.original("/paths/~1a/put/requestBody/content/text~1plain/schema/type"), "/parameters/B/schema/type");
        assert_eq!(moves.original("/paths/~1a/post/parameters/0/schema"), "/paths/~1a/post/parameters/0");
        // No `consumes`: JSON.
        let (doc, _, _) = rewrite(&format!(
            "{HEAD}paths:\n  /a:\n    post:\n      parameters: [{{name: b, in: body, schema: {{type: integer}}}}]\n      responses: {{}}\n"
        ));
        assert_eq!(at(&doc, "/paths/~1a/post/requestBody"), &yaml("{content: {application/json: {schema: {type: integer}}}}"));
    }

    #[test]
    fn form_parameters_become_one_object_body() {
        let form = |consumes: &str, file_type: &str| {
            rewrite(&format!(
                "{HEAD}paths:\n  /a:\n    post:\n      {consumes}\n      parameters:\n\
                 \x20       - {{name: f, in: formData, type: {file_type}, required: true, description: A file.}}\n\
                 \x20       - {{name: n, in: formData, type: integer, minimum: 1}}\n\
                 \x20       - {{name: tags, in: formData, type: array, items: {{type: string}}}}\n\
                 \x20       - {{name: ids, in: formData, type: array, items: {{type: integer}}, collectionFormat: multi}}\n\
                 \x20     responses: {{}}\n"
            ))
        };
        let (doc, warnings, moves) = form("", "string");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            at(&doc, "/paths/~1a/post/requestBody"),
            &yaml(
                "{required: true, content: {application/x-www-form-urlencoded: {
                    schema: {type: object, properties: {
                        f: {type: string, description: A file.},
                        n: {type: integer, minimum: 1},
                        tags: {type: array, items: {type: string}},
                        ids: {type: array, items: {type: integer}}},
                      required: [f]},
                    encoding: {tags: {style: form, explode: false}}}}}"
            )
        );
        assert!(at(&doc, "/paths/~1a/post").get("parameters").is_none());
        assert_eq!(
            moves.original("/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/n/minimum"),
            "/paths/~1a/post/parameters/1/minimum"
        );
        // A file, or `consumes` saying so: multipart, where items are parts.
        let (doc, warnings, _) = form("", "file");
        let schema = at(&doc, "/paths/~1a/post/requestBody/content/multipart~1form-data/schema");
        assert_eq!(schema["properties"]["f"], yaml("{type: string, format: binary, description: A file.}"));
        assert_eq!(warnings, ["/paths/~1a/post/parameters/2/collectionFormat"]);
        assert!(at(&doc, "/paths/~1a/post/requestBody/content/multipart~1form-data").get("encoding").is_none());
        let (doc, _, _) = form("consumes: [multipart/form-data]", "string");
        assert!(at(&doc, "/paths/~1a/post/requestBody/content").get("multipart/form-data").is_some());
    }

    #[test]
    fn collection_formats_become_styles() {
        let param = |location: &str, format: &str| {
            let (doc, warnings, _) = rewrite(&format!(
                "{HEAD}paths:\n  /a/{{p}}:\n    get:\n      parameters:\n\
                 \x20       - {{name: p, in: {location}, required: true, type: array, items: {{type: string}}{format}}}\n\
                 \x20     responses: {{}}\n"
            ));
            let p = at(&doc, "/paths/~1a~1{p}/get/parameters/0");
            (p.get("style").and_then(Value::as_str).map(str::to_owned), p.get("explode").and_then(Value::as_bool), warnings.len())
        };
        let style = |s: &str| Some(s.to_owned());
        assert_eq!(param("query", ""), (style("form"), Some(false), 0));
        assert_eq!(param("query", ", collectionFormat: csv"), (style("form"), Some(false), 0));
        assert_eq!(param("query", ", collectionFormat: multi"), (style("form"), Some(true), 0));
        assert_eq!(param("query", ", collectionFormat: ssv"), (style("spaceDelimited"), Some(false), 0));
        assert_eq!(param("query", ", collectionFormat: pipes"), (style("pipeDelimited"), Some(false), 0));
        assert_eq!(param("query", ", collectionFormat: tsv"), (style("form"), Some(false), 1));
        assert_eq!(param("path", ""), (style("simple"), Some(false), 0));
        assert_eq!(param("header", ", collectionFormat: pipes"), (style("simple"), Some(false), 1));
        let (_, errors, _) = rewrite(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: q, in: query, type: array, items: {{type: string}}, collectionFormat: commas}}]\n      responses: {{}}\n"
        ));
        assert_eq!(errors, ["/paths/~1a/get/parameters/0/collectionFormat"]);
        // Values and their constraints move into `schema`; the rest stays.
        let (doc, _, moves) = rewrite(&format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n\
             \x20       - {{name: q, in: query, description: d, required: false, allowEmptyValue: true, x-example: 3, type: integer, format: int32, minimum: 1, default: 2, enum: [1, 2, 3]}}\n\
             \x20     responses: {{}}\n"
        ));
        assert_eq!(
            at(&doc, "/paths/~1a/get/parameters/0"),
            &yaml(
                "{name: q, in: query, description: d, required: false, allowEmptyValue: true, example: 3,
                  schema: {type: integer, format: int32, default: 2, minimum: 1, enum: [1, 2, 3]}}"
            )
        );
        assert_eq!(moves.original("/paths/~1a/get/parameters/0/example"), "/paths/~1a/get/parameters/0/x-example");
        assert_eq!(moves.original("/paths/~1a/get/parameters/0/schema/enum/2"), "/paths/~1a/get/parameters/0/enum/2");
    }

    #[test]
    fn path_level_parameters_stay_or_join_each_body() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}paths:\n  /a/{{id}}:\n    parameters:\n\
             \x20     - {{name: id, in: path, required: true, type: integer}}\n\
             \x20     - {{name: note, in: formData, type: string}}\n\
             \x20   post:\n      parameters: [{{name: file, in: formData, type: file}}]\n      responses: {{}}\n\
             \x20   put:\n      parameters: [{{name: note, in: formData, type: integer}}]\n      responses: {{}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(at(&doc, "/paths/~1a~1{id}/parameters"), &yaml("[{name: id, in: path, required: true, schema: {type: integer}}]"));
        assert_eq!(
            at(&doc, "/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema/properties"),
            &yaml("{file: {type: string, format: binary}, note: {type: string}}")
        );
        // The operation's `note` overrides the path item's.
        assert_eq!(
            at(&doc, "/paths/~1a~1{id}/put/requestBody/content/application~1x-www-form-urlencoded/schema/properties"),
            &yaml("{note: {type: integer}}")
        );
        assert_eq!(
            moves.original("/paths/~1a~1{id}/post/requestBody/content/multipart~1form-data/schema/properties/note/type"),
            "/paths/~1a~1{id}/parameters/1/type"
        );
        // One body at most: the operation's replaces the path item's, with a
        // warning when their names differ.
        let (doc, warnings, _) = rewrite(&format!(
            "{HEAD}paths:\n  /a:\n    parameters: [{{name: outer, in: body, schema: {{type: string}}}}]\n\
             \x20   post:\n      parameters: [{{name: inner, in: body, schema: {{type: integer}}}}]\n      responses: {{}}\n\
             \x20   put:\n      responses: {{}}\n"
        ));
        assert_eq!(at(&doc, "/paths/~1a/post/requestBody"), &yaml("{content: {application/json: {schema: {type: integer}}}}"));
        assert_eq!(at(&doc, "/paths/~1a/put/requestBody"), &yaml("{content: {application/json: {schema: {type: string}}}}"));
        assert_eq!(warnings, ["/paths/~1a/post/parameters/0"]);
    }

    #[test]
    fn responses_are_served_as_produces_says() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}produces: [application/xml]\npaths:\n  /a:\n    get:\n      produces: [application/json, text/csv]\n      responses:\n\
             \x20       '200':\n          description: ok\n          schema: {{type: string}}\n\
             \x20         examples: {{application/json: hi, image/png: x}}\n\
             \x20         headers: {{X-N: {{type: integer, description: n}}, X-L: {{type: array, items: {{type: string}}, collectionFormat: pipes}}}}\n\
             \x20       '204': {{description: none}}\n\
             \x20   put:\n      responses: {{'200': {{description: ok, schema: {{type: integer}}}}}}\n"
        ));
        assert_eq!(
            at(&doc, "/paths/~1a/get/responses/200"),
            &yaml(
                "{description: ok,
                  headers: {X-N: {description: n, schema: {type: integer}}, X-L: {schema: {type: array, items: {type: string}}}},
                  content: {application/json: {schema: {type: string}, example: hi}, text/csv: {schema: {type: string}}}}"
            )
        );
        assert_eq!(at(&doc, "/paths/~1a/get/responses/204"), &yaml("{description: none}"));
        assert_eq!(at(&doc, "/paths/~1a/put/responses/200/content"), &yaml("{application/xml: {schema: {type: integer}}}"));
        assert_eq!(
            warnings,
            ["/paths/~1a/get/responses/200/examples/image~1png", "/paths/~1a/get/responses/200/headers/X-L/collectionFormat"]
        );
        assert_eq!(
            moves.original("/paths/~1a/get/responses/200/content/text~1csv/schema/type"),
            "/paths/~1a/get/responses/200/schema/type"
        );
        assert_eq!(moves.original("/paths/~1a/get/responses/200/headers/X-N/schema/type"), "/paths/~1a/get/responses/200/headers/X-N/type");
        assert!(at(&doc, "/paths/~1a/get").get("produces").is_none());
    }

    #[test]
    fn schemas_lose_their_2_0_spellings() {
        let (doc, warnings, moves) = rewrite(&format!(
            "{HEAD}paths: {{}}\ndefinitions:\n  P:\n    type: object\n    discriminator: kind\n    properties:\n\
             \x20     kind: {{type: string}}\n      a: {{type: string, x-nullable: true}}\n      b: {{type: string, x-nullable: false}}\n\
             \x20     c: {{type: file}}\n      d: {{$ref: '#/definitions/P', x-nullable: true}}\n"
        ));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            at(&doc, "/components/schemas/P"),
            &yaml(
                "{type: object, discriminator: {propertyName: kind}, properties: {
                    kind: {type: string}, a: {type: string, nullable: true}, b: {type: string},
                    c: {type: string, format: binary},
                    d: {nullable: true, allOf: [{$ref: '#/components/schemas/P'}]}}}"
            )
        );
        assert_eq!(moves.original("/components/schemas/P/properties/a/nullable"), "/definitions/P/properties/a/x-nullable");
        assert_eq!(moves.original("/components/schemas/P/discriminator/propertyName"), "/definitions/P/discriminator");
    }

    #[test]
    fn what_is_malformed_is_an_error_where_written() {
        let errors = |paths: &str| rewrite(&format!("{HEAD}paths:\n  /a:\n    post:\n{paths}      responses: {{}}\n")).1;
        assert_eq!(
            errors("      parameters: [{name: a, in: body, schema: {}}, {name: b, in: formData, type: string}]\n"),
            ["/paths/~1a/post/parameters/1"]
        );
        assert_eq!(errors("      parameters: [{name: a, in: body}]\n"), ["/paths/~1a/post/parameters/0"]);
        assert_eq!(errors("      parameters: [{name: a, in: query}]\n"), ["/paths/~1a/post/parameters/0"]);
        assert_eq!(errors("      parameters: [{$ref: '#/parameters/none'}]\n"), ["/paths/~1a/post/parameters/0/$ref"]);
        assert_eq!(errors("      consumes: application/json\n"), ["/paths/~1a/post/consumes"]);
    }

    /// A node of another file that a 2.0 document's `$ref` reaches.
    #[test]
    fn nodes_of_other_files_are_read_as_2_0() {
        let node = |kind: Node, text: &str| {
            let mut value = yaml(text);
            let mut upgrader = Upgrader::new(Dialect::V2_0, Path::new("other.yaml"));
            upgrader.produces = vec!["application/json".into(), "text/csv".into()];
            upgrader.node(&mut value, kind, "/parameters/P");
            let pointers: Vec<String> = upgrader.diagnostics.iter().map(|d| d.pointer.clone()).collect();
            (value, pointers, upgrader.moves)
        };
        let (value, warnings, moves) =
            node(Node::Parameter, "{name: q, in: query, type: array, items: {type: string}, collectionFormat: multi}");
        assert_eq!(value, yaml("{name: q, in: query, schema: {type: array, items: {type: string}}, style: form, explode: true}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(moves.original("/parameters/P/schema/items"), "/parameters/P/items");
        assert_eq!(node(Node::Parameter, "{name: b, in: body, schema: {type: string}}").1, ["/parameters/P/in"]);
        // A response: served as the document's `produces`, as one of its own `responses` is.
        let (value, warnings, moves) = node(Node::Response, "{description: d, schema: {type: string, x-nullable: true}}");
        assert_eq!(
            value,
            yaml("{description: d, content: {application/json: {schema: {type: string, nullable: true}}, text/csv: {schema: {type: string, nullable: true}}}}")
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(moves.original("/parameters/P/content/text~1csv/schema/nullable"), "/parameters/P/schema/x-nullable");
        let (value, _, _) = node(Node::Schema, "{type: object, properties: {f: {type: file}, r: {$ref: '#/definitions/R'}}}");
        assert_eq!(value, yaml("{type: object, properties: {f: {type: string, format: binary}, r: {$ref: '#/definitions/R'}}}"));
    }
}
