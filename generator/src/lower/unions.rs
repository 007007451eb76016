//! `oneOf` and `anyOf`: a union whose dispatch is decided here, in order of
//! preference: (a) the spec's `discriminator`; (b) an inferred one, when
//! every option has a required property whose `enum` values are disjoint
//! (an option that is itself a union has the values of its options);
//! (c) required properties only one option has; (d) a partial tag, when such
//! a property narrows the options without separating them all (a warning
//! names what it leaves together); (e) in order: without a warning when the
//! options are different kinds of JSON (a string, a number, an array, ...),
//! with one otherwise, integers tried before numbers and any value last.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{any_shape, constrained_scalar, object_parts, properties_of, schema_docs, single_ref, AnyShape, Property};
use super::{Lowerer, Resolved};
use crate::ir::*;
use crate::naming::{pascal_name, reserved, split_words, Scope};
use crate::source::escape_token;

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
        let _deep = self.deep();
        if options.is_empty() {
            self.error(pointer, format!("`{keyword}` has no options"));
            return None;
        }
        let mut shapes = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let ptr = format!("{pointer}/{keyword}/{i}");
            let ty = self.ref_or_type(option, &ptr, &format!("{name}Option{}", i + 1))?;
            let resolved = self.resolve_through(option, &ptr);
            let object = resolved.as_ref().and_then(|r| object_parts(r.item));
            let mut table = resolved.as_ref().map(|r| self.tag_table(r, 0)).unwrap_or_default();
            // A `discriminator`'s property is one every option has, whether
            // its `required` says so or not (Mailchimp's segment conditions
            // list it only in `properties`, with an `enum` of one value).
            if let (Some(disc), Some((props, _)), Some(found)) = (&schema.schema_data.discriminator, object, &resolved) {
                if !table.iter().any(|o| o.property == disc.property_name) {
                    let listed = self.property_tags(&properties_of(props, &found.pointer), std::slice::from_ref(&disc.property_name));
                    table.extend(listed);
                }
            }
            shapes.push(OptionShape {
                ty,
                docs: resolved.as_ref().filter(|_| object.is_some()).and_then(|r| schema_docs(r.item)),
                ref_key: ref_key(option),
                table,
                kind: resolved.as_ref().and_then(|r| json_kind(r.item)),
                required: object.map(|(_, req)| req.iter().cloned().collect()),
            });
        }
        let names = variant_names(&shapes.iter().map(|s| s.ty.clone()).collect::<Vec<_>>());
        self.dispatch(name, pointer, keyword, schema.schema_data.discriminator.as_ref(), shapes, names)
    }

    /// Chooses how the options of a union are told apart, in the module's
    /// order of preference, and builds it.
    pub(super) fn dispatch(
        &mut self,
        name: &str,
        pointer: &str,
        keyword: &str,
        discriminator: Option<&openapiv3::Discriminator>,
        shapes: Vec<OptionShape>,
        names: Vec<String>,
    ) -> Option<Union> {
        let _deep = self.deep();
        let ref_keys: Vec<Option<String>> = shapes.iter().map(|s| s.ref_key.clone()).collect();
        let tables: Vec<TagTable> = shapes.iter().map(|s| s.table.clone()).collect();
        let kinds: Vec<Option<JsonKind>> = shapes.iter().map(|s| s.kind).collect();
        let required: Vec<Option<BTreeSet<String>>> = shapes.iter().map(|s| s.required.clone()).collect();
        let mut variants: Vec<UnionVariant> = shapes
            .into_iter()
            .zip(names)
            .map(|(shape, rust_name)| UnionVariant {
                rust_name,
                ty: shape.ty,
                tags: Vec::new(),
                keys: Vec::new(),
                docs: shape.docs,
                boxed: false,
            })
            .collect();

        if let Some(disc) = discriminator {
            match self.explicit_tag(disc, &mut variants, &ref_keys, &tables, name, pointer)? {
                Some(strategy) => return Some(Union { strategy, variants, one_pass: None }),
                // Warned about: told apart as if there were none.
                None => variants.iter_mut().for_each(|v| v.tags.clear()),
            }
        }
        if variants.len() > 1 {
            // (b) A tag that separates every option.
            if let Some((property, integer, tags)) = full_tag(&tables) {
                for (variant, tags) in variants.iter_mut().zip(tags) {
                    variant.tags = tags;
                }
                return Some(Union { strategy: UnionStrategy::Tag { property, explicit: false, integer }, variants, one_pass: None });
            }
            // (c) Required properties only one option has.
            if let Some(required) = required.into_iter().collect::<Option<Vec<_>>>() {
                if let Some(strategy) = keys(&required, &mut variants) {
                    return Some(Union { strategy, variants, one_pass: None });
                }
            }
            // (d) A tag that narrows the options: only what it leaves
            // together is tried in order, and warned about.
            if let Some((property, integer, tags)) = partial_tag(&tables) {
                for (variant, tags) in variants.iter_mut().zip(tags) {
                    variant.tags = tags;
                }
                self.warn_partial(name, pointer, keyword, &property, &variants);
                return Some(Union { strategy: UnionStrategy::PartialTag { property, integer }, variants, one_pass: None });
            }
        }
        // (e) In order. Options of different JSON kinds: at most one fits.
        let distinct: BTreeSet<JsonKind> = kinds.iter().flatten().copied().collect();
        if kinds.iter().all(Option::is_some) && distinct.len() == kinds.len() {
            return Some(Union { strategy: UnionStrategy::JsonKinds, variants, one_pass: None });
        }
        shadowed_first(&mut variants);
        let listed: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
        let message = format!(
            "`{name}`: the options of this {keyword} ({}) overlap: no property tells them apart, so each value is tried against them in order",
            listed.join(", ")
        );
        self.warn(pointer, message, Some("add a `discriminator`, or give each option a required property with its own enum value"));
        Some(Union { strategy: UnionStrategy::Untagged, variants, one_pass: None })
    }

    /// (a) The spec's `discriminator`: each option's tags are the `mapping`
    /// values that name it, else its component key, else (an inline option)
    /// the values its own `propertyName` property lists. `None` when an
    /// option has no tag (reported); `Some(None)` when the values do not
    /// tell the options apart (TGI's `Completion`, whose two options both
    /// say `text_completion`): a warning, and the union is told apart as if
    /// it had no discriminator.
    fn explicit_tag(
        &mut self,
        disc: &openapiv3::Discriminator,
        variants: &mut [UnionVariant],
        ref_keys: &[Option<String>],
        tables: &[TagTable],
        name: &str,
        pointer: &str,
    ) -> Option<Option<UnionStrategy>> {
        let _deep = self.deep();
        let property = disc.property_name.as_str();
        let mut from_options = false;
        for ((variant, key), table) in variants.iter_mut().zip(ref_keys).zip(tables) {
            let mapped: Vec<String> = disc
                .mapping
                .iter()
                .filter(|(_, target)| key.as_deref() == target.rsplit('/').next())
                .map(|(value, _)| value.clone())
                .collect();
            variant.tags = match (mapped.is_empty(), key) {
                (false, _) => mapped,
                (true, Some(key)) => vec![key.clone()],
                (true, None) => {
                    from_options = true;
                    table.iter().find(|o| o.property == property).map(|o| o.values.clone()).unwrap_or_default()
                }
            };
        }
        if variants.iter().any(|v| v.tags.is_empty()) {
            // Mailchimp's segment conditions: inline options, no `mapping`,
            // and no `enum` on the property; nothing gives their values.
            let message = format!(
                "`{name}`: the `discriminator` on `{property}` does not give every option its values (an inline option needs `mapping` or an `enum` of the property), so it is not used"
            );
            self.warn(
                &format!("{pointer}/discriminator"),
                message,
                Some("add the inline options to `mapping`, give each a required `enum` of its values, or make them component schemas"),
            );
            return Some(None);
        }
        let mut seen: BTreeSet<&String> = BTreeSet::new();
        if !variants.iter().flat_map(|v| &v.tags).all(|t| seen.insert(t)) {
            let message = format!(
                "`{name}`: the `discriminator` on `{property}` does not tell the options apart (several list the same value), so it is not used"
            );
            self.warn(&format!("{pointer}/discriminator"), message, Some("give each option its own value of the property"));
            return Some(None);
        }
        // Values the options list themselves may be integers; `mapping`
        // keys and component names are strings.
        let integer = from_options && tag_kind(tables, property) == Some(true) && ref_keys.iter().all(Option::is_none);
        Some(Some(UnionStrategy::Tag { property: property.to_owned(), explicit: true, integer }))
    }

    /// What an option offers as a tag: each required property whose schema
    /// is a string `enum`, with its values. An option that is itself a union
    /// (`oneOf`/`anyOf`) offers the properties all of its own options offer,
    /// their values joined: a tag reaches it through them.
    pub(super) fn tag_table(&mut self, option: &Resolved<'a, Schema>, depth: u8) -> TagTable {
        let _deep = self.deep();
        if let Some((props, required)) = object_parts(option.item) {
            return self.property_tags(&properties_of(props, &option.pointer), required);
        }
        if let Some(reference) = single_ref(option.item) {
            let Some((key, next)) = self.component::<Schema>(reference, &format!("{}/allOf/0", option.pointer)) else {
                return TagTable::new();
            };
            let Some(target) = self.resolve(next, &format!("/components/schemas/{}", escape_token(key))) else { return TagTable::new() };
            return if depth > 2 { TagTable::new() } else { self.tag_table(&target, depth + 1) };
        }
        let (nested, keyword) = match &option.item.schema_kind {
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::Any(any) if any_shape(any) == AnyShape::OneOf => (&any.one_of, "oneOf"),
            SchemaKind::Any(any) if any_shape(any) == AnyShape::AnyOf => (&any.any_of, "anyOf"),
            SchemaKind::AllOf { all_of } => return self.all_of_tags(all_of, None, &option.pointer),
            SchemaKind::Any(any) if any_shape(any) == AnyShape::AllOf => return self.all_of_tags(&any.all_of, Some(any), &option.pointer),
            _ => return TagTable::new(),
        };
        // One level of unions inside unions is what real specs have; deeper
        // ones (or a union that contains itself) offer nothing.
        if depth > 0 || nested.is_empty() {
            return TagTable::new();
        }
        let mut tables = Vec::new();
        for (i, inner) in nested.iter().enumerate() {
            let Some(resolved) = self.resolve(inner, &format!("{}/{keyword}/{i}", option.pointer)) else { return TagTable::new() };
            tables.push(self.tag_table(&resolved, depth + 1));
        }
        let (first, rest) = tables.split_first().expect("a union has options");
        first
            .iter()
            .filter_map(|offer| {
                let mut joined = offer.clone();
                for table in rest {
                    let more = table.iter().find(|o| o.property == offer.property && o.integer == offer.integer)?;
                    joined.values.extend(more.values.iter().filter(|v| !offer.values.contains(v)).cloned());
                }
                Some(joined)
            })
            .collect()
    }

    /// What an `allOf` offers as a tag: the tags of its object parts (one
    /// level, as written), with the required names of every part.
    fn all_of_tags(&mut self, parts: &'a [ReferenceOr<Schema>], own: Option<&'a openapiv3::AnySchema>, pointer: &str) -> TagTable {
        let _deep = self.deep();
        let mut properties = Vec::new();
        let mut required = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let Some(found) = self.resolve(part, &format!("{pointer}/allOf/{i}")) else { continue };
            if let Some((props, req)) = object_parts(found.item) {
                properties.extend(properties_of(props, &found.pointer));
                required.extend(req.iter().cloned());
            }
        }
        if let Some(own) = own {
            properties.extend(properties_of(&own.properties, pointer));
            required.extend(own.required.iter().cloned());
        }
        self.property_tags(&properties, &required)
    }

    /// The tags of an object's `properties`: each required one whose schema
    /// is a string or integer `enum`, with its values.
    pub(super) fn property_tags(&mut self, properties: &[Property<'a>], required: &[String]) -> TagTable {
        let _deep = self.deep();
        let mut table = TagTable::new();
        for p in properties.iter().filter(|p| required.iter().any(|r| r == p.wire)) {
            let Some(target) = self.resolve_boxed(p.schema, &p.pointer) else { continue };
            let Some((integer, listed)) = enum_values(target.item) else { continue };
            let mut values: Vec<String> = Vec::new();
            for value in listed {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            if !values.is_empty() {
                table.retain(|o: &TagOffer| o.property != p.wire);
                table.push(TagOffer { property: p.wire.to_owned(), integer, values });
            }
        }
        table
    }

    /// The warning for a partial tag: the values that select more than one
    /// option, and the options no value selects when there are several.
    fn warn_partial(&mut self, name: &str, pointer: &str, keyword: &str, property: &str, variants: &[UnionVariant]) {
        // Values that select the same options, together.
        let mut groups: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for tag in variants.iter().flat_map(|v| &v.tags) {
            if !seen.insert(tag) {
                continue;
            }
            let sharing: Vec<&str> = variants.iter().filter(|o| o.tags.contains(tag)).map(|o| o.rust_name.as_str()).collect();
            if sharing.len() < 2 {
                continue;
            }
            match groups.iter_mut().find(|(options, _)| *options == sharing) {
                Some((_, values)) => values.push(tag),
                None => groups.push((sharing, vec![tag])),
            }
        }
        let mut parts: Vec<String> = groups
            .iter()
            .map(|(options, values)| {
                let quoted: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                let listed = match quoted.len() {
                    1 => format!("{} selects", quoted[0]),
                    n if n > 4 => format!("{} and {} more values select", quoted[..3].join(", "), n - 3),
                    _ => format!("{} select", join_and(&quoted.iter().map(String::as_str).collect::<Vec<_>>())),
                };
                format!("{listed} {}, tried in that order", join_and(options))
            })
            .collect();
        let untagged: Vec<&str> = variants.iter().filter(|v| v.tags.is_empty()).map(|v| v.rust_name.as_str()).collect();
        if untagged.len() > 1 {
            parts.push(format!(
                "{} have no `{property}` value: a value whose `{property}` selects no other option is tried against them in that order",
                join_and(&untagged)
            ));
        }
        if parts.is_empty() {
            return;
        }
        // The details in parentheses: a warning's kind is what is left.
        let message = format!("`{name}`: `{property}` picks the option of this {keyword} where it can ({})", parts.join("; "));
        self.warn(
            pointer,
            message,
            Some(&format!("give each option a required `{property}` with its own enum values, or add a `discriminator`")),
        );
    }
}

/// A property an option offers as a tag, with its values.
#[derive(Clone, Debug)]
pub(super) struct TagOffer {
    /// The property's wire name.
    pub(super) property: String,
    /// Its values are integers (written here in decimal), not strings.
    pub(super) integer: bool,
    /// Its values, each once.
    pub(super) values: Vec<String>,
}

/// Orders options tried in turn so that none takes every value a later
/// one would: integer options move before the first number option (a
/// number reads every integer, and would write `5` back as `5.0`; GitHub's
/// `anyOf: [string, number, integer]`), and options that take any JSON
/// value go last. The others keep the spec's order.
fn shadowed_first(variants: &mut Vec<UnionVariant>) {
    if let Some(first_number) = variants.iter().position(|v| matches!(v.ty, TypeRef::Number { .. })) {
        let later = variants.split_off(first_number);
        let (integers, rest): (Vec<_>, Vec<_>) = later.into_iter().partition(|v| matches!(v.ty, TypeRef::Integer { .. }));
        variants.extend(integers);
        variants.extend(rest);
    }
    let (any, rest): (Vec<_>, Vec<_>) = std::mem::take(variants).into_iter().partition(|v| v.ty == TypeRef::Json);
    variants.extend(rest);
    variants.extend(any);
}

/// The tag properties an option offers, in the order of its properties.
pub(super) type TagTable = Vec<TagOffer>;

/// The values of a string or integer `enum` (whether they are integers, and
/// each in decimal), `null` left out; also of a scalar `enum` beside `allOf`.
fn enum_values(schema: &Schema) -> Option<(bool, Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => Some((false, s.enumeration.iter().flatten().cloned().collect())),
        SchemaKind::Type(Type::Integer(i)) => Some((true, i.enumeration.iter().flatten().map(i64::to_string).collect())),
        SchemaKind::Any(any) => match constrained_scalar(any)? {
            "string" => Some((false, any.enumeration.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())),
            "integer" => Some((true, any.enumeration.iter().filter_map(serde_json::Value::as_i64).map(|v| v.to_string()).collect())),
            _ => None,
        },
        _ => None,
    }
}

