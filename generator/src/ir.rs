//! The intermediate model: what the generated crate contains, as plain data.
//!
//! Lowering fills it from an OpenAPI document; emitting turns it into Rust.
//! It knows nothing of `openapiv3` or `quote`, holds only resolved names (no
//! `$ref` left), and derives `Debug` so tests can snapshot it: a change in
//! lowering shows here apart from a change in formatting.

/// Everything the generator knows about one API.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in spec order.
    pub servers: Vec<Server>,
    /// `components.securitySchemes` that the generated code knows how to apply.
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by Rust name.
    pub operations: Vec<Operation>,
    /// The documented headers of responses, one struct each, sorted by name.
    pub header_sets: Vec<HeaderSet>,
    /// The generated crate's cargo features, one per tag its operations
    /// use: in the order of the document's `tags`, then of first use.
    pub features: Vec<Feature>,
    /// The features that compile each type and header set (by Rust name)
    /// that only tagged operations reach, in feature order: any one of them
    /// does. A type not listed is always compiled.
    pub gated_types: std::collections::BTreeMap<String, Vec<String>>,
    /// Derives `codegen.toml` adds to types (by Rust name), beyond the ones
    /// every model has.
    pub derives: std::collections::BTreeMap<String, Vec<String>>,
}

/// A cargo feature of the generated crate: the operations of one tag, and
/// the types only they use.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Feature {
    /// The feature's name (`snake_case`, minted like every name).
    pub name: String,
    /// The tag, as the spec spells it.
    pub tag: String,
    /// The tag's `description`.
    pub description: Option<String>,
}

/// The documented headers of a response (shared by every operation that
/// uses the same `components/responses` entry), as one struct in `models`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HeaderSet {
    /// The Rust name, unique among the types of `models`.
    pub name: String,
    /// Its module in `models` (and file, `src/models/{module}.rs`).
    pub module: String,
    /// Where they come from, as a JSON pointer into the spec.
    pub origin: String,
    /// The response's `description`.
    pub description: String,
    /// The headers, in spec order.
    pub headers: Vec<ResponseHeader>,
}

impl Api {
    /// The features that compile the type or header set `name`: any one of
    /// them; none when it is always compiled.
    pub fn type_features(&self, name: &str) -> &[String] {
        self.gated_types.get(name).map_or(&[], Vec::as_slice)
    }

    /// The model without its types, operations and header sets: what every
    /// file may read (the "globals" of `emit/keys.rs`).
    pub fn globals(&self) -> Api {
        let Api { title, version, description, servers, security_schemes, features, gated_types, derives, .. } = self;
        Api {
            title: title.clone(),
            version: version.clone(),
            description: description.clone(),
            servers: servers.clone(),
            security_schemes: security_schemes.clone(),
            types: Vec::new(),
            operations: Vec::new(),
            header_sets: Vec::new(),
            features: features.clone(),
            gated_types: gated_types.clone(),
            derives: derives.clone(),
        }
    }

