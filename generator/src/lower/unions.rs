//! `oneOf` and `anyOf`: a union whose dispatch is decided here, in order of
//! preference: (a) the spec's `discriminator`; (b) an inferred one, when
//! every option has a required property whose `enum` values are disjoint;
//! (c) required properties only one option has; (d) in order, with a warning.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{object_parts, schema_docs};
use super::{Lowerer, Resolved};
use crate::ir::*;
use crate::naming::{pascal_name, reserved, split_words, Scope};
use crate::parse::escape_token;

impl<'a> Lowerer<'a> {
    /// The union of `options` (the schema's `keyword`, `oneOf` or `anyOf`).
    pub(super) fn union(
        &mut self,
        name: &str,
        pointer: &str,
        options: &'a [ReferenceOr<Schema>],
        schema: &'a Schema,
        keyword: &str,
    ) -> Option<Union> {
        if options.is_empty() {
            self.error(pointer, format!("`{keyword}` has no options"));
            return None;
        }
        // The type of each option, its object schema if it has one, and the
        // component key of a `$ref`.
        let mut tys = Vec::new();
        let mut objects: Vec<Option<Resolved<'a, Schema>>> = Vec::new();
        let mut ref_keys: Vec<Option<String>> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let ptr = format!("{pointer}/{keyword}/{i}");
            tys.push(self.ref_or_type(option, &ptr, &format!("{name}Option{}", i + 1))?);
            objects.push(self.resolve(option, &ptr).filter(|l| object_parts(l.item).is_some()));
            ref_keys.push(match option {
                ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
                ReferenceOr::Item(_) => None,
            });
        }
        let names = variant_names(&tys);
        let docs = objects.iter().map(|o| o.as_ref().and_then(|l| schema_docs(l.item)));
        let mut variants: Vec<UnionVariant> = tys
            .into_iter()
            .zip(names)
            .zip(docs)
            .map(|((ty, rust_name), docs)| UnionVariant { rust_name, ty, tags: Vec::new(), keys: Vec::new(), docs, boxed: false })
            .collect();

