//! The OpenAPI-to-Rust generator behind `cargo xtask codegen`.
//!
//! [`generate`] (or [`generate_from_path`]) turns a spec into the generated
//! crate's files, as a sorted map, so the same spec always gives the same
//! bytes; the lowered model, [`ir`], comes with them. Inside, data flows one
//! way through three layers:
//!
//! 1. `parse`: the spec's text into the `openapiv3` model (a 3.1 or 3.2
//!    document rewritten into the 3.0 shape first, by `upgrade`), with
//!    `source`'s map from JSON pointers to lines and columns for
//!    diagnostics; `bundle`: the files its `$ref`s reach joined into it;
//! 2. `lower`: that model into the plain-data [`ir`], where every `$ref` is
//!    resolved, every name minted (by `naming`) and every decision made;
//! 3. `emit`: the model into the generated crate's files, formatted.
//!
//! [`output`] compares those files with a directory and updates it.
#![deny(missing_docs)]

mod bundle;
pub mod cache;
pub mod config;
mod diagnostics;
mod emit;
pub mod ir;
mod lower;
mod naming;
pub mod output;
mod parse;
mod patch;
mod shape;
mod source;
mod untyped;
mod upgrade;

use std::path::Path;
use std::time::{Duration, Instant};

use bundle::Bundle;
pub use diagnostics::{Diagnostic, GenerateError, Severity};
use emit::EmitOptions;
pub use emit::{Files, Items};
pub use naming::{crate_name_from, crate_name_problem};
pub use source::{Location, SourceFile};
pub use untyped::Untyped;

/// What [`generate_with`] takes beyond the spec and [`Config`].
#[derive(Debug, Default)]
pub struct Options {
    /// `codegen.toml` ([`config::CodegenConfig::default`] for none). Its
    /// `[package] name` is the caller's to apply to [`Config::crate_name`]
    /// (xtask: `--crate-name` first, then the file, then the folder).
    pub codegen: config::CodegenConfig,
    /// Fill in [`Generated::untyped`].
    pub report_untyped: bool,
}

/// What [`generate`] needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The spec's path, as headers and messages should show it.
    pub spec_display: String,
    /// The generated package's name.
    pub crate_name: String,
}

/// A successful generation.
#[derive(Debug)]
pub struct Generated {
    /// The lowered model (for snapshots and summaries).
    pub api: ir::Api,
    /// The files, by path relative to the crate root.
    pub files: Files,
    /// Where each model, operation and example is in `files`.
    pub items: Items,
    /// Warnings, rendered with source lines.
    pub warnings: Vec<String>,
    /// How long each phase took.
    pub timings: Timings,
    /// The files other than the spec that its `$ref`s reached, on disk,
    /// each with the SHA-256 of its text as read (what the cache keys on).
    pub sources: Vec<(std::path::PathBuf, [u8; 32])>,
    /// With [`Options::report_untyped`]: every place the crate holds free-form
    /// JSON, sorted by Rust path.
    pub untyped: Vec<Untyped>,
    /// What the cache keeps for the patch of a description edit
    /// (`patch.rs`), when generation ran through the cache.
    pub(crate) basis: Option<Box<patch::Basis>>,
}

impl Generated {
    /// The text of one model, operation module or example function, by its
    /// path in the crate (`models::Pet`, `operations::get_pet`,
    /// `examples::get_pet`); `None` when there is no such item.
    pub fn item(&self, path: &str) -> Option<&str> {
        let (file, range) = self.items.get(path)?;
        self.files.get(file)?.get(range.clone())
    }
}

/// How long each phase of one generation took (`cargo xtask codegen
/// --timings` prints them): wall time, except the two parts of emitting
/// summed over its threads.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    /// Reading the spec's file.
    pub read: Duration,
    /// Parsing it (the 3.1/3.2 upgrade included).
    pub parse: Duration,
    /// Joining the files its `$ref`s reach.
    pub bundle: Duration,
    /// Lowering into the model.
    pub lower: Duration,
    /// Emitting every file, formatting included (wall time).
    pub emit: Duration,
    /// Of emitting, `syn` parsing the built tokens, summed over threads.
    pub syn_parse: Duration,
    /// Of emitting, prettyplease and the layout of items, summed over threads.
    pub print: Duration,
    /// Locating and rendering the warnings (the first location a file
    /// gives parses it again, marked).
    pub warnings: Duration,
}

impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "read {:.1} ms, parse {:.1} ms, bundle {:.1} ms, lower {:.1} ms, emit {:.1} ms (CPU over threads: syn parse {:.1} ms, print {:.1} ms, building tokens and the rest {:.1} ms), warnings {:.1} ms",
            ms(self.read),
            ms(self.parse),
            ms(self.bundle),
            ms(self.lower),
            ms(self.emit),
            ms(self.syn_parse),
            ms(self.print),
            ms(self.emit_cpu_rest()),
            ms(self.warnings),
        )
    }
}

impl Timings {
    /// Emitting's CPU time besides parsing and printing, estimated as wall
    /// time times threads minus those two (an upper bound).
    fn emit_cpu_rest(&self) -> Duration {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 16) as u32;
        (self.emit * threads).saturating_sub(self.syn_parse + self.print)
    }
}

/// Reads a spec from disk and generates the crate's files.
pub fn generate_from_path(path: &Path, config: &Config) -> Result<Generated, GenerateError> {
    generate_from_path_with(path, config, &Options::default())
}

/// Reads a spec from disk and generates the crate's files, shaped by `options`.
pub fn generate_from_path_with(path: &Path, config: &Config, options: &Options) -> Result<Generated, GenerateError> {
    let started = Instant::now();
    let source = parse::read_spec(path).map_err(|d| fail(vec![*d], None))?;
    let read = started.elapsed();
    let mut generated = generate_with(&source, config, options)?;
    generated.timings.read = read;
    Ok(generated)
}

/// Generates the crate's files from a spec's text (and the files its
/// `$ref`s reach, when `source` says where it is on disk).
pub fn generate(source: &SourceFile, config: &Config) -> Result<Generated, GenerateError> {
    generate_with(source, config, &Options::default())
}

/// [`generate`], shaped by `codegen.toml` and asked for the untyped report.
pub fn generate_with(source: &SourceFile, config: &Config, options: &Options) -> Result<Generated, GenerateError> {
    generate_inner(source, config, options, None)
}

/// [`generate_with`], formatting through `formats` when given (the cache's).
///
/// The spec's pointer-to-line map, which warnings and errors need, is built
/// on a thread of its own once the spec is parsed: lowering runs on one
/// core, and a big YAML spec's parse takes both (see `parse::split_typed`).
fn generate_inner(
    source: &SourceFile,
    config: &Config,
    options: &Options,
    formats: Option<&cache::FormatMemo>,
) -> Result<Generated, GenerateError> {
    std::thread::scope(|scope| {
        let (parsed, go) = std::sync::mpsc::channel::<()>();
        // Ends without building when generation ends before a parse (the
        // sender is dropped then), and an error's location builds it anyway.
        scope.spawn(move || {
            if go.recv().is_ok() {
                source.prepare_locations();
            }
        });
        generate_serially(source, config, options, formats, true, &|| {
            let _ = parsed.send(());
        })
    })
}

