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

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

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
    /// What the patch of a structural edit needs to know of the walk.
    pub record: Record,
}

/// What the patch of an edit inside one component schema (`patch.rs`)
/// needs to know of a walk, to lower that schema alone as the whole walk
/// would have.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Record {
    /// The Rust name of each component schema, by key, in spec order.
    pub component_names: Vec<(String, String)>,
    /// Every name claimed in the type namespace, in order.
    pub claims: Vec<Claim>,
    /// The component schemas some other part of the walk read beyond
    /// their surface (`allOf` parts merged, union options told apart,
    /// multipart parts): an edit of one of them can change other types.
    pub deep: BTreeSet<String>,
    /// The types that are string enums (what `type_kinds` says).
    pub string_enums: BTreeSet<String>,
    /// Where the `allOf`s of scalars lowered to one value are.
    pub scalar_all_ofs: BTreeSet<String>,
}

/// A name claimed in the type namespace.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Claim {
    pub candidate: String,
    pub name: String,
    /// Its module (file) name.
    pub module: String,
    /// The component schema whose lowering claimed it; `None` for the
    /// names of the components themselves and for the operations' types.
    pub owner: Option<String>,
}

/// One component schema lowered alone ([`lower_one`]).
#[derive(Debug)]
pub(crate) struct One {
    /// Its types (itself and the inline schemas named after it).
    pub types: Vec<TypeDef>,
    /// The names it claimed, in order.
    pub claims: Vec<Claim>,
    /// The other component schemas it read beyond their surface.
    pub deep: BTreeSet<String>,
    /// The schemas standing in for ones not parsed that it read: it must
    /// be lowered again with them.
    pub touched: BTreeSet<String>,
    /// No error, no warning, and nothing read that the walk alone holds.
    pub clean: bool,
}

/// The type namespace as the walk over the whole document left it, less
/// the names the component schema `key` claimed ([`seed`]).
pub(crate) struct Seeded(TypeScope);

/// [`Seeded`] for the component schema `key`.
pub(crate) fn seed(record: &Record, key: &str) -> Seeded {
    let mut scope = TypeScope::new();
    for claim in record.claims.iter().filter(|c| c.owner.as_deref() != Some(key)) {
        scope.take(&claim.name, &claim.module);
    }
    Seeded(scope)
}

/// Lowers the component schema `key` of `doc` alone, from what the walk
/// over the whole document recorded (`record`), as that walk would have.
/// The schemas in `stand_ins` are not the document's: reading one is
/// noted in [`One::touched`].
pub(crate) fn lower_one(doc: &OpenAPI, file: &Path, record: &Record, key: &str, stand_ins: &HashSet<String>, scope: &Seeded) -> One {
    let mut cx = Lowerer::new(doc, file);
    cx.component_names = record.component_names.iter().cloned().collect();
    let mut clean = true;
    cx.type_scope = scope.0.clone();
    cx.type_kinds = record.string_enums.iter().map(|name| (name.clone(), true)).collect();
    cx.alone = Some(Alone { stand_ins, scalar_all_ofs: &record.scalar_all_ofs, unclean: Cell::new(false) });
    let schema = doc.components.as_ref().and_then(|c| c.schemas.get_key_value(key));
    match schema {
        Some((key, schema)) if cx.component_names.contains_key(key.as_str()) => {
            cx.owner = Some(key);
            cx.lower_component(key, schema);
        }
        _ => clean = false,
    }
    let alone = cx.alone.take();
    let reads = cx.reads.take();
    One {
        types: cx.types.into_values().collect(),
        claims: reads.claims,
        deep: reads.deep,
        touched: reads.touched,
        clean: clean && cx.errors.is_empty() && cx.warnings.is_empty() && !alone.is_some_and(|a| a.unclean.get()),
    }
}

