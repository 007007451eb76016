//! The plainest models written as text directly, as prettyplease would lay
//! them out: string enums, and structs with no required field (no
//! constructor), in a module without validation, deprecation or extra
//! derives, whose lines are short enough that prettyplease breaks none.
//!
//! Building their tokens, parsing them back with syn and printing them was
//! most of generating them, and they are most of a big spec's files. The
//! test below writes every model of the real specs both ways and compares
//! the text byte for byte, so the two cannot drift; anything outside what
//! this module knows is written the usual way.

use std::fmt::Write as _;

use crate::emit::ident;
use crate::emit::support::doc_lines;
use crate::ir::{Api, StringEnum, Struct, TypeDef, TypeKind, TypeRef};

/// The longest line written here: prettyplease breaks lines only past its
/// margin of 89 columns, so one of at most this many stays whole.
const WIDTH: usize = 80;

/// The model's text as prettyplease would print its items (before blank
/// lines are put between them), or `None` when it is not plain enough.
/// `validated`: whether it gets a `Validate` impl.
pub(crate) fn plain_text(api: &Api, ty: &TypeDef, validated: bool) -> Option<String> {
    if validated || super::uses_deprecated(api, ty) || api.derives.get(&ty.name).is_some_and(|d| !d.is_empty()) {
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
        match &v.docs {
            Some(text) => doc_comment(out, "    ", &format!("`{}`: {text}", v.wire)),
            None => doc_comment(out, "    ", &format!("`{}`", v.wire)),
        }
        if single {
            out.push_str("    #[default]\n");
        }
        line(out, format_args!("    {},", ident(&v.rust_name)))?;
    }
    out.push_str("    /// A value the spec did not list, as received.\n    Unknown(::std::string::String),\n}\n");
    Some(())
}

fn plain_struct(out: &mut String, api: &Api, name: &str, s: &Struct) -> Option<()> {
    // A required field (other than a single-value enum's) makes a constructor.
    let constructor = s.fields.iter().any(|f| f.required && (f.nullable || !super::structs::is_single_value_enum(api, &f.ty)));
    if constructor || (s.fields.is_empty() && s.unknown_fields.is_none()) {
        return None;
    }
    line(out, format_args!("#[derive(Clone, Debug, Default, PartialEq)]\npub struct {name} {{"))?;
    for f in &s.fields {
        if f.deprecated {
            return None;
        }
        doc_comment(out, "    ", &super::structs::field_docs(f));
        let mut ty = type_text(&f.ty)?;
        if f.boxed {
            ty = format!("::std::boxed::Box<{ty}>");
        }
        let ty = match (f.required, f.nullable) {
            (true, _) => ty,
            (false, true) => format!("::std::option::Option<::std::option::Option<{ty}>>"),
            (false, false) => format!("::std::option::Option<{ty}>"),
        };
        line(out, format_args!("    pub {}: {ty},", ident(&f.rust_name)))?;
    }
    if let Some(unknown) = &s.unknown_fields {
        out.push_str(
            "    /// Properties the spec does not list, as received; they are written\n    /// back when this value is serialized.\n",
        );
        line(out, format_args!("    pub {}: crate::runtime::AdditionalProperties,", ident(unknown)))?;
    }
    out.push_str("}\n");
    Some(())
}

/// Appends `text` and a line break; `None` when a line of it is longer
/// than [`WIDTH`].
pub(super) fn line(out: &mut String, text: std::fmt::Arguments<'_>) -> Option<()> {
    push_line(out, text, |l| l.chars().count() <= WIDTH)
}

/// [`line`] with another limit, in bytes as prettyplease counts them: for
/// a line whose breaking at prettyplease's margin a test pins down.
pub(super) fn line_within(out: &mut String, width: usize, text: std::fmt::Arguments<'_>) -> Option<()> {
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
pub(super) fn doc_comment(out: &mut String, indent: &str, text: &str) {
    for value in doc_lines(text) {
        out.push_str(indent);
        out.push_str("///");
        out.push_str(value.trim_end_matches(' '));
        out.push('\n');
    }
}

/// [`type_tokens`](crate::emit::type_tokens) as prettyplease prints it;
/// `None` for a type from `codegen.toml`.
pub(super) fn type_text(ty: &TypeRef) -> Option<String> {
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

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use super::plain_text;
    use crate::emit::validate;
    use crate::ir::Api;
    use crate::{Config, SourceFile};

    /// The model `source` lowers to.
    pub(in crate::emit::models) fn api(source: &SourceFile) -> Api {
        let config = Config { spec_display: "spec.yaml".into(), crate_name: "sdk".into() };
        crate::generate(source, &config).unwrap_or_else(|e| panic!("{}", e.rendered)).api
    }

    /// The specs of `tests/real-specs`, by path, and their models.
    pub(in crate::emit::models) fn real_specs() -> Vec<(String, Api)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/real-specs");
        let mut specs: Vec<_> = std::fs::read_dir(&dir).expect("tests/real-specs").flatten().map(|e| e.path()).collect();
        specs.sort();
        specs
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .map(|path| (path.display().to_string(), api(&SourceFile::read(path).expect("read the spec"))))
            .collect()
    }

    /// Writes each model of `api` that the text path takes both ways and
    /// compares them; returns how many it compared.
    fn compare(api: &Api, spec: &str) -> usize {
        let needs = api.needs_validation();
        let mut plain = 0;
        for ty in &api.types {
            let validated = needs.contains(&ty.name);
            let Some(text) = plain_text(api, ty, validated) else { continue };
            plain += 1;
            let mut items = super::super::type_def(api, ty).items;
            items.extend(validate::impl_for(ty, &needs));
            let file = syn::parse2::<syn::File>(items).expect("the model's tokens parse");
            assert_eq!(text, prettyplease::unparse(&file), "model {} of {spec}", ty.name);
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
    /// and a struct that keeps no unknown properties.
    #[test]
    fn plain_models_at_the_edges_are_what_prettyplease_prints() {
        let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Edges, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n");
        for i in 0..40 {
            let name = format!("p{}", "x".repeat(i));
            spec.push_str(&format!(
                "    Wide{i}:\n      type: object\n      description: \"Line one.  \\n\\n\\tTabbed\\n- item\\ncontinued \\u202e\\r\\nend \"\n      properties:\n        {name}:\n          type: array\n          items: {{type: string}}\n"
            ));
        }
        spec.push_str("    One:\n      type: string\n      enum: [only]\n    Closed:\n      type: object\n      additionalProperties: false\n      required: [kind]\n      properties:\n        kind: {$ref: '#/components/schemas/One'}\n        n: {type: integer, format: int64, nullable: true, description: \"   \"}\n    Dated:\n      type: object\n      properties:\n        at: {type: string, format: date-time}\n        m: {type: object, additionalProperties: {type: boolean}}\n    Many:\n      type: string\n      description: Values.\n      enum: [a, b-c, \"\", D]\n");
        let api = api(&SourceFile::new("spec.yaml", spec));
        let n = compare(&api, "the edge spec");
        assert!(n >= 11, "only {n} models were written as text");
        // The long field lines were given up, not written wrong.
        assert!(n < api.types.len(), "every model was written as text");
    }
}
