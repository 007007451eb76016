//! Schemas: component schemas claim their names and become types; a schema
//! used in place becomes a primitive, an array, a map, or a named type of
//! its own (structs and string enums here; `allOf` and unions in their files).

use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::nonblank;
use super::{Lowerer, Resolved};
use crate::ir::*;
use crate::naming::{pascal_name, reserved, screaming_name, snake_name, Scope};
use crate::source::{escape_token, unescape_token};

/// An object schema's properties.
pub(super) type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A property of an object being lowered, with the pointer it was found at
/// (for `allOf`, inside the part it came from).
pub(super) struct Property<'a> {
    pub(super) wire: &'a str,
    pub(super) schema: &'a ReferenceOr<Box<Schema>>,
    pub(super) pointer: String,
    /// The type that declares it, when not the one being built (a part of
    /// an `allOf` that is another component): inline schemas in it are named
    /// after that type, so that every user of the part shares one type.
    pub(super) owner: Option<String>,
}

pub(super) fn properties_of<'a>(properties: &'a Properties, pointer: &str) -> Vec<Property<'a>> {
    properties
        .iter()
        .map(|(wire, schema)| Property { wire, schema, pointer: format!("{pointer}/properties/{}", escape_token(wire)), owner: None })
        .collect()
}

/// What an untyped schema amounts to: `openapiv3` files a schema as
/// [`SchemaKind::Any`] when its keywords do not fit one type (`type: object`
/// beside `allOf`, `items` without `type: array`, ...).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum AnyShape {
    /// No structure: any JSON, or a map with `additionalProperties`.
    Plain,
    /// `items` alone: an array.
    Items,
    /// `properties` alone: an object.
    Object,
    /// `oneOf` alone.
    OneOf,
    /// `anyOf` alone.
    AnyOf,
    /// `allOf`, maybe with `properties` of its own.
    AllOf,
    /// `not`.
    Not,
    /// Several of the above, which no one Rust type can be.
    Mixed,
}

/// The `$ref` of a schema that is only `allOf: [{$ref}]` with annotations
/// beside it (`description`, `nullable`, ...): how a 3.1 `$ref` with sibling
/// keywords arrives, and how 3.0 specs document a `$ref`. It is that type,
/// not a copy of it. Parts after the `$ref` that are only annotations
/// (`allOf: [{$ref: Name}, {description: ..}]`, how AWS's specs document
/// every property) change nothing.
pub(super) fn single_ref(schema: &Schema) -> Option<&str> {
    match all_of_only(schema)? {
        [ReferenceOr::Reference { reference }, rest @ ..] if rest.iter().all(annotations_only) => Some(reference),
        _ => None,
    }
}

/// The one inline part of an `allOf` whose other parts only annotate, when
/// it is not an object to merge (Box's `{allOf: [{type: array, ..},
/// {nullable: false}]}`): the schema is that part.
fn sole_inline_part(schema: &Schema) -> Option<(usize, &Schema)> {
    let parts = all_of_only(schema)?;
    let mut real = parts.iter().enumerate().filter(|(_, p)| !annotations_only(p));
    match (real.next(), real.next()) {
        (Some((i, ReferenceOr::Item(part))), None)
            if object_parts(part).is_none() && !matches!(part.schema_kind, SchemaKind::AllOf { .. }) =>
        {
            Some((i, part))
        }
        _ => None,
    }
}

/// The parts of a schema that is only an `allOf` (nothing of its own but
/// annotations).
fn all_of_only(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any)
            if any_shape(any) == AnyShape::AllOf
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.enumeration.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object")) =>
        {
            Some(&any.all_of)
        }
        _ => None,
    }
}

/// An `allOf` part with no keyword that constrains a value: only
/// `description`, `title`, `example` and the like.
pub(super) fn annotations_only(part: &ReferenceOr<Schema>) -> bool {
    matches!(part, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. }) if *any == AnySchema::default())
}

/// The scalar `type` of a schema that has one beside `allOf` and no
/// structure of its own (Discord's `{type: integer, enum: [1], allOf: [{$ref:
/// MessageComponentTypes}]}`): its `allOf` parts constrain a scalar, they
/// are not objects to merge.
pub(super) fn constrained_scalar(any: &AnySchema) -> Option<&str> {
    let structure = !any.properties.is_empty() || any.items.is_some() || !any.one_of.is_empty() || !any.any_of.is_empty();
    let typ = any.typ.as_deref().filter(|t| matches!(*t, "integer" | "number" | "boolean" | "string"))?;
    (!any.all_of.is_empty() && !structure && any.not.is_none()).then_some(typ)
}

