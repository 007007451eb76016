//! An edit inside one component schema patched into the last run: that
//! schema parsed and lowered alone, and the files that read it built again.
//!
//! Parsing the whole spec, lowering it and keying every file took most of
//! a run after such an edit (72-78% of a cold run on Datadog v1, for a
//! property added). The walk over the whole document is kept instead
//! ([`Record`]): every component schema's name, every name claimed in the
//! type namespace and by whose lowering, and which schemas some other
//! part of the walk read beyond their surface. With it, one schema is
//! lowered as the whole walk would lower it ([`crate::lower::lower_one`]).
//!
//! Every step checks, and any doubt means the usual generation:
//!
//! - The edit: the old and new texts differ in one range, inside the entry
//!   of one schema under `components.schemas` (YAML in block style, or JSON
//!   not all on one line), after the line of its key; in YAML, the new
//!   entry has no line as far in as the keys but its first. Neither entry
//!   holds an anchor, an alias or a merge key (they read across entries),
//!   and no word that makes the document's parse take another way comes or
//!   goes (`nullable`, `not:`, ...).
//! - The entry, old and new, is read alone, rewritten by the upgrade as
//!   the whole document is (with nothing to say; what it moves is followed
//!   back to the text to find the descriptions), into a schema. What other
//!   schemas and operations read of it without looking into its properties
//!   (its type, annotations, `enum`, constraints, ...: its "surface") must
//!   be the same: only `properties` and `required`
//!   may change, and whether there are properties may not. A schema some
//!   other part of the walk read beyond its surface (an `allOf` part, a
//!   union option, a multipart body) is not patched.
//! - Lowering: the schema alone, with the names of the others, the names
//!   the walk claimed (but its own), and the string enums. The schemas it
//!   reads are parsed from their own entries as they are needed. It must
//!   claim the names it claimed before, in order, and give no error and no
//!   warning (nor did it before); its types are the ones it had.
//! - The model: each of its types names the same types as before (so the
//!   reference graph, the feature gates and the recursion are the same), is
//!   on no cycle, is no union, and is an option of no union (whose reading
//!   in one pass looks into its options); it needs validation, uses dates
//!   and is a string enum as before; no page walk reaches it from its
//!   operation's parameters, body or success responses (`x-pagination`
//!   reads the types it walks through).
//! - The files: those keyed on the schema's types (the types and
//!   operations that reach them) are built again; the others are the last
//!   run's, checked against the hashes of what it wrote.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use openapiv3::{Components, OpenAPI, ReferenceOr, Schema, SchemaKind};
use serde::{Deserialize, Serialize};

use super::{changed, finish, moved_warnings, take, Change, Model, Patched, Plan, Slot, State, Warning, CLOSE, OPEN, PARSE_TRIGGERS};
use crate::cache::Key;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::lower::{lower_one, Record};
use crate::shape::Node;
use crate::source::{escape_token, SourceFile};
use crate::upgrade::{Dialect, Moves, Upgrader};

/// What the patch of an edit inside one component schema needs beyond the
/// description patch's state.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Structure {
    pub record: Record,
    pub chunks: Chunks,
    /// The document's dialect (`3.0`, `3.1`, `3.2`).
    pub dialect: String,
    /// The model's type names, in its order (sorted).
    pub type_names: Vec<String>,
    /// The types patched runs lowered again since the model was written,
    /// by index, in postcard.
    pub model_types: BTreeMap<u32, Vec<u8>>,
}

impl Structure {
    /// What a run of `dialect` over `text` keeps, when its schemas' entries
    /// are found in the text, one per schema, in order.
    pub(crate) fn of(text: &str, dialect: Dialect, record: crate::lower::Record, type_names: Vec<String>) -> Option<Structure> {
        if dialect == Dialect::V2_0 {
            return None;
        }
        let chunks = chunks(text)?;
        if !chunks.keys.iter().map(String::as_str).eq(record.component_names.iter().map(|(k, _)| k.as_str())) {
            return None;
        }
        Some(Structure { record, chunks, dialect: dialect.label().to_owned(), type_names, model_types: BTreeMap::new() })
    }
}

