//! Lowering: from the `openapiv3` model to the plain-data [`ir`](crate::ir).
//!
//! Every `$ref` is resolved here, every inline schema that needs a Rust type
//! gets a stable name (its parent's name and its property), union dispatch is
//! decided, and every name is minted through [`naming`](crate::naming).
//! Problems become [`Diagnostic`]s carrying the JSON pointer of the node.
//!
//! One [`Lowerer`] walks the document; its `impl` is split by concern, the
//! way typify splits its `TypeSpace`:
//!
//! | File | What it lowers |
//! | --- | --- |
//! | `mod.rs` | the state, the order of the walk, and the one `$ref` resolver |
//! | `schemas.rs` | component and inline schemas: structs, enums, arrays, maps |
//! | `all_of.rs` | `allOf`, merged into one struct, or one value when its parts are scalars |
//! | `unions.rs` | `oneOf`/`anyOf`, and how their options are told apart |
//! | `union_parts.rs` | `properties` or `allOf` beside `oneOf`/`anyOf`: each option merged with the common part |
//! | `operations.rs` | paths and operations, their path templates |
//! | `parameters.rs` | an operation's parameters |
//! | `bodies.rs` | request bodies, and the media type chosen for any body |
//! | `responses.rs` | responses and their documented headers |
//! | `servers.rs`, `security.rs` | `servers` and `components.securitySchemes` |
//!
//! Then passes over the finished [`Api`]: `recursion.rs` (aliases that
//! contain themselves become newtypes, fields that do are boxed),
//! `one_pass.rs` (how each union that can be is read in one pass),
//! `pagination.rs` (`x-pagination` checked against the types) and
//! `features.rs` (a cargo feature per tag, and what each one compiles).

mod all_of;
mod bodies;
pub(crate) mod features;
mod one_pass;
mod operations;
mod pagination;
mod parameters;
mod recursion;
mod responses;
mod schemas;
mod security;
mod servers;
mod union_parts;
mod unions;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use openapiv3::{Components, Header, OpenAPI, Parameter, ReferenceOr, RequestBody, Response as OaResponse, Schema};

use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::*;
use crate::naming::{reserved, Scope, TypeScope};
use crate::source::{escape_token, unescape_token};

pub(crate) use operations::path_item_operations_mut;

/// What lowering produced: the model, and warnings that did not stop it.
#[derive(Debug)]
pub(crate) struct Lowered {
    /// The model.
    pub api: Api,
    /// Warnings (ambiguous unions, ignored constructs).
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed document. `file` is used only in diagnostics;
/// `external` maps component schema keys to the Rust types that stand for
/// them (`codegen.toml`'s `[types]`): no model is lowered for those.
pub(crate) fn lower(doc: &OpenAPI, file: &Path, external: &HashMap<String, String>) -> Result<Lowered, Vec<Diagnostic>> {
    let mut cx = Lowerer::new(doc, file);
    cx.external = external.clone();
    cx.run();
    let features = cx.tag_features(doc);
    let mut types: Vec<TypeDef> = cx.types.into_values().collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    cx.operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: nonblank(&doc.info.description),
        servers: cx.servers,
        security_schemes: cx.security_schemes,
        types,
        operations: cx.operations,
        header_sets: cx.header_sets.into_values().collect(),
        features,
        gated_types: Default::default(),
        derives: Default::default(),
    };
    recursion::wrap_recursive_aliases(&mut api.types);
    recursion::box_recursion(&mut api.types);
    one_pass::plan_unions(&mut api.types);
    let mut errors = cx.errors;
    let (walk_errors, walk_warnings): (Vec<_>, Vec<_>) =
        pagination::resolve(&mut api, cx.paginated, &mut cx.client_scope, file).into_iter().partition(|d| d.severity == Severity::Error);
    errors.extend(walk_errors);
    cx.warnings.extend(walk_warnings);
    // After every operation's own method, as page walkers are.
    for op in &mut api.operations {
        if op.event_stream().is_some() {
            op.events_method = Some(cx.client_scope.claim(format!("{}_events", op.client_method)));
        }
        if op.byte_stream().is_some() {
            op.bytes_method = Some(cx.client_scope.claim(format!("{}_stream", op.client_method)));
        }
        if op.line_stream().is_some() {
            op.lines_method = Some(cx.client_scope.claim(format!("{}_stream", op.client_method)));
        }
    }
    api.gated_types = features::gate_types(&api);
    if errors.is_empty() {
        Ok(Lowered { api, warnings: cx.warnings })
    } else {
        errors.extend(cx.warnings);
        Err(errors)
    }
}

