//! `properties` or `allOf` beside `oneOf`/`anyOf`: every value has the
//! common properties and those of one option. Each option becomes a struct of
//! the common properties merged with its own (`Shape` with options `Circle`
//! and `Square` gives `ShapeCircle` and `ShapeSquare`), the option's winning
//! where both declare one (its tag `enum` over a plain common `string`), and
//! the union is of those structs, its dispatch chosen as for any union.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema};

use super::all_of::Merged;
use super::unions::{ref_key, JsonKind, OptionShape};
use super::Lowerer;
use crate::ir::*;
use crate::naming::{pascal_name, snake_name};

impl<'a> Lowerer<'a> {
    /// The union of `any`'s options, each merged with its common properties.
    pub(super) fn union_with_common(&mut self, name: &str, pointer: &str, schema: &'a Schema, any: &'a AnySchema) -> Option<Union> {
        let (options, keyword) = if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
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
            let struct_name = self.type_scope.claim(pascal_name(&format!("{name}{variant}")));
            let mut merged = Merged::default();
            let mut chain = vec![pointer.to_owned()];
            self.merge_all_of(&any.all_of, pointer, name, &mut merged, &mut chain)?;
            merged.merge(&any.properties, &any.required, pointer, &any.additional_properties, name);
            let what = format!("an option of a `{keyword}` beside common properties");
            self.merge_part(option, &option_ptr, &what, &struct_name, &mut merged, &mut chain)?;

            let table = self.property_tags(&merged.properties, &merged.required);
            let required: BTreeSet<String> = merged.required.iter().cloned().collect();
            let docs = self.resolve(option, &option_ptr).and_then(|r| super::schemas::schema_docs(r.item));
            let additional = merged.closed.then_some(&AdditionalProperties::Any(false));
            let strukt = self.object(&struct_name, &option_ptr, merged.properties, &merged.required, additional);
            let type_docs = docs.clone().or_else(|| Some(format!("A `{name}` that is its `{variant}` option.")));
            self.type_kinds.insert(struct_name.clone(), false);
            self.types.insert(
                option_ptr.clone(),
                TypeDef {
                    name: struct_name.clone(),
                    module: snake_name(&struct_name),
                    origin: option_ptr,
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
        self.dispatch(name, pointer, keyword, schema.schema_data.discriminator.as_ref(), shapes, names)
    }
}
