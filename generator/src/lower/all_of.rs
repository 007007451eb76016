//! `allOf`: the object parts merged into one struct, properties in order (a
//! later part overrides an earlier one), required lists joined; parts that
//! are themselves `allOf`s (inheritance chains) are flattened.

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{
    annotations_only, any_shape, constrained_scalar, object_parts, properties_of, scalar_type, single_ref, AnyShape, Properties, Property,
};
use super::{Lowerer, Resolved};
use crate::ir::*;
use crate::source::unescape_token;

/// The parts of an `allOf` merged so far.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) properties: Vec<Property<'a>>,
    pub(super) required: Vec<String>,
    pub(super) closed: bool,
}

impl<'a> Merged<'a> {
    /// Adds an object part: its properties replace earlier ones of the same
    /// name, its required names join the list. A property the part only
    /// annotates (`{nullable: true}`, `{description: ..}`: no type, no
    /// shape) keeps the earlier part's schema: every part must hold, and
    /// this one constrains nothing (GitHub's `webhook-fork` says
    /// `language: {type: string, nullable: true}` in one part and
    /// `language: {nullable: true}` in the next).
    pub(super) fn merge(
        &mut self,
        properties: &'a Properties,
        required: &[String],
        pointer: &str,
        additional: &Option<AdditionalProperties>,
        owner: &str,
    ) {
        for mut p in properties_of(properties, pointer) {
            if shapeless(p.schema) && self.properties.iter().any(|q| q.wire == p.wire) {
                continue;
            }
            p.owner = Some(owner.to_owned());
            self.properties.retain(|q| q.wire != p.wire);
            self.properties.push(p);
        }
        self.required.extend(required.iter().cloned());
        self.closed |= matches!(additional, Some(AdditionalProperties::Any(false)));
    }
}

impl<'a> Lowerer<'a> {
    /// An `allOf`, with the properties of the schema that holds it (`own`,
    /// when it has `properties` beside `allOf`) merged last.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        pointer: &str,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
    ) -> Option<TypeKind> {
        let _deep = self.deep();
        // Parts with only annotations (`{nullable: false}`, `{description:
        // ..}`, as Box's and AWS's specs write them) add nothing to merge.
        let mut real = parts.iter().enumerate().filter(|(_, p)| !annotations_only(p));
        if let (Some((i, only)), None, None) = (real.next(), real.next(), own) {
            // `allOf: [X]` with X not an object is just X (a common way to
            // attach a description to a `$ref`).
            let at = format!("{pointer}/allOf/{i}");
            let located = self.resolve(only, &at)?;
            if object_parts(located.item).is_none() && !matches!(located.item.schema_kind, SchemaKind::AllOf { .. }) {
                return Some(TypeKind::Alias(self.ref_or_type(only, &at, name)?));
            }
        }
        // Scalars of one type: one value of that type.
        if let Some(ty) = self.scalar_parts(parts, own, pointer, name)? {
            return Some(TypeKind::Alias(ty));
        }
        // One part a union: a union of structs, not one struct.
        if let Some(union) = self.all_of_union(name, pointer, parts, own) {
            return union.map(TypeKind::Union);
        }
        let mut merged = Merged::default();
        let mut chain = vec![pointer.to_owned()];
        self.merge_all_of(parts, pointer, name, &mut merged, &mut chain)?;
        if let Some(own) = own {
            merged.merge(&own.properties, &own.required, pointer, &own.additional_properties, name);
        }
        let additional = merged.closed.then_some(&AdditionalProperties::Any(false));
        Some(TypeKind::Struct(self.object(name, pointer, merged.properties, &merged.required, additional)))
    }

    /// Merges `parts` into `merged`; `owner` is the type that declares them,
    /// `chain` the `allOf`s being merged, outermost first.
    pub(super) fn merge_all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        owner: &str,
        merged: &mut Merged<'a>,
        chain: &mut Vec<String>,
    ) -> Option<()> {
        let _deep = self.deep();
        for (i, part) in parts.iter().enumerate() {
            self.merge_part(part, &format!("{pointer}/allOf/{i}"), "an `allOf` part", owner, merged, chain)?;
        }
        Some(())
    }

    /// Merges one object schema (`part`, at `part_ptr`, `what` in a
    /// diagnostic) into `merged`.
    pub(super) fn merge_part(
        &mut self,
        part: &'a ReferenceOr<Schema>,
        part_ptr: &str,
        what: &str,
        owner: &str,
        merged: &mut Merged<'a>,
        chain: &mut Vec<String>,
    ) -> Option<()> {
        let _deep = self.deep();
        let located = self.resolve(part, part_ptr)?;
        // A part behind a `$ref` is declared by that component.
        let owner = match part {
            ReferenceOr::Reference { .. } => self.component_name_at(&located.pointer).unwrap_or(owner).to_owned(),
            ReferenceOr::Item(_) => owner.to_owned(),
        };
        let owner = owner.as_str();
        let (nested, own) = match &located.item.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                merged.merge(&o.properties, &o.required, &located.pointer, &o.additional_properties, owner);
                return Some(());
            }
            SchemaKind::Any(any) if matches!(any_shape(any), AnyShape::Object | AnyShape::Plain) => {
                merged.merge(&any.properties, &any.required, &located.pointer, &any.additional_properties, owner);
                return Some(());
            }
            SchemaKind::AllOf { all_of } => (all_of, None),
            SchemaKind::Any(any) if matches!(any_shape(any), AnyShape::AllOf) => (&any.all_of, Some(any)),
            _ => {
                self.error_hint(
                    part_ptr,
                    format!("{what} is not an object, so the parts cannot be merged"),
                    "allOf is supported for object schemas (and `$ref`s to them)",
                );
                return None;
            }
        };
        if let Some(at) = chain.iter().position(|p| *p == located.pointer) {
            let mut cycle: Vec<&str> = chain[at..].iter().map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
            cycle.extend(cycle.first().copied());
            self.error_hint(
                part_ptr,
                format!("`allOf` cycle: {}", cycle.join(" -> ")),
                "an object cannot contain all of its own properties plus more; break the cycle",
            );
            return None;
        }
        chain.push(located.pointer.clone());
        self.merge_all_of(nested, &located.pointer, owner, merged, chain)?;
        chain.pop();
        if let Some(own) = own {
            merged.merge(&own.properties, &own.required, &located.pointer, &own.additional_properties, owner);
        }
        Some(())
    }
}