    /// The type named `name` (types are sorted by name, so this is a binary search).
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types.binary_search_by(|t| t.name.as_str().cmp(name)).ok().and_then(|i| self.types.get(i))
    }

    /// Whether any of these type references names a deprecated type.
    pub fn names_deprecated<'r>(&self, refs: impl IntoIterator<Item = &'r TypeRef>) -> bool {
        refs.into_iter().flat_map(TypeRef::named).any(|n| self.type_named(n).is_some_and(|t| t.deprecated))
    }

    /// Whether any type, field or parameter is a date or date-time (the
    /// generated crate then depends on `chrono`).
    pub fn uses_dates(&self) -> bool {
        let used = self.types.iter().flat_map(|t| t.kind.type_refs()).chain(self.operations.iter().flat_map(Operation::type_refs));
        used.flat_map(TypeRef::walk).any(|t| matches!(t, TypeRef::DateTime | TypeRef::Date))
    }

    /// Whether any operation takes a `multipart/form-data` body (the
    /// server then reads it with `multer`).
    pub fn has_multipart(&self) -> bool {
        self.operations.iter().flat_map(|o| o.body.iter()).flat_map(|b| &b.media).any(|m| matches!(m.kind, BodyKind::Multipart(_)))
    }

    /// The named types that have something to validate: a constrained
    /// field, or a field, item or variant of a type that has.
    pub fn needs_validation(&self) -> std::collections::BTreeSet<String> {
        let mut needs = std::collections::BTreeSet::new();
        loop {
            let before = needs.len();
            for ty in &self.types {
                let constrained = match &ty.kind {
                    TypeKind::Struct(s) => s.fields.iter().any(|f| f.constraints.apply_to(&f.ty)),
                    _ => false,
                };
                if constrained || ty.kind.type_refs().into_iter().any(|t| t.holds_any(&needs)) {
                    needs.insert(ty.name.clone());
                }
            }
            if needs.len() == before {
                return needs;
            }
        }
    }

    /// What is wrong with the names of the model, if anything: a type used
    /// but not defined, two types or operations that would share a module.
    /// Lowering should never produce either; this turns a bug into an error
    /// rather than a crate that does not compile.
    pub fn name_problem(&self) -> Option<String> {
        let mut modules = std::collections::BTreeSet::new();
        for t in &self.types {
            if !modules.insert(t.module.as_str()) {
                return Some(format!("two types share the module of `{}`", t.name));
            }
        }
        let mut modules = std::collections::BTreeSet::new();
        for op in &self.operations {
            if !modules.insert(op.rust_name.as_str()) {
                return Some(format!("two operations share the module `{}`", op.rust_name));
            }
        }
        let used = self.types.iter().flat_map(|t| t.kind.type_refs()).chain(self.operations.iter().flat_map(Operation::type_refs));
        let missing = used.flat_map(TypeRef::named).find(|n| self.type_named(n).is_none());
        missing.map(|n| format!("the type `{n}` is used but not generated"))
    }
}

/// One entry of `servers`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Server {
    /// The URL template, `{name}` for variables.
    pub url: String,
    /// `description`.
    pub description: Option<String>,
    /// The template's variables, in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server URL template.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ServerVariable {
    /// The variable's name in the template.
    pub name: String,
    /// The Rust name of the enum generated for its values.
    pub rust_name: String,
    /// The `snake_case` name of its value: `servers::base_url`'s argument,
    /// and the client builder's field and setter.
    pub field: String,
    /// `default`.
    pub default: String,
    /// `enum`, each with the Rust variant name minted for it.
    pub values: Vec<EnumValue>,
    /// `description`.
    pub description: Option<String>,
    /// `x-env-name`: the environment variable a client reads the value from.
    pub env: Option<String>,
}

/// A security scheme the generated client applies: an API key (in a
/// header, the query or a cookie), HTTP `bearer` or `basic`, or OAuth 2 and
/// OpenID Connect, whose access token is sent as a bearer token.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// The constant in `security` that describes it (`API_KEY_AUTH`).
    pub constant: String,
    /// The client builder's field and setter for its credential
    /// (`apiKeyAuth` -> `api_key`).
    pub setter: String,
    /// For a bearer token, the builder's field and setter for a token
    /// provider instead (`oauth` -> `oauth_provider`).
    pub provider_setter: Option<String>,
    /// How the credential goes on the wire.
    pub sent_as: SentAs,
    /// An OAuth 2 scheme's client credentials flow: where tokens come from.
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// `description`.
    pub description: Option<String>,
    /// The environment variable a client reads the credential from:
    /// `x-env-name`, else for an API key the parameter's name in upper
    /// snake case (`DD-API-KEY` -> `DD_API_KEY`); none for `basic`.
    pub env: Option<String>,
}

/// An `oauth2` scheme's `flows.clientCredentials`, for a constructor of the
/// client's `ClientCredentials` provider that knows its token URL.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`, absolute (a relative one resolved against the first
    /// server's URL with its variables' defaults).
    pub token_url: String,
    /// The constant in `security` holding it (`OAUTH_TOKEN_URL`).
    pub constant: String,
    /// The constructor on `ClientCredentials` (`for_oauth`).
    pub constructor: String,
    /// The flow's `scopes`, by name, for the docs (the caller picks).
    pub scopes: Vec<String>,
}

