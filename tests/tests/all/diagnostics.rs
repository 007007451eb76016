//! Bad specs (tests/bad-specs/, with the files some of them refer to in
//! tests/bad-specs/parts/) fail with a diagnostic that names the file, line
//! and column, quotes the source, gives the JSON pointer and a hint; the
//! exact wording of each is pinned by a snapshot, as askama's UI tests do.

use tests::root;

fn run(name: &str) -> Result<generator::Generated, generator::GenerateError> {
    tests::generate(&format!("tests/bad-specs/{name}"), "bad")
}

#[test]
fn every_bad_spec_fails_with_a_located_diagnostic() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("tests/bad-specs"))
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for name in names {
        let err = match run(&name) {
            Ok(_) => panic!("{name} generated, but it is a bad spec"),
            Err(e) => e,
        };
        let rendered = err.rendered.clone();
        // In the spec, or in a file it refers to (`tests/bad-specs/parts/`).
        assert!(rendered.contains(" --> tests/bad-specs/"), "{name}: no file:line:col\n{rendered}");
        for d in &err.diagnostics {
            assert!(d.file.starts_with("tests/bad-specs"), "{name}: a diagnostic in {}\n{rendered}", d.file.display());
            assert!(d.location.is_some(), "{name}: a diagnostic without a location\n{rendered}");
        }
        insta::assert_snapshot!(name.trim_end_matches(".yaml").to_owned(), rendered);
    }
}

/// `tests/coverage-specs/collisions.yaml` (which `specs.rs` builds): every
/// namespace numbers names that collide after case conversion in spec
/// order, and schemas and operations say so in a warning.
#[test]
fn names_that_collide_after_case_conversion_are_numbered_with_a_warning() {
    let generated = tests::generate("tests/coverage-specs/collisions.yaml", "c").expect("generates");
    let api = &generated.api;
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["FooBar", "FooBar2", "LLMObs3", "LlmObs", "LlmObs2"]);
    let ops: Vec<&str> = api.operations.iter().map(|o| o.rust_name.as_str()).collect();
    assert_eq!(ops, ["get_thing", "get_thing2"]);
    let params: Vec<&str> = api.operations[0].params.iter().map(|p| p.rust_name.as_str()).collect();
    assert_eq!(params, ["page_size", "page_size2"]);
    let fields: Vec<(&str, &str)> = match &api.types[0].kind {
        generator::ir::TypeKind::Struct(s) => s.fields.iter().map(|f| (f.wire_name.as_str(), f.rust_name.as_str())).collect(),
        other => panic!("FooBar is a struct, not {other:?}"),
    };
    assert_eq!(fields, [("fooBar", "foo_bar"), ("foo_bar", "foo_bar2"), ("FOO-BAR", "foo_bar3")]);
    let values: Vec<&str> = match &api.types[1].kind {
        generator::ir::TypeKind::StringEnum(e) => e.values.iter().map(|v| v.rust_name.as_str()).collect(),
        other => panic!("FooBar2 is an enum, not {other:?}"),
    };
    assert_eq!(values, ["AB", "AB2", "AB3"]);
    insta::assert_snapshot!("collision_warnings", generated.warnings.join("\n\n"));
}

/// A spec published as minified JSON is one line: a diagnostic quotes the
/// part of it around the node, not the whole line (AWS's specs in the
/// APIs.guru directory are 100 KB lines).
#[test]
fn a_long_line_is_quoted_as_an_excerpt_around_the_node() {
    let err = tests::generate("tests/bad-specs/minified.json", "bad").expect_err("a `not` schema is refused");
    let rendered = err.rendered;
    assert!(rendered.contains(" = in: tests/bad-specs/minified.json:1:875\n"), "{rendered}");
    assert!(rendered.lines().all(|l| l.chars().count() < 200), "{rendered}");
    insta::assert_snapshot!("minified", rendered);
}

