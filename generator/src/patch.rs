//! A description edit patched into the last run, without parsing the spec
//! or lowering it again (and, in [`structure`], an edit inside one
//! component schema).
//!
//! Lowering never looks into a schema's description: it copies it into
//! the model's docs (alone, or after the schema's title), and asks only
//! whether there is one that is not blank. So generation gives lowering
//! each non-blank description of a component schema (and of the schemas
//! inside it) as a placeholder, `\u{e000}N\u{e001}` for the Nth, and puts
//! the texts in afterwards ([`substitute`]). The model lowered with
//! placeholders is kept with the run (`cache.rs`): after an edit that
//! changes the text of one such description and nothing else, the model
//! of the new spec is that model with the new text put in, and only the
//! files that can show the description are built again.
//!
//! Every step checks, and any doubt means the usual generation:
//!
//! - The edit: the old and new texts differ in one range, inside the value
//!   of one `description` key that a placeholder came from ([`edited`]).
//!   The value is read again, in the old text and in the new one, alone,
//!   as YAML or JSON: the old must read as the text lowering saw, the new
//!   as a string that is not blank, ending where the old one ended (plus
//!   the length the edit added). Nothing outside the value changed, so the
//!   document reads the same but for that string.
//! - The spec: one file (no `$ref` into another), with no U+E000 or
//!   U+E001 anywhere (placeholders could not be told from its text), and
//!   the edit does not add or remove a word that makes parsing take
//!   another way (`nullable`, `<<`, `not:`, `callbacks:`).
//! - The files: those keyed on a type or header set whose docs hold the
//!   description (`emit/keys.rs`: the item, and every type or operation
//!   that reaches it) are built again, from the part of the model they
//!   read ([`Plan`]); a description an operation's docs hold means the
//!   usual generation. `models/mod.rs`, `Cargo.toml` and the README read
//!   no type's docs (checked in debug builds: `emit::check_docs_unread`).
//!   The other files are the last run's, read from the output folder and
//!   checked against the hash of what the last run wrote ([`FileKey`]).
//! - Warnings: the last run's, their lines moved by the lines the edit
//!   added; a warning on the lines of the edit means the usual generation.
//!
//! A patched run keeps what it changed as a [`Delta`] of the state, which
//! the cache applies when it reads the state.
//!
//! A placeholder left in the output would be a bug (a doc field the
//! substitution does not visit): generation checks, and generates again
//! without placeholders (and fails the tests, in debug builds).
//!
//! An edit that is not of one description may still lie inside one
//! component schema: [`structure`] patches that one, lowered alone, from
//! the same state and the same [`finish`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde::{Deserialize, Serialize};

use crate::cache::Key;
use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::keys::Graph;
use crate::emit::{EmitOptions, Reach};
use crate::ir::{Api, HeaderSet, Operation, TypeDef, TypeKind};
use crate::source::{escape_token, Location, SourceFile};
use crate::{Files, Items};

mod structure;

pub(crate) use structure::chunks;
pub(crate) use structure::Structure;

/// Where a placeholder starts.
const OPEN: char = '\u{e000}';
/// Where it ends.
const CLOSE: char = '\u{e001}';

/// Words whose presence in a spec's text makes parsing take another way
/// (`parse::parse_openapi`): an edit that adds or removes one is not
/// patched.
const PARSE_TRIGGERS: [&str; 6] = ["nullable", "<<", "not:", "\"not\"", "callbacks:", "\"callbacks\""];

/// One description lowering saw as a placeholder.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Slot {
    /// The JSON pointer of the `description` (found where `at` is when
    /// the run is generated; not kept).
    #[serde(skip)]
    pub pointer: String,
    /// Its text.
    pub text: String,
    /// Where its key is in the spec's text (a byte offset), when the
    /// pointer could be located there.
    pub at: Option<usize>,
}

/// Which descriptions each item of the model holds (by slot), as
/// [`substitute`] found them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Uses {
    pub types: Vec<Vec<u32>>,
    pub operations: Vec<Vec<u32>>,
    pub header_sets: Vec<Vec<u32>>,
    /// The model's other parts (title, servers, features, ...).
    pub globals: Vec<u32>,
}

/// Whether placeholders can stand for this spec's descriptions: its text
/// holds neither character they are made of.
pub(crate) fn eligible(text: &str) -> bool {
    !text.contains(OPEN) && !text.contains(CLOSE)
}

fn placeholder(n: usize) -> String {
    format!("{OPEN}{n}{CLOSE}")
}

/// Replaces every non-blank description of the component schemas, and of
/// the schemas inside them, with a placeholder; the slots, in order.
pub(crate) fn take_descriptions(doc: &mut OpenAPI) -> Vec<Slot> {
    let mut slots = Vec::new();
    if let Some(components) = &mut doc.components {
        for (name, schema) in &mut components.schemas {
            if let ReferenceOr::Item(schema) = schema {
                take(schema, format!("/components/schemas/{}", escape_token(name)), &mut slots, &|n| n);
            }
        }
    }
    slots
}

