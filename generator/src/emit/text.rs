//! Text from the spec made safe to print where it lands outside a string
//! literal: doc comments, the README's Markdown and `Cargo.toml`'s strings.
//!
//! String literals need nothing from here: `proc_macro2::Literal::string`
//! writes every character that is not printable as an escape (`\u{202e}`),
//! and the value stays exactly what the spec says. A doc comment has no
//! escapes, so what rustc refuses there, or what would let the comment show
//! something other than it says, is written out visibly instead:
//!
//! - Unicode's bidirectional controls: rustc denies them in comments and
//!   literals (`text_direction_codepoint_in_comment`, the Trojan Source
//!   lints), since they reorder what an editor shows;
//! - line and paragraph separators and NEL, which editors may show as a line
//!   break the compiler does not see;
//! - control characters other than tab and line feed (NUL, BEL, ESC, DEL,
//!   C1). A carriage return is a line break (rustc refuses a bare CR in a doc
//!   comment): `\r\n` and a lone `\r` both become `\n`.
//!
//! A tab in a doc comment is four spaces (clippy's `tabs_in_doc_comments`),
//! a list item's continuation lines are indented to its text, neither
//! less nor more (clippy's `doc_lazy_continuation` and
//! `doc_overindented_list_items`), and a quote's lazy lines get its `>`.

use std::borrow::Cow;

/// Whether `c` is written as an escape wherever text cannot carry escapes.
fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        // Bidirectional marks, embeddings, overrides and isolates.
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // NEL, line separator, paragraph separator.
        | '\u{0085}' | '\u{2028}' | '\u{2029}'
    ) || (c.is_control() && c != '\t' && c != '\n')
}

