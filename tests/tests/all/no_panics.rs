//! No panics, ever: specs mutated at random (from ours, the coverage specs
//! and the public ones) either generate Rust that `syn` parses and whose
//! model is whole (no internal error), or fail with located diagnostics.
//! Bounded and seeded so that it fits in CI and repeats there;
//! `PROPTEST_CASES=20000 PROPTEST_RNG_SEED=<n>` for a longer hunt.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;
use tests::root;

/// Every seed, with its path: a mutated seed is generated as if it were a
/// file beside it, so that its `$ref`s into other files still resolve.
fn seeds() -> Vec<(Value, PathBuf)> {
    let mut paths = vec![root().join("spec/llm-obs.yaml")];
    for dir in ["tests/coverage-specs", "tests/coverage-specs/openapi-3.1", "tests/union-specs", "tests/public-specs"] {
        let mut found: Vec<_> = std::fs::read_dir(root().join(dir))
            .expect("readable")
            .map(|e| e.expect("entry").path())
            // A directory is a spec split over files, rooted at its openapi.yaml
            // (or a directory of specs, listed on its own).
            .map(|p| if p.is_dir() { p.join("openapi.yaml") } else { p })
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths.into_iter().map(|p| (serde_yaml::from_str(&std::fs::read_to_string(&p).expect("readable")).expect("a seed is YAML"), p)).collect()
}

/// Every node's path, as keys and indexes.
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Value::String(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Value::from(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node<'a>(value: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Value::String(k) => v.get_mut(k.as_str()),
        Value::Number(i) => v.get_mut(i.as_u64()? as usize),
        _ => None,
    })
}

/// Applies mutation `kind` at the node numbered `at`; `other` picks a second
/// node (a donor, or a `$ref` target) and a variant.
fn mutate(mut spec: Value, at: usize, kind: u8, other: usize) -> Value {
    let mut all = Vec::new();
    paths(&spec, &mut Vec::new(), &mut all);
    let target = all[at % all.len()].clone();
    let donor = node(&mut spec.clone(), &all[other % all.len()]).cloned().unwrap_or(Value::Null);
    if target.is_empty() {
        return spec;
    }
    let (parent_path, last) = target.split_at(target.len() - 1);
    let donor_ref = pointer(&all[other % all.len()]);
    let Some(parent) = node(&mut spec, parent_path) else { return spec };
    match (kind % 11, parent, &last[0]) {
        (0, Value::Object(map), Value::String(k)) => {
            map.remove(k);
        }
        (0, Value::Array(items), Value::Number(i)) => {
            let i = i.as_u64().unwrap_or(0) as usize;
            if i < items.len() {
                items.remove(i);
            }
        }
        (1, p, step) => set(p, step, Value::from(42)),
        (2, p, step) => set(p, step, Value::String("#/components/schemas/Nope".into())),
        (3, p, step) => set(p, step, Value::Object(Default::default())),
        (4, p, step) => set(p, step, Value::Array(vec![])),
        (5, p, step) => set(p, step, donor),
        (6, Value::Object(map), Value::String(k)) => {
            // Rename the key: breaks references and may collide after case conversion.
            if let Some(v) = map.remove(k) {
                map.insert(format!("{}_X", k.to_uppercase()), v);
            }
        }
        (7, Value::Object(map), _) => {
            // A `type` beside other keywords: openapiv3 files many such schemas as `Any`.
            let types = ["object", "string", "array", "integer"];
            map.insert("type".into(), Value::String(types[other % types.len()].into()));
        }
        // A `$ref` to anywhere in the document: cycles, references to non-schemas.
        (8, p, step) => set(p, step, serde_json::json!({ "$ref": format!("#{donor_ref}") })),
        // A `$ref` into another file: the multi-file seed's, or one that is not there.
        (10, p, step) => {
            let files = [
                "schemas/pet.yaml",
                "common.yaml#/components/schemas/Label",
                "schemas/owner.json#/definitions/Address",
                "nope.yaml",
                "openapi.yaml",
            ];
            let target = match other % (files.len() + 1) {
                i if i < files.len() => files[i].to_owned(),
                _ => format!("common.yaml#{donor_ref}"),
            };
            set(p, step, serde_json::json!({ "$ref": target }))
        }
        (9, Value::Object(map), Value::String(k)) => {
            // A sibling whose name collides with this one after case conversion.
            if let Some(v) = map.get(k).cloned() {
                map.insert(case_twin(k), v);
            }
        }
        _ => {}
    }
    spec
}