/// Takes the descriptions of `schema` (at `at`) into `slots`, in order; the
/// Nth taken stands as the placeholder numbered `id(N)`.
pub(crate) fn take(schema: &mut Schema, at: String, slots: &mut Vec<Slot>, id: &dyn Fn(usize) -> usize) {
    if let Some(description) = schema.schema_data.description.as_mut().filter(|d| !d.trim().is_empty()) {
        let text = std::mem::replace(description, placeholder(id(slots.len())));
        slots.push(Slot { pointer: format!("{at}/description"), text, at: None });
    }
    let boxed = |s: &mut ReferenceOr<Box<Schema>>, at: String, slots: &mut Vec<Slot>| {
        if let ReferenceOr::Item(s) = s {
            take(s, at, slots, id);
        }
    };
    let properties = |props: &mut indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>, slots: &mut Vec<Slot>| {
        for (name, p) in props {
            if let ReferenceOr::Item(p) = p {
                take(p, format!("{at}/properties/{}", escape_token(name)), slots, id);
            }
        }
    };
    let additional = |a: &mut Option<AdditionalProperties>, slots: &mut Vec<Slot>| {
        if let Some(AdditionalProperties::Schema(s)) = a {
            if let ReferenceOr::Item(s) = s.as_mut() {
                take(s, format!("{at}/additionalProperties"), slots, id);
            }
        }
    };
    let list = |parts: &mut Vec<ReferenceOr<Schema>>, key: &str, slots: &mut Vec<Slot>| {
        for (i, p) in parts.iter_mut().enumerate() {
            if let ReferenceOr::Item(p) = p {
                take(p, format!("{at}/{key}/{i}"), slots, id);
            }
        }
    };
    let not = |n: &mut ReferenceOr<Schema>, slots: &mut Vec<Slot>| {
        if let ReferenceOr::Item(n) = n {
            take(n, format!("{at}/not"), slots, id);
        }
    };
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => {
            properties(&mut o.properties, slots);
            additional(&mut o.additional_properties, slots);
        }
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &mut a.items {
                boxed(items, format!("{at}/items"), slots);
            }
        }
        SchemaKind::OneOf { one_of } => list(one_of, "oneOf", slots),
        SchemaKind::AllOf { all_of } => list(all_of, "allOf", slots),
        SchemaKind::AnyOf { any_of } => list(any_of, "anyOf", slots),
        SchemaKind::Not { not: n } => not(n, slots),
        SchemaKind::Any(any) => {
            properties(&mut any.properties, slots);
            additional(&mut any.additional_properties, slots);
            if let Some(items) = &mut any.items {
                boxed(items, format!("{at}/items"), slots);
            }
            list(&mut any.one_of, "oneOf", slots);
            list(&mut any.all_of, "allOf", slots);
            list(&mut any.any_of, "anyOf", slots);
            if let Some(n) = &mut any.not {
                not(n, slots);
            }
        }
        SchemaKind::Type(_) => {}
    }
}

/// Puts `texts` in for the placeholders in the model's docs; which slots
/// each item held.
pub(crate) fn substitute(api: &mut Api, texts: &[&str]) -> Uses {
    let mut uses = Uses::default();
    for ty in &mut api.types {
        let mut ids = Vec::new();
        type_texts(ty, &mut |s| expand(s, texts, &mut ids));
        uses.types.push(sorted(ids));
    }
    for op in &mut api.operations {
        let mut ids = Vec::new();
        operation_texts(op, &mut |s| expand(s, texts, &mut ids));
        uses.operations.push(sorted(ids));
    }
    for set in &mut api.header_sets {
        let mut ids = Vec::new();
        header_set_texts(set, &mut |s| expand(s, texts, &mut ids));
        uses.header_sets.push(sorted(ids));
    }
    let mut ids = Vec::new();
    global_texts(api, &mut |s| expand(s, texts, &mut ids));
    uses.globals = sorted(ids);
    uses
}

