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

use generator::cache::{Cache, Outcome};
use generator::output::Freshness;

/// mimalloc instead of the system's allocator: generation allocates and
/// frees millions of small token trees, strings and syn nodes over several
/// threads, which glibc's malloc spent a third of a cold run's CPU on.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HELP: &str = "\
cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME]
                    [--config PATH] [--report-untyped] [--all-warnings]

Regenerates a Rust crate from an OpenAPI 3.0, 3.1 or 3.2 (or Swagger 2.0) document (YAML or JSON).
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
  --all-warnings     print every warning; by default a warning whose message
                     repeats is printed for its first 3 places, then counted
  -h, --help         print this help

Only files the generator owns are touched: every file it writes starts with
a line saying it is generated. Files in the output that start with that line
but are no longer produced are removed; other files are left alone.

The output of each run is cached under target/codegen-cache/ (keyed by the
generator's own version, the options and every spec file's contents, so it
never changes the output): `--check` on an unchanged spec reads it instead
of generating, and a run after a small edit formats only the files that
changed. CODEGEN_CACHE=off turns it off; CODEGEN_CACHE=DIR keeps it in DIR.

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
    /// `--all-warnings`: no folding of repeated warnings.
    all_warnings: bool,
}

/// Turns transparent huge pages off for this process. mimalloc asks for
/// them on its arenas (`madvise(MADV_HUGEPAGE)`), so each first touch of a
/// 2 MiB region zeroes all of it, and where the kernel's `defrag` setting
/// is `madvise` (the usual default) it may compact memory first. Cold runs
/// measured side by side: the same median, but without the runs that spent
/// a second of system time on it (see the README's speed section).
/// Ends the process with `code` once the output is flushed, without the
/// allocator's exit handler: mimalloc gives every page it holds back to the
/// kernel at exit, one `madvise` per 64 KiB, which took 10 ms of a 30 ms
/// run (a description edit on Datadog v1) and more of a cold one. The
/// kernel takes the memory back whole anyway.
fn leave(code: u8) -> ExitCode {
    use std::io::Write as _;
    let flushed = std::io::stdout().flush().is_ok() && std::io::stderr().flush().is_ok();
    #[cfg(target_os = "linux")]
    if flushed {
        // SAFETY: `_exit` ends the process at once; every file this run
        // wrote is closed, and stdout and stderr were flushed above.
        unsafe { libc::_exit(i32::from(code)) }
    }
    let _ = flushed;
    ExitCode::from(code)
}

fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes integer arguments only and
    // changes nothing but this process's memory policy; a failure (an old
    // kernel) leaves it as it was, which is fine.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    no_huge_pages();
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
        Ok(code) => leave(code),
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
        all_warnings: false,
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
            "--all-warnings" => args.all_warnings = true,
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(args))
}

/// Generates through the cache (`target/codegen-cache/`, or `$CODEGEN_CACHE`;
/// `CODEGEN_CACHE=off` generates without), hands the outcome to `then`, and
/// keeps it in the cache meanwhile, on a thread of its own (encoding and
/// writing a big spec's cache takes as long as writing its crate). A cache
/// that cannot be written is a warning: the output does not need it.
fn generate_cached<R: Send>(
    spec: &Path,
    out: &Path,
    config: &generator::Config,
    options: &generator::Options,
    then: impl FnOnce(&Outcome) -> R + Send,
) -> Result<R, String> {
    let dir = match std::env::var_os("CODEGEN_CACHE") {
        // The untyped report comes from the model, which a cached run lacks.
        _ if options.report_untyped => None,
        Some(v) if v == "off" => None,
        Some(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => {
            Some(std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from).join("codegen-cache"))
        }
    };
    let Some(dir) = dir else {
        let generated = generator::generate_from_path_with(spec, config, options).map_err(|e| e.rendered)?;
        let outcome = Outcome::Generated { generated: Box::new(generated), emitted: 0, reused: 0, formatted: 0 };
        let result = then(&outcome);
        std::mem::forget(outcome);
        return Ok(result);
    };
    let cache = Cache::open(&dir, spec, config, options);
    let outcome = cache.generate_into(spec, config, options, Some(out)).map_err(|e| e.rendered)?;
    let result = std::thread::scope(|scope| {
        let cache = &cache;
        let saved = match &outcome {
            Outcome::Generated { generated, .. } => Some(scope.spawn(move || cache.save(spec, config, options, generated))),
            Outcome::Patched { .. } => Some(scope.spawn(move || cache.save_patched())),
            Outcome::Unchanged(_) => None,
        };
        let result = then(&outcome);
        if let Some(Ok(Err(e))) = saved.map(|s| s.join()) {
            eprintln!("warning: cannot write the codegen cache {}: {e}", cache.path().display());
        }
        result
    });
    // The process ends right after: freeing the model, the files and the
    // cache's formatted texts one allocation at a time would only delay it.
    std::mem::forget(outcome);
    std::mem::forget(cache);
    Ok(result)
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

fn codegen(args: &Args) -> Result<u8, String> {
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
    generate_cached(&args.spec, &args.out, &config, &options, |generated| finish(args, started, generated))?
}

/// How many warnings with the same message are printed before the rest
/// are counted: a 3.1 document that writes 3.0's `nullable` 498 times
/// (ReadMe's) should not bury its other warnings.
const SHOWN_ALIKE: usize = 3;

/// The warnings to print, in order: of those whose message (first line)
/// is the same, the first `shown`, then one line counting the rest and
/// naming the lines they are at.
fn fold_warnings(warnings: &[String], shown: usize) -> Vec<String> {
    let message = |w: &String| w.lines().next().unwrap_or_default().to_owned();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(warnings.len().min(256));
    let mut folded: Vec<(String, Vec<String>)> = Vec::new();
    for w in warnings {
        let m = message(w);
        let n = seen.entry(m.clone()).or_insert(0);
        *n += 1;
        if *n <= shown {
            out.push(w.clone());
            continue;
        }
        // Where it is: the `--> file:line:col` line of the rendering.
        let at = w.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).unwrap_or("").to_owned();
        match folded.iter_mut().find(|(fm, _)| *fm == m) {
            Some((_, places)) => places.push(at),
            None => folded.push((m, vec![at])),
        }
    }
    for (m, places) in folded {
        let n = places.len();
        let mut listed: Vec<&str> = places.iter().map(String::as_str).filter(|p| !p.is_empty()).take(10).collect();
        if n > listed.len() && !listed.is_empty() {
            listed.push("...");
        }
        let s = if n == 1 { "" } else { "s" };
        let mut line = format!("note: the warning \"{}\" is at {n} more place{s}", m.trim_start_matches("warning: "));
        if !listed.is_empty() {
            line.push_str(&format!(": {}", listed.join(", ")));
        }
        line.push_str(" (pass --all-warnings to print each)");
        out.push(line);
    }
    out
}

