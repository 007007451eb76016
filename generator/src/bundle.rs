//! Specs split over several files, joined into one document.
//!
//! Every `$ref` into another file (`pet.yaml`, `common.yaml#/components/schemas/Error`)
//! and, inside such a file, every `$ref` into itself, is followed: the
//! schema, parameter, response or request body it points at is copied into
//! the root document's `components` and the `$ref` rewritten to point there.
//! Lowering then sees one document. A source map takes each diagnostic back
//! to the file, JSON pointer and `$ref` text it came from.
//!
//! Names: a copied schema is named after the last token of its pointer
//! (`#/components/schemas/Error` keeps `Error`) or, for a whole file, after
//! the file's stem (`schemas/pet.yaml` is `pet`, the type `Pet`); a root
//! component that is only a `$ref` to another file gives the copy its own
//! name. A copied schema whose Rust name another schema already has is an
//! error at the `$ref`, which says how to name it instead.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    StatusCode, Type,
};

use crate::diagnostics::{Diagnostic, Severity};
use crate::naming::{pascal_name, snake_name};
use crate::parse::Parsed;
use crate::shape::{innermost_error, path_to_pointer, scalar_key, strip_path_prefix, Node};
use crate::source::{escape_token, percent_decode, push_token, unescape_token, Location, SourceFile};
use crate::upgrade::{Dialect, Moves, Upgrader};

/// The root file's index among the files.
const ROOT: usize = 0;

/// How many nodes that are only a `$ref` are followed in a row (each one
/// deepens the recursion).
const MAX_CHAIN: usize = 64;

/// The sections of `components` a `$ref` can bring something into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Section {
    Schemas,
    Parameters,
    Responses,
    RequestBodies,
}

impl Section {
    /// Its key under `components`.
    fn key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Parameters => "parameters",
            Section::Responses => "responses",
            Section::RequestBodies => "requestBodies",
        }
    }

    /// The kind of node it holds, as the walks over the YAML tree know it.
    fn node(self) -> Node {
        match self {
            Section::Schemas => Node::Schema,
            Section::Parameters => Node::Parameter,
            Section::Responses => Node::Response,
            Section::RequestBodies => Node::RequestBody,
        }
    }

    /// What it holds, for messages.
    fn what(self) -> &'static str {
        match self {
            Section::Schemas => "schema",
            Section::Parameters => "parameter",
            Section::Responses => "response",
            Section::RequestBodies => "request body",
        }
    }
}

/// Something copied from another file (or another place).
enum Item {
    // Boxed: schemas and parameters are several times larger than the rest.
    Schema(Box<ReferenceOr<Schema>>),
    Parameter(Box<ReferenceOr<Parameter>>),
    Response(ReferenceOr<Response>),
    RequestBody(ReferenceOr<RequestBody>),
}

impl Item {
    /// The `$ref`, when that is all it is.
    fn reference(&self) -> Option<String> {
        fn of<T>(item: &ReferenceOr<T>) -> Option<String> {
            match item {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            }
        }
        match self {
            Item::Schema(s) => of(s),
            Item::Parameter(p) => of(p),
            Item::Response(r) => of(r),
            Item::RequestBody(r) => of(r),
        }
    }
}

/// What a `$ref` resolves to in the joined document.
#[derive(Clone, Debug)]
enum Resolved {
    /// A copy, by index.
    Target(usize),
    /// A component of the root, by key.
    Root(String),
}

/// A copy: where it came from and where it goes.
struct Target {
    section: Section,
    /// Its key in `components.<section>` of the joined document.
    key: String,
    file: usize,
    pointer: String,
    /// `None` while it is being walked.
    item: Option<Item>,
}

/// A place being walked: in which file, at which pointer there, and at which
/// pointer of the joined document.
#[derive(Clone)]
struct Pos {
    file: usize,
    pointer: String,
    joined: String,
}

impl Pos {
    /// The place of `token` below this one. The walk makes one for every
    /// node of the spec (half of bundling's time when it formatted both).
    fn child(&self, token: &str) -> Pos {
        let below = |base: &str| {
            let mut pointer = String::with_capacity(base.len() + 1 + token.len());
            pointer.push_str(base);
            pointer.push('/');
            push_token(&mut pointer, token);
            pointer
        };
        let pointer = below(&self.pointer);
        let joined = if self.joined == self.pointer { pointer.clone() } else { below(&self.joined) };
        Pos { file: self.file, pointer, joined }
    }
}

/// A file other than the root.
struct Loaded {
    source: SourceFile,
    /// Its YAML, or `None` when it does not parse (already reported).
    value: Option<serde_yaml::Value>,
}

/// The files of a spec and the map from the joined document back to them.
pub struct Bundle<'r> {
    root: &'r SourceFile,
    others: Vec<SourceFile>,
    /// `(joined-document prefix, file, pointer in that file)`, one per copy.
    map: Vec<(String, usize, String)>,
    /// The `$ref`s rewritten, by the joined-document pointer of their node:
    /// `(as rewritten, as written)`.
    originals: HashMap<String, (String, String)>,
    /// What rewriting a 3.1 document into the 3.0 shape moved, by file.
    moves: Vec<Moves>,
}

impl<'r> Bundle<'r> {
    /// A spec that is one file.
    pub fn single(root: &'r SourceFile) -> Self {
        Self { root, others: Vec::new(), map: Vec::new(), originals: HashMap::new(), moves: Vec::new() }
    }