fn sorted(mut ids: Vec<u32>) -> Vec<u32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `text` with each placeholder replaced by its slot's text (a malformed
/// one is left: the output check finds it).
fn expand(text: &mut String, texts: &[&str], ids: &mut Vec<u32>) {
    if !text.contains(OPEN) {
        return;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text.as_str();
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len_utf8()..];
        let found = after.find(CLOSE).and_then(|end| Some((end, after[..end].parse::<u32>().ok()?)));
        match found.and_then(|(end, n)| Some((end, n, *texts.get(n as usize)?))) {
            Some((end, n, slot)) => {
                out.push_str(slot);
                ids.push(n);
                rest = &after[end + CLOSE.len_utf8()..];
            }
            None => {
                out.push(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    *text = out;
}

fn docs(text: &mut Option<String>, f: &mut dyn FnMut(&mut String)) {
    if let Some(text) = text {
        f(text);
    }
}

fn type_texts(ty: &mut TypeDef, f: &mut dyn FnMut(&mut String)) {
    docs(&mut ty.docs, f);
    match &mut ty.kind {
        TypeKind::Struct(s) => s.fields.iter_mut().for_each(|field| docs(&mut field.docs, f)),
        TypeKind::StringEnum(e) => e.values.iter_mut().for_each(|v| docs(&mut v.docs, f)),
        TypeKind::IntegerEnum(e) => e.values.iter_mut().for_each(|v| docs(&mut v.docs, f)),
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| docs(&mut v.docs, f)),
        TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
    }
}

fn operation_texts(op: &mut Operation, f: &mut dyn FnMut(&mut String)) {
    docs(&mut op.summary, f);
    docs(&mut op.description, f);
    op.params.iter_mut().for_each(|p| docs(&mut p.docs, f));
    if let Some(body) = &mut op.body {
        docs(&mut body.docs, f);
        for media in &mut body.media {
            if let crate::ir::BodyKind::Multipart(m) = &mut media.kind {
                docs(&mut m.docs, f);
                m.parts.iter_mut().for_each(|p| docs(&mut p.docs, f));
            }
        }
    }
    op.responses.iter_mut().for_each(|r| f(&mut r.description));
}

fn header_set_texts(set: &mut HeaderSet, f: &mut dyn FnMut(&mut String)) {
    f(&mut set.description);
    set.headers.iter_mut().for_each(|h| docs(&mut h.docs, f));
}

fn global_texts(api: &mut Api, f: &mut dyn FnMut(&mut String)) {
    docs(&mut api.description, f);
    api.features.iter_mut().for_each(|feature| docs(&mut feature.description, f));
    for server in &mut api.servers {
        docs(&mut server.description, f);
        for var in &mut server.variables {
            docs(&mut var.description, f);
            var.values.iter_mut().for_each(|v| docs(&mut v.docs, f));
        }
    }
    api.security_schemes.iter_mut().for_each(|s| docs(&mut s.description, f));
}

/// Calls `f` on every doc text of the model's types and header sets.
#[cfg(debug_assertions)]
pub(crate) fn type_docs(api: &mut Api, f: &mut dyn FnMut(&mut String)) {
    api.types.iter_mut().for_each(|ty| type_texts(ty, f));
    api.header_sets.iter_mut().for_each(|set| header_set_texts(set, f));
}

/// Whether a placeholder got into the output.
pub(crate) fn leaked(files: &Files) -> bool {
    files.values().any(|text| text.contains(OPEN))
}

/// A warning of the run, as the patch renders it again.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) enum Warning {
    /// A warning about the spec, at a line and column of it.
    Spec { message: String, pointer: String, at: Option<(usize, usize)>, hint: Option<String> },
    /// Any other (about `codegen.toml`), rendered.
    Text(String),
}

impl Warning {
    /// The record of a warning about the spec at `path`, located; `None`
    /// for one about another file.
    pub(crate) fn of(d: &Diagnostic, path: &std::path::Path) -> Option<Warning> {
        (d.severity == Severity::Warning && d.file == path).then(|| Warning::Spec {
            message: d.message.clone(),
            pointer: d.pointer.clone(),
            at: d.location.map(|l| (l.line, l.column)),
            hint: d.hint.clone(),
        })
    }

    pub(crate) fn render(&self, source: &SourceFile) -> String {
        match self {
            Warning::Spec { message, pointer, at, hint } => {
                let mut d = Diagnostic::warning(&source.path, pointer, message.clone());
                d.hint = hint.clone();
                d.location = at.map(|(line, column)| Location { line, column });
                d.render(Some(source)).trim_end().to_owned()
            }
            Warning::Text(text) => text.clone(),
        }
    }
}

/// What a run keeps for the patch of the next: made by generation
/// ([`Basis`]) and the cache, which adds what emitting with it learnt.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct State {
    /// The generator's version, the config and the options.
    pub base: Key,
    /// The spec's text.
    pub spec: String,
    pub slots: Vec<Slot>,
    /// The SHA-256 of the [`Model`] (as written) it goes with, which the
    /// cache keeps in a file of its own: a patched run does not write it.
    pub model_id: Key,
    pub uses: Uses,
    pub graph: Graph,
    pub emit: EmitOptions,
    pub warnings: Vec<Warning>,
    pub types: usize,
    pub operations: usize,
    /// Every file of the output, with the hash of its text ([`file_key`]).
    pub files: Vec<(String, FileKey)>,
    pub items: Items,
    /// The items whose text starts with `#![allow(deprecated)]`.
    pub allows: BTreeSet<String>,
    /// What the patch of an edit inside one component schema needs, when
    /// the spec allows it ([`structure`]).
    pub structure: Option<Structure>,
}

/// What generation keeps of a run for [`State`].
#[derive(Debug)]
pub(crate) struct Basis {
    pub spec: String,
    pub slots: Vec<Slot>,
    /// The [`Model`], in postcard.
    pub model: Vec<u8>,
    pub uses: Uses,
    pub graph: Graph,
    pub emit: EmitOptions,
    pub warnings: Vec<Warning>,
    pub allows: BTreeSet<String>,
    /// What [`Structure::of`] is made from (when the state is written, on
    /// the thread that writes it: finding the schemas' entries in the text
    /// took 3 ms of Datadog v1's cold run).
    pub structure: Option<(crate::upgrade::Dialect, crate::lower::Record, Vec<String>)>,
}

/// The model with placeholders, each item apart (in postcard), so that
/// the patch reads only the items it builds from.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Model {
    /// The model without its types, operations and header sets.
    globals: Vec<u8>,
    types: Vec<Vec<u8>>,
    operations: Vec<Vec<u8>>,
    header_sets: Vec<Vec<u8>>,
}

impl Model {
    /// `api` (with placeholders), in postcard.
    pub(crate) fn encode(api: &Api) -> Option<Vec<u8>> {
        let globals = api.globals();
        let each = |items: &mut dyn Iterator<Item = Result<Vec<u8>, postcard::Error>>| items.collect::<Result<Vec<_>, _>>().ok();
        let model = Model {
            globals: postcard::to_stdvec(&globals).ok()?,
            types: each(&mut api.types.iter().map(postcard::to_stdvec))?,
            operations: each(&mut api.operations.iter().map(postcard::to_stdvec))?,
            header_sets: each(&mut api.header_sets.iter().map(postcard::to_stdvec))?,
        };
        postcard::to_stdvec(&model).ok()
    }
}