/// The JSON pointer of a path.
fn pointer(path: &[Value]) -> String {
    path.iter()
        .map(|step| match step {
            Value::String(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            other => format!("/{other}"),
        })
        .collect()
}

/// `fooBar` -> `foo_bar`, `foo_bar` -> `FOO_BAR`: another spelling of the same words.
fn case_twin(key: &str) -> String {
    let snake: String =
        key.chars().flat_map(|c| if c.is_ascii_uppercase() { vec!['_', c.to_ascii_lowercase()] } else { vec![c] }).collect();
    if snake != key {
        snake
    } else {
        key.to_uppercase()
    }
}

fn set(parent: &mut Value, step: &Value, value: Value) {
    match (parent, step) {
        (Value::Object(map), Value::String(k)) => {
            map.insert(k.clone(), value);
        }
        (Value::Array(items), Value::Number(i)) => {
            if let Some(slot) = items.get_mut(i.as_u64().unwrap_or(0) as usize) {
                *slot = value;
            }
        }
        _ => {}
    }
}

/// 256 cases by default (a few seconds), more with `PROPTEST_CASES`.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
}

/// The same cases on every run, so CI is repeatable; `PROPTEST_RNG_SEED`
/// picks others for a hunt.
fn rng_seed() -> proptest::test_runner::RngSeed {
    match std::env::var("PROPTEST_RNG_SEED").ok().and_then(|n| n.parse().ok()) {
        Some(seed) => proptest::test_runner::RngSeed::Fixed(seed),
        None => proptest::test_runner::RngSeed::Fixed(0x5eed_c0de),
    }
}

fn check(spec: &Value, seed: &Path) -> Result<(), TestCaseError> {
    let text = serde_yaml::to_string(spec).expect("serializes");
    // A crash that kills the process (a stack overflow) reports no input:
    // `NO_PANICS_LAST=path` leaves each case there before it runs.
    if let Ok(path) = std::env::var("NO_PANICS_LAST") {
        std::fs::write(path, &text).expect("NO_PANICS_LAST is writable");
    }
    let source = generator::SourceFile::new("mutated.yaml", text).with_disk_path(seed.with_file_name("mutated.yaml"));
    let config = generator::Config { spec_display: "mutated.yaml".into(), crate_name: "mutated".into() };
    match generator::generate(&source, &config) {
        Ok(generated) => {
            for (path, contents) in &generated.files {
                if path.ends_with(".rs") {
                    prop_assert!(syn::parse_file(contents).is_ok(), "{path} does not parse:\n{contents}");
                }
            }
        }
        Err(e) => {
            prop_assert!(!e.diagnostics.is_empty());
            prop_assert!(!e.rendered.contains("internal error"), "{}", e.rendered);
            prop_assert!(e.diagnostics.iter().all(|d| d.location.is_some()), "a diagnostic without a location:\n{}", e.rendered);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), rng_seed: rng_seed(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(seed in 0usize..64, at in 0usize..100_000, kind in 0u8..255, other in 0usize..100_000, at2 in 0usize..100_000, kind2 in 0u8..255) {
        let seeds = seeds();
        let (spec, path) = seeds[seed % seeds.len()].clone();
        let spec = mutate(mutate(spec, at, kind, other), at2, kind2, other / 7);
        check(&spec, &path)?;
    }
}