    /// The file shown as `path`.
    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        std::iter::once(self.root).chain(&self.others).find(|s| s.path == path)
    }

    /// The files other than the root.
    pub fn others(&self) -> impl Iterator<Item = &SourceFile> {
        self.others.iter()
    }

    fn file(&self, index: usize) -> &SourceFile {
        match index.checked_sub(1).and_then(|i| self.others.get(i)) {
            Some(file) => file,
            None => self.root,
        }
    }

    /// Takes a diagnostic about the joined document back to the file it is
    /// about: its file, its pointer there (as written, before any 3.1
    /// rewriting), and `$ref`s as they are written.
    pub fn relocate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.file != self.root.path {
            return d;
        }
        let node = d.pointer.strip_suffix("/$ref").unwrap_or(&d.pointer);
        if let Some((rewritten, written)) = self.originals.get(node) {
            d.message = d.message.replace(&format!("`$ref: {rewritten}`"), &format!("`$ref: {written}`"));
        }
        let within = |prefix: &str| d.pointer == prefix || d.pointer.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
        let mut file = ROOT;
        if let Some((prefix, copied_from, pointer)) = self.map.iter().find(|(prefix, ..)| within(prefix)) {
            d.pointer = format!("{pointer}{}", &d.pointer[prefix.len()..]);
            file = *copied_from;
            d.file = self.file(file).path.clone();
        }
        if let Some(moves) = self.moves.get(file) {
            d.pointer = moves.original(&d.pointer);
        }
        d
    }
}

/// Follows every `$ref` into another file, and every `$ref` to a node of the
/// root that is not a component (`#/components/schemas/A/$defs/B`,
/// `#/paths/...`), and copies what it points at into the document's
/// `components`. Returns the files read, and the errors and warnings of the
/// front end: parsing's and its own (nothing is copied when there are errors).
pub fn bundle<'r>(parsed: &mut Parsed, root: &'r SourceFile) -> (Bundle<'r>, Vec<Diagnostic>) {
    let doc = &mut parsed.doc;
    let mut b = Bundler::new(doc, root, parsed.dialect, parsed.tree.take(), std::mem::take(&mut parsed.moves));
    b.produces = std::mem::take(&mut parsed.produces);
    // A 2.0 document's `$ref`s, quoted as written in messages like those bundling rewrites.
    b.originals = std::mem::take(&mut parsed.refs);
    b.walk_root(doc);
    while let Some(index) = b.queue.pop_front() {
        b.walk_target(index);
    }
    let Bundler { files, targets, mut errors, originals, moves, path_items, .. } = b;
    let mut map = path_items;
    if !errors.iter().any(|d| d.severity == Severity::Error) {
        let components = doc.components.get_or_insert_with(Default::default);
        for target in targets {
            map.push((format!("/components/{}/{}", target.section.key(), escape_token(&target.key)), target.file, target.pointer));
            // Every target is walked by now; a missing item would be a bug.
            let Some(item) = target.item else {
                errors.push(Diagnostic::error(&root.path, "", "internal error: a `$ref` target was not read"));
                continue;
            };
            // A root component that was only a `$ref` to this gets it in its place.
            match item {
                Item::Schema(s) => components.schemas.insert(target.key, *s).map(|_| ()),
                Item::Parameter(p) => components.parameters.insert(target.key, *p).map(|_| ()),
                Item::Response(r) => components.responses.insert(target.key, r).map(|_| ()),
                Item::RequestBody(r) => components.request_bodies.insert(target.key, r).map(|_| ()),
            };
        }
    }
    let others = files.into_iter().map(|f| f.source).collect();
    // The root's warnings first; once each (a node reached twice is
    // rewritten twice).
    let mut diagnostics = std::mem::take(&mut parsed.warnings);
    diagnostics.extend(errors);
    let mut seen = HashSet::new();
    diagnostics.retain(|d| seen.insert((d.file.clone(), d.pointer.clone(), d.message.clone())));
    (Bundle { root, others, map, originals, moves }, diagnostics)
}

struct Bundler<'r> {
    root: &'r SourceFile,
    /// The version the document is written in: other files are read as that.
    dialect: Dialect,
    /// A Swagger 2.0 document's `produces`: what a response in another file
    /// is served as.
    produces: Vec<String>,
    /// The root's YAML, read when a `$ref` points back into it (as parsing
    /// left it, when it was read as a tree).
    root_value: Option<serde_yaml::Value>,
    /// Whether `root_value` is the root rewritten into the 3.0 shape (whose
    /// moves are `moves[ROOT]`).
    root_rewritten: bool,
    /// What rewriting into the 3.0 shape moved, by file.
    moves: Vec<Moves>,
    root_canonical: Option<PathBuf>,
    /// Files 1.., in the order they were first referred to.
    files: Vec<Loaded>,
    by_path: HashMap<PathBuf, usize>,
    /// Files that could not be found (reported at the first `$ref` into them).
    unreadable: HashSet<PathBuf>,
    /// The keys of the root's own components, by section.
    root_keys: HashMap<Section, HashSet<String>>,
    /// Keys taken in each section, the root's and the copies'.
    taken: HashMap<Section, HashSet<String>>,
    /// Schemas by the module their Rust name gets, with who has it.
    schema_modules: HashMap<String, String>,
    targets: Vec<Target>,
    /// What each node reached so far resolves to, by file and pointer.
    by_origin: HashMap<(usize, String), Resolved>,
    /// The nodes that are only a `$ref`, being followed (to tell a cycle).
    following: Vec<(usize, String)>,
    queue: VecDeque<usize>,
    /// Path items read from other files: `(joined-document pointer, file,
    /// pointer in that file)`.
    path_items: Vec<(String, usize, String)>,
    originals: HashMap<String, (String, String)>,
    errors: Vec<Diagnostic>,
}

impl<'r> Bundler<'r> {
    fn new(doc: &OpenAPI, root: &'r SourceFile, dialect: Dialect, tree: Option<serde_yaml::Value>, moves: Moves) -> Self {
        let mut root_keys: HashMap<Section, HashSet<String>> = HashMap::new();
        let mut schema_modules = HashMap::new();
        if let Some(c) = &doc.components {
            root_keys.insert(Section::Schemas, c.schemas.keys().cloned().collect());
            root_keys.insert(Section::Parameters, c.parameters.keys().cloned().collect());
            root_keys.insert(Section::Responses, c.responses.keys().cloned().collect());
            root_keys.insert(Section::RequestBodies, c.request_bodies.keys().cloned().collect());
            for key in c.schemas.keys() {
                schema_modules.entry(snake_name(&pascal_name(key))).or_insert_with(|| format!("#/components/schemas/{key}"));
            }
        }
        Self {
            root,
            dialect,
            produces: Vec::new(),
            root_rewritten: tree.is_some(),
            root_value: tree,
            moves: vec![moves],
            root_canonical: root.disk_path.as_deref().and_then(|p| std::fs::canonicalize(p).ok()),
            files: Vec::new(),
            by_path: HashMap::new(),
            unreadable: HashSet::new(),
            taken: root_keys.clone(),
            root_keys,
            schema_modules,
            targets: Vec::new(),
            by_origin: HashMap::new(),
            following: Vec::new(),
            queue: VecDeque::new(),
            path_items: Vec::new(),
            originals: HashMap::new(),
            errors: Vec::new(),
        }
    }