/// Where the entries of `components.schemas` are in a YAML text written in
/// block style.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Chunks {
    /// Where each entry starts (the start of its key's line), in order.
    pub starts: Vec<usize>,
    /// Each entry's key, as its line reads.
    pub keys: Vec<String>,
    /// Where the last entry ends.
    pub end: usize,
    /// How far in the keys are (YAML).
    pub indent: usize,
    /// The text is JSON: an entry is its key, its value, and the comma and
    /// white space after it.
    pub json: bool,
}

/// The lines of `text`: where each starts, and its text without the line
/// break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line says something: not blank, not a comment.
fn says(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The entries of `components.schemas` in `text` ([`Chunks`]), when it is
/// YAML in block style down to them.
pub(crate) fn chunks(text: &str) -> Option<Chunks> {
    if text.trim_start().starts_with('{') {
        return json_chunks(text);
    }
    let mut all = lines(text);
    all.find(|(_, l)| l.trim_end() == "components:")?;
    let mut level = None;
    loop {
        let (_, l) = all.next()?;
        if !says(l) {
            continue;
        }
        let n = indent(l);
        if n == 0 || n < *level.get_or_insert(n) {
            return None;
        }
        if Some(n) == level && l[n..].trim_end() == "schemas:" {
            break;
        }
    }
    let level = level?;
    let (mut starts, mut keys, mut end, mut keys_at) = (Vec::new(), Vec::new(), text.len(), None);
    for (at, l) in all {
        if !says(l) {
            continue;
        }
        let n = indent(l);
        let k = *keys_at.get_or_insert(n);
        if n <= level || n < k {
            end = at;
            break;
        }
        if n == k {
            starts.push(at);
            keys.push(key_of(&l[n..]).unwrap_or_default());
        }
    }
    let indent = keys_at.filter(|&k| k > level)?;
    Some(Chunks { starts, keys, end, indent, json: false })
}

/// The entries of `components.schemas` in a JSON text: where each key
/// starts, and where the object ends.
fn json_chunks(text: &str) -> Option<Chunks> {
    let bytes = text.as_bytes();
    // Each object entered: the key that led into it.
    let mut path: Vec<Option<String>> = Vec::new();
    let (mut starts, mut keys) = (Vec::new(), Vec::new());
    let mut last_key: Option<String> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let token = text.get(start..=i)?;
                i += 1;
                // A key is a string a colon follows.
                let rest = text.get(i..)?.trim_start();
                if rest.starts_with(':') {
                    let key: String = serde_json::from_str(token).ok()?;
                    let at_schemas = path.len() == 3 && path[1].as_deref() == Some("components") && path[2].as_deref() == Some("schemas");
                    if at_schemas {
                        starts.push(start);
                        keys.push(key.clone());
                    }
                    last_key = Some(key);
                }
                continue;
            }
            b'{' => path.push(last_key.take()),
            b'[' => {
                last_key = None;
                path.push(None);
            }
            b'}' | b']' => {
                let closing = path.len() == 3 && path[1].as_deref() == Some("components") && path[2].as_deref() == Some("schemas");
                path.pop()?;
                if closing && bytes[i] == b'}' {
                    return Some(Chunks { starts, keys, end: i, indent: 0, json: true });
                }
            }
            b',' => last_key = None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The key a line starting with a mapping key names (`Pet:`, `'Pet':`),
/// when it is plain or simply quoted.
fn key_of(line: &str) -> Option<String> {
    let (key, rest) = match line.chars().next()? {
        q @ ('\'' | '"') => {
            let inner = &line[1..];
            let close = inner.find(q)?;
            let key = &inner[..close];
            if key.contains(['\\', '\'']) {
                return None;
            }
            (key, &inner[close + 1..])
        }
        '&' | '*' | '!' | '?' | '-' | '[' | '{' | '|' | '>' | '%' | '@' | '`' => return None,
        _ => {
            let colon = line.find(": ").or_else(|| line.strip_suffix(':').map(str::len))?;
            let key = line[..colon].trim_end();
            if key.contains(" #") {
                return None;
            }
            (key, &line[colon..])
        }
    };
    let rest = rest.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then(|| key.to_owned())
}

/// Whether a YAML text may hold an anchor or an alias: a value, or a list
/// item, that starts with `&` or `*`.
fn anchors(text: &str) -> bool {
    text.match_indices(['&', '*']).any(|(i, _)| {
        let before = text[..i].trim_end_matches(' ');
        let next = text[i + 1..].chars().next().is_some_and(|c| !c.is_whitespace());
        next && (before.ends_with(':') || before.ends_with('-') || before.ends_with('[') || before.ends_with(',') || before.ends_with('{'))
    })
}

/// An entry's text as a document of its own: in JSON, in braces, without
/// the comma after it (the offset of the entry in it: 1).
fn alone(text: &str, json: bool) -> std::borrow::Cow<'_, str> {
    match json {
        true => format!("{{{}}}", text.trim_end().trim_end_matches(',')).into(),
        false => text.into(),
    }
}

