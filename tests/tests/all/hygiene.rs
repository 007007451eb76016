//! Whatever a spec names things, the generated crate compiles, clippy-clean,
//! with every feature: schemas, properties, enum values, union options,
//! parameters, operations, server variables and security schemes are named
//! here after every identifier the generated code itself uses.
//!
//! Those identifiers are not listed by hand. They are collected with syn from
//! the sources of what the generated code is made of: the runtime
//! (`generator/runtime/`, copied verbatim into every crate: every identifier
//! in it) and the emitters (`generator/src/emit/`: every identifier inside
//! `quote!` and its kin, and every string literal shaped like an
//! identifier), so a name added to either is covered the day it is added.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use serde_json::{json, Map, Value};
use tests::root;
use tests::scratch::Workspace;

/// The identifiers the generated code can contain, split by what a spec
/// name can become.
struct Identifiers {
    /// `UpperCamelCase` ones (and single capitals): what a schema, an enum
    /// value or a union option can be named.
    types: Vec<String>,
    /// The rest (`snake_case`, `SCREAMING_CASE`, keywords): what a property,
    /// parameter, operation, server variable or security scheme can be named.
    values: Vec<String>,
    /// Those that start with `_`: the generator never mints such a name
    /// (names are words joined by `_`), which is why the runtime's macros
    /// name what they introduce `__Field`, `__Visitor`, `__D`.
    unmintable: Vec<String>,
}

/// The `.rs` files under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())) {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no Rust files under {}", dir.display());
    files
}

/// A file's tokens, after syn has parsed it as a Rust file.
fn tokens(path: &Path) -> TokenStream {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
    assert!(!file.items.is_empty(), "{} has no items", path.display());
    text.parse().unwrap_or_else(|e| panic!("{} does not tokenize: {e}", path.display()))
}

/// The value of a string literal that is shaped like an identifier
/// (`"additional_properties"`), the way emitters name things they mint.
fn identifier_literal(literal: &proc_macro2::Literal) -> Option<String> {
    let text = literal.to_string();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut chars = inner.chars();
    let first = chars.next()?;
    ((first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')).then(|| inner.to_owned())
}

fn ident_name(ident: &proc_macro2::Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

/// Every identifier in `tokens`, and the literals shaped like one.
fn collect_all(tokens: TokenStream, out: &mut BTreeSet<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => {
                out.insert(ident_name(&ident));
            }
            TokenTree::Literal(literal) => out.extend(identifier_literal(&literal)),
            TokenTree::Group(group) => collect_all(group.stream(), out),
            TokenTree::Punct(_) => {}
        }
    }
}

/// In an emitter: the identifiers inside the macros that write generated
/// code (but not `#name`, which interpolates the emitter's own variable),
/// and, anywhere, the literals shaped like an identifier.
fn collect_emitted(tokens: TokenStream, out: &mut BTreeSet<String>) {
    const WRITERS: &[&str] = &["quote", "quote_spanned", "parse_quote", "format_ident"];
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) if WRITERS.contains(&ident.to_string().as_str()) => {
                if let (Some(TokenTree::Punct(bang)), Some(TokenTree::Group(body))) = (trees.get(i + 1), trees.get(i + 2)) {
                    if bang.as_char() == '!' {
                        collect_quoted(body.stream(), out);
                    }
                }
            }
            TokenTree::Literal(literal) => out.extend(identifier_literal(literal)),
            TokenTree::Group(group) => collect_emitted(group.stream(), out),
            _ => {}
        }
    }
}

/// The body of a `quote!`: its identifiers but the interpolated ones.
fn collect_quoted(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let mut after_pound = false;
    for tree in tokens {
        match &tree {
            TokenTree::Ident(ident) if !after_pound => {
                out.insert(ident_name(ident));
            }
            TokenTree::Literal(literal) => out.extend(identifier_literal(literal)),
            TokenTree::Group(group) if group.delimiter() != Delimiter::None => collect_quoted(group.stream(), out),
            _ => {}
        }
        after_pound = matches!(&tree, TokenTree::Punct(p) if p.as_char() == '#');
    }
}

