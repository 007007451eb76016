//! Errors and warnings that say where in the spec the problem is.
//!
//! A diagnostic carries the file, the JSON pointer of the offending node and,
//! once the source has been consulted, its line and column. It renders like
//! rustc: the message, `file:line:col`, the source line with a caret, the
//! pointer and a hint.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::source::{Location, SourceFile};

/// How bad it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Generation stops; nothing is written.
    Error,
    /// Generation goes on.
    Warning,
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

    /// Renders it like rustc (with codespan-reporting): the message,
    /// `file:line:col`, the source line with the node underlined, then the
    /// JSON pointer and the hint.
    pub fn render(&self, source: Option<&SourceFile>) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
        use codespan_reporting::term::{self, Chars, Config};

        let name = self.file.display().to_string();
        let text = source.map(|s| s.text.as_str()).unwrap_or("");
        let files = Lines { name: name.as_str(), text, starts: source.map_or(&[0][..], SourceFile::line_starts) };
        let report = match self.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(&self.message);
        let mut span = self.location.and_then(|loc| source.and_then(|s| node_span(s, loc)));
        let mut notes = Vec::new();
        // A very long line (a minified JSON spec is one line) is quoted as
        // an excerpt around the node, not whole.
        if let (Some(range), Some(loc), Some(source)) = (span.clone(), self.location, source) {
            if let Some(quoted) = excerpt(source, loc.line, range) {
                notes.push(format!("in: {name}:{}:{}", loc.line, loc.column));
                notes.push(quoted);
                span = None;
            }
        }
        if !self.pointer.is_empty() {
            notes.push(format!("at: #{}", self.pointer));
        }
        if let Some(hint) = &self.hint {
            notes.push(format!("hint: {hint}"));
        }
        let report = match span {
            Some(range) => report.with_labels(vec![Label::primary((), range)]),
            None if notes.first().is_some_and(|n| n.starts_with("in: ")) => report,
            None => {
                // No source to quote: still say where.
                let place = match self.location {
                    Some(loc) => format!("{name}:{}:{}", loc.line, loc.column),
                    None => name.clone(),
                };
                notes.insert(0, format!("in: {place}"));
                report
            }
        }
        .with_notes(notes);
        let config = Config { chars: Chars::ascii(), ..Config::default() };
        term::emit_into_string(&config, &files, &report).unwrap_or_else(|e| format!("{}: {} ({e})\n", name, self.message))
    }
}

/// The longest source line quoted whole, in characters.
const LONGEST_QUOTED_LINE: usize = 200;

/// For a node on a line too long to quote, the line's text around it with
/// the node underlined below: `source: ..."Name":{"allOf":[...`.
fn excerpt(source: &SourceFile, line: usize, span: std::ops::Range<usize>) -> Option<String> {
    let text = source.text.as_str();
    let std::ops::Range { start: line_start, end: line_end } = source.line_range(line)?;
    let quoted_whole = match line_end - line_start {
        len if len <= LONGEST_QUOTED_LINE => true,
        // More bytes than four times the characters allowed: too many
        // characters, without counting a line that may be megabytes long.
        len if len > 4 * LONGEST_QUOTED_LINE => false,
        _ => text[line_start..line_end].chars().count() <= LONGEST_QUOTED_LINE,
    };
    if quoted_whole {
        return None;
    }
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let from = floor(span.start.saturating_sub(60).max(line_start));
    let to = floor((span.start + 100).min(line_end));
    let before = if from > line_start { "..." } else { "" };
    let after = if to < line_end { "..." } else { "" };
    let quoted: String = text[from..to].chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let indent = before.len() + text[from..span.start].chars().count();
    let width = text[span.start..span.end.min(to).max(span.start)].chars().count().clamp(1, 60);
    Some(format!("source: {before}{quoted}{after}\n        {}{}", " ".repeat(indent), "^".repeat(width)))
}

/// The byte range of the node that starts at `loc`: its first token (a key
/// up to its colon, a JSON string, or a scalar up to the end of the line).
fn node_span(source: &SourceFile, loc: Location) -> Option<std::ops::Range<usize>> {
    let line = source.line_range(loc.line.max(1))?;
    let start = source.byte_offset(loc)?;
    // A node's first token is short: a line of megabytes (minified JSON) is
    // searched near the node only.
    let mut end = line.end.min(start + NODE_SEARCH);
    while !source.text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = &source.text[start..end];
    let json_string = || rest.strip_prefix('"').and_then(|r| r.find('"')).map(|end| end + 2);
    // A JSON object or array: its opening bracket.
    let bracket = || (rest.starts_with('{') || rest.starts_with('[')).then_some(1);
    let len = json_string()
        .or_else(bracket)
        .or_else(|| rest.find(": "))
        .or_else(|| rest.strip_suffix(':').map(str::len))
        .unwrap_or(rest.trim_end().len())
        .max(1);
    Some(start..(start + len).min(line.end).max(start))
}

/// How far past a node's start its first token is looked for.
const NODE_SEARCH: usize = 4096;

/// A spec file as codespan reads it: codespan's `SimpleFile`, with the
/// line starts the [`SourceFile`] keeps rather than found again for every
/// diagnostic (a big spec's warnings each scanned the whole text).
struct Lines<'a> {
    name: &'a str,
    text: &'a str,
    /// Where each line starts: 0, then after every `\n`.
    starts: &'a [usize],
}

impl Lines<'_> {
    fn line_start(&self, line: usize) -> Result<usize, codespan_reporting::files::Error> {
        match line.cmp(&self.starts.len()) {
            std::cmp::Ordering::Less => Ok(self.starts[line]),
            std::cmp::Ordering::Equal => Ok(self.text.len()),
            std::cmp::Ordering::Greater => {
                Err(codespan_reporting::files::Error::LineTooLarge { given: line, max: self.starts.len().saturating_sub(1) })
            }
        }
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Lines<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.starts.binary_search(&byte_index).unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        Ok(self.line_start(line)?..self.line_start(line + 1)?)
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
