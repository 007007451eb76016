//! What each emitted file is a function of, as one SHA-256: the key under
//! which the cache keeps the file's text (`cache.rs`), so that a run after a
//! small edit builds only the files whose inputs changed.
//!
//! A file's emitter reads the model item it is emitted from (a type, an
//! operation, a header set), and from the rest of the [`Api`]:
//!
//! - its small parts (title, servers, security schemes, features, gated
//!   types, derives: "globals" below), and the [`EmitOptions`];
//! - the types it looks up by name (`Api::type_named`), which are always
//!   named by a [`TypeRef::Named`](crate::ir::TypeRef) inside the item or
//!   inside a type so looked up: the item's closure over references;
//! - whether those types need validation.
//!
//! So a type's, an operation's or an example's file is keyed on the
//! item, the globals, and every type of that closure (all of it, as
//! `Debug` prints it) with its validation need; the files that list every
//! operation (the client, `lib.rs`, the server) on the globals and every
//! operation; `models/mod.rs` on everything. Everything is hashed from
//! its derived `Debug`, which prints every field (a field added to the
//! model is covered without a change here) and tells apart every two
//! values that could emit differently.
//!
//! That the key covers what the emitter reads is checked, not only
//! argued: in debug builds (the tests), every file of a small model is
//! emitted a second time from a model that holds only what its key covers
//! ([`check_keys_cover_inputs`]), and must come out the same.

use std::collections::{BTreeSet, HashMap};
use std::fmt::{Debug, Write as _};

use sha2::{Digest, Sha256};

use super::EmitOptions;
use crate::cache::{Key, GENERATOR_VERSION};
use crate::ir::{Api, HeaderSet, Operation, TypeDef};

/// The digest of one item of the model: the SHA-256 of its `Debug` text,
/// and the types it names.
#[derive(Debug)]
struct ItemDigest {
    key: Key,
    /// The names in its `Named("..")` type references, sorted, deduplicated.
    /// `None` when one could not be read back from the text (an escaped
    /// character): then nothing keyed on it is ever served from the cache.
    names: Option<Vec<String>>,
}

/// What an item names, resolved: the types (by index in `Api::types`), and
/// names that are no type.
#[derive(Debug, Default)]
struct Refs {
    types: Vec<usize>,
    missing: Vec<String>,
}

/// The keys of every file of one emit.
pub(crate) struct Keys<'a> {
    /// The generator's version, the options, the header and the globals.
    base: Key,
    /// By index in `Api::types`: the digest, and what it names (`None`:
    /// cannot be keyed).
    types: Vec<(Key, Option<Refs>)>,
    index: HashMap<&'a str, usize>,
    operations: Vec<(Key, Option<Refs>)>,
    header_sets: Vec<Key>,
    /// Whether each type needs validation, by index.
    validates: Vec<bool>,
    /// The base and every operation.
    every_operation: Key,
    /// The base and every type, operation and header set.
    everything: Key,
}

/// The types each type and each operation names (by index in
/// `Api::types`), as the keys read them: `None` for an item whose names
/// could not be read, whose files are never served from the cache.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Graph {
    pub types: Vec<Option<Vec<u32>>>,
    pub operations: Vec<Option<Vec<u32>>>,
}