fn identifiers() -> Identifiers {
    let mut all = BTreeSet::new();
    for file in rust_files(&root().join("generator/runtime")) {
        collect_all(tokens(&file), &mut all);
    }
    let runtime = all.len();
    for file in rust_files(&root().join("generator/src/emit")) {
        collect_emitted(tokens(&file), &mut all);
    }
    // Lowering now mints the names emit used to (unknown-field names, client
    // methods), and `naming::reserved` lists the generated code's own.
    collect_emitted(tokens(&root().join("generator/src/naming.rs")), &mut all);
    for file in rust_files(&root().join("generator/src/lower")) {
        collect_emitted(tokens(&file), &mut all);
    }
    // Enough to know the collection found the code it reads.
    assert!(runtime > 300 && all.len() > runtime + 100, "only {runtime} identifiers in the runtime, {} in all", all.len());
    let (unmintable, mintable): (Vec<String>, Vec<String>) = all.into_iter().partition(|name| name.starts_with('_'));
    let is_type = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_uppercase()) && (name.len() == 1 || name.contains(|c: char| c.is_ascii_lowercase()))
    };
    let (types, values) = mintable.into_iter().partition(|name| is_type(name));
    Identifiers { types, values, unmintable }
}

/// A name for a schema of the test's own that no collected identifier is.
fn own_name(ids: &Identifiers, name: &str) -> String {
    assert!(!ids.types.iter().chain(&ids.values).any(|n| n.eq_ignore_ascii_case(name)), "{name} is collected: pick another");
    name.to_owned()
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// An OpenAPI document of `schemas` and `paths`, with what else `extra` adds
/// at the top level.
fn document(schemas: Map<String, Value>, paths: Map<String, Value>, extra: Value) -> Value {
    let mut doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Hygiene", "version": "1" },
        "paths": paths,
        "components": { "schemas": schemas },
    });
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        for (key, value) in extra {
            match (doc.get_mut(&key), value) {
                (Some(Value::Object(into)), Value::Object(more)) => into.extend(more),
                (_, value) => {
                    doc.insert(key, value);
                }
            }
        }
    }
    doc
}

/// Every type identifier as a struct, each with one property named after a
/// value identifier (so the union over them all has every value identifier
/// as a slot); a struct and a closed struct with every value identifier as
/// a property; an enum with every identifier as a value; a union read in
/// one pass over all the structs.
fn structs_spec(ids: &Identifiers) -> Value {
    let mut schemas = Map::new();
    for (i, name) in ids.types.iter().enumerate() {
        let property = &ids.values[i % ids.values.len()];
        schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "required": ["kind"],
                "properties": { "kind": { "type": "string" }, (property.as_str()): { "type": "string" } },
            }),
        );
    }
    // The values as properties, a hundred to a struct, as a real spec's
    // largest objects are (rustc's type check grows faster than linearly
    // with a struct's fields: 700 took 3 GB and minutes to check).
    let values: Vec<(usize, &String)> = ids.values.iter().enumerate().collect();
    for (n, chunk) in values.chunks(100).enumerate() {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for &(i, name) in chunk {
            let schema = match i % 4 {
                0 => json!({ "type": "string" }),
                1 => json!({ "type": "integer", "nullable": true }),
                2 => json!({ "type": "array", "items": schema_ref(&ids.types[i % ids.types.len()]) }),
                _ => json!({ "type": "object", "additionalProperties": { "type": "boolean" } }),
            };
            properties.insert(name.clone(), schema);
            if i % 2 == 0 {
                required.push(name.clone());
            }
        }
        let (open, closed) = (own_name(ids, &format!("HygieneOpen{n}")), own_name(ids, &format!("HygieneClosed{n}")));
        schemas.insert(open, json!({ "type": "object", "required": required, "properties": properties }));
        schemas.insert(closed, json!({ "type": "object", "properties": properties, "additionalProperties": false }));
    }
    let values: Vec<&String> = ids.types.iter().chain(&ids.values).collect();
    schemas.insert(own_name(ids, "HygieneValues"), json!({ "type": "string", "enum": values }));
    // Fifty options to a union, so each is read in one pass (a slot per
    // property) rather than buffered, which the plan does past 4,000
    // options times slots.
    for (n, chunk) in ids.types.chunks(50).enumerate() {
        let options: Vec<Value> = chunk.iter().map(|name| schema_ref(name)).collect();
        schemas
            .insert(own_name(ids, &format!("HygieneByTag{n}")), json!({ "oneOf": options, "discriminator": { "propertyName": "kind" } }));
    }
    document(schemas, Map::new(), json!({}))
}

