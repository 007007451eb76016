//! Items written as text inside a file otherwise built as tokens.
//!
//! Building tokens, parsing them back with syn and printing them with
//! prettyplease is most of generating an operation's module, and much of
//! it is the same few items with other names. Such an item can be written
//! as text directly, laid out as prettyplease lays it out at its place: the
//! tokens get a one-line placeholder item instead, which prettyplease
//! prints alone on its line, and [`Splices::resolve`] puts the text there.
//! prettyplease lays out the items of a block each on its own, so the
//! rest of the file comes out as it would have.
//!
//! The tests write every operation of the real specs both ways (with the
//! text spliced in, and with the text parsed back into tokens and printed
//! with the rest) and compare them byte for byte.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The texts of one file's spliced items, in placeholder order.
#[derive(Debug, Default)]
pub(crate) struct Splices {
    texts: Vec<String>,
    /// Gives each text's tokens instead of a placeholder: the file as it
    /// would be without splicing, which the tests compare against.
    inline: bool,
}

/// What prettyplease prints a placeholder item as, without indentation,
/// up to its number.
const PLACEHOLDER: &str = "const __splice_";

impl Splices {
    /// Splices that give the texts' tokens, printed with the rest.
    #[cfg(test)]
    pub(crate) fn inline() -> Self {
        Splices { texts: Vec::new(), inline: true }
    }

    /// The item that stands for `text`: an item (or several) laid out as
    /// prettyplease lays it out at its place, indentation included, each
    /// line ending in a line break.
    pub(crate) fn item(&mut self, text: String) -> TokenStream {
        if self.inline {
            return text.parse().unwrap_or_else(|e| panic!("a spliced item does not parse ({e}):\n{text}"));
        }
        let name = format_ident!("__splice_{}", self.texts.len());
        self.texts.push(text);
        quote! { const #name: () = (); }
    }

    /// Whether no item was written as text.
    pub(crate) fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// `text` (the file printed from the tokens) with each placeholder's
    /// line replaced by its text. A text whose placeholder is not on a
    /// line of its own (tokens shown unformatted) is appended at the end,
    /// so that what the file holds still shows.
    pub(crate) fn resolve(&self, text: String) -> String {
        let mut out = String::with_capacity(text.len() + self.texts.iter().map(String::len).sum::<usize>());
        let mut used = vec![false; self.texts.len()];
        for line in text.split_inclusive('\n') {
            let spliced = line
                .trim_start()
                .strip_prefix(PLACEHOLDER)
                .and_then(|rest| rest.strip_suffix(": () = ();\n"))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n < self.texts.len());
            match spliced {
                Some(n) => {
                    out.push_str(&self.texts[n]);
                    used[n] = true;
                }
                None => out.push_str(line),
            }
        }
        for (text, used) in self.texts.iter().zip(used) {
            if !used {
                out.push_str(text);
            }
        }
        out
    }
}

/// Builds a file's tokens with `build` twice, its items spliced in as
/// text and printed from their tokens, and asserts that prettyplease's
/// output (blank lines between items put in, as the emitter does) is the
/// same; returns how many items were written as text.
#[cfg(test)]
pub(crate) fn assert_prints_alike(what: &str, build: impl Fn(&mut Splices) -> TokenStream) -> usize {
    let printed = |mut splices: Splices| {
        let tokens = build(&mut splices);
        let file = syn::parse2::<syn::File>(tokens).unwrap_or_else(|e| panic!("{what} does not parse: {e}"));
        let text = super::format::space_items(&prettyplease::unparse(&file));
        let text = if splices.is_empty() { text } else { super::format::space_items(&splices.resolve(text)) };
        (text, splices.texts.len())
    };
    let (spliced, count) = printed(Splices::default());
    let (inline, _) = printed(Splices::inline());
    if spliced != inline {
        let (n, (a, b)) = spliced.lines().zip(inline.lines()).enumerate().find(|(_, (a, b))| a != b).unwrap_or((0, ("", "")));
        panic!("{what}, line {}:\n spliced: {a:?}\n printed: {b:?}\n\n{inline}", n + 1);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::Splices;

    #[test]
    fn a_placeholder_line_becomes_its_text() {
        let mut splices = Splices::default();
        let first = splices.item("    fn a() {}\n".into());
        let second = splices.item("    fn b() {}\n".into());
        let file: syn::File = syn::parse2(quote::quote! { mod m { #first fn c() {} #second } }).expect("parses");
        let printed = prettyplease::unparse(&file);
        assert_eq!(splices.resolve(printed), "mod m {\n    fn a() {}\n    fn c() {}\n    fn b() {}\n}\n");
        // Shown unformatted, the texts are still there.
        assert!(splices.resolve(String::from("x")).ends_with("    fn a() {}\n    fn b() {}\n"));
    }
}