    fn display(&self, file: usize) -> &Path {
        match file.checked_sub(1).and_then(|i| self.files.get(i)) {
            Some(f) => &f.source.path,
            None => &self.root.path,
        }
    }

    /// The pointer in `file` as written of the node now at `pointer` (as
    /// rewritten into the 3.0 shape).
    fn original(&self, file: usize, pointer: &str) -> String {
        match self.moves.get(file) {
            Some(moves) => moves.original(pointer),
            None => pointer.to_owned(),
        }
    }

    /// An error at `pointer` of `file` (as rewritten into the 3.0 shape).
    fn error(&mut self, file: usize, pointer: &str, message: String, hint: &str) {
        let pointer = self.original(file, pointer);
        let d = Diagnostic::error(self.display(file), &pointer, message).with_hint(hint);
        self.errors.push(d);
    }

    // ----- walking ------------------------------------------------------------

    fn walk_root(&mut self, doc: &mut OpenAPI) {
        let at = Pos { file: ROOT, pointer: String::new(), joined: String::new() };
        if let Some(c) = &mut doc.components {
            let components = at.child("components");
            // Root components that are only a `$ref` to another file first,
            // so that the copy takes their name wherever it is referred to.
            let mut aliases: HashSet<(Section, String)> = HashSet::new();
            self.aliases(&mut c.schemas, Section::Schemas, &components, &mut aliases);
            self.aliases(&mut c.parameters, Section::Parameters, &components, &mut aliases);
            self.aliases(&mut c.responses, Section::Responses, &components, &mut aliases);
            self.aliases(&mut c.request_bodies, Section::RequestBodies, &components, &mut aliases);
            let walk = |section: Section, key: &str| !aliases.contains(&(section, key.to_owned()));
            for (key, s) in c.schemas.iter_mut().filter(|(k, _)| walk(Section::Schemas, k)) {
                self.schema_ref(s, &components.child("schemas").child(key));
            }
            for (key, p) in c.parameters.iter_mut().filter(|(k, _)| walk(Section::Parameters, k)) {
                self.parameter_ref(p, &components.child("parameters").child(key));
            }
            for (key, r) in c.responses.iter_mut().filter(|(k, _)| walk(Section::Responses, k)) {
                self.response_ref(r, &components.child("responses").child(key));
            }
            for (key, r) in c.request_bodies.iter_mut().filter(|(k, _)| walk(Section::RequestBodies, k)) {
                self.request_body_ref(r, &components.child("requestBodies").child(key));
            }
        }
        let paths = at.child("paths");
        for (path, entry) in doc.paths.paths.iter_mut() {
            let here = paths.child(path);
            // A path item in another file (`/pets: {$ref: paths/pets.yaml}`,
            // how Redocly lays out a spec) or elsewhere in this one is read
            // into its place, its `$ref`s relative to its file. A `$ref` to
            // another path of this document is lowering's.
            if let ReferenceOr::Reference { reference } = entry {
                if reference.starts_with("#/paths/") {
                    continue;
                }
                let Some((item, from)) = self.path_item(reference, &here) else { continue };
                *entry = ReferenceOr::Item(item);
                self.path_items.push((here.joined.clone(), from.file, from.pointer.clone()));
                let ReferenceOr::Item(item) = entry else { continue };
                self.path_item_refs(item, &Pos { joined: here.joined, ..from });
                continue;
            }
            let ReferenceOr::Item(item) = entry else { continue };
            self.path_item_refs(item, &here);
        }
    }

    /// Follows the `$ref`s of a path item (`at` in its file).
    fn path_item_refs(&mut self, item: &mut openapiv3::PathItem, here: &Pos) {
        for (i, p) in item.parameters.iter_mut().enumerate() {
            self.parameter_ref(p, &here.child("parameters").child(&i.to_string()));
        }
        for (method, op) in crate::lower::path_item_operations_mut(item) {
            let Some(op) = op else { continue };
            let here = here.child(method.key());
            for (i, p) in op.parameters.iter_mut().enumerate() {
                self.parameter_ref(p, &here.child("parameters").child(&i.to_string()));
            }
            if let Some(body) = &mut op.request_body {
                self.request_body_ref(body, &here.child("requestBody"));
            }
            let responses = here.child("responses");
            for (status, r) in op.responses.responses.iter_mut() {
                let token = match status {
                    StatusCode::Code(code) => code.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                };
                self.response_ref(r, &responses.child(&token));
            }
            if let Some(r) = &mut op.responses.default {
                self.response_ref(r, &responses.child("default"));
            }
        }
    }