/// The hash of a file's text that tells whether the output folder still
/// holds what a run wrote: XXH3's 128 bits, at memory speed (the folder of
/// Datadog v1's crate is 6 MB; SHA-256 took 3 ms of a 25 ms run). It
/// guards against edits, not attacks.
pub(crate) type FileKey = [u8; 16];

/// [`FileKey`] of a text.
pub(crate) fn file_key(text: &str) -> FileKey {
    file_key_of(text.as_bytes())
}

/// [`FileKey`] of bytes.
pub(crate) fn file_key_of(bytes: &[u8]) -> FileKey {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

/// A run the patch made: the files, the warnings rendered, and the state
/// for the next; how many Rust files it built.
#[derive(Debug)]
pub(crate) struct Patched {
    pub files: Files,
    /// The files as the output folder has them (read from it).
    pub on_disk: BTreeSet<String>,
    pub warnings: Vec<String>,
    /// What changes in the state for the next run.
    pub delta: Delta,
    pub rebuilt: usize,
}

/// What a patched run changes in the [`State`], kept on its own (a few
/// kilobytes, where the state is megabytes: writing it whole took a
/// quarter of a patched run) until the next generated run writes a state.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Delta {
    /// The spec's text: this range of the old replaced by `text`.
    pub range: Range<usize>,
    pub text: String,
    /// The places in the old text from this offset on move by the length
    /// the edit added (the keys of descriptions, of component schemas).
    pub moved_after: usize,
    /// The slots given a text and a place (after the others moved), in
    /// order: one past the last is a new slot; one placed nowhere is held
    /// by nothing.
    pub slots: Vec<(usize, String, Option<usize>)>,
    /// The types of the model lowered again: index, slots held, and the
    /// type (with placeholders) in postcard.
    pub types: Vec<(u32, Vec<u32>, Vec<u8>)>,
    /// Component schemas the one lowered again now reads deeply.
    pub deep: Vec<String>,
    pub warnings: Vec<Warning>,
    /// The items of the files that changed, where they are now.
    pub items: Vec<(String, (String, Range<usize>))>,
    pub allows: BTreeSet<String>,
    /// The files that changed, with their new keys.
    pub files: Vec<(String, FileKey)>,
}

impl State {
    /// The state after a patched run.
    pub(crate) fn apply(&mut self, delta: &Delta) -> Option<()> {
        let Delta { range, text, moved_after, slots, types, deep, warnings, items, allows, files } = delta;
        let added = text.len() as isize - range.len() as isize;
        let moved = |at: usize| if at >= *moved_after { at.checked_add_signed(added) } else { Some(at) };
        self.spec.get(range.clone())?;
        self.spec.replace_range(range.clone(), text);
        for s in &mut self.slots {
            s.at = s.at.and_then(moved);
        }
        for (slot, text, at) in slots {
            if *slot == self.slots.len() {
                self.slots.push(Slot::default());
            }
            let s = self.slots.get_mut(*slot)?;
            s.text.clone_from(text);
            s.at = *at;
        }
        if let Some(structure) = &mut self.structure {
            let chunks = &mut structure.chunks;
            for start in &mut chunks.starts {
                *start = moved(*start)?;
            }
            chunks.end = moved(chunks.end)?;
            for (i, uses, blob) in types {
                *self.uses.types.get_mut(*i as usize)? = uses.clone();
                structure.model_types.insert(*i, blob.clone());
            }
            structure.record.deep.extend(deep.iter().cloned());
        } else if !types.is_empty() {
            return None;
        }
        self.warnings.clone_from(warnings);
        for (item, place) in items {
            self.items.insert(item.clone(), place.clone());
        }
        self.allows.clone_from(allows);
        for (path, key) in files {
            self.files.iter_mut().find(|(p, _)| p == path)?.1 = *key;
        }
        Some(())
    }
}

/// The output folder's files, when each is the one the last run wrote.
pub(crate) fn read_output(state: &State, out: &std::path::Path) -> Option<Files> {
    let mut files = Files::new();
    for (path, key) in &state.files {
        let text = std::fs::read_to_string(out.join(path)).ok()?;
        if file_key(&text) != *key {
            return None;
        }
        files.insert(path.clone(), text);
    }
    Some(files)
}

/// The next run from `state`, its model (read by `model` when needed) and
/// the output folder `out`, for the spec now reading `source`: `None` when
/// it is not an edit that can be patched (see the module's docs): the
/// edit of one description, or an edit inside one component schema
/// ([`structure`]).
pub(crate) fn patch(
    state: &State,
    source: &SourceFile,
    out: &std::path::Path,
    model: impl FnOnce() -> Option<(Key, Model)> + Send,
) -> Option<Patched> {
    let Some(edit) = edited(state, source.text.as_str()) else {
        return structure::patch(state, source, out, model);
    };
    let warnings = moved_warnings(state, source, edit.value.clone(), edit.new_text_lines, |_| false)?;
    let plan = Plan::of(state, edit.slot as u32)?;
    let change = Change {
        range: edit.changed.start..edit.changed.end,
        text: source.text[edit.changed.start..edit.new_end].to_owned(),
        moved_after: edit.value.end,
        // Its key is before the edit: it stays where it is.
        slots: vec![(edit.slot, edit.text.clone(), state.slots[edit.slot].at)],
        deep: Vec::new(),
    };
    finish(state, source, out, &plan, warnings, change, || {
        let (id, model) = model()?;
        if id != state.model_id {
            return None;
        }
        let mut api = plan.model(state, &model)?;
        let mut texts: Vec<&str> = state.slots.iter().map(|s| s.text.as_str()).collect();
        texts[edit.slot] = &edit.text;
        substitute(&mut api, &texts);
        Some((api, Vec::new()))
    })
}

