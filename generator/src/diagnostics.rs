//! Errors and warnings that say where in the spec the problem is.
//!
//! A diagnostic carries the file, the JSON pointer of the offending node and,
//! once the source has been consulted, its line and column. It renders like
//! rustc: the message, `file:line:col`, the source line with a caret, the
//! pointer and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::parse::SourceFile;

/// How bad it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Generation stops; nothing is written.
    Error,
    /// Generation goes on.
    Warning,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// One problem in a spec.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The spec file.
    pub file: PathBuf,
    /// The JSON pointer of the node (empty for the whole document).
    pub pointer: String,
    /// Where the node starts, once known.
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &Path, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            location: None,
            hint: None,
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &Path, pointer: &str, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, pointer, message) }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills in the location from the source, unless the parser gave one.
    pub fn locate(&mut self, source: &SourceFile) {
        if self.location.is_none() {
            self.location = source.locate(&self.pointer);
        }
    }

    /// Renders it, quoting the source line when `source` is given.
    pub fn render(&self, source: Option<&SourceFile>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("{label}: {}\n", self.message));
        let file = self.file.display();
        let quoted = self.location.and_then(|loc| Some((loc, source?.line_text(loc.line)?)));
        match (self.location, quoted) {
            (Some(loc), Some((_, text))) => {
                let gutter = " ".repeat(loc.line.to_string().len());
                out.push_str(&format!("{gutter}--> {file}:{}:{}\n", loc.line, loc.column));
                out.push_str(&format!("{gutter} |\n"));
                out.push_str(&format!("{} | {}\n", loc.line, text));
                let caret_at = " ".repeat(loc.column.saturating_sub(1));
                out.push_str(&format!("{gutter} | {caret_at}^\n"));
            }
            (Some(loc), None) => out.push_str(&format!(" --> {file}:{}:{}\n", loc.line, loc.column)),
            (None, _) => out.push_str(&format!(" --> {file}\n")),
        }
        if !self.pointer.is_empty() {
            out.push_str(&format!("  = at: #{}\n", self.pointer));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = hint: {hint}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

/// Generation failed: one or more errors, already located and rendered.
#[derive(Debug, thiserror::Error)]
#[error("{rendered}")]
pub struct GenerateError {
    /// The errors (warnings found before them are kept too).
    pub diagnostics: Vec<Diagnostic>,
    /// All of them, rendered with source lines.
    pub rendered: String,
}
