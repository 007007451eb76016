//! No panics, ever: specs mutated at random (from ours, the coverage specs
//! and the public ones) either generate Rust that `syn` parses, or fail with
//! located diagnostics. Bounded so that it fits in CI.

use proptest::prelude::*;
use serde_json::Value;
use tests::root;

fn seeds() -> Vec<Value> {
    let mut paths = vec![root().join("spec/llm-obs.yaml")];
    for dir in ["tests/coverage-specs", "tests/union-specs", "../shared/specs"] {
        let mut found: Vec<_> = std::fs::read_dir(root().join(dir)).expect("readable").map(|e| e.expect("entry").path()).collect();
        found.sort();
        paths.extend(found);
    }
    paths
        .iter()
        .map(|p| serde_yaml::from_str(&std::fs::read_to_string(p).expect("readable")).expect("a seed is YAML"))
        .collect()
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

/// Applies mutation `kind` at the node numbered `at`.
fn mutate(mut spec: Value, at: usize, kind: u8, other: usize) -> Value {
    let mut all = Vec::new();
    paths(&spec, &mut Vec::new(), &mut all);
    let target = all[at % all.len()].clone();
    let donor = node(&mut spec.clone(), &all[other % all.len()]).cloned().unwrap_or(Value::Null);
    if target.is_empty() {
        return spec;
    }
    let (parent_path, last) = target.split_at(target.len() - 1);
    let Some(parent) = node(&mut spec, parent_path) else { return spec };
    match (kind % 7, parent, &last[0]) {
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
        (_, Value::Object(map), Value::String(k)) => {
            // Rename the key: breaks references and may collide after case conversion.
            if let Some(v) = map.remove(k) {
                map.insert(format!("{}_X", k.to_uppercase()), v);
            }
        }
        _ => {}
    }
    spec
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

fn check(spec: &Value) -> Result<(), TestCaseError> {
    let text = serde_yaml::to_string(spec).expect("serializes");
    let source = generator::parse::SourceFile::new("mutated.yaml", text);
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
            prop_assert!(e.rendered.contains("mutated.yaml"), "{}", e.rendered);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic(seed in 0usize..64, at in 0usize..100_000, kind in 0u8..255, other in 0usize..100_000, at2 in 0usize..100_000, kind2 in 0u8..255) {
        let seeds = seeds();
        let spec = seeds[seed % seeds.len()].clone();
        let spec = mutate(mutate(spec, at, kind, other), at2, kind2, other / 7);
        check(&spec)?;
    }
}