/// Where a scheme's credential goes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum SentAs {
    /// An API key in the named header.
    Header(String),
    /// An API key in the named query parameter.
    Query(String),
    /// An API key in the named cookie.
    Cookie(String),
    /// `Authorization: Bearer <token>` (`http` `bearer`, `oauth2`,
    /// `openIdConnect`).
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// A named Rust type.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TypeDef {
    /// The Rust name, unique within the crate.
    pub name: String,
    /// Its module in `models` (and file, `src/models/{module}.rs`).
    pub module: String,
    /// Where the schema came from, as a JSON pointer into the spec.
    pub origin: String,
    /// `description` (and `title`), as rustdoc.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of named types.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string with a closed list of documented values (open at run time).
    StringEnum(StringEnum),
    /// An integer with a closed list of documented values (open at run
    /// time): a newtype with a constant per value.
    IntegerEnum(IntegerEnum),
    /// A `oneOf`.
    Union(Union),
    /// Another name for a type.
    Alias(TypeRef),
    /// A type wrapped in a struct of its own, the same on the wire: an alias
    /// that contains itself (`type Tree = Vec<Tree>` is not Rust).
    Newtype(TypeRef),
}

/// An object schema.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Struct {
    /// Properties, in spec order.
    pub fields: Vec<Field>,
    /// The field that keeps properties the spec does not list, named so
    /// that no property takes it; `None` with `additionalProperties: false`.
    pub unknown_fields: Option<String>,
}

/// A property of an object schema.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    /// The property name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The property's type (without the `Option` that optionality adds).
    pub ty: TypeRef,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// `description`.
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Validation keywords.
    pub constraints: Constraints,
    /// `default`, as JSON.
    #[serde(with = "json_text")]
    pub default: Option<serde_json::Value>,
    /// Held in a `Box`: the type refers back to the struct without going
    /// through a `Vec` or map, so it would otherwise have infinite size.
    pub boxed: bool,
}

/// Validation keywords the generated code can check.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Constraints {
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `minLength`.
    pub min_length: Option<usize>,
    /// `maxLength`.
    pub max_length: Option<usize>,
    /// `minimum`, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maximum`, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
}

impl Constraints {
    /// Whether there is nothing to check.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether they say anything about a value of `ty` (`minLength` says
    /// nothing about a number).
    pub fn apply_to(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Array(_) => self.min_items.is_some() || self.max_items.is_some(),
            TypeRef::String => self.min_length.is_some() || self.max_length.is_some(),
            TypeRef::Integer { .. } | TypeRef::Number { .. } => self.minimum.is_some() || self.maximum.is_some(),
            _ => false,
        }
    }
}

/// A string enum.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StringEnum {
    /// The documented values, in spec order.
    pub values: Vec<EnumValue>,
}

/// One value of a string enum.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name minted for it.
    pub rust_name: String,
    /// What the value means: the description of its option, in a `oneOf` of
    /// single-value enums (how schemars and Dropshot document each value).
    pub docs: Option<String>,
}

/// An integer enum.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntegerEnum {
    /// The integer type that holds a value (`TypeRef::Integer`).
    pub repr: TypeRef,
    /// The documented values, in spec order.
    pub values: Vec<IntegerValue>,
}

/// One value of an integer enum.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntegerValue {
    /// The value on the wire.
    pub wire: i64,
    /// The Rust constant name minted for it (`SCREAMING_SNAKE_CASE`).
    pub rust_name: String,
    /// What the value means (`x-enum-descriptions`).
    pub docs: Option<String>,
}

/// A `oneOf`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Union {
    /// How a value is told apart, chosen at generation time.
    pub strategy: UnionStrategy,
    /// The options, in spec order.
    pub variants: Vec<UnionVariant>,
    /// How a value is read in one pass, when it can be (see [`OnePass`]).
    pub one_pass: Option<OnePass>,
}

/// How a tag-dispatched union whose options are all structs is read in one
/// pass: every property any option declares goes straight into a typed
/// slot, and when the object ends the tag picks the option, built from the
/// slots. Only when options that share a property agree on its type and
/// nullability, and each option's tag is a required string or string enum.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OnePass {
    /// One per property the options declare (the tag aside), in the order
    /// they are first declared.
    pub slots: Vec<Slot>,
    /// How each option (in the order of [`Union::variants`]) is built.
    pub options: Vec<OnePassOption>,
}