pub(super) fn any_shape(any: &AnySchema) -> AnyShape {
    let has = (!any.properties.is_empty(), !any.one_of.is_empty(), !any.any_of.is_empty(), !any.all_of.is_empty(), any.items.is_some());
    match has {
        _ if any.not.is_some() => AnyShape::Not,
        (false, false, false, false, false) => AnyShape::Plain,
        (false, false, false, false, true) => AnyShape::Items,
        (true, false, false, false, false) => AnyShape::Object,
        // `items` applies to arrays, `properties` to objects: beside each
        // other, `type` says which one counts (Nexmo's array with XML
        // attributes as `properties`; VTEX's object with a stray `items`).
        (true, false, false, false, true) if any.typ.as_deref() == Some("array") => AnyShape::Items,
        (true, false, false, false, true) => AnyShape::Object,
        // Beside a union, `items` (and `type: array`) narrow its array
        // options, which carry `items` of their own (Docker's `Cmd`: a
        // string or an array of strings); the options say what a value is.
        (false, true, false, false, true) => AnyShape::OneOf,
        (false, false, true, false, true) => AnyShape::AnyOf,
        (false, true, false, false, false) => AnyShape::OneOf,
        (false, false, true, false, false) => AnyShape::AnyOf,
        (_, false, false, true, false) => AnyShape::AllOf,
        _ => AnyShape::Mixed,
    }
}

