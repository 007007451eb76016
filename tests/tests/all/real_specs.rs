//! The generator on API descriptions real services publish (the corpus in
//! `tests/real-specs/`, provenance and licenses in its PROVENANCE.md).
//!
//! Each spec has a test and a snapshot that pins what the generator makes of
//! it today, so that any change, for better or worse, is reviewed. A spec
//! that generates is written into a scratch workspace and checked with `cargo
//! clippy --all-features --all-targets`; the snapshot pins its counts, the
//! generator's warnings and every compiler and clippy diagnostic, grouped by
//! kind and then listed, under a first line that says whether it compiles.
//! A spec that does not generate yet pins the located refusal it gets. When
//! the work that supports a spec lands, its snapshot flips.
//!
//! Generate and check times are printed (`cargo test -p tests real_specs --
//! --nocapture` shows them).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use tests::round_trips::Plan;
use tests::scratch::Workspace;

#[test]
fn datadog_v1() {
    real_spec("datadog-v1.yaml");
}

#[test]
fn discord() {
    real_spec("discord.json");
}

#[test]
fn text_generation_inference() {
    real_spec("text-generation-inference.json");
}

#[test]
fn twilio_messaging_v1() {
    real_spec("twilio-messaging-v1.yaml");
}

#[test]
fn aws_account() {
    real_spec("aws-account.json");
}

#[test]
fn petstore_swagger_2() {
    real_spec("petstore-swagger-2.json");
}

/// Any spec, given as `REAL_SPEC=path` (relative to the workspace root, or
/// absolute): what the snapshot of a spec in `tests/real-specs/` would
/// pin, printed. For trying a spec before vendoring it:
/// `REAL_SPEC=../api.json cargo test -p tests real_specs::any_spec --
/// --ignored --nocapture`.
#[test]
#[ignore = "needs REAL_SPEC"]
fn any_spec() {
    let path = std::env::var("REAL_SPEC").expect("REAL_SPEC names the spec to try");
    let file = path.rsplit('/').next().unwrap_or(&path);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    println!("{}", report(&path, &stem.replace(['.', ' '], "-")));
}

/// Generates `tests/real-specs/<file>`, checks the crate when there is one,
/// and compares what happened with the snapshot named after the file's stem.
fn real_spec(file: &str) {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let report = report(&format!("tests/real-specs/{file}"), stem);
    insta::assert_snapshot!(stem, report);
}

/// What a spec gives: whether it generates, and then its counts, round
/// trips, generator warnings and compiler diagnostics.
fn report(path: &str, stem: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let crate_name = stem.replace('-', "_");
    let started = Instant::now();
    let generated = tests::generate(path, &crate_name);
    let generate_time = started.elapsed();
    let report = match generated {
        Err(e) => {
            eprintln!("{file}: refused in {generate_time:.2?}");
            format!("does not generate yet:\n\n{}\n", e.rendered)
        }
        Ok(generated) => {
            let counts = format!(
                "{} types, {} operations, {} files",
                generated.api.types.len(),
                generated.api.operations.len(),
                generated.files.len()
            );
            let warnings = generator_warnings(&generated.warnings);
            let spec: serde_json::Value = serde_yaml::from_str(&tests::read(path)).expect("the spec is YAML");
            let plan = Plan::new(&schemas_as_3_0(spec), &generated.api);
            let mut workspace = Workspace::new(&format!("real-{stem}"));
            let files = generated.files.into_iter().map(|(path, text)| (path, text.into_bytes()));
            workspace.add(&crate_name, files.chain(plan.files(&crate_name)));
            let started = Instant::now();
            // `--keep-going`: the library's tests are checked even when the
            // library fails, so what is reported does not depend on timing.
            let output = workspace.cargo(&["clippy", "--all-features", "--all-targets", "--keep-going", "--message-format=json"], &[]);
            eprintln!("{file}: generated in {generate_time:.2?}, checked in {:.2?}", started.elapsed());
            let messages = compiler_messages(&output.stdout);
            let errors = messages.iter().filter(|m| m.level == "error").count();
            assert!(
                output.status.success() || errors > 0,
                "{file}: cargo failed without a compiler error:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let verdict = if errors == 0 {
                "generates and compiles".to_owned()
            } else {
                format!("generates but DOES NOT COMPILE yet ({errors} errors)")
            };
            let round_trips = if errors == 0 { round_trips(file, &workspace, &plan) } else { String::new() };
            format!("{verdict}: {counts}\n\n{round_trips}{warnings}{}", compiler_report(&messages))
        }
    };
    report
}

