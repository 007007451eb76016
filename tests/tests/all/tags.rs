//! Features per tag (`tests/coverage-specs/tags.yaml`): the generated crate
//! builds clippy-clean with no tag, with each tag alone and with all of
//! them, with and without the client, and each feature compiles what its
//! tag's operations need and nothing of the other tags'.

use tests::scratch::Workspace;

/// The spec's tags' features, in the order the crate's `default` lists them.
const TAGS: &[&str] = &["pets", "stores", "client2", "admin"];

#[test]
fn every_tag_builds_alone_and_together() {
    let generated = tests::generate("tests/coverage-specs/tags.yaml", "tags").unwrap_or_else(|e| panic!("{e}"));
    let cargo_toml = &generated.files["Cargo.toml"];
    let default = format!("default = [\n{}]", TAGS.iter().map(|t| format!("    \"{t}\",\n")).collect::<String>());
    assert!(cargo_toml.contains(&default), "{cargo_toml}");
    let mut workspace = Workspace::new("tags");
    workspace.add("tags", generated.files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())));
    // With one tag (or none) the crate is checked without the client and with
    // it; every example whose tag is off is left out by `required-features`.
    let mut sets: Vec<String> = vec![String::new(), "client".into()];
    for tag in TAGS {
        sets.push((*tag).into());
        sets.push(format!("{tag},client,unstable"));
    }
    for features in &sets {
        let mut args = vec!["clippy", "--quiet", "--all-targets", "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", features]);
        }
        let output = workspace.cargo(&args, &["-D", "warnings"]);
        assert!(output.status.success(), "features `{features}`:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    // All tags (the default) with every feature is `specs.rs`'s build.
}

#[test]
fn a_tag_compiles_its_models_and_no_other_tags() {
    let generated = tests::generate("tests/coverage-specs/tags.yaml", "tags").unwrap_or_else(|e| panic!("{e}"));
    // The gate on each of a model's items (none when it always compiles).
    let gate_of = |name: &str| {
        let code = generated.item(&format!("models::{name}")).unwrap_or_else(|| panic!("no model {name}"));
        let gates: Vec<&str> = code.lines().filter(|l| l.starts_with("#[cfg(") && !l.contains("\"server\"")).collect();
        let items = code.lines().filter(|l| l.starts_with("pub ") || l.starts_with("impl") || l.starts_with("crate::runtime::")).count();
        assert!(gates.is_empty() || gates.len() == items, "{name}: {gates:?} on {items} items:\n{code}");
        gates.first().map(|g| (*g).to_owned())
    };
    // One tag's models, a model two tags share, and what always compiles:
    // what the untagged operation uses, and what no operation does.
    assert_eq!(gate_of("Pet").as_deref(), Some(r#"#[cfg(feature = "pets")]"#));
    assert_eq!(gate_of("Store").as_deref(), Some(r#"#[cfg(feature = "stores")]"#));
    assert_eq!(gate_of("Address").as_deref(), Some(r#"#[cfg(any(feature = "pets", feature = "stores"))]"#));
    assert_eq!(gate_of("GetPetHomeOkHeaders").as_deref(), Some(r#"#[cfg(any(feature = "pets", feature = "stores"))]"#));
    assert_eq!(gate_of("Error"), None);
    assert_eq!(gate_of("Health"), None);
    assert_eq!(gate_of("Orphan"), None);
    // Reached by `pets`, and held by `Orphan`, which is always compiled.
    assert_eq!(gate_of("Collar"), None);
    // An example program per tag needs it; the untagged operations' needs
    // only the client.
    let cargo_toml = &generated.files["Cargo.toml"];
    assert!(cargo_toml.contains("name = \"stores\"\nrequired-features = [\"client\", \"stores\"]"), "{cargo_toml}");
    assert!(cargo_toml.contains("name = \"operations\"\nrequired-features = [\"client\"]"), "{cargo_toml}");
    // The tag named like the crate's own feature is renamed, with a warning.
    assert!(
        generated.warnings.iter().any(|w| w.contains("the feature of tag `Client` is generated as `client2`")),
        "{:?}",
        generated.warnings
    );
}