/// A schema with no type and no structure: only annotations, if anything.
fn shapeless(schema: &ReferenceOr<Box<Schema>>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default()))
}

/// What an `allOf` part is, for telling an `allOf` of scalars (one value)
/// from one of objects (one struct).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PartKind {
    /// A string, integer, number or boolean.
    Scalar(&'static str),
    /// No `type` and no structure (`{maxLength: 40}`, `{format: uuid}`):
    /// agrees with anything.
    Neutral,
    /// An object (or an `allOf` of them).
    Object,
    /// An array, a union, `not`, or parts that disagree.
    Other,
}

impl PartKind {
    /// The kind, for a message.
    fn noun(self) -> &'static str {
        match self {
            Self::Scalar("string") => "a string",
            Self::Scalar("integer") => "an integer",
            Self::Scalar("number") => "a number",
            Self::Scalar(_) => "a boolean",
            Self::Neutral => "any value",
            Self::Object => "an object",
            Self::Other => "neither an object nor a scalar",
        }
    }
}

/// The scalar `type` two parts agree on: the same one, or an integer (an
/// integer and a number).
fn agree(a: &'static str, b: &'static str) -> Option<&'static str> {
    match (a, b) {
        _ if a == b => Some(a),
        ("integer", "number") | ("number", "integer") => Some("integer"),
        _ => None,
    }
}

/// A scalar `type`'s name, when `typ` is one.
fn scalar_name(typ: &str) -> Option<&'static str> {
    ["string", "integer", "number", "boolean"].into_iter().find(|t| *t == typ)
}

/// An `allOf` whose parts are scalars of one type, lowered to one value
/// type: what the places that hold it need besides the type.
#[derive(Debug)]
pub(super) struct ScalarAllOf {
    /// The type.
    pub(super) ty: TypeRef,
    /// The checkable keywords of its parts, the strictest of each.
    pub(super) constraints: Constraints,
    /// Where each of `constraints` is written: keyword and pointer.
    pub(super) keywords: Vec<(&'static str, String)>,
    /// An `enum` without `type` in a part, which the value type does not
    /// hold, and where it is written.
    pub(super) unchecked: Vec<(&'static str, String)>,
    /// A part (or what it refers to) is `nullable`.
    pub(super) nullable: bool,
    /// A property or parameter of type `ty` checks `constraints`.
    pub(super) checked: bool,
}

/// The parts of a schema that is an `allOf` with nothing beside it but
/// annotations and keywords that say nothing about a scalar
/// (`additionalProperties`), and that sibling schema when there is one.
fn all_of_parts(schema: &Schema) -> Option<(&[ReferenceOr<Schema>], Option<&AnySchema>)> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some((all_of, None)),
        SchemaKind::Any(any) if any_shape(any) == AnyShape::AllOf => Some((&any.all_of, Some(any))),
        _ => None,
    }
}

