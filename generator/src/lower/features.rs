//! Cargo features per tag: each tag the operations use becomes a feature
//! of the generated crate, and each operation and type learns which
//! features compile it.
//!
//! An operation is compiled when any of its tags' features is on; an
//! operation without tags always is. A type (or a response's header set) is
//! compiled when any feature of an operation that reaches it is on: so a
//! model shared by two tags compiles with either, and one reached by an
//! untagged operation, or by no operation at all, always compiles. What a
//! gated type refers to is reached by the same operations, so it is never
//! gated more narrowly than the type itself.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::OpenAPI;

use super::Lowerer;
use crate::ir::{Api, Feature};
use crate::naming::{reserved, snake_name, Scope};
use crate::source::escape_token;

impl Lowerer<'_> {
    /// One feature per tag the operations (in spec order) use, in the order
    /// of the document's `tags`, then of first use; sets each operation's
    /// features. Call before the operations are sorted.
    pub(super) fn tag_features(&mut self, doc: &OpenAPI) -> Vec<Feature> {
        let used: BTreeSet<&str> = self.operations.iter().flat_map(|o| o.tags.iter().map(String::as_str)).collect();
        let mut order: Vec<(String, Option<String>, String)> = Vec::new();
        for (i, tag) in doc.tags.iter().enumerate() {
            if used.contains(tag.name.as_str()) && !order.iter().any(|(t, _, _)| *t == tag.name) {
                order.push((tag.name.clone(), tag.description.clone(), format!("/tags/{i}/name")));
            }
        }
        let declared = order.len();
        for op in &self.operations {
            for tag in &op.tags {
                if !order.iter().any(|(t, _, _)| t == tag) {
                    order.push((tag.clone(), None, String::new()));
                }
            }
        }
        let mut scope = Scope::with_reserved(reserved::FEATURES.iter().copied());
        let mut features = Vec::with_capacity(order.len());
        for (i, (tag, description, pointer)) in order.into_iter().enumerate() {
            let candidate = match snake_name(&tag) {
                name if name.is_empty() => "tag".to_owned(),
                name => name,
            };
            // An undeclared tag is pointed at where it is first used.
            let pointer = if i < declared { pointer } else { self.first_use(&tag) };
            let name = self.claim(&mut scope, candidate, &pointer, &format!("the feature of tag `{tag}`"));
            features.push(Feature { name, tag, description });
        }
        let by_tag: HashMap<&str, &str> = features.iter().map(|f| (f.tag.as_str(), f.name.as_str())).collect();
        let rank: HashMap<&str, usize> = features.iter().enumerate().map(|(i, f)| (f.name.as_str(), i)).collect();
        for op in &mut self.operations {
            let mut names: Vec<String> = op.tags.iter().filter_map(|t| by_tag.get(t.as_str())).map(|n| (*n).to_owned()).collect();
            names.sort_by_key(|n| rank[n.as_str()]);
            names.dedup();
            op.features = names;
        }
        features
    }

    /// The pointer of the first operation that uses `tag`.
    fn first_use(&self, tag: &str) -> String {
        let op = self.operations.iter().find(|o| o.tags.iter().any(|t| t == tag));
        op.map(|o| format!("/paths/{}/{}/tags", escape_token(&o.path), o.method.key())).unwrap_or_default()
    }
}

/// The features that compile each type and header set reached only by
/// tagged operations, by Rust name, in feature order.
pub(crate) fn gate_types(api: &Api) -> BTreeMap<String, Vec<String>> {
    if api.features.is_empty() {
        return BTreeMap::new();
    }
    let refs: HashMap<&str, Vec<&str>> =
        api.types.iter().map(|t| (t.name.as_str(), t.kind.type_refs().into_iter().flat_map(|r| r.named()).collect())).collect();
    // What each feature reaches, and what is always compiled (`None`).
    let mut reached: BTreeMap<Option<&str>, BTreeSet<&str>> = BTreeMap::new();
    for op in &api.operations {
        let roots: Vec<&str> =
            op.type_refs().flat_map(|r| r.named()).chain(op.responses.iter().filter_map(|r| r.headers.as_deref())).collect();
        let keys: Vec<Option<&str>> = match op.features.is_empty() {
            true => vec![None],
            false => op.features.iter().map(|f| Some(f.as_str())).collect(),
        };
        for key in keys {
            let seen = reached.entry(key).or_default();
            let mut stack = roots.clone();
            while let Some(name) = stack.pop() {
                if seen.insert(name) {
                    stack.extend(refs.get(name).into_iter().flatten().copied());
                }
            }
        }
    }
    // Types no operation reaches (GitHub's webhook payloads, components of
    // their own) are always compiled, and so is every type they hold:
    // gated, a tag turned off would leave them naming a missing type.
    let reached_any: BTreeSet<&str> = reached.values().flatten().copied().collect();
    let seen = reached.entry(None).or_default();
    let mut stack: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).filter(|name| !reached_any.contains(name)).collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            stack.extend(refs.get(name).into_iter().flatten().copied());
        }
    }
    let always = reached.remove(&None).unwrap_or_default();
    let mut gates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for feature in &api.features {
        for name in reached.get(&Some(feature.name.as_str())).into_iter().flatten() {
            if !always.contains(name) {
                gates.entry((*name).to_owned()).or_default().push(feature.name.clone());
            }
        }
    }
    gates
}
