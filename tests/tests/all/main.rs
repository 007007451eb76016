//! Every integration test of the workspace, in one test binary.
//!
//! Each file of `tests/tests/` used to be its own binary, and each linked the
//! generated crate with every feature, wiremock and tokio: thirteen links of
//! the same things, most of CI's time. As modules of one binary they are
//! linked once. Add a test file here as a `mod`; `one_binary` below fails
//! for a file here that is not declared, and for anything in `tests/tests/`
//! besides this folder.
//!
//! Snapshots live in `snapshots/` beside these files, named after the module
//! path (`all__codegen__ir.snap` for `insta::assert_debug_snapshot!("ir", ..)`
//! in `codegen.rs`).

mod allocations;
mod cache;
mod client;
mod codegen;
mod config;
mod credentials;
mod diagnostics;
mod events;
mod features;
mod forward_compat;
mod hygiene;
mod lines;
mod no_panics;
mod operations;
mod pages;
mod query_styles;
mod real_specs;
mod requests;
mod round_trip;
mod server;
mod spec_decisions;
mod specs;
mod streams;
mod swagger2;
mod tags;
mod unions_and_enums;
mod uploads;
mod validation;
mod xtask;

/// A test file left outside this binary would either not run at all (a file
/// here not declared above) or be linked as a binary of its own (anything
/// else in `tests/tests/`), undoing what this layout is for.
#[test]
fn one_binary() {
    let dir = tests::root().join("tests/tests");
    let declared: Vec<&str> = include_str!("main.rs").lines().filter_map(|line| line.strip_prefix("mod ")?.strip_suffix(';')).collect();
    let mut outside = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/tests is readable").flatten() {
        if entry.file_name() != "all" {
            outside.push(format!("{}: move it into tests/tests/all/ as a module", entry.path().display()));
        }
    }
    for entry in std::fs::read_dir(dir.join("all")).expect("tests/tests/all is readable").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.strip_suffix(".rs").is_some_and(|stem| stem != "main" && !declared.contains(&stem)) {
            outside.push(format!("{}: declare it with `mod` in main.rs", entry.path().display()));
        }
    }
    outside.sort();
    assert!(outside.is_empty(), "test files outside the one test binary:\n{}", outside.join("\n"));
}
