//! Code written as text directly, laid out as prettyplease lays it out:
//! the lines and widths the text writers ([`super::models::plain_text`],
//! the operations' spliced items) share. Each writer gives up (`None`)
//! where its text could come out otherwise, and its tests compare what it
//! writes with what prettyplease prints from tokens.

use std::fmt::Write as _;

use crate::emit::ident;
use crate::emit::support::doc_lines;
use crate::ir::TypeRef;

/// The longest line written here: prettyplease breaks lines only past its
/// margin of 89 columns, so one of at most this many stays whole.
pub(crate) const WIDTH: usize = 80;

/// prettyplease's margin: a function signature of at most this many
/// columns (indent included) stays on one line.
pub(crate) const MARGIN: usize = 89;

/// The widest struct literal (`Self { a, b }`) prettyplease keeps on one
/// line.
pub(crate) const SHORT_LITERAL: usize = 35;

/// Appends `text` and a line break; `None` when a line of it is longer
/// than [`WIDTH`].
pub(crate) fn line(out: &mut String, text: std::fmt::Arguments<'_>) -> Option<()> {
    push_line(out, text, |l| l.chars().count() <= WIDTH)
}

/// [`line`] with another limit, in bytes as prettyplease counts them: for
/// a line whose breaking at prettyplease's margin a test pins down.
pub(crate) fn line_within(out: &mut String, width: usize, text: std::fmt::Arguments<'_>) -> Option<()> {
    push_line(out, text, |l| l.len() <= width)
}

fn push_line(out: &mut String, text: std::fmt::Arguments<'_>, fits: impl Fn(&str) -> bool) -> Option<()> {
    let start = out.len();
    let _ = out.write_fmt(text);
    out.push('\n');
    out[start..].lines().all(fits).then_some(())
}

/// `docs`' attributes as prettyplease prints them: `///` and the value,
/// trailing spaces trimmed.
pub(crate) fn doc_comment(out: &mut String, indent: &str, text: &str) {
    for value in doc_lines(text) {
        out.push_str(indent);
        out.push_str("///");
        out.push_str(value.trim_end_matches(' '));
        out.push('\n');
    }
}

/// [`type_tokens`](crate::emit::type_tokens) as prettyplease prints it;
/// `None` for a type from `codegen.toml`.
pub(crate) fn type_text(ty: &TypeRef) -> Option<String> {
    Some(match ty {
        TypeRef::String => "::std::string::String".into(),
        TypeRef::DateTime => "::chrono::DateTime<::chrono::Utc>".into(),
        TypeRef::Date => "::chrono::NaiveDate".into(),
        TypeRef::Integer { bits, signed } => format!("{}{bits}", if *signed { "i" } else { "u" }),
        TypeRef::Number { bits: 32 } => "f32".into(),
        TypeRef::Number { .. } => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Bytes => "::std::vec::Vec<u8>".into(),
        TypeRef::Array(item) => format!("::std::vec::Vec<{}>", type_text(item)?),
        TypeRef::Map(value) => format!("::std::collections::BTreeMap<::std::string::String, {}>", type_text(value)?),
        TypeRef::Nullable(inner) => format!("::std::option::Option<{}>", type_text(inner)?),
        TypeRef::Named(name) => format!("crate::models::{}", ident(name)),
        TypeRef::External(_) => return None,
    })
}

/// The indentation of `depth` levels.
pub(crate) fn indent(depth: usize) -> &'static str {
    const SPACES: &str = "                                        ";
    &SPACES[..(depth * 4).min(SPACES.len())]
}

/// `{head} {}{close}` at `at` (`Self {})`) when `body` is empty, else
/// `body`'s lines between braces (`Self {`, ..., `})`).
pub(crate) fn braced(out: &mut String, at: &str, head: &str, body: &str, close: &str) {
    if body.is_empty() {
        let _ = writeln!(out, "{at}{head} {{}}{close}");
    } else {
        let _ = write!(out, "{at}{head} {{\n{body}{at}}}{close}\n");
    }
}

/// A match arm at `depth`: `pat => expr,` on one line when it fits in the
/// margin (the comma not counted: prettyplease writes it only when the arm
/// stays whole), else `expr` in a block on a line of its own. `expr` is one
/// line; `chain` is where its last method call starts (`.map(..)`), which
/// goes on a line of its own when the expression does not fit either.
/// `None` when even that does not fit.
pub(crate) fn arm(out: &mut String, depth: usize, pat: &str, expr: &str, chain: Option<usize>) -> Option<()> {
    if whole_arm(out, depth, pat, expr) {
        return Some(());
    }
    let at = indent(depth);
    let inner = indent(depth + 1);
    if inner.len() + expr.chars().count() <= MARGIN {
        let _ = writeln!(out, "{inner}{expr}");
    } else {
        let (receiver, call) = expr.split_at(chain?);
        let call_line = format!("{}{call}", indent(depth + 2));
        if inner.len() + receiver.chars().count() > MARGIN || call_line.chars().count() > MARGIN {
            return None;
        }
        let _ = writeln!(out, "{inner}{receiver}\n{call_line}");
    }
    let _ = writeln!(out, "{at}}}");
    Some(())
}