impl<'a> Lowerer<'a> {
    /// Component schemas claim their names first, in spec order, so that
    /// inline schemas never take a name a component would want; then each
    /// is lowered.
    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.doc.components else { return };
        // A schema mapped to a Rust type of the user's gets no model.
        let modelled: Vec<&String> = components.schemas.keys().filter(|k| !self.external.contains_key(*k)).collect();
        for key in modelled {
            self.claim_component_name(key);
        }
        for (key, schema) in &components.schemas {
            self.owner = Some(key);
            self.lower_component(key, schema);
        }
        self.owner = None;
    }

    /// Lowers the component schema `key`, whose name is claimed.
    pub(super) fn lower_component(&mut self, key: &'a str, schema: &'a ReferenceOr<Schema>) {
        let pointer = format!("/components/schemas/{}", escape_token(key));
        let Some(name) = self.component_names.get(key).cloned() else { return };
        match schema {
            ReferenceOr::Item(schema) => {
                self.lower_named(&name, &pointer, schema);
            }
            ReferenceOr::Reference { reference } => {
                // A chain of `$ref`s that comes back is no type at all.
                if self.resolve(schema, &pointer).is_none() {
                    return;
                }
                if let Some(ty) = self.ref_type(reference, &pointer) {
                    self.type_kinds.insert(name.clone(), false);
                    let module = snake_name(&name);
                    self.types.insert(
                        pointer.clone(),
                        TypeDef { name, module, origin: pointer, docs: None, deprecated: false, kind: TypeKind::Alias(ty) },
                    );
                }
            }
        }
    }

    /// Claims the Rust name of the component schema `key`, warning when it
    /// had to be numbered.
    fn claim_component_name(&mut self, key: &'a str) {
        let full = pascal_name(key);
        let candidate = crate::naming::shorten_type_name(&full).into_owned();
        let name = self.claim_type(candidate.clone());
        if candidate != full {
            let message = format!(
                "schema `{key}` is generated as `{name}`: its full name would make a file name longer than {} bytes",
                crate::naming::MAX_MODULE_NAME
            );
            self.warn(&format!("/components/schemas/{}", escape_token(key)), message, Some("give the schema a shorter name"));
        } else if name != candidate {
            // The earlier schema whose name (or module file) this one would take.
            let module = snake_name(&candidate);
            let mut schemas = self.doc.components.iter().flat_map(|c| c.schemas.keys());
            let (first, first_name) = schemas
                .find_map(|k| self.component_names.get(k).filter(|n| snake_name(n) == module).map(|n| (k.as_str(), n.as_str())))
                .unwrap_or_default();
            let message = if first_name == candidate {
                format!("schema `{key}` is generated as `{name}`: `{first}` already has the Rust name `{first_name}`")
            } else {
                format!("schema `{key}` is generated as `{name}`: `{first}` already has the Rust name `{first_name}`, whose module is `{module}`")
            };
            let hint = Some("rename one of the schemas if the numbered name is not what you want");
            self.warn(&format!("/components/schemas/{}", escape_token(key)), message, hint);
        }
        self.component_names.insert(key.to_owned(), name);
    }

    /// Follows `$ref`s from `schema`, and through schemas that are only
    /// another one with annotations ([`single_ref`]), to what it is.
    pub(super) fn resolve_through(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Option<Resolved<'a, Schema>> {
        let mut found = self.resolve(schema, pointer)?;
        // Wrappers of wrappers are rare; a cycle of them stops here.
        for _ in 0..8 {
            let Some(reference) = single_ref(found.item) else { break };
            let (key, next) = self.component::<Schema>(reference, &format!("{}/allOf/0", found.pointer))?;
            found = self.resolve(next, &format!("/components/schemas/{}", escape_token(key)))?;
        }
        Some(found)
    }

    /// Follows `$ref`s from a property or items schema.
    pub(super) fn resolve_boxed(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> Option<Resolved<'a, Schema>> {
        match schema {
            ReferenceOr::Item(schema) => Some(Resolved { item: schema, pointer: pointer.to_owned(), key: None }),
            ReferenceOr::Reference { reference } => {
                let (key, next) = self.component::<Schema>(reference, pointer)?;
                self.resolve(next, &format!("/components/schemas/{}", escape_token(key)))
            }
        }
    }

    /// The type a `$ref` stands for.
    pub(super) fn ref_type(&mut self, reference: &'a str, pointer: &str) -> Option<TypeRef> {
        let (key, schema) = self.component::<Schema>(reference, pointer)?;
        if let Some(path) = self.external.get(key) {
            return Some(TypeRef::External(path.clone()));
        }
        let name = self.component_names.get(key)?.clone();
        // A component that is a plain primitive is used as the primitive.
        if let ReferenceOr::Item(s) = schema {
            if let Some(prim) = primitive(s) {
                return Some(prim);
            }
        }
        Some(TypeRef::Named(name))
    }

    /// Lowers a component schema (or a named inline one) into a type.
    pub(super) fn lower_named(&mut self, name: &str, pointer: &str, schema: &'a Schema) -> Option<()> {
        let docs = schema_docs(schema);
        let deprecated = schema.schema_data.deprecated;
        let kind = match &schema.schema_kind {
            _ if single_ref(schema).is_some() => {
                // `A: allOf: [$ref: B]`, `B: allOf: [$ref: A]` would be two
                // aliases of each other.
                let mut at = schema;
                for _ in 0..16 {
                    let Some(reference) = single_ref(at) else { break };
                    if reference.strip_prefix("#") == Some(pointer) {
                        self.error_hint(
                            &format!("{pointer}/allOf/0"),
                            "`allOf` cycle: this schema is only itself",
                            "an object cannot contain all of its own properties plus more; break the cycle",
                        );
                        return None;
                    }
                    let Some(ReferenceOr::Item(next)) =
                        reference.strip_prefix("#/components/schemas/").and_then(|key| self.schema_entry(&unescape_token(key)))
                    else {
                        break;
                    };
                    at = next;
                }
                TypeKind::Alias(self.type_of(schema, pointer, name)?)
            }
            SchemaKind::Type(Type::String(s)) if lists_values(s) => TypeKind::StringEnum(self.string_enum(schema, &s.enumeration, pointer)),
            SchemaKind::Type(Type::Integer(i)) if lists_integers(i) => TypeKind::IntegerEnum(self.integer_enum(schema, i, pointer)),
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => TypeKind::Struct(self.object(
                name,
                pointer,
                properties_of(&o.properties, pointer),
                &o.required,
                o.additional_properties.as_ref(),
            )),
            SchemaKind::Any(any) => self.lower_any(name, pointer, schema, any)?,
            SchemaKind::OneOf { one_of } => self.union_or_enum(name, pointer, one_of, schema, "oneOf")?,
            SchemaKind::AnyOf { any_of } => self.union_or_enum(name, pointer, any_of, schema, "anyOf")?,
            SchemaKind::AllOf { all_of } => self.all_of(name, pointer, all_of, None)?,
            // Primitives, arrays, maps and `not`: type_of never names them, so
            // this does not come back here.
            SchemaKind::Type(_) | SchemaKind::Not { .. } => TypeKind::Alias(self.type_of(schema, pointer, name)?),
        };
        self.type_kinds.insert(name.to_owned(), matches!(kind, TypeKind::StringEnum(_)));
        let def = TypeDef { name: name.to_owned(), module: snake_name(name), origin: pointer.to_owned(), docs, deprecated, kind };
        self.types.insert(pointer.to_owned(), def);
        Some(())
    }

    /// A named schema that `openapiv3` could not give one type.
    fn lower_any(&mut self, name: &str, pointer: &str, schema: &'a Schema, any: &'a AnySchema) -> Option<TypeKind> {
        if constrained_scalar(any).is_some() {
            return Some(TypeKind::Alias(self.type_of(schema, pointer, name)?));
        }
        Some(match any_shape(any) {
            AnyShape::Object => TypeKind::Struct(self.object(
                name,
                pointer,
                properties_of(&any.properties, pointer),
                &any.required,
                any.additional_properties.as_ref(),
            )),
            AnyShape::OneOf => self.union_or_enum(name, pointer, &any.one_of, schema, "oneOf")?,
            AnyShape::AnyOf => self.union_or_enum(name, pointer, &any.any_of, schema, "anyOf")?,
            AnyShape::AllOf => self.all_of(name, pointer, &any.all_of, Some(any))?,
            // Common properties beside the options of one union.
            AnyShape::Mixed
                if any.items.is_none()
                    && (any.one_of.is_empty() != any.any_of.is_empty())
                    && (!any.properties.is_empty() || !any.all_of.is_empty()) =>
            {
                TypeKind::Union(self.union_with_common(name, pointer, schema, any)?)
            }
            AnyShape::Mixed => {
                let present = [
                    ("properties", !any.properties.is_empty()),
                    ("items", any.items.is_some()),
                    ("oneOf", !any.one_of.is_empty()),
                    ("anyOf", !any.any_of.is_empty()),
                    ("allOf", !any.all_of.is_empty()),
                ];
                let present: Vec<String> = present.iter().filter(|(_, here)| *here).map(|(k, _)| format!("`{k}`")).collect();
                self.error_hint(
                    pointer,
                    format!("this schema has {}, which no one Rust type can be", present.join(" and ")),
                    "a schema is an array (`items`), an object (`properties`, `allOf`), or one union (`oneOf` or `anyOf`, maybe beside common `properties` or `allOf`)",
                );
                return None;
            }
            // type_of never names these, so this cannot come back here.
            AnyShape::Plain | AnyShape::Items | AnyShape::Not => TypeKind::Alias(self.type_of(schema, pointer, name)?),
        })
    }

    /// The type of a schema used in place: primitives directly, composite
    /// inline schemas as a new named type called `context`.
    pub(super) fn type_of(&mut self, schema: &'a Schema, pointer: &str, context: &str) -> Option<TypeRef> {
        if let Some(prim) = primitive(schema) {
            return Some(prim);
        }
        if let Some(reference) = single_ref(schema) {
            return self.ref_type(reference, &format!("{pointer}/allOf/0"));
        }
        if let Some((i, part)) = sole_inline_part(schema) {
            return self.type_of(part, &format!("{pointer}/allOf/{i}"), context);
        }
        // Scalars of one type: one value of that type, not a type of its own.
        if let Some(ty) = self.scalar_all_of(schema, pointer, context)? {
            return Some(ty);
        }
        match &schema.schema_kind {
            SchemaKind::Any(any) if constrained_scalar(any).is_some() => self.constrained_type(any, pointer),
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), pointer, context),
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.map_type(o.additional_properties.as_ref(), pointer, context)
            }
            SchemaKind::Any(any) => match any_shape(any) {
                AnyShape::Plain => match any.typ.as_deref() {
                    Some("object") | None if any.additional_properties.is_some() => {
                        self.map_type(any.additional_properties.as_ref(), pointer, context)
                    }
                    // A scalar whose keywords `openapiv3` could not read as
                    // that type (an integer `maximum` beyond `i64`, an enum
                    // of mixed kinds): still that scalar.
                    Some(scalar @ ("integer" | "number" | "string" | "boolean")) => {
                        if !any.enumeration.is_empty() {
                            let message =
                                format!("this {scalar} `enum` lists values that are not all of type {scalar}, so it is not checked");
                            self.warn(pointer, message, Some("list only values of the schema's `type`"));
                        }
                        Some(scalar_type(scalar, any.format.as_deref()))
                    }
                    _ => Some(TypeRef::Json),
                },
                AnyShape::Items => self.array(any.items.as_ref(), pointer, context),
                AnyShape::Not => self.not_schema(pointer),
                AnyShape::Object | AnyShape::OneOf | AnyShape::AnyOf | AnyShape::AllOf | AnyShape::Mixed => {
                    self.named_inline(schema, pointer, context)
                }
            },
            SchemaKind::Not { .. } => self.not_schema(pointer),
            SchemaKind::Type(_) | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.named_inline(schema, pointer, context)
            }
        }
    }

    /// The type of a scalar beside `allOf` ([`constrained_scalar`]): a
    /// number or boolean as its own `type` and `format` say; a string or
    /// integer as its one `allOf` part is when that is an enum (the enum it
    /// picks values of), else as its own `type` and `format` say.
    fn constrained_type(&mut self, any: &'a AnySchema, pointer: &str) -> Option<TypeRef> {
        let _deep = self.deep();
        Some(match constrained_scalar(any)? {
            "string" => match any.all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => self.ref_type(reference, &format!("{pointer}/allOf/0"))?,
                _ => TypeRef::String,
            },
            // The integer enum it picks values of; else as written here.
            "integer" => match any.all_of.as_slice() {
                [ReferenceOr::Reference { reference }] => match self.ref_type(reference, &format!("{pointer}/allOf/0"))? {
                    named @ TypeRef::Named(_) if self.is_integer_enum(reference) => named,
                    _ => scalar_type("integer", any.format.as_deref()),
                },
                _ => scalar_type("integer", any.format.as_deref()),
            },
            scalar => scalar_type(scalar, any.format.as_deref()),
        })
    }

    /// Whether `reference` is to a component schema that is an integer enum.
    fn is_integer_enum(&self, reference: &str) -> bool {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else { return false };
        let schema = self.schema_entry(&unescape_token(key));
        matches!(schema, Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Integer(i)), .. })) if lists_integers(i))
    }

    /// An inline schema that needs a type of its own, named after `context`.
    ///
    /// A schema node is one type, however many places use it (a part of
    /// several `allOf`s, a shared response): the first use names it, later
    /// ones (and recursive ones, while it is being lowered) reuse the name.
    fn named_inline(&mut self, schema: &'a Schema, pointer: &str, context: &str) -> Option<TypeRef> {
        if let Some(name) = self.inline_names.get(pointer) {
            return Some(TypeRef::Named(name.clone()));
        }
        let name = self.claim_type(pascal_name(context));
        self.inline_names.insert(pointer.to_owned(), name.clone());
        self.lower_named(&name, pointer, schema)?;
        Some(TypeRef::Named(name))
    }

    /// The Rust name of the component schema at `pointer`, if it is one.
    pub(super) fn component_name_at(&self, pointer: &str) -> Option<&str> {
        let key = pointer.strip_prefix("/components/schemas/")?;
        self.component_names.get(unescape_token(key).as_ref()).map(String::as_str)
    }

    fn not_schema(&mut self, pointer: &str) -> Option<TypeRef> {
        self.error_hint(pointer, "`not` schemas are not supported", "describe the allowed values positively");
        None
    }

    fn array(&mut self, items: Option<&'a ReferenceOr<Box<Schema>>>, pointer: &str, context: &str) -> Option<TypeRef> {
        let item = match items {
            None => TypeRef::Json,
            Some(items) => {
                let at = format!("{pointer}/items");
                let item = self.boxed_type(items, &at, &format!("{context}Item"))?;
                let nullable = self.resolve_boxed(items, &at).is_some_and(|t| self.nullable(&t));
                maybe_null(item, nullable)
            }
        };
        Some(TypeRef::Array(Box::new(item)))
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, pointer: &str, context: &str) -> Option<TypeRef> {
        let value = match additional {
            None | Some(AdditionalProperties::Any(_)) => TypeRef::Json,
            Some(AdditionalProperties::Schema(s)) => {
                let ptr = format!("{pointer}/additionalProperties");
                let value = self.ref_or_type(s, &ptr, &format!("{context}Value"))?;
                let nullable = self.resolve(s, &ptr).is_some_and(|t| self.nullable(&t));
                maybe_null(value, nullable)
            }
        };
        Some(TypeRef::Map(Box::new(value)))
    }

    /// The type of a schema or `$ref`, inline ones named after `context`.
    pub(super) fn ref_or_type(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str, context: &str) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.type_of(s, pointer, context),
        }
    }

    /// The same, for properties and items.
    pub(super) fn boxed_type(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str, context: &str) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.type_of(s, pointer, context),
        }
    }

    /// A `oneOf`/`anyOf`: one string enum when every option is a string
    /// enum (how schemars and Dropshot write an enum with a description per
    /// value), else a union.
    fn union_or_enum(
        &mut self,
        name: &str,
        pointer: &str,
        options: &'a [ReferenceOr<Schema>],
        schema: &'a Schema,
        keyword: &str,
    ) -> Option<TypeKind> {
        let _deep = self.deep();
        if options.is_empty() {
            let message = format!("`{keyword}` lists no schemas, so no value could match it");
            self.error_hint(
                &format!("{pointer}/{keyword}"),
                message,
                &format!("JSON Schema requires `{keyword}` to list at least one schema"),
            );
            return None;
        }
        match self.documented_enum(options, pointer, keyword, schema.schema_data.nullable) {
            Some(e) => Some(TypeKind::StringEnum(e)),
            None => self.union(name, pointer, options, schema, keyword).map(TypeKind::Union),
        }
    }

    /// The values of options that are all string enums, each documented by
    /// its option's description when it lists one value (how schemars and
    /// Dropshot write an enum), else as its own extensions say; `None` when
    /// one is anything else. drf-spectacular's `oneOf: [StatusEnum,
    /// BlankEnum, NullEnum]` is one enum too: an `enum` without `type` whose
    /// values are strings (`BlankEnum`: `[""]`) is a string enum, and one
    /// that allows only `null` (`NullEnum`) says what `nullable`, which the
    /// union must then say too, does.
    fn documented_enum(&mut self, options: &'a [ReferenceOr<Schema>], pointer: &str, keyword: &str, nullable: bool) -> Option<StringEnum> {
        let _deep = self.deep();
        let mut listed = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let ptr = format!("{pointer}/{keyword}/{i}");
            let found = match option {
                ReferenceOr::Item(schema) => Resolved { item: schema, pointer: ptr, key: None },
                ReferenceOr::Reference { .. } => self.resolve(option, &ptr)?,
            };
            let item: &'a Schema = found.item;
            let (values, null): (Vec<(usize, &'a str)>, bool) = match &item.schema_kind {
                SchemaKind::Type(Type::String(s)) => (
                    s.enumeration.iter().enumerate().filter_map(|(j, v)| Some((j, v.as_deref()?))).collect(),
                    s.enumeration.iter().any(Option::is_none),
                ),
                SchemaKind::Any(any)
                    if any.typ.is_none() && untyped_enum_only(any) && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
                {
                    let strings = any.enumeration.iter().enumerate().filter_map(|(j, v)| Some((j, v.as_str()?))).collect();
                    (strings, any.enumeration.iter().any(serde_json::Value::is_null))
                }
                _ => return None,
            };
            if values.is_empty() {
                if null && nullable {
                    continue;
                }
                return None;
            }
            listed.push((found, values));
        }
        if listed.is_empty() {
            return None;
        }
        let mut scope = Scope::with_reserved(reserved::VARIANTS.iter().copied());
        let mut out: Vec<EnumValue> = Vec::new();
        for (found, values) in listed {
            let notes = ValueNotes::of(found.item);
            let one = values.len() == 1;
            for (j, value) in values {
                let at = format!("{}/enum/{j}", found.pointer);
                if out.iter().any(|v| v.wire == value) {
                    self.warn(&at, format!("enum value `{value}` is listed twice; the second is ignored"), None);
                    continue;
                }
                let wire = serde_json::Value::String(value.to_owned());
                let candidate = pascal_name(notes.name(j, &wire).filter(|n| !n.trim().is_empty()).unwrap_or(value));
                let rust_name = self.claim(&mut scope, candidate, &at, &format!("enum value `{value}`"));
                let docs = if one { nonblank(&found.item.schema_data.description) } else { notes.docs(j, &wire) };
                out.push(EnumValue { wire: value.to_owned(), rust_name, docs });
            }
        }
        Some(StringEnum { values: out })
    }

    /// An integer enum: a constant per value, named by `x-enum-varnames`
    /// (else after the value) and documented by `x-enum-descriptions`.
    fn integer_enum(&mut self, schema: &Schema, i: &openapiv3::IntegerType, pointer: &str) -> IntegerEnum {
        let notes = ValueNotes::of(schema);
        let repr = integer_type(i);
        let mut scope = Scope::new();
        let mut values: Vec<IntegerValue> = Vec::new();
        for (n, value) in i.enumeration.iter().enumerate() {
            // `null` in an enum is nullability, not a value.
            let Some(value) = *value else { continue };
            if let TypeRef::Integer { bits, signed } = repr {
                let (min, max) = match (bits, signed) {
                    (64, true) => (i64::MIN, i64::MAX),
                    (64, false) => (0, i64::MAX),
                    (bits, true) => (-(1 << (bits - 1)), (1 << (bits - 1)) - 1),
                    (bits, false) => (0, (1 << bits) - 1),
                };
                if value < min || value > max {
                    let message = format!(
                        "enum value `{value}` does not fit `{}{bits}`, the type its `format` names; it is left out",
                        if signed { 'i' } else { 'u' }
                    );
                    self.warn(&format!("{pointer}/enum/{n}"), message, Some("widen the `format`, or correct the value"));
                    continue;
                }
            }
            if values.iter().any(|v| v.wire == value) {
                self.warn(&format!("{pointer}/enum/{n}"), format!("enum value `{value}` is listed twice; the second is ignored"), None);
                continue;
            }
            let named = notes.name(n, &value.into()).map(screaming_name).filter(|n| !n.is_empty());
            let candidate = named.unwrap_or_else(|| match value {
                v if v < 0 => format!("MINUS_{}", v.unsigned_abs()),
                v => format!("V{v}"),
            });
            let rust_name = self.claim(&mut scope, candidate, &format!("{pointer}/enum/{n}"), &format!("enum value `{value}`"));
            values.push(IntegerValue { wire: value, rust_name, docs: notes.docs(n, &value.into()) });
        }
        IntegerEnum { repr, values }
    }

    fn string_enum(&mut self, schema: &Schema, values: &[Option<String>], pointer: &str) -> StringEnum {
        let notes = ValueNotes::of(schema);
        // `Unknown` is the catch-all variant every enum has.
        let mut scope = Scope::with_reserved(reserved::VARIANTS.iter().copied());
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            // `null` in an enum is nullability, not a value.
            let Some(value) = value else { continue };
            let wire = serde_json::Value::String(value.clone());
            let candidate = pascal_name(notes.name(i, &wire).filter(|n| !n.trim().is_empty()).unwrap_or(value));
            if out.iter().any(|v: &EnumValue| v.wire == *value) {
                self.warn(&format!("{pointer}/enum/{i}"), format!("enum value `{value}` is listed twice; the second is ignored"), None);
                continue;
            }
            let rust_name = self.claim(&mut scope, candidate, &format!("{pointer}/enum/{i}"), &format!("enum value `{value}`"));
            out.push(EnumValue { wire: value.clone(), rust_name, docs: notes.docs(i, &wire) });
        }
        StringEnum { values: out }
    }

    /// A struct of `properties`; `name` names the types of inline ones.
    pub(super) fn object(
        &mut self,
        name: &str,
        pointer: &str,
        properties: Vec<Property<'a>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
    ) -> Struct {
        for req in required {
            if !properties.iter().any(|p| p.wire == req) {
                let message = format!("`{req}` is listed in `required` but is not a property; it is ignored");
                self.warn(&format!("{pointer}/required"), message, None);
            }
        }
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for Property { wire, schema: prop, pointer: prop_ptr, owner } in properties {
            let context = format!("{}{}", owner.as_deref().unwrap_or(name), pascal_name(wire));
            let Some(ty) = self.boxed_type(prop, &prop_ptr, &context) else { continue };
            let Some(target) = self.resolve_boxed(prop, &prop_ptr) else { continue };
            let data = &target.item.schema_data;
            let constraints = self.carried_constraints(&target.pointer, &ty).unwrap_or_else(|| constraints(target.item));
            fields.push(Field {
                rust_name: scope.claim(snake_name(wire)),
                wire_name: wire.to_owned(),
                ty,
                required: required.iter().any(|r| r == wire),
                nullable: self.nullable(&target),
                docs: schema_docs(target.item),
                deprecated: data.deprecated,
                constraints,
                default: data.default.clone(),
                boxed: false,
            });
        }
        let keeps_unknown = !matches!(additional, Some(AdditionalProperties::Any(false)));
        Struct { fields, unknown_fields: keeps_unknown.then(|| scope.claim("additional_properties".to_owned())) }
    }
}