/// A Swagger 2.0 document's `definitions` where the round trips look for
/// schemas, `components.schemas`, with the `$ref`s between them following
/// (the rest of a 2.0 document has no samples); any other spec as it is.
fn schemas_as_3_0(spec: serde_json::Value) -> serde_json::Value {
    let Some(definitions) = spec.get("swagger").and(spec.get("definitions")) else { return spec };
    let text = definitions.to_string().replace("\"#/definitions/", "\"#/components/schemas/");
    let schemas: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    serde_json::json!({"openapi": "3.0.3", "components": {"schemas": schemas}})
}

/// Runs the round trips of the spec's samples and examples through the
/// crate (one `cargo test` of the scratch copy that clippy has just
/// checked), and reports them: the counts, whether at least 99% of the
/// component schemas round-trip every sample, and each sample or example
/// that does not, with what came back.
fn round_trips(file: &str, workspace: &Workspace, plan: &Plan) -> String {
    let started = Instant::now();
    let output = workspace.cargo(&["test", "--quiet", "--test", "round_trip"], &[]);
    assert!(output.status.success(), "{file}: the round trips did not run:\n{}", String::from_utf8_lossy(&output.stderr));
    let member = &workspace.members()[0];
    let results =
        std::fs::read_to_string(workspace.dir().join(member).join("round-trips.json")).expect("the round trips wrote their results");
    let report = plan.judge(&results);
    eprintln!("{file}: round trips built and run in {:.2?}", started.elapsed());
    eprint!("{report}");
    format!("{report}\n")
}

/// The generator's warnings by kind (the first line, with the names in
/// backticks and the lists in parentheses left out), then each in full.
fn generator_warnings(warnings: &[String]) -> String {
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for warning in warnings {
        *kinds.entry(kind_of(warning.lines().next().unwrap_or_default())).or_default() += 1;
    }
    let mut out = format!("generator warnings: {}\n", warnings.len());
    for (kind, count) in &kinds {
        let _ = writeln!(out, "{count:>5}  {kind}");
    }
    for warning in warnings {
        let _ = write!(out, "\n{warning}\n");
    }
    out.push('\n');
    out
}

/// A message with what varies from one instance to the next taken out:
/// "`Widget`: the options of this oneOf (A, B) overlap" is "`_`: the
/// options of this oneOf (..) overlap".
fn kind_of(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(['`', '(']) {
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with('`') { '`' } else { ')' };
        match rest[i + 1..].find(close) {
            Some(j) => {
                out.push_str(if close == '`' { "`_`" } else { "(..)" });
                rest = &rest[i + 1 + j + 1..];
            }
            None => {
                rest = &rest[i..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One diagnostic from `cargo --message-format=json`.
#[derive(Debug)]
struct Message {
    /// The lint (`dead_code`, `clippy::large_enum_variant`), or empty.
    code: String,
    /// `file:line:col` of the primary span, relative to the scratch workspace.
    at: String,
    message: String,
    level: String,
}

/// The compiler's and clippy's diagnostics, each once (with `--all-targets`
/// the library is compiled twice, as itself and as its tests, and says the
/// same things both times), sorted by lint, place and text; the summaries
/// ("N warnings emitted") left out.
fn compiler_messages(stdout: &[u8]) -> Vec<Message> {
    let mut messages = BTreeMap::new();
    for line in String::from_utf8_lossy(stdout).lines() {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if json["reason"] != "compiler-message" {
            continue;
        }
        let m = &json["message"];
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        let primary = m["spans"].as_array().and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        let Some(span) = primary else { continue };
        let message = Message {
            code: text(&m["code"]["code"]),
            at: format!("{}:{}:{}", text(&span["file_name"]), span["line_start"], span["column_start"]),
            message: text(&m["message"]),
            level: text(&m["level"]),
        };
        messages.entry((message.code.clone(), message.at.clone(), message.message.clone(), message.level.clone())).or_insert(message);
    }
    messages.into_values().collect()
}

/// The errors and warnings by level and lint, then each on one line.
fn compiler_report(messages: &[Message]) -> String {
    let mut kinds: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for m in messages {
        *kinds.entry((&m.level, if m.code.is_empty() { "(no lint name)" } else { &m.code })).or_default() += 1;
    }
    let mut out = format!("cargo clippy --all-features --all-targets: {} diagnostics\n", messages.len());
    for ((level, code), count) in &kinds {
        let _ = writeln!(out, "{count:>5}  {level} {code}");
    }
    out.push('\n');
    for m in messages {
        let _ = writeln!(out, "{}: {} {}: {}", m.at, m.level, m.code, m.message);
    }
    out
}

#[test]
fn warning_kinds_leave_out_names_and_lists() {
    assert_eq!(
        kind_of("warning: `Widget`: the options of this oneOf (A, B) overlap: no property tells them apart"),
        "warning: `_`: the options of this oneOf (..) overlap: no property tells them apart"
    );
    assert_eq!(kind_of("warning: security scheme `AuthZ` is not an API key"), "warning: security scheme `_` is not an API key");
    assert_eq!(kind_of("an unclosed `tick"), "an unclosed `tick");
}