/// What real specs write against OpenAPI's rules but mean clearly is read,
/// with a warning: a path placeholder no parameter declares is a required
/// string, in template order; a path item that is a `$ref` to another path
/// is that path's operations at its own path, named after it; `not` beside
/// a type is the type; an operationId used twice names the later operation
/// after its method and path; a `$ref` whose pointer passes through another
/// `$ref` is followed; an `enum` without `type` has its values' type. YAML
/// merge keys are applied as YAML defines them.
#[test]
fn an_undeclared_placeholder_and_a_path_item_ref_are_read_as_meant() {
    let generated = tests::generate("tests/coverage-specs/lenient.yaml", "lenient").unwrap_or_else(|e| panic!("{e}"));
    let warnings = generated.warnings.join("\n\n");
    assert!(
        warnings.contains("warning: the path uses `{from}` but the operation declares no path parameter `from`: it is generated as a required string\n   --> tests/coverage-specs/lenient.yaml:25:5"),
        "{warnings}"
    );
    assert!(
        warnings.contains("warning: `not` is not supported: it is ignored\n   --> tests/coverage-specs/lenient.yaml:75:7"),
        "{warnings}"
    );
    assert!(
        warnings.contains("warning: operationId `getRate` is already used by #/paths/~1rates~1{from}~1{to}/get: this operation is named after its method and path, `get /support/rate`\n   --> tests/coverage-specs/lenient.yaml:49:7"),
        "{warnings}"
    );
    assert!(
        warnings.contains("warning: `enum` without `type` lists values of several JSON types (integer, string): generated as any JSON value\n   --> tests/coverage-specs/lenient.yaml:84:7"),
        "{warnings}"
    );
    assert!(
        warnings.contains("warning: this response has no `description`, which OpenAPI 3.0 requires: read as an empty one\n   --> tests/coverage-specs/lenient.yaml:53:9"),
        "{warnings}"
    );
    assert_eq!(generated.warnings.len(), 5, "{warnings}");
    let seen = generated.item("operations::get_support_rate").expect("get_support_rate");
    assert!(seen.contains("        /// Status 410.\n        Gone,"), "{seen}");
    // An `enum` without `type` has its values' type.
    let direction = generated.item("models::Direction").expect("Direction");
    assert!(direction.contains("pub enum Direction {\n    /// `asc`\n    Asc,\n    /// `desc`\n    Desc,"), "{direction}");
    // An integer enum: its values as constants, `null` among them its
    // nullability.
    let priority = generated.item("models::Priority").expect("Priority");
    assert!(priority.starts_with("/// A priority, or none.\n"), "{priority}");
    assert!(priority.contains("pub struct Priority(\n    /// The value on the wire.\n    pub i64,\n);"), "{priority}");
    assert!(priority.contains("    /// `3`\n    pub const V3: Self = Self(3);\n}"), "{priority}");
    assert_eq!(
        generated.item("models::Setting"),
        Some("/// A setting's value, of several types.\npub type Setting = ::serde_json::Value;\n")
    );
    assert_eq!(
        generated.item("models::AreaCode"),
        Some("/// A location area code; 65534 is not one (`not`, which no generated type checks).\npub type AreaCode = i32;\n")
    );
    // The mapping's own `description` wins over the merged one; the merged
    // properties come where `<<` is, before `total`.
    let invoice = generated.item("models::Invoice").expect("Invoice");
    assert!(invoice.starts_with("/// An invoice; its type and `required` merged in"), "{invoice}");
    assert!(invoice.contains("    pub id: ::std::string::String,\n    /// The `created` property.\n    pub created: ::std::option::Option<::chrono::DateTime<::chrono::Utc>>,\n    /// The `total` property.\n    pub total: ::std::option::Option<f64>,"), "{invoice}");
    // `rate`'s `$ref` passes through the `$ref` to `Rate` to its `value`.
    assert!(invoice.contains("    pub rate: ::std::option::Option<f64>,"), "{invoice}");
    let rate = generated.item("operations::get_rate").expect("get_rate");
    assert!(
        rate.contains("pub fn new(\n            from: impl ::std::convert::Into<::std::string::String>,\n            to: impl"),
        "{rate}"
    );
    assert!(rate.contains("push_path_param(&mut out, \"from\", &self.from)?;\n            out.push('/');\n            crate::runtime::push_path_param(&mut out, \"to\", &self.to)?;"), "{rate}");
    let names: Vec<(&str, &str)> = generated.api.operations.iter().map(|o| (o.rust_name.as_str(), o.path.as_str())).collect();
    assert_eq!(
        names,
        [
            ("get_rate", "/rates/{from}/{to}"),
            ("get_status", "/status"),
            ("get_support_rate", "/support/rate"),
            ("get_support_status", "/support/status")
        ]
    );
    let support = generated.item("operations::get_support_status").expect("get_support_status");
    assert!(support.contains("out.push_str(\"/support/status\");"), "{support}");
    assert!(support.contains("Ok(crate::models::Rate)"), "{support}");
}