/// A property as the one pass reads it: as the first option that declares
/// it declares it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Slot {
    /// The name it is held under while the object is read.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// Its type (without the `Option` that the slot adds).
    pub ty: TypeRef,
    /// Held in a `Box`, as the field it is read for.
    pub boxed: bool,
    /// `null` is kept apart from absent.
    pub nullable: bool,
    /// `null` is a value (the property is required or nullable), not unset.
    pub null_is_value: bool,
}

/// How one option's struct is built from the slots.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OnePassOption {
    /// Where each of the struct's fields comes from, in field order.
    pub fields: Vec<FieldSource>,
    /// The slots of properties only other options declare: kept among its
    /// unknown properties, when it keeps them.
    pub foreign: Vec<usize>,
}

/// Where a field of an option read in one pass comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldSource {
    /// The tag.
    Tag,
    /// The slot at this index of [`OnePass::slots`].
    Slot(usize),
}

/// How the generated code tells a union's variants apart.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum UnionStrategy {
    /// Read one property and pick the variant from its value: `explicit` when
    /// the spec has a `discriminator`, inferred when every variant has a
    /// required property of this name with disjoint `enum` values.
    Tag {
        /// The property's wire name.
        property: String,
        /// Whether the spec said so (`discriminator`) or the generator proved it.
        explicit: bool,
        /// The values are integers (Discord's `type: 2`), written as JSON
        /// numbers; otherwise strings.
        integer: bool,
    },
    /// Read one property that narrows the options without separating all of
    /// them: its value picks the variants that list it, tried in order (the
    /// first that fits wins; if none does, the first one's error); a value
    /// no variant lists (or no such property) is tried against the variants
    /// without tags, in order, then kept as `Unknown`.
    PartialTag {
        /// The property's wire name.
        property: String,
        /// The values are integers, as with [`UnionStrategy::Tag`].
        integer: bool,
    },
    /// Pick the variant whose distinguishing required properties are present.
    Keys,
    /// Try the variants in order; they are different kinds of JSON (a
    /// string, a number, a boolean, an array, an object), so at most one fits.
    JsonKinds,
    /// Try the variants in order; the generator warned about it.
    Untagged,
}

/// One option of a union.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub rust_name: String,
    /// What it holds.
    pub ty: TypeRef,
    /// With [`UnionStrategy::Tag`] and [`UnionStrategy::PartialTag`]: the
    /// tag values that select it (with a partial tag, possibly none, or
    /// values another variant lists too); integer values in decimal.
    pub tags: Vec<String>,
    /// With [`UnionStrategy::Keys`]: required properties that only it has.
    pub keys: Vec<String>,
    /// Its docs (the variant type's description).
    pub docs: Option<String>,
    /// Held in a `Box`, as [`Field::boxed`].
    pub boxed: bool,
}

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TypeRef {
    /// `string`.
    String,
    /// `string` with `format: date-time`.
    DateTime,
    /// `string` with `format: date`.
    Date,
    /// `integer`, with its width in bits and sign, as its `format` says
    /// (the format registry's `int8` to `uint64`; `int64` when unsized).
    Integer {
        /// 8, 16, 32 or 64.
        bits: u8,
        /// `false` for the `uint*` formats.
        signed: bool,
    },
    /// `number`, with its width in bits (`float`: 32; otherwise 64).
    Number {
        /// 32 or 64.
        bits: u8,
    },
    /// `boolean`.
    Boolean,
    /// Any JSON value: a schema without `type`.
    Json,
    /// `string` with `format: binary` or `byte`: raw bytes.
    Bytes,
    /// `array`.
    Array(Box<TypeRef>),
    /// `object` with only `additionalProperties`.
    Map(Box<TypeRef>),
    /// An array item or map value that may be `null` (`Option<T>`); a
    /// nullable property is a field's `nullable`, not this.
    Nullable(Box<TypeRef>),
    /// A named type.
    Named(String),
    /// A Rust type outside the crate that `codegen.toml` maps a component
    /// schema to (`uuid::Uuid`), as an absolute path: no model is generated
    /// for the schema.
    External(String),
}

