//! `properties` or `allOf` beside `oneOf`/`anyOf`: every value has the
//! common properties and those of one option. Each option becomes a struct of
//! the common properties merged with its own (`Shape` with options `Circle`
//! and `Square` gives `ShapeCircle` and `ShapeSquare`), the option's winning
//! where both declare one (its tag `enum` over a plain common `string`), and
//! the union is of those structs, its dispatch chosen as for any union. The
//! same for `allOf` parts one of which is a union: the other parts are the
//! common properties.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind};

use super::all_of::Merged;
use super::unions::{ref_key, JsonKind, OptionShape};
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, snake_name};

/// What every option of a union is merged with: `allOf` parts (each with
/// its pointer) and the holding schema's own `properties`.
pub(super) struct Common<'a> {
    pub(super) parts: Vec<(&'a ReferenceOr<Schema>, String)>,
    pub(super) own: Option<&'a AnySchema>,
    /// The pointer of the schema that holds them.
    pub(super) pointer: String,
}

impl<'a> Lowerer<'a> {
    /// The union of `any`'s options, each merged with its common properties.
    pub(super) fn union_with_common(&mut self, name: &str, pointer: &str, schema: &'a Schema, any: &'a AnySchema) -> Option<Union> {
        let _deep = self.deep();
        let (options, keyword) = if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
        let parts = any.all_of.iter().enumerate().map(|(i, part)| (part, format!("{pointer}/allOf/{i}"))).collect();
        let common = Common { parts, own: Some(any), pointer: pointer.to_owned() };
        self.merged_union(name, pointer, options, keyword, common, schema.schema_data.discriminator.as_ref())
    }

    /// `allOf` parts one of which is a union (TGI's `Message`: `allOf:
    /// [{$ref: MessageBody}, {properties: {role, name}}]`, where `MessageBody`
    /// is a `oneOf`): the union of its options, each merged with the other
    /// parts. `None` (nothing reported) when no part, or several, are unions.
    pub(super) fn all_of_union(
        &mut self,
        name: &str,
        pointer: &str,
        parts: &'a [ReferenceOr<Schema>],
        own: Option<&'a AnySchema>,
    ) -> Option<Option<Union>> {
        let _deep = self.deep();
        let mut union = None;
        for (i, part) in parts.iter().enumerate() {
            let ptr = format!("{pointer}/allOf/{i}");
            let Some(found) = self.resolve_through(part, &ptr) else { return Some(None) };
            let options = match &found.item.schema_kind {
                SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
                SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
                _ => continue,
            };
            if union.is_some() {
                return None;
            }
            union = Some((i, options, found));
        }
        let (at, (options, keyword), found) = union?;
        let parts = parts.iter().enumerate().filter(|(i, _)| *i != at).map(|(i, part)| (part, format!("{pointer}/allOf/{i}"))).collect();
        let common = Common { parts, own, pointer: pointer.to_owned() };
        Some(self.merged_union(name, &found.pointer, options, keyword, common, found.item.schema_data.discriminator.as_ref()))
    }

    /// The union of `options` (at `pointer`, its `keyword`), each merged
    /// with `common` into a struct of its own.
    fn merged_union(
        &mut self,
        name: &str,
        pointer: &str,
        options: &'a [ReferenceOr<Schema>],
        keyword: &str,
        common: Common<'a>,
        discriminator: Option<&'a openapiv3::Discriminator>,
    ) -> Option<Union> {
        let _deep = self.deep();
        // Variant names from the options' own names: a `$ref`'s component,
        // else its place.
        let labels: Vec<TypeRef> = options
            .iter()
            .enumerate()
            .map(|(i, option)| match option {
                ReferenceOr::Reference { reference } => self
                    .component::<Schema>(reference, &format!("{pointer}/{keyword}/{i}"))
                    .and_then(|(key, _)| self.component_names.get(key).cloned()),
                ReferenceOr::Item(_) => None,
            })
            .enumerate()
            .map(|(i, found)| TypeRef::Named(found.unwrap_or_else(|| format!("{name}Option{}", i + 1))))
            .collect();
        let names = super::unions::variant_names(&labels);
        let mut shapes = Vec::new();
        for (i, (option, variant)) in options.iter().zip(&names).enumerate() {
            let option_ptr = format!("{pointer}/{keyword}/{i}");
            let struct_name = self.claim_type(pascal_name(&format!("{name}{variant}")));
            let mut merged = Merged::default();
            let mut chain = vec![common.pointer.clone()];
            for (part, part_ptr) in &common.parts {
                self.merge_part(part, part_ptr, "an `allOf` part", name, &mut merged, &mut chain)?;
            }
            if let Some(own) = common.own {
                merged.merge(&own.properties, &own.required, &common.pointer, &own.additional_properties, name);
            }
            let what = format!("an option of a `{keyword}` beside common properties");
            self.merge_part(option, &option_ptr, &what, &struct_name, &mut merged, &mut chain)?;

            let table = self.property_tags(&merged.properties, &merged.required);
            let required: BTreeSet<String> = merged.required.iter().cloned().collect();
            let docs = self.resolve(option, &option_ptr).and_then(|r| super::schemas::schema_docs(r.item));
            let additional = merged.closed.then_some(&AdditionalProperties::Any(false));
            let strukt = self.object(&struct_name, &option_ptr, merged.properties, &merged.required, additional);
            let type_docs = docs.clone().or_else(|| Some(format!("A `{name}` that is its `{variant}` option.")));
            self.type_kinds.insert(struct_name.clone(), false);
            // Keyed by the merged schema's place: the union's own options
            // (lowered where the union itself is used) are at `option_ptr`.
            let key = if common.pointer == pointer { option_ptr.clone() } else { format!("{}/{keyword}/{i}", common.pointer) };
            self.types.insert(
                key.clone(),
                TypeDef {
                    name: struct_name.clone(),
                    module: snake_name(&struct_name),
                    origin: key,
                    docs: type_docs,
                    deprecated: false,
                    kind: TypeKind::Struct(strukt),
                },
            );
            shapes.push(OptionShape {
                ty: TypeRef::Named(struct_name),
                docs,
                ref_key: ref_key(option),
                table,
                kind: Some(JsonKind::Object),
                required: Some(required),
            });
        }
        self.dispatch(name, pointer, keyword, discriminator, shapes, names)
    }
}