/// The last run's warnings, their lines moved by the lines an edit of
/// `old` (in the old text; `new_lines` line breaks now) added: `None` when
/// one is on the lines of the edit, or `refuse` refuses one.
fn moved_warnings(
    state: &State,
    source: &SourceFile,
    old: Range<usize>,
    new_lines: usize,
    refuse: impl Fn(&Warning) -> bool,
) -> Option<Vec<Warning>> {
    let starts = source.line_starts();
    let first_line = starts.partition_point(|&s| s <= old.start);
    let old_lines = state.spec[old].matches('\n').count();
    let last_line = first_line + old_lines;
    let added_lines = new_lines as isize - old_lines as isize;
    let mut warnings = Vec::with_capacity(state.warnings.len());
    for w in &state.warnings {
        if refuse(w) {
            return None;
        }
        warnings.push(match w {
            Warning::Spec { at: Some((line, column)), message, pointer, hint } => {
                if (first_line..=last_line).contains(line) {
                    return None;
                }
                let line = if *line > last_line { line.checked_add_signed(added_lines)? } else { *line };
                Warning::Spec { at: Some((line, *column)), message: message.clone(), pointer: pointer.clone(), hint: hint.clone() }
            }
            other => other.clone(),
        });
    }
    Some(warnings)
}

/// What a patch changes besides the files: the [`Delta`] less what
/// [`finish`] adds.
struct Change {
    range: Range<usize>,
    text: String,
    moved_after: usize,
    slots: Vec<(usize, String, Option<usize>)>,
    deep: Vec<String>,
}

/// Builds again the files `plan` picks from the part of the model `api`
/// gives (with the texts in; with the types it changed, for the delta),
/// while the output folder is read; splices them into their group files.
fn finish(
    state: &State,
    source: &SourceFile,
    out: &std::path::Path,
    plan: &Plan,
    warnings: Vec<Warning>,
    change: Change,
    api: impl FnOnce() -> Option<(Api, Vec<(u32, Vec<u32>, Vec<u8>)>)>,
) -> Option<Patched> {
    // The output folder is read (most of a patch's time, on a big crate)
    // while the files are built.
    let (files, built) = std::thread::scope(|scope| {
        let files = scope.spawn(|| read_output(state, out));
        let built = (|| {
            let (api, types) = api()?;
            let rebuilt = crate::emit::rebuild(&api, &state.emit, &|reach| plan.builds(reach));
            Some((api, types, rebuilt.ok()?))
        })();
        (files.join().ok().flatten(), built)
    });
    let (mut files, (api, types, rebuilt)) = (files?, built?);
    let header = crate::output::header(&state.emit.spec_display);
    let first = format!("// {header}\n\n");
    // Where the items of the files built again are now.
    let mut items = Vec::new();
    let mut allows = state.allows.clone();
    let mut changed = BTreeSet::new();
    let mut put = |files: &mut Files, path: String, text: String| {
        let old = files.get_mut(&path)?;
        if *old != text {
            *old = text;
            changed.insert(path);
        }
        Some(())
    };
    let mut grouped: BTreeMap<String, HashMap<String, String>> = BTreeMap::new();
    let count = rebuilt.len();
    for (file, path, item, text) in rebuilt {
        match file {
            Some(file) => {
                let body = text.strip_prefix(&first).unwrap_or(&text).to_owned();
                match body.starts_with(crate::emit::ALLOW_DEPRECATED) {
                    true => allows.insert(item.clone()),
                    false => allows.remove(&item),
                };
                grouped.entry(file).or_default().insert(item, body);
            }
            // A patch adds or removes no file.
            None => put(&mut files, path, text)?,
        }
    }
    for (file, mut new_bodies) in grouped {
        let old = files.get(&file)?;
        // The file's items in the order they are in it.
        let mut members: Vec<(&String, &Range<usize>)> =
            state.items.iter().filter(|(_, (f, _))| *f == file).map(|(item, (_, range))| (item, range)).collect();
        members.sort_by_key(|(_, range)| range.start);
        let mut bodies = Vec::with_capacity(members.len());
        for (item, range) in &members {
            bodies.push(match new_bodies.remove(*item) {
                Some(body) => body,
                None if allows.contains(*item) => format!("{}{}", crate::emit::ALLOW_DEPRECATED, old.get((*range).clone())?),
                None => old.get((*range).clone())?.to_owned(),
            });
        }
        if !new_bodies.is_empty() {
            return None;
        }
        let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
        let (text, ranges) = crate::emit::regroup(&api, &state.emit, &file, &refs).ok()?;
        for ((item, _), range) in members.iter().zip(ranges) {
            items.push(((*item).clone(), (file.clone(), range)));
        }
        put(&mut files, file, text)?;
    }
    if changed.iter().any(|path| files[path].contains(OPEN)) {
        return None;
    }

    let rendered = warnings.iter().map(|w| w.render(source)).collect();
    let Change { range, text, moved_after, slots, deep } = change;
    let delta = Delta {
        range,
        text,
        moved_after,
        slots,
        types,
        deep,
        warnings,
        items: items.into_iter().filter(|(_, (file, _))| changed.contains(file)).collect(),
        allows,
        files: changed.iter().map(|path| (path.clone(), file_key(&files[path]))).collect(),
    };
    let on_disk = files.keys().filter(|path| !changed.contains(*path)).cloned().collect();
    Some(Patched { files, on_disk, warnings: rendered, delta, rebuilt: count })
}