/// The format a scalar schema states.
fn format_of(schema: &Schema) -> Option<String> {
    use openapiv3::VariantOrUnknownOrEmpty::{Empty, Item, Unknown};
    use openapiv3::{IntegerFormat, NumberFormat, StringFormat};
    let known = |s: &str| Some(s.to_owned());
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            Item(StringFormat::Date) => known("date"),
            Item(StringFormat::DateTime) => known("date-time"),
            Item(StringFormat::Password) => known("password"),
            Item(StringFormat::Byte) => known("byte"),
            Item(StringFormat::Binary) => known("binary"),
            Unknown(f) => known(f),
            Empty => None,
        },
        SchemaKind::Type(Type::Integer(i)) => match &i.format {
            Item(IntegerFormat::Int32) => known("int32"),
            Item(IntegerFormat::Int64) => known("int64"),
            Unknown(f) => known(f),
            Empty => None,
        },
        SchemaKind::Type(Type::Number(n)) => match &n.format {
            Item(NumberFormat::Float) => known("float"),
            Item(NumberFormat::Double) => known("double"),
            Unknown(f) => known(f),
            Empty => None,
        },
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

/// The keywords of a part merged into a scalar of type `typ`: the ones
/// the generated code can check into `merged` (the strictest wins); each,
/// and an `enum` without `type` (which no type holds here), listed with
/// the pointer it is written at when the part is written in the `allOf`
/// (`at`). `pattern` and `multipleOf`, checked nowhere, are not listed:
/// a plain schema's are not either.
fn merge_keywords(schema: &Schema, typ: &str, at: Option<&str>, merged: &mut ScalarAllOf) {
    type Bound = Option<(f64, bool)>;
    let (mut min_length, mut max_length, mut minimum, mut maximum): (Option<usize>, Option<usize>, Bound, Bound) = Default::default();
    let mut listed = false;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            (min_length, max_length) = (s.min_length, s.max_length);
        }
        SchemaKind::Type(Type::Integer(i)) => {
            minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
            maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
        }
        SchemaKind::Type(Type::Number(n)) => {
            minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
        }
        SchemaKind::Any(any) => {
            (min_length, max_length) = (any.min_length, any.max_length);
            minimum = any.minimum.map(|m| (m, any.exclusive_minimum.unwrap_or(false)));
            maximum = any.maximum.map(|m| (m, any.exclusive_maximum.unwrap_or(false)));
            listed = !any.enumeration.is_empty() && any.typ.is_none();
        }
        _ => {}
    }
    let c = &mut merged.constraints;
    let mut keep = |keyword: &'static str| merged.keywords.extend(at.map(|at| (keyword, format!("{at}/{keyword}"))));
    if typ == "string" {
        if let Some(n) = min_length.filter(|n| *n > 0) {
            c.min_length = Some(c.min_length.map_or(n, |m| m.max(n)));
            keep("minLength");
        }
        if let Some(n) = max_length {
            c.max_length = Some(c.max_length.map_or(n, |m| m.min(n)));
            keep("maxLength");
        }
    }
    if matches!(typ, "integer" | "number") {
        // The higher minimum, the lower maximum; exclusive when both are
        // the same bound and one is.
        if let Some((m, exclusive)) = minimum {
            c.minimum = Some(match c.minimum {
                Some((old, was)) if old > m || (old == m && was) => (old, was),
                _ => (m, exclusive),
            });
            keep("minimum");
        }
        if let Some((m, exclusive)) = maximum {
            c.maximum = Some(match c.maximum {
                Some((old, was)) if old < m || (old == m && was) => (old, was),
                _ => (m, exclusive),
            });
            keep("maximum");
        }
    }
    if let Some(at) = at.filter(|_| listed) {
        merged.unchecked.push(("enum", format!("{at}/enum")));
    }
}