/// One entry's text (its key's line first), read alone as the schema `key`
/// at `pointer`, rewritten as the whole document would be, with what the
/// rewrite moved; `None` when the rewrite has something to say.
fn parse_entry(text: &str, json: bool, key: &str, dialect: Dialect, file: &Path, pointer: &str) -> Option<(ReferenceOr<Schema>, Moves)> {
    let serde_yaml::Value::Mapping(map) = crate::parse::tree(&alone(text, json)).ok()? else { return None };
    let mut entries = map.into_iter();
    let (k, mut value) = entries.next()?;
    if entries.next().is_some() || crate::shape::scalar_key(&k)? != key {
        return None;
    }
    let mut upgrader = Upgrader::new(dialect, file);
    upgrader.node(&mut value, Node::Schema, pointer);
    if !upgrader.diagnostics.is_empty() {
        return None;
    }
    Some((serde::Deserialize::deserialize(&value).ok()?, upgrader.moves))
}

/// What others read of a schema without looking into its properties: all
/// of it but `properties` and `required`, and whether it has properties.
fn surface(schema: &ReferenceOr<Schema>) -> Option<serde_json::Value> {
    let mut value = serde_json::to_value(schema).ok()?;
    if let serde_json::Value::Object(map) = &mut value {
        let properties = map.remove("properties").is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()));
        map.remove("required");
        map.insert("\u{0}properties".into(), properties.into());
    }
    Some(value)
}

/// Replaces the schema's non-blank descriptions by placeholders: the Nth
/// (in [`take`]'s order) by the Nth of `ids`, and those beyond by numbers
/// from `fresh` on; the slots, in order.
///
/// Each entry's slots, in that order, are numbered upwards: so they are
/// by the whole walk, and so they stay, as a patch gives an entry the
/// numbers it had, smallest first, then new ones above all others. Its own
/// description, which other schemas' fields show, is its first: it keeps
/// its number.
fn take_from(schema: &mut ReferenceOr<Schema>, pointer: &str, ids: &[usize], fresh: usize) -> Vec<Slot> {
    let mut slots = Vec::new();
    if let ReferenceOr::Item(schema) = schema {
        take(schema, pointer.to_owned(), &mut slots, &|n| ids.get(n).copied().unwrap_or(fresh + n - ids.len()));
    }
    slots
}

/// The keys of the component schemas the `$ref`s in `value` name.
fn refs_in(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(key) = map.get("$ref").and_then(|r| r.as_str()?.strip_prefix("#/components/schemas/")) {
                keys.insert(crate::source::unescape_token(key).into_owned());
            }
            map.values().for_each(|v| refs_in(v, keys));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| refs_in(v, keys)),
        _ => {}
    }
}

/// A schema that stands in for one not parsed.
fn stand_in() -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(Default::default()) })
}

/// The named types a type names.
fn names(ty: &TypeDef) -> BTreeSet<&str> {
    ty.kind.type_refs().into_iter().flat_map(TypeRef::named).collect()
}