    /// The path item a root path's `$ref` points at (in another file, or
    /// outside `paths` in the root), in the 3.0 shape, and where it is (a
    /// chain of such `$ref`s followed to its end). `None` after reporting
    /// why there is none.
    fn path_item(&mut self, reference: &str, at: &Pos) -> Option<(openapiv3::PathItem, Pos)> {
        let mut reference = reference.to_owned();
        let mut at = at.clone();
        for _ in 0..MAX_CHAIN {
            let ref_at = format!("{}/$ref", at.pointer);
            if self.dialect == Dialect::V2_0 {
                self.error(
                    at.file,
                    &ref_at,
                    format!("`$ref: {reference}`: a path item in another file of a Swagger 2.0 document is not supported"),
                    "write the path item in the document, or convert the spec to OpenAPI 3",
                );
                return None;
            }
            let hint = "point at the path item's file (`paths/pets.yaml`), or at a node in it";
            let (file, pointer) = self.target_of(&reference, &at, hint)?;
            if file == ROOT && pointer.is_empty() {
                self.error(at.file, &ref_at, format!("`$ref: {reference}`: a path item cannot be the whole document"), hint);
                return None;
            }
            let Some(mut value) = self.value_at(file, &pointer) else {
                let shown = self.display(file).display().to_string();
                self.error(
                    at.file,
                    &ref_at,
                    format!("`$ref: {reference}` points at nothing: `{shown}` has no node `{pointer}`"),
                    "check the pointer after `#` against the file",
                );
                return None;
            };
            let here = Pos { file, pointer: pointer.clone(), joined: String::new() };
            if let Some(next) = value.get("$ref").and_then(serde_yaml::Value::as_str) {
                reference = next.to_owned();
                at = here;
                continue;
            }
            self.upgrade(file, &mut value, Node::PathItem, &pointer)?;
            // Read as `ReferenceOr` as the root's path items are: its
            // buffering takes `200:`, an integer key, as a status.
            return match read::<ReferenceOr<openapiv3::PathItem>>(value, Node::PathItem) {
                Ok(ReferenceOr::Item(item)) => Some((item, here)),
                Ok(ReferenceOr::Reference { .. }) => None,
                Err((path, message)) => {
                    self.error(
                        file,
                        &format!("{pointer}{path}"),
                        format!("not a valid path item: {message}"),
                        &format!("this is what a `$ref` points at; check it against the OpenAPI {} specification", self.dialect.label()),
                    );
                    None
                }
            };
        }
        self.error(
            at.file,
            &format!("{}/$ref", at.pointer),
            format!("more than {MAX_CHAIN} `$ref`s in a row, each only a `$ref` to the next"),
            "refer to the end of the chain directly",
        );
        None
    }

    /// The entries of a root `components` section that are only a `$ref`
    /// into another file, added to `done`.
    fn aliases<T>(
        &mut self,
        entries: &mut indexmap::IndexMap<String, ReferenceOr<T>>,
        section: Section,
        components: &Pos,
        done: &mut HashSet<(Section, String)>,
    ) {
        let here = components.child(section.key());
        for (key, entry) in entries.iter_mut() {
            let ReferenceOr::Reference { reference } = entry else { continue };
            if reference.starts_with('#') {
                continue;
            }
            self.alias(reference, section, &here.child(key), key);
            done.insert((section, key.clone()));
        }
    }

    fn walk_target(&mut self, index: usize) {
        let Some(target) = self.targets.get_mut(index) else { return };
        let Some(mut item) = target.item.take() else { return };
        let at = Pos {
            file: target.file,
            pointer: target.pointer.clone(),
            joined: format!("/components/{}/{}", target.section.key(), escape_token(&target.key)),
        };
        match &mut item {
            Item::Schema(s) => self.schema_ref(s, &at),
            Item::Parameter(p) => self.parameter_ref(p, &at),
            Item::Response(r) => self.response_ref(r, &at),
            Item::RequestBody(r) => self.request_body_ref(r, &at),
        }
        if let Some(target) = self.targets.get_mut(index) {
            target.item = Some(item);
        }
    }

