//! The generator on specs it was not written for: every public example spec
//! in `../shared/specs/` either generates a crate that builds clippy-clean, or
//! fails with a located diagnostic naming the unsupported construct.
//!
//! All crates that generate are built with one `cargo clippy` invocation in a
//! scratch workspace under `target/`, offline, pinned by our Cargo.lock.

use std::path::PathBuf;

use tests::root;

/// Specs known not to generate, with what their diagnostic must say.
const UNSUPPORTED: &[(&str, &[&str])] = &[(
    "uspto.yaml",
    &[
        "media type application/x-www-form-urlencoded is not supported",
        "uspto.yaml:156:9",
        "#/paths/~1{dataset}~1{version}~1records/post/requestBody/content",
    ],
)];

fn shared_specs() -> Vec<PathBuf> {
    let dir = root().join("../shared/specs");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    specs.sort();
    specs
}

#[test]
fn every_shared_spec_builds_or_fails_with_a_located_diagnostic() {
    let scratch = root().join("target/shared-specs");
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let mut members = Vec::new();
    for spec in shared_specs() {
        let file = spec.file_name().and_then(|n| n.to_str()).expect("a file name").to_owned();
        let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(&file).to_owned();
        let display = format!("shared/specs/{file}");
        let text = std::fs::read_to_string(&spec).expect("readable");
        let source = generator::parse::SourceFile::new(&display, text);
        let config = generator::Config { spec_display: display, crate_name: stem.replace('-', "_") };
        match (generator::generate(&source, &config), UNSUPPORTED.iter().find(|(f, _)| *f == file)) {
            (Ok(generated), None) => {
                for (rel, contents) in generated.files {
                    let path = scratch.join("crates").join(&stem).join(rel);
                    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
                    std::fs::write(path, contents).expect("write");
                }
                members.push(stem);
            }
            (Err(e), Some((_, needles))) => {
                for needle in *needles {
                    assert!(e.rendered.contains(needle), "{file}: the diagnostic lacks {needle:?}:\n{}", e.rendered);
                }
            }
            (Ok(_), Some(_)) => panic!("{file} generates now: move it out of UNSUPPORTED and let it build"),
            (Err(e), None) => panic!("{file} does not generate:\n{}", e.rendered),
        }
    }
    assert!(members.len() >= 5, "only {members:?} generated");
    let list = members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(scratch.join("crates/Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{list}]\n")).expect("write");
    std::fs::copy(root().join("Cargo.lock"), scratch.join("crates/Cargo.lock")).expect("copy Cargo.lock");
    let output = std::process::Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--all-features", "--manifest-path"])
        .arg(scratch.join("crates/Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "the generated crates do not build clean:\n{}", String::from_utf8_lossy(&output.stderr));
}
