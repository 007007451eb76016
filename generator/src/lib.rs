//! The OpenAPI-to-Rust generator behind `cargo xtask codegen`.
//!
//! Three layers, each usable on its own, data flowing one way:
//!
//! 1. [`parse`]: the spec's text into the `openapiv3` model, with a map from
//!    JSON pointers to lines and columns for diagnostics;
//! 2. [`lower`]: that model into the plain-data [`ir`], where every `$ref` is
//!    resolved, every name minted (by [`naming`]) and every union's dispatch
//!    decided;
//! 3. [`emit`]: the model into the generated crate's files, formatted.
//!
//! [`generate`] runs all three and returns the files as a sorted map, so the
//! same spec always gives the same bytes.
#![deny(missing_docs)]

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod naming;
pub mod parse;

use std::path::Path;

pub use diagnostics::{Diagnostic, GenerateError, Location, Severity};
pub use emit::{EmitOptions, Files};
use parse::SourceFile;

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
    let source = SourceFile::read(path).map_err(|d| fail(vec![*d], None))?;
    generate(&source, config)
}

/// Generates the crate's files from a spec's text.
pub fn generate(source: &SourceFile, config: &Config) -> Result<Generated, GenerateError> {
    let doc = parse::parse_openapi(source).map_err(|d| fail(vec![*d], Some(source)))?;
    if !doc.openapi.starts_with("3.0") {
        let d = Diagnostic::error(&source.path, "/openapi", format!("OpenAPI version `{}` is not supported", doc.openapi))
            .with_hint("the generator reads OpenAPI 3.0.x documents");
        return Err(fail(vec![d], Some(source)));
    }
    let lowered = lower::lower(&doc, &source.path).map_err(|ds| fail(ds, Some(source)))?;
    if let Some(problem) = lowered.api.name_problem() {
        let d = Diagnostic::error(&source.path, "", format!("internal error: {problem}; please report this with the spec"));
        return Err(fail(vec![d], Some(source)));
    }
    let options = EmitOptions { crate_name: config.crate_name.clone(), spec_display: config.spec_display.clone() };
    let files = emit::emit(&lowered.api, &options).map_err(|e| {
        let d = Diagnostic::error(&source.path, "", e.to_string());
        fail(vec![d], Some(source))
    })?;
    let warnings = lowered
        .warnings
        .into_iter()
        .map(|mut w| {
            w.locate(source);
            w.render(Some(source)).trim_end().to_owned()
        })
        .collect();
    Ok(Generated { api: lowered.api, files, warnings })
}

fn fail(mut diagnostics: Vec<Diagnostic>, source: Option<&SourceFile>) -> GenerateError {
    // Errors first, then warnings, each in document order.
    diagnostics.sort_by_key(|d| (d.severity != Severity::Error, d.pointer.clone()));
    let mut rendered = String::new();
    for d in &mut diagnostics {
        if let Some(source) = source {
            d.locate(source);
        }
        rendered.push_str(d.render(source).trim_end());
        rendered.push_str("\n\n");
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    rendered.push_str(&format!("error: could not generate the crate: {errors} error{}", if errors == 1 { "" } else { "s" }));
    GenerateError { diagnostics, rendered }
}