/// Prints the warnings, then checks or updates the output folder.
fn finish(args: &Args, started: Instant, generated: &Outcome) -> Result<u8, String> {
    for warning in fold_warnings(generated.warnings(), if args.all_warnings { usize::MAX } else { SHOWN_ALIKE }) {
        eprintln!("{warning}");
    }
    if args.report_untyped {
        if let Outcome::Generated { generated, .. } = &generated {
            config::print_untyped(&generated.untyped);
        }
    }

    let writing = Instant::now();
    let freshness = match generated.on_disk() {
        Some(known) => Freshness::compare_known(generated.files(), &args.out, known),
        None => Freshness::compare(generated.files(), &args.out),
    };
    if args.check {
        if freshness.is_fresh() {
            println!("codegen --check: {} files up to date", generated.files().len());
            return Ok(0);
        }
        for line in freshness.report(&args.out) {
            eprintln!("{line}");
        }
        eprintln!("error: the generated crate is out of date; run `cargo xtask codegen`");
        return Ok(1);
    }

    freshness.update(generated.files(), &args.out).map_err(|e| format!("error: {e}"))?;
    if args.timings {
        let write = writing.elapsed().as_secs_f64() * 1000.0;
        match &generated {
            Outcome::Unchanged(_) => eprintln!("codegen timings: unchanged since the cached run, compare and write {write:.1} ms"),
            Outcome::Patched { rebuilt, .. } => {
                eprintln!("codegen timings: an edit patched into the cached run ({rebuilt} Rust files built), compare and write {write:.1} ms")
            }
            Outcome::Generated { generated, emitted, reused, formatted } => eprintln!(
                "codegen timings: {}, compare and write {write:.1} ms; {reused} of {emitted} Rust files from the cache, {formatted} formatted",
                generated.timings
            ),
        }
    }
    let (types, operations) = generated.summary();
    println!(
        "codegen: {} types, {} operations; {} files written, {} unchanged, {} removed in {} ms",
        types,
        operations,
        freshness.to_write(),
        freshness.unchanged,
        freshness.obsolete.len(),
        started.elapsed().as_millis()
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::fold_warnings;

    fn warning(message: &str, line: usize) -> String {
        format!("warning: {message}\n   --> spec.yaml:{line}:3\n    |\n    = at: #/x/{line}")
    }

    #[test]
    fn a_repeated_warning_is_printed_thrice_then_counted_with_its_places() {
        let mut warnings: Vec<String> = (1..=5).map(|line| warning("`nullable` is OpenAPI 3.0", line)).collect();
        warnings.insert(1, warning("something else", 9));
        let folded = fold_warnings(&warnings, 3);
        assert_eq!(folded.len(), 5, "{folded:#?}");
        assert_eq!(folded[..4], [warnings[0].clone(), warnings[1].clone(), warnings[2].clone(), warnings[3].clone()]);
        assert_eq!(
            folded[4],
            "note: the warning \"`nullable` is OpenAPI 3.0\" is at 2 more places: spec.yaml:4:3, spec.yaml:5:3 (pass --all-warnings to print each)"
        );
        assert_eq!(fold_warnings(&warnings, usize::MAX), warnings);
    }
}