fn uses_dates(ty: &TypeDef) -> bool {
    ty.kind.type_refs().into_iter().flat_map(TypeRef::walk).any(|t| matches!(t, TypeRef::DateTime | TypeRef::Date))
}

/// The next run, when the edit from `state.spec` to `source` is inside
/// one component schema and can be patched (see the module's docs).
pub(super) fn patch(
    state: &State,
    source: &SourceFile,
    out: &Path,
    model: impl FnOnce() -> Option<(Key, Model)> + Send,
) -> Option<Patched> {
    let structure = state.structure.as_ref()?;
    let dialect = Dialect::of(&structure.dialect)?;
    let (old, new) = (state.spec.as_str(), source.text.as_str());
    let chunks = &structure.chunks;
    let range = |i: usize| chunks.starts[i]..chunks.starts.get(i + 1).copied().unwrap_or(chunks.end);
    // The change, placed inside one entry, after its key's line.
    let (c, start, old_end, new_end) = [true, false].into_iter().find_map(|prefix_first| {
        let (start, old_end, new_end) = changed(old, new, prefix_first);
        let c = chunks.starts.partition_point(|&s| s <= start).checked_sub(1)?;
        let entry = range(c);
        let key_line_end = entry.start + old[entry.start..].find('\n')? + 1;
        (start >= key_line_end && old_end <= entry.end).then_some((c, start, old_end, new_end))
    })?;
    let added = new_end as isize - old_end as isize;
    let entry = range(c);
    let new_entry = entry.start..entry.end.checked_add_signed(added)?;
    let (old_text, new_text) = (&old[entry.clone()], new.get(new_entry.clone())?);
    if (!chunks.json && lines(new_text).skip(1).any(|(_, l)| says(l) && indent(l) <= chunks.indent))
        || anchors(old_text)
        || anchors(new_text)
        || new_text.contains([OPEN, CLOSE])
        || PARSE_TRIGGERS.iter().any(|w| old_text.matches(w).count() != new_text.matches(w).count() && old.contains(w) != new.contains(w))
    {
        return None;
    }

    let key = chunks.keys[c].as_str();
    let pointer = format!("/components/schemas/{}", escape_token(key));
    let file = source.path.as_path();
    let json = chunks.json;
    let (old_schema, _) = parse_entry(old_text, json, key, dialect, file, &pointer)?;
    let (mut new_schema, moves) = parse_entry(new_text, json, key, dialect, file, &pointer)?;
    if surface(&old_schema)? != surface(&new_schema)? || structure.record.deep.contains(key) {
        return None;
    }

    // The descriptions: each entry's slots, by where their keys are.
    let mut located: Vec<(usize, usize)> = state.slots.iter().enumerate().filter_map(|(i, s)| Some((s.at?, i))).collect();
    located.sort_unstable();
    let slots_in = |r: Range<usize>| -> Vec<usize> {
        let from = located.partition_point(|(at, _)| *at < r.start);
        let to = located.partition_point(|(at, _)| *at < r.end);
        let mut ids: Vec<usize> = located[from..to].iter().map(|(_, i)| *i).collect();
        ids.sort_unstable();
        ids
    };
    let own = slots_in(entry.clone());
    let fresh = state.slots.len();
    let new_slots = take_from(&mut new_schema, &pointer, &own, fresh);
    let entry_source = SourceFile::new(file, alone(new_text, json).into_owned());
    let mut slot_changes = Vec::with_capacity(new_slots.len().max(own.len()));
    for (n, slot) in new_slots.iter().enumerate() {
        // Where the text has it, before the upgrade moved it.
        let original = moves.original(&slot.pointer);
        let inner = original.strip_prefix(&pointer)?;
        let location = entry_source.locate(&format!("/{}{inner}", escape_token(key)))?;
        let at = (new_entry.start + entry_source.byte_offset(location)?).checked_sub(usize::from(json))?;
        if !new[at..].starts_with(if json { "\"description\"" } else { "description" }) {
            return None;
        }
        let id = own.get(n).copied().unwrap_or(fresh + n - own.len());
        slot_changes.push((id, slot.text.clone(), Some(at)));
    }
    // Those it no longer has are held by nothing.
    slot_changes.extend(own.iter().skip(new_slots.len()).map(|&id| (id, String::new(), None)));

    // Lowered alone; the schemas it reads parsed as it reads them.
    let record = &structure.record;
    let index: HashMap<&str, usize> = chunks.keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)).collect();
    // The schemas it names are read, surely: parsed before the first try.
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    refs_in(&serde_json::to_value(&new_schema).ok()?, &mut wanted);
    let mut parsed: HashMap<String, ReferenceOr<Schema>> = HashMap::from([(key.to_owned(), new_schema)]);
    let seeded = crate::lower::seed(record, key);
    let mut rounds = 0;
    let one = loop {
        let touched = match std::mem::take(&mut wanted) {
            w if w.iter().any(|k| !parsed.contains_key(k)) => w,
            _ => {
                let stand_ins: HashSet<String> = chunks.keys.iter().filter(|k| !parsed.contains_key(*k)).cloned().collect();
                let schemas = chunks.keys.iter().map(|k| (k.clone(), parsed.get(k).cloned().unwrap_or_else(stand_in))).collect();
                let doc = OpenAPI {
                    openapi: "3.0.3".into(),
                    components: Some(Components { schemas, ..Default::default() }),
                    ..Default::default()
                };
                let one = lower_one(&doc, file, record, key, &stand_ins, &seeded);
                if one.touched.is_empty() {
                    break one;
                }
                one.touched
            }
        };
        rounds += 1;
        if rounds > 8 {
            return None;
        }
        let todo: Vec<String> = touched.into_iter().filter(|k| !parsed.contains_key(k)).collect();
        for k in todo {
            let i = *index.get(k.as_str())?;
            let r = range(i);
            let shifted = if i > c { r.start.checked_add_signed(added)?..r.end.checked_add_signed(added)? } else { r.clone() };
            let at = format!("/components/schemas/{}", escape_token(&k));
            let (mut schema, _) = parse_entry(new.get(shifted)?, json, &k, dialect, file, &at)?;
            let ids = slots_in(r);
            let slots = take_from(&mut schema, &at, &ids, fresh);
            if slots.len() != ids.len() || slots.iter().zip(ids).any(|(s, i)| s.text != state.slots[i].text) {
                return None;
            }
            parsed.insert(k, schema);
        }
    };
    let own_claims: Vec<_> = record.claims.iter().filter(|c| c.owner.as_deref() == Some(key)).collect();
    if !one.clean || !one.claims.iter().eq(own_claims.iter().copied()) {
        return None;
    }

    // Its types are the ones it had, on no cycle.
    let index_of = |name: &str| structure.type_names.binary_search_by(|n| n.as_str().cmp(name)).ok();
    let own_name = record.component_names.iter().find(|(k, _)| k == key)?.1.as_str();
    let before: BTreeSet<usize> =
        std::iter::once(own_name).chain(own_claims.iter().map(|c| c.name.as_str())).filter_map(index_of).collect();
    let group: Vec<(usize, TypeDef)> = one.types.into_iter().map(|t| Some((index_of(&t.name)?, t))).collect::<Option<_>>()?;
    if group.iter().map(|(i, _)| *i).collect::<BTreeSet<_>>() != before {
        return None;
    }
    let graph = &state.graph;
    let successors = |i: usize| graph.types.get(i).into_iter().flatten().flatten().map(|&j| j as usize);
    for &g in &before {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<usize> = successors(g).collect();
        while let Some(i) = stack.pop() {
            if i == g {
                return None;
            }
            if seen.insert(i) {
                stack.extend(successors(i));
            }
        }
    }
    let referrers: BTreeSet<usize> =
        (0..graph.types.len()).filter(|i| !before.contains(i) && successors(*i).any(|j| before.contains(&j))).collect();

    let warnings = moved_warnings(
        state,
        source,
        start..old_end,
        new[start..new_end].matches('\n').count(),
        |w| matches!(w, Warning::Spec { pointer: p, .. } if p == &pointer || p.starts_with(&format!("{pointer}/"))),
    )?;
    let plan = Plan::reaching(state, before.iter().copied().collect(), vec![false; state.uses.header_sets.len()])?;
    let mut texts: Vec<&str> = state.slots.iter().map(|s| s.text.as_str()).collect();
    texts.resize(fresh + new_slots.len().saturating_sub(own.len()), "");
    for (i, text, _) in &slot_changes {
        texts[*i] = text;
    }
    let change = Change {
        range: start..old_end,
        text: new[start..new_end].to_owned(),
        moved_after: old_end,
        slots: slot_changes.clone(),
        deep: one.deep.into_iter().filter(|k| !record.deep.contains(k)).collect(),
    };
    finish(state, source, out, &plan, warnings, change, || {
        let (id, model) = model()?;
        if id != state.model_id {
            return None;
        }
        let mut api = plan.model(state, &model)?;
        let position = |api: &crate::ir::Api, name: &str| api.types.binary_search_by(|t| t.name.as_str().cmp(name)).ok();
        // What reads into the types, beyond what their keys cover: the
        // one pass of a union over its options, a page walk.
        for &r in &referrers {
            if matches!(api.types[position(&api, structure.type_names.get(r)?)?].kind, TypeKind::Union(_)) {
                return None;
            }
        }
        // A page walk reads the types its parameters, body and success
        // responses reach (`lower/pagination.rs`), not its errors'.
        for (o, op) in api.operations.iter().enumerate() {
            if !plan.operations.get(o).copied().unwrap_or(true) || op.pagination.is_none() {
                continue;
            }
            let body = op.body.iter().flat_map(|b| &b.media).flat_map(|m| m.kind.type_refs());
            let success = op.responses.iter().filter(|r| r.status.is_success()).filter_map(|r| r.body.as_ref()).map(|b| &b.ty);
            let roots = op.params.iter().map(|p| &p.ty).chain(body).chain(success);
            let mut stack: Vec<usize> = roots.flat_map(TypeRef::named).filter_map(index_of).collect();
            let mut seen = BTreeSet::new();
            while let Some(i) = stack.pop() {
                if before.contains(&i) {
                    return None;
                }
                if seen.insert(i) {
                    stack.extend(successors(i));
                }
            }
        }
        let validated = api.needs_validation();
        let mut at = Vec::with_capacity(group.len());
        for (_, ty) in &group {
            let p = position(&api, &ty.name)?;
            let was = &api.types[p];
            let union = |t: &TypeDef| matches!(t.kind, TypeKind::Union(_));
            let string_enum = |t: &TypeDef| matches!(t.kind, TypeKind::StringEnum(_));
            if names(was) != names(ty)
                || union(was)
                || union(ty)
                || string_enum(was) != string_enum(ty)
                || uses_dates(was) != uses_dates(ty)
            {
                return None;
            }
            at.push(p);
        }
        for ((_, ty), &p) in group.iter().zip(&at) {
            api.types[p] = ty.clone();
        }
        let now = api.needs_validation();
        if group.iter().any(|(_, t)| validated.contains(&t.name) != now.contains(&t.name)) {
            return None;
        }
        let blobs: Vec<Vec<u8>> = group.iter().map(|(_, ty)| postcard::to_stdvec(ty).ok()).collect::<Option<_>>()?;
        let uses = super::substitute(&mut api, &texts);
        let types = group.iter().zip(at).zip(blobs).map(|(((i, _), p), blob)| (*i as u32, uses.types[p].clone(), blob)).collect();
        Some((api, types))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\npaths: {}\ncomponents:\n  parameters: {}\n  schemas:\n    Pet:\n      type: object\n      # a comment\n# another, far out\n      properties:\n        name: {type: string}\n\n    'Quoted key':\n      type: string\n    Last: {type: integer}\n  responses: {}\n";

    #[test]
    fn the_entries_of_the_schemas_are_found_by_their_keys_lines() {
        let found = chunks(SPEC).expect("block style");
        assert_eq!(found.keys, ["Pet", "Quoted key", "Last"]);
        assert_eq!(found.indent, 4);
        let texts: Vec<&str> = (0..3).map(|i| &SPEC[found.starts[i]..found.starts.get(i + 1).copied().unwrap_or(found.end)]).collect();
        assert!(texts[0].starts_with("    Pet:\n") && texts[0].ends_with("{type: string}\n\n"), "{:?}", texts[0]);
        assert_eq!(texts[1], "    'Quoted key':\n      type: string\n");
        assert_eq!(texts[2], "    Last: {type: integer}\n");
        // Each reads alone as its schema.
        let file = Path::new("s.yaml");
        let (pet, _) = parse_entry(texts[0], false, "Pet", Dialect::V3_0, file, "/components/schemas/Pet").expect("reads");
        assert!(matches!(pet, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(openapiv3::Type::Object(_)), .. })));
        assert!(parse_entry(texts[1], false, "Quoted key", Dialect::V3_0, file, "/components/schemas/Quoted key").is_some());
        assert!(parse_entry(texts[1], false, "Pet", Dialect::V3_0, file, "/components/schemas/Pet").is_none(), "another key");
        // Flow style is not read this way.
        assert!(chunks("openapi: 3.0.3\ncomponents:\n  schemas: {Pet: {type: object}}\n").is_none());
    }

    #[test]
    fn json_entries_are_found_by_their_keys() {
        let text = r#"{"openapi": "3.1.0", "paths": {"/a": {"x": [{"schemas": {"No": {}}}]}},
  "components": {
    "parameters": {"schemas": {}},
    "schemas": {
      "Pet": {"type": "object", "properties": {"a": {"type": "string", "description": "A \"b\" {c}"}}},
      "Tag\u0073": {"enum": ["x", "}"]}
    },
    "x-schemas": {"Not": {}}
  }
}"#;
        let found = chunks(text).expect("JSON");
        assert!(found.json);
        assert_eq!(found.keys, ["Pet", "Tags"]);
        let texts: Vec<&str> = (0..2).map(|i| &text[found.starts[i]..found.starts.get(i + 1).copied().unwrap_or(found.end)]).collect();
        let file = Path::new("s.json");
        let (pet, _) = parse_entry(texts[0], true, "Pet", Dialect::V3_1, file, "/components/schemas/Pet").expect("reads");
        assert!(matches!(pet, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(openapiv3::Type::Object(_)), .. })));
        assert!(parse_entry(texts[1], true, "Tags", Dialect::V3_1, file, "/components/schemas/Tags").is_some());
        assert!(chunks("{\"openapi\": \"3.0.3\"}").is_none());
    }

    #[test]
    fn keys_anchors_and_surfaces() {
        assert_eq!(key_of("Pet:").as_deref(), Some("Pet"));
        assert_eq!(key_of("Pet: {type: string}").as_deref(), Some("Pet"));
        assert_eq!(key_of("\"A b\":").as_deref(), Some("A b"));
        assert_eq!(key_of("&a Pet:"), None);
        assert_eq!(key_of("Pet:x"), None);
        assert!(anchors("    Pet: &pet\n      type: object\n"));
        assert!(anchors("      items: *pet\n"));
        assert!(anchors("      - *pet\n"));
        assert!(!anchors("      description: Bold **and** this & that.\n"));
        let schema = |text: &str| serde_yaml::from_str::<ReferenceOr<Schema>>(text).expect("a schema");
        let a = schema("{type: object, description: A, properties: {x: {type: string}}, required: [x]}");
        let b = schema("{type: object, description: A, properties: {y: {type: integer}}}");
        let c = schema("{type: object, description: B, properties: {x: {type: string}}}");
        let d = schema("{type: object, description: A}");
        assert_eq!(surface(&a), surface(&b), "properties and required are not the surface");
        assert_ne!(surface(&a), surface(&c), "the description is");
        assert_ne!(surface(&a), surface(&d), "whether there are properties is");
    }
}