/// Whether every option that offers `property` offers integers (`Some(true)`)
/// or strings (`Some(false)`); `None` when they disagree or none offers it.
fn tag_kind(tables: &[TagTable], property: &str) -> Option<bool> {
    let mut kinds = tables.iter().flatten().filter(|o| o.property == property).map(|o| o.integer);
    let first = kinds.next()?;
    kinds.all(|k| k == first).then_some(first)
}

/// One option of a union, as the choice of its dispatch sees it.
pub(super) struct OptionShape {
    /// Its type.
    pub(super) ty: TypeRef,
    /// Its docs, when it is an object.
    pub(super) docs: Option<String>,
    /// The component key of a `$ref` (what a `discriminator` names).
    pub(super) ref_key: Option<String>,
    /// What it offers as a tag.
    pub(super) table: TagTable,
    /// The kind of JSON it is, when it is one.
    pub(super) kind: Option<JsonKind>,
    /// Its required properties, when it is an object.
    pub(super) required: Option<BTreeSet<String>>,
}

/// The component key a `$ref` option names.
pub(super) fn ref_key(option: &ReferenceOr<Schema>) -> Option<String> {
    match option {
        ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
        ReferenceOr::Item(_) => None,
    }
}

/// The properties the options offer as tags, in the order they are first
/// met (the first option's first).
fn candidates(tables: &[TagTable]) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    for offer in tables.iter().flatten() {
        if !found.contains(&offer.property.as_str()) && tag_kind(tables, &offer.property).is_some() {
            found.push(&offer.property);
        }
    }
    found
}