impl<'a> Lowerer<'a> {
    /// The schema `part` is, through `$ref`s and schemas that only wrap
    /// one ([`single_ref`]), reporting nothing (lowering it reports what
    /// is wrong with it).
    fn peek(&self, part: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        let _deep = self.deep();
        let mut part = part;
        for _ in 0..16 {
            let reference = match part {
                ReferenceOr::Item(schema) => match single_ref(schema) {
                    Some(reference) => reference,
                    None => return Some(schema),
                },
                ReferenceOr::Reference { reference } => reference.as_str(),
            };
            let key = reference.strip_prefix("#/components/schemas/")?;
            part = self.schema_entry(&unescape_token(key))?;
        }
        None
    }

    /// What a part is, `$ref`s followed; `depth` bounds nested `allOf`s.
    fn part_kind(&self, part: &'a ReferenceOr<Schema>, depth: u8) -> PartKind {
        let _deep = self.deep();
        let Some(schema) = self.peek(part) else { return PartKind::Other };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => PartKind::Scalar("string"),
            SchemaKind::Type(Type::Integer(_)) => PartKind::Scalar("integer"),
            SchemaKind::Type(Type::Number(_)) => PartKind::Scalar("number"),
            SchemaKind::Type(Type::Boolean(_)) => PartKind::Scalar("boolean"),
            SchemaKind::Type(Type::Object(_)) => PartKind::Object,
            SchemaKind::AllOf { all_of } => self.parts_kind(all_of, depth),
            SchemaKind::Any(any) => match (any_shape(any), any.typ.as_deref()) {
                // A scalar beside `allOf` is that scalar ([`constrained_scalar`]).
                (_, Some(typ)) if constrained_scalar(any).is_some() => scalar_name(typ).map_or(PartKind::Other, PartKind::Scalar),
                (AnyShape::Plain, None) => PartKind::Neutral,
                (AnyShape::Plain, Some(typ)) if scalar_name(typ).is_some() => scalar_name(typ).map_or(PartKind::Other, PartKind::Scalar),
                (AnyShape::Plain, Some("object")) | (AnyShape::Object, _) => PartKind::Object,
                (AnyShape::AllOf, None) if any.properties.is_empty() => self.parts_kind(&any.all_of, depth),
                (AnyShape::AllOf, None | Some("object")) => PartKind::Object,
                _ => PartKind::Other,
            },
            _ => PartKind::Other,
        }
    }

    /// What an `allOf` nested in a part is: the scalar its parts agree on,
    /// an object, or something else.
    fn parts_kind(&self, parts: &'a [ReferenceOr<Schema>], depth: u8) -> PartKind {
        let _deep = self.deep();
        if depth > 8 {
            return PartKind::Other;
        }
        let mut typ = None;
        for part in parts {
            match self.part_kind(part, depth + 1) {
                PartKind::Neutral => {}
                PartKind::Scalar(t) => match typ.map_or(Some(t), |typ| agree(typ, t)) {
                    Some(t) => typ = Some(t),
                    None => return PartKind::Other,
                },
                other => return other,
            }
        }
        typ.map_or(PartKind::Object, PartKind::Scalar)
    }

    /// The one value type of an `allOf` whose parts are scalars that agree
    /// on one `type` (at `pointer`, inline types named after `context`):
    /// the type one part refers to (an enum, an alias), else the scalar the
    /// parts describe together. `Some(None)` when it is not one: objects to
    /// merge, or `allOf: [X]` alone, which is `X` (see [`Self::all_of`]).
    /// Parts that cannot all hold are a located error.
    pub(super) fn scalar_all_of(&mut self, schema: &'a Schema, pointer: &str, context: &str) -> Option<Option<TypeRef>> {
        let _deep = self.deep();
        let Some((parts, sibling)) = all_of_parts(schema) else { return Some(None) };
        self.scalar_parts(parts, sibling, pointer, context)
    }

    /// [`Self::scalar_all_of`], given the parts and the schema beside them.
    pub(super) fn scalar_parts(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        sibling: Option<&'a AnySchema>,
        pointer: &str,
        context: &str,
    ) -> Option<Option<TypeRef>> {
        let _deep = self.deep();
        // `allOf: [X]` alone is X; a scalar `type` beside `allOf` is that
        // scalar ([`constrained_scalar`]).
        let alone = sibling.is_none() && parts.iter().filter(|p| !annotations_only(p)).count() < 2;
        if alone || sibling.is_some_and(|s| constrained_scalar(s).is_some()) {
            return Some(None);
        }
        let kinds: Vec<PartKind> = parts.iter().map(|p| self.part_kind(p, 0)).collect();
        let Some((first, typ)) = kinds.iter().enumerate().find_map(|(i, k)| match k {
            PartKind::Scalar(t) => Some((i, *t)),
            _ => None,
        }) else {
            return Some(None);
        };
        let at = |i: usize| format!("{pointer}/allOf/{i}");
        let hint = "an `allOf` is one struct of its object parts, or one value of its scalar parts (a string, an integer, a number or a boolean; an integer and a number make an integer)";
        // What the schema itself says beside `allOf` that is no scalar.
        if let Some(own) = sibling.filter(|s| !s.properties.is_empty() || s.typ.is_some()) {
            let what = if own.properties.is_empty() {
                format!("`type: {}`", own.typ.as_deref().unwrap_or_default())
            } else {
                "`properties`".to_owned()
            };
            let message = format!(
                "this schema has {what} beside `allOf`, whose part `allOf/{first}` is {}: a value cannot be both",
                kinds[first].noun()
            );
            self.error_hint(pointer, message, hint);
            return None;
        }
        let mut typ = typ;
        for (i, kind) in kinds.iter().enumerate() {
            let agreed = match kind {
                PartKind::Neutral => Some(typ),
                PartKind::Scalar(t) => agree(typ, t),
                _ => None,
            };
            let Some(agreed) = agreed else {
                let message = format!(
                    "`allOf` parts that cannot both hold: `allOf/{first}` is {} and `allOf/{i}` is {}",
                    kinds[first].noun(),
                    kind.noun()
                );
                self.error_hint(&at(i), message, hint);
                return None;
            };
            typ = agreed;
        }
        // The part that names a type, and what the others add to it.
        let mut merged = ScalarAllOf {
            ty: TypeRef::Json,
            constraints: Constraints::default(),
            keywords: Vec::new(),
            unchecked: Vec::new(),
            nullable: false,
            checked: false,
        };
        let mut named: Option<(usize, TypeRef)> = None;
        let mut format: Option<(usize, String)> = None;
        for (i, part) in parts.iter().enumerate() {
            let ptr = at(i);
            let found = self.resolve_through(part, &ptr)?;
            merged.nullable |= found.item.schema_data.nullable;
            if kinds[i] == PartKind::Neutral && annotations_only(part) {
                continue;
            }
            let ty = match kinds[i] {
                PartKind::Scalar(_) => self.ref_or_type(part, &ptr, context)?,
                _ => TypeRef::Json,
            };
            if matches!(ty, TypeRef::Named(_) | TypeRef::External(_)) {
                match &named {
                    Some((j, other)) if *other != ty => {
                        let message = format!(
                            "`allOf` parts that cannot both hold: `allOf/{j}` is `{}` and `allOf/{i}` is `{}`, two different types",
                            type_name(other),
                            type_name(&ty)
                        );
                        self.error_hint(&ptr, message, hint);
                        return None;
                    }
                    _ => named = Some((i, ty)),
                }
                continue;
            }
            // A number's format says nothing about an integer.
            let own_format = format_of(found.item).filter(|_| !(typ == "integer" && kinds[i] == PartKind::Scalar("number")));
            if let Some(f) = own_format {
                match &format {
                    Some((j, other)) if *other != f => {
                        let message = format!(
                            "`allOf` parts that cannot both hold: `allOf/{j}` has `format: {other}` and `allOf/{i}` has `format: {f}`"
                        );
                        self.error_hint(&ptr, message, hint);
                        return None;
                    }
                    _ => format = Some((i, f)),
                }
            }
            // What a `$ref`ed part says is checked as a `$ref` alone would
            // be, without a warning where it is not.
            let written = (found.pointer == ptr).then_some(ptr.as_str());
            merge_keywords(found.item, typ, written, &mut merged);
        }
        if let Some(own) = sibling {
            let own_schema = Schema { schema_data: Default::default(), schema_kind: SchemaKind::Any(own.clone()) };
            merge_keywords(&own_schema, typ, Some(pointer), &mut merged);
        }
        merged.ty = match named {
            Some((_, ty)) => ty,
            None => scalar_type(typ, format.as_ref().map(|(_, f)| f.as_str())),
        };
        let ty = merged.ty.clone();
        self.note_scalar_all_of(pointer, true);
        self.scalar_all_ofs.insert(pointer.to_owned(), merged);
        Some(Some(ty))
    }

    /// The constraints a property or parameter of type `ty`, whose schema
    /// is at `pointer`, checks: an `allOf` of scalars' when it is one
    /// and they apply to `ty` (then they are checked, with no warning).
    pub(super) fn carried_constraints(&mut self, pointer: &str, ty: &TypeRef) -> Option<Constraints> {
        self.note_scalar_all_of(pointer, false);
        let merged = self.scalar_all_ofs.get_mut(pointer)?;
        if merged.ty != *ty || !merged.constraints.apply_to(ty) {
            return None;
        }
        merged.checked = true;
        Some(merged.constraints.clone())
    }

    /// Whether a schema (found at `found.pointer`) allows `null`: its
    /// `nullable`, or one of its parts' when it is an `allOf` of scalars.
    pub(super) fn nullable(&self, found: &Resolved<'a, Schema>) -> bool {
        self.note_scalar_all_of(&found.pointer, false);
        found.item.schema_data.nullable || self.scalar_all_ofs.get(&found.pointer).is_some_and(|s| s.nullable)
    }

    /// Warns of every keyword of an `allOf` of scalars that the generated
    /// code does not check: in a place that has no `validate()` check (an
    /// array item, a component, a body...), or never checked.
    pub(super) fn warn_unchecked_all_of_keywords(&mut self) {
        let mut unchecked = Vec::new();
        for merged in self.scalar_all_ofs.values() {
            if !merged.checked {
                unchecked.extend(merged.keywords.iter().map(|(k, p)| (p.clone(), *k, true)));
            }
            unchecked.extend(merged.unchecked.iter().map(|(k, p)| (p.clone(), *k, false)));
        }
        unchecked.sort();
        unchecked.dedup();
        // Sorted by pointer: the parts of one schema together.
        for (pointer, keyword, checkable) in unchecked {
            let (message, hint) = if checkable {
                (
                    format!("`{keyword}` in this `allOf` of scalars is not checked: `validate()` checks it only on a property or parameter whose type is a string or a number"),
                    "state it on the property or parameter's own schema, or on the component its `$ref` names",
                )
            } else {
                (
                    format!("`{keyword}` in this `allOf` of scalars is not checked: the generated code does not check `{keyword}`"),
                    "check it in your own code",
                )
            };
            self.warn(&pointer, message, Some(hint));
        }
    }
}