    fn schema_ref(&mut self, s: &mut ReferenceOr<Schema>, at: &Pos) {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, Section::Schemas, at),
            ReferenceOr::Item(s) => self.schema(s, at),
        }
    }

    fn boxed_schema_ref(&mut self, s: &mut ReferenceOr<Box<Schema>>, at: &Pos) {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference, Section::Schemas, at),
            ReferenceOr::Item(s) => self.schema(s, at),
        }
    }

    fn schema(&mut self, s: &mut Schema, at: &Pos) {
        // An `allOf` part's `enum` narrows the other parts' type, which
        // lowering reads as it is.
        let all_of_part = at.pointer.rsplit('/').nth(1) == Some("allOf");
        if let Some(kinds) = if all_of_part { None } else { type_bare_enum(s) } {
            let pointer = self.original(at.file, &at.pointer);
            let d = Diagnostic::warning(
                self.display(at.file),
                &format!("{pointer}/enum"),
                format!("`enum` without `type` lists values of several JSON types ({}): generated as any JSON value", kinds.join(", ")),
            )
            .with_hint("give the schema a `type`, or write the values' types as `oneOf` options");
            self.errors.push(d);
        }
        if let Some(d) = &mut s.schema_data.discriminator {
            let mapping = at.child("discriminator").child("mapping");
            for (value, target) in d.mapping.iter_mut() {
                // A mapping value is a schema name or a `$ref`; a name in
                // another file names a schema of that file.
                let here = mapping.child(value);
                let lower = target.to_ascii_lowercase();
                let is_ref = target.contains(['#', '/']) || [".yaml", ".yml", ".json"].iter().any(|ext| lower.ends_with(ext));
                if is_ref {
                    self.reference(target, Section::Schemas, &here);
                } else if at.file != ROOT {
                    let mut reference = format!("#/components/schemas/{}", escape_token(target));
                    self.reference(&mut reference, Section::Schemas, &here);
                    *target = reference;
                }
            }
        }
        let list = |me: &mut Self, list: &mut Vec<ReferenceOr<Schema>>, key: &str| {
            let here = at.child(key);
            for (i, s) in list.iter_mut().enumerate() {
                me.schema_ref(s, &here.child(&i.to_string()));
            }
        };
        match &mut s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.properties(&mut o.properties, at);
                self.additional(&mut o.additional_properties, at);
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &mut a.items {
                    self.boxed_schema_ref(items, &at.child("items"));
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => list(self, one_of, "oneOf"),
            SchemaKind::AllOf { all_of } => list(self, all_of, "allOf"),
            SchemaKind::AnyOf { any_of } => list(self, any_of, "anyOf"),
            SchemaKind::Not { not } => self.schema_ref(not, &at.child("not")),
            SchemaKind::Any(any) => {
                self.properties(&mut any.properties, at);
                self.additional(&mut any.additional_properties, at);
                if let Some(items) = &mut any.items {
                    self.boxed_schema_ref(items, &at.child("items"));
                }
                list(self, &mut any.one_of, "oneOf");
                list(self, &mut any.all_of, "allOf");
                list(self, &mut any.any_of, "anyOf");
                if let Some(not) = &mut any.not {
                    self.schema_ref(not, &at.child("not"));
                }
            }
        }
    }

    fn properties(&mut self, properties: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>, at: &Pos) {
        let here = at.child("properties");
        for (name, s) in properties.iter_mut() {
            self.boxed_schema_ref(s, &here.child(name));
        }
    }

    fn additional(&mut self, additional: &mut Option<AdditionalProperties>, at: &Pos) {
        if let Some(AdditionalProperties::Schema(s)) = additional {
            self.schema_ref(s, &at.child("additionalProperties"));
        }
    }

    fn content(&mut self, content: &mut indexmap::IndexMap<String, MediaType>, at: &Pos) {
        let here = at.child("content");
        for (media_type, media) in content.iter_mut() {
            if let Some(s) = &mut media.schema {
                self.schema_ref(s, &here.child(media_type).child("schema"));
            }
        }
    }

    fn parameter_ref(&mut self, p: &mut ReferenceOr<Parameter>, at: &Pos) {
        let p = match p {
            ReferenceOr::Reference { reference } => return self.reference(reference, Section::Parameters, at),
            ReferenceOr::Item(p) => p,
        };
        let data = match p {
            Parameter::Query { parameter_data, .. }
            | Parameter::Header { parameter_data, .. }
            | Parameter::Path { parameter_data, .. }
            | Parameter::Cookie { parameter_data, .. } => parameter_data,
        };
        match &mut data.format {
            ParameterSchemaOrContent::Schema(s) => self.schema_ref(s, &at.child("schema")),
            ParameterSchemaOrContent::Content(content) => self.content(content, at),
        }
    }

    fn request_body_ref(&mut self, r: &mut ReferenceOr<RequestBody>, at: &Pos) {
        match r {
            ReferenceOr::Reference { reference } => self.reference(reference, Section::RequestBodies, at),
            ReferenceOr::Item(body) => self.content(&mut body.content, at),
        }
    }

    fn response_ref(&mut self, r: &mut ReferenceOr<Response>, at: &Pos) {
        match r {
            ReferenceOr::Reference { reference } => self.reference(reference, Section::Responses, at),
            ReferenceOr::Item(response) => self.content(&mut response.content, at),
        }
    }

    // ----- references ---------------------------------------------------------

    /// A `$ref` met while walking: one in the root to a component of the
    /// root is left to lowering; any other is followed and rewritten to the
    /// copy.
    fn reference(&mut self, reference: &mut String, section: Section, at: &Pos) {
        if at.file == ROOT && is_component_ref(reference) {
            return;
        }
        if let Some(resolved) = self.follow(reference, section, at, None) {
            self.rewrite(reference, &resolved, section, at);
        }
    }

    /// A root component that is only a `$ref` into another file: the copy
    /// takes its name and its place, unless it already has a name.
    fn alias(&mut self, reference: &mut String, section: Section, at: &Pos, key: &str) {
        match self.follow(reference, section, at, Some(key)) {
            Some(Resolved::Target(index)) if self.targets.get(index).is_some_and(|t| t.key == key) => {}
            Some(resolved) => self.rewrite(reference, &resolved, section, at),
            None => {}
        }
    }

    fn rewrite(&mut self, reference: &mut String, resolved: &Resolved, section: Section, at: &Pos) {
        let key = match resolved {
            Resolved::Target(index) => self.targets.get(*index).map(|t| t.key.as_str()).unwrap_or_default(),
            Resolved::Root(key) => key.as_str(),
        };
        let rewritten = format!("#/components/{}/{}", section.key(), escape_token(key));
        self.originals.insert(at.joined.clone(), (rewritten.clone(), std::mem::take(reference)));
        *reference = rewritten;
    }

    /// Resolves `reference`, written at `at`, to a component of the joined
    /// document, copying its target (under `name`, or a name of its own) the
    /// first time. `None` after reporting why there is none.
    fn follow(&mut self, reference: &str, section: Section, at: &Pos, name: Option<&str>) -> Option<Resolved> {
        let ref_at = format!("{}/$ref", at.pointer);
        let (file, pointer) = self.target_of(reference, at, "write it as `file.yaml#/components/schemas/Name`, or the file alone")?;
        // Back into the root's own components: nothing to copy.
        if file == ROOT {
            if let Some(key) = component_key(&pointer, section) {
                if self.root_keys.get(&section).is_some_and(|keys| keys.contains(&key)) {
                    return Some(Resolved::Root(key));
                }
            }
        }
        let resolved = match self.by_origin.get(&(file, pointer.clone())) {
            Some(resolved) => resolved.clone(),
            None => self.add_target(file, pointer, section, name, at.file, &ref_at, reference)?,
        };
        if let Resolved::Target(index) = resolved {
            let other = self.targets.get(index)?.section;
            if other != section {
                self.error(
                    at.file,
                    &ref_at,
                    format!("`$ref: {reference}` is used here as a {} but elsewhere as a {}", section.what(), other.what()),
                    "a node can be one thing only; check the pointer",
                );
                return None;
            }
        }
        Some(resolved)
    }

    /// Rewrites `value`, the `kind` at `pointer` of `file`, into the 3.0
    /// shape: a node of another file here, the root's when it was parsed.
    /// `None` when that is an error (reported).
    fn upgrade(&mut self, file: usize, value: &mut serde_yaml::Value, kind: Node, pointer: &str) -> Option<()> {
        if file == ROOT {
            return Some(());
        }
        let path = self.display(file).to_owned();
        let mut upgrader = Upgrader::new(self.dialect, &path);
        upgrader.produces.clone_from(&self.produces);
        upgrader.node(value, kind, pointer);
        let Upgrader { moves, diagnostics, .. } = upgrader;
        if let Some(known) = self.moves.get_mut(file) {
            known.extend(moves);
        }
        let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
        self.errors.extend(diagnostics);
        (!failed).then_some(())
    }

    /// The file and the pointer there that `reference`, written at `at`,
    /// points at: in the root, the pointer as rewritten into the 3.0 shape
    /// (the `$ref` says it as written). `None` after reporting why there is
    /// none (`hint` says how to write one).
    fn target_of(&mut self, reference: &str, at: &Pos, hint: &str) -> Option<(usize, String)> {
        let ref_at = format!("{}/$ref", at.pointer);
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if path.is_empty() { at.file } else { self.load(path, at.file, &ref_at, reference)? };
        let Some(pointer) = fragment_pointer(fragment) else {
            self.error(at.file, &ref_at, format!("`$ref: {reference}`: the part after `#` is not a JSON pointer"), hint);
            return None;
        };
        let pointer = match self.moves.get(ROOT) {
            Some(moves) if file == ROOT && self.root_rewritten => moves.rewritten(&pointer),
            _ => pointer,
        };
        Some((file, pointer))
    }

    /// Reads the node at `pointer` of `file` as a `section` item, names it
    /// and queues it to be walked; a node that is only a `$ref` is followed
    /// instead (a chain of them resolves to its end, and one that comes back
    /// is an error). `from`/`ref_at` is the `$ref` that led here.
    #[allow(clippy::too_many_arguments)]
    fn add_target(
        &mut self,
        file: usize,
        pointer: String,
        section: Section,
        name: Option<&str>,
        from: usize,
        ref_at: &str,
        reference: &str,
    ) -> Option<Resolved> {
        if let Some(start) = self.following.iter().position(|(f, p)| *f == file && *p == pointer) {
            let (first_file, first_pointer) = self.following.get(start).cloned()?;
            let chain: Vec<String> = self.following[start..]
                .iter()
                .chain([&(file, pointer.clone())])
                .map(|(f, p)| {
                    let shown = self.display(*f).display();
                    if p.is_empty() {
                        format!("`{shown}`")
                    } else {
                        format!("`{shown}#{p}`")
                    }
                })
                .collect();
            self.error(
                first_file,
                &format!("{first_pointer}/$ref"),
                format!("`$ref` cycle: {} never reaches a {}", chain.join(" -> "), section.what()),
                &format!("each of these is only a `$ref` to the next; make one of them a {}", section.what()),
            );
            return None;
        }
        let found = match self.value_at(file, &pointer) {
            Some(value) => Some((value, pointer.clone())),
            None => self.through_refs(file, &pointer).and_then(|p| Some((self.value_at(file, &p)?, p))),
        };
        let Some((value, pointer)) = found else {
            let shown = self.display(file).display().to_string();
            self.error(
                from,
                ref_at,
                format!("`$ref: {reference}` points at nothing: `{shown}` has no node `{pointer}`"),
                "check the pointer after `#` against the file",
            );
            return None;
        };
        let mut value = value;
        self.upgrade(file, &mut value, section.node(), &pointer)?;
        let item = match section {
            Section::Schemas => read(value, Node::Schema).map(|s| Item::Schema(Box::new(s))),
            Section::Parameters => read(value, Node::Parameter).map(|p| Item::Parameter(Box::new(p))),
            Section::Responses => read(value, Node::Response).map(Item::Response),
            Section::RequestBodies => read(value, Node::RequestBody).map(Item::RequestBody),
        };
        let item = match item {
            Ok(item) => item,
            Err((path, message)) => {
                self.error(
                    file,
                    &format!("{pointer}{path}"),
                    format!("not a valid {}: {message}", section.what()),
                    &format!("this is what a `$ref` points at; check it against the OpenAPI {} specification", self.dialect.label()),
                );
                return None;
            }
        };
        if let Some(next) = item.reference() {
            if self.following.len() >= MAX_CHAIN {
                self.error(
                    file,
                    &format!("{pointer}/$ref"),
                    format!("more than {MAX_CHAIN} `$ref`s in a row, each only a `$ref` to the next"),
                    "refer to the end of the chain directly",
                );
                return None;
            }
            let at = Pos { file, pointer: pointer.clone(), joined: String::new() };
            self.following.push((file, pointer.clone()));
            let resolved = self.follow(&next, section, &at, name);
            self.following.pop();
            let resolved = resolved?;
            self.by_origin.insert((file, pointer), resolved.clone());
            return Some(resolved);
        }
        let key = match name {
            Some(name) => name.to_owned(),
            None => self.mint(file, &pointer, section, from, ref_at, reference)?,
        };
        let index = self.targets.len();
        self.targets.push(Target { section, key, file, pointer: pointer.clone(), item: Some(item) });
        self.by_origin.insert((file, pointer), Resolved::Target(index));
        self.queue.push_back(index);
        Some(Resolved::Target(index))
    }

    /// The key of a copy: the last token of its pointer, or the file's stem.
    /// A schema must not take the Rust name (or module) of another.
    fn mint(&mut self, file: usize, pointer: &str, section: Section, from: usize, ref_at: &str, reference: &str) -> Option<String> {
        let last = pointer.rsplit('/').next().map(unescape_token).filter(|t| !t.is_empty());
        let natural = match last {
            Some(token) => token.into_owned(),
            None => self.display(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        };
        let taken = self.taken.entry(section).or_default();
        if section != Section::Schemas {
            // Keys outside `schemas` name nothing in Rust: any free one will do.
            let mut key = natural.clone();
            let mut n = 2;
            while taken.contains(&key) {
                key = format!("{natural}_{n}");
                n += 1;
            }
            taken.insert(key.clone());
            return Some(key);
        }
        // A name another schema has: longer ones from the pointer
        // (`CreateCompletionRequest/properties/model` -> `CreateCompletionRequestModel`),
        // then numbered, with a warning naming the choice.
        let free = |modules: &HashMap<String, String>, name: &str| !modules.contains_key(&snake_name(&pascal_name(name)));
        let mut key = natural.clone();
        if !free(&self.schema_modules, &natural) {
            let owner = self.schema_modules[&snake_name(&pascal_name(&natural))].clone();
            // From another file: first its stem (`common.yaml` -> `CommonError`).
            let stem =
                (file != ROOT).then(|| self.display(file).file_stem().map(|s| format!("{}_{natural}", s.to_string_lossy()))).flatten();
            let longer = stem.into_iter().chain(longer_names(pointer, &natural));
            let numbered = (2..).map(|n| format!("{natural}{n}"));
            key = longer.into_iter().chain(numbered).find(|k| free(&self.schema_modules, k)).unwrap_or_default();
            let (name, taken) = (pascal_name(&key), pascal_name(&natural));
            let pointer_shown = self.original(from, ref_at);
            let d = Diagnostic::warning(self.display(from), &pointer_shown, format!("`$ref: {reference}` brings in a schema generated as `{name}`: `{taken}` is the name of `{owner}`"))
                .with_hint(format!("to choose the name, give it one in the root document (`components: schemas: OtherName: {{$ref: \"{reference}\"}}`) and refer to that"));
            self.errors.push(d);
        }
        let module = snake_name(&pascal_name(&key));
        let natural = key;
        let shown = format!("{}#{pointer}", self.display(file).display());
        self.schema_modules.insert(module, shown);
        self.taken.entry(section).or_default().insert(natural.clone());
        Some(natural)
    }

    // ----- files ----------------------------------------------------------------

    /// The index of the file `path` (relative to file `from`), reading it the
    /// first time. `None` after reporting why it cannot be read.
    fn load(&mut self, path: &str, from: usize, ref_at: &str, reference: &str) -> Option<usize> {
        let path = percent_decode(path);
        if path.contains("://") || path.starts_with('/') || Path::new(&path).is_absolute() {
            self.error(
                from,
                ref_at,
                format!("`$ref: {reference}`: only relative file references are supported"),
                "write the path relative to the file that holds the `$ref`",
            );
            return None;
        }
        let from_disk = match from.checked_sub(1).and_then(|i| self.files.get(i)) {
            Some(f) => f.source.disk_path.clone(),
            None => self.root.disk_path.clone(),
        };
        let Some(from_disk) = from_disk else {
            self.error(
                from,
                ref_at,
                format!("`$ref: {reference}` refers to another file, but this spec was not read from a file"),
                "generate from the spec's path, so that relative references can be followed",
            );
            return None;
        };
        let disk = from_disk.parent().unwrap_or(Path::new("")).join(&path);
        let display = normalize(&self.display(from).parent().unwrap_or(Path::new("")).join(&path));
        if self.unreadable.contains(&display) {
            return None;
        }
        let canonical = match std::fs::canonicalize(&disk) {
            Ok(c) => c,
            Err(e) => {
                // Once per file, however many `$ref`s point into it.
                self.unreadable.insert(display.clone());
                self.error(
                    from,
                    ref_at,
                    format!("`$ref: {reference}`: cannot read `{}`: {e}", display.display()),
                    "the path is relative to the file that holds the `$ref`",
                );
                return None;
            }
        };
        if self.root_canonical.as_ref() == Some(&canonical) {
            return Some(ROOT);
        }
        if let Some(&index) = self.by_path.get(&canonical) {
            // A file that did not parse was reported once; its `$ref`s fail quietly.
            return self.files.get(index.checked_sub(1)?)?.value.is_some().then_some(index);
        }
        let text = match std::fs::read_to_string(&disk) {
            Ok(text) => text,
            Err(e) => {
                self.error(from, ref_at, format!("`$ref: {reference}`: cannot read `{}`: {e}", display.display()), "check the file");
                return None;
            }
        };
        let source = SourceFile::new(display, text).with_disk_path(disk);
        let value = match crate::parse::tree(&source.text) {
            Ok(value) => Some(value),
            Err(e) => {
                let mut d = Diagnostic::error(&source.path, "", format!("not valid YAML or JSON: {}", strip_path_prefix(&e.to_string())))
                    .with_hint("this file is read because a `$ref` points into it");
                d.location = e.location().map(|l| Location { line: l.line(), column: l.column() });
                self.errors.push(d);
                None
            }
        };
        let parsed = value.is_some();
        self.files.push(Loaded { source, value });
        self.moves.push(Moves::default());
        let index = self.files.len();
        self.by_path.insert(canonical, index);
        parsed.then_some(index)
    }

    /// The tree of `file`.
    fn tree_of(&mut self, file: usize) -> Option<&serde_yaml::Value> {
        if file == ROOT {
            if self.root_value.is_none() {
                self.root_value = crate::parse::tree(&self.root.text).ok();
            }
            self.root_value.as_ref()
        } else {
            self.files.get(file.checked_sub(1)?)?.value.as_ref()
        }
    }

    /// A copy of the node at `pointer` in `file`.
    fn value_at(&mut self, file: usize, pointer: &str) -> Option<serde_yaml::Value> {
        let mut node = self.tree_of(file)?;
        for token in pointer.split('/').skip(1) {
            node = node_child(node, &unescape_token(token))?;
        }
        Some(node.clone())
    }

    /// `pointer`, which names no node of `file`, with the `$ref`s it passes
    /// through followed: Codat's `#/paths/.../properties/logo/properties/full`,
    /// where `logo` is a `$ref` to a schema that has `full`. JSON Pointer
    /// itself does not follow `$ref`s, but such a pointer means one thing,
    /// and other tools (swagger-parser, Redocly) read it so. Only `$ref`s
    /// within the file are followed, at most [`MAX_HOPS`] of them.
    fn through_refs(&mut self, file: usize, pointer: &str) -> Option<String> {
        const MAX_HOPS: usize = 16;
        let mut current = pointer.to_owned();
        for _ in 0..MAX_HOPS {
            let tree = self.tree_of(file)?;
            let tokens: Vec<&str> = current.split('/').skip(1).collect();
            let mut node = tree;
            let mut rewritten = None;
            for (i, token) in tokens.iter().enumerate() {
                match node_child(node, &unescape_token(token)) {
                    Some(next) => node = next,
                    None => {
                        let reference = node.get("$ref")?.as_str()?;
                        let target = fragment_pointer(reference.strip_prefix('#')?)?;
                        rewritten = Some(format!("{target}/{}", tokens[i..].join("/")));
                        break;
                    }
                }
            }
            match rewritten {
                Some(p) => current = p,
                None => return (current != pointer).then_some(current),
            }
        }
        None
    }
}