fn generate_serially(
    source: &SourceFile,
    config: &Config,
    options: &Options,
    formats: Option<&cache::FormatMemo>,
    placeholders: bool,
    on_parsed: &dyn Fn(),
) -> Result<Generated, GenerateError> {
    let codegen = &options.codegen;
    let mut timings = Timings::default();
    let mut clock = Instant::now();
    let mut lap = || {
        let now = Instant::now();
        let elapsed = now - clock;
        clock = now;
        elapsed
    };
    let single = Bundle::single(source);
    if let Some(problem) = crate_name_problem(&config.crate_name) {
        return Err(fail(vec![Diagnostic::error(&source.path, "", problem)], None));
    }
    let mut parsed = parse::parse_openapi(source).map_err(|ds| fail(ds, Some(&single)))?;
    on_parsed();
    timings.parse = lap();
    // The front end's warnings (and errors), in the order found.
    let (spec, mut front) = bundle::bundle(&mut parsed, source);
    timings.bundle = lap();
    if front.iter().any(|d| d.severity == Severity::Error) {
        return Err(fail(front, Some(&spec)));
    }
    let dialect = parsed.dialect;
    let mut doc = parsed.doc;
    let mut config_warnings = codegen.filter_operations(&mut doc);
    let external = codegen.external_types(&doc).map_err(|e| codegen.fail(e))?;
    // Descriptions lowering sees as placeholders (`patch.rs`): one file,
    // whose text cannot hold one.
    let placeholders = placeholders && spec.others().next().is_none() && patch::eligible(&source.text);
    let slots = if placeholders { patch::take_descriptions(&mut doc) } else { Vec::new() };
    let mut lowered = lower::lower(&doc, &source.path, &external).map_err(|ds| {
        front.extend(ds.into_iter().map(|d| spec.relocate(d)));
        fail(std::mem::take(&mut front), Some(&spec))
    })?;
    if codegen.filters() {
        prune(&mut lowered);
    }
    let (derives, mut ds) = codegen.derives(&doc, &lowered.api);
    // Not read again: its memory goes before emitting's peak (60 MB of
    // 300 MB on the synthetic bench's 10,000 schemas).
    drop(doc);
    lowered.api.derives = derives;
    let (extra_features, extra_dependencies) = codegen.cargo_additions(&lowered.api).unwrap_or_else(|e| {
        ds.extend(e);
        Default::default()
    });
    let (errors, warnings): (Vec<_>, Vec<_>) = ds.into_iter().partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(codegen.fail(errors));
    }
    config_warnings.extend(warnings);
    if let Some(problem) = lowered.api.name_problem() {
        let d = Diagnostic::error(&source.path, "", format!("internal error: {problem}; please report this with the spec"));
        return Err(fail(vec![d], Some(&spec)));
    }
    // The model with placeholders, for the patch of the next run, and then
    // the texts put in.
    let model = (formats.is_some() && placeholders).then(|| patch::Model::encode(&lowered.api)).flatten();
    let uses = placeholders.then(|| patch::substitute(&mut lowered.api, &slots.iter().map(|s| s.text.as_str()).collect::<Vec<_>>()));
    timings.lower = lap();
    let emit_options = EmitOptions {
        crate_name: config.crate_name.clone(),
        spec_display: config.spec_display.clone(),
        version: codegen.version().unwrap_or("0.1.0").to_owned(),
        extra_features,
        extra_dependencies,
    };
    let emitted = emit::emit(&lowered.api, &emit_options, formats).map_err(|e| {
        let d = Diagnostic::error(&source.path, "", e.to_string());
        fail(vec![d], Some(&spec))
    })?;
    if !slots.is_empty() && patch::leaked(&emitted.files) {
        // A doc the substitution does not visit: a bug, which the tests see.
        debug_assert!(false, "a description placeholder is left in the output");
        return generate_serially(source, config, options, formats, false, on_parsed);
    }
    let emit::Emitted { files, items, times, allows, graph } = emitted;
    timings.emit = lap();
    (timings.syn_parse, timings.print) = times;
    // The warnings rendered, and, for the patch, as records.
    let mut records = model.as_ref().map(|_| Vec::new());
    let mut warnings = Vec::new();
    for mut w in front.into_iter().chain(lowered.warnings.into_iter().map(|w| spec.relocate(w))) {
        let file = spec.source(&w.file);
        if let Some(file) = file {
            w.locate(file);
        }
        let record = records.as_ref().and_then(|_| patch::Warning::of(&w, &source.path));
        match (&mut records, record) {
            (Some(list), Some(record)) => list.push(record),
            _ => records = None,
        }
        warnings.push(w.render(file).trim_end().to_owned());
    }
    for w in &config_warnings {
        let text = codegen.render(w);
        if let Some(list) = &mut records {
            list.push(patch::Warning::Text(text.clone()));
        }
        warnings.push(text);
    }
    timings.warnings = lap();
    let basis = match (model, uses, graph, records) {
        (Some(model), Some(uses), Some(graph), Some(warnings)) => {
            let mut slots = slots;
            for slot in &mut slots {
                let d = spec.relocate(Diagnostic::warning(&source.path, &slot.pointer, ""));
                if d.file == source.path {
                    slot.at = source.locate(&d.pointer).and_then(|loc| source.byte_offset(loc));
                }
            }
            // A config that prunes, maps or derives reads across schemas.
            let structure = (!codegen.filters() && external.is_empty() && lowered.api.derives.is_empty()).then(|| {
                let names = lowered.api.types.iter().map(|t| t.name.clone()).collect();
                (dialect, std::mem::take(&mut lowered.record), names)
            });
            let spec = source.text.clone();
            Some(Box::new(patch::Basis { spec, slots, model, uses, graph, emit: emit_options, warnings, allows, structure }))
        }
        _ => None,
    };
    let untyped = if options.report_untyped { locate_untyped(&lowered.api, &spec, &source.path) } else { Vec::new() };
    let sources = spec
        .others()
        .filter_map(|s| Some((s.disk_path.clone()?, <sha2::Sha256 as sha2::Digest>::digest(s.text.as_bytes()).into())))
        .collect();
    Ok(Generated { api: lowered.api, files, items, warnings, timings, untyped, sources, basis })
}