/// Every type identifier as a string enum.
fn enums_spec(ids: &Identifiers) -> Value {
    let schemas = ids.types.iter().map(|name| (name.clone(), json!({ "type": "string", "enum": [name, "other"] }))).collect();
    document(schemas, Map::new(), json!({}))
}

/// Every type identifier as a union: `by`, one of `tag` (read in one
/// pass), `keys` or `order`.
fn unions_spec(ids: &Identifiers, by: &str) -> Value {
    let (a, b) = (own_name(ids, "HygieneOptionA"), own_name(ids, "HygieneOptionB"));
    let mut schemas = Map::new();
    let union = match by {
        "tag" => {
            for (option, other) in [(&a, "alpha"), (&b, "beta")] {
                let properties = json!({ "kind": { "type": "string" }, "shared": { "type": "string" }, (other): { "type": "integer" } });
                schemas.insert(option.clone(), json!({ "type": "object", "required": ["kind"], "properties": properties }));
            }
            json!({ "oneOf": [schema_ref(&a), schema_ref(&b)], "discriminator": { "propertyName": "kind" } })
        }
        "keys" => {
            for (option, key) in [(&a, "alpha"), (&b, "beta")] {
                schemas
                    .insert(option.clone(), json!({ "type": "object", "required": [key], "properties": { (key): { "type": "string" } } }));
            }
            json!({ "oneOf": [schema_ref(&a), schema_ref(&b)] })
        }
        _ => json!({ "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "integer" } }] }),
    };
    for name in &ids.types {
        schemas.insert(name.clone(), union.clone());
    }
    document(schemas, Map::new(), json!({}))
}

/// The body and response of the operations specs.
fn body_schema(ids: &Identifiers) -> (String, Map<String, Value>) {
    let body = own_name(ids, "HygieneBody");
    let mut schemas = Map::new();
    schemas.insert(body.clone(), json!({ "type": "object", "properties": { "note": { "type": "string" } } }));
    (body, schemas)
}

/// One operation, for specs about what surrounds operations.
fn one_operation() -> Map<String, Value> {
    let op = json!({ "get": { "operationId": "hygiene_ping", "responses": { "204": { "description": "pong" } } } });
    [("/hygiene/ping".to_owned(), op)].into_iter().collect()
}

/// Every value identifier as an operation, with a required path parameter
/// of the same name, and a body (with an example) on every other one.
fn operation_ids_spec(ids: &Identifiers) -> Value {
    let (body, schemas) = body_schema(ids);
    let mut paths = Map::new();
    for (i, name) in ids.values.iter().enumerate() {
        let mut op = json!({
            "operationId": name,
            "parameters": [{ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": schema_ref(&body) } } } },
        });
        if i % 2 == 0 {
            op["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema_ref(&body), "example": { "note": name } } },
            });
        }
        let method = if i % 2 == 0 { "post" } else { "get" };
        paths.insert(format!("/ops/{i}/{{{name}}}"), json!({ (method): op }));
    }
    document(schemas, paths, json!({}))
}

/// Every value identifier as a query, a header and a cookie parameter (of
/// one operation each), as a path parameter, and as a response header.
fn parameters_spec(ids: &Identifiers) -> Value {
    let (body, schemas) = body_schema(ids);
    let mut paths = Map::new();
    let param = |name: &String, location: &str, i: usize| {
        let schema = match i % 3 {
            0 => json!({ "type": "string" }),
            1 => json!({ "type": "integer" }),
            _ => json!({ "type": "array", "items": { "type": "string" } }),
        };
        // Arrays joined (`a,b,c`): cookies cannot take them exploded.
        json!({ "name": name, "in": location, "required": i % 2 == 0, "schema": schema, "explode": false })
    };
    for location in ["query", "header", "cookie"] {
        let params: Vec<Value> = ids.values.iter().enumerate().map(|(i, name)| param(name, location, i)).collect();
        let headers: Map<String, Value> = ids.values.iter().map(|name| (name.clone(), json!({ "schema": { "type": "string" } }))).collect();
        let op = json!({
            "operationId": format!("hygiene_{location}"),
            "parameters": params,
            "responses": {
                "200": { "description": "ok", "headers": headers, "content": { "application/json": { "schema": schema_ref(&body) } } },
                "default": { "description": "anything else" },
            },
        });
        paths.insert(format!("/hygiene/{location}"), json!({ "get": op }));
    }
    // A key of a YAML mapping is at most 1024 characters long, so the
    // path parameters are spread over several paths.
    for (i, names) in ids.values.chunks(40).enumerate() {
        let template: String = names.iter().map(|name| format!("/{{{name}}}")).collect();
        let params: Vec<Value> =
            names.iter().map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })).collect();
        let op =
            json!({ "operationId": format!("hygiene_path_{i}"), "parameters": params, "responses": { "204": { "description": "gone" } } });
        paths.insert(format!("/hygiene/path/{i}{template}"), json!({ "delete": op }));
    }
    document(schemas, paths, json!({}))
}