/// The kinds of key a file can have.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Scope<'a> {
    /// A type's module (its `Validate` impl included).
    Model(&'a TypeDef),
    /// An operation's module.
    Operation(&'a Operation),
    /// An operation's example.
    Example(&'a Operation),
    /// A header set's struct.
    Headers(&'a HeaderSet),
    /// A file built from the globals and the operations (the client,
    /// `lib.rs`, the server's and the mock's modules, ...), named by its path.
    Operations(&'a str),
    /// A file built from anything in the model, named by its path.
    Everything(&'a str),
}

impl<'a> Keys<'a> {
    /// Digests the model: every type, operation and header set, on every core.
    pub(crate) fn new(api: &'a Api, options: &EmitOptions, header: &str, needs_validation: &'a BTreeSet<String>) -> Keys<'a> {
        // Every field but the three lists, spelled out: a field added to
        // `Api` does not compile here until it is decided where it goes.
        let Api { title, version, description, servers, security_schemes, types, operations, header_sets, features, gated_types, derives } =
            api;
        let mut h = Sha256::new();
        for part in [GENERATOR_VERSION, header] {
            field(&mut h, part.as_bytes());
        }
        let globals = format!("{options:?}\n{title:?}\n{version:?}\n{description:?}\n{servers:?}\n{security_schemes:?}\n{features:?}\n{gated_types:?}\n{derives:?}");
        field(&mut h, globals.as_bytes());
        let base: Key = h.finalize().into();

        let items: Vec<Item> = types
            .iter()
            .map(Item::Type)
            .chain(operations.iter().map(Item::Operation))
            .chain(header_sets.iter().map(Item::Headers))
            .collect();
        let digests = super::pool::in_parallel(&items, |item| {
            let mut text = String::new();
            Ok(match item {
                Item::Type(t) => digest(*t, &mut text),
                Item::Operation(o) => digest(*o, &mut text),
                Item::Headers(s) => digest(*s, &mut text),
            })
        })
        .unwrap_or_else(|_| items.iter().map(|_| ItemDigest { key: [0; 32], names: None }).collect());
        let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
        let resolve = |d: ItemDigest| {
            let refs = d.names.map(|names| {
                let mut refs = Refs::default();
                for name in names {
                    match index.get(name.as_str()) {
                        Some(&i) => refs.types.push(i),
                        None => refs.missing.push(name),
                    }
                }
                refs
            });
            (d.key, refs)
        };
        let mut digests = digests.into_iter();
        let type_digests: Vec<(Key, Option<Refs>)> = digests.by_ref().take(types.len()).map(resolve).collect();
        let operation_digests: Vec<(Key, Option<Refs>)> = digests.by_ref().take(operations.len()).map(resolve).collect();
        let header_digests: Vec<Key> = digests.map(|d| d.key).collect();
        let validates = types.iter().map(|t| needs_validation.contains(&t.name)).collect();

        let mut h = Sha256::new();
        h.update(base);
        h.update(b"operations");
        for (key, _) in &operation_digests {
            h.update(key);
        }
        let every_operation: Key = h.finalize().into();
        let mut h = Sha256::new();
        h.update(every_operation);
        h.update(b"types");
        for (key, _) in &type_digests {
            h.update(key);
        }
        h.update(b"header sets");
        for key in &header_digests {
            h.update(key);
        }
        let everything: Key = h.finalize().into();
        Keys {
            base,
            types: type_digests,
            index,
            operations: operation_digests,
            header_sets: header_digests,
            validates,
            every_operation,
            everything,
        }
    }

    /// What each type and operation names, as the keys read it.
    pub(crate) fn graph(&self) -> Graph {
        let refs = |(_, refs): &(Key, Option<Refs>)| refs.as_ref().map(|r| r.types.iter().map(|&i| i as u32).collect());
        Graph { types: self.types.iter().map(refs).collect(), operations: self.operations.iter().map(refs).collect() }
    }

    /// The key of the file emitted from `scope`; `None` when it cannot have
    /// one (see [`ItemDigest::names`]).
    pub(crate) fn key(&self, api: &Api, scope: Scope<'_>) -> Option<Key> {
        let mut h = Sha256::new();
        h.update(self.base);
        match scope {
            Scope::Model(ty) => {
                h.update(b"model");
                let i = *self.index.get(ty.name.as_str())?;
                let (key, refs) = self.types.get(i)?;
                h.update(key);
                h.update([u8::from(self.validates[i])]);
                self.closure(&mut h, refs.as_ref()?)?;
            }
            Scope::Operation(op) | Scope::Example(op) => {
                h.update(if matches!(scope, Scope::Operation(_)) { b"operation" } else { b"example  " });
                let i = api.operations.iter().position(|o| std::ptr::eq(o, op))?;
                let (key, refs) = self.operations.get(i)?;
                h.update(key);
                self.closure(&mut h, refs.as_ref()?)?;
            }
            Scope::Headers(set) => {
                h.update(b"headers");
                let i = api.header_sets.iter().position(|s| std::ptr::eq(s, set))?;
                h.update(self.header_sets.get(i)?);
            }
            Scope::Operations(path) => {
                h.update(b"every operation");
                h.update(self.every_operation);
                field(&mut h, path.as_bytes());
            }
            Scope::Everything(path) => {
                h.update(b"everything");
                h.update(self.everything);
                field(&mut h, path.as_bytes());
            }
        }
        Some(h.finalize().into())
    }

    /// Hashes every type reachable from `refs` through type references (its
    /// digest, which covers its name, and its validation need), in name
    /// order, and the names that are no type. `None` when one cannot be keyed.
    fn closure(&self, h: &mut Sha256, refs: &Refs) -> Option<()> {
        let (reached, missing) = self.reach(refs)?;
        for i in reached {
            h.update(self.types[i].0);
            h.update([u8::from(self.validates[i])]);
        }
        h.update(b"missing");
        for name in missing {
            field(h, name.as_bytes());
        }
        Some(())
    }

    /// The types reachable from `refs` (by index, sorted: in name order), and
    /// the names reached that are no type.
    fn reach<'r>(&'r self, refs: &'r Refs) -> Option<(Vec<usize>, BTreeSet<&'r str>)> {
        let mut seen = vec![false; self.types.len()];
        let mut reached = Vec::new();
        let mut missing: BTreeSet<&str> = refs.missing.iter().map(String::as_str).collect();
        let mut stack = refs.types.clone();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                reached.push(i);
                let next = self.types[i].1.as_ref()?;
                stack.extend(&next.types);
                missing.extend(next.missing.iter().map(String::as_str));
            }
        }
        reached.sort_unstable();
        Some((reached, missing))
    }
}

enum Item<'a> {
    Type(&'a TypeDef),
    Operation(&'a Operation),
    Headers(&'a HeaderSet),
}

fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The digest of `value`'s `Debug` text (written into `text`, reused).
fn digest(value: &impl Debug, text: &mut String) -> ItemDigest {
    text.clear();
    let _ = write!(text, "{value:?}");
    let key = Sha256::digest(text.as_bytes()).into();
    ItemDigest { key, names: named(text) }
}

/// The names of the `Named("..")` in a `Debug` text. A string's `Debug`
/// escapes its quotes, so the pattern cannot come from inside a string.
fn named(text: &str) -> Option<Vec<String>> {
    const OPEN: &str = "Named(\"";
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        rest = &rest[at + OPEN.len()..];
        let end = rest.find('"')?;
        let name = &rest[..end];
        if name.contains('\\') {
            return None;
        }
        names.push(name.to_owned());
        rest = &rest[end..];
    }
    names.sort_unstable();
    names.dedup();
    Some(names)
}

/// The part of the model a file's key covers, as a model of its own: the
/// globals, the types of the closure (for the files keyed on one), the
/// operations (for the files keyed on them); and the validation needs of
/// those types. Emitting the file from it must give the file emitted from
/// the whole model, or the key misses an input (checked in debug builds).
#[cfg(debug_assertions)]
pub(crate) fn covered(
    api: &Api,
    keys: &Keys<'_>,
    needs_validation: &BTreeSet<String>,
    scope: Scope<'_>,
) -> Option<(Api, BTreeSet<String>)> {
    let mut part = api.globals();
    let refs = match scope {
        Scope::Model(ty) => {
            let i = *keys.index.get(ty.name.as_str())?;
            let refs = keys.types.get(i)?.1.as_ref()?;
            let mut types = refs.types.clone();
            types.push(i);
            Refs { types, missing: refs.missing.clone() }
        }
        Scope::Operation(op) | Scope::Example(op) => {
            let i = api.operations.iter().position(|o| std::ptr::eq(o, op))?;
            let refs = keys.operations.get(i)?.1.as_ref()?;
            Refs { types: refs.types.clone(), missing: refs.missing.clone() }
        }
        Scope::Headers(_) => Refs::default(),
        Scope::Operations(_) => {
            part.operations = api.operations.clone();
            Refs::default()
        }
        Scope::Everything(_) => return Some((api.clone(), needs_validation.clone())),
    };
    let (reached, _) = keys.reach(&refs)?;
    part.types = reached.iter().map(|&i| api.types[i].clone()).collect();
    let needs = part.types.iter().filter(|t| needs_validation.contains(&t.name)).map(|t| t.name.clone()).collect();
    Some((part, needs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_debug_text_and_strings_do_not_fool_it() {
        let text = r#"Field { docs: Some("see Named(\"Decoy\")"), ty: Array(Named("Pet")) }, Nullable(Named("Owner")), Named("Pet")"#;
        assert_eq!(named(text), Some(vec!["Owner".to_owned(), "Pet".to_owned()]));
        assert_eq!(named(r#"Named("We\"ird")"#), None);
    }
}