/// An array item or map value: `Option<T>` when the spec allows `null`
/// there (`nullable`, or 3.1's `null` among its types or options). Any
/// JSON value already holds `null`.
pub(super) fn maybe_null(ty: TypeRef, nullable: bool) -> TypeRef {
    if nullable && ty != TypeRef::Json {
        TypeRef::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// The object parts of a schema: its properties and required names.
pub(super) fn object_parts(schema: &Schema) -> Option<(&Properties, &Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

/// Whether a string schema's `enum` lists a value: `null` alone (ideal-postcodes'
/// `enum: [null]`, a property that is always `null`) is nullability, and
/// the schema a plain string.
fn lists_values(s: &openapiv3::StringType) -> bool {
    s.enumeration.iter().any(Option::is_some)
}

/// What extensions say of each value of an `enum`: its name
/// (`x-enum-varnames`, or NSwag's `x-enumNames`, by position, else
/// `x-ms-enum`'s `values[].name`, by value) and its description
/// (`x-enum-descriptions`, else `x-ms-enum`'s).
struct ValueNotes<'s> {
    varnames: Option<&'s Vec<serde_json::Value>>,
    descriptions: Option<&'s Vec<serde_json::Value>>,
    ms_values: Option<&'s Vec<serde_json::Value>>,
}

impl<'s> ValueNotes<'s> {
    fn of(schema: &'s Schema) -> Self {
        let ext = &schema.schema_data.extensions;
        Self {
            varnames: ext.get("x-enum-varnames").or_else(|| ext.get("x-enumNames")).and_then(|v| v.as_array()),
            descriptions: ext.get("x-enum-descriptions").and_then(|v| v.as_array()),
            ms_values: ext.get("x-ms-enum").and_then(|v| v.get("values")).and_then(|v| v.as_array()),
        }
    }

    /// The `x-ms-enum` entry of `value`.
    fn ms_entry(&self, value: &serde_json::Value, key: &str) -> Option<&'s str> {
        let entry = self.ms_values?.iter().find(|e| e.get("value") == Some(value))?;
        entry.get(key)?.as_str()
    }

    /// The name given to the value at `i` of the `enum`, `value`.
    fn name(&self, i: usize, value: &serde_json::Value) -> Option<&'s str> {
        self.varnames.and_then(|names| names.get(i)).and_then(|n| n.as_str()).or_else(|| self.ms_entry(value, "name"))
    }

    /// Its description, trimmed; `None` when empty.
    fn docs(&self, i: usize, value: &serde_json::Value) -> Option<String> {
        let given = self.descriptions.and_then(|d| d.get(i)).and_then(|d| d.as_str()).filter(|d| !d.trim().is_empty());
        given.or_else(|| self.ms_entry(value, "description")).map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned)
    }
}