/// The child of a mapping (by key) or sequence (by index) named `token`.
fn node_child<'v>(node: &'v serde_yaml::Value, token: &str) -> Option<&'v serde_yaml::Value> {
    match node {
        serde_yaml::Value::Mapping(map) => map.iter().find(|(k, _)| scalar_key(k).as_deref() == Some(token)).map(|(_, v)| v),
        serde_yaml::Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
        serde_yaml::Value::Tagged(tagged) => match &tagged.value {
            serde_yaml::Value::Mapping(_) => node_child(&tagged.value, token),
            _ => None,
        },
        _ => None,
    }
}

/// A schema that lists `enum` values but no `type` and nothing else that
/// shapes a value (JSON Schema allows it, and hand-written specs write
/// `enum: [asc, desc]`) gets the type its values share, as if written:
/// strings make a string enum, integers an integer, integers and other
/// numbers a number, booleans a boolean, and a `null` among them makes it
/// `nullable`. Values of several types stay any JSON value; their types
/// are returned, for the warning that says so.
fn type_bare_enum(s: &mut Schema) -> Option<Vec<&'static str>> {
    let SchemaKind::Any(any) = &s.schema_kind else { return None };
    let shapeless = any.typ.is_none()
        && any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none();
    if !shapeless || any.enumeration.is_empty() {
        return None;
    }
    let mut kinds: Vec<&'static str> = any
        .enumeration
        .iter()
        .filter_map(|v| match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(_) => Some("string"),
            serde_json::Value::Bool(_) => Some("boolean"),
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
            serde_json::Value::Number(_) => Some("number"),
            serde_json::Value::Array(_) => Some("array"),
            serde_json::Value::Object(_) => Some("object"),
        })
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    let typ = match kinds.as_slice() {
        // `enum: [null]`: nullability, which lowering reads as it is.
        [] => return None,
        [typ @ ("string" | "integer" | "number" | "boolean")] => *typ,
        ["integer", "number"] => "number",
        _ => return Some(kinds),
    };
    let nullable = any.enumeration.iter().any(serde_json::Value::is_null);
    let mut value = serde_json::to_value(&*s).ok()?;
    value["type"] = typ.into();
    if nullable {
        value["nullable"] = true.into();
    }
    *s = serde_json::from_value(value).ok()?;
    None
}

