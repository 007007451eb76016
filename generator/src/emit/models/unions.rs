//! What a union looks like: an enum of its options plus `Unknown`, the
//! rustdoc table of how they are told apart, and its `json_union!` call.

use proc_macro2::TokenStream;
use quote::quote;

use super::boxed_type;
use crate::emit::format::{str_literal, MacroCall, Section};
use crate::emit::{docs, ident};
use crate::ir::{Api, Union, UnionStrategy, UnionVariant};

/// The rustdoc table of how a union's variants are told apart.
pub(super) fn union_table(u: &Union) -> String {
    let mut text = String::from("\n\n");
    match &u.strategy {
        UnionStrategy::Tag { property, explicit, .. } => {
            let how = if *explicit { "the spec's `discriminator`" } else { "its values are disjoint across the options" };
            text.push_str(&format!(
                "The variant is chosen by the `{property}` property ({how}):\n\n| `{property}` | Variant |\n| --- | --- |\n"
            ));
            for v in &u.variants {
                let tags: Vec<String> = v.tags.iter().map(|t| format!("`{t}`")).collect();
                text.push_str(&format!("| {} | [`{}`](Self::{}) |\n", tags.join(", "), v.rust_name, v.rust_name));
            }
            text.push_str("| anything else | [`Unknown`](Self::Unknown) |\n");
        }
        UnionStrategy::Keys => {
            text.push_str("The variant is chosen by which properties are present:\n\n| Present | Variant |\n| --- | --- |\n");
            for v in &u.variants {
                let keys: Vec<String> = v.keys.iter().map(|t| format!("`{t}`")).collect();
                text.push_str(&format!("| {} | [`{}`](Self::{}) |\n", keys.join(" or "), v.rust_name, v.rust_name));
            }
            text.push_str("| none of them | [`Unknown`](Self::Unknown) |\n");
        }
        UnionStrategy::PartialTag { property, .. } => {
            text.push_str(&format!(
                "The variant is chosen by the `{property}` property, which does not tell every option apart: a value is tried against the variants of its row in order, and the first that fits wins (when a listed value's variants all fail, the error is the first one's).\n\n| `{property}` | Variants |\n| --- | --- |\n"
            ));
            let link = |v: &UnionVariant| format!("[`{}`](Self::{})", v.rust_name, v.rust_name);
            let mut seen: Vec<&str> = Vec::new();
            for tag in u.variants.iter().flat_map(|v| &v.tags) {
                if seen.contains(&tag.as_str()) {
                    continue;
                }
                seen.push(tag);
                let picked: Vec<String> = u.variants.iter().filter(|v| v.tags.contains(tag)).map(link).collect();
                text.push_str(&format!("| `{tag}` | {} |\n", picked.join(", then ")));
            }
            let mut rest: Vec<String> = u.variants.iter().filter(|v| v.tags.is_empty()).map(link).collect();
            rest.push("[`Unknown`](Self::Unknown)".to_owned());
            text.push_str(&format!("| anything else | {} |\n", rest.join(", then ")));
        }
        UnionStrategy::JsonKinds => {
            text.push_str("The options are different kinds of JSON value, so at most one fits: a value is tried against each, in order, and a value none fits is [`Unknown`](Self::Unknown).\n");
        }
        UnionStrategy::Untagged => {
            text.push_str("Nothing in the spec tells the options apart, so a value is tried against each, in order; the first that fits wins, and a value none fits is [`Unknown`](Self::Unknown).\n");
        }
    }
    text
}

/// The union's enum, and its `json_union!` call: how the variant is chosen,
/// and for a union read in one pass, its slots (whose `from_one_pass` joins
/// the items).
pub(super) fn union_def(api: &Api, name: &proc_macro2::Ident, u: &Union) -> (TokenStream, MacroCall) {
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let tys: Vec<_> = u.variants.iter().map(|v| boxed_type(&v.ty, v.boxed)).collect();
    let variant_docs: Vec<TokenStream> = u.variants.iter().map(|v| docs(v.docs.as_deref().unwrap_or("One option of the union."))).collect();
    let values = |values: &[String]| values.iter().map(|v| str_literal(v)).collect::<Vec<_>>().join(" | ");
    // Integer tags are written as they are in the spec, decimal literals.
    let tag_values = |values: &[String], integer: bool| {
        if integer {
            values.join(" | ")
        } else {
            values.iter().map(|v| str_literal(v)).collect::<Vec<_>>().join(" | ")
        }
    };
    let by_tag = |integer: bool| if integer { "by integer tag" } else { "by tag" };
    let (head, entries) = match &u.strategy {
        UnionStrategy::Tag { property, integer, .. } => (
            format!("{name} {} {}", by_tag(*integer), str_literal(property)),
            u.variants.iter().zip(&variants).map(|(v, variant)| format!("{variant}({})", tag_values(&v.tags, *integer))).collect(),
        ),
        UnionStrategy::Keys => (
            format!("{name} by keys"),
            u.variants.iter().zip(&variants).map(|(v, variant)| format!("{variant}({})", values(&v.keys))).collect(),
        ),
        UnionStrategy::PartialTag { property, integer } => (
            format!("{name} {} {}", by_tag(*integer), str_literal(property)),
            u.variants
                .iter()
                .zip(&variants)
                .filter(|(v, _)| !v.tags.is_empty())
                .map(|(v, variant)| format!("{variant}({})", tag_values(&v.tags, *integer)))
                .collect(),
        ),
        UnionStrategy::JsonKinds | UnionStrategy::Untagged => {
            (format!("{name} in order"), variants.iter().map(ToString::to_string).collect())
        }
    };
    let mut call = MacroCall::new("json_union", head, entries);
    if let UnionStrategy::PartialTag { .. } = &u.strategy {
        // The variants no tag value selects, tried when the tag picks none.
        let untagged =
            u.variants.iter().zip(&variants).filter(|(v, _)| v.tags.is_empty()).map(|(_, variant)| variant.to_string()).collect();
        call.sections.push(Section { head: "else in order".into(), entries: untagged, rest: None });
    }
    let one_pass = super::one_pass::one_pass(api, name, u);
    let builder = one_pass.map(|one_pass| {
        call.sections.push(Section { head: "in one pass".into(), entries: one_pass.slots, rest: None });
        one_pass.builder
    });
    // Each variant holds its option as the spec defines it; how far their
    // sizes differ is the spec's doing (Datadog's widgets: 5 KB), and boxing
    // some would make every user's match on them clumsier.
    let items = quote! {
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #variants(#tys), )*
            /// A value that matches no option the spec lists, as received.
            Unknown(::serde_json::Value),
        }

        #builder
    };
    (items, call)
}
