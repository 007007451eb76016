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
mod diagnostics;
mod emit;
pub mod ir;
mod lower;
mod naming;
pub mod output;
mod parse;
mod shape;
mod source;
mod upgrade;

use std::path::Path;

use bundle::Bundle;
pub use diagnostics::{Diagnostic, GenerateError, Severity};
use emit::EmitOptions;
pub use emit::Files;
pub use naming::{crate_name_from, crate_name_problem};
pub use source::{Location, SourceFile};

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
    /// Warnings, rendered with source lines.
    pub warnings: Vec<String>,
}

/// Reads a spec from disk and generates the crate's files.
pub fn generate_from_path(path: &Path, config: &Config) -> Result<Generated, GenerateError> {
    let source = parse::read_spec(path).map_err(|d| fail(vec![*d], None))?;
    generate(&source, config)
}

/// Generates the crate's files from a spec's text (and the files its
/// `$ref`s reach, when `source` says where it is on disk).
pub fn generate(source: &SourceFile, config: &Config) -> Result<Generated, GenerateError> {
    let single = Bundle::single(source);
    if let Some(problem) = crate_name_problem(&config.crate_name) {
        return Err(fail(vec![Diagnostic::error(&source.path, "", problem)], None));
    }
    let mut parsed = parse::parse_openapi(source).map_err(|ds| fail(ds, Some(&single)))?;
    // The front end's warnings (and errors), in the order found.
    let (spec, mut front) = bundle::bundle(&mut parsed, source);
    if front.iter().any(|d| d.severity == Severity::Error) {
        return Err(fail(front, Some(&spec)));
    }
    let doc = parsed.doc;
    let lowered = lower::lower(&doc, &source.path).map_err(|ds| {
        front.extend(ds.into_iter().map(|d| spec.relocate(d)));
        fail(std::mem::take(&mut front), Some(&spec))
    })?;
    if let Some(problem) = lowered.api.name_problem() {
        let d = Diagnostic::error(&source.path, "", format!("internal error: {problem}; please report this with the spec"));
        return Err(fail(vec![d], Some(&spec)));
    }
    let options = EmitOptions { crate_name: config.crate_name.clone(), spec_display: config.spec_display.clone() };
    let files = emit::emit(&lowered.api, &options).map_err(|e| {
        let d = Diagnostic::error(&source.path, "", e.to_string());
        fail(vec![d], Some(&spec))
    })?;
    let warnings = front
        .into_iter()
        .chain(lowered.warnings.into_iter().map(|w| spec.relocate(w)))
        .map(|mut w| {
            let file = spec.source(&w.file);
            if let Some(file) = file {
                w.locate(file);
            }
            w.render(file).trim_end().to_owned()
        })
        .collect();
    Ok(Generated { api: lowered.api, files, warnings })
}

fn fail(mut diagnostics: Vec<Diagnostic>, spec: Option<&Bundle>) -> GenerateError {
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