/// Lowers a parsed document. `file` is used only in diagnostics;
/// `external` maps component schema keys to the Rust types that stand for
/// them (`codegen.toml`'s `[types]`): no model is lowered for those.
pub(crate) fn lower(doc: &OpenAPI, file: &Path, external: &HashMap<String, String>) -> Result<Lowered, Vec<Diagnostic>> {
    // Each run names afresh, as a new process would (and a benchmark's
    // runs measure that).
    crate::naming::forget_names();
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
    let reads = cx.reads.take();
    let record = Record {
        component_names: doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .filter_map(|k| Some((k.clone(), cx.component_names.get(k)?.clone())))
            .collect(),
        claims: reads.claims,
        deep: reads.deep,
        string_enums: cx.type_kinds.iter().filter(|(_, e)| **e).map(|(n, _)| n.clone()).collect(),
        scalar_all_ofs: cx.scalar_all_ofs.keys().cloned().collect(),
    };
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
        Ok(Lowered { api, warnings: cx.warnings, record })
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
    /// The component schema being lowered (`None` before and after).
    owner: Option<&'a str>,
    /// How many regions that read schemas beyond their surface the walk
    /// is in (see [`Record::deep`]).
    depth: Rc<Cell<u32>>,
    /// What the walk read and claimed, for the [`Record`].
    reads: RefCell<Reads>,
    /// Set when one schema is lowered alone ([`lower_one`]).
    alone: Option<Alone<'a>>,
}

/// What a walk read and claimed (see [`Record`]).
#[derive(Debug, Default)]
struct Reads {
    claims: Vec<Claim>,
    deep: BTreeSet<String>,
    touched: BTreeSet<String>,
}

/// The state of a walk that lowers one schema alone.
struct Alone<'a> {
    stand_ins: &'a HashSet<String>,
    scalar_all_ofs: &'a BTreeSet<String>,
    /// Set when the walk read what only the whole walk holds.
    unclean: Cell<bool>,
}

/// While alive, the walk is in a region that reads schemas beyond their
/// surface ([`Lowerer::deep`]).
pub(super) struct Deep(Rc<Cell<u32>>);

impl Drop for Deep {
    fn drop(&mut self) {
        self.0.set(self.0.get() - 1);
    }
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
            owner: None,
            depth: Rc::new(Cell::new(0)),
            reads: RefCell::new(Reads::default()),
            alone: None,
        }
    }

    /// Enters a region that reads the schemas it reaches beyond their
    /// surface (what is not their `properties` or `required`): `allOf`
    /// merging, telling union options apart, multipart parts. Left when
    /// the value returned is dropped.
    pub(super) fn deep(&self) -> Deep {
        self.depth.set(self.depth.get() + 1);
        Deep(self.depth.clone())
    }

    /// Notes that the component schema `key` is read.
    fn note_read(&self, key: &str) {
        let mut reads = self.reads.borrow_mut();
        if self.depth.get() > 0 && self.owner != Some(key) {
            reads.deep.insert(key.to_owned());
        }
        if self.alone.as_ref().is_some_and(|a| a.stand_ins.contains(key)) {
            reads.touched.insert(key.to_owned());
        }
    }

    /// The component schema `key`, read (see [`Lowerer::note_read`]).
    pub(super) fn schema_entry(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        let doc: &'a OpenAPI = self.doc;
        let (key, schema) = doc.components.as_ref()?.schemas.get_key_value(key)?;
        self.note_read(key);
        Some(schema)
    }

    /// Claims `candidate` in the type namespace.
    pub(super) fn claim_type(&mut self, candidate: String) -> String {
        let (name, module) = self.type_scope.claim_with_module(candidate.clone());
        let owner = self.owner.map(str::to_owned);
        self.reads.get_mut().claims.push(Claim { candidate, name: name.clone(), module, owner });
        name
    }

    /// Notes a use of the `allOf` of scalars at `pointer`, which a schema
    /// lowered alone does not hold.
    pub(super) fn note_scalar_all_of(&self, pointer: &str, inserted: bool) {
        if let Some(alone) = &self.alone {
            if inserted || alone.scalar_all_ofs.contains(pointer) {
                alone.unclean.set(true);
            }
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
        if let (Some((key, _)), "schemas") = (found, T::SECTION) {
            self.note_read(key);
        }
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