/// With an operation filter: the models no kept operation reaches (and the
/// warnings about them) go; what stays is what the kept operations need.
fn prune(lowered: &mut lower::Lowered) {
    let api = &mut lowered.api;
    let refs: std::collections::HashMap<&str, Vec<&str>> =
        api.types.iter().map(|t| (t.name.as_str(), t.kind.type_refs().into_iter().flat_map(|r| r.named()).collect())).collect();
    let mut reached = std::collections::BTreeSet::new();
    let mut stack: Vec<&str> = api.operations.iter().flat_map(|o| o.type_refs()).flat_map(|r| r.named()).collect();
    while let Some(name) = stack.pop() {
        if reached.insert(name.to_owned()) {
            stack.extend(refs.get(name).into_iter().flatten().copied());
        }
    }
    let pruned: Vec<String> = api.types.iter().filter(|t| !reached.contains(&t.name)).map(|t| t.origin.clone()).collect();
    api.types.retain(|t| reached.contains(&t.name));
    api.gated_types = lower::features::gate_types(api);
    let inside = |pointer: &str, origin: &str| pointer.strip_prefix(origin).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    lowered.warnings.retain(|w| !pruned.iter().any(|o| inside(&w.pointer, o)));
}

/// The untyped report, each entry in its own file and located.
fn locate_untyped(api: &ir::Api, spec: &Bundle, root: &Path) -> Vec<Untyped> {
    let exists = |pointer: &str| {
        let d = spec.relocate(Diagnostic::error(root, pointer, ""));
        let Some(file) = spec.source(&d.file) else { return false };
        let parent = d.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        file.locate(&d.pointer) != file.locate(parent)
    };
    let mut out = untyped::untyped(api, &exists);
    for u in &mut out {
        let d = spec.relocate(Diagnostic::error(root, &u.pointer, ""));
        u.location = spec.source(&d.file).and_then(|f| f.locate(&d.pointer));
        u.file = d.file.display().to_string();
    }
    out
}

pub(crate) fn fail(mut diagnostics: Vec<Diagnostic>, spec: Option<&Bundle>) -> GenerateError {
    // Errors first, then warnings, each by file and in document order.
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.severity != Severity::Error, d.file.clone(), d.pointer.clone());
        key(a).cmp(&key(b))
    });
    let mut rendered = String::new();
    for d in &mut diagnostics {
        let file = spec.and_then(|s| s.source(&d.file));
        if let Some(file) = file {
            d.locate(file);
        }
        rendered.push_str(d.render(file).trim_end());
        rendered.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    rendered.push_str(&format!("error: could not generate the crate: {errors} error{}", if errors == 1 { "" } else { "s" }));
    GenerateError { diagnostics, rendered }
}
