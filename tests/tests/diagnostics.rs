//! Bad specs (tests/bad-specs/) fail with a diagnostic that names the file,
//! line and column, quotes the source, gives the JSON pointer and a hint; the
//! exact wording of each is pinned by a snapshot, as askama's UI tests do.

use tests::root;

fn run(name: &str) -> Result<generator::Generated, generator::GenerateError> {
    let display = format!("tests/bad-specs/{name}");
    let text = std::fs::read_to_string(root().join(&display)).expect("readable");
    let source = generator::parse::SourceFile::new(&display, text);
    let config = generator::Config { spec_display: display, crate_name: "bad".into() };
    generator::generate(&source, &config)
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
        assert!(rendered.contains(&format!("tests/bad-specs/{name}:")), "{name}: no file:line:col\n{rendered}");
        assert!(err.diagnostics.iter().all(|d| d.location.is_some()), "{name}: a diagnostic without a location\n{rendered}");
        insta::assert_snapshot!(name.trim_end_matches(".yaml").to_owned(), rendered);
    }
}

#[test]
fn names_that_collide_after_case_conversion_are_numbered_with_a_warning() {
    let display = "tests/bad-specs/collision.yml";
    let text = "openapi: 3.0.3\ninfo: {title: C, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    fooBar: {type: string}\n    foo_bar: {type: object, properties: {a: {type: string}}}\n";
    let source = generator::parse::SourceFile::new(display, text);
    let config = generator::Config { spec_display: display.into(), crate_name: "c".into() };
    let generated = generator::generate(&source, &config).expect("generates");
    let names: Vec<&str> = generated.api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["FooBar", "FooBar2"]);
    assert_eq!(generated.warnings.len(), 1);
    insta::assert_snapshot!("collision_warning", generated.warnings[0]);
}