impl TypeRef {
    /// This type and every type inside it, outermost first (`Vec<Pet>`, then
    /// `Pet`): the one walk every question about a type's contents uses.
    pub fn walk(&self) -> impl Iterator<Item = &TypeRef> {
        std::iter::successors(Some(self), |ty| match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => Some(inner),
            _ => None,
        })
    }

    /// The named types this one mentions, at any depth.
    pub fn named(&self) -> impl Iterator<Item = &str> {
        self.walk().filter_map(|ty| match ty {
            TypeRef::Named(n) => Some(n.as_str()),
            _ => None,
        })
    }

    /// Whether it holds, at any depth, one of the named types in `names`.
    pub fn holds_any(&self, names: &std::collections::BTreeSet<String>) -> bool {
        self.named().any(|n| names.contains(n))
    }

    /// The named type held in place (not behind a `Vec` or a map, which
    /// already put it on the heap).
    pub fn inline_named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(n) => Some(n),
            _ => None,
        }
    }
}

impl TypeKind {
    /// Whether it is a string or integer enum of one value, which is its
    /// `Default`.
    pub fn is_single_value_enum(&self) -> bool {
        match self {
            TypeKind::StringEnum(e) => e.values.len() == 1,
            TypeKind::IntegerEnum(e) => e.values.len() == 1,
            _ => false,
        }
    }

    /// The types this one holds directly: its fields', its variants', or
    /// the one it stands for.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => Vec::new(),
        }
    }
}

impl BodyKind {
    /// The types the caller fills in: the body's, or its parts'.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(FormBody { ty, .. }) => vec![ty],
            BodyKind::Multipart(m) => m
                .parts
                .iter()
                .filter_map(|p| match &p.kind {
                    PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                    PartKind::File => None,
                })
                .collect(),
            BodyKind::Text | BodyKind::Bytes | BodyKind::AnyBytes => Vec::new(),
        }
    }
}

impl Operation {
    /// The types of its parameters, body and response bodies.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().flat_map(|b| &b.media).flat_map(|m| m.kind.type_refs());
        params.chain(body).chain(self.responses.iter().filter_map(|r| r.body.as_ref()).map(|b| &b.ty))
    }
}

/// The HTTP methods an OpenAPI path item can hold, in the order it lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of a path item's keys.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method as HTTP spells it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The method as a path item's key spells it: `get`.
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PathSegment {
    /// Text sent as it is (`/pets/`).
    Literal(String),
    /// A path parameter's value, percent-encoded (`{petId}`).
    Param {
        /// The parameter's name in the template.
        wire_name: String,
        /// The Rust name of the request's field that holds it.
        rust_name: String,
    },
}

/// One operation.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Operation {
    /// `operationId`, as the spec spells it (or made from method and path).
    pub operation_id: String,
    /// The `snake_case` name: the operation's module (and example).
    pub rust_name: String,
    /// The client's method that sends it.
    pub client_method: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, `{name}` for path parameters.
    pub path: String,
    /// The path template in pieces, each placeholder tied to its parameter.
    pub path_segments: Vec<PathSegment>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `x-unstable`: the operation is in preview. Holds its note, if any.
    pub unstable: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// The cargo features of its tags, in feature order: the operation is
    /// compiled when any is on (always, when there are none).
    pub features: Vec<String>,
    /// Parameters: path ones in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The documented responses, sorted by status.
    pub responses: Vec<Response>,
    /// The request's `Accept`: the media type of the first response with a
    /// body, else `application/json`.
    pub accept: String,
    /// Its `security` requirements (else the document's), each the keys of
    /// the schemes it needs, in spec order: alternatives, every scheme of
    /// one needed. A requirement naming a scheme the generated code cannot
    /// apply is left out; empty when there are none (or `security: []`),
    /// and an empty requirement (`{}`) makes credentials optional.
    pub security: Vec<Vec<String>>,
    /// `x-pagination`: how to walk every page of a listing.
    pub pagination: Option<Pagination>,
    /// The client's method returning the events of a `text/event-stream`
    /// success response as a stream (`generate_stream_events`), when the
    /// first success response is one.
    pub events_method: Option<String>,
    /// The client's method returning the body of a binary success response
    /// (`application/octet-stream`, `image/*`, ...) as a stream of chunks
    /// (`download_stream`), when the first success response is one.
    pub bytes_method: Option<String>,
    /// The client's method returning the items of a JSON-lines (or
    /// json-seq) success response as a stream (`export_logs_stream`), when
    /// the first success response is one.
    pub lines_method: Option<String>,
}