/// A type's name, for a message.
fn type_name(ty: &TypeRef) -> &str {
    match ty {
        TypeRef::Named(name) | TypeRef::External(name) => name,
        _ => "a scalar",
    }
}

#[cfg(test)]
mod tests {
    /// The error of a spec whose one property is `schema` (YAML flow
    /// style), which must not generate.
    fn refused(schema: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Id: {{type: string}}\n    Color: {{type: string, enum: [red]}}\n    Size: {{type: string, enum: [big]}}\n    Thing:\n      type: object\n      properties:\n        x: {schema}\n"
        );
        let config = crate::Config { spec_display: "t.yaml".into(), crate_name: "t".into() };
        match crate::generate(&crate::SourceFile::new("t.yaml", spec), &config) {
            Ok(_) => panic!("{schema} generated"),
            Err(e) => e.to_string(),
        }
    }

    /// Parts of an `allOf` that cannot all hold are a located error that
    /// names both: a string and an integer, two different named types, an
    /// object and a string, two formats.
    #[test]
    fn scalar_parts_that_cannot_all_hold_are_refused_naming_both() {
        let error = refused("{allOf: [{type: string}, {type: integer}]}");
        assert!(error.contains("`allOf` parts that cannot both hold: `allOf/0` is a string and `allOf/1` is an integer"), "{error}");
        assert!(error.contains("t.yaml:12:") && error.contains("#/components/schemas/Thing/properties/x/allOf/1"), "{error}");
        let error = refused("{allOf: [{$ref: '#/components/schemas/Color'}, {$ref: '#/components/schemas/Size'}]}");
        assert!(error.contains("`allOf/0` is `Color` and `allOf/1` is `Size`, two different types"), "{error}");
        let error = refused("{allOf: [{type: object, properties: {a: {type: string}}}, {$ref: '#/components/schemas/Id'}]}");
        assert!(error.contains("`allOf/1` is a string and `allOf/0` is an object"), "{error}");
        let error = refused("{allOf: [{type: string, format: uuid}, {format: date-time}]}");
        assert!(error.contains("`allOf/0` has `format: uuid` and `allOf/1` has `format: date-time`"), "{error}");
        let error = refused("{properties: {a: {type: string}}, allOf: [{$ref: '#/components/schemas/Id'}]}");
        assert!(error.contains("this schema has `properties` beside `allOf`, whose part `allOf/0` is a string"), "{error}");
    }
}
