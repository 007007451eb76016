//! The plainest models written as text directly, as prettyplease would lay
//! them out: string enums, and structs with their constructors, in a
//! module without validation, deprecation or extra derives, whose lines
//! are short enough that prettyplease breaks none.
//!
//! Building their tokens, parsing them back with syn and printing them was
//! most of generating them, and they are most of a big spec's files. The
//! test below writes every model of the real specs both ways and compares
//! the text byte for byte, so the two cannot drift; anything outside what
//! this module knows is written the usual way.

use crate::emit::ident;
use crate::emit::layout::{self, doc_comment, line, type_text, MARGIN, SHORT_LITERAL};
use crate::ir::{Api, StringEnum, Struct, TypeDef, TypeKind};

/// The model's text as prettyplease would print its items (before blank
/// lines are put between them), or `None` when it is not plain enough. A
/// `Validate` impl, when it gets one, is not part of it: prettyplease lays
/// out top-level items each on its own, so the impl is printed alone and
/// put after it.
pub(crate) fn plain_text(api: &Api, ty: &TypeDef) -> Option<String> {
    if super::uses_deprecated(api, ty) || api.derives.get(&ty.name).is_some_and(|d| !d.is_empty()) {
        return None;
    }
    let mut out = String::with_capacity(1024);
    doc_comment(&mut out, "", &super::type_docs(ty));
    let name = ident(&ty.name).to_string();
    match &ty.kind {
        TypeKind::StringEnum(e) => string_enum(&mut out, &name, e)?,
        TypeKind::Struct(s) => plain_struct(&mut out, api, &name, s)?,
        _ => return None,
    }
    Some(out)
}

fn string_enum(out: &mut String, name: &str, e: &StringEnum) -> Option<()> {
    if e.values.is_empty() {
        return None;
    }
    let single = e.values.len() == 1;
    out.push_str("///\n/// Values this version does not know are kept in `Unknown` and written\n/// back as they came.\n");
    out.push_str(if single {
        "#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]\n"
    } else {
        "#[derive(Clone, Debug, PartialEq, Eq, Hash)]\n"
    });
    line(out, format_args!("#[non_exhaustive]\npub enum {name} {{"))?;
    for v in &e.values {
        doc_comment(out, "    ", &super::enums::value_doc(&v.wire, v.docs.as_deref()));
        if single {
            out.push_str("    #[default]\n");
        }
        line(out, format_args!("    {},", ident(&v.rust_name)))?;
    }
    out.push_str("    /// A value the spec did not list, as received.\n    Unknown(::std::string::String),\n}\n");
    Some(())
}