/// What a patch builds again, and the part of the model it builds from.
struct Plan {
    /// Whether each type's file is built again (by index in the model).
    types: Vec<bool>,
    operations: Vec<bool>,
    header_sets: Vec<bool>,
    /// The items of the model the patch reads: the types built again and
    /// every type they reach, the operations (all of them, when any file
    /// keyed on an operation is built), the header sets built again.
    read_types: Vec<usize>,
    read_operations: Vec<usize>,
    read_header_sets: Vec<usize>,
}

impl Plan {
    /// The plan for an edit of slot `k`: the files whose keys cover an item
    /// holding the description (`emit/keys.rs`). `None` when the globals
    /// or an operation hold it (every key covers the globals; the files
    /// keyed on every operation, and the README, read their docs), or an
    /// item's names could not be read.
    fn of(state: &State, k: u32) -> Option<Plan> {
        let uses = &state.uses;
        let holds = |ids: &Vec<u32>| ids.binary_search(&k).is_ok();
        if uses.globals.contains(&k) || uses.operations.iter().any(holds) {
            return None;
        }
        let held: Vec<usize> = (0..state.graph.types.len()).filter(|&i| uses.types.get(i).is_some_and(holds)).collect();
        let header_sets: Vec<bool> = uses.header_sets.iter().map(holds).collect();
        Plan::reaching(state, held, header_sets)
    }

    /// The plan that builds the types `start` (by index in the model), the
    /// types and operations that reach them, and the header sets picked.
    /// `None` when an item's names could not be read.
    fn reaching(state: &State, start: Vec<usize>, header_sets: Vec<bool>) -> Option<Plan> {
        let graph = &state.graph;
        if graph.types.iter().chain(&graph.operations).any(Option::is_none) {
            return None;
        }
        let n = graph.types.len();
        let refs = |i: usize| graph.types[i].iter().flatten().map(|&j| j as usize);
        // The types that reach a type started from (through what each
        // names): their keys cover it.
        let mut by: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            for j in refs(i) {
                by.get_mut(j)?.push(i);
            }
        }
        let mut types = vec![false; n];
        let mut stack = start;
        while let Some(i) = stack.pop() {
            if !std::mem::replace(types.get_mut(i)?, true) {
                stack.extend(&by[i]);
            }
        }
        let operations: Vec<bool> = graph.operations.iter().map(|r| r.iter().flatten().any(|&j| types[j as usize])).collect();

        // What those files read: each type built and the types it reaches,
        // and for an operation's files, the types it reaches.
        let mut read = vec![false; n];
        let mut stack: Vec<usize> = (0..n).filter(|&i| types[i]).collect();
        for (o, built) in operations.iter().enumerate() {
            if *built {
                stack.extend(graph.operations[o].iter().flatten().map(|&j| j as usize));
            }
        }
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut read[i], true) {
                stack.extend(refs(i));
            }
        }
        // An example's file reads the other operations of its program.
        let any_operation = operations.iter().any(|&b| b);
        Some(Plan {
            read_types: (0..n).filter(|&i| read[i]).collect(),
            read_operations: if any_operation { (0..operations.len()).collect() } else { Vec::new() },
            read_header_sets: (0..header_sets.len()).filter(|&h| header_sets[h]).collect(),
            types,
            operations,
            header_sets,
        })
    }

    /// The part of the model the plan reads, from `model` and the types
    /// patched runs changed since it was written.
    fn model(&self, state: &State, model: &Model) -> Option<Api> {
        let mut api: Api = postcard::from_bytes(&model.globals).ok()?;
        let changed = state.structure.as_ref().map(|s| &s.model_types);
        api.types = self
            .read_types
            .iter()
            .map(|&i| {
                let blob = changed.and_then(|c| c.get(&(i as u32))).or_else(|| model.types.get(i))?;
                postcard::from_bytes(blob).ok()
            })
            .collect::<Option<_>>()?;
        api.operations = decode_each(&model.operations, &self.read_operations)?;
        api.header_sets = decode_each(&model.header_sets, &self.read_header_sets)?;
        Some(api)
    }

    /// Whether the file of `reach` (in the part of the model [`Plan::model`]
    /// gives) is built again. Not the files keyed on every operation (no
    /// operation holds the description), nor `models/mod.rs`, keyed on
    /// everything, which reads no type's docs (`emit::check_docs_unread`,
    /// as the README and `Cargo.toml`).
    fn builds(&self, reach: Reach) -> bool {
        let at = |list: &[bool], read: &[usize], i: usize| read.get(i).and_then(|&j| list.get(j)).copied().unwrap_or(false);
        match reach {
            Reach::Type(i) => at(&self.types, &self.read_types, i),
            Reach::Operation(i) => at(&self.operations, &self.read_operations, i),
            Reach::HeaderSet(i) => at(&self.header_sets, &self.read_header_sets, i),
            Reach::Operations | Reach::Everything => false,
        }
    }
}

/// The items at `at` of `blobs`, decoded.
fn decode_each<T: serde::de::DeserializeOwned>(blobs: &[Vec<u8>], at: &[usize]) -> Option<Vec<T>> {
    at.iter().map(|&i| postcard::from_bytes(blobs.get(i)?).ok()).collect()
}

