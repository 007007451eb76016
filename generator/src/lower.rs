//! Lowering: from the `openapiv3` model to the plain-data [`ir`](crate::ir).
//!
//! Every `$ref` is resolved here, every inline schema that needs a Rust type
//! gets a stable name (its parent's name and its property), union dispatch is
//! decided, and every name is minted through [`naming`](crate::naming).
//! Problems become [`Diagnostic`]s carrying the JSON pointer of the node.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody,
    Response as OaResponse, Schema, SchemaKind, StatusCode, Type,
};

use crate::diagnostics::Diagnostic;
use crate::ir::*;
use crate::naming::{pascal_name, snake_name, split_words, Scope, TypeScope};
use crate::parse::{escape_token, unescape_token};

/// What lowering produced: the model, and warnings that did not stop it.
#[derive(Debug)]
pub struct Lowered {
    /// The model.
    pub api: Api,
    /// Warnings (ambiguous unions, ignored constructs).
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a parsed document. `file` is used only in diagnostics.
pub fn lower(doc: &OpenAPI, file: &Path) -> Result<Lowered, Vec<Diagnostic>> {
    let mut cx = Lowerer::new(doc, file);
    cx.run();
    if cx.errors.is_empty() {
        let mut types: Vec<TypeDef> = cx.types.into_values().collect();
        types.sort_by(|a, b| a.name.cmp(&b.name));
        wrap_recursive_aliases(&mut types);
        box_recursion(&mut types);
        cx.operations.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
        Ok(Lowered {
            api: Api {
                title: doc.info.title.clone(),
                version: doc.info.version.clone(),
                description: doc.info.description.clone(),
                servers: cx.servers,
                security_schemes: cx.security_schemes,
                types,
                operations: cx.operations,
                header_sets: cx.header_sets.into_values().collect(),
            },
            warnings: cx.warnings,
        })
    } else {
        let mut all = cx.errors;
        all.extend(cx.warnings);
        Err(all)
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    file: &'a Path,
    /// Rust names of component schemas, by schema key.
    component_names: HashMap<String, String>,
    /// Rust names of inline schemas, by pointer.
    inline_names: HashMap<String, String>,
    /// `$ref` cycles already reported, as sets of component keys.
    reported_cycles: BTreeSet<BTreeSet<String>>,
    /// The type namespace of the generated `models` module.
    type_scope: TypeScope,
    /// Types lowered so far, by the pointer of the schema they come from.
    types: BTreeMap<String, TypeDef>,
    /// Whether each lowered type (by Rust name) is a string enum.
    type_kinds: HashMap<String, bool>,
    servers: Vec<Server>,
    security_schemes: Vec<SecurityScheme>,
    operations: Vec<Operation>,
    /// Header structs, by their Rust names.
    header_sets: BTreeMap<String, HeaderSet>,
    /// Header struct names, by the pointer of the response they come from.
    header_set_names: HashMap<String, String>,
    /// Operations with `x-pagination`, by operationId, with the extension's
    /// pointer: resolved once every type is lowered.
    paginated: Vec<(String, String, &'a serde_json::Value)>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// A schema with the pointer it was found at (after following `$ref`s).
#[derive(Clone)]
struct Located<'a> {
    schema: &'a Schema,
    pointer: String,
}

/// The parts of an `allOf` merged so far.
#[derive(Default)]
struct Merged<'a> {
    properties: Vec<Property<'a>>,
    required: Vec<String>,
    closed: bool,
}

impl<'a> Merged<'a> {
    /// Adds an object part: its properties replace earlier ones of the same
    /// name, its required names join the list.
    fn merge(&mut self, properties: &'a Properties, required: &[String], pointer: &str, additional: &Option<AdditionalProperties>, owner: &str) {
        for mut p in properties_of(properties, pointer) {
            p.owner = Some(owner.to_owned());
            self.properties.retain(|q| q.wire != p.wire);
            self.properties.push(p);
        }
        self.required.extend(required.iter().cloned());
        self.closed |= matches!(additional, Some(AdditionalProperties::Any(false)));
    }
}

/// What an untyped schema amounts to: `openapiv3` files a schema as
/// [`SchemaKind::Any`] when its keywords do not fit one type (`type: object`
/// beside `allOf`, `items` without `type: array`, ...).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum AnyShape {
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

fn any_shape(any: &AnySchema) -> AnyShape {
    let has = (!any.properties.is_empty(), !any.one_of.is_empty(), !any.any_of.is_empty(), !any.all_of.is_empty(), any.items.is_some());
    match has {
        _ if any.not.is_some() => AnyShape::Not,
        (false, false, false, false, false) => AnyShape::Plain,
        (false, false, false, false, true) => AnyShape::Items,
        (true, false, false, false, false) => AnyShape::Object,
        (false, true, false, false, false) => AnyShape::OneOf,
        (false, false, true, false, false) => AnyShape::AnyOf,
        (_, false, false, true, false) => AnyShape::AllOf,
        _ => AnyShape::Mixed,
    }
}

/// A property of an object being lowered, with the pointer it was found at
/// (for `allOf`, inside the part it came from).
struct Property<'a> {
    wire: &'a str,
    schema: &'a ReferenceOr<Box<Schema>>,
    pointer: String,
    /// The type that declares it, when not the one being built (a part of
    /// an `allOf` that is another component): inline schemas in it are named
    /// after that type, so that every user of the part shares one type.
    owner: Option<String>,
}

fn properties_of<'a>(
    properties: &'a Properties,
    pointer: &str,
) -> Vec<Property<'a>> {
    properties
        .iter()
        .map(|(wire, schema)| Property { wire, schema, pointer: format!("{pointer}/properties/{}", escape_token(wire)), owner: None })
        .collect()
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, file: &'a Path) -> Self {
        Self {
            doc,
            file,
            component_names: HashMap::new(),
            inline_names: HashMap::new(),
            reported_cycles: BTreeSet::new(),
            type_scope: TypeScope::new(),
            types: BTreeMap::new(),
            type_kinds: HashMap::new(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            operations: Vec::new(),
            header_sets: BTreeMap::new(),
            header_set_names: HashMap::new(),
            paginated: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(Diagnostic::error(self.file, pointer, message));
    }

    fn error_hint(&mut self, pointer: &str, message: impl Into<String>, hint: &str) {
        self.errors.push(Diagnostic::error(self.file, pointer, message).with_hint(hint));
    }

    fn run(&mut self) {
        self.lower_servers();
        self.lower_security_schemes();
        // Component schemas claim their names first, in spec order, so that
        // inline schemas never take a name a component would want.
        if let Some(components) = &self.doc.components {
            for key in components.schemas.keys() {
                let candidate = pascal_name(key);
                let name = self.type_scope.claim(candidate.clone());
                if name != candidate {
                    // The earlier schema whose name (or module file) this one would take.
                    let module = snake_name(&candidate);
                    let (first, first_name) = components
                        .schemas
                        .keys()
                        .find_map(|k| self.component_names.get(k).filter(|n| snake_name(n) == module).map(|n| (k.as_str(), n.as_str())))
                        .unwrap_or_default();
                    self.warnings.push(
                        Diagnostic::warning(
                            self.file,
                            &format!("/components/schemas/{}", escape_token(key)),
                            if first_name == candidate {
                                format!("schema `{key}` is generated as `{name}`: `{first}` already has the Rust name `{first_name}`")
                            } else {
                                format!("schema `{key}` is generated as `{name}`: `{first}` already has the Rust name `{first_name}`, whose module is `{module}`")
                            },
                        )
                        .with_hint("rename one of the schemas if the numbered name is not what you want"),
                    );
                }
                self.component_names.insert(key.clone(), name);
            }
            for (key, schema) in &components.schemas {
                let pointer = format!("/components/schemas/{}", escape_token(key));
                let Some(name) = self.component_names.get(key).cloned() else { continue };
                match schema {
                    ReferenceOr::Item(schema) => {
                        self.lower_named(&name, &pointer, schema);
                    }
                    ReferenceOr::Reference { reference } => {
                        // A chain of `$ref`s that comes back is no type at all.
                        if self.resolve(schema, &pointer).is_none() {
                            continue;
                        }
                        if let Some(ty) = self.ref_type(reference, &pointer) {
                            self.type_kinds.insert(name.clone(), false);
                            self.types.insert(
                                pointer.clone(),
                                TypeDef { name, origin: pointer, docs: None, deprecated: false, kind: TypeKind::Alias(ty) },
                            );
                        }
                    }
                }
            }
        }
        self.lower_operations();
        self.lower_pagination();
    }

    // ----- pagination ----------------------------------------------------------

    /// Resolves each operation's `x-pagination` once every type is lowered:
    /// `{offsetParam, limitParam, resultsPath, totalCountPath}`, the paths
    /// dotted property names from the success response's body.
    fn lower_pagination(&mut self) {
        for (op_id, ptr, ext) in std::mem::take(&mut self.paginated) {
            let Some(index) = self.operations.iter().position(|o| o.operation_id == op_id) else { continue };
            let op = self.operations[index].clone();
            if let Some(p) = self.pagination(&op, &ptr, ext) {
                self.operations[index].pagination = Some(p);
            }
        }
    }

    fn pagination(&mut self, op: &Operation, ptr: &str, ext: &serde_json::Value) -> Option<Pagination> {
        let text = |key: &str| ext.get(key).and_then(|v| v.as_str());
        let hint = "x-pagination takes offsetParam, limitParam (query parameter names), resultsPath and totalCountPath (dotted property paths in the success body)";
        let (Some(offset), Some(limit), Some(results), Some(total)) =
            (text("offsetParam"), text("limitParam"), text("resultsPath"), text("totalCountPath"))
        else {
            self.error_hint(ptr, "`x-pagination` needs offsetParam, limitParam, resultsPath and totalCountPath as strings", hint);
            return None;
        };
        let mut param = |wire: &str, key: &str| {
            let found = op.params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == wire && matches!(p.ty, TypeRef::Integer { .. }));
            if found.is_none() {
                self.error_hint(&format!("{ptr}/{key}"), format!("`{wire}` is not an integer query parameter of this operation"), hint);
            }
            found.map(|p| p.rust_name.clone())
        };
        let offset_param = param(offset, "offsetParam");
        let limit_param = param(limit, "limitParam");
        let Some(success) = op.responses.iter().find(|r| matches!(r.status, StatusMatch::Code(200..=299)) && r.body.is_some()) else {
            self.error_hint(ptr, "`x-pagination` needs a 2xx response with a body", hint);
            return None;
        };
        let page = success.body.as_ref()?.ty.clone();
        let items = self.field_path(&page, results, &format!("{ptr}/resultsPath"), "an array", |t| matches!(t, TypeRef::Array(_)));
        let total = self.field_path(&page, total, &format!("{ptr}/totalCountPath"), "an integer", |t| matches!(t, TypeRef::Integer { .. }));
        Some(Pagination { offset_param: offset_param?, limit_param: limit_param?, response: success.rust_name.clone(), page, items: items?, total: total? })
    }

    /// Follows a dotted path of wire names through struct types.
    /// `leaf_ok` checks the type reached, `leaf` says what it should be.
    fn field_path(&mut self, from: &TypeRef, dotted: &str, ptr: &str, leaf: &str, leaf_ok: impl Fn(&TypeRef) -> bool) -> Option<Vec<PathStep>> {
        let mut steps = Vec::new();
        let mut current = from.clone();
        for wire in dotted.split('.') {
            let field = match &current {
                TypeRef::Named(name) => self.types.values().find(|t| &t.name == name).and_then(|t| match &t.kind {
                    TypeKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire).cloned(),
                    _ => None,
                }),
                _ => None,
            };
            let Some(field) = field else {
                self.error(ptr, format!("`{dotted}`: no property `{wire}` in the response body's type"));
                return None;
            };
            steps.push(PathStep { field: field.rust_name.clone(), optional: !field.required || field.nullable });
            current = field.ty;
        }
        if !leaf_ok(&current) {
            self.error(ptr, format!("`{dotted}` does not lead to {leaf}"));
            return None;
        }
        Some(steps)
    }

    // ----- servers and security ---------------------------------------------

    fn lower_servers(&mut self) {
        for (i, server) in self.doc.servers.iter().enumerate() {
            let mut variables = Vec::new();
            let mut scope = Scope::new();
            if let Some(vars) = &server.variables {
                for (name, var) in vars {
                    let mut value_scope = Scope::new();
                    let values = var
                        .enumeration
                        .iter()
                        .map(|v| EnumValue { wire: v.clone(), rust_name: value_scope.claim(pascal_name(v)) })
                        .collect();
                    variables.push(ServerVariable {
                        name: name.clone(),
                        rust_name: scope.claim(pascal_name(name)),
                        default: var.default.clone(),
                        values,
                        description: var.description.clone(),
                        env: env_extension(&var.extensions),
                    });
                }
            }
            for cap in placeholders(&server.url) {
                if !variables.iter().any(|v| v.name == cap) {
                    self.error(&format!("/servers/{i}/url"), format!("server URL uses `{{{cap}}}`, which has no entry in `variables`"));
                }
            }
            self.servers.push(Server { url: server.url.clone(), description: server.description.clone(), variables });
        }
    }

    fn lower_security_schemes(&mut self) {
        let Some(components) = &self.doc.components else { return };
        let mut scope = Scope::new();
        for (key, scheme) in &components.security_schemes {
            let pointer = format!("/components/securitySchemes/{}", escape_token(key));
            match scheme {
                ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                    location: openapiv3::APIKeyLocation::Header,
                    name,
                    description,
                    extensions,
                }) => self.security_schemes.push(SecurityScheme {
                    key: key.clone(),
                    rust_name: scope.claim(snake_name(key)),
                    header: name.clone(),
                    description: description.clone(),
                    env: env_extension(extensions),
                }),
                _ => self.warnings.push(
                    Diagnostic::warning(self.file, &pointer, format!("security scheme `{key}` is not an API key in a header; the generated code does not apply it"))
                        .with_hint("add its credentials to requests yourself"),
                ),
            }
        }
    }

    // ----- schemas -----------------------------------------------------------

    /// Follows `$ref`s to a schema. Reports a dangling or foreign reference.
    fn resolve(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str) -> Option<Located<'a>> {
        let mut current = schema;
        let mut at = pointer.to_owned();
        let mut seen: Vec<&'a str> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(schema) => return Some(Located { schema, pointer: at }),
                ReferenceOr::Reference { reference } => {
                    let key = self.component_key(reference, &at)?;
                    if let Some(start) = seen.iter().position(|k| *k == key) {
                        let cycle = &seen[start..];
                        // Report each cycle once, wherever it is entered from.
                        if self.reported_cycles.insert(cycle.iter().map(|k| (*k).to_owned()).collect()) {
                            // From the schema where the cycle closes, which is where it is reported.
                            let closing = seen.last().copied().unwrap_or(key);
                            let names: Vec<&str> =
                                std::iter::once(closing).chain(cycle.iter().copied().take(cycle.len().saturating_sub(1))).chain([closing]).collect();
                            self.error_hint(
                                &format!("{at}/$ref"),
                                format!("`$ref` cycle: {} never reaches a schema", names.join(" -> ")),
                                "each of these schemas is only a `$ref` to the next; make one of them a schema",
                            );
                        }
                        return None;
                    }
                    seen.push(key);
                    let components = self.doc.components.as_ref()?;
                    let (k, next) = components.schemas.get_key_value(key)?;
                    current = next;
                    at = format!("/components/schemas/{}", escape_token(k));
                }
            }
        }
    }

    /// The same `Box`ed resolution, for properties and items.
    fn resolve_boxed(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str) -> Option<Located<'a>> {
        match schema {
            ReferenceOr::Item(schema) => Some(Located { schema, pointer: pointer.to_owned() }),
            ReferenceOr::Reference { reference } => {
                let key = self.component_key(reference, pointer)?;
                let components = self.doc.components.as_ref()?;
                let (k, next) = components.schemas.get_key_value(key)?;
                self.resolve(next, &format!("/components/schemas/{}", escape_token(k)))
            }
        }
    }

    /// The component key a `$ref` names, or a diagnostic.
    fn component_key(&mut self, reference: &'a str, pointer: &str) -> Option<&'a str> {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            self.error_hint(
                &format!("{pointer}/$ref"),
                format!("`$ref: {reference}` does not point at a component schema"),
                "references to other files or other sections are not supported for schemas yet",
            );
            return None;
        };
        let key = unescape_token(key);
        let found = self.doc.components.as_ref().and_then(|c| c.schemas.get_key_value(key.as_ref()));
        let Some((key, _)) = found else {
            self.error_hint(
                &format!("{pointer}/$ref"),
                format!("`$ref: {reference}` points at a schema that does not exist"),
                "check the spelling against the keys of components.schemas",
            );
            return None;
        };
        Some(key)
    }

    /// The type a `$ref` stands for.
    fn ref_type(&mut self, reference: &'a str, pointer: &str) -> Option<TypeRef> {
        let key = self.component_key(reference, pointer)?;
        let name = self.component_names.get(key)?.clone();
        // A component that is a plain primitive is used as the primitive.
        let schema = self.doc.components.as_ref()?.schemas.get(key)?;
        if let ReferenceOr::Item(s) = schema {
            if let Some(prim) = primitive(s) {
                return Some(prim);
            }
        }
        Some(TypeRef::Named(name))
    }

    /// Lowers a component schema (or a named inline one) into a type.
    fn lower_named(&mut self, name: &str, pointer: &str, schema: &'a Schema) -> Option<()> {
        let docs = schema_docs(schema);
        let deprecated = schema.schema_data.deprecated;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                TypeKind::StringEnum(self.string_enum(schema, &s.enumeration, pointer))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                TypeKind::Struct(self.object(name, pointer, properties_of(&o.properties, pointer), &o.required, o.additional_properties.as_ref()))
            }
            SchemaKind::Any(any) => match any_shape(any) {
                AnyShape::Object => TypeKind::Struct(self.object(
                    name,
                    pointer,
                    properties_of(&any.properties, pointer),
                    &any.required,
                    any.additional_properties.as_ref(),
                )),
                AnyShape::OneOf => TypeKind::Union(self.union(name, pointer, &any.one_of, schema, "oneOf")?),
                AnyShape::AnyOf => TypeKind::Union(self.union(name, pointer, &any.any_of, schema, "anyOf")?),
                AnyShape::AllOf => self.all_of(name, pointer, &any.all_of, Some(any))?,
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
                        "keep one of them per schema: shared properties go in an `allOf` part, or into each option",
                    );
                    return None;
                }
                // type_of never names these, so this cannot come back here.
                AnyShape::Plain | AnyShape::Items | AnyShape::Not => TypeKind::Alias(self.type_of(schema, pointer, name)?),
            },
            SchemaKind::OneOf { one_of } => TypeKind::Union(self.union(name, pointer, one_of, schema, "oneOf")?),
            SchemaKind::AnyOf { any_of } => TypeKind::Union(self.union(name, pointer, any_of, schema, "anyOf")?),
            SchemaKind::AllOf { all_of } => self.all_of(name, pointer, all_of, None)?,
            // Primitives, arrays, maps and `not`: type_of never names them, so
            // this does not come back here.
            SchemaKind::Type(_) | SchemaKind::Not { .. } => TypeKind::Alias(self.type_of(schema, pointer, name)?),
        };
        self.type_kinds.insert(name.to_owned(), matches!(kind, TypeKind::StringEnum(_)));
        self.types.insert(pointer.to_owned(), TypeDef { name: name.to_owned(), origin: pointer.to_owned(), docs, deprecated, kind });
        Some(())
    }

    /// The type of a schema used in place: primitives directly, composite
    /// inline schemas as a new named type called `context`.
    fn type_of(&mut self, schema: &'a Schema, pointer: &str, context: &str) -> Option<TypeRef> {
        if let Some(prim) = primitive(schema) {
            return Some(prim);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Array(a)) => self.array(a.items.as_ref(), pointer, context),
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                self.map_type(o.additional_properties.as_ref(), pointer, context)
            }
            SchemaKind::Any(any) => match any_shape(any) {
                AnyShape::Plain => match any.typ.as_deref() {
                    Some("object") | None if any.additional_properties.is_some() => {
                        self.map_type(any.additional_properties.as_ref(), pointer, context)
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

    /// An inline schema that needs a type of its own, named after `context`.
    ///
    /// A schema node is one type, however many places use it (a part of
    /// several `allOf`s, a shared response): the first use names it, later
    /// ones (and recursive ones, while it is being lowered) reuse the name.
    fn named_inline(&mut self, schema: &'a Schema, pointer: &str, context: &str) -> Option<TypeRef> {
        if let Some(name) = self.inline_names.get(pointer) {
            return Some(TypeRef::Named(name.clone()));
        }
        let name = self.type_scope.claim(pascal_name(context));
        self.inline_names.insert(pointer.to_owned(), name.clone());
        self.lower_named(&name, pointer, schema)?;
        Some(TypeRef::Named(name))
    }

    /// The Rust name of the component schema at `pointer`, if it is one.
    fn component_name_at(&self, pointer: &str) -> Option<&str> {
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
            Some(items) => self.boxed_type(items, &format!("{pointer}/items"), &format!("{context}Item"))?,
        };
        Some(TypeRef::Array(Box::new(item)))
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, pointer: &str, context: &str) -> Option<TypeRef> {
        let value = match additional {
            None | Some(AdditionalProperties::Any(_)) => TypeRef::Json,
            Some(AdditionalProperties::Schema(s)) => {
                let ptr = format!("{pointer}/additionalProperties");
                self.ref_or_type(s, &ptr, &format!("{context}Value"))?
            }
        };
        Some(TypeRef::Map(Box::new(value)))
    }

    fn ref_or_type(&mut self, schema: &'a ReferenceOr<Schema>, pointer: &str, context: &str) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.type_of(s, pointer, context),
        }
    }

    fn boxed_type(&mut self, schema: &'a ReferenceOr<Box<Schema>>, pointer: &str, context: &str) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.ref_type(reference, pointer),
            ReferenceOr::Item(s) => self.type_of(s, pointer, context),
        }
    }

    fn string_enum(&mut self, schema: &Schema, values: &[Option<String>], pointer: &str) -> StringEnum {
        let varnames = schema.schema_data.extensions.get("x-enum-varnames").and_then(|v| v.as_array());
        // `Unknown` is the catch-all variant every enum has.
        let mut scope = Scope::with_reserved(["Unknown"]);
        let mut out = Vec::new();
        for (i, value) in values.iter().enumerate() {
            // `null` in an enum is nullability, not a value.
            let Some(value) = value else { continue };
            let candidate = match varnames.and_then(|names| names.get(i)).and_then(|n| n.as_str()) {
                Some(name) => pascal_name(name),
                None => pascal_name(value),
            };
            if out.iter().any(|v: &EnumValue| v.wire == *value) {
                self.warnings.push(Diagnostic::warning(self.file, &format!("{pointer}/enum/{i}"), format!("enum value `{value}` is listed twice; the second is ignored")));
                continue;
            }
            out.push(EnumValue { wire: value.clone(), rust_name: scope.claim(candidate) });
        }
        StringEnum { values: out }
    }

    fn object(
        &mut self,
        name: &str,
        pointer: &str,
        properties: Vec<Property<'a>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
    ) -> Struct {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for req in required {
            if !properties.iter().any(|p| p.wire == req) {
                self.warnings.push(Diagnostic::warning(
                    self.file,
                    &format!("{pointer}/required"),
                    format!("`{req}` is listed in `required` but is not a property; it is ignored"),
                ));
            }
        }
        for Property { wire, schema: prop, pointer: prop_ptr, owner } in properties {
            let context = format!("{}{}", owner.as_deref().unwrap_or(name), pascal_name(wire));
            let Some(ty) = self.boxed_type(prop, &prop_ptr, &context) else { continue };
            let resolved = self.resolve_boxed(prop, &prop_ptr);
            let (docs, nullable, constraints, default, deprecated) = match (prop, resolved) {
                (ReferenceOr::Item(s), _) => {
                    (schema_docs(s), s.schema_data.nullable, constraints(s), s.schema_data.default.clone(), s.schema_data.deprecated)
                }
                (ReferenceOr::Reference { .. }, Some(target)) => (
                    schema_docs(target.schema),
                    target.schema.schema_data.nullable,
                    constraints(target.schema),
                    target.schema.schema_data.default.clone(),
                    target.schema.schema_data.deprecated,
                ),
                (ReferenceOr::Reference { .. }, None) => continue,
            };
            fields.push(Field {
                rust_name: scope.claim(snake_name(wire)),
                wire_name: wire.to_owned(),
                ty,
                required: required.iter().any(|r| r == wire),
                nullable,
                docs,
                deprecated,
                constraints,
                default,
                boxed: false,
            });
        }
        Struct { fields, keep_unknown_fields: !matches!(additional, Some(AdditionalProperties::Any(false))) }
    }

    /// An `allOf`, with the properties of the schema that holds it (`own`,
    /// when it has `properties` beside `allOf`) merged last.
    fn all_of(&mut self, name: &str, pointer: &str, parts: &'a [ReferenceOr<Schema>], own: Option<&'a AnySchema>) -> Option<TypeKind> {
        if let ([only], None) = (parts, own) {
            // `allOf: [X]` with X not an object is just X (a common way to
            // attach a description to a `$ref`).
            let located = self.resolve(only, &format!("{pointer}/allOf/0"))?;
            if object_parts(located.schema).is_none() && !matches!(located.schema.schema_kind, SchemaKind::AllOf { .. }) {
                return Some(TypeKind::Alias(self.ref_or_type(only, &format!("{pointer}/allOf/0"), name)?));
            }
        }
        // Merge the object parts into one struct: properties in order (a later
        // part overrides an earlier one), required lists joined; parts that are
        // themselves `allOf`s (inheritance chains) are flattened.
        let mut merged = Merged::default();
        let mut chain = vec![pointer.to_owned()];
        self.merge_all_of(parts, pointer, name, &mut merged, &mut chain)?;
        if let Some(own) = own {
            merged.merge(&own.properties, &own.required, pointer, &own.additional_properties, name);
        }
        let additional = merged.closed.then_some(&AdditionalProperties::Any(false));
        Some(TypeKind::Struct(self.object(name, pointer, merged.properties, &merged.required, additional)))
    }

    /// Merges `parts` into `merged`; `owner` is the type that declares them.
    fn merge_all_of(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        owner: &str,
        merged: &mut Merged<'a>,
        chain: &mut Vec<String>,
    ) -> Option<()> {
        for (i, part) in parts.iter().enumerate() {
            let part_ptr = format!("{pointer}/allOf/{i}");
            let located = self.resolve(part, &part_ptr)?;
            // A part behind a `$ref` is declared by that component.
            let owner = match part {
                ReferenceOr::Reference { .. } => self.component_name_at(&located.pointer).unwrap_or(owner).to_owned(),
                ReferenceOr::Item(_) => owner.to_owned(),
            };
            let owner = owner.as_str();
            let (nested, own) = match &located.schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    merged.merge(&o.properties, &o.required, &located.pointer, &o.additional_properties, owner);
                    continue;
                }
                SchemaKind::Any(any) if matches!(any_shape(any), AnyShape::Object | AnyShape::Plain) => {
                    merged.merge(&any.properties, &any.required, &located.pointer, &any.additional_properties, owner);
                    continue;
                }
                SchemaKind::AllOf { all_of } => (all_of, None),
                SchemaKind::Any(any) if matches!(any_shape(any), AnyShape::AllOf) => (&any.all_of, Some(any)),
                _ => {
                    self.error_hint(
                        &part_ptr,
                        "an `allOf` part is not an object, so the parts cannot be merged",
                        "allOf is supported for object schemas (and `$ref`s to them)",
                    );
                    return None;
                }
            };
            if let Some(at) = chain.iter().position(|p| *p == located.pointer) {
                let mut cycle: Vec<&str> = chain[at..].iter().map(|p| p.rsplit('/').next().unwrap_or(p)).collect();
                cycle.extend(cycle.first().copied());
                self.error_hint(
                    &part_ptr,
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
        }
        Some(())
    }

    // ----- unions ------------------------------------------------------------

    fn union(&mut self, name: &str, pointer: &str, options: &'a [ReferenceOr<Schema>], schema: &'a Schema, keyword: &str) -> Option<Union> {
        if options.is_empty() {
            self.error(pointer, format!("`{keyword}` has no options"));
            return None;
        }
        // The type of each option, and its object schema if it has one.
        let mut tys = Vec::new();
        let mut objects: Vec<Option<Located<'a>>> = Vec::new();
        let mut ref_keys: Vec<Option<String>> = Vec::new();
        for (i, option) in options.iter().enumerate() {
            let ptr = format!("{pointer}/{keyword}/{i}");
            let ty = self.ref_or_type(option, &ptr, &format!("{name}Option{}", i + 1))?;
            let located = self.resolve(option, &ptr);
            let object = located.filter(|l| object_parts(l.schema).is_some());
            tys.push(ty);
            objects.push(object);
            ref_keys.push(match option {
                ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_owned),
                ReferenceOr::Item(_) => None,
            });
        }
        let names = self.variant_names(&tys);
        let docs: Vec<Option<String>> = objects.iter().map(|o| o.as_ref().and_then(|l| schema_docs(l.schema))).collect();
        let mut variants: Vec<UnionVariant> = tys
            .into_iter()
            .zip(names)
            .zip(docs)
            .map(|((ty, rust_name), docs)| UnionVariant { rust_name, ty, tags: Vec::new(), keys: Vec::new(), docs, boxed: false })
            .collect();

        // a. An explicit discriminator.
        if let Some(disc) = &schema.schema_data.discriminator {
            for (variant, key) in variants.iter_mut().zip(&ref_keys) {
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
            return Some(Union { strategy: UnionStrategy::Tag { property: disc.property_name.clone(), explicit: true }, variants });
        }

        // b. An inferred discriminator: one required property whose enum
        // values are disjoint across all options.
        if objects.iter().all(Option::is_some) && variants.len() > 1 {
            let objects: Vec<Located<'a>> = objects.into_iter().flatten().collect();
            if let Some((property, tags)) = self.infer_tag(&objects) {
                for (variant, tags) in variants.iter_mut().zip(tags) {
                    variant.tags = tags;
                }
                return Some(Union { strategy: UnionStrategy::Tag { property, explicit: false }, variants });
            }
            // c. Required property names that only one option has.
            let required: Vec<BTreeSet<String>> = objects
                .iter()
                .map(|o| object_parts(o.schema).map(|(_, req)| req.iter().cloned().collect()).unwrap_or_default())
                .collect();
            let unique: Vec<Vec<String>> = required
                .iter()
                .enumerate()
                .map(|(i, mine)| {
                    mine.iter()
                        .filter(|k| required.iter().enumerate().all(|(j, other)| j == i || !other.contains(*k)))
                        .cloned()
                        .collect()
                })
                .collect();
            if unique.iter().all(|u| !u.is_empty()) {
                for (variant, keys) in variants.iter_mut().zip(unique) {
                    variant.keys = keys;
                }
                return Some(Union { strategy: UnionStrategy::Keys, variants });
            }
        }

        // d. Ordered untagged, with a warning.
        let listed: Vec<&str> = variants.iter().map(|v| v.rust_name.as_str()).collect();
        self.warnings.push(
            Diagnostic::warning(
                self.file,
                pointer,
                format!(
                    "`{name}`: the options of this {keyword} ({}) overlap: no property tells them apart, so each value is tried against them in order",
                    listed.join(", ")
                ),
            )
            .with_hint("add a `discriminator`, or give each option a required property with its own enum value"),
        );
        Some(Union { strategy: UnionStrategy::Untagged, variants })
    }

    /// Finds a required property present in every option whose `enum` values
    /// are disjoint across options.
    fn infer_tag(&mut self, objects: &[Located<'a>]) -> Option<(String, Vec<Vec<String>>)> {
        let (first_props, first_req) = object_parts(objects.first()?.schema)?;
        'candidates: for candidate in first_props.keys() {
            if !first_req.contains(candidate) {
                continue;
            }
            let mut all_tags: Vec<Vec<String>> = Vec::new();
            let mut seen: BTreeSet<String> = BTreeSet::new();
            for object in objects {
                let (props, req) = object_parts(object.schema)?;
                if !req.contains(candidate) {
                    continue 'candidates;
                }
                let Some(prop) = props.get(candidate) else { continue 'candidates };
                let ptr = format!("{}/properties/{}", object.pointer, escape_token(candidate));
                let Some(target) = self.resolve_boxed(prop, &ptr) else { continue 'candidates };
                let SchemaKind::Type(Type::String(s)) = &target.schema.schema_kind else { continue 'candidates };
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

    /// Variant names: the options' type names without the words every one
    /// of them starts or ends with (`LlmObsAnnotatedUpstreamInteraction` and
    /// `LlmObsAnnotatedDisplayBlockInteraction` become `Upstream` and
    /// `DisplayBlock`), when that leaves distinct names.
    fn variant_names(&self, tys: &[TypeRef]) -> Vec<String> {
        let full: Vec<String> = tys.iter().map(type_label).collect();
        let words: Vec<Vec<String>> = full.iter().map(|n| split_words(n)).collect();
        let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
        let mut prefix = 0;
        while prefix < shortest && words.iter().all(|w| w[prefix] == words[0][prefix]) {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < shortest - prefix
            && words.iter().all(|w| w[w.len() - 1 - suffix] == words[0][words[0].len() - 1 - suffix])
        {
            suffix += 1;
        }
        let short: Vec<String> = words.iter().map(|w| pascal_name(&w[prefix..w.len() - suffix].join("_"))).collect();
        let distinct: BTreeSet<&String> = short.iter().collect();
        let usable = tys.len() > 1 && distinct.len() == short.len() && short.iter().all(|s| !s.is_empty() && s != "Unknown");
        let chosen = if usable { short } else { full };
        let mut scope = Scope::with_reserved(["Unknown"]);
        chosen.into_iter().map(|n| scope.claim(n)).collect()
    }

    // ----- operations --------------------------------------------------------

    fn lower_operations(&mut self) {
        let mut op_scope = Scope::new();
        let mut seen_ids: HashMap<String, String> = HashMap::new();
        // Module names handed out, with the operation each went to.
        let mut modules: HashMap<String, String> = HashMap::new();
        for (path, item) in &self.doc.paths.paths {
            let path_ptr = format!("/paths/{}", escape_token(path));
            let ReferenceOr::Item(item) = item else {
                self.error_hint(&path_ptr, "a `$ref` path item is not supported", "inline the path item");
                continue;
            };
            let ops = [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
                ("trace", &item.trace),
            ];
            debug_assert_eq!(ops.len(), METHODS.len());
            for (method, op) in ops {
                let Some(op) = op else { continue };
                let op_ptr = format!("{path_ptr}/{method}");
                let operation_id = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
                if let Some(previous) = seen_ids.insert(operation_id.clone(), op_ptr.clone()) {
                    self.error_hint(
                        &format!("{op_ptr}/operationId"),
                        format!("operationId `{operation_id}` is already used by #{previous}"),
                        "operationIds must be unique",
                    );
                    continue;
                }
                let candidate = snake_name(&operation_id);
                let rust_name = op_scope.claim(candidate.clone());
                if rust_name != candidate {
                    let first = modules.get(&candidate).cloned().unwrap_or_default();
                    self.warnings.push(
                        Diagnostic::warning(
                            self.file,
                            &format!("{op_ptr}/operationId"),
                            format!("operation `{operation_id}` is generated as `{rust_name}`: `{first}` already has the module name `{candidate}`"),
                        )
                        .with_hint("rename one of the operationIds if the numbered name is not what you want"),
                    );
                }
                modules.insert(rust_name.clone(), operation_id.clone());
                if let Some(operation) = self.operation(path, method, &op_ptr, &operation_id, rust_name, op, &item.parameters) {
                    self.operations.push(operation);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op_ptr: &str,
        operation_id: &str,
        rust_name: String,
        op: &'a openapiv3::Operation,
        path_params: &'a [ReferenceOr<Parameter>],
    ) -> Option<Operation> {
        let type_prefix = pascal_name(operation_id);
        let errors_before = self.errors.len();

        // Operation parameters override path-item ones with the same name and location.
        let mut merged: Vec<(String, &'a ReferenceOr<Parameter>)> = Vec::new();
        let path_ptr = op_ptr.rsplit_once('/').map(|(p, _)| p).unwrap_or(op_ptr);
        for (i, p) in path_params.iter().enumerate() {
            merged.push((format!("{path_ptr}/parameters/{i}"), p));
        }
        let mut params: Vec<Param> = Vec::new();
        // The request's fields; optional ones get setters of the same name,
        // which must not clash with the request's own methods.
        let mut field_scope = Scope::with_reserved(["body", "new", "path_and_query", "to_http_request"]);
        let mut resolved: Vec<(String, Option<String>, &'a Parameter)> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            merged.push((format!("{op_ptr}/parameters/{i}"), p));
        }
        for (ptr, p) in merged {
            let Some((ptr, shared, param)) = self.resolve_param(p, &ptr) else { continue };
            let key = (param.parameter_data_ref().name.clone(), std::mem::discriminant(param));
            resolved.retain(|(_, _, q)| (q.parameter_data_ref().name.clone(), std::mem::discriminant(*q)) != key);
            resolved.push((ptr, shared, param));
        }
        // Path parameters in template order first, then the rest in spec order.
        let template = placeholders(path);
        resolved.sort_by_key(|(_, _, p)| match p {
            Parameter::Path { parameter_data, .. } => (0, template.iter().position(|t| *t == parameter_data.name).unwrap_or(usize::MAX)),
            _ => (1, 0),
        });
        for (ptr, shared, param) in resolved {
            let context = |name: &str| shared.clone().unwrap_or_else(|| format!("{type_prefix}{}", pascal_name(name)));
            let context = context(&param.parameter_data_ref().name);
            if let Some(p) = self.param(&ptr, param, &context, &mut field_scope) {
                params.push(p);
            }
        }
        for name in &template {
            if !params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == *name) {
                self.error_hint(
                    op_ptr,
                    format!("the path uses `{{{name}}}` but the operation has no path parameter `{name}`"),
                    "declare it under `parameters` with `in: path`",
                );
            }
        }
        for p in &params {
            if p.location == ParamLocation::Path && !template.contains(&p.wire_name) {
                self.error(op_ptr, format!("path parameter `{}` does not appear in the path `{path}`", p.wire_name));
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(rb) => {
                let ptr = format!("{op_ptr}/requestBody");
                self.request_body(rb, &ptr, &type_prefix)
            }
        };

        let mut responses = Vec::new();
        let responses_ptr = format!("{op_ptr}/responses");
        let mut variant_scope = Scope::with_reserved(["Undocumented"]);
        for (status, response) in &op.responses.responses {
            let (matcher, token) = match status {
                StatusCode::Code(code) => (StatusMatch::Code(*code), code.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r as u8), format!("{r}XX")),
            };
            let ptr = format!("{responses_ptr}/{token}");
            if let Some(r) = self.response(response, &ptr, matcher, &type_prefix, &mut variant_scope) {
                responses.push(r);
            }
        }
        if let Some(default) = &op.responses.default {
            let ptr = format!("{responses_ptr}/default");
            if let Some(r) = self.response(default, &ptr, StatusMatch::Default, &type_prefix, &mut variant_scope) {
                responses.push(r);
            }
        }
        responses.sort_by(|a, b| a.status.cmp(&b.status));
        if responses.is_empty() {
            self.warnings.push(Diagnostic::warning(self.file, &responses_ptr, "the operation documents no response; every status parses as undocumented"));
        }

        let security = op
            .security
            .as_ref()
            .or(self.doc.security.as_ref())
            .and_then(|reqs| reqs.first())
            .map(|req| req.keys().filter(|k| self.security_schemes.iter().any(|s| &s.key == *k)).cloned().collect())
            .unwrap_or_default();

        let unstable = match op.extensions.get("x-unstable") {
            None | Some(serde_json::Value::Bool(false)) | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(note)) => Some(note.clone()),
            Some(_) => Some(String::new()),
        };

        if self.errors.len() > errors_before {
            return None;
        }
        if let Some(ext) = op.extensions.get("x-pagination") {
            self.paginated.push((operation_id.to_owned(), format!("{op_ptr}/x-pagination"), ext));
        }
        Some(Operation {
            operation_id: operation_id.to_owned(),
            rust_name,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            unstable,
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security,
            pagination: None,
        })
    }

    /// A parameter, with the pointer it is at and, for a shared one, the
    /// name its inline types are named after.
    fn resolve_param(&mut self, p: &'a ReferenceOr<Parameter>, ptr: &str) -> Option<(String, Option<String>, &'a Parameter)> {
        match p {
            ReferenceOr::Item(p) => Some((ptr.to_owned(), None, p)),
            ReferenceOr::Reference { reference } => {
                let found = local_component(reference, "parameters", self.doc.components.as_ref().map(|c| &c.parameters));
                match found {
                    Some((key, p)) => Some((format!("/components/parameters/{}", escape_token(key)), Some(pascal_name(key)), p)),
                    None => {
                        self.error_hint(
                            &format!("{ptr}/$ref"),
                            format!("`$ref: {reference}` does not point at a parameter in components.parameters"),
                            "check the spelling against the keys of components.parameters",
                        );
                        None
                    }
                }
            }
        }
    }

    /// A parameter; `context` names the types of its inline schemas.
    fn param(&mut self, ptr: &str, param: &'a Parameter, context: &str, scope: &mut Scope) -> Option<Param> {
        let (data, location, explode) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path, false),
            Parameter::Query { parameter_data, style, .. } => {
                let explode = parameter_data.explode.unwrap_or(matches!(style, QueryStyle::Form));
                match style {
                    QueryStyle::Form => {}
                    QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited | QueryStyle::DeepObject => {
                        self.error_hint(
                            &format!("{ptr}/style"),
                            format!("query parameter `{}`: style `{style:?}` is not supported", parameter_data.name),
                            "use `style: form`",
                        );
                        return None;
                    }
                }
                (parameter_data, ParamLocation::Query, explode)
            }
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header, false),
            // Cookies have one style, `form`, which explodes by default.
            Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie, parameter_data.explode.unwrap_or(true)),
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            self.error_hint(
                &format!("{ptr}/content"),
                format!("parameter `{}` uses `content`, which is not supported", data.name),
                "describe it with `schema`",
            );
            return None;
        };
        let schema_ptr = format!("{ptr}/schema");
        let ty = self.ref_or_type(schema, &schema_ptr, context)?;
        let simple = |t: &TypeRef| !matches!(t, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Bytes);
        let named_struct = |t: &TypeRef, me: &Self| match t {
            TypeRef::Named(n) => me.type_kinds.get(n).is_some_and(|is_enum| !is_enum),
            _ => false,
        };
        let ok = match &ty {
            TypeRef::Array(item) => location != ParamLocation::Path && simple(item) && !named_struct(item, self),
            other => simple(other) && !named_struct(other, self),
        };
        if !ok {
            self.error_hint(
                &schema_ptr,
                format!("parameter `{}`: only strings, numbers, booleans, string enums and arrays of them are supported", data.name),
                "objects in parameters (deepObject) are not supported",
            );
            return None;
        }
        if location == ParamLocation::Cookie && explode && matches!(ty, TypeRef::Array(_)) {
            // One `name=value` pair per item would be several cookies of the same name.
            self.error_hint(
                ptr,
                format!("cookie parameter `{}`: an exploded array is not supported", data.name),
                "set `explode: false` to send the items as `name=a,b,c`",
            );
            return None;
        }
        let resolved = self.resolve(schema, &schema_ptr);
        let (constraints, default) = resolved.map(|l| (constraints(l.schema), l.schema.schema_data.default.clone())).unwrap_or_default();
        Some(Param {
            wire_name: data.name.clone(),
            rust_name: scope.claim(snake_name(&data.name)),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            explode,
            docs: data.description.clone(),
            constraints,
            default,
        })
    }

    fn request_body(&mut self, rb: &'a ReferenceOr<RequestBody>, ptr: &str, type_prefix: &str) -> Option<Body> {
        let (body, ptr, context) = match rb {
            ReferenceOr::Item(b) => (b, ptr.to_owned(), format!("{type_prefix}Body")),
            ReferenceOr::Reference { reference } => {
                match local_component(reference, "requestBodies", self.doc.components.as_ref().map(|c| &c.request_bodies)) {
                    Some((key, b)) => (b, format!("/components/requestBodies/{}", escape_token(key)), body_context(key)),
                    None => {
                        self.error(&format!("{ptr}/$ref"), format!("`$ref: {reference}` does not point at a request body in components.requestBodies"));
                        return None;
                    }
                }
            }
        };
        let (content_type, encoding, media) = self.pick_media(&body.content, &format!("{ptr}/content"))?;
        let schema_ptr = format!("{ptr}/content/{}/schema", escape_token(&content_type));
        let ty = match (&media.schema, encoding) {
            (Some(schema), BodyEncoding::Json) => self.ref_or_type(schema, &schema_ptr, &context)?,
            (_, BodyEncoding::Text) => TypeRef::String,
            (_, BodyEncoding::Bytes) => TypeRef::Bytes,
            (None, BodyEncoding::Json) => TypeRef::Json,
        };
        Some(Body { content_type, encoding, ty, required: body.required, docs: body.description.clone(), example: media.example.clone() })
    }

    fn response(
        &mut self,
        response: &'a ReferenceOr<OaResponse>,
        ptr: &str,
        status: StatusMatch,
        type_prefix: &str,
        scope: &mut Scope,
    ) -> Option<Response> {
        let rust_name = scope.claim(status_variant_name(&status));
        let (resp, ptr, context) = match response {
            ReferenceOr::Item(r) => (r, ptr.to_owned(), format!("{type_prefix}{rust_name}Body")),
            ReferenceOr::Reference { reference } => {
                match local_component(reference, "responses", self.doc.components.as_ref().map(|c| &c.responses)) {
                    Some((key, r)) => (r, format!("/components/responses/{}", escape_token(key)), body_context(key)),
                    None => {
                        self.error_hint(
                            &format!("{ptr}/$ref"),
                            format!("`$ref: {reference}` does not point at a response in components.responses"),
                            "check the spelling against the keys of components.responses",
                        );
                        return None;
                    }
                }
            }
        };
        let body = if resp.content.is_empty() {
            None
        } else {
            let (content_type, encoding, media) = self.pick_media(&resp.content, &format!("{ptr}/content"))?;
            let schema_ptr = format!("{ptr}/content/{}/schema", escape_token(&content_type));
            let ty = match (&media.schema, encoding) {
                (Some(schema), BodyEncoding::Json) => self.ref_or_type(schema, &schema_ptr, &context)?,
                (None, BodyEncoding::Json) => TypeRef::Json,
                (_, BodyEncoding::Text) => TypeRef::String,
                (_, BodyEncoding::Bytes) => TypeRef::Bytes,
            };
            Some(ResponseBody { content_type, encoding, ty })
        };
        let headers = self.header_set(resp, &ptr, &format!("{type_prefix}{rust_name}Headers"));
        Some(Response { status, rust_name, description: resp.description.clone(), body, headers })
    }

    /// The name of the struct of a response's documented headers: one per
    /// response object, so operations sharing a `components/responses`
    /// entry share it too. A shared one is named after the entry
    /// (`TooManyRequestsResponseHeaders`), an inline one after its operation
    /// and status (`fallback`).
    fn header_set(&mut self, resp: &'a OaResponse, ptr: &str, fallback: &str) -> Option<String> {
        if let Some(name) = self.header_set_names.get(ptr) {
            return Some(name.clone());
        }
        let headers = self.response_headers(resp, ptr);
        if headers.is_empty() {
            return None;
        }
        let candidate = match ptr.strip_prefix("/components/responses/") {
            Some(key) => format!("{}Headers", pascal_name(&unescape_token(key))),
            None => fallback.to_owned(),
        };
        let name = self.type_scope.claim(candidate);
        self.header_set_names.insert(ptr.to_owned(), name.clone());
        self.header_sets.insert(
            name.clone(),
            HeaderSet { name: name.clone(), origin: ptr.to_owned(), description: resp.description.clone(), headers },
        );
        Some(name)
    }

    /// The headers a response documents, typed when their schema is a
    /// primitive; anything else is kept as the string received.
    fn response_headers(&mut self, resp: &'a OaResponse, ptr: &str) -> Vec<ResponseHeader> {
        let mut scope = Scope::new();
        let mut headers = Vec::new();
        for (wire, header) in &resp.headers {
            let header_ptr = format!("{ptr}/headers/{}", escape_token(wire));
            // `Content-Type` and friends are the transport's business.
            if wire.eq_ignore_ascii_case("content-type") || wire.eq_ignore_ascii_case("content-length") {
                continue;
            }
            let header = match header {
                ReferenceOr::Item(h) => h,
                ReferenceOr::Reference { reference } => {
                    match local_component(reference, "headers", self.doc.components.as_ref().map(|c| &c.headers)) {
                        Some((_, h)) => h,
                        None => {
                            self.error_hint(
                                &format!("{header_ptr}/$ref"),
                                format!("`$ref: {reference}` does not point at a header in components.headers"),
                                "check the spelling against the keys of components.headers",
                            );
                            continue;
                        }
                    }
                }
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => self
                    .resolve(schema, &format!("{header_ptr}/schema"))
                    .and_then(|l| primitive(l.schema))
                    .filter(|t| matches!(t, TypeRef::String | TypeRef::Integer { .. } | TypeRef::Number { .. } | TypeRef::Boolean))
                    .unwrap_or(TypeRef::String),
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            headers.push(ResponseHeader { wire_name: wire.clone(), rust_name: scope.claim(snake_name(wire)), ty, docs: header.description.clone() });
        }
        headers
    }

    /// Picks the media type the generated code reads or writes: JSON first,
    /// then text, then raw bytes. Forms and multipart are reported.
    fn pick_media(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        ptr: &str,
    ) -> Option<(String, BodyEncoding, &'a openapiv3::MediaType)> {
        let essence = |ct: &str| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let is_json = |ct: &str| {
            let e = essence(ct);
            e == "application/json" || e.ends_with("+json") || e == "*/*"
        };
        if let Some((ct, m)) = content.iter().find(|(ct, _)| is_json(ct)) {
            return Some((ct.clone(), BodyEncoding::Json, m));
        }
        if let Some((ct, m)) = content.iter().find(|(ct, _)| essence(ct).starts_with("text/")) {
            return Some((ct.clone(), BodyEncoding::Text, m));
        }
        if let Some((ct, m)) = content
            .iter()
            .find(|(ct, _)| !matches!(essence(ct).as_str(), "multipart/form-data" | "application/x-www-form-urlencoded") && !essence(ct).starts_with("multipart/"))
        {
            return Some((ct.clone(), BodyEncoding::Bytes, m));
        }
        let listed: Vec<&str> = content.keys().map(String::as_str).collect();
        self.error_hint(
            ptr,
            format!("media type {} is not supported", listed.join(", ")),
            "JSON (`application/json`, `*+json`), `text/*` and raw bytes are supported; forms and multipart are not yet",
        );
        None
    }
}

/// The named type a field or variant holds inline (not behind a `Vec` or a
/// map, which already put it on the heap).
fn inline_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        _ => None,
    }
}

/// Turns aliases that contain themselves through other aliases (`Tree =
/// array of Tree`) into newtypes: a type alias cannot refer to itself, a
/// struct can.
fn wrap_recursive_aliases(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut targets = Vec::new();
            if let TypeKind::Alias(ty) = &t.kind {
                ty.for_each_named(&mut |n| {
                    if let Some(&i) = index.get(n) {
                        if matches!(types[i].kind, TypeKind::Alias(_)) {
                            targets.push(i);
                        }
                    }
                });
            }
            targets
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut size = vec![0usize; types.len()];
    for &c in &component {
        size[c] += 1;
    }
    let recursive: Vec<bool> = (0..types.len()).map(|i| size[component[i]] > 1 || edges[i].contains(&i)).collect();
    for (t, recursive) in types.iter_mut().zip(recursive) {
        if let (true, TypeKind::Alias(ty)) = (recursive, &t.kind) {
            t.kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// Marks the fields and variants that must be boxed: those whose type is in
/// the same strongly connected component of the inline-containment graph as
/// their owner (Tarjan's algorithm, linear in types plus edges).
fn box_recursion(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let targets: Vec<&TypeRef> = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
                TypeKind::StringEnum(_) => Vec::new(),
            };
            targets.into_iter().filter_map(inline_target).filter_map(|n| index.get(n).copied()).collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    let same = |owner: usize, ty: &TypeRef| {
        inline_target(ty).and_then(|n| index.get(n)).is_some_and(|&target| component[target] == component[owner])
    };
    let flags: Vec<(Vec<bool>, Vec<bool>)> = types
        .iter()
        .enumerate()
        .map(|(i, t)| match &t.kind {
            TypeKind::Struct(s) => (s.fields.iter().map(|f| same(i, &f.ty)).collect(), Vec::new()),
            TypeKind::Union(u) => (Vec::new(), u.variants.iter().map(|v| same(i, &v.ty)).collect()),
            _ => (Vec::new(), Vec::new()),
        })
        .collect();
    for (t, (fields, variants)) in types.iter_mut().zip(flags) {
        match &mut t.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().zip(fields).for_each(|(f, b)| f.boxed = b),
            TypeKind::Union(u) => u.variants.iter_mut().zip(variants).for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

/// The strongly connected component of each node (iterative Tarjan).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let mut on_stack = vec![false; n];
    let (mut stack, mut next, mut comps) = (Vec::new(), 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if *child == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}

/// The `{name}` placeholders of a template, in order.
fn placeholders(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// The component a local `$ref` names in `section` of `components`
/// (`#/components/{section}/{key}`), with its key; `None` when there is no
/// such component or it is itself a `$ref`.
fn local_component<'m, T>(
    reference: &str,
    section: &str,
    components: Option<&'m indexmap::IndexMap<String, ReferenceOr<T>>>,
) -> Option<(&'m str, &'m T)> {
    let key = reference.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
    match components?.get_key_value(unescape_token(key).as_ref())? {
        (key, ReferenceOr::Item(item)) => Some((key, item)),
        (_, ReferenceOr::Reference { .. }) => None,
    }
}

/// The name of the inline body schema of a shared request body or response
/// (`components.requestBodies.NewPet` -> `NewPetBody`): one type, however
/// many operations use it.
fn body_context(key: &str) -> String {
    let name = pascal_name(key);
    if name.ends_with("Body") {
        name
    } else {
        format!("{name}Body")
    }
}

/// An object schema's properties.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The object parts of a schema: its properties and required names.
fn object_parts(schema: &Schema) -> Option<(&Properties, &Vec<String>)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

/// The Rust type of a schema that needs no name of its own.
fn primitive(schema: &Schema) -> Option<TypeRef> {
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match &s.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
            _ => TypeRef::String,
        },
        SchemaKind::Type(Type::Integer(i)) => match &i.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::Integer { bits: 32 },
            _ => TypeRef::Integer { bits: 64 },
        },
        SchemaKind::Type(Type::Number(n)) => match &n.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::Number { bits: 32 },
            _ => TypeRef::Number { bits: 64 },
        },
        SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
        _ => return None,
    })
}

/// rustdoc for a schema: its title and description.
fn schema_docs(schema: &Schema) -> Option<String> {
    let data = &schema.schema_data;
    match (&data.title, &data.description) {
        (Some(t), Some(d)) => Some(format!("{t}\n\n{d}")),
        (Some(t), None) => Some(t.clone()),
        (None, Some(d)) => Some(d.clone()),
        (None, None) => None,
    }
}

fn constraints(schema: &Schema) -> Constraints {
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

/// `Ok`, `NotFound`, `TooManyRequests`, ... from the status's reason phrase.
fn status_variant_name(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match http::StatusCode::from_u16(*code).ok().and_then(|s| s.canonical_reason()) {
            Some(reason) => pascal_name(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(1) => "Informational".into(),
        StatusMatch::Range(2) => "Success".into(),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

/// The `x-env` extension: the environment variable a client reads a value from.
fn env_extension(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<String> {
    extensions.get("x-env").and_then(|v| v.as_str()).map(str::to_owned)
}