/// A listing walked page by page (`x-pagination`, in Datadog's vocabulary):
/// the client asks for a page, then for the next, until a page holds fewer
/// items than the page size (the rule Datadog's own clients follow).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pagination {
    /// The client's method that walks the pages (`list_pets_pages`).
    pub client_method: String,
    /// The page-size query parameter (`limitParam`).
    pub limit: PageParam,
    /// The page size's integer type (`TypeRef::Integer`): the walk counts
    /// in `i64`, so any other is converted.
    pub limit_type: TypeRef,
    /// The page size sent when the request leaves `limit` unset: the
    /// parameter's `default` (`None` when the parameter is required).
    pub default_limit: Option<i64>,
    /// How the request moves to the next page.
    pub next: PageStep,
    /// The success response's variant name.
    pub response: String,
    /// The page's type (the success response's body).
    pub page: TypeRef,
    /// The steps from the page to its items (`resultsPath`); none when the
    /// page is the array of items itself.
    pub items: Vec<PathStep>,
}

/// A query parameter, or a field of the request body, that a page walk
/// reads or sets.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageParam {
    /// The Rust field name in the operation's `Request` (or, in the body,
    /// in the struct that holds it).
    pub rust_name: String,
    /// Whether it is required (a plain field, not an `Option`).
    pub required: bool,
    /// For a field of the request body (`body.page.cursor`, Datadog v2's
    /// search listings): how the walk reaches it.
    pub in_body: Option<BodyPath>,
}

/// The way from a request's body to the struct that holds a page walk's
/// field. What is unset on the way (an optional body, an optional
/// property) is filled in with its type's `Default` first.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BodyPath {
    /// Whether the body is optional (an `Option` in the `Request`).
    pub body_optional: bool,
    /// The properties from the body to that struct.
    pub steps: Vec<PathStep>,
}

/// How a page walk asks for the next page.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PageStep {
    /// `pageOffsetParam`: the offset moves past the items received.
    Offset(PageParam),
    /// `pageParam`: the page number (`start` when the request leaves it
    /// unset) goes up by one.
    Number {
        /// The page-number parameter.
        param: PageParam,
        /// The first page's number (`pageStart`; 0 when the spec does not
        /// say).
        start: i64,
    },
    /// `cursorParam` and `cursorPath`: the next page's cursor is read from
    /// the page; a page without one is the last.
    Cursor {
        /// The cursor parameter.
        param: PageParam,
        /// The steps from the page to the next cursor.
        path: Vec<PathStep>,
    },
}

/// A step from a struct into one of its fields.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PathStep {
    /// The Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
    /// Whether that `Option` holds another, `null` kept apart from absent
    /// (an optional nullable property: `Option<Option<T>>`).
    pub null_kept: bool,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParamLocation {
    /// In the path template.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In the `Cookie` header, with the other cookies.
    Cookie,
}

/// A parameter.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type (without the `Option` that optionality adds).
    pub ty: TypeRef,
    /// `required`.
    pub required: bool,
    /// `explode`: in the query and cookies, one `name=value` pair per item
    /// (or property) rather than one pair with comma-separated items; in the
    /// path and headers, objects as `k=v,k2=v2` rather than `k,v,k2,v2`.
    pub explode: bool,
    /// `style`: `simple` in the path and headers, `form` in cookies; in the
    /// query `form`, `spaceDelimited`, `pipeDelimited` or `deepObject`.
    pub style: ParamStyle,
    /// `allowReserved` (query parameters only): reserved characters in the
    /// value are sent as they are.
    pub allow_reserved: bool,
    /// The value is written through serde (a date-time, a union, an object,
    /// a newtype...) in the location's style, rather than by its `Display`
    /// (strings, numbers, booleans, dates and string enums, and arrays of
    /// them); in the query, also every value of a style other than `form`
    /// or with `allowReserved`.
    pub via_serde: bool,
    /// Described by `content` in a JSON media type with a schema that is not
    /// a scalar: the value is its JSON text (`serde_json`), sent as one
    /// string of its location (a percent-encoded path segment or query
    /// value, a header's text, a cookie's value) and read back by parsing
    /// it. `style` is then the location's plain one (`simple`, or `form`
    /// in the query and cookies), `explode` and `allowReserved` are off,
    /// and `via_serde` is set.
    pub json: bool,
    /// `description`.
    pub docs: Option<String>,
    /// Validation keywords.
    pub constraints: Constraints,
    /// `default`, as JSON: what the server assumes when it is not sent.
    #[serde(with = "json_text")]
    pub default: Option<serde_json::Value>,
}