        if let Some(disc) = &schema.schema_data.discriminator {
            return self.explicit_tag(disc, &mut variants, &ref_keys, pointer).map(|strategy| Union { strategy, variants, one_pass: None });
        }
        if objects.iter().all(Option::is_some) && variants.len() > 1 {
            let objects: Vec<Resolved<'a, Schema>> = objects.into_iter().flatten().collect();
            if let Some(strategy) = self.inferred(&objects, &mut variants) {
                return Some(Union { strategy, variants, one_pass: None });
            }
        }
        let listed: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
        let message = format!(
            "`{name}`: the options of this {keyword} ({}) overlap: no property tells them apart, so each value is tried against them in order",
            listed.join(", ")
        );
        self.warn(pointer, message, Some("add a `discriminator`, or give each option a required property with its own enum value"));
        Some(Union { strategy: UnionStrategy::Untagged, variants, one_pass: None })
    }

    /// (a) The spec's `discriminator`: each option's tags are the `mapping`
    /// values that name it, else its component key.
    fn explicit_tag(
        &mut self,
        disc: &openapiv3::Discriminator,
        variants: &mut [UnionVariant],
        ref_keys: &[Option<String>],
        pointer: &str,
    ) -> Option<UnionStrategy> {
        for (variant, key) in variants.iter_mut().zip(ref_keys) {
            let mapped: Vec<String> = disc
                .mapping
                .iter()
                .filter(|(_, target)| key.as_deref() == target.rsplit('/').next())
                .map(|(value, _)| value.clone())
                .collect();
            variant.tags = if mapped.is_empty() { key.clone().into_iter().collect() } else { mapped };
        }
        if variants.iter().any(|v| v.tags.is_empty()) {
            self.error_hint(
                &format!("{pointer}/discriminator"),
                "a `discriminator` needs every option to be a `$ref` or listed in `mapping`",
                "add the inline options to `mapping`, or make them component schemas",
            );
            return None;
        }
        Some(UnionStrategy::Tag { property: disc.property_name.clone(), explicit: true })
    }

    /// (b) and (c), for options that are all objects: an inferred tag, else
    /// the required properties only one option has.
    fn inferred(&mut self, objects: &[Resolved<'a, Schema>], variants: &mut [UnionVariant]) -> Option<UnionStrategy> {
        if let Some((property, tags)) = self.infer_tag(objects) {
            for (variant, tags) in variants.iter_mut().zip(tags) {
                variant.tags = tags;
            }
            return Some(UnionStrategy::Tag { property, explicit: false });
        }
        let required: Vec<BTreeSet<String>> =
            objects.iter().map(|o| object_parts(o.item).map(|(_, req)| req.iter().cloned().collect()).unwrap_or_default()).collect();
        let unique: Vec<Vec<String>> = required
            .iter()
            .enumerate()
            .map(|(i, mine)| {
                mine.iter().filter(|k| required.iter().enumerate().all(|(j, other)| j == i || !other.contains(*k))).cloned().collect()
            })
            .collect();
        if unique.iter().any(Vec::is_empty) {
            return None;
        }
        for (variant, keys) in variants.iter_mut().zip(unique) {
            variant.keys = keys;
        }
        Some(UnionStrategy::Keys)
    }

    /// Finds a required property present in every option whose `enum` values
    /// are disjoint across options.
    fn infer_tag(&mut self, objects: &[Resolved<'a, Schema>]) -> Option<(String, Vec<Vec<String>>)> {
        let (first_props, first_req) = object_parts(objects.first()?.item)?;
        'candidates: for candidate in first_props.keys() {
            if !first_req.contains(candidate) {
                continue;
            }
            let mut all_tags: Vec<Vec<String>> = Vec::new();
            let mut seen: BTreeSet<String> = BTreeSet::new();
            for object in objects {
                let (props, req) = object_parts(object.item)?;
                if !req.contains(candidate) {
                    continue 'candidates;
                }
                let Some(prop) = props.get(candidate) else { continue 'candidates };
                let ptr = format!("{}/properties/{}", object.pointer, escape_token(candidate));
                let Some(target) = self.resolve_boxed(prop, &ptr) else { continue 'candidates };
                let SchemaKind::Type(Type::String(s)) = &target.item.schema_kind else { continue 'candidates };
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() || values.iter().any(|v| !seen.insert(v.clone())) {
                    continue 'candidates;
                }
                all_tags.push(values);
            }
            return Some((candidate.clone(), all_tags));
        }
        None
    }
}

/// Variant names: the options' type names without the words every one
/// of them starts or ends with (`LlmObsAnnotatedUpstreamInteraction` and
/// `LlmObsAnnotatedDisplayBlockInteraction` become `Upstream` and
/// `DisplayBlock`), when that leaves distinct names.
fn variant_names(tys: &[TypeRef]) -> Vec<String> {
    let full: Vec<String> = tys.iter().map(type_label).collect();
    let words: Vec<Vec<String>> = full.iter().map(|n| split_words(n)).collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let mut prefix = 0;
    while prefix < shortest && words.iter().all(|w| w[prefix] == words[0][prefix]) {
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < shortest - prefix && words.iter().all(|w| w[w.len() - 1 - suffix] == words[0][words[0].len() - 1 - suffix]) {
        suffix += 1;
    }
    let short: Vec<String> = words.iter().map(|w| pascal_name(&w[prefix..w.len() - suffix].join("_"))).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    let usable = tys.len() > 1 && distinct.len() == short.len() && short.iter().all(|s| !s.is_empty() && s != "Unknown");
    let chosen = if usable { short } else { full };
    let mut scope = Scope::with_reserved(reserved::VARIANTS.iter().copied());
    chosen.into_iter().map(|n| scope.claim(n)).collect()
}

/// A readable name for a type, for union variants.
fn type_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Integer { .. } => "Integer".into(),
        TypeRef::Number { .. } => "Number".into(),
        TypeRef::Boolean => "Boolean".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Array(item) => format!("{}List", type_label(item)),
        TypeRef::Map(value) => format!("{}Map", type_label(value)),
        TypeRef::Named(n) => n.clone(),
    }
}
