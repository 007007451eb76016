//! `cargo xtask codegen` as a user runs it: exit codes, `--check`, and a bad
//! spec that leaves the output exactly as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tests::root;

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--package", "xtask", "--"])
        .args(args)
        .current_dir(root())
        .output()
        .expect("cargo runs")
}

/// A scratch output directory with a copy of the checked-in crate.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/xtask-check").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("generated"), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable").flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), std::fs::read(entry.path()).expect("readable")));
            }
        }
    }
    out.sort();
    out
}

/// The first line of a file the generator owns.
fn generated_header() -> String {
    format!("// {}\n", generator::output::header("x"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_passes_on_the_checked_in_crate_and_names_stale_files() {
    let out = scratch("check");
    let ok = xtask(&["codegen", "--check", "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    // A stale file, a missing one and an obsolete generated one.
    std::fs::write(out.join("src/models/l.rs"), generated_header()).unwrap();
    std::fs::remove_file(out.join("src/servers.rs")).unwrap();
    std::fs::write(out.join("src/models/gone.rs"), generated_header()).unwrap();
    std::fs::write(out.join("src/hand_written.rs"), "// mine\n").unwrap();
    let before = snapshot(&out);
    let stale = xtask(&["codegen", "--check", "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    let err = stderr(&stale);
    assert!(err.contains("stale: ") && err.contains("l.rs"), "{err}");
    assert!(err.contains("missing: ") && err.contains("servers.rs"), "{err}");
    assert!(err.contains("no longer generated: ") && err.contains("gone.rs"), "{err}");
    assert!(!err.contains("hand_written.rs"), "{err}");
    assert_eq!(snapshot(&out), before, "--check wrote something");

    // Without --check it repairs exactly those, and leaves other files alone.
    let fix = xtask(&["codegen", "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(fix.status.code(), Some(0), "{}", stderr(&fix));
    let summary = String::from_utf8_lossy(&fix.stdout);
    assert!(summary.contains("2 files written") && summary.contains("1 removed"), "{summary}");
    assert!(out.join("src/hand_written.rs").exists());
    assert!(!out.join("src/models/gone.rs").exists());
    let again = xtask(&["codegen", "--check", "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn a_bad_spec_exits_2_with_a_located_error_and_writes_nothing() {
    let out = scratch("bad-spec");
    let spec = root().join("target/xtask-check/bad.yaml");
    let text = std::fs::read_to_string(root().join("spec/llm-obs.yaml"))
        .unwrap()
        .replace("$ref: \"#/components/schemas/LLMObsTimeFrame\"", "$ref: \"#/components/schemas/LLMObsTimeFrams\"");
    std::fs::write(&spec, text).unwrap();
    let before = snapshot(&out);
    let bad = xtask(&["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    assert!(err.contains("LLMObsTimeFrams") && err.contains("does not exist"), "{err}");
    assert!(err.contains("bad.yaml:"), "no file:line:col in {err}");
    assert!(err.contains("#/components/schemas/LLMObsContentBlock/properties/timeFrame"), "no JSON pointer in {err}");
    assert_eq!(snapshot(&out), before, "a failed run changed the output");
}

/// A spec split over files, from the command line: it generates, is then
/// up to date, and a referenced file gone is a located error that writes
/// nothing.
#[test]
fn a_spec_split_over_files_generates_and_a_missing_file_is_located() {
    let dir = root().join("target/xtask-check/multi-file");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/coverage-specs/multi-file"), &dir.join("spec"));
    let spec = dir.join("spec/openapi.yaml");
    let out = dir.join("out");
    let args = ["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "multi"];
    let ok = xtask(&args);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(out.join("src/models/p.rs").exists() && out.join("src/models/o.rs").exists());
    let check = xtask(&[&args[..], &["--check"]].concat());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    std::fs::remove_file(dir.join("spec/schemas/owner.json")).unwrap();
    let before = snapshot(&out);
    let bad = xtask(&args);
    assert_eq!(bad.status.code(), Some(2));
    let err = stderr(&bad);
    // Reported once, at the first `$ref` to it (the others fail quietly).
    assert!(err.contains("`$ref: schemas/owner.json`: cannot read"), "{err}");
    assert!(err.contains("spec/openapi.yaml:43:24"), "no file:line:col in {err}");
    assert!(
        err.contains("#/paths/~1owners~1{ownerId}/get/responses/200/content/application~1json/schema/$ref"),
        "no JSON pointer in {err}"
    );
    assert_eq!(snapshot(&out), before, "a failed run changed the output");
}

/// A write that fails half-way (here: `src/operations` is a file, so no
/// operation can be written) changes nothing, not even the files that could
/// be written, and leaves no temporary file behind.
#[test]
fn a_failed_write_leaves_the_output_as_it_was() {
    let out = scratch("failed-write");
    std::fs::write(out.join("src/lib.rs"), generated_header()).unwrap();
    std::fs::remove_dir_all(out.join("src/operations")).unwrap();
    std::fs::write(out.join("src/operations"), "not a directory\n").unwrap();
    let before = snapshot(&out);
    let failed = xtask(&["codegen", "--out", out.to_str().unwrap(), "--crate-name", "generated"]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("cannot create"), "{}", stderr(&failed));
    assert_eq!(snapshot(&out), before, "a failed write changed the output");
}

#[test]
fn help_explains_both_modes_and_the_exit_codes() {
    let help = xtask(&["codegen", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for needle in ["--check", "--spec", "--out", "--crate-name", "Exit codes", "2 "] {
        assert!(text.contains(needle), "help lacks {needle:?}:\n{text}");
    }
    let unknown = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// The package is named after the output folder, made a name Cargo takes
/// (`sdk.v2` -> `sdk-v2`, `2fa` -> `sdk-2fa`); a `--crate-name` Cargo would
/// refuse is an error before anything is written.
#[test]
fn the_package_name_is_one_cargo_takes() {
    let spec = root().join("tests/public-specs/petstore.yaml");
    for (folder, name) in [("sdk.v2", "sdk-v2"), ("2fa", "sdk-2fa")] {
        let out = root().join("target/xtask-check/names").join(folder);
        let _ = std::fs::remove_dir_all(&out);
        let run = xtask(&["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains(&format!("name = \"{name}\"")), "{manifest}");
    }
    let out = root().join("target/xtask-check/names/bad-name");
    let _ = std::fs::remove_dir_all(&out);
    let bad = xtask(&["codegen", "--spec", spec.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "my.sdk"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`my.sdk` is not a valid package name: it has the character `.`"), "{}", stderr(&bad));
    assert!(!out.exists(), "a refused name wrote the output");
}
