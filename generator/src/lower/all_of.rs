//! `allOf`: the object parts merged into one struct, properties in order (a
//! later part overrides an earlier one), required lists joined; parts that
//! are themselves `allOf`s (inheritance chains) are flattened.

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{annotations_only, any_shape, object_parts, properties_of, AnyShape, Properties, Property};
use super::Lowerer;
use crate::ir::*;

/// The parts of an `allOf` merged so far.
#[derive(Default)]
pub(super) struct Merged<'a> {
    pub(super) properties: Vec<Property<'a>>,
    pub(super) required: Vec<String>,
    pub(super) closed: bool,
}

impl<'a> Merged<'a> {
    /// Adds an object part: its properties replace earlier ones of the same
    /// name, its required names join the list.
    pub(super) fn merge(
        &mut self,
        properties: &'a Properties,
        required: &[String],
        pointer: &str,
        additional: &Option<AdditionalProperties>,
        owner: &str,
    ) {
        for mut p in properties_of(properties, pointer) {
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