/// A request body: one or more media types, of which the caller sends one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Body {
    /// `required`.
    pub required: bool,
    /// `description`.
    pub docs: Option<String>,
    /// The media types the generated code can send, in spec order (never
    /// empty). With more than one, the request holds the operation's `Body`
    /// enum, a variant each, and the caller picks.
    pub media: Vec<BodyMedia>,
}

impl Body {
    /// Whether the caller picks among several media types (the request's
    /// body is then the operation's `Body` enum).
    pub fn is_choice(&self) -> bool {
        self.media.len() > 1
    }

    /// Whether the body is raw bytes in one media type (`application/zip`,
    /// `image/*`): the request holds a `runtime::BinaryBody`, bytes or a
    /// stream. A choice keeps its variants' own types.
    pub fn is_binary(&self) -> bool {
        matches!(self.media.as_slice(), [BodyMedia { kind: BodyKind::Bytes | BodyKind::AnyBytes, .. }])
    }
}

/// One media type of a request body.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BodyMedia {
    /// The media type as the spec lists it (`application/json;simple`), sent
    /// as `Content-Type` (a multipart body adds its boundary).
    pub content_type: String,
    /// Its variant in the operation's `Body` enum (`Json`, `Form`, `Text`).
    pub variant: String,
    /// How it is written, and the type the caller fills.
    pub kind: BodyKind,
    /// The media type's `example`, as JSON.
    #[serde(with = "json_text")]
    pub example: Option<serde_json::Value>,
}

/// How a request body of one media type is written.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum BodyKind {
    /// JSON (`application/json` with or without parameters, `text/json`,
    /// `*+json`): the value, serialized.
    Json(TypeRef),
    /// `text/*`: a string, sent as it is.
    Text,
    /// Any other single media type: raw bytes.
    Bytes,
    /// A media range (`image/*`, `*/*`): bytes with the media type the caller
    /// names (`runtime::File`).
    AnyBytes,
    /// `application/x-www-form-urlencoded`: an object, as `name=value` pairs.
    Form(FormBody),
    /// `multipart/form-data`: a part per property.
    Multipart(MultipartBody),
}

/// A form body: an object whose properties become `name=value` pairs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormBody {
    /// The object's type.
    pub ty: TypeRef,
    /// How each property the media type's `encoding` lists is written, in
    /// spec order; the others are written in the `form` style, exploded.
    pub encodings: Vec<FormEncoding>,
}

/// How one property of a form body is written (its entry in `encoding`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FormEncoding {
    /// The property's wire name.
    pub wire_name: String,
    /// `style`.
    pub style: ParamStyle,
    /// `explode` (true by default for `form`).
    pub explode: bool,
    /// `contentType: application/json`: the value is written as JSON text.
    pub json: bool,
}

/// How a parameter (or a property of a form body) is laid out, as OpenAPI
/// names the styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ParamStyle {
    /// `form`: `name=value`; arrays repeated or comma-joined, objects as their
    /// own pairs or `name=k,v`.
    Form,
    /// `simple`: `a,b,c` (path and header parameters).
    Simple,
    /// `spaceDelimited`: arrays joined by spaces.
    SpaceDelimited,
    /// `pipeDelimited`: arrays joined by `|`.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`, nested as deep as the value goes.
    DeepObject,
}

/// A `multipart/form-data` body: a struct in the operation's module whose
/// fields are the parts.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MultipartBody {
    /// The struct's name in the operation's module.
    pub rust_name: String,
    /// The schema's description.
    pub docs: Option<String>,
    /// The parts, in spec order.
    pub parts: Vec<Part>,
}

/// One part of a multipart body (a property of its schema).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// The part's name (the property's wire name).
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Listed in `required`.
    pub required: bool,
    /// `description`.
    pub docs: Option<String>,
    /// What the part holds.
    pub kind: PartKind,
    /// An array: a part per item, each with the same name.
    pub repeated: bool,
    /// `encoding.contentType` when it names one media type: the part's
    /// `Content-Type` (for a file, when the file names none).
    pub content_type: Option<String>,
}