/// Every value identifier as a variable of the server's URL, every other
/// one with listed values.
fn server_variables_spec(ids: &Identifiers) -> Value {
    let mut variables = Map::new();
    let mut url = String::from("https://api.example.com");
    for (i, name) in ids.values.iter().enumerate() {
        url.push_str(&format!("/{{{name}}}"));
        let variable = if i % 2 == 0 { json!({ "default": "x", "enum": ["x", "y"] }) } else { json!({ "default": "x" }) };
        variables.insert(name.clone(), variable);
    }
    let mut doc = document(Map::new(), one_operation(), json!({}));
    doc["servers"] = json!([{ "url": url, "variables": variables }]);
    doc
}

/// Every value identifier as an API-key security scheme.
fn security_schemes_spec(ids: &Identifiers) -> Value {
    let schemes: Map<String, Value> = ids
        .values
        .iter()
        .map(|name| (name.clone(), json!({ "type": "apiKey", "in": "header", "name": format!("X-Hygiene-{name}") })))
        .collect();
    document(Map::new(), one_operation(), json!({ "components": { "securitySchemes": schemes } }))
}

/// Generates each spec into a crate (`hygiene_<name>`), and builds them
/// all in one workspace.
fn build(workspace: &str, specs: Vec<(&str, Value)>) {
    let dir = root().join("target/hygiene");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let mut scratch = Workspace::new(workspace);
    for (name, spec) in specs {
        let crate_name = format!("hygiene_{name}");
        let path = dir.join(format!("{crate_name}.json"));
        std::fs::write(&path, serde_json::to_string_pretty(&spec).expect("JSON")).expect("write the spec");
        let generated = tests::generate_at(&path, &format!("{crate_name}.json"), &crate_name)
            .unwrap_or_else(|e| panic!("{crate_name} does not generate:\n{}", e.rendered));
        scratch.add(&crate_name, generated.files);
    }
    if let Err(complaints) = scratch.clippy_clean() {
        panic!("a spec named after the generated code's own identifiers gives a crate that does not build clean:\n{complaints}");
    }
}

/// The collection finds what it must; the lists are written to
/// `target/hygiene/identifiers.txt` for a reader.
#[test]
fn identifiers_are_collected_from_the_runtime_and_the_emitters() {
    let ids = identifiers();
    // What the runtime's macros and the emitters are known to use, and
    // what broke before.
    for name in ["D", "Option", "Result", "Formatter", "Deserialize", "Visitor", "Value", "Map", "Request", "Response", "Unknown"] {
        assert!(ids.types.contains(&name.to_owned()), "{name} was not collected");
    }
    for name in ["key", "map", "value", "unknown", "additional_properties", "send", "build", "timeout", "base_url", "new", "validate"] {
        assert!(ids.values.contains(&name.to_owned()), "{name} was not collected");
    }
    assert!(ids.unmintable.contains(&"__Field".to_owned()));
    std::fs::create_dir_all(root().join("target/hygiene")).expect("mkdir");
    std::fs::write(
        root().join("target/hygiene/identifiers.txt"),
        format!("types:\n{}\n\nvalues:\n{}\n\nunmintable:\n{}\n", ids.types.join(" "), ids.values.join(" "), ids.unmintable.join(" ")),
    )
    .expect("write");
    eprintln!(
        "collected {} identifiers: {} types, {} values, {} unmintable",
        ids.types.len() + ids.values.len() + ids.unmintable.len(),
        ids.types.len(),
        ids.values.len(),
        ids.unmintable.len()
    );
}