/// Reads a node (a `node`) as `T`; on failure, the pointer of the innermost
/// node at fault below it, and the message.
fn read<T: serde::de::DeserializeOwned>(value: serde_yaml::Value, node: Node) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(&value).map_err(|e| {
        innermost_error(&value, node, "").unwrap_or_else(|| (path_to_pointer(e.path()), strip_path_prefix(&e.into_inner().to_string())))
    })
}

/// Whether a `$ref` is `#/components/<section>/<key>`: a component of the
/// document it is in, which lowering resolves.
fn is_component_ref(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix("#/components/") else { return false };
    let mut tokens = pointer.split('/');
    matches!((tokens.next(), tokens.next(), tokens.next()), (Some(_), Some(_), None))
}

/// The key of `#/components/<section>/<key>`.
fn component_key(pointer: &str, section: Section) -> Option<String> {
    let key = pointer.strip_prefix("/components/")?.strip_prefix(section.key())?.strip_prefix('/')?;
    (!key.contains('/')).then(|| unescape_token(key).into_owned())
}

/// The JSON pointer a URI fragment spells (`` or `/a/b`, percent-decoded).
fn fragment_pointer(fragment: &str) -> Option<String> {
    let pointer = percent_decode(fragment);
    (pointer.is_empty() || pointer.starts_with('/')).then_some(pointer)
}