/// Each option's values of a tag property, in option order.
type OptionTags = Vec<Vec<String>>;

/// Each option's values of `property` (none when it does not offer it).
fn tags_of(tables: &[TagTable], property: &str) -> OptionTags {
    tables.iter().map(|t| t.iter().find(|o| o.property == property).map(|o| o.values.clone()).unwrap_or_default()).collect()
}

/// (b) The first property every option offers with values no other option
/// has: its name, whether its values are integers, and each option's values.
fn full_tag(tables: &[TagTable]) -> Option<(String, bool, OptionTags)> {
    candidates(tables).into_iter().find_map(|property| {
        let tags = tags_of(tables, property);
        let mut seen: BTreeSet<&String> = BTreeSet::new();
        let separates = tags.iter().all(|values| !values.is_empty() && values.iter().all(|v| seen.insert(v)));
        separates.then(|| (property.to_owned(), tag_kind(tables, property) == Some(true), tags))
    })
}

/// A property that narrows the options without separating them all: the
/// one that picks out the most options alone (a value only they list), then
/// reaches the most; the first such in order. None when no property picks
/// out any option alone.
fn partial_tag(tables: &[TagTable]) -> Option<(String, bool, OptionTags)> {
    let mut best: Option<((usize, usize), &str, OptionTags)> = None;
    for property in candidates(tables) {
        let tags = tags_of(tables, property);
        let alone = tags.iter().filter(|values| values.iter().any(|v| tags.iter().filter(|other| other.contains(v)).count() == 1)).count();
        let reached = tags.iter().filter(|values| !values.is_empty()).count();
        let score = (alone, reached);
        if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
            best = Some((score, property, tags));
        }
    }
    // A property that picks out no option alone tells nothing apart.
    best.filter(|((alone, _), _, _)| *alone > 0)
        .map(|(_, property, tags)| (property.to_owned(), tag_kind(tables, property) == Some(true), tags))
}