/// The walk over one document, and what it has lowered so far.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    file: &'a Path,
    /// Rust types that stand for component schemas, by schema key.
    external: HashMap<String, String>,
    /// Rust names of component schemas, by schema key.
    component_names: HashMap<String, String>,
    /// Rust names of inline schemas, by pointer.
    inline_names: HashMap<String, String>,
    /// `$ref` cycles already reported, as sets of component keys.
    reported_cycles: BTreeSet<BTreeSet<String>>,
    /// The type namespace of the generated `models` module.
    type_scope: TypeScope,
    /// The client builder's fields and setters: the first server's
    /// variables, then the keys.
    builder_scope: Scope,
    /// The client's methods: one per operation, then the page walkers.
    client_scope: Scope,
    /// Types lowered so far, by the pointer of the schema they come from.
    types: BTreeMap<String, TypeDef>,
    /// Whether each lowered type (by Rust name) is a string enum.
    type_kinds: HashMap<String, bool>,
    servers: Vec<Server>,
    security_schemes: Vec<SecurityScheme>,
    operations: Vec<Operation>,
    /// Header structs, by their Rust names.
    header_sets: BTreeMap<String, HeaderSet>,
    /// Header struct names, by the pointer of the response they come from.
    header_set_names: HashMap<String, String>,
    /// `allOf`s of scalars lowered to one value type, by pointer.
    scalar_all_ofs: BTreeMap<String, all_of::ScalarAllOf>,
    /// Operations with `x-pagination`, resolved once every type is lowered.
    paginated: Vec<pagination::Pending<'a>>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// A node found by following `$ref`s, with the pointer it was found at and,
/// when a `$ref` led there, the key of the component it is.
struct Resolved<'a, T> {
    item: &'a T,
    pointer: String,
    key: Option<&'a str>,
}

/// What can be the target of a `$ref`: an entry of one section of
/// `components`.
trait Component: Sized {
    /// The section's key in `components`.
    const SECTION: &'static str;
    /// What one entry is, for messages.
    const NOUN: &'static str;
    /// The section.
    fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>>;
}

macro_rules! component {
    ($ty:ty, $section:literal, $noun:literal, $field:ident) => {
        impl Component for $ty {
            const SECTION: &'static str = $section;
            const NOUN: &'static str = $noun;
            fn section(components: &Components) -> &indexmap::IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
        }
    };
}