/// What a multipart part holds.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PartKind {
    /// A primitive, enum or date: its text, no `Content-Type`.
    Text(TypeRef),
    /// Anything structured: JSON, `Content-Type: application/json`.
    Json(TypeRef),
    /// `format: binary`: a file (bytes, a file name, a media type).
    File,
}

/// How a response body is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BodyEncoding {
    /// `application/json`, `text/json` and `*+json`.
    Json,
    /// `text/plain`: a string.
    Text,
    /// `text/event-stream`: server-sent events, each `data` one value of
    /// the schema (the response's `ty` is an `Array` of it).
    EventStream,
    /// `application/x-ndjson`, `application/jsonl`, `application/jsonlines`:
    /// one JSON value per line (the response's `ty` is an `Array` of it).
    JsonLines,
    /// `application/json-seq` (RFC 7464): one JSON value per record, each
    /// starting with 0x1E (the response's `ty` is an `Array` of it).
    JsonSeq,
    /// Anything else: raw bytes.
    Bytes,
}

/// Which statuses a response covers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` to `5XX`: the hundreds digit.
    Range(u8),
    /// `default`: every status not listed.
    Default,
}

impl StatusMatch {
    /// Whether it covers success statuses only (`2XX` or a code in it).
    pub fn is_success(&self) -> bool {
        matches!(self, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
    }
}

impl Operation {
    /// The success response whose body is an event stream, and the type of
    /// each event's `data`, when [`Operation::events_method`] is set.
    pub fn event_stream(&self) -> Option<(&Response, &TypeRef)> {
        let response = self.responses.iter().find(|r| r.status.is_success())?;
        match response.body.as_ref()? {
            ResponseBody { encoding: BodyEncoding::EventStream, ty: TypeRef::Array(item), .. } => Some((response, item)),
            _ => None,
        }
    }
}

impl Operation {
    /// Whether its event stream may connect again after the connection
    /// drops (the client's `Reconnect`): only a GET without a body, a
    /// request that can be sent again as it was.
    pub fn reconnects(&self) -> bool {
        self.events_method.is_some() && self.method == HttpMethod::Get && self.body.is_none()
    }

    /// The success response whose body is a stream of JSON lines (or
    /// json-seq records), and the type of each, when
    /// [`Operation::lines_method`] is set.
    pub fn line_stream(&self) -> Option<(&Response, &TypeRef)> {
        let response = self.responses.iter().find(|r| r.status.is_success())?;
        match response.body.as_ref()? {
            ResponseBody { encoding: BodyEncoding::JsonLines | BodyEncoding::JsonSeq, ty: TypeRef::Array(item), .. } => {
                Some((response, item))
            }
            _ => None,
        }
    }

    /// The first success response, when its body is raw bytes, when
    /// [`Operation::bytes_method`] is set.
    pub fn byte_stream(&self) -> Option<&Response> {
        let response = self.responses.iter().find(|r| r.status.is_success())?;
        matches!(response.body.as_ref()?, ResponseBody { encoding: BodyEncoding::Bytes, .. }).then_some(response)
    }
}

/// A documented response.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Response {
    /// The statuses it covers.
    pub status: StatusMatch,
    /// The Rust variant name (`Ok`, `NotFound`, ...).
    pub rust_name: String,
    /// `description`.
    pub description: String,
    /// The body, if it has one.
    pub body: Option<ResponseBody>,
    /// The name of the [`HeaderSet`] of the headers it documents, if any.
    pub headers: Option<String>,
}

/// A header a response documents.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResponseHeader {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Its type: a string, number, integer or boolean (anything else is
    /// kept as the string received).
    pub ty: TypeRef,
    /// `description`.
    pub docs: Option<String>,
}

/// A response body.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ResponseBody {
    /// The media type.
    pub content_type: String,
    /// How it is decoded.
    pub encoding: BodyEncoding,
    /// Its type.
    pub ty: TypeRef,
}

/// A JSON value kept by the patch state (`patch.rs`) as its JSON text: the
/// compact binary format it is written in cannot hold a value whose shape
/// only its data tells.
mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(value: &Option<serde_json::Value>, s: S) -> Result<S::Ok, S::Error> {
        value.as_ref().map(|v| v.to_string()).serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| serde_json::from_str(&t).map_err(serde::de::Error::custom)).transpose()
    }
}