/// Text for a doc comment or for Markdown: line breaks as `\n`, tabs as
/// four spaces, and each character rustc or a reader could be misled by as
/// `\u{..}`.
pub(crate) fn doc_text(text: &str) -> Cow<'_, str> {
    if !text.contains(|c| c == '\t' || is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            c if is_unsafe(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A description's list items with their continuation lines indented to
/// the item's text, as Markdown means them (`1. Follow the docs\n  and then`
/// continues the item either way), so that rustdoc and clippy's
/// `doc_lazy_continuation` read them alike. Code blocks are left alone.
pub(crate) fn indent_continuations(text: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(text.len());
    let mut item: Option<usize> = None;
    let mut fenced = false;
    let mut changed = false;
    // The indent a nested list had, and where it was moved to.
    let mut moved_list: Option<(usize, usize)> = None;
    // Whether the line before was in a block quote.
    let mut quoted = false;
    // The text column of the list item whose block the line is in, across
    // blank lines and code blocks (`item` is only its paragraph's).
    let mut in_item: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        // A line of text right after a quote's line continues the quote
        // (DRACOON's `> filter` and its explanation): it gets the quote's
        // `>`, which shows the same and is what clippy's
        // `doc_lazy_continuation` asks for.
        let quote_line = trimmed.starts_with('>');
        let lazy_quote = quoted && !fenced && !quote_line && !trimmed.is_empty() && list_marker(trimmed).is_none() && !opens_block(trimmed);
        quoted = !fenced && (quote_line || lazy_quote);
        if trimmed.starts_with("```") {
            fenced = !fenced;
            item = None;
        } else if fenced || trimmed.is_empty() {
            item = None;
            moved_list = None;
        } else if lazy_quote {
            out.push_str(&line[..line.len() - trimmed.len()]);
            out.push_str("> ");
            out.push_str(trimmed);
            out.push('\n');
            changed = true;
            continue;
        } else if let Some(marker) = list_marker(trimmed) {
            let indent = line.len() - trimmed.len();
            in_item = Some(indent + marker);
            // A nested item indented past its parent's text (Datadog's
            // `        - for forecast` under `- timeframe_type`) starts
            // where that text does, and so do its siblings.
            let moved = match (moved_list, item) {
                (Some((from, to)), _) if indent == from => Some(to),
                (_, Some(column)) if indent > column => Some(column),
                _ => None,
            };
            if let Some(column) = moved {
                moved_list = Some((indent, column));
                out.push_str(&" ".repeat(column));
                out.push_str(trimmed);
                out.push('\n');
                changed = true;
                item = Some(column + marker);
                continue;
            }
            moved_list = moved_list.filter(|(from, _)| indent > *from);
            item = Some(indent + marker);
        } else if let (None, Some(column)) = (item, in_item) {
            // A paragraph of the item after a blank line or a code block
            // (optimade's): further in than the item's text, but not by the
            // four spaces of a code block, it starts there all the same.
            let indent = line.len() - trimmed.len();
            if indent < column {
                in_item = None;
            } else if indent > column && indent < column + 4 && !opens_block(trimmed) {
                out.push_str(&" ".repeat(column));
                out.push_str(trimmed);
                out.push('\n');
                changed = true;
                item = Some(column);
                continue;
            } else if indent == column {
                item = Some(column);
            }
        } else if let Some(column) = item {
            // A line further in than the item's text continues its
            // paragraph all the same (clippy's `doc_overindented_list_items`),
            // unless it starts something of its own there (a heading, a
            // quote, an underline, HTML), which is left as written.
            let indent = line.len() - trimmed.len();
            if indent < column || (indent > column && !opens_block(trimmed)) {
                out.push_str(&" ".repeat(column));
                out.push_str(trimmed);
                out.push('\n');
                changed = true;
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a line starts a block of its own rather than continuing the
/// paragraph above: a fence, a heading, a quote, an underline, HTML, a
/// table row.
fn opens_block(trimmed: &str) -> bool {
    trimmed.starts_with("```") || trimmed.starts_with(['#', '>', '=', '-', '<', '|'])
}

/// The width of a list item's marker and the space after it (`- `, `12. `).
fn list_marker(line: &str) -> Option<usize> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    let marker = match rest.as_bytes().first() {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let spaces = line[marker..].bytes().take_while(|b| *b == b' ').count();
    (spaces > 0 || line.len() == marker).then_some(marker + spaces.max(1))
}

/// Text for one cell of a Markdown table: [`doc_text`] on one line, with
/// `|` escaped so that it cannot end the cell.
pub(crate) fn table_cell(text: &str) -> String {
    doc_text(text).replace('\n', " ").replace('|', "\\|")
}

/// The inside of a TOML basic string (`"..."`): quotes, backslashes and
/// control characters escaped as TOML requires, and the characters
/// [`doc_text`] escapes as `\uXXXX`.
pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_keeps_plain_text_and_escapes_the_rest() {
        assert!(matches!(doc_text("café `a|b` */ /* tab"), Cow::Borrowed(_)));
        assert_eq!(doc_text("a\tb"), "a    b");
        assert_eq!(doc_text("a\u{202e}b\u{2066}c\u{200f}"), "a\\u{202e}b\\u{2066}c\\u{200f}");
        assert_eq!(doc_text("one\r\ntwo\rthree\nfour"), "one\ntwo\nthree\nfour");
        assert_eq!(doc_text("nul\0bel\u{7}esc\u{1b}del\u{7f}c1\u{9b}"), "nul\\u{0}bel\\u{7}esc\\u{1b}del\\u{7f}c1\\u{9b}");
        assert_eq!(doc_text("ls\u{2028}ps\u{2029}nel\u{85}"), "ls\\u{2028}ps\\u{2029}nel\\u{85}");
    }

    #[test]
    fn table_cells_stay_on_one_line_and_in_their_cell() {
        assert_eq!(table_cell("a | b\nc\u{202e}"), "a \\| b c\\u{202e}");
    }

    #[test]
    fn toml_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("say \"hi\" \\ now\n\ttab\r\0\u{202e}é"), "say \\\"hi\\\" \\\\ now\\n\\ttab\\r\\u0000\\u202Eé");
    }

    #[test]
    fn list_continuations_and_nested_items_start_at_the_items_text() {
        assert_eq!(indent_continuations("- a\nmore\n- b"), "- a\n  more\n- b\n");
        // Over-indented nested items (Datadog's monitor docs).
        let nested = "- `timeframe_type` The type\n        - for `forecast`\n        - for `change`\n- `time_window` x";
        assert_eq!(indent_continuations(nested), "- `timeframe_type` The type\n  - for `forecast`\n  - for `change`\n- `time_window` x\n");
        // Nested as Markdown means them stay.
        assert!(matches!(indent_continuations("- a\n  - b\n    - c"), Cow::Borrowed(_)));
        // Google's `* item:` with its lines three spaces in.
        assert_eq!(
            indent_continuations("* `allUsers`: anyone\n   on the internet.\n\n* next"),
            "* `allUsers`: anyone\n  on the internet.\n\n* next\n"
        );
        assert_eq!(indent_continuations("1. one\n         more"), "1. one\n   more\n");
        // A paragraph of an item after a blank line or a fence (optimade's),
        // not in by a code block's four spaces, starts at the item's text
        // too; one in by four is a code block, left alone.
        assert_eq!(
            indent_continuations("- a\n    ```json\n    {}\n    ```\n\n    Site 0\n    and 1.\n- b"),
            "- a\n    ```json\n    {}\n    ```\n\n  Site 0\n  and 1.\n- b\n"
        );
        assert!(matches!(indent_continuations("- a\n\n      code\n      more\n\n  next\n\nafter"), Cow::Borrowed(_)));
        // A quote's lazy line gets its `>`; a blank line ends the quote.
        assert_eq!(indent_continuations("> `a:eq:b`\nGet all a.\n\nNext."), "> `a:eq:b`\n> Get all a.\n\nNext.\n");
        assert!(matches!(indent_continuations("> a\n> b\n\nc\n- d"), Cow::Borrowed(_)));
        // Inline code continues the quote; a fence starts a block of its own.
        assert_eq!(indent_continuations("> a\n`b` c"), "> a\n> `b` c\n");
        assert!(matches!(indent_continuations("> a\n```\nb\n```"), Cow::Borrowed(_)));
        // What starts a block of its own there is left as written.
        assert!(matches!(indent_continuations("- a\n      # not a heading\n   > quote"), Cow::Borrowed(_)));
    }
}