/// A struct field at `depth`, `{prefix}{ty},`: on one line when it fits
/// in the margin, else with the one generic argument of `ty`'s outermost
/// type (`Option<..>`, `Vec<..>`) on a line of its own, as prettyplease
/// breaks it. `None` otherwise, or when that line does not fit either.
pub(crate) fn field(out: &mut String, depth: usize, prefix: &str, ty: &str) -> Option<()> {
    let at = indent(depth);
    let whole = at.len() + prefix.len() + ty.len() + ",".len();
    if whole <= MARGIN {
        let _ = writeln!(out, "{at}{prefix}{ty},");
        return Some(());
    }
    let open = ty.find('<')?;
    let inner = ty[open + 1..].strip_suffix('>')?;
    // One argument: a comma outside any `<..>` would separate two.
    let mut nesting = 0usize;
    for c in inner.chars() {
        match c {
            '<' => nesting += 1,
            '>' => nesting = nesting.checked_sub(1)?,
            ',' if nesting == 0 => return None,
            _ => {}
        }
    }
    let _ = writeln!(out, "{at}{prefix}{}<", &ty[..open]);
    line_within(out, MARGIN, format_args!("{}{inner},", indent(depth + 1)))?;
    let _ = writeln!(out, "{at}>,");
    Some(())
}

/// Writes `pat => expr,` at `depth` if it fits on one line (see [`arm`]);
/// else writes `pat => {` and says so.
fn whole_arm(out: &mut String, depth: usize, pat: &str, expr: &str) -> bool {
    let at = indent(depth);
    let one = format!("{at}{pat} => {expr},");
    if one.chars().count() <= MARGIN + 1 {
        out.push_str(&one);
        out.push('\n');
        return true;
    }
    let _ = writeln!(out, "{at}{pat} => {{");
    false
}

/// A match arm at `depth` whose expression is the call `func(args)`: as
/// [`arm`] lays it out, the call's arguments one per line with a trailing
/// comma when it does not fit in the block either ([`call`]).
pub(crate) fn call_arm(out: &mut String, depth: usize, pat: &str, func: &str, args: &[&str]) -> Option<()> {
    if whole_arm(out, depth, pat, &format!("{func}({})", args.join(", "))) {
        return Some(());
    }
    call(out, depth + 1, "", func, args, "")?;
    let _ = writeln!(out, "{}}}", indent(depth));
    Some(())
}

/// The line `prefix func(args) suffix` at `depth` (`let x = f(a, b);`): whole
/// when it fits in the margin, `suffix` included, else the arguments one per
/// line with a trailing comma and `)` and `suffix` on a line of their own.
/// `None` when a line of that does not fit either, or when the line fits
/// only without `suffix`.
pub(crate) fn call(out: &mut String, depth: usize, prefix: &str, func: &str, args: &[&str], suffix: &str) -> Option<()> {
    let args = args.iter().map(|a| Expr::Text(a.to_string())).collect();
    nested_call(out, depth, prefix, &Expr::Call { prefix: "", func: func.into(), args, suffix: "" }, suffix)
}

/// An expression [`nested_call`] lays out: text that stays on one line, or
/// a call whose arguments are expressions too.
pub(crate) enum Expr {
    Text(String),
    /// `{prefix}{func}({args}){suffix}`: `&f(a)`, `f(a)?`.
    Call {
        prefix: &'static str,
        func: String,
        args: Vec<Expr>,
        suffix: &'static str,
    },
}

impl Expr {
    /// The expression on one line.
    fn whole(&self) -> String {
        match self {
            Expr::Text(text) => text.clone(),
            Expr::Call { prefix, func, args, suffix } => {
                let args: Vec<String> = args.iter().map(Expr::whole).collect();
                format!("{prefix}{func}({}){suffix}", args.join(", "))
            }
        }
    }
}

/// The line `lead expr trail` at `depth` (`name: f(a, g(b))?,`) as
/// prettyplease lays out calls nested as arguments: whole when it fits in
/// the margin, else the call's arguments each on a line of its own, laid
/// out the same way one level deeper, with a trailing comma. `None` when a
/// line does not fit (prettyplease leaves a line it cannot break past the
/// margin, but none of the texts needs that), or when the whole line fits
/// only without `trail` (whether prettyplease counts it no test pins down).
pub(crate) fn nested_call(out: &mut String, depth: usize, lead: &str, expr: &Expr, trail: &str) -> Option<()> {
    let at = indent(depth);
    let whole = format!("{at}{lead}{}{trail}", expr.whole());
    let Expr::Call { prefix, func, args, suffix } = expr else {
        return line_within(out, MARGIN, format_args!("{whole}"));
    };
    if whole.len() <= MARGIN {
        out.push_str(&whole);
        out.push('\n');
        return Some(());
    }
    if whole.len() - trail.len() <= MARGIN {
        return None;
    }
    line_within(out, MARGIN, format_args!("{at}{lead}{prefix}{func}("))?;
    for arg in args {
        nested_call(out, depth + 1, "", arg, ",")?;
    }
    line_within(out, MARGIN, format_args!("{at}){suffix}{trail}"))
}
