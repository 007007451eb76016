//! `cargo xtask codegen`: regenerates the `generated` crate from `spec/`.
//!
//! Writes only files whose bytes change and removes generated files that are
//! no longer produced. Nothing is written until generation has succeeded, so a
//! bad spec leaves the output exactly as it was; files are written beside
//! their targets first and renamed once all are, so a failed write does too.
//! The comparison and the update are `generator::output`'s, shared with the
//! test that the checked-in crate is fresh.

mod config;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use generator::output::Freshness;

const HELP: &str = "\
cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME]
                    [--config PATH] [--report-untyped]

Regenerates a Rust crate from an OpenAPI 3.0, 3.1 or 3.2 document (YAML or JSON).
Without flags: reads spec/llm-obs.yaml and rewrites generated/.

Options:
  --check            write nothing; exit 1 and name each file that is stale
  --spec PATH        the spec to read (default: spec/llm-obs.yaml)
  --out DIR          the crate directory to write (default: generated)
  --timings          print how long each phase took (to standard error)
  --crate-name NAME  the generated package's name (default: codegen.toml's
                     [package] name, else the --out directory's name)
  --config PATH      the codegen.toml to read (default: codegen.toml beside
                     the spec, if there is one; see the README)
  --report-untyped   list every place the generated code holds a
                     serde_json::Value, with its spec location and Rust path
  -h, --help         print this help

Only files the generator owns are touched: every file it writes starts with
a line saying it is generated. Files in the output that start with that line
but are no longer produced are removed; other files are left alone.

Exit codes:
  0  done (or, with --check, everything is up to date)
  1  --check found stale files
  2  the spec has errors (printed on stderr with file:line:col), or the
     command line or the file system failed";

struct Args {
    check: bool,
    /// Print each phase's time.
    timings: bool,
    spec: PathBuf,
    out: PathBuf,
    crate_name: Option<String>,
    /// `--config`.
    config: Option<PathBuf>,
    report_untyped: bool,
}

fn main() -> ExitCode {
    let mut argv = std::env::args().skip(1);
    match argv.next().as_deref() {
        Some("codegen") => {}
        Some("-h" | "--help") | None => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unknown task `{other}`\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    let args = match parse_args(argv) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match codegen(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let root = workspace_root();
    let mut args = Args {
        check: false,
        timings: false,
        spec: root.join("spec/llm-obs.yaml"),
        out: root.join("generated"),
        crate_name: None,
        config: None,
        report_untyped: false,
    };
    while let Some(arg) = argv.next() {
        let mut value = |flag: &str| argv.next().ok_or_else(|| format!("`{flag}` needs a value"));
        match arg.as_str() {
            "--check" => args.check = true,
            "--timings" => args.timings = true,
            "--spec" => args.spec = PathBuf::from(value("--spec")?),
            "--out" => args.out = PathBuf::from(value("--out")?),
            "--crate-name" => args.crate_name = Some(value("--crate-name")?),
            "--config" => args.config = Some(PathBuf::from(value("--config")?)),
            "--report-untyped" => args.report_untyped = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(args))
}

/// The workspace root: xtask lives in `<root>/xtask`.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The spec's path as headers show it: relative to the workspace when it is
/// inside it, with `/` separators, so output does not depend on the machine.
fn display_path(path: &Path) -> String {
    let root = workspace_root();
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let shown = abs
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.file_name().map(PathBuf::from).unwrap_or_else(|| path.to_path_buf()));
    shown.to_string_lossy().replace('\\', "/")
}

fn codegen(args: &Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let codegen = config::load(args.config.as_deref(), &args.spec, display_path)?;
    let crate_name = match args.crate_name.as_deref().or(codegen.crate_name()) {
        Some(name) => name.to_owned(),
        // From the folder, made a name Cargo takes (`sdk.v2` -> `sdk-v2`).
        None => args
            .out
            .file_name()
            .map(|n| generator::crate_name_from(&n.to_string_lossy()))
            .ok_or_else(|| format!("cannot tell a crate name from `{}`; pass --crate-name", args.out.display()))?,
    };
    if let Some(problem) = generator::crate_name_problem(&crate_name) {
        return Err(format!("error: {problem}; pass another --crate-name"));
    }
    let config = generator::Config { spec_display: display_path(&args.spec), crate_name };
    let options = generator::Options { codegen, report_untyped: args.report_untyped };
    let generated = generator::generate_from_path_with(&args.spec, &config, &options).map_err(|e| e.rendered)?;
    for warning in &generated.warnings {
        eprintln!("{warning}");
    }
    if args.report_untyped {
        config::print_untyped(&generated.untyped);
    }

    let writing = Instant::now();
    let freshness = Freshness::compare(&generated.files, &args.out);
    if args.check {
        if freshness.is_fresh() {
            println!("codegen --check: {} files up to date", generated.files.len());
            return Ok(ExitCode::SUCCESS);
        }
        for line in freshness.report(&args.out) {
            eprintln!("{line}");
        }
        eprintln!("error: the generated crate is out of date; run `cargo xtask codegen`");
        return Ok(ExitCode::from(1));
    }

    freshness.update(&generated.files, &args.out).map_err(|e| format!("error: {e}"))?;
    if args.timings {
        eprintln!("codegen timings: {}, compare and write {:.1} ms", generated.timings, writing.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "codegen: {} types, {} operations; {} files written, {} unchanged, {} removed in {} ms",
        generated.api.types.len(),
        generated.api.operations.len(),
        freshness.to_write(),
        freshness.unchanged,
        freshness.obsolete.len(),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}