/// (c) For options that are all objects (their required properties here):
/// the required properties only one option has, when every option has one.
fn keys(required: &[BTreeSet<String>], variants: &mut [UnionVariant]) -> Option<UnionStrategy> {
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

/// The kinds of JSON value a schema can be, when it is one kind.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) enum JsonKind {
    String,
    Number,
    Boolean,
    Array,
    Object,
}

/// The one kind of JSON a schema accepts (integers are numbers), or `None`
/// when it may be several (a union, a schema without `type`).
fn json_kind(schema: &Schema) -> Option<JsonKind> {
    Some(match &schema.schema_kind {
        SchemaKind::Any(any) if constrained_scalar(any).is_some() => match constrained_scalar(any)? {
            "string" => JsonKind::String,
            "boolean" => JsonKind::Boolean,
            _ => JsonKind::Number,
        },
        SchemaKind::Type(Type::String(_)) => JsonKind::String,
        SchemaKind::Type(Type::Number(_) | Type::Integer(_)) => JsonKind::Number,
        SchemaKind::Type(Type::Boolean(_)) => JsonKind::Boolean,
        SchemaKind::Type(Type::Array(_)) => JsonKind::Array,
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => JsonKind::Object,
        SchemaKind::Any(any) => match any_shape(any) {
            AnyShape::Object | AnyShape::AllOf => JsonKind::Object,
            AnyShape::Items => JsonKind::Array,
            _ => return None,
        },
        _ => return None,
    })
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Variant names: the options' type names without the words every one
/// of them starts or ends with (`LlmObsAnnotatedUpstreamInteraction` and
/// `LlmObsAnnotatedDisplayBlockInteraction` become `Upstream` and
/// `DisplayBlock`), when that leaves distinct names.
pub(super) fn variant_names(tys: &[TypeRef]) -> Vec<String> {
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
    // A name that is all prefix and suffix (`UsAppToPerson` beside
    // `UsAppToPersonV2`) keeps the last word of the prefix (`Person`,
    // `PersonV2`), or the first of the suffix.
    while words.iter().any(|w| w.len() == prefix + suffix) && prefix + suffix > 0 {
        if prefix > 0 {
            prefix -= 1;
        } else {
            suffix -= 1;
        }
    }
    let short: Vec<String> = words.iter().map(|w| pascal_name(&w[prefix..w.len() - suffix].join("_"))).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    let usable = tys.len() > 1 && distinct.len() == short.len() && short.iter().all(|s| s != "Unknown");
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
        TypeRef::Nullable(inner) => format!("Nullable{}", type_label(inner)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::External(path) => pascal_name(path.rsplit("::").next().unwrap_or(path)),
    }
}