/// `a/./b/../c` as `a/c`, without touching the file system (for display).
fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.iter().collect()
}

/// Names for a copy whose own name is taken, each with one more of the
/// pointer's meaningful tokens in front (`CreateCompletionRequest`,
/// then ...), skipping the keywords of the document's structure.
fn longer_names(pointer: &str, natural: &str) -> Vec<String> {
    const STRUCTURE: &[&str] = &[
        "components",
        "schemas",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "content",
        "schema",
        "paths",
        "parameters",
        "requestBody",
        "responses",
        "headers",
        "definitions",
        "$defs",
        "prefixItems",
    ];
    let mut tokens: Vec<String> = pointer.split('/').skip(1).map(|t| unescape_token(t).into_owned()).collect();
    tokens.pop();
    let meaningful =
        tokens.into_iter().rev().filter(|t| !STRUCTURE.contains(&t.as_str()) && !t.contains('/') && t.parse::<usize>().is_err());
    let mut names = Vec::new();
    let mut name = natural.to_owned();
    for token in meaningful {
        name = format!("{token}_{name}");
        names.push(name.clone());
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_without_dots() {
        assert_eq!(normalize(Path::new("specs/schemas/../common.yaml")), PathBuf::from("specs/common.yaml"));
        assert_eq!(normalize(Path::new("./a/./b.yaml")), PathBuf::from("a/b.yaml"));
        assert_eq!(normalize(Path::new("../x.yaml")), PathBuf::from("../x.yaml"));
    }

    #[test]
    fn fragments_are_pointers() {
        assert_eq!(fragment_pointer(""), Some(String::new()));
        assert_eq!(fragment_pointer("/components/schemas/Pet%20Store"), Some("/components/schemas/Pet Store".into()));
        assert_eq!(fragment_pointer("Pet"), None);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%e2%82%ac"), "€");
    }

    #[test]
    fn component_keys_are_read_back() {
        assert_eq!(component_key("/components/schemas/a~1b", Section::Schemas), Some("a/b".into()));
        assert_eq!(component_key("/components/schemas/A/properties/x", Section::Schemas), None);
        assert_eq!(component_key("/components/responses/A", Section::Schemas), None);
        assert!(is_component_ref("#/components/schemas/A"));
        assert!(!is_component_ref("#/components/schemas/A/$defs/B"));
        assert!(!is_component_ref("#/paths/~1a/get/responses/200/content/application~1json/schema"));
        assert!(!is_component_ref("other.yaml#/components/schemas/A"));
    }
}
