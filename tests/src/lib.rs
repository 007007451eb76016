//! Helpers shared by the integration tests (`tests/tests/all/`, the modules
//! of one test binary).

use std::path::{Path, PathBuf};

use generator::output::Freshness;

pub mod round_trips;
pub mod samples;
pub mod scratch;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Generates the spec at `display`, a path relative to the workspace that
/// diagnostics and headers show as it is (so snapshots do not depend on the
/// checkout).
pub fn generate(display: &str, crate_name: &str) -> Result<generator::Generated, generator::GenerateError> {
    generate_at(&root().join(display), display, crate_name)
}

/// The text of a file of the workspace (`display`, relative to its root).
pub fn read(display: &str) -> String {
    let path = root().join(display);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Generates the spec at `path`, shown as `display` (and the files its
/// `$ref`s reach, shown relative to it).
pub fn generate_at(path: &Path, display: &str, crate_name: &str) -> Result<generator::Generated, generator::GenerateError> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let source = generator::SourceFile::new(display, text).with_disk_path(path);
    let config = generator::Config { spec_display: display.into(), crate_name: crate_name.into() };
    generator::generate(&source, &config)
}

/// The spec the generated crate comes from.
pub fn spec_path() -> PathBuf {
    root().join("spec/llm-obs.yaml")
}

/// The generator's configuration for the checked-in crate, as `cargo xtask codegen` uses it.
pub fn config() -> generator::Config {
    generator::Config { spec_display: "spec/llm-obs.yaml".into(), crate_name: "generated".into() }
}

/// rust-analyzer's `ensure_file_contents`, for a whole crate: every file the
/// generator produces from `spec` (a path relative to the workspace) is in
/// `dir` byte for byte, and no file it no longer produces is left there. The
/// comparison is `cargo xtask codegen --check`'s (`generator::output`). Out
/// of CI the directory is brought up to date; the test fails either way,
/// naming each file and the command that does the same.
pub fn ensure_fresh(spec: &str, dir: &str, crate_name: &str) {
    let config = generator::Config { spec_display: spec.into(), crate_name: crate_name.into() };
    let generated = generator::generate_from_path(&root().join(spec), &config).unwrap_or_else(|e| panic!("{spec} does not generate:\n{e}"));
    let out = root().join(dir);
    let freshness = Freshness::compare(&generated.files, &out);
    if freshness.is_fresh() {
        return;
    }
    let updated = std::env::var_os("CI").is_none() && freshness.update(&generated.files, &out).is_ok();
    let command =
        if dir == "generated" { "cargo xtask codegen".to_owned() } else { format!("cargo xtask codegen --spec {spec} --out {dir}") };
    panic!(
        "{dir}/ was out of date{}: run `{command}` and commit the result\n{}",
        if updated { " (it has been updated)" } else { "" },
        freshness.report(&out).join("\n")
    );
}

/// A fixture from `tests/fixtures/`, as text.
pub fn fixture(name: &str) -> String {
    let path = root().join("tests/fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fixture parsed as JSON.
pub fn fixture_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(name)).unwrap_or_else(|e| panic!("fixture {name} is not JSON: {e}"))
}

/// An `http::Response` with a JSON body.
pub fn response(status: u16, body: impl Into<Vec<u8>>) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).header("content-type", "application/json").body(body.into()).expect("a valid response")
}

/// The spec as JSON, for tests that read its examples.
pub fn spec_json() -> serde_json::Value {
    let text = std::fs::read_to_string(spec_path()).expect("the spec is readable");
    serde_yaml::from_str(&text).expect("the spec is YAML")
}