/// Structs, enums and unions named after the generated code's identifiers,
/// with properties, values and options named after them too.
#[test]
fn models_named_after_the_generated_codes_identifiers_build() {
    let ids = identifiers();
    build(
        "hygiene-models",
        vec![
            ("structs", structs_spec(&ids)),
            ("enums", enums_spec(&ids)),
            ("tag_unions", unions_spec(&ids, "tag")),
            ("key_unions", unions_spec(&ids, "keys")),
            ("ordered_unions", unions_spec(&ids, "order")),
        ],
    );
}

/// Names that become `Self`, which is a keyword: a schema `Self_` beside
/// `Self` (escaped `Self_`), and enum values `self` beside `Self`.
#[test]
fn names_that_become_self_build() {
    let ids =
        Identifiers { types: vec!["Self".into(), "Self_".into()], values: vec!["self".into(), "Self".into()], unmintable: Vec::new() };
    build("hygiene-self", vec![("self_structs", structs_spec(&ids)), ("self_enums", enums_spec(&ids))]);
}

/// Operations named after the generated code's identifiers, 200 to a
/// crate: with the `server` feature, one crate of all 981 took clippy-driver
/// past 23 GB (the server module's size grows faster than linearly with
/// the operations; noted as a defect of issue 14).
#[test]
fn operation_ids_named_after_the_generated_codes_identifiers_build() {
    let ids = identifiers();
    let specs: Vec<(String, Value)> = ids
        .values
        .chunks(200)
        .enumerate()
        .map(|(n, values)| {
            let chunk = Identifiers { types: ids.types.clone(), values: values.to_vec(), unmintable: ids.unmintable.clone() };
            (format!("operation_ids_{n}"), operation_ids_spec(&chunk))
        })
        .collect();
    build("hygiene-operation-ids", specs.iter().map(|(name, spec)| (name.as_str(), spec.clone())).collect());
}

/// Parameters of every kind and response headers named after the generated
/// code's identifiers.
#[test]
fn parameters_named_after_the_generated_codes_identifiers_build() {
    build("hygiene-parameters", vec![("parameters", parameters_spec(&identifiers()))]);
}

/// Server variables named after the generated code's identifiers.
#[test]
fn server_variables_named_after_the_generated_codes_identifiers_build() {
    build("hygiene-server-variables", vec![("server_variables", server_variables_spec(&identifiers()))]);
}

/// Security schemes named after the generated code's identifiers.
#[test]
fn security_schemes_named_after_the_generated_codes_identifiers_build() {
    build("hygiene-security-schemes", vec![("security_schemes", security_schemes_spec(&identifiers()))]);
}

/// Whether a character must not reach a generated file as it is: what
/// rustc denies in comments and literals (bidirectional controls, a bare
/// CR in a doc comment), and what would let text show other than it is
/// (line separators, control characters but tab and line feed).
fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{0085}' | '\u{2028}' | '\u{2029}')
        || (c.is_control() && c != '\t' && c != '\n')
}

/// The generated crate's own test of `tests/coverage-specs/text.yaml`: the
/// values keep every character the spec gave them.
const TEXT_ROUND_TRIP: &str = r#"//! Values with bidirectional controls and control characters in them
//! round-trip exactly.

use std::str::FromStr;

use text::models::{Item, Kind, Pet};

#[test]
fn enum_values_round_trip() {
    for wire in ["a\u{202e}b", "c\u{2066}d\u{2069}", "cr\rlf\n", "nul\0bel\u{7}", "ls\u{2028}nel\u{85}", "plain"] {
        let json = serde_json::to_string(wire).unwrap();
        let kind: Kind = serde_json::from_str(&json).unwrap();
        assert!(!matches!(kind, Kind::Unknown(_)), "{wire:?} is not one of the values");
        assert_eq!(kind.as_str(), wire);
        assert_eq!(Kind::from_str(wire).unwrap(), kind);
        assert_eq!(serde_json::to_string(&kind).unwrap(), json);
    }
}

