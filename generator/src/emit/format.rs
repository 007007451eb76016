//! Formatting: tokens into a file's text with prettyplease, blank lines
//! between items, and the runtime macros' calls laid out one entry per line.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use proc_macro2::{Literal, TokenStream};

use super::EmitError;
use crate::cache::FormatMemo;

/// Time spent in [`format_rust`] by every thread of one [`FormatClock`]'s
/// emit, in nanoseconds: parsing the tokens with syn, and printing.
#[derive(Debug, Default)]
pub(super) struct FormatClock {
    parse: AtomicU64,
    print: AtomicU64,
}

impl FormatClock {
    /// The two totals.
    pub(super) fn totals(&self) -> (Duration, Duration) {
        (Duration::from_nanos(self.parse.load(Ordering::Relaxed)), Duration::from_nanos(self.print.load(Ordering::Relaxed)))
    }
}

/// Parses the tokens as a file and formats them, with the header line.
/// With `memo`, tokens formatted before are not formatted again.
pub(super) fn format_rust(
    clock: &FormatClock,
    memo: Option<&FormatMemo>,
    path: &str,
    header: &str,
    tokens: TokenStream,
) -> Result<String, EmitError> {
    let format = |tokens: TokenStream| {
        let started = Instant::now();
        let file = syn::parse2::<syn::File>(tokens).map_err(|e| EmitError { path: path.to_owned(), message: e.to_string() })?;
        let parsed = Instant::now();
        let text = space_items(&prettyplease::unparse(&file));
        clock.parse.fetch_add((parsed - started).as_nanos() as u64, Ordering::Relaxed);
        clock.print.fetch_add(parsed.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(text)
    };
    let body = match memo {
        Some(memo) => memo.get_or_format(tokens, format)?,
        None => format(tokens)?,
    };
    Ok(format!("// {header}\n\n{body}"))
}

/// prettyplease puts items right after one another; a blank line after each
/// item that closes at module or impl level makes the files read like
/// rustfmt'd code.
pub(super) fn space_items(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    // Inside an inner attribute spread over lines (`#![cfg_attr(\n...\n)]`).
    let mut in_inner_attribute = false;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let next = lines.get(i + 1).copied().unwrap_or("");
        let is_decl = |l: &str| l.starts_with("mod ") || l.starts_with("pub mod ");
        let closes_item = match *line {
            "}" | "};" => true,
            // A method or associated item closing inside an impl.
            "    }" => next.starts_with("    ") && !next.starts_with("     "),
            // The end of the crate or module docs and inner attributes.
            l if l.starts_with("//!") => !next.starts_with("//!"),
            l if l.starts_with("#![") => {
                in_inner_attribute = !l.ends_with(']');
                !in_inner_attribute && !next.starts_with("#![")
            }
            ")]" if in_inner_attribute => {
                in_inner_attribute = false;
                !next.starts_with("#![")
            }
            // Module declarations, then re-exports.
            l if is_decl(l) => lines[i + 1..].iter().find(|l| !l.starts_with("#[")).is_some_and(|l| l.starts_with("pub use")),
            // Imports stay together.
            l if l.starts_with("use ") => !next.starts_with("use "),
            // Other one-line items (`pub type`, `pub const`).
            l if !l.starts_with(' ') && l.ends_with(';') && !l.starts_with("//") && !l.starts_with("pub use") => {
                !next.starts_with(' ') && !is_decl(l)
            }
            _ => false,
        };
        if closes_item && !next.is_empty() && next.trim() != "}" {
            out.push('\n');
        }
    }
    out
}

/// `code` (a model's items, formatted) with the attribute lines `gate`
/// put on every top-level item, after its docs: a model whose features are
/// off compiles none of its items. A top-level item starts at the margin,
/// first in the code or after a blank line ([`space_items`] puts one after
/// each).
pub(super) fn gate_items(code: &str, gate: &str) -> String {
    let mut out = String::with_capacity(code.len() + gate.len() * 4);
    // After a blank line (or at the start), and in an item's docs.
    let (mut at_start, mut in_docs) = (true, false);
    for line in code.lines() {
        let doc = line.starts_with("///");
        if at_start && doc {
            in_docs = true;
        } else if (at_start || in_docs) && !doc {
            let item = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']) && !line.starts_with("//") && !line.starts_with("#!");
            if in_docs || item {
                out.push_str(gate);
            }
            in_docs = false;
        }
        at_start = line.is_empty();
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The lines of a `#[cfg(..)]` of `features` (any one), as prettyplease
/// lays it out; empty for none.
pub(super) fn gate_lines(features: &[String]) -> String {
    thread_local! {
        static MEMO: std::cell::RefCell<std::collections::HashMap<Vec<String>, String>> = Default::default();
    }
    let Some(gate) = super::support::feature_gate(features) else { return String::new() };
    MEMO.with(|memo| {
        memo.borrow_mut()
            .entry(features.to_vec())
            .or_insert_with(|| {
                let item: syn::File = syn::parse_quote! { #gate struct S; };
                let text = prettyplease::unparse(&item);
                text.strip_suffix("struct S;\n").unwrap_or(&text).to_owned()
            })
            .clone()
    })
}

/// A call of one of the runtime's macros, which write the serde impls of the
/// models (`crate::runtime::json_object! { Pet { name: required "name", } }`).
///
/// Calls are laid out here, one entry per line, and appended to the file
/// after prettyplease has formatted the rest: prettyplease would print a
/// macro's input as one paragraph.
pub(crate) struct MacroCall {
    /// The macro, `json_object` for `crate::runtime::json_object!`.
    pub(crate) name: &'static str,
    /// Its input: usually one section, the type and its entries.
    pub(crate) sections: Vec<Section>,
}

/// A part of a macro call's input: a head, then entries in braces.
pub(crate) struct Section {
    /// What comes before the braces (`Pet by tag "petType"`).
    pub(crate) head: String,
    /// One line each, in order, without their trailing commas.
    pub(crate) entries: Vec<String>,
    /// A last line without a trailing comma (`..additional_properties`).
    pub(crate) rest: Option<String>,
}

impl MacroCall {
    /// A call whose input is one section.
    pub(crate) fn new(name: &'static str, head: String, entries: Vec<String>) -> Self {
        Self { name, sections: vec![Section { head, entries, rest: None }] }
    }

    /// Appends the call, as a top-level item, to formatted code.
    pub(crate) fn write_to(&self, code: &mut String) {
        code.push_str(&format!("\ncrate::runtime::{}! {{\n", self.name));
        for section in &self.sections {
            code.push_str(&format!("    {} {{", section.head));
            if section.entries.is_empty() && section.rest.is_none() {
                code.push_str("}\n");
                continue;
            }
            code.push('\n');
            for entry in &section.entries {
                code.push_str(&format!("        {entry},\n"));
            }
            if let Some(rest) = &section.rest {
                code.push_str(&format!("        {rest}\n"));
            }
            code.push_str("    }\n");
        }
        code.push_str("}\n");
    }
}

/// A string as a Rust literal, for a macro call's entries.
pub(crate) fn str_literal(value: &str) -> String {
    Literal::string(value).to_string()
}