/// The edit of one description: which slot, the byte range of its value
/// in the old text, its new text, and how many line breaks the new value
/// has.
#[derive(Debug)]
struct Edit {
    slot: usize,
    value: Range<usize>,
    text: String,
    new_text_lines: usize,
    /// The range of the old text that changed, and where the new text's
    /// change ends.
    changed: Range<usize>,
    new_end: usize,
}

/// The edit from `state.spec` to `new`, when it changes the text of one
/// description a placeholder stood for, and nothing else.
fn edited(state: &State, new: &str) -> Option<Edit> {
    let old = state.spec.as_str();
    if old == new {
        return None;
    }
    // A change can be placed as far left or as far right as the text
    // around it allows (a line added at the end of a block scalar is also
    // one added at the start of the next line): either will do.
    [true, false].into_iter().find_map(|prefix_first| {
        let (start, old_end, new_end) = changed(old, new, prefix_first);
        edit_at(state, new, start, old_end, new_end)
    })
}

/// The range of `old` and the end of the range of `new` that differ, the
/// rest being the same: found from the start first (the range as far right
/// as it goes), or from the end.
fn changed(old: &str, new: &str, prefix_first: bool) -> (usize, usize, usize) {
    let (old_b, new_b) = (old.as_bytes(), new.as_bytes());
    let shorter = old.len().min(new.len());
    // Compared a block at a time (`memcmp`), then byte by byte in the
    // block that differs: byte by byte all the way took milliseconds.
    const BLOCK: usize = 1024;
    let common = |a: &mut dyn Iterator<Item = (&[u8], &[u8])>| -> usize {
        let mut n = 0;
        for (x, y) in a {
            if x == y {
                n += x.len();
            } else {
                return n + x.iter().zip(y).take_while(|(p, q)| p == q).count();
            }
        }
        n
    };
    let prefix = |room: usize| {
        let mut n = common(&mut old_b[..room].chunks(BLOCK).zip(new_b[..room].chunks(BLOCK)));
        while !old.is_char_boundary(n) || !new.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    let suffix = |room: usize| {
        let (a, b) = (&old_b[old.len() - room..], &new_b[new.len() - room..]);
        let mut n = 0;
        for (x, y) in a.rchunks(BLOCK).zip(b.rchunks(BLOCK)) {
            if x == y {
                n += x.len();
            } else {
                n += x.iter().rev().zip(y.iter().rev()).take_while(|(p, q)| p == q).count();
                break;
            }
        }
        while !old.is_char_boundary(old.len() - n) || !new.is_char_boundary(new.len() - n) {
            n -= 1;
        }
        n
    };
    let (start, end) = if prefix_first {
        let start = prefix(shorter);
        (start, suffix(shorter - start))
    } else {
        let end = suffix(shorter);
        (prefix(shorter - end), end)
    };
    (start, old.len() - end, new.len() - end)
}

/// The edit, when `old[start..old_end]` (replaced by `new[start..new_end]`)
/// is inside the value of one description a placeholder stood for.
fn edit_at(state: &State, new: &str, start: usize, old_end: usize, new_end: usize) -> Option<Edit> {
    let old = state.spec.as_str();
    // The slot whose key is last before the edit, alone at its place.
    let mut located: Vec<(usize, usize)> = state.slots.iter().enumerate().filter_map(|(i, s)| Some((s.at?, i))).collect();
    located.sort_unstable();
    let index = located.partition_point(|(at, _)| *at <= start).checked_sub(1)?;
    let (at, slot) = located[index];
    if located.get(index + 1).is_some_and(|(next, _)| *next == at) || (index > 0 && located[index - 1].0 == at) {
        return None;
    }
    let (value, text) = description_value(old, at)?;
    if text != state.slots[slot].text || start < value.start || old_end > value.end {
        return None;
    }
    let (new_value, new_text) = description_value(new, at)?;
    if new_value.start != value.start || new_value.end != value.end + new_end - old_end {
        return None;
    }
    let (old_raw, new_raw) = (&old[value.clone()], &new[new_value.clone()]);
    if new_text.trim().is_empty() || !eligible(new_raw) || PARSE_TRIGGERS.iter().any(|t| old_raw.contains(t) || new_raw.contains(t)) {
        return None;
    }
    Some(Edit { slot, value, new_text_lines: new_raw.matches('\n').count(), text: new_text, changed: start..old_end, new_end })
}

/// The value of the `description` key at byte `at` of `text` (YAML block
/// style, or JSON): where its text is (from after the `:` to the end of
/// the value: in YAML, the start of the next line as far in as the key or
/// less), and the string it reads as. `None` when it is not a string, or
/// not read back alone.
fn description_value(text: &str, at: usize) -> Option<(Range<usize>, String)> {
    let rest = text.get(at..)?;
    if let Some(after) = rest.strip_prefix("\"description\"") {
        let colon = after.len() - after.trim_start().len();
        let after_colon = after.trim_start().strip_prefix(':')?;
        let start = at + "\"description\"".len() + colon + 1 + (after_colon.len() - after_colon.trim_start().len());
        let bytes = text.as_bytes();
        if bytes.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        let end = i + 1;
        let value: String = serde_json::from_str(text.get(start..end)?).ok()?;
        return Some((start..end, value));
    }
    let after = rest.strip_prefix("description")?;
    let trimmed = after.trim_start_matches(' ');
    let after_colon = trimmed.strip_prefix(':')?;
    if !(after_colon.starts_with(' ') || after_colon.starts_with('\n') || after_colon.starts_with("\r\n")) {
        return None;
    }
    let start = text.len() - after_colon.len();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = at - line_start;
    // The value ends where a line that is not blank starts as far in as
    // the key, or less.
    let mut end = text.len();
    let mut line = text[start..].find('\n').map(|i| start + i + 1);
    while let Some(from) = line {
        let content = &text[from..];
        let this = content.find('\n').map_or(content, |i| &content[..i]);
        let spaces = this.len() - this.trim_start_matches(' ').len();
        if !this.trim().is_empty() && spaces <= indent {
            end = from;
            break;
        }
        line = content.find('\n').map(|i| from + i + 1);
    }
    let value = text[start..end].trim_start_matches(' ');
    // An anchor, an alias or a tag would say more than a string.
    if value.starts_with(['&', '*', '!']) {
        return None;
    }
    let alone = format!("{}description:{}", " ".repeat(indent), &text[start..end]);
    let serde_yaml::Value::Mapping(map) = serde_yaml::from_str::<serde_yaml::Value>(&alone).ok()? else { return None };
    match map.into_iter().collect::<Vec<_>>().as_slice() {
        [(serde_yaml::Value::String(key), serde_yaml::Value::String(value))] if key == "description" => Some((start..end, value.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_values_are_read_alone_to_the_next_line_as_far_in() {
        let text = "a:\n  description: One\n    two.\n  type: string\n";
        let at = text.find("description").unwrap();
        let (range, value) = description_value(text, at).unwrap();
        assert_eq!(value, "One two.");
        assert_eq!(&text[range.end..], "  type: string\n");

        let block = "- description: |\n    Line one.\n\n    Line two.\n  type: string\n";
        let (_, value) = description_value(block, 2).unwrap();
        assert_eq!(value, "Line one.\n\nLine two.\n");

        // A flow mapping's value is not read alone.
        let flow = "a: {description: One, type: string}\n";
        let at = flow.find("description").unwrap();
        assert_ne!(description_value(flow, at).map(|(_, v)| v), Some("One".to_owned()));
        // Nor a value that is no string, or an anchored one.
        for text in ["description: 3\n", "description:\n  a: b\n", "description: &d One\n"] {
            assert_eq!(description_value(text, 0), None, "{text}");
        }
    }

    #[test]
    fn a_change_is_placed_as_far_left_or_right_as_it_goes() {
        let (old, new) = ("a: |\n  x.\nb: 1\n", "a: |\n  x.\n  y.\nb: 1\n");
        // From the start: after the spaces the added line shares with the next.
        assert_eq!(changed(old, new, true), (10, 10, 15));
        // From the end: inside the block scalar, before `.\n`.
        assert_eq!(changed(old, new, false), (8, 8, 13));
        assert_eq!(&new[8..13], ".\n  y");
    }

    #[test]
    fn a_change_is_found_as_byte_by_byte_across_blocks() {
        fn naive(old: &str, new: &str, prefix_first: bool) -> (usize, usize, usize) {
            let (a, b) = (old.as_bytes(), new.as_bytes());
            let shorter = a.len().min(b.len());
            let pre = |room: usize| {
                let mut n = a.iter().zip(b).take(room).take_while(|(x, y)| x == y).count();
                while !old.is_char_boundary(n) || !new.is_char_boundary(n) {
                    n -= 1;
                }
                n
            };
            let suf = |room: usize| {
                let mut n = a.iter().rev().zip(b.iter().rev()).take(room).take_while(|(x, y)| x == y).count();
                while !old.is_char_boundary(old.len() - n) || !new.is_char_boundary(new.len() - n) {
                    n -= 1;
                }
                n
            };
            let (start, end) = if prefix_first {
                let s = pre(shorter);
                (s, suf(shorter - s))
            } else {
                let e = suf(shorter);
                (pre(shorter - e), e)
            };
            (start, old.len() - end, new.len() - end)
        }
        let base: String = (0..3000).map(|i| ["a", "é", "\n", "xy", "😀"][i % 5]).collect();
        for at in [0, 1, 700, 1023, 1024, 1025, 2048, 4000, base.len() - 1] {
            let at = (at..=base.len()).find(|&i| base.is_char_boundary(i)).unwrap();
            for insert in ["", "é", "z", "😀😀", "\n  y."] {
                for cut in [0, 1, 4] {
                    let end = ((at + cut).min(base.len())..=base.len()).find(|&i| base.is_char_boundary(i)).unwrap();
                    let new = format!("{}{insert}{}", &base[..at], &base[end..]);
                    for prefix_first in [true, false] {
                        assert_eq!(changed(&base, &new, prefix_first), naive(&base, &new, prefix_first), "at {at}, {insert:?}, cut {cut}");
                    }
                }
            }
        }
    }

    #[test]
    fn json_values_are_one_string_token() {
        let text = r#"{"description" : "Say \"hi\"", "type": "string"}"#;
        let (range, value) = description_value(text, 1).unwrap();
        assert_eq!(value, "Say \"hi\"");
        assert_eq!(&text[range], r#""Say \"hi\"""#);
    }

    #[test]
    fn placeholders_are_replaced_and_counted() {
        let mut text = format!("Title\n\n{}", placeholder(1));
        let mut ids = Vec::new();
        expand(&mut text, &["zero", "one"], &mut ids);
        assert_eq!((text.as_str(), ids.as_slice()), ("Title\n\none", &[1][..]));
        let mut unknown = placeholder(7);
        expand(&mut unknown, &["zero"], &mut Vec::new());
        assert!(unknown.contains(OPEN));
    }
}