component!(Schema, "schemas", "schema", schemas);
component!(Parameter, "parameters", "parameter", parameters);
component!(RequestBody, "requestBodies", "request body", request_bodies);
component!(OaResponse, "responses", "response", responses);
component!(Header, "headers", "header", headers);

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, file: &'a Path) -> Self {
        Self {
            doc,
            file,
            external: HashMap::new(),
            component_names: HashMap::new(),
            inline_names: HashMap::new(),
            reported_cycles: BTreeSet::new(),
            type_scope: TypeScope::new(),
            builder_scope: Scope::with_reserved(reserved::CLIENT_BUILDER.iter().copied()),
            client_scope: Scope::with_reserved(reserved::CLIENT.iter().copied()),
            types: BTreeMap::new(),
            type_kinds: HashMap::new(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            operations: Vec::new(),
            header_sets: BTreeMap::new(),
            header_set_names: HashMap::new(),
            scalar_all_ofs: BTreeMap::new(),
            paginated: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(self.file, pointer, message));
    }

    fn error_hint(&mut self, pointer: &str, message: impl Into<String>, hint: &str) {
        self.errors.push(Diagnostic::error(self.file, pointer, message).with_hint(hint));
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>, hint: Option<&str>) {
        let d = Diagnostic::warning(self.file, pointer, message);
        self.warnings.push(match hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        });
    }

    /// Claims `candidate` in `scope`; when the generated code uses it there
    /// itself, warns that `what` (``parameter `validate` ``) is renamed.
    fn claim(&mut self, scope: &mut Scope, candidate: String, pointer: &str, what: &str) -> String {
        let reserved = scope.reserves(&candidate);
        let name = scope.claim(candidate.clone());
        if reserved {
            self.warn(
                pointer,
                format!("{what} is generated as `{name}`: the generated code uses `{candidate}` there itself"),
                Some("rename it in the spec if the numbered name is not what you want"),
            );
        }
        name
    }

    /// The walk: servers and security first, then every component schema,
    /// then the operations (whose inline schemas are named after them).
    fn run(&mut self) {
        self.lower_servers();
        self.lower_security_schemes();
        self.lower_component_schemas();
        self.lower_operations();
        self.warn_unchecked_all_of_keywords();
    }

    // ----- `$ref`s ------------------------------------------------------------

    /// Follows `$ref`s from `item`, found at `pointer`, to a `T`. Reports a
    /// `$ref` that names nothing, and a chain of `$ref`s that comes back.
    fn resolve<T: Component>(&mut self, item: &'a ReferenceOr<T>, pointer: &str) -> Option<Resolved<'a, T>> {
        match item {
            ReferenceOr::Item(item) => Some(Resolved { item, pointer: pointer.to_owned(), key: None }),
            ReferenceOr::Reference { reference } => self.follow(reference, pointer),
        }
    }

    /// Follows a `$ref` (the one at `pointer`) and any `$ref`s it leads to.
    fn follow<T: Component>(&mut self, reference: &'a str, pointer: &str) -> Option<Resolved<'a, T>> {
        let mut reference = reference;
        let mut at = pointer.to_owned();
        let mut seen: Vec<&'a str> = Vec::new();
        loop {
            let (key, next) = self.component::<T>(reference, &at)?;
            if let Some(start) = seen.iter().position(|k| *k == key) {
                self.report_cycle::<T>(&seen[start..], seen.last().copied().unwrap_or(key), &at);
                return None;
            }
            seen.push(key);
            at = format!("/components/{}/{}", T::SECTION, escape_token(key));
            match next {
                ReferenceOr::Item(item) => return Some(Resolved { item, pointer: at, key: Some(key) }),
                ReferenceOr::Reference { reference: r } => reference = r,
            }
        }
    }

    /// Reports a chain of `$ref`s that comes back, once, wherever it is
    /// entered from; at the component where it closes (`closing`).
    fn report_cycle<T: Component>(&mut self, cycle: &[&str], closing: &str, at: &str) {
        if !self.reported_cycles.insert(cycle.iter().map(|k| (*k).to_owned()).collect()) {
            return;
        }
        let names: Vec<&str> =
            std::iter::once(closing).chain(cycle.iter().copied().take(cycle.len().saturating_sub(1))).chain([closing]).collect();
        self.error_hint(
            &format!("{at}/$ref"),
            format!("`$ref` cycle: {} never reaches a {}", names.join(" -> "), T::NOUN),
            &format!("each of these {}s is only a `$ref` to the next; make one of them a {}", T::NOUN, T::NOUN),
        );
    }

    /// The entry of `components` that one `$ref` (the one at `pointer`)
    /// names, with its key: the one place a `$ref` that names nothing is
    /// reported.
    fn component<T: Component>(&mut self, reference: &'a str, pointer: &str) -> Option<(&'a str, &'a ReferenceOr<T>)> {
        let prefix = format!("#/components/{}/", T::SECTION);
        let found = reference.strip_prefix(&prefix).and_then(|key| {
            let section = T::section(self.doc.components.as_ref()?);
            section.get_key_value(unescape_token(key).as_ref()).map(|(k, v)| (k.as_str(), v))
        });
        if found.is_none() {
            let message = if reference.starts_with(&prefix) {
                format!("`$ref: {reference}` points at a {} that does not exist", T::NOUN)
            } else {
                format!("`$ref: {reference}` does not point at a {} in components.{}", T::NOUN, T::SECTION)
            };
            self.error_hint(
                &format!("{pointer}/$ref"),
                message,
                &format!("check the spelling against the keys of components.{}", T::SECTION),
            );
        }
        found
    }
}

/// `x-env-name`: the environment variable a client reads a value from.
/// Datadog's specs put it on security schemes (`DD_API_KEY`); we also read it
/// on a server variable (`DD_SITE`), with the same meaning.
fn env_extension(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<String> {
    extensions.get("x-env-name").and_then(|v| v.as_str()).map(str::to_owned)
}

/// A description or title, unless it is empty or only white space (GitHub's
/// spec has `description: ""`): then the emitter's own words stand in.
pub(super) fn nonblank(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}
