//! The generated crate is what the generator produces now, byte for byte, and
//! every generated file and the lowered model are pinned by snapshots.
//!
//! Review snapshot changes with `cargo insta review`; a change to the lowered
//! model (`ir` snapshot) shows apart from a change in formatting.

use std::collections::BTreeMap;

use tests::{config, spec_path};

fn generate() -> generator::Generated {
    generator::generate_from_path(&spec_path(), &config()).unwrap_or_else(|e| panic!("the spec does not generate:\n{e}"))
}

/// rust-analyzer's model: a stale file is rewritten (outside CI) and the test
/// fails, naming the command that does the same. The comparison is the one
/// `cargo xtask codegen --check` makes.
#[test]
fn generated_crate_is_fresh() {
    tests::ensure_fresh("spec/llm-obs.yaml", "generated", "generated");
}

/// The crate `requests.rs` sends on loopback, from its coverage spec.
#[test]
fn generated_requests_crate_is_fresh() {
    tests::ensure_fresh("tests/coverage-specs/requests.yaml", "tests/generated-requests", "generated-requests");
}

/// The crate `pages.rs` walks on loopback, from its coverage spec.
#[test]
fn generated_pages_crate_is_fresh() {
    tests::ensure_fresh("tests/coverage-specs/pagination.yaml", "tests/generated-pages", "generated-pages");
}

#[test]
fn every_generated_file_matches_its_snapshot() {
    let generated = generate();
    for (rel, contents) in &generated.files {
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, contents);
    }
}

#[test]
fn lowered_model_matches_its_snapshot() {
    insta::assert_debug_snapshot!("ir", generate().api);
}

#[test]
fn the_spec_generates_without_warnings() {
    let generated = generate();
    assert!(generated.warnings.is_empty(), "unexpected warnings:\n{}", generated.warnings.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let first: BTreeMap<String, String> = generate().files;
    for _ in 0..3 {
        assert_eq!(generate().files, first);
    }
}

#[test]
fn every_generated_file_says_it_is_generated() {
    for (rel, contents) in generate().files {
        let first_line = contents.lines().next().unwrap_or_default();
        assert!(first_line.contains(&generator::output::header("spec/llm-obs.yaml")), "{rel} starts with {first_line:?}");
    }
}