fn plain_struct(out: &mut String, api: &Api, name: &str, s: &Struct) -> Option<()> {
    if s.fields.is_empty() && s.unknown_fields.is_none() {
        return None;
    }
    // The constructor's arguments (`name: Type`) and initializers, as
    // `super::structs::struct_def` makes them.
    let mut args = Vec::new();
    let mut required = Vec::new();
    let mut inits = Vec::new();
    let mut fields = String::new();
    for f in &s.fields {
        if f.deprecated {
            return None;
        }
        doc_comment(&mut fields, "    ", &super::structs::field_docs(f));
        let mut ty = type_text(&f.ty)?;
        if f.boxed {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        let field = ident(&f.rust_name).to_string();
        let ty = match (f.required, f.nullable) {
            (true, false) if super::structs::is_single_value_enum(api, &f.ty) => {
                inits.push(format!("{field}: ::std::default::Default::default()"));
                ty
            }
            (true, false) => {
                args.push(format!("{field}: {ty}"));
                required.push(f.rust_name.as_str());
                inits.push(field.clone());
                ty
            }
            (true, true) => {
                let ty = format!("::std::option::Option<{ty}>");
                args.push(format!("{field}: {ty}"));
                required.push(f.rust_name.as_str());
                inits.push(field.clone());
                ty
            }
            (false, true) => {
                inits.push(format!("{field}: ::std::option::Option::None"));
                format!("::std::option::Option<::std::option::Option<{ty}>>")
            }
            (false, false) => {
                inits.push(format!("{field}: ::std::option::Option::None"));
                format!("::std::option::Option<{ty}>")
            }
        };
        layout::field(&mut fields, 1, &format!("pub {field}: "), &ty)?;
    }
    if let Some(unknown) = &s.unknown_fields {
        fields.push_str(
            "    /// Properties the spec does not list, as received; they are written\n    /// back when this value is serialized.\n",
        );
        let unknown = ident(unknown);
        line(&mut fields, format_args!("    pub {unknown}: crate::runtime::AdditionalProperties,"))?;
        inits.push(format!("{unknown}: crate::runtime::AdditionalProperties::new()"));
    }
    let default = if args.is_empty() { "Default, " } else { "" };
    line(out, format_args!("#[derive(Clone, Debug, {default}PartialEq)]\npub struct {name} {{"))?;
    out.push_str(&fields);
    out.push_str("}\n");
    if !args.is_empty() {
        constructor(out, name, &required, &args, &inits)?;
    }
    Some(())
}

/// The `impl` with `new`, laid out as prettyplease does: the signature on
/// one line when it fits in its margin, else an argument per line; the
/// struct literal on one line when it is at most [`SHORT_LITERAL`] wide.
fn constructor(out: &mut String, name: &str, required: &[&str], args: &[String], inits: &[String]) -> Option<()> {
    line(out, format_args!("impl {name} {{"))?;
    let names: Vec<String> = required.iter().map(|a| format!("`{a}`")).collect();
    doc_comment(out, "    ", &format!("Builds a `{name}` from its required fields ({}); the optional ones start unset.", names.join(", ")));
    if args.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    let signature = format!("    pub fn new({}) -> Self {{", args.join(", "));
    if signature.chars().count() <= MARGIN {
        out.push_str(&signature);
        out.push('\n');
    } else {
        out.push_str("    pub fn new(\n");
        for arg in args {
            line(out, format_args!("        {arg},"))?;
        }
        out.push_str("    ) -> Self {\n");
    }
    let literal = format!("Self {{ {} }}", inits.join(", "));
    if literal.chars().count() <= SHORT_LITERAL {
        line(out, format_args!("        {literal}"))?;
    } else {
        out.push_str("        Self {\n");
        for init in inits {
            line(out, format_args!("            {init},"))?;
        }
        out.push_str("        }\n");
    }
    out.push_str("    }\n}\n");
    Some(())
}

#[cfg(test)]
mod tests {
    use super::plain_text;
    use crate::emit::fixtures::{api, real_specs};
    use crate::emit::format::space_items;
    use crate::emit::validate;
    use crate::ir::Api;
    use crate::SourceFile;

    /// Writes each model of `api` that the text path takes both ways and
    /// compares them; returns how many it compared.
    fn compare(api: &Api, spec: &str) -> usize {
        let needs = api.needs_validation();
        let mut plain = 0;
        let print = |items| space_items(&prettyplease::unparse(&syn::parse2::<syn::File>(items).expect("the tokens parse")));
        for ty in &api.types {
            let Some(text) = plain_text(api, ty) else { continue };
            plain += 1;
            let mut items = super::super::type_def(api, ty).items;
            let validate = validate::impl_for(ty, &needs);
            // As the emitter puts them together (`Job::ungated_text`).
            let mut text = space_items(&text);
            if !validate.is_empty() {
                text.push('\n');
                text.push_str(&print(validate.clone()));
            }
            items.extend(validate);
            assert_eq!(text, print(items), "model {} of {spec}", ty.name);
        }
        plain
    }

    /// Every model of the real specs that the text path writes is what
    /// tokens and prettyplease write, byte for byte.
    #[test]
    fn plain_models_of_the_real_specs_are_what_prettyplease_prints() {
        let total: usize = real_specs().iter().map(|(path, api)| compare(api, path)).sum();
        // Datadog v1 alone has some 340 string enums and as many plain structs.
        assert!(total > 500, "only {total} models were written as text");
    }

    /// Field lines around prettyplease's margin (the text path gives the
    /// long ones up), docs with trailing spaces, tabs, blank lines, list
    /// continuations and characters written as escapes, single-value enums
    /// and a struct that keeps no unknown properties; constructors whose
    /// struct literal and signature go from one line to several, with
    /// eight arguments, a required nullable field, a keyword and a box.
    #[test]
    fn plain_models_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n");
        for i in 0..40 {
            let name = format!("p{}", "x".repeat(i));
            spec.push_str(&format!(
                "    Wide{i}:\n      type: object\n      description: \"Line one.  \\n\\n\\tTabbed\\n- item\\ncontinued \\u202e\\r\\nend \"\n      properties:\n        {name}:\n          type: array\n          items: {{type: string}}\n"
            ));
        }
        // Constructors: a required field's name sweeps the widths where
        // prettyplease breaks the struct literal (`additionalProperties:
        // false` keeps it short) and then the signature.
        for i in 0..50 {
            let name = format!("r{}", "y".repeat(i));
            spec.push_str(&format!(
                "    Ctor{i}:\n      type: object\n      additionalProperties: false\n      required: [{name}]\n      properties:\n        {name}: {{type: string}}\n    Pair{i}:\n      type: object\n      additionalProperties: false\n      required: [a, {name}]\n      properties:\n        a: {{type: boolean}}\n        {name}: {{type: integer, nullable: true}}\n"
            ));
        }
        spec.push_str("    Eight:\n      type: object\n      required: [a, b, c, d, e, f, g, h, kind]\n      properties:\n        a: {type: string}\n        b: {type: string}\n        c: {type: string}\n        d: {type: string}\n        e: {type: string}\n        f: {type: string}\n        g: {type: string}\n        h: {type: string}\n        kind: {$ref: '#/components/schemas/One'}\n        type: {type: string}\n    Node:\n      type: object\n      required: [label]\n      properties:\n        label: {type: string}\n        next: {$ref: '#/components/schemas/Node'}\n");
        spec.push_str("    One:\n      type: string\n      enum: [only]\n    Closed:\n      type: object\n      additionalProperties: false\n      required: [kind]\n      properties:\n        kind: {$ref: '#/components/schemas/One'}\n        n: {type: integer, format: int64, nullable: true, description: \"   \"}\n    Dated:\n      type: object\n      properties:\n        at: {type: string, format: date-time}\n        m: {type: object, additionalProperties: {type: boolean}}\n    Many:\n      type: string\n      description: Values.\n      enum: [a, b-c, \"\", D]\n");
        let api = api(&SourceFile::new("spec.yaml", spec));
        let n = compare(&api, "the edge spec");
        assert!(n >= 11 + 80, "only {n} models were written as text");
        // Each layout of the constructor and of a long field was written as
        // text (and compared).
        let texts: Vec<String> = api.types.iter().filter_map(|ty| plain_text(&api, ty)).collect();
        let layouts = [
            "        Self { r }\n",
            "        Self {\n            r",
            "    pub fn new(\n        a: bool,\n",
            "too_many_arguments",
            ": ::std::option::Option<\n        ::std::vec::Vec<",
        ];
        for layout in layouts {
            assert!(texts.iter().any(|t| t.contains(layout)), "no model was written as text with {layout:?}");
        }
        // The long field lines were given up, not written wrong.
        assert!(n < api.types.len(), "every model was written as text");
    }
}