/// Whether a schema without `type` says nothing but its `enum`.
fn untyped_enum_only(any: &AnySchema) -> bool {
    !any.enumeration.is_empty()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.all_of.is_empty()
        && any.not.is_none()
        && any.additional_properties.is_none()
}

fn lists_integers(i: &openapiv3::IntegerType) -> bool {
    i.enumeration.iter().any(Option::is_some)
}

/// The Rust integer an `integer` schema's `format` names.
fn integer_type(i: &openapiv3::IntegerType) -> TypeRef {
    use openapiv3::{IntegerFormat, VariantOrUnknownOrEmpty};
    match &i.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => integer(Some("int32")),
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) | VariantOrUnknownOrEmpty::Empty => integer(None),
        VariantOrUnknownOrEmpty::Unknown(format) => integer(Some(format)),
    }
}

/// The type of a scalar schema as it is on the wire, a string or integer
/// enum as its scalar (a response header's type).
pub(super) fn wire_scalar(schema: &Schema) -> Option<TypeRef> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => Some(integer_type(i)),
        _ => primitive(schema),
    }
}

/// The Rust type of a schema that needs no name of its own.
pub(super) fn primitive(schema: &Schema) -> Option<TypeRef> {
    use openapiv3::{NumberFormat, StringFormat, VariantOrUnknownOrEmpty::Item};
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !lists_values(s) => match &s.format {
            Item(StringFormat::DateTime) => TypeRef::DateTime,
            Item(StringFormat::Date) => TypeRef::Date,
            _ => TypeRef::String,
        },
        SchemaKind::Type(Type::Integer(i)) if !lists_integers(i) => integer_type(i),
        SchemaKind::Type(Type::Number(n)) => match &n.format {
            Item(NumberFormat::Float) => TypeRef::Number { bits: 32 },
            _ => TypeRef::Number { bits: 64 },
        },
        SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
        _ => return None,
    })
}