#[test]
fn property_names_and_tags_round_trip() {
    let item = serde_json::json!({ "name\u{202e}": "n", "kind": "c\u{2066}d\u{2069}", "count": 2 });
    let read: Item = serde_json::from_value(item.clone()).unwrap();
    assert!(read.additional_properties.is_empty(), "{:?}", read.additional_properties);
    assert_eq!(serde_json::to_value(&read).unwrap(), item);

    let cat = serde_json::json!({ "pet\u{202e}Type": "cat\u{202e}", "lives": 9 });
    let pet: Pet = serde_json::from_value(cat.clone()).unwrap();
    assert!(matches!(pet, Pet::Cat(_)), "{pet:?}");
    assert_eq!(serde_json::to_value(&pet).unwrap(), cat);

    let dog = serde_json::json!({ "pet\u{202e}Type": "dog\u{2066}", "good\u{2066}Boy": true });
    let pet: Pet = serde_json::from_value(dog.clone()).unwrap();
    assert!(matches!(pet, Pet::Dog(_)), "{pet:?}");
    assert_eq!(serde_json::to_value(&pet).unwrap(), dog);
}

#[test]
fn constants_keep_the_spec_text() {
    assert_eq!(text::servers::DEFAULT_BASE_URL, "https://eu\u{202e}.example.com/v1\u{202e}");
    assert_eq!(text::security::API_KEY_AUTH.sent_as, text::runtime::SentAs::Header("X-Key\u{202e}"));
}
"#;

/// Text from the spec lands in doc comments, the README and `Cargo.toml`
/// escaped where it cannot be carried as it is, and in string literals
/// exactly: `tests/coverage-specs/text.yaml` puts bidirectional controls,
/// carriage returns, NUL and other control characters in every kind of text
/// a spec has. (The crate's clippy-clean build with every feature is
/// `specs.rs`'s; this runs its values.)
#[test]
fn text_from_the_spec_is_escaped_in_docs_and_exact_in_values() {
    let generated = tests::generate("tests/coverage-specs/text.yaml", "text").unwrap_or_else(|e| panic!("{e}"));
    for (path, contents) in &generated.files {
        for (n, line) in contents.split('\n').enumerate() {
            if let Some(c) = line.chars().find(|c| is_unsafe(*c)) {
                panic!("{path}:{}: {c:?} as it is, in {line:?}", n + 1);
            }
        }
    }
    // Where the spec's text cannot be escaped, it shows its escapes.
    let item = generated.item("models::Item").expect("the model");
    assert!(item.contains("/// An item \\u{2068} with\n/// lines\n/// and */ ends"), "{item}");
    assert!(item.contains("/// The \\u{202e} name\\u{0}"), "{item}");
    let lib = &generated.files["src/lib.rs"];
    assert!(
        lib.contains("//! Opens \\u{202e} and \\u{2067} never closes, \\u{200f} marks.\n//! A CR line\n//! and a lone CR, NUL \\u{0}"),
        "{lib}"
    );
    let readme = &generated.files["README.md"];
    assert!(readme.contains("| Reads \\u{202e} an item or two (`getItem`) |"), "{readme}");
    let manifest = &generated.files["Cargo.toml"];
    assert!(manifest.contains(r#"description = "Text \u202Esafety\u2066 \"quoted\" \\ back\rslash: models"#), "{manifest}");

    // The values keep every character: the crate runs a test of its own.
    let mut files = generated.files;
    files.insert("tests/round_trip.rs".into(), TEXT_ROUND_TRIP.into());
    let mut scratch = Workspace::new("hygiene-text");
    scratch.add("text", files);
    if let Err(complaints) = scratch.clippy_clean() {
        panic!("the crate does not build clean:\n{complaints}");
    }
    let output = scratch.cargo(&["test", "--quiet", "--test", "round_trip"], &[]);
    assert!(
        output.status.success(),
        "the values do not round-trip:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