/// The type of a scalar `type` (`integer`, `number`, `string` or
/// `boolean`) with its `format`.
pub(super) fn scalar_type(scalar: &str, format: Option<&str>) -> TypeRef {
    match (scalar, format) {
        ("integer", format) => integer(format),
        ("number", Some("float")) => TypeRef::Number { bits: 32 },
        ("number", _) => TypeRef::Number { bits: 64 },
        ("string", Some("date-time")) => TypeRef::DateTime,
        ("string", Some("date")) => TypeRef::Date,
        ("string", _) => TypeRef::String,
        _ => TypeRef::Boolean,
    }
}

/// The Rust integer an integer `format` names: the format registry's
/// `int8` to `uint64` as `i8` to `u64`, anything else `i64`.
pub(super) fn integer(format: Option<&str>) -> TypeRef {
    let (bits, signed) = match format {
        Some("int8") => (8, true),
        Some("uint8") => (8, false),
        Some("int16") => (16, true),
        Some("uint16") => (16, false),
        Some("int32") => (32, true),
        Some("uint32") => (32, false),
        Some("uint64") => (64, false),
        _ => (64, true),
    };
    TypeRef::Integer { bits, signed }
}

/// rustdoc for a schema: its title and description.
pub(super) fn schema_docs(schema: &Schema) -> Option<String> {
    let mut data = &schema.schema_data;
    // A schema documented in an `allOf` part (see `single_ref` and
    // `sole_inline_part`).
    if data.title.is_none() && data.description.is_none() && (single_ref(schema).is_some() || sole_inline_part(schema).is_some()) {
        let documented = |p: &&ReferenceOr<Schema>| matches!(p, ReferenceOr::Item(s) if s.schema_data.description.is_some() || s.schema_data.title.is_some());
        if let Some(ReferenceOr::Item(part)) = all_of_only(schema).and_then(|parts| parts.iter().find(documented)) {
            data = &part.schema_data;
        }
    }
    match (nonblank(&data.title), nonblank(&data.description)) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}

/// The validation keywords of a schema that the generated code checks.
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items.filter(|n| *n > 0);
            c.max_items = a.max_items;
        }
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length.filter(|n| *n > 0);
            c.max_length = s.max_length;
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
            c.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            c.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
        }
        _ => {}
    }
    c
}
